"""Reading the files Stratbook keeps beside a workbook, without waiting on what is not a file."""

from __future__ import annotations

import errno
import os
import stat
TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` for the annotations only (see tui.model.workbook)
    from typing import BinaryIO


class NotARegularFile(OSError):
    """What is at the path is a folder, a FIFO, a device or a socket, not a file to read."""


def open_regular(path: str | os.PathLike[str], *, follow_links: bool = True) -> BinaryIO:
    """The regular file at `path`, open for reading. Opened without waiting: opening a FIFO
    blocks until something writes to it, and one put where Stratbook reads (the workbook, its
    lock, the config, the history folder) hung the app or a command until it was killed."""
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow_links else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a pipe, device or socket?)"
            raise NotARegularFile(errno.EINVAL, kind, str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
