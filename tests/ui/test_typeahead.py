"""Keys typed ahead of the screen: a burst (a slow link catching up, a paste, a fast typist) that
opens a dialog and goes on typing. Every key after the one that opened the dialog belongs to the
dialog, as in any terminal editor: none is lost, none acts on the section under it."""

from __future__ import annotations

import random
import shutil

import pytest
from textual.widgets import Input, TextArea

from tests.ui.conftest import burst, give_up
from tui.app import open_workbook
from tui.store.writer import canonical_bytes

SIZE = (80, 24)


def typed(app) -> str:
    """The text of the field that has the focus."""
    focused = app.focused
    if isinstance(focused, Input):
        return focused.value
    if isinstance(focused, TextArea):
        return focused.text
    raise AssertionError(f"the focus is on {focused!r}, not on a text field")


@pytest.mark.parametrize("section, opening, text, kept", [
    ("8", "a", "Hello", False),  # Risks: add a risk (a form)
    ("8", "a", "Hello", True),  # the same form, kept from an earlier opening
    ("3", "a", "Quick test", False),  # SWOT: the add box under the quadrant
    ("3", "a", "Quick test", True),
    ("1", "ctrl+p", "undo", False),  # the command palette (a Textual screen)
    ("5", "ctrl+f", "roadmap", False),  # search everywhere, from the goals
])
async def test_text_typed_ahead_reaches_the_field_its_first_key_opened(sample_copy, section, opening, text,
                                                                       kept) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(section)
        before = app.screen
        section_focus = app.focused
        if kept:  # the dialog composed once before, and shown again; else composed while the burst waits
            await pilot.press(opening, "escape")
        burst(app, opening, *text)
        await pilot.pause()
        got = typed(app)
        await give_up(pilot)  # cancelled (the typing thrown away): what a slow typist would see on opening it
        assert app.screen is before and app.focused is section_focus
        await pilot.press(opening)
        assert got == typed(app) + text


async def edit_form_on_the_register(pilot) -> tuple:
    """The risk register shown, its edit form opened: (the register, its cursor's row, the form's
    first field as it opened)."""
    await pilot.press("8")
    register = pilot.app.focused
    row = register.cursor_key
    await pilot.press("e")
    return register, row, typed(pilot.app)


async def test_keys_typed_ahead_act_on_the_dialog_not_on_the_section_under_it(sample_copy) -> None:
    """`e z q` at once on the risk register: the edit form opens and gets "zq" at the end of its
    first field; the register under it neither moved nor opened anything else."""
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        register, row, first = await edit_form_on_the_register(pilot)
        await pilot.press("escape")
        burst(app, "e", "z", "q")
        await pilot.pause()
        await pilot.pause()
        assert typed(app) == first + "zq"
        assert len(app.screen_stack) == 2 and register.cursor_key == row


@pytest.mark.parametrize("after_esc, then", [
    ("j", lambda register, row: register.cursor_key != row),  # alt+j: typed a j into the form
    ("3", lambda register, row: register.screen.app.current_mode == "swot"),  # £ typed
    (" ", lambda register, row: True),  # the esc was lost
])
async def test_esc_and_a_key_arriving_together_close_the_form_then_act(sample_copy, after_esc, then) -> None:
    """ESC and a key in one read from the terminal (typed quickly, or a slow SSH link catching up)
    are esc, then the key, as the parser the terminal drivers use reads them (tui/terminal.py)."""
    from tui.terminal import EscapeFirstParser

    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        register, row, typed_before = await edit_form_on_the_register(pilot)
        parser = EscapeFirstParser()
        for event in (*parser.feed("\x1b" + after_esc), *parser.feed("")):
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause()
        await pilot.pause()
        assert len(app.screen_stack) == 1, f"the form is still open, with {typed(app)!r} in it (was {typed_before!r})"
        assert not app.dirty  # nothing typed into the form was kept
        assert then(register, row)


# -- a burst does what the same keys typed slowly do ----------------------------------------------
#: Keys a user types in a section: moving, opening forms and boxes, typing text, answering,
#: cancelling. ctrl+q, the editor and the section keys are left out (they leave what is tested).
TYPED = ["a", "e", "d", "j", "k", "enter", "escape", "tab", "space", "y", "n", "s", "x", "v", "t", "H", "i", "ctrl+z"]
SEQUENCES = [(section, random.Random(f"typed ahead in {section}").choices(TYPED, k=12)) for section in "3568"]


async def _after(path, section: str, keys: list[str], *, at_once: bool) -> tuple:
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(section)
        if at_once:
            burst(app, *keys)
            await pilot.pause()
        else:
            for key in keys:
                await pilot.press(key)
        seen = (canonical_bytes(app.workbook), type(app.screen).__name__, len(app.screen_stack),
                getattr(app.focused, "id", None), typed(app) if isinstance(app.focused, (Input, TextArea)) else None)
    return seen


@pytest.mark.parametrize("section, keys", SEQUENCES, ids=[f"{s}:{' '.join(k)}" for s, k in SEQUENCES])
async def test_a_burst_of_keys_does_what_the_same_keys_typed_slowly_do(sample_copy, tmp_path, section, keys) -> None:
    other = tmp_path / "other.toml"
    shutil.copyfile(sample_copy, other)
    slowly = await _after(sample_copy, section, keys, at_once=False)
    at_once = await _after(other, section, keys, at_once=True)
    assert at_once == slowly


#: Jumps (g, enter on the Overview, ctrl+o) switch the section, then put the cursor on the item
#: once the section has been drawn: the keys behind a jump wait for that too.
JUMPS = [
    ("rough-draft", "6", ["g", "backspace"]),  # the goal's detail opens; backspace goes back to Tactics
    ("acme-robotics", "6", ["j", "g", "ctrl+o", "j"]),  # there and back, then down the tactics
    ("acme-robotics", "1", ["j", "enter", "j"]),  # the Overview's vision line: j is typed into the vision
    ("acme-robotics", "1", ["j", "j", "enter", "e"]),  # the mission: e is typed, no value's form opens
]


@pytest.mark.parametrize("sample, section, keys", JUMPS, ids=[f"{n}:{s}:{' '.join(k)}" for n, s, k in JUMPS])
async def test_keys_typed_after_a_jump_act_where_the_jump_leads(tmp_path, sample, section, keys) -> None:
    from tests.conftest import SAMPLES

    slow_file, burst_file = tmp_path / "slow.toml", tmp_path / "burst.toml"
    for path in (slow_file, burst_file):
        shutil.copyfile(SAMPLES / f"{sample}.toml", path)
    slowly = await _after(slow_file, section, keys, at_once=False)
    at_once = await _after(burst_file, section, keys, at_once=True)
    assert at_once == slowly


async def test_keys_wait_for_a_section_that_opens_slowly(sample_copy, monkeypatch) -> None:
    """On a loaded machine (or with a big workbook) a section can take longer to open than a burst
    takes to arrive. `2 1` (the vision, then back to the Overview) must not type `1` into the
    vision box, which has the focus for a moment while the section is half made."""
    import time

    from tui.screens.overview import OverviewScreen
    from tui.screens.vmv import ValuesList

    def mounted_slowly(self, event) -> None:
        time.sleep(0.4)  # the machine busy elsewhere: time passes, this process does no work

    # Textual calls the `_on_mount` of every class in the MRO: this one comes on top of Widget's.
    monkeypatch.setattr(ValuesList, "_on_mount", mounted_slowly, raising=False)
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        vision = app.workbook.vmv.vision
        await pilot.press("5")
        burst(app, "2", "1")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert app.workbook.vmv.vision == vision


async def test_keys_behind_a_jump_wait_for_it_however_long_the_section_works(sample_copy, monkeypatch) -> None:
    """`j j enter e` on the Overview: the jump opens the Vision section and puts the cursor in the
    mission, and `e` is typed there. On a loaded machine the section took longer to open than the
    keys' waits allowed on the clock (seen in a parallel test run): the `e` went to the values
    list, which had the focus for a moment, and opened a value's edit form. While the app works,
    the keys wait; the wait for the jump's cursor is cut short here (as a slower machine stretches
    the work) and the section works for longer than it, taking its turns with the rest of the app."""
    import asyncio
    import time

    import tui.typeahead as typeahead
    from tui.screens.vmv import ValuesList, VmvScreen

    monkeypatch.setattr(typeahead, "MOST_REFRESH_WAIT", 0.15)

    async def mounted_slowly(self, event) -> None:
        until = time.monotonic() + 0.5
        while time.monotonic() < until:  # busy, a turn at a time
            started = time.process_time()
            while time.process_time() - started < 0.01:
                pass
            await asyncio.sleep(0)

    monkeypatch.setattr(ValuesList, "_on_mount", mounted_slowly, raising=False)
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        mission = app.workbook.vmv.mission
        await pilot.press("1")
        burst(app, "j", "j", "enter", "e")
        await pilot.pause()
        assert isinstance(app.screen, VmvScreen), f"{app.screen!r} opened"
        assert getattr(app.focused, "id", None) == "mission"
        assert typed(app) == "e" + mission
