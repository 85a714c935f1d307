"""
Birthdays and ages, with the leap-day convention stated.

A person born on February 29 has a birthday only in leap years. In other years the law
of most US states is silent, so the convention is a setting (a counting
convention): ``"feb28"`` (the default, and the earlier, more protective date) or
``"mar1"``. Years are added as `dateutil.relativedelta` adds them, which clamps Feb 29 to
Feb 28 (`add_years_months` does the same, without building a `relativedelta`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from dateutil.relativedelta import relativedelta

__all__ = ["LeapBirthday", "add_years_months", "age_on", "birthday"]

LeapBirthday = Literal["feb28", "mar1"]
"""Where a Feb 29 birthday falls in a common year."""


# Days in each month of a common year; February has 29 in a leap year.
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_FEBRUARY = 2
_SHORTEST_MONTH = 28


def add_years_months(day: dt.date, years: int, months: int = 0) -> dt.date:
    """
    *day* moved by *years* and *months*: ``day + relativedelta(years=years, months=months)``.

    The same result, computed directly (the rules compute a few of these for every plan):
    the month is moved first (carrying into the year), then the day of the month is
    clamped to the last day of the target month, so Feb 29 + 1 year = Feb 28 and Aug 31 +
    6 months = Feb 28 (or 29). A subclass of `datetime.date` keeps its type (through
    `replace`); arguments that are not plain `int` are left to `relativedelta` itself.

    Raises:
        ValueError: the year leaves the range `datetime.date` can hold (1 to 9999).

    >>> from iepmodel._age import add_years_months
    >>> add_years_months(dt.date(2024, 2, 29), 1)
    datetime.date(2025, 2, 28)
    >>> add_years_months(dt.date(2010, 8, 31), 14, 6)
    datetime.date(2025, 2, 28)
    """
    if type(years) is not int or type(months) is not int:
        return day + relativedelta(years=years, months=months)
    year = day.year + years
    month = day.month
    if months:
        carry, month = divmod(month - 1 + months, 12)
        year += carry
        month += 1
    day_of_month = day.day
    if day_of_month > _SHORTEST_MONTH:
        last = _MONTH_DAYS[month]
        if month == _FEBRUARY and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
            last = 29
        day_of_month = min(day_of_month, last)
    if type(day) is dt.date:
        return dt.date(year, month, day_of_month)  # cheaper than `replace`
    return day.replace(year, month, day_of_month)


def birthday(
    date_of_birth: dt.date, years: int, months: int = 0, *, leap: LeapBirthday = "feb28"
) -> dt.date:
    """
    The day a person born on *date_of_birth* reaches the age of *years* (and *months*).

    >>> birthday(dt.date(2008, 2, 29), 18)
    datetime.date(2026, 2, 28)
    >>> birthday(dt.date(2008, 2, 29), 18, leap="mar1")
    datetime.date(2026, 3, 1)
    >>> birthday(dt.date(2010, 8, 31), 14, 6)  # 14 and a half (Illinois)
    datetime.date(2025, 2, 28)
    """
    day = add_years_months(date_of_birth, years, months)
    if (
        leap == "mar1"
        and date_of_birth.month == 2
        and date_of_birth.day == 29
        and day.month == 2
        and day.day == 28
    ):
        # Adding the years clamped Feb 29 to Feb 28 in a common year; the person's
        # birthday is taken to be the day after.
        return day + dt.timedelta(days=1)
    return day


def age_on(date_of_birth: dt.date, on: dt.date, *, leap: LeapBirthday = "feb28") -> int:
    """
    Full years completed on *on* by a person born on *date_of_birth*.

    >>> age_on(dt.date(2015, 1, 22), dt.date(2025, 1, 21))
    9
    >>> age_on(dt.date(2012, 2, 29), dt.date(2025, 2, 28))
    13
    >>> age_on(dt.date(2012, 2, 29), dt.date(2025, 2, 28), leap="mar1")
    12
    """
    if on < date_of_birth:
        msg = "the date is before the date of birth"
        raise ValueError(msg)
    years = on.year - date_of_birth.year
    if birthday(date_of_birth, years, leap=leap) > on:
        years -= 1
    return years
