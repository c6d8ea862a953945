"""The benchmarks measure the work a key does: every one that runs an app (in its own process or
as a child) runs it with Textual's animations off, set before Textual is imported. The variable
was misspelt (TEXTUAL_ANIMATION), so scrolls were played out frame by frame and timed."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
import textual.constants

from tests.conftest import ROOT

BENCHMARKS = sorted((ROOT / "tests" / "bench").glob("bench_*.py"))
RUNS_AN_APP = re.compile(r"run_test\(|pty\.fork\(|\bApp\b")
FIRST_TEXTUAL_IMPORT = re.compile(r"^(from|import) (textual|tui)\b", re.MULTILINE)
IN_PROCESS = re.compile(r"""os\.environ\.setdefault\(["']TEXTUAL_ANIMATIONS["'], ["']none["']\)""")
FOR_A_CHILD = re.compile(r"""["']TEXTUAL_ANIMATIONS["']: ["']none["']""")


def test_the_setting_is_the_one_textual_reads() -> None:
    assert 'get_environ("TEXTUAL_ANIMATIONS"' in inspect.getsource(textual.constants)


@pytest.mark.parametrize("path", [p for p in BENCHMARKS if RUNS_AN_APP.search(p.read_text(encoding="utf-8"))],
                         ids=lambda path: path.name)
def test_a_benchmark_that_runs_an_app_turns_animations_off_before_textual_is_imported(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    here, for_a_child = IN_PROCESS.search(text), FOR_A_CHILD.search(text)
    assert here or for_a_child, f"{path.name} does not set TEXTUAL_ANIMATIONS=none"
    first_import = FIRST_TEXTUAL_IMPORT.search(text)
    assert not here or first_import is None or here.start() < first_import.start(), (
        f"{path.name} sets it after importing {first_import.group(2)}: Textual has read it by then")
