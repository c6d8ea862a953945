"""What the benchmarks share: timing (median of N, never best of N), verdicts against targets,
and the summary that `python3 dev.py bench` prints at the end.

A ratio against a baseline is judged round by round: in each round ours and the baseline run in
turn, and the verdict is the median of the rounds' ratios (`Report.paired`). A busy spell on a
shared machine then slows both sides of a round alike. Measured as all of ours, then all of the
baseline, a spell that fell on one side's runs moved the ratio: whole `dev.py bench` runs missed
one to three ratio targets (load 1.81x against 1.5) that the same benchmark met alone (1.13x).

Each benchmark judges what it measured with a `Report` and exits with `report.finish()`:
1 when a target is missed. `finish` prints the benchmark's rows and, when `dev.py bench` runs
it, also appends them to the file named by `STRATBOOK_BENCH_RESULTS` (one JSON object a line),
from which `dev.py` prints one table of every benchmark.

The targets, from the issues:
- start-up at most 1.5x a bare Textual app; memory at most 1.5x (see bench_startup.py);
- load at most 1.5x tomli, save at most 2x tomli_w; `fmt` at most 1.6x bare tomli + tomli_w;
- a section opens in at most 1 s; every key 30 ms or less, median, each key by itself.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

TARGET_OPEN = 1.0
TARGET_KEY = 0.030
RESULTS_ENV = "STRATBOOK_BENCH_RESULTS"
GIVE_UP = 60.0
"""Seconds after which a timed key that has not done its work fails, rather than hang."""


def compile_package() -> None:
    """Write the package's bytecode, as pip does when it installs the wheel. The warm-up run of a
    command is meant to, but not where PYTHONDONTWRITEBYTECODE is set (some sandboxes set it):
    then every timed process would compile Stratbook's source again, while the bare baselines
    read their libraries' compiled bytecode."""
    import compileall
    from pathlib import Path

    compileall.compile_dir(Path(__file__).resolve().parents[2] / "tui", quiet=1)


def median_of(repeat: int, action: Callable[[], object]) -> float:
    """The median wall time of `repeat` runs of `action`."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def taking_turns(repeat: int, *actions: Callable[[], object]) -> list[list[float]]:
    """Each action's wall times over `repeat` rounds, the actions taking turns within a round (the
    in-process form of `alternating`). One warm-up round first."""
    for action in actions:
        action()
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeat):
        for index, action in enumerate(actions):
            start = time.perf_counter()
            action()
            times[index].append(time.perf_counter() - start)
    return times


def process_seconds(argv: Sequence[str], **options) -> float:
    """Wall time of one run of a process to its end (its output thrown away); it must succeed
    with exit status 0 or 1 (`fmt --check` and `diff` say 1 for 'changed')."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **options)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(map(str, argv))} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return seconds


def alternating(runs: int, *commands: Sequence[str]) -> list[list[float]]:
    """Each command's times over `runs` rounds, the commands taking turns within a round, so
    that a busy spell on a shared machine falls on all of them alike. One warm-up round first."""
    for command in commands:
        process_seconds(command)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for index, command in enumerate(commands):
            times[index].append(process_seconds(command))
    return times


REFERENCE_ROUNDS = 5


def host_reference() -> float:
    """Seconds, median of 5, that this machine takes for the same pure-Python work every run (no
    Stratbook in it: arithmetic, a dict, strings, objects): what tells a slower machine from
    slower code. The targets are absolute (30 ms a key), and the shared machines here have been
    seen 1.8x slower in one afternoon than in the morning, on the same code."""

    class Item:
        __slots__ = ("key", "text")

        def __init__(self, key: int, text: str) -> None:
            self.key, self.text = key, text

    def work() -> int:
        total = 0
        index: dict[int, Item] = {}
        for number in range(200_000):
            item = Item(number, f"item {number}")
            index[number % 5_000] = item
            total += len(item.text.upper()) + number * number % 7
        return total + len(index)

    return median_of(REFERENCE_ROUNDS, work)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


@dataclass(slots=True)
class Verdict:
    bench: str
    name: str
    ours: str
    baseline: str
    measure: str
    """What is judged: a ratio (`1.32x`) or a time (`12.0 ms`)."""
    target: str
    passed: bool


@dataclass
class Report:
    """The verdicts of one benchmark."""

    bench: str
    verdicts: list[Verdict] = field(default_factory=list)

    def add(self, name: str, ours: str, baseline: str, measure: str, target: str, passed: bool) -> bool:
        self.verdicts.append(Verdict(self.bench, name, ours, baseline, measure, target, passed))
        return passed

    def paired(self, name: str, ours: Sequence[float], baseline: Sequence[float], target: float,
               unit: Callable[[float], str] = ms) -> bool:
        """Rounds of ours and the baseline, measured in turn (`taking_turns`, `alternating`): judged
        by the median of each round's ratio; the medians of each side are shown."""
        ratio = statistics.median(o / b for o, b in zip(ours, baseline, strict=True))
        return self.add(name, unit(statistics.median(ours)), unit(statistics.median(baseline)), f"{ratio:.2f}x",
                        f"<= {target:.2f}x", ratio <= target)

    def time(self, name: str, times: Sequence[float], target: float, baseline: Sequence[float] = ()) -> bool:
        """Times of one kind (one key, pressed N times), judged by their median; the worst is shown."""
        median, worst = statistics.median(times), max(times)
        ours = f"{ms(median)} (worst {ms(worst)}, n={len(times)})" if len(times) > 1 else ms(median)
        base = ms(statistics.median(baseline)) if baseline else "-"
        return self.add(name, ours, base, ms(median), f"<= {ms(target)}", median <= target)

    def opened(self, name: str, seconds: Sequence[float], baseline: Sequence[float] = ()) -> bool:
        return self.time(name, seconds, TARGET_OPEN, baseline)

    def key(self, name: str, times: Sequence[float], baseline: Sequence[float] = ()) -> bool:
        return self.time(name, times, TARGET_KEY, baseline)

    @property
    def passed(self) -> bool:
        return all(v.passed for v in self.verdicts)

    def finish(self) -> int:
        """Print the verdicts, hand them to `dev.py bench`, and give the exit status."""
        print_table(self.verdicts)
        results = os.environ.get(RESULTS_ENV)
        if results:
            with open(results, "a", encoding="utf-8") as out:
                for verdict in self.verdicts:
                    out.write(json.dumps(asdict(verdict)) + "\n")
        return 0 if self.passed else 1


def print_table(verdicts: Sequence[Verdict]) -> None:
    head = ("benchmark", "measured", "ours", "baseline", "judged", "target", "")
    rows = [(v.bench, v.name, v.ours, v.baseline, v.measure, v.target, "ok" if v.passed else "MISSED")
            for v in verdicts]
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    missed = sum(1 for v in verdicts if not v.passed)
    print(f"{len(verdicts)} measured, {missed} missed" if missed else f"{len(verdicts)} measured, all met")


def read_results(path: str) -> list[Verdict]:
    with open(path, encoding="utf-8") as lines:
        return [Verdict(**json.loads(line)) for line in lines if line.strip()]


# -- timing keys in an app run by Pilot --------------------------------------------------------
# Pilot's own `press` waits for the CPU to idle in 20 ms steps: keys are sent to the driver
# directly and timed until every message they caused is handled and the screen is drawn.

async def settle(pilot) -> None:
    """Until every message caused so far is handled and the screen has drawn what changed.

    Every message queue of the app and the screen's widgets is empty twice in a row; then the
    screen lays out and draws what is due (what its update timer would do), and again until
    drawing causes nothing more. Pilot's own `_wait_for_screen` posts a callback to every widget
    and waits for them all, three rounds here: on a screen of 25 to 55 widgets that took 3 to 7 ms
    of processor time a key, work no user ever waits for."""
    import asyncio

    app = pilot.app
    for _ in range(10):
        await _quiet(app)
        started = time.perf_counter()
        while app._batch_count and time.perf_counter() - started < GIVE_UP:
            # Textual holds drawing back for 50 ms after a section (mode) switch: the user waits
            # for it too, and nothing is drawn until it ends.
            await asyncio.sleep(0.001)
            await _quiet(app)
        screen = app.screen
        if not (screen._layout_required or screen._scroll_required or screen._repaint_required
                or screen._dirty_widgets or screen._callbacks or screen._recompose_required):
            return
        screen._on_timer_update()
    raise RuntimeError("the screen kept asking to be drawn again")


async def _quiet(app) -> None:
    """Until every queue of the app and the current screen's widgets is empty twice in a row."""
    import asyncio

    quiet = 0
    while quiet < 2:
        await asyncio.sleep(0)
        nodes = [app, *app.screen.walk_children(with_self=True)]
        quiet = quiet + 1 if all(node._message_queue.empty() and not node._next_callbacks for node in nodes) else 0


def _send(pilot, key: str, character: str | None) -> None:
    from textual import events

    event = events.Key(key, character)
    event.set_sender(pilot.app)
    pilot.app._driver.send_message(event)


async def timed_key(pilot, key: str, character: str | None = None) -> float:
    """Seconds from the key to the screen updated."""
    start = time.perf_counter()
    _send(pilot, key, character if character is not None else (key if len(key) == 1 else None))
    await settle(pilot)
    return time.perf_counter() - start


async def timed_until(pilot, key: str, done: Callable[[object], bool], character: str | None = None) -> float:
    """A key whose work ends later (a dialog closes, a section opens): timed until `done(app)`
    holds and the screen is drawn."""
    import asyncio

    start = time.perf_counter()
    _send(pilot, key, character if character is not None else (key if len(key) == 1 else None))
    while not done(pilot.app):
        await asyncio.sleep(0)
        if time.perf_counter() - start > GIVE_UP:
            raise TimeoutError(f"{key}: not done after {GIVE_UP} s")
    await settle(pilot)
    return time.perf_counter() - start


async def typed(pilot, text: str) -> list[float]:
    """Each character typed, timed."""
    return [await timed_key(pilot, "space" if character == " " else character, character) for character in text]


def like_run_app(app) -> None:
    """What `run_app` does to the app before running it, as a user's session has it: the loaded
    workbook frozen out of the garbage collector's full passes, and each section once made."""
    import gc

    gc.freeze()
    app.freezes_long_lived = True
