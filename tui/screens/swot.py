"""The SWOT board and the TOWS strategies born of it.

The board has four quadrants: Strengths and Weaknesses (internal) on top,
Opportunities and Threats (external) below. Each quadrant is a `QuadrantList`;
an edit re-renders only the quadrant(s) it touched, and options are cached per
item, so a board of 10,000 items stays quick. `t` swaps the board for the TOWS
matrix (SO, WO, ST, WT), where strategies pair items of two quadrants.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.widgets import ContentSwitcher, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.glyphs import glyphs
from tui.model.edits import Edit, Insert, Move, Remove, RemoveAll, Reorder, SetEach, SetFields, move_all, placed_items
from tui.model.ids import new_id
from tui.model.swot import (
    PROMPTS,
    QUADRANT_LETTER,
    QUADRANT_SINGULAR,
    QUADRANT_TITLES,
    TOWS_CELLS,
    TOWS_ORDER,
    by_weight,
    cycle,
    filter_items,
    matches,
    neighbour,
    reorder_index,
    strategies_linking,
    strategies_of,
    swot_index,
    touched_containers,
    tows_neighbour,
)
from tui.model.text import counted, one_line
from tui.model.workbook import QUADRANT_PREFIX, QUADRANTS, STRATEGY_QUADRANTS, Strategy, SwotItem
from tui.modals.confirm import ConfirmDialog, unless_kept
from tui.modals.form import Field, FormDialog
from tui.modals.picker import PickItem
from tui.modals.tows import StrategyDialog
from tui.screens.base import SectionScreen
from tui.widgets.lines import distinct
from tui.widgets.quadrant import QuadrantList, TowsList
from tui.widgets.safe import SafeInput, rating_dots

#: Keys that pick a quadrant directly after `m`.
MOVE_LETTERS = {"s": "strengths", "w": "weaknesses", "o": "opportunities", "t": "threats"}
MOVE_KEYS = {"up": "up", "k": "up", "down": "down", "j": "down", "left": "left", "h": "left",
             "right": "right", "l": "right"}
HELPFUL = {"strengths": "helpful", "weaknesses": "harmful", "opportunities": "helpful", "threats": "harmful"}


#: Text is cut to this many characters before it is drawn: no terminal is wider, and a
#: megabyte in one field from a hand-edited file must not slow down every key.
LINE = 400


def item_prompt(item: SwotItem) -> Content:
    """One board line: weight as dots, P when the item came from PESTLE, the text."""
    text = one_line(item.text, LINE)
    return Content.assemble(
        rating_dots(item.weight), " ",
        ("P" if item.source else " ", "bold"), " ",
        (text, "") if text.strip() else ("(no text)", "dim italic"),
    )


class SwotScreen(SectionScreen):
    SECTION = "swot"
    GUIDE = (
        "Strengths and weaknesses are inside the organisation; opportunities\n"
        "and threats come from outside. Add items fast: {keys[swot.add]}, type, enter, repeat\n"
        "(tab picks another quadrant). {keys[swot.weight_up]} and {keys[swot.weight_down]} weigh an item 1 to 5; {keys[swot.move]} then an\n"
        "arrow moves it to another quadrant. P marks an item from PESTLE.\n"
        "{keys[swot.tows]} shows TOWS: pair strengths and weaknesses with opportunities and\n"
        "threats into strategies. {keys[swot.filter]} filters every quadrant; esc clears it.\n"
        "{keys[swot.mark]} marks items ({keys[swot.mark_all]}: all shown, {keys[swot.unmark]}: none); then {keys[swot.delete]}, {keys[swot.move]}, {keys[swot.weight_up]} {keys[swot.weight_down]} and {keys[swot.edit]} act on\n"
        "every marked item at once, and one {keys[app.undo]} undoes it.\n"
        "{keys[swot.risk]} on a threat adds it to the risk register ({keys[app.section.risks]})."
    )
    BINDINGS = [
        Binding("escape", "leave", "Clear filter", id="swot.leave", show=False,
                tooltip="Close the add or filter box; clear the filter"),
        Binding("tab", "box_quadrant(1)", "Other quadrant", id="swot.box_next", show=False,
                tooltip="While adding: add to the next quadrant instead"),
        Binding("shift+tab", "box_quadrant(-1)", "Other quadrant", id="swot.box_previous", show=False,
                tooltip="While adding: add to the previous quadrant instead"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.current = "strengths"
        """The quadrant the cursor is in (or was last in)."""
        self.current_cell = "SO"
        """The TOWS cell the cursor is in (or was last in)."""
        self.needle = ""
        """The filter: only items whose text holds this are shown."""
        self.box_mode: str | None = None
        """"add" or "filter" while the box at the bottom is open."""
        self.box_quadrant = "strengths"
        self.moving: str | None = None
        """The id of the item waiting for the arrow after `m`."""
        self._items: dict[str, SwotItem] = {}
        """Every item shown, by id: rows are drawn from here when they come on screen."""
        self._where: dict[str, str] = {}
        self._kept_by_filter: dict[tuple[str, str], list[SwotItem]] = {}
        """The items of each quadrant the filter keeps, by (quadrant, needle), while the workbook is
        at revision `_filtered_at`: typing a filter and taking it back goes over the same needles."""
        self._rows_shown: dict[str, dict[str, Option]] = {quadrant: {} for quadrant in QUADRANTS}
        """Each quadrant's rows (their options, with the lines drawn) shown at revision
        `_filtered_at`, by item id: rows a filter hides come back drawn when it shows them again."""
        self._filtered_at = -1
        self._tows_stale = True
        self._counts: dict[str, tuple[int, int]] = {}
        """Each quadrant's (shown, total) items, for its title."""
        self._marked_counts: dict[str, int] = {}
        """Each quadrant's marked items, as its title last counted them (the status line sums them)."""

    # -- layout ----------------------------------------------------------------------
    def body(self) -> ComposeResult:
        with ContentSwitcher(initial="swot-board", id="swot-views"):
            with Vertical(id="swot-board"):
                for row, label, names in (("internal", "INTERNAL", QUADRANTS[:2]),
                                          ("external", "EXTERNAL", QUADRANTS[2:])):
                    with Horizontal(classes="swot-row", id=f"row-{row}"):
                        yield Static(Content("\n".join(label)), classes="swot-rowlabel")
                        for name in names:
                            with Vertical(classes="quadrant", id=f"q-{name}"):
                                yield Static(classes="quadrant-title", id=f"title-{name}")
                                yield QuadrantList(name, self._row, id=name, classes="quadrant-list")
            with Vertical(id="swot-tows"):
                for row in (TOWS_ORDER[:2], TOWS_ORDER[2:]):
                    with Horizontal(classes="swot-row"):
                        for kind in row:
                            with Vertical(classes="tows-cell", id=f"c-{kind}"):
                                yield Static(classes="tows-title", id=f"title-{kind}")
                                yield TowsList(kind, id=f"tows-{kind}", classes="tows-list")
        with Horizontal(id="swot-bar"):
            yield Static(id="swot-bar-label")
            yield SafeInput(id="swot-input", compact=True, select_on_focus=False, takes_list=True)
            yield Static(id="swot-status")

    def on_mount(self) -> None:
        self.query_one("#swot-input", Input).display = False
        self.query_one("#swot-bar-label", Static).display = False
        # (SectionScreen.on_mount fills the board: Textual runs every class's on_mount.)
        self.quadrant_list(self.current).focus()

    # -- finding things --------------------------------------------------------------
    def quadrant_list(self, quadrant: str) -> QuadrantList:
        return self.query_one(f"#{quadrant}", QuadrantList)

    def tows_list(self, kind: str) -> TowsList:
        return self.query_one(f"#tows-{kind}", TowsList)

    @property
    def showing_tows(self) -> bool:
        return self.query_one("#swot-views", ContentSwitcher).current == "swot-tows"

    def selected_item(self, quadrant: str | None = None) -> SwotItem | None:
        """The item under the cursor of `quadrant`; by default of the focused quadrant (the one whose
        highlight the user sees), so the keys and the status line act on what is shown."""
        focused = self.focused
        if quadrant is None and isinstance(focused, QuadrantList):
            quadrant = focused.quadrant
        quadrant = quadrant or self.current
        option = self.quadrant_list(quadrant).highlighted_option
        if option is None or option.id is None:
            return None
        return next((item for item in self.stratbook.workbook.swot.quadrant(quadrant) if item.id == option.id), None)

    def selected_strategy(self) -> Strategy | None:
        focused = self.focused
        cell = focused.kind if isinstance(focused, TowsList) else self.current_cell
        option = self.tows_list(cell).highlighted_option
        if option is None or option.id is None:
            return None
        return next((s for s in self.stratbook.workbook.strategies if s.id == option.id), None)

    # -- showing the model -----------------------------------------------------------
    def refresh_model(self, edit: Edit | None) -> None:
        touched = touched_containers(edit)
        if touched is not None and len(touched) > 64:  # a bulk edit: each quadrant once, not each item
            for quadrant in QUADRANTS:
                self._show_quadrant(quadrant)
                self.quadrant_list(quadrant).refresh_all_rows()
            self._tows_stale = True
            touched = set()
        if touched is None:  # anything may have changed, even which objects the items are
            self._items.clear()
            self._forget_filtered()  # (what it kept is noted in `_items`)
            for quadrant in QUADRANTS:
                self._show_quadrant(quadrant)
                self.quadrant_list(quadrant).refresh_all_rows()
            self._tows_stale = True
        else:
            focus = placed_items(edit)
            for place in touched:
                if place.startswith("swot.") and place[5:] in QUADRANTS:
                    self._show_quadrant(place[5:], focus.get(place))
                elif place == "strategies" or place.startswith("tow-"):
                    self._tows_stale = True
                else:
                    self._show_changed_item(place)
        if self.showing_tows and self._tows_stale:
            self._show_tows()
        self._show_status()

    def _row(self, item_id: str) -> Content:
        item = self._items.get(item_id)
        return item_prompt(item) if item is not None else Content("")

    def _show_quadrant(self, quadrant: str, focus_id: str | None = None) -> None:
        """Fill one quadrant from the model (the filter applied), keeping the cursor on its item."""
        widget = self.quadrant_list(quadrant)
        items = self.stratbook.workbook.swot.quadrant(quadrant)
        shown = self._filtered(quadrant, items)
        if shown:
            widget.set_rows([item.id for item in shown], keep=focus_id or widget.highlighted_id,
                            kept=self._rows_shown[quadrant])
        elif items:
            widget.set_options([Option(Content.styled(f"No {QUADRANT_TITLES[quadrant].lower()} hold "
                                                      f"{one_line(self.needle, 30)!r}.", "dim"), disabled=True)])
        else:
            widget.set_options([Option(Content.styled(question, "dim italic"), disabled=True)
                                for question in PROMPTS[quadrant]]
                               + [Option(Content.styled(f"Press {self.stratbook.shown_key('swot.add')} to add the first one.", "dim"), disabled=True)])
        self._show_title(quadrant, len(shown), len(items))

    def _filtered(self, quadrant: str, items: list[SwotItem]) -> list[SwotItem]:
        """The items of `quadrant` the filter keeps (all of them without one), noted in `_items` and
        `_where` to be drawn. Each needle is worked out once per revision of the workbook, and from
        the items a shorter needle kept when it has one: a character typed looks at fewer items,
        and a backspace at none."""
        if self.stratbook.revision != self._filtered_at:
            self._forget_filtered()
        needle = self.needle
        kept = self._kept_by_filter.get((quadrant, needle))
        if kept is not None:
            return kept
        # A text that holds the needle holds each of its beginnings (casefold maps a character at a time).
        wider = next((self._kept_by_filter[quadrant, needle[:end]] for end in range(len(needle) - 1, -1, -1)
                      if (quadrant, needle[:end]) in self._kept_by_filter), items)
        kept = self._kept_by_filter[quadrant, needle] = filter_items(wider, needle)
        for item in kept:
            self._items[item.id] = item
            self._where[item.id] = quadrant
        return kept

    def _forget_filtered(self) -> None:
        """The workbook changed: what the filter kept, and the rows drawn, may be stale."""
        self._kept_by_filter.clear()
        for rows in self._rows_shown.values():
            rows.clear()
        self._filtered_at = self.stratbook.revision

    def _show_title(self, quadrant: str, shown: int, total: int) -> None:
        self._counts[quadrant] = (shown, total)
        count = f"{total:,}" if shown == total else f"{shown:,} of {total:,}"
        marked = self._marked_counts[quadrant] = len(self.marked_items(quadrant)) if self.item_marks else 0
        self.query_one(f"#title-{quadrant}", Static).update(Content.assemble(
            (QUADRANT_TITLES[quadrant], "bold"), f"  {count}",
            (f"  {marked:,} marked", "bold") if marked else (f"  {HELPFUL[quadrant]}", "dim"),
        ), layout=False)

    # -- marks: the keys are on the lists (tui/screens/marking.py); the bulk actions below -------
    def marked_items(self, quadrant: str) -> list[SwotItem]:
        """The marked items of a quadrant, in its order."""
        return self.marked_in(self.stratbook.workbook.swot.quadrant(quadrant))

    def _marked_places(self) -> list[tuple[str, SwotItem]]:
        """(quadrant, item) of every marked SWOT item, board order."""
        return [(quadrant, item) for quadrant in QUADRANTS for item in self.marked_items(quadrant)]

    def _marked_strategies(self) -> list[Strategy]:
        return self.marked_in(self.stratbook.workbook.strategies)

    def show_marks(self) -> None:
        for quadrant, (shown, total) in self._counts.items():
            self._show_title(quadrant, shown, total)
        self._tows_stale = True
        if self.showing_tows:
            self._show_tows()
        self._show_status()

    def _hidden_note(self, items: list[SwotItem]) -> str:
        return self.hidden_note(items, lambda item: matches(item.text, self.needle))

    def _show_changed_item(self, item_id: str) -> None:
        """One item's fields changed: redraw its line only (or its quadrant, if the filter is affected)."""
        quadrant = self._where.get(item_id)
        widget = self.quadrant_list(quadrant) if quadrant else None
        item = self._items.get(item_id)
        if widget is None or item is None or widget.index_of(item_id) is None:
            quadrant = self.stratbook.workbook.swot_quadrant_of(item_id)
            if quadrant is not None:
                self._show_quadrant(quadrant)
            return
        if self.needle and not matches(item.text, self.needle):
            self._show_quadrant(quadrant)
        else:
            widget.refresh_rows([item_id])
        if self.showing_tows:
            self._tows_stale = True

    def _show_status(self) -> None:
        status = self.query_one("#swot-status", Static)
        if self.moving is not None:
            status.update(Content.assemble(
                ("Move to: ", "bold"), "an arrow or h j k l, or s w o t for the quadrant  ", ("esc: cancel", "dim"),
            ), layout=False)
            return
        parts: list = []
        marked = (len(self._marked_strategies()) if self.showing_tows else sum(self._marked_counts.values())
                  ) if self.item_marks else 0
        if marked:
            key = self.stratbook.shown_key
            where = "swot.tows" if self.showing_tows else "swot"
            keys = (f"{key('swot.tows.delete', 'd')} deletes them" if self.showing_tows else
                    f"{key('swot.delete', 'd')} {key('swot.move', 'm')} {key('swot.weight_up', '+')} "
                    f"{key('swot.weight_down', '-')} {key('swot.edit', 'e')} act on them")
            parts += [(f"{marked:,} marked", "bold reverse"),
                      (f": {keys}; {key(f'{where}.unmark', 'U')} unmarks  ", "dim")]
        if self.needle:
            parts += [("Filter ", "bold"), (repr(one_line(self.needle, 30)), ""), ("  esc clears  ", "dim")]
        if self.showing_tows:
            strategy = self.selected_strategy()
            if strategy is None:
                parts.append((f"{self.current_cell}: {TOWS_CELLS[self.current_cell].asked}", "dim"))
            else:  # the whole text, which the cell cuts short
                parts += [(f"{strategy.kind}: ", "bold"), one_line(strategy.text, LINE)]
        else:
            item = self.selected_item()
            if item is not None:  # the whole text, which the quadrant cuts short, then the rest
                parts += [one_line(item.text, LINE), (f"  weight {item.weight}", "dim")]
                linked = len(strategies_linking(self.stratbook.workbook.strategies, item.id))
                if linked:
                    parts.append((f"{glyphs.sep_text}in {counted(linked, 'strategy', 'strategies')}", "dim"))
                if item.source:
                    parts.append((f"{glyphs.sep_text}from PESTLE", "dim"))
                if item.notes.strip():
                    parts += [(f"{glyphs.sep_text}notes: ", "dim"), (one_line(item.notes, LINE), "dim")]
        status.update(Content.assemble(*parts), layout=False)

    # -- the TOWS view -----------------------------------------------------------------
    def _show_tows(self) -> None:
        workbook = self.stratbook.workbook
        index = swot_index(workbook)
        for kind in TOWS_ORDER:
            widget = self.tows_list(kind)
            old = widget.highlighted_option
            old_id = old.id if old is not None else None
            # One line per id: lines are found by id, and an id repeated by a bad edit must not crash.
            every = distinct(strategies_of(workbook.strategies, kind), key=lambda s: s.id)
            strategies = [s for s in every if self._strategy_matches(s, index)]
            if strategies:
                options = [Option(self._strategy_prompt(strategy, index), id=strategy.id) for strategy in strategies]
                ids = [s.id for s in strategies]
                position = ids.index(old_id) if old_id in ids else min(widget.highlighted or 0, len(ids) - 1)
            elif every:
                options = [Option(Content.styled(f"No strategies hold {one_line(self.needle, 30)!r}.", "dim"),
                                  disabled=True)]
                position = None
            else:
                cell = TOWS_CELLS[kind]
                options = [Option(Content.styled(cell.question, "dim italic"), disabled=True),
                           Option(Content.styled(f"Press {self.stratbook.shown_key('swot.tows.add')} to pair items.", "dim"), disabled=True)]
                position = None
            widget.set_options(options)
            if position is not None:
                widget.highlighted = position
            cell = TOWS_CELLS[kind]
            count = f"{len(every):,}" if len(strategies) == len(every) else f"{len(strategies):,} of {len(every):,}"
            marked = sum(1 for s in every if s.id in self.item_marks) if self.item_marks else 0
            self.query_one(f"#title-{kind}", Static).update(Content.assemble(
                (kind, "bold"), f"  {count}  ", (f"{marked:,} marked  ", "bold") if marked else "", (cell.title, "dim"),
            ))
        self._tows_stale = False

    def _strategy_matches(self, strategy: Strategy, index: dict[str, tuple[str, SwotItem]]) -> bool:
        """Whether the filter keeps a strategy: its text, or an item it pairs, holds the word."""
        if not self.needle or matches(strategy.text, self.needle):
            return True
        return any(matches(index[link][1].text, self.needle) for link in strategy.links if link in index)

    def _strategy_prompt(self, strategy: Strategy, index: dict[str, tuple[str, SwotItem]]) -> Content:
        text = one_line(strategy.text, LINE)
        lines = [Content.styled(text, "bold") if text.strip() else Content.styled("(no text)", "dim italic")]
        for link in strategy.links:
            found = index.get(link)
            if found is None:
                lines.append(Content.assemble("  ? ", (f"{one_line(link, 20)} is not a SWOT item here", "dim")))
                continue
            quadrant, item = found
            lines.append(Content.assemble(f"  {QUADRANT_LETTER[quadrant]} ", (rating_dots(item.weight), "dim"), " ",
                                          one_line(item.text, LINE)))
        return Content("\n").join(lines)

    # -- moving around ---------------------------------------------------------------
    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        widget = event.widget
        if widget is not self.focused:
            # Focus events of two lists focused one after the other can arrive in either order
            # (each list handles its own): only the list that has the focus now counts.
            return
        if isinstance(widget, QuadrantList):
            self.current = widget.quadrant
            if widget.highlighted is None and widget.option_count and not widget.options[0].disabled:
                widget.highlighted = 0
        elif isinstance(widget, TowsList):
            self.current_cell = widget.kind
            if widget.highlighted is None and widget.option_count and not widget.options[0].disabled:
                widget.highlighted = 0
        self._show_status()

    @on(OptionList.OptionHighlighted)
    def _highlight_moved(self, event: OptionList.OptionHighlighted) -> None:
        self._show_status()

    def board_edge(self, widget: OptionList, direction: str) -> None:
        """The cursor hit an edge of a list: go on to the neighbouring quadrant or cell."""
        if isinstance(widget, QuadrantList):
            target_name = neighbour(widget.quadrant, direction)
            target: OptionList | None = self.quadrant_list(target_name) if target_name else None
        else:
            target_name = tows_neighbour(widget.kind, direction)  # type: ignore[attr-defined]
            target = self.tows_list(target_name) if target_name else None
        if target is None:
            return
        enabled = [i for i, option in enumerate(target.options) if not option.disabled]
        if enabled:
            if direction == "down":
                target.highlighted = enabled[0]
            elif direction == "up":
                target.highlighted = enabled[-1]
            elif target.highlighted is None:
                target.highlighted = enabled[0]
        self._focus_now(target)

    def _focus_now(self, target: OptionList) -> None:
        """Focus a list at once, its cursor on a line: `focus()` waits its turn behind keys already
        typed, so `l *` (fast, or pasted by tmux) marked in the list left, not the one arrived at."""
        if target.highlighted is None and target.option_count and not target.options[0].disabled:
            target.highlighted = 0
        self.set_focus(target)

    def action_next_quadrant(self, step: int) -> None:
        self._focus_now(self.quadrant_list(cycle(QUADRANTS, self.focused.quadrant if isinstance(
            self.focused, QuadrantList) else self.current, step)))

    def action_next_cell(self, step: int) -> None:
        self._focus_now(self.tows_list(cycle(TOWS_ORDER, self.focused.kind if isinstance(
            self.focused, TowsList) else self.current_cell, step)))

    def focus_item(self, item_id: str) -> bool:
        """Put the cursor, the status line and the keys on a SWOT item (or a TOWS strategy) by id,
        whatever view, filter or box the section was left in."""
        workbook = self.stratbook.workbook
        quadrant = workbook.swot_quadrant_of(item_id)
        strategy = None if quadrant is not None else next((s for s in workbook.strategies if s.id == item_id), None)
        if quadrant is None and (strategy is None or strategy.kind not in TOWS_CELLS):
            return False
        self.moving = None
        if self.box_mode is not None:
            self._close_box()
        if quadrant is not None:
            self.current = quadrant  # before the view switches: it focuses the current quadrant
            item = next(i for i in workbook.swot.quadrant(quadrant) if i.id == item_id)
            if self.needle and not matches(item.text, self.needle):
                self._set_filter("")
            self._show_quadrant(quadrant, item_id)
            self._switch_view(tows=False)
            return True
        self.current_cell = strategy.kind
        if self.needle:
            self._set_filter("")
        self._switch_view(tows=True)
        widget = self.tows_list(strategy.kind)
        ids = [option.id for option in widget.options]
        if item_id in ids:
            widget.highlighted = ids.index(item_id)
        self._show_status()
        return True

    def cursor_ref(self) -> str | None:
        if self.showing_tows:
            strategy = self.selected_strategy()
            return strategy.id if strategy is not None else None
        focused = self.focused
        quadrant = focused.quadrant if isinstance(focused, QuadrantList) else self.current
        option = self.quadrant_list(quadrant).highlighted_option
        return option.id if option is not None and not option.disabled else None

    # -- the box at the bottom: add and filter ------------------------------------------
    def _open_box(self, mode: str) -> None:
        self.box_mode = mode
        self.box_quadrant = self.current
        box = self.query_one("#swot-input", SafeInput)
        box.display = True
        box.takes_list = mode == "add"  # a pasted list adds one item per line; the filter joins lines
        self.query_one("#swot-bar-label", Static).display = True
        self.query_one("#swot-status", Static).display = False
        if mode == "filter":
            shown = "the strategies" if self.showing_tows else "every quadrant"
            box.placeholder = f"type to filter {shown}; enter keeps it, esc clears it"
        box.reset(self.needle if mode == "filter" else "")
        self._show_box_label()
        box.focus()

    def _show_box_label(self) -> None:
        box = self.query_one("#swot-input", Input)
        label = self.query_one("#swot-bar-label", Static)
        for quadrant in QUADRANTS:
            self.query_one(f"#q-{quadrant}").set_class(self.box_mode == "add" and quadrant == self.box_quadrant,
                                                       "-adding")
        if self.box_mode == "add":
            title = QUADRANT_TITLES[self.box_quadrant]
            label.update(Content.assemble(("Add to ", "bold"), (title, "bold $accent"), f" {glyphs.prompt} "))
            box.placeholder = "type, enter, repeat; tab: other quadrant; esc: done"
        else:
            label.update(Content.assemble(("Filter", "bold"), f" {glyphs.prompt} "))

    def _close_box(self) -> None:
        self.box_mode = None
        self.query(".quadrant").remove_class("-adding")
        self.query_one("#swot-input", Input).display = False
        self.query_one("#swot-bar-label", Static).display = False
        self.query_one("#swot-status", Static).display = True
        # At once, not by Widget.focus (a callback queued on the app): a jump or a key straight
        # after enter in the box found the focus still to come, and lost it to the box's list.
        self.set_focus(self.tows_list(self.current_cell) if self.showing_tows else self.quadrant_list(self.current))
        self._show_status()

    def _set_filter(self, needle: str) -> None:
        if needle == self.needle:
            return
        self.needle = needle
        for quadrant in QUADRANTS:
            self._show_quadrant(quadrant)
        self._tows_stale = True
        if self.showing_tows:
            self._show_tows()

    def action_add_item(self) -> None:
        if self.showing_tows:
            return
        if self.stratbook.read_only:
            self.stratbook.refuse_read_only()
            return
        self._set_filter("")
        self._open_box("add")

    def action_filter(self) -> None:
        self._open_box("filter")

    def action_box_quadrant(self, step: int) -> None:
        self.box_quadrant = cycle(QUADRANTS, self.box_quadrant, step)
        self.current = self.box_quadrant
        self._show_box_label()
        self.quadrant_list(self.box_quadrant).scroll_to_highlight()

    @on(Input.Changed, "#swot-input")
    def _box_changed(self, event: Input.Changed) -> None:
        if self.box_mode == "filter":
            self._set_filter(event.value)

    @on(Input.Submitted, "#swot-input")
    def _box_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.box_mode == "filter" and self.showing_tows:
            if self.needle and not self._cell_shows_any(self.current_cell):
                # Leave the cursor on a match, not in a cell that shows none.
                self.current_cell = next((kind for kind in TOWS_ORDER if self._cell_shows_any(kind)),
                                         self.current_cell)
            self._close_box()
            return
        if self.box_mode == "filter":
            swot = self.stratbook.workbook.swot
            if self.needle and not filter_items(swot.quadrant(self.current), self.needle):
                # Leave the cursor on a match, not in a quadrant that shows none.
                self.current = next((q for q in QUADRANTS if filter_items(swot.quadrant(q), self.needle)),
                                    self.current)
            self._close_box()
            return
        text = event.value.strip()
        if not text:
            self._close_box()
            return
        self._add(self.box_quadrant, [text])
        self.query_one("#swot-input", SafeInput).reset()

    @on(SafeInput.ListPasted, "#swot-input")
    def _list_pasted(self, event: SafeInput.ListPasted) -> None:
        """A list pasted into the add box: one item per line."""
        event.stop()
        self._add(self.box_quadrant, event.items)
        quadrant = QUADRANT_TITLES[self.box_quadrant]
        self.notify(f"Added {len(event.items)} items to {quadrant}, one per pasted line (one undo takes them "
                    "all back).", markup=False)

    def _add(self, quadrant: str, texts: list[str]) -> None:
        """Add items after the highlighted one, in order, as one undo step."""
        with self.stratbook.one_undo_step(f"add {len(texts)} {quadrant}"):
            for edit in self._inserts(quadrant, texts):
                self.stratbook.apply(edit)

    def _inserts(self, quadrant: str, texts: list[str]) -> list[Insert]:
        """The edits that add `texts` to `quadrant` after its highlighted item, in order."""
        workbook = self.stratbook.workbook
        items = workbook.swot.quadrant(quadrant)
        option = self.quadrant_list(quadrant).highlighted_option
        index = len(items)
        if option is not None and option.id is not None:
            index = next((i + 1 for i, item in enumerate(items) if item.id == option.id), len(items))
        singular = QUADRANT_SINGULAR[quadrant]
        taken = workbook.ids()
        edits = []
        for offset, text in enumerate(texts):
            item = SwotItem(new_id(QUADRANT_PREFIX[quadrant], taken), text)
            taken.add(item.id)
            edits.append(Insert(f"swot.{quadrant}", index + offset, item, f"add {singular}"))
        return edits

    def holds_typing(self) -> bool:
        """An item typed in the add box and not yet added (quitting asks about it)."""
        return self.box_mode == "add" and bool(self.query_one("#swot-input", SafeInput).value.strip())

    # As a form's (FormDialog.typing_held, edit_held): a way out the user did not choose (a
    # hang-up, a kill) and the recovery watch keep the item typed in the add box as enter would
    # add it. It was lost, while quitting asked about it.
    def typing_held(self) -> tuple[str, str] | None:
        """The quadrant and the text typed in the add box, if it holds an item not yet added."""
        if not self.holds_typing():
            return None
        return self.box_quadrant, self.query_one("#swot-input", SafeInput).value.strip()

    def edit_held(self) -> Insert | None:
        """The edit enter in the add box would make as typed so far, or None."""
        held = self.typing_held()
        return self._inserts(held[0], [held[1]])[0] if held is not None else None

    def _cell_shows_any(self, kind: str) -> bool:
        return any(option.id is not None for option in self.tows_list(kind).options)

    def action_leave(self) -> None:
        if self.moving is not None:
            self.moving = None
            self._show_status()
        elif self.box_mode == "filter":
            self._set_filter("")
            self._close_box()
        elif self.box_mode == "add":
            unless_kept(self.app, self.holds_typing(), "the item you typed", self._close_box)
        elif self.needle:
            self._set_filter("")
            self._show_status()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave":
            return self.moving is not None or self.box_mode is not None or bool(self.needle)
        if action == "box_quadrant":
            return self.box_mode == "add"
        return True

    # -- editing items ------------------------------------------------------------------
    def action_edit_item(self) -> None:
        if self._marked_places():
            self._set_marked_weight()
            return
        item = self.selected_item()
        if item is None:
            if self.quadrant_list(self.current).option_count == 0 or not self.needle:
                self.action_add_item()
            return
        quadrant = self.current
        hint = "What it is, with a number if you have one."
        if item.source:
            source = self.stratbook.workbook.find(item.source)
            hint = "From PESTLE: " + (one_line(source.text, 60) if source is not None else item.source)
        form = FormDialog(f"Edit {QUADRANT_SINGULAR[quadrant]}", [
            Field("text", "Text", "long", item.text, required=True, hint=hint),
            Field("weight", "Weight", "rating", item.weight, hint="On the board, + and - change it too."),
            Field("notes", "Notes", "long", item.notes, hint="Evidence, sources, who said it."),
        ])

        def editing(result: dict) -> Edit | None:
            result = {**result, "text": result["text"].strip()}
            changes = {key: value for key, value in result.items() if getattr(item, key) != value}
            return SetFields(item.id, changes, f"edit {QUADRANT_SINGULAR[quadrant]}") if changes else None

        def edited(result: dict | None) -> None:
            if result and (edit := editing(result)) is not None:
                self.stratbook.apply(edit)

        self.app.push_screen(form.keeping(editing), edited)

    def _set_marked_weight(self) -> None:
        places = self._marked_places()
        weights = {item.weight for _, item in places}
        form = FormDialog(f"Weight of the {counted(len(places), 'marked item')}", [
            Field("weight", "Weight", "rating", weights.pop() if len(weights) == 1 else 3,
                  hint=f"Every marked item gets this weight{self._hidden_note([i for _, i in places])}."),
        ])

        def weighing(result: dict) -> Edit | None:
            return self._weighing_marked(lambda _: result["weight"], f"weight {result['weight']}")

        def chosen(result: dict | None) -> None:
            if result:
                self._weigh_marked(lambda _: result["weight"], f"weight {result['weight']}")

        self.app.push_screen(form.keeping(weighing), chosen)

    def _weighing_marked(self, weight_of, label: str) -> SetEach | None:
        """The edit that gives each marked item the weight `weight_of(item)` says (1 to 5); None:
        their weights are so already."""
        wanted = [(item, max(1, min(5, weight_of(item)))) for _, item in self._marked_places()]
        changed = [SetFields(item.id, {"weight": weight}, label) for item, weight in wanted if weight != item.weight]
        return SetEach(tuple(changed), f"{label} ({counted(len(changed), 'item')})") if changed else None

    def _weigh_marked(self, weight_of, label: str) -> None:
        """Each marked item's weight as `weight_of(item)` says (1 to 5): one edit."""
        edit = self._weighing_marked(weight_of, label)
        if edit is None:
            self.notify("Their weights are already so.", markup=False, timeout=2)
            return
        if self.stratbook.apply(edit):
            self.notify(f"{label.capitalize()}: {counted(len(edit.edits), 'marked item')}. {self.stratbook.key_named('app.undo')} undoes it.",
                        markup=False, timeout=3)

    def action_add_risk(self) -> None:
        item = self.selected_item()
        self.add_to_risks(item.id if item is not None else None)

    def action_weight(self, delta: int) -> None:
        if self._marked_places():
            self._weigh_marked(lambda item: item.weight + delta, "weight up" if delta > 0 else "weight down")
            return
        item = self.selected_item()
        if item is None:
            return
        weight = max(1, min(5, item.weight + delta))
        if weight != item.weight:
            self.stratbook.apply(SetFields(item.id, {"weight": weight}, "change weight"),
                                 merge_key=f"swot.weight.{item.id}")

    def action_delete_item(self) -> None:
        places = self._marked_places()
        if places:
            what = counted(len(places), "marked item")
            self.delete_items(RemoveAll(tuple(Remove(f"swot.{q}", item.id, f"delete {what}") for q, item in places),
                                        f"delete {what}"),
                              [item.id for _, item in places], what,
                              also=f"Every marked item goes{self._hidden_note([i for _, i in places])}.")
            return
        item = self.selected_item()
        if item is not None:
            quadrant = self.stratbook.workbook.swot_quadrant_of(item.id) or self.current
            what = QUADRANT_SINGULAR[quadrant]
            self.delete_items(Remove(f"swot.{quadrant}", item.id, f"delete {what}"), [item.id], what)

    def action_reorder(self, delta: int) -> None:
        item = self.selected_item()
        if item is None:
            return
        quadrant = self.current
        widget = self.quadrant_list(quadrant)
        visible = [option.id for option in widget.options]
        all_ids = [i.id for i in self.stratbook.workbook.swot.quadrant(quadrant)]
        index = reorder_index(visible, all_ids, item.id, delta)
        if index is not None:
            container = f"swot.{quadrant}"
            self.stratbook.apply(Move(container, item.id, container, index,
                                      f"move {QUADRANT_SINGULAR[quadrant]} {'up' if delta < 0 else 'down'}"))

    def action_sort(self) -> None:
        items = self.stratbook.workbook.swot.quadrant(self.current)
        order = tuple(by_weight(items))
        if order == tuple(item.id for item in items):
            self.notify(f"{QUADRANT_TITLES[self.current]} are already heaviest first.", markup=False, timeout=2)
            return
        if self.stratbook.apply(Reorder(f"swot.{self.current}", order, f"sort {self.current} by weight")):
            self.notify(f"Sorted by weight, heaviest first. {self.stratbook.key_named('app.undo')} restores the order.", markup=False, timeout=3)

    def action_start_move(self) -> None:
        places = self._marked_places()
        if places:
            self._move_marked(places)
            return
        item = self.selected_item()
        if item is None:
            return
        self.moving = item.id
        self._show_status()

    def board_key(self, widget: OptionList, key: str) -> bool:
        """After `m`, the next key on the board picks the quadrant to move the item to."""
        if self.moving is None or not isinstance(widget, QuadrantList):
            return False
        item_id, self.moving = self.moving, None
        source = widget.quadrant
        if key in MOVE_KEYS:
            target = neighbour(source, MOVE_KEYS[key])
        elif key in MOVE_LETTERS:
            target = MOVE_LETTERS[key]
        else:  # any other key only cancels: `m` then `d` must not delete
            self._show_status()
            return True
        if target is None or target == source:
            self.notify(f"No quadrant {'there' if target is None else 'to move to'}: "
                        "use an arrow towards one, or s w o t.", markup=False, timeout=3)
            self._show_status()
            return True
        workbook = self.stratbook.workbook
        to_index = len(workbook.swot.quadrant(target))
        if self.stratbook.apply(Move(f"swot.{source}", item_id, f"swot.{target}", to_index,
                                     f"move to {target}")):
            linked = len(strategies_linking(workbook.strategies, item_id))
            note = (f" {counted(linked, 'TOWS strategy', 'TOWS strategies')} "
                    f"link{'s' if linked == 1 else ''} it: check {'it' if linked == 1 else 'them'} (t).") if linked else ""
            self.notify(f"Moved to {QUADRANT_TITLES[target]}.{note}", markup=False, timeout=3 if not note else 6)
        return True

    def _move_marked(self, places: list[tuple[str, SwotItem]]) -> None:
        """The marked items to one quadrant, chosen in a dialog: one edit."""
        letters = {quadrant: letter for letter, quadrant in MOVE_LETTERS.items()}
        here = {quadrant for quadrant, _ in places}
        answers = [(letters[q], f"{QUADRANT_TITLES[q]}" + ("" if q not in here else
                                                        f" ({len([1 for p, _ in places if p == q])} there now)"))
                   for q in QUADRANTS]
        message = (f"Move the {counted(len(places), 'marked item')} to which quadrant?"
                   f"{self._hidden_note([i for _, i in places])} They go to the end of that quadrant, in board order.")
        dialog = ConfirmDialog(f"Move {counted(len(places), 'marked item')}", message, answers,
                               default=letters[next((q for q in QUADRANTS if q not in here), QUADRANTS[0])])

        def chosen(letter: str | None) -> None:
            target = MOVE_LETTERS.get(letter or "")
            if target is None:
                return
            moving = [(f"swot.{q}", item.id) for q, item in self._marked_places() if q != target]
            if not moving:
                self.notify(f"They are all in {QUADRANT_TITLES[target]} already.", markup=False, timeout=3)
                return
            workbook = self.stratbook.workbook
            label = f"move {counted(len(moving), 'item')} to {target}"
            if self.stratbook.apply(move_all(workbook, moving, f"swot.{target}", label)):
                ids = {item_id for _, item_id in moving}
                linked = sum(1 for s in workbook.strategies if ids.intersection(s.links))
                note = (f" {counted(linked, 'TOWS strategy', 'TOWS strategies')} link{'s' if linked == 1 else ''} "
                        "them: check (t).") if linked else ""
                self.notify(f"Moved {counted(len(moving), 'item')} to {QUADRANT_TITLES[target]}. {self.stratbook.key_named('app.undo')} puts them "
                            f"back.{note}", markup=False, timeout=4 if not note else 6)

        self.app.push_screen(dialog, chosen)

    # -- TOWS ---------------------------------------------------------------------------
    def action_toggle_tows(self) -> None:
        if self.box_mode is not None:
            self._close_box()
        self.moving = None
        self._switch_view(tows=not self.showing_tows)

    def _switch_view(self, tows: bool) -> None:
        switcher = self.query_one("#swot-views", ContentSwitcher)
        switcher.current = "swot-tows" if tows else "swot-board"
        if tows:
            if self._tows_stale:
                self._show_tows()
            self.tows_list(self.current_cell).focus()
        else:
            self.quadrant_list(self.current).focus()
        self._show_status()

    def _pick_items(self, kind: str) -> tuple[list[PickItem], tuple[str, str]]:
        workbook = self.stratbook.workbook
        first, second = STRATEGY_QUADRANTS[kind]
        items = [
            PickItem(item.id, item.text, QUADRANT_TITLES[quadrant], rating_dots(item.weight))
            for quadrant in (first, second) for item in workbook.swot.quadrant(quadrant)
        ]
        return items, (QUADRANT_TITLES[first], QUADRANT_TITLES[second])

    def action_add_strategy(self) -> None:
        kind = self.current_cell
        items, groups = self._pick_items(kind)
        if not all(any(item.group == group for item in items) for group in groups):
            self.notify(f"{kind} pairs {groups[0].lower()} with {groups[1].lower()}: add some of each on the "
                        "board first (t).", markup=False, timeout=5)
            return
        dialog = StrategyDialog(f"New {kind} strategy: {TOWS_CELLS[kind].title}", items, groups,
                                hint=TOWS_CELLS[kind].asked)

        def creating(result: dict) -> Insert:
            workbook = self.stratbook.workbook
            strategy = Strategy(new_id("tow", workbook.ids()), kind, result["text"], result["links"])
            selected = self.selected_strategy()
            index = len(workbook.strategies)
            if selected is not None and selected in workbook.strategies:
                index = workbook.strategies.index(selected) + 1
            return Insert("strategies", index, strategy, f"add {kind} strategy")

        def created(result: dict | None) -> None:
            if result:
                edit = creating(result)
                self.stratbook.apply(edit)
                self.focus_item(edit.item.id)

        self.app.push_screen(dialog.keeping(creating), created)

    def action_edit_strategy(self) -> None:
        strategy = self.selected_strategy()
        if strategy is None:
            self.action_add_strategy()
            return
        items, groups = self._pick_items(strategy.kind)
        offered = {item.id for item in items}
        kept = [link for link in strategy.links if link not in offered]
        hint = TOWS_CELLS[strategy.kind].asked
        if kept:
            hint += (f" It also links {counted(len(kept), 'item')} outside these quadrants; "
                     f"{'it is' if len(kept) == 1 else 'they are'} kept.")
        dialog = StrategyDialog(f"Edit {strategy.kind} strategy", items, groups, selected=strategy.links,
                                text=strategy.text, hint=hint)

        def editing(result: dict) -> SetFields | None:
            links = result["links"] + kept
            changes = {}
            if result["text"] != strategy.text:
                changes["text"] = result["text"]
            if links != strategy.links:
                changes["links"] = links
            return SetFields(strategy.id, changes, f"edit {strategy.kind} strategy") if changes else None

        def edited(result: dict | None) -> None:
            if result and (edit := editing(result)) is not None:
                self.stratbook.apply(edit)

        self.app.push_screen(dialog.keeping(editing), edited)

    def action_delete_strategy(self) -> None:
        marked = self._marked_strategies()
        if marked:
            what = counted(len(marked), "marked strategy", "marked strategies")
            self.delete_items(RemoveAll(tuple(Remove("strategies", s.id, f"delete {what}") for s in marked),
                                        f"delete {what}"), [s.id for s in marked], what,
                              also="Every marked strategy goes.")
            return
        strategy = self.selected_strategy()
        if strategy is not None:
            what = f"{strategy.kind} strategy"
            self.delete_items(Remove("strategies", strategy.id, f"delete {what}"), [strategy.id], what)

    def action_reorder_strategy(self, delta: int) -> None:
        strategy = self.selected_strategy()
        if strategy is None:
            return
        strategies = self.stratbook.workbook.strategies
        same_kind = [s.id for s in strategies if s.kind == strategy.kind]
        index = reorder_index(same_kind, [s.id for s in strategies], strategy.id, delta)
        if index is not None:
            self.stratbook.apply(Move("strategies", strategy.id, "strategies", index, "move strategy"))
            self.focus_item(strategy.id)

    # -- the palette ----------------------------------------------------------------------
    def section_commands(self) -> list[tuple[str, str, object]]:
        def add_to(quadrant: str):
            def run() -> None:
                if self.showing_tows:
                    self._switch_view(tows=False)
                self.quadrant_list(quadrant).focus()
                self.current = quadrant
                self.action_add_item()
            return run

        commands: list[tuple[str, str, object]] = [
            (f"Add {QUADRANT_TITLES[q].lower()}", f"Type {QUADRANT_SINGULAR[q]} after "
             f"{QUADRANT_SINGULAR[q]}, enter after each", add_to(q))
            for q in QUADRANTS
        ]
        commands += [
            ("Filter the SWOT board", "Show only items whose text holds a word", self.action_filter),
            ("Sort the quadrant by weight", f"Heaviest first; {self.stratbook.key_named('app.undo')} restores the order", self.action_sort),
            ("TOWS strategies", "Switch between the board and the TOWS matrix", self.action_toggle_tows),
        ]
        return commands

