"""A section looks the same however it was reached, while going to it costs only its own styles.

Textual 8.2.8 parses every stylesheet again and works out the styles of every node of every screen
when a section is first shown (twice), and of the whole section each time it is shown again.
Stratbook skips that work where it finds nothing new (tui/parsed_css.py, SectionScreen.__init__ and
on_screen_resume, StratbookApp.refresh_css and _read_section_sheet): these tests see that it is
skipped, and that each section, reached by any path, themes changed on the way, is drawn as a new
app started on it draws it, colours and all."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from textual._compositor import Compositor
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

from tests.conftest import SAMPLES
from tests.ui.drawing import screen_drawn, steady_drawing
from tui import parsed_css
from tui.app import StratbookApp, open_workbook
from tui.screens.sections import SECTIONS

SIZE = (80, 24)
MODES = [section.mode for section in SECTIONS]


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "acme-robotics.toml", tmp_path / "acme.toml"))


async def as_a_new_app_draws(path: Path, mode: str, theme: str | None = None) -> str:
    app = open_workbook(path, start=mode)
    async with app.run_test(size=SIZE) as pilot:
        if theme is not None:
            app.theme = theme
        await pilot.pause()
        assert app.current_mode == mode
        return await steady_drawing(pilot)


async def go(pilot, mode: str) -> None:
    await pilot.press(next(section.key for section in SECTIONS if section.mode == mode))
    await pilot.pause()
    assert pilot.app.current_mode == mode


def count_calls(monkeypatch, cls, name: str, counts: Counter, counted_as=lambda node: True) -> None:
    """Count in `counts[name]` the calls of `cls.name` (those whose first argument is `counted_as`)."""
    method = getattr(cls, name)

    def count(self, *args, **kwargs):
        if counted_as(args[0] if args else self):
            counts[name] += 1
        return method(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, count)


@pytest.fixture
def style_work(monkeypatch) -> Counter:
    """Counts Textual's passes over many nodes' styles: every stylesheet parsed again (`reparse`),
    the styles of every node of every screen (`refresh_css`, `update` of the app) or of a whole
    screen (`update_styles` of a screen) worked out again."""
    counts: Counter = Counter()
    count_calls(monkeypatch, Stylesheet, "reparse", counts)
    count_calls(monkeypatch, Stylesheet, "update", counts)
    count_calls(monkeypatch, App, "refresh_css", counts)
    count_calls(monkeypatch, App, "update_styles", counts, lambda node: isinstance(node, Screen))
    return counts


async def test_a_first_visit_styles_only_the_new_section(acme: Path, style_work: Counter) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for mode in MODES[1:]:
            style_work.clear()
            await go(pilot, mode)
            # was 3 of each: every stylesheet parsed and every node of every screen styled again,
            # and the new section restyled as it showed, just after it was styled as it mounted
            assert style_work["refresh_css"] == style_work["update"] == 0, mode
            assert style_work["update_styles"] == 0, mode
            assert style_work["reparse"] <= 1, mode  # the section's own sheet, added


async def test_a_section_shown_again_is_not_restyled_when_nothing_changed(acme: Path, style_work: Counter) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for mode in MODES:
            await go(pilot, mode)
        for mode in ["overview", "swot", "goals"]:  # restyled once, having seen the new sheets
            await go(pilot, mode)
        style_work.clear()
        for mode in ["swot", "overview", "goals", "swot"]:
            await go(pilot, mode)
        assert style_work["update_styles"] == style_work["update"] == style_work["refresh_css"] == 0


async def test_each_parse_is_shared(acme: Path) -> None:
    """Textual still parses through the shared parse (tui/parsed_css.py); a second app parses
    nothing of its own."""
    before = parsed_css.shared.calls
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert parsed_css.shared.calls > before


# The sections in two tests of their own, so that no one test starts a new app on every section as
# well as taking the tour (2.7 s of processor time alone, 5.2 s on a loaded machine): each takes the
# whole tour as one test did, and holds its own sections' drawings to a new app's.
@pytest.mark.parametrize("checked", [pytest.param(MODES[:len(MODES) // 2], id="1of2"),
                                     pytest.param(MODES[len(MODES) // 2:], id="2of2")])
async def test_every_section_reached_after_the_others_is_drawn_as_a_new_app_draws_it(acme: Path,
                                                                                      checked: list[str]) -> None:
    app = open_workbook(acme)
    drawn: dict[str, list[str]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for mode in [*MODES, *reversed(MODES)]:  # first visits, then returns after every sheet is read
            await go(pilot, mode)
            seen = await steady_drawing(pilot)  # every section's, so the tour is the same in each test
            if mode in checked:
                drawn.setdefault(mode, []).append(seen)
    for mode in checked:
        fresh = await as_a_new_app_draws(acme, mode)
        for visit, seen in enumerate(drawn[mode], 1):  # the first visit and every return
            assert seen == fresh, f"{mode}, visit {visit}"


async def test_a_theme_chosen_in_one_section_reaches_the_others(acme: Path) -> None:
    """Sections made before the change (shown again after it) and after it (made new) alike."""
    app = open_workbook(acme)
    drawn: dict[str, str] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await go(pilot, "swot")
        await go(pilot, "goals")
        app.theme = "textual-light"
        await pilot.pause()
        for mode in ["swot", "pestle", "overview", "goals"]:
            await go(pilot, mode)
            drawn[mode] = await steady_drawing(pilot)
    for mode, seen in drawn.items():
        assert seen == await as_a_new_app_draws(acme, mode, theme="textual-light"), mode


@pytest.mark.every_frame
async def test_no_frame_is_composed_while_drawing_is_held_back(acme: Path, monkeypatch) -> None:
    """While drawing is held back (a section being made, Textual's `delay_update`; here until the
    test ends it), Textual composed frames that were thrown away (SteadyLayout.
    _compositor_refresh): none is composed now, and the one frame when the hold ends is the
    screen a new app draws."""
    frames: Counter = Counter()
    count_calls(monkeypatch, Compositor, "render_update", frames)
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for mode in ["swot", "overview", "swot"]:  # a first visit, then returns
            frames.clear()
            app._begin_batch()
            await go(pilot, mode)
            assert frames["render_update"] == 0, mode
            app._end_batch()  # as the end of a hold does
            app.screen.refresh()
            await pilot.pause()
            assert frames["render_update"] >= 1
        drawn = await steady_drawing(pilot)
    assert drawn == await as_a_new_app_draws(acme, "swot")


@pytest.mark.every_frame
async def test_a_section_is_drawn_once_it_is_made_and_then_nothing_is_held_back(acme: Path, monkeypatch) -> None:
    """A section shown for the first time is held back until it is made, then drawn whole once
    (SteadyLayout._compositor_refresh); shown again, it is not held back at all. Textual 8.2.8
    held every switch back for a fixed 50 ms: a section shown again came 50 ms late, and the next
    key, if it came sooner, acted on a section not yet drawn (StratbookApp.switch_mode)."""
    frames: Counter = Counter()
    count_calls(monkeypatch, Compositor, "render_full_update", frames)
    held: list[int] = []
    switch_mode = StratbookApp.switch_mode

    def switch_and_see(self, mode):
        made = switch_mode(self, mode)
        held.append(self._batch_count)
        return made

    monkeypatch.setattr(StratbookApp, "switch_mode", switch_and_see)
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        visits = [(mode, True) for mode in MODES[1:]] + [(mode, False) for mode in MODES]
        for mode, first in visits:  # first visits, then returns
            frames.clear()
            await go(pilot, mode)
            assert not app._batch_count, mode  # the app settled, nothing held
            if first:
                assert frames["render_full_update"] == 1, mode
            else:
                assert held[-1] == 0, mode  # drawn at once
            drawn = screen_drawn(app)
            assert await steady_drawing(pilot) == drawn, mode  # what was drawn at once is final
    assert drawn == await as_a_new_app_draws(acme, MODES[-1])
