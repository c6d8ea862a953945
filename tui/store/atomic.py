"""Replace a file atomically: the old bytes or the new, never a mixture.

The rename that makes a save atomic needs only the folder's permission, so the OS would let
us replace a file we may not write (mode 0444), and the new file would belong to whoever
saved it. So before writing: a file the user may not write is refused (`may_write`), and
the new file gets the old one's mode, owner and group where the OS allows (`replace_notes`
says beforehand what cannot be kept, and that hard links to the old file stay with the old
content).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from tui.model.text import counted


_writing = threading.local()
WAIT_FOR_WRITER = 30.0
"""How long a change waits for another process changing the same workbook to finish."""


@contextlib.contextmanager
def one_writer(path: str | os.PathLike[str]) -> Iterator[None]:
    """Held while a command reads, changes and writes the workbook at `path`: a second one
    (another `checkin` from cron, an `import`) waits for the first to finish, then reads what it
    wrote. Each wrote the file it had read, and the last to finish lost the other's change
    without a word (found from outside: two check-ins in the same minute kept one).

    An advisory lock (flock) on the workbook's folder: the file itself is replaced by every
    save, so a lock on it would be on the old file. Held again inside it (a write inside a
    command's change) it is not taken twice. Where the folder cannot be locked (no flock on
    this system or file system), writers are not kept apart, as before."""
    folder = os.path.dirname(os.path.abspath(resolve_target(path)))
    held: dict[str, int] = _writing.__dict__.setdefault("held", {})
    if held.get(folder):
        held[folder] += 1
        try:
            yield
        finally:
            held[folder] -= 1
        return
    fd = _lock_folder(folder)
    held[folder] = 1
    try:
        yield
    finally:
        held[folder] = 0
        if fd is not None:
            os.close(fd)  # closing it lets the lock go


def _lock_folder(folder: str) -> int | None:
    try:
        import fcntl
    except ImportError:  # not on this system
        return None
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    deadline = time.monotonic() + WAIT_FOR_WRITER
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise TimeoutError(f"another process has been changing a workbook in {folder} for "
                                   f"{WAIT_FOR_WRITER:.0f} s") from None
            time.sleep(0.02)
        except OSError:  # a file system without flock: no lock, as before
            os.close(fd)
            return None


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The file a save should replace: through symbolic links to their target."""
    return Path(os.path.realpath(path))


def mode_allows_writing(info: os.stat_result, euid: int, groups: set[int]) -> bool:
    """The rule: the mode bits of the class the user is in (owner, else group, else others)
    decide, as they do for an ordinary write. Root may write where any write bit is set, so a
    file with none (0444) is read-only even for root, though access() would say yes."""
    mode = info.st_mode
    if euid == 0:
        return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    if info.st_uid == euid:
        return bool(mode & stat.S_IWUSR)
    if info.st_gid in groups:
        return bool(mode & stat.S_IWGRP)
    return bool(mode & stat.S_IWOTH)


def _groups() -> set[int]:
    return {os.getegid(), *os.getgroups()}


def may_write(path: str | os.PathLike[str]) -> str | None:
    """None if a save may replace the file at `path` (or there is none); else why not.

    Both the mode rule above and access() must agree (access() also knows ACLs and read-only
    file systems)."""
    target = resolve_target(path)
    try:
        info = os.stat(target)
    except OSError:
        return None  # nothing there (or unreachable): the write itself reports the real problem
    if not mode_allows_writing(info, os.geteuid(), _groups()) or not os.access(target, os.W_OK):
        return f"the file is read-only for you (mode {stat.S_IMODE(info.st_mode):04o})"
    return None


def replace_notes(path: str | os.PathLike[str]) -> list[str]:
    """What replacing the file at `path` by a new one changes that the user should hear first:
    an owner or group that cannot be kept, hard links that keep the old content."""
    target = resolve_target(path)
    try:
        info = os.stat(target)
    except OSError:
        return []
    if not stat.S_ISREG(info.st_mode):
        return []  # a folder or a FIFO put in its place: the save says what is wrong (a folder's links are its own)
    notes = []
    euid = os.geteuid()
    if euid != 0 and info.st_uid != euid:
        notes.append(f"{target.name} belongs to {_user_name(info.st_uid)}; saving makes you its owner "
                     "(the file is replaced by a new one, and only root can give it back)")
    elif euid != 0 and info.st_gid not in _groups():
        notes.append(f"{target.name} is in the group {_group_name(info.st_gid)}, which you are not in; "
                     "saving puts it in your own group")
    if info.st_nlink > 1:
        notes.append(f"{target.name} has {counted(info.st_nlink - 1, 'other hard link')}; saving writes a new file, "
                     "so the other names keep the old content")
    return notes


def _user_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return f"user {uid}"


def _group_name(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (KeyError, ImportError):
        return f"group {gid}"


def _keep_owner(fd: int, info: os.stat_result) -> None:
    """Give the new file the old one's owner and group, or as much of it as the OS allows."""
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except PermissionError:
        with contextlib.suppress(OSError):
            os.fchown(fd, -1, info.st_gid)  # a teammate: the group at least (replace_notes said so)
    except OSError:
        pass


def new_file_mode(like: str | os.PathLike[str] | None = None) -> int:
    """Permission bits for a new file: the umask's, and, when it is made from the file `like`
    (an export of a workbook, a copy, a merge result), no more open than that file: a private
    (0600) plan's export must not be readable by everyone."""
    umask = os.umask(0)
    os.umask(umask)
    mode = 0o666 & ~umask
    if like is not None:
        with contextlib.suppress(OSError):
            mode &= stat.S_IMODE(os.stat(like).st_mode) | 0o200  # the owner can always write it
    return mode


def write_atomic(path: str | os.PathLike[str], data: bytes, mode: int | None = None, *,
                 like: str | os.PathLike[str] | None = None, through_links: bool = True) -> None:
    """Write `data` to `path` through a temporary file in the same folder.

    flush and fsync, `os.replace`, fsync of the folder. The file keeps its
    permission bits, owner and group (where the OS allows); a symbolic link keeps
    pointing at its (replaced) target. A file the user may not write is refused
    (PermissionError) before anything is written. On any failure the temporary
    file is removed and the original is untouched. `mode` sets the permission
    bits instead (recovery files: 0600); `like` makes a new file no more open than that file
    (see `new_file_mode`). `through_links=False` replaces whatever is at `path` itself, a link
    or a FIFO too, and never writes where it points (files Stratbook keeps for itself in a
    folder others may write: the history folder).
    """
    target = resolve_target(path) if through_links else Path(os.path.abspath(path))
    folder = target.parent
    try:
        info: os.stat_result | None = os.stat(target, follow_symlinks=through_links)
    except FileNotFoundError:
        info = None
    if info is not None and not through_links and not stat.S_ISREG(info.st_mode):
        info = None  # replaced, not written through: nothing of it is kept
    refusal = may_write(target) if info is not None else None
    if refusal is not None:
        raise PermissionError(errno.EACCES, refusal, os.fspath(target))
    kept_mode = stat.S_IMODE(info.st_mode) if info is not None else new_file_mode(like)
    mode = kept_mode if mode is None else mode
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if info is not None:
                _keep_owner(handle.fileno(), info)
            os.fchmod(handle.fileno(), mode)  # after chown, which may clear set-id bits
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Make a rename durable; some file systems cannot fsync a folder, which is fine."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create_atomic(path: str | os.PathLike[str], data: bytes, *, like: str | os.PathLike[str] | None = None) -> None:
    """Write a new file at `path` whole, refusing (FileExistsError) if anything is there.

    The data goes to a temporary file first and is then hard-linked into place,
    which fails atomically if the name was taken in the meantime.
    """
    target = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), new_file_mode(like))
            os.fsync(handle.fileno())
        try:
            os.link(temporary, target)
        except OSError as exc:
            if isinstance(exc, FileExistsError) or os.path.lexists(target):
                raise FileExistsError(exc.errno, "file exists", os.fspath(target)) from None
            os.replace(temporary, target)  # a file system without hard links: checked, then renamed
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    sync_folder(target.parent)


STALE_SECONDS = 15 * 60
"""A temporary file this old belongs to no save in progress (a save takes well under a second)."""
_TEMPORARY_RANDOM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def remove_stale_temporaries(path: str | os.PathLike[str], now: float | None = None) -> list[Path]:
    """Remove what killed saves of `path` left behind, and say which files went.

    A save killed at the wrong moment (SIGKILL, power cut) leaves its temporary file,
    `.NAME.XXXXXXXX.tmp`, beside the workbook; so can a write of the recovery file,
    `..NAME.recovery.XXXXXXXX.tmp`. Only files of exactly that shape, regular and not
    touched for STALE_SECONDS, are removed. Never raises: this is tidying, not saving.
    """
    target = resolve_target(path)
    prefixes = [f".{name}." for name in (target.name, f".{target.name}.recovery")]
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        prefix = next((p for p in prefixes if name.startswith(p)), None)
        random_part = name[len(prefix):-4] if prefix and name.endswith(".tmp") else ""
        if len(random_part) != 8 or not set(random_part) <= _TEMPORARY_RANDOM:
            continue
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
