"""Every rule of the format's Validation section, and every hostile kind of file.

For each file that breaks something: one clear message naming the file and the
place (the line where it can be known, the field path), the exit code of
`stratbook check`, and the file byte-for-byte unchanged on disk. A few run
`stratbook check` in a subprocess to prove that no traceback ever comes out.
"""

from __future__ import annotations

import os
import random
import re
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tui.store.files as files
from tests import examples
from tui.cli import main
from tui.store import MAX_BYTES, WorkbookError, dumps, load, loads, save
from tui.store.validate import MAX_UNKNOWN_DEPTH

from .helpers import unstamped

ROOT = Path(__file__).resolve().parents[2]
HEAD = "[workbook]\nschema = 1\n"
GOAL = "[[goals]]\nid = 'gol-aaaa'\n"


def write(tmp_path: Path, content: str | bytes, name: str = "plan.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def check(capsys, path: Path, *flags: str) -> tuple[int, list[str], list[str]]:
    """Run `stratbook check`; return the exit code, the lines on stdout and on stderr.

    Asserts that the file is byte-for-byte what it was before.
    """
    before = path.read_bytes() if path.is_file() else None
    status = main(["check", *flags, str(path)])
    out, err = capsys.readouterr()
    if before is not None:
        assert path.read_bytes() == before, "check changed the file"
    return status, out.splitlines(), err.splitlines()


def run_cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)


# -- the rules of the Validation section, one file per way of breaking them -----------------------

# (test id, file text, the one error line expected on stderr; {f} is the file's name)
ERRORS = [
    # Rule 1: not UTF-8, not TOML.
    ("not-utf8", HEAD.encode() + b'title = "caf\xe9"\n', "{f}:3:13: error: is not valid UTF-8 (byte 0xe9)"),
    ("not-toml", HEAD + "title = \n", "{f}:3:9: error: not valid TOML: Invalid value"),
    ("unclosed-string", HEAD + 'title = "Acme\n', "{f}:3:14: error: not valid TOML: a string is not closed on its line"),
    ("unclosed-table", HEAD + "[vmv\n", "{f}:3:5: error: not valid TOML: Expected ']' at the end of a table declaration"),
    # A date that is not one: tomli reads its year as a number and says "Expected newline or end of
    # document after a statement", which a user cannot act on (found from outside).
    ("unreal-date", HEAD + "updated = 2027-13-30\n",
     "{f}:3:11: error: not valid TOML: '2027-13-30' is not a real date (month must be in 1..12)"),
    ("unreal-date-time", HEAD + "updated = 2027-02-30T10:00:00Z\n",
     "{f}:3:11: error: not valid TOML: '2027-02-30' is not a real date (day is out of range for month)"),
    # A time that is not one: the same message from tomli, for an hour, minute, second or offset
    # out of range, in a date-time (T or space between) or a time of day.
    ("unreal-hour", HEAD + "updated = 2027-03-01T25:00:00Z\n",
     "{f}:3:11: error: not valid TOML: '2027-03-01T25:00:00Z' is not a real date-time (hour must be in 0..23)"),
    ("unreal-minute-space", HEAD + "updated = 2027-03-01 10:61:00\n",
     "{f}:3:11: error: not valid TOML: '2027-03-01 10:61:00' is not a real date-time (minute must be in 0..59)"),
    ("unreal-offset", HEAD + "updated = 2027-03-01T10:00:00+25:00\n",
     "{f}:3:11: error: not valid TOML: '2027-03-01T10:00:00+25:00' is not a real date-time "
     "(the offset from UTC must be less than 24 hours)"),
    ("unreal-time", HEAD + "at = 10:61:00\n",
     "{f}:3:6: error: not valid TOML: '10:61:00' is not a real time (minute must be in 0..59)"),
    # Rule 2: schema missing or not an integer.
    ("schema-missing", "[workbook]\ntitle = 'x'\n",
     "{f}:1: error: workbook.schema: is missing: a workbook needs [workbook] schema = 1"),
    ("no-workbook-table", "[vmv]\nvision = 'x'\n",
     "{f}: error: workbook.schema: is missing: a workbook needs [workbook] schema = 1"),
    ("schema-string", "[workbook]\nschema = '1'\n", "{f}:2: error: workbook.schema: must be an integer, not a string"),
    ("schema-float", "[workbook]\nschema = 1.0\n", "{f}:2: error: workbook.schema: must be an integer, not a float"),
    ("schema-bool", "[workbook]\nschema = true\n", "{f}:2: error: workbook.schema: must be an integer, not a boolean"),
    ("schema-zero", "[workbook]\nschema = 0\n", "{f}:2: error: workbook.schema: must be 1 or more, not 0"),
    # Rule 3: wrong types, one kind of field after another.
    ("text-type", HEAD + "title = 5\n", "{f}:3: error: workbook.title: must be a string, not an integer"),
    ("authors-type", HEAD + "authors = 'Tom'\n", "{f}:3: error: workbook.authors: must be an array of strings"),
    ("authors-items", HEAD + "authors = ['Tom', 2]\n", "{f}:3: error: workbook.authors: must be an array of strings"),
    ("created-date", HEAD + "created = 2026-11-20\n",
     "{f}:3: error: workbook.created: must be a date-time like 2026-11-20T09:30:00Z, not a date"),
    ("vmv-array", "vmv = []\n" + HEAD, "{f}:1: error: vmv: must be a table, not an array"),
    ("vision-type", HEAD + "[vmv]\nvision = ['a']\n", "{f}:4: error: vmv.vision: must be a string, not an array"),
    ("values-table", HEAD + "[vmv.values]\nid = 'val-aaaa'\n",
     "{f}:3: error: vmv.values: must be an array of tables ([[vmv.values]]), not a table"),
    ("value-name-type", HEAD + "[[vmv.values]]\nid = 'val-aaaa'\nname = 1.5\n",
     "{f}:5: error: vmv.values[0].name: must be a string, not a float"),
    ("swot-type", "swot = 'strong'\n" + HEAD, "{f}:1: error: swot: must be a table, not a string"),
    ("swot-source-type", HEAD + "[[swot.threats]]\nid = 'thr-aaaa'\nsource = 7\n",
     "{f}:5: error: swot.threats[0].source: must be a string, not an integer"),
    ("weight-float", HEAD + "[[swot.strengths]]\nid = 'str-aaaa'\nweight = 2.5\n",
     "{f}:5: error: swot.strengths[0].weight: must be a whole number from 1 to 5, not a float"),
    ("weight-bool", HEAD + "[[swot.strengths]]\nid = 'str-aaaa'\nweight = true\n",
     "{f}:5: error: swot.strengths[0].weight: must be a whole number from 1 to 5, not a boolean"),
    ("strategies-not-array", "strategies = 3\n" + HEAD,
     "{f}:1: error: strategies: must be an array of tables ([[strategies]]), not an integer"),
    ("strategy-item-not-table", "strategies = ['tow-aaaa']\n" + HEAD,
     "{f}:1: error: strategies[0]: must be a table, not a string"),
    ("strategy-links-type", HEAD + "[[strategies]]\nid = 'tow-aaaa'\nlinks = 'str-aaaa'\n",
     "{f}:5: error: strategies[0].links: must be an array of strings"),
    ("pestle-factor-type", HEAD + "[pestle]\nsocial = 1\n", "{f}:4: error: pestle.social: must be a table, not an integer"),
    ("reviewed-type", HEAD + "[pestle.legal]\nreviewed = 'yes'\n",
     "{f}:4: error: pestle.legal.reviewed: must be true or false, not a string"),
    ("checked-type", HEAD + "[[pestle.legal.items]]\nid = 'pes-aaaa'\nchecked = 1\n",
     "{f}:5: error: pestle.legal.items[0].checked: must be true or false, not an integer"),
    ("goals-not-array", "goals = {}\n" + HEAD,
     "{f}:1: error: goals: must be an array of tables ([[goals]]), not a table"),
    ("goal-due-string", HEAD + GOAL + "due = '2027-06-30'\n",
     "{f}:5: error: goals[0].due: must be a date like 2027-06-30, not a string"),
    ("goal-start-datetime", HEAD + GOAL + "start = 2027-01-01T09:00:00Z\n",
     "{f}:5: error: goals[0].start: must be a date like 2027-06-30, not a date-time"),
    ("goal-due-time", HEAD + GOAL + "due = 09:00:00\n",
     "{f}:5: error: goals[0].due: must be a date like 2027-06-30, not a time"),
    ("goal-links-items", HEAD + GOAL + "links = ['val-aaaa', 3]\n",
     "{f}:5: error: goals[0].links: must be an array of strings"),
    ("answers-type", HEAD + GOAL + "answers = 'all of them'\n",
     "{f}:5: error: goals[0].answers: must be a table, not a string"),
    ("answer-text-type", HEAD + GOAL + "[goals.answers]\nwhat = 42\n",
     "{f}:6: error: goals[0].answers.what: must be a string, not an integer"),
    ("horizon-type", HEAD + GOAL + "framework = 'bhag'\n[goals.answers]\nhorizon_years = 'ten'\n",
     "{f}:7: error: goals[0].answers.horizon_years: must be a whole number of years, not a string"),
    ("measure-type", HEAD + GOAL + "measure = 5\n", "{f}:5: error: goals[0].measure: must be a table, not an integer"),
    ("measure-target-string", HEAD + GOAL + "[goals.measure]\ntarget = '5'\n",
     "{f}:6: error: goals[0].measure.target: must be a number, not a string"),
    ("measure-baseline-bool", HEAD + GOAL + "[goals.measure]\nbaseline = false\n",
     "{f}:6: error: goals[0].measure.baseline: must be a number, not a boolean"),
    ("kr-current-date", HEAD + GOAL + "[[goals.key_results]]\nid = 'kr-aaaa'\ncurrent = 2027-01-01\n",
     "{f}:7: error: goals[0].key_results[0].current: must be a number, not a date"),
    ("milestone-done-type", HEAD + GOAL + "[[goals.milestones]]\nid = 'mil-aaaa'\ndone = 'no'\n",
     "{f}:7: error: goals[0].milestones[0].done: must be true or false, not a string"),
    ("tactic-goal-type", HEAD + "[[tactics]]\nid = 'tac-aaaa'\ngoal = ['gol-aaaa']\n",
     "{f}:5: error: tactics[0].goal: must be a string, not an array"),
    # Rule 3: out-of-range numbers.
    ("weight-7", HEAD + "[[swot.strengths]]\nid = 'str-aaaa'\nweight = 7\n",
     "{f}:5: error: swot.strengths[0].weight: must be from 1 to 5, not 7"),
    ("weight-0", HEAD + "[[swot.weaknesses]]\nid = 'wea-aaaa'\nweight = 0\n",
     "{f}:5: error: swot.weaknesses[0].weight: must be from 1 to 5, not 0"),
    ("impact-6", HEAD + "[[pestle.economic.items]]\nid = 'pes-aaaa'\nimpact = 6\n",
     "{f}:5: error: pestle.economic.items[0].impact: must be from 1 to 5, not 6"),
    ("likelihood-negative", HEAD + "[[pestle.economic.items]]\nid = 'pes-aaaa'\nlikelihood = -1\n",
     "{f}:5: error: pestle.economic.items[0].likelihood: must be from 1 to 5, not -1"),
    ("weight-huge", HEAD + "[[swot.strengths]]\nid = 'str-aaaa'\nweight = 123456789012345678901234567890\n",
     "{f}:5: error: swot.strengths[0].weight: must be from 1 to 5, not 1234567890...7890"),
    # NaN and infinity in a measure.
    ("measure-nan", HEAD + GOAL + "[goals.measure]\ncurrent = nan\n",
     "{f}:6: error: goals[0].measure.current: must be a finite number, not nan"),
    ("measure-inf", HEAD + GOAL + "[goals.measure]\ntarget = inf\n",
     "{f}:6: error: goals[0].measure.target: must be a finite number, not inf"),
    ("kr-minus-inf", HEAD + GOAL + "[[goals.key_results]]\nid = 'kr-aaaa'\nbaseline = -inf\n",
     "{f}:7: error: goals[0].key_results[0].baseline: must be a finite number, not -inf"),
    # Integers beyond 64 bits, in known fields and in unknown ones.
    ("measure-int-65-bits", HEAD + GOAL + "[goals.measure]\ntarget = 9223372036854775808\n",
     "{f}:6: error: goals[0].measure.target: is beyond the 64-bit integer range"),
    ("measure-int-negative-65-bits", HEAD + GOAL + "[goals.measure]\nbaseline = -9223372036854775809\n",
     "{f}:6: error: goals[0].measure.baseline: is beyond the 64-bit integer range"),
    ("horizon-65-bits", HEAD + GOAL + "framework = 'bhag'\n[goals.answers]\nhorizon_years = 18446744073709551616\n",
     "{f}:7: error: goals[0].answers.horizon_years: is beyond the 64-bit integer range"),
    ("unknown-int-65-bits", HEAD + "[future]\ncount = 99999999999999999999\n",
     "{f}:4: error: future.count: is beyond the 64-bit integer range"),
    ("unknown-int-in-array", HEAD + "lucky = [1, 2, 99999999999999999999]\n",
     "{f}:3: error: workbook.lucky[2]: is beyond the 64-bit integer range"),
    # Unknown enum values.
    ("effect-maybe", HEAD + "[[pestle.social.items]]\nid = 'pes-aaaa'\neffect = 'maybe'\n",
     "{f}:5: error: pestle.social.items[0].effect: must be one of opportunity | threat | neutral, not 'maybe'"),
    ("effect-number", HEAD + "[[pestle.social.items]]\nid = 'pes-aaaa'\neffect = 1\n",
     "{f}:5: error: pestle.social.items[0].effect: must be one of opportunity | threat | neutral, not an integer"),
    ("framework-unknown", HEAD + GOAL + "framework = 'wishful'\n",
     "{f}:5: error: goals[0].framework: must be one of smart | okr | bhag | stretch | pact | hard | fast, not 'wishful'"),
    ("goal-status-unknown", HEAD + GOAL + "status = 'done'\n",
     "{f}:5: error: goals[0].status: must be one of draft | active | achieved | missed | dropped, not 'done'"),
    ("strategy-kind-lowercase", HEAD + "[[strategies]]\nid = 'tow-aaaa'\nkind = 'so'\n",
     "{f}:5: error: strategies[0].kind: must be one of SO | ST | WO | WT, not 'so'"),
    ("tactic-status-unknown", HEAD + "[[tactics]]\nid = 'tac-aaaa'\nstatus = 'finished'\n",
     "{f}:5: error: tactics[0].status: must be one of todo | doing | done | blocked, not 'finished'"),
    # Due before start.
    ("due-before-start", HEAD + GOAL + "[[goals]]\nid = 'gol-bbbb'\n[[goals]]\nid = 'gol-cccc'\n"
     "start = 2027-03-02\ndue = 2027-03-01\n",
     "{f}:10: error: goals[2].due: 2027-03-01 is before the start date 2027-03-02"),
    # Malformed ids.
    ("id-uppercase", HEAD + "[[vmv.values]]\nid = 'VAL-K3M9'\n",
     "{f}:4: error: vmv.values[0].id: 'VAL-K3M9' is not a valid id: expected val-k3m9 (prefix, then 4 to 12 of a-z 0-9)"),
    ("id-too-short", HEAD + "[[vmv.values]]\nid = 'val-k3m'\n",
     "{f}:4: error: vmv.values[0].id: 'val-k3m' is not a valid id: expected val-k3m9 (prefix, then 4 to 12 of a-z 0-9)"),
    ("id-too-long", HEAD + "[[vmv.values]]\nid = 'val-abcdefghijklm'\n",
     "{f}:4: error: vmv.values[0].id: 'val-abcdefghijklm' is not a valid id: expected val-k3m9 (prefix, then 4 to 12 of a-z 0-9)"),
    ("id-wrong-prefix", HEAD + "[[tactics]]\nid = 'gol-aaaa'\n",
     "{f}:4: error: tactics[0].id: 'gol-aaaa' is not a valid id: expected tac-k3m9 (prefix, then 4 to 12 of a-z 0-9)"),
    ("id-trailing-newline", HEAD + '[[tactics]]\nid = "tac-aaaa\\n"\n',
     "{f}:4: error: tactics[0].id: 'tac-aaaa\\n' is not a valid id: expected tac-k3m9 (prefix, then 4 to 12 of a-z 0-9)"),
    ("id-not-string", HEAD + GOAL.replace("'gol-aaaa'", "42"),
     "{f}:4: error: goals[0].id: an integer is not a valid id: expected gol-k3m9 (prefix, then 4 to 12 of a-z 0-9)"),
    ("id-missing", HEAD + "[[goals]]\ntitle = 'x'\n", "{f}:3: error: goals[0].id: is missing: every item needs an id"),
    ("kr-id-missing", HEAD + GOAL + "[[goals.key_results]]\ntext = 'x'\n",
     "{f}:5: error: goals[0].key_results[0].id: is missing: every item needs an id"),
    # Duplicate ids: in one list, across SWOT quadrants, and across goals.
    ("id-duplicate", HEAD + "[[tactics]]\nid = 'tac-aaaa'\n[[tactics]]\nid = 'tac-aaaa'\n",
     "{f}:6: error: tactics[1].id: duplicate id 'tac-aaaa', first used at tactics[0] (line 4)"
     "; every item needs an id of its own: give this one another, such as 'tac-aaaa2'"),
    ("id-duplicate-quadrants", HEAD + "[[swot.strengths]]\nid = 'str-aaaa'\n[[swot.threats]]\nid = 'str-aaaa'\n",
     "{f}:6: error: swot.threats[0].id: duplicate id 'str-aaaa', first used at swot.strengths[0] (line 4)"
     "; every item needs an id of its own: give this one another, such as 'str-aaaa2'"),
    ("id-duplicate-key-results", HEAD + GOAL + "[[goals.key_results]]\nid = 'kr-aaaa'\n"
     "[[goals]]\nid = 'gol-bbbb'\n[[goals.key_results]]\nid = 'kr-aaaa'\n",
     "{f}:10: error: goals[1].key_results[0].id: duplicate id 'kr-aaaa', first used at goals[0].key_results[0] "
     "(line 6); every item needs an id of its own: give this one another, such as 'kr-aaaa2'"),
    # Duplicate keys and tables: not TOML. tomli names a table as a Python tuple ("Cannot declare
    # ('vmv',) twice") and a key not at all ("Cannot overwrite a value", at the end of the second
    # value); these said so until the messages were put in words (found from outside).
    ("duplicate-key", HEAD + "title = 'a'\ntitle = 'b'\n",
     "{f}:4:1: error: not valid TOML: the key 'title' is given twice in [workbook] (line 1; first at line 3)"),
    ("duplicate-table", HEAD + "[vmv]\nvision = 'a'\n[vmv]\nmission = 'b'\n",
     "{f}:5:1: error: not valid TOML: [vmv] is declared twice (first at line 3)"),
    ("duplicate-workbook", HEAD + "title = 'a'\n\n[vmv]\nvision = 'x'\n\n[workbook]\ntitle = 'b'\n",
     "{f}:8:1: error: not valid TOML: [workbook] is declared twice (first at line 1)"),
    ("duplicate-key-in-a-goal", HEAD + GOAL + "owner = 'Tom'\ntitle = 'x'\n  owner = 'Ana'\n",
     "{f}:7:3: error: not valid TOML: the key 'owner' is given twice in [[goals]] (line 3; first at line 5)"),
    ("duplicate-key-after-a-multiline-value", HEAD + GOAL + "owner = 'Tom'\nnotes = \"\"\"\n[[goals]]\nowner = 'x'\n\"\"\"\n"
     "owner = 'Ana'\n",
     "{f}:10:1: error: not valid TOML: the key 'owner' is given twice in [[goals]] (line 3; first at line 5)"),
    ("duplicate-key-at-the-top", "schema = 1\nschema = 2\n",
     "{f}:2:1: error: not valid TOML: the key 'schema' is given twice at the top of the file (first at line 1)"),
    ("duplicate-quoted-key", HEAD + "[workbook.locale]\n'a b' = 1\n\"a b\" = 2\n",
     "{f}:5:1: error: not valid TOML: the key '\"a b\"' is given twice in [workbook.locale] (line 3; first at line 4)"),
    ("duplicate-measure", HEAD + GOAL + "[goals.measure]\nmetric = 'm'\n[goals.measure]\nunit = 'u'\n",
     "{f}:7:1: error: not valid TOML: [goals.measure] is declared twice in one [[goals]] (line 3; first at line 5); "
     "a new item starts with a [[goals]] line"),
    # A misspelt [[goal]]: the [goals.answers] after it is the earlier goal's second.
    ("goal-header-typo", HEAD + GOAL + "[goals.answers]\nwhy = 'w'\n\n[[goal]]\nid = 'gol-bbbb'\n[goals.answers]\n"
     "why = 'v'\n",
     "{f}:10:1: error: not valid TOML: [goals.answers] is declared twice in one [[goals]] (line 3; first at line 5); "
     "is [[goal]] at line 8 meant to be [[goals]]?"),
    # A misspelt first [[goal]]: its [goals.answers] makes 'goals' a table, and the [[goals]] after fails
    # (found from outside: "[[goals]] cannot be a table: it names a value", and no word of line 3).
    ("first-goal-header-typo", HEAD + "[[goal]]\nid = 'gol-aaaa'\n[goals.answers]\nwhy = 'w'\n[[goals]]\n"
     "id = 'gol-bbbb'\n",
     "{f}:7:1: error: not valid TOML: [[goals]] cannot start a list of tables: [goals.answers] (line 5) made "
     "'goals' a table; is [[goal]] at line 3 meant to be [[goals]]?"),
    ("key-under-a-value", HEAD + "title = 'a'\ntitle.x = 1\n",
     "{f}:4:1: error: not valid TOML: the key 'title.x' needs 'workbook.title' to be a table, but it is a value "
     "(line 3)"),
    ("table-over-a-value", HEAD + "title = 'a'\n[workbook.title]\n",
     "{f}:4:1: error: not valid TOML: [workbook.title] cannot be a table: 'workbook.title' is a value (line 3)"),
    ("array-over-an-inline-array", HEAD + "locale = [{language = 'cy'}]\n[[workbook.locale]]\n",
     "{f}:4:1: error: not valid TOML: 'workbook.locale' was given whole (line 3), as an inline table or array: nothing can "
     "be added to it from another line"),
    ("dotted-key-into-a-declared-table", HEAD + "[vmv.extra]\n[vmv]\nextra.x = 1\n",
     "{f}:5:1: error: not valid TOML: [vmv.extra] has a header of its own (line 3): a dotted key in another table "
     "cannot add to it; write the key under [vmv.extra]"),
    # Names and values of any length are cut, not echoed whole (a 100 KB key was).
    ("long-table-twice", HEAD + "['" + "x" * 100_000 + "']\n['" + "x" * 100_000 + "']\n",
     "{f}:4:1: error: not valid TOML: [" + "x" * 59 + "\u2026] is declared twice (first at line 3)"),
    ("long-inline-key-twice", HEAD + "t = {" + "k" * 100_000 + " = 1, " + "k" * 100_000 + " = 2}\n",
     "{f}:3:200016: error: not valid TOML: the key '" + "k" * 59 + "\u2026' is given twice in one inline table"),
]


@pytest.mark.parametrize(("content", "expected"), [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_one_error_names_file_and_place(tmp_path, capsys, content, expected):
    path = write(tmp_path, content)
    status, out, err = check(capsys, path)
    assert status == 2
    assert err == [expected.format(f=path)]
    assert out == []
    with pytest.raises(WorkbookError) as caught:
        load(path)
    assert [p.format() for p in caught.value.problems] == [expected.format(f=path)]


LINES = ["[workbook]", "[vmv]", "[[goals]]", "[[goal]]", "[goals.measure]", "[goals.answers]", "['a b']",
         "schema = 1", "title = 'x'", "owner = 'y'", "why = 'w'", "'a b' = 1", "title.x = 1", "measure = {u = 1}",
         'notes = """\n[[goals]]\nowner = "z"\n"""', "t = {k = 1, k = 2}", "  owner = 'indented'", ""]


@settings(max_examples=examples(200))
@given(st.lists(st.sampled_from(LINES), min_size=2, max_size=14))
def test_a_table_or_key_given_twice_is_named_in_words_at_a_line_of_the_file(lines):
    """Whatever tomli refuses for a table or key given twice is said in words (no Python tuple, no
    'Cannot ...'), at a line of the file."""
    import tomli

    text = "\n".join(lines) + "\n"
    try:
        tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        if not exc.msg.startswith(("Cannot", "Duplicate")):
            return
    else:
        return
    with pytest.raises(WorkbookError) as caught:
        files.parse(text, "plan.toml")
    [problem] = caught.value.problems
    assert "Cannot" not in problem.message and "('" not in problem.message and "Duplicate" not in problem.message
    assert 1 <= problem.line <= text.count("\n")


def test_every_error_is_listed_in_line_order(tmp_path, capsys):
    content = (HEAD + "title = 5\n[[swot.strengths]]\nid = 'str-aaaa'\nweight = 9\n"
               "[[goals]]\nid = 'str-aaaa'\nstart = 2027-02-01\ndue = 2027-01-01\n")
    path = write(tmp_path, content)
    status, out, err = check(capsys, path)
    assert status == 2
    assert err == [
        f"{path}:3: error: workbook.title: must be a string, not an integer",
        f"{path}:6: error: swot.strengths[0].weight: must be from 1 to 5, not 9",
        f"{path}:8: error: goals[0].id: 'str-aaaa' is not a valid id: expected gol-k3m9 (prefix, then 4 to 12 of a-z 0-9)",
        f"{path}:10: error: goals[0].due: 2027-01-01 is before the start date 2027-02-01",
    ]


def test_workbook_that_is_not_a_table(tmp_path, capsys):
    path = write(tmp_path, "workbook = 1\n")
    status, _, err = check(capsys, path)
    assert status == 2
    assert err == [f"{path}:1: error: workbook: must be a table, not an integer",
                   f"{path}:1: error: workbook.schema: is missing: a workbook needs [workbook] schema = 1"]


def test_lines_are_found_past_multiline_strings_and_arrays(tmp_path, capsys):
    content = ("goals = [\n  { id = 'gol-aaaa', due = 5 },\n]\n" + HEAD + "[[strategies]]\nid = 'tow-aaaa'\n"
               "links = [\n  'x',\n  ']',\n]\n" + 'text = """\nline one\n[not a table]\nkind = "XX"\n"""\n'
               + "kind = 'XY'\n\n[vmv]\nvalues = 1\n")
    path = write(tmp_path, content)
    status, _, err = check(capsys, path)
    assert status == 2
    # An inline table has no line of its own: the error is placed on the array's.
    # The multi-line string's `[not a table]` and `kind =` lines are not mistaken for real ones.
    assert err == [
        f"{path}:1: error: goals[0].due: must be a date like 2027-06-30, not an integer",
        f"{path}:17: error: strategies[0].kind: must be one of SO | ST | WO | WT, not 'XY'",
        f"{path}:20: error: vmv.values: must be an array of tables ([[vmv.values]]), not an integer",
    ]


# -- rule 2: a newer schema opens read-only -------------------------------------------------------

def test_newer_schema_opens_read_only_and_save_refuses(tmp_path, capsys):
    content = "[workbook]\nschema = 2\ntitle = 'From the future'\nhologram = true\n\n[timeline]\nyears = 3\n"
    path = write(tmp_path, content)
    status, out, err = check(capsys, path)
    assert status == 0
    assert err == []
    assert out == [f"{path}:2: warning: workbook.schema: written by a newer Stratbook (schema 2; this one knows 1): "
                   "opened read-only"]
    assert check(capsys, path, "--strict")[0] == 1

    loaded = load(path)
    assert loaded.read_only
    assert loaded.workbook.meta.schema == 2
    assert loaded.workbook.extra == {"timeline": {"years": 3}}
    with pytest.raises(WorkbookError) as caught:
        save(loaded.workbook, path)
    [problem] = caught.value.problems
    assert problem.path == "workbook.schema"
    assert "newer" in problem.message
    assert problem.file == str(path)
    assert path.read_bytes() == content.encode()

    assert main(["fmt", str(path)]) == 2
    assert "newer" in capsys.readouterr().err
    assert path.read_bytes() == content.encode()


# -- a link or an author named twice (a hand edit) is a warning, and kept --------------------------

REPEATS = (HEAD.replace("[workbook]\n", "[workbook]\nauthors = ['Ana', 'Ben', 'Ana', 'Ana']\n")
           + "[[vmv.values]]\nid = 'val-aaaa'\n"
           + "[[swot.threats]]\nid = 'thr-aaaa'\n"
           + "[[strategies]]\nid = 'tow-aaaa'\nkind = 'WT'\nlinks = ['thr-aaaa', 'thr-aaaa']\n"
           + "[[goals]]\nid = 'gol-aaaa'\nlinks = ['val-aaaa', 'thr-aaaa', 'val-aaaa']\n"
           + "[[risks]]\nid = 'rsk-aaaa'\ntext = 'Fire'\nlinks = ['gol-aaaa', 'gol-aaaa']\n"
           + "[[ansoff]]\nid = 'ans-aaaa'\nlinks = ['gol-aaaa', 'thr-aaaa', 'gol-aaaa']\n")


def test_a_repeat_in_a_list_that_counts_as_a_set_is_a_warning_and_kept(tmp_path, capsys):
    """Found merging hand-edited files: a link typed twice came through a merge, and nothing said
    so. Every list of links, and the authors: each repeat (not the first) is named, at its line."""
    path = write(tmp_path, REPEATS)
    loaded = load(path)
    repeats = [(p.path, p.message) for p in loaded.warnings if "again" in p.message]
    assert repeats == [
        ("workbook.authors[2]", "names 'Ana' again: it counts once (the repeat is kept)"),
        ("workbook.authors[3]", "names 'Ana' again: it counts once (the repeat is kept)"),
        ("strategies[0].links[1]", "links to 'thr-aaaa' again: it counts once (the repeat is kept)"),
        ("goals[0].links[2]", "links to 'val-aaaa' again: it counts once (the repeat is kept)"),
        ("risks[0].links[1]", "links to 'gol-aaaa' again: it counts once (the repeat is kept)"),
        ("ansoff[0].links[2]", "links to 'gol-aaaa' again: it counts once (the repeat is kept)"),
    ]
    assert all(p.line is not None for p in loaded.warnings)
    assert loaded.workbook.meta.authors == ["Ana", "Ben", "Ana", "Ana"]
    assert loaded.workbook.goals[0].links == ["val-aaaa", "thr-aaaa", "val-aaaa"]
    status, out, err = check(capsys, path)
    assert status == 0 and err == []
    assert sum("again: it counts once" in line for line in out) == 6


# -- rule 4: a dangling link is a warning, and the link is kept ------------------------------------

DANGLING = (HEAD + "[[vmv.values]]\nid = 'val-aaaa'\n"
            "[[swot.threats]]\nid = 'thr-aaaa'\nsource = 'pes-gone'\n"
            "[[strategies]]\nid = 'tow-aaaa'\nkind = 'WT'\nlinks = ['thr-aaaa', 'wea-gone']\n"
            "[[goals]]\nid = 'gol-aaaa'\nlinks = ['val-gone', 'val-aaaa']\n"
            "[[tactics]]\nid = 'tac-aaaa'\ngoal = 'gol-gone'\n")


def test_dangling_links_are_warnings_and_kept(tmp_path, capsys):
    path = write(tmp_path, DANGLING)
    loaded = load(path)
    assert [(p.line, p.path, p.severity) for p in loaded.warnings] == [
        (7, "swot.threats[0].source", "warning"),
        (11, "strategies[0].links[1]", "warning"),
        (14, "goals[0].links[0]", "warning"),
        (17, "tactics[0].goal", "warning"),
    ]
    assert "'wea-gone', which is not in this workbook (the link is kept)" in loaded.warnings[1].message
    workbook = loaded.workbook
    assert workbook.swot.threats[0].source == "pes-gone"
    assert workbook.strategies[0].links == ["thr-aaaa", "wea-gone"]
    assert workbook.goals[0].links == ["val-gone", "val-aaaa"]
    assert workbook.tactics[0].goal == "gol-gone"

    status, out, err = check(capsys, path)
    assert status == 0
    assert err == []
    assert f"{path}:11: warning: strategies[0].links[1]: links to 'wea-gone', which is not in this workbook " \
           "(the link is kept)" in out
    assert check(capsys, path, "--strict")[0] == 1

    # fmt keeps them too.
    assert main(["fmt", str(path)]) == 0
    assert unstamped(load(path).workbook) == workbook


#: One item of each kind that can be linked, for references of the wrong kind.
EVERY_KIND = (HEAD + "[[vmv.values]]\nid = 'val-aaaa'\n[[swot.strengths]]\nid = 'str-aaaa'\n"
              "[[pestle.legal.items]]\nid = 'pes-aaaa'\n[[goals]]\nid = 'gol-aaaa'\n"
              "[[tactics]]\nid = 'tac-aaaa'\ngoal = 'gol-aaaa'\n")

# (test id, the lines of the item that refers, the field path warned about, words of the warning)
WRONG_KIND = [
    ("tactic-goal-a-strength", "[[tactics]]\nid = 'tac-bbbb'\ngoal = 'str-aaaa'\n", "tactics[1].goal",
     "'str-aaaa' is a strength, not a goal"),
    ("strategy-pairs-a-goal", "[[strategies]]\nid = 'tow-aaaa'\nlinks = ['str-aaaa', 'gol-aaaa']\n",
     "strategies[0].links[1]", "'gol-aaaa' is a goal, not a SWOT item"),
    ("swot-source-a-goal", "[[swot.threats]]\nid = 'thr-aaaa'\nsource = 'gol-aaaa'\n", "swot.threats[0].source",
     "'gol-aaaa' is a goal, not a PESTLE item"),
    ("carried-to-a-tactic", "[[goals]]\nid = 'gol-bbbb'\n[goals.closing]\ncarried_to = 'tac-aaaa'\n",
     "goals[1].closing.carried_to", "'tac-aaaa' is a tactic, not a goal"),
    ("ansoff-links-a-value", "[[ansoff]]\nid = 'ans-aaaa'\nlinks = ['val-aaaa', 'gol-aaaa']\n",
     "ansoff[0].links[0]", "'val-aaaa' is a value, not a SWOT item or a goal"),
    ("goal-links-a-tactic", "[[goals]]\nid = 'gol-bbbb'\nlinks = ['val-aaaa', 'tac-aaaa']\n", "goals[1].links[1]",
     "'tac-aaaa' is a tactic, not"),
    ("goal-links-itself", "[[goals]]\nid = 'gol-bbbb'\nlinks = ['gol-bbbb']\n", "goals[1].links[0]",
     "'gol-bbbb' is this goal itself"),
]


@pytest.mark.parametrize(("lines", "where", "words"), [c[1:] for c in WRONG_KIND], ids=[c[0] for c in WRONG_KIND])
def test_a_reference_to_an_item_of_the_wrong_kind_is_a_warning_and_kept(tmp_path, capsys, lines, where, words):
    """Seen editing by hand: a tactic whose goal named a strength, or a TOWS strategy that paired
    a goal, passed `check` without a word, and the app then called the item missing."""
    path = write(tmp_path, EVERY_KIND + lines)
    loaded = load(path)
    assert [p.path for p in loaded.warnings] == [where], loaded.warnings
    assert words in loaded.warnings[0].message and loaded.warnings[0].line is not None
    status, out, err = check(capsys, path)
    assert status == 0 and any(where in line and words in line for line in out), out
    assert unstamped(loads(dumps(loaded.workbook).decode()).workbook) == unstamped(loaded.workbook)  # kept


def test_references_of_the_right_kind_say_nothing(tmp_path):
    path = write(tmp_path, EVERY_KIND + "[[swot.weaknesses]]\nid = 'str-bbbb'\nsource = 'pes-aaaa'\n"
                 "[[strategies]]\nid = 'tow-aaaa'\nlinks = ['str-aaaa', 'str-bbbb']\n"
                 "[[ansoff]]\nid = 'ans-aaaa'\nlinks = ['str-bbbb', 'gol-aaaa']\n"
                 "[[forces.rivalry.items]]\nid = 'frc-aaaa'\n"
                 "[[goals]]\nid = 'gol-bbbb'\nlinks = ['val-aaaa', 'str-bbbb', 'tow-aaaa', 'pes-aaaa', 'frc-aaaa',"
                 " 'ans-aaaa', 'gol-aaaa']\n[goals.closing]\ncarried_to = 'gol-aaaa'\n")
    assert [p for p in load(path).warnings if "links" in p.path or "source" in p.path or "carried" in p.path] == []


# -- unknown keys are kept, through load and fmt -----------------------------------------------------

UNKNOWN = (HEAD + "mood = 'hopeful'\n\n[workbook.locale]\nlanguage = 'cy'\n\n[vmv]\nvision = 'v'\nmotto = 'Onwards'\n"
           "\n[[vmv.values]]\nid = 'val-aaaa'\nicon = 'star'\n\n[swot]\ncolour = 'teal'\n\n[[swot.strengths]]\n"
           "id = 'str-aaaa'\nevidence = ['a', 'b']\n\n[pestle]\norder = [1, 2]\n\n[pestle.legal]\nreviewer = 'Ann'\n\n"
           "[[pestle.legal.items]]\nid = 'pes-aaaa'\nlaw = { name = 'GDPR', year = 2018 }\n\n[[goals]]\nid = 'gol-aaaa'\n"
           "colour = 'red'\n\n[goals.answers]\nwhat = 'x'\nmood_board = 'y'\n\n[goals.measure]\ntarget = 5\nsource = 'ERP'\n\n"
           "[[goals.key_results]]\nid = 'kr-aaaa'\nconfidence = 0.7\n\n[[goals.milestones]]\nid = 'mil-aaaa'\nowner = 'Sam'\n\n"
           "[[goals.risks]]\ntext = 'late parts'\nodds = 2\n\n[[tactics]]\nid = 'tac-aaaa'\nhours = 12\n\n"
           "[[strategies]]\nid = 'tow-aaaa'\nscore = 1e3\n\n[future]\nwhen = 2030-01-01T00:00:00+01:00\n\n"
           "[[future.plans]]\nname = 'Mars'\n")


def test_unknown_keys_are_kept_through_fmt(tmp_path, capsys):
    path = write(tmp_path, UNKNOWN)
    before = load(path).workbook
    assert before.meta.extra == {"mood": "hopeful", "locale": {"language": "cy"}}
    assert before.goals[0].extra["risks"] == [{"text": "late parts", "odds": 2}]
    assert before.goals[0].answers["mood_board"] == "y"
    assert before.pestle.factors["legal"].items[0].extra == {"law": {"name": "GDPR", "year": 2018}}
    assert main(["fmt", str(path)]) == 0
    assert "reformatted" in capsys.readouterr().out
    after = load(path)
    assert unstamped(after.workbook) == before
    assert not after.warnings
    text = path.read_text()
    for fragment in ("mood = \"hopeful\"", "[workbook.locale]", "motto = \"Onwards\"", "icon = \"star\"",
                     "colour = \"teal\"", "evidence = [\"a\", \"b\"]", "order = [1, 2]", "reviewer = \"Ann\"",
                     "[pestle.legal.items.law]\nname = \"GDPR\"\nyear = 2018", "colour = \"red\"", "mood_board = \"y\"",
                     "source = \"ERP\"", "confidence = 0.7", "owner = \"Sam\"", "[[goals.risks]]", "hours = 12",
                     "score = 1000.0", "[future]", "when = 2030-01-01T00:00:00+01:00", "[[future.plans]]"):
        assert fragment in text
    # A second fmt has nothing to do.
    assert main(["fmt", "--check", str(path)]) == 0


# -- the hostile kinds ---------------------------------------------------------------------------

def test_empty_file(tmp_path, capsys):
    for content in ("", "\n\n", "   \t\n"):
        path = write(tmp_path, content)
        status, out, err = check(capsys, path)
        assert status == 2
        assert err == [f"{path}: error: is empty: a workbook needs at least [workbook] schema = 1"]


def test_binary_noise(tmp_path, capsys):
    rng = random.Random(20261127)
    for index in range(20):
        noise = rng.randbytes(rng.randint(16, 8192))
        path = write(tmp_path, noise, f"noise{index}.toml")
        status, out, err = check(capsys, path)
        assert status == 2
        assert len(err) == 1
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: error: ", err[0]), err


def test_binary_file_with_nul_says_so(tmp_path, capsys):
    path = write(tmp_path, b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)))
    status, _, err = check(capsys, path)
    assert status == 2
    assert err == [f"{path}:1:8: error: contains a NUL byte: a binary file, not a TOML workbook"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused_with_a_hint(tmp_path, capsys, encoding):
    path = write(tmp_path, (HEAD + "title = 'Plan'\n").encode(encoding))
    status, _, err = check(capsys, path)
    assert status == 2
    [line] = err
    assert line.startswith(f"{path}:1:")
    assert "is UTF-16 text" in line and "save it as UTF-8" in line


def test_byte_order_mark_is_accepted(tmp_path, capsys):
    plain = write(tmp_path, HEAD + "title = 'Plan'\n", "plain.toml")
    marked = write(tmp_path, b"\xef\xbb\xbf" + plain.read_bytes(), "marked.toml")
    assert check(capsys, marked)[0] == 0
    assert load(marked).workbook == load(plain).workbook
    # And a line of an error is still right after a mark.
    bad = write(tmp_path, b"\xef\xbb\xbf" + (HEAD + "title = 1\n").encode(), "bad.toml")
    assert check(capsys, bad)[2] == [f"{bad}:3: error: workbook.title: must be a string, not an integer"]


def test_crlf_is_accepted(tmp_path, capsys, samples):
    for sample in samples:
        crlf = write(tmp_path, sample.read_bytes().replace(b"\n", b"\r\n"), "crlf.toml")
        assert check(capsys, crlf)[0] == 0
        assert load(crlf).workbook == load(sample).workbook
    bad = write(tmp_path, (HEAD + "[[goals]]\r\nid = 'gol-aaaa'\r\ndue = 5\r\n").replace("\n", "\r\n").replace("\r\r", "\r"))
    assert check(capsys, bad)[2] == [f"{bad}:5: error: goals[0].due: must be a date like 2027-06-30, not an integer"]


def test_lone_cr_is_refused(tmp_path, capsys):
    path = write(tmp_path, HEAD.replace("\n", "\r") + "title = 'x'\r")
    status, _, err = check(capsys, path)
    assert status == 2
    assert err == [f"{path}:1:11: error: not valid TOML: a lone carriage return (CR); lines must end with LF or CRLF"]


DEEP = {
    "arrays": "x = " + "[" * 100_000 + "]" * 100_000 + "\n",
    "inline-tables": "x = " + "{a = " * 100_000 + "1" + "}" * 100_000 + "\n",
    "dotted-keys": "x" + ".a" * 100_000 + " = 1\n",
    "table-header": "[x" + ".a" * 100_000 + "]\n",
    "array-of-tables-header": "[[x" + ".a" * 100_000 + "]]\n",
    "dotted-key-40kb": "k" + ".k" * 20_000 + " = 1\n",
}


@pytest.mark.parametrize("kind", list(DEEP))
def test_deep_nesting_is_refused(tmp_path, capsys, kind):
    path = write(tmp_path, HEAD + DEEP[kind])
    status, _, err = check(capsys, path)
    assert status == 2
    assert err == [f"{path}: error: not valid TOML: nested too deeply"]


def test_a_40kb_dotted_key_the_parser_accepts_is_refused_by_depth(tmp_path, capsys):
    # 400 parts of 99 characters: valid TOML that tomli reads, but too deep for a workbook.
    key = ".".join(["k" * 99] * 401)
    assert len(key) > 40_000
    path = write(tmp_path, HEAD + "\n[future]\n" + key + " = 1\n")
    status, _, err = check(capsys, path)
    assert status == 2
    [line] = err
    assert line.startswith(f"{path}:5: error: future.kkk")
    assert line.endswith(f": is nested more than {MAX_UNKNOWN_DEPTH} levels deep")


def test_unknown_data_nested_to_the_limit_round_trips_and_one_more_level_is_refused(tmp_path, capsys):
    key = ".".join(f"k{i}" for i in range(MAX_UNKNOWN_DEPTH))
    path = write(tmp_path, key + " = [1]\n" + HEAD)  # the array is at the deepest level allowed
    assert check(capsys, path)[0] == 0
    assert main(["fmt", str(path)]) == 0
    assert "[k0.k1.k2" in path.read_text()
    assert check(capsys, path)[0] == 0
    deeper = write(tmp_path, key + " = [[1]]\n" + HEAD, "deeper.toml")
    status, _, err = check(capsys, deeper)
    assert status == 2
    assert err == [f"{deeper}:1: error: {key}[0]: is nested more than {MAX_UNKNOWN_DEPTH} levels deep"]


def test_integer_of_5000_digits(tmp_path, capsys):
    path = write(tmp_path, HEAD + "[future]\nbig = " + "7" * 5000 + "\n")
    status, _, err = check(capsys, path)
    assert status == 2
    assert err == [f"{path}:4:7: error: not valid TOML: an integer of more than 4,300 digits"]


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path, capsys, monkeypatch):
    path = tmp_path / "huge.toml"
    with open(path, "wb") as handle:  # sparse: costs no disk and no time
        handle.write(HEAD.encode())
        handle.truncate(MAX_BYTES + 1)
    before = os.stat(path)

    def no_parsing(_text: str) -> dict:
        raise AssertionError("parsed a file over the limit")

    monkeypatch.setattr(files.tomli, "loads", no_parsing)
    status, _, err = check(capsys, path)
    assert status == 2
    assert err == [f"{path}: error: is 20,971,521 bytes; the limit is 20,971,520 (20 MiB)"]
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns


def test_file_at_the_size_limit_is_read(tmp_path, capsys):
    content = HEAD + "title = 'x'\n"
    path = write(tmp_path, content + " " * (MAX_BYTES - len(content)))
    assert path.stat().st_size == MAX_BYTES
    assert check(capsys, path)[0] == 0


def test_folder_is_refused(tmp_path, capsys):
    folder = tmp_path / "plan.toml"
    folder.mkdir()
    status, _, err = check(capsys, folder)
    assert status == 2
    assert err == [f"{folder}: error: is a folder, not a workbook file"]
    assert folder.is_dir() and not any(folder.iterdir())


def test_missing_file(tmp_path, capsys):
    path = tmp_path / "nowhere.toml"
    status, _, err = check(capsys, path)
    assert status == 2
    assert err == [f"{path}: error: no such file"]
    assert not path.exists()


def test_fifo_is_refused_at_once(tmp_path, capsys):
    fifo = tmp_path / "plan.toml"
    os.mkfifo(fifo)
    # In a subprocess first: if the reader opened the pipe it would block, and the timeout says so.
    result = run_cli("check", str(fifo), timeout=20)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"{fifo}: error: is not a regular file (a device, pipe or socket?)"]
    status, _, err = check(capsys, fifo)
    assert status == 2
    assert err == [f"{fifo}: error: is not a regular file (a device, pipe or socket?)"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_device_is_refused_at_once(capsys):
    status, _, err = check(capsys, Path("/dev/zero"))
    assert status == 2
    assert err == ["/dev/zero: error: is not a regular file (a device, pipe or socket?)"]


def test_a_recursion_error_in_validation_becomes_our_error(monkeypatch):
    def too_deep(document: dict) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(files, "validate", too_deep)
    with pytest.raises(WorkbookError) as caught:
        loads(HEAD, "plan.toml")
    assert caught.value.problems[0].format() == "plan.toml: error: nested too deeply"


def test_loads_without_a_name_still_places_errors():
    with pytest.raises(WorkbookError) as caught:
        loads(HEAD + "title = 1\n")
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (3, "workbook.title")
    assert problem.format() == "<workbook>:3: error: workbook.title: must be a string, not an integer"


# -- no traceback, whatever the input: the real command in a subprocess -----------------------------

SUBPROCESS_CASES = {
    "noise": random.Random(7).randbytes(4096),
    "utf16": (HEAD + "title = 'x'\n").encode("utf-16"),
    "deep-arrays": (HEAD + DEEP["arrays"]).encode(),
    "deep-dotted": (HEAD + DEEP["dotted-keys"]).encode(),
    "digits": (HEAD + "big = " + "9" * 5000 + "\n").encode(),
    "schema-huge": b"[workbook]\nschema = 99999999999999999999999\n",
    "bad-values": (HEAD + GOAL + "due = 5\n[goals.measure]\ntarget = nan\n").encode(),
}


def test_check_in_a_subprocess_never_shows_a_traceback(tmp_path):
    paths = []
    for name, content in SUBPROCESS_CASES.items():
        paths.append(write(tmp_path, content, f"{name}.toml"))
    result = run_cli("check", *map(str, paths))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert "internal error" not in result.stderr
    for path in paths:
        assert f"{path}:" in result.stderr
    assert all(line.split(":", 1)[0] in {str(p) for p in paths} for line in result.stderr.splitlines())
    for (name, content), path in zip(SUBPROCESS_CASES.items(), paths):
        assert path.read_bytes() == content, name


def test_locating_only_the_wanted_paths_finds_the_same_lines(samples) -> None:
    from tui.store.locate import find_line, line_index

    for sample in samples:
        text = sample.read_text(encoding="utf-8")
        every = line_index(text)
        for path in list(every)[::3]:
            assert find_line(line_index(text, [path]), path) == every[path], (sample.name, path)


# Text that looks like TOML structure: headers, quotes of every kind, brackets, comments.
_TRICKY = st.lists(st.sampled_from(["\n[[goals]]\n", "\n[goals.measure]\n", '"""', "'''", "[", "]", "#", "'", '"',
                                    "\\", "a", " ", "\n", "\nx = 1", "\n[x]\n"]), max_size=8).map("".join)
_VALUES = st.recursive(st.one_of(_TRICKY, st.integers(0, 9)),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                           st.sampled_from(["a", "b", "c d", "title", "e.f"]), inner, max_size=3), max_leaves=6)
_ITEMS = st.dictionaries(st.sampled_from(["id", "title", "text", "measure", "due", "a"]), _VALUES, max_size=4)
_DOCUMENTS = st.dictionaries(st.sampled_from(["goals", "swot", "tactics", "vmv"]),
                             st.lists(_ITEMS, min_size=1, max_size=3) | _ITEMS, min_size=1)


@settings(max_examples=examples(150), deadline=None)
@given(_DOCUMENTS, st.booleans(), st.data())
def test_locating_some_paths_finds_the_lines_a_full_index_gives(document, multiline, data):
    """Asked for some paths, the line finder passes over the tables not wanted (a long text's
    lines included, whatever they hold) and stops once it has them all: each wanted path is on
    the line the full index gives it."""
    import tomli_w

    from tui.store.locate import find_line, line_index

    text = tomli_w.dumps(document, multiline_strings=multiline)
    every = line_index(text)
    paths = data.draw(st.lists(st.sampled_from([*every, "goals[0].title", "goals[1].a", "tactics[2]"]),
                               min_size=1, max_size=4))
    index = line_index(text, paths)
    for path in paths:
        assert find_line(index, path) == find_line(every, path), (text, paths, path)


@pytest.mark.parametrize("before", [
    'd = """one line"""',  # a multi-line string closed on its own line
    'd = """x""" # """',
    "d = 'a\"\"\"'",  # three quotes in a literal string
    "d = '''q\"\"\"'''",
    'd = ["""\n[[goals]]\n""", 1]',  # a long text inside an array
    'd = """\n[[goals]]\ntitle = 2\n"""',  # header-like lines inside a long text
    "d = '''\n[[goals]]\n'''",
    "d = [\n  [1],\n[2]\n]",  # an array's lines that start with a bracket
])
def test_a_value_of_a_table_not_wanted_never_moves_the_lines_after_it(before):
    from tui.store.locate import find_line, line_index

    text = f"[x]\n{before}\nafter = 1\n\n[[goals]]\nid = 'gol-aaaa'\ntitle = 1\n"
    tomllib.loads(text)  # the test writes valid TOML
    every = line_index(text)
    assert every["goals[0].title"] == text.split("\n").index("title = 1") + 1
    for path in ("goals[0].title", "goals[0]", "x.after"):
        assert find_line(line_index(text, [path]), path) == find_line(every, path), path


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.text(alphabet="[]#\"'\\\x1bab =", max_size=8), min_size=1, max_size=3))
def test_brackets_and_hashes_inside_strings_do_not_move_later_lines(values):
    """A `[` in a one-line string value (an escape code, `[bold]`) or in an item of a multi-line
    array is text, not the start of an array: the keys after it are still found on their lines."""
    from tui.store.locate import line_index
    from tui.store.writer import format_string

    strings = [format_string(value, multiline=False) for value in values]
    literal = "'" + "".join(c for c in values[0] if c not in "'\x1b") + "'"  # what a literal allows
    text = ("[[risks]]\nid = 'rsk-aaaa'\n"
            + "".join(f"owner = {s}\n" for s in strings[:1])
            + f"response = {literal}  # a [ comment\n"
            + "links = [\n" + "".join(f"  {s},\n" for s in strings) + "]\n"
            + "impact = 9\n\n[[risks]]\ntext = 'no id'\n")
    tomllib.loads(text)  # the test writes valid TOML
    lines = text.split("\n")
    index = line_index(text)
    assert index["risks[0].impact"] == lines.index("impact = 9") + 1
    assert index["risks[1]"] == lines.index("text = 'no id'")  # the line of its [[risks]] header


@pytest.mark.parametrize("length", [4, 12])
def test_a_duplicate_id_suggests_one_that_is_free_and_valid_even_when_the_obvious_ones_are_taken(tmp_path, length):
    from tui.model.ids import is_valid_id

    taken = "tac-" + "a" * length
    stem = taken[:-1] if length == 12 else taken  # the longest id has no room for a character more
    near = [stem + c for c in "23456789abcdefghijklmnopqrstuvwxyz" if stem + c != taken]
    text = HEAD + "".join(f"[[tactics]]\nid = '{item}'\n" for item in [taken, *near, taken])
    path = tmp_path / "plan.toml"
    path.write_text(text)
    with pytest.raises(WorkbookError) as raised:
        load(path)
    [problem] = [p for p in raised.value.problems if "duplicate id" in p.message]
    suggested = problem.message.rpartition("such as ")[2].strip("'")
    assert is_valid_id(suggested) and suggested.startswith("tac-") and suggested not in [taken, *near]


# -- a path with a character that cannot be seen ------------------------------------------------

SAMPLE_TEXT = (Path(__file__).resolve().parents[2] / "samples" / "acme-robotics.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("key", "shown"), [
    ("ti\u200btle", "workbook.ti\\u200btle"),  # a zero-width space: the path looked like workbook.title
    ("titl\ufeff", "workbook.titl\\ufeff"),
    ("titl\x1b", "workbook.titl\\x1b"),
])
def test_a_path_shows_a_character_that_cannot_be_seen_as_its_quoted_key_does(key: str, shown: str) -> None:
    escaped = key.encode("unicode_escape").decode().replace("\\x", "\\u00")
    text = SAMPLE_TEXT.replace("title = ", f'"{escaped}" = ', 1)
    warnings = [p for p in loads(text).warnings if "did you mean 'title'" in p.message]
    assert len(warnings) == 1
    said = warnings[0].format()
    assert f"warning: {shown}: unknown key {key!r}" in said, said
    assert said.isprintable()


@given(st.text(max_size=20))
def test_a_problems_path_is_shown_printable_and_unchanged_when_it_is(path: str) -> None:
    from tui.store.problems import Problem

    said = Problem("warning", "doubtful", path).format()
    shown = said.removeprefix("<workbook>: warning: ").removesuffix(": doubtful")
    assert shown.isprintable() or not path
    assert (shown == path) == path.isprintable() or not path
