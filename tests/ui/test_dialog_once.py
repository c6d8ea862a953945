"""A dialog answers once: keys typed in a burst (a paste, keys sent over a slow link, a fast
typist) that answer it twice must not close the screen under it too. Textual's `dismiss` pops
whatever screen is on top, so a second answer popped the section (or, with only one screen left,
stopped the app: seen in the five forces trial when a typed word's letters answered "Unsaved work
was found" twice)."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import burst
from tui.app import open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import Field, FormDialog
from tui.screens.base import SectionScreen

SIZE = (80, 24)


async def test_a_question_answered_twice_in_a_burst_closes_once(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="swot")
    answers: list[str | None] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        section = app.screen
        app.push_screen(ConfirmDialog("Question", "Which?", [("y", "Yes"), ("n", "No")]), answers.append)
        await pilot.pause()
        burst(app, "n", "y", "n")
        for _ in range(5):
            await pilot.pause()
        assert answers == ["n"]
        assert app.screen is section and isinstance(section, SectionScreen)


async def test_a_form_saved_twice_in_a_burst_closes_once(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="swot")
    results: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        section = app.screen
        app.push_screen(FormDialog("Form", [Field("text", "Text", "text", "x")]).keeping(None), results.append)
        await pilot.pause()
        burst(app, "enter", "enter")
        for _ in range(5):
            await pilot.pause()
        assert results == [{"text": "x"}]
        # The second enter reached the section once the form had closed, as a slow typist's
        # would (tui/typeahead.py): it opened the highlighted item there, over the section.
        assert app.screen_stack[-2] is section and app.screen.query_one("#field-text").text != "x"


async def test_a_form_appearing_as_the_app_quits_does_not_fail(sample_copy: Path) -> None:
    """ctrl+q as a form appeared: the app took the form's fields away before the form's mount ran,
    and focusing its first field raised NoMatches (a traceback on the way out)."""
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8", "e")
        form = app.screen
        assert isinstance(form, FormDialog)
        await form.query_one(f"#field-{form.fields[0].key}").remove()
        form.on_mount()  # as it runs when the fields are already gone
