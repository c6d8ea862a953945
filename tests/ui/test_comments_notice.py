"""Comments written in the file by hand are not kept (docs/format.md): the app says so when it
opens such a file, before a save can drop them, and once more at the first save; a file with no
comment of a person's (Stratbook's own header, a '#' inside a text) hears nothing of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROUGH_DRAFT, SAMPLES
from tests.ui.conftest import ONE_OF_EVERYTHING
from tui.app import open_workbook
from tui.model.edits import SetFields

SIZE = (80, 24)
COMMENTED = ONE_OF_EVERYTHING.replace('vision = "One vision."', 'vision = "One vision."  # Ann: too short?')


def _notes(app) -> list[str]:
    return [f"{n.title}\n{n.message}" for n in app._notifications]


def _about_comments(app) -> list[str]:
    return [note for note in _notes(app) if "comment" in note.lower()]


@pytest.mark.parametrize("text", [COMMENTED, "# Ann's draft: not for sharing yet\n" + ONE_OF_EVERYTHING],
                         ids=["after-a-value", "on-a-line-of-its-own"])
async def test_opening_a_file_with_comments_says_a_save_drops_them(tmp_path: Path, text: str) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        told = _about_comments(app)
        assert len(told) == 1, _notes(app)
        assert "a save drops the comments" in told[0].lower(), told
        assert path.read_text(encoding="utf-8") == text  # told, not acted on


async def test_the_rough_draft_says_it_with_its_warnings_in_one_message(tmp_path: Path) -> None:
    """Its comments and its warnings are told at once, in one message (two would stack past the
    screen's height at 80x24), the comments first: they are what a save loses."""
    path = tmp_path / "rough.toml"
    shutil.copy(ROUGH_DRAFT, path)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = _notes(app)
        assert len(notes) == 1, notes
        title, first_line = notes[0].splitlines()[:2]
        assert title == "Opened with warnings", notes
        assert first_line.startswith("A save drops the comments"), notes
        assert "opp-gone" in notes[0], notes  # the warnings are still there


@pytest.mark.parametrize("sample", ["acme-robotics.toml", "one-of-everything"])
async def test_a_file_without_a_person_s_comment_hears_nothing_of_comments(tmp_path: Path, sample: str) -> None:
    path = tmp_path / "plan.toml"
    if sample == "one-of-everything":  # a '#' inside texts, of every kind of string
        text = ONE_OF_EVERYTHING.replace('"One strength"', '"Strength #1"').replace(
            'mission = "One mission."', "mission = '''Issue #2\n# not a comment'''")
        path.write_text(text, encoding="utf-8")
    else:
        shutil.copy(SAMPLES / sample, path)  # Stratbook's own header lines are comments of its own
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not _about_comments(app), _notes(app)


async def test_the_first_save_says_it_again_and_later_saves_do_not(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(COMMENTED, encoding="utf-8")
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.clear_notifications()
        for saves, title in ((1, "Saved once"), (2, "Saved twice")):
            app.apply(SetFields("meta", {"title": title}))
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "# Ann" not in path.read_text(encoding="utf-8")
            told = _about_comments(app)
            assert len(told) == 1, (saves, _notes(app))  # the first save's, and no new one
