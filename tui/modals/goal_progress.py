"""Update the current value of a measure or of key results, seeing the progress as you type."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.model.progress import measure_progress
from tui.model.text import one_line
from tui.modals.form import parse_number
from tui.widgets.goal_view import measure_text, number_input
from tui.widgets.progress_bar import progress_bar
from tui.widgets.safe import SafeInput


@dataclass(frozen=True, slots=True)
class ProgressEntry:
    """One number to update: a measure (`measure:<goal id>`) or a key result (its id)."""

    ref: str
    label: str
    unit: str
    baseline: float | int | None
    target: float | int | None
    current: float | int | None


class ProgressDialog(ModalScreen[dict[str, float | int | None] | None]):
    """Dismisses with {ref: new current value} for the values that changed, or None."""

    edits_workbook = True  # a read-only workbook does not open it (StratbookApp.push_screen)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="progress.cancel"),
        Binding("ctrl+s", "submit", "Save", id="progress.submit", priority=True),
    ]

    def __init__(self, title: str, entries: list[ProgressEntry]) -> None:
        super().__init__()
        self.dialog_title = title
        self.entries = entries

    def compose(self) -> ComposeResult:
        with Vertical(id="progress-dialog"):
            yield Static(Content(self.dialog_title), id="progress-title")
            with VerticalScroll(id="progress-fields", can_focus=False):
                for index, entry in enumerate(self.entries):
                    yield Static(Content.styled(one_line(entry.label or "(no text)"), "bold"),
                                 classes="progress-label")
                    yield SafeInput(number_input(entry.current), id=f"current-{index}", placeholder="current value",
                                select_on_focus=True, classes="progress-input")
                    yield Static(id=f"preview-{index}", classes="progress-preview")
            yield Static(Content("enter: save   tab: next   esc: cancel"), id="progress-keys")

    def on_mount(self) -> None:
        for index in range(len(self.entries)):
            self._preview(index)
        if self.entries:
            self.query_one("#current-0", Input).focus()

    def _value(self, index: int) -> float | int | None | str:
        """The typed number, or an error message."""
        text = self.query_one(f"#current-{index}", Input).value
        try:
            return parse_number(text)
        except ValueError:
            return f"'{text.strip()}' is not a number"

    def _preview(self, index: int) -> None:
        entry = self.entries[index]
        value = self._value(index)
        preview = self.query_one(f"#preview-{index}", Static)
        if isinstance(value, str):
            preview.update(Content.styled(one_line(value), "$error"))
            return
        fraction = measure_progress(entry.baseline, entry.target, value)
        preview.update(Content.assemble(progress_bar(fraction, 10), "  ",
                                        measure_text("", entry.unit, entry.baseline, entry.target, value)))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._preview(int((event.input.id or "current-0").rpartition("-")[2]))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()  # as in every form: enter saves, tab goes to the next field

    def action_submit(self) -> None:
        changes: dict[str, float | int | None] = {}
        for index, entry in enumerate(self.entries):
            value = self._value(index)
            if isinstance(value, str):
                self.query_one(f"#current-{index}", Input).focus()
                self.notify(one_line(value), severity="error", markup=False)
                return
            if value != entry.current:
                changes[entry.ref] = value
        self.dismiss(changes)

    def action_cancel(self) -> None:
        self.dismiss(None)
