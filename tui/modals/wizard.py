"""The goal-builder wizard: a goal written step by step, in the framework one chooses.

Steps: framework, the goal (title, owner, status), one step per group of the
framework's questions, the measure (or the key results of an OKR), dates,
links, and a review with the goal's quality warnings. PgDn / ctrl+n and PgUp /
ctrl+o move between steps, ctrl+g jumps to any step, ctrl+s goes to the review
and saves from there, esc asks before throwing work away. The wizard works on
a copy of the goal and returns the finished goal; the caller saves it as one
edit, so one ctrl+z undoes the whole goal.
"""

from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass
from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tui.keymap import key_in_effect
from tui.glyphs import glyphs
from tui.modals.dialog import BOX, FOOT, TITLE, Dialog, DialogBody
from tui.model.frameworks import FRAMEWORKS
from tui.model.goals import finish_goal, link_targets, tidy_goal
from tui.model.ids import new_id
from tui.model.text import one_line
from tui.model.workbook import Goal, Workbook
from tui.modals.confirm import ConfirmDialog, close_unless_kept
from tui.modals.picker import ItemPicker
from tui.modals.wizard_steps import (
    AnswerArea,
    BasicsStep,
    DatesStep,
    FrameworkStep,
    KeyResultsStep,
    LinksStep,
    MeasureStep,
    QuestionsStep,
    ReviewStep,
    WizardState,
    WizardStep,
    show,
)
from tui.widgets.lines import MarkedOptionList


def wizard_keys(field: str = "") -> str:
    """The keys line, with the keys in effect (`key_in_effect`); in a written answer
    (`field` "answer") and a one-line field ("text") it starts with the field's own keys."""
    k = key_in_effect
    if not field:
        return (f"{k('wizard.next', every=True)} next  {k('wizard.back', every=True)} back  "
                f"{k('wizard.goto')} steps  {k('wizard.save')} save  {k('wizard.cancel')} cancel")
    own = f"enter/{k('wizard.tab')} next  " + (f"{k('wizard.answer.newline')} new line  " if field == "answer" else "")
    return (f"{own}{k('app.editor')} editor  {k('wizard.next')}/{k('wizard.back')} step  {k('wizard.goto')} steps  "
            f"{k('wizard.save')} save  {k('wizard.cancel')} cancel")


UNREAD = "\0unread"
"""GoalWizard._store_shown: the step shown could not be read into the draft (no message of
what is wrong in a field starts with a NUL)."""


class WizardBody(DialogBody):
    """A step's questions, in the rows the wizard leaves them. Where they hold more than shows
    (a long hint after the last field, the review at 40x12), ctrl+pgdn and ctrl+pgup scroll them
    from any field (`Dialog.action_page_body`): pgdn and pgup go to the next and previous step
    (the review's list scrolls itself: end reaches its last line). While it is cut, the keys line
    starts by saying which way there is more and the key that shows it."""

    def more(self) -> str:
        if self.max_scroll_y <= 0:
            return ""
        focused = self.screen.focused if self.is_attached else None
        keys = key_in_effect
        mark, down, up = ((f"{glyphs.focus} ", "down", "up") if focused is self
                          else ("", keys("dialog.page_down_anywhere"), keys("dialog.page_up_anywhere")))
        if self.scroll_y < self.max_scroll_y:
            return f"{mark}{glyphs.down} more below: {down}"
        return f"{mark}{glyphs.up} more above: {up}"

    def _say_more(self) -> None:
        wizard = self.screen if self.is_attached else None
        if isinstance(wizard, GoalWizard):
            wizard.say_more(self.more())


@dataclass(frozen=True, slots=True)
class Step:
    key: str
    """`framework`, `basics`, `group:<name>`, `measure`, `key_results`, `dates`, `links` or `review`."""
    title: str


def steps_for(framework: str) -> list[Step]:
    """The steps for a goal of `framework`. For SMART the measure follows the Measurable
    questions and the dates follow the Time-bound ones; elsewhere they follow all questions."""
    spec = FRAMEWORKS[framework]
    number_step = Step("key_results", "Key results") if framework == "okr" else Step("measure", "Measure")
    steps = [Step("framework", "Framework"), Step("basics", "Objective" if framework == "okr" else "The goal")]
    placed = set()
    for group in spec.groups:
        steps.append(Step(f"group:{group.name}", group.name))
        if group.name == "Measurable":
            steps.append(number_step)
            placed.add("number")
        if group.name == "Time-bound":
            steps.append(Step("dates", "Dates"))
            placed.add("dates")
    if "number" not in placed:
        steps.append(number_step)
    if "dates" not in placed:
        steps.append(Step("dates", "Dates"))
    steps += [Step("links", "Links"), Step("review", "Review")]
    return steps


#: Which step fixes each quality warning.
CHECK_STEPS = {
    "no-target": "measure", "no-due": "dates", "overdue": "dates", "vague": "basics", "no-owner": "basics",
    "no-link": "links", "okr-count": "key_results", "kr-no-target": "key_results", "okr-number": "basics",
    "milestone-late": "dates",
}


def step_for(goal: Goal, kind: str, key: str = "") -> str:
    """The step that changes what a line of the goal's detail shows (see `DetailItem`)."""
    framework = FRAMEWORKS[goal.framework]
    if kind == "answer" or (kind == "warning" and key == "bhag-horizon"):
        wanted = "horizon_years" if kind == "warning" else key
        for group in framework.groups:
            if any(q.key == wanted for q in group.questions):
                return f"group:{group.name}"
    number_step = "key_results" if goal.framework == "okr" else "measure"
    if kind == "warning":
        step = CHECK_STEPS.get(key, "review")
        return number_step if step in ("measure", "key_results") else step
    return {"basics": "basics", "measure": number_step, "progress": number_step, "kr": number_step,
            "milestone": "dates", "link": "links"}.get(kind, "review")


class StepMenu(Dialog[int | None]):
    """Jump to a step: the wizard's steps, the current one highlighted."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="wizard.steps.cancel")]

    def __init__(self, steps: list[Step], current: int) -> None:
        super().__init__()
        self.steps = steps
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="step-menu", classes=BOX):
            yield Static(Content("Go to step"), id="step-menu-title", classes=TITLE)
            yield MarkedOptionList(*[Option(Content(f"{n:>2}  {step.title}"), id=str(n - 1))
                               for n, step in enumerate(self.steps, 1)], id="step-menu-list")
            yield Static(Content("enter: go   esc: stay"), id="step-menu-keys", classes=FOOT)

    def on_mount(self) -> None:
        chooser = self.query_one(OptionList)
        chooser.highlighted = self.current
        chooser.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)


class GoalWizard(Dialog[Goal | None]):
    """Write a new goal (goal None) or change one; dismisses with the finished goal, or None."""

    edits_workbook = True  # a read-only workbook does not open it (StratbookApp.push_screen)

    BINDINGS = [
        Binding("pagedown,ctrl+n", "next", "Next step", id="wizard.next", priority=True),
        Binding("pageup,ctrl+o", "back", "Previous step", id="wizard.back", priority=True),
        Binding("ctrl+g", "goto", "Go to step", id="wizard.goto", priority=True),
        Binding("ctrl+s", "save", "Review / save", id="wizard.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="wizard.cancel"),
        # Not Textual's focus cycle: from the last field it wrapped to the first, and the next
        # words typed were added to the first answer.
        Binding("tab", "next_field", "Next field", id="wizard.tab", show=False),
        Binding("shift+tab", "previous_field", "Previous field", id="wizard.shift_tab", show=False),
    ]

    def __init__(self, workbook: Workbook, goal: Goal | None, today: date, start_at: str | None = None) -> None:
        super().__init__()
        self.original = goal
        draft = copy.deepcopy(goal) if goal is not None else Goal(new_id("gol", workbook.ids()), status="active",
                                                                start=today)
        self.state = WizardState(workbook, draft, goal, today, link_targets(workbook, exclude=draft.id))
        self.pristine = copy.deepcopy(draft)
        self._pristine_tidied = tidy_goal(self.pristine)
        """What the wizard opened with, tidied once: each look of the recovery file's watch (every two
        seconds) and of quitting compares the typing with it."""
        self.steps = steps_for(draft.framework)
        keys = [step.key for step in self.steps]
        self.index = keys.index(start_at) if start_at in keys else 0
        self.step: WizardStep | None = None
        self._switching = 0
        """Redraws of the step owed or under way: while any, the step shown is not the draft's
        (keys that move between steps wait; the recovery file's watch does not read it)."""
        self._drawing = asyncio.Lock()
        """One redraw at a time: two at once (a paste's and a key's) each mounted a step."""

    def compose(self) -> ComposeResult:
        with Vertical(id="wizard"):
            yield Static(id="wizard-head")
            yield Static(id="wizard-steps")
            yield WizardBody(id="wizard-body")
            yield Static("", id="wizard-error")
            yield Static(Content(wizard_keys()), id="wizard-keys")

    async def on_mount(self) -> None:
        await self._show_step()

    async def show_step(self) -> None:
        """Draw the current step again from the draft (a step that changed the draft itself)."""
        await self._show_step()

    def show_step_soon(self) -> None:
        """Draw the current step again from the draft, after this message: a step that has just
        put more in the draft than its fields show. Until then nothing reads the fields back
        into the draft, which would drop what they do not show."""
        self._switching += 1

        async def redraw() -> None:
            try:
                await self._show_step()
            finally:
                self._switching -= 1

        self.call_later(redraw)

    # -- steps ---------------------------------------------------------------------
    def _make_step(self, step: Step) -> WizardStep:
        state = self.state
        if step.key.startswith("group:"):
            name = step.key.partition(":")[2]
            group = next(g for g in FRAMEWORKS[state.draft.framework].groups if g.name == name)
            return QuestionsStep(state, group)
        return {
            "framework": FrameworkStep, "basics": BasicsStep, "measure": MeasureStep,
            "key_results": KeyResultsStep, "dates": DatesStep, "links": LinksStep, "review": ReviewStep,
        }[step.key](state)

    async def _show_step(self) -> None:
        async with self._drawing:
            await self._draw_step()

    async def _draw_step(self) -> None:
        """The step shown taken away and the current one mounted, with no frame drawn between: a tick
        of the screen's refresh timer that fell after a field of the old step was unmounted (its
        styles gone), before the layout without it, drew it, and the app stopped (KeyError
        'text-area--gutter'; keys typed quickly through the steps, about one goal in seven)."""
        self._switching += 1
        try:
            body = self.query_one("#wizard-body", WizardBody)
            with self.app.batch_update():  # no frame of a step half taken away (see _draw_step's doc)
                await body.remove_children()
                self.step = self._make_step(self.steps[self.index])
                await body.mount(self.step)
            body.scroll_home(animate=False)
            self._show_position()
            self.query_one("#wizard-error", Static).update("")
            if (field := self.step.first_field()) is not None:
                self.set_focus(field, scroll_visible=False)  # at once: keys typed next land in the new step
        finally:
            self._switching -= 1

    def _show_head(self, typed_title: str) -> None:
        draft = self.state.draft
        verb = "New goal" if self.original is None else "Edit goal"
        title = one_line(typed_title, 40) if typed_title.strip() else ""
        # On the framework step, the framework the highlight is on: the one leaving the step takes.
        framework = self.step.chosen() if isinstance(self.step, FrameworkStep) and self.step.is_mounted else draft.framework
        head: list = [(verb, "bold"), "  ", (FRAMEWORKS[framework].name, "bold $accent")]
        if title:
            head += ["  ", (title, "$text-muted")]
        show(self.query_one("#wizard-head", Static), Content.assemble(*head))

    @on(Input.Changed, "#basics-title")
    def _title_typed(self, event: Input.Changed) -> None:
        # The header follows the title field as it is typed or erased, not only when a step is left.
        self._show_head(event.value)

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _refusal_answered(self, event: Input.Changed | TextArea.Changed) -> None:
        # A refused step's message goes once the field it was about changes: it stayed, reading
        # as still true, after the date it named had been put right (tried from outside). Leaving
        # the step checks again, and says so again if it must.
        widget = event.input if isinstance(event, Input.Changed) else event.text_area
        if not self._refused_at or widget.id == self._refused_at:
            show(self.query_one("#wizard-error", Static), "")

    _refused_at = ""
    """The field the step's last refusal was about (its `at_fault` then: previews move that on)."""

    @on(FrameworkStep.TitleTyped)
    def _title_typed_early(self, event: FrameworkStep.TitleTyped) -> None:
        self._show_head(event.title)

    @on(OptionList.OptionHighlighted, "#framework-list")
    def _framework_highlighted(self) -> None:
        if isinstance(self.step, FrameworkStep):
            self._show_head(self.step.typed or self.state.draft.title)

    def _show_position(self) -> None:
        self._show_head(self.state.draft.title)
        current = self.steps[self.index]
        lead: list = [(f"Step {self.index + 1} of {len(self.steps)}: ", "bold"), (current.title, "bold reverse"), "  "]

        def marks(named: bool) -> list:
            parts: list = []
            for number, step in enumerate(self.steps):
                here = number == self.index
                mark = glyphs.step_here if here else (glyphs.dot_on if number < self.index else glyphs.dot_off)
                parts.append((mark, "$accent" if here else "$text-muted"))
                if named:
                    parts.append((f"{step.title} ", "$accent" if here else "$text-muted"))
            return parts

        line = Content.assemble(*lead, *marks(named=True))
        if line.cell_length > self.app.size.width - 2:  # names for every step only where they fit
            line = Content.assemble(*lead, *marks(named=False))
        show(self.query_one("#wizard-steps", Static), line)

    def _store(self, strict: bool) -> bool:
        """Write the current step into the draft; False (and the reason shown) if it cannot be left."""
        if self._switching:
            return False
        if self.step is None:
            return True
        problem = self.step.store(strict)
        if problem:
            self.query_one("#wizard-error", Static).update(Content(one_line(problem)))
            self._refused_at = self.step.at_fault
            if self.step.at_fault:  # the field to fix, wherever the key that was refused was pressed
                self.step.query_one(f"#{self.step.at_fault}").focus()
            return False
        current_key = self.steps[self.index].key
        new_steps = steps_for(self.state.draft.framework)
        if new_steps != self.steps:
            keys = [s.key for s in new_steps]
            self.steps = new_steps
            self.index = keys.index(current_key) if current_key in keys else 0
        return True

    async def go(self, index: int, strict: bool, dropping: bool = False) -> None:
        """To step `index`, if the current step can be left; `dropping`: answers a new
        framework does not ask for were asked about, and go."""
        if (isinstance(self.step, FrameworkStep) and not dropping and not self._switching
                and self._asked_to_keep(index, strict)):
            return
        if not self._store(strict):
            return
        self.index = max(0, min(index, len(self.steps) - 1))
        await self._show_step()

    def _asked_to_keep(self, index: int, strict: bool) -> bool:
        """A new framework would leave written answers behind: ask first (True: the question is open)."""
        step = self.step
        assert isinstance(step, FrameworkStep)
        old, new = FRAMEWORKS[self.state.draft.framework], FRAMEWORKS[step.chosen()]
        written = [key for key, value in step.orphans().items() if str(value).strip()]
        if old is new or not written:
            return False
        questions = [old.question(key) for key in written]
        shown = "; ".join(one_line(q.text if q else key, 50) for q, key in zip(questions, written))
        count = f"{len(written)} answer{'s' if len(written) != 1 else ''}"

        async def answered(answer: str | None) -> None:
            if answer == "d" and isinstance(self.step, FrameworkStep):
                await self.go(index, strict, dropping=True)  # the step drops them as it stores the framework
            elif isinstance(self.step, FrameworkStep):
                self.step.keep()

        self.app.push_screen(ConfirmDialog(
            f"Change to {new.name}?",
            f"This goal has {count} to {old.name} questions that {new.name} does not ask: {shown}.\n"
            f"Changing drops them, so that they do not stay hidden in the file.",
            [("d", f"Drop them, use {new.name}"), ("k", f"Keep {old.name}")], "k"), answered)
        return True

    async def go_to_key(self, key: str) -> None:
        keys = [s.key for s in self.steps]
        if key in keys:
            await self.go(keys.index(key), strict=False)

    async def action_next(self) -> None:
        if self.index + 1 < len(self.steps):
            await self.go(self.index + 1, strict=True)
        elif isinstance(self.step, ReviewStep):
            await self.action_save()

    async def action_back(self) -> None:
        if self.index > 0:
            await self.go(self.index - 1, strict=False)

    def action_goto(self) -> None:
        async def chosen(index: int | None) -> None:
            if index is not None and index != self.index:
                await self.go(index, strict=False)

        self.app.push_screen(StepMenu(self.steps, self.index), chosen)

    async def action_save(self) -> None:
        if not isinstance(self.step, ReviewStep):
            await self.go(len(self.steps) - 1, strict=True)
            return
        if not self.state.draft.title.strip():
            await self.go_to_key("basics")
            self.query_one("#wizard-error", Static).update(Content("The goal needs a title before it is saved."))
            return
        taken = set(self.state.workbook.ids())
        self.dismiss(finish_goal(self.state.draft, self.original, taken, self.state.today))

    def goal_so_far(self, taken: frozenset[str] | None = None) -> Goal:
        """The goal as far as it is written (the step shown stored as it is, unchecked), as saving
        would make it: for the recovery file when the app is closed from outside, and for its
        watch (which passes the workbook's ids, `taken`, kept while the workbook is unchanged:
        gathering them again took 9 ms of the 12 a look at 12,000 items)."""
        self._store_shown()
        taken = set(self.state.workbook.ids() if taken is None else taken)
        return finish_goal(copy.deepcopy(self.state.draft), self.original, taken, self.state.today)

    def _store_shown(self) -> str | None:
        """The shown step's fields put into the draft, unchecked: None, or what is wrong in them
        (the draft then holds what could be read); UNREAD when the step shown is not the draft's
        or not all there yet (being replaced, its rows still being made), and the draft stands."""
        if self._switching or self.step is None:
            return UNREAD
        try:
            return self.step.store(strict=False)
        except NoMatches:  # a field not mounted yet: the recovery watch's tick can fall anywhere
            return UNREAD

    def holds_typing(self) -> bool:
        """The goal differs from what the wizard opened with (see StratbookApp.action_quit)."""
        return self._store_shown() not in (None, UNREAD) or tidy_goal(self.state.draft) != self._pristine_tidied

    def typing_held(self) -> Goal | None:
        """The goal as typed so far, tidied (no ids or milestones made: equal while nothing was
        typed), if it differs from what the wizard opened with; else None. For the recovery
        file's watch, which writes again only when this changed."""
        if self._store_shown() is UNREAD:
            return None  # between two steps: the next look finds the goal whole
        typed = tidy_goal(self.state.draft)
        return typed if typed != self._pristine_tidied else None

    def action_cancel(self) -> None:
        what = "this new goal" if self.original is None else "your changes to this goal"
        close_unless_kept(self, self.holds_typing(), what)

    # -- moving on with tab and enter -----------------------------------------------------
    def _step_fields(self) -> list[Widget]:
        """The fields of the step shown, in focus order."""
        body = self.query_one("#wizard-body")
        return [widget for widget in self.focus_chain if body in widget.ancestors]

    async def action_next_field(self) -> None:
        """tab: the next field; from the step's last, on to the next step (the last step stops)."""
        if self._switching:
            return
        fields = self._step_fields()
        # set_focus at once, not focus() (deferred): a second tab typed ahead must see the move
        if self.focused in fields and fields.index(self.focused) + 1 < len(fields):
            self.set_focus(fields[fields.index(self.focused) + 1])
        elif self.focused not in fields and fields:
            self.set_focus(fields[0])
        elif self.index + 1 < len(self.steps):
            await self.action_next()

    def action_previous_field(self) -> None:
        """shift+tab: the previous field; the step's first stays (the step before has PgUp)."""
        fields = self._step_fields()
        if self.focused in fields and fields.index(self.focused) > 0:
            self.set_focus(fields[fields.index(self.focused) - 1])

    _keys = ""
    _more = ""

    def on_descendant_focus(self, event) -> None:
        """The keys line names the keys of the kind of field in focus."""
        self._keys = wizard_keys("answer" if isinstance(event.widget, AnswerArea) else (
            "text" if isinstance(event.widget, Input) else ""))
        self._show_keys()

    def say_more(self, more: str) -> None:
        """The step's questions are cut (`WizardBody.more`): the keys line says so first."""
        if more != self._more:
            self._more = more
            self._show_keys()

    def _show_keys(self) -> None:
        own = self._keys or wizard_keys()
        keys = f"{self._more}  {own}" if self._more else own
        show(self.query_one("#wizard-keys", Static), Content(keys))

    async def _next_field(self, widget) -> None:
        """enter in a field: on to the next field of the step, or to the next step after the last."""
        if self.step is None or self._switching or widget not in self.step.query(".wizard-field"):
            return
        fields = [f for f in self.step.query(".wizard-field") if f.focusable]
        if widget in fields and fields.index(widget) + 1 < len(fields):
            self.set_focus(fields[fields.index(widget) + 1])
        else:
            await self.action_next()

    @on(Input.Submitted)
    async def _input_done(self, event: Input.Submitted) -> None:
        event.stop()
        await self._next_field(event.input)

    @on(AnswerArea.Submitted)
    async def _answer_done(self, event: AnswerArea.Submitted) -> None:
        event.stop()
        await self._next_field(event.area)

    @on(OptionList.OptionSelected, "#framework-list")
    async def _framework_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self._next_field(event.option_list)

    @on(OptionList.OptionSelected, "#review-list")
    async def _review_line(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if isinstance(self.step, ReviewStep) and (item := self.step.item_at(event.option_index)) is not None:
            await self.go_to_key(step_for(self.state.preview(), item.kind, item.key))

    @on(ItemPicker.Submitted)
    async def _links_done(self, event: ItemPicker.Submitted) -> None:
        event.stop()
        await self.action_next()

    async def on_key(self, event) -> None:
        """enter on the status choice (which does not take enter) moves on too."""
        if event.key == "enter" and self.focused is not None and self.focused.id == "basics-status":
            event.stop()
            await self._next_field(self.focused)

