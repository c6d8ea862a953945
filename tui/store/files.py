"""Load and save workbook files."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import tomli

from tui.model.workbook import SCHEMA, Workbook
from tui.model.ids import new_lineage
from tui.store.reading import NotARegularFile, open_regular
from tui.store.locate import find_line, line_index
from tui.store.problems import Problem, WorkbookError
from tui.store.validate import validate

# What only writing needs (the writer, atomic replacement, snapshots, hashing) is imported where
# it is used: `stratbook check` and the exports read a file and start faster without it.

HEADER = (
    "# Stratbook workbook. Open it with: stratbook FILE",
    "# Plain TOML (format 1): read, diff and edit it by hand; your comments are kept.",
)
"""The lines every workbook Stratbook writes starts with (`tui.store.writer`); not a comment of the user's."""
OLD_HEADERS = ("\n".join((HEADER[0], "# Plain TOML (format 1): read, diff and edit it by hand. Comments are not kept.")),)
"""The header lines of earlier versions: no comment of the user's either (the next save writes `HEADER`)."""

MAX_BYTES = 20 * 1024 * 1024
"""Files larger than this are refused before parsing: no real plan is that big. Writing
refuses the same (`write_workbook`), so nothing saved is too large to open again."""

_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HEADER_TEXT = "\n".join(HEADER)
# A comment a person wrote: the text up to the first '#' outside a string. Strings of all four
# kinds are skipped whole, so a '#' inside one is no comment. Possessive quantifiers and atomic
# groups keep the match linear on any input (an earlier line-based pattern backtracked cubically
# on long runs of spaces: seconds for one line of 2,000); a repeated group is made atomic,
# `(?>(?:...)*)`, not possessive, which Python 3.11.0-3.11.4 match wrongly
# (tests/unit/test_regex_portability.py). It runs only on text that has parsed as TOML, and is
# compiled when first used (`check` and the exports never ask; `re` keeps it compiled).
_UP_TO_COMMENT = (
    r"(?>(?:[^\"'#]++"
    r'|"""(?>(?:[^"\\]|\\[\s\S]|"(?!""))*)"""(?:"{0,2}+)'  # multi-line basic, up to 2 quotes before the end
    r"|'''(?>(?:[^']|'(?!''))*)'''(?:'{0,2}+)"  # multi-line literal
    r'|"(?>(?:[^"\\\n]|\\.)*)"'  # basic
    r"|'[^'\n]*+')*)#"  # literal
)


@dataclass(slots=True)
class Loaded:
    """A workbook read from a file, with what the reader should know about it."""

    workbook: Workbook
    warnings: list[Problem] = field(default_factory=list)
    read_only: bool = False
    """The file was written by a newer version; saving it would lose data."""
    source: str = ""
    """The text read, for placing later findings on their lines."""
    data: bytes = b""
    """The bytes read from the file (none for text given to `loads`)."""
    _comments: bool | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def has_comments(self) -> bool:
        """Comments a person wrote, which a save will not keep. Looked for when first asked
        (a pass over the whole text): `check` and the exports never ask."""
        if self._comments is None:
            self._comments = has_user_comments(self.source)
        return self._comments

    @property
    def digest(self) -> str:
        """SHA-256 of the bytes read, to notice changes made outside the app ("" for text given
        to `loads`). Worked out when asked: checks, diffs and exports never ask."""
        if not self.data:
            return ""
        import hashlib

        return hashlib.sha256(self.data).hexdigest()

    def locate(self, problems: list[Problem]) -> list[Problem]:
        """`problems` with the line of each field path in the source filled in."""
        index = line_index(self.source, _paths(problems), item_counts(self.workbook))
        return [_located(p, p.file, index) for p in problems]


def item_counts(workbook: Workbook) -> dict[str, int]:
    """How many items each top-level array of tables of a file held, for a workbook read from
    it without errors (each item a table): the line finder goes to an item's header directly."""
    return {"strategies": len(workbook.strategies), "goals": len(workbook.goals), "tactics": len(workbook.tactics),
            "risks": len(workbook.risks), "ansoff": len(workbook.ansoff)}


def _display(path: str | os.PathLike[str]) -> str:
    return os.fspath(path)


def read_bytes(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The file's bytes; refuses what is not a regular file or is larger than `limit`
    (MAX_BYTES unless given), before reading it."""
    name = _display(path)
    limit = MAX_BYTES if limit is None else limit
    try:
        handle = open_regular(path)
    except FileNotFoundError:
        raise WorkbookError.single("no such file", name) from None
    except NotARegularFile as exc:
        if exc.strerror == "a folder":
            raise WorkbookError.single("is a folder, not a workbook file", name) from None
        raise WorkbookError.single("is not a regular file (a device, pipe or socket?)", name) from None
    except OSError as exc:
        raise WorkbookError.single(f"cannot read: {exc.strerror}", name) from None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise WorkbookError.single(f"is {size:,} bytes; the limit is {limit:,} ({limit / 2**20:.0f} MiB)", name)
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise WorkbookError.single(f"cannot read: {exc.strerror}", name) from None
    if len(data) > limit:
        raise WorkbookError.single(f"is larger than the limit of {limit:,} bytes ({limit / 2**20:.0f} MiB)", name)
    return data


def _where(data: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `data`."""
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, offset) + 1
    return line, offset - (data.rfind(newline, 0, offset) + 1) + 1


def _looks_utf16(data: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: every other byte of the start is NUL."""
    sample = data[:512]
    halves = (sample[0::2], sample[1::2])
    return len(sample) >= 4 and any(half.count(0) * 10 >= len(half) * 9 for half in halves)


def decode(data: bytes, name: str = "") -> str:
    """UTF-8 text; a byte-order mark is accepted and dropped."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    elif data.startswith(_UTF16_BOMS):
        raise WorkbookError.single("is UTF-16 text; save it as UTF-8", name, line=1, column=1)
    nul = data.find(b"\0")  # valid UTF-8, but never allowed in TOML: say what the file probably is
    if nul != -1:
        line, column = _where(data, nul)
        if _looks_utf16(data):
            raise WorkbookError.single("is UTF-16 text (without a byte-order mark); save it as UTF-8", name,
                                       line=line, column=column)
        raise WorkbookError.single("contains a NUL byte: a binary file, not a TOML workbook", name, line=line,
                                   column=column)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _where(data, exc.start)
        raise WorkbookError.single(f"is not valid UTF-8 (byte 0x{data[exc.start]:02x})", name, line=line,
                                   column=column) from None


_LONG_INTEGER = re.compile(r"[0-9][0-9_]{4299,}")


_DATE_TIME_LIKE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[Tt ](?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})?)?"
    r"|(?P<clock>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)"
)


def _unreal_part(found: re.Match) -> tuple[str, str] | None:
    """What makes a date, date-time or time of day that TOML's grammar refuses not a real one, as
    (the text to quote, why), or None if it is a real one."""
    if found["date"]:
        try:
            date.fromisoformat(found["date"])
        except ValueError as exc:
            return found["date"], f"is not a real date ({exc})"
    clock = found["time"] or found["clock"]
    if not clock:
        return None
    kind = "date-time" if found["date"] else "time"
    for name, number, top in zip(("hour", "minute", "second"), clock.split(":"), (23, 59, 59)):
        if int(number.partition(".")[0]) > top:
            return found.group(), f"is not a real {kind} ({name} must be in 0..{top})"
    offset = found["offset"] or ""
    if offset[1:]:
        hours, minutes = int(offset[1:3]), int(offset[4:6])
        if hours > 23:
            return found.group(), f"is not a real {kind} (the offset from UTC must be less than 24 hours)"
        if minutes > 59:
            return found.group(), f"is not a real {kind} (the offset's minutes must be in 0..59)"
    return None


def _unreal_date(text: str, pos: int) -> tuple[str, int] | None:
    """What is wrong where tomli stopped, and its column, when it stopped in a date, date-time or
    time that is not one (`due = 2027-13-30`, `at = 25:00:00`): tomli reads the year (or the hour)
    as a number and says only "Expected newline or end of document after a statement"."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    for found in _DATE_TIME_LIKE.finditer(text, start, len(text) if end < 0 else end):
        if found.start() <= pos <= found.end() and (unreal := _unreal_part(found)) is not None:
            quoted, why = unreal
            return f"'{quoted}' {why}", found.start() - start + 1
    return None


def parse(text: str, name: str = "") -> dict:
    """Parse TOML; every way the parser can fail becomes a `WorkbookError`."""
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        column = getattr(exc, "colno", None)
        message = getattr(exc, "msg", None) or str(exc)
        pos = getattr(exc, "pos", None)
        if isinstance(pos, int) and text[pos:pos + 1] == "\r" and text[pos + 1:pos + 2] != "\n":
            message = "a lone carriage return (CR); lines must end with LF or CRLF"
        elif message == "Illegal character '\\n'":  # what tomli says of a quote left open
            message = "a string is not closed on its line"
        elif isinstance(pos, int) and (unreal := _unreal_date(text, pos)) is not None:
            message, column = unreal
        elif isinstance(pos, int) and (words := _in_words(message, text, pos, line, column)) is not None:
            message, line, column = words  # a table or key given twice, named as TOML names it
        raise WorkbookError.single(f"not valid TOML: {_cut(message)}", name, line=line, column=column) from None
    except RecursionError:
        raise WorkbookError.single("not valid TOML: nested too deeply", name) from None
    except MemoryError:
        raise WorkbookError.single("not valid TOML: too large to parse", name) from None
    except (ValueError, TypeError, UnicodeError) as exc:
        if "integer string conversion" in str(exc):  # Python refuses integers of over 4,300 digits
            found = _LONG_INTEGER.search(text)
            line, column = _where(text, found.start()) if found else (None, None)
            raise WorkbookError.single("not valid TOML: an integer of more than 4,300 digits", name, line=line,
                                       column=column) from None
        raise WorkbookError.single(f"not valid TOML: {_cut(str(exc))}", name) from None


MESSAGE_LIMIT = 300
"""The most characters of a parser's message shown: tomli echoes keys and values of any length."""


def _cut(message: str) -> str:
    from tui.model.text import one_line

    return one_line(message, MESSAGE_LIMIT)


def _in_words(message: str, text: str, pos: int, line: int | None, column: int | None):
    from tui.store.toml_words import in_words

    try:
        return in_words(message, text, pos, line, column)
    except (ValueError, RecursionError):  # a message in words is a help; tomli's own still says it
        return None


def _paths(problems: list[Problem]) -> list[str]:
    """The field paths `problems` name, to find in the source."""
    return [p.path for p in problems] + [p.also for p in problems if p.also]


def _located(problem: Problem, file: str, index: dict[str, int]) -> Problem:
    return problem.located(file, find_line(index, problem.path), find_line(index, problem.also) if problem.also else None)


def without_header(text: str) -> str:
    """`text` without Stratbook's header lines (this version's or an earlier one's), if it starts with them."""
    for header in (_HEADER_TEXT, *OLD_HEADERS):
        for written in (header, header.replace("\n", "\r\n")):  # CRLF: a mail client's or editor's
            if text.startswith(written):
                return text[len(written):]
    return text


def has_user_comments(text: str) -> bool:
    body = without_header(text)
    return "#" in body and re.match(_UP_TO_COMMENT, body) is not None


def loads(text: str, name: str = "", comments: bool = True) -> Loaded:
    """A workbook from TOML text. Raises `WorkbookError` listing every error found.

    With `comments` (unless only read: a check, an export), the comments written in it by hand
    go with the workbook (`Workbook.comments`), for a save to write them back."""
    text = text.removeprefix("\ufeff")
    if not text or text.isspace():
        raise WorkbookError.single("is empty: a workbook needs at least [workbook] schema = 1", name)
    document = parse(text, name)
    try:
        workbook, problems, newer_schema = validate(document)
    except RecursionError:  # validation limits the depth it walks; this is a last line of defence
        raise WorkbookError.single("nested too deeply", name) from None
    if problems:
        counts = None if any(p.is_error for p in problems) else item_counts(workbook)
        index = line_index(text, _paths(problems), counts)
        problems = [_located(p, name, index) for p in problems]
    problems.sort(key=lambda p: p.line or 0)
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if newer_schema is not None:
        note = Problem("warning", f"written by a newer Stratbook (schema {newer_schema}; this one knows "
                       f"{SCHEMA}): opened read-only", "workbook.schema", None, None, name)
        index = line_index(text, ["workbook.schema"])
        warnings.insert(0, note.located(name, find_line(index, "workbook.schema")))
    if errors:
        raise WorkbookError(errors + warnings)
    loaded = Loaded(workbook, warnings, read_only=newer_schema is not None, source=text)
    if comments and newer_schema is None and loaded.has_comments:  # without: one search for '#'
        from tui.store.comments import read_comments

        workbook.comments = read_comments(without_header(text), workbook)
    return loaded


def load(path: str | os.PathLike[str], limit: int | None = None, comments: bool = True) -> Loaded:
    """Read, parse and validate a workbook file. Raises `WorkbookError`; never changes the file.
    `comments`: as for `loads`."""
    name = _display(path)
    data = read_bytes(path, limit)
    loaded = loads(decode(data, name), name, comments)
    loaded.data = data
    return loaded


def now_utc() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def save(workbook: Workbook, path: str | os.PathLike[str], *, touch: bool = True,
         notes: list[str] | None = None, like: str | os.PathLike[str] | None = None) -> bytes:
    """Write `workbook` to `path` atomically and return the bytes written.

    With `touch`, `[workbook] updated` is set to now (only after the write
    succeeded); so are its new revision and history, and a lineage if it had none.
    A snapshot that could not be kept is a note appended to `notes`, not a failure.
    Raises `WorkbookError` and leaves the file on disk untouched when the workbook
    cannot be written or the disk refuses.
    """
    name = _display(path)
    if workbook.meta.schema > SCHEMA:
        raise WorkbookError.single(
            f"cannot save: the file uses schema {workbook.meta.schema}, newer than this version "
            f"({SCHEMA}); saving would lose what it does not know", name, path="workbook.schema")
    from tui.store.writer import stamped

    give_lineage(workbook)
    updated = now_utc() if touch else None
    try:
        written = stamped(workbook, updated)
    except WorkbookError as exc:
        raise WorkbookError([p.located(name, None) for p in exc.problems]) from None
    note = write_workbook(path, written.data, like=like)
    if note is not None and notes is not None:
        notes.append(note)
    if updated is not None:
        workbook.meta.updated = updated
    workbook.meta.revision, workbook.meta.history = written.revision, written.history
    return written.data


def give_lineage(workbook: Workbook) -> None:
    """A workbook written by Stratbook always has a lineage: one is given, once, if it has none.

    A file from before lineage existed that has its `created` time gets one made from it: every
    copy of that plan (two git branches, two colleagues' attachments) then gets the same one."""
    if not workbook.meta.lineage:
        workbook.meta.lineage = new_lineage(workbook.meta.created.isoformat() if workbook.meta.created else None)


def check_size(data: bytes, name: str = "") -> None:
    """Refuse (WorkbookError) workbook bytes that `load` would refuse for their size."""
    if len(data) > MAX_BYTES:
        raise WorkbookError.single(
            f"cannot save: it would be {len(data):,} bytes ({len(data) / 2**20:.1f} MiB), over the limit of "
            f"{MAX_BYTES:,} bytes ({MAX_BYTES / 2**20:.0f} MiB) that Stratbook can open; shorten the longest "
            "texts or split the plan into two workbooks. Nothing was written", name)


def write_workbook(path: str | os.PathLike[str], data: bytes, *, like: str | os.PathLike[str] | None = None) -> str | None:
    """Replace the workbook file at `path` with `data` (see `atomic.write_atomic`): refused, with
    the file untouched, when it is too large to open again or the user may not write it.

    Every workbook Stratbook writes goes through here (or `create_workbook`), and its snapshot is
    kept in the history folder; a snapshot that could not be kept is returned as a warning."""
    from tui.store.atomic import write_atomic
    from tui.store.lineage import keep_snapshot

    name = _display(path)
    check_size(data, name)
    try:
        write_atomic(path, data, like=like)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WorkbookError.single(f"cannot save: {reason}", name) from exc
    return keep_snapshot(path, data)


def create_workbook(path: str | os.PathLike[str], data: bytes) -> str | None:
    """Write a new workbook file (`atomic.create_atomic`: FileExistsError if the name is taken),
    keeping its snapshot as `write_workbook` does."""
    from tui.store.atomic import create_atomic
    from tui.store.lineage import keep_snapshot

    check_size(data, _display(path))
    create_atomic(path, data)
    return keep_snapshot(path, data)


def new_workbook(title: str = "", organisation: str = "") -> Workbook:
    workbook = Workbook()
    workbook.meta.title = title
    workbook.meta.organisation = organisation
    workbook.meta.created = now_utc()
    workbook.meta.lineage = new_lineage()
    return workbook


def exists(path: str | os.PathLike[str]) -> bool:
    from pathlib import Path

    return Path(path).exists() or Path(path).is_symlink()
