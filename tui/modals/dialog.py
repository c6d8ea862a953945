"""The base of every dialog: a `ModalScreen` that closes once, and opens with one layout.

Textual's `dismiss` pops whatever screen is on top. Keys that arrive in a burst (a paste, a slow
link catching up, a fast typist) can answer a dialog twice before it has closed: the second answer
then popped the screen under it, or stopped the app when that was the last one. Here a dialog that
is no longer the screen on top ignores a second dismiss.

Every dialog is laid out one way (`BOX`, `TITLE`, `FOOT`, `DialogBody`, `ButtonRow`;
styles/base.tcss): its title is held at the top of its box and its choices (buttons, the error, the
keys line with the key that cancels) at the bottom, and what lies between (a message, fields, a list)
gets the rows that are left and scrolls in them, with its scroll bar beside it alone: at 60x20 or
40x12, or with a long message, the choices stay in view. A text cut so is read with the keys:
pgup/pgdn scroll it wherever the focus is (ctrl+pgup/ctrl+pgdn where the focused list or text box
pages itself), tab reaches it when it holds nothing else to focus, and the box's lower edge says
that there is more and which key shows it.

Opening a dialog costs Textual's own work, and most of it was drawing the section under the
translucent backdrop, again and again: see `SteadyLayout`, `_on_screen_resume` and `render` below."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from textual import events
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.color import Color
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.visual import RenderOptions, RichVisual, Visual
from textual.walk import walk_depth_first

from textual.widget import Widget

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.style import Style

from tui.keymap import key_in_effect
from tui.glyphs import glyphs
from tui.screens.on_top import FocusMarkOnTop
from tui.screens.steady import SteadyLayout

ResultType = TypeVar("ResultType")

BOX = "dialog-box"
"""The class of a dialog's outer box: what lies between its title and its foot scrolls there."""
TITLE = "dialog-title"
"""The class of a dialog's title, and of a line that explains what follows it: held at the top of
its box."""
BODY = "dialog-body"
"""The class of `DialogBody`: what lies between a dialog's title and its foot, when it is not a list."""
FOOT = "dialog-foot"
"""The class of the one container that holds a dialog's choices (its buttons, error and keys
line): held at the bottom of its box, whatever the box holds above."""


class DialogBody(VerticalScroll):
    """What lies between a dialog's title and its choices (a message, fields): the rows the box has
    left, scrolled when it holds more, with the scroll bar beside it and not beside the title or the
    buttons. Focused by tab when it is cut and holds nothing to focus (a message): up, down, j, k, home and
    end scroll it then; pgup and pgdn do from anywhere in the dialog, ctrl+pgup and ctrl+pgdn from a
    list or text box that pages itself (`Dialog.action_page_body`).
    While it is cut, the box's lower edge says which way there is more and the key that shows it."""

    DEFAULT_CLASSES = BODY
    BINDINGS = [
        # As the arrows scroll it while it has the focus (a question's j and k move between its
        # answers only from them: from here j went on to the first answer, a Delete as a rule).
        Binding("j", "scroll_down", "Down", show=False, id="dialog.body.down", tooltip="A line down"),
        Binding("k", "scroll_up", "Up", show=False, id="dialog.body.up", tooltip="A line up"),
    ]

    def allow_focus(self) -> bool:
        # Asked for each node styled inside (the `:can-focus` pseudo-class of every node on its path):
        # a walk that stops at the first field found, not a query that matched every node inside
        # against a selector first (mounting the wizard's key results, 130 fields, cost a second).
        return self.max_scroll_y > 0 and not any(w.focusable for w in walk_depth_first(self, Widget, with_root=False))

    def more(self) -> str:
        """What the box's lower edge says: more below, more above, or nothing when all is shown."""
        if self.max_scroll_y <= 0:
            return ""
        focused = self.screen.focused if self.is_attached else None
        keys = key_in_effect
        if focused is not self and focused is not None and {"pagedown", "pageup"} & set(focused._bindings.key_to_bindings):
            # the focused list or text box pages itself
            mark, down, up = "", keys("dialog.page_down_anywhere"), keys("dialog.page_up_anywhere")
        else:
            mark, down, up = f"{glyphs.focus} " if focused is self else "", keys("dialog.page_down"), keys("dialog.page_up")
        if self.scroll_y < self.max_scroll_y:
            return f"{mark}{glyphs.down} more below: {down}"
        return f"{mark}{glyphs.up} more above: {up}"

    def _say_more(self) -> None:
        box = self.parent
        while isinstance(box, Widget) and not box.has_class(BOX):
            box = box.parent
        if isinstance(box, Widget) and box.has_class(BOX):
            said = self.more()
            if str(box.border_subtitle or "") != said:
                box.border_subtitle = said

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._say_more()

    def watch_virtual_size(self) -> None:
        self._say_more()

    def on_resize(self) -> None:
        self._say_more()

    def on_focus(self) -> None:
        self._say_more()

    def on_blur(self) -> None:
        self._say_more()


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


NOT_SAID: Any = object()
"""A dialog's `keep` before its opener said how what it holds is kept (see `KeepsItsEdit.keeping`)."""


class KeepsItsEdit:
    """Mixed into a dialog that edits the workbook (a form, a picker that ticks, a TOWS strategy):
    what it holds, typed or ticked and not saved, is not an edit until it is saved, and a hang-up,
    a kill or a lost terminal would lose it. Its opener says which edit its result makes
    (`keeping`: the same edit the opener's callback applies when it is saved); the way out and the
    recovery watch put that edit into the workbook they keep (tui/open_file.py, `HoldsAnEdit`).
    A dialog that saves cannot open without saying (StratbookApp.push_screen)."""

    keep: Callable[[Any], Any] | None = NOT_SAID
    """The edit the dialog's result makes (an `Edit`, or None when it changes nothing); None for
    a dialog whose choice is not work to keep (one pick, taken at once)."""

    def keeping(self, keep: Callable[[Any], Any] | None):
        """This dialog, what it holds kept for recovery as the edit `keep` makes of its result."""
        self.keep = keep
        return self

    def held_result(self) -> Any:
        """What saving the dialog now would give its opener, if it holds anything that saving
        would change; else None."""
        raise NotImplementedError

    def typing_held(self) -> Hashable | None:
        """What the dialog holds (comparable: the watch writes again only when it changed), or None."""
        if not callable(self.keep) or not self.is_mounted:  # type: ignore[attr-defined]
            return None
        try:
            result = self.held_result()
        except NoMatches:  # pushed, its widgets not composed yet: nothing held
            return None
        return None if result is None else _comparable(result)

    def edit_held(self) -> Any:
        """The edit saving the dialog as it is would make, or None."""
        if self.typing_held() is None:
            return None
        try:
            return self.keep(self.held_result())  # type: ignore[misc]
        except Exception:  # noqa: BLE001 - a way out must go on; the rest of the work is kept
            return None


def _comparable(value: Any) -> Hashable:
    if isinstance(value, dict):
        return tuple((key, _comparable(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_comparable(item) for item in value)
    return value


class Dialog(FocusMarkOnTop, SteadyLayout, ModalScreen[ResultType]):
    BINDINGS = [
        Binding("pageup", "page_body(-1)", "Scroll up", show=False, id="dialog.page_up"),
        Binding("pagedown", "page_body(1)", "Scroll down", show=False, id="dialog.page_down"),
        # The same where the focused list or text box pages itself (it does not take these).
        Binding("ctrl+pageup", "page_body(-1)", "Scroll up", show=False, id="dialog.page_up_anywhere", priority=True),
        Binding("ctrl+pagedown", "page_body(1)", "Scroll down", show=False, id="dialog.page_down_anywhere",
                priority=True),
    ]

    _answered = False
    _shown = False

    def watch_focused(self) -> None:
        for body in self.query(DialogBody):
            body._say_more()  # the key it names depends on what has the focus

    async def _on_resize(self, event: events.Resize) -> None:
        await super()._on_resize(event)
        # A smaller terminal can leave the focused field below what the box shows (keys still
        # change it, unseen): brought into view once the new layout is drawn, as a tab would.
        focused = self.focused
        if focused is not None:
            self.call_after_refresh(focused.scroll_visible, animate=False)

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        # The layouts after a resize go on once the one above has brought the focused field into
        # view: the scroll bar that comes back makes the text boxes above it wrap anew (narrower
        # by the bar), and the focused box moved below what the body shows (the goal wizard's
        # "Where is it located?" made 80x24 and 60x20 again). A layout (not a scroll: ctrl+pgup
        # takes the field out of view on purpose) never takes the focused widget out of view.
        focused = self.focused
        seen = not scroll and focused is not None and self.can_view_entire(focused)
        super()._refresh_layout(size, scroll)
        if seen and focused is self.focused and focused.is_attached and not self.can_view_entire(focused):
            focused.scroll_visible(animate=False, immediate=True)

    def action_page_body(self, direction: int) -> None:
        """pgup/pgdn where the focused widget does not page itself (a button, a one-line field):
        scroll the dialog's text a page."""
        for body in self.query(DialogBody):
            if body.max_scroll_y > 0:
                if direction < 0:
                    body.scroll_page_up(animate=False)
                else:
                    body.scroll_page_down(animate=False)
                return

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
