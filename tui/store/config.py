"""The user's config file: where it is, reading it, and checking every entry. No Textual here.

`$XDG_CONFIG_HOME/stratbook/config.toml` (else `~/.config/stratbook/config.toml`):

    theme = "monochrome"
    ascii = true
    name = "Ada Lovelace"
    editor = "vim"
    sendmail = "msmtp -t"

    [keys]
    "swot.add" = "i"
    "app.save" = "ctrl+w,f10"

A bad config never stops the app: each thing wrong is one `Problem` (file, line where one is
known, entry), and that entry falls back to its default; the rest of the file still counts.
What the app knows and this module cannot (the binding ids and their scopes, the themes) is
passed in by the caller: see `check_keys` and `check_theme`.
"""

from __future__ import annotations

import os
import re
import string
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from difflib import get_close_matches
from pathlib import Path

import tomli

from tui.model.text import for_display
from tui.store.reading import NotARegularFile, open_regular
from tui.store.problems import Problem

CONFIG_LIMIT = 1024 * 1024
"""A config file larger than this is not read (it is a few lines)."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective settings: the config file's, where they are right, else these defaults."""

    theme: str = ""
    """A theme's name; empty: the app's own choice (monochrome under NO_COLOR, else its default)."""
    ascii: bool | None = None
    """Draw with ASCII only; None: not said (ASCII on the Linux console, TERM=linux)."""
    name: str = ""
    """The user's name, for check-ins, locks and mail; empty: $STRATBOOK_NAME, else the login name."""
    editor: str = ""
    """The editor for F2; empty: $VISUAL, else $EDITOR, else vi."""
    sendmail: str = ""
    """The command that sends mail; empty: $STRATBOOK_SENDMAIL, else sendmail -t -i."""
    keys: Mapping[str, str] = field(default_factory=dict)
    """Binding id to keys (Textual key names, comma-separated), as written in [keys]."""


@dataclass(frozen=True, slots=True)
class Config:
    """A config file read: where it is, what it says, and what was wrong with it."""

    path: Path
    exists: bool
    settings: Settings
    problems: list[Problem]
    text: str = ""
    """The file's text, to find the line of an entry that is wrong."""

    def problem(self, message: str, entry: str, table: str = "") -> Problem:
        """A problem with `entry` (in `[table]`), at its line when it can be found."""
        where = f"{table}.{_quoted(entry)}" if table else entry
        return Problem("warning", message, where, entry_line(self.text, entry, table), None, str(self.path))


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """`$XDG_CONFIG_HOME/stratbook/config.toml`, else `~/.config/stratbook/config.toml`."""
    environ = os.environ if environ is None else environ
    base = environ.get("XDG_CONFIG_HOME", "").strip()
    # The XDG rule: a relative value is invalid and is ignored.
    folder = Path(base) if base and os.path.isabs(base) else Path(os.path.expanduser("~")) / ".config"
    return folder / "stratbook" / "config.toml"


_TEXT_FIELDS = ("theme", "name", "editor", "sendmail")


def read_config(path: Path | None = None) -> Config:
    """The config at `path` (default: `config_path()`), every entry checked for its type.
    Never raises: a missing file is the defaults; an unreadable or invalid one is the defaults
    and one problem saying why."""
    path = config_path() if path is None else path
    shown = for_display(str(path))
    try:
        with open_regular(path) as file:  # a FIFO would otherwise wait for a writer, the app never start
            data = file.read(CONFIG_LIMIT + 1)
    except NotARegularFile:
        return Config(path, True, Settings(), [Problem("warning", "not a regular file (a folder, pipe or "
                                                       "device?); defaults used", "", None, None, shown)])
    except FileNotFoundError:
        return Config(path, False, Settings(), [])
    except OSError as exc:
        why = exc.strerror or str(exc)
        return Config(path, True, Settings(), [Problem("warning", f"cannot be read ({why}); defaults used", "", None,
                                                       None, shown)])
    if len(data) > CONFIG_LIMIT:
        return Config(path, True, Settings(), [Problem("warning", f"larger than {CONFIG_LIMIT // 1024} KiB, not "
                                                       "read; defaults used", "", None, None, shown)])
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        return Config(path, True, Settings(), [Problem("warning", f"not UTF-8 (byte {exc.start}); defaults used",
                                                       "", None, None, shown)])
    try:
        table = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        return Config(path, True, Settings(), [Problem("warning", f"not valid TOML: {exc.msg}; defaults used",
                                                       "", exc.lineno, exc.colno, shown)], text)
    except (RecursionError, ValueError) as exc:  # tomli refuses pathological nesting and huge numbers
        return Config(path, True, Settings(), [Problem("warning", f"not valid TOML: {exc}; defaults used",
                                                       "", None, None, shown)], text)
    found = Config(path, True, Settings(), [], text)
    problems: list[Problem] = []
    values: dict[str, object] = {}
    known = {f.name for f in fields(Settings)}
    for key, value in table.items():
        if key not in known:
            near = get_close_matches(key, sorted(known), n=1)
            hint = f" (did you mean {near[0]}?)" if near else f" (known: {', '.join(sorted(known))})"
            problems.append(found.problem(f"unknown setting{hint}; ignored", for_display(key)))
        elif key in _TEXT_FIELDS:
            if isinstance(value, str) and value.isprintable():
                values[key] = value.strip()
            elif isinstance(value, str):
                problems.append(found.problem("should be one line without control characters; the default is used",
                                              key))
            else:
                problems.append(found.problem(f"should be a string (in quotes), not {_kind(value)}; "
                                              "the default is used", key))
        elif key == "ascii":
            if isinstance(value, bool):
                values[key] = value
            else:
                problems.append(found.problem(f"should be true or false, not {_kind(value)}; the default is used",
                                              key))
        elif key == "keys":
            if isinstance(value, dict):
                values[key] = _read_keys(found, value, problems)
            else:
                problems.append(found.problem(f"should be a table ([keys] with \"binding.id\" = \"key\" lines), not "
                                              f"{_kind(value)}; the default keys are used", key))
    problems.sort(key=lambda p: p.line or 0)
    return Config(path, True, Settings(**values), problems, text)  # type: ignore[arg-type]


def _flat(table: dict, prefix: str = "") -> Iterable[tuple[str, object]]:
    """`[keys]` entries by binding id: an id written without quotes (`swot.add = "i"`) is a
    dotted key, which TOML reads as tables (`swot` holding `add`)."""
    for name, value in table.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{name}.")
        else:
            yield f"{prefix}{name}", value


def _read_keys(found: Config, table: dict, problems: list[Problem]) -> dict[str, str]:
    keys: dict[str, str] = {}
    for binding_id, value in _flat(table):
        if isinstance(value, list) and value and all(isinstance(key, str) for key in value):
            value = ",".join(value)  # ["ctrl+w", "f10"]
        if not isinstance(value, str):
            problems.append(found.problem(f"should be a string of keys (\"ctrl+w,f10\"), not {_kind(value)}; "
                                          "the default key is used", binding_id, "keys"))
            continue
        wrong = [key for key in split_keys(value) if not is_key(key)]
        if not split_keys(value) or wrong:
            what = f"{', '.join(repr(for_display(k)) for k in wrong)} is not a key" if wrong else "no key given"
            problems.append(found.problem(f"{what} (keys are written as Textual names: i, ctrl+w, f10, "
                                          "question_mark, comma-separated); the default key is used",
                                          binding_id, "keys"))
            continue
        keys[binding_id] = ",".join(split_keys(value))
    return keys


def split_keys(keys: str) -> list[str]:
    """`"ctrl+w, f10"` as `["ctrl+w", "f10"]`."""
    return [key.strip() for key in keys.split(",") if key.strip()]


_TEXTUAL_NAMES = {"solidus": "slash", "reverse_solidus": "backslash", "commercial_at": "at",
                  "hyphen_minus": "minus", "plus_sign": "plus", "low_line": "underscore"}
"""Where Textual's key names differ from the Unicode names of the characters."""
MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
_NAMED_NON_CHARACTERS = frozenset({
    "escape", "enter", "tab", "backspace", "delete", "insert", "home", "end", "pageup", "pagedown",
    "up", "down", "left", "right", *(f"f{n}" for n in range(1, 25))})
NAMED_KEYS = _NAMED_NON_CHARACTERS | frozenset({
    "space",
    # printable characters by their Textual names ("?" is question_mark), as the keymap stores them
    *(_TEXTUAL_NAMES.get(name, name) for name in (unicodedata.name(c).lower().replace("-", "_").replace(" ", "_")
                                                  for c in string.punctuation)),
})
"""Keys with names, beside the single characters (tests/unit/test_config.py checks them against Textual's)."""


def is_key(key: str) -> bool:
    """A key as Textual writes one: optional modifiers (`ctrl+`, `alt+`, `shift+` ...), then a
    character or a name (`+` itself is `plus`)."""
    *modifiers, name = key.split("+")
    if not name or any(m not in MODIFIERS for m in modifiers):
        return False
    return (len(name) == 1 and name.isprintable() and name not in " ,") or name.lower() in NAMED_KEYS


@dataclass(frozen=True, slots=True)
class Bound:
    """A binding as the app declares it: its id, its keys, and the scope (the class) it is in."""

    id: str
    """Empty for Textual's own bindings, which cannot be remapped but own their keys."""
    keys: tuple[str, ...]
    scope: str
    action: str = ""
    description: str = ""
    priority: bool = False
    """Fires before the focused widget (in the app: on every screen, even while typing)."""

    @property
    def name(self) -> str:
        return self.id or self.action


APP_SCOPE = "StratbookApp"
"""The app's scope: its priority keys come first on every screen."""
TEXT_BOXES = ("Input", "TextArea")
"""Textual's text boxes, whose keys (and every printable one) a priority binding must not take."""


def _types_text(key: str) -> bool:
    """A key that types a character (`q`, `Q`, `shift+q`, `space`, `question_mark`)."""
    *modifiers, name = key.split("+")
    if set(modifiers) - {"shift"}:
        return False
    return len(name) == 1 or (name in NAMED_KEYS and name not in _NAMED_NON_CHARACTERS)


def check_keys(config: Config, bindings: Iterable[Bound]) -> tuple[dict[str, str], list[Problem]]:
    """The keymap to apply (binding id to keys) and the problems of `[keys]`: an id the app does
    not have, or a key another binding of the same scope already has (by default or by this
    keymap). A wrong entry is left out, so its binding keeps its default key."""
    bindings = list(bindings)
    known = sorted({b.id for b in bindings if b.id})
    problems: list[Problem] = []
    keymap: dict[str, str] = {}
    for binding_id, keys in config.settings.keys.items():
        if binding_id in known:
            keymap[binding_id] = keys
            continue
        near = get_close_matches(binding_id, known, n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        problems.append(config.problem(f"no binding has this id{hint}; `?` in the app and the README list them; "
                                       "ignored", for_display(binding_id), "keys"))
    # A priority binding on a key that types (or edits) text would take it from every text box;
    # a way out (a binding with escape) on such keys alone would be typed into a dialog's box instead.
    text_keys = {_same_key(k) for b in bindings if b.scope in TEXT_BOXES for k in b.keys}
    for binding in bindings:
        if binding.id not in keymap:
            continue
        keys = split_keys(keymap[binding.id])
        taken = [k for k in keys if _types_text(k) or _same_key(k) in text_keys]
        if binding.priority and taken:
            why = f"{taken[0]} is a key text boxes need, and {binding.id} takes its keys before them"
        elif "escape" in binding.keys and len(taken) == len(keys):
            why = (f"{binding.id} is a way out (escape by default) and needs one key a text box does not take "
                   "(escape, ctrl+g, f10)")
        else:
            continue
        del keymap[binding.id]
        problems.append(config.problem(f"{why}; {binding.id} keeps its default key", binding.id, "keys"))
    # A clash: after the keymap, one key of one scope belongs to two bindings. The entry that
    # brought the key there is dropped (both, when two entries bring the same key).
    while True:
        clashes = _clashes(bindings, keymap)
        if not clashes:
            break
        for binding_id, (key, other, scope) in sorted(clashes.items()):
            del keymap[binding_id]
            problems.append(config.problem(
                f"{key} is already {other}'s key in {scope}; {binding_id} keeps its default key", binding_id, "keys"))
    return keymap, problems


def _clashes(bindings: list[Bound], keymap: Mapping[str, str]) -> dict[str, tuple[str, str, str]]:
    """Each remapped binding id whose new key another binding of its scope also has:
    (the key, the other binding, the scope)."""
    by_scope: dict[str, dict[str, set[str]]] = {}
    everywhere: dict[str, set[str]] = {}  # the app's priority keys: they are in every scope first
    for binding in bindings:
        keys = split_keys(keymap[binding.id]) if binding.id in keymap else binding.keys
        for key in keys:
            by_scope.setdefault(binding.scope, {}).setdefault(_same_key(key), set()).add(binding.name)
            if binding.priority and binding.scope == APP_SCOPE:
                everywhere.setdefault(_same_key(key), set()).add(binding.name)
    for scope, owners in by_scope.items():
        if scope not in TEXT_BOXES:
            for key, ids in everywhere.items():
                owners.setdefault(key, set()).update(ids)
    found: dict[str, tuple[str, str, str]] = {}
    for scope, owners in by_scope.items():
        for key, ids in owners.items():
            if len(ids) < 2:
                continue
            for binding_id in sorted(ids & keymap.keys()):
                if _same_key(key) in {_same_key(k) for k in split_keys(keymap[binding_id])}:
                    other = min(ids - {binding_id})
                    found.setdefault(binding_id, (key, other, scope))
    return found


def _same_key(key: str) -> str:
    """One spelling per key: `?` and `question_mark` are the same key."""
    if len(key) == 1 and not key.isalnum():
        name = unicodedata.name(key, key).lower().replace("-", "_").replace(" ", "_")
        return _TEXTUAL_NAMES.get(name, name)
    return key


def check_theme(config: Config, themes: Iterable[str]) -> tuple[str, list[Problem]]:
    """The theme to use (empty: the app's own choice) and a problem if the config names one that is not known."""
    theme = config.settings.theme
    themes = sorted(themes)
    if not theme or theme in themes:
        return theme, []
    near = get_close_matches(theme, themes, n=1)
    hint = f"did you mean {near[0]}?" if near else f"known: {', '.join(themes)}"
    return "", [config.problem(f"no theme is called {for_display(theme)!r} ({hint}); the default theme is used",
                               "theme")]


# -- what the settings decide, where the environment used to be the only say ----------------

def user_name(settings: Settings | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Who the user is, for check-ins, locks and mail: the config's `name`, else
    $STRATBOOK_NAME, else the login name (empty if there is none)."""
    import getpass

    settings = read_config().settings if settings is None else settings
    environ = os.environ if environ is None else environ
    if settings.name:
        return settings.name
    if environ.get("STRATBOOK_NAME", "").strip():
        return environ["STRATBOOK_NAME"].strip()
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (a container's uid without a passwd entry)
        return ""


def editor_command(settings: Settings | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The editor for F2: the config's `editor`, else $VISUAL, else $EDITOR, else vi."""
    settings = read_config().settings if settings is None else settings
    environ = os.environ if environ is None else environ
    return settings.editor or environ.get("VISUAL") or environ.get("EDITOR") or "vi"


DEFAULT_SENDMAIL = "sendmail -t -i"
DEFAULT_THEME = "textual-dark"
MONOCHROME = "monochrome"
"""Bold, underline and reverse, no colour: the theme under NO_COLOR."""
HIGH_CONTRAST = "high-contrast"


def sendmail_command(settings: Settings | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The command that sends mail: the config's `sendmail`, else $STRATBOOK_SENDMAIL, else sendmail -t -i."""
    settings = read_config().settings if settings is None else settings
    environ = os.environ if environ is None else environ
    return settings.sendmail or environ.get("STRATBOOK_SENDMAIL") or DEFAULT_SENDMAIL


def ascii_wanted(settings: Settings, environ: Mapping[str, str] | None = None) -> bool:
    """ASCII only: as the config says, else on the Linux console (its fonts lack most symbols)."""
    environ = os.environ if environ is None else environ
    if settings.ascii is not None:
        return settings.ascii
    return environ.get("TERM", "").startswith("linux")


def no_color(environ: Mapping[str, str] | None = None) -> bool:
    """NO_COLOR is set to something (no-color.org: an empty value does not count)."""
    environ = os.environ if environ is None else environ
    return bool(environ.get("NO_COLOR", ""))


# -- finding an entry's line ----------------------------------------------------------------

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def entry_line(text: str, entry: str, table: str = "") -> int | None:
    """The line (from 1) where `entry` is set in `[table]` (top level: table ""), if it can be found."""
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            current = header.group(1).strip().strip("\"'")
            continue
        key, equals, _ = line.partition("=")
        if not equals:
            continue
        key = key.strip()
        if current == table and key.strip("\"'") == entry:
            return number
        if not table and current == "" and key == entry:
            return number
        if table and current == "" and key.replace('"', "").replace("'", "") == f"{table}.{entry}":  # keys."a.b" =
            return number
    return None


def _toml(text: str) -> str:
    """`text` as a TOML string, so that a line of `stratbook config` can be pasted into the file."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _quoted(entry: str) -> str:
    return f'"{entry}"' if "." in entry else entry


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {int: "a number", float: "a number", str: "a string", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__)


def effective_theme(checked: str, environ: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The theme to use, and why: the config's (already checked), else monochrome under NO_COLOR,
    else the default."""
    if checked:
        return checked, "config"
    if no_color(environ):
        return MONOCHROME, "NO_COLOR"
    return DEFAULT_THEME, "default"


def describe(config: Config, theme: str, keymap: Mapping[str, str],
             environ: Mapping[str, str] | None = None) -> list[str]:
    """The effective settings, one per line, each saying where it comes from (`stratbook config`).
    `theme` and `keymap` are what the config's checks left (see `check_theme`, `check_keys`)."""
    settings = config.settings
    environ = os.environ if environ is None else environ

    def source(own: str, *names: str, otherwise: str = "default") -> str:
        return "config" if own else next((f"${n}" for n in names if environ.get(n, "").strip()), otherwise)

    shown_theme, theme_from = effective_theme(theme, environ)
    ascii_from = "config" if settings.ascii is not None else "TERM=linux" if ascii_wanted(settings, environ) else "default"
    lines = [
        f"theme = {_toml(shown_theme)}  # {theme_from}",
        f"ascii = {'true' if ascii_wanted(settings, environ) else 'false'}  # {ascii_from}",
        f"name = {_toml(user_name(settings, environ))}  # {source(settings.name, 'STRATBOOK_NAME', otherwise='login name')}",
        f"editor = {_toml(editor_command(settings, environ))}  # {source(settings.editor, 'VISUAL', 'EDITOR')}",
        f"sendmail = {_toml(sendmail_command(settings, environ))}  # {source(settings.sendmail, 'STRATBOOK_SENDMAIL')}",
        "",
        "[keys]" + ("" if keymap else "  # none changed: every binding has its default key"),
        *(f"{_quoted(binding_id)} = {_toml(keys)}" for binding_id, keys in sorted(keymap.items())),
    ]
    return [for_display(line) for line in lines]
