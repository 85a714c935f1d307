"""Due-date arithmetic (regulations.md §5 and the date scenarios of §8.4)."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iepmodel
from iepmodel import DateRange, DisabilityCategory, SchoolCalendar
from iepmodel.jurisdictions import AnnualConvention, derive, jurisdiction
from iepmodel.testing.strategies import school_calendars
from iepmodel.timelines import (
    DueDate,
    add_days,
    add_days_excluding_long_breaks,
    add_days_excluding_summer,
    add_school_days,
    age_of_majority_date,
    annual_review_due,
    initial_evaluation_due,
    initial_iep_meeting_due,
    reevaluation_due,
    reevaluation_earliest,
    rights_transfer_notice_date,
    school_days_between,
    third_birthday,
    transition_required_date,
)

D = dt.date
ONE_DAY = dt.timedelta(days=1)
DATA = Path(__file__).parent / "data"
SHIPPED = iepmodel.available_jurisdictions()

CAL = iepmodel.from_json(
    (DATA / "calendar-2024-25.json").read_text(encoding="utf-8"), SchoolCalendar
)
# The sample calendar with the next year's fall (regulations.md §8: "fall 2025 starts
# Tue 2025-08-26 with 2025-09-01 closed"); the last day of 2025-26 is assumed.
CAL_2 = attrs.evolve(
    CAL,
    terms=(*CAL.terms, DateRange(start=D(2025, 8, 26), end=D(2026, 6, 5))),
    closed=(*CAL.closed, D(2025, 9, 1)),
)
ONTARIO = SchoolCalendar(
    name="Ontario sample 2025-26",
    terms=(DateRange(start=D(2025, 9, 2), end=D(2026, 6, 26)),),
    closed=(
        D(2025, 10, 10),
        D(2025, 10, 13),
        DateRange(start=D(2025, 12, 22), end=D(2026, 1, 2)),
        D(2026, 2, 16),
        DateRange(start=D(2026, 3, 16), end=D(2026, 3, 20)),
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2026, 5, 18),
    ),
)


def with_convention(convention: AnnualConvention) -> iepmodel.Profile:
    return derive(jurisdiction("US"), code="US-T", name="test", annual_convention=convention)


# --- §5.1: what "annually" means, leap table -----------------------------------------

A, B, C = (
    AnnualConvention.ANNIVERSARY_MINUS_ONE,
    AnnualConvention.ANNIVERSARY,
    AnnualConvention.DAYS_365,
)


@pytest.mark.parametrize(
    ("last_meeting", "convention", "expected"),
    [
        (D(2024, 2, 29), A, D(2025, 2, 27)),
        (D(2024, 2, 29), B, D(2025, 2, 28)),
        (D(2024, 2, 29), C, D(2025, 2, 28)),
        (D(2023, 3, 1), A, D(2024, 2, 29)),
        (D(2023, 3, 1), B, D(2024, 3, 1)),
        (D(2023, 3, 1), C, D(2024, 2, 29)),
        (D(2024, 5, 1), A, D(2025, 4, 30)),
        (D(2024, 5, 1), B, D(2025, 5, 1)),
        (D(2024, 5, 1), C, D(2025, 5, 1)),
    ],
)
def test_annual_review_follows_the_leap_table_of_section_5_1(
    last_meeting: dt.date, convention: AnnualConvention, expected: dt.date
) -> None:
    assert annual_review_due(last_meeting, with_convention(convention)).date == expected


def test_annual_review_basis_says_how_it_was_counted() -> None:
    due = annual_review_due(D(2025, 10, 1))
    assert due == DueDate(
        date=D(2026, 9, 30),
        basis="annual review: last review meeting 2025-10-01 + 1 year - 1 day (US)",
        estimate=False,
    )
    assert "+ 365 days" in annual_review_due(D(2025, 10, 1), with_convention(C)).basis


def test_annual_review_default_is_anniversary_minus_one() -> None:
    assert annual_review_due(D(2024, 2, 29)) == annual_review_due(D(2024, 2, 29), "US")


# --- §8.4 timeline scenarios that are date arithmetic ---------------------------------


def test_L01_L02_federal_initial_evaluation_due_on_day_60() -> None:
    due = initial_evaluation_due(D(2025, 1, 10))
    assert due.date == D(2025, 3, 11)
    assert not due.estimate
    assert D(2025, 3, 11) <= due.date < D(2025, 3, 12)  # L01 on time, L02 one day late


def test_L03_federal_clock_does_not_stop_for_winter_break() -> None:
    assert initial_evaluation_due(D(2024, 12, 16), calendar=CAL).date == D(2025, 2, 14)


def test_L08_initial_iep_meeting_within_30_days_of_eligibility() -> None:
    assert initial_iep_meeting_due(D(2025, 3, 11)).date == D(2025, 4, 10)


def test_L09_texas_45th_school_day() -> None:
    due = initial_evaluation_due(D(2024, 11, 4), profile="US-TX", calendar=CAL)
    assert due.date == D(2025, 1, 27)
    assert not due.estimate
    assert "45 school days" in due.basis


def test_L10_texas_three_absences_extend_the_deadline() -> None:
    due = initial_evaluation_due(
        D(2024, 11, 4), profile="US-TX", calendar=CAL, absent_school_days=3
    )
    assert due.date == D(2025, 1, 30)
    assert "3 absent school days" in due.basis


def test_L11_texas_two_absences_do_not_extend_it() -> None:
    due = initial_evaluation_due(
        D(2024, 11, 4), profile="US-TX", calendar=CAL, absent_school_days=2
    )
    assert due.date == D(2025, 1, 27)


def test_absences_do_not_extend_a_calendar_day_deadline() -> None:
    assert initial_evaluation_due(D(2025, 1, 10), absent_school_days=5).date == D(2025, 3, 11)


def test_L12_texas_late_consent_report_due_june_30_ard_by_15th_school_day() -> None:
    due = initial_evaluation_due(D(2025, 4, 10), profile="US-TX", calendar=CAL_2)
    assert due.date == D(2025, 6, 30)
    assert "40 school days before the last school day 2025-06-06" in due.basis
    assert "15th school day of the next year (2025-09-16)" in due.basis
    assert not due.estimate


def test_L12_without_the_next_year_the_ard_day_is_not_guessed() -> None:
    due = initial_evaluation_due(D(2025, 4, 10), profile="US-TX", calendar=CAL)
    assert due.date == D(2025, 6, 30)
    assert "not in the calendar" in due.basis


def test_texas_late_consent_rule_yields_to_the_absence_rule() -> None:
    due = initial_evaluation_due(
        D(2025, 4, 10), profile="US-TX", calendar=CAL_2, absent_school_days=3
    )
    # 40 school days to 2025-06-06, then 8 more in the fall (45 + 3 absent).
    assert due.date == D(2025, 9, 5)


@pytest.mark.parametrize(
    ("consent", "expected"),
    [
        (D(2025, 4, 3), D(2025, 6, 6)),  # 45 school days before the last day: ordinary
        (D(2025, 4, 4), D(2025, 6, 30)),  # 44: the late-consent rule
        (D(2025, 4, 17), D(2025, 6, 30)),  # 35: the late-consent rule
        (D(2025, 4, 18), D(2025, 9, 10)),  # 34: ordinary, 11 school days into the fall
    ],
)
def test_texas_late_consent_window_is_35_to_44_school_days(
    consent: dt.date, expected: dt.date
) -> None:
    assert initial_evaluation_due(consent, profile="US-TX", calendar=CAL_2).date == expected


def test_L13_illinois_60th_school_day() -> None:
    due = initial_evaluation_due(D(2024, 11, 18), profile="US-IL", calendar=CAL)
    assert due.date == D(2025, 3, 3)
    # In calendar days it would have been 2025-01-17.
    assert initial_evaluation_due(D(2024, 11, 18)).date == D(2025, 1, 17)


def test_L14_california_winter_break_of_ten_school_days_is_not_counted() -> None:
    due = initial_evaluation_due(D(2024, 12, 4), profile="US-CA", calendar=CAL)
    assert due.date == D(2025, 2, 18)
    assert "not counting 2024-12-21 to 2025-01-05" in due.basis
    assert initial_evaluation_due(D(2024, 12, 4)).date == D(2025, 2, 2)


def test_L15_california_thanksgiving_counts_and_the_clock_stops_for_winter() -> None:
    assert initial_evaluation_due(D(2024, 11, 1), profile="US-CA", calendar=CAL).date == D(
        2025, 1, 16
    )


def test_L16_california_spring_break_of_exactly_5_school_days_counts() -> None:
    due = initial_evaluation_due(D(2025, 3, 3), profile="US-CA", calendar=CAL)
    assert due.date == D(2025, 5, 2)
    assert "not counting" not in due.basis


def test_L17_california_late_consent_due_30_days_into_the_next_year() -> None:
    due = initial_evaluation_due(D(2025, 5, 20), profile="US-CA", calendar=CAL_2)
    assert due.date == D(2025, 9, 25)
    assert "17 days before the last school day 2025-06-06" in due.basis


def test_L17_without_the_next_year_california_gives_an_estimate() -> None:
    due = initial_evaluation_due(D(2025, 5, 20), profile="US-CA", calendar=CAL)
    assert due.estimate
    assert "does not show" in due.basis


def test_california_31_days_before_year_end_uses_the_summer_exclusion() -> None:
    # 2025-05-06: 31 days before 2025-06-06; 31 days to the year's end, the summer is
    # skipped, 29 more from 2025-08-26.
    due = initial_evaluation_due(D(2025, 5, 6), profile="US-CA", calendar=CAL_2)
    assert due.date == D(2025, 9, 23)


def test_L18_pennsylvania_summer_is_not_counted() -> None:
    due = initial_evaluation_due(D(2025, 5, 15), profile="US-PA", calendar=CAL_2)
    assert due.date == D(2025, 10, 2)
    assert "summer 2025-06-07 to 2025-08-25" in due.basis


def test_L19_new_york_evaluation_and_placement() -> None:
    assert initial_evaluation_due(D(2025, 1, 10), profile="US-NY").date == D(2025, 3, 11)
    assert add_school_days(D(2025, 1, 10), 60, CAL).date == D(2025, 4, 15)


@pytest.mark.parametrize(
    ("last_meeting", "convention", "next_meeting", "late"),
    [
        # L20: last annual 2024-02-29, next 2025-02-28.
        (D(2024, 2, 29), A, D(2025, 2, 28), True),
        (D(2024, 2, 29), B, D(2025, 2, 28), False),
        (D(2024, 2, 29), C, D(2025, 2, 28), False),
        # L21: last annual 2023-03-01, next 2024-03-01.
        (D(2023, 3, 1), A, D(2024, 3, 1), True),
        (D(2023, 3, 1), B, D(2024, 3, 1), False),
        (D(2023, 3, 1), C, D(2024, 3, 1), True),
    ],
)
def test_L20_L21_annual_review_across_feb_29(
    last_meeting: dt.date, convention: AnnualConvention, next_meeting: dt.date, late: bool
) -> None:
    due = annual_review_due(last_meeting, with_convention(convention))
    assert (next_meeting > due.date) is late


def test_L22_annual_review_is_counted_from_the_meeting_not_an_amendment() -> None:
    assert annual_review_due(D(2024, 5, 1)).date == D(2025, 4, 30)


def test_L25_three_year_reevaluation_overdue() -> None:
    due = reevaluation_due(D(2022, 4, 15))
    assert due.date == D(2025, 4, 14)
    assert D(2025, 4, 15) > due.date


def test_L26_waiver_restarts_the_three_years() -> None:
    due = reevaluation_due(D(2022, 4, 15), waiver=D(2025, 3, 1))
    assert due.date == D(2028, 2, 29)
    assert "reevaluation waiver 2025-03-01" in due.basis


def test_reevaluation_counts_from_the_later_of_evaluation_and_waiver() -> None:
    assert reevaluation_due(D(2024, 6, 1), waiver=D(2023, 1, 1)) == reevaluation_due(D(2024, 6, 1))


def test_L27_L28_earliest_reevaluation_is_one_year_after_the_last() -> None:
    earliest = reevaluation_earliest(D(2024, 9, 1))
    assert earliest.date == D(2025, 9, 1)
    assert D(2025, 3, 1) < earliest.date  # L28: too early without agreement


def test_L29_pennsylvania_intellectual_disability_every_two_years() -> None:
    category = DisabilityCategory.INTELLECTUAL_DISABILITY
    pa = reevaluation_due(D(2023, 5, 1), category=category, profile="US-PA")
    us = reevaluation_due(D(2023, 5, 1), category=category)
    assert pa.date == D(2025, 4, 30)
    assert us.date == D(2026, 4, 30)


def test_L32_third_birthday() -> None:
    assert third_birthday(D(2022, 10, 15)).date == D(2025, 10, 15)


def test_L41_ontario_iep_within_30_school_days_of_placement() -> None:
    due = initial_iep_meeting_due(D(2025, 11, 24), "CA-ON", calendar=ONTARIO)
    assert due.date == D(2026, 1, 19)
    assert not due.estimate
    assert "30 school days" in due.basis


# --- estimates ------------------------------------------------------------------------


def test_school_days_without_a_calendar_are_weekdays_and_an_estimate() -> None:
    due = initial_evaluation_due(D(2024, 11, 4), profile="US-TX")
    assert due.estimate
    assert due.date == D(2025, 1, 6)  # 45 weekdays: 9 weeks after a Monday
    assert "weekdays" in due.basis


def test_a_count_past_the_calendar_is_an_estimate() -> None:
    due = initial_evaluation_due(D(2025, 5, 15), profile="US-TX", calendar=CAL)
    assert due.estimate
    assert due.date > D(2025, 6, 6)


def test_a_count_before_the_calendar_is_an_estimate() -> None:
    due = add_school_days(D(2024, 8, 16), 10, CAL)
    assert due.estimate
    # Weekdays Aug 19-23 (5, before the calendar), then 5 school days from Aug 26.
    assert due.date == D(2024, 8, 30)


def test_calendar_day_exclusions_without_a_calendar_are_estimates() -> None:
    assert initial_evaluation_due(D(2024, 12, 4), profile="US-CA").estimate
    assert initial_evaluation_due(D(2025, 5, 15), profile="US-PA").estimate
    assert not initial_evaluation_due(D(2025, 5, 15), profile="US").estimate


def test_school_days_between_uses_the_calendar_when_given() -> None:
    # Winter break: 10 weekdays, no school days.
    assert school_days_between(D(2024, 12, 20), D(2025, 1, 3)) == 10
    assert school_days_between(D(2024, 12, 20), D(2025, 1, 3), CAL) == 0


def test_add_days_rejects_negative_counts() -> None:
    for counting in ("calendar", "school_days", "calendar_excluding_summer"):
        with pytest.raises(ValueError, match="negative"):
            add_days(D(2025, 1, 1), -1, counting, CAL)
    with pytest.raises(ValueError, match="negative"):
        add_days_excluding_long_breaks(D(2025, 1, 1), -1, CAL)
    with pytest.raises(ValueError, match="negative"):
        initial_evaluation_due(D(2025, 1, 1), absent_school_days=-1)


# --- ages -----------------------------------------------------------------------------


def test_illinois_transition_at_fourteen_and_a_half() -> None:
    assert transition_required_date(D(2010, 8, 31), "US-IL").date == D(2025, 2, 28)
    assert transition_required_date(D(2008, 2, 29), "US-IL").date == D(2022, 8, 29)


def test_leap_birthday_setting_moves_a_feb_29_birthday_to_march_1() -> None:
    mar1 = derive(jurisdiction("US-NY"), code="US-NY-M", name="test", leap_birthday="mar1")
    assert transition_required_date(D(2008, 2, 29), "US-NY").date == D(2023, 2, 28)
    assert transition_required_date(D(2008, 2, 29), mar1).date == D(2023, 3, 1)
    assert rights_transfer_notice_date(D(2008, 2, 29), mar1).date == D(2025, 3, 1)


def test_rights_transfer_notice_is_one_year_before_the_age_of_majority() -> None:
    for code, age in (("US", 18), ("US-AL", 19), ("US-NE", 19), ("US-MS", 21)):
        notice = rights_transfer_notice_date(D(2008, 6, 1), code).date
        majority = age_of_majority_date(D(2008, 6, 1), code).date
        assert majority == D(2008 + age, 6, 1)
        assert notice == D(2008 + age - 1, 6, 1)


def test_no_basis_quotes_the_date_of_birth() -> None:
    born = D(2008, 2, 29)
    for code in SHIPPED:
        for due in (
            transition_required_date(born, code),
            rights_transfer_notice_date(born, code),
            age_of_majority_date(born, code),
            third_birthday(born, code),
        ):
            assert born.isoformat() not in due.basis
            assert "2008" not in due.basis


# --- golden snapshots per profile -------------------------------------------------------
# Inputs (leap days included): annual review from 2024-02-29 and 2023-03-01; reevaluation
# from 2024-02-29, and from 2023-05-01 for intellectual disability; initial evaluation
# from consent 2024-11-04, 2024-12-16 and 2025-05-15 on the sample calendar with fall
# 2025; initial IEP meeting from 2025-03-11 on the same calendar; transition and rights
# transfer for a child born 2008-02-29 and one born 2010-08-31; the third birthday of a
# child born 2020-02-29.
SNAPSHOT_COLUMNS = (
    "annual_leap",
    "annual_mar1",
    "reeval_leap",
    "reeval_id",
    "eval_nov",
    "eval_dec",
    "eval_may",
    "iep",
    "transition_leap",
    "transition_aug",
    "rights_leap",
    "third_leap",
)
_FED = ("2025-02-27", "2024-02-29", "2027-02-27", "2026-04-30")
SNAPSHOTS: dict[str, tuple[str, ...]] = {
    # code: (*annual/reevaluation, eval Nov, Dec, May, iep, transition x2, rights, third)
    "US": (*_FED, "2025-01-03", "2025-02-14", "2025-07-14", "2025-04-10",
           "2024-02-29", "2026-08-31", "2025-02-28", "2023-02-28"),
    "US-AL": (*_FED, "2025-01-03", "2025-02-14", "2025-07-14", "2025-04-10",
              "2024-02-29", "2026-08-31", "2026-02-28", "2023-02-28"),
    "US-NE": (*_FED, "2025-01-03", "2025-02-14", "2025-07-14", "2025-04-10",
              "2024-02-29", "2026-08-31", "2026-02-28", "2023-02-28"),
    "US-MS": (*_FED, "2025-01-03", "2025-02-14", "2025-07-14", "2025-04-10",
              "2024-02-29", "2026-08-31", "2028-02-29", "2023-02-28"),
    "US-NY": (*_FED, "2025-01-03", "2025-02-14", "2025-07-14", "2025-04-10",
              "2023-02-28", "2025-08-31", "2025-02-28", "2023-02-28"),
    "US-CA": (*_FED, "2025-01-19", "2025-03-02", "2025-09-25", "2025-04-10",
              "2024-02-29", "2026-08-31", "2025-02-28", "2023-02-28"),
    "US-TX": (*_FED, "2025-01-27", "2025-03-05", "2025-10-07", "2025-04-10",
              "2022-02-28", "2024-08-31", "2025-02-28", "2023-02-28"),
    "US-IL": (*_FED, "2025-02-18", "2025-04-02", "2025-10-28", "2025-04-10",
              "2022-08-29", "2025-02-28", "2025-02-28", "2023-02-28"),
    "US-PA": ("2025-02-27", "2024-02-29", "2027-02-27", "2025-04-30",
              "2025-01-03", "2025-02-14", "2025-10-02", "2025-04-10",
              "2022-02-28", "2024-08-31", "2025-02-28", "2023-02-28"),
    "CA-ON": (*_FED, "2025-01-03", "2025-02-14", "2025-07-14", "2025-04-29",
              "2022-02-28", "2024-08-31", "2025-02-28", "2023-02-28"),
}  # fmt: skip


def computed_snapshot(code: str) -> tuple[str, ...]:
    category = DisabilityCategory.INTELLECTUAL_DISABILITY
    dues = (
        annual_review_due(D(2024, 2, 29), code),
        annual_review_due(D(2023, 3, 1), code),
        reevaluation_due(D(2024, 2, 29), profile=code),
        reevaluation_due(D(2023, 5, 1), category=category, profile=code),
        initial_evaluation_due(D(2024, 11, 4), profile=code, calendar=CAL_2),
        initial_evaluation_due(D(2024, 12, 16), profile=code, calendar=CAL_2),
        initial_evaluation_due(D(2025, 5, 15), profile=code, calendar=CAL_2),
        initial_iep_meeting_due(D(2025, 3, 11), code, calendar=CAL_2),
        transition_required_date(D(2008, 2, 29), code),
        transition_required_date(D(2010, 8, 31), code),
        rights_transfer_notice_date(D(2008, 2, 29), code),
        third_birthday(D(2020, 2, 29), code),
    )
    return tuple(due.date.isoformat() for due in dues)


def test_every_shipped_profile_has_a_snapshot() -> None:
    assert sorted(SNAPSHOTS) == sorted(SHIPPED)
    assert all(len(row) == len(SNAPSHOT_COLUMNS) for row in SNAPSHOTS.values())


@pytest.mark.parametrize("code", sorted(SNAPSHOTS))
def test_due_dates_match_the_golden_snapshot(code: str) -> None:
    computed = dict(zip(SNAPSHOT_COLUMNS, computed_snapshot(code), strict=True))
    expected = dict(zip(SNAPSHOT_COLUMNS, SNAPSHOTS[code], strict=True))
    assert computed == expected


# --- properties -----------------------------------------------------------------------


@st.composite
def calendars_with_summers(draw: st.DrawFn) -> SchoolCalendar:
    """Calendars of one to four terms with gaps up to 100 days: summers included."""
    start = draw(st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)))
    terms: list[DateRange] = []
    for _ in range(draw(st.integers(1, 4))):
        end = start + dt.timedelta(days=draw(st.integers(0, 200)))
        terms.append(DateRange(start=start, end=end))
        start = end + dt.timedelta(days=draw(st.integers(1, 100)))
    inside = st.dates(min_value=terms[0].start, max_value=terms[-1].end)
    closed = draw(
        st.lists(
            inside
            | st.builds(
                lambda day, length: DateRange(start=day, end=day + dt.timedelta(days=length)),
                inside,
                st.integers(0, 15),
            ),
            max_size=6,
        )
    )
    return SchoolCalendar(name="generated", terms=tuple(terms), closed=tuple(closed))


any_calendars = school_calendars() | calendars_with_summers()

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 12, 31))
calendars = st.none() | school_calendars() | calendars_with_summers()


@given(
    code=st.sampled_from(SHIPPED),
    trigger=dates,
    calendar=calendars,
    absent=st.integers(0, 10),
    waiver=st.none() | dates,
)
def test_due_dates_are_never_before_their_trigger(
    code: str,
    trigger: dt.date,
    calendar: SchoolCalendar | None,
    absent: int,
    waiver: dt.date | None,
) -> None:
    assert (
        initial_evaluation_due(
            trigger, profile=code, calendar=calendar, absent_school_days=absent
        ).date
        > trigger
    )
    assert initial_iep_meeting_due(trigger, code, calendar=calendar).date > trigger
    assert annual_review_due(trigger, code).date > trigger
    later = max(trigger, waiver) if waiver else trigger
    assert reevaluation_due(trigger, waiver=waiver, profile=code).date > later
    assert transition_required_date(trigger, code).date > trigger
    assert rights_transfer_notice_date(trigger, code).date > trigger
    assert third_birthday(trigger, code).date > trigger


@given(code=st.sampled_from(SHIPPED), first=dates, gap=st.integers(0, 400))
def test_a_later_consent_never_gives_an_earlier_due_date(
    code: str, first: dt.date, gap: int
) -> None:
    second = first + dt.timedelta(days=gap)
    for calendar in (None, CAL_2):
        early = initial_evaluation_due(first, profile=code, calendar=calendar).date
        late = initial_evaluation_due(second, profile=code, calendar=calendar).date
        assert early <= late


@given(
    code=st.sampled_from(SHIPPED),
    first=st.dates(min_value=D(2024, 7, 1), max_value=D(2026, 6, 30)),
    gap=st.integers(0, 120),
)
def test_a_later_consent_never_gives_an_earlier_due_date_on_the_sample_calendar(
    code: str, first: dt.date, gap: int
) -> None:
    second = first + dt.timedelta(days=gap)
    early = initial_evaluation_due(first, profile=code, calendar=CAL_2).date
    late = initial_evaluation_due(second, profile=code, calendar=CAL_2).date
    assert early <= late


@given(start=dates, n=st.integers(0, 400))
def test_weekday_estimate_lands_on_a_weekday_n_weekdays_later(start: dt.date, n: int) -> None:
    due = add_school_days(start, n)
    assert due.estimate is (n > 0)
    naive, day = 0, start
    while day < due.date:
        day += ONE_DAY
        naive += day.weekday() < 5
    assert naive == n
    assert school_days_between(start, due.date) == n
    if n:
        assert due.date.weekday() < 5


@given(calendar=any_calendars, data=st.data())
def test_school_days_with_a_calendar_agree_with_the_calendar_inside_it(
    calendar: SchoolCalendar, data: st.DataObject
) -> None:
    if not calendar.school_days:
        return
    first, last = calendar.school_days[0], calendar.school_days[-1]
    start = data.draw(st.dates(min_value=first, max_value=last))
    available = calendar.school_days_between(start, last)
    n = data.draw(st.integers(0, available + 20))
    due = add_school_days(start, n, calendar)
    if n <= available:
        assert due.date == calendar.add_school_days(start, n)
        assert not due.estimate
    else:
        assert due.estimate
        assert due.date > last


def _naive_long_break_days(calendar: SchoolCalendar, threshold: int) -> set[dt.date]:
    """Days inside a break between terms or of more than *threshold* school days."""
    days = calendar.school_days
    excluded: set[dt.date] = set()
    for before, after in pairwise(days):
        gap = [before + ONE_DAY * k for k in range(1, (after - before).days)]
        weekdays = sum(day.weekday() < 5 for day in gap)
        same_term = any(before in term and after in term for term in calendar.terms)
        if gap and (weekdays > threshold or not same_term):
            excluded.update(gap)
    return excluded


def _naive_summer_days(calendar: SchoolCalendar) -> set[dt.date]:
    terms = sorted(calendar.terms, key=lambda term: term.start)
    excluded: set[dt.date] = set()
    for before, after in pairwise(terms):
        gap = [before.end + ONE_DAY * k for k in range(1, (after.start - before.end).days)]
        if any((day.month, day.day) == (7, 1) for day in gap):
            excluded.update(gap)
    return excluded


def _naive_add(start: dt.date, n: int, excluded: set[dt.date]) -> dt.date:
    day, counted = start, 0
    while counted < n:
        day += ONE_DAY
        counted += day not in excluded
    return day


@given(calendar=any_calendars, data=st.data(), threshold=st.integers(0, 6))
def test_long_break_exclusion_matches_a_day_by_day_walk(
    calendar: SchoolCalendar, data: st.DataObject, threshold: int
) -> None:
    assert calendar.first_day is not None
    start = data.draw(
        st.dates(min_value=calendar.first_day - 30 * ONE_DAY, max_value=D(2051, 6, 1))
    )
    n = data.draw(st.integers(0, 200))
    due = add_days_excluding_long_breaks(start, n, calendar, threshold=threshold)
    excluded = _naive_long_break_days(calendar, threshold)
    assert due.date == _naive_add(start, n, excluded)
    assert due.date >= start + dt.timedelta(days=n)


@given(calendar=any_calendars, data=st.data())
def test_summer_exclusion_matches_a_day_by_day_walk(
    calendar: SchoolCalendar, data: st.DataObject
) -> None:
    assert calendar.first_day is not None
    start = data.draw(
        st.dates(min_value=calendar.first_day - 30 * ONE_DAY, max_value=D(2051, 6, 1))
    )
    n = data.draw(st.integers(0, 200))
    due = add_days_excluding_summer(start, n, calendar)
    assert due.date == _naive_add(start, n, _naive_summer_days(calendar))


@given(last=dates, years=st.integers(1, 5))
def test_anniversary_minus_one_is_the_day_before_the_anniversary(
    last: dt.date, years: int
) -> None:
    due_a = annual_review_due(last, with_convention(A)).date
    due_b = annual_review_due(last, with_convention(B)).date
    due_c = annual_review_due(last, with_convention(C)).date
    assert due_a == due_b - ONE_DAY
    assert abs((due_c - due_b).days) <= 1
    re_a = reevaluation_due(
        last, profile=derive(jurisdiction("US"), code="X", name="x", reevaluation_years=years)
    )
    assert re_a.date.year - last.year in (years - 1, years)
