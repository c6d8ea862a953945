"""Benchmark of search everywhere (ctrl+f) at 10,000 items, against a bare filtering app.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_search.py [--items N] [--rounds N] [--profile]

It measures, at 80x24, on a generated workbook of about `--items` items (every section, with
notes, answers and check-in notes):

- index: building the search index of the whole workbook (done once per workbook change, when
  ctrl+f is next pressed), median of 5;
- open: from ctrl+f (after a change, so the index is built) to the dialog drawn;
- each key: from a key typed into the box (letters, spaces, backspace) to the hits drawn, median
  and worst, against the same keys in a bare app: an Input over a stock OptionList that, per
  key, lowers and scans the same texts for the typed string and shows the first 100;
- each key, CPU: this process's CPU time per key (the mean of a round of typing, median of the
  rounds), which other processes on a busy machine do not inflate as they do wall time.

Targets: open at most 1 s; median at most 30 ms per key. The exit status is 1 when one is missed.
Keys are sent to the driver directly and timed until the screen is updated, in both apps.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from textual import on  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Input, OptionList  # noqa: E402
from textual.widgets.option_list import Option  # noqa: E402

from tests.bench.bench_store import make_workbook  # noqa: E402
from tests.bench.common import Report, like_run_app, median_of, ms, settle, timed_key, timed_until, typed  # noqa: E402
from tui.app import open_workbook  # noqa: E402
from tui.modals.search import SearchDialog  # noqa: E402
from tui.model.edits import SetFields  # noqa: E402
from tui.model.search import SHOWN, SearchIndex  # noqa: E402
from tui.model.workbook import Checkin, Workbook  # noqa: E402
from tui.store import save  # noqa: E402

SIZE = (80, 24)
QUERIES = ["supplier", "pilot leeds", "grant", "marg"]
"""Typed one after another, each cleared with backspaces: narrowing as the words grow, widening
as they are taken back."""


def make_plan(items: int) -> Workbook:
    workbook = make_workbook(items)
    for number, goal in enumerate(workbook.goals):  # check-in notes too: every goal has one
        goal.checkins.append(Checkin(f"chk-b{number:05d}", goal.start, 1, note=f"Pilot went well at site {number}"))
    return workbook


def texts_of(workbook: Workbook) -> list[str]:
    """What the bare app scans: the same texts, one string per item."""
    index = SearchIndex(workbook)
    return [entry.title + "\n" + entry.more for entry in index._entries]


class BareSearch(App[None]):
    """A stock Input over a stock OptionList: per key, a plain scan and the first 100 shown."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__()
        self.texts = texts
        self.hits = 0

    def compose(self) -> ComposeResult:
        yield Input()
        yield OptionList()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        needle = event.value.lower()
        found = [text for text in self.texts if needle and needle in text.lower()] if needle else []
        self.hits = len(found)
        self.query_one(OptionList).set_options(Option(text[:80]) for text in found[:SHOWN])


async def type_queries(pilot, cpu: list[float] | None = None) -> list[float]:
    """Each key's wall time; `cpu` gets this process's CPU time per key, averaged over the keys
    (other processes on a shared machine do not count in it)."""
    times: list[float] = []
    start = time.process_time()
    for query in QUERIES:
        times += await typed(pilot, query)
        for _ in query:
            times.append(await timed_key(pilot, "backspace"))
    if cpu is not None:
        cpu.append((time.process_time() - start) / len(times))
    return times


async def bare_run(texts: list[str], cpu: list[float]) -> list[float]:
    app = BareSearch(texts)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.query_one(Input).focus()
        await settle(pilot)
        return await type_queries(pilot, cpu)


async def stratbook_run(path: Path, rounds: int) -> dict[str, list[float]]:
    app = open_workbook(path, start="swot")
    like_run_app(app)
    results: dict[str, list[float]] = {"open": [], "key": [], "cpu": []}
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        for _ in range(rounds):
            item = app.workbook.swot.strengths[0]
            app.apply(SetFields(item.id, {"weight": 1 + item.weight % 5}))  # a change: the index is built anew
            await settle(pilot)
            results["open"].append(await timed_until(pilot, "ctrl+f", lambda a: isinstance(a.screen, SearchDialog)))
            results["key"] += await type_queries(pilot, results["cpu"])
            dialog = app.screen
            assert isinstance(dialog, SearchDialog) and dialog.query_text == "", dialog
            await timed_until(pilot, "escape", lambda a: not isinstance(a.screen, SearchDialog))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="times the dialog is opened and the queries typed")
    parser.add_argument("--profile", action="store_true", help="profile the Stratbook run")
    args = parser.parse_args()
    workbook = make_plan(args.items)
    count = sum(1 for _ in workbook.iter_items())
    report = Report("search")
    build = median_of(5, lambda: SearchIndex(workbook))
    report.add("index build", ms(build), "-", ms(build), "once per change", True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        save(workbook, path)
        print(f"Search: {count:,} items, {len(SearchIndex(workbook)):,} texts, terminal {SIZE[0]}x{SIZE[1]}")
        bare_cpu: list[float] = []
        bare = asyncio.run(bare_run(texts_of(workbook), bare_cpu))
        start = time.perf_counter()
        if args.profile:
            profiler = cProfile.Profile()
            ours = profiler.runcall(asyncio.run, stratbook_run(path, args.rounds))
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        else:
            ours = asyncio.run(stratbook_run(path, args.rounds))
        print(f"(ran in {time.perf_counter() - start:.1f} s)")
    report.opened("open (index built)", ours["open"])
    report.key("each key typed", ours["key"], bare)
    report.key("each key typed, CPU", ours["cpu"], bare_cpu)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
