"""User text is never markup, and control characters never reach the terminal.

The workbook came by email: any field may hold Textual markup, Rich markup,
an action link, or raw escape sequences that would retitle the window or
make the terminal answer back. Every section and dialog must show them
literally.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import OptionList

from tests.ui.conftest import HOSTILE
from tui.app import open_workbook
from tui.model.text import for_display
from tui.modals.form import FormDialog
from tui.modals.help import HelpScreen
from tui.screens.sections import SECTIONS

SIZE = (80, 24)


@pytest.mark.parametrize("section", SECTIONS, ids=[section.mode for section in SECTIONS])
async def test_every_section_and_dialog_survives_hostile_text(hostile_file: Path, section) -> None:
    """Each section, its help and the palette over it (one test a section: together they took
    6 s, and no test may take that long)."""
    app = open_workbook(hostile_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press(section.key)
        await pilot.pause()
        assert app.current_mode == section.mode
        app.screen.focus_next()
        await pilot.press("f1")  # works even inside a text box
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


async def test_hostile_values_and_title_are_shown_literally(hostile_file: Path) -> None:
    app = open_workbook(hostile_file)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#values").focus()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
        prompts = [str(o.prompt) for o in app.screen.query_one("#values", OptionList).options]
        for hostile, prompt in zip(HOSTILE, prompts):
            assert for_display(hostile) in prompt  # literally, with controls made visible
        assert all("\x1b" not in prompt and "\x07" not in prompt for prompt in prompts)
        header = str(app.screen.query_one("WorkbookHeader").render())
        assert HOSTILE[0] in header  # the title '[/]', literally


def _read_available(fd: int, into: bytearray, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            into.extend(chunk)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_injected_escape_sequence_reaches_a_real_terminal(hostile_file: Path) -> None:
    """Run the real app on a pseudo-terminal and read every byte it writes."""
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24", "TEXTUAL_ANIMATION": "none"}
    env.pop("NO_COLOR", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: become the app
        os.execvpe(sys.executable, [sys.executable, "-m", "tui", str(hostile_file)], env)
    output = bytearray()
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        _read_available(fd, output, 4.0)
        # Every section, the help screen, and the value dialog on the value whose name holds ESC.
        for keys in (b"\x1b", b"3", b"4", b"5", b"6", b"1", b"2", b"\x1b", b"?", b"\x1b", b"jjjjj", b"e", b"\x1b"):
            os.write(fd, keys)
            _read_available(fd, output, 0.6)
        os.write(fd, b"\x11")  # ctrl+q
        _read_available(fd, output, 2.0)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    text = bytes(output)
    assert len(text) > 1000, "the app did not draw"
    assert "pwned".encode() in text, "the hostile title was not drawn at all"
    assert b"\x1b]0;pwned" not in text  # the OSC that would retitle the window
    assert b"\x1b[31mred" not in text  # the injected colour
    assert "\u241b]0;pwned".encode() in text  # shown as a visible ESC symbol instead
    assert b"\xe2\x80\xae" not in text  # the right-to-left override character itself


def test_the_cli_never_prints_escape_sequences_from_a_file(tmp_path: Path) -> None:
    bad = tmp_path / "evil\x1b]0;x\x07.toml"
    bad.write_text('[workbook]\nschema = 1\n[[goals]]\nid = "gol-\x1b[31m"\n')
    result = subprocess.run([sys.executable, "-m", "tui", "check", str(bad)], capture_output=True, timeout=30)
    assert result.returncode == 2
    assert b"\x1b" not in result.stdout + result.stderr
    assert "\u241b".encode() in result.stderr
