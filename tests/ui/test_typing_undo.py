"""ctrl+z inside a text box undoes typing in that box, never a change elsewhere; undo of the workbook
says what it undid and in which section when that section is not the one shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from tui.app import open_workbook

SIZE = (100, 30)
GONE = "gol-3kq8m"  # an achieved goal with one tactic


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def delete_a_goal(pilot, app) -> None:
    """An undoable change in Goals, so that a stray workbook undo would show."""
    await pilot.press("5")
    await pilot.pause()
    app.screen.table.move_to(GONE)
    await pilot.press("d")
    await pilot.pause()
    await pilot.press("y")
    await pilot.pause()
    assert app.workbook.find(GONE) is None


async def open_box(pilot, app, box: str) -> None:
    """Put the focus in a text box of some kind."""
    if box == "swot-add":
        await pilot.press("3", "a")
    elif box == "swot-filter":
        await pilot.press("3", "slash")
    elif box == "form-line":  # a dialog's one-line field: a new value's name
        await pilot.press("2", "a")
    elif box == "form-long":  # a dialog's long text: the value's description
        await pilot.press("2", "a", "tab")
    elif box == "vision":
        await pilot.press("2", "v")
    elif box == "picker-search":  # the goal's link picker
        app.show_item("goals", "gol-7tz2")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("slash")
    await pilot.pause()


def box_text(app) -> str:
    focused = app.focused
    assert isinstance(focused, (Input, TextArea)), focused
    return focused.text if isinstance(focused, TextArea) else focused.value


@pytest.mark.parametrize("box", ["swot-add", "swot-filter", "form-line", "form-long", "vision", "picker-search"])
async def test_ctrl_z_in_a_text_box_undoes_its_typing_not_the_workbook(sample_copy: Path, box) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await delete_a_goal(pilot, app)
        await open_box(pilot, app, box)
        before = box_text(app)
        await pilot.press(*"Zq9")
        await pilot.pause()
        assert "Zq9" in box_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert box_text(app) == before
        assert app.workbook.find(GONE) is None  # the goal stays deleted
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "Zq9" in box_text(app)


async def test_typing_in_bursts_undoes_burst_by_burst(sample_copy: Path, monkeypatch) -> None:
    from tui.widgets.safe import SafeInput

    monkeypatch.setattr(SafeInput, "MERGE_SECONDS", -1.0)  # every key its own burst
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "a", "x", "y")
        await pilot.press("ctrl+z")
        assert app.focused.value == "x"
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert app.focused.value == ""
        assert "Nothing more to undo in this box." in messages(app)


async def test_a_workbook_undo_names_the_section_when_it_is_not_shown(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await delete_a_goal(pilot, app)
        await pilot.press("1", "ctrl+z")
        await pilot.pause()
        assert app.workbook.find(GONE) is not None
        assert any(m.startswith("Undone: delete goal") and m.endswith("(in Goals)") for m in messages(app)), messages(app)
        await pilot.press("5", "ctrl+y")  # shown: no need to say where
        await pilot.pause()
        assert any(m.startswith("Redone: delete goal") and "(in" not in m for m in messages(app)), messages(app)


@pytest.mark.parametrize("box", ["swot-add", "form-line", "form-long", "vision"])
async def test_ctrl_z_in_a_text_box_undoes_what_the_editor_gave_back(sample_copy: Path, box,
                                                                     appending_editor: Path) -> None:
    """F2's text is the box's own typing: ctrl+z in the box takes it back, ctrl+y brings it again."""
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await delete_a_goal(pilot, app)
        await open_box(pilot, app, box)
        await pilot.press(*"Zq9")
        await pilot.pause()
        before = box_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "appended line" in box_text(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert box_text(app) == before
        assert app.workbook.find(GONE) is None  # the goal stays deleted
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "appended line" in box_text(app)
