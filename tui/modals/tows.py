"""Create or edit a TOWS strategy: tick items from the cell's two quadrants, write the strategy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from tui.keymap import key_in_effect
from tui.modals.confirm import close_unless_kept
from tui.modals.dialog import BOX, FOOT, TITLE, Dialog, KeepsItsEdit
from tui.modals.picker import ItemPicker, PickItem
from tui.widgets.safe import SafeInput


class StrategyDialog(KeepsItsEdit, Dialog[dict | None]):
    """Dismisses with {"text": str, "links": [ids]} (links in the items' order), or None.

    `groups` are the two headings of `items` (e.g. "Strengths", "Opportunities"): at least
    one item of each must be ticked, and the text must not be empty. What is typed and ticked
    and not saved is kept as any unsaved work is (`KeepsItsEdit`), and esc asks before it
    throws it away.
    """

    edits_workbook = True  # a read-only workbook does not open it (StratbookApp.push_screen)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="tows.cancel"),
        Binding("ctrl+s", "submit", "Save", id="tows.save", priority=True),
    ]

    def __init__(self, title: str, items: Sequence[PickItem], groups: tuple[str, str], *,
                 selected: Iterable[str] = (), text: str = "", hint: str = "") -> None:
        super().__init__()
        self.dialog_title = title
        self.items = items
        self.groups = groups
        self.initial = list(selected)
        self.text = text
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="tows-dialog", classes=BOX):
            with Vertical(classes=TITLE):  # the hint is held at the top with the title
                yield Static(Content(self.dialog_title), id="tows-dialog-title")
                if self.hint:
                    yield Static(Content(self.hint), id="tows-dialog-hint")
            yield ItemPicker(self.items, self.initial, id="tows-picker")
            with Vertical(classes=FOOT):
                # The strategy's own text box is held in view with the choices; the list scrolls.
                yield Label(Content("Strategy *"), classes="form-label")
                yield SafeInput(self.text, id="tows-text", placeholder="What will we do? e.g. Use our strength to enter a new market",
                                select_on_focus=False)
                yield Static("", id="tows-dialog-error")
                yield Static(Content(f"{key_in_effect('picker.toggle')}: tick  {key_in_effect('picker.search')}: search  "
                                     f"tab: next  enter or {key_in_effect('tows.save')}: save  "
                                     f"{key_in_effect('tows.cancel')}: cancel"),
                             id="tows-dialog-keys")

    def on_mount(self) -> None:
        if self.text:
            self.query_one("#tows-text", Input).focus()
        else:
            self.query_one(ItemPicker).picklist.focus()

    def _problem(self) -> tuple[str, str] | None:
        """(message, id of the widget to fix it in), or None when the strategy can be saved."""
        picker = self.query_one(ItemPicker)
        for group in self.groups:
            if picker.count(group) == 0:
                return f"Tick at least one of the {group.lower()} (space ticks).", "picker"
        if not self.query_one("#tows-text", Input).value.strip():
            return "Write the strategy: what will we do?", "text"
        return None

    def action_submit(self) -> None:
        problem = self._problem()
        if problem is not None:
            message, where = problem
            self.query_one("#tows-dialog-error", Static).update(Content(message))
            if where == "text":
                self.query_one("#tows-text", Input).focus()
            else:
                self.query_one(ItemPicker).picklist.focus()
            return
        self.dismiss({"text": self.query_one("#tows-text", Input).value.strip(),
                      "links": self.query_one(ItemPicker).selected_ids})

    def _as_typed(self) -> dict:
        return {"text": self.query_one("#tows-text", Input).value.strip(),
                "links": self.query_one(ItemPicker).selected_ids}

    def changed(self) -> bool:
        """Something was typed or ticked that saving would keep."""
        offered = {item.id for item in self.items}
        typed = self._as_typed()
        return typed["text"] != self.text.strip() or set(typed["links"]) != offered.intersection(self.initial)

    def held_result(self) -> dict | None:
        """As saving would give it; a text emptied keeps the one it had (a new strategy with no
        text yet is not one)."""
        if not self.changed():
            return None
        typed = self._as_typed()
        typed["text"] = typed["text"] or self.text.strip()
        return typed if typed["text"] else None

    def action_cancel(self) -> None:
        close_unless_kept(self, self.changed(), "this strategy's changes")

    @on(ItemPicker.Submitted)
    @on(Input.Submitted, "#tows-text")
    def _enter_saves(self, event) -> None:
        event.stop()
        self.action_submit()

    @on(ItemPicker.Changed)
    def _ticked(self, event: ItemPicker.Changed) -> None:
        self.query_one("#tows-dialog-error", Static).update("")
