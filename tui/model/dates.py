"""Dates as people type them: `2027-06-30`, `today`, `+10d`, `+6w`, `+6m`, `+1y`.

Relative input counts from a base date (today unless the caller says
otherwise). Month and year arithmetic keeps the day of the month where it can
and clamps it where the month is shorter: 31 January + 1 month is 28 (or 29)
February, 29 February + 1 year is 28 February.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")
_RELATIVE = re.compile(r"([+-]?)\s*(\d{1,5})\s*([dwmy])\Z")
UNITS = {"d": "day", "w": "week", "m": "month", "y": "year"}

DATE_HELP = "YYYY-MM-DD, today, or +10d, +6w, +6m, +1y"


def today() -> date:
    """Today's date; the one place the app asks, so that tests can fix it."""
    return date.today()


class DateError(ValueError):
    """Text that is not a date; the message says what would be."""


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the day of the month is clamped to the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise DateError(f"{months:+d} months from {day} is outside the calendar")
    import calendar  # here: the command line reads this module for its help, and rarely adds months

    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def shift(day: date, amount: int, unit: str) -> date:
    """`day` moved by `amount` days, weeks, months or years (`unit` d, w, m or y)."""
    if unit in ("d", "w"):
        try:
            return day + timedelta(days=amount * (7 if unit == "w" else 1))
        except OverflowError:
            raise DateError(f"{amount:+d}{unit} from {day} is outside the calendar") from None
    if unit == "m":
        return add_months(day, amount)
    if unit == "y":
        return add_years(day, amount)
    raise ValueError(f"unknown unit {unit!r}")


def parse_date(text: str, today: date, base: date | None = None) -> date | None:
    """The date `text` means, or None for empty text.

    `today` answers `today`; relative input (`+6w`) counts from `base`, which
    defaults to `today`. Raises DateError with a helpful message otherwise.
    """
    cleaned = text.strip().lower()
    if not cleaned:
        return None
    if cleaned in ("today", "now"):
        return today
    if cleaned == "tomorrow":
        return today + timedelta(days=1)
    relative = _RELATIVE.match(cleaned)
    if relative:
        sign, amount, unit = relative.groups()
        return shift(base or today, -int(amount) if sign == "-" else int(amount), unit)
    iso = _ISO.match(cleaned)
    if iso:
        try:
            return date(*(int(part) for part in iso.groups()))
        except ValueError as exc:
            raise DateError(f"'{text.strip()}' is not a real date ({exc})") from None
    raise DateError(f"'{text.strip()}' is not a date: use {DATE_HELP}")


def format_date(day: date | None) -> str:
    return day.isoformat() if day is not None else ""


def describe(day: date, today: date) -> str:
    """A date relative to today, in words: `today`, `in 3 days`, `5 weeks ago`."""
    days = (day - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    size = abs(days)
    if size < 14:
        amount, unit = size, "day"
    elif size < 70:
        amount, unit = round(size / 7), "week"
    elif size < 350:
        amount, unit = round(size / 30.44), "month"
    else:
        years = size / 365.25
        amount, unit = (round(years) if years >= 3 or abs(years - round(years)) < 0.1 else round(years, 1)), "year"
    words = f"{amount} {unit}{'' if amount == 1 else 's'}"
    return f"in {words}" if days > 0 else f"{words} ago"
