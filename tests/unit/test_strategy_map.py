"""The strategy map without the UI: goals grouped by scorecard perspective, and every link
between goals named both ways (serves / served by, linked, carried on)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tui.model.strategy_map import CAUSE, EFFECT, LINK, LinkIndex, perspective_groups
from tui.model.workbook import PERSPECTIVES, Closing, Goal


def test_groups_come_in_the_scorecards_order_with_the_unplaced_last():
    goals = [Goal("gol-a", perspective="learning"), Goal("gol-b"), Goal("gol-c", perspective="financial"),
             Goal("gol-d", perspective="bogus"), Goal("gol-e", perspective="financial")]
    groups = perspective_groups(goals)
    assert [name for name, _ in groups] == ["financial", "customer", "internal", "learning", ""]
    assert [[g.id for g in found] for _, found in groups] == [["gol-c", "gol-e"], [], [], ["gol-a"],
                                                              ["gol-b", "gol-d"]]
    # Every goal placed: no group for the unplaced; the four perspectives show even when empty.
    assert [name for name, _ in perspective_groups(goals[:1])] == list(PERSPECTIVES)


def test_a_child_follows_its_parent_within_a_group():
    goals = [Goal("gol-kid", perspective="customer", parent="gol-top"), Goal("gol-other", perspective="customer"),
             Goal("gol-top", perspective="customer")]
    (_, customer), = [(n, g) for n, g in perspective_groups(goals) if n == "customer"]
    ids = [g.id for g in customer]
    assert ids.index("gol-kid") == ids.index("gol-top") + 1


def test_links_are_named_both_ways_once_each():
    top = Goal("gol-top", title="Revenue", perspective="financial")
    kid = Goal("gol-kid", parent="gol-top", links=["gol-top", "gol-peer", "gol-peer", "gol-kid", "val-x"])
    peer = Goal("gol-peer")
    old = Goal("gol-old", closing=Closing(carried_to="gol-kid"))
    index = LinkIndex([top, kid, peer, old])
    links = index.links_of(kid)
    assert [g.id for g in links.serves] == ["gol-top"]
    assert [g.id for g in links.linked] == ["gol-peer"]  # the parent is named as such, not again; no self
    assert [g.id for g in links.continues] == ["gol-old"]
    assert [words for words, _ in links.lines()] == ["serves", "linked with", "continues"]
    assert [g.id for g in index.links_of(top).served_by] == ["gol-kid"]
    assert [g.id for g in index.links_of(peer).linked] == ["gol-kid"]  # linked from the other side
    assert [g.id for g in index.links_of(old).continued_as] == ["gol-kid"]
    assert links.relations() == {"gol-top": EFFECT, "gol-peer": LINK, "gol-old": LINK}
    assert index.links_of(top).relations() == {"gol-kid": CAUSE}


def test_missing_and_self_references_link_nothing():
    lone = Goal("gol-a", parent="gol-a", links=["gol-a", "gol-gone"], closing=Closing(carried_to="gol-a"))
    links = LinkIndex([lone, Goal("gol-b", parent="gol-gone")]).links_of(lone)
    assert links.lines() == [] and links.relations() == {}


ids = st.sampled_from([f"gol-{n}" for n in range(6)])


@settings(max_examples=examples(80), deadline=None)
@given(st.lists(st.tuples(ids, st.sampled_from(["", *PERSPECTIVES, "x"]), st.one_of(st.just(""), ids),
                          st.lists(ids, max_size=3)), max_size=8, unique_by=lambda t: t[0]))
def test_every_goal_is_in_one_group_and_relations_mirror(specs):
    goals = [Goal(goal_id, perspective=perspective, parent=parent, links=links)
             for goal_id, perspective, parent, links in specs]
    grouped = [g.id for _, found in perspective_groups(goals) for g in found]
    assert sorted(grouped) == sorted(g.id for g in goals)
    index = LinkIndex(goals)
    mirror = {CAUSE: EFFECT, EFFECT: CAUSE, LINK: LINK}
    for goal in goals:
        for other_id, relation in index.links_of(goal).relations().items():
            other = index.by_id[other_id]
            back = index.links_of(other).relations().get(goal.id)
            # A pair that serves each other (a cycle of two) is both; otherwise the mirror.
            assert back == mirror[relation] or (back in (CAUSE, EFFECT) and relation in (CAUSE, EFFECT))
