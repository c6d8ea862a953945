"""The life of the open workbook file, on the app's side: everything between opening and closing it.

The lock and any unsaved work left by a session that died (at start), the two-second watch
(recovery file, outside changes, a lost terminal), saving (and what to do when the file changed
on disk or the disk refuses), reloading, and keeping unsaved work on every way out (hang-up,
kill, crash). The decisions that need no UI live in `tui.store.session`; this module adds the
timers, workers, signal handlers and the dialogs that ask the user.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import os
import stat
import signal
import sys
import termios
import threading
import time
from collections.abc import Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeGuard

from tui.model.text import counted, for_display
from tui.model.comments import Comments
from tui.model.workbook import Goal, Workbook
from tui.store import Loaded, WorkbookError, load, new_workbook, save
from tui.store.atomic import create_atomic, may_write, replace_notes
from tui.store.lock import LockInfo
from tui.store.recovery import Recovered, load_recovery, recovery_places
from tui.store.paths import unused_name
from tui.store.session import FileSession, RecoveryWrites
from tui.store.writer import GiveWay, dumps, to_document, with_goal

if TYPE_CHECKING:
    from textual.screen import ModalScreen

    from tui.app import StratbookApp
    from tui.model.edits import Edit
    from tui.modals.wizard import GoalWizard


class HoldsAnEdit(Protocol):
    """A form (FormDialog), or a section with a box that adds (SwotScreen): what it holds as typed
    is an edit not made yet, which every way out the user did not choose, and the recovery watch,
    keep as saving it would make it."""

    def typing_held(self) -> Hashable | None:
        """What is typed (comparable: the watch writes again only when it changed), or None."""

    def edit_held(self) -> Edit | None:
        """The edit saving it as typed so far would make, or None."""


def _holds_an_edit(screen: object) -> TypeGuard[HoldsAnEdit]:
    return callable(getattr(screen, "edit_held", None)) and callable(getattr(screen, "typing_held", None))


OUTSIDE_CHANGE = "Changed outside"
"""The title of the message that the file was changed on disk (taken back once that is settled)."""

WATCH_SECONDS = 2.0
"""How often unsaved work is written for recovery and the file checked for outside changes."""
PAUSE_SECONDS = 1.0
"""Typing paused this long: the watch's work (copying a large workbook for recovery, hashing the
file on disk) is done now, not between two keys, as vim writes its swap file when typing pauses."""
MOST_SECONDS_UNWRITTEN = 10.0
"""Typing that goes on without a pause still has its work written for recovery this often."""

EXIT_LOST = 75  # EX_TEMPFAIL: the session ended without the user's say; unsaved work was kept


class OpenFile:
    """The workbook's file while the app has it open."""

    def __init__(self, app: StratbookApp, path: Path, loaded: Loaded | None) -> None:
        self.app = app
        self.path = Path(os.path.abspath(path))
        """Absolute: the working folder may vanish while the app runs (rm -rf of the project)."""
        self.session = FileSession(self.path, loaded.digest if loaded else None, loaded.source if loaded else "")
        self.recovery = RecoveryWrites()
        self.discarded = False
        """The user chose to discard unsaved work on the way out: nothing is kept."""
        self.kept_at: Path | None = None
        self.dialog_work = False
        """The way out kept a goal half written in the wizard (`keep_unsaved_work(dialogs=True)`)."""
        """Where the way out kept the unsaved work (see keep_unsaved_work)."""
        self.ended_by = ""
        """Why the app was ended from outside (a hang-up, a kill), for the closing message."""
        self._replace_notes_accepted: set[str] = set()
        """What a replace changes (see atomic.replace_notes) that the user agreed to, once each."""
        self._outside_change_noted = False
        self._lock_loss_noted = False
        self._recovery_folder_noted: Path | None = self.path.parent
        self._watch_terminal = False
        self._last_full_watch = time.monotonic()
        self._watch_place: Path | None = None
        """Where the watch last wrote the recovery file."""
        self._document: tuple[int, dict, frozenset[str]] | None = None
        """The workbook's document and ids at a revision, while a dialog's work is put into it (see
        keep_recovery_current)."""

    # -- start ---------------------------------------------------------------------
    def start(self) -> None:
        """On mount: signal handlers, the watch, then the lock and any unsaved work found."""
        app = self.app
        self.guard_the_terminal()
        app.set_interval(WATCH_SECONDS, self._tick)
        app.run_worker(self._startup_checks(), group="startup")

    async def _startup_checks(self) -> None:
        """The lock, then any unsaved work left by a session that died."""
        app = self.app
        refusal = may_write(self.path) if app.loaded else None
        if refusal is not None and not app.read_only:
            app.set_read_only(f"opened read-only: {refusal}; make it writable and open it again to edit",
                              f"{self.path.name}: {refusal}")
        if not app.read_only:
            holder = self.session.lock()
            if holder is not None:
                answer = await app.push_screen_wait(_confirm(
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
        await self._offer_recoveries()

    async def _offer_recoveries(self) -> None:
        """Offer every recovery file of this workbook, whatever its age; each one ends restored,
        merged, kept as a copy or discarded by the user's choice, never dropped unseen."""
        app = self.app
        for place in self.session.pending_recoveries():
            if app.read_only:
                app.notify(for_display(f"Unsaved work from an earlier session is kept in {place}; open "
                                       f"{self.path.name} when you can edit it to restore it."),
                           severity="warning", markup=False, timeout=10)
                return
            try:
                found = load_recovery(place)
            except WorkbookError:
                app.notify(for_display(f"A recovery file {place} was found but cannot be read; it is kept."),
                           severity="warning", markup=False)
                continue
            if not found.belongs_to(self.path):
                continue  # a long path's hashed name, shared by chance: not this workbook's
            await self._offer_recovery(found)

    async def _offer_recovery(self, found: Recovered) -> None:
        from tui.store.diff import diff

        app = self.app
        if not diff(app.workbook, found.workbook):
            self.session.adopt_recovery(found.path)  # its work is in the workbook already
            self.session.remove_recovery()
            return
        changed = self.session.changed_since(found)
        base = found.base_workbook() if changed else None
        if found.path.parent == self.path.parent:
            held = f"{found.path.name} holds changes to {self.path.name}"
        else:  # its own folder could not take them then: say where they are
            held = f"Changes to {self.path.name}, kept in {found.path.parent} (its own folder refused them),"
        message = (f"{held} that were never saved (the app was closed without saving: a dropped connection, "
                   "a crash or a kill).")
        if changed is None:
            changed = self._may_have_changed_since(found)
        if changed:
            message += (f"\n{self.path.name} has changed on disk since (a git pull, someone else's save?): "
                        "restoring as it is would undo those changes.")
            answers = [("m", "Merge it into the file on disk"), ("c", "Compare and choose"),
                       ("k", "Keep it as a copy"), ("r", "Restore it as it was"), ("d", "Discard it")]
            if base is None:
                answers.pop(0)  # nothing recorded to merge from: compare instead
        else:
            answers = [("r", "Restore it"), ("c", "Show the differences"), ("k", "Keep it as a copy"),
                       ("d", "Discard it")]
        while True:
            answer = await app.push_screen_wait(_confirm(
                "Unsaved work was found", message, answers, default=answers[0][0], must_answer=True))
            if answer == "c" and changed:
                from tui.modals.compare import CompareScreen

                await app.push_screen_wait(CompareScreen(found.workbook, "the unsaved work"))
            elif answer == "c":
                from tui.modals.differences import DifferencesScreen

                await app.push_screen_wait(DifferencesScreen(
                    "What restoring would change", app.workbook, found.workbook, ("saved file", "unsaved work")))
            elif answer == "m" and base is not None and self._merge_recovered(found, base):
                return
            elif answer == "k" and await self._keep_as_copy(found):
                return
            elif answer == "r":
                self.session.adopt_recovery(found.path)
                app.replace_workbook(found.workbook, "restored unsaved work")
                app.notify(f"Restored. Save ({app.key_named('app.save')}) to keep it in the workbook.", markup=False)
                return
            elif answer == "d":
                self.session.adopt_recovery(found.path)
                self.session.remove_recovery()
                return
            # a choice that failed: ask again; the work is not dropped unseen

    def _may_have_changed_since(self, found: Recovered) -> bool:
        """For a recovery file that does not record its base: the old rule, by time."""
        try:
            return os.stat(self.path).st_mtime_ns > os.stat(found.path).st_mtime_ns
        except OSError:
            return False

    def _merge_recovered(self, found: Recovered, base: Workbook) -> bool:
        """Three-way: what the work started from, the work, and the file on disk now."""
        from tui.store.merge import MergeError, merge

        app = self.app
        try:
            result = merge(base, found.workbook, app.workbook)
        except MergeError as exc:
            app.notify(for_display(f"Cannot merge: {exc}"), severity="error", markup=False)
            return False
        self.session.adopt_recovery(found.path)
        app.replace_workbook(result.workbook, "merged unsaved work")
        conflicts = len(result.conflicts)
        detail = (f" {counted(conflicts, 'conflict')} keep{'s' if conflicts == 1 else ''} your unsaved value for now: ctrl+p, 'Resolve merge conflicts'."
                  if conflicts else "")
        app.notify(for_display(f"Merged the unsaved work into {self.path.name} as it is on disk.{detail} "
                               f"Save ({app.key_named('app.save')}) to keep it."), markup=False, timeout=10)
        return True

    async def _keep_as_copy(self, found: Recovered) -> bool:
        """Write the work to a new file beside the workbook (never over one), then drop the recovery file."""
        app = self.app
        target = unused_name(self.path.with_name(f"{self.path.stem}.recovered{self.path.suffix or '.toml'}"))
        while True:
            try:
                create_atomic(target, dumps(found.workbook), like=self.path)
                break
            except (OSError, WorkbookError) as exc:
                reason = exc.problems[0].message if isinstance(exc, WorkbookError) else (exc.strerror or str(exc))
                app.notify(for_display(f"Not written: {target}: {reason}"), severity="error", markup=False)
                chosen = await self._ask_path("Keep the unsaved work as a copy", Path.home() / target.name)
                if chosen is None:
                    return False
                target = chosen
        with contextlib.suppress(OSError):
            os.unlink(found.path)
        app.notify(for_display(f"The unsaved work is kept in {target}."), markup=False, timeout=10)
        return True

    # -- watching: recovery file, outside changes, a lost terminal ------------------
    def _tick(self) -> None:
        """Every WATCH_SECONDS: the watch, its heavy part only once typing has paused (at 10,000
        items it held up the key it fell on by 16-40 ms), or when it has waited too long."""
        now = time.monotonic()
        paused = now - self.app.last_input_at >= PAUSE_SECONDS
        if paused or now - self._last_full_watch >= MOST_SECONDS_UNWRITTEN:
            self._last_full_watch = now
            self.watch()
        else:
            self.watch(heavy=False)

    def watch(self, heavy: bool = True) -> None:
        """Keep unsaved work current, notice outside changes (the `heavy` part) and a lost lock
        or terminal."""
        holder = self.session.lost_lock()  # first: a lost lock changes where recovery goes
        if heavy:
            self.keep_recovery_current()
        if heavy and self.session.poll() and not self._outside_change_noted:
            self._outside_change_noted = True
            self.app.notify(for_display(f"{self.path.name} was changed on disk by another program. "
                                        "Saving will ask what to do."),
                            title=OUTSIDE_CHANGE, severity="warning", markup=False, timeout=10)
        if holder is not None and not self._lock_loss_noted:
            self._lock_loss_noted = True
            self.app.notify(for_display(f"{holder.describe()} took over {self.path.name}: saving here would "
                                        f"overwrite their work, so {self.app.key_named('app.save')} offers a copy "
                                        "or a comparison."),
                            title="Lock taken over", severity="warning", markup=False, timeout=15)
        if self._watch_terminal and not terminal_alive():
            self.emergency_exit("the terminal went away")

    def keep_recovery_current(self) -> None:
        """Write unsaved work to the recovery file if it changed since the last write: the edits,
        a goal half written in the wizard and the typing in an open form (neither is an edit
        until its dialog saves it: kill -9 gives the way out no chance to keep it, so the watch
        does).

        The workbook is copied into a document here (16 ms at 12,000 items); turning that into
        text and writing it happens in a worker thread (0.1-0.4 s at that size), so keys are
        not held up every two seconds while someone edits a large workbook. While the wizard's
        goal changes and the workbook does not, the document is made once and only the goal is
        put in again. A form's edit is put in the workbook itself while its document is made,
        and taken out again at once (copying the workbook instead took 260 ms at 10,000 items)."""
        app = self.app
        if app.read_only or app.load_error is not None or self.discarded:
            return
        wizard, goal, forms = self._dialog_work()
        if not app.dirty and wizard is None and not forms:
            if self.recovery.written_or_writing:
                self.discard_recovery()  # a goal or a form given up, with nothing else unsaved: not wanted
            return
        held = (goal, tuple(values for _, values in forms)) if wizard is not None or forms else None
        state = (app.revision, held)
        if not self.recovery.begin(state):
            return
        session = self.session
        if forms:
            self._document = None
            undo = self._put_in(app.workbook, [form for form, _ in forms])
            try:
                document = to_document(app.workbook)
                if wizard is not None:
                    document = with_goal(document, wizard.goal_so_far())
            finally:
                for inverse in reversed(undo):
                    inverse.apply(app.workbook)
        elif wizard is None:
            self._document = None
            document = to_document(app.workbook)
        else:
            if self._document is None or self._document[0] != app.revision:
                self._document = (app.revision, to_document(app.workbook), frozenset(app.workbook.ids()))
            _, whole, taken = self._document
            document = with_goal(whole, wizard.goal_so_far(taken))
        comments = app.workbook.comments.copy()
        app.run_worker(lambda: self._write_recovery(session, document, state, comments), thread=True,
                       group="recovery")

    def _write_recovery(self, session: FileSession, document: dict, state: tuple | None, comments: Comments) -> None:
        """In a worker thread: write, then tell the app (on its own thread) what was written."""
        place = session.write_recovery_document(document, GiveWay(), comments)
        if self.recovery.stale:  # saved, undone or quit while it was written: see discard_recovery
            session.remove_recovery()
            place, state = None, None
        try:
            self.app.call_from_thread(self._recovery_written, state, place)
        except RuntimeError:
            pass  # the app has stopped: the file is already as it should be

    def _recovery_written(self, state: tuple | None, place: Path | None) -> None:
        still_unsaved = self.app.dirty or (state is not None and state[1] is not None
                                           and self._dialog_work() != (None, None, []))
        if self.recovery.finished(state if place else None, still_unsaved=still_unsaved):
            self.session.remove_recovery()  # saved or discarded while it was being written
        elif state is not None and still_unsaved:
            self._watch_place = place
            self._say_where_recovery_goes(place)

    def _say_where_recovery_goes(self, place: Path | None) -> None:
        """Once per change of place: unsaved work kept away from the workbook, or nowhere at all."""
        folder = place.parent if place else None
        if folder == self.path.parent or folder == self._recovery_folder_noted:
            return
        self._recovery_folder_noted = folder
        if place is None:
            self.app.notify(for_display(f"Unsaved work cannot be kept for recovery anywhere ({self.path.parent} "
                                        f"and the per-user places refuse it): save soon ({self.app.key_named('app.save')})."),
                            title="No recovery file", severity="error", markup=False, timeout=15)
        else:
            self.app.notify(for_display(f"{self.path.parent} does not take the recovery file (read-only, full "
                                        f"or gone): unsaved work is kept in {place}."),
                            title="Recovery file elsewhere", severity="warning", markup=False, timeout=12)

    def discard_recovery(self) -> None:
        """What is on disk is the work in hand: no recovery file, now or from a write in flight."""
        self.recovery.discard()
        self._document = None  # a save stamps the workbook without a new revision: made again
        self.session.remove_recovery()

    def changed(self) -> None:
        """The workbook changed (an edit, undo, redo, restore); `app.dirty` is up to date."""
        if not self.app.dirty and self.recovery.written_or_writing:
            # Undone back to what is on disk: nothing is left to recover, and a recovery file
            # would offer to bring back the undone edits the next time the file is opened.
            self.discard_recovery()

    def can_be_edited(self, path: str | os.PathLike[str] | None = None) -> bool:
        """An editor may be started on `path` (default: the workbook's): a file, or nothing yet. On a
        FIFO an editor waits for a writer, and the app's terminal with it, for good."""
        try:
            return stat.S_ISREG(os.stat(self.path if path is None else path).st_mode)
        except FileNotFoundError:
            return True
        except OSError:
            return False

    def problems_after_editing(self) -> WorkbookError | None:
        """After the file that could not be opened was edited (from the error screen): what is
        still wrong with it, or None when it now opens (the app then starts again on it)."""
        try:
            load(self.path)
        except WorkbookError as exc:
            return exc
        return None

    # -- every way out --------------------------------------------------------------
    def guard_the_terminal(self) -> None:
        """A hang-up, SIGTERM or SIGINT ends the app as a quit does (the terminal restored, what is
        kept said): also on the screen of a file that cannot be opened, where nothing else of the
        open file starts (without it, such a signal killed the app on its own screen)."""
        if not self.app.is_headless:
            self._install_signal_handlers()

    def _install_signal_handlers(self) -> None:
        loop = asyncio.get_running_loop()
        if signal.getsignal(signal.SIGHUP) is not signal.SIG_IGN:
            loop.add_signal_handler(signal.SIGHUP, self.emergency_exit, "hang-up (SIGHUP)")
        loop.add_signal_handler(signal.SIGTERM, self.emergency_exit, "terminated (SIGTERM)")
        # ctrl+c in the app is a key; SIGINT comes from elsewhere (`kill -INT`, a supervisor), and
        # Python's KeyboardInterrupt ended the app without a word and with status 0.
        loop.add_signal_handler(signal.SIGINT, self.emergency_exit, "interrupted (SIGINT)")
        # Under nohup a lost terminal sends nothing: notice it by looking.
        self._watch_terminal = terminal_alive()

    def emergency_exit(self, why: str) -> None:
        """Keep unsaved work, release the lock and leave: on a hang-up, a kill, or a lost terminal.
        Always promptly: if a clean exit hangs, the process goes anyway after three seconds."""
        watchdog = threading.Timer(3.0, os._exit, (EXIT_LOST,))
        watchdog.daemon = True  # a clean exit does not wait for it
        watchdog.start()
        app = self.app
        self.keep_unsaved_work(dialogs=True)
        if not terminal_alive():
            os._exit(EXIT_LOST)  # nothing left to restore, and Textual would spin on a dead terminal
        self.ended_by = why
        app.exit(EXIT_LOST)  # run_app says where the work went, unwrapped, once the terminal is restored

    def keep_unsaved_work(self, dialogs: bool = False, chosen: bool = False) -> Path | None:
        """Write the recovery file if there is unsaved work (where it went, or None); always release
        the lock. Never raises: it runs in signal handlers and exception hooks.

        `dialogs` (a way out the user did not choose: a hang-up, a kill, a lost terminal): a goal
        half written in the wizard is kept too, as far as it was written, in the workbook it
        would have been saved to (it is not an edit until the wizard saves it). `chosen` (a quit
        the user chose, warned that it loses the wizard's typing): a recovery file the watch wrote
        with that goal goes too. Neither (a crash): such a file stays as the watch wrote it."""
        app = self.app
        try:
            self.session.lost_lock()  # a lost lock changes where recovery goes
            keeping = not self.discarded and not app.read_only and app.load_error is None
            with_dialog = self._with_dialog_work() if dialogs and keeping and not self.dialog_work else None
            written = self.recovery.written
            if self.dialog_work:
                pass  # kept already on the way out, with the wizard's goal: nothing more to keep
            elif keeping and not (dialogs or chosen) and written is not None and written[1] is not None:
                # A crash: the watch kept the wizard's goal with the rest, the newest there is.
                self.dialog_work, self.kept_at = True, self._watch_place
            elif with_dialog is not None:
                self.dialog_work = True
                self.kept_at = self.session.write_recovery(with_dialog)
            elif app.dirty and keeping:
                self.kept_at = self.session.write_recovery(app.workbook)
            elif not app.dirty and self.recovery.written_or_writing:
                self.discard_recovery()  # written this session, then saved or undone: not wanted
        except Exception:  # noqa: BLE001 - the way out must go on; the message says what was kept
            self.kept_at = None
        finally:
            try:
                self.session.unlock()
            except Exception:  # noqa: BLE001 - a lock we cannot remove is cleared as stale next time
                pass
        return self.kept_at

    def _dialog_work(self) -> tuple[GoalWizard | None, Goal | None, list[tuple[HoldsAnEdit, tuple]]]:
        """The dialogs that hold typing not yet in the workbook: the wizard with a goal half
        written and that goal as typed (tidied, see GoalWizard.typing_held), or (None, None);
        and each form (or section's add box) holding typing, with its values as typed (see
        FormDialog.typing_held)."""
        from tui.modals.wizard import GoalWizard

        wizard, goal, forms = None, None, []
        for screen in self.app.screen_stack:
            if isinstance(screen, GoalWizard):
                if wizard is None and (typed := screen.typing_held()) is not None:
                    wizard, goal = screen, typed
            elif _holds_an_edit(screen) and (values := screen.typing_held()) is not None:
                forms.append((screen, values))
        return wizard, goal, forms

    @staticmethod
    def _put_in(workbook: Workbook, forms: list[HoldsAnEdit]) -> list:
        """Apply to `workbook` the edit each form's typing would make (those that can be made: an
        item deleted meanwhile is not edited); the edits that undo them, in order."""
        from tui.model.edits import EditError

        undo = []
        for form in forms:
            edit = form.edit_held()
            if edit is None:
                continue
            with contextlib.suppress(EditError):
                undo.append(edit.apply(workbook))
        return undo

    def _with_dialog_work(self) -> Workbook | None:
        """A copy of the workbook with what the dialogs hold as typed put in (the wizard's goal,
        each form's edit), if any holds typing; else None."""
        from tui.modals.wizard import GoalWizard

        workbook = None
        for screen in self.app.screen_stack:
            if isinstance(screen, GoalWizard) and screen.holds_typing():
                goal = screen.goal_so_far()
                workbook = workbook or copy.deepcopy(self.app.workbook)
                index = next((i for i, g in enumerate(workbook.goals) if g.id == goal.id), None)
                if index is None:
                    workbook.goals.append(goal)
                else:
                    workbook.goals[index] = goal
            elif _holds_an_edit(screen) and screen.edit_held() is not None:
                workbook = workbook or copy.deepcopy(self.app.workbook)
                self._put_in(workbook, [screen])
        return workbook

    def exit_message(self, why: str) -> str:
        """What the way out says: where the unsaved work went, or plainly that it went nowhere."""
        if not (self.app.dirty or self.dialog_work) or self.discarded or self.app.read_only:
            earlier = [] if self.discarded or self.app.read_only else self.session.pending_recoveries()
            if earlier:  # offered this session and not settled yet (the way out came first)
                return for_display(f"stratbook: {why}; unsaved work from an earlier session is still kept in "
                                   f"{', '.join(map(str, earlier))}. Open {self.path} again to restore it.")
            return for_display(f"stratbook: {why}.")
        if self.kept_at is not None:
            return for_display(f"stratbook: {why}; unsaved work kept in {self.kept_at}. "
                               f"Open {self.path} again to restore it.")
        tried = ", ".join(str(place.parent) for place in recovery_places(self.path))
        return for_display(f"stratbook: {why}; the unsaved work could not be written anywhere (tried {tried}): "
                           "it is lost.")

    def discard_unsaved_work(self) -> None:
        """Quitting with 'discard': no recovery file is left, and none is written on the way out."""
        self.discarded = True
        self.discard_recovery()

    def closing_message(self, code: int) -> str | None:
        """What to tell the user after run() ended with `code`: why it ended from outside, and
        where the unsaved work went (printed unwrapped, so the path can be copied whole)."""
        if self.ended_by:
            return self.exit_message(self.ended_by)
        if code and code != EXIT_LOST and (self.app.dirty or self.dialog_work) and not self.discarded:
            return self.exit_message("stopped unexpectedly")
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
        holder = self.session.lost_lock() if target == self.path else None
        if holder is not None:
            target = await self._ask_after_losing_the_lock(holder)
            if target is None:
                return False
        if target == self.path and self.session.changed_on_disk():
            choice = await self._ask_outside_change()
            if choice == "r":
                return self._reload_from_disk()
            if choice == "m":
                if not self._merge_disk():
                    return False
            elif choice == "c":
                target = await self._ask_path("Save my version as a copy", copy_name(self.path))
                if target is None:
                    return False
            elif choice != "o":
                return False
        if target == self.path:
            choice = await self._ask_about_replacing()
            if choice == "c":
                target = await self._ask_path("Save my version as a copy", copy_name(self.path))
                if target is None:
                    return False
            elif choice != "s":
                return False
        notes: list[str] = []  # a snapshot not kept in the history folder: said, never a failed save
        while True:
            try:
                data = save(app.workbook, target, notes=notes, like=self.path)
            except WorkbookError as exc:
                message = "\n".join(p.format() for p in exc.problems)
                answer = await app.push_screen_wait(_confirm(
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
        self._outside_change_settled()
        app.notify(for_display(f"Saved {self.path.name}."), markup=False, timeout=3)
        for warning in notes:
            app.notify(for_display(warning), severity="warning", markup=False, timeout=8)
        return True

    async def _ask_after_losing_the_lock(self, holder: LockInfo) -> Path | None:
        """Someone took the lock over: where to save instead (a copy), or None to not save."""
        while True:
            answer = await self.app.push_screen_wait(_confirm(
                "The lock was taken over",
                f"{holder.describe()} took over {self.path.name} while it was open here. Saving over it "
                "would overwrite their work.",
                [("c", "Save mine as a copy"), ("d", "Compare with the file"), ("x", "Cancel")], default="c"))
            if answer == "c":
                return await self._ask_path("Save my version as a copy", copy_name(self.path))
            if answer != "d":
                return None
            await self._compare_with_disk("What is on disk now, compared with mine")

    async def _ask_about_replacing(self) -> str | None:
        """'s' to save over the file: asked once per thing a save changes besides the content
        (an owner that cannot be kept, hard links that keep the old content)."""
        notes = [n for n in replace_notes(self.path) if n not in self._replace_notes_accepted]
        if not notes:
            return "s"
        answer = await self.app.push_screen_wait(_confirm(
            "Before saving", "\n".join(notes),
            [("s", "Save anyway"), ("c", "Save mine as a copy"), ("x", "Cancel")], default="s"))
        if answer == "s":
            self._replace_notes_accepted.update(notes)
        return answer

    def _move_to(self, path: Path) -> None:
        """The workbook now lives at `path` (saved elsewhere or as a copy): lock that file instead."""
        self.session.unlock()
        self.session.remove_recovery()
        self.path = Path(os.path.abspath(path))
        self.session = FileSession(self.path, None)
        self.session.lock()

    async def _ask_outside_change(self) -> str | None:
        app = self.app
        gone = not self.path.exists()
        what = "was deleted or moved" if gone else "was changed by another program"
        answers = [("o", "Overwrite it with mine"), ("c", "Save mine as a copy"), ("d", "Compare")]
        if not gone:
            answers.insert(1, ("r", "Reload (drop my changes)"))
            if self.session.base.data:
                answers.insert(1, ("m", "Merge (keep both)"))
        while True:
            answer = await app.push_screen_wait(_confirm(
                "Changed on disk", f"Since it was opened, {self.path.name} {what}.", answers, default="c"))
            if answer != "d":
                return answer
            await self._compare_with_disk("What is on disk now, compared with mine")

    async def _compare_with_disk(self, title: str) -> None:
        app = self.app
        try:
            theirs = load(self.path).workbook if self.path.exists() else new_workbook()
        except WorkbookError as exc:
            app.notify(for_display("The file on disk cannot be read: " + exc.problems[0].format()),
                       severity="error", markup=False)
            return
        from tui.modals.differences import DifferencesScreen

        await app.push_screen_wait(DifferencesScreen(title, app.workbook, theirs, ("mine", "on disk")))

    def _merge_disk(self) -> bool:
        """Three-way, before saving: the file as it was loaded or last saved (the base), my work,
        and the file on disk now; one undoable step. Conflicts keep my value, recorded."""
        from tui.model.edits import ReplaceContent
        from tui.store.files import decode, loads
        from tui.store.lineage import merge_copies
        from tui.store.merge import MergeError

        app = self.app
        try:
            base = loads(decode(self.session.base.data)).workbook
            result = merge_copies(base, app.workbook, load(self.path).workbook)
        except (WorkbookError, MergeError) as exc:
            reason = exc.problems[0].format() if isinstance(exc, WorkbookError) else str(exc)
            app.notify(for_display(f"Cannot merge: {reason}"), severity="error", markup=False)
            return False
        app.apply(ReplaceContent(result.workbook, f"merge {self.path.name} as changed on disk"))
        if result.conflicts:
            app.notify(for_display(f"{counted(len(result.conflicts), 'conflict')} keep{'s' if len(result.conflicts) == 1 else ''} your value for now: ctrl+p, "
                                   "'Resolve merge conflicts'."), severity="warning", markup=False, timeout=10)
        return True

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
        self._outside_change_settled()
        app.notify(for_display(f"Reloaded {self.path.name} from disk."), markup=False)
        return False

    def _outside_change_settled(self) -> None:
        """The file on disk is what the app holds (saved, or reloaded): the next outside change is
        told again, and the message about the last one, no longer so, goes."""
        self._outside_change_noted = False
        app = self.app
        for notification in [n for n in app._notifications if n.title == OUTSIDE_CHANGE]:
            app._unnotify(notification, refresh=False)
        app._refresh_notifications()

    async def _ask_path(self, title: str, suggestion: Path, kind: str = "workbook") -> Path | None:
        """A path to write `kind` (a workbook copy, or an export format) to; a file there that is not
        that kind of output (tui.store.outputs) is replaced only if the user says so, by name."""
        from tui.modals.form import Field, FormDialog
        from tui.store.outputs import replace_concern

        def check(text: str) -> str | None:
            if not text.strip():
                return "give a file name"
            folder = Path(os.path.expanduser(text.strip())).parent
            return None if folder.is_dir() else f"the folder {folder} does not exist"

        while True:
            result = await self.app.push_screen_wait(FormDialog(title, [
                Field("path", "File", value=str(suggestion), required=True, check=check,
                      hint="A path; ~ is your home folder. Stratbook asks before replacing a file."),
            ]).keeping(None))  # a file name, not work on the workbook
            if not result:
                return None
            target = Path(os.path.expanduser(result["path"].strip()))
            concern = replace_concern(target, kind, protected=[(self.path, "the open workbook")],
                                      workbook=self.app.workbook)
            if concern is None:
                return target
            answer = await self.app.push_screen_wait(_confirm(
                "Replace this file?", f"{target} {concern}.",
                [("o", "Choose another name"), ("r", f"Replace {target.name}"), ("c", "Cancel")], default="o"))
            if answer == "r":
                return target
            if answer != "o":
                return None
            suggestion = target


def _confirm(*args, **kwargs) -> ModalScreen[str | None]:
    """A ConfirmDialog; its module (and the dialogs' widgets) is imported when one is first asked
    for, not at start-up, where no dialog shows unless something is wrong with the file."""
    from tui.modals.confirm import ConfirmDialog

    return ConfirmDialog(*args, **kwargs)


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
