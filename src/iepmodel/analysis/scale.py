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
import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any, Generic, Literal, TypeVar

from iepmodel._plan import IEP
from iepmodel._progress import Bar, ProgressOption, bar
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
    paths: Iterable[str | os.PathLike[str]],
    errors: Errors = "raise",
    *,
    progress: ProgressOption = False,
) -> list[IEP]:
    """
    The plans of JSON Lines files (a Dask partition's worth).

    Args:
        paths: the files, read in order.
        errors: ``raise`` (default) stops at the first line that is not a valid plan, with
            a `ValueError` naming the file and line (never the line's content); ``skip``
            leaves such lines out.
        progress: show a bar of the bytes read out of the files' total size (``True``
            needs the ``progress`` extra; see `iepmodel.check`). Off by default.
    """
    names = list(paths)
    plans: list[IEP] = []
    with bar(progress, total=_total_size(names), desc="reading", unit="B") as shown:
        for path in names:
            with open(path, "rb") as handle:
                for line, result in iter_jsonl(_bytes_counted(handle, shown), IEP):
                    if isinstance(result, DocumentError):
                        if errors == "skip":
                            continue
                        msg = f"{os.fspath(path)}, line {line}: {result}"
                        raise ValueError(msg)
                    plans.append(result)
    return plans


def _total_size(paths: Iterable[str | os.PathLike[str]]) -> int | None:
    """The files' total size in bytes; `None` when one cannot be measured."""
    try:
        return sum(os.path.getsize(path) for path in paths)
    except OSError:
        return None  # opening it fails next, with the usual error


def _bytes_counted(handle: IO[bytes], shown: Bar) -> Iterator[bytes]:
    """The lines of *handle*, advancing *shown* by each line's size in bytes."""
    update = shown.update
    for line in handle:
        yield line
        update(len(line))


def read_plans(paths: Sequence[str | os.PathLike[str]], *, errors: Errors = "raise") -> Any:
    """
    A `dask.bag.Bag` of the plans of JSON Lines files, one partition per file.

    Args:
        paths: the files.
        errors: what to do with a line that is not a valid plan (see `load_plan_files`).

    The bag is lazy: nothing is read until it is computed, so a progress bar goes on
    `compute` (``progress=True``), which counts Dask's tasks.
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
    progress: ProgressOption = False,
    **compute_kwargs: Any,
) -> R:
    """
    Run *aggregation* on a Dask bag of plans, partition by partition.

    Args:
        bag: a `dask.bag.Bag` of `iepmodel.IEP` (e.g. from `read_plans`).
        aggregation: e.g. ``Indicator5Aggregation(as_of=...)``.
        split_every: the fan-in of Dask's tree reduction.
        progress: show a bar counting Dask's tasks as they finish (``True`` needs the
            ``progress`` extra; see `iepmodel.check`). Dask's local schedulers report
            tasks (threads, processes, synchronous); a distributed cluster has its own
            dashboard. Off by default.
        compute_kwargs: passed to ``compute`` (``scheduler="processes"``,
            ``num_workers=2`` …).

    Returns:
        The same result as ``aggregation(all_plans)`` in one process.
    """
    lazy = aggregate(bag, aggregation, split_every=split_every)
    if progress is None or progress is False:
        merged = lazy.compute(**compute_kwargs)
    else:
        with _task_progress(progress):
            merged = lazy.compute(**compute_kwargs)
    return aggregation.finish(merged)


def _task_progress(progress: ProgressOption) -> Any:
    """A Dask callback (a context manager) that advances a bar as each task finishes."""
    from dask.callbacks import Callback

    class TaskProgress(Callback):
        def __init__(self) -> None:
            super().__init__()  # type: ignore[no-untyped-call]
            self._stack = contextlib.ExitStack()
            self._shown: Bar | None = None

        def _start_state(self, dsk: Any, state: dict[str, Any]) -> None:
            total = sum(len(state[key]) for key in ("ready", "waiting", "running", "finished"))
            self._shown = self._stack.enter_context(
                bar(progress, total=total, desc="computing", unit="task")
            )

        def _posttask(self, *args: Any) -> None:
            if self._shown is not None:
                self._shown.update(1)

        def _finish(self, *args: Any) -> None:
            self._stack.close()

    return TaskProgress()


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
