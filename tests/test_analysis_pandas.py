"""pandas and polars as their users expect: categories, zero counts, the plan in effect."""

from __future__ import annotations

import datetime as dt
import random
import typing
from enum import Enum

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iepmodel
from analysis_helpers import random_plans
from iepmodel import IEP, PlanStatus, ServiceSetting, sample
from iepmodel.analysis import (
    ENVIRONMENT_CODES,
    AgeGroup,
    EarlyChildhoodEnvironment,
    SchoolAgeEnvironment,
    Table,
    environments_table,
    plans_in_effect,
    table,
    tables,
)
from iepmodel.analysis._frame import Column, categories_of, column, make_table
from iepmodel.analysis.environments import EnvironmentRow
from iepmodel.analysis.tables import RULE_CODES
from iepmodel.rules import catalog
from iepmodel.testing.strategies import plans

AS_OF = dt.date(2025, 10, 1)


def _enum_columns(t: Table[typing.Any]) -> list[Column]:
    return [c for c in t.columns if c.type == "string" and c.categories is not None]


def test_every_enumeration_column_declares_its_enumeration() -> None:
    """A column described as "<Enum> value" lists the values of that enumeration."""
    every = tables([])
    others = [
        environments_table([], AS_OF),
        iepmodel.analysis.minutes_table([]),
        iepmodel.analysis.service_minutes_table([]),
        iepmodel.analysis.indicator_11([], AS_OF).table(),
        iepmodel.analysis.indicator_13([], AS_OF).table(),
    ]
    described = 0
    for t in [*every.as_dict().values(), *others]:
        for col in t.columns:
            name = col.description.split(" ")[0]
            kind = getattr(iepmodel, name, None) or getattr(iepmodel.analysis, name, None)
            if isinstance(kind, type) and issubclass(kind, Enum):
                described += 1
                assert col.categories == tuple(str(m.value) for m in kind), (t.name, col.name)
    assert described >= 30
    assert every.findings.columns[2].categories == RULE_CODES
    assert tuple(rule.code for rule in catalog()) == RULE_CODES


@settings(max_examples=25, deadline=None)
@given(st.lists(plans(), max_size=4))
def test_enumeration_columns_are_categoricals_with_every_category(data: list[IEP]) -> None:
    for t in tables(data, findings=True, as_of=AS_OF).as_dict().values():
        frame = t.to_pandas()
        for col in _enum_columns(t):
            series = frame[col.name]
            assert isinstance(series.dtype, pd.CategoricalDtype), (t.name, col.name)
            assert tuple(series.cat.categories) == col.categories, (t.name, col.name)
            # nothing is lost: the values are the rows' values, missing ones missing
            values = [None if pd.isna(v) else v for v in series.astype(object)]
            assert values == [getattr(row, col.name) for row in t], (t.name, col.name)
            counts = series.value_counts()
            assert set(counts.index) == set(col.categories)
            assert counts.sum() == series.notna().sum()


def test_zero_counts_appear_in_value_counts_and_groupby() -> None:
    services = table("services", sample.plans()).to_pandas()
    counts = services["setting"].value_counts()
    assert list(counts.sort_index().index) == [s.value for s in ServiceSetting]
    assert (counts == 0).any()  # the sample district has no home services, say
    minutes = services.groupby("setting", observed=False)["minutes_per_week"].sum()
    assert len(minutes) == len(ServiceSetting)
    status = table("plans", sample.plans()).to_pandas()["status"].value_counts()
    assert set(status.index) == {s.value for s in PlanStatus}


def _distribution(data: list[IEP], day: dt.date) -> pd.Series:
    return environments_table(data, day).to_pandas()["code"].value_counts()


@settings(max_examples=25, deadline=None)
@given(st.lists(plans(), max_size=6), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
def test_a_placement_distribution_lists_every_environment_code(
    data: list[IEP], day: dt.date
) -> None:
    """Whatever the data (none at all included), every code is listed, with 0 if need be."""
    counts = _distribution(data, day)
    assert set(counts.index) == set(ENVIRONMENT_CODES)
    rows = environments_table(data, day)
    assert counts.sum() == sum(1 for row in rows if row.code is not None)
    for code in ENVIRONMENT_CODES:
        assert counts[code] == sum(1 for row in rows if row.code == code)


def test_the_environment_codes_are_both_code_sets_once() -> None:
    assert len(ENVIRONMENT_CODES) == len(set(ENVIRONMENT_CODES)) == 15
    assert ENVIRONMENT_CODES[: len(SchoolAgeEnvironment)] == tuple(SchoolAgeEnvironment)
    assert set(ENVIRONMENT_CODES) == {c.value for c in SchoolAgeEnvironment} | {
        c.value for c in EarlyChildhoodEnvironment
    }
    frame = environments_table(random_plans(seed=3, count=60), AS_OF).to_pandas()
    school = frame[frame["age_group"] == AgeGroup.SCHOOL_AGE.value]["code"]
    only = school.cat.set_categories([c.value for c in SchoolAgeEnvironment])
    assert list(only.value_counts(sort=False).index) == [c.value for c in SchoolAgeEnvironment]
    assert frame["age_group"].cat.categories.tolist() == [g.value for g in AgeGroup]


def test_a_value_outside_the_enumeration_is_kept_not_lost() -> None:
    row = EnvironmentRow(
        plan_id="P1",
        student_id="S1",
        as_of=AS_OF,
        age=10,
        grade="5",
        age_group="school_age",
        code="NEWCODE",
        basis="x",
    )
    t = make_table("environments", EnvironmentRow, [row])
    series = t.to_pandas()["code"]
    assert series.tolist() == ["NEWCODE"]
    assert list(series.cat.categories) == [*ENVIRONMENT_CODES, "NEWCODE"]
    col = next(c for c in t.columns if c.name == "code")
    assert categories_of(col, ["RC80", None, "Z", "A"]) == [*ENVIRONMENT_CODES, "A", "Z"]


def test_column_metadata_takes_an_enum_or_the_values() -> None:
    assert column("string", "x", categories=ServiceSetting)["iepmodel.column"][4] == tuple(
        s.value for s in ServiceSetting
    )
    assert column("string", "x", categories=["b", "a"])["iepmodel.column"][4] == ("b", "a")
    assert column("string", "x")["iepmodel.column"][4] is None


def test_list_columns_stay_lists() -> None:
    frame = table("participants", sample.plans()).to_pandas()
    assert all(isinstance(roles, list) for roles in frame["roles"])
    exploded = frame.explode("roles")
    assert len(exploded) >= len(frame)
    disabilities = table("plans", sample.plans()).to_pandas()["disabilities"]
    assert all(isinstance(value, list) for value in disabilities)


def test_to_pandas_is_typed_as_a_dataframe() -> None:
    """IDEs see a `pandas.DataFrame`, not `Any` (the annotation names it)."""
    hints = typing.get_type_hints(Table.to_pandas, localns={"pandas": pd})
    assert hints["return"] is pd.DataFrame


def test_the_dask_meta_has_the_categories() -> None:
    from iepmodel.analysis import table_meta

    meta = table_meta("services")
    assert isinstance(meta["setting"].dtype, pd.CategoricalDtype)
    assert len(meta["setting"].cat.categories) == len(ServiceSetting)


# --- the plan in effect on a date ---------------------------------------------------------


def _expected(data: list[IEP], day: dt.date) -> dict[str, str]:
    best: dict[str, IEP] = {}
    for plan in data:
        if plan.status is not PlanStatus.FINAL or not plan.start_date <= day <= plan.end_date:
            continue
        old = best.get(plan.student.id)
        key = (plan.start_date, plan.history_date, plan.id)
        if old is None or key > (old.start_date, old.history_date, old.id):
            best[plan.student.id] = plan
    return {student: plan.id for student, plan in best.items()}


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.dates(dt.date(2024, 6, 1), dt.date(2026, 12, 31)))
def test_plans_in_effect_is_one_row_per_student_the_latest_final_plan(
    seed: int, day: dt.date
) -> None:
    data = random_plans(seed=seed, count=40, students=12)
    current = plans_in_effect(data, day)
    assert current.name == "plans_in_effect"
    assert {row.student_id: row.plan_id for row in current} == _expected(data, day)
    ids = [row.student_id for row in current]
    assert ids == sorted(set(ids))  # one row per student, sorted
    shuffled = data[:]
    random.Random(seed).shuffle(shuffled)
    assert plans_in_effect(shuffled, day).rows == current.rows  # order never matters
    by_id = {plan.id: plan for plan in data}
    for row in current:
        plan = by_id[row.plan_id]
        assert plan.start_date <= day <= plan.end_date
        assert row == table("plans", [plan]).rows[0]


def test_plans_in_effect_omits_students_without_one_and_agrees_with_the_counts() -> None:
    data = sample.plans()
    current = plans_in_effect(data, sample.AS_OF)
    everyone = {plan.student.id for plan in data}
    assert {row.student_id for row in current} < everyone  # some have none on that day
    counted = environments_table(data, sample.AS_OF)
    assert {row.plan_id for row in counted} <= {row.plan_id for row in current}
    frame = current.to_pandas()
    assert frame["student_id"].is_unique
    assert len(plans_in_effect([], sample.AS_OF)) == 0
    personal = plans_in_effect(data, sample.AS_OF, include_personal=True)
    assert "student_name" in personal.to_pandas().columns


# --- polars ---------------------------------------------------------------------------------


def test_to_polars_goes_through_arrow_with_enums() -> None:
    pl = pytest.importorskip("polars")
    t = table("services", sample.plans())
    frame = t.to_polars()
    assert isinstance(frame, pl.DataFrame)
    assert frame.columns == [c.name for c in t.columns]
    assert frame.height == len(t)
    assert frame.schema["start_date"] == pl.Date
    assert frame.schema["minutes"] == pl.Int64
    setting = frame.schema["setting"]
    assert isinstance(setting, pl.Enum)
    assert setting.categories.to_list() == [s.value for s in ServiceSetting]
    counts = frame["setting"].value_counts()
    assert counts.height <= len(ServiceSetting)
    assert frame["setting"].cast(pl.String).to_list() == [row.setting for row in t]
    empty = table("services", []).to_polars()
    assert empty.height == 0
    assert isinstance(empty.schema["setting"], pl.Enum)
    lists = table("participants", sample.plans()).to_polars()
    assert lists.schema["roles"] == pl.List(pl.String)


def test_a_dask_dataframe_of_a_table_has_the_same_categories() -> None:
    """`table_bag(...).to_dataframe(meta=table_meta(...))` gives the frame `to_pandas` gives."""
    pytest.importorskip("dask.dataframe")
    import dask.bag as db

    from iepmodel.analysis import table_bag, table_meta

    data = sample.plans()
    bag = db.from_sequence(data, npartitions=3)
    frame = table_bag(bag, "services").to_dataframe(meta=table_meta("services"))
    computed = frame.compute(scheduler="synchronous").reset_index(drop=True)
    pd.testing.assert_frame_equal(computed, table("services", data).to_pandas())
