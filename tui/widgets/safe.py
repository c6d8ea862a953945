"""Turn untrusted text into something Textual shows literally.

User text is never markup: it goes into a `Content` (which Textual does not
parse) after `for_display` has made control characters visible. One place,
so that no screen has to remember the rules.
"""

from __future__ import annotations

from rich.highlighter import Highlighter
from rich.text import Text
from textual.content import Content
from textual.widgets import Input, TextArea

from tui.model.text import for_display, one_line, visible_controls


def plain(text: str, multiline: bool = False) -> Content:
    """Literal content for Static, Label, OptionList and notify-like uses."""
    return Content(for_display(text, multiline))


def plain_line(text: str, width: int | None = None) -> Content:
    """One line, cut with an ellipsis to `width` characters."""
    return Content(one_line(text, width))


def rich_plain(text: str, width: int | None = None, style: str = "") -> Text:
    """For DataTable cells and Tree labels, which take Rich text."""
    return Text(one_line(text, width), style=style, no_wrap=True, overflow="ellipsis")


def rating_dots(value: int, top: int = 5) -> str:
    """A 1..5 rating as ●●●○○, readable at a glance."""
    value = max(0, min(top, value))
    return "\u25cf" * value + "\u25cb" * (top - value)


class _VisibleControls(Highlighter):
    """Shows control characters as symbols inside an Input; the value is unchanged."""

    def highlight(self, text: Text) -> None:
        shown = visible_controls(text.plain)
        if shown != text.plain:
            text.plain = shown  # same length: styles and the cursor stay in place


class SafeInput(Input):
    """An Input that never sends a control character from its value to the terminal."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("highlighter", _VisibleControls())
        super().__init__(*args, **kwargs)


class SafeTextArea(TextArea):
    """A TextArea that never sends a control character from its text to the terminal.

    Textual draws TextArea lines as they are, ESC included, so a vision from an
    emailed file could retitle the window. Each line is drawn through
    `visible_controls`, one character for one, so the cursor still lines up.
    """

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        shown = visible_controls(line.plain)
        if shown != line.plain:
            line.plain = shown
        return line
