"""The tactics section: tactics under their goals, the keys that add, edit, delete, move and
move on a tactic, overdue ones standing out, filters, hostile text, and snapshots."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.conftest import SAMPLES
from tests.ui.conftest import type_text
from tests.ui.test_wizard import acme  # noqa: F401 (a fixture)
from tui.app import StratbookApp, open_workbook
from tui.model import dates
from tui.model.text import for_display
from tui.modals.form import FormDialog
from tui.modals.picker import PickerDialog
from tui.screens.goal_detail import GoalDetailScreen
from tui.screens.tactics import TacticsScreen

SIZE = (80, 24)
TODAY = date(2027, 2, 1)
SMART_ID, OKR_ID = "gol-7tz2", "gol-q8wn3"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: TODAY)


def screen(app: StratbookApp) -> TacticsScreen:
    assert isinstance(app.screen, TacticsScreen), app.screen
    return app.screen


def rows(app: StratbookApp) -> list[str]:
    table = screen(app).table
    return [table.row_text(index) for index in range(len(table.rows))]


def bar(app: StratbookApp) -> str:
    return str(app.screen.query_one("#tactics-bar", Static).render())


async def start(pilot) -> None:
    await pilot.pause()
    pilot.app.action_section("tactics")
    await pilot.pause()


async def test_tactics_are_grouped_under_their_goals_with_owner_due_status(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        shown = rows(app)
        assert screen(app).table.header_text().split() == ["Tactic", "Owner", "Due", "Status"]
        assert shown[0].startswith(" \u25b8 Cut order-to-delivery time to 5 days  0/3 done")
        assert shown[1].split()[:4] == ["\u25cb", "Pilot", "two-shift", "picking"]
        assert "Jo Whitaker" in shown[1] and "2027-03-31" in shown[1] and shown[1].endswith("todo")
        goals = [line for line in shown if line.startswith(" \u25b8")]
        assert len(goals) == len(app.workbook.goals)
        assert len(shown) == len(app.workbook.goals) + len(app.workbook.tactics)
        assert bar(app).startswith(f"Tactics {len(app.workbook.tactics)}  3 overdue")


async def test_overdue_tactics_stand_out(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        shown = rows(app)
        late = next(line for line in shown if "Pre-build 30 standard" in line)
        assert "2027-01-29!" in late  # due before 1 February and still doing
        done = next(line for line in shown if "Publish the Acme Teach" in line)
        assert "!" not in done  # past, but done
        assert "overdue" in shown[0]  # the goal's heading counts it
        assert "3 overdue" in bar(app)
        table = screen(app).table
        cells = table.render_row("tac-9pfe2", next(p for k, p in table.rows if k == "tac-9pfe2"))
        assert any(span.style == "$error bold" for span in cells["due"].spans)


async def test_s_cycles_the_status_space_toggles_done_and_a_burst_undoes_once(acme: Path) -> None:
    app = open_workbook(acme)
    app.history.merge_seconds = 60.0  # the keys are one burst however loaded the machine running the test
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("j")  # the first tactic
        tactic = app.workbook.tactics[0]
        await pilot.press("s")
        await pilot.pause()
        assert tactic.status == "doing"
        assert rows(app)[1].endswith("doing") and "\u25d0" in rows(app)[1]
        await pilot.press("space")  # done
        await pilot.pause()
        assert tactic.status == "done"
        await pilot.press("space", "space")  # not done, then done again: never blocked
        await pilot.pause()
        assert tactic.status == "done"
        await pilot.press("s")
        await pilot.pause()
        assert tactic.status == "blocked"
        await pilot.press("S")
        assert tactic.status == "done"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert tactic.status == "todo"


async def test_a_adds_a_tactic_under_the_goal_at_the_cursor(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen(app).table.move_to(f"goal:{OKR_ID}")
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        fields = app.screen.query_one("#form-fields")
        label = app.screen.query(".form-label").first()
        assert fields.scroll_y == 0 and label.region.y >= fields.region.y  # the first label shows
        await type_text(pilot, "Write the licence FAQ")
        await pilot.press("tab")
        await type_text(pilot, "Priya Shah")
        await pilot.press("tab")
        await type_text(pilot, "today")
        await pilot.press("tab", "right", "enter")  # status: doing; enter saves from a choice too
        await pilot.pause()
        tactic = next(t for t in app.workbook.tactics if t.text == "Write the licence FAQ")
        assert (tactic.goal, tactic.owner, tactic.due, tactic.status) == (OKR_ID, "Priya Shah", TODAY, "doing")
        assert screen(app).table.cursor_key == tactic.id
        index = screen(app).table.index_of(tactic.id)
        assert screen(app).table.rows[index - 3][0] == f"goal:{OKR_ID}"  # after the goal's two tactics
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert tactic not in app.workbook.tactics


async def test_e_edits_and_d_deletes_and_ctrl_z_brings_it_back(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("j", "e")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "Sam Ode")
        await pilot.press("enter")
        await pilot.pause()
        tactic = app.workbook.tactics[0]
        assert tactic.owner == "Sam Ode" and "Sam Ode" in rows(app)[1]
        count = len(app.workbook.tactics)
        await pilot.press("d")
        await pilot.pause()
        assert len(app.workbook.tactics) == count - 1
        assert screen(app).table.cursor == 1  # on the next tactic
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workbook.tactics[0] is tactic


async def test_m_moves_a_tactic_to_another_goal(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("j", "m")
        await pilot.pause()
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("j", "enter")  # the second goal offered: the BHAG
        await pilot.pause()
        tactic = next(t for t in app.workbook.tactics if t.id == "tac-h6j8")
        assert tactic.goal == "gol-8rjx5e"
        assert screen(app).table.cursor_key == "tac-h6j8"
        heading = screen(app).table.index_of("goal:gol-8rjx5e")
        assert screen(app).table.index_of("tac-h6j8") > heading
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert tactic.goal == SMART_ID and app.workbook.tactics[0] is tactic


async def test_the_goal_to_move_to_is_a_choice_of_one_found_by_typing(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("j", "m")
        await pilot.pause()
        assert isinstance(app.screen, PickerDialog)
        picker = app.screen.query_one("#picker-items")
        assert not any("[ ]" in str(picker._row(o.id)) for o in picker.picklist.options)  # no tick boxes
        assert "enter: choose" in str(app.screen.query_one("#picker-keys", Static).render())
        await pilot.press("slash", *"food factory", "enter")  # straight from the search
        await pilot.pause()
        tactic = next(t for t in app.workbook.tactics if t.id == "tac-h6j8")
        assert tactic.goal == "gol-8rjx5e" and not isinstance(app.screen, PickerDialog)
        await pilot.press("m", "space")  # space takes the highlighted goal too
        await pilot.pause()
        assert tactic.goal == SMART_ID and not isinstance(app.screen, PickerDialog)
        await pilot.press("m", "ctrl+s")  # and ctrl+s, which saves every other dialog
        await pilot.pause()
        assert tactic.goal != SMART_ID and not isinstance(app.screen, PickerDialog)


async def test_rows_changed_one_by_one_match_a_full_refresh(acme: Path) -> None:
    """Adding, deleting and moving change only their own rows; the result must be what a
    refresh from scratch shows, undo and redo included."""
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)

        def snapshot() -> list[tuple[str, list[str] | str]]:
            return [(k, [t.id for t in p[1]] if isinstance(p, tuple) else p.goal) for k, p in screen(app).table.rows]

        async def same_as_fresh() -> None:
            await pilot.pause()
            shown, lines = snapshot(), rows(app)
            screen(app).refresh_model(None)
            assert snapshot() == shown and rows(app) == lines

        await pilot.press("j", "j", "a")
        await type_text(pilot, "Between two")
        await pilot.press("enter")
        await same_as_fresh()
        await pilot.press("d", "m", "j", "j", "enter")
        await same_as_fresh()
        assert screen(app).current_tactic().goal == "gol-w4c9"  # the third goal offered
        await pilot.press("m", "enter")
        await same_as_fresh()
        for key in ("ctrl+z", "ctrl+z", "ctrl+z", "ctrl+y", "ctrl+z", "ctrl+z"):
            await pilot.press(key)
            await same_as_fresh()
        assert [t.id for t in app.workbook.tactics] == [t.id for t in open_workbook(acme).workbook.tactics]


async def test_filter_by_owner_and_status(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("right", "tab")  # status: open
        await type_text(pilot, "priya")
        await pilot.press("enter")
        await pilot.pause()
        tactics = [p for _, p in screen(app).table.rows if not isinstance(p, tuple)]
        assert tactics and all(t.owner == "Priya Shah" and t.status != "done" for t in tactics)
        assert "owner priya" in bar(app) and "status open" in bar(app)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("right", "tab", "ctrl+a", "ctrl+k", "enter")  # overdue, anyone
        await pilot.pause()
        tactics = [p for _, p in screen(app).table.rows if not isinstance(p, tuple)]
        assert len(tactics) == 3 and all(t.due < TODAY and t.status != "done" for t in tactics)


async def test_w_shows_only_this_owner_and_again_everyone(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("j", "j", "w")
        await pilot.pause()
        tactics = [p for _, p in screen(app).table.rows if not isinstance(p, tuple)]
        assert {t.owner for t in tactics} == {"Tom Berg"}
        assert screen(app).table.cursor_key == "tac-9pfe2"
        await pilot.press("w")
        await pilot.pause()
        assert len(rows(app)) == len(app.workbook.goals) + len(app.workbook.tactics)


async def test_g_opens_the_goal_and_t_there_adds_a_tactic_shown_here(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("j", "g")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GoalDetailScreen) and app.screen.goal_id == SMART_ID
        await pilot.press("t")
        await pilot.pause()
        await type_text(pilot, "Map the value stream")
        await pilot.press("enter")
        await pilot.pause()
        app.action_section("tactics")
        await pilot.pause()
        assert any("Map the value stream" in line for line in rows(app)[:6])


async def test_hostile_tactics_are_shown_literally(hostile_file: Path) -> None:
    app = open_workbook(hostile_file)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        shown = "\n".join(rows(app))
        for tactic in app.workbook.tactics:
            assert for_display(tactic.text)[:12] in shown
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
        await pilot.press("j", "e")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("escape", "m")
        await pilot.pause()
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("escape", "f")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running


# -- snapshots ----------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_tactics(snap_compare, tmp_path: Path, size) -> None:
    target = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", target)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("j", "j")

    assert snap_compare(open_workbook(target, start="tactics"), terminal_size=size, run_before=run_before)


async def test_keys_that_cannot_act_here_say_why(acme: Path, tmp_path: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen(app).table.move_to(f"goal:{SMART_ID}")
        count = len(app.workbook.tactics)
        await pilot.press("d")  # on a goal's heading
        await pilot.pause()
        assert len(app.workbook.tactics) == count
        assert any("a goal is deleted in Goals" in str(n.message) for n in app._notifications)
    app = open_workbook(tmp_path / "empty.toml", start="tactics")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert any("No goals yet" in str(n.message) for n in app._notifications)


async def test_columns_fit_again_when_adding_tactics_brings_a_scrollbar(acme: Path) -> None:
    # The scrollbar narrows the table without a Resize event: lines laid out for the old width
    # wrapped and lost their last column (the status).
    app = open_workbook(acme)
    async with app.run_test(size=(80, 30)) as pilot:
        await start(pilot)
        table = screen(app).table
        assert table.scrollable_content_region.width == 80  # every row fits: no scrollbar yet
        for n in range(6):
            await pilot.press("a")
            await type_text(pilot, f"new{n}")
            await pilot.press("enter")
            await pilot.pause()
        width = table.scrollable_content_region.width
        assert width < 80
        await pilot.press("k", "j")
        await pilot.pause()
        assert all(table.render_line(y).cell_length == width for y in range(0, 10))
        laid_out = sum(w for _, w in table._layout) + len(table._layout) + 1
        assert laid_out == width  # the columns were laid out again for the narrower table, as drawn


async def test_the_overdue_count_follows_each_edit_as_counting_every_tactic_does(acme: Path, monkeypatch) -> None:
    """The bar's count of overdue tactics follows an edit from the tactics it touched, not from
    every tactic again: after a status, an add, a delete, a move, undo and redo, and a new day,
    it says what counting every tactic says."""
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        table = screen(app).table

        async def counted(late: int) -> None:
            await pilot.pause()
            shown = bar(app)
            screen(app).refresh_model(None)  # counts every tactic
            assert bar(app) == shown and f"  {late} overdue" in shown, shown

        await counted(3)
        table.move_to("tac-9pfe2")  # due 2027-01-29, doing
        await pilot.press("space")  # done: no longer overdue
        await counted(2)
        await pilot.press("s")  # todo: overdue again
        await counted(3)
        await pilot.press("a")
        await type_text(pilot, "Late from the start")
        await pilot.press("tab", "tab")
        await type_text(pilot, "2027-01-20")
        await pilot.press("enter")
        await counted(4)
        added = table.cursor_key
        assert added is not None and added.startswith("tac-") and added != "tac-9pfe2"
        await pilot.press("m", "enter")  # to another goal: still overdue
        await counted(4)
        assert table.cursor_key == added and screen(app).current_tactic().goal != SMART_ID
        await pilot.press("d")
        await counted(3)
        await pilot.press("ctrl+z")  # back
        await counted(4)
        await pilot.press("ctrl+z", "ctrl+z")  # not moved, not added
        await counted(3)
        await pilot.press("ctrl+y")
        await counted(4)
        table.move_to("tac-h6j8")  # due 2027-03-31
        monkeypatch.setattr(dates, "today", lambda: date(2027, 4, 1))
        await pilot.press("s")  # a status on a new day: every tactic past its date counts
        await counted(6)


async def test_closing_a_dialog_lays_out_nothing_under_it_and_the_section_shows_the_edit(acme: Path) -> None:
    """A dialog that is taken apart as it closes (the tactic form) leaves the section under it as
    it was laid out (Textual laid it out again, twice); what the form's edit changed is drawn."""
    from tests.ui.test_redraw import shown
    from textual.screen import Screen

    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        section = screen(app)
        layouts: list[Screen] = []
        real = Screen._refresh_layout

        def counting(self, *args, **kwargs):
            layouts.append(self)
            return real(self, *args, **kwargs)

        Screen._refresh_layout = counting
        try:
            await pilot.press("j", "a")
            await pilot.pause()
            assert isinstance(app.screen, FormDialog)
            layouts.clear()
            await pilot.press("escape")
            await pilot.pause()
            assert app.screen is section and section not in layouts, "closing the form laid the section out"
            await pilot.press("a")
            await type_text(pilot, "Shown at once")
            await pilot.press("enter")
            await pilot.pause()
        finally:
            Screen._refresh_layout = real
        table = section.table
        tactic = next(t for t in app.workbook.tactics if t.text == "Shown at once")
        assert table.cursor_key == tactic.id
        drawn = shown(app)
        line = drawn.splitlines()[table.region.y + 1 + table.cursor - round(table.scroll_y)]  # under the heading
        assert "Shown at once" in line, drawn
        assert bar(app).startswith(f"Tactics {len(app.workbook.tactics)}  3 overdue")
        section._refresh_layout()  # laid out and drawn whole: the same screen
        section.refresh()
        await pilot.pause()
        assert shown(app) == drawn


async def test_an_edit_of_one_tactic_does_not_look_at_every_tactic_again(acme: Path, monkeypatch) -> None:
    """At 10,000 tactics, counting the overdue ones again and gathering every id of the workbook
    for a new one took 6 ms of each key: a status looks at its own tactic and its goal's, and a
    tactic added after the first takes its id from the ids in use, which follow the edits."""
    from tui.model.workbook import Workbook
    from tui.screens import tactics as tactics_module

    looked_at: list[str] = []
    overdue = tactics_module.tactic_overdue
    monkeypatch.setattr(tactics_module, "tactic_overdue", lambda t, today: (looked_at.append(t.id), overdue(t, today))[1])
    gathered: list[int] = []
    ids = Workbook.ids
    monkeypatch.setattr(Workbook, "ids", lambda self: (gathered.append(1), ids(self))[1])
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen(app).table.move_to("tac-h6j8")
        looked_at.clear()
        await pilot.press("s")
        await pilot.pause()
        assert app.workbook.tactics[0].status == "doing"
        siblings = [t.id for t in app.workbook.tactics if t.goal == SMART_ID]
        assert set(looked_at) <= set(siblings), "a status looked at the overdue state of every tactic"
        for n in range(3):
            await pilot.press("a")
            await type_text(pilot, f"Added {n}")
            await pilot.press("enter")
            await pilot.pause()
            if n == 0:
                gathered.clear()
        assert gathered == [], "a tactic added gathered every id of the workbook again"
        added = [t.id for t in app.workbook.tactics if t.text.startswith("Added")]
        assert len(added) == 3 and len(set(t.id for t in app.workbook.tactics)) == len(app.workbook.tactics)


async def test_a_new_tactics_id_is_never_one_taken_earlier_in_the_session(acme: Path, monkeypatch) -> None:
    """The ids in use follow each edit (StratbookApp.derived): a new id that would repeat one just
    given (the random choice made again) is drawn anew, as from every id of the workbook."""
    import secrets

    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("j")
        letters = iter("aaaaaaaaaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbbbbbbbbbcccccccccccccccccccccccc")
        monkeypatch.setattr(secrets, "choice", lambda alphabet: next(letters))
        for n in range(2):
            await pilot.press("a")
            await type_text(pilot, f"Same dice {n}")
            await pilot.press("enter")
            await pilot.pause()
        monkeypatch.undo()
        ids = [t.id for t in app.workbook.tactics if t.text.startswith("Same dice")]
        assert len(ids) == 2 and ids[0] != ids[1], ids
