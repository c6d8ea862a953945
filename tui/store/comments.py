"""Read the comments a person wrote in a workbook's text, each with its anchor. No Textual here.

Why a scanner of our own and not tomlkit (which keeps comments, and is in the venv through
hatchling): the file is parsed by tomli already, and tomlkit 0.15 parses about 30 times slower
(bench_store's 10,000 items: 8.7 s against tomli's 0.3 s, processor time); what comments need
is much less than a parse: where each comment is, and which table header or key follows it
(the anchors then come from the workbook, so the scanner need not understand values). This
module walks the text once, line by line, skipping strings of all four kinds (a `#` inside one
is no comment), and runs only on text that has parsed as TOML and has a comment outside the
header (`files.has_user_comments`): a file without comments pays one search for '#'. With
comments, a load costs about twice a load without (10,000 items, 1,000 comments).

A comment belongs to what it was written above: the next table header or key (an item's header
for an `[[array]]` item); a comment at the end of a line, to that line's key or table. Comments
inside a value spread over lines (an array, an inline table in one) go above its key. Comments
before the first table or key and separated from it by a blank line are the file's top; those
below everything, its end. An anchor the writer will not write (a `[swot]` header, which it
leaves out, an empty `notes = ""`, which it drops) passes its comments to the nearest table or
item that holds it, else to the next thing in the file, else to the end: none is lost.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import tomli

from tui.model.comments import Anchor, Comments
from tui.model.text import WRITTEN_ESCAPED

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from tui.model.workbook import Workbook

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_KEY = rf"[ \t]*{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*[ \t]*"
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*")
_HEADER = re.compile(rf"[ \t]*(\[\[?)({_KEY})\]\]?[ \t]*(#[^\n]*)?(?:\n|\Z)")
_KEY_LINE = re.compile(rf"({_KEY})=[ \t]*")
_SIMPLE_VALUE = r"""(?:"(?:[^"\\\n]|\\.)*"(?!")|'[^'\n]*'(?!')|[^"'\[\]{}#\n]*)[ \t]*(#[^\n]*)?(?:\n|\Z)"""
_SIMPLE_LINE = re.compile(rf"({_KEY})=[ \t]*{_SIMPLE_VALUE}")
"""Most key lines: a key, a one-line string or a bare value (a number, a date, true), and a
comment perhaps; other values (multi-line strings, arrays, inline tables) are walked token by token."""
_TOKEN = re.compile(
    r'("""(?>(?:[^"\\]|\\[\s\S]|"(?!""))*)"""(?:"{0,2}+)'  # multi-line basic, up to 2 quotes before the end
    r"|'''(?>(?:[^']|'(?!''))*)'''(?:'{0,2}+)"  # multi-line literal
    r'|"(?>(?:[^"\\\n]|\\.)*)"'  # basic
    r"|'[^'\n]*+'"  # literal
    r"|[^\"'#\[\]{}\n]++)"  # anything else but a comment, a bracket or a line's end
    r"|(#[^\n]*)|([\[{])|([\]}])|(\n)"
)


@dataclass(slots=True)
class _Element:
    """A table header or a key in the text, with the comments written for it."""

    table: tuple
    """The table's names from the top, each `[[array]]` item's position after its name
    (`("goals", 2)`); for a table header, its own."""
    key: str = ""
    """A key's text as written (`due`, `answers.why`); "" for a table header."""
    above: list[str] = field(default_factory=list)
    after: str = ""
    inside: list[str] = field(default_factory=list)
    """Comments inside its value (an array over several lines)."""


@functools.lru_cache(maxsize=1024)  # a file repeats its table headers and keys
def _key_path(text: str) -> tuple[str, ...]:
    """The names of a (dotted) key as written: bare names split at once, quoted ones by tomli."""
    text = text.strip(" \t")
    if _BARE_KEY.fullmatch(text):
        return tuple(part.strip(" \t") for part in text.split("."))
    node: Any = tomli.loads(f"{text} = 0")
    names = []
    while type(node) is dict:
        (name, node), = node.items()
        names.append(name)
    return tuple(names)


def _scan(text: str) -> tuple[list[str], list[_Element], list[str]]:
    """The comments before the first element, every element with its comments, and the
    comments after the last one. `text` is TOML that tomli has read, with LF line ends."""
    elements: list[_Element] = []
    pending: list[str] = []
    leading: list[str] | None = None
    table: tuple = ()
    arrays: dict[tuple, int] = {}  # each [[array]]'s items so far, by its path
    position, size = 0, len(text)
    while position < size:
        start = position
        while position < size and text[position] in " \t":
            position += 1
        if position >= size:
            break
        char = text[position]
        if char == "\n":
            position += 1
            if pending and pending[-1]:
                pending.append("")  # a blank line inside a block of comments
            continue
        if char == "#":
            end = text.find("\n", position)
            end = size if end == -1 else end
            pending.append(text[position:end].rstrip(" \t"))
            position = end + 1
            continue
        first = leading is None
        if first:  # what is above the first element: the file's top or the element's (read_comments)
            leading, pending = pending, []
        if char == "[":
            found = _HEADER.match(text, start)
            assert found is not None, "a table header that tomli read"
            names = _key_path(found.group(2))
            path: tuple = ()
            for name in names[:-1]:
                path += (name,)
                if path in arrays:
                    path += (arrays[path] - 1,)
            path += (names[-1],)
            if found.group(1) == "[[":
                arrays[path] = arrays.get(path, 0) + 1
                path += (arrays[path] - 1,)
            table = path
            elements.append(_Element(path, "", pending, found.group(3) or ""))
            pending = []
            position = found.end()
            continue
        simple = _SIMPLE_LINE.match(text, start)
        if simple is not None:
            position = simple.end()
            if pending or simple.group(2) or first:  # a key without comments is no element: nothing anchors to it
                elements.append(_Element(table, simple.group(1), pending, simple.group(2) or ""))
                pending = []
            continue
        found = _KEY_LINE.match(text, start)
        assert found is not None, "a key that tomli read"
        element = _Element(table, found.group(1), pending)  # its names are worked out if it has comments
        pending = []
        elements.append(element)
        position = found.end()
        depth = 0
        while position < size:
            token = _TOKEN.match(text, position)
            assert token is not None
            position = token.end()
            comment, opened, closed, newline = token.group(2, 3, 4, 5)
            if comment is not None:
                if depth:
                    element.inside.append(comment.rstrip(" \t"))
                else:
                    element.after = comment.rstrip(" \t")
            elif opened is not None:
                depth += 1
            elif closed is not None:
                depth -= 1
            elif newline is not None and not depth:
                break
    if leading is None:  # no element at all
        leading, pending = pending, []
    return leading, elements, pending


def _trimmed(lines: list[str]) -> list[str]:
    """A block without blank lines at its ends."""
    start, end = 0, len(lines)
    while start < end and not lines[start]:
        start += 1
    while end > start and not lines[end - 1]:
        end -= 1
    return lines[start:end]


# -- anchors: the same for the writer (tui/store/writer.py) and for the reader ------------------

def repeated_ids(document: dict[str, Any]) -> set[str]:
    """The ids that more than one item of `document` has (an item of unknown data may repeat a
    known id): such an item is anchored by its place, not its id."""
    return _items_by_id(document)[1]


def _items_by_id(document: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Every item of `document` with an id, by its id; and the ids more than one item has."""
    found: dict[str, dict[str, Any]] = {}
    repeated: set[str] = set()
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        for value in node.values():
            if type(value) is dict:
                stack.append(value)
            elif is_array_of_tables(value):
                for item in value:
                    ident = item.get("id")
                    if type(ident) is str:
                        if ident in found:
                            repeated.add(ident)
                        found[ident] = item
                    stack.append(item)
    keys: set[Anchor] = set()
    for record in document.get(_CONFLICTS, ()) if type(document.get(_CONFLICTS)) is list else ():
        key = _record_key(record)
        if key in keys:
            repeated.add(key)  # type: ignore[arg-type]
        keys.add(key)
    return found, repeated


_CONFLICTS = "conflicts"
"""The top-level list of a merge's conflict records (tui/store/merge.py's CONFLICTS_KEY)."""


def _record_key(record: Any) -> Anchor | None:
    """A conflict record's anchor: what it is about (`("conflicts", "gol-7tz2.title")`), since it
    has no id and settling one takes it out of the list (by its place, the comments of the next
    would shift onto it); None for a table that is not one."""
    if type(record) is not dict or type(record.get("item")) is not str or type(record.get("field")) is not str:
        return None
    return (_CONFLICTS, f"{record['item']}.{record['field']}")


def is_array_of_tables(value: Any) -> bool:
    """As the writer has it: a list of tables only is written as `[[...]]` items."""
    return type(value) is list and bool(value) and all(type(v) is dict for v in value)


def item_anchor(anchor: Anchor, name: str, index: int, item: Any, repeated: set[str]) -> Anchor:
    """The anchor of the `index`th item of the array `name` in the table at `anchor`."""
    ident = item.get("id") if type(item) is dict else None
    if type(ident) is str and ident not in repeated:
        return (None, ident)
    if not anchor and name == _CONFLICTS:
        key = _record_key(item)
        if key is not None and key not in repeated:
            return key
    return (*anchor, name, index)


def _anchor_of(document: dict[str, Any], path: tuple, repeated: set[str]) -> Anchor:
    anchor: Anchor = ()
    node: Any = document
    index = 0
    while index < len(path):
        name = path[index]
        child = node.get(name) if type(node) is dict else None
        placed = index + 1 < len(path) and type(path[index + 1]) is int  # from an [[array]] header
        if placed and type(child) is list or is_array_of_tables(child):
            # an [[array]] item (its position follows), or an array of inline tables: its first item
            position = path[index + 1] if placed else 0
            item = child[position] if position < len(child) else None
            anchor = item_anchor(anchor, name, position, item, repeated)
            node = item
            index += 2 if placed else 1
            continue
        anchor = (*anchor, name)
        node = child
        index += 1
    return anchor


_UNWRITABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f\ud800-\udfff" + WRITTEN_ESCAPED + "]")
"""What TOML forbids in a comment (control characters but tab), what UTF-8 cannot encode, and
what a file Stratbook writes never holds raw (`WRITTEN_ESCAPED`: C1 and bidi controls...). A
comment has no escapes: each is written as its code (`\\x1b`, `\\u202e`), as text."""


def writable(line: str) -> str:
    """`line` as a comment the file can hold: from a `#`, without control characters (shown as
    `\\x1b`, `\\u202e`), lone surrogates or blanks at its end. One made otherwise than read from a
    file (a merge, a test) can never break the file, and none is written with a C1 or bidi
    control raw, as a text is not. "" stays a blank line."""
    line = line.rstrip(" \t")
    if not line:
        return ""
    if not line.startswith("#"):
        line = "# " + line
    if _UNWRITABLE.search(line) is None:
        return line
    return _UNWRITABLE.sub(_code_of, line)


def _code_of(match: re.Match[str]) -> str:
    char = match.group()
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def block(lines: list[str]) -> list[str]:
    """Comment lines as the writer writes them together: each `writable`, blank lines only
    between comments and one at a time (as they read back)."""
    written: list[str] = []
    for line in map(writable, lines):
        if line or (written and written[-1]):
            written.append(line)
    if written and not written[-1]:
        written.pop()
    return written


class Placer:
    """What the writer asks while it writes a document with comments: the lines above an anchor,
    the comment at the end of its line."""

    def __init__(self, comments: Comments, document: dict[str, Any], repeated: set[str] | None = None) -> None:
        self.comments = comments
        self.repeated = repeated_ids(document) if repeated is None else repeated

    def lines_above(self, anchor: Anchor) -> list[str]:
        lines = self.comments.above.get(anchor)
        return block(lines) if lines else []

    def line_end(self, anchor: Anchor) -> str:
        text = self.comments.after.get(anchor)
        return "  " + writable(text) if text else ""


class _Seen(Placer):
    """Stands in for the comments in a dry run of the writer: records every anchor it writes."""

    def __init__(self, document: dict[str, Any], repeated: set[str]) -> None:
        super().__init__(Comments(), document, repeated)
        self.anchors: set[Anchor] = set()

    def lines_above(self, anchor: Anchor) -> list[str]:
        self.anchors.add(anchor)
        return []


def emitted_anchors(document: dict[str, Any], repeated: set[str] | None = None) -> set[Anchor]:
    """Every anchor the writer writes for `document`: its tables with a header, items and keys."""
    from tui.store.writer import emit_with

    seen = _Seen(document, repeated_ids(document) if repeated is None else repeated)
    emit_with(document, seen)
    return seen.anchors


def read_comments(text: str, workbook: Workbook) -> Comments:
    """The comments in `text` (a workbook file's TOML, read into `workbook`), each at its anchor.
    Stratbook's own header lines are no comments; every other comment finds an anchor."""
    from tui.store.writer import to_document

    text = text.replace("\r\n", "\n")
    leading, elements, trailing = _scan(text)
    document = to_document(workbook)
    items, repeated = _items_by_id(document)
    writes = _writer_writes(document, items)
    comments = Comments()
    if elements and leading:
        # The block right above the first element is its own; what a blank line parts from it, the top's.
        cut = len(leading) - leading[::-1].index("") if "" in leading else 0
        comments.top = _trimmed(leading[:cut])
        elements[0].above = leading[cut:] + elements[0].above
    else:
        comments.top = _trimmed(leading)
    carried: list[str] = []
    for element in elements:
        lines = carried + _trimmed(element.above) + element.inside
        carried = []
        if not lines and not element.after:
            continue
        path = element.table + _key_path(element.key) if element.key else element.table
        anchor = _anchor_of(document, path, repeated)
        target = _written_holder(anchor, writes)
        if target is None:  # on to the next thing written
            carried = lines + ([element.after] if element.after else [])
            continue
        if lines:
            comments.above.setdefault(target, []).extend(lines)
        if element.after:
            if target == anchor and target not in comments.after:
                comments.after[target] = element.after
            else:
                comments.above.setdefault(target, []).append(element.after)
    comments.end = _trimmed(carried + trailing)
    return comments


def _written_holder(anchor: Anchor, writes: Callable[[Anchor], bool]) -> Anchor | None:
    """`anchor` if the writer writes it, else the nearest table or item above it that it
    writes, else None."""
    while anchor:
        if writes(anchor):
            return anchor
        if anchor[0] is None and len(anchor) <= 2:
            return None
        anchor = anchor[:-1]
    return None


def _writer_writes(document: dict[str, Any], items: dict[str, dict[str, Any]]) -> Callable[[Anchor], bool]:
    """Whether the writer (`writer._emit_table`) gives `anchor` a line of its own in `document`:
    every key and item does; a table only when it has keys of its own or no tables in it."""
    conflicts = document.get(_CONFLICTS)
    records = {_record_key(record): record for record in conflicts} if type(conflicts) is list else {}

    def writes(anchor: Anchor) -> bool:
        node: Any = items.get(anchor[1]) if anchor[0] is None else document
        names = anchor[2:] if anchor[0] is None else anchor
        if anchor[0] == _CONFLICTS and len(anchor) > 1 and type(anchor[1]) is str:
            node, names = records.get(anchor[:2]), anchor[2:]  # a conflict's record, by what it is about
        for name in names:
            if type(node) is dict and type(name) is str and name in node:
                node = node[name]
            elif type(node) is list and type(name) is int and name < len(node):
                node = node[name]
            else:
                return False
        if type(node) is not dict:
            return node is not None and not is_array_of_tables(node)  # a key; an [[array]] has no line
        if not names or type(names[-1]) is int:
            return True  # an item
        return any(type(v) is not dict and not is_array_of_tables(v) for v in node.values()) or not node
    return writes
