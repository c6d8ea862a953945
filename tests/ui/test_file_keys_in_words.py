"""No file key on screen: the close form (`linked by carried_to`, `1.0 or more counts as success`),
the PESTLE move dialog, and a comparison with another copy say the fields in words."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Static

from tests.conftest import SAMPLES
from tests.ui.test_compare import SIZE, highlight, open_compare, rows
from tests.ui.test_goals import SMART_ID, open_goal, start
from tests.ui.test_wizard import acme  # noqa: F401 (a fixture)
from tests.unit.test_file_keys_in_words import KEY_PATTERN
from tui.app import open_workbook
from tui.modals.compare import CompareScreen
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.store import load, save


def screen_text(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


async def test_the_close_form_says_its_grade_and_carrying_forward_in_words(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, SMART_ID)  # a SMART goal says no commitment: success is a grade of 1
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        shown = screen_text(app)
        assert not KEY_PATTERN.search(shown), shown
        assert "a grade of 1 counts as success" in shown and "1.0 or more" not in shown
        assert "Grade, from 0 to 1" in shown


async def test_moving_a_pestle_item_says_where_it_goes(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        await pilot.press("j")  # from the factor's heading to its first item
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        shown = screen_text(app)
        # It said "Move the item to which factor? They go to its end."
        assert "It goes to the end of that factor's list." in shown and "They go" not in shown


async def test_a_comparison_names_fields_in_words(tmp_path: Path) -> None:
    mine, theirs = tmp_path / "plan.toml", tmp_path / "plan-from-anna.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", mine)
    workbook = load(mine).workbook
    workbook.goals[0].checkin_days = 7
    save(workbook, theirs)
    app = open_workbook(mine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_compare(pilot, app, theirs.name)
        assert isinstance(app.screen, CompareScreen)
        listed = rows(app)
        assert any("check-in cadence (days) differs" in row for row in listed), listed
        await highlight(pilot, app, "check-in cadence")
        shown = "\n".join(listed) + screen_text(app)
        assert not KEY_PATTERN.search(shown), shown
