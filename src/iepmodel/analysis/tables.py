"""
Tidy tables: plans flattened into one table per level, with documented columns.

==================  =====================================  ===================================
table               one row per                            key (join on)
==================  =====================================  ===================================
``plans``           plan                                   ``plan_id``
``goals``           annual goal of a plan                  ``plan_id``, ``goal_index``
``services``        service of a plan                      ``plan_id``, ``service_index``
``accommodations``  accommodation of a plan                ``plan_id``, ``accommodation_index``
``participants``    person invited to a plan's meeting     ``plan_id``, ``participant_index``
``evaluations``     evaluation listed in a plan            ``plan_id``, ``evaluation_index``
``findings``        rule finding (`iepmodel.check`)        ``plan_id``, ``finding_index``
==================  =====================================  ===================================

Every child table joins to ``plans`` on ``plan_id``; ``plans.student_id`` groups a
student's plans. An ``*_index`` is the position in the plan's list, from 0. Column names
and types are stable (see each row class, or ``Table.columns``); values of enumerations
are their wire strings (``"speech_language"``).

Personal data (the child's name and date of birth, participants' names, and every free
text field: goal statements, descriptions, notes) is left out unless
``include_personal=True``: then those columns are added, and the caller is responsible
for what is done with them.

The tables are plain Python records (frozen attrs rows); `Table.to_pandas` and
`Table.to_arrow` need the ``pandas`` and ``arrow`` extras.

>>> from iepmodel.analysis import tables
>>> t = tables([])
>>> len(t.plans), [c.name for c in t.goals.columns][:3]
(0, ['plan_id', 'goal_index', 'goal_id'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from iepmodel._enums import AccommodationContext
from iepmodel._plan import IEP
from iepmodel.rules import Finding, check

from ._frame import Column, Table, column, columns_of, make_table
from .minutes import DEFAULT_CONVERSIONS, Conversions, PeriodMinutes

__all__ = [
    "TABLES",
    "AccommodationRow",
    "EvaluationRow",
    "FindingRow",
    "GoalRow",
    "ParticipantRow",
    "PlanRow",
    "ServiceRow",
    "Tables",
    "accommodation_rows",
    "columns",
    "evaluation_rows",
    "finding_rows",
    "findings_table",
    "goal_rows",
    "participant_rows",
    "plan_row",
    "service_rows",
    "table",
    "tables",
]


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


# --- plans ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PlanRow:
    """One plan (table ``plans``). Key: ``plan_id``."""

    plan_id: str = attrs.field(metadata=column("string", "the plan's id"))
    student_id: str = attrs.field(metadata=column("string", "the student's id"))
    jurisdiction: str = attrs.field(
        metadata=column("string", "rule profile code; US when the plan does not say")
    )
    kind: str = attrs.field(metadata=column("string", "PlanKind value"))
    status: str = attrs.field(metadata=column("string", "PlanStatus value"))
    amends: str | None = attrs.field(
        metadata=column("string", "id of the plan an amendment changes", nullable=True)
    )
    start_date: dt.date = attrs.field(metadata=column("date", "first day in effect"))
    end_date: dt.date = attrs.field(metadata=column("date", "last day in effect"))
    meeting_date: dt.date | None = attrs.field(
        metadata=column("date", "the team meeting's date", nullable=True)
    )
    grade: str | None = attrs.field(metadata=column("string", "grade level", nullable=True))
    age_at_start: int = attrs.field(
        metadata=column("int", "student's age in whole years on start_date")
    )
    primary_disability: str | None = attrs.field(
        metadata=column("string", "DisabilityCategory value listed first", nullable=True)
    )
    disabilities: tuple[str, ...] = attrs.field(
        metadata=column("list[string]", "every DisabilityCategory value, primary first")
    )
    english_learner: bool = attrs.field(metadata=column("bool", "English learner"))
    primary_language: str = attrs.field(metadata=column("string", "BCP 47 tag"))
    from_part_c: bool = attrs.field(metadata=column("bool", "received IDEA Part C services"))
    parent_consent_date: dt.date | None = attrs.field(
        metadata=column("date", "consent to initial services", nullable=True)
    )
    last_evaluation_date: dt.date | None = attrs.field(
        metadata=column("date", "latest completed evaluation", nullable=True)
    )
    reevaluation_waiver_date: dt.date | None = attrs.field(
        metadata=column("date", "reevaluation waived in writing", nullable=True)
    )
    regular_class_percent: float | None = attrs.field(
        metadata=column("float", "share of the day in the regular class, 0-100", nullable=True)
    )
    facility: str | None = attrs.field(
        metadata=column("string", "Facility value (none without placement)", nullable=True)
    )
    early_childhood_program_hours: float | None = attrs.field(
        metadata=column(
            "float", "hours a week in a regular early childhood program", nullable=True
        )
    )
    services_in_early_childhood_program: bool | None = attrs.field(
        metadata=column("bool", "majority of services in that program", nullable=True)
    )
    assessment_mode: str | None = attrs.field(
        metadata=column("string", "AssessmentMode value", nullable=True)
    )
    goal_count: int = attrs.field(metadata=column("int", "annual goals"))
    service_count: int = attrs.field(metadata=column("int", "services"))
    accommodation_count: int = attrs.field(metadata=column("int", "accommodations"))
    modification_count: int = attrs.field(metadata=column("int", "program modifications"))
    participant_count: int = attrs.field(metadata=column("int", "people invited to the meeting"))
    weekly_service_minutes: float = attrs.field(
        metadata=column("float", "all services' minutes a week (see minutes.Conversions)")
    )
    has_transition_plan: bool = attrs.field(metadata=column("bool", "transition section present"))
    postsecondary_goal_count: int = attrs.field(metadata=column("int", "postsecondary goals"))
    transition_service_count: int = attrs.field(metadata=column("int", "transition services"))
    rights_transfer_notice_date: dt.date | None = attrs.field(
        metadata=column("date", "told of the rights that transfer at majority", nullable=True)
    )
    # Format v2 (null where the plan does not record them).
    organization_id: str | None = attrs.field(
        metadata=column("string", "the responsible education organization's id", nullable=True)
    )
    finalized_date: dt.date | None = attrs.field(
        metadata=column("date", "the day the plan was finalized", nullable=True)
    )
    program_start_date: dt.date | None = attrs.field(
        metadata=column("date", "special-education participation began", nullable=True)
    )
    exit_date: dt.date | None = attrs.field(
        metadata=column("date", "left special education", nullable=True)
    )
    exit_reason: str | None = attrs.field(
        metadata=column("string", "ExitReason value", nullable=True)
    )
    extended_school_year: bool | None = attrs.field(
        metadata=column("bool", "extended school year services", nullable=True)
    )
    medically_fragile: bool | None = attrs.field(
        metadata=column("bool", "medically fragile", nullable=True)
    )
    school_hours_per_week: float | None = attrs.field(
        metadata=column("float", "hours of the student's school week", nullable=True)
    )
    shortened_school_day: bool | None = attrs.field(
        metadata=column("bool", "attends a shortened school day", nullable=True)
    )
    student_name: str | None = attrs.field(
        default=None, metadata=column("string", "the child's name", personal=True)
    )
    date_of_birth: dt.date | None = attrs.field(
        default=None, metadata=column("date", "the child's date of birth", personal=True)
    )


def plan_row(
    plan: IEP,
    *,
    include_personal: bool = False,
    conversions: Conversions = DEFAULT_CONVERSIONS,
) -> PlanRow:
    """The ``plans`` row of *plan*."""
    student = plan.student
    placement = plan.placement
    transition = plan.transition
    participation = plan.program_participation
    last = plan.last_completed_evaluation()
    minutes = PeriodMinutes()
    for service in plan.services:
        minutes += PeriodMinutes.of(service)
    return PlanRow(
        plan_id=plan.id,
        student_id=student.id,
        jurisdiction=plan.jurisdiction or "US",
        kind=plan.kind.value,
        status=plan.status.value,
        amends=plan.amends,
        start_date=plan.start_date,
        end_date=plan.end_date,
        meeting_date=plan.meeting_date,
        grade=student.grade,
        age_at_start=plan.student_age_on_start,
        primary_disability=_str(student.primary_disability),
        disabilities=tuple(d.value for d in student.disabilities),
        english_learner=student.english_learner,
        primary_language=student.primary_language,
        from_part_c=student.from_part_c,
        parent_consent_date=plan.parent_consent_date,
        last_evaluation_date=last.completed_date if last is not None else None,
        reevaluation_waiver_date=plan.reevaluation_waiver_date,
        regular_class_percent=placement.regular_class_percent if placement else None,
        facility=placement.facility.value if placement else None,
        early_childhood_program_hours=(
            placement.early_childhood_program_hours if placement else None
        ),
        services_in_early_childhood_program=(
            placement.services_in_early_childhood_program if placement else None
        ),
        assessment_mode=plan.assessment.mode.value if plan.assessment else None,
        goal_count=len(plan.goals),
        service_count=len(plan.services),
        accommodation_count=len(plan.accommodations),
        modification_count=len(plan.modifications),
        participant_count=len(plan.meeting.participants) if plan.meeting else 0,
        weekly_service_minutes=conversions.weekly_from(minutes),
        has_transition_plan=transition is not None,
        postsecondary_goal_count=len(transition.postsecondary_goals) if transition else 0,
        transition_service_count=len(transition.services) if transition else 0,
        rights_transfer_notice_date=plan.rights_transfer_notice_date,
        organization_id=(
            plan.responsible_organization.id if plan.responsible_organization else None
        ),
        finalized_date=plan.finalized_date,
        program_start_date=participation.start_date if participation else None,
        exit_date=participation.exit_date if participation else None,
        exit_reason=_str(participation.exit_reason) if participation else None,
        extended_school_year=plan.extended_school_year,
        medically_fragile=plan.medically_fragile,
        school_hours_per_week=plan.school_hours_per_week,
        shortened_school_day=plan.shortened_school_day,
        student_name=student.name if include_personal else None,
        date_of_birth=student.date_of_birth if include_personal else None,
    )


# --- goals ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class GoalRow:
    """One annual goal (table ``goals``). Key: (``plan_id``, ``goal_index``)."""

    plan_id: str = attrs.field(metadata=column("string", "the plan's id"))
    goal_index: int = attrs.field(metadata=column("int", "position in the plan, from 0"))
    goal_id: str | None = attrs.field(
        metadata=column("string", "the goal's own id", nullable=True)
    )
    area: str = attrs.field(metadata=column("string", "GoalArea value"))
    measurable: bool = attrs.field(
        metadata=column("bool", "states both a criterion and how it is measured")
    )
    has_baseline: bool = attrs.field(metadata=column("bool", "states a baseline"))
    objective_count: int = attrs.field(metadata=column("int", "short-term objectives"))
    progress_count: int = attrs.field(metadata=column("int", "progress reports"))
    latest_progress_date: dt.date | None = attrs.field(
        metadata=column("date", "date of the latest progress report", nullable=True)
    )
    latest_progress_status: str | None = attrs.field(
        metadata=column("string", "ProgressStatus value of the latest report", nullable=True)
    )
    goal_type: str | None = attrs.field(
        metadata=column("string", "GoalType value (format v2)", nullable=True)
    )
    statement: str | None = attrs.field(
        default=None, metadata=column("string", "the goal (free text)", personal=True)
    )
    baseline: str | None = attrs.field(
        default=None, metadata=column("string", "the baseline (free text)", personal=True)
    )
    criterion: str | None = attrs.field(
        default=None, metadata=column("string", "the target (free text)", personal=True)
    )
    measurement: str | None = attrs.field(
        default=None, metadata=column("string", "how measured (free text)", personal=True)
    )


def goal_rows(plan: IEP, *, include_personal: bool = False) -> Iterator[GoalRow]:
    """The ``goals`` rows of *plan*."""
    for index, goal in enumerate(plan.goals):
        latest = goal.latest_progress
        yield GoalRow(
            plan_id=plan.id,
            goal_index=index,
            goal_id=goal.id,
            area=goal.area.value,
            measurable=goal.is_measurable,
            has_baseline=bool(goal.baseline and goal.baseline.strip()),
            objective_count=len(goal.objectives),
            progress_count=len(goal.progress),
            latest_progress_date=latest.date if latest else None,
            latest_progress_status=latest.status.value if latest else None,
            goal_type=_str(goal.type),
            statement=goal.statement if include_personal else None,
            baseline=goal.baseline if include_personal else None,
            criterion=goal.criterion if include_personal else None,
            measurement=goal.measurement if include_personal else None,
        )


# --- services ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ServiceRow:
    """One service (table ``services``). Key: (``plan_id``, ``service_index``)."""

    plan_id: str = attrs.field(metadata=column("string", "the plan's id"))
    service_index: int = attrs.field(metadata=column("int", "position in the plan, from 0"))
    type: str = attrs.field(metadata=column("string", "ServiceType value"))
    category: str | None = attrs.field(
        metadata=column("string", "ServiceCategory value (none for type other)", nullable=True)
    )
    setting: str = attrs.field(metadata=column("string", "ServiceSetting value"))
    group: str = attrs.field(metadata=column("string", "GroupSize value"))
    delivery: str = attrs.field(metadata=column("string", "Delivery value"))
    provider: str | None = attrs.field(
        metadata=column("string", "provider's title", nullable=True)
    )
    location: str | None = attrs.field(
        metadata=column("string", "where, e.g. resource room", nullable=True)
    )
    minutes: int = attrs.field(metadata=column("int", "minutes per session"))
    sessions: int = attrs.field(metadata=column("int", "sessions per period"))
    per: str = attrs.field(metadata=column("string", "Period value"))
    minutes_per_week: float = attrs.field(
        metadata=column("float", "minutes a week (see minutes.Conversions)")
    )
    start_date: dt.date = attrs.field(metadata=column("date", "projected start"))
    end_date: dt.date = attrs.field(
        metadata=column("date", "projected end: the service's, else the plan's")
    )
    description: str | None = attrs.field(
        default=None, metadata=column("string", "free text", personal=True)
    )


def service_rows(
    plan: IEP,
    *,
    include_personal: bool = False,
    conversions: Conversions = DEFAULT_CONVERSIONS,
) -> Iterator[ServiceRow]:
    """The ``services`` rows of *plan*."""
    for index, service in enumerate(plan.services):
        yield ServiceRow(
            plan_id=plan.id,
            service_index=index,
            type=service.type.value,
            category=_str(service.category),
            setting=service.setting.value,
            group=service.group.value,
            delivery=service.delivery.value,
            provider=service.provider,
            location=service.location,
            minutes=service.minutes,
            sessions=service.sessions,
            per=service.per.value,
            minutes_per_week=conversions.weekly(service),
            start_date=service.start_date,
            end_date=service.end_within(plan.end_date),
            description=service.description if include_personal else None,
        )


# --- accommodations ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class AccommodationRow:
    """One accommodation (table ``accommodations``).

    Key: (``plan_id``, ``accommodation_index``).
    """

    plan_id: str = attrs.field(metadata=column("string", "the plan's id"))
    accommodation_index: int = attrs.field(metadata=column("int", "position in the plan, from 0"))
    category: str = attrs.field(metadata=column("string", "AccommodationCategory value"))
    instruction: bool = attrs.field(metadata=column("bool", "applies in instruction"))
    classroom_assessment: bool = attrs.field(
        metadata=column("bool", "applies in classroom assessment")
    )
    state_assessment: bool = attrs.field(metadata=column("bool", "applies in state assessment"))
    description: str | None = attrs.field(
        default=None, metadata=column("string", "free text", personal=True)
    )


def accommodation_rows(plan: IEP, *, include_personal: bool = False) -> Iterator[AccommodationRow]:
    """The ``accommodations`` rows of *plan*."""
    for index, accommodation in enumerate(plan.accommodations):
        yield AccommodationRow(
            plan_id=plan.id,
            accommodation_index=index,
            category=accommodation.category.value,
            instruction=accommodation.applies_to(AccommodationContext.INSTRUCTION),
            classroom_assessment=accommodation.applies_to(
                AccommodationContext.CLASSROOM_ASSESSMENT
            ),
            state_assessment=accommodation.applies_to(AccommodationContext.STATE_ASSESSMENT),
            description=accommodation.description if include_personal else None,
        )


# --- participants --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ParticipantRow:
    """One person invited to the meeting (table ``participants``).

    Key: (``plan_id``, ``participant_index``).
    """

    plan_id: str = attrs.field(metadata=column("string", "the plan's id"))
    participant_index: int = attrs.field(
        metadata=column("int", "position in the meeting's list, from 0")
    )
    meeting_date: dt.date = attrs.field(metadata=column("date", "the meeting's date"))
    roles: tuple[str, ...] = attrs.field(
        metadata=column("list[string]", "Role values held (explode for one row per role)")
    )
    attendance: str = attrs.field(metadata=column("string", "Attendance value"))
    mode: str = attrs.field(metadata=column("string", "ParticipationMode value"))
    covers_role: bool = attrs.field(
        metadata=column("bool", "present or excused: the roles count as covered")
    )
    excusal_area_discussed: bool | None = attrs.field(
        metadata=column("bool", "excused member's area discussed", nullable=True)
    )
    excusal_written_agreement_date: dt.date | None = attrs.field(
        metadata=column("date", "written agreement to the excusal", nullable=True)
    )
    excusal_written_input_date: dt.date | None = attrs.field(
        metadata=column("date", "excused member's written input", nullable=True)
    )
    consent_date: dt.date | None = attrs.field(
        metadata=column("date", "consent to invite an agency representative", nullable=True)
    )
    name: str | None = attrs.field(
        default=None, metadata=column("string", "the person's name", personal=True)
    )


def participant_rows(plan: IEP, *, include_personal: bool = False) -> Iterator[ParticipantRow]:
    """The ``participants`` rows of *plan* (none without a meeting)."""
    meeting = plan.meeting
    if meeting is None:
        return
    for index, person in enumerate(meeting.participants):
        excusal = person.excusal
        yield ParticipantRow(
            plan_id=plan.id,
            participant_index=index,
            meeting_date=meeting.date,
            roles=tuple(role.value for role in person.roles),
            attendance=person.attendance.value,
            mode=person.mode.value,
            covers_role=person.covers_role,
            excusal_area_discussed=excusal.area_discussed if excusal else None,
            excusal_written_agreement_date=excusal.written_agreement_date if excusal else None,
            excusal_written_input_date=excusal.written_input_date if excusal else None,
            consent_date=person.consent_date,
            name=person.name if include_personal else None,
        )


# --- evaluations ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class EvaluationRow:
    """One evaluation listed in a plan (table ``evaluations``).

    Key: (``plan_id``, ``evaluation_index``).
    """

    plan_id: str = attrs.field(metadata=column("string", "the plan's id"))
    evaluation_index: int = attrs.field(metadata=column("int", "position in the plan, from 0"))
    student_id: str = attrs.field(metadata=column("string", "the student's id"))
    kind: str = attrs.field(metadata=column("string", "EvaluationKind value"))
    consent_date: dt.date | None = attrs.field(
        metadata=column("date", "consent to evaluate", nullable=True)
    )
    completed_date: dt.date | None = attrs.field(
        metadata=column("date", "completed (none while pending)", nullable=True)
    )
    eligibility_date: dt.date | None = attrs.field(
        metadata=column("date", "eligibility determined", nullable=True)
    )
    early_by_agreement: bool = attrs.field(
        metadata=column("bool", "reevaluation within a year by agreement")
    )
    exception: str | None = attrs.field(
        metadata=column("string", "EvaluationException value", nullable=True)
    )
    agreed_completion_date: dt.date | None = attrs.field(
        metadata=column("date", "completion date agreed after a transfer", nullable=True)
    )
    idea_part: str | None = attrs.field(
        metadata=column("string", "IdeaPart value (format v2)", nullable=True)
    )
    eligibility_outcome: str | None = attrs.field(
        metadata=column("string", "EligibilityOutcome value (format v2)", nullable=True)
    )
    eligibility_delay_reason: str | None = attrs.field(
        metadata=column("string", "EligibilityDelayReason value (format v2)", nullable=True)
    )


def evaluation_rows(plan: IEP, *, include_personal: bool = False) -> Iterator[EvaluationRow]:
    """The ``evaluations`` rows of *plan* (no personal columns: *include_personal* is moot)."""
    del include_personal
    for index, evaluation in enumerate(plan.evaluations):
        yield EvaluationRow(
            plan_id=plan.id,
            evaluation_index=index,
            student_id=plan.student.id,
            kind=evaluation.kind.value,
            consent_date=evaluation.consent_date,
            completed_date=evaluation.completed_date,
            eligibility_date=evaluation.eligibility_date,
            early_by_agreement=evaluation.early_by_agreement,
            exception=_str(evaluation.exception),
            agreed_completion_date=evaluation.agreed_completion_date,
            idea_part=_str(evaluation.idea_part),
            eligibility_outcome=_str(evaluation.eligibility_outcome),
            eligibility_delay_reason=_str(evaluation.eligibility_delay_reason),
        )


# --- findings ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class FindingRow:
    """One rule finding of a plan (table ``findings``). Key: (``plan_id``, ``finding_index``)."""

    plan_id: str = attrs.field(metadata=column("string", "the plan's id"))
    finding_index: int = attrs.field(
        metadata=column("int", "position among the plan's findings, from 0")
    )
    code: str = attrs.field(metadata=column("string", "the rule's code"))
    severity: str = attrs.field(metadata=column("string", "error or warning"))
    path: str = attrs.field(metadata=column("string", "where in the document"))
    due: dt.date | None = attrs.field(
        metadata=column("date", "the due date the finding is about", nullable=True)
    )
    citation: str = attrs.field(metadata=column("string", "the legal source"))
    message: str = attrs.field(
        metadata=column("string", "what is wrong (never quotes personal data)")
    )


def finding_rows(
    plan: IEP, *, include_personal: bool = False, **check_options: Any
) -> Iterator[FindingRow]:
    """
    The ``findings`` rows of *plan* alone: `iepmodel.check` on this one plan.

    *check_options* are passed to `iepmodel.check` (``as_of``, ``jurisdiction``,
    ``calendar``, ``select``, ``ignore``; give ``as_of``, whose default is today). Rules
    that read a student's history see only this plan: for histories use `table` or
    `tables`, which check all the plans given together, or `findings_table`.
    """
    del include_personal
    yield from findings_table(check(plan, **check_options)).rows


def findings_table(findings: Iterable[Finding]) -> Table[FindingRow]:
    """
    The ``findings`` table of findings already computed, e.g. by `iepmodel.check`.

    Rows are numbered per plan (``finding_index``) in the order given.
    """
    rows: list[FindingRow] = []
    counters: dict[str, int] = {}
    for finding in findings:
        index = counters.get(finding.plan_id, 0)
        counters[finding.plan_id] = index + 1
        rows.append(
            FindingRow(
                plan_id=finding.plan_id,
                finding_index=index,
                code=finding.code,
                severity=finding.severity.value,
                path=finding.path,
                due=finding.due,
                citation=finding.citation,
                message=finding.message,
            )
        )
    return make_table("findings", FindingRow, rows)


# --- the tables together ---------------------------------------------------------------

RowsOf = Callable[..., Iterable[Any]]


def _plan_rows(plan: IEP, **options: Any) -> Iterator[PlanRow]:
    yield plan_row(plan, **options)


TABLES: Mapping[str, tuple[type[Any], RowsOf]] = {
    "plans": (PlanRow, _plan_rows),
    "goals": (GoalRow, goal_rows),
    "services": (ServiceRow, service_rows),
    "accommodations": (AccommodationRow, accommodation_rows),
    "participants": (ParticipantRow, participant_rows),
    "evaluations": (EvaluationRow, evaluation_rows),
    "findings": (FindingRow, finding_rows),
}
"""Table name to (row class, function of a plan to its rows)."""


def table(
    name: str,
    plans: Iterable[IEP],
    *,
    include_personal: bool = False,
    conversions: Conversions = DEFAULT_CONVERSIONS,
    **check_options: Any,
) -> Table[Any]:
    """
    One tidy table by name (see `TABLES`), in one pass over *plans*.

    Args:
        name: ``plans``, ``goals``, ``services``, ``accommodations``, ``participants``,
            ``evaluations`` or ``findings``.
        plans: any iterable of plans (read once).
        include_personal: add the personal columns (names, dates of birth, free text).
        conversions: the frequency conventions (``plans`` and ``services``).
        check_options: for ``findings``, passed to `iepmodel.check` (give ``as_of``);
            all of *plans* are checked together, so rules see each student's history.
    """
    try:
        row_type, rows_of = TABLES[name]
    except KeyError:
        msg = f"unknown table {name!r}; known: {', '.join(sorted(TABLES))}"
        raise ValueError(msg) from None
    if name == "findings":
        return findings_table(check(plans, **check_options))
    options: dict[str, Any] = {"include_personal": include_personal}
    if name in {"plans", "services"}:
        options["conversions"] = conversions
    return make_table(
        name,
        row_type,
        (row for plan in plans for row in rows_of(plan, **options)),
        include_personal=include_personal,
    )


@attrs.frozen(kw_only=True)
class Tables:
    """
    All the tidy tables of a set of plans (see the module docs for keys).

    ``findings`` is empty unless `tables` was asked for it.
    """

    plans: Table[PlanRow]
    goals: Table[GoalRow]
    services: Table[ServiceRow]
    accommodations: Table[AccommodationRow]
    participants: Table[ParticipantRow]
    evaluations: Table[EvaluationRow]
    findings: Table[FindingRow]

    def as_dict(self) -> dict[str, Table[Any]]:
        """Table name to table."""
        return {name: getattr(self, name) for name in TABLES}

    def columns(self) -> dict[str, tuple[Column, ...]]:
        """Table name to its columns."""
        return {name: t.columns for name, t in self.as_dict().items()}


def tables(
    plans: Iterable[IEP],
    *,
    include_personal: bool = False,
    findings: bool = False,
    conversions: Conversions = DEFAULT_CONVERSIONS,
    **check_options: Any,
) -> Tables:
    """
    Every tidy table of *plans*, in one pass.

    Args:
        plans: any iterable of plans (read once).
        include_personal: add the personal columns.
        findings: also run `iepmodel.check` for the ``findings`` table (on all *plans*
            together, so that rules see each student's history; give ``as_of``).
        conversions: the frequency conventions.
        check_options: passed to `iepmodel.check`.
    """
    rows: dict[str, list[Any]] = {name: [] for name in TABLES}
    checked: list[IEP] = []
    for plan in plans:
        rows["plans"].append(
            plan_row(plan, include_personal=include_personal, conversions=conversions)
        )
        rows["goals"].extend(goal_rows(plan, include_personal=include_personal))
        rows["services"].extend(
            service_rows(plan, include_personal=include_personal, conversions=conversions)
        )
        rows["accommodations"].extend(accommodation_rows(plan, include_personal=include_personal))
        rows["participants"].extend(participant_rows(plan, include_personal=include_personal))
        rows["evaluations"].extend(evaluation_rows(plan))
        if findings:
            checked.append(plan)
    if findings:
        rows["findings"] = list(findings_table(check(checked, **check_options)).rows)
    built = {
        name: make_table(name, TABLES[name][0], values, include_personal=include_personal)
        for name, values in rows.items()
    }
    return Tables(**built)


def columns(name: str, *, include_personal: bool = False) -> tuple[Column, ...]:
    """The columns of table *name*."""
    return columns_of(TABLES[name][0], include_personal=include_personal)
