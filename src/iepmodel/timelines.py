"""
Due-date arithmetic: when the law says a review, an evaluation or a meeting is due.

Every function is pure and returns a `DueDate`: the date, the basis it was computed on
in plain words (never a date of birth), and whether it is an estimate.

Counting conventions:

- "within N days of X" is due on X + N days: X is day 0, and the action is on time on
  the due date itself. In school days, it is due on the N-th school day strictly after X.
- Without a `SchoolCalendar`, school days are counted as weekdays (Monday to Friday)
  and the result is an *estimate*; so is any count that runs outside the calendar.
- Years are added as `dateutil.relativedelta` adds them, so Feb 29 + 1 year = Feb 28
  (`iepmodel._age.add_years_months`, the same arithmetic without its overhead).
- A school year ends at a term after which July 1 comes before the next term starts;
  the gap between the two terms is the summer. The calendar's last term ends a school
  year when July 1 comes within 92 days after it (a convention: no law defines this).

>>> import datetime as dt
>>> from iepmodel.timelines import annual_review_due
>>> annual_review_due(dt.date(2024, 2, 29))
DueDate(date=datetime.date(2025, 2, 27), basis='annual review: last review meeting 2024-02-29 + 1 year - 1 day (US)', estimate=False)
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import pairwise

import attrs

from iepmodel._age import LeapBirthday, add_years_months, birthday
from iepmodel._calendar import SchoolCalendar
from iepmodel._enums import DisabilityCategory
from iepmodel.jurisdictions import AnnualConvention, DayCounting, Profile, jurisdiction

__all__ = [
    "DueDate",
    "add_days",
    "add_days_excluding_long_breaks",
    "add_days_excluding_summer",
    "add_school_days",
    "age_of_majority_date",
    "annual_review_due",
    "initial_evaluation_due",
    "initial_iep_meeting_due",
    "reevaluation_due",
    "reevaluation_earliest",
    "rights_transfer_notice_date",
    "school_days_between",
    "third_birthday",
    "transition_required_date",
]

_ONE_DAY = dt.timedelta(days=1)
_SATURDAY = 5
_JULY_1 = (7, 1)
_FINAL_TERM_SUMMER_WINDOW = 92  # [C] days after the calendar's last term to find July 1

# Enum members read for every due date, bound once: on Python 3.11 a lookup such as
# `DayCounting.SCHOOL_DAYS` goes through `EnumType.__getattr__`, about ten times the cost
# of reading a module constant.
_DAYS_365 = AnnualConvention.DAYS_365
_ANNIVERSARY = AnnualConvention.ANNIVERSARY
_SCHOOL_DAYS = DayCounting.SCHOOL_DAYS
_EXCLUDING_LONG_BREAKS = DayCounting.CALENDAR_EXCLUDING_LONG_BREAKS
_EXCLUDING_SUMMER = DayCounting.CALENDAR_EXCLUDING_SUMMER


@attrs.frozen(kw_only=True)
class DueDate:
    """
    A computed due date and how it was computed.

    Attributes:
        date: the last day on which the action is on time.
        basis: how the date was computed, in plain words (no personal data).
        estimate: whether school days were counted as weekdays for want of a calendar,
            or the count ran outside the calendar it was given.

    >>> from iepmodel.timelines import initial_iep_meeting_due
    >>> import datetime as dt
    >>> due = initial_iep_meeting_due(dt.date(2025, 3, 11))
    >>> due.date, due.estimate
    (datetime.date(2025, 4, 10), False)
    >>> due.basis
    'initial IEP meeting: eligibility 2025-03-11 + 30 calendar days (US)'
    """

    date: dt.date
    basis: str
    estimate: bool = False


# --- weekdays (the estimate without a calendar) -------------------------------------


def _weekdays_through(day: dt.date) -> int:
    """Weekdays from 0001-01-01 (a Monday) through *day*."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _weekdays_between(start: dt.date, end: dt.date) -> int:
    """Weekdays d with start < d <= end (negative when end is before start)."""
    return _weekdays_through(end) - _weekdays_through(start)


def _add_weekdays(start: dt.date, n: int) -> dt.date:
    """The n-th weekday strictly after start (start when n is 0)."""
    if n == 0:
        return start
    day = start
    while day.weekday() >= _SATURDAY:  # the weekdays after a weekend day follow its Friday
        day -= _ONE_DAY
    weeks, rest = divmod(n, 5)
    day += dt.timedelta(weeks=weeks)
    while rest:
        day += _ONE_DAY
        if day.weekday() < _SATURDAY:
            rest -= 1
    return day


# --- school days ----------------------------------------------------------------------


def _school_days_after(
    start: dt.date, n: int, calendar: SchoolCalendar | None
) -> tuple[dt.date, bool]:
    """The n-th school day after start, and whether it is an estimate."""
    if n < 0:
        msg = "the number of days must not be negative"
        raise ValueError(msg)
    first, last = (calendar.first_day, calendar.last_day) if calendar else (None, None)
    if calendar is None or first is None or last is None:
        return _add_weekdays(start, n), n > 0
    estimate = False
    if start < first and n > 0:
        # Before the calendar: weekdays, up to the day before its first day.
        before = _weekdays_between(start, first - _ONE_DAY)
        if n <= before:
            return _add_weekdays(start, n), True
        n -= before
        start = first - _ONE_DAY
        estimate = True
    available = calendar.school_days_between(start, last) if start < last else 0
    if n <= available:
        return calendar.add_school_days(start, n), estimate
    # After the calendar: weekdays from its last day.
    return _add_weekdays(max(start, last), n - available), True


def add_school_days(start: dt.date, n: int, calendar: SchoolCalendar | None = None) -> DueDate:
    """
    The *n*-th school day strictly after *start*.

    With a calendar, its school days count; without one (or beyond it), weekdays count
    and the result is an estimate.

    Raises:
        ValueError: *n* is negative.

    >>> from iepmodel.timelines import add_school_days
    >>> import datetime as dt
    >>> add_school_days(dt.date(2025, 1, 10), 5)  # a Friday; no calendar
    DueDate(date=datetime.date(2025, 1, 17), basis='2025-01-10 + 5 school days (weekdays: no calendar)', estimate=True)
    """  # noqa: E501
    day, estimate = _school_days_after(start, n, calendar)
    return DueDate(
        date=day,
        basis=f"{start.isoformat()} + {n} school days{_school_day_note(calendar, estimate)}",
        estimate=estimate,
    )


def school_days_between(
    start: dt.date, end: dt.date, calendar: SchoolCalendar | None = None
) -> int:
    """
    The number of school days d with ``start < d <= end`` (negative if *end* < *start*).

    Without a calendar, weekdays are counted (an estimate).

    >>> from iepmodel.timelines import school_days_between
    >>> import datetime as dt
    >>> school_days_between(dt.date(2025, 1, 10), dt.date(2025, 1, 17))
    5
    """
    if calendar is None:
        return _weekdays_between(start, end)
    return calendar.school_days_between(start, end)


def _school_day_note(calendar: SchoolCalendar | None, estimate: bool) -> str:
    if calendar is None:
        return " (weekdays: no calendar)"
    if estimate:
        return " (weekdays outside the calendar)"
    return ""


# --- calendar days with exclusions ----------------------------------------------------


def _add_excluding(start: dt.date, n: int, excluded: Sequence[tuple[dt.date, dt.date]]) -> dt.date:
    """Count *n* days after *start*, skipping the sorted, disjoint ranges *excluded*."""
    day = start
    remaining = n
    index = bisect_left(excluded, (day, day))
    if index > 0 and excluded[index - 1][1] >= day:
        index -= 1  # start lies inside the range before
    for low, high in excluded[index:]:
        counted = (low - day).days - 1 if low > day else 0
        if remaining <= counted:
            break
        remaining -= counted
        day = max(day, high)
    return day + dt.timedelta(days=remaining)


@lru_cache(maxsize=64)
def _summer_gaps(calendar: SchoolCalendar) -> tuple[tuple[dt.date, dt.date], ...]:
    """The summers: from the day after a spring term to the day before the fall term."""
    terms = sorted(calendar.terms, key=lambda term: term.start)
    gaps: list[tuple[dt.date, dt.date]] = []
    for before, after in pairwise(terms):
        low, high = before.end + _ONE_DAY, after.start - _ONE_DAY
        if low <= high and _has_july_1(low, high):
            gaps.append((low, high))
    return tuple(gaps)


def _has_july_1(low: dt.date, high: dt.date) -> bool:
    july_1 = dt.date(low.year, *_JULY_1)
    if july_1 < low:
        july_1 = dt.date(low.year + 1, *_JULY_1)
    return july_1 <= high


@lru_cache(maxsize=64)
def _school_year_ends(calendar: SchoolCalendar) -> tuple[dt.date, ...]:
    """The last day of each school year's final term (see the module's docstring)."""
    ends = [low - _ONE_DAY for low, _ in _summer_gaps(calendar)]
    last = calendar.last_day
    if last is not None and _has_july_1(
        last + _ONE_DAY, last + dt.timedelta(days=_FINAL_TERM_SUMMER_WINDOW)
    ):
        ends.append(last)
    return tuple(sorted(ends))


@lru_cache(maxsize=64)
def _long_breaks(calendar: SchoolCalendar, threshold: int) -> tuple[tuple[dt.date, dt.date], ...]:
    """
    The breaks not counted in California.

    A break between terms, or of more than *threshold* school days (weekdays without
    school), each from the day after the last school day before it to the day before the
    first school day after it.
    """
    days = calendar.school_days
    breaks: list[tuple[dt.date, dt.date]] = []
    for before, after in pairwise(days):
        if (after - before).days <= 1:
            continue
        low, high = before + _ONE_DAY, after - _ONE_DAY
        same_term = any(before in term and after in term for term in calendar.terms)
        if not same_term or _weekdays_between(before, high) > threshold:
            breaks.append((low, high))
    return tuple(breaks)


def _calendar_bounds(calendar: SchoolCalendar) -> tuple[dt.date, dt.date] | None:
    days = calendar.school_days
    return (days[0], days[-1]) if days else None


def add_days_excluding_long_breaks(
    start: dt.date, n: int, calendar: SchoolCalendar | None, *, threshold: int = 5
) -> DueDate:
    """
    *start* + *n* calendar days, not counting long breaks (California).

    A break between terms, or of more than *threshold* school days (a vacation of 5
    school days or fewer counts in full), is skipped whole: from the day after the last
    school day before it to the day before the first school day after it (Cal. Educ.
    Code 56344(a); the bounds are a convention). Without a
    calendar, or beyond it, days are counted plainly and the result is an estimate.

    >>> from iepmodel.timelines import add_days_excluding_long_breaks
    >>> import datetime as dt, iepmodel
    >>> cal = iepmodel.SchoolCalendar(
    ...     name="demo",
    ...     terms=(iepmodel.DateRange(start=dt.date(2024, 8, 26), end=dt.date(2025, 6, 6)),),
    ...     closed=(iepmodel.DateRange(start=dt.date(2024, 12, 23), end=dt.date(2025, 1, 3)),),
    ... )
    >>> add_days_excluding_long_breaks(dt.date(2024, 12, 4), 60, cal).date
    datetime.date(2025, 2, 18)
    """
    day, estimate = _long_breaks_timing(start, n, calendar, threshold)
    if calendar is None or _calendar_bounds(calendar) is None:
        return DueDate(
            date=day,
            basis=f"{start.isoformat()} + {n} days (no calendar: breaks not known)",
            estimate=True,
        )
    breaks = _long_breaks(calendar, threshold)
    skipped = [
        f"{low.isoformat()} to {high.isoformat()}"
        for low, high in breaks
        if start < high and low <= day
    ]
    basis = f"{start.isoformat()} + {n} days"
    if skipped:
        basis += f", not counting {'; '.join(skipped)}"
    if estimate:
        basis += " (partly outside the calendar)"
    return DueDate(date=day, basis=basis, estimate=estimate)


def _long_breaks_timing(
    start: dt.date, n: int, calendar: SchoolCalendar | None, threshold: int
) -> tuple[dt.date, bool]:
    """The date and the estimate of `add_days_excluding_long_breaks`, without its basis."""
    if n < 0:
        msg = "the number of days must not be negative"
        raise ValueError(msg)
    plain = start + dt.timedelta(days=n)
    bounds = _calendar_bounds(calendar) if calendar is not None else None
    if calendar is None or bounds is None:
        return plain, True
    day = _add_excluding(start, n, _long_breaks(calendar, threshold))
    return day, start < bounds[0] or day > bounds[1]


def add_days_excluding_summer(start: dt.date, n: int, calendar: SchoolCalendar | None) -> DueDate:
    """
    *start* + *n* calendar days, not counting the summer (Pennsylvania).

    The days from the day after the last day of the spring term through the day before
    the first day of the fall term are not counted (22 Pa. Code 14.123(b)). Without a
    calendar, or beyond it, days are counted plainly and the result is an estimate.

    >>> from iepmodel.timelines import add_days_excluding_summer
    >>> import datetime as dt, iepmodel
    >>> cal = iepmodel.SchoolCalendar(name="demo", terms=(
    ...     iepmodel.DateRange(start=dt.date(2024, 8, 26), end=dt.date(2025, 6, 6)),
    ...     iepmodel.DateRange(start=dt.date(2025, 8, 26), end=dt.date(2026, 6, 5)),
    ... ))
    >>> add_days_excluding_summer(dt.date(2025, 5, 15), 60, cal).date
    datetime.date(2025, 10, 2)
    """
    day, estimate = _summer_timing(start, n, calendar)
    if calendar is None or calendar.first_day is None or calendar.last_day is None:
        return DueDate(
            date=day,
            basis=f"{start.isoformat()} + {n} days (no calendar: summer not known)",
            estimate=True,
        )
    summers = _summer_gaps(calendar)
    skipped = [
        f"{low.isoformat()} to {high.isoformat()}"
        for low, high in summers
        if start < high and low <= day
    ]
    basis = f"{start.isoformat()} + {n} days"
    if skipped:
        basis += f", not counting the summer {'; '.join(skipped)}"
    if estimate:
        basis += " (partly outside the calendar)"
    return DueDate(date=day, basis=basis, estimate=estimate)


def _summer_timing(
    start: dt.date, n: int, calendar: SchoolCalendar | None
) -> tuple[dt.date, bool]:
    """The date and the estimate of `add_days_excluding_summer`, without its basis."""
    if n < 0:
        msg = "the number of days must not be negative"
        raise ValueError(msg)
    plain = start + dt.timedelta(days=n)
    first, last = (calendar.first_day, calendar.last_day) if calendar else (None, None)
    if calendar is None or first is None or last is None:
        return plain, True
    day = _add_excluding(start, n, _summer_gaps(calendar))
    return day, start < first or day > last


def add_days(
    start: dt.date,
    n: int,
    counting: DayCounting | str,
    calendar: SchoolCalendar | None = None,
    *,
    long_break_days: int = 5,
) -> DueDate:
    """
    *start* + *n* days, counted as *counting* says ("within N days of X").

    Args:
        start: the triggering day (day 0).
        n: the number of days.
        counting: a `DayCounting` (or its value).
        calendar: the school calendar, for every counting but ``calendar``.
        long_break_days: with ``calendar_excluding_long_breaks``, breaks of more than
            this many school days are not counted.

    >>> from iepmodel.timelines import add_days
    >>> import datetime as dt
    >>> add_days(dt.date(2025, 1, 10), 60, "calendar").date
    datetime.date(2025, 3, 11)
    """
    if not isinstance(counting, DayCounting):
        counting = DayCounting(counting)
    if counting is _SCHOOL_DAYS:
        return add_school_days(start, n, calendar)
    if counting is _EXCLUDING_LONG_BREAKS:
        return add_days_excluding_long_breaks(start, n, calendar, threshold=long_break_days)
    if counting is _EXCLUDING_SUMMER:
        return add_days_excluding_summer(start, n, calendar)
    day, _ = _counted_days(start, n, counting, calendar, long_break_days)
    return DueDate(date=day, basis=f"{start.isoformat()} + {n} days")


def _counted_days(
    start: dt.date,
    n: int,
    counting: DayCounting,
    calendar: SchoolCalendar | None,
    long_break_days: int,
) -> tuple[dt.date, bool]:
    """The date and the estimate of `add_days`, without its basis."""
    if counting is _SCHOOL_DAYS:
        return _school_days_after(start, n, calendar)
    if counting is _EXCLUDING_LONG_BREAKS:
        return _long_breaks_timing(start, n, calendar, long_break_days)
    if counting is _EXCLUDING_SUMMER:
        return _summer_timing(start, n, calendar)
    if n < 0:
        msg = "the number of days must not be negative"
        raise ValueError(msg)
    return start + dt.timedelta(days=n), False


# --- the due dates ----------------------------------------------------------------------


_FEBRUARY = 2


def _birthday(date_of_birth: dt.date, years: int, months: int, leap: LeapBirthday) -> dt.date:
    """``birthday(date_of_birth, years, months, leap=leap)``, computed more cheaply."""
    if date_of_birth.month == _FEBRUARY and date_of_birth.day == 29:
        return birthday(date_of_birth, years, months, leap=leap)
    # Only a Feb 29 birthday depends on the leap-day convention; any other is the date
    # moved by the years and months.
    return add_years_months(date_of_birth, years, months)


def _years_after(start: dt.date, years: int, convention: AnnualConvention) -> dt.date:
    """*start* + *years* by *convention* (the count `_years_words` describes)."""
    if convention is _DAYS_365:
        return start + dt.timedelta(days=365 * years)
    anniversary = add_years_months(start, years)
    if convention is _ANNIVERSARY:
        return anniversary
    return anniversary - _ONE_DAY


def _years_words(years: int, convention: AnnualConvention) -> str:
    words = "1 year" if years == 1 else f"{years} years"
    if convention is _DAYS_365:
        return f"{365 * years} days"
    if convention is _ANNIVERSARY:
        return words
    return f"{words} - 1 day"


# The date parts of the due dates below: what `DueDate.date` is, computed without the
# basis (the rules read the date only). Each public function builds its date with its
# part, so the two cannot differ.


def _annual_review_date(last_review: dt.date, *, profile: Profile) -> dt.date:
    return _years_after(last_review, 1, profile.annual_convention)


def _reevaluation_start(last_evaluation: dt.date, waiver: dt.date | None) -> tuple[dt.date, str]:
    if waiver is not None and waiver > last_evaluation:
        return waiver, "reevaluation waiver"
    return last_evaluation, "last evaluation"


def _reevaluation_date(
    last_evaluation: dt.date,
    *,
    waiver: dt.date | None = None,
    category: DisabilityCategory | None = None,
    profile: Profile,
) -> dt.date:
    start, _ = _reevaluation_start(last_evaluation, waiver)
    years = profile.reevaluation_years_for(category)
    return _years_after(start, years, profile.annual_convention)


def _reevaluation_earliest_date(last_evaluation: dt.date, *, profile: Profile) -> dt.date:
    return add_years_months(last_evaluation, profile.reevaluation_min_years)


def _transition_date(date_of_birth: dt.date, *, profile: Profile) -> dt.date:
    return _birthday(
        date_of_birth,
        profile.transition_age_years,
        profile.transition_age_months,
        profile.leap_birthday,
    )


def _rights_transfer_date(date_of_birth: dt.date, *, profile: Profile) -> dt.date:
    return _birthday(date_of_birth, profile.age_of_majority - 1, 0, profile.leap_birthday)


def _third_birthday_date(date_of_birth: dt.date, *, profile: Profile) -> dt.date:
    return _birthday(date_of_birth, 3, 0, profile.leap_birthday)


def annual_review_due(last_review: dt.date, profile: Profile | str = "US") -> DueDate:
    """
    The day the next annual review meeting is due (34 CFR 300.324(b)(1)).

    Counted from the last review meeting (an amendment without a meeting does not reset
    it) by the profile's `annual_convention`: M + 1 year - 1 day (default), M + 1 year,
    or M + 365 days.

    Args:
        last_review: the day of the last review meeting.
        profile: a `Profile` or a jurisdiction code.

    >>> from iepmodel.timelines import annual_review_due
    >>> import datetime as dt
    >>> annual_review_due(dt.date(2023, 3, 1)).date
    datetime.date(2024, 2, 29)
    """
    profile = jurisdiction(profile)
    words = _years_words(1, profile.annual_convention)
    return DueDate(
        date=_annual_review_date(last_review, profile=profile),
        basis=f"annual review: last review meeting {last_review.isoformat()} + {words}"
        f" ({profile.code})",
    )


def reevaluation_due(
    last_evaluation: dt.date,
    *,
    waiver: dt.date | None = None,
    category: DisabilityCategory | None = None,
    profile: Profile | str = "US",
) -> DueDate:
    """
    The day the next reevaluation is due (34 CFR 300.303(b)(2)).

    Counted from the later of the last completed evaluation and the written agreement
    that a reevaluation is unnecessary, with the profile's limit for the child's
    category (Pennsylvania: 2 years for intellectual disability) and its annual
    convention; ``days_365`` counts 365 days a year.

    >>> from iepmodel.timelines import reevaluation_due
    >>> import datetime as dt
    >>> reevaluation_due(dt.date(2022, 4, 15), waiver=dt.date(2025, 3, 1)).date
    datetime.date(2028, 2, 29)
    """
    profile = jurisdiction(profile)
    years = profile.reevaluation_years_for(category)
    start, what = _reevaluation_start(last_evaluation, waiver)
    words = _years_words(years, profile.annual_convention)
    return DueDate(
        date=_reevaluation_date(
            last_evaluation, waiver=waiver, category=category, profile=profile
        ),
        basis=f"reevaluation: {what} {start.isoformat()} + {words} ({profile.code})",
    )


def reevaluation_earliest(last_evaluation: dt.date, profile: Profile | str = "US") -> DueDate:
    """
    The first day a reevaluation may start without the parent's agreement.

    The last completed evaluation + the profile's `reevaluation_min_years`
    (34 CFR 300.303(b)(1)).

    >>> from iepmodel.timelines import reevaluation_earliest
    >>> import datetime as dt
    >>> reevaluation_earliest(dt.date(2024, 9, 1)).date
    datetime.date(2025, 9, 1)
    """
    profile = jurisdiction(profile)
    years = profile.reevaluation_min_years
    words = "1 year" if years == 1 else f"{years} years"
    return DueDate(
        date=_reevaluation_earliest_date(last_evaluation, profile=profile),
        basis=f"earliest reevaluation: last evaluation {last_evaluation.isoformat()} + {words}"
        f" ({profile.code})",
    )


def initial_evaluation_due(
    consent: dt.date,
    *,
    profile: Profile | str = "US",
    calendar: SchoolCalendar | None = None,
    absent_school_days: int = 0,
) -> DueDate:
    """
    The day the initial evaluation is due (34 CFR 300.301(c), or the state's timeframe).

    The profile's days from consent, counted its way: calendar days (federal), school
    days (Texas, Illinois), calendar days without long breaks (California) or without
    the summer (Pennsylvania). Texas adds the absent school days when there are at least
    3 (TEC 29.004(a)(1)). A state's end-of-year rule applies when consent comes late in
    the school year and the calendar shows it: Texas, June 30 (TEC 29.004(a-1));
    California, 30 days after the next school year starts (Cal. Educ. Code 56344(a)).

    Args:
        consent: the day the parent's written consent was received (day 0).
        profile: a `Profile` or a jurisdiction code.
        calendar: the school calendar; without it, school days are weekdays (estimate).
        absent_school_days: school days the child was absent during the count.

    >>> from iepmodel.timelines import initial_evaluation_due
    >>> import datetime as dt
    >>> initial_evaluation_due(dt.date(2025, 1, 10)).date
    datetime.date(2025, 3, 11)
    >>> due = initial_evaluation_due(dt.date(2025, 1, 10), profile="US-IL")
    >>> due.date, due.estimate
    (datetime.date(2025, 4, 4), True)
    """
    profile = jurisdiction(profile)
    count = _initial_evaluation_count(consent, profile, calendar, absent_school_days)
    if isinstance(count, DueDate):
        return count
    extra = count
    days = profile.initial_evaluation_days
    due = add_days(
        consent,
        days + extra,
        profile.initial_evaluation_counting,
        calendar,
        long_break_days=profile.initial_evaluation_long_break_days or 0,
    )
    unit = _unit(profile.initial_evaluation_counting)
    counted = f"{days} {unit}"
    if extra:
        counted += f" + {extra} absent school days"
    detail = _detail(due.basis)
    return DueDate(
        date=due.date,
        basis=f"initial evaluation: consent {consent.isoformat()} + {counted}{detail}"
        f" ({profile.code})",
        estimate=due.estimate,
    )


def _initial_evaluation_count(
    consent: dt.date, profile: Profile, calendar: SchoolCalendar | None, absent_school_days: int
) -> DueDate | int:
    """
    The state's end-of-year due date where it applies, else the absent days to add.

    Texas adds the absent school days when there are at least its threshold; otherwise,
    with a calendar, a state's end-of-year rule (`_end_of_year_due`) may apply.
    """
    if absent_school_days < 0:
        msg = "absent_school_days must not be negative"
        raise ValueError(msg)
    threshold = profile.initial_evaluation_absence_threshold
    if (
        threshold is not None
        and profile.initial_evaluation_counting is _SCHOOL_DAYS
        and absent_school_days >= threshold
    ):
        return absent_school_days
    if calendar is not None:
        special = _end_of_year_due(consent, profile, calendar)
        if special is not None:
            return special
    return 0


def _initial_evaluation_timing(
    consent: dt.date,
    *,
    profile: Profile,
    calendar: SchoolCalendar | None = None,
    absent_school_days: int = 0,
) -> tuple[dt.date, bool]:
    """The date and the estimate of `initial_evaluation_due`, without its basis."""
    count = _initial_evaluation_count(consent, profile, calendar, absent_school_days)
    if isinstance(count, DueDate):
        return count.date, count.estimate
    return _counted_days(
        consent,
        profile.initial_evaluation_days + count,
        profile.initial_evaluation_counting,
        calendar,
        profile.initial_evaluation_long_break_days or 0,
    )


_UNITS = {
    DayCounting.CALENDAR: "calendar days",
    DayCounting.SCHOOL_DAYS: "school days",
    DayCounting.CALENDAR_EXCLUDING_LONG_BREAKS: "days",
    DayCounting.CALENDAR_EXCLUDING_SUMMER: "days",
}


def _unit(counting: DayCounting) -> str:
    return _UNITS[counting]


def _detail(basis: str) -> str:
    """The part of an `add_days` basis after "START + N days" (exclusions, estimates)."""
    head, sep, tail = basis.partition(" days")
    del head
    return tail if sep else ""


def _end_of_year_due(
    consent: dt.date, profile: Profile, calendar: SchoolCalendar
) -> DueDate | None:
    rule = profile.initial_evaluation_end_of_year
    if rule is None:
        return None
    ends = _school_year_ends(calendar)
    index = bisect_left(ends, consent)
    if index == len(ends):
        return None
    term_end = ends[index]
    days = calendar.school_days
    last_position = bisect_right(days, term_end) - 1
    if last_position < 0 or days[last_position] < consent:
        return None  # consent after the year's last school day: the summer rules apply
    last_school_day = days[last_position]
    if rule.window is _SCHOOL_DAYS:
        distance = calendar.school_days_between(consent, last_school_day)
        unit = "school days"
    else:
        distance = (last_school_day - consent).days
        unit = "days"
    if not rule.min_days <= distance <= rule.max_days:
        return None
    head = (
        f"initial evaluation: consent {consent.isoformat()}, {distance} {unit} before the"
        f" last school day {last_school_day.isoformat()}"
    )
    if rule.due_month_day is not None:
        month, day = rule.due_month_day
        due = dt.date(last_school_day.year, month, day)
        basis = f"{head}: due {due.isoformat()}"
        if rule.meeting_school_day_of_next_year is not None:
            nth = rule.meeting_school_day_of_next_year
            meeting, estimate = _school_days_after(last_school_day, nth, calendar)
            when = "not in the calendar" if estimate else meeting.isoformat()
            basis += f"; team meeting by the {_ordinal(nth)} school day of the next year ({when})"
        return DueDate(date=due, basis=f"{basis} ({profile.code})")
    assert rule.days_after_next_year is not None  # checked by EndOfYearRule
    following = bisect_right(days, last_school_day)
    if following == len(days):
        # The calendar does not show the next school year: count the ordinary way, as
        # an estimate, and say why.
        ordinary = add_days(
            consent,
            profile.initial_evaluation_days,
            profile.initial_evaluation_counting,
            calendar,
            long_break_days=profile.initial_evaluation_long_break_days or 0,
        )
        return DueDate(
            date=ordinary.date,
            basis=f"{head}: due {rule.days_after_next_year} days after the next school year"
            f" starts, which the calendar does not show; estimated as consent + "
            f"{profile.initial_evaluation_days} days ({profile.code})",
            estimate=True,
        )
    next_start = days[following]
    due = next_start + dt.timedelta(days=rule.days_after_next_year)
    return DueDate(
        date=due,
        basis=f"{head}: next school year's first day {next_start.isoformat()}"
        f" + {rule.days_after_next_year} days ({profile.code})",
    )


def initial_iep_meeting_due(
    eligibility: dt.date,
    profile: Profile | str = "US",
    *,
    calendar: SchoolCalendar | None = None,
) -> DueDate:
    """
    The day the initial IEP meeting is due (34 CFR 300.323(c)(1)).

    The profile's days after the eligibility determination (Ontario: after the
    placement, in school days, O. Reg. 181/98 s. 6(8)).

    >>> from iepmodel.timelines import initial_iep_meeting_due
    >>> import datetime as dt
    >>> initial_iep_meeting_due(dt.date(2025, 3, 11)).date
    datetime.date(2025, 4, 10)
    """
    profile = jurisdiction(profile)
    counting = profile.initial_iep_meeting_counting
    days = profile.initial_iep_meeting_days
    due = add_days(
        eligibility,
        days,
        counting,
        calendar,
        long_break_days=profile.initial_evaluation_long_break_days or 0,
    )
    return DueDate(
        date=due.date,
        basis=f"initial IEP meeting: eligibility {eligibility.isoformat()} + {days}"
        f" {_unit(counting)}{_detail(due.basis)} ({profile.code})",
        estimate=due.estimate,
    )


def _initial_iep_meeting_timing(
    eligibility: dt.date, *, profile: Profile, calendar: SchoolCalendar | None = None
) -> tuple[dt.date, bool]:
    """The date and the estimate of `initial_iep_meeting_due`, without its basis."""
    return _counted_days(
        eligibility,
        profile.initial_iep_meeting_days,
        profile.initial_iep_meeting_counting,
        calendar,
        profile.initial_evaluation_long_break_days or 0,
    )


def transition_required_date(date_of_birth: dt.date, profile: Profile | str = "US") -> DueDate:
    """
    The day transition content becomes required: the profile's transition age.

    Illinois' 14 1/2 is the birthday + 14 years 6 months; a Feb 29 birthday follows the
    profile's `leap_birthday`. The basis does not quote the date of birth.

    >>> from iepmodel.timelines import transition_required_date
    >>> import datetime as dt
    >>> transition_required_date(dt.date(2012, 2, 29), "US-NY")
    DueDate(date=datetime.date(2027, 2, 28), basis='transition content: the 15th birthday (US-NY)', estimate=False)
    """  # noqa: E501
    profile = jurisdiction(profile)
    years, months = profile.transition_age_years, profile.transition_age_months
    age = f"the {_ordinal(years)} birthday"
    if months:
        age = f"age {years} years {months} months"
    return DueDate(
        date=_transition_date(date_of_birth, profile=profile),
        basis=f"transition content: {age} ({profile.code})",
    )


def age_of_majority_date(date_of_birth: dt.date, profile: Profile | str = "US") -> DueDate:
    """
    The day the student reaches the profile's age of majority.

    >>> from iepmodel.timelines import age_of_majority_date
    >>> import datetime as dt
    >>> age_of_majority_date(dt.date(2008, 6, 1), "US-MS").date
    datetime.date(2029, 6, 1)
    """
    profile = jurisdiction(profile)
    years = profile.age_of_majority
    return DueDate(
        date=birthday(date_of_birth, years, leap=profile.leap_birthday),
        basis=f"age of majority: the {_ordinal(years)} birthday ({profile.code})",
    )


def rights_transfer_notice_date(date_of_birth: dt.date, profile: Profile | str = "US") -> DueDate:
    """
    The day the rights-transfer statement becomes required (34 CFR 300.320(c)).

    One year before the age of majority: the birthday of age_of_majority - 1.

    >>> from iepmodel.timelines import rights_transfer_notice_date
    >>> import datetime as dt
    >>> rights_transfer_notice_date(dt.date(2008, 6, 1), "US-AL").date
    datetime.date(2026, 6, 1)
    """
    profile = jurisdiction(profile)
    years = profile.age_of_majority - 1
    return DueDate(
        date=_rights_transfer_date(date_of_birth, profile=profile),
        basis=f"rights-transfer statement: the {_ordinal(years)} birthday, one year before"
        f" the age of majority ({profile.code})",
    )


def third_birthday(date_of_birth: dt.date, profile: Profile | str = "US") -> DueDate:
    """
    The third birthday, by which a child from Part C has an IEP in effect (300.124(b)).

    >>> from iepmodel.timelines import third_birthday
    >>> import datetime as dt
    >>> third_birthday(dt.date(2022, 10, 15)).date
    datetime.date(2025, 10, 15)
    """
    profile = jurisdiction(profile)
    return DueDate(
        date=_third_birthday_date(date_of_birth, profile=profile),
        basis=f"Part C to Part B: the 3rd birthday ({profile.code})",
    )


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:  # 11th to 13th, and the teens
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


_DATE_ONLY: dict[Callable[..., DueDate], Callable[..., dt.date]] = {
    annual_review_due: _annual_review_date,
    reevaluation_due: _reevaluation_date,
    reevaluation_earliest: _reevaluation_earliest_date,
    transition_required_date: _transition_date,
    rights_transfer_notice_date: _rights_transfer_date,
    third_birthday: _third_birthday_date,
}


_TIMING_ONLY: dict[Callable[..., DueDate], Callable[..., tuple[dt.date, bool]]] = {
    initial_evaluation_due: _initial_evaluation_timing,
    initial_iep_meeting_due: _initial_iep_meeting_timing,
}


def timing_only(function: Callable[..., DueDate]) -> Callable[..., tuple[dt.date, bool]] | None:
    """
    The function that computes only the ``date`` and ``estimate`` of *function*'s `DueDate`.

    For the due dates counted in days (whose estimate the rules report); it takes the
    same arguments, with ``profile`` a `Profile` (not a code), and raises where
    *function* does, but skips the basis. `None` for any other function.

    >>> from iepmodel.timelines import initial_evaluation_due, timing_only
    >>> import datetime as dt, iepmodel
    >>> timing_only(initial_evaluation_due)(dt.date(2025, 1, 10), profile=iepmodel.jurisdiction("US-IL"))
    (datetime.date(2025, 4, 4), True)
    """  # noqa: E501
    return _TIMING_ONLY.get(function)


def date_only(function: Callable[..., DueDate]) -> Callable[..., dt.date] | None:
    """
    The function that computes only the ``date`` of *function*'s `DueDate`, if any.

    It takes the same arguments, with ``profile`` a `Profile` (not a code), and raises
    where *function* does; it skips the basis, which the rules do not read. `None` for a
    due date that has no such part (those counted in days, whose estimate matters).

    >>> from iepmodel.timelines import annual_review_due, date_only
    >>> import datetime as dt, iepmodel
    >>> date_only(annual_review_due)(dt.date(2024, 2, 29), profile=iepmodel.jurisdiction("US"))
    datetime.date(2025, 2, 27)
    """
    return _DATE_ONLY.get(function)
