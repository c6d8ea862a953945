"""Sections redraw only what an edit touched: a keypress costs the same with 10 or 10,000 items.

Each test counts the calls that rebuild a whole list while edits are made that touch one
thing, and asserts there are none (or only the one row's).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.ui.conftest import type_text
from tui.app import open_workbook
from tui.model.edits import Remove, SetFields
from tui.screens import overview
from tui.screens.overview import overview_lines
from tui.model.workbook import Value
from tui.screens.vmv import ValuesList
from tui.widgets.goal_table import RowTable
from tui.store import load, save

SIZE = (80, 24)


def shown(app) -> str:
    """The text of the app's screen as it was last drawn."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def many_values(path: Path, count: int = 300) -> None:
    workbook = load(path).workbook
    workbook.vmv.values += [Value(f"val-m{n:05d}", f"Value {n}", "What it means") for n in range(count)]
    save(workbook, path)


@pytest.fixture
def rebuilt(monkeypatch) -> list[int]:
    """One entry for each time the values list is filled anew."""
    calls: list[int] = []
    original = ValuesList.set_options
    monkeypatch.setattr(ValuesList, "set_options", lambda self, options: (calls.append(1), original(self, options))[1])
    return calls


async def test_typing_in_the_vision_does_not_rebuild_the_values(sample_copy: Path, rebuilt: list[int]) -> None:
    many_values(sample_copy)
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(rebuilt)
        await pilot.press("v")
        await type_text(pilot, "Growing. ")
        await pilot.press("escape", "m")
        await type_text(pilot, "Serving. ")
        assert app.workbook.vmv.vision.endswith("Growing. ") or "Growing. " in app.workbook.vmv.vision
        assert "Serving. " in app.workbook.vmv.mission
        assert len(rebuilt) == before, "an edit of the vision or mission rebuilt the values list"


async def test_editing_one_value_redraws_only_its_line(sample_copy: Path, rebuilt: list[int]) -> None:
    many_values(sample_copy)
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = len(rebuilt)
        await pilot.press("e", "end")
        await type_text(pilot, " always")
        await pilot.press("ctrl+s")
        await pilot.pause()
        first = app.workbook.vmv.values[0]
        assert first.name.endswith(" always")
        values = app.screen.query_one("#values", ValuesList)
        assert "always" in str(values.get_option_at_index(0).prompt)
        assert len(rebuilt) == before, "an edit of one value rebuilt the whole list"
        await pilot.press("ctrl+z")  # undo is an edit too: the line goes back
        await pilot.pause()
        assert "always" not in str(values.get_option_at_index(0).prompt)
        assert len(rebuilt) == before


async def test_moving_a_value_moves_its_row_only(sample_copy: Path, rebuilt: list[int]) -> None:
    # J with 10,000 values filled the list anew: 122 ms a key.
    many_values(sample_copy)
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        values = app.screen.query_one("#values", ValuesList)
        before = len(rebuilt)
        await pilot.press("j", "J", "J", "K", "ctrl+z", "ctrl+y", "J")
        await pilot.pause()
        moved = app.workbook.vmv.values[3]
        assert [option.id for option in values.options] == [v.id for v in app.workbook.vmv.values]
        assert values.highlighted == 3 and values.highlighted_id == moved.id
        assert moved.name in str(values.get_option_at_index(3).prompt)
        assert len(rebuilt) == before, "a value moved rebuilt the whole list"


@pytest.fixture
def table_rebuilt(monkeypatch) -> list[str]:
    """One entry for each time a goals or tactics table is filled anew or drawn again whole."""
    calls: list[str] = []
    set_rows, refresh_rows = RowTable.set_rows, RowTable.refresh_rows

    def spied_set_rows(self, rows, cursor_key=None):
        calls.append("set_rows")
        return set_rows(self, rows, cursor_key)

    def spied_refresh_rows(self, keys=None):
        if keys is None:
            calls.append("refresh_rows")
        return refresh_rows(self, keys)

    monkeypatch.setattr(RowTable, "set_rows", spied_set_rows)
    monkeypatch.setattr(RowTable, "refresh_rows", spied_refresh_rows)
    return calls


async def test_a_goals_status_redraws_only_its_row(sample_copy: Path, table_rebuilt: list[str]) -> None:
    app = open_workbook(sample_copy, start="goals")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        goal = app.screen.current_goal()
        before, status = len(table_rebuilt), goal.status
        await pilot.press("s")
        await pilot.pause()
        assert goal.status != status
        assert table_rebuilt[before:] == [], "one goal's status rebuilt the whole list"
        await pilot.press("o")  # ordered by due date: a status change still leaves the row in its place
        await pilot.pause()
        before = len(table_rebuilt)
        await pilot.press("s")
        await pilot.pause()
        assert table_rebuilt[before:] == [], "a status change rebuilt a list not ordered by status"


async def test_a_tactics_status_redraws_only_its_row_and_heading(sample_copy: Path, table_rebuilt: list[str]) -> None:
    app = open_workbook(sample_copy, start="tactics")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        while app.screen.current_tactic() is None:
            await pilot.press("j")
        tactic = app.screen.current_tactic()
        before, status = len(table_rebuilt), tactic.status
        await pilot.press("s")
        await pilot.pause()
        assert tactic.status != status
        assert table_rebuilt[before:] == [], "one tactic's status redrew every row"


async def test_w_lists_every_warning_of_a_goal_with_several(sample_copy: Path) -> None:
    """A goal with two or more warnings crashed the list (duplicate option ids)."""
    workbook = load(sample_copy).workbook
    goal = workbook.goals[0]
    goal.owner, goal.due, goal.links = "", None, []
    save(workbook, sample_copy)
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        listed = app.screen.query_one("#choices-list")
        assert listed.option_count >= 3
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "goals"


# -- the Overview ------------------------------------------------------------------------------

@pytest.fixture
def parts_made(monkeypatch) -> list[str]:
    """The parts of the overview made again, in order (`overview.block_lines`)."""
    made: list[str] = []
    original = overview.block_lines

    def spied(block, *args, **kwargs):
        made.append(block)
        return original(block, *args, **kwargs)

    monkeypatch.setattr(overview, "block_lines", spied)
    return made


def overview_shown(app) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one("#overview", OptionList).options]


async def test_an_edit_on_the_overview_makes_again_only_the_part_that_shows_it(
        sample_copy: Path, parts_made: list[str]) -> None:
    # An undo of the title counted every goal and tactic again: 100-330 ms at 10,000 items.
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        workbook = app.workbook
        goal, tactic = workbook.goals[0], workbook.tactics[0]
        edits = [
            (SetFields("meta", {"title": "Renamed plan"}), "head"),
            (SetFields("vmv", {"vision": "A new vision"}), "direction"),
            (SetFields(workbook.vmv.values[0].id, {"name": "Candour"}), "direction"),
            (SetFields(workbook.swot.strengths[0].id, {"weight": 1}), "swot"),
            (Remove("swot.threats", workbook.swot.threats[0].id), "swot"),
            (SetFields(workbook.strategies[0].id, {"text": "Another strategy"}), "swot"),
            (SetFields(workbook.pestle.factors["legal"].items[0].id, {"impact": 1}), "pestle"),
            (SetFields(goal.id, {"status": "achieved"}), "plan"),
            (SetFields(tactic.id, {"status": "blocked"}), "plan"),
            (Remove("tactics", workbook.tactics[-1].id), "plan"),
        ]
        for edit, part in edits:
            parts_made.clear()
            assert app.apply(edit)
            await pilot.pause()
            assert parts_made == [part], f"{edit.label} on {part}"
            # What is shown is what a whole new overview shows.
            assert overview_shown(app) == [str(line.content) for line in overview_lines(workbook, overview.today())]
            parts_made.clear()
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert parts_made == [part], f"undo of {edit.label}"
            assert overview_shown(app) == [str(line.content) for line in overview_lines(workbook, overview.today())]
            await pilot.press("ctrl+y")
            await pilot.pause()


async def test_the_overview_redraws_whole_after_an_edit_of_unknown_reach(
        sample_copy: Path, parts_made: list[str]) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        parts_made.clear()
        app.replace_workbook(load(sample_copy).workbook, "restored")  # an edit of None: anything changed
        await pilot.pause()
        assert parts_made == list(overview.BLOCKS)


# -- Textual internals overridden for speed (Textual 8.2.8) --------------------------------------

async def test_get_theme_finds_what_textuals_finds(sample_copy: Path) -> None:
    """StratbookApp.get_theme (no copies of every theme per call) answers as Textual's does, and
    is what the current theme comes from."""
    from textual.app import App

    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = list(app.available_themes)
        for name in [*names, "no-such-theme", f"no-such-theme, {names[0]}", f" {names[-1]} ,{names[0]}", ""]:
            assert app.get_theme(name) is App.get_theme(app, name), name
        calls: list[str] = []
        original = type(app).get_theme
        type(app).get_theme = lambda self, name: (calls.append(name), original(self, name))[1]
        try:
            assert app.current_theme.name == app.theme and calls == [app.theme]
        finally:
            type(app).get_theme = original


async def test_a_change_of_focus_draws_the_widgets_it_changes_not_the_whole_screen(sample_copy: Path) -> None:
    """Screen.focused without its repaint (SteadyLayout): moving between lists draws the two lists
    (and what their keys change), not the screen; the screen drawn is the one a new app draws."""
    from textual.screen import Screen

    from tui.screens.steady import SteadyLayout

    app = open_workbook(sample_copy, start="swot")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SteadyLayout) and type(screen).focused is SteadyLayout.__dict__["focused"]
        assert screen._reactives["focused"] is SteadyLayout.__dict__["focused"] is not Screen.__dict__["focused"]
        before = app.focused
        repainted: list[bool] = []
        original = Screen.refresh
        Screen.refresh = lambda self, *a, **kw: (repainted.append(self is screen and not a), original(self, *a, **kw))[1]
        try:
            await pilot.press("l")
            await pilot.pause()
        finally:
            Screen.refresh = original
        now = app.focused
        assert now is not None and now.id and now is not before
        assert not any(repainted), "the whole screen was drawn again for a move of the focus"
        moved = shown(app)
    fresh = open_workbook(sample_copy, start="swot")
    async with fresh.run_test(size=SIZE) as pilot:
        await pilot.pause()
        fresh.screen.set_focus(fresh.screen.query_one(f"#{now.id}"))
        await pilot.pause()
        assert shown(fresh) == moved


@pytest.mark.every_frame
async def test_a_move_of_the_cursor_draws_the_two_rows_it_changes_and_the_list_then_shows_what_a_new_one_does(
        sample_copy: Path, monkeypatch) -> None:
    """MarkedOptionList.highlighted without OptionList's repaint of the whole list: a move draws
    again the row the cursor leaves and the row it reaches, and the list drawn is the one a list
    whose cursor started there draws."""
    from tui.screens.overview import OverviewList

    app = open_workbook(sample_copy, start="overview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = app.screen.query_one(OverviewList)
        before = listing.highlighted
        drawn: list[int] = []
        real_line = OverviewList.render_line
        monkeypatch.setattr(OverviewList, "render_line", lambda self, y: (drawn.append(y), real_line(self, y))[1])
        await pilot.press("j")
        await pilot.pause()
        monkeypatch.undo()
        index = listing.highlighted
        assert before is not None and index != before and listing.scroll_offset.y == 0
        rows = sorted(listing._index_to_line[row] for row in (before, index))
        assert sorted(drawn) == rows, "a move of the cursor drew more than its two rows"
        moved = shown(app)
    fresh = open_workbook(sample_copy, start="overview")
    async with fresh.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = fresh.screen.query_one(OverviewList)
        listing._clear_caches()  # every line drawn anew
        listing.highlighted = index
        await pilot.pause()
        assert shown(fresh) == moved


async def test_a_layout_after_a_scroll_arranges_the_screen_once(sample_copy: Path, monkeypatch) -> None:
    """A scroll lays out only what shows and marks the map of every widget stale; the next layout
    makes that map afresh, and no widget looked up after it arranges the whole screen again
    (SteadyCompositor): one arrangement a layout, and the map is the one a new arrangement makes."""
    from textual._compositor import Compositor

    app = open_workbook(sample_copy, start="pestle")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.checklist.focus()
        arranged: list[str] = []
        arrange, reflow = Compositor._arrange_root, Compositor.reflow
        monkeypatch.setattr(Compositor, "_arrange_root",
                            lambda self, root, size, visible_only=True: (arranged.append("whole") if not visible_only
                                                                         else None, arrange(self, root, size, visible_only))[1])
        monkeypatch.setattr(Compositor, "reflow", lambda self, parent, size: (arranged.append("layout"),
                                                                             reflow(self, parent, size))[1])
        for _ in range(3):
            await pilot.press("pagedown")  # scrolls the list: the visible widgets only
            await pilot.pause()
            arranged.clear()
            app.notify("A message lays the screen out", markup=False)
            await pilot.pause()
            assert "layout" in arranged and arranged.count("whole") == arranged.count("layout"), arranged
            compositor = screen._compositor
            assert compositor.full_map == arrange(compositor, screen, compositor.size, visible_only=False)[0]


@pytest.mark.every_frame
async def test_a_row_deleted_draws_again_the_lines_from_it_down_and_the_list_shows_what_a_new_one_does(
        sample_copy: Path, monkeypatch) -> None:
    """LazyOptionList's virtual size without Widget's repaint of the whole list: a row taken out
    (PESTLE d) draws again the lines from its place down, not those above it; the screen is then
    the one drawn whole from scratch (the list's drawn lines dropped), and so after ctrl+z."""
    from tui.model.links import links_to
    from tui.screens.pestle import HEADER
    from tui.widgets.pestle_list import PestleChecklist

    app = open_workbook(sample_copy, start="pestle")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        checklist = screen.checklist
        checklist.focus()
        for _ in range(6):  # an item some way down the list, nothing linking to it
            await pilot.press("down")
        while (target := screen._target()[1]) is None or links_to(app.workbook, [target.id]):
            await pilot.press("down")
        await pilot.pause()
        line = checklist.highlighted - round(checklist.scroll_y)
        factor = checklist.index_of(HEADER + screen._factor_of[target.id]) - round(checklist.scroll_y)
        assert line > factor + 2 >= 2  # rows between the factor's heading (its count changes) and the item
        app.clear_notifications()
        for key in ("d", "ctrl+z"):
            await pilot.pause()
            drawn: list[int] = []
            real_line = PestleChecklist.render_line
            monkeypatch.setattr(PestleChecklist, "render_line", lambda self, y: (drawn.append(y), real_line(self, y))[1])
            await pilot.press(key)
            await pilot.pause()
            monkeypatch.undo()
            assert (target in screen._items.values()) == (key == "ctrl+z")
            above = sorted(y for y in drawn if y < line and y != factor)
            assert drawn and not above, f"{key} drew lines {above} above the row at line {line}"
            app.clear_notifications()
            await pilot.pause()
            changed = shown(app)
            checklist._clear_caches()  # every line drawn anew
            checklist.refresh()
            await pilot.pause()
            assert shown(app) == changed
