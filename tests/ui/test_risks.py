"""The risk register (section 8): the register ranked by score, every key of it, the heat map,
links to goals and tactics, R from PESTLE and SWOT without duplicates, hostile text, snapshots."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.conftest import ROUGH_DRAFT, SAMPLES
from tests.ui.conftest import HOSTILE, narrower, other_theme, type_text
from tui.app import StratbookApp, open_workbook
from tui.model import dates
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.modals.picker import PickerDialog
from tui.screens.pestle import PestleScreen
from tui.screens.risks import RisksScreen
from tui.screens.swot import SwotScreen
from tui.widgets.matrix import ImpactMatrix

SIZE = (80, 24)
TODAY = date(2027, 1, 12)


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: TODAY)


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "acme-robotics.toml", tmp_path / "acme.toml"))


def screen(app: StratbookApp) -> RisksScreen:
    assert isinstance(app.screen, RisksScreen), app.screen
    return app.screen


def rows(app: StratbookApp) -> list[str]:
    table = screen(app).table
    return [table.row_text(index) for index in range(len(table.rows))]


def text_of(app: StratbookApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def said(app: StratbookApp, words: str) -> bool:
    return any(words in str(n.message) for n in app._notifications)


async def start(pilot) -> None:
    await pilot.pause()
    await pilot.press("8")
    await pilot.pause()


async def save_form(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


# -- the register --------------------------------------------------------------------------------

async def test_the_register_ranks_by_score_then_review_with_overdue_in_words_and_a_symbol(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        shown = rows(app)
        assert screen(app).table.header_text().split() == ["Score", "Risk", "Owner", "Next", "review", "Status"]
        assert [line.split()[0] for line in shown] == ["20", "20", "12", "12", "12", "9", "6", "6"]
        assert "EU Machinery" in shown[0] and "! 2026-12-15 overdue" in shown[0]  # the earlier review first
        assert "Chinese cobot" in shown[1] and shown[1].rstrip().endswith("2027-03-01           open")
        assert "Cyber Resilience" in shown[2] and "! 2027-01-10 overdue" in shown[2]
        assert shown[5].rstrip().endswith("closed")
        assert text_of(app, "#risks-bar").startswith("Risks 8  open 7  ! 3 reviews due")
        detail = text_of(app, "#risks-detail")
        assert "Impact 4 x likelihood 5 = 20" in detail and "treatment reduce" in detail
        assert "From PESTLE legal: EU Machinery Regulation" in detail
        assert "Treated by Zero lost-time injuries" in detail


async def test_a_adds_e_edits_and_undo_takes_each_back(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        count = len(app.workbook.risks)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await type_text(pilot, "Fire in the Leeds warehouse")
        await pilot.press("tab")
        await type_text(pilot, "Tom Berg")
        await pilot.press("tab", "right", "right", "tab", "left")  # impact 5, likelihood 2
        await save_form(pilot)
        assert len(app.workbook.risks) == count + 1
        risk = app.workbook.risks[-1]
        assert (risk.text, risk.owner, risk.impact, risk.likelihood, risk.status) == (
            "Fire in the Leeds warehouse", "Tom Berg", 5, 2, "open")
        assert risk.id.startswith("rsk-") and risk.review == date(2027, 4, 12)  # +3m, prefilled
        assert screen(app).current_risk() is risk  # the cursor is on the new risk
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, " at night")
        await save_form(pilot)
        assert risk.text == "Fire in the Leeds warehouse at night"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert risk.text == "Fire in the Leeds warehouse"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(app.workbook.risks) == count



@pytest.mark.parametrize("review", ["", "2027-05-05"])
async def test_a_risk_re_dated_in_its_form_is_drawn_with_its_new_fields(acme: Path, review: str) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        risk = screen(app).current_risk()  # EU Machinery, review 2026-12-15: it moves down
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "tab", "tab", "tab", "ctrl+u")  # the next review
        await type_text(pilot, review)
        await save_form(pilot)
        assert risk.review == (date.fromisoformat(review) if review else None)
        table = screen(app).table
        drawn = table.render_line(table.index_of(risk.id) + 1 - round(table.scroll_y)).text
        assert "EU Machinery" in drawn and "2026-12-15" not in drawn
        assert (review or " - ") in drawn

async def test_s_closes_and_opens_t_treats_and_the_ratings_move_it(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        risk = screen(app).current_risk()
        await pilot.press("s")
        await pilot.pause()
        assert risk.status == "closed" and "closed" in rows(app)[0]
        await pilot.press("s")
        await pilot.pause()
        assert risk.status == "open"
        await pilot.press("t")
        await pilot.pause()
        assert risk.treatment == "transfer"
        await pilot.press("minus", "less_than_sign")
        await pilot.pause()
        assert (risk.impact, risk.likelihood) == (3, 4)
        assert screen(app).current_risk() is risk  # the cursor follows it to its new place
        assert rows(app)[screen(app).table.cursor].split()[0] == "12"
        from tui.model.risks import rank_key  # the row moved alone: the register is still in order
        keys = [rank_key(r) for _, r in screen(app).table.rows]
        assert keys == sorted(keys) and len(keys) == len(app.workbook.risks)
        await pilot.press("plus", "greater_than_sign")
        await pilot.pause()
        assert (risk.impact, risk.likelihood) == (4, 5)


async def test_d_deletes_after_naming_nothing_and_undo_brings_it_back(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        risk = screen(app).current_risk()
        await pilot.press("d")
        await pilot.pause()
        assert risk not in app.workbook.risks and said(app, "Deleted the risk")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert risk in app.workbook.risks


async def test_filter_by_words_and_reviews_due_and_esc_clears_it(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("slash")
        await pilot.pause()
        await type_text(pilot, "SERVO")
        await save_form(pilot)
        assert [line.split()[1] for line in rows(app)] == ["Servo", "A"]
        assert "Risks 2 of 8" in text_of(app, "#risks-bar") and "with SERVO" in text_of(app, "#risks-bar")
        await pilot.press("escape")
        await pilot.pause()
        assert len(rows(app)) == 8
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("tab", "right", "right", "right")  # all, open, closed, due
        await save_form(pilot)
        assert {line.split()[0] for line in rows(app)} == {"20", "12", "6"} and len(rows(app)) == 3
        assert all("overdue" in line for line in rows(app))


async def test_g_goes_to_the_source_and_l_links_goals_and_tactics(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        risk = next(r for r in app.workbook.risks if r.id == "rsk-k2cy")  # Cyber Resilience Act: no links
        screen(app).focus_item(risk.id)
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("slash")
        await type_text(pilot, "Zero lost")
        await pilot.press("enter", "space", "enter")  # search, tick, save: keyboard only
        await pilot.pause()
        assert risk.links == ["gol-z5hu2"]
        assert "Treated by Zero lost-time injuries" in text_of(app, "#risks-detail")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, PestleScreen)
        assert app.screen._target()[1].id == "pes-r1kd"



@pytest.mark.parametrize(("source", "words"), [
    ("rsk-q8w2", "it came from rsk-q8w2 (a risk, not a PESTLE item or a SWOT threat)"),  # there, of another kind
    ("pes-gone", "it came from pes-gone (not in this workbook)"),
])
async def test_g_on_a_source_that_is_not_a_pestle_item_or_swot_item_says_what_it_is(
        acme: Path, source: str, words: str) -> None:
    acme.write_text(acme.read_text(encoding="utf-8").replace('source = "thr-5ct9"', f'source = "{source}"'),
                    encoding="utf-8")
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen(app).focus_item("rsk-c7nd4")
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, RisksScreen) and said(app, words)
        assert words.removeprefix("it came from ") in text_of(app, "#risks-detail")

async def test_v_shows_the_heat_map_of_open_risks_and_enter_goes_back_to_one(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("v")
        await pilot.pause()
        matrix = app.screen.query_one("#risks-matrix", ImpactMatrix)
        assert app.focused is matrix and matrix.cursor == (4, 5)  # the risk under the cursor's cell
        assert matrix.count_at(4, 5) == 1 and matrix.count_at(5, 4) == 1 and matrix.count_at(3, 3) == 0  # closed
        assert sum(map(sum, matrix.counts)) == 7
        assert "4 x 5 = 20: 1 open risk" in text_of(app, "#risks-cell-title")
        await pilot.press("right", "up")  # likelihood 5 is the edge: impact 5, likelihood 5
        await pilot.press("left")
        await pilot.pause()
        assert matrix.cursor == (5, 4)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert screen(app).table.has_focus and screen(app).current_risk().id == "rsk-c7nd4"
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert screen(app).table.has_focus


async def test_marked_risks_close_and_go_together_in_one_undo(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        first, second = (screen(app).table.rows[i][1] for i in (0, 1))
        await pilot.press("asterisk", "asterisk")  # the cursor goes on after each
        await pilot.pause()
        assert set(screen(app).item_marks) == {first.id, second.id}
        assert "2 marked" in text_of(app, "#risks-bar") and rows(app)[0].startswith(" *")
        await pilot.press("s")
        await pilot.pause()
        assert (first.status, second.status) == ("closed", "closed")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert (first.status, second.status) == ("open", "open")
        count = len(app.workbook.risks)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert len(app.workbook.risks) == count - 2 and not screen(app).item_marks
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(app.workbook.risks) == count


# -- from PESTLE and SWOT ------------------------------------------------------------------------

async def test_R_on_a_pestle_threat_adds_it_once_and_again_opens_the_register_on_it(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert isinstance(app.screen, PestleScreen)
        assert app.screen.focus_item("pes-t5gm")  # AI models: a threat not yet in the register
        count = len(app.workbook.risks)
        await pilot.press("R")
        await pilot.pause()
        assert len(app.workbook.risks) == count + 1
        risk = app.workbook.risks[-1]
        assert (risk.source, risk.impact, risk.likelihood, risk.review) == ("pes-t5gm", 3, 2, date(2027, 4, 12))
        assert said(app, "Added to the risk register")
        await pilot.press("R")
        await pilot.pause()
        await pilot.pause()
        assert len(app.workbook.risks) == count + 1
        assert screen(app).current_risk() is risk and said(app, "Already in the risk register")



async def test_a_pestle_item_whose_swot_threat_is_a_risk_says_it_is_in_the_register(acme: Path) -> None:
    # The EU Machinery risk taken from the SWOT threat that came from the PESTLE item: R on the
    # PESTLE item goes to it, and the item's detail says so rather than offering to make one.
    acme.write_text(acme.read_text(encoding="utf-8").replace(
        'source = "pes-m6ty"\nlinks = ["gol-z5hu2"', 'source = "thr-n3gp"\nlinks = ["gol-z5hu2"'), encoding="utf-8")
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert next(r for r in app.workbook.risks if r.id == "rsk-q8w2").source == "thr-n3gp"
        await pilot.press("4")
        await pilot.pause()
        assert app.screen.focus_item("pes-m6ty")
        await pilot.pause()
        guide = text_of(app, "#pestle-guide")
        assert "in the risk register (R shows it)" in guide and "R makes it a risk" not in guide

async def test_R_on_a_swot_threat_adds_it_and_refuses_a_strength(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        assert isinstance(app.screen, SwotScreen)
        count = len(app.workbook.risks)
        await pilot.press("R")  # the cursor starts on a strength
        await pilot.pause()
        assert len(app.workbook.risks) == count and said(app, "Only a PESTLE item or a SWOT threat")
        app.screen.focus_item("thr-w1hz")  # automotive customers cut spending: not yet a risk
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        assert app.workbook.risks[-1].source == "thr-w1hz" and len(app.workbook.risks) == count + 1
        app.screen.focus_item("thr-n3gp")  # came from pes-m6ty, which is a risk already
        await pilot.pause()
        await pilot.press("R")
        await pilot.pause()
        await pilot.pause()
        assert len(app.workbook.risks) == count + 1 and screen(app).current_risk().id == "rsk-q8w2"


async def test_deleting_a_goal_a_risk_treats_names_the_risk_and_unlinks_it(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("5")
        await pilot.pause()
        app.screen.table.move_to("gol-z5hu2")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "risk: EU Machinery Regulation" in str(app.screen.query_one("#confirm-message", Static).render())
        await pilot.press("u")
        await pilot.pause()
        risk = next(r for r in app.workbook.risks if r.id == "rsk-q8w2")
        assert "gol-z5hu2" not in risk.links
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "gol-z5hu2" in risk.links


# -- rough and hostile ---------------------------------------------------------------------------

async def test_rough_risks_show_what_is_missing(tmp_path: Path) -> None:
    app = open_workbook(Path(shutil.copy(ROUGH_DRAFT, tmp_path / "rough.toml")), start="risks")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = rows(app)
        assert len(shown) == 3
        assert "(no text)" in shown[-1]
        screen(app).table.move_to("rsk-rd01")
        await pilot.pause()
        assert "gol-lost (missing)" in text_of(app, "#risks-detail")


async def test_hostile_text_shows_as_typed(hostile_file: Path) -> None:
    app = open_workbook(hostile_file, start="risks")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = "\n".join(rows(app))
        assert "[/]" in shown and "[@click=app.quit]q" in shown and "\x1b" not in shown
        await pilot.press("v")
        await pilot.pause()
        assert app.is_running and len(HOSTILE) == len(app.workbook.risks)


# -- snapshots ----------------------------------------------------------------------------------

def _risks_app(path: Path, monkeypatch) -> StratbookApp:
    monkeypatch.setattr(dates, "today", lambda: TODAY)
    return open_workbook(path, start="risks")


@pytest.mark.parametrize("view", ["list", "map"])
def test_snapshot_risks(snap_compare, acme: Path, monkeypatch, view: str) -> None:
    press = ("j",) if view == "list" else ("v",)
    assert snap_compare(_risks_app(acme, monkeypatch), press=press, terminal_size=SIZE)


@pytest.mark.parametrize("workbook", ["rough", "hostile"])
def test_snapshot_risks_rough_and_hostile(snap_compare, tmp_path: Path, monkeypatch, workbook: str) -> None:
    from tests.ui.conftest import hostile_workbook
    from tui.store import save

    path = tmp_path / "plan.toml"
    if workbook == "rough":
        shutil.copy(ROUGH_DRAFT, path)
    else:
        save(hostile_workbook(), path)
    assert snap_compare(_risks_app(path, monkeypatch), terminal_size=SIZE)


def _drawn(table) -> list[list[tuple[str, object]]]:
    """The register's visible lines as (text, style) pieces, as the table draws them now."""
    height = table.scrollable_content_region.height
    return [[(segment.text, segment.style) for segment in table.render_line(y)] for y in range(height)]


def _drawn_afresh(table) -> list[list[tuple[str, object]]]:
    """What the register draws with nothing kept from before."""
    table._cells.clear()
    table._strips.clear()
    return _drawn(table)


async def _undo_closing(pilot) -> None:
    await pilot.press("ctrl+z")


@pytest.mark.parametrize("while_map_shown", [None, other_theme, narrower, _undo_closing])
async def test_the_register_shown_again_after_the_heat_map_draws_what_it_would_afresh(acme: Path, while_map_shown) -> None:
    # Lines drawn before are kept across a focus change (going back from the heat map drew every
    # row again); a theme, a size or an edit while the map was shown must not leave them stale.
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        table = screen(app).table
        await pilot.press("j", "s")  # a risk closed: its row drawn muted, "closed"
        await pilot.pause()
        before = _drawn(table)
        await pilot.press("v")
        await pilot.pause()
        assert screen(app).map_shown
        if while_map_shown is not None:
            await while_map_shown(pilot)
            await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert not screen(app).map_shown and table.has_focus
        drawn = _drawn(table)
        assert drawn == _drawn_afresh(table)
        assert (drawn == before) == (while_map_shown is None)


async def test_the_heat_map_follows_a_closing_an_undo_and_a_redo(acme: Path) -> None:
    # The map's counts and cells are made once per change: each change must show in them.
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("v")
        await pilot.pause()
        matrix = app.screen.query_one("#risks-matrix", ImpactMatrix)
        assert matrix.cursor == (4, 5) and matrix.count_at(4, 5) == 1 and sum(map(sum, matrix.counts)) == 7
        cell_list = screen(app).query_one("#risks-cell-list")
        risk_id = cell_list.rows[0][0]
        await pilot.press("v", "s", "v")  # the risk closed in the register: its cell empties
        await pilot.pause()
        assert matrix.cursor == (5, 4)  # the top open risk's cell
        await pilot.press("j", "l")
        await pilot.pause()
        assert matrix.cursor == (4, 5) and matrix.count_at(4, 5) == 0 and sum(map(sum, matrix.counts)) == 6
        assert "4 x 5 = 20: 0 open risks" in text_of(app, "#risks-cell-title")
        await pilot.press("ctrl+z")  # undone while the map is shown
        await pilot.pause()
        assert matrix.count_at(4, 5) == 1 and "4 x 5 = 20: 1 open risk" in text_of(app, "#risks-cell-title")
        assert [key for key, _ in cell_list.rows] == [risk_id]
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert matrix.count_at(4, 5) == 0 and not cell_list.rows


async def _rate_in_the_map(pilot) -> None:
    await pilot.press("enter", "minus")  # into the cell's list: the risk there rated lower


@pytest.mark.parametrize("while_map_shown", [_undo_closing, _rate_in_the_map])
async def test_the_detail_after_the_heat_map_is_of_the_risk_under_the_register_cursor(acme: Path, while_map_shown) -> None:
    # An edit while the map is shown redraws the register's detail lines: they must be of the risk
    # the register's cursor is on (not the map cell's risk, not "a adds a risk"), as a fresh look shows.
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("j", "s", "v")
        await pilot.pause()
        await while_map_shown(pilot)
        await pilot.pause()
        await pilot.press("v")  # back to the register
        await pilot.pause()
        register = screen(app)
        assert not register.map_shown
        risk = register.current_risk()
        shown = text_of(app, "#risks-detail")
        assert risk is not None and f"owner {risk.owner}" in shown and risk.response[:40] in shown
        register._show_detail()  # drawn afresh
        assert text_of(app, "#risks-detail") == shown
