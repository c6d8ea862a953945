"""The Goals section (not built yet: it comes with its own issue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from tui.model.edits import Edit
from tui.screens.base import SectionScreen


class GoalsScreen(SectionScreen):
    SECTION = "goals"

    def body(self) -> ComposeResult:
        yield Static(Content("The Goals section is not built yet."), classes="not-built")

    def refresh_model(self, edit: Edit | None) -> None:
        return None
