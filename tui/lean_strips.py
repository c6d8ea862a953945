"""Lines of the screen (Textual's `Strip`) that make their caches only when one is used.

Textual 8.2.8's `Strip.__init__` makes seven small caches for every line it builds (divide, crop,
style, filter, line length, crop-extend, offsets: a `FIFOCache` and a dict each), and most lines
are built, drawn once or joined into another line, and dropped without using any of them: fifteen
objects a line where two would do, some 80,000 lines to start the app and open a section. Here
each cache is made the first time the line uses it, in the same slot, of the same size, so each
line caches what it cached before. The garbage collector, which walked every one of those objects,
has less to walk too.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.cache import FIFOCache
from textual.strip import Strip

CACHES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}
"""Each cache slot of Textual 8.2.8's `Strip`, and the size `Strip.__init__` gives it."""


class _MadeWhenUsed:
    """A cache slot of `Strip` that is filled, with an empty cache, the first time it is read."""

    __slots__ = ("slot", "size")

    def __init__(self, slot, size: int) -> None:
        self.slot = slot  # the slot's own descriptor, which reads and writes the line's slot
        self.size = size

    def __get__(self, strip: Strip | None, owner: type | None = None):
        if strip is None:
            return self
        try:
            return self.slot.__get__(strip, owner)
        except AttributeError:
            cache: FIFOCache = FIFOCache(self.size)
            self.slot.__set__(strip, cache)
            return cache

    def __set__(self, strip: Strip, value) -> None:
        self.slot.__set__(strip, value)


def _init(self: Strip, segments: Iterable, cell_length: int | None = None) -> None:
    # Textual 8.2.8's Strip.__init__, less the seven caches.
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def lean() -> None:
    """Make Textual's lines make their caches when first used (once per process)."""
    if Strip.__init__ is _init:
        return
    for name, size in CACHES.items():
        slot = Strip.__dict__[name]
        setattr(Strip, name, _MadeWhenUsed(slot, size))
    Strip.__init__ = _init  # type: ignore[method-assign]
