"""j and k move wherever the arrows move through lines: a list's cursor, a text to read, a
dialog's message that scrolls (the README: lists move with the arrows or j/k).

On the goal wizard's Review step (`e` on a goal) j and k did nothing while the arrows moved;
so in the wizard's step menu, the differences, the warnings list and the error screen's list
(each a list with the focus mark but not the keys), and in a text to read. The first test
looks at every widget the app declares that takes the focus and is not for typing; the second
presses the keys, as a user does, in each of those places."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Input, OptionList, TextArea

from tests.ui.test_dialogs_fit import WAYS, _open, _reach


def _widget_classes() -> list[type[Widget]]:
    import tui.modals
    import tui.screens
    import tui.widgets

    found = []
    for package in (tui.widgets, tui.modals, tui.screens):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            found += [cls for cls in vars(module).values() if inspect.isclass(cls) and issubclass(cls, Widget)
                      and cls.__module__ == module.__name__]
    return found


def _actions(cls: type[Widget], key: str) -> list[str]:
    return [binding.action for binding in cls._merge_bindings().key_to_bindings.get(key, [])]


def test_j_and_k_do_what_down_and_up_do_in_every_widget_that_is_not_for_typing() -> None:
    problems = []
    checked = 0
    for cls in _widget_classes():
        if not cls.can_focus or issubclass(cls, (Input, TextArea)):
            continue  # j and k are typed there
        for arrow, letter in (("down", "j"), ("up", "k")):
            if _actions(cls, arrow):
                checked += 1
                if _actions(cls, letter) != _actions(cls, arrow):
                    problems.append(f"{cls.__name__}: {arrow} {_actions(cls, arrow)}, {letter} {_actions(cls, letter)}")
    assert checked > 40
    assert not problems, "\n".join(problems)


PLACES = ["wizard-step-11", "wizard-step-menu", "differences", "warnings", "reading", "help", "messages"]
"""Ways of test_dialogs_fit to dialogs whose focused widget moves through lines: the wizard at its
review (the reported one), and a list or a text of each kind."""


def _where(widget: Widget) -> int | float | None:
    """A list's cursor; or how far a text is scrolled."""
    return widget.highlighted if isinstance(widget, OptionList) else widget.scroll_y


@pytest.mark.parametrize("name", PLACES)
async def test_j_and_k_move_as_the_arrows_do(tmp_path: Path, monkeypatch, name: str) -> None:
    way = next(way for way in WAYS if way.name == name)
    app = await _open(tmp_path, monkeypatch, way, (80, 24))
    async with app.run_test(size=(40, 12)) as pilot:  # small: every text here scrolls
        await _reach(app, pilot, way)
        focused = app.focused
        assert focused is not None
        start = _where(focused)
        await pilot.press("down")
        await pilot.pause()
        below = _where(focused)
        assert below != start, f"{name}: down does not move {focused}"
        await pilot.press("up")
        await pilot.pause()
        assert _where(focused) == start
        await pilot.press("j")
        await pilot.pause()
        assert _where(focused) == below, f"{name}: j does not move {focused} as down does"
        await pilot.press("k")
        await pilot.pause()
        assert _where(focused) == start, f"{name}: k does not move {focused} as up does"
        assert app.focused is focused
