"""The SWOT board's logic without the UI: neighbours, sorting, filtering, reordering, links."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.helpers import same_workbook
from tui.model.edits import Batch, EditError, Insert, Move, Remove, Reorder, SetFields
from tui.model.swot import (
    DIRECTIONS,
    QUADRANT_GRID,
    TOWS_CELLS,
    TOWS_GRID,
    TOWS_ORDER,
    by_weight,
    cycle,
    filter_items,
    matches,
    neighbour,
    reorder_index,
    strategies_linking,
    strategy_sides,
    touched_containers,
    tows_neighbour,
)
from tui.model.workbook import QUADRANTS, STRATEGY_KINDS, STRATEGY_QUADRANTS, Strategy, SwotItem, Workbook

OPPOSITE = {"up": "down", "down": "up", "left": "right", "right": "left"}


def board() -> Workbook:
    wb = Workbook()
    wb.swot.strengths = [SwotItem("str-aaaa", "Patents", 4), SwotItem("str-bbbb", "Service base", 5)]
    wb.swot.weaknesses = [SwotItem("wea-aaaa", "Slow delivery", 4)]
    wb.swot.opportunities = [SwotItem("opp-aaaa", "Warehouse robots", 5)]
    wb.swot.threats = [SwotItem("thr-aaaa", "Cheap arms", 3)]
    wb.strategies = [
        Strategy("tow-aaaa", "SO", "License grippers", ["str-aaaa", "opp-aaaa"]),
        Strategy("tow-bbbb", "ST", "Compete on cost", ["str-aaaa", "str-bbbb", "thr-aaaa"]),
        Strategy("tow-cccc", "WT", "Diversify", ["wea-aaaa", "thr-aaaa", "gol-gone"]),
    ]
    return wb


# -- where things are ---------------------------------------------------------------------------
def test_the_board_is_strengths_weaknesses_over_opportunities_threats() -> None:
    assert neighbour("strengths", "right") == "weaknesses"
    assert neighbour("strengths", "down") == "opportunities"
    assert neighbour("weaknesses", "down") == "threats"
    assert neighbour("opportunities", "right") == "threats"
    assert neighbour("strengths", "left") is None
    assert neighbour("strengths", "up") is None
    assert neighbour("threats", "down") is None
    assert neighbour("threats", "right") is None


def test_the_tows_matrix_has_strengths_and_weaknesses_as_columns() -> None:
    assert tows_neighbour("SO", "right") == "WO"
    assert tows_neighbour("SO", "down") == "ST"
    assert tows_neighbour("WO", "down") == "WT"
    assert tows_neighbour("WT", "up") == "WO"
    assert set(TOWS_ORDER) == set(STRATEGY_KINDS) == set(TOWS_CELLS)


@pytest.mark.parametrize("grid, step", [(QUADRANT_GRID, neighbour), (TOWS_GRID, tows_neighbour)])
def test_every_step_can_be_undone_by_the_opposite_step(grid, step) -> None:
    for name in grid:
        reachable = 0
        for direction in DIRECTIONS:
            other = step(name, direction)
            if other is not None:
                reachable += 1
                assert step(other, OPPOSITE[direction]) == name
        assert reachable == 2  # a 2x2 grid: every cell has exactly two neighbours


@given(st.integers(-9, 9))
def test_cycle_wraps_round_and_steps_back(step: int) -> None:
    for name in QUADRANTS:
        there = cycle(QUADRANTS, name, step)
        assert cycle(QUADRANTS, there, -step) == name
    assert [cycle(QUADRANTS, q, 1) for q in QUADRANTS] == [*QUADRANTS[1:], QUADRANTS[0]]


# -- filtering and sorting ------------------------------------------------------------------------
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@given(st.lists(texts, max_size=12), texts)
def test_filter_keeps_exactly_the_matching_items_in_order(words: list[str], needle: str) -> None:
    items = [SwotItem(f"str-{i:04d}", word) for i, word in enumerate(words)]
    kept = filter_items(items, needle)
    assert kept == [item for item in items if matches(item.text, needle)]
    assert all(needle.casefold() in item.text.casefold() for item in kept)


def test_filter_ignores_case_and_an_empty_needle_keeps_everything() -> None:
    items = board().swot.strengths
    assert [i.id for i in filter_items(items, "PATENT")] == ["str-aaaa"]
    assert filter_items(items, "") == items


@given(st.lists(st.integers(1, 5), max_size=30))
def test_by_weight_is_heaviest_first_and_stable(weights: list[int]) -> None:
    items = [SwotItem(f"str-{i:04d}", "", w) for i, w in enumerate(weights)]
    order = by_weight(items)
    assert sorted(order) == sorted(i.id for i in items)
    by_id = {i.id: i for i in items}
    shown = [by_id[i] for i in order]
    assert all(a.weight >= b.weight for a, b in zip(shown, shown[1:]))
    for a, b in zip(shown, shown[1:]):
        if a.weight == b.weight:
            assert a.id < b.id  # equal weights keep their order


@given(st.data())
def test_reorder_index_moves_an_item_past_its_visible_neighbour(data) -> None:
    size = data.draw(st.integers(1, 12))
    all_ids = [f"str-{i:04d}" for i in range(size)]
    visible = [i for i in all_ids if data.draw(st.booleans())] or [all_ids[0]]
    item = data.draw(st.sampled_from(visible))
    delta = data.draw(st.sampled_from([-1, 1]))
    index = reorder_index(visible, all_ids, item, delta)
    position = visible.index(item)
    if not 0 <= position + delta < len(visible):
        assert index is None
        return
    wb = Workbook()
    wb.swot.strengths = [SwotItem(i) for i in all_ids]
    Move("swot.strengths", item, "swot.strengths", index).apply(wb)
    after = [i.id for i in wb.swot.strengths if i.id in visible]
    expected = list(visible)
    expected[position], expected[position + delta] = expected[position + delta], expected[position]
    assert after == expected  # among the shown items it swapped with its neighbour
    hidden = [i.id for i in wb.swot.strengths if i.id not in visible]
    assert hidden == [i for i in all_ids if i not in visible]  # the hidden ones kept their order


# -- the sort edit ---------------------------------------------------------------------------------
def test_reorder_applies_and_its_inverse_restores_the_order() -> None:
    wb = board()
    before = copy.deepcopy(wb)
    edit = Reorder("swot.strengths", ("str-bbbb", "str-aaaa"))
    inverse = edit.apply(wb)
    assert [i.id for i in wb.swot.strengths] == ["str-bbbb", "str-aaaa"]
    inverse.apply(wb)
    assert same_workbook(wb, before)


def test_reorder_refuses_an_order_of_other_items() -> None:
    wb = board()
    with pytest.raises(EditError):
        Reorder("swot.strengths", ("str-aaaa",)).apply(wb)
    with pytest.raises(EditError):
        Reorder("swot.strengths", ("str-aaaa", "str-cccc")).apply(wb)


# -- links -----------------------------------------------------------------------------------------
def test_strategies_linking_an_item() -> None:
    wb = board()
    assert [s.id for s in strategies_linking(wb.strategies, "str-aaaa")] == ["tow-aaaa", "tow-bbbb"]
    assert strategies_linking(wb.strategies, "opp-zzzz") == []


def test_strategy_sides_split_links_by_quadrant() -> None:
    wb = board()
    assert strategy_sides(wb, wb.strategies[1]) == (["str-aaaa", "str-bbbb"], ["thr-aaaa"], [])
    assert strategy_sides(wb, wb.strategies[2]) == (["wea-aaaa"], ["thr-aaaa"], ["gol-gone"])
    for kind, (first, second) in STRATEGY_QUADRANTS.items():
        assert TOWS_CELLS[kind].kind == kind
        assert kind == first[0].upper() + second[0].upper()


def test_touched_containers_name_what_an_edit_changed() -> None:
    item = SwotItem("str-new1")
    assert touched_containers(None) is None
    assert touched_containers(SetFields("str-aaaa", {"weight": 2})) == {"str-aaaa"}
    assert touched_containers(Insert("swot.strengths", 0, item)) == {"swot.strengths"}
    assert touched_containers(Remove("strategies", "tow-aaaa")) == {"strategies"}
    assert touched_containers(Move("swot.strengths", "str-aaaa", "swot.threats", 0)) == {
        "swot.strengths", "swot.threats"}
    assert touched_containers(Reorder("swot.threats", ())) == {"swot.threats"}
    assert touched_containers(Batch((SetFields("tow-aaaa", {}), Remove("swot.weaknesses", "x")))) == {
        "tow-aaaa", "swot.weaknesses"}
