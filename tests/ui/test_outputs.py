"""In the app, an export or "save mine as a copy" never replaces, unasked, the workbook itself or
a file that is not the output it is meant to be: it asks, naming the file (tui.store.outputs)."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Input

from tui.app import open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.model.edits import SetFields
from tui.store import load
from tui.store.export import export

from .conftest import SAMPLES, wait_until

SIZE = (80, 24)
BASHRC = "export PATH=$HOME/bin:$PATH\n"


def _title(app) -> str:
    return str(app.screen.query_one("#form-title").render())


def _message(app) -> str:
    return str(app.screen.query_one("#confirm-message").render())


async def _enter_path(pilot, path: Path) -> None:
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")


async def test_export_beside_a_workbook_called_plan_md_does_not_replace_it(tmp_path: Path) -> None:
    workbook = tmp_path / "plan.md"
    shutil.copyfile(SAMPLES / "acme-robotics.toml", workbook)
    before = workbook.read_bytes()
    beside = tmp_path / "plan.export.md"
    app = open_workbook(workbook)
    async with app.run_test(size=SIZE) as pilot:
        app.export_beside("markdown")  # plan.export.md instead, and the note says why
        await wait_until(pilot, lambda: beside.exists())
        await wait_until(pilot, lambda: any("plan.md is the workbook itself" in str(n.message)
                                            for n in app._notifications))
        ours = beside.read_text()
        beside.write_text(export(load(SAMPLES / "harbour-food-bank.toml").workbook, "markdown"))
        app.export_beside("markdown")  # again: an earlier export there is replaced, unasked
        await wait_until(pilot, lambda: beside.read_text() == ours)
        assert not isinstance(app.screen, (FormDialog, ConfirmDialog))
        # plan.export.md is somebody's notes now: asked, with a free name offered.
        beside.write_text("my notes")
        app.export_beside("markdown")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
        assert "plan.md is the open workbook itself" in _title(app)
        assert app.screen.query_one(Input).value == str(tmp_path / "plan.export-2.md")
        await pilot.press("enter")
        await wait_until(pilot, lambda: (tmp_path / "plan.export-2.md").exists())
    assert workbook.read_bytes() == before
    assert beside.read_text() == "my notes"
    assert (tmp_path / "plan.export-2.md").read_text() == export(load(workbook).workbook, "markdown")


async def test_export_asks_before_replacing_a_file_that_is_not_an_export(tmp_path: Path) -> None:
    workbook = tmp_path / "plan.toml"
    shutil.copyfile(SAMPLES / "acme-robotics.toml", workbook)
    notes = tmp_path / "plan.html"
    notes.write_text("<!DOCTYPE html><p>my own page</p>")
    app = open_workbook(workbook)
    async with app.run_test(size=SIZE) as pilot:
        app.export_beside("html")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
        assert "plan.html is not an HTML export made by Stratbook" in _title(app)
        await _enter_path(pilot, notes)  # insisting on the same file: asked, by name
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert f"{notes} is not an HTML export made by Stratbook." in _message(app)
        await pilot.press("c")
        await wait_until(pilot, lambda: not isinstance(app.screen, (ConfirmDialog, FormDialog)))
        assert notes.read_text() == "<!DOCTYPE html><p>my own page</p>"
        # Replaced only when the user says so.
        app.export_beside("html")
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
        await _enter_path(pilot, notes)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("r")
        await wait_until(pilot, lambda: "Made with Stratbook" in notes.read_text())


async def test_export_replaces_an_earlier_export_without_asking(tmp_path: Path) -> None:
    workbook = tmp_path / "plan.toml"
    shutil.copyfile(SAMPLES / "acme-robotics.toml", workbook)
    earlier = tmp_path / "plan.json"
    earlier.write_text(export(load(SAMPLES / "harbour-food-bank.toml").workbook, "json"))
    app = open_workbook(workbook)
    async with app.run_test(size=SIZE) as pilot:
        app.export_beside("json")
        await wait_until(pilot, lambda: earlier.read_text() == export(app.workbook, "json"))
        assert not isinstance(app.screen, (FormDialog, ConfirmDialog))


async def test_save_mine_as_a_copy_asks_before_replacing_a_stranger(tmp_path: Path) -> None:
    """The attack: "save mine as a copy" with the path of ~/.bashrc replaced it silently."""
    workbook = tmp_path / "plan.toml"
    shutil.copyfile(SAMPLES / "acme-robotics.toml", workbook)
    bashrc = tmp_path / ".bashrc"
    bashrc.write_text(BASHRC)
    app = open_workbook(workbook, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        app.apply(SetFields("vmv", {"mission": "Mine"}))
        workbook.write_text(workbook.read_text().replace("Acme", "Acme Two", 1))  # changed on disk
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("c")  # save mine as a copy
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
        await _enter_path(pilot, bashrc)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert _message(app) == f"{bashrc} is not a workbook of this plan."
        await pilot.press("o")  # choose another name
        await wait_until(pilot, lambda: isinstance(app.screen, FormDialog))
        await _enter_path(pilot, tmp_path / "plan.mine.toml")
        await wait_until(pilot, lambda: (tmp_path / "plan.mine.toml").exists())
        assert bashrc.read_text() == BASHRC
        assert load(tmp_path / "plan.mine.toml").workbook.vmv.mission == "Mine"


async def test_an_export_of_a_private_workbook_from_the_app_is_private(tmp_path: Path) -> None:
    import os
    import stat

    workbook = tmp_path / "plan.toml"
    shutil.copyfile(SAMPLES / "acme-robotics.toml", workbook)
    workbook.chmod(0o600)
    old = os.umask(0o022)
    try:
        app = open_workbook(workbook)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.export_beside("markdown")
            await wait_until(pilot, (tmp_path / "plan.md").exists)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "plan.md").stat().st_mode) == 0o600
