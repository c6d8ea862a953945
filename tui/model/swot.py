"""The SWOT board and TOWS matrix as plain logic: where quadrants sit, how the
cursor moves between them, sorting, filtering, and which strategies link an item.

No Textual here: the screen asks these functions and turns the answers into edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tui.model.edits import touched_containers  # noqa: F401 (the SWOT screen reads it here)
from tui.model.workbook import QUADRANTS, STRATEGY_KINDS, STRATEGY_QUADRANTS, Strategy, SwotItem, Workbook

#: Direction names used by the board and the TOWS matrix, as (row, column) steps.
DIRECTIONS: dict[str, tuple[int, int]] = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}

#: The board: internal row on top, external row below; helpful left, harmful right.
QUADRANT_GRID: dict[str, tuple[int, int]] = {
    "strengths": (0, 0), "weaknesses": (0, 1), "opportunities": (1, 0), "threats": (1, 1),
}
#: The TOWS matrix: strengths and weaknesses as columns, opportunities and threats as rows.
TOWS_GRID: dict[str, tuple[int, int]] = {"SO": (0, 0), "WO": (0, 1), "ST": (1, 0), "WT": (1, 1)}
#: The order `tab` visits the TOWS cells in (reading order of the matrix).
TOWS_ORDER = ("SO", "WO", "ST", "WT")

QUADRANT_TITLES = {
    "strengths": "Strengths", "weaknesses": "Weaknesses", "opportunities": "Opportunities", "threats": "Threats",
}
#: One item of each quadrant, for messages ("Moved to Threats", "a strength").
QUADRANT_SINGULAR = {
    "strengths": "strength", "weaknesses": "weakness", "opportunities": "opportunity", "threats": "threat",
}
QUADRANT_LETTER = {"strengths": "S", "weaknesses": "W", "opportunities": "O", "threats": "T"}

#: Questions shown in an empty quadrant, to help people start.
PROMPTS: dict[str, tuple[str, ...]] = {  # short enough for a quadrant at 80 columns
    "strengths": (
        "What do we do better than others?",
        "What do customers praise?",
        "What skills or assets set us apart?",
        "What would competitors envy?",
    ),
    "weaknesses": (
        "Where do we lose deals, and why?",
        "What do customers complain about?",
        "What do competitors do better?",
        "Where do we lack skills or money?",
    ),
    "opportunities": (
        "Which trends could we ride?",
        "Which needs go unserved?",
        "What do new rules or tech open up?",
        "What did PESTLE (4) flag as good?",
    ),
    "threats": (
        "What are competitors doing?",
        "What risks lie beyond our control?",
        "What if costs, rules or demand move?",
        "Could a weakness become a threat?",
    ),
}


@dataclass(frozen=True, slots=True)
class TowsCell:
    kind: str
    title: str
    """What the cell's strategies do, in a few words (fits a cell at 80 columns)."""
    question: str
    """The question that helps fill the cell, shown while it is empty; a line break where
    it wraps in a cell 80 columns wide (`asked` gives it on one line)."""

    @property
    def asked(self) -> str:
        return self.question.replace("\n", " ")


TOWS_CELLS: dict[str, TowsCell] = {
    "SO": TowsCell("SO", "strengths seize opportunities",
                   "Which strengths let us seize\nwhich opportunities?"),
    "WO": TowsCell("WO", "opportunities fix weaknesses",
                   "Which opportunities help us\novercome a weakness?"),
    "ST": TowsCell("ST", "strengths against threats",
                   "How can our strengths blunt\nthese threats?"),
    "WT": TowsCell("WT", "defend weaknesses and threats",
                   "What defensive moves limit both\nweaknesses and threats?"),
}
assert set(TOWS_CELLS) == set(STRATEGY_KINDS) == set(TOWS_GRID)


def _step(grid: dict[str, tuple[int, int]], name: str, direction: str) -> str | None:
    row, column = grid[name]
    d_row, d_column = DIRECTIONS[direction]
    target = (row + d_row, column + d_column)
    return next((other for other, place in grid.items() if place == target), None)


def neighbour(quadrant: str, direction: str) -> str | None:
    """The quadrant next to `quadrant` in `direction` (up/down/left/right), or None at the board's edge."""
    return _step(QUADRANT_GRID, quadrant, direction)


def tows_neighbour(kind: str, direction: str) -> str | None:
    """The TOWS cell next to `kind` in `direction`, or None at the matrix's edge."""
    return _step(TOWS_GRID, kind, direction)


def cycle(order: Sequence[str], current: str, step: int) -> str:
    """The name `step` places after `current` in `order`, wrapping round."""
    return order[(order.index(current) + step) % len(order)]


def matches(text: str, needle: str) -> bool:
    """Whether `text` contains `needle`, ignoring case (an empty needle matches everything)."""
    return not needle or needle.casefold() in text.casefold()


def filter_items(items: Iterable[SwotItem], needle: str) -> list[SwotItem]:
    """The items whose text contains `needle` (case ignored), in their order."""
    if not needle:
        return list(items)
    folded = needle.casefold()
    return [item for item in items if folded in item.text.casefold()]


def by_weight(items: Sequence[Any]) -> list[str]:
    """The ids of `items` heaviest first; items of equal weight keep their order."""
    return [item.id for item in sorted(items, key=lambda item: -item.weight)]


def reorder_index(visible: Sequence[str], all_ids: Sequence[str], item_id: str, delta: int) -> int | None:
    """Where an item goes when moved one place up (-1) or down (+1) past its visible neighbour.

    `visible` is what the (maybe filtered) quadrant shows; `all_ids` the whole quadrant. Returns
    the index in the whole quadrant to move the item to, or None when it is already at that end.
    """
    position = visible.index(item_id)
    if not 0 <= position + delta < len(visible):
        return None
    return all_ids.index(visible[position + delta])


def strategies_linking(strategies: Iterable[Strategy], item_id: str) -> list[Strategy]:
    """The strategies whose links include `item_id`."""
    return [strategy for strategy in strategies if item_id in strategy.links]


def swot_index(workbook: Workbook) -> dict[str, tuple[str, SwotItem]]:
    """Every SWOT item by id, with its quadrant."""
    return {item.id: (name, item) for name in QUADRANTS for item in getattr(workbook.swot, name)}


def strategies_of(strategies: Iterable[Strategy], kind: str) -> list[Strategy]:
    return [strategy for strategy in strategies if strategy.kind == kind]


def strategy_sides(workbook: Workbook, strategy: Strategy) -> tuple[list[str], list[str], list[str]]:
    """A strategy's links split into the first quadrant of its kind, the second, and the rest
    (items elsewhere, or ids that are not in the workbook)."""
    first, second = STRATEGY_QUADRANTS.get(strategy.kind, ("", ""))
    index = swot_index(workbook)
    a, b, other = [], [], []
    for link in strategy.links:
        where = index.get(link, ("", None))[0]
        (a if where == first else b if where == second else other).append(link)
    return a, b, other
