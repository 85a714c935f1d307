"""
The `Profile` type: one jurisdiction's settings for the rules, with their legal sources.

A profile is plain data. The numbers come from law (each one cited in
`Profile.citations`); the counting conventions that no law fixes are settings marked
``[C]`` in their citation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import attrs

from iepmodel._age import LeapBirthday
from iepmodel._enums import DisabilityCategory, Role

__all__ = [
    "IDENTITY_FIELDS",
    "AnnualConvention",
    "DayCounting",
    "EndOfYearRule",
    "EvaluationEndEvent",
    "Profile",
    "UnknownJurisdictionError",
]


class DayCounting(StrEnum):
    """
    How the days of a timeline are counted.

    Members:
        CALENDAR: every day counts (34 CFR 300.11(a): "day" means calendar day).
        SCHOOL_DAYS: only school days count (Texas, Illinois, Ontario).
        CALENDAR_EXCLUDING_LONG_BREAKS: calendar days, except the days between terms and
            breaks of more than the profile's threshold of school days (California).
        CALENDAR_EXCLUDING_SUMMER: calendar days, except the days from the day after the
            last day of the spring term to the day before the first day of the fall term
            (Pennsylvania).
    """

    CALENDAR = "calendar"
    SCHOOL_DAYS = "school_days"
    CALENDAR_EXCLUDING_LONG_BREAKS = "calendar_excluding_long_breaks"
    CALENDAR_EXCLUDING_SUMMER = "calendar_excluding_summer"


class EvaluationEndEvent(StrEnum):
    """
    The event that stops the initial evaluation clock.

    Members:
        COMPLETED: the evaluation is completed (federal: "conducted", 34 CFR
            300.301(c)(1); Texas: the written report; Pennsylvania: the report to the
            parents). Read from the evaluation's ``completed_date``.
        ELIGIBILITY: the evaluation *and* the eligibility conference (Illinois): the later
            of ``completed_date`` and ``eligibility_date``; an evaluation with only an
            ``eligibility_date`` counts as done that day.
        IEP_MEETING: the initial IEP itself (California, Cal. Educ. Code 56344(a)): the
            date of the student's initial IEP meeting, or the completion while no such
            meeting is known.

    A completion date agreed on a transfer (34 CFR 300.301(d)(2), (e)) dates the
    evaluation only: against it the completion decides, whatever the end event.
    """

    COMPLETED = "completed"
    ELIGIBILITY = "eligibility"
    IEP_MEETING = "iep_meeting"


class AnnualConvention(StrEnum):
    """
    What "annually" means for a review due from the last review meeting M.

    Members:
        ANNIVERSARY_MINUS_ONE: M + 1 year - 1 day (the default: the strictest).
        ANNIVERSARY: M + 1 year.
        DAYS_365: M + 365 days.
    """

    ANNIVERSARY_MINUS_ONE = "anniversary_minus_one"
    ANNIVERSARY = "anniversary"
    DAYS_365 = "days_365"


def _frozen_mapping(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(value))


def _role_set(value: Iterable[Role | str]) -> frozenset[Role]:
    return frozenset(Role(role) for role in value)


def _str_set(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        msg = "expected a collection of rule codes, not one string"
        raise TypeError(msg)
    return frozenset(value)


def _category_years(value: Mapping[DisabilityCategory | str, int]) -> Mapping[Any, Any]:
    return MappingProxyType({DisabilityCategory(key): years for key, years in value.items()})


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value < 0:
        msg = f"{attribute.name} must not be negative"
        raise ValueError(msg)


def _positive(_: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value <= 0:
        msg = f"{attribute.name} must be greater than 0"
        raise ValueError(msg)


def _leap(_: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if value not in ("feb28", "mar1"):
        msg = f"{attribute.name} must be 'feb28' or 'mar1'"
        raise ValueError(msg)


def _months(_: object, attribute: attrs.Attribute[Any], value: int) -> None:
    if not 0 <= value <= 11:
        msg = f"{attribute.name} must be between 0 and 11"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class EndOfYearRule:
    """
    A state rule for consent given late in the school year (Texas, California).

    When consent comes between `min_days` and `max_days` (both included) before the last
    school day of the school year, counted in `window` days, the initial evaluation is
    due on a fixed day instead of by the ordinary count:

    - `due_month_day` (Texas: June 30 of that year, TEC 29.004(a-1)); or
    - `days_after_next_year` days after the first school day of the next school year
      (California: 30 days, Cal. Educ. Code 56344(a)).

    `meeting_school_day_of_next_year` is the school day of the next school year by which
    the team meets on the evaluation (Texas: the 15th), reported in the basis.

    Attributes:
        window: how the distance from consent to the year's last school day is counted.
        min_days: the least distance for the rule to apply.
        max_days: the greatest distance for the rule to apply.
        due_month_day: the fixed (month, day) the evaluation is due in the same year.
        days_after_next_year: calendar days after the next school year's first day.
        meeting_school_day_of_next_year: the meeting's latest school day of the next year.
    """

    window: DayCounting = attrs.field(converter=DayCounting)
    min_days: int = attrs.field(validator=_non_negative)
    max_days: int = attrs.field(validator=_non_negative)
    due_month_day: tuple[int, int] | None = None
    days_after_next_year: int | None = attrs.field(default=None, validator=_non_negative)
    meeting_school_day_of_next_year: int | None = attrs.field(default=None, validator=_positive)

    def __attrs_post_init__(self) -> None:
        if self.window not in (DayCounting.CALENDAR, DayCounting.SCHOOL_DAYS):
            msg = "window must be counted in calendar days or school days"
            raise ValueError(msg)
        if self.min_days > self.max_days:
            msg = "min_days must not be greater than max_days"
            raise ValueError(msg)
        if (self.due_month_day is None) == (self.days_after_next_year is None):
            msg = "set exactly one of due_month_day and days_after_next_year"
            raise ValueError(msg)


IDENTITY_FIELDS = frozenset({"code", "name", "parent", "citations"})
"""The fields of `Profile` that name it rather than set a rule."""


@attrs.frozen(kw_only=True)
class Profile:
    """
    A jurisdiction's settings for the rules, each with its legal source.

    Get a shipped profile with `iepmodel.jurisdiction` and make your own with
    `iepmodel.jurisdictions.derive`. Every setting that comes from law is cited in
    `citations` (setting name -> source); conventions no law fixes are marked ``[C]``.

    Attributes:
        code: ISO 3166-style code: ``US``, ``US-TX``, ``CA-ON``.
        name: the jurisdiction's name.
        parent: the code of the profile this one inherits from, or `None`.
        initial_evaluation_days: days from consent to a completed initial evaluation.
        initial_evaluation_counting: how those days are counted.
        initial_evaluation_absence_threshold: with school days, absences that extend the
            deadline when the child misses at least this many (Texas: 3); `None`: never.
        initial_evaluation_long_break_days: with
            ``calendar_excluding_long_breaks``, a break of more than this many school days
            is not counted (California: 5).
        initial_evaluation_end_event: what must happen by the initial evaluation's
            deadline (see `EvaluationEndEvent`).
        initial_evaluation_end_of_year: the state's rule for consent late in the school
            year, if any.
        initial_iep_meeting_days: days from the eligibility determination (Ontario: the
            placement) to the initial IEP meeting.
        initial_iep_meeting_counting: how those days are counted.
        annual_convention: what "annually" means for the annual review and reevaluation.
        reevaluation_years: the longest time between evaluations, in years.
        reevaluation_years_by_category: shorter limits for some disability categories.
        reevaluation_min_years: the shortest time between evaluations without agreement.
        transition_age_years: the age at which transition content becomes required ...
        transition_age_months: ... plus these months (Illinois: 14 years 6 months).
        age_of_majority: the age at which rights transfer to the student.
        meeting_notice_min_days: the least days between the notice and the meeting.
        excusal_input_lead_days: days before the meeting an excused member's written
            input is due (0: on or before the meeting day).
        parent_contact_attempts: documented attempts needed to meet without a parent.
        allow_dual_teacher_role: whether one person may be both the regular and the
            special education teacher.
        non_excusable_roles: roles that may never be excused.
        leap_birthday: where a Feb 29 birthday falls in a common year.
        warn_days: how far ahead "due soon" warnings look.
        disabled_rules: rule codes the profile switches off.
        citations: setting name -> legal source (or ``[C]`` convention).

    >>> import iepmodel
    >>> tx = iepmodel.jurisdiction("us-tx")
    >>> tx.code, tx.parent, tx.initial_evaluation_days, str(tx.initial_evaluation_counting)
    ('US-TX', 'US', 45, 'school_days')
    >>> tx.citations["initial_evaluation_days"]
    'Tex. Educ. Code 29.004(a)(1)'
    """

    code: str = attrs.field(validator=attrs.validators.min_len(1))
    name: str
    parent: str | None
    initial_evaluation_days: int = attrs.field(validator=_positive)
    initial_evaluation_counting: DayCounting = attrs.field(converter=DayCounting)
    initial_evaluation_absence_threshold: int | None = attrs.field(validator=_positive)
    initial_evaluation_long_break_days: int | None = attrs.field(
        default=None, validator=_non_negative
    )
    initial_evaluation_end_of_year: EndOfYearRule | None = None
    initial_evaluation_end_event: EvaluationEndEvent = attrs.field(
        default=EvaluationEndEvent.COMPLETED, converter=EvaluationEndEvent
    )
    initial_iep_meeting_days: int = attrs.field(validator=_positive)
    initial_iep_meeting_counting: DayCounting = attrs.field(
        default=DayCounting.CALENDAR, converter=DayCounting
    )
    annual_convention: AnnualConvention = attrs.field(converter=AnnualConvention)
    reevaluation_years: int = attrs.field(validator=_positive)
    reevaluation_years_by_category: Mapping[DisabilityCategory, int] = attrs.field(
        converter=_category_years, hash=False
    )
    reevaluation_min_years: int = attrs.field(validator=_non_negative)
    transition_age_years: int = attrs.field(validator=_non_negative)
    transition_age_months: int = attrs.field(validator=_months)
    age_of_majority: int = attrs.field(validator=_positive)
    meeting_notice_min_days: int | None = attrs.field(validator=_non_negative)
    excusal_input_lead_days: int = attrs.field(validator=_non_negative)
    parent_contact_attempts: int = attrs.field(validator=_non_negative)
    allow_dual_teacher_role: bool
    non_excusable_roles: frozenset[Role] = attrs.field(converter=_role_set)
    leap_birthday: LeapBirthday = attrs.field(validator=_leap)
    warn_days: int = attrs.field(validator=_non_negative)
    disabled_rules: frozenset[str] = attrs.field(converter=_str_set)
    citations: Mapping[str, str] = attrs.field(converter=_frozen_mapping, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        counting_needs_threshold = (
            self.initial_evaluation_counting is DayCounting.CALENDAR_EXCLUDING_LONG_BREAKS
        )
        if counting_needs_threshold and self.initial_evaluation_long_break_days is None:
            msg = (
                "initial_evaluation_long_break_days is required with "
                "calendar_excluding_long_breaks counting"
            )
            raise ValueError(msg)
        if self.reevaluation_min_years > self.reevaluation_years:
            msg = "reevaluation_min_years must not exceed reevaluation_years"
            raise ValueError(msg)
        names = {field.name for field in attrs.fields(Profile)}
        unknown = sorted(set(self.citations) - names)
        if unknown:
            msg = f"citations for unknown settings: {', '.join(unknown)}"
            raise ValueError(msg)

    def reevaluation_years_for(self, category: DisabilityCategory | None) -> int:
        """
        The longest time between evaluations for a child of *category*, in years.

        >>> import iepmodel
        >>> from iepmodel import DisabilityCategory as C
        >>> pa = iepmodel.jurisdiction("US-PA")
        >>> pa.reevaluation_years_for(C.INTELLECTUAL_DISABILITY), pa.reevaluation_years_for(None)
        (2, 3)
        """
        if category is None:
            return self.reevaluation_years
        return self.reevaluation_years_by_category.get(category, self.reevaluation_years)

    def is_enabled(self, rule_code: str) -> bool:
        """Whether the rule *rule_code* applies under this profile."""
        return rule_code not in self.disabled_rules

    def settings(self) -> dict[str, Any]:
        """The profile's settings (every field but the identity ones), by name."""
        return {
            field.name: getattr(self, field.name)
            for field in attrs.fields(Profile)
            if field.name not in IDENTITY_FIELDS
        }


class UnknownJurisdictionError(LookupError, ValueError):
    """
    No profile has the code asked for.

    It is both a `LookupError` and a `ValueError`; the message names the code and lists
    the known ones.

    Attributes:
        code: the code that was asked for.
        known: the codes that exist.
    """

    def __init__(self, code: str, known: Iterable[str]) -> None:
        self.code = code
        self.known = tuple(known)
        super().__init__(
            f"unknown jurisdiction {code!r}; known jurisdictions: {', '.join(self.known)}"
        )
