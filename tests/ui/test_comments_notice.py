"""Comments written in the file by hand are kept by a save from the app (docs/format.md), each
with what it was written above, so opening such a file needs no warning about them; a file's
warnings are still told, in one message."""

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
ABOVE = "# Ann's draft: not for sharing yet"


def _notes(app) -> list[str]:
    return [f"{n.title}\n{n.message}" for n in app._notifications]


def _about_comments(app) -> list[str]:
    return [note for note in _notes(app) if "comment" in note.lower()]


@pytest.mark.parametrize("text", [COMMENTED, ABOVE + "\n" + ONE_OF_EVERYTHING], ids=["after-a-value", "on-a-line-of-its-own"])
async def test_opening_a_file_with_comments_says_nothing_of_them(tmp_path: Path, text: str) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not _about_comments(app), _notes(app)
        assert path.read_text(encoding="utf-8") == text


async def test_an_edit_and_ctrl_s_keep_the_comments_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    text = (ABOVE + "\n" + COMMENTED).replace('[[swot.strengths]]\nid = "str-one1"',
                                              '# Bob: is this really a strength?\n[[swot.strengths]]\nid = "str-one1"')
    path.write_text(text, encoding="utf-8")
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.clear_notifications()
        await pilot.press("escape", "3", "plus", "ctrl+s")  # the SWOT board: the strength weighs more; save
        await pilot.pause()
        assert not app.dirty
        written = path.read_text(encoding="utf-8")
        assert app.workbook.swot.strengths[0].weight == 4  # the default 3, one more
        assert '# Bob: is this really a strength?\n[[swot.strengths]]\nid = "str-one1"\ntext = "One strength"\n' \
               'weight = 4\n' in written
        assert 'vision = "One vision."  # Ann: too short?\n' in written
        assert f"\n{ABOVE}\n[workbook]\n" in written
        app.apply(SetFields("meta", {"title": "Saved twice"}))
        await pilot.press("ctrl+s")
        await pilot.pause()
        again = path.read_text(encoding="utf-8")
        assert 'title = "Saved twice"' in again and "# Bob: is this really a strength?\n" in again
        assert not _about_comments(app), _notes(app)


async def test_the_rough_draft_tells_its_warnings_and_keeps_its_comments(tmp_path: Path) -> None:
    """Its warnings are told in one message; its authors' comments are still there after a save."""
    path = tmp_path / "rough.toml"
    shutil.copy(ROUGH_DRAFT, path)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        notes = _notes(app)
        assert len(notes) == 1, notes
        assert notes[0].splitlines()[0] == "Opened with warnings", notes
        assert "opp-gone" in notes[0] and "comment" not in notes[0].lower(), notes
        app.apply(SetFields("meta", {"organisation": "Northfield Café CIC Ltd"}))
        await pilot.press("ctrl+s")
        await pilot.pause()
        written = path.read_text(encoding="utf-8")
        assert "weight = 4  # only verbal! ask for it in writing\n" in written
        assert "# nobody has looked at legal yet: charity law? food hygiene? insurance?\nreviewed = false" in written
        assert "Comments are not kept" not in written


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
        assert not app.workbook.comments
