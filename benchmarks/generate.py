"""
A deterministic generator of realistic, varied IEP plans for the benchmarks.

Every plan is built with the model's own classes (so it meets every invariant) and
written with `iepmodel.to_json`, so the bytes are what the library itself writes. With
the default shape a plan is about 9 KiB of JSON: a student (names with non-ASCII
letters), a meeting with about six participants, three present levels of two to five
sentences each, about five goals with objectives and progress reports, about eight
accommodations, about four services, and a transition plan in about half of the plans.

Usage::

    python benchmarks/generate.py --plans 10000 --seed 20261127 out.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

import iepmodel as m

DEFAULT_SEED = 20261127

_FIRST = [
    "José",
    "Nguyễn Anh",
    "Zoë",
    "Ava",
    "Liam",
    "Sofía",
    "Mateo",
    "Aaliyah",
    "Björn",
    "Chloé",
    "Dmitri",
    "Émile",
    "Fatima",
    "Giulia",
    "Hiroshi",
    "Ines",
    "Jamal",
    "Kiri",
    "Łukasz",
    "Mía",
    "Noor",
    "Oisín",
    "Priya",
    "Quinn",
    "Renée",
    "Søren",
    "Thandiwe",
    "Ümit",
    "Valentina",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zainab",
    "Taylor",
    "Jordan",
    "Riley",
]
_LAST = [
    "García",
    "Nguyễn",
    "Smith",
    "Müller",
    "O'Brien",
    "Kowalski",
    "Haddad",
    "Tanaka",
    "Ødegaard",
    "Brooks",
    "Chen",
    "Okafor",
    "Rodríguez",
    "Johansson",
    "Dubois",
    "Patel",
    "Schäfer",
    "Ivanova",
    "Mbeki",
    "Lefèvre",
    "Costa",
    "Novák",
    "Yılmaz",  # noqa: RUF001 - a Turkish name
    "Hale",
]
_SUBJECTS = [
    "The student",
    "The learner",
    "Across settings the student",
    "In small groups the student",
    "During structured tasks the student",
    "With visual supports the student",
    "When given a model the student",
    "In the general education classroom the student",
]
_VERBS = [
    "reads",
    "decodes",
    "writes",
    "solves",
    "identifies",
    "explains",
    "requests",
    "initiates",
    "completes",
    "organizes",
    "summarizes",
    "transitions between",
    "follows",
    "answers",
    "uses",
    "compares",
    "sequences",
    "describes",
]
_OBJECTS = [
    "grade-level passages with 90% accuracy",
    "multisyllabic words in connected text",
    "two-step word problems involving fractions",
    "peer conversations of three exchanges",
    "a five-sentence paragraph with a topic sentence",
    "multi-step directions without prompts",
    "daily schedule changes with a visual timer",
    "inferential questions about a short story",
    "coins and bills to make change up to $5.00",
    "self-monitoring checklists for assignments",
    "the main idea and two supporting details",
    "a graphic organizer before writing",
    "breaks appropriately using a break card",
    "safety signs in the community",
    "vocational tasks from a picture checklist",
    "key vocabulary in science units",
]
_TAILS = [
    "as measured by weekly curriculum-based probes.",
    "on 4 of 5 consecutive opportunities.",
    "according to teacher observation and work samples.",
    "with no more than one verbal prompt.",
    "across three different settings over two weeks.",
    "as documented in the data collection sheet.",
    "in 80% of observed trials over a grading period.",
    "compared with the baseline taken in September.",
]
_CRITERIA = [
    "4 of 5 trials",
    "80% accuracy",
    "3 consecutive probes",
    "90 wcpm",
    "with one prompt or fewer",
    "independently, 4 of 5 days",
]
_BASELINES = [
    "42 wcpm in grade-level text",
    "2 of 5 steps with prompts",
    "30% accuracy on probes",
    "0 of 4 opportunities",
    "needs adult support daily",
    "1-2 times a week",
]
_ACCOMMODATIONS = [
    "Extended time (1.5x) on tests and quizzes",
    "Directions read aloud and repeated",
    "Preferential seating near instruction",
    "Use of a calculator for computation",
    "Breaks every 20 minutes during long tasks",
    "Text-to-speech for reading passages",
    "Graphic organizers for written responses",
    "Reduced-distraction testing room",
    "Copies of class notes provided in advance",
    "Speech-to-text for written assignments",
    "Chunked assignments with check-ins",
    "Visual schedule posted at desk",
]
_PROVIDERS = [
    "special education teacher",
    "speech-language pathologist",
    "occupational therapist",
    "school psychologist",
    "physical therapist",
    "school counselor",
    "paraprofessional",
    "social worker",
]
_LOCATIONS = [
    "resource room",
    "general education classroom",
    "therapy room",
    "community",
    "counseling office",
    "gymnasium",
    "library",
]
_FREQUENCIES = ["quarterly", "each grading period", "every nine weeks", "twice a year"]
_SUBJECT_NAMES = [
    "mathematics",
    "English language arts",
    "science",
    "social studies",
    "physical education",
    "art",
]
_AGENCIES = [
    "state vocational rehabilitation agency",
    "community college disability office",
    "regional center",
    "county developmental services",
]
_ASSESSMENTS = [
    "career interest inventory",
    "adaptive behavior scale",
    "vocational aptitude test",
    "student interview",
    "parent questionnaire",
    "situational work assessment",
]

_RELATED = [t for t in m.ServiceType if t.category is m.ServiceCategory.RELATED]
_GRADES = ["K", *[str(g) for g in range(1, 13)]]


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_TAILS)}"
    )


def _text(rng: random.Random, low: int, high: int) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(low, high)))


def _name(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


def _day(rng: random.Random, start: dt.date, span: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(span))


def _participants(rng: random.Random, meeting: dt.date, transition: bool) -> list[m.Participant]:
    roles = [
        (m.Role.PARENT,),
        (m.Role.REGULAR_EDUCATION_TEACHER,),
        (m.Role.SPECIAL_EDUCATION_TEACHER, m.Role.EVALUATION_INTERPRETER),
        (m.Role.LEA_REPRESENTATIVE,),
        (m.Role.RELATED_SERVICE_PROVIDER,),
    ]
    if transition:
        roles.append((m.Role.STUDENT,))
    if rng.random() < 0.3:
        roles.append((m.Role.LANGUAGE_INTERPRETER,))
    if rng.random() < 0.2:
        roles.append((m.Role.OTHER,))
    people: list[m.Participant] = []
    for held in roles:
        roll = rng.random()
        if roll < 0.08 and m.Role.PARENT not in held:
            people.append(
                m.Participant(
                    name=_name(rng),
                    roles=held,
                    attendance=m.Attendance.EXCUSED,
                    excusal=m.Excusal(
                        area_discussed=rng.random() < 0.5,
                        written_agreement_date=meeting - dt.timedelta(days=rng.randint(1, 9)),
                        written_input_date=meeting - dt.timedelta(days=rng.randint(0, 5)),
                    ),
                )
            )
        elif roll < 0.12:
            people.append(
                m.Participant(name=_name(rng), roles=held, attendance=m.Attendance.ABSENT)
            )
        else:
            people.append(
                m.Participant(
                    name=_name(rng),
                    roles=held,
                    mode=rng.choice(list(m.ParticipationMode)),
                )
            )
    return people


def _goal(rng: random.Random, index: int, start: dt.date, end: dt.date) -> m.Goal:
    objectives = tuple(
        m.Objective(
            statement=_sentence(rng),
            criterion=rng.choice(_CRITERIA),
            target_date=_day(rng, start, (end - start).days),
        )
        for _ in range(rng.randint(2, 3))
    )
    progress = tuple(
        m.ProgressEntry(
            date=start + dt.timedelta(days=70 * (k + 1)),
            status=rng.choice(list(m.ProgressStatus)),
            note=_sentence(rng) if rng.random() < 0.3 else None,
        )
        for k in range(rng.randint(1, 2))
    )
    return m.Goal(
        id=f"G{index + 1}",
        area=rng.choice(list(m.GoalArea)),
        statement=_sentence(rng),
        baseline=rng.choice(_BASELINES),
        criterion=rng.choice(_CRITERIA),
        measurement=rng.choice(
            [
                "curriculum-based measurement, biweekly",
                "work samples",
                "teacher observation and data sheets",
                "running records",
            ]
        ),
        objectives=objectives,
        progress=progress,
    )


def _service(rng: random.Random, start: dt.date, end: dt.date, first: bool) -> m.Service:
    kind = (
        m.ServiceType.SPECIALIZED_INSTRUCTION
        if first
        else rng.choice(
            [*_RELATED, m.ServiceType.ASSISTIVE_TECHNOLOGY, m.ServiceType.PARAPROFESSIONAL_SUPPORT]
        )
    )
    return m.Service(
        type=kind,
        description=_sentence(rng) if rng.random() < 0.5 else None,
        provider=rng.choice(_PROVIDERS),
        setting=rng.choice(list(m.ServiceSetting)),
        group=rng.choice(list(m.GroupSize)),
        delivery=rng.choice(list(m.Delivery)),
        location=rng.choice(_LOCATIONS),
        minutes=rng.choice([15, 20, 30, 45, 60, 90]),
        sessions=rng.randint(1, 5),
        per=rng.choice([m.Period.WEEK, m.Period.WEEK, m.Period.DAY, m.Period.MONTH]),
        start_date=start,
        end_date=end if rng.random() < 0.6 else None,
    )


PLANS_PER_STUDENT = 3
"""Consecutive annual plans per student, so that `check` sees histories."""


def make_plan(rng: random.Random, index: int, seed: int = DEFAULT_SEED) -> m.IEP:
    """
    Plan number *index*, its content drawn from *rng*.

    Plans ``3k``, ``3k + 1`` and ``3k + 2`` are one student's three consecutive annual
    plans: the student's identity comes from a generator seeded by *seed* and ``k``.
    """
    who, year = divmod(index, PLANS_PER_STUDENT)
    person = random.Random(seed * 1_000_003 + who)
    first_meeting = _day(person, dt.date(2021, 8, 15), 700)
    age0 = person.randint(4, 19)
    birth = dt.date(first_meeting.year - age0, person.randint(1, 12), person.randint(1, 28))
    student_id = f"STU-{who:07d}"
    name = _name(person)
    disabilities = tuple(person.sample(list(m.DisabilityCategory)[:13], person.randint(1, 3)))
    language = person.choice(["en", "en", "en", "es", "vi", "ar", "zh"])
    learner = language != "en" and person.random() < 0.6

    reevaluated = person.random() < 0.5
    meeting_date = first_meeting + dt.timedelta(days=350 * year + rng.randint(-10, 5))
    start = meeting_date + dt.timedelta(days=rng.randint(0, 14))
    end = meeting_date + dt.timedelta(days=364)
    age = m.age_on(birth, start)
    transition = age >= 14 and rng.random() < 0.95
    kind = (
        m.PlanKind.INITIAL
        if year == 0 and rng.random() < 0.3
        else rng.choices(list(m.PlanKind), weights=[0, 75, 15, 5, 5])[0]
    )
    grade = _GRADES[min(max(age - 5, 0), len(_GRADES) - 1)]
    student = m.Student(
        id=student_id,
        name=name,
        date_of_birth=birth,
        grade=grade,
        disabilities=disabilities,
        english_learner=learner,
        primary_language=language,
        from_part_c=age0 < 6 and person.random() < 0.3,
    )
    purposes = [m.MeetingPurpose.ANNUAL_REVIEW]
    if transition:
        purposes.append(m.MeetingPurpose.TRANSITION)
    meeting = m.Meeting(
        date=meeting_date,
        purposes=tuple(purposes),
        notice_date=meeting_date - dt.timedelta(days=rng.randint(5, 20)),
        participants=tuple(_participants(rng, meeting_date, transition)),
        parent_contact_attempts=tuple(
            m.ContactAttempt(
                date=meeting_date - dt.timedelta(days=rng.randint(10, 30)),
                method=rng.choice(list(m.ContactMethod)),
                outcome=rng.choice([None, "left a message", "agreed on the date", "no answer"]),
            )
            for _ in range(rng.randint(0, 2))
        ),
        considers_regular_class=rng.random() < 0.5,
    )
    evaluations = [
        m.Evaluation(
            kind=m.EvaluationKind.INITIAL,
            consent_date=first_meeting - dt.timedelta(days=75),
            completed_date=first_meeting - dt.timedelta(days=20),
            eligibility_date=first_meeting - dt.timedelta(days=15),
        )
    ]
    if year == PLANS_PER_STUDENT - 1 and reevaluated:
        evaluations.append(
            m.Evaluation(
                kind=m.EvaluationKind.REEVALUATION,
                consent_date=meeting_date - dt.timedelta(days=50),
                completed_date=meeting_date - dt.timedelta(days=5),
                eligibility_date=meeting_date - dt.timedelta(days=2),
            )
        )
    levels = tuple(
        m.PresentLevel(
            area=rng.choice(list(m.GoalArea)),
            strengths=_text(rng, 1, 2),
            needs=_text(rng, 1, 2),
            baseline=rng.choice(_BASELINES),
            impact=_sentence(rng) if rng.random() < 0.5 else None,
        )
        for _ in range(3)
    )
    goals = tuple(_goal(rng, k, start, end) for k in range(rng.randint(3, 5)))
    accommodations = tuple(
        m.Accommodation(
            description=text,
            category=rng.choice(list(m.AccommodationCategory)),
            contexts=tuple(rng.sample(list(m.AccommodationContext), rng.randint(1, 3))),
        )
        for text in rng.sample(_ACCOMMODATIONS, rng.randint(4, 9))
    )
    modifications = tuple(
        m.Modification(
            description=_sentence(rng),
            subjects=tuple(rng.sample(_SUBJECT_NAMES, rng.randint(1, 3))),
        )
        for _ in range(rng.randint(0, 1))
    )
    services = tuple(_service(rng, start, end, k == 0) for k in range(rng.randint(2, 5)))
    percent = rng.choice([100.0, 95.0, 80.0, 79.0, 60.0, 40.0, 39.5, 20.0])
    placement = m.Placement(
        regular_class_percent=percent,
        nonparticipation_explanation=_sentence(rng) if percent < 100 else None,
    )
    alternate = rng.random() < 0.1
    assessment = m.AssessmentParticipation(
        mode=m.AssessmentMode.ALTERNATE
        if alternate
        else rng.choice([m.AssessmentMode.REGULAR, m.AssessmentMode.REGULAR_WITH_ACCOMMODATIONS]),
        alternate_justification=_text(rng, 1, 2) if alternate else None,
    )
    plan_transition = None
    if transition:
        plan_transition = m.TransitionPlan(
            postsecondary_goals=tuple(
                m.PostsecondaryGoal(domain=domain, statement=_sentence(rng))
                for domain in m.TransitionDomain
                if domain is not m.TransitionDomain.INDEPENDENT_LIVING or rng.random() < 0.5
            ),
            assessments=tuple(rng.sample(_ASSESSMENTS, rng.randint(1, 3))),
            services=tuple(
                m.TransitionService(
                    description=_sentence(rng),
                    domain=rng.choice(list(m.TransitionDomain)),
                    agency=rng.choice([None, *_AGENCIES]),
                )
                for _ in range(rng.randint(1, 3))
            ),
            course_of_study=_text(rng, 1, 2),
        )
    return m.IEP(
        id=f"district-{who % 40 + 1}/{start.year}/{index:07d}",
        jurisdiction=["US", "US", "US-TX", "US-NY", "US-CA", "US-PA", "US-IL"][who % 7],
        kind=kind,
        student=student,
        meeting=meeting,
        start_date=start,
        end_date=end,
        evaluations=tuple(evaluations),
        parent_consent_date=meeting_date if kind is m.PlanKind.INITIAL else None,
        present_levels=levels,
        goals=goals,
        progress_reporting=m.ProgressReporting(
            frequency=rng.choice(_FREQUENCIES), method="written report with report card"
        ),
        accommodations=accommodations,
        modifications=modifications,
        services=services,
        placement=placement,
        assessment=assessment,
        transition=plan_transition,
        rights_transfer_notice_date=(
            birth.replace(year=birth.year + 17) if age >= 17 and transition else None
        ),
    )


def iter_plans(count: int, seed: int = DEFAULT_SEED) -> Iterator[m.IEP]:
    """*count* plans from a generator seeded with *seed* (the same seed, the same plans)."""
    rng = random.Random(seed)
    for index in range(count):
        yield make_plan(rng, index, seed)


def iter_lines(count: int, seed: int = DEFAULT_SEED) -> Iterator[bytes]:
    """The JSON Lines of `iter_plans`, as UTF-8 bytes without the newline."""
    for plan in iter_plans(count, seed):
        yield m.to_json_bytes(plan)


def write_jsonl(path: Path, count: int, seed: int = DEFAULT_SEED) -> int:
    """Write *count* plans to *path* as JSON Lines; return the number of bytes written."""
    size = 0
    with path.open("wb") as handle:
        for line in iter_lines(count, seed):
            handle.write(line)
            handle.write(b"\n")
            size += len(line) + 1
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("out", type=Path)
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    size = write_jsonl(args.out, args.plans, args.seed)
    print(f"{args.plans} plans, {size / 1024 / max(args.plans, 1):.1f} KiB per plan on average")
    return 0


if __name__ == "__main__":
    sys.exit(main())
