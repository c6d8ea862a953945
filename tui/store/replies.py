"""Importing a reply: a copy of the plan that came back, merged three-way into the workbook
against the base found in its history folder. No Textual here; nothing is written here either
(the command line writes the result, the app applies it as one undoable edit; both then call
`remember`)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from tui.model.workbook import Workbook
from tui.store.diff import Change, diff
from tui.store.files import decode, loads
from tui.store.lineage import (
    find_base,
    imported_messages,
    keep_snapshot,
    merge_copies,
    other_plan,
    record_imported,
    written_revision,
)
from tui.store.mail import Attachment
from tui.store.merge import CONFLICTS_KEY, Conflict, MergeError
from tui.store.problems import WorkbookError
from tui.store.writer import canonical_bytes

MERGED, ALREADY, SKIPPED, NO_BASE = "merged", "already", "skipped", "no base"


@dataclass(slots=True)
class Outcome:
    """What importing one attachment came to."""

    status: str
    """MERGED (see `conflicts`), ALREADY (nothing new), SKIPPED (another plan, not a workbook)
    or NO_BASE (no common ancestor found: nothing merged; `differences` lists what differs)."""
    why: str = ""
    workbook: Workbook | None = None
    """The merged workbook (MERGED only)."""
    changes: list[Change] = field(default_factory=list)
    """What the merge changed in ours (MERGED), or every difference (NO_BASE)."""
    conflicts: list[Conflict] = field(default_factory=list)
    base_revision: str = ""
    theirs: Workbook | None = None
    """Their copy (NO_BASE: to compare with, difference by difference)."""
    theirs_data: bytes = b""
    """Their copy in canonical form, kept as a snapshot once the merge is written (`remember`)."""


def import_copy(path: str | os.PathLike[str], ours: Workbook, attachment: Attachment,
                message_id: str = "") -> Outcome:
    """Merge the workbook in `attachment` into `ours` (the workbook at `path`), against the base
    its revisions find in the history folder beside `path`."""
    if message_id and message_id in imported_messages(path):
        return Outcome(ALREADY, f"message {message_id} was imported before")
    try:
        theirs = loads(decode(attachment.data, attachment.name), attachment.name).workbook
    except WorkbookError as exc:
        return Outcome(SKIPPED, f"{attachment.name} is not a valid workbook: {exc.problems[0].format()}")
    refusal = other_plan(ours, theirs)
    if refusal:
        return Outcome(SKIPPED, f"{attachment.name} is {refusal}")
    try:
        # Their content's own revision (a hand edit leaves a stale one). It was just loaded and
        # checked, so its canonical bytes need no second check (as `fmt` reasons).
        theirs_data = canonical_bytes(theirs)
    except WorkbookError as exc:
        return Outcome(SKIPPED, f"{attachment.name} cannot be read back: {exc.problems[0].format()}")
    revision = written_revision(theirs_data) or ""
    if revision == ours.meta.revision:
        return Outcome(ALREADY, f"revision {revision} is already in this workbook")
    base = find_base(path, theirs, revision)
    # Content we had before is nothing new, unless the copy came from a later revision than that
    # content (it undid a change): then its base is that later one, which descends from it.
    undone = base is not None and revision in base.workbook.meta.history
    if revision in ours.meta.history and not undone:
        return Outcome(ALREADY, f"revision {revision} is already in this workbook")
    if base is None:
        return Outcome(NO_BASE, "no common base: none of its revisions is in the history folder",
                       changes=diff(ours, theirs), theirs=theirs)
    try:
        result = merge_copies(base.workbook, ours, theirs, revision)
    except MergeError as exc:
        return Outcome(SKIPPED, f"{attachment.name}: {exc}")
    changes = [c for c in diff(ours, result.workbook) if (c.ref, c.field) != ("workbook", f"extra.{CONFLICTS_KEY}")]
    return Outcome(MERGED, workbook=result.workbook, changes=changes, conflicts=result.conflicts,
                   base_revision=base.revision, theirs_data=theirs_data)


def remember(path: str | os.PathLike[str], outcome: Outcome, message_id: str = "") -> list[str]:
    """After the merge is written: keep their copy as a snapshot (the base of their next reply)
    and the message as imported. Warnings, if any could not be kept."""
    notes = [keep_snapshot(path, outcome.theirs_data)]
    if message_id:
        revision = outcome.workbook.meta.revision if outcome.workbook else ""
        notes.append(record_imported(path, message_id, revision))
    return [note for note in notes if note]
