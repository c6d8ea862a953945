"""`ReadingView`: long text to read, of which only the lines on screen are drawn.

A `Static` in a scrolling container lays out and draws every line of its text, on screen or
not: pages of a vision and two hundred values took a fifth of a second to appear. Here the
text is wrapped once for its width, and a frame draws the lines it shows, as a `Static`
would draw them (the same wrapping, styles and variables).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.visual import RenderOptions

from tui.widgets.hanging import hanging_lines


class ReadingView(ScrollView, can_focus=True):
    """Text to read, wrapped to the view's width, scrolled with the keys and the mouse (j and k
    too, as the arrows: a line at a time, as every list of the app moves)."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False, id="reading.down", tooltip="A line down"),
        Binding("k", "scroll_up", "Up", show=False, id="reading.up", tooltip="A line up"),
    ]

    DEFAULT_CSS = """
    ReadingView {
        overflow-x: hidden;
    }
    """

    def __init__(self, body: Content, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.body = body
        self._wrapped: dict[int, list[Content]] = {}
        """The lines of `body` at each width asked (the view's, with and without its scrollbar)."""

    def show(self, body: Content) -> None:
        """Show `body` in place of the text shown (nothing to do when it is the same)."""
        if body is not self.body:
            self.body = body
            self._wrapped.clear()
            self.refresh(layout=True)

    def lines_at(self, width: int) -> list[Content]:
        lines = self._wrapped.get(width)
        if lines is None:
            if len(self._wrapped) > 4:  # the terminal was resized: the old widths are gone
                self._wrapped.clear()
            # An indented line (a list in the vision) goes on under its text (tui/widgets/hanging.py).
            lines = self._wrapped[width] = [piece for line in self.body.split("\n", allow_blank=True)
                                            for piece in hanging_lines(line, width)] if width > 0 else []
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.body.plain.count("\n") >= viewport.height:
            # More lines than the screen has rows, however wide: it scrolls, so it is wrapped once,
            # at the width left beside the scrollbar, and not first at the whole width as well.
            width -= self.styles.scrollbar_size_vertical
        return len(self.lines_at(width))

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # The text takes the width inside the padding, less the scrollbar when it does not fit.
        gutter = self.styles.gutter
        width, height = size.width - gutter.width, size.height - gutter.height
        if len(self.lines_at(width)) > height:
            width -= self.styles.scrollbar_size_vertical
        self.virtual_size = Size(max(width, 0), len(self.lines_at(width)))
        return super()._size_updated(size, virtual_size, container_size, layout)

    def render_line(self, y: int) -> Strip:
        width = self.virtual_size.width
        lines = self.lines_at(width)
        index = self.scroll_offset.y + y
        style = self.visual_style
        blank = style.background_style.rich_style  # what a Static pads its lines with
        if not 0 <= index < len(lines):
            return Strip.blank(self.scrollable_content_region.width, blank)
        strips = lines[index].render_strips(width, 1, style, RenderOptions(self._get_style, self.styles))
        strip = strips[0] if strips else Strip([])
        return strip.extend_cell_length(self.scrollable_content_region.width, blank)
