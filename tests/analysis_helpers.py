"""Small plan builders for the analysis tests, and a seeded generator of varied plans."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from iepmodel import (
    IEP,
    Attendance,
    Evaluation,
    EvaluationException,
    EvaluationKind,
    Facility,
    Goal,
    GoalArea,
    Meeting,
    Participant,
    Period,
    Placement,
    PlanKind,
    PlanStatus,
    PostsecondaryGoal,
    Role,
    Service,
    ServiceCategory,
    ServiceSetting,
    ServiceType,
    Student,
    TransitionDomain,
    TransitionPlan,
    TransitionService,
)

D = dt.date
COUNT_DATE = D(2025, 10, 1)
"""The count date of the hand-computed data sets (a fall child count)."""
BORN = D(2015, 1, 22)
"""The default date of birth (10 on the count date)."""
PART_C_BORN = D(2022, 10, 15)
"""The default date of birth of a child from Part C (third birthday 2025-10-15)."""
START = D(2025, 9, 1)
"""The default start of a plan (and of its services)."""
END = D(2026, 6, 30)
"""The default end of a plan."""


def placement(
    percent: float = 100,
    facility: Facility = Facility.REGULAR_SCHOOL,
    *,
    hours: float | None = None,
    in_program: bool | None = None,
) -> Placement:
    return Placement(
        regular_class_percent=percent,
        facility=facility,
        early_childhood_program_hours=hours,
        services_in_early_childhood_program=in_program,
    )


def service(
    type_: ServiceType = ServiceType.SPECIALIZED_INSTRUCTION,
    *,
    minutes: int = 30,
    sessions: int = 1,
    per: Period = Period.WEEK,
    setting: ServiceSetting = ServiceSetting.GENERAL_EDUCATION,
    start: dt.date = START,
    end: dt.date | None = None,
    category: ServiceCategory | None = None,
) -> Service:
    return Service(
        type=type_,
        category=category,
        minutes=minutes,
        sessions=sessions,
        per=per,
        setting=setting,
        start_date=start,
        end_date=end,
    )


def plan(
    plan_id: str,
    *,
    born: dt.date = BORN,
    grade: str | None = None,
    student_id: str | None = None,
    start: dt.date = START,
    end: dt.date = END,
    place: Placement | None = None,
    kind: PlanKind = PlanKind.ANNUAL,
    status: PlanStatus = PlanStatus.FINAL,
    from_part_c: bool = False,
    name: str | None = None,
    **fields: Any,
) -> IEP:
    return IEP(
        id=plan_id,
        kind=kind,
        status=status,
        student=Student(
            id=student_id or f"S-{plan_id}",
            name=name,
            date_of_birth=born,
            grade=grade,
            from_part_c=from_part_c,
        ),
        start_date=start,
        end_date=end,
        placement=place,
        **fields,
    )


def part_c(
    plan_id: str, *, meeting: dt.date, start: dt.date, born: dt.date = PART_C_BORN, **fields: Any
) -> IEP:
    """The initial IEP of a child referred from Part C (student id ``S-<plan_id>``)."""
    return plan(
        plan_id,
        student_id=fields.pop("student_id", None),
        born=born,
        from_part_c=True,
        kind=PlanKind.INITIAL,
        start=start,
        end=start + dt.timedelta(days=300),
        meeting=Meeting(date=meeting),
        **fields,
    )


def age_on_count_date(age: int, *, days_after_birthday: int = 30) -> dt.date:
    """A date of birth making the child *age* on `COUNT_DATE`."""
    return D(COUNT_DATE.year - age, COUNT_DATE.month, COUNT_DATE.day) - dt.timedelta(
        days=days_after_birthday
    )


# --- a seeded generator of varied plans (for the Dask and partition tests) ----------------

_GRADES = (None, "PK", "K", "TK", "1", "3", "5", "8", "10", "12", "UG")


def random_plans(seed: int, count: int, *, students: int | None = None) -> list[IEP]:
    """*count* valid plans of about *students* students, varied in every analysed part."""
    rng = random.Random(seed)
    pool = students or max(1, count * 2 // 3)
    plans: list[IEP] = []
    for index in range(count):
        student_no = rng.randrange(pool)
        student_rng = random.Random(seed * 7919 + student_no)
        from_part_c = student_rng.random() < 0.3
        if from_part_c and student_rng.random() < 0.6:
            # a child leaving Part C: plans around the third birthday
            born = D(2021, 6, 1) + dt.timedelta(days=student_rng.randrange(2 * 365))
            start = born + dt.timedelta(days=3 * 365 + rng.randrange(-60, 40))
        else:
            born = D(2003, 1, 1) + dt.timedelta(days=student_rng.randrange(23 * 365))
            start = D(2024, 8, 1) + dt.timedelta(days=rng.randrange(500))
        start = max(start, born + dt.timedelta(days=1))
        end = start + dt.timedelta(days=rng.choice((364, 365, 180, 30)))
        services = tuple(
            service(
                rng.choice(list(ServiceType)),
                minutes=rng.randrange(5, 120),
                sessions=rng.randrange(1, 5),
                per=rng.choice(list(Period)),
                setting=rng.choice(list(ServiceSetting)),
                start=start + dt.timedelta(days=rng.randrange(0, 40)),
            )
            for _ in range(rng.randrange(0, 4))
        )
        place = None
        if rng.random() > 0.1:
            place = placement(
                rng.choice((0, 10, 39.9, 40, 55, 79.9, 80, 92.5, 100)),
                rng.choice(list(Facility)) if rng.random() < 0.3 else Facility.REGULAR_SCHOOL,
                hours=rng.choice((None, 0, 5, 9.5, 10, 20)),
                in_program=rng.choice((None, True, False)),
            )
        consent = start - dt.timedelta(days=rng.randrange(20, 200))
        completed = (
            consent + dt.timedelta(days=rng.randrange(20, 90)) if rng.random() > 0.2 else None
        )
        exception = rng.choice((None, None, None, *EvaluationException))
        evaluations = (
            Evaluation(
                kind=EvaluationKind.INITIAL,
                consent_date=max(consent, born + dt.timedelta(days=1)),
                completed_date=completed if completed and completed > born else None,
                exception=exception,
                agreed_completion_date=(
                    consent + dt.timedelta(days=75)
                    if exception is EvaluationException.TRANSFERRED_WITH_AGREED_DATE
                    else None
                ),
            ),
        )
        meeting_day = start - dt.timedelta(days=rng.randrange(0, 20))
        roles = [Role.PARENT]
        if rng.random() > 0.3:
            roles.append(Role.STUDENT)
        participants = [Participant(name=f"P{i}", roles=(r,)) for i, r in enumerate(roles)]
        if rng.random() > 0.5:
            participants.append(
                Participant(
                    name="Agency",
                    roles=(Role.AGENCY_REPRESENTATIVE,),
                    attendance=rng.choice(list(Attendance.__members__.values())[:2]),
                    consent_date=meeting_day - dt.timedelta(days=rng.randrange(-5, 20)),
                )
            )
        meeting = (
            Meeting(
                date=max(meeting_day, born + dt.timedelta(days=1)),
                participants=tuple(participants),
            )
            if rng.random() > 0.1
            else None
        )
        transition = None
        if rng.random() > 0.4:
            domains = [d for d in TransitionDomain if rng.random() > 0.3]
            transition = TransitionPlan(
                postsecondary_goals=tuple(
                    PostsecondaryGoal(domain=d, statement="A goal.") for d in domains
                ),
                assessments=("interest inventory",) if rng.random() > 0.3 else (),
                services=tuple(
                    TransitionService(
                        description="A service.", agency="VR" if rng.random() > 0.5 else None
                    )
                    for _ in range(rng.randrange(0, 3))
                ),
                course_of_study="CTE pathway" if rng.random() > 0.3 else None,
            )
        plans.append(
            IEP(
                id=f"P{seed}-{index:04d}",
                kind=rng.choice(list(PlanKind)),
                status=PlanStatus.FINAL if rng.random() > 0.1 else PlanStatus.DRAFT,
                student=Student(
                    id=f"S{seed}-{student_no:04d}",
                    date_of_birth=born,
                    grade=student_rng.choice(_GRADES),
                    from_part_c=from_part_c,
                ),
                meeting=meeting,
                start_date=start,
                end_date=end,
                evaluations=evaluations,
                goals=tuple(
                    Goal(area=rng.choice(list(GoalArea)), statement="A goal.")
                    for _ in range(rng.randrange(0, 3))
                ),
                services=services,
                placement=place,
                transition=transition,
            )
        )
    return plans
