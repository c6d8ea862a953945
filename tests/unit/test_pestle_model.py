"""The PESTLE logic without the UI: guidance, progress, promotion, ranking, the grid, and
what an edit touched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SAMPLES
from tui.model.edits import Batch, Insert, Move, Remove, SetFields
from tui.model.pestle import (
    GUIDES,
    QUADRANT_OF_EFFECT,
    all_items,
    cell_items,
    factor_progress,
    grid_counts,
    new_item,
    next_effect,
    overall_progress,
    promote,
    promoted_index,
    prompts_used,
    rate,
    ranked,
    shade_level,
    touched,
)
from tui.model.workbook import EFFECTS, PESTLE_FACTORS, PestleItem, SwotItem, Workbook
from tui.store import load

RATING = st.integers(1, 5)
ITEMS = st.lists(st.tuples(st.sampled_from(PESTLE_FACTORS), RATING, RATING, st.sampled_from(EFFECTS),
                           st.booleans()), max_size=40)


def build(rows) -> Workbook:
    workbook = Workbook()
    for number, (factor, impact, likelihood, effect, checked) in enumerate(rows):
        workbook.pestle.factors[factor].items.append(
            PestleItem(f"pes-t{number:04d}", f"item {number}", checked, impact, likelihood, effect))
    return workbook


def acme() -> Workbook:
    return load(SAMPLES / "acme-robotics.toml").workbook


# -- guidance ------------------------------------------------------------------------------


def test_six_factors_in_pestle_order_each_with_an_explanation_and_six_to_eight_prompts() -> None:
    assert list(GUIDES) == ["political", "economic", "social", "technological", "legal", "environmental"]
    assert "".join(guide.letter for guide in GUIDES.values()) == "PESTLE"
    shorts = [guide.short for guide in GUIDES.values()]  # where factors are mixed: E and E differ
    assert len(set(shorts)) == 6 and all(len(s) == 3 and guide.title.startswith(s)
                                         for s, guide in zip(shorts, GUIDES.values()))
    for guide in GUIDES.values():
        assert 6 <= len(guide.prompts) <= 8
        assert guide.explanation and "\n" not in guide.explanation and len(guide.explanation) < 70
        assert len(set(guide.prompts)) == len(guide.prompts)
    assert "Tax policy and incentives" in GUIDES["political"].prompts
    assert "Supply-chain resilience" in GUIDES["environmental"].prompts


def test_a_prompt_counts_as_used_once_an_item_starts_with_it() -> None:
    workbook = Workbook()
    factor = workbook.pestle.factors["political"]
    prompts = GUIDES["political"].prompts
    assert prompts_used(factor, prompts) == set()
    factor.items.append(PestleItem("pes-aaaa", "tax policy and incentives: R&D credit cut"))
    assert prompts_used(factor, prompts) == {"Tax policy and incentives"}


#: Letters whose case folding is longer, or differs from lower(): ß → ss, ŉ → ʼn, ﬁ → fi, İ.
FOLDING = st.text(alphabet="aAbsSßẞŉﬁfiİı ", max_size=8)


@given(prompts=st.lists(FOLDING, max_size=5), texts=st.lists(FOLDING, max_size=8))
def test_the_prompts_used_are_those_some_item_starts_with_casefolded(prompts: list[str], texts: list[str]) -> None:
    factor = Workbook().pestle.factors["social"]
    factor.items.extend(PestleItem(f"pes-t{n:04d}", text) for n, text in enumerate(texts))
    assert prompts_used(factor, prompts) == {
        prompt for prompt in prompts if any(text.casefold().startswith(prompt.casefold()) for text in texts)}


# -- progress -----------------------------------------------------------------------------------


def test_progress_of_the_acme_sample() -> None:
    workbook = acme()
    assert factor_progress(workbook.pestle.factors["political"]) == (2, 3)
    progress = overall_progress(workbook.pestle)
    assert (progress.reviewed, progress.factors) == (4, 6)
    assert (progress.checked, progress.items) == (10, 16)


@given(ITEMS)
def test_overall_progress_is_the_sum_of_the_factors(rows) -> None:
    workbook = build(rows)
    progress = overall_progress(workbook.pestle)
    assert progress.items == len(rows)
    assert progress.checked == sum(1 for row in rows if row[4])
    assert progress.checked == sum(factor_progress(f)[0] for f in workbook.pestle.factors.values())


# -- items --------------------------------------------------------------------------------------------


def test_new_item_has_a_fresh_pes_id_and_ratings_in_range() -> None:
    workbook = acme()
    item = new_item(workbook, "Carbon border tax", impact=9, likelihood=0, effect="threat")
    assert item.id.startswith("pes-") and item.id not in workbook.ids()
    assert (item.impact, item.likelihood, item.effect, item.checked) == (5, 1, "threat", False)


def test_rate_moves_one_step_and_stops_at_the_ends() -> None:
    item = PestleItem("pes-aaaa", "x", impact=4, likelihood=1)
    assert rate(item, "impact", 1) == SetFields("pes-aaaa", {"impact": 5}, "impact 5")
    item.impact = 5
    assert rate(item, "impact", 1) is None
    assert rate(item, "likelihood", -1) is None
    assert rate(item, "likelihood", 1).changes == {"likelihood": 2}


def test_effect_cycles_through_all_three() -> None:
    assert [next_effect(e) for e in ("neutral", "opportunity", "threat", "bogus")] == \
        ["opportunity", "threat", "neutral", "neutral"]


# -- promotion ------------------------------------------------------------------------------------------


def _one_item(effect: str, impact: int = 4) -> Workbook:
    workbook = Workbook()
    workbook.pestle.factors["legal"].items.append(PestleItem("pes-aaaa", "New data law", True, impact, 2, effect))
    return workbook


@pytest.mark.parametrize("effect", ["opportunity", "threat"])
def test_promote_adds_to_the_quadrant_of_the_effect_with_source_and_weight(effect: str) -> None:
    workbook = _one_item(effect, impact=5)
    promotion = promote(workbook, "pes-aaaa")
    assert isinstance(promotion.edit, Insert) and not promotion.refused
    promotion.edit.apply(workbook)
    quadrant = QUADRANT_OF_EFFECT[effect]
    [added] = workbook.swot.quadrant(quadrant)
    assert added == SwotItem(promotion.swot_id, "New data law", 5, "", "pes-aaaa")
    assert added.id.startswith("opp-" if effect == "opportunity" else "thr-")
    assert promotion.quadrant == quadrant
    assert promoted_index(workbook) == {"pes-aaaa": (quadrant, added.id)}


def test_promoting_twice_does_not_duplicate() -> None:
    workbook = _one_item("threat")
    first = promote(workbook, "pes-aaaa")
    first.edit.apply(workbook)
    second = promote(workbook, "pes-aaaa")
    assert second.edit is None and not second.refused
    assert second.swot_id == first.swot_id
    assert "Already in the SWOT" in second.message
    assert len(workbook.swot.threats) == 1


def test_promoting_after_the_effect_changed_moves_the_swot_item_and_keeps_its_id() -> None:
    workbook = _one_item("threat")
    first = promote(workbook, "pes-aaaa")
    first.edit.apply(workbook)
    workbook.find("pes-aaaa").effect = "opportunity"
    again = promote(workbook, "pes-aaaa")
    assert isinstance(again.edit, Move)
    again.edit.apply(workbook)
    assert [i.id for i in workbook.swot.opportunities] == [first.swot_id] and not workbook.swot.threats
    assert promote(workbook, "pes-aaaa").edit is None


def test_a_neutral_item_is_refused_with_a_reason() -> None:
    workbook = _one_item("neutral")
    promotion = promote(workbook, "pes-aaaa")
    assert promotion.refused and promotion.edit is None
    assert "neutral" in promotion.message and "effect" in promotion.message
    assert promote(workbook, "pes-none").refused


@given(st.lists(st.sampled_from(EFFECTS + ("flip",)), min_size=1, max_size=8))
def test_any_sequence_of_promotions_leaves_at_most_one_swot_item_in_the_right_quadrant(steps) -> None:
    workbook = _one_item("neutral")
    item = workbook.find("pes-aaaa")
    for step in steps:
        if step == "flip":
            promotion = promote(workbook, "pes-aaaa")
            if promotion.edit is not None:
                promotion.edit.apply(workbook)
        else:
            item.effect = step
    promoted = [i for q in ("strengths", "weaknesses", "opportunities", "threats")
                for i in workbook.swot.quadrant(q) if i.source == "pes-aaaa"]
    assert len(promoted) <= 1
    if promoted and steps[-1] == "flip" and item.effect != "neutral":
        assert promoted[0] in workbook.swot.quadrant(QUADRANT_OF_EFFECT[item.effect])


# -- ranking and the grid ----------------------------------------------------------------------------------


@given(ITEMS)
def test_ranking_is_by_score_then_impact_then_checklist_order(rows) -> None:
    workbook = build(rows)
    order = ranked(all_items(workbook.pestle))
    assert sorted(item.id for _, item in order) == sorted(item.id for _, item in all_items(workbook.pestle))
    keys = [(-item.score, -item.impact) for _, item in order]
    assert keys == sorted(keys)
    position = {item.id: n for n, (_, item) in enumerate(all_items(workbook.pestle))}
    for (_, a), (_, b) in zip(order, order[1:]):
        if (a.score, a.impact) == (b.score, b.impact):
            assert position[a.id] < position[b.id]


@given(ITEMS)
def test_grid_counts_every_item_once_in_its_cell(rows) -> None:
    workbook = build(rows)
    counts = grid_counts(workbook.pestle)
    assert sum(map(sum, counts)) == len(rows)
    for impact in range(1, 6):
        for likelihood in range(1, 6):
            in_cell = cell_items(workbook.pestle, impact, likelihood)
            assert counts[impact - 1][likelihood - 1] == len(in_cell)
            assert all((i.impact, i.likelihood) == (impact, likelihood) for _, i in in_cell)


def test_grid_of_the_acme_sample() -> None:
    counts = grid_counts(acme().pestle)
    assert counts[4 - 1][5 - 1] == 2  # labour shortages; EU Machinery Regulation
    assert counts[5 - 1] == [0, 0, 0, 0, 0]


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_shade_is_zero_only_when_empty_and_grows_with_the_count(count: int, other: int) -> None:
    highest = max(count, other, 1)
    level = shade_level(count, highest)
    assert 0 <= level <= 4
    assert (level == 0) == (count == 0)
    assert shade_level(highest, highest) == 4
    assert shade_level(min(count, other), highest) <= shade_level(max(count, other), highest)


# -- what an edit touched --------------------------------------------------------------------------------------


def test_touched_names_items_factors_rows_and_swot_links() -> None:
    item = PestleItem("pes-bbbb", "x")
    change = touched(Batch((
        SetFields("pes-aaaa", {"checked": True}),
        SetFields("pestle.legal", {"reviewed": True}),
        Insert("pestle.social.items", 0, item),
        Remove("pestle.economic.items", "pes-cccc"),
        SetFields("thr-aaaa", {"source": None}),
    )))
    assert change.items == {"pes-aaaa"} and change.factors == {"legal"}
    assert change.added == [("social", item)] and change.removed == [("economic", "pes-cccc")]
    assert change.swot and change.pestle and not change.moved and change.anything
    promotion = touched(Insert("swot.threats", 0, SwotItem("thr-aaaa", source="pes-aaaa")))
    assert promotion.swot and not promotion.pestle and promotion.anything


def test_touched_sees_promotion_and_ignores_other_sections() -> None:
    assert touched(Insert("swot.threats", 0, SwotItem("thr-aaaa"))).swot
    assert touched(Move("swot.threats", "thr-aaaa", "swot.opportunities", 0)).swot
    assert touched(Move("pestle.legal.items", "pes-aaaa", "pestle.legal.items", 2)).moved
    assert not touched(SetFields("vmv", {"vision": "x"})).anything
    assert not touched(SetFields("str-aaaa", {"weight": 2})).anything
    assert not touched(Insert("tactics", 0, SwotItem("tac-aaaa"))).anything
