"""The strategy map's list: a heading row per perspective, then its goals; the cursor moves
over the goals only (a heading is read, not acted on). Line-rendered (`RowTable`), so 2,000
goals open as fast as the goals list."""

from __future__ import annotations

from textual.binding import Binding

from tui.keymap import bind
from tui.widgets.goal_table import RowTable

HEADING = "perspective:"
"""Key prefix of a perspective's heading row (goal rows are keyed by the goal's id)."""


class StrategyMap(RowTable):
    """The goals grouped by balanced-scorecard perspective, in the scorecard's order."""

    BINDINGS = [
        Binding("enter", "select", "Open", id="goals.map_open", tooltip="The goal's answers, measure, links, tactics"),
        Binding("v,escape", "screen.toggle_map", "List", id="goals.map_leave",
                tooltip="Back from the strategy map to the list of goals"),
        Binding("c", "screen.choose_perspective", "Perspective", id="goals.map_perspective",
                tooltip="Financial, customer, internal process, learning and growth, or none"),
        Binding("p", "screen.choose_parent", "Serves", id="goals.map_parent",
                tooltip="The goal this one serves (its effect on the map), or none"),
        bind("go", "screen.go_to_parent", "goals", description="Its effect", show=False,
             tooltip="Put the cursor on the goal this one serves"),
        bind("status", "screen.cycle_status(1)", "goals", show=False, tooltip="draft, active, achieved, missed, dropped"),
        bind("status_back", "screen.cycle_status(-1)", "goals", show=False),
        Binding("u", "screen.update_progress", "Check in", id="goals.map_progress", show=False,
                tooltip="Check in: today's value of the measure or key results, confidence and a note"),
    ]

    def is_heading(self, index: int) -> bool:
        return self.rows[index][0].startswith(HEADING)

    def _nearest_goal(self, index: int, direction: int) -> int | None:
        """The first goal row from `index` on in `direction`, else the other way, else None."""
        for step in (direction, -direction):
            position = index
            while 0 <= position < len(self.rows):
                if not self.is_heading(position):
                    return position
                position += step
        return None

    def _go(self, index: int, direction: int) -> None:
        index = max(0, min(index, len(self.rows) - 1))
        found = self._nearest_goal(index, direction) if self.rows else None
        if found is not None:
            self.cursor = found
            if direction < 0 and found > 0 and self.is_heading(found - 1):
                self._show_heading(found - 1)

    def _show_heading(self, index: int) -> None:
        """Keep the heading of the cursor's group in view when moving up to its first goal."""
        if index < round(self.scroll_y):
            self.scroll_to(y=index, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        target = self.cursor + step
        if 0 <= target < len(self.rows) and self.is_heading(target):
            target = self._nearest_goal(target, step)
            if target is None or (step < 0) != (target < self.cursor):
                return  # no goal further that way
        self._go(target, step)

    def action_page(self, direction: int) -> None:
        self._go(self.cursor + direction * self._page, direction)

    def action_first(self) -> None:
        self._go(0, 1)
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_last(self) -> None:
        self._go(len(self.rows) - 1, -1)

    def set_rows(self, rows, cursor_key=None) -> None:
        super().set_rows(rows, cursor_key)
        if self.rows and self.is_heading(self.cursor):
            self._go(self.cursor, 1)
