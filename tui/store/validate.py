"""Turn parsed TOML into a `Workbook`, checking every rule of the format.

The parsed document is consumed: each known key is popped from its table, and
what is left over is kept as `extra` so that it is written back unchanged.
Problems carry field paths (`goals[2].due`); lines are added by the caller.
"""

from __future__ import annotations

import math
import re
from dataclasses import fields
from datetime import date, datetime, time
from collections.abc import Callable

from tui.model.frameworks import FRAMEWORKS
from tui.model.ids import ID_PATTERN, LINEAGE_PATTERN, REVISION_PATTERN, new_id
from tui.model.alignment import cycles, describe_cycle
from tui.model.workbook import (
    ANSOFF_QUADRANTS,
    FORCES,
    AnsoffOption,
    Force,
    ForceItem,
    Forces,
    COMMITMENTS,
    DEFAULT_KR_WEIGHT,
    DEFAULT_WEIGHT,
    KR_WEIGHT_RANGE,
    PERSPECTIVES,
    EFFECTS,
    GOAL_STATUSES,
    HISTORY_LIMIT,
    PESTLE_FACTORS,
    QUADRANTS,
    RISK_STATUSES,
    RISK_TREATMENTS,
    SCHEMA,
    STRATEGY_KINDS,
    TACTIC_STATUSES,
    Checkin,
    Closing,
    Goal,
    KeyResult,
    Measure,
    Meta,
    Milestone,
    Pestle,
    PestleFactor,
    PestleItem,
    Risk,
    Strategy,
    Swot,
    SwotItem,
    Tactic,
    Value,
    Vmv,
    Workbook,
)
from tui.store.problems import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:  # `typing` for the annotations only (see tui.model.workbook)
    from typing import Any, TypeVar

    T = TypeVar("T")

_MISSING: Any = object()
INT64 = (-(2**63), 2**63 - 1)
MAX_UNKNOWN_DEPTH = 32
"""How deep unknown tables and arrays may nest (rule 1 of the format: nested too deep is an
error). TOML parsers allow 1,000-part keys, which no recursive reader or writer survives."""
SWOT_PREFIXES = ("str-", "wea-", "opp-", "thr-")  # an item keeps its id when moved between quadrants
ANSWER_KINDS = {q.key: q.kind for f in FRAMEWORKS.values() for q in f.questions}
FRAMEWORK_KEYS = tuple(FRAMEWORKS)

NEAR = 0.75
"""How close (difflib's ratio: twice the letters in common over the letters of both) an unknown
key's name must be to one known at its place to be taken for a misspelling of it. One letter
slipped in a name of n letters (two swapped, one wrong, left out or doubled) leaves it about
(n - 1) / n from it: 0.75 or more in every name of 4 letters or more (`txet` 0.75, `titel` 0.8,
`wieght` 0.83, `threat` 0.92, `desription` 0.95). Below that come names that are not slips:
`hours` and `authors`, `evidence` and `confidence`, `start_date` and `start`, `uuid` and `id` are
0.67; `budget`, `x_custom` and `colour` are under 0.6 from every name. A close name must also
hold the value's kind (`reviewer = "Ann"` is 0.875 from the flag `reviewed`, `state = "open"` 0.8
from the date `start`); what still gets asked about (`comment`, 0.82 from `commitment`) is rare,
and only a warning. A letter swapped or wrong in a name of 2 or 3 letters (`di`, `deu`) is 0.5 or
0.67 from it, no nearer than those other names: not guessed at."""

ANSWERS = "answers"
"""The place of a goal's answers for `known_keys`: keyed by the frameworks' questions."""

_KINDS: dict[str, tuple[type, ...]] = {"str": (str,), "int": (int,), "bool": (bool,), "date": (date,),
                                       "datetime": (datetime,), "Number": (int, float)}
_KNOWN: dict[object, dict[str, tuple[type, ...]]] = {}


def known_keys(place: type | str) -> dict[str, tuple[type, ...]]:
    """The keys Stratbook knows in a table of the kind `place`, each with the types of value it
    holds. The model's dataclasses are the one list: a class's fields are its table's keys (but
    `extra`, the workbook's `comments`, and its `meta`, the file's `[workbook]`), of the types
    their annotations name; PESTLE factors, forces and answers are keys by name."""
    known = _KNOWN.get(place)
    if known is None:
        if place == ANSWERS:
            known = {key: (int,) if kind == "int" else (str,) for key, kind in ANSWER_KINDS.items()}
        elif place is Pestle or place is Forces:
            known = dict.fromkeys(PESTLE_FACTORS if place is Pestle else FORCES, (dict,))
        else:
            known = {}
            for each in fields(place):  # type: ignore[arg-type]
                if each.name not in ("extra", "comments"):
                    annotation = each.type.removesuffix(" | None")  # type: ignore[union-attr]
                    kinds = (list,) if annotation.startswith("list[") else _KINDS.get(annotation, (dict,))
                    known["workbook" if each.name == "meta" else each.name] = kinds  # others: tables
        _KNOWN[place] = known
    return known


def type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, datetime):
        return "a date-time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


class Validator:
    """Builds a `Workbook` from a parsed document, collecting problems."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.id_paths: dict[str, str] = {}
        # Every link, checked at the end: (item path, key, index in the key's list or None, id).
        self.links: list[tuple[str, str, int | None, str]] = []
        self.repeated: list[Problem] = []
        """Warnings of repeats in lists that count as sets, given after the links' own (`repeats`)."""
        self.newer_schema: int | None = None
        self.close: dict[tuple[object, str], list[str]] = {}
        """Each unknown key's close known names at a place (`misspelt`), found once."""

    # -- reporting ---------------------------------------------------------
    def error(self, path: str, message: str, also: str = "", then: str = "") -> None:
        self.problems.append(Problem("error", message, path, also=also, then=then))

    def warning(self, path: str, message: str) -> None:
        self.problems.append(Problem("warning", message, path))

    # -- scalar fields: pop, check, return a default on a problem -----------
    # Each check's message is written once, here. The items a workbook has thousands of (SWOT and
    # PESTLE items, goals, tactics) take the common case inline (`type(value) is str`) and call
    # a `bad_...` method for anything else: a method call per field was a third of validating.
    def bad_text(self, path: str, key: str, value: object, default: str | None = "") -> str | None:
        self.error(f"{path}.{key}", f"must be a string, not {type_name(value)}")
        return default

    def bad_flag(self, path: str, key: str, value: object) -> bool:
        self.error(f"{path}.{key}", f"must be true or false, not {type_name(value)}")
        return False

    def bad_rating(self, path: str, key: str, value: object) -> int:
        if type(value) is int:
            self.error(f"{path}.{key}", f"must be from 1 to 5, not {self.shown(value)}")
        else:
            self.error(f"{path}.{key}", f"must be a whole number from 1 to 5, not {type_name(value)}")
        return DEFAULT_WEIGHT

    def bad_choice(self, path: str, key: str, value: object, allowed: tuple[str, ...], default: str) -> str:
        listed = " | ".join(allowed)
        if type(value) is str:
            self.error(f"{path}.{key}", f"must be one of {listed}, not {value!r}")
        else:
            self.error(f"{path}.{key}", f"must be one of {listed}, not {type_name(value)}")
        return default

    def bad_day(self, path: str, key: str, value: object) -> None:
        self.error(f"{path}.{key}", f"must be a date like 2027-06-30, not {type_name(value)}")

    def text(self, table: dict, key: str, path: str, default: str = "") -> str:
        value = table.pop(key, default)
        return value if type(value) is str else self.bad_text(path, key, value, default)

    def optional_text(self, table: dict, key: str, path: str) -> str | None:
        value = table.pop(key, None)
        return value if value is None or type(value) is str else self.bad_text(path, key, value, None)

    def flag(self, table: dict, key: str, path: str) -> bool:
        value = table.pop(key, False)
        return value if type(value) is bool else self.bad_flag(path, key, value)

    def rating(self, table: dict, key: str, path: str) -> int:
        """A whole number from 1 to 5."""
        value = table.pop(key, DEFAULT_WEIGHT)
        return value if type(value) is int and 1 <= value <= 5 else self.bad_rating(path, key, value)

    def kr_weight(self, table: dict, path: str) -> int:
        """A key result's weight: a whole number from 1 to 10."""
        value = table.pop("weight", _MISSING)
        low, high = KR_WEIGHT_RANGE[0], KR_WEIGHT_RANGE[-1]
        if value is _MISSING:
            return DEFAULT_KR_WEIGHT
        if type(value) is int and low <= value <= high:
            return value
        if type(value) is int:
            self.error(f"{path}.weight", f"must be from {low} to {high}, not {self.shown(value)}")
        else:
            self.error(f"{path}.weight", f"must be a whole number from {low} to {high}, not {type_name(value)}")
        return DEFAULT_KR_WEIGHT

    def optional_choice(self, table: dict, key: str, path: str, allowed: tuple[str, ...]) -> str:
        """One of `allowed`, or "" when the key is missing (an optional field not said)."""
        if key not in table:
            return ""
        return self.choice(table, key, path, allowed, "")

    def choice(self, table: dict, key: str, path: str, allowed: tuple[str, ...], default: str) -> str:
        value = table.pop(key, _MISSING)
        if type(value) is str and value in allowed:
            return value
        return default if value is _MISSING else self.bad_choice(path, key, value, allowed, default)

    def day(self, table: dict, key: str, path: str) -> date | None:
        value = table.pop(key, None)
        return value if value is None or type(value) is date else self.bad_day(path, key, value)

    def moment(self, table: dict, key: str, path: str) -> datetime | None:
        value = table.pop(key, _MISSING)
        if value is _MISSING:
            return None
        if type(value) is datetime:
            return value
        self.error(f"{path}.{key}", f"must be a date-time like 2026-11-20T09:30:00Z, not {type_name(value)}")
        return None

    def number(self, table: dict, key: str, path: str) -> int | float | None:
        value = table.pop(key, _MISSING)
        if value is _MISSING:
            return None
        kind = type(value)
        if kind is float and math.isfinite(value):
            return value
        if kind is int and INT64[0] <= value <= INT64[1]:
            return value
        if kind is float:
            self.error(f"{path}.{key}", f"must be a finite number, not {value}")
        elif kind is int:
            self.error(f"{path}.{key}", "is beyond the 64-bit integer range")
        else:
            self.error(f"{path}.{key}", f"must be a number, not {type_name(value)}")
        return None

    def string_list(self, table: dict, key: str, path: str) -> list[str]:
        value = table.pop(key, _MISSING)
        if value is _MISSING:
            return []
        if type(value) is list and all(type(v) is str for v in value):
            return value
        self.error(f"{path}.{key}", "must be an array of strings")
        return []

    def authors(self, table: dict, path: str) -> list[str]:
        names = self.string_list(table, "authors", path)
        self.repeats(names, path, "authors", "names")
        return names

    def link(self, path: str, key: str, target: str) -> None:
        """A link to check once every id is known (its path is only worked out for a warning)."""
        self.links.append((path, key, None, target))

    def link_list(self, table: dict, key: str, path: str) -> list[str]:
        links = self.string_list(table, key, path)
        for index, target in enumerate(links):
            self.links.append((path, key, index, target))
        self.repeats(links, path, key, "links to")
        return links

    def repeats(self, values: list[str], path: str, key: str, verb: str) -> None:
        """A warning for each entry of a list that counts as a set (`links`, `authors`) that
        repeats one before it (a hand edit's): it counts once. Kept, as the file has it."""
        if len(values) > 1 and len(set(values)) != len(values):
            seen: set[str] = set()
            for index, value in enumerate(values):
                if value in seen:  # given after the links' own warnings: on one line, in the list's order
                    self.repeated.append(Problem("warning", f"{verb} {value!r} again: it counts once (the repeat "
                                                 "is kept)", f"{path}.{key}[{index}]"))
                seen.add(value)

    def _unused_like(self, taken: str) -> str:
        """An id of the same kind as `taken` that no item before has: `taken` with a digit more
        (or, at the longest, its last character changed)."""
        stem = taken if len(taken.partition("-")[2]) < 12 else taken[:-1]
        unused = next((candidate for candidate in (stem + character for character in "23456789abcdefghijklmnopqrstuvwxyz")
                       if candidate not in self.id_paths), None)
        return unused or new_id(taken.partition("-")[0], frozenset(self.id_paths))  # (every one of those taken)

    def item_id(self, table: dict, path: str, prefixes: tuple[str, ...]) -> str:
        """The item's id; `prefixes` are the ones its kind may have, each with its dash (`tac-`)."""
        value = table.pop("id", _MISSING)
        if type(value) is str and ID_PATTERN.match(value) is not None and value.startswith(prefixes):
            first = self.id_paths.setdefault(value, path)
            if first is not path:
                # Most often an item copied whole in an editor: say what makes the file open again.
                self.error(f"{path}.id", f"duplicate id {value!r}, first used at {first}", also=f"{first}.id",
                           then="; every item needs an id of its own: give this one another, such as "
                                f"{self._unused_like(value)!r}")
            return value
        if value is _MISSING:
            self.error(f"{path}.id", "is missing: every item needs an id")
            return ""
        example = f"{prefixes[0]}k3m9"
        shown = repr(value) if type(value) is str else type_name(value)
        self.error(f"{path}.id", f"{shown} is not a valid id: expected {example} (prefix, then 4 to 12 of a-z 0-9)")
        return value if type(value) is str else ""

    # -- tables ------------------------------------------------------------
    def table(self, parent: dict, key: str, path: str) -> dict:
        value = parent.pop(key, _MISSING)
        if value is _MISSING:
            return {}
        if type(value) is dict:
            return value
        self.error(path, f"must be a table, not {type_name(value)}")
        return {}

    def array_of_tables(self, parent: dict, key: str, path: str) -> list[tuple[str, dict]]:
        value = parent.pop(key, _MISSING)
        if value is _MISSING:
            return []
        if type(value) is not list:
            self.error(path, f"must be an array of tables ([[{path}]]), not {type_name(value)}")
            return []
        items = []
        for index, item in enumerate(value):
            item_path = f"{path}[{index}]"
            if type(item) is dict:
                items.append((item_path, item))
            else:
                self.error(item_path, f"must be a table, not {type_name(item)}")
        return items

    def leftover(self, table: dict, path: str, place: type | str) -> dict:
        """Unknown keys, kept as they are; checked for values TOML cannot hold losslessly, and
        for names misspelt (`place` as in `known_keys`)."""
        if table:
            self.unknown(table, path, place)
        return table

    def unknown(self, table: dict, path: str, place: type | str) -> None:
        """`leftover`'s checks of a table of unknown keys (kept by the caller)."""
        self.misspelt(table, path, place)
        self.check_unknown(table, path)

    def misspelt(self, table: dict, path: str, place: type | str) -> None:
        """A warning for each unknown key whose name is close to one known at `place` (`NEAR`)
        and whose value is of that one's kind: a misspelling (`titel` for `title`). A name close
        to none (a newer version's, an extension) says nothing. Unknown keys are rare: only they
        pay for difflib, and a name repeated through the file pays once."""
        known = known_keys(place)
        for key, value in table.items():
            close = self.close.get((place, key))
            if close is None:
                from difflib import get_close_matches  # 1 ms to import (measured): for unknown keys only

                close = self.close[place, key] = get_close_matches(key, known, 3, NEAR)
            for name in close:
                if type(value) in known[name]:
                    tables = type(value) is dict or (type(value) is list and value and type(value[0]) is dict)
                    what = "table" if tables else "key"
                    self.warning(f"{path}.{key}" if path else key,
                                 f"unknown {what} {key!r}, kept as written: did you mean {name!r}?")
                    break

    def check_unknown(self, value: Any, path: str, depth: int = 0) -> None:
        kind = type(value)
        if depth > MAX_UNKNOWN_DEPTH and (kind is dict or kind is list):
            self.error(path, f"is nested more than {MAX_UNKNOWN_DEPTH} levels deep")
        elif kind is dict:
            for key, inner in value.items():
                self.check_unknown(inner, f"{path}.{key}" if path else key, depth + 1)
        elif kind is list:
            for index, inner in enumerate(value):
                self.check_unknown(inner, f"{path}[{index}]", depth + 1)
        elif kind is int and not INT64[0] <= value <= INT64[1]:
            self.error(path, "is beyond the 64-bit integer range")

    @staticmethod
    def shown(value: int) -> str:
        text = str(value)
        return text if len(text) <= 24 else text[:10] + "..." + text[-4:]

    # -- the workbook ------------------------------------------------------
    def workbook(self, document: dict) -> Workbook:
        meta = self.meta(self.table(document, "workbook", "workbook"))
        vmv = self.vmv(self.table(document, "vmv", "vmv"))
        swot = self.swot(self.table(document, "swot", "swot"))
        strategies = [self.strategy(p, t) for p, t in self.array_of_tables(document, "strategies", "strategies")]
        pestle = self.pestle(self.table(document, "pestle", "pestle"))
        goals = [self.goal(p, t) for p, t in self.array_of_tables(document, "goals", "goals")]
        self.alignment(goals)
        tactics = [self.tactic(p, t) for p, t in self.array_of_tables(document, "tactics", "tactics")]
        risks = [self.risk(p, t) for p, t in self.array_of_tables(document, "risks", "risks")]
        forces, ansoff = self.forces_and_ansoff(document)
        extra = self.leftover(document, "", Workbook)
        workbook = Workbook(meta=meta, vmv=vmv, swot=swot, strategies=strategies, pestle=pestle, goals=goals,
                            tactics=tactics, risks=risks, forces=forces, ansoff=ansoff, extra=extra)
        if not any(p.is_error for p in self.problems):
            known = self.id_paths
            for path, key, index, target in self.links:
                if target not in known:
                    where = f"{path}.{key}" if index is None else f"{path}.{key}[{index}]"
                    self.warning(where, f"links to {target!r}, which is not in this workbook (the link is kept)")
                else:
                    self.reference_kind(path, key, index, target)
            self.risk_references(risks)
        self.problems += self.repeated
        return workbook

    def reference_kind(self, path: str, key: str, index: int | None, target: str) -> None:
        """A reference to an item that is there but of a kind the field does not refer to (a hand
        edit's: the app offers only the right kinds) is a warning, and kept, as a dangling one is.
        (A goal's parent is checked by `alignment`, a risk's references by `risk_references`.)"""
        for pattern, field, kinds, wanted, why in _REFERENCE_KINDS:
            if field == key and pattern.fullmatch(path):
                break
        else:
            return
        where = f"{path}.{key}" if index is None else f"{path}.{key}[{index}]"
        if key == "links" and self.id_paths.get(target) == path:
            self.warning(where, f"{target!r} is this goal itself: {why} (the link is kept)")
        elif (prefix := target.partition("-")[0]) not in kinds:
            kind = _KIND_NAMES.get(prefix, prefix)
            self.warning(where, f"{target!r} is {_article(kind)} {kind}, not {wanted}: {why} (the link is kept)")

    def meta(self, table: dict) -> Meta:
        path = "workbook"
        schema = table.pop("schema", _MISSING)
        # Rule 2 of the format: the schema decides whether we can read this file at all.
        if schema is _MISSING:
            self.error("workbook.schema", "is missing: a workbook needs [workbook] schema = 1")
            schema = SCHEMA
        elif type(schema) is not int:
            self.error("workbook.schema", f"must be an integer, not {type_name(schema)}")
            schema = SCHEMA
        elif schema < 1:
            self.error("workbook.schema", f"must be 1 or more, not {self.shown(schema)}")
            schema = SCHEMA
        elif schema > SCHEMA:
            self.newer_schema = schema
            if not INT64[0] <= schema <= INT64[1]:
                self.error("workbook.schema", "is beyond the 64-bit integer range")
                schema = SCHEMA
        return Meta(
            schema=schema,
            title=self.text(table, "title", path),
            organisation=self.text(table, "organisation", path),
            authors=self.authors(table, path),
            created=self.moment(table, "created", path),
            updated=self.moment(table, "updated", path),
            lineage=self.lineage(table, path),
            revision=self.revision(table, "revision", path),
            history=self.history(table, path),
            checkin_days=self.cadence(table, path),
            extra=self.leftover(table, path, Meta),
        )

    def lineage(self, table: dict, path: str) -> str:
        value = self.text(table, "lineage", path)
        if value and LINEAGE_PATTERN.match(value) is None:
            self.error(f"{path}.lineage", f"{value!r} is not a valid lineage: expected lin-8f3k2m9q "
                       "(lin-, then 4 to 12 of a-z 0-9)")
            return ""
        return value

    def revision(self, table: dict, key: str, path: str) -> str:
        value = self.text(table, key, path)
        if value and REVISION_PATTERN.match(value) is None:
            self.error(f"{path}.{key}", f"{value!r} is not a valid revision: expected 16 hex digits "
                       "(0-9, a-f), e.g. 3f9a1c2b7e4d5a60")
            return ""
        return value

    def history(self, table: dict, path: str) -> list[str]:
        values = self.string_list(table, "history", path)
        for index, value in enumerate(values):
            if REVISION_PATTERN.match(value) is None:
                self.error(f"{path}.history[{index}]", f"{value!r} is not a valid revision: expected 16 hex "
                           "digits (0-9, a-f)")
                return []
        if len(values) > HISTORY_LIMIT:
            self.error(f"{path}.history", f"has {len(values)} revisions; at most {HISTORY_LIMIT}")
            return []
        return values

    def vmv(self, table: dict) -> Vmv:
        values = []
        for path, item in self.array_of_tables(table, "values", "vmv.values"):
            values.append(Value(
                id=self.item_id(item, path, ("val-",)),
                name=self.text(item, "name", path),
                description=self.text(item, "description", path),
                extra=self.leftover(item, path, Value),
            ))
        return Vmv(
            vision=self.text(table, "vision", "vmv"),
            mission=self.text(table, "mission", "vmv"),
            values=values,
            extra=self.leftover(table, "vmv", Vmv),
        )

    def swot(self, table: dict) -> Swot:
        quadrants = []
        for name in QUADRANTS:
            items = []
            for path, item in self.array_of_tables(table, name, f"swot.{name}"):
                pop = item.pop
                source = pop("source", None)
                if type(source) is str:
                    self.link(path, "source", source)
                elif source is not None:
                    source = self.bad_text(path, "source", source, None)
                item_id = self.item_id(item, path, SWOT_PREFIXES)
                text = pop("text", "")
                if type(text) is not str:
                    text = self.bad_text(path, "text", text)
                weight = pop("weight", DEFAULT_WEIGHT)
                if type(weight) is not int or not 1 <= weight <= 5:
                    weight = self.bad_rating(path, "weight", weight)
                notes = pop("notes", "")
                if type(notes) is not str:
                    notes = self.bad_text(path, "notes", notes)
                if item:
                    self.unknown(item, path, SwotItem)
                items.append(SwotItem(item_id, text, weight, notes, source, item))
            quadrants.append(items)
        return Swot(*quadrants, extra=self.leftover(table, "swot", Swot))

    def strategy(self, path: str, item: dict) -> Strategy:
        return Strategy(
            self.item_id(item, path, ("tow-",)),
            self.choice(item, "kind", path, STRATEGY_KINDS, "SO"),
            self.text(item, "text", path),
            self.link_list(item, "links", path),
            self.leftover(item, path, Strategy),
        )

    def pestle(self, table: dict) -> Pestle:
        factors = {}
        for name in PESTLE_FACTORS:
            factor_path = f"pestle.{name}"
            factor = self.table(table, name, factor_path)
            items = []
            for path, item in self.array_of_tables(factor, "items", f"{factor_path}.items"):
                pop = item.pop
                item_id = self.item_id(item, path, ("pes-",))
                text = pop("text", "")
                if type(text) is not str:
                    text = self.bad_text(path, "text", text)
                checked = pop("checked", False)
                if type(checked) is not bool:
                    checked = self.bad_flag(path, "checked", checked)
                impact = pop("impact", DEFAULT_WEIGHT)
                if type(impact) is not int or not 1 <= impact <= 5:
                    impact = self.bad_rating(path, "impact", impact)
                likelihood = pop("likelihood", DEFAULT_WEIGHT)
                if type(likelihood) is not int or not 1 <= likelihood <= 5:
                    likelihood = self.bad_rating(path, "likelihood", likelihood)
                effect = pop("effect", "neutral")
                if type(effect) is not str or effect not in EFFECTS:
                    effect = self.bad_choice(path, "effect", effect, EFFECTS, "neutral")
                if item:
                    self.unknown(item, path, PestleItem)
                items.append(PestleItem(item_id, text, checked, impact, likelihood, effect, item))
            factors[name] = PestleFactor(
                reviewed=self.flag(factor, "reviewed", factor_path),
                notes=self.text(factor, "notes", factor_path),
                items=items,
                extra=self.leftover(factor, factor_path, PestleFactor),
            )
        return Pestle(factors, extra=self.leftover(table, "pestle", Pestle))

    def goal(self, path: str, item: dict) -> Goal:
        pop = item.pop
        goal_id = self.item_id(item, path, ("gol-",))
        framework = pop("framework", "smart")
        if type(framework) is not str or framework not in FRAMEWORK_KEYS:
            framework = self.bad_choice(path, "framework", framework, FRAMEWORK_KEYS, "smart")
        title = pop("title", "")
        if type(title) is not str:
            title = self.bad_text(path, "title", title)
        status = pop("status", "draft")
        if type(status) is not str or status not in GOAL_STATUSES:
            status = self.bad_choice(path, "status", status, GOAL_STATUSES, "draft")
        owner = pop("owner", "")
        if type(owner) is not str:
            owner = self.bad_text(path, "owner", owner)
        start = self.day(item, "start", path)
        due = self.day(item, "due", path)
        if start is not None and due is not None and due < start:
            self.error(f"{path}.due", f"{due} is before the start date {start}")
        links = self.link_list(item, "links", path)
        parent = self.text(item, "parent", path)
        if parent:
            self.link(path, "parent", parent)
        commitment = self.optional_choice(item, "commitment", path, COMMITMENTS)
        perspective = self.optional_choice(item, "perspective", path, PERSPECTIVES)
        answers = self.answers(self.table(item, "answers", f"{path}.answers"), f"{path}.answers")
        measure = self.optional_table(item, "measure", path, self.measure)
        key_results = []
        if "key_results" in item:
            for kr_path, kr in self.array_of_tables(item, "key_results", f"{path}.key_results"):
                key_result = KeyResult(
                    self.item_id(kr, kr_path, ("kr-",)),
                    self.text(kr, "text", kr_path),
                    self.text(kr, "unit", kr_path),
                    self.number(kr, "baseline", kr_path),
                    self.number(kr, "target", kr_path),
                    self.number(kr, "current", kr_path),
                    self.kr_weight(kr, kr_path),
                )
                key_result.checkins = self.checkins(kr, kr_path, "current", key_result.current)
                key_result.extra = self.leftover(kr, kr_path, KeyResult)
                key_results.append(key_result)
        milestones = []
        if "milestones" in item:
            for ms_path, ms in self.array_of_tables(item, "milestones", f"{path}.milestones"):
                milestones.append(Milestone(
                    self.item_id(ms, ms_path, ("mil-",)),
                    self.day(ms, "due", ms_path),
                    self.text(ms, "text", ms_path),
                    self.flag(ms, "done", ms_path),
                    self.leftover(ms, ms_path, Milestone),
                ))
        checkins = self.checkins(item, path, "measure.current", measure.current if measure else None)
        checkin_days = self.cadence(item, path)
        closing = self.optional_table(item, "closing", path, self.closing)
        if item:
            self.unknown(item, path, Goal)
        return Goal(goal_id, framework, title, status, owner, start, due, links, answers, measure, key_results,
                    milestones, parent, commitment, perspective, checkins, checkin_days, closing, item)

    def alignment(self, goals: list[Goal]) -> None:
        """A parent must be a goal, and parents never loop (each cycle named once, as an error)."""
        for index, goal in enumerate(goals):
            if goal.parent == goal.id:
                continue  # a cycle of one, named below
            if goal.parent and goal.parent.partition("-")[0] != "gol" and goal.parent in self.id_paths:
                self.error(f"goals[{index}].parent", f"{goal.parent!r} is not a goal: a goal serves another goal")
        index_of = {goal.id: index for index, goal in enumerate(goals)}
        for cycle in cycles(goals):
            self.error(f"goals[{index_of[cycle[0]]}].parent",
                       f"goals serve each other in a cycle: {describe_cycle(cycle)}")

    def optional_table(self, item: dict, key: str, path: str, build: Callable[[dict, str], T]) -> T | None:
        """A table that may be missing (a goal's measure, its closing), built by `build`."""
        table = item.pop(key, _MISSING)
        if table is _MISSING:
            return None
        if type(table) is dict:
            return build(table, f"{path}.{key}")
        self.error(f"{path}.{key}", f"must be a table, not {type_name(table)}")
        return None

    def cadence(self, table: dict, path: str) -> int | None:
        """`checkin_days`: a whole number of days, 1 or more."""
        value = table.pop("checkin_days", _MISSING)
        if value is _MISSING:
            return None
        if type(value) is int and 1 <= value <= 3660:
            return value
        self.error(f"{path}.checkin_days", f"must be a whole number of days from 1 to 3660, not "
                   f"{self.shown(value) if type(value) is int else type_name(value)}")
        return None

    def checkins(self, item: dict, path: str, current_key: str, current: float | None) -> list[Checkin]:
        """A measure's check-ins: each with a date and a value, one per day. Out of order, or a
        `current` (at `path`.`current_key`) that is not the newest value: a warning."""
        if "checkins" not in item:
            return []
        checkins = []
        days: dict[date, str] = {}
        latest: date | None = None
        for chk_path, chk in self.array_of_tables(item, "checkins", f"{path}.checkins"):
            checkin_id = self.item_id(chk, chk_path, ("chk-",))
            if "date" not in chk:
                self.error(f"{chk_path}.date", "is missing: a check-in needs the date it was made")
            day = self.day(chk, "date", chk_path)
            if "value" not in chk:
                self.error(f"{chk_path}.value", "is missing: a check-in needs a value")
            value = self.number(chk, "value", chk_path)
            confidence = chk.pop("confidence", _MISSING)
            if confidence is _MISSING:
                confidence = None
            elif type(confidence) is not int or not 1 <= confidence <= 10:
                shown = self.shown(confidence) if type(confidence) is int else type_name(confidence)
                self.error(f"{chk_path}.confidence", f"must be a whole number from 1 to 10, not {shown}")
                confidence = None
            if day is not None:
                first = days.setdefault(day, chk_path)
                if first != chk_path:
                    self.error(f"{chk_path}.date", f"{day} has a check-in already ({first}): one a day per measure")
                elif latest is not None and day < latest:
                    self.warning(f"{chk_path}.date", f"{day} comes after {latest}: check-ins go oldest first")
                latest = max(day, latest) if latest is not None else day
            checkins.append(Checkin(
                id=checkin_id,
                date=day,
                value=value if value is not None else 0,
                confidence=confidence,
                note=self.text(chk, "note", chk_path),
                by=self.text(chk, "by", chk_path),
                extra=self.leftover(chk, chk_path, Checkin),
            ))
        newest = max((c for c in checkins if c.date is not None), key=lambda c: c.date, default=None)
        if newest is not None and type(current) in (int, float) and current != newest.value:
            self.warning(f"{path}.{current_key}", f"is {self.shown(current)}, but the newest check-in ({newest.date}) "
                         f"says {self.shown(newest.value)}: current follows the newest check-in")
        return checkins

    def closing(self, table: dict, path: str) -> Closing:
        day = self.day(table, "date", path)
        score = self.number(table, "score", path)
        if score is not None and not 0 <= score <= 1:
            self.error(f"{path}.score", f"must be from 0.0 to 1.0, not {score}")
            score = None
        carried_to = self.optional_text(table, "carried_to", path)
        if carried_to is not None:
            self.link(path, "carried_to", carried_to)
        return Closing(
            date=day,
            score=score,
            lessons=self.text(table, "lessons", path),
            carried_to=carried_to,
            extra=self.leftover(table, path, Closing),
        )

    def answers(self, table: dict, path: str) -> dict[str, Any]:
        # Answers of every framework are kept, so switching framework loses nothing.
        for key, value in list(table.items()):
            kind = ANSWER_KINDS.get(key)
            if kind is None:
                self.misspelt({key: value}, path, ANSWERS)
                self.check_unknown(value, f"{path}.{key}")
            elif kind == "int" and type(value) is not int:
                self.error(f"{path}.{key}", f"must be a whole number of years, not {type_name(value)}")
                del table[key]
            elif kind == "int" and not INT64[0] <= value <= INT64[1]:
                self.error(f"{path}.{key}", "is beyond the 64-bit integer range")
                del table[key]
            elif kind == "text" and type(value) is not str:
                self.error(f"{path}.{key}", f"must be a string, not {type_name(value)}")
                del table[key]
        return table

    def measure(self, table: dict, path: str) -> Measure:
        return Measure(
            metric=self.text(table, "metric", path),
            unit=self.text(table, "unit", path),
            baseline=self.number(table, "baseline", path),
            target=self.number(table, "target", path),
            current=self.number(table, "current", path),
            extra=self.leftover(table, path, Measure),
        )

    def forces_and_ansoff(self, document: dict) -> tuple[Forces, list[AnsoffOption]]:
        table = self.table(document, "forces", "forces")
        forces = {name: self.force(self.table(table, name, f"forces.{name}"), f"forces.{name}") for name in FORCES}
        options = [self.ansoff_option(p, t) for p, t in self.array_of_tables(document, "ansoff", "ansoff")]
        return Forces(forces, extra=self.leftover(table, "forces", Forces)), options

    def force(self, table: dict, path: str) -> Force:
        rating = self.rating(table, "rating", path) if "rating" in table else None
        items = [ForceItem(
            id=self.item_id(item, item_path, ("frc-",)),
            text=self.text(item, "text", item_path),
            weight=self.rating(item, "weight", item_path),
            extra=self.leftover(item, item_path, ForceItem),
        ) for item_path, item in self.array_of_tables(table, "items", f"{path}.items")]
        return Force(rating, self.text(table, "notes", path), items, self.leftover(table, path, Force))

    def ansoff_option(self, path: str, item: dict) -> AnsoffOption:
        return AnsoffOption(
            id=self.item_id(item, path, ("ans-",)),
            quadrant=self.choice(item, "quadrant", path, ANSOFF_QUADRANTS, ANSOFF_QUADRANTS[0]),
            text=self.text(item, "text", path),
            risk=self.rating(item, "risk", path),
            links=self.link_list(item, "links", path),
            extra=self.leftover(item, path, AnsoffOption),
        )

    def tactic(self, path: str, item: dict) -> Tactic:
        pop = item.pop
        tactic_id = self.item_id(item, path, ("tac-",))
        goal = pop("goal", "")
        if type(goal) is not str:
            goal = self.bad_text(path, "goal", goal)
        elif goal:
            self.link(path, "goal", goal)
        text = pop("text", "")
        if type(text) is not str:
            text = self.bad_text(path, "text", text)
        owner = pop("owner", "")
        if type(owner) is not str:
            owner = self.bad_text(path, "owner", owner)
        due = pop("due", None)
        if due is not None and type(due) is not date:
            due = self.bad_day(path, "due", due)
        status = pop("status", "todo")
        if type(status) is not str or status not in TACTIC_STATUSES:
            status = self.bad_choice(path, "status", status, TACTIC_STATUSES, "todo")
        if item:
            self.unknown(item, path, Tactic)
        return Tactic(tactic_id, goal, text, owner, due, status, item)

    # -- the risk register ---------------------------------------------------
    def risk(self, path: str, item: dict) -> Risk:
        risk_id = self.item_id(item, path, ("rsk-",))
        source = self.optional_text(item, "source", path)
        if source is not None:
            self.link(path, "source", source)
        return Risk(
            id=risk_id,
            text=self.text(item, "text", path),
            owner=self.text(item, "owner", path),
            impact=self.rating(item, "impact", path),
            likelihood=self.rating(item, "likelihood", path),
            treatment=self.optional_choice(item, "treatment", path, RISK_TREATMENTS),
            response=self.text(item, "response", path),
            review=self.day(item, "review", path),
            status=self.choice(item, "status", path, RISK_STATUSES, "open"),
            source=source,
            links=self.link_list(item, "links", path),
            extra=self.leftover(item, path, Risk),
        )

    def risk_references(self, risks: list[Risk]) -> None:
        """A risk comes from a PESTLE item or a SWOT threat and is treated by goals and tactics.
        Warnings, not errors: moving a threat to another SWOT quadrant in the app must not stop
        a save; the link is kept, as a dangling one is."""
        for index, risk in enumerate(risks):
            path = f"risks[{index}]"
            where = self.id_paths.get(risk.source) if risk.source is not None else None
            if where is not None and not (where.startswith("pestle.") or where.startswith("swot.threats[")):
                self.warning(f"{path}.source", f"{risk.source!r} is not a PESTLE item or a SWOT threat: "
                             "a risk comes from one of those")
            for link_index, target in enumerate(risk.links):
                prefix = target.partition("-")[0]
                if target in self.id_paths and prefix not in ("gol", "tac"):
                    self.warning(f"{path}.links[{link_index}]", f"{target!r} is not a goal or a tactic: "
                                 "a risk links the goals and tactics that treat it")


_SWOT_ITEMS = ("str", "wea", "opp", "thr")
_REFERENCE_KINDS = [
    # (the referring item's path, its field, the id prefixes it may name, what those are, what for)
    (re.compile(r"tactics\[\d+\]"), "goal", ("gol",), "a goal", "a tactic serves a goal"),
    (re.compile(r"strategies\[\d+\]"), "links", _SWOT_ITEMS, "a SWOT item", "a TOWS strategy pairs SWOT items"),
    (re.compile(r"swot\.\w+\[\d+\]"), "source", ("pes",), "a PESTLE item", "a SWOT item comes from a PESTLE item"),
    (re.compile(r"goals\[\d+\]\.closing"), "carried_to", ("gol",), "a goal",
     "a closed goal is carried forward as a new goal"),
    (re.compile(r"ansoff\[\d+\]"), "links", (*_SWOT_ITEMS, "gol"), "a SWOT item or a goal",
     "an Ansoff option draws on SWOT items and serves goals"),
    (re.compile(r"goals\[\d+\]"), "links", ("val", *_SWOT_ITEMS, "tow", "pes", "frc", "ans", "gol"),
     "a value, SWOT item, strategy, PESTLE item, five-forces item, Ansoff option or other goal",
     "a goal links to what it serves"),
]
_KIND_NAMES = {"val": "value", "str": "strength", "wea": "weakness", "opp": "opportunity", "thr": "threat",
               "tow": "TOWS strategy", "pes": "PESTLE item", "gol": "goal", "kr": "key result", "mil": "milestone",
               "tac": "tactic", "chk": "check-in", "rsk": "risk", "frc": "five-forces item", "ans": "Ansoff option"}


def _article(words: str) -> str:
    return "an" if words[:1].lower() in "aeiou" else "a"


def validate(document: dict) -> tuple[Workbook, list[Problem], int | None]:
    """Build the workbook; return it, its problems, and the schema if newer than ours."""
    validator = Validator()
    workbook = validator.workbook(document)
    return workbook, validator.problems, validator.newer_schema
