"""`stratbook diff`: differences by item id, each kind, text and JSON, and turning them into edits."""

from __future__ import annotations

import copy
import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests import examples
from tui.model.comments import Comments
from tests.conftest import SAMPLES
from tests.unit.edits_strategy import edited
from tests.unit.helpers import same_workbook
from tui.cli import main
from tui.model.workbook import KeyResult, SwotItem, Workbook
from tui.store import load, save
from tui.store.diff import diff, flatten, format_json, format_text, take_theirs, unflatten, word_diff_text

BASE = load(SAMPLES / "acme-robotics.toml").workbook


def base() -> Workbook:
    return copy.deepcopy(BASE)


def kinds(changes) -> list[tuple[str, str, str]]:
    return [(c.kind, c.ref, c.field) for c in changes]


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_flat_view_rebuilds_the_same_workbook(sample: Path) -> None:
    workbook = load(sample).workbook
    # The flat view is the data; the comments written by hand are not in it.
    assert same_workbook(unflatten(flatten(workbook)), dataclasses.replace(workbook, comments=Comments()))
    assert diff(workbook, copy.deepcopy(workbook)) == []


def test_added_removed_and_changed_items() -> None:
    new = base()
    new.swot.threats.append(SwotItem("thr-new1", "A new rival"))
    del new.swot.strengths[2]
    new.swot.weaknesses[0].weight = 2
    new.swot.weaknesses[0].notes = ""
    new.goals[0].key_results.append(KeyResult("kr-new1", "Ship faster"))
    changes = diff(BASE, new)
    assert kinds(changes) == [
        ("removed", "str-wz6m", ""),
        ("changed", "wea-9xk1", "weight"),
        ("changed", "wea-9xk1", "notes"),
        ("added", "thr-new1", ""),
        ("added", "kr-new1", ""),
    ]
    weight = changes[1]
    assert (weight.old, weight.new, weight.where) == (4, 2, "swot.weaknesses")
    assert changes[4].where == "gol-7tz2.key_results"


def test_moves_between_quadrants_goals_and_tactic_goals() -> None:
    new = base()
    new.swot.opportunities.append(new.swot.threats.pop(0))
    new.goals[1].milestones.append(new.goals[0].milestones.pop(0))
    new.tactics[0].goal = "gol-w4c9"
    changes = [c for c in diff(BASE, new) if c.kind == "moved"]
    assert [(c.ref, c.old, c.new) for c in changes] == [
        ("thr-5ct9", "swot.threats", "swot.opportunities"),
        ("mil-w8dn5", "gol-7tz2.milestones", "gol-q8wn3.milestones"),
        ("tac-h6j8", "gol-7tz2", "gol-w4c9"),
    ]
    text = format_text(diff(BASE, new), BASE, new)
    assert "moved from SWOT threats to SWOT opportunities" in text
    assert "moved from goal 'Cut order-to-delivery time to 5 days' to 'Grow revenue" in text


def test_a_tactic_moved_to_another_goal_is_one_change_and_order_counts_within_a_goal() -> None:
    new = base()
    tactic = new.tactics[0]
    tactic.goal = "gol-w4c9"
    new.tactics.append(new.tactics.pop(0))  # as the app files it: after the new goal's tactics
    changes = diff(BASE, new)
    assert [(c.kind, c.ref) for c in changes] == [("moved", tactic.id)]  # not also "reordered"
    again = base()
    siblings = [t for t in again.tactics if t.goal == again.tactics[0].goal]
    first, second = again.tactics.index(siblings[0]), again.tactics.index(siblings[1])
    again.tactics[first], again.tactics[second] = again.tactics[second], again.tactics[first]
    reorders = [(c.kind, c.old, c.new) for c in diff(BASE, again)]
    assert reorders == [("reordered", 2, 1)]  # positions among the goal's own tactics


def test_reordered_items_name_only_those_that_moved() -> None:
    new = base()
    new.vmv.values.insert(0, new.vmv.values.pop(3))
    changes = diff(BASE, new)
    assert [(c.kind, c.ref, c.old, c.new) for c in changes] == [("reordered", "val-t4nz", 4, 1)]
    assert "reordered: position 4 -> 1" in format_text(changes, BASE, new)


def test_vision_changes_are_a_word_diff() -> None:
    new = base()
    new.vmv.vision = new.vmv.vision.replace("any workshop of ten people", "every workshop of five people")
    text = format_text(diff(BASE, new), BASE, new, "a.toml", "b.toml")
    assert text.startswith("--- a.toml\n+++ b.toml\n1 difference\n\nVision and mission\n")
    assert "A world where [-any-]{+every+} workshop of [-ten-]{+five+} people" in " ".join(text.split())
    assert max(len(line) for line in text.splitlines()) <= 80


def test_word_diff_keeps_context_short() -> None:
    old = " ".join(f"w{i}" for i in range(40))
    new = old.replace("w20", "changed")
    assert word_diff_text(old, new) == "... w14 w15 w16 w17 w18 w19 [-w20-]{+changed+} w21 w22 w23 w24 w25 w26 ..."


def test_goal_answers_measure_and_meta_changes() -> None:
    new = base()
    new.goals[0].answers["why"] = "Because customers asked"
    del new.goals[0].answers["today"]
    new.goals[0].measure.current = 7.0
    new.goals[2].measure = None
    new.meta.updated = None  # every save changes it: not a difference
    new.meta.organisation = "Acme Ltd"
    assert kinds(diff(BASE, new)) == [
        ("changed", "meta", "organisation"),
        ("changed", "gol-7tz2", "answers.why"),
        ("changed", "gol-7tz2", "answers.today"),
        ("changed", "measure:gol-7tz2", "current"),
        ("removed", "measure:gol-8rjx5e", ""),
    ]


def test_a_removed_goal_is_one_change_not_one_per_part() -> None:
    new = base()
    del new.goals[1]
    assert kinds(diff(BASE, new)) == [("removed", "gol-q8wn3", "")]
    assert kinds(diff(new, BASE)) == [("added", "gol-q8wn3", "")]


def test_json_format_for_tools() -> None:
    new = base()
    new.swot.strengths[0].weight = 1
    new.vmv.mission = "We build robots for small firms in Leeds and beyond, and we service them well."
    data = json.loads(format_json(diff(BASE, new), "a", "b"))
    assert data["same"] is False and data["old"] == "a"
    assert data["changes"][0]["kind"] == "changed" and data["changes"][0]["field"] == "mission"
    assert data["changes"][0]["words"][0][0] in "-+="
    assert data["changes"][1] == {"kind": "changed", "id": "str-4hq7", "where": "swot.strengths",
                                  "label": BASE.swot.strengths[0].text, "field": "weight", "old": 4, "new": 1}
    assert json.loads(format_json([], "a", "b"))["same"] is True


def test_json_format_is_safe_to_print() -> None:
    new = base()
    new.swot.strengths[0].text = "rlo\u202eevil csi\x9b31m esc\x1b[0m"
    new.goals[0].measure.current = float("inf")
    text = format_json(diff(BASE, new))
    assert "\u202e" not in text and "\x9b" not in text and "\x1b" not in text
    data = json.loads(text)
    assert data["changes"][0]["new"] == new.swot.strengths[0].text
    assert data["changes"][1]["new"] == "inf"


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited(BASE))
def test_taking_theirs_for_each_difference_makes_the_copies_equal(theirs: Workbook) -> None:
    mine = base()
    for _ in range(200):
        changes = diff(mine, theirs)
        if not changes:
            break
        take_theirs(changes[0], mine, theirs).apply(mine)
    assert diff(mine, theirs) == []


def test_taking_theirs_names_what_it_changed_in_words_people_use() -> None:
    """Seen in the app: "Undone: take theirs: changed meta" after taking their title ("meta" is
    the diff's own name for the [workbook] table; "vmv" was shown the same way)."""
    mine, theirs = base(), base()
    theirs.meta.title = "Their title"
    theirs.vmv.mission = "Their mission"
    theirs.pestle.factors["legal"].notes = "Their notes"
    labels = [take_theirs(change, mine, theirs).label for change in diff(mine, theirs)]
    assert len(labels) == 3, labels
    for label, words in zip(labels, ["title (Workbook)", "mission (Vision and mission)", "notes (PESTLE legal)"]):
        assert words in label and "meta" not in label and "vmv" not in label, label


def test_diff_command_exit_codes(tmp_path: Path, capsys) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", old)
    shutil.copy(old, new)
    assert main(["diff", str(old), str(new)]) == 0
    assert "no differences" in capsys.readouterr().out
    workbook = load(new).workbook
    workbook.swot.strengths[0].text = "Changed \x1b[31m"
    save(workbook, new)
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "SWOT strengths" in out and "\x1b" not in out
    assert main(["diff", str(old), str(new), "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["changes"][0]["id"] == "str-4hq7"
    (tmp_path / "bad.toml").write_text("not toml")
    assert main(["diff", str(old), str(tmp_path / "bad.toml")]) == 2


def test_a_change_of_type_alone_is_a_difference() -> None:
    old, new = base(), base()
    old.goals[1].key_results[0].baseline, new.goals[1].key_results[0].baseline = 6, 6.0
    old.swot.strengths[0].extra["flag"], new.swot.strengths[0].extra["flag"] = [1], [True]
    assert kinds(diff(old, new)) == [("changed", "str-4hq7", "extra.flag"), ("changed", "kr-v3n8s", "baseline")]


def test_a_changed_table_field_is_shown_as_the_file_writes_it_never_as_python() -> None:
    # A goal's closing is one field holding a table: the diff and the Compare screen showed
    # "Closing(date=None, score=0.7, ...)", and a table in an unknown key "{'a': 1}".
    from datetime import date

    from tui.model.workbook import Closing
    from tui.store.diff import show_value

    new = base()
    new.goals[0].closing = Closing(date(2027, 1, 15), 0.7, "Start the pilot earlier", extra={"owner": "Ana"})
    new.goals[1].extra["review"] = {"by": "board", "when": date(2027, 2, 1), "nested": {"x": [1, 2]}}
    text = format_text(diff(BASE, new), BASE, new)
    assert "Closing(" not in text and "{'" not in text, text
    assert "closing: (none) -> {date = 2027-01-15, score = 0.7, lessons = " in text  # cut at the line's end
    assert 'by = "board"' in text and "x = [1, 2]" in text
    assert show_value(new.goals[0].closing, 200) == (
        '{date = 2027-01-15, score = 0.7, lessons = "Start the pilot earlier", owner = "Ana"}')
    assert show_value(Closing()) == "{}"  # nothing in it


def _model_classes() -> list[type]:
    import tui.model.workbook as model

    made = []
    for cls in vars(model).values():
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__:
            try:
                cls()
            except TypeError:  # needs its id, text...: not a value a field holds whole
                continue
            made.append(cls)
    return made


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda cls: cls.__name__)
def test_no_model_object_is_shown_as_its_python_repr(cls) -> None:
    from tui.store.diff import show_value

    shown = show_value(cls())
    assert f"{cls.__name__}(" not in shown and shown.startswith("{"), shown
