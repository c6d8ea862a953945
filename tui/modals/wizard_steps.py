"""The steps of the goal wizard. Each shows part of the working copy of the goal and
writes it back with `store`; the wizard (tui/modals/wizard.py) moves between them.

`store(strict)` returns a message when the step cannot be left: text that is
not a number or a date always stops it; a missing title stops it only going
forward (strict), so that one can go back to fix something else first.
"""

from __future__ import annotations

import copy
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.keymap import key_in_effect
from tui.glyphs import glyphs
from tui.model.checkins import format_estimate, typed_number
from tui.model.checks import check_goal
from tui.model.dates import DATE_HELP, DateError, describe, parse_date
from tui.model.frameworks import BHAG_HORIZON, FRAMEWORKS, QuestionGroup
from tui.model.goals import LinkTarget, finish_goal, owners, tactics_of
from tui.model.progress import measure_progress, okr_score, progress_of
from tui.model.text import joined_lines, one_line, pasted_text
from tui.model.workbook import DEFAULT_KR_WEIGHT, GOAL_STATUSES, KR_WEIGHT_RANGE, Goal, KeyResult, Measure, Workbook
from tui.modals.form import parse_number
from tui.modals.picker import ItemPicker, PickItem
from tui.widgets.goal_view import DetailItem, detail_options, measure_text
from tui.widgets.lines import MarkedOptionList
from tui.widgets.inputs import ChoiceInput
from tui.widgets.progress_bar import progress_bar
from tui.widgets.safe import SafeInput, SafeTextArea



def show(static: Static, content: Content | str) -> None:
    """`static.update(content)` unless it shows that already. Textual 8.2.8's Static.update lays
    the whole dialog out again, and the previews were updated on every key typed, each row's the
    same as before: building an OKR's three key results laid it out some 340 times."""
    shown = static.content
    if type(shown) is type(content) and (shown == content if isinstance(content, str)
                                         else (shown.plain, shown.spans) == (content.plain, content.spans)):
        return
    static.update(content)

@dataclass
class WizardState:
    """What every step works on: the goal being written and what it can refer to."""

    workbook: Workbook
    draft: Goal
    original: Goal | None
    today: date
    targets: list[LinkTarget] = field(default_factory=list)

    def preview(self) -> Goal:
        """The goal as it would be saved now (ids made up for new parts)."""
        return finish_goal(self.draft, self.original, set(self.workbook.ids()), self.today)


class AnswerArea(SafeTextArea):
    """A written answer that grows to a few lines as you type. enter moves on to the next
    question; ctrl+j starts a new line (as in the forms), and F2 opens your editor."""

    BINDINGS = [
        Binding("ctrl+j", "new_line", "New line", id="wizard.answer.newline", show=False, priority=True),
    ]

    class Submitted(Message):
        def __init__(self, area: AnswerArea) -> None:
            super().__init__()
            self.area = area

        @property
        def control(self) -> AnswerArea:
            return self.area

    def __init__(self, text: str, *, id: str | None = None, classes: str = "") -> None:
        super().__init__(text, id=id, classes=f"wizard-field {classes}".strip(), soft_wrap=True,
                         tab_behavior="focus", show_line_numbers=False)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self))
            return
        await super()._on_key(event)

    def action_new_line(self) -> None:
        self.insert("\n")


def field_input(value: str, *, id: str, placeholder: str = "", classes: str = "", select_on_focus: bool = False,
                **kwargs) -> SafeInput:
    """A one-line field of a step; `takes_list` and the Input's own options go in `kwargs`.
    `select_on_focus`: a field prefilled with a default (a weight of 1) is replaced by typing."""
    return SafeInput(value, id=id, placeholder=placeholder, classes=f"wizard-field {classes}".strip(),
                     select_on_focus=select_on_focus, compact=True, **kwargs)


def label(text: str, classes: str = "wizard-label") -> Static:
    return Static(Content(text), classes=classes)


def hint(text: str) -> Static:
    return Static(Content(text), classes="wizard-hint")


def read_number(widget: Input, name: str) -> float | int | None | str:
    """The number in `widget`, None when empty, or an error message."""
    try:
        return parse_number(widget.value)
    except ValueError:
        return f"{name}: '{one_line(widget.value.strip(), 30)}' is not a number"


def read_weight(widget: Input, name: str) -> int | str:
    """A key result's weight in `widget`: a whole number from 1 to 10 (1 when empty), or an error."""
    text = widget.value.strip()
    if not text:
        return DEFAULT_KR_WEIGHT
    low, high = KR_WEIGHT_RANGE[0], KR_WEIGHT_RANGE[-1]
    if text.isdigit() and low <= int(text) <= high:
        return int(text)
    return f"{name}: '{one_line(text, 30)}' is not a whole number from {low} to {high}"


class WizardStep(Vertical):
    """One step. Subclasses compose their fields from `state.draft` and write them back in `store`."""

    title = ""
    explanation = ""

    def __init__(self, state: WizardState) -> None:
        super().__init__(classes="wizard-step")
        self.state = state
        self.at_fault = ""
        """The id of the field that `store` last refused; the wizard puts the focus there."""

    def compose(self) -> ComposeResult:
        explanation = self.explanation.replace("{save}", key_in_effect("wizard.save"))
        yield Static(Content.assemble((self.title, "bold $accent"), "  ", (explanation, "$text-muted")),
                     classes="wizard-step-title")
        yield from self.fields()

    def fields(self) -> ComposeResult:
        yield from ()

    def store(self, strict: bool) -> str | None:
        return None

    def first_field(self) -> Widget | None:
        return next(iter(self.query(".wizard-field")), None)


FRAMEWORK_HINT = "up/down or j/k choose, enter takes it and moves on."


class FrameworkStep(WizardStep):
    """The first step: a list of frameworks. A new user often starts typing the goal's title
    here, as the title is what a new goal seems to ask for first. On a goal without a title, what
    is typed here is its title, put in the draft at once (so the recovery watch and a way out
    keep it as they keep the title field), and the hint under the list shows it; it is not taken
    as keys of the list (it was lost, and the j and k in it moved the highlight, so that enter
    took a framework the user never chose)."""

    title = "Framework"
    explanation = "How the goal is framed: each asks different questions."

    class TitleTyped(Message):
        """The title typed here changed (the wizard's head shows it, as it does the title field)."""

        def __init__(self, title: str) -> None:
            super().__init__()
            self.title = title

    takes_title = False
    """The goal had no title when the step was shown: what is typed here is its title."""
    TYPING_GAP = 1.0
    """Seconds: a lowercase letter this soon after one j or k (nothing typed yet) makes it the
    title's first letter ("keep costs down"): a typist's keys are 0.1-0.4 s apart. Moves are
    two or more j and k, or a pause, or a capital or a digit after (a title starts "Grow")."""
    _moved_by = ""
    """The j and k of a burst just before, with nothing typed yet: the list's keys, unless a
    lowercase letter follows at once after just one of them: then it was the title's first."""
    _moved_from: int | None = None
    """Where the highlight was before those j and k."""
    _moved_at = 0.0

    @property
    def typed(self) -> str:
        """The title typed on this step (the draft's, while the step takes it)."""
        return self.state.draft.title if self.takes_title else ""

    def fields(self) -> ComposeResult:
        options = []
        for framework in FRAMEWORKS.values():
            options.append(Option(Content.assemble((f"{framework.name:<8}", "bold"), framework.summary),
                                  id=framework.key))
        yield MarkedOptionList(*options, id="framework-list", classes="wizard-field")
        yield Static(Content(FRAMEWORK_HINT), id="framework-hint", classes="wizard-hint")

    def on_key(self, event: events.Key) -> None:
        character = event.character if event.is_printable else None
        in_burst = event.time - self._moved_at <= self.TYPING_GAP
        if character in ("j", "k") and not self.typed:
            if not (self._moved_by and in_burst):
                self._moved_by, self._moved_from = "", self.query_one("#framework-list", OptionList).highlighted
            self._moved_by += character
            self._moved_at = event.time
            return  # the list moves (its binding), unless a letter follows in the burst
        moved_by = self._moved_by if in_burst and len(self._moved_by) == 1 and (character or "").islower() else ""
        self._moved_by = ""
        if event.key == "backspace" and self.typed:
            self._type(self.typed[:-1])
        elif event.key == "escape" and self.typed:
            self._type("")  # the typing dropped, not the goal: a second esc cancels
        elif character is not None and (self.typed or moved_by or character != " "):
            if moved_by:  # "keep...": the k was the title's, not the list's
                self.query_one("#framework-list", OptionList).highlighted = self._moved_from
            self._type(self.typed + moved_by + character)
        else:
            return
        event.stop()
        event.prevent_default()

    @on(OptionList.OptionHighlighted, "#framework-list")
    def _framework_highlighted(self) -> None:
        if self.typed:
            self._show_typed()  # the hint names the framework enter takes

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        line, count = joined_lines(pasted_text(event.text))  # as a one-line box joins them
        if count > 1 and self.takes_title:
            self.app.notify(f"Pasted {count} lines as the title: they were joined with spaces.", markup=False)
        self._type(self.typed + "".join(c for c in line if c.isprintable()))

    def _type(self, typed: str) -> None:
        if not self.takes_title:
            show(self.query_one("#framework-hint", Static),
                 Content("This step only picks a framework: the title is in the next step "
                         f"({key_in_effect('wizard.next')})."))
            return
        self.state.draft.title = typed
        self._show_typed()
        self.post_message(self.TitleTyped(typed))

    def _show_typed(self) -> None:
        if self.typed:
            name = FRAMEWORKS[self.chosen()].name
            shown = Content.assemble("Title: ", (one_line(self.typed), "bold"),
                                     f", kept for the next step. enter takes {name} and moves on; esc drops it.")
        else:
            shown = Content(FRAMEWORK_HINT)
        show(self.query_one("#framework-hint", Static), shown)

    def on_mount(self) -> None:
        chooser = self.query_one("#framework-list", OptionList)
        chooser.highlighted = list(FRAMEWORKS).index(self.state.draft.framework)
        self.takes_title = not self.state.draft.title.strip()

    def chosen(self) -> str:
        highlighted = self.query_one("#framework-list", OptionList).highlighted_option
        return highlighted.id if highlighted is not None and highlighted.id else self.state.draft.framework

    def keep(self) -> None:
        """Back to the goal's own framework (a change that was not confirmed)."""
        self.query_one("#framework-list", OptionList).highlighted = list(FRAMEWORKS).index(self.state.draft.framework)

    def store(self, strict: bool) -> str | None:
        draft = self.state.draft
        if self.chosen() != draft.framework:
            # No answers hidden in the file under questions the goal no longer asks: the
            # wizard asked before dropping any that were written (see GoalWizard.go).
            draft.framework = self.chosen()
            draft.answers = {key: value for key, value in draft.answers.items() if key not in self.orphans()}
        return None

    def orphans(self) -> dict[str, object]:
        """The answers the chosen framework does not ask for (all of them, written or not)."""
        keys = FRAMEWORKS[self.chosen()].keys
        return {key: value for key, value in self.state.draft.answers.items() if key not in keys}


class BasicsStep(WizardStep):
    explanation = "Its one-line title, who answers for it, and where it stands."

    @property
    def title(self) -> str:  # type: ignore[override]
        return "Objective" if self.state.draft.framework == "okr" else "The goal"

    def fields(self) -> ComposeResult:
        goal = self.state.draft
        framework = FRAMEWORKS[goal.framework]
        yield label("Objective *" if goal.framework == "okr" else "Title *")
        yield field_input(goal.title, id="basics-title", placeholder="one line")
        yield hint(framework.title_hint)
        yield label("Owner")
        yield field_input(goal.owner, id="basics-owner", placeholder="a name",
                          suggester=SuggestFromList(owners(self.state.workbook), case_sensitive=False))
        yield hint("The one person who answers for it. right arrow takes a suggested name.")
        yield label("Status")
        status = ChoiceInput(GOAL_STATUSES, goal.status, id="basics-status")
        status.add_class("wizard-field")
        yield status
        yield hint("left/right or the first letter: draft, active, achieved, missed, dropped.")

    def store(self, strict: bool) -> str | None:
        goal = self.state.draft
        goal.title = self.query_one("#basics-title", Input).value
        goal.owner = self.query_one("#basics-owner", Input).value
        goal.status = self.query_one("#basics-status", ChoiceInput).value
        if strict and not goal.title.strip():
            self.query_one("#basics-title").focus()
            return "The goal needs a title: one line that says what it is."
        return None


class QuestionsStep(WizardStep):
    """One group of the framework's questions."""

    def __init__(self, state: WizardState, group: QuestionGroup) -> None:
        super().__init__(state)
        self.group = group
        self.title = group.name
        self.explanation = group.summary or FRAMEWORKS[state.draft.framework].summary

    def fields(self) -> ComposeResult:
        for question in self.group.questions:
            value = self.state.draft.answers.get(question.key)
            yield label(question.text)
            if question.kind == "int":
                yield field_input(typed_number(value) if isinstance(value, (int, float)) and not isinstance(value, bool)
                                  else "" if value is None else str(value), id=f"answer-{question.key}",
                                  placeholder="years", classes="wizard-number", restrict=r"\d{0,3}")
                yield Static("", id=f"error-{question.key}", classes="wizard-error")
            else:
                yield AnswerArea(value if isinstance(value, str) else "", id=f"answer-{question.key}")
            yield hint(question.hint)

    def _int_error(self, text: str) -> str | None:
        if not text.strip():
            return None
        if not text.strip().isdigit() or int(text) not in BHAG_HORIZON:
            return f"'{text.strip()}': a whole number from {BHAG_HORIZON.start} to {BHAG_HORIZON.stop - 1}"
        return None

    @on(Input.Changed, ".wizard-number")
    def _typed(self, event: Input.Changed) -> None:
        key = (event.input.id or "").removeprefix("answer-")
        show(self.query_one(f"#error-{key}", Static), Content(self._int_error(event.value) or ""))

    def store(self, strict: bool) -> str | None:
        answers = self.state.draft.answers
        for question in self.group.questions:
            widget = self.query_one(f"#answer-{question.key}")
            if question.kind == "int":
                text = widget.value.strip()  # type: ignore[attr-defined]
                problem = self._int_error(text)
                if problem:
                    widget.focus()
                    return f"{question.text} {problem}"
                if text:
                    answers[question.key] = int(text)
                else:
                    answers.pop(question.key, None)
            else:
                answers[question.key] = widget.whole_text  # type: ignore[attr-defined]
        return None


NUMBER_FIELDS = (("baseline", "From (baseline)"), ("target", "To (target)"), ("current", "Now (current)"))


class MeasureStep(WizardStep):
    title = "Measure"
    explanation = "The number that shows progress: from, to, and now."

    def fields(self) -> ComposeResult:
        measure = self.state.draft.measure or Measure()
        if not FRAMEWORKS[self.state.draft.framework].needs_measure:
            yield hint("Optional for this framework: leave it empty if the goal is not about a number.")
        yield label("Metric")
        yield field_input(measure.metric, id="measure-metric", placeholder="e.g. customers served a month")
        yield label("Unit")
        yield field_input(measure.unit, id="measure-unit", placeholder="e.g. days, %, k GBP, customers")
        with Horizontal(classes="wizard-numbers"):
            for key, text in NUMBER_FIELDS:
                with Vertical(classes="wizard-number-box"):
                    yield label(text)
                    yield field_input(typed_number(getattr(measure, key)), id=f"measure-{key}",
                                      placeholder="number", classes="wizard-number")
        yield Static("", id="measure-preview", classes="wizard-preview")
        yield hint("A decrease works too: a target below the baseline.")

    def on_mount(self) -> None:
        self._preview()

    def _numbers(self) -> dict[str, float | int | None] | str:
        values: dict[str, float | int | None] = {}
        for key, text in NUMBER_FIELDS:
            value = read_number(self.query_one(f"#measure-{key}", Input), text)
            if isinstance(value, str):
                self.at_fault = f"measure-{key}"
                return value
            values[key] = value
        return values

    @on(Input.Changed)
    def _preview(self, event: Input.Changed | None = None) -> None:
        numbers = self._numbers()
        preview = self.query_one("#measure-preview", Static)
        if isinstance(numbers, str):
            show(preview, Content.styled(numbers, "$error"))
            return
        unit = self.query_one("#measure-unit", Input).value
        fraction = measure_progress(numbers["baseline"], numbers["target"], numbers["current"])
        show(preview, Content.assemble(("Progress ", "$text-muted"), progress_bar(fraction, 10), "  ",
                                        measure_text("", unit, *numbers.values())))

    def store(self, strict: bool) -> str | None:
        numbers = self._numbers()
        if isinstance(numbers, str):
            return numbers
        measure = copy.deepcopy(self.state.draft.measure) or Measure()
        measure.metric = self.query_one("#measure-metric", Input).value
        measure.unit = self.query_one("#measure-unit", Input).value
        measure.baseline, measure.target, measure.current = numbers.values()
        self.state.draft.measure = measure
        return None


KR_NUMBERS = (("unit", "unit", 10), ("baseline", "from", 8), ("target", "to", 8), ("current", "now", 8))


class KeyResultsStep(WizardStep):
    title = "Key results"
    explanation = "Three to five numbers; the OKR score is their mean progress, weighted (1 to 10)."

    def __init__(self, state: WizardState) -> None:
        super().__init__(state)
        self.shown = max(5, len(state.draft.key_results))
        """How many rows the step shows: five, or more when the goal has more."""

    def slots(self) -> int:
        return self.shown

    def fields(self) -> ComposeResult:
        krs = self.state.draft.key_results
        for index in range(self.slots()):
            kr = krs[index] if index < len(krs) else KeyResult("")
            with Horizontal(classes="kr-line"):
                yield Static(Content(f"{index + 1}."), classes="kr-number")
                yield field_input(kr.text, id=f"kr-{index}-text", placeholder="a measurable result",
                                  classes="kr-text", takes_list=True)
                yield Static(Content("weight"), classes="kr-label")
                yield field_input(typed_number(kr.weight), id=f"kr-{index}-weight", classes="kr-weight wizard-number",
                                  select_on_focus=True)
            with Horizontal(classes="kr-line kr-numbers"):
                for key, text, _ in KR_NUMBERS:
                    yield Static(Content(text), classes="kr-label")
                    value = kr.unit if key == "unit" else typed_number(getattr(kr, key))
                    yield field_input(value, id=f"kr-{index}-{key}", classes=f"kr-{key}"
                                      + ("" if key == "unit" else " wizard-number"))
                yield Static("", id=f"kr-{index}-progress", classes="kr-progress")
        yield Static("", id="kr-preview", classes="wizard-preview")
        yield hint("Empty rows are left out. Each result: unit, from (baseline), to (target), now (current); "
                   "a weight of 2 counts twice.")

    def on_mount(self) -> None:
        self._preview()

    def _rows(self) -> list[KeyResult] | str:
        krs = self.state.draft.key_results
        rows = []
        for index in range(self.slots()):
            kr = copy.deepcopy(krs[index]) if index < len(krs) else KeyResult("")
            kr.text = self.query_one(f"#kr-{index}-text", Input).value
            kr.unit = self.query_one(f"#kr-{index}-unit", Input).value
            for key, text, _ in KR_NUMBERS[1:]:
                value = read_number(self.query_one(f"#kr-{index}-{key}", Input), f"Key result {index + 1} {text}")
                if isinstance(value, str):
                    self.at_fault = f"kr-{index}-{key}"
                    return value
                setattr(kr, key, value)
            weight = read_weight(self.query_one(f"#kr-{index}-weight", Input), f"Key result {index + 1} weight")
            if isinstance(weight, str):
                self.at_fault = f"kr-{index}-weight"
                return weight
            kr.weight = weight
            rows.append(kr)
        return rows

    @on(Input.Changed)
    def _preview(self, event: Input.Changed | None = None) -> None:
        rows = self._rows()
        preview = self.query_one("#kr-preview", Static)
        if isinstance(rows, str):
            show(preview, Content.styled(rows, "$error"))
            return
        filled = [kr for kr in rows if kr.text.strip() or kr.target is not None]
        for index, kr in enumerate(rows):
            shown = progress_bar(progress_of(kr), 4) if kr in filled else Content("")
            show(self.query_one(f"#kr-{index}-progress", Static), shown)
        score = okr_score(Goal("gol-xxxx", "okr", key_results=filled))
        count = len(filled)
        advice = "" if 3 <= count <= 5 else ("  (aim for three to five)")
        show(preview, Content.assemble(("OKR score ", "$text-muted"), (format_estimate(score), "bold"),
                                        f"  from {count} key result{'s' if count != 1 else ''}",
                                        (advice, "$warning")))

    def store(self, strict: bool) -> str | None:
        rows = self._rows()
        if isinstance(rows, str):
            return rows
        self.state.draft.key_results = rows
        return None

    @on(SafeInput.ListPasted, ".kr-text")
    def _list_pasted(self, event: SafeInput.ListPasted) -> None:
        """A pasted list fills key results from this row on, one per line; rows are added for
        lines that do not fit."""
        event.stop()
        start = int((event.input.id or "kr-0").split("-")[1])
        fitting = event.items[: self.slots() - start]
        for offset, text in enumerate(fitting):
            self.query_one(f"#kr-{start + offset}-text", Input).value = text
        extra = event.items[len(fitting):]
        if not extra:
            return
        rows = self._rows()
        if isinstance(rows, str):
            self.app.notify(f"{len(extra)} pasted lines did not fit: {rows}. Fix it and paste them again.",
                            severity="warning", markup=False)
            return
        for text in extra:
            rows.append(KeyResult(""))
            rows[-1].text = text
        self.state.draft.key_results = rows
        self.screen.show_step_soon()  # redrawn with a row for each


class DatesStep(WizardStep):
    title = "Dates"
    explanation = f"Start and due: {DATE_HELP}."

    def fields(self) -> ComposeResult:
        goal = self.state.draft
        yield label("Start")
        yield field_input(goal.start.isoformat() if goal.start else "", id="dates-start", placeholder="today")
        yield Static("", id="dates-start-shown", classes="wizard-preview")
        yield label("Due")
        yield field_input(goal.due.isoformat() if goal.due else "", id="dates-due", placeholder="e.g. +6m")
        yield Static("", id="dates-due-shown", classes="wizard-preview")
        yield hint("+6m for the due date means six months after the start.")
        yield Static("", id="dates-milestones", classes="wizard-milestones")

    def on_mount(self) -> None:
        self._preview()

    def _dates(self) -> tuple[date | None, date | None] | str:
        today = self.state.today
        try:
            start = parse_date(self.query_one("#dates-start", Input).value, today)
        except DateError as exc:
            self.at_fault = "dates-start"
            return f"Start: {exc}"
        self.at_fault = "dates-due"
        try:
            due = parse_date(self.query_one("#dates-due", Input).value, today, base=start or today)
        except DateError as exc:
            return f"Due: {exc}"
        if start is not None and due is not None and due < start:
            return f"Due: {due} is before the start {start}"
        return start, due

    def _shown(self, day: date | None) -> Content:
        if day is None:
            return Content.styled("not set", "$text-muted")
        return Content.assemble((f"{glyphs.arrow_text} ", "$text-muted"), (day.isoformat(), "bold"),
                                (f"  {day:%A}, {describe(day, self.state.today)}", "$text-muted"))

    @on(Input.Changed)
    def _preview(self, event: Input.Changed | None = None) -> None:
        dates = self._dates()
        start_shown = self.query_one("#dates-start-shown", Static)
        due_shown = self.query_one("#dates-due-shown", Static)
        if isinstance(dates, str):
            show(start_shown if dates.startswith("Start") else due_shown, Content.styled(dates, "$error"))
            if dates.startswith("Start"):
                show(due_shown, "")
            return
        start, due = dates
        show(start_shown, self._shown(start))
        show(due_shown, self._shown(due))
        self._milestones(start, due)

    def _milestones(self, start: date | None, due: date | None) -> None:
        """The milestones as they will be saved with these dates (SMART's made from its answers)."""
        draft = copy.deepcopy(self.state.draft)
        draft.start, draft.due = start, due
        saved = finish_goal(draft, self.state.original, set(self.state.workbook.ids()), self.state.today)
        lines: list = [("Milestones when saved:", "$text-muted")]
        for milestone in saved.milestones:
            late = due is not None and milestone.due is not None and milestone.due > due
            when = milestone.due.isoformat() if milestone.due else "no date   "
            lines += ["\n  ", (f"{glyphs.done} " if milestone.done else f"{glyphs.not_done} ", "$text-muted"),
                      (when, "$warning" if late else "bold"), "  ", one_line(milestone.text, 60),
                      (" (after the due date)" if late else "", "$warning")]
        if not saved.milestones:
            lines.append(("\n  none" + (": answer 'What can I do today / in six weeks / in six months?'"
                                        if draft.framework == "smart" else ""), "$text-muted"))
        show(self.query_one("#dates-milestones", Static), Content.assemble(*lines))

    def store(self, strict: bool) -> str | None:
        dates = self._dates()
        if isinstance(dates, str):
            return dates
        self.state.draft.start, self.state.draft.due = dates
        return None


def pick_items(targets: list[LinkTarget]) -> list[PickItem]:
    """Link targets for the picker, under one heading per kind; the SWOT quadrant, TOWS kind
    or PESTLE factor goes before the text."""
    groups = {"value": "Values", "strength": "SWOT", "weakness": "SWOT", "opportunity": "SWOT", "threat": "SWOT",
              "goal": "Other goals"}
    items = []
    for target in targets:
        group = groups.get(target.kind) or next(
            (name for prefix, name in (("strategy", "Strategies"), ("force", "Five forces"), ("Ansoff", "Ansoff options"))
             if target.kind.startswith(prefix)), "PESTLE")
        detail = (target.kind.split(" ")[-1] if group in ("SWOT", "Strategies", "PESTLE")
                  else target.kind.split(" ", 1)[1] if group in ("Five forces", "Ansoff options") else "")
        items.append(PickItem(target.id, target.text or "(no text)", group=group, detail=detail))
    return items


def merged_links(old: list[str], chosen: list[str], known: AbstractSet[str]) -> list[str]:
    """The links after picking: the old ones still chosen (and unknown ids, kept) in their order,
    then the newly chosen."""
    kept = [link for link in old if link in chosen or link not in known]
    return kept + [link for link in chosen if link not in kept]


class LinksStep(WizardStep):
    title = "Links"
    explanation = "What the goal serves: values, SWOT items, PESTLE items, strategies."

    def __init__(self, state: WizardState) -> None:
        super().__init__(state)
        self.add_class("-fill")

    def fields(self) -> ComposeResult:
        yield ItemPicker(pick_items(self.state.targets), self.state.draft.links, id="links-picker",
                         classes="wizard-picker")
        yield hint("space ticks, / searches, enter moves on. Linking to a value, SWOT item or strategy "
                   "shows why the goal exists.")

    def first_field(self) -> Widget | None:
        return self.query_one(ItemPicker).picklist

    def store(self, strict: bool) -> str | None:
        picker = self.query_one(ItemPicker)
        known = {t.id for t in self.state.targets}
        self.state.draft.links = merged_links(self.state.draft.links, picker.selected_ids, known)
        return None


class ReviewList(MarkedOptionList):
    """The goal as it will be saved; enter on a line goes to the step that changes it."""


class ReviewStep(WizardStep):
    title = "Review"
    explanation = "{save} saves. enter on a line goes back to its step."
    """`{save}`: the wizard's save key in effect."""

    def __init__(self, state: WizardState) -> None:
        super().__init__(state)
        self.add_class("-fill")

    def fields(self) -> ComposeResult:
        goal = self.state.preview()
        findings = check_goal(goal, self.state.today)
        links = {t.id: t for t in self.state.targets}
        options, self.items = detail_options(goal, links, tactics_of(self.state.workbook, goal.id),
                                             self.state.today, findings, keys=False, workbook=self.state.workbook)
        if findings:
            summary = Content.styled(f"{len(findings)} warning{'s' if len(findings) != 1 else ''}: "
                                     "the goal can be saved, but it would be better fixed.", "$warning")
        else:
            summary = Content.styled(f"{glyphs.done} No warnings: a well-formed goal.", "$success")
        yield Static(summary, id="review-summary")
        yield ReviewList(*options, id="review-list", classes="wizard-field")

    def on_mount(self) -> None:
        review = self.query_one(ReviewList)
        first_warning = next((i for i, item in enumerate(self.items) if item and item.kind == "warning"), 0)
        review.highlighted = first_warning

    def item_at(self, index: int | None) -> DetailItem | None:
        return self.items[index] if index is not None and 0 <= index < len(self.items) else None
