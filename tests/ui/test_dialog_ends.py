"""Moving between a dialog's answers stops at the ends: it never goes round.

In the delete-a-goal dialog, j (or down, right, l, tab) on Cancel went round to `Delete and
unlink`, so that keys typed ahead on a slow SSH link, then enter, deleted the goal. Every kind
of question with buttons is reached as a user reaches it (the ways of test_dialogs_fit), at
80x24 and at 40x12 (where a long message scrolls and takes the focus too), and each key that
moves is pressed past both ends; a last test checks that no other dialog has buttons."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from textual.widgets import Button

from tests.ui.test_dialogs_fit import WAYS, Way, _dialog_classes, _open, _reach

FORWARD = ("j", "down", "right", "l", "tab")
BACK = ("k", "up", "left", "h", "shift+tab")
WITH_BUTTONS = [way for way in WAYS if way.dialog == "ConfirmDialog"]


def _params():
    for way in WITH_BUTTONS:
        for size in ((80, 24), (40, 12)):
            yield pytest.param(way, size, id=f"{way.name}-{size[0]}x{size[1]}")


@pytest.mark.parametrize(("way", "size"), list(_params()))
async def test_the_answers_stop_at_the_ends(tmp_path: Path, monkeypatch, way: Way, size: tuple[int, int]) -> None:
    app = await _open(tmp_path, monkeypatch, way, size)
    async with app.run_test(size=size) as pilot:
        await _reach(app, pilot, way)
        dialog = app.screen
        chain = dialog.focus_chain
        assert len(dialog.query(Button)) >= 2
        buttons = list(dialog.query(Button))
        answers = {key for key, _ in dialog.answers}  # a letter that is an answer gives it, by design
        problems = []
        for keys, start, end in ((FORWARD, buttons[0], chain[-1]), (BACK, buttons[-1], chain[0])):
            for key in (key for key in keys if key not in answers):
                start.focus()  # from the other end (the message that scrolls: up and down scroll it)
                await pilot.pause()
                for _ in range(len(chain) + 1):
                    before = chain.index(app.focused)
                    await pilot.press(key)
                    await pilot.pause()
                    assert app.screen is dialog, f"{way.name}: {key} closed the dialog"
                    after = chain.index(app.focused)
                    if (after - before) * (1 if keys is FORWARD else -1) < 0:
                        problems.append(f"{key} went round from {chain[before]} to {chain[after]}")
                if app.focused is not end:
                    problems.append(f"{key} stopped at {app.focused}, not at the end {end}")
        assert not problems, f"{way.name} at {size} ({[str(w) for w in chain]}):\n" + "\n".join(problems)


def test_only_the_question_dialog_has_buttons() -> None:
    """A new dialog with buttons is added to the test above (through test_dialogs_fit's ways)."""
    import importlib
    import pkgutil

    import tui.modals
    import tui.screens

    modules = [importlib.import_module(f"{package.__name__}.{info.name}")
               for package in (tui.modals, tui.screens) for info in pkgutil.iter_modules(package.__path__)]
    with_buttons = set()
    for name in _dialog_classes():
        cls = next(getattr(module, name) for module in modules if name in vars(module))
        if "Button" in inspect.getsource(cls).replace("ButtonRow", ""):
            with_buttons.add(name)
    assert with_buttons <= {way.dialog for way in WITH_BUTTONS}, with_buttons
