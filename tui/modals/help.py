"""The help screen: every key of the current section, then the global ones."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from tui.modals.dialog import BOX, FOOT, TITLE, Dialog, DialogBody
from tui.widgets.hanging import Hanging
from tui.widgets.lines import MarkedOptionList


class HelpScreen(Dialog[None]):
    """`groups` are (heading, [(key, description)]) pairs, gathered by the app."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss_help", "Close", id="help.close"),
    ]

    def __init__(self, title: str, groups: list[tuple[str, list[tuple[str, str]]]], guide: str = "") -> None:
        super().__init__()
        self.help_title = title
        self.groups = groups
        self.guide = guide

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for heading, keys in self.groups:
            if options:
                options.append(None)
            options.append(Option(Content.styled(heading, "bold"), disabled=True))
            width = max((len(key) for key, _ in keys), default=0)
            for key, description in keys:
                # A long description goes on under itself, not under the keys.
                options.append(Option(Hanging(Content(f"  {key:<{width}}  {description}"), hang=width + 4)))
        with Vertical(id="help", classes=BOX):
            yield Static(Content(self.help_title), id="help-title", classes=TITLE)
            if self.guide:
                # The guide's lines are broken for the section's panel; here it wraps to the help's width.
                paragraphs = (" ".join(part.split()) for part in self.guide.split("\n\n"))
                with DialogBody(id="help-text"):
                    yield Static(Content("\n\n".join(paragraphs)), id="help-guide")
            yield MarkedOptionList(*options, id="help-keys")
            yield Static(Content("esc: close   ctrl+p: find any command by name"), id="help-footer", classes=FOOT)

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
