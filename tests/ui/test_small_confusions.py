"""Smaller confusions: plurals, goals without a measure, the grid's tab, status messages, and hints that
quote the sample's company in every workbook."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import OptionList, Static

from tests.conftest import ROOT, SAMPLES
from tui.app import open_workbook
from tui.model.edits import SetFields
from tui.model.workbook import QUADRANTS
from tui.store import load, save
from tui.store.export import export
from tui.widgets.goal_table import RowTable

SIZE = (100, 30)
VIEWS = [(), ("2",), ("3",), ("3", "t"), ("4",), ("4", "v"), ("5",), ("5", "enter"), ("6",), ("7",)]
PLURALS = re.compile(r"\b1 (strategies|items|warnings|differences|conflicts|tactics|goals|values|factors|"
                     r"milestones|links|tables|lines|results)\b|\w\(s\)")


def one_of_each(tmp_path: Path) -> Path:
    """The Acme sample cut down to one item of each kind: every count on screen is 1."""
    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    workbook.vmv.values[1:] = []
    for quadrant in QUADRANTS:
        workbook.swot.quadrant(quadrant)[1:] = []
    workbook.strategies[1:] = []
    for factor in workbook.pestle.factors.values():
        factor.items[1:] = []
    workbook.goals[1:] = []
    workbook.tactics[:] = [t for t in workbook.tactics if t.goal == workbook.goals[0].id][:1]
    goal = workbook.goals[0]
    goal.milestones[1:] = []
    goal.owner = ""  # one quality warning
    path = tmp_path / "one.toml"
    save(workbook, path)
    return path


def screen_text(app) -> str:
    parts = [str(w.render()) for w in app.screen.query(Static)]
    for widget in app.screen.query(OptionList):
        parts += [str(option.prompt) for option in widget.options]
    for table in app.screen.query(RowTable):
        parts += [table.row_text(i) for i in range(len(table.rows))]
    return "\n".join(parts)


async def test_no_screen_says_1_of_a_plural_or_s_in_brackets(tmp_path: Path) -> None:
    app = open_workbook(one_of_each(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen = []
        for keys in VIEWS:
            app.action_section("overview")
            await pilot.pause()
            await pilot.press(*keys)
            await pilot.pause()
            text = screen_text(app)
            seen.append(text)
            assert not PLURALS.search(text), (keys, PLURALS.search(text).group(0))
        assert "1 strategy" in seen[0] and "1 warning on goals" in seen[0]


async def test_a_goal_without_a_measure_says_so_instead_of_0_percent(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        goal = app.workbook.goals[0]
        app.apply(SetFields(goal.id, {"measure": None}))
        await pilot.pause()
        overview = next(str(o.prompt) for o in app.screen.query_one("#overview", OptionList).options
                        if goal.title in str(o.prompt))
        assert "no measure" in overview and "0%" not in overview
        await pilot.press("5")
        await pilot.pause()
        row = app.screen.table.row_text(app.screen.table.index_of(goal.id))
        assert "\u2014" in row or "no measure" in row
        assert "0%" not in row
        markdown = export(app.workbook, "markdown")
        section = markdown[markdown.index(f"### {goal.title}"):][:300]
        assert "no measure" in section and "0%" not in section.splitlines()[2]
        assert "no measure" in export(app.workbook, "html")


async def test_the_grids_first_tab_goes_to_a_list_that_shows_something(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4", "v")
        await pilot.pause()
        matrix = app.focused
        matrix.cursor = (1, 5)  # impact 1, almost certain: no item in the sample
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, OptionList) and app.focused.option_count > 0


async def test_a_status_change_says_what_it_did(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("5", "s")
        await pilot.pause()
        goal = app.workbook.goals[0]
        assert any(str(n.message).startswith(f"Goal {goal.status}:") for n in app._notifications)
        await pilot.press("6", "j", "s")
        await pilot.pause()
        assert any(str(n.message).startswith("Tactic ") for n in app._notifications)


def test_hints_and_placeholders_do_not_quote_the_sample() -> None:
    words = re.compile(r"\brobot(s|ic|ics)?\b|gripper|\bacme\b|order-to-delivery|\bleeds\b|food factory|integrator",
                       re.IGNORECASE)
    for path in (ROOT / "tui").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not words.search(line), f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
