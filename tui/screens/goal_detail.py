"""One goal in full: answers, measure, key results, milestones, links, tactics and warnings.

Every line is something to act on: enter on an answer or a warning reopens
the wizard at the step that changes it, on a key result or the measure asks
for the new value, on a link or tactic goes to it. esc goes back to the list.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static

from tui.model import dates
from tui.model.checkins import delete_checkin, edit_checkin, target_of_checkin
from tui.model.edits import Batch, Edit, Insert, Remove, SetFields, one_edit
from tui.model.goals import link_targets, tactics_of
from tui.model.ids import new_id
from tui.model.text import one_line
from tui.keymap import bind
from tui.model.workbook import Goal, Milestone
from tui.modals.form import form_rows
from tui.modals.goal_forms import milestone_form
from tui.modals.picker import PickerDialog
from tui.modals.wizard_steps import merged_links, pick_items
from tui.screens.base import SectionScreen
from tui.model.search import line_ref
from tui.screens.goals import LIST_LINES, GoalActions, place_in_goal
from tui.screens.sections import SECTION_BY_MODE
from tui.widgets.goal_view import DetailItem, detail_options
from tui.widgets.lines import MarkedOptionList


class GoalDetail(MarkedOptionList):
    """The lines of one goal; keys act on the line under the cursor."""

    BINDINGS = [
        Binding("enter", "screen.act", "Go", id="goal.act", show=False,
                tooltip="Edit, update or open what this line shows"),
        bind("edit", "screen.edit", "goal", tooltip="Reopen the wizard at this line's step"),
        bind("add", "screen.add", "goal", show=False,
             tooltip="Add what this line lists: a milestone, a tactic, a link (else a tactic)"),
        Binding("u", "screen.update_progress", "Check in", id="goal.progress",
                tooltip="Check in: today's value of the measure or a key result, confidence and a note"),
        bind("status", "screen.cycle_status(1)", "goal", show=False, tooltip="draft, active, achieved, missed, dropped"),
        bind("status_back", "screen.cycle_status(-1)", "goal", show=False),
        Binding("t", "screen.add_tactic", "Tactic", id="goal.tactic", tooltip="A new action under this goal"),
        # Its own key: `a` adds a milestone only on a milestone's line, and a new user found that
        # only through `?` (tried from outside).
        Binding("m", "screen.add_milestone", "Milestone", id="goal.milestone",
                tooltip="A new milestone: a dated step on the way to the goal"),
        Binding("l", "screen.links", "Links", id="goal.links", tooltip="Link values, SWOT items, strategies"),
        bind("done", "screen.toggle_done", "goal", show=False, tooltip="Mark the milestone done or not done"),
        bind("delete", "screen.delete_line", "goal", show=False,
             tooltip="Delete the milestone or tactic, or remove the link; undo brings it back"),
        Binding("x", "screen.close_goal", "Close", id="goal.close", show=False,
                tooltip="Close the goal's period: grade, lessons, carry it forward into a new goal"),
        Binding("j", "cursor_down", show=False, id="goal.cursor_down"),
        Binding("k", "cursor_up", show=False, id="goal.cursor_up"),
    ]


class GoalDetailScreen(GoalActions, SectionScreen):
    SECTION = "goals"
    GUIDE = (
        "A goal in full. enter acts on the line: an answer or a warning reopens the wizard\n"
        "there, a key result asks for its new value, a link or tactic is shown in its section.\n"
        "esc goes back to where you came from: the list of goals, or the section you jumped from."
    )
    BINDINGS = [
        Binding("escape,backspace", "back", "Back", id="goal.back", show=False,
                tooltip="Back to where you came from (the list of goals, or the section of a jump)"),
    ]

    def __init__(self, goal_id: str, lines: tuple[DetailItem, ...] = (), back_to: str | None = None) -> None:
        super().__init__()
        self.goal_id = goal_id
        self.focus_on = lines
        """The line to put the cursor on when shown: the first of these the detail has."""
        self.back_to = back_to
        """The section esc goes back to, when the detail was opened from there; else the goals list."""
        self.items: list[DetailItem | None] = []

    def body(self) -> ComposeResult:
        yield GoalDetail(id="goal-detail")
        yield Static(id="goal-detail-keys")

    def on_mount(self) -> None:
        # (SectionScreen.on_mount shows the workbook: Textual runs every class's on_mount.)
        self.detail.focus()

    @property
    def detail(self) -> GoalDetail:
        return self.query_one("#goal-detail", GoalDetail)

    @property
    def goal(self) -> Goal | None:
        return next((g for g in self.stratbook.workbook.goals if g.id == self.goal_id), None)

    # -- showing ----------------------------------------------------------------------
    def refresh_model(self, edit: Edit | None) -> None:
        goal = self.goal
        if goal is None:  # deleted, or its adding undone
            self.app.call_later(self._leave)
            return
        workbook = self.stratbook.workbook
        links = {t.id: t for t in link_targets(workbook) if t.id in set(goal.links)}
        detail = self.detail
        current = self.current_item()
        options, self.items = detail_options(goal, links, tactics_of(workbook, goal.id), dates.today(),
                                             keys=self.stratbook.shown_key, workbook=workbook)
        detail.set_options(options)
        target = next((index for line in self.focus_on if (index := self._index_of(line)) is not None), None)
        self.focus_on = ()
        if target is None and current is not None:
            target = self._index_of(current)
        if target is None and isinstance(edit, Insert) and edit.container == "tactics":
            target = self._index_of(DetailItem("tactic", edit.item.id))
        detail.highlighted = target if target is not None else 0
        self._show_keys()

    def _index_of(self, item: DetailItem) -> int | None:
        """The line showing `item` (any kind of line when `item.kind` is empty)."""
        for index, candidate in enumerate(self.items):
            if candidate is not None and candidate.key == item.key and item.kind in ("", candidate.kind):
                return index
        return None

    def current_item(self) -> DetailItem | None:
        index = self.detail.highlighted
        return self.items[index] if index is not None and 0 <= index < len(self.items) else None

    def _show_keys(self) -> None:
        item = self.current_item()
        key = self.stratbook.shown_key  # the keys as the user's keymap has them
        add, edit, delete, check_in = key("goal.add", "a"), key("goal.edit", "e"), key("goal.delete", "d"), \
            key("goal.progress", "u")
        hints = {
            "answer": "enter: change this answer in the wizard",
            "warning": "enter: fix it in the wizard",
            "measure": f"enter or {check_in}: check in (today's value, confidence, a note)",
            "kr": f"enter or {check_in}: check in on this key result",
            "checkin": f"{edit}: edit this check-in   {delete}: delete it   {check_in}: check in again",
            "progress": f"{check_in}: check in",
            "milestone": f"{key('goal.done', 'space')}: done / not done   {add}: add   {delete}: delete",
            "link": f"enter: show it   {key('goal.links', 'l')} or {add}: change links   {delete}: remove the link",
            "tactic": f"enter: show in Tactics   {add}: add   {delete}: delete",
            "basics": f"{edit}: edit title, owner and status   {key('goal.status', 's')}: next status",
        }
        text = hints.get(item.kind, "") if item else ""
        if item is not None and item.kind == "kr" and not item.key:  # "No key results yet"
            text = f"{edit}: add key results in the wizard"
        self.query_one("#goal-detail-keys", Static).update(
            Content.styled(text + f"   esc: back to {self._back_name()}", "$text-muted"))

    def _back_name(self) -> str:
        if not self.back_to:
            return "goals"
        section = SECTION_BY_MODE.get(self.back_to)
        return section.title if section else "goals"

    @on(OptionList.OptionHighlighted, "#goal-detail")
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        self._show_keys()

    @on(OptionList.OptionSelected, "#goal-detail")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_act()

    def forget_jump(self) -> None:
        if self.back_to:
            self.back_to = None
            self._show_keys()

    def cursor_ref(self) -> str | None:
        item = self.current_item()
        return line_ref(self.goal_id, item.kind, item.key) if item is not None else self.goal_id

    def focus_item(self, item_id: str) -> bool:
        place = place_in_goal(self.stratbook.workbook, item_id)
        if place is None:
            return False
        owner, lines = place
        if lines == LIST_LINES:  # the goal's row in the list: the list under this detail
            below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
            self._leave()
            return isinstance(below, SectionScreen) and below.focus_item(item_id)
        if self.stratbook.jump_origin:  # a jump from another section: esc goes back there
            self.back_to = self.stratbook.jump_origin
        self.goal_id = owner.id
        self.focus_on = lines
        self.refresh_model(None)
        if not lines:  # the goal itself: its first line
            self.detail.highlighted = 0
        self.detail.focus()
        return True

    def goal_saved(self, goal_id: str) -> None:
        self.goal_id = goal_id

    # -- keys ---------------------------------------------------------------------------
    def _leave(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()

    def action_back(self) -> None:
        self._leave()
        if self.back_to:
            self.stratbook.action_section(self.back_to)

    def action_act(self) -> None:
        from tui.modals.wizard import step_for

        goal, item = self.goal, self.current_item()
        if goal is None or item is None:
            return
        if item.kind in ("measure", "kr", "progress", "checkin"):
            self.action_update_progress()
        elif item.kind == "link" and item.key:
            target = next((t for t in link_targets(self.stratbook.workbook) if t.id == item.key), None)
            if target is not None:
                self.stratbook.show_item(target.section, target.id)
            else:
                self.notify("No item has this id: d removes the link.", markup=False)
        elif item.kind == "link":
            self.action_links()
        elif item.kind == "tactic" and item.key:
            self.stratbook.show_item("tactics", item.key)
        elif item.kind == "tactic":
            self.action_add_tactic()
        elif item.kind == "milestone":
            self.action_toggle_done() if item.key else self.action_add_milestone()
        else:
            self.open_wizard(goal, step_for(goal, item.kind, item.key))

    def action_edit(self) -> None:
        from tui.modals.wizard import step_for

        goal, item = self.goal, self.current_item()
        if goal is not None and item is not None and item.kind == "checkin":
            self._edit_checkin(goal, item.key)
            return
        if goal is not None:
            self.open_wizard(goal, step_for(goal, item.kind, item.key) if item else "review")

    def action_update_progress(self) -> None:
        goal, item = self.goal, self.current_item()
        only = item.key if item is not None and item.kind == "kr" and item.key else None
        if goal is not None and item is not None and item.kind == "checkin":
            target = target_of_checkin(goal, item.key)
            only = target.key_result.id if target is not None and target.key_result is not None else "measure"
        self.update_progress(goal, only)

    def _edit_checkin(self, goal: Goal, checkin_id: str) -> None:
        """Change a check-in's value, day, confidence or note (one undoable edit)."""
        from tui.modals.checkin import CheckinForm

        target = target_of_checkin(goal, checkin_id)
        if target is None:
            return
        checkin = next(c for c in target.checkins if c.id == checkin_id)
        form = CheckinForm(target, dates.today(), self.stratbook.workbook, editing=checkin)

        def editing(result: dict) -> Edit:
            value, day, confidence, note = form.result_values(result)
            return edit_checkin(target, checkin_id, value=value, date=day, confidence=confidence, note=note)

        def done(result: dict | None) -> None:
            if result:
                self.stratbook.apply(editing(result))

        self.stratbook.push_screen(form.keeping(editing), done)

    def action_close_goal(self) -> None:
        self.close_goal(self.goal)

    def action_cycle_status(self, step: int) -> None:
        self.cycle_goal_status(self.goal, step)

    def action_add_tactic(self) -> None:
        item = self.current_item()
        after = item.key if item is not None and item.kind == "tactic" and item.key else None
        self.add_tactic(self.goal, after)

    def action_add_milestone(self) -> None:
        goal = self.goal
        if goal is None:
            return
        today = dates.today()

        def adding(result: dict) -> Edit | None:
            due = dates.parse_date(result["due"], today)
            rows = form_rows(result, "text")
            taken, edits = self.stratbook.workbook.ids(), []
            position = sum(1 for m in goal.milestones if due is None or (m.due is not None and m.due <= due))
            for offset, row in enumerate(rows):
                milestone = Milestone(new_id("mil", taken), due, row["text"].strip())
                taken.add(milestone.id)
                edits.append(Insert(f"{goal.id}.milestones", position + offset, milestone,
                                    f"add milestone {one_line(milestone.text, 40)}"))
            return one_edit(edits, f"add {len(rows)} milestones")

        def done(result: dict | None) -> None:
            if result and (edit := adding(result)) is not None:
                last = edit.edits[-1] if isinstance(edit, Batch) else edit
                self.focus_on = (DetailItem("milestone", last.item.id),)
                self.stratbook.apply(edit)

        self.app.push_screen(milestone_form("New milestone", None, today).keeping(adding), done)

    def action_add(self) -> None:
        """What the line under the cursor lists: a milestone, a link, else a tactic."""
        item = self.current_item()
        kind = item.kind if item is not None else ""
        if kind == "milestone":
            self.action_add_milestone()
        elif kind == "link":
            self.action_links()
        else:
            self.action_add_tactic()

    def action_toggle_done(self) -> None:
        goal, item = self.goal, self.current_item()
        if goal is None or item is None or item.kind != "milestone" or not item.key:
            return
        milestone = next((m for m in goal.milestones if m.id == item.key), None)
        if milestone is not None and self.stratbook.apply(SetFields(
                milestone.id, {"done": not milestone.done}, f"milestone {'not ' if milestone.done else ''}done")):
            self.notify(f"Milestone {'done' if milestone.done else 'not done'}: {one_line(milestone.text, 50)}.",
                        markup=False, timeout=2)

    def action_links(self) -> None:
        goal = self.goal
        if goal is None:
            return
        targets = link_targets(self.stratbook.workbook, exclude=goal.id)
        known = {t.id for t in targets}

        def linking(chosen: list[str]) -> SetFields | None:
            links = merged_links(goal.links, chosen, known)
            return SetFields(goal.id, {"links": links}, f"links of {one_line(goal.title, 40)}") \
                if links != goal.links else None

        def done(chosen: list[str] | None) -> None:
            if chosen is not None and (edit := linking(chosen)) is not None:
                self.stratbook.apply(edit)

        picker = PickerDialog(f"Links: {one_line(goal.title or 'untitled', 50)}", pick_items(targets), goal.links,
                              hint="What the goal serves: values, SWOT items, strategies, forces, Ansoff options.")
        self.app.push_screen(picker.keeping(linking), done)

    def action_delete_line(self) -> None:
        goal, item = self.goal, self.current_item()
        if goal is None or item is None or not item.key:
            return
        if item.kind == "milestone":
            self.delete_items(Remove(f"{goal.id}.milestones", item.key, "delete milestone"), [item.key], "milestone")
        elif item.kind == "tactic":
            self.delete_items(Remove("tactics", item.key, "delete tactic"), [item.key], "tactic")
        elif item.kind == "link" and self.stratbook.apply(SetFields(
                goal.id, {"links": [link for link in goal.links if link != item.key]}, "remove link")):
            self.notify(f"Link removed. {self.stratbook.key_named('app.undo')} brings it back.", markup=False, timeout=2)
        elif item.kind == "checkin" and (target := target_of_checkin(goal, item.key)) is not None:
            if self.stratbook.apply(delete_checkin(target, item.key)):
                self.notify(f"Check-in deleted. {self.stratbook.key_named('app.undo')} brings it back.", markup=False, timeout=2)

    def section_commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Edit this goal", "Reopen the wizard", lambda: self.open_wizard(self.goal, "review")),
            ("Add a tactic", "A new action under this goal", self.action_add_tactic),
            ("Add a milestone", "A dated step on the way", self.action_add_milestone),
            ("Change links", "Values, SWOT items, strategies this goal serves", self.action_links),
            ("Close this goal (x)", "Grade it, write what was learnt, carry it forward into a new goal",
             self.action_close_goal),
            ("Back to goals", "The list of all goals", self.action_back),
        ]

