"""Every jump puts the focus, the status line and the keys on the item it jumps to.

A jump (enter on an Overview line, the goal quality warnings, `g` in PESTLE and
Tactics, enter on a link or a tactic in a goal's detail) ends in
`StratbookApp.show_item`. Whatever view the target's section was left in (the
SWOT board or TOWS, a filter, the PESTLE grid, a goal's detail, a filtered
list, a text box), after the jump the highlighted item, the status line and the
item that `e` opens must be the one jumped to.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from tui.app import open_workbook
from tui.model.goals import GoalView, TacticView
from tui.modals.form import FormDialog
from tui.modals.tows import StrategyDialog
from tui.modals.wizard import GoalWizard
from tui.screens.goal_detail import GoalDetailScreen
from tui.screens.overview import OverviewScreen
from tui.screens.pestle import PestleScreen
from tui.screens.swot import SwotScreen
from tui.screens.tactics import TacticsScreen
from tui.screens.vmv import VmvScreen
from tui.widgets.goal_table import RowTable
from tui.widgets.goal_view import DetailItem

SIZE = (100, 30)

#: One item of each kind that can be jumped to, in the Acme sample.
TARGETS = {
    "swot": "thr-n3gp",  # a threat promoted from PESTLE (pes-m6ty), linked by gol-z5hu2
    "strategy": "tow-r2mk",  # ST, linked by gol-z5hu2
    "pestle": "pes-m6ty",  # the top risk, linked by gol-z5hu2
    "value": "val-r7c3",  # linked by gol-z5hu2
    "goal": "gol-7tz2",  # overdue; linked by gol-q8wn3; tactic tac-h6j8 is under it
    "tactic": "tac-5yhb",  # blocked, under gol-w4c9
    "promoted": "pes-x81c",  # a threat not yet in the SWOT: p puts it there, g goes to the new item
}
LINKING_GOAL = {"swot": "gol-z5hu2", "strategy": "gol-z5hu2", "pestle": "gol-z5hu2", "value": "gol-z5hu2",
                "goal": "gol-q8wn3"}

#: How the target's section can be left before the jump: (section key presses, then a setup).
VIEWS = {
    "swot": ["board", "board-other-quadrant", "tows", "tows-other-cell", "filter-hiding-it"],
    "strategy": ["board", "tows", "tows-other-cell", "filter-hiding-it"],
    "pestle": ["checklist", "grid", "grid-ranked"],
    "value": ["values", "vision-text"],
    "goal": ["list", "filter-hiding-it", "detail-of-another"],
    "tactic": ["list", "filter-hiding-it"],
}
VIEWS["promoted"] = VIEWS["swot"]
SOURCES = {
    "swot": ["overview", "goal-link", "pestle-g", "pestle-grid-g"],
    "strategy": ["goal-link"],
    "pestle": ["overview", "goal-link"],
    "value": ["goal-link"],
    "goal": ["overview", "warnings", "tactics-g", "goal-link", "roadmap"],
    "tactic": ["overview", "goal-tactic"],
    "promoted": ["pestle-p-g"],
}
CASES = [(kind, view, source) for kind in TARGETS for view in VIEWS[kind] for source in SOURCES[kind]]


def text_of(widget: Static) -> str:
    return " ".join(str(widget.render()).split())


async def leave_in(pilot, app, kind: str, view: str) -> None:
    """Show the target's section in `view`, then leave it for the Overview."""
    section = {"swot": "3", "promoted": "3", "strategy": "3", "pestle": "4", "value": "2", "goal": "5", "tactic": "6"}[kind]
    # Keys as a user types them, without waiting for the screen: the report's `3 t 4 j p g`.
    if view == "board-other-quadrant":
        await pilot.press(section, "tab")  # weaknesses
    elif view == "tows":
        await pilot.press(section, "t", "4")  # straight on to PESTLE, as in the report
        return
    elif view == "tows-other-cell":
        await pilot.press(section, "t", "tab", "tab", "tab")  # WT
    else:
        await pilot.press(section)
    await pilot.pause()
    screen = app.screen
    if view in ("board", "board-other-quadrant", "tows-other-cell"):
        pass
    elif view == "filter-hiding-it" and kind in ("swot", "strategy", "promoted"):
        await pilot.press("slash", *"patents", "enter")
    elif view in ("grid", "grid-ranked"):
        await pilot.press("v")
        await pilot.pause()
        if view == "grid-ranked":
            screen.query_one("#pestle-ranked").focus()
            await pilot.pause()
            await pilot.press("j", "j")
    elif view == "vision-text":
        await pilot.press("v")
    elif view == "filter-hiding-it" and kind == "goal":
        screen.view = GoalView(status="achieved")
        screen.refresh_model(None)
    elif view == "detail-of-another":
        screen.table.move_to("gol-w4c9")
        await pilot.press("enter")
    elif view == "filter-hiding-it" and kind == "tactic":
        screen.view = TacticView(owner="nobody")
        screen.refresh_model(None)
    await pilot.pause()
    app.action_section("overview")  # a key would type into the vision box
    await pilot.pause()


async def jump(pilot, app, kind: str, source: str, target: str) -> str:
    """Go to `target` by the path `source`; the id jumped to (a promotion makes a new item)."""
    if source == "overview":
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        screen.query_one("#overview", OptionList).highlighted = next(
            i for i, line in enumerate(screen.lines) if line.item_id == target)
        await pilot.press("enter")
    elif source == "warnings":
        app.workbook.find(target).owner = ""  # a goal without an owner gets a warning
        await pilot.press("1", "w")
        await pilot.pause()
        choices = app.screen.query_one("#choices-list", OptionList)
        index = [g.id for g in app.workbook.goals].index(target)
        choices.highlighted = next(i for i, o in enumerate(choices.options) if o.id == str(index))
        await pilot.press("enter")
    elif source in ("goal-link", "goal-tactic"):
        goal_id = LINKING_GOAL[kind] if source == "goal-link" else "gol-w4c9"
        app.show_item("goals", goal_id)  # (its own jump, checked by the goal cases)
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GoalDetailScreen) and screen.goal_id == goal_id
        wanted = DetailItem("link" if source == "goal-link" else "tactic", target)
        screen.detail.highlighted = screen.items.index(wanted)
        await pilot.press("enter")
    elif source in ("pestle-g", "pestle-grid-g"):
        promoted_from = app.workbook.find(target).source
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        if source == "pestle-g":
            if screen.grid_shown:
                await pilot.press("v")
            screen.checklist.highlight_id(promoted_from)
        else:
            if not screen.grid_shown:
                await pilot.press("v")
                await pilot.pause()
            ranked = screen.query_one("#pestle-ranked")
            ranked.focus()
            await pilot.pause()
            ranked.highlight_id(promoted_from)
        await pilot.pause()
        await pilot.press("g")
    elif source == "pestle-p-g":
        await pilot.press("4")
        await pilot.pause()
        app.screen.checklist.highlight_id(target)
        await pilot.press("p", "g")
        promoted = [i for i in app.workbook.swot.threats if i.source == target]
        assert len(promoted) == 1
        target = promoted[0].id
    elif source == "roadmap":  # enter on a goal's bar
        await pilot.press("7")
        await pilot.pause()
        app.screen.table.move_to(target)
        await pilot.press("enter")
    elif source == "tactics-g":
        await pilot.press("6")
        await pilot.pause()
        app.screen.table.move_to("tac-h6j8")
        await pilot.press("g")
    await pilot.pause()
    await pilot.pause()
    return target


async def assert_on(pilot, app, kind: str, target: str) -> None:
    """The focused item, the status line and what `e` opens are all the target."""
    workbook = app.workbook
    item = workbook.find(target)
    screen, focused = app.screen, app.focused
    if kind in ("swot", "promoted"):
        assert isinstance(screen, SwotScreen) and not screen.showing_tows
        assert getattr(focused, "highlighted_id", None) == target
        assert item.text[:30] in text_of(screen.query_one("#swot-status", Static))
    elif kind == "strategy":
        assert isinstance(screen, SwotScreen) and screen.showing_tows
        assert isinstance(focused, OptionList) and focused.highlighted_option.id == target
        assert item.text[:30] in text_of(screen.query_one("#swot-status", Static))
    elif kind == "pestle":
        assert isinstance(screen, PestleScreen) and not screen.grid_shown
        assert focused is screen.checklist and focused.highlighted_id == target
        assert item.text[:30] in text_of(screen.query_one("#pestle-guide", Static))
    elif kind == "value":
        assert isinstance(screen, VmvScreen)
        assert focused is screen.query_one("#values") and focused.highlighted_option.id == target
    elif kind == "goal":
        assert isinstance(screen, GoalDetailScreen) and screen.goal_id == target
        assert focused is screen.detail
    elif kind == "tactic":
        assert isinstance(screen, TacticsScreen)
        assert isinstance(focused, RowTable) and focused.cursor_key == target
    await pilot.press("e")
    await pilot.pause()
    dialog = app.screen
    if kind == "goal":
        assert isinstance(dialog, GoalWizard) and dialog.original.id == target
    elif kind == "strategy":
        assert isinstance(dialog, StrategyDialog) and dialog.text == item.text
    else:
        assert isinstance(dialog, FormDialog)
        assert dialog.fields[0].value == (item.name if kind == "value" else item.text)
    await pilot.press("escape")
    await pilot.pause()


@pytest.mark.parametrize(("kind", "view", "source"), CASES)
async def test_a_jump_lands_focus_status_and_keys_on_the_target(sample_copy: Path, kind, view, source) -> None:
    app = open_workbook(sample_copy)
    target = TARGETS[kind]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await leave_in(pilot, app, kind, view)
        target = await jump(pilot, app, kind, source, target)
        await assert_on(pilot, app, kind, target)
