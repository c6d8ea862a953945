"""Comments written in the file by hand survive a save and `fmt`, each with what it was written
above (tui/model/comments.py, tui/store/comments.py): the file's top, a table, an item (by its id,
wherever it moves), a key, the end of a key's line; a comment on something deleted goes with it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROUGH_DRAFT
from tui.cli import main
from tui.model.edits import Insert, Move, Remove, Reorder, SetFields
from tui.model.text import WRITTEN_ESCAPED
from tui.store import dumps, load, loads, save
from tui.store.comments import writable
from tui.store.files import HEADER

from . import examples
from .test_roundtrip import PROPERTY, workbooks

PLAN = '''\
# Stratbook workbook. Open it with: stratbook FILE
# Plain TOML (format 1): read, diff and edit it by hand. Comments are not kept.

# Draft for the board, 3 December. Not to be shared outside.

[workbook]
schema = 1
# Tom: is this the final title?
title = "Acme"  # short name

[vmv]
vision = "Robots for all."
mission = """
We build grippers.
# not a comment: text of the mission
"""  # agreed in November

# the values are Priya's
[[vmv.values]]
id = "val-aaaa"
name = "Integrity"
description = "We say what we do."

[[swot.strengths]]  # the best one
id = "str-aaaa"
text = "Patents #1 and #2"
weight = 4

# Bob: too ambitious for Q1?
[[swot.strengths]]
id = "str-bbbb"
text = 'Two plants # in Leeds'
weight = 3
notes = ""  # nothing yet

[pestle.legal]
# nobody has looked at legal yet
reviewed = false

[[goals]]
id = "gol-aaaa"
framework = "okr"
title = "Ship faster"
status = "active"
owner = "Tom"
due = 2027-03-31  # moved from March
links = [
    "val-aaaa",  # why we do it
    # and the strength it builds on
    "str-aaaa",
]

# the why, in one line
[goals.answers]
objective_why = "Slow delivery loses deals"  # from the sales review

# first key result
[[goals.key_results]]
id = "kr-aaaa"
text = "Pick time"
unit = "hours"
target = 2.0

[[tactics]]
id = "tac-aaaa"
goal = "gol-aaaa"
text = "Pilot two shifts"
owner = ""
status = "todo"

# Priya: add the Bristol tactic here
[[tactics]]
id = "tac-bbbb"
goal = "gol-aaaa"
text = "Hire"
owner = ""
status = "todo"

# that is all for now
# (end of the plan)
'''


def _comments(text: str) -> list[str]:
    """The comment lines of `text` after Stratbook's header, in order, as written."""
    lines = [line.strip() for line in text.splitlines()[len(HEADER):]]
    found = []
    for line in lines:
        if "not a comment" in line:  # a line of a text
            continue
        if line.startswith("#"):
            found.append(line)
        elif "  #" in line and not line.startswith(("text", "mission")):
            found.append(line[line.index("  #") + 2:])
    return found


def _saved(text: str) -> str:
    return dumps(loads(text).workbook).decode("utf-8")


def _line_of(text: str, start: str) -> int:
    return next(index for index, line in enumerate(text.splitlines()) if line.startswith(start))


def test_every_kind_of_comment_is_kept_in_its_place() -> None:
    out = _saved(PLAN)
    assert out.startswith("\n".join(HEADER) + "\n\n# Draft for the board, 3 December. Not to be shared outside.\n\n"
                          "[workbook]\n")
    assert "Comments are not kept" not in out
    assert '# Tom: is this the final title?\ntitle = "Acme"  # short name\n' in out  # above and after a key
    assert '"""  # agreed in November\n' in out  # after a multi-line string's end
    assert "# the values are Priya's\n[[vmv.values]]\nid = \"val-aaaa\"" in out  # above an item
    assert '[[swot.strengths]]  # the best one\nid = "str-aaaa"' in out  # after an item's header
    assert "[pestle.legal]\n# nobody has looked at legal yet\nreviewed = false" in out  # a table's key
    assert "due = 2027-03-31  # moved from March\n" in out
    # Inside an array over several lines: above its key, in order.
    assert ('# why we do it\n# and the strength it builds on\nlinks = ["val-aaaa", "str-aaaa"]\n') in out
    assert '# the why, in one line\n[goals.answers]\nobjective_why = "Slow delivery loses deals"  # from the sales review' in out
    assert '# first key result\n[[goals.key_results]]\nid = "kr-aaaa"' in out  # a nested item
    assert '# Priya: add the Bristol tactic here\n[[tactics]]\nid = "tac-bbbb"' in out
    assert out.endswith('status = "todo"\n\n# that is all for now\n# (end of the plan)\n')
    # A key the writer leaves out (an empty note): its comment goes to its item.
    assert '# Bob: too ambitious for Q1?\n# nothing yet\n[[swot.strengths]]\nid = "str-bbbb"' in out
    # Nothing lost, nothing made up: the same comments, and no '#' inside a text became one.
    assert sorted(_comments(out)) == sorted(_comments(PLAN))
    assert "# not a comment: text of the mission" in out and "'Two plants # in Leeds'" not in out
    assert loads(out).workbook.swot.strengths[1].text == "Two plants # in Leeds"


def test_saving_again_changes_nothing_and_the_workbook_is_the_same() -> None:
    out = _saved(PLAN)
    assert _saved(out) == out
    assert loads(out).workbook == loads(out).workbook
    plain = dataclasses.replace(loads(PLAN).workbook, comments=loads("[workbook]\nschema = 1\n").workbook.comments)
    assert tomli.loads(out) == tomli.loads(dumps(plain).decode("utf-8"))  # the same data, comments apart


def test_a_comment_follows_its_item_when_items_are_reordered_edited_or_moved() -> None:
    workbook = loads(PLAN).workbook
    Reorder("tactics", ("tac-bbbb", "tac-aaaa")).apply(workbook)
    SetFields("tac-bbbb", {"text": "Hire two"}).apply(workbook)
    Move("swot.strengths", "str-bbbb", "swot.weaknesses", 0).apply(workbook)
    out = dumps(workbook).decode("utf-8")
    assert out.index("# Priya: add the Bristol tactic here\n[[tactics]]\nid = \"tac-bbbb\"") < out.index(
        'id = "tac-aaaa"')
    assert '# Bob: too ambitious for Q1?\n# nothing yet\n[[swot.weaknesses]]\nid = "str-bbbb"' in out
    assert sorted(_comments(out)) == sorted(_comments(PLAN))


def test_a_comment_on_something_deleted_goes_with_it_and_undo_brings_it_back() -> None:
    workbook = loads(PLAN).workbook
    undo = Remove("tactics", "tac-bbbb").apply(workbook)
    undo_field = SetFields("gol-aaaa", {"due": None}).apply(workbook)
    out = dumps(workbook).decode("utf-8")
    assert "Bristol" not in out and "moved from March" not in out
    undo.apply(workbook)
    undo_field.apply(workbook)
    back = dumps(workbook).decode("utf-8")
    assert back == _saved(PLAN)
    assert "# Priya: add the Bristol tactic here\n" in back and "due = 2027-03-31  # moved from March\n" in back


def test_a_file_of_ours_without_comments_reads_none() -> None:
    workbook = loads(PLAN).workbook
    workbook.comments = type(workbook.comments)()
    out = dumps(workbook).decode("utf-8")
    assert _comments(out) == [] and not loads(out).workbook.comments
    old_header = out.replace(HEADER[1], "# Plain TOML (format 1): read, diff and edit it by hand. Comments are not kept.")
    assert not loads(old_header).workbook.comments  # an earlier version's header is no comment either
    assert not loads(old_header.replace("\n", "\r\n")).workbook.comments


def test_crlf_and_indented_comments_read_back_as_lf(tmp_path: Path) -> None:
    text = PLAN.replace("# Bob", "    # Bob").replace("\n", "\r\n")
    out = _saved(text)
    assert out == _saved(PLAN)
    assert "\r" not in out and '\n# Bob: too ambitious for Q1?\n# nothing yet\n[[swot.strengths]]\n' in out


HOSTILE = [
    "#" + "x" * 5000,  # very long
    "# Zoë: 会计 is a mystery 😀 — مرحبا",
    "#no space after the hash",
    "#",
    '# """ not the start of a string',
    "# ''' nor this",
    "# [[goals]] is no table",
    '# key = "value" is no key',
    "# \\ a backslash \\u0041",
    "# \t a tab is allowed",
]


@pytest.mark.parametrize("comment", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_comments_read_back_as_written(comment: str) -> None:
    text = PLAN.replace("# Bob: too ambitious for Q1?", comment).replace("# moved from March", comment)
    out = _saved(text)
    assert f"{comment}\n# nothing yet\n[[swot.strengths]]\nid = \"str-bbbb\"" in out
    assert f"due = 2027-03-31  {comment}\n" in out
    assert _saved(out) == out


def test_hash_signs_and_quotes_inside_strings_of_every_kind_are_not_comments() -> None:
    text = PLAN.replace('text = "Pilot two shifts"', '''text = """
First line # not a comment
"quoted" and \\""" still text # nor this
[[tactics]] # nor this
"""  # but this is''').replace('text = "Hire"', """text = '''
Literal # not a comment
'''  # and this is""").replace('owner = "Tom"', r'owner = "Tom \"#1\" Berg"  # the owner')
    workbook = loads(text).workbook
    assert workbook.tactics[0].text.startswith("First line # not a comment\n")
    out = dumps(workbook).decode("utf-8")
    assert '"""  # but this is\n' in out and "'''  # and this is\n" not in out  # the writer's own quoting
    assert "# and this is\n" in out and 'owner = "Tom \\"#1\\" Berg"  # the owner\n' in out
    assert _comments(out).count("# not a comment") == 0
    assert loads(out).workbook.tactics == workbook.tactics
    assert _saved(out) == out


def test_a_comment_made_with_control_characters_is_written_so_the_file_still_reads() -> None:
    workbook = loads(PLAN).workbook
    workbook.comments.above[(None, "tac-aaaa")] = ["# bell \x07 escape \x1b[31m red\r\nnext", "no hash", "\ud800"]
    workbook.comments.after[(None, "tac-aaaa", "text")] = "#\x00 nul"
    out = dumps(workbook).decode("utf-8")
    tomli.loads(out)
    assert "# bell \\x07 escape \\x1b[31m red\\x0d\\x0anext\n# no hash\n# \ufffd\n[[tactics]]" in out
    assert 'text = "Pilot two shifts"  #\\x00 nul\n' in out


def test_a_comment_with_a_c1_or_bidi_control_is_written_with_its_code_not_raw(tmp_path: Path) -> None:
    # Found from outside: `# CMT A<U+009B>B<U+202E>C end` came out of fmt raw, in a file read with
    # cat and less, while every text had those written as escapes.
    path = tmp_path / "plan.toml"
    path.write_text(PLAN.replace("[[tactics]]", "# CMT A\u009bB\u202eC\u2028D\ufeffE end\n[[tactics]]", 1),
                    encoding="utf-8")
    save(load(path).workbook, path)
    written = path.read_text(encoding="utf-8")
    assert "# CMT A\\x9bB\\u202eC\\u2028D\\ufeffE end\n[[tactics]]" in written
    assert not any(char in WRITTEN_ESCAPED for char in written)
    save(load(path).workbook, path)
    assert path.read_text(encoding="utf-8") == written  # and so it stays


def test_the_rough_draft_keeps_every_comment_its_authors_wrote(tmp_path: Path) -> None:
    path = tmp_path / "rough.toml"
    path.write_bytes(ROUGH_DRAFT.read_bytes())
    written = ROUGH_DRAFT.read_text(encoding="utf-8")
    loaded = load(path)
    save(loaded.workbook, path)
    out = path.read_text(encoding="utf-8")
    assert sorted(_comments(out)) == sorted(_comments(written))
    assert "weight = 4  # only verbal! ask for it in writing\n" in out
    assert ('# [[goals]]\n# title = "Solar panels on the hall roof?"   (Zoë: park this until the lease is sorted)\n'
            '[[tactics]]\nid = "tac-tk01"') in out
    assert load(path).workbook.comments == loaded.workbook.comments


def test_fmt_keeps_the_comments_and_then_finds_the_file_in_shape(tmp_path: Path, capsys) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    assert main(["fmt", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: reformatted\n"
    out = path.read_text(encoding="utf-8")
    assert sorted(_comments(out)) == sorted(_comments(PLAN))
    assert main(["fmt", "--check", str(path)]) == 0
    assert path.read_text(encoding="utf-8") == out


def test_recovery_keeps_the_comments(tmp_path: Path) -> None:
    from tui.store.recovery import load_recovery, write_recovery

    path = tmp_path / "plan.toml"
    path.write_text(PLAN, encoding="utf-8")
    workbook = load(path).workbook
    kept = write_recovery(workbook, path)
    assert kept is not None
    assert load_recovery(kept).workbook.comments == workbook.comments


# -- the property: comments at any anchor read back at it, and a save is idempotent --------------

comment_lines = st.one_of(
    st.sampled_from(HOSTILE[1:]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x7f"), max_size=20).map(
        lambda text: "#" + "".join(c for c in text if c == "\t" or ord(c) >= 32).rstrip(" \t")),
).map(writable)
"""Comments as a file Stratbook writes holds them: a C1 or bidi control is written as its code
(`writable`; test_a_comment_with_a_c1_or_bidi_control_is_written_with_its_code_not_raw)."""


@st.composite
def commented(draw):
    """A workbook (tests/unit/test_roundtrip.py's) with comments at anchors drawn from every place
    the writer writes, of every kind."""
    from tui.model.comments import Comments
    from tui.store.comments import emitted_anchors
    from tui.store.writer import to_document

    workbook = draw(workbooks())
    anchors = sorted(emitted_anchors(to_document(workbook)), key=repr)
    comments = Comments()
    comments.top = draw(st.lists(comment_lines, max_size=2))
    comments.end = draw(st.lists(comment_lines, max_size=2))
    for anchor in draw(st.lists(st.sampled_from(anchors), max_size=6, unique=True)):
        comments.above[anchor] = draw(st.lists(comment_lines, min_size=1, max_size=3))
    for anchor in draw(st.lists(st.sampled_from(anchors), max_size=4, unique=True)):
        comments.after[anchor] = draw(comment_lines)
    workbook.comments = comments
    return workbook


def comments_read_back_there_and_saving_again_changes_nothing(workbook) -> None:
    first = dumps(workbook)
    read = loads(first.decode("utf-8")).workbook
    assert read.comments == workbook.comments
    assert dumps(read) == first


# The 25 workbooks in three tests of their own (9 + 8 + 8), so that no one test takes the 5.6 s of
# processor time (6.5 s in CI, 3 workers on 2 cores) of making all 25, nine tenths of it making the
# workbooks. Each test is derandomized from its own source, its name included, so the three try
# different workbooks, as one test of 25 did.
@settings(PROPERTY, max_examples=examples(9))
@given(commented())
def test_comments_at_any_anchor_read_back_there_and_saving_again_changes_nothing_1of3(workbook) -> None:
    comments_read_back_there_and_saving_again_changes_nothing(workbook)


@settings(PROPERTY, max_examples=examples(8))
@given(commented())
def test_comments_at_any_anchor_read_back_there_and_saving_again_changes_nothing_2of3(workbook) -> None:
    comments_read_back_there_and_saving_again_changes_nothing(workbook)


@settings(PROPERTY, max_examples=examples(8))
@given(commented())
def test_comments_at_any_anchor_read_back_there_and_saving_again_changes_nothing_3of3(workbook) -> None:
    comments_read_back_there_and_saving_again_changes_nothing(workbook)


def test_comments_in_the_workbook_table_leave_its_revision_and_lineage_readable(tmp_path: Path) -> None:
    """The history folder and the import read `[workbook]`'s revision and lineage from the bytes:
    a comment at the end of their lines, of the table's header, or one that looks like the start
    of a multi-line string does not hide them."""
    from tui.store.lineage import written_lineage, written_revision

    path = tmp_path / "plan.toml"
    path.write_text(PLAN.replace("[workbook]\n", '[workbook]  # the details\n# title = """ was longer\n'),
                    encoding="utf-8")
    workbook = load(path).workbook
    save(workbook, path)
    workbook = load(path).workbook
    workbook.comments.after[("workbook", "revision")] = "# set by Stratbook"
    workbook.comments.after[("workbook", "lineage")] = "# every copy shares it"
    save(workbook, path)
    data = path.read_bytes()
    assert b'  # set by Stratbook\n' in data and b"[workbook]  # the details\n" in data
    assert written_revision(data) == workbook.meta.revision
    assert written_lineage(data) == workbook.meta.lineage


def test_a_comment_above_a_key_of_the_top_level_stays_above_it() -> None:
    """The first thing in a file may be a key of no table (unknown data): a comment right
    above it is its own, one parted from it by a blank line is the file's top."""
    text = "# the top\n\n# the key's\nfuture = 1  # and its line's\n[workbook]\nschema = 1\n"
    comments = loads(text).workbook.comments
    assert (comments.top, comments.above, comments.after) == (
        ["# the top"], {("future",): ["# the key's"]}, {("future",): "# and its line's"})
    out = _saved(text)
    assert "\n\n# the top\n\n# the key's\nfuture = 1  # and its line's\n\n[workbook]\n" in out
    assert _saved(out) == out
    assert loads("# the key's\nfuture = 1\n[workbook]\nschema = 1\n").workbook.comments.above == {
        ("future",): ["# the key's"]}
