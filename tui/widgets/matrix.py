"""A 5x5 grid of counts, such as PESTLE items by impact (up) and likelihood (across).

Each cell shows how many things fall there, shaded from low to high; the cursor
moves over the cells with the arrow keys (or h, j, k, l) and every move posts
`ImpactMatrix.CellHighlighted`, so the screen can list the cell's items.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Offset
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui.glyphs import glyphs
from tui.model.pestle import shade_level

SIZE = 5
LEVELS = 4


class ImpactMatrix(Widget, can_focus=True):
    """Counts by row value (1 at the bottom, 5 at the top) and column value (1 left, 5 right)."""

    BINDINGS = [
        Binding("up,k", "move(1, 0)", "Up", id="matrix.up", show=False, tooltip="A likelier row"),
        Binding("down,j", "move(-1, 0)", "Down", id="matrix.down", show=False, tooltip="A less likely row"),
        Binding("left,h", "move(0, -1)", "Left", id="matrix.left", show=False, tooltip="A smaller impact"),
        Binding("right,l", "move(0, 1)", "Right", id="matrix.right", show=False, tooltip="A bigger impact"),
        Binding("enter", "choose", "List cell", id="matrix.choose", tooltip="Move to the items of this cell"),
    ]
    COMPONENT_CLASSES = {
        "impact-matrix--axis",
        "impact-matrix--cursor",
        *(f"impact-matrix--level-{level}" for level in range(LEVELS + 1)),
    }
    DEFAULT_CSS = """
    ImpactMatrix { height: 7; width: 44; }
    ImpactMatrix > .impact-matrix--axis { color: $text-muted; }
    ImpactMatrix > .impact-matrix--level-0 { color: $text-muted; }
    ImpactMatrix > .impact-matrix--level-1 { background: $accent 15%; color: $foreground; }
    ImpactMatrix > .impact-matrix--level-2 { background: $accent 35%; color: $foreground; }
    ImpactMatrix > .impact-matrix--level-3 { background: $accent 60%; color: $foreground; text-style: bold; }
    ImpactMatrix > .impact-matrix--level-4 { background: $accent 90%; color: $text; text-style: bold; }
    ImpactMatrix > .impact-matrix--cursor { background: $foreground 70%; color: $background; text-style: bold; }
    ImpactMatrix:focus > .impact-matrix--cursor { background: $foreground; }
    """

    cursor: reactive[tuple[int, int]] = reactive((SIZE, SIZE))
    """(row value, column value) of the cell under the cursor, each 1 to 5."""
    counts: reactive[tuple[tuple[int, ...], ...]] = reactive(tuple((0,) * SIZE for _ in range(SIZE)))
    """`counts[row - 1][column - 1]`."""

    class CellHighlighted(Message):
        """The cursor moved to another cell."""

        def __init__(self, matrix: ImpactMatrix, row: int, column: int) -> None:
            super().__init__()
            self.matrix = matrix
            self.row = row
            self.column = column

        @property
        def control(self) -> ImpactMatrix:
            return self.matrix

    class CellChosen(CellHighlighted):
        """Enter was pressed on a cell."""

    def __init__(self, row_label: str = "impact", column_label: str = "likelihood", *,
                 on_cursor: Callable[[int, int], object] | None = None, id: str | None = None) -> None:
        """`on_cursor(row, column)` is called as soon as the cursor moves (before the message), so that
        whatever shows the cell's contents is drawn in the same frame as the cursor."""
        super().__init__(id=id)
        self.row_label = row_label
        self.column_label = column_label
        self.on_cursor = on_cursor

    def count_at(self, row: int, column: int) -> int:
        return self.counts[row - 1][column - 1]

    def action_move(self, rows: int, columns: int) -> None:
        row, column = self.cursor
        self.cursor = (max(1, min(SIZE, row + rows)), max(1, min(SIZE, column + columns)))

    def action_choose(self) -> None:
        self.post_message(self.CellChosen(self, *self.cursor))

    def watch_cursor(self, cursor: tuple[int, int]) -> None:
        if self.on_cursor is not None:
            self.on_cursor(*cursor)
        self.post_message(self.CellHighlighted(self, *cursor))

    @property
    def label_width(self) -> int:
        """Width of the label column: `impact 5 │` on the top row, `likelihood` under the grid."""
        return max(len(self.row_label) + 2, len(self.column_label)) + 2

    def _cell_size(self) -> tuple[int, int]:
        width, height = self.content_region.size
        return max(3, (width - self.label_width) // SIZE), max(1, (height - 2) // SIZE)

    def cursor_cell(self) -> Offset:
        """Where in the content the cursor's cell shows its count, for the terminal's cursor
        (tui/widgets/cursor.py)."""
        cell_width, cell_height = self._cell_size()
        row, column = self.cursor
        return Offset(self.label_width + (column - 1) * cell_width + (cell_width - 1) // 2,
                      (SIZE - row) * cell_height + (cell_height - 1) // 2)

    def render(self) -> Content:
        width, height = self.content_region.size
        label_width = self.label_width
        cell_width, cell_height = self._cell_size()
        highest = max(max(row) for row in self.counts)
        axis = self.get_visual_style("impact-matrix--axis")
        cursor = self.get_visual_style("impact-matrix--cursor")
        levels = [self.get_visual_style(f"impact-matrix--level-{level}") for level in range(LEVELS + 1)]
        lines: list[Content] = []
        for row in range(SIZE, 0, -1):
            for sub in range(cell_height):
                middle = sub == (cell_height - 1) // 2
                label = f"{self.row_label} {row}" if row == SIZE else str(row)
                parts: list[Any] = [((label if middle else "").rjust(label_width - 2) + f" {glyphs.line_v}", axis)]
                for column in range(1, SIZE + 1):
                    count = self.count_at(row, column)
                    text = (str(count) if count else glyphs.nothing) if middle else ""
                    style = levels[shade_level(count, highest, LEVELS)]
                    if (row, column) == self.cursor:  # brackets too, for terminals without colour
                        style = style + cursor
                        text = f"[{text}]" if middle else text
                    parts.append((text.center(cell_width), style))
                lines.append(Content.assemble(*parts))
        rule = " " * (label_width - 1) + glyphs.corner + glyphs.line_h * (cell_width * SIZE)
        numbers = self.column_label.rjust(label_width - 2) + "  " + "".join(
            str(column).center(cell_width) for column in range(1, SIZE + 1))
        lines.append(Content.styled(rule, axis))
        lines.append(Content.styled(numbers, axis))
        return Content("\n").join(lines)
