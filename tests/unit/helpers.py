"""Helpers shared by the unit tests."""

from __future__ import annotations

import dataclasses
import math
from typing import Any


def plain(value: Any) -> Any:
    """`value` as nested dicts and lists, with each scalar tagged by its type and NaN made comparable.

    Dataclass equality says NaN != NaN and 1 == 1.0 == True; workbooks must compare equal
    exactly when they would write the same file, so tests compare `plain(a) == plain(b)`.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):  # TOML tables are unordered; the writer puts a table's tables last
        return {"<dict>": {plain(k): plain(v) for k, v in value.items()}}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    if hasattr(value, "utcoffset") and hasattr(value, "isoformat"):
        return (type(value).__name__, value.isoformat())
    return (type(value).__name__, value)


def same_workbook(a: Any, b: Any) -> bool:
    return plain(a) == plain(b)


def unstamped(workbook: Any) -> Any:
    """`workbook` without what a write by Stratbook adds to `[workbook]` (lineage, revision,
    history): for comparing content before and after `fmt` or a save."""
    import dataclasses

    meta = dataclasses.replace(workbook.meta, lineage="", revision="", history=[])
    return dataclasses.replace(workbook, meta=meta)
