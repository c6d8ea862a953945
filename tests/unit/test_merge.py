"""`stratbook merge`: three-way merge by id and field, conflicts recorded in the file, the git driver."""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import examples
from tests.conftest import SAMPLES
from tests.unit.edits_strategy import edited
from tests.unit.helpers import same_workbook
from tui.cli import main
from tui.model.checkins import find_target, targets_of
from tui.model.workbook import Checkin, KeyResult, SwotItem, Workbook
from tui.store import dumps, load, loads, save
from tui.store.diff import diff
from tui.store.merge import Conflict, MergeError, _merge_set, merge, read_conflicts, resolve_conflict

BASE = load(SAMPLES / "acme-robotics.toml").workbook
SETTINGS = settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def copies() -> tuple[Workbook, Workbook, Workbook]:
    return copy.deepcopy(BASE), copy.deepcopy(BASE), copy.deepcopy(BASE)


def reloaded(workbook: Workbook) -> Workbook:
    """Through the file format: the merge result must always be a valid workbook."""
    return loads(dumps(workbook).decode("utf-8")).workbook


# -- the cases ---------------------------------------------------------------------------------

def test_changes_on_one_side_are_taken_from_either_side() -> None:
    base, ours, theirs = copies()
    ours.swot.strengths[0].weight = 1
    theirs.swot.strengths[1].text = "Their text"
    theirs.vmv.mission = "Their mission"
    result = merge(base, ours, theirs)
    assert result.conflicts == []
    assert result.workbook.swot.strengths[0].weight == 1
    assert result.workbook.swot.strengths[1].text == "Their text"
    assert result.workbook.vmv.mission == "Their mission"
    assert "conflicts" not in result.workbook.extra


def test_the_same_change_on_both_sides_is_taken_once() -> None:
    base, ours, theirs = copies()
    for side in (ours, theirs):
        side.goals[0].status = "achieved"
        side.swot.threats.append(side.swot.threats.pop(0))
    result = merge(base, ours, theirs)
    assert result.conflicts == []
    assert same_workbook(result.workbook, ours)


def test_items_added_on_both_sides_are_both_kept_where_they_were_added() -> None:
    base, ours, theirs = copies()
    ours.swot.threats.insert(1, SwotItem("thr-ours01", "Ours"))
    theirs.swot.threats.insert(3, SwotItem("thr-thrs01", "Theirs"))
    theirs.goals[0].key_results.append(KeyResult("kr-thrs01", "Their key result"))
    result = merge(base, ours, theirs).workbook
    ids = [item.id for item in result.swot.threats]
    assert ids[1] == "thr-ours01" and ids.index("thr-thrs01") == ids.index(base.swot.threats[2].id) + 1
    assert len(ids) == len(base.swot.threats) + 2
    assert result.goals[0].key_results[-1].text == "Their key result"


def test_a_delete_against_no_change_is_taken() -> None:
    base, ours, theirs = copies()
    del ours.swot.strengths[0]
    del theirs.goals[1]  # a whole goal, with its key results and milestones
    theirs.swot.weaknesses[0].weight = 1
    result = merge(base, ours, theirs)
    assert result.conflicts == []
    workbook = result.workbook
    assert workbook.find("str-4hq7") is None and workbook.find("gol-q8wn3") is None
    assert workbook.find("kr-v3n8s") is None and workbook.swot.weaknesses[0].weight == 1


def test_a_delete_against_a_change_is_a_conflict_that_keeps_the_item() -> None:
    base, ours, theirs = copies()
    del ours.swot.strengths[0]
    theirs.swot.strengths[0].weight = 1
    del theirs.goals[0]
    ours.goals[0].key_results.append(KeyResult("kr-ours01", "Added under a goal they deleted"))
    result = merge(base, ours, theirs)
    assert sorted((c.item, c.deleted) for c in result.conflicts) == [("gol-7tz2", "theirs"), ("str-4hq7", "ours")]
    workbook = result.workbook
    assert workbook.find("str-4hq7").weight == 1
    assert [m.id for m in workbook.find("gol-7tz2").milestones] == [m.id for m in base.goals[0].milestones]
    assert workbook.find("kr-ours01") is not None


def test_a_field_changed_differently_is_a_conflict_keeping_ours_and_recorded_in_the_file() -> None:
    base, ours, theirs = copies()
    ours.swot.strengths[0].text = "Ours"
    theirs.swot.strengths[0].text = "Theirs"
    ours.goals[0].due = date(2027, 7, 31)
    theirs.goals[0].due = date(2027, 5, 31)
    result = merge(base, ours, theirs)
    assert [(c.item, c.field) for c in result.conflicts] == [("str-4hq7", "text"), ("gol-7tz2", "due")]
    workbook = reloaded(result.workbook)
    assert workbook.swot.strengths[0].text == "Ours" and workbook.goals[0].due == date(2027, 7, 31)
    records = workbook.extra["conflicts"]
    assert records[0] == {"item": "str-4hq7", "field": "text", "path": "swot.strengths",
                          "base": base.swot.strengths[0].text, "ours": "Ours", "theirs": "Theirs"}
    assert records[1]["theirs"] == date(2027, 5, 31)
    assert read_conflicts(workbook)[0] == result.conflicts[0]


def test_fields_merge_one_by_one_answers_and_links_too() -> None:
    base, ours, theirs = copies()
    ours.goals[0].answers["why"] = "Our why"
    theirs.goals[0].answers["how"] = "Their how"
    del theirs.goals[0].answers["today"]
    ours.goals[0].links.append("str-4hq7")
    theirs.goals[0].links.remove("wea-0qzm")
    theirs.goals[0].links.append("opp-2b8d")
    ours.meta.authors.append("Ana")
    theirs.meta.authors.append("Ben")
    result = merge(base, ours, theirs)
    assert result.conflicts == []
    goal = result.workbook.goals[0]
    assert (goal.answers["why"], goal.answers["how"]) == ("Our why", "Their how") and "today" not in goal.answers
    # Each in the first place either side gives it (theirs removed one: its addition is third).
    assert goal.links == ["val-8dwq", "wea-9xk1", "opp-2b8d", "str-4hq7"]
    assert result.workbook.meta.authors[-2:] == ["Ana", "Ben"]
    swapped = merge(base, theirs, ours).workbook
    assert (swapped.goals[0].links, swapped.meta.authors) == (goal.links, result.workbook.meta.authors)


def test_moves_and_reorders_on_one_side_are_taken() -> None:
    base, ours, theirs = copies()
    theirs.swot.opportunities.append(theirs.swot.threats.pop(0))
    ours.vmv.values.insert(0, ours.vmv.values.pop())
    result = merge(base, ours, theirs)
    assert result.conflicts == []
    assert result.workbook.swot.opportunities[-1].id == "thr-5ct9"
    assert [v.id for v in result.workbook.vmv.values] == [v.id for v in ours.vmv.values]


def test_moved_to_different_places_is_a_conflict() -> None:
    base, ours, theirs = copies()
    ours.swot.opportunities.append(ours.swot.threats.pop(0))
    theirs.swot.weaknesses.append(theirs.swot.threats.pop(0))
    result = merge(base, ours, theirs)
    assert [(c.item, c.field, c.ours, c.theirs) for c in result.conflicts] == [
        ("thr-5ct9", "container", "swot.opportunities", "swot.weaknesses")]
    assert result.workbook.swot.opportunities[-1].id == "thr-5ct9"


def test_start_and_due_merged_past_each_other_keep_ours_so_the_result_loads() -> None:
    base, ours, theirs = copies()
    ours.goals[0].due = date(2026, 11, 1)
    theirs.goals[0].start = date(2027, 1, 1)
    result = merge(base, ours, theirs)
    workbook = reloaded(result.workbook)
    assert (workbook.goals[0].start, workbook.goals[0].due) == (base.goals[0].start, date(2026, 11, 1))
    assert [(c.item, c.field) for c in result.conflicts] == [("gol-7tz2", "due")]


def test_a_newer_schema_is_refused() -> None:
    base, ours, theirs = copies()
    theirs.meta.schema = 99
    with pytest.raises(MergeError, match="newer"):
        merge(base, ours, theirs)


# -- resolving recorded conflicts ----------------------------------------------------------------

def conflicted() -> Workbook:
    base, ours, theirs = copies()
    ours.swot.strengths[0].text = "Ours"
    theirs.swot.strengths[0].text = "Theirs"
    ours.goals[0].answers["why"] = "Our why"
    theirs.goals[0].answers["why"] = "Their why"
    del ours.swot.weaknesses[0]
    theirs.swot.weaknesses[0].weight = 1
    return reloaded(merge(base, ours, theirs).workbook)


def test_resolving_takes_the_chosen_value_drops_the_record_and_undoes() -> None:
    workbook = conflicted()
    before = copy.deepcopy(workbook)
    edit = resolve_conflict(workbook, 0, "theirs")
    undo = edit.apply(workbook)
    assert workbook.swot.strengths[0].text == "Theirs"
    assert [c.item for c in read_conflicts(workbook)] == ["wea-9xk1", "gol-7tz2"]
    undo.apply(workbook)
    assert same_workbook(workbook, before)


def test_resolving_every_conflict_leaves_no_record() -> None:
    workbook = conflicted()
    resolve_conflict(workbook, 2, "theirs").apply(workbook)  # the answer
    assert workbook.goals[0].answers["why"] == "Their why"
    resolve_conflict(workbook, 1, "ours").apply(workbook)  # ours deleted the weakness: delete it
    assert workbook.find("wea-9xk1") is None
    resolve_conflict(workbook, 0, "ours").apply(workbook)
    assert workbook.swot.strengths[0].text == "Ours"
    assert "conflicts" not in workbook.extra
    reloaded(workbook)


def test_keeping_an_item_deleted_on_our_side_keeps_it() -> None:
    workbook = conflicted()
    resolve_conflict(workbook, 1, "theirs").apply(workbook)
    assert workbook.find("wea-9xk1").weight == 1


def test_broken_conflict_records_are_left_alone() -> None:
    workbook = copy.deepcopy(BASE)
    workbook.extra["conflicts"] = [{"item": 3}, {"item": "meta", "field": "title", "theirs": "T"}]
    assert read_conflicts(workbook)[0] is None
    assert read_conflicts(workbook)[1] == Conflict("meta", "title", "", theirs="T")
    resolve_conflict(workbook, 1, "theirs").apply(workbook)
    assert workbook.meta.title == "T" and workbook.extra["conflicts"] == [{"item": 3}]


def _hand_written_records() -> list[tuple[str, str, object]]:
    goal, okr = BASE.goals[0], next(g for g in BASE.goals if g.key_results)
    return [
        (okr.key_results[0].id, "target", "not a number"),
        (goal.id, "due", "garbage"),
        (goal.id, "status", "maybe"),
        (BASE.swot.strengths[0].id, "weight", 7),
        (BASE.swot.strengths[0].id, "text", ["a", "list"]),
        (goal.id, "parent", goal.id),
        ("meta", "schema", 99),
        ("pestle.political", "reviewed", "yes"),
    ]


@pytest.mark.parametrize(("item", "field", "theirs"), _hand_written_records())
def test_a_hand_written_value_that_would_make_the_workbook_invalid_is_not_taken(item, field, theirs) -> None:
    """A conflict record edited by hand (or arrived by email) may hold anything: taking it must not
    leave a workbook that cannot be shown or saved. It is refused, the workbook unchanged."""
    workbook = copy.deepcopy(BASE)
    workbook.extra["conflicts"] = [{"item": item, "field": field, "path": "", "ours": 1, "theirs": theirs}]
    before = copy.deepcopy(workbook)
    try:
        edit = resolve_conflict(workbook, 0, "theirs")
    except ValueError:
        assert same_workbook(workbook, before)
        return
    edit.apply(workbook)
    reloaded(workbook)  # taken: then it must be a valid workbook


# -- properties ------------------------------------------------------------------------------------

@SETTINGS
@given(edited(BASE))
def test_merging_a_workbook_with_itself_changes_nothing(workbook: Workbook) -> None:
    result = merge(workbook, workbook, workbook)
    assert result.conflicts == [] and same_workbook(result.workbook, workbook)
    result = merge(BASE, workbook, copy.deepcopy(workbook))
    assert result.conflicts == [] and same_workbook(result.workbook, workbook)


@SETTINGS
@given(edited(BASE))
def test_an_unchanged_side_gives_the_other_side(workbook: Workbook) -> None:
    for result in (merge(BASE, BASE, workbook), merge(BASE, workbook, BASE)):
        assert result.conflicts == []
        assert same_workbook(result.workbook, workbook)


@SETTINGS
@given(edited(BASE, "o"), edited(BASE, "t"))
def test_the_result_always_loads_and_has_both_sides_work(ours: Workbook, theirs: Workbook) -> None:
    result = merge(BASE, ours, theirs)
    workbook = reloaded(result.workbook)
    assert len(read_conflicts(workbook)) == len(result.conflicts)
    for item in ours.iter_items():  # nothing of ours disappears unless they deleted it
        if BASE.find(item.id) is None and not isinstance(item, Checkin):
            assert workbook.find(item.id) is not None
    for goal in ours.goals:  # a check-in of ours is kept, or theirs of the same day is (one a day)
        for target in targets_of(goal):
            merged = find_target(workbook, target.id)
            if merged is not None:
                assert {c.date for c in target.checkins} <= {c.date for c in merged.checkins}
    if not result.conflicts:  # a clean merge has the same content whichever side is ours
        other = reloaded(merge(BASE, theirs, ours).workbook)
        assert [c for c in diff(workbook, other) if c.kind != "reordered"] == []


def test_links_both_sides_replaced_merge_the_same_whichever_side_is_ours() -> None:
    """Found by the thorough profile: ours replaced a goal's links with one value, theirs with one
    opportunity; the clean merge kept both, ours first, so the two people who each merged the
    other's file got files that differ (`diff` showed the links changed)."""
    ours, theirs = copy.deepcopy(BASE), copy.deepcopy(BASE)
    ours.goals[0].links = ["val-k2m9"]
    theirs.goals[0].links = ["opp-2b8d"]
    one, other = merge(BASE, ours, theirs), merge(BASE, theirs, ours)
    assert one.conflicts == other.conflicts == []
    assert sorted(one.workbook.goals[0].links) == ["opp-2b8d", "val-k2m9"]
    assert one.workbook.goals[0].links == other.workbook.goals[0].links


def test_an_addition_put_before_what_both_keep_stays_before_it() -> None:
    """Ours put a link first, theirs removed another: the new one stays first, whichever side is ours."""
    base, ours, theirs = ["val-aaaa", "val-bbbb", "val-cccc"], ["wea-dddd", "val-aaaa", "val-bbbb", "val-cccc"], \
        ["val-aaaa", "val-cccc"]
    assert _merge_set(base, ours, theirs) == _merge_set(base, theirs, ours) == ["wea-dddd", "val-aaaa", "val-cccc"]


IDS = st.lists(st.sampled_from([f"val-{n}aaa" for n in range(8)]), max_size=8, unique=True)


@settings(max_examples=examples(300), deadline=None)
@given(IDS, IDS, IDS)
def test_a_set_field_merges_to_what_both_sides_keep_in_the_same_order_whichever_side_is_ours(
        base: list[str], ours: list[str], theirs: list[str]) -> None:
    """`links` and `authors`: what both keep, and what either added; none twice; one result,
    whichever side is ours; and a side whose order of what both hold is kept (both keep one, or
    only one changed BASE's) keeps the order of what it alone holds, and each of those follows
    what it follows on its side."""
    merged = _merge_set(base, ours, theirs)
    assert merged == _merge_set(base, theirs, ours)
    assert len(merged) == len(set(merged))
    assert set(merged) == (set(ours) & set(theirs)) | (set(ours) - set(base)) | (set(theirs) - set(base))
    both = set(ours) & set(theirs)
    for side, other in ((ours, theirs), (theirs, ours)):
        if [x for x in side if x in both] != [x for x in merged if x in both]:
            continue
        alone = [x for x in side if x not in other and x in merged]
        assert [x for x in merged if x in alone] == alone
        for x in alone:
            before = [y for y in side[:side.index(x)] if y in both]
            assert before == [y for y in merged[:merged.index(x)] if y in both], x


# -- the command and the git driver ------------------------------------------------------------------

def sides(tmp_path: Path) -> tuple[Path, Path, Path]:
    paths = [tmp_path / f"{name}.toml" for name in ("base", "ours", "theirs")]
    for path in paths:
        shutil.copy(SAMPLES / "acme-robotics.toml", path)
    return paths[0], paths[1], paths[2]


def edit_file(path: Path, change) -> None:
    workbook = load(path).workbook
    change(workbook)
    save(workbook, path)


def test_merge_command_writes_into_ours_and_exits_by_outcome(tmp_path: Path, capsys) -> None:
    base, ours, theirs = sides(tmp_path)
    edit_file(ours, lambda w: setattr(w.swot.strengths[0], "weight", 1))
    edit_file(theirs, lambda w: setattr(w.swot.strengths[1], "weight", 1))
    assert main(["merge", str(base), str(ours), str(theirs)]) == 0
    merged = load(ours).workbook
    assert (merged.swot.strengths[0].weight, merged.swot.strengths[1].weight) == (1, 1)
    assert "merged cleanly" in capsys.readouterr().out

    edit_file(theirs, lambda w: setattr(w.swot.strengths[0], "weight", 2))
    out = tmp_path / "out.toml"
    assert main(["merge", str(base), str(ours), str(theirs), "-o", str(out)]) == 1
    said = capsys.readouterr().out
    assert "str-4hq7 'Two patents on low-cost adaptive" in said
    assert "(SWOT strengths) weight: ours 1, theirs 2" in said
    assert load(out).workbook.extra["conflicts"][0]["theirs"] == 2
    assert "conflicts" not in load(ours).workbook.extra  # -o leaves OURS alone

    theirs.write_text("[workbook]\nschema = 'one'\n")
    before = ours.read_bytes()
    assert main(["merge", str(base), str(ours), str(theirs)]) == 2
    assert ours.read_bytes() == before


def test_merge_command_names_the_goals_a_parent_conflict_is_between(tmp_path: Path, capsys) -> None:
    """Ids alone say nothing to people: each id in a conflict's values is followed by its title."""
    base, ours, theirs = sides(tmp_path)
    edit_file(ours, lambda w: setattr(w.goals[0], "parent", w.goals[2].id))
    edit_file(theirs, lambda w: setattr(w.goals[0], "parent", w.goals[3].id))
    goals = load(base).workbook.goals
    assert main(["merge", str(base), str(ours), str(theirs), "-o", str(tmp_path / "out.toml")]) == 1
    said = capsys.readouterr().out
    assert f"{goals[0].id} {goals[0].title[:30]}" in said.replace("'", "")
    for goal in goals[2:4]:
        assert f'"{goal.id}" ({goal.title[:30]}' in said.replace("'", "")


ROOT = Path(__file__).resolve().parents[2]
README_DRIVER = re.search(r'^git config merge\.stratbook\.driver "([^"]+)"$', (ROOT / "README.md").read_text(),
                          re.MULTILINE).group(1)
"""The merge driver as the README sets it up."""


def git(repo: Path, *args: str) -> str:
    # PYTHONPATH: the `stratbook` git runs is this checkout's, also in a worktree beside the venv's
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
                               "PYTHONPATH": str(ROOT)})
    if done.returncode not in (0, 1):
        raise AssertionError(done.stdout + done.stderr)
    return done.stdout + done.stderr


def driver_repo(tmp_path: Path) -> Path:
    """A new git repository whose workbooks git merges with Stratbook's merge driver."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "Test")
    git(repo, "config", "user.email", "test@example.com")
    git(repo, "config", "merge.stratbook.driver", README_DRIVER)
    (repo / ".gitattributes").write_text("*.toml merge=stratbook\n")
    (repo / ".gitignore").write_text(".*.history/\n")  # the snapshots each save keeps: not for git
    return repo


def merged_branches(tmp_path: Path, on_anna, on_main) -> tuple[Path, str]:
    """A repository with the sample as plan.toml, changed by `on_anna(plan)` on a branch and by
    `on_main(plan)` on main, and what `git merge anna` on main says."""
    repo = driver_repo(tmp_path)
    plan = repo / "plan.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", plan)
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "plan")
    git(repo, "checkout", "-q", "-b", "anna")
    on_anna(plan)
    git(repo, "commit", "-q", "-am", "anna")
    git(repo, "checkout", "-q", "main")
    on_main(plan)
    git(repo, "commit", "-q", "-am", "main")
    return repo, git(repo, "merge", "anna", "-m", "merge anna")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_merge_driver_merges_two_branches_by_item(tmp_path: Path) -> None:
    repo, output = merged_branches(
        tmp_path, lambda plan: edit_file(plan, lambda w: (setattr(w.swot.strengths[0], "weight", 1),
                                                          setattr(w.meta, "title", "Anna's"))),
        lambda plan: edit_file(plan, lambda w: (setattr(w.swot.strengths[1], "weight", 1), w.swot.threats.append(
            SwotItem("thr-main01", "Added on main")), setattr(w.meta, "title", "Main's"))))
    plan = repo / "plan.toml"
    assert "CONFLICT" in output  # the title: exit 1 from the driver
    merged = load(plan).workbook  # no <<<<<<< markers: still a workbook
    assert merged.meta.title == "Main's"
    assert (merged.swot.strengths[0].weight, merged.swot.strengths[1].weight) == (1, 1)
    assert merged.find("thr-main01") is not None
    assert read_conflicts(merged) == [Conflict("meta", "title", "meta", BASE.meta.title, "Main's", "Anna's")]

    resolve_conflict(merged, 0, "theirs").apply(merged)
    save(merged, plan)
    git(repo, "commit", "-q", "-am", "resolved")
    assert load(plan).workbook.meta.title == "Anna's"
    assert "working tree clean" in git(repo, "status")


@pytest.mark.parametrize("deleting", ["ours", "theirs"])
def test_a_tactic_added_under_a_goal_the_other_side_deleted_keeps_the_goal_as_a_conflict(deleting: str) -> None:
    # Found from outside: one copy deleted a goal with its tactic, the other added a tactic under
    # it; merge said "merged cleanly", and the new tactic pointed at a goal that was gone. A
    # tactic sits in its goal, as a key result does: the goal stays, as a conflict.
    from tui.model.goals import tactics_of
    from tui.model.workbook import Tactic

    base, ours, theirs = copies()
    deleter, keeper = (ours, theirs) if deleting == "ours" else (theirs, ours)
    goal = "gol-q8wn3"
    deleter.tactics = [tactic for tactic in deleter.tactics if tactic.goal != goal]  # as the app deletes it
    deleter.goals = [g for g in deleter.goals if g.id != goal]
    keeper.tactics.append(Tactic("tac-added1", goal, "Added under a goal the other copy deleted"))
    result = merge(base, ours, theirs)
    assert [(c.item, c.deleted) for c in result.conflicts] == [(goal, deleting)]
    workbook = reloaded(result.workbook)
    assert workbook.find(goal) is not None
    # its tactics that went only with it come back with it
    assert [t.id for t in tactics_of(workbook, goal)] == [t.id for t in tactics_of(base, goal)] + ["tac-added1"]
    # settled as the deleting copy did: the goal goes with every tactic in it, as a delete in the app does
    settled = copy.deepcopy(workbook)
    resolve_conflict(settled, 0, deleting).apply(settled)
    assert settled.find(goal) is None and tactics_of(settled, goal) == []
    assert reloaded(settled).find("tac-added1") is None
    kept = copy.deepcopy(workbook)
    resolve_conflict(kept, 0, "theirs" if deleting == "ours" else "ours").apply(kept)
    assert [t.id for t in tactics_of(kept, goal)] == [t.id for t in tactics_of(base, goal)] + ["tac-added1"]


def test_a_three_way_merge_of_another_plan_is_refused_and_writes_nothing(tmp_path: Path, capsys) -> None:
    # Found from outside: 'merge acme.toml acme-copy.toml harbour-food-bank.toml' said "merged
    # cleanly" and, with OURS as the output (the git driver's way), turned it into the other plan.
    base, ours, other = (tmp_path / name for name in ("base.toml", "ours.toml", "other.toml"))
    shutil.copyfile(SAMPLES / "acme-robotics.toml", base)
    shutil.copyfile(SAMPLES / "acme-robotics.toml", ours)
    shutil.copyfile(SAMPLES / "harbour-food-bank.toml", other)
    before = ours.read_bytes()
    assert main(["merge", str(base), str(ours), str(other)]) == 2
    assert "another plan (lineage" in capsys.readouterr().err and ours.read_bytes() == before
    assert main(["merge", str(other), str(ours), str(base)]) == 2  # BASE from another plan
    assert ours.read_bytes() == before
    # THEIRS with its lineage taken out, against a BASE that has one: another plan all the same.
    stripped = tmp_path / "stripped.toml"
    stripped.write_text("\n".join(line for line in other.read_text(encoding="utf-8").splitlines()
                                  if not line.startswith("lineage =")) + "\n", encoding="utf-8")
    assert main(["merge", str(base), str(ours), str(stripped)]) == 2 and ours.read_bytes() == before
    # A copy written before lineage (a git history's first commit) merges as it always did.
    text = base.read_text(encoding="utf-8")
    base.write_text("\n".join(line for line in text.splitlines() if not line.startswith("lineage =")) + "\n",
                    encoding="utf-8")
    assert load(base).workbook.meta.lineage == ""
    assert main(["merge", str(base), str(ours), str(base)]) == 0


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_merge_driver_names_the_workbook_not_gits_temporary_file(tmp_path: Path) -> None:
    """Git passes the driver .merge_file_XXXXXX copies; the README's driver line passes the real
    path too (--name %P), and every message names that: 'plan.toml: merged with 1 conflict',
    'Open it (stratbook plan.toml)' (it said '.merge_file_qVXDWy: merged ...')."""
    _, output = merged_branches(tmp_path, lambda plan: edit_file(plan, lambda w: setattr(w.meta, "title", "Anna's")),
                                lambda plan: edit_file(plan, lambda w: setattr(w.meta, "title", "Main's")))
    assert "plan.toml: merged with 1 conflict" in output
    assert "Open it (stratbook plan.toml)" in output
    assert ".merge_file" not in output


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_merge_driver_says_which_side_is_not_a_workbook(tmp_path: Path) -> None:
    _, output = merged_branches(  # theirs with a key given twice
        tmp_path, lambda plan: plan.write_text(plan.read_text().replace("[workbook]", "[workbook]\nschema = 1", 1)),
        lambda plan: edit_file(plan, lambda w: setattr(w.meta, "title", "Main's")))
    assert "plan.toml (theirs):" in output and "the key 'schema' is given twice" in output
    assert ".merge_file" not in output


@pytest.mark.parametrize("side", ["base", "ours", "theirs"])
@pytest.mark.parametrize("name", [None, "plans/acme plan.toml"])
def test_a_side_that_is_not_a_workbook_is_named_as_that_side(tmp_path, capsys, side, name):
    base, ours, theirs = sides(tmp_path)
    broken = {"base": base, "ours": ours, "theirs": theirs}[side]
    broken.write_text(broken.read_text() + "\n[workbook]\n")
    before = {path: path.read_bytes() for path in (base, ours, theirs)}
    assert main(["merge", str(base), str(ours), str(theirs), *(["--name", name] if name else [])]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{name or broken} ({side}):"), err
    assert "[workbook] is declared twice" in err
    assert {path: path.read_bytes() for path in (base, ours, theirs)} == before


def test_merge_with_a_name_names_it_in_every_message(tmp_path, capsys):
    base, ours, theirs = sides(tmp_path)
    edit_file(ours, lambda w: setattr(w.meta, "title", "Ours"))
    edit_file(theirs, lambda w: setattr(w.meta, "title", "Theirs"))
    assert main(["merge", str(base), str(ours), str(theirs), "--name", "my plan.toml"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("my plan.toml: merged with 1 conflict")
    assert "Open it (stratbook 'my plan.toml')" in out and str(ours) not in out


def test_the_readme_sets_up_the_driver_as_tested():
    """driver_repo runs the README's own setup lines: they are the ones tested."""
    assert README_DRIVER == "stratbook merge %O %A %B --name %P"
