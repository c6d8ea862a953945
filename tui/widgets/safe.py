"""Turn untrusted text into something Textual shows literally.

User text is never markup: it goes into a `Content` (which Textual does not
parse) after `for_display` has made control characters visible. One place,
so that no screen has to remember the rules.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from tui.model.text import for_display, one_line


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
