"""Check-ins over time: pace, status, staleness, forecast, and the edits that add, change and
delete a check-in. The rules are the format page's ("Check-ins: a measure's history"); the app,
the command line and the exports all read them from here. No Textual here.

A *measure* here is what takes check-ins: a goal (its `[goals.measure]`) or a key result.
"""

from __future__ import annotations

import copy
import math
from decimal import Decimal
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tui.glyphs import glyphs
from tui.model.ids import new_id
from tui.model.progress import (
    goal_progress,
    has_measure,
    measure_progress,
    okr_score,
    score_verdict,
    succeeded,
    success_grade,
)
from tui.model.workbook import Checkin, Closing, Goal, KeyResult, Measure, Number, Workbook

if TYPE_CHECKING:  # made by the functions below; reading a workbook needs no edits
    from tui.model.edits import Edit

DEFAULT_CHECKIN_DAYS = 14
"""How long a check-in stays fresh when neither the goal nor the workbook says."""

ACHIEVED, ON_TRACK, BEHIND, AT_RISK, NO_PACE = "achieved", "on track", "behind", "at risk", "no pace"
STATUSES = (ACHIEVED, ON_TRACK, BEHIND, AT_RISK, NO_PACE)
"""A measure's status. *no pace*: nothing to judge a pace by (no measure, or no start and due
date), so neither "on track" nor "behind" can be said."""
_STATUS_GLYPHS = {ACHIEVED: "done", ON_TRACK: "full", BEHIND: "doing", AT_RISK: "at_risk", NO_PACE: "dash"}


def status_symbol(status: str) -> str:
    """A symbol beside each status's words, so status never rests on colour alone (tui/glyphs.py:
    ASCII on the Linux console)."""
    return getattr(glyphs, _STATUS_GLYPHS[status])


ON_TRACK_SHARE = 0.9
"""Progress at least this share of the expected progress is on track ..."""
BEHIND_SHARE = 0.7
"""... at least this share is behind; less is at risk."""
LOW_CONFIDENCE = 3
"""A newest confidence this low or lower puts a measure at risk whatever its pace."""


# -- pace, status, staleness, forecast: pure functions ------------------------------------------

def expected_progress(start: date | None, due: date | None, day: date) -> float | None:
    """How far along a measure should be on `day`: `(day - start) / (due - start)`, clamped to 0..1.
    None without both dates (no pace to keep)."""
    if start is None or due is None:
        return None
    if due <= start:
        return 1.0 if day >= due else 0.0
    return min(1.0, max(0.0, (day - start).days / (due - start).days))


def status_of(progress: float, expected: float | None, confidence: int | None = None) -> str:
    """achieved at progress 1; else at risk with a newest confidence of 3 or less; else by pace:
    on track from 0.9 x expected, behind from 0.7 x, at risk below. Without an expected
    progress (no start or due date) there is no pace to judge: no pace (it said "on track", a
    claim nothing backed, while the goals list showed no pace)."""
    if progress >= 1.0:
        return ACHIEVED
    if confidence is not None and confidence <= LOW_CONFIDENCE:
        return AT_RISK
    if expected is None:
        return NO_PACE
    if progress >= ON_TRACK_SHARE * expected:
        return ON_TRACK
    if progress >= BEHIND_SHARE * expected:
        return BEHIND
    return AT_RISK


def cadence(goal: Goal, workbook: Workbook | None = None) -> int:
    """Days between check-ins: the goal's `checkin_days`, else the workbook's, else 14."""
    if goal.checkin_days is not None:
        return goal.checkin_days
    if workbook is not None and workbook.meta.checkin_days is not None:
        return workbook.meta.checkin_days
    return DEFAULT_CHECKIN_DAYS


def is_stale(checkins: list[Checkin], days: int, today: date, start: date | None = None) -> bool:
    """The newest check-in is older than `days` (then a check-in is due). The goal's start counts
    as a check-in (a goal not yet started is not due, even after a baseline reading taken before
    it); no start and no check-in: due."""
    last = newest(checkins)
    since = max((d for d in (last.date if last is not None else None, start) if d is not None), default=None)
    if since is None:
        return True
    return (today - since).days > days


def forecast(checkins: list[Checkin], due: date | None, also: tuple[Number | None, ...] = ()) -> float | None:
    """The least-squares line through the check-ins, read at `due`. None with fewer than two
    check-ins on different days, no due date, or a line beyond the float range.

    A measure that neither a reading nor `also` (its baseline and target) puts below zero stops
    at zero: days to deliver falling two a fortnight read -26 days a year on, not 0."""
    points = [(c.date.toordinal(), float(c.value)) for c in checkins if c.date is not None]
    if due is None or len(points) < 2:
        return None
    # Values near the float limits would overflow the sums: fit the line to them scaled down.
    scale = max(abs(y) for _, y in points) or 1.0
    n = len(points)
    mean_x = math.fsum(x for x, _ in points) / n
    mean_y = math.fsum(y / scale for _, y in points) / n
    spread = math.fsum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    slope = math.fsum((x - mean_x) * (y / scale - mean_y) for x, y in points) / spread
    line = (mean_y + slope * (due.toordinal() - mean_x)) * scale
    if not math.isfinite(line):
        return None
    if line < 0 and all(y >= 0 for _, y in points) and all(value >= 0 for value in also if value is not None):
        return 0.0
    return line


def newest(checkins: list[Checkin]) -> Checkin | None:
    """The latest check-in by date (the list is kept oldest first, but a hand edit may not be)."""
    if not checkins:
        return None
    return max(checkins, key=lambda c: c.date or date.min)


def sparkline(values: list[Number], width: int = 20) -> str:
    """The newest `width` values as block characters, lowest to highest."""
    shown = [float(v) for v in values[-width:]]
    if not shown:
        return ""
    low, high = min(shown), max(shown)
    if high == low:
        return glyphs.spark[len(glyphs.spark) // 2] * len(shown)
    top = len(glyphs.spark) - 1
    return "".join(glyphs.spark[round((v - low) / (high - low) * top)] for v in shown)


def sparkline_pair(target: Target, width: int = 20) -> tuple[str, str]:
    """The newest `width` values as a sparkline, and under it the value the pace expected on each
    of those days, on the same scale ("" without dates, baseline or target)."""
    shown = target.checkins[-width:]
    values = [float(c.value) for c in shown]
    measure = target.measure
    goal = target.goal
    expected: list[float] = []
    if measure is not None and measure.baseline is not None and measure.target is not None:
        for checkin in shown:
            share = expected_progress(goal.start, goal.due, checkin.date) if checkin.date else None
            if share is None:
                expected = []
                break
            expected.append(measure.baseline + share * (measure.target - measure.baseline))
    low, high = min(values + expected, default=0.0), max(values + expected, default=0.0)

    def line(points: list[float]) -> str:
        if high == low:
            return glyphs.spark[len(glyphs.spark) // 2] * len(points)
        top = len(glyphs.spark) - 1
        return "".join(glyphs.spark[round((v - low) / (high - low) * top)] for v in points)

    return line(values), line(expected) if expected else ""


def trend_words(checkins: list[Checkin], unit: str = "", count: int = 6) -> str:
    """The newest values in words, oldest first: `12 → 11.5 → 10 days`."""
    values = [format_number(c.value) for c in checkins[-count:]]
    if not values:
        return ""
    arrow = f" {glyphs.arrow_text} "
    more = glyphs.ellipsis_text + arrow if len(checkins) > count else ""
    return more + arrow.join(values) + (f" {unit}" if unit else "")


def format_number(value: Number | None, missing: str = "-") -> str:
    """A number as entered, all of it, as people write it: 12 not 12.0, 1,234,567.25, 0.000012345
    (an exponent only past 15 digits or below 1e-9). A check-in's value, a measure's baseline,
    target and current read the same in the detail, the check-in list and the form; they read
    `1.23457e+06`, `1234567.25` and `9.88` for what was typed as 1234567.25 and 9.87654321."""
    if value is None:
        return missing
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        if 1e-9 <= abs(value) < 1e15:
            return f"{Decimal(repr(value)):,f}"
        return repr(value)
    return f"{value:,}"


def typed_number(value: Number | None) -> str:
    """A number as it would be typed into a box: `format_number` without separators, so a box
    and the label above it read the same (10, not the 10.0 the check-in form prefilled below
    "current 10"); no exponent between 1e-9 and 1e15 (0.000012345, not 1.2345e-05)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    if isinstance(value, float) and "e" in text and 1e-9 <= abs(value) < 1e15:
        return f"{Decimal(text):f}"
    return text


def format_estimate(value: float | None) -> str:
    """A number worked out (a forecast), to two decimals: 6.14, not 6.142857142857143."""
    if value is None:
        return "-"
    return format_number(round(value, 2)) if math.isfinite(value) and abs(value) < 1e15 else format_number(value)


def score_words(goal: Goal, today: date) -> str:
    """An OKR's score as every view says it: `OKR score 0.06` while its period runs, `OKR score
    0.06, failed` once it is due or closed (`score_verdict`)."""
    verdict = score_verdict(goal, today)
    return f"OKR score {format_estimate(okr_score(goal))}" + (f", {verdict}" if verdict else "")


# -- a measure's standing -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Standing:
    """Where one goal or key result stands on a day: all computed, never stored."""

    progress: float
    expected: float | None
    status: str
    stale: bool
    forecast: float | None
    confidence: int | None
    """The newest check-in's."""
    last: Checkin | None

    @property
    def words(self) -> str:
        """Status in a symbol and words, plus `stale` when a check-in is due."""
        text = f"{status_symbol(self.status)} {self.status}"
        return f"{text} {glyphs.stale} stale" if self.stale else text


def key_result_standing(goal: Goal, kr: KeyResult, today: date, workbook: Workbook | None = None,
                        with_forecast: bool = True) -> Standing:
    progress = measure_progress(kr.baseline, kr.target, kr.current)
    expected = expected_progress(goal.start, goal.due, today)
    last = newest(kr.checkins)
    confidence = last.confidence if last is not None else None
    return Standing(progress, expected, status_of(progress, expected, confidence),
                    goal.status == "active" and is_stale(kr.checkins, cadence(goal, workbook), today, goal.start),
                    forecast(kr.checkins, goal.due, (kr.baseline, kr.target)) if with_forecast else None,
                    confidence, last)


def _ends(measure: Measure | None) -> tuple[Number | None, ...]:
    return (measure.baseline, measure.target) if measure is not None else ()


def goal_standing(goal: Goal, today: date, workbook: Workbook | None = None, with_forecast: bool = True) -> Standing:
    """A goal's standing: its measure's, or for an OKR its score against the pace, at risk when
    any key result's newest confidence is low, stale when any key result is. Only an active
    goal is ever stale (a draft or a closed goal asks for no check-ins). A goal without a measure
    has no pace. The one place every view (the goals list, a goal's detail, `status`, `digest`,
    the exports) reads a goal's pace from."""
    progress = goal_progress(goal)
    expected = expected_progress(goal.start, goal.due, today)
    if not has_measure(goal):  # progress unknown (not 0%): no pace, and no check-in to ask for
        return Standing(progress, expected, NO_PACE, False, None, None, None)
    days = cadence(goal, workbook)
    if goal.framework == "okr" and goal.key_results:
        lasts = [newest(kr.checkins) for kr in goal.key_results]
        confidences = [c.confidence for c in lasts if c is not None and c.confidence is not None]
        confidence = min(confidences) if confidences else None
        stale = goal.status == "active" and any(is_stale(kr.checkins, days, today, goal.start)
                                                for kr in goal.key_results)
        dated = [c for c in lasts if c is not None]
        last = max(dated, key=lambda c: c.date or date.min) if dated else None
        return Standing(progress, expected, status_of(progress, expected, confidence), stale, None, confidence, last)
    last = newest(goal.checkins)
    confidence = last.confidence if last is not None else None
    stale = goal.status == "active" and goal.measure is not None and is_stale(goal.checkins, days, today, goal.start)
    return Standing(progress, expected, status_of(progress, expected, confidence), stale,
                    forecast(goal.checkins, goal.due, _ends(goal.measure)) if with_forecast else None,
                    confidence, last)


# -- what takes check-ins -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Target:
    """A goal's measure or a key result: what one check-in is for."""

    goal: Goal
    key_result: KeyResult | None = None

    @property
    def id(self) -> str:
        return self.key_result.id if self.key_result is not None else self.goal.id

    @property
    def checkins(self) -> list[Checkin]:
        return self.key_result.checkins if self.key_result is not None else self.goal.checkins

    @property
    def title(self) -> str:
        return self.key_result.text if self.key_result is not None else self.goal.title

    @property
    def unit(self) -> str:
        if self.key_result is not None:
            return self.key_result.unit
        return self.goal.measure.unit if self.goal.measure is not None else ""

    @property
    def measure(self) -> Measure | KeyResult | None:
        return self.key_result if self.key_result is not None else self.goal.measure

    @property
    def current(self) -> Number | None:
        measure = self.measure
        return measure.current if measure is not None else None

    def standing(self, today: date, workbook: Workbook | None = None, with_forecast: bool = True) -> Standing:
        if self.key_result is not None:
            return key_result_standing(self.goal, self.key_result, today, workbook, with_forecast)
        return goal_standing(self.goal, today, workbook, with_forecast)


def targets_of(goal: Goal) -> Iterator[Target]:
    """What of `goal` takes check-ins: its measure (if it has one), then each key result."""
    if goal.measure is not None:
        yield Target(goal)
    for kr in goal.key_results:
        yield Target(goal, kr)


def find_target(workbook: Workbook, target_id: str) -> Target | None:
    """The goal or key result with `target_id` (a goal without a measure takes no check-ins)."""
    for goal in workbook.goals:
        if goal.id == target_id:
            return Target(goal) if goal.measure is not None else None
        for kr in goal.key_results:
            if kr.id == target_id:
                return Target(goal, kr)
    return None


def target_of_checkin(goal: Goal, checkin_id: str) -> Target | None:
    """The goal's measure or key result that holds the check-in `checkin_id`."""
    return next((t for t in targets_of(goal) if any(c.id == checkin_id for c in t.checkins)), None)


def holder_of_checkin(workbook: Workbook, checkin_id: str) -> Target | None:
    """The measure or key result, in any goal, that holds the check-in `checkin_id`."""
    return next((t for goal in workbook.goals if (t := target_of_checkin(goal, checkin_id)) is not None), None)


def checkin_day_problem(goal: Goal, day: date, today: date) -> str | None:
    """Why a check-in cannot be dated `day`, or None. A check-in is a reading taken: one dated
    after today would stay the newest, and hide every real reading until then from `current`.
    A day before the goal's start is a reading like any other (a baseline taken before the
    period opens is usual practice): refusing it, with later days refused too, left a goal not
    yet started no day to check in on at all."""
    if day > today:
        return f"{day} is after today ({today}): a check-in records a reading already taken"
    return None


def due_targets(workbook: Workbook, today: date) -> list[Target]:
    """Every active goal's measure and key result whose check-in is due, in file order."""
    due = []
    for goal in workbook.goals:
        if goal.status != "active":
            continue
        days = cadence(goal, workbook)
        due += [t for t in targets_of(goal) if is_stale(t.checkins, days, today, goal.start)]
    return due


# -- edits ------------------------------------------------------------------------------------------

def _with_checkins(target: Target, checkins: list[Checkin], label: str) -> Edit:
    """One undoable edit: the target's check-ins become `checkins` and `current` follows the newest."""
    from tui.model.edits import Batch, SetFields

    last = newest(checkins)
    measure = target.measure
    current = last.value if last is not None else (measure.current if measure is not None else None)
    if target.key_result is not None:
        return SetFields(target.id, {"checkins": checkins, "current": current}, label)
    return Batch((SetFields(target.goal.id, {"checkins": checkins}),
                  SetFields(f"measure:{target.goal.id}", {"current": current})), label)


def _in_order(checkins: list[Checkin]) -> list[Checkin]:
    return sorted(checkins, key=lambda c: c.date or date.min)


def add_checkin(target: Target, day: date, value: Number, taken: set[str], confidence: int | None = None,
                note: str = "", by: str = "") -> tuple[Edit, Checkin]:
    """The edit that records a reading on `day`: a second check-in on one day replaces the first
    (keeping its id)."""
    same_day = next((c for c in target.checkins if c.date == day), None)
    checkin_id = same_day.id if same_day is not None else new_id("chk", taken)
    checkin = Checkin(checkin_id, day, value, confidence, note, by,
                      copy.deepcopy(same_day.extra) if same_day is not None else {})
    return put_checkin(target, checkin, f"check in {target.title or target.id}"), checkin


def put_checkin(target: Target, checkin: Checkin, label: str) -> Edit:
    """The edit that adds `checkin` as it is (one from another copy): it replaces one of its
    day or id, and `current` follows the newest."""
    kept = [c for c in target.checkins if c.date != checkin.date and c.id != checkin.id]
    return _with_checkins(target, _in_order([*kept, checkin]), label)


def edit_checkin(target: Target, checkin_id: str, **changes: object) -> Edit:
    """The edit that changes fields of one check-in (a new date that another check-in holds
    replaces that one)."""
    old = next(c for c in target.checkins if c.id == checkin_id)
    changed = copy.deepcopy(old)
    for name, value in changes.items():
        setattr(changed, name, value)
    others = [c for c in target.checkins if c.id != checkin_id and c.date != changed.date]
    return _with_checkins(target, _in_order([*others, changed]), "edit check-in")


def delete_checkin(target: Target, checkin_id: str) -> Edit:
    """The edit that removes one check-in; `current` falls back to the one before (or stays)."""
    kept = [c for c in target.checkins if c.id != checkin_id]
    return _with_checkins(target, kept, "delete check-in")


# -- closing a goal -----------------------------------------------------------------------------------

def success_score(goal: Goal) -> float:
    """The score that counts as success when the goal is closed (`success_grade`)."""
    return success_grade(goal.framework, goal.commitment)


def close_goal(workbook: Workbook, goal: Goal, day: date, score: float, lessons: str,
               carry_forward: bool, new_start: date | None = None, new_due: date | None = None) -> tuple[Edit, Goal | None]:
    """The edit that closes `goal` (grade, lessons; status achieved at or above success, else
    missed) and, if asked, adds the goal that carries it forward: same title, framework, owner and
    measure, the baseline its last value, linked by `carried_to`."""
    from tui.model.edits import Batch, Insert, SetFields

    carried: Goal | None = None
    edits: list[Edit] = []
    if carry_forward:
        taken = workbook.ids()
        carried = Goal(new_id("gol", taken), goal.framework, goal.title, "active", goal.owner, new_start, new_due,
                       links=[goal.id], answers=copy.deepcopy(goal.answers), parent=goal.parent,
                       commitment=goal.commitment, perspective=goal.perspective, checkin_days=goal.checkin_days)
        taken.add(carried.id)
        if goal.measure is not None:
            m = goal.measure
            carried.measure = Measure(m.metric, m.unit, m.current if m.current is not None else m.baseline,
                                      m.target, m.current if m.current is not None else m.baseline,
                                      extra=copy.deepcopy(m.extra))
        for kr in goal.key_results:
            start_value = kr.current if kr.current is not None else kr.baseline
            new_kr = KeyResult(new_id("kr", taken), kr.text, kr.unit, start_value, kr.target, start_value,
                               kr.weight, extra=copy.deepcopy(kr.extra))
            taken.add(new_kr.id)
            carried.key_results.append(new_kr)
        position = workbook.goals.index(goal) + 1 if goal in workbook.goals else len(workbook.goals)
        edits.append(Insert("goals", position, carried))
    closing = Closing(day, round(min(1.0, max(0.0, score)), 2), lessons.strip(),
                      carried.id if carried is not None else None)
    status = "achieved" if succeeded(score, goal.framework, goal.commitment) else "missed"
    edits.insert(0, SetFields(goal.id, {"closing": closing, "status": status}))
    return Batch(tuple(edits), f"close goal {goal.title or goal.id}"), carried


def parse_value(text: str) -> Number:
    """A check-in's value as typed: a whole number stays whole; anything not a finite number is refused."""
    cleaned = text.strip().replace("_", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value
