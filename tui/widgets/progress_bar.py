"""Progress as a bar of eighth blocks and a percentage, for table cells and detail lines."""

from __future__ import annotations

from textual.content import Content

_EIGHTHS = " \u258f\u258e\u258d\u258c\u258b\u258a\u2589"  # '', ▏ ▎ ▍ ▌ ▋ ▊ ▉
_FULL = "\u2588"  # █
_EMPTY = "\u2591"  # ░


def bar_text(fraction: float, width: int) -> str:
    """`fraction` (clamped to 0..1) as `width` cells of blocks, in eighths."""
    fraction = min(1.0, max(0.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = _FULL * full
    if part and full < width:
        text += _EIGHTHS[part]
    return text + _EMPTY * (width - len(text))


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
