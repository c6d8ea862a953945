"""Make untrusted text safe to show in a terminal.

Text from a workbook that came by email may hold escape sequences (ESC, CSI,
OSC) that would retitle the window, write the clipboard or make the terminal
answer back as input, and bidirectional overrides that reorder what is shown.
Textual passes ESC through even with markup off, so everything shown goes
through `for_display` first. The stored value never changes.
"""

from __future__ import annotations

import re
from functools import cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


_BIDI_NAMES = {
    0x061C: "ALM", 0x200E: "LRM", 0x200F: "RLM",
    0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x202D: "LRO", 0x202E: "RLO",
    0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI",
}


_C1 = range(0x80, 0xA0)  # C1 controls, including the 8-bit CSI (0x9b) and NEL (0x85)
_SEPARATORS = (0x2028, 0x2029)  # line and paragraph separators: a line break to some readers
WRITTEN_ESCAPED = "".join(map(chr, (*_C1, *_BIDI_NAMES, *_SEPARATORS, 0xFEFF)))
"""The characters beyond ASCII's controls that Stratbook never writes raw into a file: the writer
escapes them (`\\u202e`), as it does ESC and the other controls. A workbook is read in mail,
`cat`, `less` and `git diff`: 0x9b is an 8-bit CSI to a terminal, bidirectional controls reorder
what is shown (Trojan Source), the separators break a line for some readers and not others, and a
byte-order mark is invisible in every editor. The ones a screen shows as symbols (`for_display`),
and the byte-order mark."""


# A file name that is not valid UTF-8 reaches Python with each bad byte as a lone surrogate
# (U+DC80..U+DCFF): printed, it would go out as the raw byte (0x9b is an 8-bit CSI) or fail
# to encode. Show the byte as `<9B>`, like the C1 controls; any other lone surrogate as U+FFFD.
_SURROGATES = {code: f"<{code - 0xDC00:02X}>" if 0xDC80 <= code <= 0xDCFF else "\ufffd"
               for code in range(0xD800, 0xE000)}


def _table(multiline: bool) -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ .. ␟
    table[0x7F] = "\u2421"  # ␡
    for code in _C1:
        table[code] = f"<{code:02X}>"
    for code, name in _BIDI_NAMES.items():
        table[code] = f"<{name}>"
    for code in _SEPARATORS:  # would break a row
        table[code] = "\u23ce"
    table.update(_SURROGATES)
    table[0x09] = "    " if multiline else " "
    if multiline:
        del table[0x0A]
    else:
        table[0x0A] = "\u23ce"  # ⏎
    table[0x0D] = "\u240d"  # ␍
    return table


def _shown_differently(table: dict[int, str]) -> re.Pattern[str]:
    """A character class of the table's characters, as ranges."""
    codes = sorted(table)
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return re.compile("[" + "".join(re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
                                    for first, last in runs) + "]")


_SINGLE_LINE = _table(multiline=False)
_MULTILINE = _table(multiline=True)


@cache  # compiled when first needed: most text is printable, the message lines of `check` all are
def _found(multiline: bool) -> Callable[[str], re.Match[str] | None]:
    return _shown_differently(_MULTILINE if multiline else _SINGLE_LINE).search


def for_display(text: str, multiline: bool = False) -> str:
    """`text` with every control and bidi-override character shown as a visible symbol."""
    # Every character the tables translate is a control, a format character, a line or paragraph
    # separator or a surrogate, none of them printable: most text holds none, and finding that
    # out is ten times quicker than translating it (a dict lookup per character), and an export
    # or a long list shows thousands of texts. Other text is searched for them.
    if text.isprintable():
        return text
    table = _MULTILINE if multiline else _SINGLE_LINE
    return text.translate(table) if _found(multiline)(text) else text


LINE_LIMIT = 1_000
"""The most characters `one_line` gives: wider than any terminal, and a 5 MB text in a list's
row took the screen 45 s to measure."""


def one_line(text: str, width: int | None = None) -> str:
    """The first line of `text`, made safe, cut to `width` (at most `LINE_LIMIT`) characters
    with an ellipsis."""
    width = LINE_LIMIT if width is None else min(width, LINE_LIMIT)
    shown = for_display(text[: width + 1])  # only what can be shown is translated
    if len(shown) > width:
        from tui.glyphs import glyphs  # here: `stratbook check` prints messages, never a symbol

        ellipsis = glyphs.ellipsis_text if len(glyphs.ellipsis_text) < width else glyphs.ellipsis_text[:1]
        return shown[: max(0, width - len(ellipsis))] + ellipsis
    return shown


@cache  # made when first needed: only the text editor shows text this way
def _same_width_table() -> dict[int, str]:
    table = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
    table[0x7F] = "\u2421"
    for code in [*range(0x80, 0xA0), *_BIDI_NAMES, 0x2028, 0x2029, *_SURROGATES]:
        table[code] = "\ufffd"
    return table


def visible_controls(text: str) -> str:
    """Like `for_display`, but one character for one, so that cursor positions in an
    editor still match the stored text (tabs and line feeds are kept)."""
    return text.translate(_same_width_table())


@cache  # compiled when first needed: only pasting into a list uses it
def _bullet() -> re.Pattern[str]:
    return re.compile(r"^\s*(?:[-*\u2022\u2023\u25e6\u2043\u2219]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)](?=\s))\s+")


def pasted_items(text: str) -> list[str]:
    """A pasted list as items: one per non-blank line, without a leading bullet or number
    ("- ", "* ", "1. ", "2) ", "a) "), surrounding spaces removed."""
    items = []
    for line in text.splitlines():
        item = _bullet().sub("", line, count=1).strip()
        if item:
            items.append(item)
    return items


@cache  # compiled when first needed: only a paste uses it
def _not_pasted_text() -> re.Pattern[str]:
    """What a paste holds that is not text: a terminal's escape sequences (colour codes, a window
    title, a device control string; the 7-bit and 8-bit forms), then any other control character
    but a tab and a line break."""
    return re.compile(
        r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
        r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC, DCS, SOS, PM, APC
        r"|\x1b[ -/]*[0-~]"  # ESC and a character: a character set, save the cursor, ...
        r"|[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")  # any other control but tab and line breaks


def pasted_text(text: str) -> str:
    """What a paste gives a text box: its text and line breaks (each as a line feed), its tabs;
    not a terminal's escape sequences or control characters (copied from a terminal, a paste holds
    colour codes, a title's OSC ending in BEL), which would act as nothing the user meant."""
    if text.isprintable():
        return text
    return re.sub(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85]", "\n", _not_pasted_text().sub("", text))


def joined_lines(text: str) -> tuple[str, int]:
    """`text` made one line: its non-blank lines joined with a space. Returns the line and
    how many non-blank lines there were (more than one means the user should be told)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) <= 1:
        return (lines[0] if lines else ""), len(lines)
    return " ".join(line.strip() for line in lines), len(lines)


def plural(count: int, singular: str, many: str | None = None) -> str:
    """The word for `count` things: `singular` for one, else `many` (by default singular + "s")."""
    return singular if count == 1 else (many or singular + "s")


def counted(count: int, singular: str, many: str | None = None) -> str:
    """`1 strategy`, `2 strategies`, `1,200 items`: a number with the word that fits it."""
    return f"{count:,} {plural(count, singular, many)}"


def rating_dots(value: int, top: int = 5) -> str:
    """A 1..5 rating as ●●●○○, readable at a glance."""
    from tui.glyphs import glyphs

    value = max(0, min(top, value))
    return glyphs.dot_on * value + glyphs.dot_off * (top - value)
