r"""Every pattern works the same on every Python 3.11, the oldest we support.

Python 3.11.0 to 3.11.4 match a possessive quantifier on a group wrongly when the group can
backtrack or looks ahead (CPython gh-106052 and gh-100061, fixed in 3.11.5). On Debian 12's Python,
3.11.2, the pattern for a multi-line string (a possessive repeat of three choices, one of them
`"(?!"")`) matched nothing: `fmt` of a workbook with comments and long texts stopped with an
internal error, and comments after the first long text went unseen. An atomic group around a
greedy repeat, `(?>(?:...)*)`, is what 3.11.5 made of the possessive one, and every 3.11 matches it
right. A possessive quantifier on one character or class (`[^"]*+`) has nothing to backtrack into
and stays.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "tui"

POSSESSIVE_GROUP = re.compile(r"(?<!\\)\)(?:[*+?]|\{\d*(?:,\d*)?\})\+")
"""A group closed and repeated possessively: `)*+`, `)++`, `)?+`, `){0,2}+`."""


def _strings(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_pattern_repeats_a_group_possessively() -> None:
    found = [f"{path.relative_to(PACKAGE.parent)}:{line}: {POSSESSIVE_GROUP.search(text).group(0)!r}"
             for path in sorted(PACKAGE.rglob("*.py")) for line, text in _strings(path)
             if POSSESSIVE_GROUP.search(text)]
    assert not found, "write (?>(?:...)*) instead, for Python 3.11.0-3.11.4: " + "; ".join(found)


def test_the_check_itself_finds_each_form() -> None:
    for form in ('(?:a|"(?!""))*+', "(?:ab)++", "(ab)?+", '(?:"){0,2}+'):
        assert POSSESSIVE_GROUP.search(form), form
    for form in ('[^"]*+', '"{0,2}+', r"\)*+", "(?>(?:ab)*)", "{{+{}+}}"):
        assert not POSSESSIVE_GROUP.search(form), form


@pytest.mark.parametrize(("text", "comment_at"), [
    ('a = """x\n"y"\n""" # note\n', 17),
    ('a = """x ""z"""" # q\n', 17),
    ("a = '''it''s''' # q\n", 16),
    ('a = "say \\"#\\"" # q\n', 16),
    ("a = 'x#y' # q\n", 10),
    ('a = """# not one"""\n', None),
])
def test_a_comment_is_found_after_strings_of_every_kind(text: str, comment_at: int | None) -> None:
    """What the rewritten patterns must still find: the first '#' outside a string."""
    from tui.store.files import _UP_TO_COMMENT

    found = re.match(_UP_TO_COMMENT, text)
    assert (found.end() - 1 if found else None) == comment_at


def test_the_comment_scanner_reads_a_multi_line_string_whole() -> None:
    """The case that stopped Debian 12's Python: the comment after a multi-line string is kept."""
    from tui.store.comments import _TOKEN

    text = 'vision = """one\n"two"\nthree""" # Ann: shorter\n'
    position, tokens = 0, []
    while position < len(text):
        token = _TOKEN.match(text, position)
        assert token is not None, f"nothing matched at {position}: {text[position:]!r}"
        tokens.append(token.group(0))
        position = token.end()
    assert '"""one\n"two"\nthree"""' in tokens
    assert "# Ann: shorter" in tokens
