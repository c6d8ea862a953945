"""Scaling tests: is the work linear (or n log n) in the size of the workbook?

A test times the same work on a workbook of `SMALL` and of `LARGE` items in one run and
asserts that the ratio is at most `LIMIT`: 5x the items should cost about 5x (n log n a
little more), while a quadratic path costs about 25x and fails.

How it is measured, so that only the algorithm counts, also on a machine busy with other work:
- CPU time of this process (`time.process_time`), not wall time: other processes on a shared
  machine, or other xdist workers, do not count.
- Each sample holds at least `SAMPLE` seconds of work: work too quick to time well (a list of
  goals sorted in 0.1 ms) is repeated in one sample until the small size takes that long, and
  the large size is repeated as often. A sample of a fraction of a millisecond is at the mercy
  of one interruption; one of 50 ms is not.
- The two sizes take turns, `ROUNDS` rounds (which goes first alternates), and each round
  gives its own ratio from two samples taken moments apart: a busy spell falls on both sizes
  of a round alike. The median of the rounds' ratios is judged, so one disturbed round does
  not decide, as a planted quadratic path still does (it is 25x in every round).
- Memory is slower per item when a workbook and the tables built from it no longer fit in the
  CPU's caches: on the 2-core machine a plain linear pass that indexes every item by id (what
  most of the work timed here does) costs about 8x, not 5x, for 5x the items. The limit is
  raised by as much as such a pass, measured in the same run, exceeds 5x (`memory_factor`);
  a quadratic path still costs 25x and more.
- The garbage collector is off while timing: its passes cost in proportion to everything the
  process holds, not to the work (the app keeps the workbook out of them with `gc.freeze`).
"""

from __future__ import annotations

import copy
import gc
import math
import statistics
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
SORT_LIMIT = LIMIT * math.log(LARGE) / math.log(SMALL)
"""For work that sorts (n log n, which the issue allows): 5x the items is 5.9x the comparisons, so
a sort measured 6.5-6.6x on a quiet machine against 6.0x allowed. Quadratic work is 25x."""
SAMPLE = 0.05
"""Seconds of processor time each sample of the small size holds at least."""
ROUNDS = 5
LATE = date(2035, 1, 1)
"""A day after every date in the generated workbooks: every active goal and open tactic is overdue."""

T = TypeVar("T")


@lru_cache(maxsize=None)
def _workbook(items: int, shape: str, copy_number: int = 0) -> Workbook:  # (copies: see `shared`)
    workbook = make_workbook(items)  # each copy made afresh, as the large one is: the same layout in memory
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


_turns: dict[tuple[int, str], int] = {}


def shared(items: int, shape: str = "plain") -> Workbook:
    """A generated workbook of about `items` items, equal each time: not to be changed.

    Shapes: `plain` (as `make_workbook`), `one goal` (all tactics in one goal), `long text`.

    Below `LARGE` items, the calls take turns among `LARGE // items` equal copies. Work repeated
    to fill a sample then reads, between two visits to the same item, as much memory as one call
    at `LARGE` does: otherwise the small size found its items still in the processor's caches
    each time (a few hundred KB), the large one never, and a linear walk over 50,000 items
    measured 8x to 12x its time at 10,000, on a busy machine more.
    """
    copies = max(1, LARGE // items)
    turn = _turns.get((items, shape), 0)
    _turns[items, shape] = (turn + 1) % copies
    return _workbook(items, shape, turn)


def workbook(items: int, shape: str = "plain") -> Workbook:
    """As `shared`, but a fresh copy each time, to change."""
    return copy.deepcopy(_workbook(items, shape))


@lru_cache(maxsize=1)
def _sweep() -> bytearray:
    return bytearray(64 << 20)  # larger than the processor's caches (32 MiB of L3 on the 2-core machine)


def cool_caches() -> None:
    """Read a cache line in every 64 bytes of 64 MiB: what is timed next finds none of its data
    left warm by its last run (for work that cannot take turns among copies, as `shared` does)."""
    _sweep()[::64]


def cpu_seconds(prepare: Callable[[], T], work: Callable[[T], object], loops: int = 1) -> float:
    """The CPU time of `loops` calls of `work(prepare())`, the garbage collector off
    (`prepare` is not timed)."""
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
    return total


def loops_for(seconds: Callable[[int], float], floor: float = SAMPLE) -> int:
    """How many calls make a sample of at least `floor` seconds, `seconds(loops)` timing that many."""
    loops = 1
    while (taken := seconds(loops)) < floor:
        loops = max(loops * 2, int(loops * floor / max(taken, 1e-6) * 1.2) + 1)
    return loops


def interleaved(sample: Callable[[int], float], small: int, large: int,
                rounds: int) -> tuple[float, float, float]:
    """(small seconds, large seconds, ratio) from `rounds` rounds in which the two sizes take
    turns (which goes first alternates): the medians of each size's samples, and the median of
    the rounds' own ratios."""
    samples: dict[int, list[float]] = {small: [], large: []}
    ratios = []
    for round_ in range(rounds):
        for size in ((small, large) if round_ % 2 == 0 else (large, small)):
            samples[size].append(sample(size))
        ratios.append(samples[large][-1] / max(samples[small][-1], 1e-9))
    return statistics.median(samples[small]), statistics.median(samples[large]), statistics.median(ratios)


def scaling_ratio(prepare: Callable[[int], T], work: Callable[[T], object],
                  small: int = SMALL, large: int = LARGE, rounds: int = ROUNDS) -> tuple[float, float, float]:
    """(small seconds, large seconds, ratio) of `work(prepare(n))` for the two sizes, each
    size's seconds per call.

    `prepare` runs before each call, outside the timing; when `work` changes its input,
    `prepare` must give a new one each time."""
    loops = loops_for(lambda n: cpu_seconds(lambda: prepare(small), work, n))
    small_seconds, large_seconds, ratio = interleaved(
        lambda size: cpu_seconds(lambda: prepare(size), work, loops), small, large, rounds)
    return small_seconds / loops, large_seconds / loops, ratio


def _index(workbook: Workbook) -> dict:
    return {item.id: item for item in workbook.iter_items()}


@lru_cache(maxsize=None)
def memory_factor() -> float:
    """How much more than 5x a plain linear pass, one that indexes every item by id, costs at
    `LARGE` than at `SMALL` items, here and now (at least 1)."""
    return max(1.0, scaling_ratio(shared, _index)[2] / (LARGE / SMALL))


def assert_linear(prepare: Callable[[int], T], work: Callable[[T], object], what: str,
                  limit: float = LIMIT, **options) -> None:
    small_seconds, large_seconds, ratio = scaling_ratio(prepare, work, **options)
    allowed = limit * memory_factor()
    assert ratio <= allowed, (f"{what}: {large_seconds * 1000:.1f} ms at {LARGE:,} items against "
                              f"{small_seconds * 1000:.1f} ms at {SMALL:,}: {ratio:.1f}x for 5x the items "
                              f"(at most {limit}x, times {memory_factor():.2f} for slower memory)")
