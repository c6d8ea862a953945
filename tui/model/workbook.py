"""The workbook as plain data: one dataclass per table of the file format.

Every class keeps the keys it does not know in `extra`, so a file written by a
newer version survives a round trip through this one unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from tui.model.comments import Comments

# `typing` (some 4 ms to import) only for the annotations: `stratbook check` needs none of it.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SCHEMA = 1
"""The newest file schema this version reads and writes."""

QUADRANTS = ("strengths", "weaknesses", "opportunities", "threats")
QUADRANT_PREFIX = {"strengths": "str", "weaknesses": "wea", "opportunities": "opp", "threats": "thr"}
PESTLE_FACTORS = ("political", "economic", "social", "technological", "legal", "environmental")
STRATEGY_KINDS = ("SO", "ST", "WO", "WT")
#: The two SWOT quadrants a TOWS strategy pairs.
STRATEGY_QUADRANTS = {
    "SO": ("strengths", "opportunities"),
    "ST": ("strengths", "threats"),
    "WO": ("weaknesses", "opportunities"),
    "WT": ("weaknesses", "threats"),
}
EFFECTS = ("opportunity", "threat", "neutral")
GOAL_STATUSES = ("draft", "active", "achieved", "missed", "dropped")
TACTIC_STATUSES = ("todo", "doing", "done", "blocked")
FRAMEWORKS = ("smart", "okr", "bhag", "stretch", "pact", "hard", "fast")
WEIGHT_RANGE = range(1, 6)
DEFAULT_WEIGHT = 3
COMMITMENTS = ("committed", "aspirational")
PERSPECTIVES = ("financial", "customer", "internal", "learning")
"""The balanced scorecard's perspectives, in its order (internal process, learning and growth)."""
FORCES = ("rivalry", "new_entrants", "substitutes", "buyer_power", "supplier_power")
"""Porter's five forces, rivalry (the middle of the picture) first."""
ANSOFF_QUADRANTS = ("market_penetration", "product_development", "market_development", "diversification")
"""The Ansoff matrix: existing or new products by existing or new markets, in reading order."""
KR_WEIGHT_RANGE = range(1, 11)
DEFAULT_KR_WEIGHT = 1
RISK_TREATMENTS = ("avoid", "reduce", "transfer", "accept")
RISK_STATUSES = ("open", "closed")

Number = int | float


@dataclass(slots=True)
class Meta:
    """The `[workbook]` table."""

    schema: int = SCHEMA
    title: str = ""
    organisation: str = ""
    authors: list[str] = field(default_factory=list)
    created: datetime | None = None
    updated: datetime | None = None
    lineage: str = ""
    """Shared by every copy of this plan (`lin-...`); set once, on the first write."""
    revision: str = ""
    """The content's id as last written (16 hex digits); stale after a hand edit."""
    history: list[str] = field(default_factory=list)
    """The revisions this content descends from, newest first, at most HISTORY_LIMIT."""
    checkin_days: int | None = None
    """How many days a check-in stays fresh, for goals that do not say (`[workbook] checkin_days`)."""
    extra: dict[str, Any] = field(default_factory=dict)


HISTORY_LIMIT = 32
"""How many earlier revisions `[workbook] history` keeps."""


@dataclass(slots=True)
class Value:
    """A value of the organisation (`[[vmv.values]]`)."""

    id: str
    name: str = ""
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Vmv:
    """Vision, mission and values (`[vmv]`)."""

    vision: str = ""
    mission: str = ""
    values: list[Value] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class SwotItem:
    """One item of a SWOT quadrant (`[[swot.<quadrant>]]`)."""

    id: str
    text: str = ""
    weight: int = DEFAULT_WEIGHT
    notes: str = ""
    source: str | None = None
    """The id of the PESTLE item this came from, if any."""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Swot:
    """The four SWOT quadrants (`[swot]`)."""

    strengths: list[SwotItem] = field(default_factory=list)
    weaknesses: list[SwotItem] = field(default_factory=list)
    opportunities: list[SwotItem] = field(default_factory=list)
    threats: list[SwotItem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def quadrant(self, name: str) -> list[SwotItem]:
        if name not in QUADRANTS:
            raise KeyError(name)
        return getattr(self, name)


@dataclass(slots=True)
class Strategy:
    """A TOWS strategy, born of pairing items of two SWOT quadrants."""

    id: str
    kind: str = "SO"
    text: str = ""
    links: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class PestleItem:
    """One factor item of a PESTLE area (`[[pestle.<area>.items]]`)."""

    id: str
    text: str = ""
    checked: bool = False
    impact: int = DEFAULT_WEIGHT
    likelihood: int = DEFAULT_WEIGHT
    effect: str = "neutral"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> int:
        """Impact times likelihood, 1 to 25: how much the factor deserves attention."""
        return self.impact * self.likelihood


@dataclass(slots=True)
class PestleFactor:
    """One PESTLE area (`[pestle.<area>]`)."""

    reviewed: bool = False
    notes: str = ""
    items: list[PestleItem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _empty_factors() -> dict[str, PestleFactor]:
    return {name: PestleFactor() for name in PESTLE_FACTORS}


@dataclass(slots=True)
class Pestle:
    """The six PESTLE areas (`[pestle]`)."""

    factors: dict[str, PestleFactor] = field(default_factory=_empty_factors)
    """Always all six factors, in P, E, S, T, L, E order."""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Checkin:
    """One reading of a measure (a goal's or a key result's) on one day."""

    id: str
    date: date | None = None
    value: Number = 0
    confidence: int | None = None
    """1..10: how sure the owner is to hit the target."""
    note: str = ""
    by: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Closing:
    """How a goal's period ended (`[goals.closing]`)."""

    date: date | None = None
    score: Number | None = None
    """The final grade, 0.0..1.0."""
    lessons: str = ""
    carried_to: str | None = None
    """The goal that continues this one."""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Measure:
    """A goal's numeric measure (`[goals.measure]`)."""

    metric: str = ""
    unit: str = ""
    baseline: Number | None = None
    target: Number | None = None
    current: Number | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class KeyResult:
    """One key result of a goal (`[[goals.key_results]]`)."""

    id: str
    text: str = ""
    unit: str = ""
    baseline: Number | None = None
    target: Number | None = None
    current: Number | None = None
    weight: int = DEFAULT_KR_WEIGHT
    """1..10: its share of the OKR score (the weighted mean of key results' progress)."""
    checkins: list[Checkin] = field(default_factory=list)
    """Oldest first; the newest one's value is `current`."""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Milestone:
    """One dated milestone of a goal (`[[goals.milestones]]`)."""

    id: str
    due: date | None = None
    text: str = ""
    done: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Goal:
    """A goal (`[[goals]]`), framed by one of the frameworks."""

    id: str
    framework: str = "smart"
    title: str = ""
    status: str = "draft"
    owner: str = ""
    start: date | None = None
    due: date | None = None
    links: list[str] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)
    """The framework's questions, answered; keys from `tui.model.frameworks`."""
    measure: Measure | None = None
    key_results: list[KeyResult] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    parent: str = ""
    """The id of the goal this one serves; "" for none. Never a cycle."""
    commitment: str = ""
    """`committed`, `aspirational` or "" (not said)."""
    perspective: str = ""
    """A balanced-scorecard perspective of PERSPECTIVES, or "" (not said)."""
    checkins: list[Checkin] = field(default_factory=list)
    """The measure's readings, oldest first; the newest one's value is the measure's `current`."""
    checkin_days: int | None = None
    """This goal's check-in cadence in days; None: the workbook's, else 14."""
    closing: Closing | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Tactic:
    """The how and when: an action under a goal."""

    id: str
    goal: str = ""
    text: str = ""
    owner: str = ""
    due: date | None = None
    status: str = "todo"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Risk:
    """A risk of the register: owned, rated, treated and reviewed."""

    id: str
    text: str = ""
    owner: str = ""
    impact: int = DEFAULT_WEIGHT
    likelihood: int = DEFAULT_WEIGHT
    treatment: str = ""
    """One of RISK_TREATMENTS, or "" (not decided yet)."""
    response: str = ""
    review: date | None = None
    """The next review's date."""
    status: str = "open"
    source: str | None = None
    """The id of the PESTLE item or SWOT threat it came from, if any."""
    links: list[str] = field(default_factory=list)
    """The goals and tactics that treat it."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def score(self) -> int:
        """Impact times likelihood, 1 to 25."""
        return self.impact * self.likelihood


@dataclass(slots=True)
class ForceItem:
    """One pressure within a force (`frc-...`), weighed 1..5."""

    id: str
    text: str = ""
    weight: int = DEFAULT_WEIGHT
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Force:
    """One of Porter's five forces (`[forces.<name>]`)."""

    rating: int | None = None
    """1 weak .. 5 strong: how hard the force presses on us; None until someone rates it."""
    notes: str = ""
    items: list[ForceItem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """Nothing said about it: it is left out of the file."""
        return self.rating is None and not self.notes and not self.items and not self.extra


def _empty_forces() -> dict[str, Force]:
    return {name: Force() for name in FORCES}


@dataclass(slots=True)
class Forces:
    """Porter's five forces (`[forces]`)."""

    forces: dict[str, Force] = field(default_factory=_empty_forces)
    """Always all five, in FORCES order; a force the file does not name is empty."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys of `[forces]` this version does not know, other force names too."""


@dataclass(slots=True)
class AnsoffOption:
    """A way to grow (`ans-...`): one quadrant of the Ansoff matrix."""

    id: str
    quadrant: str = "market_penetration"
    text: str = ""
    risk: int = DEFAULT_WEIGHT
    """1..5: how risky the option is."""
    links: list[str] = field(default_factory=list)
    """The SWOT items and goals it draws on or serves."""
    extra: dict[str, Any] = field(default_factory=dict)


NESTED: dict[type, dict[str, type]] = {
    Goal: {"key_results": KeyResult, "milestones": Milestone, "checkins": Checkin},
    KeyResult: {"checkins": Checkin},
}
"""Lists of items with ids that sit inside another item: the parent's class, then each list's
attribute and the class of its items. Diff, merge and edits treat every nested item as an item of
its own, in the list `<parent id>.<attribute>`; a new nested kind is one more entry here."""

NESTED_LISTS = frozenset(name for lists in NESTED.values() for name in lists)
"""The attributes that hold nested items, whatever the parent."""


@dataclass(slots=True)
class Workbook:
    """The whole file."""

    meta: Meta = field(default_factory=Meta)
    vmv: Vmv = field(default_factory=Vmv)
    swot: Swot = field(default_factory=Swot)
    strategies: list[Strategy] = field(default_factory=list)
    pestle: Pestle = field(default_factory=Pestle)
    goals: list[Goal] = field(default_factory=list)
    tactics: list[Tactic] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    """Top-level tables this version does not know, kept for the round trip."""
    forces: Forces = field(default_factory=Forces)
    """Porter's five forces (`[forces.<name>]`)."""
    ansoff: list[AnsoffOption] = field(default_factory=list)
    """The Ansoff matrix's options (`[[ansoff]]`)."""
    comments: Comments = field(default_factory=Comments)
    """The comments written in the file by hand, each with its anchor (tui/model/comments.py)."""

    def iter_items(self) -> Iterator[Any]:
        """Every item that has an id, in file order."""
        yield from self.vmv.values
        for name in QUADRANTS:
            yield from getattr(self.swot, name)
        yield from self.strategies
        for factor in self.pestle.factors.values():
            yield from factor.items
        for goal in self.goals:
            yield goal
            for kr in goal.key_results:
                yield kr
                yield from kr.checkins
            yield from goal.milestones
            yield from goal.checkins
        yield from self.tactics
        yield from self.risks
        yield from self.force_and_ansoff_items()

    def force_and_ansoff_items(self) -> Iterator[Any]:
        for force in self.forces.forces.values():
            yield from force.items
        yield from self.ansoff

    def ids(self) -> set[str]:
        return {item.id for item in self.iter_items()}

    def find(self, item_id: str) -> Any | None:
        # The list an id's prefix names is searched first (a tactic is found without walking
        # 50,000 other items); then everything, for ids a hand edit put somewhere else.
        likely = {"tac": self.tactics, "gol": self.goals, "val": self.vmv.values,
                  "tow": self.strategies, "rsk": self.risks, "ans": self.ansoff}.get(item_id[:3], ())
        for item in likely:
            if item.id == item_id:
                return item
        prefix = item_id.partition("-")[0]
        if prefix in ("kr", "mil", "chk"):  # nested in goals: skip the check-ins of other kinds
            for goal in self.goals:
                for kr in goal.key_results:
                    if kr.id == item_id:
                        return kr
                    if prefix == "chk":
                        for checkin in kr.checkins:
                            if checkin.id == item_id:
                                return checkin
                if prefix == "mil":
                    for milestone in goal.milestones:
                        if milestone.id == item_id:
                            return milestone
                if prefix == "chk":
                    for checkin in goal.checkins:
                        if checkin.id == item_id:
                            return checkin
        for item in self.iter_items():
            if item.id == item_id:
                return item
        return None

    def swot_quadrant_of(self, item_id: str) -> str | None:
        for name in QUADRANTS:
            if any(item.id == item_id for item in getattr(self.swot, name)):
                return name
        return None

    def force_of(self, item_id: str) -> str | None:
        for name, force in self.forces.forces.items():
            if any(item.id == item_id for item in force.items):
                return name
        return None

    def pestle_factor_of(self, item_id: str) -> str | None:
        for name, factor in self.pestle.factors.items():
            if any(item.id == item_id for item in factor.items):
                return name
        return None
