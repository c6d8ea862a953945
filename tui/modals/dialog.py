"""The base of every dialog: a `ModalScreen` that closes once.

Textual's `dismiss` pops whatever screen is on top. Keys that arrive in a burst (a paste, a slow
link catching up, a fast typist) can answer a dialog twice before it has closed: the second answer
then popped the screen under it, or stopped the app when that was the last one. Here a dialog that
is no longer the screen on top ignores a second dismiss."""

from __future__ import annotations

from typing import TypeVar

from textual.await_complete import AwaitComplete
from textual.screen import ModalScreen

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    _answered = False

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if self._answered or self.app.screen is not self:
            return AwaitComplete.nothing()
        self._answered = True
        return super().dismiss(result)

    def on_screen_resume(self) -> None:
        self._answered = False  # shown again (a dialog kept and pushed anew)
