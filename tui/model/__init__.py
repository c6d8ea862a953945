"""The workbook model: plain data, ids, progress and framework questions. No Textual here."""

from tui.model.ids import ID_PATTERN, PREFIXES, is_valid_id, new_id
from tui.model.workbook import (
    EFFECTS,
    FRAMEWORKS,
    GOAL_STATUSES,
    PESTLE_FACTORS,
    QUADRANTS,
    SCHEMA,
    STRATEGY_KINDS,
    STRATEGY_QUADRANTS,
    TACTIC_STATUSES,
    Goal,
    KeyResult,
    Measure,
    Meta,
    Milestone,
    Pestle,
    PestleFactor,
    PestleItem,
    Strategy,
    Swot,
    SwotItem,
    Tactic,
    Value,
    Vmv,
    Workbook,
)

__all__ = [
    "EFFECTS", "FRAMEWORKS", "GOAL_STATUSES", "ID_PATTERN", "PESTLE_FACTORS", "PREFIXES", "QUADRANTS",
    "SCHEMA", "STRATEGY_KINDS", "STRATEGY_QUADRANTS", "TACTIC_STATUSES", "Goal", "KeyResult", "Measure",
    "Meta", "Milestone", "Pestle", "PestleFactor", "PestleItem", "Strategy", "Swot", "SwotItem", "Tactic",
    "Value", "Vmv", "Workbook", "is_valid_id", "new_id",
]
