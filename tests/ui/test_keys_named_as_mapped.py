"""Messages and labels name the keys in effect: with save on ctrl+w, undo on F9, the editor on
F3, the review on F6 and a form's new line on ctrl+b, nothing says ctrl+s, ctrl+z, F2, F5 or
ctrl+j (the lock takeover said "... so ctrl+s offers a copy or a comparison" after save was
moved). The source scan is tests/unit/test_keys_named_as_mapped.py."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import OptionList, Static

from tests.ui.test_config_ui import write_config
from tests.ui.test_file_life import _notes, _settle, _take_over, other_holder  # noqa: F401 (a fixture)
from tui.app import open_workbook
from tui.modals.form import FormDialog
from tui.modals.help import HelpScreen
from tui.store import lock

SIZE = (100, 30)
KEYS = ('[keys]\n"app.save" = "ctrl+w,f10"\n"app.undo" = "f9"\n"app.editor" = "f3"\n"app.review" = "f6"\n'
        '"form.long.newline" = "ctrl+b"\n')
DEFAULTS = ("ctrl+s", "ctrl+z", "F2", "F5", "ctrl+j")


def _text(app) -> str:
    lists = [str(option.prompt) for view in app.screen.query(OptionList) for option in view.options]
    return "\n".join([*(str(widget.render()) for widget in app.screen.query(Static)), *lists])


async def test_the_lock_takeover_names_the_save_key_in_effect(sample_copy: Path, private_config: Path,
                                                              other_holder) -> None:
    write_config(private_config, KEYS)
    app = open_workbook(sample_copy, start="vmv")
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        assert lock.read_lock(sample_copy).pid
        _take_over(sample_copy, other_holder)
        app.file.watch()
        await _settle(pilot)
        assert "so ctrl+w offers a copy or a comparison" in _notes(app)
        assert "ctrl+s" not in _notes(app)


async def test_messages_keys_lines_and_the_guide_name_the_remapped_keys(sample_copy: Path,
                                                                        private_config: Path) -> None:
    write_config(private_config, KEYS)
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        overview = _text(app)
        assert "F6 reviews them" in overview  # the Overview's check-ins line
        await pilot.press("3")  # SWOT: delete an item without links
        await pilot.pause()
        item = next(i for i in app.workbook.swot.weaknesses)
        app.screen.focus_item(item.id)
        await pilot.press("d")
        await pilot.pause()
        if not app._notifications:  # it asked first (its links): delete and unlink
            assert "F9 undoes it all." in _text(app)
            await pilot.press("u")
            await pilot.pause()
        assert any("F9 brings it back" in n.message for n in app._notifications)
        await pilot.press("e")  # a form with a long text: its keys line
        await pilot.pause()
        assert isinstance(app.screen, FormDialog)
        keys_line = str(app.screen.query_one("#form-keys").render())
        assert "ctrl+b: new line" in keys_line and "F3: editor" in keys_line
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        guide = _text(app)
        assert "one F9 undoes it" in guide
        said = "\n".join([overview, keys_line, guide, *(n.message for n in app._notifications)])
        assert not any(key in said for key in DEFAULTS), said


async def test_function_keys_are_written_f1_to_f12_in_the_footer_the_palette_and_the_keys_list(
        sample_copy: Path, private_config: Path) -> None:
    # As the keys lines and messages write them (F2: editor): Textual's own display is "f10".
    write_config(private_config, '[keys]\n"app.save" = "f10"\n')
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = " ".join(key.key_display for key in app.screen.query_one("SteadyFooter").keys)
        assert "F10" in footer and "f10" not in footer, footer
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Save (F10)" in commands and "Edit in your editor (F2)" in commands, commands
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = _text(app)
        assert "F10" in shown and "F2" in shown
        assert not re.search(r"(?<![\w])f(1[0-2]|[1-9])\b", shown), shown
