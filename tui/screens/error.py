"""Shown instead of the workbook when it cannot be opened: every problem, as plain text."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.store import Problem
from tui.widgets.lines import MarkedOptionList
from tui.widgets.safe import plain


class LoadErrorScreen(Screen[None]):
    BINDINGS = [
        Binding("e", "edit", "Edit the file", id="error.edit",
                tooltip="Open the file in your editor at the first problem; once it opens, it is shown"),
        Binding("q,escape", "app.quit", "Quit", id="error.quit", show=False),  # the footer shows the app's ^q Quit
    ]

    def __init__(self, file: str, problems: list[Problem], kept: Sequence[Path] = (), *, editable: bool = True) -> None:
        super().__init__()
        self.editable = editable
        """An editor may be started on the file (not on a pipe or a device)."""
        self.file = file
        self.problems = problems
        self.kept = list(kept)
        """Recovery files of this workbook: unsaved work of an earlier session, offered once it opens."""

    def compose(self) -> ComposeResult:
        yield Static(Content.styled("This workbook cannot be opened", "bold"), id="error-title")
        yield Static(self._summary(), id="error-summary")
        yield MarkedOptionList(*self._lines(), id="error-list")
        help_text = ("e opens the file in your editor at the first problem (line numbers are shown); "
                     "once it opens, it is shown. Or check it with: stratbook check FILE") if self.editable else \
            "Put a workbook file at this name, or open another file."
        yield Static(Content(help_text), id="error-help")
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.editable if action == "edit" else True

    def _summary(self) -> Content:
        errors = sum(1 for p in self.problems if p.is_error)
        noun = "problem" if errors == 1 else "problems"
        summary = f"{self.file}: {errors} {noun}. Stratbook has not changed the file."
        if self.kept:
            # A hang-up said "open it again to restore it": the work is there, waiting for the fix.
            where = ", ".join(str(place) for place in self.kept)
            summary += f" Unsaved work from an earlier session is kept in {where}: it is offered once the file opens."
        return plain(summary)

    def _lines(self) -> list[Option]:
        return [Option(plain(p.format())) for p in self.problems]

    def action_edit(self) -> None:
        """As `crontab -e` does with a table it cannot install: edit, check, and edit again."""
        from tui.app import REOPEN

        app = self.app
        line = next((p.line for p in self.problems if p.is_error and p.line is not None), None)
        if not app.edit_file(app.file.path, line):
            return
        error = app.file.problems_after_editing()
        if error is None:
            app.exit(REOPEN)
            return
        self.problems = error.problems
        self.query_one("#error-summary", Static).update(self._summary())
        listed = self.query_one("#error-list", OptionList)
        listed.set_options(self._lines())
        listed.highlighted = 0
        errors = sum(1 for p in self.problems if p.is_error)
        self.notify(f"It still cannot be opened: {errors} problem{'s' if errors != 1 else ''} (listed).",
                    severity="warning", markup=False)
