"""Progress of measures and the OKR score: computed, never stored."""

from __future__ import annotations

import math

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


def score_zone(score: float, commitment: str = "") -> str:
    """The zone of a score, read to one decimal as OKR grades are; a committed goal is
    delivered only at 1.0 (below, it is in progress from 0.4)."""
    grade = round(score, 1)
    if grade >= 1.0 or (grade >= 0.7 and commitment != "committed"):
        return "delivered"
    if grade >= 0.4:
        return "progress"
    return "failed"


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
