"""Goals: every goal with its framework, status, owner, due date, progress and warnings.

`n` writes a new goal with the wizard, `e` reopens it, `enter` opens a goal's
detail, `u` updates progress, `s` changes the status, `f` filters and `o`
changes the order. The actions that also work in a goal's detail live in
`GoalActions`. `v` shows the same goals as a balanced-scorecard strategy map:
grouped by perspective, with each goal's links (what it serves, what serves it) in words.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import ContentSwitcher, Static

from tui.glyphs import glyphs
from tui.model import dates
from tui.model.dates import parse_date
from tui.model.alignment import children_map, folded_tree, rollup_text, tree_order
from tui.model.checkins import close_goal as close_checkins_goal
from tui.model.checkins import goal_standing, targets_of
from tui.model.checks import Finding, check_goal
from tui.model.edits import Batch, Edit, Move, Remove, RemoveAll, SetFields
from tui.model.ids import id_prefix
from tui.model.goals import (
    SORT_LABELS,
    SORTS,
    GoalView,
    cycle,
    goal_edit,
    goal_overdue,
    next_goal_status,
    owners,
    tactics_of,
    visible_goals,
)
from tui.model.progress import NO_MEASURE, goal_progress, has_measure
from tui.model.swot import reorder_index
from tui.model.text import counted, one_line
from tui.model.strategy_map import (
    ORDER,
    PERSPECTIVE_QUESTIONS,
    GoalLinks,
    LinkIndex,
    perspective_groups,
    perspective_name,
)
from tui.model.search import line_ref, split_line_ref
from tui.model.workbook import GOAL_STATUSES, PERSPECTIVES, Goal, Workbook
from tui.keymap import bind, clear_filter_key, mark_keys
from tui.modals.goal_forms import add_tactics, adding_tactics, closing_form, goal_filter_form, goal_view_from, tactic_form
from tui.modals.picker import PickerDialog, PickItem
from tui.screens.base import SectionScreen
from tui.widgets.goal_table import Column, RowTable
from tui.widgets.goal_view import DetailItem, due_text, framework_name, standing_text, status_text
from tui.widgets.progress_bar import progress_bar
from tui.widgets.strategy_map import HEADING, StrategyMap

if TYPE_CHECKING:
    from tui.app import StratbookApp

COLUMNS = [
    Column("title", "Goal"),
    Column("framework", "Type", 7, hide=2),
    Column("status", "Status", 8, hide=3),
    Column("owner", "Owner", 12, wide=18, hide=1),
    Column("due", "Due", 10, hide=4),
    Column("progress", "Progress", 9, wide=15),
    Column("pace", "Pace", 11, wide=12, hide=5),
    Column("warnings", "", 2, align="right", glyph="warning"),
]


MAP_COLUMNS = [
    Column("title", "Goal"),
    Column("status", "Status", 8, hide=1),
    Column("progress", "Progress", 9, wide=15),
    Column("link", "Link", 6),
]
"""The strategy map's columns; `link` says how a goal relates to the one under the cursor."""
LIST_VIEW, MAP_VIEW = "goals-list-view", "goals-map-view"
NAMES_PER_LINE = 3
"""How many linked goals a line of the map's detail names before `and N more`."""
LIST_ROW = "row"
"""The kind in a `line_ref` of a goal's row in the list (not a line of its detail)."""
LIST_LINES = (DetailItem(LIST_ROW),)
FOLD_MARKS = {False: "- ", True: "+ "}
"""Before a served goal's title in the tree: its goals shown (-) or folded away (+); ASCII, no colour."""


def place_in_goal(workbook: Workbook, ref: str) -> tuple[Goal, tuple[DetailItem, ...]] | None:
    """The goal that `ref` is in, and the lines of its detail that show it, best first: `ref` is a
    goal, key result, milestone or check-in id, or a `line_ref` of a goal (its row in the list:
    `LIST_LINES`). A check-in too old to have a line of its own is shown by its measure's line."""
    parts = split_line_ref(ref)
    if parts is not None:
        goal = next((g for g in workbook.goals if g.id == parts[0]), None)
        return (goal, (DetailItem(parts[1], parts[2]),)) if goal is not None else None
    for goal in workbook.goals:
        if goal.id == ref:
            return goal, ()
        for kr in goal.key_results:
            if kr.id == ref:
                return goal, (DetailItem("kr", ref),)
            if any(c.id == ref for c in kr.checkins):
                return goal, (DetailItem("checkin", ref), DetailItem("kr", kr.id))
        if any(m.id == ref for m in goal.milestones):
            return goal, (DetailItem("milestone", ref),)
        if any(c.id == ref for c in goal.checkins):
            return goal, (DetailItem("checkin", ref), DetailItem("measure"))
    return None


NO_PARENT = "none"
"""The picker's row for "serves no goal" (never a goal's id: those start with gol-)."""


class GoalActions:
    """What both the goals list and a goal's detail can do to a goal."""

    stratbook: StratbookApp

    def today(self) -> date:
        return dates.today()

    def goal_saved(self, goal_id: str) -> None:
        """Called after the wizard saved a goal (new or changed)."""

    def open_wizard(self, goal: Goal | None, start_at: str | None = None) -> None:
        from tui.modals.wizard import GoalWizard

        workbook = self.stratbook.workbook
        if self.stratbook.read_only:
            self.stratbook.refuse_read_only()
            return

        def done(result: Goal | None) -> None:
            if result is None:
                return
            edit = goal_edit(goal, result, len(workbook.goals))
            if edit is None:
                self.stratbook.notify("No changes.", markup=False, timeout=2)
                return
            if self.stratbook.apply(edit):
                self.goal_saved(result.id)
                verb = "Added" if goal is None else "Saved"
                self.stratbook.notify(f"{verb}. {self.stratbook.key_named('app.undo')} undoes the whole goal; "
                                      f"{self.stratbook.key_named('goals.tactic')} adds a tactic.",
                                      markup=False, timeout=3)

        self.stratbook.push_screen(GoalWizard(workbook, goal, self.today(), start_at), done)

    def cycle_goal_status(self, goal: Goal | None, step: int = 1) -> None:
        if goal is None:
            return
        status = next_goal_status(goal.status, step)
        if self.stratbook.apply(SetFields(goal.id, {"status": status}, f"status {status}: {one_line(goal.title, 40)}"),
                                merge_key=f"goal-status:{goal.id}"):
            key = self.stratbook.key_of("screen.cycle_status(1)")  # the user's keymap may have moved it
            again = f" {key} again: the next status." if key else ""
            self.stratbook.notify(f"Goal {status}: {one_line(goal.title or '(untitled)', 50)}.{again}", markup=False,
                                  timeout=2)

    def update_progress(self, goal: Goal | None, only: str | None = None) -> None:
        """Check in on the goal's measure, or on its key results one after another (only one
        if `only`, a key result's id or "measure")."""
        if goal is None:
            return
        targets = list(targets_of(goal))
        if only is not None:
            targets = [t for t in targets if (t.key_result.id if t.key_result is not None else "measure") == only]
        elif goal.framework == "okr" and goal.key_results or goal.measure is None:
            targets = [t for t in targets if t.key_result is not None]
        else:
            targets = targets[:1]
        if not targets:
            self.stratbook.notify(f"This goal has no measure or key results: {self.stratbook.key_named('goals.edit')} adds them in the wizard.",
                                  markup=False)
            return
        self.stratbook.check_in(targets)

    def close_goal(self, goal: Goal | None) -> None:
        """Close the goal's period: a grade (prefilled from progress), what was learnt, and
        optionally a new goal that carries it forward."""
        if goal is None:
            return
        today = self.today()

        def closing(result: dict) -> tuple[Edit, Goal | None]:
            carry = result["carry"] == "yes"
            new_due = parse_date(result["due"], today) if carry else None
            return close_checkins_goal(self.stratbook.workbook, goal, today, result["score"],
                                       result["lessons"], carry, today if carry else None, new_due)

        def done(result: dict | None) -> None:
            if not result:
                return
            edit, carried = closing(result)
            if self.stratbook.apply(edit):
                note = f" Carried forward as a new goal ({carried.id})." if carried is not None else ""
                self.stratbook.notify(f"Closed: {goal.status}.{note} {self.stratbook.key_named('app.undo')} undoes it.", markup=False, timeout=4)

        self.stratbook.push_screen(closing_form(goal, today).keeping(lambda result: closing(result)[0]), done)

    def add_tactic(self, goal: Goal | None, after: str | None = None) -> None:
        if goal is None:
            return
        today = self.today()

        def done(result: dict | None) -> None:
            if result:
                add_tactics(self.stratbook, result, goal.id, after, today)

        form = tactic_form("New tactic", None, today, one_line(goal.title, 80), self.stratbook.derived(owners))
        self.stratbook.push_screen(
            form.keeping(lambda result: adding_tactics(self.stratbook, result, goal.id, after, today)), done)

    def delete_goal(self, goal: Goal | None) -> None:
        if goal is None:
            return
        tactics = tactics_of(self.stratbook.workbook, goal.id)
        edits: list[Edit] = [Remove("tactics", t.id) for t in tactics]
        edits.append(Remove("goals", goal.id))
        also = (f"It has {counted(len(tactics), 'tactic')}; {'it goes' if len(tactics) == 1 else 'they go'} "
                "with it." if tactics else "")
        self.delete_items(Batch(tuple(edits), f"delete goal {one_line(goal.title, 40)}"), [goal.id], "goal", also)


class GoalList(RowTable):
    """The goals, one per line."""
    FILTERED = True

    BINDINGS = [
        Binding("enter", "select", "Open", id="goals.open", show=False,
                tooltip="The goal's answers, measure, links, tactics"),
        bind("add", "screen.new_goal", "goals", description="New", tooltip="Write a goal with the wizard"),
        bind("edit", "screen.edit_goal", "goals", tooltip="Reopen the wizard on this goal"),
        Binding("u", "screen.update_progress", "Check in", id="goals.progress",
                tooltip="Check in: today's value of the measure or key results, confidence and a note"),
        bind("status", "screen.cycle_status(1)", "goals", tooltip="draft, active, achieved, missed, dropped"),
        bind("status_back", "screen.cycle_status(-1)", "goals", show=False),
        bind("filter", "screen.filter", "goals", show=False, tooltip="Show goals of a status or framework"),
        bind("order", "screen.cycle_sort", "goals", show=False, tooltip="File order, due date, progress, title"),
        bind("move_up", "screen.reorder(-1)", "goals", show=False,
             tooltip="Move the goal up the file order (the order shown with o: file order)"),
        bind("move_down", "screen.reorder(1)", "goals", show=False, tooltip="Move the goal down the file order"),
        Binding("t", "screen.add_tactic", "Add tactic", id="goals.tactic", show=False,
                tooltip="A new action under this goal"),
        bind("delete", "screen.delete_goal", "goals", show=False,
             tooltip="Delete the goal with its tactics; says first what links to it. Undo brings it back"),
        Binding("p", "screen.choose_parent", "Serves", id="goals.parent", show=False,
                tooltip="The goal this one serves (its parent), or none"),
        Binding("c", "screen.choose_perspective", "Perspective", id="goals.perspective", show=False,
                tooltip="The goal's balanced-scorecard perspective: financial, customer, internal, learning"),
        Binding("f", "screen.fold", "Fold", id="goals.fold", show=False,
                tooltip="Fold away the goals that serve this one, or show them again"),
        Binding("v", "screen.toggle_map", "Map", id="goals.map",
                tooltip="The strategy map: goals by scorecard perspective, with what each serves"),
        *mark_keys("goals"),
    ]


class GoalsScreen(GoalActions, SectionScreen):
    SECTION = "goals"
    GUIDE = (
        "Goals turn strategy into results. {keys[goals.add]} writes one with the wizard: pick a framework\n"
        "(SMART, OKR, BHAG, ...), answer its questions, give it a number, dates and links.\n"
        "The warning column counts what would make the goal vague, unowned or unmeasurable.\n"
        "{keys[goals.map]} shows the strategy map: the goals by balanced-scorecard perspective ({keys[goals.perspective]} sets it), each\n"
        "with the goals it serves and that serve it ({keys[goals.parent]}), cause and effect in words. In the list\n"
        "the goals that serve a goal sit under it; {keys[goals.fold]} folds them away and shows them again.\n"
        "{keys[goals.mark]} marks goals ({keys[goals.mark_all]}: all shown, {keys[goals.unmark]}: none); then {keys[goals.delete]}, {keys[goals.status]} and {keys[goals.edit]} act on every marked goal\n"
        "at once ({keys[goals.edit]}: owner, due date, status), and one {keys[app.undo]} undoes it."
    )

    BINDINGS = [clear_filter_key("goals")]

    def __init__(self) -> None:
        super().__init__()
        self.view = GoalView()
        self._findings: dict[str, list[Finding]] = {}
        self._today = self.today()
        self._depth: dict[str, int] = {}
        """How deep each goal sits under the goals it serves (shown as a tree in file order)."""
        self._children: dict[str, list[Goal]] = {}
        self._folded: set[str] = set()
        """Goals whose serving goals the tree hides (f), for this session."""
        self._tree_shown = False
        self._map_stale = True
        self._links = LinkIndex([])
        self._related: dict[str, str] = {}
        """Goal id: how it relates to the goal under the map's cursor (cause, effect, link)."""
        self._counts = (0, 0)
        """Goals shown and in all, for the bar."""

    def body(self) -> ComposeResult:
        yield Static(id="goals-bar")
        with ContentSwitcher(initial=LIST_VIEW, id="goals-views"):
            with Vertical(id=LIST_VIEW):
                yield GoalList(COLUMNS, self._render_goal, empty=f"No goals yet: press {self.stratbook.shown_key('goals.add')} to write the first one.",
                               id="goals-list")
                yield Static(id="goals-note")
            with Vertical(id=MAP_VIEW):
                yield StrategyMap(MAP_COLUMNS, self._render_map_row, empty="No goals yet: v, then a writes one.",
                                  id="goals-map")
                yield Static(id="goals-map-detail")

    def on_mount(self) -> None:
        # (SectionScreen.on_mount shows the workbook: Textual runs every class's on_mount.)
        self.table.focus()

    @property
    def table(self) -> GoalList:
        return self.query_one("#goals-list", GoalList)

    @property
    def strategy_map(self) -> StrategyMap:
        return self.query_one("#goals-map", StrategyMap)

    @property
    def map_shown(self) -> bool:
        return self.query_one("#goals-views", ContentSwitcher).current == MAP_VIEW

    # -- showing the model ----------------------------------------------------------
    def findings(self, goal: Goal) -> list[Finding]:
        found = self._findings.get(goal.id)
        if found is None:
            found = self._findings[goal.id] = check_goal(goal, self._today)
        return found

    def _render_goal(self, key: str, goal: Goal) -> dict[str, Content]:
        warnings = len(self.findings(goal))
        return {
            "title": Content("  " * min(self._depth.get(goal.id, 0), 4) + self._fold_mark(goal)
                             + one_line(goal.title or "(untitled)")),
            "framework": Content(framework_name(goal.framework)),
            "status": status_text(goal.status),
            "owner": Content(one_line(goal.owner)) if goal.owner.strip() else Content.styled("-", "$text-muted"),
            "due": due_text(goal.due, self._today, goal_overdue(goal, self._today)),
            "progress": (progress_bar(goal_progress(goal), 10 if self.table.is_wide else 4) if has_measure(goal)
                         else Content.styled(NO_MEASURE if self.table.is_wide else glyphs.dash, "$text-muted")),
            # Pace is owed by active goals only (a draft has not started, a closed goal is done);
            # the standing says "no pace" itself where there is none (no measure, no dates), as
            # `status`, `digest` and the exports do.
            "pace": (standing_text(goal_standing(goal, self._today, self.stratbook.workbook, with_forecast=False))
                     if goal.status == "active" else Content.styled("-", "$text-muted")),
            "warnings": Content.styled(str(warnings), "$warning bold") if warnings else Content.styled(glyphs.nothing, "$text-muted"),
        }

    def refresh_model(self, edit: Edit | None) -> None:
        goal_id = self._changed_in_place(edit)
        if goal_id is not None:  # one goal's row: the list keeps its rows and their order
            self._findings.pop(goal_id, None)
            self.table.refresh_rows([goal_id])
            self._show_note()
            self._refresh_map()
            return
        self._today = self.today()
        self._findings.clear()
        goals = self.stratbook.workbook.goals
        self._children = children_map(goals)
        if self.view.sort == "file" and not self.view.filtered:  # the tree: children under their parent
            tree = folded_tree(tree_order(goals), self._folded)
            self._depth = {goal.id: depth for goal, depth in tree if depth}
            shown = [goal for goal, _ in tree]
            self._tree_shown = True
        else:
            self._depth = {}
            self._tree_shown = False
            shown = visible_goals(goals, self.view)
        self.table.set_rows([(g.id, g) for g in shown])
        self._show_bar(len(shown), len(goals))
        self._show_note()
        self._refresh_map()

    def _fold_mark(self, goal: Goal) -> str:
        if not self._tree_shown or not self._children.get(goal.id):
            return ""
        return FOLD_MARKS[goal.id in self._folded]

    def action_fold(self) -> None:
        """Fold away the goals under this one, or show them again; on a goal that none serves,
        fold the goal it serves and go to that one."""
        goal = self.current_goal()
        if goal is None or self.map_shown:
            return
        if not self._tree_shown:
            self.notify(f"The tree shows in file order without a filter: {self.stratbook.key_named('goals.order')} orders, "
                        f"{self.stratbook.key_named('goals.filter')} filters.", markup=False,
                        timeout=3)
            return
        if not self._children.get(goal.id):
            if not goal.parent or self.table.index_of(goal.parent) is None:
                self.notify("No goal serves this one: nothing to fold.", markup=False, timeout=3)
                return
            goal = next(g for g in self.stratbook.workbook.goals if g.id == goal.parent)
        self._folded ^= {goal.id}
        self.refresh_model(None)
        self.table.move_to(goal.id)
        self._show_note()

    def _unfold_to(self, goal_id: str) -> None:
        """Show the goal again if a fold hides it: unfold every goal it serves."""
        parent_of = {goal.id: goal.parent for goal in self.stratbook.workbook.goals}
        current, seen = parent_of.get(goal_id, ""), set()
        while current and current not in seen:
            seen.add(current)
            self._folded.discard(current)
            current = parent_of.get(current, "")
        if self.table.index_of(goal_id) is None:
            self.refresh_model(None)

    def _changed_in_place(self, edit: Edit | None) -> str | None:
        """The goal whose row alone `edit` changed (a field of it or of its measure that the
        view neither filters nor orders by), else None: the whole list is made again."""
        if self._today != self.today():
            return None
        parts = edit.edits if isinstance(edit, Batch) else (edit,)
        if not parts or not all(isinstance(part, SetFields) for part in parts):
            return None
        goal_ids: set[str] = set()
        fields: set[str] = set()
        for part in parts:  # a check-in is one goal's check-ins and its measure's current, as a batch
            goal_id = part.ref.removeprefix("measure:")
            if id_prefix(goal_id) == "kr":  # a key result's check-in: its goal's score
                goal_id = next((g.id for g in self.stratbook.workbook.goals
                                if any(kr.id == part.ref for kr in g.key_results)), "")
                fields.add("key_results")
            else:
                fields |= {"measure"} if goal_id != part.ref else set(part.changes)
            goal_ids.add(goal_id)
        if len(goal_ids) != 1:
            return None
        goal_id = goal_ids.pop()
        if "parent" in fields:  # the tree changes shape
            return None
        if id_prefix(goal_id) != "gol" or fields & self.view.depends_on() or self.table.index_of(goal_id) is None:
            return None
        return goal_id

    def _show_bar(self, shown: int, total: int) -> None:
        self._counts = (shown, total)
        if self.map_shown:
            self._show_map_bar()
            return
        parts: list = [("Goals ", "bold"), f"{shown:,}" if shown == total else f"{shown:,} of {total:,}"]
        if self.item_marks:
            parts += ["  ", (f"{len(self.item_marks):,} marked", "bold reverse"),
                      (f": {self.stratbook.shown_key('goals.delete', 'd')} {self.stratbook.shown_key('goals.status', 's')} "
                       f"{self.stratbook.shown_key('goals.edit', 'e')} act on them; "
                       f"{self.stratbook.shown_key('goals.unmark', 'U')} unmarks"
                       + ("  /: filter (on)" if self.view.filtered else ""),
                       "$text-muted")]
            self.query_one("#goals-bar", Static).update(Content.assemble(*parts))
            return  # the list's other keys make way: the marked goals are what the keys act on now
        if self.view.status:
            parts += [("  status ", "$text-muted"), self.view.status]
        if self.view.framework:
            parts += [("  framework ", "$text-muted"), framework_name(self.view.framework)]
        parts += [("  ordered ", "$text-muted"), SORT_LABELS[self.view.sort],
                  ("   enter: open  o: order  /: filter" + (" (on)" if self.view.filtered else ""), "$text-muted")]
        self.query_one("#goals-bar", Static).update(Content.assemble(*parts))

    def _show_note(self) -> None:
        goal = self.current_goal()
        note = self.query_one("#goals-note", Static)
        if goal is None:
            note.update(Content.styled("a: a new goal, step by step", "$text-muted"))
            return
        findings = self.findings(goal)
        title = Content.styled(one_line(goal.title or "(untitled)"), "bold")
        served = rollup_text(goal, self._children)
        if served is not None:  # the roll-up, beside the goal's own progress, never instead of it
            title = Content.assemble(title, (f"  {served}" + ("  f: show them" if goal.id in self._folded
                                                               else "  f: fold"), "$text-muted"))
        if not findings:
            note.update(Content.assemble(title, "\n", (f"{glyphs.done} No warnings: a well-formed goal.", "$success")))
            return
        first = findings[0]
        more = f" (+{len(findings) - 1} more: enter shows them)" if len(findings) > 1 else ""
        note.update(Content.assemble(title, "\n", (f"{glyphs.warning} ", "$warning"), one_line(first.message), "  ",
                                     (one_line(first.check.hint), "$text-muted"), more))

    @on(RowTable.Highlighted, "#goals-list")
    def _highlighted(self, event: RowTable.Highlighted) -> None:
        self._show_note()

    # -- the strategy map ---------------------------------------------------------------
    def _refresh_map(self) -> None:
        """The map again, now if it is shown, else when it is next shown (any edit may move a
        goal to another perspective or change its links)."""
        self._map_stale = True
        if self.map_shown:
            self._rebuild_map()

    def _rebuild_map(self) -> None:
        self._map_stale = False
        goals = self.stratbook.workbook.goals
        self._links = LinkIndex(goals)
        rows: list[tuple[str, object]] = []
        for perspective, grouped in perspective_groups(goals):
            rows.append((HEADING + perspective, (perspective, len(grouped))))
            rows += [(goal.id, goal) for goal in grouped]
        self._related = {}
        self.strategy_map.set_rows(rows)
        self._map_cursor_moved()
        self._show_map_bar()

    def _render_map_row(self, key: str, payload: Goal | tuple[str, int]) -> dict[str, Content] | Content:
        if not isinstance(payload, Goal):
            perspective, count = payload
            hint = "c on a goal puts it here" if not count else PERSPECTIVE_QUESTIONS[perspective]
            return Content.assemble(perspective_name(perspective).upper(), f"  {counted(count, 'goal')}  ",
                                    (hint, "$text-muted"))
        goal = payload
        relation = self._related.get(goal.id, "")
        return {
            "title": Content("  " + one_line(goal.title or "(untitled)")),  # under its perspective's heading
            "status": status_text(goal.status),
            "progress": (progress_bar(goal_progress(goal), 10 if self.strategy_map.is_wide else 4)
                         if has_measure(goal) else Content.styled(glyphs.dash, "$text-muted")),
            "link": Content.styled(relation, "bold") if relation else Content(""),
        }

    def _map_goal(self) -> Goal | None:
        payload = self.strategy_map.cursor_payload
        return payload if isinstance(payload, Goal) else None

    def _map_cursor_moved(self) -> None:
        """Mark the goals linked to the one under the cursor, and say its links in words."""
        goal = self._map_goal()
        links = self._links.links_of(goal) if goal is not None else None
        related = links.relations() if links is not None else {}
        changed = [key for key in self._related.keys() | related.keys() if self._related.get(key) != related.get(key)]
        self._related = related
        if changed:
            self.strategy_map.refresh_rows(changed)
        self._show_map_detail(goal, links)

    def _show_map_detail(self, goal: Goal | None, links: GoalLinks | None) -> None:
        detail = self.query_one("#goals-map-detail", Static)
        if goal is None or links is None:
            detail.update(Content.styled("No goal here: v goes back to the list, where a writes one.", "$text-muted"),
                          layout=False)
            return
        width = max(20, detail.content_region.width or self.app.size.width - 2)
        place = perspective_name(goal.perspective if goal.perspective in PERSPECTIVES else "").lower()
        lines = [Content.assemble((one_line(goal.title or "(untitled)"), "bold"), ("  " + place, "$text-muted"))]
        named = [Content.assemble((f"{words}: ", "bold"), self._names(goals, width - len(words) - 2))
                 for words, goals in links.lines()]
        if not named:
            named = [Content.styled("No links yet: p picks the goal it serves (its effect on the map); "
                                    "c sets its perspective.", "$text-muted")]
        if len(named) > 3:  # the fourth line takes the rest
            named[2:] = [Content("; ").join(named[2:])]
        lines += named
        # Fixed in size (goals.tcss): no layout pass, which a key would otherwise pay for.
        detail.update(Content("\n").join(line.truncate(width, ellipsis=True) for line in lines), layout=False)

    def _names(self, goals: list[Goal], width: int) -> Content:
        """The goals' titles with their perspectives, as many as NAMES_PER_LINE, sharing `width`."""
        shown = goals[:NAMES_PER_LINE]
        room = max(24, width // len(shown) - 20)  # each title's share, less its perspective and comma
        parts = []
        for goal in shown:
            where = goal.perspective if goal.perspective in PERSPECTIVES else "no perspective"
            parts.append(Content.assemble(one_line(goal.title or "(untitled)", room), (f" ({where})", "$text-muted")))
        text = Content(", ").join(parts)
        if len(goals) > NAMES_PER_LINE:
            text += Content.styled(f" and {len(goals) - NAMES_PER_LINE} more", "$text-muted")
        return text

    def _show_map_bar(self) -> None:
        goals = self.stratbook.workbook.goals
        placed = sum(1 for goal in goals if goal.perspective in PERSPECTIVES)
        self.query_one("#goals-bar", Static).update(Content.assemble(
            ("Strategy map ", "bold"), f"{counted(len(goals), 'goal')}, {placed:,} placed",
            ("   Link: cause = serves it, effect = it serves", "$text-muted")), layout=False)

    @on(RowTable.Highlighted, "#goals-map")
    def _map_highlighted(self, event: RowTable.Highlighted) -> None:
        self._map_cursor_moved()

    @on(RowTable.Selected, "#goals-map")
    def _map_selected(self, event: RowTable.Selected) -> None:
        event.stop()
        if self._map_goal() is not None:
            self.open_detail(event.key)

    def on_resize(self) -> None:
        if self.map_shown:
            self._map_cursor_moved()

    def action_toggle_map(self) -> None:
        switcher = self.query_one("#goals-views", ContentSwitcher)
        if self.map_shown:
            goal = self._map_goal()
            switcher.current = LIST_VIEW
            if goal is not None:
                self.table.move_to(goal.id)
            self.table.focus()
            total = len(self.stratbook.workbook.goals)
            self._show_bar(len(self.table.rows), total)
            self._show_note()
            return
        goal = self.current_goal()
        switcher.current = MAP_VIEW
        if self._map_stale:
            self._rebuild_map()
        if goal is not None:
            self.strategy_map.move_to(goal.id)
        self.strategy_map.focus()
        self._show_map_bar()
        self._map_cursor_moved()

    def action_go_to_parent(self) -> None:
        goal = self.current_goal()
        if goal is None:
            return
        if not goal.parent:
            self.notify(f"This goal serves no other goal: {self.stratbook.key_named('goals.parent')} picks one.", markup=False, timeout=3)
            return
        table = self.strategy_map if self.map_shown else self.table
        if not table.move_to(goal.parent):
            self.notify("The goal it serves is not shown (a filter hides it, or it is missing).", markup=False)

    def _goal_to_change(self) -> Goal | None:
        """The goal under the cursor, if there is one and the workbook may be changed (else said)."""
        goal = self.current_goal()
        if goal is not None and self.stratbook.read_only:
            self.stratbook.refuse_read_only()
            return None
        return goal

    def action_choose_perspective(self) -> None:
        """Put the goal on the scorecard: one of its four perspectives, or none."""
        goal = self._goal_to_change()
        if goal is None:
            return
        current = goal.perspective if goal.perspective in PERSPECTIVES else ""
        items = [PickItem(name or NO_PARENT, f"{perspective_name(name)}: {PERSPECTIVE_QUESTIONS[name].lower()}")
                 for name in ORDER]

        def done(chosen: list[str] | None) -> None:
            if not chosen:
                return
            perspective = "" if chosen[0] == NO_PARENT else chosen[0]
            if perspective != goal.perspective:
                name = one_line(goal.title or "untitled", 40)
                where = perspective_name(perspective).lower()
                self.stratbook.apply(SetFields(goal.id, {"perspective": perspective}, f"{name}: {where}"))
                self.table.move_to(goal.id)
                if self.map_shown:
                    self.strategy_map.move_to(goal.id)

        self.app.push_screen(PickerDialog(f"Perspective: {one_line(goal.title or 'untitled', 50)}", items,
                                          [current or NO_PARENT], single=True,
                                          hint="enter: the goal's place on the balanced scorecard."), done)

    def action_choose_parent(self) -> None:
        """Pick the goal this one serves; the model refuses a choice that would make a loop."""
        goal = self._goal_to_change()
        if goal is None:
            return
        items = [PickItem(NO_PARENT, "(none: a goal of its own)")]
        items += [PickItem(g.id, g.title or "(untitled)", detail=g.status)
                  for g in self.stratbook.workbook.goals if g.id != goal.id]

        def done(chosen: list[str] | None) -> None:
            parent = "" if chosen and chosen[0] == NO_PARENT else (chosen or [goal.parent])[0]
            if parent != goal.parent:
                name = one_line(goal.title or "untitled", 40)
                self.stratbook.apply(SetFields(goal.id, {"parent": parent}, f"{name} serves another goal"))
                self.table.move_to(goal.id)

        self.app.push_screen(PickerDialog(f"Serves: {one_line(goal.title or 'untitled', 50)}", items,
                                          [goal.parent or NO_PARENT],
                                          hint="enter on a goal: this one serves it; / finds one by name.",
                                          single=True), done)

    # -- marks: the keys are on the list (tui/screens/marking.py); the bulk actions below ------
    def show_marks(self) -> None:
        self._show_bar(*self._counts)

    def marked_goals(self) -> list[Goal]:
        """The marked goals, in file order."""
        return self.marked_in(self.stratbook.workbook.goals)

    def _hidden_note(self, goals: list[Goal]) -> str:
        return self.hidden_note(goals, lambda goal: self.table.index_of(goal.id) is not None)

    def _edit_marked(self, focus: str) -> None:
        self.edit_marked_fields(self.marked_goals, "goal", GOAL_STATUSES,
                                lambda goal: self.table.index_of(goal.id) is not None, focus)

    def _delete_marked(self, goals: list[Goal]) -> None:
        workbook = self.stratbook.workbook
        ids = {g.id for g in goals}
        tactics = [t for t in workbook.tactics if t.goal in ids]
        what = counted(len(goals), "marked goal")
        edit = Batch((RemoveAll(tuple(Remove("tactics", t.id) for t in tactics)),
                      RemoveAll(tuple(Remove("goals", g.id) for g in goals))), f"delete {what}")
        also = (f"Every marked goal goes{self._hidden_note(goals)}"
                + (f", with its tactics ({counted(len(tactics), 'tactic')} in all)." if tactics else "."))
        self.delete_items(edit, [g.id for g in goals], what, also)

    # -- the goal under the cursor -----------------------------------------------------
    def current_goal(self) -> Goal | None:
        if self.map_shown:
            return self._map_goal()
        payload = self.table.cursor_payload
        return payload if isinstance(payload, Goal) else None

    def goal_saved(self, goal_id: str) -> None:
        self._unfold_to(goal_id)
        if not self.table.move_to(goal_id) and self.view.filtered:
            self.view = GoalView(sort=self.view.sort)
            self.refresh_model(None)
            self.table.move_to(goal_id)

    def cursor_ref(self) -> str | None:
        goal = self.current_goal()
        return line_ref(goal.id, LIST_ROW) if goal is not None else None

    def focus_item(self, item_id: str) -> bool:
        """Show the goal (or the goal of a key result, milestone, check-in or line of its detail,
        see `place_in_goal`) and open its detail there; a goal's row ref only moves the list."""
        place = place_in_goal(self.stratbook.workbook, item_id)
        if place is None:
            return False
        goal, lines = place
        self._unfold_to(goal.id)
        if self.table.index_of(goal.id) is None:
            self.view = GoalView(sort=self.view.sort)
            self.refresh_model(None)
        self.table.move_to(goal.id)
        if self.map_shown:
            self.strategy_map.move_to(goal.id)
        if lines != LIST_LINES:
            self.open_detail(goal.id, lines, back_to=self.stratbook.jump_origin)
        return True

    def open_detail(self, goal_id: str, lines: tuple[DetailItem, ...] = (), back_to: str | None = None) -> None:
        """`lines`: the line to put the cursor on (the first of them shown); `back_to`: the section
        esc returns to (the one a jump came from); else the goals list."""
        from tui.screens.goal_detail import GoalDetailScreen

        self.stratbook.push_screen(GoalDetailScreen(goal_id, lines, back_to))

    @on(RowTable.Selected, "#goals-list")
    def _selected(self, event: RowTable.Selected) -> None:
        event.stop()
        self.open_detail(event.key)

    # -- keys ----------------------------------------------------------------------------
    def action_new_goal(self) -> None:
        self.open_wizard(None)

    def action_edit_goal(self) -> None:
        if self.marked_goals():
            self._edit_marked("owner")
            return
        goal = self.current_goal()
        if goal is None:
            self.open_wizard(None)
        else:
            self.open_wizard(goal, "review")

    def action_update_progress(self) -> None:
        self.update_progress(self.current_goal())

    def action_cycle_status(self, step: int) -> None:
        if self.marked_goals():
            self._edit_marked("status")
            return
        self.cycle_goal_status(self.current_goal(), step)

    def action_add_tactic(self) -> None:
        self.add_tactic(self.current_goal())

    def action_delete_goal(self) -> None:
        marked = self.marked_goals()
        if marked:
            self._delete_marked(marked)
            return
        self.delete_goal(self.current_goal())

    def action_reorder(self, delta: int) -> None:
        """Move the goal one place up or down the file order, past its visible neighbour."""
        goal = self.current_goal()
        if goal is None:
            return
        if self.view.sort != SORTS[0]:
            self.notify(f"The goals are shown {SORT_LABELS[self.view.sort]}: o until they are as in the file, then K and J "
                        "move them.", markup=False, timeout=4)
            return
        goals = self.stratbook.workbook.goals
        visible = [key for key, _ in self.table.rows]
        index = reorder_index(visible, [g.id for g in goals], goal.id, delta)
        if index is not None:
            self.stratbook.apply(Move("goals", goal.id, "goals", index, f"move goal {'up' if delta < 0 else 'down'}"))
            self.table.move_to(goal.id)

    def action_cycle_sort(self) -> None:
        self.view = GoalView(self.view.status, self.view.framework, cycle(self.view.sort, SORTS))
        self.refresh_model(None)
        self.notify(f"Order: {SORT_LABELS[self.view.sort]}", markup=False, timeout=1.5)

    def action_filter(self) -> None:
        def done(result: dict | None) -> None:
            if result:
                self.view = goal_view_from(result)
                self.refresh_model(None)

        self.app.push_screen(goal_filter_form(self.view), done)

    def clear_filter(self) -> None:
        self.view = GoalView(sort=self.view.sort)  # the order stays
        self.refresh_model(None)

    def section_commands(self) -> list[tuple[str, str, object]]:
        return [
            ("New goal", "Write a goal step by step with the wizard", self.action_new_goal),
            ("Filter goals", "Show goals of one status or framework", self.action_filter),
            ("Change the order of goals", "File order, due date, progress, title", self.action_cycle_sort),
            ("Show all goals", "Clear the filter", self.clear_filter),
            ("Strategy map" if not self.map_shown else "Goals list",
             "The goals by balanced-scorecard perspective, with what each serves (v)" if not self.map_shown
             else "Back from the strategy map to the list of goals (v)", self.action_toggle_map),
            ("Goal's perspective", "Financial, customer, internal process, learning and growth (c)",
             self.action_choose_perspective),
        ]
