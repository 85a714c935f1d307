"""
Which plan counts for a student on a date: the record in effect on the count date.

Federal counts are unduplicated counts of children on a date (counts use
the record active on the reporting date). A student may have several plans in the data
(history, amendments); the one that counts is a *final* plan in effect on the date, and
among several, the one that started last (then the later meeting, then the greater plan
id, so the choice never depends on the order of the input).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, MutableMapping
from typing import Any, Protocol, TypeVar

from iepmodel._plan import IEP

__all__ = ["PlanKey", "current_key", "is_current", "keep_max", "merge_max"]

PlanKey = tuple[dt.date, dt.date, str]
"""(start date, meeting or start date, plan id): the greatest is the current plan."""


class _Ordered(Protocol):
    def __gt__(self, other: Any, /) -> bool: ...


T = TypeVar("T")
K = TypeVar("K", bound=_Ordered)
H = TypeVar("H", bound=Hashable)


def is_current(plan: IEP, as_of: dt.date) -> bool:
    """Whether *plan* is final and in effect on *as_of*."""
    return plan.is_final and plan.in_effect_on(as_of)


def current_key(plan: IEP) -> PlanKey:
    """The order in which a student's plans in effect on a date supersede each other."""
    return (plan.start_date, plan.history_date, plan.id)


def keep_max(store: MutableMapping[H, tuple[K, T]], key: H, rank: K, value: T) -> None:
    """Keep, under *key*, the value of the greatest *rank*."""
    old = store.get(key)
    if old is None or rank > old[0]:
        store[key] = (rank, value)


def merge_max(partials: Iterable[dict[H, tuple[K, T]]]) -> dict[H, tuple[K, T]]:
    """Merge stores of `keep_max`: associative and commutative."""
    merged: dict[H, tuple[K, T]] = {}
    for part in partials:
        for key, (rank, value) in part.items():
            keep_max(merged, key, rank, value)
    return merged
