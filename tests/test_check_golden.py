"""
A golden test: the findings of `iepmodel.check` over a fixed, varied data set, frozen.

The data set (a few hundred plans, several per student) is drawn here from a seeded
`random.Random`, not from the benchmark's generator, so that it changes only when this
file does. It breaks every rule of the catalog somewhere, in every shipped profile and
in two derived ones (the other annual conventions, the ``mar1`` leap birthday, a
half-year transition age), with and without a school calendar, with Feb 29 and
month-end dates of birth.

The findings of each run are frozen in ``data/check-golden.json``: each one's plan,
code, path, due date and severity, plus a SHA-256 digest of every finding in full
(messages and citations), so that any change of behaviour shows. A deliberate change of
the rules rewrites the file with ``IEPMODEL_UPDATE_GOLDEN=1 pytest
tests/test_check_golden.py``; review the diff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import pytest

import iepmodel
from builders import calendar_2024_25
from iepmodel import (
    IEP,
    AccommodationCategory,
    AccommodationContext,
    AssessmentMode,
    Attendance,
    ContactMethod,
    DisabilityCategory,
    EvaluationException,
    EvaluationKind,
    GoalArea,
    MeetingPurpose,
    PlanKind,
    PlanStatus,
    Role,
    ServiceType,
    TransitionDomain,
)
from iepmodel.jurisdictions import AnnualConvention, derive
from iepmodel.rules import Finding, catalog

GOLDEN: Final = Path(__file__).parent / "data" / "check-golden.json"
SEED: Final = 20260229
STUDENTS: Final = 100
D = dt.date

# --- the data set -------------------------------------------------------------------------


def _day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return low + dt.timedelta(days=rng.randint(0, (high - low).days))


def _maybe(rng: random.Random, chance: float) -> bool:
    return rng.random() < chance


def _text(rng: random.Random, chance_blank: float, text: str) -> str | None:
    if _maybe(rng, chance_blank):
        return rng.choice([None, "", "   "])
    return text


def _birth(rng: random.Random) -> dt.date:
    roll = rng.random()
    if roll < 0.12:  # born on Feb 29
        return D(rng.choice([2000, 2004, 2008, 2012, 2016, 2020]), 2, 29)
    if roll < 0.2:  # born on a month's last day
        year, month = rng.randint(1998, 2021), rng.choice([1, 3, 5, 8, 10, 12])
        return D(year, month, 31)
    return _day(rng, D(1998, 1, 1), D(2022, 6, 30))


def _evaluation(rng: random.Random, kind: EvaluationKind, near: dt.date) -> iepmodel.Evaluation:
    consent = near - dt.timedelta(days=rng.randint(0, 160))
    completed = consent + dt.timedelta(days=rng.randint(10, 130)) if _maybe(rng, 0.85) else None
    eligibility = (
        completed + dt.timedelta(days=rng.randint(0, 12))
        if completed is not None and _maybe(rng, 0.8)
        else None
    )
    exceptions: list[EvaluationException | None] = [None] * 8
    exception = rng.choice([*exceptions, *EvaluationException])
    agreed = (
        consent + dt.timedelta(days=rng.randint(30, 120))
        if exception is EvaluationException.TRANSFERRED_WITH_AGREED_DATE and _maybe(rng, 0.7)
        else None
    )
    return iepmodel.Evaluation(
        kind=kind,
        consent_date=consent if _maybe(rng, 0.93) else None,
        completed_date=completed,
        eligibility_date=eligibility,
        early_by_agreement=_maybe(rng, 0.15),
        exception=exception,
        agreed_completion_date=agreed,
    )


def _excusal(rng: random.Random, meeting: dt.date) -> iepmodel.Excusal | None:
    if _maybe(rng, 0.2):
        return None
    return iepmodel.Excusal(
        area_discussed=_maybe(rng, 0.6),
        written_agreement_date=(
            meeting + dt.timedelta(days=rng.randint(-12, 3)) if _maybe(rng, 0.8) else None
        ),
        written_input_date=(
            meeting + dt.timedelta(days=rng.randint(-10, 2)) if _maybe(rng, 0.7) else None
        ),
    )


def _participant(
    rng: random.Random, number: int, roles: tuple[Role, ...], meeting: dt.date
) -> iepmodel.Participant:
    roll = rng.random()
    attendance = (
        Attendance.ABSENT
        if roll < 0.08
        else Attendance.EXCUSED
        if roll < 0.18
        else Attendance.PRESENT
    )
    consent = None
    if Role.AGENCY_REPRESENTATIVE in roles and _maybe(rng, 0.75):
        consent = meeting + dt.timedelta(days=rng.randint(-30, 4))
    return iepmodel.Participant(
        name=f"Person {number}",
        roles=roles,
        attendance=attendance,
        excusal=_excusal(rng, meeting) if attendance is Attendance.EXCUSED else None,
        consent_date=consent,
    )


_TEAM: Final = (
    (Role.PARENT,),
    (Role.REGULAR_EDUCATION_TEACHER,),
    (Role.SPECIAL_EDUCATION_TEACHER, Role.EVALUATION_INTERPRETER),
    (Role.LEA_REPRESENTATIVE,),
    (Role.SPECIAL_EDUCATION_PROVIDER,),
    (Role.RELATED_SERVICE_PROVIDER, Role.EVALUATION_INTERPRETER),
    (Role.STUDENT,),
    (Role.AGENCY_REPRESENTATIVE,),
    (Role.PART_C_SERVICE_COORDINATOR,),
    (Role.REGULAR_EDUCATION_TEACHER, Role.SPECIAL_EDUCATION_TEACHER),
    (Role.PARENT, Role.EVALUATION_INTERPRETER),
    (Role.LANGUAGE_INTERPRETER,),
)


def _meeting(rng: random.Random, day: dt.date, kind: PlanKind) -> iepmodel.Meeting:
    weights = [9, 8, 8, 8, 2, 2, 4, 3, 1, 1, 1, 1]
    chosen = sorted({rng.choices(range(len(_TEAM)), weights=weights)[0] for _ in range(6)})
    participants = tuple(
        _participant(rng, number, _TEAM[index], day) for number, index in enumerate(chosen)
    )
    purposes = [p for p in MeetingPurpose if _maybe(rng, 0.3)]
    if kind is PlanKind.ANNUAL and _maybe(rng, 0.8):
        purposes.insert(0, MeetingPurpose.ANNUAL_REVIEW)
    return iepmodel.Meeting(
        date=day,
        purposes=tuple(dict.fromkeys(purposes)),
        notice_date=day - dt.timedelta(days=rng.randint(-2, 25)) if _maybe(rng, 0.85) else None,
        participants=participants,
        parent_contact_attempts=tuple(
            iepmodel.ContactAttempt(
                date=day + dt.timedelta(days=rng.randint(-30, 3)),
                method=rng.choice(list(ContactMethod)),
            )
            for _ in range(rng.choice([0, 0, 1, 2, 2, 3]))
        ),
        considers_regular_class=_maybe(rng, 0.4),
        part_c_coordinator_requested=_maybe(rng, 0.15),
    )


def _content(rng: random.Random, start: dt.date, age: int) -> dict[str, Any]:
    goals = tuple(
        iepmodel.Goal(
            id=f"G{k}" if _maybe(rng, 0.8) else None,
            area=rng.choice(list(GoalArea)),
            statement="A goal.",
            criterion=_text(rng, 0.1, "4 of 5 trials"),
            measurement=_text(rng, 0.1, "weekly probes"),
            objectives=tuple(
                iepmodel.Objective(statement=f"Step {n}") for n in range(rng.choice([0, 0, 1, 2]))
            ),
        )
        for k in range(rng.choice([0, 1, 2, 3, 3, 4]))
    )
    services = tuple(
        iepmodel.Service(
            type=rng.choice(list(ServiceType)),
            minutes=rng.choice([20, 30, 45]),
            location=_text(rng, 0.1, "resource room"),
            start_date=start,
        )
        for _ in range(rng.choice([0, 1, 2, 3]))
    )
    percent = rng.choice([100.0, 85.0, 60.0, 30.0])
    placement = (
        iepmodel.Placement(
            regular_class_percent=percent,
            nonparticipation_explanation=_text(rng, 0.2, "Small-group reading."),
        )
        if _maybe(rng, 0.9)
        else None
    )
    mode = rng.choice(list(AssessmentMode))
    assessment = (
        iepmodel.AssessmentParticipation(
            mode=mode,
            alternate_justification=(
                _text(rng, 0.4, "Needs the alternate.")
                if mode is AssessmentMode.ALTERNATE
                else None
            ),
        )
        if _maybe(rng, 0.9)
        else None
    )
    accommodations = tuple(
        iepmodel.Accommodation(
            description="Extended time",
            category=rng.choice(list(AccommodationCategory)),
            contexts=tuple(c for c in AccommodationContext if _maybe(rng, 0.5))
            or (AccommodationContext.INSTRUCTION,),
        )
        for _ in range(rng.choice([0, 1, 2]))
    )
    transition = None
    if age >= 13 and _maybe(rng, 0.7):
        transition = iepmodel.TransitionPlan(
            postsecondary_goals=tuple(
                iepmodel.PostsecondaryGoal(domain=domain, statement="A goal.")
                for domain in TransitionDomain
                if _maybe(rng, 0.8)
            ),
            assessments=tuple(
                rng.sample(["interest inventory", "   ", "work sample"], rng.randint(0, 2))
            ),
            services=tuple(
                iepmodel.TransitionService(description="Job shadowing")
                for _ in range(rng.choice([0, 1, 1]))
            ),
            course_of_study=_text(rng, 0.15, "Career and technical education"),
        )
    return {
        "present_levels": (
            ()
            if _maybe(rng, 0.08)
            else (iepmodel.PresentLevel(area=GoalArea.READING, strengths="s", needs="n"),)
        ),
        "goals": goals,
        "progress_reporting": (
            iepmodel.ProgressReporting(frequency=rng.choice(["quarterly", " "]))
            if _maybe(rng, 0.9)
            else None
        ),
        "accommodations": accommodations,
        "services": services,
        "placement": placement,
        "assessment": assessment,
        "transition": transition,
    }


_JURISDICTIONS: Final = (None, "US-WA", *iepmodel.available_jurisdictions())
_KINDS: Final = (
    [PlanKind.ANNUAL] * 6 + [PlanKind.AMENDMENT] * 2 + [PlanKind.REEVALUATION, PlanKind.INTERIM]
)


def _student_plans(rng: random.Random, number: int) -> list[IEP]:
    birth = _birth(rng)
    categories = list(DisabilityCategory)
    student = iepmodel.Student(
        id=f"S{number:04d}",
        date_of_birth=birth,
        disabilities=tuple(rng.sample(categories, rng.choice([0, 1, 1, 2]))),
        from_part_c=_maybe(rng, 0.2),
    )
    jurisdiction = rng.choice(_JURISDICTIONS)
    meeting_day = max(_day(rng, D(2021, 6, 1), D(2025, 9, 1)), birth + dt.timedelta(days=400))
    evaluations = [_evaluation(rng, EvaluationKind.INITIAL, meeting_day)]
    plans: list[IEP] = []
    for index in range(rng.choice([1, 2, 2, 3, 3, 3, 4])):
        kind = PlanKind.INITIAL if index == 0 and _maybe(rng, 0.4) else rng.choice(_KINDS)
        if index and _maybe(rng, 0.35):
            evaluations.append(_evaluation(rng, EvaluationKind.REEVALUATION, meeting_day))
        meeting = None
        if not (kind is PlanKind.AMENDMENT and _maybe(rng, 0.5)) and _maybe(rng, 0.95):
            meeting = _meeting(rng, meeting_day, kind)
        start = meeting_day + dt.timedelta(days=rng.randint(0, 20))
        end = meeting_day + dt.timedelta(days=rng.choice([300, 363, 364, 365, 366, 380]))
        listed = tuple(e for e in evaluations if _maybe(rng, 0.85))
        plans.append(
            IEP(
                id=f"P{number:04d}-{index}",
                jurisdiction=jurisdiction,
                kind=kind,
                status=PlanStatus.DRAFT if _maybe(rng, 0.15) else PlanStatus.FINAL,
                amends=plans[-1].id if kind is PlanKind.AMENDMENT and plans else None,
                student=student,
                meeting=meeting,
                start_date=start,
                end_date=end,
                parent_consent_date=start if _maybe(rng, 0.7) else None,
                evaluations=listed,
                reevaluation_waiver_date=(
                    meeting_day - dt.timedelta(days=rng.randint(0, 400))
                    if _maybe(rng, 0.1)
                    else None
                ),
                rights_transfer_notice_date=start if _maybe(rng, 0.3) else None,
                amendment_agreement_date=(
                    start if kind is PlanKind.AMENDMENT and _maybe(rng, 0.5) else None
                ),
                **_content(rng, start, iepmodel.age_on(birth, start)),
            )
        )
        meeting_day += dt.timedelta(days=rng.choice([120, 330, 350, 362, 364, 365, 366, 400, 500]))
    return plans


def golden_plans() -> list[IEP]:
    """The fixed data set: every student's plans, students in order."""
    rng = random.Random(SEED)
    plans: list[IEP] = []
    for number in range(STUDENTS):
        plans.extend(_student_plans(rng, number))
    return plans


# --- the runs -------------------------------------------------------------------------------

_US = iepmodel.jurisdiction("US")
ANNIVERSARY_MAR1 = derive(
    _US,
    code="US-XA",
    name="Golden A",
    annual_convention=AnnualConvention.ANNIVERSARY,
    leap_birthday="mar1",
    transition_age_years=14,
    transition_age_months=6,
    age_of_majority=19,
    meeting_notice_min_days=10,
    excusal_input_lead_days=5,
    allow_dual_teacher_role=True,
)
DAYS_365 = derive(
    iepmodel.jurisdiction("US-PA"),
    code="US-XB",
    name="Golden B",
    annual_convention=AnnualConvention.DAYS_365,
    reevaluation_min_years=2,
    warn_days=90,
    parent_contact_attempts=3,
    non_excusable_roles={"parent", "student", "lea_representative"},
    disabled_rules={"T105", "C318"},
)

RUNS: Final[dict[str, Callable[[list[IEP]], list[Finding]]]] = {
    "own-profiles": lambda plans: iepmodel.check(plans, as_of=D(2025, 6, 1)),
    "own-profiles-calendar": lambda plans: iepmodel.check(
        plans, as_of=D(2025, 3, 14), calendar=calendar_2024_25()
    ),
    "anniversary-mar1": lambda plans: iepmodel.check(
        plans, as_of=D(2026, 2, 28), jurisdiction=ANNIVERSARY_MAR1
    ),
    "days-365-calendar": lambda plans: iepmodel.check(
        plans, as_of=D(2024, 12, 31), jurisdiction=DAYS_365, calendar=calendar_2024_25()
    ),
}


def _row(finding: Finding) -> str:
    due = finding.due.isoformat() if finding.due is not None else "-"
    return f"{finding.plan_id} {finding.code} {finding.path or '-'} {due} {finding.severity.value}"


def _digest(findings: list[Finding]) -> str:
    text = json.dumps([f.to_dict() for f in findings], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _observed() -> dict[str, dict[str, Any]]:
    plans = golden_plans()
    out: dict[str, dict[str, Any]] = {}
    for name, run in RUNS.items():
        findings = run(plans)
        out[name] = {"sha256": _digest(findings), "findings": [_row(f) for f in findings]}
    return out


@pytest.fixture(scope="module")
def observed() -> dict[str, dict[str, Any]]:
    result = _observed()
    if os.environ.get("IEPMODEL_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


@pytest.fixture(scope="module")
def expected() -> dict[str, dict[str, Any]]:
    frozen: dict[str, dict[str, Any]] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return frozen


def test_the_data_set_is_a_few_hundred_plans_with_histories() -> None:
    plans = golden_plans()
    assert 200 <= len(plans) <= 400
    assert len({plan.id for plan in plans}) == len(plans)
    students = {plan.student.id for plan in plans}
    assert len(students) == STUDENTS
    births = {plan.student.date_of_birth for plan in plans}
    assert any((day.month, day.day) == (2, 29) for day in births)
    assert any(day.day == 31 for day in births)


def test_the_data_set_breaks_every_rule_somewhere(observed: dict[str, dict[str, Any]]) -> None:
    found = {row.split()[1] for run in observed.values() for row in run["findings"]}
    assert found == {rule.code for rule in catalog()}


@pytest.mark.parametrize("run", sorted(RUNS))
def test_findings_are_those_frozen(
    run: str, observed: dict[str, dict[str, Any]], expected: dict[str, dict[str, Any]]
) -> None:
    assert observed[run]["findings"] == expected[run]["findings"]
    # Same plans, codes, paths, dates and severities: the messages and citations too.
    assert observed[run]["sha256"] == expected[run]["sha256"]


def test_every_run_is_frozen(expected: dict[str, dict[str, Any]]) -> None:
    assert sorted(expected) == sorted(RUNS)
