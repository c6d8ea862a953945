"""Progress as a bar of eighth blocks and a percentage, for table cells and detail lines."""

from __future__ import annotations

from textual.content import Content

from tui.glyphs import glyphs



def bar_text(fraction: float, width: int) -> str:
    """`fraction` (clamped to 0..1) as `width` cells of blocks, in eighths."""
    fraction = min(1.0, max(0.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = glyphs.bar_done * full
    if part and full < width and glyphs.bar_eighths[part] != " ":  # ASCII has no eighths
        text += glyphs.bar_eighths[part]
    return text + glyphs.bar_todo * (width - len(text))


def progress_style(fraction: float) -> str:
    if fraction >= 1.0:
        return "$success"
    if fraction >= 0.4:
        return "$accent"
    return "$warning"


def progress_bar(fraction: float, width: int = 6, label: bool = True) -> Content:
    """A bar `width` cells wide, then the percentage (` 45%`, 5 cells) unless `label` is False."""
    fraction = min(1.0, max(0.0, fraction))
    parts = [(bar_text(fraction, width), progress_style(fraction))]
    if label:
        parts.append(f" {round(fraction * 100):>3}%")
    return Content.assemble(*parts)
