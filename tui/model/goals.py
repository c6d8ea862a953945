"""Goals and tactics as the goals and tactics sections see them.

Building a goal from the wizard's answers (with the milestones SMART's
time-bound answers ask for), the one edit that saves it, filtering and
sorting goals, tactics grouped by goal, overdue, and the items a goal can
link to. No Textual here.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tui.model.dates import DateError, shift
from tui.model.ids import new_id
from tui.model.progress import goal_progress
from tui.model.workbook import (
    GOAL_STATUSES,
    QUADRANTS,
    TACTIC_STATUSES,
    Goal,
    Measure,
    Milestone,
    Tactic,
    Workbook,
)

if TYPE_CHECKING:  # made by the functions below; reading a workbook needs no edits
    from tui.model.edits import Edit

#: SMART's time-bound answers that become milestones: (answer key, amount, unit) from the start date.
SMART_MILESTONES: tuple[tuple[str, int, str], ...] = (
    ("today", 0, "d"),
    ("six_weeks", 6, "w"),
    ("six_months", 6, "m"),
)

#: The fields of a goal the wizard edits (everything but the id and unknown keys).
GOAL_FIELDS = ("framework", "title", "status", "owner", "start", "due", "links", "answers", "measure",
               "key_results", "milestones", "parent", "commitment", "perspective")

SORTS = ("file", "due", "progress", "title")
SORT_LABELS = {"file": "as in the file", "due": "by due date", "progress": "by progress", "title": "by title"}
"""How each order reads after "Goals 8  ordered ...": the bar and the filter's hint use them."""


# -- building a goal ----------------------------------------------------------------
def smart_milestone_date(key: str, start: date) -> date | None:
    """The due date of the milestone from SMART question `key`; None past the calendar's end
    (a start in December 9999 is a valid date, six months after it is not)."""
    for answer_key, amount, unit in SMART_MILESTONES:
        if answer_key == key:
            try:
                return shift(start, amount, unit)
            except DateError:
                return None
    raise KeyError(key)


def _answer(goal: Goal | None, key: str) -> str:
    value = goal.answers.get(key, "") if goal is not None else ""
    return value.strip() if isinstance(value, str) else ""


def sync_smart_milestones(goal: Goal, before: Goal | None, taken: set[str], today: date) -> None:
    """Give `goal` one milestone per answered SMART time-bound question, dated from its start.

    A milestone made earlier from the same question (found by the earlier
    answer's text) is updated rather than duplicated, and removed when its
    answer is cleared. An answer that did not change makes no new milestone
    (its milestone was deleted, or the goal was written by hand). Its date follows the start date unless someone moved it
    by hand. Milestones end up in date order. Mutates `goal`; new ids go into `taken`.
    """
    if goal.framework != "smart":
        return
    start = goal.start or today
    old_start = (before.start if before is not None else None) or today
    used: set[str] = set()
    for key, _, _ in SMART_MILESTONES:
        answer, old_answer = _answer(goal, key), _answer(before, key)
        due = smart_milestone_date(key, start)
        existing = None
        for candidate in goal.milestones:
            if candidate.id not in used and candidate.text.strip() in {old_answer, answer} - {""}:
                existing = candidate
                used.add(candidate.id)
                break
        if not answer:
            if existing is not None and old_answer:
                goal.milestones.remove(existing)
            continue
        if existing is None:
            if before is not None and answer == old_answer:
                continue  # an unchanged answer whose milestone is gone (or never was): leave it so
            milestone_id = new_id("mil", taken)
            taken.add(milestone_id)
            goal.milestones.append(Milestone(milestone_id, due, answer))
            used.add(milestone_id)
            continue
        if existing.due is None or existing.due == smart_milestone_date(key, old_start):
            existing.due = due
        existing.text = answer
    goal.milestones.sort(key=lambda m: (m.due is None, m.due or date.min))


def _is_empty_measure(measure: Measure | None) -> bool:
    return measure is None or (
        not measure.metric.strip() and not measure.unit.strip() and not measure.extra
        and measure.baseline is None and measure.target is None and measure.current is None
    )


def tidy_goal(draft: Goal) -> Goal:
    """The wizard's working copy as saving would keep it, before ids and milestones: text
    trimmed, empty answers and key results dropped, an empty measure removed. Two drafts that
    tidy alike differ only by what a wizard step fills in when passed through (an empty answer
    or key-result row, an empty measure)."""
    goal = copy.deepcopy(draft)
    goal.title = goal.title.strip()
    goal.owner = goal.owner.strip()
    for key, value in list(goal.answers.items()):
        if isinstance(value, str):
            if value.strip():
                goal.answers[key] = value.strip()
            else:
                del goal.answers[key]
    if _is_empty_measure(goal.measure):
        goal.measure = None
    else:
        assert goal.measure is not None
        goal.measure.metric = goal.measure.metric.strip()
        goal.measure.unit = goal.measure.unit.strip()
    kept = []
    for kr in goal.key_results:
        kr.text, kr.unit = kr.text.strip(), kr.unit.strip()
        if not kr.text and kr.baseline is None and kr.target is None and kr.current is None:
            continue
        kept.append(kr)
    goal.key_results = kept
    return goal


def finish_goal(draft: Goal, before: Goal | None, taken: set[str], today: date) -> Goal:
    """The goal to save from the wizard's working copy: tidied (see `tidy_goal`), ids given,
    SMART milestones made."""
    goal = tidy_goal(draft)
    for kr in goal.key_results:
        if not kr.id:
            kr.id = new_id("kr", taken)
            taken.add(kr.id)
    goal.links = list(dict.fromkeys(goal.links))
    sync_smart_milestones(goal, before, taken, today)
    return goal


def goal_edit(before: Goal | None, after: Goal, position: int) -> Edit | None:
    """The one edit that saves the wizard's result: an insert for a new goal, else the
    changed fields of the existing one. None when nothing changed."""
    from tui.model.edits import Insert, SetFields

    name = after.title or "untitled"
    if before is None:
        return Insert("goals", position, after, f"add goal {name}")
    changes = {field: getattr(after, field) for field in GOAL_FIELDS if getattr(after, field) != getattr(before, field)}
    if not changes:
        return None
    return SetFields(before.id, changes, f"edit goal {name}")


# -- statuses, overdue -------------------------------------------------------------
def cycle(value: str, choices: Sequence[str], step: int = 1) -> str:
    """The next (or previous, with a negative step) of `choices` after `value`."""
    index = choices.index(value) if value in choices else -1
    return choices[(index + step) % len(choices)]


def next_goal_status(status: str, step: int = 1) -> str:
    return cycle(status, GOAL_STATUSES, step)


def next_tactic_status(status: str, step: int = 1) -> str:
    return cycle(status, TACTIC_STATUSES, step)


def goal_overdue(goal: Goal, today: date) -> bool:
    return goal.status == "active" and goal.due is not None and goal.due < today


def tactic_overdue(tactic: Tactic, today: date) -> bool:
    return tactic.status != "done" and tactic.due is not None and tactic.due < today


# -- the goals list ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GoalView:
    """What the goals list shows: a filter and an order."""

    status: str | None = None
    framework: str | None = None
    sort: str = "file"

    @property
    def filtered(self) -> bool:
        return self.status is not None or self.framework is not None

    def depends_on(self) -> frozenset[str]:
        """The fields of a goal whose change can move it into, out of or within this view
        (`measure` for any field of its measure); a change to others redraws just its row."""
        fields = _SORT_FIELDS[self.sort]
        if self.status is not None:
            fields |= {"status"}
        if self.framework is not None:
            fields |= {"framework"}
        return fields


_SORT_FIELDS = {
    "file": frozenset(),
    "due": frozenset({"due", "title"}),
    "progress": frozenset({"framework", "measure", "key_results", "title"}),
    "title": frozenset({"title"}),
}


def _due_key(goal: Goal) -> tuple:
    return (goal.due is None, goal.due or date.min, goal.title.casefold())


def visible_goals(goals: Iterable[Goal], view: GoalView) -> list[Goal]:
    """The goals that pass the view's filter, in its order (least progress first for `progress`)."""
    shown = [g for g in goals
             if (view.status is None or g.status == view.status)
             and (view.framework is None or g.framework == view.framework)]
    if view.sort == "due":
        shown.sort(key=_due_key)
    elif view.sort == "progress":
        shown.sort(key=lambda g: (goal_progress(g), g.title.casefold()))
    elif view.sort == "title":
        shown.sort(key=lambda g: g.title.casefold())
    return shown


# -- tactics -------------------------------------------------------------------------
TACTIC_FILTERS = ("open", "overdue", *TACTIC_STATUSES)
"""Status filters for tactics: a status, `open` (not done) or `overdue`."""


@dataclass(frozen=True, slots=True)
class TacticView:
    owner: str | None = None
    """Part of the owner's name, any case; `-` for tactics without an owner."""
    status: str | None = None
    """A status, `open` or `overdue`; None for all."""

    @property
    def filtered(self) -> bool:
        return self.owner is not None or self.status is not None

    def matches(self, tactic: Tactic, today: date) -> bool:
        if self.owner is not None:
            if self.owner == "-":
                if tactic.owner.strip():
                    return False
            elif self.owner.casefold() not in tactic.owner.casefold():
                return False
        if self.status is None:
            return True
        if self.status == "open":
            return tactic.status != "done"
        if self.status == "overdue":
            return tactic_overdue(tactic, today)
        return tactic.status == self.status


def group_tactics(workbook: Workbook, view: TacticView, today: date) -> list[tuple[Goal | None, list[Tactic]]]:
    """Tactics by goal, in the goals' file order, tactics in file order within a goal.

    Without a filter every goal is listed, even with no tactics (so one can be
    added); with a filter only goals with matching tactics. Tactics whose goal
    is missing come last, under None.
    """
    by_goal: dict[str, list[Tactic]] = {}
    for tactic in workbook.tactics:
        if not view.filtered or view.matches(tactic, today):
            by_goal.setdefault(tactic.goal, []).append(tactic)
    groups: list[tuple[Goal | None, list[Tactic]]] = []
    for goal in workbook.goals:
        tactics = by_goal.pop(goal.id, [])
        if tactics or not view.filtered:
            groups.append((goal, tactics))
    orphans = [tactic for tactics in by_goal.values() for tactic in tactics]
    if orphans:
        groups.append((None, orphans))
    return groups


def tactic_position(workbook: Workbook, goal_id: str, after: str | None = None) -> int:
    """Where a tactic for `goal_id` goes in the file's list: after `after` if given,
    else after the goal's last tactic, else at the end."""
    position = len(workbook.tactics)
    for index, tactic in enumerate(workbook.tactics):
        if after is not None and tactic.id == after:
            return index + 1
        if tactic.goal == goal_id:
            position = index + 1
    return position


def move_tactic(workbook: Workbook, tactic: Tactic, goal: Goal) -> Edit:
    """One undoable edit that moves a tactic under another goal (and next to its tactics in the file)."""
    from tui.model.edits import Batch, Move, SetFields

    others = [t for t in workbook.tactics if t.id != tactic.id]
    position = len(others)
    for index, other in enumerate(others):
        if other.goal == goal.id:
            position = index + 1
    name = goal.title or "untitled"
    return Batch((SetFields(tactic.id, {"goal": goal.id}),
                  Move("tactics", tactic.id, "tactics", position)), f"move tactic to {name}")


def owners(workbook: Workbook) -> list[str]:
    """Everyone who owns a goal, a tactic or a risk, sorted, each spelled as first seen in the
    file: the people every owner box suggests."""
    names: dict[str, str] = {}
    for item in [*workbook.goals, *workbook.tactics, *workbook.risks]:
        name = item.owner.strip()
        if name:
            names.setdefault(name.casefold(), name)
    return [names[key] for key in sorted(names)]


# -- links -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Something a goal can link to, described for people."""

    id: str
    kind: str
    """`value`, `strength`, ..., `strategy SO`, `PESTLE political`, `goal`."""
    text: str
    section: str
    """The mode of the section that shows it."""

    def search_text(self) -> str:
        return f"{self.kind} {self.text} {self.id}".casefold()


_QUADRANT_KIND = {"strengths": "strength", "weaknesses": "weakness", "opportunities": "opportunity",
                  "threats": "threat"}


def link_targets(workbook: Workbook, exclude: str | None = None) -> list[LinkTarget]:
    """Values, SWOT items, TOWS strategies, PESTLE items, five-forces items, Ansoff options and
    other goals, in that order."""
    targets = [LinkTarget(v.id, "value", v.name or v.description, "vmv") for v in workbook.vmv.values]
    for name in QUADRANTS:
        targets += [LinkTarget(i.id, _QUADRANT_KIND[name], i.text, "swot") for i in workbook.swot.quadrant(name)]
    targets += [LinkTarget(s.id, f"strategy {s.kind}", s.text, "swot") for s in workbook.strategies]
    for factor, table in workbook.pestle.factors.items():
        targets += [LinkTarget(i.id, f"PESTLE {factor}", i.text, "pestle") for i in table.items]
    for force, table in workbook.forces.forces.items():
        targets += [LinkTarget(i.id, f"force {force.replace('_', ' ')}", i.text, "forces") for i in table.items]
    targets += [LinkTarget(o.id, f"Ansoff {o.quadrant.replace('_', ' ')}", o.text, "forces") for o in workbook.ansoff]
    targets += [LinkTarget(g.id, "goal", g.title, "goals") for g in workbook.goals if g.id != exclude]
    return targets


def search_targets(targets: Iterable[LinkTarget], query: str) -> list[LinkTarget]:
    """Targets whose kind, text or id hold every word of `query`, any case."""
    words = query.casefold().split()
    if not words:
        return list(targets)
    return [t for t in targets if all(word in t.search_text() for word in words)]


def tactics_of(workbook: Workbook, goal_id: str) -> list[Tactic]:
    return [t for t in workbook.tactics if t.goal == goal_id]
