"""The Overview: the whole plan on one screen; every line leads to its section."""

from __future__ import annotations

import copy
import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.conftest import SAMPLES
from tests.ui.conftest import HOSTILE, palette_search, wait_until
from tui.app import open_workbook
from tui.model.edits import SetFields
from tui.model.workbook import SwotItem
from tui.screens import overview
from tui.screens.overview import ChoiceList, OverviewScreen, ReadingScreen, overview_lines
from tui.store import load, save
from tui.store.merge import merge
from tui.widgets.reading import ReadingView

SIZE = (80, 24)
TODAY = date(2027, 7, 15)  # the Acme plan's first goal (due 2027-06-30) is overdue then


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setattr(overview, "today", lambda: TODAY)


def shown(app) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one("#overview", OptionList).options]


def index_of(app, text: str) -> int:
    return next(i for i, line in enumerate(shown(app)) if text in line)


async def go_to(pilot, app, text: str) -> None:
    view = app.screen.query_one("#overview", OptionList)
    view.highlighted = index_of(app, text)
    await pilot.press("enter")
    await pilot.pause()


# -- what it shows ------------------------------------------------------------------------------

def test_lines_cover_the_whole_plan_in_order() -> None:
    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    lines = [str(line.content) for line in overview_lines(workbook, TODAY)]
    assert lines[0].startswith("Acme Robotics: strategy 2027-2029  Acme Robotics Ltd")
    heads = [line.split()[0] for line in lines if not line.startswith(" ")][1:]
    assert heads == ["VISION", "MISSION", "VALUES", "SWOT", "TOWS", "PESTLE", "FORCES", "RISKS", "GOALS", "PACE",
                     "TACTICS", "QUALITY"]
    swot = [line for line in lines if line.startswith("  S ") or line.startswith("  T ")]
    assert swot[0].startswith("  S ●●●●● Installed base") and len(swot) == 4  # two heaviest of each
    assert "4 of 6 factors reviewed" in lines[lines.index(next(x for x in lines if x.startswith("PESTLE")))]
    threats = [line for line in lines if line.startswith("  threat")]
    assert [r.split()[1] for r in threats] == ["20", "12", "12"] and "EU Machinery Regulation" in threats[0]


def test_the_register_shows_its_counts_top_risks_and_the_reviews_due() -> None:
    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    lines = [str(line.content) for line in overview_lines(workbook, date(2027, 1, 12))]
    start = lines.index(next(x for x in lines if x.startswith("RISKS")))
    assert lines[start] == "RISKS    8: 7 open · 3 reviews due"
    assert lines[start + 1:start + 5] == [
        "  score 20  ! 2026-12-15 overdue  EU Machinery Regulation 2023/1230 applies from 20 January 2027: cells "
        "sold without new conformity assessment cannot be placed on the EU market",
        "  score 20  Chinese cobot makers undercut our arms by up to 40% in tenders",
        "  score 12  ! 2027-01-10 overdue  Cyber Resilience Act: vulnerability reporting duties for the controller "
        "firmware",
        "  ! 2026-11-20 overdue  A weaker pound raises servo drive costs by around 8%",  # due, not in the top three
    ]
    assert lines[start + 5].startswith("GOALS")
    risk_lines = [line for line in overview_lines(workbook, date(2027, 1, 12)) if line.mode == "risks"]
    assert [line.item_id for line in risk_lines] == ["", "rsk-q8w2", "rsk-c7nd4", "rsk-k2cy", "rsk-y6pn"]


def test_goals_overdue_first_with_progress_status_and_due() -> None:
    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    lines = [str(line.content) for line in overview_lines(workbook, TODAY)]
    goals = lines[lines.index(next(x for x in lines if x.startswith("GOALS"))) + 1:][:8]
    assert goals[0] == "  ██░░░░░░  29% OVERDUE   2027-06-30  Cut order-to-delivery time to 5 days"
    assert "100% achieved  2026-10-30  Send every standard quote" in goals[-1]
    assert lines[lines.index(next(x for x in lines if x.startswith("GOALS")))] == \
        "GOALS    8: 5 active, 2 draft, 1 achieved · 1 overdue · 4 at risk"
    tactics = [x for x in lines if x.startswith("  overdue") or x.startswith("  blocked")]
    assert tactics[0] == "  overdue 2027-01-15  Rewrite the cell risk assessment template for Machinery " \
                         "Regulation Annex III"
    assert tactics[-1].startswith("  blocked 2027-09-30  Recruit a country manager")


def test_an_empty_workbook_says_what_is_missing() -> None:
    from tui.store import new_workbook

    lines = [str(line.content) for line in overview_lines(new_workbook(), TODAY)]
    assert lines[0] == "Untitled workbook  enter: give it a title"
    assert "VISION   not written yet" in lines and "GOALS    none yet" in lines
    assert lines[-1] == "QUALITY  no warnings on goals"


# -- with the app -------------------------------------------------------------------------------

async def test_the_app_opens_on_the_overview(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert app.focused is app.screen.query_one("#overview")
        assert any("QUALITY" in line for line in shown(app))


@pytest.mark.parametrize(("text", "mode", "item_id"), [
    ("Installed base of 420 cells", "swot", "str-b83k"),
    ("threat 20", "pestle", "pes-m6ty"),
    ("score 20", "risks", "rsk-q8w2"),
    ("OVERDUE", "goals", "gol-7tz2"),
    ("Recruit a country manager", "tactics", "tac-5yhb"),
    ("VALUES", "vmv", "values"),
    ("VISION", "vmv", "vision"),
    ("MISSION", "vmv", "mission"),
    ("TOWS", "swot", ""),
])
async def test_enter_jumps_to_the_section_and_item(sample_copy: Path, monkeypatch, text, mode, item_id) -> None:
    app = open_workbook(sample_copy)
    shown_items: list[tuple[str, str]] = []
    original = app.show_item
    monkeypatch.setattr(app, "show_item", lambda m, i: (shown_items.append((m, i)), original(m, i)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go_to(pilot, app, text)
        assert app.current_mode == mode
        assert app.screen.SECTION == mode
        assert shown_items == ([(mode, item_id)] if item_id else [])
        if mode == "vmv":  # enter on VISION or MISSION lands in the text, on VALUES in the list
            await pilot.pause()
            assert app.focused is app.screen.query_one(f"#{item_id}")
        app.action_section("overview")  # (a key would type into the vision box on Vision)
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_v_reads_the_vision_and_mission_in_full(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        body = str(app.screen.query_one("#reading-body", ReadingView).body)
        assert " ".join(app.workbook.vmv.mission.split()) in " ".join(body.split())
        assert "Learning in the open" in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_v_with_thousands_of_values_shows_the_first_and_says_how_many_more(tmp_path: Path) -> None:
    # It laid out every value: 5 s for 10,000 values before the screen appeared.
    from tui.model.workbook import Value

    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    workbook.vmv.values = [Value(f"val-v{n:05d}", f"Value {n}", "Described " * 5) for n in range(5000)]
    path = tmp_path / "many.toml"
    save(workbook, path)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReadingScreen)
        body = str(app.screen.query_one("#reading-body", ReadingView).body)
        assert "Value 0 " in body and f"Value {overview.VALUES_SHOWN - 1} " in body
        assert f"Value {overview.VALUES_SHOWN} " not in body
        assert f"and {5000 - overview.VALUES_SHOWN:,} more values" in body


async def test_w_lists_the_quality_warnings_and_enter_goes_to_the_goal(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 warning on goals: w lists them" in shown(app)[-1]
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceList)
        options = app.screen.query_one(OptionList).options
        assert len(options) == 1 and "active goal past its due date" in str(options[0].prompt)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "goals"


async def test_edits_elsewhere_show_when_coming_back(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        app.apply(SetFields("meta", {"title": "Renamed plan"}))
        app.apply(SetFields("gol-7tz2", {"status": "achieved"}))
        await pilot.press("1")
        await pilot.pause()
        assert shown(app)[0].startswith("Renamed plan")
        assert not any("OVERDUE" in line for line in shown(app))


async def test_exports_from_the_palette_are_written_beside_the_workbook(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="swot")  # app-wide commands: any section will do
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        commands = {command.title: command.callback for command in app.get_system_commands(app.screen)}
        for title in ("Export as Markdown (an email body)", "Export as HTML (a printable page)",
                      "Export as JSON (all data, for tools)"):
            commands[title]()
        folder = sample_copy.parent
        await wait_until(pilot, lambda: all((folder / f"acme.{kind}").exists() for kind in ("md", "html", "json")))
    assert (folder / "acme.md").read_text(encoding="utf-8").startswith("# Acme Robotics: strategy 2027-2029")
    assert (folder / "acme.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert '"schema": 1' in (folder / "acme.json").read_text(encoding="utf-8")


async def test_the_palette_finds_the_exports(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, "export as markdown")
        await pilot.press("enter")
        await pilot.pause()
    assert (sample_copy.parent / "acme.md").exists()


async def test_recorded_merge_conflicts_are_the_first_thing_shown(tmp_path: Path) -> None:
    base = load(SAMPLES / "acme-robotics.toml").workbook
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.meta.title, theirs.meta.title = "Ours", "Theirs"
    path = tmp_path / "merged.toml"
    save(merge(base, ours, theirs).workbook, path)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 merge conflict to resolve" in shown(app)[1]
        await pilot.press("enter")  # the cursor starts on that line
        await pilot.pause()
        from tui.modals.compare import CompareScreen

        assert isinstance(app.screen, CompareScreen)


async def test_hostile_text_is_shown_literally(tmp_path: Path) -> None:
    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    workbook.meta.title = HOSTILE[0]
    for index, text in enumerate(HOSTILE):
        workbook.swot.strengths.append(SwotItem(f"str-host{index:02d}", text, weight=5))
    workbook.vmv.vision = HOSTILE[3]
    path = tmp_path / "hostile.toml"
    save(workbook, path)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = shown(app)
        assert lines[0].startswith("[/]")
        assert any("[@click=app.quit]q" in line for line in lines)
        assert not any("\x1b" in line for line in lines)
        await pilot.press("v")
        await pilot.pause()
        assert "[@click=app.quit]q" in str(app.screen.query_one("#reading-body", ReadingView).body)


# -- snapshots ----------------------------------------------------------------------------------

def _snapshot_app(tmp_path: Path):
    path = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", path)
    return open_workbook(path)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_overview(snap_compare, tmp_path: Path, monkeypatch, size) -> None:
    monkeypatch.chdir(tmp_path)

    async def settle(pilot) -> None:
        await pilot.pause()

    assert snap_compare(_snapshot_app(tmp_path), terminal_size=size, run_before=settle)


def test_snapshot_overview_scrolled_to_the_end(snap_compare, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)

    async def to_the_end(pilot) -> None:
        await pilot.pause()
        await pilot.press("end")
        await pilot.pause()

    assert snap_compare(_snapshot_app(tmp_path), terminal_size=SIZE, run_before=to_the_end)


async def test_enter_on_the_title_edits_the_workbook_details(tmp_path) -> None:
    from tui.modals.form import FormDialog

    app = open_workbook(tmp_path / "new.toml", start="overview")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Untitled workbook  enter: give it a title" in shown(app)[0]
        await go_to(pilot, app, "Untitled workbook")
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"Harbour plan", "tab", *"Harbour Food Bank", "tab", *"Ann Lee, Bo Chen ,", "enter")
        await pilot.pause()
        meta = app.workbook.meta
        assert (meta.title, meta.organisation, meta.authors) == ("Harbour plan", "Harbour Food Bank",
                                                                  ["Ann Lee", "Bo Chen"])
        assert shown(app)[0] == "Harbour plan  Harbour Food Bank · Ann Lee, Bo Chen"
        assert "Harbour plan" in str(app.screen.query_one("WorkbookHeader").render())
        await pilot.press("ctrl+z")  # one step
        await pilot.pause()
        assert (app.workbook.meta.title, app.workbook.meta.authors) == ("", [])


@pytest.mark.parametrize("authors", [[], ["Ann Lee"], ["Ann Lee", "Bo Chen"], ["Smith, J.", "Bo Chen"]])
def test_authors_read_back_as_written_and_an_unchanged_form_changes_nothing(authors) -> None:
    from tui.model.workbook import Meta
    from tui.modals.details import authors_list, authors_text, details_changes

    assert authors_list(authors_text(authors)) == authors
    meta = Meta(title="Plan", organisation="Acme", authors=list(authors))
    unchanged = {"title": "Plan", "organisation": "Acme", "authors": authors_text(authors)}
    assert details_changes(unchanged, meta) == {}
    assert details_changes({**unchanged, "title": "Plan 2"}, meta) == {"title": "Plan 2"}
