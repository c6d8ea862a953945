"""The app says a goal's pace and an OKR's score as `stratbook status` does, from the same
functions (tests/unit/test_pace_says_one_thing.py has the rest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.test_goals import OKR_ID, SIZE, detail_lines, open_goal, rows, start
from tests.ui.test_wizard import TODAY, acme  # noqa: F401 (a fixture)
from tests.unit.test_pace_says_one_thing import CASES, _goal
from tui.app import open_workbook
from tui.model import dates
from tui.model.checkins import NO_PACE, goal_standing, status_symbol
from tui.model.digest import status_lines
from tui.model.workbook import Workbook
from tui.store import dumps


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: TODAY)


async def test_the_goals_list_says_the_pace_status_says(tmp_path: Path) -> None:
    # The goals list showed "-" where `stratbook status` said "● on track" (no measure, no dates).
    book = Workbook()
    book.goals = [_goal(i, *case) for i, case in enumerate(CASES)]
    path = tmp_path / "plan.toml"
    path.write_bytes(dumps(book))
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        shown = {goal.id: row for goal, row in zip(app.workbook.goals, rows(app))}
        lines = {line.split()[0]: line for line in status_lines(app.workbook, TODAY) if not line.startswith(" ")}
        for goal in app.workbook.goals:
            standing = goal_standing(goal, TODAY, app.workbook)
            said = f"{status_symbol(standing.status)} {standing.status}"
            assert said in shown[goal.id] and said in lines[goal.id], (goal.id, shown[goal.id], lines[goal.id])
        assert sum(NO_PACE in row for row in shown.values()) == sum(not (d and m) for d, m, _, _ in CASES)


async def test_an_okr_detail_shows_its_score_without_a_verdict_while_its_period_runs(acme: Path) -> None:
    # acme's OKR (2027-01-01 to 2027-12-31) said "OKR score 0.03 failed" above "● on track".
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, OKR_ID)
        score_line = next(line for line in detail_lines(app) if "OKR score" in line)
        assert "OKR score 0.03  (" in score_line  # the score, then at once what it is
        assert not any(zone in score_line for zone in ("failed", ", progress", ", delivered"))
        assert "delivered from 0.7" in score_line  # what the verdict will be judged by
