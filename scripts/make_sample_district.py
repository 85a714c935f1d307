"""
Generate the fictional sample district shipped with iepmodel (``iepmodel demo``).

    python scripts/make_sample_district.py             # writes src/iepmodel/data/
    python scripts/make_sample_district.py --out DIR   # writes DIR/ instead
    python scripts/make_sample_district.py --explain   # which student got which scenario

Everything is invented. Students, parents and staff get names built from word lists,
ids are random numbers, dates of birth are drawn at random, and no record describes a
real person. A fixed seed makes the output the same, byte for byte, on every run.

What it writes, checked as of `iepmodel.sample.AS_OF` with the calendar it also writes:

- a few hundred plans of "Maple Valley Schools", a network of five campuses: four under
  the federal baseline (``US``) and one in Illinois (``US-IL``);
- most plans lawful; some due soon (annual reviews, reevaluations), as in any district;
- a minority with defects, chosen so that every rule of the catalog (rules.md) fires at
  least once, and a few plans with several problems at once;
- students with histories: annual reviews over the years, reevaluations, amendments with
  and without a written agreement, drafts for coming meetings, a late review in the past.

A scenario that cannot be applied stops the script with a message: the output never
silently loses a rule.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from iepmodel import (
    IEP,
    Accommodation,
    AccommodationCategory,
    AccommodationContext,
    AssessmentMode,
    AssessmentParticipation,
    Attendance,
    ContactAttempt,
    ContactMethod,
    DateRange,
    DisabilityCategory,
    EducationOrganization,
    EligibilityOutcome,
    Evaluation,
    EvaluationKind,
    Excusal,
    Goal,
    GoalArea,
    GoalPeriod,
    GoalType,
    GroupSize,
    IdeaPart,
    Meeting,
    MeetingPurpose,
    Objective,
    Participant,
    ParticipationMode,
    Placement,
    PlanKind,
    PlanStatus,
    PostsecondaryGoal,
    PresentLevel,
    ProgramParticipation,
    ProgressReporting,
    Role,
    SchoolCalendar,
    Service,
    ServiceSetting,
    ServiceType,
    Student,
    TransitionDomain,
    TransitionPlan,
    TransitionService,
    dump_jsonl,
    to_dict,
)
from iepmodel.sample import AS_OF, CALENDAR_FILE, PLANS_FILE

SEED = 20260115
STUDENTS = 236
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "src" / "iepmodel" / "data"

D = dt.timedelta


class ScenarioError(SystemExit):
    """A scenario found no student it could apply to: change the seed or the sizes."""


def years(day: dt.date, n: int, months: int = 0) -> dt.date:
    return day + relativedelta(years=n, months=months)


# --- invented names ----------------------------------------------------------------------


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST = words(
    "Ari Bex Cael Dara Emrys Fenn Gale Harlo Ione Jory Kesi Lio Maren Nico Oren Pell Quill "
    "Rhea Sable Tamsin Ulla Vail Wren Xan Yara Zev Aurel Brisa Corin Delphi Eliot Fable "
    "Greer Hollis Isa Juno Kit Lark Milo Noor Odile Perrin Remy Seren Teo Vesna Willa "
    "Yael Zinnia Ash Bryn Cass Dov Elin Faro"
)
SURNAME_HEADS = words(
    "Ash Bram Cinder Dusk Elder Fern Glen Hearth Iver Juniper Kestrel Lind Marl Nettle "
    "Oak Pell Quarry Rook Sorrel Thistle Umber Vale Wend Yarrow"
)
SURNAME_TAILS = words("brook combe dell fold gate holt lowe mere ridge stead thorpe wick wold")


def surname(rng: random.Random) -> str:
    return rng.choice(SURNAME_HEADS) + rng.choice(SURNAME_TAILS)


def person(rng: random.Random, last: str | None = None) -> str:
    return f"{rng.choice(FIRST)} {last or surname(rng)}"


# --- the network ---------------------------------------------------------------------------


@dataclass
class Campus:
    name: str
    jurisdiction: str
    grades: tuple[str, ...]
    staff: dict[str, str] = field(default_factory=dict[str, str])
    teachers: tuple[str, ...] = ()


ILLINOIS = "US-IL"


def make_campuses(rng: random.Random) -> list[Campus]:
    campuses = [
        Campus("Dunmore Early Learning Center", "US", ("PK",)),
        Campus("Alder Creek Elementary", "US", ("K", "1", "2", "3", "4", "5")),
        Campus("Birch Hollow Middle", "US", ("6", "7", "8")),
        Campus("Cedar Bluff High", "US", ("9", "10", "11", "12", "UG")),
        Campus("Prairie Lantern School", ILLINOIS, ("K", *map(str, range(1, 13)), "UG")),
    ]
    for campus in campuses:
        campus.teachers = tuple(person(rng) for _ in range(3))
        campus.staff = {role: person(rng) for role in ("special", "lea", "psych", "slp")}
    return campuses


def grade_for(age_on_september_1: int) -> str:
    if age_on_september_1 <= 4:
        return "PK"
    if age_on_september_1 == 5:
        return "K"
    return str(age_on_september_1 - 5) if age_on_september_1 <= 17 else "UG"


def grade_at(student: Student, day: dt.date) -> str:
    """The grade in the school year of *day* (years counted on September 1)."""
    september = dt.date(day.year if day.month >= 8 else day.year - 1, 9, 1)
    return grade_for(max(student.age_on(september), 3))


# --- content -------------------------------------------------------------------------------

CATEGORY_WEIGHTS = {
    DisabilityCategory.SPECIFIC_LEARNING_DISABILITY: 33,
    DisabilityCategory.SPEECH_LANGUAGE_IMPAIRMENT: 18,
    DisabilityCategory.OTHER_HEALTH_IMPAIRMENT: 15,
    DisabilityCategory.AUTISM: 12,
    DisabilityCategory.INTELLECTUAL_DISABILITY: 6,
    DisabilityCategory.EMOTIONAL_DISTURBANCE: 5,
    DisabilityCategory.MULTIPLE_DISABILITIES: 2,
    DisabilityCategory.HEARING_IMPAIRMENT: 2,
    DisabilityCategory.ORTHOPEDIC_IMPAIRMENT: 1,
    DisabilityCategory.VISUAL_IMPAIRMENT: 1,
    DisabilityCategory.TRAUMATIC_BRAIN_INJURY: 1,
}
SIGNIFICANT = (
    DisabilityCategory.INTELLECTUAL_DISABILITY,
    DisabilityCategory.MULTIPLE_DISABILITIES,
)
SPEECH = (
    DisabilityCategory.SPEECH_LANGUAGE_IMPAIRMENT,
    DisabilityCategory.AUTISM,
    DisabilityCategory.DEVELOPMENTAL_DELAY,
)

A = GoalArea
AREAS: dict[DisabilityCategory, tuple[GoalArea, ...]] = {
    DisabilityCategory.SPECIFIC_LEARNING_DISABILITY: (A.READING, A.WRITING, A.MATHEMATICS),
    DisabilityCategory.SPEECH_LANGUAGE_IMPAIRMENT: (A.COMMUNICATION,),
    DisabilityCategory.OTHER_HEALTH_IMPAIRMENT: (A.EXECUTIVE_FUNCTION, A.WRITING, A.MATHEMATICS),
    DisabilityCategory.AUTISM: (A.COMMUNICATION, A.SOCIAL_EMOTIONAL, A.BEHAVIOR),
    DisabilityCategory.INTELLECTUAL_DISABILITY: (A.READING, A.MATHEMATICS, A.ADAPTIVE),
    DisabilityCategory.EMOTIONAL_DISTURBANCE: (A.SOCIAL_EMOTIONAL, A.BEHAVIOR),
    DisabilityCategory.MULTIPLE_DISABILITIES: (A.COMMUNICATION, A.MOTOR, A.ADAPTIVE),
    DisabilityCategory.HEARING_IMPAIRMENT: (A.COMMUNICATION, A.READING),
    DisabilityCategory.ORTHOPEDIC_IMPAIRMENT: (A.MOTOR, A.WRITING),
    DisabilityCategory.VISUAL_IMPAIRMENT: (A.READING, A.INDEPENDENT_LIVING),
    DisabilityCategory.TRAUMATIC_BRAIN_INJURY: (A.EXECUTIVE_FUNCTION, A.READING),
    DisabilityCategory.DEVELOPMENTAL_DELAY: (A.COMMUNICATION, A.ADAPTIVE),
}

# area: (statement, baseline, criterion, measurement)
GOALS: dict[GoalArea, tuple[str, str, str, str]] = {
    A.READING: (
        "Reads grade-level text aloud accurately and fluently.",
        "48 words correct per minute.",
        "90 words correct per minute with 95% accuracy on 3 of 4 probes",
        "curriculum-based measurement probes, every two weeks",
    ),
    A.WRITING: (
        "Writes a paragraph with a topic sentence and three supporting details.",
        "Writes two related sentences with prompting.",
        "4 of 5 paragraphs scored 3 or higher on the district rubric",
        "writing samples scored with the district rubric, monthly",
    ),
    A.MATHEMATICS: (
        "Solves two-step word problems with whole numbers.",
        "Solves 3 of 10 problems.",
        "8 of 10 problems correct on 3 consecutive probes",
        "teacher-made probes, every two weeks",
    ),
    A.COMMUNICATION: (
        "Uses complete sentences to request, comment and answer questions.",
        "Uses 2-3 word phrases in 40% of opportunities.",
        "complete sentences in 80% of opportunities across 3 sessions",
        "language samples taken by the speech-language pathologist, monthly",
    ),
    A.SOCIAL_EMOTIONAL: (
        "Uses a coping strategy when frustrated, then returns to the task.",
        "Uses a strategy in 1 of 5 observed episodes.",
        "4 of 5 observed episodes over 4 weeks",
        "observation checklist kept by the case manager, weekly",
    ),
    A.BEHAVIOR: (
        "Stays with the group activity for the whole work period.",
        "Stays on task 35% of intervals.",
        "80% of intervals on 4 of 5 days",
        "interval recording by the classroom teacher, twice a week",
    ),
    A.EXECUTIVE_FUNCTION: (
        "Records assignments and turns in completed work on time.",
        "Turns in 50% of assignments on time.",
        "90% of assignments on time over a grading period",
        "assignment tracker reviewed by the case manager, weekly",
    ),
    A.ADAPTIVE: (
        "Follows a visual schedule through the school day without adult prompts.",
        "Needs prompts at 6 of 8 transitions.",
        "independent at 7 of 8 transitions on 4 of 5 days",
        "task analysis data, weekly",
    ),
    A.MOTOR: (
        "Uses adapted tools to write and cut independently.",
        "Completes 2 of 5 fine motor tasks.",
        "5 of 5 tasks independently in 3 consecutive sessions",
        "occupational therapy data sheets, every two weeks",
    ),
    A.VOCATIONAL: (
        "Completes a four-step job task from a written checklist.",
        "Completes 2 of 4 steps with verbal prompts.",
        "4 of 4 steps independently on 4 consecutive work days",
        "task analysis data kept by the job coach, weekly",
    ),
    A.INDEPENDENT_LIVING: (
        "Travels between classes and school areas independently.",
        "Needs an escort for 4 of 6 routes.",
        "6 of 6 routes independently for 2 weeks",
        "orientation and mobility checklist, weekly",
    ),
}

ACCOMMODATIONS = (
    ("Extended time (1.5x) on tests and assignments", AccommodationCategory.TIMING_SCHEDULING),
    ("Directions read aloud and repeated", AccommodationCategory.PRESENTATION),
    ("Testing in a small-group setting", AccommodationCategory.SETTING),
    ("Use of a word processor for written responses", AccommodationCategory.RESPONSE),
    ("Breaks during long tasks", AccommodationCategory.TIMING_SCHEDULING),
    ("Graphic organizers for writing", AccommodationCategory.PRESENTATION),
)
EVERY_CONTEXT = tuple(AccommodationContext)
JUSTIFICATION = (
    "The team found that the regular assessment, even with accommodations, does not "
    "measure what the student is taught; the alternate assessment measures the extended "
    "standards."
)


# --- students and their meetings -----------------------------------------------------------


@dataclass
class Case:
    """One fictional student, the plans made for them, and the scenarios they got."""

    index: int
    student: Student
    campus: Campus
    regular_percent: float
    alternate: bool
    entry: dt.date  # about when the first IEP was made
    last: dt.date  # the latest review meeting
    part_c_requested: bool = False
    meetings: list[dt.date] = field(default_factory=list[dt.date])
    plans: list[IEP] = field(default_factory=list[IEP])
    shown: int = 1  # how many of the latest plans go in the file
    scenarios: list[str] = field(default_factory=list[str])

    @property
    def plan(self) -> IEP:
        return self.plans[-1]

    @plan.setter
    def plan(self, value: IEP) -> None:
        self.plans[-1] = value


def new_case(rng: random.Random, index: int, student_id: int, campuses: list[Campus]) -> Case:
    ages = range(3, 21)
    age = rng.choices(ages, weights=[7, 5, 6, 7, 8, 8, 8, 8, 8, 8, 7, 7, 7, 7, 6, 5, 3, 2])[0]
    dob = years(AS_OF, -age) - D(days=rng.randint(1, 364))
    grade = grade_for(max((dt.date(2025, 9, 1) - dob).days // 365, 3))
    if grade == "PK":
        campus = campuses[0]
        category = DisabilityCategory.DEVELOPMENTAL_DELAY
    else:
        campus = (
            campuses[4] if rng.random() < 0.16 else next(c for c in campuses if grade in c.grades)
        )
        categories = list(CATEGORY_WEIGHTS)
        category = rng.choices(categories, weights=list(CATEGORY_WEIGHTS.values()))[0]
    disabilities = [category]
    if category is DisabilityCategory.AUTISM and rng.random() < 0.4:
        disabilities.append(DisabilityCategory.SPEECH_LANGUAGE_IMPAIRMENT)
    student = Student(
        id=f"S-{student_id}",
        name=person(rng),
        date_of_birth=dob,
        grade=grade,
        disabilities=tuple(disabilities),
        english_learner=rng.random() < 0.12,
        primary_language="es" if rng.random() < 0.08 else "en",
        from_part_c=grade == "PK" and rng.random() < 0.7,
    )
    if category in SIGNIFICANT:
        regular = float(rng.choice((20, 30, 40, 50, 60)))
    elif category is DisabilityCategory.SPEECH_LANGUAGE_IMPAIRMENT:
        regular = float(rng.choice((95, 100, 100)))
    elif grade == "PK":
        regular = float(rng.choice((60, 80, 100)))
    else:
        regular = float(rng.choice((70, 80, 80, 85, 90, 90)))
    # The first IEP: just before the third birthday for a child from Part C.
    if student.from_part_c:
        entry = years(dob, 3) - D(days=rng.randint(10, 40))
    elif grade == "PK":
        entry = years(dob, 3) + D(days=rng.randint(30, 300))
    else:
        entry = years(dob, rng.randint(5, max(5, min(age - 1, 12)))) + D(days=rng.randint(0, 300))
    entry = min(entry, AS_OF - D(days=20))
    # The latest review: spread over the past year; about one in twelve falls due soon.
    if rng.random() < 0.08:
        last = years(AS_OF, -1) + D(days=rng.randint(2, 28))
    else:
        last = AS_OF - D(days=rng.randint(8, 330))
    return Case(
        index=index,
        student=student,
        campus=campus,
        regular_percent=regular,
        alternate=category in SIGNIFICANT and rng.random() < 0.7,
        entry=entry,
        last=max(last, entry),
        part_c_requested=student.from_part_c and rng.random() < 0.5,
    )


def meetings_back(
    rng: random.Random, last: dt.date, entry: dt.date, *, late_gap: int | None = None
) -> list[dt.date]:
    """Review meetings from the first one to *last*, each on time (but *late_gap*)."""
    meetings = [last]
    while True:
        if late_gap is not None and len(meetings) == late_gap:
            previous = years(meetings[0], -1) - D(days=rng.randint(8, 25))
        else:
            previous = years(meetings[0], -1) + D(days=rng.randint(3, 30))
        if previous < entry + D(days=60):
            # Close enough to the planned entry: that meeting is the first one.
            if previous >= entry - D(days=60):
                meetings.insert(0, previous)
            return meetings
        meetings.insert(0, previous)


def meetings_forward(rng: random.Random, first: dt.date) -> list[dt.date]:
    """Review meetings from the first one on *first*, each on time, up to now."""
    meetings = [first]
    while True:
        following = years(meetings[-1], 1) - D(days=rng.randint(3, 30))
        if following > AS_OF - D(days=8):
            return meetings
        meetings.append(following)


# --- building plans ------------------------------------------------------------------------


def team(
    rng: random.Random, case: Case, day: dt.date, kind: PlanKind, *, transition: bool, end: dt.date
) -> Meeting:
    staff = case.campus.staff
    family = (case.student.name or "").split()[-1]
    mode = rng.choice((ParticipationMode.IN_PERSON,) * 4 + tuple(ParticipationMode)[1:])
    people = [Participant(name=person(rng, family), roles=(Role.PARENT,), mode=mode)]
    if case.regular_percent > 0:
        teacher = rng.choice(case.campus.teachers)
        people.append(Participant(name=teacher, roles=(Role.REGULAR_EDUCATION_TEACHER,)))
    people += [
        Participant(name=staff["special"], roles=(Role.SPECIAL_EDUCATION_TEACHER,)),
        Participant(name=staff["lea"], roles=(Role.LEA_REPRESENTATIVE,)),
        Participant(name=staff["psych"], roles=(Role.EVALUATION_INTERPRETER,)),
    ]
    if case.student.disabilities[0] in SPEECH:
        people.append(Participant(name=staff["slp"], roles=(Role.RELATED_SERVICE_PROVIDER,)))
    if kind is PlanKind.INITIAL:
        purposes = [MeetingPurpose.INITIAL]
    elif kind is PlanKind.REEVALUATION:
        purposes = [MeetingPurpose.REEVALUATION, MeetingPurpose.ANNUAL_REVIEW]
    else:
        purposes = [MeetingPurpose.ANNUAL_REVIEW]
    notice = day - D(days=rng.randint(11, 21))
    if transition:
        purposes.append(MeetingPurpose.TRANSITION)
        attended = Attendance.PRESENT if rng.random() < 0.8 else Attendance.ABSENT
        people.append(
            Participant(name=case.student.name or "", roles=(Role.STUDENT,), attendance=attended)
        )
        if years(case.student.date_of_birth, 17) <= end and rng.random() < 0.5:
            consent = notice - D(days=rng.randint(2, 12))
            people.append(
                Participant(
                    name=person(rng),
                    roles=(Role.AGENCY_REPRESENTATIVE,),
                    mode=ParticipationMode.VIDEO,
                    consent_date=consent,
                )
            )
    from_part_c = kind is PlanKind.INITIAL and case.student.from_part_c
    if from_part_c and case.part_c_requested:
        people.append(Participant(name=person(rng), roles=(Role.PART_C_SERVICE_COORDINATOR,)))
    attempts: tuple[ContactAttempt, ...] = ()
    roll = rng.random()
    if roll < 0.05:
        # The parents could not come; the school documented its attempts (300.322(d)).
        people[0] = attrs.evolve(people[0], attendance=Attendance.ABSENT)
        attempts = (
            ContactAttempt(
                date=day - D(days=12), method=ContactMethod.PHONE, outcome="No answer."
            ),
            ContactAttempt(date=day - D(days=8), method=ContactMethod.MAIL, outcome="No reply."),
            ContactAttempt(date=day - D(days=4), method=ContactMethod.EMAIL),
        )
    elif roll < 0.09 and case.regular_percent > 0:
        # A lawful excusal: written agreement and written input before the meeting.
        excusal = Excusal(
            area_discussed=True,
            written_agreement_date=day - D(days=5),
            written_input_date=day - D(days=2),
        )
        people[1] = attrs.evolve(people[1], attendance=Attendance.EXCUSED, excusal=excusal)
    return Meeting(
        date=day,
        purposes=tuple(purposes),
        notice_date=notice,
        participants=tuple(people),
        parent_contact_attempts=attempts,
        part_c_coordinator_requested=from_part_c and case.part_c_requested,
    )


@attrs.frozen(kw_only=True)
class Content:
    """The content part of a plan."""

    present_levels: tuple[PresentLevel, ...]
    goals: tuple[Goal, ...]
    progress_reporting: ProgressReporting
    accommodations: tuple[Accommodation, ...]
    services: tuple[Service, ...]
    placement: Placement
    assessment: AssessmentParticipation | None
    transition: TransitionPlan | None


def content(rng: random.Random, case: Case, grade: str, start: dt.date, end: dt.date) -> Content:
    student = case.student
    areas = list(dict.fromkeys(a for c in student.disabilities for a in AREAS[c]))
    areas = areas[: rng.randint(1, min(3, len(areas)))]
    # Transition content from 14 on covers every profile used here (US 16, Illinois 14.5).
    transition = years(student.date_of_birth, 14) <= end
    if transition:
        areas.append(A.VOCATIONAL)
    goals: list[Goal] = []
    levels: list[PresentLevel] = []
    for number, area in enumerate(dict.fromkeys(areas), start=1):
        statement, baseline, criterion, measurement = GOALS[area]
        objectives: tuple[Objective, ...] = ()
        if case.alternate:
            objectives = (
                Objective(statement="First step.", target_date=start + D(days=120)),
                Objective(statement="Second step.", target_date=start + D(days=240)),
            )
        goals.append(
            Goal(
                id=f"G{number}",
                area=area,
                statement=statement,
                baseline=baseline,
                criterion=criterion,
                measurement=measurement,
                objectives=objectives,
            )
        )
        levels.append(
            PresentLevel(
                area=area,
                strengths="Engaged and willing to try; responds well to praise.",
                needs=f"Specially designed instruction in {area.value.replace('_', ' ')}.",
                baseline=baseline,
                impact="Affects progress in the general curriculum without support.",
            )
        )
    regular = case.regular_percent
    services: list[Service] = []
    primary = student.disabilities[0]
    if primary is not DisabilityCategory.SPEECH_LANGUAGE_IMPAIRMENT:
        services.append(
            Service(
                type=ServiceType.SPECIALIZED_INSTRUCTION,
                provider="special education teacher",
                setting=ServiceSetting.SPECIAL_EDUCATION,
                location="resource room" if regular >= 60 else "special education classroom",
                minutes=rng.choice((30, 45, 60)),
                sessions=rng.choice((3, 4, 5)),
                start_date=start,
            )
        )
    if primary in SPEECH or DisabilityCategory.SPEECH_LANGUAGE_IMPAIRMENT in student.disabilities:
        services.append(
            Service(
                type=ServiceType.SPEECH_LANGUAGE,
                provider="speech-language pathologist",
                group=rng.choice((GroupSize.INDIVIDUAL, GroupSize.SMALL_GROUP)),
                setting=ServiceSetting.SPECIAL_EDUCATION,
                location="speech room",
                minutes=30,
                sessions=rng.choice((1, 2)),
                start_date=start,
            )
        )
    if primary is DisabilityCategory.EMOTIONAL_DISTURBANCE:
        services.append(
            Service(
                type=ServiceType.COUNSELING,
                provider="school counselor",
                location="counseling office",
                minutes=30,
                start_date=start,
            )
        )
    if case.alternate:
        assessment = AssessmentParticipation(
            mode=AssessmentMode.ALTERNATE, alternate_justification=JUSTIFICATION
        )
    elif grade == "PK":
        assessment = None
    elif grade in ("K", "1", "2"):
        assessment = AssessmentParticipation(mode=AssessmentMode.REGULAR)
    else:
        assessment = AssessmentParticipation(mode=AssessmentMode.REGULAR_WITH_ACCOMMODATIONS)
    accommodations = tuple(
        Accommodation(
            description=text,
            category=category,
            contexts=EVERY_CONTEXT if number == 0 else (AccommodationContext.INSTRUCTION,),
        )
        for number, (text, category) in enumerate(rng.sample(ACCOMMODATIONS, rng.randint(1, 3)))
    )
    explanation = (
        None if regular == 100 else "Specially designed instruction in a smaller setting."
    )
    if grade == "PK":
        placement = Placement(
            regular_class_percent=regular,
            nonparticipation_explanation=explanation,
            early_childhood_program_hours=float(rng.choice((10, 12, 15))),
            services_in_early_childhood_program=regular == 100,
        )
    else:
        placement = Placement(
            regular_class_percent=regular, nonparticipation_explanation=explanation
        )
    plan = None
    if transition:
        plan = TransitionPlan(
            postsecondary_goals=(
                PostsecondaryGoal(
                    domain=TransitionDomain.EDUCATION_TRAINING,
                    statement="Will complete a certificate program at the community college.",
                ),
                PostsecondaryGoal(
                    domain=TransitionDomain.EMPLOYMENT,
                    statement="Will work part time in a field of interest.",
                ),
            ),
            assessments=("career interest inventory", "student interview"),
            services=(
                TransitionService(
                    description="Job shadowing in the community",
                    domain=TransitionDomain.EMPLOYMENT,
                ),
            ),
            course_of_study="General diploma course of study with career electives.",
        )
    return Content(
        present_levels=tuple(levels),
        goals=tuple(goals),
        progress_reporting=ProgressReporting(
            frequency="quarterly", method="written report with the report card"
        ),
        accommodations=accommodations,
        services=tuple(services),
        placement=placement,
        assessment=assessment,
        transition=plan,
    )


def evaluations(rng: random.Random, case: Case) -> list[tuple[dt.date, Evaluation]]:
    """The student's evaluations, each with the meeting that reviewed it."""
    first = case.meetings[0]
    eligibility = first - D(days=rng.randint(5, 25))
    completed = eligibility - D(days=rng.randint(0, 5))
    initial = Evaluation(
        kind=EvaluationKind.INITIAL,
        consent_date=completed - D(days=rng.randint(30, 52)),
        completed_date=completed,
        eligibility_date=eligibility,
    )
    result = [(first, initial)]
    # A reevaluation well inside each three years, reviewed at an annual meeting.
    while True:
        target = years(completed, 3) - D(days=rng.randint(20, 150))
        if target > AS_OF - D(days=5):
            return result
        at = max(m for m in case.meetings if m <= target + D(days=10))
        if at <= result[-1][0]:
            return result
        completed = at - D(days=rng.randint(3, 20))
        reevaluation = Evaluation(
            kind=EvaluationKind.REEVALUATION,
            consent_date=completed - D(days=rng.randint(20, 45)),
            completed_date=completed,
            eligibility_date=completed,
        )
        result.append((at, reevaluation))


def build_plans(rng: random.Random, case: Case) -> None:
    history = evaluations(rng, case)
    reviewed = {at for at, _ in history[1:]}
    for number, day in enumerate(case.meetings):
        if number == 0:
            kind = PlanKind.INITIAL
        else:
            kind = PlanKind.REEVALUATION if day in reviewed else PlanKind.ANNUAL
        start = day + D(days=rng.randint(1, 6)) if kind is PlanKind.INITIAL else day
        end = years(day, 1) - D(days=1)
        grade = grade_at(case.student, day)
        parts = content(rng, case, grade, start, end)
        notice = day if years(case.student.date_of_birth, 17) <= end else None
        case.plans.append(
            IEP(
                id=f"{case.student.id}/{number}",  # renumbered at the end
                jurisdiction=case.campus.jurisdiction,
                kind=kind,
                student=attrs.evolve(case.student, grade=grade),
                meeting=team(
                    rng, case, day, kind, transition=parts.transition is not None, end=end
                ),
                start_date=start,
                end_date=end,
                parent_consent_date=start if kind is PlanKind.INITIAL else None,
                evaluations=tuple(e for at, e in history if at <= day),
                rights_transfer_notice_date=notice,
                **attrs.asdict(parts, recurse=False),
            )
        )


# --- defects ---------------------------------------------------------------------------------
# Each changes a case's latest plan so that one rule fires.

Change = Callable[[random.Random, Case], None]


def meeting(case: Case) -> Meeting:
    assert case.plan.meeting is not None
    return case.plan.meeting


def edit_team(case: Case, edit: Callable[[list[Participant]], object]) -> None:
    people = list(meeting(case).participants)
    edit(people)
    changed = attrs.evolve(meeting(case), participants=tuple(people))
    case.plan = attrs.evolve(case.plan, meeting=changed)


def holder(people: list[Participant], role: Role) -> int:
    return next(index for index, p in enumerate(people) if role in p.roles)


def attendance(role: Role, state: Attendance, excusal: Excusal | None = None) -> Change:
    def change(_: random.Random, case: Case) -> None:
        def edit(people: list[Participant]) -> None:
            index = holder(people, role)
            people[index] = attrs.evolve(people[index], attendance=state, excusal=excusal)

        edit_team(case, edit)

    return change


def without(role: Role) -> Change:
    return lambda _, case: edit_team(case, lambda people: people.pop(holder(people, role)))


def one_contact_attempt(rng: random.Random, case: Case) -> None:
    attendance(Role.PARENT, Attendance.ABSENT)(rng, case)
    attempt = ContactAttempt(date=meeting(case).date - D(days=6), method=ContactMethod.PHONE)
    changed = attrs.evolve(meeting(case), parent_contact_attempts=(attempt,))
    case.plan = attrs.evolve(case.plan, meeting=changed)


def excused_without_input(rng: random.Random, case: Case) -> None:
    agreed = Excusal(area_discussed=True, written_agreement_date=meeting(case).date - D(days=4))
    attendance(Role.REGULAR_EDUCATION_TEACHER, Attendance.EXCUSED, agreed)(rng, case)


def one_teacher_for_both(_: random.Random, case: Case) -> None:
    def edit(people: list[Participant]) -> None:
        people.pop(holder(people, Role.SPECIAL_EDUCATION_TEACHER))
        index = holder(people, Role.REGULAR_EDUCATION_TEACHER)
        both = (Role.REGULAR_EDUCATION_TEACHER, Role.SPECIAL_EDUCATION_TEACHER)
        people[index] = attrs.evolve(people[index], roles=both)

    edit_team(case, edit)


def agency_without_consent(rng: random.Random, case: Case) -> None:
    agency = Participant(name=person(rng), roles=(Role.AGENCY_REPRESENTATIVE,))
    edit_team(case, lambda people: people.append(agency))


def coordinator_requested(_: random.Random, case: Case) -> None:
    changed = attrs.evolve(meeting(case), part_c_coordinator_requested=True)
    case.plan = attrs.evolve(case.plan, meeting=changed)


def late_notice(_: random.Random, case: Case) -> None:
    changed = attrs.evolve(meeting(case), notice_date=meeting(case).date - D(days=5))
    case.plan = attrs.evolve(case.plan, meeting=changed)


def runs_past_review(_: random.Random, case: Case) -> None:
    case.plan = attrs.evolve(case.plan, end_date=years(case.plan.history_date, 1))


def reevaluation_skipped(_: random.Random, case: Case) -> None:
    """Undo the student's last reevaluation: the three-year one is now overdue."""
    skipped = case.plan.evaluations[-1]
    plans: list[IEP] = []
    for plan in case.plans:
        if skipped in plan.evaluations:
            purposes = tuple(
                p for p in meeting_of(plan).purposes if p is not MeetingPurpose.REEVALUATION
            )
            kind = PlanKind.ANNUAL if plan.kind is PlanKind.REEVALUATION else plan.kind
            plan = attrs.evolve(  # noqa: PLW2901 - the changed plan replaces it
                plan,
                kind=kind,
                meeting=attrs.evolve(meeting_of(plan), purposes=purposes),
                evaluations=tuple(e for e in plan.evaluations if e != skipped),
            )
        plans.append(plan)
    case.plans = plans


def meeting_of(plan: IEP) -> Meeting:
    assert plan.meeting is not None
    return plan.meeting


def reevaluation_too_soon(_: random.Random, case: Case) -> None:
    """A reevaluation begun eight months after the initial evaluation, without agreement."""
    previous = case.plan.evaluations[-1].completed_date
    assert previous is not None
    consent = previous + D(days=240)
    early = Evaluation(
        kind=EvaluationKind.REEVALUATION,
        consent_date=consent,
        completed_date=consent + D(days=30),
        eligibility_date=consent + D(days=30),
    )
    case.plan = attrs.evolve(case.plan, evaluations=(*case.plan.evaluations, early))


def initial_evaluation_late(_: random.Random, case: Case) -> None:
    first = case.plan.evaluations[0]
    assert first.completed_date is not None
    late = attrs.evolve(first, consent_date=first.completed_date - D(days=74))
    case.plan = attrs.evolve(case.plan, evaluations=(late, *case.plan.evaluations[1:]))


def initial_meeting_late(_: random.Random, case: Case) -> None:
    eligibility = case.plan.history_date - D(days=44)
    moved = attrs.evolve(
        case.plan.evaluations[0],
        consent_date=eligibility - D(days=40),
        completed_date=eligibility - D(days=2),
        eligibility_date=eligibility,
    )
    case.plan = attrs.evolve(case.plan, evaluations=(moved, *case.plan.evaluations[1:]))


def starts_after_third_birthday(_: random.Random, case: Case) -> None:
    start = max(years(case.student.date_of_birth, 3), case.plan.history_date) + D(days=16)
    services = tuple(attrs.evolve(s, start_date=start) for s in case.plan.services)
    case.plan = attrs.evolve(
        case.plan, start_date=start, parent_consent_date=start, services=services
    )


def cleared(name: str) -> Change:
    """Remove the plan's *name* (a list becomes empty, anything else absent)."""

    def change(_: random.Random, case: Case) -> None:
        empty: Any = () if isinstance(getattr(case.plan, name), tuple) else None
        case.plan = attrs.evolve(case.plan, **{name: empty})

    return change


def first_goal(**changes: Any) -> Change:
    def change(_: random.Random, case: Case) -> None:
        goals = list(case.plan.goals)
        goals[0] = attrs.evolve(goals[0], **changes)
        case.plan = attrs.evolve(case.plan, goals=tuple(goals))

    return change


def in_transition(**changes: Any) -> Change:
    def change(_: random.Random, case: Case) -> None:
        assert case.plan.transition is not None
        case.plan = attrs.evolve(
            case.plan, transition=attrs.evolve(case.plan.transition, **changes)
        )

    return change


def last_goal_without_objectives(_: random.Random, case: Case) -> None:
    goals = list(case.plan.goals)
    goals[-1] = attrs.evolve(goals[-1], objectives=())
    case.plan = attrs.evolve(case.plan, goals=tuple(goals))


def alternate_without_justification(_: random.Random, case: Case) -> None:
    assessment = AssessmentParticipation(mode=AssessmentMode.ALTERNATE)
    case.plan = attrs.evolve(case.plan, assessment=assessment)


def last_service_without_location(_: random.Random, case: Case) -> None:
    services = list(case.plan.services)
    services[-1] = attrs.evolve(services[-1], location=None)
    case.plan = attrs.evolve(case.plan, services=tuple(services))


def unexplained_placement(_: random.Random, case: Case) -> None:
    assert case.plan.placement is not None
    placement = attrs.evolve(case.plan.placement, nonparticipation_explanation=None)
    case.plan = attrs.evolve(case.plan, placement=placement)


def no_transition(_: random.Random, case: Case) -> None:
    purposes = tuple(p for p in meeting(case).purposes if p is not MeetingPurpose.TRANSITION)
    changed = attrs.evolve(meeting(case), purposes=purposes)
    case.plan = attrs.evolve(case.plan, transition=None, meeting=changed)


def no_state_assessment_accommodation(_: random.Random, case: Case) -> None:
    only = (AccommodationContext.INSTRUCTION,)
    accommodations = tuple(attrs.evolve(a, contexts=only) for a in case.plan.accommodations)
    case.plan = attrs.evolve(case.plan, accommodations=accommodations)


def no_category(_: random.Random, case: Case) -> None:
    case.plan = attrs.evolve(case.plan, student=attrs.evolve(case.plan.student, disabilities=()))


# What a case must be for a defect to apply to it.


def federal(case: Case) -> bool:
    return case.campus.jurisdiction == "US"


def school_age(case: Case) -> bool:
    return case.plan.student.grade != "PK" and federal(case)


def usual_team(case: Case) -> bool:
    """Everyone came (the student may not have), and the regular teacher too."""
    plan = case.plan
    return (
        school_age(case)
        and case.regular_percent > 0
        and plan.meeting is not None
        and not plan.meeting.parent_contact_attempts
        and all(
            p.attendance is Attendance.PRESENT or Role.STUDENT in p.roles
            for p in plan.meeting.participants
        )
    )


def reaches(case: Case, age: int) -> bool:
    return years(case.student.date_of_birth, age) <= case.plan.end_date


def with_transition(case: Case) -> bool:
    return school_age(case) and case.plan.transition is not None


def new_this_year(case: Case) -> bool:
    return federal(case) and case.plan.kind is PlanKind.INITIAL


def from_part_c(case: Case) -> bool:
    return new_this_year(case) and case.student.from_part_c


def overdue_reevaluation(case: Case) -> bool:
    evaluations = case.plan.evaluations
    if not federal(case) or len(evaluations) < 2:
        return False
    before = evaluations[-2].completed_date
    return before is not None and years(before, 3) < AS_OF - D(days=20)


def second_plan(case: Case) -> bool:
    return federal(case) and len(case.plans) == 2 and case.plan.kind is PlanKind.ANNUAL


def takes_alternate(case: Case) -> bool:
    return school_age(case) and case.alternate


def with_accommodations(case: Case) -> bool:
    assessment = case.plan.assessment
    return (
        school_age(case)
        and assessment is not None
        and (assessment.mode is AssessmentMode.REGULAR_WITH_ACCOMMODATIONS)
    )


DEFECTS: dict[str, tuple[Callable[[Case], bool], Change]] = {
    "T101": (usual_team, one_contact_attempt),
    "T102": (usual_team, attendance(Role.REGULAR_EDUCATION_TEACHER, Attendance.ABSENT)),
    "T103": (usual_team, without(Role.SPECIAL_EDUCATION_TEACHER)),
    "T104": (usual_team, attendance(Role.LEA_REPRESENTATIVE, Attendance.ABSENT)),
    "T105": (usual_team, without(Role.EVALUATION_INTERPRETER)),
    "T106": (
        lambda c: usual_team(c) and with_transition(c) and reaches(c, 16),
        without(Role.STUDENT),
    ),
    "T107": (
        usual_team,
        attendance(Role.REGULAR_EDUCATION_TEACHER, Attendance.EXCUSED, Excusal()),
    ),
    "T108": (usual_team, excused_without_input),
    "T109": (usual_team, attendance(Role.PARENT, Attendance.EXCUSED)),
    "T110": (usual_team, one_teacher_for_both),
    "T111": (lambda c: from_part_c(c) and not c.part_c_requested, coordinator_requested),
    "T112": (lambda c: usual_team(c) and reaches(c, 17), agency_without_consent),
    "D203": (lambda c: school_age(c) and c.plan.kind is PlanKind.ANNUAL, runs_past_review),
    "D204": (overdue_reevaluation, reevaluation_skipped),
    "D206": (second_plan, reevaluation_too_soon),
    "D207": (lambda c: new_this_year(c) and not c.student.from_part_c, initial_evaluation_late),
    "D208": (lambda c: new_this_year(c) and not c.student.from_part_c, initial_meeting_late),
    "D209": (from_part_c, starts_after_third_birthday),
    "D210": (lambda c: c.campus.jurisdiction == ILLINOIS, late_notice),
    "C301": (school_age, cleared("present_levels")),
    "C302": (school_age, cleared("goals")),
    "C303": (school_age, first_goal(criterion=None)),
    "C304": (school_age, first_goal(measurement=None)),
    "C305": (school_age, cleared("progress_reporting")),
    "C306": (takes_alternate, last_goal_without_objectives),
    "C307": (takes_alternate, alternate_without_justification),
    "C308": (school_age, last_service_without_location),
    "C309": (lambda c: school_age(c) and c.regular_percent < 100, unexplained_placement),
    "C310": (school_age, cleared("services")),
    "C311": (lambda c: with_transition(c) and reaches(c, 16), no_transition),
    "C312": (
        with_transition,
        in_transition(
            postsecondary_goals=(
                PostsecondaryGoal(
                    domain=TransitionDomain.EMPLOYMENT, statement="Will work in a warehouse."
                ),
            )
        ),
    ),
    "C313": (with_transition, in_transition(services=())),
    "C314": (with_transition, in_transition(course_of_study=None)),
    "C315": (with_transition, in_transition(assessments=())),
    "C316": (
        lambda c: school_age(c) and c.plan.rights_transfer_notice_date is not None,
        cleared("rights_transfer_notice_date"),
    ),
    "C317": (new_this_year, cleared("parent_consent_date")),
    "C318": (with_accommodations, no_state_assessment_accommodation),
    "C319": (school_age, no_category),
}

# A few plans carry several problems at once: the coordinator's worst cases.
SEVERAL = (
    ("T104", "T105", "C303", "C304", "C308"),
    ("T101", "C305", "C309", "C318"),
    ("T102", "T103", "C301", "C316"),
)


def untouched(cases: list[Case], test: Callable[[Case], bool]) -> list[Case]:
    return [c for c in cases if not c.scenarios and c.shown == 1 and test(c)]


def pick(rng: random.Random, cases: list[Case], test: Callable[[Case], bool], what: str) -> Case:
    eligible = untouched(cases, test)
    if not eligible:
        msg = f"no student qualifies for {what}; change SEED or STUDENTS"
        raise ScenarioError(msg)
    return rng.choice(eligible)


def apply_defects(rng: random.Random, cases: list[Case]) -> None:
    for code, (test, change) in DEFECTS.items():
        # Content problems are the most common in real files: some appear twice.
        for _ in range(2 if code.startswith("C") and rng.random() < 0.5 else 1):
            case = pick(rng, cases, test, code)
            change(rng, case)
            case.scenarios.append(code)
    for codes in SEVERAL:

        def qualifies(case: Case, codes: tuple[str, ...] = codes) -> bool:
            return all(DEFECTS[code][0](case) for code in codes)

        case = pick(rng, cases, qualifies, "+".join(codes))
        for code in codes:
            DEFECTS[code][1](rng, case)
            case.scenarios.append(code)


# --- histories: amendments, drafts, reevaluations due soon -----------------------------------


def reevaluations_due_soon(cases: list[Case], count: int = 3) -> None:
    """Move the last reevaluation of the closest students: the next one falls due soon."""

    def distance(case: Case) -> int:
        done = case.plan.evaluations[-1].completed_date or AS_OF
        return abs((years(done, 3) - AS_OF).days - 15)

    eligible = untouched(
        cases,
        lambda c: (
            c.plan.kind is PlanKind.ANNUAL
            and c.plan.evaluations[-1].kind is EvaluationKind.REEVALUATION
        ),
    )
    for case in sorted(eligible, key=lambda c: (distance(c), c.index))[:count]:
        last = case.plan.evaluations[-1]
        assert last.completed_date is not None
        assert last.consent_date is not None
        shift = years(AS_OF, -3) + D(days=15 + case.index % 10) - last.completed_date
        moved = attrs.evolve(
            last,
            consent_date=last.consent_date + shift,
            completed_date=last.completed_date + shift,
            eligibility_date=last.completed_date + shift,
        )
        case.plan = attrs.evolve(case.plan, evaluations=(*case.plan.evaluations[:-1], moved))
        case.scenarios.append("D205")


def reevaluation_agreed_early(rng: random.Random, cases: list[Case]) -> None:
    """A lawful early reevaluation: parent and agency agreed to it."""
    case = pick(rng, cases, second_plan, "an agreed early reevaluation")
    reevaluation_too_soon(rng, case)
    agreed = attrs.evolve(case.plan.evaluations[-1], early_by_agreement=True)
    case.plan = attrs.evolve(case.plan, evaluations=(*case.plan.evaluations[:-1], agreed))
    case.scenarios.append("early reevaluation, agreed")


def add_amendment(rng: random.Random, case: Case, *, agreed: bool) -> None:
    base = case.plan
    day = min(meeting_of(base).date + D(days=rng.randint(40, 120)), AS_OF - D(days=3))
    services = list(base.services)
    services[0] = attrs.evolve(services[0], minutes=services[0].minutes + 15, start_date=day)
    case.plans.append(
        attrs.evolve(
            base,
            id=base.id + "/amendment",
            kind=PlanKind.AMENDMENT,
            amends=base.id,
            meeting=None,
            start_date=day,
            amendment_agreement_date=day - D(days=2) if agreed else None,
            services=tuple(services),
            parent_consent_date=None,
        )
    )
    case.shown += 1
    case.scenarios.append("amendment, agreed" if agreed else "D211")


def add_draft(rng: random.Random, case: Case) -> None:
    """A draft for the review meeting coming up, with a goal not yet measurable."""
    base = case.plan
    day = AS_OF + D(days=rng.randint(5, 12))
    purposes = [MeetingPurpose.ANNUAL_REVIEW]
    if MeetingPurpose.TRANSITION in meeting_of(base).purposes:
        purposes.append(MeetingPurpose.TRANSITION)
    case.plans.append(
        attrs.evolve(
            base,
            id=base.id + "/draft",
            kind=PlanKind.ANNUAL,
            status=PlanStatus.DRAFT,
            meeting=attrs.evolve(
                meeting_of(base),
                date=day,
                notice_date=day - D(days=14),
                purposes=tuple(purposes),
            ),
            start_date=day,
            end_date=years(day, 1) - D(days=1),
            services=tuple(attrs.evolve(s, start_date=day) for s in base.services),
            goals=(attrs.evolve(base.goals[0], criterion=None), *base.goals[1:]),
            parent_consent_date=None,
        )
    )
    case.shown += 1
    case.scenarios.append("draft (C303 warning)")


def renumber(plans: list[IEP]) -> list[IEP]:
    """Plan ids in order of meeting (or start) date, as a district's system gives them."""
    ordered = sorted(plans, key=lambda p: (p.history_date, p.student.id, p.kind, p.status))
    counters: dict[int, int] = {}
    ids: dict[str, str] = {}
    for plan in ordered:
        year = plan.history_date.year
        counters[year] = counters.get(year, 0) + 1
        ids[plan.id] = f"MV-{year}-{counters[year]:04d}"
    return [
        attrs.evolve(plan, id=ids[plan.id], amends=ids[plan.amends] if plan.amends else None)
        for plan in ordered
    ]


@dataclass
class District:
    plans: list[IEP]
    calendar: SchoolCalendar
    scenarios: dict[str, list[str]]  # student id: what the generator did to them


def generate() -> District:
    rng = random.Random(SEED)
    campuses = make_campuses(rng)
    ids = rng.sample(range(10000, 99999), STUDENTS)
    cases = [new_case(rng, index, ids[index], campuses) for index in range(STUDENTS)]
    for case in cases:
        if case.student.from_part_c:
            case.meetings = meetings_forward(rng, case.entry)
            continue
        if rng.random() < 0.07:
            # Found eligible this school year: the initial plan is the only one.
            case.last = case.entry = AS_OF - D(days=rng.randint(20, 200))
        case.meetings = meetings_back(rng, case.last, case.entry)
    # Two students whose last review is overdue, one with a late review in the past.
    long_ones = [c for c in cases if len(c.meetings) >= 3]
    for case in rng.sample(long_ones, 2):
        last = years(AS_OF, -1) - D(days=rng.randint(10, 40))
        case.meetings = meetings_back(rng, last, case.entry)
        case.scenarios.append("D201 (overdue)")
    case = rng.choice([c for c in long_ones if not c.scenarios])
    case.meetings = meetings_back(rng, case.meetings[-1], case.entry, late_gap=1)
    case.scenarios.append("D201 (late in the past)")
    case.shown = 3
    for case in cases:
        build_plans(rng, case)
    # Histories: some students show their last two or three plans.
    for case in rng.sample([c for c in cases if len(c.plans) >= 3 and not c.scenarios], 34):
        case.shown = rng.choice((2, 2, 3))
    reevaluations_due_soon(cases)
    reevaluation_agreed_early(rng, cases)
    apply_defects(rng, cases)
    for case in rng.sample([c for c in cases if not c.scenarios and c.shown >= 2], 4):
        add_amendment(rng, case, agreed=True)
    add_amendment(rng, pick(rng, cases, federal, "an amendment"), agreed=False)
    due_soon = untouched(cases, lambda c: years(c.plan.history_date, 1) <= AS_OF + D(days=30))
    for case in rng.sample(due_soon, 3):
        add_draft(rng, case)
    plans = [plan for case in cases for plan in case.plans[-case.shown :]]
    scenarios = {case.student.id: case.scenarios for case in cases if case.scenarios}
    return District(
        plans=with_version_2(renumber(plans)), calendar=make_calendar(), scenarios=scenarios
    )


# --- what format v2 adds: the records a district's systems keep -----------------------------

ORGANIZATIONS = {
    "US": EducationOrganization(id="255901", name="Maple Valley Schools"),
    ILLINOIS: EducationOrganization(id="255950", name="Prairie Lantern School"),
}
FUNCTIONAL_AREAS = frozenset(
    {
        GoalArea.COMMUNICATION,
        GoalArea.SOCIAL_EMOTIONAL,
        GoalArea.BEHAVIOR,
        GoalArea.EXECUTIVE_FUNCTION,
        GoalArea.ADAPTIVE,
        GoalArea.MOTOR,
        GoalArea.INDEPENDENT_LIVING,
    }
)
TRANSITION_AREAS = frozenset({GoalArea.VOCATIONAL, GoalArea.INDEPENDENT_LIVING})


def staff_id(name: str) -> str:
    """A stable staff identifier for an invented staff member (the same person, the same id)."""
    return f"MVS-{zlib.crc32(name.encode()) % 100_000:05d}"


def goal_type(goal: Goal, transition: bool) -> GoalType:
    if transition and goal.area in TRANSITION_AREAS:
        return GoalType.TRANSITION_FUNCTIONAL
    return GoalType.FUNCTIONAL if goal.area in FUNCTIONAL_AREAS else GoalType.ACADEMIC


def provider_ids(service: Service, people: tuple[Participant, ...]) -> tuple[str, ...]:
    role = (
        Role.SPECIAL_EDUCATION_TEACHER
        if service.type is ServiceType.SPECIALIZED_INSTRUCTION
        else Role.RELATED_SERVICE_PROVIDER
    )
    return tuple(p.staff_id for p in people if role in p.roles and p.staff_id)[:1]


def with_version_2(plans: list[IEP]) -> list[IEP]:
    """
    The plans with the fields of format v2 a district records: who is responsible, staff
    identifiers, goal types, the eligibility determinations and the program participation.

    It draws nothing from the generator's random numbers, so every v1 field stays as it was
    (and so does every finding); what varies by student is derived from the student's id.
    """
    first_start: dict[str, dt.date] = {}
    for plan in plans:
        sid = plan.student.id
        first_start[sid] = min(first_start.get(sid, plan.start_date), plan.start_date)
    result: list[IEP] = []
    for plan in plans:
        people: tuple[Participant, ...] = ()
        meeting = plan.meeting
        if meeting is not None:
            people = tuple(
                p
                if Role.PARENT in p.roles or Role.STUDENT in p.roles
                else attrs.evolve(p, staff_id=staff_id(p.name))
                for p in meeting.participants
            )
            meeting = attrs.evolve(meeting, participants=people)
        evaluations = tuple(
            attrs.evolve(
                evaluation,
                idea_part=IdeaPart.PART_B,
                eligibility_outcome=(
                    EligibilityOutcome.ELIGIBLE if evaluation.eligibility_date else None
                ),
                consent_signed_date=(
                    evaluation.consent_date - D(days=zlib.crc32(plan.student.id.encode()) % 4)
                    if evaluation.consent_date
                    else None
                ),
            )
            for evaluation in plan.evaluations
        )
        transition = plan.transition is not None
        finalized = None
        if plan.is_final:
            finalized = plan.meeting_date or plan.amendment_agreement_date or plan.start_date
        school_age = plan.student.grade not in (None, "PK")
        result.append(
            attrs.evolve(
                plan,
                meeting=meeting,
                evaluations=evaluations,
                goals=tuple(
                    attrs.evolve(
                        goal,
                        type=goal_type(goal, transition),
                        period=GoalPeriod(start_date=plan.start_date, end_date=plan.end_date),
                    )
                    for goal in plan.goals
                ),
                services=tuple(
                    attrs.evolve(service, provider_staff_ids=provider_ids(service, people))
                    for service in plan.services
                ),
                responsible_organization=ORGANIZATIONS[plan.jurisdiction or "US"],
                program_participation=ProgramParticipation(
                    start_date=first_start[plan.student.id]
                ),
                finalized_date=finalized,
                medically_fragile=False,
                extended_school_year=zlib.crc32(plan.student.id.encode()) % 10 == 0,
                school_hours_per_week=32.5 if school_age else 15.0,
                shortened_school_day=False,
            )
        )
    return result


def make_calendar() -> SchoolCalendar:
    """Two school years around `AS_OF`, with the usual US breaks."""
    closed: list[dt.date | DateRange] = []
    for text in words(
        "2024-09-02 2024-10-14 2024-11-11 2024-11-27:2024-11-29 2024-12-23:2025-01-03 "
        "2025-01-20 2025-02-17 2025-03-17:2025-03-21 2025-05-26 "
        "2025-09-01 2025-10-13 2025-11-11 2025-11-26:2025-11-28 2025-12-22:2026-01-02 "
        "2026-01-19 2026-02-16 2026-03-16:2026-03-20 2026-05-25"
    ):
        start, _, end = text.partition(":")
        first = dt.date.fromisoformat(start)
        closed.append(DateRange(start=first, end=dt.date.fromisoformat(end)) if end else first)
    return SchoolCalendar(
        name="Maple Valley Schools 2024-25 and 2025-26 (fictional)",
        terms=(
            DateRange(start=dt.date(2024, 8, 26), end=dt.date(2025, 6, 6)),
            DateRange(start=dt.date(2025, 8, 25), end=dt.date(2026, 6, 5)),
        ),
        closed=tuple(closed),
    )


def write(district: District, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with (out / PLANS_FILE).open("w", encoding="utf-8", newline="\n") as handle:
        dump_jsonl(district.plans, handle)
    text = json.dumps(to_dict(district.calendar), indent=2, ensure_ascii=False) + "\n"
    (out / CALENDAR_FILE).write_text(text, encoding="utf-8", newline="\n")


def main() -> None:
    parser = argparse.ArgumentParser(description="Generate the fictional sample district.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write")
    parser.add_argument("--explain", action="store_true", help="list the scenarios, write nothing")
    args = parser.parse_args()
    district = generate()
    if args.explain:
        for student_id, scenarios in sorted(district.scenarios.items()):
            print(f"{student_id}: {', '.join(scenarios)}")
        return
    write(district, args.out)
    print(f"wrote {len(district.plans)} plans to {args.out / PLANS_FILE}")


if __name__ == "__main__":
    main()
