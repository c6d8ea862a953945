"""Dialogs offer the workbook as it is now. What they offer from the whole workbook (the owners the
risk and tactic forms suggest, the goals and tactics a risk may link) is made once per change
(StratbookApp.derived); after an edit, an undo, a redo and a reload the next dialog shows the new
names, never the ones it showed before."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.conftest import SAMPLES
from tests.ui.conftest import give_up
from tests.ui.drawing import press_steadily, steady_drawing
from tui.app import StratbookApp, open_workbook
from tui.model.edits import Insert, SetFields
from tui.model.workbook import Goal
from tui.modals.checkin import CheckinForm
from tui.modals.form import FormDialog
from tui.modals.picker import ItemPicker, PickerDialog

SIZE = (80, 24)
NEWCOMER = "Aaron Newcomer"  # sorts first, so the form's hint names it too


@pytest.fixture
def acme(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "acme-robotics.toml", tmp_path / "acme.toml"))


async def suggested_owners(pilot, key: str) -> tuple[list[str], str]:
    """Open the form under `key`, read what its owner field suggests (and its hint), close it."""
    app: StratbookApp = pilot.app
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(app.screen, FormDialog), app.screen
    owner = app.screen.query_one("#field-owner", Input)
    names = list(owner.suggester._suggestions)
    hints = " ".join(str(hint.render()) for hint in app.screen.query(".form-hint").results(Static))
    await pilot.press("escape")
    await pilot.pause()
    assert not isinstance(app.screen, FormDialog)
    return names, hints


async def link_choices(pilot) -> set[str]:
    app: StratbookApp = pilot.app
    await pilot.press("l")
    await pilot.pause()
    assert isinstance(app.screen, PickerDialog), app.screen
    ids = {item.id for item in app.screen.query_one(ItemPicker).items}
    await pilot.press("escape")
    await pilot.pause()
    return ids


def reload_with(app: StratbookApp, change) -> None:
    """What a reload of the file does, with the file changed by `change`."""
    workbook = copy.deepcopy(app.workbook)
    change(workbook)
    app.replace_workbook(workbook, "reloaded")


async def test_the_risk_form_suggests_the_owners_there_are_now(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        names, hints = await suggested_owners(pilot, "e")
        assert "Tom Berg" in names and NEWCOMER not in names and NEWCOMER not in hints

        risk = app.screen.current_risk()
        app.apply(SetFields(risk.id, {"owner": NEWCOMER}))
        await pilot.pause()
        names, hints = await suggested_owners(pilot, "e")
        assert NEWCOMER in names and NEWCOMER in hints  # an edit

        await pilot.press("ctrl+z")
        await pilot.pause()
        names, hints = await suggested_owners(pilot, "a")
        assert NEWCOMER not in names and NEWCOMER not in hints  # undone

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert NEWCOMER in (await suggested_owners(pilot, "e"))[0]  # redone

        reload_with(app, lambda workbook: setattr(workbook.risks[0], "owner", "Zoe Reloaded"))
        await pilot.pause()
        names, _ = await suggested_owners(pilot, "e")
        assert "Zoe Reloaded" in names and (NEWCOMER in names) == any(
            r.owner == NEWCOMER for r in app.workbook.risks)  # reloaded: the file's names


async def test_the_tactic_form_suggests_the_owners_there_are_now(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await pilot.pause()
        while app.screen.current_tactic() is None:  # off the goal's heading, onto a tactic
            await pilot.press("j")
        assert NEWCOMER not in (await suggested_owners(pilot, "e"))[0]
        tactic = app.screen.current_tactic()
        app.apply(SetFields(tactic.id, {"owner": NEWCOMER}))
        await pilot.pause()
        assert NEWCOMER in (await suggested_owners(pilot, "e"))[0]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert NEWCOMER not in (await suggested_owners(pilot, "e"))[0]


async def test_the_links_dialog_offers_the_goals_there_are_now(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        before = await link_choices(pilot)
        assert app.workbook.goals[0].id in before

        goal = Goal("gol-newone", title="A goal added since the last look")
        app.apply(Insert("goals", len(app.workbook.goals), goal))
        await pilot.pause()
        assert goal.id in await link_choices(pilot)  # an edit

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert goal.id not in await link_choices(pilot)  # undone

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert goal.id in await link_choices(pilot)  # redone

        gone = app.workbook.goals[0].id
        reload_with(app, lambda workbook: workbook.goals.pop(0))
        await pilot.pause()
        assert gone not in await link_choices(pilot)  # reloaded


# -- dialogs kept composed (Dialog.shape, StratbookApp._kept) -------------------------------------

def screen_text(app: StratbookApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def as_a_new_app_shows(path: Path, key: str, section: str = "8", theme: str | None = None) -> str:
    """The screen of a new app on `path` (in `theme`, if given) after `key` on the second row of
    `section` (the risk register unless said), as drawn (see `tests.ui.drawing`)."""
    fresh = open_workbook(path)
    async with fresh.run_test(size=SIZE) as pilot:
        if theme is not None:
            fresh.theme = theme
        await press_steadily(pilot, section, "j", key)
        assert fresh.screen.is_modal
        return await steady_drawing(pilot)


async def open_form(pilot, key: str) -> FormDialog:
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormDialog), pilot.app.screen
    return pilot.app.screen


async def test_a_form_shown_again_is_the_form_a_new_one_would_be(acme: Path, tmp_path: Path) -> None:
    """A form of a shape seen before is the one composed then, with nothing of before: not the
    typing, the error, the pasted list, the scroll, the cursor or the undo of its boxes. On screen
    it is the same as the form a fresh app shows for the same risk."""
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        first = await open_form(pilot, "e")
        await pilot.press(*"Typed, then given up")  # into the first box
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # to the response, scrolled down
        await pilot.press(*"more typing")
        assert first.query_one("#form-fields").scroll_y > 0  # scrolled down to the response
        first.query_one("#field-text", Input).value = ""  # required: saving is refused, an error shows
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "required" in str(first.query_one("#form-error", Static).render())
        await give_up(pilot)
        await pilot.pause()

        await pilot.press("j")  # another risk
        await pilot.pause()
        risk = app.screen.current_risk()
        again = await open_form(pilot, "e")
        assert again is first  # kept, not composed again
        text = again.query_one("#field-text", Input)
        assert text.value == risk.text and text.has_focus and text.cursor_position == len(risk.text)
        response = again.query_one("#field-response")
        assert response.text == risk.response and response.cursor_location == (0, 0)
        assert not response.history.undo_stack
        assert str(again.query_one("#form-error", Static).render()) == ""
        assert again.query_one("#form-fields").scroll_y == 0
        assert not again.holds_typing()
        kept_screen = await steady_drawing(pilot)
        await pilot.press("ctrl+z")  # the box has no typing of before to undo
        await pilot.pause()
        assert text.value == risk.text
        await pilot.press("escape")
        await pilot.pause()

        added = await open_form(pilot, "a")  # the same shape: a new risk's form, empty
        assert added is first
        assert added.query_one("#field-text", Input).value == ""
        assert "New risk" in screen_text(app)
        await pilot.press("escape")

    assert await as_a_new_app_shows(acme, "e") == kept_screen


async def test_a_kept_form_saves_what_it_shows_now(acme: Path) -> None:
    """Saving a form shown again edits the risk it shows now, with the checks of now."""
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        await open_form(pilot, "e")
        await pilot.press("escape")
        await pilot.press("j")
        await pilot.pause()
        second = app.screen.current_risk()
        before = app.workbook.risks[0].text if app.workbook.risks[0] is not second else None
        await open_form(pilot, "e")
        await pilot.press("end", *" (checked)", "enter")
        await pilot.pause()
        assert second.text.endswith(" (checked)")
        assert all(r.text != before + " (checked)" for r in app.workbook.risks if before)


async def overview_dialog_text(pilot, key: str) -> str:
    """Open the Overview's `key` dialog (w: warnings, v: reading), read the screen, close it."""
    app: StratbookApp = pilot.app
    await pilot.press(key)
    await pilot.pause()
    assert app.screen.is_modal, (key, app.screen, [str(n.message) for n in app._notifications])
    shown = screen_text(app)
    await pilot.press("escape")
    await pilot.pause()
    assert not app.screen.is_modal
    return shown


async def test_the_overview_lists_and_reading_show_the_workbook_of_now(acme: Path) -> None:
    """w (the warnings, a kept list) and v (the reading, a kept text) after an edit, undo, redo
    and reload show what the workbook says then; shown again unchanged, the same as before."""
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        warned = app.workbook.goals[0]
        app.apply(SetFields(warned.id, {"owner": ""}))  # a warning: no owner
        await pilot.pause()
        assert warned.title[:30] in await overview_dialog_text(pilot, "w")
        reading = await overview_dialog_text(pilot, "v")
        assert await overview_dialog_text(pilot, "v") == reading  # unchanged: the same

        app.apply(SetFields(warned.id, {"title": "Renamed since the last look"}))
        app.apply(SetFields("vmv", {"vision": "A vision rewritten since the last look"}))
        await pilot.pause()
        assert "Renamed since the last look" in await overview_dialog_text(pilot, "w")  # edits
        assert "A vision rewritten since the last look" in await overview_dialog_text(pilot, "v")

        await pilot.press("ctrl+z")  # the vision back
        await pilot.press("ctrl+z")  # the title back
        await pilot.pause()
        warnings = await overview_dialog_text(pilot, "w")
        assert "Renamed since the last look" not in warnings and warned.title[:30] in warnings
        assert await overview_dialog_text(pilot, "v") == reading

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "Renamed since the last look" in await overview_dialog_text(pilot, "w")  # redone

        reload_with(app, lambda workbook: setattr(workbook.vmv, "vision", "A vision from the file"))
        await pilot.pause()
        assert "A vision from the file" in await overview_dialog_text(pilot, "v")  # reloaded


async def test_a_picker_shown_again_ticks_what_the_risk_links_now(acme: Path) -> None:
    """The links picker, kept: for the next risk its ticks are that risk's links, with no search,
    error or cursor of before, and it saves them to that risk."""
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        first = app.screen.current_risk()
        first_links = list(first.links)
        await pilot.press("l")
        await pilot.pause()
        picker_dialog = app.screen
        picker = picker_dialog.query_one(ItemPicker)
        await pilot.press("j", "j", "space")  # a tick never saved
        await pilot.press("slash", *"zz")  # a search that hides every row
        await pilot.pause()
        assert picker.needle == "zz"
        await pilot.press("escape", "escape")  # the search, then the dialog: it asks about the tick
        await pilot.pause()
        await pilot.press("d")  # throw it away
        await pilot.pause()
        assert not isinstance(app.screen, PickerDialog) and first.links == first_links

        await pilot.press("j")
        await pilot.pause()
        second = app.screen.current_risk()
        assert second is not first
        await pilot.press("l")
        await pilot.pause()
        assert app.screen is picker_dialog  # kept
        assert picker.selected == set(second.links) and picker.needle == ""
        assert picker.query_one(".picker-search", Input).value == ""
        assert picker.picklist.highlighted_option.id == picker.items[0].id  # the first item
        assert "Treated by: " + second.text[:30] in screen_text(app)
        kept_screen = await steady_drawing(pilot)
        top = picker.items[0].id
        was_linked = top in second.links
        await pilot.press("space", "enter")  # tick (or untick) the first item and save
        await pilot.pause()
        assert (top in second.links) != was_linked
        assert first.links == first_links

    assert await as_a_new_app_shows(acme, "l") == kept_screen  # drawn as a new picker draws it


async def test_a_kept_check_in_form_is_the_form_a_new_one_would_be(acme: Path) -> None:
    """The check-in form, kept: for the next goal it shows that goal's last value, selected (typing
    replaces it), and nothing typed before; on screen the same as a new app's form."""
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, CheckinForm)
        await pilot.press(*"42", "tab", *"3")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        if not isinstance(app.screen, CheckinForm):
            pytest.skip("the second goal of the sample takes no check-in of its own")
        assert app.screen is first  # kept
        value = first.query_one("#field-value", Input)
        assert value.selected_text == value.value != "42"
        kept_screen = await steady_drawing(pilot)

    assert await as_a_new_app_shows(acme, "u", section="5") == kept_screen


async def test_a_form_shown_again_shows_a_long_text_from_its_start_as_a_new_one_does(tmp_path: Path) -> None:
    """A text longer than its box: a new form shows its start (the cursor at its end, as Textual
    puts it); the kept form, filled again, showed the end of it, scrolled along to the cursor."""
    from tui.store import load, save

    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    for risk in workbook.risks:
        risk.text = f"The start of a long risk ({risk.id}) " + "and then many more words " * 6
    path = tmp_path / "long.toml"
    save(workbook, path)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        await open_form(pilot, "e")
        await pilot.press("escape", "j")
        await pilot.pause()
        await open_form(pilot, "e")
        assert "The start of a long risk" in screen_text(app)
        kept_screen = await steady_drawing(pilot)
    assert await as_a_new_app_shows(path, "e") == kept_screen


async def test_a_kept_form_takes_the_theme_chosen_while_it_was_closed(acme: Path) -> None:
    """A kept form skips working out its styles again only while nothing they hang on has
    changed (SteadyLayout._style_state): after a change of theme it is drawn in the new colours, as a
    new app draws it."""
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        for pressed in ("8", "j"):
            await pilot.press(pressed)
            await pilot.pause()
        first = await open_form(pilot, "e")
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "textual-light"
        await pilot.pause()
        assert await open_form(pilot, "e") is first
        kept_screen = await steady_drawing(pilot)
    assert kept_screen == await as_a_new_app_shows(acme, "e", theme="textual-light")


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """The sample with every risk linked to goals and tactics, each risk to others than the next."""
    from tui.model.risks import link_candidates
    from tui.store import load, save

    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    candidates = [item_id for item_id, _ in link_candidates(workbook)]
    for n, risk in enumerate(workbook.risks):
        risk.links = [candidates[n % len(candidates)], candidates[(3 * n + 1) % len(candidates)]]
    path = tmp_path / "linked.toml"
    save(workbook, path)
    return path


async def test_a_kept_picker_for_another_risk_redraws_the_ticks_that_differ(linked: Path) -> None:
    """The kept picker keeps the rows it drew when the list is the same: only the rows ticked
    otherwise now (and their headings' counts) are drawn again. Shown for the second risk, then
    the first again, it is the picker a new app draws for each."""
    app = open_workbook(linked)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        first = app.screen.current_risk()
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("j", "j", "j")  # the cursor down the list: a new picker starts at the top
        await pilot.press("escape", "j")
        await pilot.pause()
        second = app.screen.current_risk()
        await pilot.press("l")
        await pilot.pause()
        assert set(first.links) != set(second.links)
        assert isinstance(app.screen, PickerDialog) and app.screen.query_one(ItemPicker).selected == set(second.links)
        for_second = await steady_drawing(pilot)
        await pilot.press("escape", "k", "l")
        await pilot.pause()
        for_first = await steady_drawing(pilot)
    assert for_second == await as_a_new_app_shows(linked, "l")
    fresh = open_workbook(linked)
    async with fresh.run_test(size=SIZE) as pilot:
        await press_steadily(pilot, "8", "l")
        assert await steady_drawing(pilot) == for_first


async def test_a_dialog_drops_the_section_s_focus_mark_once_and_takes_it_back(acme: Path, monkeypatch) -> None:
    """A dialog pushed over a section drops the focus mark at once (SectionScreen.covered, called
    by StratbookApp.push_screen), so the dialog's first frame draws the section without it; the
    screen's own ScreenSuspend then has nothing left to do. Closed, the mark is back."""
    from tui.screens.base import SectionScreen

    covered: list[SectionScreen] = []
    original = SectionScreen.covered
    monkeypatch.setattr(SectionScreen, "covered", lambda self: (covered.append(self), original(self))[1])
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        section = app.screen
        table = section.table
        marked = "".join(strip.text for strip in table.render_lines(table.size.region))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog) and covered == [section]
        assert not section._covered  # its suspend came and found the mark dropped
        under = "".join(strip.text for strip in table.render_lines(table.size.region))
        assert under != marked and "New risk" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "".join(strip.text for strip in table.render_lines(table.size.region)) == marked


async def test_every_owner_box_suggests_everyone_who_owns_a_goal_a_tactic_or_a_risk(acme: Path) -> None:
    """One list of the people in the workbook: the tactic form did not suggest who owns only a
    risk, nor the risk form who owns only a tactic (found by an outside tester)."""
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        app.apply(SetFields(app.screen.current_risk().id, {"owner": "Yolanda Rix"}))
        tactic = app.workbook.tactics[0]
        app.apply(SetFields(tactic.id, {"owner": "Quentin Zarb"}))
        await pilot.pause()
        names, _ = await suggested_owners(pilot, "e")
        assert {"Yolanda Rix", "Quentin Zarb"} <= set(names), names
        await pilot.press("6")
        await pilot.pause()
        while app.screen.current_tactic() is None:
            await pilot.press("j")
        names, _ = await suggested_owners(pilot, "e")
        assert {"Yolanda Rix", "Quentin Zarb"} <= set(names), names
