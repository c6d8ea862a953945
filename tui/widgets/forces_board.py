"""Lists for the five-forces board and the Ansoff 2x2: the SWOT board's lists (`_BoardKeys`: at
an edge the cursor goes on to the neighbouring panel), one line per item, drawn lazily."""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget

from tui.keymap import bind, mark_keys
from tui.widgets.lines import LazyOptionList, RowRenderer
from tui.widgets.quadrant import _BoardKeys

_MOVES = [
    Binding("up,k", "cursor_up", "Up", id="forces.cursor_up", show=False,
            tooltip="Up; from the top, into the panel above"),
    Binding("down,j", "cursor_down", "Down", id="forces.cursor_down", show=False,
            tooltip="Down; from the bottom, into the panel below"),
    Binding("left,h", "cursor_left", "Left panel", id="forces.cursor_left", show=False,
            tooltip="The panel on the left"),
    Binding("right,l", "cursor_right", "Right panel", id="forces.cursor_right", show=False,
            tooltip="The panel on the right"),
]


class _BoardList(_BoardKeys, LazyOptionList):
    """A list on one of the two boards, of which `x` shows one at a time."""

    _restyle_due = False
    """The list lost the focus while its board was hidden, and was not styled for it."""

    def watch_has_focus(self, has_focus: bool) -> None:
        # Textual 8.2.8's Widget.watch_has_focus works out the list's styles (and its scroll
        # bars') again at every change of focus. At x the list left behind loses the focus just
        # after its board is hidden: nobody sees those styles until the board is shown again,
        # which ForcesScreen._switch does, styling then the lists that are due (`restyle_if_due`).
        if not has_focus and not all(node.display for node in self.ancestors if isinstance(node, Widget)):
            self._restyle_due = True
            return
        self._restyle_due = False
        super().watch_has_focus(has_focus)

    def restyle_if_due(self) -> None:
        if self._restyle_due:
            self._restyle_due = False
            self.update_node_styles(animate=False)


class ForceList(_BoardList):
    """One force's items, one per line: weight dots, then the text."""

    KEYS_TITLE = "Five forces"
    """The heading of these keys on the help screen."""

    BINDINGS = [
        bind("add", "screen.add_item", "forces", tooltip="Something that drives this force"),
        bind("edit", "screen.edit_item", "forces", also="enter", tooltip="The item's text and weight"),
        bind("delete", "screen.delete_item", "forces", show=False),
        Binding("r", "screen.rate", "Rate", id="forces.rate",
                tooltip="How hard this force presses on us, 1 weak to 5 intense"),
        Binding("n", "screen.notes", "Notes", id="forces.notes", tooltip="The force's notes"),
        Binding("x", "screen.switch_tool", "Ansoff", id="forces.ansoff", tooltip="The Ansoff matrix"),
        Binding("plus,equals_sign", "screen.weight(1)", "Weight +", id="forces.weight_up", show=False,
                tooltip="Weigh the item more (1 to 5 dots)"),
        Binding("minus", "screen.weight(-1)", "Weight -", id="forces.weight_down", show=False,
                tooltip="Weigh the item less"),
        bind("move_up", "screen.reorder(-1)", "forces", show=False),
        bind("move_down", "screen.reorder(1)", "forces", show=False),
        Binding("tab", "screen.next_panel(1)", "Next force", id="forces.next", show=False,
                tooltip="The five forces in turn"),
        Binding("shift+tab", "screen.next_panel(-1)", "Previous force", id="forces.previous", show=False,
                tooltip="The forces in reverse"),
        *_MOVES,
        *mark_keys("forces"),
    ]

    def __init__(self, force: str, render: RowRenderer, **kwargs) -> None:
        super().__init__(render, **kwargs)
        self.force = force


class AnsoffList(_BoardList):
    """One Ansoff quadrant's options, one per line: risk, then the text and how many links."""

    KEYS_TITLE = "Ansoff matrix (x)"
    """The heading of these keys on the help screen."""

    BINDINGS = [
        bind("add", "screen.add_option", "forces.ansoff", tooltip="A way to grow in this quadrant"),
        bind("edit", "screen.edit_option", "forces.ansoff", also="enter",
             tooltip="The option's text, risk and quadrant"),
        bind("delete", "screen.delete_option", "forces.ansoff", show=False),
        Binding("L", "screen.link_option", "Links", id="forces.ansoff.links",
                tooltip="Link the option to SWOT items and goals"),
        Binding("x", "screen.switch_tool", "Forces", id="forces.ansoff.forces", tooltip="Back to the five forces"),
        Binding("plus,equals_sign", "screen.risk(1)", "Risk +", id="forces.ansoff.risk_up", show=False,
                tooltip="A riskier option (1 to 5)"),
        Binding("minus", "screen.risk(-1)", "Risk -", id="forces.ansoff.risk_down", show=False,
                tooltip="A safer option"),
        bind("move_up", "screen.reorder_option(-1)", "forces.ansoff", show=False),
        bind("move_down", "screen.reorder_option(1)", "forces.ansoff", show=False),
        Binding("m", "screen.move_option", "Move", id="forces.ansoff.move", show=False,
                tooltip="Move the option (or every marked option) to another quadrant"),
        Binding("tab", "screen.next_cell(1)", "Next quadrant", id="forces.ansoff.next", show=False,
                tooltip="The four quadrants in turn"),
        Binding("shift+tab", "screen.next_cell(-1)", "Previous quadrant", id="forces.ansoff.previous", show=False,
                tooltip="The quadrants in reverse"),
        *[Binding(b.key, b.action, b.description, id=f"forces.ansoff.{b.id.partition('.')[2]}", show=False,
                  tooltip=b.tooltip.replace("panel", "quadrant")) for b in _MOVES],
        *mark_keys("forces.ansoff"),
    ]

    def __init__(self, quadrant: str, render: RowRenderer, **kwargs) -> None:
        super().__init__(render, **kwargs)
        self.quadrant = quadrant
