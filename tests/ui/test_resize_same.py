"""After a resize the screen shows what it shows when opened fresh at the new size.

Users work over SSH and resize their terminals. Each dialog way of test_dialogs_fit (and a section
screen with no dialog) is reached at 40x12, then the terminal made 80x24 at once, and the whole
screen compared, text and styles (`rendering`), with the same way reached fresh at 80x24; the
wizard's steps also after making it 60x20 from there (smaller again). Found this way: a list that
kept the scroll bar its narrow layout needed (its lines counted beside the bar), the wizard's texts
wrapped short of the box, a form a column narrower, the section's footer behind a dialog kept its
narrow layout, a list kept a scroll that hid its cursor, the wizard under its step menu showed its
focus mark until drawn again.

Each way is reached twice (at 40x12 and fresh at 80x24); the wizard's eleven steps share their
apps (one at each size goes through them). Every defect found showed on growing from 40x12; each
size more for every way cost about 9 s of processor time in the suite."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.ui.conftest import rendering
from tests.ui.test_dialogs_fit import SMALL, WAYS, Way, _open, _reach

LARGER = [(80, 24), (60, 20)]
"""The sizes a terminal opened at 40x12 is made, one after the other, in the wizard's steps:
straight to 80x24, then 60x20."""

GROWN = [(80, 24)]
"""The size the other ways are made from 40x12."""

SECTION = Way("section", "", "acme", "goals")
"""A section screen, no dialog open."""


def _folder(tmp_path: Path) -> Path:
    """The folder each app of a way runs in, emptied: the same for all (a dialog that shows the
    folder's path, the compare form's, shows the same text)."""
    folder = tmp_path / "w"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    return folder


def _still(app) -> tuple:
    """What the screen shows, a text field's cursor fixed on (it blinks by the clock)."""
    for field in app.screen.query("Input, TextArea"):
        field.cursor_blink = False
    return rendering(app)


def _differences(fresh: tuple, resized: tuple) -> str:
    """The lines that differ, as text, for the failure message."""
    def text(line) -> str:
        return "".join(segment.text for segment in line)

    out = [f"size {fresh[0]} / {resized[0]}"] if fresh[0] != resized[0] else []
    for y, (a, b) in enumerate(zip(fresh[2], resized[2])):
        if a != b:
            if text(a) != text(b):
                out.append(f"{y:2} fresh  : {text(a)}\n{y:2} resized: {text(b)}")
            else:
                out.append(f"{y:2} styles differ: {text(a)}")
    return "\n".join(out)


def _same_clock(monkeypatch) -> None:
    """The message log shows each message's time to the second: the apps of a way said theirs
    a second apart at times. The times shown are one (what is compared is the layout)."""
    from tui.modals import messages

    clock = SimpleNamespace(strftime=time.strftime, localtime=lambda at=None: time.gmtime(0))
    monkeypatch.setattr(messages, "time", clock)


async def _fresh(tmp_path: Path, monkeypatch, way: Way, size: tuple[int, int]) -> tuple:
    folder = _folder(tmp_path)
    app = await _open(folder, monkeypatch, way, size)
    async with app.run_test(size=size) as pilot:
        await _reach_way(app, pilot, way)
        return _still(app)


async def _reach_way(app, pilot, way: Way) -> None:
    if way.dialog:
        await _reach(app, pilot, way)
    else:
        await pilot.pause()


LEFT_OPEN: dict[str, str] = {}
"""Ways found by this test and not fixed yet, each with what differs (reported as xfail; one that
shows the same screen passes, to be taken out of here)."""

STEPS_LEFT_OPEN = {
    ("wizard-step-1", (60, 20)): "made smaller, 80x24 to 60x20, the step is scrolled to show the focused"
                                 " framework list (Dialog._on_resize); opened at 60x20 it is at its top",
}
"""As LEFT_OPEN, for the wizard's steps, by size (grown from 40x12 to 80x24 step 1 is the same)."""

STEPS = [way for way in WAYS if way.name.startswith("wizard-step-") and way.name[12:].isdigit()]
"""The wizard's steps, e then pgup to each: checked together (`test_a_resized_wizard_step_...`)."""
OTHERS = [*[way for way in WAYS if way not in STEPS], SECTION]


@pytest.mark.parametrize("way", OTHERS, ids=[way.name for way in OTHERS])
async def test_a_resized_screen_is_the_fresh_one(tmp_path: Path, monkeypatch, way: Way) -> None:
    _same_clock(monkeypatch)
    fresh = {size: await _fresh(tmp_path, monkeypatch, way, size) for size in GROWN}
    folder = _folder(tmp_path)
    app = await _open(folder, monkeypatch, way, SMALL)
    failures = []
    async with app.run_test(size=SMALL) as pilot:
        await _reach_way(app, pilot, way)
        for size in GROWN:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            resized = _still(app)
            if resized != fresh[size]:
                failures.append(f"{way.name} at {size[0]}x{size[1]}:\n{_differences(fresh[size], resized)}")
    if way.name in LEFT_OPEN and failures:
        pytest.xfail(f"{way.name}: {LEFT_OPEN[way.name]}")
    assert not failures, "\n\n".join(failures)


async def _reach_step(app, pilot, back: int) -> None:
    """The wizard opened (e, at its last step), then the step `back` steps before it jumped to."""
    await _reach(app, pilot, STEPS[0])
    if back:
        await pilot.press("ctrl+g")
        await pilot.pause()
        for _ in range(back):
            await pilot.press("up")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
    assert app.screen.index == len(STEPS) - 1 - back, "the jump reached another step"


@pytest.mark.parametrize("backs", [range(0, 4), range(4, 8), range(8, 11)], ids=["steps-11-8", "steps-7-4", "steps-3-1"])
async def test_a_resized_wizard_step_is_the_fresh_one(tmp_path: Path, monkeypatch, backs: range) -> None:
    """The wizard's steps, three apps for each part instead of three a step (each step opened is
    the way e, pgup, pgup...: one app at a size goes through them, looked at at each). The one
    resized opens each step at 40x12 (made small again, then pgup), then 80x24, then 60x20. Each
    app starts its part at the step jumped to (ctrl+g), the same way in all three: the pgups that
    reached it made each step on the way, most of the cost of the last parts."""
    _same_clock(monkeypatch)
    assert [way.keys for way in STEPS] == [("e", *["pageup"] * back) for back in range(11)]
    fresh: dict[tuple[int, tuple[int, int]], tuple] = {}
    for size in LARGER:
        app = await _open(_folder(tmp_path), monkeypatch, STEPS[backs[0]], size)
        async with app.run_test(size=size) as pilot:
            await _reach_step(app, pilot, backs[0])
            for back in backs:
                if back != backs[0]:
                    await pilot.press("pageup")
                    await pilot.pause()
                    await pilot.pause()
                fresh[back, size] = _still(app)
    failures = []
    app = await _open(_folder(tmp_path), monkeypatch, STEPS[backs[0]], SMALL)
    async with app.run_test(size=SMALL) as pilot:
        await _reach_step(app, pilot, backs[0])
        for back in backs:
            if back != backs[0]:
                await pilot.resize_terminal(*SMALL)
                await pilot.pause()
                await pilot.press("pageup")
                await pilot.pause()
                await pilot.pause()
            for size in LARGER:
                await pilot.resize_terminal(*size)
                await pilot.pause()
                resized = _still(app)
                if resized != fresh[back, size] and (STEPS[back].name, size) not in STEPS_LEFT_OPEN:
                    failures.append(f"{STEPS[back].name} at {size[0]}x{size[1]}:\n"
                                    f"{_differences(fresh[back, size], resized)}")
    assert not failures, "\n\n".join(failures)
