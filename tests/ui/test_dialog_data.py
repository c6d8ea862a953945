"""Dialogs offer the workbook as it is now. What they offer from the whole workbook (the owners the
risk and tactic forms suggest, the goals and tactics a risk may link) is made once per change
(StratbookApp.derived); after an edit, an undo, a redo and a reload the next dialog shows the new
names, never the ones it showed before."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.conftest import SAMPLES
from tui.app import StratbookApp, open_workbook
from tui.model.edits import Insert, SetFields
from tui.model.workbook import Goal
from tui.modals.form import FormDialog
from tui.modals.picker import ItemPicker, PickerDialog

SIZE = (80, 24)
NEWCOMER = "Aaron Newcomer"  # sorts first, so the form's hint names it too


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "acme-robotics.toml", tmp_path / "acme.toml"))


async def suggested_owners(pilot, key: str) -> tuple[list[str], str]:
    """Open the form under `key`, read what its owner field suggests (and its hint), close it."""
    app: StratbookApp = pilot.app
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, FormDialog), app.screen
    owner = app.screen.query_one("#field-owner", Input)
    names = list(owner.suggester._suggestions)
    hints = " ".join(str(hint.render()) for hint in app.screen.query(".form-hint").results(Static))
    await pilot.press("escape")
    await pilot.pause()
    assert not isinstance(app.screen, FormDialog)
    return names, hints


async def link_choices(pilot) -> set[str]:
    app: StratbookApp = pilot.app
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(app.screen, PickerDialog), app.screen
    ids = {item.id for item in app.screen.query_one(ItemPicker).items}
    await pilot.press("escape")
    await pilot.pause()
    return ids


def reload_with(app: StratbookApp, change) -> None:
    """What a reload of the file does, with the file changed by `change`."""
    workbook = copy.deepcopy(app.workbook)
    change(workbook)
    app.replace_workbook(workbook, "reloaded")


async def test_the_risk_form_suggests_the_owners_there_are_now(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        names, hints = await suggested_owners(pilot, "e")
        assert "Tom Berg" in names and NEWCOMER not in names and NEWCOMER not in hints

        risk = app.screen.current_risk()
        app.apply(SetFields(risk.id, {"owner": NEWCOMER}))
        await pilot.pause()
        names, hints = await suggested_owners(pilot, "e")
        assert NEWCOMER in names and NEWCOMER in hints  # an edit

        await pilot.press("ctrl+z")
        await pilot.pause()
        names, hints = await suggested_owners(pilot, "a")
        assert NEWCOMER not in names and NEWCOMER not in hints  # undone

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert NEWCOMER in (await suggested_owners(pilot, "e"))[0]  # redone

        reload_with(app, lambda workbook: setattr(workbook.risks[0], "owner", "Zoe Reloaded"))
        await pilot.pause()
        names, _ = await suggested_owners(pilot, "e")
        assert "Zoe Reloaded" in names and (NEWCOMER in names) == any(
            r.owner == NEWCOMER for r in app.workbook.risks)  # reloaded: the file's names


async def test_the_tactic_form_suggests_the_owners_there_are_now(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        while app.screen.current_tactic() is None:  # off the goal's heading, onto a tactic
            await pilot.press("j")
        assert NEWCOMER not in (await suggested_owners(pilot, "e"))[0]
        tactic = app.screen.current_tactic()
        app.apply(SetFields(tactic.id, {"owner": NEWCOMER}))
        await pilot.pause()
        assert NEWCOMER in (await suggested_owners(pilot, "e"))[0]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert NEWCOMER not in (await suggested_owners(pilot, "e"))[0]


async def test_the_links_dialog_offers_the_goals_there_are_now(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        before = await link_choices(pilot)
        assert app.workbook.goals[0].id in before

        goal = Goal("gol-newone", title="A goal added since the last look")
        app.apply(Insert("goals", len(app.workbook.goals), goal))
        await pilot.pause()
        assert goal.id in await link_choices(pilot)  # an edit

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert goal.id not in await link_choices(pilot)  # undone

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert goal.id in await link_choices(pilot)  # redone

        gone = app.workbook.goals[0].id
        reload_with(app, lambda workbook: workbook.goals.pop(0))
        await pilot.pause()
        assert gone not in await link_choices(pilot)  # reloaded
