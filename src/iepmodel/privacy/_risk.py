"""
Disclosure risk of a table before publication: k-anonymity and small-cell suppression.

A table is k-anonymous over its quasi-identifiers (age, grade, disability, school,
language: facts about a child that are known elsewhere) when every combination of their
values that occurs is shared by at least *k* rows. A smaller class points at a few
children, whom a reader who knows those facts can pick out. The one-way counts of each
quasi-identifier are shown as they may be published: through
`iepmodel.analysis.suppress_counts` with its minimum cell size.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Final

import attrs

from iepmodel._age import LeapBirthday
from iepmodel._plan import IEP

__all__ = [
    "DEFAULT_K",
    "QUASI_IDENTIFIERS",
    "EquivalenceClass",
    "RiskReport",
    "disclosure_risk",
    "k_anonymity",
    "quasi_identifiers",
]

QUASI_IDENTIFIERS: Final = ("age", "grade", "disability", "school", "language")
"""The quasi-identifiers of a plan table, by default."""

DEFAULT_K: Final = 10
"""The default k: the same as the analysis module's minimum cell size (10)."""

_NOT_RECORDED: Final = "(not recorded)"


@attrs.frozen(kw_only=True)
class EquivalenceClass:
    """
    One combination of quasi-identifier values and how many rows share it.

    Attributes:
        values: (quasi-identifier, value) pairs, in the order of the report's
            quasi-identifiers.
        size: the number of rows with exactly these values.
    """

    values: tuple[tuple[str, Hashable], ...]
    size: int


@attrs.frozen(kw_only=True)
class RiskReport:
    """
    The disclosure risk of a table over its quasi-identifiers.

    Attributes:
        quasi_identifiers: the columns combined.
        k: the k the table was held to.
        rows: the rows counted.
        classes: the number of equivalence classes (distinct combinations).
        smallest: the size of the smallest class (the table's k; 0 without rows).
        below_k: the classes smaller than *k*, smallest first.
        minimum: the minimum cell size of the suppression.
        published: for each quasi-identifier, its one-way counts as they may be
            published (`iepmodel.analysis.suppress_counts`: `None` is suppressed).
    """

    quasi_identifiers: tuple[str, ...]
    k: int
    rows: int
    classes: int
    smallest: int
    below_k: tuple[EquivalenceClass, ...]
    minimum: int
    published: Mapping[str, Mapping[str, int | None]]

    @property
    def rows_below_k(self) -> int:
        """The rows in a class smaller than *k*: the children at risk."""
        return sum(item.size for item in self.below_k)

    @property
    def is_k_anonymous(self) -> bool:
        """Whether every class has at least *k* rows."""
        return not self.below_k


def _label(value: Hashable) -> str:
    return _NOT_RECORDED if value is None else str(value)


def _sort_key(item: EquivalenceClass) -> tuple[int, tuple[str, ...]]:
    return (item.size, tuple(_label(value) for _, value in item.values))


def k_anonymity(
    rows: Iterable[Mapping[str, Hashable]],
    quasi_identifiers: Iterable[str] = QUASI_IDENTIFIERS,
    *,
    k: int = DEFAULT_K,
    minimum: int = 10,
) -> RiskReport:
    """
    The k-anonymity of *rows* (any table of records) over *quasi_identifiers*.

    A missing column counts as `None` (not recorded), a value of its own.

    >>> from iepmodel.privacy import k_anonymity
    >>> rows = [{"age": 10, "grade": "5"}] * 3 + [{"age": 11, "grade": "5"}]
    >>> report = k_anonymity(rows, ("age", "grade"), k=2)
    >>> report.smallest, [c.size for c in report.below_k], report.published["grade"]
    (1, [1], {'5': None})
    """
    from iepmodel.analysis import suppress_counts

    if k < 1:
        msg = "k must be at least 1"
        raise ValueError(msg)
    columns = tuple(quasi_identifiers)
    combinations: Counter[tuple[Hashable, ...]] = Counter()
    one_way: dict[str, Counter[str]] = {column: Counter() for column in columns}
    count = 0
    for row in rows:
        count += 1
        values = tuple(row.get(column) for column in columns)
        combinations[values] += 1
        for column, value in zip(columns, values, strict=True):
            one_way[column][_label(value)] += 1
    classes = [
        EquivalenceClass(values=tuple(zip(columns, values, strict=True)), size=size)
        for values, size in combinations.items()
    ]
    below = sorted((item for item in classes if item.size < k), key=_sort_key)
    published = {
        column: suppress_counts(dict(sorted(counts.items())), minimum=minimum)
        for column, counts in one_way.items()
    }
    return RiskReport(
        quasi_identifiers=columns,
        k=k,
        rows=count,
        classes=len(classes),
        smallest=min((item.size for item in classes), default=0),
        below_k=tuple(below),
        minimum=minimum,
        published=published,
    )


School = Callable[[IEP], Hashable] | Mapping[str, Hashable]


def _school(plan: IEP, school: School | None) -> Hashable:
    if callable(school):
        return school(plan)
    if school is not None:
        return school.get(plan.id)
    organization = getattr(plan, "responsible_organization", None)  # format v2
    return getattr(organization, "id", None)


def quasi_identifiers(
    plan: IEP,
    as_of: dt.date,
    *,
    school: School | None = None,
    leap: LeapBirthday = "feb28",
) -> dict[str, Hashable]:
    """
    The quasi-identifiers of *plan* on *as_of*: age, grade, disability, school, language.

    The age is in whole years on *as_of* (`None` before birth); the disability is the
    primary one; the school is *school*'s answer (a function of the plan, or a mapping
    from plan id), else the plan's responsible organization's id, if recorded.
    """
    student = plan.student
    primary = student.primary_disability
    return {
        "age": student.age_on(as_of, leap=leap) if as_of >= student.date_of_birth else None,
        "grade": student.grade,
        "disability": primary.value if primary is not None else None,
        "school": _school(plan, school),
        "language": student.primary_language,
    }


def disclosure_risk(
    plans: Iterable[IEP],
    *,
    as_of: dt.date,
    k: int = DEFAULT_K,
    quasi: Iterable[str] = QUASI_IDENTIFIERS,
    school: School | None = None,
    minimum: int = 10,
    leap: LeapBirthday = "feb28",
) -> RiskReport:
    """
    The k-anonymity of a table of *plans*, one row per student, before publication.

    Each student counts once, with the latest of their plans given (the greatest start
    date, then meeting date, then id); pass the plans the table is made of (e.g. those in
    effect on the count date). *quasi* chooses among `QUASI_IDENTIFIERS`; see
    `quasi_identifiers` for their values and `k_anonymity` for the report.

    >>> from iepmodel import sample
    >>> from iepmodel.privacy import disclosure_risk
    >>> report = disclosure_risk(sample.plans(), as_of=sample.AS_OF, quasi=("age", "disability"))
    >>> report.rows > 0 and report.smallest >= 1
    True
    """
    latest: dict[str, IEP] = {}
    for plan in plans:
        known = latest.get(plan.student.id)
        if known is None or (plan.start_date, plan.history_date, plan.id) > (
            known.start_date,
            known.history_date,
            known.id,
        ):
            latest[plan.student.id] = plan
    rows = (quasi_identifiers(plan, as_of, school=school, leap=leap) for plan in latest.values())
    return k_anonymity(rows, quasi, k=k, minimum=minimum)
