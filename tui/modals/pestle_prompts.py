"""Pick how to start a new PESTLE item: from scratch, or from one of the factor's guiding prompts."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.glyphs import glyphs
from tui.modals.dialog import BOX, FOOT, TITLE, Dialog
from tui.widgets.lines import MarkedOptionList

WRITE_OWN = ""
"""What the picker returns for "write my own"."""


class PromptPicker(Dialog[str | None]):
    """Dismisses with the chosen prompt, `WRITE_OWN` for a blank item, or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompts.cancel"),
        Binding("j", "cursor(1)", show=False, id="prompts.down"),
        Binding("k", "cursor(-1)", show=False, id="prompts.up"),
    ]

    def __init__(self, title: str, explanation: str, prompts: list[tuple[str, bool]]) -> None:
        """`prompts` are (prompt, already used) pairs."""
        super().__init__()
        self.picker_title = title
        self.explanation = explanation
        self.prompts = prompts

    def compose(self) -> ComposeResult:
        options = [Option(Content.styled(f"{glyphs.write_own} Write my own item", "bold"), id="own"), None]
        options += [Option(self._prompt_line(prompt, used), id=f"prompt-{index}")
                    for index, (prompt, used) in enumerate(self.prompts)]
        with Vertical(id="pestle-prompts", classes=BOX):
            with Vertical(classes=TITLE):  # the explanation is held at the top with the title
                yield Static(Content(self.picker_title), id="pestle-prompts-title")
                yield Static(Content(self.explanation), id="pestle-prompts-explanation")
            yield MarkedOptionList(*options, id="pestle-prompts-list")
            yield Static(Content("enter: start from this   esc: cancel"), id="pestle-prompts-keys", classes=FOOT)

    @staticmethod
    def _prompt_line(prompt: str, used: bool) -> Content:
        return Content.assemble((f"{glyphs.done} " if used else "  ", "$success"), prompt,
                                ("  (already has an item)" if used else "", "$text-muted"))

    def shape(self) -> tuple:
        """Kept and shown again (see Dialog.shape): composing it afresh was most of the cost of `a`."""
        return PromptPicker, len(self.prompts)

    def take(self, picker: PromptPicker) -> None:  # type: ignore[override]
        """Show `picker`'s title, explanation and prompts, the cursor on the first line."""
        self.picker_title, self.explanation, self.prompts = picker.picker_title, picker.explanation, picker.prompts
        self.query_one("#pestle-prompts-title", Static).update(Content(self.picker_title))
        self.query_one("#pestle-prompts-explanation", Static).update(Content(self.explanation))
        options = self.query_one(OptionList)
        for index, (prompt, used) in enumerate(self.prompts):
            line = self._prompt_line(prompt, used)
            if str(options.get_option(f"prompt-{index}").prompt) != str(line):  # (its drawn lines are kept)
                options.replace_option_prompt(f"prompt-{index}", line)
        options.highlighted = 0
        options.scroll_home(animate=False)
        options.focus()

    def action_cursor(self, delta: int) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if delta > 0 else options.action_cursor_up()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if option_id == "own":
            self.dismiss(WRITE_OWN)
        else:
            self.dismiss(self.prompts[int(option_id.removeprefix("prompt-"))][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
