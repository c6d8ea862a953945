"""The small forms of the goals and tactics sections: a tactic, a milestone, the filters.

They are FormDialogs (the one form every section uses); dates accept the same
input as the wizard: YYYY-MM-DD, today, +10d, +6w, +6m, +1y.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.suggester import SuggestFromList

from tui.model.checkins import success_score
from tui.model.dates import DATE_HELP, DateError, parse_date
from tui.model.frameworks import FRAMEWORKS as FRAMEWORK_SPECS
from tui.model.edits import Edit, Insert, follow_ids, ids_in_use, one_edit
from tui.model.goals import SORT_LABELS, SORTS, TACTIC_FILTERS, GoalView, TacticView, tactic_position
from tui.model.ids import new_id
from tui.model.progress import goal_progress, success_words
from tui.model.text import one_line
from tui.model.workbook import FRAMEWORKS, GOAL_STATUSES, TACTIC_STATUSES, Goal, Milestone, Tactic
from tui.modals.form import Field, FormDialog, form_rows

if TYPE_CHECKING:
    from tui.app import StratbookApp


def date_check(today: date) -> Callable[[str], str | None]:
    def check(text: str) -> str | None:
        try:
            parse_date(text, today)
        except DateError as exc:
            return str(exc)
        return None

    return check


def _suggesting(people: Iterable[str]) -> SuggestFromList:
    """The owner field's suggestions: the people already in the workbook."""
    return SuggestFromList(list(people), case_sensitive=False)


def tactic_form(title: str, tactic: Tactic | None, today: date, goal_title: str,
                people: Iterable[str] = ()) -> FormDialog:
    return FormDialog(title, [
        Field("text", "What will be done", value=tactic.text if tactic else "", required=True, takes_list=tactic is None,
              hint=f"An action for: {goal_title}"[:120]),
        Field("owner", "Owner", value=tactic.owner if tactic else "",
              hint="The one person who does it; right arrow takes a suggested name.", suggester=_suggesting(people)),
        Field("due", "Due", value=tactic.due.isoformat() if tactic and tactic.due else "",
              hint=DATE_HELP, check=date_check(today)),
        Field("status", "Status", "choice", tactic.status if tactic else "todo", choices=TACTIC_STATUSES),
    ])


def tactic_changes(result: dict[str, Any], today: date) -> dict[str, Any]:
    """The tactic's fields from the form's answers (already checked)."""
    return {"text": result["text"].strip(), "owner": result["owner"].strip(),
            "due": parse_date(result["due"], today), "status": result["status"]}


def milestone_form(title: str, milestone: Milestone | None, today: date) -> FormDialog:
    return FormDialog(title, [
        Field("text", "Milestone", value=milestone.text if milestone else "", required=True,
              takes_list=milestone is None,
              hint="A visible step on the way, e.g. 'First pilot customer live'."),
        Field("due", "Date", value=milestone.due.isoformat() if milestone and milestone.due else "",
              hint=DATE_HELP, check=date_check(today)),
    ])


def closing_form(goal: Goal, today: date) -> FormDialog:
    """Close a goal's period: the grade, prefilled from progress (0.7 is success for an
    aspirational goal, 1.0 for a committed one), what was learnt, and whether to carry it forward."""
    success = success_score(goal)
    return FormDialog(f"Close: {one_line(goal.title or 'untitled', 60)}", [
        Field("score", "Grade, from 0 to 1", "number", round(goal_progress(goal), 2), required=True,
              hint=f"Prefilled from progress; {success_words(success)} counts as success (achieved), less as missed."),
        Field("lessons", "What we learnt", "long", ""),
        Field("carry", "Carry forward into a new goal", "choice", "no", choices=("no", "yes"),
              hint="Same title and measure, the last value its baseline, linked to this goal as its continuation."),
        Field("due", "The new goal's due date", value="+3m", hint=DATE_HELP, check=date_check(today)),
    ])


def goal_filter_form(view: GoalView) -> FormDialog:
    return FormDialog("Show goals", [
        Field("status", "Status", "choice", view.status or "all", choices=("all", *GOAL_STATUSES)),
        Field("framework", "Framework", "choice", view.framework or "all", choices=("all", *FRAMEWORKS),
              labels={key: spec.name for key, spec in FRAMEWORK_SPECS.items()}),
        Field("sort", "Order", "choice", view.sort, choices=SORTS,
              hint=", ".join(f"{key}: {label}" for key, label in SORT_LABELS.items())),
    ], submit="show")


def goal_view_from(result: dict[str, Any]) -> GoalView:
    return GoalView(None if result["status"] == "all" else result["status"],
                    None if result["framework"] == "all" else result["framework"], result["sort"])


def tactic_filter_form(view: TacticView, owners: list[str]) -> FormDialog:
    known = ", ".join(owners[:6]) + (", ..." if len(owners) > 6 else "")
    return FormDialog("Show tactics", [
        Field("status", "Status", "choice", view.status or "all", choices=("all", *TACTIC_FILTERS),
              hint="open: not done yet; overdue: past the due date and not done."),
        Field("owner", "Owner", value=view.owner or "",
              hint=f"Part of a name, any case; - for tactics without an owner. {known}".strip()),
    ], submit="show")


def tactic_view_from(result: dict[str, Any]) -> TacticView:
    owner = result["owner"].strip()
    return TacticView(owner or None, None if result["status"] == "all" else result["status"])


def adding_tactics(app: StratbookApp, result: dict[str, Any], goal_id: str, after: str | None,
                   today: date) -> Edit:
    """The edit that adds the tactics of a "New tactic" form (several when a list was pasted),
    one after the other after tactic `after` (or at the goal's end): one undo step."""
    rows = form_rows(result, "text")
    taken = set(app.derived(ids_in_use, follow=follow_ids))  # not made again from every item each time
    position = tactic_position(app.workbook, goal_id, after)
    edits = []
    for offset, row in enumerate(rows):
        tactic = Tactic(new_id("tac", taken), goal_id, **tactic_changes(row, today))
        taken.add(tactic.id)
        edits.append(Insert("tactics", position + offset, tactic, f"add tactic {one_line(tactic.text, 40)}"))
    return one_edit(edits, f"add {len(rows)} tactics")  # type: ignore[return-value]


def add_tactics(app: StratbookApp, result: dict[str, Any], goal_id: str, after: str | None, today: date) -> None:
    """Add the tactics of a "New tactic" form (see `adding_tactics`)."""
    app.apply(adding_tactics(app, result, goal_id, after, today))


KEEP = "keep"
"""A bulk form's choice that leaves each marked item's own value."""
CLEAR = "-"
"""Typed in a bulk form's owner or date: none, for every marked item."""


def bulk_form(what: str, statuses: tuple[str, ...], today: date, people: Iterable[str] = (),
              focus: str = "owner") -> FormDialog:
    """Owner, due date and status for every marked goal or tactic at once; what is left as it
    starts (empty, keep) stays each one's own. `focus`: the field the cursor starts in."""
    fields = [
        Field("owner", "Owner", hint=f"Empty: each keeps its own; {CLEAR}: no owner. Right arrow takes a suggestion.",
              suggester=_suggesting(people)),
        Field("due", "Due", hint=f"Empty: each keeps its own; {CLEAR}: no date. {DATE_HELP}",
              check=lambda text: None if text.strip() == CLEAR else date_check(today)(text)),
        Field("status", "Status", "choice", KEEP, choices=(KEEP, *statuses),
              hint="keep: each keeps its own; left and right or a first letter choose."),
    ]
    fields.sort(key=lambda field: field.key != focus)
    return FormDialog(f"Set for {what}", fields)


def bulk_changes(result: dict[str, Any], today: date) -> dict[str, Any]:
    """The fields a bulk form sets on every marked item (those left as they started are not set)."""
    changes: dict[str, Any] = {}
    owner = result["owner"].strip()
    if owner:
        changes["owner"] = "" if owner == CLEAR else owner
    due = result["due"].strip()
    if due:
        changes["due"] = None if due == CLEAR else parse_date(due, today)
    if result["status"] != KEEP:
        changes["status"] = result["status"]
    return changes
