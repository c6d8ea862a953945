"""A dialog shows the section under it through a translucent backdrop. Drawing it costs less than
it did: the backdrop's lines are tinted once and taken from a cache after (tui/modals/dialog.py,
`TintedScreen`), the section's list draws again only the line its focus mark comes and goes on,
and the header does not lay the screen out again when the title changes. None of it may show
anything stale: after an edit, an undo, a redo and a reload, a dialog kept from before shows,
over the Overview, what a fresh app shows."""

from __future__ import annotations

import copy
import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.renderables.background_screen import BackgroundScreen
from textual.visual import RenderOptions, RichVisual

from tests.conftest import SAMPLES
from tui.app import StratbookApp, open_workbook
from tui.glyphs import glyphs
from tui.modals import dialog as dialog_module
from tui.modals.dialog import Dialog, TintedScreen
from tui.model.edits import SetFields
from tui.screens import overview
from tui.screens.overview import OverviewScreen
from tui.store import save

SIZE = (80, 24)
TODAY = date(2027, 7, 15)
FILE = "plan.toml"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setattr(overview, "today", lambda: TODAY)


def painted(app: StratbookApp) -> list[list[tuple[str, str]]]:
    """The screen as it is drawn now (from every widget's drawn lines): text and style of each part."""
    return [[(segment.text, str(segment.style)) for segment in strip]
            for strip in app.screen._compositor.render_strips()]


async def drawn(pilot) -> list[list[tuple[str, str]]]:
    pilot.app.clear_notifications()  # "Undone: ..." and the like: a fresh app has none
    await pilot.pause()
    return painted(pilot.app)


async def fresh_screen(workbook, folder: Path, keys: tuple[str, ...]) -> list[list[tuple[str, str]]]:
    """What a fresh app on this workbook shows after `keys` (its backdrops tinted afresh: the cache
    of tinted lines is the process's, and would hand it what the other app drew)."""
    folder.mkdir(exist_ok=True)
    save(workbook, folder / FILE)
    app = open_workbook(folder / FILE)
    kept = dict(dialog_module._tinted)
    dialog_module._tinted.clear()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            return await drawn(pilot)
    finally:
        dialog_module._tinted.clear()
        dialog_module._tinted.update(kept)


def without_header(lines: list[list[tuple[str, str]]]) -> list[list[tuple[str, str]]]:
    """All but the header, which differs between the two apps only in the unsaved marker."""
    return lines[1:]


def text(line: list[tuple[str, str]]) -> str:
    return "".join(part for part, _ in line)


STEPS = ("edit", "undo", "redo", "reload")


# A part for each step: the steps before it are taken as the whole test took them (the dialogs
# opened and drawn after each, so their caches are what they were), and only the step's own
# screens are held to what a fresh app shows. The twelve fresh apps of one test took 6.6 s on a
# loaded machine.
@pytest.mark.parametrize("checked", STEPS)
async def test_kept_dialogs_over_the_overview_show_what_a_fresh_app_shows(tmp_path: Path, checked: str) -> None:
    target = tmp_path / "app"
    target.mkdir()
    shutil.copy(SAMPLES / "acme-robotics.toml", target / FILE)
    app = open_workbook(target / FILE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.apply(SetFields(app.workbook.goals[1].id, {"owner": ""}))  # a warning: w opens its list
        await pilot.pause()
        for key in ("v", "w"):  # both dialogs kept, their backdrops drawn and cached
            await pilot.press(key, "escape")
            await pilot.pause()
        goal = app.workbook.goals[0]
        owner = goal.owner

        def edit() -> None:
            app.apply(SetFields("meta", {"title": "A title edited since"}))
            app.apply(SetFields(goal.id, {"owner": ""}))  # one more quality warning (w), its count changes

        def reload() -> None:
            workbook = copy.deepcopy(app.workbook)
            workbook.meta.title = "A title from the file"
            workbook.goals[0].owner = owner
            app.replace_workbook(workbook, "reloaded")

        steps = [("edit", edit), ("undo", lambda: app.action_undo()), ("redo", lambda: app.action_redo()),
                 ("reload", reload)]
        assert [step for step, _ in steps] == list(STEPS)
        for number, (step, change) in enumerate(steps[:STEPS.index(checked) + 1]):
            change()
            await pilot.pause()
            for keys in (("w",), ("v",), ()):
                for key in keys:
                    await pilot.press(key)
                    await pilot.pause()
                ours = await drawn(pilot)
                if step != checked:  # a step before the one this part checks, taken as the whole test took it
                    for _ in keys:
                        await pilot.press("escape")
                        await pilot.pause()
                    continue
                theirs = await fresh_screen(app.workbook, tmp_path / f"fresh-{number}-{''.join(keys)}", keys)
                where = f"after the {step}, {keys or 'the Overview'}"
                assert without_header(ours) == without_header(theirs), where
                if keys:  # under a dialog, the Overview's list shows no focus mark (the keys act on the dialog)
                    backdrop = [text(line) for line in ours if not text(line).startswith(("\u2502", "\u256d", "\u2570"))]
                    assert not any(glyphs.focus in line for line in backdrop), where
                else:  # the header (the dialogs cover it)
                    assert app.workbook.meta.title in text(ours[0]), where
                    assert (glyphs.unsaved in text(ours[0])) == app.dirty, where
                for _ in keys:
                    await pilot.press("escape")
                    await pilot.pause()
                assert isinstance(app.screen, OverviewScreen)


@pytest.mark.every_frame
async def test_the_backdrop_is_drawn_as_textual_draws_it(tmp_path: Path, monkeypatch) -> None:
    """The override of Textual 8.2.8's Screen.render (a BackgroundScreen) is in use, and draws the
    same lines: tinted afresh, and again from the cache."""
    used = []
    render_strips = TintedScreen.render_strips
    monkeypatch.setattr(TintedScreen, "render_strips", lambda self, *args: used.append(1) or render_strips(self, *args))
    target = tmp_path / FILE
    shutil.copy(SAMPLES / "acme-robotics.toml", target)
    app = open_workbook(target)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, Dialog) and used, "the dialog's backdrop is not drawn by TintedScreen"
        under = app.screen_stack[-2]
        color = dialog.styles.background
        style = dialog.visual_style
        options = RenderOptions(dialog._get_style, dialog.styles)
        width, height = dialog.size
        theirs = RichVisual(dialog, BackgroundScreen(under, color)).render_strips(width, height, style, options)
        monkeypatch.setattr(dialog_module, "_tinted", {})
        for _ in range(2):  # tinted afresh, then from the cache
            ours = TintedScreen(dialog, under, color).render_strips(width, height, style, options)
            assert [list(strip) for strip in ours] == [list(strip) for strip in theirs]
        assert dialog_module._tinted
