"""The focus mark: focus and the cursor row shown by a character, not by colour alone.

On 16-colour terminals (xterm, screen, the Linux console) the app's shades collapse
to black, and NO_COLOR leaves greys one step apart; a plain-text capture keeps no
colour at all. The focused field, and the cursor row of a focused list or table,
carry this mark; text boxes show focus by the kind of their border (see base.tcss).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip

from tui.glyphs import UNICODE, glyphs


FOCUS_MARK = UNICODE.focus
"""Marks the focused field and the cursor row of the focused list or table (what is drawn is
`glyphs.focus`: ASCII `>` on the Linux console and when the config asks for ASCII)."""


def marked(strip: Strip, mark: str, gutter: bool) -> Strip:
    """`strip` with `mark` in its first cell: added before it (`gutter`) or in place of the
    first cell (a padding space). The mark takes the style of the cell it sits by."""
    segments = list(strip)
    style = segments[0].style if segments else None
    rest = strip if gutter else strip.crop(1, strip.cell_length)
    return Strip.join([Strip([Segment(mark, style)], 1), rest])


MARK = "*"
"""Shown by a marked item (in its own column, after the focus mark): ASCII, and no colour needed."""


def with_mark_column(strip: Strip, mark: str) -> Strip:
    """`strip` (a row of a list that has a focus mark cell first) with a mark column after that
    cell, and a space after it: in ASCII a rating is `*****`, and a mark right by it read as a
    sixth point. The row keeps its width (its last cells give way; where they held text, the row
    ends in an ellipsis, as a row cut short does)."""
    width = strip.cell_length
    if width < 3:
        return strip
    first = strip.crop(0, 1)
    style = next((segment.style for segment in first), None)
    body = strip.crop(1, width - 2)
    if strip.crop(width - 2, width).text.strip():
        sign = glyphs.ellipsis_text[:1]
        kept = body.crop(0, body.cell_length - 1)
        end_style = next((segment.style for segment in reversed(list(kept)) if segment.text.strip()), style)
        body = Strip.join([kept, Strip([Segment(sign, end_style)], 1)])
    return Strip.join([first, Strip([Segment(mark + " ", style)], 2), body])
