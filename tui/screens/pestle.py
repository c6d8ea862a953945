"""The PESTLE checklist: the external audit, factor by factor, feeding the SWOT.

One long list holds the six factors in P, E, S, T, L, E order: a header row per
factor (progress, reviewed flag, what the factor is about), then its items as a
checklist. The panel under it shows the factor's notes and guiding prompts and
the item under the cursor in full. `v` switches to the
impact-by-likelihood grid with every item ranked by impact times likelihood.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.widgets import ContentSwitcher, OptionList, Static

from tui.glyphs import glyphs
from tui.keymap import clear_filter_key
from tui.model.edits import Edit, Insert, Move, Remove, RemoveAll, SetEach, SetFields, move_all, one_edit
from tui.model.pestle import (
    GUIDES,
    SINGULAR,
    Touched,
    all_items,
    article,
    cell_items,
    factor_ref,
    grid_counts,
    items_container,
    new_item,
    next_effect,
    overall_progress,
    promote,
    promoted_index,
    prompts_used,
    rate,
    ranked,
    touched,
)
from tui.model.risks import risk_of
from tui.model.swot import matches, reorder_index
from tui.model.text import counted, for_display, one_line
from tui.model.workbook import EFFECTS, PESTLE_FACTORS, PestleItem
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import Field, FormDialog, form_rows
from tui.modals.pestle_prompts import WRITE_OWN, PromptPicker
from tui.screens.base import SectionScreen
from tui.widgets.matrix import ImpactMatrix
from tui.widgets.lines import LazyOptionList
from tui.widgets.pestle_list import (
    PestleChecklist,
    PestleRankList,
    columns_header,
    factor_row,
    item_row,
    ranked_row,
)

HEADER = "factor:"
"""Row id prefix of a factor's header row in the checklist (item rows use the item id)."""
CHECKLIST, GRID = "pestle-checklist-view", "pestle-grid-view"
IMPACT_WORDS = ("minor", "critical")
LIKELIHOOD_WORDS = ("rare", "almost certain")


def bar(done: int, total: int, width: int = 10) -> str:
    filled = round(width * done / total) if total else 0
    return glyphs.meter_on * filled + glyphs.meter_off * (width - filled)


class PestleScreen(SectionScreen):
    SECTION = "pestle"
    GUIDE = (
        "PESTLE is the external audit: the Political, Economic, Social, Technological, Legal and "
        "Environmental factors that can affect us. Work through each factor with its prompts, rate each "
        "item's impact and likelihood, and promote the opportunities and threats that matter to the "
        "SWOT ({keys[pestle.promote]}). {keys[pestle.risk]} adds a threat to the risk register "
        "({keys[app.section.risks]}). {keys[pestle.grid]} shows the impact-by-likelihood grid. {keys[pestle.move]} "
        "moves an item to another factor. {keys[pestle.mark]} marks items ({keys[pestle.mark_all]}: all shown, "
        "{keys[pestle.unmark]}: none); then {keys[pestle.delete]}, {keys[pestle.move]}, {keys[pestle.done]}, "
        "{keys[pestle.impact_up]} {keys[pestle.impact_down]} {keys[pestle.likelihood_up]} "
        "{keys[pestle.likelihood_down]} and {keys[pestle.edit]} act on every marked item at once, and one "
        "{keys[app.undo]} undoes it."
    )
    BINDINGS = [
        Binding("v", "toggle_view", "Grid", id="pestle.grid",
                tooltip="The impact-by-likelihood grid and the items ranked by impact times likelihood"),
        Binding("v,escape", "leave_grid", "Checklist", id="pestle.leave_grid",
                tooltip="Back from the grid to the checklist"),
        clear_filter_key("pestle"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._items: dict[str, PestleItem] = {}
        """Item id -> item, for every PESTLE item (the model's own objects)."""
        self._factor_of: dict[str, str] = {}
        """Item id -> its factor."""
        self._promoted: dict[str, tuple[str, str]] = {}
        """Item id -> (SWOT quadrant, SWOT item id) of items in the SWOT."""
        self._grid_stale = True
        self._ranking: list[str] = []
        """Item ids, highest impact times likelihood first, as last shown in the grid view."""
        self.needle = ""
        """The filter: only items whose text holds this show in the checklist."""
        self.effect = ""
        """The filter: only items of this effect (opportunity, threat, neutral) show; empty: all."""
        self._key_state: tuple[object, ...] = ()
        """What the keys' availability depends on, when the footer was last refreshed."""
        self._guide_shown: Content | None = None
        """What the panel under the checklist shows."""

    # -- layout --------------------------------------------------------------------------
    def body(self) -> ComposeResult:
        yield Static(id="pestle-progress")
        with ContentSwitcher(initial=CHECKLIST, id="pestle-views"):
            with Container(id=CHECKLIST):
                with Vertical(id="pestle-list-column"):
                    yield Static(columns_header(), id="pestle-columns")
                    yield PestleChecklist(self._checklist_row, on_cursor=self._cursor_moved, id="pestle-list")
                yield Static(id="pestle-guide")
            with Vertical(id=GRID):
                with Horizontal(id="pestle-grid-top"):
                    with Vertical(id="pestle-matrix-column"):
                        yield Static(Content.styled(glyphs.sep_text.join(("arrows", "enter: its items", "tab: next list")),
                                                    "$text-muted"), id="pestle-grid-keys")
                        yield ImpactMatrix(on_cursor=self._cell_moved, id="pestle-matrix")
                    with Vertical(id="pestle-cell"):
                        yield Static(id="pestle-cell-title")
                        yield PestleRankList(self._cell_row, id="pestle-cell-list")
                yield Static(id="pestle-rank-title")
                yield PestleRankList(self._ranked_row, id="pestle-ranked")

    def on_mount(self) -> None:
        # Textual calls SectionScreen.on_mount too (handlers run for each class): no super() here.
        self.checklist.focus()

    @property
    def checklist(self) -> PestleChecklist:
        return self.query_one("#pestle-list", PestleChecklist)

    @property
    def grid_shown(self) -> bool:
        return self.query_one("#pestle-views", ContentSwitcher).current == GRID

    # -- rows ------------------------------------------------------------------------------
    def _checklist_row(self, row_id: str) -> Content:
        if row_id.startswith(HEADER):
            name = row_id[len(HEADER):]
            return factor_row(name, self.stratbook.workbook.pestle.factors[name], self.stratbook.shown_key("pestle.add"))
        item = self._items.get(row_id)
        return Content("") if item is None else item_row(item, row_id in self._promoted)

    def _ranked_row(self, item_id: str, compact: bool = False) -> Content:
        item = self._items.get(item_id)
        if item is None:
            return Content("")
        return ranked_row(self._factor_of[item_id], item, item_id in self._promoted, compact)

    def _cell_row(self, item_id: str) -> Content:
        return self._ranked_row(item_id, compact=True)

    # -- showing the model ---------------------------------------------------------------------
    def refresh_model(self, edit: Edit | None) -> None:
        change = None if edit is None else touched(edit)
        redrawn: set[str] = set()
        if change is None:
            self._rebuild()
        elif change.anything:
            redrawn = self._apply_change(change)
        else:
            return  # another section's data
        self._show_progress()
        self._show_guide()
        self._sync_keys()
        if change is None or change.reranks:
            self._grid_stale = True  # counts and ranking again (on the next v, or now)
            if self.grid_shown:
                self._refresh_grid()
        else:  # a check, an effect, a text, a promotion: the ranking stands, some rows show more
            for list_id in ("#pestle-ranked", "#pestle-cell-list"):
                self.query_one(list_id, PestleRankList).refresh_rows(redrawn)

    def _rebuild(self) -> None:
        """Everything again: the model may have changed in any way (opening, or back from another section)."""
        pestle = self.stratbook.workbook.pestle
        self._items.clear()
        self._factor_of.clear()
        rows: list[str] = []
        for name in PESTLE_FACTORS:
            rows.append(HEADER + name)
            for item in pestle.factors[name].items:
                self._items[item.id] = item
                self._factor_of[item.id] = name
                if self._passes(item):
                    rows.append(item.id)
        self._promoted = promoted_index(self.stratbook.workbook)
        checklist = self.checklist
        checklist.set_rows(rows, keep=checklist.highlighted_id)
        checklist.refresh_all_rows()

    def _passes(self, item: PestleItem) -> bool:
        """Whether the filter lets the item show in the checklist."""
        return matches(item.text, self.needle) and self.effect in ("", item.effect)

    @property
    def filter_on(self) -> bool:
        return bool(self.needle or self.effect)

    def _apply_change(self, change: Touched) -> set[str]:
        """Show `change` in the checklist; the ids of the item rows drawn again."""
        checklist = self.checklist
        if self.filter_on or len(change.added) + len(change.removed) > 64:
            # which rows show may have changed (a filtered list is short), or a bulk edit: all again
            self._rebuild()
            return set(self._items)
        redraw = {HEADER + name for name in change.factors}
        for item_id in change.items:
            redraw.update((item_id, HEADER + self._factor_of.get(item_id, "")))
        if change.moved:
            self._rebuild()
        elif change.added or change.removed:
            self._add_and_remove_rows(change)
            redraw.update(HEADER + name for name, _ in change.added)
            redraw.update(HEADER + name for name, _ in change.removed)
        if change.swot:
            before, self._promoted = self._promoted, promoted_index(self.stratbook.workbook)
            redraw.update(item_id for item_id in before.keys() ^ self._promoted.keys())
            redraw.update(item_id for item_id, place in self._promoted.items() if before.get(item_id, place) != place)
        checklist.refresh_rows(redraw)
        return redraw

    def _add_and_remove_rows(self, change: Touched) -> None:
        checklist = self.checklist
        factors = self.stratbook.workbook.pestle.factors
        gone = [item_id for _, item_id in change.removed]
        for item_id in gone:
            self._items.pop(item_id, None)
            self._factor_of.pop(item_id, None)
        checklist.remove_rows(gone)
        places: list[tuple[int, str]] = []
        for name, item in change.added:
            items = factors[name].items
            if not any(candidate is item for candidate in items) or item.id in self._items:
                continue  # added and taken out again within the same edit
            self._items[item.id] = item
            self._factor_of[item.id] = name
            start = sum(1 + len(factors[before].items) for before in PESTLE_FACTORS[:PESTLE_FACTORS.index(name)])
            places.append((start + 1 + next(i for i, candidate in enumerate(items) if candidate is item), item.id))
        for index, item_id in sorted(places):
            checklist.insert_rows(index, [item_id])
        if len(places) == 1:
            checklist.highlight_id(places[0][1])

    def _show_progress(self) -> None:
        if self.filter_on and self.checklist.option_count == len(PESTLE_FACTORS):  # only the factors show
            self.query_one("#pestle-progress", Static).update(
                Content.styled(self.nothing_matches(), "bold $warning"), layout=False)
            return
        progress = overall_progress(self.stratbook.workbook.pestle)
        in_swot = sum(1 for item_id in self._promoted if item_id in self._items)
        self.query_one("#pestle-progress", Static).update(layout=False, content=Content.assemble(
            ("Reviewed ", "bold"), f"{progress.reviewed}/{progress.factors} factors",
            ("  Checked ", "bold"), f"{progress.checked}/{progress.items} items ",
            (bar(progress.checked, progress.items), "$success"),
            ("  In the SWOT ", "bold"), str(in_swot),
            *([("  ", ""), (f"{len(self.item_marks):,} marked", "bold reverse"), (f" {self.stratbook.shown_key('pestle.unmark', 'U')} unmarks", "$text-muted")]
              if self.item_marks else []),
            *([("  Filter ", "bold $accent"), one_line(" ".join(filter(None, (repr(self.needle) if self.needle else "",
                                                                             self.effect))), 40),
               ("  esc clears", "$text-muted")] if self.filter_on else []),
        ))

    def _target(self) -> tuple[str | None, PestleItem | None]:
        """(factor, item) under the cursor of the focused list; item None on a factor's header row."""
        focused = self.focused
        rows = focused if isinstance(focused, LazyOptionList) else self.checklist
        row_id = rows.highlighted_id
        if row_id is None:
            return None, None
        if row_id.startswith(HEADER):
            return row_id[len(HEADER):], None
        item = self._items.get(row_id)
        return self._factor_of.get(row_id), item

    def _show_guide(self) -> None:
        if self.grid_shown:
            return
        name, item = self._target()
        if name is None:
            name = PESTLE_FACTORS[0]
        guide = GUIDES[name]
        factor = self.stratbook.workbook.pestle.factors[name]
        parts: list[Any] = [(guide.title, "bold $accent"), f"  {guide.explanation}\n"]
        if item is not None:
            place = self._promoted.get(item.id)
            parts += [
                (for_display(item.text) or "(no text)", "bold"), "\n",
                f"impact {item.impact}/5, likelihood {item.likelihood}/5, score {item.score}, {item.effect}",
                ("; checked" if item.checked else "; not checked", "$text-muted"),
                (f"; in the SWOT as {article(SINGULAR[place[0]])} (g goes there)" if place
                 else "; p puts it in the SWOT" if item.effect != "neutral" else "", "$accent"),
                (self._risk_words(item), "$accent"),
                "\n",
            ]
        if factor.notes:
            parts += [("Notes: ", "bold"), for_display(factor.notes, multiline=True), "\n"]
        elif item is None:
            parts += [("Notes: none yet (e on this row adds some)\n", "$text-muted")]
        parts += [("Prompts", "bold"), (" (a starts an item from one): ", "$text-muted"), glyphs.sep_text.join(guide.prompts)]
        content = Content.assemble(*parts)
        if self._guide_shown is None or not content.is_same(self._guide_shown):
            # (v back to the checklist shows it, and the focus arriving there asked again: drawn
            # then, after the frame that showed the checklist, it made a second frame)
            self._guide_shown = content
            self.query_one("#pestle-guide", Static).update(content, layout=False)

    def _risk_words(self, item: PestleItem) -> str:
        """Whether the item is in the risk register, for a threat (or an item a risk came from)."""
        if risk_of(self.stratbook.workbook, item) is not None:
            return "; in the risk register (R shows it)"
        return "; R makes it a risk" if item.effect == "threat" else ""

    def _cursor_moved(self) -> None:
        if self.is_mounted:
            self._show_guide()

    def _sync_keys(self) -> None:
        """Refresh the footer only when the view changed: Textual rebuilds it each time, which costs
        more than a frame at 80x24, so the keys do not depend on the row under the cursor."""
        state = (self.grid_shown,)
        if state != self._key_state:
            self._key_state = state
            self.refresh_bindings()

    # -- the grid ---------------------------------------------------------------------------
    def _refresh_grid(self) -> None:
        """Counts, the ranked list and the cursor's cell again."""
        self._grid_stale = False
        pestle = self.stratbook.workbook.pestle
        matrix = self.query_one("#pestle-matrix", ImpactMatrix)
        matrix.counts = tuple(tuple(row) for row in grid_counts(pestle))
        self._ranking = [item.id for _, item in ranked(all_items(pestle))]
        ranked_list = self.query_one("#pestle-ranked", PestleRankList)
        ranked_list.set_rows(self._ranking, keep=ranked_list.highlighted_id)
        ranked_list.refresh_all_rows()
        self.query_one("#pestle-rank-title", Static).update(layout=False, content=Content.assemble(
            (f"Ranked by impact {glyphs.times} likelihood", "bold"), f" ({len(self._ranking)})",
            ("  " + glyphs.sep_text.join(("enter: find in the checklist", "p: promote", "g: SWOT")), "$text-muted"),
        ))
        self._show_cell(*matrix.cursor)

    def _show_cell(self, impact: int, likelihood: int) -> None:
        items = cell_items(self.stratbook.workbook.pestle, impact, likelihood)
        cell_list = self.query_one("#pestle-cell-list", PestleRankList)
        cell_list.set_rows([item.id for _, item in items])
        cell_list.refresh_all_rows()
        # An empty cell's list shows nothing: tab must not stop on it (the cursor would vanish).
        cell_list.can_focus = bool(items)
        if not items and self.focused is cell_list:
            self.query_one("#pestle-matrix", ImpactMatrix).focus()
        self.query_one("#pestle-cell-title", Static).update(layout=False, content=Content.assemble(
            ("Impact ", "bold"), str(impact), (", likelihood ", "bold"), str(likelihood),
            f": {len(items)} item{'' if len(items) == 1 else 's'}",
        ))

    def _cell_moved(self, impact: int, likelihood: int) -> None:
        if self.grid_shown:
            self._show_cell(impact, likelihood)

    @on(ImpactMatrix.CellChosen)
    def _cell_chosen(self, event: ImpactMatrix.CellChosen) -> None:
        cell_list = self.query_one("#pestle-cell-list", PestleRankList)
        if cell_list.option_count:
            cell_list.focus()

    def action_toggle_view(self) -> None:
        switcher = self.query_one("#pestle-views", ContentSwitcher)
        if self.grid_shown:
            switcher.current = CHECKLIST
            self.checklist.focus()
            self._show_guide()
        else:
            _, item = self._target()
            switcher.current = GRID
            if self._grid_stale:
                self._refresh_grid()
            matrix = self.query_one("#pestle-matrix", ImpactMatrix)
            chosen = item or (self._items[self._ranking[0]] if self._ranking else None)
            if chosen is not None:  # the cell of the item under the cursor, or of the top-ranked one
                matrix.cursor = (chosen.impact, chosen.likelihood)
            matrix.focus()
        self._sync_keys()

    def action_leave_grid(self) -> None:
        if self.grid_shown:
            self.action_toggle_view()

    @on(OptionList.OptionSelected, "#pestle-ranked, #pestle-cell-list")
    def _show_in_checklist(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.focus_item(event.option.id)

    def cursor_ref(self) -> str | None:
        row = self.checklist.highlighted_id
        if row is not None and row.startswith(HEADER):
            return factor_ref(row[len(HEADER):])
        return row

    def focus_item(self, item_id: str) -> bool:
        """The item in the checklist, with the cursor, the panel and the keys on it; a factor
        (its ref, `pestle.legal`: its notes are the search's hits) on its heading row."""
        factor = item_id.removeprefix(factor_ref(""))
        row = HEADER + factor if factor in PESTLE_FACTORS and item_id == factor_ref(factor) else item_id
        if row == item_id and row not in self._items:
            return False
        if self.grid_shown:
            self.action_toggle_view()
        if self.checklist.index_of(row) is None:  # hidden by the filter
            self._set_filter("", "")
        self.checklist.highlight_id(row)
        self.checklist.focus()  # the panel follows when the focus arrives (_focus_moved)
        return True

    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        if event.widget is self.focused:
            self._show_guide()

    # -- keys -------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_grid":
            return self.grid_shown
        if action == "clear_filter":
            return not self.grid_shown and super().check_action(action, parameters)
        if action == "toggle_view":
            return not self.grid_shown
        return True

    def _apply(self, edit: Edit, merge_key: str | None = None) -> bool:
        return self.stratbook.apply(edit, merge_key)

    # -- marks: the keys are on the checklist (tui/screens/marking.py); the bulk actions ------
    def show_marks(self) -> None:
        self._show_progress()

    def marked_items(self) -> list[tuple[str, PestleItem]]:
        """(factor, item) of every marked item, in checklist order."""
        if not self.item_marks:
            return []
        factors = self.stratbook.workbook.pestle.factors
        return [(name, item) for name in PESTLE_FACTORS for item in factors[name].items if item.id in self.item_marks]

    def _hidden_note(self, marked: list[tuple[str, PestleItem]]) -> str:
        return self.hidden_note((item for _, item in marked), self._passes)

    def _set_on_marked(self, value_of, field_name: str) -> None:
        """`field_name` of each marked item as `value_of(item)` says: one edit."""
        marked = [item for _, item in self.marked_items()]
        changed = [item for item in marked if value_of(item) != getattr(item, field_name)]
        if not changed:
            self.notify(f"Nothing to change: the marked items' {field_name} is so already.", markup=False, timeout=3)
            return
        label = f"{field_name} of {counted(len(changed), 'item')}"
        if self._apply(SetEach(tuple(SetFields(i.id, {field_name: value_of(i)}) for i in changed), label)):
            self.notify(f"Changed the {label}. {self.stratbook.key_named('app.undo')} undoes it.", markup=False, timeout=2)

    def _edit_marked(self) -> None:
        marked = self.marked_items()
        keep = ("keep", "1", "2", "3", "4", "5")
        form = FormDialog(f"Set for {counted(len(marked), 'marked item')}{self._hidden_note(marked)}", [
            Field("impact", "Impact on us", "choice", "keep", keep, hint="keep: each keeps its own; 1 minor .. 5 critical"),
            Field("likelihood", "Likelihood", "choice", "keep", keep, hint="1 rare .. 5 almost certain"),
            Field("effect", "Effect", "choice", "keep", ("keep", *EFFECTS)),
        ])

        def changes_of(result: dict[str, Any]) -> dict[str, Any]:
            return {key: int(value) if key != "effect" else value for key, value in result.items() if value != "keep"}

        def setting(result: dict[str, Any]) -> Edit | None:
            changes = changes_of(result)
            return self.edit_on_marked([item for _, item in self.marked_items()], changes, "PESTLE item") if changes else None

        def done(result: dict[str, Any] | None) -> None:
            if not result:
                return
            if changes := changes_of(result):
                self.set_on_marked([item for _, item in self.marked_items()], changes, "PESTLE item")

        self.app.push_screen(form.keeping(setting), done)

    def action_move_item(self) -> None:
        marked = self.marked_items()
        if not marked:
            name, item = self._target()
            if item is None or self.grid_shown:
                self.notify(f"Move to an item first: {self.stratbook.key_named('pestle.move')} moves the item under the cursor (or the "
                            "marked ones).",
                            markup=False, timeout=3)
                return
            marked = [(name, item)]
        what = counted(len(marked), "marked item") if self.item_marks else "the item"
        answers = [(str(n), GUIDES[name].title) for n, name in enumerate(PESTLE_FACTORS, start=1)]
        where = "They go" if len(marked) > 1 else "It goes"
        dialog = ConfirmDialog(f"Move {what}", f"Move {what} to which factor?{self._hidden_note(marked)} "
                               f"{where} to the end of that factor's list.", answers, default=answers[0][0])
        ids = [item.id for _, item in marked]

        def chosen(key: str | None) -> None:
            if not key:
                return
            target = PESTLE_FACTORS[int(key) - 1]
            factor_of = {item.id: name for name in PESTLE_FACTORS
                         for item in self.stratbook.workbook.pestle.factors[name].items}
            moving = [(items_container(factor_of[i]), i) for i in ids if factor_of.get(i) not in (None, target)]
            if not moving:
                self.notify(f"Already in {GUIDES[target].title}.", markup=False, timeout=3)
                return
            label = f"move {counted(len(moving), 'PESTLE item')} to {GUIDES[target].title}"
            if self._apply(move_all(self.stratbook.workbook, moving, items_container(target), label)):
                self.notify(f"Moved {counted(len(moving), 'item')} to {GUIDES[target].title}. {self.stratbook.key_named('app.undo')} puts "
                            f"{'it' if len(moving) == 1 else 'them'} back.", markup=False, timeout=3)

        self.app.push_screen(dialog, chosen)

    def action_toggle(self) -> None:
        marked = self.marked_items()
        if marked:
            checked = not all(item.checked for _, item in marked)
            self._set_on_marked(lambda item: checked, "checked")
            return
        name, item = self._target()
        if item is None:
            self.action_toggle_reviewed()
        else:
            self._apply(SetFields(item.id, {"checked": not item.checked},
                                  "uncheck item" if item.checked else "check item"))

    def action_toggle_reviewed(self) -> None:
        name, _ = self._target()
        if name is None:
            return
        factor = self.stratbook.workbook.pestle.factors[name]
        title = GUIDES[name].title
        if self._apply(SetFields(factor_ref(name), {"reviewed": not factor.reviewed},
                                 f"{title} {'not ' if factor.reviewed else ''}reviewed")):
            progress = overall_progress(self.stratbook.workbook.pestle)
            if factor.reviewed and progress.reviewed == progress.factors:
                self.notify(f"All six factors reviewed. {self.stratbook.key_named('pestle.grid')} shows the grid: promote what matters to "
                            "the SWOT.",
                            markup=False, timeout=4)

    def action_rate(self, field_name: str, delta: int) -> None:
        if self.item_marks and self.marked_items():
            self._set_on_marked(lambda item: max(1, min(5, getattr(item, field_name) + delta)), field_name)
            return
        _, item = self._target()
        if item is not None and (edit := rate(item, field_name, delta)) is not None:
            self._apply(edit, merge_key=f"pestle.{field_name}.{item.id}")

    def action_cycle_effect(self) -> None:
        _, item = self._target()
        if item is not None:
            effect = next_effect(item.effect)
            self._apply(SetFields(item.id, {"effect": effect}, f"effect {effect}"),
                        merge_key=f"pestle.effect.{item.id}")

    def action_next_factor(self, delta: int) -> None:
        name, _ = self._target()
        index = PESTLE_FACTORS.index(name) if name else 0
        self.checklist.highlight_id(HEADER + PESTLE_FACTORS[(index + delta) % len(PESTLE_FACTORS)])

    def _item_form(self, title: str, text: str, item: PestleItem | None) -> FormDialog:
        return FormDialog(title, [
            Field("text", "What is happening, or could happen", value=text, required=True, takes_list=item is None,
                  hint="Say what it means for us, e.g. 'New rules on handling personal data from next year'"),
            Field("impact", "Impact on us", "rating", item.impact if item else 3, IMPACT_WORDS),
            Field("likelihood", "Likelihood", "rating", item.likelihood if item else 3, LIKELIHOOD_WORDS),
            Field("effect", "Effect", "choice", item.effect if item else "neutral", EFFECTS,
                  hint="An opportunity or a threat can be promoted to the SWOT (p)."),
        ])

    def action_add_item(self) -> None:
        name, item = self._target()
        if self.grid_shown:
            return
        name = name or PESTLE_FACTORS[0]
        factor = self.stratbook.workbook.pestle.factors[name]
        position = 0 if item is None else next(
            (i + 1 for i, candidate in enumerate(factor.items) if candidate is item), len(factor.items))
        guide = GUIDES[name]

        def adding(result: dict[str, Any]) -> Edit | None:
            rows = form_rows(result, "text")
            taken, edits = self.stratbook.workbook.ids(), []
            for offset, row in enumerate(rows):
                text = row["text"].strip().rstrip(":").strip()
                new = new_item(self.stratbook.workbook, text, row["impact"], row["likelihood"], row["effect"], taken)
                taken.add(new.id)
                edits.append(Insert(items_container(name), position + offset, new, f"add {guide.title} item"))
            return one_edit(edits, f"add {len(rows)} {guide.title} items")

        def write(result: dict[str, Any] | None) -> None:
            if result and (edit := adding(result)) is not None:
                self._apply(edit)

        def picked(prompt: str | None) -> None:
            if prompt is None:
                return
            text = "" if prompt == WRITE_OWN else prompt + ": "
            self.app.push_screen(self._item_form(f"New {guide.title} item", text, None).keeping(adding), write)

        used = prompts_used(factor, guide.prompts)
        self.app.push_screen(PromptPicker(
            f"New {guide.title} item", guide.explanation,
            [(prompt, prompt in used) for prompt in guide.prompts]), picked)

    def action_edit(self) -> None:
        if self.marked_items():
            self._edit_marked()
            return
        name, item = self._target()
        if name is None:
            return
        if item is None:
            self._edit_notes(name)
            return

        def editing(result: dict[str, Any]) -> Edit | None:
            result = {**result, "text": result["text"].strip()}
            changes = {key: value for key, value in result.items() if getattr(item, key) != value}
            return SetFields(item.id, changes, "edit PESTLE item") if changes else None

        def edited(result: dict[str, Any] | None) -> None:
            if result and (edit := editing(result)) is not None:
                self._apply(edit)

        self.app.push_screen(self._item_form(f"Edit {GUIDES[name].title} item", item.text, item).keeping(editing),
                             edited)

    def _edit_notes(self, name: str) -> None:
        factor = self.stratbook.workbook.pestle.factors[name]

        def noting(result: dict[str, Any]) -> Edit | None:
            if result["notes"] == factor.notes:
                return None
            return SetFields(factor_ref(name), {"notes": result["notes"]}, f"{name} notes")

        def edited(result: dict[str, Any] | None) -> None:
            if result is not None and (edit := noting(result)) is not None:
                self._apply(edit)

        self.app.push_screen(FormDialog(f"{GUIDES[name].title}: notes", [
            Field("notes", "Notes on this factor", "long", factor.notes,
                  hint=f"Who reviewed it, what is still open, sources. {self.stratbook.key_named('form.submit')} saves."),
        ]).keeping(noting), edited)

    def action_delete_item(self) -> None:
        marked = self.marked_items()
        if marked:
            what = counted(len(marked), "marked item")
            self.delete_items(RemoveAll(tuple(Remove(items_container(n), i.id) for n, i in marked), f"delete {what}"),
                              [i.id for _, i in marked], what, also=f"Every marked item goes{self._hidden_note(marked)}.")
            return
        name, item = self._target()
        if name is None or item is None:
            return
        self.delete_items(Remove(items_container(name), item.id, "delete PESTLE item"), [item.id], "PESTLE item")

    def _set_filter(self, needle: str, effect: str) -> None:
        self.needle, self.effect = needle, effect
        self._rebuild()
        self._show_progress()
        self._show_guide()

    def action_filter(self) -> None:
        def done(result: dict[str, Any] | None) -> None:
            if result is not None:
                self._set_filter(result["text"].strip(), "" if result["effect"] == "any" else result["effect"])

        self.app.push_screen(FormDialog("Filter the PESTLE checklist", [
            Field("text", "Items whose text holds", value=self.needle, hint="Any case; empty: every item."),
            Field("effect", "Effect", "choice", self.effect or "any", ("any", *EFFECTS)),
        ], submit="filter"), done)

    def clear_filter(self) -> None:
        self._set_filter("", "")

    def action_reorder(self, delta: int) -> None:
        """Move the item one place up or down within its factor (past the neighbour the filter shows)."""
        name, item = self._target()
        if name is None or item is None or self.grid_shown:
            return
        items = self.stratbook.workbook.pestle.factors[name].items
        visible = [i.id for i in items if self._passes(i)]
        index = reorder_index(visible, [i.id for i in items], item.id, delta)
        if index is not None:
            container = items_container(name)
            self._apply(Move(container, item.id, container, index,
                             f"move PESTLE item {'up' if delta < 0 else 'down'}"))

    def action_promote(self) -> None:
        _, item = self._target()
        if item is None:
            self.notify(f"Move to an item first: {self.stratbook.key_named('pestle.promote')} promotes the item under the cursor.",
                        markup=False)
            return
        promotion = promote(self.stratbook.workbook, item.id)
        if promotion.refused:
            self.notify(promotion.message, title="Not promoted", severity="warning", markup=False)
            return
        if promotion.edit is None:
            self.notify(f"{promotion.message} {self.stratbook.key_named('pestle.go')} goes there.", markup=False, timeout=3)
        elif self._apply(promotion.edit) and isinstance(promotion.edit, Move):
            self.notify(promotion.message, markup=False, timeout=3)
        # a new SWOT item needs no message: the row shows SWOT, and the count above goes up

    def action_add_risk(self) -> None:
        _, item = self._target()
        self.add_to_risks(item.id if item is not None else None)
        self._show_guide()  # it says whether the item is in the register

    def action_goto_swot(self) -> None:
        _, item = self._target()
        if item is None:
            return
        place = self._promoted.get(item.id)
        if place is None:
            self.notify(f"Not in the SWOT yet: {self.stratbook.key_named('pestle.promote')} promotes it.", markup=False)
            return
        self.stratbook.show_item("swot", place[1])

    @on(OptionList.OptionSelected, "#pestle-list")
    def _enter_edits(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def section_commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Add a PESTLE item", "To the factor under the cursor, optionally from a guiding prompt",
             self.action_add_item),
            ("Promote to the SWOT", "The item under the cursor, as an opportunity or a threat",
             self.action_promote),
            ("Mark the factor reviewed", "Or not reviewed", self.action_toggle_reviewed),
            ("Filter the PESTLE checklist", "Only items whose text holds a word, or of one effect", self.action_filter),
            ("Impact-by-likelihood grid", "Show or hide the grid and the ranked items", self.action_toggle_view),
        ]
