"""Very long text and wide, combining and right-to-left characters never break the layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.app import open_workbook
from tui.model import SwotItem, Value, Workbook
from tui.store import save

WIDE = [
    "漢字と仮名の価値観",  # CJK: two cells each
    "👩‍👩‍👧‍👦 family emoji, 🇬🇧 flag, 👍🏽 skin tone",
    "Zalgo: Z̷̢̛a̴͇͝l̸̨̛g̶̛͜o̵̧͠ combining marks",
    "العربية right-to-left \u200f mark \u202b embedding \u202c",
    "עברית mixed with English",
    "e\u0301 decomposed é, ﬁ ligature, \u00ad soft hyphen",
    "zero\u200bwidth\u200dspace and joiner",
    "Ｆｕｌｌｗｉｄｔｈ　ｌａｔｉｎ",
]


def _write(path: Path, workbook: Workbook) -> Path:
    save(workbook, path)
    return path


@pytest.fixture
def huge_field(tmp_path: Path) -> Path:
    workbook = Workbook()
    workbook.meta.title = "A title " * 40
    workbook.vmv.vision = ("A vision that never ends. " * 40_000)[:1_000_000]
    workbook.vmv.mission = "Short mission."
    workbook.vmv.values = [Value("val-long", "N" * 3000, "D" * 50_000), Value("val-next", "Next value", "")]
    workbook.swot.strengths = [SwotItem("str-long", "S" * 100_000)]
    return _write(tmp_path / "huge.toml", workbook)


@pytest.fixture
def wide_text(tmp_path: Path) -> Path:
    workbook = Workbook()
    workbook.meta.title = WIDE[0] + " " + WIDE[1]
    workbook.vmv.vision = "\n".join(WIDE)
    workbook.vmv.mission = " ".join(WIDE)
    workbook.vmv.values = [Value(f"val-w{i:03d}", text, text) for i, text in enumerate(WIDE)]
    workbook.swot.strengths = [SwotItem(f"str-w{i:03d}", text) for i, text in enumerate(WIDE)]
    return _write(tmp_path / "wide.toml", workbook)


async def _to_values(pilot) -> None:
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()


def test_snapshot_a_megabyte_in_one_field(snap_compare, huge_field: Path, monkeypatch) -> None:
    monkeypatch.chdir(huge_field.parent)
    assert snap_compare(open_workbook("huge.toml", start="vmv"), terminal_size=(80, 24), run_before=_to_values)


def test_snapshot_wide_and_combining_characters(snap_compare, wide_text: Path, monkeypatch) -> None:
    monkeypatch.chdir(wide_text.parent)
    assert snap_compare(open_workbook("wide.toml", start="vmv"), terminal_size=(80, 24), run_before=_to_values)


@pytest.mark.parametrize("workbook", ["huge_field", "wide_text"])  # one app each, so xdist can spread them
async def test_every_value_stays_on_one_line_whatever_its_length(request, workbook: str) -> None:
    path = request.getfixturevalue(workbook)
    app = open_workbook(path, start="vmv")
    async with app.run_test(size=(80, 24)) as pilot:
        await _to_values(pilot)
        values = app.screen.query_one("#values")
        region = values.content_region
        # One line per value: the list's rendered lines are as many as the values (plus empty ones).
        lines = [values.render_line(y).text for y in range(min(region.height, len(app.workbook.vmv.values)))]
        for line, value in zip(lines, app.workbook.vmv.values):
            assert value.name[:3] in line
        assert app.screen.query_one("WorkbookHeader").region.height == 1
        # The header stays one line however long the title.
        for section in "345612":
            await pilot.press(section)
            await pilot.pause()
            app.screen.set_focus(None)
            assert app.is_running


async def test_a_forms_hint_naming_owners_shows_their_escapes_and_overrides_as_symbols(tmp_path: Path) -> None:
    """Hints that list the owners typed into the file (the tactics filter, a risk's owner) go
    through the one sanitiser like every other text of the form."""
    from shutil import copy

    from textual.widgets import Static

    from tests.conftest import SAMPLES
    from tui.modals.form import FormDialog

    path = Path(copy(SAMPLES / "acme-robotics.toml", tmp_path / "acme.toml"))
    owner = r"\u001b]0;pwned\u0007Al\u202eice"  # an escape code, a bell and a right-to-left override
    path.write_text(path.read_text(encoding="utf-8").replace('owner = "Tom Berg"', f'owner = "{owner}"'),
                    encoding="utf-8")
    app = open_workbook(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        shown = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert "]0;pwned" in shown and not set(shown) & {"\x1b", "\x07", "\u202e"}
