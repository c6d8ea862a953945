"""Text laid out as "label: value" lines and indented lists, wrapped with a hanging indent.

Textual wraps a long line back to column 0, so in `  Ansoff option: a long text` or
`   ◐ behind  29% done ...` the continuation started under the indent, the bullet or the label,
and the lists and labels dissolved into one block. `Hanging` wraps each line as Textual does,
but its continuation lines start under the text they continue: after the line's indent, its
bullet (`- `, `• `, `1. `) or the label of an indented line (`  Owner: `). Where that would leave too little room
(a narrow terminal, a long label), they start under the indent alone, then at column 0."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich._wrap import divide_line
from rich.cells import cell_len
from textual.content import Content
from textual.visual import RenderOptions, Visual

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style

LABEL_MAX = 24
"""A "label: " longer than this many cells is prose, not a label: no hang under its value."""
ROOM = 12
"""Continuation lines keep at least this many cells of text (else the hang is given up)."""

_BULLET = re.compile(r"(?:[-*•·▸›>]|\d{1,3}[.)]) (?=\S)")
_LABEL = re.compile(r"[^\s:][^:]*?: (?=\S)")


def hang_of(line: str) -> int:
    """Where a continuation of `line` starts: under its text after the indent, the bullet, or the
    label of an indented line (a top-level "Yes: we ..." is prose, not a label)."""
    text = line.lstrip(" ")
    indent = len(line) - len(text)
    found = _BULLET.match(text)
    if found is None and indent:
        found = _LABEL.match(text)
        if found is not None and cell_len(found.group()) > LABEL_MAX:
            found = None
    return indent + (cell_len(found.group()) if found else 0)


def hanging_lines(line: Content, width: int, hang: int | None = None) -> list[Content]:
    """One line of text (no newline) wrapped to `width`, its continuations indented by `hang`
    (by default `hang_of` the line)."""
    if width <= 0 or line.cell_length <= width:
        return [line]
    plain = line.plain
    if hang is None:
        hang = hang_of(plain)
    if width - hang < ROOM:  # too narrow for the hang: the indent alone, or nothing
        indent = len(plain) - len(plain.lstrip(" "))
        hang = indent if width - indent >= ROOM else 0
    cuts = divide_line(plain, width, fold=True)
    if not cuts:
        return [line]
    first, rest = line[:cuts[0]].rstrip(), line[cuts[0]:]
    skipped = len(rest.plain) - len(rest.plain.lstrip(" "))
    rest = rest[skipped:]
    lines = [first]
    if rest.plain:
        lines += [piece.pad_left(hang) if hang else piece for piece in rest.wrap(width - hang)]
    return lines


class Hanging(Visual):
    """`content` drawn wrapped with hanging indents (see the module); `hang` fixes the indent of
    every continuation line (a table-like list: under its second column)."""

    def __init__(self, content: Content, hang: int | None = None) -> None:
        self.content = content
        self.hang = hang
        self._wrapped: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return self.content.plain

    def wrapped(self, width: int) -> Content:
        """The text with its lines broken for `width`."""
        if self._wrapped is not None and self._wrapped[0] == width:
            return self._wrapped[1]
        lines: list[Content] = []
        for line in self.content.split("\n", allow_blank=True):
            lines += hanging_lines(line, width, self.hang)
        wrapped = Content("\n").join(lines)
        self._wrapped = (width, wrapped)
        return wrapped

    def _for(self, rules: RulesMap, width: int) -> Content:
        if rules.get("text_wrap", "wrap") == "nowrap":
            return self.content  # cut, not wrapped: Textual's own drawing (with its ellipsis)
        return self.wrapped(width - rules.get("line_pad", 0) * 2)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        return self._for(options.rules, width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self._for(rules, width).get_height(rules, width)
