"""
Present levels, measurable annual goals, objectives and progress (34 CFR 300.320(a)(1)-(3)).

The text fields here describe the child; they are left out of `repr`.
"""

from __future__ import annotations

import datetime as dt

import attrs

from ._enums import GoalArea, GoalType, ProgressStatus
from ._invariants import InvariantError, checked, non_empty

__all__ = ["Goal", "GoalPeriod", "Objective", "PresentLevel", "ProgressEntry", "ProgressReporting"]


@checked
@attrs.frozen(kw_only=True)
class PresentLevel:
    """
    Present levels of academic achievement and functional performance in one area.

    Attributes:
        area: the area the statement is about.
        strengths: what the child does well.
        needs: what the child needs.
        baseline: the measured starting point.
        impact: how the disability affects involvement and progress in the general
            curriculum.
    """

    area: GoalArea
    strengths: str = attrs.field(repr=False)
    needs: str = attrs.field(repr=False)
    baseline: str | None = attrs.field(default=None, repr=False)
    impact: str | None = attrs.field(default=None, repr=False)


@checked
@attrs.frozen(kw_only=True)
class Objective:
    """
    A short-term objective or benchmark toward a goal (required with alternate assessment).

    Attributes:
        statement: what the child will do.
        criterion: the measurable target.
        target_date: when it should be met.
    """

    statement: str = attrs.field(repr=False)
    criterion: str | None = attrs.field(default=None, repr=False)
    target_date: dt.date | None = None


@checked
@attrs.frozen(kw_only=True)
class ProgressEntry:
    """
    One report of progress toward a goal.

    Attributes:
        date: the day of the report.
        status: the judgement of progress.
        note: free text.
    """

    date: dt.date
    status: ProgressStatus
    note: str | None = attrs.field(default=None, repr=False)


@checked
@attrs.frozen(kw_only=True)
class GoalPeriod:
    """
    The period in which a goal is to be achieved (format v2).

    Attributes:
        start_date: the first day of the period.
        end_date: the last day, if set; on or after *start_date*.

    >>> GoalPeriod(start_date=dt.date(2025, 10, 1), end_date=dt.date(2026, 9, 30)).end_date
    datetime.date(2026, 9, 30)
    """

    start_date: dt.date
    end_date: dt.date | None = None

    def __attrs_post_init__(self) -> None:
        end = self.end_date
        if end is not None and end < self.start_date:
            raise InvariantError("end_date", "must be on or after start_date")


@checked
@attrs.frozen(kw_only=True)
class Goal:
    """
    A measurable annual goal, 34 CFR 300.320(a)(2).

    Attributes:
        id: identifier, unique in the plan.
        area: the area the goal is about.
        statement: what the child will achieve.
        baseline: the starting point.
        criterion: the measurable target (required content, rule C303).
        measurement: how progress is measured (required content, rule C304).
        objectives: short-term objectives or benchmarks.
        progress: reports of progress, oldest first.
        type: academic achievement or functional performance (format v2).
        period: the period the goal is to be achieved in (format v2).

    >>> g = Goal(id="G1", area=GoalArea.READING, statement="Reads fluently.")
    >>> g
    Goal(id='G1', area=<GoalArea.READING: 'reading'>, objectives=(), progress=(),
         type=None, period=None)
    >>> g.is_measurable
    False
    """

    id: str | None = attrs.field(default=None, metadata=non_empty())
    area: GoalArea
    statement: str = attrs.field(repr=False)
    baseline: str | None = attrs.field(default=None, repr=False)
    criterion: str | None = attrs.field(default=None, repr=False)
    measurement: str | None = attrs.field(default=None, repr=False)
    objectives: tuple[Objective, ...] = ()
    progress: tuple[ProgressEntry, ...] = ()
    # Format v2.
    type: GoalType | None = None
    period: GoalPeriod | None = None

    @property
    def is_measurable(self) -> bool:
        """Whether the goal states both a measurable criterion and how it is measured."""
        return bool(self.criterion and self.criterion.strip()) and bool(
            self.measurement and self.measurement.strip()
        )

    @property
    def latest_progress(self) -> ProgressEntry | None:
        """The most recent progress report, if any."""
        return max(self.progress, key=lambda entry: entry.date, default=None)


@checked
@attrs.frozen(kw_only=True)
class ProgressReporting:
    """
    When and how the parents get reports of progress, 34 CFR 300.320(a)(3)(ii).

    Attributes:
        frequency: how often, e.g. ``quarterly``.
        method: how, e.g. ``written report with report card``.
    """

    frequency: str = attrs.field(metadata=non_empty())
    method: str | None = None
