"""Risks: the register. Every risk, highest impact x likelihood first (then the nearest review),
with its owner, treatment, next review and status; `v` shows the 5x5 heat map.

Keys come from the app's one keymap (tui/keymap.py): `a` adds a risk, `e` (or enter) edits,
`d` deletes, `s` opens or closes it, `/` filters, `g` goes to the PESTLE item or SWOT threat it
came from; `l` picks the goals and tactics that treat it, `+`/`-` and `>`/`<` rate it, `t`
changes its treatment. A PESTLE item or a SWOT threat becomes a risk with `R` there.
"""

from __future__ import annotations

import bisect
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import ContentSwitcher, Static

from tui.glyphs import glyphs
from tui.keymap import bind, clear_filter_key, mark_keys
from tui.model import dates
from tui.model.edits import Edit, Insert, Remove, RemoveAll, SetFields
from tui.model.pestle import clamp_rating
from tui.model.risks import (
    CONTAINER,
    REVIEW_MONTHS,
    RISK_FILTERS,
    RiskView,
    add_risk,
    cell_risks,
    grid_counts,
    link_candidates,
    new_risk,
    next_treatment,
    rank_key,
    register,
    review_state,
    review_words,
    source_words,
    toggle_status,
)
from tui.model.goals import owners
from tui.model.text import counted, one_line
from tui.model.workbook import RISK_STATUSES, RISK_TREATMENTS, Risk, Workbook
from tui.modals.form import Field, FormDialog
from tui.modals.goal_forms import date_check
from tui.modals.picker import PickerDialog, PickItem
from tui.modals.wizard_steps import merged_links
from tui.screens.base import SectionScreen
from tui.widgets.goal_table import Column, RowTable
from tui.widgets.matrix import ImpactMatrix
from tui.widgets.safe import score_style

LIST, MAP = "risks-list-view", "risks-map-view"
COLUMNS = [
    Column("score", "Score", 5, align="right"),
    Column("text", "Risk"),
    Column("owner", "Owner", 9, wide=18, hide=2),
    Column("treatment", "Treatment", 9, hide=1),
    Column("review", "Next review", 20),
    Column("status", "Status", 6),
]
CELL_COLUMNS = [COLUMNS[1], Column("owner", "Owner", 9, hide=1)]
"""The heat map's cell: its risks share one score."""
NO_TREATMENT = "(not decided)"


def _link_choices(workbook: Workbook) -> tuple[frozenset[str], list[PickItem]]:
    """The ids a risk may link, and the picker's rows for them (made once per change: see
    StratbookApp.derived)."""
    candidates = link_candidates(workbook)
    return (frozenset(item_id for item_id, _ in candidates),
            [PickItem(item_id, label.partition(": ")[2], group="Goals" if item_id.startswith("gol-") else "Tactics")
             for item_id, label in candidates])


def _heat_map(workbook: Workbook) -> tuple[tuple[tuple[int, ...], ...], dict[tuple[int, int], list[Risk]]]:
    """The heat map's counts, and the open risks of each cell (impact, likelihood) in file order
    (made once per change: see StratbookApp.derived; 10,000 risks were read on every `v`)."""
    open_risks = [r for r in workbook.risks if r.status == "open"]
    cells: dict[tuple[int, int], list[Risk]] = {}
    for risk in open_risks:
        cells.setdefault((risk.impact, risk.likelihood), []).append(risk)
    return tuple(tuple(row) for row in grid_counts(open_risks)), cells


class RiskTable(RowTable):
    """The register, one line per risk; keys act on the risk under the cursor."""
    FILTERED = True

    BINDINGS = [
        bind("add", "screen.add_risk", "risks", tooltip="A new risk: what could happen, who owns it, how likely"),
        bind("edit", "screen.edit_risk", "risks", also="enter",
             tooltip="Text, owner, impact, likelihood, treatment, response, review and status"),
        bind("delete", "screen.delete_risk", "risks"),
        bind("status", "screen.toggle_status", "risks", tooltip="Open or closed"),
        bind("filter", "screen.filter", "risks", tooltip="By words, status, or reviews due; esc clears it"),
        bind("go", "screen.goto_source", "risks", description="Source", show=False,
             tooltip="Go to the PESTLE item or SWOT threat it came from"),
        Binding("l", "screen.links", "Links", id="risks.links",
                tooltip="The goals and tactics that treat it (a list to tick)"),
        Binding("t", "screen.next_treatment", "Treatment", id="risks.treatment", show=False,
                tooltip="avoid, reduce, transfer, accept"),
        Binding("plus,equals_sign", "screen.rate('impact', 1)", "Impact up", id="risks.impact_up", show=False,
                tooltip="A bigger impact (1 to 5)"),
        Binding("minus", "screen.rate('impact', -1)", "Impact down", id="risks.impact_down", show=False,
                tooltip="A smaller impact"),
        Binding("greater_than_sign", "screen.rate('likelihood', 1)", "Likelier", id="risks.likelihood_up",
                show=False, tooltip="A higher likelihood (1 to 5)"),
        Binding("less_than_sign", "screen.rate('likelihood', -1)", "Less likely", id="risks.likelihood_down",
                show=False, tooltip="A lower likelihood"),
        *mark_keys("risks"),
    ]


class RiskCellTable(RowTable):
    """The risks of the heat map's cell under the cursor; enter shows one in the register."""
    BINDINGS = [
        Binding("enter", "screen.show_in_register", "In register", id="risks.cell.show",
                tooltip="Back to the register, on this risk"),
    ]


class RisksScreen(SectionScreen):
    SECTION = "risks"
    GUIDE = (
        "The risk register: what could go wrong, who owns it, how bad and how likely (score =\n"
        "impact x likelihood), what we do about it and when we look again. R on a PESTLE item or\n"
        "a SWOT threat adds it here; {keys[risks.links]} links the goals and tactics that treat a risk. {keys[risks.map]}: heat map.\n"
        "{keys[risks.mark]} marks risks ({keys[risks.mark_all]}: all shown, {keys[risks.unmark]}: none); then {keys[risks.delete]} and {keys[risks.status]} act on every marked risk at once."
    )
    BINDINGS = [
        Binding("v", "toggle_view", "Heat map", id="risks.map",
                tooltip="The 5x5 heat map of open risks: impact up, likelihood across"),
        Binding("v,escape", "leave_map", "Register", id="risks.leave_map", tooltip="Back to the register"),
        clear_filter_key("risks"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = RiskView()
        self._today = dates.today()
        self._counts: tuple[int, int] | None = None
        """(open risks, reviews due), counted when an edit could change them."""
        self._cell_shown: tuple | None = None
        """(revision, day, impact, likelihood) of the heat map's cell listed."""

    def body(self) -> ComposeResult:
        yield Static(id="risks-bar")
        with ContentSwitcher(initial=LIST, id="risks-views"):
            with Vertical(id=LIST):
                yield RiskTable(COLUMNS, self._render_row, id="risks-table",
                                empty=f"No risks yet: {self.stratbook.shown_key('risks.add')} adds one; R on a PESTLE "
                                "item or SWOT threat brings it here.")
                yield Static(id="risks-detail")
            with Horizontal(id=MAP):
                with Vertical(id="risks-matrix-column"):
                    yield Static(Content.styled(glyphs.sep_text.join(("arrows", "enter: its risks", "v: register")), "$text-muted"),
                                 id="risks-map-keys")
                    yield ImpactMatrix(on_cursor=self._cell_moved, id="risks-matrix")
                with Vertical(id="risks-cell"):
                    yield Static(id="risks-cell-title")
                    yield RiskCellTable(CELL_COLUMNS, self._render_row, id="risks-cell-list",
                                        empty="No open risk here.")

    def on_mount(self) -> None:
        # (SectionScreen.on_mount shows the workbook: Textual runs every class's on_mount.)
        self.table.focus()

    @property
    def table(self) -> RiskTable:
        return self.query_one("#risks-table", RiskTable)

    @property
    def map_shown(self) -> bool:
        return self.query_one("#risks-views", ContentSwitcher).current == MAP

    # -- showing the model ---------------------------------------------------------------
    def _render_row(self, key: str, risk: Risk) -> dict[str, Content]:
        closed = risk.status != "open"
        muted = "$text-muted" if closed else ""
        state = review_state(risk, self._today)
        review_style = {"overdue": "bold $error", "due": "bold $warning"}.get(state, muted)
        return {
            "score": Content.styled(str(risk.score), "$text-muted" if closed else score_style(risk.score)),
            "text": Content.styled(one_line(risk.text) or "(no text)", muted or ("" if risk.text else "italic")),
            "owner": Content(one_line(risk.owner)) if risk.owner.strip() else Content.styled("-", "$text-muted"),
            "treatment": Content.styled(risk.treatment or "-", muted),
            "review": Content.styled(review_words(risk, self._today), review_style),
            "status": Content.styled(risk.status, muted),
        }

    def refresh_model(self, edit: Edit | None) -> None:
        today = dates.today()
        # The counts are of open risks and reviews due: a rating moves a risk but counts nothing new.
        recount = today != self._today or not self._in_place(edit, ("status", "review"))
        self._today = today
        if self._in_place(edit, ("impact", "likelihood", "review")):
            self.table.refresh_rows([edit.ref])
        elif not self._moved_in_place(edit):
            shown = register(self.stratbook.workbook, self.view, self._today)
            cursor = edit.item.id if isinstance(edit, Insert) and edit.container == CONTAINER else None
            self.table.set_rows([(risk.id, risk) for risk in shown], cursor_key=cursor)
        if recount or self._counts is None:  # 10,000 risks are counted again only when it can change
            risks = self.stratbook.workbook.risks
            self._counts = (sum(1 for r in risks if r.status == "open"),
                            sum(1 for r in risks if review_state(r, self._today)))
        self._show_bar()
        self._show_detail()
        if self.map_shown:
            self._refresh_map()

    def _in_place(self, edit: Edit | None, moving: tuple[str, ...]) -> bool:
        """Whether `edit` changes fields of one shown risk, none of them `moving` (the fields that
        move it in the register or change the counts), while no filter could hide it."""
        if not isinstance(edit, SetFields) or not edit.ref.startswith("rsk-") or self.view.filtered:
            return False
        return not set(moving) & set(edit.changes) and self.table.index_of(edit.ref) is not None

    def _moved_in_place(self, edit: Edit | None) -> bool:
        """A shown risk rated again or given another review date (no filter on): its row goes to
        its new place in the register, the other 10,000 stay (a sort and a new list cost more than
        a key should). False when that is not what `edit` did."""
        if not self._in_place(edit, ()):
            return False
        table = self.table
        risk = table.rows[table.index_of(edit.ref)][1]
        table.remove_row(risk.id)
        key = rank_key(risk)
        at = bisect.bisect_right(table.rows, key, key=lambda row: rank_key(row[1]))
        table.insert_row(at, risk.id, risk)
        table.move_to(risk.id)
        return True

    def _show_bar(self) -> None:
        workbook = self.stratbook.workbook
        total = len(workbook.risks)
        shown = len(self.table.rows)
        still_open, due = self._counts or (0, 0)
        parts: list[Any] = [("Risks ", "bold"), f"{shown:,}" if shown == total else f"{shown:,} of {total:,}",
                            ("  open ", "$text-muted"), f"{still_open:,}"]
        if self.item_marks:
            parts += ["  ", (f"{len(self.item_marks):,} marked", "bold reverse"),
                      (f": {self.stratbook.shown_key('risks.delete', 'd')} {self.stratbook.shown_key('risks.status', 's')}"
                       f" act on them; {self.stratbook.shown_key('risks.unmark', 'U')} unmarks", "$text-muted")]
            self.query_one("#risks-bar", Static).update(Content.assemble(*parts), layout=False)
            return
        if due:
            parts.append((f"  ! {due:,} review{'s' if due != 1 else ''} due", "bold $error"))
        if self.view.show != "all":
            parts += [("  showing ", "$text-muted"), self.view.show]
        if self.view.needle:
            parts += [("  with ", "$text-muted"), one_line(self.view.needle, 20)]
        parts.append(("   v: heat map  l: links  /: filter" + (" (on; esc clears)" if self.view.filtered else ""),
                      "$text-muted"))
        self.query_one("#risks-bar", Static).update(Content.assemble(*parts), layout=False)

    def _show_detail(self) -> None:
        # The register's risk, also while the heat map is shown (an edit or undo there redraws
        # the detail, which is seen when the register is back): never the map cell's risk.
        payload = self.table.cursor_payload
        risk = payload if isinstance(payload, Risk) else None
        detail = self.query_one("#risks-detail", Static)
        if risk is None:
            detail.update(Content.styled(f"{self.stratbook.shown_key('risks.add')} adds a risk; R on a PESTLE item or SWOT threat adds it from there.",
                                         "$text-muted"), layout=False)
            return
        workbook = self.stratbook.workbook
        treated = [workbook.find(link) for link in risk.links]
        names = [one_line(getattr(item, "title", "") or getattr(item, "text", "") or "(untitled)", 40)
                 if item is not None else f"{link} (missing)" for link, item in zip(risk.links, treated)]
        lines = [
            Content.assemble(("Impact ", "bold"), str(risk.impact), (" x likelihood ", "bold"), str(risk.likelihood),
                             (" = ", "bold"), str(risk.score), ("   treatment ", "bold"), risk.treatment or NO_TREATMENT,
                             ("   owner ", "bold"), one_line(risk.owner) or ("-", "$text-muted")),
            Content.assemble(("Response ", "bold"), one_line(risk.response) or ("-", "$text-muted")),
            Content.assemble(("From ", "bold"), one_line(source_words(workbook, risk)) or ("-", "$text-muted")),
            Content.assemble(("Treated by ", "bold"), "; ".join(names) if names else ("nothing yet: l links goals "
                                                                                       "and tactics", "$text-muted")),
        ]
        detail.update(Content("\n").join(lines), layout=False)  # fixed sizes (risks.tcss): nothing to lay out

    def show_marks(self) -> None:
        self._show_bar()

    def marked_risks(self) -> list[Risk]:
        """The marked risks, in file order."""
        return self.marked_in(self.stratbook.workbook.risks)

    def _hidden_note(self, risks: list[Risk]) -> str:
        return self.hidden_note(risks, lambda risk: self.table.index_of(risk.id) is not None)

    @on(RowTable.Highlighted, "#risks-table")
    def _cursor_moved(self, event: RowTable.Highlighted) -> None:
        self._show_detail()

    # -- what is under the cursor -----------------------------------------------------------
    def current_risk(self) -> Risk | None:
        table = self.query_one("#risks-cell-list", RiskCellTable) if self.map_shown else self.table
        payload = table.cursor_payload
        return payload if isinstance(payload, Risk) else None

    def cursor_ref(self) -> str | None:
        risk = self.current_risk()
        return risk.id if risk is not None else None

    def focus_item(self, item_id: str) -> bool:
        if not any(risk.id == item_id for risk in self.stratbook.workbook.risks):
            return False
        if self.map_shown:
            self.query_one("#risks-views", ContentSwitcher).current = LIST
            self.refresh_bindings()
        if self.table.index_of(item_id) is None and self.view.filtered:
            self.view = RiskView()
            self.refresh_model(None)
        self.table.move_to(item_id)
        self.table.focus()
        return True

    # -- the heat map -----------------------------------------------------------------------
    def _refresh_map(self) -> None:
        matrix = self.query_one("#risks-matrix", ImpactMatrix)
        matrix.counts = self.stratbook.derived(_heat_map)[0]
        self._show_cell(*matrix.cursor)

    def _show_cell(self, impact: int, likelihood: int) -> None:
        risks = cell_risks(self.stratbook.derived(_heat_map)[1].get((impact, likelihood), ()), impact, likelihood)
        cell_list = self.query_one("#risks-cell-list", RiskCellTable)
        shown = (self.stratbook.revision, self._today, impact, likelihood)
        if shown != self._cell_shown:  # the same cell of the same workbook keeps its drawn rows
            self._cell_shown = shown
            cell_list.set_rows([(risk.id, risk) for risk in risks])
        cell_list.can_focus = bool(risks)  # tab must not stop on an empty list
        if not risks and self.focused is cell_list:
            self.query_one("#risks-matrix", ImpactMatrix).focus()
        self.query_one("#risks-cell-title", Static).update(Content.assemble(
            (f"{impact} x {likelihood} = {impact * likelihood}", "bold"), f": {counted(len(risks), 'open risk')}"), layout=False)

    def _cell_moved(self, impact: int, likelihood: int) -> None:
        if self.map_shown:
            self._show_cell(impact, likelihood)

    @on(ImpactMatrix.CellChosen, "#risks-matrix")
    def _cell_chosen(self, event: ImpactMatrix.CellChosen) -> None:
        cell_list = self.query_one("#risks-cell-list", RiskCellTable)
        if cell_list.rows:
            cell_list.focus()

    def action_toggle_view(self) -> None:
        switcher = self.query_one("#risks-views", ContentSwitcher)
        if self.map_shown:
            switcher.current = LIST
            self.table.focus()
        else:
            risk = self.current_risk()
            switcher.current = MAP
            matrix = self.query_one("#risks-matrix", ImpactMatrix)
            if risk is None or risk.status != "open":  # the top open risk's cell
                risk = min((r for r in self.stratbook.workbook.risks if r.status == "open"), default=None,
                           key=rank_key)
            chosen = risk
            if chosen is not None:  # the cell of the risk under the cursor, or of the top one
                matrix.cursor = (chosen.impact, chosen.likelihood)
            self._refresh_map()
            matrix.focus()
        self.refresh_bindings()

    def action_leave_map(self) -> None:
        if self.map_shown:
            self.action_toggle_view()

    def action_show_in_register(self) -> None:
        risk = self.current_risk()
        if risk is not None:
            self.focus_item(risk.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_map":
            return self.map_shown
        if action == "toggle_view":
            return not self.map_shown
        if action == "clear_filter":
            return not self.map_shown and super().check_action(action, parameters)
        return True

    # -- keys --------------------------------------------------------------------------------
    def _form(self, title: str, risk: Risk | None) -> FormDialog:
        people = self.stratbook.derived(owners)
        known = ", ".join(people[:5]) + (", ..." if len(people) > 5 else "")
        # A new risk's first review is prefilled; an existing one keeps what it has (or none).
        review = f"+{REVIEW_MONTHS}m" if risk is None else risk.review.isoformat() if risk.review else ""
        return FormDialog(title, [
            Field("text", "What could happen", value=risk.text if risk else "", required=True,
                  hint="The event and its effect, e.g. 'Key supplier fails: the line stops for weeks'."),
            Field("owner", "Owner", value=risk.owner if risk else "",
                  suggester=SuggestFromList(people, case_sensitive=False),
                  hint=f"The one person who watches it; right arrow takes a suggested name. {known}".strip()),
            Field("impact", "Impact", "rating", risk.impact if risk else 3),
            Field("likelihood", "Likelihood", "rating", risk.likelihood if risk else 3, choices=("rare", "almost certain")),
            Field("treatment", "Treatment", "choice", risk.treatment if risk and risk.treatment else "-",
                  choices=("-", *RISK_TREATMENTS), labels={"-": NO_TREATMENT},
                  hint="avoid: stop doing it; reduce: make it less likely or less bad; transfer: "
                       "insure or contract it out; accept: live with it."),
            Field("response", "Response", "long", risk.response if risk else "",
                  hint="What we do about it."),
            Field("review", "Next review", value=review,
                  hint=dates.DATE_HELP, check=date_check(self._today)),
            Field("status", "Status", "choice", risk.status if risk else "open", choices=RISK_STATUSES),
        ])

    def _changes(self, result: dict[str, Any]) -> dict[str, Any]:
        return {"text": result["text"].strip(), "owner": result["owner"].strip(), "impact": result["impact"],
                "likelihood": result["likelihood"],
                "treatment": "" if result["treatment"] == "-" else result["treatment"],
                "response": result["response"].strip(), "review": dates.parse_date(result["review"], self._today),
                "status": result["status"]}

    def action_add_risk(self) -> None:
        def adding(result: dict) -> Insert:
            workbook = self.stratbook.workbook
            fields = self._changes(result)
            return add_risk(workbook, new_risk(workbook, fields.pop("text"), **fields))

        def done(result: dict | None) -> None:
            if result:
                edit = adding(result)
                if self.view.filtered and not self.view.matches(edit.item, self._today):
                    self.view = RiskView()
                self.stratbook.apply(edit)

        self.app.push_screen(self._form("New risk", None).keeping(adding), done)

    def action_edit_risk(self) -> None:
        risk = self.current_risk()
        if risk is None:
            return

        def editing(result: dict) -> SetFields | None:
            changes = {k: v for k, v in self._changes(result).items() if getattr(risk, k) != v}
            return SetFields(risk.id, changes, f"edit risk {one_line(risk.text, 40)}") if changes else None

        def done(result: dict | None) -> None:
            if result and (edit := editing(result)) is not None:
                self.stratbook.apply(edit)

        self.app.push_screen(self._form("Edit risk", risk).keeping(editing), done)

    def action_delete_risk(self) -> None:
        marked = self.marked_risks()
        if marked:
            what = counted(len(marked), "marked risk")
            self.delete_items(RemoveAll(tuple(Remove(CONTAINER, r.id) for r in marked), f"delete {what}"),
                              [r.id for r in marked], what, also=f"Every marked risk goes{self._hidden_note(marked)}.")
            return
        risk = self.current_risk()
        if risk is not None:
            self.delete_items(Remove(CONTAINER, risk.id, f"delete risk {one_line(risk.text, 40)}"), [risk.id], "risk")

    def action_toggle_status(self) -> None:
        marked = self.marked_risks()
        if marked:  # all closed: open them again; else close them all
            self.set_on_marked(marked, {"status": "open" if all(r.status == "closed" for r in marked) else "closed"},
                               "risk")
            return
        risk = self.current_risk()
        if risk is not None and self.stratbook.apply(toggle_status(risk), merge_key=f"risk-status:{risk.id}"):
            self.notify(f"Risk {risk.status}: {one_line(risk.text, 50)}.", markup=False, timeout=2)

    def action_next_treatment(self) -> None:
        risk = self.current_risk()
        if risk is not None:
            treatment = next_treatment(risk.treatment)
            self.stratbook.apply(SetFields(risk.id, {"treatment": treatment}, f"treatment {treatment}"),
                                 merge_key=f"risk-treatment:{risk.id}")

    def action_rate(self, field_name: str, delta: int) -> None:
        risk = self.current_risk()
        if risk is None:
            return
        value = clamp_rating(getattr(risk, field_name) + delta)
        if value != getattr(risk, field_name):
            self.stratbook.apply(SetFields(risk.id, {field_name: value}, f"{field_name} {value}"))
            self.table.move_to(risk.id)

    def action_filter(self) -> None:
        def done(result: dict | None) -> None:
            if result is not None:
                self.view = RiskView(result["needle"].strip(), result["show"])
                self.refresh_model(None)

        self.app.push_screen(FormDialog("Show risks", [
            Field("needle", "Words", value=self.view.needle, hint="In the text, owner or response; any case."),
            Field("show", "Show", "choice", self.view.show, choices=RISK_FILTERS,
                  hint="due: open risks whose review is today or past."),
        ], submit="show"), done)

    def clear_filter(self) -> None:
        self.view = RiskView()
        self.refresh_model(None)

    def action_goto_source(self) -> None:
        risk = self.current_risk()
        if risk is None:
            return
        workbook = self.stratbook.workbook
        if not risk.source:
            self.notify("This risk was written here, not taken from PESTLE or SWOT.", markup=False)
        elif workbook.pestle_factor_of(risk.source) is not None:
            self.stratbook.show_item("pestle", risk.source)
        elif workbook.swot_quadrant_of(risk.source) is not None:
            self.stratbook.show_item("swot", risk.source)
        else:
            self.notify(f"Nothing to go to: it came from {one_line(source_words(workbook, risk))}.", markup=False)

    def action_links(self) -> None:
        risk = self.current_risk()
        if risk is None:
            return
        known, items = self.stratbook.derived(_link_choices)
        if not items:
            self.notify("No goals or tactics yet to link: 5 goes to Goals.", markup=False)
            return

        def linking(chosen: list[str]) -> SetFields | None:
            links = merged_links(risk.links, chosen, known)
            return SetFields(risk.id, {"links": links}, f"links of risk {one_line(risk.text, 40)}") \
                if links != risk.links else None

        def done(chosen: list[str] | None) -> None:
            if chosen is not None and (edit := linking(chosen)) is not None:
                self.stratbook.apply(edit)

        self.app.push_screen(PickerDialog(f"Treated by: {one_line(risk.text or 'a risk', 50)}", items, risk.links,
                                          hint="space ticks the goals and tactics that treat this risk; "
                                               "/ finds one; enter saves.").keeping(linking), done)

    def section_commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Add a risk", "A new risk in the register", self.action_add_risk),
            ("Filter risks", "By words, status or reviews due", self.action_filter),
            ("Risk reviews due", "Only open risks whose review is today or past",
             lambda: (setattr(self, "view", RiskView(show="due")), self.refresh_model(None))),
            ("Risk heat map", "Show or hide the 5x5 heat map of open risks", self.action_toggle_view),
        ]

