"""Driving every section, every key it binds and every dialog those keys open, on rough,
half-finished and hostile workbooks: the rough-draft sample, the hostile workbook, an empty new one
and one with one of everything. The tests are test_every_key_*.py (one module per workbook, so that
pytest-xdist spreads them) and test_every_line.py.

The keys are read from the classes (the section's screen and the widgets its module uses), so a new
key is covered as soon as it is bound. Each key is pressed after every edit of the key before is
undone and the section is shown again: the same screen while it is still shown (a cursor, a filter
or a view the key before left stays, as it would for a user pressing keys in turn), a new one
only when the key needs what the section shows as it opens (`reset(fresh=True)`); making the screen
anew for every key would cost 60-300 ms a key. A dialog a key opens is closed with escape. After each
key the app must still run, with no exception, showing a section that rendered. A failure names the
workbook, the section and the key.

A second key of one binding (`d` and `delete`, `?` and `f1`) is pressed only where the app would
do something else with it: when the same widget has the focus and Textual would try the very same
bindings for both keys, in the same order, the second press would repeat the first's work, and
these tests look only at what a key's action does (`Driver.dispatch`).
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.keys import key_to_character
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import OptionList

from tests.conftest import ROUGH_DRAFT
from tests.ui.conftest import ONE_OF_EVERYTHING, hostile_workbook
from tui.app import StratbookApp, open_workbook
from tui.model.workbook import Tactic
from tui.screens.base import SectionScreen
from tui.screens.sections import SECTION_BY_MODE, SECTIONS
from tui.widgets.header import SectionBar

SIZE = (80, 24)
DETAIL = "goal"
"""The goal detail, a section of its own here (reached by enter on a goal)."""
SECTION_SCREENS = {**{s.mode: s.screen for s in SECTIONS}, DETAIL: "tui.screens.goal_detail:GoalDetailScreen"}

BLANK = "every-key-blank"
"""A mode of an empty screen, shown while the section's own is made anew."""
#: Widgets shown only after a key of their section: that key, pressed where the section starts.
REVEALED_BY = {"TowsList": "t", "AnsoffList": "x", "ImpactMatrix": "v", "PestleRankList": "v", "StrategyMap": "v",
               "RiskCellTable": "v", "SafeInput": "a",  # a: the add box
               "ReadingView": "v"}  # the Overview's text to read, in a dialog
#: App keys not pressed: they leave the app or the terminal, or are the section keys themselves.
APP_KEYS_LEFT_OUT = ("app.quit", "app.editor", "app.section.")


@dataclass(frozen=True)
class Key:
    owner: str
    """The class that binds it ("app" for the app's own keys)."""
    key: str
    action: str


def _own_bindings(cls: type) -> list[Binding]:
    """The bindings a class of ours (or a base of ours) declares: not Textual's built-in ones."""
    found = []
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("tui.") and "BINDINGS" in klass.__dict__:
            found += [b for b in klass.__dict__["BINDINGS"] if isinstance(b, Binding)]
    return found


def _screen_class(section: str) -> type[SectionScreen]:
    module, _, name = SECTION_SCREENS[section].partition(":")
    return getattr(importlib.import_module(module), name)


def section_keys(section: str) -> list[Key]:
    """Every key the section binds: on its screen, on the widgets of its module, and the app's keys."""
    screen = _screen_class(section)
    module = importlib.import_module(screen.__module__)
    owners = {screen} | {
        obj for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, Widget) and obj.__module__.startswith("tui.")
        and not issubclass(obj, (ModalScreen, SectionScreen)) and _own_bindings(obj)
    }
    # A base class (RowTable under GoalList) is reached through the class that is on screen.
    owners = {o for o in owners if not any(other is not o and issubclass(other, o) for other in owners)}
    keys = []
    for owner in sorted(owners, key=lambda cls: cls.__name__):
        for binding in _own_bindings(owner):
            keys += [Key(owner.__name__, key, binding.action) for key in binding.key.split(",")]
        if issubclass(owner, OptionList):  # a list's own enter (Textual's select) takes you somewhere
            keys.append(Key(owner.__name__, "enter", "select"))
    for binding in StratbookApp.BINDINGS:
        if not (binding.id or "").startswith(APP_KEYS_LEFT_OUT):
            keys += [Key("app", key, binding.action) for key in binding.key.split(",")]
    keys.append(Key("app", "ctrl+p", "command_palette"))
    return list(dict.fromkeys(keys))


# -- the workbooks --------------------------------------------------------------------------------

def _rough(tmp_path: Path) -> Path:
    return Path(shutil.copy(ROUGH_DRAFT, tmp_path / "rough-draft.toml"))


def _hostile(tmp_path: Path) -> Path:
    from tui.store import save

    path = tmp_path / "hostile.toml"
    save(hostile_workbook(), path)
    return path


def _empty(tmp_path: Path) -> Path:
    return tmp_path / "new.toml"  # not there yet: a new, empty workbook


def _one_of_everything(tmp_path: Path) -> Path:
    path = tmp_path / "one.toml"
    path.write_text(ONE_OF_EVERYTHING, encoding="utf-8")
    return path


WORKBOOKS = {"rough-draft": _rough, "hostile": _hostile, "empty": _empty, "one-of-everything": _one_of_everything}


# -- driving --------------------------------------------------------------------------------------

class Driver:
    """One app on one workbook, put back in one section before every key."""

    def __init__(self, app: StratbookApp, pilot, workbook: str, section: str) -> None:
        self.app, self.pilot = app, pilot
        self.workbook, self.section = workbook, section
        self.screen_class = _screen_class(section)
        self.screen: SectionScreen | None = None
        self.untouched = False
        """No key pressed on `screen` since it was made: it is as the section first opens."""
        self.mode = "goals" if section == DETAIL else section
        self.dispatched: set[tuple] = set()
        """What the keys pressed so far made the app do (`dispatch`), to press no key twice over."""
        app.add_mode(BLANK, Screen)

    def where(self, what: str) -> str:
        return f"workbook {self.workbook}, section {self.section}, {what}"

    def assert_alive(self, what: str) -> None:
        app = self.app
        if app._exception is not None:
            raise AssertionError(f"{self.where(what)}: the app crashed") from app._exception
        assert app.is_running and app.return_code is None, f"{self.where(what)}: the app stopped"

    async def settle(self, what: str) -> list[str]:
        """Let the key take effect; close every dialog it opened with escape. Returns their names."""
        opened: list[str] = []
        for _ in range(8):
            await self.pilot.pause()
            self.assert_alive(what)
            if not isinstance(self.app.screen, ModalScreen):
                return opened
            opened.append(type(self.app.screen).__name__)
            await self.pilot.press("escape")
        raise AssertionError(f"{self.where(what)}: escape does not close {opened}")

    def assert_rendered(self, what: str) -> None:
        screen = self.app.screen
        assert isinstance(screen, SectionScreen), f"{self.where(what)}: {screen!r} is not a section"
        assert screen.region.area > 0, f"{self.where(what)}: the screen has no size"
        bar = screen.query_one(SectionBar)
        title = next(s.title for s in SECTIONS if s.mode == screen.SECTION)
        assert f" {title} " in str(bar.render()), f"{self.where(what)}: the section bar lacks {title}"
        body = [w for w in screen.children if not isinstance(w, SectionBar) and w.region.area > 0]
        assert len(body) >= 2, f"{self.where(what)}: nothing rendered below the header"

    async def open(self) -> None:
        """The section as the app first shows it (the app was started in it): the fresh state."""
        if self.section == DETAIL and self.app.workbook.goals:
            from tui.screens.goal_detail import GoalDetailScreen

            await self.app.push_screen(GoalDetailScreen(self.app.workbook.goals[0].id))
        await self.settle("opening")
        self.screen, self.untouched = self.app.screen, True

    async def reset(self, what: str, fresh: bool = False) -> None:
        """Undo every edit and show the section again. `fresh`: as it first opens, on a new screen
        (no filter or other view left over from the keys before); else the same screen, if it is
        still shown (cheaper)."""
        app = self.app
        if app.history.can_undo:
            while app.history.can_undo:
                app.action_undo()
            await self.settle(f"{what}, then undoing its edits")
        if not fresh and self.screen is not None:
            if app.screen is not self.screen and self.screen in app._screen_stacks.get(self.mode, ()):
                await app.switch_mode(self.mode)
                while app.screen is not self.screen:
                    await app.pop_screen()
                await self.settle(f"{what}, then going back to the section")
            if app.screen is self.screen:
                return
        if self.untouched and app.screen is self.screen:
            return
        # The section's mode made anew, as its key first makes it. Meanwhile a blank screen is shown,
        # not another section: opening one cost as much as the key pressed.
        mode = self.mode
        await app.switch_mode(BLANK)
        await app.remove_mode(mode)
        app.add_mode(mode, SECTION_BY_MODE[mode].make_screen)
        await app.switch_mode(mode)
        if self.section == DETAIL and app.workbook.goals:
            from tui.screens.goal_detail import GoalDetailScreen

            await app.push_screen(GoalDetailScreen(app.workbook.goals[0].id))
        await self.settle(f"{what}, then showing the section again")
        self.screen, self.untouched = app.screen, True

    def owner_widget(self, owner: str) -> Widget | None:
        shown = [w for w in self.app.screen.query(owner) if w.display and w.region.area > 0]
        return shown[0] if shown else None

    def dispatch(self, key: str, focused: Widget | None) -> tuple | None:
        """What the app does with `key` pressed while `focused` has the focus: the bindings that
        Textual 8.2.8 tries in turn (`App._check_bindings` over `Screen._binding_chain`: the focused
        widget's, then each of its ancestors' up to the app's, with the user's keymap; a key that a
        widget takes as typing goes to no binding above it), by widget (the object: a section made
        anew is another), action and priority. Two keys with the same dispatch are one key to the
        app. None (press it, whatever came before) when a
        widget reads the key itself: typed into a text box, no binding at all, or the SWOT board
        waiting for the quadrant to move an item to (after `m`, `_BoardKeys` reads the next key)."""
        app = self.app
        if getattr(app.screen, "moving", None) is not None:
            return None
        character = key_to_character(key)
        if focused is not None and focused.check_consume_key(key, character):
            return None
        tried, below = [], []
        for node in (focused.ancestors_with_self if focused is not None else (app.screen, app)):
            if not any(widget.check_consume_key(key, character) for widget in below):
                tried += [(node, binding.action, binding.priority)
                          for binding in app.bindings_of(node).key_to_bindings.get(key, ())]
            below.append(node)
        return tuple(tried) or None

    async def focus_owner(self, key: Key, what: str) -> Widget | None:
        """Focus a widget that binds the key, showing it first if a key of the section must; that
        widget (None: the key is the app's or the screen's, pressed wherever the focus is)."""
        if key.owner in ("app", self.screen_class.__name__):
            return None
        widget = self.owner_widget(key.owner)
        if widget is None:
            await self.reset(what, fresh=True)
            widget = self.owner_widget(key.owner)
        if widget is None and key.owner in REVEALED_BY:
            self.untouched = False
            await self.pilot.press(REVEALED_BY[key.owner])
            await self.pilot.pause()
            widget = self.owner_widget(key.owner)
        assert widget is not None, f"{self.where(what)}: no {key.owner} on screen to press it in"
        if not widget.has_focus:
            widget.focus()  # (taken before the key: the key comes after it in the queue)
        return widget

    async def press(self, key: Key, line: int | None = None) -> list[str]:
        """Press `key` (on `line`) with the edits before undone (`reset`) and see the app through it; not when a key
        pressed before made the app do the same thing (`dispatch`)."""
        what = f"key {key.key!r} ({key.owner}: {key.action})" + ("" if line is None else f" on line {line}")
        await self.reset(what)
        focused = await self.focus_owner(key, what)
        dispatch = self.dispatch(key.key, focused or self.app.focused)
        if dispatch is not None:
            if (line, dispatch) in self.dispatched:
                return []
            self.dispatched.add((line, dispatch))
        self.untouched = False
        if line is not None:
            lines = self.app.focused
            if isinstance(lines, OptionList):
                lines.highlighted = line
            else:
                lines.cursor = line
        await self.pilot.press(key.key)
        opened = await self.settle(what)
        self.assert_rendered(what)
        return opened

    async def command(self, title: str) -> None:
        """Run a command of the section's palette entries."""
        what = f"palette command {title!r}"
        await self.reset(what)
        commands = {t: c for t, _h, c in self.app.screen.section_commands()}
        if title not in commands:  # offered as the section opens, not in the view a key before left
            await self.reset(what, fresh=True)
            commands = {t: c for t, _h, c in self.app.screen.section_commands()}
        callback = commands[title]
        self.untouched = False
        callback()
        await self.settle(what)
        self.assert_rendered(what)


#: Sections with so many keys (or lines) that one test of them took over 4 s of processor time:
#: their work is dealt out to this many tests, each on an app of its own, so that pytest-xdist
#: spreads them and no test takes more than about 3 s (4 s on a loaded machine). Every key and
#: line is still pressed, in one of them. A part is not free: each starts an app, shows the
#: section for the first time, and makes each dialog it opens for the first time (an app keeps a
#: dialog it showed, see Dialog.shape), and a key is skipped as the same as another (`dispatch`)
#: only within a part. Eleven parts of a goal's detail cost twice what four do.
KEY_PARTS = {"swot": 3, "forces": 3, "goals": 3, "risks": 2, "pestle": 2, DETAIL: 2}
LINE_PARTS = {"overview": 5, DETAIL: 8}


def _parts(section: str, parts: dict[str, int]) -> list[tuple[str, int, int]]:
    count = parts.get(section, 1)
    return [(section, part, count) for part in range(count)]


def _param(section: str, part: int, count: int, *marks):
    return pytest.param(section, part, count, id=section if count == 1 else f"{section}-{part + 1}of{count}",
                        marks=list(marks))


def sections_of(workbook: str) -> list:
    """The sections (and parts of them) to drive on a workbook, as pytest parameters named after them."""
    no_goal = pytest.mark.skip(reason="an empty workbook has no goal to show")
    return [_param(*part, *([no_goal] if workbook == "empty" and section == DETAIL else []))
            for section in SECTION_SCREENS for part in _parts(section, KEY_PARTS)]


def lines_of() -> list:
    """The sections whose lines differ in kind (and parts of them), as pytest parameters."""
    return [_param(*part) for section in LINE_KINDS for part in _parts(section, LINE_PARTS)]


def _mine(groups: list[list], part: int, count: int) -> list:
    """The steps of this part (the part-th of `count`), in their order. A group of steps (the keys
    of one widget, the keys on one line) stays in one part, so that a view a key must reveal is
    shown once and keys of one binding are pressed where `dispatch` can see they are the same; the
    groups are dealt out, the largest first, each to the part with the fewest steps so far, so
    that the parts are of one size whatever the order of the groups."""
    load, mine = [0] * count, set()
    for index in sorted(range(len(groups)), key=lambda i: (-len(groups[i]), i)):
        lightest = load.index(min(load))
        load[lightest] += len(groups[index])
        if lightest == part:
            mine.add(index)
    return [step for index, group in enumerate(groups) if index in mine for step in group]


def fix_today(monkeypatch) -> None:
    from datetime import date

    from tui.model import dates
    from tui.screens import overview

    monkeypatch.setattr(overview, "today", lambda: date(2027, 7, 15))
    monkeypatch.setattr(dates, "today", lambda: date(2027, 7, 15))


async def every_key_and_dialog(tmp_path: Path, monkeypatch, workbook: str, section: str, part: int = 0,
                               count: int = 1) -> None:
    """Every key of the section, each from the section as it opens, and every palette command of it
    (of those, the `part`-th of `count` parts)."""
    fix_today(monkeypatch)
    monkeypatch.chdir(tmp_path)
    app = open_workbook(WORKBOOKS[workbook](tmp_path), start="goals" if section == DETAIL else section)
    keys = section_keys(section)
    assert len(keys) >= 5
    async with app.run_test(size=SIZE) as pilot:
        driver = Driver(app, pilot, workbook, section)
        await driver.open()
        driver.assert_rendered("opening")
        commands = [title for title, _help, _callback in app.screen.section_commands()]
        by_owner = [list(run) for _owner, run in itertools.groupby(keys, key=lambda key: key.owner)]
        for step in _mine([*by_owner, *([title] for title in commands)], part, count):
            await (driver.press(step) if isinstance(step, Key) else driver.command(step))


#: Sections whose lines are of different kinds, where a key can do something else on each kind:
#: how to tell a line's kind. (Every line gets enter; every key is pressed on one line of each kind.)
LINE_KINDS = {
    "overview": lambda screen: [(line.mode, line.action, bool(line.item_id)) for line in screen.lines],
    DETAIL: lambda screen: [item.kind if item else None for item in screen.items],
    "tactics": lambda screen: [
        key.partition(":")[0] if ":" in key or not isinstance(payload, Tactic)
        else ("tactic", payload.goal in {g.id for g in screen.stratbook.workbook.goals})
        for key, payload in screen.table.rows],
}
NAVIGATION = ("cursor", "page", "first", "last", "scroll")


async def every_kind_of_line(tmp_path: Path, monkeypatch, workbook: str, section: str, part: int = 0,
                             count: int = 1) -> None:
    """enter on every line of the section's list (each leads somewhere: does it exist?), and each
    key of the list on one line of each kind (the keys that only move the cursor left out); of
    those, the `part`-th of `count` parts."""
    fix_today(monkeypatch)
    monkeypatch.chdir(tmp_path)
    app = open_workbook(WORKBOOKS[workbook](tmp_path), start="goals" if section == DETAIL else section)
    screen_class = _screen_class(section)
    keys = [key for key in section_keys(section) if key.owner not in ("app", screen_class.__name__)
            and not key.action.startswith(NAVIGATION)]
    enter = next(key for key in keys if key.key == "enter")
    async with app.run_test(size=SIZE) as pilot:
        driver = Driver(app, pilot, workbook, section)
        await driver.open()
        kinds = LINE_KINDS[section](app.screen)
        assert len(set(kinds)) >= 2
        first_of_kind = {kind: line for line, kind in reversed(list(enumerate(kinds)))}
        steps = [[(enter, line), *([(key, line) for key in keys] if line in first_of_kind.values() else [])]
                 for line in range(len(kinds))]
        for key, line in _mine(steps, part, count):
            await driver.press(key, line)
