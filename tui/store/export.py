"""Export a workbook for people without Stratbook: Markdown, HTML and JSON. No Textual here.

- Markdown is the one-page email body. It reads well as plain text too, and
  every piece of user text is escaped (`md`), so a title such as
  `[click](http://evil)`, `<img src=x>` or `Win on C##` renders as typed and
  never becomes a link, an image, HTML, code or markup; bare addresses are
  defused for linkifiers (tests/unit/test_markdown_literal.py checks it all).
- HTML is one self-contained, printable file: inline CSS, no scripts, no
  external links, every user string through `html.escape`.
- JSON is a faithful dump for other tools; `loads_json` reads it back to the
  same workbook. It has the layout of the TOML file (the same tables and
  keys). Dates and times, which JSON lacks, are ISO 8601 strings in the known
  fields: `workbook.created` and `workbook.updated` as offset date-times
  (`2026-11-20T09:30:00Z`); `goals[].start`, `goals[].due`,
  `goals[].milestones[].due`, `tactics[].due` and `risks[].review` as dates (`2027-06-30`).
  In keys this version does not know (kept for a newer version's sake), a
  date or time is a one-key object naming its TOML type, so it comes back as
  the same type: `{"$date": "2027-06-30"}`, `{"$datetime": "...Z"}`,
  `{"$datetime-local": "..."}`, `{"$time": "09:30:00"}`; a float that JSON
  cannot hold is `{"$float": "nan"}` (or `"inf"`, `"-inf"`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from tui.model.alignment import children_map, rollup_text, tree_order
from tui.model.checkins import format_number, goal_standing, score_words, trend_words
from tui.model.checks import check_workbook
from tui.model.progress import NO_MEASURE, goal_progress, has_measure, progress_of
from tui.glyphs import symbols
from tui.model.roadmap import glyph, text_timeline
from tui.model.text import counted, for_display
from tui.model.workbook import PESTLE_FACTORS, QUADRANTS, STRATEGY_KINDS, Checkin, Goal, Risk, Workbook
from tui.model.risks import ranked as ranked_risks
from tui.model.risks import review_words
from tui.store.pictures import pestle_svg, progress_svg, risks_svg, roadmap_svg, strategy_map_svg, swot_svg
from tui.model.forces import (
    ANSOFF_AXES,
    ANSOFF_TITLES,
    FORCE_TITLES,
    RISK_WORDS,
    has_forces,
    options_by_quadrant,
    rating_bar,
    rating_words,
)
from tui.model.workbook import FORCES
from tui.store.pictures import ansoff_svg, forces_svg
from tui.store.export_json import _UNSAFE_IN_JSON, json_text, loads_json, to_json  # noqa: F401 - this module's API too

FORMATS = ("markdown", "html", "json")
SUFFIX = {"markdown": ".md", "html": ".html", "json": ".json"}
KIND_TITLES = {
    "SO": "SO: use strengths to seize opportunities",
    "ST": "ST: use strengths to counter threats",
    "WO": "WO: fix weaknesses by seizing opportunities",
    "WT": "WT: limit weaknesses and avoid threats",
}


def export(workbook: Workbook, fmt: str) -> str:
    """The workbook as text in `fmt` (one of FORMATS), with the same symbols whatever the
    terminal that made it (an ASCII console's app included): it is read elsewhere."""
    with symbols():
        if fmt == "markdown":
            return to_markdown(workbook)
        if fmt == "html":
            return to_html(workbook)
        if fmt == "json":
            return to_json(workbook)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


# -- shared facts ------------------------------------------------------------------------------

def progress_bar(fraction: float, width: int = 10) -> str:
    """`[######----]` in plain ASCII, so it survives any mail client."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def number(value: float | int | None) -> str:
    return format_number(value, missing="?")  # as the app shows it: 1,234,567.25, 0.0000001


def measure_line(baseline: Any, current: Any, target: Any, unit: str) -> str:
    """`12 -> 10 -> 5 working days` (from baseline, now, to target)."""
    text = f"from {number(baseline)}, now {number(current)}, target {number(target)}"
    return f"{text} {unit}".rstrip()


def _subtitle(workbook: Workbook) -> list[str]:
    meta = workbook.meta
    parts = [p for p in (meta.organisation, ", ".join(meta.authors)) if p]
    when = meta.updated or meta.created
    if when is not None:
        parts.append(f"updated {when.date().isoformat()}")
    return parts


def _tactics_by_goal(workbook: Workbook) -> list[tuple[Goal | None, list[Any]]]:
    """Tactics grouped under their goals in goal order; tactics without a known goal last."""
    by_goal: dict[str, list[Any]] = {}
    for tactic in workbook.tactics:  # one pass, not one per goal
        by_goal.setdefault(tactic.goal, []).append(tactic)
    known = {goal.id for goal in workbook.goals}
    result: list[tuple[Goal | None, list[Any]]] = [(goal, by_goal[goal.id]) for goal in workbook.goals
                                                   if goal.id in by_goal]
    loose = [tactic for tactic in workbook.tactics if tactic.goal not in known]
    if loose:
        result.append((None, loose))
    return result


def trend_line(checkins: list[Checkin], unit: str) -> str:
    """A measure's history in words: `Trend: 11.5 → 11 → … → 9.1 days (8 check-ins, last 2026-11-23,
    confidence 7/10)`; "" without check-ins."""
    if not checkins:
        return ""
    last = checkins[-1]
    facts = [f"{len(checkins)} check-in{'s' if len(checkins) != 1 else ''}"]
    if last.date is not None:
        facts.append(f"last {last.date.isoformat()}")
    if last.confidence is not None:
        facts.append(f"confidence {last.confidence}/10")
    return f"Trend: {trend_words(checkins, unit)} ({', '.join(facts)})"


def _goal_facts(goal: Goal) -> str:
    parts = [goal.framework.upper(), goal.status]
    if goal.owner:
        parts.append(goal.owner)
    if goal.due is not None:
        parts.append(f"due {goal.due.isoformat()}")
    return ", ".join(parts)


def standing_words(goal: Goal, workbook: Workbook, today: date) -> str:
    """An OKR's score (its zone only once due or closed) and an active goal's pace, as the app
    and `stratbook status` say them: `OKR score 0.03; ● on track`, `— no pace`."""
    said = [score_words(goal, today)] if goal.framework == "okr" else []
    if goal.status == "active":
        said.append(goal_standing(goal, today, workbook, with_forecast=False).words)
    return "; ".join(said)


# -- Markdown ----------------------------------------------------------------------------------

_MD_PUNCTUATION = str.maketrans({character: "\\" + character for character in "\\`*_[]<>|~!#"})
"""Each character Markdown gives a meaning to, backslash-escaped (a table: one pass in C)."""
_MD_PUNCTUATION_FOUND = re.compile("[" + re.escape("\\`*_[]<>|~!#") + "]").search
"""Whether a text holds any of them: most do not, and finding out is quicker than translating."""
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(?:([+=-])|(\d+)([.)]))")
# What a linkifier (a Markdown renderer's, or a mail client's on the plain text) takes for an
# address: a scheme's colon (`https://`, `mailto:a@b`: a colon after a letter and before a
# non-space), and a dot between a word and a letter (`www.x.com`, `x.com`, `a@b.com`).
_MD_ADDRESS = re.compile(r":(?=//)|(?<=[^\W\d_]):(?=\S)|(?<=\w)\.(?=[^\W\d_])")


def md(text: str) -> str:
    """User text as Markdown that renders as typed: no link, image, HTML, code, emphasis,
    heading, list or table cell break of its own, and no address for a linkifier to find.

    Every character Markdown gives a meaning to is backslash-escaped (a renderer shows it
    without the backslash), and so are a scheme's colon and the dot inside a domain name,
    which keeps mail clients from turning a bare address into a link. Line breaks become
    spaces (the text sits in a list item or a table cell) and spaces at either end are
    dropped (Markdown would drop them, or take four for a code block); control characters
    are made visible, as on screen.
    """
    text = " ".join(for_display(text, multiline=True).split("\n")).strip()
    if _MD_PUNCTUATION_FOUND(text):
        text = text.translate(_MD_PUNCTUATION)
    if "&" in text:
        text = _MD_ENTITY.sub(r"\\&", text)
    if ":" in text or "." in text:
        text = _MD_ADDRESS.sub(r"\\\g<0>", text)
    start = _MD_LINE_START.match(text)  # (at the start only: `^` without MULTILINE)
    return _escape_line_start(start) + text[start.end():] if start else text


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def md_paragraphs(text: str) -> str:
    """Several paragraphs of user text, each escaped like `md`."""
    paragraphs = [p for p in re.split(r"\n\s*\n", for_display(text, multiline=True)) if p.strip()]
    return "\n\n".join(md(p) for p in paragraphs)


def to_markdown(workbook: Workbook) -> str:
    meta, vmv = workbook.meta, workbook.vmv
    out: list[str] = [f"# {md(meta.title or 'Strategic plan')}"]
    subtitle = _subtitle(workbook)
    if subtitle:
        out += ["", " | ".join(md(p) for p in subtitle)]

    def section(title: str) -> None:
        out.extend(["", f"## {title}", ""])

    if vmv.vision.strip() or vmv.mission.strip() or vmv.values:
        section("Vision, mission and values")
        for label, text in (("Vision", vmv.vision), ("Mission", vmv.mission)):
            if text.strip():
                out += [f"**{label}.** {md_paragraphs(text)}", ""]
        if vmv.values:
            out.append("**Values**")
            out.append("")
            out += [f"- **{md(v.name)}**: {md(v.description)}" if v.description else f"- **{md(v.name)}**"
                    for v in vmv.values]
        if out[-1] == "":
            out.pop()

    swot = workbook.swot
    if any(getattr(swot, q) for q in QUADRANTS):
        section("SWOT")
        for left, right in (("strengths", "weaknesses"), ("opportunities", "threats")):
            a, b = getattr(swot, left), getattr(swot, right)
            head = f"| {left.capitalize()} ({len(a)}) | {right.capitalize()} ({len(b)}) |"
            if left == "strengths":
                out += [head, "| --- | --- |"]
            else:
                out.append(f"| **{left.capitalize()} ({len(a)})** | **{right.capitalize()} ({len(b)})** |")
            for index in range(max(len(a), len(b))):
                cells = [f"{md(q[index].text)} ({q[index].weight}/5)" if index < len(q) else "" for q in (a, b)]
                out.append(f"| {cells[0]} | {cells[1]} |")
        out += ["", "Weights run from 1 (minor) to 5 (critical)."]

    if workbook.strategies:
        section("TOWS strategies")
        for kind in STRATEGY_KINDS:
            strategies = [s for s in workbook.strategies if s.kind == kind]
            if strategies:
                out.append(f"**{KIND_TITLES[kind]}**")
                out.append("")
                out += [f"- {md(s.text)}" for s in strategies]
                out.append("")
        out.pop()

    pestle = workbook.pestle.factors
    if any(f.items or f.reviewed or f.notes for f in pestle.values()):
        section("PESTLE")
        reviewed = sum(1 for f in pestle.values() if f.reviewed)
        out += [f"{reviewed} of 6 factors reviewed. [x] marks an item considered and settled; "
                "impact and likelihood run from 1 to 5.", ""]
        for name in PESTLE_FACTORS:
            factor = pestle[name]
            state = "reviewed" if factor.reviewed else "not reviewed yet"
            out.append(f"**{name.capitalize()}** ({state})")
            if factor.notes.strip():
                out += ["", md(factor.notes)]
            out.append("")
            for item in factor.items:
                done = "x" if item.checked else " "
                out.append(f"- [{done}] {md(item.text)} ({md(item.effect)}; "
                           f"impact {item.impact} x likelihood {item.likelihood} = {item.score})")
            if factor.items:
                out.append("")
        out.pop()

    out += _forces_and_ansoff_markdown(workbook)

    if workbook.goals:
        section("Goals")
        today = date.today()
        for goal in workbook.goals:
            progress = goal_progress(goal)
            out.append(f"### {md(goal.title or '(untitled goal)')}")
            shown = f"{progress_bar(progress)} {progress:.0%}" if has_measure(goal) else NO_MEASURE
            standing = standing_words(goal, workbook, today)
            out += ["", f"{shown} | {md(_goal_facts(goal))}" + (f" | {md(standing)}" if standing else ""), ""]
            if goal.measure is not None and goal.framework != "okr":
                m = goal.measure
                out += [f"Measure: {md(m.metric)}, {md(measure_line(m.baseline, m.current, m.target, m.unit))}", ""]
                if goal.checkins:
                    out += [md(trend_line(goal.checkins, m.unit)), ""]
            if goal.key_results:
                out.append("Key results:")
                out.append("")
                for kr in goal.key_results:
                    done = progress_of(kr)
                    out.append(f"- {progress_bar(done)} {done:.0%} {md(kr.text)} "
                               f"({md(measure_line(kr.baseline, kr.current, kr.target, kr.unit))})")
                    if kr.checkins:
                        out.append(f"  {md(trend_line(kr.checkins, kr.unit))}")
                out.append("")
            if goal.milestones:
                out.append("Milestones:")
                out.append("")
                for ms in goal.milestones:
                    when = ms.due.isoformat() if ms.due else "no date"
                    out.append(f"- [{'x' if ms.done else ' '}] {when}: {md(ms.text)}")
                out.append("")
        out.pop()

    in_tree = [goal for goal, _ in tree_order(workbook.goals)]
    timeline = text_timeline(in_tree, workbook.tactics, date.today())
    if timeline:
        section("Roadmap")
        out += ["```", *timeline, "```", ""]  # no user text inside: glyphs, numbers and dates only
        out.append(f"Bars run from start to due, {glyph('done')} done so far, {glyph('todo')} still to do; "
                   f"{glyph('milestone')} milestone, {glyph('tactic')} tactic ({glyph('milestone_done')} and "
                   f"{glyph('tactic_done')} when done), {glyph('overdue')} overdue; {glyph('today_head')} and "
                   f"{glyph('today')} today; {glyph('before')} and {glyph('after')} the bar goes on "
                   "before or after the view.")
        out.append("")
        titles = {goal.id: goal.title for goal in workbook.goals}
        for index, goal in enumerate(in_tree, 1):
            serves = f" (serves {md(titles[goal.parent] or '(untitled goal)')})" if goal.parent in titles else ""
            out.append(f"- **{index}** {md(goal.title or '(untitled goal)')}{serves}")

    groups = _tactics_by_goal(workbook)
    if groups:
        section("Tactics")
        for goal, tactics in groups:
            out.append(f"**{md(goal.title) if goal else 'Not under a goal'}**")
            out.append("")
            for tactic in tactics:
                facts = [tactic.status]
                if tactic.owner:
                    facts.append(tactic.owner)
                if tactic.due is not None:
                    facts.append(f"due {tactic.due.isoformat()}")
                out.append(f"- {md(tactic.text)} ({md(', '.join(facts))})")
            out.append("")
        out.pop()

    if workbook.risks:
        section("Risks")
        out += _risks_markdown(workbook)

    warnings = len(check_workbook(workbook, date.today()))
    note = f" {counted(warnings, 'goal quality warning')}: `stratbook check FILE` lists them." if warnings else ""
    out += ["", "---", "", f"Made with Stratbook.{note}"]
    return "\n".join(out) + "\n"


def _risk_rows(workbook: Workbook) -> list[tuple[Risk, list[str]]]:
    """Each risk, highest score first, with its cells as plain text: score, risk, owner,
    treatment, response, next review, status."""
    today = date.today()
    return [(risk, [f"{risk.score} ({risk.impact} x {risk.likelihood})", risk.text, risk.owner,
                    risk.treatment or "-", risk.response, review_words(risk, today), risk.status])
            for risk in ranked_risks(workbook.risks)]


_RISK_HEADINGS = ("Score", "Risk", "Owner", "Treatment", "Response", "Next review", "Status")
_RISK_USER_CELLS = (1, 2, 4)
"""The cells of user text (risk, owner, response): escaped for Markdown."""


def _risks_markdown(workbook: Workbook) -> list[str]:
    out = ["Score is impact x likelihood, 1 to 5 each; highest first.", "",
           "| " + " | ".join(_RISK_HEADINGS) + " |", "|" + " --- |" * len(_RISK_HEADINGS)]
    for _, cells in _risk_rows(workbook):
        # Score, treatment, review and status are ours (numbers, dates, fixed words): as they are.
        out.append("| " + " | ".join(md(cell) if index in _RISK_USER_CELLS else cell
                                     for index, cell in enumerate(cells)) + " |")
    return out


def _forces_and_ansoff_markdown(workbook: Workbook) -> list[str]:
    """`## Five forces` and `## Ansoff matrix`, each a table (nothing for a workbook without them)."""
    out: list[str] = []
    forces = workbook.forces.forces
    if has_forces(workbook):
        out += ["", "## Five forces", "", "How hard each force presses on us, from 1 (weak) to 5 (intense); "
                "what drives it, weighed 1 to 5.", "", "| Force | Rating | What drives it | Notes |",
                "| --- | --- | --- | --- |"]
        for name in FORCES:
            force = forces[name]
            items = "; ".join(f"{md(i.text)} ({i.weight}/5)" for i in force.items)
            out.append(f"| {FORCE_TITLES[name]} | {rating_words(force.rating)} [{rating_bar(force.rating)}] "
                       f"| {items} | {md(force.notes)} |")
    if workbook.ansoff:
        out += ["", "## Ansoff matrix", "", "Ways to grow: products (existing or new) by markets (existing or "
                "new); risk from 1 (low) to 5 (very high).", "", "| Quadrant | Option | Risk |", "| --- | --- | --- |"]
        for name, options in options_by_quadrant(workbook.ansoff).items():
            for option in options:
                title = ANSOFF_TITLES.get(name, md(name))
                out.append(f"| {title} ({ANSOFF_AXES.get(name, '')}) | {md(option.text)} "
                           f"| {option.risk} {RISK_WORDS.get(option.risk, '')} |")
    return out


def _forces_and_ansoff_html(workbook: Workbook) -> list[str]:
    """The five-forces picture and table, the Ansoff 2x2 and its table, for the board pack."""
    body: list[str] = []
    forces = workbook.forces.forces
    if has_forces(workbook):
        def row(name: str) -> str:
            force = forces[name]
            items = _list_html(f'{_e(i.text)} <span class="w">weight {i.weight}/5</span>' for i in force.items)
            return (f'<tr><td>{FORCE_TITLES[name]}</td><td class="w">{rating_words(force.rating)}</td>'
                    f"<td>{items}</td><td>{_e(force.notes)}</td></tr>")

        rows = "".join(row(name) for name in FORCES)
        body.append("<h2>Five forces</h2><p>How hard each force presses on us, from 1 (weak) to 5 (intense).</p>"
                    f"<figure>{forces_svg(workbook.forces)}</figure><table><tr><th>Force</th><th>Rating</th>"
                    f"<th>What drives it</th><th>Notes</th></tr>{rows}</table>")
    if workbook.ansoff:
        rows = "".join(
            f"<tr><td>{_e(ANSOFF_TITLES.get(name, name))}</td><td>{_e(option.text)}</td>"
            f'<td class="w">{option.risk} {RISK_WORDS.get(option.risk, "")}</td></tr>'
            for name, options in options_by_quadrant(workbook.ansoff).items() for option in options)
        body.append("<h2>Ansoff matrix</h2><p>Ways to grow: products by markets; risk from 1 (low) to 5 "
                    f"(very high).</p><figure>{ansoff_svg(workbook.ansoff)}</figure><table><tr><th>Quadrant</th>"
                    f"<th>Option</th><th>Risk</th></tr>{rows}</table>")
    return body


# -- HTML --------------------------------------------------------------------------------------

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1b1b1b; line-height: 1.45; overflow-wrap: anywhere; }
h1 { margin-bottom: 0.2rem; } .sub { color: #555; margin-top: 0; }
h2 { border-bottom: 2px solid #ccc; padding-bottom: 0.2rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #ccc; padding: 0.4rem 0.6rem; vertical-align: top; text-align: left; }
.swot td { width: 50%; } .swot ul { margin: 0; padding-left: 1.2rem; }
.w { color: #666; font-size: 0.85em; white-space: nowrap; }
svg { max-width: 100%; height: auto; } svg.bar { vertical-align: middle; }
figure { margin: 1rem 0; page-break-inside: avoid; }
.goal { border-left: 4px solid #3a7d44; padding-left: 0.8rem; margin: 1rem 0; page-break-inside: avoid; }
.muted { color: #666; } .done { text-decoration: line-through; color: #666; }
@page { size: A4 portrait; margin: 15mm; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } h2 { page-break-after: avoid; }
               a { color: inherit; }
               h2 + p, h3 { break-after: avoid; page-break-after: avoid; }
               tr, li { break-inside: avoid; page-break-inside: avoid; } }
"""


def _e(text: Any) -> str:
    return html.escape(for_display(str(text), multiline=True), quote=True)


def _paragraphs_html(text: str) -> str:
    parts = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{_e(p)}</p>" for p in parts)


def _bar_html(fraction: float) -> str:
    return progress_svg(fraction)


def _list_html(items: Iterable[str], css: str = "") -> str:
    rows = "".join(f"<li>{item}</li>" for item in items)
    return f'<ul class="{css}">{rows}</ul>' if css else f"<ul>{rows}</ul>"


def _checkins_html(checkins: list[Checkin]) -> str:
    rows = "".join(f"<tr><td>{_e(c.date or '')}</td><td>{_e(number(c.value))}</td>"
                   f"<td>{_e(c.confidence if c.confidence is not None else '')}</td><td>{_e(c.by)}</td>"
                   f"<td>{_e(c.note)}</td></tr>" for c in reversed(checkins))
    return ("<table><tr><th>Date</th><th>Value</th><th>Confidence</th><th>By</th><th>Note</th></tr>"
            + rows + "</table>")


def to_html(workbook: Workbook) -> str:
    meta, vmv = workbook.meta, workbook.vmv
    title = meta.title or "Strategic plan"
    body: list[str] = [f"<h1>{_e(title)}</h1>"]
    subtitle = _subtitle(workbook)
    if subtitle:
        body.append(f'<p class="sub">{" | ".join(_e(p) for p in subtitle)}</p>')

    if vmv.vision.strip() or vmv.mission.strip() or vmv.values:
        body.append("<h2>Vision, mission and values</h2>")
        for label, text in (("Vision", vmv.vision), ("Mission", vmv.mission)):
            if text.strip():
                body.append(f"<h3>{label}</h3>{_paragraphs_html(text)}")
        if vmv.values:
            body.append("<h3>Values</h3><dl>" + "".join(
                f"<dt><strong>{_e(v.name)}</strong></dt><dd>{_e(v.description)}</dd>" for v in vmv.values) + "</dl>")

    swot = workbook.swot
    if any(getattr(swot, q) for q in QUADRANTS):
        def cell(name: str) -> str:
            items = getattr(swot, name)
            listed = _list_html(f'{_e(i.text)} <span class="w">weight {i.weight}/5</span>' for i in items)
            return f"<td><h3>{name.capitalize()} ({len(items)})</h3>{listed}</td>"

        body.append(f"<h2>SWOT</h2><figure>{swot_svg(swot)}</figure>" '<table class="swot">'
                    f"<tr>{cell('strengths')}{cell('weaknesses')}</tr>"
                    f"<tr>{cell('opportunities')}{cell('threats')}</tr></table>")

    if workbook.strategies:
        body.append("<h2>TOWS strategies</h2>")
        for kind in STRATEGY_KINDS:
            strategies = [s for s in workbook.strategies if s.kind == kind]
            if strategies:
                body.append(f"<h3>{_e(KIND_TITLES[kind])}</h3>" + _list_html(_e(s.text) for s in strategies))

    pestle = workbook.pestle.factors
    if any(f.items or f.reviewed or f.notes for f in pestle.values()):
        reviewed = sum(1 for f in pestle.values() if f.reviewed)
        rows = []
        for name in PESTLE_FACTORS:
            factor = pestle[name]
            state = "reviewed" if factor.reviewed else "not reviewed yet"
            notes = f'<p class="muted">{_e(factor.notes)}</p>' if factor.notes.strip() else ""
            rows.append(f'<tr><th colspan="4">{name.capitalize()} <span class="w">{state}</span>{notes}</th></tr>')
            for item in factor.items:
                mark = "&#10003;" if item.checked else ""
                rows.append(f"<td>{mark}</td><td>{_e(item.text)}</td><td>{_e(item.effect)}</td>"
                            f'<td class="w">{item.impact} x {item.likelihood} = {item.score}</td>')
                rows[-1] = f"<tr>{rows[-1]}</tr>"
        body.append(f"<h2>PESTLE</h2><p>{reviewed} of 6 factors reviewed; impact x likelihood, 1 to 5 each.</p>"
                    f"<figure>{pestle_svg(workbook.pestle)}</figure><table><tr><th>Settled</th><th>Factor</th><th>Effect</th><th>Score</th></tr>"
                    + "".join(rows) + "</table>")

    body += _forces_and_ansoff_html(workbook)

    if workbook.goals:
        body.append("<h2>Goals</h2>")
        strategy_map = strategy_map_svg(workbook.goals)
        if strategy_map is not None:
            body.append(f'<p>The strategy map: the goals by balanced-scorecard perspective; an arrow runs from '
                        f'a goal to the goal it serves (cause to effect).</p><figure>{strategy_map}</figure>')
        titles = {goal.id: goal.title or "(untitled goal)" for goal in workbook.goals}
        children = children_map(workbook.goals)
        today = date.today()
        for goal in workbook.goals:
            parts = [f'<div class="goal"><h3>{_e(goal.title or "(untitled goal)")}</h3>',
                     f"<p>{_bar_html(goal_progress(goal)) if has_measure(goal) else NO_MEASURE} &middot; "
                     f"{_e(_goal_facts(goal))}"
                     + (f" &middot; {_e(standing)}" if (standing := standing_words(goal, workbook, today)) else "")
                     + "</p>"]
            aligned = [f"Serves: {titles[goal.parent]}" if goal.parent in titles else "",
                       rollup_text(goal, children) or ""]
            if any(aligned):
                parts.append(f"<p>{'. '.join(_e(line) for line in aligned if line)}</p>")
            if goal.measure is not None and goal.framework != "okr":
                m = goal.measure
                parts.append(f"<p>Measure: {_e(m.metric)}, "
                             f"{_e(measure_line(m.baseline, m.current, m.target, m.unit))}</p>")
                if goal.checkins:
                    parts.append(f"<p>{_e(trend_line(goal.checkins, m.unit))}</p>" + _checkins_html(goal.checkins))
            if goal.key_results:
                parts.append("<p>Key results:</p>" + _list_html(
                    f"{_bar_html(progress_of(kr))} {_e(kr.text)} "
                    f'<span class="w">{_e(measure_line(kr.baseline, kr.current, kr.target, kr.unit))}</span>'
                    + (f"<br>{_e(trend_line(kr.checkins, kr.unit))}{_checkins_html(kr.checkins)}" if kr.checkins else "")
                    for kr in goal.key_results))
            if goal.milestones:
                parts.append("<p>Milestones:</p>" + _list_html(
                    f'<span class="{"done" if ms.done else ""}">{_e(ms.due or "no date")}: {_e(ms.text)}</span>'
                    for ms in goal.milestones))
            parts.append("</div>")
            body.append("".join(parts))

    picture = roadmap_svg(workbook.goals, workbook.tactics, date.today())
    if picture is not None:
        body.append(f"<h2>Roadmap</h2><figure>{picture}</figure><p class=\"muted\">Bars run from start to due, "
                    "filled as far as the progress; diamonds are milestones, dots tactics (hollow when done), "
                    "red with ! overdue; the dashed line is today.</p>")

    groups = _tactics_by_goal(workbook)
    if groups:
        body.append("<h2>Tactics</h2>")
        for goal, tactics in groups:
            heading = _e(goal.title) if goal else "Not under a goal"
            body.append(f"<h3>{heading}</h3>" + _list_html(
                f"{_e(t.text)} "
                f'<span class="w">{_e(", ".join(x for x in (t.status, t.owner, t.due and f"due {t.due}") if x))}'
                "</span>" for t in tactics))

    if workbook.risks:
        rows = "".join("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in cells) + "</tr>"
                       for _, cells in _risk_rows(workbook))
        body.append("<h2>Risks</h2><p>Score is impact x likelihood, 1 to 5 each; the map counts the open "
                    f"risks.</p><figure>{risks_svg(workbook.risks)}</figure><table><tr>"
                    + "".join(f"<th>{heading}</th>" for heading in _RISK_HEADINGS) + "</tr>" + rows + "</table>")

    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + '\n<p class="muted">Made with Stratbook.</p>\n</body>\n</html>\n')
