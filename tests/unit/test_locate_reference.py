"""The line finder that skips the tables not wanted at C speed answers as the plain one did."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.locate_reference import line_index as reference_index
from tui.store.locate import find_line, line_index

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


@settings(max_examples=400, deadline=None)
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
