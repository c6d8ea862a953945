"""Porter's five forces and the Ansoff matrix without the UI: the file (round trip, canonical
order, every validation rule), links from goals, diff and merge by item, the exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from tui.cli import main
from tui.model.forces import pressing_forces, rating_bar, rating_words
from tui.model.goals import link_targets
from tui.model.links import links_to, unlink_edits
from tui.model.workbook import AnsoffOption, ForceItem, Goal, SwotItem, Workbook
from tui.store import WorkbookError, dumps, load, loads
from tui.store.diff import diff, format_text
from tui.store.export import loads_json, to_html, to_json, to_markdown
from tui.store.merge import merge

from .helpers import same_workbook
from .test_load_errors import HEAD, check, write

CANONICAL = """\
# Stratbook workbook. Open it with: stratbook FILE
# Plain TOML (format 1): read, diff and edit it by hand; your comments are kept.

[workbook]
schema = 1
title = "Five forces"
organisation = ""

[vmv]
vision = ""
mission = ""

[[swot.opportunities]]
id = "opp-2b8d"
text = "Dutch warehouses automate"
weight = 4

[pestle.political]
reviewed = false

[pestle.economic]
reviewed = false

[pestle.social]
reviewed = false

[pestle.technological]
reviewed = false

[pestle.legal]
reviewed = false

[pestle.environmental]
reviewed = false

[[goals]]
id = "gol-7tz2"
framework = "smart"
title = "Win the Dutch market"
status = "active"
owner = "Tom"
links = ["ans-k2l0", "frc-3kd9"]

[forces.rivalry]
rating = 4
notes = "Price war since 2025"

[[forces.rivalry.items]]
id = "frc-3kd9"
text = "Chinese cobot makers price 40% below us"
weight = 4

[forces.buyer_power]
rating = 2
notes = ""

[forces.supplier_power]
notes = "Not rated yet"
mood = "worried"

[forces.complementors]
rating = 3

[[ansoff]]
id = "ans-k2l0"
quadrant = "market_development"
text = "Sell the picking cell to Dutch warehouses"
risk = 3
links = ["opp-2b8d", "gol-7tz2"]

[[ansoff]]
id = "ans-m4n5"
quadrant = "diversification"
text = "Rent robots by the hour"
risk = 5
"""


def test_the_canonical_layout_round_trips_byte_for_byte() -> None:
    loaded = loads(CANONICAL)
    assert loaded.warnings == []
    workbook = loaded.workbook
    forces = workbook.forces.forces
    assert list(forces) == ["rivalry", "new_entrants", "substitutes", "buyer_power", "supplier_power"]
    assert (forces["rivalry"].rating, forces["rivalry"].items[0].weight) == (4, 4)
    assert forces["new_entrants"].rating is None and forces["new_entrants"].is_empty
    assert forces["supplier_power"].extra == {"mood": "worried"}
    assert workbook.forces.extra == {"complementors": {"rating": 3}}  # a force this version does not know
    assert [o.quadrant for o in workbook.ansoff] == ["market_development", "diversification"]
    assert workbook.ansoff[0].links == ["opp-2b8d", "gol-7tz2"]
    assert dumps(workbook).decode("utf-8") == CANONICAL


def test_the_writer_puts_forces_in_their_order_and_leaves_out_those_not_said() -> None:
    workbook = loads(CANONICAL).workbook
    workbook.forces.forces["substitutes"].rating = 1
    text = dumps(workbook).decode("utf-8")
    assert text.index("[forces.rivalry]") < text.index("[forces.substitutes]") < text.index("[forces.buyer_power]")
    assert "[forces.new_entrants]" not in text
    assert text.index("[[tactics]]" if "[[tactics]]" in text else "[forces.") < text.index("[[ansoff]]")
    assert "[forces" not in dumps(Workbook()).decode("utf-8") and "ansoff" not in dumps(Workbook()).decode("utf-8")


def test_fmt_keeps_what_it_wrote_and_the_forces_as_they_are(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, CANONICAL)
    assert main(["fmt", str(path)]) == 0
    assert main(["fmt", "--check", str(path)]) == 0
    text = path.read_text("utf-8")
    assert text[text.index("[forces.rivalry]"):] == CANONICAL[CANONICAL.index("[forces.rivalry]"):]


ITEM = "[[forces.rivalry.items]]\nid = 'frc-aaaa'\n"
OPTION = "[[ansoff]]\nid = 'ans-aaaa'\n"
ERRORS = [
    ("rating-high", HEAD + "[forces.rivalry]\nrating = 6\n",
     "{f}:4: error: forces.rivalry.rating: must be from 1 to 5, not 6"),
    ("rating-zero", HEAD + "[forces.new_entrants]\nrating = 0\n",
     "{f}:4: error: forces.new_entrants.rating: must be from 1 to 5, not 0"),
    ("rating-word", HEAD + "[forces.substitutes]\nrating = 'high'\n",
     "{f}:4: error: forces.substitutes.rating: must be a whole number from 1 to 5, not a string"),
    ("force-notes-number", HEAD + "[forces.buyer_power]\nnotes = 3\n",
     "{f}:4: error: forces.buyer_power.notes: must be a string, not an integer"),
    ("forces-not-a-table", "forces = 3\n" + HEAD, "{f}:1: error: forces: must be a table, not an integer"),
    ("force-not-a-table", HEAD + "[forces]\nrivalry = 'high'\n",
     "{f}:4: error: forces.rivalry: must be a table, not a string"),
    ("force-items-not-tables", HEAD + "[forces.rivalry]\nitems = 'many'\n",
     "{f}:4: error: forces.rivalry.items: must be an array of tables ([[forces.rivalry.items]]), not a string"),
    ("force-weight", HEAD + ITEM + "weight = 9\n", "{f}:5: error: forces.rivalry.items[0].weight: must be from 1 to 5, not 9"),
    ("force-item-text", HEAD + ITEM + "text = ['a']\n",
     "{f}:5: error: forces.rivalry.items[0].text: must be a string, not an array"),
    ("force-item-prefix", HEAD + "[[forces.rivalry.items]]\nid = 'ans-aaaa'\n",
     "{f}:4: error: forces.rivalry.items[0].id: 'ans-aaaa' is not a valid id: expected frc-k3m9 "
     "(prefix, then 4 to 12 of a-z 0-9)"),
    ("force-item-id-missing", HEAD + "[[forces.rivalry.items]]\ntext = 'x'\n",
     "{f}:3: error: forces.rivalry.items[0].id: is missing: every item needs an id"),
    ("force-item-duplicate", HEAD + ITEM + "[[forces.substitutes.items]]\nid = 'frc-aaaa'\n",
     "{f}:6: error: forces.substitutes.items[0].id: duplicate id 'frc-aaaa', first used at "
     "forces.rivalry.items[0] (line 4); every item needs an id of its own: give this one another, such as "
     "'frc-aaaa2'"),
    ("ansoff-quadrant", HEAD + OPTION + "quadrant = 'growth'\n",
     "{f}:5: error: ansoff[0].quadrant: must be one of market_penetration | product_development | "
     "market_development | diversification, not 'growth'"),
    ("ansoff-risk", HEAD + OPTION + "risk = 7\n", "{f}:5: error: ansoff[0].risk: must be from 1 to 5, not 7"),
    ("ansoff-risk-float", HEAD + OPTION + "risk = 2.5\n",
     "{f}:5: error: ansoff[0].risk: must be a whole number from 1 to 5, not a float"),
    ("ansoff-links", HEAD + OPTION + "links = 'opp-aaaa'\n", "{f}:5: error: ansoff[0].links: must be an array of strings"),
    ("ansoff-prefix", HEAD + "[[ansoff]]\nid = 'str-aaaa'\n",
     "{f}:4: error: ansoff[0].id: 'str-aaaa' is not a valid id: expected ans-k3m9 (prefix, then 4 to 12 of a-z 0-9)"),
    ("ansoff-duplicate", HEAD + OPTION + OPTION,
     "{f}:6: error: ansoff[1].id: duplicate id 'ans-aaaa', first used at ansoff[0] (line 4)"
     "; every item needs an id of its own: give this one another, such as 'ans-aaaa2'"),
    ("ansoff-not-tables", "ansoff = ['grow']\n" + HEAD, "{f}:1: error: ansoff[0]: must be a table, not a string"),
    ("ansoff-and-force-share-an-id-space", HEAD + ITEM + "[[goals]]\nid = 'frc-aaaa'\n",
     "{f}:6: error: goals[0].id: 'frc-aaaa' is not a valid id: expected gol-k3m9 (prefix, then 4 to 12 of a-z 0-9)"),
]


@pytest.mark.parametrize(("content", "expected"), [case[1:] for case in ERRORS], ids=[case[0] for case in ERRORS])
def test_each_rule_is_an_error_naming_the_place(tmp_path: Path, capsys, content: str, expected: str) -> None:
    path = write(tmp_path, content)
    before = path.read_bytes()
    status, out, err = check(capsys, path)
    assert (status, err, out) == (2, [expected.format(f=path)], [])
    with pytest.raises(WorkbookError):
        load(path)
    assert path.read_bytes() == before


def test_a_dangling_ansoff_link_is_a_warning_and_kept(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, HEAD + OPTION + "links = ['opp-gone', 'gol-gone']\n")
    loaded = load(path)
    assert [(p.line, p.path) for p in loaded.warnings] == [(5, "ansoff[0].links[0]"), (5, "ansoff[0].links[1]")]
    assert loaded.workbook.ansoff[0].links == ["opp-gone", "gol-gone"]
    status, out, _ = check(capsys, path, "--strict")
    assert status == 1 and "links to 'opp-gone', which is not in this workbook" in out[0]


def test_goals_link_to_force_items_and_ansoff_options_without_warnings() -> None:
    workbook = loads(CANONICAL).workbook
    assert workbook.goals[0].links == ["ans-k2l0", "frc-3kd9"]
    kinds = {t.id: (t.kind, t.section) for t in link_targets(workbook)}
    assert kinds["frc-3kd9"] == ("force rivalry", "forces")
    assert kinds["ans-k2l0"] == ("Ansoff market development", "forces")
    assert workbook.find("frc-3kd9").text.startswith("Chinese") and workbook.find("ans-m4n5").risk == 5
    assert workbook.force_of("frc-3kd9") == "rivalry"


def test_deleting_what_an_option_links_unlinks_it_in_one_edit() -> None:
    workbook = loads(CANONICAL).workbook
    found = links_to(workbook, ["opp-2b8d"])
    assert [(f.holder, f.kind, f.field) for f in found] == [("ans-k2l0", "Ansoff option", "links")]
    for edit in unlink_edits(workbook, ["opp-2b8d"]):
        edit.apply(workbook)
    assert workbook.ansoff[0].links == ["gol-7tz2"]
    assert [f.holder for f in links_to(workbook, ["ans-k2l0", "frc-3kd9"])] == ["gol-7tz2"]
    for edit in unlink_edits(workbook, ["ans-k2l0"]):
        edit.apply(workbook)
    assert workbook.goals[0].links == ["frc-3kd9"]


def test_rating_words_bar_and_pressing_forces() -> None:
    workbook = loads(CANONICAL).workbook
    assert rating_words(4) == "4 strong" and rating_words(None) == "not rated"
    assert rating_bar(3) == "###--" and rating_bar(None) == "-----"
    workbook.forces.forces["substitutes"].rating = 5
    assert [(p.name, p.rating) for p in pressing_forces(workbook)] == [("substitutes", 5), ("rivalry", 4)]


# -- diff and merge by item -----------------------------------------------------------------------

def test_diff_names_force_items_options_and_ratings() -> None:
    old = loads(CANONICAL).workbook
    new = loads(CANONICAL).workbook
    forces = new.forces.forces
    forces["rivalry"].rating = 5
    forces["substitutes"].items.append(ForceItem("frc-new1", "Manual labour stays cheap", 3))
    moved = forces["rivalry"].items.pop(0)
    forces["new_entrants"].items.append(moved)
    new.ansoff[1].risk = 4
    new.ansoff.append(AnsoffOption("ans-new1", "product_development", "A welding cell"))
    del new.ansoff[0]
    changes = [(c.kind, c.ref, c.field, c.where) for c in diff(old, new)]
    assert ("changed", "forces.rivalry", "rating", "forces.rivalry") in changes
    assert ("added", "frc-new1", "", "forces.substitutes.items") in changes
    assert ("moved", "frc-3kd9", "", "forces.new_entrants.items") in changes
    assert ("changed", "ans-m4n5", "risk", "ansoff") in changes
    assert ("added", "ans-new1", "", "ansoff") in changes and ("removed", "ans-k2l0", "", "ansoff") in changes
    text = format_text(diff(old, new), old, new)
    assert "Five forces: rivalry" in text and "Ansoff options" in text
    assert "moved from Five forces: rivalry to Five forces: new entrants" in text


def test_merge_keeps_both_sides_items_and_one_sided_ratings_and_records_a_rating_conflict() -> None:
    base = loads(CANONICAL).workbook
    ours, theirs = loads(CANONICAL).workbook, loads(CANONICAL).workbook
    ours.forces.forces["rivalry"].items.append(ForceItem("frc-ours", "Ours"))
    theirs.forces.forces["rivalry"].items.append(ForceItem("frc-thrs", "Theirs"))
    ours.forces.forces["buyer_power"].rating = 3
    theirs.forces.forces["new_entrants"].rating = 2
    theirs.ansoff[0].links = ["opp-2b8d"]  # unlinks the goal
    ours.ansoff[0].links = ["opp-2b8d", "gol-7tz2", "ans-m4n5"]
    ours.forces.forces["rivalry"].rating, theirs.forces.forces["rivalry"].rating = 5, 3
    result = merge(base, ours, theirs)
    forces = result.workbook.forces.forces
    assert [i.id for i in forces["rivalry"].items] == ["frc-3kd9", "frc-ours", "frc-thrs"]
    assert (forces["buyer_power"].rating, forces["new_entrants"].rating) == (3, 2)
    assert result.workbook.ansoff[0].links == ["opp-2b8d", "ans-m4n5"]  # links merge as sets
    assert [(c.item, c.field) for c in result.conflicts] == [("forces.rivalry", "rating")]
    assert forces["rivalry"].rating == 5  # ours kept
    assert loads(dumps(result.workbook).decode("utf-8")).workbook is not None


# -- exports --------------------------------------------------------------------------------------

def test_markdown_has_a_forces_table_and_an_ansoff_table() -> None:
    text = to_markdown(loads(CANONICAL).workbook)
    assert "## Five forces" in text and "## Ansoff matrix" in text
    assert "| Rivalry | 4 strong [####-] | Chinese cobot makers price 40% below us (4/5) | Price war since 2025 |" in text
    assert "| New entrants | not rated [-----] |  |  |" in text
    assert ("| Market development (existing products, new markets) | Sell the picking cell to Dutch warehouses "
            "| 3 medium |") in text
    assert text.index("## Five forces") < text.index("## Ansoff matrix") < text.index("## Goals")


def test_html_has_the_five_forces_picture_and_the_ansoff_two_by_two() -> None:
    page = to_html(loads(CANONICAL).workbook)
    assert 'aria-label="Porter&#x27;s five forces' in page and 'aria-label="Ansoff matrix' in page
    assert "Existing products" in page and "New markets" in page and "4 strong" in page
    assert "<h2>Five forces</h2>" not in to_html(Workbook())


def test_json_carries_them_and_reads_back_the_same() -> None:
    workbook = loads(CANONICAL).workbook
    text = to_json(workbook)
    document = json.loads(text)
    assert document["forces"]["rivalry"]["rating"] == 4 and document["ansoff"][1]["risk"] == 5
    assert same_workbook(loads_json(text), workbook)



def test_samples_rate_their_forces_and_link_an_option_to_a_goal() -> None:
    for name in ("acme-robotics.toml", "harbour-food-bank.toml"):
        loaded = load(SAMPLES / name)
        workbook = loaded.workbook
        assert loaded.warnings == [], name
        assert all(force.rating is not None for force in workbook.forces.forces.values()), name
        assert len(workbook.ansoff) >= 3, name
        options = {o.id for o in workbook.ansoff}
        assert any(options & set(goal.links) for goal in workbook.goals) or any(
            link.startswith("gol-") for o in workbook.ansoff for link in o.links), name
