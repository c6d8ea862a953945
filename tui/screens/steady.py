"""Screens that are laid out again only when something asks for it.

Textual lays a screen out again on every `Resize` it gets, and a screen that was just shown
sends itself one after its first layout. Showing a dialog therefore laid the dialog out twice,
and the section under it once more (every screen seen through a dialog's translucent backdrop
is resized with it), and each layout drew the section under the backdrop again: about a third
of the cost of opening a dialog. At the size already laid out, with nothing waiting to be laid
out or scrolled, that work changes nothing, so it is skipped; a real resize still lays out
every screen."""

from __future__ import annotations

from textual import events
from textual._compositor import Compositor, ReflowResult
from textual._context import active_app
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget


class SteadyLayout:
    """Mixed into a `Screen` subclass, before it. (Not a Screen itself: Textual matches CSS type
    selectors along the first base class only, so `ModalScreen { ... }` would stop matching.)"""

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual 8.2.8's `Screen.focused`, less the repaint of the whole screen at each change of
    focus: the widgets that lose and gain it draw themselves again (Widget._on_focus, _on_blur),
    and the repaint composed the whole terminal once more (3 ms a move between lists; a dialog's
    backdrop with it, on every tab in a form)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._compositor = SteadyCompositor()
        # The classes of the app's breakpoints from the start: given on the first resize, as
        # Textual does, they made every node's styles be worked out again, and a second layout.
        app = active_app.get(None)
        if app is not None:  # else made outside a running app (a test): the first resize gives them
            self.update_classes(breakpoint_classes(self, app.size), update=False)

    def _compositor_refresh(self) -> None:
        # Textual 8.2.8's Screen._compositor_refresh renders every changed line even while the app
        # holds drawing back (App._batch_count: the 50 ms of a section switch, `delay_update`),
        # and App._display then throws the frame away: a whole screen composed for nothing on
        # every first visit of a section. Held back, the screen is only marked to be drawn whole:
        # when the hold ends, Textual asks the screen on top to draw (a refresh, or the idle
        # check that finds the mark), and that frame is the one shown.
        app = self.app
        on_top = self is app.screen and not app.is_inline
        if app._batch_count and on_top:
            self._repaint_required = True
            return
        if on_top:
            self._draw_asked_repaints()
        whole = on_top and self._compositor.size.region in self._compositor._dirty_regions
        super()._compositor_refresh()
        if whole:
            # The whole screen was just drawn (a layout): a repaint asked for before it (the end
            # of the hold, when making the section took longer) would draw it all once more.
            self._repaint_required = False

    def _draw_asked_repaints(self) -> None:
        # Textual 8.2.8: a widget asks to be drawn again (Widget.refresh: its `_repaint_regions`)
        # with a message it posts when it is next idle (Widget._check_refresh), which the screen
        # handles when it gets to it. Widgets that asked before this frame, their message not
        # posted or not handled yet, had it handled after the frame, and the screen composed a
        # second frame for what this one could draw (on switching the PESTLE or risks views: the
        # shown list's scroll bar, restyled as the focus moved, and the footer keys the layout
        # resized). They are drawn in this frame, with what they show now; a message still to
        # come finds nothing left to draw.
        asked = {widget for widget in self._compositor.visible_widgets
                 if (widget._repaint_required or widget._repaint_regions) and widget is not self}
        if asked:
            for widget in asked:
                widget._repaint_required = False
            self._compositor.update_widgets(asked)

    async def _on_resize(self, event: events.Resize) -> None:
        event.prevent_default()  # instead of Screen._on_resize (Textual 8.2.8), which lays out unasked
        event.stop()
        for screen in (self, *self.app._background_screens):
            if screen._compositor.size != event.size and screen.stack_updates and screen.is_attached:
                _bars_as_fresh(screen)
                screen._refresh_layout(event.size)
        self.update_classes(breakpoint_classes(self, event.size), animate=False)

    _styled_under: tuple | None = None
    """What the screen's styles were worked out under (`_style_state`) when it was last shown."""

    def _styled_as_before(self) -> bool:
        """Called as the screen is shown: True when nothing its styles hang on outside it has
        changed since it was last shown, or when it was never shown (it was styled as it mounted,
        just now). Then Textual's style update of every node as a screen is shown (Textual 8.2.8's
        Screen._on_screen_resume) finds nothing new: a change inside the screen, of a class or of
        focus, updates the styles it touches at once, shown or not."""
        before = self._styled_under
        self._styled_under = self._style_state()
        return before is None or before == self._styled_under

    def _style_state(self) -> tuple:
        """What a hidden screen's styles hang on, outside it: the stylesheets (a theme, a section's
        sheet read since), the app's classes and pseudo-classes (dark, focus), the colours."""
        app = self.app
        stylesheet = app.stylesheet
        return (app._css_update_count, id(stylesheet), len(stylesheet.source), app.theme,
                frozenset(app.classes), app.pseudo_classes, app.ansi_color)


def _bars_as_fresh(screen) -> None:
    """Every scroll bar that comes and goes (overflow auto) taken away before a new size is laid
    out, as a screen opened fresh at that size starts: each comes back where what it scrolls
    does not fit. Textual 8.2.8 arranges a container's children beside the bar it had, so a bar
    the narrow layout needed stayed once the terminal grew, where the text laid out beside it
    took one line more than without (the Ansoff form at 40x12, then 60x20: the body kept its
    bar and "more below", one column narrower than opened at 60x20). Lists count their lines
    themselves (MarkedOptionList._on_resize)."""
    for widget in screen.walk_children(with_self=False):
        if widget.show_vertical_scrollbar and widget.styles.overflow_y == "auto":
            widget.set_reactive(Widget.show_vertical_scrollbar, False)
            widget._scrollbar_changes.clear()
        if widget.show_horizontal_scrollbar and widget.styles.overflow_x == "auto":
            widget.set_reactive(Widget.show_horizontal_scrollbar, False)
            widget._scrollbar_changes.clear()


def breakpoint_classes(screen, size: Size) -> dict[str, bool]:
    """The classes Textual's breakpoints give `screen` at `size` (`-narrow`, `-tall`...)."""
    app = screen.app
    classes: dict[str, bool] = {}
    horizontal = app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None else screen.HORIZONTAL_BREAKPOINTS
    vertical = app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None else screen.VERTICAL_BREAKPOINTS
    for dimension, points in ((size.width, horizontal or []), (size.height, vertical or [])):
        chosen = next((name for point, name in sorted(points, reverse=True) if dimension >= point), None)
        classes.update({name: name == chosen for _, name in points})
    return classes


class SteadyCompositor(Compositor):
    """Textual 8.2.8's Compositor, less a second arrangement of the whole screen after a layout.
    A scroll lays out only what shows (`reflow_visible`) and marks the map of every widget stale;
    a layout then makes that map afresh (`reflow`) but left the mark, so the first widget looked
    up after it (drawing the layout's frame) arranged the whole screen once more, for the same
    map: 1-1.5 ms of each layout after a scroll (a key that scrolls a list and shows a message)."""

    def reflow(self, parent: Widget, size: Size) -> ReflowResult:
        result = super().reflow(parent, size)
        self._full_map_invalidated = False  # the map just made covers every widget
        return result
