"""
EDFacts educational environments: the IDEA section 618 placement code of each plan.

Two code sets (EDFacts; SPP/APR indicators 5 and 6):

- **school age** (EDFacts FS002; children aged 5 in kindergarten through 21):
  ``RC80``, ``RC79TO40``, ``RC39``, ``SS``, ``RF``, ``HH``, ``CF``, ``PPPS``;
- **early childhood** (EDFacts FS089; children aged 3 through 5 not in kindergarten):
  ``REC10YSVCS``, ``REC10YOTHLOC``, ``REC09YSVCS``, ``REC09YOTHLOC``, ``SC``, ``SS``,
  ``RF``, ``H``, ``SPL``.

**Age rules.** The age is the child's age in whole years on the count date (*as_of*;
EDFacts counts on the state's child count date). Ages 6 to 21 are school age; ages 3 and 4
early childhood; a 5-year-old is school age in kindergarten (grade ``K``, or ``TK``, which
California reports as kindergarten) or a higher grade, and early childhood in ``PK``,
``UG`` or with no grade. Under 3 and over 21: no code (outside IDEA Part B counts).

**School-age code.** By facility first: correctional facility ``CF``, parentally placed in
a private school ``PPPS``, separate school ``SS``, residential facility ``RF``,
homebound/hospital ``HH``; in a regular school, by the share of the day inside the regular
class (no rounding): 80 % or more ``RC80``, 40 % up to but not including 80 % ``RC79TO40``,
below 40 % ``RC39``. Exactly 80.0 is ``RC80``; exactly 40.0 is ``RC79TO40``.

**Early childhood code**, in the order of the FS089 decision tree:

1. the child attends a regular early childhood program (``early_childhood_program_hours``
   is more than 0): 10 hours a week or more ``REC10Y…``, less ``REC09Y…``; ``…SVCS`` when
   the child receives the majority of special education and related services in that
   program (``services_in_early_childhood_program``; when that is not recorded, when more
   than half of the plan's special education and related service minutes a week are in
   the ``general_education`` setting), ``…OTHLOC`` otherwise;
2. else by facility: separate school ``SS``, residential facility ``RF``, homebound or
   hospital ``H``;
3. else a separate special education class ``SC`` when the plan has special education
   minutes in the ``special_education`` setting;
4. else ``H`` when more than half of the special education and related service minutes
   are in the ``home`` setting;
5. else ``SPL`` (service provider or other location).

A plan without a placement gets no code (it is reported as unclassified, never guessed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

import attrs

from iepmodel._age import LeapBirthday
from iepmodel._enums import Facility, ServiceCategory, ServiceSetting
from iepmodel._plan import IEP
from iepmodel._services import Placement, Service
from iepmodel.display import Displayed, Summary

from . import _show
from ._frame import Table, column, make_table
from ._select import PlanKey, current_key, is_current, keep_max, merge_max
from .minutes import DEFAULT_CONVERSIONS, Conversions, PeriodMinutes
from .scale import Aggregation

__all__ = [
    "CODE_DESCRIPTIONS",
    "EARLY_CHILDHOOD_CODES",
    "ENVIRONMENT_CODES",
    "KINDERGARTEN_GRADES",
    "SCHOOL_AGE_CODES",
    "AgeGroup",
    "ChildCount",
    "ChildCountAggregation",
    "EarlyChildhoodEnvironment",
    "EnvironmentAggregation",
    "EnvironmentRow",
    "SchoolAgeEnvironment",
    "age_group",
    "child_count",
    "early_childhood_environment",
    "environment",
    "environments_table",
    "school_age_environment",
]


R = TypeVar("R")


class SchoolAgeEnvironment(StrEnum):
    """EDFacts educational environment codes, school age (FS002, CEDS TermId 23526)."""

    RC80 = "RC80"
    """Inside the regular class 80 % or more of the day."""
    RC79TO40 = "RC79TO40"
    """Inside the regular class 40 % up to 79 % of the day."""
    RC39 = "RC39"
    """Inside the regular class less than 40 % of the day."""
    SS = "SS"
    """Separate school."""
    RF = "RF"
    """Residential facility."""
    HH = "HH"
    """Homebound/hospital."""
    CF = "CF"
    """Correctional facility."""
    PPPS = "PPPS"
    """Parentally placed in a private school."""


class EarlyChildhoodEnvironment(StrEnum):
    """EDFacts educational environment codes, early childhood (FS089, CEDS TermId 23550)."""

    REC10YSVCS = "REC10YSVCS"
    """Regular early childhood program 10 hours a week or more; services in the program."""
    REC10YOTHLOC = "REC10YOTHLOC"
    """Regular early childhood program 10 hours or more; services at another location."""
    REC09YSVCS = "REC09YSVCS"
    """Regular early childhood program less than 10 hours; services in the program."""
    REC09YOTHLOC = "REC09YOTHLOC"
    """Regular early childhood program less than 10 hours; services at another location."""
    SC = "SC"
    """Separate special education class."""
    SS = "SS"
    """Separate school."""
    RF = "RF"
    """Residential facility."""
    H = "H"
    """Home."""
    SPL = "SPL"
    """Service provider location or some other location not in another category."""


SCHOOL_AGE_CODES: frozenset[str] = frozenset(code.value for code in SchoolAgeEnvironment)
"""Every school-age code."""
EARLY_CHILDHOOD_CODES: frozenset[str] = frozenset(code.value for code in EarlyChildhoodEnvironment)
"""Every early childhood code."""


CODE_DESCRIPTIONS: Mapping[str, str] = {
    "RC80": "inside the regular class 80% or more of the day",
    "RC79TO40": "inside the regular class 40% through 79% of the day",
    "RC39": "inside the regular class less than 40% of the day",
    "SS": "separate school",
    "RF": "residential facility",
    "HH": "homebound/hospital",
    "CF": "correctional facility",
    "PPPS": "parentally placed in a private school",
    "REC10YSVCS": "regular early childhood program 10+ hours a week, services there",
    "REC10YOTHLOC": "regular early childhood program 10+ hours a week, services elsewhere",
    "REC09YSVCS": "regular early childhood program under 10 hours a week, services there",
    "REC09YOTHLOC": "regular early childhood program under 10 hours a week, services elsewhere",
    "SC": "separate special education class",
    "H": "home",
    "SPL": "service provider or other location",
}
"""Every code (school age and early childhood) to its meaning, in words."""

ENVIRONMENT_CODES: tuple[str, ...] = tuple(
    dict.fromkeys(
        [*(c.value for c in SchoolAgeEnvironment), *(c.value for c in EarlyChildhoodEnvironment)]
    )
)
"""Every code, school age first, then the early childhood ones not already listed (``SS``
and ``RF`` are in both sets): the categories of ``environments.code``."""


class AgeGroup(StrEnum):
    """Which EDFacts count a child is in on the count date."""

    SCHOOL_AGE = "school_age"
    """5 in kindergarten through 21 (FS002, indicator 5)."""
    EARLY_CHILDHOOD = "early_childhood"
    """3 through 5, not in kindergarten (FS089, indicator 6)."""


KINDERGARTEN_GRADES: frozenset[str] = frozenset({"K", "TK", *(str(g) for g in range(1, 13))})
"""The grades in which a 5-year-old counts as school age: K, TK (California reports
transitional kindergarten as kindergarten) and 1 to 12."""

# IDEA Part B serves children aged 3 through 21 (34 CFR 300.101(a)).
_YOUNGEST = 3
_OLDEST = 21
# Kindergarten five-year-olds are school age (EDFacts FS002 from SY 2019-20).
_KINDERGARTEN_AGE = 5
_SCHOOL_AGE = 6
# FS089: a regular early childhood program "10 or more hours" a week.
_EC_HOURS = 10.0


def age_group(age: int, grade: str | None) -> AgeGroup | None:
    """
    The count a child of *age* (on the count date) in *grade* belongs to, if any.

    >>> from iepmodel.analysis import age_group
    >>> age_group(5, "K"), age_group(5, "PK"), age_group(5, None), age_group(6, "PK")
    (<AgeGroup.SCHOOL_AGE: 'school_age'>, <AgeGroup.EARLY_CHILDHOOD: 'early_childhood'>, \
<AgeGroup.EARLY_CHILDHOOD: 'early_childhood'>, <AgeGroup.SCHOOL_AGE: 'school_age'>)
    >>> age_group(2, None) is None, age_group(22, "12") is None
    (True, True)
    """
    if age < _YOUNGEST or age > _OLDEST:
        return None
    if age >= _SCHOOL_AGE:
        return AgeGroup.SCHOOL_AGE
    if age == _KINDERGARTEN_AGE and grade in KINDERGARTEN_GRADES:
        return AgeGroup.SCHOOL_AGE
    return AgeGroup.EARLY_CHILDHOOD


# Indicator 5 boundaries: "80% or more" and "less than 40%".
_RC80 = 80.0
_RC40 = 40.0

_SCHOOL_AGE_FACILITY: Mapping[Facility, SchoolAgeEnvironment] = {
    Facility.CORRECTIONAL_FACILITY: SchoolAgeEnvironment.CF,
    Facility.PRIVATE_SCHOOL_PARENT_PLACED: SchoolAgeEnvironment.PPPS,
    Facility.SEPARATE_SCHOOL: SchoolAgeEnvironment.SS,
    Facility.RESIDENTIAL_FACILITY: SchoolAgeEnvironment.RF,
    Facility.HOMEBOUND_HOSPITAL: SchoolAgeEnvironment.HH,
}


def school_age_environment(placement: Placement) -> SchoolAgeEnvironment:
    """
    The school-age code of *placement* (see the module docs).

    >>> from iepmodel.analysis import school_age_environment
    >>> [school_age_environment(Placement(regular_class_percent=p)).value
    ...  for p in (80.0, 79.9, 40.0, 39.9)]
    ['RC80', 'RC79TO40', 'RC79TO40', 'RC39']
    """
    code = _SCHOOL_AGE_FACILITY.get(placement.facility)
    if code is not None:
        return code
    if placement.regular_class_percent >= _RC80:
        return SchoolAgeEnvironment.RC80
    if placement.regular_class_percent >= _RC40:
        return SchoolAgeEnvironment.RC79TO40
    return SchoolAgeEnvironment.RC39


_SPECIAL_AND_RELATED = frozenset({ServiceCategory.SPECIAL_EDUCATION, ServiceCategory.RELATED})


def _setting_shares(
    services: Iterable[Service], conversions: Conversions
) -> tuple[dict[ServiceSetting, float], float]:
    sums: dict[ServiceSetting, PeriodMinutes] = {}
    for service in services:
        if service.category in _SPECIAL_AND_RELATED:
            sums[service.setting] = sums.get(service.setting, PeriodMinutes()) + PeriodMinutes.of(
                service
            )
    weekly = {setting: conversions.weekly_from(minutes) for setting, minutes in sums.items()}
    return weekly, sum(weekly.values())


def _majority(
    weekly: Mapping[ServiceSetting, float], total: float, setting: ServiceSetting
) -> bool:
    return total > 0 and weekly.get(setting, 0.0) * 2 > total


def early_childhood_environment(
    placement: Placement,
    services: Iterable[Service] = (),
    *,
    conversions: Conversions = DEFAULT_CONVERSIONS,
) -> EarlyChildhoodEnvironment:
    """
    The early childhood code of *placement* and the plan's *services* (see the module docs).

    >>> from iepmodel.analysis import early_childhood_environment as ec
    >>> ec(Placement(regular_class_percent=100, early_childhood_program_hours=10,
    ...              services_in_early_childhood_program=True)).value
    'REC10YSVCS'
    >>> ec(Placement(regular_class_percent=100, early_childhood_program_hours=9.5,
    ...              services_in_early_childhood_program=False)).value
    'REC09YOTHLOC'
    >>> ec(Placement(regular_class_percent=0, facility=Facility.SEPARATE_SCHOOL)).value
    'SS'
    """
    services = tuple(services)
    hours = placement.early_childhood_program_hours
    if hours is not None and hours > 0:
        in_program = placement.services_in_early_childhood_program
        if in_program is None:
            weekly, total = _setting_shares(services, conversions)
            in_program = _majority(weekly, total, ServiceSetting.GENERAL_EDUCATION)
        if hours >= _EC_HOURS:
            return (
                EarlyChildhoodEnvironment.REC10YSVCS
                if in_program
                else EarlyChildhoodEnvironment.REC10YOTHLOC
            )
        return (
            EarlyChildhoodEnvironment.REC09YSVCS
            if in_program
            else EarlyChildhoodEnvironment.REC09YOTHLOC
        )
    if placement.facility is Facility.SEPARATE_SCHOOL:
        return EarlyChildhoodEnvironment.SS
    if placement.facility is Facility.RESIDENTIAL_FACILITY:
        return EarlyChildhoodEnvironment.RF
    if placement.facility is Facility.HOMEBOUND_HOSPITAL:
        return EarlyChildhoodEnvironment.H
    if any(
        s.category is ServiceCategory.SPECIAL_EDUCATION
        and s.setting is ServiceSetting.SPECIAL_EDUCATION
        for s in services
    ):
        return EarlyChildhoodEnvironment.SC
    weekly, total = _setting_shares(services, conversions)
    if _majority(weekly, total, ServiceSetting.HOME):
        return EarlyChildhoodEnvironment.H
    return EarlyChildhoodEnvironment.SPL


@attrs.frozen(kw_only=True)
class EnvironmentRow:
    """
    A plan's educational environment on a count date (table ``environments``).

    Join key: ``plan_id`` (to the ``plans`` table).
    """

    plan_id: str = attrs.field(metadata=column("string", "the plan's id"))
    student_id: str = attrs.field(metadata=column("string", "the student's id"))
    as_of: dt.date = attrs.field(metadata=column("date", "the count date"))
    age: int | None = attrs.field(
        metadata=column("int", "age in whole years on the count date", nullable=True)
    )
    grade: str | None = attrs.field(metadata=column("string", "the grade", nullable=True))
    age_group: str | None = attrs.field(
        metadata=column(
            "string",
            "school_age, early_childhood, or none outside 3-21",
            nullable=True,
            categories=AgeGroup,
        )
    )
    code: str | None = attrs.field(
        metadata=column(
            "string",
            "EDFacts environment code; none without placement or age group",
            nullable=True,
            categories=ENVIRONMENT_CODES,
        )
    )
    basis: str = attrs.field(metadata=column("string", "how the code was found, in words"))


def environment(
    plan: IEP,
    as_of: dt.date,
    *,
    leap: LeapBirthday = "feb28",
    conversions: Conversions = DEFAULT_CONVERSIONS,
) -> EnvironmentRow:
    """
    The EDFacts environment of *plan* for a count on *as_of*.

    The plan is classified as it stands; whether it is the plan that counts on that day
    (final, in effect) is the caller's choice (`environments_table` and `child_count`
    pick it).

    >>> from iepmodel.analysis import environment
    >>> plan = IEP(id="P1", kind=PlanKind.ANNUAL,
    ...            student=Student(id="S1", date_of_birth=dt.date(2020, 9, 1), grade="K"),
    ...            placement=Placement(regular_class_percent=85),
    ...            start_date=dt.date(2025, 9, 1), end_date=dt.date(2026, 8, 31))
    >>> row = environment(plan, dt.date(2025, 10, 1))
    >>> row.age, row.age_group, row.code
    (5, 'school_age', 'RC80')
    """
    student = plan.student
    if as_of < student.date_of_birth:
        age = None
        group = None
    else:
        age = student.age_on(as_of, leap=leap)
        group = age_group(age, student.grade)
    code: str | None = None
    if group is None:
        basis = "outside the ages of the counts (3 through 21)"
    elif plan.placement is None:
        basis = f"{group.value.replace('_', ' ')}; no placement recorded"
    elif group is AgeGroup.SCHOOL_AGE:
        code = school_age_environment(plan.placement).value
        basis = f"school age; {_school_age_basis(plan.placement)}"
    else:
        code = early_childhood_environment(
            plan.placement, plan.services, conversions=conversions
        ).value
        basis = f"early childhood; {CODE_DESCRIPTIONS[code]}"
    return EnvironmentRow(
        plan_id=plan.id,
        student_id=student.id,
        as_of=as_of,
        age=age,
        grade=student.grade,
        age_group=group.value if group is not None else None,
        code=code,
        basis=basis,
    )


def _school_age_basis(placement: Placement) -> str:
    if placement.facility in _SCHOOL_AGE_FACILITY:
        return f"facility {placement.facility.value}"
    return f"{placement.regular_class_percent:g}% of the day in the regular class"


def environments_table(
    plans: Iterable[IEP],
    as_of: dt.date,
    *,
    current_only: bool = True,
    leap: LeapBirthday = "feb28",
    conversions: Conversions = DEFAULT_CONVERSIONS,
) -> Table[EnvironmentRow]:
    """
    The environment of each plan on the count date *as_of*.

    Args:
        plans: any iterable of plans (read once).
        as_of: the count date.
        current_only: keep only the plan that counts for each student on *as_of* (final,
            in effect, the latest; rows sorted by plan id); otherwise every plan, in input
            order.
        leap: the Feb 29 birthday convention for ages.
        conversions: the frequency conventions (for the early childhood majority test).
    """
    if not current_only:
        return make_table(
            "environments",
            EnvironmentRow,
            (environment(p, as_of, leap=leap, conversions=conversions) for p in plans),
        )
    aggregation = ChildCountAggregation(as_of=as_of, leap=leap, conversions=conversions)
    rows = sorted(
        (row for _, row in aggregation.partial(plans).values()), key=lambda row: row.plan_id
    )
    return make_table("environments", EnvironmentRow, rows)


EnvironmentPartial = dict[str, tuple[PlanKey, EnvironmentRow]]
"""Student id to (rank, row) of the plan that counts."""


@attrs.frozen(kw_only=True)
class EnvironmentAggregation(Aggregation[EnvironmentPartial, R]):
    """
    The environment of each student's current plan on *as_of*, mergeable.

    Subclasses count the merged rows in ``finish`` (`ChildCountAggregation`,
    `iepmodel.analysis.Indicator5Aggregation`, `iepmodel.analysis.Indicator6Aggregation`).

    Attributes:
        as_of: the count date.
        leap: the Feb 29 birthday convention for ages.
        conversions: the frequency conventions (early childhood majority test).
    """

    as_of: dt.date
    leap: LeapBirthday = "feb28"
    conversions: Conversions = DEFAULT_CONVERSIONS

    def partial(self, plans: Iterable[IEP]) -> EnvironmentPartial:
        """The current plan of each student in one stream, classified."""
        store: EnvironmentPartial = {}
        for plan in plans:
            if is_current(plan, self.as_of):
                rank = current_key(plan)
                old = store.get(plan.student.id)
                if old is None or rank > old[0]:
                    row = environment(
                        plan, self.as_of, leap=self.leap, conversions=self.conversions
                    )
                    keep_max(store, plan.student.id, rank, row)
        return store

    def merge(self, partials: Iterable[EnvironmentPartial]) -> EnvironmentPartial:
        """Keep each student's current plan across partitions."""
        return merge_max(partials)


@attrs.frozen(kw_only=True, repr=False)
class ChildCount(Displayed):
    """
    The IDEA section 618 child count by educational environment on a date.

    Attributes:
        as_of: the count date.
        school_age: code to the sorted plan ids with it (every school-age code is present).
        early_childhood: the same for the early childhood codes.
        unclassified: plan ids in an age group but without a placement.
    """

    as_of: dt.date
    school_age: Mapping[str, tuple[str, ...]]
    early_childhood: Mapping[str, tuple[str, ...]]
    unclassified: tuple[str, ...]

    def _summary_(self) -> Summary:
        return _show.child_count(self)

    def counts(self) -> dict[tuple[str, str], int]:
        """(age group, code) to the number of children."""
        result: dict[tuple[str, str], int] = {}
        for code, ids in self.school_age.items():
            result[AgeGroup.SCHOOL_AGE.value, code] = len(ids)
        for code, ids in self.early_childhood.items():
            result[AgeGroup.EARLY_CHILDHOOD.value, code] = len(ids)
        return result


def _group_codes(
    partial: EnvironmentPartial, group: AgeGroup, codes: Iterable[str]
) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    by_code: dict[str, list[str]] = {code: [] for code in codes}
    unclassified: list[str] = []
    for _, row in partial.values():
        if row.age_group != group.value:
            continue
        if row.code is None:
            unclassified.append(row.plan_id)
        else:
            by_code[row.code].append(row.plan_id)
    return {code: tuple(sorted(ids)) for code, ids in by_code.items()}, tuple(sorted(unclassified))


def group_codes(
    partial: EnvironmentPartial, group: AgeGroup
) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """Code to sorted plan ids, and the unclassified plan ids, of one age group."""
    codes = (
        [c.value for c in SchoolAgeEnvironment]
        if group is AgeGroup.SCHOOL_AGE
        else [c.value for c in EarlyChildhoodEnvironment]
    )
    return _group_codes(partial, group, codes)


@attrs.frozen(kw_only=True)
class ChildCountAggregation(EnvironmentAggregation[ChildCount]):
    """The mergeable computation behind `child_count`."""

    def finish(self, partial: EnvironmentPartial) -> ChildCount:
        """Count the children by code."""
        school, school_unclassified = group_codes(partial, AgeGroup.SCHOOL_AGE)
        early, early_unclassified = group_codes(partial, AgeGroup.EARLY_CHILDHOOD)
        return ChildCount(
            as_of=self.as_of,
            school_age=school,
            early_childhood=early,
            unclassified=tuple(sorted(school_unclassified + early_unclassified)),
        )


def child_count(
    plans: Iterable[IEP],
    as_of: dt.date,
    *,
    leap: LeapBirthday = "feb28",
    conversions: Conversions = DEFAULT_CONVERSIONS,
) -> ChildCount:
    """
    The child count by educational environment on *as_of*: one plan per student.

    >>> from iepmodel.analysis import child_count
    >>> child_count([], dt.date(2025, 10, 1)).counts()[("school_age", "RC80")]
    0
    """
    return ChildCountAggregation(as_of=as_of, leap=leap, conversions=conversions)(plans)
