"""Each stylesheet parsed once per process and theme, not once per pass over the stylesheets.

Textual 8.2.8's `Stylesheet.reparse` parses every source again (each widget's DEFAULT_CSS, every
.tcss file) in a new `Stylesheet` with an empty cache, and it runs whenever a screen brings its own
sheet and on every `App.refresh_css`: a section's first visit parsed all the CSS of the app two or
three times over, some 20 ms each. Parsing is a pure function of the source and the theme's
variables, so the rules are kept by those, for the life of the process (a few hundred rule sets per
theme used). A changed source is a new key; a source that fails to parse is never kept, so it
fails again as it should.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet

_parse_rules = Stylesheet._parse_rules  # Textual's own, called on a miss
_parsed: dict[tuple, list] = {}
_variables_key: list = [None, ()]
"""The last variables dict seen, and its key: a reparse hands the same dict to every source."""


def _shared_parse_rules(self: Stylesheet, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
    shared.calls += 1
    variables = self._variables
    if _variables_key[0] is not variables:
        _variables_key[:] = [variables, tuple(sorted(variables.items()))]
    key = (css, read_from, is_default_rules, tie_breaker, scope, _variables_key[1])
    rules = _parsed.get(key)
    if rules is None:
        rules = _parsed[key] = _parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
    return rules


def shared() -> None:
    """Put the shared parse in place of Textual 8.2.8's `Stylesheet._parse_rules` (once)."""
    Stylesheet._parse_rules = _shared_parse_rules  # type: ignore[method-assign]


shared.calls = 0  # type: ignore[attr-defined]
"""How often the shared parse was asked: a test sees that Textual still parses through it."""
