"""Benchmark of the SWOT board at 10,000 items (2,500 per quadrant), against a bare OptionList app.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_swot.py [--per-quadrant N] [--keys N] [--profile]

It measures, at 80x24:

- open: from the key `3` to the SWOT section drawn, against a bare app mounting four stock
  OptionLists of the same options;
- for each key, the time from the key event to the screen updated (every message it caused
  handled, and the changed part of the screen drawn), median and worst, against the same key
  in the bare app:
  - move: j, k, l, h (cursor within and between quadrants) against down/up in the bare app;
  - add: enter in the add box (the item is added, the box stays open) against add_option;
  - to quadrant: `m` then an arrow (the item moves to the neighbouring quadrant) against
    removing an option from one stock OptionList and adding it to another;
  - filter: each key typed into the filter box (every quadrant filtered) against set_options
    of the matching options on four stock OptionLists;
- bulk, on every item at once: `M` in each quadrant (2,500 marked each time, 10,000 in all),
  then `m` and `t` (the 7,500 marked items outside Threats moved there, one edit), ctrl+z
  and ctrl+y (undo and redo of that move), and `U` (every mark cleared).

Targets: open at most 1 s, median at most 30 ms per key; each bulk key at most 300 ms. The exit
status is 1 when one is missed.
Pilot's own `press` waits for the CPU to idle (20 ms steps), so keys are sent to the driver
directly and timed until the screen is updated, the same way in both apps.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import os  # noqa: E402

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.containers import Grid  # noqa: E402
from textual.content import Content  # noqa: E402
from textual.pilot import Pilot  # noqa: E402
from textual.widgets import OptionList  # noqa: E402
from textual.widgets.option_list import Option  # noqa: E402

from tests.bench.common import Report, like_run_app, settle, timed_key  # noqa: E402
from tui.app import open_workbook  # noqa: E402
from tui.model.workbook import QUADRANT_PREFIX, QUADRANTS, Strategy, SwotItem, Workbook  # noqa: E402
from tui.screens.swot import SwotScreen, item_prompt  # noqa: E402
from tui.store import save  # noqa: E402

SIZE = (80, 24)
TARGET_BULK = 0.300
"""A key that acts on 2,500 to 10,000 marked items at once: one redraw, not one per item."""
WORDS = (
    "customer service price margin cost supplier export grant patent robot cell gripper warehouse "
    "delivery partner market demand rule energy skill engineer software vision sensor contract "
    "renewal growth region channel brand quality safety data cloud retail food funding risk"
).split()


def make_board(per_quadrant: int, seed: int = 7) -> Workbook:
    """A workbook with `per_quadrant` items in each SWOT quadrant and a few strategies."""
    rng = random.Random(seed)
    workbook = Workbook()
    serial = 0
    for quadrant in QUADRANTS:
        items = workbook.swot.quadrant(quadrant)
        for _ in range(per_quadrant):
            serial += 1
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14))).capitalize()
            items.append(SwotItem(f"{QUADRANT_PREFIX[quadrant]}-b{serial:06d}", text, rng.randint(1, 5),
                                  notes="Evidence: survey" if serial % 7 == 0 else ""))
    for n, kind in enumerate(("SO", "ST", "WO", "WT") * 5):
        workbook.strategies.append(Strategy(f"tow-b{n:05d}", kind, f"Strategy {n}", []))
    return workbook


# -- timing: tests/bench/common.py (settle, timed_key) ------------------------------------------
async def typed(pilot: Pilot, text: str) -> None:
    for character in text:
        await timed_key(pilot, "space" if character == " " else character, character)


# -- the bare app ----------------------------------------------------------------------------------
class BareApp(App[None]):
    """Four stock OptionLists in a 2x2 grid: what the same keys cost with no app around them."""

    CSS = "Grid { grid-size: 2 2; } OptionList { height: 1fr; border: none; text-wrap: nowrap; }"
    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("m", "to_quadrant", "Move"),
        Binding("f", "filter", "Filter"),
    ]

    def __init__(self, workbook: Workbook) -> None:
        super().__init__()
        self.workbook = workbook
        self.serial = 0

    def compose(self) -> ComposeResult:
        with Grid():
            for quadrant in QUADRANTS:
                yield OptionList(*self.options(quadrant), id=quadrant)

    def options(self, quadrant: str, needle: str = "") -> list[Option]:
        return [Option(item_prompt(item), id=item.id) for item in self.workbook.swot.quadrant(quadrant)
                if needle in item.text.casefold()]

    def action_add(self) -> None:
        widget = self.query_one("#strengths", OptionList)
        self.serial += 1
        widget.add_option(Option(Content(f"new item {self.serial}"), id=f"str-n{self.serial:05d}"))
        widget.highlighted = widget.option_count - 1

    def action_to_quadrant(self) -> None:
        source = self.query_one("#strengths", OptionList)
        target = self.query_one("#weaknesses", OptionList)
        option = source.highlighted_option
        if option is not None:
            source.remove_option(option.id)
            target.add_option(Option(option.prompt, id=option.id))

    def action_filter(self, needle: str = "cost") -> None:
        for quadrant in QUADRANTS:
            self.query_one(f"#{quadrant}", OptionList).set_options(self.options(quadrant, needle[: self.serial % 4 + 1]))
        self.serial += 1


async def bare_run(workbook: Workbook, keys: int) -> dict[str, list[float]]:
    app = BareApp(workbook)
    results: dict[str, list[float]] = {}
    start = time.perf_counter()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results["open"] = [time.perf_counter() - start]
        app.query_one("#strengths", OptionList).focus()
        await settle(pilot)
        results["move"] = [await timed_key(pilot, key) for key in ("down", "up") * (keys // 2)]
        results["add"] = [await timed_key(pilot, "a") for _ in range(keys // 2)]
        results["to quadrant"] = [await timed_key(pilot, "m") for _ in range(keys // 2)]
        results["filter"] = [await timed_key(pilot, "f") for _ in range(keys // 2)]
    return results


# -- Stratbook ----------------------------------------------------------------------------------------
async def open_swot(pilot: Pilot) -> float:
    """From the key `3` to the board drawn."""
    app = pilot.app
    await timed_key(pilot, "escape")  # out of the vision text box
    start = time.perf_counter()
    event = events.Key("3", "3")
    event.set_sender(app)
    app._driver.send_message(event)
    while not (isinstance(app.screen, SwotScreen) and app.screen.is_mounted
               and app.screen.quadrant_list("threats").option_count):
        await asyncio.sleep(0)
    await settle(pilot)
    return time.perf_counter() - start


async def stratbook_run(path: Path, keys: int, per_quadrant: int) -> dict[str, list[float]]:
    app = open_workbook(path)
    like_run_app(app)
    results: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results["open"] = [await open_swot(pilot)]
        screen = app.screen
        assert isinstance(screen, SwotScreen)
        move = []
        for key in ("j", "k") * (keys // 4):
            move.append(await timed_key(pilot, key))
        for key in ("l", "h") * (keys // 4):
            move.append(await timed_key(pilot, key))
        results["move"] = move

        await timed_key(pilot, "a")
        add = []
        for n in range(keys // 2):
            await typed(pilot, f"Item {n}")
            add.append(await timed_key(pilot, "enter"))
        await timed_key(pilot, "escape")
        assert len(app.workbook.swot.strengths) == per_quadrant + keys // 2, "the adds did not land"
        results["add"] = add

        to_quadrant = []
        for n in range(keys // 2):
            to_quadrant.append(await timed_key(pilot, "m"))
            to_quadrant.append(await timed_key(pilot, "right" if n % 2 == 0 else "left"))
            await timed_key(pilot, "l" if n % 2 == 0 else "h")
        results["to quadrant"] = to_quadrant

        await timed_key(pilot, "slash")
        filtering = []
        for word in ("cost", "grant", "robot"):
            for character in word:
                filtering.append(await timed_key(pilot, character, character))
            for _ in word:
                filtering.append(await timed_key(pilot, "backspace"))
        await timed_key(pilot, "escape")
        results["filter"] = filtering
        assert screen.quadrant_list("strengths").option_count >= per_quadrant

        mark_all = []
        for quadrant in QUADRANTS:
            screen.quadrant_list(quadrant).focus()
            await settle(pilot)
            mark_all.append(await timed_key(pilot, "M", "M"))
        total = sum(len(app.workbook.swot.quadrant(q)) for q in QUADRANTS)
        assert len(screen.item_marks) == total, "M did not mark every item"
        results["mark all shown"] = mark_all
        threats = len(app.workbook.swot.threats)
        results["bulk move: dialog"] = [await timed_key(pilot, "m", "m")]
        results["bulk move: to threats"] = [await timed_key(pilot, "t", "t")]
        assert len(app.workbook.swot.threats) == total and screen.quadrant_list("threats").option_count == total
        results["bulk move: undo"] = [await timed_key(pilot, "ctrl+z")]
        assert len(app.workbook.swot.threats) == threats
        results["bulk move: redo"] = [await timed_key(pilot, "ctrl+y")]
        assert len(app.workbook.swot.threats) == total
        results["unmark all"] = [await timed_key(pilot, "U", "U")]
        assert not screen.item_marks
    return results


def report(ours: dict[str, list[float]], bare: dict[str, list[float]]) -> int:
    verdicts = Report("swot")
    verdicts.opened("open the section", ours["open"], bare["open"])
    for name in ("move", "add", "to quadrant", "filter"):
        verdicts.key(name, ours[name], bare[name])
    for name in ("mark all shown", "bulk move: dialog", "bulk move: to threats", "bulk move: undo",
                 "bulk move: redo", "unmark all"):
        verdicts.time(name, ours[name], TARGET_BULK)
    return verdicts.finish()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-quadrant", type=int, default=2_500)
    parser.add_argument("--keys", type=int, default=40, help="samples per kind of key")
    parser.add_argument("--profile", action="store_true", help="profile the Stratbook run")
    args = parser.parse_args()
    workbook = make_board(args.per_quadrant)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "board.toml"
        save(workbook, path)
        print(f"SWOT board: {4 * args.per_quadrant:,} items, terminal {SIZE[0]}x{SIZE[1]}")
        bare = asyncio.run(bare_run(make_board(args.per_quadrant), args.keys))
        if args.profile:
            profiler = cProfile.Profile()
            ours = profiler.runcall(asyncio.run, stratbook_run(path, args.keys, args.per_quadrant))
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        else:
            ours = asyncio.run(stratbook_run(path, args.keys, args.per_quadrant))
    return report(ours, bare)


if __name__ == "__main__":
    sys.exit(main())
