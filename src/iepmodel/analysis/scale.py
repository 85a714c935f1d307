"""
Streams and partitions: computing over a state's worth of plans, with or without Dask.

Every summary of `iepmodel.analysis` (indicators, child counts, minutes) is an
`Aggregation`: three pure functions that split the work.

- ``partial(plans)`` reads one stream of plans once and returns a small, picklable partial
  result (plain dicts and tuples);
- ``merge(partials)`` combines partial results; it is associative and commutative, so the
  partitions may be merged in any grouping and order;
- ``finish(partial)`` turns the merged partial into the result.

Calling an aggregation on an iterable is the single-process path
(``finish(partial(plans))``); `run_partitions` merges several streams without Dask;
`compute` runs ``partial`` on each partition of a Dask bag and ``merge`` as Dask's tree
reduction. All three give identical results: partial results keep exact integers and plan
ids, and every list in a result is sorted.

Dask is optional (extra ``dask``) and imported only inside `read_plans`, `aggregate`,
`compute`, `table_bag` and `table_meta`.

>>> from iepmodel.analysis import MinutesSummaryAggregation
>>> agg = MinutesSummaryAggregation()
>>> agg([]).plan_count, agg.run_partitions([[], []]).plan_count
(0, 0)
"""

from __future__ import annotations

import abc
import os
from collections.abc import Iterable, Sequence
from typing import Any, Generic, Literal, TypeVar

from iepmodel._plan import IEP
from iepmodel.errors import DocumentError
from iepmodel.serialization import iter_jsonl

from ._frame import require

__all__ = [
    "Aggregation",
    "aggregate",
    "compute",
    "load_plan_files",
    "read_plans",
    "table_bag",
    "table_meta",
]

P = TypeVar("P")
R = TypeVar("R")


class Aggregation(abc.ABC, Generic[P, R]):
    """
    A computation over plans split into ``partial``, ``merge`` and ``finish``.

    Subclasses are frozen attrs classes holding only parameters (dates, numbers), so they
    pickle and can be sent to Dask workers.
    """

    @abc.abstractmethod
    def partial(self, plans: Iterable[IEP]) -> P:
        """The partial result of one stream of plans (read once)."""

    @abc.abstractmethod
    def merge(self, partials: Iterable[P]) -> P:
        """Combine partial results (associative and commutative)."""

    @abc.abstractmethod
    def finish(self, partial: P) -> R:
        """The result of a (merged) partial result."""

    def __call__(self, plans: Iterable[IEP]) -> R:
        """The result over *plans*, in one process and one pass."""
        return self.finish(self.partial(plans))

    def run_partitions(self, partitions: Iterable[Iterable[IEP]]) -> R:
        """The result over several streams, each reduced on its own and then merged."""
        return self.finish(self.merge([self.partial(plans) for plans in partitions]))


Errors = Literal["raise", "skip"]


def load_plan_files(
    paths: Iterable[str | os.PathLike[str]], errors: Errors = "raise"
) -> list[IEP]:
    """
    The plans of JSON Lines files (a Dask partition's worth).

    Args:
        paths: the files, read in order.
        errors: ``raise`` (default) stops at the first line that is not a valid plan, with
            a `ValueError` naming the file and line (never the line's content); ``skip``
            leaves such lines out.
    """
    plans: list[IEP] = []
    for path in paths:
        for line, result in iter_jsonl(path, IEP):
            if isinstance(result, DocumentError):
                if errors == "skip":
                    continue
                msg = f"{os.fspath(path)}, line {line}: {result}"
                raise ValueError(msg)
            plans.append(result)
    return plans


def read_plans(paths: Sequence[str | os.PathLike[str]], *, errors: Errors = "raise") -> Any:
    """
    A `dask.bag.Bag` of the plans of JSON Lines files, one partition per file.

    Args:
        paths: the files.
        errors: what to do with a line that is not a valid plan (see `load_plan_files`).
    """
    db = require("dask.bag", "dask")
    names = [os.fspath(path) for path in paths]
    if not names:
        msg = "no files to read"
        raise ValueError(msg)
    return db.from_sequence(names, npartitions=len(names)).map_partitions(load_plan_files, errors)


def aggregate(
    bag: Any, aggregation: Aggregation[Any, Any], *, split_every: int | None = None
) -> Any:
    """
    The lazy (Dask) merged partial result of *aggregation* over *bag*.

    Compute it and pass it to ``aggregation.finish``; `compute` does both.
    """
    return bag.reduction(aggregation.partial, aggregation.merge, split_every=split_every)


def compute(
    bag: Any,
    aggregation: Aggregation[Any, R],
    *,
    split_every: int | None = None,
    **compute_kwargs: Any,
) -> R:
    """
    Run *aggregation* on a Dask bag of plans, partition by partition.

    Args:
        bag: a `dask.bag.Bag` of `iepmodel.IEP` (e.g. from `read_plans`).
        aggregation: e.g. ``Indicator5Aggregation(as_of=...)``.
        split_every: the fan-in of Dask's tree reduction.
        compute_kwargs: passed to ``compute`` (``scheduler="processes"``,
            ``num_workers=2`` …).

    Returns:
        The same result as ``aggregation(all_plans)`` in one process.
    """
    merged = aggregate(bag, aggregation, split_every=split_every).compute(**compute_kwargs)
    return aggregation.finish(merged)


def _table_records(
    plans: Iterable[IEP], name: str, include_personal: bool
) -> list[dict[str, Any]]:
    from .tables import table

    return table(name, plans, include_personal=include_personal).records()


def table_bag(bag: Any, name: str, *, include_personal: bool = False) -> Any:
    """
    A Dask bag of the records (dicts) of tidy table *name* over a bag of plans.

    ``table_bag(bag, "services").to_dataframe(meta=table_meta("services"))`` makes a Dask
    DataFrame (that needs ``dask[dataframe]``). Names: see `iepmodel.analysis.TABLES`.
    """
    from .tables import TABLES

    if name not in TABLES:
        msg = f"unknown table {name!r}; known: {', '.join(sorted(TABLES))}"
        raise ValueError(msg)
    return bag.map_partitions(_table_records, name, include_personal)


def table_meta(name: str, *, include_personal: bool = False) -> Any:
    """An empty `pandas.DataFrame` with table *name*'s columns and types (Dask ``meta``)."""
    from .tables import table

    return table(name, [], include_personal=include_personal).to_pandas()
