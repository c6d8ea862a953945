"""The SWOT board and the TOWS strategies: every key, asserting on the workbook and the screen."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Input, Static

from tests.conftest import SAMPLES
from tests.ui.conftest import HOSTILE, hostile_workbook, type_text
from tui.app import open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.modals.picker import ItemPicker, PickerDialog, PickItem
from tui.modals.tows import StrategyDialog
from tui.model.edits import SetFields
from tui.model.text import for_display
from tui.model.swot import filter_items
from tui.screens.swot import SwotScreen, item_prompt
from tui.model.workbook import STRATEGY_QUADRANTS, Strategy
from tui.store import load, save
from tui.widgets.quadrant import QuadrantList, TowsList

SIZE = (80, 24)


# -- helpers -------------------------------------------------------------------------------------
async def open_board(pilot) -> SwotScreen:
    await pilot.pause()
    await pilot.press("escape", "3")  # out of the vision box, then the SWOT section
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SwotScreen)
    return screen


def lines(app, quadrant: str) -> list[str]:
    """What a quadrant shows, one string per line."""
    return [str(option.prompt) for option in app.screen.query_one(f"#{quadrant}", QuadrantList).options]


def cell_lines(app, kind: str) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one(f"#tows-{kind}", TowsList).options]


def title(app, name: str) -> str:
    return str(app.screen.query_one(f"#title-{name}", Static).render())


def status(app) -> str:
    return str(app.screen.query_one("#swot-status", Static).render())


def cursor(app) -> tuple[str, str | None]:
    """(focused quadrant, id of the highlighted item)."""
    focused = app.focused
    assert isinstance(focused, QuadrantList)
    option = focused.highlighted_option
    return focused.quadrant, option.id if option is not None else None


def ids(app, quadrant: str) -> list[str]:
    return [item.id for item in app.workbook.swot.quadrant(quadrant)]


# -- the board --------------------------------------------------------------------------------------
async def test_board_shows_quadrants_counts_weights_and_pestle_marks(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        assert "Strengths  6" in title(app, "strengths")
        assert "Threats  6" in title(app, "threats")
        first = lines(app, "strengths")[0]
        assert first.startswith("\u25cf\u25cf\u25cf\u25cf\u25cb")  # weight 4 as dots
        assert "Two patents on low-cost" in first
        assert lines(app, "opportunities")[1].startswith("\u25cf\u25cf\u25cf\u25cf\u25cb P Made Smarter")  # from PESTLE
        assert lines(app, "opportunities")[0][6] == " "  # no mark: not from PESTLE
        rows = [str(label.render()) for label in app.screen.query(".swot-rowlabel")]
        assert rows == ["\n".join("INTERNAL"), "\n".join("EXTERNAL")]
        assert cursor(app) == ("strengths", "str-4hq7")
        assert status(app).startswith("Two patents on low-cost adaptive grippers that handle mixed items")
        assert "weight 4 · in 1 strategy · notes: GB patents" in status(app)


async def test_empty_board_shows_questions_that_help_start(tmp_path: Path) -> None:
    app = open_workbook(tmp_path / "new.toml")
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        assert "What do we do better than others?" in lines(app, "strengths")
        assert "What do customers praise?" in lines(app, "strengths")
        assert "What are competitors doing?" in lines(app, "threats")
        assert "What risks lie beyond our control?" in lines(app, "threats")
        assert "Strengths  0" in title(app, "strengths")
        assert cursor(app) == ("strengths", None)
        await pilot.press("j", "l")  # keys still move between the empty quadrants
        assert cursor(app) == ("threats", None)
        await pilot.press("tab")
        assert cursor(app) == ("strengths", None)
        await pilot.press("shift+tab", "a", *"Loyal volunteers", "enter", "escape")
        await pilot.pause()
        assert [i.text for i in app.workbook.swot.threats] == ["Loyal volunteers"]
        assert "Loyal volunteers" in lines(app, "threats")[0]


async def test_arrows_and_hjkl_move_within_and_across_quadrants(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("j", "down")
        assert cursor(app) == ("strengths", "str-wz6m")
        await pilot.press("k")
        assert cursor(app) == ("strengths", "str-b83k")
        await pilot.press("l")
        assert cursor(app)[0] == "weaknesses"
        await pilot.pause()
        lit = app.screen.query_one("#title-weaknesses").styles.background
        assert lit != app.screen.query_one("#title-strengths").styles.background  # the focused quadrant stands out
        await pilot.press("left")
        assert cursor(app) == ("strengths", "str-b83k")  # each quadrant keeps its cursor
        await pilot.press("up", "up")  # top edge of the top row: stays
        assert cursor(app) == ("strengths", "str-4hq7")
        await pilot.press("h")  # left edge: stays
        assert cursor(app) == ("strengths", "str-4hq7")
        await pilot.press(*["j"] * 5, "j")  # past the last strength: on to the first opportunity
        assert cursor(app) == ("opportunities", "opp-2b8d")
        await pilot.press("k")  # and back up to the last strength
        assert cursor(app) == ("strengths", "str-e0ry")
        await pilot.press("down", "right")
        assert cursor(app)[0] == "threats"
        await pilot.press("k")
        assert cursor(app) == ("weaknesses", "wea-0qzm")


async def test_tab_cycles_the_quadrants(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        seen = []
        for _ in range(4):
            await pilot.press("tab")
            seen.append(cursor(app)[0])
        assert seen == ["weaknesses", "opportunities", "threats", "strengths"]
        await pilot.press("shift+tab")
        assert cursor(app)[0] == "threats"


async def test_adding_ten_items_in_a_row_keeps_the_box_ready(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        await pilot.press("j", "a")
        box = screen.query_one("#swot-input", Input)
        assert app.focused is box
        assert "Add to Strengths" in str(screen.query_one("#swot-bar-label", Static).render())
        assert screen.query_one("#q-strengths").has_class("-adding")
        for n in range(10):
            await type_text(pilot, f"Idea {n}")
            await pilot.press("enter")
            assert app.focused is box and box.value == ""
        await pilot.pause()
        texts = [i.text for i in app.workbook.swot.strengths]
        assert texts[2:12] == [f"Idea {n}" for n in range(10)]  # in typing order, after the cursor
        assert all(i.weight == 3 and i.id.startswith("str-") for i in app.workbook.swot.strengths[2:12])
        assert "Strengths  16" in title(app, "strengths")
        assert "Idea 9" in lines(app, "strengths")[11]
        await pilot.press("enter")  # enter on an empty box closes it
        await pilot.pause()
        assert cursor(app) == ("strengths", app.workbook.swot.strengths[11].id)
        assert not box.display
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(app.workbook.swot.strengths) == 15
        assert all("Idea 9" not in line for line in lines(app, "strengths"))


async def test_tab_in_the_add_box_switches_the_quadrant(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        await pilot.press("a", *"A strength", "enter", "tab", "tab", "tab", *"A threat", "enter", "escape")
        await pilot.pause()
        assert app.workbook.swot.strengths[1].text == "A strength"
        assert app.workbook.swot.threats[1].text == "A threat"  # after the threats' cursor
        assert cursor(app)[0] == "threats"
        assert not screen.query_one("#swot-input", Input).display
        assert not screen.query(".quadrant.-adding")


async def test_enter_and_e_edit_text_weight_and_notes(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("f7", *"Three patents", "tab", "5", "tab", *"Checked by counsel", "ctrl+s")
        await pilot.pause()
        item = app.workbook.swot.strengths[0]
        assert (item.id, item.text, item.weight) == ("str-4hq7", "Three patents", 5)
        assert item.notes.startswith("Checked by counsel")
        assert lines(app, "strengths")[0] == "\u25cf" * 5 + "   Three patents"
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.workbook.swot.strengths[0].text == "Three patents"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workbook.swot.strengths[0].text.startswith("Two patents")
        assert "Two patents" in lines(app, "strengths")[0]


async def test_delete_is_undoable(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("tab", "j", "d")  # a weakness no strategy links
        await pilot.pause()
        assert "wea-3fj8" in ids(app, "weaknesses")  # linked by WT: asks first
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape", "j", "d")
        await pilot.pause()
        assert "wea-u6nb" in ids(app, "weaknesses")  # linked by WO: asks too
        await pilot.press("escape", "j", "d")  # a goal links this one: asks too; u deletes and unlinks
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("u")
        await pilot.pause()
        assert "wea-h2d0" not in ids(app, "weaknesses")
        assert "Weaknesses  5" in title(app, "weaknesses")
        assert all("9 service engineers" not in line for line in lines(app, "weaknesses"))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert ids(app, "weaknesses")[3] == "wea-h2d0"
        assert "9 service engineers" in lines(app, "weaknesses")[3]


async def test_deleting_a_linked_item_warns_and_unlinks_in_one_undo(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "2 items link this strength" in dialog.message
        assert "SO strategy: License the adaptive gripper" in dialog.message
        assert "goal: Become the first name UK warehouses" in dialog.message
        assert [key for key, _ in dialog.answers] == ["u", "n"]  # no "delete, keep the links"
        await pilot.press("n")
        await pilot.pause()
        assert "str-4hq7" in ids(app, "strengths")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert "str-4hq7" not in ids(app, "strengths")
        assert app.workbook.strategies[0].links == ["opp-2b8d"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert ids(app, "strengths")[0] == "str-4hq7"
        assert app.workbook.strategies[0].links == ["str-4hq7", "opp-2b8d"]
        assert "str-4hq7" in app.workbook.find("gol-q8wn3").links


async def test_plus_and_minus_change_the_weight_and_a_burst_undoes_at_once(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    app.history.merge_seconds = 60.0  # the keys are one burst however loaded the machine running the test
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("plus")
        assert app.workbook.swot.strengths[0].weight == 5
        assert lines(app, "strengths")[0].startswith("\u25cf" * 5)
        await pilot.press("plus", "equals_sign")  # already 5: stays
        assert app.workbook.swot.strengths[0].weight == 5
        await pilot.press("minus", "minus", "minus", "minus", "minus", "minus")
        assert app.workbook.swot.strengths[0].weight == 1
        assert lines(app, "strengths")[0].startswith("\u25cf" + "\u25cb" * 4)
        assert "weight 1 " in status(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workbook.swot.strengths[0].weight == 4


async def test_m_then_an_arrow_moves_the_item_to_another_quadrant_keeping_its_id(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("j", "m")
        assert "Move to" in status(app)
        await pilot.press("right")
        await pilot.pause()
        assert "str-b83k" not in ids(app, "strengths")
        assert ids(app, "weaknesses")[-1] == "str-b83k"
        assert "Installed base" in lines(app, "weaknesses")[-1]
        assert "Weaknesses  7" in title(app, "weaknesses") and "Strengths  5" in title(app, "strengths")
        assert cursor(app)[0] == "strengths"  # the cursor stays to triage the next one
        await pilot.press("m", "t")  # a letter picks the quadrant directly
        await pilot.pause()
        assert ids(app, "threats")[-1] == "str-wz6m"
        await pilot.press("m", "left")  # no quadrant to the left of strengths
        await pilot.pause()
        assert len(ids(app, "strengths")) == 4
        await pilot.press("m", "escape")
        await pilot.pause()
        assert len(ids(app, "strengths")) == 4 and "Move to" not in status(app)
        await pilot.press("m", "d")  # another key only cancels the move: it does not delete
        await pilot.pause()
        assert len(ids(app, "strengths")) == 4 and isinstance(app.screen, SwotScreen)
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert ids(app, "strengths")[1:3] == ["str-b83k", "str-wz6m"]


async def test_capital_k_and_j_reorder_within_the_quadrant(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("J", "J")
        assert ids(app, "strengths")[:3] == ["str-b83k", "str-wz6m", "str-4hq7"]
        assert cursor(app) == ("strengths", "str-4hq7")
        assert "Two patents" in lines(app, "strengths")[2]
        await pilot.press("K")
        assert ids(app, "strengths")[:3] == ["str-b83k", "str-4hq7", "str-wz6m"]
        await pilot.press("K", "K")  # at the top: stays
        assert ids(app, "strengths")[0] == "str-4hq7"
        await pilot.press("shift+down")
        assert ids(app, "strengths")[1] == "str-4hq7"


async def test_o_sorts_the_quadrant_by_weight_and_undo_restores(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        before = ids(app, "strengths")
        await pilot.press("o")
        await pilot.pause()
        weights = [i.weight for i in app.workbook.swot.strengths]
        assert weights == sorted(weights, reverse=True)
        assert ids(app, "strengths")[0] == "str-b83k"
        assert "Installed base" in lines(app, "strengths")[0]
        assert cursor(app) == ("strengths", "str-4hq7")  # the cursor stays on its item
        assert ids(app, "weaknesses")[0] == "wea-9xk1"  # other quadrants untouched
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert ids(app, "strengths") == before


async def test_slash_filters_every_quadrant_and_escape_clears(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        await pilot.press("slash", *"COST")
        assert all("cost" in line.lower() for q in ("strengths", "opportunities") for line in lines(app, q)
                   if not line.startswith("No "))
        assert "Strengths  1 of 6" in title(app, "strengths")
        assert "low-cost" in lines(app, "strengths")[0]
        assert lines(app, "weaknesses") == ["No weaknesses hold 'COST'."]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.focused, QuadrantList)
        assert "Filter 'COST'" in status(app)
        await pilot.press("plus")  # keys work on the filtered board
        assert app.workbook.swot.strengths[0].weight == 5
        await pilot.press("escape")
        await pilot.pause()
        assert len(lines(app, "weaknesses")) == 6 and "Strengths  6" in title(app, "strengths")
        await pilot.press("slash", *"robot", "escape")  # escape in the box clears too
        await pilot.pause()
        assert screen.needle == "" and len(lines(app, "threats")) == 6


async def test_a_filter_leaves_the_cursor_on_a_match(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        assert cursor(app)[0] == "strengths"
        await pilot.press("slash", *"Chinese cobot", "enter")  # only a threat holds it
        await pilot.pause()
        quadrant, item_id = cursor(app)
        assert quadrant == "threats" and "Chinese cobot" in app.workbook.find(item_id).text


async def test_focus_item_puts_the_cursor_on_an_item(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("slash", *"patent", "enter")
        app.show_item("swot", "thr-q6mu")  # hidden by the filter: the filter goes
        await pilot.pause()
        assert cursor(app) == ("threats", "thr-q6mu")
        assert len(lines(app, "strengths")) == 6
        await pilot.press("1")
        await pilot.pause()
        app.show_item("swot", "opp-k9vw")  # from another section
        await pilot.pause()
        assert isinstance(app.screen, SwotScreen)
        assert cursor(app) == ("opportunities", "opp-k9vw")
        app.show_item("swot", "tow-c3xe")  # a strategy: the TOWS view, on its cell
        await pilot.pause()
        assert isinstance(app.focused, TowsList) and app.focused.kind == "WT"
        assert app.focused.highlighted_option.id == "tow-c3xe"
        app.show_item("swot", "str-e0ry")  # and back to the board
        await pilot.pause()
        assert cursor(app) == ("strengths", "str-e0ry")


async def test_palette_commands_add_filter_sort_and_switch(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        commands = {command.title: command.callback for command in app.get_system_commands(screen)}
        assert {"Add strengths", "Add threats", "Filter the SWOT board (/)", "TOWS strategies (t)"} <= set(commands)
        commands["TOWS strategies (t)"]()
        await pilot.pause()
        assert screen.showing_tows
        commands["Add threats"]()
        await pilot.pause()
        assert not screen.showing_tows and screen.box_mode == "add" and screen.box_quadrant == "threats"
        await type_text(pilot, "Port strike")
        await pilot.press("enter", "escape")
        await pilot.pause()
        assert app.workbook.swot.threats[1].text == "Port strike"
        commands["Sort the quadrant by weight (o)"]()
        await pilot.pause()
        assert [i.weight for i in app.workbook.swot.threats] == sorted(
            (i.weight for i in app.workbook.swot.threats), reverse=True)


# -- TOWS --------------------------------------------------------------------------------------------
async def test_t_shows_the_tows_cells_with_the_items_each_strategy_links(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.focused, TowsList) and app.focused.kind == "SO"
        so = cell_lines(app, "SO")
        assert so[0].startswith("License the adaptive gripper")
        assert "  S \u25cf\u25cf\u25cf\u25cf\u25cb Two patents" in so[0]
        assert "  O \u25cf\u25cf\u25cf\u25cf\u25cf Warehouse" in so[0]
        assert "SO  2" in title(app, "SO") and "strengths seize opportunities" in title(app, "SO")
        assert "WT  1" in title(app, "WT")
        await pilot.press("l")
        assert app.focused.kind == "WO"
        await pilot.press("j", "j")
        assert app.focused.kind == "WT"
        await pilot.press("tab")
        assert app.focused.kind == "SO"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.focused, QuadrantList)


async def test_creating_a_strategy_picks_items_from_both_quadrants_and_a_text(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("t", "tab", "tab")  # the ST cell
        await pilot.pause()
        assert app.focused.kind == "ST"
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StrategyDialog)
        picker = dialog.query_one(ItemPicker)
        groups = [item.group for item in picker.items]
        assert groups == ["Strengths"] * 6 + ["Threats"] * 6
        await pilot.press("space")  # first strength
        await pilot.press("enter")  # no threat yet: says so
        assert "Tick at least one of the threats" in str(dialog.query_one("#tows-dialog-error").render())
        await pilot.press("slash", *"servo", "enter", "space")  # search, then tick
        assert picker.selected_ids == ["str-4hq7", "thr-d8ak"]
        assert "1 of 6 ticked" in str(picker.picklist.options[0].prompt)
        await pilot.press("enter")  # no text yet: the text box gets focus
        assert app.focused is dialog.query_one("#tows-text")
        await type_text(pilot, "Design out Japanese servo drives")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SwotScreen)
        new = [s for s in app.workbook.strategies if s.text == "Design out Japanese servo drives"]
        assert len(new) == 1 and new[0].kind == "ST" and new[0].links == ["str-4hq7", "thr-d8ak"]
        assert new[0].id.startswith("tow-")
        shown = cell_lines(app, "ST")
        assert any(line.startswith("Design out Japanese servo") and "  T \u25cf\u25cf\u25cf\u25cb\u25cb Servo drives"
                   in line for line in shown)
        assert app.focused.highlighted_option.id == new[0].id
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert not any(s.text.startswith("Design out") for s in app.workbook.strategies)
        assert "ST  2" in title(app, "ST")


async def test_a_second_strategy_and_edit_and_delete(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("t", "l", "e")  # edit the WO strategy
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StrategyDialog)
        assert app.focused is dialog.query_one("#tows-text")
        picker = dialog.query_one(ItemPicker)
        assert picker.selected_ids == ["wea-u6nb", "opp-2b8d"]
        await pilot.press("ctrl+a", "ctrl+k", *"Open an EU office", "shift+tab")  # to the list
        await pilot.press("space")  # tick the highlighted item: the first weakness
        await pilot.press("ctrl+s")
        await pilot.pause()
        strategy = next(s for s in app.workbook.strategies if s.id == "tow-j9tb")
        assert strategy.text == "Open an EU office"
        assert strategy.links == ["wea-9xk1", "wea-u6nb", "opp-2b8d"]
        assert cell_lines(app, "WO")[0].startswith("Open an EU office")
        await pilot.press("d")  # two goals link it: asks, then deletes and unlinks
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert all(s.id != "tow-j9tb" for s in app.workbook.strategies)
        assert "WO  0" in title(app, "WO")
        assert "Which opportunities help us\novercome a weakness?" in cell_lines(app, "WO")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert any(s.id == "tow-j9tb" for s in app.workbook.strategies)


async def test_capital_k_and_j_reorder_strategies_within_their_cell(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("t", "J")
        await pilot.pause()
        order = [s.id for s in app.workbook.strategies if s.kind == "SO"]
        assert order == ["tow-h8s2", "tow-p0q1"]
        assert cell_lines(app, "SO")[1].startswith("License the adaptive gripper")
        assert app.focused.highlighted_option.id == "tow-p0q1"


async def test_board_then_tows_then_save_and_reopen(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        await pilot.press("a", *"Fast quotes", "enter", "escape", "plus", "m", "down", "t", "a")
        await pilot.pause()
        await pilot.press("space", *["j"] * 6, "space", "tab", *"Quote in a day", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    workbook = load(sample_copy).workbook
    moved = workbook.swot.opportunities[-1]
    assert (moved.text, moved.weight, moved.id[:4]) == ("Fast quotes", 4, "str-")
    strategy = workbook.strategies[1]
    assert (strategy.kind, strategy.text) == ("SO", "Quote in a day")
    assert strategy.links == ["str-4hq7", "opp-2b8d"]


# -- the picker on its own ---------------------------------------------------------------------------
class PickerApp(App[None]):
    def __init__(self, dialog: PickerDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.result: list[str] | None | str = "not yet"

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self._done)

    def _done(self, result: list[str] | None) -> None:
        self.result = result


ITEMS = [PickItem("val-aaaa", "Integrity", "Values"), PickItem("val-bbbb", "Openness", "Values"),
         PickItem("str-aaaa", "Patents", "Strengths", "\u25cf\u25cf\u25cb\u25cb\u25cb")]


async def test_picker_enter_with_nothing_ticked_takes_the_highlighted_item() -> None:
    app = PickerApp(PickerDialog("Link", ITEMS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
    assert app.result == ["val-bbbb"]


@pytest.mark.parametrize("selected, keys", [
    (["val-aaaa"], ("space",)),  # the only link unticked: saving must save none
    ([], ("space", "space")),  # ticked, then unticked: the user chose none
])
async def test_picker_enter_after_unticking_everything_saves_nothing(selected, keys) -> None:
    app = PickerApp(PickerDialog("Link", ITEMS, selected=selected))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*keys, "enter")
        await pilot.pause()
    assert app.result == []


async def test_picker_ticks_searches_and_checks() -> None:
    app = PickerApp(PickerDialog("Link", ITEMS, selected=["str-aaaa", "gol-gone"],
                                 check=lambda ids: None if len(ids) >= 2 else "Pick two"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        picker = app.screen.query_one(ItemPicker)
        assert picker.selected_ids == ["str-aaaa"]  # unknown ids are dropped
        shown = [str(o.prompt) for o in picker.picklist.options]
        assert shown[0].startswith("Values") and shown[-1] == "[x] \u25cf\u25cf\u25cb\u25cb\u25cb Patents"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Pick two" in str(app.screen.query_one("#picker-error").render())
        await pilot.press("slash", *"OPEN", "enter")
        assert [str(o.prompt) for o in picker.picklist.options] == ["Values  0 of 2 ticked", "[ ] Openness"]
        await pilot.press("space", "enter")
        await pilot.pause()
    assert app.result == ["val-bbbb", "str-aaaa"]


async def test_picker_escape_clears_the_search_then_cancels() -> None:
    app = PickerApp(PickerDialog("Link", ITEMS))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"zzz")
        picker = app.screen.query_one(ItemPicker)
        assert "Nothing matches 'zzz'" in str(picker.picklist.options[0].prompt)
        await pilot.press("escape")
        assert len(picker.picklist.options) == 5 and app.result == "not yet"
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None


# -- hostile text -------------------------------------------------------------------------------------
def screen_text(app) -> str:
    """Every character the screen would draw now."""
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())


async def test_hostile_items_and_strategies_show_literally(tmp_path: Path) -> None:
    workbook = hostile_workbook()
    kinds = ("SO", "ST", "WO", "WT")
    workbook.strategies = [  # a strategy holding each hostile string, linking items that hold them too
        Strategy(f"tow-x{i:03d}", kinds[i % 4], hostile,
                 [f"{STRATEGY_QUADRANTS[kinds[i % 4]][0][:3]}-h{i:03d}", f"{STRATEGY_QUADRANTS[kinds[i % 4]][1][:3]}-h{i:03d}"])
        for i, hostile in enumerate(HOSTILE)
    ]
    path = tmp_path / "hostile.toml"
    save(workbook, path)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        for quadrant in ("strengths", "weaknesses", "opportunities", "threats"):
            shown = lines(app, quadrant)
            for hostile, line in zip(HOSTILE, shown, strict=True):
                assert for_display(hostile) in line
            assert all("\x1b" not in line and "\x07" not in line for line in shown)
        drawn = screen_text(app)
        assert "\x1b" not in drawn and "\u241b]0;pwn" in drawn  # ESC drawn as a symbol, never sent
        await pilot.press("j", "j", "j", "j", "j")  # onto the item whose text holds ESC
        notes = app.workbook.swot.strengths[5].notes
        assert for_display(notes) in status(app)  # its notes, literally
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("escape", "slash", *"[/]", "enter")
        await pilot.pause()
        assert "Filter '[/]'" in status(app)
        await pilot.press("escape", "t")
        await pilot.pause()
        prompts = [line for kind in kinds for line in cell_lines(app, kind)]
        for hostile in HOSTILE:  # each strategy's text, and the items it links, literally
            assert sum(line.startswith(for_display(hostile) + "\n") for line in prompts) == 1
            linked = [row for line in prompts for row in line.split("\n")[1:] if row.endswith(" " + for_display(hostile))]
            assert len(linked) == 2
        assert all("\x1b" not in line and "\x07" not in line for line in prompts)
        assert "\x1b" not in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, StrategyDialog)
        await pilot.press("escape", "a")
        await pilot.pause()
        shown = [str(o.prompt) for o in app.screen.query_one(ItemPicker).picklist.options]
        assert any(for_display(HOSTILE[5]) in line for line in shown)
        assert "\x1b" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, SwotScreen)


# -- snapshots -------------------------------------------------------------------------------------------
@pytest.fixture
def sample_app(tmp_path: Path, monkeypatch):
    """The Acme sample, from a private copy (nobody else's lock) under its own name (the header shows it)."""
    shutil.copy(SAMPLES / "acme-robotics.toml", tmp_path / "acme-robotics.toml")
    monkeypatch.chdir(tmp_path)
    return lambda: open_workbook("acme-robotics.toml")


async def _board(pilot) -> None:
    await open_board(pilot)
    await pilot.press("j")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_board(snap_compare, sample_app, size) -> None:
    assert snap_compare(sample_app(), terminal_size=size, run_before=_board)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_empty_board(snap_compare, tmp_path: Path, monkeypatch, size) -> None:
    monkeypatch.chdir(tmp_path)  # the header names the file: keep it the same in every run
    assert snap_compare(open_workbook("new.toml"), terminal_size=size, run_before=open_board)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_tows(snap_compare, sample_app, size) -> None:
    async def tows(pilot) -> None:
        await open_board(pilot)
        await pilot.press("t")
        await pilot.pause()

    assert snap_compare(sample_app(), terminal_size=size, run_before=tows)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_strategy_dialog(snap_compare, sample_app, size) -> None:
    async def dialog(pilot) -> None:
        await open_board(pilot)
        await pilot.press("t", "a", "space", "j", "space")
        await pilot.pause()

    assert snap_compare(sample_app(), terminal_size=size, run_before=dialog)


async def test_slash_in_tows_filters_the_strategies_and_typing_lands_in_the_box(sample_copy: Path) -> None:
    """/ is the filter in TOWS too: the typed word filters the strategies (by their text or the
    items they pair), and its letters are never taken as keys (e opening an edit, enter saving it)."""
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        await pilot.press("t", "slash", *"Chinese", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SwotScreen) and screen.showing_tows
        assert screen.needle == "Chinese"
        assert [s.text for s in app.workbook.strategies] == [s.text for s in load(sample_copy).workbook.strategies]
        # Only the ST strategy pairing the Chinese cobot threat is left, and the cursor is on it.
        assert cell_lines(app, "ST")[0].startswith("Compete with low-cost arms")
        assert not any(line.startswith("Build Machinery") for line in cell_lines(app, "ST"))
        assert cell_lines(app, "SO") == ["No strategies hold 'Chinese'."]
        assert "ST  1 of 2" in title(app, "ST")
        assert isinstance(app.focused, TowsList) and app.focused.highlighted_option.id == "tow-5vya"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.needle == "" and "SO  2" in title(app, "SO")
        assert cell_lines(app, "SO")[0].startswith("License the adaptive gripper")


# -- a filter typed and taken back: what it kept, and the rows drawn, are kept while nothing changes --
QUADRANT_IDS = ("strengths", "weaknesses", "opportunities", "threats")


def drawn_board(app) -> dict[str, list[str]]:
    """Each quadrant's title and rows, and its lines as drawn on screen from the top (the first
    column, where the focus mark goes, left out): what the user sees of it."""
    board = {}
    for quadrant in QUADRANT_IDS:
        rows = app.screen.query_one(f"#{quadrant}", QuadrantList)
        rows.scroll_to(y=0, animate=False, immediate=True)
        board[quadrant] = [title(app, quadrant), *(str(option.prompt) for option in rows.options),
                           *(rows.render_line(y).text[1:] for y in range(rows.size.height))]
    return board


def board_drawn_afresh(app) -> dict[str, list[str]]:
    """The same, every row made and drawn again from the workbook."""
    for quadrant in QUADRANT_IDS:
        app.screen.query_one(f"#{quadrant}", QuadrantList).refresh_all_rows()
    return drawn_board(app)


def board_of_the_workbook(app, needle: str) -> dict[str, list[str]]:
    """The rows the workbook has for this filter, as the board writes them."""
    return {quadrant: [str(item_prompt(item)) for item in filter_items(app.workbook.swot.quadrant(quadrant), needle)]
            for quadrant in QUADRANT_IDS}


async def board_with_filter(app, pilot, needle: str) -> dict[str, list[str]]:
    screen = app.screen
    await pilot.press("slash")
    for character in needle:
        await pilot.press(character)
    await pilot.pause()
    assert screen.needle == needle
    return drawn_board(app)


# In two parts, each making every change in turn (a filter on, as the change comes) and looking at the
# board after some of them: the first after the edit, undo and redo, the second after the reload and
# in a fresh app. One test of all took 2.6-3.0 s of processor time (5.1 s in CI); most of it is the
# filters typed to look and the fresh app.
@pytest.mark.parametrize("looked_at", [("edit", "undo", "redo"), ("reload",)], ids=["edit-undo-redo", "reload"])
async def test_a_filter_taken_back_shows_the_board_as_it_is_after_edit_undo_redo_and_reload(
        sample_copy: Path, tmp_path: Path, looked_at: tuple[str, ...]) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_board(pilot)
        hidden = next(item for item in app.workbook.swot.weaknesses if "cost" not in item.text.lower())
        await board_with_filter(app, pilot, "cost")
        for _ in "cost":  # every needle worked out once, every row drawn once
            await pilot.press("backspace")
        await pilot.pause()
        assert screen.needle == ""

        def reload() -> None:
            workbook = copy.deepcopy(app.workbook)
            workbook.swot.weaknesses[1].weight = 1 if workbook.swot.weaknesses[1].weight != 1 else 2
            next(i for i in workbook.swot.weaknesses if i.id == hidden.id).text = "Reloaded: a cost after all"
            app.replace_workbook(workbook, "reloaded")

        steps = [("edit", lambda: app.apply(SetFields(hidden.id, {"text": "A cost we had not seen", "weight": 1}))),
                 ("undo", app.action_undo), ("redo", app.action_redo), ("reload", reload)]
        for step, change in steps:
            await pilot.press("slash", "c", "o")  # a filter that hides the item when the change comes
            await pilot.pause()
            change()
            await pilot.pause()
            for needle in ("cost", "") if step in looked_at else ():
                await pilot.press("escape")
                await pilot.pause()
                ours = await board_with_filter(app, pilot, needle)
                where = f"after the {step}, filter {needle!r}"
                expected = board_of_the_workbook(app, needle)
                assert all(ours[q][1:1 + len(expected[q])] == expected[q] for q in QUADRANT_IDS if expected[q]), where
                assert ours == board_drawn_afresh(app), where
            await pilot.press("escape")
            await pilot.pause()
        if "reload" not in looked_at:
            return

        # and what a fresh app shows
        ours = await board_with_filter(app, pilot, "cost")
        save(app.workbook, tmp_path / "fresh.toml")
        fresh = open_workbook(tmp_path / "fresh.toml")
        async with fresh.run_test(size=SIZE) as fresh_pilot:
            await open_board(fresh_pilot)
            assert ours == await board_with_filter(fresh, fresh_pilot, "cost")


@pytest.mark.every_frame
async def test_rows_a_filter_moves_or_hides_and_shows_again_are_not_drawn_again(sample_copy: Path, monkeypatch) -> None:
    """Typing a filter and taking it back draws no row twice: a row at a new place gets its place put
    on the lines it has (LazyOptionList._get_option_render, over Textual 8.2.8's OptionList's)."""
    taken, made = [], []
    take, make = QuadrantList._get_option_render, QuadrantList._get_visual
    monkeypatch.setattr(QuadrantList, "_get_option_render", lambda self, *args: taken.append(1) or take(self, *args))
    monkeypatch.setattr(QuadrantList, "_get_visual", lambda self, option: made.append(option.id) or make(self, option))
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_board(pilot)
        for _ in range(2):
            made.clear()
            await pilot.press("slash", *"co", "backspace", "backspace", "escape")
            await pilot.pause()
        assert taken, "the override is not called"
        assert made == [], "rows drawn again"
        assert lines(app, "strengths") == [str(item_prompt(item)) for item in app.workbook.swot.strengths]


async def test_a_strategy_pairing_something_other_than_a_swot_item_says_so(tmp_path) -> None:
    """A hand edit paired a goal in a TOWS strategy: the board said the goal "is not in this
    workbook", which it is."""
    path = tmp_path / "plan.toml"
    path.write_text("[workbook]\nschema = 1\n[[goals]]\nid = 'gol-aaaa'\ntitle = 'Grow'\n"
                    "[[strategies]]\nid = 'tow-aaaa'\nkind = 'SO'\ntext = 'Pair'\nlinks = ['gol-aaaa', 'str-gone']\n",
                    encoding="utf-8")
    app = open_workbook(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("3", "t")
        await pilot.pause()
        shown = screen_text(app)
        assert "gol-aaaa is not a SWOT item here" in shown and "str-gone is not a SWOT item here" in shown


@pytest.mark.parametrize("ascii_only", [False, True])
async def test_a_line_cut_short_says_so_while_items_are_marked(sample_copy: Path, monkeypatch, ascii_only: bool) -> None:
    # Found from outside: with an item marked, the marks' column pushed each line two cells on,
    # and a long text lost its ellipsis with them: 'Two patents on low-cost ad' read as whole.
    from tests.ui.test_focus_visible import plain_lines
    from tui.glyphs import ASCII, UNICODE

    if ascii_only:
        monkeypatch.setenv("TERM", "linux")  # the Linux console: ASCII only
    sign = (ASCII if ascii_only else UNICODE).ellipsis_text[:1]
    app = open_workbook(sample_copy, start="swot")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()

        def strengths() -> list[str]:
            left = app.screen.quadrant_list("strengths").region
            return [line[left.x:left.right].rstrip() for line in plain_lines(app)[left.y:left.y + 6]]

        before = strengths()
        cut = [i for i, line in enumerate(before) if line.endswith(sign)]
        assert cut, before
        await pilot.press("asterisk")
        await pilot.pause()
        after = strengths()
        assert "*" in after[0]
        assert [i for i, line in enumerate(after) if line.endswith(sign)] == cut, after
