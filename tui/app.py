"""The Stratbook app: sections, global keys, the one editing path, save and quit.

Screens show the workbook and hand edits to `StratbookApp.apply`; the app
changes the model, records the edit for undo and marks the workbook unsaved.
File I/O happens here (through tui.store), never in a screen.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.widgets import TextArea

from tui.model.edits import Edit, EditError, History
from tui.model.text import for_display
from tui.modals.confirm import ConfirmDialog
from tui.modals.help import HelpScreen
from tui.resources import stylesheets
from tui.screens.base import SectionScreen
from tui.screens.error import LoadErrorScreen
from tui.screens.sections import SECTION_BY_MODE, SECTIONS
from tui.store import Loaded, WorkbookError, load, new_workbook, save

START_SECTION = "vmv"  # the overview becomes the start once it is built


class StratbookApp(App[int]):
    """A workbook open for editing (or the problems that stopped it opening)."""

    TITLE = "Stratbook"
    CSS_PATH = stylesheets()
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
                 error: WorkbookError | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.load_error = error
        self.loaded = loaded
        self.workbook = loaded.workbook if loaded else new_workbook()
        self.read_only = bool(loaded and loaded.read_only)
        self.history = History()
        self.revision = 0
        """Counts changes to the workbook; screens compare it to know they are stale."""
        self._comments_noted = False

    # -- start ---------------------------------------------------------------
    def on_mount(self) -> None:
        if self.load_error is not None:
            self.push_screen(LoadErrorScreen(str(self.path), self.load_error.problems))
            return
        self.title_text = self.workbook.meta.title
        self.switch_mode(START_SECTION)
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

    # -- the one editing path --------------------------------------------------
    def apply(self, edit: Edit, merge_key: str | None = None) -> bool:
        """Apply `edit` to the workbook, record it for undo, and refresh the section."""
        if self.read_only:
            self.notify("This workbook is read-only: it was written by a newer Stratbook.",
                        severity="warning", markup=False)
            return False
        try:
            inverse = edit.apply(self.workbook)
        except EditError as exc:
            self.notify(for_display(f"Not changed: {exc}"), severity="error", markup=False)
            return False
        self.history.record(edit, inverse, merge_key)
        self._changed(edit)
        return True

    def _changed(self, edit: Edit | None) -> None:
        self.revision += 1
        self.dirty = self.history.is_dirty
        self.title_text = self.workbook.meta.title
        screen = self.screen
        if isinstance(screen, SectionScreen):
            screen.model_changed(edit)

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
        if mode in SECTION_BY_MODE and self.load_error is None:
            self.switch_mode(mode)

    def show_item(self, mode: str, item_id: str) -> None:
        """Switch to a section and put its cursor on an item (sections implement `focus_item`)."""
        self.action_section(mode)

        def focus() -> None:
            focus_item = getattr(self.screen, "focus_item", None)
            if focus_item is not None:
                focus_item(item_id)

        self.call_after_refresh(focus)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Workbook keys are off on the error screen, and while a dialog is open."""
        if action in ("section", "undo", "redo", "save", "external_editor"):
            if self.load_error is not None:
                return False
            if isinstance(self.screen, ModalScreen) and action != "external_editor":
                return False
        return True

    # -- save and quit ----------------------------------------------------------
    def action_save(self) -> bool:
        if self.read_only:
            self.notify("Read-only: this file was written by a newer Stratbook and is not saved by this one.",
                        severity="warning", markup=False)
            return False
        try:
            save(self.workbook, self.path)
        except WorkbookError as exc:
            message = "\n".join(p.format() for p in exc.problems)
            self.notify(for_display(message + "\nYour changes are still here, unsaved.", multiline=True),
                        title="Not saved", severity="error", markup=False, timeout=10)
            return False
        self.history.mark_saved()
        self.dirty = False
        note = ""
        if self.loaded and self.loaded.has_comments and not self._comments_noted:
            self._comments_noted = True
            note = " Comments written in the file by hand are not kept."
        self.notify(for_display(f"Saved {self.path.name}.{note}"), markup=False, timeout=3 if not note else 8)
        return True

    async def action_quit(self) -> None:
        if not self.dirty or self.load_error is not None:
            self.exit(0)
            return
        if isinstance(self.screen, ConfirmDialog):
            return
        self.push_screen(
            ConfirmDialog("Unsaved changes", f"{self.path.name} has changes that are not saved.",
                          [("s", "Save and quit"), ("d", "Discard and quit"), ("c", "Cancel")]),
            self._quit_answer,
        )

    def _quit_answer(self, answer: str | None) -> None:
        if answer == "s" and self.action_save():
            self.exit(0)
        elif answer == "d":
            self.exit(0)

    # -- help, palette, external editor -----------------------------------------
    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        section: list[tuple[str, str]] = []
        global_keys: list[tuple[str, str]] = []
        seen: set[tuple[str, str]] = set()
        for node in [*reversed(list(screen.focus_chain)), *screen.query("*"), screen, self]:
            # Every binding declared anywhere on this screen, not only the focused widget's.
            for bindings in node._bindings.key_to_bindings.values():
                for binding in bindings:
                    if not binding.description:
                        continue
                    key = self.get_key_display(binding)
                    entry = (key, binding.description)
                    if entry in seen:
                        continue
                    seen.add(entry)
                    description = binding.description + (f" - {binding.tooltip}" if binding.tooltip else "")
                    (global_keys if node is self else section).append((key, description))
        title = "Keys"
        guide = ""
        if isinstance(screen, SectionScreen):
            title = f"Keys: {SECTION_BY_MODE[screen.SECTION].title}"
            guide = screen.GUIDE
        groups = [("This section", section)] if section else []
        groups.append(("Everywhere", global_keys))
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
        yield from super().get_system_commands(screen)

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


def open_workbook(path: str | os.PathLike[str]) -> StratbookApp:
    """Load `path` (or start a new workbook there) and build the app for it."""
    if not os.path.lexists(path):
        return StratbookApp(path)
    try:
        return StratbookApp(path, loaded=load(path))
    except WorkbookError as exc:
        return StratbookApp(path, error=exc)


def run_app(path: str | os.PathLike[str]) -> int:
    app = open_workbook(path)
    result = app.run()
    return result if isinstance(result, int) else app.return_code or 0
