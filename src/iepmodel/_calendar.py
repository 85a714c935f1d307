"""
A school calendar, for timelines the law counts in school days (34 CFR 300.11(c)).

A school day is a Monday to Friday inside a term and not closed (format.md, "School
calendar").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from ._invariants import calendar_date, not_before

__all__ = ["DateRange", "SchoolCalendar"]

_SATURDAY = 5


@attrs.frozen(kw_only=True)
class DateRange:
    """
    The days from *start* through *end*, both included.

    >>> len(list(DateRange(start=dt.date(2024, 12, 23), end=dt.date(2025, 1, 3)).days()))
    12
    """

    start: dt.date = attrs.field(validator=calendar_date)
    end: dt.date = attrs.field(validator=calendar_date)

    def __attrs_post_init__(self) -> None:
        not_before(self.start, self.end, "end", "start")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def days(self) -> Iterator[dt.date]:
        """Each day of the range, in order."""
        day = self.start
        while day <= self.end:
            yield day
            day += dt.timedelta(days=1)


@attrs.frozen(kw_only=True)
class SchoolCalendar:
    """
    A district's school year: its terms and the days without instruction inside them.

    Attributes:
        name: the calendar's name.
        terms: the school year's terms, in order.
        closed: days (or ranges of days) inside the terms without instruction.

    >>> cal = SchoolCalendar(
    ...     name="demo",
    ...     terms=(DateRange(start=dt.date(2024, 8, 26), end=dt.date(2025, 6, 6)),),
    ...     closed=(dt.date(2024, 9, 2),),
    ... )
    >>> cal.is_school_day(dt.date(2024, 9, 2)), cal.is_school_day(dt.date(2024, 9, 3))
    (False, True)
    """

    name: str
    terms: tuple[DateRange, ...] = ()
    closed: tuple[dt.date | DateRange, ...] = ()
    _closed_days: frozenset[dt.date] = attrs.field(
        init=False, repr=False, eq=False, hash=False, alias="_closed_days"
    )

    def __attrs_post_init__(self) -> None:
        days: set[dt.date] = set()
        for entry in self.closed:
            if isinstance(entry, DateRange):
                days.update(entry.days())
            else:
                days.add(entry)
        object.__setattr__(self, "_closed_days", frozenset(days))

    def in_term(self, day: dt.date) -> bool:
        """Whether *day* falls inside one of the terms."""
        return any(day in term for term in self.terms)

    def is_closed(self, day: dt.date) -> bool:
        """Whether *day* is listed as closed."""
        return day in self._closed_days

    def is_school_day(self, day: dt.date) -> bool:
        """Whether *day* is a Monday to Friday inside a term and not closed."""
        return day.weekday() < _SATURDAY and self.in_term(day) and day not in self._closed_days

    @property
    def first_day(self) -> dt.date | None:
        """The first day of the first term, if there is one."""
        return min((term.start for term in self.terms), default=None)

    @property
    def last_day(self) -> dt.date | None:
        """The last day of the last term, if there is one."""
        return max((term.end for term in self.terms), default=None)
