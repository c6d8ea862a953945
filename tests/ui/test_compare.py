"""Compare with another copy, and resolve recorded merge conflicts, in the app."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

from textual.widgets import Input, OptionList, Static

from tests.conftest import SAMPLES
from tests.ui.conftest import type_text
from tui.app import open_workbook
from tui.modals.compare import CompareScreen
from tui.modals.form import FormDialog
from tui.model.workbook import Goal, SwotItem
from tui.screens.overview import OverviewScreen
from tui.store import load, save
from tui.store.merge import merge

SIZE = (80, 24)


def rows(app) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one("#compare-list", OptionList).options]


async def highlight(pilot, app, text: str) -> None:
    view = app.screen.query_one("#compare-list", OptionList)
    view.highlighted = next(i for i, row in enumerate(rows(app)) if text in row)
    await pilot.pause()


def two_copies(tmp_path: Path) -> tuple[Path, Path]:
    mine, theirs = tmp_path / "plan.toml", tmp_path / "plan-from-anna.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", mine)
    workbook = load(mine).workbook
    workbook.meta.title = "Anna's plan"
    workbook.swot.strengths[0].weight = 1
    workbook.swot.opportunities.append(SwotItem("opp-anna01", "Reshoring of food packing lines"))
    del workbook.swot.threats[0]
    workbook.vmv.vision = workbook.vmv.vision.replace("ten people", "five people")
    save(workbook, theirs)
    return mine, theirs


async def open_compare(pilot, app, name: str) -> None:
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(app.screen, FormDialog)
    field = app.screen.query_one(Input)
    assert field.value.endswith("/")  # starts in the workbook's folder
    assert "enter: compare" in str(app.screen.query_one("#form-keys", Static).render())  # not "save"
    await type_text(pilot, name)
    await pilot.press("enter")
    await pilot.pause()


async def test_compare_lists_differences_and_takes_theirs_as_undoable_edits(tmp_path: Path) -> None:
    mine, theirs = two_copies(tmp_path)
    app = open_workbook(mine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_compare(pilot, app, theirs.name)
        assert isinstance(app.screen, CompareScreen)
        listed = rows(app)
        assert listed[0] == "Differences from plan-from-anna.toml (5)"
        assert "~ Workbook: title differs" in listed
        assert "+ SWOT opportunities: only in theirs · Reshoring of food packing lines" in listed
        assert any(r.startswith("- SWOT threats: only in mine · Chinese cobot makers") for r in listed)

        await highlight(pilot, app, "Vision and mission")
        detail = str(app.screen.query_one("#compare-detail", Static).render())
        assert "[-ten-]{+five+}" in detail

        await highlight(pilot, app, "SWOT strengths")
        detail = str(app.screen.query_one("#compare-detail", Static).render())
        assert "Mine:   4" in detail and "Theirs: 1" in detail
        await pilot.press("t")
        await pilot.pause()
        assert app.workbook.swot.strengths[0].weight == 1
        assert rows(app)[0] == "Differences from plan-from-anna.toml (4)"

        await highlight(pilot, app, "Reshoring")
        await pilot.press("t")
        await pilot.pause()
        assert app.workbook.swot.opportunities[-1].id == "opp-anna01"

        await highlight(pilot, app, "Chinese cobot")
        await pilot.press("m")  # keep mine: the threat stays, the line goes
        await pilot.pause()
        assert app.workbook.find("thr-5ct9") is not None
        assert not any("Chinese cobot" in r for r in rows(app))
        assert rows(app)[0] == "Differences from plan-from-anna.toml (2)"

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert app.dirty
        await pilot.press("ctrl+z")  # the last choice, undone
        await pilot.pause()
        assert app.workbook.find("opp-anna01") is None
        await pilot.press("ctrl+y", "ctrl+s")
        await pilot.pause()
    saved = load(mine).workbook
    assert saved.swot.strengths[0].weight == 1 and saved.find("opp-anna01") is not None
    assert saved.meta.title != "Anna's plan" and load(theirs).workbook.meta.title == "Anna's plan"


async def test_taking_everything_of_theirs_leaves_no_difference(tmp_path: Path) -> None:
    mine, theirs = two_copies(tmp_path)
    app = open_workbook(mine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_compare(pilot, app, theirs.name)
        for _ in range(5):  # the cursor stays on the next difference
            await pilot.press("t")
            await pilot.pause()
        assert rows(app)[-1] == "The two copies are the same."
    other = load(theirs).workbook
    assert app.workbook.meta.title == other.meta.title and app.workbook.vmv.vision == other.vmv.vision


async def test_taking_theirs_for_key_results_and_milestones_moved_between_goals(tmp_path: Path) -> None:
    mine = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", mine)
    workbook = load(mine).workbook
    first = workbook.goals.pop(0)  # theirs deleted the first goal, but kept its milestones elsewhere
    workbook.goals.insert(0, Goal("gol-anna01", "smart", "Anna's new goal", milestones=first.milestones[:1]))
    workbook.find("gol-w4c9").milestones += first.milestones[1:]
    workbook.find("gol-8rjx5e").key_results.append(workbook.find("gol-q8wn3").key_results.pop(0))
    theirs = tmp_path / "plan-from-anna.toml"
    save(workbook, theirs)
    app = open_workbook(mine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_compare(pilot, app, theirs.name)
        listed = rows(app)
        assert any(r.startswith("> Key results of goal 'An Acme cell") for r in listed)
        for _ in range(len(listed)):
            if rows(app)[-1] == "The two copies are the same.":
                break
            await pilot.press("t")
            await pilot.pause()
        assert rows(app)[-1] == "The two copies are the same."
        await pilot.press("escape", "ctrl+s")
        await pilot.pause()
        assert not app.dirty
    saved, other = load(mine).workbook, load(theirs).workbook  # saved: no id twice
    assert [(g.id, [m.id for m in g.milestones], [k.id for k in g.key_results]) for g in saved.goals] == [
        (g.id, [m.id for m in g.milestones], [k.id for k in g.key_results]) for g in other.goals]


async def test_a_missing_or_broken_file_is_said_and_nothing_opens(tmp_path: Path) -> None:
    mine, _ = two_copies(tmp_path)
    (tmp_path / "broken.toml").write_text("[workbook]\nschema = 'x'\n")
    app = open_workbook(mine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_compare(pilot, app, "nothing-here.toml")
        assert isinstance(app.screen, FormDialog)  # the dialog says the file is not there
        assert "there is no file" in str(app.screen.query_one("#form-error", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        await open_compare(pilot, app, "broken.toml")
        assert isinstance(app.screen, OverviewScreen)
        assert any("schema" in str(n.message) for n in app._notifications)


def merged_copy(tmp_path: Path, base, ours, theirs) -> Path:
    """The three-way merge of the copies, saved with its recorded conflicts."""
    path = tmp_path / "merged.toml"
    save(merge(base, ours, theirs).workbook, path)
    return path


async def show_conflicts(pilot) -> None:
    await pilot.pause()
    pilot.app.screen.action_conflicts()
    await pilot.pause()


async def test_recorded_conflicts_are_resolved_one_by_one(tmp_path: Path) -> None:
    base = load(SAMPLES / "acme-robotics.toml").workbook
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.meta.title, theirs.meta.title = "Ours", "Theirs"
    ours.goals[0].owner, theirs.goals[0].owner = "Ana", "Ben"
    del ours.swot.weaknesses[0]
    theirs.swot.weaknesses[0].weight = 1
    path = merged_copy(tmp_path, base, ours, theirs)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await show_conflicts(pilot)
        listed = rows(app)
        assert listed[0] == "Merge conflicts (3): ours is in the workbook now"
        assert listed[1] == "! Workbook: title changed on both sides"
        assert listed[2].startswith("! SWOT weaknesses: deleted in our copy, the other changed it · Median")
        detail = str(app.screen.query_one("#compare-detail", Static).render())
        assert 'Mine (now):  "Ours"' in detail and 'Theirs:      "Theirs"' in detail
        await pilot.press("t")
        await pilot.pause()
        assert app.workbook.meta.title == "Theirs" and len(rows(app)) == 3
        await pilot.press("m")  # ours deleted the weakness: keep that
        await pilot.pause()
        assert app.workbook.find("wea-9xk1") is None
        await pilot.press("m")  # the last one: the list closes itself
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert app.workbook.goals[0].owner == "Ana" and "conflicts" not in app.workbook.extra
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = load(path).workbook
    assert saved.meta.title == "Theirs" and "conflicts" not in saved.extra


def test_snapshot_compare(snap_compare, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    mine, theirs = two_copies(tmp_path)

    async def compare(pilot) -> None:
        await pilot.pause()
        pilot.app.push_screen(CompareScreen(load(theirs).workbook, theirs.name))
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(open_workbook(mine), terminal_size=SIZE, run_before=compare)


async def test_a_parent_conflict_names_the_goals_and_taking_a_loop_is_refused(tmp_path: Path) -> None:
    """Seen resolving ours A serves B against theirs B serves A: the detail read `Mine (now): ""`
    and `Theirs: "gol-7tz2"`, ids the app shows nowhere else; t must still refuse the loop."""
    base = load(SAMPLES / "acme-robotics.toml").workbook
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    first, second = base.goals[0], base.goals[1]
    ours.goals[0].parent, theirs.goals[1].parent = second.id, first.id
    path = merged_copy(tmp_path, base, ours, theirs)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await show_conflicts(pilot)
        detail = str(app.screen.query_one("#compare-detail", Static).render())
        assert "Mine (now):  (none)" in detail and f"Theirs:      goal {first.title[:30]}" in detail
        assert "gol-" not in detail
        await pilot.press("t")
        await pilot.pause()
        assert app.workbook.find(second.id).parent == "" and app.workbook.find(first.id).parent == second.id


def screen_text(app) -> str:
    return "\n".join("".join(segment.text for segment in strip) for strip in app.screen._compositor.render_strips())


async def test_both_sides_of_a_conflict_over_long_text_are_on_the_screen(tmp_path: Path) -> None:
    """Seen importing a reply at 80x24: for a mission changed on both sides, the detail under the
    list showed the first five lines of mine and nothing of theirs, with no way to scroll to it;
    so neither the word that differed nor their version could be seen before choosing."""
    base = load(SAMPLES / "acme-robotics.toml").workbook
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.vmv.mission, theirs.vmv.mission = "Minewards " + base.vmv.mission, "Theirwards " + base.vmv.mission
    long_text = " ".join(["A strength described at length by a careful colleague"] * 6)
    ours.swot.strengths[0].text = long_text + " ending in ours"
    theirs.swot.strengths[0].text = long_text + " ending in theirs"
    ours.goals[0].owner = "Ana " + "Maria " * 30 + "Okonjo"
    theirs.goals[0].owner = "Ben " + "Tobias " * 30 + "Okafor"
    wide = "Acme Robotics international strategy statement for manufacturing"  # few words, a long line
    ours.meta.title, theirs.meta.title = wide + " Minetitle", wide + " Theirtitle"
    path = merged_copy(tmp_path, base, ours, theirs)
    app = open_workbook(path)
    async with app.run_test(size=SIZE) as pilot:
        await show_conflicts(pilot)
        for where, mine, their in [("Workbook", "Minetitle", "Theirtitle"),
                                   ("Vision and mission", "Minewards", "Theirwards"),
                                   ("SWOT strengths", "ours", "theirs"), ("Goals", "Okonjo", "Okafor")]:
            await highlight(pilot, app, where)
            shown = screen_text(app)
            assert mine in shown and their in shown, (where, shown)


async def test_enter_on_opening_a_merged_workbook_lists_its_conflicts(tmp_path: Path) -> None:
    """Seen as a new user: the Overview said "2 merge conflicts to resolve: enter lists them" on
    its second line, with the cursor on the first, so enter opened the workbook's details."""
    base = load(SAMPLES / "acme-robotics.toml").workbook
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.meta.title, theirs.meta.title = "Ours", "Theirs"
    app = open_workbook(merged_copy(tmp_path, base, ours, theirs))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.clear_notifications()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CompareScreen) and app.screen.theirs is None
        await pilot.press("t")  # the last conflict settled: the list closes, the line goes
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("ctrl+z")  # and comes back: the cursor stays where the user left it
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)


async def test_copies_that_differ_only_in_a_comment_are_compared_and_theirs_taken(tmp_path: Path) -> None:
    """A comment Anna wrote by hand is a difference of its own (docs/format.md, Comments): listed
    with '#', shown line by line, taken with t as an undoable edit, and saved with the file."""
    mine, theirs = tmp_path / "plan.toml", tmp_path / "plan-from-anna.toml"
    shutil.copy(SAMPLES / "acme-robotics.toml", mine)
    text = mine.read_text(encoding="utf-8")
    first = text.index("[[swot.strengths]]")
    theirs.write_text(text[:first] + "# Anna: our best one?\n" + text[first:], encoding="utf-8")
    app = open_workbook(mine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_compare(pilot, app, theirs.name)
        listed = rows(app)
        assert listed[0] == "Differences from plan-from-anna.toml (1)", listed
        assert listed[1].startswith("# SWOT strengths: comment above it differs"), listed
        await highlight(pilot, app, "comment above it")
        assert "# Anna: our best one?" in str(app.screen.query_one("#compare-detail", Static).render())
        await pilot.press("t")
        await pilot.pause()
        assert rows(app)[-1] == "The two copies are the same."
        await pilot.press("escape", "ctrl+s")
        await pilot.pause()
    assert "\n# Anna: our best one?\n[[swot.strengths]]\n" in mine.read_text(encoding="utf-8")
