"""Every section usable from 60x20: titles get the room first, the footer drops the least
needed keys cleanly and keeps help, the section bar keeps every section."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.ui.test_focus_visible import plain_lines
from tui.app import StratbookApp, open_workbook
from tui.model import dates
from tui.screens import overview
from tui.screens.sections import SECTIONS
from tui.widgets.goal_table import TITLE_ROOM, RowTable
from tui.widgets.footer import SteadyFooter

NARROW = (60, 20)


def _app(tmp_path: Path, start: str) -> StratbookApp:
    target = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", target)
    return open_workbook(target, start=start)


@pytest.mark.parametrize("mode", [s.mode for s in SECTIONS])
def test_snapshot_every_section_at_60x20(snap_compare, tmp_path: Path, monkeypatch, mode: str) -> None:
    # A fixed day: pace, the roadmap's today and reviews due read the clock (the day these were drawn).
    monkeypatch.setattr(dates, "today", lambda: date(2026, 11, 30))
    monkeypatch.setattr(overview, "today", lambda: date(2026, 11, 30))
    assert snap_compare(_app(tmp_path, mode), terminal_size=NARROW)


@pytest.mark.parametrize("mode", ["goals", "tactics"])
async def test_titles_get_the_room_before_fixed_columns(tmp_path: Path, mode: str) -> None:
    app = _app(tmp_path, mode)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        table = app.screen.query_one(RowTable)
        layout = table.layout_for(table.scrollable_content_region.width)
        title = next(w for c, w in layout if c.width == 0)
        assert title >= TITLE_ROOM, layout
        assert sum(w for _, w in layout) + len(layout) + 1 <= table.scrollable_content_region.width


@pytest.mark.parametrize("mode", [s.mode for s in SECTIONS])
@pytest.mark.parametrize("width", [60, 70, 80])
async def test_the_footer_keeps_help_and_never_prints_stray_letters(tmp_path: Path, mode: str, width: int) -> None:
    app = _app(tmp_path, mode)
    async with app.run_test(size=(width, 20)) as pilot:
        await pilot.pause()
        await pilot.pause()
        footer = plain_lines(app)[-1]
        assert "? Help" in footer, footer
        assert footer.rstrip().endswith(("palette", "^p")), footer
        shown = app.screen.query_one(SteadyFooter).keys
        keys = [k for k in shown if not k.palette]
        assert keys and all(k.right <= width for k in keys)
        palette = next(k for k in shown if k.palette)
        assert all(k.right < palette.x for k in keys), footer  # nothing runs under the hint


@pytest.mark.parametrize("mode", [s.mode for s in SECTIONS])
async def test_the_section_bar_keeps_every_section(tmp_path: Path, mode: str) -> None:
    app = _app(tmp_path, mode)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        bar = plain_lines(app)[1]
        for section in SECTIONS:
            assert f" {section.key} " in bar, bar
        current = next(s for s in SECTIONS if s.mode == mode)
        assert f" {current.key} {current.title} " in bar, bar
        assert len(bar.rstrip()) <= NARROW[0]
