"""Goals that serve goals, weighted key results, OKR zones: in the model, the store and `check`."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tests.conftest import SAMPLES
from tests.unit.test_cli import HEAD, run, write
from tui.model.alignment import children_map, cycles, folded_tree, rollup, tree_order, would_cycle
from tui.model.edits import Batch, EditError, SetFields
from tui.model.progress import okr_score, score_zone
from tui.model.workbook import Goal, KeyResult, Measure, Workbook
from tui.store import WorkbookError, dumps, load, loads
from tui.store.diff import diff, format_text, take_theirs
from tui.store.export import loads_json, to_json
from tui.store.merge import merge


def goals_with_parents(parents: dict[str, str]) -> list[Goal]:
    return [Goal(goal_id, parent=parent) for goal_id, parent in parents.items()]


# -- cycles -------------------------------------------------------------------------------

def test_cycles_are_found_once_each_in_parent_order():
    goals = goals_with_parents({"gol-aaaa": "gol-bbbb", "gol-bbbb": "gol-cccc", "gol-cccc": "gol-aaaa",
                                "gol-dddd": "gol-aaaa", "gol-eeee": "gol-eeee", "gol-ffff": "gol-gone"})
    assert cycles(goals) == [["gol-aaaa", "gol-bbbb", "gol-cccc"], ["gol-eeee"]]


def test_goals_that_serve_no_goal_are_never_a_cycle():
    # A goal whose id is missing ("") and that names no parent ("") read as serving itself.
    from tui.model.alignment import parent_cycles

    assert parent_cycles({"": "", "gol-aaaa": ""}) == []
    assert parent_cycles({"": "gol-aaaa", "gol-aaaa": ""}) == []
    assert parent_cycles({"gol-aaaa": "gol-aaaa"}) == [["gol-aaaa"]]


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.integers(0, 7), min_size=1, max_size=8))
def test_a_parent_chain_of_earlier_goals_never_cycles(picks):
    # Each goal serves one before it (or none): a forest, never a cycle.
    goals = [Goal(f"gol-a{n:03d}", parent=f"gol-a{pick:03d}" if pick < n else "") for n, pick in enumerate(picks)]
    assert cycles(goals) == []
    order = tree_order(goals)
    assert sorted(g.id for g, _ in order) == sorted(g.id for g in goals)
    depth = {g.id: d for g, d in order}
    position = {g.id: i for i, (g, _) in enumerate(order)}
    for goal in goals:
        if goal.parent:
            assert depth[goal.id] == depth[goal.parent] + 1
            assert position[goal.id] > position[goal.parent]


def test_the_model_refuses_an_edit_that_makes_a_cycle():
    workbook = Workbook(goals=goals_with_parents({"gol-aaaa": "", "gol-bbbb": "gol-aaaa", "gol-cccc": "gol-bbbb"}))
    assert would_cycle(workbook.goals, "gol-aaaa", "gol-cccc")
    with pytest.raises(EditError, match="cycle"):
        SetFields("gol-aaaa", {"parent": "gol-cccc"}).apply(workbook)
    with pytest.raises(EditError, match="cycle"):
        SetFields("gol-aaaa", {"parent": "gol-aaaa"}).apply(workbook)
    with pytest.raises(EditError):  # inside a batch too, which then leaves the workbook as it was
        Batch((SetFields("gol-aaaa", {"title": "Changed"}), SetFields("gol-aaaa", {"parent": "gol-bbbb"}))).apply(workbook)
    assert workbook.goals[0].title == "" and workbook.goals[0].parent == ""
    # A move that makes no loop is fine, and undoes.
    undo = SetFields("gol-cccc", {"parent": "gol-aaaa"}).apply(workbook)
    assert workbook.goals[2].parent == "gol-aaaa"
    undo.apply(workbook)
    assert workbook.goals[2].parent == "gol-bbbb"


def test_a_cycle_in_the_file_is_an_error_that_names_it(tmp_path, capsys):
    text = HEAD + ("[[goals]]\nid = 'gol-aaaa'\nparent = 'gol-bbbb'\n"
                   "[[goals]]\nid = 'gol-bbbb'\nparent = 'gol-aaaa'\n")
    with pytest.raises(WorkbookError) as caught:
        loads(text)
    assert any("gol-aaaa -> gol-bbbb -> gol-aaaa" in p.message and p.path == "goals[0].parent"
               for p in caught.value.problems)
    status, out, err = run(capsys, "check", str(write(tmp_path, text)))
    assert status == 2
    assert any("goals[0].parent" in line and "gol-aaaa -> gol-bbbb -> gol-aaaa" in line for line in err)


def test_a_dangling_parent_warns_and_a_wrong_field_is_an_error():
    loaded = loads(HEAD + "[[goals]]\nid = 'gol-aaaa'\nparent = 'gol-gone'\n")
    assert [p.path for p in loaded.warnings] == ["goals[0].parent"]
    assert loaded.workbook.goals[0].parent == "gol-gone"
    bad = {
        "parent = 3": "goals[0].parent",
        "parent = 'val-aaaa'": "goals[0].parent",
        "commitment = 'maybe'": "goals[0].commitment",
        "perspective = 'finance'": "goals[0].perspective",
    }
    for line, path in bad.items():
        with pytest.raises(WorkbookError) as caught:
            loads(HEAD + f"[vmv]\n[[vmv.values]]\nid = 'val-aaaa'\n[[goals]]\nid = 'gol-aaaa'\n{line}\n")
        assert [p.path for p in caught.value.problems] == [path], line
    for weight, message in (("0", "from 1 to 10"), ("11", "from 1 to 10"), ("1.5", "whole number")):
        with pytest.raises(WorkbookError) as caught:
            loads(HEAD + f"[[goals]]\nid = 'gol-aaaa'\n[[goals.key_results]]\nid = 'kr-aaaa'\nweight = {weight}\n")
        assert caught.value.problems[0].path == "goals[0].key_results[0].weight"
        assert message in caught.value.problems[0].message


def test_the_new_fields_are_written_in_the_formats_order_and_read_back():
    goal = Goal("gol-bbbb", "okr", "Team", links=["gol-aaaa"], parent="gol-aaaa", commitment="committed",
                perspective="customer",
                key_results=[KeyResult("kr-aaaa", "One", weight=1), KeyResult("kr-bbbb", "Two", weight=3)])
    workbook = Workbook(goals=[Goal("gol-aaaa", title="Company"), goal])
    text = dumps(workbook).decode()
    block = text[text.index('id = "gol-bbbb"'):]
    assert block.index("links") < block.index("parent") < block.index("commitment") < block.index("perspective")
    assert block.count("weight = ") == 1 and "weight = 3" in block  # the default 1 is left out
    assert loads(text).workbook.goals == workbook.goals


# -- scores, zones, roll-up -----------------------------------------------------------------

def test_the_okr_score_is_the_weighted_mean():
    goal = Goal("gol-aaaa", "okr", key_results=[KeyResult("kr-aaaa", baseline=0, target=10, current=10, weight=3),
                                                KeyResult("kr-bbbb", baseline=0, target=10, current=0, weight=1)])
    assert okr_score(goal) == pytest.approx(0.75)
    goal.key_results[1].weight = 3
    assert okr_score(goal) == pytest.approx(0.5)
    assert okr_score(Goal("gol-cccc", "okr")) == 0.0


@pytest.mark.parametrize(("score", "commitment", "zone"), [
    (0.0, "", "failed"), (0.3, "", "failed"), (0.34, "", "failed"), (0.4, "", "progress"), (0.6, "", "progress"),
    (0.7, "", "delivered"), (0.7, "aspirational", "delivered"), (1.0, "", "delivered"),
    (0.7, "committed", "progress"), (0.96, "committed", "delivered"), (0.2, "committed", "failed"),
])
def test_score_zones(score, commitment, zone):
    assert score_zone(score, commitment) == zone


def test_the_rollup_is_the_mean_of_the_childrens_progress_or_none():
    def measured(goal_id: str, parent: str, current: float) -> Goal:
        return Goal(goal_id, parent=parent, measure=Measure(baseline=0, target=10, current=current))
    goals = [measured("gol-aaaa", "", 1), measured("gol-bbbb", "gol-aaaa", 2), measured("gol-cccc", "gol-aaaa", 6),
             measured("gol-dddd", "gol-bbbb", 10)]
    children = children_map(goals)
    assert rollup(goals[0], children) == pytest.approx(0.4)  # children only, not grandchildren
    assert rollup(goals[1], children) == pytest.approx(1.0)
    assert rollup(goals[2], children) is None


# -- export, diff and merge know the new fields ---------------------------------------------------

def unaligned_sample() -> Workbook:
    """The Acme sample with no goal serving another and none placed on the scorecard."""
    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    for goal in workbook.goals:
        goal.parent = goal.perspective = ""
    return workbook


def _aligned_sample() -> Workbook:
    workbook = unaligned_sample()
    company, team = workbook.goals[0], workbook.goals[1]
    team.parent, team.commitment, team.perspective = company.id, "committed", "customer"
    return workbook


def test_the_json_export_carries_the_new_fields():
    workbook = _aligned_sample()
    okr = next(g for g in workbook.goals if g.key_results)
    okr.key_results[0].weight = 4
    data = json.loads(to_json(workbook))
    team = data["goals"][1]
    assert (team["parent"], team["commitment"], team["perspective"]) == (workbook.goals[0].id, "committed", "customer")
    assert data["goals"][workbook.goals.index(okr)]["key_results"][0]["weight"] == 4
    assert loads_json(to_json(workbook)).goals == workbook.goals


def test_a_change_of_parent_is_a_move_in_the_diff():
    old = unaligned_sample()
    new = _aligned_sample()
    team = new.goals[1]
    moves = [c for c in diff(old, new) if c.kind == "moved"]
    assert [(c.ref, c.field, c.old, c.new) for c in moves] == [(team.id, "parent", "", new.goals[0].id)]
    text = format_text(diff(old, new), old, new)
    assert f"now serves '{new.goals[0].title[:40]}" in text
    # Taking theirs (the compare view's edit) sets the parent; the model refuses it when it would loop.
    mine = unaligned_sample()
    take_theirs(moves[0], mine, new).apply(mine)
    assert mine.goals[1].parent == new.goals[0].id


def test_a_merge_that_would_loop_parents_keeps_ours_and_records_a_conflict():
    base = unaligned_sample()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    a, b = ours.goals[0].id, ours.goals[1].id
    ours.goals[1].parent = a      # ours: B serves A
    theirs.goals[0].parent = b    # theirs: A serves B
    result = merge(base, ours, theirs)
    merged = loads(dumps(result.workbook).decode()).workbook  # it saves and loads: no loop
    assert cycles(merged.goals) == []
    assert (merged.goals[0].parent, merged.goals[1].parent) == ("", a)
    assert [(c.item, c.field, c.theirs) for c in result.conflicts] == [(a, "parent", b)]


def test_a_refused_cycle_names_the_goals_by_title_not_by_id():
    """Seen as a new user: 'Not changed: gol-w4c9 cannot serve gol-7tz2, ...' named two goals by
    ids the app shows nowhere else."""
    workbook = Workbook(goals=goals_with_parents({"gol-aaaa": "", "gol-bbbb": "gol-aaaa"}))
    workbook.goals[0].title, workbook.goals[1].title = "Grow revenue to £30m", "Cut delivery time\x1b[31m"
    with pytest.raises(EditError) as refused:
        SetFields("gol-aaaa", {"parent": "gol-bbbb"}).apply(workbook)
    message = str(refused.value)
    assert "'Grow revenue to £30m' cannot serve 'Cut delivery time␛[31m'" in message
    assert "gol-" not in message


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.integers(0, 7), min_size=1, max_size=8), st.sets(st.integers(0, 7)))
def test_folding_a_goal_hides_exactly_the_goals_under_it(picks, folded_at):
    goals = [Goal(f"gol-a{n:03d}", parent=f"gol-a{pick:03d}" if pick < n else "") for n, pick in enumerate(picks)]
    folded = {f"gol-a{n:03d}" for n in folded_at}
    parent_of = {g.id: g.parent for g in goals}

    def under_a_fold(goal_id: str) -> bool:
        current = parent_of[goal_id]
        while current:
            if current in folded:
                return True
            current = parent_of[current]
        return False

    tree = tree_order(goals)
    assert folded_tree(tree, folded) == [(g, d) for g, d in tree if not under_a_fold(g.id)]
