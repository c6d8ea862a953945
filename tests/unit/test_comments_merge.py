"""Comments written by hand in diff and merge: two copies that differ only in their comments are
not the same for `diff`, Compare can take their comment, and a merge keeps the comments of both
sides (a place both changed differently keeps both, ours first)."""

from __future__ import annotations

import json
from pathlib import Path

from tui.cli import main
from tui.model.edits import Remove, SetFields
from tui.store import dumps, loads
from tui.store.diff import diff, format_text, take_theirs
from tui.store.merge import merge

from .test_comments import PLAN


def _text(workbook) -> str:
    return dumps(workbook).decode("utf-8")


def test_copies_that_differ_only_in_their_comments_are_not_the_same() -> None:
    mine = loads(PLAN).workbook
    theirs = loads(PLAN.replace("# moved from March", "# moved from April").replace(
        "# Bob: too ambitious for Q1?", "# Bob: too ambitious for Q1?\n# Ann: no, keep it")).workbook
    changes = diff(mine, theirs)
    assert [(c.kind, c.ref, c.field) for c in changes] == [
        ("comment", "str-bbbb", "comment above it"), ("comment", "gol-aaaa", "comment after due")]
    text = format_text(changes, mine, theirs, "mine", "theirs")
    assert "no differences" not in text
    assert "        - # moved from March\n        + # moved from April" in text
    assert "        + # Ann: no, keep it" in text
    assert diff(mine, loads(PLAN).workbook) == []


def test_diff_on_the_command_line_says_the_comments_differ(tmp_path: Path, capsys) -> None:
    old, new = tmp_path / "old.toml", tmp_path / "new.toml"
    old.write_text(PLAN, encoding="utf-8")
    new.write_text(PLAN.replace("# that is all for now\n", ""), encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "no differences" not in out and "comment at the end" in out and "- # that is all for now" in out
    assert main(["diff", "--format", "json", str(old), str(new)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["same"] is False
    assert [row["kind"] for row in document["changes"]] == ["comment"]


def test_taking_their_comment_is_an_edit_that_undo_takes_back() -> None:
    mine = loads(PLAN).workbook
    theirs = loads(PLAN.replace("# moved from March", "# moved from April")).workbook
    (change,) = diff(mine, theirs)
    undo = take_theirs(change, mine, theirs).apply(mine)
    assert diff(mine, theirs) == [] and "due = 2027-03-31  # moved from April\n" in _text(mine)
    undo.apply(mine)
    assert "due = 2027-03-31  # moved from March\n" in _text(mine)


def test_a_merge_keeps_the_comments_of_both_sides() -> None:
    base = loads(PLAN).workbook
    ours = loads(PLAN.replace("# Priya: add the Bristol tactic here", "# Priya: done, see below")
                 .replace("# that is all for now\n", "")
                 .replace('[[tactics]]\nid = "tac-aaaa"', '# ours: first\n[[tactics]]\nid = "tac-aaaa"')
                 .replace("# moved from March", "# ours: April")).workbook
    theirs = loads(PLAN.replace("# the values are Priya's", "# the values are Priya's and Tom's")
                   .replace('[[tactics]]\nid = "tac-aaaa"', '# theirs: first\n[[tactics]]\nid = "tac-aaaa"')
                   .replace("# moved from March", "# theirs: May")).workbook
    SetFields("tac-aaaa", {"text": "Pilot three shifts"}).apply(theirs)
    result = merge(base, ours, theirs)
    assert not result.conflicts
    out = _text(result.workbook)
    assert "# Priya: done, see below\n" in out  # ours changed it, theirs did not
    assert "# the values are Priya's and Tom's\n" in out  # theirs changed it, ours did not
    assert "that is all for now" not in out  # ours took it out, theirs did not change it
    assert '# ours: first\n# theirs: first\n[[tactics]]\nid = "tac-aaaa"' in out  # both added: both, ours first
    assert "due = 2027-03-31  # ours: April  # theirs: May\n" in out  # both changed the end of a line
    assert 'text = "Pilot three shifts"' in out
    assert loads(out).workbook.comments == result.workbook.comments


def test_a_comment_changed_on_one_side_and_deleted_on_the_other_is_kept() -> None:
    base = loads(PLAN).workbook
    ours = loads(PLAN.replace("# Tom: is this the final title?\n", "")).workbook
    theirs = loads(PLAN.replace("# Tom: is this the final title?", "# Tom: yes, final")).workbook
    assert "# Tom: yes, final\ntitle" in _text(merge(base, ours, theirs).workbook)


def test_a_copy_from_an_earlier_stratbook_without_any_comment_takes_none_of_ours_away() -> None:
    """An earlier version wrote every copy without comments: that is no deletion of them all."""
    base = loads(PLAN).workbook
    ours = loads(PLAN.replace("# moved from March", "# moved from March, again")).workbook
    theirs = loads(PLAN).workbook
    theirs.comments = type(theirs.comments)()
    SetFields("tac-aaaa", {"text": "Pilot three shifts"}).apply(theirs)
    out = _text(merge(base, ours, theirs).workbook)
    assert 'text = "Pilot three shifts"' in out
    assert "# moved from March, again\n" in out and "# Bob: too ambitious for Q1?\n" in out
    # And our copy written so (git's OURS, by an earlier version on this branch): theirs and the base's kept.
    out = _text(merge(base, theirs, ours).workbook)
    assert "# moved from March, again\n" in out and "# Bob: too ambitious for Q1?\n" in out


def test_the_merge_command_and_git_driver_form_keep_both_sides_comments(tmp_path: Path, capsys) -> None:
    base, ours, theirs = tmp_path / "base.toml", tmp_path / "ours.toml", tmp_path / "theirs.toml"
    base.write_text(PLAN, encoding="utf-8")
    ours.write_text(PLAN.replace("# moved from March", "# ours: April"), encoding="utf-8")
    theirs.write_text(PLAN.replace("# Bob: too ambitious for Q1?", "# Bob: too ambitious for Q1? Ann: agreed"),
                      encoding="utf-8")
    assert main(["merge", str(base), str(ours), str(theirs)]) == 0  # git's %O %A %B: written into OURS
    out = ours.read_text(encoding="utf-8")
    assert "not kept" not in capsys.readouterr().out
    assert "due = 2027-03-31  # ours: April\n" in out
    assert "# Bob: too ambitious for Q1? Ann: agreed\n" in out
    assert "# Draft for the board, 3 December. Not to be shared outside.\n" in out


# -- the property: a merge of comments loses nothing either side added -----------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tui.model.comments import Comments, merged  # noqa: E402

from . import examples  # noqa: E402

_places = st.sampled_from(["top", "end", ("above", (None, "gol-a")), ("above", ("workbook", "title")),
                           ("after", (None, "gol-a", "due")), ("after", (None, "tac-b"))])
_lines = st.lists(st.sampled_from(["# a", "# b", "# c", "", "# d"]), min_size=1, max_size=3).map(
    lambda lines: tuple(lines) if any(lines) else ("# e",))


def _comments(places: dict) -> Comments:
    return Comments.from_places({place: (lines[:1] if place[0] == "after" else lines)
                                 for place, lines in places.items()})


_sides = st.dictionaries(_places, _lines, max_size=4).map(_comments)


@settings(max_examples=examples(200), deadline=None)
@given(_sides, _sides, _sides)
def test_a_merge_of_comments_keeps_every_change_of_either_side(base, ours, theirs) -> None:
    result = merged(base, ours, theirs).places()
    b, o, t = base.places(), ours.places(), theirs.places()
    for side in (o, t):
        for place, lines in side.items():
            if lines != b.get(place):  # added or changed on this side: none of it is lost
                assert all(line in result.get(place, ())[0] if place[0] == "after" else line in result[place]
                           for line in lines if line), (place, lines, result)
    for place in result:  # nothing made up (a side without comments stands for the base's)
        assert place in o or place in t or (not (o and t) and place in b)
    if ours or not base:
        assert merged(base, ours, ours) == ours and merged(base, ours, base) == ours
    if theirs or not base:
        assert merged(base, base, theirs).places() == t
    else:  # a copy without a single comment was written by a tool that drops them: not a deletion
        assert merged(base, base, theirs) == base and merged(base, ours, theirs) == (ours or base)



def test_a_comment_written_on_an_item_the_other_side_deleted_keeps_the_item_as_a_conflict() -> None:
    """A reply that only comments on an item (`# Ann: keep this one?`) changed it: our copy
    deleted the item, and the merge dropped their comment with it, written nowhere. Deleted on
    one side and changed on the other is a conflict that keeps the item, comment and all."""
    base = loads(PLAN).workbook
    deleted = loads(PLAN).workbook
    Remove("swot.strengths", "str-bbbb").apply(deleted)
    for old, new in (("# Bob: too ambitious for Q1?", "# Bob: too ambitious for Q1? Ann: no, keep it"),
                     ("# nothing yet", "# Ann: a note soon"), ("weight = 3\n", "weight = 3  # Ann: or 4\n")):
        for ours, theirs, deleter in ((deleted, loads(PLAN.replace(old, new)).workbook, "ours"),
                                      (loads(PLAN.replace(old, new)).workbook, deleted, "theirs")):
            result = merge(base, ours, theirs)
            out = _text(result.workbook)
            assert [(c.item, c.deleted) for c in result.conflicts] == [("str-bbbb", deleter)]
            assert 'id = "str-bbbb"' in out and new.strip() in out
    # Unchanged on the other side, or its comment only taken out: the item goes, with no conflict.
    for other in (PLAN, PLAN.replace("# Bob: too ambitious for Q1?\n", "")):
        for ours, theirs in ((deleted, loads(other).workbook), (loads(other).workbook, deleted)):
            result = merge(base, ours, theirs)
            assert not result.conflicts and 'id = "str-bbbb"' not in _text(result.workbook)


def test_a_comment_on_a_merge_conflict_goes_with_it_when_it_is_settled() -> None:
    """A conflict's record has no id: its comments were anchored by its place in the list, so
    settling the first conflict put its comments on the second and dropped the second's."""
    from tui.store.merge import resolve_conflict

    records = "".join(f'''
# note on the {field}
[[conflicts]]
item = "gol-aaaa"
field = "{field}"  # the {field}'s own
path = "goals"
ours = "a"
theirs = "b"
''' for field in ("title", "owner", "status"))
    workbook = loads(PLAN + records).workbook
    undo = resolve_conflict(workbook, 0, "ours").apply(workbook)
    out = _text(workbook)
    assert "title" not in out.split("[[conflicts]]", 1)[1] and "note on the title" not in out
    for field in ("owner", "status"):
        assert f'# note on the {field}\n[[conflicts]]\nitem = "gol-aaaa"\nfield = "{field}"  # the {field}\'s own\n' in out
    undo.apply(workbook)
    assert _text(workbook) == _text(loads(PLAN + records).workbook)
