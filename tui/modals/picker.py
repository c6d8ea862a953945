"""Pick some items from a long list: a search box over a list of items to tick.

`ItemPicker` is the widget (use it inside any dialog); `PickerDialog` is a
ready-made dialog around it that returns the ticked ids. Both stay quick at
thousands of items: the list is a `LazyOptionList` (one line per row, drawn only
when on screen), and searching only swaps rows.

Keys: arrows or j/k move, space ticks, `/` searches (enter or down goes back to
the list, esc clears the search), enter or ctrl+s saves, esc cancels. With
`single=True` it is a choice of one: no tick boxes, enter (or space) takes the
highlighted item, also straight from the search box; the item given as selected is
the current choice, marked "(now)", and the cursor starts on it.

    items = [PickItem("str-4hq7", "Two patents of our own", group="Strengths", detail="●●●●○"), ...]
    app.push_screen(PickerDialog("Link items", items, selected={"str-4hq7"}).keeping(linking), callback)
    # callback receives the ticked ids in the order of `items`, or None if cancelled; `linking`
    # makes the edit of ticked ids that callback makes (kept for recovery, see KeepsItsEdit)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.widgets import Input, Static

from tui.keymap import key_in_effect
from tui.modals.confirm import close_unless_kept
from tui.modals.dialog import BOX, FOOT, TITLE, Dialog, KeepsItsEdit
from tui.model.text import one_line
from tui.widgets.lines import LazyOptionList, RowOption, distinct
from tui.widgets.safe import SafeInput


@dataclass(frozen=True, slots=True)
class PickItem:
    """One item that can be ticked."""

    id: str
    label: str
    """The item's text (user text: shown literally, on one line)."""
    group: str = ""
    """The heading it is listed under; items of a group should be next to each other."""
    detail: str = ""
    """A short prefix, e.g. a weight drawn as dots."""


_HEADING = "\x00group:"  # row ids that cannot clash with an item id
_NOTHING = "\x00nothing"


class PickList(LazyOptionList):
    """The list of an ItemPicker: space ticks the highlighted item."""

    BINDINGS = [
        Binding("space", "toggle", "Tick", id="picker.toggle", tooltip="Tick or untick the highlighted item"),
        Binding("slash", "search", "Search", id="picker.search", tooltip="Type to show only matching items"),
        Binding("enter", "submit", "Save", id="picker.submit", show=False),
        Binding("j", "cursor_down", "Down", show=False, id="picker.cursor_down"),
        Binding("k", "cursor_up", "Up", show=False, id="picker.cursor_up"),
    ]

    def make_option(self, row_id: str, disabled: bool = False) -> RowOption:
        return super().make_option(row_id, disabled or row_id.startswith("\x00"))

    def action_toggle(self) -> None:
        if self.parent_picker.single:
            self.action_submit()  # a choice of one: space takes it, like enter
            return
        option = self.highlighted_option
        if option is not None and option.id is not None and not option.disabled:
            self.parent_picker.toggle(option.id)

    def action_search(self) -> None:
        self.parent_picker.query_one(".picker-search", Input).focus()

    def action_submit(self) -> None:
        self.parent_picker.post_message(ItemPicker.Submitted(self.parent_picker))

    @property
    def parent_picker(self) -> ItemPicker:
        return self.query_ancestor(ItemPicker)


class ItemPicker(Vertical):
    """A search box over a list of items, each ticked or not."""

    DEFAULT_CSS = """
    ItemPicker { height: 1fr; }
    ItemPicker > .picker-search { height: 1; margin-bottom: 0; background: $boost; }
    ItemPicker > PickList {
        height: 1fr; border: none; padding: 0; background: $boost;
        text-wrap: nowrap; text-overflow: ellipsis;
        &:focus { border: none; }
    }
    """

    class PickerMessage(Message):
        def __init__(self, picker: ItemPicker) -> None:
            super().__init__()
            self.picker = picker

        @property
        def control(self) -> ItemPicker:
            return self.picker

    class Changed(PickerMessage):
        """An item was ticked or unticked."""

    class Submitted(PickerMessage):
        """Enter was pressed in the list: the dialog should save."""

    def __init__(self, items: Sequence[PickItem], selected: Iterable[str] = (), *, single: bool = False,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.single = single
        """A choice of one: rows without tick boxes; the dialog takes the highlighted item."""
        self._take_items(items, selected)

    def _take_items(self, items: Sequence[PickItem], selected: Iterable[str]) -> None:
        # Rows are keyed by item id and by group heading: each id once, and each group's items
        # together under one heading, whatever order the caller gave them in.
        items = distinct(items, key=lambda item: item.id)
        groups = {group: rank for rank, group in enumerate(dict.fromkeys(item.group for item in items))}
        self.items = sorted(items, key=lambda item: groups[item.group])
        known = {item.id for item in self.items}
        self.selected: set[str] = {item_id for item_id in selected if item_id in known}
        self.started_empty = not self.selected
        """Nothing was ticked when it opened: until a tick changes, enter may take the highlighted item."""
        self.changed = False
        self.needle = ""
        self._by_id = {item.id: item for item in self.items}

    def show_items(self, items: Sequence[PickItem], selected: Iterable[str] = ()) -> None:
        """Show these items, these ticked, as a new picker would: no search, the cursor on the
        first item or the current choice (a picker kept for another list, see PickerDialog.take)."""
        shown, ticked = self.items, self.selected
        self._take_items(items, selected)
        search = self.query_one(".picker-search", SafeInput)
        with search.prevent(Input.Changed):
            search.reset("")
        picklist = self.picklist
        if self.items == shown:  # the same rows (the same risk's picker, or another's): drawn
            changed = ticked ^ self.selected  # again are only those ticked otherwise, and their headings
            picklist.refresh_rows([*changed, *{_HEADING + self._by_id[item_id].group for item_id in changed}])
            picklist.highlighted = None  # from the top, as a new picker
        else:
            picklist.clear_options()  # rows of the same id may be drawn differently now
        self._show()
        picklist.scroll_to(y=0, animate=False, immediate=True)
        self._to_current_choice()

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder="/ search", compact=True, classes="picker-search")
        yield PickList(self._row, classes="picker-list")

    def on_mount(self) -> None:
        self._show()
        self._to_current_choice()

    def _to_current_choice(self) -> None:
        if self.single and self.selected:  # start on the current choice, so enter keeps it
            self.picklist.highlight_id(next(iter(self.selected)))

    # -- reading ------------------------------------------------------------------
    @property
    def selected_ids(self) -> list[str]:
        """The ticked ids, in the order of the items."""
        return [item.id for item in self.items if item.id in self.selected]

    def count(self, group: str) -> int:
        """How many items of `group` are ticked."""
        return sum(1 for item in self.items if item.group == group and item.id in self.selected)

    @property
    def picklist(self) -> PickList:
        return self.query_one(PickList)

    # -- changing -------------------------------------------------------------------
    def toggle(self, item_id: str) -> None:
        if item_id in self.selected:
            self.selected.discard(item_id)
        else:
            self.selected.add(item_id)
        self.changed = True
        self.picklist.refresh_rows([item_id, _HEADING + self._by_id[item_id].group])
        self.post_message(self.Changed(self))

    def tick(self, item_id: str) -> None:
        """Tick an item (nothing happens if it is ticked already)."""
        if item_id not in self.selected:
            self.toggle(item_id)

    # -- showing --------------------------------------------------------------------
    def _row(self, row_id: str) -> Content:
        if row_id == _NOTHING:
            return Content.styled(f"Nothing matches {one_line(self.needle, 40)!r}.", "dim")
        if row_id.startswith(_HEADING):
            group = row_id[len(_HEADING):]
            if self.single:
                return Content.styled(one_line(group), "bold")
            total = sum(1 for item in self.items if item.group == group)
            return Content.assemble((one_line(group), "bold"), (f"  {self.count(group)} of {total} ticked", "dim"))
        item = self._by_id[row_id]
        parts: list = [] if self.single else [("[x] ", "bold") if item.id in self.selected else "[ ] "]
        if item.detail:
            parts += [(one_line(item.detail), "dim"), " "]
        parts.append(one_line(item.label, 400) or "(no text)")  # no terminal is wider
        if self.single and item.id in self.selected:  # in words, not a colour: it must read aloud too
            parts.append(("  (now)", "dim"))
        return Content.assemble(*parts)

    def _show(self) -> None:
        picklist = self.picklist
        folded = self.needle.casefold()
        rows: list[str] = []
        group = None
        for item in self.items:
            if folded and folded not in item.label.casefold():
                continue
            if item.group and item.group != group:
                group = item.group
                rows.append(_HEADING + group)
            rows.append(item.id)
        picklist.set_rows(rows or [_NOTHING], keep=picklist.highlighted_id)
        if not rows:
            picklist.refresh_rows([_NOTHING])  # it names the search, which changed
        option = picklist.highlighted_option
        if option is not None and option.disabled:  # on a heading: go to the first item below it
            picklist.highlighted = next((i for i, o in enumerate(picklist.options) if not o.disabled), None)

    @on(Input.Changed, ".picker-search")
    def _search(self, event: Input.Changed) -> None:
        event.stop()
        self.needle = event.value
        self._show()

    @on(Input.Submitted, ".picker-search")
    def _search_done(self, event: Input.Submitted) -> None:
        event.stop()
        option = self.picklist.highlighted_option
        if self.single and option is not None and not option.disabled:
            self.post_message(self.Submitted(self))  # typed enough to find it: take it
        else:
            self.picklist.focus()

    def on_key(self, event: Key) -> None:
        search = self.query_one(".picker-search", Input)
        if not search.has_focus:
            return
        if event.key == "down":
            event.stop()
            self.picklist.focus()
        elif event.key == "escape" and search.value:
            event.stop()
            event.prevent_default()
            search.value = ""
            self.picklist.focus()


class PickerDialog(KeepsItsEdit, Dialog[list[str] | None]):
    """Tick items in a searchable list; dismisses with the ticked ids, or None when cancelled.

    `check(ids)` may return a message that keeps the dialog open (e.g. "tick at least one").
    Opened with nothing ticked, enter takes the highlighted item, so picking one is one key; once
    a tick has changed (the last link unticked, say), enter saves exactly what is ticked.
    Ticks changed and not saved are kept as any unsaved work is (`KeepsItsEdit`), and esc asks
    before it throws them away; a single choice holds nothing until it is made.
    """

    edits_workbook = True  # a read-only workbook does not open it (StratbookApp.push_screen)

    DEFAULT_CSS = """
    PickerDialog #picker {
        width: 76; max-width: 100%; height: 22; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickerDialog #picker-title { text-style: bold; color: $accent; }
    PickerDialog #picker-hint, PickerDialog #picker-keys { color: $text-muted; }
    PickerDialog #picker-error { color: $error; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
        Binding("ctrl+s", "submit", "Save", id="picker.save", priority=True),
    ]

    def __init__(self, title: str, items: Sequence[PickItem], selected: Iterable[str] = (), *, hint: str = "",
                 check: Callable[[list[str]], str | None] | None = None, single: bool = False) -> None:
        super().__init__()
        self.single = single
        if single:
            self.keep = None  # one pick, taken at once: nothing held to keep
        self.dialog_title = title
        self.items = items
        self.initial = list(selected)
        self.hint = hint
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="picker", classes=BOX):
            with Vertical(classes=TITLE):  # the hint is held at the top with the title
                yield Static(Content(self.dialog_title), id="picker-title")
                if self.hint:
                    yield Static(Content(self.hint), id="picker-hint")
            yield ItemPicker(self.items, self.initial, single=self.single, id="picker-items")
            with Vertical(classes=FOOT):
                yield Static("", id="picker-error")
                k = key_in_effect
                keys = (f"{k('picker.submit')}: choose   {k('picker.search')}: search   {k('picker.cancel')}: cancel"
                        if self.single else
                        f"{k('picker.toggle')}: tick   {k('picker.search')}: search   "
                        f"{k('picker.submit')} or {k('picker.save')}: save   {k('picker.cancel')}: cancel")
                yield Static(Content(keys), id="picker-keys")

    def on_mount(self) -> None:
        self.query_one(ItemPicker).picklist.focus()

    def shape(self) -> tuple:
        return PickerDialog, self.single, bool(self.hint)

    def take(self, dialog: PickerDialog) -> None:  # type: ignore[override]
        self.dialog_title, self.items, self.initial = dialog.dialog_title, dialog.items, dialog.initial
        self.hint, self.check, self.keep = dialog.hint, dialog.check, dialog.keep
        self.query_one("#picker-title", Static).update(Content(self.dialog_title))
        if self.hint:
            self.query_one("#picker-hint", Static).update(Content(self.hint))
        self.query_one("#picker-error", Static).update("")
        picker = self.query_one(ItemPicker)
        picker.show_items(self.items, self.initial)
        picker.picklist.focus()

    @on(ItemPicker.Submitted)
    def _submitted(self, event: ItemPicker.Submitted) -> None:
        event.stop()
        picker = event.picker
        option = picker.picklist.highlighted_option
        if not picker.single and picker.started_empty and not picker.changed and option is not None \
                and option.id is not None and not option.disabled:
            picker.tick(option.id)
        self.action_submit()

    def action_submit(self) -> None:
        picker = self.query_one(ItemPicker)
        ids = picker.selected_ids
        if self.single:  # enter, space and ctrl+s all take the highlighted item
            option = picker.picklist.highlighted_option
            ids = [option.id] if option is not None and option.id is not None and not option.disabled else []
        problem = self.check(ids) if self.check is not None else None
        if self.single and not ids:
            problem = "Nothing to choose here: move to an item (a search may have hidden them all)."
        if problem:
            self.query_one("#picker-error", Static).update(Content(problem))
            return
        self.dismiss(ids)

    def ticks_changed(self) -> bool:
        """The ticks differ from those it opened with (links it does not offer aside)."""
        picker = self.query_one(ItemPicker)
        offered = {item.id for item in self.items}
        return not self.single and set(picker.selected_ids) != offered.intersection(self.initial)

    def held_result(self) -> list[str] | None:
        if not self.ticks_changed():
            return None
        ids = self.query_one(ItemPicker).selected_ids
        return ids if self.check is None or self.check(ids) is None else None

    def action_cancel(self) -> None:
        close_unless_kept(self, self.ticks_changed(), "the ticks you changed")
