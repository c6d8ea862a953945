"""Tactics: the how and when. Every tactic, grouped under its goal, with owner, due date
and status; overdue ones stand out.

Keys come from the app's one keymap (tui/keymap.py): `a` adds a tactic to the goal
under the cursor, `e` edits, `d` deletes, `s` cycles the status, space marks it done
(or todo again), `/` filters, `K`/`J` reorder it under its goal, `g` opens the goal;
`m` moves it to another goal and `w` shows only the highlighted tactic's owner.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from tui.glyphs import glyphs
from tui.model import dates
from tui.model.edits import Batch, Edit, Insert, Move, Remove, RemoveAll, SetEach, SetFields, move_all
from tui.model.goals import (
    TacticView,
    group_tactics,
    move_tactic,
    next_tactic_status,
    owners,
    tactic_overdue,
)
from tui.model.swot import reorder_index
from tui.model.text import counted, one_line
from tui.model.workbook import TACTIC_STATUSES, Goal, Tactic
from tui.keymap import bind, clear_filter_key, mark_keys
from tui.modals.goal_forms import add_tactics, adding_tactics, tactic_changes, tactic_filter_form, tactic_form, tactic_view_from
from tui.modals.picker import PickerDialog, PickItem
from tui.screens.base import SectionScreen
from tui.widgets.goal_table import Column, RowTable
from tui.widgets.goal_view import STATUS_STYLE, due_text, tactic_mark

COLUMNS = [
    Column("text", "Tactic"),
    Column("owner", "Owner", 14, wide=20, hide=1),
    Column("due", "Due", 11, hide=2),
    Column("status", "Status", 7),
]
ORPHANS = "goal:-"


class TacticList(RowTable):
    """Tactics under their goals; a goal's heading is a row too (a adds a tactic there)."""
    FILTERED = True

    BINDINGS = [
        bind("add", "screen.add_tactic", "tactics", tooltip="A new tactic under the goal at the cursor"),
        bind("edit", "screen.edit_tactic", "tactics", also="enter",
             tooltip="Text, owner, due date and status (on a goal's heading: open the goal)"),
        bind("status", "screen.cycle_status(1)", "tactics", tooltip="todo, doing, done, blocked"),
        bind("status_back", "screen.cycle_status(-1)", "tactics", show=False),
        bind("done", "screen.toggle_done", "tactics", show=False, tooltip="Done, or back to todo"),
        bind("delete", "screen.delete_tactic", "tactics"),
        Binding("m", "screen.move_tactic", "Move", id="tactics.move", show=False,
                tooltip="Move the tactic to another goal"),
        bind("filter", "screen.filter", "tactics", show=False, tooltip="Show tactics of one owner or status"),
        Binding("w", "screen.only_owner", "Whose", id="tactics.owner", show=False,
                tooltip="Show only this tactic's owner (again: everyone)"),
        bind("go", "screen.open_goal", "tactics", description="Goal", show=False, tooltip="Open the goal"),
        bind("move_up", "screen.reorder(-1)", "tactics", show=False, tooltip="Move the tactic up under its goal"),
        bind("move_down", "screen.reorder(1)", "tactics", show=False, tooltip="Move the tactic down under its goal"),
        *mark_keys("tactics"),
    ]


class TacticsScreen(SectionScreen):
    SECTION = "tactics"
    GUIDE = (
        "Tactics are the how and when under each goal: one action, one owner, one date.\n"
        "{keys[tactics.add]} adds one to the goal under the cursor; {keys[tactics.status]} moves it on: todo, doing, done,\n"
        "blocked; {keys[tactics.done]} marks it done (or todo again). Overdue tactics are red. {keys[tactics.filter]} filters.\n"
        "{keys[tactics.mark]} marks tactics ({keys[tactics.mark_all]}: all shown, {keys[tactics.unmark]}: none); then {keys[tactics.delete]}, {keys[tactics.move]}, {keys[tactics.status]}, {keys[tactics.done]} and {keys[tactics.edit]} act on\n"
        "every marked tactic at once ({keys[tactics.edit]}: owner, due date, status), one {keys[app.undo]} undoes it."
    )

    BINDINGS = [clear_filter_key("tactics")]

    def __init__(self) -> None:
        super().__init__()
        self.view = TacticView()
        self._today = dates.today()
        self._goals: dict[str, Goal] = {}
        self._counts = (0, 0)
        """Tactics shown and in all, for the bar."""
        self._late: set[str] = set()
        """The ids of the overdue tactics (of all, shown or not), for the bar: counted again from
        every tactic only when the list is made again or the day changes; an edit of a row (a
        status, a tactic added, deleted or moved) brings it up to date for that tactic."""

    def body(self) -> ComposeResult:
        yield Static(id="tactics-bar")
        yield TacticList(COLUMNS, self._render_row, empty="No goals yet: tactics belong to goals (5 Goals, a).",
                         id="tactics-list")

    def on_mount(self) -> None:
        # (SectionScreen.on_mount shows the workbook: Textual runs every class's on_mount.)
        self.table.focus()

    @property
    def table(self) -> TacticList:
        return self.query_one("#tactics-list", TacticList)

    # -- showing the model ---------------------------------------------------------------
    def _render_row(self, key: str, payload) -> dict[str, Content] | Content:
        if isinstance(payload, Tactic):
            late = tactic_overdue(payload, self._today)
            style = STATUS_STYLE.get(payload.status, "")
            text_style = "$text-muted" if payload.status == "done" else ""
            return {
                "text": Content.assemble("  ", (tactic_mark(payload.status) + " ", style),
                                         (one_line(payload.text or "(no text)"), text_style)),
                "owner": Content(one_line(payload.owner)) if payload.owner.strip() else Content.styled("-", "$text-muted"),
                "due": Content.assemble(due_text(payload.due, self._today, late), ("!" if late else "", "$error bold")),
                "status": Content.styled(payload.status, style),
            }
        goal, tactics = payload
        done = sum(1 for t in tactics if t.status == "done")
        late = sum(1 for t in tactics if tactic_overdue(t, self._today))
        title = one_line(goal.title or "(untitled goal)") if goal is not None else "Tactics whose goal is missing"
        parts: list = [(f"{glyphs.heading} ", "$accent"), (title, "bold")]
        if tactics:
            parts.append((f"  {done}/{len(tactics)} done", "$text-muted"))
        else:
            parts.append((f"  no tactics yet: {self.stratbook.shown_key('tactics.add')} adds one", "$text-muted"))
        if late:
            parts.append((f"  {late} overdue", "$error bold"))
        return Content.assemble(*parts)

    def refresh_model(self, edit: Edit | None) -> None:
        today = dates.today()
        new_day, self._today = today != self._today, today
        workbook = self.stratbook.workbook
        if self._in_place(edit):
            self.table.refresh_rows(self._rows_showing(edit.ref))  # they hold the changed object
            if edit.ref.startswith("tac-"):
                self._follow_late(self.table.rows[self.table.index_of(edit.ref)][1])
            self._show_bar(self._counts[0], len(workbook.tactics), recount=new_day)  # the same rows shown
            return
        if self._one_row(edit):
            self._show_bar(len(workbook.tactics), len(workbook.tactics), recount=new_day)
            return
        self._goals = {goal.id: goal for goal in workbook.goals}
        rows: list[tuple[str, object]] = []
        count = 0
        for goal, tactics in group_tactics(workbook, self.view, self._today):
            rows.append((f"goal:{goal.id}" if goal is not None else ORPHANS, (goal, tactics)))
            rows.extend((t.id, t) for t in tactics)
            count += len(tactics)
        cursor = None
        if isinstance(edit, Insert) and edit.container == "tactics":
            cursor = edit.item.id
        self.table.set_rows(rows, cursor_key=cursor)
        self._show_bar(count, len(workbook.tactics), recount=True)

    def _in_place(self, edit: Edit | None) -> bool:
        """Whether `edit` changes only what rows show, not which rows there are or their order:
        a field of a goal, or of a tactic (not its goal) while no filter could hide it."""
        if not isinstance(edit, SetFields) or "goal" in edit.changes or not self.table.rows:
            return False
        if edit.ref.startswith("tac-"):
            return not self.view.filtered and self.table.index_of(edit.ref) is not None
        return edit.ref.startswith("gol-")

    def _rows_showing(self, ref: str) -> list[str]:
        """The rows that show the goal or tactic `ref`: its own and its goal's heading (which
        counts its tactics done and overdue)."""
        if ref.startswith("gol-"):
            return [f"goal:{ref}"]
        tactic = self.table.rows[self.table.index_of(ref)][1]
        return [ref, f"goal:{tactic.goal}" if tactic.goal in self._goals else ORPHANS]

    def _one_row(self, edit: Edit | None) -> bool:
        """Change just the row of a tactic added, deleted or moved to another goal while no
        filter is on: a full refresh at 10,000 tactics costs more than a keypress should.
        False when the edit is not one of those (the caller refreshes everything)."""
        if self.view.filtered:
            return False
        if isinstance(edit, Insert) and edit.container == "tactics":
            return self._insert_row(edit.item)
        if isinstance(edit, Remove) and edit.container == "tactics":
            return self._remove_row(edit.item_id)
        if isinstance(edit, Batch) and edit.edits:
            refs = {e.ref if isinstance(e, SetFields) else getattr(e, "item_id", None) for e in edit.edits}
            moves = all(isinstance(e, Move) and e.container == e.to_container == "tactics"
                        or isinstance(e, SetFields) and set(e.changes) == {"goal"} for e in edit.edits)
            if moves and len(refs) == 1:
                index = self.table.index_of(refs.pop())
                tactic = self.table.rows[index][1] if index is not None else None
                return isinstance(tactic, Tactic) and self._remove_row(tactic.id) and self._insert_row(tactic)
        return False

    def _remove_row(self, tactic_id: str) -> bool:
        table = self.table
        index = table.index_of(tactic_id)
        if index is None:
            return False
        for heading in range(index - 1, -1, -1):
            key, payload = table.rows[heading]
            if isinstance(payload, tuple):
                payload[1][:] = [t for t in payload[1] if t.id != tactic_id]
                table.remove_row(tactic_id)
                self._late.discard(tactic_id)
                table.refresh_rows([key])
                return True
        return False

    def _insert_row(self, tactic: Tactic) -> bool:
        table = self.table
        heading = f"goal:{tactic.goal}" if tactic.goal in self._goals else ORPHANS
        start = table.index_of(heading)
        if start is None:
            return False
        siblings = table.rows[start][1][1]
        tactics = self.stratbook.workbook.tactics
        position = next(i for i, t in enumerate(tactics) if t is tactic)  # identity: `==` compares every field
        before = {t.id for t in tactics[:position]}
        at = sum(1 for t in siblings if t.id in before)  # siblings are in file order
        siblings.insert(at, tactic)
        table.insert_row(start + 1 + at, tactic.id, tactic)
        table.move_to(tactic.id)
        table.refresh_rows([heading])
        self._follow_late(tactic)
        return True

    def _follow_late(self, tactic: Tactic) -> None:
        if tactic_overdue(tactic, self._today):
            self._late.add(tactic.id)
        else:
            self._late.discard(tactic.id)

    def _show_bar(self, shown: int, total: int, recount: bool = False) -> None:
        self._counts = (shown, total)
        if recount:
            self._late = {t.id for t in self.stratbook.workbook.tactics if tactic_overdue(t, self._today)}
        late = len(self._late)
        parts: list = [("Tactics ", "bold"), f"{shown:,}" if shown == total else f"{shown:,} of {total:,}"]
        if self.item_marks:
            parts += ["  ", (f"{len(self.item_marks):,} marked", "bold reverse")]
        if late:
            parts.append((f"  {late:,} overdue", "$error"))
        if self.view.status:
            parts += [("  status ", "$text-muted"), self.view.status]
        if self.view.owner:
            parts += [("  owner ", "$text-muted"), one_line(self.view.owner, 24)]
        if self.item_marks:
            key = self.stratbook.shown_key
            parts.append((f": {key('tactics.delete', 'd')} {key('tactics.move', 'm')} {key('tactics.status', 's')} "
                          f"{key('tactics.done', 'space')} {key('tactics.edit', 'e')} act on them; "
                          f"{key('tactics.unmark', 'U')} unmarks" + ("  /: filter (on)" if self.view.filtered else ""),
                          "$text-muted"))
        else:
            parts.append(("   m: move  w: one owner  g: goal  /: filter" + (" (on)" if self.view.filtered else ""),
                          "$text-muted"))
        self.query_one("#tactics-bar", Static).update(Content.assemble(*parts))

    # -- marks: the keys are on the list (tui/screens/marking.py); the bulk actions below ------
    def show_marks(self) -> None:
        self._show_bar(*self._counts)

    def marked_tactics(self) -> list[Tactic]:
        """The marked tactics, in file order."""
        return self.marked_in(self.stratbook.workbook.tactics)

    def _hidden_note(self, tactics: list[Tactic]) -> str:
        return self.hidden_note(tactics, lambda tactic: self.table.index_of(tactic.id) is not None)

    def _edit_marked(self, focus: str) -> None:
        self.edit_marked_fields(self.marked_tactics, "tactic", TACTIC_STATUSES,
                                lambda tactic: self.table.index_of(tactic.id) is not None, focus)

    # -- what is under the cursor -----------------------------------------------------------
    def current_tactic(self) -> Tactic | None:
        payload = self.table.cursor_payload
        return payload if isinstance(payload, Tactic) else None

    def current_goal(self) -> Goal | None:
        """The goal of the row under the cursor (a heading or a tactic)."""
        payload = self.table.cursor_payload
        if isinstance(payload, Tactic):
            return self._goals.get(payload.goal)
        if isinstance(payload, tuple):
            return payload[0]
        return None

    def cursor_ref(self) -> str | None:
        return self.table.cursor_key  # a tactic's id, or `goal:<id>` of a heading: focus_item takes both

    def focus_item(self, item_id: str) -> bool:
        key = f"goal:{item_id}" if item_id in self._goals else item_id
        if self.table.index_of(key) is None and self.view.filtered:
            self.view = TacticView()
            self.refresh_model(None)
        if not self.table.move_to(key):
            return False
        self.table.focus()
        return True

    # -- keys --------------------------------------------------------------------------------
    def action_add_tactic(self) -> None:
        goal = self.current_goal()
        if goal is None:
            self.notify("Put the cursor on a goal (or one of its tactics) first." if self.stratbook.workbook.goals
                        else "No goals yet: a tactic belongs to a goal. 5 goes to Goals, where a starts one.",
                        markup=False)
            return
        today = dates.today()
        current = self.current_tactic()

        def done(result: dict | None) -> None:
            if result:
                shown = Tactic("", goal.id, **tactic_changes(result, today))  # the filter reads no text
                if self.view.filtered and not self.view.matches(shown, today):
                    self.view = TacticView()
                add_tactics(self.stratbook, result, goal.id, current.id if current else None, today)

        form = tactic_form("New tactic", None, today, one_line(goal.title, 80), self.stratbook.derived(owners))
        self.app.push_screen(form.keeping(lambda result: adding_tactics(
            self.stratbook, result, goal.id, current.id if current else None, today)), done)

    def action_edit_tactic(self) -> None:
        if self.marked_tactics():
            self._edit_marked("owner")
            return
        tactic = self.current_tactic()
        if tactic is None:
            self.action_open_goal()
            return
        today = dates.today()
        goal = self._goals.get(tactic.goal)

        def editing(result: dict) -> SetFields | None:
            changes = {k: v for k, v in tactic_changes(result, today).items() if getattr(tactic, k) != v}
            return SetFields(tactic.id, changes, f"edit tactic {one_line(tactic.text, 40)}") if changes else None

        def done(result: dict | None) -> None:
            if result and (edit := editing(result)) is not None:
                self.stratbook.apply(edit)

        title = one_line(goal.title, 80) if goal else "a missing goal"
        form = tactic_form("Edit tactic", tactic, today, title, self.stratbook.derived(owners))
        self.app.push_screen(form.keeping(editing), done)

    def action_cycle_status(self, step: int) -> None:
        if self.marked_tactics():
            self._edit_marked("status")
            return
        tactic = self.current_tactic()
        if tactic is not None:
            self._set_status(tactic, next_tactic_status(tactic.status, step))

    def action_toggle_done(self) -> None:
        marked = self.marked_tactics()
        if marked:
            self.set_on_marked(marked, {"status": "todo" if all(t.status == "done" for t in marked) else "done"},
                               "tactic")
            return
        tactic = self.current_tactic()
        if tactic is not None:
            self._set_status(tactic, "todo" if tactic.status == "done" else "done")

    def _set_status(self, tactic: Tactic, status: str) -> None:
        if self.stratbook.apply(SetFields(tactic.id, {"status": status}, f"tactic {status}"),
                                merge_key=f"tactic-status:{tactic.id}"):
            self.notify(f"Tactic {status}: {one_line(tactic.text, 50)}.", markup=False, timeout=2)

    def action_reorder(self, delta: int) -> None:
        """Move the tactic one place up or down among its goal's tactics (as shown)."""
        tactic = self.current_tactic()
        if tactic is None:
            return
        tactics = self.stratbook.workbook.tactics
        shown = {key for key, payload in self.table.rows if isinstance(payload, Tactic)}
        siblings = [t.id for t in tactics if t.goal == tactic.goal and t.id in shown]
        index = reorder_index(siblings, [t.id for t in tactics], tactic.id, delta)
        if index is not None:
            self.stratbook.apply(Move("tactics", tactic.id, "tactics", index,
                                      f"move tactic {'up' if delta < 0 else 'down'}"))
            self.table.move_to(tactic.id)

    def action_delete_tactic(self) -> None:
        marked = self.marked_tactics()
        if marked:
            what = counted(len(marked), "marked tactic")
            self.delete_items(RemoveAll(tuple(Remove("tactics", t.id) for t in marked), f"delete {what}"),
                              [t.id for t in marked], what,
                              also=f"Every marked tactic goes{self._hidden_note(marked)}.")
            return
        tactic = self.current_tactic()
        if tactic is None and self.current_goal() is not None:
            self.notify("d deletes a tactic; a goal is deleted in Goals (5).", markup=False, timeout=3)
            return
        if tactic is not None:
            self.delete_items(Remove("tactics", tactic.id, f"delete tactic {one_line(tactic.text, 40)}"),
                              [tactic.id], "tactic")

    def _move_marked(self, marked: list[Tactic]) -> None:
        """Every marked tactic under one goal, after its own tactics: one edit."""
        items = [PickItem(g.id, g.title or "(untitled)", detail=g.status) for g in self.stratbook.workbook.goals]
        if not items:
            self.notify("There is no goal to move them to.", markup=False)
            return

        def done(chosen: list[str] | None) -> None:
            goal = self._goals.get(chosen[0]) if chosen else None
            if goal is None:
                return
            workbook = self.stratbook.workbook
            moving = [t for t in self.marked_tactics() if t.goal != goal.id]
            if not moving:
                self.notify("They are all under that goal already.", markup=False, timeout=3)
                return
            label = f"move {counted(len(moving), 'tactic')} to {one_line(goal.title or 'untitled', 40)}"
            edit = Batch((SetEach(tuple(SetFields(t.id, {"goal": goal.id}) for t in moving)),
                          move_all(workbook, [("tactics", t.id) for t in moving], "tactics", label)), label)
            if self.stratbook.apply(edit):
                self.notify(f"Moved {counted(len(moving), 'tactic')} to {one_line(goal.title or 'untitled', 50)}. "
                            f"{self.stratbook.key_named('app.undo')} puts them back.", markup=False, timeout=3)

        self.app.push_screen(PickerDialog(f"Move {counted(len(marked), 'marked tactic')} to goal{self._hidden_note(marked)}",
                                          items, (), hint="enter on a goal moves them there, after its own "
                                          "tactics; / finds one by name.", single=True), done)

    def action_move_tactic(self) -> None:
        marked = self.marked_tactics()
        if marked:
            self._move_marked(marked)
            return
        tactic = self.current_tactic()
        if tactic is None:
            return
        goals = [g for g in self.stratbook.workbook.goals if g.id != tactic.goal]
        if not goals:
            self.notify("There is no other goal to move it to.", markup=False)
            return
        items = [PickItem(g.id, g.title or "(untitled)", detail=g.status) for g in goals]

        def done(chosen: list[str] | None) -> None:
            if chosen:
                goal = self._goals.get(chosen[0])
                if goal is not None:
                    self.stratbook.apply(move_tactic(self.stratbook.workbook, tactic, goal))
                    self.table.move_to(tactic.id)

        self.app.push_screen(PickerDialog(f"Move to goal: {one_line(tactic.text, 50)}", items, (),
                                          hint="enter on a goal moves the tactic there; / finds one by name.",
                                          single=True), done)

    def action_filter(self) -> None:
        def done(result: dict | None) -> None:
            if result:
                self.view = tactic_view_from(result)
                self.refresh_model(None)

        self.app.push_screen(tactic_filter_form(self.view, self.stratbook.derived(owners)), done)

    def clear_filter(self) -> None:
        self.view = TacticView()
        self.refresh_model(None)

    def action_only_owner(self) -> None:
        tactic = self.current_tactic()
        if self.view.owner is not None:
            self.view = TacticView(None, self.view.status)
        elif tactic is not None:
            self.view = TacticView(tactic.owner.strip() or "-", self.view.status)
        else:
            return
        key = tactic.id if tactic else None
        self.refresh_model(None)
        if key:
            self.table.move_to(key)

    def action_open_goal(self) -> None:
        goal = self.current_goal()
        if goal is not None:
            self.stratbook.show_item("goals", goal.id)
        elif self.table.cursor_payload is not None:  # a tactic (or the heading) of a goal that is missing
            self.notify(f"This tactic's goal is not in the workbook: {self.stratbook.key_named('tactics.move')} moves it under a goal.",
                        markup=False)

    def section_commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Add a tactic", "A new tactic under the goal at the cursor", self.action_add_tactic),
            ("Filter tactics", "By owner and status", self.action_filter),
            ("Show all tactics", "Clear the filter", lambda: (setattr(self, "view", TacticView()),
                                                              self.refresh_model(None))),
            ("Overdue tactics", "Only tactics past their due date and not done",
             lambda: (setattr(self, "view", TacticView(status="overdue")), self.refresh_model(None))),
        ]

