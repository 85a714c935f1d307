"""
The year and month arithmetic of the due dates equals `dateutil.relativedelta`'s.

`iepmodel._age.add_years_months` replaced ``day + relativedelta(years=..., months=...)``
(for speed); these properties compare the two over the whole range `datetime.date`
holds, with month ends and Feb 29 drawn often, and the due-date functions and their
date-only parts (`iepmodel.timelines.date_only`) with a reference built on
`relativedelta`, in every profile and annual convention.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import iepmodel
from iepmodel import DisabilityCategory
from iepmodel._age import LeapBirthday, add_years_months, age_on, birthday
from iepmodel.jurisdictions import AnnualConvention, Profile, derive
from iepmodel.rules import Context
from iepmodel.timelines import (
    DueDate,
    annual_review_due,
    date_only,
    reevaluation_due,
    reevaluation_earliest,
    rights_transfer_notice_date,
    third_birthday,
    transition_required_date,
)

D = dt.date
_MONTH_LAST = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


@st.composite
def month_ends(draw: st.DrawFn) -> dt.date:
    """The last days of months (and the 28th to 31st), Feb 29 among them."""
    year = draw(st.integers(1, 9999))
    month = draw(st.integers(1, 12))
    last = 29 if month == 2 and year % 4 == 0 and (year % 100 or year % 400 == 0) else 0
    last = last or _MONTH_LAST[month - 1]
    return D(year, month, draw(st.integers(28, last)))


@st.composite
def leap_days(draw: st.DrawFn) -> dt.date:
    year = draw(st.integers(1, 2499)) * 4
    if year % 100 == 0 and year % 400:
        year += 4
    return D(year, 2, 29)


days = st.one_of(st.dates(), month_ends(), leap_days())
years = st.one_of(st.integers(-30, 30), st.integers(-10_000, 10_000))
months = st.one_of(st.integers(0, 11), st.integers(-40, 40))


def _reference(day: dt.date, years: int, months: int) -> dt.date | str:
    try:
        return day + relativedelta(years=years, months=months)
    except ValueError as error:
        return f"ValueError: {error}"


def _ours(day: dt.date, years: int, months: int) -> dt.date | str:
    try:
        return add_years_months(day, years, months)
    except ValueError as error:
        return f"ValueError: {error}"


@settings(max_examples=1000)
@given(day=days, years=years, months=months)
def test_add_years_months_is_relativedelta(day: dt.date, years: int, months: int) -> None:
    assert _ours(day, years, months) == _reference(day, years, months)


@pytest.mark.parametrize(
    ("day", "years", "months", "expected"),
    [
        (D(2024, 2, 29), 1, 0, D(2025, 2, 28)),  # the Feb 29 clamp
        (D(2024, 2, 29), 4, 0, D(2028, 2, 29)),
        (D(2000, 2, 29), 100, 0, D(2100, 2, 28)),  # 2100 is not a leap year
        (D(2010, 8, 31), 14, 6, D(2025, 2, 28)),
        (D(2010, 1, 31), 0, 1, D(2010, 2, 28)),
        (D(2012, 1, 31), 0, -11, D(2011, 2, 28)),
        (D(2012, 3, 31), 0, -13, D(2011, 2, 28)),
    ],
)
def test_add_years_months_clamps_to_the_month_end(
    day: dt.date, years: int, months: int, expected: dt.date
) -> None:
    assert add_years_months(day, years, months) == expected == _reference(day, years, months)


def test_add_years_months_raises_like_relativedelta_beyond_the_calendar() -> None:
    with pytest.raises(ValueError, match="year 10000 is out of range"):
        add_years_months(D(9999, 12, 31), 1)
    with pytest.raises(ValueError, match="year 0 is out of range"):
        add_years_months(D(1, 1, 1), 0, -1)


def test_add_years_months_leaves_non_integers_to_relativedelta() -> None:
    with pytest.raises(ValueError, match="Non-integer"):
        add_years_months(D(2020, 1, 1), 1.5)  # type: ignore[arg-type]
    assert add_years_months(D(2020, 2, 29), 1.0) == D(2021, 2, 28)  # type: ignore[arg-type]


def _reference_birthday(
    date_of_birth: dt.date, years: int, months: int = 0, *, leap: LeapBirthday = "feb28"
) -> dt.date:
    """`iepmodel.birthday` as it was written with `relativedelta`."""
    day = date_of_birth + relativedelta(years=years, months=months)
    if (
        leap == "mar1"
        and (date_of_birth.month, date_of_birth.day) == (2, 29)
        and (day.month, day.day) == (2, 28)
    ):
        return day + dt.timedelta(days=1)
    return day


@settings(max_examples=500)
@given(
    born=days,
    years=st.integers(0, 99),
    months=st.integers(0, 11),
    leap=st.sampled_from(["feb28", "mar1"]),
)
def test_birthday_is_the_relativedelta_birthday(
    born: dt.date, years: int, months: int, leap: LeapBirthday
) -> None:
    def outcome(function: Callable[..., dt.date]) -> dt.date | str:
        try:
            return function(born, years, months, leap=leap)
        except ValueError as error:  # past 9999-12-31: the same error
            return f"ValueError: {error}"

    assert outcome(birthday) == outcome(_reference_birthday)


@given(
    born=st.one_of(leap_days(), st.dates()), on=st.dates(), leap=st.sampled_from(["feb28", "mar1"])
)
def test_age_on_counts_birthdays_as_before(born: dt.date, on: dt.date, leap: LeapBirthday) -> None:
    if on < born:
        return
    years = on.year - born.year
    try:
        if _reference_birthday(born, years, leap=leap) > on:
            years -= 1
    except (ValueError, OverflowError):
        return  # the birthday falls past 9999-12-31
    assert age_on(born, on, leap=leap) == years


# --- the due dates --------------------------------------------------------------------------

_US = iepmodel.jurisdiction("US")
PROFILES: tuple[Profile, ...] = (
    *(iepmodel.jurisdiction(code) for code in iepmodel.available_jurisdictions()),
    derive(_US, code="US-T1", name="anniversary", annual_convention=AnnualConvention.ANNIVERSARY),
    derive(_US, code="US-T2", name="365 days", annual_convention=AnnualConvention.DAYS_365),
    derive(
        iepmodel.jurisdiction("US-IL"),
        code="US-T3",
        name="mar1",
        leap_birthday="mar1",
        reevaluation_min_years=2,
        age_of_majority=21,
    ),
)
profiles = st.sampled_from(PROFILES)
categories = st.none() | st.sampled_from(list(DisabilityCategory))


def _years_after(day: dt.date, years: int, convention: AnnualConvention) -> dt.date:
    """The reference: relativedelta years and the conventions of rules.md."""
    if convention is AnnualConvention.DAYS_365:
        return day + dt.timedelta(days=365 * years)
    anniversary = day + relativedelta(years=years)
    if convention is AnnualConvention.ANNIVERSARY:
        return anniversary
    return anniversary - dt.timedelta(days=1)


def _outcome(compute: Callable[[], dt.date]) -> dt.date | None:
    try:
        return compute()
    except (ValueError, OverflowError):
        return None


@settings(max_examples=300)
@given(day=days, profile=profiles)
def test_annual_review_due_is_the_relativedelta_date(day: dt.date, profile: Profile) -> None:
    expected = _outcome(lambda: _years_after(day, 1, profile.annual_convention))
    assert _outcome(lambda: annual_review_due(day, profile).date) == expected


@settings(max_examples=300)
@given(day=days, waiver=st.none() | days, category=categories, profile=profiles)
def test_reevaluation_due_is_the_relativedelta_date(
    day: dt.date, waiver: dt.date | None, category: DisabilityCategory | None, profile: Profile
) -> None:
    start = waiver if waiver is not None and waiver > day else day
    years = profile.reevaluation_years_for(category)
    expected = _outcome(lambda: _years_after(start, years, profile.annual_convention))
    actual = _outcome(
        lambda: reevaluation_due(day, waiver=waiver, category=category, profile=profile).date
    )
    assert actual == expected


@settings(max_examples=300)
@given(day=days, profile=profiles)
def test_birthday_due_dates_are_the_relativedelta_dates(day: dt.date, profile: Profile) -> None:
    leap = profile.leap_birthday
    checks: list[tuple[Callable[[], dt.date], Callable[[], dt.date]]] = [
        (
            lambda: reevaluation_earliest(day, profile).date,
            lambda: day + relativedelta(years=profile.reevaluation_min_years),
        ),
        (
            lambda: transition_required_date(day, profile).date,
            lambda: _reference_birthday(
                day, profile.transition_age_years, profile.transition_age_months, leap=leap
            ),
        ),
        (
            lambda: rights_transfer_notice_date(day, profile).date,
            lambda: _reference_birthday(day, profile.age_of_majority - 1, leap=leap),
        ),
        (
            lambda: third_birthday(day, profile).date,
            lambda: _reference_birthday(day, 3, leap=leap),
        ),
    ]
    for ours, reference in checks:
        assert _outcome(ours) == _outcome(reference)


def _due_date(function: Callable[..., DueDate], day: dt.date, profile: Profile) -> dt.date:
    return function(day, profile=profile).date


DATE_PARTS: tuple[Callable[..., DueDate], ...] = (
    annual_review_due,
    reevaluation_earliest,
    transition_required_date,
    rights_transfer_notice_date,
    third_birthday,
)


@settings(max_examples=300)
@given(day=days, profile=profiles, waiver=st.none() | days, category=categories)
def test_the_date_only_parts_give_the_due_dates_date(
    day: dt.date, profile: Profile, waiver: dt.date | None, category: DisabilityCategory | None
) -> None:
    for function in DATE_PARTS:
        part = date_only(function)
        assert part is not None
        expected = _outcome(functools.partial(_due_date, function, day, profile))
        assert _outcome(functools.partial(part, day, profile=profile)) == expected
    reevaluation_part = date_only(reevaluation_due)
    assert reevaluation_part is not None
    expected = _outcome(
        lambda: reevaluation_due(day, waiver=waiver, category=category, profile=profile).date
    )
    actual = _outcome(
        lambda: reevaluation_part(day, waiver=waiver, category=category, profile=profile)
    )
    assert actual == expected


@settings(max_examples=200)
@given(day=days, profile=profiles)
def test_context_due_date_is_the_date_of_context_due(day: dt.date, profile: Profile) -> None:
    context = Context(profile=profile, as_of=D(2025, 1, 1))
    for function in (*DATE_PARTS, reevaluation_due):
        due = context.due(function, day)
        assert context.due_date(function, day) == (due.date if due is not None else None)
        # Memoised: asked again, the same answer.
        assert context.due_date(function, day) == (due.date if due is not None else None)


def test_due_dates_counted_in_days_have_no_date_only_part() -> None:
    from iepmodel.timelines import initial_evaluation_due, initial_iep_meeting_due

    assert date_only(initial_evaluation_due) is None
    assert date_only(initial_iep_meeting_due) is None
