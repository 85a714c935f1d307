"""
Birthdays and ages, with the leap-day convention stated.

A person born on February 29 has a birthday only in leap years. In other years the law
of most US states is silent, so the convention is a setting (rules.md, "Counting
conventions"): ``"feb28"`` (the default, and the earlier, more protective date) or
``"mar1"``. Years are added with `dateutil.relativedelta`, which clamps Feb 29 to Feb 28.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from dateutil.relativedelta import relativedelta

__all__ = ["LeapBirthday", "age_on", "birthday"]

LeapBirthday = Literal["feb28", "mar1"]
"""Where a Feb 29 birthday falls in a common year."""


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
    day = date_of_birth + relativedelta(years=years, months=months)
    if (
        leap == "mar1"
        and date_of_birth.month == 2
        and date_of_birth.day == 29
        and day.month == 2
        and day.day == 28
    ):
        # relativedelta clamped Feb 29 to Feb 28 in a common year; the person's
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
