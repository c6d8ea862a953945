"""Three-way merge of workbooks by item id and field. No Textual here.

`merge(base, ours, theirs)` compares each side with the common ancestor:

- a field changed on one side only takes that side's value; the same change on
  both sides is taken once; `links` and `authors` merge as sets (additions
  from both sides are kept, removals from either side are taken), in one order
  whichever side is ours;
- items added on either side are kept (ids are random, so both people's new
  items survive side by side), in the position they have on their side;
- an item deleted on one side and unchanged on the other is deleted;
- an item deleted on one side and changed on the other is a conflict; the
  changed item is kept (nothing is lost), and choosing "mine" or "theirs"
  later deletes it or keeps it;
- a field changed differently on both sides is a conflict; the result keeps
  OURS's value;
- every nested item (key result, milestone: `NESTED` in tui/model/workbook.py)
  is an item of its own, its list (`<goal id>.key_results`) a field like any
  other, so a move between goals is one change. A goal one side deleted stays
  (a conflict) while the other side changed it, put or changed anything in it (a
  tactic under it too), or names it as the other place of a conflict; what went
  only with it stays with it. Its record's `elsewhere` says where the deleting side keeps what it
  moved out, and settling the conflict by deleting the goal sends those there
  (or refuses, when that place is gone too): nothing either side did is lost.

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
    elsewhere = {"kr-m2a7" = "gol-q8wn3.key_results"}  # a deleted item: what the deleting
                             #   side keeps in another list

The app lists these (Compare, in the command palette) and resolves each one
with an ordinary, undoable edit that also removes its record.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from collections.abc import Mapping
from typing import Any

from tui.model.alignment import parent_cycles
from tui.model.checkins import delete_checkin, holder_of_checkin
from tui.model.edits import Batch, Edit, EditError, Move, Remove, SetFields
from tui.model.text import one_line
from tui.model.workbook import NESTED_LISTS, SCHEMA, Workbook
from tui.model.comments import commented_items, merged as merged_comments
from tui.store.diff import (
    MISSING,
    Flat,
    Obj,
    SetExtraKey,
    list_exists,
    flatten,
    holds_nested,
    nested_parent,
    place_name,
    resolve_ref,
    set_field,
    show_named,
    unchanged,
    unflatten,
)
from tui.store.gc_pause import paused_gc
from tui.store.validate import validate
from tui.store.writer import _same as same
from tui.store.writer import to_document

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
    elsewhere: dict[str, str] = field(default_factory=dict)
    """For a deleted item: the items in it that the deleting side keeps in another list (id: list)."""

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"item": self.item, "field": self.field, "path": self.path}
        for key in ("base", "ours", "theirs"):
            value = getattr(self, key)
            if value is not MISSING and value is not None:
                record[key] = copy.deepcopy(value)
        if self.deleted:
            record["deleted"] = self.deleted
        if self.elsewhere:
            record["elsewhere"] = dict(self.elsewhere)
        return record

    @classmethod
    def from_record(cls, record: Any) -> Conflict | None:
        """A conflict from its table in the file; None for a table that is not one."""
        if type(record) is not dict or not all(type(record.get(k)) is str for k in ("item", "field")):
            return None
        deleted = record.get("deleted", "")
        elsewhere = record.get("elsewhere")
        places = {k: v for k, v in elsewhere.items() if type(v) is str} if type(elsewhere) is dict else {}
        return cls(record["item"], record["field"], str(record.get("path", "")), record.get("base", MISSING),
                   record.get("ours", MISSING), record.get("theirs", MISSING),
                   deleted if deleted in ("ours", "theirs") else "", places)

    def describe(self) -> str:
        if self.deleted:
            what = "it or what is in it" if holds_nested(self.path) else "it"
            return f"deleted in {'our' if self.deleted == 'ours' else 'their'} copy, the other changed {what}"
        return f"{self.field} changed on both sides"

    def summary(self, labels: Mapping[str, str] | None = None) -> str:
        """One line for people: the item, the field and both values; with `labels` (id: text, see
        `item_labels`), the item and any item a value names are called by their text as well."""
        labels = labels or {}
        item = f"{self.item} {one_line(labels[self.item], 40)!r}" if labels.get(self.item) else self.item
        if self.deleted:
            return f"{item} ({place_name(self.path)}): {self.describe()}"
        return (f"{item} ({place_name(self.path)}) {self.field}: ours {show_named(self.ours_value, labels)}, "
                f"theirs {show_named(self.theirs_value, labels)}")

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
    """What both sides keep and what either added, once each, in one order whichever side is ours
    (ours first, then theirs, gave the two people who each merged the other's file two files that
    differ). What both sides hold keeps their order (the side's that changed it from BASE's, or
    the lesser of two changed orders); what one side holds alone stays after the same one of
    those as on its side, and where both put some at one place, the lesser list goes first.
    The values are strings (validation sees to it)."""
    base_list = base if isinstance(base, list) else []
    ours_list = ours if isinstance(ours, list) else []
    theirs_list = theirs if isinstance(theirs, list) else []
    base_set, ours_set, theirs_set = set(base_list), set(ours_list), set(theirs_list)
    both = ours_set & theirs_set
    kept = both | (ours_set - base_set) | (theirs_set - base_set)
    orders = [_first_each([x for x in side if x in both]) for side in (ours_list, theirs_list)]
    from_base = _first_each([x for x in base_list if x in both])
    changed = [order for order in orders if order != from_base]
    common = min(changed) if changed else from_base
    placed: list[dict[Any, list[Any]]] = []  # per side: what it alone holds, by what of `both` it follows
    for side in (ours_list, theirs_list):
        after: dict[Any, list[Any]] = {}
        anchor, seen = None, set()
        for value in side:
            if value in both:
                anchor = value
            elif value in kept and value not in seen:
                seen.add(value)
                after.setdefault(anchor, []).append(value)
        placed.append(after)
    merged: list[Any] = []
    for anchor in (None, *common):
        if anchor is not None:
            merged.append(anchor)
        for group in sorted(group for group in (placed[0].get(anchor), placed[1].get(anchor)) if group):
            merged.extend(group)
    return merged


def _first_each(values: list[Any]) -> list[Any]:
    """`values` without repeats, each where it first comes."""
    return list(dict.fromkeys(values))


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
            merged[key] = value  # the flat views are private copies: no need to copy again
    return merged


# -- objects ----------------------------------------------------------------------------------

def merge(base: Workbook, ours: Workbook, theirs: Workbook) -> MergeResult:
    """Merge `theirs` into `ours` with `base` as the common ancestor; see the module's text."""
    for name, workbook in (("base", base), ("ours", ours), ("theirs", theirs)):
        if workbook.meta.schema > SCHEMA:
            raise MergeError(f"{name} uses schema {workbook.meta.schema}, newer than this version knows ({SCHEMA})")
    with paused_gc():
        commented = {"ours": commented_items(base.comments, ours.comments),
                     "theirs": commented_items(base.comments, theirs.comments)}
        result = _merge(flatten(base), flatten(ours), flatten(theirs), commented)
    # The comments written by hand, place by place: each side's changes, both where both changed.
    result.workbook.comments = merged_comments(base.comments, ours.comments, theirs.comments)
    return result


def _merge(B: Flat, O: Flat, T: Flat, commented: Mapping[str, set[str]] | None = None) -> MergeResult:
    """`commented`: each side's items with a comment of its own (changed since the base)."""
    conflicts: list[Conflict] = []
    result: dict[str, Obj] = {}
    one_sided: dict[str, str] = {}
    """Items in the result that one side deleted: the side that did."""
    pending: dict[str, tuple[str, Obj]] = {}
    """Items deleted on one side and unchanged on the other: the deleting side and the kept copy.
    They go, unless the result still needs them (below)."""
    sides = {"ours": O, "theirs": T}

    # Each object on its own: a goal's key results and milestones are items like any other.
    for ref in _union(B.objects, O.objects, T.objects):
        b, o, t = B.objects.get(ref), O.objects.get(ref), T.objects.get(ref)
        if o is not None and t is not None:
            if o.container == t.container and unchanged(o.fields, t.fields):
                result[ref] = o  # the same on both sides (most of a workbook): nothing to merge
                continue
            if b is not None and b.container == t.container and unchanged(b.fields, t.fields):
                result[ref] = o
                continue
            if b is not None and b.container == o.container and unchanged(b.fields, o.fields):
                result[ref] = t
                continue
            base_fields = {**b.fields, "container": b.container} if b else {}
            fields = _merge_fields(ref, o.container or ref, base_fields, {**o.fields, "container": o.container},
                                   {**t.fields, "container": t.container}, conflicts)
            result[ref] = Obj(ref, fields.pop("container", o.container), fields)
        elif o is None and t is None:
            continue  # deleted on both sides
        elif b is None:  # added on one side
            result[ref] = o or t  # type: ignore[assignment]
        else:
            keeper, deleter = (o, "theirs") if t is None else (t, "ours")
            keeper_side = "ours" if deleter == "theirs" else "theirs"
            if (keeper.container != b.container or not same(keeper.fields, b.fields)
                    or ref in (commented or {}).get(keeper_side, ())):
                result[ref] = keeper
                one_sided[ref] = deleter
                conflicts.append(Conflict(ref, "", keeper.container or ref, deleted=deleter))
            else:
                pending[ref] = (deleter, keeper)

    # A kept item keeps the item it sits in: a goal deleted on one side stays (a conflict) while
    # the other side put or changed something in it, or names it as the other place of a conflict.
    # What went only with an item that stays, stays with it (deleting the item settles both).
    # A deleted item that the deleting side moved things out of: settling its conflict by deleting
    # it sends them where that side has them (`elsewhere`), so that place stays too.
    waiting: dict[str, list[str]] = {}
    for ref, (_, kept) in pending.items():
        parent = _parent(ref, kept)
        if parent is not None:
            waiting.setdefault(parent, []).append(ref)
    wanted = [_parent(ref, obj) for ref, obj in result.items() if not _left_under_it(ref, obj, pending, sides)]
    wanted += [nested_parent(value) for c in conflicts if c.field == "container"
               for value in (c.ours, c.theirs) if isinstance(value, str)]
    elsewhere: dict[str, dict[str, str]] = {}
    tactics_under: dict[str, set[str]] = {}
    for side in (O, T):
        for ref in side.order.get("tactics", ()):
            goal = side.objects[ref].fields.get("goal")
            if goal:
                tactics_under.setdefault(goal, set()).add(ref)
    queue = list(one_sided)
    while wanted or queue:
        while wanted:
            ref = wanted.pop()
            if ref is None or ref in result or ref not in pending:
                continue
            deleter, kept = pending.pop(ref)
            result[ref] = kept
            one_sided[ref] = deleter
            conflicts.append(Conflict(ref, "", kept.container or ref, deleted=deleter))
            wanted.append(_parent(ref, kept))
            queue.append(ref)
        while queue:
            parent = queue.pop()
            for child in waiting.pop(parent, []):
                # it went with its parent only if the same side deleted both (a tactic the other
                # side deleted on its own goes, whatever happens to its goal)
                if child in pending and pending[child][0] == one_sided[parent]:
                    deleter, result[child] = pending.pop(child)
                    one_sided[child] = deleter
                    queue.append(child)
            for ref in _ever_in(parent, O, T):
                there = sides[one_sided[parent]].objects.get(ref)
                if ref in result and there is not None and there.container is not None:
                    elsewhere.setdefault(parent, {})[ref] = there.container
                    wanted.append(nested_parent(there.container))
            # The same for the tactics under it: where the deleting side has each (its goal; the
            # deleted goal itself for one that side left under it, a goal deleted by hand).
            for ref in tactics_under.get(parent, ()):
                there = sides[one_sided[parent]].objects.get(ref)
                if ref in result and result[ref].fields.get("goal") == parent and there is not None:
                    place = there.fields.get("goal") or ""
                    elsewhere.setdefault(parent, {})[ref] = place
                    if place != parent:
                        wanted.append(place)
    if elsewhere:
        conflicts = [dataclasses.replace(c, elsewhere=elsewhere.get(c.item, {})) if c.deleted else c
                     for c in conflicts]

    _keep_dates_in_order(result, O, T, conflicts)
    _keep_parents_acyclic(result, O, T, conflicts)
    orders = _merge_orders(result, B, O, T)
    conflicts = _keep_checkins_in_step(result, orders, O, conflicts)
    ranks = {ref: rank for rank, ref in enumerate(_union(B.objects, O.objects, T.objects))}
    conflicts.sort(key=lambda c: ranks.get(c.item, 0))
    workbook = unflatten(Flat(result, orders))
    records = [c.to_record() for c in conflicts]
    if records:
        earlier = workbook.extra.get(CONFLICTS_KEY)
        workbook.extra[CONFLICTS_KEY] = (earlier if isinstance(earlier, list) else []) + records
    return MergeResult(workbook, conflicts)


def _ever_in(parent: str, *sides: Flat) -> list[str]:
    """The items in `parent`'s nested lists on any side."""
    return [ref for side in sides for name in NESTED_LISTS for ref in side.order.get(f"{parent}.{name}", [])]


def _union(*refs: dict[str, Any]) -> dict[str, None]:
    """The refs of all, in order: the first's, then those new in each next one."""
    union: dict[str, None] = {}
    for each in refs:
        union.update(dict.fromkeys(each))
    return union


def _parent(ref: str, obj: Obj | None) -> str | None:
    """The item `ref` sits in: a nested item's parent, a measure's goal, a tactic's goal (a
    tactic is a top-level item, but it goes with its goal: deleting a goal deletes its tactics)."""
    if ref.startswith("measure:"):
        return ref[8:]
    if obj is not None and obj.container == "tactics":
        return obj.fields.get("goal") or None
    return nested_parent(obj.container) if obj is not None else None


def _left_under_it(ref: str, obj: Obj, pending: Mapping[str, tuple[str, Obj]], sides: Mapping[str, Flat]) -> bool:
    """A tactic the side that deleted its goal kept under that goal (a goal deleted by hand, its
    tactics left pointing at it): not a reason to keep the goal."""
    goal = obj.fields.get("goal") if obj.container == "tactics" else None
    if goal is None or goal not in pending:
        return False
    there = sides[pending[goal][0]].objects.get(ref)
    return there is not None and there.fields.get("goal") == goal


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


def _keep_parents_acyclic(result: dict[str, Obj], O: Flat, T: Flat, conflicts: list[Conflict]) -> None:
    """Goals each side moved under the other (A under B in ours, B under A in theirs) would not
    load: each goal in such a loop takes ours' parent again (none, for one only theirs has)
    until no loop is left, and the change is a conflict to settle."""
    while True:
        parent_of = {ref: obj.fields.get("parent") or "" for ref, obj in result.items() if obj.container == "goals"}
        found = parent_cycles(parent_of)
        if not found:
            return
        for ref in found[0]:
            mine = O.objects[ref].fields.get("parent", MISSING) if ref in O.objects else MISSING
            if (mine if mine is not MISSING else "") == parent_of[ref]:
                continue  # ours alone never loops, so another goal of the loop is the one to undo
            theirs = T.objects[ref].fields.get("parent", MISSING) if ref in T.objects else MISSING
            if mine is MISSING:
                result[ref].fields.pop("parent", None)
            else:
                result[ref].fields["parent"] = mine
            if not any(c.item == ref and c.field == "parent" for c in conflicts):
                conflicts.append(Conflict(ref, "parent", "goals", MISSING, mine, theirs))
            break
        else:  # cannot happen (ours loaded, so it has no loop); never loop for ever on it
            result[found[0][0]].fields.pop("parent", None)


def _keep_checkins_in_step(result: dict[str, Obj], orders: dict[str, list[str]], O: Flat,
                           conflicts: list[Conflict]) -> list[Conflict]:
    """Both sides' check-ins are kept, oldest first. Two on one day (one from each side) are one:
    ours is kept, and each field theirs has otherwise (value, confidence, note, by) is a conflict. A
    measure's `current` follows its newest check-in, so it never conflicts when it has some."""
    derived: set[tuple[str, str]] = set()
    for container, refs in orders.items():
        if not container.endswith(".checkins") or nested_parent(container) is None:
            continue
        by_day: dict[Any, str] = {}
        kept: list[str] = []
        for ref in sorted(refs, key=lambda r: (r not in O.objects, str(result[r].fields.get("date")))):
            day = result[ref].fields.get("date")
            first = by_day.setdefault(day, ref)
            if first == ref:
                kept.append(ref)
                continue
            kept_fields, their_fields = result[first].fields, result[ref].fields
            differing = [name for name in {**kept_fields, **their_fields} if name not in ("id", "date")
                         and not same(kept_fields.get(name, MISSING), their_fields.get(name, MISSING))]
            for name in differing:  # each a conflict: taking theirs on all gives their reading whole
                conflicts.append(Conflict(first, name, container, MISSING, kept_fields.get(name, MISSING),
                                          their_fields.get(name, MISSING)))
            if not differing and ref < first:  # the same reading: which copy stays must not depend on who merges
                kept[kept.index(first)] = by_day[day] = ref
                first, ref = ref, first
            del result[ref]
        kept.sort(key=lambda r: str(result[r].fields.get("date")))
        orders[container] = kept
        if kept:
            owner = container.rpartition(".")[0]
            holder = owner if owner.startswith("kr-") else f"measure:{owner}"
            if holder in result:
                result[holder].fields["current"] = result[kept[-1]].fields.get("value")
                derived.add((holder, "current"))
    return [c for c in conflicts if (c.item, c.field) not in derived]


def _merge_orders(result: dict[str, Obj], B: Flat, O: Flat, T: Flat) -> dict[str, list[str]]:
    """Each list's order: theirs' reordering is taken when ours kept the base's order; items
    new to a list go right after the item they follow on their side."""
    members: dict[str, list[str]] = {}
    for ref, obj in result.items():
        if obj.container is not None:
            members.setdefault(obj.container, []).append(ref)
    orders: dict[str, list[str]] = {}
    for container, refs in members.items():
        wanted = set(refs)
        base, ours, theirs = (side.order.get(container, []) for side in (B, O, T))
        common = set(base).intersection(ours, theirs)
        skeleton = theirs if [r for r in ours if r in common] == [r for r in base if r in common] else ours
        order = [r for r in skeleton if r in wanted]
        placed = set(order)
        followers: dict[str | None, list[str]] = {}
        """The items new to the list that go right after an item (None: at the start), nearest first."""
        for side in (ours, theirs):
            previous = None
            for ref in side:
                if ref in wanted and ref not in placed:
                    followers.setdefault(previous, []).insert(0, ref)
                    placed.add(ref)
                if ref in placed:
                    previous = ref
        threaded: list[str] = []
        stack = [*reversed(order), *reversed(followers.get(None, []))]
        while stack:
            ref = stack.pop()
            threaded.append(ref)
            stack += reversed(followers.get(ref, []))
        orders[container] = threaded + [ref for ref in refs if ref not in placed]
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

    Deleting an item also drops the records of places that were in it (that choice is gone).
    Raises ValueError when the conflict no longer fits the workbook (the item is gone).
    """
    conflicts = read_conflicts(workbook)
    conflict = conflicts[index]
    if conflict is None:
        raise ValueError("not a conflict record")
    label = f"resolve conflict: {one_line(conflict.item)} {conflict.field}".rstrip()
    settled = {index}
    edits: list[Edit] = []
    if conflict.deleted:
        if conflict.deleted == choice:
            edits += _deletion(workbook, conflicts, index, settled, label)
    elif choice == "theirs":
        try:
            resolve_ref(workbook, conflict.item)
        except Exception as exc:  # noqa: BLE001 - an unknown ref or id: the item was deleted since
            raise ValueError(f"{conflict.item} is no longer in this workbook") from exc
        taken = set_field(workbook, conflict.item, conflict.field, conflict.theirs, label)
        _refuse_invalid(workbook, taken)
        edits.append(taken)
    records = [record for i, record in enumerate(workbook.extra[CONFLICTS_KEY]) if i not in settled]
    drop = SetExtraKey("workbook", CONFLICTS_KEY, records if records else MISSING, label)
    return Batch((*edits, drop), label)


def _refuse_invalid(workbook: Workbook, edit: Edit) -> None:
    """A record edited by hand (or that came by email) may hold any value: raise ValueError, the
    workbook unchanged, when taking it would leave a workbook that does not load (the wrong type,
    out of range, a loop of parents), as if it were typed into the file."""
    try:
        undo = edit.apply(workbook)
    except EditError as exc:
        raise ValueError(str(exc)) from exc
    try:
        errors = [problem for problem in validate(to_document(workbook))[1] if problem.is_error]
    except Exception as exc:  # noqa: BLE001 - a value the writer cannot even lay out
        errors = [exc]
    finally:
        undo.apply(workbook)
    if errors:
        reason = getattr(errors[0], "message", None) or str(errors[0])
        raise ValueError(f"their value cannot be taken: {reason}")


def _deletion(workbook: Workbook, conflicts: list[Conflict | None], index: int, settled: set[int],
              label: str) -> list[Edit]:
    """The edits that delete a conflict's item as one side did: what that side keeps elsewhere
    goes there first; a conflict over a place inside the item is settled for the other place
    (its index joins `settled`). Nothing when the item is gone already."""
    conflict = conflicts[index]
    assert conflict is not None
    item = conflict.item
    if item.startswith("measure:"):
        goal = workbook.find(item[8:])
        return [SetFields(goal.id, {"measure": None}, label)] if getattr(goal, "measure", None) is not None else []
    flat = flatten(workbook)
    obj = flat.objects.get(item)
    if obj is None or obj.container is None:
        return []
    holder = holder_of_checkin(workbook, item) if obj.container.endswith(".checkins") else None
    if holder is not None:  # as the app deletes one: `current` falls back to the one before
        return [delete_checkin(holder, item)]
    goes_to = dict(conflict.elsewhere)
    for other_index, other in enumerate(conflicts):
        if other is None or other.field != "container" or other_index == index:
            continue
        places = [p for p in (other.ours, other.theirs) if isinstance(p, str)]
        if any(nested_parent(p) == item for p in places):
            settled.add(other_index)
            goes_to.setdefault(other.item, next((p for p in places if nested_parent(p) != item), ""))
    edits: list[Edit] = []
    for child, place in goes_to.items():
        current = flat.objects.get(child)
        if current is None or nested_parent(current.container) != item:
            continue
        owner = nested_parent(place)
        if owner in flat.objects and owner != item and list_exists(workbook, place):
            edits.append(Move(current.container or "", child, place, len(flat.order.get(place, [])), label))
        elif child in conflict.elsewhere:  # both copies keep it, and its other place is gone too
            side = "our" if conflict.deleted == "ours" else "their"
            raise ValueError(f"{item} holds {child}, which {side} copy keeps in {place_name(place)}, deleted "
                             "since: move it to another goal first, or keep this one")
    # A goal goes with its tactics, as deleting it in the app takes them, but for those the
    # deleting side has elsewhere (`elsewhere`: under another goal, sent there; under this one,
    # a goal it deleted by hand, left as it left them).
    for ref, tactic in flat.objects.items():
        if tactic.container != "tactics" or tactic.fields.get("goal") != item:
            continue
        place = conflict.elsewhere.get(ref)
        if place is None:
            edits.append(Remove("tactics", ref, label))
        elif place != item and place in flat.objects:
            edits.append(SetFields(ref, {"goal": place}, label))
        elif place != item:
            side = "our" if conflict.deleted == "ours" else "their"
            raise ValueError(f"{item} holds {ref}, which {side} copy keeps under {place}, deleted since: "
                             "move it to another goal first, or keep this one")
    return [*edits, Remove(obj.container, item, label)]
