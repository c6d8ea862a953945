"""A line-rendered table for goals and tactics: one line per row, built only when seen.

Why not DataTable: it measures every cell of every new row (0.8 s for 12,000
rows here) and cannot insert a row in the middle. This table holds `(key,
payload)` pairs; a row is turned into text by the screen's `render_row`
only when it scrolls into view, so showing 12,000 rows costs a list, and an
edit costs one line. Column widths come from the table's width: one column
takes what the fixed ones leave, and columns marked with `min_width` hide on
narrow terminals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Visual

from tui.glyphs import glyphs
from tui.widgets.marks import MARK

Cells = dict[str, Content]
"""A row's text by column key; or one Content for a row that spans the table (a group heading)."""


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str
    width: int = 0
    """Cells wide; 0 for the one column that takes the rest."""
    min_width: int = 0
    """The column is shown only when the table is at least this wide."""
    align: str = "left"
    wide: int = 0
    """Cells wide on a wide table (WIDE columns or more); 0: the same as `width`."""
    hide: int = 0
    """On a narrow table, columns with a `hide` rank give way to the title, 1 first; 0 never hides."""
    glyph: str = ""
    """A symbol's name in tui/glyphs.py, shown as the title (drawn in ASCII where that is in use)."""

    @property
    def heading(self) -> str:
        return getattr(glyphs, self.glyph) if self.glyph else self.title


WIDE = 110
"""From this many columns a table is wide: columns take their `wide` widths."""
TITLE_ROOM = 24
"""The title column gets at least this many cells (or 40% of the table) before fixed columns do."""
CACHED_ROWS = 200


class RowIndex:
    """Where each key is in a list of `(key, payload)` rows, kept cheaply across inserts and deletes.

    Rebuilding a dict of 12,000 keys after every added or moved tactic cost a few ms a key.
    Here an insert or delete only marks the positions after it as possibly stale: an entry
    counts when its row still has that key, and a miss re-indexes from the first position
    that may be stale. The caller changes `rows` itself and says where.
    """

    def __init__(self, rows: list[tuple[str, Any]]) -> None:
        self.rows = rows
        self._positions: dict[str, int] = {}
        self._fresh_below = 0  # positions before this one are indexed and current

    def shifted_from(self, position: int) -> None:
        """A row was inserted or deleted at `position`: the rows after it moved."""
        self._fresh_below = min(self._fresh_below, position)

    def added(self, key: str, position: int) -> None:
        """The row with `key` was inserted at `position` (after `shifted_from`)."""
        self._positions[key] = position

    def find(self, key: str) -> int | None:
        position = self._current(key)
        if position is None and self._fresh_below < len(self.rows):
            rows, positions = self.rows, self._positions
            for position in range(self._fresh_below, len(rows)):
                positions[rows[position][0]] = position
            self._fresh_below = len(rows)
            position = self._current(key)
        return position

    def _current(self, key: str) -> int | None:
        """The position recorded for `key`, if its row is still there (deleted keys stay recorded)."""
        position = self._positions.get(key)
        if position is not None and position < len(self.rows) and self.rows[position][0] == key:
            return position
        return None


class RowTable(ScrollView, can_focus=True):
    """Rows with a cursor, a fixed heading line and columns laid out to the width."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="rows.up", tooltip="The row above"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="rows.down", tooltip="The row below"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="rows.page_up", tooltip="A screenful up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="rows.page_down", tooltip="A screenful down"),
        Binding("home", "first", "First", show=False, id="rows.first", tooltip="The first row"),
        Binding("end", "last", "Last", show=False, id="rows.last", tooltip="The last row"),
        Binding("enter", "select", "Open", show=False, id="rows.select", tooltip="Open the row"),
    ]
    auto_links: reactive[bool] = reactive(False)
    """Textual's links under the pointer: none here (no row holds an `@click`), but with them on,
    every row drawn worked out the table's link style and went over its segments to apply it, a
    quarter of drawing a row (0.59 against 0.45 ms a roadmap row; as in MarkedOptionList)."""

    FILTERED: ClassVar[bool] = False
    """The section's filter decides the rows: empty under a filter, the list says nothing matches
    (`SectionScreen.nothing_matches`), not its `empty` text, which invites the first item."""
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-table--header",
        "row-table--cursor",
        "row-table--group",
    }
    DEFAULT_CSS = """
    RowTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        & > .row-table--header { text-style: bold; color: $text-muted; }
        & > .row-table--group { text-style: bold; }
        & > .row-table--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .row-table--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True, init=False, repaint=False)  # watch_cursor repaints
    """The index of the row under the cursor."""

    class _RowMessage(Message):
        def __init__(self, table: RowTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> RowTable:
            return self.table

    class Highlighted(_RowMessage):
        """The cursor moved to another row (key None: the table is empty)."""

    class Selected(_RowMessage):
        """enter (or a double click) on a row."""

    def __init__(self, columns: Sequence[Column], render_row: Callable[[str, Any], Cells | Content],
                 *, empty: str = "", id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.columns = list(columns)
        self.render_row = render_row
        self.empty_text = empty
        self.rows: list[tuple[str, Any]] = []
        self._index = RowIndex(self.rows)
        # Drawn rows by key (and, for lines, the row's look): inserting, removing or moving the
        # cursor redraws only the rows that changed. Bounded: scrolling 12,000 rows keeps the last
        # CACHED_ROWS drawn.
        self._cells: LRUCache[str, Cells | Content] = LRUCache(CACHED_ROWS)
        self._strips: LRUCache[str, dict[tuple[str, VisualStyle], Strip]] = LRUCache(CACHED_ROWS)
        """A row's lines by its state (cursor, focus, mark) and the style they were drawn in: a
        focus or style change that leaves a row's style as it was keeps its line (going back to
        the register from the heat map drew every row again)."""
        self._layout: list[tuple[Column, int]] = []
        self._drawn_width = 0
        self._drawn_theme = ""
        self._last_key: str | None = None

    # -- rows ---------------------------------------------------------------------
    def set_rows(self, rows: list[tuple[str, Any]], cursor_key: str | None = None) -> None:
        """Show `rows` (unique keys); the cursor stays on its row's key if it is still there,
        else on `cursor_key`, else at the same index. Nothing is drawn here."""
        keep = self.cursor_key
        self.rows = rows
        self._index = RowIndex(rows)
        self._cells.clear()
        self._strips.clear()
        self._resize_virtual()
        for key in (cursor_key, keep):
            if key is not None and (index := self.index_of(key)) is not None:
                self.cursor = index
                break
        else:
            self.cursor = self.cursor
        self.refresh()

    def refresh_rows(self, keys: Iterable[str] | None = None) -> None:
        """Draw rows again (their payloads changed in place): those with `keys`, or all."""
        if keys is None:
            self._cells.clear()
            self._strips.clear()
        else:
            for key in keys:
                self._cells.discard(key)
            self.refresh_mark_rows(keys)
            return
        self.refresh()

    def insert_row(self, index: int, key: str, payload: Any) -> None:
        """One row more at `index`; the cursor stays on its row."""
        self.rows.insert(index, (key, payload))
        self._forget([key])
        self._rows_moved(index, 1)
        self._index.added(key, index)

    def remove_row(self, key: str) -> None:
        """The row with `key` goes; the cursor stays on its row, or moves to the next one."""
        index = self.index_of(key)
        if index is not None:
            del self.rows[index]
            self._rows_moved(index, -1)

    def insert_rows(self, index: int, rows: list[tuple[str, Any]]) -> None:
        """Rows more at `index`, in one go; the cursor stays on its row."""
        self.rows[index:index] = rows
        self._forget([key for key, _ in rows])
        self._rows_moved(index, len(rows))

    def remove_rows(self, index: int, count: int) -> None:
        """`count` rows from `index` go; the cursor stays on its row, or goes to the row before them."""
        if count <= 0:
            return
        del self.rows[index:index + count]
        if index <= self.cursor < index + count:
            self.set_reactive(RowTable.cursor, max(0, index - 1))  # before `index`: _rows_moved leaves it
        self._rows_moved(index, -count)

    def _rows_moved(self, index: int, step: int) -> None:
        self._index.shifted_from(index)
        self._resize_virtual()
        if self.cursor > index or (step > 0 and self.cursor == index):
            self.set_reactive(RowTable.cursor, self.cursor + step)
        self.cursor = self.cursor  # clamp, scroll into view, announce
        self.refresh()

    def index_of(self, key: str) -> int | None:
        return self._index.find(key)

    def cursor_cell(self) -> Offset | None:
        """Where in the visible content the cursor row starts (under the heading line), for the
        terminal's cursor (tui/widgets/cursor.py)."""
        return Offset(0, 1 + self.cursor - round(self.scroll_y)) if self.rows else None

    @property
    def cursor_key(self) -> str | None:
        return self.rows[self.cursor][0] if 0 <= self.cursor < len(self.rows) else None

    @property
    def cursor_payload(self) -> Any:
        return self.rows[self.cursor][1] if 0 <= self.cursor < len(self.rows) else None

    def move_to(self, key: str) -> bool:
        index = self.index_of(key)
        if index is None:
            return False
        self.cursor = index
        return True

    # -- cursor -------------------------------------------------------------------
    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.rows) - 1))

    def watch_cursor(self, old: int, cursor: int) -> None:
        top = round(self.scroll_y)
        self.scroll_to_cursor()
        if round(self.scroll_y) != top:
            self.refresh()  # scrolled: every line shows another row
        else:  # only the two rows whose look changed: a key over SSH repainted the whole table
            width = self.size.width
            for index in {old, cursor}:
                self.refresh(Region(0, 1 + index - top, width, 1))
        key = self.cursor_key
        if key != self._last_key:
            self._last_key = key
            self.post_message(self.Highlighted(self, key))

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def scroll_to_cursor(self) -> None:
        page = self._page
        top = round(self.scroll_y)
        if self.cursor < top:
            top = self.cursor
        elif self.cursor >= top + page:
            top = self.cursor - page + 1
        if top != round(self.scroll_y):
            self.scroll_to(y=top, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * self._page

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_select(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.Selected(self, key))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self.rows):
            self.focus()
            self.cursor = index
            if event.chain > 1:
                self.action_select()

    # -- layout -------------------------------------------------------------------
    def _resize_virtual(self) -> None:
        # A hidden table (the other view of a section) has no region: it keeps the width it had,
        # or showing it again would lay the screen out a second time for the width alone.
        width = self.scrollable_content_region.width or self.virtual_size.width
        self.virtual_size = Size(width, len(self.rows) + 1)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        theme = self.app.theme if self.is_attached else ""
        if theme != self._drawn_theme:
            # Lines are kept by the table's style, but the colours of a row's own text
            # ($error, $text-muted) come from the theme alone.
            self._drawn_theme = theme
            self._strips.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._check_width()
        self._resize_virtual()
        self.scroll_to_cursor()

    def _check_width(self) -> int:
        """The width rows are drawn at; what was drawn for another width is dropped (what a row
        shows may depend on the width). A scrollbar that comes or goes changes the width without
        a Resize event, so drawing checks too; a table shown again at its old width keeps its rows."""
        width = self.scrollable_content_region.width
        if width != self._drawn_width:
            self._drawn_width = width
            self._layout = []
            self._cells.clear()
            self._strips.clear()
        return width

    def layout_for(self, width: int) -> list[tuple[Column, int]]:
        """The visible columns and their widths (a space between columns, one at each side)."""
        shown = [c for c in self.columns if width >= c.min_width]
        room = min(TITLE_ROOM, max(4, width * 2 // 5))
        hiding = sorted((c for c in shown if c.hide), key=lambda c: c.hide)
        while True:
            widths = [(c.wide or c.width) if width >= WIDE else c.width for c in shown]
            fixed = sum(widths) + len(shown) + 1
            if width - fixed >= room or not hiding:
                break
            shown.remove(hiding.pop(0))  # titles get the room first: the least needed column goes
        return [(c, w or max(4, width - fixed)) for c, w in zip(shown, widths)]

    @property
    def is_wide(self) -> bool:
        return self.scrollable_content_region.width >= WIDE

    def _line(self, cells: Cells | Content, width: int) -> Content:
        if isinstance(cells, Content):
            return Content(" ") + cells.truncate(max(0, width - 2), ellipsis=True, pad=True) + " "
        if not self._layout:
            self._layout = self.layout_for(width)
        parts = [Content(" ")]
        for column, column_width in self._layout:
            cell = cells.get(column.key, Content(""))
            if cell.cell_length > column_width:
                cell = cell.truncate(column_width, ellipsis=True)
            if column.align == "right":
                cell = cell.pad_left(column_width - cell.cell_length)
            else:
                cell = cell.pad_right(column_width - cell.cell_length)
            parts += [cell, Content(" ")]
        return Content("").join(parts)

    # -- drawing ------------------------------------------------------------------
    def _strip(self, content: Content, component: str, width: int, style: VisualStyle | None = None) -> Strip:
        if style is None:
            style = self.get_visual_style(component) if component else self.get_visual_style()
        strips = Visual.to_strips(self, content, width, 1, style, pad=True)
        return strips[0] if strips else Strip.blank(width, style.rich_style)

    def render_line(self, y: int) -> Strip:
        width = self._check_width()
        marks = getattr(self.screen, "item_marks", None)
        if y == 0:
            if not self._layout:
                self._layout = self.layout_for(width)
            heading = self._line({c.key: Content(c.heading) for c, _ in self._layout}, width)
            if marks:
                heading = self._with_mark(heading, " ")
            return self._strip(heading, "row-table--header", width)
        index = round(self.scroll_y) + y - 1
        if not self.rows:
            empty = self.empty_text
            if y == 1 and self.FILTERED and getattr(self.screen, "filter_on", False):
                empty = self.screen.nothing_matches()
            if y == 1 and empty:
                return self._strip(Content(" " + empty), "", width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        key, payload = self.rows[index]
        component = "row-table--cursor" if index == self.cursor else ""
        # The focused cursor row carries the focus mark in its first cell (a space otherwise):
        # the row a key acts on shows without colour.
        state = "focus" if component and self.has_focus and self.screen.is_active else component
        mark = (MARK if key in marks else " ") if marks else ""
        state += mark
        cells = self._cells.get(key)
        if cells is None:
            cells = self._cells[key] = self.render_row(key, payload)
            self._strips.discard(key)
        if isinstance(cells, Content) and not component:
            component = "row-table--group"
        style = self.get_visual_style(component) if component else self.get_visual_style()
        drawn = self._strips.get(key)
        if drawn is None:
            drawn = self._strips[key] = {}
        cached = drawn.get((state, style))
        if cached is not None and cached.cell_length == width:
            return cached
        line = self._line(cells, width)
        if state.startswith("focus"):
            line = Content(glyphs.focus) + line[1:]
        if mark:
            line = self._with_mark(line, mark)
        strip = drawn[(state, style)] = self._strip(line, component, width, style)
        return strip

    @staticmethod
    def _with_mark(line: Content, mark: str) -> Content:
        """The line with the marks' column after its first cell (the focus mark's); the last
        cell, a padding space, gives way."""
        return line[:1] + Content(mark) + line[1:-1]

    def refresh_mark_rows(self, keys: Iterable[str] | None = None) -> None:
        """Draw these rows (all: None) again so their marks show; a row's cells stay cached."""
        if keys is None:
            self._strips.clear()
        else:
            self._discard_strips(keys)
        self.refresh()

    def _forget(self, keys: list[str]) -> None:
        """Drop what was drawn for rows put (back) in: a row moved to another place may have
        changed while it was out (a risk re-dated in its form), and must not show as it was."""
        for key in keys:
            self._cells.discard(key)
        self._discard_strips(keys)

    def _discard_strips(self, keys: Iterable[str]) -> None:
        for key in keys:
            self._strips.discard(key)

    def on_focus(self, event: events.Focus) -> None:
        self.refresh()  # the cursor row's focus mark

    def on_blur(self, event: events.Blur) -> None:
        self.refresh()

    def row_text(self, index: int) -> str:
        """What row `index` shows, as plain text (for tests and screen readers)."""
        key, payload = self.rows[index]
        cells = self.render_row(key, payload)
        width = self.scrollable_content_region.width or 80
        line = self._line(cells, width)
        marks = getattr(self.screen, "item_marks", None)
        if marks:
            line = self._with_mark(line, MARK if key in marks else " ")
        return line.plain.rstrip()

    def header_text(self) -> str:
        width = self.scrollable_content_region.width or 80
        self._layout = self._layout or self.layout_for(width)
        line = self._line({c.key: Content(c.heading) for c, _ in self._layout}, width)
        return (self._with_mark(line, " ") if getattr(self.screen, "item_marks", None) else line).plain.rstrip()
