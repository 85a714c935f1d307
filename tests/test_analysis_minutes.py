"""Service minutes a week: conversions by hand, by category and setting, exact totals."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis_helpers import D, plan, random_plans, service
from iepmodel import IEP, Period, ServiceCategory, ServiceSetting, ServiceType
from iepmodel.analysis import (
    Conversions,
    MinutesSummaryAggregation,
    PeriodMinutes,
    minutes_summary,
    minutes_table,
    plan_minutes,
    service_minutes_table,
)
from iepmodel.testing.strategies import plans


@pytest.mark.parametrize(
    ("minutes", "sessions", "per", "weekly"),
    [
        (30, 1, Period.DAY, 150.0),  # 30 a day x 5 school days
        (45, 4, Period.WEEK, 180.0),
        (433, 1, Period.MONTH, 100.0),  # 433 / 4.33
        (30, 2, Period.MONTH, 60 / 4.33),
        (360, 1, Period.YEAR, 10.0),  # 360 / 36 weeks
    ],
)
def test_default_conversions_by_hand(
    minutes: int, sessions: int, per: Period, weekly: float
) -> None:
    svc = service(minutes=minutes, sessions=sessions, per=per)
    assert Conversions().weekly(svc) == pytest.approx(weekly)
    assert Conversions().weekly(svc) == svc.minutes_per_week()


def test_conversions_are_parameters() -> None:
    conv = Conversions(school_days_per_week=4, weeks_per_month=4, weeks_per_year=40)
    assert conv.weekly(service(minutes=30, per=Period.DAY)) == 120.0
    assert conv.weekly(service(minutes=60, sessions=2, per=Period.MONTH)) == 30.0
    assert conv.weekly(service(minutes=400, per=Period.YEAR)) == 10.0
    assert conv.weekly(service(minutes=25, sessions=3, per=Period.WEEK)) == 75.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"school_days_per_week": 0},
        {"school_days_per_week": 8},
        {"weeks_per_month": 0},
        {"weeks_per_year": -36},
    ],
)
def test_impossible_conversions_are_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be"):
        Conversions(**kwargs)


def sample_plan() -> IEP:
    return plan(
        "P",
        services=(
            service(minutes=30, per=Period.DAY, setting=ServiceSetting.SPECIAL_EDUCATION),
            service(minutes=60, per=Period.WEEK, setting=ServiceSetting.GENERAL_EDUCATION),
            service(ServiceType.SPEECH_LANGUAGE, minutes=30, sessions=2, per=Period.WEEK),
            service(ServiceType.OTHER, minutes=433, per=Period.MONTH, setting=ServiceSetting.HOME),
            service(
                ServiceType.OCCUPATIONAL_THERAPY,
                minutes=20,
                start=D(2025, 9, 1),
                end=D(2025, 12, 19),
            ),
        ),
    )


def test_plan_minutes_by_category_and_setting_by_hand() -> None:
    minutes = plan_minutes(sample_plan())
    assert minutes.total == pytest.approx(150 + 60 + 60 + 100 + 20)
    assert minutes.by_category == pytest.approx(
        {"special_education": 210.0, "related": 80.0, None: 100.0}
    )
    assert minutes.by_setting == pytest.approx(
        {"special_education": 150.0, "general_education": 140.0, "home": 100.0}
    )
    assert minutes.by_category_setting[("special_education", "special_education")] == 150.0
    assert minutes.by_category_setting[("related", "general_education")] == 80.0
    assert minutes.service_count == 5
    rows = minutes.rows()
    assert [(r.category, r.setting) for r in rows] == [
        (None, "home"),
        ("related", "general_education"),
        ("special_education", "general_education"),
        ("special_education", "special_education"),
    ]


def test_as_of_keeps_only_the_services_running_that_day() -> None:
    before_end = plan_minutes(sample_plan(), as_of=D(2025, 12, 19))
    after_end = plan_minutes(sample_plan(), as_of=D(2025, 12, 20))
    assert before_end.service_count == 5
    assert after_end.service_count == 4
    assert before_end.total - after_end.total == pytest.approx(20.0)
    assert plan_minutes(sample_plan(), as_of=D(2025, 8, 31)).total == 0.0
    # a service without an end runs until the plan's end
    assert plan_minutes(sample_plan(), as_of=D(2026, 6, 30)).service_count == 4
    assert plan_minutes(sample_plan(), as_of=D(2026, 7, 1)).service_count == 0


def test_minutes_tables_have_one_row_per_service_and_per_cell() -> None:
    services = service_minutes_table([sample_plan()])
    assert [r.service_index for r in services] == [0, 1, 2, 3, 4]
    assert services.rows[3].category is None
    assert services.rows[0].minutes_per_week == 150.0
    cells = minutes_table([sample_plan(), plan("EMPTY")])
    assert len(cells) == 4
    assert {r.plan_id for r in cells} == {"P"}
    assert sum(r.minutes_per_week for r in cells) == pytest.approx(390.0)


def test_summary_over_plans_by_hand() -> None:
    summary = minutes_summary([sample_plan(), sample_plan(), plan("EMPTY")])
    assert (summary.plan_count, summary.service_count) == (3, 10)
    assert summary.total == pytest.approx(780.0)
    assert summary.mean_per_plan == pytest.approx(260.0)
    assert summary.by_category[ServiceCategory.RELATED.value] == pytest.approx(160.0)
    assert minutes_summary([]).mean_per_plan is None


def test_period_minutes_convert_once() -> None:
    assert Conversions().weekly_from(PeriodMinutes(day=30, week=60, month=433, year=360)) == (
        pytest.approx(150 + 60 + 100 + 10)
    )


def test_summary_is_identical_whatever_the_order_and_partitioning() -> None:
    data = random_plans(seed=3, count=120)
    expected = minutes_summary(data)
    shuffled = data[:]
    random.Random(1).shuffle(shuffled)
    assert minutes_summary(shuffled) == expected
    aggregation = MinutesSummaryAggregation()
    assert (
        aggregation.run_partitions([shuffled[:7], shuffled[7:50], [], shuffled[50:]]) == expected
    )


@settings(deadline=None)
@given(plans())
def test_plan_total_is_the_sum_of_its_services_and_cells(plan_: IEP) -> None:
    minutes = plan_minutes(plan_)
    each = [Conversions().weekly(s) for s in plan_.services]
    assert math.isclose(minutes.total, math.fsum(each), rel_tol=1e-12, abs_tol=1e-9)
    assert math.isclose(
        minutes.total, sum(minutes.by_setting.values()), rel_tol=1e-12, abs_tol=1e-9
    )
    assert minutes.service_count == len(plan_.services)
    assert len(service_minutes_table([plan_])) == len(plan_.services)


@settings(deadline=None)
@given(st.lists(plans(), max_size=6), st.randoms(use_true_random=False))
def test_summary_does_not_depend_on_plan_order(plans_: list[IEP], rng: random.Random) -> None:
    shuffled = plans_[:]
    rng.shuffle(shuffled)
    assert minutes_summary(plans_) == minutes_summary(shuffled)


def test_conversions_reach_the_plans_table_and_the_summary() -> None:
    conv = Conversions(weeks_per_month=4.0)
    data = [plan("M", services=(service(minutes=40, per=Period.MONTH),))]
    assert minutes_summary(data, conversions=conv).total == 10.0
    assert plan_minutes(data[0], conversions=conv).total == 10.0
    assert minutes_summary(data, as_of=dt.date(2025, 9, 1)).plan_count == 1
