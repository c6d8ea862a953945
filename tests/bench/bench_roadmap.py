"""Benchmark of the roadmap section: 2,000 goals, each with 5 milestones and 5 tactics.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_roadmap.py [--goals N] [--keys N] [--profile]

It measures, at 80x24, in one run: open (from the key `7` to the roadmap drawn, every goal a
row); and, for each key, the time from the key event to the screen updated, median and worst:
j/k (rows), l/h (marks on a row), ] and [ (the view moved in time: every visible row drawn
again), - and + (zoom out and in), f (one goal's tactics unfolded and folded), F (every goal's
tactics unfolded or folded: 12,000 rows), j/k over the unfolded rows. Then the strategy map
(the goals, each with a perspective or none, a quarter under another goal): open (from `v` in
the goals list to the map drawn) and j/k on it (the links of the goal under the cursor said,
and marked on their rows).

Targets: open at most 1 s, median at most 30 ms for each key. The exit status is 1 when one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from tests.bench.common import Report, like_run_app, settle, timed_key, timed_until  # noqa: E402
from tui.app import open_workbook  # noqa: E402
from tui.model.workbook import (  # noqa: E402
    GOAL_STATUSES,
    PERSPECTIVES,
    TACTIC_STATUSES,
    Goal,
    Measure,
    Milestone,
    Tactic,
    Workbook,
)
from tui.screens.goals import GoalsScreen  # noqa: E402
from tui.screens.roadmap import RoadmapScreen  # noqa: E402
from tui.store import save  # noqa: E402

SIZE = (80, 24)


def make_plan(goals: int, seed: int = 17) -> Workbook:
    """`goals` goals over three years, a quarter of them under an earlier goal, each with five
    milestones and five tactics."""
    rng = random.Random(seed)
    workbook = Workbook()
    first = date(2026, 1, 1)
    for n in range(goals):
        start = first + timedelta(days=rng.randint(0, 700))
        due = start + timedelta(days=rng.randint(60, 500))
        span = (due - start).days
        goal = Goal(f"gol-r{n:05d}", "smart", f"Goal number {n} of the plan", rng.choice(GOAL_STATUSES), "",
                    start, due, measure=Measure("m", "", 0, 100, rng.randint(0, 100)),
                    parent=f"gol-r{rng.randrange(n):05d}" if n and rng.random() < 0.25 else "",
                    perspective=rng.choice(("", *PERSPECTIVES)))
        goal.milestones = [Milestone(f"mil-r{n:05d}{k}", start + timedelta(days=span * (k + 1) // 6), f"Step {k}",
                                     rng.random() < 0.3) for k in range(5)]
        workbook.goals.append(goal)
        workbook.tactics += [Tactic(f"tac-r{n:05d}{k}", goal.id, f"Action {k}", "",
                                    start + timedelta(days=rng.randint(0, span)), rng.choice(TACTIC_STATUSES))
                             for k in range(5)]
    return workbook


async def stratbook_run(path: Path, keys: int, goals: int) -> dict[str, list[float]]:
    app = open_workbook(path)
    like_run_app(app)
    results: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def ready(a) -> bool:
            return isinstance(a.screen, RoadmapScreen) and a.screen.is_mounted and len(a.screen.table.rows) == goals

        results["open roadmap"] = [await timed_until(pilot, "7", ready)]
        for _ in range(200):  # into the middle of the list
            await timed_key(pilot, "j")
        results["rows (j/k)"] = [await timed_key(pilot, key) for key in ("j", "k") * (keys // 2)]
        results["marks (l/h)"] = [await timed_key(pilot, key) for key in ("l", "l", "h", "h") * (keys // 4)]
        results["time (]/[)"] = [await timed_key(pilot, key) for key in ("right_square_bracket",
                                                                          "left_square_bracket") * (keys // 2)]
        results["zoom (-/+)"] = [await timed_key(pilot, key) for key in ("minus", "plus") * (keys // 4)]
        results["unfold one (f)"] = [await timed_key(pilot, "f") for _ in range(keys)]
        results["unfold all (F)"] = [await timed_key(pilot, "F") for _ in range(max(2, keys // 4))]
        await timed_key(pilot, "F")
        assert len(app.screen.table.rows) == goals * 6, "F did not unfold every goal's tactics"
        results["unfolded rows (j/k)"] = [await timed_key(pilot, key) for key in ("j", "j", "k") * (keys // 3)]

        await timed_until(pilot, "5", lambda a: isinstance(a.screen, GoalsScreen) and a.screen.is_mounted)

        def map_ready(a) -> bool:
            return isinstance(a.screen, GoalsScreen) and a.screen.map_shown and len(a.screen.strategy_map.rows) > goals

        results["open strategy map (v)"] = [await timed_until(pilot, "v", map_ready)]
        for _ in range(200):
            await timed_key(pilot, "j")
        results["map rows (j/k)"] = [await timed_key(pilot, key) for key in ("j", "k") * (keys // 2)]
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goals", type=int, default=2_000)
    parser.add_argument("--keys", type=int, default=40, help="samples per kind of key")
    parser.add_argument("--profile", action="store_true", help="profile the Stratbook run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        save(make_plan(args.goals), path)
        print(f"Roadmap: {args.goals:,} goals, each with 5 milestones and 5 tactics, "
              f"{path.stat().st_size / 1024:,.0f} KB, terminal {SIZE[0]}x{SIZE[1]}")
        if args.profile:
            profiler = cProfile.Profile()
            ours = profiler.runcall(asyncio.run, stratbook_run(path, args.keys, args.goals))
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        else:
            ours = asyncio.run(stratbook_run(path, args.keys, args.goals))
    verdicts = Report("roadmap")
    for name, times in ours.items():
        (verdicts.opened if name.startswith("open") else verdicts.key)(name, times)
    return verdicts.finish()


if __name__ == "__main__":
    sys.exit(main())
