"""What an export, a copy or a merge may write over without asking. No Textual here.

One rule, for the app and the command line alike. An output may replace, unasked:
- a file that does not exist yet;
- the output it is meant to be: for an export, an earlier export of the same kind by
  Stratbook (Markdown and HTML end with "Made with Stratbook."; JSON is a dump of a
  workbook, `{"workbook": {"schema": ...}, ...}`); for a workbook (a merge result, a copy),
  a workbook of the same plan (it loads, and it has the same lineage or title, or shares an
  item id; a file exactly as Stratbook wrote it, its content still its revision, is known by
  its lineage without loading it: it was checked to load when it was written); for an email
  (`stratbook send`), an earlier one by Stratbook.
Anything else needs the user's word (the app asks, naming the file; the command line refuses
with exit 2 unless given --force): the open workbook or an input file itself (followed
through symbolic and hard links), something that is not a regular file, or an existing file
that is not the output it is meant to be.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from tui.model.workbook import Workbook
from tui.store.files import MAX_BYTES, load, read_bytes
from tui.store.problems import WorkbookError

KIND_NAMES = {"markdown": "a Markdown export", "html": "an HTML export", "json": "a JSON export",
              "workbook": "a workbook of this plan", "email": "an email"}
_SIGNATURE = "Made with Stratbook."
_TAIL_BYTES = 4096


def replace_concern(target: str | os.PathLike[str], kind: str, *,
                    protected: Iterable[tuple[str | os.PathLike[str], str]] = (),
                    workbook: Workbook | None = None) -> str | None:
    """Why writing `kind` (an export format or "workbook") to `target` needs asking first, or None.

    `protected`: (path, what it is) for the open workbook and the command's input files, e.g.
    `(path, "the open workbook")`. `workbook`: what is being written, for kind "workbook" (to
    recognise a workbook of the same plan). The reason is a phrase to follow the file's name:
    "is the open workbook itself", "is not a Markdown export made by Stratbook", ...
    """
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be checked ({exc.strerror or exc})"
    for path, what in protected:
        if _same_file(target, path):
            return f"is {what} itself"
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if kind == "workbook":
        return None if workbook is not None and _same_plan(target, workbook) else "is not a workbook of this plan"
    return None if _is_export(target, kind, info.st_size) else f"is not {KIND_NAMES[kind]} made by Stratbook"


def _same_file(one: str | os.PathLike[str], other: str | os.PathLike[str]) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return Path(one).resolve() == Path(other).resolve()


def _same_plan(path: str | os.PathLike[str], workbook: Workbook) -> bool:
    if workbook.meta.lineage and _written_lineage(path) == workbook.meta.lineage:
        return True  # an earlier result of this plan, untouched: not parsed and checked again
    try:
        there = load(path).workbook
    except WorkbookError:
        return False
    if workbook.meta.lineage and there.meta.lineage == workbook.meta.lineage:
        return True
    title = workbook.meta.title.strip()
    return bool(title and there.meta.title.strip() == title) or not there.ids().isdisjoint(workbook.ids())


def _written_lineage(path: str | os.PathLike[str]) -> str | None:
    from tui.store.lineage import written_lineage

    try:
        return written_lineage(read_bytes(path))
    except WorkbookError:
        return None


def _is_export(path: str | os.PathLike[str], kind: str, size: int) -> bool:
    try:
        with open(path, "rb") as handle:
            if kind == "email":  # `stratbook send` marks its messages in a header
                return b"\nX-Mailer: Stratbook\n" in handle.read(_TAIL_BYTES * 4).replace(b"\r\n", b"\n")
            if kind == "json":
                if size > 4 * MAX_BYTES:
                    return False
                data = json.loads(handle.read())
                return isinstance(data, dict) and isinstance(data.get("workbook"), dict) \
                    and isinstance(data["workbook"].get("schema"), int)
            head = handle.read(64)
            handle.seek(max(0, size - _TAIL_BYTES))
            tail = handle.read().decode("utf-8", "replace")
    except (OSError, ValueError, RecursionError):
        return False
    if kind == "html":
        return head.lstrip().lower().startswith(b"<!doctype html>") and f"<p class=\"muted\">{_SIGNATURE}</p>" in tail
    lines = [line for line in tail.splitlines() if line.strip()]
    return len(lines) >= 2 and lines[-1].startswith(_SIGNATURE) and lines[-2].strip() == "---"
