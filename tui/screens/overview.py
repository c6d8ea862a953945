"""The Overview: the whole plan on one screen, each line a way into its section.

One list, so it scrolls at 80x24 and every line takes enter: the title (enter
edits the workbook's title, organisation and authors) and the direction (vision, mission, values), the SWOT counts with the two heaviest
items of each quadrant, PESTLE coverage and its top threats, the forces, the risk register (its
top risks and the reviews due), every goal with its
progress (overdue first), tactics that are overdue or blocked, and the goal
quality warnings. Conflicts left by `stratbook merge` are at the top.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.glyphs import glyphs
from tui.keymap import key_in_effect
from tui.modals.dialog import BOX, FOOT, TITLE, Dialog
from tui.model.checkins import AT_RISK, due_targets, goal_standing, status_symbol
from tui.model.checks import check_workbook
from tui.model.edits import Edit, touched_containers
from tui.model.forces import FORCE_TITLES, pressing_forces, rated_count, rating_words
from tui.model.pestle import GUIDES as PESTLE_GUIDES
from tui.model.progress import NO_MEASURE, goal_progress, has_measure
from tui.model.risks import review_state, review_words, reviews_due, top_risks
from tui.model.text import counted, for_display, one_line, rating_dots
from tui.model.workbook import (NESTED_LISTS, PESTLE_FACTORS, QUADRANTS, AnsoffOption, ForceItem, Goal, PestleItem,
                                Risk, Strategy, SwotItem, Tactic, Value, Workbook)
from tui.screens.base import SectionScreen
from tui.widgets.safe import score_style
from tui.widgets.lines import LazyOptionList, MarkedOptionList
from tui.widgets.reading import ReadingView

LABEL_WIDTH = 9
QUADRANT_LETTER = {"strengths": "S", "weaknesses": "W", "opportunities": "O", "threats": "T"}
OVERVIEW_CHECKINS = 8
"""At most this many goals at risk, and check-ins due, are listed (F5 walks them all)."""
GOAL_ORDER = {"active": 0, "draft": 1, "achieved": 2, "missed": 3, "dropped": 4}
NAMES_SHOWN = 200
"""Characters of value names the VALUES line holds, as the VISION line holds 200 of the vision:
ten thousand values are not joined into one line to show eighty characters of it, and a line
of thousands of characters is measured again each time the screen is drawn."""


def today() -> date:
    """Today's date; tests fix it."""
    return date.today()


def bar(fraction: float, width: int = 8) -> str:
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return glyphs.bar_done * filled + glyphs.bar_todo * (width - filled)


class Line:
    """One line of the overview and where enter takes you.

    Its text may be given as a function, called when the line is first shown: the overview
    lists every goal and every late tactic, thousands of lines of which a screen shows twenty."""

    __slots__ = ("_content", "mode", "item_id", "action")

    def __init__(self, content: Content | Callable[[], Content], mode: str = "", item_id: str = "",
                 action: str = "") -> None:
        self._content = content
        self.mode = mode
        self.item_id = item_id
        self.action = action
        """An action of the screen instead of a jump (e.g. `warnings`)."""

    @property
    def content(self) -> Content:
        if not isinstance(self._content, Content):
            self._content = self._content()
        return self._content


def _label(text: str) -> Content:
    return Content.styled(f"{text:<{LABEL_WIDTH}}", "bold $accent")


def _head(label: str, *parts: str | tuple[str, str]) -> Content:
    return Content.assemble(_label(label), *parts)


def _overdue(due: date | None, on: date) -> bool:
    return due is not None and due < on


BLOCKS = ("head", "direction", "swot", "pestle", "forces", "risks", "plan")
"""The overview's parts, in order; an edit makes again only the parts that show what it changed."""


def overview_lines(workbook: Workbook, on: date, conflicts: int = 0) -> list[Line]:
    """Every line of the overview, in order. Pure: no widgets, easy to test."""
    return [line for block in BLOCKS for line in block_lines(block, workbook, on, conflicts)]


def block_lines(block: str, workbook: Workbook, on: date, conflicts: int = 0) -> list[Line]:
    """The lines of one part of the overview (one of `BLOCKS`)."""
    return _BLOCK_LINES[block](workbook, on, conflicts)


def blocks_touched(workbook: Workbook, touched: set[str] | None) -> set[str] | None:
    """The parts of the overview that show what an edit changed (`touched_containers`); None when
    that is not known (then every part is made again)."""
    if touched is None:
        return None
    blocks: set[str] = set()
    for name in touched:
        block = _block_of(workbook, name)
        if block is None:
            return None
        blocks.add(block)
    return blocks


_BLOCK_OF_ITEM = {Value: "direction", SwotItem: "swot", Strategy: "swot", PestleItem: "pestle",
                  ForceItem: "forces", AnsoffOption: "forces", Risk: "risks"}


def _block_of(workbook: Workbook, name: str) -> str | None:
    """The part of the overview that shows the list or object `name` (a container or a ref)."""
    if name == "meta":
        return "head"
    if name in ("vmv", "vmv.values"):
        return "direction"
    if name.startswith("swot.") or name == "strategies":
        return "swot"
    if name.startswith("pestle."):
        return "pestle"
    if name.startswith("forces.") or name == "ansoff":
        return "forces"
    if name == "risks":
        return "risks"
    if name in ("goals", "tactics") or name.startswith("measure:") or name.partition(".")[2] in NESTED_LISTS:
        return "plan"
    item = workbook.find(name)
    if item is None:
        return None  # not an item: who knows what changed
    return _BLOCK_OF_ITEM.get(type(item), "plan")  # goals, key results, milestones, check-ins, tactics


def _head_lines(workbook: Workbook, on: date, conflicts: int) -> list[Line]:
    meta = workbook.meta
    lines: list[Line] = []
    add = lines.append
    who = glyphs.sep_text.join(p for p in (meta.organisation, ", ".join(meta.authors)) if p)
    add(Line(Content.assemble((one_line(meta.title or "Untitled workbook"), "bold"),
                              ("  " + one_line(who) if who else "", "$text-muted"),
                              ("" if meta.title else "  enter: give it a title", "$text-muted italic")),
             action="details"))
    if conflicts:
        add(Line(Content.styled(f" {counted(conflicts, 'merge conflict')} to resolve: enter lists them ",
                                "bold $warning reverse"), action="conflicts"))
    return lines


def _direction_lines(workbook: Workbook, on: date, conflicts: int) -> list[Line]:
    vmv = workbook.vmv
    lines: list[Line] = []
    add = lines.append
    for name in ("vision", "mission"):
        text = " ".join(getattr(vmv, name)[:400].split())  # the line shows 200: a 5 MB text is not split
        shown = Content(one_line(text, 200)) if text else Content.styled("not written yet", "$text-muted italic")
        add(Line(Content.assemble(_label(name.upper()), shown), "vmv", name))
    # Only the names that fit a line are made (ten thousand values make one line too).
    names = ""
    for value in vmv.values:
        names += (glyphs.sep_text if names else "") + one_line(value.name or "(unnamed)", 30)
        if len(names) > NAMES_SHOWN:
            names = one_line(names, NAMES_SHOWN)
            break
    add(Line(_head("VALUES", names or ("none yet", "$text-muted italic")), "vmv", "values"))
    return lines


def _swot_lines(workbook: Workbook, on: date, conflicts: int) -> list[Line]:
    swot = workbook.swot
    lines: list[Line] = []
    add = lines.append
    counts = "  ".join(f"{len(getattr(swot, q))} {q}" for q in QUADRANTS)
    add(Line(_head("SWOT", counts), "swot"))
    for quadrant in QUADRANTS:
        heaviest = sorted(getattr(swot, quadrant), key=lambda item: -item.weight)[:2]
        for item in heaviest:
            add(Line(Content.assemble("  ", (QUADRANT_LETTER[quadrant], "bold"), " ",
                                      (rating_dots(item.weight), "$accent"), " ", one_line(item.text)),
                     "swot", item.id))
    if workbook.strategies:
        add(Line(_head("TOWS", counted(len(workbook.strategies), "strategy", "strategies")), "swot"))
    return lines


def _pestle_lines(workbook: Workbook, on: date, conflicts: int) -> list[Line]:
    lines: list[Line] = []
    add = lines.append
    factors = workbook.pestle.factors
    reviewed = sum(1 for f in factors.values() if f.reviewed)
    items = [(name, item) for name in PESTLE_FACTORS for item in factors[name].items]
    checked = sum(1 for _, item in items if item.checked)
    add(Line(_head("PESTLE", f"{reviewed} of 6 factors reviewed{glyphs.sep_text}{checked} of {counted(len(items), 'item')} checked"),
             "pestle"))
    risks = sorted((pair for pair in items if pair[1].effect == "threat"), key=lambda pair: -pair[1].score)[:3]
    for factor, item in risks:
        add(Line(Content.assemble("  ", (f"threat {item.score:>2}", "$error"), " ",
                                  (f"{PESTLE_GUIDES[factor].short:<4}", "$text-muted"), one_line(item.text)),
                 "pestle", item.id))
    return lines


def _forces_lines(workbook: Workbook, on: date, conflicts: int) -> list[Line]:
    """How many forces are rated, those that press hard (4 or 5), and how many Ansoff options."""
    pressing = pressing_forces(workbook)
    options = counted(len(workbook.ansoff), "Ansoff option")
    lines = [Line(_head("FORCES", f"{rated_count(workbook)} of 5 rated{glyphs.sep_text}{len(pressing)} pressing hard"
                        f"{glyphs.sep_text}{options}"), "forces")]
    for force in pressing:
        items = workbook.forces.forces[force.name].items
        lines.append(Line(Content.assemble("  ", (rating_dots(force.rating), "$error"), " ",
                                           (FORCE_TITLES[force.name], "bold"), f" {rating_words(force.rating)}",
                                           (f"{glyphs.sep_text}{counted(len(items), 'item')}", "$text-muted")),
                          "forces", items[0].id if items else ""))
    return lines


TOP_RISKS = 3
"""The open risks with the highest scores that the Overview lists."""


def _risk_lines(workbook: Workbook, on: date, conflicts: int) -> list[Line]:
    """The register in a few lines: its counts, the top open risks, and the reviews due."""
    lines: list[Line] = []
    add = lines.append
    risks = workbook.risks
    if not risks:
        add(Line(_head("RISKS", ("none yet: R on a PESTLE item or SWOT threat adds one", "$text-muted italic")),
                 "risks"))
        return lines
    due = reviews_due(workbook, on)
    still_open = sum(1 for r in risks if r.status == "open")
    summary = f"{len(risks)}: {still_open} open"
    add(Line(_head("RISKS", summary, (f"{glyphs.sep_text}{counted(len(due), 'review')} due" if due else "",
                                      "bold $error")), "risks"))
    top = top_risks(workbook, TOP_RISKS)
    for risk in top:
        due_note = f"{review_words(risk, on)}  " if review_state(risk, on) else ""
        add(Line(Content.assemble("  ", (f"score {risk.score:>2}", score_style(risk.score) or "bold"), "  ",
                                  (due_note, "bold $error"), one_line(risk.text or "(no text)")), "risks", risk.id))
    listed = {id(risk) for risk in top}
    shown_due = [risk for risk in due if id(risk) not in listed]
    for risk in shown_due[:OVERVIEW_CHECKINS]:
        add(Line(Content.assemble("  ", (review_words(risk, on), "bold $error"), "  ",
                                  one_line(risk.text or "(no text)")), "risks", risk.id))
    if len(shown_due) > OVERVIEW_CHECKINS:
        add(Line(Content.styled(f"  ... and {len(shown_due) - OVERVIEW_CHECKINS:,} more reviews due: "
                                "8, then / shows them", "$text-muted"), "risks"))
    return lines


def _plan_lines(workbook: Workbook, on: date, conflicts: int) -> list[Line]:
    """Goals, check-ins, tactics and the goals' quality: the lines of goals and tactics are drawn
    when shown (there may be thousands), the counts are made here."""
    lines: list[Line] = []
    add = lines.append
    goals = workbook.goals
    overdue = [g for g in goals if g.status == "active" and _overdue(g.due, on)]
    status_counts: dict[str, int] = {}
    for goal in goals:
        status_counts[goal.status] = status_counts.get(goal.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(status_counts.items(), key=lambda p: GOAL_ORDER.get(p[0], 9)))
    if overdue:
        summary += f"{glyphs.sep_text}{len(overdue)} overdue"
    # Each active goal's standing reads its own check-ins only: linear in the workbook.
    at_risk = [g for g in goals if g.status == "active" and has_measure(g)
               and goal_standing(g, on, workbook, with_forecast=False).status == AT_RISK]
    due = due_targets(workbook, on)
    if at_risk:
        summary += f"{glyphs.sep_text}{len(at_risk)} at risk"
    add(Line(_head("GOALS", f"{len(goals)}: {summary}" if goals else ("none yet", "$text-muted italic")), "goals"))
    # Membership by identity: a dataclass's `==` compares every field, and goals are many.
    overdue_ids = {id(g) for g in overdue}
    ordered = overdue + sorted((g for g in goals if id(g) not in overdue_ids),
                               key=lambda g: (GOAL_ORDER.get(g.status, 9), g.due or date.max))
    for goal in ordered:
        add(Line(partial(_goal_line, goal, id(goal) in overdue_ids), "goals", goal.id))

    # -- check-ins: what the review session (F5) walks, and the goals at risk
    if goals:
        add(Line(_head("PACE", (f"{counted(len(due), 'check-in')} due, {counted(len(at_risk), 'goal')} at risk: {key_in_effect('app.review')} reviews them"
                                if due or at_risk else "no check-in due, no goal at risk")), "goals"))
    for goal in at_risk[:OVERVIEW_CHECKINS]:
        add(Line(Content.assemble("  ", (f"{status_symbol(AT_RISK)} at risk", "bold $error"), "  ",
                                  one_line(goal.title or "(untitled goal)")), "goals", goal.id))
    for target in due[:OVERVIEW_CHECKINS]:
        add(Line(Content.assemble("  ", (f"{glyphs.stale} due    ", "$warning"), "  ",
                                  one_line(target.title or "(untitled)")), "goals", target.goal.id))
    hidden = max(0, len(due) - OVERVIEW_CHECKINS) + max(0, len(at_risk) - OVERVIEW_CHECKINS)
    if hidden:
        add(Line(Content.styled(f"  ... and {hidden:,} more: {key_in_effect('app.review')} walks them all", "$text-muted"), "goals"))

    # -- tactics
    tactics = workbook.tactics
    late = sorted((t for t in tactics if t.status != "done" and _overdue(t.due, on)), key=lambda t: t.due)
    late_ids = {id(t) for t in late}
    blocked = [t for t in tactics if t.status == "blocked" and id(t) not in late_ids]
    add(Line(_head("TACTICS", f"{len(tactics)}: {len(late)} overdue, {len(blocked)} blocked"), "tactics"))
    for tactic in late:
        add(Line(partial(_tactic_line, tactic, "overdue"), "tactics", tactic.id))
    for tactic in blocked:
        add(Line(partial(_tactic_line, tactic, "blocked"), "tactics", tactic.id))

    # -- quality
    findings = len(check_workbook(workbook, on))
    text = f"{counted(findings, 'warning')} on goals: w lists them" if findings else "no warnings on goals"
    add(Line(_head("QUALITY", (text, "$warning" if findings else "$success")),
             action="warnings" if findings else "", mode="goals"))
    return lines


_BLOCK_LINES: dict[str, Callable[[Workbook, date, int], list[Line]]] = {
    "head": _head_lines, "direction": _direction_lines, "swot": _swot_lines, "pestle": _pestle_lines,
    "forces": _forces_lines, "risks": _risk_lines, "plan": _plan_lines}


def _tactic_line(tactic: Tactic, state: str) -> Content:
    when = tactic.due.isoformat() if tactic.due else "no date"
    return Content.assemble("  ", (f"{state:<8}", "$error" if state == "overdue" else "$warning"),
                            f"{when}  ", one_line(tactic.text))


def _goal_line(goal: Goal, overdue: bool) -> Content:
    progress = goal_progress(goal)
    due = goal.due.isoformat() if goal.due else "no date   "
    status = ("OVERDUE ", "bold $error") if overdue else (f"{goal.status:<8}", "$text-muted")
    shown = [(bar(progress), "$success"), f" {progress:>4.0%} "] if has_measure(goal) else [
        (f"{NO_MEASURE:<14}", "$text-muted")]  # as wide as the bar and the percentage
    return Content.assemble("  ", *shown, status, f"  {due}  ", one_line(goal.title or "(untitled goal)"))


READING_LIMIT = 10_000
"""The most characters of one text the reading screen shows (a few pages): it lays out all it
shows, and a 5 MB vision would freeze it."""


VALUES_SHOWN = 200
"""The most values the reading screen lists: it lays out everything it shows (10,000 values took
5 s), and a few pages is what reading asks for; the Vision section lists them all."""


def _readable(text: str) -> tuple[str, tuple[str, str]]:
    more = len(text) - READING_LIMIT
    note = (f"\n... and {more:,} more characters: {key_in_effect('app.editor')} in the Vision section edits it all"
            if more > 0 else "")
    return for_display(text[:READING_LIMIT], multiline=True), (note, "$text-muted italic")


class OverviewList(LazyOptionList):
    """The overview's lines, each drawn when shown; enter jumps to the section of the highlighted line."""

    BINDINGS = [
        Binding("v", "screen.direction", "Full vision", id="overview.direction",
                tooltip="Read the vision, mission and values in full"),
        Binding("w", "screen.warnings", "Warnings", id="overview.warnings",
                tooltip="List the goal quality warnings; enter goes to the goal"),
        Binding("c", "screen.compare", "Compare", id="overview.compare",
                tooltip="Compare with another copy of the workbook (or resolve merge conflicts)"),
        Binding("j", "cursor_down", show=False, id="overview.cursor_down"),
        Binding("k", "cursor_up", show=False, id="overview.cursor_up"),
    ]


def _reading(workbook: Workbook) -> Content:
    """The vision, mission and values to read in full (`v`), made once per change."""
    vmv = workbook.vmv
    parts: list[str | tuple[str, str]] = []
    for name in ("vision", "mission"):
        parts += [(name.capitalize(), "bold $accent"), "\n",
                  *_readable(getattr(vmv, name).strip() or "not written yet"), "\n\n"]
    parts += [("Values", "bold $accent"), "\n"]
    for value in vmv.values[:VALUES_SHOWN]:
        parts += [(one_line(value.name), "bold"), "  ", *_readable(value.description), "\n"]
    if len(vmv.values) > VALUES_SHOWN:
        more = len(vmv.values) - VALUES_SHOWN
        parts.append((f"... and {more:,} more values: the Vision section (2) lists them all", "$text-muted italic"))
    return Content.assemble(*parts)


def _warning_lines(workbook: Workbook, day: date) -> tuple[list[str], Callable[[str], Content], list[str]]:
    """The goal quality warnings (`w`), made once per change and day: a line id for each (one goal
    can have several findings: ids by finding, not by goal), how a line is drawn, and the goal
    each line leads to."""
    findings = check_workbook(workbook, day)

    def line(number: str) -> Content:
        index, finding = findings[int(number)]
        return Content.assemble((one_line(workbook.goals[index].title or "(untitled goal)", 36), "bold"), "  ",
                                one_line(finding.message), ("  " + one_line(finding.check.hint), "$text-muted"))

    return [str(number) for number in range(len(findings))], line, [finding.goal_id for _, finding in findings]


class ReadingScreen(Dialog[None]):
    """Long text to read, scrollable; esc closes."""

    BINDINGS = [Binding("escape,q,v,enter", "close", "Close", id="reading.close")]

    def __init__(self, title: str, body: Content) -> None:
        super().__init__()
        self.reading_title = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(id="reading", classes=BOX):
            yield Static(Content(self.reading_title), id="reading-title", classes=TITLE)
            yield ReadingView(self.body, id="reading-body")
            yield Static(Content(f"{self.app.key_named('reading.close')}: close   arrows and page keys: scroll"),
                         id="reading-keys", classes=FOOT)

    def on_mount(self) -> None:
        self.query_one("#reading-body").focus()

    def shape(self) -> tuple:
        return (ReadingScreen,)

    def take(self, dialog: ReadingScreen) -> None:  # type: ignore[override]
        self.reading_title, self.body = dialog.reading_title, dialog.body
        self.query_one("#reading-title", Static).update(Content(self.reading_title))
        view = self.query_one("#reading-body", ReadingView)
        view.show(self.body)  # the same text (unchanged workbook) keeps its wrapped lines
        view.scroll_home(animate=False, immediate=True)
        view.focus()

    def action_close(self) -> None:
        self.dismiss(None)


class ChoiceList(Dialog[str | None]):
    """A list to pick one line from; dismisses with the line's id, or None on escape.

    Each line is drawn by `render(line id)` when shown: the list may hold thousands."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="choices.close")]

    def __init__(self, title: str, line_ids: list[str], render: Callable[[str], Content],
                 keys: str = "enter: go there   esc: close") -> None:
        super().__init__()
        self.list_title = title
        self.line_ids = line_ids
        self.draw_line = render
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="choices", classes=BOX):
            yield Static(Content(self.list_title), id="choices-title", classes=TITLE)
            yield LazyOptionList(self.draw_line, id="choices-list")
            yield Static(Content(self.keys), id="choices-keys", classes=FOOT)

    def on_mount(self) -> None:
        self.query_one("#choices-list", LazyOptionList).set_rows(self.line_ids)

    def shape(self) -> tuple:
        return ChoiceList, self.keys

    def take(self, dialog: ChoiceList) -> None:  # type: ignore[override]
        choices = self.query_one("#choices-list", LazyOptionList)
        if dialog.line_ids is not self.line_ids or dialog.draw_line is not self.draw_line:
            choices.clear_options()  # rows of the same id may draw differently now
            choices.render_row = dialog.draw_line
            choices.set_rows(dialog.line_ids)
        # else the same lines, drawn the same way (an unchanged workbook): kept, drawn already
        self.list_title, self.line_ids, self.draw_line = dialog.list_title, dialog.line_ids, dialog.draw_line
        self.query_one("#choices-title", Static).update(Content(self.list_title))
        choices.highlighted = 0 if self.line_ids else None
        choices.scroll_to(y=0, animate=False, immediate=True)
        choices.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)


LINE_REF = "line:"
"""A line of the overview, by number: where ctrl+o comes back to."""


class OverviewScreen(SectionScreen):
    SECTION = "overview"
    CSS_PATH = None
    """styles/overview.tcss is the app's own (StratbookApp.CSS_PATH): the app starts here."""
    GUIDE = (
        "The whole plan on one page. Every line leads to its section: move to it and press enter\n"
        "(on the first line, enter edits the workbook's title, organisation and authors).\n"
        "{keys[overview.direction]} reads the vision and mission in full, {keys[overview.warnings]} lists the goal quality warnings,\n"
        "{keys[overview.compare]} compares with another copy (one that came back by email) or resolves merge conflicts.\n"
        "Exports (Markdown for an email, HTML to print, JSON) are in the command palette (ctrl+p)."
    )

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[Line] = []
        self._blocks: dict[str, list[str]] = {}
        """The row ids of each part of the overview, in order."""
        self._rows: dict[str, Line] = {}
        """Each row's line, by row id: a part made again gets new row ids, the others keep
        theirs (and their drawn text)."""
        self._made = 0
        self._day: date | None = None

    def body(self) -> ComposeResult:
        yield OverviewList(self._draw_row, id="overview")

    def on_mount(self) -> None:
        # (SectionScreen.on_mount fills the list: Textual runs every class's on_mount.)
        self.query_one(OverviewList).focus()

    def _draw_row(self, row_id: str) -> Content:
        return self._rows[row_id].content

    def refresh_model(self, edit: Edit | None) -> None:
        # Only the parts that show what the edit changed are made again: an undo of the title
        # does not count ten thousand goals and tactics again.
        workbook = self.stratbook.workbook
        first = not self.lines
        on = today()
        blocks = blocks_touched(workbook, touched_containers(edit)) if on == self._day else None
        self._day = on
        for block in BLOCKS if blocks is None else [b for b in BLOCKS if b in blocks]:
            for row_id in self._blocks.get(block, ()):
                del self._rows[row_id]
            self._made += 1
            made = block_lines(block, workbook, on, self._conflicts() if block == "head" else 0)
            self._blocks[block] = row_ids = [f"{block}.{self._made}.{n}" for n in range(len(made))]
            self._rows.update(zip(row_ids, made))
        row_ids = [row_id for block in BLOCKS for row_id in self._blocks[block]]
        self.lines = [self._rows[row_id] for row_id in row_ids]
        view = self.query_one(OverviewList)
        view.set_rows(row_ids)
        if first and (conflicts := next((i for i, line in enumerate(self.lines) if line.action == "conflicts"),
                                        None)) is not None:
            view.highlighted = conflicts  # "N merge conflicts to resolve: enter lists them" is so at once

    def _conflicts(self) -> int:
        workbook = self.stratbook.workbook
        if not workbook.extra.get("conflicts"):  # only then is the merge module worth importing
            return 0
        from tui.store.merge import read_conflicts

        return sum(1 for c in read_conflicts(workbook) if c is not None)

    def cursor_ref(self) -> str | None:
        highlighted = self.query_one(OverviewList).highlighted
        return f"{LINE_REF}{highlighted}" if highlighted is not None else None

    def focus_item(self, item_id: str) -> bool:
        """A line of the overview by its place (`line:3`), as `cursor_ref` gave it."""
        number = item_id.removeprefix(LINE_REF)
        if not item_id.startswith(LINE_REF) or not number.isdigit() or not self.lines:
            return False
        view = self.query_one(OverviewList)
        view.highlighted = min(int(number), len(self.lines) - 1)
        view.focus()
        return True

    @on(OptionList.OptionSelected, "#overview")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        line = self.lines[event.option_index]
        if line.action:
            getattr(self, f"action_{line.action}")()
        elif line.item_id:
            self.stratbook.show_item(line.mode, line.item_id)
        elif line.mode:
            self.stratbook.action_section(line.mode)

    # -- keys --------------------------------------------------------------------------------
    def action_details(self) -> None:
        self.stratbook.action_edit_details()

    def action_direction(self) -> None:
        self.app.push_screen(ReadingScreen("Vision, mission and values", self.stratbook.derived(_reading)))

    def action_warnings(self) -> None:
        lines, draw, goal_ids = self.stratbook.derived(_warning_lines, today())
        if not lines:
            self.notify("No quality warnings on the goals.", markup=False)
            return

        def chosen(option_id: str | None) -> None:
            if option_id is not None:
                self.stratbook.show_item("goals", goal_ids[int(option_id)])

        self.app.push_screen(ChoiceList(f"Goal quality warnings ({len(lines)})", lines, draw), chosen)

    def action_compare(self) -> None:
        from tui.modals.compare import start_compare

        start_compare(self.stratbook)

    def action_conflicts(self) -> None:
        from tui.modals.compare import CompareScreen

        self.app.push_screen(CompareScreen(None, ""))

    def section_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        # Exports, compare and conflicts are app-wide commands (StratbookApp.get_system_commands).
        commands: list[tuple[str, str, Callable[[], object]]] = []
        commands.append(("Read the vision and mission in full", "Vision, mission and values, unabridged",
                         self.action_direction))
        commands.append(("List goal quality warnings", "Vague, unowned or undated goals", self.action_warnings))
        return commands
