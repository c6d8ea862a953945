"""Bulk work over a whole workbook without the garbage collector's passes. No Textual here."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_seen_frozen = False
"""Whether something was found frozen. Sticky: nothing here thaws what another freeze made."""


def _anything_frozen() -> bool:
    """`gc.get_freeze_count` walks every frozen object (CPython 3.11: a linked list): 3-15 ms once
    a workbook or a test process is frozen, on every diff or merge. Asked only until it says yes;
    when nothing is frozen the walk is empty."""
    global _seen_frozen
    if not _seen_frozen:
        _seen_frozen = gc.get_freeze_count() > 0
    return _seen_frozen


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
        if not _anything_frozen():
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
