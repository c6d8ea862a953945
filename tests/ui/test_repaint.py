"""What a key sends to the terminal: a move of a list's cursor repaints the row it leaves and the
row it reaches (and the panes that show the row), never the whole list; and the terminal then
shows what a drawing of the whole screen shows, nothing stale left.

Over SSH every line repainted is bytes on a slow link, and the drawing is most of a key's time:
the goals, tactics and risks tables repainted their whole height for each j."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.ui.drawing import Terminal
from tui.app import open_workbook
from tui.screens.sections import SECTIONS

SIZE = (80, 24)


@pytest.mark.parametrize("sample", ["acme-robotics.toml", "rough-draft.toml"])
@pytest.mark.parametrize("section", SECTIONS, ids=lambda section: section.mode)
async def test_a_move_of_a_list_s_cursor_repaints_its_two_rows_and_leaves_nothing_stale(
        tmp_path: Path, sample: str, section) -> None:
    path = tmp_path / sample
    shutil.copy(SAMPLES / sample, path)
    app = open_workbook(path, start=section.mode)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        terminal = Terminal(app)
        moves = 0
        for key in ["j", "j", "k"]:
            listing, region, top = app.focused, app.focused.region, app.focused.scroll_offset.y
            terminal.lines_sent.clear()
            await pilot.press(key)
            await pilot.pause()
            assert not terminal.stale(), f"{key} left stale lines:\n" + "\n".join(terminal.stale())
            if app.focused is not listing or listing.scroll_offset.y != top:
                continue  # the focus went on to the next list, or the list scrolled: all of it changed
            moves += 1
            rows = set().union(*terminal.lines_sent) & set(range(region.y, region.bottom))
            assert len(rows) <= 2, f"{key} in {type(listing).__name__} repainted lines {sorted(rows)}"
        assert moves, "no key moved a cursor within a list"
