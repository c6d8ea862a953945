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


def stylesheets(leave_out: frozenset[str] = frozenset()) -> list[Path]:
    """The .tcss files the app loads at start: base first, then the others in name order,
    leaving out those named in `leave_out` (sections' own sheets, loaded with their screens)."""
    folder = styles_dir()
    sheets = [sheet for sheet in sorted(folder.glob("*.tcss")) if sheet.stem not in leave_out]
    base = folder / "base.tcss"
    return [base] + [sheet for sheet in sheets if sheet != base] if base in sheets else sheets


def section_stylesheet(section: str) -> Path | None:
    """`styles/<section>.tcss`, if the section has one."""
    sheet = styles_dir() / f"{section}.tcss"
    return sheet if sheet.is_file() else None
