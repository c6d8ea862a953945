"""In the tests, the app's frames are composed when something reads them, not at every refresh.

In a terminal, each refresh composes the lines that changed into a frame and sends it. A test
sees none of those frames unless it reads the screen, and every way it reads composes what it
reads from the widgets as they are then: a snapshot and `rendering` (the compositor's full
update), `screen_drawn` (its strips), a widget's `render_line`. Composing every frame anyway was
a quarter of a UI test's processor time, work whose result the headless driver threw away (every
10th UI test, every-key tests left out, each run both ways in turn in one process: 33.9 s, and
24.7 s without; 25.8 s with the last screens composed, as below).

So the top screen's refresh here takes the changes as drawn, unseen (what a later read composes
is what the app shows then), and frames are composed as in the app:
- in tests marked `every_frame`: tests of what is drawn and when (a frame counted, a row not
  drawn again), and the tests that press every key on rough and hostile workbooks, whose promise
  is that no key leaves a screen that fails to draw;
- in a test that watches what the app sends (it puts its own `app._display` in place);
- in every test when STRATBOOK_TEST_FRAMES=all, to run the suite drawing as the app does.
And at the end of every test that leaves its app running, its last screen is composed whole: a
screen that fails to draw fails the test that left it there.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager

EVERY_FRAME = os.environ.get("STRATBOOK_TEST_FRAMES") == "all"
"""Draw every frame in every test, as the app does."""

drawing = False
"""Draw every frame in the test running now (set for each test: tests/conftest.py)."""


def _composed(app) -> bool:
    return EVERY_FRAME or drawing or app.is_inline or "_display" in app.__dict__


def install() -> None:
    from textual.app import App
    from textual.screen import Screen

    compositor_refresh = Screen._compositor_refresh
    run_test = App.run_test

    def _compositor_refresh(self) -> None:
        app = self.app
        if self is not app.screen or _composed(app):
            compositor_refresh(self)  # a screen under a dialog passes its changes to the top one
            return
        self._compositor._dirty_regions.clear()
        self._dirty_widgets.clear()
        app._update_mouse_over(self)

    def run_test_composing_the_last_screen(self, *args, **kwargs):
        return _last_screen_composed(self, run_test(self, *args, **kwargs))

    Screen._compositor_refresh = _compositor_refresh  # type: ignore[method-assign]
    App.run_test = run_test_composing_the_last_screen  # type: ignore[method-assign]


@asynccontextmanager
async def _last_screen_composed(app, running):
    async with running as pilot:
        yield pilot
        if not (app._exit or app._closed):
            # Not waiting for the app to settle: a test may end with a thread held on purpose.
            screen = app.screen
            if screen._layout_required:
                screen._refresh_layout()
            screen._compositor.render_update(full=True, screen_stack=app._background_screens)
