"""Every key and dialog of every section on the hostile workbook (see tests/ui/every_key.py)."""

import pytest

from tests.ui.every_key import every_key_and_dialog, sections_of

pytestmark = pytest.mark.every_frame  # no key may leave a screen that fails to draw (tests/frames.py)

WORKBOOK = "hostile"


@pytest.mark.parametrize(("section", "part", "count"), sections_of(WORKBOOK))
async def test_every_key_and_dialog_of_a_section(tmp_path, monkeypatch, section: str, part: int, count: int) -> None:
    await every_key_and_dialog(tmp_path, monkeypatch, WORKBOOK, section, part, count)
