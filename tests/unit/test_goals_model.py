"""Goals without the UI: quality checks, building a goal from the wizard, SMART milestones,
the one edit that saves it, filtering and sorting, tactics by goal, overdue, links."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SAMPLES, finished_samples
from tui.model.checks import CHECKS, check_goal, check_workbook
from tui.model.edits import History
from tui.model.frameworks import FRAMEWORKS
from tui.model.goals import (
    GoalView,
    TacticView,
    cycle,
    finish_goal,
    goal_edit,
    goal_overdue,
    group_tactics,
    link_targets,
    move_tactic,
    next_goal_status,
    next_tactic_status,
    owners,
    search_targets,
    smart_milestone_date,
    sync_smart_milestones,
    tactic_overdue,
    tactic_position,
    visible_goals,
)
from tui.model.workbook import (
    FRAMEWORKS as FRAMEWORK_KEYS,
    GOAL_STATUSES,
    TACTIC_STATUSES,
    Goal,
    KeyResult,
    Measure,
    Milestone,
    PestleItem,
    Strategy,
    SwotItem,
    Tactic,
    Value,
    Workbook,
)
from tui.store import load

TODAY = date(2027, 3, 1)


def good_goal(framework: str) -> Goal:
    """A well-formed goal of `framework`: no check fires on it."""
    goal = Goal("gol-good1", framework, "Ship every order within 5 days", "active", "Tom Berg",
                date(2027, 1, 1), date(2027, 12, 31), ["val-abcd"])
    for question in FRAMEWORKS[framework].questions:
        goal.answers[question.key] = 18 if question.kind == "int" else f"A clear answer to {question.key}"
    if framework == "okr":
        goal.title = "Become the name warehouses call first"
        goal.key_results = [KeyResult(f"kr-good{n}", f"Result {n}", "cells", 0, 10, 2) for n in range(3)]
    else:
        goal.measure = Measure("median delivery time", "days", 12, 5, 9)
    goal.milestones = [Milestone("mil-good1", date(2027, 6, 1), "Halfway")]
    return goal


@pytest.mark.parametrize("framework", FRAMEWORK_KEYS)
def test_a_well_formed_goal_of_every_framework_has_no_warnings(framework: str) -> None:
    assert check_goal(good_goal(framework), TODAY) == []


def _without_measure(goal: Goal) -> None:
    goal.measure = None


def _without_target(goal: Goal) -> None:
    assert goal.measure is not None
    goal.measure.target = None


def _vague(goal: Goal) -> None:
    goal.title = "Improve customer service"
    goal.answers[FRAMEWORKS[goal.framework].questions[0].key] = "Make service better, as soon as possible"


def _past_due(goal: Goal) -> None:
    goal.due = date(2027, 2, 1)
    goal.milestones = []


def _late_milestone(goal: Goal) -> None:
    goal.milestones.append(Milestone("mil-late1", date(2028, 2, 1), "After the end"))


#: check id -> (framework, how to spoil a good goal so that exactly that check fires)
SPOILERS: dict[str, tuple[str, Callable[[Goal], None]]] = {
    "no-target": ("smart", _without_measure),
    "no-due": ("smart", lambda g: setattr(g, "due", None)),
    "overdue": ("smart", _past_due),
    "vague": ("smart", _vague),
    "no-owner": ("smart", lambda g: setattr(g, "owner", "   ")),
    "no-link": ("smart", lambda g: setattr(g, "links", ["pes-abcd", "gol-other"])),
    "okr-count": ("okr", lambda g: g.key_results.pop()),
    "kr-no-target": ("okr", lambda g: setattr(g.key_results[1], "target", None)),
    "okr-number": ("okr", lambda g: setattr(g, "title", "Reach 25 cells")),
    "bhag-horizon": ("bhag", lambda g: g.answers.__setitem__("horizon_years", 40)),
    "milestone-late": ("smart", _late_milestone),
}


def test_every_check_has_a_spoiler_and_a_message_and_a_hint() -> None:
    assert set(SPOILERS) == set(CHECKS)
    for check in CHECKS.values():
        assert check.message and check.hint.endswith(".")


@pytest.mark.parametrize("check_id", sorted(SPOILERS))
def test_each_check_fires_on_a_bad_goal_and_only_that_one(check_id: str) -> None:
    framework, spoil = SPOILERS[check_id]
    goal = good_goal(framework)
    spoil(goal)
    findings = check_goal(goal, TODAY)
    assert [f.check.id for f in findings] == [check_id]
    assert findings[0].goal_id == goal.id


@pytest.mark.parametrize("framework", ["smart", "stretch", "fast"])
def test_a_measure_without_a_target_is_flagged_where_the_framework_needs_a_number(framework: str) -> None:
    goal = good_goal(framework)
    _without_target(goal)
    assert [f.check.id for f in check_goal(goal, TODAY)] == ["no-target"]


@pytest.mark.parametrize("framework", ["bhag", "pact", "hard"])
def test_frameworks_without_a_number_do_not_ask_for_a_measure(framework: str) -> None:
    goal = good_goal(framework)
    goal.measure = None
    assert check_goal(goal, TODAY) == []


def test_okr_with_six_key_results_and_a_bhag_without_a_horizon() -> None:
    okr = good_goal("okr")
    okr.key_results += [KeyResult(f"kr-more{n}", "More", "", 0, 1, 0) for n in range(3)]
    assert [f.detail for f in check_goal(okr, TODAY)] == ["it has 6"]
    bhag = good_goal("bhag")
    for horizon in (9, 31, "18", True, None):
        if horizon is None:
            del bhag.answers["horizon_years"]
        else:
            bhag.answers["horizon_years"] = horizon
        assert [f.check.id for f in check_goal(bhag, TODAY)] == ["bhag-horizon"], horizon
        bhag.answers["horizon_years"] = 18


def test_vague_words_with_a_number_are_fine_and_achieved_goals_are_not_overdue() -> None:
    goal = good_goal("smart")
    goal.title = "Improve on-time delivery from 80% to 95%"
    assert check_goal(goal, TODAY) == []
    _past_due(goal)
    goal.status = "achieved"
    assert check_goal(goal, TODAY) == []


def test_the_samples_pass_every_check() -> None:
    for path in finished_samples():  # the rough draft fails them on purpose
        assert check_workbook(load(path).workbook, date(2027, 1, 15)) == [], path.name


# -- SMART milestones -------------------------------------------------------------------
def smart_draft(**answers: str) -> Goal:
    goal = good_goal("smart")
    goal.milestones = []
    goal.start = date(2027, 1, 31)
    for key in ("today", "six_weeks", "six_months"):
        del goal.answers[key]
    goal.answers.update(answers)
    return goal


def test_smart_time_bound_answers_become_milestones_dated_from_the_start() -> None:
    draft = smart_draft(today="Book the kick-off", six_weeks="Routing designed", six_months="Live in Leeds")
    goal = finish_goal(draft, None, set(), TODAY)
    assert [(m.due, m.text) for m in goal.milestones] == [
        (date(2027, 1, 31), "Book the kick-off"),
        (date(2027, 3, 14), "Routing designed"),
        (date(2027, 7, 31), "Live in Leeds"),
    ]
    assert len({m.id for m in goal.milestones}) == 3
    assert all(m.id.startswith("mil-") and not m.done for m in goal.milestones)
    assert draft.milestones == []  # the wizard's copy is untouched


def test_milestone_dates_clamp_the_day_and_use_today_without_a_start() -> None:
    assert smart_milestone_date("six_months", date(2027, 8, 31)) == date(2028, 2, 29)
    draft = smart_draft(today="First step")
    draft.start = None
    assert [m.due for m in finish_goal(draft, None, set(), TODAY).milestones] == [TODAY]


def test_a_start_at_the_end_of_the_calendar_gives_undated_milestones_not_an_error() -> None:
    # 9999-12-01 is a valid date (a hand edit, or a typo that parsed); six weeks later is not.
    draft = smart_draft(today="First step", six_weeks="Later", six_months="Much later")
    draft.start, draft.due = date(9999, 12, 1), date(9999, 12, 31)
    goal = finish_goal(draft, None, set(), TODAY)
    assert [(m.due, m.text) for m in goal.milestones] == [
        (date(9999, 12, 1), "First step"), (None, "Later"), (None, "Much later")]
    again = copy.deepcopy(goal)
    again.start = date(9999, 11, 30)
    assert len(finish_goal(again, goal, set(), TODAY).milestones) == 3


def test_reopening_updates_generated_milestones_instead_of_duplicating_them() -> None:
    first = finish_goal(smart_draft(six_weeks="Routing designed", six_months="Live in Leeds",
                                    today="Kick-off"), None, set(), TODAY)
    first.milestones[1].done = True  # "Routing designed"
    draft = copy.deepcopy(first)
    draft.answers["six_weeks"] = "Routing designed and costed"
    draft.answers["today"] = ""
    draft.start = date(2027, 2, 28)
    second = finish_goal(draft, first, set(), TODAY)
    assert [(m.due, m.text, m.done) for m in second.milestones] == [
        (date(2027, 4, 11), "Routing designed and costed", True),
        (date(2027, 8, 28), "Live in Leeds", False),
    ]
    assert second.milestones[0].id == first.milestones[1].id


def test_a_milestone_moved_by_hand_keeps_its_date() -> None:
    first = finish_goal(smart_draft(six_months="Live in Leeds"), None, set(), TODAY)
    first.milestones[0].due = date(2027, 5, 1)
    draft = copy.deepcopy(first)
    draft.start = date(2027, 2, 1)
    assert finish_goal(draft, first, set(), TODAY).milestones[0].due == date(2027, 5, 1)


def test_unchanged_answers_do_not_bring_back_deleted_or_hand_written_milestones() -> None:
    first = finish_goal(smart_draft(six_months="Live in Leeds", six_weeks="Designed"), None, set(), TODAY)
    first.milestones = [m for m in first.milestones if m.text != "Designed"]  # deleted by hand
    first.milestones.append(Milestone("mil-hand1", date(2027, 4, 1), "Written by hand"))
    draft = copy.deepcopy(first)
    draft.title = "Another title"
    again = finish_goal(draft, first, set(), TODAY)
    assert [m.text for m in again.milestones] == ["Written by hand", "Live in Leeds"]
    draft.answers["six_weeks"] = "Designed and costed"  # a changed answer makes its milestone again
    assert "Designed and costed" in [m.text for m in finish_goal(draft, first, set(), TODAY).milestones]


def test_other_frameworks_get_no_generated_milestones() -> None:
    goal = good_goal("pact")
    goal.milestones = []
    goal.answers["six_months"] = "left from a SMART goal"
    sync_smart_milestones(goal, None, set(), TODAY)
    assert goal.milestones == []


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_generated_milestones_are_never_before_the_start(start: date) -> None:
    draft = smart_draft(today="a", six_weeks="b", six_months="c")
    draft.start = start
    goal = finish_goal(draft, None, set(), TODAY)
    assert [m.due for m in goal.milestones] == sorted(m.due for m in goal.milestones)
    assert goal.milestones[0].due == start and all(m.due >= start for m in goal.milestones)


# -- building and saving a goal ------------------------------------------------------
def test_finish_goal_trims_drops_empties_and_gives_ids() -> None:
    draft = Goal("gol-new1", "okr", "  An objective  ", owner=" Priya ",
                 answers={"objective_why": "  because  ", "extra": "   "},
                 measure=Measure(), links=["val-a1b2", "val-a1b2", "tow-c3d4"],
                 key_results=[KeyResult("", " First ", "", 0, 3, 0), KeyResult("", "", "", None, None, None),
                              KeyResult("kr-keep1", "Kept", "", None, 5, None)])
    taken = {"gol-new1"}
    goal = finish_goal(draft, None, taken, TODAY)
    assert (goal.title, goal.owner, goal.answers, goal.measure) == ("An objective", "Priya",
                                                                   {"objective_why": "because"}, None)
    assert [kr.text for kr in goal.key_results] == ["First", "Kept"]
    assert goal.key_results[0].id.startswith("kr-") and goal.key_results[0].id in taken
    assert goal.key_results[1].id == "kr-keep1"
    assert goal.links == ["val-a1b2", "tow-c3d4"]


def test_goal_edit_is_one_undoable_step_for_new_and_changed_goals() -> None:
    workbook = Workbook(goals=[good_goal("smart")])
    history = History()
    new = good_goal("okr")
    new.id = "gol-new22"
    edit = goal_edit(None, new, 1)
    assert edit is not None
    history.record(edit, edit.apply(workbook))
    assert [g.id for g in workbook.goals] == ["gol-good1", "gol-new22"]

    before = workbook.goals[0]
    snapshot = copy.deepcopy(before)
    after = copy.deepcopy(before)
    after.title, after.owner = "Ship within 4 days", "Sam Ode"
    after.answers["why"] = "Changed"
    after.milestones.append(Milestone("mil-more1", date(2027, 7, 1), "More"))
    change = goal_edit(before, after, 0)
    assert change is not None and set(change.changes) == {"title", "owner", "answers", "milestones"}
    history.record(change, change.apply(workbook))
    assert workbook.goals[0].title == "Ship within 4 days"
    history.undo(workbook)
    assert workbook.goals[0] == snapshot
    history.undo(workbook)
    assert [g.id for g in workbook.goals] == ["gol-good1"]
    assert goal_edit(before, copy.deepcopy(before), 0) is None


# -- statuses and overdue --------------------------------------------------------------
def test_statuses_cycle_both_ways() -> None:
    assert [next_tactic_status(s) for s in TACTIC_STATUSES] == ["doing", "done", "blocked", "todo"]
    assert next_tactic_status("todo", -1) == "blocked"
    assert [next_goal_status(s) for s in GOAL_STATUSES] == ["active", "achieved", "missed", "dropped", "draft"]
    assert cycle("unknown", ("a", "b")) == "a"


def test_overdue() -> None:
    tactic = Tactic("tac-abcd", "gol-good1", "x", due=date(2027, 2, 28))
    assert tactic_overdue(tactic, TODAY)
    assert not tactic_overdue(tactic, date(2027, 2, 28))
    tactic.status = "done"
    assert not tactic_overdue(tactic, TODAY)
    assert not tactic_overdue(Tactic("tac-efgh"), TODAY)
    goal = good_goal("smart")
    goal.due = date(2027, 2, 1)
    assert goal_overdue(goal, TODAY)
    goal.status = "draft"
    assert not goal_overdue(goal, TODAY)


# -- the goals list --------------------------------------------------------------------
def goals_for_sorting() -> list[Goal]:
    a = Goal("gol-aaaa", "smart", "banana", "active", due=date(2027, 5, 1), measure=Measure("", "", 0, 10, 5))
    b = Goal("gol-bbbb", "okr", "Apple", "draft", due=None,
             key_results=[KeyResult("kr-bbbb", "", "", 0, 10, 10)])
    c = Goal("gol-cccc", "smart", "cherry", "active", due=date(2027, 4, 1), measure=Measure("", "", 0, 10, 1))
    return [a, b, c]


@pytest.mark.parametrize(("view", "expected"), [
    (GoalView(), ["gol-aaaa", "gol-bbbb", "gol-cccc"]),
    (GoalView(sort="due"), ["gol-cccc", "gol-aaaa", "gol-bbbb"]),
    (GoalView(sort="progress"), ["gol-cccc", "gol-aaaa", "gol-bbbb"]),
    (GoalView(sort="title"), ["gol-bbbb", "gol-aaaa", "gol-cccc"]),
    (GoalView(status="active"), ["gol-aaaa", "gol-cccc"]),
    (GoalView(framework="okr"), ["gol-bbbb"]),
    (GoalView(status="active", framework="okr"), []),
    (GoalView(status="active", sort="title"), ["gol-aaaa", "gol-cccc"]),
])
def test_filter_and_sort_goals(view: GoalView, expected: list[str]) -> None:
    goals = goals_for_sorting()
    assert [g.id for g in visible_goals(goals, view)] == expected
    assert [g.id for g in goals] == ["gol-aaaa", "gol-bbbb", "gol-cccc"]  # the file order is untouched


# -- tactics -----------------------------------------------------------------------------
def tactics_workbook() -> Workbook:
    goals = goals_for_sorting()
    tactics = [
        Tactic("tac-0001", "gol-cccc", "c1", "Sam Ode", date(2027, 2, 1), "todo"),
        Tactic("tac-0002", "gol-aaaa", "a1", "Tom Berg", date(2027, 9, 1), "doing"),
        Tactic("tac-0003", "gol-gone", "orphan", "", None, "blocked"),
        Tactic("tac-0004", "gol-cccc", "c2", "sam ode", None, "done"),
    ]
    return Workbook(goals=goals, tactics=tactics)


def shape(groups: list[tuple[Goal | None, list[Tactic]]]) -> list[tuple[str | None, list[str]]]:
    return [(g.id if g else None, [t.id for t in ts]) for g, ts in groups]


def test_tactics_grouped_by_goal_in_goal_order_with_orphans_last() -> None:
    assert shape(group_tactics(tactics_workbook(), TacticView(), TODAY)) == [
        ("gol-aaaa", ["tac-0002"]), ("gol-bbbb", []), ("gol-cccc", ["tac-0001", "tac-0004"]),
        (None, ["tac-0003"]),
    ]


@pytest.mark.parametrize(("view", "expected"), [
    (TacticView(owner="SAM"), [("gol-cccc", ["tac-0001", "tac-0004"])]),
    (TacticView(owner="-"), [(None, ["tac-0003"])]),
    (TacticView(status="open"), [("gol-aaaa", ["tac-0002"]), ("gol-cccc", ["tac-0001"]), (None, ["tac-0003"])]),
    (TacticView(status="overdue"), [("gol-cccc", ["tac-0001"])]),
    (TacticView(status="done", owner="sam"), [("gol-cccc", ["tac-0004"])]),
    (TacticView(status="blocked", owner="tom"), []),
])
def test_tactic_filters_hide_goals_without_matches(view: TacticView, expected: list) -> None:
    assert shape(group_tactics(tactics_workbook(), view, TODAY)) == expected


def test_a_new_tactic_goes_after_its_goals_last_tactic() -> None:
    workbook = tactics_workbook()
    assert tactic_position(workbook, "gol-cccc") == 4
    assert tactic_position(workbook, "gol-aaaa") == 2
    assert tactic_position(workbook, "gol-bbbb") == 4
    assert tactic_position(workbook, "gol-cccc", after="tac-0001") == 1


def test_moving_a_tactic_to_another_goal_is_one_undoable_edit() -> None:
    workbook = tactics_workbook()
    before = copy.deepcopy(workbook)
    tactic, goal = workbook.tactics[0], workbook.goals[0]
    inverse = move_tactic(workbook, tactic, goal).apply(workbook)
    assert [(t.id, t.goal) for t in workbook.tactics] == [
        ("tac-0002", "gol-aaaa"), ("tac-0001", "gol-aaaa"), ("tac-0003", "gol-gone"), ("tac-0004", "gol-cccc")]
    inverse.apply(workbook)
    assert workbook == before


def test_owners_are_everyone_who_owns_something() -> None:
    workbook = tactics_workbook()
    workbook.goals[0].owner = "Priya Shah"
    assert owners(workbook) == ["Priya Shah", "Sam Ode", "Tom Berg"]


# -- links ------------------------------------------------------------------------------
def test_link_targets_cover_values_swot_strategies_pestle_and_other_goals() -> None:
    workbook = Workbook(goals=goals_for_sorting())
    workbook.vmv.values.append(Value("val-aaaa", "Integrity"))
    workbook.swot.weaknesses.append(SwotItem("wea-aaaa", "Slow delivery"))
    workbook.strategies.append(Strategy("tow-aaaa", "WO", "Fix delivery to win warehouses"))
    workbook.pestle.factors["legal"].items.append(PestleItem("pes-aaaa", "Export rules"))
    targets = link_targets(workbook, exclude="gol-aaaa")
    assert [(t.id, t.kind, t.section) for t in targets] == [
        ("val-aaaa", "value", "vmv"), ("wea-aaaa", "weakness", "swot"), ("tow-aaaa", "strategy WO", "swot"),
        ("pes-aaaa", "PESTLE legal", "pestle"), ("gol-bbbb", "goal", "goals"), ("gol-cccc", "goal", "goals")]
    assert [t.id for t in search_targets(targets, "DELIVERY")] == ["wea-aaaa", "tow-aaaa"]
    assert [t.id for t in search_targets(targets, "fix warehouses")] == ["tow-aaaa"]
    assert [t.id for t in search_targets(targets, "legal")] == ["pes-aaaa"]
    assert len(search_targets(targets, "  ")) == 6


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_find_returns_every_item_by_its_id(sample) -> None:
    workbook = load(sample).workbook
    items = list(workbook.iter_items())
    assert items and all(workbook.find(item.id) is item for item in items)
    assert workbook.find("tac-nothere") is None and workbook.find("str-nothere") is None


def test_find_looks_everywhere_for_an_id_in_an_unexpected_list() -> None:
    # Prefixes say where an item usually is; a hand edit can put one elsewhere.
    workbook = Workbook()
    misplaced = Value("tac-abcd12", "Honesty")
    workbook.vmv.values.append(misplaced)
    workbook.tactics.append(Tactic("gol-abcd12", "gol-x", "Call the bank"))
    assert workbook.find("tac-abcd12") is misplaced
    assert workbook.find("gol-abcd12") is workbook.tactics[0]


def test_a_goals_view_depends_on_what_it_filters_and_orders_by() -> None:
    from tui.model.goals import GoalView

    assert GoalView().depends_on() == frozenset()
    assert GoalView(sort="due").depends_on() == {"due", "title"}
    assert "measure" in GoalView(sort="progress").depends_on()
    assert GoalView(status="active", framework="okr", sort="title").depends_on() == {"status", "framework", "title"}
