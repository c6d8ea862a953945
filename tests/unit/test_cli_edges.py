"""The command line's own edges, for every subcommand: what it writes is safe to show
(argparse's own errors and file names that are not UTF-8 included), a closed pipe ends it
quietly, a full standard output is an ordinary error; and the app does not start without a
terminal. Real processes, because the edges are in the process's streams.
"""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "samples" / "acme-robotics.toml"
OTHER = ROOT / "samples" / "harbour-food-bank.toml"
HAND_WRITTEN = "[workbook]\nschema=1\ntitle='Typed by hand'\n"
WARNED = "[workbook]\nschema = 1\n\n[[tactics]]\nid = 'tac-aaaa'\ngoal = 'gol-gone'\n"
BAD_NAME = b"\x9b31m\x1b]0;X\x07-\xff.toml"  # not UTF-8, with an 8-bit CSI, ESC and OSC
TIMEOUT = 30

SUBCOMMANDS = ["new", "check", "fmt", "export", "diff", "merge", "send", "import", "serve", "open"]


def files(folder: Path) -> dict[str, Path]:
    paths = {"plan": folder / "plan.toml", "other": folder / "other.toml",
             "hand": folder / "hand.toml", "warned": folder / "warned.toml"}
    shutil.copyfile(SAMPLE, paths["plan"])
    shutil.copyfile(OTHER, paths["other"])
    paths["hand"].write_text(HAND_WRITTEN)
    paths["warned"].write_text(WARNED)
    return paths


def writing_to_stdout(command: str, folder: Path) -> list[str | bytes]:
    """An invocation of `command` that writes to standard output."""
    f = files(folder)
    return {
        "new": ["new", str(folder / "fresh.toml")],
        "check": ["check", str(f["warned"])],
        "fmt": ["fmt", str(f["hand"])],
        "export": ["export", str(f["plan"])],
        "diff": ["diff", str(f["plan"]), str(f["other"])],
        "merge": ["merge", str(f["plan"]), str(f["plan"]), str(f["plan"]), "-o", str(folder / "out.toml")],  # one plan
        "send": ["send", str(f["plan"]), "--to", "ann@example.com", "-o", str(folder / "out.eml")],
        "import": ["import", str(f["plan"]), str(f["other"])],
        "serve": ["serve", "--help"],
        "open": ["--help"],
    }[command]


def naming_a_bad_file(command: str, folder: Path) -> list[str | bytes]:
    """An invocation of `command` whose output names a file called BAD_NAME."""
    f = files(folder)
    bad = os.fsencode(folder) + b"/" + BAD_NAME
    source = {"check": f["warned"], "fmt": f["hand"], "diff": f["plan"], "serve": f["plan"],
              "import": f["other"]}.get(command)
    if source is not None:
        shutil.copyfile(source, bad)
    return {
        "new": ["new", bad],
        "check": ["check", bad, os.fsencode(folder) + b"/missing-\x9b.toml"],
        "fmt": ["fmt", bad],
        "export": ["export", str(f["plan"]), "-o", bad],
        "diff": ["diff", bad, str(f["other"])],
        "merge": ["merge", str(f["plan"]), str(f["plan"]), str(f["plan"]), "-o", bad],  # copies of one plan
        "send": ["send", str(f["plan"]), "--to", "ann@example.com", "-o", bad],
        "import": ["import", str(f["plan"]), bad],
        "serve": ["serve", bad, "--port", "0"],
        "open": [bad],
    }[command]


def stratbook(args, stdout=subprocess.PIPE, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui", *args], stdin=subprocess.DEVNULL, stdout=stdout,
                          stderr=subprocess.PIPE, cwd=ROOT, timeout=TIMEOUT, env={**os.environ, **(env or {})},
                          **kwargs)


def assert_safe_to_show(output: bytes) -> None:
    """Valid UTF-8 (so no raw 8-bit CSI), with no control character but the line feed."""
    text = output.decode("utf-8")  # raises on a raw byte from a file name
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]", text), text


# -- every message is sanitised ------------------------------------------------------------------

@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_argparse_errors_quote_typed_arguments_safely(command):
    hostile = "--\x1b]0;X\x07\x9b31m"
    positional = {"new": ["a"], "check": ["a"], "fmt": ["a"], "export": ["a"], "diff": ["a", "b"],
                  "merge": ["a", "b", "c"], "send": ["a", "--to", "b"], "import": ["a", "b"], "serve": ["a"],
                  "open": []}[command]
    args = [*positional, hostile] if command == "open" else [command, *positional, hostile]
    result = stratbook(args)
    assert result.returncode == 2
    assert_safe_to_show(result.stdout + result.stderr)
    assert "\u241b]0;X\u2407" in result.stderr.decode()  # the argument is still shown, visibly


def test_an_invalid_choice_is_quoted_safely():
    result = stratbook(["export", "-f", "\x1b[31mred", str(SAMPLE)])
    assert result.returncode == 2
    assert_safe_to_show(result.stderr)
    assert "invalid choice" in result.stderr.decode()


@pytest.mark.parametrize("locale", ["C", "C.UTF-8"])
@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_file_names_that_are_not_utf8_are_shown_safely(tmp_path, command, locale):
    args = naming_a_bad_file(command, tmp_path)
    env = {"LC_ALL": locale, "LANG": locale, "PYTHONIOENCODING": ""}
    if command == "serve":  # it keeps running: read what it says, then stop it
        process = subprocess.Popen([sys.executable, "-m", "tui", *args], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, **env})
        err = b""
        deadline = time.monotonic() + TIMEOUT
        while b"token=" not in err and time.monotonic() < deadline and process.poll() is None:
            err += process.stderr.readline()
        process.terminate()
        out, rest = process.communicate(timeout=TIMEOUT)
        result = subprocess.CompletedProcess(args, process.returncode, out, err + rest)
    else:
        result = stratbook(args, env=env)
    output = result.stdout + result.stderr
    assert_safe_to_show(output)
    assert b"internal error" not in output and b"Traceback" not in output
    if command != "open":  # the app itself says only that it needs a terminal
        assert "<9B>31m\u241b]0;X\u2407-<FF>.toml" in output.decode(), output


# -- a closed pipe, a full disk ------------------------------------------------------------------

@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_a_closed_pipe_ends_quietly(tmp_path, command):
    """`stratbook diff a b | head -1`: the reader is gone before the output is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = stratbook(writing_to_stdout(command, tmp_path), stdout=write_end)
    finally:
        os.close(write_end)
    assert result.returncode == 141  # (0 was allowed: every command here prints to standard output)
    assert result.stderr == b""


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_a_full_standard_output_is_an_ordinary_error(tmp_path, command):
    with open("/dev/full", "wb") as full:
        result = stratbook(writing_to_stdout(command, tmp_path), stdout=full)
    assert result.returncode in (1, 2)
    assert result.stderr.decode().splitlines() == [
        "stratbook: error: cannot write to standard output: No space left on device"]


def test_the_whole_output_arrives_through_a_pipe(tmp_path):
    """Control: the pipe handling loses nothing when the reader reads."""
    result = stratbook(writing_to_stdout("export", tmp_path))
    assert result.returncode == 0 and result.stdout.startswith(b"# ") and result.stderr == b""


# -- no terminal, no app -------------------------------------------------------------------------

NO_TERMINAL = "stratbook: the app needs a terminal (standard input, output and error); without one use the " \
              "commands: stratbook check|fmt|export|diff|merge FILE (stratbook --help)"


@pytest.mark.parametrize("streams", ["stdin /dev/null", "stdout to a file", "both"])
def test_without_a_terminal_the_app_does_not_start(tmp_path, streams):
    plan = tmp_path / "plan.toml"
    shutil.copyfile(SAMPLE, plan)
    before = plan.read_bytes()
    primary, secondary = pty.openpty()
    try:
        with open(tmp_path / "out.txt", "wb") as out:
            result = subprocess.run(
                [sys.executable, "-m", "tui", str(plan)], cwd=ROOT, timeout=TIMEOUT, stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL if streams != "stdout to a file" else secondary,
                stdout=out if streams != "stdin /dev/null" else secondary)
    finally:
        os.close(primary)
        os.close(secondary)
    assert result.returncode == 2
    assert result.stderr.decode().splitlines() == [NO_TERMINAL]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "plan.toml"]  # no lock, no recovery
    assert plan.read_bytes() == before


@pytest.mark.parametrize("error", ["to a file", "closed"])
def test_without_a_terminal_for_its_screen_the_app_does_not_start(tmp_path, error):
    """Textual draws on standard error: into a file the screen would go there and the terminal stay
    blank (the lock held); closed, the app would hang, deaf to SIGTERM. One line where it can be
    read (standard error, else the terminal), exit 2, no lock."""
    plan = tmp_path / "plan.toml"
    shutil.copyfile(SAMPLE, plan)
    before = plan.read_bytes()
    primary, secondary = pty.openpty()
    log = tmp_path / "err.log"
    try:
        with open(log, "wb") as err:
            result = subprocess.run(
                [sys.executable, "-m", "tui", str(plan)], cwd=ROOT, timeout=TIMEOUT, stdin=secondary,
                stdout=secondary, stderr=err, env={**os.environ, "TERM": "xterm-256color"},
                preexec_fn=(lambda: os.close(2)) if error == "closed" else None)
        on_terminal = os.read(primary, 65536) if select.select([primary], [], [], 0)[0] else b""
    finally:
        os.close(primary)
        os.close(secondary)
    assert result.returncode == 2
    said = log.read_bytes() if error == "to a file" else on_terminal.replace(b"\r\n", b"\n")
    assert said.decode().splitlines() == [NO_TERMINAL]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["err.log", "plan.toml"]  # no lock, no recovery
    assert plan.read_bytes() == before


def test_with_a_terminal_the_app_starts(tmp_path):
    """Control for the above: on a pseudo-terminal the app runs and takes its lock."""
    plan = tmp_path / "plan.toml"
    shutil.copyfile(SAMPLE, plan)
    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "tui", str(plan)], cwd=ROOT, stdin=secondary,
                               stdout=secondary, stderr=secondary, env={**os.environ, "TERM": "xterm-256color"})
    os.close(secondary)
    try:
        seen = b""
        deadline = time.monotonic() + TIMEOUT
        lock = tmp_path / ".plan.toml.lock"
        while not (b"Acme" in seen and lock.exists()) and time.monotonic() < deadline:
            ready, _, _ = select.select([primary], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(primary, 65536)
                except OSError:
                    break
        assert b"Acme" in seen
        assert lock.exists()
    finally:
        process.terminate()
        process.wait(timeout=TIMEOUT)
        os.close(primary)


@pytest.mark.parametrize("name", list(cli._subcommands()))
def test_a_subcommand_parsed_alone_has_the_usage_and_help_it_has_among_all(name):
    """`stratbook NAME` builds only NAME's parser: what it says is what the full one says."""

    def command_parser(command_only):
        parser, _ = cli.build_parser(command_only)
        [subparsers] = [action for action in parser._actions if action.dest == "command"]
        return subparsers.choices[name]

    alone, among_all = command_parser(name), command_parser(None)
    assert alone.format_help() == among_all.format_help()
    assert alone.format_usage() == among_all.format_usage()
