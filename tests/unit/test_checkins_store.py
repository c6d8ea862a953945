"""Check-ins in the file's neighbours: diff lists them, merge keeps both sides' and keeps
`current` in step, a same-day pair from two sides is one check-in (or a conflict on its value)."""

from __future__ import annotations

import copy
from datetime import date

from tests.conftest import SAMPLES
from tui.model.checkins import add_checkin, delete_checkin, edit_checkin, find_target
from tui.model.workbook import Workbook
from tui.store import dumps, load, loads
from tui.store.diff import diff, place_name, take_theirs
from tui.store.merge import merge, read_conflicts, resolve_conflict

BASE = load(SAMPLES / "acme-robotics.toml").workbook
GOAL = "gol-7tz2"  # SMART, with a measure


def checked_in(workbook: Workbook, target_id: str, day: date, value: float, confidence: int | None = None,
               note: str = "") -> None:
    target = find_target(workbook, target_id)
    add_checkin(target, day, value, workbook.ids(), confidence, note)[0].apply(workbook)


def first_key_result(workbook: Workbook) -> str:
    return next(kr.id for goal in workbook.goals for kr in goal.key_results)


def test_diff_lists_added_check_ins_by_day_and_value():
    new = copy.deepcopy(BASE)
    checked_in(new, GOAL, date(2027, 1, 4), 10.5)
    kr = first_key_result(new)
    checked_in(new, kr, date(2027, 1, 5), 2)
    changes = diff(BASE, new)
    added = [c for c in changes if c.kind == "added"]
    assert [(c.where.rpartition(".")[2], c.label) for c in added] == [("checkins", "2027-01-04: 10.5"),
                                                                      ("checkins", "2027-01-05: 2")]
    assert place_name(added[1].where, new).startswith("Check-ins of key result '")
    assert any(c.kind == "changed" and c.field == "current" for c in changes)


def test_merge_keeps_both_sides_check_ins_and_current_follows_the_newest():
    base, ours, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE), copy.deepcopy(BASE)
    checked_in(ours, GOAL, date(2027, 1, 4), 10.5)
    checked_in(theirs, GOAL, date(2027, 1, 11), 10.0)
    checked_in(ours, GOAL, date(2027, 1, 18), 9.5)
    kr = first_key_result(base)
    checked_in(theirs, kr, date(2027, 1, 20), 3)
    checked_in(ours, kr, date(2027, 1, 13), 1)
    result = merge(base, ours, theirs)
    assert result.conflicts == []
    goal = result.workbook.find(GOAL)
    assert [(c.date.day, c.value) for c in goal.checkins] == [(4, 10.5), (11, 10.0), (18, 9.5)]
    assert goal.measure.current == 9.5
    merged_kr = result.workbook.find(kr)
    assert [c.value for c in merged_kr.checkins] == [1, 3] and merged_kr.current == 3
    assert loads(dumps(result.workbook).decode()).workbook.find(GOAL).measure.current == 9.5


def test_merge_of_one_day_checked_in_on_both_sides_is_one_check_in():
    base, ours, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE), copy.deepcopy(BASE)
    checked_in(ours, GOAL, date(2027, 1, 4), 10.5)
    checked_in(theirs, GOAL, date(2027, 1, 4), 10.5)
    result = merge(base, ours, theirs)
    assert result.conflicts == [] and len(result.workbook.find(GOAL).checkins) == 1
    theirs = copy.deepcopy(BASE)
    checked_in(theirs, GOAL, date(2027, 1, 4), 11.0)
    result = merge(base, ours, theirs)
    assert [(c.field, c.ours, c.theirs) for c in result.conflicts] == [("value", 10.5, 11.0)]
    goal = result.workbook.find(GOAL)
    assert [c.value for c in goal.checkins] == [10.5] and goal.measure.current == 10.5
    loads(dumps(result.workbook).decode())  # still a valid workbook


def test_exports_show_the_trend_and_carry_the_check_ins():
    from tui.store.export import export, loads_json

    workbook = copy.deepcopy(BASE)
    for day, value, note in ((4, 11.5, "start"), (11, 10.5, "<b>pilot</b>"), (18, 10.0, "")):
        checked_in(workbook, GOAL, date(2027, 1, day), value, 7, note)
    markdown = export(workbook, "markdown")
    assert "Trend: 11.5 → 10.5 → 10 working days (3 check-ins, last 2027-01-18, confidence 7/10)" in markdown
    html = export(workbook, "html")
    assert "<td>10.5</td>" in html and "&lt;b&gt;pilot&lt;/b&gt;" in html and "<b>pilot</b>" not in html
    assert [c.value for c in loads_json(export(workbook, "json")).find(GOAL).checkins] == [11.5, 10.5, 10.0]


def test_a_same_day_pair_that_differs_is_a_conflict_on_each_field_and_taking_theirs_keeps_current():
    # Theirs' reading of the same day must not be lost field by field (their note, their
    # confidence), and settling the value for theirs must move `current` with it.
    base, ours, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE), copy.deepcopy(BASE)
    checked_in(ours, GOAL, date(2027, 1, 4), 10.5, 7, "ours")
    checked_in(theirs, GOAL, date(2027, 1, 4), 11.0, 2, "theirs")
    result = merge(base, ours, theirs)
    assert sorted((c.field, c.ours, c.theirs) for c in result.conflicts) == [
        ("confidence", 7, 2), ("note", "ours", "theirs"), ("value", 10.5, 11.0)]
    workbook = result.workbook
    while read_conflicts(workbook):
        resolve_conflict(workbook, 0, "theirs").apply(workbook)
    goal = workbook.find(GOAL)
    assert [(c.value, c.confidence, c.note) for c in goal.checkins] == [(11.0, 2, "theirs")]
    assert goal.measure.current == 11.0
    loads(dumps(workbook).decode())


def test_settling_a_check_in_conflict_keeps_current_on_the_newest_value():
    # Both sides edit one key result check-in's value: taking theirs moves `current`; undo restores both.
    base = copy.deepcopy(BASE)
    kr = first_key_result(base)
    checked_in(base, kr, date(2027, 1, 4), 1)
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    find_target(ours, kr).checkins[0].value = 2
    find_target(ours, kr).measure.current = 2
    find_target(theirs, kr).checkins[0].value = 3
    find_target(theirs, kr).measure.current = 3
    workbook = merge(base, ours, theirs).workbook
    assert [(c.field, c.theirs) for c in read_conflicts(workbook)] == [("value", 3)]
    undo = resolve_conflict(workbook, 0, "theirs").apply(workbook)
    target = find_target(workbook, kr)
    assert target.checkins[0].value == target.current == 3
    undo.apply(workbook)
    target = find_target(workbook, kr)
    assert target.checkins[0].value == target.current == 2


def test_settling_a_deleted_check_in_for_the_deleting_side_moves_current_back():
    # Ours deletes the newest check-in, theirs corrects it: keeping the deletion must leave
    # `current` on the check-in before, whichever side deleted.
    base = copy.deepcopy(BASE)
    checked_in(base, GOAL, date(2027, 1, 4), 10.5)
    checked_in(base, GOAL, date(2027, 1, 11), 10.0)
    deleting, editing = copy.deepcopy(base), copy.deepcopy(base)
    target = find_target(deleting, GOAL)
    delete_checkin(target, target.checkins[-1].id).apply(deleting)
    target = find_target(editing, GOAL)
    edit_checkin(target, target.checkins[-1].id, value=9.0).apply(editing)
    for ours, theirs, choice in ((deleting, editing, "ours"), (editing, deleting, "theirs")):
        workbook = merge(base, ours, theirs).workbook
        resolve_conflict(workbook, 0, choice).apply(workbook)
        goal = workbook.find(GOAL)
        assert [c.value for c in goal.checkins] == [10.5] and goal.measure.current == 10.5


def test_taking_theirs_check_in_in_a_comparison_moves_current_with_it():
    # Compare: taking an added (or removed) check-in from the other copy is a check-in edit.
    mine, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    checked_in(mine, GOAL, date(2027, 1, 4), 10.5)
    checked_in(theirs, GOAL, date(2027, 1, 4), 10.5)
    checked_in(theirs, GOAL, date(2027, 1, 11), 9.0)
    undos = [take_theirs(change, mine, theirs).apply(mine)  # theirs' 2027-01-04 replaces mine (one a day)
             for change in diff(mine, theirs) if change.kind == "added"]
    goal = mine.find(GOAL)
    assert [(c.date.day, c.value) for c in goal.checkins] == [(4, 10.5), (11, 9.0)]
    assert goal.measure.current == 9.0
    loads(dumps(mine).decode())
    for undo in reversed(undos):
        undo.apply(mine)
    assert [c.value for c in mine.find(GOAL).checkins] == [10.5] and mine.find(GOAL).measure.current == 10.5
    for change in diff(theirs, mine):  # back: theirs' two removed, mine's one added
        if change.kind in ("added", "removed"):
            take_theirs(change, theirs, mine).apply(theirs)
    goal = theirs.find(GOAL)
    assert [c.value for c in goal.checkins] == [10.5] and goal.measure.current == 10.5
