"""The roadmap section: goals in time, keys that move between rows, marks and time, enter
opening the item, overdue in words, the focus mark, hostile text, and snapshots."""

from __future__ import annotations

import calendar
import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.conftest import SAMPLES
from tests.ui.conftest import wait_until, with_colours
from tui.app import StratbookApp, open_workbook
from tui.model import dates
from tui.model.roadmap import axis, span_text
from tui.screens.goal_detail import GoalDetailScreen
from tui.screens.roadmap import RoadmapScreen
from tui.screens.tactics import TacticsScreen
from tui.widgets.marks import FOCUS_MARK

TODAY = date(2027, 2, 1)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: TODAY)


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    target = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", target)
    return target


def screen(app: StratbookApp) -> RoadmapScreen:
    assert isinstance(app.screen, RoadmapScreen), app.screen
    return app.screen


def detail(app: StratbookApp) -> str:
    return str(app.screen.query_one("#roadmap-detail", Static).render())


def shown(app: StratbookApp) -> str:
    return str(app.screen.query_one("#roadmap-bar", Static).render())


async def start(pilot) -> None:
    await pilot.pause()
    await pilot.press("7")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, RoadmapScreen))
    await pilot.pause()


async def test_one_row_per_goal_with_bars_marks_and_keys_that_move(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        table = screen(app).table
        assert [key for key, _ in table.rows] == [goal.id for goal in app.workbook.goals]
        assert "by months" in shown(app)
        first = app.workbook.goals[0]
        assert app.screen.query_one("#roadmap-table").has_focus
        assert f"{first.start} - {first.due}" in detail(app)
        # l walks the goal's marks in date order; the detail line names the one selected.
        await pilot.press("l")
        assert "milestone" in detail(app) or "tactic" in detail(app)
        marks = screen(app).marks(first.id)
        assert marks[0].text[:20] in detail(app)
        await pilot.press("l", "h")
        assert marks[0].text[:20] in detail(app)
        # Zoom and time.
        origin = screen(app).origin
        await pilot.press("right_square_bracket")
        assert screen(app).origin > origin
        await pilot.press("left_square_bracket", "minus")
        assert "by quarters" in shown(app) and "Q" in table.header_text() + "".join(
            str(s.text) for s in [table.render_line(0)])
        await pilot.press("plus")
        assert "by months" in shown(app)
        await pilot.press("j")
        assert table.cursor_key == app.workbook.goals[1].id


async def test_enter_opens_the_goal_the_milestone_or_the_tactic(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalDetailScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RoadmapScreen))
        goal = app.workbook.goals[0]
        marks = screen(app).marks(goal.id)
        tactic_at = next(i for i, m in enumerate(marks) if m.kind == "tactic")
        await pilot.press(*["l"] * (tactic_at + 1), "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TacticsScreen))
        assert app.screen.table.cursor_key == marks[tactic_at].id


async def test_overdue_is_said_in_words_and_a_symbol(acme: Path) -> None:
    app = open_workbook(acme)
    goal = app.workbook.goals[0]
    goal.status, goal.due = "active", date(2027, 1, 15)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        row = screen(app).table.row_text(0)
        assert "! " in row and "overdue!" in row
        assert "overdue" in detail(app)


async def test_the_cursor_row_carries_the_focus_mark_and_fits_narrow_terminals(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot)
        line = "".join(segment.text for segment in screen(app).table.render_line(1))
        assert line.startswith(FOCUS_MARK)
        assert len(line) == screen(app).table.scrollable_content_region.width
        assert screen(app).table.timeline_width() >= 20


async def test_hostile_titles_are_shown_as_text(hostile_file: Path) -> None:
    from tui.model.text import one_line

    app = open_workbook(hostile_file)
    for goal in app.workbook.goals:  # dated, so that every row has a bar and marks to walk
        goal.start, goal.due = date(2027, 1, 1), date(2027, 6, 30)
        for milestone in goal.milestones:
            milestone.due = date(2027, 3, 1)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        table = screen(app).table
        for index in range(len(table.rows)):
            assert "\x1b" not in table.row_text(index) and "\x07" not in table.row_text(index)
        for goal in app.workbook.goals:
            table.move_to(goal.id)
            await pilot.press("l")
            text = detail(app)
            assert "\x1b" not in text and "\x07" not in text
            assert one_line(goal.milestones[0].text, 20)[:10] in text
        assert app.is_running


async def test_children_sit_under_their_parent(acme: Path) -> None:
    app = open_workbook(acme)
    company, *others = app.workbook.goals
    others[-1].parent = company.id
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        keys = [key for key, _ in screen(app).table.rows]
        assert keys[:2] == [company.id, others[-1].id]
        assert screen(app).table.row_text(1).startswith("   ")  # indented under its parent


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
def test_snapshot_roadmap(snap_compare, acme: Path, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("j", "l")

    assert snap_compare(open_workbook(acme, start="roadmap"), terminal_size=size, run_before=run_before)


# -- tactics unfolded ----------------------------------------------------------------------------

async def test_f_unfolds_a_goals_tactics_onto_rows_of_their_own_and_folds_them(acme: Path) -> None:
    app = open_workbook(acme)
    goal = app.workbook.goals[0]
    tactics = [t for t in app.workbook.tactics if t.goal == goal.id]
    late = tactics[-1]
    late.status, late.due = "doing", date(2027, 1, 10)  # overdue on TODAY
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        table = screen(app).table
        assert any(m.kind == "tactic" for m in screen(app).marks(goal.id))
        await pilot.press("f")
        keys = [key for key, _ in table.rows]
        by_date = sorted(tactics, key=lambda t: t.due)
        assert keys[:len(tactics) + 1] == [goal.id, *(t.id for t in by_date)]
        # Folded out of the goal's row: its marks are its milestones now.
        assert {m.kind for m in screen(app).marks(goal.id)} == {"milestone"}
        row = table.row_text(1)  # the late tactic comes first by date
        assert row.lstrip().startswith("! ") and "overdue!" in row  # overdue in words and a symbol
        for index, tactic in enumerate(by_date, 1):  # each with its status, or overdue in words
            assert tactic.status in table.row_text(index) or "overdue!" in table.row_text(index)
        assert f"f: fold {len(tactics)} tactics" in detail(app)
        await pilot.press("j")
        assert table.cursor_key == late.id
        assert "tactic" in detail(app) and "overdue" in detail(app) and late.text[:20] in detail(app)
        # f on a tactic folds its goal's tactics; the cursor goes back to the goal.
        await pilot.press("f")
        assert [key for key, _ in table.rows] == [g.id for g in app.workbook.goals]
        assert table.cursor_key == goal.id
        # F unfolds every goal's, F again folds them all.
        await pilot.press("F")
        assert len(table.rows) == len(app.workbook.goals) + len(app.workbook.tactics)
        await pilot.press("F")
        assert len(table.rows) == len(app.workbook.goals)


async def test_enter_on_an_unfolded_tactic_opens_it(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("f", "j")
        tactic_id = screen(app).table.cursor_key
        assert tactic_id.startswith("tac-")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TacticsScreen))
        assert app.screen.table.cursor_key == tactic_id


async def test_unfolded_tactics_follow_edits_and_keep_their_place(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("f")
        goal = app.workbook.goals[0]
        tactic = next(t for t in app.workbook.tactics if t.goal == goal.id)
        await pilot.press("6")  # edit in Tactics, come back: still unfolded, the change shown
        await wait_until(pilot, lambda: isinstance(app.screen, TacticsScreen))
        app.screen.table.move_to(tactic.id)
        await pilot.press("space")
        assert tactic.status == "done"
        await pilot.press("7")
        await wait_until(pilot, lambda: isinstance(app.screen, RoadmapScreen))
        table = screen(app).table
        index = table.index_of(tactic.id)
        assert index is not None and "done" in table.row_text(index)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
def test_snapshot_roadmap_unfolded(snap_compare, acme: Path, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("f", "j", "j", "j", "j", "f", "j")

    assert snap_compare(open_workbook(acme, start="roadmap"), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("colours", ["16", "none"])
def test_snapshot_roadmap_unfolded_without_colour(snap_compare, acme: Path, monkeypatch, colours: str) -> None:
    app = with_colours(lambda: open_workbook(acme, start="roadmap"), monkeypatch, colours)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("F", "j")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


# -- alignment in the goals list ------------------------------------------------------------------

async def test_p_puts_a_goal_under_another_shows_the_tree_and_refuses_a_loop(acme: Path) -> None:
    from tui.modals.picker import PickerDialog
    from tui.screens.goals import GoalsScreen

    app = open_workbook(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("5")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalsScreen))
        goals_screen = app.screen
        company, team = app.workbook.goals[3], app.workbook.goals[0]

        async def serve(goal_id: str, parent_id: str) -> None:
            goals_screen.table.move_to(goal_id)
            await pilot.press("p")
            await wait_until(pilot, lambda: isinstance(app.screen, PickerDialog))
            picklist = app.screen.query_one("#picker-items").picklist
            picklist.highlighted = next(i for i, option in enumerate(picklist.options) if option.id == parent_id)
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.screen is goals_screen)

        await serve(team.id, company.id)
        assert team.parent == company.id
        rows = [key for key, _ in goals_screen.table.rows]
        assert rows.index(team.id) == rows.index(company.id) + 1
        assert goals_screen.table.row_text(rows.index(team.id)).startswith("   ")  # indented
        goals_screen.table.move_to(company.id)
        await pilot.pause()
        note = str(goals_screen.query_one("#goals-note", Static).render())
        assert "1 goal serve" in note and "on average" in note
        # The company goal cannot serve the goal that serves it: refused, said, nothing changed.
        await serve(company.id, team.id)
        assert company.parent == ""
        assert any("cycle" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+z")
        assert team.parent == ""


async def test_the_palette_offers_the_roadmaps_commands(acme: Path) -> None:
    from tests.ui.conftest import palette_search

    app = open_workbook(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p")
        await palette_search(pilot, "Roadmap by quarters")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RoadmapScreen) and app.screen.zoom == "quarter")
        assert "by quarters" in shown(app)


async def test_the_wizard_weights_key_results_and_refuses_a_bad_weight(acme: Path) -> None:
    from textual.widgets import Input

    from tui.modals.wizard import GoalWizard
    from tui.model.progress import okr_score

    app = open_workbook(acme, start="goals")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        goal = next(g for g in app.workbook.goals if g.id == "gol-q8wn3")
        app.screen.open_wizard(goal, "key_results")  # as e on the goals list, at the key results
        await wait_until(pilot, lambda: isinstance(app.screen, GoalWizard) and app.screen.query("#kr-2-weight"))
        wizard = app.screen
        field = wizard.query_one("#kr-2-weight", Input)
        assert field.value == "1"
        field.value = "11"
        await pilot.pause()
        assert "from 1 to 10" in str(wizard.query_one("#kr-preview", Static).render())
        field.value = "4"
        await pilot.pause()
        step = wizard.query_one("KeyResultsStep")
        rows = step._rows()
        assert [kr.weight for kr in rows[:4]] == [1, 1, 4, 1]
        weighted = okr_score(goal.__class__("gol-xxxx", "okr", key_results=rows[:4]))
        assert f"{weighted:.2f}" in str(wizard.query_one("#kr-preview", Static).render())
        await pilot.press("ctrl+s", "ctrl+s")  # to the review, then save
        await wait_until(pilot, lambda: not isinstance(app.screen, GoalWizard))
        assert [kr.weight for kr in goal.key_results] == [1, 1, 4, 1]


async def test_typing_a_weight_replaces_the_default_one(acme: Path) -> None:
    """Tried as a new user: tab to a key result's weight (1 by default), type 3, and it read 13,
    above the range; typing now replaces the prefilled weight."""
    from textual.widgets import Input

    from tests.ui.conftest import type_text
    from tui.modals.wizard import GoalWizard

    app = open_workbook(acme, start="goals")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        goal = next(g for g in app.workbook.goals if g.id == "gol-q8wn3")  # four key results: a fifth slot
        app.screen.open_wizard(goal, "key_results")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalWizard) and app.screen.query("#kr-4-weight"))
        wizard = app.screen
        wizard.query_one("#kr-4-text", Input).focus()
        await type_text(pilot, "Revenue")
        await pilot.press("tab")
        await wait_until(pilot, lambda: wizard.focused is wizard.query_one("#kr-4-weight", Input))
        await type_text(pilot, "3")
        assert wizard.query_one("#kr-4-weight", Input).value == "3"


async def test_deleting_a_goal_frees_the_goals_that_served_it_and_undo_restores(acme: Path) -> None:
    from tui.modals.confirm import ConfirmDialog
    from tui.screens.goals import GoalsScreen

    app = open_workbook(acme)
    company, team = app.workbook.goals[3], app.workbook.goals[0]
    team.parent = company.id
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("5")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalsScreen))
        app.screen.table.move_to(company.id)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        shown = str(app.screen.query_one("#confirm-message", Static).render())
        assert f"goal that serves it: {team.title[:30]}" in shown  # the one rule for links: said, then unlinked
        await pilot.press("u")
        await wait_until(pilot, lambda: company not in app.workbook.goals)
        assert team.parent == ""
        await pilot.press("ctrl+z")
        assert company in app.workbook.goals and team.parent == company.id


@pytest.mark.parametrize("colours", ["16", "none"])
def test_snapshot_roadmap_without_colour(snap_compare, acme: Path, monkeypatch, colours: str) -> None:
    app = with_colours(lambda: open_workbook(acme, start="roadmap"), monkeypatch, colours)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("j", "l")

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def test_the_footer_offers_the_zoom_that_can_still_be_taken(acme: Path) -> None:
    """Seen at 80x24: by months the footer offered `+ Months`, a key that did nothing there,
    and left out `- Quarters`, the one that works."""
    app = open_workbook(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)

        def offered() -> set[str]:
            return {active.binding.id for active in app.screen.active_bindings.values()}

        assert "by months" in shown(app)
        assert "roadmap.zoom_out" in offered() and "roadmap.zoom_in" not in offered()
        await pilot.press("minus")
        assert "by quarters" in shown(app)
        assert "roadmap.zoom_in" in offered() and "roadmap.zoom_out" not in offered()


async def test_a_goal_without_dates_or_marks_is_said_in_words(tmp_path: Path) -> None:
    """Seen at 60x20 on the rough draft: the line under the roadmap read `0% draft  ? - ?  0 marks
    (h/l)`, question marks for dates and keys that had nothing to move to."""
    path = tmp_path / "rough.toml"
    shutil.copy(SAMPLES / "rough-draft.toml", path)
    app = open_workbook(path)
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot)
        goal = app.workbook.goals[0]
        assert goal.start is None and goal.due is None and not screen(app).marks(goal.id)
        assert screen(app).table.cursor_key == goal.id
        line = detail(app)
        assert "?" not in line and "no dates" in line and "no marks" in line and "(h/l)" not in line


# -- resizing: the range laid out for the new width (the tester's case: Acme, 2026-12-02) -------------
# The range was worked out for the width the section was first drawn at and not again: 80x24 then
# 120x40 named `Oct 2026 - Aug 2027` over columns to Mar '28, where opened at 120x40 it is
# `Aug 2026 - Jan 2028`, and ] paged on from there.

DECEMBER = date(2026, 12, 2)


@pytest.fixture
def december(monkeypatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: DECEMBER)


def seen(app: StratbookApp) -> tuple[str, str]:
    """The bar's range (`Oct 2026 - Aug 2027`) and the time axis over the timeline, as drawn."""
    return shown(app).split("  ")[2], screen(app).table.render_line(0).text


async def opened(app: StratbookApp, pilot, keys: tuple[str, ...]) -> tuple[str, str]:
    await start(pilot)
    await pilot.press(*keys)
    await pilot.pause()
    return seen(app)


async def fresh(path: Path, size: tuple[int, int], keys: tuple[str, ...]) -> tuple[str, str]:
    app = open_workbook(path)
    async with app.run_test(size=size) as pilot:
        return await opened(app, pilot, keys)


def names_what_is_drawn(app: StratbookApp, span: str, header: str) -> None:
    """The range in the bar is the range of the axis drawn: from the bar's first period, at the
    timeline's width now, the range is the bar's and the axis is the one on screen."""
    roadmap = screen(app)
    first = span.split(" - ")[0]
    if roadmap.zoom == "quarter":
        quarter, year = first.split(" ")
        origin = int(year) * 4 + int(quarter[1]) - 1
    else:
        month, year = first.split(" ")
        origin = int(year) * 12 + list(calendar.month_abbr).index(month) - 1
    width = roadmap.table.timeline_width()
    assert span == span_text(origin, roadmap.zoom, width)
    assert header.rstrip().endswith(axis(roadmap.zoom, origin, width, DECEMBER).rstrip()), (span, header)


SIZES = [((80, 24), (120, 40)), ((80, 24), (60, 20)), ((120, 40), (80, 24)), ((60, 20), (120, 40))]


@pytest.mark.parametrize("keys", [(), ("right_square_bracket",), ("right_square_bracket", "minus"),
                                  ("left_square_bracket", "left_square_bracket")], ids=["open", "later", "later-quarters", "earlier-twice"])
@pytest.mark.parametrize("sizes", SIZES, ids=[f"{a[0]}x{a[1]}-{b[0]}x{b[1]}" for a, b in SIZES])
async def test_keys_after_a_resize_show_what_they_show_fresh(acme: Path, december: None, sizes, keys) -> None:
    """Opened at one size, resized, then the keys: as opened at the new size, then the keys."""
    first, second = sizes
    app = open_workbook(acme)
    async with app.run_test(size=first) as pilot:
        await opened(app, pilot, ())
        await pilot.resize_terminal(*second)
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        resized = seen(app)
    assert resized == await fresh(acme, second, keys)


@pytest.mark.parametrize("keys", [("right_square_bracket", "right_square_bracket"), ("minus", "right_square_bracket"),
                                  ("left_square_bracket",)], ids=["later-twice", "quarters-later", "earlier"])
@pytest.mark.parametrize("sizes", SIZES, ids=[f"{a[0]}x{a[1]}-{b[0]}x{b[1]}" for a, b in SIZES])
async def test_paged_then_resized_keeps_its_place_and_names_what_it_draws(acme: Path, december: None, sizes, keys) -> None:
    """Paged at one size, then resized: the header names the columns drawn, and the way back to
    the first size shows what was shown there (the place paged to is kept, laid out anew)."""
    first, second = sizes
    app = open_workbook(acme)
    async with app.run_test(size=first) as pilot:
        before = await opened(app, pilot, keys)
        await pilot.resize_terminal(*second)
        await pilot.pause()
        names_what_is_drawn(app, *seen(app))
        await pilot.resize_terminal(*first)
        await pilot.pause()
        assert seen(app) == before
