"""EDFacts educational environments: codes, age rules and the child count, from the definitions."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis_helpers import COUNT_DATE, D, age_on_count_date, placement, plan, service
from iepmodel import IEP, Facility, Placement, PlanStatus, Service, ServiceSetting, ServiceType
from iepmodel.analysis import (
    CODE_DESCRIPTIONS,
    EARLY_CHILDHOOD_CODES,
    SCHOOL_AGE_CODES,
    AgeGroup,
    age_group,
    child_count,
    early_childhood_environment,
    environment,
    environments_table,
    school_age_environment,
)
from iepmodel.testing.strategies import plans

# --- school age: the share of the day in the regular class, and facilities ----------------


@pytest.mark.parametrize(
    ("percent", "code"),
    [
        (100, "RC80"),
        (80.0, "RC80"),  # exactly 80 % is "80 % or more"
        (79.9, "RC79TO40"),
        (79.999, "RC79TO40"),  # no rounding up to 80
        (40.0, "RC79TO40"),  # exactly 40 % is not "less than 40 %"
        (39.9, "RC39"),
        (0, "RC39"),
    ],
)
def test_regular_class_share_gives_the_band_with_exact_boundaries(
    percent: float, code: str
) -> None:
    assert school_age_environment(placement(percent)).value == code


@pytest.mark.parametrize(
    ("facility", "code"),
    [
        (Facility.SEPARATE_SCHOOL, "SS"),
        (Facility.RESIDENTIAL_FACILITY, "RF"),
        (Facility.HOMEBOUND_HOSPITAL, "HH"),
        (Facility.CORRECTIONAL_FACILITY, "CF"),
        (Facility.PRIVATE_SCHOOL_PARENT_PLACED, "PPPS"),
    ],
)
def test_facility_decides_the_school_age_code_whatever_the_share(
    facility: Facility, code: str
) -> None:
    assert school_age_environment(placement(100, facility)).value == code


# --- age rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "grade", "group"),
    [
        (5, "K", AgeGroup.SCHOOL_AGE),
        (5, "TK", AgeGroup.SCHOOL_AGE),
        (5, "1", AgeGroup.SCHOOL_AGE),
        (5, "PK", AgeGroup.EARLY_CHILDHOOD),
        (5, None, AgeGroup.EARLY_CHILDHOOD),
        (5, "UG", AgeGroup.EARLY_CHILDHOOD),
        (4, "K", AgeGroup.EARLY_CHILDHOOD),
        (3, None, AgeGroup.EARLY_CHILDHOOD),
        (6, "PK", AgeGroup.SCHOOL_AGE),
        (21, "12", AgeGroup.SCHOOL_AGE),
        (2, "PK", None),
        (22, "12", None),
    ],
)
def test_age_group_follows_the_edfacts_age_rules(
    age: int, grade: str | None, group: AgeGroup | None
) -> None:
    assert age_group(age, grade) is group


def test_five_year_old_in_kindergarten_is_school_age_and_in_preschool_early_childhood() -> None:
    born = age_on_count_date(5)
    in_k = plan("K5", born=born, grade="K", place=placement(85))
    in_pk = plan("PK5", born=born, grade="PK", place=placement(85, hours=12, in_program=True))
    row_k, row_pk = environment(in_k, COUNT_DATE), environment(in_pk, COUNT_DATE)
    assert (row_k.age, row_k.age_group, row_k.code) == (5, "school_age", "RC80")
    assert (row_pk.age, row_pk.age_group, row_pk.code) == (5, "early_childhood", "REC10YSVCS")


def test_child_turning_three_on_the_count_date_is_counted_and_the_day_after_is_not() -> None:
    on_the_day = plan("T3", born=D(2022, 10, 1), place=placement(100, hours=10, in_program=True))
    day_after = plan("T3b", born=D(2022, 10, 2), place=placement(100, hours=10, in_program=True))
    assert environment(on_the_day, COUNT_DATE).age == 3
    assert environment(on_the_day, COUNT_DATE).code == "REC10YSVCS"
    assert environment(day_after, COUNT_DATE).age == 2
    assert environment(day_after, COUNT_DATE).code is None
    assert environment(day_after, COUNT_DATE).age_group is None


def test_child_turning_six_on_the_count_date_is_school_age_even_in_preschool() -> None:
    six = plan("T6", born=D(2019, 10, 1), grade="PK", place=placement(50, hours=12))
    still_five = plan("T6b", born=D(2019, 10, 2), grade="PK", place=placement(50, hours=12))
    assert (environment(six, COUNT_DATE).age_group, environment(six, COUNT_DATE).code) == (
        "school_age",
        "RC79TO40",
    )
    assert environment(still_five, COUNT_DATE).age_group == "early_childhood"


def test_leap_day_birthday_uses_the_convention_for_the_age_on_the_count_date() -> None:
    leapling = plan(
        "L",
        born=D(2020, 2, 29),
        grade="PK",
        start=D(2024, 9, 1),
        end=D(2025, 6, 30),
        place=placement(100, hours=10, in_program=True),
    )
    count = D(2025, 2, 28)
    assert environment(leapling, count).age == 5
    assert environment(leapling, count, leap="mar1").age == 4


# --- early childhood ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "in_program", "code"),
    [
        (10, True, "REC10YSVCS"),  # exactly 10 hours is "10 or more"
        (10, False, "REC10YOTHLOC"),
        (9.99, True, "REC09YSVCS"),
        (2, False, "REC09YOTHLOC"),
    ],
)
def test_regular_early_childhood_program_codes_by_hours_and_where_services_are(
    hours: float,
    in_program: bool,
    code: str,
) -> None:
    assert early_childhood_environment(placement(100, hours=hours, in_program=in_program)) == code


def test_where_services_are_is_derived_from_minutes_when_the_plan_does_not_say() -> None:
    mostly_in_class = [
        service(ServiceType.SPEECH_LANGUAGE, minutes=60, setting=ServiceSetting.GENERAL_EDUCATION),
        service(ServiceType.OCCUPATIONAL_THERAPY, minutes=30, setting=ServiceSetting.OTHER),
    ]
    mostly_clinic = [
        service(ServiceType.SPEECH_LANGUAGE, minutes=30, setting=ServiceSetting.GENERAL_EDUCATION),
        service(ServiceType.OCCUPATIONAL_THERAPY, minutes=30, setting=ServiceSetting.OTHER),
    ]
    place = placement(100, hours=15)
    assert early_childhood_environment(place, mostly_in_class) == "REC10YSVCS"
    # exactly half is not a majority
    assert early_childhood_environment(place, mostly_clinic) == "REC10YOTHLOC"
    assert early_childhood_environment(place, []) == "REC10YOTHLOC"


@pytest.mark.parametrize(
    ("place", "services", "code"),
    [
        (placement(0, Facility.SEPARATE_SCHOOL), [], "SS"),
        (placement(0, Facility.RESIDENTIAL_FACILITY), [], "RF"),
        (placement(0, Facility.HOMEBOUND_HOSPITAL), [], "H"),
        (placement(0), [service(setting=ServiceSetting.SPECIAL_EDUCATION)], "SC"),
        (
            placement(0),
            [
                service(ServiceType.SPEECH_LANGUAGE, minutes=60, setting=ServiceSetting.HOME),
                service(ServiceType.PHYSICAL_THERAPY, minutes=30, setting=ServiceSetting.OTHER),
            ],
            "H",
        ),
        (
            placement(0),
            [service(ServiceType.SPEECH_LANGUAGE, setting=ServiceSetting.OTHER)],
            "SPL",
        ),
        (placement(0), [], "SPL"),
        # hours of 0 is not attending a regular program
        (placement(0, hours=0), [service(setting=ServiceSetting.SPECIAL_EDUCATION)], "SC"),
    ],
)
def test_early_childhood_codes_outside_a_regular_program(
    place: Placement, services: list[Service], code: str
) -> None:
    assert early_childhood_environment(place, services) == code


def test_a_plan_without_placement_gets_no_code() -> None:
    row = environment(plan("NP", born=age_on_count_date(10)), COUNT_DATE)
    assert (row.age_group, row.code) == ("school_age", None)


# --- which plan counts ----------------------------------------------------------------------


def test_child_count_uses_each_students_latest_final_plan_in_effect() -> None:
    born = age_on_count_date(9)
    plans_ = [
        plan(
            "old",
            born=born,
            student_id="S1",
            start=D(2024, 9, 1),
            end=D(2025, 8, 31),
            place=placement(20),
        ),
        plan("current", born=born, student_id="S1", start=D(2025, 9, 1), place=placement(90)),
        plan("amended", born=born, student_id="S1", start=D(2025, 9, 20), place=placement(60)),
        plan(
            "draft",
            born=born,
            student_id="S1",
            start=D(2025, 9, 25),
            place=placement(10),
            status=PlanStatus.DRAFT,
        ),
        plan("future", born=born, student_id="S1", start=D(2025, 10, 2), place=placement(10)),
        plan("other", born=born, student_id="S2", place=placement(100, Facility.SEPARATE_SCHOOL)),
    ]
    count = child_count(plans_, COUNT_DATE)
    assert count.school_age["RC79TO40"] == ("amended",)
    assert count.school_age["SS"] == ("other",)
    assert sum(len(ids) for ids in count.school_age.values()) == 2
    assert [r.plan_id for r in environments_table(plans_, COUNT_DATE)] == ["amended", "other"]
    assert len(environments_table(plans_, COUNT_DATE, current_only=False)) == 6


def test_child_count_does_not_depend_on_the_order_of_the_plans() -> None:
    born = age_on_count_date(9)
    a = plan("A", born=born, student_id="S1", place=placement(90))
    b = plan("B", born=born, student_id="S1", place=placement(10))  # same start: id decides
    assert child_count([a, b], COUNT_DATE) == child_count([b, a], COUNT_DATE)
    assert child_count([a, b], COUNT_DATE).school_age["RC39"] == ("B",)


# --- properties -------------------------------------------------------------------------------


@settings(deadline=None)
@given(plans(), st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2050, 1, 1)))
def test_environment_code_is_always_one_of_the_listed_codes_of_its_age_group(
    plan_: IEP, as_of: dt.date
) -> None:
    row = environment(plan_, as_of)
    if row.age_group == "school_age":
        assert row.code is None or row.code in SCHOOL_AGE_CODES
    elif row.age_group == "early_childhood":
        assert row.code is None or row.code in EARLY_CHILDHOOD_CODES
    else:
        assert row.code is None
    has_placement = plan_.placement is not None
    assert (row.code is not None) == (row.age_group is not None and has_placement)


@settings(deadline=None)
@given(
    st.lists(plans(), max_size=8),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2046, 1, 1)),
)
def test_environments_table_has_one_row_per_student_with_a_current_plan(
    plans_: list[IEP], as_of: dt.date
) -> None:
    rows = environments_table(plans_, as_of)
    students = [row.student_id for row in rows]
    current = {p.student.id for p in plans_ if p.is_final and p.in_effect_on(as_of)}
    assert len(students) == len(set(students))
    assert set(students) == current
    count = child_count(plans_, as_of)
    coded = sum(len(ids) for ids in (*count.school_age.values(), *count.early_childhood.values()))
    assert coded + len(count.unclassified) == sum(1 for row in rows if row.age_group is not None)


def test_every_code_is_described_and_the_row_says_how_it_was_found() -> None:
    assert set(CODE_DESCRIPTIONS) == SCHOOL_AGE_CODES | EARLY_CHILDHOOD_CODES
    school = environment(plan("B", born=age_on_count_date(10), place=placement(80)), COUNT_DATE)
    assert school.basis == "school age; 80% of the day in the regular class"
    early = environment(
        plan("E", born=age_on_count_date(4), place=placement(100, hours=10, in_program=False)),
        COUNT_DATE,
    )
    assert early.basis == "early childhood; " + CODE_DESCRIPTIONS["REC10YOTHLOC"]
