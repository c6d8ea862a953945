"""Every text output of every command keeps each piece of workbook text on its line: a line break
inside a title, an owner or a comment (LF, CR, U+2028, U+0085, ...) is shown as a symbol, never
printed as a break, so text in a workbook cannot forge a line of the output ("FAKE LINE: all goals
on track", a fake "Goals" heading in a diff).

The property: an output has as many lines as the output of the same workbook with every line break
in its text replaced by ordinary characters of the width its symbol has (a space first, so that
words are still counted the same)."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tests.conftest import SAMPLES
from tui.cli import main
from tui.model import dates
from tui.model.text import for_display
from tui.store import load
from tui.store.writer import stamped

BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Every character `str.splitlines` breaks a line at."""

FREE_TEXT = {"text", "notes", "owner", "title", "metric", "unit", "organisation", "response", "description",
             "name", "mission", "vision"}
"""The fields of the model that hold what people write (not ids, statuses or kinds)."""

TODAY = date(2027, 1, 20)


def flat(text: str) -> str:
    """`text` with each line break replaced by as many ordinary characters as its symbol takes."""
    return "".join(" " + "Z" * (len(for_display(c)) - 1) if c in BREAKS else c for c in text)


def with_text(workbook, change):
    """A copy of `workbook` with `change(value)` in every free-text field (and every author)."""
    workbook = copy.deepcopy(workbook)

    def walk(thing) -> None:
        if dataclasses.is_dataclass(thing):
            for field in dataclasses.fields(thing):
                value = getattr(thing, field.name)
                if isinstance(value, str) and field.name in FREE_TEXT and value:
                    setattr(thing, field.name, change(value))
                elif field.name == "authors" and isinstance(value, list):
                    setattr(thing, field.name, [change(author) for author in value])
                else:
                    walk(value)
        elif isinstance(thing, (list, tuple)):
            for item in thing:
                walk(item)
        elif isinstance(thing, dict):
            for item in thing.values():
                walk(item)

    walk(workbook)
    return workbook


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def write(workbook, path: Path) -> str:
    path.write_bytes(stamped(workbook).data)
    return str(path)


def outputs(workbook, folder: Path) -> dict[str, tuple[int, str, str]]:
    """What each command with a text output prints about `workbook` (and copies of it changed
    without touching its text: a goal removed, a tactic's status; an owner changed both ways)."""
    folder.mkdir()
    plan = write(workbook, folder / "plan.toml")
    changed = copy.deepcopy(workbook)
    del changed.goals[0]
    changed.tactics[0].status = "blocked" if changed.tactics[0].status != "blocked" else "todo"
    later = write(changed, folder / "later.toml")
    ours, theirs = copy.deepcopy(workbook), copy.deepcopy(workbook)
    ours.goals[1].owner += " (ours)"
    theirs.goals[1].owner += " (theirs)"
    ours_name, theirs_name = write(ours, folder / "ours.toml"), write(theirs, folder / "theirs.toml")
    return {
        "check": run("check", "--strict", plan),
        "status": run("status", plan, "--as-of", "2027-01-20"),
        "digest": run("digest", plan, "--as-of", "2027-01-20"),
        "digest markdown": run("digest", plan, "--as-of", "2027-01-20", "--format", "markdown"),
        "export markdown": run("export", plan),
        "diff": run("diff", plan, later),
        "merge": run("merge", plan, ours_name, theirs_name, "-o", str(folder / "merged.toml")),
        "checkin": run("checkin", plan, "gol-7tz2", "7", "--date", "2027-01-18"),
    }


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: TODAY)


SAMPLE = load(SAMPLES / "acme-robotics.toml").workbook

hostile = st.lists(st.sampled_from(["a", "B", " ", "-", "#", "[", "*", *BREAKS, "Goals",
                                    "FAKE LINE: all goals on track"]), min_size=1, max_size=12).map("".join)


@settings(max_examples=examples(6))  # each runs eight commands twice: 15 took 7 s, over the 6 s a test may
@given(hostile)
def test_no_text_output_has_a_line_more_for_a_line_break_in_the_workbook(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("outputs")
    given_text = outputs(with_text(SAMPLE, lambda value: f"{value} {text} end"), folder / "hostile")
    plain = outputs(with_text(SAMPLE, lambda value: f"{value} {flat(text)} end"), folder / "plain")
    for command, (status, out, err) in given_text.items():
        assert status == plain[command][0], command
        assert len(out.split("\n")) == len(plain[command][1].split("\n")), (command, out)
        assert len(err.split("\n")) == len(plain[command][2].split("\n")), (command, err)
        # Nothing a terminal or a mail reader breaks a line at, but the line feeds themselves.
        assert not set(out + err) & set(BREAKS.replace("\n", "")), command


def test_a_goal_title_cannot_print_a_line_of_its_own_in_the_digest(tmp_path):
    plan = tmp_path / "plan.toml"
    workbook = copy.deepcopy(SAMPLE)
    for goal in workbook.goals:
        goal.title = "Real goal\nFAKE LINE: all goals on track\u2028\rX"
    workbook.meta.title = "Plan\nFAKE TITLE"
    write(workbook, plan)
    _, out, _ = run("digest", str(plan), "--as-of", "2027-01-20")
    assert out.startswith("Plan\u23ceFAKE TITLE: week of 2027-01-20\n")
    assert not [line for line in out.split("\n") if line.startswith("FAKE")]
    assert "Real goal\u23ceFAKE LINE: all goals on track\u23ce\u240dX [" in out


@settings(max_examples=examples(15))
@given(st.lists(st.sampled_from(["a", " ", "Goals", "+ gol-fake", "\x85", "\u2028", "\u2029"]),
                min_size=1, max_size=10).map("".join))
def test_a_comment_in_a_diff_is_one_line_per_line_written(tmp_path_factory, text):
    """A hand-written comment keeps its lines (each prefixed), but no more of them. (TOML allows
    U+0085 and the separators in a comment, not the ASCII controls.)"""
    folder = tmp_path_factory.mktemp("comment")
    source = (SAMPLES / "acme-robotics.toml").read_text(encoding="utf-8")
    old = folder / "old.toml"
    shutil.copyfile(SAMPLES / "acme-robotics.toml", old)
    shown = {}
    for name, comment in (("hostile", text), ("plain", flat(text))):
        new = folder / f"{name}.toml"
        new.write_text(source.replace("\n[[goals]]\n", f"\n# first line\n# {comment}\n[[goals]]\n", 1),
                       encoding="utf-8")
        status, out, err = run("diff", str(old), str(new))
        assert status == 1, err
        shown[name] = out
    assert len(shown["hostile"].split("\n")) == len(shown["plain"].split("\n")), shown["hostile"]
    assert "        + # first line\n        + # " in shown["hostile"]
