"""Goals that serve other goals: the parent -> children map, cycles, and the roll-up.

Everything here is linear in the number of goals: the map is built once and
each walk visits a goal at most once. No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from tui.model.progress import goal_progress
from tui.model.text import counted
from tui.model.workbook import Goal


def children_map(goals: Iterable[Goal]) -> dict[str, list[Goal]]:
    """Each parent id with its children, in file order (a dangling parent id is a key too)."""
    children: dict[str, list[Goal]] = {}
    for goal in goals:
        if goal.parent:
            children.setdefault(goal.parent, []).append(goal)
    return children


def cycles(goals: Sequence[Goal]) -> list[list[str]]:
    """Every cycle of parents, each as its ids in parent order starting from the first in the file."""
    return parent_cycles({goal.id: goal.parent for goal in goals})


def parent_cycles(parent_of: Mapping[str, str]) -> list[list[str]]:
    """`cycles` for a map of each goal's id to its parent's (in file order)."""
    # Only goals that name a parent can be on a loop: a goal whose id is missing ("") and that
    # serves no goal ("") must not look like a goal serving itself.
    parent_of = {goal_id: parent for goal_id, parent in parent_of.items() if parent}
    state: dict[str, int] = {}  # 1 on the current walk, 2 finished
    found: list[list[str]] = []
    for goal_id in parent_of:
        walk: list[str] = []
        current = goal_id
        while current in parent_of and state.get(current) is None:
            state[current] = 1
            walk.append(current)
            current = parent_of[current]
        if state.get(current) == 1:  # the walk came back to itself
            found.append(walk[walk.index(current):])
        for item_id in walk:
            state[item_id] = 2
    return found


def describe_cycle(cycle: Sequence[str]) -> str:
    return " -> ".join([*cycle, cycle[0]])


def would_cycle(goals: Iterable[Goal], goal_id: str, parent: str) -> bool:
    """Whether making `parent` the parent of `goal_id` would close a loop."""
    if not parent:
        return False
    parent_of = {goal.id: goal.parent for goal in goals}
    seen: set[str] = set()
    current = parent
    while current and current not in seen:
        if current == goal_id:
            return True
        seen.add(current)
        current = parent_of.get(current, "")
    return False


def rollup(goal: Goal, children: dict[str, list[Goal]]) -> float | None:
    """The mean progress of the goal's children (0..1), or None when it has none."""
    kids = children.get(goal.id)
    if not kids:
        return None
    return sum(goal_progress(kid) for kid in kids) / len(kids)


def tree_order(goals: Sequence[Goal]) -> list[tuple[Goal, int]]:
    """The goals with their depth, each child right under its parent (file order among siblings).

    A goal whose parent is missing, or which sits in a cycle, is shown at the top level.
    """
    ids = {goal.id for goal in goals}
    children = children_map(goals)
    in_cycle = {item_id for cycle in cycles(goals) for item_id in cycle}
    order: list[tuple[Goal, int]] = []
    shown: set[str] = set()
    for root in goals:
        if root.parent in ids and root.id not in in_cycle:
            continue
        stack = [(root, 0)]
        while stack:
            goal, depth = stack.pop()
            if goal.id in shown:
                continue
            shown.add(goal.id)
            order.append((goal, depth))
            stack.extend((kid, depth + 1) for kid in reversed(children.get(goal.id, ())))
    return order


def folded_tree(tree: Sequence[tuple[Goal, int]], folded: set[str]) -> list[tuple[Goal, int]]:
    """`tree` (from `tree_order`) without the goals under a folded goal, at any depth."""
    shown: list[tuple[Goal, int]] = []
    hide_below: int | None = None  # the depth of the folded goal whose subtree is being skipped
    for goal, depth in tree:
        if hide_below is not None and depth > hide_below:
            continue
        hide_below = depth if goal.id in folded else None
        shown.append((goal, depth))
    return shown


def rollup_text(goal: Goal, children: dict[str, list[Goal]]) -> str | None:
    """The roll-up of the goals that serve `goal`, beside its own progress (None: none serve it)."""
    kids = children.get(goal.id)
    if not kids:
        return None
    return f"{served_words(len(kids), rollup(goal, children) or 0.0)} (its own: {goal_progress(goal):.0%})"


def served_words(serving: int, share: float) -> str:
    """"3 goals serve it: 26% on average": a roll-up in words."""
    return f"{counted(serving, 'goal')} serve{'s' if serving == 1 else ''} it: {share:.0%} on average"
