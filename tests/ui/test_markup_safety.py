"""User text is never markup, and control characters never reach the terminal.

The workbook came by email: any field may hold Textual markup, Rich markup,
an action link, or raw escape sequences that would retitle the window or
make the terminal answer back. Every section and dialog must show them
literally.
"""

from __future__ import annotations

import subprocess
import sys
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
from tui.widgets.marks import FOCUS_MARK

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


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_injected_escape_sequence_reaches_a_real_terminal(hostile_file: Path) -> None:
    """Run the real app on a pseudo-terminal and read every byte it writes.

    Each key waits for what it shows (it read for fixed times, 14 s in all, and on a busy machine
    keys then ran together: a lone esc and the next key are read as one alt+key)."""
    from tests.ui.test_signals import AppProcess

    app = AppProcess(hostile_file)
    try:
        app.wait_for(lambda: app.shows("1 Overview") and app.shows("VISION"), "the overview", timeout=30)
        # Every section, the help screen, and the value dialog on the value whose name holds ESC.
        for key, shown in ((b"3", "Strengths"), (b"4", "4 PESTLE"), (b"5", "Progress"), (b"6", "6 Tactics"),
                           (b"1", "1 Overview"), (b"2", "2 Vision")):
            app.type(key)
            app.wait_for(lambda: app.shows(shown), f"{key!r}: {shown}")
        app.type(b"?")
        app.wait_for(lambda: app.shows("Keys: Vision"), "the help screen")
        app.type(b"\x1b")
        app.wait_for(lambda: not app.shows("Keys: Vision"), "the help screen gone")
        app.type(b"jjjjj")
        app.wait_for(lambda: app.shows(FOCUS_MARK + "esc\u241b]0;pwned"), "the value whose name holds ESC")
        app.type(b"e")
        app.wait_for(lambda: app.shows("Edit value"), "its dialog")
        app.type(b"\x1b")
        app.wait_for(lambda: not app.shows("Edit value"), "the dialog gone")
        app.type(b"\x11")  # ctrl+q
        assert app.wait(10.0), "the app did not quit"
        app.read(5.0)  # what is left in the terminal: ends at once, the app has gone
    finally:
        app.close()
    text = bytes(app.output)
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
