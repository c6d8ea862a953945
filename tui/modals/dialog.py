"""The base of every dialog: a `ModalScreen` that closes once, and opens with one layout.

Textual's `dismiss` pops whatever screen is on top. Keys that arrive in a burst (a paste, a slow
link catching up, a fast typist) can answer a dialog twice before it has closed: the second answer
then popped the screen under it, or stopped the app when that was the last one. Here a dialog that
is no longer the screen on top ignores a second dismiss.

Every dialog is laid out one way (`BOX`, `TITLE`, `FOOT`, `ButtonRow`; styles/base.tcss): its title
is held at the top of its box and its choices (buttons, the error, the keys line with the key that
cancels) at the bottom, and what lies between (a message, fields, a list) scrolls or is cut when the
terminal is too small for it all: at 60x20, or with a long message, the choices stay in view.

Opening a dialog costs Textual's own work, and most of it was drawing the section under the
translucent backdrop, again and again: see `SteadyLayout`, `_on_screen_resume` and `render` below."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, TypeVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from textual import events
from textual.await_complete import AwaitComplete
from textual.containers import Horizontal
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.visual import RenderOptions, RichVisual, Visual

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.style import Style
    from textual.widget import Widget

from tui.screens.steady import SteadyLayout

ResultType = TypeVar("ResultType")

BOX = "dialog-box"
"""The class of a dialog's outer box: what lies between its title and its foot scrolls there."""
TITLE = "dialog-title"
"""The class of a dialog's title: held at the top of its box."""
FOOT = "dialog-foot"
"""The class of the one container that holds a dialog's choices (its buttons, error and keys
line): held at the bottom of its box, whatever the box holds above."""


class ButtonRow(Horizontal):
    """A dialog's buttons: side by side where they all fit whole, else one per line (also when
    there are more than `side_by_side` of them), so that no label is ever cut."""

    BUTTON_MIN = 16
    """Textual 8.2.8's `Button { min-width: 16 }`: a short label is centred in that width."""
    SPACING = 2
    """The margin between buttons side by side (styles/base.tcss)."""

    def __init__(self, *children, side_by_side: int = 2, **kwargs) -> None:
        super().__init__(*children, **kwargs)
        self.side_by_side = side_by_side
        self.set_class(len(children) > side_by_side, "-stacked")

    def needed(self) -> int:
        """The width the buttons take side by side."""
        from textual.widgets import Button

        widths = [max(button.label.cell_length + 2, self.BUTTON_MIN) for button in self.query_children(Button)]
        return sum(widths) + self.SPACING * (len(widths) - 1)

    def on_resize(self) -> None:
        stacked = len(self.children) > self.side_by_side or self.needed() > self.size.width
        self.set_class(stacked, "-stacked")


class Dialog(SteadyLayout, ModalScreen[ResultType]):
    _answered = False
    _shown = False

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if self._answered or self.app.screen is not self:
            return AwaitComplete.nothing()
        self._answered = True
        return super().dismiss(result)

    def shape(self) -> Hashable | None:
        """What this dialog's composed widgets depend on, or None (the default) when it is
        composed afresh each time. A dialog shown before with an equal shape, and not open now,
        is shown again in its place, with `take(this one)` (StratbookApp.push_screen): no compose,
        mount and styling of its widgets (most of the cost of opening a dialog), and closing it
        does not take it apart."""
        return None

    def take(self, dialog: Dialog) -> None:
        """Show what `dialog` (of the same shape, never shown) would show, as if new: all of it,
        nothing of before (typing, errors, scroll, cursor, undo)."""
        raise NotImplementedError

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        self._answered = False  # shown again (a kept dialog, see `shape`)
        styled_as_before = self._styled_as_before()
        if self._shown or not self.is_attached:
            # Shown again: Textual's Screen._on_screen_resume runs next. Its style update of
            # every node (half the cost of showing a kept form) finds nothing new when nothing
            # the styles hang on has changed since the dialog was last shown.
            if styled_as_before and self._shown:
                event.refresh_styles = False
            return
        self._shown = True
        # The first time: Textual 8.2.8's Screen._on_screen_resume, less two things that only
        # repeat work. Its style update: the styles were worked out when the dialog was mounted,
        # just now. Its closing refresh: the first layout has just drawn the whole dialog, and
        # the refresh drew it all once more, the section under the backdrop included.
        event.prevent_default()
        self.stack_updates += 1
        self.app._refresh_notifications()
        self._update_auto_focus()
        self._refresh_layout(self.app.size)

    def render(self):
        # Textual 8.2.8's Screen.render draws the screen under a translucent backdrop with a
        # BackgroundScreen: every line of it, tinted segment by segment, each time the dialog is
        # painted (twice when it opens, as the screen under it asks for a repaint too): half the
        # cost of opening a dialog. The same, line by line, from lines tinted before.
        drawn = super().render()
        if isinstance(drawn, BackgroundScreen):
            return TintedScreen(self, drawn.screen, drawn.color)
        return drawn


TINTED_KEPT = 2_000
"""Tinted lines kept (a few screens' worth, of each section under each dialog)."""
_tinted: dict[tuple, Strip] = {}
"""Each line of a screen under a dialog, tinted, by what it shows and how it is tinted."""


class TintedScreen(Visual):
    """The screen under a dialog through its translucent backdrop, as Textual's BackgroundScreen
    draws it (Textual 8.2.8: `Screen.render`, `RichVisual.render_strips`), but each line is tinted
    once: a line that shows what it showed before (most of them, every time a dialog opens) is
    taken from `_tinted`. Keyed by the line's segments, the tint, the width and the base style,
    it cannot show anything stale."""

    def __init__(self, dialog: Widget, screen: Screen, color: Color) -> None:
        self.dialog = dialog
        self.screen = screen
        self.color = color

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        lines = self.screen._compositor.render_strips()
        if height is not None:
            lines = lines[:height]
        base = style.rich_style
        strips: list[Strip] = []
        for line in lines:
            key = (tuple(line), self.color, width, base)
            tinted = _tinted.get(key)
            if tinted is None:
                if len(_tinted) >= TINTED_KEPT:
                    _tinted.clear()
                drawn = RichVisual(self.dialog, _TintedLine(line, self.color)).render_strips(width, 1, style, options)
                tinted = _tinted[key] = drawn[0] if drawn else Strip([])
            strips.append(tinted)
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.screen._compositor.size.height


class _TintedLine:
    """One line of the screen under a dialog, tinted as BackgroundScreen tints it."""

    def __init__(self, line: Strip, color: Color) -> None:
        self.line = line
        self.color = color

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from BackgroundScreen.process_segments(self.line, self.color)
        yield Segment.line()
