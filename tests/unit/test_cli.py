"""The command line: check, fmt, new and --version, their output formats and exit codes,
and the goal quality checks as `stratbook check` reports them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import tui.cli as cli
from tui import __version__
from tests.conftest import ROUGH_DRAFT, finished_samples
from tui.cli import main
from tui.model.checks import CHECKS
from tui.store import dumps, load

ROOT = Path(__file__).resolve().parents[2]
HEAD = "[workbook]\nschema = 1\n"


def write(folder: Path, content: str | bytes, name: str = "plan.toml") -> Path:
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def run(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err.splitlines()


# -- check -------------------------------------------------------------------------------------

def test_check_passes_the_samples_strictly(capsys):
    samples = finished_samples()  # not the rough draft: it has warnings on purpose
    assert samples
    status, out, err = run(capsys, "check", "--strict", *map(str, samples))
    assert (status, out, err) == (0, [], [])


def test_check_warns_about_the_rough_draft_but_loads_it(capsys):
    status, out, err = run(capsys, "check", str(ROUGH_DRAFT))
    assert (status, err) == (0, [])
    warnings = "\n".join(out)
    for expected in ("links to 'opp-gone'", "links to 'val-gone'", "tactics[1].goal: links to 'gol-lost'",
                     "goals[0].owner: no owner", "goals[0].due: no due date", "vague wording"):
        assert expected in warnings
    assert all(": warning: " in line for line in out) and len(out) >= 10
    assert run(capsys, "check", "--strict", str(ROUGH_DRAFT))[0] == 1


def test_check_exit_codes(tmp_path, capsys):
    good = write(tmp_path, HEAD, "good.toml")
    warned = write(tmp_path, HEAD + "[[tactics]]\nid = 'tac-aaaa'\ngoal = 'gol-gone'\n", "warned.toml")
    bad = write(tmp_path, HEAD + "title = 1\n", "bad.toml")
    assert run(capsys, "check", str(good))[0] == 0
    assert run(capsys, "check", "--strict", str(good))[0] == 0
    assert run(capsys, "check", str(warned))[0] == 0
    assert run(capsys, "check", "--strict", str(warned))[0] == 1
    assert run(capsys, "check", str(bad))[0] == 2
    assert run(capsys, "check", "--strict", str(bad))[0] == 2
    # Several files: every one is checked and reported; the worst decides.
    status, out, err = run(capsys, "check", "--strict", str(warned), str(bad), str(good))
    assert status == 2
    assert [line.split(":")[0] for line in out] == [str(warned)]
    assert [line.split(":")[0] for line in err] == [str(bad)]


def test_check_output_formats(tmp_path, capsys):
    syntax = write(tmp_path, HEAD + "title = = 1\n", "syntax.toml")
    status, out, err = run(capsys, "check", str(syntax))
    assert status == 2 and out == []
    assert re.fullmatch(rf"{re.escape(str(syntax))}:3:9: error: not valid TOML: [^:].*", err[0])

    schema = write(tmp_path, HEAD + "[[goals]]\nid = 'gol-aaaa'\nstatus = 'done'\n", "schema.toml")
    status, out, err = run(capsys, "check", str(schema))
    assert err == [f"{schema}:5: error: goals[0].status: must be one of draft | active | achieved | missed | "
                   "dropped, not 'done'"]

    unplaced = write(tmp_path, "[vmv]\n", "unplaced.toml")  # no [workbook]: no line to point at
    assert run(capsys, "check", str(unplaced))[2] == [
        f"{unplaced}: error: workbook.schema: is missing: a workbook needs [workbook] schema = 1"]

    warned = write(tmp_path, HEAD + "[[swot.threats]]\nid = 'thr-aaaa'\nsource = 'pes-gone'\n", "warned.toml")
    status, out, err = run(capsys, "check", str(warned))
    assert (status, err) == (0, [])
    assert out == [f"{warned}:5: warning: swot.threats[0].source: links to 'pes-gone', which is not in this "
                   "workbook (the link is kept)"]


def test_check_makes_control_characters_in_names_and_messages_visible(tmp_path, capsys):
    path = write(tmp_path, HEAD + 'title = 1\n[[goals]]\nid = "gol-\\u001b]0;pwned\\u0007"\n', "a\x1b[2Jb.toml")
    status, out, err = run(capsys, "check", str(path))
    assert status == 2
    text = "\n".join(err)
    assert "\x1b" not in text and "\x07" not in text
    assert "a\u241b[2Jb.toml:3: error: workbook.title" in text
    assert "goals[0].id: 'gol-\\x1b]0;pwned\\x07' is not a valid id" in text


def test_check_never_shows_a_traceback_even_on_an_internal_error(tmp_path, capsys, monkeypatch):
    def broken(name, **options):
        raise RuntimeError("a bug")

    monkeypatch.setattr(cli, "load", broken)
    status, out, err = run(capsys, "check", str(write(tmp_path, HEAD)))
    assert status == 3
    assert err == ["stratbook: internal error: RuntimeError: a bug"]


def test_check_without_files_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["check"])
    assert exited.value.code == 2
    assert "FILE" in capsys.readouterr().err


# -- fmt -----------------------------------------------------------------------------------------

HAND_WRITTEN = """\
# Our plan, typed by hand.
[workbook]
schema=1
title='Acme'   # short name
[[goals]]
due=2027-06-30
id='gol-aaaa'
title="Ship in 5 days"
"""


def test_fmt_rewrites_in_the_canonical_form(tmp_path, capsys):
    path = write(tmp_path, HAND_WRITTEN)
    status, out, err = run(capsys, "fmt", str(path))
    assert status == 0
    assert out == [f"{path}: reformatted"]
    written = path.read_bytes()
    assert written == dumps(load(path).workbook)
    assert b'title = "Acme"  # short name\n' in written and b"# Our plan, typed by hand." in written  # kept
    # Canonical now: a second run changes nothing and says nothing.
    mtime = path.stat().st_mtime_ns
    assert run(capsys, "fmt", str(path)) == (0, [], [])
    assert path.stat().st_mtime_ns == mtime
    assert path.read_bytes() == written


def test_fmt_of_a_canonical_file_reads_and_checks_it_once(tmp_path, capsys, samples, monkeypatch):
    import tui.store.files as files
    import tui.store.validate as validate

    path = tmp_path / "plan.toml"
    path.write_bytes(samples[0].read_bytes())
    assert run(capsys, "fmt", "--check", str(path))[0] == 0  # canonical already
    parsed, checked = [], []
    real_parse, real_validate = files.tomli.loads, validate.Validator.workbook
    monkeypatch.setattr(files.tomli, "loads", lambda text: (parsed.append(1), real_parse(text))[1])
    monkeypatch.setattr(validate.Validator, "workbook",
                        lambda self, *a, **k: (checked.append(1), real_validate(self, *a, **k))[1])
    for flags in ([], ["--check"]):
        parsed.clear(), checked.clear()
        assert run(capsys, "fmt", *flags, str(path)) == (0, [], [])
        assert (len(parsed), len(checked)) == (1, 1), f"fmt {flags} parsed {len(parsed)}, checked {len(checked)} times"
    assert path.read_bytes() == samples[0].read_bytes()


def test_fmt_check_writes_nothing(tmp_path, capsys):
    samples = finished_samples()  # the rough draft has hand-written comments: fmt would change it
    path = write(tmp_path, HAND_WRITTEN)
    status, out, err = run(capsys, "fmt", "--check", str(path), *map(str, samples))
    assert status == 1
    assert out == [f"{path}: would be reformatted"]
    assert path.read_bytes() == HAND_WRITTEN.encode()
    assert run(capsys, "fmt", "--check", *map(str, samples)) == (0, [], [])


def test_fmt_refuses_an_invalid_file_and_leaves_it(tmp_path, capsys):
    bad = write(tmp_path, HEAD + "[[goals]]\nid = 'gol-aaaa'\nstart = 2027-02-01\ndue = 2027-01-01\n", "bad.toml")
    good = write(tmp_path, HAND_WRITTEN, "good.toml")
    for flags in ([], ["--check"]):
        status, out, err = run(capsys, "fmt", *flags, str(bad))
        assert status == 2
        assert err == [f"{bad}:6: error: goals[0].due: 2027-01-01 is before the start date 2027-02-01"]
        assert bad.read_bytes() == (HEAD + "[[goals]]\nid = 'gol-aaaa'\nstart = 2027-02-01\ndue = 2027-01-01\n").encode()
    # The other files are still formatted.
    status, out, err = run(capsys, "fmt", str(bad), str(good))
    assert status == 2
    assert out == [f"{good}: reformatted"]


def test_fmt_refuses_a_newer_schema(tmp_path, capsys):
    content = "[workbook]\nschema = 3\ntitle='x'\n"
    path = write(tmp_path, content)
    status, out, err = run(capsys, "fmt", str(path))
    assert status == 2
    assert f"{path}: error: written by a newer Stratbook: not rewritten" in err
    assert path.read_bytes() == content.encode()


def test_fmt_of_a_crlf_bom_file_rewrites_it(tmp_path, capsys, samples):
    data = samples[0].read_bytes()
    path = write(tmp_path, b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    assert run(capsys, "fmt", "--check", str(path))[0] == 1
    assert run(capsys, "fmt", str(path))[0] == 0
    assert path.read_bytes() == data


# -- new and --version ------------------------------------------------------------------------------

def test_new(tmp_path, capsys):
    path = tmp_path / "plan.toml"
    status, out, err = run(capsys, "new", str(path), "--title", "Three-year plan")
    assert status == 0
    assert out == [f"{path}: new workbook written; open it with: stratbook {path}"]
    assert load(path).workbook.meta.title == "Three-year plan"
    assert run(capsys, "check", "--strict", str(path)) == (0, [], [])
    assert run(capsys, "fmt", "--check", str(path)) == (0, [], [])
    assert run(capsys, "new", str(path))[0] == 2


def test_version(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"stratbook {__version__}"
    result = subprocess.run([sys.executable, "-m", "tui", "--version"], capture_output=True, text=True, cwd=ROOT,
                            timeout=30)
    assert (result.returncode, result.stdout.strip()) == (0, f"stratbook {__version__}")


def test_the_console_script_runs_check(tmp_path):
    script = Path(sys.executable).parent / "stratbook"
    if not script.exists():
        pytest.skip("no stratbook console script next to this Python")
    bad = write(tmp_path, b"\xff\xfe\x00\x00garbage")
    result = subprocess.run([str(script), "check", str(bad)], capture_output=True, text=True, timeout=30,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2
    assert result.stderr.startswith(f"{bad}:1:1: error: ")
    assert "Traceback" not in result.stderr


# -- the goal quality checks, as check reports them ---------------------------------------------------

GOOD_GOALS = HEAD + """\
[[vmv.values]]
id = "val-aaaa"
name = "Integrity"

[[goals]]
id = "gol-smrt"
framework = "smart"
title = "Cut order-to-delivery time to 5 days"
status = "active"
owner = "Tom Berg"
start = 2027-01-01
due = 2099-06-30
links = ["val-aaaa"]

[goals.measure]
metric = "median days"
baseline = 12
target = 5

[[goals.milestones]]
id = "mil-aaaa"
due = 2027-03-01
text = "Leeds live"

[[goals]]
id = "gol-okrs"
framework = "okr"
title = "Customers who cannot imagine buying elsewhere"
status = "active"
owner = "Priya Shah"
due = 2099-12-31
links = ["val-aaaa"]

[[goals.key_results]]
id = "kr-aaaa"
text = "NPS from 58 to 70"
target = 70

[[goals.key_results]]
id = "kr-bbbb"
text = "Churn under 5%"
target = 5

[[goals.key_results]]
id = "kr-cccc"
text = "Ten case studies"
target = 10

[[goals]]
id = "gol-bhag"
framework = "bhag"
title = "A robot in every workshop in Britain"
status = "draft"
owner = "Priya Shah"
due = 2099-01-01
links = ["val-aaaa"]

[goals.answers]
horizon_years = 20
"""

# check id -> (text in GOOD_GOALS, replaced by, the field path of the finding)
SPOILERS = {
    "no-target": ('target = 5\n\n[[goals.milestones]]', '\n[[goals.milestones]]', "goals[0].measure"),
    "no-due": ("due = 2099-06-30\n", "", "goals[0].due"),
    "overdue": ("due = 2099-12-31", "due = 2020-12-31", "goals[1].due"),
    "vague": ('title = "Cut order-to-delivery time to 5 days"', 'title = "Improve delivery"', "goals[0].title"),
    "no-owner": ('owner = "Tom Berg"', 'owner = " "', "goals[0].owner"),
    "no-link": ('due = 2099-06-30\nlinks = ["val-aaaa"]', 'due = 2099-06-30\nlinks = ["gol-okrs"]', "goals[0].links"),
    "okr-count": ('[[goals.key_results]]\nid = "kr-cccc"\ntext = "Ten case studies"\ntarget = 10\n', "",
                  "goals[1].key_results"),
    "kr-no-target": ('text = "Churn under 5%"\ntarget = 5', 'text = "Churn under 5%"', "goals[1].key_results[1].target"),
    "okr-number": ('title = "Customers who cannot imagine buying elsewhere"', 'title = "10,000 customers"',
                   "goals[1].title"),
    "bhag-horizon": ("horizon_years = 20", "horizon_years = 40", "goals[2].answers.horizon_years"),
    "milestone-late": ("due = 2027-03-01", "due = 2100-01-01", "goals[0].milestones[0].due"),
}


def test_good_goals_give_no_warnings(tmp_path, capsys):
    path = write(tmp_path, GOOD_GOALS)
    assert run(capsys, "check", "--strict", str(path)) == (0, [], [])


def test_every_check_is_spoiled_here():
    assert set(SPOILERS) == set(CHECKS)


@pytest.mark.parametrize("check_id", sorted(SPOILERS))
def test_each_quality_check_fires_on_a_bad_goal(tmp_path, capsys, check_id):
    old, new, field = SPOILERS[check_id]
    assert GOOD_GOALS.count(old) == 1
    path = write(tmp_path, GOOD_GOALS.replace(old, new))
    status, out, err = run(capsys, "check", str(path))
    assert (status, err) == (0, [])
    check = CHECKS[check_id]
    [line] = out
    match = re.fullmatch(rf"{re.escape(str(path))}:(\d+): warning: {re.escape(field)}: (.*)", line)
    assert match, line
    message = match.group(2)
    assert message.startswith(check.message)
    assert message.endswith(f" [{check_id}]; {check.hint}")
    # The line is the goal's own (or the field's), not somewhere else.
    lines = path.read_text().split("\n")
    goal_index = int(field[len("goals["):].split("]")[0])
    goal_lines = [number for number, text in enumerate(lines, start=1) if text == "[[goals]]"]
    assert int(match.group(1)) >= goal_lines[goal_index]
    if goal_index + 1 < len(goal_lines):
        assert int(match.group(1)) < goal_lines[goal_index + 1]
    assert run(capsys, "check", "--strict", str(path))[0] == 1
