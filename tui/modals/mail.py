"""Email from the app: "Import a reply" and "Send by email" in the command palette.

The files are read and written by store functions (tui/store/mail.py, replies.py); the app
applies a merged reply as one undoable edit, then shows what it changed and the conflicts.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from tui.keymap import key_in_effect
from tui.model.edits import ReplaceContent
from tui.model.text import counted, for_display
from tui.model.workbook import Workbook
from tui.modals.form import Field, FormDialog
from tui.widgets.path_suggester import PathSuggester

if TYPE_CHECKING:
    from tui.app import StratbookApp


def _in_folder(app: StratbookApp, text: str) -> Path:
    path = Path(os.path.expanduser(text.strip()))
    return path if path.is_absolute() else app.path.resolve().parent / path


def start_import(app: StratbookApp) -> None:
    """Ask for a reply (an .eml, an mbox, a Maildir folder or a saved attachment), then merge it."""
    if app.read_only:
        app.refuse_read_only()
        return

    def check(text: str) -> str | None:
        if not text.strip():
            return "give the reply's file name"
        return None if _in_folder(app, text).exists() else f"there is no file {_in_folder(app, text)}"

    def chosen(result: dict | None) -> None:
        if result:
            import_replies(app, _in_folder(app, result["path"]))

    folder = str(app.path.resolve().parent) + os.sep
    app.push_screen(FormDialog("Import a reply", [
        Field("path", "The reply", value=folder, required=True, check=check,
              suggester=PathSuggester(app.path.resolve().parent),
              hint="An .eml file, an mbox file, a Maildir folder or a saved attachment; relative to the "
                   "workbook's folder, ~ is your home; right arrow completes a name."),
    ], submit="import"), chosen)


def import_replies(app: StratbookApp, source: Path) -> None:
    """Merge every reply of this plan found at `source` into the workbook: one undoable step."""
    from tui.modals.compare import CompareScreen
    from tui.modals.differences import DifferencesScreen
    from tui.store.mail import read_replies
    from tui.store.replies import ALREADY, MERGED, NO_BASE, import_copy, remember

    before = Workbook(**{name: getattr(app.workbook, name) for name in Workbook.__dataclass_fields__})
    lines: list[str] = []
    conflicts = 0
    unmerged: tuple[Workbook, str] | None = None
    with app.one_undo_step("import replies"):
        for reply in read_replies(source):
            name = Path(reply.label).name
            if reply.error:
                lines.append(f"{name}: skipped: {reply.error}")
                continue
            lines += [f"{name}: skipped: {refusal}" for refusal in reply.refusals]
            if not reply.attachments and not reply.refusals:
                lines.append(f"{name}: skipped: no workbook attached")
            who = reply.sender or "an unknown sender"
            for attachment in reply.attachments:
                outcome = import_copy(app.path, app.workbook, attachment)
                if outcome.status == MERGED:
                    app.apply(ReplaceContent(outcome.workbook, f"import the reply from {who}"))
                    lines += remember(app.path, outcome)
                    conflicts += len(outcome.conflicts)
                    lines.append(f"From {who}: {counted(len(outcome.changes), 'change')} taken, "
                                 f"{counted(len(outcome.conflicts), 'conflict')}")
                elif outcome.status == ALREADY:
                    lines.append(f"From {who}: already imported ({outcome.why})")
                elif outcome.status == NO_BASE:
                    lines.append(f"From {who}: {outcome.why}; nothing merged: compare instead")
                    unmerged = (outcome.theirs, attachment.name)
                else:
                    lines.append(f"From {who}: skipped: {outcome.why}")
    app.notify(for_display("\n".join(lines) or "Nothing found to import.", multiline=True),
               title="Import a reply", markup=False, timeout=12)

    def then_conflicts(_: object = None) -> None:
        if conflicts:
            app.push_screen(CompareScreen(None, ""))

    if before.meta is not app.workbook.meta:  # something was merged: what it changed, then the conflicts
        app.push_screen(DifferencesScreen(f"What importing changed ({key_in_effect('app.undo')} undoes it all)", before, app.workbook,
                                          ("before", "after")), then_conflicts)
    elif unmerged is not None and unmerged[0] is not None:
        app.push_screen(CompareScreen(*unmerged))


def start_send(app: StratbookApp) -> None:
    """Ask for the addresses and a note; save if needed, then write the .eml or hand it to sendmail."""
    def chosen(result: dict | None) -> None:
        if result:
            app.run_worker(send(app, result), exclusive=True, group="send")

    from tui.store.mail import addresses_problem

    app.push_screen(FormDialog("Send by email", [
        Field("to", "To", required=True, hint="Separated by commas or spaces; a name goes before <address>",
              check=lambda text: addresses_problem(text, required=True)),
        Field("cc", "Cc", check=addresses_problem),
        Field("message", "A note before the plan", kind="long"),
        # Short words, so that the chosen one shows whole in the row at 40 columns; the hint says more.
        Field("how", "How", kind="choice", choices=("file", "sendmail"),
              labels={"file": "an .eml file", "sendmail": "sendmail"}, value="file",
              hint="An .eml file is written beside the workbook, for your mail program to send; "
                   "sendmail hands the message to this machine's mail."),
    ], submit="send"), chosen)


async def send(app: StratbookApp, form: dict) -> None:
    """Save first when the file on disk is not this content with its true revision, then send."""
    from tui.store.lineage import keep_snapshot
    from tui.store.mail import SendError, address_list, send_workbook
    from tui.store.outputs import replace_concern
    from tui.store.problems import WorkbookError
    from tui.store.writer import stamped
    from tui.store.paths import unused_name

    workbook = app.workbook
    current = workbook.meta.lineage and stamped(workbook).revision == workbook.meta.revision
    if app.dirty or not current or not app.path.exists():  # what is sent is the saved file, with its true revision
        if not await app.save_flow():
            app.notify("Not sent: the workbook was not saved.", severity="warning", markup=False)
            return
    try:
        data = stamped(workbook).data
    except WorkbookError as exc:
        app.notify(for_display(exc.problems[0].format()), severity="error", markup=False)
        return
    keep_snapshot(app.path, data)
    output = app.path.with_suffix(".eml")
    if replace_concern(output, "email", protected=[(app.path, "the open workbook")]) is not None:
        output = unused_name(output)
    try:
        where = send_workbook(app.path, data, workbook, to=address_list(form["to"]), cc=address_list(form.get("cc") or ""),
                              note=form.get("message") or "", output=output, sendmail=form.get("how") == "sendmail")
    except SendError as exc:
        app.notify(for_display(str(exc)), title="Not sent", severity="error", markup=False, timeout=10)
        return
    app.notify(for_display(where), title="Send by email", markup=False, timeout=10)
