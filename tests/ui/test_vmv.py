"""The Vision, Mission and Values section."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static, TextArea

from tests.conftest import SAMPLES
from tui.app import open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.model.edits import SetFields
from tui.store import load

SIZE = (80, 24)


def value_lines(app) -> list[str]:
    return [str(o.prompt) for o in app.screen.query_one("#values", OptionList).options]


async def test_typing_in_the_vision_edits_the_model_and_one_burst_undoes_at_once(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    app.history.merge_seconds = 60.0  # the keys are one burst however loaded the machine running the test
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        original = app.workbook.vmv.vision
        await pilot.press("v", "ctrl+home", *"Our vision. ")
        assert app.workbook.vmv.vision == "Our vision. " + original
        await pilot.press("escape", "ctrl+z")
        await pilot.pause()
        assert app.workbook.vmv.vision == original
        assert app.screen.query_one("#vision", TextArea).text == original


async def test_the_values_list_has_the_focus_first_so_section_keys_work(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.focused.id == "values"
        await pilot.press("3")
        await pilot.pause()
        assert app.current_mode == "swot"


async def test_mission_edits_reach_the_file(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        assert app.focused.id == "mission"
        await pilot.press("ctrl+home", *"Line one", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert load(sample_copy).workbook.vmv.mission.startswith("Line one\nWe design")


async def test_guidance_follows_focus_on_a_wide_screen(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        guide = app.screen.query_one("#vmv-guide", Static)
        assert guide.display
        assert "Values: the ethical principles" in str(guide.render())
        await pilot.press("v")
        assert "Vision: where we aspire to be" in str(guide.render())
        await pilot.press("tab")
        assert "Mission: our purpose" in str(guide.render())


async def test_empty_vision_shows_the_questions_that_help_write_it(tmp_path: Path) -> None:
    app = open_workbook(tmp_path / "new.toml", start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        vision = app.screen.query_one("#vision", TextArea)
        assert "What change do we want to see" in str(vision.placeholder)
        assert "press a to add the first value" in str(app.screen.query_one("#values-title").render())


async def test_add_edit_and_delete_a_value(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape", "a")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press(*"Openness", "tab", *"We share what we learn.", "ctrl+s")
        await pilot.pause()
        added = app.workbook.vmv.values[1]
        assert (added.name, added.description) == ("Openness", "We share what we learn.")
        assert added.id.startswith("val-")
        assert "Openness" in value_lines(app)[1]
        await pilot.press("enter")  # enter edits, like e
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("ctrl+u", *"Candour", "enter")
        await pilot.pause()
        assert app.workbook.vmv.values[1].name == "Candour"
        await pilot.press("d")
        await pilot.pause()
        assert all(v.name != "Candour" for v in app.workbook.vmv.values)
        assert not any("Candour" in line for line in value_lines(app))


async def test_a_value_needs_a_name(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        count = len(app.workbook.vmv.values)
        await pilot.press("escape", "a", "enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert "Name is required" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.workbook.vmv.values) == count


async def test_deleting_a_value_that_goals_link_asks_first(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        linked = {link for g in app.workbook.goals for link in g.links}
        index, first = next((i, v) for i, v in enumerate(app.workbook.vmv.values) if v.id in linked)
        await pilot.press("escape", *["j"] * index, "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert app.workbook.vmv.values[index] is first
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("u")  # delete, and take it out of the goals' links
        await pilot.pause()
        assert first not in app.workbook.vmv.values
        assert first.id not in {link for g in app.workbook.goals for link in g.links}


async def test_reorder_values_with_shift_j_and_shift_k(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = [v.name for v in app.workbook.vmv.values]
        await pilot.press("escape", "J", "J")
        assert [v.name for v in app.workbook.vmv.values] == [names[1], names[2], names[0], *names[3:]]
        assert names[0] in value_lines(app)[2]
        await pilot.press("K")
        assert [v.name for v in app.workbook.vmv.values] == [names[1], names[0], *names[2:]]
        await pilot.press("k", "K")  # at the top already: nothing moves
        assert [v.name for v in app.workbook.vmv.values] == [names[1], names[0], *names[2:]]


async def test_changes_from_undo_show_in_the_text_boxes(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.apply(SetFields("vmv", {"mission": "Replaced"}))
        await pilot.pause()
        assert app.screen.query_one("#mission", TextArea).text == "Replaced"


# -- snapshots ------------------------------------------------------------------------------

def _sample_app(folder: Path):
    copy = folder / "harbour-food-bank.toml"  # the header names the file: keep the sample's name
    shutil.copy(SAMPLES / copy.name, copy)
    return open_workbook(copy, start="vmv")


async def _values_focused(pilot) -> None:
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_vmv(snap_compare, tmp_path: Path, size) -> None:
    assert snap_compare(_sample_app(tmp_path), terminal_size=size, run_before=_values_focused)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_vmv_value_dialog(snap_compare, tmp_path: Path, size) -> None:
    async def open_dialog(pilot) -> None:
        await _values_focused(pilot)
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(_sample_app(tmp_path), terminal_size=size, run_before=open_dialog)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_error_screen(snap_compare, tmp_path: Path, monkeypatch, size) -> None:
    monkeypatch.chdir(tmp_path)  # the screen names the file: keep the name the same in every run
    broken = Path("broken.toml")
    broken.write_text(
        '[workbook]\nschema = 1\n[[swot.strengths]]\nid = "str-1"\nweight = 9\n'
        '[[goals]]\nid = "gol-abcd"\nstart = 2027-05-01\ndue = 2027-01-01\nstatus = "[/]maybe"\n'
    )
    assert snap_compare(open_workbook("broken.toml", start="vmv"), terminal_size=size)
