"""The Tactics section (not built yet: it comes with its own issue)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from tui.model.edits import Edit
from tui.screens.base import SectionScreen


class TacticsScreen(SectionScreen):
    SECTION = "tactics"

    def body(self) -> ComposeResult:
        yield Static(Content("The Tactics section is not built yet."), classes="not-built")

    def refresh_model(self, edit: Edit | None) -> None:
        return None
