"""The risk register: its rules in the file, its round trip, exports, diff and merge, links,
ranking, reviews, the grid, and promotion from PESTLE and SWOT without duplicates."""

from __future__ import annotations

import copy
from datetime import date, datetime, timezone

import pytest

from tui.cli import main
from tui.model.edits import Remove
from tui.model.links import delete_and_unlink, links_to
from tui.model.risks import (
    grid_counts,
    promote_to_risk,
    ranked,
    review_state,
    review_words,
    reviews_due,
    source_words,
    toggle_status,
    top_risks,
)
from tui.model.workbook import Goal, PestleItem, Risk, SwotItem, Tactic, Workbook
from tui.store import dumps, load, loads
from tui.store.diff import diff, format_text
from tui.store.export import loads_json, to_html, to_json, to_markdown
from tui.store.merge import merge

from .helpers import same_workbook
from .test_load_errors import HEAD, check, write

RISK = "[[risks]]\nid = 'rsk-aaaa'\n"
TODAY = date(2027, 1, 30)

# (test id, file text, the one error line expected on stderr; {f} is the file's name)
RISK_ERRORS = [
    ("impact-6", HEAD + RISK + "impact = 6\n", "{f}:5: error: risks[0].impact: must be from 1 to 5, not 6"),
    ("likelihood-0", HEAD + RISK + "likelihood = 0\n", "{f}:5: error: risks[0].likelihood: must be from 1 to 5, not 0"),
    ("impact-float", HEAD + RISK + "impact = 2.5\n",
     "{f}:5: error: risks[0].impact: must be a whole number from 1 to 5, not a float"),
    ("treatment-unknown", HEAD + RISK + "treatment = 'ignore'\n",
     "{f}:5: error: risks[0].treatment: must be one of avoid | reduce | transfer | accept, not 'ignore'"),
    ("status-unknown", HEAD + RISK + "status = 'done'\n",
     "{f}:5: error: risks[0].status: must be one of open | closed, not 'done'"),
    ("review-string", HEAD + RISK + "review = '2027-03-01'\n",
     "{f}:5: error: risks[0].review: must be a date like 2027-06-30, not a string"),
    ("owner-type", HEAD + RISK + "owner = 3\n", "{f}:5: error: risks[0].owner: must be a string, not an integer"),
    ("links-type", HEAD + RISK + "links = 'gol-aaaa'\n", "{f}:5: error: risks[0].links: must be an array of strings"),
    ("source-type", HEAD + RISK + "source = ['pes-aaaa']\n",
     "{f}:5: error: risks[0].source: must be a string, not an array"),
    ("id-prefix", HEAD + "[[risks]]\nid = 'thr-aaaa'\n",
     "{f}:4: error: risks[0].id: 'thr-aaaa' is not a valid id: expected rsk-k3m9 (prefix, then 4 to 12 of a-z 0-9)"),
    ("id-duplicate", HEAD + RISK + RISK, "{f}:6: error: risks[1].id: duplicate id 'rsk-aaaa', first used at risks[0] (line 4)"
     "; every item needs an id of its own: give this one another, such as 'rsk-aaaa2'"),
    ("id-duplicate-other-kind", HEAD + "[[tactics]]\nid = 'rsk-aaaa'\n" + RISK,
     "{f}:4: error: tactics[0].id: 'rsk-aaaa' is not a valid id: expected tac-k3m9 (prefix, then 4 to 12 of a-z 0-9)"),
    ("risks-not-array", "risks = 3\n" + HEAD, "{f}:1: error: risks: must be an array of tables ([[risks]]), not an integer"),
]


@pytest.mark.parametrize(("content", "expected"), [case[1:] for case in RISK_ERRORS], ids=[c[0] for c in RISK_ERRORS])
def test_each_rule_of_a_risk_is_an_error_with_its_place(tmp_path, capsys, content, expected):
    path = write(tmp_path, content)
    status, out, err = check(capsys, path)
    assert status == 2
    assert expected.format(f=path) in err


THREATS = ("[[swot.threats]]\nid = 'thr-aaaa'\ntext = 'Rival'\n[[swot.strengths]]\nid = 'str-aaaa'\ntext = 'Us'\n"
           "[[pestle.legal.items]]\nid = 'pes-aaaa'\ntext = 'Law'\n[[goals]]\nid = 'gol-aaaa'\n"
           "[[tactics]]\nid = 'tac-aaaa'\n[[vmv.values]]\nid = 'val-aaaa'\n")

# (test id, the risk's lines, the field path warned about, words of the warning)
RISK_WARNINGS = [
    ("source-dangling", "source = 'pes-gone'\n", "risks[0].source", "'pes-gone', which is not in this workbook"),
    ("links-dangling", "links = ['gol-aaaa', 'tac-gone']\n", "risks[0].links[1]", "'tac-gone', which is not in"),
    ("source-a-strength", "source = 'str-aaaa'\n", "risks[0].source", "is not a PESTLE item or a SWOT threat"),
    ("source-a-goal", "source = 'gol-aaaa'\n", "risks[0].source", "is not a PESTLE item or a SWOT threat"),
    ("link-a-value", "links = ['val-aaaa']\n", "risks[0].links[0]", "is not a goal or a tactic"),
]


@pytest.mark.parametrize(("lines", "where", "words"), [c[1:] for c in RISK_WARNINGS], ids=[c[0] for c in RISK_WARNINGS])
def test_each_reference_rule_of_a_risk_is_a_warning_and_the_reference_is_kept(tmp_path, capsys, lines, where, words):
    path = write(tmp_path, HEAD + THREATS + RISK + lines)
    loaded = load(path)
    assert [p.path for p in loaded.warnings] == [where]
    assert words in loaded.warnings[0].message
    status, out, err = check(capsys, path)
    assert status == 0 and any(where in line and words in line for line in out)
    assert check(capsys, path, "--strict")[0] != 0
    reloaded = loads(dumps(loaded.workbook).decode()).workbook
    assert reloaded.risks == loaded.workbook.risks  # kept as it was


@pytest.mark.parametrize("source", ["pes-aaaa", "thr-aaaa"])
def test_a_source_that_is_a_pestle_item_or_a_swot_threat_and_links_to_goals_and_tactics_are_fine(tmp_path, source):
    path = write(tmp_path, HEAD + THREATS + RISK + f"source = '{source}'\nlinks = ['gol-aaaa', 'tac-aaaa']\n")
    assert load(path).warnings == []


# -- the file ---------------------------------------------------------------------------------------

def risk_workbook() -> Workbook:
    workbook = Workbook()
    workbook.meta.title = "Acme"
    workbook.meta.created = datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
    workbook.pestle.factors["legal"].items.append(PestleItem("pes-x81c", "EU Machinery Regulation", impact=5,
                                                             likelihood=4, effect="threat"))
    workbook.swot.threats.append(SwotItem("thr-aaaa", "Cheap rivals", 4))
    workbook.goals.append(Goal("gol-7tz2", title="Certify"))
    workbook.tactics.append(Tactic("tac-h6j8", "gol-7tz2", "Hire an assessor"))
    workbook.risks = [
        Risk("rsk-q8w2", "EU Machinery Regulation applies", "Grace Mensah", 5, 4, "reduce",
             "Certify the cell range by Q3", date(2027, 3, 1), "open", "pes-x81c", ["gol-7tz2"]),
        Risk("rsk-b2c3", "Key supplier fails", extra={"future": 1}),
    ]
    return workbook


RISK_LAYOUT = '''\

[[risks]]
id = "rsk-q8w2"
text = "EU Machinery Regulation applies"
owner = "Grace Mensah"
impact = 5
likelihood = 4
treatment = "reduce"
response = "Certify the cell range by Q3"
review = 2027-03-01
status = "open"
source = "pes-x81c"
links = ["gol-7tz2"]

[[risks]]
id = "rsk-b2c3"
text = "Key supplier fails"
owner = ""
impact = 3
likelihood = 3
status = "open"
future = 1
'''


def test_risks_are_written_last_in_the_format_pages_order_and_read_back_the_same():
    workbook = risk_workbook()
    text = dumps(workbook).decode("utf-8")
    assert text.endswith(RISK_LAYOUT)
    again = loads(text).workbook
    assert same_workbook(again, workbook)
    assert dumps(again).decode("utf-8") == text


def test_fmt_writes_a_hand_written_register_in_canonical_form(tmp_path, capsys):
    path = write(tmp_path, HEAD + "[[risks]]\nstatus = 'closed'\nlikelihood = 2\nid = 'rsk-aaaa'\ntext = 'Fire'\n")
    assert main(["fmt", str(path)]) == 0
    capsys.readouterr()
    text = path.read_text()
    assert '[[risks]]\nid = "rsk-aaaa"\ntext = "Fire"\nowner = ""\nimpact = 3\nlikelihood = 2\nstatus = "closed"\n' \
        in text
    assert main(["fmt", "--check", str(path)]) == 0


def test_json_export_reads_back_with_the_review_as_a_date():
    workbook = risk_workbook()
    text = to_json(workbook)
    assert '"review": "2027-03-01"' in text
    assert same_workbook(loads_json(text).risks, workbook.risks)


def test_markdown_lists_the_register_as_a_table_highest_score_first():
    workbook = risk_workbook()
    workbook.risks.append(Risk("rsk-c4d5", "Flood | at [site](x)", impact=1, likelihood=1))
    text = to_markdown(workbook)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "x" in line and "Score" not in line]
    assert rows[0].startswith("| 20 (5 x 4) | EU Machinery Regulation applies | Grace Mensah | reduce |")
    assert rows[1].startswith("| 9 (3 x 3) | Key supplier fails |")
    assert rows[2].startswith("| 1 (1 x 1) | Flood \\| at \\[site\\](x) |")
    assert "## Risks" in text


def test_html_has_the_register_and_its_heat_map():
    workbook = risk_workbook()
    workbook.risks.append(Risk("rsk-c4d5", "<script>alert(1)</script>", impact=5, likelihood=4, status="closed"))
    page = to_html(workbook)
    risks = page[page.index("<h2>Risks</h2>"):]
    assert 'aria-label="Risks: impact by likelihood (open risks)"' in risks
    assert "impact 5, likelihood 4: EU Machinery Regulation applies</title>" in risks  # the closed one is not counted
    assert "<script>" not in page and "&lt;script&gt;" in risks
    assert risks.index("EU Machinery Regulation applies</td>") < risks.index("Key supplier fails</td>")



def test_a_heat_map_names_an_entry_without_text_as_the_app_does():
    from tui.store.pictures import pestle_svg, risks_svg
    from tui.model.workbook import Pestle

    workbook = Workbook()
    workbook.risks.append(Risk("rsk-e0e0", "", impact=1, likelihood=1))
    pestle = Pestle()
    pestle.factors["political"].items.append(PestleItem("pes-e0e0", "", impact=1, likelihood=1))
    assert "impact 1, likelihood 1: (no text)</title>" in risks_svg(workbook.risks)
    assert "impact 1, likelihood 1: political: (no text)</title>" in pestle_svg(pestle)


@pytest.mark.parametrize(("source", "words"), [
    ("pes-x81c", "PESTLE legal: EU Machinery Regulation"),
    ("thr-aaaa", "SWOT threat: Cheap rivals"),
    ("pes-gone", "pes-gone (not in this workbook)"),
    ("rsk-b2c3", "rsk-b2c3 (a risk, not a PESTLE item or a SWOT threat)"),  # there, but of another kind
    ("gol-7tz2", "gol-7tz2 (a goal, not a PESTLE item or a SWOT threat)"),
])
def test_a_risks_source_is_named_and_one_of_another_kind_is_not_called_missing(source, words):
    workbook = risk_workbook()
    risk = workbook.risks[0]
    risk.source = source
    assert source_words(workbook, risk) == words

# -- diff and merge ----------------------------------------------------------------------------------

def test_diff_lists_risks_item_by_item():
    old = risk_workbook()
    new = copy.deepcopy(old)
    new.risks[0].impact = 3
    new.risks[0].links = ["gol-7tz2", "tac-h6j8"]
    del new.risks[1]
    new.risks.append(Risk("rsk-newa", "Cyber attack"))
    changes = diff(old, new)
    assert {(c.kind, c.ref, c.field) for c in changes} == {
        ("changed", "rsk-q8w2", "impact"), ("changed", "rsk-q8w2", "links"), ("removed", "rsk-b2c3", ""),
        ("added", "rsk-newa", "")}
    assert all(c.where == "risks" for c in changes)
    text = format_text(changes, old, new)
    assert "Risks" in text and "Cyber attack" in text


def test_merge_takes_both_sides_risks_and_records_a_clash():
    base = risk_workbook()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    ours.risks[0].owner = "Tom"
    ours.risks.append(Risk("rsk-ours", "Ours"))
    theirs.risks[0].owner = "Ana"
    theirs.risks[1].status = "closed"
    theirs.risks.append(Risk("rsk-thrs", "Theirs"))
    result = merge(base, ours, theirs)
    merged = {r.id: r for r in result.workbook.risks}
    assert set(merged) == {"rsk-q8w2", "rsk-b2c3", "rsk-ours", "rsk-thrs"}
    assert merged["rsk-b2c3"].status == "closed" and merged["rsk-q8w2"].owner == "Tom"
    assert [(c.item, c.field) for c in result.conflicts] == [("rsk-q8w2", "owner")]



def test_merge_says_a_risk_deleted_on_one_side_and_changed_on_the_other_is_kept_changed(tmp_path, capsys):
    base = risk_workbook()
    ours, theirs = copy.deepcopy(base), copy.deepcopy(base)
    del ours.risks[0]
    theirs.risks[0].owner = "Ana"
    paths = []
    for name, workbook in (("base", base), ("ours", ours), ("theirs", theirs)):
        paths.append(tmp_path / f"{name}.toml")
        paths[-1].write_bytes(dumps(workbook))
    out = tmp_path / "merged.toml"
    assert main(["merge", "-o", str(out), *map(str, paths)]) == 1
    captured = capsys.readouterr()
    said = captured.err + captured.out
    assert load(out).workbook.risks[0].owner == "Ana"  # nothing lost: the changed risk stays
    assert "each keeps our value" not in said  # ours deleted it: what stays is their change
    assert "deleted on one side and changed on the other stays, changed" in said

# -- links ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("deleted", "container", "field", "after"), [
    ("gol-7tz2", "goals", "links", []),
    ("pes-x81c", "pestle.legal.items", "source", None),
])
def test_deleting_what_a_risk_refers_to_names_the_risk_and_unlinks_it_in_one_undo(deleted, container, field, after):
    workbook = risk_workbook()
    before = copy.deepcopy(workbook)
    found = [link for link in links_to(workbook, [deleted]) if link.holder == "rsk-q8w2"]
    assert [link.field for link in found] == [field]
    undo = delete_and_unlink(workbook, Remove(container, deleted), [deleted]).apply(workbook)
    assert getattr(workbook.risks[0], field) == after
    undo.apply(workbook)
    assert same_workbook(workbook, before)


# -- ranking, reviews and the grid -------------------------------------------------------------------

def test_the_register_ranks_by_score_then_nearest_review():
    risks = [Risk("rsk-aaaa", "later", impact=4, likelihood=2, review=date(2027, 5, 1)),
             Risk("rsk-bbbb", "none", impact=2, likelihood=4),
             Risk("rsk-cccc", "sooner", impact=2, likelihood=4, review=date(2027, 1, 1)),
             Risk("rsk-dddd", "top", impact=5, likelihood=5)]
    assert [r.text for r in ranked(risks)] == ["top", "sooner", "later", "none"]


def test_reviews_due_are_open_risks_dated_today_or_before_in_words_and_a_symbol():
    today = date(2027, 3, 1)
    workbook = Workbook(risks=[Risk("rsk-aaaa", "past", review=date(2027, 2, 1)),
                               Risk("rsk-bbbb", "today", review=today),
                               Risk("rsk-cccc", "later", review=date(2027, 4, 1)),
                               Risk("rsk-dddd", "closed", review=date(2027, 1, 1), status="closed"),
                               Risk("rsk-eeee", "undated")])
    assert [r.text for r in reviews_due(workbook, today)] == ["past", "today"]
    assert [review_state(r, today) for r in workbook.risks] == ["overdue", "due", "", "", ""]
    assert review_words(workbook.risks[0], today) == "! 2027-02-01 overdue"
    assert review_words(workbook.risks[1], today) == "⏲ 2027-03-01 today"
    assert review_words(workbook.risks[4], today) == "-"
    assert [r.text for r in top_risks(workbook)] == ["past", "today", "later"]


def test_the_grid_counts_each_risk_in_its_cell():
    counts = grid_counts([Risk("rsk-aaaa", impact=5, likelihood=1), Risk("rsk-bbbb", impact=5, likelihood=1),
                          Risk("rsk-cccc", impact=1, likelihood=4)])
    assert counts[4][0] == 2 and counts[0][3] == 1 and sum(map(sum, counts)) == 3


def test_the_status_toggles_and_undoes():
    workbook = risk_workbook()
    undo = toggle_status(workbook.risks[0]).apply(workbook)
    assert workbook.risks[0].status == "closed"
    toggle_status(workbook.risks[0]).apply(workbook)
    assert workbook.risks[0].status == "open"
    assert undo.changes == {"status": "open"}


# -- promotion ---------------------------------------------------------------------------------------

def test_a_pestle_item_becomes_a_risk_once_with_its_ratings_and_source():
    workbook = risk_workbook()
    workbook.risks.clear()
    first = promote_to_risk(workbook, "pes-x81c", TODAY)
    assert first.edit is not None and not first.refused
    first.edit.apply(workbook)
    risk = workbook.risks[0]
    assert (risk.id, risk.text, risk.impact, risk.likelihood, risk.source, risk.status) == (
        first.risk_id, "EU Machinery Regulation", 5, 4, "pes-x81c", "open")
    assert risk.review == date(2027, 4, 30)  # three months on: a risk without a review never comes due
    again = promote_to_risk(workbook, "pes-x81c", TODAY)
    assert again.edit is None and again.risk_id == risk.id and "Already in the risk register" in again.message
    assert len(workbook.risks) == 1


def test_a_swot_threat_becomes_a_risk_and_the_same_threat_seen_in_pestle_is_not_added_twice():
    workbook = risk_workbook()
    workbook.risks.clear()
    workbook.swot.threats.append(SwotItem("thr-bbbb", "EU rules", 5, source="pes-x81c"))
    promoted = promote_to_risk(workbook, "thr-aaaa", TODAY)
    promoted.edit.apply(workbook)
    assert (workbook.risks[0].impact, workbook.risks[0].likelihood, workbook.risks[0].source) == (4, 3, "thr-aaaa")
    promote_to_risk(workbook, "thr-bbbb", TODAY).edit.apply(workbook)
    from_pestle = promote_to_risk(workbook, "pes-x81c", TODAY)
    assert from_pestle.edit is None and from_pestle.risk_id == workbook.risks[1].id
    assert len(workbook.risks) == 2


@pytest.mark.parametrize("item_id", ["gol-7tz2", "rsk-q8w2", "nothing"])
def test_only_pestle_items_and_swot_threats_become_risks(item_id):
    workbook = risk_workbook()
    workbook.swot.strengths.append(SwotItem("str-aaaa", "Us"))
    for refused in (item_id, "str-aaaa"):
        promotion = promote_to_risk(workbook, refused, TODAY)
        assert promotion.refused and promotion.edit is None
