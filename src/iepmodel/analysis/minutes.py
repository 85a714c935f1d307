"""
Service minutes: minutes a week per service and per plan, by category and by setting.

A service's frequency is *minutes* per session, *sessions* per period (a day, week, month
or year). It is turned into minutes a week with three conventions, none of which comes
from law (they are the usual normalisations of IEP software), so each is a
parameter, gathered in `Conversions`:

- a daily service runs on ``school_days_per_week`` days a week (default 5);
- a month has ``weeks_per_month`` weeks (default 4.33, about 52 / 12);
- a school year has ``weeks_per_year`` weeks (default 36: 180 instructional days).

Totals are exact and do not depend on the order of the services or of the plans: the
whole minutes per period are added as integers, and converted to minutes a week once, at
the end (so a plan's total can differ from the sum of its services' rounded floats in the
last binary digit, never more). That is what lets a partitioned (Dask) run give the same
numbers as a single process.

>>> from iepmodel.analysis import Conversions
>>> svc = Service(type=ServiceType.SPEECH_LANGUAGE, minutes=30, sessions=2, per=Period.MONTH,
...               start_date=dt.date(2025, 10, 1))
>>> round(Conversions().weekly(svc), 2), round(Conversions(weeks_per_month=4.0).weekly(svc), 2)
(13.86, 15.0)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping

import attrs

from iepmodel._enums import Delivery, Period, ServiceCategory, ServiceSetting, ServiceType
from iepmodel._plan import IEP
from iepmodel._services import (
    DEFAULT_SCHOOL_DAYS_PER_WEEK,
    DEFAULT_WEEKS_PER_MONTH,
    DEFAULT_WEEKS_PER_YEAR,
    Service,
)
from iepmodel.display import Displayed, Summary

from . import _show
from ._frame import Table, column, make_table
from .scale import Aggregation

__all__ = [
    "Conversions",
    "MinutesRow",
    "MinutesSummary",
    "MinutesSummaryAggregation",
    "PeriodMinutes",
    "PlanMinutes",
    "ServiceMinutesRow",
    "minutes_summary",
    "minutes_table",
    "plan_minutes",
    "service_active_on",
    "service_minutes_table",
]


def _positive(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not value > 0:
        msg = f"{attribute.name} must be greater than 0"
        raise ValueError(msg)


def _days_per_week(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0 < value <= 7:
        msg = f"{attribute.name} must be greater than 0 and at most 7"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Conversions:
    """
    How a service's frequency becomes minutes a week (the defaults of `Service.minutes_per_week`).

    Attributes:
        school_days_per_week: days a week a daily service runs (0 < days <= 7; default 5).
        weeks_per_month: weeks in a month (default 4.33).
        weeks_per_year: weeks in a school year (default 36).

    >>> from iepmodel.analysis import Conversions, PeriodMinutes
    >>> Conversions().weekly_from(PeriodMinutes(day=30, month=433))
    250.0
    """

    school_days_per_week: float = attrs.field(
        default=DEFAULT_SCHOOL_DAYS_PER_WEEK, validator=_days_per_week
    )
    weeks_per_month: float = attrs.field(default=DEFAULT_WEEKS_PER_MONTH, validator=_positive)
    weeks_per_year: float = attrs.field(default=DEFAULT_WEEKS_PER_YEAR, validator=_positive)

    def weekly(self, service: Service) -> float:
        """*service*'s minutes a week (`Service.minutes_per_week` with these conventions)."""
        return service.minutes_per_week(
            school_days_per_week=self.school_days_per_week,
            weeks_per_month=self.weeks_per_month,
            weeks_per_year=self.weeks_per_year,
        )

    def weekly_from(self, minutes: PeriodMinutes) -> float:
        """Minutes a week of whole minutes per period, converted once."""
        return (
            minutes.day * self.school_days_per_week
            + minutes.week
            + minutes.month / self.weeks_per_month
            + minutes.year / self.weeks_per_year
        )


DEFAULT_CONVERSIONS = Conversions()


@attrs.frozen(kw_only=True)
class PeriodMinutes:
    """
    Whole minutes per day, week, month and year, added exactly (integers).

    >>> from iepmodel.analysis import PeriodMinutes
    >>> PeriodMinutes(day=10) + PeriodMinutes(day=5, week=60)
    PeriodMinutes(day=15, week=60, month=0, year=0)
    """

    day: int = 0
    week: int = 0
    month: int = 0
    year: int = 0

    @classmethod
    def of(cls, service: Service) -> PeriodMinutes:
        """The minutes per period of one service (``minutes`` × ``sessions``)."""
        total = service.minutes_per_period
        if service.per is Period.DAY:
            return cls(day=total)
        if service.per is Period.MONTH:
            return cls(month=total)
        if service.per is Period.YEAR:
            return cls(year=total)
        return cls(week=total)

    def __add__(self, other: PeriodMinutes) -> PeriodMinutes:
        return PeriodMinutes(
            day=self.day + other.day,
            week=self.week + other.week,
            month=self.month + other.month,
            year=self.year + other.year,
        )


def service_active_on(service: Service, plan: IEP, day: dt.date) -> bool:
    """Whether *service* runs on *day*: from its start through its end (the plan's end)."""
    return service.start_date <= day <= service.end_within(plan.end_date)


def _services(plan: IEP, as_of: dt.date | None) -> Iterator[tuple[int, Service]]:
    for index, service in enumerate(plan.services):
        if as_of is None or service_active_on(service, plan, as_of):
            yield index, service


@attrs.frozen(kw_only=True)
class ServiceMinutesRow:
    """
    One service of one plan, with its minutes a week (table ``service_minutes``).

    Join key: (``plan_id``, ``service_index``), the same as the ``services`` table.
    """

    plan_id: str = attrs.field(metadata=column("string", "the plan's id"))
    service_index: int = attrs.field(
        metadata=column("int", "position of the service in the plan, from 0")
    )
    type: str = attrs.field(metadata=column("string", "ServiceType value", categories=ServiceType))
    category: str | None = attrs.field(
        metadata=column(
            "string",
            "ServiceCategory value (none for type other)",
            nullable=True,
            categories=ServiceCategory,
        )
    )
    setting: str = attrs.field(
        metadata=column("string", "ServiceSetting value", categories=ServiceSetting)
    )
    delivery: str = attrs.field(metadata=column("string", "Delivery value", categories=Delivery))
    per: str = attrs.field(metadata=column("string", "Period value", categories=Period))
    minutes_per_period: int = attrs.field(metadata=column("int", "minutes x sessions per period"))
    minutes_per_week: float = attrs.field(
        metadata=column("float", "minutes a week under the conversions")
    )


def _service_row(plan: IEP, index: int, service: Service, conv: Conversions) -> ServiceMinutesRow:
    return ServiceMinutesRow(
        plan_id=plan.id,
        service_index=index,
        type=service.type.value,
        category=service.category.value if service.category is not None else None,
        setting=service.setting.value,
        delivery=service.delivery.value,
        per=service.per.value,
        minutes_per_period=service.minutes_per_period,
        minutes_per_week=conv.weekly(service),
    )


def service_minutes_table(
    plans: Iterable[IEP],
    *,
    conversions: Conversions = DEFAULT_CONVERSIONS,
    as_of: dt.date | None = None,
) -> Table[ServiceMinutesRow]:
    """
    One row per service with its minutes a week.

    Args:
        plans: any iterable of plans (read once).
        conversions: the frequency conventions.
        as_of: if given, only the services that run on that day.
    """
    return make_table(
        "service_minutes",
        ServiceMinutesRow,
        (
            _service_row(plan, index, service, conversions)
            for plan in plans
            for index, service in _services(plan, as_of)
        ),
    )


Key = tuple[str | None, str]
"""(category, setting): category is `None` for a service of type ``other``."""


@attrs.frozen(kw_only=True, repr=False)
class PlanMinutes(Displayed):
    """
    A plan's minutes a week, in total, by category, by setting, and by both.

    Attributes:
        plan_id: the plan's id.
        service_count: how many services were counted.
        total: all services' minutes a week.
        by_category: ServiceCategory value (or `None`) to minutes a week.
        by_setting: ServiceSetting value to minutes a week.
        by_category_setting: (category, setting) to minutes a week.
    """

    plan_id: str
    service_count: int
    total: float
    by_category: Mapping[str | None, float]
    by_setting: Mapping[str, float]
    by_category_setting: Mapping[Key, float]

    def _summary_(self) -> Summary:
        return _show.plan_minutes(self)

    def rows(self) -> tuple[MinutesRow, ...]:
        """The tidy rows: one per (category, setting) with minutes, sorted."""
        return tuple(
            MinutesRow(
                plan_id=self.plan_id,
                category=category,
                setting=setting,
                minutes_per_week=minutes,
            )
            for (category, setting), minutes in sorted(
                self.by_category_setting.items(), key=lambda item: _sort_key(item[0])
            )
        )


def _sort_key(key: Key) -> tuple[str, str]:
    return (key[0] or "", key[1])


def _weekly_by(
    sums: Mapping[Key, PeriodMinutes], conv: Conversions
) -> tuple[float, dict[str | None, float], dict[str, float], dict[Key, float]]:
    by_category_minutes: dict[str | None, PeriodMinutes] = {}
    by_setting_minutes: dict[str, PeriodMinutes] = {}
    total = PeriodMinutes()
    for (category, setting), minutes in sums.items():
        by_category_minutes[category] = (
            by_category_minutes.get(category, PeriodMinutes()) + minutes
        )
        by_setting_minutes[setting] = by_setting_minutes.get(setting, PeriodMinutes()) + minutes
        total += minutes
    return (
        conv.weekly_from(total),
        {key: conv.weekly_from(value) for key, value in by_category_minutes.items()},
        {key: conv.weekly_from(value) for key, value in by_setting_minutes.items()},
        {key: conv.weekly_from(value) for key, value in sums.items()},
    )


def _sums(plan: IEP, as_of: dt.date | None) -> tuple[dict[Key, PeriodMinutes], int]:
    sums: dict[Key, PeriodMinutes] = {}
    count = 0
    for _, service in _services(plan, as_of):
        key = (
            service.category.value if service.category is not None else None,
            service.setting.value,
        )
        sums[key] = sums.get(key, PeriodMinutes()) + PeriodMinutes.of(service)
        count += 1
    return sums, count


def plan_minutes(
    plan: IEP, *, conversions: Conversions = DEFAULT_CONVERSIONS, as_of: dt.date | None = None
) -> PlanMinutes:
    """
    A plan's minutes a week by category and setting.

    Args:
        plan: the plan.
        conversions: the frequency conventions.
        as_of: if given, only the services that run on that day (start date through end
            date, the plan's end when the service has none).

    >>> from iepmodel.analysis import plan_minutes
    >>> svc = Service(type=ServiceType.SPECIALIZED_INSTRUCTION, minutes=30, per=Period.DAY,
    ...               setting=ServiceSetting.SPECIAL_EDUCATION, start_date=dt.date(2025, 9, 1))
    >>> plan = IEP(id="P1", kind=PlanKind.ANNUAL, services=(svc,),
    ...            student=Student(id="S1", date_of_birth=dt.date(2015, 1, 22)),
    ...            start_date=dt.date(2025, 9, 1), end_date=dt.date(2026, 8, 31))
    >>> m = plan_minutes(plan)
    >>> m.total, dict(m.by_setting)
    (150.0, {'special_education': 150.0})
    """
    sums, count = _sums(plan, as_of)
    total, by_category, by_setting, by_both = _weekly_by(sums, conversions)
    return PlanMinutes(
        plan_id=plan.id,
        service_count=count,
        total=total,
        by_category=by_category,
        by_setting=by_setting,
        by_category_setting=by_both,
    )


@attrs.frozen(kw_only=True)
class MinutesRow:
    """
    A plan's minutes a week in one (category, setting) cell (table ``minutes``).

    Join key: ``plan_id`` (to the ``plans`` table).
    """

    plan_id: str = attrs.field(metadata=column("string", "the plan's id"))
    category: str | None = attrs.field(
        metadata=column(
            "string",
            "ServiceCategory value (none for type other)",
            nullable=True,
            categories=ServiceCategory,
        )
    )
    setting: str = attrs.field(
        metadata=column("string", "ServiceSetting value", categories=ServiceSetting)
    )
    minutes_per_week: float = attrs.field(
        metadata=column("float", "minutes a week of the plan's services in this cell")
    )


def minutes_table(
    plans: Iterable[IEP],
    *,
    conversions: Conversions = DEFAULT_CONVERSIONS,
    as_of: dt.date | None = None,
) -> Table[MinutesRow]:
    """
    The long table of minutes a week: one row per plan, category and setting.

    A plan without services has no rows. See `plan_minutes` for the arguments.
    """
    return make_table(
        "minutes",
        MinutesRow,
        (
            row
            for plan in plans
            for row in plan_minutes(plan, conversions=conversions, as_of=as_of).rows()
        ),
    )


@attrs.frozen(kw_only=True, repr=False)
class MinutesSummary(Displayed):
    """
    Minutes a week over many plans.

    Attributes:
        plan_count: plans read.
        service_count: services counted.
        total: minutes a week of all of them.
        by_category, by_setting, by_category_setting: as in `PlanMinutes`.
    """

    plan_count: int
    service_count: int
    total: float
    by_category: Mapping[str | None, float]
    by_setting: Mapping[str, float]
    by_category_setting: Mapping[Key, float]

    def _summary_(self) -> Summary:
        return _show.minutes_summary(self)

    @property
    def mean_per_plan(self) -> float | None:
        """Mean minutes a week per plan read (`None` without plans)."""
        return self.total / self.plan_count if self.plan_count else None


MinutesPartial = tuple[int, int, dict[Key, PeriodMinutes]]
"""(plans, services, exact sums by (category, setting))."""


@attrs.frozen(kw_only=True)
class MinutesSummaryAggregation(Aggregation[MinutesPartial, MinutesSummary]):
    """The mergeable computation behind `minutes_summary` (see `iepmodel.analysis.scale`)."""

    conversions: Conversions = DEFAULT_CONVERSIONS
    as_of: dt.date | None = None

    def partial(self, plans: Iterable[IEP]) -> MinutesPartial:
        """Sum one partition's plans."""
        plan_count = 0
        service_count = 0
        sums: dict[Key, PeriodMinutes] = {}
        for plan in plans:
            plan_count += 1
            plan_sums, count = _sums(plan, self.as_of)
            service_count += count
            for key, minutes in plan_sums.items():
                sums[key] = sums.get(key, PeriodMinutes()) + minutes
        return plan_count, service_count, sums

    def merge(self, partials: Iterable[MinutesPartial]) -> MinutesPartial:
        """Add partitions' sums."""
        plan_count = 0
        service_count = 0
        sums: dict[Key, PeriodMinutes] = {}
        for plans, services, part in partials:
            plan_count += plans
            service_count += services
            for key, minutes in part.items():
                sums[key] = sums.get(key, PeriodMinutes()) + minutes
        return plan_count, service_count, sums

    def finish(self, partial: MinutesPartial) -> MinutesSummary:
        """Convert the exact sums to minutes a week."""
        plan_count, service_count, sums = partial
        total, by_category, by_setting, by_both = _weekly_by(sums, self.conversions)
        return MinutesSummary(
            plan_count=plan_count,
            service_count=service_count,
            total=total,
            by_category=dict(sorted(by_category.items(), key=lambda item: item[0] or "")),
            by_setting=dict(sorted(by_setting.items())),
            by_category_setting=dict(sorted(by_both.items(), key=lambda item: _sort_key(item[0]))),
        )


def minutes_summary(
    plans: Iterable[IEP],
    *,
    conversions: Conversions = DEFAULT_CONVERSIONS,
    as_of: dt.date | None = None,
) -> MinutesSummary:
    """
    Minutes a week over all *plans*, in one pass, by category and setting.

    The result does not depend on the order of the plans (exact sums).
    """
    return MinutesSummaryAggregation(conversions=conversions, as_of=as_of)(plans)
