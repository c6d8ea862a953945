"""Check-ins in the app: the check-in form (u), the review session (F5) over several goals,
the history in a goal's detail, the Overview's counts, and closing a goal with carrying it
forward."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

from tests.conftest import SAMPLES
from tests.ui.conftest import type_text
from tests.ui.test_goals import OKR_ID, SIZE, SMART_ID, detail_lines, goals_screen, open_goal, rows, start, to_line
from tests.ui.test_wizard import TODAY, acme, fixed_today  # noqa: F401 (fixtures)
from tui.app import open_workbook
from tui.model import dates
from tui.modals.checkin import CheckinForm
from tui.model.checkins import due_targets
from tui.store import load


def form_error(app) -> str:
    return str(app.screen.query_one("#form-error").render())


async def check_in_on_the_first_goal(pilot) -> None:
    await start(pilot)
    await pilot.press("u")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CheckinForm)


async def test_u_checks_in_with_the_last_value_prefilled_and_undo_takes_it_back(acme: Path, fixed_today) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await check_in_on_the_first_goal(pilot)
        value = app.screen.query_one("#field-value")
        # The box reads as the line above it ("current 10"; it said 10.0); typing replaces it.
        assert value.value == "10" and value.selected_text == "10"
        await type_text(pilot, "7x")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CheckinForm) and "'7x' is not a number" in form_error(app)
        await pilot.press("backspace", "tab", "tab")
        await type_text(pilot, "2")  # confidence 2: at risk whatever the pace
        await pilot.press("tab")
        await type_text(pilot, "Two-shift pilot slipped")
        await pilot.press("enter")
        await pilot.pause()
        goal = app.workbook.goals[0]
        (checkin,) = goal.checkins
        assert (checkin.date, checkin.value, checkin.confidence, checkin.note) == (TODAY, 7, 2, "Two-shift pilot slipped")
        assert goal.measure.current == 7
        assert "\u25b2 at risk" in rows(app)[0] and "71%" in rows(app)[0]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert goal.checkins == [] and goal.measure.current == 10.0


async def test_the_form_refuses_a_confidence_outside_1_to_10_and_a_date_after_today(acme: Path,
                                                                                 fixed_today) -> None:
    # A date before the goal's start is taken now (a baseline reading; it was refused, which left a
    # goal not yet started no day at all): tests/ui/test_pace_says_one_thing.py.
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "2020-01-01")
        assert app.screen.query_one("#form-error").render().plain == "" or "start" not in form_error(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "+1d")
        await pilot.press("enter")
        await pilot.pause()
        assert "after today" in form_error(app) and app.workbook.goals[0].checkins == []
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "-7d")
        await pilot.press("tab")
        await type_text(pilot, "11")
        await pilot.press("enter")
        await pilot.pause()
        assert "11 is not from 1 to 10" in form_error(app)
        await pilot.press("backspace")
        await pilot.press("enter")
        await pilot.pause()
        assert app.workbook.goals[0].checkins[0].date == date(2027, 1, 8)


async def test_u_on_an_okr_checks_in_on_each_key_result_and_esc_stops(acme: Path, fixed_today) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        goals_screen(app).table.move_to(OKR_ID)
        await pilot.press("u")
        await pilot.pause()
        assert "1 of 4" in str(app.screen.query_one("#form-title").render())
        await type_text(pilot, "3")
        await pilot.press("enter")
        await pilot.pause()
        assert "2 of 4" in str(app.screen.query_one("#form-title").render())
        await type_text(pilot, "25")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        okr = app.workbook.goals[1]
        assert [kr.current for kr in okr.key_results] == [3, 25, 410.0, 0.9]
        assert [len(kr.checkins) for kr in okr.key_results] == [1, 1, 0, 0]


async def test_the_detail_shows_the_history_and_u_on_a_key_result_checks_in_on_it_alone(acme: Path,
                                                                                        fixed_today) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, OKR_ID)
        await to_line(pilot, "Deploy 25 Acme pick cells")
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, CheckinForm) and "Deploy 25" in str(app.screen.query_one("#form-title").render())
        await type_text(pilot, "5")
        await pilot.press("tab", "tab")
        await type_text(pilot, "8")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinForm)
        lines = detail_lines(app)
        assert any("2027-01-15" in line and "conf 8/10" in line for line in lines)
        assert any("pace expected" in line for line in lines)
        # d on the check-in's line deletes it; current falls back to what it was
        await to_line(pilot, "conf 8/10")
        await pilot.press("d")
        await pilot.pause()
        assert app.workbook.goals[1].key_results[1].checkins == []


LATER = date(2027, 2, 15)  # six weeks into most goals: many check-ins are due


async def test_the_review_session_walks_what_is_due_with_skip_and_stop(acme: Path, monkeypatch) -> None:
    monkeypatch.setattr(dates, "today", lambda: LATER)
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        due = [t.id for t in due_targets(app.workbook, LATER)]
        assert len(due) >= 4
        await pilot.press("f5")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CheckinForm) and form.review
        assert f"1 of {len(due)}" in str(form.query_one("#form-title").render())
        await type_text(pilot, "9")
        await pilot.press("enter")  # saves and goes on
        await pilot.pause()
        assert f"2 of {len(due)}" in str(app.screen.query_one("#form-title").render())
        await pilot.press("ctrl+n")  # skips
        await pilot.pause()
        assert f"3 of {len(due)}" in str(app.screen.query_one("#form-title").render())
        await type_text(pilot, "1")
        await pilot.press("tab", "tab")
        await type_text(pilot, "6")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")  # stops
        await pilot.pause()
        assert not isinstance(app.screen, CheckinForm)
        checked = [t.id for t in due_targets(app.workbook, LATER)]
        assert due[0] not in checked and due[1] in checked and due[2] not in checked and due[3] in checked
        assert app.workbook.find(due[2]) is not None


async def test_the_overview_counts_check_ins_due_and_goals_at_risk(acme: Path, monkeypatch) -> None:
    from tui.screens import overview

    monkeypatch.setattr(overview, "today", lambda: LATER)
    app = open_workbook(acme)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        lines = [str(option.prompt) for option in app.screen.query_one("#overview").options]
        due = due_targets(app.workbook, LATER)
        head = next(line for line in lines if line.startswith("PACE"))
        assert f"{len(due)} check-in{'' if len(due) == 1 else 's'} due" in head and "F5 reviews them" in head
        assert sum("\u23f2 due" in line for line in lines) == min(len(due), 8)


def _with_history(tmp_path: Path) -> Path:
    """The sample with a quarter of weekly check-ins on the SMART goal (12 -> 5 days)."""
    from tui.model.checkins import add_checkin, find_target
    from tui.store import load, save

    target_path = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", target_path)
    workbook = load(target_path).workbook
    readings = [(11.5, 8, "Baseline week"), (11.0, 7, ""), (11.2, 6, "Leeds stock count"), (10.4, 7, ""),
                (10.0, 7, "Two-shift pilot"), (9.6, 8, ""), (9.8, 5, "Christmas peak"), (9.1, 7, "")]
    for week, (value, confidence, note) in enumerate(readings):
        target = find_target(workbook, SMART_ID)
        day = date(2026, 10, 5) + timedelta(weeks=week)
        add_checkin(target, day, value, workbook.ids(), confidence, note, "Tom Berg")[0].apply(workbook)
    save(workbook, target_path)
    return target_path


def test_snapshot_goal_detail_with_a_history(snap_compare, tmp_path: Path, fixed_today) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(open_workbook(_with_history(tmp_path), start="goals"), terminal_size=(80, 24),
                        run_before=run_before)


async def test_closing_a_goal_grades_it_and_carries_it_forward(acme: Path, fixed_today) -> None:
    from tui.modals.form import FormDialog

    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, SMART_ID)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert app.screen.query_one("#field-score").value == "0.29"  # prefilled from progress
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "0.5")
        await pilot.press("tab")
        await type_text(pilot, "Two shifts beat new software")
        await pilot.press("tab", "y", "tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "2027-12-31")
        await pilot.press("enter")
        await pilot.pause()
        goals = app.workbook.goals
        closed = next(g for g in goals if g.id == SMART_ID)
        assert closed.status == "missed" and closed.closing.score == 0.5
        assert closed.closing.lessons == "Two shifts beat new software" and closed.closing.date == TODAY
        carried = app.workbook.find(closed.closing.carried_to)
        assert carried.title == closed.title and carried.status == "active" and carried.links == [SMART_ID]
        assert carried.measure.baseline == closed.measure.current == 10.0 and carried.measure.target == 5.0
        assert (carried.start, carried.due) == (TODAY, date(2027, 12, 31))
        # The grade as typed and as format_number says numbers (it said 0.50 for the 0.5 typed).
        assert any("Closed 2027-01-15, grade 0.5; carried forward" in line for line in detail_lines(app))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert closed.closing is None and closed.status == "active" and app.workbook.find(carried.id) is None


async def test_e_on_a_check_in_edits_it_and_current_follows(tmp_path: Path, fixed_today) -> None:
    app = open_workbook(_with_history(tmp_path), start="goals")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_goal(pilot, SMART_ID)
        await to_line(pilot, "2026-11-23")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CheckinForm)
        assert app.screen.query_one("#field-date").value == "2026-11-23"
        await type_text(pilot, "8.7")
        await pilot.press("enter")
        await pilot.pause()
        goal = app.workbook.find(SMART_ID)
        assert goal.checkins[-1].value == 8.7 and goal.measure.current == 8.7 and len(goal.checkins) == 8
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert goal.checkins[-1].value == 9.1 and goal.measure.current == 9.1


async def test_a_new_check_in_asks_for_its_own_confidence_and_names_the_last_given(tmp_path: Path,
                                                                                   fixed_today) -> None:
    # Found at 80x24: a value typed and enter took the last check-in's confidence, filled in out
    # of sight below the value, and the detail said "confidence 7/10" of a reading given none.
    app = open_workbook(_with_history(tmp_path), start="goals")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_goal(pilot, SMART_ID)
        await to_line(pilot, "median order")
        await pilot.press("u")
        await pilot.pause()
        assert app.screen.query_one("#field-confidence").value == ""
        assert "(last given: 7, 2026-11-23)" in str(app.screen.query_one("#label-confidence").render())
        await type_text(pilot, "9")
        await pilot.press("enter")
        await pilot.pause()
        newest = app.workbook.find(SMART_ID).checkins[-1]
        assert (newest.date, newest.value, newest.confidence) == (TODAY, 9, None)
        assert "confidence" not in next(line for line in detail_lines(app) if "% done" in line)
        await to_line(pilot, "2026-11-23")  # a check-in edited shows its own
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#field-confidence").value == "7"
        assert str(app.screen.query_one("#label-confidence").render()) == "Confidence 1..10"


async def test_a_value_checked_in_reads_the_same_all_of_it_in_the_detail(acme: Path, fixed_today) -> None:
    # Found from outside: 1234567.25 read `1.23457e+06` in the progress line, `1234567.25` in the
    # list of check-ins; 9.87654321 read `9.87654` and `9.88`.
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, SMART_ID)
        for typed, shown in (("1234567.25", "1,234,567.25"), ("9.87654321", "9.87654321")):
            await pilot.press("u")
            await pilot.pause()
            await type_text(pilot, typed)
            await pilot.press("enter")
            await pilot.pause()
            lines = detail_lines(app)
            progress = next(line for line in lines if " now" in line)
            assert shown in progress.replace("\n", " "), progress
            assert any(line.startswith(f"{TODAY}") and shown in line for line in lines), lines


async def test_a_goal_not_yet_started_takes_a_check_in_today(tmp_path: Path, monkeypatch) -> None:
    # harbour-food-bank on 2026-12-02, a goal starting 2027-01-01: "Date: 2026-12-02 is before the
    # goal's start (2027-01-01)", and every later day "after today": no day could be given.
    monkeypatch.setattr(dates, "today", lambda: dates.date(2026, 12, 2))
    path = tmp_path / "harbour.toml"
    shutil.copy(SAMPLES / "harbour-food-bank.toml", path)
    goal_id = next(g.id for g in load(path).workbook.goals
                   if g.status == "active" and g.measure is not None and g.start == dates.date(2027, 1, 1))
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        app.screen.table.move_to(goal_id)
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, CheckinForm)
        await type_text(pilot, "40")
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, CheckinForm)
        goal = app.workbook.find(goal_id)
        assert [(c.date, c.value) for c in goal.checkins][-1] == (dates.date(2026, 12, 2), 40)
        assert goal.measure.current == 40


async def test_the_check_in_box_reads_its_number_as_the_line_above(acme: Path) -> None:
    # "current 10" above a box prefilled "10.0": the box now reads 10, and saving it untouched
    # keeps the number as it was (10.0 stays a float in the file).
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await check_in_on_the_first_goal(pilot)
        assert "current 10 working days" in str(app.screen.query_one("#form-title").render())
        value = app.screen.query_one("#field-value")
        assert value.value == "10"
        assert not app.screen.holds_typing()  # as shown: nothing typed
        await pilot.press("enter")
        await pilot.pause()
        (checkin,) = app.workbook.goals[0].checkins
        assert checkin.value == 10.0 and isinstance(checkin.value, float)
