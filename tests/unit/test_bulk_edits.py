"""The bulk edits (tui/model/edits.py): many items deleted, moved or changed in one pass, undone as one.
They must leave the workbook as the plain edits they stand for would, and their inverse must
restore it exactly."""

from __future__ import annotations


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tui.model.edits import Batch, EditError, InsertAll, Remove, RemoveAll, SetEach, SetFields, move_all
from tui.model.workbook import QUADRANT_PREFIX, QUADRANTS, SwotItem, Workbook


def board(sizes: list[int]) -> Workbook:
    workbook = Workbook()
    for quadrant, size in zip(QUADRANTS, sizes):
        workbook.swot.quadrant(quadrant).extend(
            SwotItem(f"{QUADRANT_PREFIX[quadrant]}-{n:04d}", f"{quadrant} {n}", 1 + n % 5) for n in range(size))
    return workbook


def layout(workbook: Workbook) -> list[list[tuple[str, int]]]:
    return [[(item.id, item.weight) for item in workbook.swot.quadrant(q)] for q in QUADRANTS]


SIZES = st.lists(st.integers(0, 6), min_size=4, max_size=4)


@st.composite
def places(draw) -> tuple[list[int], list[tuple[str, str]]]:
    sizes = draw(SIZES)
    everything = [(f"swot.{q}", item.id) for q in QUADRANTS for item in board(sizes).swot.quadrant(q)]
    chosen = draw(st.lists(st.sampled_from(everything), unique=True, max_size=len(everything))) if everything else []
    return sizes, chosen


@settings(max_examples=examples(60), deadline=None)
@given(places())
def test_remove_all_is_the_removes_one_by_one_and_its_inverse_puts_them_back(case) -> None:
    sizes, chosen = case
    workbook, expected = board(sizes), board(sizes)
    Batch(tuple(Remove(c, i) for c, i in chosen)).apply(expected)
    inverse = RemoveAll(tuple(Remove(c, i) for c, i in chosen), "delete").apply(workbook)
    assert layout(workbook) == layout(expected)
    assert isinstance(inverse, InsertAll) and inverse.label == "delete"
    again = inverse.apply(workbook)
    assert layout(workbook) == layout(board(sizes))
    again.apply(workbook)  # redo
    assert layout(workbook) == layout(expected)


@settings(max_examples=examples(60), deadline=None)
@given(places(), st.sampled_from(QUADRANTS))
def test_move_all_puts_the_items_at_the_end_in_order_and_undoes_to_their_places(case, target) -> None:
    sizes, chosen = case
    workbook = board(sizes)
    before = layout(workbook)
    moved = [i for _, i in chosen]
    edit = move_all(workbook, chosen, f"swot.{target}", "move")
    inverse = edit.apply(workbook)
    after = layout(workbook)
    target_ids = [i for i, _ in after[QUADRANTS.index(target)]]
    assert target_ids[len(target_ids) - len(moved):] == moved
    assert sorted(i for q in after for i, _ in q) == sorted(i for q in before for i, _ in q)
    for quadrant, items in zip(QUADRANTS, after):  # the others keep their order
        kept = [i for i, _ in items if i not in moved]
        assert kept == [i for i, _ in before[QUADRANTS.index(quadrant)] if i not in moved]
    redo = inverse.apply(workbook)
    assert layout(workbook) == before
    redo.apply(workbook)
    assert layout(workbook) == after


def test_set_each_changes_every_item_and_undoes_to_each_ones_own_value() -> None:
    workbook = board([3, 3, 0, 0])
    before = layout(workbook)
    ids = [item.id for item in workbook.swot.strengths] + [workbook.swot.weaknesses[1].id]
    edit = SetEach(tuple(SetFields(i, {"weight": 5}) for i in ids), "weight 5")
    inverse = edit.apply(workbook)
    assert all(workbook.find(i).weight == 5 for i in ids)
    inverse.apply(workbook)
    assert layout(workbook) == before


def test_a_bulk_edit_of_a_missing_item_changes_nothing() -> None:
    workbook = board([3, 0, 0, 0])
    before = layout(workbook)
    ids = ["str-0000", "str-9999"]
    with pytest.raises(EditError):
        RemoveAll(tuple(Remove("swot.strengths", i) for i in ids)).apply(workbook)
    with pytest.raises(EditError):
        SetEach(tuple(SetFields(i, {"weight": 5}) for i in ids)).apply(workbook)
    with pytest.raises(EditError):
        move_all(workbook, [("swot.strengths", i) for i in ids], "swot.threats", "move")
    assert layout(workbook) == before
