"""Benchmark of the five forces and the Ansoff matrix (section 9) at 10,000 items: 1,000 in each
force and 5,000 Ansoff options.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_forces.py [--per-force N] [--options N] [--keys N]

It measures, at 80x24, from the key to the screen updated:

- open: from the key `9` to the five forces drawn;
- move: j, k within a force, l and h between forces (the cursor crosses into the next panel);
- weight: + and - on a force's item (one row redrawn);
- add: ctrl+s in the add dialog, until the item is on the board;
- rate: ctrl+s in the rating dialog, until the panel's title shows it;
- switch: x, to the Ansoff matrix and back;
- Ansoff move and risk: j, k, l, h and + - in the Ansoff 2x2;
- undo: ctrl+z of a weight change.

Targets: open at most 1 s, median at most 30 ms per key. The exit status is 1 when one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import os  # noqa: E402

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from tests.bench.common import Report, like_run_app, settle, timed_key, timed_until, typed  # noqa: E402
from tui.app import open_workbook  # noqa: E402
from tui.modals.form import FormDialog  # noqa: E402
from tui.model.workbook import ANSOFF_QUADRANTS, FORCES, AnsoffOption, ForceItem, Workbook  # noqa: E402
from tui.screens.forces import ForcesScreen  # noqa: E402
from tui.store import save  # noqa: E402

SIZE = (80, 24)
WORDS = ("price rival buyer supplier substitute entrant margin cost brand switching scale patent channel "
         "import tender contract grocer servo labour cell robot demand").split()


def make_workbook(per_force: int, options: int, seed: int = 9) -> Workbook:
    rng = random.Random(seed)
    workbook = Workbook()
    serial = 0
    for name in FORCES:
        force = workbook.forces.forces[name]
        force.rating = rng.randint(1, 5)
        for _ in range(per_force):
            serial += 1
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))).capitalize()
            force.items.append(ForceItem(f"frc-b{serial:06d}", text, rng.randint(1, 5)))
    for n in range(options):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12))).capitalize()
        workbook.ansoff.append(AnsoffOption(f"ans-b{n:06d}", ANSOFF_QUADRANTS[n % 4], text, rng.randint(1, 5)))
    return workbook


def is_forces(app) -> bool:
    screen = app.screen
    return isinstance(screen, ForcesScreen) and screen.is_mounted and screen.force_list("rivalry").option_count > 0


async def run(path: Path, keys: int) -> dict[str, list[float]]:
    app = open_workbook(path)
    like_run_app(app)
    results: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await timed_key(pilot, "escape")  # out of the vision text box
        results["open"] = [await timed_until(pilot, "9", is_forces)]
        screen = app.screen
        assert isinstance(screen, ForcesScreen)
        results["move"] = [await timed_key(pilot, key) for key in ("j", "k") * (keys // 4)]
        results["move"] += [await timed_key(pilot, key) for key in ("l", "h") * (keys // 4)]
        results["weight"] = [await timed_key(pilot, key, "+" if key == "plus" else "-")
                             for key in ("plus", "minus") * (keys // 2)]
        results["undo"] = [await timed_key(pilot, "ctrl+z") for _ in range(keys // 2)]
        add = []
        for n in range(keys // 4):
            await timed_until(pilot, "a", lambda app: isinstance(app.screen, FormDialog))
            await typed(pilot, f"Item {n}")
            add.append(await timed_until(pilot, "ctrl+s", lambda app: isinstance(app.screen, ForcesScreen)))
        assert len(app.workbook.forces.forces["rivalry"].items) >= 1000 + keys // 4, "the adds did not land"
        results["add"] = add
        rate = []
        for n in range(keys // 4):
            await timed_until(pilot, "r", lambda app: isinstance(app.screen, FormDialog))
            await timed_key(pilot, str(1 + n % 5))
            rate.append(await timed_until(pilot, "ctrl+s", lambda app: isinstance(app.screen, ForcesScreen)))
        results["rate"] = rate
        results["switch"] = [await timed_key(pilot, "x") for _ in range(keys // 2)]
        if not screen.showing_ansoff:
            await timed_key(pilot, "x")
        results["Ansoff move"] = [await timed_key(pilot, key) for key in ("j", "k", "l", "h") * (keys // 4)]
        results["Ansoff risk"] = [await timed_key(pilot, key, "+" if key == "plus" else "-")
                                  for key in ("plus", "minus") * (keys // 2)]
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-force", type=int, default=1_000)
    parser.add_argument("--options", type=int, default=5_000)
    parser.add_argument("--keys", type=int, default=40, help="samples per kind of key")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "forces.toml"
        save(make_workbook(args.per_force, args.options), path)
        print(f"Five forces and Ansoff: {5 * args.per_force + args.options:,} items, terminal {SIZE[0]}x{SIZE[1]}")
        ours = asyncio.run(run(path, args.keys))
    verdicts = Report("forces")
    verdicts.opened("open the section", ours["open"])
    for name, times in ours.items():
        if name != "open":
            verdicts.key(name, times)
    return verdicts.finish()


if __name__ == "__main__":
    sys.exit(main())
