"""Roadmap: the plan in time. One row per goal (children under their parent), a bar from
start to due with its progress filled in, milestones and tactics as marks on it, a line
for today.

j/k move between goals, h/l between the marks of a goal, enter opens what is under the
cursor, +/- zoom between months and quarters, [/] move in time, t comes back to today.
f unfolds the goal's tactics (each a row of its own under the goal, with its due date
marked), F unfolds or folds every goal's.
"""

from __future__ import annotations

from datetime import date
from itertools import groupby
from operator import itemgetter

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Static

from tui.glyphs import glyphs
from tui.model import dates
from tui.model.alignment import children_map, rollup, tree_order
from tui.model.edits import Edit
from tui.model.progress import goal_progress
from tui.model.roadmap import (
    ZOOMS,
    Cell,
    Mark,
    axis,
    by_due,
    clamp_origin,
    column_of,
    default_origin,
    goal_marks,
    goal_state,
    period_of,
    period_start,
    periods_in,
    span_text,
    step_of,
    tactic_mark,
    tactic_timeline,
    tactics_by_goal,
    timeline,
)
from tui.model.text import counted, one_line
from tui.model.workbook import Goal, Tactic
from tui.screens.base import SectionScreen
from tui.widgets.goal_table import Column, RowTable
from tui.widgets.goal_view import STATUS_STYLE

COLUMNS = [
    Column("goal", "Goal", 22, wide=34),
    Column("state", "Status", 9, hide=1),
    Column("time", "", 0),
]
CELL_STYLE = {
    "done": "$success",
    "todo": "$text-muted",
    "milestone": "bold",
    "tactic": "$accent",
    "overdue": "$error bold",
    "today": "$warning",
    "clip": "$text-muted",
    "selected": "reverse bold",
    "blank": "",
}


def cells_content(cells: list[Cell]) -> Content:
    """A row's cells as text, each run of cells of one kind one span (a span a cell made every
    redraw of a screenful of rows several times slower)."""
    return Content.assemble(*(("".join(char for char, _ in run), CELL_STYLE.get(kind, ""))
                              for kind, run in groupby(cells, key=itemgetter(1))))


class RoadmapTable(RowTable):
    """The goals as rows of a timeline; its heading is the time axis."""

    BINDINGS = [
        Binding("l,right", "screen.mark(1)", "Next mark", id="roadmap.next_mark",
                tooltip="The next milestone or tactic on this goal's row"),
        Binding("h,left", "screen.mark(-1)", "Previous mark", id="roadmap.previous_mark", show=False,
                tooltip="The previous milestone or tactic on this goal's row"),
        Binding("enter", "screen.open", "Open", id="roadmap.open",
                tooltip="Open the goal, milestone or tactic under the cursor"),
        Binding("plus,equals_sign", "screen.zoom(-1)", "Months", id="roadmap.zoom_in",
                tooltip="Zoom in: a column of cells per month"),
        Binding("minus", "screen.zoom(1)", "Quarters", id="roadmap.zoom_out", tooltip="Zoom out: quarters"),
        Binding("left_square_bracket", "screen.shift(-1)", "Earlier", id="roadmap.earlier",
                tooltip="Move the view back in time"),
        Binding("right_square_bracket", "screen.shift(1)", "Later", id="roadmap.later",
                tooltip="Move the view on in time"),
        Binding("t", "screen.today", "Today", id="roadmap.today", show=False,
                tooltip="Bring today back into view"),
        Binding("f", "screen.unfold", "Tactics", id="roadmap.unfold",
                tooltip="Unfold this goal's tactics, each on a row of its own (f again folds them)"),
        Binding("F", "screen.unfold_all", "All tactics", id="roadmap.unfold_all", show=False,
                tooltip="Unfold every goal's tactics, or fold them all"),
    ]

    def render_line(self, y: int) -> Strip:
        if y == 0:  # the time axis over the timeline column
            width = self.scrollable_content_region.width
            layout = self.layout_for(width)
            screen = self.screen
            parts = [Content(" ")]
            for column, column_width in layout:
                if column.key == "time" and isinstance(screen, RoadmapScreen):
                    title = axis(screen.zoom, screen.origin, column_width, screen.today)
                else:
                    title = column.title
                parts += [Content(title[:column_width].ljust(column_width)), Content(" ")]
            return self._strip(Content("").join(parts), "row-table--header", width)
        return super().render_line(y)

    def on_resize(self) -> None:
        # The bar's range is worked out for the timeline's width: at a new width it is said anew,
        # here where the table has its new size (the screen's Resize comes before the layout).
        screen = self.screen
        if isinstance(screen, RoadmapScreen):
            screen._show()

    def timeline_width(self) -> int:
        width = self.scrollable_content_region.width or self.app.size.width
        return next((w for c, w in self.layout_for(width) if c.key == "time"), 0)


class RoadmapScreen(SectionScreen):
    SECTION = "roadmap"
    GUIDE = (
        "The roadmap shows each goal in time: a bar from start to due, filled as far as\n"
        "its progress, milestones ({milestone}) and tactics ({tactic}) on it, ! when overdue, and a\n"
        "line for today. j/k goals, {keys[roadmap.previous_mark]}/{keys[roadmap.next_mark]} marks, {keys[roadmap.open]} opens; {keys[roadmap.zoom_in]} and {keys[roadmap.zoom_out]} zoom, {keys[roadmap.earlier]} and {keys[roadmap.later]} move in time.\n"
        "{keys[roadmap.unfold]} unfolds a goal's tactics onto rows of their own under it; {keys[roadmap.unfold_all]} unfolds every goal's."
    )

    def __init__(self) -> None:
        super().__init__()
        self.zoom = "month"
        self._shift = 0
        """How far [ ], zooming or a mark brought into view moved the view, in periods from where
        an opening puts it (today a quarter of the way in) at the width drawn now. A shift and not
        a first period: at a new width the range is laid out as an opening there lays it out,
        moved as far, where a first period kept from another width named a range of that width."""
        self.today = dates.today()
        self._marks: dict[str, list[Mark]] = {}
        """Each goal's marks on its own row (milestones, and its tactics while they are folded), made
        when first asked for: opening, or unfolding every goal, costs nothing per goal."""
        self._goals: dict[str, Goal] = {}
        self._children: dict[str, list[Goal]] = {}
        self._selected: dict[str, int] = {}  # goal id: index of its selected mark (none: the goal)
        self._tree: list[tuple[Goal, int]] = []
        self._tactics: dict[str, list[Tactic]] = {}
        """Each goal's tactics, by due date."""
        self._unfold_all = False
        self._toggled: set[str] = set()
        """Goals whose tactics are the other way (unfolded or folded) from `_unfold_all`."""

    def body(self) -> ComposeResult:
        yield Static(id="roadmap-bar", markup=False)
        yield RoadmapTable(COLUMNS, self._render_row, empty="No goals yet: 5 goes to Goals, where n starts one.",
                           id="roadmap-table")
        yield Static(id="roadmap-detail", markup=False)

    def on_mount(self) -> None:
        self.table.focus()

    @property
    def table(self) -> RoadmapTable:
        return self.query_one("#roadmap-table", RoadmapTable)

    # -- showing the model ---------------------------------------------------------------
    def refresh_model(self, edit: Edit | None) -> None:
        self.today = dates.today()
        workbook = self.stratbook.workbook
        self._tactics = {goal_id: by_due(tactics) for goal_id, tactics in tactics_by_goal(workbook.tactics).items()}
        self._goals = {goal.id: goal for goal in workbook.goals}
        self._marks = {}
        self._children = children_map(workbook.goals)
        self._selected = {k: v for k, v in self._selected.items() if k in self._goals and v < len(self.marks(k))}
        self._tree = tree_order(workbook.goals)
        self.table.set_rows(self._rows())
        self._show()

    def unfolded(self, goal_id: str) -> bool:
        """Whether the goal's tactics show on rows of their own under it."""
        return (goal_id in self._toggled) != self._unfold_all

    def marks(self, goal_id: str) -> list[Mark]:
        """The marks on the goal's row, by date."""
        found = self._marks.get(goal_id)
        if found is None:
            goal = self._goals.get(goal_id)
            tactics = () if self.unfolded(goal_id) else self._tactics.get(goal_id, ())
            found = self._marks[goal_id] = goal_marks(goal, tactics, self.today) if goal is not None else []
        return found

    def _rows(self) -> list[tuple[str, tuple[Goal | Tactic, int]]]:
        """A row per goal in the tree's order, each unfolded goal's tactics under it."""
        rows: list[tuple[str, tuple[Goal | Tactic, int]]] = []
        for goal, depth in self._tree:
            rows.append((goal.id, (goal, depth)))
            if self.unfolded(goal.id):
                rows += [(tactic.id, (tactic, depth + 1)) for tactic in self._tactics.get(goal.id, ())]
        return rows

    @property
    def origin(self) -> int:
        """The first period shown, for the width the timeline has now, always within the calendar."""
        width = self.table.timeline_width() or 40
        return clamp_origin(default_origin(self.today, self.zoom, width) + self._shift, self.zoom, width)

    @origin.setter
    def origin(self, origin: int) -> None:
        self._shift = origin - default_origin(self.today, self.zoom, self.table.timeline_width() or 40)

    def _render_row(self, key: str, payload: tuple[Goal | Tactic, int]) -> dict[str, Content]:
        if isinstance(payload[0], Tactic):
            return self._render_tactic(*payload)
        goal, depth = payload
        state = goal_state(goal, self.today)
        title = "  " * min(depth, 4) + one_line(goal.title or "(untitled goal)")
        late = state == "overdue"
        width = self.table.timeline_width()
        selected = self._selected_mark(goal.id)
        cells = timeline(goal, self.marks(goal.id), self.zoom, self.origin, width, self.today,
                         selected.id if selected is not None else None)
        if goal.start is None and goal.due is None and width > 12:
            cells[:10] = [(c, "clip") for c in "(no dates)"]
        time = cells_content(cells)
        return {
            "goal": Content.assemble(("! " if late else "", "$error bold"), title),
            "state": Content.styled(f"{state}{'!' if late else ''}", "$error bold" if late else
                                    STATUS_STYLE.get(goal.status, "")),
            "time": time,
        }

    def _render_tactic(self, tactic: Tactic, depth: int) -> dict[str, Content]:
        """An unfolded tactic: its mark on its due date, its status, and overdue in words."""
        mark = tactic_mark(tactic, self.today)
        late = mark is not None and mark.overdue
        glyph = mark.glyph if mark is not None else glyphs.tactic
        title = "  " * min(depth, 5) + f"{glyph} " + one_line(tactic.text or "(no text)")
        width = self.table.timeline_width()
        cells = tactic_timeline(mark, self.zoom, self.origin, width, self.today)
        if mark is None and width > 12:
            cells[:9] = [(c, "clip") for c in "(no date)"]
        return {
            "goal": Content.styled(title, "$error bold") if late else Content.styled(title, "$text-muted"
                                                                                    if tactic.status == "done" else ""),
            "state": Content.styled("overdue!", "$error bold") if late else Content.styled(
                tactic.status, STATUS_STYLE.get(tactic.status, "")),
            "time": cells_content(cells),
        }

    def _selected_mark(self, goal_id: str) -> Mark | None:
        index = self._selected.get(goal_id)
        marks = self.marks(goal_id)
        return marks[index] if index is not None and index < len(marks) else None

    def _show(self) -> None:
        width = self.table.timeline_width() or 40
        origin = self.origin
        shown = "months" if self.zoom == "month" else "quarters"
        self.query_one("#roadmap-bar", Static).update(Content.assemble(
            ("Roadmap", "bold"), f"  by {shown}  {span_text(origin, self.zoom, width)}",
            (f"  {glyphs.down} today " + self.today.isoformat(), "$text-muted"),
            ("  tactics unfolded (F folds)" if self._unfold_all else "", "$text-muted")), layout=False)
        self._show_detail()

    def _show_detail(self) -> None:
        """The line under the table: what the cursor is on, in words (focus without colour)."""
        payload = self.table.cursor_payload
        if payload is None:
            self._say(Content(""))
            return
        if isinstance(payload[0], Tactic):
            self._show_tactic_detail(payload[0])
            return
        goal, _ = payload
        mark = self._selected_mark(goal.id)
        if mark is not None:
            state = "overdue" if mark.overdue else ("done" if mark.done else "open")
            self._say(Content.assemble(
                (f"{mark.glyph} {mark.kind} ", "bold"), one_line(mark.text or "(no text)", 60),
                f"  due {mark.due.isoformat()}  ", (state, "$error bold" if mark.overdue else "")))
            return
        state = goal_state(goal, self.today)
        span = (" - ".join(d.isoformat() if d else "no date" for d in (goal.start, goal.due))
                if goal.start or goal.due else "no dates")
        marks = self.marks(goal.id)
        told = f"{counted(len(marks), 'mark')} (h/l)" if marks else "no marks"
        share = rollup(goal, self._children)
        served = f"  goals serving it: {share:.0%}" if share is not None else ""
        tactics = len(self._tactics.get(goal.id, ()))
        fold = f"  f: {'fold' if self.unfolded(goal.id) else 'unfold'} {counted(tactics, 'tactic')}" if tactics else ""
        self._say(Content.assemble(
            (f"{round(goal_progress(goal) * 100)}% ", "bold"),
            (state + ("!" if state == "overdue" else ""), "$error bold" if state == "overdue" else ""),
            f"  {span}  {told}{served}", (fold, "$text-muted")))

    def _show_tactic_detail(self, tactic: Tactic) -> None:
        mark = tactic_mark(tactic, self.today)
        late = mark is not None and mark.overdue
        due = f"due {tactic.due.isoformat()}" if tactic.due else "no due date"
        self._say(Content.assemble(
            (f"{mark.glyph if mark else glyphs.tactic} tactic ", "bold"), one_line(tactic.text or "(no text)", 50),
            f"  {due}  ", ("overdue" if late else tactic.status, "$error bold" if late else ""),
            (f"  {one_line(tactic.owner, 20)}" if tactic.owner.strip() else "", "$text-muted")))

    def _say(self, content: Content) -> None:
        """The line under the table (one line high: no layout needed, which saves a pass a key)."""
        self.query_one("#roadmap-detail", Static).update(content, layout=False)

    def on_row_table_highlighted(self, event: RowTable.Highlighted) -> None:
        self._show_detail()

    # -- keys --------------------------------------------------------------------------------
    def action_mark(self, step: int) -> None:
        payload = self.table.cursor_payload
        if payload is None:
            return
        if isinstance(payload[0], Tactic):  # a tactic's row has one mark: its due date, brought into view
            if payload[0].due is not None:
                self._bring_into_view(payload[0].due)
            return
        goal = payload[0]
        marks = self.marks(goal.id)
        if not marks:
            self.notify("No dated milestones or tactics on this goal.", markup=False, timeout=2)
            return
        index = self._selected.get(goal.id)
        index = (0 if step > 0 else len(marks) - 1) if index is None else index + step
        if 0 <= index < len(marks):
            self._selected[goal.id] = index
            self._bring_into_view(marks[index].due)
        else:
            self._selected.pop(goal.id, None)  # past either end: the goal itself again
        self.table.refresh_rows([goal.id])
        self._show_detail()

    def _bring_into_view(self, day: date) -> None:
        width = self.table.timeline_width()
        column = column_of(day, self.zoom, self.origin)
        if not 0 <= column < width:
            self.origin = period_of(day, self.zoom) - periods_in(width, self.zoom) // 4
            self.table.refresh_rows()
            self._show()

    def action_open(self) -> None:
        payload = self.table.cursor_payload
        if payload is None:
            return
        if isinstance(payload[0], Tactic):
            self.stratbook.show_item("tactics", payload[0].id)
            return
        goal = payload[0]
        mark = self._selected_mark(goal.id)
        if mark is not None and mark.kind == "tactic":
            self.stratbook.show_item("tactics", mark.id)
        else:
            self.stratbook.show_item("goals", mark.id if mark is not None else goal.id)

    def action_unfold(self) -> None:
        """Unfold the tactics of the goal at the cursor (or of the tactic's goal), or fold them."""
        payload = self.table.cursor_payload
        if payload is None:
            return
        item = payload[0]
        goal_id = item.goal if isinstance(item, Tactic) else item.id
        if not self._tactics.get(goal_id):
            self.notify(f"This goal has no tactics: {self.stratbook.key_named('app.section.tactics')} goes to Tactics, where "
                        f"{self.stratbook.key_named('tactics.add')} adds one.", markup=False)
            return
        self._toggled ^= {goal_id}
        self._selected.pop(goal_id, None)
        self._marks.pop(goal_id, None)
        table = self.table
        at = table.index_of(goal_id)
        if at is not None:  # only this goal's rows change: the others stay as drawn
            tactics = self._tactics[goal_id]
            if self.unfolded(goal_id):
                depth = table.rows[at][1][1]
                table.insert_rows(at + 1, [(t.id, (t, depth + 1)) for t in tactics])
            else:  # its tactics are the rows right under it; the cursor on one goes to the goal
                table.remove_rows(at + 1, len(tactics))
            table.refresh_rows([goal_id])
        self._show_detail()

    def action_unfold_all(self) -> None:
        """Every goal's tactics unfolded, or (when they all are) folded."""
        self._unfold_all = not self._unfold_all or bool(self._toggled)  # some folded: unfold them all first
        self._toggled.clear()
        self._selected.clear()
        self._marks.clear()
        payload = self.table.cursor_payload
        item = payload[0] if payload is not None else None
        # A tactic under the cursor folded away: the cursor goes to its goal.
        self.table.set_rows(self._rows(), cursor_key=item.goal if isinstance(item, Tactic) else None)
        self._show()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "zoom" and parameters:  # the footer offers the zoom there is still room for
            return 0 <= ZOOMS.index(self.zoom) + int(parameters[0]) < len(ZOOMS)  # type: ignore[call-overload]
        return True

    def action_zoom(self, step: int) -> None:
        index = ZOOMS.index(self.zoom) + step
        if not 0 <= index < len(ZOOMS):
            return
        # Keep the middle of the view where it is.
        width = self.table.timeline_width()
        middle = period_start(self.origin + periods_in(width, self.zoom) // 2, self.zoom)
        self.zoom = ZOOMS[index]
        self.origin = period_of(middle, self.zoom) - periods_in(width, self.zoom) // 2
        self.table.refresh_rows()
        self._show()
        self.refresh_bindings()

    def action_shift(self, direction: int) -> None:
        width = self.table.timeline_width()
        self.origin = self.origin + direction * step_of(width, self.zoom)
        self.table.refresh_rows()
        self._show()

    def action_today(self) -> None:
        self._shift = 0
        self.table.refresh_rows()
        self._show()

    def cursor_ref(self) -> str | None:
        return self.table.cursor_key

    def focus_item(self, item_id: str) -> bool:
        if not self.table.move_to(item_id):
            return False
        self.table.focus()
        return True

    def section_commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Roadmap by months", "Zoom in: four cells a month", lambda: self.action_zoom(-1)),
            ("Roadmap by quarters", "Zoom out: six cells a quarter", lambda: self.action_zoom(1)),
            ("Roadmap earlier", "Move the view back in time ([)", lambda: self.action_shift(-1)),
            ("Roadmap later", "Move the view on in time (])", lambda: self.action_shift(1)),
            ("Roadmap from today", "Bring today back into view", self.action_today),
            ("Roadmap tactics unfolded", "Every goal's tactics on rows of their own, or folded (F)",
             self.action_unfold_all),
        ]
