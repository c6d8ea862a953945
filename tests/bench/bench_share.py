"""Benchmark of sharing: diff, merge, the exports and the overview, against `dumps` in the same run.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_share.py [--repeat N]

For generated workbooks of 1,000 and 10,000 items, where the other copy changed one item in
fifty, it measures (median of N) `diff`, `merge` (base, ours, theirs), each export and the
overview's lines, and prints each as a ratio to `tui.store.dumps` of the same workbook (what a
save costs). Targets at 10,000 items: diff and merge at most 3x a save (the app's Compare
recomputes the diff after each choice), the overview at most 0.5x, each export at most 1x
(it writes what a save writes, once). Exit 1 when one is missed.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.bench_store import SIZES, make_workbook  # noqa: E402
from tests.bench.common import Report, taking_turns  # noqa: E402
from tui.screens.overview import overview_lines  # noqa: E402
from tui.store import dumps  # noqa: E402
from tui.store.diff import diff  # noqa: E402
from tui.store.export import export  # noqa: E402
from tui.store.merge import merge  # noqa: E402

TARGETS = {"diff": 3.0, "merge": 3.0, "overview": 0.5}
EXPORT = 1.0
"""An export writes what a save writes, once: at most as long as a save (chosen here)."""


def edited(workbook):
    other = copy.deepcopy(workbook)
    for index, item in enumerate(other.iter_items()):
        if index % 50 == 0 and hasattr(item, "text"):
            item.text += " (edited)"
    return other


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    report = Report("share")
    for size in SIZES:
        base = make_workbook(size)
        theirs = edited(base)
        ours = copy.deepcopy(base)
        ours.meta.title += " (ours)"
        actions = {
            "diff": lambda: diff(base, theirs),
            "merge": lambda: merge(base, ours, theirs),
            "markdown": lambda: export(base, "markdown"),
            "html": lambda: export(base, "html"),
            "json": lambda: export(base, "json"),
            "overview": lambda: overview_lines(base, date(2027, 6, 1)),
        }
        print(f"{size:>6} items, each against a save (dumps) in turn:")
        for name, action in actions.items():
            seconds, save = taking_turns(args.repeat, action, lambda: dumps(base))
            ratio = statistics.median(o / b for o, b in zip(seconds, save))
            print(f"        {name:<9} {statistics.median(seconds) * 1000:8.1f} ms  save "
                  f"{statistics.median(save) * 1000:8.1f} ms  {ratio:5.2f}x")
            if size == SIZES[-1]:
                report.paired(f"{name} at {size:,} items (against a save)", seconds, save, TARGETS.get(name, EXPORT))
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
