"""Write a `Workbook` as canonical TOML text, and prove it reads back the same.

The layout is the format page's: keys in its order, one `[[array]]` table per
item, multi-line strings for text with line breaks, dates as TOML dates,
UTC date-times ending in `Z`. tomli-w cannot be told to do that (it writes
short items as inline tables, arrays over several lines, date-times with a
space and `+00:00`, and folds CRLF inside multi-line strings), so this module
emits the text itself and then parses it back with tomli before anything
touches the disk.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from time import perf_counter, sleep

import tomli

from tui.model.workbook import (
    DEFAULT_KR_WEIGHT,
    HISTORY_LIMIT,
    PESTLE_FACTORS,
    QUADRANTS,
    FORCES,
    AnsoffOption,
    Checkin,
    Closing,
    Forces,
    Goal,
    KeyResult,
    Measure,
    PestleFactor,
    Risk,
    Workbook,
)
from tui.model.text import WRITTEN_ESCAPED
from tui.store.comments import block, item_anchor, writable
from tui.store.comments import is_array_of_tables as _is_array_of_tables
from tui.store.files import HEADER
from tui.store.problems import Problem, WorkbookError
from tui.store.validate import validate

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` for the annotations only (see tui.model.workbook)
    from typing import Any, Callable

    from tui.model.comments import Anchor, Comments
    from tui.store.comments import Placer

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f' + WRITTEN_ESCAPED + ']')
_NEEDS_ESCAPE_MULTILINE = re.compile(r'"""|\\|[\x00-\x08\x0b-\x1f\x7f' + WRITTEN_ESCAPED + r']|"\Z')
_NEEDS_ESCAPE_MULTILINE_IN_LINES = re.compile(r'["\\\x00-\x08\x0b-\x1f\x7f' + WRITTEN_ESCAPED
                                              + r'](?:(?<=")(?:""|(?=\n)|\Z)|(?<!"))')
"""What `_NEEDS_ESCAPE_MULTILINE` finds in any line of a text (a quote that ends a line, too, as
`_wrapped` escapes it a line at a time), in one search of the whole text: a search a line took
0.7 s of saving a 5.5 MB text of 100,000 lines."""
_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group(0)
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _escape_multiline(match: re.Match[str]) -> str:
    found = match.group(0)
    if found == '"""':
        return '""\\"'  # three quotes would end the string
    if found == '"':
        return '\\"'  # a quote just before the closing delimiter
    return _escape_char(match)


WRAP_AT = 76  # plus the line-ending backslash: lines stay within 80 columns in an email
_WORD = re.compile(r"[ \t]*[^ \t]+[ \t]*")
# What the word loop below makes of a line without escapes, in one pass: the longest run of whole
# words that fits in WRAP_AT (not counting its trailing blanks), or one longer word; blanks
# after it stay with it; a line of blanks only is one chunk.
_CHUNK = re.compile(rf"[^\n]{{0,{WRAP_AT - 1}}}[^ \t\n](?![^ \t\n])[ \t]*|[ \t]*[^ \t\n]+[ \t]*|[ \t]+")


def _wrapped(line: str) -> str:
    """A long line cut after spaces, each cut marked with TOML's line-ending backslash.

    The backslash drops the newline and the whitespace that follows it, and a
    cut is only made where a word follows, so the text reads back unchanged.
    """
    if _NEEDS_ESCAPE_MULTILINE.search(line) is None:  # the common case: as wide as it is long
        if len(line) <= WRAP_AT:
            return line
        return "\\\n".join(_CHUNK.findall(line))
    escaped = _NEEDS_ESCAPE_MULTILINE.sub(_escape_multiline, line)
    if len(escaped) <= WRAP_AT or not line.strip(" \t"):  # blanks only: nowhere to cut, nothing to lose
        return escaped
    chunks: list[str] = []
    current = ""
    width = 0  # of `current` as written: escapes (\\, \", \u001b) make text wider than it is long
    for word in _WORD.findall(line):
        word_width = len(_NEEDS_ESCAPE_MULTILINE.sub(_escape_multiline, word))
        blanks = len(word) - len(word.rstrip(" \t"))
        if current and width + word_width - blanks > WRAP_AT and current[-1] in " \t":
            chunks.append(current)
            current, width = "", 0
        current += word
        width += word_width
    chunks.append(current)
    return "\\\n".join(_NEEDS_ESCAPE_MULTILINE.sub(_escape_multiline, chunk) for chunk in chunks)


LONG_TEXT = 16_384
"""A text at least this long is formatted once and its TOML kept (`_formatted_long`): the
recovery file is written again a second after each pause in typing, and formatting a 5 MB vision
each time took 0.15 s of the interpreter the keys wait for."""


def format_string(text: str, multiline: bool = True) -> str:
    """A TOML string: multi-line and wrapped when it is long or has line breaks (if `multiline`)."""
    if len(text) >= LONG_TEXT:
        return _formatted_long(text, multiline)
    return _formatted(text, multiline)


@functools.lru_cache(maxsize=16)  # a few pasted documents; str keys keep their hash, so a hit is O(1)
def _formatted_long(text: str, multiline: bool) -> str:
    return _formatted(text, multiline)


def _formatted(text: str, multiline: bool) -> str:
    if multiline and ("\n" in text or len(text) > WRAP_AT):
        if len(text) <= WRAP_AT:
            return '"""\n' + _NEEDS_ESCAPE_MULTILINE.sub(_escape_multiline, text) + '"""'
        if _NEEDS_ESCAPE_MULTILINE_IN_LINES.search(text) is None:  # the common case, in one search of the text
            return '"""\n' + "\n".join(line if len(line) <= WRAP_AT else "\\\n".join(_CHUNK.findall(line))
                                        for line in text.split("\n")) + '"""'
        return '"""\n' + "\n".join(_wrapped(line) for line in text.split("\n")) + '"""'
    if _NEEDS_ESCAPE.search(text) is None:
        return '"' + text + '"'
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'


def format_key(key: str) -> str:
    if _BARE_KEY.match(key):
        return key
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, key) + '"'


def format_datetime(value: datetime) -> str:
    if value.tzinfo is not None and value.utcoffset() == timedelta(0):
        return value.replace(tzinfo=None).isoformat() + "Z"
    return value.isoformat()


def format_value(value: Any, multiline: bool = False) -> str:
    kind = type(value)
    if kind is str:
        return format_string(value, multiline)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        if math.isnan(value):
            return "nan"
        return repr(value)  # 'inf', '-inf', '1e+20' and '0.1' are all TOML
    if kind is datetime:
        return format_datetime(value)
    if kind is date or kind is time:
        return value.isoformat()
    if kind is list:
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    if kind is dict:
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{format_key(k)} = {format_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write a value of type {kind.__name__}")


class GiveWay:
    """For `emit` in a worker thread: between tables, every `every` seconds of work, let another
    thread take the interpreter. Python hands it over only every 5 ms otherwise, so while a
    recovery file of 10,000 items of long text was written (0.2 s), a key that takes 12 ms took
    twice that or more; with this, the app's thread waits at most `every` for its turn."""

    def __init__(self, every: float = 0.0005) -> None:
        self.every = every
        self.next_at = perf_counter() + every

    def __call__(self) -> None:
        if perf_counter() >= self.next_at:
            sleep(0)  # releases the interpreter; a thread waiting for it runs
            self.next_at = perf_counter() + self.every


def emit(document: dict[str, Any], give_way: Callable[[], None] | None = None,
         comments: Comments | None = None) -> str:
    """TOML text for `document`: scalars first, then tables; every array of tables as `[[...]]`;
    with `comments` (a workbook's) at their anchors. `give_way`, if given, is called before each
    table (see `GiveWay`)."""
    return "\n".join(_entries(document, give_way, comments))


def emit_with(document: dict[str, Any], placer: Placer, give_way: Callable[[], None] | None = None) -> list[str]:
    """The entries of `emit`, with the comments `placer` (tui/store/comments.py) gives each anchor."""
    out: list[str] = list(HEADER)
    top = block(placer.comments.top)
    if top:
        out += ["", *top]
    _emit_table(out, "", document, False, give_way, placer, ())
    if top and len(out) > len(HEADER) + 1 + len(top) and out[len(HEADER) + 1 + len(top)]:
        out.insert(len(HEADER) + 1 + len(top), "")  # a blank line parts the top from what follows
    end = block(placer.comments.end)
    if end:
        out += ["", *end]
    out.append("")
    return out


def _entries(document: dict[str, Any], give_way: Callable[[], None] | None = None,
             comments: Comments | None = None) -> list[str]:
    """The text of `emit`, one entry per line or per key (a multi-line string is one entry); with
    the workbook's comments in their places when it has some."""
    if comments:
        from tui.store.comments import Placer

        return emit_with(document, Placer(comments, document), give_way)
    out: list[str] = list(HEADER)
    _emit_table(out, "", document, False, give_way)
    out.append("")
    return out


def _emit_table(out: list[str], name: str, table: dict[str, Any], in_array: bool,
                give_way: Callable[[], None] | None = None, placer: Placer | None = None,
                anchor: Anchor = ()) -> None:
    if give_way is not None:
        give_way()
    subtables = []
    scalar_lines = []
    if placer is None:  # the common case: a file without comments pays no test a key
        for key, value in table.items():
            if type(value) is dict or _is_array_of_tables(value):
                subtables.append((key, value))
            else:
                scalar_lines.append(f"{format_key(key)} = {format_value(value, multiline=True)}")
    else:
        for key, value in table.items():
            if type(value) is dict or _is_array_of_tables(value):
                subtables.append((key, value))
                continue
            here = (*anchor, key)
            scalar_lines += placer.lines_above(here)
            scalar_lines.append(f"{format_key(key)} = {format_value(value, multiline=True)}{placer.line_end(here)}")
    if name and (in_array or scalar_lines or not subtables):
        out.append("")
        header = f"[[{name}]]" if in_array else f"[{name}]"
        if placer is not None:
            out += placer.lines_above(anchor)
            header += placer.line_end(anchor)
        out.append(header)
    out.extend(scalar_lines)
    for key, value in subtables:
        child = f"{name}.{format_key(key)}" if name else format_key(key)
        if type(value) is dict:
            _emit_table(out, child, value, False, give_way, placer, (*anchor, key))
        elif placer is None:
            for item in value:
                _emit_table(out, child, item, True, give_way)
        else:
            for index, item in enumerate(value):
                _emit_table(out, child, item, True, give_way, placer,
                            item_anchor(anchor, key, index, item, placer.repeated))


# -- the document: a workbook as the dict that tomli would read back ----------

def _with_extra(fields: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    if extra:
        for key, value in extra.items():
            fields.setdefault(key, value)
    return fields


def _measure_fields(measure: Measure | Any, fields: dict[str, Any]) -> dict[str, Any]:
    for key in ("baseline", "target", "current"):
        value = getattr(measure, key)
        if value is not None:
            fields[key] = value
    return fields


def _checkins(checkins: list[Checkin]) -> list[dict[str, Any]]:
    written = []
    for checkin in checkins:
        entry: dict[str, Any] = {"id": checkin.id}
        if checkin.date is not None:
            entry["date"] = checkin.date
        entry["value"] = checkin.value
        if checkin.confidence is not None:
            entry["confidence"] = checkin.confidence
        if checkin.note:
            entry["note"] = checkin.note
        if checkin.by:
            entry["by"] = checkin.by
        written.append(_with_extra(entry, checkin.extra))
    return written


def _closing(closing: Closing) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if closing.date is not None:
        fields["date"] = closing.date
    if closing.score is not None:
        fields["score"] = closing.score
    fields["lessons"] = closing.lessons
    if closing.carried_to is not None:
        fields["carried_to"] = closing.carried_to
    return _with_extra(fields, closing.extra)


def _key_result(kr: KeyResult) -> dict[str, Any]:
    fields = _measure_fields(kr, {"id": kr.id, "text": kr.text, "unit": kr.unit})
    if kr.weight != DEFAULT_KR_WEIGHT:  # optional in the format: the default is left out
        fields["weight"] = kr.weight
    if kr.checkins:
        fields["checkins"] = _checkins(kr.checkins)
    return fields


def _goal(goal: Goal) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": goal.id,
        "framework": goal.framework,
        "title": goal.title,
        "status": goal.status,
        "owner": goal.owner,
    }
    if goal.start is not None:
        fields["start"] = goal.start
    if goal.due is not None:
        fields["due"] = goal.due
    if goal.links:
        fields["links"] = list(goal.links)
    for key in ("parent", "commitment", "perspective"):
        if getattr(goal, key):
            fields[key] = getattr(goal, key)
    if goal.checkin_days is not None:
        fields["checkin_days"] = goal.checkin_days
    if goal.answers:
        fields["answers"] = dict(goal.answers)
    if goal.measure is not None:
        m = goal.measure
        fields["measure"] = _with_extra(_measure_fields(m, {"metric": m.metric, "unit": m.unit}), m.extra)
    if goal.key_results:
        fields["key_results"] = [_with_extra(_key_result(kr), kr.extra) for kr in goal.key_results]
    if goal.milestones:
        milestones = []
        for ms in goal.milestones:
            entry: dict[str, Any] = {"id": ms.id}
            if ms.due is not None:
                entry["due"] = ms.due
            entry["text"] = ms.text
            entry["done"] = ms.done
            milestones.append(_with_extra(entry, ms.extra))
        fields["milestones"] = milestones
    if goal.checkins:
        fields["checkins"] = _checkins(goal.checkins)
    if goal.closing is not None:
        fields["closing"] = _closing(goal.closing)
    return _with_extra(fields, goal.extra)


def _factor(factor: PestleFactor) -> dict[str, Any]:
    fields: dict[str, Any] = {"reviewed": factor.reviewed}
    if factor.notes:
        fields["notes"] = factor.notes
    if factor.items:
        fields["items"] = [
            _with_extra({
                "id": item.id,
                "text": item.text,
                "checked": item.checked,
                "impact": item.impact,
                "likelihood": item.likelihood,
                "effect": item.effect,
            }, item.extra)
            for item in factor.items
        ]
    return _with_extra(fields, factor.extra)


def _risk(risk: Risk) -> dict[str, Any]:
    fields: dict[str, Any] = {"id": risk.id, "text": risk.text, "owner": risk.owner, "impact": risk.impact,
                              "likelihood": risk.likelihood}
    if risk.treatment:
        fields["treatment"] = risk.treatment
    if risk.response:
        fields["response"] = risk.response
    if risk.review is not None:
        fields["review"] = risk.review
    fields["status"] = risk.status
    if risk.source is not None:
        fields["source"] = risk.source
    if risk.links:
        fields["links"] = list(risk.links)
    return _with_extra(fields, risk.extra)


def to_document(workbook: Workbook, updated: datetime | None = None) -> dict[str, Any]:
    """The workbook as plain TOML data, keys in the format page's order."""
    meta = workbook.meta
    head: dict[str, Any] = {
        "schema": meta.schema,
        "title": meta.title,
        "organisation": meta.organisation,
    }
    if meta.authors:
        head["authors"] = list(meta.authors)
    if meta.created is not None:
        head["created"] = meta.created
    if (updated or meta.updated) is not None:
        head["updated"] = updated or meta.updated
    if meta.lineage:
        head["lineage"] = meta.lineage
    if meta.revision:
        head["revision"] = meta.revision
    if meta.history:
        head["history"] = list(meta.history)
    if meta.checkin_days is not None:
        head["checkin_days"] = meta.checkin_days
    document: dict[str, Any] = {"workbook": _with_extra(head, meta.extra)}

    vmv = workbook.vmv
    vmv_table: dict[str, Any] = {"vision": vmv.vision, "mission": vmv.mission}
    if vmv.values:
        vmv_table["values"] = [
            _with_extra({"id": v.id, "name": v.name, "description": v.description}, v.extra) for v in vmv.values
        ]
    document["vmv"] = _with_extra(vmv_table, vmv.extra)

    swot: dict[str, Any] = {}
    for name in QUADRANTS:
        items = []
        for item in getattr(workbook.swot, name):
            entry: dict[str, Any] = {"id": item.id, "text": item.text, "weight": item.weight}
            if item.notes:
                entry["notes"] = item.notes
            if item.source is not None:
                entry["source"] = item.source
            items.append(_with_extra(entry, item.extra) if item.extra else entry)
        if items:
            swot[name] = items
    _with_extra(swot, workbook.swot.extra)
    if swot:
        document["swot"] = swot

    if workbook.strategies:
        document["strategies"] = [
            _with_extra({"id": s.id, "kind": s.kind, "text": s.text, "links": list(s.links)}, s.extra)
            for s in workbook.strategies
        ]

    pestle = {name: _factor(workbook.pestle.factors[name]) for name in PESTLE_FACTORS}
    document["pestle"] = _with_extra(pestle, workbook.pestle.extra)

    if workbook.goals:
        document["goals"] = [_goal(goal) for goal in workbook.goals]
    if workbook.tactics:
        tactics = []
        for tactic in workbook.tactics:
            entry = {"id": tactic.id}
            if tactic.goal:
                entry["goal"] = tactic.goal
            entry["text"] = tactic.text
            entry["owner"] = tactic.owner
            if tactic.due is not None:
                entry["due"] = tactic.due
            entry["status"] = tactic.status
            tactics.append(_with_extra(entry, tactic.extra))
        document["tactics"] = tactics
    if workbook.risks:
        document["risks"] = [_risk(risk) for risk in workbook.risks]
    _forces_and_ansoff(document, workbook.forces, workbook.ansoff)
    return _with_extra(document, workbook.extra)


def with_goal(document: dict[str, Any], goal: Goal) -> dict[str, Any]:
    """`document` (made by `to_document`) with `goal` in place of the goal of its id, or added
    after the others: a new dict sharing the rest, `document` unchanged. The work in progress of
    a dialog put into a large workbook's document without making the whole document again."""
    entry = _goal(goal)
    goals = list(document.get("goals", ()))
    index = next((i for i, other in enumerate(goals) if other.get("id") == goal.id), None)
    if index is None:
        goals.append(entry)
    else:
        goals[index] = entry
    if "goals" in document:
        return {**document, "goals": goals}
    result: dict[str, Any] = {}
    for key, value in document.items():  # where to_document puts it: after pestle
        result[key] = value
        if key == "pestle":
            result["goals"] = goals
    result.setdefault("goals", goals)
    return result


def _forces_and_ansoff(document: dict[str, Any], forces: Forces, options: list[AnsoffOption]) -> None:
    """`[forces.<name>]` for each force something is said about, in FORCES order; then `[[ansoff]]`."""
    table: dict[str, Any] = {}
    for name in FORCES:
        force = forces.forces[name]
        if force.is_empty:
            continue
        fields: dict[str, Any] = {}
        if force.rating is not None:
            fields["rating"] = force.rating
        fields["notes"] = force.notes
        if force.items:
            fields["items"] = [_with_extra({"id": i.id, "text": i.text, "weight": i.weight}, i.extra)
                               for i in force.items]
        table[name] = _with_extra(fields, force.extra)
    _with_extra(table, forces.extra)
    if table:
        document["forces"] = table
    if options:
        written = []
        for option in options:
            entry: dict[str, Any] = {"id": option.id, "quadrant": option.quadrant, "text": option.text,
                                     "risk": option.risk}
            if option.links:
                entry["links"] = list(option.links)
            written.append(_with_extra(entry, option.extra))
        document["ansoff"] = written


# -- the read-back check -------------------------------------------------------

def _same(a: Any, b: Any) -> bool:
    """Equality in which NaN equals NaN and types must match (1 is not 1.0, True is not 1)."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if type(a) is list:
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if type(a) is float and math.isnan(a):
        return math.isnan(b)
    if type(a) is datetime:
        return a == b and a.utcoffset() == b.utcoffset()
    return a == b


def _first_difference(written: Any, read: Any, path: str) -> str | None:
    if type(written) is dict and type(read) is dict:
        for key, value in written.items():
            inner = f"{path}.{key}" if path else key
            if key not in read:
                return inner
            found = _first_difference(value, read[key], inner)
            if found is not None:
                return found
        return None
    if type(written) is list and type(read) is list and len(written) == len(read):
        for index, (x, y) in enumerate(zip(written, read)):
            found = _first_difference(x, y, f"{path}[{index}]")
            if found is not None:
                return found
        return None
    return None if _same(written, read) else path


def _unwritable_value(value: Any, path: str) -> tuple[str, str] | None:
    """The path and reason of the first value that TOML text cannot carry."""
    kind = type(value)
    if kind is dict:
        for key, inner in value.items():
            found = _unwritable_value(key, f"{path} (key)") or _unwritable_value(inner, f"{path}.{key}" if path else key)
            if found:
                return found
        return None
    if kind is list:
        for index, inner in enumerate(value):
            found = _unwritable_value(inner, f"{path}[{index}]")
            if found:
                return found
        return None
    if kind is str:
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return path, "contains a character that UTF-8 cannot encode (a lone surrogate)"
        return None
    try:
        text = format_value(value)
        back = tomli.loads(f"v = {text}")["v"]
    except TypeError:
        return path, f"has a value of type {kind.__name__}, which TOML cannot hold"
    except Exception:  # noqa: BLE001 - any parser failure means the value cannot be written
        return path, f"{value!r} cannot be written as TOML (e.g. a time-zone offset with seconds)"
    if not _same(value, back):
        return path, f"{value!r} would not read back the same"
    return None


def _refuse(document: dict[str, Any], read: Any = None) -> WorkbookError:
    found = _unwritable_value(document, "")
    if found is None and read is not None:
        path = _first_difference(document, read, "")
        found = (path or "", "would not read back the same")
    path, reason = found or ("", "the workbook could not be written as TOML")
    return WorkbookError([Problem("error", f"cannot save: {reason}", path)])


def dumps(workbook: Workbook, updated: datetime | None = None) -> bytes:
    """Canonical UTF-8 bytes for `workbook`, checked by parsing them back.

    The workbook's revision and history are written as they are: a write by Stratbook uses
    `stamped`, which sets them. Raises `WorkbookError` naming the field path of any value that
    would not survive the round trip, or that `load` would refuse; nothing is written then.
    """
    return _written(workbook, updated, stamp=False, check=True).data


@dataclass(frozen=True, slots=True)
class Stamped:
    """What a write puts in the file: the bytes, and the revision and history in them."""

    data: bytes
    revision: str
    history: list[str]


def stamped(workbook: Workbook, updated: datetime | None = None) -> Stamped:
    """`dumps` for a write by Stratbook: with the content's revision, and the history it had.

    The revision is the format's: the first 16 hex digits of the SHA-256 of these bytes without
    the revision, history and updated lines. So a rewrite of unchanged content keeps its
    revision; when it changed, the revision the workbook had is pushed onto `history`.
    """
    return _written(workbook, updated, stamp=True, check=True)


def canonical_bytes(workbook: Workbook) -> bytes:
    """The bytes `stamped` would give, without its check: only to compare with bytes that were
    read and checked already (`fmt` of a file in canonical form reads and checks it once).
    Anything to be written comes from `dumps` or `stamped`."""
    return _written(workbook, None, stamp=True, check=False).data


def _written(workbook: Workbook, updated: datetime | None, stamp: bool, check: bool) -> Stamped:
    try:
        document, written = _emitted(workbook, updated, stamp)
        if check:
            _check(document, written.data)
        return written
    except RecursionError:  # unknown data nested deeper than the writer can walk
        raise WorkbookError([Problem("error", "cannot save: nested too deeply")]) from None


_UNHASHED = ("updated = ", "revision = ", "history = ")
"""The `[workbook]` lines a revision leaves out: they change when the content does not."""


def _revision_entries(entries: list[str]) -> dict[str, int]:
    """Where the unhashed keys of the `[workbook]` table are in `entries` (key: index)."""
    found: dict[str, int] = {}
    start = next((index for index, entry in enumerate(entries)
                  if entry == "[workbook]" or entry.startswith("[workbook]  #")), None)
    if start is None:
        return found
    for index in range(start + 1, len(entries)):
        entry = entries[index]
        if entry.startswith("["):  # the next table: a key's entry never starts with a bracket
            break
        for prefix in _UNHASHED:
            if entry.startswith(prefix):
                found[prefix[:-3]] = index
    return found


def _emitted(workbook: Workbook, updated: datetime | None, stamp: bool) -> tuple[dict[str, Any], Stamped]:
    meta = workbook.meta
    document = to_document(workbook, updated)
    try:
        if not stamp:
            text = "\n".join(_entries(document, None, workbook.comments))
            return document, Stamped(text.encode("utf-8"), meta.revision, list(meta.history))
        head = document["workbook"]
        # Placeholders, written in their places; their text is filled in once the revision is known.
        if "revision" not in head:
            before = [key for key in ("organisation", "authors", "created", "updated", "lineage") if key in head]
            _insert_after(head, before[-1], "revision", "")
        if "history" not in head:
            _insert_after(head, "revision", "history", [])
        entries = _entries(document, None, workbook.comments)
        places = _revision_entries(entries)
        hashed = "\n".join(entry for index, entry in enumerate(entries) if index not in places.values())
        import hashlib  # here: checks and exports write nothing

        revision = hashlib.sha256(hashed.encode("utf-8")).hexdigest()[:16]
        history = list(meta.history)
        if meta.revision and meta.revision != revision:
            history = [meta.revision, *(r for r in history if r != meta.revision)]
        history = [r for r in history if r != revision][:HISTORY_LIMIT]
        head["revision"] = revision
        after = workbook.comments.after  # a comment at the end of the line stays there
        entries[places["revision"]] = f"revision = {format_value(revision)}{_line_end(after, 'revision')}"
        if history:
            head["history"] = history
            entries[places["history"]] = f"history = {format_value(history)}{_line_end(after, 'history')}"
        else:
            del head["history"]
            del entries[places["history"]]
        return document, Stamped("\n".join(entries).encode("utf-8"), revision, history)
    except (TypeError, ValueError, UnicodeError, RecursionError) as exc:
        raise _refuse(document) from exc


def _line_end(after: dict[Anchor, str], key: str) -> str:
    """The comment written at the end of the `[workbook]` key's line, as the writer puts it."""
    text = after.get(("workbook", key)) if after else None
    return "  " + writable(text) if text else ""


def _check(document: dict[str, Any], data: bytes) -> None:
    """Refuse (WorkbookError) bytes that do not read back as `document` or that `load` would refuse."""
    try:
        read = tomli.loads(data.decode("utf-8"))
    except (TypeError, ValueError, UnicodeError, RecursionError) as exc:
        raise _refuse(document) from exc
    if read != document and not _same(document, read):
        raise _refuse(document, read)
    # Strict on write: never write a file that load would refuse (a weight of 7, a duplicate or
    # malformed id, NaN in a measure, an integer beyond 64 bits, due before start). Warnings,
    # such as a dangling link, do not stop a save. `read` is consumed here; it is not needed again.
    errors = [p for p in validate(read)[1] if p.is_error]
    if errors:
        raise WorkbookError([Problem("error", f"cannot save: {p.message}", p.path) for p in errors])


def _insert_after(table: dict[str, Any], after: str, key: str, value: Any) -> None:
    """Put `key` right after `after` in `table`'s order (at the end when `after` is absent)."""
    items = list(table.items())
    position = next((i + 1 for i, (k, _) in enumerate(items) if k == after), len(items))
    items.insert(position, (key, value))
    table.clear()
    table.update(items)
