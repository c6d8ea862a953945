"""The pause of the garbage collector around bulk work (diff, merge, load): it gives the collector
back, never thaws what was frozen before it, and does not walk the frozen objects on every call."""

from __future__ import annotations

import gc

from tui.store import gc_pause


def test_pauses_keep_what_is_frozen_and_count_it_at_most_once(monkeypatch) -> None:
    made_here = [[n] for n in range(1000)]
    if not gc.get_freeze_count():
        gc.freeze()  # as run_app and the test processes do: the long-lived part is frozen
    frozen = gc.get_freeze_count()
    counts = []
    real_count = gc.get_freeze_count
    monkeypatch.setattr(gc_pause, "_seen_frozen", False, raising=False)
    monkeypatch.setattr(gc, "get_freeze_count", lambda: counts.append(1) or real_count())
    for _ in range(5):
        with gc_pause.paused_gc():
            assert not gc.isenabled()
        assert gc.isenabled()
    assert real_count() >= frozen  # nothing thawed
    # Counting walks every frozen object (3-15 ms in a frozen app or test process): once, not per diff.
    assert len(counts) <= 1
    del made_here
