"""Pilot's wait (tests/settle.py) ends only when what a test did has been handled and drawn."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult
from textual.widgets import Static


class OneLine(App):
    def compose(self) -> ComposeResult:
        yield Static("a line")


async def test_a_callback_asked_for_after_a_refresh_has_run_when_the_wait_ends() -> None:
    """`call_after_refresh` runs its callback once the screen has refreshed. The screen's refresh
    timer keeps to a 60 fps grid: resumed just after a tick, it can wait for the one after the
    next, up to two periods (33 ms) away. A wait that took a timer that far off for idle work
    ended before the refresh and its callback (a jump's cursor was not on its item yet, now and
    then). Many tries, so that some fall just after a tick."""
    app = OneLine()
    async with app.run_test() as pilot:
        line = app.query_one(Static)
        for attempt in range(8):
            await asyncio.sleep(0.05)  # the refresh timer idle for a while: its next tick is late
            line.update(f"drawn {attempt}")  # it ticks now, then skips to the grid: 17-33 ms away
            for _ in range(5):
                await asyncio.sleep(0)
            ran: list[int] = []
            line.update(f"line {attempt}")  # a refresh owed before that tick
            app.call_after_refresh(ran.append, attempt)
            await pilot.pause()
            assert ran == [attempt], f"try {attempt}: the wait ended before the callback ran"


async def test_the_wait_does_not_sleep_on_a_refresh_timer_it_has_nothing_to_draw_for() -> None:
    """After a refresh, the screen's refresh timer is paused, but its task still sleeps to the next
    60 fps tick before it waits to be resumed. That sleep is no work: a wait that slept on it spent
    up to 17 ms a pause for nothing (a quarter of a UI test's time). Nor does a refresh the screen
    owes wait for the tick: it is drawn at once. So a wait after an update never blocks on the loop."""
    app = OneLine()
    async with app.run_test() as pilot:
        line = app.query_one(Static)
        selector = asyncio.get_running_loop()._selector  # type: ignore[attr-defined]
        real_select = selector.select
        blocked: list[float] = []

        def select(timeout=None):
            if timeout is None or timeout > 0:
                blocked.append(timeout)
            return real_select(timeout)

        selector.select = select
        try:
            for attempt in range(8):
                line.update(f"line {attempt}")
                await pilot.pause()
                assert str(line.render()) == f"line {attempt}"
        finally:
            selector.select = real_select
        assert blocked == [], f"the wait blocked on the loop for {blocked}"


async def test_the_apps_of_the_tests_do_not_animate(sample_copy) -> None:
    """TEXTUAL_ANIMATIONS=none reaches every app a test makes (tests/conftest.py), and a scroll
    asked to animate is where it goes once the app has settled."""
    from tui.app import open_workbook

    app = open_workbook(sample_copy, start="vmv")
    assert app.animation_level == "none"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.scroll_to(y=5, animate=True, duration=10)
        await pilot.pause()
        assert not app.animator.is_being_animated(app.screen, "scroll_y")


async def test_a_steady_drawing_is_the_one_after_a_hold_on_drawing_ends() -> None:
    """`steady_drawing` (tests/ui/drawing.py) waits for Textual's hold on drawing as a section is
    switched to (App.delay_update, a timer the settled loop does not wait for) to end, and returns
    what is drawn after it, not a frame from within it."""
    from tests.ui.drawing import steady_drawing

    app = OneLine()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.delay_update(0.3)
        app.query_one(Static).update("after the hold")
        drawn = await steady_drawing(pilot)
        assert not app._batch_count
        assert "after the hold" in drawn
