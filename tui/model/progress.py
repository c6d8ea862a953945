"""Progress of measures and the OKR score: computed, never stored."""

from __future__ import annotations

import math
from datetime import date

from tui.model.workbook import Goal, KeyResult, Measure


def measure_progress(baseline: float | None, target: float | None, current: float | None) -> float:
    """`(current - baseline) / (target - baseline)`, clamped to 0..1.

    Works for decreasing targets too (target below baseline). With no baseline,
    no target, no current value, or target equal to baseline, progress is 0.
    """
    if baseline is None or target is None or current is None or target == baseline:
        return 0.0
    gap, span = current - baseline, target - baseline
    if not (math.isfinite(gap) and math.isfinite(span)):  # values near the float limits: halve first
        gap, span = current / 2 - baseline / 2, target / 2 - baseline / 2
    ratio = gap / span
    if math.isnan(ratio):
        return 0.0
    return min(1.0, max(0.0, ratio))


def progress_of(measure: Measure | KeyResult | None) -> float:
    if measure is None:
        return 0.0
    return measure_progress(measure.baseline, measure.target, measure.current)


def okr_score(goal: Goal) -> float:
    """The weighted mean progress of the goal's key results, 0.0 to 1.0."""
    total = sum(kr.weight for kr in goal.key_results)
    if total <= 0:
        return 0.0
    return sum(progress_of(kr) * kr.weight for kr in goal.key_results) / total


ZONES = ("failed", "progress", "delivered")
"""How an OKR score reads (Google's practice): 0.0-0.3 failed, 0.4-0.6 progress, 0.7-1.0 delivered."""


def success_grade(framework: str, commitment: str) -> float:
    """The grade that counts as success: 1.0 for a committed goal, 0.7 for an aspirational one.
    An OKR that says neither is graded as OKRs are (aspirational); any other goal as committed."""
    if commitment == "committed" or (not commitment and framework != "okr"):
        return 1.0
    return 0.7


def success_words(success: float) -> str:
    """Which grades are success, in words: `a grade of 1` (committed: the top, not "1.0 or
    more", since no grade is more), `0.7 or more` (aspirational)."""
    return "a grade of 1" if success >= 1.0 else f"{success:g} or more"


def success_bar_words(success: float) -> str:
    """Where success starts, in words: `delivered at 1` (committed), `delivered from 0.7`."""
    return "delivered at 1" if success >= 1.0 else f"delivered from {success:g}"


def succeeded(score: float, framework: str, commitment: str) -> bool:
    """Whether a grade counts as success; an OKR's grade is read to one decimal, as its zone is."""
    grade = round(score, 1) if framework == "okr" else score
    return grade >= success_grade(framework, commitment) - 1e-9


def score_zone(score: float, commitment: str = "") -> str:
    """The zone of an OKR's score, read to one decimal as OKR grades are: delivered from its
    success grade (1.0 when committed), in progress from 0.4, failed below."""
    if succeeded(score, "okr", commitment):
        return "delivered"
    grade = round(score, 1)
    if grade >= 0.4:
        return "progress"
    return "failed"


CLOSED = ("achieved", "missed", "dropped")


def graded(goal: Goal, today: date) -> bool:
    """Whether an OKR's zone is a verdict yet: once the goal is due (its period over) or closed.
    While the period runs the score is still growing, and "failed" a month before the start (an
    OKR score of 0.06 above "on track, 6% done, 0% expected") contradicts its pace."""
    return goal.closing is not None or goal.status in CLOSED or (goal.due is not None and today >= goal.due)


def score_verdict(goal: Goal, today: date) -> str | None:
    """The OKR's zone (failed, progress, delivered) once `graded`, else None."""
    return score_zone(okr_score(goal), goal.commitment) if graded(goal, today) else None


def has_measure(goal: Goal) -> bool:
    """Whether the goal's progress is told in numbers: an OKR with key results, any other goal with a
    measure. Without one its progress is unknown, not 0%, and is shown as "no measure"."""
    return bool(goal.key_results) if goal.framework == "okr" else goal.measure is not None


NO_MEASURE = "no measure"
"""What a goal without a measure shows where others show their progress."""


def goal_progress(goal: Goal) -> float:
    """A goal's progress: its OKR score, or its measure's progress."""
    if goal.framework == "okr":
        return okr_score(goal)
    return progress_of(goal.measure)
