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
import subprocess
import sys
import tempfile
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from textual.app import App, SuspendNotSupported, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingsMap
from textual.command import CommandPalette
from textual.dom import DOMNode
from textual.filter import NoColor
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from tui.ascii import key_display, use_ascii
from tui.keymap import function_keys_named, spoken_key
from tui.glyphs import GlyphNames
from tui.model.edits import Batch, Edit, EditError, History, SetFields, follow_ids, ids_in_use, section_of
from tui.model.jumps import JumpHistory, Place
from tui.model.search import Hit, SearchIndex
from tui.model.text import for_display, joined_lines
from tui.open_file import OpenFile
from tui.store.paths import unused_name
from tui.lean_strips import lean as lean_strips
from tui.measured import count_every_layout
from tui.placed_styles import placed as placed_styles
from tui.parsed_css import shared as share_parsed_css
# Dialogs and text boxes are imported where they are used: the first screen has neither, and
# Textual's TextArea alone is a fifth of what Stratbook adds to a bare app's start-up.
from tui.resources import section_stylesheet, stylesheets
from tui.screens.base import SectionScreen
from tui.screens.on_top import FocusMarkOnTop
from tui.screens.sections import SECTION_BY_MODE, SECTIONS
from tui.model.workbook import Workbook
from tui.store import Loaded, WorkbookError, load, new_workbook
from tui.store.gc_pause import keep_out_of_full_collections, paused_gc
from tui.terminal import use_alt_keys
from tui.store.config import (MONOCHROME, Config, Settings, ascii_wanted, check_keys, check_theme, effective_theme,
                               read_config, split_keys)
from tui.themes import NO_COLOR_FILTER, OWN_THEMES, theme_names
from tui.typeahead import TypeAhead
from tui.widgets.cursor import focus_cursor
from tui.widgets.toasts import PromptNotifications, step_aside

share_parsed_css()
lean_strips()
placed_styles()
count_every_layout()

START_SECTION = "overview"
Derived = TypeVar("Derived")
KEPT_DIALOGS = 24
"""The most shapes of dialog kept composed (a form is some thirty widgets)."""


class GuideNames(GlyphNames):
    """For a section's GUIDE: `{milestone}` its glyph, `{keys[app.undo]}` the key in effect."""

    def __init__(self, key_named: Callable[[str], str]) -> None:
        super().__init__(keys=_Keys(key_named))


class _Keys:
    def __init__(self, key_named: Callable[[str], str]) -> None:
        self.key_named = key_named

    def __getitem__(self, binding_id: str) -> str:
        return self.key_named(binding_id)


def _search_index(workbook: Workbook) -> SearchIndex:
    return SearchIndex(workbook, SECTION_BY_MODE)


EDITORS_TAKING_A_LINE = frozenset({"vi", "vim", "nvim", "view", "nano", "emacs", "emacsclient", "micro", "mg",
                                   "joe", "jed", "ne", "kak", "mcedit"})
"""Editors that open a file at a line given as `+LINE` before its name."""

REOPEN = "reopen"
"""What the app ends with to be started again on the same file (`run_app`): the file that could
not be opened was put right in an editor from the error screen."""


class StratbookApp(PromptNotifications, TypeAhead, App[int]):
    """A workbook open for editing (or the problems that stopped it opening)."""

    TITLE = "Stratbook"
    # The Overview's sheet too: the app starts there, and a screen's own sheet costs Textual a
    # second full pass over every stylesheet when the screen is first shown.
    CSS_PATH = stylesheets(leave_out=frozenset(SECTION_BY_MODE) - {START_SECTION})
    MODES = {section.mode: section.make_screen for section in SECTIONS}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    """Below 24 rows dialogs scroll their fields sooner, so that their keys line stays on screen."""
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="app.save", tooltip="Save the workbook to its file"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True,
                tooltip="Quit; asks first when there are unsaved changes"),
        Binding("ctrl+z", "undo", "Undo", id="app.undo", tooltip="Undo the last change to the workbook"),
        Binding("ctrl+y", "redo", "Redo", id="app.redo", show=False, tooltip="Redo what was undone"),
        Binding("question_mark,f1", "help", "Help", id="app.help", tooltip="Every key of this section"),
        # priority: a dialog (a modal screen) hides the app's other keys, and F2 works in its fields too
        Binding("f2", "external_editor", "Editor", id="app.editor", show=False, priority=True,
                tooltip="Edit the focused text in your editor (the config's editor, else $VISUAL or $EDITOR)"),
        Binding("ctrl+f", "search", "Search", id="app.search", show=False,
                tooltip="Search every section: values, SWOT, strategies, PESTLE, goals and their answers, "
                "key results, milestones, check-in notes, tactics (/ filters this section only)"),
        Binding("ctrl+o,alt+left", "back", "Back", id="app.back", show=False,
                tooltip="Back to where the last jump (search, g, enter on a link or the overview) came from"),
        Binding("ctrl+t,alt+right", "forward", "Forward", id="app.forward", show=False,
                tooltip="Forward again, to where back came from"),
        Binding("f5", "review", "Review", id="app.review", show=False,
                tooltip="Check in on every active goal and key result whose check-in is due, one after another"),
        # priority: in a dialog too, and over a text box (neither key is one a text box takes)
        Binding("ctrl+l", "dismiss_messages", "Dismiss messages", id="app.dismiss_messages", show=False,
                priority=True, tooltip="Take the messages shown off the screen (the message log reads them again)"),
        Binding("f4", "messages", "Messages", id="app.messages", show=False, priority=True,
                tooltip="Every message shown this session, newest first, to read again"),
        *[
            Binding(s.key, f"section('{s.mode}')", s.title, id=f"app.section.{s.mode}", show=False,
                    tooltip=s.summary)
            for s in SECTIONS
        ],
    ]

    # Not repaint=True (Textual's default): an App's repaint redraws the whole screen, and the
    # header, which shows both, watches them and redraws itself (tui/widgets/header.py).
    dirty: reactive[bool] = reactive(False, repaint=False)
    """The workbook has changes that are not saved."""
    title_text: reactive[str] = reactive("", repaint=False)
    """The workbook's title, for the header."""

    def __init__(self, path: str | os.PathLike[str], loaded: Loaded | None = None,
                 error: WorkbookError | None = None, start: str | None = None, config: Config | None = None) -> None:
        # Starting in the section's own mode saves Textual a second full CSS pass at start-up.
        if error is None:
            self.DEFAULT_MODE = start if start in SECTION_BY_MODE else START_SECTION
        super().__init__()
        self.config = read_config() if config is None else config
        """The user's config file (tui/store/config.py): keys, theme, ascii, name, editor, sendmail."""
        self.config_problems = self._apply_config(self.config)
        self.file = OpenFile(self, Path(path), loaded)
        """The workbook's file: lock, recovery, outside changes, saving (tui/open_file.py)."""
        self.start_section = start if start in SECTION_BY_MODE else START_SECTION
        self.load_error = error
        self.named_as = os.fspath(path)
        """The file as the user named it (relative, usually): what messages show."""
        self.loaded = loaded
        self.workbook = loaded.workbook if loaded else new_workbook()
        self.read_only = bool(loaded and loaded.read_only)
        self.read_only_reason = "it was written by a newer Stratbook"
        """Why edits are refused, for the message that refuses them."""
        self.history = History()
        self.jumps = JumpHistory()
        """Where jumps came from: ctrl+o goes back, ctrl+t forward again."""
        self.freezes_long_lived = False
        """Move what each section makes out of the garbage collector's full passes (`_first_visit`)."""
        self._visited: set[str] = set()
        self._switching_section = False
        self._section_holds: set[asyncio.Task] = set()
        """Drawing held back while a section shown for the first time is made (`switch_mode`)."""
        self._kept_dialogs: dict[Hashable, Screen] = {}
        """Dialogs composed once and shown again, by shape (see `_kept`)."""
        self._derived: dict[tuple, tuple[int, object, Callable[[object, Edit], bool] | None]] = {}
        """What `derived` made of the workbook, each with the revision it holds for and how it follows an edit."""
        self.jump_origin: str | None = None
        """While a jump (show_item) puts a section on an item: the section it came from."""
        self.revision = 0
        """Counts changes to the workbook; screens compare it to know they are stale."""
        self._grouped: list[tuple[Edit, Edit]] | None = None
        """While `one_undo_step` runs: the edits applied so far, with their inverses."""

    css_current_at = -1
    """The `_css_update_count` (Textual's count of theme changes) the stylesheet was last brought
    up to date for (-1: not yet): a section made since is styled as it mounts (SectionScreen.__init__)."""

    def refresh_css(self, animate: bool = True) -> None:
        super().refresh_css(animate)
        self.css_current_at = self._css_update_count
        # Textual 8.2.8 counts a screen not mounted yet (the first, at start) as not brought up to
        # date, and refreshes everything again when it is next shown; its nodes are styled from
        # the stylesheet as they mount, so it is.
        if self._screen_stack:
            self.screen._css_update_count = self._css_update_count

    @property
    def path(self) -> Path:
        """The workbook's file (it changes when the work is saved elsewhere)."""
        return self.file.path

    # -- the user's config ------------------------------------------------------
    @property
    def settings(self) -> Settings:
        return self.config.settings

    def _apply_config(self, config: Config) -> list:
        """Keys, theme and ASCII as the config says; what is wrong in it falls back to the
        defaults and is returned, to be said once the app is up."""
        from tui.keymap import declared_bindings

        for theme in OWN_THEMES:
            self.register_theme(theme)
        # Every screen's module is imported to know its bindings: only when there are keys to check
        # (the sections are otherwise imported when first shown, for a quicker start).
        keymap, problems = check_keys(config, declared_bindings() if config.settings.keys else [])
        self.set_keymap(keymap)
        use_alt_keys(key for keys in keymap.values() for key in split_keys(keys))
        theme, theme_problems = check_theme(config, theme_names())
        self.theme = effective_theme(theme)[0]
        self.ascii = ascii_wanted(config.settings)
        """Draw with ASCII only (tui/glyphs.py, tui/ascii.py)."""
        use_ascii(self.ascii)
        return sorted([*config.problems, *problems, *theme_problems], key=lambda p: p.line or 0)

    # NO_COLOR: Textual's own reading counts an empty value; no-color.org (and we) do not.
    # The monochrome theme says no colour too, so the stylesheets' `:nocolor` rules apply under it.
    @property
    def no_color(self) -> bool:  # type: ignore[override]
        return self._no_color_env or self._monochrome

    @no_color.setter
    def no_color(self, value: bool) -> None:
        from tui.store.config import no_color

        self._no_color_env = value and no_color()

    @property
    def _monochrome(self) -> bool:
        return hasattr(self, "config") and self.current_theme.name == MONOCHROME  # (not while Textual starts)

    def get_line_filters(self):
        filters = list(super().get_line_filters())
        if self._monochrome and not any(isinstance(f, NoColor) for f in filters):
            filters.append(NO_COLOR_FILTER)
        return filters

    def _say_config_problems(self) -> None:
        if not self.config_problems:
            return
        shown = "\n".join(p.format() for p in self.config_problems[:6])
        more = len(self.config_problems) - 6
        if more > 0:
            shown += f"\n... and {more} more (stratbook config lists them all)"
        self.notify(for_display(shown, multiline=True), title="Config: defaults used for what is wrong",
                    severity="warning", markup=False, timeout=12)

    def _say_what_opening_found(self) -> None:
        """One message for what the user should know of the file before editing it: its warnings,
        four of them whole in a message at 80x24. Comments written in it by hand need no word: a
        save keeps every one (tui/model/comments.py)."""
        if not self.loaded:
            return
        warnings = self.loaded.warnings
        listed = 4
        lines = [p.format() for p in warnings[:listed]]
        if len(warnings) > listed:
            lines.append(f"... and {len(warnings) - listed} more (stratbook check FILE lists them all)")
        if lines:
            self.notify(for_display("\n".join(lines), multiline=True), title="Opened with warnings",
                        severity="warning", markup=False, timeout=8)

    # -- start ---------------------------------------------------------------
    def on_mount(self) -> None:
        self._say_config_problems()
        if self.load_error is not None:
            from tui.screens.error import LoadErrorScreen

            self.push_screen(LoadErrorScreen(self.named_as, self.load_error.problems,
                                             self.file.session.pending_recoveries(),
                                             editable=self.file.can_be_edited()))
            self.file.guard_the_terminal()
            return
        self.title_text = self.workbook.meta.title
        self._say_what_opening_found()
        if not self.loaded:
            self.notify(for_display(f"{self.path.name} is new: it is written on the first save "
                                    f"({self.key_named('app.save')})."),
                        markup=False)
        self.file.start()
        self._first_visit(self.current_mode)

    def replace_workbook(self, workbook: Workbook, reason: str) -> None:
        """Show another workbook in place of this one (restore, reload); it is unsaved unless reloaded."""
        self.workbook = workbook
        self.history = History()
        if reason != "reloaded":
            self.history.forget_saved()
        self._changed(None)  # the other sections see the new revision and redraw when shown

    def set_read_only(self, why: str, reason: str) -> None:
        self.read_only = True
        self.read_only_reason = reason
        self.mutate_reactive(StratbookApp.dirty)  # redraw the header with its marker
        self._changed(None)  # and the sections (text boxes stop taking typing)
        self.notify(for_display(f"{self.path.name}: {why}."), markup=False)

    closing = False
    """The app is being taken down (`_shutdown`): nothing is drawn any more."""

    async def _shutdown(self) -> None:
        self.closing = True
        await super()._shutdown()

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """As Textual's, but not while the app is being taken down: Textual 8.2.8's App._shutdown
        removes every screen, which moves the focus off the focused widget, and the widget and
        everything in it were styled anew (`Widget.watch_has_focus`) for a screen never drawn
        again (2-3 ms at every quit, and in every UI test)."""
        if not self.closing:
            super().update_styles(node, animate)

    # -- the file's life: tui/open_file.py -------------------------------------------
    def on_unmount(self) -> None:
        self.file.session.unlock()  # every way out, including a test harness closing the app

    def keep_unsaved_work(self, chosen: bool = False) -> None:
        """Write the recovery file if there is unsaved work; always release the lock. Never raises.
        `chosen`: a quit the user chose (see OpenFile.keep_unsaved_work)."""
        self.file.keep_unsaved_work(chosen=chosen)

    async def save_flow(self, target: Path | None = None) -> bool:
        """Save (in a worker: it may ask); True when the workbook was written."""
        return await self.file.save_flow(target)

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
        if self._grouped is not None:
            self._grouped.append((edit, inverse))
        else:
            self.history.record(edit, inverse, merge_key)
        self._changed(edit)
        return True

    @contextmanager
    def one_undo_step(self, label: str) -> Iterator[None]:
        """Edits applied inside undo and redo as one step, e.g. the items of a pasted list,
        added one by one so that each sees the ids and places of the ones before it."""
        self._grouped = []
        try:
            yield
        finally:
            grouped, self._grouped = self._grouped, None
            if len(grouped) == 1:
                self.history.record(*grouped[0])
            elif grouped:
                self.history.record(Batch(tuple(edit for edit, _ in grouped), label),
                                    Batch(tuple(inverse for _, inverse in reversed(grouped)), label))
            self.dirty = self.history.is_dirty

    def push_screen(self, screen, callback=None, wait_for_dismiss=False, *, mode=None):  # type: ignore[override]
        """As Textual's, but a dialog that edits the workbook does not open on a read-only one:
        typing into it and being refused at the end would waste the typing."""
        if self.read_only and not wait_for_dismiss and getattr(screen, "edits_workbook", False):
            self.refuse_read_only()
            return AwaitComplete(asyncio.sleep(0))
        dialog = sys.modules.get("tui.modals.dialog")
        if dialog is not None and isinstance(screen, dialog.KeepsItsEdit) and screen.edits_workbook \
                and screen.keep is dialog.NOT_SAID:
            # What it holds would be lost on a hang-up: every dialog that saves says how it is kept.
            raise TypeError(f"the dialog {type(screen).__name__} does not say how what it holds is kept for "
                            "recovery: .keeping(the edit of its result), or keeping(None)")
        if self.ascii and isinstance(screen, CommandPalette):  # its placeholder ends in an ellipsis
            screen._placeholder = screen._placeholder.replace("\u2026", "...")
        from tui.modals.dialog import Dialog

        screen = self._kept(screen)
        if isinstance(screen, ModalScreen):
            step_aside(screen, self._notifications)
        stack = self._screen_stacks.get(self._current_mode) if mode is None else None
        below = stack[-1] if stack else None
        clean = below is not None and not below._repaint_required and below.is_active
        pushed = super().push_screen(screen, callback, wait_for_dismiss, mode=mode)
        if clean and isinstance(screen, Dialog) and below is not screen:
            # Textual 8.2.8's App.push_screen asks the screen below to be drawn again whole. A
            # dialog's first frame is a full one that draws that screen under its backdrop as it
            # is; the request, carried out after it, drew the whole terminal once more (6-10 ms
            # of every dialog opened). What else is due below is drawn as usual.
            below._repaint_required = False
            if isinstance(below, FocusMarkOnTop):
                below.covered()
        return pushed

    def _prune(self, *nodes, parent=None):
        # Textual 8.2.8's App._prune, after taking nodes apart, lays out their parent again; the
        # parent of a screen is the app, whose refresh lays out the screen shown, which a screen
        # closed (a dialog not kept, see `_kept`) never changed. And it does so twice (the
        # AwaitRemove it returns is awaited by the closing screen and called by the app): two
        # layouts and frames of the whole section under a closed dialog, 6-10 ms at 10,000
        # tactics. What the section owes (a layout a change asked for) it does as usual.
        if parent is self and nodes and all(isinstance(node, Screen) for node in nodes):
            parent = None
        return super()._prune(*nodes, parent=parent)

    def _kept(self, screen):
        """`screen`, or when it is a dialog of a shape shown before (see Dialog.shape), the dialog
        composed then, showing what `screen` would. The first dialog of each shape is kept
        (installed, so that closing it does not take it apart), up to KEPT_DIALOGS shapes."""
        from tui.modals.dialog import Dialog

        shape = screen.shape() if isinstance(screen, Dialog) else None
        if shape is None:
            return screen
        kept = self._kept_dialogs.get(shape)
        if kept is None:
            if len(self._kept_dialogs) < KEPT_DIALOGS:
                self._kept_dialogs[shape] = screen
                self.install_screen(screen, f"kept-dialog-{len(self._kept_dialogs)}")
            return screen
        if any(kept in stack for stack in self._screen_stacks.values()):
            return screen  # open already (a form over a form of its own shape)
        kept.take(screen)
        return kept

    def get_theme(self, theme_name: str) -> Theme | None:
        """As Textual 8.2.8's App.get_theme, without copying every registered theme into a new
        dict twice for each name (`available_themes`): every widget drawn asks for the current
        theme three times a frame (App.ansi_theme, native_ansi_color, via current_theme), some
        300 copies for one frame of the five forces."""
        registered = self._registered_themes
        for name in theme_name.split(","):
            theme = registered.get(name.strip())
            if theme is not None:
                return theme
        return None

    def refuse_read_only(self) -> None:
        self.notify(for_display(f"Read-only, nothing was changed: {self.read_only_reason}."),
                    severity="warning", markup=False)

    def _changed(self, edit: Edit | None) -> None:
        self._follow_derived(edit)
        self.revision += 1
        self.dirty = self.history.is_dirty
        self.file.changed()
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
        self._say_step(f"Undone: {edit.label}{self._where(edit)}")

    def action_redo(self) -> None:
        edit = self.history.redo(self.workbook)
        if edit is None:
            self.notify("Nothing to redo.", markup=False)
            return
        self._changed(edit)
        self._say_step(f"Redone: {edit.label}{self._where(edit)}")

    _STEPS = ("Undone: ", "Redone: ")

    def _say_step(self, text: str) -> None:
        """What an undo or redo did, in the place of what the one before said: a run of ctrl+z
        piled one message on another over the section (the message log keeps every one)."""
        for notification in [n for n in self._notifications if str(n.message).startswith(self._STEPS)]:
            self._unnotify(notification, refresh=False)
        self.notify(for_display(text), markup=False, timeout=3)

    def _where(self, edit: Edit) -> str:
        """` (in Goals)` when an undone or redone edit is in a section other than the one shown."""
        section = section_of(edit)
        if section is None or section == self.current_mode:
            return ""
        return f" (in {SECTION_BY_MODE[section].title})"

    # -- sections --------------------------------------------------------------
    def action_section(self, mode: str) -> None:
        """Go to a section by its key (or the palette, or a line of the overview)."""
        if self._show_section(mode):
            forget_jump = getattr(self.screen, "forget_jump", None)
            if forget_jump is not None:  # reached by its own key: esc no longer goes back to a jump's origin
                forget_jump()

    def _show_section(self, mode: str) -> bool:
        if mode in SECTION_BY_MODE and self.load_error is None:
            self.file.keep_recovery_current()
            self._read_section_sheet(mode)
            self.switch_mode(mode)
            self._first_visit(mode)
            return True
        return False

    def switch_mode(self, mode: str):  # type: ignore[override]
        """As Textual's, but drawing is held back only while a section shown for the first time is
        made, and until it is made. Textual 8.2.8 holds every switch back for a fixed 50 ms
        (`delay_update`): a section shown again was drawn 50 ms late, and a key that came within
        those 50 ms acted on a screen not yet drawn (a dialog opened over a section whose keys
        had not been shown yet covered an empty footer), by how fast the keys came."""
        first_visit = mode != self._current_mode and mode in self._modes and mode not in self._screen_stacks
        self._switching_section = True
        try:
            made = super().switch_mode(mode)
        finally:
            self._switching_section = False
        if first_visit:
            self._begin_batch()

            async def release() -> None:
                try:
                    await made
                finally:
                    self._end_batch()
                    if not self._batch_count:
                        self.screen.refresh()

            hold = asyncio.get_running_loop().create_task(release())
            self._section_holds.add(hold)
            hold.add_done_callback(self._section_holds.discard)
        return made

    def delay_update(self, delay: float = 0.05) -> None:
        if self._switching_section:
            return  # held by `switch_mode` instead, for as long as it takes
        super().delay_update(delay)

    def _first_visit(self, mode: str) -> None:
        """A section shown for the first time made its widgets, which live as long as the app:
        once drawn, they leave the garbage collector's full passes (`keep_out_of_full_collections`)
        when the app runs for real (`run_app`; not many apps in one test process)."""
        if mode in self._visited or not self.freezes_long_lived:
            return
        self._visited.add(mode)
        self.call_after_refresh(keep_out_of_full_collections)

    def _read_section_sheet(self, mode: str) -> None:
        """Add the section's own stylesheet before its first visit. Textual 8.2.8's
        `_load_screen_css` would add it as the screen is made, then work out the styles of every
        node of every screen (each section visited, each dialog kept): only the new screen is
        shown, and it is styled as it mounts; the others are styled again when next shown,
        having seen the stylesheets change (SteadyLayout._styled_as_before)."""
        sheet = section_stylesheet(mode)
        if sheet is not None and not self.stylesheet.has_source(str(sheet), ""):
            self.stylesheet.read(sheet)
            self.stylesheet.reparse()

    def show_item(self, mode: str, item_id: str) -> None:
        """Every jump ends here (enter on the Overview, warnings, g, links, search): switch to the
        section, then its `focus_item` puts the cursor, the status line and the keys on the item,
        whatever view the section was left in. The place it left is kept for ctrl+o."""
        origin = self.current_mode if self.current_mode != mode else None
        left = self.here()
        if not self._show_section(mode):
            return

        def focus() -> None:
            screen = self.screen
            if not isinstance(screen, SectionScreen):
                return
            self.jump_origin = origin
            try:
                found = screen.focus_item(item_id)
            finally:
                self.jump_origin = None
            if not found:
                self.notify(for_display(f"{item_id} is not in this workbook any more."), markup=False)
            elif left is not None:
                self.jumps.jumped(left)

        self.call_after_refresh(focus)

    def here(self) -> Place | None:
        """The section shown (under any dialogs) and the ref of what its cursor is on."""
        section = next((s for s in reversed(self.screen_stack) if isinstance(s, SectionScreen)), None)
        if section is None or self.load_error is not None:
            return None
        return Place(self.current_mode, section.cursor_ref())

    def action_back(self) -> None:
        self._go_to(self.jumps.back, f"Nothing to go back to: {self.key_named('app.back')} returns from a jump "
                    "(search, g, a link).")

    def action_forward(self) -> None:
        self._go_to(self.jumps.forward, f"Nothing to go forward to: {self.key_named('app.forward')} goes again where "
                    f"{self.key_named('app.back')} came back from.")

    def _go_to(self, step: Callable[[Place], Place | None], nothing: str) -> None:
        here = self.here()
        place = step(here) if here is not None else None
        if place is None:
            self.notify(nothing, markup=False, timeout=3)
            return
        if not self._show_section(place.section):
            return

        def focus() -> None:
            screen = self.screen
            if place.ref is not None and isinstance(screen, SectionScreen):
                screen.focus_item(place.ref)  # an item deleted since: the section as it is

        self.call_after_refresh(focus)

    def derived(self, make: Callable[..., Derived], *args: Hashable,
                follow: Callable[[Derived, Edit], bool] | None = None) -> Derived:
        """`make(workbook, *args)`, made again only after the workbook changed (every change, undo,
        redo and reload counts a new revision) or for other `args` (a day): what dialogs offer from
        the whole workbook (the owners to suggest, the goals and tactics to link, the warnings, the
        search index) costs nothing while nothing changes, however big the workbook. `make` must be
        a module-level function (it is part of the key) that reads only the workbook and `args`.

        `follow(made, edit)`, if given, brings what was made up to date after each edit in place, in
        proportion to the edit (False: it cannot, and `make` runs again when next asked): what one
        edit barely changes (the ids in use) is then not made again from the whole workbook."""
        key = (make, args)
        made = self._derived.get(key)
        if made is None or made[0] != self.revision:
            made = self._derived[key] = (self.revision, make(self.workbook, *args), follow)
        return made[1]  # type: ignore[return-value]

    def _follow_derived(self, edit: Edit | None) -> None:
        """Before the revision counts `edit`: the values made for this revision that can follow it."""
        for key, (revision, made, follow) in self._derived.items():
            if follow is not None and revision == self.revision and edit is not None and follow(made, edit):
                self._derived[key] = (revision + 1, made, follow)

    # -- search everywhere ---------------------------------------------------------
    def search_index(self) -> SearchIndex:
        """The index of every text, built again only after the workbook changed."""
        return self.derived(_search_index)

    def action_search(self) -> None:
        from tui.modals.search import SearchDialog

        def chosen(hit: Hit | None) -> None:
            if hit is not None:
                self.show_item(hit.section, hit.ref)

        back = self._keys_of_actions(self).get("back", "ctrl+o")
        self.push_screen(SearchDialog(self.search_index(), back_key=back), chosen)

    # -- other files: exports beside the workbook, another copy to compare ---------
    def export_beside(self, fmt: str) -> None:
        # One worker per format: an exclusive group for all formats cancelled a Markdown export
        # when HTML was asked for straight after.
        self.run_worker(self.export_flow(fmt), group=f"export.{fmt}", exclusive=True)

    async def export_flow(self, fmt: str) -> Path | None:
        """Write the workbook as `fmt` (see tui.store.export) next to its file; say where. A file
        there that is not an earlier export of that kind is not replaced unasked (tui.store.outputs):
        the workbook itself never; another file only if the user says so, by name."""
        from tui.store.atomic import write_atomic
        from tui.store.export import SUFFIX, export
        from tui.store.outputs import replace_concern

        protected = [(self.path, "the open workbook")]
        target = self.path.resolve().with_suffix(SUFFIX[fmt])
        concern = replace_concern(target, fmt, protected=protected)
        note = ""
        if concern is not None:
            # A workbook called plan.md: its Markdown goes to plan.export.md, unasked while that
            # is free or an earlier export; anything else is asked about, by name.
            instead = target.with_stem(f"{target.stem}.export")
            if concern.endswith("itself") and replace_concern(instead, fmt, protected=protected) is None:
                target, note = instead, f" ({self.path.name} is the workbook itself)"
            else:
                title = for_display(f"Export: {target.name} {concern}; write it where?")
                target = await self.file._ask_path(title, unused_name(instead), fmt)
                if target is None:
                    return None
        try:
            write_atomic(target, export(self.workbook, fmt).encode("utf-8"), like=self.path)
        except OSError as exc:
            self.notify(for_display(f"Not exported: {target}: {exc.strerror or exc}"), severity="error",
                        markup=False)
            return None
        self.notify(for_display(f"Exported to {target}{note}"), markup=False, timeout=6)
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
        if action in ("search", "back", "forward"):  # from a section, not from inside a dialog
            return isinstance(self.screen, SectionScreen) and self.load_error is None
        return True

    # -- save and quit ----------------------------------------------------------
    def action_save(self) -> None:
        self.run_worker(self.save_flow(), group="save", exclusive=True)

    def dialog_holds_typing(self) -> bool:
        """An open dialog (or a section's add box) holds text or choices not in the workbook yet.

        Dialogs that know what they were opened with say so (`holds_typing`), and so do sections
        with a box that adds; for other dialogs, any text in them counts."""
        from textual.widgets import TextArea

        from tui.modals.confirm import ConfirmDialog

        for screen in self.screen_stack:
            if isinstance(screen, ConfirmDialog):
                continue
            holds_typing = getattr(screen, "holds_typing", None)
            if not isinstance(screen, ModalScreen) and holds_typing is None:
                continue
            if holds_typing is not None:
                if holds_typing():
                    return True
            elif any((widget.text if isinstance(widget, TextArea) else widget.value).strip()
                     for widget in screen.query("Input, TextArea")):
                return True
        return False

    async def action_quit(self) -> None:
        from tui.modals.confirm import ConfirmDialog

        if isinstance(self.screen, ConfirmDialog):
            return
        typing = self.load_error is None and not self.read_only and self.dialog_holds_typing()
        if typing and not self.dirty:
            self.run_worker(self._quit_from_dialog(), group="quit", exclusive=True)
            return
        if not self.dirty or self.load_error is not None or self.read_only:
            self.keep_unsaved_work(chosen=True)
            self.exit(0)
            return
        self.run_worker(self._quit_flow(typing), group="quit", exclusive=True)

    async def _quit_from_dialog(self) -> None:
        """The workbook is saved, but a dialog holds typed text (a goal half written)."""
        from tui.modals.confirm import ConfirmDialog

        answer = await self.push_screen_wait(ConfirmDialog(
            "Quit?", "The open dialog or box holds typed text that is not in the workbook yet; "
            "quitting loses it.",
            [("q", "Quit"), ("c", "Cancel")], default="c"))
        if answer == "q":
            self.keep_unsaved_work(chosen=True)
            self.exit(0)

    async def _quit_flow(self, typing: bool = False) -> None:
        from tui.modals.confirm import ConfirmDialog

        message = f"{self.path.name} has changes that are not saved."
        answers = [("s", "Save and quit"), ("d", "Discard and quit"), ("c", "Cancel")]
        if typing:
            # Saving cannot take the dialog's text (it is not an edit until the dialog saves it): say so.
            message += ("\nThe open dialog or box also holds typed text that is not in the workbook yet: "
                        "quitting loses it either way. Cancel goes back to it, to save it first.")
            answers = [("s", "Save the rest and quit"), ("d", "Discard all and quit"),
                       ("c", "Cancel: back to the dialog")]
        answer = await self.push_screen_wait(ConfirmDialog("Unsaved changes", message, answers,
                                                           default="c" if typing else None))
        if answer == "s" and await self.save_flow():
            self.keep_unsaved_work(chosen=True)
            self.exit(0)
        elif answer == "d":
            self.file.discard_unsaved_work()
            self.keep_unsaved_work(chosen=True)
            self.exit(0)

    def _display(self, screen: Screen, renderable) -> None:
        # Textual moves the (hidden) terminal cursor to `cursor_position` after every frame it
        # writes: put it on the focused row or field first, for screen readers and Braille
        # displays (tui/widgets/cursor.py). `_display` is Textual 8.2.8's one place that writes
        # a frame; the pin keeps it.
        place = focus_cursor(screen) if self.screen is screen else None
        if place is not None:
            self.cursor_position = place
        super()._display(screen, renderable)

    # -- messages: dismissed by a key, read again in the log ------------------------
    def action_dismiss_messages(self) -> None:
        """Every message live goes, shown or waiting under a dialog (the log keeps them)."""
        self.clear_notifications()

    def action_messages(self) -> None:
        """The message log; the same key closes it."""
        from tui.modals.messages import MessageLogScreen

        if isinstance(self.screen, MessageLogScreen):
            self.screen.dismiss(None)
            return
        log = self.message_log
        self.push_screen(MessageLogScreen(log.newest_first(), log.total))

    # -- help, palette, external editor -----------------------------------------
    def action_command_palette(self) -> None:
        """Textual's palette, its highlighted command marked (tui/widgets/palette.py)."""
        from tui.widgets.palette import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(id="--command-palette"))

    def action_help(self) -> None:
        from tui.modals.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        screen = self.screen
        # Our bindings all have an id; Textual's own (cursor keys, text editing) have none and
        # would bury the section's keys under sixty lines of editing keys. Every binding declared
        # anywhere on this screen counts, not only the focused widget's, grouped by the part of the
        # screen it works in (a widget's KEYS_TITLE: the SWOT board apart from TOWS).
        parts: dict[str, dict[str, list[str]]] = {}
        for node in [*screen.query("*"), screen, self]:
            heading = "Everywhere" if node is self else getattr(node, "KEYS_TITLE", "This section")
            for bindings in self.bindings_of(node).key_to_bindings.values():
                for binding in bindings:
                    if not binding.description or binding.id is None:
                        continue
                    # The id is what the config's [keys] remaps (README: Your keys, theme and name).
                    description = (binding.description + (f" - {binding.tooltip}" if binding.tooltip else "")
                                   + f" [{binding.id}]")
                    keys = parts.setdefault(heading, {}).setdefault(description, [])
                    key = self.get_key_display(binding)
                    if key not in keys:
                        keys.append(key)
        movement = "arrows, page up/down, home/end move; enter opens; tab, shift+tab go between parts"
        everywhere = parts.pop("Everywhere", {})
        parts.setdefault("This section", {})
        parts["This section"] = parts.pop("This section")  # after the parts of the screen
        title = "Keys"
        guide = ""
        if isinstance(screen, SectionScreen):
            title = f"Keys: {SECTION_BY_MODE[screen.SECTION].title}"
            guide = screen.GUIDE.format_map(GuideNames(self.key_named))
        groups = [(heading, [(", ".join(keys), description) for description, keys in entries.items()])
                  for heading, entries in [*parts.items(), ("Everywhere", everywhere)] if entries]
        groups.append(("Moving", [("", movement)]))
        self.push_screen(HelpScreen(title, groups, guide))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for section in SECTIONS:
            yield SystemCommand(f"Go to {section.title} ({section.key})", section.summary,
                                lambda mode=section.mode: self.action_section(mode))
        # as the user's keymap has them; written as the README writes keys (ctrl+s, not ^s)
        key = {action: spoken_key(shown) for action, shown in self._keys_of_actions(self).items()}
        yield SystemCommand(f"Save ({key['save']})", "Save the workbook to its file", self.action_save)
        yield SystemCommand(f"Undo ({key['undo']})", "Undo the last change", self.action_undo)
        yield SystemCommand(f"Redo ({key['redo']})", "Redo what was undone", self.action_redo)
        yield SystemCommand(f"Help ({key['help']})", "Every key of this section", self.action_help)
        yield SystemCommand(f"Messages ({key['messages']})", "Every message shown this session, newest first, "
                            "to read again", self.action_messages)
        yield SystemCommand(f"Dismiss messages ({key['dismiss_messages']})", "Take the messages shown off the "
                            "screen", self.action_dismiss_messages)
        if self.load_error is None:
            yield SystemCommand(f"Search everywhere ({key['search']})", "Find any item of any section by its "
                                "words, and go to it", self.action_search)
            yield SystemCommand(f"Back ({key['back']})", "Back to where the last jump came from", self.action_back)
            yield SystemCommand(f"Forward ({key['forward']})", "Again to where back came from", self.action_forward)
        yield SystemCommand(f"Edit in your editor ({key['external_editor']})", "Edit the focused text in your own "
                            "editor (the config's editor, else $VISUAL or $EDITOR)", self.action_external_editor)
        if self.load_error is None:
            yield SystemCommand(f"Review check-ins ({key['review']})", "Check in on every active goal and key result that is "
                                f"due, one screen each: enter saves and goes on, {self.key_named('checkin.skip')} skips, esc stops",
                                self.action_review)
        if isinstance(screen, SectionScreen):
            keys = self._keys_of_actions(screen)
            for title, help_text, callback in [*screen.section_commands(), *screen.marking_commands()]:
                key = keys.get(getattr(callback, "__name__", "").removeprefix("action_"))
                yield SystemCommand(f"{title} ({key})" if key else title, help_text, callback)
        if self.load_error is None:
            yield SystemCommand("Workbook title, organisation and authors", "The details that head the "
                                "overview, the header and every export", self.action_edit_details)
            yield from self._sharing_commands()
        yield from super().get_system_commands(screen)

    def get_key_display(self, binding: Binding) -> str:
        shown = function_keys_named(super().get_key_display(binding))
        return key_display(shown) if self.ascii else shown

    def bindings_of(self, node: DOMNode) -> BindingsMap:
        """`node`'s bindings with the user's keymap applied: the keys that really work there."""
        if not self._keymap:
            return node._bindings
        bindings = node._bindings.copy()
        bindings.apply_keymap(self._keymap)
        return bindings

    def shown_key(self, binding_id: str, usual: str = "") -> str:
        """The key of binding `binding_id` as the user's keymap has it, for a hint that names it
        ("Press a to add"): `usual` (else the key of its act, `swot.add`: a) unless remapped."""
        if binding_id not in self._keymap and not self._default_keys(binding_id):
            return usual
        return self.key_named(binding_id)  # one way to say a key: the messages' (ctrl+w, F8)

    def key_named(self, binding_id: str, every: bool = False) -> str:
        """The key that does binding `binding_id` now, the user's keymap applied, as a message names
        a key: `ctrl+s`, `F2`, `esc`. Every message or label that names a key the keymap can change
        says it through here (the lock takeover said "ctrl+s offers a copy" after save was moved
        to ctrl+w). `every`: all its keys, `pgdn/ctrl+n`."""
        from tui.keymap import ACTS
        from tui.store.config import split_keys

        act = ACTS.get(binding_id.rpartition(".")[2])
        if binding_id not in self._keymap and act is not None and not every:
            return act.shown  # the key the act is known by everywhere (e, not enter, for edit)
        keys = split_keys(self._keymap.get(binding_id) or self._default_keys(binding_id))
        return "/".join(spoken_key(self.get_key_display(Binding(key, ""))) for key in keys[:None if every else 1])

    def _default_keys(self, binding_id: str) -> str:
        """The default keys of `binding_id`, comma-separated; "" for no such binding. The app's own
        are read off its class: collecting every binding reads every section's module."""
        from tui.keymap import default_keys, own_default_keys

        own = own_default_keys(type(self)).get(binding_id)
        return own if own is not None else default_keys().get(binding_id, "")

    def key_of(self, action: str) -> str:
        """The key of `action` (e.g. `screen.cycle_status(1)`) on the screen shown, as the user's
        keymap has it: for a message that names the key. Empty if no key does it there."""
        for node in [*self.screen.query("*"), self.screen, self]:
            for bindings in self.bindings_of(node).key_to_bindings.values():
                for binding in bindings:
                    if binding.action == action:
                        return spoken_key(self.get_key_display(binding))
        return ""

    def _keys_of_actions(self, screen: Screen | App) -> dict[str, str]:
        """The key of each action bound on `screen` (action name without arguments: key shown),
        so the palette shows the key of each command that has one."""
        keys: dict[str, str] = {}
        for node in [*screen.query("*"), screen] if isinstance(screen, Screen) else [screen]:
            for bindings in self.bindings_of(node).key_to_bindings.values():
                for binding in bindings:
                    if binding.id is not None:
                        action = binding.action.removeprefix("screen.").partition("(")[0]
                        keys.setdefault(action, self.get_key_display(binding))
        return keys

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
        from tui.modals.mail import start_import, start_send

        yield SystemCommand("Import a reply", "Merge a copy that came back by email (.eml, mbox, Maildir or the "
                            "saved attachment) against the copy it came from; one undo", lambda: start_import(self))
        yield SystemCommand("Send by email", "The plan as text and HTML, the workbook attached: an .eml file "
                            "beside it, or through sendmail", lambda: start_send(self))
        yield SystemCommand("Compare with another copy", "Open a copy that came back (e.g. by email): keep mine "
                            "or take theirs, difference by difference", lambda: start_compare(self))
        if any(c is not None for c in read_conflicts(self.workbook)):
            yield SystemCommand("Resolve merge conflicts", "Choose mine or theirs for each conflict that "
                                "stratbook merge recorded", lambda: self.push_screen(CompareScreen(None, "")))

    # -- check-ins and the review session ------------------------------------------
    def check_in(self, targets: list, review: bool = False) -> None:
        """Check in on each of `targets` (goals' measures, key results) in turn, one form each."""
        if self.read_only:
            self.refuse_read_only()
            return
        self.run_worker(self._check_in_each(targets, review), group="checkin", exclusive=True)

    async def _check_in_each(self, targets: list, review: bool) -> None:
        from tui.model import dates
        from tui.model.checkins import add_checkin, find_target
        from tui.store.config import user_name
        from tui.modals.checkin import SKIP, CheckinForm

        today = dates.today()
        author = user_name(self.settings)
        done = skipped = 0
        for index, wanted in enumerate(targets):
            target = find_target(self.workbook, wanted.id)
            if target is None:  # deleted meanwhile
                continue
            step = f"{index + 1} of {len(targets)}" if len(targets) > 1 else ""
            form = CheckinForm(target, today, self.workbook, step, review)

            def checking_in(result: dict, target=target, form=form) -> Edit:
                value, day, confidence, note = form.result_values(result)
                return add_checkin(target, day, value, self.derived(ids_in_use, follow=follow_ids), confidence,
                                   note, author)[0]

            result = await self.push_screen_wait(form.keeping(checking_in))
            if result is None:
                break
            if result.get(SKIP):
                skipped += 1
                continue
            value, day, confidence, note = form.result_values(result)
            taken = self.derived(ids_in_use, follow=follow_ids)  # not made again from 200,000 check-ins each time
            edit, _ = add_checkin(target, day, value, taken, confidence, note, author)
            if self.apply(edit):
                done += 1
        if review:
            left = len(targets) - done - skipped
            self.notify(f"Review: {done} checked in, {skipped} skipped, {left} left. "
                        f"{self.key_named('app.undo')} undoes the last.",
                        markup=False, timeout=4)

    def action_review(self) -> None:
        """The review session: every active goal and key result whose check-in is due."""
        from tui.model import dates
        from tui.model.checkins import due_targets

        targets = due_targets(self.workbook, dates.today())
        if not targets:
            self.notify("No check-ins are due: every active goal and key result is up to date.", markup=False)
            return
        self.check_in(targets, review=True)

    def action_edit_details(self) -> None:
        """The workbook's title, organisation and authors."""
        if self.read_only:
            self.refuse_read_only()
            return
        from tui.modals.details import details_changes, details_form

        def editing(result: dict) -> Edit | None:
            changes = details_changes(result, self.workbook.meta)
            return SetFields("meta", changes, "edit the workbook's details") if changes else None

        def done(result: dict | None) -> None:
            if result and (edit := editing(result)) is not None:
                self.apply(edit)

        self.push_screen(details_form(self.workbook.meta).keeping(editing), done)

    def action_external_editor(self) -> None:
        """The focused text field, in $EDITOR: several-line boxes take the text as it comes
        back; a one-line box takes it as one line and says so when lines were joined."""
        from textual.widgets import Input, TextArea

        from tui.widgets.safe import SafeInput, SafeTextArea

        field = self.focused
        if isinstance(field, SafeTextArea) and field.whole is not None and not self.read_only:
            # Too long for the box, which shows only its start: the whole text is edited here.
            text = self.run_external_editor(field.whole)
            if text is not None and text != field.whole:
                field.show_text(text)
                field.post_message(TextArea.Changed(field))
            return
        if isinstance(field, TextArea) and not field.read_only:
            # (A SafeTextArea's value keeps the line breaks it was given; its `text` has the box's.)
            value = field.whole_text if isinstance(field, SafeTextArea) else field.text
            text = self.run_external_editor(value)
            if text is not None and text != value:
                # An edit, not load_text: ctrl+z in the box takes the editor's text back.
                field.history.checkpoint()
                field.replace(text, field.document.start, field.document.end)
                field.history.checkpoint()  # replace() says Changed itself
            return
        if isinstance(field, Input) and not field.disabled:
            text = self.run_external_editor(field.value)
            if text is None:
                return
            line, count = joined_lines(text)
            if count > 1:
                self.notify(f"The editor gave {count} lines; this box holds one, so they were joined "
                            "with spaces.", markup=False)
            if isinstance(field, SafeInput):
                field.take_text(line)
            else:
                field.value = line
                field.cursor_position = len(line)
            return
        self.notify(f"{self.key_named('app.editor')} edits a text field in your editor: move to one first.", markup=False)

    def run_external_editor(self, text: str) -> str | None:
        """Edit `text` in the config's editor (else $VISUAL, else $EDITOR) with the app suspended;
        None if that is not possible.

        The file ends with a newline, as a text file should: line-oriented editors and scripts
        that append would otherwise join their line to the last one. That newline is taken off
        again on return unless the text had its own."""
        handle, name = tempfile.mkstemp(prefix="stratbook-", suffix=".txt")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text if not text or text.endswith("\n") else text + "\n")
            if not self.edit_file(name):
                return None
            with open(name, encoding="utf-8", errors="replace") as file:
                edited = file.read()
            return edited[:-1] if edited.endswith("\n") and not text.endswith("\n") else edited
        finally:
            os.unlink(name)

    def edit_file(self, name: str | os.PathLike[str], line: int | None = None) -> bool:
        """Run the config's editor (else $VISUAL, else $EDITOR) on the file `name`, at `line` where
        the editor takes `+LINE`, with the app suspended; False (and the user told why) if it could
        not run."""
        from tui.store.config import editor_command

        if not self.file.can_be_edited(name):
            self.notify(for_display(f"{name} is not a regular file (a pipe, device or socket?): no editor is "
                                    "started on it."), severity="warning", markup=False)
            return False
        editor = editor_command(self.settings)
        command = shlex.split(editor)
        if line is not None and command and Path(command[0]).name in EDITORS_TAKING_A_LINE:
            command.append(f"+{line}")
        command.append(str(name))
        try:
            try:
                failed: OSError | None = None
                status = 0
                with self.suspend():
                    # Caught inside: Textual's suspend does not resume the app when its body raises.
                    try:
                        status = subprocess.run(command, check=False).returncode
                    except OSError as exc:
                        failed = exc
                if failed is not None:
                    raise failed
            except SuspendNotSupported:
                if not self.is_headless:
                    raise
                # No terminal to hand over (tests): a scripted editor runs as it is.
                status = subprocess.run(command, check=False, stdin=subprocess.DEVNULL, timeout=30).returncode
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to an editor.", severity="warning", markup=False)
            return False
        except (OSError, subprocess.TimeoutExpired) as exc:
            why = exc.strerror if isinstance(exc, OSError) else "it did not finish"
            self.notify(for_display(f"Could not run {editor}: {why}"), severity="error", markup=False)
            return False
        if status:  # vim's :cq, an editor that failed: what it left is read all the same
            self.notify(for_display(f"{editor} ended with status {status}."), severity="warning", markup=False)
        return True


def open_workbook(path: str | os.PathLike[str], start: str | None = None) -> StratbookApp:
    """Load `path` (or start a new workbook there) and build the app for it, showing section `start`."""
    if not os.path.lexists(path):
        return StratbookApp(path, start=start)
    try:
        return StratbookApp(path, loaded=load(path), start=start)
    except WorkbookError as exc:
        return StratbookApp(path, error=exc, start=start)


def run_app(path: str | os.PathLike[str]) -> int:
    from tui.terminal import fix_terminal_input

    fix_terminal_input()
    while (code := _run_once(path)) == REOPEN:
        gc.unfreeze()  # the app that showed the errors is garbage now (run_once froze it)
        gc.collect()
    return code


def _run_once(path: str | os.PathLike[str]) -> int | str:
    with paused_gc():  # loading makes some 100,000 objects and no cycles: 80-130 ms of passes at 10,000 items
        app = open_workbook(path)
    # The loaded workbook lives as long as the app: keep it out of the garbage collector's
    # full passes, which otherwise take 40-350 ms at 10,000 items and stall a key press; and
    # each section's widgets too, once made (StratbookApp._first_visit).
    gc.freeze()
    app.freezes_long_lived = True
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
    if result == REOPEN:
        return REOPEN
    code = result if isinstance(result, int) else app.return_code or 0
    message = app.file.closing_message(code)
    if message:
        print(message, file=sys.stderr)
    return code
