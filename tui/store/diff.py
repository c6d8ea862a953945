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
`[workbook] updated` time is left out: every save changes it.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import math
import re
import textwrap
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from tui.model.edits import Edit, Insert, Move, Remove, SetFields, resolve, resolve_list
from tui.model.text import one_line
from tui.model.workbook import (
    PESTLE_FACTORS,
    QUADRANTS,
    Goal,
    KeyResult,
    Measure,
    Meta,
    Milestone,
    PestleItem,
    Strategy,
    SwotItem,
    Tactic,
    Value,
    Workbook,
)
from tui.store.export import json_text
from tui.store.writer import _same as same

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING", "__bool__": lambda self: False})()
"""A field or object that is not there (distinct from None and from an empty string)."""

IGNORED_FIELDS = {("meta", "updated")}
_NESTED = ("id", "extra", "answers", "measure", "key_results", "milestones")


# -- the flat view -----------------------------------------------------------------------------

@dataclass(slots=True)
class Obj:
    """One object of a workbook: its fields, and the list it sits in (None for single tables)."""

    ref: str
    container: str | None
    fields: dict[str, Any]


@dataclass(slots=True)
class Flat:
    objects: dict[str, Obj]
    """Every object by ref, in file order."""
    order: dict[str, list[str]]
    """Every list (container) with the refs in it, in order."""

    def parent_goal(self, ref: str) -> str | None:
        """The goal a key result, milestone or measure belongs to."""
        if ref.startswith("measure:"):
            return ref[8:]
        obj = self.objects.get(ref)
        if obj is not None and obj.container and obj.container.endswith((".key_results", ".milestones")):
            return obj.container.partition(".")[0]
        return None

    def subtree(self, ref: str) -> list[str]:
        """The object and, for a goal, its measure, key results and milestones."""
        refs = [ref]
        if ref in self.objects and self.objects[ref].container == "goals":
            if f"measure:{ref}" in self.objects:
                refs.append(f"measure:{ref}")
            refs += self.order.get(f"{ref}.key_results", []) + self.order.get(f"{ref}.milestones", [])
        return refs


def _fields(obj: Any, skip: tuple[str, ...] = _NESTED) -> dict[str, Any]:
    fields = {f.name: copy.deepcopy(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name not in skip}
    for key, value in getattr(obj, "answers", {}).items():
        fields[f"answers.{key}"] = copy.deepcopy(value)
    for key, value in obj.extra.items():
        fields[f"extra.{key}"] = copy.deepcopy(value)
    return fields


def _extra_only(extra: dict[str, Any]) -> dict[str, Any]:
    return {f"extra.{key}": copy.deepcopy(value) for key, value in extra.items()}


def flatten(workbook: Workbook) -> Flat:
    objects: dict[str, Obj] = {}
    order: dict[str, list[str]] = {}

    def single(ref: str, fields: dict[str, Any]) -> None:
        objects[ref] = Obj(ref, None, fields)

    def items(container: str, values: list[Any]) -> None:
        order[container] = []
        for item in values:
            objects[item.id] = Obj(item.id, container, _fields(item))
            order[container].append(item.id)

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
    for goal in workbook.goals:
        if goal.measure is not None:
            single(f"measure:{goal.id}", _fields(goal.measure))
        items(f"{goal.id}.key_results", goal.key_results)
        items(f"{goal.id}.milestones", goal.milestones)
    items("tactics", workbook.tactics)
    single("workbook", _extra_only(workbook.extra))
    return Flat(objects, order)


def _split(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    plain: dict[str, Any] = {}
    answers: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in fields.items():
        value = copy.deepcopy(value)
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
    return KeyResult if container.endswith(".key_results") else Milestone


def build_item(obj: Obj, container: str) -> Any:
    """A model item (without children) from its flat fields."""
    plain, answers, extra = _split(obj.fields)
    cls = _class_of(container)
    if cls is Goal:
        plain["answers"] = answers
    return cls(id=obj.ref, **plain, extra=extra)


def unflatten(flat: Flat) -> Workbook:
    """The workbook that `flatten` would give `flat` for."""
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
    goals: dict[str, Goal] = {}
    containers = sorted(flat.order, key=lambda c: c.endswith((".key_results", ".milestones")))
    for container in containers:
        target: list[Any] | None
        head = container.partition(".")[0]
        if container.endswith((".key_results", ".milestones")):
            goal = goals.get(head)
            target = getattr(goal, container.partition(".")[2]) if goal else None
        else:
            target = resolve_list(workbook, container)
        if target is None:
            continue
        for ref in flat.order[container]:
            item = build_item(objects[ref], container)
            target.append(item)
            if isinstance(item, Goal):
                goals[ref] = item
    for ref, obj in objects.items():
        if ref.startswith("measure:") and ref[8:] in goals:
            plain, _, extra = _split(obj.fields)
            goals[ref[8:]].measure = Measure(**plain, extra=extra)
    return workbook


# -- describing places and items -----------------------------------------------------------

_PLACES = {
    "meta": "Workbook", "workbook": "Workbook (other data)", "vmv": "Vision and mission", "vmv.values": "Values",
    "swot": "SWOT (other data)", "strategies": "TOWS strategies", "pestle": "PESTLE (other data)",
    "goals": "Goals", "tactics": "Tactics",
}


def place_name(where: str, workbook: Workbook | None = None) -> str:
    """A container or single table as people call it: `SWOT threats`, `key results of <goal>`."""
    if where in _PLACES:
        return _PLACES[where]
    head, _, rest = where.partition(".")
    if head in ("swot", "pestle") and rest:
        return f"{head.upper()} {rest.partition('.')[0]}"
    goal_id, _, kind = where.partition(".")
    if where.startswith("measure:"):
        goal_id, kind = where[8:], "measure"
    goal = workbook.find(goal_id) if workbook is not None else None
    title = one_line(goal.title, 40) if isinstance(goal, Goal) else goal_id
    return f"{kind.replace('_', ' ').capitalize()} of goal '{title}'"


def label_of(item: Any) -> str:
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
    """For `moved`: the containers (or the tactic's goal); for `reordered`: the positions."""


def _fields_changed(ref: str, where: str, label: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        if (ref, key) in IGNORED_FIELDS:
            continue
        a, b = old.get(key, MISSING), new.get(key, MISSING)
        if a is MISSING and b is MISSING or same(a, b):
            continue
        kind = "moved" if key == "goal" and where == "tactics" else "changed"
        changes.append(Change(kind, ref, where, label, key, None if a is MISSING else a, None if b is MISSING else b))
    return changes


def _labels(workbook: Workbook) -> dict[str, str]:
    labels = {item.id: one_line(label_of(item)) for item in workbook.iter_items()}
    for goal in workbook.goals:
        if goal.measure is not None:
            labels[f"measure:{goal.id}"] = one_line(goal.measure.metric)
    return labels


def diff(old: Workbook, new: Workbook) -> list[Change]:
    """Every difference from `old` to `new`, in the order of the workbook's sections."""
    a, b = flatten(old), flatten(new)
    old_labels, new_labels = _labels(old), _labels(new)
    changes: list[Change] = []
    gone = {ref for ref in a.objects if ref not in b.objects}
    came = {ref for ref in b.objects if ref not in a.objects}
    # The parts of a goal that was added or removed as a whole are not listed one by one.
    whole = {r for ref in gone if a.objects[ref].container == "goals" for r in a.subtree(ref)[1:]}
    whole |= {r for ref in came if b.objects[ref].container == "goals" for r in b.subtree(ref)[1:]}
    for ref, obj in a.objects.items():
        if ref in whole:
            continue
        where = obj.container or ref
        other = b.objects.get(ref)
        if other is None:
            changes.append(Change("removed", ref, where, old_labels.get(ref, "")))
            continue
        label = new_labels.get(ref, "")
        if obj.container != other.container:
            changes.append(Change("moved", ref, other.container or ref, label, "", obj.container, other.container))
        changes += _fields_changed(ref, other.container or ref, label, obj.fields, other.fields)
    for ref, obj in b.objects.items():
        if ref in came and ref not in whole:
            changes.append(Change("added", ref, obj.container or ref, new_labels.get(ref, "")))
    for container, new_order in b.order.items():
        old_order = a.order.get(container, [])
        common = set(old_order) & set(new_order)
        groups: dict[Any, set[str]] = {None: common}
        if container == "tactics":
            # Tactics are listed goal by goal: order counts among a goal's own tactics, and one
            # moved to another goal is "moved", not also reordered in the file.
            groups = {}
            for ref in common:
                goal = b.objects[ref].fields.get("goal")
                if a.objects[ref].fields.get("goal") == goal:
                    groups.setdefault(goal, set()).add(ref)
        for members in groups.values():
            before = [r for r in old_order if r in members]
            after = [r for r in new_order if r in members]
            if before == after:
                continue
            kept: set[str] = set()
            for block in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_matching_blocks():
                kept.update(after[block.b:block.b + block.size])
            for position, ref in enumerate(after):
                if ref not in kept:
                    changes.append(Change("reordered", ref, container, new_labels.get(ref, ""), "",
                                          before.index(ref) + 1, position + 1))
    ranks: dict[str, int] = {}
    places: dict[str, int] = {}
    for flat in (b, a):
        for ref, obj in flat.objects.items():
            ranks.setdefault(ref, len(ranks))
            places.setdefault(obj.container or ref, len(places))
    return sorted(changes, key=lambda c: (_section_rank(c.where), places.get(c.where, 0), ranks.get(c.ref, 0)))


_SECTION_ORDER = ("meta", "vmv", "swot", "strategies", "pestle", "goals", "tactics")


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
        return f"({len(value)} table(s))"
    if isinstance(value, list):
        return "[" + ", ".join(show_value(v, 30) for v in value) + "]"
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    return one_line(str(value), width)


def describe(change: Change, old: Workbook, new: Workbook) -> list[str]:
    """Lines about `change`, without the place heading: the item, then what happened to it.

    A changed field is on a line of its own (so several changes to one item read as a list);
    long text changes are word diffs, wrapped to 80 columns.
    """
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
        return [f"> {head}", f"    moved from {place_name(change.old, old)} to {place_name(change.new, new)}"]
    lines = [] if change.ref == change.where else [f"~ {head}"]
    if (change.ref, change.field) == ("workbook", "extra.conflicts"):
        count = [len(v) if isinstance(v, list) else 0 for v in (change.old, change.new)]
        return lines + [f"    merge conflicts recorded: {count[0]} -> {count[1]}"]
    if is_long_text(change.old, change.new):
        text = f"{change.field}: {one_line(word_diff_text(change.old, change.new))}"
        return lines + textwrap.wrap(text, 76, initial_indent="    ", subsequent_indent="      ",
                                     break_on_hyphens=False)
    return lines + [f"    {change.field}: {show_value(change.old)} -> {show_value(change.new)}"]


def _goal_name(workbook: Workbook, goal_id: Any) -> str:
    goal = workbook.find(goal_id) if isinstance(goal_id, str) and goal_id else None
    return f"'{one_line(goal.title, 40)}'" if isinstance(goal, Goal) else (goal_id or "(none)")


def format_text(changes: list[Change], old: Workbook, new: Workbook, old_name: str = "old",
                new_name: str = "new") -> str:
    """The changes for people, grouped by place, with `~` changed, `+` added, `-` removed,
    `>` moved and `^` reordered; long text changes as word diffs (`[-old-]{+new+}`)."""
    if not changes:
        return f"{one_line(old_name)} and {one_line(new_name)}: no differences\n"
    lines = [f"--- {one_line(old_name)}", f"+++ {one_line(new_name)}",
             f"{len(changes)} difference(s)"]
    current = None
    previous_ref = None
    for change in changes:
        place = place_name(change.where, new if change.kind != "removed" else old)
        if place != current:
            lines += ["", place]
            current, previous_ref = place, None
        described = describe(change, old, new)
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
    if ref == "workbook":
        return workbook
    if ref in ("swot", "pestle"):
        return getattr(workbook, ref)
    return resolve(workbook, ref)


def container_of(workbook: Workbook, ref: str) -> str | None:
    obj = flatten(workbook).objects.get(ref)
    return obj.container if obj else None


def _index_after(mine: list[str], theirs: list[str], ref: str) -> int:
    """Where `ref` goes in `mine` (without it) to follow the same item it follows in `theirs`."""
    mine = [r for r in mine if r != ref]
    position = theirs.index(ref) if ref in theirs else len(theirs)
    for before in reversed(theirs[:position]):
        if before in mine:
            return mine.index(before) + 1
    return 0


def set_field(workbook: Workbook, ref: str, field: str, value: Any, label: str) -> Edit:
    """The edit that sets one flat field of `ref` to `value` (MISSING: take the key away)."""
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
        if current is None or not isinstance(value, str):
            raise ValueError(f"{ref} cannot move to {value!r}")
        return Move(current, ref, value, len(resolve_list(workbook, value)), label)
    return SetFields(ref, {field: copy.deepcopy(None if value is MISSING else value)}, label)


def take_theirs(change: Change, mine: Workbook, theirs: Workbook) -> Edit:
    """The edit that makes `mine` agree with `theirs` on `change` (a change from mine to theirs)."""
    label = f"take theirs: {change.kind} {one_line(change.label or change.ref, 30)}"
    ours, other = flatten(mine), flatten(theirs)
    if change.kind == "removed":
        if change.ref.startswith("measure:"):
            return SetFields(change.ref[8:], {"measure": None}, label)
        return Remove(ours.objects[change.ref].container or "", change.ref, label)
    if change.kind == "added":
        if change.ref.startswith("measure:"):
            return SetFields(change.ref[8:], {"measure": copy.deepcopy(resolve(theirs, change.ref))}, label)
        container = other.objects[change.ref].container or ""
        item = copy.deepcopy(theirs.find(change.ref))
        index = _index_after(ours.order.get(container, []), other.order[container], change.ref)
        return Insert(container, index, item, label)
    if change.kind in ("moved", "reordered") and change.field != "goal":
        source = ours.objects[change.ref].container or ""
        target = other.objects[change.ref].container or ""
        mine_order = ours.order.get(target, [])
        return Move(source, change.ref, target, _index_after(mine_order, other.order[target], change.ref), label)
    value = other.objects[change.ref].fields.get(change.field, MISSING)
    return set_field(mine, change.ref, change.field, value, label)
