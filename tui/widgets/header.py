"""The two lines at the top of every section: what is open, and where you are."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from tui.glyphs import glyphs
from tui.model.text import one_line


class WorkbookHeader(Static):
    """Title, file name, unsaved marker and read-only marker; kept in step with the app."""

    DEFAULT_CSS = """
    WorkbookHeader { height: 1; background: $panel; color: $foreground; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "dirty", self._refresh_header)
        self.watch(self.app, "title_text", self._refresh_header)

    def _refresh_header(self, _value: object = None) -> None:
        app = self.app
        title = one_line(getattr(app, "title_text", "") or "Untitled workbook", 44)
        name = one_line(Path(getattr(app, "path", "") or "").name, 28)
        parts = [Content.styled(title, "bold"), Content(f"  {name}")]
        if getattr(app, "dirty", False):
            parts.append(Content.styled(f"  {glyphs.unsaved} unsaved", "$warning"))
        if getattr(app, "read_only", False):
            parts.append(Content.styled("  READ-ONLY", "reverse"))
        # One line, as wide as the screen whatever it says: no layout of the screen again (an undo
        # on the Overview laid out and drew every line for the title's sake).
        self.update(Content("").join(parts), layout=False)


class SectionBar(Widget):
    """The six sections with their keys; the current one stands out (reverse, not only colour).

    Every section stays on the bar however narrow the terminal: the spaces between them
    shrink first, then the other sections' titles are shortened, then only their keys show."""

    DEFAULT_CSS = """
    SectionBar { height: 1; background: $surface; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, sections: list[tuple[str, str, str]], current: str) -> None:
        super().__init__()
        self.sections = sections
        self.current = current

    def render(self) -> Content:
        width = self.content_region.width or self.app.size.width - 2
        for gap, title_of in ((" ", _title), ("", _title), ("", _short), ("", _key_only)):
            bar = self._bar(gap, title_of)
            if bar.cell_length <= width:
                return bar
        return bar

    def _bar(self, gap: str, title_of) -> Content:
        parts = []
        for key, mode, title in self.sections:
            if mode == self.current:
                parts.append(Content.styled(f" {key} {title} ", "reverse bold"))
            else:
                parts.append(Content(title_of(key, title)))
        return Content(gap).join(parts)


SHORT_TITLES = {"Overview": "Over", "Vision": "Vis", "PESTLE": "PEST", "Goals": "Goal", "Tactics": "Tact",
                "Roadmap": "Road", "Risks": "Risk"}
"""Short enough that at 80 columns every section's bar names every section (the Overview's, the
first screen a user sees, showed only the other sections' keys)."""


def _title(key: str, title: str) -> str:
    return f" {key} {title} "


def _short(key: str, title: str) -> str:
    return f" {key} {SHORT_TITLES.get(title, title)} "


def _key_only(key: str, title: str) -> str:
    return f" {key} "
