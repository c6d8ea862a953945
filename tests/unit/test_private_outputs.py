"""What is made from a workbook is no more readable than the workbook: exports, merge results,
emails, copies. A private (0600) plan's export was 0644, readable by every user of the server."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.unit.test_cli import run
from tui.store.atomic import create_atomic, new_file_mode, write_atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def private_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", plan)
    plan.chmod(0o600)
    return plan


@pytest.fixture(autouse=True)
def open_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_an_export_of_a_private_plan_is_private(private_plan: Path, capsys, fmt: str) -> None:
    out = private_plan.with_name(f"out.{fmt}")
    status, _, err = run(capsys, "export", str(private_plan), "--format", fmt, "-o", str(out))
    assert status == 0, err
    assert mode(out) == 0o600


def test_a_merge_result_of_a_private_plan_is_private(private_plan: Path, capsys) -> None:
    theirs = private_plan.with_name("theirs.toml")
    shutil.copy(private_plan, theirs)
    out = private_plan.with_name("merged.toml")
    status, _, err = run(capsys, "merge", str(private_plan), str(private_plan), str(theirs), "-o", str(out))
    assert status == 0, err
    assert mode(out) == 0o600


def test_an_email_of_a_private_plan_is_private(private_plan: Path, capsys) -> None:
    out = private_plan.with_name("plan.eml")
    status, _, err = run(capsys, "send", str(private_plan), "--to", "kim@example.org", "-o", str(out))
    assert status == 0, err
    assert mode(out) == 0o600


@pytest.mark.parametrize(("source", "made"), [(0o600, 0o600), (0o640, 0o640), (0o644, 0o644), (0o444, 0o644),
                                              (0o660, 0o640)])
def test_a_new_file_is_no_more_open_than_its_source_nor_than_the_umask(tmp_path: Path, source, made) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text("x")
    plan.chmod(source)
    assert new_file_mode(plan) == made
    write_atomic(tmp_path / "a.out", b"x", like=plan)
    create_atomic(tmp_path / "b.out", b"x", like=plan)
    assert mode(tmp_path / "a.out") == made and mode(tmp_path / "b.out") == made


def test_an_existing_output_keeps_its_own_mode(private_plan: Path) -> None:
    out = private_plan.with_name("out.md")
    out.write_text("old")
    out.chmod(0o640)
    write_atomic(out, b"new", like=private_plan)
    assert mode(out) == 0o640
