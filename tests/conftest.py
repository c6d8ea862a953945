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
