"""`LazyOptionList`: an OptionList of one-line rows that stays fast at 10,000 rows.

Textual's OptionList builds every option's prompt and measures every option's
height up front and again after any change (about 50 ms per change at 10,000
rows). Here every row is exactly one line, and a row's prompt is made from the
model only when the row is drawn: opening costs one small object per row, and
an edit redraws only the rows it touched. Used by the PESTLE checklist, the
SWOT quadrants and the item picker.

This relies on the OptionList internals of textual 8.2.8 (pinned): the line
cache (`_line_cache`, `_update_lines`) and the option indexes used by
`insert_options`, the same ones OptionList's own `_remove_option` keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import chain
from typing import TypeVar

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.reactive import Reactive, reactive
from textual.visual import Padding
from textual.strip import Strip
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import DuplicateID, Option

from tui.glyphs import glyphs
from tui.widgets.marks import MARK, marked, with_mark_column


RowRenderer = Callable[[str], Content]
T = TypeVar("T")


def distinct(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """The items in order, the first of each key only. A row is found, drawn, edited and deleted
    by its id, so an id that repeats (an item copied twice by a hand edit or a faulty merge) is
    one row, not a crash (OptionList refuses duplicate ids)."""
    first: dict[str, T] = {}
    for item in items:
        first.setdefault(key(item), item)
    return list(first.values())


class RowOption(Option):
    """An option whose prompt is made by `render(id)` when first needed, and again after `invalidate`."""

    __hash__ = object.__hash__
    """By identity, as Option's (Textual 8.2.8), but without a Python call: the list's indexes
    hash every row after a deleted or inserted one (5,000 of them in the middle of 10,000)."""

    def __init__(self, row_id: str, render: RowRenderer, disabled: bool = False) -> None:
        super().__init__("", id=row_id, disabled=disabled)
        self._render = render
        self._content: Content | None = None
        self.drawn: dict[tuple, list[Strip]] | None = None
        """Its lines as drawn, by (style, padding, width), without its place in the list (which
        `LazyOptionList._get_option_render` puts on them): a row that moves keeps them. None
        until it is drawn (most rows of a long list never are)."""

    @property
    def prompt(self) -> Content:
        if self._content is None:
            self._content = self._render(self._id or "")
        return self._content

    def invalidate(self) -> None:
        self._content = None
        self._visual = None
        self.drawn = None


class MarkedOptionList(OptionList):
    """An OptionList whose cursor row carries the focus mark while the list has focus, so
    that the row a key acts on shows without colour (16 colours, NO_COLOR, plain text).

    The mark sits in the rows' left padding; a list whose rows have none gets a one-cell gutter.
    It moves with j and k too, as every list of the app does (a list of its own that binds them
    to something else says so in its BINDINGS)."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="list.down", tooltip="The line below"),
        Binding("k", "cursor_up", "Up", show=False, id="list.up", tooltip="The line above"),
    ]

    highlighted: reactive[int | None] = reactive(None, repaint=False)
    """OptionList's (Textual 8.2.8), less the repaint of the whole list at each move of the cursor:
    only the lines of the option it leaves and of the one it reaches look different, and they are
    drawn again (`_watch_highlighted`); the others keep their drawn lines. A move that scrolls the
    list draws it all, as before."""

    auto_links: reactive[bool] = reactive(False)
    """Textual's links under the pointer: none here (no line holds an `@click`), but with them on,
    every line drawn worked out the widget's link style and went over its segments to apply it,
    a quarter of drawing a row (as in RowTable)."""

    marked_without_focus = False
    """The cursor row is marked while the focus is elsewhere too: a list that a text box drives."""

    _drawn_for: tuple[Size, int] | None = None
    """The size, and the width of a line, the list's drawn lines were made for."""

    _resized_from: Size | None = None
    """The size of the list's last Resize."""

    _lines_wrap = True
    """An option may take more lines at a narrower width (its count of lines needs the bar or not)."""

    _lines_width: int | None = None
    """The width of a line the heights of the list's lines were counted for (`_update_lines`)."""

    def action_last(self) -> None:
        """The last option, and the end of the list: the cursor put on an option taller than the
        list (a help line wrapped at 40x12) scrolls to its top, and its last line was out of reach."""
        super().action_last()
        self.scroll_end(animate=False, immediate=True)

    def _cursor_in_view_as_opened(self) -> None:
        """Scrolled as a list opened at this size with this cursor is: as little as shows the
        cursor's option. The scroll kept from the size before counts lines that are no longer
        the same (they wrap anew), or a view of another height: the review of the goal wizard,
        at 40x12 scrolled to its warning, showed the answers below it once the terminal grew,
        the cursor out of sight."""
        highlighted = self.highlighted
        if highlighted is None or not self.is_attached:
            return
        try:
            line, height = self._index_to_line[highlighted], self._heights[highlighted]
        except KeyError:
            return
        view = self.scrollable_content_region.height
        self.scroll_to(y=max(0, line + height - view) if height <= view else line, animate=False, immediate=True)

    def _get_left_gutter_width(self) -> int:
        return 0 if self.get_component_styles("option-list--option").padding.left else 1

    def _size_drawn_for(self) -> tuple[Size, int]:
        """What the drawn lines depend on: the list's size inside its border and padding (the
        Resize event's size is outside them), and the width of a line."""
        return (self.size, self.scrollable_content_region.width)

    def _on_resize(self, event: events.Resize) -> None:
        # OptionList drops every drawn line on any Resize, and Textual sends one to every widget
        # shown again (the other view of a section: the five forces and the Ansoff matrix, the
        # PESTLE checklist and its grid) at the size it had: those keep their lines, which
        # depend only on the size and width.
        event.prevent_default()
        if (self._lines_wrap and self._resized_from is not None and event.size != self._resized_from
                and self.show_vertical_scrollbar and self.styles.overflow_y == "auto"):
            # At a new size the lines are counted first without the bar, as a list opened at that
            # size counts them; the bar comes back if they do not fit. Counted beside the bar the
            # narrow layout needed, they needed it still once the terminal grew (the goal
            # wizard's frameworks at 40x12, then 80x24: a bar, SMART on two lines, FAST hidden).
            self.set_reactive(OptionList.show_vertical_scrollbar, False)
            self._scrollbar_changes.clear()
            self._line_cache.clear()
            self._update_lines()  # counted now: the layout asks for the bar by the count it has
            self.refresh(layout=True)
        if self._resized_from is not None and event.size != self._resized_from and self.highlighted is not None:
            self.call_after_refresh(self._cursor_in_view_as_opened)
        self._resized_from = event.size
        drawn_for = self._size_drawn_for()
        if drawn_for != self._drawn_for:
            self._drawn_for = drawn_for
            self._clear_caches()

    def render_lines(self, crop: Region) -> list[Strip]:
        # A scroll bar that comes or goes changes the width of a line with no Resize (the list's
        # size stays): rows drawn before kept the old width, cut short without their ellipsis.
        # (The heights of the lines follow the width in `_update_lines`.)
        drawn_for = self._size_drawn_for()
        if drawn_for != self._drawn_for:
            self._drawn_for = drawn_for
            self._option_render_cache.clear()
            self._styles_cache.clear()
        return super().render_lines(crop)

    def _update_lines(self) -> None:
        # OptionList's (Textual 8.2.8), but the heights of the lines hold for one width of a line:
        # they were counted at the width the list had as each option came, and used at any other.
        # A scroll bar that comes or goes changes the width with no Resize: a goal's detail that
        # came to need one kept lines counted 2 cells wider than drawn, and a line of 76 or 77
        # cells (at 80 columns) counted as one and drew two, its second line lost. The region is
        # found once here (OptionList's finds it twice).
        region = self.scrollable_content_region
        if not region:
            return
        width = region.width - self._get_left_gutter_width()
        line_cache = self._line_cache
        if width != self._lines_width:
            line_cache.clear()
            self._lines_width = width
        lines = line_cache.lines
        options = self._options
        next_index = lines[-1][0] + 1 if lines else 0
        if next_index < len(options):
            get_visual = self._get_visual
            styles = self.styles
            text_width = width - self.get_component_styles("option-list--option").padding.width
            for index, option in enumerate(options[next_index:], next_index):
                line_cache.index_to_line[index] = len(lines)
                line_count = get_visual(option).get_height(styles, text_width) + option._divider
                line_cache.heights[index] = line_count
                lines.extend([(index, line_no) for line_no in range(line_count)])
        virtual_size = Size(width, len(lines) - (1 if options and options[-1]._divider else 0))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        gutter = self._get_left_gutter_width()
        if gutter and strip.cell_length > self.scrollable_content_region.width - gutter:
            strip = strip.crop(0, self.scrollable_content_region.width - gutter)  # a blank line
        try:
            index, line_offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            index, line_offset = None, 1
        at_cursor = ((self.has_focus or self.marked_without_focus) and self.screen.is_active and index is not None
                     and index == self.highlighted and line_offset == 0)
        if gutter or at_cursor:
            strip = marked(strip, glyphs.focus if at_cursor else " ", bool(gutter))
        marks = getattr(self.screen, "item_marks", None)
        if marks:  # the marks' column, while anything in the section is marked
            option_id = self._options[index].id if index is not None and line_offset == 0 else None
            strip = with_mark_column(strip, MARK if option_id in marks else " ")
        return strip

    def _watch_highlighted(self, before: int | None, highlighted: int | None) -> None:
        for index in (before, highlighted):
            if index is None:
                continue
            if index >= len(self._options):  # no longer there: the options were set again
                # (laying out the emptied list took its scroll bar away until the new options
                # came: a goal's detail counted them without it, then again with it)
                self.refresh()
                return
            try:
                line, height = self._index_to_line[index], self._heights[index]
            except KeyError:  # not laid out in lines yet
                self.refresh()
                return
            self.refresh_lines(line, height)

    def refresh_mark_rows(self, row_ids=None) -> None:
        """Draw the lines again so their marks show (the option's own drawing stays cached)."""
        self.refresh()

    def refresh_focus_mark(self) -> None:
        """Draw again only the line the focus mark comes and goes on (a dialog opens over the
        list, or closes): the other lines stay as drawn, under the dialog's backdrop too."""
        highlighted = self.highlighted
        if highlighted is None:
            return  # no cursor, no mark
        try:
            line = self._index_to_line[highlighted]
        except KeyError:
            self.refresh()
            return
        self.refresh_line(line)


class LazyOptionList(MarkedOptionList):
    """An OptionList of one-line rows, each drawn from the model only when on screen."""

    virtual_size = Reactive(Size(0, 0), layout=False, repaint=False)
    """As Widget's (Textual 8.2.8), but a row added or taken out does not lay the whole screen
    out again: the list's own size does not change (unless its height is auto: see
    `_update_lines`), and its scrollbar follows through `_scroll_update`. Nor does it draw every
    line of the list again: the lines from the row added or taken out down are drawn again
    (`_rows_shifted`), those above it show what they showed (a row deleted near the bottom of
    the list drew its 13 other lines again, 2-4 ms at 10,000 PESTLE items)."""

    def __init__(self, render: RowRenderer, *, on_cursor: Callable[[], object] | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        """`render(row_id)` draws a row; `on_cursor()` is called as soon as the cursor moves, so that
        whatever shows the row under the cursor is drawn in the same frame as the cursor."""
        super().__init__(id=id, classes=classes, markup=False)
        self.render_row = render
        self.on_cursor = on_cursor

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if self.on_cursor is not None:
            self.on_cursor()

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        # Textual 8.2.8's OptionList._get_option_render draws an option's lines with its place in
        # the list on them (the `option` meta a click reads), so a row at a new place (a filter
        # typed, a row inserted above it) was drawn again from its text. Here a row's lines are
        # drawn once (RowOption.drawn) and its place is put on them when they are taken.
        if not isinstance(option, RowOption):
            return super()._get_option_render(option, style)
        padding = self.get_component_styles("option-list--option").padding
        cache_key = (option, style, padding)
        if (strips := self._option_render_cache.get(cache_key)) is None:
            width = self.scrollable_content_region.width - self._get_left_gutter_width()
            drawn = option.drawn if option.drawn is not None else {}
            unplaced = drawn.get((style, padding, width))
            if unplaced is None:
                visual = self._get_visual(option)
                if padding:
                    visual = Padding(visual, padding)
                option.drawn = drawn
                unplaced = drawn[style, padding, width] = [
                    strip.extend_cell_length(width, style.rich_style)
                    for strip in visual.to_strips(self, visual, width, None, style)]
            meta = {"option": self._option_to_index[option]}
            strips = self._option_render_cache[cache_key] = [strip.apply_meta(meta) for strip in unplaced]
        return strips

    # -- rows ------------------------------------------------------------------------
    def make_option(self, row_id: str, disabled: bool = False) -> RowOption:
        return RowOption(row_id, self.render_row, disabled)

    def set_rows(self, row_ids: Iterable[str], keep: str | None = None,
                 kept: dict[str, Option] | None = None) -> None:
        """Show these rows, reusing the options (and their drawn prompts) of rows already here.

        The cursor goes to the row `keep` if given and present, else stays at its index (the
        nearest enabled row, below first); the scroll position is kept.

        `kept` holds the options of rows shown before by id, and gets the new ones: a row taken
        out and shown again (a filter typed and taken back) comes back drawn. Its owner empties it
        whenever what a row shows may have changed (an edit).
        """
        scroll_y = self.scroll_y
        index = self.highlighted
        by_id = self._id_to_option
        row_ids = list(dict.fromkeys(row_ids))  # each id once (see `distinct`), in one go
        if kept is None:
            options = [by_id.get(row_id) or self.make_option(row_id) for row_id in row_ids]
        else:
            options = [kept.get(row_id) or kept.setdefault(row_id, by_id.get(row_id) or self.make_option(row_id))
                       for row_id in row_ids]
        if options != self._options:
            self._set_options(options, row_ids)
        if keep is not None and keep in self._id_to_option:
            index = self._option_to_index[self._id_to_option[keep]]
        self.scroll_to(y=scroll_y, animate=False, immediate=True)
        if options:
            index = min(index or 0, len(options) - 1)
            self.highlighted = next((i for i in chain(range(index, len(options)), range(index - 1, -1, -1))
                                     if not options[i].disabled), None)

    def _set_options(self, options: list[Option], row_ids: list[str]) -> None:
        """OptionList.set_options for options of distinct ids, its indexes built in one go: a
        filter typed over 10,000 rows sets them at every character, and adding them one by one
        took most of a key's time."""
        self._options[:] = options
        self._line_cache.clear()
        was_at, now_at = self._option_to_index, dict(zip(options, range(len(options))))
        drawn = self._option_render_cache
        for key in list(drawn.keys()):  # a row drawn at the place it keeps is not drawn again
            if was_at.get(key[0]) != now_at.get(key[0]):  # (its lines carry its place, for clicks)
                drawn.discard(key)
        self._id_to_option = dict(zip(row_ids, options))
        self._option_to_index = now_at
        self.highlighted = None
        self.scroll_y = 0
        if self.is_mounted:
            self.refresh(layout=self.styles.auto_dimensions)
            self._update_lines()

    def insert_rows(self, index: int, row_ids: Sequence[str]) -> None:
        """Insert rows before `index`; the cursor stays on the row it was on."""
        new = [self.make_option(row_id) for row_id in row_ids]
        if any(option.id in self._id_to_option for option in new) or len(set(row_ids)) != len(row_ids):
            raise DuplicateID(f"rows {row_ids!r} are already in the list")
        options = self._options
        index = max(0, min(index, len(options)))
        options[index:index] = new
        for position in range(index, len(options)):
            self._option_to_index[options[position]] = position
        for option in new:
            self._id_to_option[option.id or ""] = option
        self._mouse_hovering_over = None
        highlighted = self.highlighted
        self._rows_shifted(index)
        if highlighted is None:
            self.highlighted = index if options else None
        elif highlighted >= index:
            self.highlighted = highlighted + len(new)

    def move_row(self, row_id: str, index: int) -> None:
        """Move a row to place `index` (counted after the move); the cursor goes with it. Only the
        rows between its old and new places are renumbered: moving a row one up in a list of
        ten thousand is not a new list."""
        option = self._id_to_option[row_id]
        options = self._options
        old = self._option_to_index[option]
        index = max(0, min(index, len(options) - 1))
        del options[old]
        options.insert(index, option)
        for position in range(min(old, index), max(old, index) + 1):
            self._option_to_index[options[position]] = position
        self._mouse_hovering_over = None
        self._rows_shifted(min(old, index), max(old, index) + 1)
        self.highlighted = index

    def remove_rows(self, row_ids: Iterable[str]) -> None:
        """Take rows out; the cursor stays on its row, or (if that went) on the row that took its place.

        Only the rows after the first one taken out are renumbered, in one pass (OptionList's
        remove_option renumbers and copies every row after it for each row taken out)."""
        options = self._options
        gone = {self._id_to_option[row_id] for row_id in row_ids if row_id in self._id_to_option}
        if not gone:
            return
        current = self.highlighted_id
        first = min(self._option_to_index[option] for option in gone)
        options[first:] = [option for option in options[first:] if option not in gone]
        for option in gone:
            del self._id_to_option[option.id or ""]
            del self._option_to_index[option]
        for position in range(first, len(options)):
            self._option_to_index[options[position]] = position
        self._mouse_hovering_over = None
        self._rows_shifted(first)
        if current is not None and current in self._id_to_option:
            self.highlighted = self._option_to_index[self._id_to_option[current]]
        elif options:
            self.highlighted = min(self.highlighted or 0, len(options) - 1)
        else:
            self.highlighted = None

    def _rows_shifted(self, start: int, end: int | None = None) -> None:
        """Rows from `start` (to `end`) have new places: their drawn lines go (each carries its
        place, for clicks; see OptionList._get_option_render), the rows before keep theirs, and
        the lines from `start` down are drawn again."""
        drawn = self._option_render_cache
        places = self._option_to_index
        for key in list(drawn.keys()):
            place = places.get(key[0])
            if place is None or place >= start and (end is None or place < end):
                drawn.discard(key)
        self._line_cache.clear()
        self._update_lines()
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        if not height:  # not shown (the other view): its lines as last shown are kept by Textual
            self.refresh()
        elif start < top + height:
            first = max(start, top)
            last = top + height if end is None else min(end, top + height)
            self.refresh_lines(first, max(1, last - first))

    def refresh_rows(self, row_ids: Iterable[str]) -> None:
        """Draw these rows again from the model (their height stays one line): only their lines,
        not every line on screen."""
        top = self.scroll_offset.y
        height = self.scrollable_content_region.height
        changed = set()
        for row_id in row_ids:
            option = self._id_to_option.get(row_id)
            if isinstance(option, RowOption):
                option.invalidate()
                changed.add(option)
        if not changed:
            return
        drawn = self._option_render_cache
        for key in [key for key in drawn.keys() if key[0] in changed]:
            drawn.discard(key)
        if not height:  # not shown (the other view): its lines as last shown are kept by Textual
            self.refresh()
            return
        for option in changed:
            place = self._option_to_index[option]
            if top <= place < top + height:
                self.refresh_line(place)

    def refresh_all_rows(self) -> None:
        for option in self._options:
            if isinstance(option, RowOption):
                option.invalidate()
        self._option_render_cache.clear()
        self.refresh()

    def index_of(self, row_id: str) -> int | None:
        option = self._id_to_option.get(row_id)
        return None if option is None else self._option_to_index[option]

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return None if option is None else option.id

    def highlight_id(self, row_id: str) -> bool:
        index = self.index_of(row_id)
        if index is None:
            return False
        self.highlighted = index
        self.scroll_to_highlight()
        return True

    # -- one line per row: nothing to measure or to keep ------------------------------------
    _lines_wrap = False

    @property
    def _lines(self) -> _Rows:  # type: ignore[override]
        return _Rows(len(self._options))

    @property
    def _heights(self) -> _ByIndex:  # type: ignore[override]
        return _ByIndex(len(self._options), 1)

    @property
    def _index_to_line(self) -> _ByIndex:  # type: ignore[override]
        return _ByIndex(len(self._options))

    def _update_lines(self) -> None:
        if not self.scrollable_content_region:
            return
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        virtual_size = Size(width, len(self._options))
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)
            if self.styles.auto_dimensions:  # a list as tall as its rows grows or shrinks with them
                self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._options)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # Textual 8.2.8's ScrollView._size_updated compares the virtual size the layout gives (the
        # list's visible region) with the list's own (all its rows): never the same, so every
        # layout of the screen worked out the scroll bars again and drew them anew, those of every
        # list shown (on the five forces, 50 lines at each x). Here the size of the rows is ours
        # (`_update_lines` updates the scroll bars when it changes): at the same size and gutter
        # there is nothing to do.
        if size == self._size and self._container_size == size - self.styles.gutter.totals:
            return self._container_size != container_size  # what ScrollView's returns then
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        # Counted now, in the layout, not as the first frame draws (OptionList.render_lines): a
        # list longer than its view then has its scroll bar before its rows are drawn, not after
        # a first drawing of every row at the width without it (the Overview at every start).
        self._update_lines()
        return resized

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width


class _Rows(Sequence[tuple[int, int]]):
    """Line y shows line 0 of option y: OptionList's line table when every option is one line."""

    __slots__ = ("count",)

    def __init__(self, count: int) -> None:
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, y):  # type: ignore[override]
        if isinstance(y, slice):
            return [(index, 0) for index in range(*y.indices(self.count))]
        if not -self.count <= y < self.count:
            raise IndexError(y)
        return (y % self.count, 0)


class _ByIndex:
    """Option index -> its line (the same number) or its height (`value`, 1)."""

    __slots__ = ("count", "value")

    def __init__(self, count: int, value: int | None = None) -> None:
        self.count = count
        self.value = value

    def __getitem__(self, index: int) -> int:
        if not 0 <= index < self.count:
            raise KeyError(index)
        return index if self.value is None else self.value

    def __contains__(self, index: object) -> bool:
        return isinstance(index, int) and 0 <= index < self.count
