"""Recovery files: unsaved work kept beside the workbook, like vim's swap files.

While a workbook has unsaved changes the app writes them, as an ordinary
workbook file, to a hidden file beside it (`.plan.toml.recovery`). Saving or
discarding removes it. If the app dies (a dropped SSH connection, a crash, a
kill), the next start finds a recovery file newer than the workbook and
offers to restore it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from tui.model.workbook import Workbook
from tui.store.atomic import resolve_target, write_atomic
from tui.store.files import Loaded, load
from tui.store.problems import WorkbookError
from tui.store.writer import dumps, emit

SUFFIX = ".recovery"


def recovery_path(workbook_path: str | os.PathLike[str]) -> Path:
    """`.NAME.recovery` in the folder of the file (through symbolic links)."""
    target = resolve_target(workbook_path)
    return target.with_name(f".{target.name}{SUFFIX}")


def write_recovery(workbook: Workbook, workbook_path: str | os.PathLike[str]) -> bool:
    """Write the unsaved workbook beside the file; False (never an exception) if that fails.

    Called from signal handlers and exception hooks too, so it must not raise.
    """
    try:
        write_atomic(recovery_path(workbook_path), dumps(workbook))
    except (OSError, WorkbookError, ValueError, RecursionError):
        return False
    return True


def write_recovery_document(document: dict, workbook_path: str | os.PathLike[str]) -> bool:
    """Write a workbook already turned into a document (`writer.to_document`), without the
    read-back check: the app builds the document on its own thread and writes it from a
    worker, so a large workbook does not stall the keys. False (never an exception) on failure."""
    try:
        write_atomic(recovery_path(workbook_path), emit(document).encode("utf-8"))
    except (OSError, ValueError, TypeError, RecursionError, UnicodeError):
        return False
    return True


def remove_recovery(workbook_path: str | os.PathLike[str]) -> None:
    with contextlib.suppress(OSError):
        os.unlink(recovery_path(workbook_path))


def pending_recovery(workbook_path: str | os.PathLike[str]) -> Path | None:
    """The recovery file, if there is one newer than the workbook (or the workbook is gone)."""
    path = recovery_path(workbook_path)
    try:
        recovered = os.stat(path).st_mtime_ns
    except OSError:
        return None
    try:
        saved = os.stat(workbook_path).st_mtime_ns
    except OSError:
        return path
    return path if recovered >= saved else None


def load_recovery(path: str | os.PathLike[str]) -> Loaded:
    """Read a recovery file; raises WorkbookError like `load`."""
    return load(path)
