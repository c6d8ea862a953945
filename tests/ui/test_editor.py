"""F2 hands the focused text field to $EDITOR: in sections, dialogs and the wizard alike.

The editor here is a small script that appends a line, as a line-oriented editor or a
script would: the temporary file must end with a newline, or the line lands on the last one.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, TextArea

from tui.app import open_workbook
from tui.modals.form import FormDialog
from tui.modals.wizard import GoalWizard

SIZE = (80, 24)


async def test_f2_in_a_form_edits_the_several_line_field(sample_copy: Path, appending_editor: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Trust", "tab", *"Say it")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.query_one("#field-description", TextArea).text == "Say it\nappended line"


async def test_f2_in_a_one_line_field_keeps_one_line(sample_copy: Path, appending_editor: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Trust")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        # the editor's added line is joined with a space, and the user is told so
        assert app.screen.query_one("#field-name", Input).value == "Trust appended line"
        assert any("joined" in str(n.message) for n in app._notifications)


async def test_f2_in_a_one_line_field_strips_the_final_newline(sample_copy: Path, tmp_path: Path,
                                                              monkeypatch) -> None:
    script = tmp_path / "upper-editor"
    script.write_text("#!/bin/sh\ntr a-z A-Z < \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Trust")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.query_one("#field-name", Input).value == "TRUST"


async def test_f2_in_the_wizard_edits_an_answer_and_the_title(sample_copy: Path, appending_editor: Path) -> None:
    app = open_workbook(sample_copy, start="goals")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", "enter")  # SMART
        await pilot.pause()
        await pilot.press(*"Cut claims", "f2")
        await pilot.pause()
        assert isinstance(app.screen, GoalWizard)
        assert app.screen.query_one("#basics-title", Input).value == "Cut claims appended line"
        await pilot.press("pagedown")
        await pilot.pause()
        await pilot.press(*"Fewer claims", "f2")
        await pilot.pause()
        assert app.screen.query_one("#answer-what", TextArea).text == "Fewer claims\nappended line"


async def test_f2_in_a_section_text_box_keeps_working(sample_copy: Path, appending_editor: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        original = app.workbook.vmv.vision
        await pilot.press("v", "f2")
        await pilot.pause()
        assert app.workbook.vmv.vision == original.rstrip("\n") + "\nappended line"
