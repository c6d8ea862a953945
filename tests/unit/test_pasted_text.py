"""A pasted list becomes items, and a pasted paragraph one line: pure text rules, no UI."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tui.model.text import joined_lines, pasted_items

#: Item text as people write it: words, digits, punctuation, spaces; not itself starting
#: like a bullet or a number ("- ", "1. ", "a) "), which would rightly be taken off.
LINE_BREAKS = "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
words = (st.text(st.characters(categories=("L", "N", "P", "Zs"), exclude_characters=LINE_BREAKS),
                 min_size=1, max_size=30)
         .map(str.strip)
         .filter(lambda s: s and s[0] not in "-*(\u2022\u2023\u25e6\u2043\u2219"
                 and not s[:4].rstrip(".)").isdigit()
                 and not (len(s) > 1 and s[1] in ".)" and s[0].isalpha())))
bullets = st.sampled_from(["", "- ", "* ", "\u2022 ", "1. ", "12) ", "  - "])


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(bullets, words), min_size=1, max_size=8), st.booleans())
def test_a_pasted_list_gives_back_its_items_in_order(rows, blank_lines) -> None:
    text = ("\n\n" if blank_lines else "\n").join(bullet + item for bullet, item in rows) + "\n"
    assert pasted_items(text) == [item for _, item in rows]


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(words, min_size=1, max_size=8))
def test_joined_lines_keep_every_word_on_one_line(lines) -> None:
    line, count = joined_lines("\r\n".join(lines))
    assert "\n" not in line and "\r" not in line
    assert count == len(lines)
    assert line.split() == " ".join(lines).split()
