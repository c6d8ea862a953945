"""Fixtures for driving the app with Pilot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tui.app import StratbookApp, open_workbook

#: Text that would break a UI that treats user text as markup or passes escapes through.
HOSTILE = [
    "[/]",
    "[$accent]x",
    "[Bold]x",
    "[@click=app.quit]q",
    "[link=http://x]y",
    "esc\x1b]0;pwned\x07title",
    "bell\x07",
    "csi\x1b[31mred\x1b[0m",
    "rlo\u202eevil",
]


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the Acme sample, safe to edit and save."""
    target = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", target)
    return target


@pytest.fixture
def make_app():
    """Build the app for a file as `stratbook FILE` would."""

    def build(path: Path | str) -> StratbookApp:
        return open_workbook(path)

    return build
