"""
Small builders for rule tests: start from the example documents, change what a test needs.

The examples (copied from the shared spec into tests/data/) are compliant plans under the
federal profile as of `AS_OF`; each test takes one and changes only what its scenario is
about, so the expected codes are exactly what that change causes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import attrs

import iepmodel
from iepmodel import (
    IEP,
    Attendance,
    Evaluation,
    EvaluationKind,
    Excusal,
    Meeting,
    Participant,
    Role,
    SchoolCalendar,
)
from iepmodel.rules import Finding

DATA = Path(__file__).parent / "data"

AS_OF = dt.date(2025, 10, 2)
"""A day on which the elementary and preschool examples are compliant and not due soon."""

D = dt.date


@cache
def _load(name: str) -> IEP:
    return iepmodel.from_json((DATA / name).read_text(encoding="utf-8"))


def elementary(**changes: Any) -> IEP:
    """The annual plan of a 10-year-old (meeting 2025-10-01, federal profile)."""
    return attrs.evolve(_load("annual-elementary.json"), **changes)


def transition(**changes: Any) -> IEP:
    """The annual plan of a student turning 16 (DOB 2010-05-10, meeting 2026-03-01)."""
    return attrs.evolve(_load("annual-transition.json"), **changes)


def preschool(**changes: Any) -> IEP:
    """The initial plan of a child from Part C (third birthday 2025-10-15)."""
    return attrs.evolve(_load("initial-preschool.json"), **changes)


@cache
def calendar_2024_25() -> SchoolCalendar:
    """The sample US school calendar of regulations.md §8."""
    text = (DATA / "calendar-2024-25.json").read_text(encoding="utf-8")
    return iepmodel.from_json(text, SchoolCalendar)


def meeting_of(plan: IEP) -> Meeting:
    """The plan's meeting (the tests' plans all have one)."""
    assert plan.meeting is not None
    return plan.meeting


def with_meeting(plan: IEP, **changes: Any) -> IEP:
    """*plan* with its meeting changed."""
    return attrs.evolve(plan, meeting=attrs.evolve(meeting_of(plan), **changes))


def with_participants(plan: IEP, participants: Iterable[Participant]) -> IEP:
    """*plan* with the meeting's participants replaced."""
    return with_meeting(plan, participants=tuple(participants))


def holder_index(plan: IEP, role: Role) -> int:
    """The index of the first participant holding *role*."""
    return next(i for i, p in enumerate(meeting_of(plan).participants) if role in p.roles)


def with_participant(plan: IEP, index: int, **changes: Any) -> IEP:
    """*plan* with participant *index* changed."""
    people = list(meeting_of(plan).participants)
    people[index] = attrs.evolve(people[index], **changes)
    return with_participants(plan, people)


def with_role_changed(plan: IEP, role: Role, **changes: Any) -> IEP:
    """*plan* with the first holder of *role* changed."""
    return with_participant(plan, holder_index(plan, role), **changes)


def without_role(plan: IEP, role: Role) -> IEP:
    """*plan* without any participant holding *role*."""
    return with_participants(
        plan, (p for p in meeting_of(plan).participants if role not in p.roles)
    )


def adding(plan: IEP, *participants: Participant) -> IEP:
    """*plan* with *participants* added to the meeting."""
    return with_participants(plan, (*meeting_of(plan).participants, *participants))


def person(name: str, *roles: Role, **changes: Any) -> Participant:
    """A participant."""
    return Participant(name=name, roles=roles, **changes)


def excused(
    plan: IEP,
    role: Role,
    *,
    agreement: dt.date | None = None,
    input_date: dt.date | None = None,
    area_discussed: bool = False,
    with_excusal: bool = True,
) -> IEP:
    """*plan* with the first holder of *role* excused, with the given excusal."""
    excusal = (
        Excusal(
            area_discussed=area_discussed,
            written_agreement_date=agreement,
            written_input_date=input_date,
        )
        if with_excusal
        else None
    )
    return with_role_changed(plan, role, attendance=Attendance.EXCUSED, excusal=excusal)


def initial_evaluation(
    consent: dt.date, completed: dt.date | None = None, **changes: Any
) -> Evaluation:
    """An initial evaluation."""
    return Evaluation(
        kind=EvaluationKind.INITIAL, consent_date=consent, completed_date=completed, **changes
    )


def reevaluation(
    consent: dt.date | None, completed: dt.date | None = None, **changes: Any
) -> Evaluation:
    """A reevaluation."""
    return Evaluation(
        kind=EvaluationKind.REEVALUATION, consent_date=consent, completed_date=completed, **changes
    )


def codes(findings: Iterable[Finding]) -> list[str]:
    """The codes of *findings*, in order (check returns them sorted)."""
    return [finding.code for finding in findings]


def check_codes(plans: IEP | Iterable[IEP], **options: Any) -> list[str]:
    """The codes `iepmodel.check` finds, as of `AS_OF` unless the test says otherwise."""
    options.setdefault("as_of", AS_OF)
    return codes(iepmodel.check(plans, **options))


def only(findings: list[Finding], code: str) -> Finding:
    """The one finding of *code*."""
    matching = [finding for finding in findings if finding.code == code]
    assert len(matching) == 1, findings
    return matching[0]


def transition_age_plan(
    date_of_birth: dt.date,
    start: dt.date,
    end: dt.date,
    *,
    with_transition: bool = True,
    **changes: Any,
) -> IEP:
    """
    The transition example moved to a student born *date_of_birth*, in effect *start*
    to *end* (meeting on *start*, last evaluation a year before), compliant otherwise.

    Check it as of ``start + 1 day``.
    """
    plan = transition()
    meeting = attrs.evolve(
        meeting_of(plan),
        date=start,
        participants=tuple(
            attrs.evolve(p, consent_date=start) if p.consent_date is not None else p
            for p in meeting_of(plan).participants
        ),
    )
    return attrs.evolve(
        plan,
        student=attrs.evolve(plan.student, date_of_birth=date_of_birth),
        meeting=meeting,
        start_date=start,
        end_date=end,
        evaluations=(
            Evaluation(
                kind=EvaluationKind.REEVALUATION,
                consent_date=start - dt.timedelta(days=400),
                completed_date=start - dt.timedelta(days=365),
            ),
        ),
        services=tuple(attrs.evolve(s, start_date=start) for s in plan.services),
        transition=plan.transition if with_transition else None,
        **changes,
    )
