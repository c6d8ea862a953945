"""Compare with another copy, and resolve the conflicts that `stratbook merge` recorded.

The other copy (one that came back by email) is opened by the app
(`StratbookApp.load_other`); this screen lists every difference, item by item,
and for each the user keeps mine (`m`) or takes theirs (`t`). Taking theirs is
an ordinary edit through `StratbookApp.apply`: undoable, and saved with ctrl+s.
Conflicts recorded in the workbook (`[[conflicts]]`, see tui/store/merge.py)
are listed first and settled the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.keymap import key_in_effect
from tui.glyphs import glyphs
from tui.modals.dialog import Dialog
from tui.model.edits import EditError
from tui.model.field_words import field_words
from tui.model.text import for_display, one_line
from tui.model.workbook import Workbook
from tui.modals.form import Field, FormDialog
from tui.store.diff import (
    MISSING,
    Change,
    diff,
    goal_titles,
    is_long_text,
    item_labels,
    place_name,
    short_word_diff,
    show_value,
    take_theirs,
)
from tui.store.merge import Conflict, read_conflicts, resolve_conflict
from tui.widgets.lines import MarkedOptionList

if TYPE_CHECKING:
    from tui.app import StratbookApp

SYMBOL = {"added": "+", "removed": "-", "changed": "~", "moved": ">", "reordered": "^", "comment": "#"}


def start_compare(app: StratbookApp) -> None:
    """Ask for the other copy's path, have the app open it, then show the differences."""
    folder = app.path.resolve().parent

    def check(text: str) -> str | None:
        path = Path(os.path.expanduser(text.strip()))
        if not text.strip():
            return "give the other copy's file name"
        if not path.is_absolute():
            path = folder / path
        return None if path.is_file() else f"there is no file {path}"

    def chosen(result: dict | None) -> None:
        if not result:
            return
        path = Path(os.path.expanduser(result["path"].strip()))
        theirs = app.load_other(path if path.is_absolute() else folder / path)
        if theirs is not None:
            app.push_screen(CompareScreen(theirs, path.name))

    app.push_screen(FormDialog("Compare with another copy", [
        Field("path", "The other copy", value=str(folder) + os.sep, required=True, check=check,
              hint="A workbook file, e.g. one that came back by email. Relative to the workbook's folder; "
                   "~ is your home."),
    ], submit="compare"), chosen)


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the list: a heading, a recorded conflict (by record index) or a difference."""

    content: Content
    conflict: int | None = None
    change: Change | None = None


class CompareList(MarkedOptionList):
    """Differences and conflicts; m keeps mine, t takes theirs."""

    BINDINGS = [
        Binding("m", "screen.keep_mine", "Keep mine", id="compare.mine",
                tooltip="Keep what this workbook has (a conflict's record is dropped)"),
        Binding("t", "screen.take_theirs", "Take theirs", id="compare.theirs",
                tooltip="Make this workbook agree with the other copy here (undoable)"),
        Binding("j", "cursor_down", show=False, id="compare.cursor_down"),
        Binding("k", "cursor_up", show=False, id="compare.cursor_up"),
    ]


class CompareScreen(Dialog[None]):
    """Mine against `theirs` (None: only the recorded merge conflicts)."""

    BINDINGS = [Binding("escape,q", "close", "Close", id="compare.close")]

    def __init__(self, theirs: Workbook | None, name: str) -> None:
        super().__init__()
        self.theirs = theirs
        self.name_theirs = name
        self.kept: set[tuple[str, str, str]] = set()
        """Differences the user chose to keep as they are in this workbook."""
        self.rows: list[Row] = []

    @property
    def stratbook(self) -> StratbookApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        title = (f"Compare with {self.name_theirs}" if self.theirs is not None else "Merge conflicts")
        with Vertical(id="compare"):
            yield Static(Content(one_line(title)), id="compare-title")
            yield CompareList(id="compare-list")
            yield Static("", id="compare-detail")
            k = key_in_effect
            yield Static(Content(f"{k('compare.mine')}: keep mine   {k('compare.theirs')}: take theirs   "
                                 f"{k('compare.close')}: close (then {k('app.save')} saves, {k('app.undo')} undoes)"),
                         id="compare-keys")

    def on_mount(self) -> None:
        self.rebuild()
        self.query_one(CompareList).focus()

    # -- the list ------------------------------------------------------------------------------
    def rebuild(self) -> None:
        workbook = self.stratbook.workbook
        rows: list[Row] = []
        conflicts = [(index, c) for index, c in enumerate(read_conflicts(workbook)) if c is not None]
        mine_titles, theirs_titles = goal_titles(workbook), goal_titles(self.theirs)
        if conflicts:
            rows.append(Row(Content.styled(f"Merge conflicts ({len(conflicts)}): ours is in the workbook now",
                                           "bold $warning")))
            labels = item_labels(workbook)
            rows += [Row(self._conflict_line(c, labels, mine_titles), conflict=index) for index, c in conflicts]
        changes: list[Change] = []
        if self.theirs is not None:
            changes = [c for c in diff(workbook, self.theirs)
                       if (c.kind, c.ref, c.field) not in self.kept and (c.ref, c.field) != ("workbook", "extra.conflicts")]
            label = f"Differences from {one_line(self.name_theirs, 40)} ({len(changes)})"
            rows.append(Row(Content.styled(label, "bold $accent")))
            rows += [Row(self._change_line(c, theirs_titles if c.kind == "added" else mine_titles), change=c)
                     for c in changes]
        if not conflicts and not changes:
            rows.append(Row(Content.styled("Nothing left to decide." if self.theirs is None or self.kept
                                           else "The two copies are the same.", "$success")))
        self.rows = rows
        view = self.query_one(CompareList)
        highlighted = view.highlighted
        view.set_options(Option(row.content, disabled=row.conflict is None and row.change is None) for row in rows)
        choosable = [i for i, row in enumerate(rows) if row.conflict is not None or row.change is not None]
        if choosable:
            wanted = highlighted if highlighted is not None else choosable[0]
            view.highlighted = next((i for i in choosable if i >= wanted), choosable[-1])
        self._show_detail()

    def _conflict_line(self, conflict: Conflict, labels: dict[str, str], titles: dict[str, str]) -> Content:
        label = one_line(labels.get(conflict.item, ""))
        said = conflict.describe() if conflict.deleted else f"{field_words(conflict.field)} changed on both sides"
        return Content.assemble(("! ", "bold $warning"), (place_name(conflict.path, titles), "bold"), ": ",
                                (said, "$text-muted"), glyphs.sep_text + label if label else "")

    def _change_line(self, change: Change, titles: dict[str, str]) -> Content:
        place = place_name(change.where, titles)
        what = {
            "added": "only in theirs", "removed": "only in mine", "moved": "in another place in theirs",
            "reordered": "in another position in theirs",
        }.get(change.kind, f"{field_words(change.field)} differs")
        label = "" if change.ref == change.where else glyphs.sep_text + one_line(change.label or change.ref)
        return Content.assemble((SYMBOL[change.kind] + " ", "bold $accent"), (place, "bold"), ": ",
                                (what, "$text-muted"), label)

    def _selected(self) -> Row | None:
        index = self.query_one(CompareList).highlighted
        return self.rows[index] if index is not None and 0 <= index < len(self.rows) else None

    @on(OptionList.OptionHighlighted)
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self._selected()
        detail = self.query_one("#compare-detail", Static)
        if row is None or (row.change is None and row.conflict is None):
            detail.update("")
            return
        if row.conflict is not None:
            conflict = read_conflicts(self.stratbook.workbook)[row.conflict]
            detail.update(self._conflict_detail(conflict) if conflict else "")
            return
        detail.update(self._change_detail(row.change))

    def _conflict_detail(self, conflict: Conflict) -> Content:
        if conflict.deleted:
            mine = "deleted it" if conflict.deleted == "ours" else "changed it (kept for now)"
            theirs = "deleted it" if conflict.deleted == "theirs" else "changed it (kept for now)"
            return Content.assemble(("Mine: ", "bold"), mine, "\n", ("Theirs: ", "bold"), theirs)
        width = self._value_width(len("Before both: "))
        if _too_long(conflict.ours_value, conflict.theirs_value, width):
            # Both whole texts did not fit under the list (theirs was never seen): what differs.
            return _word_diff(f"{field_words(conflict.field)}: mine (now) -> theirs", conflict.ours_value,
                              conflict.theirs_value)

        def shown(value: object) -> str:
            return _value(value, width)

        if conflict.field == "parent":  # a goal by its title, as the list of goals shows it
            def shown(goal_id: object) -> str:
                return _goal_title(self.stratbook.workbook, goal_id) if goal_id else "(none)"
        return Content.assemble(
            (f"{field_words(conflict.field)}\n", "$text-muted"),
            ("Mine (now):  ", "bold"), shown(conflict.ours_value), "\n",
            ("Theirs:      ", "bold"), shown(conflict.theirs_value), "\n",
            ("Before both: ", "$text-muted"), shown(None if conflict.base is MISSING else conflict.base))

    def _change_detail(self, change: Change) -> Content:
        width = self._value_width(len("Theirs: "))
        if change.kind in ("changed", "comment") and _too_long(change.old, change.new, width):
            return _word_diff(f"{field_words(change.field)}: mine -> theirs", change.old or "", change.new or "")
        if change.kind in ("changed", "comment"):
            return Content.assemble((f"{field_words(change.field)}\n", "$text-muted"), ("Mine:   ", "bold"),
                                    _value(change.old, width), "\n", ("Theirs: ", "bold"), _value(change.new, width))
        if change.kind == "moved":
            mine = self.stratbook.workbook
            old = place_name(change.old, mine) if not change.field else _goal_title(mine, change.old)
            new = place_name(change.new, self.theirs) if not change.field else _goal_title(self.theirs, change.new)
            return Content.assemble(("Mine:   ", "bold"), old, "\n", ("Theirs: ", "bold"), new)
        if change.kind == "reordered":
            return Content.assemble(("Mine:   ", "bold"), f"position {change.old}\n", ("Theirs: ", "bold"),
                                    f"position {change.new}")
        side = "theirs: t adds it here" if change.kind == "added" else "mine: t deletes it here"
        return Content.assemble(("Only in " + side + "\n", "$text-muted"), for_display(change.label, multiline=True))

    def _value_width(self, label: int) -> int:
        """How much of a value fits on one line of the detail after a label `label` wide, so that
        mine, theirs and the value before both are all seen (a value of 400 characters took five
        lines, and the next value was below the detail's edge)."""
        detail = self.query_one("#compare-detail", Static)
        width = detail.content_region.width or self.app.size.width - 2
        return max(20, width - label - 3)  # (the quotes around a text, and its ellipsis)

    # -- choosing ------------------------------------------------------------------------------
    def action_keep_mine(self) -> None:
        row = self._selected()
        if row is None:
            return
        if row.change is not None:
            change = row.change
            self.kept.add((change.kind, change.ref, change.field))
            self.rebuild()
        elif row.conflict is not None:
            self._resolve(row.conflict, "ours")

    def action_take_theirs(self) -> None:
        row = self._selected()
        if row is None:
            return
        if row.conflict is not None:
            self._resolve(row.conflict, "theirs")
            return
        if row.change is not None and self.theirs is not None:
            try:
                edit = take_theirs(row.change, self.stratbook.workbook, self.theirs)
            except (KeyError, ValueError, EditError) as exc:
                self.notify(for_display(f"Cannot take theirs here: {exc}"), severity="error", markup=False)
                return
            if self.stratbook.apply(edit):
                self.rebuild()

    def _resolve(self, index: int, choice: str) -> None:
        try:
            edit = resolve_conflict(self.stratbook.workbook, index, choice)
        except (IndexError, ValueError, EditError) as exc:
            self.notify(for_display(f"Cannot resolve it: {exc}"), severity="error", markup=False)
            return
        if not self.stratbook.apply(edit):
            return
        if self.theirs is None and not any(c is not None for c in read_conflicts(self.stratbook.workbook)):
            self.notify(f"Every conflict is settled. {key_in_effect('app.save')} saves; "
                        f"{key_in_effect('app.undo')} undoes a choice.", markup=False)
            self.dismiss(None)
            return
        self.rebuild()

    def action_close(self) -> None:
        self.dismiss(None)


def _value(value: object, width: int = 400) -> str:
    return for_display(show_value(value, width))


def _too_long(old: object, new: object, width: int) -> bool:
    """Two texts better shown as a word diff: long ones, or either too wide for its line (cut
    there, the words that differ at the end were not seen)."""
    return is_long_text(old, new) or (isinstance(old, str) and isinstance(new, str)
                                      and max(len(old), len(new)) > width)


CHANGED_WORDS = 12
"""The most words of a run that one side changed shown under the list: its first and last words
(a text rewritten on both sides showed all of mine, and theirs was below the detail's edge)."""


def _word_diff(heading: str, old: str, new: str) -> Content:
    """A long text's changes, word by word (`[-old-]{+new+}`), long stretches cut."""
    parts: list[str | tuple[str, str]] = [(heading + "\n", "$text-muted")]
    for op, text in short_word_diff(old, new):
        words = text.split()
        if op != "=" and len(words) > CHANGED_WORDS:
            half = CHANGED_WORDS // 2
            text = " ".join([*words[:half], "...", *words[-half:]])
        shown = for_display(text, multiline=False)
        if op == "-":
            parts.append((f"[-{shown}-]", "strike $error"))
        elif op == "+":
            parts.append((f"{{+{shown}+}}", "bold $success"))
        else:
            parts.append(shown)
    return Content.assemble(*parts)


def _goal_title(workbook: Workbook | None, goal_id: object) -> str:
    goal = workbook.find(goal_id) if workbook is not None and isinstance(goal_id, str) and goal_id else None
    return f"goal {one_line(goal.title)}" if goal is not None else f"goal {goal_id or '(none)'}"
