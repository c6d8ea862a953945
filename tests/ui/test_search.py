"""Search everywhere (ctrl+f) and back and forth (ctrl+o, ctrl+t).

Every kind of text is found from any section, and enter puts the cursor on it in its section;
every jump (search, enter on the Overview, a link) is undone by ctrl+o with the cursor where it
was, and ctrl+t goes forward again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tests.ui.conftest import type_text, wait_until
from tests.unit.test_search import EXPECTED, one_of_each
from tui.app import open_workbook
from tui.modals.search import SearchDialog, hit_prompt
from tui.model.jumps import Place
from tui.model.search import KINDS
from tui.screens.base import SectionScreen
from tui.screens.goal_detail import GoalDetailScreen
from tui.screens.goals import GoalsScreen
from tui.screens.sections import SECTION_BY_MODE
from tui.store import save

SIZE = (80, 24)

#: Where the cursor is after the search's jump to each word's hit: what `cursor_ref` says there.
LANDS_ON = {
    "quokka": "vision",
    "narwhal": "mission",
    "integrity": "val-aaaa",
    "ocelot": "val-aaaa",
    "walrus": "str-aaaa",
    "axolotl": "str-aaaa",
    "dingo": "wea-aaaa",
    "gecko": "opp-aaaa",
    "jackal": "thr-aaaa",
    "lemur": "tow-aaaa",
    "mongoose": "pes-aaaa",
    "tapir": "pestle.political",
    "bison": "gol-aaaa.basics.",
    "okapi": "gol-aaaa.basics.",
    "meerkat": "gol-aaaa.answer.objective_why",
    "yak": "gol-aaaa.kr.kr-aaaa",
    "ibis": "gol-aaaa.checkin.chk-aaaa",
    "lynx": "gol-bbbb.checkin.chk-bbbb",
    "koala": "gol-bbbb.basics.",
    "puffin": "gol-aaaa.milestone.mil-aaaa",
    "heron": "tac-aaaa",
    "wombat": "frc-aaaa",
    "falcon": "forces.substitutes",
    "iguana": "ans-aaaa",
    "moose": "rsk-aaaa",
    "beaver": "rsk-aaaa",
}
#: Words of kinds whose section this version does not show yet: not searched in the app.
NOT_SHOWN = {word for word, (section, *_) in EXPECTED.items() if section not in SECTION_BY_MODE}


@pytest.fixture
def every_kind(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    save(one_of_each(), path)
    return path


def test_every_kind_has_a_section_that_exists() -> None:
    assert {kind.section for kind in KINDS.values()} <= set(SECTION_BY_MODE)
    assert set(LANDS_ON) | NOT_SHOWN == set(EXPECTED)


def test_hits_show_hostile_text_as_symbols() -> None:
    from tests.ui.conftest import HOSTILE
    from tui.model.search import Hit

    for text in HOSTILE:
        for hit in (Hit("str-aaaa", "swot", "strength", text, "", 0),
                    Hit("str-aaaa", "swot", "strength", "title", "a note " + text, 7, text)):
            shown = hit_prompt(hit, text.lower().split()).plain
            assert not any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 or c == "\u202e" for c in shown), (text, shown)


async def search_and_go(pilot, word: str) -> None:
    app = pilot.app
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(app.screen, SearchDialog))
    await type_text(pilot, word)
    dialog = app.screen
    await wait_until(pilot, lambda: dialog.hits and dialog.query_text == word)
    await pilot.press("enter")


#: The words whose hits are in each section, in the order searched: one test per section (one test
#: of every word took 7 s of processor time, nearly all of it drawing the sections it went through).
WORDS_BY_SECTION: dict[str, list[str]] = {}
for _word in LANDS_ON:
    WORDS_BY_SECTION.setdefault(EXPECTED[_word][0], []).append(_word)


def test_every_word_is_searched_in_one_of_the_section_tests() -> None:
    assert [word for words in WORDS_BY_SECTION.values() for word in words] == list(LANDS_ON)


@pytest.mark.parametrize("section", list(WORDS_BY_SECTION))
async def test_search_finds_every_kind_and_goes_to_it_then_back_and_forth(every_kind: Path, section: str) -> None:
    app = open_workbook(every_kind)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "down")
        places = [app.here()]
        assert places[0] == Place("overview", "line:3")
        for word in NOT_SHOWN:
            assert app.search_index().search(word) == ([], 0)
        for word in WORDS_BY_SECTION[section]:
            ref = LANDS_ON[word]
            await search_and_go(pilot, word)
            await wait_until(pilot, lambda: app.current_mode == section and isinstance(app.screen, SectionScreen)
                             and app.screen.cursor_ref() == ref)
            places.append(app.here())
        # Back, one jump at a time, to where each came from, with the cursor there (a jump to
        # where the cursor already was, the same item found by another word, is no step).
        places = [place for i, place in enumerate(places) if i == 0 or place != places[i - 1]]
        refs = [LANDS_ON[word] for word in WORDS_BY_SECTION[section]]
        assert len(places) == 1 + sum(1 for i, ref in enumerate(refs) if i == 0 or ref != refs[i - 1])
        for place in reversed(places[:-1]):
            await pilot.press("ctrl+o")
            await wait_until(pilot, lambda: app.here() == place)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: "Nothing to go back to" in str(list(app._notifications)[-1].message))
        assert app.here() == places[0]
        # And forward again, all the way.
        for place in places[1:]:
            await pilot.press("ctrl+t")
            await wait_until(pilot, lambda: app.here() == place)


async def test_each_hit_says_its_section_and_kind(every_kind: Path) -> None:
    app = open_workbook(every_kind, start="swot")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await type_text(pilot, "tapir")
        dialog = app.screen
        assert isinstance(dialog, SearchDialog)
        await wait_until(pilot, lambda: dialog.hits)
        line = str(dialog.hit_list.get_option_at_index(0).prompt)
        assert line.split()[:3] == ["PESTLE", "notes", "Political"]
        assert "tapir" in line
        await type_text(pilot, "zzz")
        await wait_until(pilot, lambda: not dialog.hits)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, SearchDialog))
        assert app.current_mode == "swot"


async def test_back_from_a_jump_in_the_same_section_puts_the_cursor_back(every_kind: Path) -> None:
    app = open_workbook(every_kind, start="swot")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("l")  # weaknesses
        await wait_until(pilot, lambda: app.screen.cursor_ref() == "wea-aaaa")
        await search_and_go(pilot, "lemur")  # a TOWS strategy: the same section, another view
        await wait_until(pilot, lambda: app.screen.cursor_ref() == "tow-aaaa")
        await pilot.press("alt+left")
        await wait_until(pilot, lambda: app.screen.cursor_ref() == "wea-aaaa" and not app.screen.showing_tows)
        await pilot.press("alt+right")
        await wait_until(pilot, lambda: app.screen.cursor_ref() == "tow-aaaa")


async def test_back_to_the_goals_list_does_not_open_a_goal(every_kind: Path) -> None:
    app = open_workbook(every_kind, start="goals")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down")
        assert app.here() == Place("goals", "gol-bbbb.row.")
        await search_and_go(pilot, "heron")
        await wait_until(pilot, lambda: app.current_mode == "tactics")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: app.current_mode == "goals")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        assert app.screen.current_goal().id == "gol-bbbb"


async def test_back_from_an_overview_jump_and_a_link(tmp_path: Path) -> None:
    path = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", path)
    app = open_workbook(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        overview = app.screen
        lines = overview.lines
        line = next(i for i, ln in enumerate(lines) if ln.item_id.startswith("gol-"))
        overview.query_one("#overview").highlighted = line
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, GoalDetailScreen))
        detail = app.screen
        link = next(i for i, item in enumerate(detail.items) if item is not None and item.kind == "link" and item.key)
        detail.detail.highlighted = link
        link_place = app.here()
        await pilot.press("enter")  # the link: to its section
        await wait_until(pilot, lambda: app.current_mode != "goals")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: app.here() == link_place)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: app.here() == Place("overview", f"line:{line}"))


async def test_search_and_jumps_wait_while_a_dialog_is_open(every_kind: Path) -> None:
    from tui.modals.help import HelpScreen

    app = open_workbook(every_kind, start="swot")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("ctrl+f", "ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


def test_snapshot_search_dialog(snap_compare, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", path)

    async def search(pilot) -> None:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await type_text(pilot, "custom")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, SearchDialog) and pilot.app.screen.hits)
        await pilot.press("down")

    assert snap_compare(open_workbook(path), terminal_size=SIZE, run_before=search)
