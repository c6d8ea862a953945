"""Replace a file atomically: the old bytes or the new, never a mixture."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from pathlib import Path


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The file a save should replace: through symbolic links to their target."""
    return Path(os.path.realpath(path))


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder.

    flush and fsync, `os.replace`, fsync of the folder. The file keeps its
    permission bits; a symbolic link keeps pointing at its (replaced) target.
    On any failure the temporary file is removed and the original is untouched.
    """
    target = resolve_target(path)
    folder = target.parent
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
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


def create_atomic(path: str | os.PathLike[str], data: bytes) -> None:
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
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(handle.fileno(), 0o666 & ~umask)
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
