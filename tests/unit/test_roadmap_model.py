"""The roadmap's layout without the UI: periods, cells, zoom levels, year boundaries, marks."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests import examples
from tui.model.roadmap import (
    CELLS,
    glyph,
    ZOOMS,
    axis,
    column_of,
    goal_marks,
    period_label,
    period_of,
    period_start,
    text_timeline,
    timeline,
)
from tui.model.workbook import Goal, Measure, Milestone, Tactic

TODAY = date(2027, 2, 1)


@settings(max_examples=examples(200), deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 1, 1)), st.sampled_from(ZOOMS))
def test_dates_fall_in_their_periods_cells_in_order(day, zoom):
    period = period_of(day, zoom)
    origin = period - 3
    column = column_of(day, zoom, origin)
    assert 3 * CELLS[zoom] <= column < 4 * CELLS[zoom]  # inside its own period's cells
    assert period_start(period, zoom) <= day
    assert column_of(period_start(period, zoom), zoom, origin) == 3 * CELLS[zoom]
    assert column_of(day + timedelta(days=1), zoom, origin) >= column  # later never lands further left


def test_year_boundaries_and_labels():
    assert period_of(date(2026, 12, 31), "month") + 1 == period_of(date(2027, 1, 1), "month")
    assert period_of(date(2026, 12, 31), "quarter") + 1 == period_of(date(2027, 1, 1), "quarter")
    origin = period_of(date(2026, 11, 1), "month")
    assert axis("month", origin, 16, date(2000, 1, 1)) == "Nov Dec '27 Feb "
    assert axis("quarter", period_of(date(2026, 10, 1), "quarter"), 12, date(2000, 1, 1)) == "Q4 26 Q1 27 "
    assert period_label(period_of(date(2027, 5, 5), "quarter"), "quarter") == "Q2 27 "
    today = axis("month", origin, 16, date(2026, 12, 1))
    assert today[4] == glyph("today_head")


def test_a_goals_row_has_its_bar_progress_marks_and_today():
    goal = Goal("gol-aaaa", status="active", start=date(2027, 1, 1), due=date(2027, 3, 31),
                measure=Measure(baseline=0, target=10, current=5),
                milestones=[Milestone("mil-aaaa", date(2027, 2, 15), "Half way"),
                            Milestone("mil-bbbb", date(2027, 1, 15), "Late one")])
    tactic = Tactic("tac-aaaa", "gol-aaaa", "Do it", due=date(2027, 3, 1), status="done")
    marks = goal_marks(goal, [tactic], TODAY)
    assert [(m.id, m.overdue) for m in marks] == [("mil-bbbb", True), ("mil-aaaa", False), ("tac-aaaa", False)]
    origin = period_of(date(2026, 12, 1), "month")
    cells = timeline(goal, marks, "month", origin, 24, TODAY, selected="mil-aaaa")
    kinds = "".join(kind[0] for _, kind in cells)
    # Dec blank (today's line is in Feb, under a bar), Jan-Mar a bar half done, Apr on blank.
    assert kinds[:4] == "bbbb" and kinds[16:] == "b" * 8
    assert [kind for _, kind in cells].count("done") + 3 >= 6  # half of 12 cells, less the marks on it
    assert cells[column_of(date(2027, 1, 15), "month", origin)] == (glyph("overdue"), "overdue")
    assert cells[column_of(date(2027, 2, 15), "month", origin)][1] == "selected"
    assert cells[column_of(date(2027, 3, 1), "month", origin)] == (glyph("tactic_done"), "tactic")
    # Scrolled past the start: the bar is clipped with a mark; before it, the today line shows.
    later = timeline(goal, [], "month", period_of(date(2027, 2, 1), "month"), 8, TODAY)
    assert later[0] == (glyph("before"), "clip")
    earlier = timeline(goal, [], "month", period_of(date(2026, 1, 1), "month"), 52, date(2026, 6, 15))
    assert earlier[column_of(date(2026, 6, 15), "month", period_of(date(2026, 1, 1), "month"))][1] == "today"


def test_a_milestone_is_not_hidden_by_a_tactic_in_its_cell():
    # A tactic due on a milestone's day (or in the same cell of a month or quarter) was drawn over
    # it: the milestone showed only once the goal was unfolded (found from outside). In one cell,
    # what is selected shows, then what is overdue, then a milestone, then a tactic.
    goal = Goal("gol-aaaa", status="active", start=date(2027, 1, 1), due=date(2027, 12, 31),
                milestones=[Milestone("mil-aaaa", date(2027, 6, 10), "Pilot live")])
    same_day = Tactic("tac-aaaa", "gol-aaaa", "Train staff", due=date(2027, 6, 10))
    same_cell = Tactic("tac-bbbb", "gol-aaaa", "Order parts", due=date(2027, 6, 12))
    late = Tactic("tac-cccc", "gol-aaaa", "Late", due=date(2027, 6, 11))
    for zoom in ZOOMS:
        origin = period_of(date(2027, 1, 1), zoom)
        column = column_of(date(2027, 6, 10), zoom, origin)
        marks = goal_marks(goal, [same_day, same_cell], TODAY)
        assert timeline(goal, marks, zoom, origin, 200, TODAY)[column] == (glyph("milestone"), "milestone"), zoom
        assert timeline(goal, marks, zoom, origin, 200, TODAY, selected="tac-aaaa")[column][1] == "selected"
    today = date(2027, 6, 20)  # the tactic of the 11th is overdue, the milestone done: the tactic shows
    goal.milestones[0].done = True
    marks = goal_marks(goal, [late], today)
    origin = period_of(date(2027, 1, 1), "month")
    cell = timeline(goal, marks, "month", origin, 60, today)[column_of(date(2027, 6, 11), "month", origin)]
    assert cell == (glyph("overdue"), "overdue")


def test_the_text_timeline_zooms_out_to_fit():
    goals = [Goal("gol-aaaa", start=date(2027, 1, 1), due=date(2027, 6, 30)),
             Goal("gol-bbbb", start=date(2027, 1, 1), due=date(2031, 12, 31))]
    short = text_timeline(goals[:1], [], date(2026, 1, 1), width=48)
    assert short[0].split()[:2] == ["'27", "Feb"]  # months: six fit
    long = text_timeline(goals, [], date(2026, 1, 1), width=48)
    assert long[0].split()[:2] == ["Q1", "27"]  # quarters
    assert all(len(line) <= 48 + 5 for line in long)
    assert text_timeline([Goal("gol-cccc")], [], TODAY) == []


def test_the_printed_window_keeps_a_long_goal_from_squeezing_the_rest():
    from tui.model.roadmap import window

    most = {"month": 20, "quarter": 12}
    year = [Goal("gol-aaaa", start=date(2027, 1, 1), due=date(2027, 12, 31))]
    assert window(year, TODAY, most) == ("month", period_of(date(2027, 1, 1), "month"),
                                         period_of(date(2027, 12, 1), "month"))
    bhag = year + [Goal("gol-bbbb", start=date(2020, 1, 1), due=date(2044, 12, 31))]
    zoom, origin, last = window(bhag, TODAY, most)
    assert zoom == "quarter" and last - origin + 1 == 12
    assert origin == period_of(TODAY - timedelta(days=365), "quarter")  # a year back, not 2020
    old = [Goal("gol-cccc", start=date(2019, 1, 1), due=date(2019, 6, 30))]
    assert window(old, TODAY, most)[1] == period_of(date(2019, 1, 1), "month")  # all past: shown as it was
    assert window([Goal("gol-dddd")], TODAY, most) is None


@settings(max_examples=examples(200), deadline=None)
@given(day=st.dates(), zoom=st.sampled_from(["month", "quarter"]), width=st.integers(1, 400),
       shift=st.integers(-5000, 5000))
def test_a_view_brought_to_any_date_stays_in_the_calendar(day, zoom, width, shift) -> None:
    # The rough-draft sample has a tactic due 9999-12-31: l on it used to crash (year 10000).
    from tui.model.roadmap import clamp_origin, periods_in, span_text

    origin = clamp_origin(period_of(day, zoom) - periods_in(width, zoom) // 4 + shift, zoom, width)
    assert span_text(origin, zoom, width)
    assert len(axis(zoom, origin, width, day)) <= width
    assert date.min <= period_start(origin, zoom) <= period_start(origin + periods_in(width, zoom), zoom)


def test_an_unfolded_tactic_has_its_mark_on_its_due_date_or_a_clipped_end():
    from tui.model.roadmap import by_due, tactic_mark, tactic_timeline

    origin = period_of(date(2027, 1, 1), "month")
    late = Tactic("tac-late", "gol-a", "Late", due=date(2027, 1, 20), status="doing")
    mark = tactic_mark(late, TODAY)
    assert mark is not None and mark.overdue
    cells = tactic_timeline(mark, "month", origin, 24, TODAY)
    column = column_of(late.due, "month", origin)
    assert cells[column] == (glyph("overdue"), "overdue")
    assert cells[column_of(TODAY, "month", origin)][1] == "today"
    before = tactic_timeline(mark, "month", origin + 2, 24, TODAY)  # due before the view: said at the left
    assert before[0] == (glyph("before"), "overdue")
    later = Tactic("tac-next", "gol-a", "Next", due=date(2029, 1, 1))
    assert tactic_timeline(tactic_mark(later, TODAY), "month", origin, 24, TODAY)[-1] == (glyph("after"), "clip")
    assert tactic_mark(Tactic("tac-none", "gol-a"), TODAY) is None
    assert {kind for _, kind in tactic_timeline(None, "month", origin, 24, TODAY)} == {"blank", "today"}
    undated = Tactic("tac-none", "gol-a")
    assert [t.id for t in by_due([undated, later, late])] == ["tac-late", "tac-next", "tac-none"]


@settings(max_examples=examples(200), deadline=None)
@given(st.dates(min_value=date(2, 1, 1), max_value=date(9998, 1, 1)), st.sampled_from(ZOOMS),
       st.integers(0, 5), st.integers(24, 80))
def test_todays_mark_never_garbles_a_periods_label(today, zoom, before, width):
    """Seen at 80x24 and in the Markdown export: today in mid-November drew `Q4 ▼6`, the quarter's
    year overwritten. The mark keeps its column; today's period shows its label whole, shortened
    (`Q4`) or not at all (the view's title names today), and every other period its whole label."""
    cells = CELLS[zoom]
    origin = period_of(today, zoom) - before
    text = axis(zoom, origin, width, today)
    now = column_of(today, zoom, origin)
    if now < width:
        assert text[now] == glyph("today_head")
    for n in range(width // cells):
        shown = text[n * cells:(n + 1) * cells].replace(glyph("today_head"), " ").strip()
        label = period_label(origin + n, zoom).strip()
        if n == before:
            assert shown in (label, label.split(" ")[0] if zoom == "quarter" else label, "")
        else:
            assert shown == label


@settings(max_examples=examples(200), deadline=None)
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
       st.integers(0, 4000), st.sampled_from(ZOOMS), st.integers(-200, 200))
@example(date(9999, 10, 1), 92, "month", 0)  # the test itself overflowed here (the thorough profile)
def test_a_goals_bar_out_of_view_leaves_a_sign_of_which_way_it_lies(start, days, zoom, shift):
    """Seen in the Markdown timeline and the app: a goal due in year 1 or starting in 9999 had an
    empty row, no bar and no clip mark, as if it had no dates. Now the row's end says which way."""
    due = start + timedelta(days=min(days, (date.max - start).days))  # (start + days may pass date.max)
    goal = Goal("gol-aaaa", status="active", start=start, due=due)
    origin = max(period_of(date.min, zoom), period_of(start, zoom) + shift)
    width = 40
    kinds = [kind for _, kind in timeline(goal, [], zoom, origin, width, TODAY)]
    chars = "".join(char for char, _ in timeline(goal, [], zoom, origin, width, TODAY))
    assert {"done", "todo"} & set(kinds) or chars[0] == glyph("before") or chars[-1] == glyph("after")
    if column_of(due, zoom, origin) < 0:
        assert chars[0] == glyph("before")
    if column_of(start, zoom, origin) >= width:
        assert chars[-1] == glyph("after")
