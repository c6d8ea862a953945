"""Marking items in a section's lists, to act on many at once (delete, move, set a field).

Every section screen holds one `Marks` (the ids of its marked items) and the keys' actions
(`*` marks the item under the cursor, `M` every item the list shows, `U` clears); the lists
draw a `*` column while anything is marked (tui/widgets/lines.py, tui/widgets/goal_table.py).
A list takes part with one line in its BINDINGS: `*mark_keys("<section>")` (tui/keymap.py).
Marks are kept by id, so they survive filters, sorting and moves; an item deleted loses its
mark. A section says which of its lines are items (`can_mark`) and shows the count
(`show_marks`); its bulk actions read `marked_ids`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from textual.widget import Widget
from textual.widgets import OptionList

from tui.model.edits import Batch, Edit, Insert, Remove, SetEach, SetFields
from tui.model.text import counted

if TYPE_CHECKING:
    from tui.app import StratbookApp


class Marks:
    """The marked items of one section, by id, in the order they were marked."""

    def __init__(self) -> None:
        self._ids: dict[str, None] = {}

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)

    def __bool__(self) -> bool:
        return bool(self._ids)

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._ids))

    def toggle(self, item_id: str) -> bool:
        """Mark or unmark; True when it is marked now."""
        if item_id in self._ids:
            del self._ids[item_id]
            return False
        self._ids[item_id] = None
        return True

    def add(self, item_ids: Iterable[str]) -> None:
        self._ids.update(dict.fromkeys(item_ids))

    def discard(self, item_ids: Iterable[str]) -> list[str]:
        """Unmark these; returns those that were marked."""
        gone = [item_id for item_id in item_ids if item_id in self._ids]
        for item_id in gone:
            del self._ids[item_id]
        return gone

    def clear(self) -> None:
        self._ids.clear()

    def keep_only(self, existing: set[str]) -> list[str]:
        """Unmark ids not in `existing`; returns them."""
        return self.discard([item_id for item_id in self._ids if item_id not in existing])


def removed_ids(edit: Edit | None) -> set[str]:
    """Ids an edit took out of the workbook (a move takes out and puts back: not counted)."""
    taken: set[str] = set()
    put: set[str] = set()

    def walk(batch: Batch) -> None:
        for part in batch.edits:
            if isinstance(part, Remove):
                taken.add(part.item_id)
            elif isinstance(part, Insert):
                put.add(getattr(part.item, "id", ""))
            elif isinstance(part, Batch):
                walk(part)

    if isinstance(edit, Batch):
        walk(edit)
    elif isinstance(edit, Remove):
        taken.add(edit.item_id)
    return taken - put


def row_ids(widget: Widget) -> list[str]:
    """The ids of the lines a list shows, in order (OptionList or RowTable)."""
    if isinstance(widget, OptionList):
        return [option.id for option in widget.options if option.id is not None and not option.disabled]
    rows = getattr(widget, "rows", None)
    return [key for key, _ in rows] if rows is not None else []


def cursor_id(widget: Widget) -> str | None:
    if isinstance(widget, OptionList):
        option = widget.highlighted_option
        return None if option is None or option.disabled else option.id
    return getattr(widget, "cursor_key", None)


def step_down(widget: Widget) -> None:
    """The cursor to the next line of the list, if there is one (never into another list)."""
    if isinstance(widget, OptionList):
        index = widget.highlighted
        if index is None:
            return
        for after in range(index + 1, widget.option_count):
            if not widget.options[after].disabled:
                widget.highlighted = after
                return
    elif hasattr(widget, "cursor") and widget.cursor < len(getattr(widget, "rows", ())) - 1:
        widget.cursor += 1


def redraw_marks(widget: Widget, item_ids: Iterable[str] | None = None) -> None:
    """Draw the lines of these items again (all lines: None) so their mark shows."""
    refresh_rows = getattr(widget, "refresh_mark_rows", None)
    if refresh_rows is not None:
        refresh_rows(item_ids)
    else:
        widget.refresh()


class Marking:
    """The marking half of a section screen (see the module's docstring)."""

    stratbook: StratbookApp
    item_marks: Marks

    def marking_commands(self) -> list[tuple[str, str, object]]:
        """The marking keys in the command palette, where the section has lists that mark."""
        if not any(isinstance(b.action, str) and b.action == "screen.toggle_mark"
                   for widget in self.mark_lists() for bindings in widget._bindings.key_to_bindings.values()
                   for b in bindings):
            return []
        return [
            ("Mark the item", "Mark or unmark the item under the cursor; d, m, e then act on every marked item",
             self.action_toggle_mark),
            ("Mark every item shown", "Every item the list shows (under its filter)", self.action_mark_all),
            ("Unmark all", "Every marked item of this section", self.action_unmark_all),
        ]

    def can_mark(self, row_id: str) -> bool:
        """Whether a line of a list is an item that can be marked (not a heading)."""
        return ":" not in row_id

    def mark_lists(self) -> list[Widget]:
        """The lists of this section that draw marks."""
        from tui.widgets.goal_table import RowTable
        from tui.widgets.lines import MarkedOptionList

        return [widget for widget in self.query("*")  # type: ignore[attr-defined]
                if isinstance(widget, (MarkedOptionList, RowTable)) and getattr(widget, "shows_marks", True)]

    def marked_ids(self, among: Iterable[str] | None = None) -> list[str]:
        """The marked ids, in `among`'s order if given (e.g. file order), else in the order marked."""
        if among is None:
            return list(self.item_marks)
        return [item_id for item_id in among if item_id in self.item_marks]

    def marked_in(self, items: Iterable) -> list:
        """Those of `items` that are marked, in their order."""
        return [item for item in items if item.id in self.item_marks] if self.item_marks else []

    @staticmethod
    def hidden_note(items: Iterable, shown: Callable[[object], bool]) -> str:
        """` (3 of them hidden by the filter)` for the marked items the list does not show, so that
        a bulk action never acts on items out of sight unsaid."""
        hidden = sum(1 for item in items if not shown(item))
        return f" ({hidden:,} of them hidden by the filter)" if hidden else ""

    def edit_marked_fields(self, marked: Callable[[], list], what: str, statuses: tuple[str, ...],
                           shown: Callable[[object], bool], focus: str) -> None:
        """Owner, due date and status of every marked goal or tactic (`what`), in one form and one edit."""
        from tui.model import dates
        from tui.model.goals import owners
        from tui.modals.goal_forms import bulk_changes, bulk_form

        items, today = marked(), dates.today()

        def setting(result: dict) -> SetEach | None:
            return self.edit_on_marked(marked(), changes, what) if (changes := bulk_changes(result, today)) else None

        def done(result: dict | None) -> None:
            if result and (changes := bulk_changes(result, today)):
                self.set_on_marked(marked(), changes, what)

        form = bulk_form(f"{counted(len(items), 'marked ' + what)}{self.hidden_note(items, shown)}",
                         statuses, today, self.stratbook.derived(owners), focus)
        self.stratbook.push_screen(form.keeping(setting), done)

    def show_marks(self) -> None:
        """Show how many are marked (a list's title or the status line). Sections override it."""

    def marks_changed(self, item_ids: Iterable[str] | None = None) -> None:
        """Redraw what shows the marks: the lines of `item_ids` (all: None) and the count. The
        `*` column comes and goes with the first and last mark, so then every line is drawn."""
        whole = item_ids is None or len(self.item_marks) <= 1
        for widget in self.mark_lists():
            redraw_marks(widget, None if whole else item_ids)
        self.show_marks()

    def _mark_list(self) -> Widget | None:
        focused = self.focused  # type: ignore[attr-defined]
        return focused if focused in self.mark_lists() else None

    def mark_key(self) -> str:
        """The key that marks here, as the user's keymap has it (`*` unless moved)."""
        return self.stratbook.key_of("screen.toggle_mark") or "*"

    def action_toggle_mark(self) -> None:
        widget = self._mark_list()
        item_id = cursor_id(widget) if widget is not None else None
        if item_id is None or not self.can_mark(item_id):
            self.stratbook.notify(f"Move to an item first: {self.mark_key()} marks the item under the cursor.", markup=False,
                                  timeout=3)
            return
        self.item_marks.toggle(item_id)
        step_down(widget)
        self.marks_changed([item_id])

    def action_mark_all(self) -> None:
        widget = self._mark_list()
        shown = [row for row in row_ids(widget) if self.can_mark(row)] if widget is not None else []
        if not shown:
            self.stratbook.notify("This list shows no items to mark.", markup=False, timeout=3)
            return
        if all(item_id in self.item_marks for item_id in shown):
            self.item_marks.discard(shown)
            self.stratbook.notify(f"Unmarked the {counted(len(shown), 'item')} shown.", markup=False, timeout=2)
        else:
            self.item_marks.add(shown)
            self.stratbook.notify(f"Marked the {counted(len(shown), 'item')} shown ({len(self.item_marks):,} marked "
                                  "in all). U unmarks.", markup=False, timeout=3)
        self.marks_changed(None)

    def action_unmark_all(self) -> None:
        if not self.item_marks:
            self.stratbook.notify(f"Nothing is marked: {self.mark_key()} marks the item under the cursor.", markup=False,
                                  timeout=2)
            return
        count = len(self.item_marks)
        self.item_marks.clear()
        self.marks_changed(None)
        self.stratbook.notify(f"Unmarked {counted(count, 'item')}.", markup=False, timeout=2)

    @staticmethod
    def edit_on_marked(items: list, changes: dict, what: str) -> SetEach | None:
        """The edit that sets `changes` on every one of `items` that differs, or None: none does."""
        edits = []
        for item in items:
            differing = {name: value for name, value in changes.items() if getattr(item, name) != value}
            if differing:
                edits.append(SetFields(item.id, differing))
        if not edits:
            return None
        said = ", ".join(f"{name} {value or 'none'}" for name, value in changes.items())
        return SetEach(tuple(edits), f"{said} on {counted(len(edits), what)}")

    def set_on_marked(self, items: list, changes: dict, what: str) -> bool:
        """Set `changes` on every one of `items` (the marked ones) that differs: one edit, one undo.
        `what` names one of them in the message and the undo label ("tactic")."""
        edit = self.edit_on_marked(items, changes, what)
        if edit is None:
            self.stratbook.notify(f"Nothing to change: the marked {what}s are so already.", markup=False, timeout=3)
            return False
        if not self.stratbook.apply(edit):
            return False
        said = ", ".join(f"{name} {value or 'none'}" for name, value in changes.items())
        self.stratbook.notify(f"Set {said} on {counted(len(edit.edits), 'marked ' + what)}. {self.stratbook.key_named('app.undo')} undoes it.",
                              markup=False, timeout=3)
        return True

    def drop_gone_marks(self, edit: Edit | None) -> None:
        """After an edit: unmark the items it deleted (None: anything may be gone, check them all)."""
        if not self.item_marks:
            return
        gone = (self.item_marks.keep_only(self.stratbook.workbook.ids()) if edit is None
                else self.item_marks.discard(removed_ids(edit)))
        if gone:
            self.marks_changed(None)
