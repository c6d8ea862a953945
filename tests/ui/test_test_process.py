"""The test process itself: what one UI test leaves behind for the next (see tests/conftest.py)."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual._styles_cache import StylesCache

from tests.conftest import ROOT, drop_dead_widgets_styles
from tui.app import open_workbook


@pytest.mark.every_frame
async def test_an_app_that_has_gone_leaves_no_widget_styles_behind(sample_copy: Path) -> None:
    """Textual's `StylesCache.get_inner_outer` cache kept the styles (and drawn lines) of the last
    1024 widgets of apps long gone, and every full collection walked them: after each test
    conftest empties it. If Textual changes the cache, this fails rather than the suite slowing."""
    app = open_workbook(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await pilot.pause()
    del app, pilot
    gc.collect()
    alive = len(_styles_caches())
    assert StylesCache.get_inner_outer.cache_info().currsize > 0  # holding the app's widgets
    drop_dead_widgets_styles()
    gc.collect()
    assert StylesCache.get_inner_outer.cache_info().currsize == 0
    assert len(_styles_caches()) < alive / 2  # (the loop may hold a few until the test ends)


def _styles_caches() -> list[StylesCache]:
    return [obj for obj in gc.get_objects() if isinstance(obj, StylesCache)]


HEAP_AT_THE_END = '''
import gc, json, os
import _pytest.unraisableexception as unraisable

walked = []
_collect_harder = unraisable.gc_collect_harder


def counted(iterations):
    walked.append(len(gc.get_objects()))  # what each of its collections walks
    _collect_harder(iterations)
    with open(os.environ["HEAP_REPORT"], "w") as report:
        json.dump(walked, report)


unraisable.gc_collect_harder = counted
kept = []


def test_leaves_a_large_heap():
    kept.extend({"n": n, "cycle": [n]} for n in range(50_000))  # live to the end, as caches are
    for n in range(50_000):  # and garbage in cycles, as a dropped app is
        node = {"n": n}
        node["self"] = node
'''


RUN_PYTEST = """
import os, sys, types
import pytest
# The tests package without its __init__ (Hypothesis and its profiles), which tests.conftest
# does not use: a third of the child's start.
sys.modules["tests"] = types.ModuleType("tests")
sys.modules["tests"].__path__ = [os.path.join(os.getcwd(), "tests")]
sys.exit(pytest.main(sys.argv[1:]))
"""


def test_the_session_ends_with_the_heap_frozen_so_pytests_last_collections_walk_almost_nothing(tmp_path: Path) -> None:
    """pytest's unraisable-exception check collects five times as the session ends; each walked
    every object made since the collection of the tests (100,000-300,000 in a worker, 2-4 s),
    and execnet sends a worker SIGINT when it takes over 5 s to end (tests/conftest.py)."""
    test_file, report = tmp_path / "test_heap.py", tmp_path / "walked.json"
    test_file.write_text(HEAP_AT_THE_END, encoding="utf-8")
    # A temporary folder of its own: in the shared one, a new pytest session first deletes the
    # folders of earlier runs beyond the last three (after a whole suite, thousands: 2-3 s).
    arguments = ["-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "tests.conftest", "--rootdir", str(tmp_path),
                 "--basetemp", str(tmp_path / "child"), str(test_file)]
    done = subprocess.run([sys.executable, "-c", RUN_PYTEST, *arguments], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "HEAP_REPORT": str(report), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    walked = json.loads(report.read_text(encoding="utf-8"))
    assert walked and max(walked) < 5_000, walked


A_TESTS_HEAP = '''
import gc
import weakref

full_collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and info["generation"] == 2 and full_collections.append(1))


class Widget:
    pass


left = []


def test_an_apps_worth_of_objects_live_while_the_test_runs():
    full_collections.clear()  # (the collection of the tests ends with one)
    alive = [[n] for n in range(1_500_000)]  # as an app's widgets, styles and lines, live to its end
    widget = Widget()
    widget.self = widget  # and in cycles, freed only by a collection
    left.append(weakref.ref(widget))
    assert not full_collections, "a full collection walked the test's heap while it ran"
    del alive


def test_the_next_test_finds_them_freed():
    assert left[0]() is None, "what the test before left in cycles was not freed at its end"
'''


def test_no_full_collection_runs_inside_a_test_and_its_garbage_is_freed_at_its_end(tmp_path: Path) -> None:
    """A full collection walks every object made since the tests were collected: in a UI test,
    its app's and what earlier tests' apps left in cycles (0.3-0.5 s each, a sixth of the UI
    tests' processor time). None runs while a test runs; at its end, one frees what it left and
    freezes what lives on, so the next one walks only its own."""
    test_file = tmp_path / "test_heap.py"
    test_file.write_text(A_TESTS_HEAP, encoding="utf-8")
    arguments = ["-q", "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "tests.conftest", "--rootdir", str(tmp_path),
                 "--basetemp", str(tmp_path / "child"), str(test_file)]
    done = subprocess.run([sys.executable, "-c", RUN_PYTEST, *arguments], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
