"""Every section draws the workbook in time linear in its size: each section's refresh (what
opening it, or an edit it cannot place, costs) at 50,000 items is at most about 6x its cost at
10,000 (see tests/scaling.py). The rows themselves are drawn only for the screen's lines.

Measured as tests/scaling.py measures: processor time; a sample repeats a section's refresh,
each time with the processor's caches cooled first, until it holds `SAMPLE` seconds at 10,000
items (and as often at 50,000); the two sizes take turns, each opened afresh, for `ROUNDS`
rounds; each section's ratio is the median of its rounds' ratios."""

from __future__ import annotations

import gc
import statistics
import time
from pathlib import Path

import pytest

from tests.scaling import LIMIT, LARGE, SMALL, cool_caches, loops_for, memory_factor, workbook
from tui.app import open_workbook
from tui.screens.sections import SECTIONS
from tui.store import save

pytestmark = [pytest.mark.slow, pytest.mark.scaling]  # timings: run by `python3 dev.py bench`

ROUNDS = 3
SAMPLE = 0.02
"""Seconds of processor time a sample holds at least (caches cooled before each refresh)."""


async def refresh_seconds(path: Path, loops: dict[str, int]) -> dict[str, float]:
    """The CPU seconds of one refresh of each section, opened in turn: from one sample of
    `loops[title]` refreshes in a row (found on the first opening, when a section has none)."""
    app = open_workbook(path)
    seconds: dict[str, float] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for section in SECTIONS:
            await pilot.press("escape", section.key)
            await pilot.pause()
            assert app.current_mode == section.mode
            screen = app.screen

            def sample(count: int) -> float:
                gc.collect()
                gc.disable()
                try:
                    seconds = 0.0
                    for _ in range(count):
                        cool_caches()  # as at 50,000 items, where one refresh outgrows the caches
                        start = time.process_time()
                        screen.refresh_model(None)
                        seconds += time.process_time() - start
                    return seconds
                finally:
                    gc.enable()

            screen.refresh_model(None)  # the first refresh after opening may fill caches: not timed
            await pilot.pause()
            if section.title not in loops:
                loops[section.title] = loops_for(sample, SAMPLE)
                await pilot.pause()
            seconds[section.title] = sample(loops[section.title]) / loops[section.title]
            await pilot.pause()
    return seconds


async def test_every_section_refreshes_in_linear_time(tmp_path: Path) -> None:
    paths = {}
    for size in (SMALL, LARGE):
        paths[size] = tmp_path / f"plan-{size}.toml"
        save(workbook(size, "one goal"), paths[size])
    loops: dict[str, int] = {}
    rounds: list[dict[int, dict[str, float]]] = []
    for round_ in range(ROUNDS):  # the small one first in the first round: it sets the loops
        measured = {}
        for size in ((SMALL, LARGE) if round_ % 2 == 0 else (LARGE, SMALL)):
            measured[size] = await refresh_seconds(paths[size], loops)
        rounds.append(measured)
    allowed = LIMIT * memory_factor()
    ratios = {title: statistics.median(r[LARGE][title] / r[SMALL][title] for r in rounds) for title in loops}
    slow = {title: f"{ratio:.1f}x ({statistics.median(r[LARGE][title] for r in rounds) * 1000:.1f} ms against "
                   f"{statistics.median(r[SMALL][title] for r in rounds) * 1000:.1f} ms)"
            for title, ratio in ratios.items() if ratio > allowed}
    assert not slow, f"more than {allowed:.1f}x for 5x the items: {slow}"
