"""Every symbol the app draws, each with its ASCII equivalent: one table for every screen.

The Linux console's fonts (TERM=linux) lack most symbols, and some people want plain ASCII
anyway (`ascii = true` in the config). Screens, widgets and the model's pictures (roadmap
rows, sparklines, pace marks) never write a symbol literally: they read it here, at the
time they draw, as `glyphs.focus`, `glyphs.bar_done`, ... `use_ascii` switches the whole
table at once (the app does it at start, from the config; Textual's own glyphs, such as
borders and scrollbars, are switched by tui/ascii.py). A new symbol is a new field of
`Glyphs` with its ASCII equivalent; tests/unit/test_glyphs.py checks that every ASCII one is
ASCII, and as wide as its symbol where layouts count cells. No Textual here.

The workbook's own text is never translated: it is shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace


@dataclass(slots=True)
class Glyphs:
    """The symbols in use. Each is one cell wide unless its name ends in `_text` (running text)."""

    # focus and cursor
    focus: str = "\u25b6"  # ▶ the focused field, the cursor row of the focused list
    heading: str = "\u25b8"  # ▸ before a group's heading (tactics under a goal)
    prompt: str = "\u203a"  # › after a prompt: "Add to Strengths ›"
    step_back: str = "\u2039"  # ‹ a choice's or rating's previous
    step_on: str = "\u203a"  # › its next
    # bars, meters, ratings
    bar_done: str = "\u2588"  # █
    bar_todo: str = "\u2591"  # ░
    bar_eighths: str = " \u258f\u258e\u258d\u258c\u258b\u258a\u2589"  # a cell 0/8 .. 7/8 full (8 cells)
    meter_on: str = "\u25b0"  # ▰ PESTLE coverage
    meter_off: str = "\u25b1"  # ▱
    dot_on: str = "\u25cf"  # ● a rating's or weight's point
    dot_off: str = "\u25cb"  # ○
    spark: str = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"  # ▁..█ lowest to highest (8 cells)
    # marks with meaning (each also said in words next to it)
    done: str = "\u2713"  # ✓ done, achieved, reviewed, chosen
    not_done: str = "\u25cb"  # ○
    doing: str = "\u25d0"  # ◐ under way; behind
    full: str = "\u25cf"  # ● done (a tactic), on track; chosen
    blocked: str = "\u2716"  # ✖
    warning: str = "\u26a0"  # ⚠
    at_risk: str = "\u25b2"  # ▲
    stale: str = "\u23f2"  # ⏲ a check-in is due
    up: str = "\u25b2"  # ▲ an opportunity
    down: str = "\u25bc"  # ▼ a threat; today's head on the roadmap
    nothing: str = "\u00b7"  # · an empty count, a neutral effect
    unsaved: str = "\u25cf"  # ● unsaved changes
    step_here: str = "\u25c9"  # ◉ the wizard's current step
    write_own: str = "\u270e"  # ✎
    times: str = "\u00d7"  # × impact x likelihood
    dash: str = "\u2014"  # — no value
    # roadmap cells
    milestone: str = "\u25c6"  # ◆
    milestone_done: str = "\u25c7"  # ◇
    tactic: str = "\u2022"  # •
    tactic_done: str = "\u2218"  # ∘
    today: str = "\u2502"  # │
    clip_before: str = "\u00ab"  # « runs out of view
    clip_after: str = "\u00bb"  # »
    # lines of a drawing (the PESTLE grid's axes)
    line_v: str = "\u2502"  # │
    line_h: str = "\u2500"  # ─
    corner: str = "\u2514"  # └
    # running text: may be wider in ASCII
    sep_text: str = " \u00b7 "  # " · " between parts of a line
    arrow_text: str = "\u2192"  # → from, to
    ellipsis_text: str = "\u2026"  # … cut short


UNICODE = Glyphs()
ASCII = Glyphs(
    focus=">", heading=">", prompt=">", step_back="<", step_on=">",
    bar_done="#", bar_todo="-", bar_eighths="        ", meter_on="#", meter_off="-", dot_on="*", dot_off=".",
    spark="_.,-=+*#",
    done="+", not_done="o", doing="~", full="*", blocked="x", warning="!", at_risk="!", stale="@",
    up="^", down="v", nothing=".", unsaved="*", step_here="@", write_own="+", times="x", dash="-",
    milestone="*", milestone_done="+", tactic="o", tactic_done="x", today="|", clip_before="<", clip_after=">",
    line_v="|", line_h="-", corner="+",
    sep_text=" | ", arrow_text="->", ellipsis_text="...",
)

glyphs = replace(UNICODE)
"""The symbols in use (Unicode unless `use_ascii(True)`): read them at the time you draw."""


def use_ascii(on: bool) -> None:
    """Draw with ASCII only (or with the symbols again)."""
    _copy(ASCII if on else UNICODE)


def ascii_in_use() -> bool:
    return glyphs.focus == ASCII.focus


@contextmanager
def symbols() -> Iterator[None]:
    """The Unicode symbols while inside, whatever is in use: for what leaves this terminal
    (exports, mail), which should not depend on the sender's console."""
    before = replace(glyphs)
    _copy(UNICODE)
    try:
        yield
    finally:
        _copy(before)


class GlyphNames(dict):
    """For `str.format_map`: `{milestone}` is the milestone's glyph in use."""

    def __missing__(self, name: str) -> str:
        return getattr(glyphs, name)


def _copy(source: Glyphs) -> None:
    for field in fields(Glyphs):
        setattr(glyphs, field.name, getattr(source, field.name))
