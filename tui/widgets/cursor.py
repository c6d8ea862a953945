"""The terminal's cursor on the focused row or field, for screen readers and Braille displays.

Screen readers (Orca, NVDA, VoiceOver in a terminal) and Braille displays (brltty) follow the
terminal's cursor. Textual hides it and leaves it wherever its last write ended, except in a
text box, whose widget sets `App.cursor_position` (meant for the input method's popup); after
every frame Textual moves the hidden cursor there. `focus_cursor` works out that place for
whatever has the focus, at the moment a frame is written (after layout and scrolling): the
text cursor of a text box, the first cell of the cursor row of a list or table, the cell under
the cursor of the PESTLE grid, else the first cell of the focused widget. A widget of ours with
a cursor of its own says where it is with `cursor_cell()`. The app sets it before each frame (`StratbookApp._display`).
"""

from __future__ import annotations

import sys

from textual.geometry import Offset
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import OptionList


def focus_cursor(screen: Screen) -> Offset | None:
    """Where the terminal's cursor belongs on `screen` (screen cells), or None with no focus."""
    widget = screen.focused
    if widget is None or not widget.display or not widget.region:
        return None
    text_cursor = getattr(widget, "cursor_screen_offset", None)  # Input, TextArea (not imported at start-up)
    if isinstance(text_cursor, Offset):
        return text_cursor
    area = widget.scrollable_content_region
    cell = cursor_cell(widget)
    if cell is None or not area:
        return area.offset if area else widget.region.offset
    return Offset(area.x + max(0, min(cell.x, area.width - 1)), area.y + max(0, min(cell.y, area.height - 1)))


def cursor_cell(widget: Widget) -> Offset | None:
    """Where the cursor is in `widget`'s visible content (it may be scrolled out of view)."""
    cell = getattr(widget, "cursor_cell", None)
    if callable(cell):  # our own widgets say it themselves (RowTable, ImpactMatrix)
        return cell()
    row = _cursor_row(widget)
    return Offset(0, row) if row is not None else None


def _cursor_row(widget: Widget) -> int | None:
    if isinstance(widget, OptionList):
        highlighted = widget.highlighted
        if highlighted is None:
            return None
        try:
            line = widget._index_to_line[highlighted]
        except (KeyError, IndexError):
            return None
        return line - round(widget.scroll_offset.y)
    data_table = getattr(sys.modules.get("textual.widgets._data_table"), "DataTable", None)
    if data_table is not None and isinstance(widget, data_table) and widget.row_count:
        return widget.header_height + widget.cursor_row - round(widget.scroll_offset.y)
    return None
