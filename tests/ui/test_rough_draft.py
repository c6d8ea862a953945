"""The rough-draft sample in the app: what a first draft shows, and the lists that once crashed on it."""

from __future__ import annotations

import copy
import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.conftest import ROUGH_DRAFT
from tui.app import open_workbook
from tui.model import dates
from tui.model.checks import check_workbook
from tui.screens import overview
from tui.screens.overview import ChoiceList

SIZE = (80, 24)
TODAY = date(2027, 7, 15)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setattr(overview, "today", lambda: TODAY)
    monkeypatch.setattr(dates, "today", lambda: TODAY)


def _rough(tmp_path: Path):
    return open_workbook(shutil.copy(ROUGH_DRAFT, tmp_path / "rough-draft.toml"))


async def test_w_lists_every_warning_of_a_goal_with_several(tmp_path) -> None:
    app = _rough(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        findings = check_workbook(app.workbook, TODAY)
        first = app.workbook.goals[0]
        assert sum(1 for _, f in findings if f.goal_id == first.id) >= 4  # the case that crashed
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceList)
        listed = app.screen.query_one("#choices-list", OptionList)
        assert listed.option_count == len(findings)
        assert len({option.id for option in listed.options}) == len(findings)
        # The fourth line is still the first goal's: enter goes to that goal, by its id.
        listed.highlighted = 3
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "goals"
        assert getattr(app.screen, "goal_id", None) == first.id


# -- snapshots ----------------------------------------------------------------------------------

def test_snapshot_rough_draft_overview(snap_compare, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)

    async def settle(pilot) -> None:
        await pilot.pause()
        pilot.app.clear_notifications()  # the "opened with warnings" toast: the overview is the point
        await pilot.pause()

    assert snap_compare(_rough(tmp_path), terminal_size=SIZE, run_before=settle)


def test_snapshot_rough_draft_warnings(snap_compare, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)

    async def warnings(pilot) -> None:
        await pilot.pause()
        pilot.app.clear_notifications()
        await pilot.press("w")
        await pilot.pause()

    assert snap_compare(_rough(tmp_path), terminal_size=SIZE, run_before=warnings)


async def test_leaving_the_wizard_at_the_measure_of_a_goal_without_one_asks_nothing(tmp_path) -> None:
    """The detail's "No measure" line opens the wizard at the measure step; esc there, with nothing
    typed, closes it (it used to count an empty measure as a change and ask to throw it away)."""
    from tui.modals.wizard import GoalWizard
    from tui.screens.goal_detail import GoalDetailScreen

    app = open_workbook(shutil.copy(ROUGH_DRAFT, tmp_path / "rough-draft.toml"), start="goals")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        goal = app.workbook.goals[0]
        assert goal.measure is None
        await app.push_screen(GoalDetailScreen(goal.id))
        await pilot.pause()
        detail = app.screen
        detail.detail.highlighted = next(i for i, item in enumerate(detail.items) if item and item.kind == "progress")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, GoalWizard)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is detail
        assert goal.measure is None and not app.dirty


@pytest.mark.parametrize("line_kind", ["answer", "kr"])
async def test_leaving_the_wizard_at_a_step_a_hand_written_goal_left_empty_asks_nothing(tmp_path, line_kind) -> None:
    """A hand-written goal lacks answers and has fewer key results than the wizard's rows: passing
    through such a step fills in empty ones, which is no change (it used to ask to throw it away)."""
    from tui.modals.wizard import GoalWizard
    from tui.screens.goal_detail import GoalDetailScreen

    app = open_workbook(shutil.copy(ROUGH_DRAFT, tmp_path / "rough-draft.toml"), start="goals")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        goal = next(g for g in app.workbook.goals if g.framework == ("okr" if line_kind == "kr" else "smart"))
        before = copy.deepcopy(goal)
        await app.push_screen(GoalDetailScreen(goal.id))
        await pilot.pause()
        detail = app.screen
        detail.detail.highlighted = next(i for i, item in enumerate(detail.items) if item and item.kind == line_kind)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, GoalWizard)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is detail
        assert goal == before and not app.dirty


async def test_lists_keyed_by_id_show_a_repeated_id_once_and_each_heading_once(tmp_path) -> None:
    """Row ids are unique by construction, whatever the items: a repeated id (a bad hand edit or
    merge) and a group whose items are not together (a caller's order) used to crash OptionList."""
    from tui.model.workbook import SwotItem
    from tui.modals.picker import PickerDialog, PickItem

    app = open_workbook(tmp_path / "new.toml", start="swot")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        twice = SwotItem("str-same", "Copied twice")
        app.workbook.swot.strengths += [twice, SwotItem("str-same", "Copied twice, edited"), SwotItem("str-other")]
        app.replace_workbook(app.workbook, "test")
        await pilot.pause()
        strengths = app.screen.query_one("#strengths", OptionList)
        assert [option.id for option in strengths.options] == ["str-same", "str-other"]

        items = [PickItem("val-a", "A", group="Values"), PickItem("str-b", "B", group="SWOT"),
                 PickItem("val-c", "C", group="Values"), PickItem("val-a", "A again", group="Values")]
        await app.push_screen(PickerDialog("Links", items, ["val-a"]).keeping(None))  # (saves nothing here)
        await pilot.pause()
        rows = [option.id for option in app.screen.query_one(".picker-list", OptionList).options]
        assert len(rows) == len(set(rows)) == 5  # two headings, three items
        assert [row for row in rows if not row.startswith("\x00")] == ["val-a", "val-c", "str-b"]


async def test_g_on_a_tactic_whose_goal_is_missing_says_so(tmp_path) -> None:
    app = open_workbook(shutil.copy(ROUGH_DRAFT, tmp_path / "rough-draft.toml"), start="tactics")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        orphan = next(t for t in app.workbook.tactics if t.goal == "gol-lost")
        assert screen.table.move_to(orphan.id)
        app.clear_notifications()
        await pilot.press("g")
        await pilot.pause()
        assert app.screen is screen  # nowhere to go
        assert any("goal is not in the workbook" in str(n.message) for n in app._notifications)
