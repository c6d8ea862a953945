"""A footer that is rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its key widgets whenever focus moves (40-60 ms). On
the SWOT board the cursor crosses between four lists that share one set of keys,
and that rebuild was most of the cost of `h` and `l`; other sections move focus
between parts with the same keys too. This footer compares what it would show
and skips the rebuild when nothing changed. Every section uses it.

While a dialog covers the section, the app turns its workbook keys off (see
StratbookApp.check_action) and Textual asks the covered footer to update: it
would rebuild twice for nothing, once as the dialog opens and once as it closes.
A covered footer waits; the screen asks again when it is back on top.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """A Footer that skips rebuilding when the shown keys are the same as before."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if screen is not screen.app.screen:
            return  # covered by a dialog: its resume refreshes the bindings again
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            shown = tuple(
                (key, binding.action, binding.description, enabled, tooltip)
                for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
                if binding.show
            )
            if shown == self._shown and self._bindings_ready:
                return
            self._shown = shown
        super().bindings_changed(screen)
