"""The config file in the app: remapped keys work (and the old ones stop), `?` shows the keys in
effect with each binding's id, a bad config is one message and the app still opens, NO_COLOR
picks the monochrome theme, and the README lists every binding id the code declares."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.conftest import ROOT
from tests.ui.conftest import wait_until
from tui.app import open_workbook
from tui.cli import main
from tui.keymap import binding_ids, readme_table
from tui.modals.help import HelpScreen
from tui.screens.swot import SwotScreen
from tui.store.config import MONOCHROME

SIZE = (100, 30)


def write_config(folder: Path, text: str) -> Path:
    path = folder / "stratbook" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


async def test_a_remapped_key_works_the_old_one_does_not_and_help_shows_it(sample_copy: Path,
                                                                           private_config: Path) -> None:
    write_config(private_config, '[keys]\n"swot.add" = "i"\n"app.save" = "ctrl+w,f10"\n"app.help" = "f1"\n')
    app = open_workbook(sample_copy)
    before = sample_copy.read_bytes()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape", "3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SwotScreen)
        box = screen.query_one("#swot-input", Input)
        await pilot.press("a")  # the old key: nothing
        await pilot.pause()
        assert app.focused is not box
        await pilot.press("i")  # the new one opens the add box
        await pilot.pause()
        assert app.focused is box
        await pilot.press(*"Remapped", "enter", "escape")
        await pilot.pause()
        assert any(item.text == "Remapped" for item in app.workbook.swot.strengths)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert sample_copy.read_bytes() == before and app.dirty  # ctrl+s saves no more
        await pilot.press("f10")
        await wait_until(pilot, lambda: not app.dirty)
        assert b"Remapped" in sample_copy.read_bytes()
        await pilot.press("question_mark")  # no longer help
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = {description: key for _, entries in app.screen.groups for key, description in entries}
        add = next(d for d in keys if d.endswith("[swot.add]"))
        save = next(d for d in keys if d.endswith("[app.save]"))
        assert keys[add] == "i" and keys[save] == "^w, F10"
        assert "[swot.edit]" in " ".join(keys)  # every binding shows its id, remapped or not


async def test_the_palette_names_the_remapped_keys(sample_copy: Path, private_config: Path) -> None:
    write_config(private_config, '[keys]\n"app.save" = "f10"\n')
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Save (F10)" in titles and "Save (ctrl+s)" not in titles


async def test_a_bad_config_is_one_message_and_the_app_opens_with_defaults(sample_copy: Path,
                                                                           private_config: Path) -> None:
    path = write_config(private_config, 'theme = "no-such-theme"\nascii = "yes"\n[keys]\n"swot.ad" = "i"\n'
                                        '"swot.edit" = "m"\n')
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [note] = [n for n in app._notifications if n.title.startswith("Config")]
        for where in (f"{path}:1: warning: theme", f"{path}:2: warning: ascii", f'{path}:4: warning: keys."swot.ad"',
                      f'{path}:5: warning: keys."swot.edit"'):
            assert where in note.message
        assert "did you mean swot.add?" in note.message
        assert app.theme == "textual-dark" and not app.ascii
        await pilot.press("escape", "3")
        await pilot.pause()
        await pilot.press("e")  # swot.edit kept its default key: e still edits
        await pilot.pause()
        assert app.screen.is_modal


async def test_invalid_toml_is_one_message_and_every_default(sample_copy: Path, private_config: Path) -> None:
    path = write_config(private_config, '[keys]\n"swot.add" = \n')
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        [note] = [n for n in app._notifications if n.title.startswith("Config")]
        assert f"{path}:2:" in note.message and "not valid TOML" in note.message
        assert app._keymap == {}


async def test_no_color_picks_monochrome_unless_the_config_names_a_theme(sample_copy: Path, private_config: Path,
                                                                         monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == MONOCHROME and app.no_color
        # No colour reaches the terminal: the filter that gives every cell the terminal's own colours.
        assert any(type(f).__name__ == "NoColor" for f in app.get_line_filters())
    write_config(private_config, 'theme = "dracula"\n')
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "dracula"
    monkeypatch.setenv("NO_COLOR", "")  # empty: not set (no-color.org)
    write_config(private_config, "")
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark" and not app.no_color
        assert not any(type(f).__name__ in ("Monochrome", "NoColor") for f in app.get_line_filters())


def test_the_readme_lists_every_binding_id(capsys) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_table() in readme, "the README's binding ids are stale: run `python -m tui.keymap --readme`"
    assert len(binding_ids()) > 100


def test_stratbook_config_prints_the_path_and_the_effective_settings(capsys, private_config: Path,
                                                                    monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", "nano")
    monkeypatch.delenv("VISUAL", raising=False)
    path = write_config(private_config, 'name = "Ada"\nascii = true\n[keys]\n"swot.add" = "i"\n')
    assert main(["config"]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == f"# {path}"
    assert 'name = "Ada"  # config' in lines and "ascii = true  # config" in lines
    assert 'editor = "nano"  # $EDITOR' in lines and '"swot.add" = "i"' in lines
    assert err == ""
    write_config(private_config, 'name = 3\n[keys]\n"swot.add" = "e"\n')
    assert main(["config", "--keys"]) == 1
    out, err = capsys.readouterr()
    assert f"{path}:1: warning: name: should be a string" in err
    assert f'{path}:3: warning: keys."swot.add": e is already swot.edit\'s key' in err
    assert '# "swot.add" = "a"  # Add' in out.splitlines()  # --keys: every binding with the keys in effect


ADD_IDS = ("swot.add", "swot.tows.add", "goals.add", "vmv.add", "risks.add", "forces.add", "forces.ansoff.add",
           "tactics.add", "pestle.add")


async def test_the_hints_of_empty_lists_name_the_remapped_key(tmp_path: Path, private_config: Path) -> None:
    """"Press a to add the first one" after `"swot.add" = "i"`: the hint names a key that does nothing."""
    import re

    from tests.ui.test_ascii import screen_lines

    write_config(private_config, "[keys]\n" + "".join(f'"{i}" = "f9"\n' for i in ADD_IDS))
    app = open_workbook(tmp_path / "new.toml")
    old = re.compile(r"\b[Pp]ress a\b|(^|\s)a adds\b")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for keys in [("2",), ("3",), ("3", "t"), ("4",), ("5",), ("8",), ("9",), ("9", "x")]:
            await pilot.press("escape", "escape", *keys)
            await pilot.pause()
            lines = screen_lines(app)
            assert not [line for line in lines if old.search(line)], (keys, "\n".join(lines))
            assert any(re.search(r"\b[Pp]ress F9\b|F9 adds", line) for line in lines), (keys, "\n".join(lines))


async def test_the_marked_items_hint_names_the_remapped_keys(sample_copy: Path, private_config: Path) -> None:
    """"2 marked: d m + - e act on them; U unmarks" after `"swot.delete" = "x"`: d did nothing."""
    from tests.ui.test_ascii import screen_lines

    write_config(private_config, '[keys]\n"swot.delete" = "x"\n"swot.unmark" = "f8"\n"tactics.status" = "f7"\n'
                                 '"goals.delete" = "f6"\n"risks.status" = "f5"\n"pestle.unmark" = "f3"\n')
    app = open_workbook(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for section, wanted in [("3", "x m + - e act on them; F8 unmarks"), ("6", "d m F7 space e act on them"),
                                ("5", "F6 s e act on them"), ("8", "d F5 act on them"), ("4", "F3 unmarks")]:
            await pilot.press("escape", "escape", section)
            await pilot.pause()
            await pilot.press("down", "asterisk")
            await pilot.pause()
            text = "\n".join(screen_lines(app))
            assert wanted in text, (section, text)


def test_config_keys_output_is_itself_a_config_that_reads_back_the_same(private_config: Path, capsys) -> None:
    """`stratbook config --keys > config.toml`: a remapped id was listed twice under [keys]
    (invalid TOML: every setting fell back to its default)."""
    import tomli

    path = write_config(private_config, 'name = "Ada"\ntheme = "nord"\n[keys]\nswot.add = "i"\n"app.save" = "f10"\n')
    assert main(["config", "--keys"]) == 0
    out, _ = capsys.readouterr()
    assert tomli.loads(out)["keys"] == {"swot.add": "i", "app.save": "f10"}
    path.write_text(out, encoding="utf-8")
    assert main(["config", "--keys"]) == 0
    again, err = capsys.readouterr()
    assert err == "" and tomli.loads(again) == tomli.loads(out)
    assert '# "swot.delete" = "d,delete"  # Delete' in out.splitlines()
