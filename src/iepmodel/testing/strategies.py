"""
Hypothesis strategies for iepmodel's public types.

Requires the hypothesis package to be installed (``pip install "iepmodel[hypothesis]"``).

Every strategy is a function that returns a ``SearchStrategy``. Its options are
keyword-only and are themselves strategies (or `None` for the default), so a test can
pin or narrow any part: ``plans(kinds=st.just(PlanKind.INITIAL))``. Everything drawn is
*valid*: it meets every invariant of the document format, so it can be built, written
and read back. The fields format v2 added are drawn too (present about half the time).

- `plans` draws whole plans, as varied as the format allows;
- `compliant_plans` draws plans that `iepmodel.check` finds nothing wrong with, for a
  jurisdiction's profile as of a day;
- one strategy per model class (`students`, `meetings`, `goals`, `services` …) and the
  leaves they are made of (`dates`, which draws Feb 29 often, `free_texts`,
  `person_names`, `identifiers`).

The strategies are registered for ``st.from_type`` through the package's ``hypothesis``
entry point, so ``st.from_type(iepmodel.IEP)`` draws from `plans`.

>>> import iepmodel
>>> from hypothesis import given, settings
>>> from iepmodel.testing.strategies import plans
>>> @settings(max_examples=5)
... @given(plans())
... def test_round_trip(plan):
...     assert iepmodel.from_json(iepmodel.to_json(plan)) == plan
>>> test_round_trip()
"""

from __future__ import annotations

import calendar
import datetime as dt
import string
from collections.abc import Callable
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from iepmodel._age import age_on, birthday
from iepmodel._calendar import DateRange, SchoolCalendar
from iepmodel._content import (
    Goal,
    GoalPeriod,
    Objective,
    PresentLevel,
    ProgressEntry,
    ProgressReporting,
)
from iepmodel._enums import (
    AccommodationCategory,
    AccommodationContext,
    AssessmentMode,
    Attendance,
    ContactMethod,
    Delivery,
    DisabilityCategory,
    EligibilityDelayReason,
    EligibilityOutcome,
    EvaluationException,
    EvaluationKind,
    ExitReason,
    Facility,
    GoalArea,
    GoalType,
    GroupSize,
    IdeaPart,
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
from iepmodel._evaluation import Evaluation
from iepmodel._extensions import NAMESPACE_PATTERN
from iepmodel._plan import IEP
from iepmodel._program import EducationOrganization, ProgramParticipation
from iepmodel._services import Placement, Service
from iepmodel._student import GRADES, Student
from iepmodel._supports import Accommodation, AssessmentParticipation, Modification
from iepmodel._team import ContactAttempt, Excusal, Meeting, Participant
from iepmodel._transition import PostsecondaryGoal, TransitionPlan, TransitionService
from iepmodel.jurisdictions import EvaluationEndEvent, Profile, available_jurisdictions
from iepmodel.jurisdictions import jurisdiction as _jurisdiction

__all__ = [
    "accommodations",
    "assessment_participations",
    "compliant_plans",
    "contact_attempts",
    "date_ranges",
    "dates",
    "education_organizations",
    "evaluations",
    "excusals",
    "extensions",
    "free_texts",
    "goal_periods",
    "goals",
    "identifiers",
    "meetings",
    "modifications",
    "objectives",
    "participants",
    "person_names",
    "placements",
    "plans",
    "postsecondary_goals",
    "present_levels",
    "program_participations",
    "progress_entries",
    "progress_reportings",
    "roles",
    "school_calendars",
    "services",
    "students",
    "transition_plans",
    "transition_services",
]

T = TypeVar("T")
Strategy = st.SearchStrategy

_BY_IEP_MEETING = EvaluationEndEvent.IEP_MEETING
_MIN_DATE = dt.date(1990, 1, 1)
_MAX_DATE = dt.date(2060, 12, 31)
_PLAN_DATES = (dt.date(2000, 1, 1), dt.date(2045, 12, 31))
_LANGUAGES = ("en", "es", "zh-Hant", "vi", "ar", "so", "hmn", "fr-CA", "ht")
_FIRST = ("Ada", "Ben", "Chloé", "Dmitri", "Esi", "Farah", "Gus", "Hoa", "Iker", "Jo")
_LAST = ("Okafor", "Nguyen", "García", "Smith", "O'Neil", "Kowalski", "Ahmed", "Lee")
_SENTENCES = (
    "Reads grade-level text with support.",
    "Needs help starting written tasks.",
    "Uses a visual schedule across the day.",
    "Solves two-step word problems.",
    "Asks for a break when frustrated.",
)
_ROOMS = ("resource room", "general education classroom", "therapy room", "community site")
_PROVIDERS = ("speech-language pathologist", "special educator", "occupational therapist")
_AGENCIES = ("vocational rehabilitation", "community college", "county services")
_SUBJECTS = ("mathematics", "reading", "science", "history", "art")
_FREQUENCIES = ("quarterly", "each grading period", "monthly", "twice a year")
_METHODS = ("written report with report card", "progress report", "conference")


def _or(strategy: Strategy[T] | None, default: Callable[[], Strategy[T]]) -> Strategy[T]:
    return strategy if strategy is not None else default()


def _tuples(
    elements: Strategy[T], *, min_size: int = 0, max_size: int = 3
) -> Strategy[tuple[T, ...]]:
    return st.lists(elements, min_size=min_size, max_size=max_size).map(tuple)


def _optional(strategy: Strategy[T]) -> Strategy[T | None]:
    return st.none() | strategy


def _days(day: dt.date, days: int) -> dt.date:
    """*day* moved by *days*, kept inside the range `datetime.date` holds."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


# --- leaves -------------------------------------------------------------------------------


def dates(*, min_value: dt.date = _MIN_DATE, max_value: dt.date = _MAX_DATE) -> Strategy[dt.date]:
    """
    Calendar dates from *min_value* to *max_value* (both included); Feb 29 comes often.

    About a third of the draws are a Feb 29 and about a third a day where date
    arithmetic goes wrong (Feb 28, Mar 1, Jan 1, Dec 31), whenever the range holds one:
    a year added to Feb 29 is Feb 28 (rules.md, "Counting conventions").

    Requires the hypothesis package to be installed.

    Raises:
        ValueError: *min_value* is after *max_value*.
    """
    if min_value > max_value:
        msg = "min_value must not be after max_value"
        raise ValueError(msg)
    leap_days: list[dt.date] = []
    edges: list[dt.date] = []
    for year in range(min_value.year, max_value.year + 1):
        if calendar.isleap(year):
            leap_days.append(dt.date(year, 2, 29))
        edges.extend(
            (dt.date(year, 1, 1), dt.date(year, 2, 28), dt.date(year, 3, 1), dt.date(year, 12, 31))
        )
    parts: list[Strategy[dt.date]] = []
    leap_days = [day for day in leap_days if min_value <= day <= max_value]
    if leap_days:
        parts.append(st.sampled_from(leap_days))
    parts.append(st.dates(min_value=min_value, max_value=max_value))
    edges = [day for day in edges if min_value <= day <= max_value]
    if edges:
        parts.append(st.sampled_from(edges))
    return st.one_of(parts)


_dates = dates  # for the strategies whose ``dates`` option hides the function


def free_texts() -> Strategy[str]:
    """
    Free text as a plan holds it (a statement, a need, a note): never empty or blank.

    Mixes ordinary sentences with arbitrary Unicode text (accents, emoji, quotes,
    control characters), which the JSON writer and reader must carry unchanged.

    Requires the hypothesis package to be installed.
    """
    return st.sampled_from(_SENTENCES) | st.text(min_size=1, max_size=30).filter(str.strip)


def person_names() -> Strategy[str]:
    """
    A person's name: a plausible one, or any non-blank text.

    Requires the hypothesis package to be installed.
    """
    plausible = st.builds("{} {}".format, st.sampled_from(_FIRST), st.sampled_from(_LAST))
    return plausible | st.text(min_size=1, max_size=20).filter(str.strip)


def identifiers() -> Strategy[str]:
    """
    An opaque, non-empty identifier (of a plan, a student or a goal).

    Requires the hypothesis package to be installed.
    """
    readable = st.builds(
        "{}-{}".format,
        st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=4),
        st.integers(min_value=0, max_value=999_999),
    )
    return readable | st.text(min_size=1, max_size=12)


def roles() -> Strategy[tuple[Role, ...]]:
    """
    The roles of one team member: one to three different roles, so often several.

    Requires the hypothesis package to be installed.
    """
    return st.lists(st.sampled_from(Role), min_size=1, max_size=3, unique=True).map(tuple)


# --- the student and the team -----------------------------------------------------------------


def students(
    *,
    ids: Strategy[str] | None = None,
    names: Strategy[str | None] | None = None,
    dates_of_birth: Strategy[dt.date] | None = None,
    grades: Strategy[str | None] | None = None,
    disabilities: Strategy[tuple[DisabilityCategory, ...]] | None = None,
    from_part_c: Strategy[bool] | None = None,
) -> Strategy[Student]:
    """
    Valid `iepmodel.Student` objects.

    Requires the hypothesis package to be installed.

    Args:
        ids: the student's id (default `identifiers`).
        names: the name, or `None` (default: absent, or `person_names`).
        dates_of_birth: the date of birth (default `dates`).
        grades: the grade, or `None` (default: absent, or any of `iepmodel.GRADES`).
        disabilities: the disability categories (default: none to three, no repeats).
        from_part_c: whether the child came from Part C (default: either).
    """
    return st.builds(
        Student,
        id=_or(ids, identifiers),
        name=_or(names, lambda: _optional(person_names())),
        date_of_birth=_or(dates_of_birth, dates),
        grade=_or(grades, lambda: _optional(st.sampled_from(sorted(GRADES)))),
        disabilities=_or(
            disabilities,
            lambda: st.lists(st.sampled_from(DisabilityCategory), max_size=3, unique=True).map(
                tuple
            ),
        ),
        english_learner=st.booleans(),
        primary_language=st.sampled_from(_LANGUAGES),
        from_part_c=_or(from_part_c, st.booleans),
    )


def excusals(*, dates: Strategy[dt.date] | None = None) -> Strategy[Excusal]:
    """
    Valid `iepmodel.Excusal` objects, with and without written agreement and input.

    Requires the hypothesis package to be installed.

    Args:
        dates: the agreement's and the input's dates (default `dates`).
    """
    days = _or(dates, _dates)
    return st.builds(
        Excusal,
        area_discussed=st.booleans(),
        written_agreement_date=_optional(days),
        written_input_date=_optional(days),
    )


def _participant(*, attendance: Attendance, excusal: Excusal | None, **fields: Any) -> Participant:
    # format.md, "Invariants": an excusal only with attendance `excused`.
    kept = excusal if attendance is Attendance.EXCUSED else None
    return Participant(attendance=attendance, excusal=kept, **fields)


def participants(
    *,
    names: Strategy[str] | None = None,
    roles: Strategy[tuple[Role, ...]] | None = None,
    attendances: Strategy[Attendance] | None = None,
    dates: Strategy[dt.date] | None = None,
) -> Strategy[Participant]:
    """
    Valid `iepmodel.Participant` objects; an excusal only with attendance ``excused``.

    Requires the hypothesis package to be installed.

    Args:
        names: the person's name (default `person_names`).
        roles: the roles held (default `roles`: one to three, so often several).
        attendances: present, absent or excused (default: any).
        dates: the excusal's and the consent's dates (default `dates`).
    """
    days = _or(dates, _dates)
    return st.builds(
        _participant,
        name=_or(names, person_names),
        roles=_or(roles, _roles),
        attendance=_or(attendances, lambda: st.sampled_from(Attendance)),
        mode=st.sampled_from(ParticipationMode),
        excusal=_optional(excusals(dates=days)),
        consent_date=_optional(days),
        staff_id=_optional(identifiers()),
    )


_roles = roles


def contact_attempts(
    *, dates: Strategy[dt.date] | None = None, texts: Strategy[str] | None = None
) -> Strategy[ContactAttempt]:
    """
    Valid `iepmodel.ContactAttempt` objects.

    Requires the hypothesis package to be installed.

    Args:
        dates: the day of the attempt (default `dates`).
        texts: the outcome (default `free_texts`).
    """
    return st.builds(
        ContactAttempt,
        date=_or(dates, _dates),
        method=st.sampled_from(ContactMethod),
        outcome=_optional(_or(texts, free_texts)),
    )


def meetings(
    *,
    meeting_dates: Strategy[dt.date] | None = None,
    dates: Strategy[dt.date] | None = None,
    team: Strategy[tuple[Participant, ...]] | None = None,
    names: Strategy[str] | None = None,
    texts: Strategy[str] | None = None,
) -> Strategy[Meeting]:
    """
    Valid `iepmodel.Meeting` objects: any team, excusals, contact attempts, purposes.

    Requires the hypothesis package to be installed.

    Args:
        meeting_dates: the day of the meeting (default `dates`).
        dates: the other dates: notice, attempts, excusals, consents (default `dates`).
        team: the participants (default: none to six, drawn by `participants`).
        names: the participants' names, when *team* is not given.
        texts: the contact attempts' outcomes.
    """
    days = _or(dates, _dates)
    return st.builds(
        Meeting,
        date=_or(meeting_dates, _dates),
        purposes=st.lists(st.sampled_from(MeetingPurpose), max_size=3, unique=True).map(tuple),
        notice_date=_optional(days),
        participants=_or(team, lambda: _tuples(participants(names=names, dates=days), max_size=6)),
        parent_contact_attempts=_tuples(contact_attempts(dates=days, texts=texts)),
        considers_regular_class=st.booleans(),
        part_c_coordinator_requested=st.booleans(),
    )


# --- evaluations and content ----------------------------------------------------------------


def _evaluation(
    *, exception: EvaluationException | None, agreed_completion_date: dt.date | None, **fields: Any
) -> Evaluation:
    # An agreed completion date belongs with a transfer (34 CFR 300.301(e)).
    agreed = (
        agreed_completion_date
        if exception is EvaluationException.TRANSFERRED_WITH_AGREED_DATE
        else None
    )
    return Evaluation(exception=exception, agreed_completion_date=agreed, **fields)


def evaluations(*, dates: Strategy[dt.date] | None = None) -> Strategy[Evaluation]:
    """
    Valid `iepmodel.Evaluation` objects: pending or completed, with or without exceptions.

    The dates are drawn independently, so they come in every order.

    Requires the hypothesis package to be installed.

    Args:
        dates: the consent, completion, eligibility and agreed dates (default `dates`).
    """
    days = _or(dates, _dates)
    return st.builds(
        _evaluation,
        kind=st.sampled_from(EvaluationKind),
        consent_date=_optional(days),
        completed_date=_optional(days),
        eligibility_date=_optional(days),
        early_by_agreement=st.booleans(),
        exception=_optional(st.sampled_from(EvaluationException)),
        agreed_completion_date=_optional(days),
        idea_part=_optional(st.sampled_from(IdeaPart)),
        eligibility_outcome=_optional(st.sampled_from(EligibilityOutcome)),
        eligibility_delay_reason=_optional(st.sampled_from(EligibilityDelayReason)),
        consent_signed_date=_optional(days),
    )


def present_levels(*, texts: Strategy[str] | None = None) -> Strategy[PresentLevel]:
    """
    Valid `iepmodel.PresentLevel` objects.

    Requires the hypothesis package to be installed.

    Args:
        texts: the strengths, needs, baseline and impact (default `free_texts`).
    """
    text = _or(texts, free_texts)
    return st.builds(
        PresentLevel,
        area=st.sampled_from(GoalArea),
        strengths=text,
        needs=text,
        baseline=_optional(text),
        impact=_optional(text),
    )


def objectives(
    *, texts: Strategy[str] | None = None, dates: Strategy[dt.date] | None = None
) -> Strategy[Objective]:
    """
    Valid `iepmodel.Objective` objects.

    Requires the hypothesis package to be installed.

    Args:
        texts: the statement and the criterion (default `free_texts`).
        dates: the target date (default `dates`).
    """
    text = _or(texts, free_texts)
    return st.builds(
        Objective,
        statement=text,
        criterion=_optional(text),
        target_date=_optional(_or(dates, _dates)),
    )


def progress_entries(
    *, texts: Strategy[str] | None = None, dates: Strategy[dt.date] | None = None
) -> Strategy[ProgressEntry]:
    """
    Valid `iepmodel.ProgressEntry` objects.

    Requires the hypothesis package to be installed.

    Args:
        texts: the note (default `free_texts`).
        dates: the day of the report (default `dates`).
    """
    return st.builds(
        ProgressEntry,
        date=_or(dates, _dates),
        status=st.sampled_from(ProgressStatus),
        note=_optional(_or(texts, free_texts)),
    )


def goals(
    *,
    ids: Strategy[str | None] | None = None,
    texts: Strategy[str] | None = None,
    dates: Strategy[dt.date] | None = None,
    measurable: bool = False,
    min_objectives: int = 0,
) -> Strategy[Goal]:
    """
    Valid `iepmodel.Goal` objects, with objectives and progress reports.

    Requires the hypothesis package to be installed.

    Args:
        ids: the goal's id, or `None` (default: absent, or `identifiers`).
        texts: the statement, baseline, criterion and measurement (default `free_texts`).
        dates: the objectives' and the progress reports' dates (default `dates`).
        measurable: always draw a criterion and a measurement (default: either may be
            absent).
        min_objectives: the fewest short-term objectives a goal has.
    """
    text = _or(texts, free_texts)
    maybe = text if measurable else _optional(text)
    return st.builds(
        Goal,
        id=_or(ids, lambda: _optional(identifiers())),
        area=st.sampled_from(GoalArea),
        statement=text,
        baseline=_optional(text),
        criterion=maybe,
        measurement=maybe,
        objectives=_tuples(
            objectives(texts=text, dates=dates),
            min_size=min_objectives,
            max_size=max(3, min_objectives),
        ),
        progress=_tuples(progress_entries(texts=text, dates=dates)),
        type=_optional(st.sampled_from(GoalType)),
        period=_optional(goal_periods(dates=dates)),
    )


def _goal_period(first: dt.date, second: dt.date, open_ended: bool) -> GoalPeriod:
    start, end = min(first, second), max(first, second)
    return GoalPeriod(start_date=start, end_date=None if open_ended else end)


def goal_periods(*, dates: Strategy[dt.date] | None = None) -> Strategy[GoalPeriod]:
    """
    Valid `iepmodel.GoalPeriod` objects (format v2): an end on or after the start, or none.

    Requires the hypothesis package to be installed.

    Args:
        dates: the start and end dates (default `dates`).
    """
    days = _or(dates, _dates)
    return st.builds(_goal_period, days, days, st.booleans())


def education_organizations() -> Strategy[EducationOrganization]:
    """
    Valid `iepmodel.EducationOrganization` objects (format v2).

    Requires the hypothesis package to be installed.
    """
    numeric = st.integers(min_value=1, max_value=2**40).map(str)
    return st.builds(
        EducationOrganization,
        id=numeric | identifiers(),
        name=_optional(_labels(("Maple Valley Schools", "Riverside ISD", "County Cooperative"))),
    )


def program_participations(
    *, dates: Strategy[dt.date] | None = None
) -> Strategy[ProgramParticipation]:
    """
    Valid `iepmodel.ProgramParticipation` objects (format v2), the dates in any order.

    Real records end a participation after the exit date or give a reason without a
    date; the format keeps them, so the strategy draws them too.

    Requires the hypothesis package to be installed.

    Args:
        dates: the start, end and exit dates (default `dates`).
    """
    days = _or(dates, _dates)
    return st.builds(
        ProgramParticipation,
        start_date=days,
        end_date=_optional(days),
        exit_date=_optional(days),
        exit_reason=_optional(st.sampled_from(ExitReason)),
    )


def _json_values() -> Strategy[Any]:
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**63), max_value=2**63 - 1)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=12)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )


def extensions() -> Strategy[dict[str, Any]]:
    """
    Valid ``IEP.extensions`` (format v2): namespaced JSON values of every JSON type.

    Requires the hypothesis package to be installed.
    """
    namespaces = st.sampled_from(("ed-fi", "my-district", "org.example")) | st.from_regex(
        NAMESPACE_PATTERN.replace("{0,63}", "{0,10}"), fullmatch=True
    )
    return st.dictionaries(namespaces, _json_values(), min_size=1, max_size=3)


def _labels(common: tuple[str, ...]) -> Strategy[str]:
    """A short label (a room, a title, an agency): a common one, or any non-blank text."""
    return st.sampled_from(common) | st.text(min_size=1, max_size=20).filter(str.strip)


def progress_reportings(
    *, methods: Strategy[str | None] | None = None
) -> Strategy[ProgressReporting]:
    """
    Valid `iepmodel.ProgressReporting` objects.

    Requires the hypothesis package to be installed.

    Args:
        methods: how reports are made, or `None` (default: absent, or a label such as
            ``written report with report card``).
    """
    return st.builds(
        ProgressReporting,
        frequency=st.sampled_from(_FREQUENCIES),
        method=_or(methods, lambda: _optional(_labels(_METHODS))),
    )


def accommodations(
    *,
    texts: Strategy[str] | None = None,
    contexts: Strategy[tuple[AccommodationContext, ...]] | None = None,
) -> Strategy[Accommodation]:
    """
    Valid `iepmodel.Accommodation` objects, in one or more contexts.

    Requires the hypothesis package to be installed.

    Args:
        texts: the description (default `free_texts`).
        contexts: where it applies (default: one to three contexts).
    """
    return st.builds(
        Accommodation,
        description=_or(texts, free_texts),
        category=st.sampled_from(AccommodationCategory),
        contexts=_or(
            contexts,
            lambda: st.lists(
                st.sampled_from(AccommodationContext), min_size=1, max_size=3, unique=True
            ).map(tuple),
        ),
    )


def modifications(*, texts: Strategy[str] | None = None) -> Strategy[Modification]:
    """
    Valid `iepmodel.Modification` objects.

    Requires the hypothesis package to be installed.

    Args:
        texts: the description (default `free_texts`).
    """
    return st.builds(
        Modification,
        description=_or(texts, free_texts),
        subjects=st.lists(st.sampled_from(_SUBJECTS), max_size=3, unique=True).map(tuple),
    )


def _service(*, start_date: dt.date, length: int | None, **fields: Any) -> Service:
    end = None if length is None else _days(start_date, length)
    return Service(start_date=start_date, end_date=end, **fields)


def services(
    *,
    start_dates: Strategy[dt.date] | None = None,
    texts: Strategy[str] | None = None,
    locations: Strategy[str | None] | None = None,
) -> Strategy[Service]:
    """
    Valid `iepmodel.Service` objects of every type, category, setting and frequency.

    The end date, when there is one, is on or after the start date. The category is
    absent (derived from the type) or any category.

    Requires the hypothesis package to be installed.

    Args:
        start_dates: the projected start (default `dates`).
        texts: the description (default `free_texts`).
        locations: the location, or `None` (default: absent, or a room).
    """
    return st.builds(
        _service,
        type=st.sampled_from(ServiceType),
        category=_optional(st.sampled_from(ServiceCategory)),
        description=_optional(_or(texts, free_texts)),
        provider=_optional(_labels(_PROVIDERS)),
        setting=st.sampled_from(ServiceSetting),
        group=st.sampled_from(GroupSize),
        delivery=st.sampled_from(Delivery),
        location=_or(locations, lambda: _optional(_labels(_ROOMS))),
        minutes=st.integers(min_value=1, max_value=600)
        | st.integers(min_value=1, max_value=10**6),
        sessions=st.integers(min_value=1, max_value=20),
        per=st.sampled_from(Period),
        start_date=_or(start_dates, _dates),
        length=_optional(st.integers(min_value=0, max_value=400)),
        provider_staff_ids=_tuples(identifiers(), max_size=2),
    )


def placements(
    *,
    texts: Strategy[str] | None = None,
    regular_class_percents: Strategy[float] | None = None,
    explained: bool = False,
) -> Strategy[Placement]:
    """
    Valid `iepmodel.Placement` objects: 0 to 100 % in the regular class, any facility.

    Requires the hypothesis package to be installed.

    Args:
        texts: the explanation of non-participation (default `free_texts`).
        regular_class_percents: the share of the day in the regular class (default:
            0 to 100, the round shares often).
        explained: always draw the explanation below 100 % (default: it may be absent).
    """
    percents = st.sampled_from((0.0, 40.0, 79.5, 80.0, 100.0)) | st.floats(
        min_value=0, max_value=100, allow_nan=False
    )
    text = _or(texts, free_texts)
    return st.builds(
        _placement,
        regular_class_percent=_or(regular_class_percents, lambda: percents),
        nonparticipation_explanation=_optional(text),
        explanation=text if explained else st.none(),
        facility=st.sampled_from(Facility),
        early_childhood_program_hours=_optional(
            st.floats(min_value=0, max_value=40, allow_nan=False)
        ),
        services_in_early_childhood_program=_optional(st.booleans()),
    )


def _placement(
    *, nonparticipation_explanation: str | None, explanation: str | None, **fields: Any
) -> Placement:
    if explanation is not None and fields["regular_class_percent"] < 100:
        nonparticipation_explanation = nonparticipation_explanation or explanation
    return Placement(nonparticipation_explanation=nonparticipation_explanation, **fields)


def assessment_participations(
    *, texts: Strategy[str] | None = None, justified: bool = False
) -> Strategy[AssessmentParticipation]:
    """
    Valid `iepmodel.AssessmentParticipation` objects.

    Requires the hypothesis package to be installed.

    Args:
        texts: the justification of an alternate assessment (default `free_texts`).
        justified: always draw the justification (default: it may be absent).
    """
    text = _or(texts, free_texts)
    return st.builds(
        AssessmentParticipation,
        mode=st.sampled_from(AssessmentMode),
        alternate_justification=text if justified else _optional(text),
    )


def postsecondary_goals(
    *,
    texts: Strategy[str] | None = None,
    domains: Strategy[TransitionDomain] | None = None,
) -> Strategy[PostsecondaryGoal]:
    """
    Valid `iepmodel.PostsecondaryGoal` objects.

    Requires the hypothesis package to be installed.

    Args:
        texts: the statement (default `free_texts`).
        domains: the domain (default: any).
    """
    return st.builds(
        PostsecondaryGoal,
        domain=_or(domains, lambda: st.sampled_from(TransitionDomain)),
        statement=_or(texts, free_texts),
    )


def transition_services(*, texts: Strategy[str] | None = None) -> Strategy[TransitionService]:
    """
    Valid `iepmodel.TransitionService` objects.

    Requires the hypothesis package to be installed.

    Args:
        texts: the description (default `free_texts`).
    """
    return st.builds(
        TransitionService,
        description=_or(texts, free_texts),
        domain=_optional(st.sampled_from(TransitionDomain)),
        agency=_optional(_labels(_AGENCIES)),
    )


def _in_domain_order(
    first: tuple[PostsecondaryGoal, ...],
    more: tuple[PostsecondaryGoal, ...],
    order: list[TransitionDomain],
) -> tuple[PostsecondaryGoal, ...]:
    return tuple(sorted((*first, *more), key=lambda goal: order.index(goal.domain)))


def transition_plans(
    *, texts: Strategy[str] | None = None, complete: bool = False
) -> Strategy[TransitionPlan]:
    """
    Valid `iepmodel.TransitionPlan` objects.

    Requires the hypothesis package to be installed.

    Args:
        texts: the goals', assessments', services' and course of study's text (default
            `free_texts`).
        complete: always draw what 34 CFR 300.320(b) asks for: postsecondary goals for
            education or training and for employment, an assessment, a service and a
            course of study (default: any part may be missing).
    """
    text = _or(texts, free_texts)
    if not complete:
        return st.builds(
            TransitionPlan,
            postsecondary_goals=_tuples(postsecondary_goals(texts=text)),
            assessments=_tuples(text),
            services=_tuples(transition_services(texts=text)),
            course_of_study=_optional(text),
        )
    required = st.tuples(
        postsecondary_goals(texts=text, domains=st.just(TransitionDomain.EDUCATION_TRAINING)),
        postsecondary_goals(texts=text, domains=st.just(TransitionDomain.EMPLOYMENT)),
    )
    goals_ = st.builds(
        _in_domain_order,
        required,
        _tuples(postsecondary_goals(texts=text), max_size=2),
        st.permutations(list(TransitionDomain)),
    )
    return st.builds(
        TransitionPlan,
        postsecondary_goals=goals_,
        assessments=_tuples(text, min_size=1),
        services=_tuples(transition_services(texts=text), min_size=1),
        course_of_study=text,
    )


# --- calendars ---------------------------------------------------------------------------------


def _date_range(first: dt.date, second: dt.date) -> DateRange:
    return DateRange(start=min(first, second), end=max(first, second))


def date_ranges(*, dates: Strategy[dt.date] | None = None) -> Strategy[DateRange]:
    """
    Valid `iepmodel.DateRange` objects (one day or more).

    Requires the hypothesis package to be installed.

    Args:
        dates: the days the two ends are drawn from (default `dates`).
    """
    days = _or(dates, _dates)
    return st.builds(_date_range, days, days)


@st.composite
def _school_calendars(draw: st.DrawFn, first_days: Strategy[dt.date]) -> SchoolCalendar:
    first = draw(first_days)
    lengths = draw(st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=3))
    terms: list[DateRange] = []
    start = first
    for length in lengths:
        end = _days(start, length)
        terms.append(DateRange(start=start, end=end))
        start = _days(end, draw(st.integers(min_value=1, max_value=20)))
    inside = _dates(min_value=first, max_value=terms[-1].end)
    closed = draw(_tuples(inside | date_ranges(dates=inside), max_size=8))
    name = draw(st.sampled_from(("District 7 2024-25", "Example district")) | free_texts())
    return SchoolCalendar(name=name, terms=tuple(terms), closed=closed)


def _mid_august_plus(year: int, days: int) -> dt.date:
    return dt.date(year, 8, 15) + dt.timedelta(days=days)


def school_calendars(*, first_days: Strategy[dt.date] | None = None) -> Strategy[SchoolCalendar]:
    """
    Valid `iepmodel.SchoolCalendar` objects: one to three terms in order, closed days.

    Closed days are single days and ranges inside the school year.

    Requires the hypothesis package to be installed.

    Args:
        first_days: the first day of the school year (default: mid August to mid
            September, 2000 to 2050).
    """
    default = st.builds(
        _mid_august_plus,
        st.integers(min_value=2000, max_value=2050),
        st.integers(min_value=0, max_value=30),
    )
    return _school_calendars(_or(first_days, lambda: default))


# --- whole plans -------------------------------------------------------------------------------


@st.composite
def _dates_of_birth(draw: st.DrawFn, start: dt.date, age: int) -> dt.date:
    """A date of birth of a child who is *age* on *start*; Feb 29 whenever one fits."""
    leap = [
        dt.date(year, 2, 29)
        for year in (start.year - age - 1, start.year - age)
        if calendar.isleap(year) and age_on(dt.date(year, 2, 29), start) == age
    ]
    latest = birthday(start, -age)
    earliest = _days(birthday(start, -age - 1), 1)
    choices: Strategy[dt.date] = st.dates(min_value=earliest, max_value=latest)
    if leap:
        choices = st.sampled_from(leap) | choices
    born = draw(choices)
    return born if age_on(born, start) == age else latest


def _unique_ids(goals_: list[Goal]) -> tuple[Goal, ...]:
    # format.md, "Invariants": goal ids are unique in a plan; a repeated id is dropped.
    seen: set[str] = set()
    result: list[Goal] = []
    for goal in goals_:
        if goal.id is not None and goal.id in seen:
            goal = attrs.evolve(goal, id=None)  # noqa: PLW2901
        if goal.id is not None:
            seen.add(goal.id)
        result.append(goal)
    return tuple(result)


@attrs.frozen
class _Parts:
    """The strategies of a plan's parts that do not depend on its dates, built once."""

    kinds: Strategy[PlanKind]
    statuses: Strategy[PlanStatus]
    jurisdictions: Strategy[str | None]
    ages: Strategy[int]
    anchors: Strategy[dt.date]
    names: Strategy[str] | None
    text: Strategy[str]
    student: Strategy[Student]
    present_levels: Strategy[tuple[PresentLevel, ...]]
    progress_reporting: Strategy[ProgressReporting | None]
    accommodations: Strategy[tuple[Accommodation, ...]]
    modifications: Strategy[tuple[Modification, ...]]
    placement: Strategy[Placement | None]
    assessment: Strategy[AssessmentParticipation | None]
    transition: Strategy[TransitionPlan | None]


@st.composite
def _plans(draw: st.DrawFn, parts: _Parts) -> IEP:
    kind = draw(parts.kinds)
    anchor = draw(parts.anchors)
    # An amendment is often made without a meeting (34 CFR 300.324(a)(4)); other plans
    # have one nine times in ten.
    if kind is PlanKind.AMENDMENT:
        has_meeting = draw(st.booleans())
    else:
        has_meeting = draw(st.integers(min_value=0, max_value=9)) > 0
    lag = draw(st.just(0) | st.integers(min_value=0, max_value=60)) if has_meeting else 0
    start = _days(anchor, lag)
    end = _days(start, draw(st.sampled_from((364, 365)) | st.integers(min_value=0, max_value=400)))
    age = draw(parts.ages)
    born = draw(_dates_of_birth(start, age))
    # Every other date of the plan comes after the date of birth.
    window = _dates(min_value=max(_days(born, 1), birthday(start, -5)), max_value=birthday(end, 1))
    text = parts.text
    return IEP(
        id=draw(identifiers()),
        jurisdiction=draw(parts.jurisdictions),
        kind=kind,
        status=draw(parts.statuses),
        amends=draw(_optional(identifiers())) if kind is PlanKind.AMENDMENT else None,
        student=attrs.evolve(draw(parts.student), date_of_birth=born),
        meeting=(
            draw(
                meetings(
                    meeting_dates=st.just(anchor), dates=window, names=parts.names, texts=text
                )
            )
            if has_meeting
            else None
        ),
        start_date=start,
        end_date=end,
        parent_consent_date=draw(_optional(window)),
        evaluations=draw(_tuples(evaluations(dates=window))),
        reevaluation_waiver_date=draw(_optional(window)),
        present_levels=draw(parts.present_levels),
        goals=_unique_ids(draw(st.lists(goals(texts=text, dates=window), max_size=4))),
        progress_reporting=draw(parts.progress_reporting),
        accommodations=draw(parts.accommodations),
        modifications=draw(parts.modifications),
        services=draw(_tuples(services(start_dates=window, texts=text), max_size=4)),
        placement=draw(parts.placement),
        assessment=draw(parts.assessment),
        transition=draw(parts.transition),
        rights_transfer_notice_date=draw(_optional(window)),
        amendment_agreement_date=(draw(_optional(window)) if kind is PlanKind.AMENDMENT else None),
        **draw(_version_2_fields(window)),
    )


def _version_2_fields(window: Strategy[dt.date]) -> Strategy[dict[str, Any]]:
    """The plan-level fields of format v2, each present or absent."""
    hours = st.floats(min_value=0, max_value=168, allow_nan=False)
    return st.fixed_dictionaries(
        {},
        optional={
            "responsible_organization": education_organizations(),
            "program_participation": program_participations(dates=window),
            "finalized_date": window,
            "medically_fragile": st.booleans(),
            "extended_school_year": st.booleans(),
            "school_hours_per_week": hours,
            "shortened_school_day": st.booleans(),
            "hours_reduced_per_week": hours,
            "extensions": extensions(),
        },
    )


def plans(
    *,
    kinds: Strategy[PlanKind] | None = None,
    statuses: Strategy[PlanStatus] | None = None,
    jurisdictions: Strategy[str | None] | None = None,
    ages: Strategy[int] | None = None,
    anchor_dates: Strategy[dt.date] | None = None,
    names: Strategy[str] | None = None,
    texts: Strategy[str] | None = None,
) -> Strategy[IEP]:
    """
    Whole, valid plans (`iepmodel.IEP`), as varied as the format allows.

    Every `PlanKind` and `PlanStatus` and every value of every enumeration; optional
    parts present and absent (an amendment often without a meeting); students aged 3 to
    21 on the start date, often born on Feb 29; meetings often on Feb 29; several roles
    on one person; excusals only with attendance ``excused``; unique goal ids. The dates
    of the plan's parts (evaluations, services, notices …) fall after the date of birth
    and around the plan's span, in any order.

    The plans meet the format's invariants, not the rules: a drawn plan is a valid
    document that `iepmodel.check` may find much wrong with. Use `compliant_plans` for
    plans it finds nothing wrong with.

    Requires the hypothesis package to be installed.

    Args:
        kinds: the plan's kind (default: any).
        statuses: draft or final (default: either).
        jurisdictions: the profile code, or `None` (default: absent, or any shipped
            profile's code).
        ages: the student's age on the start date (default: 3 to 21).
        anchor_dates: the meeting's day, or the start date of a plan without a meeting
            (default: `dates` from 2000 to 2045).
        names: every person's name, the student's included (default `person_names`).
        texts: every free text about the child: statements, needs, notes, descriptions
            (default `free_texts`). Short labels (a service's location or provider, an
            agency, a reporting method, subjects) are drawn apart: the model shows them
            in `repr`, and hides the free text.
    """
    text = _or(texts, free_texts)
    student_names = _optional(names) if names is not None else None
    parts = _Parts(
        kinds=_or(kinds, lambda: st.sampled_from(PlanKind)),
        statuses=_or(statuses, lambda: st.sampled_from(PlanStatus)),
        jurisdictions=_or(
            jurisdictions, lambda: _optional(st.sampled_from(available_jurisdictions()))
        ),
        ages=_or(ages, lambda: st.integers(min_value=3, max_value=21)),
        anchors=_or(
            anchor_dates, lambda: _dates(min_value=_PLAN_DATES[0], max_value=_PLAN_DATES[1])
        ),
        names=names,
        text=text,
        student=students(names=student_names, dates_of_birth=st.just(_PLAN_DATES[0])),
        present_levels=_tuples(present_levels(texts=text)),
        progress_reporting=_optional(progress_reportings()),
        accommodations=_tuples(accommodations(texts=text)),
        modifications=_tuples(modifications(texts=text)),
        placement=_optional(placements(texts=text)),
        assessment=_optional(assessment_participations(texts=text)),
        transition=_optional(transition_plans(texts=text)),
    )
    return _plans(parts)


# --- compliant plans ---------------------------------------------------------------------------


_PURPOSE_OF_KIND: dict[PlanKind, tuple[MeetingPurpose, ...]] = {
    PlanKind.INITIAL: (MeetingPurpose.INITIAL,),
    PlanKind.ANNUAL: (MeetingPurpose.ANNUAL_REVIEW,),
    PlanKind.REEVALUATION: (MeetingPurpose.REEVALUATION,),
    PlanKind.AMENDMENT: (MeetingPurpose.AMENDMENT,),
    PlanKind.INTERIM: (MeetingPurpose.OTHER,),
}

# The members of 34 CFR 300.321(a)(2)-(5) whom the school brings; one person may hold
# several of these roles (but not both teacher roles, T110).
_STAFF_EXTRAS = (Role.LEA_REPRESENTATIVE, Role.EVALUATION_INTERPRETER)


@attrs.frozen
class _CompliantParts:
    """What `compliant_plans` draws from, built once."""

    profile: Profile
    as_of: dt.date
    kinds: Strategy[PlanKind]
    statuses: Strategy[PlanStatus]
    names: Strategy[str]
    text: Strategy[str]
    student: Strategy[Student]
    present_levels: Strategy[tuple[PresentLevel, ...]]
    progress_reporting: Strategy[ProgressReporting]
    modifications: Strategy[tuple[Modification, ...]]
    placement: Strategy[Placement]
    assessment: Strategy[AssessmentParticipation | None]
    transition: Strategy[TransitionPlan]


def _between(first: dt.date, last: dt.date) -> Strategy[dt.date]:
    """`dates` from *first* to *last*; just *last* when the two are out of order."""
    return _dates(min_value=first, max_value=last) if first <= last else st.just(last)


@st.composite
def _compliant_evaluations(
    draw: st.DrawFn,
    parts: _CompliantParts,
    *,
    kind: PlanKind,
    meeting: dt.date,
    born: dt.date,
    disabilities: tuple[DisabilityCategory, ...],
) -> tuple[tuple[Evaluation, ...], dt.date | None]:
    profile, as_of = parts.profile, parts.as_of
    # 34 CFR 300.301(c)(1): the initial evaluation within the profile's days of consent.
    # Counted in calendar days here: N school days (or N days less breaks) are never
    # fewer than N calendar days, so this is on time under every counting.
    evaluation_days = min(profile.initial_evaluation_days, 30)
    # 34 CFR 300.303(b)(2): a reevaluation at least every `years` years; the due date is
    # at least 365 * years - 1 days after the last one. Keep it more than warn_days
    # after "as of" (no D204, no D205 warning).
    years = min(profile.reevaluation_years_for(category) for category in disabilities)
    recent = _days(as_of, -(365 * years - 3 - profile.warn_days))

    if kind is PlanKind.INITIAL:
        # 34 CFR 300.323(c)(1): the meeting within 30 days of the eligibility
        # determination (the profile's days; school days are never fewer).
        meeting_days = min(profile.initial_iep_meeting_days, 30)
        eligibility = _days(meeting, -draw(st.integers(min_value=0, max_value=meeting_days)))
        completed = _days(eligibility, -draw(st.integers(min_value=0, max_value=10)))
        exception = draw(
            st.sampled_from((None, None, *EvaluationException))  # no exception, often
        )
        # With a 300.301(d) exception the clock stops or moves to the agreed date.
        gap = evaluation_days if exception is None else 120
        consent = max(
            _days(completed, -draw(st.integers(min_value=0, max_value=gap))), _days(born, 1)
        )
        if exception is None and profile.initial_evaluation_end_event is _BY_IEP_MEETING:
            # Cal. Educ. Code 56344(a): the initial IEP meeting is due within the days too.
            consent = max(consent, _days(meeting, -evaluation_days))
            completed = max(completed, consent)
            eligibility = max(eligibility, completed)
        agreed = (
            _days(completed, draw(st.integers(min_value=0, max_value=30)))
            if exception is EvaluationException.TRANSFERRED_WITH_AGREED_DATE
            else None
        )
        initial = Evaluation(
            kind=EvaluationKind.INITIAL,
            consent_date=consent,
            completed_date=completed,
            eligibility_date=eligibility,
            exception=exception,
            agreed_completion_date=agreed,
        )
        return (initial,), None

    if kind is PlanKind.REEVALUATION:
        last = draw(_between(max(recent, _days(meeting, -60)), meeting))
    else:
        last = draw(_between(max(recent, _days(born, 400)), meeting))
    both = kind is PlanKind.REEVALUATION or draw(st.booleans())
    if not both:
        consent = max(
            _days(last, -draw(st.integers(min_value=0, max_value=evaluation_days))),
            _days(born, 1),
        )
        only = Evaluation(
            kind=EvaluationKind.INITIAL,
            consent_date=consent,
            completed_date=last,
            eligibility_date=min(
                _days(last, draw(st.integers(min_value=0, max_value=10))), meeting
            ),
        )
        history: tuple[Evaluation, ...] = (only,)
    else:
        reconsent = max(
            _days(last, -draw(st.integers(min_value=0, max_value=60))), _days(born, 32)
        )
        # 34 CFR 300.303(b)(1): not more than once a year unless parent and agency agree.
        min_gap = 366 * profile.reevaluation_min_years
        early = draw(st.integers(min_value=0, max_value=4)) == 0
        latest_first = _days(reconsent, -min_gap)
        if latest_first < _days(born, 31):
            early, latest_first = True, reconsent
        first_done = draw(_between(_days(born, 31), latest_first))
        first_consent = max(
            _days(first_done, -draw(st.integers(min_value=0, max_value=evaluation_days))),
            _days(born, 1),
        )
        history = (
            Evaluation(
                kind=EvaluationKind.INITIAL,
                consent_date=first_consent,
                completed_date=first_done,
                eligibility_date=first_done,
            ),
            Evaluation(
                kind=EvaluationKind.REEVALUATION,
                consent_date=reconsent,
                completed_date=last,
                early_by_agreement=early,
            ),
        )
    # A written agreement that a reevaluation is unnecessary, after the last one, only
    # moves the next one later.
    waiver = draw(_optional(_between(last, meeting)))
    return history, waiver


@st.composite
def _staff(draw: st.DrawFn, parts: _CompliantParts, meeting: dt.date) -> list[Participant]:
    """The school's members of the team, covering 34 CFR 300.321(a)(2)-(5)."""
    profile = parts.profile
    special_roles = draw(
        st.sampled_from(
            (
                (Role.SPECIAL_EDUCATION_TEACHER,),
                (Role.SPECIAL_EDUCATION_PROVIDER,),
                (Role.SPECIAL_EDUCATION_TEACHER, Role.SPECIAL_EDUCATION_PROVIDER),
            )
        )
    )
    teams: list[tuple[Role, ...]] = [(Role.REGULAR_EDUCATION_TEACHER,), special_roles]
    for extra in _STAFF_EXTRAS:
        holder = draw(st.integers(min_value=0, max_value=len(teams)))
        if holder < len(teams):
            teams[holder] = (*teams[holder], extra)
        else:
            teams.append((extra,))
    if draw(st.booleans()):
        teams.append((Role.RELATED_SERVICE_PROVIDER,))
    lead = profile.excusal_input_lead_days
    members: list[Participant] = []
    for held in teams:
        may_excuse = not set(held) & profile.non_excusable_roles
        excused = may_excuse and draw(st.integers(min_value=0, max_value=4)) == 0
        excusal = None
        if excused:
            # 34 CFR 300.321(e): written agreement before the meeting; written input
            # (by the profile's lead time) when the member's area is discussed.
            discussed = draw(st.booleans())
            input_by = _days(meeting, -lead)
            excusal = Excusal(
                area_discussed=discussed,
                written_agreement_date=draw(_between(_days(meeting, -30), meeting)),
                written_input_date=(
                    draw(_between(_days(input_by, -20), input_by))
                    if discussed
                    else draw(_optional(_between(_days(input_by, -20), input_by)))
                ),
            )
        members.append(
            Participant(
                name=draw(parts.names),
                roles=held,
                attendance=Attendance.EXCUSED if excused else Attendance.PRESENT,
                mode=draw(st.sampled_from(ParticipationMode)),
                excusal=excusal,
            )
        )
    if profile.allow_dual_teacher_role and draw(st.integers(min_value=0, max_value=3)) == 0:
        # One person as both teachers, where the profile allows it.
        merged = (*members[0].roles, *members[1].roles)
        members[:2] = [
            attrs.evolve(members[1], roles=merged, attendance=Attendance.PRESENT, excusal=None)
        ]
    return members


@st.composite
def _compliant_meeting(
    draw: st.DrawFn,
    parts: _CompliantParts,
    kind: PlanKind,
    day: dt.date,
    *,
    student_invited: bool,
    transition: bool,
    part_c_coordinator: bool,
) -> Meeting:
    profile = parts.profile
    minimum = profile.meeting_notice_min_days
    notice: dt.date | None
    if minimum is not None:
        # D210: the notice at least the profile's days before the meeting.
        notice = _days(day, -(minimum + draw(st.integers(min_value=0, max_value=20))))
    else:
        notice = draw(_optional(_between(_days(day, -30), day)))
    invited_by = min(notice or day, day)

    members = draw(_staff(parts, day))
    attempts: tuple[ContactAttempt, ...] = ()
    parent_present = draw(st.integers(min_value=0, max_value=4)) > 0
    if not parent_present:
        # 34 CFR 300.322(d): without a parent, the documented attempts to arrange it.
        count = profile.parent_contact_attempts + draw(st.integers(min_value=0, max_value=2))
        attempts = tuple(
            draw(
                st.lists(
                    contact_attempts(dates=_between(_days(day, -60), day), texts=parts.text),
                    min_size=count,
                    max_size=count,
                )
            )
        )
    parents = draw(st.integers(min_value=1, max_value=2))
    for _ in range(parents):
        members.append(
            Participant(
                name=draw(parts.names),
                roles=(Role.PARENT,),
                attendance=Attendance.PRESENT if parent_present else Attendance.ABSENT,
                mode=draw(st.sampled_from(ParticipationMode)),
            )
        )
    if student_invited:
        # 34 CFR 300.321(b)(1): listing the student is the invitation; the student may
        # stay away, but may not be excused (T109).
        members.append(
            Participant(
                name=draw(parts.names),
                roles=(Role.STUDENT,),
                attendance=draw(st.sampled_from((Attendance.PRESENT, Attendance.ABSENT))),
                mode=draw(st.sampled_from(ParticipationMode)),
            )
        )
    if part_c_coordinator:
        # 34 CFR 300.321(f): invited at the parent's request.
        members.append(
            Participant(
                name=draw(parts.names),
                roles=(Role.PART_C_SERVICE_COORDINATOR,),
                attendance=draw(st.sampled_from((Attendance.PRESENT, Attendance.ABSENT))),
            )
        )
    if draw(st.booleans()):
        # 34 CFR 300.321(b)(3): an outside agency, with prior consent.
        members.append(
            Participant(
                name=draw(parts.names),
                roles=(Role.AGENCY_REPRESENTATIVE,),
                attendance=draw(st.sampled_from((Attendance.PRESENT, Attendance.ABSENT))),
                mode=draw(st.sampled_from(ParticipationMode)),
                consent_date=draw(_between(_days(invited_by, -30), invited_by)),
            )
        )
    for extra in (Role.LANGUAGE_INTERPRETER, Role.OTHER):
        if draw(st.integers(min_value=0, max_value=3)) == 0:
            members.append(
                Participant(
                    name=draw(parts.names),
                    roles=(extra,),
                    attendance=draw(st.sampled_from((Attendance.PRESENT, Attendance.ABSENT))),
                )
            )
    purposes = list(_PURPOSE_OF_KIND[kind])
    if transition and draw(st.booleans()):
        purposes.append(MeetingPurpose.TRANSITION)
    if kind in (PlanKind.REEVALUATION, PlanKind.AMENDMENT) and draw(st.booleans()):
        purposes.append(MeetingPurpose.ANNUAL_REVIEW)
    return Meeting(
        date=day,
        purposes=tuple(purposes),
        notice_date=notice,
        participants=tuple(draw(st.permutations(members))),
        parent_contact_attempts=attempts,
        considers_regular_class=draw(st.booleans()),
        part_c_coordinator_requested=part_c_coordinator,
    )


@st.composite
def _part_c_birth(draw: st.DrawFn, profile: Profile, start: dt.date) -> dt.date | None:
    """A date of birth whose third birthday is the start date (34 CFR 300.124(b)), if any."""
    candidates = [birthday(start, -3)]
    if calendar.isleap(start.year - 3):
        candidates.append(dt.date(start.year - 3, 2, 29))
    fitting = [
        born
        for born in candidates
        if age_on(born, start) == 3 and birthday(born, 3, leap=profile.leap_birthday) >= start
    ]
    return draw(st.sampled_from(fitting)) if fitting else None


@st.composite
def _compliant_plans(draw: st.DrawFn, parts: _CompliantParts) -> IEP:
    profile, as_of = parts.profile, parts.as_of
    kind = draw(parts.kinds)
    status = draw(parts.statuses)
    has_meeting = kind is not PlanKind.AMENDMENT or draw(st.booleans())
    # 34 CFR 300.324(b)(1): the next review is due a year after the meeting, at least
    # 364 days under every convention. A meeting on or after `recent` keeps that more
    # than warn_days after "as of": no D201, no D202 warning.
    recent = _days(as_of, -(363 - profile.warn_days))
    anchor = draw(_between(recent, max(as_of, recent)))
    lag = draw(st.just(0) | st.integers(min_value=0, max_value=14)) if has_meeting else 0
    start = _days(anchor, lag)
    # D203: the plan ends on or before the review is due.
    review_floor = _days(anchor, 364)
    end = draw(st.just(review_floor) | _between(start, review_floor))

    born: dt.date | None = None
    from_part_c = False
    if kind is PlanKind.INITIAL and draw(st.booleans()):
        # A child from Part C whose plan is in effect by the third birthday (D209).
        born = draw(_part_c_birth(profile, start))
        from_part_c = born is not None
    if born is None:
        born = draw(_dates_of_birth(start, draw(st.integers(min_value=3, max_value=21))))
        # D209 concerns initial plans only; other plans may be of a child from Part C.
        from_part_c = kind is not PlanKind.INITIAL and draw(st.booleans())
    age = age_on(born, start)
    leap = profile.leap_birthday
    transition_age = birthday(
        born, profile.transition_age_years, profile.transition_age_months, leap=leap
    )
    # C311 and C316: required when the plan runs to the age (or one year before majority).
    needs_transition = transition_age <= end
    needs_notice = birthday(born, profile.age_of_majority - 1, leap=leap) <= end
    with_transition = needs_transition or (age >= 12 and draw(st.booleans()))
    with_notice = needs_notice or (age >= 15 and draw(st.booleans()))

    student = attrs.evolve(draw(parts.student), date_of_birth=born, from_part_c=from_part_c)
    history, waiver = draw(
        _compliant_evaluations(
            parts, kind=kind, meeting=anchor, born=born, disabilities=student.disabilities
        )
    )
    meeting = None
    if has_meeting:
        coordinator = kind is PlanKind.INITIAL and from_part_c and draw(st.booleans())
        meeting = draw(
            _compliant_meeting(
                parts,
                kind,
                anchor,
                student_invited=with_transition or draw(st.booleans()),
                transition=with_transition,
                part_c_coordinator=coordinator,
            )
        )
    assessment = draw(parts.assessment)
    alternate = assessment is not None and assessment.mode is AssessmentMode.ALTERNATE
    with_accommodations = (
        assessment is not None and assessment.mode is AssessmentMode.REGULAR_WITH_ACCOMMODATIONS
    )
    window = _between(_days(born, 1), end)
    plan_goals = draw(
        st.lists(
            goals(texts=parts.text, dates=window, measurable=True, min_objectives=int(alternate)),
            min_size=1,
            max_size=4,
        )
    )
    supports = draw(_tuples(accommodations(texts=parts.text), min_size=int(with_accommodations)))
    if with_accommodations and not any(
        a.applies_to(AccommodationContext.STATE_ASSESSMENT) for a in supports
    ):
        # C318: an accommodation for the state assessment.
        first = supports[0]
        widened = (*first.contexts, AccommodationContext.STATE_ASSESSMENT)
        supports = (attrs.evolve(first, contexts=widened), *supports[1:])
    consent = None
    if kind is PlanKind.INITIAL and (status is PlanStatus.FINAL or draw(st.booleans())):
        # C317: the parent's consent to the initial provision of services.
        consent = draw(_between(anchor, start))
    return IEP(
        id=draw(identifiers()),
        jurisdiction=profile.code if profile.code != "US" else draw(st.sampled_from(("US", None))),
        kind=kind,
        status=status,
        amends=draw(identifiers()) if kind is PlanKind.AMENDMENT else None,
        student=student,
        meeting=meeting,
        start_date=start,
        end_date=end,
        parent_consent_date=consent,
        evaluations=history,
        reevaluation_waiver_date=waiver,
        present_levels=draw(parts.present_levels),
        goals=_unique_ids(plan_goals),
        progress_reporting=draw(parts.progress_reporting),
        accommodations=supports,
        modifications=draw(parts.modifications),
        services=draw(
            _tuples(
                services(
                    start_dates=_between(start, end),
                    texts=parts.text,
                    locations=_labels(_ROOMS),
                ),
                min_size=1,
                max_size=4,
            )
        ),
        placement=draw(parts.placement),
        assessment=assessment,
        transition=draw(parts.transition) if with_transition else None,
        rights_transfer_notice_date=(
            draw(_between(_days(anchor, -30), anchor)) if with_notice else None
        ),
        # D211: an amendment without a meeting needs the parties' written agreement.
        amendment_agreement_date=(
            draw(_between(_days(start, -30), start))
            if kind is PlanKind.AMENDMENT and meeting is None
            else None
        ),
    )


def compliant_plans(
    *,
    jurisdiction: str | Profile = "US",
    as_of: dt.date | None = None,
    kinds: Strategy[PlanKind] | None = None,
    statuses: Strategy[PlanStatus] | None = None,
    names: Strategy[str] | None = None,
    texts: Strategy[str] | None = None,
) -> Strategy[IEP]:
    """
    Valid plans that satisfy every rule of *jurisdiction*'s profile as of *as_of*.

    ``iepmodel.check(plan, as_of=as_of)`` finds nothing in a drawn plan, not even a
    warning: the full team covers every required role (present, or excused with a
    valid written excusal; a parent absent only after the documented contact attempts),
    the dates are in order and on time (evaluations, eligibility, meeting, notice,
    consent), the annual review and the reevaluation are not due within the profile's
    ``warn_days``, the plan ends by its review date, the transition content and the
    rights-transfer notice are there when the student's age needs them, and all the
    required content is present. The plan's ``jurisdiction`` is the profile's code
    (for ``US`` sometimes absent); check a custom profile with
    ``check(plan, as_of=as_of, jurisdiction=profile)``.

    Within those bounds the plans vary as `plans` do: every kind and status, students
    aged 3 to 21 (a child from Part C starting on the third birthday), Feb 29 dates of
    birth and meetings, several roles on one person, optional parts present and absent.

    Requires the hypothesis package to be installed.

    Args:
        jurisdiction: a profile code (``"US-TX"``) or a `iepmodel.Profile`.
        as_of: the day the plans are compliant on (default: today, as for
            `iepmodel.check`). The meeting is at most a year before it.
        kinds: the plan's kind (default: any).
        statuses: draft or final (default: either).
        names: every person's name (default `person_names`).
        texts: every free text about the child, as for `plans`; must not draw blank
            text, which the content rules report (default `free_texts`).

    Raises:
        UnknownJurisdictionError: *jurisdiction* is not a shipped profile's code.
    """
    profile = _jurisdiction(jurisdiction)
    day = as_of if as_of is not None else dt.date.today()  # noqa: DTZ011 - as `check` does
    text = _or(texts, free_texts)
    person = _or(names, person_names)
    parts = _CompliantParts(
        profile=profile,
        as_of=day,
        kinds=_or(kinds, lambda: st.sampled_from(PlanKind)),
        statuses=_or(statuses, lambda: st.sampled_from(PlanStatus)),
        names=person,
        text=text,
        student=students(
            names=_optional(person),
            dates_of_birth=st.just(_PLAN_DATES[0]),
            disabilities=st.lists(
                st.sampled_from(DisabilityCategory), min_size=1, max_size=3, unique=True
            ).map(tuple),
        ),
        present_levels=_tuples(present_levels(texts=text), min_size=1),
        progress_reporting=progress_reportings(),
        modifications=_tuples(modifications(texts=text), max_size=2),
        placement=placements(texts=text, explained=True),
        assessment=_optional(assessment_participations(texts=text, justified=True)),
        transition=transition_plans(texts=text, complete=True),
    )
    return _compliant_plans(parts)
