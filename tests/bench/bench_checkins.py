"""Benchmark of check-ins at scale: the goals list and the Overview with 2,000 goals, each holding
100 check-ins (200,000 in all).

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_checkins.py [--goals N] [--checkins N] [--keys N]

It measures, at 80x24, in one run:

- open goals: from the key `5` to the goals list drawn (every row's pace worked out);
- open overview: from the key `1` to the Overview drawn (check-ins due and goals at risk counted);
- goals move (j/k) and goal status (s: one goal's row and pace again), per key;
- check in (u, a value, enter timed: the form closes, the check-in lands and the row is redrawn);
- overview move (j/k), per key.

Targets: open at most 1 s, median at most 30 ms for each key (the shared targets of
tests/bench/common.py). The exit status is 1 when one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from tests.bench.bench_goals import SIZE, make_plan  # noqa: E402
from tests.bench.common import Report, like_run_app, settle, timed_key, timed_until, typed  # noqa: E402
from tui.app import open_workbook  # noqa: E402
from tui.modals.checkin import CheckinForm  # noqa: E402
from tui.model.workbook import Checkin, Workbook  # noqa: E402
from tui.screens.goals import GoalsScreen  # noqa: E402
from tui.screens.overview import OverviewScreen  # noqa: E402
from tui.store import save  # noqa: E402


def _base36(number: int) -> str:
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
        if number == 0:
            return digits.rjust(4, "0")


def with_checkins(workbook: Workbook, per_goal: int, seed: int = 5) -> Workbook:
    """`per_goal` weekly check-ins on every goal: on its measure, or spread over its key results."""
    rng = random.Random(seed)
    first = date(2025, 1, 6)
    for n, goal in enumerate(workbook.goals):
        # 200,000 check-ins take some 15 MB of the 20 MiB a workbook may have: the answers go,
        # and the check-ins carry no note or name.
        goal.answers = {}
        holders = [goal] if goal.measure is not None else goal.key_results or [goal]
        for index in range(per_goal):
            holder = holders[index % len(holders)]
            week = index // len(holders)
            value = round(12 - week * 0.05 + rng.uniform(-0.5, 0.5), 2)
            holder.checkins.append(Checkin(f"chk-{_base36(n * per_goal + index)}", first + timedelta(weeks=week),
                                           value, rng.randint(1, 10)))
        for holder in holders:
            if holder.checkins:
                (holder.measure if holder is goal and goal.measure is not None else holder).current = \
                    holder.checkins[-1].value
        goal.start = min(goal.start or first, first)
    return workbook


async def stratbook_run(path: Path, keys: int, goals: int) -> dict[str, list[float]]:
    app = open_workbook(path)
    like_run_app(app)
    results: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def goals_ready(a) -> bool:
            return isinstance(a.screen, GoalsScreen) and a.screen.is_mounted and len(a.screen.table.rows) == goals

        def overview_ready(a) -> bool:
            return isinstance(a.screen, OverviewScreen) and a.screen.is_mounted

        results["open goals"] = [await timed_until(pilot, "5", goals_ready)]
        results["open overview"] = [await timed_until(pilot, "1", overview_ready)]
        results["overview move"] = [await timed_key(pilot, key) for key in ("j", "k") * (keys // 2)]
        await timed_until(pilot, "5", goals_ready)
        results["goals move"] = [await timed_key(pilot, key) for key in ("j", "k") * (keys // 2)]
        await timed_key(pilot, "j")
        results["goal status"] = [await timed_key(pilot, "s") for _ in range(keys)]
        checkin = []
        for n in range(keys // 2):
            before = sum(len(g.checkins) for g in app.workbook.goals)
            await timed_key(pilot, "u")
            if not isinstance(app.screen, CheckinForm):  # an OKR goal: its key results in turn
                continue
            await typed(pilot, str(n % 9 + 1))
            checkin.append(await timed_until(pilot, "enter", lambda a: not isinstance(a.screen, CheckinForm)
                                             or sum(len(g.checkins) for g in a.workbook.goals) > before))
            while isinstance(app.screen, CheckinForm):
                await timed_until(pilot, "escape", lambda a: not isinstance(a.screen, CheckinForm))
            await timed_key(pilot, "j")
        results["check in"] = checkin
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goals", type=int, default=2_000)
    parser.add_argument("--checkins", type=int, default=100, help="check-ins per goal")
    parser.add_argument("--keys", type=int, default=40, help="samples per kind of key")
    args = parser.parse_args()
    workbook = with_checkins(make_plan(args.goals, 200), args.checkins)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        save(workbook, path)
        print(f"Check-ins: {args.goals:,} goals x {args.checkins} check-ins, "
              f"{path.stat().st_size / 1024 / 1024:,.1f} MB, terminal {SIZE[0]}x{SIZE[1]}")
        ours = asyncio.run(stratbook_run(path, args.keys, args.goals))
    verdicts = Report("check-ins")
    for name, times in ours.items():
        if times:
            (verdicts.opened if name.startswith("open") else verdicts.key)(name, times)
    return verdicts.finish()


if __name__ == "__main__":
    sys.exit(main())
