"""Porter's five forces and the Ansoff matrix: names, words for ratings, and the facts every view
shares (the section, the Overview, the exports). No Textual here."""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.workbook import ANSOFF_QUADRANTS, FORCES, AnsoffOption, Workbook

FORCE_TITLES = {
    "rivalry": "Rivalry",
    "new_entrants": "New entrants",
    "substitutes": "Substitutes",
    "buyer_power": "Buyer power",
    "supplier_power": "Supplier power",
}
"""Each force as a heading."""
FORCE_QUESTIONS = {
    "rivalry": "How hard do existing competitors fight for the same customers?",
    "new_entrants": "How easily can newcomers enter the market?",
    "substitutes": "How easily can customers meet the need another way?",
    "buyer_power": "How much can buyers push prices down or demand more?",
    "supplier_power": "How much can suppliers raise prices or limit supply?",
}
RATING_WORDS = {1: "weak", 2: "mild", 3: "moderate", 4: "strong", 5: "intense"}
"""A force's rating in words: how hard it presses on us."""
PRESSING = 4
"""A force rated this or more presses hard: the Overview lists it."""

ANSOFF_TITLES = {
    "market_penetration": "Market penetration",
    "product_development": "Product development",
    "market_development": "Market development",
    "diversification": "Diversification",
}
ANSOFF_AXES = {
    "market_penetration": "existing products, existing markets",
    "product_development": "new products, existing markets",
    "market_development": "existing products, new markets",
    "diversification": "new products, new markets",
}
"""Where each quadrant sits: products (existing or new) by markets (existing or new)."""
RISK_WORDS = {1: "low", 2: "modest", 3: "medium", 4: "high", 5: "very high"}


def rating_words(rating: int | None) -> str:
    """`4 strong`, or `not rated`."""
    return f"{rating} {RATING_WORDS[rating]}" if rating in RATING_WORDS else "not rated"


def rating_bar(rating: int | None, full: str = "#", empty: str = "-") -> str:
    """Five cells, `rating` of them filled: `###--`; `-----` unrated."""
    filled = rating if rating in RATING_WORDS else 0
    return full * filled + empty * (5 - filled)


@dataclass(frozen=True, slots=True)
class Pressing:
    """A force rated PRESSING or more."""

    name: str
    rating: int
    items: int


def pressing_forces(workbook: Workbook) -> list[Pressing]:
    """The forces rated 4 or 5, strongest first (then in FORCES order)."""
    found = [Pressing(name, force.rating, len(force.items)) for name, force in workbook.forces.forces.items()
             if force.rating is not None and force.rating >= PRESSING]
    return sorted(found, key=lambda p: (-p.rating, FORCES.index(p.name)))


def rated_count(workbook: Workbook) -> int:
    return sum(1 for force in workbook.forces.forces.values() if force.rating is not None)


def options_by_quadrant(options: list[AnsoffOption]) -> dict[str, list[AnsoffOption]]:
    """The options of each quadrant, in file order; every quadrant present."""
    by_quadrant: dict[str, list[AnsoffOption]] = {name: [] for name in ANSOFF_QUADRANTS}
    for option in options:
        by_quadrant.setdefault(option.quadrant, []).append(option)
    return by_quadrant


def has_forces(workbook: Workbook) -> bool:
    return any(not force.is_empty for force in workbook.forces.forces.values())
