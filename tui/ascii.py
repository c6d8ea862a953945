"""ASCII only, for Textual's own glyphs: borders, scrollbars, key names, list dividers, ellipses.

Our own symbols come from tui/glyphs.py; `use_ascii` switches both. Textual 8.2.8 has no
setting for these, so its tables are swapped in place (pinned: re-check on every bump; the
ASCII-mode tests render every section and dialog and fail on any character outside ASCII).
Switching back restores every table exactly, so tests can run both kinds of app in one process.
"""

from __future__ import annotations

from typing import Any

from textual import _border
from textual.command import SearchIcon
from textual.content import Content
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip
from textual.widgets import OptionList

from tui import glyphs

_H, _V = "-", "|"
_PLAIN = (("+", _H, "+"), (_V, " ", _V), ("+", _H, "+"))
_DOUBLE = (("+", "=", "+"), (_V, " ", _V), ("+", "=", "+"))
"""A focused text box: single lines become double (=), so focus shows without colour."""
_HEAVY = (("#", "=", "#"), ("#", " ", "#"), ("#", "=", "#"))
"""The heavier bars (outer, thick, block, inner): a focused pane's bar at its left."""
_BLANK = ((" ", " ", " "),) * 3
BORDERS: dict[str, tuple] = {
    "ascii": _PLAIN, "round": _PLAIN, "solid": _PLAIN, "dashed": _PLAIN, "panel": _PLAIN, "tab": _PLAIN,
    "tall": _PLAIN, "wide": _PLAIN, "vkey": _PLAIN, "hkey": _PLAIN,
    "double": _DOUBLE, "heavy": _HEAVY, "thick": _HEAVY, "outer": _HEAVY, "inner": _HEAVY, "block": _HEAVY,
    "": _BLANK, "none": _BLANK, "hidden": _BLANK, "blank": _BLANK,
}
"""Every border type of Textual's, in ASCII (drawn plainly: no half cells, no reversed edges)."""
_NO_TRICKS = ((0, 0, 0),) * 3

KEYS = {"\u2191": "up", "\u2193": "down", "\u2190": "left", "\u2192": "right", "\u232b": "backspace",
        "\u23ce": "enter"}
"""Textual's key symbols (get_key_display) and their names."""

_saved: dict[str, Any] = {}


def use_ascii(on: bool) -> None:
    """Draw with ASCII only (on), or as Textual and tui/glyphs.py draw by default (off)."""
    glyphs.use_ascii(on)
    if on and not _saved:
        _saved.update(chars=dict(_border.BORDER_CHARS), locations=dict(_border.BORDER_LOCATIONS),
                      vertical=ScrollBarRender.VERTICAL_BARS, horizontal=ScrollBarRender.HORIZONTAL_BARS,
                      truncate=Content.truncate, option_render=OptionList._get_option_render,
                      search_icon=SearchIcon.render)
        for name in _border.BORDER_CHARS:
            _border.BORDER_CHARS[name] = BORDERS.get(name, _PLAIN)
            _border.BORDER_LOCATIONS[name] = _NO_TRICKS
        # Scrollbars: whole cells only (the thumb is reversed blanks, which any terminal shows).
        ScrollBarRender.VERTICAL_BARS = [" "] * 8
        ScrollBarRender.HORIZONTAL_BARS = [" "] * 8
        Content.truncate = _ascii_truncate  # type: ignore[method-assign]
        OptionList._get_option_render = _ascii_option_render  # type: ignore[method-assign]
        SearchIcon.render = lambda self: ">"  # the palette's magnifying glass
    elif not on and _saved:
        _border.BORDER_CHARS.update(_saved["chars"])
        _border.BORDER_LOCATIONS.update(_saved["locations"])
        ScrollBarRender.VERTICAL_BARS = _saved["vertical"]
        ScrollBarRender.HORIZONTAL_BARS = _saved["horizontal"]
        Content.truncate = _saved["truncate"]  # type: ignore[method-assign]
        OptionList._get_option_render = _saved["option_render"]  # type: ignore[method-assign]
        SearchIcon.render = _saved["search_icon"]
        _saved.clear()
    _border.get_box.cache_clear()


def _ascii_truncate(self: Content, max_width: int, *, ellipsis: bool = False, pad: bool = False) -> Content:
    """Content.truncate, cutting with `...` (or as much of it as fits) rather than `…`."""
    truncate = _saved["truncate"]
    if not ellipsis or self.cell_length <= max_width or max_width <= 0:
        return truncate(self, max_width, ellipsis=ellipsis, pad=pad)
    dots = "." * min(3, max(1, max_width - 1))
    return truncate(self, max_width - len(dots)) + Content(dots)


def _ascii_option_render(self: OptionList, option, style) -> list[Strip]:
    """An OptionList's options, with its dividers drawn in `-` rather than `─`."""
    strips = _saved["option_render"](self, option, style)
    if option._divider and strips:
        rule = strips[-1]
        strips = [*strips[:-1], Strip([segment._replace(text=segment.text.replace("\u2500", _H))
                                       for segment in rule], rule.cell_length)]
    return strips


def key_display(shown: str) -> str:
    """A key as Textual shows it (`↑`, `⏎`), in ASCII (`up`, `enter`)."""
    for symbol, name in KEYS.items():
        shown = shown.replace(symbol, name)
    return shown
