"""The Stratbook app: sections, global keys, the one editing path, save and quit.

Screens show the workbook and hand edits to `StratbookApp.apply`; the app
changes the model, records the edit for undo and marks the workbook unsaved.
File I/O happens here (through tui.store), never in a screen.
"""

from __future__ import annotations

import asyncio
import gc
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import termios
import threading
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SuspendNotSupported, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import TextArea

from tui.model.edits import Edit, EditError, History, SetFields
from tui.model.text import for_display
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import Field, FormDialog
from tui.resources import stylesheets
from tui.screens.base import SectionScreen
from tui.screens.sections import SECTION_BY_MODE, SECTIONS
from tui.model.workbook import Workbook
from tui.store import Loaded, WorkbookError, load, new_workbook, save
from tui.store.recovery import load_recovery, recovery_path
from tui.store.session import FileSession
from tui.store.writer import to_document

WATCH_SECONDS = 2.0
"""How often unsaved work is written for recovery and the file checked for outside changes."""
EXIT_LOST = 75  # EX_TEMPFAIL: the session ended without the user's say; unsaved work was kept

START_SECTION = "overview"


class StratbookApp(App[int]):
    """A workbook open for editing (or the problems that stopped it opening)."""

    TITLE = "Stratbook"
    CSS_PATH = stylesheets(leave_out=frozenset(SECTION_BY_MODE))
    MODES = {section.mode: section.make_screen for section in SECTIONS}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="app.save", tooltip="Save the workbook to its file"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True,
                tooltip="Quit; asks first when there are unsaved changes"),
        Binding("ctrl+z", "undo", "Undo", id="app.undo", tooltip="Undo the last change to the workbook"),
        Binding("ctrl+y", "redo", "Redo", id="app.redo", show=False, tooltip="Redo what was undone"),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Every key of this section"),
        Binding("f2", "external_editor", "Editor", id="app.editor", show=False,
                tooltip="Edit the focused text in $EDITOR"),
        *[
            Binding(s.key, f"section('{s.mode}')", s.title, id=f"app.section.{s.mode}", show=False,
                    tooltip=s.summary)
            for s in SECTIONS
        ],
    ]

    dirty: reactive[bool] = reactive(False)
    """The workbook has changes that are not saved."""
    title_text: reactive[str] = reactive("")
    """The workbook's title, for the header."""

    def __init__(self, path: str | os.PathLike[str], loaded: Loaded | None = None,
                 error: WorkbookError | None = None, start: str | None = None) -> None:
        # Starting in the section's own mode saves Textual a second full CSS pass at start-up.
        if error is None:
            self.DEFAULT_MODE = start if start in SECTION_BY_MODE else START_SECTION
        super().__init__()
        self.path = Path(path)
        self.start_section = start if start in SECTION_BY_MODE else START_SECTION
        self.load_error = error
        self.loaded = loaded
        self.workbook = loaded.workbook if loaded else new_workbook()
        self.read_only = bool(loaded and loaded.read_only)
        self.read_only_reason = "it was written by a newer Stratbook"
        """Why edits are refused, for the message that refuses them."""
        self.history = History()
        self.jump_origin: str | None = None
        """While a jump (show_item) puts a section on an item: the section it came from."""
        self.revision = 0
        """Counts changes to the workbook; screens compare it to know they are stale."""
        self.session = FileSession(self.path, loaded.digest if loaded else None)
        self._comments_noted = False
        self._recovery_revision = 0
        self._recovery_busy = False
        self._recovery_stale = False
        """Set when unsaved work stops existing (save, undo to saved, discard): see _discard_recovery."""
        self._discarded = False
        self._outside_change_noted = False
        self._watch_terminal = False

    # -- start ---------------------------------------------------------------
    def on_mount(self) -> None:
        if self.load_error is not None:
            from tui.screens.error import LoadErrorScreen

            self.push_screen(LoadErrorScreen(str(self.path), self.load_error.problems))
            return
        self.title_text = self.workbook.meta.title
        if self.loaded and self.loaded.warnings:
            shown = "\n".join(p.format() for p in self.loaded.warnings[:4])
            more = len(self.loaded.warnings) - 4
            if more > 0:
                shown += f"\n... and {more} more (stratbook check FILE lists them all)"
            self.notify(for_display(shown, multiline=True), title="Opened with warnings",
                        severity="warning", markup=False, timeout=8)
        if not self.loaded:
            self.notify(for_display(f"{self.path.name} is new: it is written on the first save (ctrl+s)."),
                        markup=False)
        if not self.is_headless:
            self._install_signal_handlers()
        self.set_interval(WATCH_SECONDS, self._watch)
        self.run_worker(self._startup_checks(), group="startup")

    async def _startup_checks(self) -> None:
        """The lock, then any unsaved work left by a session that died."""
        if not self.read_only:
            holder = self.session.lock()
            if holder is not None:
                answer = await self.push_screen_wait(ConfirmDialog(
                    "The workbook is open elsewhere",
                    f"{self.path.name} is being edited by {holder.describe()}.\n"
                    "Editing it here too would overwrite one person's work with the other's.",
                    [("r", "Open read-only"), ("t", "Take over"), ("q", "Quit")], default="r"))
                if answer == "t":
                    self.session.lock(take_over=True)
                elif answer == "q":
                    self.exit(0)
                    return
                else:
                    self._set_read_only("opened read-only: someone else is editing it",
                                        f"{holder.describe()} is editing it")
                    return
        pending = self.session.pending_recovery()
        if pending is None or self.read_only:
            return
        try:
            recovered = load_recovery(pending)
        except WorkbookError:
            self.notify(for_display(f"A recovery file {pending.name} was found but cannot be read; it is kept."),
                        severity="warning", markup=False)
            return
        while True:
            answer = await self.push_screen_wait(ConfirmDialog(
                "Unsaved work was found",
                f"{pending.name} holds changes to {self.path.name} that were never saved "
                "(the app was closed without saving: a dropped connection, a crash or a kill).",
                [("r", "Restore them"), ("c", "Show the differences"), ("d", "Discard them")], default="r"))
            if answer == "c":
                from tui.modals.differences import DifferencesScreen

                await self.push_screen_wait(DifferencesScreen(
                    "What restoring would change", self.workbook, recovered.workbook,
                    ("saved file", "unsaved work")))
                continue
            break
        if answer == "r":
            self.replace_workbook(recovered.workbook, "restored unsaved work")
            self.notify("Restored. Save (ctrl+s) to keep it in the workbook.", markup=False)
        elif answer == "d":
            self.session.remove_recovery()

    def replace_workbook(self, workbook: Workbook, reason: str) -> None:
        """Show another workbook in place of this one (restore, reload); it is unsaved unless reloaded."""
        self.workbook = workbook
        self.history = History()
        if reason != "reloaded":
            self.history.forget_saved()
        self._changed(None)  # the other sections see the new revision and redraw when shown

    def _set_read_only(self, why: str, reason: str) -> None:
        self.read_only = True
        self.read_only_reason = reason
        self.mutate_reactive(StratbookApp.dirty)  # redraw the header with its marker
        self._changed(None)  # and the sections (text boxes stop taking typing)
        self.notify(for_display(f"{self.path.name}: {why}."), markup=False)

    # -- watching: recovery file, outside changes, a lost terminal ------------------
    def on_unmount(self) -> None:
        self.session.unlock()  # every way out, including a test harness closing the app

    def _keep_recovery_current(self) -> None:
        """Write unsaved work to the recovery file if it changed since the last write.

        The workbook is copied into a document here (16 ms at 12,000 items); turning that into
        text and writing it happens in a worker thread (0.1-0.4 s at that size), so keys are
        not held up every two seconds while someone edits a large workbook."""
        if not self.dirty or self.read_only or self.revision == self._recovery_revision:
            return
        if self._recovery_busy:
            return
        self._recovery_busy = True
        self._recovery_stale = False
        document, revision, session = to_document(self.workbook), self.revision, self.session
        self.run_worker(lambda: self._write_recovery(session, document, revision), thread=True, group="recovery")

    def _write_recovery(self, session: FileSession, document: dict, revision: int) -> None:
        """In a worker thread: write, then tell the app (on its own thread) what was written."""
        written = session.write_recovery_document(document)
        if self._recovery_stale:  # saved, undone or quit while it was written: see _discard_recovery
            session.remove_recovery()
            written = False
        try:
            self.call_from_thread(self._recovery_written, revision if written else None)
        except RuntimeError:
            pass  # the app has stopped: the file is already as it should be

    def _discard_recovery(self) -> None:
        """What is on disk is the work in hand: no recovery file, now or from a write in flight.

        The flag is set before the file goes, and the writer looks at it after writing, so
        whichever finishes last, the file is gone (even when the app exits in between)."""
        self._recovery_stale = True
        self._recovery_revision = 0
        self.session.remove_recovery()

    def _recovery_written(self, revision: int | None) -> None:
        self._recovery_busy = False
        if revision is not None and not self.dirty:
            self.session.remove_recovery()  # saved or discarded while it was being written
        elif revision is not None:
            self._recovery_revision = revision

    def _watch(self) -> None:
        self._keep_recovery_current()
        if self.session.poll() and not self._outside_change_noted:
            self._outside_change_noted = True
            self.notify(for_display(f"{self.path.name} was changed on disk by another program. "
                                    "Saving will ask what to do."),
                        title="Changed outside", severity="warning", markup=False, timeout=10)
        if self._watch_terminal and not _terminal_alive():
            self._emergency_exit("the terminal went away")

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
            loop.add_signal_handler(signal.SIGHUP, self._emergency_exit, "hang-up (SIGHUP)")
        loop.add_signal_handler(signal.SIGTERM, self._emergency_exit, "terminated (SIGTERM)")
        # Under nohup a lost terminal sends nothing: notice it by looking.
        self._watch_terminal = _terminal_alive()

    def _emergency_exit(self, why: str) -> None:
        """Keep unsaved work, release the lock and leave: on a hang-up, a kill, or a lost terminal."""
        self.keep_unsaved_work()
        if not _terminal_alive():
            os._exit(EXIT_LOST)  # nothing left to restore, and Textual would spin on a dead terminal
        threading.Timer(3.0, os._exit, (EXIT_LOST,)).start()  # if a clean exit hangs, go anyway
        kept = f"; unsaved work kept in {recovery_path(self.path)}. Open {self.path} again to restore it."
        self.exit(EXIT_LOST, message=for_display(f"stratbook: {why}{kept if self.dirty else '.'}"))

    def keep_unsaved_work(self) -> None:
        """Write the recovery file if there is unsaved work; always release the lock. Never raises."""
        try:
            if self.dirty and not self._discarded and not self.read_only and self.load_error is None:
                self.session.write_recovery(self.workbook)
            elif not self.dirty and (self._recovery_revision or self._recovery_busy):
                self._discard_recovery()  # written this session, then saved or undone: not wanted
        finally:
            self.session.unlock()

    # -- the one editing path --------------------------------------------------
    def apply(self, edit: Edit, merge_key: str | None = None) -> bool:
        """Apply `edit` to the workbook, record it for undo, and refresh the section."""
        if self.read_only:
            self.refuse_read_only()
            return False
        try:
            inverse = edit.apply(self.workbook)
        except EditError as exc:
            self.notify(for_display(f"Not changed: {exc}"), severity="error", markup=False)
            return False
        self.history.record(edit, inverse, merge_key)
        self._changed(edit)
        return True

    def push_screen(self, screen, callback=None, wait_for_dismiss=False, *, mode=None):  # type: ignore[override]
        """As Textual's, but a dialog that edits the workbook does not open on a read-only one:
        typing into it and being refused at the end would waste the typing."""
        if self.read_only and not wait_for_dismiss and getattr(screen, "edits_workbook", False):
            self.refuse_read_only()
            return AwaitComplete(asyncio.sleep(0))
        return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)

    def refuse_read_only(self) -> None:
        self.notify(for_display(f"Read-only, nothing was changed: {self.read_only_reason}."),
                    severity="warning", markup=False)

    def _changed(self, edit: Edit | None) -> None:
        self.revision += 1
        self.dirty = self.history.is_dirty
        if not self.dirty and (self._recovery_revision or self._recovery_busy):
            # Undone back to what is on disk: nothing is left to recover, and a recovery file
            # would offer to bring back the undone edits the next time the file is opened.
            self._discard_recovery()
        self.title_text = self.workbook.meta.title
        # The section under any open dialogs (compare, conflicts) updates just what the edit touched,
        # rather than redrawing everything when the dialog closes.
        section = next((s for s in reversed(self.screen_stack) if isinstance(s, SectionScreen)), None)
        if section is not None:
            section.model_changed(edit)

    def action_undo(self) -> None:
        edit = self.history.undo(self.workbook)
        if edit is None:
            self.notify("Nothing to undo.", markup=False)
            return
        self._changed(edit)
        self.notify(for_display(f"Undone: {edit.label}"), markup=False, timeout=2)

    def action_redo(self) -> None:
        edit = self.history.redo(self.workbook)
        if edit is None:
            self.notify("Nothing to redo.", markup=False)
            return
        self._changed(edit)
        self.notify(for_display(f"Redone: {edit.label}"), markup=False, timeout=2)

    # -- sections --------------------------------------------------------------
    def action_section(self, mode: str) -> None:
        """Go to a section by its key (or the palette, or a line of the overview)."""
        if self._show_section(mode):
            forget_jump = getattr(self.screen, "forget_jump", None)
            if forget_jump is not None:  # reached by its own key: esc no longer goes back to a jump's origin
                forget_jump()

    def _show_section(self, mode: str) -> bool:
        if mode in SECTION_BY_MODE and self.load_error is None:
            self._keep_recovery_current()
            self.switch_mode(mode)
            return True
        return False

    def show_item(self, mode: str, item_id: str) -> None:
        """Switch to a section and put its cursor on an item (sections implement `focus_item`)."""
        origin = self.current_mode if self.current_mode != mode else None
        self._show_section(mode)

        def focus() -> None:
            focus_item = getattr(self.screen, "focus_item", None)
            if focus_item is not None:
                self.jump_origin = origin
                try:
                    focus_item(item_id)
                finally:
                    self.jump_origin = None

        self.call_after_refresh(focus)

    # -- other files: exports beside the workbook, another copy to compare ---------
    def export_beside(self, fmt: str) -> Path | None:
        """Write the workbook as `fmt` (see tui.store.export) next to its file; say where."""
        from tui.store.atomic import write_atomic
        from tui.store.export import SUFFIX, export

        target = self.path.resolve().with_suffix(SUFFIX[fmt])
        try:
            write_atomic(target, export(self.workbook, fmt).encode("utf-8"))
        except OSError as exc:
            self.notify(for_display(f"Not exported: {target}: {exc.strerror or exc}"), severity="error",
                        markup=False)
            return None
        self.notify(for_display(f"Exported to {target}"), markup=False, timeout=6)
        return target

    def load_other(self, path: str | os.PathLike[str]) -> Workbook | None:
        """Another workbook file, read (never changed) to compare with this one; None if it cannot be read."""
        try:
            return load(path).workbook
        except WorkbookError as exc:
            message = "\n".join(p.format() for p in exc.problems[:4])
            self.notify(for_display(message, multiline=True), title="Cannot open the other copy",
                        severity="error", markup=False, timeout=10)
            return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Workbook keys are off on the error screen, and while a dialog is open."""
        if action in ("section", "undo", "redo", "save", "external_editor"):
            if self.load_error is not None:
                return False
            if isinstance(self.screen, ModalScreen) and action != "external_editor":
                return False
        return True

    # -- save and quit ----------------------------------------------------------
    def action_save(self) -> None:
        self.run_worker(self.save_flow(), group="save", exclusive=True)

    async def save_flow(self, target: Path | None = None) -> bool:
        """Save, asking first if the file changed on disk; offer another place if the disk refuses.

        Runs in a worker (it may show dialogs). Returns True when the workbook was written.
        """
        if self.read_only:
            self.notify("Read-only: this workbook is not saved from here.", severity="warning", markup=False)
            return False
        target = target or self.path
        if target == self.path and self.session.changed_on_disk():
            choice = await self._ask_outside_change()
            if choice == "r":
                return self._reload_from_disk()
            if choice == "c":
                target = await self._ask_path("Save my version as a copy", _copy_name(self.path))
                if target is None:
                    return False
            elif choice != "o":
                return False
        while True:
            try:
                data = save(self.workbook, target)
            except WorkbookError as exc:
                message = "\n".join(p.format() for p in exc.problems)
                answer = await self.push_screen_wait(ConfirmDialog(
                    "Not saved", f"{message}\nThe file on disk is unchanged and every edit is still here.",
                    [("e", "Save elsewhere"), ("c", "Cancel")], default="e"))
                if answer != "e":
                    return False
                target = await self._ask_path("Save elsewhere", Path.home() / self.path.name)
                if target is None:
                    return False
                continue
            break
        if target != self.path:
            self.session.unlock()
            self.session.remove_recovery()
            self.path = Path(target)
            self.session = FileSession(self.path, None)
            self.session.lock()
        self.session.mark_written(data)
        self._discard_recovery()
        self.history.mark_saved()
        self.dirty = False
        self._outside_change_noted = False
        note = ""
        if self.loaded and self.loaded.has_comments and not self._comments_noted:
            self._comments_noted = True
            note = " Comments written in the file by hand are not kept."
        self.notify(for_display(f"Saved {self.path.name}.{note}"), markup=False, timeout=3 if not note else 8)
        return True

    async def _ask_outside_change(self) -> str | None:
        gone = not self.path.exists()
        what = "was deleted or moved" if gone else "was changed by another program"
        answers = [("o", "Overwrite it with mine"), ("c", "Save mine as a copy"), ("d", "Compare")]
        if not gone:
            answers.insert(1, ("r", "Reload (drop my changes)"))
        while True:
            answer = await self.push_screen_wait(ConfirmDialog(
                "Changed on disk", f"Since it was opened, {self.path.name} {what}.", answers, default="c"))
            if answer != "d":
                return answer
            try:
                theirs = load(self.path).workbook if not gone else new_workbook()
            except WorkbookError as exc:
                self.notify(for_display("The file on disk cannot be read: " + exc.problems[0].format()),
                            severity="error", markup=False)
                continue
            from tui.modals.differences import DifferencesScreen

            await self.push_screen_wait(DifferencesScreen("What is on disk now, compared with mine", self.workbook, theirs,
                                                     ("mine", "on disk")))

    def _reload_from_disk(self) -> bool:
        try:
            loaded = load(self.path)
        except WorkbookError as exc:
            self.notify(for_display("Cannot reload: " + exc.problems[0].format()), severity="error", markup=False)
            return False
        self.loaded = loaded
        self.replace_workbook(loaded.workbook, "reloaded")
        self.session.adopt_disk()
        self._discard_recovery()
        self.dirty = False
        self.notify(for_display(f"Reloaded {self.path.name} from disk."), markup=False)
        return False

    async def _ask_path(self, title: str, suggestion: Path) -> Path | None:
        def check(text: str) -> str | None:
            if not text.strip():
                return "give a file name"
            folder = Path(os.path.expanduser(text.strip())).parent
            return None if folder.is_dir() else f"the folder {folder} does not exist"

        result = await self.push_screen_wait(FormDialog(title, [
            Field("path", "File", value=str(suggestion), required=True, check=check,
                  hint="A path; ~ is your home folder. An existing file there is replaced."),
        ]))
        return Path(os.path.expanduser(result["path"].strip())) if result else None

    async def action_quit(self) -> None:
        if isinstance(self.screen, ConfirmDialog):
            return
        typing = isinstance(self.screen, ModalScreen) and any(
            (widget.text if isinstance(widget, TextArea) else widget.value).strip()
            for widget in self.screen.query("Input, TextArea"))
        if typing and not self.dirty:
            self.run_worker(self._quit_from_dialog(), group="quit", exclusive=True)
            return
        if not self.dirty or self.load_error is not None or self.read_only:
            self.keep_unsaved_work()
            self.exit(0)
            return
        self.run_worker(self._quit_flow(), group="quit", exclusive=True)

    async def _quit_from_dialog(self) -> None:
        """The workbook is saved, but a dialog holds typed text (a goal half written)."""
        answer = await self.push_screen_wait(ConfirmDialog(
            "Quit?", "The open dialog holds text that is not in the workbook yet; quitting loses it.",
            [("q", "Quit"), ("c", "Cancel")], default="c"))
        if answer == "q":
            self.keep_unsaved_work()
            self.exit(0)

    async def _quit_flow(self) -> None:
        answer = await self.push_screen_wait(ConfirmDialog(
            "Unsaved changes", f"{self.path.name} has changes that are not saved.",
            [("s", "Save and quit"), ("d", "Discard and quit"), ("c", "Cancel")]))
        if answer == "s" and await self.save_flow():
            self.keep_unsaved_work()
            self.exit(0)
        elif answer == "d":
            self._discarded = True
            self._discard_recovery()
            self.keep_unsaved_work()
            self.exit(0)

    # -- help, palette, external editor -----------------------------------------
    def action_help(self) -> None:
        from tui.modals.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        # Our bindings all have an id; Textual's own (cursor keys, text editing) have none and
        # would bury the section's keys under sixty lines of editing keys.
        section: dict[str, list[str]] = {}
        global_keys: dict[str, list[str]] = {}
        for node in [*reversed(list(screen.focus_chain)), *screen.query("*"), screen, self]:
            # Every binding declared anywhere on this screen, not only the focused widget's.
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    if not binding.description or binding.id is None:
                        continue
                    description = binding.description + (f" - {binding.tooltip}" if binding.tooltip else "")
                    keys = (global_keys if node is self else section).setdefault(description, [])
                    key = self.get_key_display(binding)
                    if key not in keys:
                        keys.append(key)
        movement = "arrows, page up/down, home/end move; enter opens; tab, shift+tab go between parts"
        section_lines = [(", ".join(keys), description) for description, keys in section.items()]
        global_lines = [(", ".join(keys), description) for description, keys in global_keys.items()]
        title = "Keys"
        guide = ""
        if isinstance(screen, SectionScreen):
            title = f"Keys: {SECTION_BY_MODE[screen.SECTION].title}"
            guide = screen.GUIDE
        groups = [("This section", section_lines)] if section_lines else []
        groups.append(("Everywhere", global_lines))
        groups.append(("Moving", [("", movement)]))
        self.push_screen(HelpScreen(title, groups, guide))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for section in SECTIONS:
            yield SystemCommand(f"Go to {section.title} ({section.key})", section.summary,
                                lambda mode=section.mode: self.action_section(mode))
        yield SystemCommand("Save (ctrl+s)", "Save the workbook to its file", self.action_save)
        yield SystemCommand("Undo (ctrl+z)", "Undo the last change", self.action_undo)
        yield SystemCommand("Redo (ctrl+y)", "Redo what was undone", self.action_redo)
        yield SystemCommand("Help (?)", "Every key of this section", self.action_help)
        yield SystemCommand("Edit in $EDITOR (F2)", "Edit the focused text in your own editor",
                            self.action_external_editor)
        if isinstance(screen, SectionScreen):
            for title, help_text, callback in screen.section_commands():
                yield SystemCommand(title, help_text, callback)
        if self.load_error is None:
            yield SystemCommand("Workbook title, organisation and authors", "The details that head the "
                                "overview, the header and every export", self.action_edit_details)
            yield from self._sharing_commands()
        yield from super().get_system_commands(screen)

    def _sharing_commands(self) -> Iterable[SystemCommand]:
        """Exports, compare and merge conflicts: from any section."""
        from tui.modals.compare import CompareScreen, start_compare
        from tui.store.export import FORMATS
        from tui.store.merge import read_conflicts

        titles = {"markdown": "Markdown (an email body)", "html": "HTML (a printable page)",
                  "json": "JSON (all data, for tools)"}
        for fmt in FORMATS:
            yield SystemCommand(f"Export as {titles[fmt]}", "Written beside the workbook file",
                                lambda fmt=fmt: self.export_beside(fmt))
        yield SystemCommand("Compare with another copy", "Open a copy that came back (e.g. by email): keep mine "
                            "or take theirs, difference by difference", lambda: start_compare(self))
        if any(c is not None for c in read_conflicts(self.workbook)):
            yield SystemCommand("Resolve merge conflicts", "Choose mine or theirs for each conflict that "
                                "stratbook merge recorded", lambda: self.push_screen(CompareScreen(None, "")))

    def action_edit_details(self) -> None:
        """The workbook's title, organisation and authors."""
        if self.read_only:
            self.refuse_read_only()
            return
        from tui.modals.details import details_changes, details_form

        def done(result: dict | None) -> None:
            if result and (changes := details_changes(result, self.workbook.meta)):
                self.apply(SetFields("meta", changes, "edit the workbook's details"))

        self.push_screen(details_form(self.workbook.meta), done)

    def action_external_editor(self) -> None:
        area = self.focused
        if not isinstance(area, TextArea) or area.read_only:
            self.notify("F2 edits a text field in $EDITOR: move to one first.", markup=False)
            return
        text = self.run_external_editor(area.text)
        if text is not None and text != area.text:
            area.load_text(text)
            area.post_message(TextArea.Changed(area))

    def run_external_editor(self, text: str) -> str | None:
        """Edit `text` in $VISUAL or $EDITOR with the app suspended; None if that is not possible."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        handle, name = tempfile.mkstemp(prefix="stratbook-", suffix=".txt")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
            try:
                with self.suspend():
                    subprocess.run([*shlex.split(editor), name], check=False)
            except SuspendNotSupported:
                self.notify("This terminal cannot hand over to an editor.", severity="warning", markup=False)
                return None
            except OSError as exc:
                self.notify(for_display(f"Could not run {editor}: {exc.strerror}"), severity="error", markup=False)
                return None
            with open(name, encoding="utf-8", errors="replace") as file:
                edited = file.read()
            return edited[:-1] if edited.endswith("\n") and not text.endswith("\n") else edited
        finally:
            os.unlink(name)


def _terminal_alive() -> bool:
    """False once the terminal has hung up (reads give nothing, writes fail)."""
    try:
        fd = sys.__stdin__.fileno() if sys.__stdin__ else 0
        termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):
        return False
    return True


def _copy_name(path: Path) -> Path:
    return path.with_name(f"{path.stem}.mine{path.suffix or '.toml'}")


def open_workbook(path: str | os.PathLike[str], start: str | None = None) -> StratbookApp:
    """Load `path` (or start a new workbook there) and build the app for it, showing section `start`."""
    if not os.path.lexists(path):
        return StratbookApp(path, start=start)
    try:
        return StratbookApp(path, loaded=load(path), start=start)
    except WorkbookError as exc:
        return StratbookApp(path, error=exc, start=start)


def run_app(path: str | os.PathLike[str]) -> int:
    from tui.terminal import tolerate_invalid_input

    tolerate_invalid_input()
    app = open_workbook(path)
    # The loaded workbook lives as long as the app: keep it out of the garbage collector's
    # full passes, which otherwise take 40-350 ms at 10,000 items and stall a key press.
    gc.freeze()
    previous_hook = sys.excepthook

    def keep_work_on_crash(*exc_info) -> None:
        app.keep_unsaved_work()
        previous_hook(*exc_info)

    sys.excepthook = keep_work_on_crash
    try:
        result = app.run()
    finally:
        # A crash inside Textual ends run() with the app still dirty: keep the work.
        app.keep_unsaved_work()
        sys.excepthook = previous_hook
    code = result if isinstance(result, int) else app.return_code or 0
    if code and code != EXIT_LOST and app.dirty and not app._discarded:
        print(for_display(f"stratbook: stopped unexpectedly; unsaved work kept in {recovery_path(app.path)}. "
                          f"Open {app.path} again to restore it."), file=sys.stderr)
    return code
