"""Text from a file keeps its line breaks, of whatever kind, until someone edits it.

A text box (Textual's TextArea) splits its text with `str.splitlines` and joins the lines with the
first line break it found: a vision written with `\\r\\n` (or a lone `\\r`, a form feed, U+2028 from
a word processor, NEL from an old system) came back from the box with every break rewritten. Seen
by opening such a file: pressing `2` alone marked the workbook unsaved and changed the mission.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import open_workbook
from tui.model import Goal, Value, Workbook
from tui.modals.form import FormDialog
from tui.modals.wizard import GoalWizard
from tui.screens.vmv import VmvScreen
from tui.store import save

SIZE = (80, 24)
#: Every break `str.splitlines` knows, each first in a text where `\n` follows (the box then
#: joined every line with it), and last, alone.
BREAKS = ["\r\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def text_with(mark: str) -> str:
    return f"First line{mark}second line\nthird line{mark}"


@pytest.fixture(params=BREAKS, ids=[f"U+{ord(b[-1]):04X}{'-crlf' if b == chr(13) + chr(10) else ''}" for b in BREAKS])
def odd_breaks(request, tmp_path: Path) -> tuple[Path, str]:
    text = text_with(request.param)
    workbook = Workbook()
    workbook.vmv.vision = text
    workbook.vmv.mission = text
    workbook.vmv.values = [Value("val-br00", "Candour", text)]
    workbook.goals = [Goal("gol-br00", "smart", "Keep the breaks", answers={"what": text, "why": text})]
    path = tmp_path / "breaks.toml"
    save(workbook, path)
    return path, text


async def test_showing_vision_and_mission_changes_nothing(odd_breaks: tuple[Path, str]) -> None:
    path, text = odd_breaks
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, VmvScreen)
        await pilot.press("v", "escape", "m", "escape", "1")  # into each box and out, not typing
        await pilot.pause()
        assert (app.workbook.vmv.vision, app.workbook.vmv.mission) == (text, text)
        assert not app.dirty


async def test_a_form_saved_unchanged_changes_nothing(odd_breaks: tuple[Path, str]) -> None:
    path, text = odd_breaks
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2", "e")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workbook.vmv.values[0].description == text
        assert not app.dirty


async def test_the_wizard_saved_unchanged_changes_no_answer(odd_breaks: tuple[Path, str]) -> None:
    path, text = odd_breaks
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("5", "enter", "e")
        await pilot.pause()
        assert isinstance(app.screen, GoalWizard)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workbook.goals[0].answers == {"what": text, "why": text}
        assert not app.dirty


async def test_typing_keeps_the_text_and_writes_plain_line_breaks(tmp_path: Path) -> None:
    """Once edited, the text has the line breaks the box shows, as `\\n` (what a save writes)."""
    workbook = Workbook()
    workbook.vmv.vision = "One\r\ntwo\rthree\u2028four"
    path = tmp_path / "typed.toml"
    save(workbook, path)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2", "v", "!")
        await pilot.pause()
        assert app.workbook.vmv.vision == "!One\ntwo\nthree\nfour"
