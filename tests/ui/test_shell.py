"""The app shell: opening files, sections, global keys, save, quit, undo, help, palette."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import OptionList, Static, TextArea

from tests.conftest import SAMPLES
from tests.ui.conftest import palette_search
from tests.ui.test_focus_visible import plain_lines
from tui.app import StratbookApp, open_workbook
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import FormDialog
from tui.modals.help import HelpScreen
from tui.model.edits import Insert, SetFields
from tui.model.workbook import Value
from tui.screens.error import LoadErrorScreen
from tui.screens.sections import SECTIONS
from tui.store import load
from tui.widgets.footer import ShownKey, SteadyFooter
from tui.widgets.header import SHORT_TITLES

SIZE = (80, 24)


def screen_text(app: StratbookApp) -> str:
    """Everything the current screen shows, as plain text."""
    return "\n".join(
        str(widget.render()) for widget in app.screen.query(Static)
    )


async def test_opens_a_sample_with_title_and_file_in_the_header(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = str(app.screen.query_one("WorkbookHeader").render())
        assert "Acme Robotics: strategy 2027-2029" in header
        assert "acme.toml" in header
        assert "unsaved" not in header


async def test_a_missing_file_starts_a_new_workbook_written_on_first_save(tmp_path: Path) -> None:
    target = tmp_path / "fresh.toml"
    app = open_workbook(target, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not target.exists()
        app.apply(SetFields("vmv", {"vision": "Clean water for every village"}))
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert load(target).workbook.vmv.vision == "Clean water for every village"


async def test_a_broken_file_shows_every_problem_and_is_not_touched(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    original = b'[workbook]\nschema = 1\n[[goals]]\nid = "gol-1"\nstatus = "maybe"\n'
    broken.write_bytes(original)
    app = open_workbook(broken, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
        shown = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        assert any("goals[0].id" in line and ":4:" in line for line in shown)
        assert any("goals[0].status" in line and "maybe" in line for line in shown)
        from textual.widgets._footer import FooterKey

        footer = [key.description for key in app.screen.query(FooterKey)]
        assert footer.count("Quit") == 1, footer  # it showed "q Quit ^q Quit"
        await pilot.press("3", "ctrl+s")  # workbook keys are off on the error screen
        assert isinstance(app.screen, LoadErrorScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert broken.read_bytes() == original


def _broken_with_editor(tmp_path: Path, monkeypatch, name: str, body: str) -> tuple[Path, Path]:
    """A file that cannot be opened (BROKEN_GOAL), and $EDITOR: a script named `name` (vim takes
    +LINE) that writes its arguments to the second path given back, then runs `body` on the file
    (its last argument)."""
    broken = tmp_path / "plan.toml"
    broken.write_bytes(BROKEN_GOAL)
    script = tmp_path / "bin" / name
    script.parent.mkdir()
    script.write_text(f'#!/bin/sh\necho "$@" > "{tmp_path}/args.txt"\nfor f; do :; done\n{body}\n', encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    return broken, tmp_path / "args.txt"


BROKEN_GOAL = b'[workbook]\nschema = 1\ntitle = "Plan"\n\n[[goals]]\nid = "gol-k3m9"\ntitle = "Grow"\nstatus = "maybe"\n'


async def test_e_on_a_broken_file_edits_it_at_the_first_problem_and_opens_it_once_it_opens(
        tmp_path: Path, monkeypatch, private_config: Path) -> None:
    # A file that came back by email with a mistake could only be fixed outside the app, and
    # opened again by hand: now, as `crontab -e` does, edit, check, and edit again.
    from tui.app import REOPEN

    broken, args = _broken_with_editor(tmp_path, monkeypatch, "vim", """sed -i 's/"maybe"/"active"/' "$f" """)
    app = open_workbook(broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
        await pilot.press("e")
        await pilot.pause()
    assert args.read_text().split() == ["+8", str(broken)]  # at the line of the status
    assert app.return_value == REOPEN  # run_app starts again on the file, which now opens
    assert load(broken).workbook.goals[0].status == "active"


async def test_e_on_a_file_still_broken_lists_what_is_wrong_now(tmp_path: Path, monkeypatch,
                                                                 private_config: Path) -> None:
    broken, args = _broken_with_editor(tmp_path, monkeypatch, "my-editor",
                                       """sed -i 's/"maybe"/"active"/; s/gol-k3m9/goal 1/' "$f"; exit 3""")
    app = open_workbook(broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert args.read_text().split() == [str(broken)]  # an editor not known to take +LINE
        assert isinstance(app.screen, LoadErrorScreen)
        shown = [str(option.prompt) for option in app.screen.query_one(OptionList).options]
        assert any("goals[0].id" in line for line in shown) and not any("maybe" in line for line in shown), shown
        assert any("still cannot be opened" in str(n.message) for n in app._notifications)
        assert any("ended with status 3" in str(n.message) for n in app._notifications)  # it failed: said
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


def test_run_app_starts_again_on_the_file_while_the_app_asks_to(monkeypatch, tmp_path: Path) -> None:
    from tui import app as app_module

    ends = ["reopen", "reopen", 3]
    opened: list[Path] = []

    def run_once(path):
        opened.append(path)
        return ends.pop(0)

    monkeypatch.setattr(app_module, "_run_once", run_once)
    monkeypatch.setattr("tui.terminal.fix_terminal_input", lambda: None)
    assert app_module.run_app(tmp_path / "plan.toml") == 3
    assert opened == [tmp_path / "plan.toml"] * 3


async def test_a_newer_schema_opens_read_only_and_refuses_edits_and_saves(tmp_path: Path) -> None:
    newer = tmp_path / "newer.toml"
    original = b'[workbook]\nschema = 7\ntitle = "From the future"\n[hologram]\nbeam = 1\n'
    newer.write_bytes(original)
    app = open_workbook(newer, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.read_only
        assert "READ-ONLY" in str(app.screen.query_one("WorkbookHeader").render())
        assert not app.apply(SetFields("vmv", {"vision": "x"}))
        assert any("newer Stratbook" in str(n.message) for n in app._notifications)
        assert app.workbook.vmv.vision == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert newer.read_bytes() == original


async def test_a_read_only_workbook_does_not_take_typing_it_cannot_keep(tmp_path: Path) -> None:
    newer = tmp_path / "newer.toml"
    newer.write_text((Path(__file__).parents[2] / "samples" / "acme-robotics.toml").read_text(encoding="utf-8")
                     .replace("schema = 1", "schema = 2", 1), encoding="utf-8")
    app = open_workbook(newer, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.read_only
        vision = app.workbook.vmv.vision
        await pilot.press("v", *"XYZ", "escape")
        await pilot.pause()
        assert app.screen.query_one("#vision", TextArea).text == vision  # the box took nothing
        await pilot.press("a")  # a value's form does not open
        await pilot.pause()
        assert not isinstance(app.screen, FormDialog)
        await pilot.press("3", "a")  # nor the SWOT add box
        await pilot.pause()
        assert not app.screen.query_one("#swot-input").display
        await pilot.press("5", "a")  # nor the goal wizard
        await pilot.pause()
        assert type(app.screen).__name__ == "GoalsScreen"
        await pilot.press("slash")  # a filter is not an edit: it opens
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        assert sum("Read-only" in str(n.message) for n in app._notifications) >= 2


async def test_number_keys_switch_sections_and_the_bar_marks_the_current_one(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # leave the vision text box so digits are keys, not text
        for section in SECTIONS:
            await pilot.press(section.key)
            await pilot.pause()
            assert app.current_mode == section.mode
            assert getattr(app.screen, "SECTION", None) == section.mode
            bar = str(app.screen.query_one("SectionBar").render())
            assert f" {section.key} {section.title} " in bar
            # at 80 columns every other section is named too, if shortened, not just its key
            assert all(f" {other.key} {SHORT_TITLES.get(other.title, other.title)} " in bar
                       for other in SECTIONS if other is not section), (section.mode, bar)


async def test_digits_typed_in_a_text_box_are_text_not_section_keys(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v")  # into the vision box
        assert isinstance(app.focused, TextArea)
        await pilot.press("home", "3")
        assert app.current_mode == "vmv"
        assert app.workbook.vmv.vision.startswith("3A world")


async def test_save_writes_the_edit_and_clears_the_unsaved_marker(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("v", "home", *"Bold: ")
        await pilot.pause()
        assert app.dirty
        assert "unsaved" in str(app.screen.query_one("WorkbookHeader").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
        assert "unsaved" not in str(app.screen.query_one("WorkbookHeader").render())
    reloaded = load(sample_copy).workbook
    assert reloaded.vmv.vision.startswith("Bold: A world")
    assert reloaded.meta.updated is not None


async def test_undo_and_redo_across_kinds_of_edit(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        workbook = app.workbook
        names = [v.name for v in workbook.vmv.values]
        await pilot.press("escape")  # to the values list
        await pilot.press("a", *"Courage", "enter")  # add
        await pilot.pause()
        await pilot.press("K")  # move up
        await pilot.press("e", "ctrl+u", *"Bravery", "enter")  # change
        await pilot.pause()
        await pilot.press("d")  # delete
        await pilot.pause()
        assert [v.name for v in workbook.vmv.values] == names
        rest = names[1:]
        for expected in (
            ["Bravery", "Integrity", *rest],  # the delete undone
            ["Courage", "Integrity", *rest],  # the rename undone
            ["Integrity", "Courage", *rest],  # the move undone
            names,  # the add undone
        ):
            await pilot.press("ctrl+z")
            await pilot.pause()
            assert [v.name for v in workbook.vmv.values] == expected
        # After four undos the workbook is back where it started and clean.
        assert [v.name for v in workbook.vmv.values] == names
        assert not app.dirty
        for _ in range(4):
            await pilot.press("ctrl+y")
            await pilot.pause()
        assert [v.name for v in workbook.vmv.values] == names
        assert app.dirty
        await pilot.press("ctrl+z")  # undo the delete
        await pilot.pause()
        assert "Bravery" in [v.name for v in workbook.vmv.values]
        shown = [str(o.prompt) for o in app.screen.query_one("#values", OptionList).options]
        assert any("Bravery" in line for line in shown)


async def test_quit_with_unsaved_changes_asks_and_cancel_keeps_the_app(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.apply(SetFields("vmv", {"mission": "Changed"}))
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert app.is_running
    assert load(sample_copy).workbook.vmv.mission != "Changed"


async def test_quit_and_save(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.apply(SetFields("vmv", {"mission": "Saved on the way out"}))
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert load(sample_copy).workbook.vmv.mission == "Saved on the way out"


async def test_quit_and_discard(sample_copy: Path) -> None:
    before = sample_copy.read_bytes()
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.apply(SetFields("vmv", {"mission": "Thrown away"}))
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert sample_copy.read_bytes() == before


async def test_quit_without_changes_does_not_ask(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_help_lists_section_and_global_keys(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        lines = [str(o.prompt) for o in app.screen.query_one(OptionList).options]
        text = "\n".join(lines)
        for expected in ("Add", "Edit", "Delete", "Move up", "Save", "Quit", "Undo", "Redo", "Help"):
            assert expected in text, expected
        keys = app.screen.query_one(OptionList)
        before = keys.highlighted
        await pilot.press("j")
        assert keys.highlighted is not None and keys.highlighted != before
        guide = str(app.screen.query_one("#help-guide", Static).render())
        assert all("\n" not in part for part in guide.split("\n\n"))  # wrapped once, to the help's width
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_palette_offers_every_action_and_runs_one(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for expected in ("Save (ctrl+s)", "Undo (ctrl+z)", "Redo (ctrl+y)", "Help (?)", "Edit in your editor (F2)",
                         "Add a value (a)", *[f"Go to {s.title} ({s.key})" for s in SECTIONS]):
            assert expected in titles, expected
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await palette_search(pilot, "Go to SWOT")
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "swot"


async def test_f2_edits_the_focused_text_in_an_external_editor(sample_copy: Path, monkeypatch) -> None:
    app = open_workbook(sample_copy, start="vmv")
    seen: list[str] = []

    def fake_editor(text: str) -> str:
        seen.append(text)
        return "Edited elsewhere"

    monkeypatch.setattr(app, "run_external_editor", fake_editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        original = app.workbook.vmv.vision
        await pilot.press("v", "f2")
        await pilot.pause()
        assert seen == [original]
        assert app.workbook.vmv.vision == "Edited elsewhere"
        assert app.screen.query_one("#vision", TextArea).text == "Edited elsewhere"
        await pilot.press("escape", "ctrl+z")
        await pilot.pause()
        assert app.workbook.vmv.vision == original


async def test_edits_made_elsewhere_show_when_returning_to_a_section(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape", "3")
        await pilot.pause()
        app.apply(Insert("vmv.values", 0, Value("val-zz99", "Added while away")))
        await pilot.press("2")
        await pilot.pause()
        prompts = [str(o.prompt) for o in app.screen.query_one("#values", OptionList).options]
        assert "Added while away" in prompts[0]


async def test_quit_asks_when_a_dialog_holds_typed_text(sample_copy: Path) -> None:
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("a", *"Half a value")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("c")
        await pilot.pause()
        assert app.is_running
        assert app.screen.query_one("Input").value == "Half a value"  # back in the dialog, text intact
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_footer_is_not_rebuilt_by_a_dialog_opening_and_closing(sample_copy: Path) -> None:
    # A dialog turns the workbook keys off; rebuilding the covered footer for that made
    # closing every dialog ~10 ms slower (tests/bench/bench_goals.py, "form close").
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(SteadyFooter)
        keys_before, changes_before = footer.keys, footer.changes
        assert "ctrl+s" in {key.key for key in keys_before}
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert footer.keys is keys_before and footer.changes == changes_before  # not made again
        labels_before = [(key.key, key.description) for key in keys_before]
        await pilot.press("v")  # the vision box has other keys: the footer still follows focus
        await pilot.pause()
        assert [(key.key, key.description) for key in footer.keys] != labels_before


async def test_a_footer_rebuild_that_runs_under_a_dialog_keeps_the_section_s_keys(sample_copy: Path) -> None:
    # A rebuild asked for just before a dialog opened (a key's change of keys, a new width) ran
    # under it and built the footer from the covered section's keys, all turned off: the
    # section's footer went blank under the dialog, or not, by how fast the keys came (a kept
    # form then looked unlike a new one, now and then).
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await pilot.pause()
        section = app.screen
        footer = section.query_one(SteadyFooter)
        shown = _footer_labels(_footer_keys(footer))
        assert any(key == "ctrl+s" for key, *_ in shown)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        with footer._context():
            footer.update_keys()  # late, as the dialog opened before it ran
        await pilot.pause()
        assert _footer_labels(_footer_keys(footer)) == shown
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is section
        assert _footer_labels(_footer_keys(footer)) == shown
        await pilot.press("v")  # the heat map's keys: the footer still follows the section
        await pilot.pause()
        assert _footer_labels(_footer_keys(footer)) == _fresh_footer_labels(footer) != shown


def _footer_keys(footer: SteadyFooter) -> list[ShownKey]:
    """The keys shown."""
    return footer.keys


def _footer_labels(keys: list[ShownKey]) -> list[tuple[str, str, str, bool, str, bool]]:
    return [(key.key, key.key_display, key.description, key.disabled, key.tooltip, key.palette) for key in keys]


def _fresh_footer_labels(footer: SteadyFooter) -> list[tuple[str, str, str, bool, str, bool]]:
    """What a footer worked out afresh would show (in the footer's own context)."""
    with footer._context():
        return _footer_labels(footer.wanted_keys())


async def test_the_footer_relabelled_in_place_shows_what_a_fresh_footer_would(sample_copy: Path) -> None:
    # Switching views relabels the footer's key widgets (mounting only the difference) instead
    # of building them all again: the keys shown, in order, must be what a rebuild shows, laid
    # out side by side, through views with fewer and with more keys.
    app = open_workbook(sample_copy, start="risks")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(SteadyFooter)
        seen = []
        for key in ("v", "v", "v", "v", "v"):  # keys hidden by one view are shown again by the next
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            shown = _footer_labels(_footer_keys(footer))
            seen.append(shown)
            assert shown == _fresh_footer_labels(footer)
            keys = sorted(_footer_keys(footer), key=lambda k: k.x)
            assert all(a.right <= b.x for a, b in zip(keys, keys[1:]))
            line = plain_lines(app)[-1]
            assert all(line[k.x + k.palette:k.right] == k.label for k in keys), line  # each where it is said to be
        assert seen[0] != seen[1] and seen[0] == seen[2]  # the map's keys, then the register's


async def test_every_sections_footer_fits_80_columns_with_help_showing(sample_copy: Path) -> None:
    # Keys cut off at the right edge hid "? Help", the one key that lists all the others.
    app = open_workbook(sample_copy, start="overview")
    async with app.run_test(size=SIZE) as pilot:
        for keys in ("1", "2", "3", "t", "4", "5", "enter", "6"):
            await pilot.press(keys)
            await pilot.pause()
            footer = app.screen.query_one(SteadyFooter)
            shown = [key for key in footer.keys if not key.palette]
            palette = next(key for key in footer.keys if key.palette)
            assert "question_mark" in {key.key for key in shown}, keys
            assert all(key.right <= palette.x for key in shown), (keys, [k.key for k in shown])


async def test_stacked_answers_start_in_one_column(sample_copy: Path) -> None:
    from textual.widgets import Button

    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("J", "ctrl+q")  # a change, then quit: three answers, one per line
        await pilot.pause()
        buttons = list(app.screen.query(Button))
        assert len(buttons) == 3 and len({button.region.x for button in buttons}) == 1
        # A short answer is not centred in a wider button: its label starts where the others do.
        assert all(button.region.width == len(str(button.label)) + 2 for button in buttons)


async def test_a_file_that_cannot_be_opened_says_where_unsaved_work_waits(tmp_path: Path) -> None:
    # Found from outside: a hang-up said "unsaved work kept in .plan.toml.recovery. Open plan.toml
    # again to restore it"; the file, since broken by a hand edit, opened on the error screen,
    # which said nothing of the work kept.
    from tui.store import recovery
    from tui.store.problems import WorkbookError

    plan = tmp_path / "plan.toml"
    shutil.copyfile(SAMPLES / "acme-robotics.toml", plan)
    workbook = load(plan).workbook
    workbook.vmv.mission = "Typed before the hang-up"
    kept = recovery.write_recovery(workbook, plan)
    plan.write_text(plan.read_text(encoding="utf-8").replace('status = "active"', 'status = "maybe"', 1),
                    encoding="utf-8")
    with pytest.raises(WorkbookError):
        load(plan)
    app = open_workbook(plan)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
        summary = str(app.screen.query_one("#error-summary").render())
        assert "Unsaved work from an earlier session is kept in" in summary and kept.name in summary
    assert kept.exists()  # kept for when the file opens


async def test_a_pipe_in_the_workbook_s_place_is_not_offered_to_the_editor(tmp_path: Path, monkeypatch) -> None:
    # Found from outside: a FIFO opened as the workbook gave the error screen, which offered e;
    # e started vi on the pipe, which waited on it for good with the app's terminal.
    import os

    from textual.widgets._footer import FooterKey

    called = tmp_path / "editor-called"
    script = tmp_path / "editor"
    script.write_text(f"#!/bin/sh\ntouch {called}\n", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    pipe = tmp_path / "plan.toml"
    os.mkfifo(pipe)
    app = open_workbook(pipe)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
        assert "Edit the file" not in [key.description for key in app.screen.query(FooterKey)]
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
    assert not called.exists()
