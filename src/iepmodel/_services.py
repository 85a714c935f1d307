"""Services and placement: what the school provides, how often, where (300.320(a)(4)-(7))."""

from __future__ import annotations

import datetime as dt

import attrs

from ._enums import (
    Delivery,
    Facility,
    GroupSize,
    Period,
    ServiceCategory,
    ServiceSetting,
    ServiceType,
)
from ._invariants import InvariantError, checked, non_negative, percent, positive

__all__ = [
    "DEFAULT_SCHOOL_DAYS_PER_WEEK",
    "DEFAULT_WEEKS_PER_MONTH",
    "DEFAULT_WEEKS_PER_YEAR",
    "Placement",
    "Service",
]

# Conventions for turning a service's frequency into minutes a week. None of these comes
# from law; they are the usual normalisations of IEP software and
# every one is a parameter of `Service.minutes_per_week`.
DEFAULT_SCHOOL_DAYS_PER_WEEK = 5.0
"""A daily service runs on five school days a week."""
DEFAULT_WEEKS_PER_MONTH = 4.33
"""About 52 weeks over 12 months, rounded as IEP systems do."""
DEFAULT_WEEKS_PER_YEAR = 36.0
"""A school year of 180 instructional days is 36 weeks."""


@checked
@attrs.frozen(kw_only=True)
class Service:
    """
    A special education or related service, supplementary aid, or support for personnel.

    Frequency is ``minutes`` per session, ``sessions`` per ``per`` (a day, week, month or
    year); `minutes_per_week` normalises it.

    Attributes:
        type: what the service is.
        category: the kind of service; derived from *type* when not given (or `None`).
        description: free text.
        provider: the provider's title, e.g. ``speech-language pathologist``.
        setting: where, in the broad sense used for placement.
        group: individual, small group or large group.
        delivery: direct or consultation.
        location: where, e.g. ``resource room`` (required content, rule C308).
        minutes: minutes per session, greater than 0.
        sessions: sessions per period, greater than 0.
        per: the period (``week`` by default).
        start_date: projected start.
        end_date: projected end; the plan's end when absent.
        provider_staff_ids: the staff identifiers of the providers, the primary provider
            first (format v2).

    >>> s = Service(type=ServiceType.SPEECH_LANGUAGE, minutes=30, sessions=2, per=Period.MONTH,
    ...             start_date=dt.date(2025, 10, 1))
    >>> s.category
    <ServiceCategory.RELATED: 'related'>
    >>> round(s.minutes_per_week(), 2)
    13.86
    """

    type: ServiceType
    # A plain `None` default, derived in `__attrs_post_init__`: msgspec (the fast reader)
    # cannot build classes whose defaults need `self`.
    category: ServiceCategory | None = None
    description: str | None = attrs.field(default=None, repr=False)
    provider: str | None = None
    setting: ServiceSetting = ServiceSetting.GENERAL_EDUCATION
    group: GroupSize = GroupSize.SMALL_GROUP
    delivery: Delivery = Delivery.DIRECT
    location: str | None = None
    minutes: int = attrs.field(metadata=positive())
    sessions: int = attrs.field(default=1, metadata=positive())
    per: Period = Period.WEEK
    start_date: dt.date
    end_date: dt.date | None = None
    # Format v2.
    provider_staff_ids: tuple[str, ...] = attrs.field(default=(), repr=False)

    def __attrs_post_init__(self) -> None:
        # The relation between fields (each field's own constraint has held already). Also
        # run when the fast reader builds a service, so kept to inline comparisons.
        end = self.end_date
        if end is not None and end < self.start_date:
            raise InvariantError("end_date", "must be on or after start_date")
        if self.category is None:
            # `None` means "not given", as an absent key does: derive it, so that the
            # plan reads back equal (the writer leaves a `None` category out).
            object.__setattr__(self, "category", self.type.category)

    @property
    def minutes_per_period(self) -> int:
        """Minutes per `per` period: ``minutes`` × ``sessions``."""
        return self.minutes * self.sessions

    def minutes_per_week(
        self,
        *,
        school_days_per_week: float = DEFAULT_SCHOOL_DAYS_PER_WEEK,
        weeks_per_month: float = DEFAULT_WEEKS_PER_MONTH,
        weeks_per_year: float = DEFAULT_WEEKS_PER_YEAR,
    ) -> float:
        """
        Minutes a week, by the stated conversion.

        A day's minutes are multiplied by *school_days_per_week*; a month's are divided by
        *weeks_per_month*, a year's by *weeks_per_year*.

        >>> Service(type=ServiceType.SPECIALIZED_INSTRUCTION, minutes=45, sessions=4,
        ...         start_date=dt.date(2025, 10, 1)).minutes_per_week()
        180.0
        """
        total = float(self.minutes_per_period)
        if self.per is Period.DAY:
            return total * school_days_per_week
        if self.per is Period.MONTH:
            return total / weeks_per_month
        if self.per is Period.YEAR:
            return total / weeks_per_year
        return total

    def end_within(self, plan_end: dt.date) -> dt.date:
        """The service's projected end: its own end date, else *plan_end*."""
        return self.end_date if self.end_date is not None else plan_end


@checked
@attrs.frozen(kw_only=True)
class Placement:
    """
    The least restrictive environment, 34 CFR 300.114-.116 and 300.320(a)(5).

    Attributes:
        regular_class_percent: share of the school day inside the regular class, 0 to 100.
        nonparticipation_explanation: why the child will not take part with nondisabled
            children in the regular class (required below 100 %, rule C309).
        facility: the kind of school or facility.
        early_childhood_program_hours: hours a week in a regular early childhood program
            (ages 3 to 5).
        services_in_early_childhood_program: whether the child receives the majority of
            special education and related services in that program.

    >>> Placement(regular_class_percent=80).in_regular_class
    True
    """

    regular_class_percent: float = attrs.field(metadata=percent())
    nonparticipation_explanation: str | None = attrs.field(default=None, repr=False)
    facility: Facility = Facility.REGULAR_SCHOOL
    early_childhood_program_hours: float | None = attrs.field(
        default=None, metadata=non_negative()
    )
    services_in_early_childhood_program: bool | None = None

    @property
    def in_regular_class(self) -> bool:
        """Whether the child spends any part of the day in the regular class."""
        return self.regular_class_percent > 0
