"""ESC and a character from the terminal are esc and then that character (tui/terminal.py).

Textual reads ESC and a character that arrive within 100 ms as Alt+character, or maps some to
other characters, or drops the ESC: `esc j` typed quickly, or arriving in one packet over a slow
SSH link, typed a j into the box the esc was meant to close."""

from __future__ import annotations

import string

import pytest
from textual._xterm_parser import XTermParser

from tui import terminal
from tui.model.text import pasted_text
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
    "\x1bf", "\x1bb", "\x1b[200~pasted text\x1b[201~", "j", "\x1b[Z",
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


PASTED = [
    "plain text", "abc\x1b]0;x\x07def", "a BEL \x07 alone", "\x1b", "ends with ESC \x1b", "a\x1bjb",
    "colour \x1b[31mred\x1b[0m\nnext line", "\x1b[20", "x\x1b[200~y", "ctrl keys \x03\x07\x13\x11\x1a",
    "\x1b" + "z" * 40, "\x1b[" + "1;" * 20 + "m after",
]
"""What a paste can hold: an OSC title sequence ending in BEL (ctrl+g), colour codes, a lone ESC,
ESC and a letter, the start of a paste marker, control characters of the app's keys."""


def _tokens(chunks: list[str]) -> list[tuple[str, str | None]]:
    parser = EscapeFirstParser()
    found = [event for chunk in chunks if chunk for event in parser.feed(chunk)]
    found += parser.feed("")
    return [("paste", event.text) if hasattr(event, "text") else (event.key, event.character) for event in found
            if hasattr(event, "text") or hasattr(event, "key")]


@pytest.mark.parametrize("text", PASTED)
def test_a_bracketed_paste_is_one_paste_whatever_it_holds_and_never_keys(text: str) -> None:
    """Textual read an escape sequence inside a bracketed paste as it reads keys: one it did not know
    (an OSC title, ESC and a letter) was sent on as key presses, up to the next ESC, so a BEL after
    it was ctrl+g (the wizard's step menu) and the rest of the paste went to the menu. Every
    character between the paste's markers is now the paste, however the input was cut into
    reads, and only its text goes on: an escape sequence given to Textual's own Input (the command
    palette's) was drawn as it is, and an OSC retitled the terminal."""
    data = "k\x1b[200~" + text + "\x1b[201~m"
    expected = [("k", "k"), ("paste", pasted_text(text)), ("m", "m")]
    assert _tokens([data]) == expected
    for cut in range(1, len(data)):
        assert _tokens([data[:cut], data[cut:]]) == expected, cut
    assert _tokens(list(data)) == expected  # one character a read


def test_keys_before_and_after_a_paste_read_as_before() -> None:
    data = "\x1b[Aj\x1b[200~pasted\x1b[201~\x1b[Bk\x1b"
    expected = [("up", None), ("j", "j"), ("paste", "pasted"), ("down", None), ("k", "k"), ("escape", "\x1b")]
    assert _tokens([data]) == expected
    for cut in range(1, len(data)):
        assert _tokens([data[:cut], data[cut:]]) == expected, cut


def test_a_paste_gives_no_widget_an_escape_sequence() -> None:
    (paste,) = _tokens(["\x1b[200~ab\x1b]2;PWNED\x07cd \x9b2J\x1b[31mred\x1b[0m\tx\r\ny\x1b[201~"])
    assert paste == ("paste", "abcd red\tx\ny")
