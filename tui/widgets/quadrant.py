"""Lists for the SWOT board and the TOWS matrix.

Quadrants are `LazyOptionList`s (tui/widgets/pestle_list.py): every row one line,
its prompt drawn from the model only when it is on screen, so a quadrant of
2,500 items opens, filters and reorders without measuring or drawing the rest.
TOWS cells are plain OptionLists: a strategy takes several lines (its text, then
the items it links), and a cell holds a handful.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import OptionList

from tui.keymap import bind, mark_keys
from tui.widgets.lines import LazyOptionList, MarkedOptionList, RowRenderer


def _edge_aware(direction: str):
    def action(self: _BoardKeys) -> None:
        self.move_cursor(direction)

    return action


class _BoardKeys:
    """For lists on a 2x2 board: at an edge the cursor goes on to the neighbouring list.

    The screen implements `board_edge(widget, direction)` and `board_key(widget, key)`
    (return True to swallow a key, e.g. while waiting for the arrow after `m`).
    """

    def move_cursor(self: OptionList, direction: str) -> None:  # type: ignore[misc]
        options = self._options
        highlighted = self.highlighted
        if direction in ("up", "down") and highlighted is not None:
            step = -1 if direction == "up" else 1
            index = highlighted + step
            while 0 <= index < len(options) and options[index].disabled:
                index += step
            if 0 <= index < len(options):
                self.highlighted = index
                return
        edge = getattr(self.screen, "board_edge", None)
        if edge is not None:
            edge(self, direction)

    action_cursor_up = _edge_aware("up")
    action_cursor_down = _edge_aware("down")
    action_cursor_left = _edge_aware("left")
    action_cursor_right = _edge_aware("right")

    async def _on_key(self, event: events.Key) -> None:
        hook = getattr(self.screen, "board_key", None)
        if hook is not None and hook(self, event.key):
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)  # type: ignore[misc]


class QuadrantList(_BoardKeys, LazyOptionList):
    """One SWOT quadrant's items, one per line: weight dots, a PESTLE mark, the text."""

    KEYS_TITLE = "The SWOT board"
    """The heading of these keys on the help screen."""

    BINDINGS = [
        bind("add", "screen.add_item", "swot", tooltip="Add items to this quadrant: type, enter, repeat"),
        bind("edit", "screen.edit_item", "swot", also="enter", tooltip="The item's text, weight and notes"),
        bind("delete", "screen.delete_item", "swot", show=False),
        Binding("m", "screen.start_move", "Move", id="swot.move",
                tooltip="Then an arrow (or s w o t): move the item to another quadrant"),
        bind("filter", "screen.filter", "swot", tooltip="Show only items whose text holds a word; esc clears it"),
        Binding("t", "screen.toggle_tows", "TOWS", id="swot.tows",
                tooltip="Strategies that pair strengths and weaknesses with opportunities and threats"),
        Binding("plus,equals_sign", "screen.weight(1)", "Weight +", id="swot.weight_up", show=False,
                tooltip="Weigh the item more (1 to 5 dots)"),
        Binding("minus", "screen.weight(-1)", "Weight -", id="swot.weight_down", show=False,
                tooltip="Weigh the item less"),
        Binding("R", "screen.add_risk", "To risks", id="swot.risk", show=False,
                tooltip="A threat: add it to the risk register (once: again, the register opens on it)"),
        bind("move_up", "screen.reorder(-1)", "swot", show=False),
        bind("move_down", "screen.reorder(1)", "swot", show=False),
        bind("order", "screen.sort", "swot", description="Heaviest first", show=False,
             tooltip="Sort the quadrant by weight, heaviest first; undo restores the order"),
        Binding("tab", "screen.next_quadrant(1)", "Next quadrant", id="swot.next", show=False,
                tooltip="Strengths, weaknesses, opportunities, threats in turn"),
        Binding("shift+tab", "screen.next_quadrant(-1)", "Previous quadrant", id="swot.previous", show=False,
                tooltip="The quadrants in reverse"),
        Binding("up,k", "cursor_up", "Up", id="swot.cursor_up", show=False,
                tooltip="Up; from the top, into the quadrant above"),
        Binding("down,j", "cursor_down", "Down", id="swot.cursor_down", show=False,
                tooltip="Down; from the bottom, into the quadrant below"),
        Binding("left,h", "cursor_left", "Left quadrant", id="swot.cursor_left", show=False,
                tooltip="The quadrant on the left"),
        Binding("right,l", "cursor_right", "Right quadrant", id="swot.cursor_right", show=False,
                tooltip="The quadrant on the right"),
        *mark_keys("swot"),
    ]

    def __init__(self, quadrant: str, render: RowRenderer, **kwargs) -> None:
        super().__init__(render, **kwargs)
        self.quadrant = quadrant


class TowsList(_BoardKeys, MarkedOptionList):
    """One TOWS cell's strategies, each with the items it links on the lines below."""

    KEYS_TITLE = "TOWS strategies (t)"
    """The heading of these keys on the help screen."""

    BINDINGS = [
        bind("add", "screen.add_strategy", "swot.tows", description="New",
             tooltip="A strategy for this cell: pick items of its two quadrants, then write what we will do"),
        bind("edit", "screen.edit_strategy", "swot.tows", also="enter",
             tooltip="The strategy's text and the items it pairs"),
        bind("delete", "screen.delete_strategy", "swot.tows"),
        bind("filter", "screen.filter", "swot.tows", show=False,
             tooltip="Show only strategies whose text, or an item they pair, holds a word; esc clears it"),
        Binding("t", "screen.toggle_tows", "Board", id="swot.tows.board", tooltip="Back to the SWOT board"),
        bind("move_up", "screen.reorder_strategy(-1)", "swot.tows", show=False),
        bind("move_down", "screen.reorder_strategy(1)", "swot.tows", show=False),
        Binding("tab", "screen.next_cell(1)", "Next cell", id="swot.tows.next", show=False,
                tooltip="SO, WO, ST, WT in turn"),
        Binding("shift+tab", "screen.next_cell(-1)", "Previous cell", id="swot.tows.previous", show=False,
                tooltip="The cells in reverse"),
        Binding("up,k", "cursor_up", "Up", id="swot.tows.cursor_up", show=False,
                tooltip="Up; from the top, into the cell above"),
        Binding("down,j", "cursor_down", "Down", id="swot.tows.cursor_down", show=False,
                tooltip="Down; from the bottom, into the cell below"),
        Binding("left,h", "cursor_left", "Left cell", id="swot.tows.cursor_left", show=False,
                tooltip="The cell on the left"),
        Binding("right,l", "cursor_right", "Right cell", id="swot.tows.cursor_right", show=False,
                tooltip="The cell on the right"),
        *mark_keys("swot.tows"),
    ]

    def __init__(self, kind: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.kind = kind
