"""The balanced-scorecard strategy map: goals grouped by perspective, and the links between them.

A strategy map reads bottom up as cause and effect: learning and growth makes the
internal processes better, they serve the customers, and the customers the
financial results. Here the groups come in the scorecard's order (financial
first), goals with no perspective last, and the links are named in words rather
than drawn: a goal *serves* its parent (the effect) and is *served by* its
children (the causes); a goal's `links` to other goals, and a closed goal's
`carried_to`, link goals too. Linear in the number of goals. No Textual here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.model.alignment import tree_order
from tui.model.workbook import PERSPECTIVES, Goal

PERSPECTIVE_NAMES = {
    "financial": "Financial",
    "customer": "Customer",
    "internal": "Internal process",
    "learning": "Learning and growth",
    "": "No perspective",
}
PERSPECTIVE_QUESTIONS = {
    "financial": "How do we look to our owners?",
    "customer": "How do our customers see us?",
    "internal": "What must we excel at?",
    "learning": "How do we keep learning and improving?",
    "": "Goals not yet placed on the scorecard",
}
ORDER = (*PERSPECTIVES, "")
"""The groups, top to bottom: the scorecard's order, then the goals with no perspective."""

CAUSE, EFFECT, LINK = "cause", "effect", "link"
"""How another goal relates to the one in focus: it serves it (a cause), it is served by it
(an effect), or they are linked otherwise (a link, or one carried on as the other)."""


def perspective_name(perspective: str) -> str:
    return PERSPECTIVE_NAMES.get(perspective, perspective)


def perspective_groups(goals: Sequence[Goal]) -> list[tuple[str, list[Goal]]]:
    """Each perspective of the scorecard with its goals (possibly none), then the goals with
    no (or an unknown) perspective when there are any. Within a group, a goal comes after the
    goal it serves (the tree's order), otherwise in file order."""
    groups: dict[str, list[Goal]] = {perspective: [] for perspective in ORDER}
    for goal, _ in tree_order(goals):
        groups[goal.perspective if goal.perspective in PERSPECTIVES else ""].append(goal)
    return [(name, found) for name, found in groups.items() if name or found]


@dataclass(frozen=True, slots=True)
class GoalLinks:
    """The goals linked to one goal, by how they relate."""

    serves: list[Goal]
    """The goal it serves (its parent): its effect."""
    served_by: list[Goal]
    """The goals that serve it (its children): its causes."""
    linked: list[Goal]
    """Goals it links to or that link to it (`links`)."""
    continues: list[Goal]
    """The goal it was carried on from (that goal's closing names this one)."""
    continued_as: list[Goal]
    """The goal it was carried on to (its closing's `carried_to`)."""

    def lines(self) -> list[tuple[str, list[Goal]]]:
        """(words, goals) for each kind of link the goal has, in reading order."""
        named = [("serves", self.serves), ("served by", self.served_by), ("linked with", self.linked),
                 ("continues", self.continues), ("continued as", self.continued_as)]
        return [(words, goals) for words, goals in named if goals]

    def relations(self) -> dict[str, str]:
        """Each linked goal's id with how it relates to this goal: CAUSE, EFFECT or LINK."""
        related = {goal.id: LINK for goal in (*self.linked, *self.continues, *self.continued_as)}
        related.update({goal.id: EFFECT for goal in self.serves})
        related.update({goal.id: CAUSE for goal in self.served_by})
        return related


class LinkIndex:
    """Every link between goals, indexed once so that each goal's links are found at once."""

    def __init__(self, goals: Sequence[Goal]) -> None:
        self.by_id = {goal.id: goal for goal in goals}
        self._children: dict[str, list[Goal]] = {}
        self._linked_from: dict[str, list[Goal]] = {}
        self._carried_from: dict[str, list[Goal]] = {}
        for goal in goals:
            if goal.parent in self.by_id and goal.parent != goal.id:
                self._children.setdefault(goal.parent, []).append(goal)
            for target in dict.fromkeys(goal.links):
                if target in self.by_id and target != goal.id:
                    self._linked_from.setdefault(target, []).append(goal)
            carried = goal.closing.carried_to if goal.closing is not None else None
            if carried in self.by_id and carried != goal.id:
                self._carried_from.setdefault(carried, []).append(goal)

    def links_of(self, goal: Goal) -> GoalLinks:
        by_id = self.by_id
        parent = by_id.get(goal.parent) if goal.parent != goal.id else None
        children = self._children.get(goal.id, ())
        # A goal it serves or that serves it is named once, as such, not again as "linked with".
        seen = {goal.id, goal.parent, *(child.id for child in children)}
        linked = [by_id[target] for target in dict.fromkeys(goal.links) if target in by_id and target not in seen]
        seen |= {g.id for g in linked}
        linked += [g for g in self._linked_from.get(goal.id, ()) if g.id not in seen]
        carried = goal.closing.carried_to if goal.closing is not None else None
        return GoalLinks(
            serves=[parent] if parent is not None else [],
            served_by=list(children),
            linked=linked,
            continues=list(self._carried_from.get(goal.id, ())),
            continued_as=[by_id[carried]] if carried in by_id and carried != goal.id else [],
        )
