"""The copies of one plan and their common ancestors: the history folder. No Textual here.

Every write by Stratbook keeps a gzip snapshot of what it wrote beside the workbook, in
`.<name>.history/<revision>.toml.gz` (the format page, "Lineage"). A copy that comes back
(an emailed reply, a colleague's file) names its revision and the revisions it descends
from; the newest of those found here is the merge base, so the reply merges three-way
without anyone keeping the copy they sent.

The folder also holds `index.json`: the revisions sent by email and when (their snapshots
are kept for a year whatever the count) and the messages already imported.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import io
import json
import os
import re
import stat
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from tui.model.ids import REVISION_PATTERN
from tui.model.workbook import HISTORY_LIMIT, Workbook
from tui.store.atomic import STALE_SECONDS, resolve_target, write_atomic
from tui.store.reading import open_regular
from tui.store.paths import unused_name
from tui.store.problems import WorkbookError

KEEP_SNAPSHOTS = 500
"""Snapshots kept per workbook, newest first (besides those of revisions sent this year)."""
KEEP_SENT = timedelta(days=366)
SNAPSHOT_SUFFIX = ".toml.gz"
SNAPSHOT_LEVEL = 1
"""gzip's fastest: 4x smaller than the file, and 5% of a save's time at 10,000 items (level 6
is 20%, for a fifth less space)."""
INDEX_NAME = "index.json"
INDEX_LIMIT = 64 * 1024 * 1024
"""Far beyond a year of sends and imports; a bigger index is not read (so not kept either)."""
_NO_SNAPSHOTS = re.compile(r"\.merge_file_")
"""Git's temporary files for a merge driver (`%A`): no history folder beside those."""
_REVISION_LINE = re.compile(rb'revision = "([0-9a-f]{16})"(?:  #.*)?')  # (a comment written at its end)
_UNHASHED = (b"updated = ", b"revision = ", b"history = ")
"""The `[workbook]` lines a revision leaves out (the format page, "Lineage")."""


def history_folder(path: str | os.PathLike[str]) -> Path:
    """`.<name>.history/` beside the workbook (the real file, through symbolic links)."""
    target = resolve_target(path)
    return target.parent / f".{target.name}.history"


def _copy_modes(path: str | os.PathLike[str]) -> tuple[int, int]:
    """The history folder's and its files' permission bits, from the workbook's: the snapshots are
    whole copies of the plan, so no one may read them who may not read it, and whoever may write
    it may add to them (a team's shared folder). The owner can always update the folder."""
    try:
        bits = stat.S_IMODE(os.stat(resolve_target(path)).st_mode) & 0o666
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        bits = 0o666 & ~umask
    files = bits | 0o600
    readable = files & 0o444
    return files | (readable >> 2), files


def _made_history_folder(path: str | os.PathLike[str]) -> tuple[Path, int]:
    """The history folder, made if missing with the workbook's permissions; and its files' mode."""
    folder = history_folder(path)
    folder_mode, file_mode = _copy_modes(path)
    try:
        folder.mkdir()
    except FileExistsError:
        pass
    else:
        inherited = os.stat(folder).st_mode & stat.S_ISGID  # a shared folder's group, passed on
        os.chmod(folder, folder_mode | inherited)  # exactly, whatever the umask
    return folder, file_mode


def _workbook_keys(lines: list[bytes]) -> list[int]:
    """The indexes of the canonical lines that start a key of the `[workbook]` table. A multi-line string's lines are
    skipped, whatever they hold ("[" or "updated = " at the start of a title's second line):
    the writer escapes three quotes inside one, so the first line holding three quotes ends it.
    A comment written by hand is no key (whatever it holds), nor is its header's."""
    start = next((index for index, line in enumerate(lines)
                  if line == b"[workbook]" or line.startswith(b"[workbook]  #")), None)
    if start is None:
        return []
    keys = []
    index = start + 1
    while index < len(lines) and not lines[index].startswith(b"["):
        line = lines[index]
        if line.startswith(b"#"):
            index += 1
            continue
        keys.append(index)
        if line.endswith(b'= """'):
            index += 1
            while index < len(lines) and b'"""' not in lines[index]:
                index += 1
        index += 1
    return keys


def written_revision(data: bytes) -> str | None:
    """The `[workbook] revision` in canonical bytes written by Stratbook."""
    lines = data.split(b"\n")
    for index in _workbook_keys(lines):
        if found := _REVISION_LINE.fullmatch(lines[index]):
            return found.group(1).decode("ascii")
    return None


_LINEAGE_LINE = re.compile(rb'lineage = "(lin-[a-z0-9]{4,12})"(?:  #.*)?')


def written_lineage(data: bytes) -> str | None:
    """The lineage in bytes exactly as Stratbook wrote them (their content is still their
    revision: nobody has changed them since), else None. Such bytes were checked to load when
    they were written, so a caller may know them by their lineage without loading them."""
    lines = data.split(b"\n")
    keys = _workbook_keys(lines)
    revision = lineage = None
    for index in keys:
        revision = revision or _REVISION_LINE.fullmatch(lines[index])
        lineage = lineage or _LINEAGE_LINE.fullmatch(lines[index])
    if revision is None or lineage is None or _revision_of(lines, keys) != revision.group(1).decode("ascii"):
        return None
    return lineage.group(1).decode("ascii")


def content_revision(data: bytes) -> str:
    """The revision of bytes as Stratbook wrote them, from the bytes themselves: so a snapshot
    whose content is not the revision it is named after is known (a wrong base would pass their
    edits off as the base, and drop them)."""
    lines = data.split(b"\n")
    return _revision_of(lines, _workbook_keys(lines))


def _revision_of(lines: list[bytes], workbook_keys: list[int]) -> str:
    kept: list[bytes] = []
    start = 0
    for index in workbook_keys:  # a few lines at the top: the rest is kept by slices, in C
        if lines[index].startswith(_UNHASHED):
            kept += lines[start:index]
            start = index + 1
    kept += lines[start:]
    return hashlib.sha256(b"\n".join(kept)).hexdigest()[:16]


def _read_own_file(path: Path, limit: int) -> bytes | None:
    """At most `limit` bytes of a regular file of the history folder; None for anything else (a
    link, which may point anywhere, or a FIFO, which would wait forever) or one that is longer."""
    try:
        with open_regular(path, follow_links=False) as handle:
            data = handle.read(limit + 1)
    except OSError:
        return None
    return data if len(data) <= limit else None


def keep_snapshot(path: str | os.PathLike[str], data: bytes) -> str | None:
    """Keep `data` (just written to `path`) as its revision's snapshot, then prune the folder.

    Never raises: a snapshot that cannot be written is a warning (returned), not a failed save.
    """
    revision = written_revision(data)
    if revision is None or _NO_SNAPSHOTS.match(Path(path).name):
        return None
    folder = history_folder(path)
    try:
        folder, mode = _made_history_folder(path)
        target = folder / f"{revision}{SNAPSHOT_SUFFIX}"
        if _is_regular(target):  # the same content: newer now, for pruning
            os.utime(target)
        else:  # a link or FIFO in its place is replaced, never written through
            write_atomic(target, gzip.compress(data, compresslevel=SNAPSHOT_LEVEL, mtime=0), mode,
                         through_links=False)
        prune(folder)
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return f"the snapshot of revision {revision} was not kept in {folder}: {reason} (the file itself is saved)"
    return None


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def find_snapshot(path: str | os.PathLike[str], revision: str) -> bytes | None:
    """The bytes of `revision`'s snapshot beside `path`, or None (absent or unreadable)."""
    if not REVISION_PATTERN.match(revision):
        return None
    from tui.store.files import MAX_BYTES

    packed = _read_own_file(history_folder(path) / f"{revision}{SNAPSHOT_SUFFIX}", MAX_BYTES)
    if packed is None:
        return None
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(packed), mode="rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    return data if len(data) <= MAX_BYTES else None


def prune(folder: Path, now: float | None = None) -> list[Path]:
    """Remove snapshots beyond the newest KEEP_SNAPSHOTS, never one sent less than a year ago; and
    the temporary files of writes killed at least STALE_SECONDS ago."""
    now = time.time() if now is None else now
    snapshots = []
    for entry in os.scandir(folder):
        if not entry.is_file(follow_symlinks=False):
            continue
        if entry.name.endswith(SNAPSHOT_SUFFIX):
            snapshots.append((entry.stat(follow_symlinks=False).st_mtime, entry.name))
        elif entry.name.startswith(".") and entry.name.endswith(".tmp"):  # what a killed write left
            with contextlib.suppress(OSError):
                if now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS:
                    os.unlink(entry.path)
    if len(snapshots) <= KEEP_SNAPSHOTS:
        return []
    index, readable = _index_read(folder)
    if not readable:  # which snapshots went out by email is unknown: keep them all
        return []
    snapshots.sort(reverse=True)
    sent = index["sent"]
    cutoff = datetime.fromtimestamp(now, timezone.utc) - KEEP_SENT
    removed = []
    for _, name in snapshots[KEEP_SNAPSHOTS:]:
        when = _moment(sent.get(name.removesuffix(SNAPSHOT_SUFFIX)))
        if when is not None and when > cutoff:
            continue
        with contextlib.suppress(OSError):
            os.unlink(folder / name)
            removed.append(folder / name)
    return removed


# -- the index: what was sent and what was imported --------------------------------------------

def read_index(folder: Path) -> dict[str, dict[str, Any]]:
    """`{"sent": {revision: when}, "imported": {message id: revision}}`; empty when unreadable."""
    return _index_read(folder)[0]


def _index_read(folder: Path) -> tuple[dict[str, dict[str, Any]], bool]:
    """The index, and False when a file is there that is not one (damaged, cut short, too big,
    not a regular file): what it held is unknown, which is not the same as nothing."""
    empty: dict[str, dict[str, Any]] = {"sent": {}, "imported": {}}
    place = folder / INDEX_NAME
    if not os.path.lexists(place):
        return empty, True
    try:
        data = json.loads(_read_own_file(place, INDEX_LIMIT) or b"")
    except (ValueError, RecursionError):
        return empty, False
    if not isinstance(data, dict) or not all(isinstance(data.get(key, {}), dict) for key in empty):
        return empty, False
    return {key: data.get(key, {}) for key in empty}, True


def _moment(text: Any) -> datetime | None:
    """A time of the index; one written without its zone (by hand: Stratbook writes UTC) is UTC."""
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment is not None and moment.tzinfo is None else moment


def _update_index(path: str | os.PathLike[str], section: str, key: str, value: str) -> str | None:
    folder = history_folder(path)
    said = None
    try:
        folder, mode = _made_history_folder(path)
        index, readable = _index_read(folder)
        if not readable:  # kept for whoever can read it; a new index starts from what is known now
            aside = unused_name(folder / "index.unreadable.json")
            os.replace(folder / INDEX_NAME, aside)
            said = (f"{folder / INDEX_NAME} could not be read: kept as {aside.name}, and a new one started "
                    "(the sends and imports it listed are no longer known)")
        index[section][key] = value
        write_atomic(folder / INDEX_NAME, (json.dumps(index, indent=1, sort_keys=True) + "\n").encode("utf-8"),
                     mode, through_links=False)
    except OSError as exc:
        return f"{folder / INDEX_NAME} was not updated: {exc.strerror or exc}"
    return said


def record_sent(path: str | os.PathLike[str], revision: str, when: datetime) -> str | None:
    """Remember that `revision` went out by email (its snapshot then stays a year)."""
    return _update_index(path, "sent", revision, when.isoformat())


def record_imported(path: str | os.PathLike[str], message_id: str, revision: str) -> str | None:
    return _update_index(path, "imported", message_id, revision)


def imported_messages(path: str | os.PathLike[str]) -> dict[str, Any]:
    return read_index(history_folder(path))["imported"]


# -- the merge base ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Base:
    revision: str
    workbook: Workbook


def find_base(path: str | os.PathLike[str], theirs: Workbook, content: str | None = None) -> Base | None:
    """The merge base of a copy that came back to the workbook at `path`: the newest of its
    revision and history that has a snapshot in the history folder (None if none has).

    `content` is the revision of their content itself (computed when not given). Content can go
    back to exactly what an older revision held (a change undone, by hand or in Stratbook): that
    revision is then not the base while the copy names a newer one it came from, or its undo
    would look like no change at all."""
    if content is None:
        from tui.store.writer import canonical_bytes

        content = written_revision(canonical_bytes(theirs)) or ""
    own = _snapshot_base(path, content) if content else None
    before = set(own.workbook.meta.history) if own else set()
    for revision in dict.fromkeys([theirs.meta.revision, *theirs.meta.history]):
        if revision and revision != content and revision not in before:  # where it has been since
            found = _snapshot_base(path, revision)
            if found is not None:
                return found
    return own


def _snapshot_base(path: str | os.PathLike[str], revision: str) -> Base | None:
    """`revision`'s snapshot, loaded; None if missing, unreadable or not that revision's content."""
    from tui.store.files import decode, loads

    data = find_snapshot(path, revision)
    if data is None or content_revision(data) != revision:
        return None
    try:
        loaded = loads(decode(data, revision), f"{history_folder(path).name}/{revision}{SNAPSHOT_SUFFIX}")
    except WorkbookError:
        return None
    return Base(revision, loaded.workbook)


def merge_copies(base: Workbook, ours: Workbook, theirs: Workbook, theirs_revision: str = ""):
    """`merge.merge`, with the bookkeeping of lineage kept out of the comparison: the result has
    our lineage and revision, and a history with both lines (ours, then theirs: `theirs_revision`,
    the content's own, first). Raises MergeError as `merge` does."""
    from tui.store.merge import merge

    lineage = ours.meta.lineage or theirs.meta.lineage

    def bare(workbook: Workbook) -> Workbook:
        meta = dataclasses.replace(workbook.meta, lineage=lineage, revision="", history=[])
        return dataclasses.replace(workbook, meta=meta)

    result = merge(bare(base), bare(ours), bare(theirs))
    meta = result.workbook.meta
    meta.lineage = lineage
    meta.revision = ours.meta.revision
    theirs_line = [theirs_revision, theirs.meta.revision, *theirs.meta.history]
    meta.history = joined_history(ours.meta.history, [r for r in theirs_line if r and r != ours.meta.revision])
    return result


def joined_history(ours: list[str], theirs: list[str]) -> list[str]:
    """Both lines of a merge, newest first: alternately, without repeats, at most HISTORY_LIMIT;
    theirs leads (ours' own revision is pushed in front of it on writing)."""
    joined: list[str] = []
    for index in range(max(len(ours), len(theirs))):
        for line in (theirs, ours):
            if index < len(line) and line[index] not in joined:
                joined.append(line[index])
    return joined[:HISTORY_LIMIT]


def other_plan(ours: Workbook, theirs: Workbook) -> str | None:
    """Why `theirs` is not a copy of the plan `ours` (None when it is one)."""
    if ours.meta.lineage and theirs.meta.lineage != ours.meta.lineage:
        if not theirs.meta.lineage:
            return f"another plan (it has no lineage; this workbook's is {ours.meta.lineage})"
        return f"another plan (lineage {theirs.meta.lineage}; this workbook's is {ours.meta.lineage})"
    return None
