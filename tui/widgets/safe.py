"""Turn untrusted text into something Textual shows literally.

User text is never markup: it goes into a `Content` (which Textual does not
parse) after `for_display` has made control characters visible. One place,
so that no screen has to remember the rules.
"""

from __future__ import annotations

import time

from rich.highlighter import Highlighter
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, TextArea
from textual.widgets.text_area import Selection

from tui.glyphs import glyphs
from tui.keymap import key_in_effect
from tui.model.text import for_display, joined_lines, one_line, pasted_items, pasted_text, visible_controls
from tui.model.text import rating_dots  # noqa: F401 (the widgets and screens that draw ratings import it from here)


def show(widget, content: Content | str, layout: bool = True) -> None:
    """`widget.update(content, layout=layout)` for a Static or Label, unless it shows just that
    already: Textual draws it again on every update (and lays the screen out again unless
    `layout=False`); a kept form shown for the next item of the same kind (the same labels and
    hints) did so for some twenty widgets, and a status line for every move of the focus."""
    shown = widget.content
    if type(shown) is type(content) and shown == content \
            and (not isinstance(content, Content) or shown.spans == content.spans):
        return
    widget.update(content, layout=layout)


def plain(text: str, multiline: bool = False) -> Content:
    """Literal content for Static, Label, OptionList and notify-like uses."""
    return Content(for_display(text, multiline))


def plain_line(text: str, width: int | None = None) -> Content:
    """One line, cut with an ellipsis to `width` characters."""
    return Content(one_line(text, width))


def rich_plain(text: str, width: int | None = None, style: str = "") -> Text:
    """For DataTable cells and Tree labels, which take Rich text."""
    return Text(one_line(text, width), style=style, no_wrap=True, overflow="ellipsis")


def score_style(score: int) -> str:
    """How an impact x likelihood score (1..25) looks: the board pack's heat-map bands, the two
    high ones bold (so they stand out without colour too)."""
    if score >= 15:
        return "bold $error"
    return "bold $warning" if score >= 8 else ""


class _VisibleControls(Highlighter):
    """Shows control characters as symbols inside an Input; the value is unchanged."""

    def highlight(self, text: Text) -> None:
        shown = visible_controls(text.plain)
        if shown != text.plain:
            text.plain = shown  # same length: styles and the cursor stay in place


class SafeInput(Input):
    """An Input that never sends a control character from its value to the terminal, never
    drops pasted lines without a word, and whose ctrl+z and ctrl+y undo and redo its own typing
    (Textual's Input has no undo, so the keys would reach the app and undo a change to the
    workbook somewhere else, out of sight).

    Textual's Input keeps the first line of a paste and drops the rest. Here a box that adds
    items (`takes_list`) turns a pasted list into one item per line (`ListPasted`, for its
    screen to add them); any other box joins the lines with spaces and says so.
    """

    BINDINGS = [
        Binding("ctrl+z", "undo_typing", "Undo typing", id="input.undo", show=False,
                tooltip="Undo typing in this box (esc leaves the box; then undo undoes workbook changes)"),
        Binding("ctrl+y", "redo_typing", "Redo typing", id="input.redo", show=False,
                tooltip="Redo typing in this box"),
    ]
    MERGE_SECONDS = 1.0
    """Typing with pauses shorter than this undoes as one step."""

    class ListPasted(Message):
        """Several lines were pasted into a box that adds items: one item per line."""

        def __init__(self, input: SafeInput, items: list[str]) -> None:
            super().__init__()
            self.input = input
            self.items = items
            """The pasted lines without blanks, bullets or numbers; more than one."""

        @property
        def control(self) -> SafeInput:
            return self.input

    def __init__(self, *args, takes_list: bool = False, **kwargs) -> None:
        kwargs.setdefault("highlighter", _VisibleControls())
        self._undo: list[tuple[str, int]] = []
        self._redo: list[tuple[str, int]] = []
        self._before: tuple[str, int] | None = None
        """The value and cursor before the latest change: what the next undo step holds."""
        self._typed_at = 0.0
        self._restoring = False
        super().__init__(*args, **kwargs)
        self._before = (self.value, len(self.value))
        self.takes_list = takes_list
        """Adds items: a pasted list is one item per line."""
        self._shows_start = True
        """The box shows its text from the start, as a new box does (Textual's Input does not
        scroll to the cursor it puts after a value given at first; `reset` scrolls back), not
        where the cursor last moved to."""

    def update_node_styles(self, animate: bool = True) -> None:
        """As Textual's, but not before the box is in the app: Textual 8.2.8's Input sets its value in
        `__init__`, which marks it -valid, and the box and its rules were worked out then for
        nothing (mounting styles it again, with its classes as they are by then). A step of the
        goal wizard with 60 boxes spent a third of its making on it."""
        if self._parent is not None:
            super().update_node_styles(animate)

    def _watch_selection(self, selection) -> None:
        super()._watch_selection(selection)  # scrolls to the cursor, but for the value given at first
        if not self._initial_value:
            self._shows_start = False

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # Textual's Input scrolls to its cursor only when the cursor moves: a box narrowed under a
        # cursor at the end of its text kept showing the start, the cursor off its right edge
        # (ctrl+f typed at 80x24, made 60x20), until the next key typed. At a new size the box is
        # scrolled as the same typing there scrolls it: as little as shows the cursor (or from the
        # start, where it showed its start). Not at its first layout, which a new box has too.
        laid_out = bool(self._size)
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        if resized and laid_out:
            if self._shows_start:
                self.scroll_to(x=0, animate=False, force=True, immediate=True)
            else:
                self.scroll_to_region(Region(self._cursor_offset, 0, width=1, height=1),
                                      animate=False, force=True, immediate=True)
        return resized

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input's own handler would insert the first line again
        text = pasted_text(event.text)  # no escape codes or controls: the text of it
        if self.takes_list and len(items := pasted_items(text)) > 1:
            self.post_message(self.ListPasted(self, items))
            return
        line, count = joined_lines(text)
        if count > 1:
            self.app.notify(f"Pasted {count} lines into a one-line box: they were joined with spaces.",
                            markup=False)
        if line:
            if self.selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *self.selection)

    def _watch_value(self, value: str) -> None:
        if self._before is not None and not self._restoring and value != self._before[0]:
            now = time.monotonic()
            if not self._undo or now - self._typed_at > self.MERGE_SECONDS:
                self._undo.append(self._before)
            self._redo.clear()
            self._typed_at = now
            self._shows_start = False  # (typing the first character moves no cursor: Input puts it there)
        self._before = (value, min(self.cursor_position, len(value)))
        super()._watch_value(value)

    def take_text(self, value: str) -> None:
        """Put `value` in the box as one undo step of its own (the text an editor gave back)."""
        self._typed_at = 0.0
        self.value = value
        self.cursor_position = len(value)
        self._typed_at = 0.0  # typing after it is a step of its own too

    def reset(self, value: str = "") -> None:
        """Show `value` with no typing to undo (a box opened afresh, or emptied after adding)."""
        self._restoring = True
        try:
            self.value = value
            self.cursor_position = len(value)
        finally:
            self._restoring = False
        self._undo.clear()
        self._redo.clear()
        self._before = (value, len(value))
        # As a new box shows it: from its start (putting the cursor at the end scrolled to the end).
        self.scroll_to(x=0, animate=False, force=True, immediate=True)  # force: a box does not scroll by keys
        self._shows_start = True

    def _restore(self, state: tuple[str, int]) -> None:
        self._restoring = True
        try:
            self.value, cursor = state
            self.cursor_position = min(cursor, len(self.value))
        finally:
            self._restoring = False
        self._before = (self.value, self.cursor_position)
        self._typed_at = 0.0

    def action_undo_typing(self) -> None:
        if not self._undo:
            self.notify("Nothing more to undo in this box.", markup=False, timeout=2)
            return
        self._redo.append((self.value, self.cursor_position))
        self._restore(self._undo.pop())

    def action_redo_typing(self) -> None:
        if not self._redo:
            self.notify("Nothing to redo in this box.", markup=False, timeout=2)
            return
        self._undo.append((self.value, self.cursor_position))
        self._restore(self._redo.pop())


LONG_TEXT = 50_000
"""The most characters a text box holds (about 12 pages). A TextArea costs about 1.4 us and
400 bytes a character: a 5 MB vision took 7 to 25 s to open and 2 GB. Longer text shows its
start, read-only, and is edited whole in $EDITOR (F2)."""


def _start_of(text: str) -> str:
    """The start of a long text, cut at a line break near `LONG_TEXT` when there is one."""
    cut = text.rfind("\n", LONG_TEXT // 2, LONG_TEXT)
    return text[: cut if cut > 0 else LONG_TEXT]


class SafeTextArea(TextArea):
    """A TextArea that never sends a control character from its text to the terminal, and
    stays responsive with any length of text.

    Textual draws TextArea lines as they are, ESC included, so a vision from an
    emailed file could retitle the window. Each line is drawn through
    `visible_controls`, one character for one, so the cursor still lines up.
    Text longer than `LONG_TEXT` is shown abridged (see `show_text`); `whole_text` is the value.
    """

    def __init__(self, text: str = "", *args, **kwargs) -> None:
        self.whole: str | None = text if len(text) > LONG_TEXT else None
        """The whole text when the box shows only its start (then read-only); else None."""
        super().__init__(_start_of(text) if self.whole is not None else text, *args, **kwargs)
        self._given = (text, self.text)
        """The text given to the box, and the box's text for it (see `whole_text`)."""
        self._said_read_only = False
        """Typing was refused with a word while the box has had the focus (`_say_read_only`)."""
        self._asked_read_only = self.read_only  # (TextArea sets it without validation)
        if self.whole is not None:
            self.set_reactive(TextArea.read_only, True)
        self._describe_abridged()

    @property
    def whole_text(self) -> str:
        """The field's value: the text, or the whole of an abridged one.

        The box splits its text at every kind of line break (`str.splitlines`: `\r`, `\r\n`, form
        feed, U+2028, NEL, ...) and joins the lines with the first break it found, so its `text`
        is not the text it was given when that had other breaks than `\n`. Until the text is
        edited, the value is the text as given (so showing a text never changes it); once edited,
        its lines are joined with `\n`, the break a save writes."""
        if self.whole is not None:
            return self.whole
        text = self.text
        given, shown = self._given
        if text == shown:
            return given
        return text if self.document.newline == "\n" else "\n".join(self.document.lines)

    def show_text(self, text: str) -> None:
        """Show `text` (its start only, read-only, when it is longer than `LONG_TEXT`)."""
        self.whole = text if len(text) > LONG_TEXT else None
        self.load_text(_start_of(text) if self.whole is not None else text)
        self._given = (text, self.text)
        self.read_only = self._asked_read_only  # validated again: abridged text is read-only
        self._describe_abridged()

    async def _on_key(self, event: events.Key) -> None:
        if self.read_only and (event.is_printable or event.key in ("enter", "backspace", "delete")):
            # Textual lets the key go on to the screen, where a letter is a command (m in the vision
            # moved to the mission box, and the rest of the sentence was typed there); and says nothing.
            event.stop()
            event.prevent_default()  # (Textual calls TextArea's own handler next, unless prevented)
            self._say_read_only()

    async def _on_paste(self, event: events.Paste) -> None:
        if self.read_only:
            event.stop()
            event.prevent_default()
            self._say_read_only()
            return
        # TextArea's own handler, called next, inserts the text of it: no escape codes or controls
        event.text = pasted_text(event.text)

    def _on_blur(self, event: events.Blur) -> None:
        self._said_read_only = False  # (Widget's own handler runs too: Textual calls each class's)

    def _say_read_only(self) -> None:
        """Why typing here is not taken: the text is too long for the box, or the workbook is
        read-only (the border subtitle says the first, where a border is drawn). Once while the
        box has the focus, not at every key."""
        if self._said_read_only:
            return
        self._said_read_only = True
        if self.whole is not None:
            self.app.notify(f"Too long to edit here: this box shows the first {len(self.text):,} of "
                            f"{len(self.whole):,} characters. {key_in_effect('app.editor')} edits all of it "
                            "in your editor.",
                            severity="warning", markup=False)
        elif callable(refuse := getattr(self.app, "refuse_read_only", None)):
            refuse()
        else:
            self.app.notify("This text cannot be changed here.", severity="warning", markup=False)

    def undo(self) -> None:
        # Textual 8.2.8 resizes before it puts the cursor back, so undoing an edit that took
        # lines away (the editor's text, a paste) crashed with the cursor past the end.
        # The start is a place in every text; the undo then puts the cursor where it was.
        if self.history.undo_stack:
            self.selection = Selection.cursor((0, 0))
        super().undo()

    def redo(self) -> None:
        if self.history.redo_stack:
            self.selection = Selection.cursor((0, 0))
        super().redo()

    def validate_read_only(self, read_only: bool) -> bool:
        self._asked_read_only = read_only
        return read_only or self.whole is not None

    def _describe_abridged(self) -> None:
        if self.whole is None:
            self.border_subtitle = None
        else:
            self.border_subtitle = (f"the first {len(self.text):,} of {len(self.whole):,} characters: "
                                    f"{key_in_effect('app.editor')} edits it all in your editor")

    def scroll_cursor_visible(self, center: bool = False, animate: bool = False):
        offset = super().scroll_cursor_visible(center, animate)
        if self.has_focus:
            self.call_after_refresh(self._cursor_line_in_view)  # once laid out: a box grows as lines are typed
        return offset

    def _cursor_line_in_view(self) -> None:
        """Textual's TextArea scrolls only itself to its cursor: typing in a box of a dialog's body
        scrolled away from it (ctrl+pgup; or a resize) went on out of sight. Each scrolling container
        around the box is scrolled as little as shows the cursor line, as typing in a one-line field
        does."""
        if not (self.has_focus and self.is_attached):
            return
        y = self.cursor_screen_offset.y
        for container in self.ancestors:
            if not isinstance(container, Widget) or not container.allow_vertical_scroll:
                continue
            shown = container.scrollable_content_region
            if shown.y <= y < shown.bottom:
                continue
            before = container.scroll_y
            container.scroll_to(y=before + (y - shown.y if y < shown.y else y - shown.bottom + 1),
                                animate=False, immediate=True)
            y -= round(container.scroll_y - before)

    def render_lines(self, crop):
        # A scrollbar of the container that comes or goes can change our width with no Resize
        # (seen under load in the wizard): lines stayed wrapped for the old width. Wrap again.
        if self.soft_wrap and self.wrapped_document._width != self.wrap_width:
            self._rewrap_and_refresh_virtual_size()
        return super().render_lines(crop)

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        shown = visible_controls(line.plain)
        if shown != line.plain:
            line.plain = shown
        return line
