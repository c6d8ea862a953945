"""Search everywhere (tui.model.search): every kind of text is found, with its section, kind and
the ref its section's `focus_item` takes; ranking puts titles and whole words first; typing on
gives what a fresh search gives."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tui.model.ids import PREFIXES
from tui.model.search import KINDS, SearchIndex, line_ref, split_line_ref
from tui.model.workbook import (
    AnsoffOption,
    Checkin,
    ForceItem,
    Goal,
    KeyResult,
    Measure,
    Milestone,
    PestleItem,
    Risk,
    Strategy,
    SwotItem,
    Tactic,
    Value,
    Workbook,
)


def one_of_each() -> Workbook:
    """A workbook with one text of every searchable kind, each holding its own odd word."""
    workbook = Workbook()
    workbook.vmv.vision = "A world of quokka workshops"
    workbook.vmv.mission = "We build narwhal cells"
    workbook.vmv.values = [Value("val-aaaa", "Integrity", "We say ocelot things plainly")]
    workbook.swot.strengths = [SwotItem("str-aaaa", "Two walrus patents", notes="filed in axolotl year")]
    workbook.swot.weaknesses = [SwotItem("wea-aaaa", "Slow dingo delivery")]
    workbook.swot.opportunities = [SwotItem("opp-aaaa", "Gecko warehouses")]
    workbook.swot.threats = [SwotItem("thr-aaaa", "Jackal competitors")]
    workbook.strategies = [Strategy("tow-aaaa", "SO", "License the lemur gripper", ["str-aaaa", "opp-aaaa"])]
    workbook.pestle.factors["legal"].items = [PestleItem("pes-aaaa", "New mongoose regulation")]
    workbook.pestle.factors["political"].notes = "Elections bring tapir uncertainty"
    goal = Goal("gol-aaaa", "okr", "Grow the bison business", owner="Priya Okapi")
    goal.answers = {"objective_why": "Be the meerkat leader"}
    goal.key_results = [KeyResult("kr-aaaa", "Sign ten yak customers", target=10,
                                  checkins=[Checkin("chk-aaaa", date(2027, 1, 5), 2, note="two signed at the ibis fair")])]
    goal.milestones = [Milestone("mil-aaaa", date(2027, 3, 1), "Pilot at the puffin plant")]
    measured = Goal("gol-bbbb", "smart", "Cut delivery time", measure=Measure("koala days", "days", 12, 5, 10),
                    checkins=[Checkin("chk-bbbb", date(2027, 1, 5), 10, note="the lynx line is late")])
    workbook.goals = [goal, measured]
    workbook.tactics = [Tactic("tac-aaaa", "gol-aaaa", "Hire a heron engineer", owner="Tom")]
    workbook.risks = [Risk("rsk-aaaa", "A moose strike", owner="Sam", response="Keep a beaver stock")]
    workbook.forces.forces["rivalry"].items = [ForceItem("frc-aaaa", "Wombat makers cut prices")]
    workbook.forces.forces["substitutes"].notes = "Manual falcon picking stays cheap"
    workbook.ansoff = [AnsoffOption("ans-aaaa", "market_development", "Sell to iguana farms")]
    return workbook


#: word: (section, kind, ref, found in a field other than the title)
EXPECTED = {
    "quokka": ("vmv", "vision", "vision", True),
    "narwhal": ("vmv", "mission", "mission", True),
    "integrity": ("vmv", "value", "val-aaaa", False),
    "ocelot": ("vmv", "value", "val-aaaa", True),
    "walrus": ("swot", "strength", "str-aaaa", False),
    "axolotl": ("swot", "strength", "str-aaaa", True),
    "dingo": ("swot", "weakness", "wea-aaaa", False),
    "gecko": ("swot", "opportunity", "opp-aaaa", False),
    "jackal": ("swot", "threat", "thr-aaaa", False),
    "lemur": ("swot", "strategy", "tow-aaaa", False),
    "mongoose": ("pestle", "PESTLE item", "pes-aaaa", False),
    "tapir": ("pestle", "notes", "pestle.political", True),
    "bison": ("goals", "goal", "gol-aaaa", False),
    "okapi": ("goals", "goal", "gol-aaaa", True),
    "meerkat": ("goals", "answer", "gol-aaaa.answer.objective_why", False),
    "yak": ("goals", "key result", "kr-aaaa", False),
    "ibis": ("goals", "check-in", "chk-aaaa", False),
    "lynx": ("goals", "check-in", "chk-bbbb", False),
    "koala": ("goals", "goal", "gol-bbbb", True),
    "puffin": ("goals", "milestone", "mil-aaaa", False),
    "heron": ("tactics", "tactic", "tac-aaaa", False),
    "moose": ("risks", "risk", "rsk-aaaa", False),
    "beaver": ("risks", "risk", "rsk-aaaa", True),
    "wombat": ("forces", "force item", "frc-aaaa", False),
    "falcon": ("forces", "notes", "forces.substitutes", True),
    "iguana": ("forces", "Ansoff option", "ans-aaaa", False),
}


def test_every_kind_of_text_is_found_with_its_section_kind_and_place() -> None:
    index = SearchIndex(one_of_each())
    for word, (section, kind, ref, in_other_field) in EXPECTED.items():
        hits, total = index.search(word)
        assert total == 1, (word, hits)
        hit = hits[0]
        assert (hit.section, hit.kind, hit.ref) == (section, kind, ref), word
        assert bool(hit.found_in) == in_other_field, word
        where = hit.found_in or hit.title
        assert where[hit.at:hit.at + len(word)].lower() == word


def test_every_kind_of_item_has_a_search_entry() -> None:
    """A new kind of item (a new id prefix) is searched once it has its entry in KINDS."""
    assert set(PREFIXES.values()) <= set(KINDS)


def test_texts_of_sections_not_shown_are_left_out() -> None:
    index = SearchIndex(one_of_each(), sections={"swot", "goals"})
    assert index.search("moose") == ([], 0) and index.search("heron") == ([], 0)
    assert index.search("walrus")[1] == 1


def test_an_answer_names_its_goal() -> None:
    hits, _ = SearchIndex(one_of_each()).search("meerkat")
    assert hits[0].context == "Grow the bison business"


def test_titles_and_whole_words_rank_first() -> None:
    workbook = Workbook()
    workbook.swot.strengths = [
        SwotItem("str-0001", "Plenty of cash", notes="the grow fund"),  # whole word, in notes
        SwotItem("str-0002", "Overgrown product line"),  # inside a word of the title
        SwotItem("str-0003", "Growth in exports"),  # start of a word of the title
        SwotItem("str-0004", "We grow fast"),  # a whole word of the title
        SwotItem("str-0005", "Cheap", notes="regrowing market"),  # inside a word, in notes
        SwotItem("str-0006", "Grow"),  # the whole title
    ]
    hits, total = SearchIndex(workbook).search("grow")
    assert total == 6
    assert [hit.ref for hit in hits] == ["str-0006", "str-0004", "str-0003", "str-0002", "str-0001", "str-0005"]


def test_every_word_must_be_found_in_some_field() -> None:
    index = SearchIndex(one_of_each())
    assert [h.ref for h in index.search("walrus axolotl")[0]] == ["str-aaaa"]  # title and notes
    assert index.search("walrus heron") == ([], 0)
    assert index.search("WALRUS")[0][0].ref == "str-aaaa"  # case does not matter
    assert index.search("   ") == ([], 0)


def test_shown_hits_are_capped_and_the_total_told() -> None:
    workbook = Workbook()
    workbook.tactics = [Tactic(f"tac-{n:04d}", "", f"Call customer {n}") for n in range(250)]
    hits, total = SearchIndex(workbook).search("customer", limit=100)
    assert (len(hits), total) == (100, 250)
    assert [h.ref for h in hits[:2]] == ["tac-0000", "tac-0001"]  # ties keep the file's order


def test_line_refs_round_trip() -> None:
    assert split_line_ref(line_ref("gol-aaaa", "answer", "objective_why")) == ("gol-aaaa", "answer", "objective_why")
    assert split_line_ref(line_ref("gol-aaaa", "row")) == ("gol-aaaa", "row", "")
    assert split_line_ref("gol-aaaa") is None


WORDS = ["wal", "walrus", "a", "an", "ax", "axolotl", "gro", "grow", "the", "e", "bison", "signed", "x"]


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=3).map(" ".join), min_size=1, max_size=6))
def test_typing_on_gives_what_a_fresh_search_gives(queries: list[str]) -> None:
    """The index narrows from the last search's hits when the words only grew: never a hit lost."""
    workbook = one_of_each()
    typed = SearchIndex(workbook)
    for query in queries:
        assert typed.search(query) == SearchIndex(workbook).search(query), query
