"""Workarounds for the terminal layer of Textual 8.2.8 (pinned: re-check these on every bump).

Textual decodes keyboard input as strict UTF-8, so one invalid byte (a
Latin-1 terminal, line noise on a slow SSH link) raises in its input thread
and ends the app (Textual issue 6456). Decoding with `errors="replace"`
turns such a byte into U+FFFD instead, which the app then shows as a
character the user can delete.

A terminal sends Alt+j as ESC then j, the same bytes as esc pressed and then
j. Textual reads ESC and a character that come within 100 ms of each other as
Alt and the character: `esc j`, typed quickly or arriving together over a slow
SSH link, typed a j into the box esc was meant to close; `esc 3` typed £
(WezTerm's Option+3), and `esc space` or `esc ,` lost the esc altogether.
Stratbook binds no Alt+character key, so, as vim does, ESC and a character
are esc and then that character, unless the user's keymap binds that Alt key.

Inside a bracketed paste Textual reads an escape sequence as it reads keys: one it does not know
(an OSC title `ESC ] 0 ; x BEL` copied from a terminal, ESC and a letter) is sent on as key
presses, up to the next ESC, so a BEL in it was ctrl+g (the wizard's step menu opened, and the rest
of the paste went to it). Everything between the paste's markers is the paste here, and only its
text goes on (`tui.model.text.pasted_text`: escape sequences and control characters dropped),
so that no widget, ours or Textual's, is given an escape sequence to draw. Without bracketed paste
the terminal sends a paste as keys, and nothing can tell a BEL in it from ctrl+g.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Iterable, Iterator

from textual import events
from textual._ansi_sequences import ANSI_SEQUENCES_KEYS
from textual._xterm_parser import XTermParser
from textual.keys import _character_to_key

from tui.model.text import pasted_text

ESC = "\x1b"

alt_keys_in_use: frozenset[str] = frozenset()
"""Alt+character keys the user's keymap binds (`use_alt_keys`): those stay Alt."""


def use_alt_keys(keys: Iterable[str]) -> None:
    """The keys bound now, from which the Alt+character ones are kept as Alt."""
    global alt_keys_in_use
    alt_keys_in_use = frozenset(key for key in keys if key.startswith("alt+"))


def _alt_name(character: str) -> str:
    """The key Textual names ESC and `character`: `alt+j`, `alt+shift+j`, `alt+comma`."""
    name = character if character.isalnum() else _character_to_key(character)
    if len(name) == 1 and name.isupper():
        name = f"shift+{name.lower()}"
    return f"alt+{name}"


PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"


def _held_back(data: str, marker: str) -> int:
    """How many characters at the end of `data` may be the start of `marker`, cut by a read."""
    for size in range(min(len(data), len(marker) - 1), 0, -1):
        if marker.startswith(data[-size:]):
            return size
    return 0


class EscapeFirstParser(XTermParser):
    """Textual's parser, but ESC and a character are esc, then the character, and a bracketed
    paste is its text whatever it holds (module docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pasted: list[str] | None = None
        """The text of the bracketed paste being read; None outside one."""
        self._held = ""
        """In a paste: its last characters, which may begin the end marker (cut by a read)."""
        self._fed = ""
        """Outside a paste: the last characters given to Textual's parser, which may begin a start marker."""

    def feed(self, data: str) -> Iterable[events.Event]:
        """Textual's parser reads the keys, and sees the paste's markers (so that its state follows),
        but never the pasted text, which goes out as one Paste."""
        if not data:
            yield from super().feed(data)
            return
        while data:
            if self._pasted is None:
                seen = self._fed + data
                start = seen.find(PASTE_START)
                if start < 0:
                    self._fed = seen[-(len(PASTE_START) - 1):]
                    yield from super().feed(data)
                    return
                through = start + len(PASTE_START) - len(self._fed)  # the marker may have begun in the last read
                yield from super().feed(data[:through])
                data, self._pasted, self._held, self._fed = data[through:], [], "", ""
                continue
            data, self._held = self._held + data, ""
            end = data.find(PASTE_END)
            if end < 0:
                kept = _held_back(data, PASTE_END)
                self._pasted.append(data[:len(data) - kept])
                self._held = data[len(data) - kept:]
                return
            self._pasted.append(data[:end])
            text, self._pasted = "".join(self._pasted), None
            # Textual's parser leaves its paste (with nothing in it, it gives an empty Paste: not sent)
            for event in super().feed(PASTE_END):
                if not (isinstance(event, events.Paste) and not event.text):
                    yield event
            # Its text only, for every widget: Textual's own Input (the command palette's) draws what
            # it holds as it is, so an OSC pasted there retitled the terminal.
            yield events.Paste(pasted_text(text))
            data = data[end + len(PASTE_END):]

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterator[events.Key]:
        if alt and len(sequence) == 1 and sequence.isprintable() and _alt_name(sequence) not in alt_keys_in_use:
            yield events.Key("escape", ESC)
            yield from super()._sequence_to_key_events(sequence)
            return
        # ESC f and ESC b, iTerm's Option+arrows, stay ctrl+right and ctrl+left (Textual maps them
        # to keys, not characters): else Option+left in a form would be esc, and close it.
        if (len(sequence) == 2 and sequence[0] == ESC and sequence[1].isprintable()
                and isinstance(ANSI_SEQUENCES_KEYS.get(sequence), str)
                and _alt_name(sequence[1]) not in alt_keys_in_use):
            # Option+digit on WezTerm (`\x1b3` is £): esc and the digit, more often meant here
            yield events.Key("escape", ESC)
            yield from super()._sequence_to_key_events(sequence[1])
            return
        yield from super()._sequence_to_key_events(sequence, alt)


def _lenient_incremental_decoder(encoding: str):
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def fix_terminal_input() -> None:
    """Make Textual's Linux drivers decode keyboard bytes leniently, and read ESC and a
    character as esc and then the character."""
    from textual.drivers import linux_driver, linux_inline_driver, web_driver

    for module in (linux_driver, linux_inline_driver):
        if getattr(module, "getincrementaldecoder", None) is codecs.getincrementaldecoder:
            module.getincrementaldecoder = _lenient_incremental_decoder
    for module in (linux_driver, linux_inline_driver, web_driver):  # web: `stratbook serve`
        if getattr(module, "XTermParser", None) is XTermParser:
            module.XTermParser = EscapeFirstParser
