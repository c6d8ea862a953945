"""Benchmark of the risk register (section 8) at 10,000 risks.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_risks.py [--risks N] [--keys N]

At 80x24, in one app run on a workbook of about 2,000 other items and N risks (a tenth of
them closed, most with a review date, some overdue, some linked to goals and tactics):

- open: from pressing 8 (the first time) to the register drawn;
- keys, each timed from the key to the screen updated: j/k (move), s (open or close: the row
  redrawn), t (treatment), + and - (impact: the register sorted again), ctrl+z and ctrl+y,
  v (the heat map) and v back, e, a, l and / (a dialog opened) and esc (closed).

Targets: open at most 1 s; median at most 30 ms for each key. Exit status 1 when one is missed.
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

from tests.bench.bench_store import _sentence, make_workbook  # noqa: E402
from tests.bench.common import Report, like_run_app, settle, timed_key, timed_until  # noqa: E402
from textual.screen import ModalScreen  # noqa: E402
from tui.app import open_workbook  # noqa: E402
from tui.model.workbook import RISK_TREATMENTS, Risk, Workbook  # noqa: E402
from tui.store import save  # noqa: E402

SIZE = (80, 24)
OWNERS = ("Priya Shah", "Tom Berg", "Sam Ode", "Hannah Okafor", "Lena Fischer", "")


def risks_workbook(risks: int, seed: int = 7) -> Workbook:
    rng = random.Random(seed)
    workbook = make_workbook(2_000, seed)
    treaters = [g.id for g in workbook.goals] + [t.id for t in workbook.tactics]
    sources = [i.id for f in workbook.pestle.factors.values() for i in f.items] + [t.id for t in workbook.swot.threats]
    first = date(2026, 6, 1)
    workbook.risks = [
        Risk(f"rsk-b{n:06d}", _sentence(rng, 30, 120), rng.choice(OWNERS), rng.randint(1, 5), rng.randint(1, 5),
             rng.choice(("", *RISK_TREATMENTS)), _sentence(rng, 10, 80),
             first + timedelta(days=rng.randint(0, 700)) if rng.random() < 0.9 else None,
             "closed" if rng.random() < 0.1 else "open",
             rng.choice(sources) if sources and rng.random() < 0.3 else None,
             rng.sample(treaters, k=min(len(treaters), rng.randint(0, 2))))
        for n in range(risks)]
    return workbook


def dialog(app) -> bool:
    return isinstance(app.screen, ModalScreen)


def no_dialog(app) -> bool:
    return not isinstance(app.screen, ModalScreen)


async def run(path: Path, keys: int, report: Report) -> None:
    app = open_workbook(path)
    like_run_app(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        report.opened("open Risks (8)", [await timed_until(
            pilot, "8", lambda a: a.current_mode == "risks" and a.screen.is_mounted and a.screen.table.rows)])
        for _ in range(keys // 2):  # to the middle of the register
            await timed_key(pilot, "pagedown")
        report.key("j/k (move)", [await timed_key(pilot, key) for key in ("j", "k") * (keys // 2)])
        report.key("s (open or close)", [await timed_key(pilot, "s") for _ in range(keys)])
        report.key("t (treatment)", [await timed_key(pilot, "t") for _ in range(keys)])
        report.key("+/- (impact: sorted again)", [await timed_key(pilot, key, char)
                                                   for key, char in (("plus", "+"), ("minus", "-")) * (keys // 2)])
        report.key("ctrl+z (undo)", [await timed_key(pilot, "ctrl+z") for _ in range(keys)])
        report.key("ctrl+y (redo)", [await timed_key(pilot, "ctrl+y") for _ in range(keys)])
        screen = app.screen
        shown, back = [], []
        for _ in range(keys // 2):
            shown.append(await timed_until(pilot, "v", lambda a: a.screen.map_shown))
            back.append(await timed_until(pilot, "v", lambda a: not a.screen.map_shown))
        report.key("v (heat map)", shown)
        report.key("v (back to the register)", back)
        for key, name in (("e", "edit"), ("a", "add"), ("l", "links"), ("slash", "filter")):
            opened, closed = [], []
            for _ in range(keys // 4):
                opened.append(await timed_until(pilot, key, dialog, "/" if key == "slash" else None))
                closed.append(await timed_until(pilot, "escape", no_dialog))
            report.key(f"{key} ({name} dialog)", opened)
            report.key(f"esc (close the {name} dialog)", closed)
        assert app.screen is screen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=10_000)
    parser.add_argument("--keys", type=int, default=20, help="samples per kind of key (default 20)")
    args = parser.parse_args()
    report = Report("risks")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "risks.toml"
        save(risks_workbook(args.risks), path)
        print(f"{args.risks:,} risks, {path.stat().st_size / 1024:,.0f} KB", flush=True)
        asyncio.run(run(path, args.keys, report))
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
