"""Every algorithm over the workbook is linear (or n log n) in its size.

Each test times the same work at 10,000 and at 50,000 items in one run (see tests/scaling.py):
a quadratic path (a membership test against a list of dataclasses, one pass over the tactics
per goal) costs about 25x for 5x the items and fails.
"""

from __future__ import annotations

from datetime import date

import pytest
import tomli

from tests.scaling import LATE, LIMIT, SORT_LIMIT, assert_linear, shared
from tui.model.checks import check_workbook
from tui.model.goals import GoalView, TacticView, group_tactics, link_targets, owners, search_targets, visible_goals
from tui.model.pestle import all_items, grid_counts, promoted_index, ranked
from tui.model.swot import by_weight, filter_items, swot_index
from tui.model.workbook import QUADRANTS
from tui.screens.overview import overview_lines
from tui.store import dumps
from tui.store.export import export
from tui.store.validate import validate

pytestmark = pytest.mark.scaling  # timings: run by `python3 dev.py bench`, not by the suite

SOME_OVERDUE = date(2027, 6, 1)


@pytest.mark.parametrize(("shape", "on"), [("plain", SOME_OVERDUE), ("plain", LATE), ("one goal", LATE)],
                         ids=["some overdue", "all overdue", "all overdue, one goal"])
def test_overview(shape: str, on: date) -> None:
    # Every line drawn too: a line's text is made when it is first shown.
    assert_linear(lambda n: shared(n, shape), lambda wb: [line.content for line in overview_lines(wb, on)],
                  f"overview ({shape})")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_export(fmt: str) -> None:
    assert_linear(shared, lambda wb: export(wb, fmt), f"{fmt} export", rounds=3)


@pytest.mark.slow
def test_validation() -> None:
    texts: dict[int, str] = {}

    def document(n: int) -> dict:  # validation consumes its document: a new one each run
        return tomli.loads(texts.setdefault(n, dumps(shared(n)).decode()))

    # Five rounds (the default), not three: with a second process busy on the machine, one round
    # in three measured 7.1x and the median of three followed it (a whole dev.py bench run).
    assert_linear(document, validate, "validation")


@pytest.mark.slow
def test_save() -> None:
    assert_linear(shared, dumps, "save")  # five rounds, as validation (6.7x in that run)


def test_goal_checks() -> None:
    assert_linear(shared, lambda wb: check_workbook(wb, LATE), "goal quality checks")


@pytest.mark.parametrize(("shape", "view"), [("plain", TacticView()), ("one goal", TacticView(status="overdue")),
                                             ("plain", TacticView(owner="-", status="open"))], ids=repr)
def test_tactics_by_goal(shape: str, view: TacticView) -> None:
    assert_linear(lambda n: shared(n, shape), lambda wb: group_tactics(wb, view, LATE), "tactics by goal")


@pytest.mark.parametrize("view", [GoalView(status="active", sort="due"), GoalView(sort="progress")], ids=repr)
def test_goals_list(view: GoalView) -> None:
    assert_linear(shared, lambda wb: visible_goals(wb.goals, view), "goals list")


LISTS = {
    "link search": lambda wb: search_targets(link_targets(wb), "cost risk"),
    "owners": owners,
    "SWOT filter": lambda wb: [filter_items(wb.swot.quadrant(q), "cost") for q in QUADRANTS],
    "SWOT by weight": lambda wb: [by_weight(wb.swot.quadrant(q)) for q in QUADRANTS],
    "SWOT index": swot_index,
    "PESTLE ranking": lambda wb: ranked(all_items(wb.pestle)),
    "PESTLE grid": lambda wb: grid_counts(wb.pestle),
    "PESTLE promotions": promoted_index,
}


SORTING = {"SWOT by weight", "PESTLE ranking"}
"""Lists made by sorting: n log n (tests/scaling.py SORT_LIMIT)."""


@pytest.mark.parametrize("name", LISTS)
def test_search_and_lists(name: str) -> None:
    assert_linear(shared, LISTS[name], name, limit=SORT_LIMIT if name in SORTING else LIMIT)
