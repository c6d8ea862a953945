"""Benchmark of every section at 10,000 items, in ordinary and awkward workbooks; the Overview
and the Vision section key by key.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_sections.py [--items N] [--keys N] [--only SHAPE]

For each shape of workbook, at 80x24, in one app run:

- open each section (1 to 6) the first time, from its key to the section drawn; the Overview,
  where the app starts, is timed as it is drawn again after an edit made elsewhere (the
  released version took 1.95 s for that with many overdue goals and tactics);
- Overview keys: j and k (move), ctrl+z and ctrl+y (undo and redo an edit of the title: the
  whole overview is made again), w and esc (the list of goal warnings), v and esc (reading);
- Vision keys: each character typed into the vision box (213 ms a character in the released
  version with many values), j and k in the values, J (a value moved: the list reordered).

The shapes: `every kind` (10,000 items spread over values, SWOT, PESTLE, strategies, goals and
tactics), `many overdue` (every goal active and every tactic open, all past their dates),
`one goal` (every tactic under one goal), `long text` (every text eight times as long, a 5 MB
vision and a 1 MB mission), `many values` (10,000 values).

Targets: open at most 1 s; median at most 30 ms for each key. Exit status 1 when one is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

from tests.bench.bench_store import make_workbook  # noqa: E402
from tests.bench.common import Report, like_run_app, settle, timed_key, timed_until  # noqa: E402
from tui.app import open_workbook  # noqa: E402
from tui.model.edits import SetFields  # noqa: E402
from tui.model.workbook import Value, Workbook  # noqa: E402
from tui.screens.sections import SECTIONS  # noqa: E402
from tui.store import save  # noqa: E402

SIZE = (80, 24)
PAST = date(2020, 1, 1)
SHAPES = ("every kind", "many overdue", "one goal", "long text", "many values")


def shaped(items: int, shape: str) -> Workbook:
    workbook = make_workbook(items)
    if shape == "many overdue":
        for goal in workbook.goals:
            goal.status, goal.start, goal.due = "active", None, PAST
            for milestone in goal.milestones:
                milestone.due = None
        for tactic in workbook.tactics:
            tactic.due = PAST
            if tactic.status == "done":
                tactic.status = "todo"
    elif shape == "one goal":
        for tactic in workbook.tactics:
            tactic.goal = workbook.goals[0].id
    elif shape == "long text":
        for item in workbook.iter_items():
            if hasattr(item, "text"):
                item.text = (item.text + " ") * 8
        workbook.vmv.vision = "\n".join(f"Line {n} of a vision pasted from a long document." for n in range(100_000))
        workbook.vmv.mission = "A mission that goes on. " * 45_000
    elif shape == "many values":
        workbook.vmv.values += [Value(f"val-v{n:05d}", f"Value {n}", f"What value {n} means in practice, day to day.")
                                for n in range(items)]
    elif shape != "every kind":
        raise ValueError(shape)
    return workbook


async def run(path: Path, shape: str, keys: int, verdicts: Report) -> None:
    class Progress:  # each verdict printed as it comes: a run takes minutes
        def __getattr__(self, name: str):
            def judged(*args, **kwargs) -> None:
                getattr(verdicts, name)(*args, **kwargs)
                print(f"  {verdicts.verdicts[-1].name}: {verdicts.verdicts[-1].ours}", flush=True)
            return judged

    report = Progress()
    app = open_workbook(path)
    like_run_app(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for section in SECTIONS[1:]:
            times = [await timed_until(pilot, section.key, lambda a, mode=section.mode: a.current_mode == mode
                                       and a.screen.is_mounted)]
            report.opened(f"{shape}: open {section.title}", times)
            await timed_key(pilot, "escape")  # out of a text box (the Vision section focuses none)
        app.apply(SetFields("meta", {"title": "Plan, edited in another section"}))
        await settle(pilot)
        report.opened(f"{shape}: open Overview after an edit", [await timed_until(
            pilot, "1", lambda a: a.current_mode == "overview" and a.screen.seen_revision == a.revision)])

        # -- the Overview, key by key
        report.key(f"{shape}: Overview j/k", [await timed_key(pilot, key) for key in ("j", "k") * (keys // 2)])
        undo, redo = [], []
        for n in range(keys // 4):
            app.apply(SetFields("meta", {"title": f"Plan, take {n}"}))
            await settle(pilot)
            undo.append(await timed_key(pilot, "ctrl+z"))
            redo.append(await timed_key(pilot, "ctrl+y"))
        report.key(f"{shape}: Overview ctrl+z (edit undone)", undo)
        report.key(f"{shape}: Overview ctrl+y (edit redone)", redo)
        screen = app.screen
        for key, name in (("w", "warnings list"), ("v", "reading")):
            shown, closed = [], []
            for _ in range(keys // 4):
                shown.append(await timed_until(pilot, key, lambda a: a.screen is not screen))
                closed.append(await timed_until(pilot, "escape", lambda a: a.screen is screen))
            report.key(f"{shape}: Overview {key} ({name})", shown)
            report.key(f"{shape}: Overview esc (close the {name})", closed)

        # -- the Vision section, key by key
        await timed_until(pilot, "2", lambda a: a.current_mode == "vmv")
        report.key(f"{shape}: Vision values j/k", [await timed_key(pilot, key) for key in ("j", "k") * (keys // 2)])
        report.key(f"{shape}: Vision J (move a value)", [await timed_key(pilot, key) for key in ("J", "K") * (keys // 4)])
        await timed_key(pilot, "v")
        vision = app.workbook.vmv.vision
        typing = [await timed_key(pilot, "space" if c == " " else c, c) for c in "Growing together " * (keys // 16 + 1)]
        report.key(f"{shape}: Vision typing (each character)", typing)
        assert app.workbook.vmv.vision != vision or app.screen.query_one("#vision").read_only, "the typing was lost"
        await timed_key(pilot, "escape")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--keys", type=int, default=20, help="samples per kind of key (default 20)")
    parser.add_argument("--only", choices=SHAPES, action="append", help="only these shapes")
    args = parser.parse_args()
    report = Report("sections")
    with tempfile.TemporaryDirectory() as folder:
        for shape in args.only or SHAPES:
            path = Path(folder) / f"{shape.replace(' ', '-')}.toml"
            save(shaped(args.items, shape), path)
            print(f"{shape}: {args.items:,} items, {path.stat().st_size / 1024:,.0f} KB", flush=True)
            asyncio.run(run(path, shape, args.keys, report))
            gc.unfreeze()
            gc.collect()
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
