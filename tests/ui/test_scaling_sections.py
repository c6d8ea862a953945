"""Every section draws the workbook in time linear in its size: each section's refresh (what
opening it, or an edit it cannot place, costs) at 50,000 items is at most about 6x its cost at
10,000 (see tests/scaling.py). The rows themselves are drawn only for the screen's lines."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest

from tests.scaling import LIMIT, LARGE, SMALL, memory_factor, workbook
from tui.app import open_workbook
from tui.screens.sections import SECTIONS
from tui.store import save

pytestmark = [pytest.mark.slow, pytest.mark.scaling]  # timings: run by `python3 dev.py bench`


async def refresh_seconds(path: Path) -> dict[str, float]:
    """The least CPU time of three refreshes of each section, opened in turn."""
    app = open_workbook(path)
    seconds: dict[str, float] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for section in SECTIONS:
            await pilot.press("escape", section.key)
            await pilot.pause()
            assert app.current_mode == section.mode
            screen = app.screen
            best = float("inf")
            for _ in range(3):
                gc.collect()
                start = time.process_time()
                screen.refresh_model(None)
                best = min(best, time.process_time() - start)
                await pilot.pause()
            seconds[section.title] = best
    return seconds


async def test_every_section_refreshes_in_linear_time(tmp_path: Path) -> None:
    measured = {}
    for size in (SMALL, LARGE):
        path = tmp_path / f"plan-{size}.toml"
        save(workbook(size, "one goal"), path)
        measured[size] = await refresh_seconds(path)
    allowed = LIMIT * memory_factor()
    slow = {title: f"{measured[LARGE][title] * 1000:.0f} ms against {measured[SMALL][title] * 1000:.0f} ms"
            for title in measured[SMALL]
            if measured[LARGE][title] > allowed * max(measured[SMALL][title], 0.002)}
    assert not slow, f"more than {allowed:.1f}x for 5x the items: {slow}"
