"""A style placed on the screen is worked out once per place (tui/placed_styles.py), and every
piece of text still carries its own place, which selecting text with the mouse reads."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content, Span
from textual.style import Style
from textual.widgets import Static

import tui.app  # noqa: F401  (puts the kept placed styles in place, as running the app does)


def pieces(content: Content, width: int = 20) -> list:
    strip = content.render_strips(width, None, Style(), _options())[0]
    return [(segment.text, segment.style) for segment in strip]


def _options():
    from textual.visual import RenderOptions

    return RenderOptions(lambda style: Style.parse(style) if isinstance(style, str) else style, {})


def test_a_piece_drawn_again_at_its_place_gets_the_same_style_object() -> None:
    """Textual made a new Rich style, meta and all, for every piece each time a line was drawn."""
    content = Content("ab cd", spans=[Span(0, 2, "bold"), Span(3, 5, "italic")])
    first, again = pieces(content), pieces(content)
    assert [text for text, _ in first] == ["ab", " ", "cd"]
    assert all(one is other for (_, one), (_, other) in zip(first, again))


def test_each_piece_still_carries_its_own_place() -> None:
    content = Content("ab cd", spans=[Span(0, 2, "bold"), Span(3, 5, "italic")])
    assert [style.meta["offset"] for _, style in pieces(content)] == [(0, 0), (2, 0), (3, 0)]
    assert pieces(content)[0][1].bold and pieces(content)[2][1].italic


class TwoLines(App):
    def compose(self) -> ComposeResult:
        yield Static(Content("first line"), id="one")
        yield Static(Content("second line"), id="two")


async def test_the_screen_still_finds_the_character_under_a_point() -> None:
    """Selecting text with the mouse asks which character of which widget is at a point."""
    app = TwoLines()
    async with app.run_test(size=(30, 4)) as pilot:
        await pilot.pause()
        widget, offset = app.screen.get_widget_and_offset_at(3, 1)
        assert widget.id == "two" and tuple(offset) == (3, 0)
        widget, offset = app.screen.get_widget_and_offset_at(6, 0)
        assert widget.id == "one" and tuple(offset) == (6, 0)
