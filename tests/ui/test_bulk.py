"""Marking items and acting on all the marked ones at once (tui/screens/marking.py): `*` marks the
item under the cursor, `M` every item the list shows, `U` none; delete, move and the field keys then
act on every marked item, as one edit that one ctrl+z undoes. Asserted on the model and the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Static

from tests.ui.conftest import palette_search, type_text, wait_until
from tests.ui.test_forces import open_forces
from tests.ui.test_swot import sample_app  # noqa: F401 (a fixture)
from tui.app import open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.model.links import links_to
from tui.model.workbook import QUADRANTS
from tui.modals.picker import PickerDialog
from tui.model.workbook import Tactic
from tui.screens.swot import SwotScreen
from tui.screens.tactics import TacticsScreen
from tui.widgets.forces_board import AnsoffList, ForceList
from tui.widgets.marks import MARK
from tui.widgets.quadrant import QuadrantList

SIZE = (80, 24)


def drawn(widget) -> list[str]:
    """The lines a list shows on screen, as text (marks and the focus mark included)."""
    return [widget.render_line(y).text for y in range(widget.scrollable_content_region.height)]


def marked_lines(widget) -> list[str]:
    """The lines drawn with the mark in the marks' column (the second cell)."""
    return [line for line in drawn(widget) if line[1:2] == MARK]


def ids(app, quadrant: str) -> list[str]:
    return [item.id for item in app.workbook.swot.quadrant(quadrant)]


async def open_swot(pilot) -> SwotScreen:
    await pilot.pause()
    await pilot.press("escape", "3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SwotScreen)
    return pilot.app.screen


def quadrant(app, name: str) -> QuadrantList:
    return app.screen.query_one(f"#{name}", QuadrantList)


def title(app, name: str) -> str:
    return str(app.screen.query_one(f"#title-{name}", Static).render())


def status(app) -> str:
    return str(app.screen.query_one("#swot-status", Static).render())


# -- marking --------------------------------------------------------------------------------------
async def test_star_marks_and_unmarks_the_item_and_steps_down(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_swot(pilot)
        strengths = quadrant(app, "strengths")
        first, second, third = ids(app, "strengths")[:3]
        assert marked_lines(strengths) == [] and "marked" not in title(app, "strengths")
        await pilot.press("asterisk", "asterisk")
        await pilot.pause()
        assert list(screen.item_marks) == [first, second]
        assert strengths.highlighted_option.id == third  # on to the next, ready for the next mark
        assert len(marked_lines(strengths)) == 2
        assert "2 marked" in title(app, "strengths") and "2 marked" in status(app)
        await pilot.press("k", "asterisk")  # back onto the second: unmarked
        await pilot.pause()
        assert list(screen.item_marks) == [first]
        assert len(marked_lines(strengths)) == 1 and "1 marked" in title(app, "strengths")
        await pilot.press("U")
        await pilot.pause()
        assert not screen.item_marks and marked_lines(strengths) == []
        assert "marked" not in title(app, "strengths") and "marked" not in status(app)


async def test_mark_all_marks_only_what_the_filter_shows_and_marks_survive_filters(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_swot(pilot)
        words = [item.text.split()[0] for item in app.workbook.swot.strengths]
        needle = words[0]
        matching = [item.id for item in app.workbook.swot.strengths if needle.lower() in item.text.lower()]
        assert 0 < len(matching) < len(words)
        await pilot.press("slash")
        await type_text(pilot, needle)
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#strengths", QuadrantList).focus()
        await pilot.press("M")
        await pilot.pause()
        assert set(screen.item_marks) == set(matching)
        await pilot.press("escape")  # the filter goes; the marks stay
        await pilot.pause()
        assert set(screen.item_marks) == set(matching)
        assert len(marked_lines(quadrant(app, "strengths"))) == len(matching)
        assert f"{len(matching)} marked" in title(app, "strengths")
        await pilot.press("slash")
        await type_text(pilot, "zzzz-nothing")
        await pilot.press("enter")
        await pilot.pause()
        assert set(screen.item_marks) == set(matching)  # hidden, still marked
        assert f"{len(matching)} marked" in status(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("M")  # not all shown are marked: marks the rest
        await pilot.pause()
        assert set(screen.item_marks) == set(ids(app, "strengths"))
        await pilot.press("M")  # all marked: unmarks them
        await pilot.pause()
        assert not screen.item_marks


async def burst(pilot, *keys: str) -> None:
    """Keys sent all at once, as a fast typist (or tmux) sends them: no waiting between them."""
    app = pilot.app
    for key in keys:
        event = events.Key(key, "*" if key == "asterisk" else key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
    await pilot.pause()


async def test_marks_typed_fast_after_moving_to_another_quadrant_land_there(sample_copy: Path) -> None:
    """l then * at once marked in the quadrant left behind: the focus moved only after the keys."""
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_swot(pilot)
        await burst(pilot, "l", "asterisk", "asterisk", "tab", "asterisk")
        await pilot.pause()
        assert list(screen.item_marks) == [*ids(app, "weaknesses")[:2], ids(app, "opportunities")[0]]


async def test_the_palette_offers_marking_with_its_keys(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_swot(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await palette_search(pilot, "Mark every item shown (M)")
        await pilot.press("enter")
        await pilot.pause()
        assert list(screen.item_marks) == ids(app, "strengths")


# -- bulk actions, each one undo -------------------------------------------------------------------
async def mark_first(pilot, names: dict[str, int]) -> list[str]:
    """Mark the first n items of each named quadrant; returns their ids in board order."""
    app = pilot.app
    marked = []
    for name, count in names.items():
        widget = quadrant(app, name)
        widget.focus()
        widget.highlighted = 0
        await pilot.pause()
        await pilot.press(*["asterisk"] * count)
        marked += ids(app, name)[:count]
    await pilot.pause()
    assert list(app.screen.item_marks) == marked
    return marked


async def test_move_ten_marked_items_to_a_quadrant_is_one_undo(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_swot(pilot)
        before = {q: ids(app, q) for q in QUADRANTS}
        marked = await mark_first(pilot, {"strengths": 4, "weaknesses": 3, "opportunities": 3})
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("t")
        await pilot.pause()
        after = ids(app, "threats")
        assert after == before["threats"] + marked
        assert ids(app, "strengths") == before["strengths"][4:]
        assert set(app.screen.item_marks) == set(marked)  # moved, still marked
        assert len(quadrant(app, "threats").options) == 16
        assert "10 marked" in title(app, "threats")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert {q: ids(app, q) for q in QUADRANTS} == before
        assert len(quadrant(app, "threats").options) == 6 and "4 marked" in title(app, "strengths")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert ids(app, "threats") == before["threats"] + marked


async def test_delete_marked_asks_then_deletes_all_and_one_undo_brings_them_back(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_swot(pilot)
        before = {q: ids(app, q) for q in QUADRANTS}
        marked = await mark_first(pilot, {"strengths": 2, "threats": 2})
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "4 marked items" in app.screen.dialog_title
        await pilot.press("n")  # cancel: nothing goes
        await pilot.pause()
        assert {q: ids(app, q) for q in QUADRANTS} == before
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(app.screen.answers[0][0])
        await pilot.pause()
        assert not any(i in ids(app, q) for q in QUADRANTS for i in marked)
        assert not screen.item_marks  # deleted items lose their marks
        assert marked_lines(quadrant(app, "strengths")) == [] and "marked" not in status(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert {q: ids(app, q) for q in QUADRANTS} == before


async def test_weight_of_marked_items_by_key_and_by_form_each_one_undo(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_swot(pilot)
        weights = {item.id: item.weight for q in QUADRANTS for item in app.workbook.swot.quadrant(q)}
        marked = await mark_first(pilot, {"strengths": 3, "opportunities": 2})
        await pilot.press("minus")
        await pilot.pause()
        assert all(app.workbook.find(i).weight == max(1, weights[i] - 1) for i in marked)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert {i: app.workbook.find(i).weight for i in weights} == weights
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("5", "enter")
        await pilot.pause()
        assert all(app.workbook.find(i).weight == 5 for i in marked)
        assert all(app.workbook.find(i).weight == w for i, w in weights.items() if i not in marked)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert {i: app.workbook.find(i).weight for i in weights} == weights


async def test_with_nothing_marked_the_keys_act_on_the_item_under_the_cursor(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_swot(pilot)
        quadrant(app, "opportunities").focus()
        first = next(i for i in ids(app, "opportunities") if not links_to(app.workbook, [i]))  # deleted unasked
        quadrant(app, "opportunities").highlighted = ids(app, "opportunities").index(first)
        weight = app.workbook.find(first).weight
        await pilot.press("minus" if weight > 1 else "plus")
        await pilot.pause()
        assert app.workbook.find(first).weight != weight
        others = [i for i in ids(app, "opportunities") if i != first]
        await pilot.press("d")
        await pilot.pause()
        assert ids(app, "opportunities") == others  # deleted at once, as before: no question
        following = quadrant(app, "opportunities").highlighted_option.id
        await pilot.press("m", "l")
        await pilot.pause()
        assert ids(app, "threats")[-1] == following


async def test_marks_on_tows_strategies_delete_them_together(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_swot(pilot)
        before = [s.id for s in app.workbook.strategies]
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("M")
        await pilot.pause()
        marked = list(screen.item_marks)
        assert marked and set(marked) <= set(before)
        assert f"{len(marked)} marked" in status(app)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(app.screen.answers[0][0])
        await pilot.pause()
        assert [s.id for s in app.workbook.strategies] == [i for i in before if i not in marked]
        assert not screen.item_marks
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [s.id for s in app.workbook.strategies] == before


# -- tactics ---------------------------------------------------------------------------------------
async def open_tactics(pilot) -> TacticsScreen:
    await pilot.pause()
    pilot.app.action_section("tactics")
    await pilot.pause()
    assert isinstance(pilot.app.screen, TacticsScreen)
    return pilot.app.screen


async def mark_tactics(pilot, count: int) -> list[str]:
    """Mark the first `count` tactics shown (from the first row on); returns their ids."""
    screen = pilot.app.screen
    table = screen.table
    marked: list[str] = []
    table.cursor = 0
    while len(marked) < count:
        key, payload = table.rows[table.cursor]
        if isinstance(payload, Tactic):
            await pilot.press("asterisk")
            marked.append(key)
        else:
            await pilot.press("j")
    await pilot.pause()
    assert list(screen.item_marks) == marked
    return marked


def tactic(app, tactic_id: str) -> Tactic:
    return next(t for t in app.workbook.tactics if t.id == tactic_id)


def bar(app) -> str:
    return str(app.screen.query_one("#tactics-bar", Static).render())


async def test_marked_tactics_show_a_star_and_a_count_and_headings_cannot_be_marked(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tactics(pilot)
        screen.table.cursor = 0
        await pilot.press("asterisk")  # a goal's heading: not an item
        await pilot.pause()
        assert not screen.item_marks
        marked = await mark_tactics(pilot, 3)
        table = screen.table
        for index, (key, _) in enumerate(table.rows):
            assert (table.row_text(index)[1] == MARK) == (key in marked)
        assert "3 marked" in bar(app)
        assert table.header_text().startswith("  ")  # the heading keeps its columns over the rows'


async def test_bulk_move_status_fields_and_done_on_marked_tactics_each_one_undo(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_tactics(pilot)
        before = [(t.id, t.goal, t.owner, t.due, t.status) for t in app.workbook.tactics]
        marked = await mark_tactics(pilot, 3)

        def now():
            return [(t.id, t.goal, t.owner, t.due, t.status) for t in app.workbook.tactics]

        async def undo() -> None:
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert now() == before

        # m: to one goal, after its own tactics
        target = app.workbook.goals[-1]
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("end", "enter")
        await pilot.pause()
        assert [t.id for t in app.workbook.tactics][-3:] == marked
        assert all(tactic(app, i).goal == target.id for i in marked)
        await undo()
        # s: the status of them all, from a form that starts at the status
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog) and app.screen.focused.id == "field-status"
        await pilot.press("b", "enter")
        await pilot.pause()
        assert all(tactic(app, i).status == "blocked" for i in marked)
        await undo()
        # e: owner and due date for them all; the status kept
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, "Zed Quist")
        await pilot.press("tab")
        await type_text(pilot, "2031-03-04")
        await pilot.press("enter")
        await pilot.pause()
        assert all((tactic(app, i).owner, str(tactic(app, i).due)) == ("Zed Quist", "2031-03-04") for i in marked)
        assert [t[4] for t in now()] == [t[4] for t in before]
        assert "Zed Quist" in "".join(screen_rows(app))
        await undo()
        # space: all done
        await pilot.press("space")
        await pilot.pause()
        assert all(tactic(app, i).status == "done" for i in marked)
        await undo()


def screen_rows(app) -> list[str]:
    table = app.screen.table
    return [table.row_text(index) for index in range(len(table.rows))]


async def test_delete_marked_tactics_and_marks_survive_the_owner_filter(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tactics(pilot)
        before = [t.id for t in app.workbook.tactics]
        marked = await mark_tactics(pilot, 2)
        await pilot.press("w")  # only this tactic's owner
        await pilot.pause()
        owner = tactic(app, screen.table.cursor_key).owner
        shown = [key for key, payload in screen.table.rows if isinstance(payload, Tactic)]
        assert all(tactic(app, i).owner == owner for i in shown)
        await pilot.press("M")
        await pilot.pause()
        assert set(screen.item_marks) == set(marked) | set(shown)
        await pilot.press("w")  # everyone again: the marks stay
        await pilot.pause()
        assert set(screen.item_marks) == set(marked) | set(shown)
        gone = list(screen.item_marks)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press(app.screen.answers[0][0])
        await pilot.pause()
        assert [t.id for t in app.workbook.tactics] == [i for i in before if i not in gone]
        assert not screen.item_marks and "marked" not in bar(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [t.id for t in app.workbook.tactics] == before


# -- goals, values, PESTLE ------------------------------------------------------------------------
async def test_goals_bulk_status_owner_and_delete_with_their_tactics_each_one_undo(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_section("goals")
        await pilot.pause()
        screen = app.screen
        goals_before = [(g.id, g.status, g.owner) for g in app.workbook.goals]
        tactics_before = [t.id for t in app.workbook.tactics]
        await pilot.press("asterisk", "asterisk")
        await pilot.pause()
        marked = [g.id for g in app.workbook.goals[:2]]
        assert list(screen.item_marks) == marked and "2 marked" in str(screen.query_one("#goals-bar", Static).render())
        assert screen.table.row_text(0)[1] == MARK and screen.table.row_text(2)[1] == " "
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("m", "enter")  # missed
        await pilot.pause()
        assert [g.status for g in app.workbook.goals[:2]] == ["missed", "missed"]
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, "Ola Nordmann")
        await pilot.press("enter")
        await pilot.pause()
        assert [g.owner for g in app.workbook.goals[:2]] == ["Ola Nordmann"] * 2
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert [(g.id, g.status, g.owner) for g in app.workbook.goals] == goals_before
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "tactics" in app.screen.message
        await pilot.press(app.screen.answers[0][0])
        await pilot.pause()
        assert [g.id for g in app.workbook.goals] == [g for g, _, _ in goals_before if g not in marked]
        assert not any(t.goal in marked for t in app.workbook.tactics)
        assert not screen.item_marks
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [(g.id, g.status, g.owner) for g in app.workbook.goals] == goals_before
        assert [t.id for t in app.workbook.tactics] == tactics_before


async def test_values_marked_and_deleted_together(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_section("vmv")
        await pilot.pause()
        screen = app.screen
        before = [v.id for v in app.workbook.vmv.values]
        await pilot.press("M")
        await pilot.pause()
        assert list(screen.item_marks) == before
        assert f"{len(before)} marked" in str(screen.query_one("#values-title").render())
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(app.screen.answers[0][0])
        await pilot.pause()
        assert app.workbook.vmv.values == [] and not screen.item_marks
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [v.id for v in app.workbook.vmv.values] == before


async def test_pestle_bulk_move_to_a_factor_check_rate_edit_each_one_undo(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_section("pestle")
        await pilot.pause()
        screen = app.screen
        factors = app.workbook.pestle.factors

        def state():
            return {name: [(i.id, i.checked, i.impact, i.likelihood, i.effect) for i in f.items]
                    for name, f in factors.items()}

        before = state()
        checklist = screen.checklist
        checklist.highlighted = 0
        await pilot.press("asterisk")  # a factor's row: not an item
        await pilot.pause()
        assert not screen.item_marks
        await pilot.press("j", "asterisk", "asterisk", "n", "j", "asterisk")
        await pilot.pause()
        marked = list(screen.item_marks)
        assert len(marked) == 3
        assert sum(1 for line in drawn(checklist) if line[1:2] == MARK) == 3
        assert "3 marked" in str(screen.query_one("#pestle-progress").render())

        async def undo() -> None:
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert state() == before

        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("6")  # Environmental
        await pilot.pause()
        assert [i.id for i in factors["environmental"].items][-3:] == marked
        await undo()
        checked = not all(app.workbook.find(i).checked for i in marked)  # all checked: space unchecks
        await pilot.press("space")
        await pilot.pause()
        assert all(app.workbook.find(i).checked == checked for i in marked)
        await undo()
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert all(app.workbook.find(i).likelihood == min(5, dict((k[0], k[3]) for f in before.values() for k in f)[i] + 1)
                   for i in marked)
        await undo()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("5", "tab", "tab", "t", "enter")  # impact 5, likelihood kept, effect threat
        await pilot.pause()
        assert all((app.workbook.find(i).impact, app.workbook.find(i).effect) == (5, "threat") for i in marked)
        await undo()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(app.screen.answers[0][0])
        await pilot.pause()
        assert not any(app.workbook.find(i) for i in marked) and not screen.item_marks
        await undo()


async def test_pestle_m_moves_the_item_under_the_cursor_when_nothing_is_marked(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_section("pestle")
        await pilot.pause()
        checklist = app.screen.checklist
        checklist.highlighted = 1
        item_id = checklist.highlighted_option.id
        await pilot.press("m", "2")
        await pilot.pause()
        assert app.workbook.pestle.factors["economic"].items[-1].id == item_id
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workbook.pestle.factors["political"].items[0].id == item_id


# -- snapshots -------------------------------------------------------------------------------------
async def _marked_board(pilot) -> None:
    await open_swot(pilot)
    await pilot.press("asterisk", "j", "asterisk", "asterisk")
    await pilot.pause()


@pytest.mark.parametrize("dialog", [False, True], ids=["board", "move-dialog"])
def test_snapshot_marked_quadrant_and_the_bulk_move_dialog(snap_compare, sample_app, dialog) -> None:
    async def run_before(pilot) -> None:
        await _marked_board(pilot)
        if dialog:
            await pilot.press("m")
            await pilot.pause()

    assert snap_compare(sample_app(), terminal_size=SIZE, run_before=run_before)


# -- section 9: five forces and Ansoff ------------------------------------------------------------
def forces_status(app) -> str:
    return str(app.screen.query_one("#forces-status", Static).render())


def force_ids(app, force: str) -> list[str]:
    return [item.id for item in app.workbook.forces.forces[force].items]


async def test_two_marked_force_items_deleted_with_one_question_and_one_undo(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_forces(pilot)
        rivalry = screen.query_one("#rivalry", ForceList)
        before = force_ids(app, "rivalry")
        assert len(before) == 2 and marked_lines(rivalry) == []
        await pilot.press("asterisk", "asterisk")
        await pilot.pause()
        assert list(screen.item_marks) == before
        assert len(marked_lines(rivalry)) == 2 and "2 marked" in forces_status(app)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "2 marked force items" in app.screen.dialog_title
        await pilot.press("n")  # cancel: nothing goes
        await pilot.pause()
        assert force_ids(app, "rivalry") == before
        await pilot.press("d")
        await pilot.pause()
        await pilot.press(app.screen.answers[0][0])
        await pilot.pause()
        assert force_ids(app, "rivalry") == [] and not screen.item_marks
        assert "marked" not in forces_status(app)
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert force_ids(app, "rivalry") == before
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert force_ids(app, "rivalry") == []


async def test_weight_of_marked_force_items_in_two_forces_is_one_undo(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_forces(pilot)
        weights = {i.id: i.weight for f in app.workbook.forces.forces.values() for i in f.items}
        await pilot.press("asterisk", "l", "asterisk")  # a rivalry item, then buyer power's
        await pilot.pause()
        marked = [force_ids(app, "rivalry")[0], force_ids(app, "buyer_power")[0]]
        assert list(app.screen.item_marks) == marked
        await pilot.press("minus")
        await pilot.pause()
        assert {i: app.workbook.find(i).weight for i in weights} == {
            i: w - 1 if i in marked else w for i, w in weights.items()}
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert {i: app.workbook.find(i).weight for i in weights} == weights
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert all(app.workbook.find(i).weight == weights[i] - 1 for i in marked)


def risks(app) -> dict[str, int]:
    return {o.id: o.risk for o in app.workbook.ansoff}


async def test_risk_of_marked_ansoff_options_in_two_quadrants_is_one_undo(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_forces(pilot)
        before = risks(app)
        await pilot.press("x", "asterisk", "l", "asterisk")  # market penetration, product development
        await pilot.pause()
        penetration = screen.query_one("#market_penetration", AnsoffList)
        marked = [o.id for q in ("market_penetration", "product_development")
                  for o in app.workbook.ansoff if o.quadrant == q]
        assert list(screen.item_marks) == marked and len(marked) == 2
        assert len(marked_lines(penetration)) == 1 and "2 marked" in forces_status(app)
        await pilot.press("plus")
        await pilot.pause()
        assert risks(app) == {i: r + 1 if i in marked else r for i, r in before.items()}
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert risks(app) == before
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert risks(app) == {i: r + 1 if i in marked else r for i, r in before.items()}


async def test_marked_ansoff_options_move_to_a_quadrant_and_are_deleted_each_one_undo(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_forces(pilot)
        before = {o.id: o.quadrant for o in app.workbook.ansoff}
        await pilot.press("x", "asterisk", "l", "asterisk")
        await pilot.pause()
        marked = list(screen.item_marks)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "2 marked" in app.screen.dialog_title
        await pilot.press("4")  # diversification
        await pilot.pause()
        assert {o.id: o.quadrant for o in app.workbook.ansoff} == {
            i: "diversification" if i in marked else q for i, q in before.items()}
        assert set(screen.item_marks) == set(marked)  # moved, still marked
        assert len(marked_lines(screen.query_one("#diversification", AnsoffList))) == 2
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert {o.id: o.quadrant for o in app.workbook.ansoff} == before
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog) and "2 marked Ansoff options" in app.screen.dialog_title
        await pilot.press(app.screen.answers[0][0])
        await pilot.pause()
        assert [o.id for o in app.workbook.ansoff] == [i for i in before if i not in marked]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert [o.id for o in app.workbook.ansoff] == list(before)


async def test_force_and_ansoff_marks_survive_x_and_panel_moves(sample_copy: Path) -> None:
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_forces(pilot)
        await pilot.press("asterisk", "k", "k", "asterisk")  # rivalry's first, then new entrants'
        await pilot.press("x", "j", "asterisk")  # market development's option
        await pilot.pause()
        marked = [force_ids(app, "rivalry")[0], force_ids(app, "new_entrants")[0],
                  next(o.id for o in app.workbook.ansoff if o.quadrant == "market_development")]
        assert list(screen.item_marks) == marked
        assert forces_status(app).startswith("1 marked: d m + - act on them; U unmarks  +2 marked in the five forces")
        await pilot.press("x", "l", "h", "tab", "x", "k", "x")
        await pilot.pause()
        assert list(screen.item_marks) == marked
        assert len(marked_lines(screen.query_one("#rivalry", ForceList))) == 1
        assert len(marked_lines(screen.query_one("#new_entrants", ForceList))) == 1
        assert forces_status(app).startswith("2 marked: d + - act on them; U unmarks  +1 marked in the Ansoff")
        # with nothing marked, - acts on the option under the cursor, as before
        await pilot.press("x")
        await pilot.pause()
        option = screen.selected_option()
        assert option is not None and option.quadrant == "market_penetration"
        await pilot.press("U")
        await pilot.pause()
        assert not screen.item_marks and "marked" not in forces_status(app)
        risk, others = option.risk, {o.id: o.risk for o in app.workbook.ansoff if o.id != option.id}
        await pilot.press("plus")
        await pilot.pause()
        assert app.workbook.find(option.id).risk == risk + 1
        assert {o.id: o.risk for o in app.workbook.ansoff if o.id != option.id} == others


async def test_bulk_weight_on_hostile_force_items_leaves_their_text_alone(tmp_path: Path) -> None:
    from tests.ui.conftest import hostile_workbook
    from tui.store import save

    path = tmp_path / "hostile.toml"
    save(hostile_workbook(), path)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_forces(pilot)
        texts = {i.id: i.text for f in app.workbook.forces.forces.values() for i in f.items}
        await pilot.press("M")
        await pilot.pause()
        marked = force_ids(app, "rivalry")
        assert list(screen.item_marks) == marked and f"{len(marked)} marked" in forces_status(app)
        await pilot.press("plus")
        await pilot.pause()
        assert {i.id: i.text for f in app.workbook.forces.forces.values() for i in f.items} == texts
        lines = drawn(screen.query_one("#rivalry", ForceList))
        assert len([line for line in lines if line[1:2] == MARK]) == min(len(marked), len(lines))
        assert not any("\x1b" in line or "\u202e" in line for line in lines + [forces_status(app)])


async def test_deleting_several_marked_items_speaks_of_them_in_the_plural(sample_copy: Path) -> None:
    """"3 items link this 2 marked items ... The links to it are removed with it" read wrong."""
    from tests.ui.test_ascii import screen_lines

    app = open_workbook(sample_copy)
    async with app.run_test(size=(80, 30)) as pilot:
        await open_swot(pilot)
        await pilot.press("asterisk", "asterisk", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        text = " ".join(line.strip(" │") for line in screen_lines(app))
        assert "link these 2 marked items" in text and "removed with them" in text, text
        await pilot.press("u")
        await pilot.pause()
        await wait_until(pilot, lambda: any("brings them back" in str(n.message) for n in app._notifications))
