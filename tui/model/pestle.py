"""The PESTLE checklist as plain logic: the built-in guidance, progress, promotion to
the SWOT, ranking by impact times likelihood, and the impact-by-likelihood grid.

No Textual here: the screen shows what these functions compute and applies the
edits they return.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.model.ids import id_prefix, new_id
from tui.model.workbook import PESTLE_FACTORS, QUADRANTS, Pestle, PestleFactor, PestleItem, SwotItem, Workbook

if TYPE_CHECKING:  # made by the functions below; reading a workbook needs no edits
    from tui.model.edits import Edit, SetFields

RATINGS = range(1, 6)
"""Impact and likelihood are both rated 1 to 5."""

#: The SWOT quadrant an effect promotes to (a neutral item is not promoted).
QUADRANT_OF_EFFECT = {"opportunity": "opportunities", "threat": "threats"}
_PREFIX_OF_QUADRANT = {"opportunities": "opp", "threats": "thr"}
_SWOT_PREFIXES = {"str", "wea", "opp", "thr"}
SINGULAR = {"strengths": "strength", "weaknesses": "weakness", "opportunities": "opportunity", "threats": "threat"}


@dataclass(frozen=True, slots=True)
class FactorGuide:
    """What a factor is about and the questions that help fill it."""

    letter: str
    short: str
    """Three letters, where items of every factor are listed together (P and E alone are ambiguous)."""
    title: str
    explanation: str
    prompts: tuple[str, ...]


GUIDES: dict[str, FactorGuide] = {
    "political": FactorGuide("P", "Pol", "Political", "How government and politics can help or hinder us.", (
        "Government stability and coming elections",
        "Tax policy and incentives",
        "Trade, tariff and export rules",
        "Public funding, grants and procurement",
        "Regulation in our sector",
        "Industrial and social policy priorities",
        "Relations with local and regional government",
    )),
    "economic": FactorGuide("E", "Eco", "Economic", "The wider economy: growth, prices, money and labour.", (
        "Economic growth or recession",
        "Interest rates and access to credit",
        "Inflation and the cost of our inputs",
        "Exchange rates",
        "Wage levels and the supply of labour",
        "Customers' spending power",
        "Energy and commodity prices",
        "The climate for investment and funding",
    )),
    "social": FactorGuide("S", "Soc", "Social", "People and society: demographics, attitudes, habits, skills.", (
        "Demographics and an ageing population",
        "Changing attitudes and expectations of customers",
        "Skills and education of the workforce",
        "Health and wellbeing trends",
        "Lifestyles and buying habits",
        "Public opinion of our sector",
        "Ways of working: remote, flexible, part-time",
    )),
    "technological": FactorGuide("T", "Tec", "Technological", "Technology that changes what we and others can do.", (
        "New technology in our field",
        "Automation and artificial intelligence",
        "Digital channels and online sales",
        "The cost and pace of technical change",
        "Cyber-security threats",
        "Research, patents and intellectual property",
        "Infrastructure: broadband, cloud, data",
    )),
    "legal": FactorGuide("L", "Leg", "Legal", "Laws and rules we must follow, now and soon.", (
        "Employment and health-and-safety law",
        "Data protection and privacy",
        "Product safety, standards and certification",
        "Competition and consumer law",
        "Contracts, licensing and liability",
        "Reporting and compliance duties in our sector",
        "Laws already announced that take effect soon",
    )),
    "environmental": FactorGuide("E", "Env", "Environmental", "Climate, nature and the rules and expectations around them.", (
        "Climate risk and extreme weather",
        "Energy costs and sources",
        "Emissions rules and carbon reporting",
        "Supply-chain resilience",
        "Waste, packaging and recycling",
        "Sustainability expectations of customers and investors",
        "Scarce water and raw materials",
    )),
}
assert tuple(GUIDES) == PESTLE_FACTORS


def items_container(factor: str) -> str:
    """The edit container of a factor's items, e.g. `pestle.legal.items`."""
    return f"pestle.{factor}.items"


def factor_ref(factor: str) -> str:
    """The edit ref of a factor's own fields (reviewed, notes), e.g. `pestle.legal`."""
    return f"pestle.{factor}"


# -- progress -----------------------------------------------------------------------


def factor_progress(factor: PestleFactor) -> tuple[int, int]:
    """(items checked, items) of one factor."""
    return sum(1 for item in factor.items if item.checked), len(factor.items)


@dataclass(frozen=True, slots=True)
class Progress:
    reviewed: int
    """Factors marked reviewed, of six."""
    checked: int
    items: int
    factors: int = len(PESTLE_FACTORS)


def overall_progress(pestle: Pestle) -> Progress:
    checked = items = reviewed = 0
    for factor in pestle.factors.values():
        done, total = factor_progress(factor)
        checked, items, reviewed = checked + done, items + total, reviewed + factor.reviewed
    return Progress(reviewed, checked, items)


def prompts_used(factor: PestleFactor, prompts: Iterable[str]) -> set[str]:
    """The guiding prompts some item of the factor already starts with (letter case aside).

    One pass over the items, each casefolded as far as the longest prompt reaches (casefolding
    never makes text shorter, so that prefix decides): the picker asked once per prompt,
    casefolding every item's whole text each time (4.3 ms a press of `a` at 10,000 items, now 0.7)."""
    wanted = [(prompt.casefold(), prompt) for prompt in set(prompts)]
    reach = max((len(folded) for folded, _ in wanted), default=0)
    used: set[str] = set()
    starts = tuple(folded for folded, _ in wanted)
    for item in factor.items:
        start = item.text[:reach].casefold()
        if not start.startswith(starts):  # most items: one test of all the prompts at once
            continue
        used.update(prompt for folded, prompt in wanted if start.startswith(folded))
        if len(used) == len(wanted):
            break
    return used


# -- items ----------------------------------------------------------------------------


def new_item(workbook: Workbook, text: str, impact: int = 3, likelihood: int = 3,
             effect: str = "neutral", taken: set[str] | None = None) -> PestleItem:
    """A fresh, unchecked item with an id not used anywhere in the workbook."""
    return PestleItem(new_id("pes", workbook.ids() if taken is None else taken), text, False,
                      clamp_rating(impact), clamp_rating(likelihood), effect)


def clamp_rating(value: int) -> int:
    return max(RATINGS.start, min(RATINGS.stop - 1, value))


def rate(item: PestleItem, field_name: str, delta: int) -> SetFields | None:
    """Raise or lower impact or likelihood by `delta`; None at the end of the scale."""
    from tui.model.edits import SetFields

    value = clamp_rating(getattr(item, field_name) + delta)
    if value == getattr(item, field_name):
        return None
    return SetFields(item.id, {field_name: value}, f"{field_name} {value}")


def next_effect(effect: str) -> str:
    """neutral -> opportunity -> threat -> neutral."""
    order = ("neutral", "opportunity", "threat")
    return order[(order.index(effect) + 1) % len(order)] if effect in order else "neutral"


# -- promotion to the SWOT --------------------------------------------------------------


def promoted_index(workbook: Workbook) -> dict[str, tuple[str, str]]:
    """PESTLE item id -> (quadrant, SWOT item id) of the first SWOT item whose `source` it is."""
    index: dict[str, tuple[str, str]] = {}
    for quadrant in QUADRANTS:
        for item in workbook.swot.quadrant(quadrant):
            if item.source and item.source not in index:
                index[item.source] = (quadrant, item.id)
    return index


def promoted_from(workbook: Workbook, item_id: str) -> Iterator[tuple[str, str]]:
    """(SWOT item id, quadrant) of every SWOT item that came from this PESTLE item."""
    for quadrant in QUADRANTS:
        for item in workbook.swot.quadrant(quadrant):
            if item.source == item_id:
                yield item.id, quadrant


@dataclass(frozen=True, slots=True)
class Promotion:
    """What promoting an item means: an edit to apply (None: nothing to do), where the
    SWOT item is or will be, and a sentence for the user."""

    edit: Edit | None
    swot_id: str | None
    quadrant: str | None
    message: str
    refused: bool = False


def promote(workbook: Workbook, item_id: str) -> Promotion:
    """Promote a PESTLE item to the SWOT: an opportunity or a threat by its effect, with
    `source` set to the item's id and its weight taken from its impact.

    Idempotent: an item already in the SWOT is not added again. If its effect has changed
    since, the SWOT item moves to the matching quadrant (keeping its id and its text).
    A neutral item is refused with the reason.
    """
    from tui.model.edits import Insert, Move

    item = workbook.find(item_id)
    if not isinstance(item, PestleItem):
        return Promotion(None, None, None, f"There is no PESTLE item {item_id}.", refused=True)
    existing = next(promoted_from(workbook, item_id), None)
    wanted = QUADRANT_OF_EFFECT.get(item.effect)
    if existing is not None:
        swot_id, quadrant = existing
        if wanted is None or quadrant == wanted or quadrant not in QUADRANT_OF_EFFECT.values():
            return Promotion(None, swot_id, quadrant,
                             f"Already in the SWOT as {article(SINGULAR[quadrant])} ({swot_id}).")
        move = Move(f"swot.{quadrant}", swot_id, f"swot.{wanted}", len(workbook.swot.quadrant(wanted)),
                    f"move to SWOT {wanted}")
        return Promotion(move, swot_id, wanted,
                         f"Its effect is now {item.effect}: moved to the SWOT {wanted}.")
    if wanted is None:
        return Promotion(None, None, None,
                         "A neutral item is neither an opportunity nor a threat: set its effect first "
                         "(e edits it, t changes the effect).", refused=True)
    swot_item = SwotItem(new_id(_PREFIX_OF_QUADRANT[wanted], workbook.ids()), item.text, item.impact,
                         source=item.id)
    insert = Insert(f"swot.{wanted}", len(workbook.swot.quadrant(wanted)), swot_item,
                    f"promote to SWOT {wanted}")
    return Promotion(insert, swot_item.id, wanted, f"Added to the SWOT as {article(item.effect)}.")


def article(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


# -- ranking and the grid ---------------------------------------------------------------


def all_items(pestle: Pestle) -> Iterator[tuple[str, PestleItem]]:
    """(factor, item) of every item, in P, E, S, T, L, E order and file order within."""
    for name in PESTLE_FACTORS:
        for item in pestle.factors[name].items:
            yield name, item


def ranked(pairs: Iterable[tuple[str, PestleItem]]) -> list[tuple[str, PestleItem]]:
    """Highest impact times likelihood first; equal scores by higher impact, then in
    checklist order (the sort is stable)."""
    # one integer key (score, then impact) sorts 10,000 items in a few milliseconds
    return sorted(pairs, key=lambda pair: -8 * pair[1].impact * pair[1].likelihood - pair[1].impact)


def grid_counts(pestle: Pestle) -> list[list[int]]:
    """`counts[impact - 1][likelihood - 1]`: how many items fall in each cell."""
    counts = [[0] * 5 for _ in RATINGS]
    for factor in pestle.factors.values():
        for item in factor.items:
            counts[min(4, max(0, item.impact - 1))][min(4, max(0, item.likelihood - 1))] += 1
    return counts


def cell_items(pestle: Pestle, impact: int, likelihood: int) -> list[tuple[str, PestleItem]]:
    return [(name, item) for name, item in all_items(pestle)
            if item.impact == impact and item.likelihood == likelihood]


def shade_level(count: int, highest: int, levels: int = 4) -> int:
    """0 for an empty cell, else 1..levels in proportion to `count / highest`."""
    if count <= 0 or highest <= 0:
        return 0
    return max(1, min(levels, -(-count * levels // highest)))


# -- what an edit touched ----------------------------------------------------------------


@dataclass(slots=True)
class Touched:
    """The parts of the PESTLE view an edit changed, so the screen redraws only those."""

    items: set[str] = field(default_factory=set)
    """PESTLE items whose fields changed."""
    factors: set[str] = field(default_factory=set)
    """Factors whose own fields (reviewed, notes) changed."""
    added: list[tuple[str, PestleItem]] = field(default_factory=list)
    """(factor, item) of items put into a factor."""
    removed: list[tuple[str, str]] = field(default_factory=list)
    """(factor, item id) of items taken out of a factor."""
    moved: bool = False
    """Items moved within or between factors: the rows must be laid out again."""
    swot: bool = False
    """SWOT items came, went or changed their source: the in-SWOT marks may differ."""
    rated: bool = False
    """An item's impact or likelihood changed: its place in the ranking and the grid's counts."""

    @property
    def reranks(self) -> bool:
        """The grid's counts or the ranking may differ (not only what some rows show)."""
        return bool(self.rated or self.added or self.removed or self.moved)

    @property
    def pestle(self) -> bool:
        """PESTLE data changed (not only the in-SWOT marks)."""
        return bool(self.items or self.factors or self.added or self.removed or self.moved)

    @property
    def anything(self) -> bool:
        return self.pestle or self.swot


def _flatten(edit: Edit) -> Iterator[Edit]:
    from tui.model.edits import Batch

    if isinstance(edit, Batch):
        for part in edit.edits:
            yield from _flatten(part)
    else:
        yield edit


def _factor_of_container(container: str) -> str | None:
    head, _, tail = container.partition(".")
    name = tail.removesuffix(".items")
    return name if head == "pestle" and tail.endswith(".items") and name in PESTLE_FACTORS else None


def touched(edit: Edit) -> Touched:
    """What of the PESTLE view `edit` (or an undo, which is an edit too) changed."""
    from tui.model.edits import Insert, Move, Remove, SetFields

    result = Touched()
    for part in _flatten(edit):
        if isinstance(part, SetFields):
            if part.ref.startswith("pestle.") and part.ref[7:] in PESTLE_FACTORS:
                result.factors.add(part.ref[7:])
            elif id_prefix(part.ref) == "pes":
                result.items.add(part.ref)
                result.rated = result.rated or not part.changes.keys().isdisjoint(("impact", "likelihood"))
            elif id_prefix(part.ref) in _SWOT_PREFIXES and "source" in part.changes:
                result.swot = True
        elif isinstance(part, Insert):
            if (factor := _factor_of_container(part.container)) is not None:
                result.added.append((factor, part.item))
            elif part.container.startswith("swot."):
                result.swot = True
        elif isinstance(part, Remove):
            if (factor := _factor_of_container(part.container)) is not None:
                result.removed.append((factor, part.item_id))
            elif part.container.startswith("swot."):
                result.swot = True
        elif isinstance(part, Move):
            containers = (part.container, part.to_container)
            if any(_factor_of_container(c) is not None for c in containers):
                result.moved = True
            if any(c.startswith("swot.") for c in containers):
                result.swot = True
    return result
