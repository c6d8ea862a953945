"""The roadmap: goals laid out in time, as rows of character cells. No Textual here.

Time runs left to right in periods (months or quarters), each period a fixed
number of cells, so period boundaries fall on whole cells and the same date
always lands in the same cell. One row per goal: a bar from start to due with
its progress filled in, milestones and tactics as marks on it (or the tactics
unfolded, each on a row of its own under the goal), a line for today. The app's roadmap section and the Markdown export both draw from here.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tui.glyphs import glyphs
from tui.model.goals import goal_overdue, tactic_overdue
from tui.model.progress import goal_progress
from tui.model.workbook import Goal, Tactic

ZOOMS = ("month", "quarter")
CELLS = {"month": 4, "quarter": 6}
"""Cells per period: a month is four cells (about a week each), a quarter six (about a fortnight)."""


def glyph(kind: str) -> str:
    """A cell's character by kind (`done`, `todo`, `milestone`, `milestone_done`, `tactic`,
    `tactic_done`, `overdue`, `today`, `today_head`, `before`, `after`), from tui/glyphs.py:
    ASCII on the Linux console and when the config asks."""
    return OVERDUE if kind == "overdue" else getattr(glyphs, _GLYPH_NAMES.get(kind, kind))


OVERDUE = "!"
"""Marks anything overdue: ASCII already."""
CELL_KINDS = ("done", "todo", "milestone", "milestone_done", "tactic", "tactic_done", "overdue", "today", "today_head",
              "before", "after")
"""Every kind `glyph` draws."""
_GLYPH_NAMES = {"done": "bar_done", "todo": "bar_todo", "today_head": "down", "before": "clip_before",
                "after": "clip_after"}


# -- time ---------------------------------------------------------------------------------------

def period_of(day: date, zoom: str) -> int:
    """The period `day` is in, counted from year 0 (months or quarters)."""
    if zoom == "quarter":
        return day.year * 4 + (day.month - 1) // 3
    return day.year * 12 + day.month - 1


def period_start(period: int, zoom: str) -> date:
    if zoom == "quarter":
        year, quarter = divmod(period, 4)
        return date(year, quarter * 3 + 1, 1)
    year, month = divmod(period, 12)
    return date(year, month + 1, 1)


@functools.cache  # asked for every mark on every row (16,000 times in an export of 10,000 items)
def _period_days(period: int, zoom: str) -> int:
    start = period_start(period, zoom)
    months = 3 if zoom == "quarter" else 1
    return sum(calendar.monthrange(start.year, start.month + m)[1] for m in range(months))


def column_of(day: date, zoom: str, origin: int) -> int:
    """The cell of `day` in a view whose first period is `origin` (negative: before the view)."""
    period = period_of(day, zoom)
    cells = CELLS[zoom]
    offset = (day - period_start(period, zoom)).days * cells // _period_days(period, zoom)
    return (period - origin) * cells + offset


def period_label(period: int, zoom: str) -> str:
    """A period's heading, as wide as its cells: `Feb `, the year for January (`'27 `); `Q1 27 `."""
    start = period_start(period, zoom)
    if zoom == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year % 100:02d}".ljust(CELLS[zoom])
    if start.month == 1:
        return f"'{start.year % 100:02d}".ljust(CELLS[zoom])
    return calendar.month_abbr[start.month].ljust(CELLS[zoom])


def periods_in(width: int, zoom: str) -> int:
    return max(1, width // CELLS[zoom])


def default_origin(today: date, zoom: str, width: int) -> int:
    """The first period to show: today a quarter of the way in from the left."""
    return period_of(today, zoom) - periods_in(width, zoom) // 4


def clamp_origin(origin: int, zoom: str, width: int) -> int:
    """`origin` moved as little as needed for the whole view (and the axis's one period more) to
    lie in the calendar, years 1 to 9999: a date at either end (9999-12-31 is a valid date) or
    many presses of [ or ] stop the view at the end instead of crashing."""
    last = period_of(date.max, zoom) - periods_in(width, zoom)
    return max(period_of(date.min, zoom), min(origin, last))


def step_of(width: int, zoom: str) -> int:
    """How many periods `[` and `]` move: a quarter of the view, at least one."""
    return max(1, periods_in(width, zoom) // 4)


def span_text(origin: int, zoom: str, width: int) -> str:
    """What the view covers, for people: `Jan 2027 - Dec 2027` or `Q1 2027 - Q4 2028`."""
    last = origin + periods_in(width, zoom) - 1
    def name(period: int) -> str:
        start = period_start(period, zoom)
        if zoom == "quarter":
            return f"Q{(start.month - 1) // 3 + 1} {start.year}"
        return f"{calendar.month_abbr[start.month]} {start.year}"
    return f"{name(origin)} - {name(last)}"


# -- rows ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Mark:
    """A milestone or a tactic on its goal's row."""

    kind: str
    """`milestone` or `tactic`."""
    id: str
    due: date
    text: str
    done: bool
    overdue: bool

    @property
    def glyph(self) -> str:
        if self.overdue:
            return OVERDUE
        return glyph(f"{self.kind}_done" if self.done else self.kind)


def goal_marks(goal: Goal, tactics: Iterable[Tactic], today: date) -> list[Mark]:
    """The goal's dated milestones and tactics, by date (milestones first on a day)."""
    marks = [Mark("milestone", m.id, m.due, m.text, m.done, not m.done and m.due < today)
             for m in goal.milestones if m.due is not None]
    marks += [Mark("tactic", t.id, t.due, t.text, t.status == "done", tactic_overdue(t, today))
              for t in tactics if t.due is not None]
    marks.sort(key=lambda m: (m.due, m.kind != "milestone"))
    return marks


def tactic_mark(tactic: Tactic, today: date) -> Mark | None:
    """The tactic's mark on a row of its own (None when it has no due date)."""
    if tactic.due is None:
        return None
    return Mark("tactic", tactic.id, tactic.due, tactic.text, tactic.status == "done", tactic_overdue(tactic, today))


def by_due(tactics: Iterable[Tactic]) -> list[Tactic]:
    """The tactics in time order, the undated last (in their own order)."""
    return sorted(tactics, key=lambda t: (t.due is None, t.due or date.min))


def tactics_by_goal(tactics: Iterable[Tactic]) -> dict[str, list[Tactic]]:
    grouped: dict[str, list[Tactic]] = {}
    for tactic in tactics:
        grouped.setdefault(tactic.goal, []).append(tactic)
    return grouped


def goal_state(goal: Goal, today: date) -> str:
    """The goal's status in words, `overdue` when it is active past its due date."""
    return "overdue" if goal_overdue(goal, today) else goal.status


Cell = tuple[str, str]
"""A cell's character and its kind: `done`, `todo`, `milestone`, `tactic`, `overdue`, `today`,
`clip`, `blank` or `selected` (the mark under the cursor)."""


def timeline(goal: Goal, marks: Sequence[Mark], zoom: str, origin: int, width: int, today: date,
             selected: str | None = None) -> list[Cell]:
    """The goal's row: `width` cells from the first cell of period `origin`."""
    cells: list[Cell] = [(" ", "blank")] * width
    now = column_of(today, zoom, origin)
    if 0 <= now < width:
        cells[now] = (glyph("today"), "today")
    start, due = goal.start or goal.due, goal.due or goal.start
    if start is not None and due is not None:
        first, last = column_of(start, zoom, origin), column_of(due, zoom, origin)
        length = last - first + 1
        filled = first + round(goal_progress(goal) * length)
        done, todo = (glyph("done"), "done"), (glyph("todo"), "todo")  # (looked up once a row, not a cell)
        for column in range(max(0, first), min(width, last + 1)):
            cells[column] = done if column < filled else todo
        # A bar cut by the view's edge, or wholly beyond it, says which way the rest lies.
        if first < 0:
            cells[0] = (glyph("before"), "clip")
        if last >= width:
            cells[width - 1] = (glyph("after"), "clip")
    shown: dict[int, int] = {}  # column: the rank of the mark drawn there
    for mark in marks:
        column = column_of(mark.due, zoom, origin)
        if 0 <= column < width:
            kind = "selected" if mark.id == selected else ("overdue" if mark.overdue else mark.kind)
            # One cell, one mark: the selected one, else one overdue, else a milestone, else a
            # tactic (a tactic due on a milestone's day hid it until the goal was unfolded).
            rank = MARK_RANK[kind]
            if rank >= shown.get(column, 0):
                shown[column] = rank
                cells[column] = (mark.glyph, kind)
    return cells


MARK_RANK = {"tactic": 1, "milestone": 2, "overdue": 3, "selected": 4}


def tactic_timeline(mark: Mark | None, zoom: str, origin: int, width: int, today: date) -> list[Cell]:
    """An unfolded tactic's row: today's line and its mark on its due date; a mark outside the
    view shows as a clipped end (`«` or `»`) on the side where it lies."""
    cells: list[Cell] = [(" ", "blank")] * width
    now = column_of(today, zoom, origin)
    if 0 <= now < width:
        cells[now] = (glyph("today"), "today")
    if mark is not None and width:
        column = column_of(mark.due, zoom, origin)
        if column < 0:
            cells[0] = (glyph("before"), "overdue" if mark.overdue else "clip")
        elif column >= width:
            cells[width - 1] = (glyph("after"), "clip")
        else:
            cells[column] = (mark.glyph, "overdue" if mark.overdue else mark.kind)
    return cells


def axis(zoom: str, origin: int, width: int, today: date) -> str:
    """The heading over the timeline: each period's label, and today's mark."""
    labels = [period_label(origin + n, zoom) for n in range(periods_in(width, zoom) + 1)]
    now = column_of(today, zoom, origin)
    if 0 <= now < width:
        period, offset = divmod(now, CELLS[zoom])
        labels[period] = _label_with_today(labels[period], zoom, offset)
    return "".join(labels)[:width].ljust(width)


def _label_with_today(label: str, zoom: str, offset: int) -> str:
    """Today's period's label with the mark at `offset` and the label whole beside it, or shortened
    (`Q4`), or left out rather than overwritten: `Q4 ▼6` read as no quarter at all."""
    cells = CELLS[zoom]
    mark = glyph("today_head")
    words = label.strip()
    for text in (words, words.split(" ")[0]) if zoom == "quarter" else (words,):
        if len(text) <= offset:
            return (text.ljust(offset) + mark).ljust(cells)
        if offset + 1 + len(text) < cells:  # a blank before the next period's label
            return (" " * offset + mark + text).ljust(cells)
    return (" " * offset + mark).ljust(cells)


def window(goals: Sequence[Goal], today: date, most: dict[str, int]) -> tuple[str, int, int] | None:
    """The zoom, first and last period a printed roadmap shows: from the earliest date (but not
    more than a year back from today) to the latest, in months when at most `most["month"]` of
    them cover it, else quarters, at most `most["quarter"]` (a 20-year goal would squeeze the
    rest into a sliver; its bar runs out of the picture instead). None when no goal has a date."""
    days = [d for g in goals for d in (g.start, g.due) if d is not None]
    if not days:
        return None
    first, last = min(days), max(days)
    if last >= today - timedelta(days=365):
        first = max(first, today - timedelta(days=365))
    for zoom in ZOOMS:
        origin = period_of(first, zoom)
        periods = period_of(last, zoom) - origin + 1
        if periods <= most[zoom]:
            return zoom, origin, origin + periods - 1
    return "quarter", origin, origin + most["quarter"] - 1


def text_timeline(goals: Sequence[Goal], tactics: Iterable[Tactic], today: date, width: int = 48) -> list[str]:
    """The roadmap as plain text lines (the Markdown export): the axis, then one line per goal,
    numbered from 1 in the order given, its row and its progress; the `window` in `width` cells."""
    shown = window(goals, today, {zoom: width // CELLS[zoom] for zoom in ZOOMS})
    if shown is None:
        return []
    zoom, origin, last = shown
    grouped = tactics_by_goal(tactics)
    span = (last - origin + 1) * CELLS[zoom]
    number = len(str(len(goals)))
    lines = [" " * (number + 1) + axis(zoom, origin, span, today).rstrip()]
    for index, goal in enumerate(goals, 1):
        marks = goal_marks(goal, grouped.get(goal.id, ()), today)
        row = "".join(char for char, _ in timeline(goal, marks, zoom, origin, span, today)).ljust(span)
        late = " overdue!" if goal_overdue(goal, today) else ""
        lines.append(f"{index:>{number}} {row} {round(goal_progress(goal) * 100)}%{late}")
    return lines
