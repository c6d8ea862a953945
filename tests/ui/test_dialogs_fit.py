"""Every dialog usable from 60x20 (and 80x24), whatever text it holds: its title, every button's
whole label and the line that says which key cancels stay inside the dialog and the screen,
however long or hostile the text inside (a 300-character goal title, a delete that lists many
links, markup-like brackets, control characters). The text may wrap, scroll or be cut; the
choices may not.

And what a dialog cannot show at once is still there for the keyboard: each part that scrolls
can be scrolled to its end with keys, its scroll bar runs only beside what scrolls (never beside
the title, buttons or keys line pinned at the top and bottom), a text the dialog shows is not cut
short without a way to read the rest, and a dialog whose text is cut says there is more.

Each dialog is reached as a user reaches it, with keys, on the Acme sample or on a workbook of
long hostile text, once for its three sizes: opened at the smallest (40x12, the hardest), then
the terminal made larger, as a user over SSH resizes it (a dialog that fits when opened at a size
but not once resized into it is a defect too). Before each resize the dialog is put back as it
stood before its keys were probed, and is shown to be (the same screen, styles and all); where it
cannot be, it is reached afresh at the sizes left. Reaching each of the 58 ways three times cost
a third of the file's processor time (serially, 175 tests in 47-51 s, now 58 in 38-39 s). A last
test checks that every kind of dialog of the app is among them."""

from __future__ import annotations

import functools
import importlib
import inspect
import io
import pkgutil
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.console import Console
from textual.geometry import Region
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Button, Label, Static, TextArea

from tests.conftest import SAMPLES
from tests.ui.conftest import HOSTILE, ONE_OF_EVERYTHING, hostile_workbook
from tests.ui.every_key import fix_today
from tests.ui.test_focus_visible import plain_lines
from tui.app import open_workbook
from tui.modals.dialog import BOX, FOOT, TITLE, Dialog
from tui.modals.wizard import GoalWizard

LONG = (" ".join(HOSTILE) + " ") * 6
LONG = LONG[:300]
"""A 300-character text of markup-like brackets and control characters."""

SIZES = [(60, 20), (80, 24), (40, 12)]
SMALL = (40, 12)


def _acme(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "acme-robotics.toml", tmp_path / "acme.toml"))


def _long_workbook():
    """The hostile workbook, its first items of each kind renamed to LONG: the first goal (which
    risks, Ansoff options and tactics link to), value, strength, PESTLE item, risk, tactic; and
    every Ansoff option."""
    workbook = hostile_workbook()
    workbook.meta.title = LONG
    workbook.goals[0].title = LONG
    workbook.goals[0].owner = LONG
    workbook.vmv.values[0].name = LONG
    workbook.swot.strengths[0].text = LONG
    workbook.strategies[0].text = LONG
    next(iter(workbook.pestle.factors.values())).items[0].text = LONG
    workbook.risks[0].text = LONG
    workbook.tactics[0].text = LONG
    next(iter(workbook.forces.forces.values())).items[0].text = LONG
    for option in workbook.ansoff:  # each links the first goal: its delete lists them
        option.text = LONG
    return workbook


@functools.cache
def _long_text() -> bytes:
    """The long workbook as saved: made once a process (it was 40 ms of each of 150 tests)."""
    import tempfile

    from tui.store import save

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.toml"
        save(_long_workbook(), path)
        return path.read_bytes()


def _long(tmp_path: Path) -> Path:
    path = tmp_path / "long.toml"
    path.write_bytes(_long_text())
    return path


def _long_recovered(tmp_path: Path) -> Path:
    """The Acme sample with unsaved work of long hostile text waiting to be recovered."""
    from tui.store import load, recovery

    path = _acme(tmp_path)
    workbook = load(path).workbook
    workbook.vmv.mission = LONG
    workbook.goals[0].title = LONG
    recovery.write_recovery(workbook, path)
    return path


def _conflicts(tmp_path: Path) -> Path:
    """One of everything, with a merge conflict left to resolve; the goal in conflict titled LONG."""
    path = tmp_path / "one.toml"
    path.write_text(ONE_OF_EVERYTHING.replace('"One objective"', repr(LONG).replace("'", '"')), encoding="utf-8")
    return path


WORKBOOKS = {"acme": _acme, "long": _long, "recovered": _long_recovered, "conflicts": _conflicts}


@dataclass(frozen=True)
class Way:
    """How a user opens a dialog: a workbook, the section it starts in, then keys."""

    name: str
    dialog: str
    """The class of the dialog the keys open."""
    workbook: str
    start: str
    keys: tuple[str, ...] = ()


WAYS = [
    # confirmations
    Way("quit-unsaved", "ConfirmDialog", "long", "vmv", ("a", "x", "enter", "ctrl+q")),
    Way("quit-typing", "ConfirmDialog", "long", "goals", ("a", "enter", "x", "ctrl+q")),
    Way("delete-goal", "ConfirmDialog", "long", "goals", ("d",)),
    Way("delete-goal-acme", "ConfirmDialog", "acme", "goals", ("d",)),
    Way("delete-strength", "ConfirmDialog", "long", "swot", ("d",)),
    Way("delete-value", "ConfirmDialog", "long", "vmv", ("d",)),
    Way("move-swot-item", "ConfirmDialog", "long", "swot", ("asterisk", "m")),
    Way("move-pestle-item", "ConfirmDialog", "long", "pestle", ("down", "m")),
    Way("move-ansoff-option", "ConfirmDialog", "long", "forces", ("x", "m")),
    Way("recovered", "ConfirmDialog", "recovered", "vmv"),
    Way("wizard-throw-away", "ConfirmDialog", "long", "goals", ("a", "enter", "x", "escape")),
    # forms
    Way("details", "FormDialog", "long", "overview", ("enter",)),
    Way("edit-value", "FormDialog", "long", "vmv", ("e",)),
    Way("edit-strength", "FormDialog", "long", "swot", ("e",)),
    Way("edit-pestle-item", "FormDialog", "long", "pestle", ("e",)),
    Way("pestle-filter", "FormDialog", "long", "pestle", ("slash",)),
    Way("close-goal", "FormDialog", "long", "goals", ("enter", "x")),
    Way("goal-filter", "FormDialog", "long", "goals", ("slash",)),
    Way("new-tactic", "FormDialog", "long", "goals", ("t",)),
    Way("check-in", "CheckinForm", "long", "goals", ("u",)),
    Way("check-in-acme", "CheckinForm", "acme", "goals", ("u",)),
    Way("edit-tactic", "FormDialog", "long", "tactics", ("down", "e")),
    Way("tactic-filter", "FormDialog", "long", "tactics", ("slash",)),
    Way("edit-risk", "FormDialog", "long", "risks", ("e",)),
    Way("new-risk", "FormDialog", "acme", "risks", ("a",)),
    Way("edit-force-item", "FormDialog", "long", "forces", ("e",)),
    Way("rate-force", "FormDialog", "long", "forces", ("r",)),
    Way("force-notes", "FormDialog", "long", "forces", ("n",)),
    Way("edit-ansoff-option", "FormDialog", "long", "forces", ("x", "e")),
    Way("compare-path", "FormDialog", "acme", "overview", ("c",)),
    # pickers and lists
    Way("goal-serves", "PickerDialog", "long", "goals", ("p",)),
    Way("goal-perspective", "PickerDialog", "long", "goals", ("c",)),
    Way("risk-links", "PickerDialog", "long", "risks", ("l",)),
    Way("move-tactic", "PickerDialog", "long", "tactics", ("down", "m")),
    Way("ansoff-links", "PickerDialog", "long", "forces", ("x", "L")),
    Way("tows-strategy", "StrategyDialog", "long", "swot", ("t", "e")),
    Way("pestle-prompts", "PromptPicker", "long", "pestle", ("a",)),
    Way("reading", "ReadingScreen", "long", "overview", ("v",)),
    Way("warnings", "ChoiceList", "long", "overview", ("w",)),
    Way("merge-conflicts", "CompareScreen", "conflicts", "overview", ("enter",)),  # the cursor starts on it
    Way("differences", "DifferencesScreen", "recovered", "vmv", ("c",)),
    Way("help", "HelpScreen", "long", "goals", ("question_mark",)),
    Way("search", "SearchDialog", "long", "goals", ("ctrl+f",)),
    Way("messages", "MessageLogScreen", "long", "goals", ("ctrl+z", "f4")),  # one message at least
    Way("messages-over-a-form", "MessageLogScreen", "long", "goals", ("u", "ctrl+z", "f4")),
    # the goal wizard: every step of a goal with long text (e opens it at the review), its step menu
    *[Way(f"wizard-step-{11 - back}", "GoalWizard", "long", "goals", ("e", *["pageup"] * back)) for back in range(11)],
    Way("wizard-step-menu", "StepMenu", "long", "goals", ("e", "ctrl+g")),
    Way("wizard-framework-change", "ConfirmDialog", "long", "goals", ("e", "ctrl+g", "home", "enter", "down", "pagedown")),
]
"""One way to each kind of dialog at least, with long text where it shows user text."""


def _dialog_parts(dialog: Dialog) -> tuple[Region, str, str | None, list[str]]:
    """The dialog's box (its outermost container), its title, its cancel hint ("esc: cancel",
    None for a question that must be answered) and its buttons' labels."""
    box = dialog.children[0]
    texts = [w for w in box.query("Static, Label") if isinstance(w, (Static, Label)) and w.id]
    title_widget = next(w for w in texts if w.id.endswith(("-title", "-head")))
    title = str(title_widget.render()).strip()
    keys = [str(w.render()) for w in texts if w.id.endswith(("-keys", "-footer"))]
    hint = None
    for line in keys:
        found = re.search(r"esc:? +\w+", line)
        if found:
            hint = found.group(0)
    labels = [str(b.label).strip().lstrip(">").strip() for b in box.query(Button)]
    return box.region, title, hint, labels


def _seen(lines: list[str], region: Region) -> list[str]:
    """The lines of the screen inside `region` (cut to the screen)."""
    screen = Region(0, 0, len(lines[0]) if lines else 0, len(lines))
    visible = region.intersection(screen)
    return [line[visible.x:visible.right] for line in lines[visible.y:visible.bottom]]


def _words(text: str) -> str:
    return " ".join(text.split())


def _problems(app) -> list[str]:
    dialog = app.screen
    lines = plain_lines(app)
    region, title, hint, labels = _dialog_parts(dialog)
    seen = _seen(lines, region)
    flowing = _words(" ".join(line.strip(" │╭╮╰╯─") for line in seen))
    problems = []
    start = _words(title)[:20]
    if start not in flowing:
        problems.append(f"the title {start!r} is not in view")
    if hint is None and not getattr(dialog, "must_answer", False):
        problems.append("no line says which key cancels")
    elif hint is not None and _words(hint) not in flowing:
        problems.append(f"the hint {hint!r} is not in view")
    for label in labels:
        if not any(label in line for line in seen):
            problems.append(f"the button {label!r} is not shown whole")
    problems += _cut_at_the_side(dialog)
    return problems


def _cut_at_the_side(dialog: Dialog) -> list[str]:
    """Texts wider than the room the dialog gives them: their end is cut off at its right edge
    without a sign (a check-in's title ran 105 columns in a box of 76). A text may wrap, scroll
    or end in an ellipsis; it may not run out of its box."""
    box = dialog.children[0]
    room = box.content_region
    return [f"{type(w).__name__} #{w.id or '?'} is {w.region.width} wide in {room.width}: "
            f"{_words(str(w.render()))[:40]!r} runs out of the box"
            for w in box.query("Static, Label") if w.display and w.region.width and w.region.right > room.right]


async def _open(tmp_path: Path, monkeypatch, way: Way, size: tuple[int, int]):
    fix_today(monkeypatch)
    monkeypatch.chdir(tmp_path)
    app = open_workbook(WORKBOOKS[way.workbook](tmp_path), start=way.start)
    return app


async def _reach(app, pilot, way: Way) -> None:
    await pilot.pause()
    for key in way.keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.pause()
    assert isinstance(app.screen, Dialog), f"{way.name}: {way.keys} opened no dialog ({app.screen!r})"
    assert type(app.screen).__name__ == way.dialog, f"{way.name}: {type(app.screen).__name__} opened"


PRESSES = 200
"""At most this many presses of one key at one stop of the focus (a help list of 180 lines at
40x12 moves a line a press)."""


def _scrollers(dialog) -> list[Widget]:
    """The parts of the dialog that scroll up and down and hold more than they show."""
    return [w for w in dialog.query("*") if w.display and w.region.height and w.is_scrollable
            and w.allow_vertical_scroll and w.max_scroll_y > 0]


def _cut_texts(dialog) -> list[str]:
    """Texts (Static, Label) drawn shorter than they are, other than inside a part that scrolls."""
    cut = []
    for w in dialog.query("*"):
        if type(w) not in (Static, Label) or not w.display or not w.content_region.width:
            continue
        size = w.content_region.size
        if w.get_content_height(size, size, size.width) > size.height:
            cut.append(f"#{w.id}: {size.height} of {w.get_content_height(size, size, size.width)} lines")
    return cut


def _scroll_keys(way: Way) -> tuple[str, ...]:
    # The wizard's pgdn goes to the next step: within a step the arrows and end move, ctrl+pgdn scrolls.
    return ("end", "ctrl+pagedown", "down") if way.dialog == "GoalWizard" else ("end", "pagedown", "ctrl+pagedown")


async def _press_until_still(pilot, key: str, scrollers: dict[int, Widget], ends: set[int]) -> None:
    """Press `key` until nothing has scrolled for a screenful of presses (a list's cursor crosses
    what is in view before the list scrolls), noting each scroller that reached its end."""
    still = 0
    for _ in range(PRESSES):
        before = {number: w.scroll_y for number, w in scrollers.items()}
        await pilot.press(key)
        await pilot.pause()
        for w in _scrollers(pilot.app.screen):
            scrollers.setdefault(id(w), w)
        for number, w in scrollers.items():
            if w.is_attached and w.scroll_y >= w.max_scroll_y:
                ends.add(number)
        if len(ends) == len(scrollers):
            return  # every part that scrolls has been to its end: nothing left to find with this key
        moved = any(w.scroll_y != before.get(number) for number, w in scrollers.items())
        still = 0 if moved else still + 1
        if still > max((w.region.height for w in scrollers.values()), default=0) + 1:
            return


LEFT_OPEN: dict[str, list[str]] = {}
"""Ways not yet fixed (found by this test), each with what is wrong: none now. The wizard's body
(the text after a step's last field, the review's last lines at 40x12) was out of reach of its
keys until ctrl+pgdn scrolled it."""


def _cut_problems(app) -> list[str]:
    """What is wrong with a dialog's cut text as it stands: text cut outside any part that
    scrolls, a scroll bar beside a pinned part, text cut and nothing saying there is more."""
    dialog = app.screen
    screen_text = "\n".join(plain_lines(app))
    problems = [f"cut, not scrolled: {text}" for text in _cut_texts(dialog)]
    box = dialog.query(f".{BOX}")
    pinned = [w.region for w in box.first().query(f".{TITLE}, .{FOOT}")] if box else []
    for scroller in _scrollers(dialog):
        if not scroller.show_vertical_scrollbar:
            continue
        bar = scroller.vertical_scrollbar.region
        for region in pinned:
            if bar.y < region.bottom and region.y < bar.bottom:
                problems.append(f"the scroll bar of #{scroller.id} runs beside a pinned part at {region}")
    cut = [w for w in _scrollers(dialog) if w.has_class(BOX) or w.has_class("dialog-body")]
    if cut and "more" not in screen_text:
        problems.append("the text is cut and nothing says there is more")
    return problems


async def _unreached(app, pilot, way: Way) -> list[str]:
    """What the keyboard cannot reach of a dialog's cut text: the scroll keys are pressed at each
    stop of the focus, from where the dialog stands (they move the focus, scroll, move cursors)."""
    dialog = app.screen
    scrollers = {id(w): w for w in _scrollers(dialog)}
    ends = {number for number, w in scrollers.items() if w.scroll_y >= w.max_scroll_y}
    for _ in range(len(dialog.focus_chain) + 1):
        for w in _scrollers(app.screen):
            scrollers.setdefault(id(w), w)
        # At each stop of the focus, the keys are pressed while some part has not been to its end
        # (pressing them at every stop, 9 stops of a risk form, took 10 s of a test for nothing).
        for key in _scroll_keys(way):
            if len(ends) < len(scrollers):
                await _press_until_still(pilot, key, scrollers, ends)
        if app.screen is not dialog:
            break
        await pilot.press("tab")
        await pilot.pause()
    return [f"#{w.id} ({type(w).__name__}) stops at {w.scroll_y} of {w.max_scroll_y}"
            for number, w in scrollers.items() if number not in ends]


def _name(way: Way, size: tuple[int, int]) -> str:
    return f"{way.name}-{size[0]}x{size[1]}"


CURSORS = ("highlighted", "selection", "index")
"""What a key moves inside a list or a text field (OptionList, SelectionList, ListView; Input,
TextArea): its cursor, put back with the focus and the scrolls."""


def _again(dialog, widget: Widget) -> Widget | None:
    """`widget`, or the one of its id in `dialog` that took its place (the wizard makes a step's
    fields anew each time it shows the step)."""
    if widget.is_attached:
        return widget
    found = dialog.query(f"#{widget.id}") if widget.id else []
    return found.first() if found else None


def _named(widget: Widget | None) -> tuple[str, str | None] | None:
    return None if widget is None else (type(widget).__name__, widget.id)


@dataclass
class _Look:
    """A dialog as it stands at one size before a key is pressed in it: what the screen shows,
    styles and all (a list's cursor, a field's selection, the focus mark), the widget that has the
    focus, the wizard's step, and where each list's or field's cursor is and each part that
    scrolls is scrolled to."""

    screen: str
    focused: Widget | None
    step: int | None
    cursors: list[tuple[Widget, str, object]]
    brackets: list[tuple[Widget, object]]
    scrolled: list[tuple[Widget, float, float]]

    @staticmethod
    def _screen(app) -> str:
        width, height = app.size
        console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                          color_system="truecolor", record=True, legacy_windows=False)
        console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
        return console.export_text(styles=True)

    @classmethod
    def of(cls, app) -> _Look:
        dialog = app.screen
        widgets = list(dialog.query("*"))
        cursors = [(w, name, getattr(w, name)) for w in widgets for name in CURSORS
                   if isinstance(getattr(type(w), name, None), Reactive)]
        brackets = [(w, w._matching_bracket_location) for w in widgets if isinstance(w, TextArea)]
        scrolled = [(w, w.scroll_x, w.scroll_y) for w in widgets if w.is_scrollable]
        step = dialog.index if isinstance(dialog, GoalWizard) else None
        return cls(cls._screen(app), dialog.focused, step, cursors, brackets, scrolled)

    async def restore(self, app, pilot) -> bool:
        """The dialog put back as it was seen, with the keys a user would press (pgup back to the
        wizard's step the probe's tab left) and then its focus, cursors and scrolls (the size is
        the caller's); and whether the screen is the same again, styles and all, the same widget
        in focus. It is not when a probe changed what none of these puts back (a choice)."""
        dialog = app.screen
        if self.step is not None:
            for _ in range(dialog.index - self.step):
                await pilot.press("pageup")
                await pilot.pause()
        if self.focused is not None and (focused := _again(dialog, self.focused)) is not None:
            dialog.set_focus(focused, scroll_visible=False)
        for w, name, value in self.cursors:
            if (w := _again(dialog, w)) is not None:
                setattr(w, name, value)
        for w, bracket in self.brackets:
            if (w := _again(dialog, w)) is not None:
                w._matching_bracket_location = bracket  # set only once its cursor has moved (Textual 8.2.8)
        await pilot.pause()
        for w, x, y in self.scrolled:
            if (w := _again(dialog, w)) is not None:
                w.scroll_to(x, y, animate=False, immediate=True)
        await pilot.pause()
        return self._screen(app) == self.screen and _named(dialog.focused) == _named(self.focused)


ORDER = [SMALL, *[size for size in SIZES if size != SMALL]]
"""The sizes in the order a dialog is checked: opened at the smallest (the hardest) as a user in a
small terminal opens it, then the terminal made larger, one size after another."""


def _verdict(way: Way, size: tuple[int, int], problems: list[str], unreached: list[str]) -> list[str]:
    """What fails of one way at one size, each line naming both."""
    name = _name(way, size)
    if problems:
        return [f"{name}: {problem}" for problem in problems]  # its keys are probed once it fits
    if name in LEFT_OPEN:
        return [] if unreached else [f"{name} is fixed ({LEFT_OPEN[name]}): take it out of LEFT_OPEN"]
    return [f"{name}: {problem}" for problem in unreached]


async def _check(app, pilot, way: Way, size: tuple[int, int]) -> tuple[list[str], str]:
    """Every check of one way at one size, on the dialog as it stands: its choices in view, then
    its cut text, then its keys (which move the focus, scroll, move cursors)."""
    screen = "\n".join(plain_lines(app))
    problems = _problems(app)
    unreached = [] if problems else _cut_problems(app) + await _unreached(app, pilot, way)
    return _verdict(way, size, problems, unreached), screen


async def _fresh(tmp_path: Path, monkeypatch, way: Way, size: tuple[int, int]) -> tuple[list[str], str]:
    """Every check of one way at one size, the dialog opened at that size."""
    folder = tmp_path / _name(way, size)
    folder.mkdir()
    app = await _open(folder, monkeypatch, way, size)
    async with app.run_test(size=size) as pilot:
        await _reach(app, pilot, way)
        return await _check(app, pilot, way, size)


@pytest.mark.parametrize("way", WAYS, ids=[way.name for way in WAYS])
async def test_every_dialog_keeps_its_choices_in_view_and_its_cut_text_in_reach(
        tmp_path: Path, monkeypatch, way: Way) -> None:
    """Each way at every size of SIZES, the dialog reached once: opened at the smallest, checked,
    then the terminal made larger and the dialog checked again (as a user over SSH resizes).
    Before each resize the dialog is put back as it stood before its keys were probed (`_Look`:
    focus, cursors, scrolls, the wizard's step; the same screen, styles and all); where it cannot
    be (a few of the wizard's steps, whose remade fields do not come back quite the same), the
    sizes left are checked on the dialog reached afresh at each. A failure names the way and the
    size."""
    failures: list[str] = []
    screens: dict[tuple[int, int], str] = {}
    afresh: list[tuple[int, int]] = []
    app = await _open(tmp_path, monkeypatch, way, SMALL)
    async with app.run_test(size=SMALL) as pilot:
        await _reach(app, pilot, way)
        dialog = app.screen
        for at, size in enumerate(ORDER):
            if at:
                if app.screen is not dialog or not await look.restore(app, pilot):
                    afresh = ORDER[at:]
                    break
                await pilot.resize_terminal(*size)
                await pilot.pause()
            look = _Look.of(app)
            found, screens[size] = await _check(app, pilot, way, size)
            failures += found
    for size in afresh:
        found, screens[size] = await _fresh(tmp_path, monkeypatch, way, size)
        failures += found
    assert not failures, "\n".join(failures) + "".join(
        f"\n\n{_name(way, size)}:\n{screens[size]}" for size in ORDER
        if any(line.startswith(f"{_name(way, size)}:") for line in failures))


def _dialog_classes() -> set[str]:
    import tui.modals
    import tui.screens

    found = set()
    for package in (tui.modals, tui.screens):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            found |= {name for name, cls in vars(module).items()
                      if inspect.isclass(cls) and issubclass(cls, Dialog) and cls is not Dialog
                      and cls.__module__ == module.__name__}
    return found


def test_every_kind_of_dialog_is_reached_above() -> None:
    assert _dialog_classes() <= {way.dialog for way in WAYS}
