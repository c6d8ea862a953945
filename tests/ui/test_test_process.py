"""The test process itself: what one UI test leaves behind for the next (see tests/conftest.py)."""

from __future__ import annotations

import gc
from pathlib import Path

from textual._styles_cache import StylesCache

from tests.conftest import drop_dead_widgets_styles
from tui.app import open_workbook


async def test_an_app_that_has_gone_leaves_no_widget_styles_behind(sample_copy: Path) -> None:
    """Textual's `StylesCache.get_inner_outer` cache kept the styles (and drawn lines) of the last
    1024 widgets of apps long gone, and every full collection walked them: after each test
    conftest empties it. If Textual changes the cache, this fails rather than the suite slowing."""
    app = open_workbook(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
    del app, pilot
    gc.collect()
    alive = len(_styles_caches())
    assert StylesCache.get_inner_outer.cache_info().currsize > 0  # holding the app's widgets
    drop_dead_widgets_styles()
    gc.collect()
    assert StylesCache.get_inner_outer.cache_info().currsize == 0
    assert len(_styles_caches()) < alive / 2  # (the loop may hold a few until the test ends)


def _styles_caches() -> list[StylesCache]:
    return [obj for obj in gc.get_objects() if isinstance(obj, StylesCache)]
