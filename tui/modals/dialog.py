"""The base of every dialog: a `ModalScreen` that closes once, and opens with one layout.

Textual's `dismiss` pops whatever screen is on top. Keys that arrive in a burst (a paste, a slow
link catching up, a fast typist) can answer a dialog twice before it has closed: the second answer
then popped the screen under it, or stopped the app when that was the last one. Here a dialog that
is no longer the screen on top ignores a second dismiss.

Opening a dialog costs Textual's own work, and most of it was drawing the section under the
translucent backdrop, again and again: see `SteadyLayout` and `_on_screen_resume` below."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TypeVar

from textual import events
from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

from tui.screens.steady import SteadyLayout, breakpoint_classes

ResultType = TypeVar("ResultType")


class Dialog(SteadyLayout, ModalScreen[ResultType]):
    _answered = False
    _shown = False
    _styled_under: tuple | None = None

    def __init__(self, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name, id, classes)
        # The classes of the app's breakpoints from the start: given on the first resize, as
        # Textual does, they made every node's styles be worked out again, and a second layout.
        try:
            app = self.app
        except Exception:  # made outside a running app (a test): the first resize gives them
            return
        self.update_classes(breakpoint_classes(self, app.size), update=False)

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
        styled = self._styled_under
        self._styled_under = self._style_state()
        if self._shown or not self.is_attached:
            # Shown again: Textual's Screen._on_screen_resume runs next. Its style update of
            # every node (half the cost of showing a kept form) finds nothing new when nothing
            # the styles hang on has changed since the dialog was last shown.
            if styled == self._styled_under:
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

    def _style_state(self) -> tuple:
        """What a hidden dialog's styles hang on, outside it: the stylesheets (a theme, a section's
        sheet read since), the app's classes and pseudo-classes (dark, focus), the colours."""
        app = self.app
        stylesheet = app.stylesheet
        return (app._css_update_count, id(stylesheet), len(stylesheet.source), app.theme,
                frozenset(app.classes), app.pseudo_classes, app.ansi_color)
