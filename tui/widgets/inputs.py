"""Small keyboard-first inputs for forms: a 1..5 rating and a choice among a few words."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from tui.glyphs import glyphs
from tui.widgets.safe import rating_dots


def focus_mark(widget: Widget) -> str:
    """The first cell of a one-line field: the focus mark while it has focus (in place of padding)."""
    return glyphs.focus if widget.has_focus else " "


class RatingInput(Widget, can_focus=True):
    """A rating from 1 to 5, changed with left/right, -/+ or a digit."""

    BINDINGS = [
        Binding("left,minus,h", "step(-1)", "Lower", id="rating.lower", show=False),
        Binding("right,plus,equals_sign,l", "step(1)", "Raise", id="rating.raise", show=False),
        Binding("1", "set(1)", show=False, id="rating.1"),
        Binding("2", "set(2)", show=False, id="rating.2"),
        Binding("3", "set(3)", show=False, id="rating.3"),
        Binding("4", "set(4)", show=False, id="rating.4"),
        Binding("5", "set(5)", show=False, id="rating.5"),
    ]
    DEFAULT_CSS = """
    RatingInput { height: 1; width: auto; min-width: 24; padding: 0 1 0 0; }
    RatingInput:focus { background: $boost; text-style: bold; }
    """

    value: reactive[int] = reactive(3)
    """The rating, 1 to 5."""

    def __init__(self, value: int = 3, *, low: str = "minor", high: str = "critical",
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.low, self.high = low, high
        self.set_reactive(RatingInput.value, max(1, min(5, value)))

    def render(self) -> Content:
        return Content(f"{focus_mark(self)}{glyphs.step_back} {rating_dots(self.value)} {self.value} {glyphs.step_on}  1 {self.low} .. 5 {self.high}")

    def action_step(self, delta: int) -> None:
        self.value = max(1, min(5, self.value + delta))

    def action_set(self, value: int) -> None:
        self.value = value


class ChoiceInput(Widget, can_focus=True):
    """One of a few fixed words, cycled with left/right or chosen by its first letter.

    The row shows every choice when they fit; when they do not (long words, a narrow
    terminal), it shows those around the chosen one, and an ellipsis on the side where more
    are hidden: `‹ … Product development  [Market development] … ›`. The chosen one is always
    in view (cut short itself only when it alone is wider than the row), and the row scrolls
    as a list does: only when the choice leaves it."""

    BINDINGS = [
        Binding("left,h", "step(-1)", "Previous", id="choice.previous", show=False),
        Binding("right,l,space", "step(1)", "Next", id="choice.next", show=False),
    ]
    DEFAULT_CSS = """
    ChoiceInput { height: 1; width: auto; min-width: 24; padding: 0 1 0 0; }
    ChoiceInput:focus { background: $boost; text-style: bold; }
    """

    value: reactive[str] = reactive("")
    """The chosen word."""

    def __init__(self, choices: tuple[str, ...], value: str | None = None, *, labels: dict[str, str] | None = None,
                 id: str | None = None) -> None:
        """`labels` shows some choices under another name (e.g. "SMART" for "smart")."""
        super().__init__(id=id)
        self.choices = choices
        self.labels = labels or {}
        self.set_reactive(ChoiceInput.value, value if value in choices else choices[0])
        self._first = 0
        """The first choice the row showed when it last had to leave some out (it scrolls from there)."""

    def show(self, choices: tuple[str, ...], labels: dict[str, str], value: str) -> None:
        """Other choices (or the same) and a value, the row shown from its start: a kept form
        shown again for another item (see FormDialog.take)."""
        self.choices, self.labels, self._first = choices, labels, 0
        self.value = value if value in choices else choices[0]
        self.refresh()  # the choices or the start may differ while the value does not

    def _label(self, choice: str) -> str:
        return self.labels.get(choice, choice)

    def _shown(self, index: int, chosen: int) -> str:
        label = self._label(self.choices[index])
        return f"[{label}]" if index == chosen else label

    def _ends(self) -> tuple[str, str]:
        return f"{focus_mark(self)}{glyphs.step_back} ", f" {glyphs.step_on}"

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """Every choice's width (the row asks for all of them; render fits it to what it gets)."""
        chosen = self.choices.index(self.value)
        before, after = self._ends()
        whole = "  ".join(self._shown(i, chosen) for i in range(len(self.choices)))
        return min(cell_len(before + whole + after), container.width)

    def render(self) -> Content:
        before, after = self._ends()
        return Content(before + self._window(self.content_size.width - cell_len(before + after)) + after)

    def _window(self, room: int) -> str:
        """The choices shown in `room` cells: all of them, or a run of them around the chosen one
        with an ellipsis on each side that leaves some out."""
        count, chosen = len(self.choices), self.choices.index(self.value)
        shown = [self._shown(i, chosen) for i in range(count)]
        cut = glyphs.ellipsis_text

        def line(first: int, last: int) -> str:
            return " ".join([*([cut] if first > 0 else []), "  ".join(shown[first:last + 1]),
                             *([cut] if last < count - 1 else [])])

        def fits(first: int, last: int) -> bool:
            return cell_len(line(first, last)) <= room

        if room <= 0 or fits(0, count - 1):
            self._first = 0
            return line(0, count - 1)
        first = min(max(self._first, 0), chosen)
        while first < chosen and not fits(first, chosen):
            first += 1
        if not fits(first, chosen):  # the chosen one alone is wider than the row: cut it short
            self._first = chosen
            ends = cell_len(line(chosen, chosen)) - cell_len(shown[chosen])
            label = self._label(self.choices[chosen])
            return line(chosen, chosen).replace(shown[chosen], "[" + _cut(label, room - ends - 2, cut) + "]")
        last = max(i for i in range(chosen, count) if fits(first, i))
        while first > 0 and fits(first - 1, last):  # room to spare on the left (the row grew)
            first -= 1
        self._first = first
        return line(first, last)

    def action_step(self, delta: int) -> None:
        index = self.choices.index(self.value)
        self.value = self.choices[(index + delta) % len(self.choices)]

    def on_key(self, event) -> None:
        """A choice's first letter (or digit) picks it, cycling among choices that share it."""
        if event.character and event.character.isalnum() and len(event.character) == 1:
            starting = [c for c in self.choices if self._label(c).lower().startswith(event.character.lower())]
            if starting:
                after = [c for c in starting if self.choices.index(c) > self.choices.index(self.value)]
                self.value = (after or starting)[0]
                event.stop()
                event.prevent_default()


def _cut(text: str, width: int, ellipsis: str) -> str:
    """`text` cut to `width` cells, ending in `ellipsis` when cut."""
    if cell_len(text) <= width:
        return text
    return set_cell_size(text, max(0, width - cell_len(ellipsis))).rstrip() + ellipsis
