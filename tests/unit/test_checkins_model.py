"""Check-ins: pace, status, staleness and forecast on hand-computed cases, and the edits that
keep `current` equal to the newest check-in whatever is added, changed or deleted."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tui.model.checkins import (
    ACHIEVED,
    AT_RISK,
    BEHIND,
    NO_PACE,
    ON_TRACK,
    Target,
    parse_value,
    add_checkin,
    cadence,
    close_goal,
    delete_checkin,
    due_targets,
    edit_checkin,
    expected_progress,
    find_target,
    forecast,
    format_estimate,
    format_number,
    goal_standing,
    is_stale,
    newest,
    sparkline,
    status_of,
    trend_words,
    typed_number,
)
from tui.model.progress import measure_progress
from tui.model.workbook import Checkin, Goal, KeyResult, Measure, Workbook
from tui.store import dumps, loads

from .helpers import same_workbook

START, DUE = date(2027, 1, 1), date(2027, 1, 31)  # 30 days


def smart_goal(**fields) -> Goal:
    goal = Goal("gol-aaaa", "smart", "Cut delivery time", "active", "Tom", START, DUE,
                measure=Measure("delivery time", "days", 12.0, 5.0, 12.0))
    for name, value in fields.items():
        setattr(goal, name, value)
    return goal


def test_expected_progress_is_the_share_of_the_period_gone():
    assert expected_progress(START, DUE, date(2027, 1, 16)) == 0.5
    assert expected_progress(START, DUE, date(2026, 12, 1)) == 0.0
    assert expected_progress(START, DUE, date(2027, 3, 1)) == 1.0
    assert expected_progress(None, DUE, date(2027, 1, 16)) is None
    assert expected_progress(START, None, date(2027, 1, 16)) is None
    assert expected_progress(START, START, START) == 1.0


@pytest.mark.parametrize(("progress", "expected", "confidence", "status"), [
    (1.0, 0.5, None, ACHIEVED),
    (1.0, 0.5, 2, ACHIEVED),       # done is done, however unsure the owner was
    (0.45, 0.5, None, ON_TRACK),   # 0.45 = 0.9 x 0.5
    (0.449, 0.5, None, BEHIND),
    (0.35, 0.5, None, BEHIND),     # 0.35 = 0.7 x 0.5
    (0.349, 0.5, None, AT_RISK),
    (0.6, 0.5, 3, AT_RISK),        # low confidence puts even a goal ahead of pace at risk
    (0.6, 0.5, 4, ON_TRACK),
    (0.0, None, None, NO_PACE),    # no dates: nothing to judge a pace by (it said "on track")
    (0.5, None, None, NO_PACE),
    (1.0, None, None, ACHIEVED),   # done is done, dates or not
    (0.0, None, 1, AT_RISK),
    (0.0, 0.0, None, ON_TRACK),    # not started
])
def test_status_follows_pace_and_confidence(progress, expected, confidence, status):
    assert status_of(progress, expected, confidence) == status


def test_decreasing_target_halfway_through_the_period():
    # 12 -> 5 days; at 9 days progress is 3/7 = 0.43; halfway expected 0.5: 0.43 < 0.45, >= 0.35.
    goal = smart_goal(checkins=[Checkin("chk-aaaa", date(2027, 1, 10), 9.0, 6)])
    goal.measure.current = 9.0
    standing = goal_standing(goal, date(2027, 1, 16))
    assert standing.progress == pytest.approx(3 / 7)
    assert standing.expected == 0.5
    assert standing.status == BEHIND
    assert not standing.stale  # 6 days old, cadence 14
    assert standing.forecast is None  # one check-in: no line
    assert standing.words == "◐ behind"


def test_forecast_is_the_least_squares_line_read_at_due():
    # 10, 8, 6 on days 0, 10, 20: -0.2 a day, so 4.0 on day 30. Noisy points: the fitted line.
    checkins = [Checkin("chk-a001", START, 10), Checkin("chk-a002", START + timedelta(10), 8),
                Checkin("chk-a003", START + timedelta(20), 6)]
    assert forecast(checkins, DUE) == pytest.approx(4.0)
    noisy = [Checkin("chk-b001", START, 0), Checkin("chk-b002", START + timedelta(10), 3),
             Checkin("chk-b003", START + timedelta(20), 4)]
    # x mean 10, y mean 7/3; slope = (-10*-7/3 + 0 + 10*5/3) / 200 = 0.2; at 30: 7/3 + 4 = 6.33
    assert forecast(noisy, DUE) == pytest.approx(7 / 3 + 4)
    assert forecast(checkins[:1], DUE) is None
    assert forecast(checkins, None) is None


def test_a_measure_never_below_zero_is_not_forecast_below_zero():
    # Days to deliver falling 12, 10, 8 a fortnight apart, due in a year: the line reads -26 days
    # at the due date (seen by a tester: "forecast at due -26 working days"). A measure that no
    # reading, baseline or target puts below zero stops at zero; one that went below goes on.
    days = [Checkin(f"chk-d00{i}", START + timedelta(14 * i), 12 - 2 * i) for i in range(3)]
    due = START + timedelta(365)
    assert forecast(days, due) == 0.0  # the readings alone say so
    assert forecast(days, due, also=(12, 5)) == 0.0
    assert forecast(days, due, also=(12, -5)) < 0  # a target below zero: the measure goes there
    profit = [Checkin(f"chk-p00{i}", START + timedelta(14 * i), 2 - 2 * i) for i in range(3)]
    assert forecast(profit, due, also=(2, 10)) < 0  # it went below zero already
    rising = [Checkin(f"chk-r00{i}", START + timedelta(14 * i), 2 * i) for i in range(3)]
    assert forecast(rising, due, also=(0, 40)) == forecast(rising, due)  # nothing to stop


def test_a_standing_s_forecast_stops_at_zero_for_its_measure():
    goal = smart_goal()  # 12 -> 5 days
    goal.checkins = [Checkin(f"chk-d00{i}", START + timedelta(14 * i), 12 - 2 * i) for i in range(3)]
    goal.due = START + timedelta(365)
    assert goal_standing(goal, START + timedelta(30)).forecast == 0.0


@settings(max_examples=examples(100), deadline=None)
@given(st.lists(st.tuples(st.integers(-3650, 3650), st.floats(allow_nan=False, allow_infinity=False)),
                min_size=2, max_size=6, unique_by=lambda point: point[0]),
       st.integers(-3650, 36500))
def test_forecast_is_a_finite_number_or_none_for_any_finite_readings(points, due_offset):
    # Readings near the float limits (1e308 then -1e308) must not forecast inf or nan:
    # `status --format json` cannot write those, and no reader can use them.
    checkins = [Checkin(f"chk-{i:04d}", START + timedelta(day), value) for i, (day, value) in enumerate(points)]
    result = forecast(checkins, START + timedelta(due_offset))
    assert result is None or math.isfinite(result)


@pytest.mark.parametrize(("baseline", "target", "current", "progress"), [
    (-1.5e308, 1.5e308, 0.0, 0.5),         # the span overflows a float: still halfway
    (1.5e308, -1.5e308, 0.75e308, 0.25),   # decreasing, as wide
    (0.0, 5e-324, 5e-324, 1.0),            # the smallest float apart: reached
    (0.0, 1e-300, 0.5e-300, 0.5),
])
def test_progress_over_huge_and_tiny_spans(baseline, target, current, progress):
    assert measure_progress(baseline, target, current) == pytest.approx(progress)


def test_stale_against_the_cadence_of_goal_then_workbook_then_fourteen_days():
    workbook = Workbook()
    goal = smart_goal()
    assert cadence(goal, workbook) == 14
    workbook.meta.checkin_days = 10
    assert cadence(goal, workbook) == 10
    goal.checkin_days = 7
    assert cadence(goal, workbook) == 7
    checkins = [Checkin("chk-aaaa", date(2027, 1, 10), 9.0)]
    assert not is_stale(checkins, 7, date(2027, 1, 17))
    assert is_stale(checkins, 7, date(2027, 1, 18))
    # No check-in yet: the start counts as the last one; no start: due at once.
    assert not is_stale([], 7, date(2027, 1, 5), START)
    assert is_stale([], 7, date(2027, 1, 9), START)
    assert is_stale([], 7, date(2027, 1, 5), None)


def test_goal_without_dates_has_no_pace_and_no_forecast():
    goal = smart_goal(start=None, due=None,
                      checkins=[Checkin("chk-a001", date(2027, 1, 1), 11), Checkin("chk-a002", date(2027, 1, 8), 10)])
    standing = goal_standing(goal, date(2027, 1, 9))
    assert standing.expected is None and standing.forecast is None
    assert standing.status == NO_PACE  # it said "on track": nothing backed the claim


def test_okr_goal_at_risk_when_a_key_result_is_unsure_and_stale_when_one_is():
    goal = Goal("gol-okr1", "okr", "Win Leeds", "active", start=START, due=DUE, key_results=[
        KeyResult("kr-aaaa", "Sign 3", "", 0, 3, 3, checkins=[Checkin("chk-a001", date(2027, 1, 14), 3, 9)]),
        KeyResult("kr-bbbb", "Ship", "", 0, 10, 8, checkins=[Checkin("chk-b001", date(2027, 1, 2), 8, 2)]),
    ])
    standing = goal_standing(goal, date(2027, 1, 17))
    assert standing.progress == pytest.approx(0.9)
    assert standing.status == AT_RISK  # the newest confidence of kr-bbbb is 2
    assert standing.stale  # kr-bbbb's check-in is 14+ days old
    due = due_targets(Workbook(goals=[goal]), date(2027, 1, 17))
    assert [t.id for t in due] == ["kr-bbbb"]


def test_sparkline_and_trend_in_words():
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, 5]) == "▅▅"
    assert sparkline([]) == ""
    checkins = [Checkin(f"chk-a00{n}", START + timedelta(n), v) for n, v in enumerate([12.0, 11.5, 10])]
    assert trend_words(checkins, "days") == "12 → 11.5 → 10 days"
    assert trend_words(checkins, count=2) == "… → 11.5 → 10"


def test_add_edit_delete_keep_current_and_undo_restores():
    workbook = Workbook(goals=[smart_goal()])
    goal = workbook.goals[0]
    target = find_target(workbook, goal.id)
    edit, first = add_checkin(target, date(2027, 1, 8), 11.0, workbook.ids(), 7, "started", "Tom")
    undo = edit.apply(workbook)
    assert goal.measure.current == 11.0 and goal.checkins == [first]
    edit, second = add_checkin(target, date(2027, 1, 15), 10.0, workbook.ids())
    edit.apply(workbook)
    assert goal.measure.current == 10.0
    # A second check-in on one day replaces the first, keeping its id.
    edit, again = add_checkin(target, date(2027, 1, 15), 9.5, workbook.ids())
    edit.apply(workbook)
    assert again.id == second.id and [c.value for c in goal.checkins] == [11.0, 9.5]
    # Moving the newest before the other makes the other the newest.
    edit_checkin(target, second.id, date=date(2027, 1, 2)).apply(workbook)
    assert [c.id for c in goal.checkins] == [second.id, first.id] and goal.measure.current == 11.0
    inverse = delete_checkin(target, first.id).apply(workbook)
    assert goal.measure.current == 9.5
    inverse.apply(workbook)
    assert goal.measure.current == 11.0
    # Deleting the last keeps the current value as it was; the first add's undo goes back to no check-ins.
    undo_target = Workbook(goals=[smart_goal()])
    assert undo_target.goals[0].measure.current == 12.0
    assert undo is not None


def test_a_key_result_check_in_survives_the_file():
    workbook = Workbook(goals=[Goal("gol-okr1", "okr", "Win", "active", key_results=[KeyResult("kr-aaaa", "Sign", "", 0, 3, 0)])])
    target = find_target(workbook, "kr-aaaa")
    add_checkin(target, date(2027, 1, 8), 2, workbook.ids(), 8, "two signed", "Priya")[0].apply(workbook)
    assert workbook.goals[0].key_results[0].current == 2
    loaded = loads(dumps(workbook).decode())
    assert not loaded.warnings
    assert same_workbook(loaded.workbook.goals, workbook.goals)
    assert find_target(workbook, "gol-okr1") is None  # no measure: check in on key results


def test_validation_refuses_bad_check_ins():
    text = """[workbook]
schema = 1
checkin_days = 0

[[goals]]
id = "gol-aaaa"
[goals.measure]
current = 1
[[goals.checkins]]
id = "chk-aaaa"
date = 2027-01-01
value = 1
confidence = 11
[[goals.checkins]]
id = "kr-bbbb"
date = 2027-01-01
value = "ten"
[goals.closing]
score = 1.5
"""
    from tui.store import WorkbookError
    with pytest.raises(WorkbookError) as caught:
        loads(text)
    paths = {p.path for p in caught.value.problems}
    assert {"workbook.checkin_days", "goals[0].checkins[0].confidence", "goals[0].checkins[1].id",
            "goals[0].checkins[1].date", "goals[0].checkins[1].value", "goals[0].closing.score"} <= paths


def test_a_hand_edit_that_breaks_the_order_or_current_is_named():
    # Oldest first, and `current` equals the newest reading: a file that says otherwise loads,
    # with a warning on each place, so `stratbook check` tells its author.
    text = """[workbook]
schema = 1

[[goals]]
id = "gol-aaaa"
[goals.measure]
current = 9
[[goals.checkins]]
id = "chk-aaaa"
date = 2027-01-04
value = 11
[[goals.checkins]]
id = "chk-bbbb"
date = 2027-01-02
value = 9

[[goals.key_results]]
id = "kr-aaaa"
current = 2
[[goals.key_results.checkins]]
id = "chk-cccc"
date = 2027-01-02
value = 3
"""
    warnings = {p.path: p.message for p in loads(text).warnings}
    assert "oldest first" in warnings["goals[0].checkins[1].date"]
    assert "11" in warnings["goals[0].measure.current"]
    assert "3" in warnings["goals[0].key_results[0].current"]
    in_step = text.replace("current = 9", "current = 11").replace("current = 2", "current = 3")
    in_step = in_step.replace("date = 2027-01-02\nvalue = 9", "date = 2027-01-06\nvalue = 11")
    assert [p.path for p in loads(in_step).warnings] == []


def test_closing_grades_and_carries_forward():
    goal = smart_goal(checkins=[Checkin("chk-a001", date(2027, 1, 30), 6.0)])
    goal.measure.current = 6.0
    workbook = Workbook(goals=[goal])
    edit, carried = close_goal(workbook, goal, date(2027, 2, 1), 0.86, " faster picking ", True,
                               date(2027, 2, 1), date(2027, 6, 30))
    inverse = edit.apply(workbook)
    assert goal.closing.score == 0.86 and goal.closing.lessons == "faster picking"
    assert goal.closing.carried_to == carried.id and goal.status == "missed"  # committed: 1.0 is success
    assert workbook.goals[1] is carried
    assert (carried.title, carried.measure.baseline, carried.measure.target) == ("Cut delivery time", 6.0, 5.0)
    assert carried.links == [goal.id] and carried.checkins == []
    inverse.apply(workbook)
    assert goal.closing is None and goal.status == "active" and len(workbook.goals) == 1


# -- the property: current is always the newest check-in's value --------------------------------

DAYS = st.integers(0, 20).map(lambda n: START + timedelta(n))
ACTIONS = st.lists(st.one_of(
    st.tuples(st.just("add"), DAYS, st.integers(-50, 50)),
    st.tuples(st.just("edit"), st.integers(0, 9), DAYS, st.integers(-50, 50)),
    st.tuples(st.just("delete"), st.integers(0, 9)),
    st.tuples(st.just("undo")),
), max_size=25)


@settings(max_examples=examples(150), deadline=None)
@given(ACTIONS, st.booleans())
def test_current_always_equals_the_newest_check_in(actions, on_key_result):
    goal = smart_goal()
    goal.key_results = [KeyResult("kr-aaaa", "Sign", "", 0, 3, 0)]
    workbook = Workbook(goals=[goal])
    undos = []
    for action in actions:
        target = find_target(workbook, "kr-aaaa" if on_key_result else goal.id)
        checkins = target.checkins
        if action[0] == "add":
            edit = add_checkin(target, action[1], action[2], workbook.ids())[0]
        elif action[0] == "edit" and checkins:
            chosen = checkins[action[1] % len(checkins)]
            edit = edit_checkin(target, chosen.id, date=action[2], value=action[3])
        elif action[0] == "delete" and checkins:
            edit = delete_checkin(target, checkins[action[1] % len(checkins)].id)
        elif action[0] == "undo" and undos:
            undos.pop().apply(workbook)
            edit = None
        else:
            edit = None
        if edit is not None:
            undos.append(edit.apply(workbook))
        target = find_target(workbook, "kr-aaaa" if on_key_result else goal.id)
        dates = [c.date for c in target.checkins]
        assert dates == sorted(set(dates))  # oldest first, one a day
        if target.checkins:
            assert target.current == newest(target.checkins).value == target.checkins[-1].value
    assert isinstance(Target(goal).id, str)


@pytest.mark.parametrize("framework", ["okr", "smart"])
@pytest.mark.parametrize("commitment", ["", "committed", "aspirational"])
@pytest.mark.parametrize("score", [0.3, 0.65, 0.7, 0.9, 1.0])
def test_closing_and_the_score_zone_agree_on_what_success_is(framework, commitment, score):
    # An OKR with no commitment was "delivered" at 0.7 in its zone, and then closed as "missed"
    # at 0.7: two rules for one fact. An OKR is graded as aspirational unless it says committed.
    from tui.model.progress import score_zone

    goal = smart_goal(framework=framework, commitment=commitment)
    workbook = Workbook(goals=[goal])
    close_goal(workbook, goal, date(2027, 2, 1), score, "", False)[0].apply(workbook)
    success = 1.0 if commitment == "committed" or (framework != "okr" and not commitment) else 0.7
    grade = round(score, 1) if framework == "okr" else score  # OKR grades are read to one decimal
    assert goal.status == ("achieved" if grade >= success else "missed")
    if framework == "okr":
        assert (score_zone(score, commitment) == "delivered") == (goal.status == "achieved")


# -- numbers as shown --------------------------------------------------------------------------
# Found from outside: 1234567.25 read `1.23457e+06` in the detail's progress line, `1234567.25` in
# its check-in list; 9.87654321 read `9.87654` there and `9.88` in the list and the form;
# 0.000012345 read `0` in the list. A value entered is shown all of it, one way everywhere.
@pytest.mark.parametrize(("value", "shown"), [
    (1234567.25, "1,234,567.25"), (9.87654321, "9.87654321"), (0.000012345, "0.000012345"),
    (12345.678, "12,345.678"), (123456789012.5, "123,456,789,012.5"), (12.0, "12"), (1200, "1,200"),
    (-0.5, "-0.5"), (1e20, "1e+20"), (1e-12, "1e-12"), (float("inf"), "inf"), (None, "-"),
])
def test_a_number_entered_is_shown_all_of_it(value, shown):
    assert format_number(value) == shown


@settings(max_examples=examples(200), deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**20, 10**20))
def test_a_number_shown_reads_back_as_the_number_entered(value):
    assert float(format_number(value).replace(",", "")) == float(value)


def test_a_forecast_is_shown_to_two_decimals():
    assert format_estimate(10 - 170 / 7) == "-14.29" and format_estimate(6.0) == "6" and format_estimate(None) == "-"


@pytest.mark.parametrize(("value", "typed"), [
    (0.000012345, "0.000012345"), (1e-07, "0.0000001"), (10.0, "10"), (7, "7"), (1234567.25, "1234567.25"),
    (1e20, "1e+20"), (None, ""),
])
def test_a_number_put_in_a_box_reads_as_typed(value, typed):
    # The check-in form's value box showed the last value 0.000012345 as 1.2345e-05 (found from outside).
    assert typed_number(value) == typed


def test_diff_and_the_exports_show_numbers_as_the_app_does():
    from tui.store.diff import show_value
    from tui.store.export import number

    assert show_value(0.000012345) == number(0.000012345) == format_number(0.000012345) == "0.000012345"
    assert show_value(1234567.25) == "1,234,567.25" and number(None) == "?"


# -- numbers in boxes read as in their labels ----------------------------------------------------------------

finite = st.one_of(st.integers(-10**18, 10**18), st.floats(allow_nan=False, allow_infinity=False))


@given(finite)
def test_a_number_in_a_box_reads_as_its_label_and_reads_back_the_same(value):
    # The check-in form's box said 10.0 under "current 10": typed_number kept repr's ".0".
    typed = typed_number(value)
    assert typed == format_number(value).replace(",", "")
    assert parse_value(typed) == value


def test_target_current_and_box_agree_for_a_whole_float():
    goal = Goal("gol-aaaa", "smart", "Cut", "active", "Ann", START, DUE, measure=Measure("days", "", 12, 5, 10.0))
    target = Target(goal)
    assert format_number(target.current) == typed_number(target.current) == "10"
