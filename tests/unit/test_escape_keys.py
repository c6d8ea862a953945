"""ESC and a character from the terminal are esc and then that character (tui/terminal.py).

Textual reads ESC and a character that arrive within 100 ms as Alt+character, or maps some to
other characters, or drops the ESC: `esc j` typed quickly, or arriving in one packet over a slow
SSH link, typed a j into the box the esc was meant to close."""

from __future__ import annotations

import string

import pytest
from textual._xterm_parser import XTermParser

from tui import terminal
from tui.terminal import EscapeFirstParser, fix_terminal_input, use_alt_keys


def keys(parser_class, data: str) -> list[tuple[str, str | None]]:
    parser = parser_class()
    events = [*parser.feed(data), *parser.feed("")]  # "" ends the input: nothing held back
    return [(event.key, event.character) for event in events if hasattr(event, "key")]


CHARACTERS = [c for c in string.printable if c.isprintable() and c not in "fbO["] + ["é", "£", "ж", "€"]
"""Every character but f and b (ESC f and ESC b are iTerm's Option+arrows, word jumps) and O and
[ (ESC O and ESC [ begin the sequences of arrows and function keys)."""


@pytest.fixture(autouse=True)
def no_alt_keys_bound():
    use_alt_keys([])
    yield
    use_alt_keys([])


@pytest.mark.parametrize("character", CHARACTERS)
def test_esc_and_a_character_are_esc_then_that_character(character: str) -> None:
    alone = keys(XTermParser, character)
    assert keys(EscapeFirstParser, "\x1b" + character) == [("escape", "\x1b"), *alone]
    assert keys(EscapeFirstParser, "ab\x1b" + character + "k") == [("a", "a"), ("b", "b"), ("escape", "\x1b"), *alone, ("k", "k")]


@pytest.mark.parametrize("sequence", [
    "\x1b", "\x1b\x1b", "\x1b[A", "\x1bOA", "\x1b[1;3D", "\x1b[1;5C", "\x1b[3~", "\x1bOP", "\x1b[15~",
    "\x1bf", "\x1bb", "\x1b[200~pasted \x1bj text\x1b[201~", "j", "\x1b[Z",
])
def test_other_sequences_read_as_textual_reads_them(sequence: str) -> None:
    def everything(parser_class):
        parser = parser_class()
        return [repr(event) for event in (*parser.feed(sequence), *parser.feed(""))]

    assert everything(EscapeFirstParser) == everything(XTermParser)


def test_an_alt_key_the_keymap_binds_stays_alt() -> None:
    use_alt_keys(["alt+j", "ctrl+k", "alt+left"])
    assert keys(EscapeFirstParser, "\x1bj") == [("alt+j", "j")]
    assert keys(EscapeFirstParser, "\x1bk") == [("escape", "\x1b"), ("k", "k")]


def test_the_terminal_drivers_read_keys_with_it(monkeypatch) -> None:
    from textual.drivers import linux_driver, linux_inline_driver, web_driver

    for module in (linux_driver, linux_inline_driver, web_driver):
        monkeypatch.setattr(module, "XTermParser", XTermParser)
    fix_terminal_input()
    assert linux_driver.XTermParser is linux_inline_driver.XTermParser is web_driver.XTermParser is EscapeFirstParser
    assert terminal.alt_keys_in_use == frozenset()
