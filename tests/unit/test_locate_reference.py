"""The line finder that skips the tables not wanted at C speed answers as the plain one did."""

from __future__ import annotations

import pytest
import tomli
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests import examples
from tests.bench.bench_store import make_workbook
from tests.unit.locate_reference import line_index as reference_index
from tui.store import dumps
from tui.store.locate import _item_headers, find_line, line_index

# Lines that look like TOML structure as Stratbook writes it and as people write it by hand:
# headers of wanted and other tables, long texts opened at the end of a line, arrays of
# strings, brackets and triple quotes in strings and comments.
_LINES = st.sampled_from([
    "[[goals]]", "[goals.answers]", "[[goals.key_results]]", "[[goals.milestones]]", "[goals.measure]",
    "[[tactics]]", "[swot]", "[[swot.strengths]]", ' [ "goals" ]', "[[goals]] # x", "[ goals . answers ]",
    "[[ tactics ]]", "[tactics.x]", 'title = """', 'text = """x', '"""', 'x"""y', '  end"""', "c = '''", "'''",
    'a = ["p", "q"]', 'links = []', 'l = [ "a" , "b", ]', 'f = ["a""b"]', 'g = ["[", "]"]', "b = [", "]", '  "s[",',
    "  [1],", "# [ comment", '# """', "d = 1", 'title = "t"', 'id = "gol-1"', 'e."f" = 2', "'q' = 3", "e.f = 4",
    "", "  ", 'h = """a"""', "i = 'a[b'", 'j = "x\\"[" # [', "k = { a = [1] }", "title = '''", "z = \"\"\"\"",
])
_TEXTS = st.one_of(
    st.lists(_LINES, max_size=30).map("\n".join),
    st.lists(_LINES, max_size=30).map(lambda lines: "\n".join(lines) + "\n"),
    st.lists(st.one_of(_LINES, st.text(alphabet='[]"\'#= \n.agoals', max_size=6)), max_size=20).map("\n".join),
)
_EXTRA_PATHS = ["goals[0].title", "goals[1].title", "goals[1].answers.text", "goals[0].key_results[1].text",
                "goals[2].milestones[0].d", "tactics[0].d", "tactics[1].x.a", "swot.strengths[0].title", "d", "title"]


@settings(max_examples=examples(400), deadline=None)
@given(_TEXTS, st.data())
def test_the_fast_line_finder_places_every_path_where_the_reference_does(text, data):
    every = reference_index(text)
    assert line_index(text) == every
    paths = data.draw(st.lists(st.sampled_from([*every, *_EXTRA_PATHS]), min_size=1, max_size=4))
    index = line_index(text, paths)
    reference = reference_index(text, paths)
    for path in paths:
        assert find_line(index, path) == find_line(reference, path), (text, paths, path)


def test_the_fast_line_finder_agrees_on_the_samples(samples) -> None:
    for sample in samples:
        text = sample.read_text(encoding="utf-8")
        every = reference_index(text)
        assert line_index(text) == every
        for path in list(every)[::5]:
            assert find_line(line_index(text, [path]), path) == find_line(reference_index(text, [path]), path)


# -- items found by their headers (`line_index(..., items)`), for text that parsed as TOML -----

def _item_counts(text: str) -> dict[str, int]:
    """As `tui.store.files.item_counts` gives them: the items of each top-level array of tables."""
    document = tomli.loads(text)
    return {name: len(value) for name, value in document.items()
            if type(value) is list and value and all(type(item) is dict for item in value)}


def _agrees(text: str, paths: list[str], checked: list[str] | None = None) -> None:
    """The fast finder, asked for `paths`, places each of them (or of `checked`, some of them) where
    the reference, asked for that path alone, does."""
    index = line_index(text, paths, _item_counts(text))
    for path in paths if checked is None else checked:
        assert find_line(index, path) == find_line(reference_index(text, [path]), path), (text, path)


_GOAL = '[[goals]]\nid = "gol-{n}"\ntitle = "t{n}"\n'
_GOAL_PARTS = st.sampled_from([
    _GOAL,
    '[[goals]]\nid = "gol-{n}"\ntitle = """\n[[goals]]\n[goals.answers]\n"""\n',  # headers in a long text
    "[[goals]]\nid = 'gol-{n}'\ntitle = '''\n[[goals]]\n'''\n",
    '[[ goals ]]   # a comment\nid = "gol-{n}"\n',
    '[[goals]]\nid = "gol-{n}"\n[goals.answers]\nwhy = "w{n}"\n[[goals.key_results]]\nid = "kr-{n}"\ntext = "k"\n',
    '[[tactics]]\nid = "tac-{n}"\ngoal = "gol-{n}"\n',
    '[[tactics]]\nid = "tac-{n}"\ntext = """\n[[tactics]]\n"""\n',
    '[swot]\nnotes = """\n[[goals]]\n"""\n',
    'x{n} = [\n  "[[goals]]",\n]\n',
])
_ITEM_PATHS = ["goals[0].title", "goals[1].title", "goals[1].answers.why", "goals[2].key_results[0].text",
               "goals[2].due", "goals[3]", "tactics[0].goal", "tactics[1].due", "goals[9].title"]


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(_GOAL_PARTS, min_size=1, max_size=8), st.data())
def test_items_found_by_their_headers_are_placed_where_the_reference_places_them(parts, data):
    text = "".join(part.format(n=index) for index, part in enumerate(parts))
    try:
        tomli.loads(text)
    except tomli.TOMLDecodeError:
        assume(False)  # a table defined twice, say: only text that parsed is read this way
    every = reference_index(text)
    _agrees(text, data.draw(st.lists(st.sampled_from([*every, *_ITEM_PATHS]), min_size=1, max_size=5)))


@pytest.mark.parametrize("text", [
    # The array written inline, with as many header-like lines in a long text as it has items.
    'goals = [{ id = "gol-a" }]\nnote = """\n[[goals]]\n"""\n',
    '"goals" = [{ id = "gol-a" }]\nnote = """\n[[goals]]\n"""\n',
    # ... defined after a top-level value with a line that starts with a bracket: that line is no
    # header, so the top-level table goes on past it.
    'a = """\n[x]\n"""\ngoals = [{ id = "gol-a" }]\nnote = """\n[[goals]]\n"""\n',
    "a = '''\n[x]\n'''\ngoals = [{ id = 'gol-a' }]\nnote = '''\n[[goals]]\n'''\n",
    'a = [\n[1],\n]\n"goals" = [{ id = "gol-a" }]\nnote = """\n[[goals]]\n"""\n',
    # A quoted key in a table further on defines no top-level array.
    '[workbook]\n"a key" = 1\n[[goals]]\nid = "gol-a"\n"b" = 2\n[[goals]]\nid = "gol-b"\n',
    # A quoted header names the same array.
    '[[goals]]\nid = "gol-a"\nnote = """\n[[goals]]\n"""\n[["goals"]]\nid = "gol-b"\n',
    # A table of the last item after another array's items.
    '[[goals]]\nid = "gol-a"\n[[goals]]\nid = "gol-b"\n[[tactics]]\nid = "tac-a"\n[goals.answers]\nwhy = "w"\n',
], ids=["inline", "inline, quoted", "inline after a long text", "inline after a literal text",
        "inline after an array", "quoted keys in tables", "quoted header", "late table"])
def test_items_found_by_their_headers_on_text_that_could_mislead(text):
    every = reference_index(text)
    _agrees(text, [*every, *_ITEM_PATHS])


PARTS = 4
"""The generated workbook's paths are held to the reference in four tests, a quarter each: the
reference, asked for each of some 550 paths alone, took 4.5 s of processor time in one test."""


@pytest.mark.parametrize("part", range(PARTS), ids=[f"{n + 1}of{PARTS}" for n in range(PARTS)])
def test_a_generated_workbook_is_read_from_its_items_headers(part):
    text = dumps(make_workbook(1_000)).decode()
    counts = _item_counts(text)
    headers = _item_headers(text, "goals", counts["goals"])
    assert headers is not None and len(headers) == counts["goals"] > 10
    assert all(text.startswith("[[goals]]\n", at) for at in headers)
    every = reference_index(text)
    paths = [path for path in every if path.startswith(("goals[", "tactics["))][::7]
    _agrees(text, paths, paths[part::PARTS])  # the fast finder asked for them all, as one check asks
