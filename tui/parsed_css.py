"""Each stylesheet parsed once per process and theme, not once per pass over the stylesheets; and
the rules that apply to a node worked out once per place in the tree, not once per node.

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
_apply = Stylesheet.apply
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


# -- applying ----------------------------------------------------------------------------------
# Textual 8.2.8's `Stylesheet.apply` checks every rule that names the node's type, id or classes
# against the node and its ancestors, for every node mounted and every restyle: a quarter of the
# processor time of opening a section, for the same few dozen places in the tree each time. What
# it finds depends only on the rules and on the path from the App to the node: each node's type,
# id and classes and its state in the pseudo-classes those rules name (its own `cache` argument,
# for one mount, keys on the parent node instead). Kept by those, for the life of the process:
# the rules are the shared parse's (the same objects in every app with the same sheets and
# theme). Rules that depend on a node's siblings or descendants (`:first-child`, `:odd`,
# `:focus-within`, `:empty`...) are never kept, as Textual never keeps them.

_applied: dict[tuple, dict] = {}
_pseudo_classes: dict[tuple, tuple[str, ...] | None] = {}
"""The pseudo-classes named by the rules that may apply to a node with these selector names
(None: some depend on other nodes, so nothing is kept)."""
_signatures: dict[tuple, int] = {}


def _rules_signature(stylesheet: Stylesheet) -> int:
    """A small number for the stylesheet's rules (the same rule objects give the same number)."""
    rules = stylesheet.rules
    kept = stylesheet.__dict__.get("_stratbook_signature")
    if kept is None or kept[0] is not rules:
        ids = tuple(map(id, rules))
        kept = stylesheet._stratbook_signature = (rules, _signatures.setdefault(ids, len(_signatures)))
    return kept[1]


def _shared_apply(self: Stylesheet, node, *, animate: bool = False, cache=None) -> None:
    shared.applies += 1
    rules_map = self.rules_map  # (parses first, if the sources changed)
    signature = _rules_signature(self)
    names = frozenset(node._selector_names)
    named = _pseudo_classes.get((signature, names), ())
    if named == ():
        candidates = {rule for name in rules_map.keys() & names for rule in rules_map[name]}
        every = set().union(*(rule.pseudo_classes for rule in candidates))
        named = None if not every.isdisjoint(Stylesheet._EXCLUDE_PSEUDO_CLASSES_FROM_CACHE) else tuple(sorted(every))
        _pseudo_classes[(signature, names)] = named
    if named is None:
        _apply(self, node, animate=animate, cache=cache)
        return
    key = (signature, tuple(
        (type(place), place._id, frozenset(place._classes), tuple(place.has_pseudo_class(name) for name in named))
        for place in node.css_path_nodes
    ))
    rules = _applied.get(key)
    if rules is None:
        found: dict = {}
        _apply(self, node, animate=animate, cache=found)  # Textual's cache catches what it found
        if len(found) == 1:
            _applied[key] = next(iter(found.values()))
        return
    shared.hits += 1
    # As Textual's apply does before it looks in its cache, then on a hit.
    node._has_hover_style = "hover" in named
    node._has_focus_within = False
    node._has_order_style = False
    node._has_odd_or_even = False
    self.replace_rules(node, rules, animate=animate)
    self._process_component_classes(node)


def shared() -> None:
    """Put the shared parse and apply in place of Textual 8.2.8's `Stylesheet._parse_rules` and
    `Stylesheet.apply` (once)."""
    Stylesheet._parse_rules = _shared_parse_rules  # type: ignore[method-assign]
    Stylesheet.apply = _shared_apply  # type: ignore[method-assign]


shared.calls = 0  # type: ignore[attr-defined]
"""How often the shared parse was asked: a test sees that Textual still parses through it."""
shared.applies = shared.hits = 0  # type: ignore[attr-defined]
"""How often the shared apply was asked, and found the rules kept."""
