"""A widget is measured again for every layout it asks for, not only the first while one is owed.

Textual 8.2.8 keeps a widget's measured size (`Widget._get_box_model`) under a key that counts the
layouts it has asked for (`_layout_updates`), and `Widget.refresh(layout=True)` counts an ask only
when no layout is owed already. A layout at a new size can come in between (a resize lays the
screen out at once, before the widget's idle check sends its ask on): it measures the content as it
is then, under the count, and content changed after it is kept under the same count, so the layout
owed found the old size and kept it. The goal wizard made 80x24, then 60x20: its keys line, given
the step's "more below" by that layout, stayed two lines high under three lines of keys for good.
Counting every ask measures the content the layout finds.
"""

from __future__ import annotations

from textual.widget import Widget

_refresh = Widget.refresh


def _refresh_counting_every_layout(self: Widget, *regions, repaint: bool = True, layout: bool = False,
                                   recompose: bool = False) -> Widget:
    if layout and self._layout_required:
        self._layout_updates += 1  # owed already: Textual's refresh does not count this ask
    return _refresh(self, *regions, repaint=repaint, layout=layout, recompose=recompose)


def count_every_layout() -> None:
    """Count every layout a widget asks for (once per process)."""
    if Widget.refresh is _refresh:
        Widget.refresh = _refresh_counting_every_layout  # type: ignore[method-assign]
