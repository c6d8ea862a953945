"""The strategy map (v in Goals): the goals by balanced-scorecard perspective, the cursor on
goals only, each goal's links said in words and marked on the rows they name, enter opening
the goal, c and p placing and linking goals, and snapshots at 80x24, 160x50 and 16 colours."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.ui.conftest import wait_until, with_colours
from tests.ui.test_roadmap import acme, fixed_today  # noqa: F401 (fixtures: the sample copy, today fixed)
from tui.app import StratbookApp, open_workbook
from tui.modals.picker import PickerDialog
from tui.screens.goal_detail import GoalDetailScreen
from tui.screens.goals import GoalsScreen
from tui.widgets.marks import FOCUS_MARK

#: goal id: (perspective, the goal it serves): a scorecard read bottom up, one goal left unplaced.
SCORECARD = {
    "gol-w4c9": ("financial", ""),  # Grow revenue
    "gol-n2e7yd": ("financial", ""),  # Raise gross margin
    "gol-q8wn3": ("customer", "gol-w4c9"),  # The first name UK warehouses call
    "gol-8rjx5e": ("customer", "gol-w4c9"),  # An Acme cell in every second food factory
    "gol-7tz2": ("internal", "gol-q8wn3"),  # Cut order-to-delivery time
    "gol-3kq8m": ("internal", "gol-n2e7yd"),  # Quotes in 2 days
    "gol-b6tfk": ("learning", "gol-7tz2"),  # Certify partner engineers
    "gol-z5hu2": ("", ""),  # Zero lost-time injuries: not placed
}


def scorecard_app(path: Path, **kwargs) -> StratbookApp:
    app = open_workbook(path, **kwargs)
    for goal in app.workbook.goals:
        goal.perspective, goal.parent = SCORECARD[goal.id]
    return app


def goals_screen(app: StratbookApp) -> GoalsScreen:
    assert isinstance(app.screen, GoalsScreen), app.screen
    return app.screen


def detail(app: StratbookApp) -> str:
    return str(app.screen.query_one("#goals-map-detail", Static).render())


async def open_map(pilot) -> None:
    await pilot.pause()
    await pilot.press("5")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, GoalsScreen))
    await pilot.press("v")
    await wait_until(pilot, lambda: pilot.app.screen.map_shown)


async def test_v_groups_goals_by_perspective_in_the_scorecards_order(acme: Path) -> None:
    app = scorecard_app(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_map(pilot)
        strategy_map = goals_screen(app).strategy_map
        assert strategy_map.has_focus
        keys = [key for key, _ in strategy_map.rows]
        headings = [key for key in keys if key.startswith("perspective:")]
        assert headings == ["perspective:financial", "perspective:customer", "perspective:internal",
                            "perspective:learning", "perspective:"]
        texts = [strategy_map.row_text(i) for i in range(len(keys))]
        assert texts[0].startswith(" FINANCIAL  2 goals") and "NO PERSPECTIVE  1 goal" in texts[-2]
        # Each goal sits under its perspective's heading.
        for key in keys:
            if not key.startswith("perspective:"):
                heading = max(i for i in range(keys.index(key)) if keys[i].startswith("perspective:"))
                assert keys[heading] == "perspective:" + SCORECARD[key][0]
        # The cursor is on a goal, never on a heading: j and k step over the headings.
        seen = [strategy_map.cursor_key]
        for _ in range(len(keys)):
            await pilot.press("j")
            seen.append(strategy_map.cursor_key)
        assert not any(key.startswith("perspective:") for key in seen)
        assert seen[-1] == keys[-1] and len(dict.fromkeys(seen)) == len(SCORECARD)
        for _ in range(len(keys)):
            await pilot.press("k")
        assert strategy_map.cursor_key == keys[1]
        await pilot.press("end")
        assert strategy_map.cursor_key == keys[-1]
        await pilot.press("home")
        assert strategy_map.cursor_key == keys[1]
        line = "".join(segment.text for segment in strategy_map.render_line(2))
        assert line.startswith(FOCUS_MARK)  # the goal a key acts on shows without colour


async def test_the_focused_goals_links_are_said_in_words_and_marked_on_their_rows(acme: Path) -> None:
    app = scorecard_app(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_map(pilot)
        screen = goals_screen(app)
        strategy_map = screen.strategy_map
        strategy_map.move_to("gol-q8wn3")  # a customer goal: serves revenue, served by order-to-delivery
        await pilot.pause()
        text = detail(app)
        assert "serves: Grow revenue" in text and "(financial)" in text
        assert "served by: Cut order-to-delivery" in text and "(internal)" in text
        rows = {key: strategy_map.row_text(i) for i, (key, _) in enumerate(strategy_map.rows)}
        assert rows["gol-w4c9"].endswith("effect") and rows["gol-7tz2"].endswith("cause")
        assert not rows["gol-b6tfk"].endswith(("cause", "effect"))
        # Moving on clears the old marks and puts the new ones.
        strategy_map.move_to("gol-z5hu2")
        await pilot.pause()
        assert not strategy_map.row_text(strategy_map.index_of("gol-w4c9")).endswith("effect")
        assert "No links yet" in detail(app)


async def test_enter_opens_the_goal_and_v_returns_to_the_list_on_the_same_goal(acme: Path) -> None:
    app = scorecard_app(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_map(pilot)
        screen = goals_screen(app)
        screen.strategy_map.move_to("gol-7tz2")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalDetailScreen))
        assert app.screen.goal.id == "gol-7tz2"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.map_shown and screen.strategy_map.cursor_key == "gol-7tz2"
        await pilot.press("g")  # to the goal it serves
        assert screen.strategy_map.cursor_key == "gol-q8wn3"
        await pilot.press("v")
        assert not screen.map_shown and screen.table.has_focus
        assert screen.table.cursor_key == "gol-q8wn3"
        await pilot.press("v", "escape")
        assert not screen.map_shown


async def test_c_places_a_goal_on_the_scorecard_and_p_links_it_in_the_map(acme: Path) -> None:
    app = scorecard_app(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_map(pilot)
        screen = goals_screen(app)
        strategy_map = screen.strategy_map
        strategy_map.move_to("gol-z5hu2")
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerDialog))
        picklist = app.screen.query_one("#picker-items").picklist
        assert [str(o.prompt).endswith("(now)") for o in picklist.options] == [False] * 4 + [True]  # none yet
        picklist.highlighted = next(i for i, o in enumerate(picklist.options) if o.id == "internal")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        goal = next(g for g in app.workbook.goals if g.id == "gol-z5hu2")
        assert goal.perspective == "internal"
        keys = [key for key, _ in strategy_map.rows]
        assert "perspective:" not in keys  # every goal placed: no group for the unplaced
        assert keys.index("gol-z5hu2") < keys.index("perspective:learning")
        assert strategy_map.cursor_key == "gol-z5hu2"
        # p from the map: it serves the customer goal; said in words at once.
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PickerDialog))
        picklist = app.screen.query_one("#picker-items").picklist
        picklist.highlighted = next(i for i, o in enumerate(picklist.options) if o.id == "gol-8rjx5e")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert goal.parent == "gol-8rjx5e"
        assert "serves: An Acme cell" in detail(app)
        await pilot.press("ctrl+z", "ctrl+z")
        assert goal.parent == "" and goal.perspective == ""
        await pilot.pause()
        assert "perspective:" in [key for key, _ in strategy_map.rows]


async def test_the_palette_opens_the_strategy_map(acme: Path) -> None:
    from tests.ui.conftest import palette_search

    app = scorecard_app(acme, start="goals")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await palette_search(pilot, "Strategy map")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalsScreen) and app.screen.map_shown)
        assert app.screen.strategy_map.has_focus


async def test_hostile_titles_in_the_map_are_text(hostile_file: Path) -> None:
    app = open_workbook(hostile_file)
    goals = app.workbook.goals
    for n, goal in enumerate(goals):
        goal.perspective = ("financial", "customer", "internal", "learning")[n % 4]
        goal.parent = goals[0].id if n else ""
    async with app.run_test(size=(80, 24)) as pilot:
        await open_map(pilot)
        strategy_map = goals_screen(app).strategy_map
        for key, _ in strategy_map.rows:
            if key.startswith("gol"):
                strategy_map.move_to(key)
                await pilot.pause()
                text = detail(app) + strategy_map.row_text(strategy_map.cursor)
                assert "\x1b" not in text and "\x07" not in text
        assert app.is_running


async def map_on_a_customer_goal(pilot) -> None:
    await pilot.pause()
    await pilot.press("v")
    await wait_until(pilot, lambda: pilot.app.screen.map_shown)
    pilot.app.screen.strategy_map.move_to("gol-q8wn3")


@pytest.mark.parametrize("size", [(80, 24), (160, 50)])
def test_snapshot_strategy_map(snap_compare, acme: Path, size) -> None:
    assert snap_compare(scorecard_app(acme, start="goals"), terminal_size=size, run_before=map_on_a_customer_goal)


@pytest.mark.parametrize("colours", ["16", "none"])
def test_snapshot_strategy_map_without_colour(snap_compare, acme: Path, monkeypatch, colours: str) -> None:
    app = with_colours(lambda: scorecard_app(acme, start="goals"), monkeypatch, colours)
    assert snap_compare(app, terminal_size=(80, 24), run_before=map_on_a_customer_goal)


async def test_p_starts_on_the_goal_it_serves_now_and_says_so(acme: Path) -> None:
    """The parent picker opens on the current parent, marked "(now)" in words; enter keeps it."""
    from tui.screens.goals import NO_PARENT

    app = scorecard_app(acme)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_map(pilot)
        screen = app.screen
        # The second picker is the first one kept and shown again (dialogs are reused): both start right.
        for goal_id, now in (("gol-z5hu2", NO_PARENT), ("gol-7tz2", "gol-q8wn3"), ("gol-b6tfk", "gol-7tz2")):
            screen.strategy_map.move_to(goal_id)
            await pilot.press("p")
            await wait_until(pilot, lambda: isinstance(app.screen, PickerDialog))
            picklist = app.screen.query_one("#picker-items").picklist
            assert picklist.highlighted_id == now
            assert [o.id for o in picklist.options if str(o.prompt).endswith("(now)")] == [now]
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.screen is screen)
        assert {g.id: g.parent for g in app.workbook.goals}["gol-b6tfk"] == "gol-7tz2"
        assert not app.history.can_undo  # keeping the parent is no edit
