"""A read-only list of the differences between two workbooks, by item."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.modals.dialog import Dialog
from tui.model.field_words import field_words
from tui.model.text import counted
from tui.model.workbook import Workbook
from tui.store.diff import diff, format_text
from tui.widgets.safe import plain
from tui.widgets.lines import MarkedOptionList


class DifferencesScreen(Dialog[None]):
    """Shows what changed from `old` to `new`, one line per change (OptionList: fast when long)."""

    BINDINGS = [Binding("escape,q,enter", "close", "Close", id="differences.close")]

    def __init__(self, title: str, old: Workbook, new: Workbook, names: tuple[str, str] = ("old", "new")) -> None:
        super().__init__()
        self.title_text = title
        self.old, self.new = old, new
        self.names = names

    def compose(self) -> ComposeResult:
        changes = diff(self.old, self.new)
        lines = (format_text(changes, self.old, self.new, *self.names, name=field_words).splitlines() if changes
                 else ["No differences."])
        with Vertical(id="differences"):
            yield Static(Content(self.title_text), id="differences-title")
            yield MarkedOptionList(*[Option(plain(line)) for line in lines], id="differences-list")
            yield Static(Content(f"{counted(len(changes), 'difference')}   esc: close"), id="differences-keys")

    def action_close(self) -> None:
        self.dismiss(None)
