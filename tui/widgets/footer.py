"""A footer that is rebuilt only when the keys it shows change.

Textual's Footer rebuilds all its key widgets whenever focus moves (40-60 ms). On
the SWOT board the cursor crosses between four lists that share one set of keys,
and that rebuild was most of the cost of `h` and `l`; other sections move focus
between parts with the same keys too. This footer compares what it would show
and skips the rebuild when nothing changed. Every section uses it.
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
