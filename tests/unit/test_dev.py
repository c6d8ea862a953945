"""dev.py, the set-up and run script the README's commands go through."""

from __future__ import annotations

import pytest

import dev


@pytest.mark.parametrize(("args", "every_file"), [
    ([], True),
    (["-n", "0"], True),
    (["-m", "not slow"], True),
    (["tests/ui/test_swot.py", "-n", "0"], False),
    (["tests/ui/test_swot.py::test_a_second_strategy_and_edit_and_delete"], False),
    (["tests/unit"], False),
])
def test_a_run_that_names_no_test_prints_its_time_with_the_host_reference(args: list[str], every_file: bool) -> None:
    assert dev.runs_every_file(args) is every_file


class _Commands:
    """subprocess.run as set-up calls it, recorded; `failing` names the programs that fail."""

    def __init__(self, failing: set[str]) -> None:
        self.failing = failing
        self.ran: list[list[str]] = []

    def __call__(self, command, check: bool = False, **_):
        import subprocess

        command = [str(part) for part in command]
        self.ran.append(command)
        program = "uv" if command[0].endswith("uv") else "pip" if "pip" in command else command[0]
        code = 1 if program in self.failing else 0
        if code and check:
            raise subprocess.CalledProcessError(code, command)
        return subprocess.CompletedProcess(command, code)


@pytest.fixture
def fresh_checkout(tmp_path, monkeypatch):
    """dev.py's paths in an empty folder, no .venv yet; making one makes its python."""
    import venv

    venv_dir = tmp_path / ".venv"
    monkeypatch.setattr(dev, "ROOT", tmp_path)
    monkeypatch.setattr(dev, "VENV", venv_dir)
    monkeypatch.setattr(dev, "BIN", venv_dir / "bin")
    monkeypatch.setattr(dev, "STAMP", venv_dir / ".stratbook-installed")
    monkeypatch.setattr(dev, "UV", venv_dir / ".uv")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")

    def create(path, with_pip=False) -> None:
        (path / "bin").mkdir(parents=True)
        (path / "bin" / "python").touch()

    monkeypatch.setattr(venv, "create", create)
    return tmp_path


def test_set_up_installs_with_uv_pip_included(fresh_checkout, monkeypatch) -> None:
    commands = _Commands(failing=set())
    monkeypatch.setattr(dev.subprocess, "run", commands)
    monkeypatch.setattr(dev.shutil, "which", lambda name: "/opt/bin/uv" if name == "uv" else None)
    dev.setup()
    assert commands.ran == [["/opt/bin/uv", "pip", "install", "--quiet", "--python", str(dev.BIN / "python"),
                             "-e", f"{fresh_checkout}[test]", "pip"]]
    assert dev.STAMP.exists()
    commands.ran.clear()
    dev.setup()  # set up already: nothing runs
    assert commands.ran == []


def test_set_up_falls_back_to_pip_where_uv_cannot_be_had_or_fails(fresh_checkout, monkeypatch) -> None:
    monkeypatch.setattr(dev.shutil, "which", lambda name: None)
    for failing in ({"pip-target"}, {"uv"}):
        commands = _Commands(failing=set())

        def run(command, check=False, _commands=commands, _failing=failing, **kwargs):
            result = _commands(command, check=check, **kwargs)
            if "--target" in result.args:
                if "pip-target" in _failing:
                    return dev.subprocess.CompletedProcess(result.args, 1)
                (dev.UV / "bin").mkdir(parents=True, exist_ok=True)
                (dev.UV / "bin" / "uv").touch()
            elif result.args[0].endswith("uv") and "uv" in _failing:
                return dev.subprocess.CompletedProcess(result.args, 2)
            return result

        monkeypatch.setattr(dev.subprocess, "run", run)
        dev.STAMP.unlink(missing_ok=True)
        dev.setup()
        pip_installs = [c for c in commands.ran if c[1:4] == ["-m", "pip", "install"] and "-e" in c]
        assert pip_installs and pip_installs[-1][0] == str(dev.BIN / "python"), (failing, commands.ran)
        assert any(c[1:3] == ["-m", "ensurepip"] for c in commands.ran), "a venv made without pip gets it"
        assert dev.STAMP.exists()
