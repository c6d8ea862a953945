"""Edits to a workbook, each of which knows how to undo itself.

Screens never change the model directly: they build an edit and hand it to
the app, which applies it and keeps the history. `apply` returns the inverse
edit, so undo and redo are the same operation.

Places in the workbook are named by short strings:
- an object by `ref`: an item id (`str-k3m9`), `meta`, `vmv`,
  `pestle.<factor>` or `measure:<goal id>`;
- a list by `container`: `vmv.values`, `swot.<quadrant>`, `strategies`,
  `pestle.<factor>.items`, `goals`, `tactics`, `risks`, `<goal id>.key_results`,
  `<goal id>.milestones`, `forces.<force>.items`, `ansoff`.
A force is the object `forces.<force>`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from tui.model.alignment import would_cycle
from tui.model.comments import Comments
from tui.model.text import one_line
from tui.model.workbook import (
    FORCES,
    NESTED,
    NESTED_LISTS,
    PESTLE_FACTORS,
    QUADRANTS,
    Force,
    Forces,
    Goal,
    Measure,
    Pestle,
    PestleFactor,
    Swot,
    Vmv,
    Workbook,
)


class EditError(Exception):
    """An edit that does not fit the workbook (an unknown id or place)."""


def resolve(workbook: Workbook, ref: str) -> Any:
    if ref == "meta":
        return workbook.meta
    if ref == "vmv":
        return workbook.vmv
    if ref.startswith("pestle.") and ref[7:] in PESTLE_FACTORS:
        return workbook.pestle.factors[ref[7:]]
    if ref.startswith("forces.") and ref[7:] in FORCES:
        return workbook.forces.forces[ref[7:]]
    if ref.startswith("measure:"):
        goal = resolve(workbook, ref[8:])
        if goal.measure is None:
            goal.measure = Measure()
        return goal.measure
    item = workbook.find(ref)
    if item is None:
        raise EditError(f"no item {ref!r}")
    return item


def resolve_list(workbook: Workbook, container: str) -> list[Any]:
    head, _, tail = container.partition(".")
    if container == "vmv.values":
        return workbook.vmv.values
    if head == "swot" and tail in QUADRANTS:
        return getattr(workbook.swot, tail)
    if container == "strategies":
        return workbook.strategies
    if head == "pestle" and tail.endswith(".items") and tail[:-6] in PESTLE_FACTORS:
        return workbook.pestle.factors[tail[:-6]].items
    if container == "goals":
        return workbook.goals
    if container == "tactics":
        return workbook.tactics
    if container == "risks":
        return workbook.risks
    if head == "forces" and tail.endswith(".items") and tail[:-6] in FORCES:
        return workbook.forces.forces[tail[:-6]].items
    if container == "ansoff":
        return workbook.ansoff
    if tail in NESTED_LISTS:
        parent = resolve(workbook, head)
        if not hasattr(parent, tail):
            raise EditError(f"no list {container!r}")
        return getattr(parent, tail)
    raise EditError(f"no list {container!r}")


def index_of(items: list[Any], item_id: str) -> int:
    for index, item in enumerate(items):
        if item.id == item_id:
            return index
    raise EditError(f"no item {item_id!r} here")


class Edit(Protocol):
    label: str

    def apply(self, workbook: Workbook) -> Edit:
        """Change the workbook; return the edit that undoes this one."""
        ...


def _named(goal: Goal) -> str:
    """A goal as people know it: by its title (its id only when it has none)."""
    return f"'{one_line(goal.title, 40)}'" if goal.title.strip() else goal.id


@dataclass(frozen=True, slots=True)
class SetFields:
    """Change fields of one object."""

    ref: str
    changes: dict[str, Any]
    label: str = "change"

    def apply(self, workbook: Workbook) -> SetFields:
        target = resolve(workbook, self.ref)
        if isinstance(target, Goal) and self.changes.get("parent"):
            if would_cycle(workbook.goals, target.id, self.changes["parent"]):
                parent = next((g for g in workbook.goals if g.id == self.changes["parent"]), target)
                raise EditError(f"{_named(target)} cannot serve {_named(parent)}, which serves it already "
                                "(goals cannot serve each other in a cycle)")
        previous = {}
        for name, value in self.changes.items():
            previous[name] = getattr(target, name)
            setattr(target, name, value)
        return SetFields(self.ref, previous, self.label)


@dataclass(frozen=True, slots=True)
class Insert:
    """Put a new item into a list at `index` (past the end appends)."""

    container: str
    index: int
    item: Any
    label: str = "add"

    def apply(self, workbook: Workbook) -> Remove:
        items = resolve_list(workbook, self.container)
        items.insert(min(max(self.index, 0), len(items)), self.item)
        return Remove(self.container, self.item.id, self.label)


@dataclass(frozen=True, slots=True)
class Remove:
    container: str
    item_id: str
    label: str = "delete"

    def apply(self, workbook: Workbook) -> Insert:
        items = resolve_list(workbook, self.container)
        index = index_of(items, self.item_id)
        item = items.pop(index)
        return Insert(self.container, index, item, self.label)


@dataclass(frozen=True, slots=True)
class Move:
    """Move an item within a list or to another list (reorder, change quadrant, change goal)."""

    container: str
    item_id: str
    to_container: str
    to_index: int
    label: str = "move"

    def apply(self, workbook: Workbook) -> Move:
        source = resolve_list(workbook, self.container)
        index = index_of(source, self.item_id)
        target = resolve_list(workbook, self.to_container)
        item = source.pop(index)
        target.insert(min(max(self.to_index, 0), len(target)), item)
        return Move(self.to_container, self.item_id, self.container, index, self.label)


@dataclass(frozen=True, slots=True)
class Reorder:
    """Put the items of one list in a new order (sort). Its inverse restores the old order."""

    container: str
    order: tuple[str, ...]
    """Every id of the list, in the new order."""
    label: str = "sort"

    def apply(self, workbook: Workbook) -> Reorder:
        items = resolve_list(workbook, self.container)
        by_id = {item.id: item for item in items}
        if len(self.order) != len(items) or set(self.order) != set(by_id):
            raise EditError(f"the new order of {self.container} does not hold the same items")
        previous = tuple(item.id for item in items)
        items[:] = [by_id[item_id] for item_id in self.order]
        return Reorder(self.container, previous, self.label)


@dataclass(frozen=True, slots=True)
class Batch:
    """Several edits that undo as one."""

    edits: tuple[Edit, ...]
    label: str = "change"

    def apply(self, workbook: Workbook) -> Batch:
        inverses: list[Edit] = []
        try:
            for edit in self.edits:
                inverses.append(edit.apply(workbook))
        except Exception:
            for inverse in reversed(inverses):  # leave the workbook as it was
                inverse.apply(workbook)
            raise
        return Batch(tuple(reversed(inverses)), self.label)


def one_edit(edits: list[Edit], label: str) -> Edit | None:
    """The edits as one: None for none, the edit itself for one, else a Batch labelled `label`."""
    if not edits:
        return None
    return edits[0] if len(edits) == 1 else Batch(tuple(edits), label)


@dataclass(frozen=True, slots=True)
class RemoveAll(Batch):
    """A Batch of `Remove`s (a bulk delete, the first half of a bulk move) applied in one pass per
    list: a Batch of 10,000 Removes would search the list once for each. Readers that look into
    batches see the Removes as they are."""

    def apply(self, workbook: Workbook) -> InsertAll:
        by_list: dict[str, set[str]] = {}
        for edit in self.edits:
            if not isinstance(edit, Remove):
                raise EditError("RemoveAll holds removes only")
            by_list.setdefault(edit.container, set()).add(edit.item_id)
        lists = {container: resolve_list(workbook, container) for container in by_list}
        for container, wanted in by_list.items():  # every id first: a refused edit changes nothing
            missing = wanted - {item.id for item in lists[container]}
            if missing:
                raise EditError(f"no item {sorted(missing)[0]!r} here")
        inserts: list[Insert] = []
        for container, wanted in by_list.items():
            items = lists[container]
            kept = []
            for index, item in enumerate(items):
                if item.id in wanted:
                    inserts.append(Insert(container, index, item, self.label))
                else:
                    kept.append(item)
            items[:] = kept
        return InsertAll(tuple(inserts), self.label)


@dataclass(frozen=True, slots=True)
class InsertAll(Batch):
    """A Batch of `Insert`s in one pass per list: each list's inserts in rising order of index
    (each index is the item's place once all are in, as after a bulk delete)."""

    def apply(self, workbook: Workbook) -> RemoveAll:
        by_list: dict[str, list[Insert]] = {}
        for edit in self.edits:
            if not isinstance(edit, Insert):
                raise EditError("InsertAll holds inserts only")
            by_list.setdefault(edit.container, []).append(edit)
        for container, inserts in by_list.items():
            if any(a.index >= b.index for a, b in zip(inserts, inserts[1:])):
                raise EditError(f"the inserts into {container} are not in order")
        removes: list[Remove] = []
        for container, inserts in by_list.items():
            items = resolve_list(workbook, container)
            merged: list[Any] = []
            old = iter(items)
            for insert in inserts:
                while len(merged) < insert.index:
                    item = next(old, None)
                    if item is None:
                        break
                    merged.append(item)
                merged.append(insert.item)
            merged.extend(old)
            items[:] = merged
            removes += [Remove(container, insert.item.id, self.label) for insert in reversed(inserts)]
        return RemoveAll(tuple(removes), self.label)


@dataclass(frozen=True, slots=True)
class SetEach(Batch):
    """A Batch of `SetFields` on many items, each found through one index of the workbook
    (SetFields alone searches for its item, once per edit)."""

    def apply(self, workbook: Workbook) -> SetEach:
        if not all(isinstance(edit, SetFields) for edit in self.edits):
            raise EditError("SetEach holds field changes only")
        if any("parent" in edit.changes for edit in self.edits):  # the goal cycle check is SetFields'
            return SetEach(Batch.apply(self, workbook).edits, self.label)
        index = {item.id: item for item in workbook.iter_items()}
        targets = [index.get(edit.ref) for edit in self.edits]
        for edit, target in zip(self.edits, targets):
            if target is None:
                raise EditError(f"no item {edit.ref!r}")
        inverses: list[Edit] = []
        for edit, target in zip(self.edits, targets):
            previous = {}
            for name, value in edit.changes.items():
                previous[name] = getattr(target, name)
                setattr(target, name, value)
            inverses.append(SetFields(edit.ref, previous, edit.label))
        return SetEach(tuple(reversed(inverses)), self.label)


def move_all(workbook: Workbook, places: list[tuple[str, str]], to_container: str, label: str) -> Batch:
    """One edit that moves the items at `places` ((list, id) each) to the end of `to_container`, in
    this order. Undone, each goes back to its place. Raises EditError for a place that is not there."""
    lists = {container: resolve_list(workbook, container) for container, _ in places}
    found = {(container, item.id): item for container, items in lists.items() for item in items}
    missing = [place for place in places if place not in found]
    if missing:
        raise EditError(f"no item {missing[0][1]!r} here")
    staying = len(resolve_list(workbook, to_container)) - sum(1 for container, _ in places if container == to_container)
    take = RemoveAll(tuple(Remove(container, item_id, label) for container, item_id in places), label)
    put = InsertAll(tuple(Insert(to_container, staying + offset, found[place], label)
                          for offset, place in enumerate(places)), label)
    return Batch((take, put), label)


@dataclass(frozen=True, slots=True)
class ReplaceContent:
    """The whole workbook's content at once (a merged reply): one step to undo. The workbook
    object stays the same one, so whatever holds it sees the new content."""

    content: Workbook
    label: str = "change"

    def apply(self, workbook: Workbook) -> ReplaceContent:
        previous = Workbook(**{name: getattr(workbook, name) for name in Workbook.__dataclass_fields__})
        for name in Workbook.__dataclass_fields__:
            setattr(workbook, name, getattr(self.content, name))
        return ReplaceContent(previous, self.label)


@dataclass(frozen=True, slots=True)
class SetComment:
    """Put `lines` at one place of the workbook's hand-written comments (`Comments.places`;
    none: take the comment out), as Compare does taking theirs."""

    place: Any
    lines: tuple[str, ...]
    label: str = "comment"

    def apply(self, workbook: Workbook) -> SetComment:
        places = workbook.comments.places()
        previous = places.get(self.place, ())
        if self.lines:
            places[self.place] = self.lines
        else:
            places.pop(self.place, None)
        workbook.comments = Comments.from_places(places)
        return SetComment(self.place, previous, self.label)


SECTION_ORDER = ("overview", "vmv", "swot", "pestle", "goals", "tactics", "roadmap", "risks", "forces")
#: The section (mode) that shows items with each id prefix.
SECTION_OF_PREFIX = {"val": "vmv", "str": "swot", "wea": "swot", "opp": "swot", "thr": "swot", "tow": "swot",
                     "pes": "pestle", "gol": "goals", "kr": "goals", "mil": "goals", "tac": "tactics",
                     "rsk": "risks"}


def section_of(edit: Edit) -> str | None:
    """The section (mode name) that shows what `edit` changes, to say where an undo happened.
    In a batch, the edits that add, remove or move items decide over those that change fields (a
    delete that also unlinks is in the deleted item's section), and among them the section that
    comes first (deleting a goal with its tactics is in Goals), undone or redone alike."""
    if isinstance(edit, Batch):
        parts = [part for part in edit.edits if not isinstance(part, SetFields)] or list(edit.edits)
        # One part of each kind and place answers for all of them (a bulk edit holds thousands).
        distinct = {(type(part), getattr(part, "container", None), getattr(part, "to_container", None),
                     part.ref.partition("-")[0] if isinstance(part, SetFields) else None): part
                    for part in parts if not isinstance(part, Batch)}
        parts = [part for part in parts if isinstance(part, Batch)] + list(distinct.values())
        sections = [section for section in map(section_of, parts) if section is not None]
        return min(sections, key=SECTION_ORDER.index) if sections else None
    if isinstance(edit, SetFields):
        place = edit.ref
        if place in ("meta", "vmv"):
            return "overview" if place == "meta" else "vmv"
        if place.startswith("measure:"):
            return "goals"
        if place.startswith("pestle."):
            return "pestle"
        if place.startswith("forces."):
            return "forces"
        return SECTION_OF_PREFIX.get(place.partition("-")[0])
    container = getattr(edit, "container", "")
    head, _, tail = container.partition(".")
    if head in ("vmv", "swot", "pestle", "goals", "tactics", "risks"):
        return head
    if head == "strategies":
        return "swot"
    return SECTION_OF_PREFIX.get(head.partition("-")[0])  # <goal id>.milestones


@dataclass(slots=True)
class _Step:
    undo: Edit
    redo: Edit
    merge_key: str | None
    at: float


@dataclass(slots=True)
class History:
    """Undo and redo, many steps deep, and whether the workbook differs from the saved one."""

    limit: int = 1000
    merge_seconds: float = 2.0
    _undo: list[_Step] = field(default_factory=list)
    _redo: list[_Step] = field(default_factory=list)
    _saved_depth: int | None = 0
    """Undo depth at the last save; None once that state can no longer be reached."""

    def record(self, edit: Edit, inverse: Edit, merge_key: str | None = None) -> None:
        """Remember an applied edit. Edits with the same `merge_key` in quick succession
        (typing in a text field) become one undo step."""
        now = time.monotonic()
        if self._redo and self._saved_depth is not None and self._saved_depth > len(self._undo):
            self._saved_depth = None
        self._redo.clear()
        last = self._undo[-1] if self._undo else None
        if (merge_key is not None and last is not None and last.merge_key == merge_key
                and now - last.at <= self.merge_seconds and self._saved_depth != len(self._undo)):
            last.redo, last.at = edit, now
            return
        self._undo.append(_Step(inverse, edit, merge_key, now))
        if len(self._undo) > self.limit:
            del self._undo[0]
            if self._saved_depth is not None:
                self._saved_depth = self._saved_depth - 1 if self._saved_depth > 0 else None

    def undo(self, workbook: Workbook) -> Edit | None:
        """Undo the last step; returns the edit that was applied (to refresh what it touched)."""
        if not self._undo:
            return None
        step = self._undo.pop()
        applied = step.undo
        step.redo = applied.apply(workbook)
        step.merge_key = None
        self._redo.append(step)
        return applied

    def redo(self, workbook: Workbook) -> Edit | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        applied = step.redo
        step.undo = applied.apply(workbook)
        self._undo.append(step)
        return applied

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def next_undo_label(self) -> str:
        return self._undo[-1].undo.label if self._undo else ""

    @property
    def next_redo_label(self) -> str:
        return self._redo[-1].redo.label if self._redo else ""

    def forget_saved(self) -> None:
        """The workbook shown is not the one on disk (e.g. restored from a recovery file)."""
        self._saved_depth = None

    def mark_saved(self) -> None:
        self._saved_depth = len(self._undo)

    @property
    def is_dirty(self) -> bool:
        return self._saved_depth != len(self._undo)


def touched_containers(edit: Edit | None) -> set[str] | None:
    """The lists and objects an edit changed: list names (`vmv.values`, `swot.strengths`) and
    refs of changed objects (`vmv`, `val-k3m9`). None means anything may have changed.
    Sections read it to redraw only what an edit touched."""
    if edit is None:
        return None
    if isinstance(edit, Batch):
        touched: set[str] = set()
        for part in edit.edits:
            if isinstance(part, SetFields):  # the common parts inline: a bulk edit holds thousands
                touched.add(part.ref)
            elif isinstance(part, (Insert, Remove)):
                touched.add(part.container)
            else:
                more = touched_containers(part)
                if more is None:
                    return None
                touched |= more
        return touched
    if isinstance(edit, SetFields):
        return {edit.ref}
    container = getattr(edit, "container", None)
    if container is None:
        return None
    to_container = getattr(edit, "to_container", container)
    return {container, to_container}


def placed_items(edit: Edit | None) -> dict[str, str]:
    """Where an edit put an item: {container: item id}, so a list's cursor can follow it."""
    if isinstance(edit, Batch):
        found: dict[str, str] = {}
        for part in edit.edits:
            if isinstance(part, Insert):  # inline: a bulk edit holds thousands
                found[part.container] = part.item.id
            elif isinstance(part, (Batch, Move)):
                found.update(placed_items(part))
        return found
    if isinstance(edit, Insert):
        return {edit.container: edit.item.id}
    if isinstance(edit, Move):
        return {edit.to_container: edit.item_id}
    return {}


# -- the ids in use, kept across edits ----------------------------------------------------------

_HOLDERS = (Vmv, Swot, PestleFactor, Pestle, Force, Forces, Workbook)
"""What holds items without being one: a value of these kinds may bring in ids `_carried_ids` does not see."""


def _carried_ids(value: Any, found: set[str]) -> bool:
    """Add to `found` the ids of the items in `value` (an item, a list of them, and what nests in
    them); False when `value` may hold items in a place this does not look."""
    if isinstance(value, (list, tuple)):
        return all(_carried_ids(element, found) for element in value)
    if isinstance(value, dict):
        return all(_carried_ids(element, found) for element in value.values())
    item_id = getattr(value, "id", None)
    if isinstance(item_id, str):
        found.add(item_id)
        return all(_carried_ids(getattr(value, name), found) for name in NESTED.get(type(value), ()))
    return not isinstance(value, _HOLDERS)


def ids_brought_in(edit: Edit) -> set[str] | None:
    """Every id an applied edit may have put into the workbook (the items it carries, with the items
    nested in them), in proportion to the edit's size, not the workbook's. None when it cannot say
    (a whole workbook's content, an edit of a kind it does not know)."""
    found: set[str] = set()
    parts: list[Edit] = [edit]
    while parts:
        part = parts.pop()
        if isinstance(part, Batch):
            parts.extend(part.edits)
        elif isinstance(part, SetFields):
            if not all(_carried_ids(value, found) for value in part.changes.values()):
                return None
        elif isinstance(part, Insert):
            if not _carried_ids(part.item, found):
                return None
        elif not isinstance(part, (Remove, Move, Reorder)):  # these only take out or move items
            return None
    return found


def ids_in_use(workbook: Workbook) -> set[str]:
    """Every id in the workbook, for new ids to avoid: made through `StratbookApp.derived` with
    `follow=follow_ids`, it is made once and then follows the edits (so it may also hold ids that
    were in use earlier in the session, which a new id had better avoid too)."""
    return workbook.ids()


def follow_ids(ids: set[str], edit: Edit) -> bool:
    """Bring `ids` (from `ids_in_use`) up to date after `edit` was applied; False when it cannot
    (then the set is made again)."""
    brought = ids_brought_in(edit)
    if brought is None:
        return False
    ids |= brought
    return True
