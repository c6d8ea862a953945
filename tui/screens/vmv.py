"""Vision, Mission and Values: the direction that every goal must serve."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import DescendantFocus
from textual.widgets import Label, OptionList, Static, TextArea

from tui.keymap import bind, mark_keys
from tui.model.edits import Edit, Insert, Move, Remove, RemoveAll, SetFields, one_edit, touched_containers
from tui.model.ids import new_id
from tui.model.workbook import Value
from tui.modals.form import Field, FormDialog, form_rows
from tui.screens.base import SectionScreen
from tui.model.text import counted, one_line
from tui.widgets.safe import SafeTextArea
from tui.widgets.lines import LazyOptionList

GUIDANCE = {
    "vision": (
        "Vision: where we aspire to be in the long term.",
        "What change do we want to see in the world in 10 years?\n"
        "What would be different if we succeed?\n"
        "Is it inspiring, and short enough to remember?",
    ),
    "mission": (
        "Mission: our purpose and primary objectives, today.",
        "What do we do, and for whom?\n"
        "How do we do it differently from others?\n"
        "Why does it matter to the people we serve?",
    ),
    "values": (
        "Values: the ethical principles and standards that guide us.",
        "What do we stand for, even when it costs us?\n"
        "How do we treat customers, colleagues and partners?\n"
        "Would we hire or fire for it?",
    ),
}


class ValuesList(LazyOptionList):
    """The organisation's values, one per line, each drawn when shown; edited with single keys."""

    KEYS_TITLE = "Values"
    """The heading of these keys on the help screen."""

    # Not in the footer: the line above the list shows them, and the footer keeps room for save and undo.
    BINDINGS = [
        bind("add", "screen.add_value", "vmv", show=False, tooltip="A new value after the highlighted one"),
        bind("edit", "screen.edit_value", "vmv", show=False, tooltip="The value's name and what it means; enter too"),
        bind("delete", "screen.delete_value", "vmv", show=False),
        bind("move_up", "screen.move_value(-1)", "vmv", show=False),
        bind("move_down", "screen.move_value(1)", "vmv", show=False),
        Binding("j", "cursor_down", show=False, id="vmv.cursor_down"),
        Binding("k", "cursor_up", show=False, id="vmv.cursor_up"),
        *mark_keys("vmv"),
    ]


class VmvScreen(SectionScreen):
    SECTION = "vmv"
    GUIDE = (
        "Vision is where we aspire to be in the long term; mission is our purpose and\n"
        "primary objectives; values are the principles that guide how we work.\n"
        "{keys[vmv.vision]} and {keys[vmv.mission]} move into the vision and mission boxes; type, then esc leaves a box.\n"
        "tab moves between the parts; {keys[app.undo]} undoes a change once you have left the box."
    )
    AUTO_FOCUS = "#values"
    """The list, not a text box, has the focus at first, so that section keys and ? work at once.
    (Focused from on_mount instead, the vision box had it first, and both restyled twice.)"""
    BINDINGS = [
        Binding("escape", "leave_text", "Leave text", id="vmv.leave", show=False,
                tooltip="Out of the text box, back to the values"),
        Binding("v", "edit_text('vision')", "Vision", id="vmv.vision", tooltip="Into the vision text"),
        Binding("m", "edit_text('mission')", "Mission", id="vmv.mission", tooltip="Into the mission text"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._values: dict[str, Value] = {}
        """Each value by its id, in order: what a row of the list is drawn from."""

    def body(self) -> ComposeResult:
        with Horizontal(id="vmv-body"):
            with Vertical(id="vmv-main"):
                yield Label(Content.assemble(("Vision", "bold"), "  where we aspire to be, long term"),
                            classes="vmv-title")
                yield SafeTextArea(id="vision", soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                               placeholder=GUIDANCE["vision"][1])
                yield Label(Content.assemble(("Mission", "bold"), "  our purpose and primary objectives"),
                            classes="vmv-title")
                yield SafeTextArea(id="mission", soft_wrap=True, tab_behavior="focus", show_line_numbers=False,
                               placeholder=GUIDANCE["mission"][1])
                yield Label(Content.assemble(("Values", "bold"), "  the principles that guide us"),
                            id="values-title", classes="vmv-title")
                yield ValuesList(self._value_line, id="values")
            yield Static(id="vmv-guide")

    def on_mount(self) -> None:
        # (SectionScreen.on_mount runs too: Textual calls the handler of every class in the MRO.)
        self._show_guide("values")

    def action_edit_text(self, part: str) -> None:
        self.query_one(f"#{part}", TextArea).focus()

    def cursor_ref(self) -> str | None:
        focused = self.focused
        if focused is not None and focused.id in ("vision", "mission"):
            return focused.id
        index = self.query_one("#values", ValuesList).highlighted
        values = self.stratbook.workbook.vmv.values
        return values[index].id if index is not None and 0 <= index < len(values) else "values"

    def focus_item(self, item_id: str) -> bool:
        """`vision` or `mission`: into its text box; `values` or a value's id: the cursor in the list
        (on that value)."""
        if item_id in ("vision", "mission"):
            self.action_edit_text(item_id)
            return True
        values = self.query_one("#values", ValuesList)
        index = next((i for i, v in enumerate(self.stratbook.workbook.vmv.values) if v.id == item_id), None)
        if index is None and item_id != "values":
            return False
        if index is not None:
            values.highlighted = index
        values.focus()
        return True

    # -- showing the model ---------------------------------------------------------
    def refresh_model(self, edit: Edit | None) -> None:
        # Only what the edit touched is drawn again: typing in the vision box is an edit per
        # character, and must not rebuild a list of thousands of values each time.
        touched = touched_containers(edit)
        vmv = self.stratbook.workbook.vmv
        for name in ("vision", "mission"):
            area = self.query_one(f"#{name}", SafeTextArea)
            area.read_only = self.stratbook.read_only  # typing that could not be kept is not taken
            if (touched is None or "vmv" in touched) and area.whole_text != getattr(vmv, name):
                area.show_text(getattr(vmv, name))
        if touched is None or "vmv.values" in touched:
            self._show_values(edit)
        elif changed := touched & self._values.keys():  # values edited in place
            self.query_one("#values", ValuesList).refresh_rows(changed)

    def _value_line(self, value_id: str) -> Content:
        value = self._values.get(value_id)
        if value is None:
            return Content("")
        return Content.assemble((one_line(value.name or "(unnamed)", 30), "bold"), "  ", one_line(value.description))

    def _show_values(self, edit: Edit | None) -> None:
        vmv = self.stratbook.workbook.vmv
        values = self.query_one("#values", ValuesList)
        if (isinstance(edit, Move) and edit.container == edit.to_container and len(self._values) == len(vmv.values)
                and values.index_of(edit.item_id) is not None):
            # A value moved up or down (J, K): the one row moves, the list of thousands stays.
            to = min(max(edit.to_index, 0), len(vmv.values) - 1)
            values.move_row(edit.item_id, to)
            return
        self._values = {}
        for value in vmv.values:  # ids may repeat in a bad merge: the first is the row
            self._values.setdefault(value.id, value)
        if edit is None:
            values.refresh_all_rows()  # a value may have changed in ways not known
        keep = None
        if isinstance(edit, (Insert, Move)) and edit.container == "vmv.values":
            keep = edit.item.id if isinstance(edit, Insert) else edit.item_id
        values.set_rows(self._values, keep=keep)
        self.show_marks()

    def show_marks(self) -> None:
        """The values' title: how many, how many marked, the keys."""
        count = len(self.stratbook.workbook.vmv.values)
        marked = len(self.marked_values())
        key = self.stratbook.shown_key
        keys = (f"   {key('vmv.add')} add  {key('vmv.edit', 'e')} edit  {key('vmv.delete', 'd')} delete  "
                f"{key('vmv.move_up', 'K')}/{key('vmv.move_down', 'J')} move" if count
                else f"   press {key('vmv.add')} to add the first value", "dim")
        if marked:
            keys = (f"   {key('vmv.delete', 'd')} deletes them  {key('vmv.unmark', 'U')} unmarks", "dim")
        self.query_one("#values-title", Label).update(Content.assemble(
            ("Values", "bold"), f" ({count})", (f"  {marked} marked", "bold reverse") if marked else "",
            "" if marked else "  the principles that guide us", keys,
        ))

    def marked_values(self) -> list[Value]:
        return self.marked_in(self.stratbook.workbook.vmv.values)

    def _show_guide(self, part: str) -> None:
        summary, questions = GUIDANCE[part]
        self.query_one("#vmv-guide", Static).update(
            Content.assemble((summary, "bold"), "\n\nQuestions that help:\n", questions)
        )

    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        if event.widget.id in GUIDANCE:
            self._show_guide(event.widget.id)

    # -- vision and mission: every change is an edit, bursts undo as one -----------------
    @on(TextArea.Changed, "#vision, #mission")
    def _text_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        field = area.id or ""
        text = area.whole_text if isinstance(area, SafeTextArea) else area.text
        if text != getattr(self.stratbook.workbook.vmv, field):
            self.stratbook.apply(SetFields("vmv", {field: text}, f"edit {field}"),
                                 merge_key=f"vmv.{field}")

    def action_leave_text(self) -> None:
        if isinstance(self.focused, TextArea):
            self.query_one("#values", ValuesList).focus()

    # -- values ----------------------------------------------------------------------
    def _selected_value(self) -> Value | None:
        values = self.stratbook.workbook.vmv.values
        index = self.query_one("#values", ValuesList).highlighted
        return values[index] if index is not None and 0 <= index < len(values) else None

    def _value_form(self, title: str, value: Value | None) -> FormDialog:
        return FormDialog(title, [
            Field("name", "Name", value=value.name if value else "", required=True, takes_list=value is None,
                  hint="One or two words, e.g. Integrity"),
            Field("description", "What it means in practice", "long", value.description if value else "",
                  hint="How people behave when they live this value."),
        ])

    def action_add_value(self) -> None:
        def adding(result: dict) -> Edit | None:
            workbook = self.stratbook.workbook
            index = self.query_one("#values", ValuesList).highlighted
            position = len(workbook.vmv.values) if index is None else index + 1
            rows = form_rows(result, "name")
            taken, edits = workbook.ids(), []
            for offset, row in enumerate(rows):
                value = Value(new_id("val", taken), row["name"].strip(), row["description"])
                taken.add(value.id)
                edits.append(Insert("vmv.values", position + offset, value, f"add value {value.name}"))
            return one_edit(edits, f"add {len(rows)} values")

        def added(result: dict | None) -> None:
            if result and (edit := adding(result)) is not None:
                self.stratbook.apply(edit)

        self.app.push_screen(self._value_form("New value", None).keeping(adding), added)

    def action_edit_value(self) -> None:
        value = self._selected_value()
        if value is None:
            self.action_add_value()
            return

        def editing(result: dict) -> Edit | None:
            if (result["name"].strip(), result["description"]) == (value.name, value.description):
                return None
            return SetFields(value.id, {"name": result["name"].strip(), "description": result["description"]},
                             f"edit value {value.name}")

        def edited(result: dict | None) -> None:
            if result and (edit := editing(result)) is not None:
                self.stratbook.apply(edit)

        self.app.push_screen(self._value_form("Edit value", value).keeping(editing), edited)

    def action_delete_value(self) -> None:
        marked = self.marked_values()
        if marked:
            what = counted(len(marked), "marked value")
            self.delete_items(RemoveAll(tuple(Remove("vmv.values", v.id) for v in marked), f"delete {what}"),
                              [v.id for v in marked], what, also="Every marked value goes.")
            return
        value = self._selected_value()
        if value is not None:
            self.delete_items(Remove("vmv.values", value.id, f"delete value {value.name}"), [value.id], "value")

    def action_move_value(self, delta: int) -> None:
        value = self._selected_value()
        values = self.stratbook.workbook.vmv.values
        if value is None:
            return
        index = next(i for i, v in enumerate(values) if v is value)  # `==` would compare every field
        if 0 <= index + delta < len(values):
            self.stratbook.apply(Move("vmv.values", value.id, "vmv.values", index + delta,
                                      f"move value {value.name}"))

    @on(OptionList.OptionSelected, "#values")
    def _enter_edits(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit_value()

    def section_commands(self) -> list[tuple[str, str, object]]:
        return [
            ("Add a value", "A new value under Vision, Mission and Values", self.action_add_value),
            ("Edit the vision", "Move to the vision text", lambda: self.query_one("#vision").focus()),
            ("Edit the mission", "Move to the mission text", lambda: self.query_one("#mission").focus()),
        ]
