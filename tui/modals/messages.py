"""The message log: every message the app showed this session, newest first, to read again.

A message shown as a toast goes after a few seconds (or at once, with the key that dismisses
messages); the log keeps it (tui/model/messages.py). Each message is its time, severity and title
on a line, then its text, a rule between messages, in an OptionList (a long session holds
hundreds; an OptionList draws only the lines in view). Each line is an option: the cursor reads
down line by line, as a pager does (one option a message skipped the middle of a message taller
than the list, which at 60x20 the opening's warnings are). Text is shown as text, never markup, and made safe (a message
quotes file content)."""

from __future__ import annotations

import time

from rich._wrap import divide_line
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from tui.modals.dialog import BOX, FOOT, TITLE, Dialog
from tui.model.messages import Said
from tui.model.text import counted, for_display
from tui.widgets.lines import MarkedOptionList

SEVERITY_WORDS = {"information": "info", "warning": "warning", "error": "error"}
"""Each severity as a word: it is never told by colour alone."""
SEVERITY_STYLES = {"information": "bold", "warning": "bold $text-warning", "error": "bold $text-error"}


class LogLine(Content):
    """A line of the log (no line break, no tab), whose height is worked out without making its
    wrapped lines: Textual 8.2.8's OptionList measures every option's height up front, and
    Content.get_height makes and styles each wrapped line to count them, most of the cost of
    opening a log of hundreds of messages. A line that fits is one line; a longer one is as many
    as the places rich's `divide_line` (which Content's wrapping uses) breaks it at, and one."""

    def get_height(self, rules, width: int) -> int:
        line_pad = rules.get("line_pad", 0) * 2
        if self.cell_length + line_pad <= width:
            return 1
        if rules.get("text_wrap", "wrap") == "nowrap":
            return super().get_height(rules, width)
        return len(divide_line(self.plain, width - line_pad, fold=rules.get("text_overflow", "fold") == "fold")) + 1


def said_lines(said: Said) -> list[Content]:
    """One message as lines: its time, severity and title, then each line of its text."""
    severity = said.severity if said.severity in SEVERITY_WORDS else "information"
    word = SEVERITY_WORDS[severity]
    head = [time.strftime("%H:%M:%S", time.localtime(said.at)), "  ", (word, SEVERITY_STYLES[severity])]
    if said.title:  # in a column: the titles line up
        head += [" " * (len("warning") - len(word) + 2), (for_display(said.title), "bold")]
    header = Content.assemble(*head)
    return [LogLine(header.plain, header.spans),
            *(LogLine(line) for line in for_display(said.text, multiline=True).split("\n"))]


class MessageLogScreen(Dialog[None]):
    """`said`: the messages, newest first; `total`: how many were said this session (the log
    keeps the last few hundred)."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="messages.close", tooltip="Close the message log"),
    ]

    def __init__(self, said: list[Said], total: int) -> None:
        super().__init__()
        self.said = said
        self.total = total

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for said in self.said:
            if options:
                options.append(None)  # a rule between messages
            options += [Option(line) for line in said_lines(said)]
        if not options:
            options.append(Option("Nothing has been said yet.", disabled=True))
        kept = len(self.said)
        counts = (f"the last {kept:,} of {counted(self.total, 'message')}" if self.total > kept
                  else counted(kept, "message"))
        title = f"Messages this session ({counts}), newest first" if kept else "Messages this session"
        with Vertical(id="messages", classes=BOX):
            yield Static(Content(title), id="messages-title", classes=TITLE)
            yield MarkedOptionList(*options, id="messages-list", markup=False)
            yield Static(Content("up/down, page up/down: scroll   esc: close"), id="messages-keys",
                         classes=FOOT)

    def action_close(self) -> None:
        self.dismiss(None)
