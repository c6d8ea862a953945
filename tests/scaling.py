"""Scaling tests: is the work linear (or n log n) in the size of the workbook?

A test times the same work on a workbook of `SMALL` and of `LARGE` items in one run and
asserts that the ratio is at most `LIMIT`: 5x the items should cost about 5x (n log n a
little more), while a quadratic path costs about 25x and fails.

How it is measured, so that only the algorithm counts:
- CPU time of this process (`time.process_time`), not wall time: other processes on a shared
  machine, or other xdist workers, do not count. The least of a few runs: noise only adds.
- Work too quick to time well is repeated until the small size takes `FLOOR` seconds, and the
  large one is repeated as often.
- Memory is slower per item when a workbook no longer fits in the CPU's caches: on the 2-core
  machine a plain walk over every item costs about 7x, not 5x, for 5x the items. The limit is
  raised by as much as such a walk, measured in the same run, exceeds 5x (`memory_factor`).
- The garbage collector is off while timing: its passes cost in proportion to everything the
  process holds, not to the work (the app keeps the workbook out of them with `gc.freeze`).
"""

from __future__ import annotations

import copy
import gc
import time
from collections.abc import Callable
from datetime import date
from functools import lru_cache
from typing import TypeVar

from tests.bench.bench_store import make_workbook
from tui.model.workbook import Workbook

SMALL = 10_000
LARGE = 50_000
LIMIT = 6.0
FLOOR = 0.03
LATE = date(2035, 1, 1)
"""A day after every date in the generated workbooks: every active goal and open tactic is overdue."""

T = TypeVar("T")


@lru_cache(maxsize=None)
def _workbook(items: int, shape: str) -> Workbook:
    workbook = make_workbook(items)
    if shape == "one goal":  # every tactic under the first goal
        for tactic in workbook.tactics:
            tactic.goal = workbook.goals[0].id
    elif shape == "long text":  # every text a paragraph
        for item in workbook.iter_items():
            if hasattr(item, "text"):
                item.text = (item.text + " ") * 8
    elif shape != "plain":
        raise ValueError(shape)
    return workbook


def shared(items: int, shape: str = "plain") -> Workbook:
    """A generated workbook of about `items` items, the same one each time: not to be changed.

    Shapes: `plain` (as `make_workbook`), `one goal` (all tactics in one goal), `long text`.
    """
    return _workbook(items, shape)


def workbook(items: int, shape: str = "plain") -> Workbook:
    """As `shared`, but a fresh copy each time, to change."""
    return copy.deepcopy(_workbook(items, shape))


def cpu_seconds(prepare: Callable[[], T], work: Callable[[T], object], repeat: int = 3, loops: int = 1) -> float:
    """The least, over `repeat` runs, of the CPU time of `loops` calls of `work(prepare())`
    (`prepare` is not timed)."""
    best = float("inf")
    for _ in range(repeat):
        total = 0.0
        gc.collect()
        gc.disable()
        try:
            for _ in range(loops):
                given = prepare()
                start = time.process_time()
                work(given)
                total += time.process_time() - start
        finally:
            gc.enable()
        best = min(best, total)
    return best


def scaling_ratio(prepare: Callable[[int], T], work: Callable[[T], object],
                  small: int = SMALL, large: int = LARGE, repeat: int = 3) -> tuple[float, float, float]:
    """(small seconds, large seconds, ratio) of `work(prepare(n))` for the two sizes.

    `prepare` runs before each call, outside the timing; when `work` changes its input,
    `prepare` must give a new one each time."""
    def timed(size: int, loops: int) -> float:
        return cpu_seconds(lambda: prepare(size), work, repeat, loops) / loops

    loops = 1
    small_seconds = timed(small, 1)
    if small_seconds < FLOOR:  # too quick to time well: repeat it
        loops = max(2, int(FLOOR / max(small_seconds, 1e-5)) + 1)
        small_seconds = timed(small, loops)
    large_seconds = timed(large, loops)
    return small_seconds, large_seconds, large_seconds / max(small_seconds, 1e-9)


def _walk(workbook: Workbook) -> int:
    return sum(len(getattr(item, "text", item.id)) for item in workbook.iter_items())


@lru_cache(maxsize=None)
def memory_factor() -> float:
    """How much more than 5x a plain walk over every item costs at `LARGE` than at `SMALL`
    items, here and now (at least 1)."""
    return max(1.0, scaling_ratio(shared, _walk, repeat=5)[2] / (LARGE / SMALL))


def assert_linear(prepare: Callable[[int], T], work: Callable[[T], object], what: str,
                  limit: float = LIMIT, **options) -> None:
    small_seconds, large_seconds, ratio = scaling_ratio(prepare, work, **options)
    allowed = limit * memory_factor()
    assert ratio <= allowed, (f"{what}: {large_seconds * 1000:.1f} ms at {LARGE:,} items against "
                              f"{small_seconds * 1000:.1f} ms at {SMALL:,}: {ratio:.1f}x for 5x the items "
                              f"(at most {limit}x, times {memory_factor():.2f} for slower memory)")
