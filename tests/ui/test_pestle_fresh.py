"""The PESTLE screen after any edit, undo, redo or reload is what a new app draws from the same
workbook saved: the section redraws only the rows, counts and lines an edit touched (issue 14),
and a row, count or line kept from before that should have changed fails here.

Each test makes one kind of change on a copy of the sample, then compares the screen, line by
line with every style (and, for the checklist, the place each drawn line carries for clicks), with
a new app opened on the workbook saved at that moment, its cursor, scroll and view put where
the first one's are. The header line (file name, unsaved mark) is left out.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.ui.conftest import narrower, other_theme, type_text
from tests.ui.drawing import press_steadily, steady_drawing
from tui.app import StratbookApp, open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.model.workbook import PestleItem
from tui.screens.pestle import HEADER, PestleScreen
from tui.store import save
from tui.widgets.matrix import ImpactMatrix
from tui.widgets.pestle_list import PestleRankList

SIZE = (80, 24)


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "acme-robotics.toml", tmp_path / "acme.toml"))


def section(app: StratbookApp) -> PestleScreen:
    assert isinstance(app.screen, PestleScreen), app.screen
    return app.screen


def drawn(app: StratbookApp) -> list[str]:
    """The screen below the header as drawn: every run of text with its style, and the checklist's
    lines with the row place each carries."""
    screen = section(app)
    lines = [repr(list(strip)) for strip in screen._compositor.render_strips()[1:]]
    checklist = screen.checklist
    lines += [repr([(segment.text, segment.style, segment.style and segment.style.meta.get("option"))
                    for segment in checklist.render_line(y)]) for y in range(checklist.size.height)]
    return lines


def where(app: StratbookApp) -> dict:
    """The cursor, scroll and view of the PESTLE screen."""
    screen = section(app)
    state = {"grid": screen.grid_shown, "row": screen.checklist.highlighted, "scroll": screen.checklist.scroll_y,
             "filter": (screen.needle, screen.effect), "focus": screen.focused.id if screen.focused else None,
             "theme": app.theme}
    if screen.grid_shown:
        state["cell"] = screen.query_one(ImpactMatrix).cursor
        for list_id in ("#pestle-ranked", "#pestle-cell-list"):
            rank_list = screen.query_one(list_id, PestleRankList)
            state[list_id] = (rank_list.highlighted, rank_list.scroll_y)
    return state


async def put(pilot, state: dict) -> None:
    """Put a new app's PESTLE screen at `state` (see `where`)."""
    screen = section(pilot.app)
    pilot.app.theme = state["theme"]
    if state["filter"] != ("", ""):
        screen._set_filter(*state["filter"])
    if state["grid"]:
        await pilot.press("v")
        await pilot.pause()
        screen.query_one(ImpactMatrix).cursor = state["cell"]
        await pilot.pause()
        for list_id in ("#pestle-ranked", "#pestle-cell-list"):
            rank_list = screen.query_one(list_id, PestleRankList)
            rank_list.highlighted, scroll = state[list_id]
            rank_list.scroll_to(y=scroll, animate=False, immediate=True)
    screen.checklist.highlighted = state["row"]
    screen.checklist.scroll_to(y=state["scroll"], animate=False, immediate=True)
    if state["focus"]:
        screen.query_one(f"#{state['focus']}").focus()
    await pilot.pause()


NEW_APP_DRAWINGS: dict[tuple, list[str]] = {}
"""What a new app draws, by what it draws it from: the workbook's bytes, the view (`where`), the size
and the waiting. A new app draws the same from the same (an undo back to a state drawn before, a redo),
so each is drawn once in a test process."""


async def looks_fresh(pilot, tmp_path: Path, name: str, steady: bool = False) -> None:
    """The app's PESTLE screen is what a new app draws from its workbook, saved now, at the same
    size. `steady`: each drawing is taken once it is steady (tests/ui/drawing.py), not at once."""
    app = pilot.app
    await pilot.pause()
    app.clear_notifications()
    await (steady_drawing(pilot) if steady else pilot.pause())
    path = tmp_path / f"{name}.toml"
    data = save(app.workbook, path, touch=False)  # (no time stamp: the same workbook, the same bytes)
    state, shown = where(app), drawn(app)
    drawn_from = (data, repr(state), app.size, steady)
    if drawn_from not in NEW_APP_DRAWINGS:
        fresh = open_workbook(path, start="pestle")
        async with fresh.run_test(size=(app.size.width, app.size.height)) as fresh_pilot:
            await fresh_pilot.pause()
            await put(fresh_pilot, state)
            assert where(fresh) == state
            fresh.clear_notifications()
            await (steady_drawing(fresh_pilot) if steady else fresh_pilot.pause())
            NEW_APP_DRAWINGS[drawn_from] = drawn(fresh)
    now = NEW_APP_DRAWINGS[drawn_from]
    if now != shown:
        import os
        if os.environ.get("SHOWDIFF"):
            for y, (a, b) in enumerate(zip(shown, now)):
                if a != b:
                    print("LINE", y, "\n OURS ", a[:3000], "\n FRESH", b[:3000])
    assert now == shown, f"{name}: the screen is not what a new app draws"


async def to_row(pilot, row_id: str) -> None:
    assert section(pilot.app).checklist.highlight_id(row_id)
    await pilot.pause()


def items(app: StratbookApp, factor: str) -> list[PestleItem]:
    return app.workbook.pestle.factors[factor].items


async def check_undo_redo(pilot, tmp_path: Path, name: str) -> None:
    await looks_fresh(pilot, tmp_path, name)
    await pilot.press("ctrl+z")
    await looks_fresh(pilot, tmp_path, f"{name}-undone")
    await pilot.press("ctrl+y")
    await looks_fresh(pilot, tmp_path, f"{name}-redone")


#: (name, keys pressed on the second item of Economic, text typed into a form it opens, if any)
EDITS = [
    ("check", ("space",), None),
    ("impact", ("plus",), None),
    ("likelihood", ("less_than_sign",), None),
    ("effect", ("t",), None),
    ("reviewed", ("r",), None),
    ("promote", ("p",), None),
    ("delete", ("d",), None),
    ("move down", ("J",), None),
    ("move up", ("K",), None),
    ("to another factor", ("m", "4"), None),
    ("edit", ("e",), " now"),
    ("add", ("a", "enter"), "A new rule on exports"),
    ("marked deleted", ("asterisk", "down", "asterisk", "d"), None),
]


@pytest.mark.parametrize(("name", "keys", "typed"), EDITS, ids=[name for name, _, _ in EDITS])
async def test_after_an_edit_its_undo_and_redo_the_checklist_is_drawn_as_new(
        acme: Path, tmp_path: Path, name: str, keys: tuple[str, ...], typed: str | None) -> None:
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await to_row(pilot, items(app, "economic")[1].id)
        revision = app.revision
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if isinstance(app.screen, ConfirmDialog):  # links to it: delete and unlink
            await pilot.press(app.screen.answers[0][0])
            await pilot.pause()
        if typed is not None:
            await pilot.press("end")
            await type_text(pilot, typed)
            await pilot.press("ctrl+s")
            await pilot.pause()
        assert app.revision > revision, f"{name} changed nothing"
        await check_undo_redo(pilot, tmp_path, name.replace(" ", "-"))


async def test_edits_made_while_the_grid_is_shown_and_after_it_draw_as_new(acme: Path, tmp_path: Path) -> None:
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await to_row(pilot, items(app, "economic")[1].id)
        await pilot.press("plus", "v")
        await looks_fresh(pilot, tmp_path, "grid")
        await pilot.press("tab")  # the cell's items
        await pilot.press("p")  # promoted from the grid
        await check_undo_redo(pilot, tmp_path, "grid-promote")
        await pilot.press("v", "minus", "minus")  # back, rated again: the grid is stale now
        await pilot.press("v")
        await looks_fresh(pilot, tmp_path, "grid-again")
        await pilot.press("v", "space", "t", "v")  # a check and an effect: the ranking stands,
        await looks_fresh(pilot, tmp_path, "grid-rows")  # the rows show them
        await pilot.press("ctrl+z")  # undone while the grid shows
        await looks_fresh(pilot, tmp_path, "grid-rows-undone")
        await pilot.press("ctrl+z", "ctrl+y")
        await looks_fresh(pilot, tmp_path, "grid-rows-redone")
        await pilot.press("v", "d")  # a row out of the checklist, then back in while it is hidden
        if isinstance(app.screen, ConfirmDialog):
            await pilot.press(app.screen.answers[0][0])
        await pilot.press("v", "ctrl+z")
        await pilot.press("v")
        await looks_fresh(pilot, tmp_path, "back-in-while-hidden")


async def test_a_reload_and_a_filter_draw_as_new(acme: Path, tmp_path: Path) -> None:
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await to_row(pilot, items(app, "social")[0].id)
        changed = copy.deepcopy(app.workbook)
        economic = changed.pestle.factors["economic"].items
        economic[0].text, economic[0].checked = "Reloaded from disk", not economic[0].checked
        del economic[1]
        changed.pestle.factors["legal"].reviewed = not changed.pestle.factors["legal"].reviewed
        app.replace_workbook(changed, "reloaded")
        await looks_fresh(pilot, tmp_path, "reloaded")
        section(app)._set_filter("", "threat")
        await pilot.pause()
        await pilot.press("space")
        await looks_fresh(pilot, tmp_path, "filtered")
        await to_row(pilot, HEADER + "political")
        await pilot.press("escape")
        await looks_fresh(pilot, tmp_path, "unfiltered")


async def _promote_from_the_cell(pilot) -> None:
    await press_steadily(pilot, "tab", "p")  # the cell's item into the SWOT, from the grid


async def _undo(pilot) -> None:
    await press_steadily(pilot, "ctrl+z")


@pytest.mark.parametrize("while_grid_shown", [None, other_theme, narrower, _promote_from_the_cell, _undo])
async def test_v_and_v_again_draw_what_a_new_app_draws(acme: Path, tmp_path: Path, while_grid_shown) -> None:
    # Each view keeps what it drew while the other is shown, and is laid out and drawn once as it
    # comes back (see the test below): a theme, a size or an edit while the grid was shown, or
    # an edit while it was hidden, must not leave anything as it was drawn before.
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await to_row(pilot, items(app, "economic")[1].id)
        await press_steadily(pilot, "plus", "space")  # rows drawn with a rating and a check, the grid stale
        await press_steadily(pilot, "v")
        await looks_fresh(pilot, tmp_path, "grid", steady=True)
        if while_grid_shown is not None:
            await while_grid_shown(pilot)
        await press_steadily(pilot, "v")
        await looks_fresh(pilot, tmp_path, "checklist-again", steady=True)
        await press_steadily(pilot, "t")  # an edit while the grid is hidden: its rows show it
        await press_steadily(pilot, "v")
        await looks_fresh(pilot, tmp_path, "grid-again", steady=True)
        await press_steadily(pilot, "v")
        await looks_fresh(pilot, tmp_path, "checklist-third", steady=True)


# -- what a key lays out --------------------------------------------------------------------------------


@pytest.fixture
def layouts(monkeypatch) -> list[object]:
    """Every widget that asks for the screen to be laid out again, each time it asks."""
    from textual.widget import Widget

    asked: list[object] = []
    refresh = Widget.refresh

    def counted(self, *regions, layout=False, **options):
        if layout:
            asked.append(self)
        return refresh(self, *regions, layout=layout, **options)

    monkeypatch.setattr(Widget, "refresh", counted)
    return asked


async def test_a_message_is_laid_out_once_and_a_row_taken_out_or_added_lays_out_nothing(
        acme: Path, layouts: list[object], monkeypatch) -> None:
    # Textual lays the screen out again after a new toast's first layout, and after a list's
    # virtual size changes: about 10 ms each on a section (see tui/widgets/toasts.py, lines.py).
    from textual.screen import Screen
    from textual.widgets._toast import Toast

    from tui.widgets.toasts import SteadyToast

    screen_layouts: list[object] = []
    lay_out = Screen._refresh_layout

    def counted_layout(self, *args, **options):
        screen_layouts.append(self)
        return lay_out(self, *args, **options)

    monkeypatch.setattr(Screen, "_refresh_layout", counted_layout)
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        for message in ("Shown once", "And once more"):  # the second in a toast kept from the first
            app.clear_notifications()
            await pilot.pause()
            screen_layouts.clear()
            app.notify(message, timeout=30)
            for _ in range(3):
                await pilot.pause()
            toasts = list(app.screen.query(Toast))
            assert toasts and all(isinstance(toast, SteadyToast) for toast in toasts)
            assert len(screen_layouts) == 1, f"{message!r}: the screen was laid out {len(screen_layouts)} times"
        checklist = section(app).checklist
        first = items(app, "political")[0].id
        layouts.clear()
        checklist.remove_rows([first])
        await pilot.pause()
        checklist.insert_rows(1, [first])
        await pilot.pause()
        assert checklist not in layouts, "a row taken out or added laid the screen out"


def screen_drawn(app: StratbookApp) -> list[str]:
    return [repr(list(strip)) for strip in app.screen._compositor.render_strips()]


async def test_the_prompt_picker_shown_again_is_the_one_a_new_picker_would_be(acme: Path, monkeypatch) -> None:
    # The picker is kept and shown again (PromptPicker.shape/take): for another factor, and after
    # an item takes a prompt, it must show what a picker composed afresh shows.
    from tui.modals.pestle_prompts import PromptPicker

    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pictures = []
        for factor, keys in (("political", ("down", "escape")), ("legal", ("down", "down", "enter")),
                             ("legal", ("escape",)), ("social", ("escape",))):
            await to_row(pilot, HEADER + factor)
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, PromptPicker)
            shown = screen_drawn(app)
            with monkeypatch.context() as patched:
                patched.setattr(PromptPicker, "shape", lambda self: None)
                await pilot.press("escape")
                await pilot.press("a")
                await pilot.pause()
                assert screen_drawn(app) == shown, f"{factor}: not what a new picker shows"
            pictures.append(shown)
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            if keys[-1] == "enter":  # a form for an item from the prompt
                await pilot.press("ctrl+s")
                await pilot.pause()
        assert pictures[1] != pictures[2]  # the prompt taken is marked


async def test_v_lays_out_once_in_one_frame_and_each_view_keeps_what_it_drew(acme: Path, monkeypatch) -> None:
    # v took 65 ms at 10,000 items (issue 14): each list shown again dropped every line it had
    # drawn (MarkedOptionList._on_resize compared the size outside its padding with the size
    # inside), the footer's keys asked for a second layout (one widget each then), and widgets
    # that asked to be drawn before the frame (the shown list's scroll bar, restyled as the
    # focus moved) asked again after it: a second frame (SteadyLayout._draw_asked_repaints).
    from textual.screen import Screen

    from tui.widgets.lines import MarkedOptionList

    layouts: list[object] = []
    dropped: list[str | None] = []
    lay_out, clear_caches = Screen._refresh_layout, MarkedOptionList._clear_caches

    def counted_layout(self, *args, **options):
        layouts.append(self)
        return lay_out(self, *args, **options)

    def counted_clear(self) -> None:
        dropped.append(self.id)
        clear_caches(self)

    monkeypatch.setattr(Screen, "_refresh_layout", counted_layout)
    monkeypatch.setattr(MarkedOptionList, "_clear_caches", counted_clear)
    app = open_workbook(acme, start="pestle")
    async with app.run_test(size=SIZE) as pilot:
        frames: list[object] = []
        display = app._display

        def counted_display(screen, update) -> None:
            if update is not None:
                frames.append(update)
            display(screen, update)

        app._display = counted_display
        await pilot.pause()
        await press_steadily(pilot, "v", "v")  # each view drawn once
        for shows in ("grid", "checklist") * 2:
            layouts.clear(), frames.clear(), dropped.clear()
            await press_steadily(pilot, "v")
            assert section(app).grid_shown == (shows == "grid")
            assert len(layouts) == 1, f"v to the {shows}: the screen was laid out {len(layouts)} times"
            assert len(frames) == 1, f"v to the {shows}: {len(frames)} frames"
            assert not dropped, f"v to the {shows}: {dropped} dropped what they had drawn"
