"""How goals, measures, key results, milestones, links and tactics read on screen.

One place for the words and styles, shared by the goals list, a goal's detail,
the wizard's review step and the tactics section. Every piece of user text
goes through `for_display` / `one_line` into Content, never into markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from textual.content import Content
from textual.widgets.option_list import Option

from tui.glyphs import glyphs
from tui.model.checkins import (
    AT_RISK,
    BEHIND,
    NO_PACE,
    Standing,
    Target,
    format_estimate,
    format_number,
    goal_standing,
    key_result_standing,
    sparkline_pair,
    score_words,
    status_symbol,
)
from tui.model.checks import Finding, check_goal
from tui.model.dates import describe
from tui.model.frameworks import FRAMEWORKS
from tui.model.goals import LinkTarget, goal_overdue, tactic_overdue
from tui.model.alignment import children_map, rollup_text
from tui.model.progress import has_measure, okr_score, progress_of, success_bar_words, success_grade
from tui.model.text import for_display, one_line
from tui.model.workbook import Goal, KeyResult, Measure, Milestone, Tactic, Workbook
from tui.widgets.hanging import Hanging
from tui.widgets.progress_bar import progress_bar

STATUS_STYLE = {
    "draft": "$text-muted",
    "active": "$accent",
    "achieved": "$success",
    "missed": "$error",
    "dropped": "$text-muted strike",
    "todo": "",
    "doing": "$accent",
    "done": "$success",
    "blocked": "$error",
}
TACTIC_MARK = {"todo": "not_done", "doing": "doing", "done": "full", "blocked": "blocked"}
"""Each tactic status's mark, a name in tui/glyphs.py (the status is also written out)."""


def tactic_mark(status: str) -> str:
    return getattr(glyphs, TACTIC_MARK.get(status, "not_done"))


def framework_name(key: str) -> str:
    framework = FRAMEWORKS.get(key)
    return framework.name if framework else key


def status_text(status: str) -> Content:
    return Content.styled(status, STATUS_STYLE.get(status, ""))


def number(value: float | int | None) -> str:
    """A measure's number as people write it, all of it: 12 not 12.0, 0.25, 1,200 (format_number)."""
    return format_number(value, missing="?")


def measure_text(metric: str, unit: str, baseline, target, current) -> Content:
    """`metric: 12 → 5 days, now 9`."""
    unit_text = f" {one_line(unit)}" if unit.strip() else ""
    parts: list[str | tuple[str, str]] = []
    if metric.strip():
        parts += [one_line(metric), ": "]
    parts.append(f"{number(baseline)} {glyphs.arrow_text} {number(target)}{unit_text}")
    parts.append(("  now ", "$text-muted"))
    parts.append((number(current), "bold"))
    return Content.assemble(*parts)


def measure_line(measure: Measure) -> Content:
    return Content.assemble(progress_bar(progress_of(measure), 10), "  ",
                            measure_text(measure.metric, measure.unit, measure.baseline, measure.target,
                                         measure.current))


def kr_line(kr: KeyResult) -> Content:
    """The result on its own line (it may wrap), then its bar and numbers indented below."""
    weight = (f"  weight {kr.weight}", "$text-muted") if kr.weight != 1 else ""
    return Content.assemble((one_line(kr.text or "(no text)"), "bold"), "\n  ", progress_bar(progress_of(kr), 10),
                            "  ", measure_text("", kr.unit, kr.baseline, kr.target, kr.current), weight)


def milestone_line(milestone: Milestone, goal_due: date | None, today: date) -> Content:
    mark = (f"{glyphs.done} ", "$success") if milestone.done else (f"{glyphs.not_done} ", "")
    when = milestone.due.isoformat() if milestone.due else "no date   "
    style = ""
    if milestone.due and goal_due and milestone.due > goal_due:
        style = "$warning"
    elif milestone.due and not milestone.done and milestone.due < today:
        style = "$error"
    return Content.assemble(mark, (when, style), "  ", one_line(milestone.text or "(no text)"))


def due_text(due: date | None, today: date, late: bool) -> Content:
    if due is None:
        return Content.styled("-", "$text-muted")
    return Content.styled(due.isoformat(), "$error bold" if late else "")


def tactic_line(tactic: Tactic, today: date) -> Content:
    late = tactic_overdue(tactic, today)
    parts: list = [(tactic_mark(tactic.status) + " ", STATUS_STYLE.get(tactic.status, "")),
                   (f"{tactic.status:<8}", STATUS_STYLE.get(tactic.status, "")),
                   one_line(tactic.text or "(no text)")]
    if tactic.owner.strip():
        parts += [(f" {glyphs.sep_text}", "$text-muted"), one_line(tactic.owner)]
    if tactic.due:
        parts += [(f" {glyphs.sep_text}", "$text-muted"), due_text(tactic.due, today, late)]
        if late:
            parts.append((" overdue", "$error"))
    return Content.assemble(*parts)


def link_line(link_id: str, target: LinkTarget | None) -> Content:
    if target is None:
        return Content.assemble(("missing  ", "$error"), one_line(link_id), ("  (no item has this id)", "$text-muted"))
    return Content.assemble((f"{one_line(target.kind, 13):<14}", "$text-muted"), one_line(target.text or "(no text)"))


def finding_line(finding: Finding) -> Content:
    return Content.assemble((f"{glyphs.warning} ", "$warning"), (one_line(finding.message), "bold"), "\n  ",
                            (one_line(finding.check.hint), "$text-muted"))


def goal_summary(goal: Goal, today: date) -> Content:
    """`SMART · active · Tom Berg · 2027-01-01 → 2027-06-30 (in 4 months)`."""
    dot = (f" {glyphs.sep_text} ", "$text-muted")
    parts: list = [(framework_name(goal.framework), "bold"), dot, status_text(goal.status), dot,
                   one_line(goal.owner) if goal.owner.strip() else ("no owner", "$warning")]
    for said in (goal.commitment, goal.perspective):
        if said:
            parts += [dot, said]
    parts.append(dot)
    start = goal.start.isoformat() if goal.start else "?"
    if goal.due:
        late = goal_overdue(goal, today)
        parts += [f"{start} {glyphs.arrow_text} ", due_text(goal.due, today, late),
                  (f" ({'overdue, ' if late else ''}{describe(goal.due, today)})", "$text-muted")]
    else:
        parts += [f"{start} {glyphs.arrow_text} ", ("no due date", "$warning")]
    return Content.assemble(*parts)


def goal_progress_line(goal: Goal, today: date) -> Content:
    if goal.framework == "okr":
        weighted = any(kr.weight != 1 for kr in goal.key_results)
        kind = goal.commitment or "aspirational"
        success = success_grade(goal.framework, goal.commitment)
        bar = success_bar_words(success)
        # The zone only once the goal is due or closed: mid-period it contradicted the pace.
        return Content.assemble(progress_bar(okr_score(goal), 10), "  ", (score_words(goal, today), "bold"),
                                (f"  ({'weighted ' if weighted else ''}mean of the key results; {kind}: "
                                 f"{bar})", "$text-muted"))
    if goal.measure is None:
        return Content.styled("No measure: progress is not tracked in numbers, so there is no pace.", "$text-muted")
    return measure_line(goal.measure)


@dataclass(frozen=True, slots=True)
class DetailItem:
    """What a line of the detail view is about; its `kind` tells the screen what keys do there."""

    kind: str
    """`answer`, `measure`, `kr`, `checkin`, `milestone`, `link`, `tactic`, `warning`, `progress`, `basics`,
    `empty`."""
    key: str = ""
    """The answer's key, the item's id, or the warning's check id."""


_STATUS_STYLE = {AT_RISK: "bold $error", BEHIND: "$warning", NO_PACE: "$text-muted"}


def standing_text(standing: Standing) -> Content:
    """Status as a symbol and words (colour only adds to them); a clock when a check-in is due."""
    parts: list = [(f"{status_symbol(standing.status)} {standing.status}", _STATUS_STYLE.get(standing.status, ""))]
    if standing.stale:  # no space before it: "▲ at risk⏲" fits the goals list's column
        parts.append((glyphs.stale, "$warning"))
    return Content.assemble(*parts)


def pace_line(standing: Standing, unit: str) -> Content:
    """`◐ behind  29% done, 41% expected  forecast at due 6.1 days  ⏲ check-in due`."""
    parts: list = [standing_text(standing), "  "]
    expected = f"{round(standing.expected * 100)}% expected" if standing.expected is not None else "no dates, no pace"
    parts.append((f"{round(standing.progress * 100)}% done, {expected}", "$text-muted"))
    if standing.confidence is not None:
        parts.append((f"  confidence {standing.confidence}/10", "$text-muted"))
    if standing.forecast is not None:
        parts.append((f"  forecast at due {format_estimate(standing.forecast)} {one_line(unit)}".rstrip(), "$text-muted"))
    if standing.stale:
        parts.append(("  check-in due", "$warning"))
    return Content.assemble(*parts)


HISTORY_SHOWN = 12
"""Check-ins listed in a goal's detail, newest first (the sparkline shows more)."""


def history_lines(target: Target) -> list[tuple[Content, str]]:
    """A measure's history: the sparkline against the pace, then the newest check-ins (each with
    its id), newest first."""
    lines: list[tuple[Content, str]] = []
    if not target.checkins:
        return lines
    actual, pace = sparkline_pair(target, 40)
    lines.append((Content.assemble((actual, "$accent"), ("  values", "$text-muted")), ""))
    if pace:
        lines.append((Content.assemble((pace, "$text-muted"), ("  pace expected", "$text-muted")), ""))
    for checkin in reversed(target.checkins[-HISTORY_SHOWN:]):
        parts: list = [(f"{checkin.date}  ", "$text-muted"), (f"{format_number(checkin.value):>8}", "bold")]
        if target.unit:
            parts.append(f" {one_line(target.unit, 12)}")
        if checkin.confidence is not None:
            parts.append((f"  conf {checkin.confidence}/10", "$error" if checkin.confidence <= 3 else "$text-muted"))
        if checkin.by:
            parts.append((f"  {one_line(checkin.by, 20)}", "$text-muted"))
        if checkin.note:
            parts.append(f"  {one_line(checkin.note, 60)}")
        lines.append((Content.assemble(*parts), checkin.id))
    earlier = len(target.checkins) - HISTORY_SHOWN
    if earlier > 0:
        lines.append((Content.styled(f"... and {earlier} earlier check-ins", "$text-muted"), ""))
    return lines


def alignment_lines(goal: Goal, workbook: Workbook) -> list[Content]:
    """What the goal serves, and the roll-up of the goals that serve it."""
    lines = []
    parent = next((g for g in workbook.goals if g.id == goal.parent), None) if goal.parent else None
    if parent is not None:
        lines.append(Content.assemble(("Serves: ", "bold"), one_line(parent.title or "(untitled goal)")))
    served = rollup_text(goal, children_map(workbook.goals))
    if served is not None:
        lines.append(Content(served))
    return lines


def heading(text: str) -> Option:
    return Option(Content.styled(text, "bold $accent"), disabled=True)


def detail_options(goal: Goal, links: dict[str, LinkTarget], tactics: list[Tactic], today: date,
                   findings: list[Finding] | None = None,
                   keys: bool | Callable[[str, str], str] = True,
                   workbook: Workbook | None = None) -> tuple[list[Option], list[DetailItem | None]]:
    """The lines of a goal's detail, and what each line is about (None for headings).

    What changes most comes first: warnings, numbers, milestones, links and tactics;
    the framework's answers follow. `keys`: empty parts say which key of the detail fills them:
    `key(binding_id, usual)` gives the key as the user's keymap has it (`StratbookApp.shown_key`);
    True names the usual keys; False names none.
    """
    key = keys if callable(keys) else (lambda binding_id, usual: usual)
    options: list[Option] = []
    items: list[DetailItem | None] = []

    def add(option: Option | Content, item: DetailItem | None) -> None:
        # An indented line (a key result's pace and check-ins, a listed answer) goes on under its
        # text when it wraps.
        options.append(option if isinstance(option, Option) else Option(Hanging(option), id=f"line-{len(options)}"))
        items.append(item)

    add(Content.styled(one_line(goal.title or "(untitled goal)"), "bold"), DetailItem("basics"))
    add(goal_summary(goal, today), DetailItem("basics"))
    own_measure = goal.measure is not None and goal.framework != "okr"
    add(goal_progress_line(goal, today), DetailItem("measure" if own_measure else "progress"))
    unit = goal.measure.unit if goal.measure is not None else ""
    if has_measure(goal):  # without a measure the line above says so; there is no pace to keep
        add(pace_line(goal_standing(goal, today, workbook), unit), DetailItem("measure" if own_measure else "progress"))
    for line in alignment_lines(goal, workbook) if workbook is not None else ():
        add(line, DetailItem("basics"))
    if goal.closing is not None:
        closing = goal.closing
        grade = f", grade {format_number(closing.score)}" if closing.score is not None else ""
        carried = f"; carried forward to {closing.carried_to}" if closing.carried_to else ""
        lessons = f": {one_line(closing.lessons, 80)}" if closing.lessons.strip() else ""
        add(Content.assemble((f"Closed {closing.date or ''}{grade}{carried}", "bold"), lessons),
            DetailItem("basics"))
    findings = check_goal(goal, today) if findings is None else findings
    if findings:
        add(heading(f"Warnings ({len(findings)})"), None)
        for finding in findings:
            add(finding_line(finding), DetailItem("warning", finding.check.id))

    if goal.framework == "okr" or goal.key_results:
        add(heading(f"Key results ({len(goal.key_results)})"), None)
        for kr in goal.key_results:
            add(kr_line(kr), DetailItem("kr", kr.id))
            add(Content.assemble("   ", pace_line(key_result_standing(goal, kr, today, workbook), kr.unit)),
                DetailItem("kr", kr.id))
            for line, checkin_id in history_lines(Target(goal, kr)):
                add(Content.assemble("   ", line), DetailItem("checkin", checkin_id) if checkin_id else DetailItem("kr", kr.id))
        if not goal.key_results:
            add(Content.styled("No key results yet" + (f": {key('goal.edit', 'e')} adds three to five." if keys else "."), "$text-muted"),
                DetailItem("kr"))

    if goal.measure is not None and goal.checkins:
        add(heading(f"Check-ins ({len(goal.checkins)})"), None)
        for line, checkin_id in history_lines(Target(goal)):
            add(line, DetailItem("checkin", checkin_id) if checkin_id else DetailItem("measure"))

    add(heading(f"Milestones ({len(goal.milestones)})"), None)
    for milestone in goal.milestones:
        add(milestone_line(milestone, goal.due, today), DetailItem("milestone", milestone.id))
    if not goal.milestones:
        add(Content.styled("None yet" + (f": {key('goal.milestone', 'm')} adds one." if keys else "."), "$text-muted"),
            DetailItem("milestone"))

    add(heading(f"Links ({len(goal.links)})"), None)
    listed: set[str] = set()
    for link_id in goal.links:
        line = link_line(link_id, links.get(link_id))
        if link_id in listed:  # typed twice by hand: the check warns, and it counts once
            line = Content.assemble(line, ("  (again: counts once)", "$text-muted"))
        listed.add(link_id)
        add(line, DetailItem("link", link_id))
    if not goal.links:
        add(Content.styled("Not linked yet" + (f": {key('goal.links', 'l')} links values, SWOT items and strategies." if keys else "."),
                           "$text-muted"), DetailItem("link"))

    add(heading(f"Tactics ({len(tactics)})"), None)
    for tactic in tactics:
        add(tactic_line(tactic, today), DetailItem("tactic", tactic.id))
    if not tactics:
        add(Content.styled("None yet" + (f": {key('goal.tactic', 't')} adds the first action." if keys
                                       else f" ({key('goal.tactic', 't')} in the goal's detail adds them)."),
                           "$text-muted"), DetailItem("tactic"))
    framework = FRAMEWORKS.get(goal.framework)
    if framework is not None:
        for group in framework.groups:
            add(heading(group.name), None)
            for question in group.questions:
                value = goal.answers.get(question.key)
                answer = ("-", "$text-muted") if value in (None, "") else for_display(str(value), multiline=True)
                add(Content.assemble((question.text, "$text-muted"), "\n", answer), DetailItem("answer", question.key))

    return options, items

