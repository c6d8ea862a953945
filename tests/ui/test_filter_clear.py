"""A filter, as the README's key table has it: `/` shows only what matches, `esc` clears it, in every
section it names (SWOT, PESTLE, Goals, Tactics, Risks); and a filter that hides every item says so,
where a workbook with no items invites the first one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.ui.conftest import type_text
from tui.app import open_workbook

SIZE = (80, 24)
NOTHING = "Nothing matches the filter: / changes it, esc clears it."


def screen_text(app) -> str:
    """Every character the screen draws now."""
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())


def status_line(app) -> str:
    """The line under the section bar: what the section shows, of how many."""
    return screen_text(app).splitlines()[2]


@asynccontextmanager
async def filtered(path: Path, section: str, words: str) -> AsyncIterator[tuple]:
    """(app, pilot) on the workbook at `path`, with `section` open and filtered by `words`: `/`, the
    words (goals: the first letter of a status) and enter, as a user does."""
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await filter_by(pilot, section, words)
        yield app, pilot


async def filter_by(pilot, section: str, words: str) -> None:
    await pilot.pause()
    await pilot.press(section, "slash")
    await pilot.pause()
    if section == "5":
        await pilot.press(words)  # the status field: a letter picks the status
    else:
        if section == "6":
            await pilot.press("tab")  # past "show", to the owner
        await type_text(pilot, words)
    await pilot.press("enter")
    await pilot.pause()


# section key, a filter that keeps some items, what the status line says then, and without a filter
SOME = {
    "swot": ("3", "cost", "Strengths  1 of 6", "Strengths  6 "),
    "pestle": ("4", "export", "Filter", "Checked 10/16 items"),
    "goals": ("5", "a", "Goals 5 of 8", "Goals 8 "),
    "tactics": ("6", "priya", "Tactics 2 of 14", "Tactics 14 "),
    "risks": ("8", "servo", "Risks 2 of 8", "Risks 8 "),
}


@pytest.mark.parametrize("section", list(SOME))
async def test_esc_clears_the_filter_and_every_item_shows_again(sample_copy: Path, section: str) -> None:
    key, words, some, everything = SOME[section]
    async with filtered(sample_copy, key, words) as (app, pilot):
        assert some in status_line(app)
        shown = screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        line = status_line(app)
        assert everything in line and " of " not in line and "Filter" not in line, line
        assert screen_text(app) != shown
        await pilot.press("escape")  # nothing left to clear: esc does nothing here, and no harm
        await pilot.pause()
        assert everything in status_line(app)


# section key, a filter that keeps nothing, the text of an empty list under the filter, the invitation
NONE = {
    "swot": ("3", "zzz", "No strengths hold 'zzz'.", "to add the first one"),
    "pestle": ("4", "zzz", NOTHING, "No item"),
    "goals": ("5", "m", NOTHING, "No goals yet"),
    "tactics": ("6", "zzz", NOTHING, "No goals yet"),
    "risks": ("8", "xyzzy", NOTHING, "No risks yet"),
}


@pytest.mark.parametrize("section", list(NONE))
async def test_a_filter_that_hides_every_item_says_nothing_matches(sample_copy: Path, section: str) -> None:
    key, words, nothing, invitation = NONE[section]
    async with filtered(sample_copy, key, words) as (app, pilot):
        app.clear_notifications()
        await pilot.pause()
        shown = screen_text(app)
        assert nothing in shown, shown
        assert invitation not in shown, shown


INVITATIONS = {"3": "Press a to add the first one.", "5": "No goals yet: press a to write the first one.",
               "6": "No goals yet: tactics belong to goals", "8": "No risks yet: a adds one"}


@pytest.mark.parametrize("key", list(INVITATIONS))
async def test_an_empty_workbook_still_invites_the_first_item(tmp_path: Path, key: str) -> None:
    app = open_workbook(tmp_path / "new.toml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
        shown = screen_text(app)
        assert INVITATIONS[key] in shown and "Nothing matches" not in shown, shown
