"""A widget whose height follows its content is measured again each time the content changes,
also when it changes while a layout the widget asked for is still owed (tui/measured.py).

Found by test_resize_same, about one run in forty, and seen once in tmux: the goal wizard made 80x24
and then 60x20 kept its keys line two lines high under three lines of keys (the step's "more below"
was put in front of them by the layout after the resize, which found the step cut), the last line
out of sight for good. Textual 8.2.8 keys a widget's measured size (its box model) on how many
layouts it has asked for, and a second ask while the first is owed was not counted: a layout at a
new size in between (a resize lays out at once) measured the old content under the count the new
content then had too."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.widgets import Static

import tui.app  # noqa: F401 - the app's fixes to Textual, as the app runs with them

LONG = " ".join(["words"] * 40)
"""239 characters: 7 lines at 40 columns, 8 at 30."""


class _Keys(App):
    CSS = """
    #box { height: 100%; }
    #body { height: 1fr; }
    #keys { height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static("body", id="body")
            yield Static("keys", id="keys")


async def _owed_then_changed(pilot, change) -> Static:
    """The content changed while a layout asked for before is owed, with a layout at a new size
    in between (as the resize lays out at once), then the owed layout at that size."""
    app = pilot.app
    keys = app.query_one("#keys", Static)
    keys.refresh(layout=True)  # a style, a class, an earlier update: a layout owed
    app.screen._refresh_layout(Size(30, 12))  # the terminal resized: laid out before keys' idle check
    change(keys)
    keys._check_refresh()  # keys' idle check: the owed layout is asked of the screen
    app.screen._refresh_layout(Size(30, 12))
    return keys


async def test_content_changed_while_a_layout_is_owed_is_measured_by_it() -> None:
    app = _Keys()
    async with app.run_test(size=(40, 12)) as pilot:
        keys = await _owed_then_changed(pilot, lambda keys: keys.update(LONG))
        assert keys.size == Size(30, 8)
        assert keys._render().get_height(keys.styles, 30) == 8  # what it holds, at that width
        assert app.query_one("#body").size.height == 12 - 8


async def test_content_shortened_while_a_layout_is_owed_gives_the_lines_back() -> None:
    app = _Keys()
    async with app.run_test(size=(40, 12)) as pilot:
        keys = app.query_one("#keys", Static)
        keys.update(LONG)
        await pilot.pause()
        assert keys.size.height == 7
        keys = await _owed_then_changed(pilot, lambda keys: keys.update("keys"))
        assert keys.size == Size(30, 1)
        assert app.query_one("#body").size.height == 11

