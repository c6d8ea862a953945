"""The goals section: the list, filter and order, a goal's detail, progress, status,
tactics and links from the detail, deleting, hostile text, and snapshots."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from tests.conftest import SAMPLES
from tests.ui.conftest import HOSTILE, type_text
from tests.ui.test_wizard import acme, answer, fixed_today  # noqa: F401 (fixtures)
from tui.app import StratbookApp, open_workbook
from tui.model.edits import SetFields
from tui.model.frameworks import FRAMEWORKS
from tui.model.goals import SORT_LABELS
from tui.model.text import for_display
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.modals.picker import PickerDialog
from tui.modals.wizard import GoalWizard
from tui.screens.goal_detail import GoalDetailScreen
from tui.screens.goals import GoalsScreen
from tui.store import load
from tui.widgets.goal_view import DetailItem

SIZE = (80, 24)
SMART_ID, OKR_ID = "gol-7tz2", "gol-q8wn3"


def goals_screen(app: StratbookApp) -> GoalsScreen:
    assert isinstance(app.screen, GoalsScreen), app.screen
    return app.screen


def rows(app: StratbookApp) -> list[str]:
    table = goals_screen(app).table
    return [table.row_text(index) for index in range(len(table.rows))]


def detail_lines(app: StratbookApp) -> list[str]:
    assert isinstance(app.screen, GoalDetailScreen), app.screen
    return [str(option.prompt) for option in app.screen.query_one("#goal-detail", OptionList).options]


async def start(pilot) -> None:
    await pilot.pause()
    pilot.app.action_section("goals")
    await pilot.pause()


async def open_goal(pilot, goal_id: str) -> None:
    goals_screen(pilot.app).table.move_to(goal_id)
    await pilot.press("enter")
    await pilot.pause()


async def to_line(pilot, text: str) -> None:
    """Put the detail's cursor on the first line holding `text`."""
    detail = pilot.app.screen.query_one("#goal-detail", OptionList)
    detail.highlighted = next(i for i, line in enumerate(detail_lines(pilot.app)) if text in line)
    await pilot.pause()


# -- the list ---------------------------------------------------------------------------------
async def test_the_list_shows_every_goal_with_framework_status_owner_due_progress_warnings(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        table = goals_screen(app).table
        # At 80 columns the owner gives way to the pace (status in words and a symbol).
        assert table.header_text().split() == ["Goal", "Type", "Status", "Due", "Progress", "Pace", "\u26a0"]
        shown = rows(app)
        assert len(shown) == len(app.workbook.goals) == 8
        assert shown[0].split()[-8:] == ["SMART", "active", "2027-06-30", "\u2588\u258f\u2591\u2591",
                                         "29%", "\u25d0", "behind\u23f2", "\u00b7"]
        assert "3%" in shown[1]
        assert "achieved" in shown[6] and "100%" in shown[6] and shown[6].split()[-2] == "-"  # no pace once closed
        note = str(app.screen.query_one("#goals-note", Static).render())
        assert "Cut order-to-delivery time to 5 days" in note and "No warnings" in note


async def test_warnings_are_counted_and_the_first_one_is_explained(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        app.apply(SetFields(SMART_ID, {"owner": "", "due": None}))
        await pilot.pause()
        assert rows(app)[0].endswith(" 2")
        note = str(app.screen.query_one("#goals-note", Static).render())
        assert "no due date" in note and "Set a due date" in note and "+1 more" in note


async def test_filter_by_status_and_framework_and_change_the_order(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("d", "enter")  # status: draft
        await pilot.pause()
        assert [p.status for _, p in goals_screen(app).table.rows] == ["draft", "draft"]
        assert "2 of 8" in str(app.screen.query_one("#goals-bar", Static).render())
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("left", "tab", "s", "enter")  # status all, framework smart
        await pilot.pause()
        assert [p.framework for _, p in goals_screen(app).table.rows] == ["smart", "smart"]
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("tab", "a", "enter")  # framework: all again
        await pilot.pause()
        assert len(rows(app)) == 8
        for order, first in (("due", "Send every standard quote"), ("progress", "An Acme cell"),
                             ("title", "An Acme cell"), ("file", "Cut order-to-delivery")):
            await pilot.press("o")
            await pilot.pause()
            assert rows(app)[0].strip().startswith(first[:20]), order
            assert "ordered " + SORT_LABELS[order] in str(app.screen.query_one("#goals-bar", Static).render())
        titles = [p.title for _, p in goals_screen(app).table.rows]
        assert titles == [g.title for g in app.workbook.goals]


async def test_status_cycles_with_s_and_undoes_in_one_step(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert app.workbook.goals[0].status == "achieved"
        assert "achieved" in rows(app)[0]
        await pilot.press("s", "S", "s")
        assert app.workbook.goals[0].status == "missed"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workbook.goals[0].status == "active"


async def test_delete_a_goal_with_its_tactics_asks_and_undoes(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        tactics = len(app.workbook.tactics)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "3 tactics" in app.screen.message and "goal: " in app.screen.message  # another goal links it
        await pilot.press("u")
        await pilot.pause()
        assert SMART_ID not in [g.id for g in app.workbook.goals]
        assert all(SMART_ID not in g.links for g in app.workbook.goals)
        assert len(app.workbook.tactics) == tactics - 3
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.workbook.goals[0].id == SMART_ID and len(app.workbook.tactics) == tactics


# -- the detail -----------------------------------------------------------------------------------
async def test_enter_opens_the_detail_with_everything_about_the_goal(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, SMART_ID)
        lines = detail_lines(app)
        text = "\n".join(lines)
        assert lines[0] == "Cut order-to-delivery time to 5 days"
        assert "SMART" in lines[1] and "Tom Berg" in lines[1] and "2026-10-01 \u2192 2027-06-30" in lines[1]
        assert "median order-to-delivery time: 12 \u2192 5 working days  now 10" in lines[2]
        for heading in ("Milestones (3)", "Links (3)", "Tactics (3)", "Specific", "Time-bound"):
            assert heading in lines, heading
        assert "\u2713 2026-11-13" in text and "New routing live in the Leeds warehouse" in text
        assert "value         Customer craft" in text and "weakness" in text
        assert "Pilot two-shift picking" in text
        assert "What do I want to accomplish?\nShip every standard AR-5" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)


async def test_detail_of_an_okr_shows_key_results_and_the_score(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, OKR_ID)
        text = "\n".join(detail_lines(app))
        assert "OKR score 0.03" in text
        assert "Key results (4)" in text and "Sign gripper licence agreements with 3 warehouse integrators" in text
        assert "0.9 \u2192 0.2 % of lines  now 0.9" in text


async def test_t_in_the_detail_adds_a_tactic_to_the_goal(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, OKR_ID)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await type_text(pilot, "Call three integrators")
        await pilot.press("tab")
        await type_text(pilot, "Priya Shah")
        await pilot.press("tab")
        await type_text(pilot, "+2w")
        await pilot.press("enter")
        await pilot.pause()
        tactic = next(t for t in app.workbook.tactics if t.text == "Call three integrators")
        assert (tactic.goal, tactic.owner, tactic.due, tactic.status) == (OKR_ID, "Priya Shah", date(2027, 1, 29), "todo")
        index = app.workbook.tactics.index(tactic)
        assert app.workbook.tactics[index - 1].goal == OKR_ID  # next to the goal's other tactics
        assert any("Call three integrators" in line for line in detail_lines(app))
        assert "Tactics (3)" in detail_lines(app)


async def test_a_bad_due_date_keeps_the_tactic_form_open(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, OKR_ID)
        await pilot.press("t")
        await type_text(pilot, "Call")
        await pilot.press("tab", "tab")
        await type_text(pilot, "soon")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert "not a date" in str(app.screen.query_one("#form-error", Static).render())


async def test_links_milestones_and_deleting_lines_in_the_detail(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, SMART_ID)
        goal = app.workbook.goals[0]
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, PickerDialog)
        await pilot.press("slash")
        await type_text(pilot, "Learning")
        await pilot.press("enter", "space", "enter")
        await pilot.pause()
        assert goal.links == ["val-8dwq", "wea-9xk1", "wea-0qzm", "val-j5ep"]  # the new one last
        screen = app.screen  # a on a milestone's line adds a milestone
        screen.detail.highlighted = screen.items.index(DetailItem("milestone", goal.milestones[0].id))
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Half way")
        await pilot.press("tab")
        await type_text(pilot, "2027-03-01")
        await pilot.press("enter")
        await pilot.pause()
        assert [m.text for m in goal.milestones][2] == "Half way"
        assert app.screen.current_item().key == goal.milestones[2].id
        await pilot.press("space")
        await pilot.pause()
        assert goal.milestones[2].done
        await pilot.press("d")
        await pilot.pause()
        assert "Half way" not in [m.text for m in goal.milestones]
        await to_line(pilot, "Pilot two-shift picking")
        await pilot.press("d")
        await pilot.pause()
        assert "tac-h6j8" not in [t.id for t in app.workbook.tactics]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "tac-h6j8" in [t.id for t in app.workbook.tactics]


async def test_enter_on_an_answer_reopens_the_wizard_at_its_step(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, SMART_ID)
        await to_line(pilot, "Does this seem worthwhile?")
        await pilot.press("enter")
        await pilot.pause()
        wizard = app.screen
        assert isinstance(wizard, GoalWizard)
        assert wizard.steps[wizard.index].key == "group:Relevant"
        assert app.focused.id == "answer-worthwhile"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, GoalDetailScreen)


async def test_enter_on_a_tactic_or_link_goes_to_its_section(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, SMART_ID)
        await to_line(pilot, "Pilot two-shift picking")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.current_mode == "tactics"
        assert app.screen.table.cursor_key == "tac-h6j8"
        await pilot.press("g")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GoalDetailScreen) and app.screen.goal_id == SMART_ID
        assert "esc: back to Tactics" in str(app.screen.query_one("#goal-detail-keys", Static).render())
        await pilot.press("1", "5")  # back to the same detail by section keys: esc goes to the list
        await pilot.pause()
        assert isinstance(app.screen, GoalDetailScreen) and app.screen.back_to is None
        await pilot.press("6", "g")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("escape")  # back where the jump came from, like vim's ctrl+o
        await pilot.pause()
        assert app.current_mode == "tactics" and app.screen.table.cursor_key == "tac-h6j8"
        await pilot.press("5")
        await pilot.pause()
        assert not isinstance(app.screen, GoalDetailScreen)  # the detail was closed, not left open
        await open_goal(pilot, SMART_ID)
        await pilot.press("escape")  # opened from the list: back to the list
        await pilot.pause()
        assert app.current_mode == "goals" and not isinstance(app.screen, GoalDetailScreen)


async def test_a_goal_saved_and_reopened_keeps_everything(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await open_goal(pilot, SMART_ID)
        await pilot.press("s", "ctrl+s")
        await pilot.pause()
    assert load(acme).workbook.goals[0].status == "achieved"


# -- hostile text ----------------------------------------------------------------------------------
@pytest.mark.parametrize("framework", FRAMEWORKS)  # the hostile workbook's goal of each; one app each, spread by xdist
async def test_hostile_text_in_goals_is_shown_literally(hostile_file: Path, framework: str) -> None:
    app = open_workbook(hostile_file)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        shown = "\n".join(rows(app))
        goals = app.workbook.goals
        for goal in goals:
            assert for_display(goal.title)[:10] in shown
        assert "\x1b" not in shown and "\x07" not in shown
        goal = next(goal for goal in goals if goal.framework == framework)
        goals_screen(app).table.move_to(goal.id)
        await pilot.press("enter")
        await pilot.pause()
        lines = "\n".join(detail_lines(app))
        assert for_display(goal.title) in lines
        assert all(for_display(str(a), multiline=True) in lines for a in goal.answers.values())
        assert "\x1b" not in lines and "\u202e" not in lines
        await pilot.press("e")  # the wizard's review draws it all again
        await pilot.pause()
        assert isinstance(app.screen, GoalWizard)
        await pilot.press("ctrl+g", "home", "enter")
        await pilot.pause()
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        if isinstance(app.screen, ConfirmDialog):
            await pilot.press("d")
            await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
        assert any(h in shown for h in HOSTILE[:3])


# -- snapshots ----------------------------------------------------------------------------------------
def _app(tmp_path: Path) -> StratbookApp:
    target = tmp_path / "acme.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", target)
    return open_workbook(target, start="goals")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_goals_list(snap_compare, tmp_path: Path, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("j")

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_snapshot_goal_detail(snap_compare, tmp_path: Path, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()

    assert snap_compare(_app(tmp_path), terminal_size=size, run_before=run_before)


async def test_the_filter_names_frameworks_as_people_write_them(acme: Path) -> None:
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("slash", "tab")
        await pilot.pause()
        shown = str(app.screen.query_one("#field-framework").render())
        assert "SMART" in shown and "OKR" in shown and "Stretch" in shown and "smart" not in shown
        await pilot.press("o", "enter")  # the first letter of the name picks it
        await pilot.pause()
        assert goals_screen(app).view.framework == "okr"


async def test_an_active_goal_without_a_measure_shows_no_pace(acme: Path, fixed_today) -> None:  # noqa: F811
    """No measure, no pace: not "on track", "behind" or "at risk", in the list, the detail or the
    Overview's count of goals at risk (its progress is unknown, not 0%)."""
    app = open_workbook(acme)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        app.apply(SetFields(SMART_ID, {"measure": None}))
        await pilot.pause()
        shown = rows(app)[0]
        assert "active" in shown and not any(word in shown for word in ("on track", "behind", "at risk"))
        # Its Pace says "no pace" in words, as `stratbook status` does (it showed a bare "-").
        assert "no pace" in shown
        await open_goal(pilot, SMART_ID)
        lines = detail_lines(app)
        assert any("No measure" in line for line in lines)
        assert not any("% done" in line or "on track" in line or "at risk" in line for line in lines)
        await pilot.press("escape", "1")
        await pilot.pause()
        screen_text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "at risk" not in screen_text


# -- the tree folds ---------------------------------------------------------------------------------

COMPANY, TEAMS, GRANDCHILD = "gol-w4c9", (SMART_ID, "gol-b6tfk", "gol-z5hu2"), "gol-3kq8m"


def company_tree(tmp_path: Path) -> Path:
    """The sample with three team goals serving the company goal, and one goal under a team's."""
    text = (SAMPLES / "acme-robotics.toml").read_text(encoding="utf-8")
    for child, parent in [*((team, COMPANY) for team in TEAMS), (GRANDCHILD, SMART_ID)]:
        text = text.replace(f'id = "{child}"\n', f'id = "{child}"\nparent = "{parent}"\n', 1)
    path = tmp_path / "tree.toml"
    path.write_text(text, encoding="utf-8")
    return path


async def test_f_folds_the_goals_that_serve_a_goal_and_shows_them_again(tmp_path: Path) -> None:
    """Promised: the goals list shows the tree, collapsible. Seen as a new user: three team goals
    under a company goal, and no key that folds them away."""
    company, teams, grandchild = COMPANY, TEAMS, GRANDCHILD
    app = open_workbook(company_tree(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen = goals_screen(app)
        table = screen.table
        under = {*teams, grandchild}
        assert all(table.index_of(goal_id) is not None for goal_id in under)
        assert "- Grow revenue" in rows(app)[table.index_of(company)]
        table.move_to(company)
        await pilot.press("f")
        assert all(table.index_of(goal_id) is None for goal_id in under)
        assert "+ Grow revenue" in rows(app)[table.index_of(company)]
        assert table.cursor_key == company and not app.dirty
        await pilot.press("f")
        assert all(table.index_of(goal_id) is not None for goal_id in under)
        # On a goal that none serves, f folds the goal it serves and goes there.
        table.move_to(grandchild)
        await pilot.press("f")
        assert table.index_of(grandchild) is None and table.cursor_key == SMART_ID
        note = str(screen.query_one("#goals-note", Static).render())
        assert "1 goal serves it" in note and "f: show them" in note
        assert table.index_of("gol-b6tfk") is not None
        # A jump to a folded-away goal shows it again.
        assert screen.focus_item(grandchild)
        await pilot.pause()
        assert table.index_of(grandchild) is not None


async def test_a_goals_detail_says_what_it_serves_and_the_roll_up_of_what_serves_it(tmp_path: Path) -> None:
    """Seen as a new user: the company goal's detail said nothing of the three team goals under it,
    nor a team goal's of the goal it serves."""
    app = open_workbook(company_tree(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        from tui.model.alignment import children_map, rollup
        from tui.model.progress import goal_progress

        company = app.workbook.find(COMPANY)
        share = rollup(company, children_map(app.workbook.goals))
        await open_goal(pilot, COMPANY)
        lines = detail_lines(app)
        assert (f"3 goals serve it: {share:.0%} on average (its own: {goal_progress(company):.0%})"
                in "\n".join(lines))
        await pilot.press("escape")
        await pilot.pause()
        await open_goal(pilot, SMART_ID)
        assert f"Serves: {company.title}" in "\n".join(detail_lines(app))


EMPTY_OKR = """[workbook]
schema = 1

[[goals]]
id = "gol-e3pt"
framework = "okr"
title = "Win the north"
status = "active"
"""


@pytest.mark.parametrize("keymap", [
    "",
    '[keys]\n"goal.add" = "i"\n"goal.edit" = "r"\n"goal.links" = "n"\n"goal.tactic" = "w"\n"goal.milestone" = "o"\n',
])
async def test_each_empty_part_of_a_goal_names_the_key_that_fills_it(tmp_path: Path, private_config: Path,
                                                                       keymap: str) -> None:
    """Seen as a new user: under Milestones the detail said "None yet: m adds one", and m does nothing
    there (a adds on that line); the hints named the default keys whatever the config remapped."""
    import re

    from tests.ui.test_config_ui import write_config

    write_config(private_config, keymap)
    path = tmp_path / "plan.toml"
    path.write_text(EMPTY_OKR, encoding="utf-8")
    app = open_workbook(path)
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        await open_goal(pilot, "gol-e3pt")
        hints = [(line, match.group(1)) for line in detail_lines(app)
                 if (match := re.match(r"(?:No key results yet|None yet|Not linked yet): (\S+) ", line))]
        assert len(hints) == 4, detail_lines(app)  # key results, milestones, links, tactics
        if keymap:
            assert {key for _, key in hints} == {"o", "r", "n", "w"}, hints
        for line, key in hints:
            await to_line(pilot, line)
            depth = len(app.screen_stack)
            await pilot.press(key)
            await pilot.pause()
            assert len(app.screen_stack) == depth + 1, (line, key)  # the form, picker or wizard it promises
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, GoalDetailScreen)
            shown = str(app.screen.query_one("#goal-detail-keys", Static).render())
            if keymap:  # the line of keys under the detail names the keys in effect too
                assert not re.search(r"(?:^|\s)[aelmt](?::| or )", shown), shown


async def test_a_link_typed_twice_by_hand_is_marked_in_the_detail(tmp_path: Path) -> None:
    # The rough draft's third goal lists "Open doors" twice (goals[2].links): the check warns that
    # it counts once, and the detail listed it twice as if two links.
    from tests.conftest import ROUGH_DRAFT

    path = Path(shutil.copy(ROUGH_DRAFT, tmp_path / "rough.toml"))
    goal = load(path).workbook.goals[2]
    repeated = next(link for index, link in enumerate(goal.links) if link in goal.links[:index])
    app = open_workbook(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await open_goal(pilot, goal.id)
        detail = app.screen.query_one("#goal-detail", OptionList)
        linked = [line for line, item in zip(detail_lines(app), app.screen.items)
                  if item is not None and item.kind == "link" and item.key == repeated]
        assert len(linked) == 2 and "again" not in linked[0] and "(again: counts once)" in linked[1], linked
        assert detail.option_count == len(app.screen.items)
