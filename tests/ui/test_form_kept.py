"""Every form that saves is composed once and shown again (StratbookApp._kept): the second time it
opens, no thirty widgets are composed, styled and taken apart again. The tactic forms were made
afresh on every opening, the one place a user adds many things in a row (a tactic, then the next:
each add and each close cost the composing and the taking apart of a whole form).

That a form shown again shows what a new one would is tests/ui/test_dialog_data.py's."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.ui.drawing import press_steadily, steady_drawing
from tests.ui.test_form_recovery import FORM_WAYS, Way, _open_form, _settle, app_for
from tests.ui.test_form_recovery import opened  # noqa: F401  (a fixture)
from tui.app import open_workbook
from tui.modals.form import FormDialog
from tui.store import load, save

SIZE = (80, 24)
AGAIN = {"tui/screens/pestle.py:picked": ("a", "enter")}
"""The keys that open a way's form again, where more than its last key (the prompts come first)."""


@pytest.mark.parametrize("way", FORM_WAYS, ids=lambda way: way.opener.rpartition("/")[2])
async def test_a_form_opened_again_is_the_one_composed_the_first_time(sample_copy: Path, monkeypatch,
                                                                    opened: list[str], way: Way) -> None:
    app = app_for(sample_copy, monkeypatch, way)
    async with app.run_test(size=SIZE) as pilot:
        first = await _open_form(app, pilot, dataclasses.replace(way, typed=()), opened)
        await pilot.press("escape")  # nothing typed: closed at once
        await _settle(pilot)
        assert not isinstance(app.screen, FormDialog)
        if way.call == "edit_first_checkin":
            await _open_form(app, pilot, dataclasses.replace(way, keys=(), typed=()), opened)
        elif way.call:
            getattr(app.screen, way.call)()
        else:
            await pilot.press(*AGAIN.get(way.opener, way.keys[-1:]))
        await _settle(pilot)
        assert isinstance(app.screen, FormDialog) and opened[-1] == way.opener
        assert app.screen is first, f"{way.opener}: the form was composed again"


async def _edit_form_drawn(path: Path, section: str, *moves: str) -> str:
    """The edit form of the row `moves` reach in `section`, as a new app draws it."""
    fresh = open_workbook(path)
    async with fresh.run_test(size=SIZE) as pilot:
        await press_steadily(pilot, section, *moves, "e")
        assert isinstance(fresh.screen, FormDialog)
        return await steady_drawing(pilot)


@pytest.mark.parametrize(("section", "first", "second", "width"), [
    ("6", ("j", "j"), ("j", "j", "j", "j", "j"), 66),  # tactics
    ("8", (), ("j",), 65),  # risks (their form has a scroll bar)
])
async def test_a_form_shown_again_draws_what_a_new_form_draws_of_a_text_as_wide_as_its_box(
        sample_copy: Path, section: str, first: tuple[str, ...], second: tuple[str, ...], width: int) -> None:
    """A new form shows a one-line text as wide as its box from its start, the cursor just past
    its end; a form shown again showed it scrolled by one cell, its first letter cut off (the
    box's scroll back to its start was refused: a box does not scroll by keys)."""
    workbook = load(sample_copy).workbook
    for items in (workbook.tactics[2:6], workbook.risks[1:3]):  # the first opened keeps its shorter text
        for number, item in enumerate(items):
            item.text = f"Item {number}: a text as wide as the box of its form, to the cell".ljust(width, ".")
    save(workbook, sample_copy)
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await press_steadily(pilot, section, *first, "e")
        assert isinstance(app.screen, FormDialog)
        await press_steadily(pilot, "escape", *("k",) * len(first), *second, "e")
        box = app.screen.query_one("#field-text")
        assert box.content_size.width == width
        shown = await steady_drawing(pilot)
    assert shown == await _edit_form_drawn(sample_copy, section, *second)
