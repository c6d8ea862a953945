"""The focus mark shows only on the screen on top: under a dialog, the keys act on the dialog."""

from __future__ import annotations


class FocusMarkOnTop:
    """Mixed into a screen that a dialog can cover (a section, or a dialog under another, as the
    goal wizard under its step menu): its focused widget drops the focus mark while covered and
    takes it back when the screen is on top again."""

    _covered = False
    """A dialog pushed over this screen has dropped the focus mark already (see `covered`)."""

    def on_screen_resume(self) -> None:
        self._refresh_focused()

    def on_screen_suspend(self) -> None:
        if self._covered:
            self._covered = False  # a dialog's first frame drew the mark dropped (see `covered`)
            return
        self._refresh_focused()

    def covered(self) -> None:
        """A dialog is being pushed over this screen (StratbookApp.push_screen). Its first frame
        is a full one that draws this screen under the backdrop, after everything done now: the
        focus mark is dropped now and drawn so in that frame. Dropped on `ScreenSuspend`, it
        reached the dialog later and drew most of the terminal a second time."""
        focused = self.focused
        if focused is not None:
            self._refresh_focused()  # its drawn mark goes: the next frame draws it anew
            focused._repaint_required = False  # no frame of its own (Textual 8.2.8: Widget._check_refresh)
        self._covered = True

    def _refresh_focused(self) -> None:
        focused = self.focused
        if focused is not None:
            getattr(focused, "refresh_focus_mark", focused.refresh)()
