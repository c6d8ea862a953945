"""The user's config file, read and checked without the UI: every kind of bad entry is one
problem naming the file, the line and the entry, and only that entry falls back to its default."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tui.store.config import (DEFAULT_THEME, MONOCHROME, Bound, Settings, ascii_wanted, check_keys, check_theme,
                              config_path, describe, editor_command, effective_theme, entry_line, is_key,
                              read_config, sendmail_command, user_name)

BINDINGS = [
    Bound("swot.add", ("a",), "SwotScreen", "add"),
    Bound("swot.edit", ("e",), "SwotScreen", "edit"),
    Bound("swot.move", ("m",), "SwotScreen", "move"),
    Bound("", ("up",), "SwotScreen", "cursor_up"),  # Textual's own: no id, but it owns its key
    Bound("app.save", ("ctrl+s",), "StratbookApp", "save"),
    Bound("app.quit", ("ctrl+q",), "StratbookApp", "quit"),
]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stratbook" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_path_follows_xdg_config_home_else_the_home_folder(tmp_path: Path) -> None:
    assert config_path({"XDG_CONFIG_HOME": str(tmp_path)}) == tmp_path / "stratbook" / "config.toml"
    home = Path("~").expanduser()
    assert config_path({}) == home / ".config" / "stratbook" / "config.toml"
    assert config_path({"XDG_CONFIG_HOME": "relative/dir"}) == home / ".config" / "stratbook" / "config.toml"


def test_no_file_is_every_default_without_a_problem(tmp_path: Path) -> None:
    config = read_config(tmp_path / "missing.toml")
    assert (config.exists, config.settings, config.problems) == (False, Settings(), [])


def test_a_good_file_gives_every_setting(tmp_path: Path) -> None:
    path = write(tmp_path, 'theme = "monochrome"\nascii = true\nname = "Ada Lovelace"\neditor = "vim -u NONE"\n'
                           'sendmail = "msmtp -t"\n[keys]\n"swot.add" = "i"\n"app.save" = "ctrl+w, f10"\n')
    config = read_config(path)
    assert config.problems == []
    assert config.settings == Settings("monochrome", True, "Ada Lovelace", "vim -u NONE", "msmtp -t",
                                       {"swot.add": "i", "app.save": "ctrl+w,f10"})
    keymap, problems = check_keys(config, BINDINGS)
    assert (keymap, problems) == ({"swot.add": "i", "app.save": "ctrl+w,f10"}, [])


def test_invalid_toml_names_file_and_line_and_uses_every_default(tmp_path: Path) -> None:
    path = write(tmp_path, 'name = "Ada"\n[keys]\n"swot.add" = \n')
    config = read_config(path)
    assert config.settings == Settings()
    [problem] = config.problems
    assert problem.file == str(path) and problem.line == 3
    assert problem.format().startswith(f"{path}:3:")
    assert "not valid TOML" in problem.message and "defaults used" in problem.message


@pytest.mark.parametrize("text, entry, line, words", [
    ('name = "Ada"\nascii = "yes"\n', "ascii", 2, "true or false"),
    ('theme = 3\n', "theme", 1, "should be a string"),
    ('name = ["Ada"]\n', "name", 1, "should be a string"),
    ('name = "Ada\\u001b]0;x"\n', "name", 1, "control characters"),
    ('colour = "red"\n', "colour", 1, "unknown setting"),
    ('keys = "i"\n', "keys", 1, "should be a table"),
    ('[keys]\n"swot.add" = 3\n', 'keys."swot.add"', 2, "string of keys"),
    ('[keys]\n"swot.add" = "ctrl+"\n', 'keys."swot.add"', 2, "is not a key"),
    ('[keys]\n"swot.add" = "hyperdrive"\n', 'keys."swot.add"', 2, "is not a key"),
    ('[keys]\n"swot.add" = ""\n', 'keys."swot.add"', 2, "no key given"),
])
def test_a_wrong_type_or_unknown_entry_is_one_problem_and_that_default(tmp_path: Path, text, entry, line,
                                                                      words) -> None:
    path = write(tmp_path, 'editor = "nano"\n' + text)
    config = read_config(path)
    [problem] = config.problems
    assert (problem.path, problem.line, problem.file) == (entry, line + 1, str(path))
    assert words in problem.message
    assert config.settings.editor == "nano"  # the rest of the file still counts
    assert "swot.add" not in config.settings.keys


def test_an_unknown_binding_id_is_named_with_the_nearest_one(tmp_path: Path) -> None:
    config = read_config(write(tmp_path, '[keys]\n"swot.ad" = "i"\n"app.save" = "f10"\n'))
    keymap, problems = check_keys(config, BINDINGS)
    assert keymap == {"app.save": "f10"}
    [problem] = problems
    assert problem.path == 'keys."swot.ad"' and problem.line == 2
    assert "did you mean swot.add?" in problem.message


def test_a_key_that_clashes_in_its_scope_keeps_the_default(tmp_path: Path) -> None:
    config = read_config(write(tmp_path, '[keys]\n"swot.add" = "i"\n"swot.edit" = "m"\n"app.save" = "ctrl+q"\n'))
    keymap, problems = check_keys(config, BINDINGS)
    assert keymap == {"swot.add": "i"}
    by_entry = {p.path: p for p in problems}
    assert set(by_entry) == {'keys."swot.edit"', 'keys."app.save"'}
    assert "m is already swot.move's key in SwotScreen" in by_entry['keys."swot.edit"'].message
    assert by_entry['keys."swot.edit"'].line == 3
    assert "app.quit" in by_entry['keys."app.save"'].message


def test_textual_s_own_keys_clash_too_and_a_freed_key_does_not(tmp_path: Path) -> None:
    config = read_config(write(tmp_path, '[keys]\n"swot.add" = "up"\n'))
    _, [problem] = check_keys(config, BINDINGS)
    assert "cursor_up" in problem.message
    # Swapping two keys in one config is no clash: each binding leaves the key the other takes.
    swap = read_config(write(tmp_path, '[keys]\n"swot.add" = "e"\n"swot.edit" = "a"\n'))
    assert check_keys(swap, BINDINGS) == ({"swot.add": "e", "swot.edit": "a"}, [])
    # Two entries bringing the same new key: both stay as they were.
    both = read_config(write(tmp_path, '[keys]\n"swot.add" = "x"\n"swot.edit" = "x"\n'))
    keymap, problems = check_keys(both, BINDINGS)
    assert keymap == {} and len(problems) == 2


def test_the_same_key_in_another_scope_is_no_clash(tmp_path: Path) -> None:
    config = read_config(write(tmp_path, '[keys]\n"swot.add" = "ctrl+s"\n'))
    assert check_keys(config, BINDINGS) == ({"swot.add": "ctrl+s"}, [])


def test_an_unknown_theme_is_named_and_the_default_used(tmp_path: Path) -> None:
    config = read_config(write(tmp_path, 'theme = "dracul"\n'))
    theme, [problem] = check_theme(config, ["dracula", "monochrome", "textual-dark"])
    assert theme == "" and problem.line == 1 and problem.path == "theme"
    assert "did you mean dracula?" in problem.message
    assert effective_theme(theme, {}) == (DEFAULT_THEME, "default")


def test_no_color_picks_monochrome_unless_the_config_names_a_theme() -> None:
    assert effective_theme("", {"NO_COLOR": "1"}) == (MONOCHROME, "NO_COLOR")
    assert effective_theme("", {"NO_COLOR": ""}) == (DEFAULT_THEME, "default")  # no-color.org: empty is unset
    assert effective_theme("dracula", {"NO_COLOR": "1"}) == ("dracula", "config")


def test_ascii_as_the_config_says_else_on_the_linux_console() -> None:
    assert ascii_wanted(Settings(), {"TERM": "linux"}) is True
    assert ascii_wanted(Settings(), {"TERM": "xterm-256color"}) is False
    assert ascii_wanted(Settings(ascii=False), {"TERM": "linux"}) is False
    assert ascii_wanted(Settings(ascii=True), {"TERM": "xterm"}) is True


def test_the_config_comes_first_then_the_environment() -> None:
    environ = {"STRATBOOK_NAME": "Env Name", "VISUAL": "emacs", "EDITOR": "nano", "STRATBOOK_SENDMAIL": "msmtp"}
    own = Settings(name="Ada", editor="vim", sendmail="sendmail -oi -t")
    assert (user_name(own, environ), editor_command(own, environ), sendmail_command(own, environ)) == (
        "Ada", "vim", "sendmail -oi -t")
    assert (user_name(Settings(), environ), editor_command(Settings(), environ),
            sendmail_command(Settings(), environ)) == ("Env Name", "emacs", "msmtp")
    assert editor_command(Settings(), {"EDITOR": "nano"}) == "nano"
    assert editor_command(Settings(), {}) == "vi"
    assert sendmail_command(Settings(), {}) == "sendmail -t -i"


def test_describe_says_each_setting_and_where_it_comes_from(tmp_path: Path) -> None:
    config = read_config(write(tmp_path, 'name = "Ada"\n[keys]\n"swot.add" = "i"\n'))
    lines = describe(config, "", {"swot.add": "i"}, {"NO_COLOR": "1", "EDITOR": "nano", "TERM": "linux"})
    assert lines[:5] == ['theme = "monochrome"  # NO_COLOR', "ascii = true  # TERM=linux", 'name = "Ada"  # config',
                         'editor = "nano"  # $EDITOR', 'sendmail = "sendmail -t -i"  # default']
    assert '"swot.add" = "i"' in lines


def test_entry_line_finds_entries_in_tables_and_dotted_keys() -> None:
    text = 'theme = "x"\n# a comment\n[keys]\n"swot.add" = "i"\n app.save = "f10"\n'
    assert entry_line(text, "theme") == 1
    assert entry_line(text, "swot.add", "keys") == 4
    assert entry_line(text, "app.save", "keys") == 5
    assert entry_line('keys."swot.add" = "i"\n', "swot.add", "keys") == 1
    assert entry_line(text, "nothing") is None


def test_named_keys_are_textual_s_names() -> None:
    from textual.keys import Keys, _character_to_key

    from tui.store.config import NAMED_KEYS

    textual = {key.value for key in Keys} | {_character_to_key(c) for c in string.punctuation}
    assert NAMED_KEYS - {"space"} <= textual | {f"f{n}" for n in range(1, 25)}


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=40))
def test_reading_any_text_never_raises(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "config.toml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        config = read_config(path)
        for problem in config.problems:
            assert problem.format()
        check_keys(config, BINDINGS)


def test_is_key() -> None:
    for good in ("i", "?", "question_mark", "ctrl+w", "f10", "shift+up", "ctrl+shift+f1", "J", "plus"):
        assert is_key(good), good
    for bad in ("", "ctrl+", "+", "hyperdrive", "ctrl+hyperdrive", "foo+a", " "):
        assert not is_key(bad), bad


def test_a_config_that_is_not_a_regular_file_is_refused_without_blocking(tmp_path: Path) -> None:
    """A FIFO blocks open() until a writer comes: the app must start anyway, with a warning."""
    import os
    import threading
    path = tmp_path / "stratbook" / "config.toml"
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    result: list = []
    reader = threading.Thread(target=lambda: result.append(read_config(path)), daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # unblock the reader so that the test run can end
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(5)
        raise AssertionError("reading a FIFO config blocked")
    [config] = result
    assert config.settings == Settings()
    [problem] = config.problems
    assert problem.file == str(path) and "not a regular file" in problem.message


PRIORITY_BINDINGS = [
    *(b for b in BINDINGS if b.id != "app.quit"),
    Bound("app.quit", ("ctrl+q",), "StratbookApp", "quit", priority=True),
    Bound("app.editor", ("f2",), "StratbookApp", "external_editor", priority=True),
    Bound("form.submit", ("ctrl+s",), "FormDialog", "submit", priority=True),
    Bound("", ("ctrl+w",), "Input", "delete_left_word"),
    Bound("", ("ctrl+e",), "TextArea", "cursor_line_end"),
    Bound("", ("left",), "TextArea", "cursor_left"),
]


@pytest.mark.parametrize("entry, key", [
    ("app.quit", "q"), ("app.quit", "Q"), ("app.quit", "shift+q"), ("app.editor", "space"),
    ("app.editor", "question_mark"), ("form.submit", "x"), ("app.quit", "ctrl+w"), ("app.editor", "ctrl+e"),
    ("form.submit", "left"),
])
def test_a_priority_binding_cannot_take_a_key_text_boxes_need(tmp_path: Path, entry: str, key: str) -> None:
    """A priority binding fires before the focused widget: on a printable key (or one a text box
    edits with) it would make that character impossible to type anywhere."""
    config = read_config(write(tmp_path, f'[keys]\n"{entry}" = "f9,{key}"\n'))
    keymap, [problem] = check_keys(config, PRIORITY_BINDINGS)
    assert keymap == {}
    assert problem.path == f'keys."{entry}"' and problem.line == 2 and "text box" in problem.message


@pytest.mark.parametrize("key", ["ctrl+q", "f2"])
def test_a_key_the_app_takes_first_everywhere_clashes_in_every_scope(tmp_path: Path, key: str) -> None:
    """swot.add on ctrl+q would never fire: the app's priority quit takes the key first."""
    config = read_config(write(tmp_path, f'[keys]\n"swot.add" = "{key}"\n'))
    keymap, [problem] = check_keys(config, PRIORITY_BINDINGS)
    assert keymap == {} and problem.path == 'keys."swot.add"' and "swot.add keeps its default key" in problem.message
    # ... and the other way: a priority app key moved onto a key a screen has.
    config = read_config(write(tmp_path, '[keys]\n"app.quit" = "ctrl+x"\n"swot.move" = "ctrl+x"\n'))
    keymap, problems = check_keys(config, PRIORITY_BINDINGS)
    assert keymap == {} and len(problems) == 2


def test_priority_bindings_may_take_other_keys(tmp_path: Path) -> None:
    config = read_config(write(tmp_path, '[keys]\n"app.quit" = "f10,ctrl+g"\n"form.submit" = "ctrl+enter"\n'))
    assert check_keys(config, PRIORITY_BINDINGS) == ({"app.quit": "f10,ctrl+g", "form.submit": "ctrl+enter"}, [])


@pytest.mark.parametrize("keys, refused", [
    ("a", True), ("q,shift+x", True), ("left", True), ("ctrl+w", True),
    ("ctrl+g", False), ("f10", False), ("a,ctrl+g", False),
])
def test_a_way_out_keeps_a_key_a_text_box_does_not_take(tmp_path: Path, keys: str, refused: bool) -> None:
    """A binding that has escape (close, cancel, leave) on a typed key alone: in a dialog with a
    text box the key is typed, and the dialog could not be left."""
    bindings = [*PRIORITY_BINDINGS, Bound("search.close", ("escape",), "SearchDialog", "close")]
    config = read_config(write(tmp_path, f'[keys]\n"search.close" = "{keys}"\n'))
    keymap, problems = check_keys(config, bindings)
    assert (keymap == {}) == refused and len(problems) == refused
    if refused:
        assert "search.close keeps its default key" in problems[0].message


def test_binding_ids_written_without_quotes_and_keys_as_a_list_count(tmp_path: Path) -> None:
    """`swot.add = "i"` unquoted is a dotted key in TOML (a table `swot` holding `add`): it used to
    be refused as 'not a string, a table', with no line."""
    config = read_config(write(tmp_path, '[keys]\nswot.add = "i"\napp.save = ["ctrl+w", "f10"]\n'
                                         '[keys.goals]\nadd = "x"\n'))
    assert config.problems == []
    assert config.settings.keys == {"swot.add": "i", "app.save": "ctrl+w,f10", "goals.add": "x"}
    wrong = read_config(write(tmp_path, '[keys]\n"swot.add" = "i"\nswot.move = 3\n'))
    assert [(p.path, p.line) for p in wrong.problems] == [('keys."swot.move"', 3)]
