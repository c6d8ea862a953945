"""Snapshots of every section in the monochrome theme (what NO_COLOR gives) and in ASCII mode
(what the Linux console gives), at 80x24."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tui.app import open_workbook
from tui.screens.sections import SECTIONS


@pytest.fixture(autouse=True)
def symbols_back():
    yield
    from tui.ascii import use_ascii

    use_ascii(False)


@pytest.mark.parametrize("look", ["monochrome", "ascii"])
@pytest.mark.parametrize("mode", [section.mode for section in SECTIONS])
def test_snapshot_every_section(snap_compare, tmp_path: Path, private_config: Path, monkeypatch, look: str,
                                mode: str) -> None:
    config = private_config / "stratbook" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    if look == "monochrome":
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        config.write_text("ascii = true\n", encoding="utf-8")
    target = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", target)
    app = open_workbook(target, start=mode)
    assert app.ascii == (look == "ascii") and (app.theme == "monochrome") == (look == "monochrome")
    assert snap_compare(app, terminal_size=(80, 24))
