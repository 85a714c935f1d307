"""The IEP itself: the aggregate the rest of the model hangs from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from ._content import Goal, PresentLevel, ProgressReporting
from ._enums import PlanKind, PlanStatus, Role
from ._evaluation import Evaluation
from ._extensions import check_extensions
from ._invariants import InvariantError, checked, matches, non_empty, one_of
from ._program import EducationOrganization, ProgramParticipation
from ._services import Placement, Service
from ._student import Student
from ._supports import Accommodation, AssessmentParticipation, Modification
from ._team import Meeting, Participant
from ._transition import TransitionPlan

__all__ = ["IEP", "SCHEMA_VERSION", "SUPPORTED_SCHEMA_VERSIONS"]

SCHEMA_VERSION = 2
"""The version of the document format this library writes."""
SUPPORTED_SCHEMA_VERSIONS: frozenset[int] = frozenset({1, 2})
"""The versions of the document format this library reads (v2 only adds optional fields)."""


_SCHEMA_VERSIONS = one_of(
    SUPPORTED_SCHEMA_VERSIONS,
    "unsupported schema version: this version of iepmodel reads "
    + " and ".join(str(version) for version in sorted(SUPPORTED_SCHEMA_VERSIONS)),
)
_LIMITS = {"minimum": 0, "maximum": 168}  # hours in a week
# A jurisdiction code is the form of ISO 3166-1 alpha-2 (a country), optionally followed by
# an ISO 3166-2 subdivision (`US-TX`, `CA-ON`). Checked when a plan is read or built, so a
# code that is not of this form (free text, a name) never reaches a message or a lookup.
_JURISDICTION = matches(
    r"[A-Z]{2}(-[A-Z0-9]{1,3})?",
    "must be a jurisdiction code: two capital letters, then optionally a hyphen and one to"
    " three capital letters or digits (US, US-TX)",
)


@checked
@attrs.frozen(kw_only=True)
class IEP:
    """
    An Individualized Education Program: one plan of one student (the document format, "IEP").

    Invariants that hold in every jurisdiction are checked when a plan is built: the end
    date is on or after the start date, the student was born before the plan starts, goal
    ids are unique, the schema version is one this library reads, and the extensions are
    within their bounds. Whether the plan is *lawful* is a different question, answered by
    `iepmodel.check`.

    Attributes:
        schema_version: the document format's version. A plan always holds the current
            version (``2``): version 2 only adds optional fields, so a plan read from a
            version 1 document (or built with ``schema_version=1``) is the same plan in
            version 2, and is written as version 2.
        id: the plan's identifier, opaque and non-empty.
        jurisdiction: the rule profile's code (``US``, ``US-TX`` …); `None` means ``US``.
        kind: initial, annual, reevaluation, amendment or interim.
        status: draft or final.
        amends: the id of the plan an amendment changes.
        student: the child.
        meeting: the team meeting that developed or reviewed the plan.
        start_date: the plan is in effect from this day …
        end_date: … through this day (inclusive).
        parent_consent_date: the parent's written consent to the initial provision of
            services.
        evaluations: the evaluation history the plan relies on, oldest first.
        reevaluation_waiver_date: the day parent and agency agreed in writing that the
            three-year reevaluation is unnecessary.
        present_levels, goals, progress_reporting, accommodations, modifications,
        services, placement, assessment, transition: the plan's content.
        rights_transfer_notice_date: the day the student was told of the rights that
            transfer at the age of majority.
        amendment_agreement_date: for an amendment made without a meeting, the day parent
            and agency agreed in writing.
        responsible_organization: the education organization responsible for the plan
            (format v2).
        program_participation: the student's participation in special education, with the
            exit date and reason (format v2).
        finalized_date: the day the plan was finalized (format v2).
        medically_fragile: the student is medically fragile (format v2).
        extended_school_year: the plan provides services outside the regular school year
            (extended school year services, 300.106; format v2).
        school_hours_per_week: the hours of the student's school week (format v2).
        shortened_school_day: the student attends a shortened school day (format v2).
        hours_reduced_per_week: by how many hours a week the student's day is shorter than
            their peers' (format v2).
        extensions: namespaced JSON values the library keeps exactly and never interprets
            (format v2, see `iepmodel.check_extensions`).

    >>> plan = IEP(
    ...     id="P1",
    ...     kind=PlanKind.ANNUAL,
    ...     student=Student(id="S1", date_of_birth=dt.date(2015, 1, 22)),
    ...     start_date=dt.date(2025, 10, 1),
    ...     end_date=dt.date(2026, 9, 30),
    ... )
    >>> plan.student_age_on_start, plan.is_final, plan.in_effect_on(dt.date(2026, 9, 30))
    (10, True, True)
    """

    # Each field's own constraint is its metadata, checked by `checked` (_invariants.py).
    schema_version: int = attrs.field(default=SCHEMA_VERSION, metadata=_SCHEMA_VERSIONS)
    id: str = attrs.field(metadata=non_empty())
    jurisdiction: str | None = attrs.field(default=None, metadata=_JURISDICTION)
    kind: PlanKind
    status: PlanStatus = PlanStatus.FINAL
    amends: str | None = None
    student: Student
    meeting: Meeting | None = None
    start_date: dt.date
    end_date: dt.date
    parent_consent_date: dt.date | None = None
    evaluations: tuple[Evaluation, ...] = ()
    reevaluation_waiver_date: dt.date | None = None
    present_levels: tuple[PresentLevel, ...] = ()
    goals: tuple[Goal, ...] = ()
    progress_reporting: ProgressReporting | None = None
    accommodations: tuple[Accommodation, ...] = ()
    modifications: tuple[Modification, ...] = ()
    services: tuple[Service, ...] = ()
    placement: Placement | None = None
    assessment: AssessmentParticipation | None = None
    transition: TransitionPlan | None = None
    rights_transfer_notice_date: dt.date | None = None
    amendment_agreement_date: dt.date | None = None
    # Format v2: every field optional, added after the v1 fields.
    responsible_organization: EducationOrganization | None = None
    program_participation: ProgramParticipation | None = None
    finalized_date: dt.date | None = None
    medically_fragile: bool | None = None
    extended_school_year: bool | None = None
    school_hours_per_week: float | None = attrs.field(default=None, metadata=_LIMITS)
    shortened_school_day: bool | None = None
    hours_reduced_per_week: float | None = attrs.field(default=None, metadata=_LIMITS)
    # Last, so that the writers' fast paths can leave it to the reference when present.
    # Compared, not hashed: a JSON object is not hashable.
    extensions: Mapping[str, Any] | None = attrs.field(default=None, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        # The relations between fields (each field's own constraint has held already). Also
        # run when the fast reader builds a plan, so kept to inline comparisons.
        if self.schema_version != SCHEMA_VERSION:
            # A v1 document is a v2 document without the new fields: hold it as v2.
            object.__setattr__(self, "schema_version", SCHEMA_VERSION)
        if self.extensions is not None:
            check_extensions(self.extensions)
        start = self.start_date
        if self.end_date < start:
            raise InvariantError("end_date", "must be on or after start_date")
        if self.student.date_of_birth >= start:
            raise InvariantError("student.date_of_birth", "must be before start_date")
        goals = self.goals
        if len(goals) > 1:
            seen: set[str] = set()
            for index, goal in enumerate(goals):
                if goal.id is None:
                    continue
                if goal.id in seen:
                    raise InvariantError(f"goals[{index}].id", "must be unique in the plan")
                seen.add(goal.id)

    def _repr_html_(self) -> str:
        # A notebook shows the plan's card, without personal data (iepmodel.display.card).
        from .display import card

        return card(self).html

    @property
    def is_final(self) -> bool:
        """Whether the plan is final (not a draft)."""
        return self.status is PlanStatus.FINAL

    @property
    def student_age_on_start(self) -> int:
        """The student's age on the plan's start date."""
        return self.student.age_on(self.start_date)

    @property
    def meeting_date(self) -> dt.date | None:
        """The day of the team meeting, if the plan had one."""
        return self.meeting.date if self.meeting is not None else None

    @property
    def history_date(self) -> dt.date:
        """The date a student's plans are ordered by: the meeting's, else the start date."""
        return self.meeting.date if self.meeting is not None else self.start_date

    def in_effect_on(self, day: dt.date) -> bool:
        """Whether the plan is in effect on *day* (start and end dates inclusive)."""
        return self.start_date <= day <= self.end_date

    def holders(self, role: Role) -> tuple[Participant, ...]:
        """Who holds *role* at the plan's meeting (empty without a meeting)."""
        return self.meeting.holders(role) if self.meeting is not None else ()

    def goal(self, goal_id: str) -> Goal | None:
        """The goal with id *goal_id*, if any."""
        return next((goal for goal in self.goals if goal.id == goal_id), None)

    def last_completed_evaluation(self) -> Evaluation | None:
        """The evaluation completed last, if any."""
        completed = [e for e in self.evaluations if e.completed_date is not None]
        return max(completed, key=lambda e: e.completed_date or dt.date.min, default=None)

    def weekly_service_minutes(self) -> float:
        """All services' minutes a week, with `Service.minutes_per_week`'s defaults."""
        return sum(service.minutes_per_week() for service in self.services)
