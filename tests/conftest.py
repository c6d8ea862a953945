"""Shared fixtures. Environment is set before Stratbook is imported anywhere.

Animations are off in every app the tests run (TEXTUAL_ANIMATIONS=none: a scroll jumps to where it
goes). The variable was misspelt (TEXTUAL_ANIMATION) and, set here, came too late anyway: the
snapshot plugin imports Textual before this file, so Textual's setting is read again below. With
animations on, each scroll a key asked for was drawn frame by frame and waited for (a dialog-fit
test with 17 scrolls: 1.4 s of processor time and 4 s on a loaded machine, now 0.8 s and 0.85 s)."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")  # also for the apps the tests start as processes

import textual.constants  # noqa: E402  (imported already, by the snapshot plugin: its setting read again)

textual.constants.TEXTUAL_ANIMATIONS = textual.constants._get_textual_animations()

from tui.parsed_css import shared as share_parsed_css  # noqa: E402  (after the environment above)

share_parsed_css()  # each stylesheet parsed once per test process, not once per app

from tests import settle  # noqa: E402  (after the environment above)

settle.install()  # Pilot waits for the app to settle, not for 20 ms windows: see tests/settle.py

from tests import frames  # noqa: E402  (after the environment above)

frames.install()  # frames composed when read, not at every refresh: see tests/frames.py

YOUNG = 50_000
"""Objects made between two collections of the youngest generation: most of a test's garbage in
cycles dies young and is freed there, a few hundred passes a UI test at most."""

NEVER = 10**9
"""Passes of the middle generation before a full collection: never, inside a test (see below)."""


def pytest_collection_finish(session) -> None:
    """Full garbage collections leave out what every test shares (the modules, the collected
    tests), and none runs while a test runs: one at the end of each test instead
    (`pytest_runtest_teardown`). A UI test makes and drops a whole app (tens of thousands of
    objects in cycles, freed only by a full collection); every full collection walked all that
    earlier tests had left and the app alive, 0.3-0.5 s each, and with the middle generation's
    they took a sixth of the UI tests' processor time."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG, 50, NEVER)


def pytest_sessionfinish(session) -> None:
    """The last garbage is freed here, before an xdist worker says it has finished, and what is
    left is frozen: pytest's unraisable-exception check then collects five times in unconfigure
    (each a walk of every live object), and did it on 100,000-300,000 objects, 2-4 s a worker.
    Once told to end, a worker gets 5 s from execnet, which then sends it SIGINT: on a loaded
    machine the KeyboardInterrupt landed in a garbage-collection callback ('Exception ignored
    in ... gc_callback', a PytestUnraisableExceptionWarning at the end of a full run). What a
    finalizer raises in this collection is still reported by that check."""
    gc.collect()
    gc.freeze()


def drop_dead_widgets_styles() -> None:
    """Textual 8.2.8 caches `StylesCache.get_inner_outer` (textual/_styles_cache.py) with
    `lru_cache(1024)` on a method, so the cache holds the last 1024 widgets' `StylesCache` and every
    line they drew, after their apps have gone: in a process that runs many UI tests, a quarter
    of a million objects that each full collection walked. Emptied after each test (it refills
    as the next app draws)."""
    styles_cache = sys.modules.get("textual._styles_cache")
    if styles_cache is not None:
        styles_cache.StylesCache.get_inner_outer.cache_clear()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem) -> None:
    """After each test: its garbage freed, then what lives on (caches, the modules it imported)
    frozen, so the next test's collection walks only what that test makes. In this order: what
    is frozen is never collected, so garbage frozen would stay for the rest of the run."""
    drop_dead_widgets_styles()
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def every_frame(request) -> None:
    """Tests marked `every_frame` have each frame composed as the app composes it (tests/frames.py)."""
    frames.drawing = request.node.get_closest_marker("every_frame") is not None


ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
ROUGH_DRAFT = SAMPLES / "rough-draft.toml"
"""The sample that is a rough first draft on purpose: it loads, with warnings (dangling links, goal
quality warnings), hand-written comments and an unresolved merge conflict. Tests that expect a
finished, canonical workbook use `finished_samples`, which leaves it out."""


def finished_samples() -> list[Path]:
    """Every sample but the rough draft: each passes `check --strict` and is in the canonical form."""
    return [path for path in sorted(SAMPLES.glob("*.toml")) if path != ROUGH_DRAFT]


@pytest.fixture
def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.toml"))


@pytest.fixture
def private_folders(tmp_path_factory) -> Path:
    """A folder of the test's own for the per-user places below. Made with `mkdtemp`: pytest's
    numbered `mktemp` lists every folder made before it in the process, so two of them for every
    test grew with the run (with tmp_path's own, 1.4% of the suite's processor time, sampled)."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="user-", dir=tmp_path_factory.getbasetemp()))


@pytest.fixture(autouse=True)
def private_state_folder(private_folders, monkeypatch) -> Path:
    """Recovery files that fall back to the per-user place ($XDG_STATE_HOME) land in a folder of
    the test's own, never in the real home of whoever runs the tests."""
    folder = private_folders / "state"
    folder.mkdir()
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def private_config(private_folders, monkeypatch) -> Path:
    """The user's config (keys, theme, ascii, name) is never the real one of whoever runs the
    tests: `$XDG_CONFIG_HOME` is a folder of the test's own, empty unless the test writes
    `stratbook/config.toml` there. NO_COLOR and the Linux console are left out unless a test sets them."""
    folder = private_folders / "config"
    folder.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder))
    monkeypatch.delenv("NO_COLOR", raising=False)
    if os.environ.get("TERM", "").startswith("linux"):
        monkeypatch.setenv("TERM", "xterm-256color")
    return folder


@pytest.fixture(autouse=True)
def samples_are_never_opened_for_editing(monkeypatch):
    """Tests run in parallel and share samples/: a test that opened one in place took its lock,
    and a test in another worker then found it read-only. Open a copy (tmp_path) instead."""
    from tui.store import lock

    real_acquire = lock.acquire
    opened: list[str] = []

    def acquire(workbook_path, *args, **kwargs):
        if Path(workbook_path).resolve().parent == SAMPLES:
            opened.append(str(workbook_path))  # the app may catch an exception: fail at teardown
            raise AssertionError(f"a test opened {workbook_path} for editing: use a copy in tmp_path")
        return real_acquire(workbook_path, *args, **kwargs)

    monkeypatch.setattr(lock, "acquire", acquire)
    yield
    assert not opened, f"opened a sample for editing: {opened}; use a copy in tmp_path"
