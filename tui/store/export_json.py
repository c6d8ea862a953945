"""The JSON export and its reader. No Textual here.

JSON is a faithful dump for other tools; `loads_json` reads it back to the same workbook. Its
layout and its dates are described in tui/store/export.py. Apart from the Markdown and HTML
exports, so that `stratbook export --format json` and `diff --format json` load none of their
model helpers and pictures.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from tui.model.text import WRITTEN_ESCAPED
from tui.model.workbook import Workbook
from tui.store.problems import Problem, WorkbookError
from tui.store.validate import validate
from tui.store.writer import to_document

_KNOWN_DATES: tuple[tuple[str, ...], ...] = (
    ("workbook", "created"), ("workbook", "updated"), ("goals", "*", "start"), ("goals", "*", "due"),
    ("goals", "*", "milestones", "*", "due"), ("tactics", "*", "due"), ("risks", "*", "review"),
)


def _tagged(value: Any) -> Any:
    """A TOML value as JSON data, dates and odd floats tagged with their type."""
    kind = type(value)
    if kind is dict:
        return {key: _tagged(inner) for key, inner in value.items()}
    if kind is list:
        return [_tagged(inner) for inner in value]
    if kind is datetime:
        return {"$datetime" if value.tzinfo else "$datetime-local": _iso(value)}
    if kind is date:
        return {"$date": value.isoformat()}
    if kind is time:
        return {"$time": value.isoformat()}
    if kind is float and not math.isfinite(value):
        return {"$float": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    return value


def _iso(value: datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _untagged(value: Any) -> Any:
    kind = type(value)
    if kind is list:
        return [_untagged(inner) for inner in value]
    if kind is not dict:
        return value
    if len(value) == 1:
        (key, inner), = value.items()
        if type(inner) is str:
            try:
                if key == "$date":
                    return date.fromisoformat(inner)
                if key in ("$datetime", "$datetime-local"):
                    return datetime.fromisoformat(inner.replace("Z", "+00:00"))
                if key == "$time":
                    return time.fromisoformat(inner)
                if key == "$float" and inner in ("nan", "inf", "-inf"):
                    return float(inner)
            except ValueError:
                pass
    return {key: _untagged(inner) for key, inner in value.items()}


def _at_known_dates(document: Any, change: Callable[[Any], Any]) -> None:
    """Apply `change` to the value of every known date field in `document`, in place."""
    def walk(node: Any, path: tuple[str, ...]) -> None:
        head, rest = path[0], path[1:]
        targets = node if head == "*" and type(node) is list else []
        if head != "*" and type(node) is dict and head in node:
            if not rest:
                node[head] = change(node[head])
                return
            targets = [node[head]]
        for target in targets:
            if rest:
                walk(target, rest)

    for path in _KNOWN_DATES:
        walk(document, path)


def to_json(workbook: Workbook) -> str:
    # One pass: the known dates become plain strings in the document (its tables are new, made
    # for this), and the writer tags every other date, time and odd float as it meets it.
    document = to_document(workbook)
    _at_known_dates(document, _plain)
    return json_text(document, tagged=True)


def _plain(value: Any) -> Any:
    """A known date field's value: its tagged form without the tag (`2027-06-30`)."""
    value = _tagged(value)
    return next(iter(value.values())) if type(value) is dict and len(value) == 1 else value


_TAGGED_KINDS = frozenset({datetime, date, time})


def json_text(document: Any, tagged: bool = False) -> str:
    """Indented JSON, readable (UTF-8, not \\u escapes) yet safe to print on a terminal.

    JSON escapes C0 controls itself; DEL and `WRITTEN_ESCAPED` (C1 controls, bidi overrides...)
    are escaped here too, as the workbook's own writer does. The data is unchanged: JSON reads
    \\uXXXX back as the character. With `tagged`, dates, times and floats JSON cannot hold are
    written tagged with their type (`_tagged`).
    """
    parts: list[str] = []
    _indented_json(document, "\n", parts, tagged)
    parts.append("\n")
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", "".join(parts))


def _indented_json(value: Any, newline: str, parts: list[str], tagged: bool = False) -> None:
    """`value` as `json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False, default=str)`
    writes it, character for character, onto `parts`. With an indent, `json.dumps` leaves its C
    encoder for a generator per value, written in Python: this is about twice as quick."""
    kind = type(value)
    if kind is str:
        parts.append(_encode_string(value))
    elif tagged and (kind in _TAGGED_KINDS or kind is float and not math.isfinite(value)):
        _indented_json(_tagged(value), newline, parts)
    elif kind is dict or kind is list or isinstance(value, (dict, list, tuple)):
        if not value:
            parts.append("{}" if isinstance(value, dict) else "[]")
            return
        inner = newline + "  "
        between = "," + inner
        append = parts.append
        if isinstance(value, dict):
            append("{" + inner)
            first = True
            for key, item in value.items():
                if not first:
                    append(between)
                first = False
                append(_encode_string(key if type(key) is str else _json_key(key)) + ": ")
                if type(item) is str:  # most values: written here, not by another call
                    append(_encode_string(item))
                else:
                    _indented_json(item, inner, parts, tagged)
            append(newline + "}")
        else:
            append("[" + inner)
            first = True
            for item in value:
                if not first:
                    append(between)
                first = False
                if type(item) is str:
                    append(_encode_string(item))
                else:
                    _indented_json(item, inner, parts, tagged)
            append(newline + "]")
    elif isinstance(value, str):
        parts.append(_encode_string(value))
    elif value is None:
        parts.append("null")
    elif value is True:
        parts.append("true")
    elif value is False:
        parts.append("false")
    elif isinstance(value, int):
        parts.append(int.__repr__(value))
    elif isinstance(value, float):
        parts.append(_json_float(value))
    else:
        _indented_json(str(value), newline, parts)  # default=str


_encode_string = json.encoder.encode_basestring  # what ensure_ascii=False writes strings with


def _json_float(value: float) -> str:
    if math.isnan(value) or math.isinf(value):
        raise ValueError("Out of range float values are not JSON compliant: " + repr(value))
    return float.__repr__(value)


def _json_key(key: Any) -> str:
    """A dict key as `json.dumps` turns it into a string."""
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _json_float(key)
    if key is True or key is False or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, int):
        return int.__repr__(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


_UNSAFE_IN_JSON = re.compile("[\x7f" + WRITTEN_ESCAPED + "]")  # (JSON escapes the C0 controls itself)


def loads_json(text: str, name: str = "") -> Workbook:
    """The workbook from `to_json` text. Raises `WorkbookError` as `tui.store.loads` does."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise WorkbookError.single(f"not valid JSON: {exc}", name) from None
    if type(document) is not dict:
        raise WorkbookError.single("not a Stratbook JSON export: the top level must be an object", name)

    def revive(value: Any) -> Any:
        if type(value) is not str:
            return value
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value

    _at_known_dates(document, revive)
    workbook, problems, _ = validate(_untagged(document))
    errors = [p for p in problems if p.is_error]
    if errors:
        raise WorkbookError([Problem("error", p.message, p.path, file=name) for p in errors])
    return workbook
