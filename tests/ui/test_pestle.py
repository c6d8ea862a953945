"""The PESTLE checklist: every key, promotion to the SWOT, the impact-by-likelihood grid,
saving, hostile text, and snapshots at 80x24 and 120x40."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.app import App
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import DuplicateID

from tests.ui.conftest import HOSTILE, hostile_workbook, type_text
from tui.app import StratbookApp, open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.modals.pestle_prompts import PromptPicker
from tui.model.edits import SetFields
from tui.model.pestle import GUIDES, promoted_index
from tui.model.text import for_display
from tui.model.workbook import PestleItem
from tui.screens.pestle import HEADER, PestleScreen
from tui.store import load, save
from tui.widgets.matrix import ImpactMatrix
from tui.widgets.lines import LazyOptionList, RowOption
from tui.widgets.pestle_list import PestleChecklist

SIZE = (80, 24)


def screen(app: StratbookApp) -> PestleScreen:
    assert isinstance(app.screen, PestleScreen)
    return app.screen


def checklist(app: StratbookApp) -> PestleChecklist:
    return app.screen.query_one("#pestle-list", PestleChecklist)


def rows(app: StratbookApp, list_id: str = "#pestle-list") -> list[str]:
    """What each row of a list shows, as plain text."""
    return [str(option.prompt) for option in app.screen.query_one(list_id, OptionList).options]


def shown(app: StratbookApp, widget_id: str) -> str:
    return str(app.screen.query_one(widget_id, Static).render())


def item(app: StratbookApp, item_id: str) -> PestleItem:
    found = app.workbook.find(item_id)
    assert isinstance(found, PestleItem)
    return found


async def go_to(pilot, app: StratbookApp, row_id: str) -> None:
    assert checklist(app).highlight_id(row_id)
    await pilot.pause()


def row_of(app: StratbookApp, row_id: str) -> str:
    index = checklist(app).index_of(row_id)
    assert index is not None
    return rows(app)[index]


async def form_values(pilot, app: StratbookApp, **values) -> None:
    """Set fields of the open form (typing is tested where an item is added)."""
    form = app.screen
    assert isinstance(form, FormDialog)
    for key, value in values.items():
        widget = form.query_one(f"#field-{key}")
        widget.value = value
    await pilot.pause()


def opened(path: Path, start: str = "pestle") -> StratbookApp:
    """The app on `path`, showing PESTLE; it keeps every notification in `app.notes`."""
    app = open_workbook(path, start=start)
    app.notes = []  # type: ignore[attr-defined]
    notify = app.notify

    def recorded(message: str, *, title: str = "", severity: str = "information", **rest) -> None:
        app.notes.append((message, title, severity))  # type: ignore[attr-defined]
        notify(message, title=title, severity=severity, **rest)  # type: ignore[arg-type]

    app.notify = recorded  # type: ignore[method-assign]
    return app


@asynccontextmanager
async def running(path: Path, size: tuple[int, int] = SIZE, start: str = "pestle"):
    """The app on `path` running at `size` and settled: `async with running(path) as (app, pilot)`."""
    app = opened(path, start)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


def last_note(app: StratbookApp) -> tuple[str, str, str]:
    """(message, title, severity) of the last notification."""
    return app.notes[-1]  # type: ignore[attr-defined]


# -- the six factors ------------------------------------------------------------------------------


async def test_six_factor_groups_in_order_with_progress_reviewed_flag_and_explanation(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        headers = [row for row in rows(app) if not row.startswith("  ")]
        assert [h.split()[1] for h in headers] == [g.title for g in GUIDES.values()]
        assert headers[0].startswith("P Political [2/3] \u2713 reviewed")
        assert "How government and politics can help or hinder us." in headers[0]
        assert headers[2].startswith("S Social [1/2] not reviewed")
        progress = shown(app, "#pestle-progress")
        assert "Reviewed 4/6 factors" in progress and "Checked 10/16 items" in progress
        assert "In the SWOT 5" in progress
        assert app.focused is checklist(app)


async def test_guide_shows_the_factors_prompts_and_notes_and_the_item_in_full(sample_copy: Path) -> None:
    async with running(sample_copy, size=(120, 40)) as (app, pilot):
        guide = shown(app, "#pestle-guide")
        assert "Political" in guide and "How government and politics" in guide
        assert all(prompt in guide for prompt in GUIDES["political"].prompts)
        assert "Reviewed with our Made Smarter adviser" in guide
        await pilot.press("down")
        guide = shown(app, "#pestle-guide")
        assert "New export-control rules on robotics parts with possible dual use" in guide
        assert "impact 4/5, likelihood 3/5, score 12, threat" in guide
        await pilot.press("n", "n", "n", "n")  # to the legal factor
        assert "Laws and rules we must follow" in shown(app, "#pestle-guide")


async def test_an_empty_workbook_shows_six_empty_factors_that_invite_an_item(tmp_path: Path) -> None:
    async with running(tmp_path / "new.toml") as (app, pilot):
        assert len(rows(app)) == 6
        assert all("[0/0]" in row and "no items yet: a adds one" in row for row in rows(app))
        assert "Checked 0/0 items" in shown(app, "#pestle-progress")


# -- checking, rating, reviewing ---------------------------------------------------------------------------


async def test_space_checks_and_unchecks_an_item_and_progress_follows(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-h9tn3")
        assert row_of(app, "pes-h9tn3").startswith("  [ ]")
        await pilot.press("space")
        assert item(app, "pes-h9tn3").checked
        assert row_of(app, "pes-h9tn3").startswith("  [x]")
        assert "[3/3]" in row_of(app, HEADER + "political")
        assert "Checked 11/16 items" in shown(app, "#pestle-progress")
        await pilot.press("space")
        assert not item(app, "pes-h9tn3").checked
        await pilot.press("space", "ctrl+z")
        assert not item(app, "pes-h9tn3").checked
        assert "[2/3]" in row_of(app, HEADER + "political")


async def test_r_and_space_on_a_factor_row_mark_the_factor_reviewed(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-k0w5")  # an item of the social factor
        await pilot.press("r")
        assert app.workbook.pestle.factors["social"].reviewed
        assert "\u2713 reviewed" in row_of(app, HEADER + "social")
        assert "Reviewed 5/6 factors" in shown(app, "#pestle-progress")
        await go_to(pilot, app, HEADER + "social")
        await pilot.press("space")
        assert not app.workbook.pestle.factors["social"].reviewed
        assert "not reviewed" in row_of(app, HEADER + "social")


async def test_rating_keys_change_impact_and_likelihood_and_a_burst_undoes_at_once(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-h9tn3")  # impact 2, likelihood 3
        await pilot.press("plus", "plus")
        assert item(app, "pes-h9tn3").impact == 4
        assert "\u25cf\u25cf\u25cf\u25cf\u25cb  \u25cf\u25cf\u25cf\u25cb\u25cb" in row_of(app, "pes-h9tn3")
        await pilot.press("plus", "plus", "plus")
        assert item(app, "pes-h9tn3").impact == 5  # stops at the top
        await pilot.press("minus")
        assert item(app, "pes-h9tn3").impact == 4
        await pilot.press("greater_than_sign", "greater_than_sign", "less_than_sign")
        assert item(app, "pes-h9tn3").likelihood == 4
        await pilot.press("full_stop", "comma", "comma", "comma", "comma", "comma")
        assert item(app, "pes-h9tn3").likelihood == 1  # stops at the bottom
        await pilot.press("ctrl+z")  # the likelihood burst
        assert item(app, "pes-h9tn3").likelihood == 3
        await pilot.press("ctrl+z")  # the impact burst
        assert item(app, "pes-h9tn3").impact == 2


async def test_t_cycles_the_effect(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-h9tn3")  # neutral
        await pilot.press("t")
        assert item(app, "pes-h9tn3").effect == "opportunity"
        assert "\u25b2 opport." in row_of(app, "pes-h9tn3")
        await pilot.press("t")
        assert item(app, "pes-h9tn3").effect == "threat"
        await pilot.press("t")
        assert item(app, "pes-h9tn3").effect == "neutral"


async def test_keys_on_a_factor_row_that_need_an_item_change_nothing(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        before = app.revision
        await pilot.press("plus", "greater_than_sign", "t", "d", "g")
        await pilot.pause()
        assert app.revision == before and isinstance(app.screen, PestleScreen)
        await pilot.press("p")
        assert app.revision == before
        assert "Move to an item first" in last_note(app)[0]


# -- moving around ------------------------------------------------------------------------------------------


async def test_n_and_shift_n_jump_between_factors_and_j_k_move(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await pilot.press("n")
        assert checklist(app).highlighted_id == HEADER + "economic"
        await pilot.press("N", "N")
        assert checklist(app).highlighted_id == HEADER + "environmental"  # wraps round
        await pilot.press("n", "j")
        assert checklist(app).highlighted_id == "pes-x81c"
        await pilot.press("k")
        assert checklist(app).highlighted_id == HEADER + "political"


async def test_focus_item_puts_the_cursor_on_a_pestle_item(sample_copy: Path) -> None:
    async with running(sample_copy, start="vmv") as (app, pilot):
        app.show_item("pestle", "pes-m6ty")
        await pilot.pause()
        assert checklist(app).highlighted_id == "pes-m6ty"
        assert "EU Machinery Regulation" in shown(app, "#pestle-guide")


# -- adding, editing, deleting ---------------------------------------------------------------------------------


async def test_a_adds_an_item_written_from_scratch_below_the_cursor(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-v7bd")  # first economic item
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PromptPicker)
        await pilot.press("enter")  # write my own
        await pilot.pause()
        await type_text(pilot, "Carbon tax on steel imports")
        await form_values(pilot, app, impact=4, likelihood=2, effect="threat")
        await pilot.press("ctrl+s")
        await pilot.pause()
        items = app.workbook.pestle.factors["economic"].items
        new = items[1]
        assert (new.text, new.impact, new.likelihood, new.effect, new.checked) == \
            ("Carbon tax on steel imports", 4, 2, "threat", False)
        assert new.id.startswith("pes-")
        assert checklist(app).highlighted_id == new.id
        assert row_of(app, new.id) == "  [ ] \u25cf\u25cf\u25cf\u25cf\u25cb  \u25cf\u25cf\u25cb\u25cb\u25cb  " \
            "\u25bc threat       Carbon tax on steel imports"
        assert "[2/4]" in row_of(app, HEADER + "economic")
        await pilot.press("ctrl+z")
        assert len(app.workbook.pestle.factors["economic"].items) == 3
        assert checklist(app).index_of(new.id) is None


async def test_a_adds_an_item_from_a_guiding_prompt_and_the_picker_then_marks_it_used(tmp_path: Path) -> None:
    async with running(tmp_path / "new.toml") as (app, pilot):
        await pilot.press("n", "n", "n", "n", "n")  # environmental, still empty
        await pilot.press("a")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PromptPicker)
        listed = [str(o.prompt) for o in picker.query_one(OptionList).options]
        assert "Climate risk and extreme weather" in listed[1]
        assert len(listed) == 1 + len(GUIDES["environmental"].prompts)
        await pilot.press("down", "enter")  # the first prompt
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-text").value == "Climate risk and extreme weather: "
        await type_text(pilot, "floods at the Leeds site")
        await pilot.press("enter")
        await pilot.pause()
        [added] = app.workbook.pestle.factors["environmental"].items
        assert added.text == "Climate risk and extreme weather: floods at the Leeds site"
        await pilot.press("a")
        await pilot.pause()
        listed = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        assert listed[1].startswith("\u2713 Climate risk") and "already has an item" in listed[1]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PestleScreen)
        assert len(app.workbook.pestle.factors["environmental"].items) == 1


async def test_a_prompt_kept_as_it_is_loses_its_trailing_colon(tmp_path: Path) -> None:
    async with running(tmp_path / "new.toml") as (app, pilot):
        await pilot.press("a", "down", "down", "enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert [i.text for i in app.workbook.pestle.factors["political"].items] == ["Tax policy and incentives"]


@pytest.mark.parametrize("key", ["e", "enter"])
async def test_e_and_enter_edit_text_impact_likelihood_and_effect(sample_copy: Path, key: str) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-6wkr")
        await pilot.press(key)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialog)
        assert form.query_one("#field-text").value.startswith("A weaker pound")
        assert (form.query_one("#field-impact").value, form.query_one("#field-likelihood").value,
                form.query_one("#field-effect").value) == (3, 2, "threat")
        assert "almost certain" in str(form.query_one("#field-likelihood").render())
        await form_values(pilot, app, text="Sterling falls 10% against the yen", impact=5, likelihood=4)
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = item(app, "pes-6wkr")
        assert (edited.text, edited.impact, edited.likelihood) == ("Sterling falls 10% against the yen", 5, 4)
        assert "Sterling falls 10%" in row_of(app, "pes-6wkr")
        await pilot.press("ctrl+z")
        assert item(app, "pes-6wkr").text.startswith("A weaker pound")


async def test_cancelling_the_form_changes_nothing(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-6wkr")
        before = app.revision
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.revision == before and not app.dirty


async def test_e_on_a_factor_row_edits_its_notes(sample_copy: Path) -> None:
    async with running(sample_copy, size=(120, 40)) as (app, pilot):
        await go_to(pilot, app, HEADER + "economic")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await type_text(pilot, "Checked with the bank in May")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.workbook.pestle.factors["economic"].notes == "Checked with the bank in May"
        assert "Checked with the bank in May" in shown(app, "#pestle-guide")


async def test_d_deletes_and_ctrl_z_brings_it_back(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-6wkr")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("u")  # a risk came from it: delete and unlink
        await pilot.pause()
        assert app.workbook.find("pes-6wkr") is None
        assert app.workbook.find("rsk-y6pn").source is None
        assert checklist(app).index_of("pes-6wkr") is None
        assert checklist(app).highlighted_id == "pes-c2ya"  # the next item
        assert "[2/2]" in row_of(app, HEADER + "economic")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [i.id for i in app.workbook.pestle.factors["economic"].items] == ["pes-v7bd", "pes-6wkr", "pes-c2ya"]
        assert app.workbook.find("rsk-y6pn").source == "pes-6wkr"
        assert checklist(app).index_of("pes-6wkr") == checklist(app).index_of("pes-v7bd") + 1
        assert checklist(app).highlighted_id == "pes-6wkr"


async def test_an_item_taken_out_above_the_cursor_leaves_the_cursor_on_its_item(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-x81c")
        await pilot.press("d", "u", "ctrl+z")  # (a risk came from it: delete and unlink)
        await pilot.pause()
        assert checklist(app).highlighted_id == "pes-x81c"  # undo shows what came back
        await go_to(pilot, app, "pes-m6ty")
        await pilot.press("ctrl+y")  # the item far above goes again
        await pilot.pause()
        assert checklist(app).highlighted_id == "pes-m6ty"


async def test_deleting_a_promoted_item_keeps_its_swot_item_without_a_dangling_link(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        swot_id = promoted_index(app.workbook)["pes-v7bd"][1]
        await go_to(pilot, app, "pes-v7bd")
        await pilot.press("d")  # the SWOT item that came from it links it: asks, like every link
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "SWOT item: " in app.screen.message
        await pilot.press("u")
        await pilot.pause()
        assert app.workbook.find("pes-v7bd") is None
        assert app.workbook.find(swot_id).source is None
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workbook.find(swot_id).source == "pes-v7bd"
        assert "SWOT" in row_of(app, "pes-v7bd")


async def test_deleting_an_item_a_goal_links_asks_first(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        goal = app.workbook.goals[0]
        app.apply(SetFields(goal.id, {"links": [*goal.links, "pes-6wkr"]}))
        await go_to(pilot, app, "pes-6wkr")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.workbook.find("pes-6wkr") is not None
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert app.workbook.find("pes-6wkr") is None
        assert "pes-6wkr" not in app.workbook.goals[0].links


# -- promotion to the SWOT -----------------------------------------------------------------------------------------


async def test_p_promotes_a_threat_with_source_and_weight_and_twice_does_not_duplicate(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        threats = len(app.workbook.swot.threats)
        await go_to(pilot, app, "pes-x81c")  # threat, impact 4, not yet in the SWOT
        assert "SWOT" not in row_of(app, "pes-x81c")
        await pilot.press("p")
        await pilot.pause()
        added = app.workbook.swot.threats[-1]
        assert (added.text, added.weight, added.source) == (item(app, "pes-x81c").text, 4, "pes-x81c")
        assert added.id.startswith("thr-")
        assert "SWOT" in row_of(app, "pes-x81c")
        assert "In the SWOT 6" in shown(app, "#pestle-progress")
        assert "in the SWOT as a threat (g goes there)" in shown(app, "#pestle-guide")
        await pilot.press("p")
        await pilot.pause()
        assert len(app.workbook.swot.threats) == threats + 1
        assert "Already in the SWOT as a threat" in last_note(app)[0]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(app.workbook.swot.threats) == threats
        assert "SWOT" not in row_of(app, "pes-x81c")


async def test_p_promotes_an_opportunity_to_the_opportunities(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-c2ya")  # opportunity, impact 4
        await pilot.press("p")
        await pilot.pause()
        added = app.workbook.swot.opportunities[-1]
        assert (added.source, added.weight) == ("pes-c2ya", 4) and added.id.startswith("opp-")


async def test_p_refuses_a_neutral_item_and_says_why(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        before = app.revision
        await go_to(pilot, app, "pes-h9tn3")  # neutral
        await pilot.press("p")
        await pilot.pause()
        assert app.revision == before
        message, title, severity = last_note(app)
        assert (title, severity) == ("Not promoted", "warning")
        assert "neutral" in message and "set its effect first" in message
        assert promoted_index(app.workbook).get("pes-h9tn3") is None


async def test_g_goes_to_the_swot_item_and_says_so_when_there_is_none(sample_copy: Path) -> None:
    app = opened(sample_copy)
    jumps: list[tuple[str, str]] = []
    app.show_item = lambda mode, item_id: jumps.append((mode, item_id))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(pilot, app, "pes-x81c")
        await pilot.press("g")
        await pilot.pause()
        assert jumps == []
        assert "Not in the SWOT yet" in last_note(app)[0]
        swot_id = promoted_index(app.workbook)["pes-g4m2"][1]
        await go_to(pilot, app, "pes-g4m2")
        await pilot.press("g")
        await pilot.pause()
        assert jumps == [("swot", swot_id)]


async def test_g_lands_on_the_promoted_item_in_the_swot_board(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-x81c")
        await pilot.press("p", "g")
        await pilot.pause()
        await pilot.pause()
        swot_id = promoted_index(app.workbook)["pes-x81c"][1]
        assert app.current_mode == "swot"
        assert getattr(app.focused, "highlighted_id", None) == swot_id


# -- the grid ------------------------------------------------------------------------------------------------------


async def test_v_shows_the_grid_with_counts_and_every_item_ranked(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await pilot.press("v")
        await pilot.pause()
        matrix = app.screen.query_one(ImpactMatrix)
        assert app.focused is matrix
        assert matrix.count_at(4, 5) == 2 and matrix.count_at(2, 3) == 4 and matrix.count_at(5, 5) == 0
        assert matrix.cursor == (4, 5)  # the cell of the top-ranked item
        drawn = str(matrix.render()).splitlines()
        assert drawn[0].startswith("  impact 5 \u2502")
        assert drawn[1].split("\u2502")[1].split() == ["\u00b7", "\u00b7", "1", "2", "[2]"]  # impact 4, cursor
        assert drawn[-1].split() == ["likelihood", "1", "2", "3", "4", "5"]
        ranked = rows(app, "#pestle-ranked")
        assert len(ranked) == 16
        assert [int(row.split()[0]) for row in ranked] == sorted((int(r.split()[0]) for r in ranked), reverse=True)
        assert ranked[0].startswith("20 4\u00d75 Soc [x]")
        cell = rows(app, "#pestle-cell-list")
        assert len(cell) == 2 and "Labour shortages" in cell[0] and "EU Machinery Regulation" in cell[1]
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is checklist(app)
        await pilot.press("v", "v")  # v goes back too
        await pilot.pause()
        assert app.focused is checklist(app) and not screen(app).grid_shown


async def test_moving_over_the_grid_lists_each_cells_items(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-h9tn3")  # impact 2, likelihood 3: the grid opens on its cell
        await pilot.press("v")
        await pilot.pause()
        matrix = app.screen.query_one(ImpactMatrix)
        assert matrix.cursor == (2, 3)
        assert "Impact 2, likelihood 3: 4 items" in shown(app, "#pestle-cell-title")
        assert len(rows(app, "#pestle-cell-list")) == 4
        await pilot.press("up", "right")  # impact 3, likelihood 4
        assert matrix.cursor == (3, 4)
        assert "Impact 3, likelihood 4: 3 items" in shown(app, "#pestle-cell-title")
        assert any("Bank Rate" in row for row in rows(app, "#pestle-cell-list"))
        await pilot.press("h", "j")  # impact 2, likelihood 3 again
        assert matrix.cursor == (2, 3)
        await pilot.press("down", "down", "left", "left", "left")  # stops at the edges
        assert matrix.cursor == (1, 1)
        assert "Impact 1, likelihood 1: 0 items" in shown(app, "#pestle-cell-title")
        await pilot.press("enter")  # an empty cell: the cursor stays on the grid
        assert app.focused is matrix


async def test_from_the_grid_enter_shows_an_item_in_the_checklist_and_p_promotes(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("enter")  # into the cell's list
        cell_list = app.screen.query_one("#pestle-cell-list", OptionList)
        assert app.focused is cell_list
        await pilot.press("tab")
        ranked = app.screen.query_one("#pestle-ranked", OptionList)
        assert app.focused is ranked
        ranked.highlighted = 3  # 16 4x4 E: Warehouse wages, an opportunity not yet in the SWOT
        await pilot.pause()
        assert "Warehouse wages" in rows(app, "#pestle-ranked")[3]
        await pilot.press("p")
        await pilot.pause()
        assert promoted_index(app.workbook)["pes-c2ya"][0] == "opportunities"
        assert "SWOT" in rows(app, "#pestle-ranked")[3]
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is checklist(app)
        assert checklist(app).highlighted_id == "pes-c2ya"
        assert "SWOT" in row_of(app, "pes-c2ya")


async def test_the_grid_follows_edits_made_while_it_was_hidden(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        await go_to(pilot, app, "pes-h9tn3")
        await pilot.press("plus", "plus", "plus", "greater_than_sign", "greater_than_sign")  # to 5x5
        await pilot.press("v")
        await pilot.pause()
        matrix = app.screen.query_one(ImpactMatrix)
        assert matrix.count_at(5, 5) == 1 and matrix.cursor == (5, 5)
        assert rows(app, "#pestle-ranked")[0].startswith("25 5\u00d75 P")


# -- the file -------------------------------------------------------------------------------------------------------


async def test_checks_ratings_and_promotions_reach_the_file(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-6wkr")
        await pilot.press("space", "plus", "plus", "greater_than_sign", "p")
        await go_to(pilot, app, HEADER + "social")
        await pilot.press("r", "ctrl+s")
        await pilot.pause()
    workbook = load(sample_copy).workbook
    saved = workbook.find("pes-6wkr")
    assert (saved.checked, saved.impact, saved.likelihood) == (True, 5, 3)
    assert workbook.pestle.factors["social"].reviewed
    [promoted] = [i for i in workbook.swot.threats if i.source == "pes-6wkr"]
    assert promoted.weight == 5


@pytest.mark.every_frame
async def test_a_change_redraws_only_the_rows_it_touched(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-6wkr")
        options = {o.id: o for o in checklist(app).options}
        assert all(isinstance(o, RowOption) for o in options.values())
        drawn = {row_id: o._content for row_id, o in options.items()}
        await pilot.press("space")
        await pilot.pause()
        again = {o.id: o for o in checklist(app).options}
        assert again == options  # the same option objects: nothing was rebuilt
        redrawn = {row_id for row_id, o in again.items() if o._content is not drawn[row_id]}
        assert redrawn == {"pes-6wkr", HEADER + "economic"}


# -- hostile text ---------------------------------------------------------------------------------------------------


async def test_hostile_item_text_and_factor_notes_are_shown_literally(tmp_path: Path) -> None:
    path = tmp_path / "hostile.toml"
    save(hostile_workbook(), path)
    async with running(path, size=(120, 40)) as (app, pilot):
        listed = rows(app)
        for hostile in HOSTILE:
            assert any(for_display(hostile) in row for row in listed)
        assert all("\x1b" not in row and "\x07" not in row for row in listed)
        for factor in ("political", "economic", "legal"):
            await go_to(pilot, app, HEADER + factor)
            guide = shown(app, "#pestle-guide")
            assert for_display(app.workbook.pestle.factors[factor].notes, multiline=True) in guide
            assert "\x1b" not in guide
        await go_to(pilot, app, "pes-h000")  # '[/]' as the item's text
        assert "[/]" in shown(app, "#pestle-guide")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#field-text").value == "[/]"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        ranked = rows(app, "#pestle-ranked")
        assert any("[@click=app.quit]q" in row for row in ranked)
        assert all("\x1b" not in row for row in ranked + rows(app, "#pestle-cell-list"))
        await pilot.press("tab", "tab", "p")
        await pilot.pause()
        assert app.is_running


async def test_the_palette_offers_the_sections_commands(sample_copy: Path) -> None:
    async with running(sample_copy) as (app, pilot):
        await go_to(pilot, app, "pes-c2ya")
        commands = {title: callback for title, _, callback in screen(app).section_commands()}
        assert {"Add a PESTLE item", "Promote to the SWOT", "Mark the factor reviewed",
                "Impact-by-likelihood grid"} <= set(commands)
        commands["Promote to the SWOT"]()
        await pilot.pause()
        assert "pes-c2ya" in promoted_index(app.workbook)
        commands["Impact-by-likelihood grid"]()
        await pilot.pause()
        assert screen(app).grid_shown


# -- the lazy list under the checklist (the SWOT board and the picker use it too) -------------------------------


class _ListApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[str] = []
        self.moves = 0

    def draw(self, row_id: str) -> Content:
        self.drawn.append(row_id)
        return Content(f"row {row_id}")

    def compose(self):
        yield LazyOptionList(self.draw, on_cursor=self.moved, id="rows")

    def moved(self) -> None:
        self.moves += 1


@pytest.mark.every_frame
async def test_lazy_list_draws_only_rows_on_screen_and_keeps_the_cursor_through_changes() -> None:
    app = _ListApp()
    async with app.run_test(size=(40, 10)) as pilot:
        rows_list = app.query_one(LazyOptionList)
        rows_list.set_rows([f"r{n}" for n in range(10_000)])
        await pilot.pause()
        assert len(set(app.drawn)) <= 12  # what fits on screen, not 10,000
        assert rows_list.highlighted_id == "r0" and app.moves >= 1
        await pilot.press("down", "down")
        assert rows_list.highlighted_id == "r2"
        rows_list.insert_rows(0, ["new-a", "new-b"])  # above the cursor: it stays on its row
        assert rows_list.highlighted_id == "r2" and rows_list.index_of("r2") == 4
        rows_list.remove_rows(["new-a", "r0"])
        assert rows_list.highlighted_id == "r2" and rows_list.index_of("r2") == 2
        await pilot.pause()
        app.drawn.clear()
        rows_list.refresh_rows(["r1"])
        await pilot.pause()
        assert app.drawn == ["r1"]  # only the row that changed is drawn again
        rows_list.set_rows(["x", "r2", "y"], keep="r2")
        assert rows_list.highlighted_id == "r2"
        assert str(rows_list.options[2].prompt) == "row y"
        assert rows_list.highlight_id("y") and not rows_list.highlight_id("gone")
        with pytest.raises(DuplicateID):
            rows_list.insert_rows(0, ["x"])


async def test_lazy_list_rows_set_again_are_found_drawn_and_clicked_by_their_new_places() -> None:
    # set_rows builds the list's indexes in one go (a filter sets 10,000 rows at each character)
    # and skips an unchanged list: every row must still be found, drawn and hit where it now is.
    app = _ListApp()
    async with app.run_test(size=(40, 10)) as pilot:
        rows_list = app.query_one(LazyOptionList)
        for ids in ([f"r{n}" for n in range(50)], [f"r{n}" for n in range(0, 50, 3)],
                    [f"r{n}" for n in range(0, 50, 3)], [f"r{n}" for n in range(49, -1, -1)], ["r7"]):
            rows_list.set_rows(ids, keep="r21")
            await pilot.pause()
            assert [option.id for option in rows_list.options] == ids
            assert all(rows_list.index_of(row_id) == n and rows_list.get_option(row_id).id == row_id
                       for n, row_id in enumerate(ids))
            assert rows_list.highlighted_id == ("r21" if "r21" in ids else rows_list.options[rows_list.highlighted].id)
            rows_list.scroll_to(y=0, animate=False, immediate=True)
            await pilot.pause()
            await pilot.click(LazyOptionList, offset=(3, 2))  # the second row (under the border)
            assert rows_list.highlighted_id == ids[min(1, len(ids) - 1)]


@pytest.mark.every_frame
async def test_lazy_list_rows_set_again_keep_their_drawn_lines_only_where_they_stay() -> None:
    # Rows set again at the places they had are not drawn again (the Overview's undo of a title
    # drew every line of long text again); a row at a new place is drawn for it (its lines carry
    # their place, for clicks), and what shows is what a list drawn afresh shows.
    app = _ListApp()
    async with app.run_test(size=(40, 10)) as pilot:
        rows_list = app.query_one(LazyOptionList)

        def drawn() -> list[list[tuple[str, object, object]]]:
            return [[(segment.text, segment.style, segment.style and segment.style.meta.get("option"))
                     for segment in rows_list.render_line(y)] for y in range(rows_list.size.height)]

        rows_list.set_rows([f"r{n}" for n in range(20)])
        await pilot.pause()
        shown = {f"r{n}" for n in range(8)}  # eight rows fit inside the border
        for ids, kept in ((["new", *(f"r{n}" for n in range(1, 20))], shown - {"r0"}),  # the rest stay put
                          ([f"r{n}" for n in range(1, 20)], set())):  # every row moves up one
            rows_list.set_rows(ids)
            assert {key[0].id for key in rows_list._option_render_cache.keys()} == kept
            await pilot.pause()
            now = drawn()
            rows_list._option_render_cache.clear()
            assert now == drawn()  # as drawn afresh: the same text, styles and places
            assert [line[0][2] for line in now] == list(range(len(now)))
        await pilot.click(LazyOptionList, offset=(3, 2))
        assert rows_list.highlighted_id == "r2"


async def test_lazy_list_never_puts_the_cursor_on_a_disabled_row() -> None:
    app = _ListApp()
    async with app.run_test(size=(40, 10)) as pilot:
        rows_list = app.query_one(LazyOptionList)
        rows_list.make_option = lambda row_id, disabled=False: RowOption(  # type: ignore[method-assign]
            row_id, app.draw, disabled or row_id.startswith("-"))
        rows_list.set_rows(["-heading", "a", "b"])
        await pilot.pause()
        assert rows_list.highlighted_id == "a"
        rows_list.set_rows(["a", "b", "-end"], keep="-end")
        assert rows_list.highlighted_id == "b"


# -- snapshots ----------------------------------------------------------------------------------------------------


@pytest.fixture
def snapshot_file(tmp_path: Path, monkeypatch) -> Path:
    from tests.conftest import SAMPLES

    monkeypatch.chdir(tmp_path)  # the header names the file: the same name in every run
    target = Path("acme.toml")
    target.write_bytes((SAMPLES / "acme-robotics.toml").read_bytes())
    return target


async def _on_an_item(pilot) -> None:
    await pilot.pause()
    await pilot.press("down", "down")
    await pilot.pause()


async def _grid(pilot) -> None:
    await pilot.pause()
    await pilot.press("v")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_checklist(snap_compare, snapshot_file: Path, size) -> None:
    assert snap_compare(opened(snapshot_file), terminal_size=size, run_before=_on_an_item)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_grid(snap_compare, snapshot_file: Path, size) -> None:
    assert snap_compare(opened(snapshot_file), terminal_size=size, run_before=_grid)



@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize("ascii_only", [False, True])
async def test_the_checklist_s_column_titles_stand_over_their_columns(sample_copy: Path, monkeypatch, size,
                                                                       ascii_only: bool) -> None:
    # Found from outside: "impact" and "likely" stood one column left of the ratings under them.
    from tests.ui.test_focus_visible import plain_lines

    if ascii_only:
        monkeypatch.setenv("TERM", "linux")  # the Linux console: ASCII only
    app = open_workbook(sample_copy, start="pestle")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = plain_lines(app)
        header = next(line for line in lines if "impact" in line and "likely" in line)
        row = next(line for line in lines if "[x]" in line or "[ ]" in line)
        box = row.index("[x]") if "[x]" in row else row.index("[ ]")
        impact = box + 4  # the box, a space, then the impact rating
        likely = impact + 7
        assert header.index("impact") == impact and header.index("likely") == likely, (header, row)
