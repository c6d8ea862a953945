"""Nothing typed is lost without a word: quitting with a dialog open, pasting several lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tui.app import StratbookApp, open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.modals.wizard import GoalWizard
from tui.model.edits import SetFields
from tui.model.text import joined_lines, pasted_items
from tui.widgets.goal_view import DetailItem

SIZE = (80, 24)
LIST = "- First point\n* Second point\n\n3. Third point\n"


async def paste(pilot, text: str) -> None:
    """What a terminal's bracketed paste delivers to the focused widget."""
    pilot.app.focused.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.pause()


def notes(app: StratbookApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


# -- quitting with typed text in a dialog ---------------------------------------------------
async def test_save_and_quit_names_the_typed_text_it_would_drop(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.apply(SetFields("meta", {"title": "Changed"}))  # other unsaved work
        await pilot.press("a", *"Half a value")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "typed" in dialog.message and "dialog" in dialog.message
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-name", Input).value == "Half a value"


async def test_an_edit_dialog_left_as_it_was_does_not_ask(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")  # the first value
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_quit_from_the_wizard_with_answers_typed_asks(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="goals")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.apply(SetFields("meta", {"title": "Changed"}))
        await pilot.press("a", "enter", *"A goal half written")
        await pilot.pause()
        assert isinstance(app.screen, GoalWizard)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "typed" in app.screen.message


# -- pasting several lines into a one-line box ------------------------------------------------
def test_a_pasted_list_loses_blank_lines_and_bullets() -> None:
    assert pasted_items(LIST) == ["First point", "Second point", "Third point"]
    assert pasted_items("1) one\n  2. two\n\u2022 three\na) four") == ["one", "two", "three", "four"]
    assert pasted_items("-5% churn\n10 people") == ["-5% churn", "10 people"]  # not bullets
    assert joined_lines("one\n\n two \n") == ("one two", 2)
    assert joined_lines("just one\n") == ("just one", 1)


async def test_a_list_pasted_into_the_swot_add_box_adds_one_item_per_line(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="swot")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = [i.text for i in app.workbook.swot.strengths]
        await pilot.press("a")
        await pilot.pause()
        await paste(pilot, LIST)
        texts = [i.text for i in app.workbook.swot.strengths]
        assert [t for t in texts if t not in before] == ["First point", "Second point", "Third point"]
        assert "3 items" in notes(app)
        await pilot.press("escape")
        app.action_undo()  # one undo takes the whole list back
        await pilot.pause()
        assert [i.text for i in app.workbook.swot.strengths] == before


@pytest.mark.parametrize("section,keys,field", [
    ("vmv", ("a",), "name"),
    ("tactics", ("a",), "text"),
])
async def test_a_list_pasted_into_an_add_form_adds_one_item_per_line(sample_copy: Path, section: str,
                                                                    keys: tuple[str, ...], field: str) -> None:
    app = open_workbook(sample_copy, start=section)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        count = len(app.workbook.vmv.values) + len(app.workbook.tactics)
        await pilot.press(*keys)
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert app.focused.id == f"field-{field}"
        await paste(pilot, LIST)
        assert app.screen.query_one(f"#field-{field}", Input).value == "First point"
        assert "3 items" in str(app.screen.query_one("#form-pasted").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        texts = [v.name for v in app.workbook.vmv.values] + [t.text for t in app.workbook.tactics]
        for item in ("First point", "Second point", "Third point"):
            assert item in texts
        assert texts.index("Second point") == texts.index("First point") + 1  # in the pasted order
        app.action_undo()
        await pilot.pause()
        assert len(app.workbook.vmv.values) + len(app.workbook.tactics) == count


async def test_a_list_pasted_into_a_pestle_item_and_a_milestone(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="pestle")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = sum(len(f.items) for f in app.workbook.pestle.factors.values())
        await pilot.press("a")
        await pilot.pause()
        if not isinstance(app.screen, FormDialog):  # the prompt picker first: write my own
            await pilot.press("end", "enter")
            await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+u")
        await paste(pilot, LIST)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert sum(len(f.items) for f in app.workbook.pestle.factors.values()) == before + 3

        app.action_section("goals")
        await pilot.pause()
        await pilot.press("enter")  # the first goal's detail
        await pilot.pause()
        goal = app.workbook.goals[0]
        milestones = len(goal.milestones)
        detail = app.screen  # a on a milestone's line adds a milestone
        detail.detail.highlighted = detail.items.index(DetailItem("milestone", goal.milestones[0].id))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await paste(pilot, LIST)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(goal.milestones) == milestones + 3


async def test_a_list_pasted_into_a_key_result_fills_the_rows_below(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="goals")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", "down", "enter", *"Win the north")  # OKR
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, GoalWizard)
        await wizard.go_to_key("key_results")
        await pilot.pause()
        await paste(pilot, "\n".join(f"Result {n}" for n in range(1, 8)))
        await pilot.pause()
        texts = [w.value for w in app.screen.query(".kr-text").results(Input)]
        assert texts == [f"Result {n}" for n in range(1, 8)]


async def test_several_lines_in_any_other_one_line_box_are_joined_and_said(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="tactics")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Call them", "tab")  # the owner: not an add box
        await pilot.pause()
        await paste(pilot, "Kim\nLee\n")
        assert app.screen.query_one("#field-owner", Input).value == "Kim Lee"
        assert "joined" in notes(app)


async def test_quit_with_an_item_half_typed_in_the_swot_add_box_asks(sample_copy: Path) -> None:
    """The add box at the foot of the board is typed text too: ctrl+q asks before it goes."""
    app = open_workbook(sample_copy, start="swot")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"An item half typed", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "typed" in app.screen.message
        await pilot.press("c")
        await pilot.pause()
        assert app.focused.value == "An item half typed"


# -- what is not text in a paste: dropped, never a key ----------------------------------------------
HOSTILE_PASTE = "abc\x1b]0;x\x07def \x1b[31mred\x1b[0m\x03\x13\x11\x9b2J!"
"""Copied from a terminal: an OSC title ending in BEL (ctrl+g), colour codes, ctrl+c, ctrl+s and
ctrl+q, an 8-bit CSI. Its text is 'abcdef red!'."""


async def paste_from_terminal(pilot, text: str) -> None:
    """A bracketed paste as the terminal driver delivers it: to the app, which gives it to the focus."""
    event = events.Paste(text)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)
    await pilot.pause()
    await pilot.pause()


def test_pasted_text_keeps_the_text_and_its_lines_and_drops_the_rest() -> None:
    from tui.model.text import pasted_text

    assert pasted_text(HOSTILE_PASTE) == "abcdef red!"
    assert pasted_text("one\r\ntwo\rthree\x0bfour\tfive\x1b") == "one\ntwo\nthree\nfour\tfive"
    assert pasted_text("é ж € \u200d 😀") == "é ж € \u200d 😀"  # not controls: kept (shown as they are)
    assert pasted_text("\x1bP1$r0m\x1b\\x\x1b(By\x1b7z") == "xyz"  # DCS, a charset, save cursor


async def test_a_paste_in_every_field_of_a_form_keeps_only_its_text() -> None:
    """Every kind of field a form has, and a one-line field that adds a pasted list."""
    from textual.app import App

    from tui.modals.form import Field
    from tui.widgets.safe import SafeInput

    fields = [Field("name", "Name"), Field("items", "Items", takes_list=True), Field("notes", "Notes", "long"),
              Field("cost", "Cost", "number"), Field("weight", "Weight", "rating", 3),
              Field("kind", "Kind", "choice", "a", choices=("a", "b"))]
    results: list = []

    class Harness(App):
        def on_mount(self) -> None:
            self.push_screen(FormDialog("Paste here", fields), results.append)

    app = Harness()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        form = app.screen
        for field in fields:
            widget = form.query_one(f"#field-{field.key}")
            widget.focus()
            await pilot.pause()
            await paste_from_terminal(pilot, HOSTILE_PASTE)
            assert app.screen is form, field.key  # no key of the paste acted
            if isinstance(widget, SafeInput):
                assert widget.value == "abcdef red!", field.key
            elif field.kind == "long":
                assert widget.text == "abcdef red!"
            else:
                assert widget.value == field.value, field.key  # a rating or a choice takes no text
        form.query_one("#field-notes").focus()
        await pilot.pause()
        await paste_from_terminal(pilot, "line one\x1b[1m\nline\x07 two\n")
        assert form.query_one("#field-notes").text == "abcdef red!line one\nline two\n"
    assert results == []


async def test_a_paste_in_the_wizard_keeps_its_text_and_opens_nothing(sample_copy: Path) -> None:
    """Seen by an attacker: text pasted into the goal's title, with a BEL in it, opened the wizard's
    step menu (ctrl+g) and the rest of the paste went to the menu."""
    from tests.ui.test_wizard import step_key
    from tui.modals.wizard import StepMenu
    from tui.modals.wizard_steps import AnswerArea

    app = open_workbook(sample_copy, start="goals")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", "enter")
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, GoalWizard) and step_key(app) == "basics"
        await paste_from_terminal(pilot, HOSTILE_PASTE)
        assert app.screen is wizard and not any(isinstance(s, StepMenu) for s in app.screen_stack)
        assert app.focused.value == "abcdef red!"
        await pilot.press("tab")  # the owner, with its suggestions
        await paste_from_terminal(pilot, HOSTILE_PASTE)
        assert app.focused.value == "abcdef red!"
        await pilot.press("pagedown")  # a written answer
        await pilot.pause()
        area = app.focused
        assert isinstance(area, AnswerArea), area
        await paste_from_terminal(pilot, HOSTILE_PASTE)
        assert app.screen is wizard and area.text == "abcdef red!"
        goal = wizard.goal_so_far()
        assert (goal.title, goal.owner) == ("abcdef red!", "abcdef red!")
        assert list(goal.answers.values()) == ["abcdef red!"]
