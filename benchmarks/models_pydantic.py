"""
The v1 plan as pydantic v2 models: a yardstick for the benchmarks only.

The same fields, types, defaults and checks as the iepmodel classes (format.md): strict
mode (no coercion), unknown keys forbidden, frozen instances, the single-field
invariants as `Field` constraints and the cross-field ones in ``model_validator``\\ s.
Writing leaves out ``None`` values (``exclude_none``), close to the iepmodel writer,
which also leaves out empty lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from iepmodel import (
    AccommodationCategory,
    AccommodationContext,
    AssessmentMode,
    Attendance,
    ContactMethod,
    Delivery,
    DisabilityCategory,
    EvaluationException,
    EvaluationKind,
    Facility,
    GoalArea,
    GroupSize,
    MeetingPurpose,
    ParticipationMode,
    Period,
    PlanKind,
    PlanStatus,
    ProgressStatus,
    Role,
    ServiceCategory,
    ServiceSetting,
    ServiceType,
    TransitionDomain,
)

NonEmpty = Annotated[str, Field(min_length=1)]
Positive = Annotated[int, Field(gt=0)]
Grade = Literal[
    "PK", "TK", "K", "UG", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"
]


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Student(_Base):
    id: NonEmpty
    name: str | None = None
    date_of_birth: dt.date
    grade: Grade | None = None
    disabilities: tuple[DisabilityCategory, ...] = ()
    english_learner: bool = False
    primary_language: NonEmpty = "en"
    from_part_c: bool = False


class Excusal(_Base):
    area_discussed: bool = False
    written_agreement_date: dt.date | None = None
    written_input_date: dt.date | None = None


class Participant(_Base):
    name: str
    roles: Annotated[tuple[Role, ...], Field(min_length=1)]
    attendance: Attendance = Attendance.PRESENT
    mode: ParticipationMode = ParticipationMode.IN_PERSON
    excusal: Excusal | None = None
    consent_date: dt.date | None = None

    @model_validator(mode="after")
    def _excusal(self) -> Participant:
        if self.excusal is not None and self.attendance is not Attendance.EXCUSED:
            raise ValueError("excusal: is only allowed when attendance is excused")
        return self


class ContactAttempt(_Base):
    date: dt.date
    method: ContactMethod
    outcome: str | None = None


class Meeting(_Base):
    date: dt.date
    purposes: tuple[MeetingPurpose, ...] = ()
    notice_date: dt.date | None = None
    participants: tuple[Participant, ...] = ()
    parent_contact_attempts: tuple[ContactAttempt, ...] = ()
    considers_regular_class: bool = False
    part_c_coordinator_requested: bool = False


class Evaluation(_Base):
    kind: EvaluationKind
    consent_date: dt.date | None = None
    completed_date: dt.date | None = None
    eligibility_date: dt.date | None = None
    early_by_agreement: bool = False
    exception: EvaluationException | None = None
    agreed_completion_date: dt.date | None = None


class PresentLevel(_Base):
    area: GoalArea
    strengths: str
    needs: str
    baseline: str | None = None
    impact: str | None = None


class Objective(_Base):
    statement: str
    criterion: str | None = None
    target_date: dt.date | None = None


class ProgressEntry(_Base):
    date: dt.date
    status: ProgressStatus
    note: str | None = None


class Goal(_Base):
    id: NonEmpty | None = None
    area: GoalArea
    statement: str
    baseline: str | None = None
    criterion: str | None = None
    measurement: str | None = None
    objectives: tuple[Objective, ...] = ()
    progress: tuple[ProgressEntry, ...] = ()


class ProgressReporting(_Base):
    frequency: NonEmpty
    method: str | None = None


class Accommodation(_Base):
    description: str
    category: AccommodationCategory
    contexts: Annotated[tuple[AccommodationContext, ...], Field(min_length=1)] = (
        AccommodationContext.INSTRUCTION,
    )


class Modification(_Base):
    description: str
    subjects: tuple[str, ...] = ()


class Service(_Base):
    type: ServiceType
    category: ServiceCategory | None = None
    description: str | None = None
    provider: str | None = None
    setting: ServiceSetting = ServiceSetting.GENERAL_EDUCATION
    group: GroupSize = GroupSize.SMALL_GROUP
    delivery: Delivery = Delivery.DIRECT
    location: str | None = None
    minutes: Positive
    sessions: Positive = 1
    per: Period = Period.WEEK
    start_date: dt.date
    end_date: dt.date | None = None

    @model_validator(mode="after")
    def _dates(self) -> Service:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date: must be on or after start_date")
        if self.category is None:
            object.__setattr__(self, "category", self.type.category)
        return self


class Placement(_Base):
    regular_class_percent: Annotated[float, Field(ge=0, le=100)]
    nonparticipation_explanation: str | None = None
    facility: Facility = Facility.REGULAR_SCHOOL
    early_childhood_program_hours: Annotated[float, Field(ge=0)] | None = None
    services_in_early_childhood_program: bool | None = None


class AssessmentParticipation(_Base):
    mode: AssessmentMode
    alternate_justification: str | None = None


class PostsecondaryGoal(_Base):
    domain: TransitionDomain
    statement: str


class TransitionService(_Base):
    description: str
    domain: TransitionDomain | None = None
    agency: str | None = None


class TransitionPlan(_Base):
    postsecondary_goals: tuple[PostsecondaryGoal, ...] = ()
    assessments: tuple[str, ...] = ()
    services: tuple[TransitionService, ...] = ()
    course_of_study: str | None = None


class IEP(_Base):
    schema_version: Literal[1, 2]
    id: NonEmpty
    jurisdiction: NonEmpty | None = None
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

    @model_validator(mode="after")
    def _invariants(self) -> IEP:
        if self.end_date < self.start_date:
            raise ValueError("end_date: must be on or after start_date")
        if self.student.date_of_birth >= self.start_date:
            raise ValueError("student.date_of_birth: must be before start_date")
        ids = [goal.id for goal in self.goals if goal.id is not None]
        if len(ids) != len(set(ids)):
            raise ValueError("goals: ids must be unique in the plan")
        return self
