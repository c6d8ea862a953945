"""A user's session keeps what each section makes out of the garbage collector's full passes: once
the sections were open, a full pass walked every widget and kept line (some 190,000 objects at
10,000 items) and stalled a key for 100-300 ms. Only when the app runs for real (`run_app`): a
test process runs many apps, whose garbage must not be frozen."""

from __future__ import annotations

import tui.store.gc_pause as gc_pause
from tui.app import open_workbook

SIZE = (80, 24)


class CountedGc:
    """Stands in for the gc module inside gc_pause: counts freezes, freezes nothing."""

    def __init__(self) -> None:
        self.freezes = 0

    def freeze(self) -> None:
        self.freezes += 1

    def collect(self, generation: int = 2) -> int:
        return 0


async def test_each_section_is_frozen_once_after_its_first_visit(sample_copy, monkeypatch) -> None:
    counted = CountedGc()
    monkeypatch.setattr(gc_pause, "gc", counted)
    app = open_workbook(sample_copy)
    app.freezes_long_lived = True  # as run_app sets it
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert counted.freezes == 1  # the Overview, made at start
        await pilot.press("3")
        await pilot.pause()
        assert counted.freezes == 2  # SWOT, the first time
        await pilot.press("1", "3", "1")
        await pilot.pause()
        assert counted.freezes == 2  # shown again: made before, frozen before


async def test_apps_that_do_not_run_for_real_freeze_nothing(sample_copy, monkeypatch) -> None:
    counted = CountedGc()
    monkeypatch.setattr(gc_pause, "gc", counted)
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "4")
        await pilot.pause()
    assert counted.freezes == 0


def test_the_workbook_is_loaded_without_the_collectors_passes(sample_copy, monkeypatch) -> None:
    """Loading makes some 100,000 objects at 10,000 items and no cycles; the collector's passes
    over them were 80-130 ms of a 300 ms load at start-up, with nothing to collect."""
    import gc

    import tui.app
    import tui.terminal

    enabled_while_loading = []
    real_load = tui.app.load

    def load(path):
        enabled_while_loading.append(gc.isenabled())
        return real_load(path)

    monkeypatch.setattr(tui.app, "load", load)
    monkeypatch.setattr(tui.terminal, "fix_terminal_input", lambda: None)
    monkeypatch.setattr(gc, "freeze", lambda: None)  # a test process's garbage is not to be frozen (or thawed)
    monkeypatch.setattr(gc, "unfreeze", lambda: None)
    monkeypatch.setattr(tui.app.StratbookApp, "run", lambda self: 0)
    assert gc.isenabled()
    assert tui.app.run_app(sample_copy) == 0
    assert enabled_while_loading == [False]
    assert gc.isenabled()


def test_the_app_is_imported_without_the_collectors_passes(tmp_path, monkeypatch) -> None:
    """Importing Textual and the app's modules made 80 of a start's 130 collector passes (30-50 ms
    of a one-second start), and they freed nothing worth it: the modules live as long as the
    process. `stratbook FILE` imports the app with the collector paused."""
    import argparse
    import gc

    import tui.app
    import tui.cli

    enabled_at_run = []
    monkeypatch.setattr(tui.cli, "_is_terminal", lambda stream: True)
    monkeypatch.setattr(tui.app, "run_app", lambda path: enabled_at_run.append(gc.isenabled()) or 0)
    imported_while = []
    real_import = __builtins__["__import__"] if isinstance(__builtins__, dict) else __builtins__.__import__

    def recording_import(name, *args, **kwargs):
        if name == "tui.app":
            imported_while.append(gc.isenabled())
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr("builtins.__import__", recording_import)
    assert tui.cli.cmd_open(argparse.Namespace(file=str(tmp_path / "plan.toml"))) == 0
    assert imported_while == [False]
    assert enabled_at_run == [True]  # the app itself runs with it, as before
