"""Completion of file names as they are typed: the greyed rest of the first match (right arrow
takes it), as a shell's tab completion would give it."""

from __future__ import annotations

from pathlib import Path

from textual.suggester import Suggester

from tui.store.paths import complete_path


class PathSuggester(Suggester):
    """Completes a path typed in an Input; relative paths start in `folder`."""

    def __init__(self, folder: Path) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.folder = folder

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value, self.folder)
