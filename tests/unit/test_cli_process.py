"""`stratbook check` as people run it, a whole process: what it prints, byte for byte.

The command line ends a process that read whole workbooks at once, without freeing its objects
one by one (`tui.cli.run`); what it printed must all be there, in order, with its exit status,
exactly as `main` prints it in-process. And what `check` prints stays the same from one version
to the next: the rough draft's report is held here in full."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

import tui.cli as cli
from tests.bench.bench_store import make_workbook
from tests.ui.conftest import hostile_workbook
from tui.cli import main
from tui.store import dumps, save

ROOT = Path(__file__).resolve().parents[2]

ROUGH_DRAFT_REPORT = """\
samples/rough-draft.toml:67: warning: strategies[0].links[2]: links to 'opp-gone', which is not in this workbook (the link is kept)
samples/rough-draft.toml:145: warning: goals[1].links[1]: links to 'str-gone', which is not in this workbook (the link is kept)
samples/rough-draft.toml:145: warning: goals[1].links[2]: links to 'tow-gone', which is not in this workbook (the link is kept)
samples/rough-draft.toml:170: warning: goals[2].links[0]: links to 'val-gone', which is not in this workbook (the link is kept)
samples/rough-draft.toml:170: warning: goals[2].links[2]: links to 'val-opn2' again: it counts once (the repeat is kept)
samples/rough-draft.toml:231: warning: tactics[1].goal: links to 'gol-lost', which is not in this workbook (the link is kept)
samples/rough-draft.toml:274: warning: ansoff[0].links[0]: links to 'opp-gone', which is not in this workbook (the link is kept)
samples/rough-draft.toml:274: warning: ansoff[0].links[1]: links to 'gol-gone', which is not in this workbook (the link is kept)
samples/rough-draft.toml:313: warning: risks[0].links[0]: links to 'gol-lost', which is not in this workbook (the link is kept)
samples/rough-draft.toml:127: warning: goals[0].measure: measurable goal without a number or a target [no-target]; Add a measure with a baseline and a target number.
samples/rough-draft.toml:127: warning: goals[0].due: no due date [no-due]; Set a due date: a goal without a date is a wish.
samples/rough-draft.toml:130: warning: goals[0].title: vague wording without a number: 'Improve' [vague]; Replace words like 'improve' or 'more' with a number: from what, to what.
samples/rough-draft.toml:132: warning: goals[0].owner: no owner [no-owner]; Name the one person who answers for this goal.
samples/rough-draft.toml:127: warning: goals[0].links: not linked to a value, SWOT item or strategy [no-link]; Link the goal to what it serves, so leaders can see why it exists.
samples/rough-draft.toml:150: warning: goals[1].key_results: an OKR should have 3 to 5 key results: it has 1 [okr-count]; Fewer than three rarely capture the objective; more than five dilute focus.
samples/rough-draft.toml:150: warning: goals[1].key_results[0].target: a key result without a target [kr-no-target]; Give every key result a target number.
samples/rough-draft.toml:159: warning: goals[1].milestones[0].due: a milestone is due after the goal: 2028-02-29 is after 2027-10-31 [milestone-late]; Move the milestone before the goal's due date, or move the due date.
samples/rough-draft.toml:174: warning: goals[2].answers.horizon_years: a BHAG's horizon should be 10 to 30 years [bhag-horizon]; Answer 'In how many years?' with a whole number from 10 to 30.
samples/rough-draft.toml:181: warning: goals[3].owner: no owner [no-owner]; Name the one person who answers for this goal.
"""


class _FirstOfDecember2026(datetime.date):
    @classmethod
    def today(cls):
        return cls(2026, 12, 1)


def test_the_report_on_the_rough_draft_is_held_byte_for_byte(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(cli, "date", _FirstOfDecember2026)
    assert main(["check", "samples/rough-draft.toml"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (ROUGH_DRAFT_REPORT, "")


@pytest.fixture
def workbooks(tmp_path: Path) -> list[str]:
    """The rough draft, a workbook of hostile text, a generated one with links gone, one with errors."""
    hostile = tmp_path / "hostile.toml"
    save(hostile_workbook(), hostile)
    generated = make_workbook(1_000)
    for index, tactic in enumerate(generated.tactics[::20]):
        tactic.goal = f"gol-gone{index:04d}"
    dangling = tmp_path / "dangling.toml"
    dangling.write_bytes(dumps(generated))
    broken = tmp_path / "broken.toml"
    broken.write_text(dangling.read_text(encoding="utf-8").replace("weight = 3", "weight = 9", 5), encoding="utf-8")
    return [str(ROOT / "samples" / "rough-draft.toml"), str(hostile), str(dangling), str(broken)]


@pytest.mark.parametrize("strict", [False, True], ids=["plain", "strict"])
def test_check_as_a_process_prints_what_main_prints(workbooks, tmp_path, capsys, strict):
    # Into files, as `stratbook check plan.toml > report.txt` does: standard output is then
    # buffered in blocks, so an end that skipped the flush would lose the report's tail.
    arguments = ["check", *(["--strict"] if strict else []), *workbooks]
    out_file, err_file = tmp_path / "out.txt", tmp_path / "err.txt"
    with out_file.open("wb") as out, err_file.open("wb") as err:
        status = subprocess.run([sys.executable, "-m", "tui", *arguments], cwd=ROOT, stdout=out, stderr=err,
                                timeout=120).returncode
    expected_status = main(arguments)
    expected_out, expected_err = capsys.readouterr()
    assert status == expected_status == 2  # the broken one
    assert out_file.read_text(encoding="utf-8") == expected_out
    assert err_file.read_text(encoding="utf-8") == expected_err
    assert expected_out.count("\n") > 30 and expected_err.count(": error: ") == 5


AT_EXIT = ("import atexit, sys; atexit.register(lambda: print('freed at exit', file=sys.stderr)); "
           "sys.argv[0] = 'stratbook'; from tui.cli import run; run()")


def test_a_command_that_read_a_workbook_ends_at_once(tmp_path):
    """`check` ends its process without the ordinary exit's clean-up (which frees every object of
    the workbook one by one); a command that is not one of those exits as usual."""
    sample = str(ROOT / "samples" / "acme-robotics.toml")
    checked = subprocess.run([sys.executable, "-c", AT_EXIT, "check", sample], cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")
    created = subprocess.run([sys.executable, "-c", AT_EXIT, "new", str(tmp_path / "new.toml")], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
    assert created.returncode == 0 and "freed at exit" in created.stderr


def test_check_does_not_look_for_hand_written_comments(monkeypatch, capsys):
    """`check` only reads: it skips the pass over the text that finds the comments written by hand."""
    import tui.store.files as files

    def looked(text: str) -> bool:
        raise AssertionError("check looked for comments")

    monkeypatch.setattr(files, "has_user_comments", looked)
    assert main(["check", str(ROOT / "samples" / "acme-robotics.toml")]) == 0
    assert capsys.readouterr() == ("", "")
