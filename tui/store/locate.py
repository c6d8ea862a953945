"""Find the line of a field path (`goals[2].due`) in TOML source text.

Used only when there is something to report, so it favours simplicity over
speed. It understands what people write by hand: `[table]` and `[[array]]`
headers, `key = value` lines, dotted keys, and multi-line strings and arrays,
which it skips.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

# The key part is one greedy run up to the first bracket: an earlier lazy `+?` followed by `\s*`
# backtracked quadratically on a header padded with spaces (`[a   ...   .b]`).
_HEADER = re.compile(r"\s*(\[\[?)([^\[\]#]*)\]\]?\s*(#.*)?$")
_KEY = re.compile(r"""\s*((?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)\s*=""")
_KEY_PART = re.compile(r"""[A-Za-z0-9_-]+|"([^"\n]*)"|'([^'\n]*)'""")


_BARE = re.compile(r"[A-Za-z0-9_-]+\Z")
# The parts of a value whose brackets are text: strings and a comment. A `"""` or `'''` that
# is not closed on its line starts a multi-line string.
_TEXT = re.compile(r""""\"\"|'''|"(?:[^"\\]|\\.)*"|'[^']*'|#.*""")


def _scan_value(value: str) -> tuple[int, str | None]:
    """Opening minus closing brackets of `value` outside its strings and comment, and the
    delimiter of a multi-line string it leaves open (None if it opens none)."""
    balance = 0
    at = 0
    while True:
        match = _TEXT.search(value, at)
        code = value[at:match.start() if match else len(value)]
        balance += code.count("[") - code.count("]")
        if match is None:
            return balance, None
        token = match.group(0)
        at = match.end()
        if token in ('"""', "'''"):
            end = value.find(token, at)
            if end < 0:
                return balance, token
            at = end + 3


def _key_parts(dotted: str) -> list[str]:
    if _BARE.match(dotted):  # most keys: one bare word
        return [dotted]
    parts = []
    for match in _KEY_PART.finditer(dotted):
        quoted = match.group(1) if match.group(1) is not None else match.group(2)
        parts.append(quoted if quoted is not None else match.group(0))
    return parts


def _tables_of(paths: Iterable[str]) -> set[str]:
    """Every table path that holds one of `paths` (`goals`, `goals[2]` for `goals[2].due`)."""
    tables = {""}  # the top level
    for path in paths:
        for cut, character in enumerate(path):
            if character in ".[":
                tables.add(path[:cut])
        tables.add(path)
    return tables


def _roots_of(paths: list[str]) -> set[str] | None:
    """The top-level names of `paths` (`goals` for `goals[2].due`); None when one is quoted."""
    if any('"' in path or "'" in path for path in paths):
        return None
    return {path.split(".", 1)[0].split("[", 1)[0] for path in paths}


_SIGNIFICANT = re.compile(r"""[\[\]]|"{3}|'{3}""")
"""What can change how the lines after it are read, where nothing else on a line counts."""

# Runs of lines that change nothing in a table not wanted, matched at C speed: a line without a
# bracket or a triple quote; `key = """` (as Stratbook writes a long text) up to the line that
# closes it; `key = ["a", "b"]` (plain strings); a header under another top-level name; a
# header inside an item not wanted of a wanted array (`[goals.answers]` in `goals[3]` when only
# `goals[7]` is wanted: everything it names is under `goals[3]`). Anything else, a comment with
# a bracket say, ends the run and is read line by line.
_QUIET_RUN = r"""(?>(?:
    [^\n\['"]*+(?>(?:(?:"(?!"")|'(?!''))[^\n\['"]*+)*)\n
  | [ \t]*+[A-Za-z0-9_-]++[ \t]*+=[^\n"'\#\[\]]*+"{{3}}\n
    (?>(?:[^\n"]*+(?>(?:"(?!"")[^\n"]*+)*)\n)*) [^\n"]*+(?>(?:"(?!"")[^\n"]*+)*)"{{3}}[^\n]*+\n
  | [ \t]*+[A-Za-z0-9_-]++[ \t]*+=[ \t]*+\[[ \t]*+(?:"[^"\\\n]*+"(?>(?:[ \t]*+,[ \t]*+"[^"\\\n]*+")*)[ \t]*+,?[ \t]*+)?\][ \t]*+\n
  {other}
)*)"""
_OTHER_HEADER = r"""| [ \t]*+\[\[?[ \t]*+(?!(?:{roots})[ \t]*[.\]])[A-Za-z0-9_-]++[ \t]*+[.\]][^\n"']*+\n"""
_ITEM_HEADER = r"""| [ \t]*+\[\[?[ \t]*+(?:{items})[ \t]*+\.[^\n"']*+\n"""


def _quiet_run(roots: set[str] | None, passed_items: frozenset[str]) -> re.Pattern[str]:
    """The run of quiet lines when the tables under `roots` are wanted (any, if None), and the
    last item of each array in `passed_items` is not."""
    def names(words: Iterable[str]) -> str:
        return "|".join(map(re.escape, sorted(words))) or "(?!)"
    other = "" if roots is None else _OTHER_HEADER.format(roots=names(roots))
    if passed_items:
        other += _ITEM_HEADER.format(items=names(passed_items))
    return re.compile(_QUIET_RUN.format(other=other), re.VERBOSE)


_ODD_IN_VALUE = frozenset("'#[]")
"""Characters that make a value more than a multi-line string opened at the end of its line."""

_PASSED_OVER = "\0"
"""The current table while in one whose keys are not wanted (no path holds this character)."""


def line_index(text: str, wanted: Iterable[str] | None = None,
               items: Mapping[str, int] | None = None) -> dict[str, int]:
    """Map each table and key path in `text` to the 1-based line where it starts.

    With `wanted` (the field paths to find), the keys of other tables are passed over
    quickly, and so are the headers of tables under other top-level names: they cost more
    than parsing the file, and a check reports a few problems (on goals, say). The scan ends
    once every wanted path is found (a path's line is where it is first seen).

    `items` gives, for text that parsed as TOML, how many items some top-level arrays of
    tables hold (`{"goals": 625}`): a wanted item of one (`goals[13]`) is then looked for only
    from its own `[[goals]]` header on, found at C speed (`_item_headers`)."""
    if wanted is None or not items:
        return _scan(text, wanted)
    wanted = list(wanted)
    by_item, rest = _by_item(text, wanted, items)
    lines = _scan(text, rest) if rest or not by_item else {}
    lines.update(_items_lines(text, by_item))
    return lines


_ITEM_PATH = re.compile(r"([A-Za-z0-9_-]+)\[(\d+)\](?=[.\[]|\Z)")


def _by_item(text: str, wanted: list[str], items: Mapping[str, int]) -> tuple[dict[tuple[int, str, int], list[str]], list[str]]:
    """The wanted paths under an item of an array in `items` whose headers were found, by
    (header offset, array, index); and the others."""
    headers: dict[str, list[int] | None] = {}
    by_item: dict[tuple[int, str, int], list[str]] = {}
    rest = []
    for path in wanted:
        match = _ITEM_PATH.match(path)
        if match and match.group(1) in items:
            root, index = match.group(1), int(match.group(2))
            if root not in headers:
                headers[root] = _item_headers(text, root, items[root])
            found = headers[root]
            if found is not None and index < len(found):
                by_item.setdefault((found[index], root, index), []).append(path)
                continue
        rest.append(path)
    if by_item:
        # Each item's text ends where the next item of its array begins (nothing can be added to
        # an item once the next is open); the last one's, at the end of the file.
        ends = {key: (headers[key[1]][key[2] + 1] if key[2] + 1 < len(headers[key[1]]) else len(text))
                for key in by_item}
        by_item = {(*key, ends[key]): paths for key, paths in by_item.items()}
    return by_item, rest


def _items_lines(text: str, by_item: dict) -> dict[str, int]:
    """The lines of the paths under each item, each item's text read from its header on."""
    lines: dict[str, int] = {}
    line = 1
    at = 0
    for begin, root, index, end in sorted(by_item):
        line += text.count("\n", at, begin)
        at = begin
        item = f"{root}[{index}]"
        found = _scan(text[begin:end], by_item[begin, root, index, end], {root: index})
        for path, number in found.items():
            if path == item or path.startswith((item + ".", item + "[")):
                lines[path] = line + number - 1
    return lines


def _item_headers(text: str, root: str, count: int) -> list[int] | None:
    """Where each of the `count` items of the top-level array of tables `root` begins (the
    offset of its `[[root]]` line), or None when that is not certain.

    A line that starts with `[[root]]` is an item's header, unless it is inside a multi-line
    string (in an array it would not be TOML). So when the lines that can be one of its headers
    are exactly as many as its items, every one of them is, in order: unless the array was
    written inline (`root = [...]`), when none are; a line that might do that, or a header
    with a quoted name, leaves the answer to the line by line reading."""
    if count <= 0:
        return None
    found = re.compile(rf"\[\[[ \t]*+(?:({re.escape(root)})[ \t]*+\]\]|[\"'])").finditer(text)
    headers = []
    for match in found:
        start = match.start()
        line_start = start if start == 0 or text[start - 1] == "\n" else text.rfind("\n", 0, start) + 1
        if line_start != start and text[line_start:start].strip(" \t"):
            continue  # not at the start of its line: in a value
        if match.group(1) is None:
            return None  # `[["..."]]`: quoted, it may name this array
        headers.append(line_start)
    inline = rf"[ \t]*+(?:{re.escape(root)}|[\"'])[^=\n]*+="
    if len(headers) != count or re.match(inline, text) or re.compile("\n" + inline).search(text, 0, _root_end(text)):
        return None
    return headers


def _root_end(text: str) -> int:
    """Where the top-level table of TOML text surely ends: at its first line that starts with a
    bracket, when nothing before that line can make it part of a value (no bracket, no triple
    quote), for then it is a header; else at the end. A top-level array written inline
    (`goals = [...]`) is defined before it, so the search for one stops there."""
    if _BRACKET_LINE.match(text):
        return 0
    first = _BRACKET_LINE_AFTER.search(text)
    if first is None:
        return len(text)
    end = first.start() + 1
    before = text[:end]
    return len(text) if "[" in before or '"""' in before or "'''" in before else end


_BRACKET_LINE = re.compile(r"[ \t]*+\[")
_BRACKET_LINE_AFTER = re.compile(r"\n[ \t]*+\[")


def _scan(text: str, wanted: Iterable[str] | None = None, counts: Mapping[str, int] | None = None) -> dict[str, int]:
    """`line_index`, reading line by line from the start of `text`; `counts`: the items of some
    arrays of tables already passed (`text` starts at an item's header)."""
    wanted = None if wanted is None else list(wanted)
    tables = None if wanted is None else _tables_of(wanted)
    roots = None if wanted is None else _roots_of(wanted)
    missing = None if wanted is None else set(wanted)
    quiet_runs: dict[frozenset[str], re.Pattern[str]] = {}  # by the arrays whose last item is not wanted
    quiet_run: re.Pattern[str] | None = None  # the one for the arrays' counts now
    lines: dict[str, int] = {}
    array_counts: dict[str, int] = dict(counts or {})  # resolved path of an array of tables -> items seen
    current = ""
    closing: str | None = None  # the delimiter that ends the multi-line string we are in
    bracket_depth = 0  # inside a multi-line array value
    # Lines as TOML (and the parser's line numbers) count them: only "\n" ends a line, not the
    # U+0085, U+2028 or form feed that `str.splitlines` would also split on.
    number = 0  # of the line before `start`
    start: int | None = 0  # where the next line begins; None after the last
    while start is not None:
        # Inside a long text or a multi-line array, or in a table not wanted, a line matters only
        # if it holds a bracket or a triple quote (or the closing one): find the next such line,
        # past a run of quiet ones in a table not wanted, at C speed.
        if closing is not None:
            found = text.find(closing, start)
        elif bracket_depth > 0:
            match = _SIGNIFICANT.search(text, start)
            found = match.start() if match else -1
        elif tables is not None and current not in tables:
            if quiet_run is None:  # the arrays' counts changed
                passed_items = frozenset(() if roots is None else (
                    root for root in roots if root in array_counts and f"{root}[{array_counts[root] - 1}]" not in tables))
                quiet_run = quiet_runs.get(passed_items)
                if quiet_run is None:
                    quiet_run = quiet_runs[passed_items] = _quiet_run(roots, passed_items)
            match = _SIGNIFICANT.search(text, quiet_run.match(text, start).end())
            found = match.start() if match else -1
        else:
            found = start
        if found < 0:
            break
        line_start = text.rfind("\n", start, found) + 1
        if line_start > start:  # 0 when `found` is on the line at `start`
            number += text.count("\n", start, line_start)
            start = line_start
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        start = None if end < 0 else end + 1
        number += 1
        if closing is not None:
            if closing in line:
                closing = None
            continue
        if bracket_depth > 0:
            balance, closing = _scan_value(line)
            bracket_depth += balance
            continue
        first = line.lstrip()[:1]
        if not first or first == "#":
            continue
        passed_over = tables is not None and current not in tables
        if passed_over and first != "[":
            if "[" not in line and '"""' not in line and "'''" not in line:
                continue  # a key of a table not wanted, whose value ends on this line
            key = _KEY.match(line)
            if key:  # only where its value ends matters: its path is not wanted
                value = line[key.end():]
                if value.endswith('"""') and value.count('"') == 3 and not _ODD_IN_VALUE.intersection(value):
                    closing = '"""'  # as Stratbook writes a long text: opened at the end of its line
                else:
                    balance, closing = _scan_value(value)
                    if closing is None:
                        bracket_depth = max(0, balance)
            continue
        if first == "[" and roots is not None:
            name = line.lstrip().lstrip("[").lstrip()
            if '"' not in name and "'" not in name and name.split(".", 1)[0].split("]", 1)[0].strip() not in roots:
                current = _PASSED_OVER  # a table under another top-level name: its keys are not wanted
                continue
        header = _HEADER.match(line) if first == "[" else None  # a key never starts with "["
        if header:
            parts = _key_parts(header.group(2))
            resolved = ""
            for part in parts[:-1]:
                resolved = f"{resolved}.{part}" if resolved else part
                if resolved in array_counts:
                    resolved += f"[{array_counts[resolved] - 1}]"
            name = parts[-1] if parts else ""
            resolved = f"{resolved}.{name}" if resolved else name
            if header.group(1) == "[[":
                array_counts[resolved] = array_counts.get(resolved, 0) + 1
                quiet_run = None
                lines.setdefault(resolved, number)
                resolved += f"[{array_counts[resolved] - 1}]"
            current = resolved
            lines.setdefault(current, number)
            if missing is not None and current in missing:
                missing.discard(current)
                if not missing:
                    break
            continue
        key = _KEY.match(line)
        if not key:
            continue
        path = current
        for part in _key_parts(key.group(1)):
            path = f"{path}.{part}" if path else part
            lines.setdefault(path, number)
            if missing is not None and path in missing:
                missing.discard(path)
                if not missing:
                    return lines
        balance, closing = _scan_value(line[key.end():])
        if closing is None:
            bracket_depth = max(0, balance)
    return lines


def find_line(index: dict[str, int], path: str) -> int | None:
    """The line of `path`, or of its nearest enclosing table or array item."""
    while path:
        if path in index:
            return index[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return None
        path = path[:cut]
    return None
