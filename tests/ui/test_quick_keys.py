"""Keys typed straight after a section key or a view switch, before the app has drawn anything,
go to what is on screen then: the focus moves at once, not after a refresh (a focus that came
later went to a list the switch had hidden, and the keys after it went nowhere to be seen)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.ui.conftest import burst
from tui.app import open_workbook

SIZE = (80, 24)


def shown(widget) -> bool:
    return widget is not None and all(node.display for node in widget.ancestors_with_self
                                       if hasattr(node, "display")) and widget.region.area > 0


@pytest.mark.parametrize("keys", [("9", "x"), ("8", "v"), ("5", "v"), ("4", "v"), ("9", "x", "x"), ("8", "v", "v"), ("4", "v", "v"), ("5", "v", "v")])
async def test_the_focus_is_on_the_view_shown_after_a_burst_of_keys(tmp_path: Path, keys) -> None:
    path = Path(shutil.copy(SAMPLES / "acme-robotics.toml", tmp_path / "acme.toml"))
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        burst(app, *keys)
        await pilot.pause()
        await pilot.pause()
        assert shown(app.focused), (keys, app.focused)
