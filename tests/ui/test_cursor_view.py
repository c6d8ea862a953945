"""After a resize, the cursor being typed at stays in view, as the field opened fresh at the new
size shows it (users work over SSH and resize their terminals).

- A one-line field (every one is a SafeInput) that narrows keeps its cursor in view: Textual's
  Input scrolls to the cursor only when the cursor moves, so a field narrowed under a cursor at
  the end of its text showed the text's start and the cursor off its right edge.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.ui.conftest import type_text, until_still
from tests.ui.test_goals import SMART_ID, goals_screen
from tests.ui.test_wizard import acme, fixed_today, open_goals  # noqa: F401 (fixtures)
from tui.app import open_workbook
from tui.modals.checkin import CheckinForm

LONG = "machinery regulation conformity assessment for every cell"
"""Longer than a one-line field of any dialog at 60x20, shorter than one at 80x24."""


async def search(pilot) -> None:
    await pilot.press("ctrl+f")


async def swot_quick_add(pilot) -> None:
    await pilot.press("3", "a")


async def wizard_title(pilot) -> None:
    await open_goals(pilot)
    await pilot.press("a", "enter")


async def checkin_note(pilot) -> None:
    await open_goals(pilot)
    assert goals_screen(pilot.app).table.move_to(SMART_ID)
    await pilot.press("u")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CheckinForm)
    pilot.app.screen.query_one("#field-note").focus()


FIELDS = {"search": search, "swot-quick-add": swot_quick_add, "wizard-title": wizard_title,
          "checkin-note": checkin_note}


def field_shows(field: Input) -> tuple[str, int | None]:
    """The text a one-line field shows on the screen, and the column (in it) of its cursor cell
    (drawn in the cursor's style), or None when no cell of it is."""
    app = field.app
    region = field.content_region
    cursor = field.get_component_rich_style("input--cursor")
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    text, at, x = "", None, 0
    for strip in update.strips[region.y]:
        for segment in strip:
            for character in segment.text:
                if region.x <= x < region.right:
                    if segment.style is not None and cursor.reverse and segment.style.reverse \
                            or segment.style is not None and cursor.bgcolor is not None \
                            and segment.style.bgcolor == cursor.bgcolor:
                        at = len(text) if at is None else at
                    text += character
                x += 1
    return text, at


async def reached(pilot, field: str) -> Input:
    await FIELDS[field](pilot)
    await pilot.pause()
    focused = pilot.app.focused
    assert isinstance(focused, Input), focused
    focused.cursor_blink = False  # the cursor drawn, not on or off by the clock
    return focused


def at_its_end(field: Input) -> tuple[str, int]:
    """What a field typed at shows with its cursor after the text: as much of the text's end as
    fits before the cursor cell in the last column (all of it from the start where it fits)."""
    width = field.content_region.width
    if len(LONG) < width:
        return LONG + " " * (width - len(LONG)), len(LONG)
    return LONG[len(LONG) - (width - 1):] + " ", width - 1


@pytest.mark.parametrize("field", list(FIELDS))
async def test_a_one_line_field_resized_shows_its_cursor_as_one_opened_at_that_size(acme: Path, field: str) -> None:
    """Typed at 80x24, made 60x20: the field shows the text's end and the cursor after it, as the
    field typed at 60x20 (test_..._typed_at_60x20 below) does; the old code showed the text's
    start, the cursor out of sight past the right edge. Made 80x24 again: all of it, as at first.
    Then back at 60x20, left twice: the cursor moves in view."""
    app = open_workbook(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        box = await reached(pilot, field)
        await type_text(pilot, LONG)
        assert field_shows(box) == at_its_end(box)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert box.content_region.width < len(LONG)
        assert field_shows(box) == at_its_end(box)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert field_shows(box) == at_its_end(box)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        await pilot.press("left", "left")
        shown, cursor = field_shows(box)
        assert cursor is not None and shown[cursor] == LONG[-2], (shown, cursor)
        assert shown.rstrip().endswith("every cell"), shown


@pytest.mark.parametrize("field", ["search", "checkin-note"])
async def test_a_one_line_field_typed_at_60x20(acme: Path, field: str) -> None:
    """What a field typed at a size shows (`at_its_end`), for the test above to compare with."""
    app = open_workbook(acme)
    async with app.run_test(size=(60, 20)) as pilot:
        box = await reached(pilot, field)
        await type_text(pilot, LONG)
        assert field_shows(box) == at_its_end(box)


# -- the goal wizard's text boxes ----------------------------------------------------------------
WHY = "Claims cost us money and the trust of every warehouse partner we have in the region and beyond it too"
"""An answer of two lines at 60x20 that wraps anew as the wizard's scroll bar comes and goes."""


async def specific_step_at_where(pilot) -> tuple:
    """Step 3 (Specific) of a new SMART goal, answered down to "Where is it located?", which has
    the focus: (the wizard's body, the focused box)."""
    app = pilot.app
    await pilot.press("5", "a", "enter")
    await type_text(pilot, "Cut claims to 2%")
    await pilot.press("ctrl+n")
    await type_text(pilot, "Claims cost us")
    for answer in (WHY, "Tom Berg", "Leeds machining cell 2"):
        await pilot.press("tab")
        await type_text(pilot, answer)
    box = app.focused
    assert box is not None and box.id == "answer-where", box
    return app.screen.query_one("#wizard-body"), box


def in_view(body, box) -> bool:
    """The box, and so its cursor line, is inside what the body shows (its scrollable region)."""
    shown = body.scrollable_content_region
    return shown.y <= box.region.y and box.region.bottom <= shown.bottom \
        and shown.y <= box.cursor_screen_offset.y < shown.bottom


async def test_the_wizard_resized_keeps_the_focused_text_box_in_view(acme: Path) -> None:
    """At 60x20 the focused answer box shows; made 80x24 and 60x20 again, it showed below the
    body's last line ("more below"): the boxes above wrapped anew, moving it, after the dialog
    had brought it into view. Typing X then went into the hidden box, which stayed hidden."""
    app = open_workbook(acme)
    async with app.run_test(size=(60, 20)) as pilot:
        body, box = await specific_step_at_where(pilot)
        assert in_view(body, box)
        await pilot.resize_terminal(80, 24)
        await until_still(pilot)
        assert in_view(body, box)
        await pilot.resize_terminal(60, 20)
        await until_still(pilot)  # all laid out: the boxes wrap anew after the first layout
        assert in_view(body, box), (box.region, body.scrollable_content_region, body.scroll_y)
        await type_text(pilot, "X")
        await until_still(pilot)
        assert box.text.endswith("X") and in_view(body, box), (box.region, body.scrollable_content_region)


async def test_typing_in_a_wizard_text_box_brings_its_cursor_line_into_view(acme: Path) -> None:
    """The body scrolled away from the focused box (ctrl+pgup), typing brings the box's cursor line
    back into view, as typing in a one-line field does: the box scrolled only itself, and the
    typing went on out of sight."""
    app = open_workbook(acme)
    async with app.run_test(size=(60, 20)) as pilot:
        body, box = await specific_step_at_where(pilot)
        await pilot.press("ctrl+pageup", "ctrl+pageup")
        await until_still(pilot)
        assert not in_view(body, box)
        await type_text(pilot, "X")
        await until_still(pilot)
        assert box.text.endswith("X") and in_view(body, box), (box.region, body.scrollable_content_region)
