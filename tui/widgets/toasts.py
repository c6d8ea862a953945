"""Toasts laid out once, not twice.

Textual lays the whole screen out when a toast is mounted, and then once more: the first
layout gives the new toast its size, and setting a widget's `virtual_size` asks for another
layout of every widget on the screen, though a toast has no children and nothing to scroll.
On a section that second layout cost about 10 ms of processor time for every message shown
(`d`, `ctrl+z`, `p`). `SteadyToast` is Textual's Toast whose virtual size lays nothing out,
as SteadyKey does for the footer's keys (tui/widgets/footer.py).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import _toast


class SteadyToast(_toast.Toast):
    """A toast whose new size lays nothing out again (its height is worked out by the layout
    that mounts it: `height: auto`)."""

    virtual_size = Reactive(Size(0, 0), layout=False)


def steady_toasts() -> None:
    """Make every toast a SteadyToast. Textual 8.2.8's ToastRack.show makes its toasts from the
    name `Toast` of textual.widgets._toast (and finds them by it): that name is ours from now on.
    tests/ui/test_pestle.py checks that a message is shown by a SteadyToast."""
    _toast.Toast = SteadyToast  # type: ignore[misc]
