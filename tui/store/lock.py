"""A lock beside the workbook, so that two people do not edit one file at once.

`.plan.toml.lock` records who holds it: user, host, process and time. A lock
whose process is gone on this host is stale and cleared without asking; a
lock held elsewhere is reported so the user can open read-only or take over.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from tui.store.atomic import resolve_target
from tui.store.reading import open_regular
from tui.store.config import user_name

SUFFIX = ".lock"
LOCK_LIMIT = 4096
"""A lock file holds one short line of JSON: no more is read."""


@dataclass(frozen=True, slots=True)
class LockInfo:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        return f"{self.user} on {self.host} (process {self.pid}) since {self.since}"


def lock_path(workbook_path: str | os.PathLike[str]) -> Path:
    target = resolve_target(workbook_path)
    return target.with_name(f".{target.name}{SUFFIX}")


def _me() -> LockInfo:
    user = user_name() or "unknown"  # the config's name, else $STRATBOOK_NAME, else the login name
    since = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return LockInfo(user, socket.gethostname(), os.getpid(), since)


def read_lock(workbook_path: str | os.PathLike[str]) -> LockInfo | None:
    """Who holds the lock, or None if nobody does. An unreadable lock counts as held by 'unknown'."""
    path = lock_path(workbook_path)
    try:
        with open_regular(path) as handle:  # a FIFO there waited forever
            data = json.loads(handle.read(LOCK_LIMIT).decode("utf-8"))
        return LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return LockInfo("unknown", "unknown", 0, "unknown")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def is_mine(info: LockInfo) -> bool:
    return info.pid == os.getpid() and info.host == socket.gethostname()


def is_stale(info: LockInfo) -> bool:
    """A lock from this host whose process is gone."""
    return info.host == socket.gethostname() and info.pid > 0 and not _alive(info.pid)


def acquire(workbook_path: str | os.PathLike[str], *, take_over: bool = False) -> LockInfo | None:
    """Take the lock. Returns None on success, or who holds it.

    A stale lock is cleared without asking; `take_over` replaces a live one.
    Failing to write a lock (a read-only folder) is not an error: the save
    will report the real problem, and reading must still work.
    """
    path = lock_path(workbook_path)
    for _ in range(3):
        holder = read_lock(workbook_path)
        if holder is not None and is_mine(holder):
            return None
        if holder is not None and not take_over and not is_stale(holder):
            return holder
        if holder is not None:
            with contextlib.suppress(OSError):
                os.unlink(path)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            continue  # someone took it in between: look again
        except OSError:
            return None
        me = _me()
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"user": me.user, "host": me.host, "pid": me.pid, "since": me.since}, handle)
        except OSError:  # a full disk: no lock, but no crash either (an empty lock file would confuse)
            with contextlib.suppress(OSError):
                os.unlink(path)
        return None
    return read_lock(workbook_path)


def release(workbook_path: str | os.PathLike[str]) -> None:
    """Remove the lock if it is ours."""
    holder = read_lock(workbook_path)
    if holder is not None and is_mine(holder):
        with contextlib.suppress(OSError):
            os.unlink(lock_path(workbook_path))
