"""One fact, one function: a goal's pace (`goal_standing`) and an OKR's score (`score_words`) read
the same in `stratbook status` (text and JSON) and the exports, for goals
with and without dates, a measure and check-ins. (The goals list and a goal's detail: the UI
tests in tests/ui/test_pace_says_one_thing.py.)"""

from __future__ import annotations

import itertools
import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.model.checkins import (
    AT_RISK,
    BEHIND,
    NO_PACE,
    ON_TRACK,
    format_number,
    goal_standing,
    score_words,
    status_of,
    status_symbol,
)
from tui.model.digest import status_lines, status_report
from tui.model.progress import graded, score_verdict
from tui.model.workbook import Checkin, Closing, Goal, KeyResult, Measure, Workbook
from tui.store.export import to_html, to_markdown

TODAY = date(2027, 3, 1)
START, DUE = date(2027, 1, 1), date(2027, 12, 31)


def _goal(index: int, dated: bool, measured: bool, checked_in: bool, okr: bool) -> Goal:
    goal = Goal(f"gol-p{index:03d}", "okr" if okr else "smart", f"Goal {index}", "active", "Ann",
                START if dated else None, DUE if dated else None)
    checkins = [Checkin(f"chk-p{index:03d}", date(2027, 2, 1), 4)] if checked_in else []
    if okr and measured:
        goal.key_results = [KeyResult(f"kr-p{index:03d}", "Sign ten", "", 0, 10, 4 if checked_in else 0,
                                      checkins=checkins)]
    elif measured:
        goal.measure = Measure("sites", "", 0, 10, 4 if checked_in else 0)
        goal.checkins = checkins
    return goal


CASES = list(itertools.product((True, False), repeat=4))
"""(dated, measured, checked in, OKR): every combination."""


@pytest.fixture
def workbook() -> Workbook:
    book = Workbook()
    book.goals = [_goal(i, *case) for i, case in enumerate(CASES)]
    return book


def test_status_text_json_and_exports_say_the_pace_of_goal_standing(workbook, monkeypatch):
    # `status` said "● on track" for a goal with no measure and no dates while the goals list
    # showed no pace: "on track" is a claim nothing backs without a pace to judge against.
    import tui.store.export as export

    monkeypatch.setattr(export, "date", type("FixedDate", (date,), {"today": staticmethod(lambda: TODAY)}))
    report = {entry["id"]: entry for entry in status_report(workbook, TODAY)["goals"]}
    lines = {line.split()[0]: line for line in status_lines(workbook, TODAY) if not line.startswith(" ")}
    markdown, html = to_markdown(workbook), to_html(workbook)
    for goal, (dated, measured, checked_in, okr) in zip(workbook.goals, CASES):
        standing = goal_standing(goal, TODAY, workbook)
        said = f"{status_symbol(standing.status)} {standing.status}"
        assert report[goal.id]["status"] == standing.status, (goal.id, dated, measured, checked_in, okr)
        assert said in lines[goal.id]
        assert said in markdown and said in html
        if not (dated and measured):
            assert standing.status == NO_PACE, (dated, measured, checked_in, okr)
            assert "on track" not in lines[goal.id] and "expected" not in lines[goal.id]
        else:
            assert standing.status in (ON_TRACK, BEHIND, AT_RISK)
        # Progress unknown is not 0%: null in the JSON, "no measure" in words, as the app says.
        assert (report[goal.id]["progress"] is None) == (not measured)
        assert lines[goal.id].split(": ", 1)[1].startswith("no measure" if not measured else "")
    assert markdown.count(f"{status_symbol(NO_PACE)} {NO_PACE}") == sum(not (d and m) for d, m, _, _ in CASES)


@given(st.floats(0, 0.999), st.one_of(st.none(), st.integers(4, 10)))
def test_without_an_expected_progress_no_status_claims_a_pace(progress, confidence):
    assert status_of(progress, None, confidence) == NO_PACE


# -- an OKR's grade: a verdict only once due or closed ---------------------------------------------

def _okr(score_tenths: int, due: date | None, status: str = "active", closing: Closing | None = None) -> Goal:
    goal = Goal("gol-okr1", "okr", "Win", status, "Ann", START, due, closing=closing)
    goal.key_results = [KeyResult("kr-okr1", "Ten", "", 0, 10, score_tenths)]
    return goal


@given(st.integers(0, 10), st.dates(date(2026, 1, 1), date(2029, 1, 1)))
def test_an_okr_score_has_a_zone_only_once_due(tenths, today):
    goal = _okr(tenths, DUE)
    verdict = score_verdict(goal, today)
    assert (verdict is not None) == (today >= DUE)
    words = score_words(goal, today)
    assert words.startswith(f"OKR score {format_number(tenths / 10)}")
    assert not any(zone in words for zone in ("failed", "progress", "delivered")) or today >= DUE


@pytest.mark.parametrize("status", ["achieved", "missed", "dropped"])
def test_a_closed_okr_has_its_zone_before_its_due_date(status):
    goal = _okr(1, DUE, status, Closing(date(2027, 2, 1), 0.1))
    assert graded(goal, TODAY) and score_words(goal, TODAY) == "OKR score 0.1, failed"


def test_status_and_exports_give_no_zone_while_the_period_runs(monkeypatch):
    # acme's `status` said "OKR score 0.03, failed so far" above "on track"; the detail "0.06 failed".
    import tui.store.export as export

    monkeypatch.setattr(export, "date", type("FixedDate", (date,), {"today": staticmethod(lambda: TODAY)}))
    book = Workbook()
    book.goals = [_okr(1, DUE), _okr(1, date(2027, 2, 1))]
    book.goals[1].id, book.goals[1].key_results[0].id = "gol-okr2", "kr-okr2"
    report = status_report(book, TODAY)["goals"]
    assert [entry["zone"] for entry in report] == [None, "failed"]
    lines = [line for line in status_lines(book, TODAY) if not line.startswith(" ")]
    assert lines[0].endswith("; OKR score 0.1") and lines[1].endswith("; OKR score 0.1, failed")
    for text in (to_markdown(book), to_html(book)):
        assert text.count("OKR score 0.1, failed") == 1 and text.count("OKR score 0.1") == 2


def test_cli_status_json_matches_the_text(tmp_path, capsys, workbook):
    from tui.cli import main
    from tui.store import dumps

    path = tmp_path / "plan.toml"
    path.write_bytes(dumps(workbook))
    assert main(["status", str(path), "--as-of", TODAY.isoformat(), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [g["status"] for g in data["goals"]] == [goal_standing(g, TODAY, workbook).status for g in workbook.goals]
