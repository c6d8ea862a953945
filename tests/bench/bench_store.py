"""Benchmark of the store: load and save against bare tomli / tomli-w, in the same run.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_store.py [--repeat N] [--profile]

For generated workbooks of 1,000 and 10,000 items it measures, median of N:

- load: `tui.store.loads` (parse and validate) against bare `tomli.loads` of the same text;
- save: `tui.store.dumps` (document, canonical text and the read-back check) against bare
  `tomli_w.dumps(document, multiline_strings=True)` of the same document.

Targets at 10,000 items: load at most 1.5x, save at most 2.0x. The exit status is 1 when
a target is missed. `make_workbook` is also used by the tests for large workbooks.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import statistics
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import tomli  # noqa: E402
import tomli_w  # noqa: E402

from tui.model.frameworks import FRAMEWORKS  # noqa: E402
from tui.model.workbook import (  # noqa: E402
    EFFECTS,
    GOAL_STATUSES,
    PESTLE_FACTORS,
    QUADRANT_PREFIX,
    QUADRANTS,
    STRATEGY_KINDS,
    TACTIC_STATUSES,
    Goal,
    KeyResult,
    Measure,
    Milestone,
    PestleItem,
    Strategy,
    SwotItem,
    Tactic,
    Value,
    Workbook,
)
from tests.bench.common import Report, taking_turns  # noqa: E402
from tui.store import dumps, loads  # noqa: E402
from tui.store.writer import to_document  # noqa: E402

TARGETS = {"load": 1.5, "save": 2.0}
SIZES = (1_000, 10_000)

_WORDS = (
    "customer delivery warehouse robot gripper margin service contract partner supplier export "
    "volunteer donor funding food bank community council grant energy cost team training safety "
    "quality market share price growth risk regulation software cloud data privacy pilot launch "
    "region Leeds Bristol shift weekly quarterly review board budget hiring retention churn"
).split()


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[str] = set()

    def __call__(self, prefix: str) -> str:
        while True:
            candidate = prefix + "-" + "".join(self.rng.choice("abcdefghijklmnopqrstuvwxyz0123456789")
                                               for _ in range(6))
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


def _sentence(rng: random.Random, low: int, high: int) -> str:
    """Text of `low` to `high` characters, made of words, sometimes with a number."""
    target = rng.randint(low, high)
    words: list[str] = []
    length = 0
    while length < target:
        word = rng.choice(_WORDS) if rng.random() > 0.1 else str(rng.randint(2, 480))
        words.append(word)
        length += len(word) + 1
    text = " ".join(words)
    return text[0].upper() + text[1:]


def make_workbook(items: int, seed: int = 0) -> Workbook:
    """A valid workbook with about `items` items (everything that has an id), spread over
    values, SWOT, PESTLE, TOWS strategies, goals with measures, key results and milestones,
    and tactics, with realistic text lengths."""
    rng = random.Random(seed)
    new_id = _Ids(rng)
    workbook = Workbook()
    meta = workbook.meta
    meta.title = "Generated plan: strategy 2027-2029"
    meta.organisation = "Benchmark Holdings Ltd"
    meta.authors = ["Priya Shah", "Tom Berg"]
    meta.created = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
    meta.updated = datetime(2026, 11, 26, 17, 2, 11, tzinfo=timezone.utc)
    workbook.vmv.vision = _sentence(rng, 150, 300) + "\n\n" + _sentence(rng, 80, 200)
    workbook.vmv.mission = _sentence(rng, 150, 300)

    shares = {"values": 0.02, "swot": 0.30, "pestle": 0.18, "strategies": 0.05, "goals": 0.20, "tactics": 0.25}
    counts = {kind: max(1, int(items * share)) for kind, share in shares.items()}

    for _ in range(counts["values"]):
        workbook.vmv.values.append(Value(new_id("val"), _sentence(rng, 8, 20), _sentence(rng, 60, 160)))
    swot_ids: dict[str, list[str]] = {name: [] for name in QUADRANTS}
    for index in range(counts["swot"]):
        name = QUADRANTS[index % 4]
        item = SwotItem(new_id(QUADRANT_PREFIX[name]), _sentence(rng, 40, 120), rng.randint(1, 5))
        if rng.random() < 0.3:
            item.notes = _sentence(rng, 40, 200) + ("\n" + _sentence(rng, 20, 80) if rng.random() < 0.3 else "")
        swot_ids[name].append(item.id)
        workbook.swot.quadrant(name).append(item)
    pestle_ids = []
    for index in range(counts["pestle"]):
        factor = workbook.pestle.factors[PESTLE_FACTORS[index % 6]]
        factor.reviewed = rng.random() < 0.5
        item = PestleItem(new_id("pes"), _sentence(rng, 40, 140), rng.random() < 0.6, rng.randint(1, 5),
                          rng.randint(1, 5), rng.choice(EFFECTS))
        pestle_ids.append(item.id)
        factor.items.append(item)
    for item in workbook.swot.threats[: len(pestle_ids) // 4]:
        item.source = rng.choice(pestle_ids)
    for _ in range(counts["strategies"]):
        kind = rng.choice(STRATEGY_KINDS)
        first = swot_ids["strengths" if kind[0] == "S" else "weaknesses"]
        second = swot_ids["opportunities" if kind[1] == "O" else "threats"]
        links = [rng.choice(first), rng.choice(second)] if first and second else []
        workbook.strategies.append(Strategy(new_id("tow"), kind, _sentence(rng, 60, 160), links))

    value_ids = [v.id for v in workbook.vmv.values]
    goal_ids = []
    budget = counts["goals"]
    start = date(2027, 1, 1)
    while budget > 0:
        framework = rng.choice(tuple(FRAMEWORKS))
        goal = Goal(new_id("gol"), framework, _sentence(rng, 30, 70), rng.choice(GOAL_STATUSES),
                    rng.choice(("Priya Shah", "Tom Berg", "Sam Ode", "Hannah Okafor")))
        budget -= 1
        goal.start = start + timedelta(days=rng.randint(0, 90))
        goal.due = goal.start + timedelta(days=rng.randint(30, 700))
        goal.links = [rng.choice(value_ids), rng.choice(swot_ids["weaknesses"] or value_ids)]
        for question in FRAMEWORKS[framework].questions:
            if question.kind == "int":
                goal.answers[question.key] = rng.randint(10, 30)
            elif rng.random() < 0.8:
                goal.answers[question.key] = _sentence(rng, 30, 160)
        if framework == "okr":
            for _ in range(rng.randint(3, 5)):
                baseline = float(rng.randint(0, 100))
                goal.key_results.append(KeyResult(new_id("kr"), _sentence(rng, 30, 90), "percent", baseline,
                                                  baseline + rng.randint(5, 50), baseline + rng.randint(0, 30)))
                budget -= 1
        elif framework not in ("pact", "hard") or rng.random() < 0.5:
            goal.measure = Measure(_sentence(rng, 15, 40), "days", 12.0, 5.0, round(rng.uniform(5, 12), 1))
        for number in range(rng.randint(0, 3)):
            goal.milestones.append(Milestone(new_id("mil"), goal.start + timedelta(days=20 * (number + 1)),
                                             _sentence(rng, 30, 80), rng.random() < 0.4))
            budget -= 1
        goal_ids.append(goal.id)
        workbook.goals.append(goal)
    for _ in range(counts["tactics"]):
        workbook.tactics.append(Tactic(new_id("tac"), rng.choice(goal_ids), _sentence(rng, 30, 100),
                                       rng.choice(("Sam Ode", "Tom Berg", "")),
                                       start + timedelta(days=rng.randint(0, 700)), rng.choice(TACTIC_STATUSES)))
    return workbook


def measure(items: int, repeat: int) -> dict[str, float]:
    workbook = make_workbook(items)
    data = dumps(workbook)
    text = data.decode("utf-8")
    document = to_document(workbook)
    assert loads(text).workbook == workbook  # what is measured is also right
    tomli_times, load_times = taking_turns(repeat, lambda: tomli.loads(text), lambda: loads(text))
    tomli_w_times, save_times = taking_turns(repeat, lambda: tomli_w.dumps(document, multiline_strings=True),
                                             lambda: dumps(workbook))
    return {
        "items": sum(1 for _ in workbook.iter_items()),
        "bytes": len(data),
        "tomli": tomli_times,
        "load": load_times,
        "tomli_w": tomli_w_times,
        "save": save_times,
    }


def profile(items: int) -> None:
    workbook = make_workbook(items)
    text = dumps(workbook).decode("utf-8")
    for name, action in (("load", lambda: loads(text)), ("save", lambda: dumps(workbook))):
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(3):
            action()
        profiler.disable()
        print(f"\n--- profile of {name} at {items:,} items ---")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, help="median of this many runs (default 7)")
    parser.add_argument("--profile", action="store_true", help="also profile load and save at 10,000 items")
    args = parser.parse_args(argv)

    print(f"{'items':>7} {'size':>9} | {'tomli.loads':>11} {'load':>9} {'ratio':>6} | "
          f"{'tomli_w':>9} {'save':>9} {'ratio':>6}")
    report = Report("store")
    for size in SIZES:
        r = measure(size, args.repeat)
        m = {name: statistics.median(r[name]) for name in ("tomli", "load", "tomli_w", "save")}
        print(f"{r['items']:>7,} {r['bytes'] / 1024:>7.0f}KB | {m['tomli'] * 1000:>9.1f}ms {m['load'] * 1000:>7.1f}ms "
              f"{m['load'] / m['tomli']:>5.2f}x | {m['tomli_w'] * 1000:>7.1f}ms {m['save'] * 1000:>7.1f}ms "
              f"{m['save'] / m['tomli_w']:>5.2f}x")
        if size == max(SIZES):
            report.paired(f"load at {size:,} items (tomli.loads)", r["load"], r["tomli"], TARGETS["load"])
            report.paired(f"save at {size:,} items (tomli_w.dumps)", r["save"], r["tomli_w"], TARGETS["save"])
    if args.profile:
        profile(max(SIZES))
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
