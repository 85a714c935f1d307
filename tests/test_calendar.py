"""School-day arithmetic on `iepmodel.SchoolCalendar` (regulations.md §0, §8.4)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iepmodel
from iepmodel import DateRange, SchoolCalendar
from iepmodel.testing.strategies import school_calendars

D = dt.date
DATA = Path(__file__).parent / "data"


def example_calendar() -> SchoolCalendar:
    """The sample US calendar 2024-25 of regulations.md §8 (shared/spec/examples)."""
    text = (DATA / "calendar-2024-25.json").read_text(encoding="utf-8")
    return iepmodel.from_json(text, SchoolCalendar)


def ontario_calendar() -> SchoolCalendar:
    """The sample Ontario calendar 2025-26 of regulations.md §8 (last day assumed)."""
    return SchoolCalendar(
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


def naive_school_days_between(cal: SchoolCalendar, start: dt.date, end: dt.date) -> int:
    count, day = 0, start + dt.timedelta(days=1)
    while day <= end:
        count += cal.is_school_day(day)
        day += dt.timedelta(days=1)
    return count


CAL = example_calendar()


def test_example_calendar_has_181_instructional_days() -> None:
    assert len(CAL.school_days) == 181
    assert CAL.school_days[0] == D(2024, 8, 26)
    assert CAL.school_days[-1] == D(2025, 6, 6)


def test_school_days_are_exactly_the_days_is_school_day_accepts() -> None:
    days = set(DateRange(start=D(2024, 8, 1), end=D(2025, 7, 1)).days())
    assert {day for day in days if CAL.is_school_day(day)} == set(CAL.school_days)


@pytest.mark.parametrize(
    ("scenario", "start", "n", "expected"),
    [
        # L09: Texas, 45th school day after Mon 2024-11-04 (Thanksgiving and winter
        # break are not school days).
        ("L09", D(2024, 11, 4), 45, D(2025, 1, 27)),
        # L10: +3 absent school days.
        ("L10", D(2024, 11, 4), 48, D(2025, 1, 30)),
        # L13: Illinois, 60th school day after 2024-11-18.
        ("L13", D(2024, 11, 18), 60, D(2025, 3, 3)),
        # L19: New York placement, 60th school day after 2025-01-10.
        ("L19", D(2025, 1, 10), 60, D(2025, 4, 15)),
    ],
)
def test_add_school_days_matches_the_timeline_scenarios(
    scenario: str, start: dt.date, n: int, expected: dt.date
) -> None:
    assert CAL.add_school_days(start, n) == expected, scenario


def test_ontario_30th_school_day_after_placement_skips_winter_break() -> None:
    # L41: placement Mon 2025-11-24, IEP due on the 30th school day, 2026-01-19.
    assert ontario_calendar().add_school_days(D(2025, 11, 24), 30) == D(2026, 1, 19)


def test_texas_end_of_year_window_counts_forty_school_days_before_last_day() -> None:
    # L12: consent 2025-04-10 is exactly 40 school days before 2025-06-06.
    assert CAL.school_days_between(D(2025, 4, 10), D(2025, 6, 6)) == 40


def test_add_zero_school_days_is_the_start_even_when_closed() -> None:
    assert CAL.add_school_days(D(2024, 9, 2), 0) == D(2024, 9, 2)


def test_counting_starts_after_the_trigger_day_even_on_a_closed_day() -> None:
    # Day 0 is 2024-09-02 (Labor Day, closed); the first school day after it is Sep 3.
    assert CAL.add_school_days(D(2024, 9, 2), 1) == D(2024, 9, 3)
    # From a Friday, the weekend and a closed Monday are skipped.
    assert CAL.add_school_days(D(2024, 8, 30), 1) == D(2024, 9, 3)


def test_add_school_days_rejects_a_negative_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        CAL.add_school_days(D(2024, 9, 3), -1)


def test_add_school_days_beyond_the_calendar_raises() -> None:
    with pytest.raises(ValueError, match="fewer than 10"):
        CAL.add_school_days(D(2025, 6, 2), 10)


def test_school_days_between_excludes_start_and_includes_end() -> None:
    assert CAL.school_days_between(D(2024, 9, 3), D(2024, 9, 3)) == 0
    assert CAL.school_days_between(D(2024, 9, 3), D(2024, 9, 4)) == 1
    assert CAL.school_days_between(D(2024, 9, 2), D(2024, 9, 4)) == 2


def test_school_days_between_is_antisymmetric() -> None:
    assert CAL.school_days_between(D(2025, 1, 10), D(2024, 11, 4)) == -CAL.school_days_between(
        D(2024, 11, 4), D(2025, 1, 10)
    )


def test_covers_the_days_from_the_first_to_the_last_day_of_the_terms() -> None:
    assert CAL.covers(D(2024, 8, 26))
    assert CAL.covers(D(2025, 6, 6))
    assert not CAL.covers(D(2024, 8, 25))
    assert not CAL.covers(D(2025, 6, 7))
    assert not SchoolCalendar(name="empty").covers(D(2025, 1, 1))


def test_an_empty_calendar_has_no_school_days() -> None:
    empty = SchoolCalendar(name="empty")
    assert empty.school_days == ()
    assert empty.school_days_between(D(2025, 1, 1), D(2025, 12, 31)) == 0
    with pytest.raises(ValueError, match="fewer than 1"):
        empty.add_school_days(D(2025, 1, 1), 1)


def test_school_day_arithmetic_leaves_the_calendar_document_unchanged() -> None:
    before = iepmodel.to_json(CAL)
    _ = CAL.school_days
    assert iepmodel.to_json(CAL) == before
    assert [field.name for field in attrs.fields(SchoolCalendar)] == [
        "name",
        "terms",
        "closed",
        "_closed_days",
    ]
    assert example_calendar() == CAL


def test_overlapping_terms_count_each_school_day_once() -> None:
    cal = SchoolCalendar(
        name="overlap",
        terms=(
            DateRange(start=D(2025, 1, 6), end=D(2025, 1, 10)),
            DateRange(start=D(2025, 1, 8), end=D(2025, 1, 14)),
        ),
    )
    assert cal.school_days_between(D(2025, 1, 5), D(2025, 1, 14)) == 7


# --- properties ---------------------------------------------------------------------

dates_near = st.dates(min_value=D(1999, 1, 1), max_value=D(2052, 12, 31))


@given(cal=school_calendars(), data=st.data())
def test_add_school_days_lands_on_a_school_day_n_school_days_later(
    cal: SchoolCalendar, data: st.DataObject
) -> None:
    assert cal.first_day is not None
    start = data.draw(
        st.dates(min_value=cal.first_day - dt.timedelta(days=10), max_value=cal.school_days[-1])
        if cal.school_days
        else st.just(cal.first_day)
    )
    available = cal.school_days_between(start, cal.school_days[-1]) if cal.school_days else 0
    if available == 0:
        return
    n = data.draw(st.integers(min_value=1, max_value=available))
    day = cal.add_school_days(start, n)
    assert day > start
    assert cal.is_school_day(day)
    assert cal.school_days_between(start, day) == n
    # ... and it is the first such day: the day before has one school day fewer.
    assert cal.school_days_between(start, day - dt.timedelta(days=1)) == n - 1


@given(cal=school_calendars(), data=st.data())
def test_school_days_between_counts_like_a_day_by_day_walk(
    cal: SchoolCalendar, data: st.DataObject
) -> None:
    assert cal.first_day is not None
    assert cal.last_day is not None
    around = st.dates(
        min_value=cal.first_day - dt.timedelta(days=5),
        max_value=cal.last_day + dt.timedelta(days=5),
    )
    start, end = data.draw(around), data.draw(around)
    expected = (
        naive_school_days_between(cal, start, end)
        if start <= end
        else -naive_school_days_between(cal, end, start)
    )
    assert cal.school_days_between(start, end) == expected


@given(start=st.dates(min_value=D(2024, 6, 1), max_value=D(2025, 6, 6)), n=st.integers(0, 30))
def test_add_then_count_round_trips_on_the_example_calendar(start: dt.date, n: int) -> None:
    if CAL.school_days_between(start, D(2025, 6, 6)) < n:
        return
    assert CAL.school_days_between(start, CAL.add_school_days(start, n)) == n
