"""The board pack's pictures (inline SVG in the HTML export): well-formed XML, no scripts, no
event attributes, nothing from outside, every piece of workbook text escaped; A4 portrait."""

from __future__ import annotations

import copy
from html import escape as html_escape
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import examples
from tests.conftest import SAMPLES
from tests.ui.conftest import HOSTILE, hostile_workbook
from tui.model.text import for_display, one_line
from tui.store import load
from tui.store.export import to_html, to_markdown
from tui.store.pictures import progress_svg, roadmap_svg

ATTACKS = [
    "<script>alert(1)</script>",
    '" onload="alert(1)',
    "<a href='http://evil.example'>x</a>",
    "url(http://evil.example/x.png)",
    "]]><svg onload=alert(1)>",
    "<!-- comment --> &amp; &#x3c;",
]
SVG = re.compile(r"<svg\b.*?</svg>", re.S)
OUTSIDE = re.compile(r"url\((?!\s*['\"]?#)", re.I)


def pictures(page: str) -> list[ET.Element]:
    """Every SVG of the page, parsed by an XML parser (which refuses anything malformed)."""
    return [ET.fromstring(svg) for svg in SVG.findall(page)]


def assert_inert(svg: ET.Element) -> None:
    for element in svg.iter():
        assert element.tag.rsplit("}", 1)[-1].lower() not in ("script", "foreignobject", "a", "image", "use")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            assert not local.startswith("on"), (element.tag, name)
            if local in ("href", "src"):
                assert value.startswith("#"), value
            assert not OUTSIDE.search(value), value
        if element.tag.rsplit("}", 1)[-1].lower() == "style":  # text elsewhere is only text
            assert not OUTSIDE.search(element.text or "")


def dated_hostile():
    """The UI tests' hostile workbook with dates, marks and attacks, so every picture has text."""
    workbook = hostile_workbook()
    texts = iter(HOSTILE + ATTACKS)
    start = date(2027, 1, 1)
    for index, goal in enumerate(workbook.goals):
        goal.start, goal.due = start, start + timedelta(days=90 * (index + 1))
        goal.title = next(texts, goal.title)
        for milestone in goal.milestones:
            milestone.due = start + timedelta(days=30)
            milestone.text = next(texts, milestone.text)
    for tactic in workbook.tactics:
        tactic.due = start + timedelta(days=45)
    workbook.goals[1].parent = workbook.goals[0].id
    for attack, item in zip(ATTACKS, workbook.swot.strengths):
        item.text = attack
    for attack, item in zip(ATTACKS, workbook.pestle.factors["political"].items):
        item.text = attack
    return workbook


def test_every_picture_is_inert_xml_with_the_text_escaped():
    workbook = dated_hostile()
    page = to_html(workbook)
    svgs = pictures(page)
    labels = [svg.get("aria-label") for svg in svgs]
    for name in ("SWOT", "PESTLE", "Roadmap"):
        assert any(label and label.startswith(name) for label in labels), name
    for svg in svgs:
        assert_inert(svg)
    assert "\x1b" not in page and "\x07" not in page and "<script" not in page
    # The text a reader sees in the pictures is the text as typed (made visible, cut to fit).
    shown = "\n".join("".join(svg.itertext()) for svg in svgs)
    for goal in workbook.goals:
        assert one_line(goal.title, 24)[:20] in shown
    for attack in ATTACKS:
        assert for_display(attack)[:20] in shown


def test_the_sample_board_pack_prints_on_a4_portrait_with_all_its_pictures():
    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    page = to_html(workbook)
    assert "@page { size: A4 portrait" in page
    svgs = pictures(page)
    progress = [svg for svg in svgs if svg.get("class") == "bar"]
    assert len(progress) >= len(workbook.goals)
    roadmap = next(svg for svg in svgs if svg.get("aria-label", "").startswith("Roadmap"))
    assert len([t for t in roadmap.iter("text") if t.text and t.text.startswith(("!", *[
        g.title[:5] for g in workbook.goals]))]) >= len(workbook.goals)
    for svg in svgs:
        assert_inert(svg)


@pytest.mark.parametrize(("fraction", "width"), [(0.0, 0), (0.5, 60), (1.0, 120), (7.0, 120), (-1.0, 0)])
def test_a_progress_bar_is_filled_to_its_fraction(fraction, width):
    svg = ET.fromstring(progress_svg(fraction).rsplit(" ", 1)[0])
    assert svg.findall("rect")[1].get("width") == str(width)


def test_a_roadmap_without_dates_is_left_out():
    workbook = copy.deepcopy(load(SAMPLES / "acme-robotics.toml").workbook)
    for goal in workbook.goals:
        goal.start = goal.due = None
    assert roadmap_svg(workbook.goals, workbook.tactics, date(2027, 1, 1)) is None
    assert "<h2>Roadmap</h2>" not in to_html(workbook)


def test_the_markdown_export_has_the_roadmap_as_a_text_timeline():
    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    workbook.goals[1].parent = workbook.goals[0].id
    text = to_markdown(workbook)
    section = text[text.index("## Roadmap"):text.index("## Tactics")]
    block = section.split("```")[1].strip("\n").split("\n")
    assert len(block) == 1 + len(workbook.goals)  # the axis, then a line per goal
    assert all(line.rstrip().endswith("%") or "overdue" in line for line in block[1:])
    assert f"- **2** {workbook.goals[1].title} (serves {workbook.goals[0].title})" in section


def test_roadmap_marks_read_in_black_and_white_print():
    """Seen in a browser's print preview: a done mark was grey on the green of the bar, and an
    overdue one only red. Done marks are hollow, every mark has an outline, overdue adds a `!`."""
    goal = load(SAMPLES / "acme-robotics.toml").workbook.goals[0]
    goal.start, goal.due = date(2027, 1, 1), date(2027, 12, 31)
    done, late = goal.milestones[0], goal.milestones[1]
    done.done, done.due = True, date(2027, 3, 1)
    late.done, late.due = False, date(2027, 4, 1)
    svg = ET.fromstring(roadmap_svg([goal], [], date(2027, 6, 1)))
    marks = {g.find("title").text.split(",")[0]: g for g in svg.iter("g") if g.find("polygon") is not None}
    hollow = marks[f"milestone {done.text}"].find("polygon")
    assert hollow.get("fill") == "#fff" and hollow.get("stroke") not in (None, "#fff")
    overdue = marks[f"milestone {late.text}"]
    assert overdue.find("polygon").get("stroke") == "#fff" and overdue.find("text").text == "!"


def test_print_keeps_a_heading_with_its_picture_and_table_rows_whole():
    """Seen in print preview: the PESTLE heading and its one-line intro ended a page, the heat
    map began the next; a SWOT row broke across two pages."""
    page = to_html(load(SAMPLES / "acme-robotics.toml").workbook)
    rules = page[page.index("@media print"):]
    assert re.search(r"h2 \+ p[^{]*\{[^}]*break-after: avoid", rules)
    assert re.search(r"\btr\b[^{]*\{[^}]*break-inside: avoid", rules)


# -- the strategy map ------------------------------------------------------------------------------

def _boxes(svg: ET.Element) -> list[tuple[float, float, float, float]]:
    """Each goal box as (left, top, right, bottom)."""
    return [(float(r.get("x")), float(r.get("y")), float(r.get("x")) + float(r.get("width")),
             float(r.get("y")) + float(r.get("height"))) for g in svg.iter("g") for r in g.findall("rect")[:1]]


def _crosses(a, b, box) -> bool:
    """Whether the axis-parallel or sloped segment a-b passes through the inside of `box`."""
    left, top, right, bottom = box
    for step in range(1, 50):  # sample the segment: boxes are far bigger than the step
        x = a[0] + (b[0] - a[0]) * step / 50
        y = a[1] + (b[1] - a[1]) * step / 50
        if left + 1 < x < right - 1 and top + 1 < y < bottom - 1:
            return True
    return False


def assert_links_clear(svg: ET.Element) -> None:
    """No arrow passes behind a goal's box other than the two it joins."""
    boxes = _boxes(svg)
    for line in svg.findall("polyline"):
        points = [tuple(map(float, p.split(","))) for p in line.get("points").split()]
        ends = [box for box in boxes if any(box[0] <= x <= box[2] and box[1] <= y <= box[3]
                                            for x, y in (points[0], points[-1]))]
        for a, b in zip(points, points[1:]):
            assert not any(_crosses(a, b, box) for box in boxes if box not in ends), points


def test_the_strategy_map_bands_the_goals_and_draws_each_link_around_the_boxes():
    from tui.store.pictures import strategy_map_svg

    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    assert strategy_map_svg(workbook.goals) is not None  # the sample's goals are placed
    for goal in workbook.goals:
        goal.perspective = goal.parent = ""
    assert strategy_map_svg(workbook.goals) is None  # nobody placed a goal: no map, no section
    assert "strategy map" not in to_html(workbook)
    from tests.ui.test_strategy_map import SCORECARD

    for goal in workbook.goals:
        goal.perspective, goal.parent = SCORECARD[goal.id]
    page = to_html(workbook)
    svg = next(s for s in pictures(page) if s.get("aria-label", "").startswith("Strategy map"))
    assert_inert(svg)
    bands = [t.text for t in svg.iter("text") if t.get("font-weight") == "bold"]
    assert bands[0] == "Financial" and bands.index("Customer") < bands.index("Internal") < bands.index("Learning and")
    assert bands[-1] == "No perspective"
    links = svg.findall("polyline")
    assert len(links) == sum(1 for goal in workbook.goals if goal.parent)
    assert len(_boxes(svg)) == len(workbook.goals)
    assert_links_clear(svg)


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["financial", "customer", "internal", "learning", ""]),
                          st.integers(min_value=-1, max_value=14)), min_size=1, max_size=15))
def test_no_link_passes_behind_another_goal(specs):
    from tui.model.workbook import Goal
    from tui.store.pictures import strategy_map_svg

    goals = [Goal(f"gol-{n}", title=f"Goal {n}", perspective=perspective or "customer" if n == 0 else perspective,
                  parent=f"gol-{parent}" if 0 <= parent < len(specs) and parent != n else "")
             for n, (perspective, parent) in enumerate(specs)]
    svg = ET.fromstring(strategy_map_svg(goals))
    assert_links_clear(svg)


def test_hostile_titles_in_the_strategy_map_are_escaped_text():
    from tui.store.pictures import strategy_map_svg

    workbook = dated_hostile()
    for goal, attack in zip(workbook.goals, ATTACKS * 3):
        goal.perspective, goal.title = "customer", attack
    svg = ET.fromstring(strategy_map_svg(workbook.goals))
    assert_inert(svg)
    shown = "".join(svg.itertext())
    for goal in workbook.goals:
        assert for_display(goal.title)[:10] in shown


def test_a_word_longer_than_the_page_wraps_instead_of_running_off_it():
    """Seen in print preview: a 10,000-character title without spaces ran off the right edge of the
    A4 page, and the browser shrank every page of the pack to fit it. Any text may break anywhere."""
    page = to_html(load(SAMPLES / "acme-robotics.toml").workbook)
    assert re.search(r"(^|\n)body \{[^}]*overflow-wrap: anywhere", page)


def test_every_symbol_of_the_text_timeline_is_in_its_legend():
    """Seen in the Markdown export: the timeline drew ◇, ∘, « and ▼ that its legend never named."""
    from tui.model.roadmap import CELL_KINDS, glyph

    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    workbook.goals[0].start, workbook.goals[0].due = date(2001, 1, 1), date(2001, 6, 30)  # out of view
    text = to_markdown(workbook)
    section = text[text.index("## Roadmap"):text.index("## Tactics")]
    block, legend = section.split("```")[1], section.split("```")[2].strip().split("\n")[0]
    drawn = {glyph(kind) for kind in CELL_KINDS if glyph(kind) in block}
    assert {glyph("milestone_done"), glyph("before"), glyph("today_head")} <= drawn
    assert [symbol for symbol in drawn if symbol not in legend] == []


def test_the_board_pack_says_what_each_goal_serves_and_its_roll_up():
    """The Markdown export said what each goal serves; the board pack's goal cards said neither that
    nor the roll-up of the goals serving a company goal."""
    workbook = load(SAMPLES / "acme-robotics.toml").workbook
    company, *teams = workbook.goals[3], workbook.goals[0], workbook.goals[4]
    for team in teams:
        team.parent = company.id
    company.title = "<b>Company</b> & co"
    page = to_html(workbook)
    card = page[page.index(f"<h3>{html_escape(company.title)}</h3>"):]
    card = card[:card.index("</div>")]
    assert "2 goals serve it:" in card
    for team in teams:
        card = page[page.index(f"<h3>{html_escape(team.title)}</h3>"):]
        assert f"Serves: {html_escape(company.title)}" in card[:card.index("</div>")]
