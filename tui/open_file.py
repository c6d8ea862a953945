"""The life of the open workbook file, on the app's side: everything between opening and closing it.

The lock and any unsaved work left by a session that died (at start), the two-second watch
(recovery file, outside changes, a lost terminal), saving (and what to do when the file changed
on disk or the disk refuses), reloading, and keeping unsaved work on every way out (hang-up,
kill, crash). The decisions that need no UI live in `tui.store.session`; this module adds the
timers, workers, signal handlers and the dialogs that ask the user.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import termios
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from tui.model.text import for_display
from tui.modals.confirm import ConfirmDialog
from tui.modals.form import Field, FormDialog
from tui.store import Loaded, WorkbookError, load, new_workbook, save
from tui.store.recovery import load_recovery, recovery_path
from tui.store.session import FileSession, RecoveryWrites
from tui.store.writer import to_document

if TYPE_CHECKING:
    from tui.app import StratbookApp

WATCH_SECONDS = 2.0
"""How often unsaved work is written for recovery and the file checked for outside changes."""
EXIT_LOST = 75  # EX_TEMPFAIL: the session ended without the user's say; unsaved work was kept


class OpenFile:
    """The workbook's file while the app has it open."""

    def __init__(self, app: StratbookApp, path: Path, loaded: Loaded | None) -> None:
        self.app = app
        self.path = path
        self.session = FileSession(path, loaded.digest if loaded else None)
        self.recovery = RecoveryWrites()
        self.discarded = False
        """The user chose to discard unsaved work on the way out: nothing is kept."""
        self._comments_noted = False
        self._outside_change_noted = False
        self._watch_terminal = False

    # -- start ---------------------------------------------------------------------
    def start(self) -> None:
        """On mount: signal handlers, the watch, then the lock and any unsaved work found."""
        app = self.app
        if not app.is_headless:
            self._install_signal_handlers()
        app.set_interval(WATCH_SECONDS, self.watch)
        app.run_worker(self._startup_checks(), group="startup")

    async def _startup_checks(self) -> None:
        """The lock, then any unsaved work left by a session that died."""
        app = self.app
        if not app.read_only:
            holder = self.session.lock()
            if holder is not None:
                answer = await app.push_screen_wait(ConfirmDialog(
                    "The workbook is open elsewhere",
                    f"{self.path.name} is being edited by {holder.describe()}.\n"
                    "Editing it here too would overwrite one person's work with the other's.",
                    [("r", "Open read-only"), ("t", "Take over"), ("q", "Quit")], default="r"))
                if answer == "t":
                    self.session.lock(take_over=True)
                elif answer == "q":
                    app.exit(0)
                    return
                else:
                    app.set_read_only("opened read-only: someone else is editing it",
                                      f"{holder.describe()} is editing it")
                    return
        pending = self.session.pending_recovery()
        if pending is None or app.read_only:
            return
        try:
            recovered = load_recovery(pending)
        except WorkbookError:
            app.notify(for_display(f"A recovery file {pending.name} was found but cannot be read; it is kept."),
                       severity="warning", markup=False)
            return
        while True:
            answer = await app.push_screen_wait(ConfirmDialog(
                "Unsaved work was found",
                f"{pending.name} holds changes to {self.path.name} that were never saved "
                "(the app was closed without saving: a dropped connection, a crash or a kill).",
                [("r", "Restore them"), ("c", "Show the differences"), ("d", "Discard them")], default="r"))
            if answer == "c":
                from tui.modals.differences import DifferencesScreen

                await app.push_screen_wait(DifferencesScreen(
                    "What restoring would change", app.workbook, recovered.workbook,
                    ("saved file", "unsaved work")))
                continue
            break
        if answer == "r":
            app.replace_workbook(recovered.workbook, "restored unsaved work")
            app.notify("Restored. Save (ctrl+s) to keep it in the workbook.", markup=False)
        elif answer == "d":
            self.session.remove_recovery()

    # -- watching: recovery file, outside changes, a lost terminal ------------------
    def watch(self) -> None:
        """Every WATCH_SECONDS: keep unsaved work current, notice outside changes and a lost terminal."""
        self.keep_recovery_current()
        if self.session.poll() and not self._outside_change_noted:
            self._outside_change_noted = True
            self.app.notify(for_display(f"{self.path.name} was changed on disk by another program. "
                                        "Saving will ask what to do."),
                            title="Changed outside", severity="warning", markup=False, timeout=10)
        if self._watch_terminal and not terminal_alive():
            self.emergency_exit("the terminal went away")

    def keep_recovery_current(self) -> None:
        """Write unsaved work to the recovery file if it changed since the last write.

        The workbook is copied into a document here (16 ms at 12,000 items); turning that into
        text and writing it happens in a worker thread (0.1-0.4 s at that size), so keys are
        not held up every two seconds while someone edits a large workbook."""
        app = self.app
        if not app.dirty or app.read_only or not self.recovery.begin(app.revision):
            return
        document, revision, session = to_document(app.workbook), app.revision, self.session
        app.run_worker(lambda: self._write_recovery(session, document, revision), thread=True, group="recovery")

    def _write_recovery(self, session: FileSession, document: dict, revision: int) -> None:
        """In a worker thread: write, then tell the app (on its own thread) what was written."""
        written = session.write_recovery_document(document)
        if self.recovery.stale:  # saved, undone or quit while it was written: see discard_recovery
            session.remove_recovery()
            written = False
        try:
            self.app.call_from_thread(self._recovery_written, revision if written else None)
        except RuntimeError:
            pass  # the app has stopped: the file is already as it should be

    def _recovery_written(self, revision: int | None) -> None:
        if self.recovery.finished(revision, still_unsaved=self.app.dirty):
            self.session.remove_recovery()  # saved or discarded while it was being written

    def discard_recovery(self) -> None:
        """What is on disk is the work in hand: no recovery file, now or from a write in flight."""
        self.recovery.discard()
        self.session.remove_recovery()

    def changed(self) -> None:
        """The workbook changed (an edit, undo, redo, restore); `app.dirty` is up to date."""
        if not self.app.dirty and self.recovery.written_or_writing:
            # Undone back to what is on disk: nothing is left to recover, and a recovery file
            # would offer to bring back the undone edits the next time the file is opened.
            self.discard_recovery()

    # -- every way out --------------------------------------------------------------
    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
            loop.add_signal_handler(signal.SIGHUP, self.emergency_exit, "hang-up (SIGHUP)")
        loop.add_signal_handler(signal.SIGTERM, self.emergency_exit, "terminated (SIGTERM)")
        # Under nohup a lost terminal sends nothing: notice it by looking.
        self._watch_terminal = terminal_alive()

    def emergency_exit(self, why: str) -> None:
        """Keep unsaved work, release the lock and leave: on a hang-up, a kill, or a lost terminal."""
        app = self.app
        self.keep_unsaved_work()
        if not terminal_alive():
            os._exit(EXIT_LOST)  # nothing left to restore, and Textual would spin on a dead terminal
        threading.Timer(3.0, os._exit, (EXIT_LOST,)).start()  # if a clean exit hangs, go anyway
        kept = f"; unsaved work kept in {recovery_path(self.path)}. Open {self.path} again to restore it."
        app.exit(EXIT_LOST, message=for_display(f"stratbook: {why}{kept if app.dirty else '.'}"))

    def keep_unsaved_work(self) -> None:
        """Write the recovery file if there is unsaved work; always release the lock. Never raises."""
        app = self.app
        try:
            if app.dirty and not self.discarded and not app.read_only and app.load_error is None:
                self.session.write_recovery(app.workbook)
            elif not app.dirty and self.recovery.written_or_writing:
                self.discard_recovery()  # written this session, then saved or undone: not wanted
        finally:
            self.session.unlock()

    def discard_unsaved_work(self) -> None:
        """Quitting with 'discard': no recovery file is left, and none is written on the way out."""
        self.discarded = True
        self.discard_recovery()

    def crash_message(self, code: int) -> str | None:
        """What to tell the user after run() ended with `code`, if the work was kept on the way out."""
        if code and code != EXIT_LOST and self.app.dirty and not self.discarded:
            return for_display(f"stratbook: stopped unexpectedly; unsaved work kept in {recovery_path(self.path)}. "
                               f"Open {self.path} again to restore it.")
        return None

    # -- save and reload ------------------------------------------------------------
    async def save_flow(self, target: Path | None = None) -> bool:
        """Save, asking first if the file changed on disk; offer another place if the disk refuses.

        Runs in a worker (it may show dialogs). Returns True when the workbook was written.
        """
        app = self.app
        if app.read_only:
            app.notify("Read-only: this workbook is not saved from here.", severity="warning", markup=False)
            return False
        target = target or self.path
        if target == self.path and self.session.changed_on_disk():
            choice = await self._ask_outside_change()
            if choice == "r":
                return self._reload_from_disk()
            if choice == "c":
                target = await self._ask_path("Save my version as a copy", copy_name(self.path))
                if target is None:
                    return False
            elif choice != "o":
                return False
        while True:
            try:
                data = save(app.workbook, target)
            except WorkbookError as exc:
                message = "\n".join(p.format() for p in exc.problems)
                answer = await app.push_screen_wait(ConfirmDialog(
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
            self._move_to(Path(target))
        self.session.mark_written(data)
        self.discard_recovery()
        app.history.mark_saved()
        app.dirty = False
        self._outside_change_noted = False
        note = ""
        if app.loaded and app.loaded.has_comments and not self._comments_noted:
            self._comments_noted = True
            note = " Comments written in the file by hand are not kept."
        app.notify(for_display(f"Saved {self.path.name}.{note}"), markup=False, timeout=3 if not note else 8)
        return True

    def _move_to(self, path: Path) -> None:
        """The workbook now lives at `path` (saved elsewhere or as a copy): lock that file instead."""
        self.session.unlock()
        self.session.remove_recovery()
        self.path = path
        self.session = FileSession(path, None)
        self.session.lock()

    async def _ask_outside_change(self) -> str | None:
        app = self.app
        gone = not self.path.exists()
        what = "was deleted or moved" if gone else "was changed by another program"
        answers = [("o", "Overwrite it with mine"), ("c", "Save mine as a copy"), ("d", "Compare")]
        if not gone:
            answers.insert(1, ("r", "Reload (drop my changes)"))
        while True:
            answer = await app.push_screen_wait(ConfirmDialog(
                "Changed on disk", f"Since it was opened, {self.path.name} {what}.", answers, default="c"))
            if answer != "d":
                return answer
            try:
                theirs = load(self.path).workbook if not gone else new_workbook()
            except WorkbookError as exc:
                app.notify(for_display("The file on disk cannot be read: " + exc.problems[0].format()),
                           severity="error", markup=False)
                continue
            from tui.modals.differences import DifferencesScreen

            await app.push_screen_wait(DifferencesScreen("What is on disk now, compared with mine", app.workbook,
                                                         theirs, ("mine", "on disk")))

    def _reload_from_disk(self) -> bool:
        app = self.app
        try:
            loaded = load(self.path)
        except WorkbookError as exc:
            app.notify(for_display("Cannot reload: " + exc.problems[0].format()), severity="error", markup=False)
            return False
        app.loaded = loaded
        app.replace_workbook(loaded.workbook, "reloaded")
        self.session.adopt_disk()
        self.discard_recovery()
        app.dirty = False
        app.notify(for_display(f"Reloaded {self.path.name} from disk."), markup=False)
        return False

    async def _ask_path(self, title: str, suggestion: Path) -> Path | None:
        def check(text: str) -> str | None:
            if not text.strip():
                return "give a file name"
            folder = Path(os.path.expanduser(text.strip())).parent
            return None if folder.is_dir() else f"the folder {folder} does not exist"

        result = await self.app.push_screen_wait(FormDialog(title, [
            Field("path", "File", value=str(suggestion), required=True, check=check,
                  hint="A path; ~ is your home folder. An existing file there is replaced."),
        ]))
        return Path(os.path.expanduser(result["path"].strip())) if result else None


def terminal_alive() -> bool:
    """False once the terminal has hung up (reads give nothing, writes fail)."""
    try:
        fd = sys.__stdin__.fileno() if sys.__stdin__ else 0
        termios.tcgetattr(fd)
    except (OSError, ValueError, termios.error):
        return False
    return True


def copy_name(path: Path) -> Path:
    return path.with_name(f"{path.stem}.mine{path.suffix or '.toml'}")
