"""Every dialog usable from 60x20 (and 80x24), whatever text it holds: its title, every button's
whole label and the line that says which key cancels stay inside the dialog and the screen,
however long or hostile the text inside (a 300-character goal title, a delete that lists many
links, markup-like brackets, control characters). The text may wrap, scroll or be cut; the
choices may not.

Each dialog is reached as a user reaches it, with keys, on the Acme sample or on a workbook of
long hostile text; a last test checks that every kind of dialog of the app is among them."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Button, Label, Static

from tests.conftest import SAMPLES
from tests.ui.conftest import HOSTILE, ONE_OF_EVERYTHING, hostile_workbook
from tests.ui.every_key import fix_today
from tests.ui.test_focus_visible import plain_lines
from tui.app import open_workbook
from tui.modals.dialog import Dialog

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


def _long(tmp_path: Path) -> Path:
    from tui.store import save

    path = tmp_path / "long.toml"
    save(_long_workbook(), path)
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
    Way("new-tactic", "TacticForm", "long", "goals", ("t",)),
    Way("check-in", "CheckinForm", "long", "goals", ("u",)),
    Way("check-in-acme", "CheckinForm", "acme", "goals", ("u",)),
    Way("edit-tactic", "TacticForm", "long", "tactics", ("down", "e")),
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


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("way", WAYS, ids=lambda way: way.name)
async def test_every_choice_of_every_dialog_stays_in_view(tmp_path: Path, monkeypatch, way: Way,
                                                          size: tuple[int, int]) -> None:
    app = await _open(tmp_path, monkeypatch, way, size)
    async with app.run_test(size=size) as pilot:
        await _reach(app, pilot, way)
        problems = _problems(app)
        assert not problems, f"{way.name} at {size}: {problems}\n" + "\n".join(plain_lines(app))


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
