"""Dates as people type them: ISO dates, today, and +10d / +6w / +6m / +1y."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.model.dates import DateError, add_months, add_years, describe, format_date, parse_date

TODAY = date(2027, 1, 31)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 12, 31))


@pytest.mark.parametrize(("text", "expected"), [
    ("2027-06-30", date(2027, 6, 30)),
    ("  2027-06-30 ", date(2027, 6, 30)),
    ("today", TODAY),
    ("TODAY", TODAY),
    ("tomorrow", date(2027, 2, 1)),
    ("+10d", date(2027, 2, 10)),
    ("+6w", date(2027, 3, 14)),
    ("6w", date(2027, 3, 14)),
    ("+ 6 w", date(2027, 3, 14)),
    ("+1m", date(2027, 2, 28)),  # 31 January + 1 month clamps to the end of February
    ("+6m", date(2027, 7, 31)),
    ("+1y", date(2028, 1, 31)),
    ("-2d", date(2027, 1, 29)),
    ("-1m", date(2026, 12, 31)),
    ("", None),
    ("   ", None),
])
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text, TODAY) == expected


def test_relative_input_counts_from_the_base_when_given() -> None:
    start = date(2027, 3, 1)
    assert parse_date("+6m", TODAY, base=start) == date(2027, 9, 1)
    assert parse_date("today", TODAY, base=start) == TODAY  # today is always today


@pytest.mark.parametrize("text", ["2027-02-30", "2027-13-01", "30/06/2027", "next week", "+6x", "2027-6-30",
                                  "20270630", "+", "2027-06-30T10:00"])
def test_what_is_not_a_date_says_what_would_be(text: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(text, TODAY)
    message = str(caught.value)
    assert text.strip() in message
    assert "YYYY-MM-DD" in message or "not a real date" in message


def test_outside_the_calendar_is_an_error_not_a_crash() -> None:
    with pytest.raises(DateError):
        parse_date("+99999y", TODAY)
    with pytest.raises(DateError):
        parse_date("+99999w", date(9999, 1, 1))


@pytest.mark.parametrize(("start", "months", "expected"), [
    (date(2027, 1, 31), 1, date(2027, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2027, 3, 31), -1, date(2027, 2, 28)),
    (date(2027, 8, 31), 1, date(2027, 9, 30)),
    (date(2027, 11, 15), 2, date(2028, 1, 15)),
    (date(2027, 1, 15), -13, date(2025, 12, 15)),
])
def test_month_arithmetic_clamps_the_day(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_a_leap_day_plus_a_year_is_the_last_day_of_february() -> None:
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)


@given(days, st.integers(min_value=-600, max_value=600))
def test_add_months_moves_the_month_and_keeps_or_clamps_the_day(start: date, months: int) -> None:
    moved = add_months(start, months)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    last = calendar.monthrange(moved.year, moved.month)[1]
    assert moved.day == min(start.day, last)


@given(days, st.integers(min_value=0, max_value=3000))
def test_plus_days_and_weeks_are_exact(start: date, amount: int) -> None:
    assert parse_date(f"+{amount}d", start) == start + timedelta(days=amount)
    assert parse_date(f"+{amount}w", start) == start + timedelta(weeks=amount)


@given(days)
def test_an_iso_date_reads_back_as_itself(day: date) -> None:
    assert parse_date(format_date(day), TODAY) == day


def test_describe_in_words() -> None:
    assert describe(TODAY, TODAY) == "today"
    assert describe(TODAY + timedelta(days=1), TODAY) == "tomorrow"
    assert describe(TODAY - timedelta(days=1), TODAY) == "yesterday"
    assert describe(TODAY + timedelta(days=5), TODAY) == "in 5 days"
    assert describe(TODAY - timedelta(days=21), TODAY) == "3 weeks ago"
    assert describe(TODAY + timedelta(days=183), TODAY) == "in 6 months"
    assert describe(TODAY + timedelta(days=365), TODAY) == "in 1 year"
    assert describe(TODAY + timedelta(days=548), TODAY) == "in 1.5 years"
    assert describe(TODAY + timedelta(days=3650), TODAY) == "in 10 years"
    assert format_date(None) == ""
