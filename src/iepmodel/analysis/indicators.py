"""
The federal SPP/APR indicators computed from plans: 5, 6, 11, 12 and 13.

Each indicator takes plans (any iterable, read once) and an as-of date and returns
`Rate` objects: numerator, denominator, percent, and the ids behind each count, so every
number can be traced back to plans. The definitions are those of the Part B SPP/APR
measurement table (20 U.S.C. 1416(a)(3)) and the EDFacts educational environment codes; the
choices made where the sources leave room are stated with each function. Every computation
is also an `iepmodel.analysis.scale.Aggregation` (``Indicator5Aggregation`` …) that runs
partition by partition on Dask.

Common rules:

- a count is of children, on the plan that counts for each student (`environments`): a
  *final* plan in effect on *as_of*, the latest if there are several (indicators 5, 6, 13);
- a percent is ``100 * numerator / denominator``, unrounded (`Rate.rounded` rounds for
  publication), and `None` when the denominator is 0;
- id lists are sorted.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable, Collection, Iterable, Mapping
from enum import StrEnum
from types import MappingProxyType
from typing import Literal

import attrs
from dateutil.relativedelta import relativedelta

from iepmodel._age import LeapBirthday, birthday
from iepmodel._enums import (
    EligibilityOutcome,
    EvaluationException,
    EvaluationKind,
    IdeaPart,
    PlanKind,
    Role,
    TransitionDomain,
)
from iepmodel._evaluation import Evaluation
from iepmodel._plan import IEP

from ._frame import Table, column, make_table
from ._select import PlanKey, current_key, is_current, keep_max, merge_max
from .environments import (
    AgeGroup,
    EarlyChildhoodEnvironment,
    EnvironmentAggregation,
    EnvironmentPartial,
    SchoolAgeEnvironment,
    group_codes,
)
from .scale import Aggregation

__all__ = [
    "INDICATOR_12_ELEMENTS",
    "PART_C_ELIGIBILITY_DAYS",
    "Answer",
    "EvaluationStatus",
    "EvaluationTimeliness",
    "Indicator5",
    "Indicator5Aggregation",
    "Indicator6",
    "Indicator6Aggregation",
    "Indicator11",
    "Indicator11Aggregation",
    "Indicator12",
    "Indicator12Aggregation",
    "Indicator13",
    "Indicator13Aggregation",
    "IndicatorRow",
    "PartCTransition",
    "Rate",
    "TransitionChecklist",
    "indicator_5",
    "indicator_6",
    "indicator_11",
    "indicator_12",
    "indicator_12_from_counts",
    "indicator_13",
    "indicators_table",
    "part_c_eligibility_is_late",
    "rate",
    "transition_checklist",
]


def _ids(
    _: Rate, __: attrs.Attribute[tuple[str, ...] | None], value: tuple[str, ...] | None
) -> None:
    if value is not None and list(value) != sorted(value):
        msg = "ids must be sorted"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class Rate:
    """
    A numerator over a denominator, with the ids behind each count.

    Attributes:
        name: the measure, e.g. ``5A``.
        numerator: the count that meets the measure.
        denominator: the population counted.
        numerator_ids: the sorted ids counted in the numerator (`None` when built from
            counts alone).
        denominator_ids: the sorted ids of the population.
        id_kind: what the ids are: ``plan`` ids, or ``student`` ids (indicator 12, where a
            child found not eligible has no plan).

    >>> from iepmodel.analysis import rate
    >>> r = rate("11", 111, 120)
    >>> r.percent, r.rounded()
    (92.5, 92.5)
    """

    name: str
    numerator: int
    denominator: int
    numerator_ids: tuple[str, ...] | None = attrs.field(default=None, validator=_ids)
    denominator_ids: tuple[str, ...] | None = attrs.field(default=None, validator=_ids)
    id_kind: Literal["plan", "student"] = "plan"

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.numerator <= self.denominator:
            msg = "a rate needs 0 <= numerator <= denominator"
            raise ValueError(msg)
        if self.numerator_ids is not None and len(self.numerator_ids) != self.numerator:
            msg = "numerator_ids must list one id per counted child"
            raise ValueError(msg)
        if self.denominator_ids is not None and len(self.denominator_ids) != self.denominator:
            msg = "denominator_ids must list one id per counted child"
            raise ValueError(msg)

    @property
    def percent(self) -> float | None:
        """``100 * numerator / denominator``; `None` when the denominator is 0."""
        if self.denominator == 0:
            return None
        return 100 * self.numerator / self.denominator

    def rounded(self, digits: int = 1) -> float | None:
        """The percent rounded to *digits* decimals (half to even), for publication."""
        percent = self.percent
        return None if percent is None else round(percent, digits)


def rate(name: str, numerator: int, denominator: int) -> Rate:
    """A `Rate` from counts alone (no ids)."""
    return Rate(name=name, numerator=numerator, denominator=denominator)


def _rate(
    name: str,
    numerator: Iterable[str],
    denominator: Iterable[str],
    kind: Literal["plan", "student"] = "plan",
) -> Rate:
    num = tuple(sorted(numerator))
    den = tuple(sorted(denominator))
    return Rate(
        name=name,
        numerator=len(num),
        denominator=len(den),
        numerator_ids=num,
        denominator_ids=den,
        id_kind=kind,
    )


# --- indicators 5 and 6: educational environments -------------------------------------


@attrs.frozen(kw_only=True)
class Indicator5:
    """
    Indicator 5, school-age educational environments (children 5 in kindergarten to 21).

    Attributes:
        as_of: the count date.
        a: inside the regular class 80 % or more of the day (``RC80``).
        b: inside the regular class less than 40 % of the day (``RC39``).
        c: separate schools, residential facilities, homebound/hospital (``SS``, ``RF``,
            ``HH``).
        by_code: every school-age code to the sorted plan ids with it (``RC79TO40``,
            ``CF`` and ``PPPS`` are in the denominator only).
        unclassified: plan ids of school-age children without a placement, left out of
            the denominator.
    """

    as_of: dt.date
    a: Rate
    b: Rate
    c: Rate
    by_code: Mapping[str, tuple[str, ...]]
    unclassified: tuple[str, ...]

    def rates(self) -> dict[str, Rate]:
        """The measures by name: ``5A``, ``5B``, ``5C``."""
        return {"5A": self.a, "5B": self.b, "5C": self.c}


@attrs.frozen(kw_only=True)
class Indicator5Aggregation(EnvironmentAggregation[Indicator5]):
    """The mergeable computation behind `indicator_5`."""

    def finish(self, partial: EnvironmentPartial) -> Indicator5:
        """Count the school-age environments."""
        by_code, unclassified = group_codes(partial, AgeGroup.SCHOOL_AGE)
        everyone = [plan_id for ids in by_code.values() for plan_id in ids]

        def measure(name: str, *codes: SchoolAgeEnvironment) -> Rate:
            return _rate(name, (i for code in codes for i in by_code[code.value]), everyone)

        return Indicator5(
            as_of=self.as_of,
            a=measure("5A", SchoolAgeEnvironment.RC80),
            b=measure("5B", SchoolAgeEnvironment.RC39),
            c=measure(
                "5C", SchoolAgeEnvironment.SS, SchoolAgeEnvironment.RF, SchoolAgeEnvironment.HH
            ),
            by_code=by_code,
            unclassified=unclassified,
        )


def indicator_5(
    plans: Iterable[IEP], as_of: dt.date, *, leap: LeapBirthday = "feb28"
) -> Indicator5:
    """
    Indicator 5 on the count date *as_of* (regulations.md §7, indicator 5).

    Population: children with a final plan in effect on *as_of*, aged 5 in kindergarten or
    6 to 21 on that day (`iepmodel.analysis.age_group`); one plan per student. Each
    measure's denominator is the whole population, including ``RC79TO40``, ``CF`` and
    ``PPPS``. Exactly 80 % is in 5A; exactly 40 % is in the 40-79 % band (not 5B). A plan
    without a placement cannot be coded: it is listed in ``unclassified`` and left out.
    """
    return Indicator5Aggregation(as_of=as_of, leap=leap)(plans)


@attrs.frozen(kw_only=True)
class Indicator6:
    """
    Indicator 6, preschool environments (children 3 to 5, not in kindergarten).

    Attributes:
        as_of: the count date.
        a: in a regular early childhood program and receiving the majority of services
            there (``REC10YSVCS``, ``REC09YSVCS``).
        b: separate special education class, separate school or residential facility
            (``SC``, ``SS``, ``RF``).
        c: receiving the majority of services in the home (``H``).
        by_code: every early childhood code to the sorted plan ids with it.
        unclassified: plan ids of early childhood children without a placement.
    """

    as_of: dt.date
    a: Rate
    b: Rate
    c: Rate
    by_code: Mapping[str, tuple[str, ...]]
    unclassified: tuple[str, ...]

    def rates(self) -> dict[str, Rate]:
        """The measures by name: ``6A``, ``6B``, ``6C``."""
        return {"6A": self.a, "6B": self.b, "6C": self.c}


@attrs.frozen(kw_only=True)
class Indicator6Aggregation(EnvironmentAggregation[Indicator6]):
    """The mergeable computation behind `indicator_6`."""

    def finish(self, partial: EnvironmentPartial) -> Indicator6:
        """Count the early childhood environments."""
        by_code, unclassified = group_codes(partial, AgeGroup.EARLY_CHILDHOOD)
        everyone = [plan_id for ids in by_code.values() for plan_id in ids]
        code = EarlyChildhoodEnvironment

        def measure(name: str, *codes: EarlyChildhoodEnvironment) -> Rate:
            return _rate(name, (i for c in codes for i in by_code[c.value]), everyone)

        return Indicator6(
            as_of=self.as_of,
            a=measure("6A", code.REC10YSVCS, code.REC09YSVCS),
            b=measure("6B", code.SC, code.SS, code.RF),
            c=measure("6C", code.H),
            by_code=by_code,
            unclassified=unclassified,
        )


def indicator_6(
    plans: Iterable[IEP], as_of: dt.date, *, leap: LeapBirthday = "feb28"
) -> Indicator6:
    """
    Indicator 6 on the count date *as_of* (regulations.md §7, indicator 6).

    Population: children with a final plan in effect on *as_of*, aged 3, 4 or 5 on that
    day and not in kindergarten (a 5-year-old in kindergarten counts in indicator 5).
    6A counts both hour bands of the regular early childhood program when the majority of
    services is received there; children in a regular program who receive most services
    elsewhere (``REC…OTHLOC``) and those at a service provider location (``SPL``) are in
    the denominator only. See `iepmodel.analysis.environments` for the codes.
    """
    return Indicator6Aggregation(as_of=as_of, leap=leap)(plans)


# --- indicator 11: timely initial evaluation --------------------------------------------

# 34 CFR 300.301(c)(1)(i): the initial evaluation within 60 days of receiving consent.
INITIAL_EVALUATION_DAYS = 60


class EvaluationStatus(StrEnum):
    """Where an initial evaluation stands for indicator 11 on the as-of date."""

    TIMELY = "timely"
    """Completed on or before the due date (in a and b)."""
    LATE = "late"
    """Completed after the due date (in a, not b)."""
    OVERDUE = "overdue"
    """Not completed, and the due date has passed (in a, not b)."""
    NOT_YET_DUE = "not_yet_due"
    """Not completed, and the due date has not passed: not counted yet."""
    EXCEPTION = "exception"
    """Late under one of the exceptions of 34 CFR 300.301(d) (see ``exceptions``)."""


@attrs.frozen(kw_only=True)
class EvaluationTimeliness:
    """
    One initial evaluation's timeliness (table of `Indicator11.evaluations`).

    Join key: ``plan_id`` (the plan the record was read from).
    """

    plan_id: str = attrs.field(metadata=column("string", "the plan the record comes from"))
    student_id: str = attrs.field(metadata=column("string", "the student's id"))
    consent_date: dt.date = attrs.field(metadata=column("date", "parental consent received"))
    due_date: dt.date = attrs.field(metadata=column("date", "end of the timeline"))
    end_date: dt.date | None = attrs.field(
        metadata=column("date", "completion (the end event), if known", nullable=True)
    )
    status: str = attrs.field(metadata=column("string", "EvaluationStatus value"))
    days_late: int | None = attrs.field(
        metadata=column(
            "int", "days past the due date (to completion, else to as_of)", nullable=True
        )
    )
    exception: str | None = attrs.field(
        metadata=column("string", "EvaluationException value, if any", nullable=True)
    )


@attrs.frozen(kw_only=True)
class Indicator11:
    """
    Indicator 11: children evaluated within 60 days of consent (or the state timeframe).

    Attributes:
        as_of: the date the evaluations are judged on.
        since: the first consent date counted (`None`: no lower bound).
        rate: numerator b (within the timeline) over denominator a (consents received
            and due, or completed, by *as_of*).
        evaluations: every initial evaluation with a consent in the window, sorted by
            plan id and consent date.
    """

    as_of: dt.date
    since: dt.date | None
    rate: Rate
    evaluations: tuple[EvaluationTimeliness, ...]

    @property
    def a(self) -> int:
        """Children whose parental consent to evaluate was received (and counted)."""
        return self.rate.denominator

    @property
    def b(self) -> int:
        """Children whose evaluations were completed within the timeline."""
        return self.rate.numerator

    @property
    def late(self) -> tuple[EvaluationTimeliness, ...]:
        """The evaluations in a but not in b (late or overdue)."""
        return tuple(
            e
            for e in self.evaluations
            if e.status in {EvaluationStatus.LATE.value, EvaluationStatus.OVERDUE.value}
        )

    @property
    def days_late_range(self) -> tuple[int, int] | None:
        """The range of days beyond the timeline of the late evaluations (the APR asks)."""
        days = [e.days_late for e in self.late if e.days_late is not None]
        return (min(days), max(days)) if days else None

    def rates(self) -> dict[str, Rate]:
        """The measure by name: ``11``."""
        return {"11": self.rate}

    def table(self) -> Table[EvaluationTimeliness]:
        """The evaluations as a tidy table."""
        return make_table("evaluation_timeliness", EvaluationTimeliness, self.evaluations)


EvaluationRank = tuple[bool, dt.date, dt.date, str]
Indicator11Partial = dict[tuple[str, dt.date], tuple[EvaluationRank, tuple[str, Evaluation]]]


@attrs.frozen(kw_only=True)
class Indicator11Aggregation(Aggregation[Indicator11Partial, Indicator11]):
    """
    The mergeable computation behind `indicator_11`.

    Attributes: see `indicator_11`.
    """

    as_of: dt.date
    since: dt.date | None = None
    timeline_days: int = INITIAL_EVALUATION_DAYS
    due_date: Callable[[dt.date], dt.date] | None = None
    end: Literal["completed", "eligibility"] = "completed"
    exceptions: Literal["exclude", "timely"] = "exclude"

    def partial(self, plans: Iterable[IEP]) -> Indicator11Partial:
        """The initial evaluations of one stream, one record per (student, consent)."""
        store: Indicator11Partial = {}
        for plan in plans:
            rank = (plan.is_final, plan.history_date, plan.start_date, plan.id)
            for evaluation in plan.evaluations:
                consent = evaluation.consent_date
                if evaluation.kind is not EvaluationKind.INITIAL or consent is None:
                    continue
                if consent > self.as_of or (self.since is not None and consent < self.since):
                    continue
                keep_max(store, (plan.student.id, consent), rank, (plan.id, evaluation))
        return store

    def merge(self, partials: Iterable[Indicator11Partial]) -> Indicator11Partial:
        """Keep the record of the latest plan for each (student, consent)."""
        return merge_max(partials)

    def _due(self, consent: dt.date) -> dt.date:
        if self.due_date is not None:
            return self.due_date(consent)
        # Day 0 is the day consent is received; completion on the due date is on time
        # (regulations.md §0, counting convention).
        return consent + dt.timedelta(days=self.timeline_days)

    def judge(self, plan_id: str, student_id: str, evaluation: Evaluation) -> EvaluationTimeliness:
        """The timeliness of one initial evaluation on ``as_of``."""
        consent = evaluation.consent_date
        assert consent is not None
        due = self._due(consent)
        end = evaluation.completed_date if self.end == "completed" else evaluation.eligibility_date
        done = end is not None and end <= self.as_of
        status, days = _timeliness(evaluation, end if done else None, due, self.as_of)
        return EvaluationTimeliness(
            plan_id=plan_id,
            student_id=student_id,
            consent_date=consent,
            due_date=due,
            end_date=end if done else None,
            status=status.value,
            days_late=days,
            exception=evaluation.exception.value if evaluation.exception is not None else None,
        )

    def finish(self, partial: Indicator11Partial) -> Indicator11:
        """Judge each evaluation and count a and b."""
        rows = sorted(
            (
                self.judge(plan_id, student_id, evaluation)
                for (student_id, _), (_, (plan_id, evaluation)) in partial.items()
            ),
            key=lambda row: (row.plan_id, row.consent_date, row.student_id),
        )
        counted = {
            EvaluationStatus.TIMELY.value,
            EvaluationStatus.LATE.value,
            EvaluationStatus.OVERDUE.value,
        }
        timely = {EvaluationStatus.TIMELY.value}
        if self.exceptions == "timely":
            counted.add(EvaluationStatus.EXCEPTION.value)
            timely.add(EvaluationStatus.EXCEPTION.value)
        return Indicator11(
            as_of=self.as_of,
            since=self.since,
            rate=_rate(
                "11",
                (row.plan_id for row in rows if row.status in timely),
                (row.plan_id for row in rows if row.status in counted),
            ),
            evaluations=tuple(rows),
        )


def _timeliness(
    evaluation: Evaluation, end: dt.date | None, due: dt.date, as_of: dt.date
) -> tuple[EvaluationStatus, int | None]:
    if end is not None and end <= due:
        return EvaluationStatus.TIMELY, None
    if end is None and as_of <= due:
        return EvaluationStatus.NOT_YET_DUE, None
    # 34 CFR 300.301(d)(1): the parent repeatedly failed or refused to produce the child.
    if evaluation.exception is EvaluationException.PARENT_DID_NOT_PRODUCE_CHILD:
        return EvaluationStatus.EXCEPTION, None
    agreed = evaluation.agreed_completion_date
    # 34 CFR 300.301(d)(2) and (e): a transfer, with a completion date agreed in writing.
    if evaluation.exception is EvaluationException.TRANSFERRED_WITH_AGREED_DATE and agreed:
        if end is not None and end <= agreed:
            return EvaluationStatus.EXCEPTION, None
        if end is None and as_of <= agreed:
            return EvaluationStatus.NOT_YET_DUE, None
        due = agreed
    if end is not None:
        return EvaluationStatus.LATE, (end - due).days
    return EvaluationStatus.OVERDUE, (as_of - due).days


def indicator_11(
    plans: Iterable[IEP],
    as_of: dt.date,
    *,
    since: dt.date | None = None,
    timeline_days: int = INITIAL_EVALUATION_DAYS,
    due_date: Callable[[dt.date], dt.date] | None = None,
    end: Literal["completed", "eligibility"] = "completed",
    exceptions: Literal["exclude", "timely"] = "exclude",
) -> Indicator11:
    """
    Indicator 11: percent of children evaluated within the timeline (b / a × 100).

    Population: initial evaluations (``evaluations`` of kind ``initial`` with a consent
    date) with consent received from *since* (inclusive; no lower bound by default)
    through *as_of*. The same evaluation listed in several plans of a student (the history
    is repeated) is counted once: the record of the student's latest plan (final first)
    wins.

    Judged on *as_of*: the due date is consent + *timeline_days* calendar days (34 CFR
    300.301(c)(1); day 0 is the day of consent), or *due_date(consent)* for a state
    timeframe (school days, breaks). Completed (the *end* event: ``completed_date``, or
    ``eligibility_date``) on or before the due date: timely (a and b). Completed after it:
    late (a only); not completed and past due: overdue (a only, days counted to *as_of*);
    not completed and not yet due: left out. A completion after *as_of* is treated as not
    yet known.

    The exceptions of 34 CFR 300.301(d) (parent did not produce the child; transfer with a
    completion date agreed in writing, met) apply only to evaluations that would otherwise
    be late. With ``exceptions="exclude"`` (default) they are left out of a and b; with
    ``"timely"`` they count in both (some states' "acceptable reasons"). A transfer that
    misses its agreed date is late, counted from the agreed date.

    >>> from iepmodel.analysis import indicator_11
    >>> ev = Evaluation(kind=EvaluationKind.INITIAL, consent_date=dt.date(2025, 1, 10),
    ...                 completed_date=dt.date(2025, 3, 11))
    >>> plan = IEP(id="P1", kind=PlanKind.INITIAL, evaluations=(ev,),
    ...            student=Student(id="S1", date_of_birth=dt.date(2015, 1, 22)),
    ...            start_date=dt.date(2025, 4, 1), end_date=dt.date(2026, 3, 31))
    >>> result = indicator_11([plan], dt.date(2025, 6, 30))
    >>> result.a, result.b, result.rate.percent, result.evaluations[0].due_date
    (1, 1, 100.0, datetime.date(2025, 3, 11))
    """
    return Indicator11Aggregation(
        as_of=as_of,
        since=since,
        timeline_days=timeline_days,
        due_date=due_date,
        end=end,
        exceptions=exceptions,
    )(plans)


# --- indicator 12: Part C to Part B by the third birthday -------------------------------

# 34 CFR 300.124(b): an IEP developed and implemented by the child's third birthday.
_THIRD_BIRTHDAY = 3

# SPP/APR indicator 12, element e (20 U.S.C. 1416(a)(3)(B)): determined eligible for Part C
# less than 90 days before the third birthday, too late for the Part C lead agency's notice
# to the LEA at least 90 days before that birthday (34 CFR 303.209(b)(1)(i)).
PART_C_ELIGIBILITY_DAYS = 90

INDICATOR_12_ELEMENTS: Mapping[str, str] = MappingProxyType(
    {
        "a": "children who have been served in Part C and referred to Part B for Part B"
        " eligibility determination",
        "b": "those referred determined to be NOT eligible and whose eligibility was"
        " determined prior to their third birthdays",
        "c": "those found eligible who have an IEP developed and implemented by their third"
        " birthdays",
        "d": "children for whom parent refusal to provide consent caused delays in evaluation"
        " or initial services or to whom exceptions under 34 CFR §300.301(d) applied",
        "e": "children determined to be eligible for early intervention services under Part C"
        " less than 90 days before their third birthdays",
        "f": "children whose parents chose to continue early intervention services beyond the"
        " child's third birthday through a State's policy under 34 CFR §303.211 or a"
        " similar State option",
    }
)
"""
The elements a to f of indicator 12, in the words of the SPP/APR measurement.

Each value is what the measurement counts ("# of ..."), word for word (20 U.S.C.
1416(a)(3)(B); the Part B SPP/APR measurement table, indicator 12). The percent is
``c / (a - b - d - e - f) * 100``.

>>> from iepmodel.analysis import INDICATOR_12_ELEMENTS
>>> sorted(INDICATOR_12_ELEMENTS)
['a', 'b', 'c', 'd', 'e', 'f']
>>> INDICATOR_12_ELEMENTS["e"].startswith("children determined to be eligible for early")
True
"""


@attrs.frozen(kw_only=True)
class PartCTransition:
    """
    One child referred from Part C, and where indicator 12 puts them.

    Attributes:
        student_id: the student's id.
        plan_id: the IEP judged (the initial one, else the earliest), if any.
        element: the element of `INDICATOR_12_ELEMENTS` the child is counted in besides
            a: ``b`` (determined not eligible before the third birthday), ``c`` (an IEP
            developed and implemented by the third birthday), ``d`` (parent refusal to
            consent, or a 300.301(d) exception), ``e`` (determined eligible for early
            intervention under Part C less than 90 days before the third birthday),
            ``f`` (parents chose to continue early intervention past the third
            birthday, 34 CFR 303.211), or ``late`` (in a only: counted against the
            percent).
        days_late: for ``late``, days from the third birthday to the later of the IEP's
            meeting and start (to *as_of* without an IEP).
        part_c_eligibility_date: the day the child was first determined eligible for
            Part C, as the plans record it (`None`: not recorded).
    """

    student_id: str
    plan_id: str | None
    element: Literal["b", "c", "d", "e", "f", "late"]
    days_late: int | None = None
    part_c_eligibility_date: dt.date | None = None


@attrs.frozen(kw_only=True)
class Indicator12:
    """
    Indicator 12: Part C children with an IEP developed and implemented by age 3.

    The elements are those of `INDICATOR_12_ELEMENTS`.

    Attributes:
        as_of: the date the children are judged on.
        since: the first third birthday counted (`None`: no lower bound).
        children: every child in a, sorted by student id.
        rate: c / (a - b - d - e - f), with *student* ids.
    """

    as_of: dt.date
    since: dt.date | None
    children: tuple[PartCTransition, ...]
    rate: Rate

    def _count(self, element: str) -> int:
        return sum(1 for child in self.children if child.element == element)

    @property
    def a(self) -> int:
        """
        Element a of the measurement (`INDICATOR_12_ELEMENTS`): a count.

        Children who have been served in Part C and referred to Part B for Part B eligibility
        determination.
        """
        return len(self.children)

    @property
    def b(self) -> int:
        """
        Element b of the measurement (`INDICATOR_12_ELEMENTS`): a count.

        Those referred determined to be NOT eligible and whose eligibility was determined
        prior to their third birthdays.
        """
        return self._count("b")

    @property
    def c(self) -> int:
        """
        Element c of the measurement (`INDICATOR_12_ELEMENTS`): a count.

        Those found eligible who have an IEP developed and implemented by their third
        birthdays.
        """
        return self._count("c")

    @property
    def d(self) -> int:
        """
        Element d of the measurement (`INDICATOR_12_ELEMENTS`): a count.

        Children for whom parent refusal to provide consent caused delays in evaluation or
        initial services or to whom exceptions under 34 CFR §300.301(d) applied.
        """
        return self._count("d")

    @property
    def e(self) -> int:
        """
        Element e of the measurement (`INDICATOR_12_ELEMENTS`): a count.

        Children determined to be eligible for early intervention services under Part C less
        than 90 days before their third birthdays.
        """
        return self._count("e")

    @property
    def f(self) -> int:
        """
        Element f of the measurement (`INDICATOR_12_ELEMENTS`): a count.

        Children whose parents chose to continue early intervention services beyond the
        child's third birthday through a State's policy under 34 CFR §303.211 or a
        similar State option.
        """
        return self._count("f")

    @property
    def e_unchecked(self) -> tuple[str, ...]:
        """
        The children counted late for whom element e could not be checked.

        Their plans record no Part C eligibility (an evaluation under Part C found eligible,
        with its date) and they are not in *part_c_eligible_late*: if one was determined
        eligible for Part C less than 90 days before the third birthday, list them there.
        Sorted student ids.
        """
        return tuple(
            child.student_id
            for child in self.children
            if child.element == "late" and child.part_c_eligibility_date is None
        )

    def rates(self) -> dict[str, Rate]:
        """The measure by name: ``12``."""
        return {"12": self.rate}


def indicator_12_from_counts(*, a: int, b: int, c: int, d: int, e: int, f: int) -> Rate:
    """
    Indicator 12 from the elements a to f: ``c / (a - b - d - e - f) * 100``.

    >>> from iepmodel.analysis import indicator_12_from_counts
    >>> r = indicator_12_from_counts(a=50, b=5, c=38, d=2, e=3, f=1)
    >>> r.numerator, r.denominator, r.rounded()
    (38, 39, 97.4)
    """
    return rate("12", c, a - b - d - e - f)


_PlanCandidate = tuple[tuple[bool, dt.date, dt.date, str], str, dt.date, dt.date]
"""((not initial, meeting, start, id), plan id, meeting or start date, start date)."""


@attrs.frozen(kw_only=True)
class _Child12:
    date_of_birth: dt.date
    from_part_c: bool
    exception: bool
    plan: _PlanCandidate | None
    part_c_eligible: dt.date | None = None
    """The earliest Part C eligibility date recorded."""

    def merge(self, other: _Child12) -> _Child12:
        plans = [p for p in (self.plan, other.plan) if p is not None]
        days = [d for d in (self.part_c_eligible, other.part_c_eligible) if d is not None]
        return _Child12(
            date_of_birth=min(self.date_of_birth, other.date_of_birth),
            from_part_c=self.from_part_c or other.from_part_c,
            exception=self.exception or other.exception,
            plan=min(plans, key=lambda p: p[0]) if plans else None,
            part_c_eligible=min(days) if days else None,
        )


def _part_c_eligibility(evaluations: Iterable[Evaluation]) -> dt.date | None:
    """The earliest day an evaluation recorded found the child eligible for Part C."""
    earliest: dt.date | None = None
    for evaluation in evaluations:
        day = evaluation.eligibility_date
        if (
            evaluation.idea_part is IdeaPart.PART_C
            and evaluation.eligibility_outcome is EligibilityOutcome.ELIGIBLE
            and day is not None
            and (earliest is None or day < earliest)
        ):
            earliest = day
    return earliest


def part_c_eligibility_is_late(
    date_of_birth: dt.date, eligibility_date: dt.date, *, leap: LeapBirthday = "feb28"
) -> bool:
    """
    Whether a child was determined eligible for Part C less than 90 days before age 3.

    This is element e of indicator 12 (`INDICATOR_12_ELEMENTS`): the day of the Part C
    eligibility determination is before the third birthday (``leap`` places a Feb 29
    birthday, as `iepmodel.timelines.third_birthday` does with the profile's
    ``leap_birthday``) by fewer than 90 days. Exactly 90 days before is not late; a date
    on or after the third birthday is not "before" it (Part C serves children under 3,
    34 CFR 303.21), so it is not late either.

    >>> from iepmodel.analysis import part_c_eligibility_is_late
    >>> born = dt.date(2022, 10, 15)  # third birthday 2025-10-15
    >>> part_c_eligibility_is_late(born, dt.date(2025, 7, 17))  # 90 days before
    False
    >>> part_c_eligibility_is_late(born, dt.date(2025, 7, 18))  # 89 days before
    True
    """
    third = birthday(date_of_birth, _THIRD_BIRTHDAY, leap=leap)
    return 0 < (third - eligibility_date).days < PART_C_ELIGIBILITY_DAYS


Indicator12Partial = dict[str, _Child12]


def _frozen_ids(ids: Collection[str]) -> frozenset[str]:
    return frozenset(ids)


_LATE_REFERRAL_DEPRECATED = (
    "late_referral is deprecated and will be removed in the next release: use"
    " part_c_eligible_late (children determined eligible for early intervention under Part C"
    " less than 90 days before their third birthday, indicator 12 element e)"
)


def _part_c_eligible_late(
    part_c_eligible_late: Collection[str], late_referral: Collection[str] | None
) -> Collection[str]:
    """The element e list, from the new keyword or (with a warning) the deprecated one."""
    if late_referral is None:
        return part_c_eligible_late
    if part_c_eligible_late:
        msg = "pass part_c_eligible_late only (late_referral is its deprecated name)"
        raise TypeError(msg)
    # stacklevel 3: the warning names the caller of indicator_12 / Indicator12Aggregation.
    warnings.warn(_LATE_REFERRAL_DEPRECATED, DeprecationWarning, stacklevel=3)
    return late_referral


@attrs.frozen(kw_only=True, init=False)
class Indicator12Aggregation(Aggregation[Indicator12Partial, Indicator12]):
    """
    The mergeable computation behind `indicator_12`.

    Attributes: see `indicator_12`. ``late_referral=`` is the deprecated name of
    ``part_c_eligible_late=`` (it warns, and goes in the next release).
    """

    as_of: dt.date
    since: dt.date | None = None
    leap: LeapBirthday = "feb28"
    not_eligible: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_ids)
    parent_refusal: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_ids)
    part_c_eligible_late: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_ids)
    continuing_part_c: frozenset[str] = attrs.field(default=frozenset(), converter=_frozen_ids)

    def __init__(
        self,
        *,
        as_of: dt.date,
        since: dt.date | None = None,
        leap: LeapBirthday = "feb28",
        not_eligible: Collection[str] = (),
        parent_refusal: Collection[str] = (),
        part_c_eligible_late: Collection[str] = (),
        continuing_part_c: Collection[str] = (),
        late_referral: Collection[str] | None = None,
    ) -> None:
        """Set the parameters (``late_referral`` is deprecated: a warning)."""
        # attrs writes __attrs_init__ (init=False); pyright does not see it, mypy's plugin does.
        self.__attrs_init__(  # pyright: ignore[reportAttributeAccessIssue, reportUnknownMemberType]
            as_of=as_of,
            since=since,
            leap=leap,
            not_eligible=not_eligible,
            parent_refusal=parent_refusal,
            part_c_eligible_late=_part_c_eligible_late(part_c_eligible_late, late_referral),
            continuing_part_c=continuing_part_c,
        )

    @property
    def late_referral(self) -> frozenset[str]:
        """Deprecated: `part_c_eligible_late` (a warning; goes in the next release)."""
        warnings.warn(_LATE_REFERRAL_DEPRECATED, DeprecationWarning, stacklevel=2)
        return self.part_c_eligible_late

    def partial(self, plans: Iterable[IEP]) -> Indicator12Partial:
        """What one stream says about each student."""
        store: Indicator12Partial = {}
        for plan in plans:
            candidate: _PlanCandidate | None = None
            if (
                plan.is_final
                and plan.kind is not PlanKind.AMENDMENT
                and plan.history_date <= self.as_of
            ):
                candidate = (
                    (
                        plan.kind is not PlanKind.INITIAL,
                        plan.history_date,
                        plan.start_date,
                        plan.id,
                    ),
                    plan.id,
                    plan.history_date,
                    plan.start_date,
                )
            child = _Child12(
                date_of_birth=plan.student.date_of_birth,
                from_part_c=plan.student.from_part_c,
                # 300.301(d) is a Part B exception: an evaluation under Part C is not one.
                exception=any(
                    e.kind is EvaluationKind.INITIAL
                    and e.exception is not None
                    and e.idea_part is not IdeaPart.PART_C
                    for e in plan.evaluations
                ),
                plan=candidate,
                part_c_eligible=_part_c_eligibility(plan.evaluations),
            )
            old = store.get(plan.student.id)
            store[plan.student.id] = child if old is None else old.merge(child)
        return store

    def merge(self, partials: Iterable[Indicator12Partial]) -> Indicator12Partial:
        """Combine what the partitions say about each student."""
        merged: Indicator12Partial = {}
        for part in partials:
            for student_id, child in part.items():
                old = merged.get(student_id)
                merged[student_id] = child if old is None else old.merge(child)
        return merged

    def _in_window(self, day: dt.date) -> bool:
        return day <= self.as_of and (self.since is None or day >= self.since)

    def _judge(self, student_id: str, child: _Child12 | None) -> PartCTransition:
        plan = child.plan if child is not None else None
        part_c = child.part_c_eligible if child is not None else None

        def put(
            element: Literal["b", "c", "d", "e", "f", "late"], days_late: int | None = None
        ) -> PartCTransition:
            return PartCTransition(
                student_id=student_id,
                plan_id=plan[1] if plan is not None else None,
                element=element,
                days_late=days_late,
                part_c_eligibility_date=part_c,
            )

        if student_id in self.not_eligible:
            return put("b")
        if child is not None and plan is not None:
            third = birthday(child.date_of_birth, _THIRD_BIRTHDAY, leap=self.leap)
            # "Developed" is the meeting (else the start), "implemented" the start date.
            if plan[2] <= third and plan[3] <= third:
                return put("c")
        if student_id in self.parent_refusal or (child is not None and child.exception):
            return put("d")
        # The caller's list wins; for a child not listed, the plans' Part C eligibility.
        if student_id in self.part_c_eligible_late or (
            child is not None
            and part_c is not None
            and part_c_eligibility_is_late(child.date_of_birth, part_c, leap=self.leap)
        ):
            return put("e")
        if student_id in self.continuing_part_c:
            return put("f")
        days: int | None = None
        if child is not None:
            third = birthday(child.date_of_birth, _THIRD_BIRTHDAY, leap=self.leap)
            reached = max(plan[2], plan[3]) if plan is not None else self.as_of
            days = (reached - third).days
        return put("late", days)

    def finish(self, partial: Indicator12Partial) -> Indicator12:
        """Put each child referred from Part C in one element."""
        population: set[str] = set()
        for student_id, child in partial.items():
            if not child.from_part_c:
                continue
            third = birthday(child.date_of_birth, _THIRD_BIRTHDAY, leap=self.leap)
            if self._in_window(third):
                population.add(student_id)
        # Children the caller lists were referred too, with or without a plan.
        population |= self.not_eligible | self.parent_refusal
        population |= self.part_c_eligible_late | self.continuing_part_c
        children = tuple(
            self._judge(student_id, partial.get(student_id)) for student_id in sorted(population)
        )
        out = {"b", "d", "e", "f"}
        return Indicator12(
            as_of=self.as_of,
            since=self.since,
            children=children,
            rate=_rate(
                "12",
                (child.student_id for child in children if child.element == "c"),
                (child.student_id for child in children if child.element not in out),
                kind="student",
            ),
        )


def indicator_12(
    plans: Iterable[IEP],
    as_of: dt.date,
    *,
    since: dt.date | None = None,
    leap: LeapBirthday = "feb28",
    not_eligible: Collection[str] = (),
    parent_refusal: Collection[str] = (),
    part_c_eligible_late: Collection[str] = (),
    continuing_part_c: Collection[str] = (),
    late_referral: Collection[str] | None = None,
) -> Indicator12:
    """
    Indicator 12: ``c / (a - b - d - e - f) * 100`` from plans.

    The elements are those of the SPP/APR measurement (`INDICATOR_12_ELEMENTS`).

    a: students whose plans say ``from_part_c`` and whose third birthday falls from *since*
    through *as_of*, plus every student id the caller lists below (a plan file holds only
    children found eligible, so the others must come from the caller).

    Each child is put in one element, in this order:

    - ``b`` if listed in *not_eligible*;
    - ``c`` if the student's initial IEP (else the earliest non-amendment final plan) was
      developed (meeting date, else start date) and implemented (start date) on or before
      the third birthday (34 CFR 300.124(b));
    - ``d`` if listed in *parent_refusal*, or an initial evaluation (not one under Part C)
      records a 300.301(d) exception;
    - ``e``: determined eligible for early intervention under Part C less than 90 days
      before the third birthday (`part_c_eligibility_is_late`). A child listed in
      *part_c_eligible_late* is in e whatever the plans say (the caller's list wins). A
      child not listed is in e when the plans record the Part C eligibility: an evaluation
      with ``idea_part`` ``part_c``, ``eligibility_outcome`` ``eligible`` and an
      ``eligibility_date`` (the earliest, if several: the day the child became eligible; a
      later redetermination does not move it). A child whose plans record none is in e
      only if listed; those left ``late`` are in `Indicator12.e_unchecked`. The date of
      the referral to Part B plays no part;
    - ``f`` if listed in *continuing_part_c* (parents chose to continue early intervention
      past the third birthday, 34 CFR 303.211);
    - else late (in a only).

    Plans dated after *as_of* are not known yet. Ids in the result are student ids.

    ``late_referral=`` is the deprecated name of *part_c_eligible_late*: it still works in
    this release, with a `DeprecationWarning`, and goes in the next one.
    """
    return Indicator12Aggregation(
        as_of=as_of,
        since=since,
        leap=leap,
        not_eligible=not_eligible,
        parent_refusal=parent_refusal,
        part_c_eligible_late=_part_c_eligible_late(part_c_eligible_late, late_referral),
        continuing_part_c=continuing_part_c,
    )(plans)


# --- indicator 13: secondary transition ----------------------------------------------

# 34 CFR 300.320(b): transition content from the IEP in effect when the child turns 16.
TRANSITION_AGE = 16


class Answer(StrEnum):
    """An answer to an item of the I-13 checklist."""

    YES = "yes"
    NO = "no"
    NA = "na"
    """Not applicable (item 8 only)."""


@attrs.frozen(kw_only=True)
class TransitionChecklist:
    """
    The eight items of the NTACT I-13 checklist (Form A) for one plan (table ``checklists``).

    Each item is an `Answer` value. The plan meets indicator 13 when every item is
    ``yes``, or ``na`` where that is allowed (item 8).

    Join key: ``plan_id``.
    """

    plan_id: str = attrs.field(metadata=column("string", "the plan's id"))
    student_id: str = attrs.field(metadata=column("string", "the student's id"))
    age: int = attrs.field(metadata=column("int", "age in whole years on as_of"))
    q1_postsecondary_goals: str = attrs.field(
        metadata=column(
            "string", "measurable postsecondary goals: education/training and employment"
        )
    )
    q2_updated_annually: str = attrs.field(
        metadata=column("string", "goals in a plan developed within the year before as_of")
    )
    q3_transition_assessment: str = attrs.field(
        metadata=column("string", "goals based on age-appropriate transition assessment")
    )
    q4_transition_services: str = attrs.field(
        metadata=column("string", "transition services toward the goals")
    )
    q5_courses_of_study: str = attrs.field(metadata=column("string", "a course of study"))
    q6_annual_goals: str = attrs.field(
        metadata=column("string", "annual IEP goals (related to transition service needs)")
    )
    q7_student_invited: str = attrs.field(
        metadata=column("string", "the student was invited to the meeting")
    )
    q8_agency_invited: str = attrs.field(
        metadata=column("string", "agency representative invited with prior consent, or na")
    )
    meets: bool = attrs.field(metadata=column("bool", "every item yes (or na for item 8)"))

    @property
    def answers(self) -> tuple[str, ...]:
        """The eight answers in order."""
        return (
            self.q1_postsecondary_goals,
            self.q2_updated_annually,
            self.q3_transition_assessment,
            self.q4_transition_services,
            self.q5_courses_of_study,
            self.q6_annual_goals,
            self.q7_student_invited,
            self.q8_agency_invited,
        )


def _yes(condition: bool) -> str:
    return Answer.YES.value if condition else Answer.NO.value


def _text(value: str | None) -> bool:
    return bool(value and value.strip())


def transition_checklist(
    plan: IEP, as_of: dt.date, *, leap: LeapBirthday = "feb28"
) -> TransitionChecklist:
    """
    Answer the eight I-13 items from *plan*'s data (regulations.md §7, indicator 13).

    What the model records stands for the evidence a file reviewer looks for:

    1. postsecondary goals in both ``education_training`` and ``employment`` with a
       statement (independent living is "where appropriate", so not required);
    2. item 1's goals exist and the plan was developed (meeting date, else start date)
       less than a year before *as_of* (34 CFR 300.324(b)(1));
    3. goals exist and at least one transition assessment is listed;
    4. goals exist and at least one transition service is listed (the model does not
       say which goal a service serves; the course of study of item 5 is a transition
       service too, 300.320(b)(2));
    5. goals exist and a course of study is stated;
    6. the plan has at least one annual goal (the model does not link annual goals to
       transition needs);
    7. the plan's meeting invited someone in the ``student`` role;
    8. ``na`` when no transition service names an agency (no agency likely to provide or
       pay); otherwise someone in the ``agency_representative`` role was invited with a
       consent date on or before the meeting (300.321(b)(3)).
    """
    transition = plan.transition
    goals = transition.postsecondary_goals if transition is not None else ()
    services = transition.services if transition is not None else ()
    has_goals = any(_text(goal.statement) for goal in goals)
    q1 = all(
        any(goal.domain is domain and _text(goal.statement) for goal in goals)
        for domain in (TransitionDomain.EDUCATION_TRAINING, TransitionDomain.EMPLOYMENT)
    )
    # 300.324(b)(1): the IEP is reviewed at least annually.
    q2 = has_goals and plan.history_date > as_of - relativedelta(years=1)
    q3 = has_goals and transition is not None and any(_text(a) for a in transition.assessments)
    q4 = has_goals and any(_text(service.description) for service in services)
    q5 = has_goals and transition is not None and _text(transition.course_of_study)
    q6 = bool(plan.goals)
    meeting = plan.meeting
    q7 = meeting is not None and meeting.invited(Role.STUDENT)
    if not any(_text(service.agency) for service in services):
        q8 = Answer.NA.value
    else:
        q8 = _yes(
            meeting is not None
            and any(
                p.consent_date is not None and p.consent_date <= meeting.date
                for p in meeting.holders(Role.AGENCY_REPRESENTATIVE)
            )
        )
    answers = [_yes(q) for q in (q1, q2, q3, q4, q5, q6, q7)]
    return TransitionChecklist(
        plan_id=plan.id,
        student_id=plan.student.id,
        age=plan.student.age_on(as_of, leap=leap),
        q1_postsecondary_goals=answers[0],
        q2_updated_annually=answers[1],
        q3_transition_assessment=answers[2],
        q4_transition_services=answers[3],
        q5_courses_of_study=answers[4],
        q6_annual_goals=answers[5],
        q7_student_invited=answers[6],
        q8_agency_invited=q8,
        meets=all(a == Answer.YES.value for a in answers) and q8 != Answer.NO.value,
    )


@attrs.frozen(kw_only=True)
class Indicator13:
    """
    Indicator 13: youth aged 16 and above whose IEP meets every I-13 item.

    Attributes:
        as_of: the date of the review.
        min_age: the youngest age counted.
        rate: plans that meet the checklist over plans reviewed.
        checklists: the checklist of each plan reviewed, sorted by plan id.
    """

    as_of: dt.date
    min_age: int
    rate: Rate
    checklists: tuple[TransitionChecklist, ...]

    def rates(self) -> dict[str, Rate]:
        """The measure by name: ``13``."""
        return {"13": self.rate}

    def table(self) -> Table[TransitionChecklist]:
        """The checklists as a tidy table."""
        return make_table("checklists", TransitionChecklist, self.checklists)


Indicator13Partial = dict[str, tuple[PlanKey, TransitionChecklist | None]]


@attrs.frozen(kw_only=True)
class Indicator13Aggregation(Aggregation[Indicator13Partial, Indicator13]):
    """
    The mergeable computation behind `indicator_13`.

    Attributes: see `indicator_13`.
    """

    as_of: dt.date
    min_age: int = TRANSITION_AGE
    leap: LeapBirthday = "feb28"

    def partial(self, plans: Iterable[IEP]) -> Indicator13Partial:
        """The current plan of each student, with its checklist when old enough."""
        store: Indicator13Partial = {}
        for plan in plans:
            if not is_current(plan, self.as_of):
                continue
            rank = current_key(plan)
            old = store.get(plan.student.id)
            if old is not None and not rank > old[0]:
                continue
            checklist = None
            if plan.student.age_on(self.as_of, leap=self.leap) >= self.min_age:
                checklist = transition_checklist(plan, self.as_of, leap=self.leap)
            keep_max(store, plan.student.id, rank, checklist)
        return store

    def merge(self, partials: Iterable[Indicator13Partial]) -> Indicator13Partial:
        """Keep each student's current plan across partitions."""
        return merge_max(partials)

    def finish(self, partial: Indicator13Partial) -> Indicator13:
        """Count the plans that meet the checklist."""
        checklists = sorted(
            (c for _, c in partial.values() if c is not None), key=lambda c: c.plan_id
        )
        return Indicator13(
            as_of=self.as_of,
            min_age=self.min_age,
            rate=_rate(
                "13",
                (c.plan_id for c in checklists if c.meets),
                (c.plan_id for c in checklists),
            ),
            checklists=tuple(checklists),
        )


def indicator_13(
    plans: Iterable[IEP],
    as_of: dt.date,
    *,
    min_age: int = TRANSITION_AGE,
    leap: LeapBirthday = "feb28",
) -> Indicator13:
    """
    Indicator 13 on *as_of*: percent of youth whose IEP meets all eight I-13 items.

    The items are answered by `transition_checklist`.

    Population: each student's final plan in effect on *as_of*, when the student is at
    least *min_age* (16 federally, 34 CFR 300.320(b); a state may use a younger age, e.g.
    15 in New York) on *as_of*.
    """
    return Indicator13Aggregation(as_of=as_of, min_age=min_age, leap=leap)(plans)


# --- a tidy table of indicator results -----------------------------------------------


@attrs.frozen(kw_only=True)
class IndicatorRow:
    """One measure of one indicator (table ``indicators``), for charts and reports."""

    measure: str = attrs.field(metadata=column("string", "5A, 5B, 5C, 6A ... 11, 12, 13"))
    as_of: dt.date = attrs.field(metadata=column("date", "the as-of date"))
    numerator: int = attrs.field(metadata=column("int", "children meeting the measure"))
    denominator: int = attrs.field(metadata=column("int", "children in the population"))
    percent: float | None = attrs.field(
        metadata=column("float", "100 * numerator / denominator", nullable=True)
    )


def indicators_table(
    *results: Indicator5 | Indicator6 | Indicator11 | Indicator12 | Indicator13,
) -> Table[IndicatorRow]:
    """
    One row per measure of the given indicator results, in the order given.

    >>> from iepmodel.analysis import indicator_5, indicators_table
    >>> [row.measure for row in indicators_table(indicator_5([], dt.date(2025, 10, 1)))]
    ['5A', '5B', '5C']
    """
    return make_table(
        "indicators",
        IndicatorRow,
        (
            IndicatorRow(
                measure=name,
                as_of=result.as_of,
                numerator=value.numerator,
                denominator=value.denominator,
                percent=value.percent,
            )
            for result in results
            for name, value in result.rates().items()
        ),
    )
