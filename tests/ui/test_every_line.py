"""Every key of a list on each kind of line, and enter on every line, where lines differ (the
Overview, a goal's detail, Tactics): on the rough draft and on a workbook with one of everything
(see tests/ui/every_key.py)."""

import pytest

from tests.ui.every_key import every_kind_of_line, lines_of

pytestmark = pytest.mark.every_frame  # no key may leave a screen that fails to draw (tests/frames.py)


@pytest.mark.parametrize(("section", "part", "count"), lines_of())
@pytest.mark.parametrize("workbook", ["rough-draft", "one-of-everything"])
async def test_every_kind_of_line(tmp_path, monkeypatch, workbook: str, section: str, part: int, count: int) -> None:
    await every_kind_of_line(tmp_path, monkeypatch, workbook, section, part, count)
