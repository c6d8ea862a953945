"""Three-way merge of workbooks by item id and field. No Textual here.

`merge(base, ours, theirs)` compares each side with the common ancestor:

- a field changed on one side only takes that side's value; the same change on
  both sides is taken once; `links` and `authors` merge as sets (additions
  from both sides are kept, removals from either side are taken);
- items added on either side are kept (ids are random, so both people's new
  items survive side by side), in the position they have on their side;
- an item deleted on one side and unchanged on the other is deleted;
- an item deleted on one side and changed on the other is a conflict; the
  changed item is kept (nothing is lost), and choosing "mine" or "theirs"
  later deletes it or keeps it;
- a field changed differently on both sides is a conflict; the result keeps
  OURS's value.

Conflicts are recorded inside the result, so it stays one valid workbook (the
format's rule that unknown top-level tables are kept does the rest: no new
schema). Each is one table of a top-level array:

    [[conflicts]]
    item = "gol-7tz2"        # the item id, or vmv, meta, pestle.<factor>, measure:<goal id>
    field = "title"          # a field; answers.<key> and extra.<key> for those tables;
                             #   "container" when the item moved to different lists;
                             #   "" when one side deleted the item (see `deleted`)
    path = "goals"           # the list (or table) the item is in, as edits name it
    base = "Old title"       # each value left out when it was not there on that side
    ours = "Our title"       #   (this value is the one in the workbook now)
    theirs = "Their title"
    deleted = "theirs"       # delete against modify only: the side that deleted it

The app lists these (Compare, in the command palette) and resolves each one
with an ordinary, undoable edit that also removes its record.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from tui.model.edits import Batch, Edit, Remove
from tui.model.text import one_line
from tui.model.workbook import SCHEMA, Workbook
from tui.store.diff import (
    MISSING,
    Flat,
    Obj,
    SetExtraKey,
    flatten,
    place_name,
    resolve_ref,
    set_field,
    show_value,
    unflatten,
)
from tui.store.writer import _same as same

CONFLICTS_KEY = "conflicts"
SET_FIELDS = ("links", "authors")
"""List fields merged as sets rather than as one value."""


@dataclass(frozen=True, slots=True)
class Conflict:
    item: str
    field: str
    path: str
    base: Any = MISSING
    ours: Any = MISSING
    theirs: Any = MISSING
    deleted: str = ""
    """`ours` or `theirs` when one side deleted the item and the other changed it."""

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"item": self.item, "field": self.field, "path": self.path}
        for key in ("base", "ours", "theirs"):
            value = getattr(self, key)
            if value is not MISSING and value is not None:
                record[key] = copy.deepcopy(value)
        if self.deleted:
            record["deleted"] = self.deleted
        return record

    @classmethod
    def from_record(cls, record: Any) -> Conflict | None:
        """A conflict from its table in the file; None for a table that is not one."""
        if type(record) is not dict or not all(type(record.get(k)) is str for k in ("item", "field")):
            return None
        deleted = record.get("deleted", "")
        return cls(record["item"], record["field"], str(record.get("path", "")), record.get("base", MISSING),
                   record.get("ours", MISSING), record.get("theirs", MISSING),
                   deleted if deleted in ("ours", "theirs") else "")

    def describe(self) -> str:
        if self.deleted:
            return f"deleted in {'our' if self.deleted == 'ours' else 'their'} copy, changed in the other"
        return f"{self.field} changed on both sides"

    def summary(self) -> str:
        """One line for people: the item, the field and both values."""
        if self.deleted:
            return f"{self.item} ({place_name(self.path)}): {self.describe()}"
        return (f"{self.item} ({place_name(self.path)}) {self.field}: ours {show_value(self.ours_value, 40)}, "
                f"theirs {show_value(self.theirs_value, 40)}")

    @property
    def ours_value(self) -> Any:
        return None if self.ours is MISSING else self.ours

    @property
    def theirs_value(self) -> Any:
        return None if self.theirs is MISSING else self.theirs


@dataclass(slots=True)
class MergeResult:
    workbook: Workbook
    conflicts: list[Conflict]


class MergeError(ValueError):
    """Inputs that cannot be merged (a schema newer than this version knows)."""


# -- fields ------------------------------------------------------------------------------------

def _merge_set(base: Any, ours: Any, theirs: Any) -> list[Any]:
    base_list = base if isinstance(base, list) else []
    ours_list = ours if isinstance(ours, list) else []
    theirs_list = theirs if isinstance(theirs, list) else []
    kept = [x for x in ours_list if x in theirs_list or x not in base_list]
    return kept + [x for x in theirs_list if x not in base_list and x not in kept]


def _merge_fields(ref: str, path: str, base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
                  conflicts: list[Conflict]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key in [*ours, *(k for k in theirs if k not in ours), *(k for k in base if k not in ours and k not in theirs)]:
        b, o, t = base.get(key, MISSING), ours.get(key, MISSING), theirs.get(key, MISSING)
        if same(o, t) or same(t, b):
            value = o
        elif same(o, b):
            value = t
        elif (ref, key) == ("meta", "updated"):
            value = max((v for v in (o, t) if v is not MISSING and v is not None), default=o)
        elif (ref, key) == ("workbook", f"extra.{CONFLICTS_KEY}"):
            value = o  # records of earlier merges: ours, as they stand
        elif key in SET_FIELDS and all(v is MISSING or isinstance(v, list) for v in (b, o, t)):
            value = _merge_set(b, o, t)
        else:
            value = o
            conflicts.append(Conflict(ref, key, path, b, o, t))
        if value is not MISSING:
            merged[key] = copy.deepcopy(value)
    return merged


# -- objects -----------------------------------------------------------------------------------

def _changed(side: Flat, base: Flat, ref: str) -> bool:
    """Whether `ref` (with a goal's measure, key results and milestones) differs from the base."""
    refs = base.subtree(ref)
    if ref in side.objects and side.subtree(ref) != refs:
        return True
    for part in refs:
        a, b = base.objects.get(part), side.objects.get(part)
        if b is None or a.container != b.container or not same(a.fields, b.fields):  # type: ignore[union-attr]
            return True
    return False


def merge(base: Workbook, ours: Workbook, theirs: Workbook) -> MergeResult:
    """Merge `theirs` into `ours` with `base` as the common ancestor; see the module's text."""
    for name, workbook in (("base", base), ("ours", ours), ("theirs", theirs)):
        if workbook.meta.schema > SCHEMA:
            raise MergeError(f"{name} uses schema {workbook.meta.schema}, newer than this version knows ({SCHEMA})")
    B, O, T = flatten(base), flatten(ours), flatten(theirs)
    conflicts: list[Conflict] = []
    result: dict[str, Obj] = {}
    decided: set[str] = set()

    # Deletions first, in file order, so a goal comes before its parts: a goal kept because the
    # other side changed it keeps its measure, key results and milestones as that side has them.
    for ref in B.objects:
        if ref not in decided and (ref not in O.objects or ref not in T.objects):
            _delete(ref, B, O, T, result, decided, conflicts)

    for ref in [*O.objects, *(r for r in T.objects if r not in O.objects)]:
        if ref in decided:
            continue
        b, o, t = B.objects.get(ref), O.objects.get(ref), T.objects.get(ref)
        if o is None or t is None:  # added on one side
            result[ref] = copy.deepcopy(o or t)  # type: ignore[arg-type]
            continue
        base_fields = b.fields if b else {}
        place = {"container": b.container} if b else {}
        fields = _merge_fields(ref, o.container or ref, {**base_fields, **place},
                               {**o.fields, "container": o.container}, {**t.fields, "container": t.container},
                               conflicts)
        container = fields.pop("container", o.container)
        result[ref] = Obj(ref, container, fields)

    _keep_dates_in_order(result, O, T, conflicts)
    ranks: dict[str, int] = {}
    for ref in [*B.objects, *O.objects, *T.objects]:
        ranks.setdefault(ref, len(ranks))
    conflicts.sort(key=lambda c: ranks.get(c.item, 0))
    flat = Flat(result, _merge_orders(result, B, O, T))
    workbook = unflatten(flat)
    records = [c.to_record() for c in conflicts]
    if records:
        earlier = workbook.extra.get(CONFLICTS_KEY)
        workbook.extra[CONFLICTS_KEY] = (earlier if isinstance(earlier, list) else []) + records
    return MergeResult(workbook, conflicts)


def _delete(ref: str, B: Flat, O: Flat, T: Flat, result: dict[str, Obj], decided: set[str],
            conflicts: list[Conflict]) -> None:
    """`ref` is in the base and gone from one side or both: delete it, or keep it as a conflict."""
    in_ours, in_theirs = ref in O.objects, ref in T.objects
    subtree = B.subtree(ref)
    if in_ours or in_theirs:
        keeper, deleter = (O, "theirs") if in_ours else (T, "ours")
        if _changed(keeper, B, ref):
            for part in keeper.subtree(ref):
                if part not in decided:
                    result[part] = copy.deepcopy(keeper.objects[part])
                    decided.add(part)
            obj = keeper.objects[ref]
            conflicts.append(Conflict(ref, "", obj.container or ref, deleted=deleter))
            return
    decided.update(subtree)


def _keep_dates_in_order(result: dict[str, Obj], O: Flat, T: Flat, conflicts: list[Conflict]) -> None:
    """A goal whose merged start is after its merged due date would not load: keep ours' dates."""
    for ref, obj in result.items():
        start, due = obj.fields.get("start"), obj.fields.get("due")
        if obj.container == "goals" and start is not None and due is not None and due < start and ref in O.objects:
            for key in ("start", "due"):
                value = O.objects[ref].fields.get(key, MISSING)
                if value is MISSING or value is None:
                    obj.fields.pop(key, None)
                else:
                    obj.fields[key] = value
            if not any(c.item == ref and c.field in ("start", "due") for c in conflicts):
                theirs = T.objects[ref].fields.get("due", MISSING) if ref in T.objects else MISSING
                conflicts.append(Conflict(ref, "due", "goals", MISSING, obj.fields.get("due", MISSING), theirs))


def _merge_orders(result: dict[str, Obj], B: Flat, O: Flat, T: Flat) -> dict[str, list[str]]:
    """Each list's order: theirs' reordering is taken when ours kept the base's order; items
    new to a list go after the item they follow on their side."""
    members: dict[str, list[str]] = {}
    for ref, obj in result.items():
        if obj.container is not None:
            members.setdefault(obj.container, []).append(ref)
    orders: dict[str, list[str]] = {}
    for container in [*O.order, *(c for c in T.order if c not in O.order), *members]:
        if container in orders:
            continue
        wanted = set(members.get(container, []))
        base, ours, theirs = (side.order.get(container, []) for side in (B, O, T))
        common = set(base) & set(ours) & set(theirs)
        ours_common = [r for r in ours if r in common]
        skeleton = theirs if ours_common == [r for r in base if r in common] else ours
        order = [r for r in skeleton if r in wanted]
        placed = set(order)
        for side in (ours, theirs):
            for index, ref in enumerate(side):
                if ref in wanted and ref not in placed:
                    before = next((r for r in reversed(side[:index]) if r in placed), None)
                    order.insert(order.index(before) + 1 if before else 0, ref)
                    placed.add(ref)
        order += [ref for ref in members.get(container, []) if ref not in placed]
        orders[container] = order
    return orders


# -- conflicts in a workbook, and resolving them ---------------------------------------------------

def read_conflicts(workbook: Workbook) -> list[Conflict | None]:
    """The recorded conflicts, one per record (None for a record that is not one: it is left alone)."""
    records = workbook.extra.get(CONFLICTS_KEY)
    if not isinstance(records, list):
        return []
    return [Conflict.from_record(record) for record in records]


def resolve_conflict(workbook: Workbook, index: int, choice: str) -> Edit:
    """The edit that settles conflict `index` with `choice` (`ours` or `theirs`) and drops its record.

    Raises ValueError when the conflict no longer fits the workbook (the item is gone).
    """
    conflicts = read_conflicts(workbook)
    conflict = conflicts[index]
    if conflict is None:
        raise ValueError("not a conflict record")
    records = list(workbook.extra[CONFLICTS_KEY])
    del records[index]
    remaining = records if records else MISSING
    label = f"resolve conflict: {one_line(conflict.item)} {conflict.field}".rstrip()
    drop = SetExtraKey("workbook", CONFLICTS_KEY, remaining, label)
    edits: list[Edit] = []
    if conflict.deleted:
        if conflict.deleted == choice and workbook.find(conflict.item) is not None:
            edits.append(Remove(conflict.path, conflict.item, label))
    elif choice == "theirs":
        try:
            resolve_ref(workbook, conflict.item)
        except Exception as exc:  # noqa: BLE001 - an unknown ref or id: the item was deleted since
            raise ValueError(f"{conflict.item} is no longer in this workbook") from exc
        edits.append(set_field(workbook, conflict.item, conflict.field, conflict.theirs, label))
    return Batch((*edits, drop), label)
