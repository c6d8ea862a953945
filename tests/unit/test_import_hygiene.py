"""The core never imports Textual: each module of tui.model and tui.store, and tui.cli, imported
alone in a fresh interpreter, leaves `textual` out of `sys.modules` (so the command line starts
fast and the core can be used without a terminal)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import tui.model
import tui.store

ROOT = Path(__file__).resolve().parents[2]


def core_modules() -> list[str]:
    names = ["tui", "tui.cli", "tui.model", "tui.store"]
    for package in (tui.model, tui.store):
        names += [f"{package.__name__}.{info.name}" for info in pkgutil.iter_modules(package.__path__)]
    return names


MODULES = core_modules()
PROBE = ("import sys, importlib; importlib.import_module(sys.argv[1]); "
         "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))")


def test_the_core_modules_are_found():
    for expected in ("tui.model.workbook", "tui.model.ids", "tui.model.checks", "tui.store.files",
                     "tui.store.validate", "tui.store.writer", "tui.store.atomic"):
        assert expected in MODULES


@pytest.fixture(scope="module")
def imported() -> dict[str, subprocess.CompletedProcess[str]]:
    """Every module imported in its own interpreter, all at once."""
    children = {
        name: subprocess.Popen([sys.executable, "-c", PROBE, name], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        for name in MODULES
    }
    results = {}
    for name, child in children.items():
        out, err = child.communicate(timeout=60)
        results[name] = subprocess.CompletedProcess(child.args, child.returncode, out, err)
    return results


@pytest.mark.parametrize("module", MODULES)
def test_no_textual(imported, module):
    result = imported[module]
    assert result.returncode == 0, result.stderr
    assert "'textual'" not in result.stdout, f"{module} imports Textual: {result.stdout}"


def test_the_probe_would_see_textual():
    result = subprocess.run([sys.executable, "-c", PROBE, "textual.app"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60)
    assert "'textual'" in result.stdout
