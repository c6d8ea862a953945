"""Differences between two workbooks by item id, not by line. No Textual here.

Both `diff` and `merge` (tui/store/merge.py) see a workbook as a flat set of
objects, each named by a `ref`: an item's id (`str-k3m9`), or one of the
single tables `meta`, `vmv`, `swot`, `pestle`, `pestle.<factor>`,
`measure:<goal id>` and `workbook` (the top level's unknown tables). An
object has fields (a goal's answers are the fields `answers.<key>`, unknown
keys are `extra.<key>`) and, for items, the list it sits in: its container,
named as in tui/model/edits.py (`swot.threats`, `<goal id>.key_results`).

A change is one of: `added`, `removed`, `changed` (one field, old and new
value), `moved` (to another quadrant, factor or goal; a tactic's `goal` field
counts as its place) and `reordered` (same list, another position). The
`[workbook] updated` time is left out: every save changes it; so are `revision`
and `history`, which say where the content came from, not what it is. Nested items
(`NESTED` in tui/model/workbook.py: key results, milestones) are objects of
their own; only those that came or went with their parent are not listed.

Both walk each workbook once, with dicts and sets of refs: time grows with the
workbook's size, not its square.
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
import functools
import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from tui.model.checkins import (
    delete_checkin,
    edit_checkin,
    find_target,
    format_number,
    holder_of_checkin,
    put_checkin,
)
from tui.model.text import counted, for_display, one_line
from tui.model.workbook import (
    FORCES,
    NESTED,
    NESTED_LISTS,
    AnsoffOption,
    Checkin,
    ForceItem,
    PESTLE_FACTORS,
    QUADRANTS,
    Goal,
    KeyResult,
    Measure,
    Meta,
    PestleItem,
    Risk,
    Strategy,
    SwotItem,
    Tactic,
    Value,
    Workbook,
)
from tui.store.gc_pause import paused_gc
from tui.store.writer import _same as same
from tui.store.writer import format_key

if TYPE_CHECKING:  # edits are made only to take a change from the other copy (the app's Compare)
    from tui.model.edits import Edit

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()
"""A field or object that is not there (distinct from None and from an empty string)."""

FIELD_MOVES = {"tactics": "goal", "goals": "parent"}
"""Fields whose change moves an item under another goal (a tactic's goal, a goal's parent): a
change of one is "moved", with the field named; a move between lists has no field."""

IGNORED_FIELDS = {("meta", "updated"), ("meta", "revision"), ("meta", "history")}
_PARTS = ("id", "extra", "answers", "measure", *sorted(NESTED_LISTS))
"""Attributes that are not plain fields: the id, tables spread into fields, nested lists."""
_NESTED_CLASS = {name: cls for lists in NESTED.values() for name, cls in lists.items()}
_IMMUTABLE = frozenset({str, int, float, bool, type(None), date, datetime, time})


def _copy(value: Any) -> Any:
    """A private copy of a field's value (plain values are shared: copying them is most of the cost)."""
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is list and all(type(item) in _IMMUTABLE for item in value):
        return value[:]  # links, authors: deepcopy's memo and dispatch cost ten times more
    return copy.deepcopy(value)


# -- the flat view -----------------------------------------------------------------------------

@dataclass(slots=True)
class Obj:
    """One object of a workbook: its fields, and the list it sits in (None for single tables)."""

    ref: str
    container: str | None
    fields: dict[str, Any]


def nested_parent(container: str | None) -> str | None:
    """The id of the item whose nested list `container` is (`kr` lists: the goal), else None."""
    if container is None:
        return None
    head, _, tail = container.partition(".")
    return head if tail in NESTED_LISTS and head not in ("swot", "pestle", "vmv") else None


@dataclass(slots=True)
class Flat:
    """A workbook as objects; their field values are the workbook's own: read them, never change them."""

    objects: dict[str, Obj]
    """Every object by ref, in file order."""
    order: dict[str, list[str]]
    """Every list (container) with the refs in it, in order."""

    def parent(self, ref: str) -> str | None:
        """The item a nested item (key result, milestone) or a goal's measure belongs to."""
        if ref.startswith("measure:"):
            return ref[8:]
        obj = self.objects.get(ref)
        return nested_parent(obj.container) if obj is not None else None


@functools.cache
def _plain_fields(cls: type, skip: tuple[str, ...]) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """The plain fields' names, and a getter of their values as a tuple (in C: a flat view of
    10,000 items reads 100,000 fields)."""
    names = tuple(f.name for f in dataclasses.fields(cls) if f.name not in skip)
    if len(names) > 1:
        return names, operator.attrgetter(*names)
    return names, lambda obj: tuple(getattr(obj, name) for name in names)


def _fields(obj: Any, skip: tuple[str, ...] = _PARTS) -> dict[str, Any]:
    # The values are the workbook's own (a flat view is only read); `unflatten` copies them.
    names, values = _plain_fields(type(obj), skip)
    fields = dict(zip(names, values(obj)))
    answers = getattr(obj, "answers", None)
    if answers:
        for key, value in answers.items():
            fields[f"answers.{key}"] = value
    if obj.extra:
        for key, value in obj.extra.items():
            fields[f"extra.{key}"] = value
    return fields


def _extra_only(extra: dict[str, Any]) -> dict[str, Any]:
    return {f"extra.{key}": value for key, value in extra.items()}


def flatten(workbook: Workbook) -> Flat:
    objects: dict[str, Obj] = {}
    order: dict[str, list[str]] = {}

    def single(ref: str, fields: dict[str, Any]) -> None:
        objects[ref] = Obj(ref, None, fields)

    def items(container: str, values: list[Any]) -> None:
        refs = order[container] = []
        for item in values:
            objects[item.id] = Obj(item.id, container, _fields(item))
            refs.append(item.id)
        # Nested items follow their parents' list: a goal's measure, key results, milestones.
        parents = [item for item in values if type(item) in NESTED]
        for parent in parents:
            if isinstance(parent, Goal) and parent.measure is not None:
                single(f"measure:{parent.id}", _fields(parent.measure))
            for name in NESTED[type(parent)]:
                items(f"{parent.id}.{name}", getattr(parent, name))

    single("meta", _fields(workbook.meta))
    single("vmv", _fields(workbook.vmv, ("extra", "values")))
    items("vmv.values", workbook.vmv.values)
    single("swot", _extra_only(workbook.swot.extra))
    for name in QUADRANTS:
        items(f"swot.{name}", getattr(workbook.swot, name))
    items("strategies", workbook.strategies)
    single("pestle", _extra_only(workbook.pestle.extra))
    for name in PESTLE_FACTORS:
        factor = workbook.pestle.factors[name]
        single(f"pestle.{name}", _fields(factor, ("extra", "items")))
        items(f"pestle.{name}.items", factor.items)
    items("goals", workbook.goals)
    items("tactics", workbook.tactics)
    items("risks", workbook.risks)
    single("forces", _extra_only(workbook.forces.extra))
    for name in FORCES:
        force = workbook.forces.forces[name]
        single(f"forces.{name}", _fields(force, ("extra", "items")))
        items(f"forces.{name}.items", force.items)
    items("ansoff", workbook.ansoff)
    single("workbook", _extra_only(workbook.extra))
    return Flat(objects, order)


def _split(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    plain: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in fields.items():
        value = _copy(value)
        if key.startswith("answers."):
            answers[key[8:]] = value
        elif key.startswith("extra."):
            extra[key[6:]] = value
        else:
            plain[key] = value
    return plain, answers, extra


def _class_of(container: str) -> type:
    if container == "vmv.values":
        return Value
    if container.startswith("swot."):
        return SwotItem
    if container == "strategies":
        return Strategy
    if container.startswith("pestle."):
        return PestleItem
    if container == "goals":
        return Goal
    if container == "tactics":
        return Tactic
    if container == "risks":
        return Risk
    if container.startswith("forces."):
        return ForceItem
    if container == "ansoff":
        return AnsoffOption
    return _NESTED_CLASS[container.partition(".")[2]]


def holds_nested(container: str) -> bool:
    """Whether the items of list `container` hold nested items (goals: key results, milestones)."""
    try:
        return _class_of(container) in NESTED
    except KeyError:  # a single table, or not a list
        return False


def build_item(obj: Obj, container: str) -> Any:
    """A model item (without nested items) from its flat fields."""
    plain, answers, extra = _split(obj.fields)
    cls = _class_of(container)
    if cls is Goal:
        plain["answers"] = answers
    return cls(id=obj.ref, **plain, extra=extra)


def unflatten(flat: Flat) -> Workbook:
    """The workbook that `flatten` would give `flat` for.

    Raises ValueError for a nested item whose parent is not in `flat` (it would be lost)."""
    from tui.model.edits import resolve_list

    objects = flat.objects
    workbook = Workbook()

    def plain_extra(ref: str) -> tuple[dict[str, Any], dict[str, Any]]:
        plain, _, extra = _split(objects[ref].fields) if ref in objects else ({}, {}, {})
        return plain, extra

    plain, extra = plain_extra("meta")
    workbook.meta = Meta(**plain, extra=extra)
    plain, extra = plain_extra("vmv")
    workbook.vmv.vision, workbook.vmv.mission = plain.get("vision", ""), plain.get("mission", "")
    workbook.vmv.extra = extra
    workbook.swot.extra = plain_extra("swot")[1]
    workbook.pestle.extra = plain_extra("pestle")[1]
    workbook.extra = plain_extra("workbook")[1]
    for name in PESTLE_FACTORS:
        plain, extra = plain_extra(f"pestle.{name}")
        factor = workbook.pestle.factors[name]
        factor.reviewed, factor.notes, factor.extra = plain.get("reviewed", False), plain.get("notes", ""), extra
    workbook.forces.extra = plain_extra("forces")[1]
    for name in FORCES:
        plain, extra = plain_extra(f"forces.{name}")
        force = workbook.forces.forces[name]
        force.rating, force.notes, force.extra = plain.get("rating"), plain.get("notes", ""), extra
    built: dict[str, Any] = {}

    def fill(container: str, target: list[Any]) -> None:
        for ref in flat.order[container]:
            item = build_item(objects[ref], container)
            target.append(item)
            built[ref] = item

    nested = [c for c in flat.order if nested_parent(c) is not None]
    for container in flat.order:
        if nested_parent(container) is None:
            fill(container, resolve_list(workbook, container))
    while nested:  # parents before their nested lists, however deep (a key result's check-ins)
        waiting = []
        for container in nested:
            if nested_parent(container) in built:
                parent, _, name = container.partition(".")
                fill(container, getattr(built[parent], name))
            else:
                waiting.append(container)
        if len(waiting) == len(nested):
            orphans = [ref for c in waiting for ref in flat.order[c]]
            if orphans:
                raise ValueError(f"{', '.join(orphans[:5])}: the item they belong to is missing")
            break
        nested = waiting
    for ref, obj in objects.items():
        if ref.startswith("measure:") and ref[8:] in built:
            built[ref[8:]].measure = _measure(obj)
    return workbook


# -- describing places and items -----------------------------------------------------------

_PLACES = {
    "meta": "Workbook", "workbook": "Workbook (other data)", "vmv": "Vision and mission", "vmv.values": "Values",
    "swot": "SWOT (other data)", "strategies": "TOWS strategies", "pestle": "PESTLE (other data)",
    "goals": "Goals", "tactics": "Tactics", "risks": "Risks", "forces": "Five forces (other data)",
    "ansoff": "Ansoff options",
}


def goal_titles(workbook: Workbook | None) -> dict[str, str]:
    """Each goal's title by id: what `place_name` looks names up in when it is called many times."""
    if workbook is None:
        return {}
    titles = {goal.id: goal.title for goal in workbook.goals}
    titles.update((kr.id, kr.text) for goal in workbook.goals for kr in goal.key_results)
    return titles


def place_name(where: str, workbook: Workbook | Mapping[str, str] | None = None) -> str:
    """A container or single table as people call it: `SWOT threats`, `key results of <goal>`.

    `workbook` names the goals: a workbook, or (faster, for many calls) its `goal_titles`."""
    if where in _PLACES:
        return _PLACES[where]
    head, _, rest = where.partition(".")
    if head in ("swot", "pestle") and rest:
        return f"{head.upper()} {rest.partition('.')[0]}"
    if head == "forces" and rest:
        return f"Five forces: {rest.partition('.')[0].replace('_', ' ')}"
    goal_id, _, kind = where.partition(".")
    if where.startswith("measure:"):
        goal_id, kind = where[8:], "measure"
    title = _title_of(workbook, goal_id)
    owner = "key result" if goal_id.startswith("kr-") else "goal"
    kind = "check-ins" if kind == "checkins" else kind.replace("_", " ")
    return f"{kind.capitalize()} of {owner} '{one_line(title, 40) if title is not None else goal_id}'"


def _title_of(workbook: Workbook | Mapping[str, str] | None, goal_id: Any) -> str | None:
    if not isinstance(goal_id, str) or not goal_id or workbook is None:
        return None
    if isinstance(workbook, Workbook):
        goal = workbook.find(goal_id)
        if isinstance(goal, KeyResult):
            return goal.text
        return goal.title if isinstance(goal, Goal) else None
    return workbook.get(goal_id)


def item_labels(workbook: Workbook) -> dict[str, str]:
    """Every item's id and how people know it (its text, title or name), for naming ids in messages."""
    return {item.id: label_of(item) for item in workbook.iter_items()}


def label_of(item: Any) -> str:
    if isinstance(item, Checkin):
        return f"{item.date}: {format_number(item.value)}" if item.date is not None else format_number(item.value)
    for name in ("text", "title", "name", "metric"):
        value = getattr(item, name, None)
        if isinstance(value, str) and value:
            return value
    return ""


# -- diff --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    """`added`, `removed`, `changed`, `moved` or `reordered`."""
    ref: str
    where: str
    """The container or single table (in the new workbook, for moves: where it went)."""
    label: str
    """The item's text, title or name, as it reads in the new workbook (old one when removed)."""
    field: str = ""
    old: Any = None
    new: Any = None
    """For `moved`: the containers (or the tactic's goal); for `reordered`: the positions; for
    `comment`: the comment's lines (one text, lines joined with line breaks; None: no comment)."""
    place: Any = None
    """For `comment`: the place of the comment (`Comments.places`), to take theirs."""


def _fields_changed(ref: str, where: str, label: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        if (ref, key) in IGNORED_FIELDS:
            continue
        a, b = old.get(key, MISSING), new.get(key, MISSING)
        if a is MISSING and b is MISSING or same(a, b):
            continue
        kind = "moved" if FIELD_MOVES.get(where) == key else "changed"
        changes.append(Change(kind, ref, where, label, key, None if a is MISSING else a, None if b is MISSING else b))
    return changes


def _label(obj: Obj) -> str:
    """An item's or measure's text, title, name or metric, on one line (single tables have none)."""
    if obj.container is None and not obj.ref.startswith("measure:"):
        return ""
    if obj.container is not None and obj.container.endswith(".checkins"):  # a reading: its day and value say which
        day, value = obj.fields.get("date"), format_number(obj.fields.get("value"))
        return f"{day}: {value}" if day is not None else value
    for name in ("text", "title", "name", "metric"):
        value = obj.fields.get(name)
        if isinstance(value, str) and value:
            return one_line(value)
    return ""


_CHECKED_DEEPLY = frozenset({list, dict, datetime})


def unchanged(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """`same(old, new)` for two objects' fields, mostly at C speed: equal, same keys in the same
    order, same types, and lists, tables and times compared exactly (1 is not 1.0 inside them)."""
    return (old == new and list(old) == list(new) and list(map(type, old.values())) == list(map(type, new.values()))
            and all(same(value, new[key]) for key, value in old.items() if type(value) in _CHECKED_DEEPLY))


def diff(old: Workbook, new: Workbook) -> list[Change]:
    """Every difference from `old` to `new`, in the order of the workbook's sections.

    Every item is its own: a key result or milestone moved to another goal is one `moved`, also
    when its old goal is gone. Only the parts that came or went with their parent are left out."""
    with paused_gc():
        return _diff(old, new)


def _diff(old: Workbook, new: Workbook) -> list[Change]:
    a, b = flatten(old), flatten(new)
    changes: list[Change] = []
    gone = {ref for ref in a.objects if ref not in b.objects}
    came = {ref for ref in b.objects if ref not in a.objects}
    for ref, obj in a.objects.items():
        where = obj.container or ref
        other = b.objects.get(ref)
        if other is None:
            if a.parent(ref) not in gone:
                changes.append(Change("removed", ref, where, _label(obj)))
            continue
        if obj.container != other.container:
            changes.append(Change("moved", ref, other.container or ref, _label(other), "", obj.container,
                                  other.container))
        if not unchanged(obj.fields, other.fields):
            changes += _fields_changed(ref, other.container or ref, _label(other), obj.fields, other.fields)
    for ref, obj in b.objects.items():
        if ref in came and b.parent(ref) not in came:
            changes.append(Change("added", ref, obj.container or ref, _label(obj)))
    for container, new_order in b.order.items():
        changes += _reordered(container, a.order.get(container, []), new_order, a, b)
    if old.comments or new.comments:
        changes += _comments_changed(old, new, a, b)
    if not changes:
        return changes
    # File order: the new workbook's, then what only the old one has.
    ranks = {ref: rank for rank, ref in enumerate({**dict.fromkeys(b.objects), **dict.fromkeys(a.objects)})}
    places = {place: rank for rank, place in enumerate(dict.fromkeys(
        obj.container or ref for flat in (b, a) for ref, obj in flat.objects.items()))}
    return sorted(changes, key=lambda c: (_section_rank(c.where), places.get(c.where, 0), ranks.get(c.ref, 0)))


_SINGLE_REFS = {"workbook": "meta", "vmv": "vmv", "swot": "swot", "pestle": "pestle", "forces": "forces"}


def _comments_changed(old: Workbook, new: Workbook, a: Flat, b: Flat) -> list[Change]:
    """A `comment` change for each place whose comments differ (written by hand, see
    tui/model/comments.py); comments of items that neither workbook has are not written: left out."""
    before, after = old.comments.places(), new.comments.places()
    changes = []
    for place in {**before, **after}:
        was, now = before.get(place, ()), after.get(place, ())
        if was == now:
            continue
        if place in ("top", "end"):
            ref, where, label, names = "workbook", "workbook", "", ()
            what = f"comment at the {place}"
        else:
            anchor = place[1]
            if anchor and anchor[0] is None:
                obj = b.objects.get(anchor[1]) or a.objects.get(anchor[1])
                if obj is None:
                    continue  # a deleted item's: not written
                ref, where, label, names = obj.ref, obj.container or obj.ref, _label(obj), anchor[2:]
            else:
                head = anchor[:2] if anchor[:1] in (("pestle",), ("forces",)) and len(anchor) > 1 else anchor[:1]
                ref = ".".join(map(str, head)) if len(head) == 2 else _SINGLE_REFS.get(head[0], "workbook")
                if ref not in b.objects and ref not in a.objects:
                    ref = _SINGLE_REFS.get(head[0], "workbook")
                where, label, names = ref, "", anchor[len(head):] if ref != "workbook" else anchor
            name = ".".join(map(str, names))
            if place[0] == "after":
                what = f"comment after {name}" if name else "comment after its header"
            else:
                what = f"comment above {name}" if name else "comment above it"
        changes.append(Change("comment", ref, where, label, what, "\n".join(was) if was else None,
                              "\n".join(now) if now else None, place))
    return changes


def _reordered(container: str, old_order: list[str], new_order: list[str], a: Flat, b: Flat) -> list[Change]:
    """`reordered` for the items of one list that are in another position among those kept in it."""
    if old_order == new_order:
        return []
    common = set(old_order).intersection(new_order)
    group_of: dict[str, Any] = dict.fromkeys(common)
    if container == "tactics":
        # Tactics are listed goal by goal: order counts among a goal's own tactics, and one
        # moved to another goal is "moved", not also reordered in the file.
        group_of = {}
        for ref in common:
            goal = b.objects[ref].fields.get("goal")
            if a.objects[ref].fields.get("goal") == goal:
                group_of[ref] = goal
    befores: dict[Any, list[str]] = {}
    afters: dict[Any, list[str]] = {}
    for order, groups in ((old_order, befores), (new_order, afters)):
        for ref in order:
            if ref in group_of:
                groups.setdefault(group_of[ref], []).append(ref)
    changes = []
    for group, after in afters.items():
        before = befores[group]
        if before == after:
            continue
        position_before = {ref: index for index, ref in enumerate(before)}
        kept = _longest_in_order([position_before[ref] for ref in after])
        for position, ref in enumerate(after):
            if position not in kept:
                changes.append(Change("reordered", ref, container, _label(b.objects[ref]), "",
                                      position_before[ref] + 1, position + 1))
    return changes


def _longest_in_order(values: list[int]) -> set[int]:
    """Indexes of a longest increasing run (not necessarily adjacent) of `values`: the items that
    stayed in order; the others are the ones that moved. Patience sorting, n log n."""
    tails: list[int] = []  # index in `values` of the smallest tail of each run length
    previous: list[int] = [-1] * len(values)
    for index, value in enumerate(values):
        length = bisect.bisect_left(tails, value, key=values.__getitem__)
        if length > 0:
            previous[index] = tails[length - 1]
        if length == len(tails):
            tails.append(index)
        else:
            tails[length] = index
    kept: set[int] = set()
    index = tails[-1] if tails else -1
    while index >= 0:
        kept.add(index)
        index = previous[index]
    return kept


_SECTION_ORDER = ("meta", "vmv", "swot", "strategies", "pestle", "goals", "tactics", "risks", "forces", "ansoff")


def _section_rank(where: str) -> int:
    head = re.split(r"[.:]", where)[0]
    if head in _SECTION_ORDER:
        return _SECTION_ORDER.index(head)
    return _SECTION_ORDER.index("goals") if head in ("measure", "gol") or where.startswith("gol-") else 99


# -- word diff and text -----------------------------------------------------------------------

_TOKENS = re.compile(r"\S+\s*|\s+")
"""A word with the spaces after it: changes then read as whole phrases."""
_TRAILING_SPACE = re.compile(r"\s*\Z")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(`=`, `-` or `+`, text) runs that turn `old` into `new`, word by word."""
    import difflib

    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    runs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("=", "".join(a[i1:i2])))
            continue
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        # The spaces after the last word stay outside the markers: `[-any-]{+every+} workshop`.
        space = _TRAILING_SPACE.search(removed or added).group(0)
        if removed and added and not added.endswith(space):
            space = ""
        if removed:
            runs.append(("-", removed[:len(removed) - len(space)]))
        if added:
            runs.append(("+", added[:len(added) - len(space)]))
        if space:
            runs.append(("=", space))
    merged: list[tuple[str, str]] = []
    for op, text in runs:
        if merged and op == "=" and merged[-1][0] == "=":
            merged[-1] = ("=", merged[-1][1] + text)
        elif text:
            merged.append((op, text))
    return merged


def short_word_diff(old: str, new: str, context: int = 6) -> list[tuple[str, str]]:
    """`word_diff` with long unchanged stretches cut to `context` words either side of a change."""
    runs = word_diff(old, new)
    shortened: list[tuple[str, str]] = []
    for index, (op, text) in enumerate(runs):
        words = text.split()
        if op != "=" or len(words) <= context * 2:
            shortened.append((op, text))
            continue
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        head = lead + " ".join(words[:context]) + " ..." if index > 0 else ""
        tail = "... " + " ".join(words[-context:]) + trail if index < len(runs) - 1 else ""
        shortened.append(("=", f"{head} {tail}" if head and tail else head or tail))
    return shortened


def word_diff_text(old: str, new: str, context: int = 6) -> str:
    """`[-old words-]{+new words+}` with a few words of context around each change."""
    marks = {"-": "[-{}-]", "+": "{{+{}+}}", "=": "{}"}
    return "".join(marks[op].format(text) for op, text in short_word_diff(old, new, context))


def is_long_text(old: Any, new: Any) -> bool:
    return isinstance(old, str) and isinstance(new, str) and max(len(old.split()), len(new.split())) > 8


def show_value(value: Any, width: int = 60) -> str:
    """A field value on one line, for people."""
    if value is None:
        return "(none)"
    if isinstance(value, str):
        return '"' + one_line(value, width) + '"'
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return f"({counted(len(value), 'table')})"
    if isinstance(value, list):
        return "[" + ", ".join(show_value(v, 30) for v in value) + "]"
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, (int, float)):
        return format_number(value)  # as the app shows it: 1,234,567.25, 0.000012345
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = _table_of(value)
    if isinstance(value, dict):  # a table held in one field (a goal's closing, an unknown key's)
        return one_line("{" + ", ".join(f"{format_key(key)} = {show_value(item, 30)}"
                                        for key, item in value.items()) + "}", width)
    return one_line(str(value), width)


def _table_of(obj: Any) -> dict[str, Any]:
    """A model object as its table: the fields that hold something, then its unknown keys."""
    fields = {field.name: getattr(obj, field.name) for field in dataclasses.fields(obj) if field.name != "extra"}
    return {**{key: item for key, item in fields.items() if item not in (None, "", [], {})},
            **getattr(obj, "extra", {})}


def show_named(value: Any, labels: Mapping[str, str], width: int = 40) -> str:
    """`show_value`, with each id that `labels` knows followed by what people call it."""
    if isinstance(value, str) and labels.get(value):
        return f"{show_value(value, width)} ({one_line(labels[value], width)!r})"
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value) and any(v in labels for v in value):
        return "[" + ", ".join(show_named(v, labels, 30) for v in value) + "]"
    return show_value(value, width)


def describe(change: Change, old: Workbook | Mapping[str, str], new: Workbook | Mapping[str, str],
             name: Callable[[str], str] = str) -> list[str]:
    """Lines about `change`, without the place heading: the item, then what happened to it.

    A changed field is on a line of its own (so several changes to one item read as a list);
    long text changes are word diffs, wrapped to 80 columns. `old` and `new` name the goals
    (workbooks, or their `goal_titles`). `name` says a field (the app: `field_words`; the command
    line names the file's keys as they are).
    """
    import textwrap

    what = one_line(change.label, 56)
    head = f"{change.ref}  {what}" if what else change.ref
    if change.kind == "added":
        return [f"+ {head}"]
    if change.kind == "removed":
        return [f"- {head}"]
    if change.kind == "reordered":
        return [f"^ {head}", f"    reordered: position {change.old} -> {change.new}"]
    if change.kind == "moved":
        if change.field == "goal":
            return [f"> {head}", f"    moved from goal {_goal_name(old, change.old)} to {_goal_name(new, change.new)}"]
        if change.field == "parent":
            return [f"> {head}", f"    now serves {_goal_name(new, change.new)}, "
                    f"not {_goal_name(old, change.old)}"]
        return [f"> {head}", f"    moved from {place_name(change.old, old)} to {place_name(change.new, new)}"]
    lines = [] if change.ref == change.where else [f"~ {head}"]
    if (change.ref, change.field) == ("workbook", "extra.conflicts"):
        count = [len(v) if isinstance(v, list) else 0 for v in (change.old, change.new)]
        return lines + [f"    merge conflicts recorded: {count[0]} -> {count[1]}"]
    if change.kind == "comment":  # every line of it: a comment is short, and each line says something
        # Each line stays one: a U+2028 or U+0085 in it is shown, never a break that could forge a heading.
        return lines + [f"    {name(change.field)}:"] + [f"      - {for_display(line)}" for line in (change.old or "").split("\n") if change.old] + [
            f"      + {for_display(line)}" for line in (change.new or "").split("\n") if change.new]
    if is_long_text(change.old, change.new):
        text = f"{name(change.field)}: {one_line(word_diff_text(change.old, change.new))}"
        return lines + textwrap.wrap(text, 76, initial_indent="    ", subsequent_indent="      ",
                                     break_on_hyphens=False)
    return lines + [f"    {name(change.field)}: {show_value(change.old)} -> {show_value(change.new)}"]


def _goal_name(workbook: Workbook | Mapping[str, str], goal_id: Any) -> str:
    title = _title_of(workbook, goal_id)
    return f"'{one_line(title, 40)}'" if title is not None else (goal_id or "(none)")


def format_text(changes: list[Change], old: Workbook, new: Workbook, old_name: str = "old",
                new_name: str = "new", name: Callable[[str], str] = str) -> str:
    """The changes for people, grouped by place, with `~` changed, `+` added, `-` removed,
    `>` moved and `^` reordered; long text changes as word diffs (`[-old-]{+new+}`)."""
    if not changes:
        return f"{one_line(old_name)} and {one_line(new_name)}: no differences\n"
    lines = [f"--- {one_line(old_name)}", f"+++ {one_line(new_name)}",
             f"{counted(len(changes), 'difference')}"]
    old_titles, new_titles = goal_titles(old), goal_titles(new)
    current = None
    previous_ref = None
    for change in changes:
        place = place_name(change.where, new_titles if change.kind != "removed" else old_titles)
        if place != current:
            lines += ["", place]
            current, previous_ref = place, None
        described = describe(change, old_titles, new_titles, name)
        if change.kind == "changed" and change.ref == previous_ref and change.ref != change.where:
            described = described[1:]
        previous_ref = change.ref if change.kind == "changed" else None
        lines += ["  " + line for line in described]
    return "\n".join(lines) + "\n"


def _json_value(value: Any) -> Any:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def format_json(changes: list[Change], old_name: str = "old", new_name: str = "new") -> str:
    """The changes for tools: `{"old", "new", "same", "changes": [...]}`; dates as ISO strings."""
    rows = []
    for change in changes:
        row = {"kind": change.kind, "id": change.ref, "where": change.where, "label": change.label}
        if change.kind != "added" and change.kind != "removed":
            row.update(field=change.field, old=_json_value(change.old), new=_json_value(change.new))
        if change.kind == "changed" and is_long_text(change.old, change.new):
            row["words"] = [list(run) for run in word_diff(change.old, change.new)]
        rows.append(row)
    document = {"old": old_name, "new": new_name, "same": not changes, "changes": rows}
    from tui.store.export_json import json_text  # only for --format json

    return json_text(document)


# -- turning a change around: edits that make `mine` like `theirs` ----------------------------------

@dataclass(frozen=True, slots=True)
class SetExtraKey:
    """Set (or, with MISSING, delete) one unknown key of a table; `ref` as in `resolve_ref`."""

    ref: str
    key: str
    value: Any
    label: str = "change"

    def apply(self, workbook: Workbook) -> SetExtraKey:
        extra = resolve_ref(workbook, self.ref).extra
        previous = extra.get(self.key, MISSING)
        if self.value is MISSING:
            extra.pop(self.key, None)
        else:
            extra[self.key] = copy.deepcopy(self.value)
        return SetExtraKey(self.ref, self.key, previous, self.label)


def resolve_ref(workbook: Workbook, ref: str) -> Any:
    """The object behind a flat ref (edits.resolve, plus `workbook`, `swot` and `pestle`)."""
    from tui.model.edits import resolve

    if ref == "workbook":
        return workbook
    if ref in ("swot", "pestle", "forces"):
        return getattr(workbook, ref)
    return resolve(workbook, ref)


def container_of(workbook: Workbook, ref: str) -> str | None:
    obj = flatten(workbook).objects.get(ref)
    return obj.container if obj else None


def _index_after(mine: list[str], theirs: list[str], ref: str) -> int:
    """Where `ref` goes in `mine` (without it) to follow the same item it follows in `theirs`."""
    position = {r: i for i, r in enumerate(r for r in mine if r != ref)}
    at = theirs.index(ref) if ref in theirs else len(theirs)
    for before in reversed(theirs[:at]):
        if before in position:
            return position[before] + 1
    return 0


def list_exists(workbook: Workbook, container: str) -> bool:
    from tui.model.edits import EditError, resolve_list

    try:
        resolve_list(workbook, container)
    except EditError:
        return False
    return True


def set_field(workbook: Workbook, ref: str, field: str, value: Any, label: str) -> Edit:
    """The edit that sets one flat field of `ref` to `value` (MISSING: take the key away)."""
    from tui.model.edits import Move, SetFields, resolve_list

    if field.startswith("extra."):
        return SetExtraKey(ref, field[6:], value, label)
    target = resolve_ref(workbook, ref)
    if field.startswith("answers."):
        answers = dict(target.answers)
        if value is MISSING:
            answers.pop(field[8:], None)
        else:
            answers[field[8:]] = copy.deepcopy(value)
        return SetFields(ref, {"answers": answers}, label)
    if field == "container":
        current = container_of(workbook, ref)
        if current is None or not isinstance(value, str) or not list_exists(workbook, value):
            raise ValueError(f"{ref} cannot move to {place_name(str(value), workbook)}: it is not in this workbook")
        return Move(current, ref, value, len(resolve_list(workbook, value)), label)
    if isinstance(target, Checkin) and field in ("date", "value"):
        return _checkin_field(workbook, ref, field, value, label)
    return SetFields(ref, {field: copy.deepcopy(None if value is MISSING else value)}, label)


def _checkin_field(workbook: Workbook, ref: str, field: str, value: Any, label: str) -> Edit:
    """A check-in's day or value set as a check-in edit does it, so `current` follows the newest."""
    from tui.model.edits import Batch

    holder = holder_of_checkin(workbook, ref)
    assert holder is not None  # `ref` resolved to a check-in
    try:
        return Batch((edit_checkin(holder, ref, **{field: copy.deepcopy(None if value is MISSING else value)}),), label)
    except TypeError as exc:  # a hand-edited record's day that is not a date: nothing to sort by
        raise ValueError(f"{ref}: {field} cannot be {value!r}") from exc


def _measure(obj: Obj) -> Measure:
    plain, _, extra = _split(obj.fields)
    return Measure(**plain, extra=extra)


def _item_from(flat: Flat, ref: str, leave_out: Mapping[str, Any]) -> Any:
    """A copy of item `ref` with its measure and nested items, but those in `leave_out`."""
    container = flat.objects[ref].container or ""
    item = build_item(flat.objects[ref], container)
    if isinstance(item, Goal) and f"measure:{ref}" in flat.objects:
        item.measure = _measure(flat.objects[f"measure:{ref}"])
    for name in NESTED.get(type(item), {}):
        getattr(item, name).extend(_item_from(flat, child, leave_out)
                                   for child in flat.order.get(f"{ref}.{name}", []) if child not in leave_out)
    return item


def _rescue_nested(ours: Flat, other: Flat, ref: str, label: str) -> list[Edit]:
    """Moves that take the nested items of `ref` (about to be removed) which theirs keeps in
    another place of this workbook there, rather than away with `ref`."""
    from tui.model.edits import Move

    edits: list[Edit] = []
    for name in _NESTED_CLASS:
        for child in ours.order.get(f"{ref}.{name}", []):
            target = other.objects[child].container if child in other.objects else None
            owner = nested_parent(target)
            if target is not None and owner not in (None, ref) and owner in ours.objects:
                index = _index_after(ours.order.get(target, []), other.order[target], child)
                edits.append(Move(f"{ref}.{name}", child, target, index, label))
            else:
                edits += _rescue_nested(ours, other, child, label)
    return edits


def take_theirs(change: Change, mine: Workbook, theirs: Workbook) -> Edit:
    """The edit that makes `mine` agree with `theirs` on `change` (a change from mine to theirs).

    Raises ValueError when it cannot be done yet (the goal it goes to is not in `mine`: take that first)."""
    from tui.model.edits import Batch, Insert, Move, Remove, SetFields
    from tui.model.field_words import field_words

    if change.label:
        what = one_line(change.label, 30)
    else:  # a single table (the workbook's details, vision and mission, a PESTLE factor): its field and name
        place = place_name(change.where or change.ref, mine)
        what = f"{field_words(change.field)} ({place})" if change.field else place  # shown by undo: in words
    label = f"take theirs: {change.kind} {what}"
    if change.kind == "comment":
        from tui.model.edits import SetComment

        return SetComment(change.place, tuple(change.new.split("\n")) if change.new else (), label)
    ours, other = flatten(mine), flatten(theirs)
    if change.kind in ("removed", "added"):  # a check-in, as the app adds or deletes one: `current` follows
        holder = holder_of_checkin(mine if change.kind == "removed" else theirs, change.ref)
        mine_holder = find_target(mine, holder.id) if holder is not None else None
        if mine_holder is not None and change.kind == "removed":
            return Batch((delete_checkin(mine_holder, change.ref),), label)
        if change.kind == "removed" and change.where.endswith(".checkins"):
            return Batch((), label)  # gone already: a check-in of its day taken from theirs replaced it
        if mine_holder is not None:
            return put_checkin(mine_holder, copy.deepcopy(theirs.find(change.ref)), label)
    if change.kind == "removed":
        if change.ref.startswith("measure:"):
            return SetFields(change.ref[8:], {"measure": None}, label)
        remove = Remove(ours.objects[change.ref].container or "", change.ref, label)
        rescued = _rescue_nested(ours, other, change.ref, label)
        return Batch((*rescued, remove), label) if rescued else remove
    if change.kind == "added":
        if change.ref.startswith("measure:"):
            return SetFields(change.ref[8:], {"measure": _measure(other.objects[change.ref])}, label)
        container = other.objects[change.ref].container or ""
        _must_be_here(ours, container, theirs)
        item = _item_from(other, change.ref, ours.objects)  # what mine has elsewhere is a move of its own
        index = _index_after(ours.order.get(container, []), other.order[container], change.ref)
        return Insert(container, index, item, label)
    if change.kind in ("moved", "reordered") and not change.field:
        source = ours.objects[change.ref].container or ""
        target = other.objects[change.ref].container or ""
        _must_be_here(ours, target, theirs)
        mine_order = ours.order.get(target, [])
        return Move(source, change.ref, target, _index_after(mine_order, other.order[target], change.ref), label)
    value = other.objects[change.ref].fields.get(change.field, MISSING)
    return set_field(mine, change.ref, change.field, value, label)


def _must_be_here(ours: Flat, container: str, theirs: Workbook) -> None:
    parent = nested_parent(container)
    if parent is not None and parent not in ours.objects:
        raise ValueError(f"{place_name(container, theirs)}: that goal is not in this workbook yet; take it first")
