"""A non-editable install works: the wheel, installed into a fresh virtual environment, checks
the samples, carries the stylesheets as tui/styles, and starts the app with them.

Slow (a wheel build, a venv and an install: about 6 s here, more on a cold pip cache),
but part of the normal run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import finished_samples

ROOT = Path(__file__).resolve().parents[2]

START = textwrap.dedent("""
    import asyncio, sys
    import tui
    from tui.app import open_workbook

    async def main():
        app = open_workbook(sys.argv[1])
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            print("package", tui.__file__)
            for sheet in app.css_path or []:
                print("sheet", sheet)
            # Each section's own sheet is read when the section is first shown.
            import importlib
            from tui.screens.sections import SECTIONS
            for section in SECTIONS:
                module, _, name = section.screen.partition(":")
                for sheet in getattr(importlib.import_module(module), name).CSS_PATH or []:
                    print("sheet", sheet)
            print("rules", len(app.stylesheet.rules))
            await pilot.press("ctrl+q")

    asyncio.run(main())
""")


def run(command: list[str], cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["TEXTUAL_ANIMATION"] = "none"
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


def base_python() -> str:
    """The interpreter the project's venv was made from, so the new venv does not nest in it."""
    return getattr(sys, "_base_executable", None) or sys.executable


@pytest.mark.slow
def test_installed_wheel_checks_samples_and_carries_styles(tmp_path):
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", str(ROOT), "-w", str(dist)], cwd=tmp_path)
    [wheel] = list(dist.glob("stratbook-*.whl"))

    venv = tmp_path / "venv"
    # Without a pip of its own (installing one is most of a venv's cost): this pip installs into it.
    run([base_python(), "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path)
    python, stratbook = venv / "bin" / "python", venv / "bin" / "stratbook"
    # --no-compile: byte-compiling every module of every dependency (pygments' lexers, all of
    # Textual) was most of the install; the few modules the checks import compile as they load.
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--disable-pip-version-check",
         "--no-compile", str(wheel)], cwd=tmp_path, timeout=600)

    # The installed package, not the checkout (cwd is elsewhere and PYTHONPATH is cleared).
    where = run([str(python), "-c", "import tui; print(tui.__file__)"], cwd=tmp_path).stdout.strip()
    site = Path(where).resolve().parent
    assert site.is_relative_to(venv.resolve()), where

    samples = finished_samples()  # the rough draft has warnings on purpose: not for --strict
    assert samples
    copies = []
    for sample in samples:  # copies, so the app's lock and recovery files stay out of the checkout
        copies.append(tmp_path / sample.name)
        shutil.copyfile(sample, copies[-1])
    result = run([str(stratbook), "check", "--strict", *map(str, copies)], cwd=tmp_path)
    assert result.stdout == result.stderr == ""
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"[workbook]\nschema = 'one'\n")
    refused = subprocess.run([str(stratbook), "check", str(bad)], cwd=tmp_path, capture_output=True, text=True,
                             timeout=60)
    assert refused.returncode == 2
    assert refused.stderr == f"{bad}:2: error: workbook.schema: must be an integer, not a string\n"
    version = run([str(stratbook), "--version"], cwd=tmp_path).stdout.strip()
    assert version.startswith("stratbook ")
    # The commands that write import what writing needs only when they run: from the installed
    # entry point too, each finds it and writes its file.
    untidy = tmp_path / "untidy.toml"
    untidy.write_text(copies[0].read_text(encoding="utf-8").replace("\n\n", "\n\n\n", 1), encoding="utf-8")
    run([str(stratbook), "fmt", str(untidy)], cwd=tmp_path)
    assert untidy.read_bytes() == copies[0].read_bytes()
    for fmt in ("markdown", "json"):
        run([str(stratbook), "export", str(copies[0]), "--format", fmt, "-o", str(tmp_path / f"out.{fmt}")], cwd=tmp_path)
    merged = tmp_path / "merged.toml"
    run([str(stratbook), "merge", *map(str, [copies[0]] * 3), "-o", str(merged)], cwd=tmp_path)
    run([str(stratbook), "merge", *map(str, [copies[0]] * 3), "-o", str(merged)], cwd=tmp_path)  # over its own result
    assert merged.read_bytes() == copies[0].read_bytes()

    # Every stylesheet of the checkout's styles/ is in the wheel as tui/styles. (When styles/ was
    # still empty this asserted only that the two sets agree; now there must be some.)
    expected = sorted(path.name for path in (ROOT / "styles").glob("*.tcss"))
    installed = sorted(path.name for path in (site / "styles").glob("*.tcss"))
    assert installed == expected
    assert "base.tcss" in installed

    # And the app starts from the installed package, with those stylesheets.
    started = run([str(python), "-c", START, str(copies[0])], cwd=tmp_path, timeout=120).stdout.splitlines()
    assert f"package {site / '__init__.py'}" in started
    sheets = [Path(line.split(" ", 1)[1]) for line in started if line.startswith("sheet ")]
    assert sorted(sheet.name for sheet in sheets) == expected
    assert all(sheet.parent == site / "styles" and sheet.is_file() for sheet in sheets)
    rules = int(next(line for line in started if line.startswith("rules ")).split()[1])
    assert rules > 0
