"""Messages for keyboard users: ctrl+l dismisses the messages shown (in a section, a dialog, a text
box), a message steps aside when a dialog opens over it, and F4 opens the message log, every
message of the session newest first, to read again after it has gone (tui/model/messages.py,
tui/modals/messages.py). Driven by keys at 80x24 and 60x20, as users over SSH drive the app."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textual.content import Content
from textual.widgets._toast import ToastHolder, ToastRack

from tests.conftest import ROUGH_DRAFT
from tests.ui.conftest import HOSTILE, palette_search, wait_until
from tests.ui.test_config_ui import write_config
from tests.ui.test_focus_visible import plain_lines
from tests.unit.test_misspelt_keys import TESTERS
from tui.app import StratbookApp, open_workbook
from tui.modals.checkin import CheckinForm
from tui.modals.help import HelpScreen
from tui.modals.messages import LogLine, MessageLogScreen
from tui.model.messages import KEPT, MessageLog
from tui.screens.base import SectionScreen

SIZES = [(80, 24), (60, 20)]
WARNINGS = "Opened with warnings"
LAST_WARNING_LINE = "lists them all)"
"""The end of the opening's message: '... and 4 more (stratbook check FILE lists them all)'."""


@pytest.fixture
def rough(tmp_path: Path, monkeypatch) -> Path:
    """The rough draft, opened as `stratbook rough.toml` opens it (its warnings name rough.toml)."""
    shutil.copy(ROUGH_DRAFT, tmp_path / "rough.toml")
    monkeypatch.chdir(tmp_path)
    return Path("rough.toml")


@pytest.fixture
def utc(monkeypatch):
    """Local time is UTC, so that the log's times do not depend on where the tests run."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def screen_text(app: StratbookApp) -> str:
    return "\n".join(plain_lines(app))


def toasts_shown(app: StratbookApp) -> list[str]:
    """The messages the screen on top shows, by their text."""
    rack = app.screen.get_child_by_type(ToastRack)
    if not rack.display:
        return []
    return [holder.kept_toast._notification.message for holder in rack.children
            if isinstance(holder, ToastHolder) and holder.display]


def words(app: StratbookApp) -> str:
    """The screen's words, in order, whatever the wrapping and the boxes' edges."""
    return " ".join(" ".join(line.strip(" │╭╮╰╯─▶▔▏▌").split()) for line in plain_lines(app))


async def press(pilot, *keys: str) -> None:
    """Press the keys, then let the app settle and draw."""
    await pilot.press(*keys)
    await pilot.pause()


async def open_check_in(pilot) -> CheckinForm:
    """The Goals section, then a check-in on the rough draft's OKR (its second goal)."""
    await press(pilot, "5", "down", "u")
    form = pilot.app.screen
    assert isinstance(form, CheckinForm), form
    return form


# -- ctrl+l dismisses ------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_ctrl_l_dismisses_the_opening_warnings(rough: Path, size) -> None:
    app = open_workbook(rough)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        assert WARNINGS in screen_text(app)
        await press(pilot, "ctrl+l")
        assert WARNINGS not in screen_text(app)
        assert not list(app._notifications)
        assert [said.title for said in app.message_log] == [WARNINGS]  # gone from the screen, not from the log


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_ctrl_l_dismisses_a_message_over_a_form_and_leaves_the_form_as_it_was(rough: Path, size) -> None:
    app = open_workbook(rough)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        form = await open_check_in(pilot)
        field = app.focused
        typed = field.value
        await pilot.press("ctrl+z")  # in the value's box: nothing of its own to undo, and it says so
        await pilot.pause()
        said = app.message_log.newest_first()[0].text
        assert said.startswith("Nothing") and said[:20] in words(app)
        await press(pilot, "ctrl+l")
        assert said[:20] not in words(app)
        assert not list(app._notifications)
        assert app.screen is form and app.focused is field and field.value == typed


# -- a message steps aside when a dialog opens -----------------------------------------------------

@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_a_message_steps_aside_when_a_dialog_opens_and_comes_back_when_it_closes(rough: Path, size) -> None:
    """The opening's warnings sat over the check-in form's fields until they timed out."""
    app = open_workbook(rough)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        app.notify("A note said before the form", timeout=600, markup=False)  # still live when the form closes
        await pilot.pause()
        before = toasts_shown(app)
        assert len(before) == 2 and "A note said before the form" in before
        await open_check_in(pilot)
        shown = screen_text(app)
        assert toasts_shown(app) == [] and WARNINGS not in shown and "A note said before" not in words(app)
        assert "Check in: Repair café" in shown  # the form, uncovered
        app.notify("A note said in the form", timeout=600, markup=False)
        await pilot.pause()
        assert toasts_shown(app) == ["A note said in the form"]  # said while the dialog is open: shown over it
        assert "A note said in the form" in words(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, SectionScreen)
        assert {"A note said before the form", "A note said in the form"} <= set(toasts_shown(app))
        assert "A note said in the form" in words(app)


# -- the message log ------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_f4_shows_every_message_of_the_session_newest_first_after_they_have_gone(rough: Path, size) -> None:
    app = open_workbook(rough)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+z")  # "Nothing to undo."
        await pilot.pause()
        hostile = " ".join(HOSTILE)
        app.notify(hostile, title="[b]a title[/b]\x1b]0;x\x07", severity="error", markup=False)
        app.notify("[b]Bold[/b] is shown as its words", markup=True)  # Textual's own messages use markup
        app.clear_notifications()  # all timed out
        await pilot.pause()
        await press(pilot, "f4")
        assert isinstance(app.screen, MessageLogScreen)
        text = words(app)
        assert "(4 messages), newest first" in text and "info Bold is shown as its words" in text
        listed = " ".join(str(option.prompt) for option in app.screen.query_one("#messages-list").options)
        order = [listed.index(part) for part in ("Bold is shown as its words", "error    [b]a title[/b]␛]0;x␇",
                                                 "[/] [$accent]x [Bold]x [@click=app.quit]q", "info Nothing to undo.",
                                                 "warning  Opened with warnings")]
        assert order == sorted(order), listed
        assert "esc␛]0;pwned␇title" in listed and "csi␛[31mred␛[0m" in listed and "rlo<RLO>evil" in listed
        assert "[b]a title[/b]␛]0;x␇" in text and "[/] [$accent]x [Bold]x [@click=app.quit]q" in text
        # it scrolls by keys: the end of the oldest message, out of view at first, then the top again
        assert LAST_WARNING_LINE not in text
        await press(pilot, "end")
        assert LAST_WARNING_LINE in words(app) and "(4 messages)" in words(app)
        await press(pilot, "home")
        assert "info Bold is shown" in words(app) and LAST_WARNING_LINE not in words(app)
        log = app.screen.query_one("#messages-list")
        await press(pilot, "pagedown")
        assert log.scroll_offset.y > 0 and "info Bold is shown" not in words(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, SectionScreen)
        await press(pilot, "f4")
        await pilot.press("f4")  # the same key closes it
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen)


async def test_f4_opens_the_log_over_a_form_and_esc_goes_back_to_the_form(rough: Path) -> None:
    app = open_workbook(rough)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await pilot.pause()
        form = await open_check_in(pilot)
        await press(pilot, "1", "2")
        typed = app.focused.value
        await press(pilot, "f4")
        assert isinstance(app.screen, MessageLogScreen)
        assert WARNINGS in words(app)
        await press(pilot, "escape")
        assert app.screen is form and app.focused.value == typed and typed.endswith("12")


async def test_the_log_keeps_the_last_few_hundred_messages(rough: Path) -> None:
    app = open_workbook(rough)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for number in range(KEPT + 100):
            app.notify(f"Message number {number}.", markup=False)
        await pilot.pause()
        assert len(app.message_log) == KEPT and app.message_log.total == KEPT + 101  # and the opening's
        await press(pilot, "f4")
        text = words(app)
        assert f"(the last {KEPT} of {KEPT + 101:,} messages), newest first" in text
        assert text.index(f"Message number {KEPT + 99}.") < text.index(f"Message number {KEPT + 98}.")
        await press(pilot, "end")
        assert "Message number 100." in words(app) and "Message number 99." not in words(app)


async def test_f4_works_where_a_file_could_not_be_opened_and_says_when_nothing_was_said(tmp_path: Path) -> None:
    from tui.screens.error import LoadErrorScreen

    path = tmp_path / "bad.toml"
    path.write_text("this is [not toml\n", encoding="utf-8")
    app = open_workbook(path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await press(pilot, "f4")
        assert isinstance(app.screen, MessageLogScreen)
        assert "Messages this session" in [line.strip(" │") for line in plain_lines(app)]
        assert "Nothing has been said yet." in words(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, LoadErrorScreen)


def test_the_message_log_is_bounded_and_newest_first() -> None:
    clock = iter(range(1000)).__next__
    log = MessageLog(kept=3, clock=clock)
    for number in range(5):
        log.add(f"m{number}", severity="warning")
    assert [said.text for said in log.newest_first()] == ["m4", "m3", "m2"]
    assert [said.at for said in log] == [2, 3, 4] and log.total == 5 and len(log) == 3


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab c\u4e2d\u0645 -/.,"), max_size=200),
       width=st.integers(min_value=1, max_value=90))
def test_a_log_line_is_as_high_as_its_text_wrapped(text: str, width: int) -> None:
    """LogLine counts a line's wrapped height without wrapping it: the count Content's wrapping gives."""
    rules = {"text_overflow": "fold", "text_wrap": "wrap", "line_pad": 0}
    assert LogLine(text).get_height(rules, width) == Content(text).get_height(rules, width)


async def test_a_misspelt_key_is_told_on_opening_and_kept_in_the_log(tmp_path: Path, monkeypatch) -> None:
    """`titel` for a goal's title (found by an outside tester, tests/unit/test_misspelt_keys.py):
    the opening's warnings name it at its line, as `stratbook check` does."""
    (tmp_path / "plan.toml").write_text(TESTERS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = open_workbook(Path("plan.toml"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        [said] = [entry for entry in app.message_log if entry.title == WARNINGS]
        assert "plan.toml:24: warning: goals[0].titel: unknown key 'titel', kept as written: did you mean " \
               "'title'?" in said.text


# -- found as keys are found: help, the palette, the config ------------------------------------------

async def test_help_lists_both_keys_with_their_binding_ids(rough: Path) -> None:
    app = open_workbook(rough)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        everywhere = dict(dict(app.screen.groups)["Everywhere"])
        keys = {description.rpartition("[")[2].rstrip("]"): key for key, description in everywhere.items()}
        assert keys["app.messages"] == "F4" and keys["app.dismiss_messages"] == "^l"


async def test_the_palette_opens_the_log_and_dismisses_messages(rough: Path) -> None:
    app = open_workbook(rough)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await palette_search(pilot, "Dismiss messages (ctrl+l)")
        await pilot.press("enter")
        await wait_until(pilot, lambda: WARNINGS not in screen_text(app))
        assert not list(app._notifications)
        await pilot.press("ctrl+p")
        await palette_search(pilot, "Messages (F4)")
        await press(pilot, "enter")
        assert isinstance(app.screen, MessageLogScreen) and WARNINGS in words(app)


async def test_both_keys_are_remapped_by_the_config(rough: Path, private_config: Path) -> None:
    write_config(private_config, '[keys]\n"app.messages" = "f9"\n"app.dismiss_messages" = "f10"\n')
    app = open_workbook(rough)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert not app.config_problems
        await press(pilot, "ctrl+l", "f4")
        assert WARNINGS in screen_text(app) and isinstance(app.screen, SectionScreen)
        await press(pilot, "f10", "f9")
        assert not list(app._notifications) and isinstance(app.screen, MessageLogScreen)


# -- how it looks -------------------------------------------------------------------------------

def test_snapshot_of_the_message_log(snap_compare, rough: Path, utc) -> None:
    app = open_workbook(rough)
    moments = iter(range(1_764_583_200, 1_764_583_200 + 10_000, 7))  # 2025-12-01 10:00:00 UTC, 7 s apart
    app.message_log.clock = moments.__next__

    async def said(pilot) -> None:
        await pilot.pause()
        await pilot.press("ctrl+z")
        pilot.app.notify("Not saved: rough.toml: [Errno 28] No space left on device", title="Cannot save",
                         severity="error", markup=False)
        pilot.app.notify("Deleted the strength [b]Twelve keen volunteers[/b]\x1b[31m", markup=False)
        await pilot.pause()
        await pilot.press("f4")

    assert snap_compare(app, terminal_size=(80, 24), run_before=said)
