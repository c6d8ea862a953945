"""The check-in key (u, a value, enter) at scale and as drawn (issue 14).

- A check-in reads its own measure's check-ins and the rows on the screen, not every check-in of
  the workbook: a new check-in's id is checked against the ids in use (`ids_in_use`, made once
  through StratbookApp.derived and then following each edit), not found by walking 200,000.
- The goals list after a check-in, and after its undo, is what a new app draws from the workbook
  saved at that moment, style for style: only the changed row is drawn again, and it must not
  keep anything from before.
"""

from __future__ import annotations

from pathlib import Path

from tests.bench.bench_checkins import with_checkins
from tests.bench.bench_goals import make_plan
from tests.ui.conftest import type_text
from tests.ui.drawing import steady_drawing
from tests.ui.test_goals import OKR_ID, SIZE, SMART_ID, start
from tests.ui.test_goals import goals_screen as goals
from tests.ui.test_wizard import acme, fixed_today  # noqa: F401 (fixtures)
from tui.app import StratbookApp, open_workbook
from tui.modals.checkin import CheckinForm
from tui.model.checkins import targets_of
from tui.model.edits import follow_ids, ids_in_use
from tui.model.workbook import Checkin, Goal
from tui.store import save

async def on_goal(pilot, goal_id: str) -> Goal:
    """The goals list, its cursor on the goal `goal_id`."""
    await start(pilot)
    assert goals(pilot.app).table.move_to(goal_id)
    await pilot.pause()
    return next(g for g in pilot.app.workbook.goals if g.id == goal_id)


async def check_in(pilot, value: str) -> None:
    """u on the goal under the cursor (a goal with a measure: one form), `value`, enter."""
    app = pilot.app
    await pilot.press("u")
    await pilot.pause()
    assert isinstance(app.screen, CheckinForm), app.screen
    await type_text(pilot, value)
    await pilot.press("enter")
    await pilot.pause()
    assert not isinstance(app.screen, CheckinForm), app.screen


class CheckinReads:
    """Counts reads of every check-in's id, date and value while installed (a slots dataclass: each
    field's descriptor is wrapped in a property that counts, then reads the slot)."""

    FIELDS = ("id", "date", "value")

    def __init__(self, monkeypatch) -> None:
        self.count = 0
        for name in self.FIELDS:
            slot = Checkin.__dict__[name]

            def read(checkin, slot=slot):
                self.count += 1
                return slot.__get__(checkin, Checkin)

            def write(checkin, value, slot=slot):
                slot.__set__(checkin, value)

            monkeypatch.setattr(Checkin, name, property(read, write))


async def test_a_check_in_reads_its_own_measure_not_every_check_in(tmp_path: Path, monkeypatch) -> None:
    per_goal = 20
    path = tmp_path / "plan.toml"
    save(with_checkins(make_plan(400, 0), per_goal), path)  # 8,000 check-ins
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        workbook = app.workbook
        everything = sum(len(t.checkins) for goal in workbook.goals for t in targets_of(goal))
        first, goal = [g for g in workbook.goals if g.measure is not None and not g.key_results][:2]
        goals(app).table.move_to(first.id)
        await pilot.pause()
        await check_in(pilot, "5")  # the first check-in of a session makes the ids in use: once
        goals(app).table.move_to(goal.id)  # another goal: a new check-in id (a second one today keeps the first's)
        await pilot.pause()
        reads = CheckinReads(monkeypatch)
        await check_in(pilot, "6")
        counted = reads.count
        monkeypatch.undo()
        assert len(goal.checkins) == per_goal + 1 and goal.checkins[-1].value == 6 and goal.measure.current == 6
        # The form (sparkline, trend, forecast), the edit and the goals' rows on the screen read a
        # few check-ins of each goal shown; walking the workbook's would read every one.
        assert counted < everything / 2, f"{counted:,} reads of {everything:,} check-ins for one check-in"


def drawn(app: StratbookApp) -> list[str]:
    """The screen below the header (file name, unsaved mark) as drawn, every run with its style."""
    return [repr(list(strip)) for strip in app.screen._compositor.render_strips()[1:]]


async def looks_fresh(pilot, tmp_path: Path, name: str) -> None:
    """The goals list is what a new app draws from the workbook saved now, with its cursor on the
    same goal and the list scrolled alike."""
    app = pilot.app
    app.clear_notifications()
    await steady_drawing(pilot)
    shown, scroll, current = drawn(app), goals(app).table.scroll_y, goals(app).current_goal()
    path = tmp_path / "fresh" / f"{name}.toml"
    path.parent.mkdir(exist_ok=True)
    save(app.workbook, path)
    fresh = open_workbook(path)
    async with fresh.run_test(size=SIZE) as fresh_pilot:
        await start(fresh_pilot)
        goals(fresh).table.move_to(current.id)
        goals(fresh).table.scroll_to(y=scroll, animate=False, immediate=True)
        fresh.clear_notifications()
        await steady_drawing(fresh_pilot)
        assert goals(fresh).current_goal().id == current.id
        assert drawn(fresh) == shown, f"{name}: the screen is not what a new app draws"


async def test_the_list_after_a_check_in_and_its_undo_is_what_a_new_app_draws(acme: Path, tmp_path: Path,
                                                                              fixed_today) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        goal = await on_goal(pilot, SMART_ID)
        before = (list(goal.checkins), goal.measure.current)
        await check_in(pilot, "7")
        (checkin,) = [c for c in goal.checkins if c not in before[0]]
        assert checkin.value == 7 and goal.measure.current == 7 and checkin.id in app.workbook.ids()
        await looks_fresh(pilot, tmp_path, "checked-in")

        await check_in(pilot, "3")  # the same day again: it replaces the first, keeping its id
        assert [c.id for c in goal.checkins if c not in before[0]] == [checkin.id] and goal.measure.current == 3
        await looks_fresh(pilot, tmp_path, "again")

        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert (goal.checkins, goal.measure.current) == before
        await looks_fresh(pilot, tmp_path, "undone")

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [c.id for c in goal.checkins if c not in before[0]] == [checkin.id] and goal.measure.current == 7
        await looks_fresh(pilot, tmp_path, "redone")


async def test_key_results_checked_in_in_turn_look_as_a_new_app_draws_them(acme: Path, tmp_path: Path,
                                                                           fixed_today) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        goal = await on_goal(pilot, OKR_ID)
        before = [list(kr.checkins) for kr in goal.key_results]
        await pilot.press("u")
        for index in range(len(goal.key_results)):
            await pilot.pause()
            assert isinstance(app.screen, CheckinForm), app.screen
            await type_text(pilot, str(index + 2))
            await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinForm)
        assert [kr.current for kr in goal.key_results] == [index + 2 for index in range(len(goal.key_results))]
        await looks_fresh(pilot, tmp_path, "key-results")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert goal.key_results[-1].checkins == before[-1]
        assert all(len(kr.checkins) == len(old) + 1 for kr, old in zip(goal.key_results[:-1], before[:-1]))
        await looks_fresh(pilot, tmp_path, "key-results-undone")


async def test_the_ids_in_use_are_made_once_and_follow_every_edit(acme: Path, monkeypatch, fixed_today) -> None:
    # The set is made from the whole workbook once; check-ins, undo, redo, a deleted and restored
    # goal only add to it (so it always holds every id in the workbook); a reload makes it again.
    import tui.app

    made = []

    def counted_ids_in_use(workbook) -> set[str]:
        made.append(1)
        return ids_in_use(workbook)

    monkeypatch.setattr(tui.app, "ids_in_use", counted_ids_in_use)
    app = open_workbook(acme)

    def taken() -> set[str]:
        return app.derived(counted_ids_in_use, follow=follow_ids)

    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        goals(app).table.move_to(SMART_ID)
        await check_in(pilot, "7")
        assert len(made) == 1
        counts = []
        for keys in (("ctrl+z",), ("ctrl+y",), ("d", "u"), ("ctrl+z",)):  # d u: delete the goal, its tactics too
            await pilot.press(*keys)
            await pilot.pause()
            assert taken() >= app.workbook.ids()
            counts.append(len(app.workbook.goals))
        assert counts[2] == counts[3] - 1, "the goal was not deleted and brought back"
        goals(app).table.move_to(next(g.id for g in app.workbook.goals if g.measure is not None and g.id != SMART_ID))
        await check_in(pilot, "8")
        assert taken() >= app.workbook.ids() and len(made) == 1, "made again after an edit it could follow"
        app.replace_workbook(open_workbook(acme).workbook, "reloaded")
        assert taken() == app.workbook.ids() and len(made) == 2
