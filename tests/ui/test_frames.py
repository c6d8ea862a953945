"""The tests' frames (tests/frames.py): composed when read, every one where a test asks, and the
last screen of every test composed whole."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widget import Widget

from tests import frames
from tests.ui.conftest import rendering


class Breaks(Widget, can_focus=True):
    """Draws a line until `b` is pressed, then fails to draw."""

    BINDINGS = [("b", "break_it")]
    broken = False

    def action_break_it(self) -> None:
        self.broken = True
        self.refresh()

    def render_line(self, y: int) -> Strip:
        if self.broken:
            raise RuntimeError("this widget cannot draw")
        return Strip.blank(self.size.width)


class Counted(App):
    def compose(self) -> ComposeResult:
        yield Breaks()

    def on_mount(self) -> None:
        self.frames: list[object] = []
        compose = self.screen._compositor.render_update

        def counted(*args, **kwargs):
            self.frames.append(kwargs.get("full", False))
            return compose(*args, **kwargs)

        self.screen._compositor.render_update = counted


async def frames_of_a_refresh(pilot) -> list[bool]:
    """The frames composed for one refresh of the widget (True: a full one)."""
    app = pilot.app
    await pilot.pause()
    app.frames.clear()
    app.query_one(Breaks).refresh()
    await pilot.pause()
    return app.frames



@pytest.mark.skipif(frames.EVERY_FRAME, reason="STRATBOOK_TEST_FRAMES=all composes every frame")
async def test_a_refresh_composes_no_frame_and_a_read_composes_what_shows() -> None:
    app = Counted()
    async with app.run_test(size=(20, 4)) as pilot:
        assert await frames_of_a_refresh(pilot) == []
        size, _, lines = rendering(app)
        assert size == (20, 4) and len(lines) == 4 and app.frames == [True]


@pytest.mark.every_frame
async def test_a_test_marked_every_frame_composes_each_refresh() -> None:
    app = Counted()
    async with app.run_test(size=(20, 4)) as pilot:
        assert await frames_of_a_refresh(pilot) == [False]  # a partial update, as the app sends


async def test_a_test_that_watches_what_the_app_sends_gets_every_frame() -> None:
    app = Counted()
    async with app.run_test(size=(20, 4)) as pilot:
        sent = []
        display = app._display
        app._display = lambda screen, update: sent.append(update) or display(screen, update)
        app.query_one(Breaks).refresh()
        await pilot.pause()
        assert sent


async def test_a_screen_left_unable_to_draw_fails_the_test_that_left_it() -> None:
    app = Counted()
    with pytest.raises(RuntimeError, match="cannot draw"):
        async with app.run_test(size=(20, 4)) as pilot:
            await pilot.press("b")
            assert not frames.drawing  # nothing composed it yet: the end of the test does
