"""A goal not yet started takes a check-in: a baseline reading before a period opens is usual
practice, and refusing days before the start (with days after today refused too) left such a
goal no day at all. `stratbook checkin` takes it as the app does."""

from __future__ import annotations

import shutil
from datetime import date

from tests.conftest import SAMPLES
from tui.cli import main
from tui.model import dates
from tui.model.checkins import ON_TRACK, checkin_day_problem, goal_standing, is_stale
from tui.model.workbook import Checkin, Goal, Measure
from tui.store import load

START, DUE = date(2027, 1, 1), date(2027, 12, 31)


# -- the rule --------------------------------------------------------------

def test_a_reading_before_the_start_is_taken_and_no_check_in_is_due_until_after_the_start():
    # A goal starting 2027-01-01, on 2026-12-02: the day was "before the goal's start" and any
    # later day "after today", so no day could be checked in at all.
    goal = Goal("gol-aaaa", "smart", "Cut", "active", "Ann", START, DUE, measure=Measure("days", "", 12, 5, 12))
    today = date(2026, 12, 2)
    assert checkin_day_problem(goal, today, today) is None
    assert checkin_day_problem(goal, date(2026, 12, 3), today) is not None  # after today: still refused
    baseline = [Checkin("chk-a001", today, 12)]
    # The start counts as a check-in: a baseline before it makes nothing due before start + cadence.
    assert not is_stale(baseline, 14, today + (START - today) // 2, START)
    assert not is_stale(baseline, 14, date(2027, 1, 15), START)
    assert is_stale(baseline, 14, date(2027, 1, 16), START)
    assert goal_standing(goal, today).status == ON_TRACK  # expected 0 before the start


def test_the_cli_checks_in_on_a_goal_not_yet_started(tmp_path, capsys, monkeypatch):
    # harbour-food-bank on 2026-12-02: every goal starts 2027-01-01.
    monkeypatch.setattr(dates, "today", lambda: date(2026, 12, 2))
    path = tmp_path / "harbour.toml"
    shutil.copy(SAMPLES / "harbour-food-bank.toml", path)
    goal = next(g for g in load(path).workbook.goals if g.status == "active" and g.measure is not None
                and g.start == START)
    assert main(["checkin", str(path), goal.id, "40", "--by", "Ann"]) == 0
    assert f"{goal.id} checked in at 40 on 2026-12-02" in capsys.readouterr().out
    assert load(path).workbook.find(goal.id).measure.current == 40
    assert main(["checkin", str(path), goal.id, "41", "--date", "2026-12-03"]) == 2  # after today: still refused
