"""The ids in use, kept across edits (tui/model/edits.py: `ids_in_use`, `follow_ids`): after any
run of edits, undos and redos, the set that followed them holds every id in the workbook, so a new
id that avoids it is new; and it followed each edit in proportion to the edit (the ids it carries),
never by walking the workbook. A whole workbook's content (a merged reply) cannot be followed."""

from __future__ import annotations

import copy
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import examples
from tests.conftest import SAMPLES
from tui.model.checkins import add_checkin, delete_checkin, targets_of
from tui.model.edits import (
    Batch,
    History,
    Insert,
    Remove,
    RemoveAll,
    ReplaceContent,
    SetEach,
    SetFields,
    follow_ids,
    ids_brought_in,
    ids_in_use,
    move_all,
)
from tui.model.workbook import Checkin, Goal, KeyResult, Milestone
from tui.store import load

ACME = load(SAMPLES / "acme-robotics.toml").workbook
STEPS = ("checkin", "delete_checkin", "new_goal", "delete_goal", "delete_tactics", "statuses", "move_tactics",
         "undo", "redo")


def a_goal_with_everything(tag: str) -> Goal:
    kr = KeyResult(f"kr-{tag}", "Ship it", target=10.0, checkins=[Checkin(f"chk-{tag}k", date(2027, 1, 4), 3)])
    return Goal(f"gol-{tag}", "okr", "New goal", key_results=[kr], milestones=[Milestone(f"mil-{tag}", None, "m")],
                checkins=[Checkin(f"chk-{tag}g", date(2027, 1, 5), 1)])


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_followed_ids_hold_every_id_after_any_edits(data) -> None:
    workbook = copy.deepcopy(ACME)
    history = History()
    taken = ids_in_use(workbook)
    for number in range(data.draw(st.integers(1, 12))):
        step = data.draw(st.sampled_from(STEPS))
        goal = data.draw(st.sampled_from(workbook.goals)) if workbook.goals else None
        edit = None
        if step == "undo":
            applied = history.undo(workbook)
        elif step == "redo":
            applied = history.redo(workbook)
        else:
            if step == "checkin" and goal is not None and list(targets_of(goal)):
                target = data.draw(st.sampled_from(list(targets_of(goal))))
                day = date(2027, 1, 1) + timedelta(days=data.draw(st.integers(0, 5)))
                edit = add_checkin(target, day, data.draw(st.integers(0, 20)), taken)[0]
            elif step == "delete_checkin" and goal is not None:
                holders = [t for t in targets_of(goal) if t.checkins]
                if holders:
                    target = data.draw(st.sampled_from(holders))
                    edit = delete_checkin(target, data.draw(st.sampled_from(target.checkins)).id)
            elif step == "new_goal":
                place = data.draw(st.integers(0, len(workbook.goals)))
                edit = Insert("goals", place, a_goal_with_everything(f"t{number:03d}"))
            elif step == "delete_goal" and goal is not None:
                edit = Batch((*(Remove("tactics", t.id) for t in workbook.tactics if t.goal == goal.id),
                              Remove("goals", goal.id)))
            elif step == "delete_tactics" and workbook.tactics:
                chosen = data.draw(st.lists(st.sampled_from(workbook.tactics), min_size=1, max_size=3, unique_by=id))
                edit = RemoveAll(tuple(Remove("tactics", t.id) for t in chosen))
            elif step == "statuses" and workbook.tactics:
                edit = SetEach(tuple(SetFields(t.id, {"status": "done"}) for t in workbook.tactics[:3]))
            elif step == "move_tactics" and len(workbook.tactics) > 1:
                edit = move_all(workbook, [("tactics", workbook.tactics[0].id)], "tactics", "move")
            if edit is None:
                continue
            history.record(edit, edit.apply(workbook))
            applied = edit
        if applied is None:
            continue
        brought = ids_brought_in(applied)
        assert brought is not None and len(brought) <= 12  # the edit's own items, not the workbook's
        assert follow_ids(taken, applied)
        assert taken >= workbook.ids(), f"after {step}: ids in the workbook missing from the followed set"


def test_a_whole_workbook_s_content_is_not_followed() -> None:
    workbook = copy.deepcopy(ACME)
    taken = ids_in_use(workbook)
    other = copy.deepcopy(ACME)
    other.goals.append(a_goal_with_everything("zz01"))
    edit = ReplaceContent(other)
    edit.apply(workbook)
    assert ids_brought_in(edit) is None and not follow_ids(taken, edit)
    assert "gol-zz01" not in taken  # left as it was: the app makes it again


def test_an_inserted_goal_brings_in_its_nested_items() -> None:
    goal = a_goal_with_everything("nest")
    assert ids_brought_in(Insert("goals", 0, goal)) == {"gol-nest", "kr-nest", "chk-nestk", "mil-nest", "chk-nestg"}
    changes = {"key_results": goal.key_results, "title": "t"}
    assert ids_brought_in(SetFields("gol-x", changes)) == {"kr-nest", "chk-nestk"}
    assert ids_brought_in(Remove("goals", "gol-nest")) == set()
