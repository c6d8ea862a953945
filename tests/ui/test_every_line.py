"""Every key of a list on each kind of line, and enter on every line, where lines differ (the
Overview, a goal's detail, Tactics): on the rough draft and on a workbook with one of everything
(see tests/ui/every_key.py)."""

import pytest

from tests.ui.every_key import LINE_KINDS, every_kind_of_line


@pytest.mark.parametrize("section", LINE_KINDS)
@pytest.mark.parametrize("workbook", ["rough-draft", "one-of-everything"])
async def test_every_kind_of_line(tmp_path, monkeypatch, workbook: str, section: str) -> None:
    await every_kind_of_line(tmp_path, monkeypatch, workbook, section)
