"""Fixtures for driving the app with Pilot."""

from __future__ import annotations

import asyncio
import inspect
import shutil
import time
import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

from tests import settle
from tests.conftest import SAMPLES
from tui.app import StratbookApp, open_workbook
from tui.model import dates
from tui.modals.confirm import THROW_AWAY, ConfirmDialog

#: Text that would break a UI that treats user text as markup or passes escapes through.
HOSTILE = [
    "[/]",
    "[$accent]x",
    "[Bold]x",
    "[@click=app.quit]q",
    "[link=http://x]y",
    "esc\x1b]0;pwned\x07title",
    "bell\x07",
    "csi\x1b[31mred\x1b[0m",
    "rlo\u202eevil",
]


async def type_text(pilot, text: str) -> None:
    """Type `text` into the focused field as one fast burst of keys, then wait once.

    Pilot's press waits for the app to go idle twice per key (40 ms a key); a burst into one
    field is what a quick typist sends, and the field receives the same key events in order.
    Use press() for keys that move the focus or open a screen.
    """
    app = pilot.app
    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()


def pressed(key: str) -> events.Key:
    """The key event Pilot's press sends for `key` (Textual 8.2.8, App._press_keys): "plus" types
    "+", "space" " " (textual.keys.key_to_character gives no character for "plus", "minus", "slash")."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        character = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        character = key if len(key) == 1 else None
    return events.Key(key, character)


def burst(app, *keys: str) -> None:
    """Keys queued at once, as a paste or a fast link delivers them (Pilot's press waits between keys)."""
    for key in keys:
        event = pressed(key)
        event.set_sender(app)
        app._driver.send_message(event)


async def wait_until(pilot, condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Wait for `condition()` to hold (work in a worker, a debounced search), failing after `timeout`.

    Between looks, the app settles (tests/settle.py) and 10 ms pass for a timer or a thread to
    act; the whole screen is not walked each time (Pilot.pause does: a message to every widget)."""
    deadline = time.monotonic() + timeout
    await pilot.pause()
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {condition}")
        await asyncio.sleep(0.01)
        await settle.wait_until_settled()
        pilot.app.screen._on_timer_update()  # drawn, as Pilot.pause leaves it


@pytest.fixture(autouse=True)
def messages_stay(request, monkeypatch) -> None:
    """Messages stay (on screen and in `app._notifications`) until dismissed: ctrl+l, the log,
    a test's clear_notifications.

    A test that looked for a message the app shows for 2 s raced its timeout: on a loaded machine
    (three workers on two cores) the look came after the message had gone, and the test failed
    for nothing the app did. Tests of timing out itself are marked `message_timeouts`."""
    if request.node.get_closest_marker("message_timeouts"):
        return
    from textual.notifications import Notification

    monkeypatch.setattr(Notification, "time_left", property(lambda notification: 3600.0))


async def give_up(pilot) -> None:
    """esc on a dialog, as a user giving up: where it held typing and asks first, throw it away."""
    await pilot.press("escape")
    await pilot.pause()
    if isinstance(pilot.app.screen, ConfirmDialog) and pilot.app.screen.dialog_title == THROW_AWAY:
        await pilot.press("d")
        await pilot.pause()


async def palette_search(pilot, text: str) -> None:
    """Type into the open command palette and wait until its first hit names `text`."""
    from textual.command import CommandList

    await type_text(pilot, text)

    def found() -> bool:
        hits = pilot.app.screen.query(CommandList)
        if not hits or hits.first().highlighted is None:
            return False
        option = hits.first().highlighted_option
        return option is not None and text.lower() in str(option.prompt).lower()

    await wait_until(pilot, found)


def rendering(app) -> tuple:
    """What a snapshot of the screen would show, without drawing the picture: the size, the title
    and every line's segments (text and style: colours, bold, reverse for a cursor, links). The SVG
    is made of these and nothing else (Textual 8.2.8 App.export_screenshot: this compositor call,
    printed to a console and exported), so two renderings that agree make the same picture; the
    SVG costs five times as much (8 ms a screen)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    lines = tuple(tuple(segment for strip in line for segment in strip) for line in update.strips)
    return app.size, app.title, lines


async def until_still(pilot, tries: int = 50) -> None:
    """Wait until two renderings in a row agree on everything the picture would show."""
    previous = None
    for _ in range(tries):
        await pilot.pause()
        shown = rendering(pilot.app)
        if shown == previous:
            return
        previous = shown
    raise AssertionError("the screen kept changing; no stable picture to compare")


SNAPSHOT_DAY = date(2026, 11, 30)
"""The day every snapshot is taken on: what is due, overdue or past on a screen (the roadmap's
"now" line) depends on it, and the snapshots must not change at midnight."""
REAL_TODAY = dates.today


@pytest.fixture
def snap_compare(snap_compare, monkeypatch):
    """pytest-textual-snapshot's snap_compare, made independent of timing and of the date.

    Under load (the suite runs in parallel) a screenshot could catch a layout pass half done,
    a cursor mid-blink, or a toast that raced a section switch. Before the picture: stop the
    cursor blinking, clear toasts (transient and timed; tests of messages assert on
    app._notifications instead) unless the test keeps them, and wait until two renderings in
    a row agree.
    """

    def compare(app, press=(), terminal_size=(80, 24), run_before=None, keep_notifications=False):
        if dates.today is REAL_TODAY:  # unless the test fixed a day of its own
            monkeypatch.setattr(dates, "today", lambda: SNAPSHOT_DAY)

        async def settled(pilot) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            if press:
                await pilot.press(*press)
            await pilot.pause()
            if not keep_notifications:
                pilot.app.clear_notifications()
            for field in pilot.app.screen.query("Input, TextArea"):
                field.cursor_blink = False  # a blinking cursor is on or off by the clock
            await until_still(pilot)

        return snap_compare(app, terminal_size=terminal_size, run_before=settled)

    return compare


def with_colours(make_app: Callable[[], StratbookApp], monkeypatch, colours: str) -> StratbookApp:
    """The app `make_app` makes, as a terminal of `colours` shows it: "16" (every colour downgraded
    to the nearest of the 16) or "none" (NO_COLOR)."""
    from tests.ui.test_focus_visible import SixteenColours

    if colours == "none":
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    if colours == "16":
        app._filters.append(SixteenColours())
    return app


@pytest.fixture
def appending_editor(tmp_path: Path, monkeypatch) -> Path:
    """$EDITOR is a script that appends a line, as a line-oriented editor or a script would."""
    script = tmp_path / "append-editor"
    script.write_text("#!/bin/sh\nprintf 'appended line\\n' >> \"$1\"\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    return script


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the Acme sample, safe to edit and save."""
    target = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", target)
    return target


@pytest.fixture
def make_app():
    """Build the app for a file as `stratbook FILE` would."""

    def build(path: Path | str) -> StratbookApp:
        return open_workbook(path)

    return build


def hostile_workbook():
    """A workbook in which every text field holds one of the HOSTILE strings."""
    from itertools import cycle

    from datetime import date

    from tui.model import (
        Goal, KeyResult, Measure, Milestone, PestleItem, Strategy, SwotItem, Tactic, Value, Workbook,
    )
    from tui.model.workbook import Risk
    from tui.model.frameworks import FRAMEWORKS

    texts = cycle(HOSTILE)
    wb = Workbook()
    wb.meta.title = next(texts)
    wb.meta.organisation = next(texts)
    wb.meta.authors = [next(texts), next(texts)]
    wb.vmv.vision = "\n".join(HOSTILE)
    wb.vmv.mission = "\n".join(reversed(HOSTILE))
    wb.vmv.values = [Value(f"val-h{i:03d}", h, next(texts)) for i, h in enumerate(HOSTILE)]
    for q, prefix in (("strengths", "str"), ("weaknesses", "wea"), ("opportunities", "opp"), ("threats", "thr")):
        getattr(wb.swot, q).extend(
            SwotItem(f"{prefix}-h{i:03d}", h, 1 + i % 5, notes=next(texts)) for i, h in enumerate(HOSTILE)
        )
    wb.strategies = [
        Strategy(f"tow-h{i:03d}", kind, next(texts), [f"str-h{i:03d}", f"opp-h{i:03d}"])
        for i, kind in enumerate(("SO", "ST", "WO", "WT"))
    ]
    for n, factor in enumerate(wb.pestle.factors.values()):
        factor.notes = next(texts)
        factor.items = [
            PestleItem(f"pes-h{n}{i:02d}", h, i % 2 == 0, 1 + i % 5, 1 + (i * 2) % 5,
                       ("opportunity", "threat", "neutral")[i % 3])
            for i, h in enumerate(HOSTILE)
        ]
    for i, framework in enumerate(FRAMEWORKS):
        answers = {q.key: next(texts) for q in FRAMEWORKS[framework].questions if q.kind == "text"}
        if framework == "bhag":
            answers["horizon_years"] = 15
        goal = Goal(f"gol-h{i:03d}", framework, next(texts), "active", next(texts), links=["val-h000"],
                    answers=answers, measure=Measure(next(texts), next(texts), 0, 10, 5))
        if framework == "okr":
            goal.measure = None
            goal.key_results = [KeyResult(f"kr-h{i}{k:02d}", next(texts), next(texts), 0, 10, k) for k in range(3)]
        goal.milestones = [Milestone(f"mil-h{i:03d}", None, next(texts))]
        wb.goals.append(goal)
        wb.tactics.append(Tactic(f"tac-h{i:03d}", goal.id, next(texts), next(texts), None, "todo"))
    from tui.model.workbook import ANSOFF_QUADRANTS, AnsoffOption, ForceItem

    for n, force in enumerate(wb.forces.forces.values()):
        force.rating, force.notes = 1 + n % 5, next(texts)
        force.items = [ForceItem(f"frc-h{n}{i:02d}", h, 1 + i % 5) for i, h in enumerate(HOSTILE)]
    wb.ansoff = [AnsoffOption(f"ans-h{i:03d}", ANSOFF_QUADRANTS[i % 4], h, 1 + i % 5, [f"opp-h{i:03d}", "gol-h000"])
                 for i, h in enumerate(HOSTILE)]
    wb.risks = [Risk(f"rsk-h{i:03d}", h, next(texts), 1 + i % 5, 1 + (i * 3) % 5, ("", "avoid", "accept")[i % 3],
                     next(texts), date(2027, 1 + i % 12, 1), ("open", "closed")[i % 4 == 3],
                     source=f"thr-h{i:03d}", links=[f"gol-h{i % len(FRAMEWORKS):03d}"])
                for i, h in enumerate(HOSTILE)]
    return wb


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    from tui.store import save

    path = tmp_path / "hostile.toml"
    save(hostile_workbook(), path)
    return path


#: A workbook with exactly one of every kind of item (and one merge conflict left to resolve).
ONE_OF_EVERYTHING = """\
[workbook]
schema = 1
title = "One of each"
organisation = "Solo Ltd"
authors = ["Ann Lee"]

[vmv]
vision = "One vision."
mission = "One mission."

[[vmv.values]]
id = "val-one1"
name = "Candour"
description = "One value."

[[swot.strengths]]
id = "str-one1"
text = "One strength"

[[swot.weaknesses]]
id = "wea-one1"
text = "One weakness"

[[swot.opportunities]]
id = "opp-one1"
text = "One opportunity"

[[swot.threats]]
id = "thr-one1"
text = "One threat"

[[strategies]]
id = "tow-one1"
kind = "SO"
text = "One strategy"
links = ["str-one1", "opp-one1"]

[pestle.legal]
reviewed = true

[[pestle.legal.items]]
id = "pes-one1"
text = "One law"
checked = true
impact = 4
likelihood = 4
effect = "threat"

[[goals]]
id = "gol-one1"
framework = "okr"
title = "One objective"
status = "active"
owner = "Ann Lee"
start = 2027-01-01
due = 2027-12-31
links = ["val-one1", "str-one1"]

[goals.answers]
objective_why = "One reason."

[[goals.key_results]]
id = "kr-one1"
text = "One key result"
unit = "things"
baseline = 0
target = 10
current = 4

[[goals.milestones]]
id = "mil-one1"
due = 2027-06-30
text = "One milestone"

[[tactics]]
id = "tac-one1"
goal = "gol-one1"
text = "One tactic"
owner = "Ann Lee"
due = 2027-03-31
status = "doing"

[forces.rivalry]
rating = 4
notes = "One note."

[[forces.rivalry.items]]
id = "frc-one1"
text = "One rival"
weight = 4

[[ansoff]]
id = "ans-one1"
quadrant = "market_development"
text = "One way to grow"
risk = 3
links = ["opp-one1", "gol-one1"]
[[risks]]
id = "rsk-one1"
text = "One risk"
owner = "Ann Lee"
impact = 4
likelihood = 3
treatment = "reduce"
response = "One response."
review = 2027-05-01
status = "open"
source = "thr-one1"
links = ["gol-one1", "tac-one1"]

[[conflicts]]
item = "gol-one1"
field = "owner"
path = "goals"
base = "Cy Dee"
ours = "Ann Lee"
theirs = "Bo Chen"
"""


async def other_theme(pilot) -> None:
    """Another theme, as the palette's theme command sets it (for tests of what is kept drawn)."""
    pilot.app.theme = "textual-light" if pilot.app.theme != "textual-light" else "nord"


async def narrower(pilot) -> None:
    """The terminal made 70 columns wide (for tests of what is kept drawn)."""
    await pilot.resize_terminal(70, 24)
