"""Comments written by hand survive the round trips: a reply that comes back by email with a
colleague's comments is imported with them and ours, and two git branches that each comment
the plan merge through the git merge driver with both sides' comments."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tui.store import load

from .test_comments import PLAN
from .test_mail import reply_by_hand, run, send
from .test_merge import driver_repo, git


@pytest.fixture
def plan(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("EMAIL", "Priya Shah <priya@example.com>")
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    return path


@pytest.mark.parametrize("encoding", ["base64", "quoted-printable"])
def test_a_reply_with_comments_is_imported_with_them_and_ours(plan, capsys, encoding):
    _, attachment = send(capsys, plan)
    assert b"# Bob: too ambitious for Q1?" in attachment  # what is sent has our comments
    # Meanwhile we comment our copy by hand; they comment theirs (in an editor, CRLF by mail).
    plan.write_text(plan.read_text(encoding="utf-8").replace("# moved from March", "# Priya: April?"),
                    encoding="utf-8")
    theirs = attachment.replace(b'[[tactics]]\nid = "tac-aaaa"', b'# Tom: who runs the pilot?\n[[tactics]]\n'
                                b'id = "tac-aaaa"').replace(b"# the values are Priya's", b"# the values: agreed")
    reply = plan.parent / "reply.eml"
    reply.write_bytes(reply_by_hand(theirs, encoding))
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    assert status == 0, lines
    out = plan.read_text(encoding="utf-8")
    assert "due = 2027-03-31  # Priya: April?\n" in out  # ours
    assert '# Tom: who runs the pilot?\n[[tactics]]\nid = "tac-aaaa"' in out  # theirs, added
    assert "# the values: agreed\n[[vmv.values]]" in out and "# the values are Priya's" not in out  # changed
    assert "# Bob: too ambitious for Q1?\n" in out and "# that is all for now\n" in out  # the rest, kept
    before = plan.read_bytes()
    status, lines, _ = run(capsys, "import", str(plan), str(reply))
    assert status == 0 and "already imported" in lines[0] and plan.read_bytes() == before


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_git_merge_driver_keeps_the_comments_of_both_branches(tmp_path: Path, capsys) -> None:
    repo = driver_repo(tmp_path)
    plan = repo / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "plan")

    def edit(old: str, new: str) -> None:
        plan.write_text(plan.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    git(repo, "checkout", "-q", "-b", "anna")
    edit('[[tactics]]\nid = "tac-bbbb"', '# Anna: hire in Leeds first\n[[tactics]]\nid = "tac-bbbb"')
    edit('text = "Hire"', 'text = "Hire two"')
    git(repo, "commit", "-q", "-am", "anna")
    git(repo, "checkout", "-q", "main")
    edit("# moved from March", "# main: moved again")
    edit('text = "Pilot two shifts"', 'text = "Pilot two shifts"  # main: in Leeds')
    git(repo, "commit", "-q", "-am", "main")

    output = git(repo, "merge", "anna", "-m", "merge anna")
    assert "CONFLICT" not in output, output
    out = plan.read_text(encoding="utf-8")
    assert "<<<<<<<" not in out
    assert '# Anna: hire in Leeds first\n[[tactics]]\nid = "tac-bbbb"' in out
    assert 'text = "Hire two"' in out
    assert "due = 2027-03-31  # main: moved again\n" in out
    assert 'text = "Pilot two shifts"  # main: in Leeds\n' in out
    assert "# Draft for the board, 3 December. Not to be shared outside.\n" in out
    assert load(plan).workbook.find("tac-bbbb").text == "Hire two"
