"""The line finder as it was before it skipped the tables not wanted at C speed (a regular
expression over many lines at once): kept as the reference the faster one must agree with."""

from __future__ import annotations

from collections.abc import Iterable

from tui.store.locate import (_HEADER, _KEY, _ODD_IN_VALUE, _PASSED_OVER, _key_parts, _roots_of, _scan_value,
                              _tables_of)


def line_index(text: str, wanted: Iterable[str] | None = None) -> dict[str, int]:
    """Map each table and key path in `text` to the 1-based line where it starts.

    With `wanted` (the field paths to find), the keys of other tables are passed over
    quickly, and so are the headers of tables under other top-level names: they cost more
    than parsing the file, and a check reports a few problems (on goals, say). The scan ends
    once every wanted path is found (a path's line is where it is first seen)."""
    wanted = None if wanted is None else list(wanted)
    tables = None if wanted is None else _tables_of(wanted)
    roots = None if wanted is None else _roots_of(wanted)
    missing = None if wanted is None else set(wanted)
    lines: dict[str, int] = {}
    array_counts: dict[str, int] = {}  # resolved path of an array of tables -> items seen
    current = ""
    closing: str | None = None  # the delimiter that ends the multi-line string we are in
    bracket_depth = 0  # inside a multi-line array value
    # Lines as TOML (and the parser's line numbers) count them: only "\n" ends a line, not the
    # U+0085, U+2028 or form feed that `str.splitlines` would also split on.
    for number, line in enumerate(text.split("\n"), start=1):
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
