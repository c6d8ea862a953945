"""The core never imports Textual: each module of tui.model and tui.store, and tui.cli, imported
alone in a fresh interpreter, leaves `textual` out of `sys.modules` (so the command line starts
fast and the core can be used without a terminal)."""

from __future__ import annotations

import ast
import json
import os
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
PROBE_IN_TURN = """
import importlib, sys, traceback
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
        error = ''
    except BaseException:
        error = traceback.format_exc()
    textual = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))
    print(repr((name, error, textual)), flush=True)
    if error or textual:
        break
"""


def test_the_core_modules_are_found():
    for expected in ("tui.model.workbook", "tui.model.ids", "tui.model.checks", "tui.store.files",
                     "tui.store.validate", "tui.store.writer", "tui.store.atomic"):
        assert expected in MODULES


def textual_imports(modules: list[str]) -> dict[str, subprocess.CompletedProcess[str]]:
    """What each module imports of Textual, as if each were imported alone in a fresh interpreter.

    One interpreter imports them in turn (one start-up, not fifty): a module imported after others
    that brought no Textual in, and bringing none in itself, imports none alone either. From the
    first module that fails or brings Textual in, each is imported in an interpreter of its own,
    all at once, so that a failure names the modules at fault and only them."""
    in_turn = subprocess.run([sys.executable, "-c", PROBE_IN_TURN, *modules], cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
    results = {}
    for line in in_turn.stdout.splitlines():
        name, error, textual = ast.literal_eval(line)
        if error or textual:
            break
        results[name] = subprocess.CompletedProcess(in_turn.args, 0, repr(textual), "")
    children = {
        name: subprocess.Popen([sys.executable, "-c", PROBE, name], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
        for name in modules if name not in results
    }
    for name, child in children.items():
        out, err = child.communicate(timeout=60)
        results[name] = subprocess.CompletedProcess(child.args, child.returncode, out, err)
    return results


@pytest.fixture(scope="module")
def imported() -> dict[str, subprocess.CompletedProcess[str]]:
    return textual_imports(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_no_textual(imported, module):
    result = imported[module]
    assert result.returncode == 0, result.stderr
    assert "'textual'" not in result.stdout, f"{module} imports Textual: {result.stdout}"


def test_the_probe_would_see_textual_and_name_only_the_module_that_imports_it():
    results = textual_imports(["tui.model.ids", "textual.app", "tui.store.files", "tui.no_such_module"])
    assert "'textual'" not in results["tui.model.ids"].stdout
    assert "'textual'" in results["textual.app"].stdout
    assert results["tui.store.files"].returncode == 0 and "'textual'" not in results["tui.store.files"].stdout
    assert results["tui.no_such_module"].returncode != 0


# -- each command imports what it needs, and no more --------------------------------------------
# The command line imports what only writing, comparing or exporting needs inside the command
# that needs it, so that `check`, which writes nothing, starts fast. A command run in a fresh
# interpreter shows both halves: it works (a lazily imported module is found), and it left out
# what it does not use.

COMMAND_PROBE = ("import json, os, sys; from tui.cli import main; "
                 "sys.stdout = open(os.devnull, 'w'); status = main(sys.argv[1:]); sys.stdout = sys.__stdout__; "
                 "print(json.dumps([status, sorted(sys.modules)]))")
WRITING_ONLY = {"tempfile", "secrets", "hashlib", "tui.store.atomic", "tui.store.lineage"}
NEVER_FOR_READING = {"textual", "tui.store.export", "tui.store.export_json", "tui.store.merge", "tui.store.diff",
                     "tui.store.outputs"}


def run_command(*args: str) -> tuple[int, set[str]]:
    result = subprocess.run([sys.executable, "-c", COMMAND_PROBE, *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    status, modules = json.loads(result.stdout)
    return status, set(modules)


# What `check` reads, validates and prints needs none of these either: the writer (its canonical
# form), `typing` (annotations only; 4 ms to import), the symbols the app draws.
NOT_FOR_CHECKING = {"tui.store.writer", "typing", "tui.glyphs"}


@pytest.fixture(scope="module")
def checked_acme() -> tuple[int, set[str]]:
    """`check` of the Acme sample in a fresh interpreter (read-only: one run serves every test)."""
    return run_command("check", str(ROOT / "samples" / "acme-robotics.toml"))


def test_check_imports_nothing_for_writing_exporting_or_comparing(checked_acme):
    status, modules = checked_acme
    assert status == 0
    assert modules & (WRITING_ONLY | NEVER_FOR_READING | NOT_FOR_CHECKING) == set()
    status, modules = run_command("check", str(ROOT / "samples" / "rough-draft.toml"))  # with warnings
    assert status == 0
    assert modules & (WRITING_ONLY | NEVER_FOR_READING | NOT_FOR_CHECKING) == set()


def test_an_export_to_standard_output_imports_its_exporter_and_nothing_for_writing():
    status, modules = run_command("export", str(ROOT / "samples" / "acme-robotics.toml"), "--format", "json")
    assert status == 0
    assert "tui.store.export_json" in modules  # and not the Markdown and HTML exports' helpers
    assert modules & (WRITING_ONLY | {"textual", "tui.store.export", "tui.store.merge", "tui.store.diff"}) == set()
    status, modules = run_command("export", str(ROOT / "samples" / "acme-robotics.toml"), "--format", "markdown")
    assert status == 0
    assert "tui.store.export" in modules
    # Reading a workbook needs no edits (undoable changes) and no search index.
    assert modules & (WRITING_ONLY | {"textual", "tui.store.merge", "tui.store.diff", "tui.model.edits",
                                      "tui.model.search"}) == set()


def test_writing_commands_find_what_they_import_late(tmp_path):
    """Each writing command, in a fresh interpreter, writes its file (atomically, with its snapshot)."""
    sample = ROOT / "samples" / "acme-robotics.toml"
    plan = tmp_path / "plan.toml"
    plan.write_text(sample.read_text(encoding="utf-8").replace("\n\n", "\n\n\n", 1), encoding="utf-8")
    assert run_command("fmt", str(plan))[0] == 0
    assert plan.read_bytes() == sample.read_bytes()
    assert run_command("new", str(tmp_path / "new.toml"), "--title", "T")[0] == 0
    assert run_command("export", str(plan), "-o", str(tmp_path / "plan.md"))[0] == 0
    assert (tmp_path / "plan.md").read_text(encoding="utf-8").rstrip().endswith("Made with Stratbook.")
    status, modules = run_command("merge", str(plan), str(plan), str(plan), "-o", str(tmp_path / "merged.toml"))
    assert status == 0 and (tmp_path / "merged.toml").read_bytes() == sample.read_bytes()
    assert {"hashlib", "tui.store.atomic", "tui.store.lineage"} <= modules


def test_building_the_argument_parser_does_not_ask_the_terminal_width(checked_acme):
    """argparse asks shutil for the width whenever it makes a formatter; `check` shows no help,
    so shutil (with bz2 and lzma) stays out, while help still fits the terminal (COLUMNS)."""
    status, modules = checked_acme
    assert status == 0 and "shutil" not in modules
    narrow = subprocess.run([sys.executable, "-m", "tui", "check", "--help"], cwd=ROOT, capture_output=True, text=True,
                            timeout=60, env={**os.environ, "COLUMNS": "40"})
    assert max(map(len, narrow.stdout.splitlines())) <= 40


def test_the_check_path_makes_no_class_signatures():
    """A dataclass without a docstring gets one made from `inspect.signature` when it is created
    (about 0.1 ms each): the classes `check` imports carry their own, so it starts without that."""
    probe = ("import inspect, json\ncalls = []\nreal = inspect.signature\n"
             "inspect.signature = lambda *a, **k: calls.append(repr(a[0])) or real(*a, **k)\n"
             "import tui.cli, tui.model.checks, tui.store.files\nprint(json.dumps(calls))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
