"""Porter's five forces and the Ansoff matrix: one section, two tools, `x` switches.

The forces are drawn as the model usually is: rivalry in the middle, new entrants above,
substitutes below, supplier power on the left and buyer power on the right; the corners say
what the focused force asks and how the scale reads. The Ansoff matrix is a 2x2 of products
(existing, new) by markets (existing, new), driven like the SWOT board.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.widget import Widget
from textual.widgets import ContentSwitcher, OptionList, Static
from textual.widgets.option_list import Option

from tui.glyphs import glyphs
from tui.model.edits import (
    Batch, Edit, Insert, Remove, RemoveAll, Reorder, SetEach, SetFields, one_edit, placed_items, touched_containers,
)
from tui.model.forces import (
    ANSOFF_AXES,
    ANSOFF_TITLES,
    FORCE_QUESTIONS,
    FORCE_TITLES,
    RATING_WORDS,
    RISK_WORDS,
    rating_words,
)
from tui.model.ids import new_id
from tui.model.text import counted, for_display, one_line
from tui.model.workbook import ANSOFF_QUADRANTS, FORCES, QUADRANTS, AnsoffOption, ForceItem
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import Field, FormDialog, form_rows
from tui.modals.picker import PickerDialog, PickItem
from tui.screens.base import SectionScreen
from tui.widgets.forces_board import AnsoffList, ForceList
from tui.widgets.safe import rating_dots, show

FORCE_NEIGHBOURS = {
    "rivalry": {"up": "new_entrants", "down": "substitutes", "left": "supplier_power", "right": "buyer_power"},
    "new_entrants": {"down": "rivalry", "left": "supplier_power", "right": "buyer_power"},
    "substitutes": {"up": "rivalry", "left": "supplier_power", "right": "buyer_power"},
    "supplier_power": {"right": "rivalry", "up": "new_entrants", "down": "substitutes"},
    "buyer_power": {"left": "rivalry", "up": "new_entrants", "down": "substitutes"},
}
"""Where each arrow goes from each panel, as the forces are drawn."""
ANSOFF_NEIGHBOURS = {
    "market_penetration": {"right": "product_development", "down": "market_development"},
    "product_development": {"left": "market_penetration", "down": "diversification"},
    "market_development": {"right": "diversification", "up": "market_penetration"},
    "diversification": {"left": "market_development", "up": "product_development"},
}
TAB_ORDER = ("rivalry", "new_entrants", "buyer_power", "substitutes", "supplier_power")
"""tab goes round the picture: the middle, then clockwise from the top."""


FORCE_REF = "forces."
"""A force's own ref (`forces.rivalry`), as edits name it."""


class ForcesScreen(SectionScreen):
    SECTION = "forces"
    AUTO_FOCUS = "#rivalry"
    """The middle of the picture first (the first list in the grid is new entrants, above it)."""
    GUIDE = ("Porter's five forces: how hard rivals, newcomers, substitutes, buyers and suppliers press on "
             "us ({keys[forces.rate]} rates a force, 1 weak to 5 intense). {keys[forces.ansoff]} shows the Ansoff "
             "matrix: the four ways to grow, each option with its risk, linked ({keys[forces.ansoff.links]}) to SWOT "
             "items and goals; {keys[forces.ansoff.move]} moves it to another quadrant. {keys[forces.mark]} marks "
             "items ({keys[forces.mark_all]}: all shown, {keys[forces.unmark]}: none); then {keys[forces.delete]} and "
             "{keys[forces.weight_up]} {keys[forces.weight_down]} act on every marked item at once (and "
             "{keys[forces.ansoff.move]} on marked options), and one {keys[app.undo]} undoes it.")

    def __init__(self) -> None:
        super().__init__()
        self.current = "rivalry"
        """The force the cursor is in (or was last in)."""
        self.current_cell = "market_penetration"
        self._items: dict[str, ForceItem | AnsoffOption] = {}
        """Every item shown, by id: rows are drawn from here when they come on screen."""
        self._where: dict[str, str] = {}
        """The panel (force or quadrant) each item is shown in."""

    # -- layout ----------------------------------------------------------------------
    def body(self) -> ComposeResult:
        def panel(name: str) -> ComposeResult:
            with Vertical(classes="force", id=f"p-{name}"):
                yield Static(classes="force-title", id=f"title-{name}")
                yield ForceList(name, self._row, id=name, classes="force-list")

        with ContentSwitcher(initial="forces-board", id="forces-views"):
            with Grid(id="forces-board"):
                yield Static(id="forces-detail", classes="force-corner")
                yield from panel("new_entrants")
                yield Static(id="forces-scale", classes="force-corner")
                yield from panel("supplier_power")
                yield from panel("rivalry")
                yield from panel("buyer_power")
                yield Static(id="forces-keys", classes="force-corner")
                yield from panel("substitutes")
                yield Static(id="forces-count", classes="force-corner")
            with Vertical(id="ansoff-board"):
                with Horizontal(id="ansoff-heads"):
                    yield Static(Content("Existing products"), classes="ansoff-head")
                    yield Static(Content("New products"), classes="ansoff-head")
                for row, label, names in (("existing", "Existing\nmarkets", ANSOFF_QUADRANTS[:2]),
                                          ("new", "New\nmarkets", ANSOFF_QUADRANTS[2:])):
                    with Horizontal(classes="ansoff-row"):
                        yield Static(Content(label), classes="ansoff-rowlabel")
                        for name in names:
                            with Vertical(classes="ansoff-cell", id=f"c-{name}"):
                                yield Static(classes="ansoff-title", id=f"title-{name}")
                                yield AnsoffList(name, self._row, id=name, classes="ansoff-list")
        yield Static(id="forces-status")

    def on_mount(self) -> None:
        # At once, as `_switch` does: a focus deferred past an `x` typed straight after `9` went
        # to the forces list that `x` had just hidden, and left nothing focused.
        self.set_focus(self.force_list(self.current))

    # -- finding things --------------------------------------------------------------
    def force_list(self, force: str) -> ForceList:
        return self.query_one(f"#{force}", ForceList)

    def ansoff_list(self, quadrant: str) -> AnsoffList:
        return self.query_one(f"#{quadrant}", AnsoffList)

    @property
    def showing_ansoff(self) -> bool:
        return self.query_one("#forces-views", ContentSwitcher).current == "ansoff-board"

    def _sync_current(self) -> None:
        """The panel keys act on is the focused one (its focus message may not have come yet)."""
        focused = self.focused
        if isinstance(focused, ForceList):
            self.current = focused.force
        elif isinstance(focused, AnsoffList):
            self.current_cell = focused.quadrant

    def selected_item(self) -> ForceItem | None:
        self._sync_current()
        option = self.force_list(self.current).highlighted_option
        item = self._items.get(option.id) if option is not None and option.id else None
        return item if isinstance(item, ForceItem) else None

    def selected_option(self) -> AnsoffOption | None:
        self._sync_current()
        option = self.ansoff_list(self.current_cell).highlighted_option
        item = self._items.get(option.id) if option is not None and option.id else None
        return item if isinstance(item, AnsoffOption) else None

    # -- showing the model -----------------------------------------------------------
    def refresh_model(self, edit: Edit | None) -> None:
        touched = touched_containers(edit)
        if touched is None:  # anything may have changed, even which objects the items are
            self._items.clear()
            self._where.clear()
            for name in FORCES:
                self._show_force(name)
            for name in ANSOFF_QUADRANTS:
                self._show_cell(name)
        else:
            focus = placed_items(edit)
            cells: set[str] = set()
            for place in touched:
                head, _, rest = place.partition(".")
                if head == "forces" and rest.endswith(".items") and rest[:-6] in FORCES:
                    self._show_force(rest[:-6], focus.get(place))
                elif head == "forces" and rest in FORCES:
                    self._show_force_title(rest)
                elif place == "ansoff":
                    cells |= self._cells_touched(edit)
                elif place in self._where:
                    cells |= self._show_changed_item(place)
            for name in cells:
                self._show_cell(name, focus.get("ansoff"))
        self._show_counts()
        self._show_status()

    def _cells_touched(self, edit: Edit | None) -> set[str]:
        """The Ansoff quadrants whose options an edit of the list added, removed or reordered."""
        if isinstance(edit, Batch):
            return set().union(*(self._cells_touched(part) for part in edit.edits))
        if isinstance(edit, Insert) and edit.container == "ansoff":
            return {edit.item.quadrant}
        if isinstance(edit, Remove) and edit.container == "ansoff" and edit.item_id in self._where:
            return {self._where[edit.item_id]}
        return set(ANSOFF_QUADRANTS) if getattr(edit, "container", "") == "ansoff" else set()

    def _show_changed_item(self, item_id: str) -> set[str]:
        """One item's fields changed: redraw its row; an option that changed quadrant moves (the
        quadrants to fill again are returned)."""
        item, shown_in = self._items[item_id], self._where[item_id]
        if isinstance(item, AnsoffOption):
            if item.quadrant != shown_in:
                return {shown_in, item.quadrant}
            self.ansoff_list(shown_in).refresh_rows([item_id])
        else:
            self.force_list(shown_in).refresh_rows([item_id])
        return set()

    def _row(self, item_id: str) -> Content:
        item = self._items.get(item_id)
        if isinstance(item, ForceItem):
            return Content.assemble((rating_dots(item.weight), "dim"), " ", for_display(one_line(item.text)))
        if isinstance(item, AnsoffOption):
            links = f"  +{len(item.links)}" if item.links else ""
            return Content.assemble((f"risk {item.risk} ", "dim"), for_display(one_line(item.text)), (links, "dim"))
        return Content("")

    def _show_force(self, name: str, focus_id: str | None = None) -> None:
        force = self.stratbook.workbook.forces.forces[name]
        widget = self.force_list(name)
        for item in force.items:
            self._items[item.id] = item
            self._where[item.id] = name
        if force.items:
            widget.set_rows([item.id for item in force.items], keep=focus_id or widget.highlighted_id)
        else:
            widget.set_options([Option(Content.styled(FORCE_QUESTIONS[name], "dim italic"), disabled=True),
                                Option(Content.styled(f"{self.stratbook.shown_key('forces.add')} adds what drives it; r rates it.", "dim"), disabled=True)])
        self._show_force_title(name)

    def _show_force_title(self, name: str) -> None:
        force = self.stratbook.workbook.forces.forces[name]
        # The number and the bar here; the words in the corner and on the status line (room is short).
        number = str(force.rating) if force.rating is not None else "?"
        self.query_one(f"#title-{name}", Static).update(Content.assemble(
            (FORCE_TITLES[name], "bold"), f" {number} ", rating_dots(force.rating or 0),
        ), layout=False)

    def _show_cell(self, name: str, focus_id: str | None = None) -> None:
        options = [o for o in self.stratbook.workbook.ansoff if o.quadrant == name]
        widget = self.ansoff_list(name)
        for option in options:
            self._items[option.id] = option
            self._where[option.id] = name
        if options:
            widget.set_rows([o.id for o in options], keep=focus_id or widget.highlighted_id)
        else:
            widget.set_options([Option(Content.styled(ANSOFF_AXES[name], "dim italic"), disabled=True),
                                Option(Content.styled(f"Press {self.stratbook.shown_key('forces.ansoff.add')} to add a way to grow here.", "dim"), disabled=True)])
        self.query_one(f"#title-{name}", Static).update(Content.assemble(
            (ANSOFF_TITLES[name], "bold"), f"  {len(options):,}"), layout=False)

    def _show_counts(self) -> None:
        forces = self.stratbook.workbook.forces.forces
        rated = sum(1 for f in forces.values() if f.rating is not None)
        items = sum(len(f.items) for f in forces.values())
        self.query_one("#forces-count", Static).update(Content.assemble(
            f"{rated} of 5 rated\n{counted(items, 'item')}\n",
            (f"{counted(len(self.stratbook.workbook.ansoff), 'Ansoff option')} (x)", "dim"),
        ), layout=False)
        self.query_one("#forces-scale", Static).update(Content.assemble(
            ("Rating", "bold"), "\n", *(f"{n} {w}\n" for n, w in RATING_WORDS.items())), layout=False)
        self.query_one("#forces-keys", Static).update(Content.styled(
            "r rate  n notes\na add  e edit\n+ - weight\nx Ansoff\n* marks", "dim"), layout=False)

    def _show_status(self) -> None:
        """The line at the bottom: how many are marked, then the item under the cursor in full (the
        panels cut it short), with its weight or risk and links; on no item, the force's rating and
        notes or the quadrant."""
        show(self.query_one("#forces-status", Static), Content.assemble(*self._marks_note(), self._status_text()),
             layout=False)

    def _marks_note(self) -> list:
        """`2 marked: d + - act on them` for the view shown, and how many more the other view holds."""
        if not self.item_marks:
            return []
        options = len(self.marked_options())
        forces = len(self.item_marks) - options
        here, there = (options, forces) if self.showing_ansoff else (forces, options)
        parts: list = []
        if here:
            key = self.stratbook.shown_key
            keys = (f"{key('forces.ansoff.delete', 'd')} {key('forces.ansoff.move', 'm')} "
                    f"{key('forces.ansoff.risk_up', '+')} {key('forces.ansoff.risk_down', '-')} act on them"
                    if self.showing_ansoff else
                    f"{key('forces.delete', 'd')} {key('forces.weight_up', '+')} {key('forces.weight_down', '-')} "
                    "act on them")
            parts += [(f"{here:,} marked", "bold reverse"),
                      (f": {keys}; {key('forces.ansoff.unmark' if self.showing_ansoff else 'forces.unmark', 'U')} "
                       "unmarks  ", "dim")]
        if there:
            parts.append((f"+{there:,} marked in the {'five forces' if self.showing_ansoff else 'Ansoff matrix'} (x)  ",
                          "dim"))
        return parts

    def _status_text(self) -> Content:
        workbook = self.stratbook.workbook
        if self.showing_ansoff:
            option = self.selected_option()
            if option is None:
                return Content.styled(f"{ANSOFF_TITLES[self.current_cell]}: {ANSOFF_AXES[self.current_cell]}."
                                      f"  {self.stratbook.shown_key('forces.ansoff.add')} adds an option"
                                      "  x five forces", "dim")
            linked = [workbook.find(link) for link in option.links]
            names = ", ".join(one_line(getattr(i, "text", "") or getattr(i, "title", "") or "?", 30)
                              for i in linked if i is not None) or "none (L links)"
            return Content.assemble((f"risk {option.risk} {RISK_WORDS.get(option.risk, '')}", "bold"), glyphs.sep_text,
                                    for_display(one_line(option.text)), (f"{glyphs.sep_text}links: ", "dim"),
                                    for_display(names))
        force = workbook.forces.forces[self.current]
        show(self.query_one("#forces-detail", Static), Content.assemble(
            (FORCE_TITLES[self.current], "bold"), f": {rating_words(force.rating)}\n",
            (for_display(force.notes.strip()) if force.notes.strip() else (FORCE_QUESTIONS[self.current], "dim"))),
            layout=False)
        item = self.selected_item()
        if item is not None:
            return Content.assemble((f"weight {item.weight}", "bold"), glyphs.sep_text, for_display(one_line(item.text)))
        notes = one_line(force.notes, 60) if force.notes.strip() else "no notes yet (n)"
        return Content.assemble((f"{FORCE_TITLES[self.current]}: {rating_words(force.rating)}", "bold"),
                                "  ", for_display(notes))

    # -- moving about ----------------------------------------------------------------
    def watch_focused(self, focused: Widget | None) -> None:
        """The panel of the focused list is marked `-current` (styles/forces.tcss), at once, in
        the same frame as the focus. Only the panels of that list's board change: the other
        board is hidden, and keeps its mark for when `x` shows it again with the same list
        focused (a panel restyled is its title, its list and the list's scroll bars)."""
        if isinstance(focused, ForceList | AnsoffList):
            kind = "force" if isinstance(focused, ForceList) else "ansoff-cell"
            for panel in self.query(f".{kind}"):
                panel.set_class(panel is focused.parent, "-current")
        else:  # the focus is on nothing on the board: no panel is marked
            for panel in self.query(".force, .ansoff-cell"):
                panel.remove_class("-current")

    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        widget = event.widget
        if widget is not self.focused:
            return
        if isinstance(widget, ForceList):
            self.current = widget.force
        elif isinstance(widget, AnsoffList):
            self.current_cell = widget.quadrant
        if isinstance(widget, (ForceList, AnsoffList)) and widget.highlighted is None and widget.option_count \
                and not widget.options[0].disabled:
            widget.highlighted = 0
        self._show_status()

    @on(OptionList.OptionHighlighted)
    def _highlight_moved(self, event: OptionList.OptionHighlighted) -> None:
        self._show_status()

    def board_edge(self, widget: OptionList, direction: str) -> None:
        """The cursor hit an edge of a panel: go on to the neighbouring one."""
        if isinstance(widget, ForceList):
            name = FORCE_NEIGHBOURS[widget.force].get(direction)
            target: OptionList | None = self.force_list(name) if name else None
        else:
            name = ANSOFF_NEIGHBOURS[widget.quadrant].get(direction)  # type: ignore[attr-defined]
            target = self.ansoff_list(name) if name else None
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
        self.set_focus(target)  # at once: a key typed straight after acts on the new panel

    def action_next_panel(self, step: int) -> None:
        self._sync_current()
        index = (TAB_ORDER.index(self.current) + step) % len(TAB_ORDER)
        self.set_focus(self.force_list(TAB_ORDER[index]))

    def action_next_cell(self, step: int) -> None:
        self._sync_current()
        index = (ANSOFF_QUADRANTS.index(self.current_cell) + step) % len(ANSOFF_QUADRANTS)
        self.set_focus(self.ansoff_list(ANSOFF_QUADRANTS[index]))

    def action_switch_tool(self) -> None:
        self._switch(not self.showing_ansoff)

    def _switch(self, ansoff: bool) -> None:
        self.query_one("#forces-views", ContentSwitcher).current = "ansoff-board" if ansoff else "forces-board"
        target = self.ansoff_list(self.current_cell) if ansoff else self.force_list(self.current)
        for shown in self.query(AnsoffList if ansoff else ForceList):
            if shown is not target:  # (the target is styled as it takes the focus)
                shown.restyle_if_due()
        # Focus at once, not after the refresh: a key typed straight after `x` acts on the new view.
        self.set_focus(target)
        self._show_status()

    def cursor_ref(self) -> str | None:
        if self.showing_ansoff:
            option = self.selected_option()
            return option.id if option is not None else None
        item = self.selected_item()
        return item.id if item is not None else f"{FORCE_REF}{self.current}"

    def focus_item(self, item_id: str) -> bool:
        """A force item or an Ansoff option by id; a force (`forces.rivalry`: its notes are the
        search's hits) on its list."""
        if item_id.startswith(FORCE_REF) and item_id[len(FORCE_REF):] in FORCES:
            self.current = item_id[len(FORCE_REF):]
            self._switch(ansoff=False)
            return True
        workbook = self.stratbook.workbook
        force = workbook.force_of(item_id)
        option = next((o for o in workbook.ansoff if o.id == item_id), None)
        if force is None and (option is None or option.quadrant not in ANSOFF_QUADRANTS):
            return False
        if force is not None:
            self.current = force
            self._show_force(force, item_id)
            self._switch(ansoff=False)
            return True
        self.current_cell = option.quadrant
        self._switch(ansoff=True)
        widget = self.ansoff_list(option.quadrant)
        index = widget.index_of(item_id)
        if index is not None:
            widget.highlighted = index
        self._show_status()
        return True

    # -- marks: the keys are on the lists (tui/screens/marking.py); the bulk actions below -------
    def marked_force_items(self) -> list[tuple[str, ForceItem]]:
        """(force, item) of every marked force item, in the forces' order."""
        if not self.item_marks:
            return []
        return [(name, item) for name in FORCES for item in self.marked_in(self.stratbook.workbook.forces.forces[name].items)]

    def marked_options(self) -> list[AnsoffOption]:
        return self.marked_in(self.stratbook.workbook.ansoff)

    def show_marks(self) -> None:
        self._show_status()

    def _set_each_marked(self, items: list, field: str, delta: int, label: str) -> None:
        """`field` (1 to 5) of every marked item moved by `delta`: one edit, one undo."""
        changed = [SetFields(item.id, {field: value}, label) for item in items
                   if (value := max(1, min(5, getattr(item, field) + delta))) != getattr(item, field)]
        if not changed:
            self.notify(f"Their {field}s are already {'5' if delta > 0 else '1'}.", markup=False, timeout=2)
            return
        if self.stratbook.apply(SetEach(tuple(changed), f"{label} ({counted(len(changed), 'item')})")):
            self.notify(f"{label.capitalize()}: {counted(len(changed), 'marked item')}. {self.stratbook.key_named('app.undo')} undoes it.",
                        markup=False, timeout=3)

    def _delete_marked(self, places: list[tuple[str, str]], what: str) -> None:
        """Every marked item at `places` ((list, id) each), after one question: one edit."""
        said = counted(len(places), f"marked {what}")
        self.delete_items(RemoveAll(tuple(Remove(container, item_id, f"delete {said}") for container, item_id in places),
                                    f"delete {said}"),
                          [item_id for _, item_id in places], said, also=f"Every marked {what} goes.")

    # -- the forces ------------------------------------------------------------------
    def action_add_item(self) -> None:
        self._sync_current()
        name = self.current
        form = FormDialog(f"Add to {FORCE_TITLES[name].lower()}", [
            Field("text", "What drives it", "text", "", required=True, hint=FORCE_QUESTIONS[name], takes_list=True),
            Field("weight", "Weight", "rating", 3, hint="How much it adds to the force; + and - change it later."),
        ])

        def adding(result: dict) -> Edit | None:
            taken = self.stratbook.workbook.ids()
            edits: list[Edit] = []
            container = f"forces.{name}.items"
            at = len(self.stratbook.workbook.forces.forces[name].items)
            for row in form_rows(result, "text"):
                text = row["text"].strip()
                if not text:
                    continue
                item = ForceItem(new_id("frc", taken), text, row["weight"])
                taken.add(item.id)
                edits.append(Insert(container, at + len(edits), item, f"add to {FORCE_TITLES[name].lower()}"))
            return one_edit(edits, f"add {len(edits)} to {FORCE_TITLES[name].lower()}")

        def added(result: dict | None) -> None:
            if result and (edit := adding(result)) is not None:
                self.stratbook.apply(edit)

        self.app.push_screen(form.keeping(adding), added)

    def action_edit_item(self) -> None:
        item = self.selected_item()
        if item is None:
            self.action_add_item()
            return
        form = FormDialog(f"Edit: {FORCE_TITLES[self.current].lower()}", [
            Field("text", "What drives it", "long", item.text, required=True, hint=FORCE_QUESTIONS[self.current]),
            Field("weight", "Weight", "rating", item.weight, hint="On the board, + and - change it too."),
        ])

        def editing(result: dict) -> Edit | None:
            result = {**result, "text": result["text"].strip()}
            changes = {key: value for key, value in result.items() if getattr(item, key) != value}
            return SetFields(item.id, changes, "edit force item") if changes else None

        def edited(result: dict | None) -> None:
            if result and (edit := editing(result)) is not None:
                self.stratbook.apply(edit)

        self.app.push_screen(form.keeping(editing), edited)

    def action_delete_item(self) -> None:
        if marked := self.marked_force_items():
            self._delete_marked([(f"forces.{name}.items", item.id) for name, item in marked], "force item")
            return
        item = self.selected_item()
        if item is not None:
            self.delete_items(Remove(f"forces.{self.current}.items", item.id, "delete force item"), [item.id],
                              "force item")

    def action_weight(self, delta: int) -> None:
        if marked := self.marked_force_items():
            self._set_each_marked([item for _, item in marked], "weight", delta,
                                  "weight up" if delta > 0 else "weight down")
            return
        item = self.selected_item()
        if item is None:
            return
        weight = max(1, min(5, item.weight + delta))
        if weight != item.weight:
            self.stratbook.apply(SetFields(item.id, {"weight": weight}, "change weight"),
                                 merge_key=f"forces.weight.{item.id}")

    def action_reorder(self, delta: int) -> None:
        self._reorder(f"forces.{self.current}.items", self.stratbook.workbook.forces.forces[self.current].items,
                      self.selected_item(), delta)

    def _reorder(self, container: str, items: list, item, delta: int) -> None:
        if item is None:
            return
        ids = [i.id for i in items]
        index = ids.index(item.id)
        target = index + delta
        if 0 <= target < len(ids):
            ids[index], ids[target] = ids[target], ids[index]
            self.stratbook.apply(Reorder(container, tuple(ids), "move up" if delta < 0 else "move down"))

    def action_rate(self) -> None:
        self._sync_current()
        name = self.current
        force = self.stratbook.workbook.forces.forces[name]
        form = FormDialog(f"Rate {FORCE_TITLES[name].lower()}", [
            Field("rating", "How hard it presses on us", "rating", force.rating or 3, choices=("weak", "intense"),
                  hint=FORCE_QUESTIONS[name]),
        ])

        def rating(result: dict) -> Edit | None:
            if result["rating"] == force.rating:
                return None
            return SetFields(f"forces.{name}", {"rating": result["rating"]}, f"rate {FORCE_TITLES[name].lower()}")

        def rated(result: dict | None) -> None:
            if result and (edit := rating(result)) is not None:
                self.stratbook.apply(edit)

        self.app.push_screen(form.keeping(rating), rated)

    def action_notes(self) -> None:
        self._sync_current()
        name = self.current
        force = self.stratbook.workbook.forces.forces[name]
        form = FormDialog(f"Notes: {FORCE_TITLES[name].lower()}", [
            Field("notes", "Notes", "long", force.notes, hint="Evidence, sources, why this rating."),
        ])

        def noting(result: dict) -> Edit | None:
            if result["notes"] == force.notes:
                return None
            return SetFields(f"forces.{name}", {"notes": result["notes"]}, f"notes of {FORCE_TITLES[name].lower()}")

        def noted(result: dict | None) -> None:
            if result is not None and (edit := noting(result)) is not None:
                self.stratbook.apply(edit)

        self.app.push_screen(form.keeping(noting), noted)

    # -- the Ansoff matrix -----------------------------------------------------------
    def _option_fields(self, option: AnsoffOption | None, quadrant: str) -> list[Field]:
        return [
            Field("text", "Option", "long", option.text if option else "", required=True),
            Field("risk", "Risk", "rating", option.risk if option else 3, choices=("low", "very high")),
            Field("quadrant", "Quadrant", "choice", quadrant, choices=ANSOFF_QUADRANTS, labels=ANSOFF_TITLES,
                  hints={name: f"{ANSOFF_TITLES[name]}: {ANSOFF_AXES[name]}." for name in ANSOFF_QUADRANTS}),
        ]

    def action_add_option(self) -> None:
        self._sync_current()
        quadrant = self.current_cell

        def adding(result: dict) -> Insert | None:
            if not result["text"].strip():
                return None
            option = AnsoffOption(new_id("ans", self.stratbook.workbook.ids()), result["quadrant"],
                                  result["text"].strip(), result["risk"])
            return Insert("ansoff", len(self.stratbook.workbook.ansoff), option, "add Ansoff option")

        def added(result: dict | None) -> None:
            if not result or (edit := adding(result)) is None:
                return
            self.current_cell = edit.item.quadrant
            self.stratbook.apply(edit)
            self.focus_item(edit.item.id)

        self.app.push_screen(FormDialog("Add an Ansoff option", self._option_fields(None, quadrant)).keeping(adding),
                             added)

    def action_edit_option(self) -> None:
        option = self.selected_option()
        if option is None:
            self.action_add_option()
            return

        def editing(result: dict) -> Edit | None:
            result = {**result, "text": result["text"].strip()}
            changes = {key: value for key, value in result.items() if getattr(option, key) != value}
            return SetFields(option.id, changes, "edit Ansoff option") if changes else None

        def edited(result: dict | None) -> None:
            if result and (edit := editing(result)) is not None:
                self.stratbook.apply(edit)
                self.focus_item(option.id)

        self.app.push_screen(FormDialog("Edit the Ansoff option",
                                        self._option_fields(option, option.quadrant)).keeping(editing), edited)

    def action_delete_option(self) -> None:
        if marked := self.marked_options():
            self._delete_marked([("ansoff", option.id) for option in marked], "Ansoff option")
            return
        option = self.selected_option()
        if option is not None:
            self.delete_items(Remove("ansoff", option.id, "delete Ansoff option"), [option.id], "Ansoff option")

    def action_risk(self, delta: int) -> None:
        if marked := self.marked_options():
            self._set_each_marked(marked, "risk", delta, "risk up" if delta > 0 else "risk down")
            return
        option = self.selected_option()
        if option is None:
            return
        risk = max(1, min(5, option.risk + delta))
        if risk != option.risk:
            self.stratbook.apply(SetFields(option.id, {"risk": risk}, "change risk"),
                                 merge_key=f"forces.risk.{option.id}")

    def action_move_option(self) -> None:
        """The marked options (or the one under the cursor) to a quadrant chosen in a dialog: one edit.
        (The edit form's quadrant field does the same for one option.)"""
        options = self.marked_options() or [o for o in [self.selected_option()] if o is not None]
        if not options:
            return
        here = {o.quadrant for o in options}
        keys = {quadrant: str(n) for n, quadrant in enumerate(ANSOFF_QUADRANTS, 1)}
        answers = [(keys[q], ANSOFF_TITLES[q] + (f" ({sum(1 for o in options if o.quadrant == q)} there now)"
                                                  if q in here and len(options) > 1 else ""))
                   for q in ANSOFF_QUADRANTS if len(options) > 1 or q not in here]
        what = counted(len(options), "marked option") if self.marked_options() else "the option"
        dialog = ConfirmDialog(f"Move {what}", f"Move {what} to which quadrant?", answers,
                               default=keys[next((q for q in ANSOFF_QUADRANTS if q not in here), ANSOFF_QUADRANTS[0])])

        def chosen(key: str | None) -> None:
            target = next((q for q, k in keys.items() if k == key), None)
            if target is None:
                return
            moving = [SetFields(o.id, {"quadrant": target}, f"move to {target}") for o in options
                      if o.quadrant != target]
            if not moving:
                self.notify(f"They are all in {ANSOFF_TITLES[target]} already.", markup=False, timeout=3)
                return
            label = f"move {counted(len(moving), 'option')} to {target}"
            if self.stratbook.apply(moving[0] if len(moving) == 1 else SetEach(tuple(moving), label)):
                self.current_cell = target
                if len(options) == 1:
                    self.focus_item(options[0].id)
                self.notify(f"Moved {counted(len(moving), 'option')} to {ANSOFF_TITLES[target]}. {self.stratbook.key_named('app.undo')} puts "
                            f"{'it' if len(moving) == 1 else 'them'} back.", markup=False, timeout=3)

        self.app.push_screen(dialog, chosen)

    def action_reorder_option(self, delta: int) -> None:
        option = self.selected_option()
        if option is None:
            return
        ansoff = self.stratbook.workbook.ansoff
        same = [o for o in ansoff if o.quadrant == option.quadrant]
        index = same.index(option)
        if not 0 <= index + delta < len(same):
            return
        other = same[index + delta]
        ids = [o.id for o in ansoff]
        a, b = ids.index(option.id), ids.index(other.id)
        ids[a], ids[b] = ids[b], ids[a]
        self.stratbook.apply(Reorder("ansoff", tuple(ids), "move up" if delta < 0 else "move down"))

    def action_link_option(self) -> None:
        option = self.selected_option()
        if option is None:
            return
        workbook = self.stratbook.workbook
        items = [PickItem(i.id, i.text, name.capitalize(), rating_dots(i.weight))
                 for name in QUADRANTS for i in workbook.swot.quadrant(name)]
        items += [PickItem(g.id, g.title or "(untitled goal)", "Goals") for g in workbook.goals]
        known = {i.id for i in items}

        def linking(ids: list[str]) -> SetFields | None:
            # Links to ids not offered here (a hand edit's) stay as they were.
            links = [link for link in option.links if link not in known] + ids
            return SetFields(option.id, {"links": links}, "links of Ansoff option") if links != option.links else None

        def chosen(ids: list[str] | None) -> None:
            if ids is not None and (edit := linking(ids)) is not None:
                self.stratbook.apply(edit)

        self.app.push_screen(PickerDialog(f"Links: {one_line(option.text, 50)}", items, option.links,
                                          hint="The SWOT items it draws on and the goals it serves.").keeping(linking),
                             chosen)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("weight", "delete_item") and self.marked_force_items():
            return True
        if action in ("risk", "delete_option", "move_option") and self.marked_options():
            return True
        if action in ("weight", "reorder", "delete_item") and self.selected_item() is None:
            return False
        if action in ("risk", "reorder_option", "delete_option", "link_option", "move_option") \
                and self.selected_option() is None:
            return False
        return True

    def section_commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Five forces: rate the force", "How hard the focused force presses on us", self.action_rate),
            ("Ansoff matrix", "Switch between the five forces and the Ansoff matrix", self.action_switch_tool),
        ]
