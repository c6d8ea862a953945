"""The command palette (ctrl+p), its highlighted command marked as every list's cursor row is.

Textual's palette shows the command enter runs by its background alone (a grey at 16 colours,
`ESC[100m`): with the focus mark in the row's left padding it shows without colour too (16
colours, NO_COLOR, a plain-text capture), as in every other list of the app.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.widgets import Button, LoadingIndicator

from tui.glyphs import glyphs
from tui.widgets.marks import marked


class PaletteList(CommandList):
    """The palette's commands: the highlighted one carries the focus mark (the list never has the
    focus: the palette's input drives it)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            index, line_offset = self._lines[self.scroll_offset.y + y]
        except IndexError:
            return strip
        if index == self.highlighted and line_offset == 0 and strip.cell_length:
            return marked(strip, glyphs.focus, False)  # in the row's left padding (2 cells)
        return strip


class Palette(CommandPalette):
    """Textual's command palette, with `PaletteList` for its list."""

    def compose(self) -> ComposeResult:
        # CommandPalette.compose of Textual 8.2.8, its CommandList a PaletteList.
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield CommandInput(placeholder=self._placeholder, select_on_focus=False)
                if not self.run_on_select:
                    yield Button(glyphs.focus)  # Textual draws ▶: ">" in ASCII
            with Vertical(id="--results"):
                yield PaletteList()
                yield LoadingIndicator()
