"""The Dask path and the single-process path give identical results."""

from __future__ import annotations

import datetime as dt
import pickle
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iepmodel
from analysis_helpers import random_plans
from iepmodel import IEP
from iepmodel.analysis import (
    Aggregation,
    ChildCountAggregation,
    Indicator5Aggregation,
    Indicator6Aggregation,
    Indicator11Aggregation,
    Indicator12Aggregation,
    Indicator13Aggregation,
    MinutesSummaryAggregation,
    compute,
    load_plan_files,
    read_plans,
    table,
    table_bag,
    table_meta,
)

AS_OF = dt.date(2025, 10, 1)


def aggregations(plans: list[IEP]) -> list[Aggregation[Any, Any]]:
    students = sorted({p.student.id for p in plans})
    return [
        ChildCountAggregation(as_of=AS_OF),
        Indicator5Aggregation(as_of=AS_OF),
        Indicator6Aggregation(as_of=AS_OF, leap="mar1"),
        Indicator11Aggregation(as_of=dt.date(2025, 6, 30), since=dt.date(2024, 7, 1)),
        Indicator11Aggregation(as_of=AS_OF, exceptions="timely"),
        Indicator12Aggregation(
            as_of=dt.date(2026, 6, 30),
            not_eligible=students[:3],
            parent_refusal=students[3:5],
            part_c_eligible_late=["S-elsewhere"],
        ),
        Indicator13Aggregation(as_of=AS_OF),
        Indicator13Aggregation(as_of=AS_OF, min_age=14),
        MinutesSummaryAggregation(as_of=AS_OF),
    ]


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[IEP]]:
    # One student's plans are spread over several files, so partitions must be merged.
    plans = random_plans(seed=11, count=400, students=150)
    folder = tmp_path_factory.mktemp("plans")
    paths = [folder / f"part-{n}.jsonl" for n in range(4)]
    for n, path in enumerate(paths):
        iepmodel.dump_jsonl(plans[n::4], path)
    assert len({p.student.id for p in plans[0::4]} & {p.student.id for p in plans[1::4]}) > 5
    in_file_order = [p for n in range(4) for p in plans[n::4]]
    return paths, in_file_order


def test_the_data_set_exercises_every_count(plan_files: tuple[list[Path], list[IEP]]) -> None:
    _, plans = plan_files
    results = {type(a).__name__: a(plans) for a in aggregations(plans)}
    five = results["Indicator5Aggregation"]
    assert five.a.numerator
    assert five.b.numerator
    assert five.c.numerator
    assert results["Indicator6Aggregation"].a.denominator > 5
    assert results["Indicator11Aggregation"].late
    assert results["Indicator12Aggregation"].c > 0
    assert results["Indicator13Aggregation"].rate.denominator > 5


@pytest.mark.parametrize(
    ("scheduler", "options"),
    [("synchronous", {}), ("processes", {"num_workers": 2})],
)
def test_dask_bag_over_jsonl_files_gives_the_single_process_numbers(
    plan_files: tuple[list[Path], list[IEP]], scheduler: str, options: dict[str, Any]
) -> None:
    paths, plans = plan_files
    bag = read_plans(paths)
    assert bag.npartitions == len(paths)
    for aggregation in aggregations(plans):
        single = aggregation(plans)
        distributed = compute(bag, aggregation, split_every=2, scheduler=scheduler, **options)
        assert distributed == single, type(aggregation).__name__


def test_tables_on_dask_have_the_single_process_rows(
    plan_files: tuple[list[Path], list[IEP]],
) -> None:
    paths, plans = plan_files
    bag = read_plans(paths)
    for name in ("plans", "services", "participants"):
        records = table_bag(bag, name).compute(scheduler="synchronous")
        assert records == table(name, plans).records()
    meta = table_meta("services")
    assert list(meta.columns) == [c.name for c in table("services", []).columns]
    with pytest.raises(ValueError, match="unknown table"):
        table_bag(bag, "nope")


def test_aggregations_and_partials_pickle(plan_files: tuple[list[Path], list[IEP]]) -> None:
    _, plans = plan_files
    for aggregation in aggregations(plans):
        partial = aggregation.partial(plans[:50])
        again = pickle.loads(pickle.dumps(aggregation))
        assert again == aggregation
        restored = pickle.loads(pickle.dumps(partial))
        assert aggregation.finish(restored) == aggregation.finish(partial)


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=6))
def test_any_partitioning_merges_to_the_same_result(seed: int, parts: int) -> None:
    plans = random_plans(seed=seed, count=40, students=15)
    rng = random.Random(seed)
    shuffled = plans[:]
    rng.shuffle(shuffled)
    cuts = sorted(rng.randrange(len(shuffled) + 1) for _ in range(parts - 1))
    partitions = [shuffled[a:b] for a, b in zip([0, *cuts], [*cuts, len(shuffled)], strict=True)]
    for aggregation in aggregations(plans):
        assert aggregation.run_partitions(partitions) == aggregation(plans)


def test_bad_lines_stop_the_read_or_are_skipped(tmp_path: Path) -> None:
    good = random_plans(seed=2, count=3)
    path = tmp_path / "mixed.jsonl"
    iepmodel.dump_jsonl(good, path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write('{"schema_version": 1, "id": "x", "student": {"name": "Secret Name"}}\n')
    with pytest.raises(ValueError, match=r"mixed\.jsonl, line 4") as error:
        load_plan_files([path])
    assert "Secret Name" not in str(error.value)
    assert load_plan_files([path], errors="skip") == good
    assert read_plans([path], errors="skip").count().compute(scheduler="synchronous") == 3
    with pytest.raises(ValueError, match="no files"):
        read_plans([])
