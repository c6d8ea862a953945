"""tomli's messages about tables and keys given twice, said in words a user can act on. No Textual.

tomli says `Cannot declare ('goals', 'measure') twice` (a Python tuple), `Cannot overwrite a value`
(naming no key) and `Duplicate inline table key '...'` (echoing a key of any length), at the
position where it noticed. Here: which table or key, in TOML's own spelling, where its first
declaration is, which table it is in, and, for a table declared twice in one `[[goals]]`, the
array header just before it that is not `[[goals]]` (a `[[goal]]` typo). Only on the error path:
the text before the statement tomli refused is TOML it read, so it is scanned with the comment
scanner's patterns (strings of all four kinds skipped).
"""

from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass

NAME_LIMIT = 60
"""The most characters of a table's or key's name a message echoes."""


@dataclass(frozen=True, slots=True)
class _Statement:
    line: int
    column: int
    path: tuple[str, ...]
    """A header's names, or a key's names from the top (its table's, then its own)."""
    array: bool = False
    """An `[[array]]` header."""
    header: bool = False
    key: str = ""
    """A key as written (`owner`, `answers.why`)."""
    table: _Statement | None = None
    """A key's table header (None at the top of the file)."""


def _statements(text: str) -> list[_Statement]:
    """Every table header and key statement of `text` (TOML tomli has read), in order."""
    from tui.store.comments import _HEADER, _KEY_LINE, _SIMPLE_LINE, _TOKEN, _key_path

    found: list[_Statement] = []
    table: _Statement | None = None
    position, size, line = 0, len(text), 1
    while position < size:
        start = position
        while position < size and text[position] in " \t":
            position += 1
        if position >= size:
            break
        char = text[position]
        if char == "\n" or char == "#":
            end = text.find("\n", position)
            position = size if end == -1 else end + 1
            line += 1
            continue
        if char == "[":
            header = _HEADER.match(text, start)
            if header is None:
                break
            table = _Statement(line, position - start + 1, _key_path(header.group(2)), header.group(1) == "[[",
                               header=True)
            found.append(table)
            position = header.end()
            line += 1
            continue
        simple = _SIMPLE_LINE.match(text, start)
        key_line = simple or _KEY_LINE.match(text, start)
        if key_line is None:
            break
        key = key_line.group(1).strip(" \t")
        found.append(_Statement(line, position - start + 1, (table.path if table else ()) + _key_path(key), key=key,
                                table=table))
        position = key_line.end()
        if simple is not None:
            line += 1
            continue
        depth = 0
        while position < size:
            token = _TOKEN.match(text, position)
            if token is None:
                return found
            position = token.end()
            line += token.group(0).count("\n")
            if token.group(3) is not None:
                depth += 1
            elif token.group(4) is not None:
                depth -= 1
            elif token.group(5) is not None and not depth:
                break
    return found


_BARE = re.compile(r"[A-Za-z0-9_-]+")


def toml_name(names: tuple[str, ...] | list[str]) -> str:
    """A dotted key as TOML writes it (`goals.measure`, `"a b".c`), cut to NAME_LIMIT characters."""
    import json

    from tui.model.text import one_line

    return one_line(".".join(name if _BARE.fullmatch(name) else json.dumps(name, ensure_ascii=False)
                             for name in names), NAME_LIMIT)


def _written(key: str) -> str:
    """A key as it was written, cut to NAME_LIMIT characters."""
    from tui.model.text import one_line

    return one_line(key, NAME_LIMIT)


def _header(statement: _Statement | None) -> str:
    if statement is None:
        return "the top of the file"
    name = toml_name(statement.path)
    return f"[[{name}]]" if statement.array else f"[{name}]"


def in_words(message: str, text: str, pos: int, line: int | None, column: int | None
             ) -> tuple[str, int | None, int | None] | None:
    """tomli's `message` about a table or key given twice, in words, with the line and column to
    name; None for any other message."""
    if message.startswith("Duplicate inline table key "):
        try:
            key = ast.literal_eval(message.removeprefix("Duplicate inline table key "))
        except (ValueError, SyntaxError):
            return None
        return f"the key '{toml_name([str(key)])}' is given twice in one inline table", line, column
    declared = re.fullmatch(r"Cannot (declare|mutate immutable namespace|redefine namespace) (\(.*\))(?: twice)?",
                            message, re.DOTALL)
    if declared is None and message != "Cannot overwrite a value":
        return None
    line_start = text.rfind("\n", 0, pos) + 1
    if not text[line_start:pos].lstrip(" \t").startswith("["):  # the start of the key, not the end of its value
        last = _statements(text[:pos])
        if last and not last[-1].header:
            line, column = last[-1].line, last[-1].column
    else:
        column = len(text[line_start:]) - len(text[line_start:].lstrip(" \t")) + 1
    if declared is not None:
        try:
            key = tuple(ast.literal_eval(declared.group(2)))
        except (ValueError, SyntaxError, TypeError):
            return None
    if declared is not None and declared.group(1) == "declare":
        return _declared_twice(key, text, line_start, line)
    if declared is not None and declared.group(1) == "redefine namespace":
        earlier = _statements(text[:line_start])
        header = next((s for s in earlier if s.header and s.path == key), None)
        where = f" (line {header.line})" if header else ""
        return (f"[{toml_name(key)}] has a header of its own{where}: a dotted key in another table cannot add to "
                f"it; write the key under [{toml_name(key)}]", line, column)
    if declared is not None:
        return _not_a_table_to_add_to(key, text, line_start, line, column)
    if text[line_start:pos].lstrip(" \t").startswith("["):  # a header naming a value
        return _header_over_a_value(text, line_start, line)
    return _key_twice(text, pos, line, column)


def _declared_twice(key: tuple[str, ...], text: str, line_start: int, line: int | None):
    earlier = _statements(text[:line_start])
    column = len(text[line_start:]) - len(text[line_start:].lstrip(" \t")) + 1
    first = next((s.line for s in reversed(earlier) if s.header and not s.array and s.path == key), None)
    # The [[array]] item it is in: the longest part of its name that is an array of tables.
    arrays = {s.path for s in earlier if s.array}
    parent = next((key[:size] for size in range(len(key) - 1, 0, -1) if key[:size] in arrays), None)
    words = f"[{toml_name(key)}] is declared twice"
    if parent is None:
        return f"{words} (first at line {first})" if first else words, line, column
    item = next(s for s in reversed(earlier) if s.array and s.path == parent)
    words += f" in one [[{toml_name(parent)}]] (line {item.line}" + (f"; first at line {first})" if first else ")")
    others = [s for s in earlier if s.array and s.path != parent and first is not None and s.line > first]
    close = [s for s in others
             if difflib.SequenceMatcher(None, ".".join(s.path), ".".join(parent)).ratio() >= 0.7]
    if close:
        words += f"; is [[{toml_name(close[-1].path)}]] at line {close[-1].line} meant to be [[{toml_name(parent)}]]?"
    else:
        words += f"; a new item starts with a [[{toml_name(parent)}]] line"
    return words, line, column


def _not_a_table_to_add_to(key: tuple[str, ...], text: str, line_start: int, line: int | None, column: int | None):
    earlier = _statements(text[:line_start])
    given = next((s for s in earlier if not s.header and s.path == key), None)
    where = f" (line {given.line})" if given else ""
    return (f"'{toml_name(key)}' was given whole{where}, as an inline table or array: nothing can be added to it "
            "from another line", line, column)


def _header_over_a_value(text: str, line_start: int, line: int | None):
    from tui.store.comments import _HEADER, _key_path

    header = _HEADER.match(text, line_start)
    if header is None:
        return None
    path = _key_path(header.group(2))
    earlier = _statements(text[:line_start])
    given = next((s for s in earlier if not s.header and s.path == path[:len(s.path)]), None)
    name = f"[[{toml_name(path)}]]" if header.group(1) == "[[" else f"[{toml_name(path)}]"
    column = len(text[line_start:]) - len(text[line_start:].lstrip(" \t")) + 1
    made = None if given or header.group(1) != "[[" else next(
        (s for s in earlier if s.header and not s.array and s.path[:len(path)] == path), None)
    if made is not None:  # a table already, made by a header under it: [goals.answers] after a [[goal]]
        words = (f"{name} cannot start a list of tables: {_header(made)} (line {made.line}) made "
                 f"'{toml_name(path)}' a table")
        close = [s for s in earlier if s.array and s.line < made.line
                 and difflib.SequenceMatcher(None, ".".join(s.path), ".".join(path)).ratio() >= 0.7]
        if close:
            words += f"; is [[{toml_name(close[-1].path)}]] at line {close[-1].line} meant to be {name}?"
        return words, line, column
    where = f"'{toml_name(given.path)}' is a value (line {given.line})" if given else "it names a value"
    return f"{name} cannot be a table: {where}", line, column


def _key_twice(text: str, pos: int, line: int | None, column: int | None):  # noqa: ARG001 - as the others
    statements = _statements(text[:pos])
    if not statements or statements[-1].header:
        return None
    second = statements[-1]
    line, column = second.line, second.column  # the key, not the end of its value, which tomli names
    same = next((s for s in statements[:-1] if not s.header and s.path == second.path), None)
    table = _header(second.table)
    place = f" in {table} (line {second.table.line}" if second.table else f" at {table} ("
    if same is not None and same.table is second.table:
        return (f"the key '{_written(second.key)}' is given twice{place}{'; ' if second.table else ''}"
                f"first at line {same.line})", line, column)
    inside = next((s for s in statements[:-1] if not s.header and s.path == second.path[:len(s.path)]), None)
    if inside is not None:
        return (f"the key '{_written(second.key)}' needs '{toml_name(inside.path)}' to be a table, but it is a "
                f"value (line {inside.line})", line, column)
    return f"the key '{_written(second.key)}' is given twice{place.rstrip(' (')}", line, column
