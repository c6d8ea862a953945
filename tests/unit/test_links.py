"""Who links to what, and deleting with the links: one rule for every kind of item."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tests.conftest import SAMPLES
from tests.unit.helpers import same_workbook
from tui.model.edits import Batch, Remove
from tui.model.links import delete_and_unlink, describe_links, links_to
from tui.model.workbook import QUADRANTS, Workbook
from tui.store import load


def acme() -> Workbook:
    return load(SAMPLES / "acme-robotics.toml").workbook


def containers(workbook: Workbook) -> dict[str, str]:
    """Every item that can be linked, by id: the list it is in."""
    found = {v.id: "vmv.values" for v in workbook.vmv.values}
    for quadrant in QUADRANTS:
        found.update({i.id: f"swot.{quadrant}" for i in workbook.swot.quadrant(quadrant)})
    found.update({s.id: "strategies" for s in workbook.strategies})
    for name, factor in workbook.pestle.factors.items():
        found.update({i.id: f"pestle.{name}.items" for i in factor.items})
    found.update({g.id: "goals" for g in workbook.goals})
    found.update({t.id: "tactics" for t in workbook.tactics})
    found.update({r.id: "risks" for r in workbook.risks})
    return found


def references(workbook: Workbook) -> set[str]:
    """Every id that some item refers to."""
    refs = {link for goal in workbook.goals for link in goal.links} | {g.parent for g in workbook.goals if g.parent}
    refs |= {link for strategy in workbook.strategies for link in strategy.links}
    refs |= {i.source for q in QUADRANTS for i in workbook.swot.quadrant(q) if i.source}
    refs |= {r.source for r in workbook.risks if r.source} | {link for r in workbook.risks for link in r.links}
    return refs


ACME_IDS = sorted(containers(acme()))


def test_every_kind_that_can_be_linked_is_found_linked_in_the_sample() -> None:
    workbook = acme()
    kinds = {item_id[:3] for item_id in references(workbook)}
    assert {"val", "str", "wea", "opp", "thr", "tow", "pes", "gol", "tac"} <= kinds
    holders = {("strategy" if link.kind.endswith(" strategy") else link.kind, link.field)
               for item_id in references(workbook) for link in links_to(workbook, [item_id])}
    assert {("goal", "links"), ("strategy", "links"), ("SWOT item", "source"), ("risk", "links"),
            ("risk that came from it", "source"), ("Ansoff option", "links")} <= holders


def test_a_strategy_that_goals_link_is_found_with_those_goals() -> None:
    workbook = acme()
    links = links_to(workbook, ["tow-j9tb"])
    assert [link.holder for link in links] == ["gol-q8wn3", "gol-w4c9"]
    text = describe_links(links, "WO strategy")
    assert text.startswith("2 items link this WO strategy:") and "goal: " in text


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.sampled_from(ACME_IDS), min_size=1, max_size=3, unique=True))
def test_deleting_with_the_links_leaves_none_dangling_and_undoes_as_one(item_ids: list[str]) -> None:
    workbook = acme()
    before = copy.deepcopy(workbook)
    place = containers(workbook)
    dangling_before = references(workbook) - set(place)
    edit = delete_and_unlink(workbook, Batch(tuple(Remove(place[i], i) for i in item_ids), "delete"), item_ids)
    undo = edit.apply(workbook)
    assert not set(item_ids) & references(workbook)
    assert references(workbook) - set(containers(workbook)) == dangling_before  # nothing newly dangling
    assert links_to(workbook, item_ids) == []
    undo.apply(workbook)
    assert same_workbook(workbook, before)


@pytest.mark.parametrize("item_id", ["tac-h6j8", "mil-w8dn5"])
def test_an_item_nothing_links_deletes_as_the_plain_edit(item_id: str) -> None:
    workbook = acme()
    delete = Remove("tactics", item_id)
    assert links_to(workbook, [item_id]) == []
    assert delete_and_unlink(workbook, delete, [item_id]) is delete


def test_an_edit_is_placed_in_the_section_that_shows_it() -> None:
    from tui.model.edits import SECTION_ORDER, Insert, Move, SetFields, section_of
    from tui.screens.sections import SECTIONS

    assert SECTION_ORDER == tuple(s.mode for s in SECTIONS)
    assert section_of(SetFields("meta", {})) == "overview"
    assert section_of(SetFields("vmv", {})) == "vmv"
    assert section_of(SetFields("pestle.legal", {})) == "pestle"
    assert section_of(SetFields("measure:gol-7tz2", {})) == "goals"
    assert section_of(Insert("gol-7tz2.milestones", 0, None)) == "goals"
    assert section_of(Remove("strategies", "tow-j9tb")) == "swot"
    deleting_a_goal = Batch((Remove("tactics", "tac-h6j8"), Remove("goals", "gol-7tz2")))
    assert section_of(deleting_a_goal) == section_of(Batch(tuple(reversed(deleting_a_goal.edits)))) == "goals"
    moving_a_tactic = Batch((SetFields("tac-h6j8", {"goal": "gol-w4c9"}), Move("tactics", "tac-h6j8", "tactics", 3)))
    assert section_of(moving_a_tactic) == "tactics"
    unlinking = delete_and_unlink(acme(), Remove("strategies", "tow-j9tb"), ["tow-j9tb"])
    assert section_of(unlinking) == "swot"
