"""Quality checks on goals: what makes a goal vague, unowned or unmeasurable.

Shared by the goals screens (shown beside each goal) and `stratbook check`
(printed as warnings). Each check has a stable id, a message and a hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tui.model.frameworks import BHAG_HORIZON, FRAMEWORKS, OKR_KEY_RESULTS
from tui.model.ids import id_prefix
from tui.model.workbook import Goal, Workbook

_VAGUE = re.compile(r"\b(improve[sd]?|improving|better|more|maximi[sz]e[sd]?|as soon as possible|asap)\b", re.I)
_NUMBER = re.compile(r"\d")
_DIRECTION_PREFIXES = frozenset({"val", "str", "wea", "opp", "thr", "tow", "ans"})


@dataclass(frozen=True, slots=True)
class Check:
    """One goal quality check: what it finds and how to fix it."""

    id: str
    message: str
    hint: str


CHECKS: dict[str, Check] = {c.id: c for c in (
    Check("no-target", "measurable goal without a number or a target",
          "Add a measure with a baseline and a target number."),
    Check("no-due", "no due date", "Set a due date: a goal without a date is a wish."),
    Check("overdue", "active goal past its due date",
          "Mark it achieved or missed, or agree a new due date."),
    Check("vague", "vague wording without a number",
          "Replace words like 'improve' or 'more' with a number: from what, to what."),
    Check("no-owner", "no owner", "Name the one person who answers for this goal."),
    Check("no-link", "not linked to a value, SWOT item or strategy",
          "Link the goal to what it serves, so leaders can see why it exists."),
    Check("okr-count", "an OKR should have 3 to 5 key results",
          "Fewer than three rarely capture the objective; more than five dilute focus."),
    Check("kr-no-target", "a key result without a target", "Give every key result a target number."),
    Check("okr-number", "the objective is itself a number",
          "Keep the objective qualitative and inspiring; put the numbers in key results."),
    Check("bhag-horizon", "a BHAG's horizon should be 10 to 30 years",
          "Answer 'In how many years?' with a whole number from 10 to 30."),
    Check("milestone-late", "a milestone is due after the goal",
          "Move the milestone before the goal's due date, or move the due date."),
)}


@dataclass(frozen=True, slots=True)
class Finding:
    """A check that found something in one goal."""

    check: Check
    goal_id: str
    path: str
    """Field path relative to the goal, e.g. `due` or `milestones[1].due`."""
    detail: str = ""

    @property
    def message(self) -> str:
        return f"{self.check.message}: {self.detail}" if self.detail else self.check.message


_FIRST_QUESTION = {key: framework.questions[0].key for key, framework in FRAMEWORKS.items()}
"""Each framework's first question (`Framework.questions` makes its tuple anew each time)."""


def _statement(goal: Goal) -> str:
    """The text that states the goal: its title and its first answer."""
    first = _FIRST_QUESTION.get(goal.framework, "")
    answer = goal.answers.get(first, "")
    return f"{goal.title}\n{answer}" if isinstance(answer, str) else goal.title


def check_goal(goal: Goal, today: date) -> list[Finding]:
    findings: list[Finding] = []

    def found(check_id: str, path: str = "", detail: str = "") -> None:
        findings.append(Finding(CHECKS[check_id], goal.id, path, detail))

    framework = FRAMEWORKS.get(goal.framework)
    if framework is not None and framework.needs_measure and (goal.measure is None or goal.measure.target is None):
        found("no-target", "measure")
    if goal.due is None:
        found("no-due", "due")
    elif goal.status == "active" and goal.due < today:
        found("overdue", "due", f"due {goal.due}")
    statement = _statement(goal)
    vague = None if _NUMBER.search(statement) else _VAGUE.search(statement)  # (the quicker search first)
    if vague:
        found("vague", "title", f"'{vague.group(0)}'")
    if not goal.owner.strip():
        found("no-owner", "owner")
    if _DIRECTION_PREFIXES.isdisjoint(map(id_prefix, goal.links)):
        found("no-link", "links")
    if goal.framework == "okr":
        if len(goal.key_results) not in OKR_KEY_RESULTS:
            found("okr-count", "key_results", f"it has {len(goal.key_results)}")
        for index, kr in enumerate(goal.key_results):
            if kr.target is None:
                found("kr-no-target", f"key_results[{index}].target")
        if _NUMBER.search(goal.title):
            found("okr-number", "title")
    if goal.framework == "bhag":
        horizon = goal.answers.get("horizon_years")
        if not isinstance(horizon, int) or isinstance(horizon, bool) or horizon not in BHAG_HORIZON:
            found("bhag-horizon", "answers.horizon_years")
    if goal.due is not None:
        for index, milestone in enumerate(goal.milestones):
            if milestone.due is not None and milestone.due > goal.due:
                found("milestone-late", f"milestones[{index}].due", f"{milestone.due} is after {goal.due}")
    return findings


def check_workbook(workbook: Workbook, today: date) -> list[tuple[int, Finding]]:
    """Every finding of every goal, with the goal's index in the file."""
    return [(index, finding) for index, goal in enumerate(workbook.goals) for finding in check_goal(goal, today)]
