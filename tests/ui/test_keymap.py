"""One keymap: the same key for the same act in every section, each binding with an id and a
description, documented once in the README and in `?`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT
from tui.app import open_workbook
from tui.keymap import ACTS
from tui.modals.form import FormDialog
from tui.modals.help import HelpScreen
from tui.modals.wizard import GoalWizard

SIZE = (100, 30)
#: Every section, and every view of one: the keys to get there from the Overview.
VIEWS = {"overview": (), "vmv": ("2",), "swot": ("3",), "tows": ("3", "t"), "pestle": ("4",),
         "pestle-grid": ("4", "v"), "goals": ("5",), "goals-map": ("5", "v"), "goal-detail": ("5", "enter"), "tactics": ("6",),
         "roadmap": ("7",)}
KEY_TO_ACT = {key: act.name for act in ACTS.values() for key in act.keys.split(",")}


async def bindings_of_every_view(app, pilot):
    """(view, binding) for every binding with an id declared on each section's screen."""
    found = []
    for view, keys in VIEWS.items():
        app.action_section("overview")
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
        for node in [*app.screen.query("*"), app.screen]:
            for bindings in node._bindings.key_to_bindings.values():
                found += [(view, b) for b in bindings if b.id is not None]
    return found


async def test_every_act_has_its_one_key_in_every_section(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        found = await bindings_of_every_view(app, pilot)
    keys_of: dict[tuple[str, str], set[str]] = {}
    for view, binding in found:  # (Textual keeps one binding per key of "d,delete")
        keys_of.setdefault((view, binding.id), set()).add(binding.key)
    acts_seen = set()
    for (view, binding_id), keys in keys_of.items():
        act = binding_id.rpartition(".")[2]
        if act in ACTS:  # an act's binding holds the act's key(s)
            acts_seen.add(act)
            assert set(ACTS[act].keys.split(",")) <= keys, (view, binding_id)
    for view, binding in found:
        act = binding.id.rpartition(".")[2]
        if binding.key in KEY_TO_ACT and binding.action not in ("cursor_up", "cursor_down"):
            # and an act's key means nothing else in a section
            assert act == KEY_TO_ACT[binding.key], (view, binding.id, binding.key)
    undescribed = sorted({binding.id for _, binding in found if binding.description and not binding.tooltip})
    assert undescribed == [], undescribed  # every entry of `?` says what it does
    assert acts_seen == set(ACTS)


async def test_help_separates_the_board_and_tows_and_describes_every_key(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        headings = [heading for heading, _ in app.screen.groups]
        assert headings[:2] == ["The SWOT board", "TOWS strategies (t)"]
        board, tows = (dict((d, k) for k, d in entries) for _, entries in app.screen.groups[:2])
        assert any(d.startswith("Add - ") for d in board) and any(d.startswith("New - ") for d in tows)
        for _, entries in app.screen.groups[:-1]:
            assert all(" - " in description for _, description in entries)


def test_the_readme_documents_the_keymap() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for act in ACTS.values():
        assert f"| `{act.shown}` | {act.description} |" in readme, act.name


# -- the acts where they were missing or meant something else ------------------------------------------

async def test_a_adds_a_goal_slash_filters_goals_and_k_j_reorder_them(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("5", "a")
        await pilot.pause()
        assert isinstance(app.screen, GoalWizard) and app.screen.original is None
        await pilot.press("escape")
        await pilot.pause()
        first, second = (g.id for g in app.workbook.goals[:2])
        await pilot.press("J")
        await pilot.pause()
        assert [g.id for g in app.workbook.goals[:2]] == [second, first]
        await pilot.press("K")
        await pilot.pause()
        assert [g.id for g in app.workbook.goals[:2]] == [first, second]
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)


async def test_space_on_a_tactic_toggles_done_and_says_so(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        app.screen.table.move_to("tac-gq4t")  # done
        await pilot.press("space")
        await pilot.pause()
        assert app.workbook.find("tac-gq4t").status == "todo"  # not "blocked"
        await pilot.press("space")
        await pilot.pause()
        assert app.workbook.find("tac-gq4t").status == "done"
        assert any(str(n.message).startswith("Tactic done:") for n in app._notifications)


async def test_pestle_filters_with_slash_and_reorders_with_k_and_j(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        screen.checklist.highlight_id("pes-6wkr")  # the second economic item
        await pilot.press("K")
        await pilot.pause()
        assert [i.id for i in app.workbook.pestle.factors["economic"].items][:2] == ["pes-6wkr", "pes-v7bd"]
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"pound", "enter")
        await pilot.pause()
        rows = [o.id for o in screen.checklist.options if not o.id.startswith("factor:")]
        assert rows == ["pes-6wkr"]
        await pilot.press("escape")
        await pilot.pause()
        assert screen.checklist.index_of("pes-v7bd") is not None


@pytest.mark.parametrize("view", ["swot", "tows"])
async def test_the_palette_shows_the_keys_of_section_commands(sample_copy: Path, view) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*VIEWS[view])
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Filter the SWOT board (/)" in titles
        assert "Sort the quadrant by weight (o)" in titles
