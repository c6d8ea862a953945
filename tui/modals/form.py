"""A form dialog for editing one item: text, long text, ratings, choices and numbers.

Every section edits its items through this one dialog, so the keys are the
same everywhere: tab and shift+tab between fields, enter in a one-line field
or ctrl+s to save, escape to cancel.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.widgets import Input, Label, Static
from textual.widgets.text_area import Selection

from tui.keymap import key_in_effect
from tui.modals.confirm import close_unless_kept
from tui.modals.dialog import BOX, FOOT, NOT_SAID, TITLE, Dialog, DialogBody, KeepsItsEdit
from tui.model.checkins import typed_number
from tui.model.text import for_display, one_line
from tui.widgets.inputs import ChoiceInput, RatingInput
from tui.widgets.safe import SafeInput, SafeTextArea, show


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a form."""

    key: str
    label: str
    kind: str = "text"
    """`text` (one line), `long` (several lines), `rating` (1..5), `choice`, `number` (or empty)."""
    value: Any = None
    choices: tuple[str, ...] = ()
    """For `choice`: the words to choose from. For `rating`: optional (low, high) words for 1 and 5,
    e.g. ("rare", "almost certain"); the default is ("minor", "critical")."""
    labels: dict[str, str] | None = None
    """For `choice`: choices shown under another name, e.g. {"smart": "SMART"}."""
    hint: str = ""
    hints: dict[str, str] | None = None
    """For `choice`: what each choice means, shown under the row as it is chosen (in place of `hint`)."""
    required: bool = False
    check: Callable[[str], str | None] | None = None
    """For `text`: returns an error message for an invalid value, or None."""
    takes_list: bool = False
    """For `text` in a form that adds items: a pasted list adds one item per line (see `form_rows`)."""
    suggester: Any = None
    """For `text`: a Textual `Suggester` whose completion shows greyed after the text (right
    arrow takes it), e.g. `PathSuggester` for a file name."""


PASTED = "_pasted"
"""The form's result holds here, for a field that takes a list, the pasted lines after the first."""


def form_rows(result: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """One result per item to add: the form's own, then one for each further pasted line of
    field `key` (the other fields the same)."""
    more = result.get(PASTED, {}).get(key, [])
    return [result, *({**result, key: item} for item in more)]


def parse_number(text: str) -> float | int | None:
    """A finite number, or None for an empty field. Raises ValueError otherwise."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    value = float(text) if any(c in text for c in ".eE") else int(text)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


class FormTextArea(SafeTextArea):
    """A several-line field in a form: enter saves the form, like everywhere else in it;
    ctrl+j starts a new line. (Long text with many paragraphs has F2, the user's own editor.)"""

    BINDINGS = [
        Binding("enter", "screen.submit", "Save", id="form.long.submit", show=False, priority=True),
        Binding("ctrl+j", "new_line", "New line", id="form.long.newline", show=False, priority=True),
    ]

    def action_new_line(self) -> None:
        self.insert("\n")


class FormDialog(KeepsItsEdit, Dialog[dict[str, Any] | None]):
    """Edit some fields; dismisses with the new values, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="form.submit", priority=True),
        # Text fields handle enter themselves (and save); this is enter on a rating or a choice.
        Binding("enter", "submit", "Save", id="form.enter", show=False),
    ]

    AUTO_FOCUS = ""  # on_mount focuses the first field, without scrolling past its label
    KEPT: ClassVar[bool] = True
    """Once composed, the form is kept and shown again for the next form of the same `shape`, with
    that form's title, labels, hints and values (see Dialog.shape): composing and styling some
    thirty widgets was most of the cost of opening a form. A subclass that composes or mounts
    more than the fields says False, or adds what it needs to `shape` and `take`."""

    def __init__(self, title: str, fields: list[Field], *, submit: str = "save") -> None:
        """`submit` names what enter does, in the keys line: save, compare, show."""
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.submit_word = submit
        self.edits_workbook = submit == "save"
        """A read-only workbook does not open it (see StratbookApp.push_screen); filters and prompts do."""
        self.at_fault = ""
        """The key of the field a refused save found wrong; the focus goes there."""
        self.pasted: dict[str, list[str]] = {}
        """For fields that take a list: the pasted lines after the first (which is in the field)."""
        self.keep: Callable[[dict[str, Any]], Any] | None = NOT_SAID
        """The edit saving the form would make from its values (see KeepsItsEdit); None for a
        form that edits nothing (a filter, a file name)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes=BOX):
            yield Label(Content(self.form_title), id="form-title", classes=TITLE)
            with DialogBody(id="form-fields"):
                for field in self.fields:
                    yield Label(self._label_for(field), id=f"label-{field.key}", classes="form-label")
                    yield self._widget_for(field)
                    if field.hint or field.hints:
                        yield Static(self._hint_for(field), id=f"hint-{field.key}", classes="form-hint")
            with Vertical(classes=FOOT):
                yield Static("", id="form-pasted")
                yield Static("", id="form-error")
                k = key_in_effect
                keys = f"{k('form.enter')}: {self.submit_word}   tab: next field   {k('form.cancel')}: cancel"
                if any(field.kind == "long" for field in self.fields):
                    keys = (f"{k('form.enter')}: {self.submit_word}  tab: next  {k('form.cancel')}: cancel  "
                            f"{k('form.long.newline')}: new line  {k('app.editor')}: editor")
                yield Static(Content(keys), id="form-keys")

    def on_mount(self) -> None:
        self._focus_first()
        for field in self.fields:
            if field.hints:  # the hint follows the choice (a form kept for later keeps this watch)
                self.watch(self.query_one(f"#field-{field.key}"), "value", self._choice_hint_shower(field.key),
                           init=False)

    def _choice_hint_shower(self, key: str) -> Callable[[str], None]:
        def shown(chosen: str) -> None:  # one parameter: Textual passes the new value alone
            field = next((f for f in self.fields if f.key == key), None)
            if field is not None and field.hints:
                show(self.query_one(f"#hint-{key}", Static), self._hint_for(field, chosen))
        return shown

    def _focus_first(self) -> None:
        if self.fields:
            # Not scrolled into view: the form starts at its top, with the first field's label
            # (scrolling to the field itself hid the label above it). None when the app is
            # quitting as the form appears: its fields are already gone.
            first = self.query(f"#field-{self.fields[0].key}")
            if first:
                first.first().focus(scroll_visible=False)

    def shape(self) -> tuple | None:
        if not self.KEPT:
            return None
        return type(self), self.submit_word, tuple((field.key, field.kind, bool(field.hint or field.hints))
                                                   for field in self.fields)

    def take(self, form: FormDialog) -> None:  # type: ignore[override]
        """Show `form` (of the same shape, never shown) in this composed one, as if it were new:
        its title, labels, hints and values, its checks and suggestions; no typing, error,
        pasted list, scroll or cursor of before."""
        self.form_title, self.fields = form.form_title, form.fields
        self.submit_word, self.edits_workbook = form.submit_word, form.edits_workbook
        self.keep = form.keep
        self.at_fault, self.pasted = "", {}
        self._answered = False
        show(self.query_one("#form-title", Label), Content(self.form_title))
        for field in self.fields:
            show(self.query_one(f"#label-{field.key}", Label), self._label_for(field))
            if field.hint or field.hints:
                show(self.query_one(f"#hint-{field.key}", Static), self._hint_for(field))
            self._fill(self.query_one(f"#field-{field.key}"), field)
        show(self.query_one("#form-error", Static), "")
        pasted = self.query_one("#form-pasted", Static)
        show(pasted, "")
        pasted.display = False
        self.query_one("#form-fields", VerticalScroll).scroll_home(animate=False)
        self._focus_first()

    @staticmethod
    def _label_for(field: Field) -> Content:
        return Content(field.label + (" *" if field.required else ""))

    @staticmethod
    def _hint_for(field: Field, chosen: str | None = None) -> Content:
        if field.hints:
            return Content(for_display(field.hints.get(field.value if chosen is None else chosen, field.hint),
                                       multiline=True))
        return Content(for_display(field.hint, multiline=True))

    @staticmethod
    def _fill(widget, field: Field) -> None:
        """Put `field`'s value (and choices, checks, suggestions) into its composed widget."""
        if field.kind == "long":
            widget.show_text(field.value or "")
            widget.selection = Selection.cursor((0, 0))
            widget.scroll_home(animate=False)
        elif field.kind == "rating":
            words = field.choices if len(field.choices) == 2 else ("minor", "critical")
            if (widget.low, widget.high) != words:
                widget.low, widget.high = words
                widget.refresh()  # the words for 1 and 5 may differ while the value does not
            widget.value = max(1, min(5, field.value or 3))
        elif field.kind == "choice":
            widget.show(field.choices, field.labels or {}, field.value)
        else:
            widget.suggester, widget.takes_list = field.suggester, field.takes_list
            widget.reset(_text_of(field))

    def _widget_for(self, field: Field):
        widget_id = f"field-{field.key}"
        if field.kind == "long":
            area = FormTextArea(field.value or "", id=widget_id, soft_wrap=True, tab_behavior="focus",
                            show_line_numbers=False)
            area.add_class("form-long")
            return area
        if field.kind == "rating":
            low, high = field.choices if len(field.choices) == 2 else ("minor", "critical")
            return RatingInput(field.value or 3, low=low, high=high, id=widget_id)
        if field.kind == "choice":
            return ChoiceInput(field.choices, field.value, labels=field.labels, id=widget_id)
        return SafeInput(_text_of(field), id=widget_id, select_on_focus=False, takes_list=field.takes_list,
                         suggester=field.suggester)

    def _read(self) -> dict[str, Any] | str:
        """The values, or an error message naming the first bad field (`at_fault`)."""
        values: dict[str, Any] = {}
        for field in self.fields:
            self.at_fault = field.key
            value = self._typed(field)
            if field.kind == "number" and isinstance(field.value, (int, float)) and value.strip() == _text_of(field):
                value = field.value  # left as shown: the number itself (10.0 stays 10.0 in the file)
            elif field.kind == "number":
                try:
                    value = parse_number(value)
                except ValueError:
                    return f"{field.label}: '{value}' is not a number"
            elif field.kind not in ("long", "rating", "choice") and field.check is not None and (problem := field.check(value)):
                return f"{field.label}: {problem}"
            if field.required and (value is None or (isinstance(value, str) and not value.strip())):
                return f"{field.label} is required"
            values[field.key] = value
        if self.pasted:
            values[PASTED] = dict(self.pasted)
        return values

    def _typed(self, field: Field) -> Any:
        """What field `field` holds now, as its widget has it (text, or a rating's or a choice's value)."""
        widget = self.query_one(f"#field-{field.key}")
        return widget.whole_text if field.kind == "long" else widget.value

    def holds_typing(self) -> bool:
        """Something was typed or chosen that saving the dialog would keep (see StratbookApp.action_quit)."""
        if not self.edits_workbook:
            return False
        if self.pasted:
            return True
        for field in self.fields:
            now = self._typed(field)
            before = field.value
            if field.kind in ("rating", "choice"):
                if now != (before if before is not None else now):
                    return True
            elif str(now).strip() != _text_of(field).strip():  # as the box showed it (10, not 10.0)
                return True
        return False

    def typed_values(self) -> dict[str, Any]:
        """The values as typed so far, as saving would give them, unchecked: a field whose value
        saving would refuse (not a number, a date it does not read, empty though required) has
        the value the form opened with, so the rest of the typing is kept."""
        values: dict[str, Any] = {}
        for field in self.fields:
            value = self._typed(field)
            if field.kind == "number":
                try:
                    value = parse_number(value)
                except ValueError:
                    value = field.value
            elif field.kind not in ("long", "rating", "choice") and field.check is not None and field.check(value):
                value = "" if field.value is None else str(field.value)
            if field.required and (value is None or (isinstance(value, str) and not value.strip())):
                value = field.value
            values[field.key] = value
        if self.pasted:
            values[PASTED] = dict(self.pasted)
        return values

    def typing_held(self) -> tuple | None:
        """The values as typed (comparable), if the form holds typing its opener keeps; else None.
        For the recovery file's watch, which writes again only when this changed."""
        if not callable(self.keep) or not self.is_mounted:
            return None
        try:
            if not self.holds_typing():
                return None
            values = self.typed_values()
        except NoMatches:  # pushed, its fields not composed yet: nothing typed
            return None
        pasted = values.pop(PASTED, {})
        return (*values.items(), *((key, tuple(lines)) for key, lines in pasted.items()))

    def edit_held(self) -> Any:
        """The edit saving the form as typed so far would make (see `typed_values`), or None:
        nothing typed, nothing it would change, or a required field still empty."""
        if self.typing_held() is None:
            return None
        values = self.typed_values()
        for field in self.fields:
            value = values[field.key]
            if field.required and (value is None or (isinstance(value, str) and not value.strip())):
                return None
        try:
            return self.keep(values)  # type: ignore[misc]
        except Exception:  # noqa: BLE001 - a way out must go on; the rest of the work is kept
            return None

    def action_submit(self) -> None:
        result = self._read()
        if isinstance(result, str):
            self.query_one("#form-error", Static).update(Content(result))
            self.query_one(f"#field-{self.at_fault}").focus()
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        close_unless_kept(self, self.holds_typing(), "what you typed")

    @on(SafeInput.ListPasted)
    def _list_pasted(self, event: SafeInput.ListPasted) -> None:
        """A list pasted into the field that names the item: one item per line, the rest of
        the form the same for each."""
        event.stop()
        key = (event.input.id or "").removeprefix("field-")
        first, *more = event.items
        self.pasted[key] = more
        event.input.value = first
        event.input.cursor_position = len(first)
        shown = "; ".join(one_line(item, 30) for item in more[:3]) + ("; ..." if len(more) > 3 else "")
        self.query_one("#form-error", Static).update("")  # "X is required" no longer holds
        note = self.query_one("#form-pasted", Static)
        note.display = True
        note.update(Content(
            f"Pasted {len(event.items)} lines: saving adds {len(event.items)} items, one per line "
            f"(the other fields go with each). After this one: {shown}"))

    @on(Input.Submitted)
    def _enter_saves(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()


def _text_of(field: Field) -> str:
    """A one-line field's value as its box shows it (a number as typed: typed_number)."""
    if field.value is None:
        return ""
    if field.kind == "number" and isinstance(field.value, (int, float)):
        return typed_number(field.value)
    return str(field.value)
