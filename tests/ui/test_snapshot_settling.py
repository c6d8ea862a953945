"""The snapshot fixture's picture is taken only once the screen has stopped changing: two renderings
in a row agree on everything the picture shows (tests/ui/conftest.py, `until_still`). A screen that
changes on every rendering, in its text, a colour, a style or its title, fails; one that settles
after a few frames is pictured as it settled."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.ui.conftest import until_still


class OneLabel(App):
    def compose(self) -> ComposeResult:
        yield Static("frame 0", id="label")


def label(app: App, content) -> None:
    app.query_one("#label", Static).update(content)


#: How the screen changes at frame n: each case changes one thing the SVG shows and nothing else.
CHANGES = {
    "text": lambda app, n: label(app, f"frame {n}"),
    "colour": lambda app, n: label(app, Text("frame 0", style=("red", "blue")[n % 2])),
    "background": lambda app, n: label(app, Text("frame 0", style=("on red", "on blue")[n % 2])),
    "bold": lambda app, n: label(app, Text("frame 0", style=("bold", "")[n % 2])),
    "reverse (a cursor)": lambda app, n: label(app, Text("frame 0", style=("reverse", "")[n % 2])),
    "title": lambda app, n: setattr(app, "title", f"frame {n}"),
}


class Drawing:
    """A pilot whose app changes the screen before each of its first `frames` pauses (every pause
    when None), as an app still drawing does."""

    def __init__(self, pilot, change, frames: int | None = None) -> None:
        self.pilot, self.app, self.change, self.frames = pilot, pilot.app, change, frames
        self.changes = self.pauses = 0

    async def pause(self) -> None:
        self.pauses += 1
        if self.frames is None or self.changes < self.frames:
            self.changes += 1
            self.change(self.app, self.changes)
        await self.pilot.pause()


@pytest.mark.parametrize("what", CHANGES)
async def test_a_screen_that_keeps_changing_fails(what) -> None:
    async with OneLabel().run_test(size=(30, 5)) as pilot:
        drawing = Drawing(pilot, CHANGES[what])
        with pytest.raises(AssertionError, match="^the screen kept changing; no stable picture to compare$"):
            await until_still(drawing)
        assert drawing.pauses == 50


@pytest.mark.parametrize("what", CHANGES)
async def test_a_screen_that_settles_is_pictured_settled(what) -> None:
    async with OneLabel().run_test(size=(30, 5)) as pilot:
        drawing = Drawing(pilot, CHANGES[what], frames=3)
        await until_still(drawing)
        assert (drawing.changes, drawing.pauses) == (3, 4)  # the last change drawn, then drawn the same
        if what in ("text", "title"):
            assert "frame&#160;3" in pilot.app.export_screenshot()
