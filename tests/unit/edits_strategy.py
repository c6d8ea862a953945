"""A hypothesis strategy: a workbook edited the way people edit copies of one (for diff and merge)."""

from __future__ import annotations

import copy
from datetime import date, timedelta

from hypothesis import strategies as st

from tui.model.checkins import add_checkin, targets_of
from tui.model.workbook import QUADRANTS, KeyResult, SwotItem, Tactic, Workbook

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)
OPERATIONS = ("weight", "text", "delete", "add", "move", "reorder", "vision", "answer", "drop_answer",
              "delete_goal", "add_kr", "kr_current", "start", "due", "tactic_goal", "links", "add_tactic",
              "checkin")


@st.composite
def edited(draw, base: Workbook, tag: str = "h") -> Workbook:
    """A copy of `base` with up to eight random edits; new ids carry `tag`, so two copies never collide."""
    workbook = copy.deepcopy(base)
    counter = 0
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(OPERATIONS))
        quadrant = getattr(workbook.swot, draw(st.sampled_from(QUADRANTS)))
        goal = draw(st.sampled_from(workbook.goals)) if workbook.goals else None
        counter += 1
        if op in ("weight", "text", "delete", "reorder") and not quadrant:
            continue
        if op == "weight":
            draw(st.sampled_from(quadrant)).weight = draw(st.integers(1, 5))
        elif op == "text":
            draw(st.sampled_from(quadrant)).text = draw(TEXT)
        elif op == "delete":
            quadrant.pop(draw(st.integers(0, len(quadrant) - 1)))
        elif op == "add":
            quadrant.insert(draw(st.integers(0, len(quadrant))), SwotItem(f"str-{tag}{counter:04d}", draw(TEXT)))
        elif op == "move":
            if quadrant:
                getattr(workbook.swot, draw(st.sampled_from(QUADRANTS))).append(quadrant.pop(0))
        elif op == "reorder":
            quadrant.insert(draw(st.integers(0, len(quadrant) - 1)), quadrant.pop())
        elif op == "vision":
            workbook.vmv.vision = draw(TEXT)
        elif goal is None:
            continue
        elif op == "answer":
            goal.answers[draw(st.sampled_from(["why", "what", "how"]))] = draw(TEXT)
        elif op == "drop_answer" and goal.answers:
            goal.answers.pop(draw(st.sampled_from(sorted(goal.answers))))
        elif op == "delete_goal":
            workbook.goals.remove(goal)
        elif op == "add_kr":
            goal.key_results.append(KeyResult(f"kr-{tag}{counter:04d}", draw(TEXT), target=10.0))
        elif op == "kr_current" and goal.key_results:
            draw(st.sampled_from(goal.key_results)).current = float(draw(st.integers(0, 20)))
        elif op == "start" and goal.due is not None:
            goal.start = goal.due - timedelta(days=draw(st.integers(0, 900)))
        elif op == "due":
            goal.due = (goal.start or date(2027, 1, 1)) + timedelta(days=draw(st.integers(0, 900)))
        elif op == "tactic_goal" and workbook.tactics:
            draw(st.sampled_from(workbook.tactics)).goal = goal.id
        elif op == "links":
            goal.links = draw(st.lists(st.sampled_from(["val-k2m9", "wea-9xk1", "opp-2b8d", "str-4hq7"]),
                                       unique=True, max_size=3))
        elif op == "add_tactic":
            workbook.tactics.append(Tactic(f"tac-{tag}{counter:04d}", goal.id, draw(TEXT)))
        elif op == "checkin" and list(targets_of(goal)):
            target = draw(st.sampled_from(list(targets_of(goal))))
            day = date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 30)))
            add_checkin(target, day, float(draw(st.integers(0, 20))), workbook.ids())[0].apply(workbook)
    return workbook
