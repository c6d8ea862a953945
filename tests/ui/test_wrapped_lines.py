"""A goal's detail keeps its wrapped lines whole after an edit, as drawn.

Found at 80x24: a check-in of 3000 left the goal's progress line cut after "now", the value on
its second line lost until the detail was opened again. The detail (an OptionList, as the TOWS
cells and the help) counts each option's lines at the width of a line, once. The width changes
with no Resize when the scroll bar comes or goes, and the lines were not counted again: setting
the detail's lines after an edit emptied it for a moment, its scroll bar went and came back,
and lines of 76 or 77 cells, counted 2 cells wider than drawn, counted one line and drew two. A
detail that came to need a scroll bar (a milestone added) did the same. Here edits give lines of
every length around the width; each time every line shows whole, as the detail opened anew
shows it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from tests.ui.conftest import type_text
from tests.ui.test_checkin_key import check_in
from tests.ui.test_goals import SIZE, SMART_ID, open_goal, start, to_line
from tests.ui.test_wizard import acme, fixed_today  # noqa: F401 (fixtures)
from tui.app import open_workbook
from tui.widgets.goal_view import number


def drawn(app) -> list[str]:
    """The lines of the goal's detail as on screen (the terminal's cells), its scroll bar left out."""
    widget = app.screen.query_one("#goal-detail", OptionList)
    region = widget.scrollable_content_region
    strips = app.screen._compositor.render_strips()
    return [strip.crop(region.x, region.right).text.rstrip() for strip in strips[region.y:region.bottom]]


def words(length: int) -> str:
    """Words, `length` characters of them."""
    text = ("Kit shelf " * 10)[:length]
    return text[:-1] + "!" if text.endswith(" ") else text


async def drawn_anew(pilot, goal_id: str = SMART_ID) -> list[str]:
    """The goal's detail as opening it again draws it (esc, enter), the cursor on the same line."""
    line = pilot.app.screen.detail.highlighted
    await pilot.press("escape")
    await pilot.pause()
    await open_goal(pilot, goal_id)
    pilot.app.screen.detail.highlighted = line
    await pilot.pause()
    return drawn(pilot.app)


async def add_milestone(pilot, text: str) -> None:
    """a on the detail's line, the milestone's text (no date: it goes last), enter."""
    await pilot.press("a")
    await pilot.pause()
    await type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def test_a_check_in_that_makes_the_progress_line_wrap_shows_its_value(acme: Path) -> None:
    # The progress line is 75 cells with "now 10", 76 with "now 100", 78 with "now 1,000":
    # one line, then two (each side of the band that was counted wrong), and back.
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, SMART_ID)
        await to_line(pilot, "median order")
        for value in (10, 100, 1000, 100, 10):
            await check_in(pilot, str(value))
            shown = drawn(app)
            at = next(y for y, line in enumerate(shown) if "median order" in line)
            progress = " ".join(part.strip() for part in shown[at:at + 2])
            assert f"now {number(value)} " in f"{progress} ", (value, shown[at:at + 3])
            assert shown == await drawn_anew(pilot), value


async def test_milestones_added_at_every_length_around_the_width_show_whole(acme: Path) -> None:
    # A milestone line is "○ no date     " (14 cells) and its text: lines of 73 to 80 cells.
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, SMART_ID)
        for length in range(59, 67):
            text = words(length)
            await to_line(pilot, "ERP stock module live")
            await add_milestone(pilot, text)
            shown = drawn(app)
            assert " ".join(" ".join(shown).split()).count(text) == 1, (length, shown)
            assert shown == await drawn_anew(pilot), length


SHORT_GOAL = """[workbook]
schema = 1
title = "Short"

[[goals]]
id = "gol-abc1"
framework = "bhag"
title = "A short goal"
status = "draft"
owner = "Ana"
start = 2027-01-01
due = 2040-12-31

[goals.answers]
horizon_years = 20
"""
"""A goal whose detail fits the screen (19 lines of 20) until milestones are added."""


def assert_whole(app, texts: list[str], shown_texts: list[str]) -> None:
    """Each of `shown_texts` shows whole and once, the rest of `texts` not at all, and no line
    of the detail is drawn blank (an option counted taller than it draws)."""
    shown = drawn(app)
    words_shown = " ".join(" ".join(shown).split())
    assert [words_shown.count(text) for text in texts] == [int(text in shown_texts) for text in texts], shown
    assert "" not in shown[:app.screen.detail.virtual_size.height], shown


async def test_milestones_that_make_the_detail_scroll_and_stop_show_whole(tmp_path: Path) -> None:
    # Lines of 76 and 77 cells, added until the scroll bar comes (a line is then 2 cells
    # narrower), then deleted until it goes. (Here the detail is not compared with one opened
    # again: near the edge, the lines wrapped beside a scroll bar need it, and unwrapped they fit
    # without: either shows them whole, and Textual keeps the one it has.)
    path = tmp_path / "short.toml"
    path.write_text(SHORT_GOAL, encoding="utf-8")
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, "gol-abc1")
        detail = app.screen.detail
        assert not detail.show_vertical_scrollbar
        texts = [f"{place}. {words(length - 3)}" for place, length in enumerate((62, 63, 62, 63), 1)]
        scrolled = False
        for count, text in enumerate(texts, 1):
            screen = app.screen
            detail.highlighted = next(i for i, item in enumerate(screen.items) if item and item.kind == "milestone")
            await add_milestone(pilot, text)
            assert_whole(app, texts, texts[:count])
            scrolled = scrolled or detail.show_vertical_scrollbar
        assert scrolled
        for count, text in enumerate(texts, 1):
            await to_line(pilot, text)
            await pilot.press("d")
            await pilot.pause()
            assert_whole(app, texts, texts[count:])
        assert not detail.show_vertical_scrollbar
