"""What the app knows about its file while it is open: was it changed by
someone else, is unsaved work kept for recovery, who holds the lock.

No Textual here: the app asks these questions and shows the answers.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.model.comments import Comments
from tui.store.reading import open_regular
from tui.model.workbook import Workbook
from tui.store import lock, recovery
from tui.store.atomic import remove_stale_temporaries

POLL_HASH_LIMIT = 8 * 1024 * 1024
"""Files up to this size are hashed on every poll, which catches a change that
kept the size and the modification time; larger ones only when those change."""


def file_digest(path: str | os.PathLike[str]) -> str | None:
    """SHA-256 of the file's bytes, or None if it is missing or unreadable."""
    try:
        with open_regular(path) as handle:  # a FIFO put there would hang the app's poll
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return None


@dataclass(frozen=True, slots=True)
class _Stamp:
    size: int
    mtime_ns: int
    inode: int


def _stamp(path: Path) -> _Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return _Stamp(info.st_size, info.st_mtime_ns, info.st_ino)


class FileSession:
    """The open file: its last known content, its recovery file and its lock."""

    def __init__(self, path: str | os.PathLike[str], digest: str | None, text: str = "") -> None:
        self.path = Path(os.path.abspath(path))  # the working folder may vanish while we run
        self.known_digest = digest
        """Hash of the bytes we last read or wrote; None for a file we have not written yet."""
        self._known_text = text.encode("utf-8", "surrogateescape")
        self._known_stamp = _stamp(self.path)
        self._reported_digest: str | None = digest
        self.holds_lock = False
        self._recovery_files: set[Path] = set()
        """Recovery files that hold this session's unsaved work (written, or restored from)."""
        self._recovery_guard = threading.Lock()  # written from a worker thread, removed from the app's
        self._recovery_tag = ""
        """Set once the lock is lost: this session's recovery files then get names of their own."""

    # -- outside changes ---------------------------------------------------------
    def changed_on_disk(self) -> bool:
        """True if the file's content differs from what we last read or wrote (or it is gone)."""
        return file_digest(self.path) != self.known_digest

    def poll(self) -> bool:
        """Cheap check, called every few seconds: True once for each new outside change."""
        stamp = _stamp(self.path)
        if stamp == self._known_stamp and (stamp is None or stamp.size > POLL_HASH_LIMIT):
            return False
        self._known_stamp = stamp
        current = file_digest(self.path)
        if current == self.known_digest or current == self._reported_digest:
            return False
        self._reported_digest = current
        return True

    def mark_written(self, data: bytes) -> None:
        self.known_digest = hashlib.sha256(data).hexdigest()
        self._known_text = data
        self._reported_digest = self.known_digest
        self._known_stamp = _stamp(self.path)

    def adopt_disk(self) -> None:
        """Take what is on disk now as known (after a reload)."""
        try:
            self._known_text = self.path.read_bytes()
        except OSError:
            self._known_text = b""
        self.known_digest = file_digest(self.path)
        self._reported_digest = self.known_digest
        self._known_stamp = _stamp(self.path)

    # -- recovery ----------------------------------------------------------------------
    @property
    def base(self) -> recovery.Base:
        """What unsaved work starts from: the file as last read or written."""
        return recovery.Base(self.known_digest or "", self._known_text if self.known_digest else b"")

    def write_recovery(self, workbook: Workbook) -> Path | None:
        """Keep unsaved work; where it went (see recovery.write_recovery), or None if nowhere."""
        return self._kept(recovery.write_recovery(workbook, self.path, self.base, self._recovery_tag))

    def write_recovery_document(self, document: dict, give_way: Callable[[], None] | None = None,
                                comments: Comments | None = None) -> Path | None:
        return self._kept(recovery.write_recovery_document(document, self.path, self.base, self._recovery_tag,
                                                           give_way, comments))

    def _kept(self, place: Path | None) -> Path | None:
        """Written at `place`: an older copy of this work elsewhere (the folder was read-only
        then, or it was restored from there) is superseded."""
        if place is None:
            return None
        with self._recovery_guard:
            for older in self._recovery_files - {place}:
                with contextlib.suppress(OSError):
                    os.unlink(older)
            self._recovery_files = {place}
        return place

    def adopt_recovery(self, place: Path) -> None:
        """The work in `place` is now this session's unsaved work (restored or merged): the file
        goes when that work is saved or discarded, and is superseded by newer recovery writes."""
        with self._recovery_guard:
            self._recovery_files.add(place)

    def remove_recovery(self) -> None:
        """The unsaved work is saved or discarded: remove every recovery file that held it."""
        with self._recovery_guard:
            for place in self._recovery_files:
                with contextlib.suppress(OSError):
                    os.unlink(place)
            self._recovery_files = set()

    def pending_recoveries(self) -> list[Path]:
        """Recovery files of this workbook left by other sessions (not this one's own)."""
        with self._recovery_guard:
            ours = set(self._recovery_files)
        return [place for place in recovery.find_recoveries(self.path) if place not in ours]

    def changed_since(self, found: recovery.Recovered) -> bool | None:
        """Did the file change since the recovered work started from it? None if not recorded."""
        if found.base is None:
            return None
        return (file_digest(self.path) or "") != found.base.digest

    # -- lock --------------------------------------------------------------------------
    def lock(self, take_over: bool = False) -> lock.LockInfo | None:
        """Take the lock (None), or say who holds it. With the lock, no other Stratbook is
        saving this file, so what killed saves left beside it can go."""
        holder = lock.acquire(self.path, take_over=take_over)
        self.holds_lock = holder is None
        if self.holds_lock:
            remove_stale_temporaries(self.path)
        return holder

    def lost_lock(self) -> lock.LockInfo | None:
        """Who took the lock from us (a second instance's 'take over'), or None if it is still ours
        (or we never held it)."""
        if not self.holds_lock:
            return None
        holder = lock.read_lock(self.path)
        if holder is None or lock.is_mine(holder):
            return None
        if not self._recovery_tag:
            # The plain recovery name is the new holder's now: write ours under our own name, and
            # forget (never remove) what we wrote under the plain one, which may be theirs by now.
            with self._recovery_guard:
                self._recovery_tag = recovery.session_tag()
                self._recovery_files = {p for p in self._recovery_files if p.name.endswith(self._recovery_tag)}
        return holder

    def unlock(self) -> None:
        if self.holds_lock:
            lock.release(self.path)
            self.holds_lock = False


class RecoveryWrites:
    """Bookkeeping for recovery files written in a worker thread while the user edits on.

    A write starts only when the work changed since the last one and none is in flight. The work
    is told by a state: the app's revision, and the work in progress of a dialog (a goal half
    written in the wizard: not an edit until the wizard saves it), or None. When unsaved work
    stops existing (save, undo to saved, discard) `discard` marks any write in flight stale: the
    flag is set before the file goes, and the writer looks at it after writing, so whichever
    finishes last, the file is gone (even when the app exits in between).
    """

    def __init__(self) -> None:
        self.written: tuple | None = None
        """The state of the work the recovery file on disk holds; None when there is none."""
        self.busy = False
        self.stale = False

    @property
    def written_or_writing(self) -> bool:
        return self.written is not None or self.busy

    def begin(self, state: tuple) -> bool:
        """True if a write of the work in `state` should start now."""
        if state == self.written or self.busy:
            return False
        self.busy, self.stale = True, False
        return True

    def finished(self, state: tuple | None, still_unsaved: bool) -> bool:
        """A write ended (`state` None if nothing was written); True if the file must go
        because the work was saved or discarded meanwhile."""
        self.busy = False
        if state is None:
            return False
        if not still_unsaved:
            return True
        self.written = state
        return False

    def discard(self) -> None:
        self.stale = True
        self.written = None
