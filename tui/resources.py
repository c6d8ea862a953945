"""Where the stylesheets are, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def styles_dir() -> Path:
    """`tui/styles` inside a wheel (force-included there), else the top-level `styles/` of a checkout."""
    installed = _PACKAGE / "styles"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "styles"


def stylesheets() -> list[Path]:
    """Every .tcss file, base first, then the sections in name order."""
    folder = styles_dir()
    sheets = sorted(folder.glob("*.tcss"))
    base = folder / "base.tcss"
    return [base] + [sheet for sheet in sheets if sheet != base] if base in sheets else sheets
