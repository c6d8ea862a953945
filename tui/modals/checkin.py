"""Check in on a goal's measure or a key result: the value (prefilled with the last one), the
day (today unless said), confidence 1..10 (the last one given is named, not filled in) and a
note, in one form.

The same form is each screen of the review session: then its heading says where the measure
stands (owner, last values, sparkline against the pace, status), ctrl+n skips to the next and
esc stops the session.
"""

from __future__ import annotations

from datetime import date

from textual.binding import Binding

from textual.content import Content
from textual.widgets import Input, Static

from tui.keymap import key_in_effect
from tui.model.checkins import (
    Target,
    checkin_day_problem,
    format_estimate,
    format_number,
    sparkline_pair,
    trend_words,
)
from tui.model.dates import DateError, parse_date
from tui.model.text import one_line
from tui.model.workbook import Checkin, Workbook
from tui.modals.form import Field, FormDialog

CHECKIN_DATE_HELP = "YYYY-MM-DD, today, -3d or -2w: the reading's day, today at the latest"

SKIP = "skip"
"""The key of the result a skipped review screen dismisses with."""


def _confidence_check(text: str) -> str | None:
    if not text.strip():
        return None
    try:
        value = int(text.strip())
    except ValueError:
        return f"'{text.strip()}' is not a whole number from 1 to 10"
    return None if 1 <= value <= 10 else f"{value} is not from 1 to 10"


def context_lines(target: Target, today: date, workbook: Workbook | None) -> str:
    """Where the measure stands, in words, for the form's heading."""
    goal = target.goal
    standing = target.standing(today, workbook)
    where = f"key result of {one_line(goal.title, 40)}" if target.key_result is not None else "goal"
    owner = goal.owner.strip() or "no owner"
    expected = f"{round(standing.expected * 100)}%" if standing.expected is not None else "no dates"
    lines = [f"{one_line(target.title or '(untitled)', 70)}  ({where}; {owner})",
             f"{standing.words}: {round(standing.progress * 100)}% done, {expected} expected"]
    if target.checkins:
        actual, pace = sparkline_pair(target, 24)
        lines.append(f"last: {one_line(trend_words(target.checkins, target.unit, 4), 60)}")
        lines.append(f"{actual}  values")
        if pace:
            lines.append(f"{pace}  pace")
    else:
        lines.append(f"no check-in yet; current {format_number(target.current)} {target.unit}".rstrip())
    if standing.forecast is not None:
        lines.append(f"forecast at due: {format_estimate(standing.forecast)} {target.unit}".rstrip())
    return "\n".join(lines)


def confidence_label(target: Target, editing: Checkin | None) -> str:
    """`Confidence 1..10`, and for a new check-in the last one given and its day: the field starts
    empty. (It was filled in with the last check-in's, and saved with the value as today's
    confidence, unseen below the value at 80x24 and unsaid: the status follows the newest
    check-in's confidence, and a 2 given once kept a goal at risk through every reading after.)"""
    given = [c for c in target.checkins if c.confidence is not None] if editing is None else []
    if not given:
        return "Confidence 1..10"
    last = max(given, key=lambda c: c.date or date.min)
    return f"Confidence 1..10 (last given: {last.confidence}, {last.date})"


class CheckinForm(FormDialog):
    """Dismisses with {value, date, confidence, note}, {SKIP: True} when skipped (review only),
    or None when cancelled (which stops a review)."""

    BINDINGS = [
        Binding("ctrl+n", "skip", "Skip", id="checkin.skip", show=False,
                tooltip="In the review: leave this one for now and go to the next"),
    ]

    def __init__(self, target: Target, today: date, workbook: Workbook | None = None, step: str = "",
                 review: bool = False, editing: Checkin | None = None) -> None:
        """`editing`: an existing check-in to change (its values filled in) rather than a new one."""
        verb = "Edit the check-in of" if editing is not None else "Check in"
        heading = f"{verb}{f' {step}' if step else ''}: " + context_lines(target, today, workbook)
        unit = f" ({target.unit})" if target.unit else ""

        def date_ok(text: str) -> str | None:
            try:
                day = parse_date(text, today)
            except DateError as exc:
                return str(exc)
            return checkin_day_problem(target.goal, day, today) if day is not None else None

        fields = [
            Field("value", f"Value{unit}", "number", editing.value if editing is not None else target.current,
                  required=True, hint="The measure that day; the last value is filled in."),
            Field("date", "Date", value=editing.date.isoformat() if editing is not None and editing.date else "today",
                  hint=CHECKIN_DATE_HELP, check=date_ok),
            Field("confidence", confidence_label(target, editing),
                  value=editing.confidence if editing is not None and editing.confidence else "",
                  hint="How sure you are to hit the target; 3 or less marks it at risk.", check=_confidence_check),
            Field("note", "Note", value=editing.note if editing is not None else ""),
        ]
        super().__init__(heading, fields)
        self.review = review
        self.today = today

    def on_mount(self) -> None:
        super().on_mount()
        # Typing replaces the last value; an arrow key keeps it to edit.
        self.query_one("#field-value", Input).action_select_all()
        if self.review:
            k = key_in_effect
            self.query_one("#form-keys", Static).update(
                Content(f"{k('form.enter')}: save, next   {k('checkin.skip')}: skip   {k('form.cancel')}: stop"))

    def shape(self) -> tuple | None:
        shape = super().shape()
        return shape and (*shape, self.review)  # the review's keys line

    def take(self, form: CheckinForm) -> None:  # type: ignore[override]
        super().take(form)
        self.review, self.today = form.review, form.today
        self.query_one("#field-value", Input).action_select_all()

    def result_values(self, result: dict) -> tuple[float | int, date, int | None, str]:
        """The check-in's value, day, confidence and note from the form's (checked) answers."""
        day = parse_date(result["date"], self.today) or self.today
        confidence = int(result["confidence"]) if str(result["confidence"]).strip() else None
        return result["value"], day, confidence, result["note"].strip()

    def action_skip(self) -> None:
        if self.review:
            self.dismiss({SKIP: True})

