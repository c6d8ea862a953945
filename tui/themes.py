"""The app's own themes: high contrast, and monochrome (no colour at all).

Monochrome is what NO_COLOR asks for: every colour is taken out of the picture (the terminal's
own foreground and background stay), so whatever colour said is said by text style instead:
bold, underline and reverse (the `:nocolor` rules of the stylesheets, which Textual also
applies under NO_COLOR with any other theme), and by the marks and words the app writes
anyway (focus marks, status words).
"""

from __future__ import annotations

from textual.filter import LineFilter, NoColor
from textual.theme import BUILTIN_THEMES, Theme

from tui.store.config import HIGH_CONTRAST, MONOCHROME

MONOCHROME_THEME = Theme(
    name=MONOCHROME,
    # Black and white only, so that even before the filter takes colour out nothing is a shade.
    primary="#ffffff", secondary="#ffffff", accent="#ffffff", warning="#ffffff", error="#ffffff",
    success="#ffffff", foreground="#ffffff", background="#000000", surface="#000000", panel="#000000",
    boost="#000000", dark=True, luminosity_spread=0.0, text_alpha=1.0,
    variables={"text-muted": "#ffffff", "border": "#ffffff", "border-blurred": "#ffffff",
               "block-cursor-foreground": "#000000", "block-cursor-background": "#ffffff",
               "block-cursor-text-style": "bold underline", "block-cursor-blurred-text-style": "underline",
               "input-cursor-text-style": "reverse",
               "input-selection-background": "#ffffff", "footer-key-foreground": "#ffffff",
               "scrollbar": "#ffffff", "scrollbar-hover": "#ffffff", "scrollbar-active": "#ffffff"},
)

HIGH_CONTRAST_THEME = Theme(
    name=HIGH_CONTRAST,
    primary="#ffff00", secondary="#00ffff", accent="#ffff00", warning="#ffaf00", error="#ff5f5f",
    success="#00ff00", foreground="#ffffff", background="#000000", surface="#000000", panel="#262626",
    boost="#1c1c1c", dark=True, text_alpha=1.0,
    variables={"text-muted": "#d0d0d0", "border": "#ffff00", "border-blurred": "#ffffff",
               "block-cursor-foreground": "#000000", "block-cursor-background": "#ffff00",
               "block-cursor-text-style": "bold", "footer-key-foreground": "#ffff00",
               "input-selection-background": "#005fff"},
)

OWN_THEMES = (MONOCHROME_THEME, HIGH_CONTRAST_THEME)

NO_COLOR_FILTER: LineFilter = NoColor()
"""Takes every colour out of what is drawn while the monochrome theme is on."""


def theme_names() -> list[str]:
    """Every theme the config may name: Textual's own and ours."""
    return sorted([*BUILTIN_THEMES, *(theme.name for theme in OWN_THEMES)])
