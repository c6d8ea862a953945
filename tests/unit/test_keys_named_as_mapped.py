"""A message or label that names a key the keymap can change says the key in effect
(`StratbookApp.key_named`), never the default written into the text: the lock takeover said
"... so ctrl+s offers a copy or a comparison" after `"app.save" = "ctrl+w,f10"`.

The source is read for key names in the text the app shows (strings and f-strings, not
docstrings, and not the keys a Binding is declared with): a modifier key, an F-key or a page key
in such text is one a user may have moved. `ctrl+p` (the command palette) and `ctrl+c` are
Textual's own and cannot be remapped; the command line (tui/cli.py) names no app keys it would
know the mapping of. The UI test in tests/ui/test_keys_named_as_mapped.py remaps and looks."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import tui

SOURCE = Path(tui.__file__).parent
KEY_WORD = re.compile(r"(?<![\w+-])(ctrl\+(?!p\b|c\b)[a-z]+|alt\+[a-z]+|[fF]\d{1,2}|pgdn|pgup|PgDn|PgUp)(?![\w])")
NOT_SHOWN = {"cli.py", "terminal.py", "web.py", "__main__.py"}
"""The command line, the terminal's input decoding and the web server: no
text of the app's screens."""


def _docstrings(tree: ast.AST) -> set[int]:
    """Docstrings, and the strings that document an attribute (a string statement after it)."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def _declared_keys(tree: ast.AST) -> set[int]:
    """The key strings of Binding(...) declarations and config key lists: keys, not text."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Binding" \
                and node.args and isinstance(node.args[0], ast.Constant):
            found.add(id(node.args[0]))
    return found


def shown_key_names() -> list[str]:
    """`file:line: text` for each string the app shows that names a remappable key literally."""
    hits = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name in NOT_SHOWN or "store" in path.relative_to(SOURCE).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _docstrings(tree) | _declared_keys(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                if KEY_WORD.search(node.value) and " " in node.value.strip():  # text, not a lone key name
                    hits.append(f"{path.relative_to(SOURCE.parent)}:{node.lineno}: {node.value.strip()[:90]}")
    return hits


def test_no_text_the_app_shows_names_a_remappable_key_literally():
    assert shown_key_names() == []


def test_every_key_a_section_guide_names_is_a_binding_the_keymap_knows():
    # The guides (under `?`) wrote their keys into the prose: "a writes one", "one ctrl+z undoes it".
    import importlib

    from tui.glyphs import GlyphNames
    from tui.keymap import default_keys
    from tui.screens.base import SectionScreen

    for name in ("forces", "goals", "pestle", "swot", "tactics", "vmv", "risks", "roadmap", "overview"):
        module = importlib.import_module(f"tui.screens.{name}")
        (screen,) = [c for c in vars(module).values() if isinstance(c, type) and issubclass(c, SectionScreen)
                     and c.__module__ == module.__name__ and c.GUIDE]
        named = re.findall(r"\{keys\[([^\]]+)\]\}", screen.GUIDE)
        assert named and set(named) <= set(default_keys()), (name, set(named) - set(default_keys()))
        moved = GlyphNames(keys={binding_id: "KEY" for binding_id in named})
        assert "KEY" in screen.GUIDE.format_map(moved) and "ctrl+z" not in screen.GUIDE


def test_the_apps_own_keys_read_off_its_class_are_the_defaults_every_binding_gives():
    """`own_default_keys` (the app's keys without reading every module) says what `default_keys`
    says for every `app.*` binding, and knows each of them."""
    from tui.app import StratbookApp
    from tui.keymap import default_keys, own_default_keys

    everywhere = {binding_id: keys for binding_id, keys in default_keys().items() if binding_id.startswith("app.")}
    assert len(everywhere) > 10
    assert own_default_keys(StratbookApp) == everywhere
