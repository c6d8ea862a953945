"""A closed pipe ends every command with exit 141 and nothing on standard error, at whatever point
of its output the reader goes away (`stratbook export big.toml --format json | head -c 10`).

Real processes and real pipes: the defect was in the process's streams. A buffered writer's one
write of a long text may write part of it (the pipe's 64 KiB, then SIGPIPE, which Python ignores)
and report that count, which the text layer dropped: the export ended with exit 0, its rest lost,
and diff with exit 1 ("different"). Each output here is larger than its pipe's buffer, so the
command is still writing when the reader leaves."""

from __future__ import annotations

import copy
import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.bench_store import make_workbook
from tui.store.writer import stamped

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60
SMALL_PIPE = 4096
"""A pipe this size fills after a few lines: the reader leaves in the middle of any output."""


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> dict[str, str]:
    """A workbook of 3,000 items whose goals have no owner (a warning each, for `check`), and two
    copies that change every goal's title and tactic's text differently (a conflict each)."""
    folder = tmp_path_factory.mktemp("big")
    workbook = make_workbook(3000)
    for goal in workbook.goals:
        goal.owner = ""
    ours, theirs = copy.deepcopy(workbook), copy.deepcopy(workbook)
    for side, name in ((ours, "ours"), (theirs, "theirs")):
        for goal in side.goals:
            goal.title += f" ({name})"
        for tactic in side.tactics:
            tactic.text += f" ({name})"
    paths = {}
    for name, book in (("plan", workbook), ("ours", ours), ("theirs", theirs)):
        paths[name] = str(folder / f"{name}.toml")
        Path(paths[name]).write_bytes(stamped(book).data)
    paths["out"] = str(folder / "merged.toml")
    return paths


COMMANDS = {
    "check": ["check", "{plan}"],
    "export markdown": ["export", "{plan}"],
    "export html": ["export", "{plan}", "--format", "html"],
    "export json": ["export", "{plan}", "--format", "json"],
    "diff": ["diff", "{plan}", "{ours}"],
    "diff json": ["diff", "{plan}", "{ours}", "--format", "json"],
    "merge": ["merge", "{plan}", "{ours}", "{theirs}", "-o", "{out}", "--force"],
    "status": ["status", "{plan}", "--as-of", "2027-06-01"],
    "status json": ["status", "{plan}", "--as-of", "2027-06-01", "--format", "json"],
    "digest": ["digest", "{plan}", "--as-of", "2040-01-01"],
    "digest markdown": ["digest", "{plan}", "--as-of", "2040-01-01", "--format", "markdown"],
}
LARGER_THAN_64_KIB = ["export markdown", "export html", "export json", "diff", "diff json", "merge",
                      "status json", "digest", "digest markdown"]


def read_then_close(words: list[str], cut: int, pipe_size: int | None) -> tuple[int, bytes, int]:
    """Run stratbook with its output into a pipe; read `cut` bytes of it, then close the pipe.
    The exit status, standard error and how much the whole output would have been."""
    read_end, write_end = os.pipe()
    if pipe_size is not None:
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, pipe_size)
    try:
        process = subprocess.Popen([sys.executable, "-m", "tui", *words], stdin=subprocess.DEVNULL,
                                   stdout=write_end, stderr=subprocess.PIPE, cwd=ROOT)
    finally:
        os.close(write_end)
    got = 0
    try:
        while got < cut:
            chunk = os.read(read_end, min(65536, cut - got))
            if not chunk:
                break
            got += len(chunk)
    finally:
        os.close(read_end)
    _, err = process.communicate(timeout=TIMEOUT)
    return process.returncode, err, got


@pytest.mark.parametrize("cut", [10, 20_000])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_reader_that_leaves_in_the_middle_ends_the_command_with_141(big, command, cut):
    words = [word.format(**big) for word in COMMANDS[command]]
    status, err, got = read_then_close(words, cut, SMALL_PIPE)
    assert got == cut, f"the output is shorter than {cut} bytes: not a test of a closed pipe"
    assert (status, err) == (141, b"")


@pytest.mark.parametrize("command", LARGER_THAN_64_KIB)
def test_a_reader_that_leaves_a_large_output_early_ends_the_command_with_141(big, command):
    """The pipe as the shell makes it: 64 KiB, and each of these outputs is larger."""
    words = [word.format(**big) for word in COMMANDS[command]]
    status, err, _ = read_then_close(words, 10, None)
    assert (status, err) == (141, b"")


@pytest.mark.parametrize("words", [
    ["checkin", "{plan}", "gol-7tz2", "7"],
    ["status", "{plan}"], ["status", "{plan}", "--format", "json"],
    ["digest", "{plan}"], ["digest", "{plan}", "--format", "markdown"],
    ["config", "--keys"], ["check", "--help"],
])
def test_a_reader_gone_before_anything_is_written_ends_the_command_with_141(tmp_path, words):
    """The commands tests/unit/test_cli_edges.py does not run there (it runs the others)."""
    plan = tmp_path / "plan.toml"
    plan.write_bytes((ROOT / "samples" / "acme-robotics.toml").read_bytes())
    status, err, _ = read_then_close([word.format(plan=plan) for word in words], 0, None)
    assert (status, err) == (141, b"")
