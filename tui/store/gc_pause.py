"""Bulk work over a whole workbook without the garbage collector's passes. No Textual here."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No garbage collection during bulk work over a whole workbook: it makes many objects and
    no cycles, and the collector's passes over them took 20-45% of a merge at 50,000 items.

    After it, what the work made goes straight to the oldest generation (frozen and thawed at
    once), so the next young pass does not walk it all. Not when something is frozen already
    (`run_app` freezes the loaded workbook): thawing would undo that."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if enabled:
            gc.enable()


def keep_out_of_full_collections() -> None:
    """What exists now lives as long as the app (the loaded workbook, a section's widgets and the
    lines they keep): move it out of the collector's full passes, which walk every object and
    stalled a key for 100-300 ms at 10,000 items once the sections were open. Young garbage is
    collected first, so little that is dead is frozen with it (a one-off, at most once a section)."""
    gc.collect(1)
    gc.freeze()
