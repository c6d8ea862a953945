"""Recovery files: unsaved work kept beside the workbook, like vim's swap files.

While a workbook has unsaved changes the app writes them, as an ordinary
workbook file, to a hidden file beside it (`.plan.toml.recovery`). Saving or
discarding removes it. If the app dies (a dropped SSH connection, a crash, a
kill), the next start finds the recovery file and offers it, always, for as
long as it exists.

Where the workbook's folder cannot take it (read-only, full, gone), the work
goes to a per-user place instead: `$XDG_STATE_HOME/stratbook/recovery/`, else
`~/.local/state/stratbook/recovery/`, else `stratbook-<uid>/recovery/` in the
temporary folder; folders 0700, files 0600. There the file is named after the
workbook's absolute path (`%2Fhome%2Fana%2Fplan.toml.recovery`), so opening
the workbook finds it there too.

Each recovery file records what its work was based on, in a table the app
strips on reading (`[stratbook_recovery]`): the workbook's absolute path, the
SHA-256 of the bytes the work started from ("" when there was no file) and
those bytes themselves (gzip, base64). So when the workbook changed on disk
since (a git pull, a teammate's save), the work can be merged into it with a
three-way merge instead of being lost or overwriting the change.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import os
import socket
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from tui.model.comments import Comments
from tui.model.workbook import Workbook
from tui.store.atomic import resolve_target, write_atomic
from tui.store import files
from tui.store.files import decode, load, loads
from tui.store.problems import WorkbookError
from tui.store.writer import emit, to_document

SUFFIX = ".recovery"
RECORD = "stratbook_recovery"
"""The table in a recovery file that says what the work was based on."""
FILE_MODE = 0o600
FOLDER_MODE = 0o700
_NAME_LIMIT = 240  # bytes in a file name, with room for the temporary file's affixes


@dataclass(frozen=True, slots=True)
class Base:
    """What the unsaved work started from: the file's bytes as last read or written."""

    digest: str
    """SHA-256 of the file's bytes; "" when there was no file yet."""
    data: bytes = b""
    """Its text as UTF-8 (a byte-order mark or CRLF endings may be gone: it is for merging)."""


@dataclass(slots=True)
class Recovered:
    """A recovery file, read back."""

    path: Path
    workbook: Workbook
    workbook_path: str = ""
    """The absolute path of the workbook it belongs to, as recorded ("" in a file from before records)."""
    base: Base | None = None
    """What the work started from; None when not recorded."""

    def belongs_to(self, workbook_path: str | os.PathLike[str]) -> bool:
        """Whether this is that workbook's (a file from before records may be anyone's)."""
        return not self.workbook_path or self.workbook_path == _path_text(workbook_path)

    def base_workbook(self) -> Workbook | None:
        """The base as a workbook, for a three-way merge; None if unknown or unreadable."""
        if self.base is None:
            return None
        if not self.base.digest:
            return Workbook()  # there was no file: everything in it was added
        try:
            return loads(decode(self.base.data)).workbook
        except WorkbookError:
            return None


def recovery_path(workbook_path: str | os.PathLike[str], tag: str = "") -> Path:
    """`.NAME.recovery` in the folder of the file (through symbolic links); `.NAME.recovery-TAG`
    for a session that lost the lock (see `session_tag`)."""
    target = resolve_target(workbook_path)
    return target.with_name(f".{target.name}{SUFFIX}{_tagged(tag)}")


def session_tag() -> str:
    """A name of this process's own, for the recovery file of a session that lost the lock: the
    new holder writes the plain name, and neither may overwrite or remove the other's work."""
    return quote(f"{socket.gethostname()}-{os.getpid()}", safe="")


def _tagged(tag: str) -> str:
    return f"-{tag}" if tag else ""


def fallback_folders() -> list[Path]:
    """The per-user places, in the order they are tried."""
    folders = []
    state = os.environ.get("XDG_STATE_HOME", "")
    if os.path.isabs(state):  # the XDG rule: a relative value is ignored
        folders.append(Path(state) / "stratbook" / "recovery")
    home = os.environ.get("HOME") or os.path.expanduser("~")
    if os.path.isabs(home):
        folders.append(Path(home) / ".local" / "state" / "stratbook" / "recovery")
    folders.append(Path(tempfile.gettempdir()) / f"stratbook-{os.geteuid()}" / "recovery")
    return list(dict.fromkeys(folders))


def fallback_name(workbook_path: str | os.PathLike[str], tag: str = "") -> str:
    """The workbook's absolute path as one file name: every '/' and '%' escaped, so two
    workbooks never share a name. A path too long for a name is cut, and a hash of the whole
    is added (the record inside the file says which workbook it is)."""
    target = resolve_target(workbook_path)
    name = quote(os.fsencode(target), safe="") + SUFFIX  # bytes: a name need not be UTF-8
    if len(name.encode()) > _NAME_LIMIT:
        digest = hashlib.sha256(os.fsencode(target)).hexdigest()[:32]
        name = f"{quote(os.fsencode(target.name), safe='')[:150]}.{digest}{SUFFIX}"
    return name + _tagged(tag)


def recovery_places(workbook_path: str | os.PathLike[str], tag: str = "") -> list[Path]:
    """Where a recovery file of this workbook may be, in the order writing tries them."""
    name = fallback_name(workbook_path, tag)
    return [recovery_path(workbook_path, tag), *(folder / name for folder in fallback_folders())]


def _private_folder(folder: Path) -> None:
    """Make `folder` (0700) if needed; refuse one that is not ours or is open to others, since
    the temporary folder is shared by every user of the machine."""
    folder.parent.parent.mkdir(parents=True, exist_ok=True)
    folder.parent.mkdir(mode=FOLDER_MODE, exist_ok=True)  # .../stratbook, or stratbook-<uid> in /tmp
    folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
    parent = os.lstat(folder.parent)  # whoever owns it, or anyone if all may write, could swap ours
    if parent.st_uid != os.geteuid() or stat.S_IMODE(parent.st_mode) & 0o002:
        raise PermissionError(f"{folder.parent} is not a private folder of this user's")
    info = os.lstat(folder)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        raise PermissionError(f"{folder} is not a folder of this user's")
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, FOLDER_MODE)


def _path_text(workbook_path: str | os.PathLike[str]) -> str:
    """The workbook's absolute path as the record keeps it: TOML text, so the bytes of a name that
    is not UTF-8 are kept as `\\xNN` (any other path is itself)."""
    return os.fsencode(resolve_target(workbook_path)).decode("utf-8", "backslashreplace")


def _record(workbook_path: str | os.PathLike[str], base: Base | None) -> dict:
    record = {"workbook": _path_text(workbook_path)}
    if base is not None:
        record["base_sha256"] = base.digest
        record["base"] = base64.b64encode(gzip.compress(base.data, 6, mtime=0)).decode("ascii")
    return record


def write_recovery_document(document: dict, workbook_path: str | os.PathLike[str],
                            base: Base | None = None, tag: str = "",
                            give_way: Callable[[], None] | None = None, comments: Comments | None = None) -> Path | None:
    """Write a workbook already turned into a document (`writer.to_document`) where it can go:
    beside the workbook, else the per-user places. Returns where it went, or None if nowhere.
    Never raises: it runs in worker threads, signal handlers and exception hooks. No read-back
    check: the app builds the document on its own thread and writes it from a worker, so a
    large workbook does not stall the keys; the worker passes `give_way` (`writer.GiveWay`) so
    that the keys typed meanwhile wait for it even less. `comments`: the workbook's, kept with the work."""
    try:
        document = {**document, RECORD: _record(workbook_path, base)}
        data = emit(document, give_way, comments).encode("utf-8")
    except (OSError, ValueError, TypeError, RecursionError, UnicodeError):
        return None
    for index, place in enumerate(recovery_places(workbook_path, tag)):
        try:
            if index:
                _private_folder(place.parent)
            write_atomic(place, data, mode=FILE_MODE)
        except (OSError, ValueError):
            continue
        return place
    return None


def write_recovery(workbook: Workbook, workbook_path: str | os.PathLike[str], base: Base | None = None,
                   tag: str = "") -> Path | None:
    """`write_recovery_document` for a workbook."""
    try:
        document = to_document(workbook)
    except (ValueError, TypeError, RecursionError):
        return None
    return write_recovery_document(document, workbook_path, base, tag, comments=workbook.comments)


def remove_recovery(workbook_path: str | os.PathLike[str]) -> None:
    """Remove the recovery file beside the workbook."""
    with contextlib.suppress(OSError):
        os.unlink(recovery_path(workbook_path))


def find_recoveries(workbook_path: str | os.PathLike[str]) -> list[Path]:
    """Every recovery file of this workbook that exists: beside it, then the per-user places.
    Offered whenever found, whatever its age: the workbook changing since is no reason to drop it.
    Includes those of sessions that lost the lock (`.NAME.recovery-TAG`)."""
    found = []
    for place in recovery_places(workbook_path):
        if place.is_file():
            found.append(place)
        try:
            tagged = sorted(entry for entry in os.listdir(place.parent)
                            if entry.startswith(f"{place.name}-") and not entry.endswith(".tmp"))
        except OSError:
            continue
        found.extend(place.parent / entry for entry in tagged if (place.parent / entry).is_file())
    return found


def pending_recovery(workbook_path: str | os.PathLike[str]) -> Path | None:
    """The first recovery file found, if any."""
    found = find_recoveries(workbook_path)
    return found[0] if found else None


def load_recovery(path: str | os.PathLike[str]) -> Recovered:
    """Read a recovery file and its record; raises WorkbookError like `load`. Up to twice the size
    limit: work that grew past it (or a record that pushed it past) is still restored, and the
    save then says what is too large."""
    loaded = load(path, limit=2 * files.MAX_BYTES)
    record = loaded.workbook.extra.pop(RECORD, None)
    recovered = Recovered(Path(path), loaded.workbook)
    if isinstance(record, dict):
        recovered.workbook_path = str(record.get("workbook", ""))
        digest, packed = record.get("base_sha256"), record.get("base")
        if isinstance(digest, str) and isinstance(packed, str):
            try:
                data = gzip.decompress(base64.b64decode(packed, validate=True))
            except (ValueError, OSError, EOFError):
                data = None
            if data is not None:
                recovered.base = Base(digest, data)
    return recovered
