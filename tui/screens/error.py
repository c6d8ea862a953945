"""Shown instead of the workbook when it cannot be opened: every problem, as plain text."""

from __future__ import annotations

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
        Binding("q,escape", "app.quit", "Quit", id="error.quit"),
    ]

    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__()
        self.file = file
        self.problems = problems

    def compose(self) -> ComposeResult:
        errors = sum(1 for p in self.problems if p.is_error)
        noun = "problem" if errors == 1 else "problems"
        yield Static(Content.styled("This workbook cannot be opened", "bold"), id="error-title")
        yield Static(plain(f"{self.file}: {errors} {noun}. The file has not been changed."), id="error-summary")
        yield MarkedOptionList(*[Option(plain(p.format())) for p in self.problems], id="error-list")
        yield Static(
            Content("Fix the file in an editor (line numbers are shown), or check it with: stratbook check FILE"),
            id="error-help",
        )
        yield Footer(compact=True)
