"""
The plans the render tests draw: short, typical, long, transition-age and preschool.

Each is a real plan built from the example documents with the model, so the pages are
checked on what a district would send: a plan with almost nothing in it, the typical
elementary plan, one with many goals and services, a 17-year-old's plan that must speak
of the rights transferring at 18, and a preschooler's first plan.
"""

from __future__ import annotations

import datetime as dt

import attrs

import iepmodel
from builders import DATA, elementary, person, preschool, transition
from iepmodel import (
    IEP,
    Accommodation,
    AccommodationCategory,
    AccommodationContext,
    Goal,
    GoalArea,
    Meeting,
    Modification,
    Objective,
    Period,
    PlanKind,
    PlanStatus,
    Role,
    Service,
    ServiceSetting,
    ServiceType,
    Student,
)

D = dt.date


def short_plan() -> IEP:
    """A plan with nothing but its dates, its student and one service."""
    return IEP(
        id="short-1",
        kind=PlanKind.ANNUAL,
        student=Student(id="S-short", name="Robin Short", date_of_birth=D(2014, 4, 2), grade="5"),
        start_date=D(2025, 9, 1),
        end_date=D(2026, 8, 31),
        services=(
            Service(
                type=ServiceType.SPEECH_LANGUAGE,
                minutes=30,
                sessions=1,
                per=Period.WEEK,
                start_date=D(2025, 9, 1),
            ),
        ),
    )


def typical_plan() -> IEP:
    """The typical plan: the elementary example (two goals, two services)."""
    return elementary()


def long_plan() -> IEP:
    """Many goals, services, accommodations and modifications, a few staff."""
    base = elementary()
    areas = list(GoalArea)[:8]
    goals = tuple(
        Goal(
            id=f"G{index}",
            area=area,
            statement=f"Goal statement number {index}, in the words of the team.",
            criterion=f"Criterion {index}: 4 of 5 trials",
            measurement="weekly probes",
            objectives=(Objective(statement=f"Step one toward goal {index}."),),
        )
        for index, area in enumerate(areas, start=1)
    )
    contexts = list(AccommodationContext)
    accommodations = tuple(
        Accommodation(
            description=f"Accommodation number {index}",
            category=list(AccommodationCategory)[index % 4],
            contexts=tuple(contexts[: 1 + index % 3]),
        )
        for index in range(10)
    )
    types = [
        ServiceType.SPECIALIZED_INSTRUCTION,
        ServiceType.SPEECH_LANGUAGE,
        ServiceType.OCCUPATIONAL_THERAPY,
        ServiceType.COUNSELING,
        ServiceType.PARAPROFESSIONAL_SUPPORT,
        ServiceType.TRANSPORTATION,
    ]
    periods = [Period.WEEK, Period.MONTH, Period.DAY, Period.YEAR, Period.WEEK, Period.DAY]
    services = tuple(
        Service(
            type=kind,
            provider=f"provider {index}",
            minutes=15 + 5 * index,
            sessions=1 + index % 3,
            per=periods[index],
            setting=list(ServiceSetting)[index % 3],
            location=f"room {100 + index}",
            start_date=base.start_date + dt.timedelta(days=30 * (index % 2)),
            end_date=base.end_date - dt.timedelta(days=60) if index == 5 else None,
        )
        for index, kind in enumerate(types)
    )
    meeting = attrs.evolve(
        base.meeting,
        participants=(
            *base.meeting.participants,
            person("Morgan Speech", Role.RELATED_SERVICE_PROVIDER),
            person("Casey Counselor", Role.RELATED_SERVICE_PROVIDER),
        ),
    )
    return attrs.evolve(
        base,
        id="long-1",
        goals=goals,
        accommodations=accommodations,
        services=services,
        meeting=meeting,
        modifications=(
            *base.modifications,
            Modification(description="Fewer math problems per page", subjects=("math",)),
            Modification(description="Alternate reading list", subjects=("english", "history")),
        ),
    )


def transition_plan() -> IEP:
    """A 17-year-old's plan: transition content, and rights transferring at 18."""
    plan = transition()
    student = attrs.evolve(plan.student, date_of_birth=D(2008, 11, 20))
    return attrs.evolve(plan, id="transition-17", student=student)


def preschool_plan() -> IEP:
    """A preschooler's first plan, from early intervention."""
    return preschool()


def v2_plan() -> IEP:
    """The format v2 example: staff ids, extensions, extended school year, a shorter day."""
    plan = iepmodel.from_json((DATA / "annual-elementary-v2.json").read_text("utf-8"))
    return attrs.evolve(plan, shortened_school_day=True, hours_reduced_per_week=2.5)


def draft_amendment() -> IEP:
    """A draft amendment without a review meeting: no annual review date to show."""
    plan = elementary()
    meeting: Meeting | None = plan.meeting
    assert meeting is not None
    return attrs.evolve(
        plan,
        id="amend-1",
        kind=PlanKind.AMENDMENT,
        status=PlanStatus.DRAFT,
        amends=plan.id,
        meeting=attrs.evolve(meeting, purposes=()),
    )


PLANS = {
    "short": short_plan,
    "typical": typical_plan,
    "long": long_plan,
    "transition": transition_plan,
    "preschool": preschool_plan,
    "v2": v2_plan,
}
"""Name -> builder of each plan the page tests render."""
