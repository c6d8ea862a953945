"""Very long text (a 5 MB vision, pasted notes) opens at once and keeps the app responsive.

A text box holds at most `LONG_TEXT` characters: longer text shows its start, read-only, says
so, and F2 edits the whole of it in $EDITOR. The value is never cut.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import open_workbook
from tui.modals.form import FormDialog
from tui.screens.overview import READING_LIMIT
from tui.store import load, save
from tui.widgets.safe import LONG_TEXT, SafeTextArea

SIZE = (80, 24)
HUGE = "\n".join(f"Line {n} of a vision pasted from a very long document." for n in range(100_000))  # 5.5 MB


@pytest.fixture
def huge_vision(sample_copy: Path) -> Path:
    workbook = load(sample_copy).workbook
    workbook.vmv.vision = HUGE
    workbook.vmv.values[0].description = HUGE
    save(workbook, sample_copy)
    return sample_copy


async def test_a_huge_vision_shows_its_start_read_only_and_keeps_the_whole(huge_vision: Path) -> None:
    app = open_workbook(huge_vision, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        area = app.screen.query_one("#vision", SafeTextArea)
        assert len(area.text) <= LONG_TEXT and HUGE.startswith(area.text)
        assert area.read_only and area.whole_text == HUGE
        assert "F2" in str(area.border_subtitle)
        await pilot.press("v", "x", "x")  # typing is not taken
        assert app.workbook.vmv.vision == HUGE and not app.dirty
        await pilot.press("escape", "1")  # the Overview shows its start too, and reads it in full
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        body = str(app.screen.query_one("#reading-body").body)
        assert "more characters" in body and len(body) < 3 * READING_LIMIT


async def test_f2_edits_the_whole_of_a_huge_vision(huge_vision: Path, appending_editor: Path) -> None:
    app = open_workbook(huge_vision, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v", "f2")
        await pilot.pause()
        assert app.workbook.vmv.vision == HUGE + "\nappended line"
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert load(huge_vision).workbook.vmv.vision == HUGE + "\nappended line"


async def test_a_huge_text_in_a_form_is_kept_whole_and_f2_edits_it(huge_vision: Path, appending_editor: Path) -> None:
    app = open_workbook(huge_vision, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")  # the first value, whose description is huge
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        area = app.screen.query_one("#field-description", SafeTextArea)
        assert area.read_only and len(area.text) <= LONG_TEXT
        await pilot.press("tab", "f2")
        await pilot.pause()
        assert area.whole_text == HUGE + "\nappended line"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workbook.vmv.values[0].description == HUGE + "\nappended line"


async def test_a_short_text_is_edited_in_the_box_as_before(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        area = app.screen.query_one("#vision", SafeTextArea)
        assert not area.read_only and area.whole is None and area.border_subtitle is None


async def test_typing_into_a_box_that_cannot_take_it_says_why_and_stays_there(huge_vision: Path) -> None:
    """Seen as a new user: typing into a huge vision did nothing and said nothing (the box's note
    about F2 is on a border the section does not draw), and the keys went on to the screen: the m
    of "I am" moved to the mission box, and the rest of the sentence was typed there."""
    app = open_workbook(huge_vision, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        vision = app.screen.query_one("#vision", SafeTextArea)
        mission = app.screen.query_one("#mission", SafeTextArea).whole_text
        await pilot.press("v", *"I am", "enter", "backspace")
        await pilot.pause()
        assert app.focused is vision
        assert (app.workbook.vmv.vision, app.workbook.vmv.mission) == (HUGE, mission) and not app.dirty
        said = [n.message for n in app._notifications]
        assert len(said) == 1 and "F2" in said[0] and f"{len(HUGE):,}" in said[0], said


async def test_typing_into_a_read_only_workbook_says_so(sample_copy: Path) -> None:
    sample_copy.write_text(sample_copy.read_text(encoding="utf-8").replace("schema = 1", "schema = 99", 1),
                           encoding="utf-8")
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.clear_notifications()
        vision = app.screen.query_one("#vision", SafeTextArea)
        await pilot.press("v", "m", "x")
        await pilot.pause()
        assert app.focused is vision
        said = [n.message for n in app._notifications]
        assert len(said) == 1 and "Read-only" in said[0], said
