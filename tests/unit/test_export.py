"""Exports: Markdown (an email body), HTML (one printable page) and JSON (a faithful dump)."""

from __future__ import annotations

import copy
import dataclasses
import html
import json
import re
import shlex
import sys
from datetime import date, datetime, time, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from tests.conftest import SAMPLES
from tests.unit.helpers import same_workbook
from tui.cli import main
from tui.model.comments import Comments
from tui.model.text import for_display
from tui.model.workbook import Workbook
from tui.store import WorkbookError, load
from tui.store.export import _UNSAFE_IN_JSON, export, json_text, loads_json, md, to_html, to_json, to_markdown

SAMPLE_FILES = sorted(SAMPLES.glob("*.toml"))
NASTY = [
    "[click me](http://evil.example/x)",
    "![img](http://evil.example/i.png)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "# not a heading",
    "1. not a list",
    "- not a list either",
    "*not emphasis* and _not_ either",
    "`not code`",
    "a | b | c",
    "&amp; stays literal",
    "> not a quote",
    "esc\x1b]0;pwned\x07 bell",
]


def texts(workbook: Workbook) -> list[str]:
    """Every item's own text: what a reader of the export must find in it."""
    found = [workbook.meta.title, workbook.vmv.vision, workbook.vmv.mission]
    for item in workbook.iter_items():
        for name in ("text", "title", "name", "description"):
            value = getattr(item, name, "")
            if value:
                found.append(value)
    return found


def hostile(workbook: Workbook) -> Workbook:
    """The workbook with nasty strings in titles, items and names."""
    workbook = copy.deepcopy(workbook)
    items = list(workbook.iter_items())
    for index, text in enumerate(NASTY):
        target = items[index * 3 % len(items)]
        for name in ("text", "title", "name"):
            if hasattr(target, name):
                setattr(target, name, text)
                break
    workbook.meta.title = NASTY[0]
    workbook.vmv.vision = NASTY[2] + "\n\n" + NASTY[4]
    return workbook


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.data.append(data)


def parsed(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    return collector


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(params=SAMPLE_FILES, ids=lambda p: p.stem)
def workbook(request) -> Workbook:
    return load(request.param).workbook


# -- markdown --------------------------------------------------------------------------------

def test_markdown_has_every_section_and_every_item(workbook: Workbook) -> None:
    text = to_markdown(workbook)
    for heading in ("## Vision, mission and values", "## SWOT", "## TOWS strategies", "## PESTLE", "## Goals",
                    "## Tactics"):
        assert heading in text
    flat = squash(text)
    for item_text in texts(workbook):
        assert squash(md(item_text)) in flat


def test_markdown_swot_is_a_two_by_two_table(workbook: Workbook) -> None:
    # The SWOT section alone: other sections (five forces, risks) have tables of their own.
    swot = to_markdown(workbook).split("\n## SWOT\n", 1)[1].split("\n## ", 1)[0]
    tokens = MarkdownIt("commonmark").enable("table").parse(swot)
    headers = [t for t in tokens if t.type == "th_open"]
    assert len(headers) == 2  # Strengths | Weaknesses, with Opportunities | Threats as a bold row below
    rendered = MarkdownIt("commonmark").enable("table").render(swot)
    assert "<strong>Opportunities (" in rendered and "<strong>Threats (" in rendered


def test_markdown_reads_well_as_plain_text() -> None:
    text = to_markdown(load(SAMPLES / "acme-robotics.toml").workbook)
    assert "[###-------] 29% | SMART, active, Tom Berg, due 2027-06-30" in text
    assert "from 12, now 10, target 5 working days" in text
    assert "- [x] Labour shortages in food processing" in text
    assert "\\" not in text  # nothing in the sample needs escaping: no backslash noise


def test_markdown_escapes_user_text_so_it_cannot_inject_links_html_or_structure(workbook: Workbook) -> None:
    text = to_markdown(hostile(workbook))
    assert "\x1b" not in text and "\x07" not in text
    text = text.rsplit("\n---\n", 1)[0]  # our own footer may name a command in code
    # The roadmap's timeline is ours, in a code block (glyphs and dates only, no user text).
    text = re.sub(r"\n```\n.*?\n```\n", "\n", text, flags=re.S)
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert "<a " not in rendered and "<img" not in rendered and "<script" not in rendered
    assert "<code>" not in rendered and "<blockquote>" not in rendered
    assert rendered.count("<h1>") == 1
    plain = html.unescape(rendered)
    for nasty in NASTY[:-1]:
        assert nasty in plain or squash(nasty) in squash(plain), nasty


def test_md_escapes_only_what_markdown_would_read() -> None:
    assert md("R&D at 31% - fine (really)") == "R&D at 31% - fine (really)"
    assert md("2027. A year") == "2027\\. A year"
    assert md("[x](y)") == "\\[x\\](y)"
    assert md("line one\nline two") == "line one line two"


# -- html ------------------------------------------------------------------------------------

def test_html_is_one_self_contained_page_with_every_item(workbook: Workbook) -> None:
    page = to_html(workbook)
    doc = parsed(page)
    tags = [tag for tag, _ in doc.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags and "iframe" not in tags
    assert tags.count("style") == 1 and "@media print" in page
    for _, attrs in doc.tags:
        for name, value in attrs:
            assert name not in ("href", "src", "action") and not (value or "").startswith(("http", "//"))
    text = squash("".join(doc.data))
    for item_text in texts(workbook):
        assert squash(item_text) in text


def test_html_escapes_every_user_string(workbook: Workbook) -> None:
    page = to_html(hostile(workbook))
    doc = parsed(page)
    assert all(tag not in ("script", "img", "a") for tag, _ in doc.tags)
    assert "\x1b" not in page
    text = squash("".join(doc.data))
    for nasty in NASTY[:-1]:
        assert squash(nasty) in text
    assert squash(for_display(NASTY[-1])) in text


# -- json ------------------------------------------------------------------------------------

def test_json_loads_back_to_the_same_workbook(workbook: Workbook) -> None:
    """The same data; comments written in the TOML by hand are not in JSON, which has none."""
    assert same_workbook(loads_json(to_json(workbook)), dataclasses.replace(workbook, comments=Comments()))


def test_json_has_the_file_layout_with_iso_dates() -> None:
    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    data = json.loads(to_json(workbook))
    assert data["workbook"]["created"] == "2026-11-20T09:30:00Z"
    assert data["goals"][0]["due"] == "2027-06-30"
    assert data["goals"][0]["milestones"][0]["due"] == "2026-11-13"
    assert data["tactics"][0]["due"] == "2027-03-31"
    assert data["swot"]["strengths"][0]["id"] == "str-4hq7"
    assert data["goals"][0]["measure"]["baseline"] == 12.0


def test_json_keeps_unknown_dates_and_odd_floats_with_their_types() -> None:
    workbook = hostile(load(SAMPLES / "acme-robotics.toml").workbook)
    workbook.extra["future"] = {"when": date(2030, 1, 2), "at": datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
                                "local": datetime(2030, 1, 2, 3, 4, 5), "clock": time(9, 30), "odd": float("inf")}
    workbook.goals[0].extra["checked_on"] = date(2027, 1, 1)
    text = to_json(workbook)
    assert '"$date": "2030-01-02"' in text and '"checked_on": {\n        "$date"' in text
    assert same_workbook(loads_json(text), workbook)
    assert "\x1b" not in text  # controls are \u escapes: safe to print, same data


def test_json_errors_are_workbook_errors() -> None:
    with pytest.raises(WorkbookError, match="not valid JSON"):
        loads_json("{")
    with pytest.raises(WorkbookError, match="goals"):
        loads_json(json.dumps({"workbook": {"schema": 1}, "goals": [{"id": "bad id"}]}))


# -- the command -------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_export_command_prints_or_writes_atomically(fmt: str, tmp_path: Path, capsys) -> None:
    source = SAMPLES / "acme-robotics.toml"
    assert main(["export", str(source), "--format", fmt]) == 0
    printed = capsys.readouterr().out
    assert printed == export(load(source).workbook, fmt)
    out = tmp_path / f"plan.{fmt}"
    out.write_text("old")
    assert main(["export", str(source), "-f", fmt, "-o", str(out)]) == 2  # not an export: kept
    assert out.read_text() == "old"
    assert main(["export", str(source), "-f", fmt, "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") == printed
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left behind


def test_export_of_an_invalid_file_exits_2(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[workbook]\n")
    assert main(["export", str(bad)]) == 2
    assert "schema" in capsys.readouterr().err


# -- serve (the optional web extra) ---------------------------------------------------------------

def test_serve_without_the_web_extra_says_how_to_install_it(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # as if not installed
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    assert main(["serve", str(SAMPLES / "acme-robotics.toml")]) == 2
    err = capsys.readouterr().err
    assert "pip install 'stratbook[web]'" in err


def test_serve_runs_the_app_bound_to_this_machine_only(monkeypatch, capsys) -> None:
    from tui.web import GuardedServer

    started: list[GuardedServer] = []

    async def serve_until_stopped(self, announce) -> None:  # listening itself: tests/unit/test_serve.py
        started.append(self)
        announce(self.url())

    monkeypatch.setattr(GuardedServer, "serve_until_stopped", serve_until_stopped)
    assert main(["serve", "my plan.toml", "--port", "8123"]) == 0
    server = started[0]
    assert server.host == "127.0.0.1" and server.port == 8123
    assert server.command.endswith("-m tui " + shlex.quote(str(Path("my plan.toml").resolve())))
    assert f"http://127.0.0.1:8123/?token={server.token}" in capsys.readouterr().err


_JSON_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                         st.text(), st.dates())
_JSON_VALUES = st.recursive(_JSON_LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner),
    st.dictionaries(st.one_of(st.text(), st.integers(), st.booleans(), st.none()), inner, max_size=4)), max_leaves=20)


@given(_JSON_VALUES)
def test_json_text_writes_what_json_dumps_writes(value) -> None:
    # json_text lays out the indented JSON itself (json.dumps with an indent runs in Python, slowly):
    # the text must stay the one json.dumps writes, character for character.
    expected = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False, default=str) + "\n"
    expected = _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", expected)
    assert json_text(value) == expected
