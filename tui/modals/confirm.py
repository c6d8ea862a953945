"""A question with a few answers, each on its own key."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.widgets import Button, Static

from tui.modals.dialog import BOX, FOOT, TITLE, ButtonRow, Dialog, DialogBody
from tui.widgets.hanging import Hanging
from tui.widgets.safe import plain
from tui.glyphs import glyphs


class MarkedButton(Button):
    """A button whose label carries the focus mark while focused: the answer that enter
    gives shows without colour (16 colours, NO_COLOR, plain text)."""

    def __init__(self, text: str, **kwargs) -> None:
        self.text = text
        super().__init__(self._label(False), **kwargs)

    def _label(self, focused: bool) -> Content:
        return Content(f"{glyphs.focus if focused else ' '} {self.text}")

    def on_focus(self) -> None:
        self.label = self._label(True)

    def on_blur(self) -> None:
        self.label = self._label(False)


class ConfirmDialog(Dialog[str | None]):
    """Ask a question; dismiss with the chosen answer's key, or None on escape.

    `answers` are (key, label) pairs: the key is both the result and the
    keyboard shortcut, e.g. ("s", "Save"), ("d", "Discard").
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="confirm.cancel"),
        # The answers are moved between with these and stop at the ends: moving on from the last
        # (Cancel, as a rule) went round to the first (Delete, Discard), so that keys typed ahead
        # on a slow link, then enter, took the destructive answer.
        Binding("left,h,up,k", "move(-1)", "Previous answer", show=False, id="confirm.left"),
        Binding("right,l,down,j", "move(1)", "Next answer", show=False, id="confirm.right"),
        Binding("shift+tab", "move(-1)", "Previous answer", show=False, id="confirm.previous"),
        Binding("tab", "move(1)", "Next answer", show=False, id="confirm.next"),
    ]

    def __init__(self, title: str, message: str, answers: list[tuple[str, str]], default: str | None = None,
                 *, must_answer: bool = False, escape_means: str = "cancel") -> None:
        super().__init__()
        self.dialog_title = title
        self.message = message
        self.answers = answers
        self.default = default or answers[0][0]
        # A question that may not be put off (unsaved work found on open): esc does nothing,
        # and the key line does not promise that it cancels.
        self.must_answer = must_answer
        self.escape_means = escape_means
        """What esc does, in the key line's words ("keep editing" where the question is whether to
        throw typing away: there, "cancel" read as cancelling the typing)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm", classes=BOX):
            yield Static(Content(self.dialog_title), id="confirm-title", classes=TITLE)
            with DialogBody():
                # A listed item ("  Ansoff option: ...") goes on under its text when it wraps.
                yield Static(Hanging(plain(self.message, multiline=True)), id="confirm-message")
            with Vertical(classes=FOOT):
                # More than two answers do not fit side by side at 80 columns: one per line then.
                yield ButtonRow(*[MarkedButton(f"{label} ({key})", id=f"answer-{key}", compact=True)
                                  for key, label in self.answers], id="confirm-buttons")
                keys = "a letter, or enter for the marked answer" if self.must_answer else f"esc: {self.escape_means}"
                yield Static(Content(keys), id="confirm-keys")

    def on_mount(self) -> None:
        self.query_one(f"#answer-{self.default}", Button).focus()

    def on_key(self, event: Key) -> None:
        for key, _ in self.answers:
            if event.key == key:
                event.stop()
                self.dismiss(key)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("answer-"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "cancel" and self.must_answer)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_move(self, step: int) -> None:
        """The focus to the next (or previous) answer, or the message when it scrolls; none past the ends."""
        chain = self.focus_chain
        if not chain:
            return
        here = chain.index(self.focused) if self.focused in chain else (-1 if step > 0 else len(chain))
        chain[max(0, min(len(chain) - 1, here + step))].focus()


#: The title of the question esc asks on a dialog that holds typing.
THROW_AWAY = "Throw away?"


def close_unless_kept(dialog: Dialog, typed: bool, what: str) -> None:
    """esc on a dialog that writes something: closed at once when nothing was `typed`, else only
    when the user says to throw `what` away (see `unless_kept`)."""
    unless_kept(dialog.app, typed, what, lambda: dialog.dismiss(None))


def unless_kept(app, typed: bool, what: str, close: Callable[[], None]) -> None:
    """esc on something that holds typing (a form, the wizard, the SWOT board's add box): `close`
    at once when nothing was `typed`, else only when the user says to throw `what` away (Keep
    editing is the default, and esc keeps it too). A reflex esc, or a lone one from a key
    sequence split on a slow link, lost the typing without a word, where quitting asked first."""
    if not typed:
        close()
        return

    def answered(answer: str | None) -> None:
        if answer == "d":
            close()

    app.push_screen(ConfirmDialog(THROW_AWAY, f"Throw away {what}?", [("d", "Discard"), ("k", "Keep editing")],
                                  "k", escape_means="keep editing"), answered)
