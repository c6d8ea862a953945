"""Benchmark of the PESTLE section at 10,000 items, against a bare OptionList in the same run.

Run on purpose (it is not part of the test suite):

    .venv/bin/python tests/bench/bench_pestle.py [--items N] [--presses N]

Both apps run headless at 80x24, with every frame also turned into terminal output
(as a real terminal would need). Key-to-screen time is from sending a key event to
the last frame it caused (the app is then quiet for 50 ms).

- open: from pressing 4 (the PESTLE section, first time) to its first full frame;
  the baseline is a bare app switching to a screen with one OptionList of as many
  rows, each a Content of a few styled parts (built when the screen is made).
- keys: each key pressed N times over items in the middle of the list. The baseline keys,
  in the bare app: down moves the cursor, space replaces a row's prompt, n shows a
  notification, m opens a dialog of four fields. Each of our keys is compared with the
  baseline key that does the same kind of work (see REFERENCE).

Targets at 10,000 items: open at most 1 s, median key-to-screen at most 30 ms for each key
(judged key by key). The exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the checkout importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import os  # noqa: E402

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")  # as every benchmark: the work a key does, not a scroll played out

from textual import events  # noqa: E402
from textual.app import App  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.content import Content  # noqa: E402
from textual.containers import Vertical  # noqa: E402
from textual.screen import ModalScreen, Screen  # noqa: E402
from textual.widgets import Footer, Input, Label, OptionList  # noqa: E402
from textual.widgets.option_list import Option  # noqa: E402

from tests.bench.bench_store import _sentence, make_workbook  # noqa: E402
from tests.bench.common import Report, like_run_app  # noqa: E402
from tui.app import open_workbook  # noqa: E402
from tui.model.edits import SetFields  # noqa: E402
from tui.model.links import links_to  # noqa: E402
from tui.model.workbook import EFFECTS, PESTLE_FACTORS, QUADRANT_PREFIX, PestleItem, SwotItem, Workbook  # noqa: E402
from tui.store import load, save  # noqa: E402

SIZE = (80, 24)
QUIET = 0.05


def pestle_workbook(items: int, seed: int = 1) -> Workbook:
    """A workbook of about 2,000 other items and `items` PESTLE items, a tenth of them in the SWOT."""
    rng = random.Random(seed)
    workbook = make_workbook(2_000, seed)
    for factor in workbook.pestle.factors.values():
        factor.items.clear()
    for quadrant in ("opportunities", "threats"):
        for swot_item in workbook.swot.quadrant(quadrant):
            swot_item.source = None
    taken = workbook.ids()
    for number in range(items):
        factor = workbook.pestle.factors[PESTLE_FACTORS[number * len(PESTLE_FACTORS) // items]]
        item = PestleItem(f"pes-b{number:06d}", _sentence(rng, 30, 120), rng.random() < 0.5, rng.randint(1, 5),
                          rng.randint(1, 5), rng.choice(EFFECTS))
        factor.items.append(item)
        if item.effect != "neutral" and rng.random() < 0.1:
            quadrant = "opportunities" if item.effect == "opportunity" else "threats"
            swot_id = f"{QUADRANT_PREFIX[quadrant]}-b{number:06d}"
            workbook.swot.quadrant(quadrant).append(SwotItem(swot_id, item.text, item.impact, source=item.id))
    assert not taken & {item.id for factor in workbook.pestle.factors.values() for item in factor.items}
    return workbook


# -- timing frames ----------------------------------------------------------------------------


def instrument(app: App) -> list[float]:
    """Record the time of every frame, and make each frame's terminal output as a real driver would."""
    frames: list[float] = []
    display = app._display

    def timed(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            if hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)
            frames.append(time.perf_counter())

    app._display = timed  # type: ignore[method-assign]
    return frames


KEY_CHARACTERS = {"space": " ", "plus": "+", "minus": "-", "greater_than_sign": ">", "less_than_sign": "<"}


async def key_to_screen(app: App, frames: list[float], key: str) -> float:
    """Seconds from sending `key` to the last frame it caused."""
    await settle(frames)
    frames.clear()
    character = KEY_CHARACTERS.get(key, key if len(key) == 1 else None)
    event = events.Key(key, character)
    event.set_sender(app)
    began = time.perf_counter()
    app._driver.send_message(event)  # type: ignore[union-attr]
    while True:
        await asyncio.sleep(0.002)
        now = time.perf_counter()
        if frames and now - frames[-1] > QUIET:
            return frames[-1] - began
        if now - began > 3:
            raise RuntimeError(f"no frame after {key!r}")


async def settle(frames: list[float]) -> None:
    """Wait until no frame has come for a while (toasts, timers)."""
    while True:
        count = len(frames)
        await asyncio.sleep(QUIET)
        if len(frames) == count:
            return


# -- the baseline: a bare OptionList -------------------------------------------------------------


def baseline_prompt(number: int, checked: bool) -> Content:
    return Content.assemble(("[x]" if checked else "[ ]", "green"), " ", ("\u25cf\u25cf\u25cf\u25cb\u25cb", "cyan"),
                            " ", ("\u25b2 threat ", "red"), " ", f"item {number} of the bare list with some text")


class BareList(OptionList):
    BINDINGS = [
        Binding("space", "toggle", "Toggle"),
        Binding("n", "app.notify('Done. ctrl+z brings it back.')", "Notify"),
        Binding("m", "dialog", "Dialog"),
    ]

    def action_dialog(self) -> None:
        self.app.push_screen(BareDialog())

    def action_toggle(self) -> None:
        index = self.highlighted or 0
        self.checked[index] = not self.checked[index]
        self.replace_option_prompt_at_index(index, baseline_prompt(index, self.checked[index]))


class BareDialog(ModalScreen[None]):
    """A dialog of four labelled fields, as the item form has."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def compose(self):
        with Vertical(id="dialog"):
            for name in ("Text", "Impact", "Likelihood", "Effect"):
                yield Label(name)
                yield Input(name)


class BareScreen(Screen):
    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self):
        options = BareList(*(Option(baseline_prompt(n, False), id=f"o{n}") for n in range(self.rows)))
        options.checked = [False] * self.rows
        yield options
        yield Footer()


class BareApp(App):
    CSS = "OptionList { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }"

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def on_mount(self) -> None:
        self.install_screen(lambda: BareScreen(self.rows), "list")  # type: ignore[arg-type]

    def key_4(self) -> None:
        self.push_screen("list")


async def measure_baseline(rows: int, presses: int) -> dict[str, list[float]]:
    app = BareApp(rows)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        frames = instrument(app)
        results = {"open": [await key_to_screen(app, frames, "4")]}
        app.screen.query_one(BareList).focus()
        await key_to_screen(app, frames, "pagedown")
        for _ in range(3):
            await key_to_screen(app, frames, "pagedown")
        for key, after in (("down", None), ("space", None), ("n", None), ("m", "escape")):
            results[key] = []
            for _ in range(presses):
                results[key].append(await key_to_screen(app, frames, key))
                if after is not None:
                    await key_to_screen(app, frames, after)
    return results


# -- ours ---------------------------------------------------------------------------------------------

#: (key to time, key pressed after it untimed to undo or move on, or None)
OUR_KEYS = [
    ("down", None), ("up", None), ("pagedown", None), ("space", None),
    ("plus", "minus"), ("minus", "plus"), ("greater_than_sign", "less_than_sign"),
    ("less_than_sign", "greater_than_sign"), ("t", None), ("r", None), ("p", "down"), ("d", "ctrl+z"),
    ("ctrl+z", "ctrl+y"), ("a", "escape"), ("e", "escape"), ("v", "v"),
]


#: The baseline key each of ours compares with: a cursor move, a prompt replaced, a notification
#: (what p, d and ctrl+z show), a dialog (a and e open one; v redraws the whole body). The rest: space.
REFERENCE = {"down": "down", "up": "down", "pagedown": "down", "p": "n", "d": "n", "ctrl+z": "n",
             "a": "m", "e": "m", "v": "m"}


async def measure_ours(path: Path, presses: int) -> dict[str, list[float]]:
    app = open_workbook(path, start="vmv")  # a section with no PESTLE work, then 4
    like_run_app(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        app.screen.set_focus(None)
        frames = instrument(app)
        results = {"open": [await key_to_screen(app, frames, "4")]}
        assert app.current_mode == "pestle", app.current_mode
        screen = app.screen
        screen.checklist.highlighted = len(screen.checklist.options) // 2
        for key, after in OUR_KEYS:
            if key == "d":  # an item nothing links to: d deletes it at once (a linked one asks first,
                # and the keys timed after it went to that question; a tenth of the items are in the SWOT)
                while (target := screen._target()[1]) is None or links_to(app.workbook, [target.id]):
                    await key_to_screen(app, frames, "down")
            _, item = screen._target()
            if item is not None:  # a middle rating, so that both directions change something
                app.apply(SetFields(item.id, {"impact": 3, "likelihood": 3}))
            times = []
            for _ in range(presses):
                times.append(await key_to_screen(app, frames, key))
                if after is not None:
                    await key_to_screen(app, frames, after)
                assert app.screen is screen or after is None, f"{key} then {after} left {app.screen}"
            results[key] = times
            assert app.screen is screen, f"{key} left {app.screen}"
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--presses", type=int, default=15)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.toml"
        save(pestle_workbook(args.items), path)
        began = time.perf_counter()
        load(path)
        load_seconds = time.perf_counter() - began
        base = asyncio.run(measure_baseline(args.items, args.presses))
        ours = asyncio.run(measure_ours(path, args.presses))

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:7.1f}"

    base_open = base["open"][0]
    base_down = statistics.median(base["down"])
    base_edit = statistics.median(base["space"])
    base_notify = statistics.median(base["n"])
    base_dialog = statistics.median(base["m"])
    print(f"PESTLE at {args.items:,} items, 80x24, {args.presses} presses per key; times in ms")
    print(f"  load the file (store, not the UI): {ms(load_seconds)}")
    print(f"  open the section:  ours {ms(ours['open'][0])}   bare OptionList {ms(base_open)}   "
          f"ratio {ours['open'][0] / base_open:5.2f}x")
    print("  baseline keys (median, worst): "
          f"down (cursor) {ms(base_down)} {ms(max(base['down']))};  "
          f"space (replace a prompt) {ms(base_edit)} {ms(max(base['space']))}")
    print(f"                                 n (a notification) {ms(base_notify)} {ms(max(base['n']))};  "
          f"m (a dialog of four fields) {ms(base_dialog)} {ms(max(base['m']))}")
    print(f"  {'key':<18} {'median':>7} {'worst':>7}  ratio to the baseline key")
    report = Report("pestle")
    report.opened("open the section", ours["open"], base["open"])
    for key, _ in OUR_KEYS:  # each key judged by itself: one slow key is not hidden in a pooled median
        times = ours[key]
        reference = REFERENCE.get(key, "space")
        print(f"  {key:<18} {ms(statistics.median(times))} {ms(max(times))}  "
              f"{statistics.median(times) / statistics.median(base[reference]):5.2f}x {reference}")
        report.key(f"key {key} (bare: {reference})", times, base[reference])
    return report.finish()


if __name__ == "__main__":
    raise SystemExit(main())
