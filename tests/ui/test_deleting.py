"""Deleting anything that other items link to says what links it and removes those links with it,
as one undoable edit; the same rule for every kind of item."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.unit.helpers import same_workbook
from tui.app import open_workbook
from tui.modals.confirm import ConfirmDialog

SIZE = (100, 30)


def references(workbook) -> set[str]:
    refs = {link for goal in workbook.goals for link in goal.links} | {g.parent for g in workbook.goals if g.parent}
    refs |= {link for strategy in workbook.strategies for link in strategy.links}
    refs |= {r.source for r in workbook.risks if r.source} | {link for r in workbook.risks for link in r.links}
    return refs | {i.source for q in ("strengths", "weaknesses", "opportunities", "threats")
                   for i in workbook.swot.quadrant(q) if i.source}


def dialog_text(app) -> str:
    return " ".join(" ".join(str(s.render()) for s in app.screen.query(Static)).split())


@pytest.mark.parametrize(("mode", "item_id", "linked_by"), [
    ("swot", "tow-j9tb", "Become the first name UK warehouses"),  # the report: a TOWS strategy that goals link
    ("swot", "wea-3fj8", "WT strategy"),  # linked by a strategy and a goal
    ("swot", "thr-n3gp", "goal"),
    ("vmv", "val-r7c3", "goal"),
    ("pestle", "pes-m6ty", "SWOT item"),  # a goal links it, and a SWOT item came from it
    ("goals", "gol-7tz2", "goal"),  # another goal links it; it has tactics too
    ("tactics", "tac-w6vs", "risk"),  # a risk it treats links it
    ("pestle", "pes-x81c", "risk that came from it"),
])
async def test_deleting_a_linked_item_names_what_links_it_and_unlinks_in_one_undo(
        sample_copy: Path, mode, item_id, linked_by) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = copy.deepcopy(app.workbook)
        assert item_id in references(app.workbook)
        if mode == "goals":  # (a jump opens the goal's detail, where d deletes a line)
            await pilot.press("5")
            await pilot.pause()
            app.screen.table.move_to(item_id)
        else:
            app.show_item(mode, item_id)
            await pilot.pause()
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        text = dialog_text(app)
        assert linked_by in text and " this " in text
        assert "keep" not in text.lower()  # dangling links are not offered
        await pilot.press("u")
        await pilot.pause()
        assert app.workbook.find(item_id) is None
        assert item_id not in references(app.workbook)
        await pilot.press("escape")  # out of a goal's detail, which closes anyway
        await pilot.pause()
        app.action_undo()
        await pilot.pause()
        assert same_workbook(app.workbook, before)


async def test_cancel_deletes_nothing(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = copy.deepcopy(app.workbook)
        app.show_item("swot", "tow-j9tb")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert same_workbook(app.workbook, before)
