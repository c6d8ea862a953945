"""A long "label: value" line or list item that wraps goes on under the text it continues, not at
column 0: in a confirmation that lists links, a goal's detail, the wizard's review step and the
help's key list, at 60x20 (and 40x12 for the dialog)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from tests.conftest import SAMPLES
from tests.ui.test_dialogs_fit import WAYS, _open, _reach
from tests.ui.test_focus_visible import plain_lines
from tui.app import open_workbook
from tui.widgets.hanging import hang_of


def _misplaced(lines: list[str], texts: list[tuple[str, int]]) -> tuple[int, list[str]]:
    """How many of `texts` (a line of text, the indent its continuation keeps) are drawn wrapped,
    and the ones whose next screen row does not start under the text it continues."""
    wrapped, wrong = 0, []
    for text, hang in texts:
        if hang <= 0 or len(text) < 20:
            continue
        head = text[:16]
        for number, row in enumerate(lines[:-1]):
            column = row.find(head)
            if column < 0 or text in row:
                continue
            after = lines[number + 1]
            shown = row[column:].rstrip(" │▕▁▂▃▄▅▆▇█")
            rest = text[len(shown):].lstrip()
            below = after.strip(" │▕▁▂▃▄▅▆▇█")[:8]
            if not rest or not below or below not in rest[:40]:
                continue  # the row below is not this text's next line (the list ends there)
            wrapped += 1
            if after[column:column + hang].strip() or not after[column + hang:].strip():
                wrong.append(f"{text[:40]!r}: went on as {after.strip()[:30]!r}, not at {hang} in")
            break
    return wrapped, wrong


def _option_texts(options: OptionList, hang=hang_of) -> list[tuple[str, int]]:
    return [(line, hang(line)) for option in options.options for line in str(option.prompt).split("\n")]


@pytest.mark.parametrize("size", [(60, 20), (40, 12)], ids=lambda size: f"{size[0]}x{size[1]}")
async def test_a_confirmation_s_listed_links_wrap_under_their_text(tmp_path: Path, monkeypatch, size) -> None:
    way = next(way for way in WAYS if way.name == "delete-goal")
    app = await _open(tmp_path, monkeypatch, way, size)
    async with app.run_test(size=size) as pilot:
        await _reach(app, pilot, way)
        texts = [(line, hang_of(line)) for line in app.screen.message.split("\n")]
        assert any(hang == len("  Ansoff option: ") for _, hang in texts)
        wrapped, wrong = _misplaced(plain_lines(app), texts)
        assert wrapped and not wrong, "\n".join(wrong + plain_lines(app))


async def _every_line_seen(pilot, options: OptionList) -> list[str]:
    """The screens seen while the cursor goes down the whole list, one after the other."""
    lines: list[str] = []
    for _ in range(len(options.options)):
        lines += plain_lines(pilot.app)
        await pilot.press("down")
        await pilot.pause()
    return lines


LISTED = ("Steps:\n  - ask the three largest customers which handling jobs they would hand over first, "
          "and write down why\n  - price a cell for each of them")


def _acme_okr(tmp_path: Path, start: str = "goals"):
    """Acme, its first goal one with key results (their pace lines are indented under them) and an
    answer that lists steps, indented; its vision lists steps too."""
    from tui.store import load, save

    path = Path(shutil.copy(SAMPLES / "acme-robotics.toml", tmp_path / "acme.toml"))
    workbook = load(path).workbook
    okr = next(goal for goal in workbook.goals if goal.key_results)
    workbook.goals.remove(okr)
    workbook.goals.insert(0, okr)
    okr.answers[next(iter(okr.answers))] = LISTED
    workbook.vmv.vision = LISTED
    save(workbook, path)
    return open_workbook(path, start=start)


async def test_a_goal_s_detail_and_the_wizard_s_review_wrap_under_their_text(tmp_path: Path) -> None:
    app = _acme_okr(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the first goal's detail
        await pilot.pause()
        detail = app.screen.query_one("#goal-detail", OptionList)
        found, wrong = _misplaced(await _every_line_seen(pilot, detail), _option_texts(detail))
        assert not wrong, "\n".join(wrong)
        await pilot.press("escape")
        await pilot.pause()
        assert found, "no line of the detail wrapped: the test proves nothing"
        await pilot.press("e")  # the wizard, at its review step
        await pilot.pause()
        review = app.screen.query_one("#review-list", OptionList)
        wrapped, wrong = _misplaced(await _every_line_seen(pilot, review), _option_texts(review))
        assert wrapped and not wrong, "\n".join(wrong)


def _key_column(line: str) -> int:
    found = re.match(r"\s*\S.*?\s{2,}(?=\S)", line)
    return len(found.group()) if found else 0


async def test_the_help_s_key_descriptions_wrap_under_the_description(tmp_path: Path) -> None:
    app = _acme_okr(tmp_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        keys = app.screen.query_one("#help-keys", OptionList)
        wrapped, wrong = _misplaced(await _every_line_seen(pilot, keys), _option_texts(keys, _key_column))
        assert wrapped and not wrong, "\n".join(wrong)


async def test_the_full_vision_s_listed_steps_wrap_under_their_text(tmp_path: Path) -> None:
    app = _acme_okr(tmp_path, start="overview")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        wrapped, wrong = _misplaced(plain_lines(app), [(line, hang_of(line)) for line in LISTED.split("\n")])
        assert wrapped and not wrong, "\n".join(wrong + plain_lines(app))
