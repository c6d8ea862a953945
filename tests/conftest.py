"""Shared fixtures. Environment is set before Textual is imported anywhere."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("TEXTUAL_ANIMATION", "none")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@pytest.fixture
def samples() -> list[Path]:
    return sorted(SAMPLES.glob("*.toml"))


@pytest.fixture(autouse=True)
def private_state_folder(tmp_path_factory, monkeypatch) -> Path:
    """Recovery files that fall back to the per-user place ($XDG_STATE_HOME) land in a folder of
    the test's own, never in the real home of whoever runs the tests."""
    folder = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder
