"""Workbook text in the Markdown export shows as typed: rendered by a real Markdown renderer
(markdown-it-py, GFM-like: tables, strikethrough, linkify), it is the same text, in the same
structure as a plain word would be, with no link, image, HTML, code, emphasis, heading or list
of its own; and a plain-text linkifier (what a mail client runs) finds no address in it.

The one liberty: spaces at the start and end of a piece of text are dropped (Markdown
drops them too), and line breaks inside one become spaces.
"""

from __future__ import annotations

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from linkify_it import LinkifyIt
from markdown_it import MarkdownIt

from tests import examples
from tui.model.text import for_display
from tui.store.export import md, md_paragraphs, to_markdown
from tui.model.workbook import Goal, Workbook

RENDERER = MarkdownIt("gfm-like")
LINKIFIER = LinkifyIt()

# Where the export puts a piece of text: (before, after) around it.
CONTEXTS = [
    ("", ""),                       # a paragraph
    ("# ", ""),                     # the title
    ("### ", ""),                   # a goal's title
    ("- ", ""),                     # a list item
    ("- [ ] ", ""),                 # a milestone or PESTLE item
    ("- **", "**"),                 # a value's name
    ("**Vision.** ", ""),           # the vision
    ("| A | B |\n| --- | --- |\n| ", " | x |"),  # a SWOT cell
    ("x ", " (3/5)"),               # mid-line
]

FRAGMENTS = [
    "https://evil.example/x", "http://a.com", "www.evil.com", "evil.com", "mailto:a@b.com", "a@b.com",
    "ftp://f.org", "//x.com", "<http://x.com>", "[click](http://evil)", "![i](x.png)", "<img src=x>",
    "<b>", "</div>", "<!-- c -->", "&amp;", "&#32;", "&copy;", "    ", "   ", "\t", "\n", "\n\n",
    "# ", "##", " ##", "1. ", "1) ", "- ", "+ ", "* ", "> ", "---", "***", "===", "`", "``", "~~", "**",
    "__", "*", "_", "|", "\\", "[", "]", "(", ")", "!", "#", ":", ".", "@", "e.g.", "v1.2", "[x]",
    "[^1]", "$x$", "{#id}", "\u00a0", "\u3000", "\x1b[31m", "\u202e",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.characters(codec="utf-8"),
                           st.text(alphabet="abc XYZ019", max_size=4)), max_size=12).map("".join)


def shown(text: str) -> str:
    """What the text should read as once rendered: as `md` promises."""
    return " ".join(for_display(text, multiline=True).split("\n")).strip()


def structure_and_text(markdown: str) -> tuple[list[str], str]:
    """The token types (text aside) and all the text, as the renderer understands `markdown`."""
    kinds, words = [], []
    for token in RENDERER.parse(markdown):
        if token.type != "inline":
            kinds.append(token.type)
            continue
        for child in token.children or []:
            if child.type in ("text", "text_special"):
                words.append(child.content)
            else:
                kinds.append(child.type)
    return kinds, "".join(words)


def assert_literal(before: str, escaped: str, after: str, expected: str) -> None:
    kinds, text = structure_and_text(before + escaped + after)
    plain_kinds, plain_text = structure_and_text(before + "WORD" + after)
    assert kinds == plain_kinds, (escaped, kinds)
    assert text == plain_text.replace("WORD", expected), (escaped, text)
    assert LINKIFIER.match(escaped) is None, (escaped, LINKIFIER.match(escaped))


@settings(max_examples=examples(300), deadline=None)
@given(text=texts, context=st.sampled_from(CONTEXTS))
@example(text="Grow revenue ##", context=("### ", ""))
@example(text="    indented like code", context=("", ""))
@example(text="see https://evil.example/pay now", context=("- ", ""))
@example(text="www.evil.com or evil.com", context=("", ""))
def test_any_text_renders_as_typed_wherever_it_sits(text, context):
    expected = shown(text)
    assume(expected)  # nothing to show is shown as nothing: the structure around it is the export's
    assert_literal(context[0], md(text), context[1], expected)


@settings(max_examples=examples(100), deadline=None)
@given(paragraphs=st.lists(texts, min_size=1, max_size=4))
def test_paragraphs_render_as_typed(paragraphs):
    text = "\n\n".join(paragraphs)
    expected = [shown(p) for p in for_display(text, multiline=True).replace("\r", "").split("\n\n")]
    rendered = md_paragraphs(text)
    kinds, _ = structure_and_text(rendered)
    assert set(kinds) <= {"paragraph_open", "paragraph_close"}, kinds
    pieces = [structure_and_text(p)[1] for p in rendered.split("\n\n")] if rendered else []
    assert " ".join(pieces).split() == " ".join(e for e in expected if e.strip()).split()
    assert LINKIFIER.match(rendered) is None


def test_a_goal_title_ending_in_hashes_keeps_them_in_the_whole_export():
    workbook = Workbook()
    workbook.goals.append(Goal(id="gol-aaaa", title="Win on C##"))
    export = to_markdown(workbook)
    headings = [t for t in RENDERER.parse(export) if t.type == "inline" and "Win" in t.content]
    assert structure_and_text(headings[0].content)[1] == "Win on C##"
