"""
A school calendar, for timelines the law counts in school days (34 CFR 300.11(c)).

A school day is a Monday to Friday inside a term and not closed (the document format, "School
calendar").
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property

import attrs

from ._invariants import InvariantError, calendar_date, not_before

__all__ = ["DateRange", "SchoolCalendar"]

_SATURDAY = 5
MAX_SPAN_DAYS = 36_525
"""The longest a calendar may be, from its first term's start to its last term's end (100
years): school-day arithmetic lists the days, so an absurd span would cost without end."""


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
        # Counted, not compared after adding a day: the day after `date.max` does not exist.
        start = self.start
        for offset in range((self.end - start).days + 1):
            yield start + dt.timedelta(days=offset)


def _span(low: dt.date, high: dt.date) -> Iterator[dt.date]:
    """Each day from *low* through *high*."""
    for offset in range((high - low).days + 1):
        yield low + dt.timedelta(days=offset)


def _merged(
    ranges: list[tuple[dt.date, dt.date]], first: dt.date, last: dt.date
) -> list[tuple[dt.date, dt.date]]:
    """*ranges* cut to *first* .. *last*, sorted, with overlapping ones merged."""
    cut = sorted((max(low, first), min(high, last)) for low, high in ranges)
    merged: list[tuple[dt.date, dt.date]] = []
    for low, high in cut:
        if low > high:
            continue
        if merged and low <= merged[-1][1]:
            if high > merged[-1][1]:
                merged[-1] = (merged[-1][0], high)
            continue
        merged.append((low, high))
    return merged


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
        first, last = self.first_day, self.last_day
        if first is not None and last is not None and (last - first).days >= MAX_SPAN_DAYS:
            raise InvariantError(
                "terms", f"must span at most {MAX_SPAN_DAYS} days (100 years) in all"
            )
        # Only closed days inside the calendar's span matter: ranges are cut to it, and
        # merged, so the set never holds more days than the span, however they overlap.
        days: set[dt.date] = set()
        if first is not None and last is not None:
            ranges = [
                (entry.start, entry.end) if isinstance(entry, DateRange) else (entry, entry)
                for entry in self.closed
            ]
            for low, high in _merged(ranges, first, last):
                days.update(_span(low, high))
        object.__setattr__(self, "_closed_days", frozenset(days))

    def in_term(self, day: dt.date) -> bool:
        """Whether *day* falls inside one of the terms."""
        return any(day in term for term in self.terms)

    def is_closed(self, day: dt.date) -> bool:
        """Whether *day* is listed as closed."""
        if self.covers(day):
            return day in self._closed_days
        return any(
            day in entry if isinstance(entry, DateRange) else day == entry for entry in self.closed
        )

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

    def covers(self, day: dt.date) -> bool:
        """Whether *day* lies between the calendar's first and last day (both included)."""
        first, last = self.first_day, self.last_day
        return first is not None and last is not None and first <= day <= last

    @cached_property
    def school_days(self) -> tuple[dt.date, ...]:
        """
        Every school day of the calendar, in order (computed once, on first use).

        >>> cal = SchoolCalendar(
        ...     name="demo", terms=(DateRange(start=dt.date(2025, 1, 3), end=dt.date(2025, 1, 7)),)
        ... )
        >>> [day.isoformat() for day in cal.school_days]
        ['2025-01-03', '2025-01-06', '2025-01-07']
        """
        closed = self._closed_days
        first, last = self.first_day, self.last_day
        if first is None or last is None:
            return ()
        # Overlapping terms are merged first: each day is looked at once.
        terms = _merged([(term.start, term.end) for term in self.terms], first, last)
        return tuple(
            day
            for low, high in terms
            for day in _span(low, high)
            if day.weekday() < _SATURDAY and day not in closed
        )

    def add_school_days(self, start: dt.date, n: int) -> dt.date:
        """
        The *n*-th school day strictly after *start* (*start* itself when *n* is 0).

        "Within N school days of X" is due on ``add_school_days(X, N)``: X is day 0,
        whether or not it is a school day.

        Raises:
            ValueError: *n* is negative, or the calendar has fewer than *n* school days
                after *start*.

        >>> cal = SchoolCalendar(
        ...     name="demo",
        ...     terms=(DateRange(start=dt.date(2024, 8, 26), end=dt.date(2025, 6, 6)),),
        ...     closed=(dt.date(2024, 9, 2),),
        ... )
        >>> cal.add_school_days(dt.date(2024, 8, 30), 1)  # Monday Sep 2 is closed
        datetime.date(2024, 9, 3)
        """
        if n < 0:
            msg = "the number of school days must not be negative"
            raise ValueError(msg)
        if n == 0:
            return start
        days = self.school_days
        index = bisect_right(days, start) + n - 1
        if index >= len(days):
            available = len(days) - bisect_right(days, start)
            msg = (
                f"the calendar has {available} school days after {start.isoformat()}, "
                f"fewer than {n}"
            )
            raise ValueError(msg)
        return days[index]

    def school_days_between(self, start: dt.date, end: dt.date) -> int:
        """
        The number of school days d with ``start < d <= end``.

        It is negative when *end* is before *start*, so that
        ``school_days_between(a, b) == -school_days_between(b, a)``.

        >>> cal = SchoolCalendar(
        ...     name="demo",
        ...     terms=(DateRange(start=dt.date(2024, 8, 26), end=dt.date(2025, 6, 6)),),
        ...     closed=(dt.date(2024, 9, 2),),
        ... )
        >>> cal.school_days_between(dt.date(2024, 8, 30), dt.date(2024, 9, 6))
        4
        """
        days = self.school_days
        return bisect_right(days, end) - bisect_right(days, start)
