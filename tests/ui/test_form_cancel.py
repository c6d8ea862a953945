"""esc on a form that holds typing (a TOWS strategy being written, ticks changed in a picker)
asks before it throws it away, as quitting and the goal wizard do; a form left as it opened, or one that writes nothing (a filter), closes at once.

A reflex esc, or a lone one from a key sequence split on a slow SSH link, closed every form
without a word and lost what was typed (a risk's description, a tactic, a check-in's note).
Every dialog that saves is here (the ways of tests/ui/test_form_recovery.py), reached and typed
into as a user does. The TOWS strategy dialog and the link pickers closed at once (found from
outside: a strategy typed with care, gone on esc)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from tests.ui.test_form_recovery import MARK, WAYS, Way, _open_form, _same_shape, _settle, app_for
from tests.ui.test_form_recovery import opened  # noqa: F401  (a fixture)
from tui.app import open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.store import load

SIZE = (80, 24)


def assert_esc_keeps_editing_says_so(app) -> None:
    """The question's key line says what esc does there: it keeps the typing ("esc: cancel" read as
    cancelling the typing, the very thing the question is about)."""
    keys = str(app.screen.query_one("#confirm-keys", Static).render())
    assert "esc: keep editing" in keys, keys


@pytest.mark.parametrize("way", WAYS, ids=lambda way: way.opener.rpartition("/")[2])
async def test_esc_asks_before_it_throws_a_form_s_typing_away(sample_copy: Path, monkeypatch,
                                                             opened: list[str], way: Way) -> None:
    app = app_for(sample_copy, monkeypatch, way)
    before = _same_shape(load(sample_copy).workbook)
    async with app.run_test(size=SIZE) as pilot:
        form = await _open_form(app, pilot, way, opened)
        typed = form.typing_held()
        assert typed is not None
        await pilot.press("escape")
        await _settle(pilot)
        assert isinstance(app.screen, ConfirmDialog), f"{way.opener}: esc closed the form with its typing"
        assert_esc_keeps_editing_says_so(app)
        await pilot.press("escape")  # esc on the question keeps editing too
        await _settle(pilot)
        assert app.screen is form and form.typing_held() == typed
        await pilot.press("escape")
        await _settle(pilot)
        await pilot.press("k")
        await _settle(pilot)
        assert app.screen is form and form.typing_held() == typed
        await pilot.press("escape")
        await _settle(pilot)
        await pilot.press("d")
        await _settle(pilot)
        assert app.screen is not form and not isinstance(app.screen, ConfirmDialog)
        assert not app.dirty
        assert _same_shape(app.workbook) == before
        if MARK in way.typed:
            assert MARK not in _same_shape(app.workbook)


@pytest.mark.parametrize(("start", "keys"), [("risks", ("e",)), ("goals", ("t",)), ("swot", ("e",))])
async def test_esc_closes_a_form_left_as_it_opened_at_once(sample_copy: Path, start: str,
                                                           keys: tuple[str, ...]) -> None:
    app = open_workbook(sample_copy, start=start)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press(*keys)
        await _settle(pilot)
        assert isinstance(app.screen, FormDialog)
        await pilot.press("end", "x", "backspace")  # typed, and back to what it was
        await pilot.press("escape")
        await _settle(pilot)
        assert not isinstance(app.screen, (FormDialog, ConfirmDialog))


async def test_esc_closes_a_filter_at_once_whatever_was_typed(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="tactics")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("slash")
        await _settle(pilot)
        assert isinstance(app.screen, FormDialog) and not app.screen.edits_workbook
        await pilot.press("z", "z")
        await pilot.press("escape")
        await _settle(pilot)
        assert not isinstance(app.screen, (FormDialog, ConfirmDialog))


async def test_esc_in_the_swot_add_box_asks_before_it_throws_an_item_typed_away(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="swot")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        before = len(app.workbook.swot.strengths)
        await pilot.press("a", *"Half typed strength", "escape")
        await _settle(pilot)
        assert isinstance(app.screen, ConfirmDialog), "esc threw the item typed away"
        assert_esc_keeps_editing_says_so(app)
        await pilot.press("k")
        await _settle(pilot)
        await pilot.press(*" more", "escape", "d")
        await _settle(pilot)
        assert app.screen.box_mode is None and len(app.workbook.swot.strengths) == before
        await pilot.press("a", "x", "backspace", "escape")  # nothing left typed: closed at once
        await _settle(pilot)
        assert app.screen.box_mode is None and not isinstance(app.screen, ConfirmDialog)


def test_every_holder_of_typing_is_asked_about_above() -> None:
    """What quitting asks about (a `holds_typing`) esc asks about too: each is tested above."""
    import importlib
    import pkgutil

    import tui.modals
    import tui.screens

    holders = set()
    for package in (tui.modals, tui.screens):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            holders |= {name for name, value in vars(module).items() if isinstance(value, type)
                        and "holds_typing" in vars(value) and value.__module__ == module.__name__}
    assert holders == {"FormDialog", "GoalWizard", "SwotScreen"}
