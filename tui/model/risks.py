"""The risk register as plain logic: ranking, reviews due, the impact-by-likelihood grid, and
turning a PESTLE item or a SWOT threat into a risk without making it twice. No Textual here:
the screen shows what these functions compute and applies the edits they return.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tui.glyphs import glyphs
from tui.model.dates import add_months
from tui.model.ids import id_prefix, new_id
from tui.model.pestle import SINGULAR
from tui.model.workbook import (
    DEFAULT_WEIGHT,
    RISK_STATUSES,
    RISK_TREATMENTS,
    PestleItem,
    Risk,
    SwotItem,
    Workbook,
)

if TYPE_CHECKING:  # made by the functions below; reading a workbook needs no edits
    from tui.model.edits import Edit, Insert, SetFields

CONTAINER = "risks"
"""The edit container of the register."""

OVERDUE_SYMBOL = "!"
"""Beside a review date that has passed (with the word, never colour alone)."""

TREATMENT_WORDS = {"avoid": "avoid", "reduce": "reduce", "transfer": "transfer", "accept": "accept", "": "-"}


def rank_key(risk: Risk) -> tuple[int, bool, date]:
    """The register's order: highest impact x likelihood first, then the nearest review (none last)."""
    return -risk.impact * risk.likelihood, risk.review is None, risk.review or date.min


def ranked(risks: Iterable[Risk]) -> list[Risk]:
    """In `rank_key` order; equal ones in the register's order (the sort is stable)."""
    return sorted(risks, key=rank_key)


def review_state(risk: Risk, today: date) -> str:
    """`overdue` (the review date has passed), `due` (today) or "" (later, none, or closed)."""
    if risk.status != "open" or risk.review is None:
        return ""
    if risk.review < today:
        return "overdue"
    return "due" if risk.review == today else ""


def reviews_due(workbook: Workbook, today: date) -> list[Risk]:
    """Open risks whose review is today or has passed, oldest review first."""
    return sorted((r for r in workbook.risks if review_state(r, today)), key=lambda r: r.review or date.min)


def review_words(risk: Risk, today: date) -> str:
    """The next review as the register shows it: `2027-03-01`, `! 2027-03-01 overdue`,
    `⏲ 2027-03-01 today`, or `-` without a date."""
    if risk.review is None:
        return "-"
    state = review_state(risk, today)
    if state == "overdue":
        return f"{OVERDUE_SYMBOL} {risk.review.isoformat()} overdue"
    if state == "due":
        return f"{glyphs.stale} {risk.review.isoformat()} today"  # tui/glyphs.py: ASCII where asked
    return risk.review.isoformat()


def open_risks(workbook: Workbook) -> list[Risk]:
    return [r for r in workbook.risks if r.status == "open"]


def top_risks(workbook: Workbook, count: int = 3) -> list[Risk]:
    """The open risks with the highest scores (the Overview's few)."""
    return ranked(open_risks(workbook))[:count]


def grid_counts(risks: Iterable[Risk]) -> list[list[int]]:
    """`counts[impact - 1][likelihood - 1]`: how many risks fall in each cell."""
    counts = [[0] * 5 for _ in range(5)]
    for risk in risks:
        counts[min(4, max(0, risk.impact - 1))][min(4, max(0, risk.likelihood - 1))] += 1
    return counts


def cell_risks(risks: Iterable[Risk], impact: int, likelihood: int) -> list[Risk]:
    return ranked(r for r in risks if r.impact == impact and r.likelihood == likelihood)


def next_status(status: str) -> str:
    return RISK_STATUSES[(RISK_STATUSES.index(status) + 1) % len(RISK_STATUSES)] if status in RISK_STATUSES else "open"


def next_treatment(treatment: str) -> str:
    """"" -> avoid -> reduce -> transfer -> accept -> avoid."""
    if treatment not in RISK_TREATMENTS:
        return RISK_TREATMENTS[0]
    return RISK_TREATMENTS[(RISK_TREATMENTS.index(treatment) + 1) % len(RISK_TREATMENTS)]


def toggle_status(risk: Risk) -> SetFields:
    from tui.model.edits import SetFields

    status = next_status(risk.status)
    return SetFields(risk.id, {"status": status}, f"risk {status}")


def new_risk(workbook: Workbook, text: str, taken: set[str] | None = None, **fields: object) -> Risk:
    """A fresh open risk with an id not used anywhere in the workbook."""
    return Risk(new_id("rsk", workbook.ids() if taken is None else taken), text, **fields)  # type: ignore[arg-type]


def add_risk(workbook: Workbook, risk: Risk) -> Insert:
    from tui.model.edits import Insert

    return Insert(CONTAINER, len(workbook.risks), risk, "add risk")


# -- from a PESTLE item or a SWOT threat ------------------------------------------------------


def is_risk_source(workbook: Workbook, item_id: str) -> bool:
    """Whether a risk may come from this item: a PESTLE item or a SWOT threat."""
    item = workbook.find(item_id)
    return isinstance(item, PestleItem) or (isinstance(item, SwotItem) and workbook.swot_quadrant_of(item_id) == "threats")


def _same_threat(workbook: Workbook, item: PestleItem | SwotItem) -> set[str]:
    """The ids that name one threat: the item, the PESTLE item a SWOT threat came from, and the
    SWOT threats promoted from a PESTLE item."""
    ids = {item.id}
    if isinstance(item, SwotItem) and item.source:
        ids.add(item.source)
    if isinstance(item, PestleItem):
        ids.update(t.id for t in workbook.swot.threats if t.source == item.id)
    return ids


def risk_of(workbook: Workbook, item: PestleItem | SwotItem) -> Risk | None:
    """The risk already in the register for `item`'s threat (R goes to it), seen from either
    tool: one from the item, from the PESTLE item it came from, or from a SWOT threat of it."""
    related = _same_threat(workbook, item)
    return next((r for r in workbook.risks if r.source in related), None)


@dataclass(frozen=True, slots=True)
class RiskPromotion:
    """What turning an item into a risk means: an edit to apply (None: nothing to do), the risk it
    is or will be, and a sentence for the user."""

    edit: Edit | None
    risk_id: str | None
    message: str
    refused: bool = False


REVIEW_MONTHS = 3
"""A new risk's first review, in months: a risk without a review date never comes due."""


def first_review(today: date) -> date:
    return add_months(today, REVIEW_MONTHS)


def promote_to_risk(workbook: Workbook, item_id: str, today: date) -> RiskPromotion:
    """A risk from a PESTLE item or a SWOT threat, with `source` set to the item's id, its text,
    and its impact and likelihood (a SWOT threat: impact from its weight, likelihood 3); its
    first review three months from `today`.

    Never twice: when a risk already comes from this item (or from the same threat seen in the
    other tool: the PESTLE item a SWOT threat came from, or the other way round), nothing is
    added and the existing risk is named."""
    from tui.model.edits import Insert

    item = workbook.find(item_id)
    if not is_risk_source(workbook, item_id):
        return RiskPromotion(None, None, "Only a PESTLE item or a SWOT threat becomes a risk.", refused=True)
    assert isinstance(item, (PestleItem, SwotItem))
    existing = risk_of(workbook, item)
    if existing is not None:
        return RiskPromotion(None, existing.id, f"Already in the risk register ({existing.id}): shown there.")
    if isinstance(item, PestleItem):
        impact, likelihood = item.impact, item.likelihood
    else:
        impact, likelihood = item.weight, DEFAULT_WEIGHT
    risk = new_risk(workbook, item.text, impact=impact, likelihood=likelihood, source=item.id,
                    review=first_review(today))
    return RiskPromotion(Insert(CONTAINER, len(workbook.risks), risk, "add to the risk register"), risk.id,
                         f"Added to the risk register ({risk.id}): 8 shows it.")


def risk_sources(workbook: Workbook) -> dict[str, str]:
    """Source id -> the first risk that came from it (for the `in the register` marks)."""
    found: dict[str, str] = {}
    for risk in workbook.risks:
        if risk.source and risk.source not in found:
            found[risk.source] = risk.id
    return found


def link_candidates(workbook: Workbook) -> list[tuple[str, str]]:
    """(id, label) of everything a risk may link: goals, then tactics."""
    return ([(g.id, f"goal: {g.title or '(untitled goal)'}") for g in workbook.goals]
            + [(t.id, f"tactic: {t.text or '(no text)'}") for t in workbook.tactics])


# -- the register as shown -----------------------------------------------------------------------

RISK_FILTERS = ("all", "open", "closed", "due")
"""What the register may be narrowed to: every risk, open or closed ones, or those whose review is due."""


@dataclass(frozen=True, slots=True)
class RiskView:
    """What the register shows: words the risk's text, owner or response hold, and a status."""

    needle: str = ""
    show: str = "all"
    """One of RISK_FILTERS."""

    @property
    def filtered(self) -> bool:
        return bool(self.needle) or self.show != "all"

    def matches(self, risk: Risk, today: date) -> bool:
        if self.show in RISK_STATUSES and risk.status != self.show:
            return False
        if self.show == "due" and not review_state(risk, today):
            return False
        if self.needle:
            wanted = self.needle.casefold()
            return any(wanted in text.casefold() for text in (risk.text, risk.owner, risk.response))
        return True


def register(workbook: Workbook, view: RiskView, today: date) -> list[Risk]:
    """The risks the register shows, in its order (`ranked`)."""
    risks = workbook.risks if not view.filtered else [r for r in workbook.risks if view.matches(r, today)]
    return ranked(risks)


def source_words(workbook: Workbook, risk: Risk) -> str:
    """Where a risk came from, for people: `PESTLE legal: text`, `SWOT threat: text`, or ""."""
    if not risk.source:
        return ""
    item = workbook.find(risk.source)
    if isinstance(item, PestleItem):
        return f"PESTLE {workbook.pestle_factor_of(item.id)}: {item.text or '(no text)'}"
    if isinstance(item, SwotItem):
        quadrant = workbook.swot_quadrant_of(item.id)
        return f"SWOT {SINGULAR.get(quadrant or '', 'item')}: {item.text or '(no text)'}"
    if item is None:
        return f"{risk.source} (not in this workbook)"
    from tui.model.search import KINDS  # here: the exports read this module, and search is large

    kind = KINDS[id_prefix(risk.source)].name if id_prefix(risk.source) in KINDS else ""
    article = "an " if kind[:1] in ("a", "e", "i", "o", "u", "A") else "a " if kind else ""
    return f"{risk.source} ({article}{kind}{', ' if kind else ''}not a PESTLE item or a SWOT threat)"
