"""What `stratbook status` and `stratbook digest` say: every goal's standing as data, and what
needs someone this week, grouped by owner. Pure: the command line prints it. No Textual here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tui.glyphs import glyphs
from tui.model.alignment import children_map, rollup, served_words
from tui.model.checkins import (
    Standing,
    Target,
    due_targets,
    format_estimate,
    format_number,
    goal_standing,
    key_result_standing,
    score_words,
    status_symbol,
)
from tui.model.goals import tactic_overdue
from tui.model.progress import NO_MEASURE, has_measure, okr_score, score_verdict
from tui.model.risks import review_words, reviews_due
from tui.model.text import for_display
from tui.model.workbook import Workbook

NO_OWNER = "(no owner)"


def _fraction(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _forecast(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _standing_fields(standing: Standing, lifecycle: str) -> dict[str, Any]:
    # A goal that is not active owes no pace: its status is its own (draft, achieved, missed,
    # dropped), and no check-in is due, as the text report says.
    active = lifecycle == "active"
    return {"progress": _fraction(standing.progress), "expected": _fraction(standing.expected),
            "status": standing.status if active else lifecycle, "stale": standing.stale and active,
            "forecast": _forecast(standing.forecast)}


def status_report(workbook: Workbook, today: date) -> dict[str, Any]:
    """`{"goals": [{id, title, owner, progress, expected, status, stale, forecast, key_results: [...]}]}`:
    progress and expected as fractions 0..1 (expected null without dates), status the pace for an
    active goal and the goal's own status otherwise, forecast in the
    measure's unit or null; `parent` (the goal it serves, or null), `rollup` (its children's
    mean progress, or null) and, for OKR goals, `score` (the weighted mean of its key results'
    progress) and `zone` (failed, progress or delivered once the goal is due or closed, null
    while its period runs: no verdict yet). A goal without a measure has progress null (unknown,
    not 0) and status "no pace", as has any active measure without a start and due date."""
    goals = []
    children = children_map(workbook.goals)
    for goal in workbook.goals:
        entry: dict[str, Any] = {"id": goal.id, "title": goal.title, "owner": goal.owner}
        entry.update(_standing_fields(goal_standing(goal, today, workbook), goal.status))
        if not has_measure(goal):
            entry["progress"] = None
        entry["parent"] = goal.parent or None
        entry["rollup"] = _fraction(rollup(goal, children))
        if goal.framework == "okr":
            entry["score"] = _fraction(okr_score(goal))
            entry["zone"] = score_verdict(goal, today)
        entry["key_results"] = [{"id": kr.id, "text": kr.text,
                                 **_standing_fields(key_result_standing(goal, kr, today, workbook), goal.status)}
                                for kr in goal.key_results]
        goals.append(entry)
    return {"goals": goals}


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def status_lines(workbook: Workbook, today: date) -> list[str]:
    """The status report for people: one line a goal, its key results indented under it. A goal
    that is not active owes no pace: its line says its status instead. An OKR's line adds its
    score and zone, and a goal others serve their roll-up, as the JSON report has them."""
    lines = []
    children = children_map(workbook.goals)
    for goal, entry in zip(workbook.goals, status_report(workbook, today)["goals"]):
        unit = goal.measure.unit if goal.measure is not None else ""
        line = _status_line(entry, goal.title or "(untitled)", goal.owner, "", unit,
                            None if goal.status == "active" else goal.status)
        if "score" in entry:  # mid-period a zone is no verdict yet: the score alone
            line += f"; {score_words(goal, today)}"
        if entry["rollup"] is not None:
            line += f"; {served_words(len(children.get(goal.id, ())), entry['rollup'])}"
        lines.append(line)
        for kr, kr_entry in zip(goal.key_results, entry["key_results"]):
            lines.append(_status_line(kr_entry, kr.text or "(no text)", "", "    ", kr.unit,
                                      None if goal.status == "active" else goal.status))
    return lines


def _status_line(entry: dict[str, Any], title: str, owner: str, indent: str, unit: str, closed: str | None) -> str:
    who = f" ({owner})" if owner else ""
    head = f"{indent}{entry['id']}  {title}{who}: {NO_MEASURE if entry['progress'] is None else _percent(entry['progress'])}"
    if closed is not None:
        return f"{head}, {closed}"
    status = f"{status_symbol(entry['status'])} {entry['status']}"
    stale = f" {glyphs.stale} check-in due" if entry["stale"] else ""
    forecast = f", forecast {format_estimate(entry['forecast'])} {unit}".rstrip() if entry["forecast"] is not None else ""
    if entry["expected"] is None or entry["progress"] is None:  # no dates or no measure: nothing expected
        return f"{head}, {status}{stale}{forecast}"
    return f"{head} of expected {_percent(entry['expected'])}, {status}{stale}{forecast}"


# -- the digest -----------------------------------------------------------------------------------

@dataclass(slots=True)
class OwnerDigest:
    owner: str
    checkins_due: list[str] = field(default_factory=list)
    slipping: list[str] = field(default_factory=list)
    overdue_milestones: list[str] = field(default_factory=list)
    overdue_tactics: list[str] = field(default_factory=list)
    risk_reviews: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.checkins_due or self.slipping or self.overdue_milestones or self.overdue_tactics
                    or self.risk_reviews)


SECTIONS = (("checkins_due", "Check-ins due"), ("slipping", "Goals at risk or behind"),
            ("overdue_milestones", "Overdue milestones"), ("overdue_tactics", "Overdue tactics"),
            ("risk_reviews", "Risk reviews due"))


def _target_line(target: Target, today: date, workbook: Workbook) -> str:
    standing = target.standing(today, workbook, with_forecast=False)
    kind = "key result" if target.key_result is not None else "goal"
    last = standing.last
    since = f"last {format_number(last.value)} on {last.date}" if last is not None and last.date else "no check-in yet"
    where = f" (goal: {target.goal.title})" if target.key_result is not None else ""
    return f"{target.title or '(untitled)'} [{kind} {target.id}]{where}: {since}"


def digest(workbook: Workbook, today: date, owner: str | None = None) -> list[OwnerDigest]:
    """What needs someone this week, by owner (sorted, no owner last): active goals' check-ins
    that are due, active goals at risk or behind, overdue milestones of active goals, overdue
    tactics, and reviews of open risks that are due. `owner`: only this owner (part of the name, any case)."""
    by_owner: dict[str, OwnerDigest] = {}

    def of(name: str) -> OwnerDigest:
        name = name.strip() or NO_OWNER
        key = name.casefold()
        if key not in by_owner:
            by_owner[key] = OwnerDigest(name)
        return by_owner[key]

    for target in due_targets(workbook, today):
        of(target.goal.owner).checkins_due.append(_target_line(target, today, workbook))
    for goal in workbook.goals:
        if goal.status != "active":
            continue
        standing = goal_standing(goal, today, workbook, with_forecast=False)
        if standing.status in ("at risk", "behind"):
            of(goal.owner).slipping.append(
                f"{goal.title or '(untitled)'} [{goal.id}]: {standing.status}, {_percent(standing.progress)} "
                f"of expected {_percent(standing.expected)}"
                + (f", confidence {standing.confidence}/10" if standing.confidence is not None else ""))
        for milestone in goal.milestones:
            if not milestone.done and milestone.due is not None and milestone.due < today:
                of(goal.owner).overdue_milestones.append(
                    f"{milestone.text or '(no text)'} [{milestone.id}]: due {milestone.due} (goal: {goal.title})")
    titles = {goal.id: goal.title for goal in workbook.goals}
    for tactic in workbook.tactics:
        if tactic_overdue(tactic, today):
            goal = f" (goal: {titles[tactic.goal]})" if tactic.goal in titles else ""
            of(tactic.owner).overdue_tactics.append(
                f"{tactic.text or '(no text)'} [{tactic.id}]: due {tactic.due}, {tactic.status}{goal}")
    for risk in reviews_due(workbook, today):
        of(risk.owner).risk_reviews.append(
            f"{risk.text or '(no text)'} [{risk.id}]: score {risk.score}, review {review_words(risk, today)}")
    wanted = owner.casefold().strip() if owner is not None else None
    result = [d for d in by_owner.values() if not d.empty and (wanted is None or wanted in d.owner.casefold())]
    return sorted(result, key=lambda d: (d.owner == NO_OWNER, d.owner.casefold()))


def digest_text(workbook: Workbook, today: date, owner: str | None = None,
                markdown: Callable[[str], str] | None = None, file: str = "FILE") -> str:
    """The digest as plain text (for `mail`), or Markdown when given Markdown's escaper. Each
    piece of workbook text stays on its line: in plain text its line breaks (LF, CR, U+2028, ...)
    are shown as symbols (`for_display`), as `status` shows them; otherwise a goal titled
    "Real goal\nFAKE LINE: all goals on track" printed a line of its own."""

    def esc(text: str) -> str:
        return markdown(text) if markdown is not None else for_display(text)

    title = workbook.meta.title or "Stratbook"
    owners = digest(workbook, today, owner)
    lines = [f"# {esc(title)}: week of {today}" if markdown else f"{esc(title)}: week of {today}", ""]
    if not owners:
        lines.append("Nothing needs anyone this week.")
    for entry in owners:
        if markdown:
            lines += [f"## {esc(entry.owner)}", ""]
        else:
            lines += [esc(entry.owner), "=" * min(len(esc(entry.owner)), 60), ""]
        for name, heading in SECTIONS:
            items = getattr(entry, name)
            if not items:
                continue
            lines.append(f"### {heading}" if markdown else f"{heading}:")
            if markdown:
                lines.append("")
            lines += [f"- {esc(item)}" if markdown else f"  - {esc(item)}" for item in items]
            lines.append("")
    if any(entry.checkins_due for entry in owners):
        lines.append(esc(f"To check in: stratbook checkin {file} ID VALUE [--confidence 1-10] [--note TEXT]"))
    return "\n".join(lines).rstrip("\n") + "\n"
