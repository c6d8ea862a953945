"""The one sanitiser, `for_display`: every control, bidi override and lone surrogate is shown
as a symbol, in one line or several, and text without them comes back as it is."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tui.model import text as display

# Every character either table translates, and their neighbours, among ordinary text.
SPECIAL = sorted({*display._SINGLE_LINE, *display._MULTILINE})
NEAR = sorted({code + step for code in SPECIAL for step in (-1, 1)} - set(SPECIAL))
CHARACTERS = st.one_of(st.sampled_from([chr(code) for code in SPECIAL + NEAR if 0 <= code <= 0x10FFFF]),
                       st.characters(), st.sampled_from("ab [x]\u00e9\u4e2d"))


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(CHARACTERS, max_size=40).map("".join), st.booleans())
def test_for_display_is_the_translation_of_every_character(text, multiline):
    table = display._MULTILINE if multiline else display._SINGLE_LINE
    assert display.for_display(text, multiline) == "".join(table.get(ord(c), c) for c in text)


def test_each_special_character_alone_is_translated():
    for code in SPECIAL:
        for multiline, table in ((False, display._SINGLE_LINE), (True, display._MULTILINE)):
            assert display.for_display(f"a{chr(code)}b", multiline) == f"a{table.get(code, chr(code))}b"


def test_every_character_translated_is_unprintable():
    """`for_display` gives printable text back untouched without searching it: a printable
    character added to a table would never be translated."""
    assert [hex(code) for code in SPECIAL if chr(code).isprintable()] == []
