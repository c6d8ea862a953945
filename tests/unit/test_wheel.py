"""A non-editable install works: the wheel, installed into a fresh virtual environment with the
dependencies it declares and nothing else, checks the samples, carries the stylesheets as
tui/styles, and starts the app with them.

The wheel is built by the project's build backend (hatchling) called directly and installed by
pypa's installer library (the step pip's install does itself); the dependencies are the ones the
wheel's metadata names, taken from the environment running the tests and checked against the
versions it asks for. pip's build in an isolated environment and its install of every dependency
from the index took 5 s of processor time and 10-20 s of waiting; this takes a fraction of that,
and an import the metadata does not declare still fails.
"""

from __future__ import annotations

import importlib.metadata
import json
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
    env["TEXTUAL_ANIMATIONS"] = "none"
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


def base_python() -> str:
    """The interpreter the project's venv was made from, so the new venv does not nest in it."""
    return getattr(sys, "_base_executable", None) or sys.executable


def install_wheel(wheel: Path, python: Path, cwd: Path) -> Path:
    """Install `wheel` into the environment of `python` (its files and its console script), as
    pip's install step does; returns that environment's site-packages."""
    from installer import install
    from installer.destinations import SchemeDictionaryDestination
    from installer.sources import WheelFile

    paths = json.loads(run([str(python), "-c", "import json, sysconfig; print(json.dumps(sysconfig.get_paths()))"],
                           cwd=cwd).stdout)
    scheme = {"purelib": paths["purelib"], "platlib": paths["platlib"], "headers": paths["include"],
              "scripts": paths["scripts"], "data": paths["data"]}
    destination = SchemeDictionaryDestination(scheme, interpreter=str(python), script_kind="posix")
    with WheelFile.open(wheel) as source:
        install(source, destination, additional_metadata={"INSTALLER": b"stratbook-tests\n"})
    return Path(paths["purelib"])


def provide_dependencies(site: Path, name: str, into: Path) -> list[str]:
    """Every distribution the installed `name` requires (and what they require, markers
    evaluated), taken from the environment running the tests at a version the requirement
    allows, and made importable in `site` through a .pth file: links to each one's files in
    `into`, so only declared dependencies are there. Returns their names."""
    from packaging.requirements import Requirement

    metadata = importlib.metadata.Distribution.at(next(site.glob(f"{name}-*.dist-info")))
    wanted = [Requirement(text) for text in metadata.requires or []]
    provided: dict[str, importlib.metadata.Distribution] = {}
    while wanted:
        requirement = wanted.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        key = requirement.name.lower().replace("_", "-")
        if key in provided:
            continue
        found = importlib.metadata.distribution(requirement.name)
        assert requirement.specifier.contains(found.version, prereleases=True), (str(requirement), found.version)
        provided[key] = found
        wanted += [Requirement(text) for text in found.requires or []]
    into.mkdir()
    for found in provided.values():
        for top in {file.parts[0] for file in found.files or [] if file.parts[0] not in ("..", "__pycache__")}:
            source = Path(found.locate_file(top))
            if source.exists() and not (into / top).exists():
                (into / top).symlink_to(source)
    (site / "stratbook-test-dependencies.pth").write_text(f"{into}\n")
    return sorted(provided)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path, Path, list[str]]:
    """The wheel built from the checkout and installed into a fresh venv with its declared
    dependencies: (venv, its python, its stratbook script, those dependencies' names). Built once
    for the tests below, which only run what it installed (the commands write into copies)."""
    folder = tmp_path_factory.mktemp("wheel")
    dist = folder / "dist"
    # The build backend's own PEP 517 hook, from the checkout, as pip's build calls it.
    run([sys.executable, "-c", "import sys, hatchling.build; hatchling.build.build_wheel(sys.argv[1])", str(dist)],
        cwd=ROOT)
    [wheel] = list(dist.glob("stratbook-*.whl"))

    venv = folder / "venv"
    # Without a pip of its own (installing one is most of a venv's cost): nothing is installed by pip.
    run([base_python(), "-m", "venv", "--without-pip", str(venv)], cwd=folder)
    python, stratbook = venv / "bin" / "python", venv / "bin" / "stratbook"
    installed_site = install_wheel(wheel, python, folder)
    return venv, python, stratbook, provide_dependencies(installed_site, "stratbook", folder / "dependencies")


def installed_package(venv: Path, python: Path, cwd: Path) -> Path:
    """Where the venv's python imports tui from: the installed package, not the checkout (cwd is
    elsewhere and PYTHONPATH is cleared)."""
    where = run([str(python), "-c", "import tui; print(tui.__file__)"], cwd=cwd).stdout.strip()
    site = Path(where).resolve().parent
    assert site.is_relative_to(venv.resolve()), where
    return site


def sample_copies(folder: Path) -> list[Path]:
    samples = finished_samples()  # the rough draft has warnings on purpose: not for --strict
    assert samples
    copies = []
    for sample in samples:  # copies, so the app's lock and recovery files stay out of the checkout
        copies.append(folder / sample.name)
        shutil.copyfile(sample, copies[-1])
    return copies


# One installed wheel, two tests (the commands; the stylesheets and the app), so that no one test
# takes the 3.5 s of processor time (5.7 s on a loaded machine) of all of it.
@pytest.mark.slow
def test_installed_wheel_checks_samples_and_runs_its_commands(installed, tmp_path):
    venv, python, stratbook, dependencies = installed
    assert "textual" in dependencies
    installed_package(venv, python, tmp_path)

    copies = sample_copies(tmp_path)
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


@pytest.mark.slow
def test_installed_wheel_carries_styles_and_starts_the_app_with_them(installed, tmp_path):
    venv, python, _, _ = installed
    site = installed_package(venv, python, tmp_path)
    copies = sample_copies(tmp_path)

    # Every stylesheet of the checkout's styles/ is in the wheel as tui/styles. (When styles/ was
    # still empty this asserted only that the two sets agree; now there must be some.)
    expected = sorted(path.name for path in (ROOT / "styles").glob("*.tcss"))
    installed_sheets = sorted(path.name for path in (site / "styles").glob("*.tcss"))
    assert installed_sheets == expected
    assert "base.tcss" in installed_sheets

    # And the app starts from the installed package, with those stylesheets.
    started = run([str(python), "-c", START, str(copies[0])], cwd=tmp_path, timeout=120).stdout.splitlines()
    assert f"package {site / '__init__.py'}" in started
    sheets = [Path(line.split(" ", 1)[1]) for line in started if line.startswith("sheet ")]
    assert sorted(sheet.name for sheet in sheets) == expected
    assert all(sheet.parent == site / "styles" and sheet.is_file() for sheet in sheets)
    rules = int(next(line for line in started if line.startswith("rules ")).split()[1])
    assert rules > 0
