"""The terminal's cursor follows the focus, in a real terminal: screen readers and Braille
displays read where it is.

The app runs in a pseudo-terminal of 80x24 as a user starts it; what it writes is read by a
terminal emulator (pyte), keys are typed into it, and after each the (hidden) cursor must sit
on the focused list's cursor row, on its focus mark, or in the text box at the typing point.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pyte
import pytest

from tests.conftest import ROOT, SAMPLES
from tui.widgets.marks import FOCUS_MARK

COLUMNS, LINES = 80, 24
KEYS = {"down": b"\x1b[B", "up": b"\x1b[A", "right": b"\x1b[C", "left": b"\x1b[D", "enter": b"\r", "escape": b"\x1b",
        "ctrl+f": b"\x06", "ctrl+o": b"\x0f", "ctrl+q": b"\x11"}

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


class Terminal:
    """The app in a pseudo-terminal, its output kept up to date in an emulated screen."""

    def __init__(self, path: Path, cwd: Path) -> None:
        self.screen = pyte.Screen(COLUMNS, LINES)
        self.stream = pyte.ByteStream(self.screen)
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "TEXTUAL_ANIMATIONS": "none", "COLUMNS": str(COLUMNS),
               "LINES": str(LINES)}
        env.pop("NO_COLOR", None)
        # PYTHONPATH: this checkout's code, whatever the venv has installed.
        self.process = subprocess.Popen([sys.executable, "-m", "tui", str(path)], stdin=slave, stdout=slave,
                                        stderr=slave, cwd=cwd, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.master = master

    def read(self, seconds: float = 0.05) -> None:
        while select.select([self.master], [], [], seconds)[0]:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.stream.feed(data)
            seconds = 0.05

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, KEYS.get(key, key.encode()))
            self.read(0.05)

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; cursor at {self.cursor}:\n" + self.text())
            self.read(0.1)

    @property
    def cursor(self) -> tuple[int, int]:
        return self.screen.cursor.x, self.screen.cursor.y

    def row(self) -> str:
        return self.screen.display[self.screen.cursor.y]

    def at_cursor(self) -> str:
        x, y = self.cursor
        return self.screen.display[y][x:]

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def close(self) -> None:
        try:
            os.write(self.master, KEYS["ctrl+q"])
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=10)
        finally:
            os.close(self.master)


@pytest.fixture
def terminal(tmp_path: Path):
    path = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", path)
    term = Terminal(path, tmp_path)
    try:
        yield term
    finally:
        term.close()


def test_the_terminal_cursor_sits_on_the_focused_row_or_field(terminal: Terminal) -> None:
    def on_mark() -> bool:
        return terminal.at_cursor().startswith(FOCUS_MARK)

    terminal.wait_for(lambda: "Overview" in terminal.text() and on_mark(), "the overview's cursor row")
    _, first = terminal.cursor
    terminal.press("down", "down")
    terminal.wait_for(lambda: terminal.cursor[1] == first + 2 and on_mark(), "two rows down")

    terminal.press("3")  # SWOT: the strengths list
    terminal.wait_for(lambda: "Strengths" in terminal.text() and on_mark(), "the SWOT cursor row")
    _, strengths = terminal.cursor
    terminal.press("right")  # the weaknesses list: same row, other column
    terminal.wait_for(lambda: terminal.cursor[0] > COLUMNS // 3 and on_mark(), "the weaknesses' cursor row")
    assert terminal.cursor[1] == strengths

    terminal.press("ctrl+f")
    terminal.wait_for(lambda: "Search every section" in terminal.text(), "the search box")
    terminal.press(*"patent")
    terminal.wait_for(lambda: terminal.row().rstrip(" \u2502").endswith("patent")
                      and terminal.at_cursor().strip(" \u2502") == "", "the cursor after the typed word")
    terminal.press("enter")  # to the strength with the patents
    terminal.wait_for(lambda: "Search every section" not in terminal.text() and on_mark()
                      and "patents" in terminal.row(), "the cursor on the item found")

    terminal.press("5")  # goals: a table of our own
    terminal.wait_for(lambda: "Progress" in terminal.text() and on_mark(), "the goals table's cursor row")
    _, goal_row = terminal.cursor
    terminal.press("down")
    terminal.wait_for(lambda: terminal.cursor[1] == goal_row + 1 and on_mark(), "the next goal")

    terminal.press("4", "v")  # PESTLE's grid: the cursor on the cell under the grid's cursor
    terminal.wait_for(lambda: "likelihood" in terminal.text() and "[" in terminal.row()[max(0, terminal.cursor[0] - 2):
                                                                                        terminal.cursor[0] + 1],
                      "the grid's cursor cell")
    x, y = terminal.cursor
    terminal.press("left")
    terminal.wait_for(lambda: terminal.cursor[1] == y and terminal.cursor[0] < x
                      and "[" in terminal.row()[max(0, terminal.cursor[0] - 2):terminal.cursor[0] + 1], "the cell to the left")


def test_an_editor_that_cannot_run_gives_the_terminal_back_to_the_app(tmp_path: Path, monkeypatch) -> None:
    """F2 with an editor that does not exist: Textual's suspend does not resume when the code in it
    raises, so the app stayed suspended (a blank screen, keys echoed, unsaved work out of reach)."""
    monkeypatch.setenv("VISUAL", "stratbook-no-such-editor --wait")
    path = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", path)
    term = Terminal(path, tmp_path)
    try:
        term.wait_for(lambda: "Overview" in term.text(), "the app")
        term.press("3")
        term.wait_for(lambda: "Strengths" in term.text(), "the SWOT board")
        term.press("e")
        term.wait_for(lambda: "Edit strength" in term.text(), "the edit dialog")
        term.press("\x1bOQ")  # F2
        term.wait_for(lambda: "Could not run" in term.text(), "the app back, saying why", timeout=15)
        term.press("escape")
        term.wait_for(lambda: "Edit strength" not in term.text() and "Strengths" in term.text(), "the board")
    finally:
        term.close()
