"""Benchmark of the goals and tactics sections at 2,000 goals and 10,000 tactics, against a bare app.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_goals.py [--goals N] [--tactics N] [--keys N] [--profile]

It measures, at 80x24, in one run:

- open goals: from the key `5` to the goals list drawn, against a bare app mounting a stock
  OptionList with one option per goal;
- open tactics: from the key `6` to the tactics drawn (every goal's heading and its tactics),
  against a stock OptionList with one option per heading and tactic;
- for each key, the time from the key event to the screen updated (every message it caused
  handled and the changed part drawn), median and worst, against a bare counterpart:
  - goals move (j/k) and tactics move, against down/up in the bare list;
  - goal status (s: one goal changes, the list and its warnings are refreshed), against
    replacing one option's prompt;
  - goal order (o: the whole list sorted again), against set_options of every option;
  - tactic status (s), against replacing one option's prompt;
  - form close (a, then esc timed: the tactic form closes, nothing changes), against esc in a
    stock dialog: what closing a dialog costs on each screen, the floor for the next two;
  - tactic add (a, a word, then enter timed: the form closes and a tactic is inserted mid-list),
    against enter in a stock dialog with an Input that closes it and adds an option;
  - tactic delete (d), against removing an option;
  - tactic move (m, j, then enter timed: the goal picker closes and the tactic moves to that
    goal), against enter in a stock dialog listing the goals that closes it and moves an option.

Targets: open at most 1 s, median at most 30 ms for each key. The exit status is 1 when one is missed.
The app writes its recovery file every 2 s while there are unsaved changes; a key that lands on
such a write shows it in its worst time (the medians are what the targets are about).
Keys are sent to the driver directly and timed until the screen is updated, in both apps
(Pilot's own `press` waits for the CPU to idle in 20 ms steps).
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

from textual.app import App, ComposeResult  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.containers import Vertical  # noqa: E402
from textual.content import Content  # noqa: E402
from textual.screen import ModalScreen  # noqa: E402
from textual.widgets import Input, OptionList  # noqa: E402
from textual.widgets.option_list import Option  # noqa: E402

from tests.bench.common import Report, like_run_app, settle, timed_key, timed_until, typed  # noqa: E402
from tui.app import open_workbook  # noqa: E402
from tui.model.frameworks import FRAMEWORKS  # noqa: E402
from tui.modals.form import FormDialog  # noqa: E402
from tui.modals.picker import PickerDialog  # noqa: E402
from tui.model.workbook import (  # noqa: E402
    GOAL_STATUSES,
    TACTIC_STATUSES,
    Goal,
    KeyResult,
    Measure,
    Milestone,
    Tactic,
    Value,
    Workbook,
)
from tui.screens.goals import GoalsScreen  # noqa: E402
from tui.screens.tactics import TacticsScreen  # noqa: E402
from tui.store import save  # noqa: E402

SIZE = (80, 24)
WORDS = (
    "customer service price margin cost supplier export grant patent robot cell gripper warehouse "
    "delivery partner market demand rule energy skill engineer software vision sensor contract "
    "renewal growth region channel brand quality safety data cloud retail food funding risk"
).split()
OWNERS = ("Priya Shah", "Tom Berg", "Sam Ode", "Hannah Okafor", "Lena Fischer", "")


def make_plan(goals: int, tactics: int, seed: int = 11) -> Workbook:
    """A workbook with `goals` goals of every framework (answers, measures or key results,
    milestones, links) and `tactics` tactics spread over them."""
    rng = random.Random(seed)

    def words(low: int, high: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize()

    workbook = Workbook()
    workbook.vmv.values = [Value(f"val-b{n:04d}", words(1, 2)) for n in range(8)]
    start = date(2027, 1, 1)
    for n in range(goals):
        framework = rng.choice(tuple(FRAMEWORKS))
        goal = Goal(f"gol-b{n:05d}", framework, f"{words(3, 8)} by {rng.randint(2, 40)}",
                    rng.choice(GOAL_STATUSES), rng.choice(OWNERS), start, start + timedelta(days=rng.randint(30, 900)),
                    [rng.choice(workbook.vmv.values).id] if rng.random() < 0.8 else [])
        for question in FRAMEWORKS[framework].questions:
            goal.answers[question.key] = rng.randint(10, 30) if question.kind == "int" else words(6, 25)
        if framework == "okr":
            goal.key_results = [KeyResult(f"kr-b{n:05d}{k}", words(4, 9), "%", 0, 100, rng.randint(0, 100))
                                for k in range(rng.randint(2, 5))]
        else:
            goal.measure = Measure(words(2, 4), "days", 12, 5, rng.randint(5, 12))
        goal.milestones = [Milestone(f"mil-b{n:05d}{k}", start + timedelta(days=30 * (k + 1)), words(3, 8))
                           for k in range(rng.randint(0, 3))]
        workbook.goals.append(goal)
    for n in range(tactics):
        goal = workbook.goals[rng.randrange(goals)]
        workbook.tactics.append(Tactic(f"tac-b{n:06d}", goal.id, words(4, 12), rng.choice(OWNERS),
                                       start + timedelta(days=rng.randint(-60, 600)), rng.choice(TACTIC_STATUSES)))
    workbook.tactics.sort(key=lambda t: t.goal)  # as a file grouped by goal would be
    return workbook


# -- the bare app ---------------------------------------------------------------------------------
class BareDialog(ModalScreen[str | None]):
    """A stock dialog: an Input (to add) or an OptionList of goals (to move); enter closes it."""

    CSS = "BareDialog { align: center middle; } BareDialog > Vertical { width: 76; height: 20; }"
    BINDINGS = [Binding("escape", "dismiss(None)")]

    def __init__(self, goals: list[Goal] | None = None) -> None:
        super().__init__()
        self.goals = goals

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.goals is None:
                yield Input(id="text")
            else:
                yield OptionList(*[Option(Content(g.title), id=g.id) for g in self.goals], id="choice")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class BareApp(App[None]):
    """Stock OptionLists of the same lines: what the same keys cost with no app around them."""

    CSS = "OptionList { height: 1fr; border: none; text-wrap: nowrap; } #tactics { display: none; }"
    BINDINGS = [
        Binding("5", "show('goals')"), Binding("6", "show('tactics')"),
        Binding("s", "restyle"), Binding("o", "resort"), Binding("a", "add"), Binding("d", "delete"),
        Binding("m", "move"),
    ]

    def __init__(self, workbook: Workbook) -> None:
        super().__init__()
        self.workbook = workbook
        self.serial = 0
        self.mounted: set[str] = set()

    def compose(self) -> ComposeResult:
        yield OptionList(id="goals")
        yield OptionList(id="tactics")

    def goal_options(self) -> list[Option]:
        return [Option(Content(f"{g.title}  {g.framework}  {g.status}  {g.owner}  {g.due}"), id=g.id)
                for g in self.workbook.goals]

    def tactic_options(self) -> list[Option]:
        by_goal: dict[str, list[Tactic]] = {}
        for tactic in self.workbook.tactics:
            by_goal.setdefault(tactic.goal, []).append(tactic)
        options = []
        for goal in self.workbook.goals:
            options.append(Option(Content.styled(goal.title, "bold"), id=f"goal:{goal.id}"))
            options += [Option(Content(f"  {t.text}  {t.owner}  {t.due}  {t.status}"), id=t.id)
                        for t in by_goal.get(goal.id, [])]
        return options

    def action_show(self, which: str) -> None:
        widget = self.query_one(f"#{which}", OptionList)
        if which not in self.mounted:
            self.mounted.add(which)
            widget.set_options(self.goal_options() if which == "goals" else self.tactic_options())
        for other in self.query(OptionList):
            other.display = other is widget
        widget.focus()

    @property
    def shown(self) -> OptionList:
        return next(w for w in self.query(OptionList) if w.display)

    def action_restyle(self) -> None:
        widget = self.shown
        self.serial += 1
        widget.replace_option_prompt_at_index(widget.highlighted or 0, Content(f"changed {self.serial}"))

    def action_resort(self) -> None:
        widget = self.shown
        options = self.goal_options()
        random.Random(self.serial).shuffle(options)
        self.serial += 1
        widget.set_options(options)

    def action_add(self) -> None:
        widget = self.shown

        def added(text: str | None) -> None:
            self.serial += 1
            widget.add_option(Option(Content(f"new tactic {text}"), id=f"tac-n{self.serial:05d}"))

        self.push_screen(BareDialog(), added)

    def action_move(self) -> None:
        widget = self.shown

        def moved(goal_id: str | None) -> None:
            option = widget.highlighted_option
            if option is not None and option.id is not None:
                widget.remove_option(option.id)
                widget.add_option(Option(option.prompt, id=option.id))

        self.push_screen(BareDialog(self.workbook.goals), moved)

    def action_delete(self) -> None:
        widget = self.shown
        option = widget.highlighted_option
        if option is not None and option.id is not None:
            widget.remove_option(option.id)


async def bare_run(workbook: Workbook, keys: int) -> dict[str, list[float]]:
    app = BareApp(workbook)
    results: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results["open goals"] = [await timed_until(pilot, "5", lambda a: a.query_one("#goals").option_count)]
        results["open tactics"] = [await timed_until(pilot, "6", lambda a: a.query_one("#tactics").option_count)]
        await timed_key(pilot, "5")
        results["goals move"] = [await timed_key(pilot, key) for key in ("down", "up") * (keys // 2)]
        results["goal status"] = [await timed_key(pilot, "s") for _ in range(keys)]
        results["goal order"] = [await timed_key(pilot, "o") for _ in range(keys // 4)]
        await timed_key(pilot, "6")
        results["tactics move"] = [await timed_key(pilot, key) for key in ("down", "up") * (keys // 2)]
        results["tactic status"] = [await timed_key(pilot, "s") for _ in range(keys)]
        close = []
        for _ in range(keys // 2):
            await timed_key(pilot, "a")
            close.append(await timed_until(pilot, "escape", lambda a: not isinstance(a.screen, BareDialog)))
        results["form close"] = close
        add = []
        for n in range(keys // 2):
            await timed_key(pilot, "a")
            assert isinstance(app.screen, BareDialog)
            await typed(pilot, f"t{n}")
            add.append(await timed_until(pilot, "enter", lambda a: not isinstance(a.screen, BareDialog)))
        results["tactic add"] = add
        results["tactic delete"] = [await timed_key(pilot, "d") for _ in range(keys // 2)]
        move = []
        for _ in range(keys // 4):
            await timed_key(pilot, "m")
            await timed_key(pilot, "down")
            move.append(await timed_until(pilot, "enter", lambda a: not isinstance(a.screen, BareDialog)))
        results["tactic move"] = move
    return results


# -- Stratbook ------------------------------------------------------------------------------------
async def stratbook_run(path: Path, keys: int, goals: int, tactics: int) -> dict[str, list[float]]:
    app = open_workbook(path)
    like_run_app(app)
    results: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        def goals_ready(a) -> bool:
            return isinstance(a.screen, GoalsScreen) and a.screen.is_mounted and len(a.screen.table.rows) == goals

        def tactics_ready(a) -> bool:
            return isinstance(a.screen, TacticsScreen) and a.screen.is_mounted and len(a.screen.table.rows) > goals

        results["open goals"] = [await timed_until(pilot, "5", goals_ready)]
        results["open tactics"] = [await timed_until(pilot, "6", tactics_ready)]
        await timed_until(pilot, "5", goals_ready)
        results["goals move"] = [await timed_key(pilot, key) for key in ("j", "k") * (keys // 2)]
        await timed_key(pilot, "j")
        results["goal status"] = [await timed_key(pilot, "s") for _ in range(keys)]
        results["goal order"] = [await timed_key(pilot, "o") for _ in range(keys // 4)]
        await timed_until(pilot, "6", tactics_ready)
        screen = app.screen
        assert isinstance(screen, TacticsScreen)
        assert len(screen.table.rows) == goals + tactics
        for _ in range(400):  # into the middle of the list
            await timed_key(pilot, "j")
        results["tactics move"] = [await timed_key(pilot, key) for key in ("j", "k") * (keys // 2)]
        results["tactic status"] = [await timed_key(pilot, "s") for _ in range(keys)]

        close = []
        for _ in range(keys // 2):
            await timed_key(pilot, "a")
            assert isinstance(app.screen, FormDialog), "a did not open the tactic form"
            close.append(await timed_until(pilot, "escape", lambda a: isinstance(a.screen, TacticsScreen)))
        results["form close"] = close
        add = []
        for n in range(keys // 2):
            await timed_key(pilot, "a")
            assert isinstance(app.screen, FormDialog), "a did not open the tactic form"
            await typed(pilot, f"t{n}")
            add.append(await timed_until(pilot, "enter", lambda a, n=n: len(a.workbook.tactics) == tactics + n + 1
                                         and isinstance(a.screen, TacticsScreen)))
        assert len(app.workbook.tactics) == tactics + keys // 2, "the adds did not land"
        results["tactic add"] = add
        delete = []
        for _ in range(keys // 2):
            while screen.current_tactic() is None:  # a goal's heading: on to its first tactic
                await timed_key(pilot, "j")
            delete.append(await timed_key(pilot, "d"))
        assert len(app.workbook.tactics) == tactics, "the deletes did not land"
        results["tactic delete"] = delete

        move = []
        for _ in range(keys // 4):
            await timed_key(pilot, "j")
            while screen.current_tactic() is None:  # m moves a tactic, not a goal's heading
                await timed_key(pilot, "j")
            tactic, goal = screen.current_tactic(), screen.current_tactic().goal
            await timed_key(pilot, "m")
            assert isinstance(app.screen, PickerDialog), "m did not open the goal picker"
            await timed_key(pilot, "j")
            move.append(await timed_until(pilot, "enter", lambda a: isinstance(a.screen, TacticsScreen)))
            assert tactic.goal != goal and screen.current_tactic() is tactic, "the move did not land"
        results["tactic move"] = move
    return results


def report(ours: dict[str, list[float]], bare: dict[str, list[float]]) -> int:
    verdicts = Report("goals, tactics")
    for name, times in ours.items():
        (verdicts.opened if name.startswith("open") else verdicts.key)(name, times, bare[name])
    return verdicts.finish()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goals", type=int, default=2_000)
    parser.add_argument("--tactics", type=int, default=10_000)
    parser.add_argument("--keys", type=int, default=40, help="samples per kind of key")
    parser.add_argument("--profile", action="store_true", help="profile the Stratbook run")
    args = parser.parse_args()
    workbook = make_plan(args.goals, args.tactics)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.toml"
        save(workbook, path)
        print(f"Goals and tactics: {args.goals:,} goals, {args.tactics:,} tactics, "
              f"{path.stat().st_size / 1024:,.0f} KB, terminal {SIZE[0]}x{SIZE[1]}")
        bare = asyncio.run(bare_run(make_plan(args.goals, args.tactics), args.keys))
        if args.profile:
            profiler = cProfile.Profile()
            ours = profiler.runcall(asyncio.run, stratbook_run(path, args.keys, args.goals, args.tactics))
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        else:
            ours = asyncio.run(stratbook_run(path, args.keys, args.goals, args.tactics))
    return report(ours, bare)


if __name__ == "__main__":
    sys.exit(main())
