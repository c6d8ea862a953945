"""Every form that saves is composed once and shown again (StratbookApp._kept): the second time it
opens, no thirty widgets are composed, styled and taken apart again. The tactic forms were made
afresh on every opening, the one place a user adds many things in a row (a tactic, then the next:
each add and each close cost the composing and the taking apart of a whole form).

That a form shown again shows what a new one would is tests/ui/test_dialog_data.py's."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from tests.ui.every_key import fix_today
from tests.ui.test_form_recovery import WAYS, Way, _open_form, _settle, _with_a_checkin
from tests.ui.test_form_recovery import opened  # noqa: F401  (a fixture)
from tui.app import open_workbook
from tui.modals.form import FormDialog

SIZE = (80, 24)
AGAIN = {"tui/screens/pestle.py:picked": ("a", "enter")}
"""The keys that open a way's form again, where more than its last key (the prompts come first)."""


@pytest.mark.parametrize("way", WAYS, ids=lambda way: way.opener.rpartition("/")[2])
async def test_a_form_opened_again_is_the_one_composed_the_first_time(sample_copy: Path, monkeypatch,
                                                                    opened: list[str], way: Way) -> None:
    fix_today(monkeypatch)
    if way.call == "edit_first_checkin":
        _with_a_checkin(sample_copy)
    app = open_workbook(sample_copy, start=way.start)
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
