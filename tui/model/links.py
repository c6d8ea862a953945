"""Who links to what: the one answer every delete asks before it deletes.

Items refer to each other by id: a goal's `links` (values, SWOT items, TOWS
strategies, PESTLE items, five-forces items, Ansoff options, other goals) and
`parent` (the goal it serves), a TOWS strategy's `links` (SWOT items), an
Ansoff option's `links` (SWOT items, goals), a SWOT item's `source` (the PESTLE
item it was promoted from), and a risk's `source` (the PESTLE item or SWOT
threat it came from) and `links` (the goals and tactics that treat it). Deleting an
item that others refer to would leave ids that point nowhere ("missing tow-...").
Every delete asks `links_to` first and, when the user agrees, deletes with
`delete_and_unlink`: one edit, so one undo brings the item and its links back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tui.model.edits import Batch, Edit, SetFields
from tui.model.text import counted, one_line
from tui.model.workbook import QUADRANTS, Workbook


@dataclass(frozen=True, slots=True)
class LinkFrom:
    """An item that refers to one of the items being deleted."""

    holder: str
    """The id of the item that holds the reference."""
    kind: str
    """What the holder is, for people: "goal", "SO strategy", "SWOT item"."""
    text: str
    """The holder's title or text, on one line."""
    field: str
    """Where it holds it: `links`, `parent` or `source`."""


def links_to(workbook: Workbook, item_ids: Iterable[str]) -> list[LinkFrom]:
    """Every item, other than those deleted, that refers to any of `item_ids`."""
    gone = set(item_ids)
    found: list[LinkFrom] = []
    for goal in workbook.goals:
        if goal.id not in gone and gone.intersection(goal.links):
            found.append(LinkFrom(goal.id, "goal", one_line(goal.title or "(untitled goal)"), "links"))
        if goal.id not in gone and goal.parent in gone:  # it serves the goal deleted: it will serve none
            found.append(LinkFrom(goal.id, "goal that serves it", one_line(goal.title or "(untitled goal)"), "parent"))
    for strategy in workbook.strategies:
        if strategy.id not in gone and gone.intersection(strategy.links):
            found.append(LinkFrom(strategy.id, f"{strategy.kind} strategy", one_line(strategy.text or "(no text)"),
                                  "links"))
    for option in workbook.ansoff:
        if option.id not in gone and gone.intersection(option.links):
            found.append(LinkFrom(option.id, "Ansoff option", one_line(option.text or "(no text)"), "links"))
    for quadrant in QUADRANTS:
        for item in workbook.swot.quadrant(quadrant):
            if item.id not in gone and item.source in gone:
                found.append(LinkFrom(item.id, "SWOT item", one_line(item.text or "(no text)"), "source"))
    for risk in workbook.risks:
        if risk.id in gone:
            continue
        if risk.source in gone:
            found.append(LinkFrom(risk.id, "risk that came from it", one_line(risk.text or "(no text)"), "source"))
        if gone.intersection(risk.links):
            found.append(LinkFrom(risk.id, "risk", one_line(risk.text or "(no text)"), "links"))
    return found


def unlink_edits(workbook: Workbook, item_ids: Iterable[str]) -> list[Edit]:
    """The edits that take `item_ids` out of every item that refers to them."""
    gone = set(item_ids)
    edits: list[Edit] = []
    for link in links_to(workbook, gone):
        holder = workbook.find(link.holder)
        if link.field == "source":
            edits.append(SetFields(link.holder, {"source": None}, "unlink"))
        elif link.field == "parent":
            edits.append(SetFields(link.holder, {"parent": ""}, "unlink"))
        else:
            edits.append(SetFields(link.holder, {"links": [i for i in holder.links if i not in gone]}, "unlink"))
    return edits


def delete_and_unlink(workbook: Workbook, delete: Edit, item_ids: Iterable[str]) -> Edit:
    """`delete` together with taking the deleted ids out of every link: one edit, one undo."""
    unlinks = unlink_edits(workbook, item_ids)
    if not unlinks:
        return delete
    parts = delete.edits if type(delete) is Batch else (delete,)  # a RemoveAll stays one (fast) part
    return Batch((*unlinks, *parts), delete.label)


def describe_links(links: list[LinkFrom], what: str, shown: int = 4, several: bool = False) -> str:
    """`2 items link this value:` (`these 2 marked items`: `several`) then one line each (the
    first few), for a confirmation."""
    count = len(links)
    lines = [f"{counted(count, 'item')} {'links' if count == 1 else 'link'} {'these' if several else 'this'} {what}:"]
    lines += [f"  {link.kind}: {one_line(link.text, 60)}" for link in links[:shown]]
    if count > shown:
        lines.append(f"  ... and {count - shown} more")
    return "\n".join(lines)

