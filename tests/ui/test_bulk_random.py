"""Random key sequences on the SWOT board and the tactics (mark, mark all, unmark, filter, move,
weight, status, delete, undo, redo) against the model: each quadrant's title counts what the
model holds, nothing raises, and undoing everything gives back the workbook as loaded."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from textual.widgets import Static

from tui.app import open_workbook
from tui.modals.confirm import THROW_AWAY, ConfirmDialog
from tui.model.workbook import QUADRANTS
from tui.screens.swot import SwotScreen
from tui.store import load

# Each entry is one act: a key, or the keys of a dialog or a filter from opening to its answer.
SWOT_KEYS = [("asterisk",), ("asterisk",), ("M",), ("U",), ("d", "u"), ("d", "y"), ("m", "s"), ("m", "w"), ("m", "o"),
             ("m", "t"), ("o",), ("plus",), ("minus",), ("ctrl+z",), ("ctrl+z",), ("ctrl+y",), ("up",), ("down",),
             ("down",), ("tab",), ("slash", "e", "enter"), ("escape",), ("K",), ("J",)]
TACTIC_KEYS = [("asterisk",), ("asterisk",), ("M",), ("U",), ("d", "u"), ("d", "y"), ("s",), ("S",), ("space",),
               ("ctrl+z",), ("ctrl+z",), ("ctrl+y",), ("up",), ("down",), ("down",), ("slash", "o", "enter"),
               ("escape",), ("K",), ("J",)]


# Four sequences of 40 acts, as many acts as two of 80 were, each test under 1.5 s of processor time
# (one of 80 took 3.6 s, nearly all of it the app drawing after each key).
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
async def test_random_marking_and_bulk_edits_keep_counts_and_undo_exactly(sample_copy: Path, seed: int) -> None:
    rnd = random.Random(seed)
    loaded = load(sample_copy).workbook
    app = open_workbook(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pressed: list[str] = []
        for _ in range(40):
            if rnd.random() < 0.1:
                section = rnd.choice(["3", "6"])
                pressed += ["escape", "escape", section]
                await pilot.press("escape", "escape", section)
            keys = rnd.choice(SWOT_KEYS if isinstance(app.screen, SwotScreen) else TACTIC_KEYS)
            pressed += keys
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            if isinstance(app.screen, ConfirmDialog) and app.screen.dialog_title == THROW_AWAY:
                pressed.append("d")  # esc on a form holding typing (a bulk edit's) asked: thrown away
                await pilot.press("d")
                await pilot.pause()
            screen = app.screen
            if isinstance(screen, SwotScreen) and not screen.showing_tows:
                for quadrant in QUADRANTS:
                    title = str(screen.query_one(f"#title-{quadrant}", Static).render())
                    held = len(app.workbook.swot.quadrant(quadrant))
                    assert held in [int(n) for n in re.findall(r"\d+", title)], (title, held, pressed)
        assert app.history.can_undo, pressed  # the sequence changed something
        await pilot.press("escape", "escape", "escape", "1")
        for _ in range(200):
            if not app.history.can_undo:
                break
            await pilot.press("ctrl+z")
            await pilot.pause()
        assert app.workbook == loaded, pressed
        assert not app.dirty
