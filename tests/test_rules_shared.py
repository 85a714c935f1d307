"""
What `check` derives once and shares between rules is what each rule would derive alone.

For speed (issue 6), the rules read what several of them need from objects derived once
per plan (`PlanFacts`, `PlanTimeline`), the due dates counted in days without their basis
(`iepmodel.timelines.timing_only`), the years added with cheaper arithmetic, and findings
and contexts are built without their ``__init__``. These tests hold each shortcut to the
plain computation it replaces.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iepmodel
from builders import calendar_2024_25, transition
from iepmodel import DisabilityCategory, SchoolCalendar
from iepmodel._age import LeapBirthday, add_years_months, birthday
from iepmodel.jurisdictions import Profile, derive, jurisdiction
from iepmodel.rules import Context, Finding, History, PlanFacts, Severity, _check, _core, catalog
from iepmodel.rules.content import rights_transfer_due, transition_required
from iepmodel.testing.strategies import plans
from iepmodel.timelines import _birthday as fast_birthday
from iepmodel.timelines import (
    annual_review_due,
    initial_evaluation_due,
    initial_iep_meeting_due,
    reevaluation_due,
    rights_transfer_notice_date,
    timing_only,
    transition_required_date,
)
from test_date_arithmetic import days
from test_rules_timelines import two_year_calendar

D = dt.date
AS_OF = D(2025, 6, 1)
PROFILES = [jurisdiction(code) for code in iepmodel.available_jurisdictions()]
# Texas adds the absent school days from 3; a profile that counts calendar days with a
# threshold would not (the threshold is read only with school days).
PROFILES.append(
    derive(
        jurisdiction("US"),
        code="US-ZZ",
        name="Calendar days, with an absence threshold",
        initial_evaluation_absence_threshold=2,
    )
)
profiles = st.sampled_from(PROFILES)
calendars = st.sampled_from(
    [None, calendar_2024_25(), two_year_calendar(), SchoolCalendar(name="no terms")]
)
consents = st.one_of(
    st.dates(min_value=D(2023, 6, 1), max_value=D(2026, 9, 30)),  # around the calendars
    st.dates(),
)


def _outcome(compute: Callable[[], Any]) -> Any:
    """The result, or the type and message of the error raised."""
    try:
        return compute()
    except (ArithmeticError, ValueError, TypeError) as error:
        return (type(error), str(error))


# --- date arithmetic ------------------------------------------------------------------


def test_add_years_months_keeps_a_date_subclass_and_leaves_other_numbers_to_dateutil() -> None:
    # (`tests/test_date_arithmetic.py` holds it to `relativedelta` for plain dates.)
    moment = dt.datetime(2024, 2, 29, 12, 30)  # noqa: DTZ001 - a date subclass, kept as such
    assert add_years_months(moment, 1) == dt.datetime(2025, 2, 28, 12, 30)  # noqa: DTZ001
    assert type(add_years_months(moment, 1)) is dt.datetime
    assert add_years_months(D(2024, 2, 29), 1.0) == D(2025, 2, 28)  # type: ignore[arg-type]


@settings(max_examples=300)
@given(
    born=days,
    years=st.integers(0, 30),
    months=st.integers(0, 11),
    leap=st.sampled_from(["feb28", "mar1"]),
)
def test_the_birthday_part_is_birthday(
    born: dt.date, years: int, months: int, leap: LeapBirthday
) -> None:
    expected = _outcome(lambda: birthday(born, years, months, leap=leap))
    assert _outcome(lambda: fast_birthday(born, years, months, leap)) == expected


def test_a_feb_29_birthday_follows_the_leap_convention() -> None:
    assert fast_birthday(D(2008, 2, 29), 18, 0, "mar1") == D(2026, 3, 1)
    assert fast_birthday(D(2008, 2, 29), 18, 0, "feb28") == D(2026, 2, 28)
    assert fast_birthday(D(2010, 8, 31), 14, 6, "mar1") == D(2025, 2, 28)  # not a leap day


# --- due dates counted in days ----------------------------------------------------------


@settings(max_examples=300)
@given(
    consent=consents,
    profile=profiles,
    calendar=calendars,
    absent=st.integers(0, 5),
)
def test_the_initial_evaluation_timing_is_the_due_dates(
    consent: dt.date, profile: Profile, calendar: SchoolCalendar | None, absent: int
) -> None:
    part = timing_only(initial_evaluation_due)
    assert part is not None

    def due() -> tuple[dt.date, bool]:
        found = initial_evaluation_due(
            consent, profile=profile, calendar=calendar, absent_school_days=absent
        )
        return found.date, found.estimate

    expected = _outcome(due)
    actual = _outcome(
        lambda: part(consent, profile=profile, calendar=calendar, absent_school_days=absent)
    )
    assert actual == expected


@settings(max_examples=300)
@given(day=consents, profile=profiles, calendar=calendars)
def test_the_initial_iep_meeting_timing_is_the_due_dates(
    day: dt.date, profile: Profile, calendar: SchoolCalendar | None
) -> None:
    part = timing_only(initial_iep_meeting_due)
    assert part is not None

    def due() -> tuple[dt.date, bool]:
        found = initial_iep_meeting_due(day, profile, calendar=calendar)
        return found.date, found.estimate

    assert _outcome(lambda: part(day, profile=profile, calendar=calendar)) == _outcome(due)


def test_negative_absences_raise_in_the_timing_too() -> None:
    part = timing_only(initial_evaluation_due)
    assert part is not None
    with pytest.raises(ValueError, match="absent_school_days must not be negative"):
        part(D(2025, 1, 10), profile=jurisdiction("US-TX"), absent_school_days=-1)


def test_only_the_due_dates_counted_in_days_have_a_timing_part() -> None:
    assert timing_only(annual_review_due) is None
    context = Context(profile=jurisdiction("US"), as_of=AS_OF)
    with pytest.raises(ValueError, match="annual_review_due is not counted in days"):
        context.timing(annual_review_due, D(2025, 1, 10))


@given(day=consents, profile=profiles, calendar=calendars)
def test_context_timing_is_context_due(
    day: dt.date, profile: Profile, calendar: SchoolCalendar | None
) -> None:
    context = Context(profile=profile, as_of=AS_OF, calendar=calendar)
    for function in (initial_evaluation_due, initial_iep_meeting_due):
        due = context.due(function, day, with_calendar=True)
        assert context.due(function, day, with_calendar=True) is due  # memoised
        expected = (due.date, due.estimate) if due is not None else None
        assert context.timing(function, day) == expected
        assert context.timing(function, day) == expected  # memoised


def test_context_timing_is_none_beyond_the_calendar() -> None:
    context = Context(profile=jurisdiction("US"), as_of=AS_OF)
    assert context.timing(initial_evaluation_due, D.max) is None
    assert context.due(initial_evaluation_due, D.max) is None


@given(day=days, profile=profiles, waiver=st.none() | days)
def test_context_due_date_with_options_is_the_due_dates(
    day: dt.date, profile: Profile, waiver: dt.date | None
) -> None:
    context = Context(profile=profile, as_of=AS_OF)
    category = DisabilityCategory.INTELLECTUAL_DISABILITY
    expected = _outcome(
        lambda: reevaluation_due(day, waiver=waiver, category=category, profile=profile).date
    )
    if isinstance(expected, tuple):
        expected = None  # out of range: no date
    for _ in range(2):  # the second time from the memo
        assert context.due_date(reevaluation_due, day, waiver=waiver, category=category) == (
            expected
        )


def test_context_due_date_of_a_due_date_counted_in_days() -> None:
    context = Context(profile=jurisdiction("US-IL"), as_of=AS_OF)
    day = D(2025, 1, 10)
    expected = initial_evaluation_due(day, profile="US-IL").date
    assert context.due_date(initial_evaluation_due, day) == expected == D(2025, 4, 4)
    assert context.date_of(initial_evaluation_due, D.max) is None


# --- objects built without __init__ -----------------------------------------------------


def test_the_fast_builders_set_every_field_in_order() -> None:
    fields = tuple(field.name for field in attrs.fields(Finding))
    assert fields == ("code", "severity", "message", "citation", "path", "due", "plan_id")
    names = tuple(field.name for field in attrs.fields(Context))
    assert names == (
        "profile",
        "as_of",
        "calendar",
        "history",
        "memo",
        "last_facts",
        "last_timeline",
    )
    assert tuple(field.name for field in attrs.fields(_core.TrackedEvaluation)) == (
        "evaluation",
        "plan",
        "index",
    )


@given(
    entry=st.sampled_from(catalog()),
    status=st.sampled_from(iepmodel.PlanStatus),
    text=st.text(max_size=20),
    due=st.none() | st.dates(),
    code=st.sampled_from(iepmodel.available_jurisdictions()),
)
def test_a_finding_built_fast_is_the_finding(
    entry: iepmodel.Rule,
    status: iepmodel.PlanStatus,
    text: str,
    due: dt.date | None,
    code: str,
) -> None:
    plan = transition(status=status)
    context = Context.for_plan(plan, as_of=AS_OF, jurisdiction=code)
    built = _core.emit(entry.code, plan, context, text, path="goals", due=due)
    draft = entry.drafts_as_warnings and status is iepmodel.PlanStatus.DRAFT
    expected = Finding(
        code=entry.code,
        severity=Severity.WARNING if draft else entry.severity,
        message=text,
        citation=context.citation_for(entry),
        path="goals",
        due=due,
        plan_id=plan.id,
    )
    assert built == expected
    assert repr(built) == repr(expected)
    assert hash(built) == hash(expected)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.code = "X"  # type: ignore[misc]


def test_a_context_built_fast_is_the_context() -> None:
    profile = jurisdiction("US-NY")
    history = History(())
    memo: dict[Any, Any] = {}
    built = _core.new_context(profile, AS_OF, None, history, memo)
    expected = Context(profile=profile, as_of=AS_OF, history=history, memo=memo)
    for field in attrs.fields(Context):
        assert getattr(built, field.name) is getattr(expected, field.name)
    assert built == expected
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        built.as_of = D(2020, 1, 1)  # type: ignore[misc]


# --- what the rules share -----------------------------------------------------------------


@st.composite
def histories(draw: st.DrawFn) -> list[iepmodel.IEP]:
    """Up to four plans of one student, some with the date of birth of another."""
    batch = draw(st.lists(plans(), min_size=1, max_size=4))
    born = batch[0].student.date_of_birth
    return [
        attrs.evolve(
            plan,
            student=attrs.evolve(
                plan.student,
                id="S1",
                date_of_birth=born
                if born < plan.start_date and draw(st.booleans())
                else plan.student.date_of_birth,
            ),
        )
        for plan in batch
    ]


def _reference_timeline(plan: iepmodel.IEP, context: Context) -> dict[str, Any]:
    """What the timeline rules derived each on their own before `PlanTimeline`."""
    history = context.history
    review = _core.is_review(plan)
    meeting = plan.meeting
    if meeting is not None and (
        plan.kind in _core._REVIEW_KINDS
        or iepmodel.MeetingPurpose.ANNUAL_REVIEW in meeting.purposes
    ):
        reviewed: dt.date | None = meeting.date
    else:
        last = history.last_review_on_or_before(plan.history_date)
        reviewed = last.history_date if last is not None else None
    latest = history.plans[-1] is plan
    completed = history.completed_evaluation_dates
    reevaluation = None
    if latest and completed:
        profile = context.profile
        category = (
            min(plan.student.disabilities or (None,), key=profile.reevaluation_years_for)
            if profile.reevaluation_years_by_category
            else None
        )
        reevaluation = context.due_date(
            reevaluation_due, completed[-1], waiver=history.last_waiver, category=category
        )
    listed = history.listed_first_in(plan)
    kinds = iepmodel.EvaluationKind
    born = plan.student.date_of_birth
    return {
        "is_review": review,
        "review_due": context.due_date(annual_review_due, plan.history_date) if review else None,
        "next_review": history.next_review_after(plan.history_date) if review else None,
        "reviewed_due": (
            context.due_date(annual_review_due, reviewed) if reviewed is not None else None
        ),
        "reevaluation_due": reevaluation,
        "transition_date": context.due_date(transition_required_date, born),
        "rights_transfer_date": context.due_date(rights_transfer_notice_date, born),
        "initial_evaluations": tuple(t for t in listed if t.evaluation.kind is kinds.INITIAL),
        "reevaluations": tuple(t for t in listed if t.evaluation.kind is kinds.REEVALUATION),
    }


@settings(max_examples=60)
@given(batch=histories(), profile=profiles)
def test_the_plan_timeline_is_what_each_rule_derived(
    batch: list[iepmodel.IEP], profile: Profile
) -> None:
    history = History(batch)
    shared = Context(profile=profile, as_of=AS_OF, history=history)
    for plan in history.plans:
        timeline = shared.timeline(plan)
        assert shared.timeline(plan) is timeline is shared.last_timeline
        alone = Context(profile=profile, as_of=AS_OF, history=history)
        expected = _reference_timeline(plan, alone)
        assert {name: getattr(timeline, name) for name in expected} == expected
        assert timeline.plan is plan


def test_plans_alike_in_every_key_are_ordered_by_their_text() -> None:
    plan = transition()
    twin = attrs.evolve(plan, goals=plan.goals[:1])  # the same key, another text
    other = attrs.evolve(plan, id="P9", start_date=plan.end_date, end_date=plan.end_date)
    expected = _core.order_plans([plan, twin, other])
    assert expected[2] is other
    assert {id(p) for p in expected[:2]} == {id(plan), id(twin)}
    assert _core.order_plans([other, twin, plan]) == expected
    assert _core.order_plans([twin, other, plan]) == expected


def test_a_date_asked_for_again_comes_from_the_memo() -> None:
    context = Context(profile=jurisdiction("US"), as_of=AS_OF)
    first = context.date_of(annual_review_due, D(2024, 2, 29))
    assert context.date_of(annual_review_due, D(2024, 2, 29)) is first == D(2025, 2, 27)
    assert context.date_of(annual_review_due, D.max) is None  # beyond the calendar


def test_due_dates_beyond_the_calendar_are_none_and_every_rule_still_runs() -> None:
    plan = transition()
    assert plan.meeting is not None
    evaluation = iepmodel.Evaluation(
        kind=iepmodel.EvaluationKind.REEVALUATION,
        consent_date=D(9998, 1, 10),
        completed_date=D(9998, 2, 10),
    )
    far = attrs.evolve(
        plan,
        student=attrs.evolve(plan.student, date_of_birth=D(9990, 5, 10)),
        start_date=D(9999, 3, 1),
        end_date=D(9999, 12, 31),
        meeting=attrs.evolve(plan.meeting, date=D(9999, 3, 1), notice_date=None),
        evaluations=(evaluation,),
    )
    context = Context.for_plan(far, as_of=AS_OF)
    timeline = context.timeline(far)
    assert timeline.is_review
    assert timeline.review_due is timeline.reviewed_due is None
    assert timeline.reevaluation_due is None
    assert timeline.transition_date is timeline.rights_transfer_date is None
    # No rule raises, and those that count from these dates find nothing.
    codes = {finding.code for entry in catalog() for finding in entry(far, context)}
    assert not codes & {"D201", "D202", "D203", "D204", "D205", "C311", "C316"}


def test_plans_of_one_student_share_the_dates_counted_from_the_birth() -> None:
    plan = transition()
    later = attrs.evolve(plan, id="P2", start_date=plan.end_date, end_date=plan.end_date)
    context = Context.for_plan(plan, as_of=AS_OF, history=[later])
    first = context.timeline(plan)
    second = context.timeline(later)
    assert second.transition_date == first.transition_date is not None
    assert second.rights_transfer_date == first.rights_transfer_date


@settings(max_examples=30)
@given(first=plans(), second=plans(), code=st.sampled_from(iepmodel.available_jurisdictions()))
def test_rules_asked_about_plans_in_turn_read_each_plans_own_facts(
    first: iepmodel.IEP, second: iepmodel.IEP, code: str
) -> None:
    # One context asked about two plans in turn (as a caller of single rules may do)
    # gives what a fresh context gives each rule alone (which derives the facts itself).
    profile = jurisdiction(code)
    shared = Context(profile=profile, as_of=AS_OF, history=History([first, second]))
    for plan in (first, second, first):
        shared.facts(plan)  # asked before the first team rule asks
        for entry in catalog():
            fresh = Context(profile=profile, as_of=AS_OF, history=History([first, second]))
            assert list(entry(plan, shared)) == list(entry(plan, fresh))
        assert shared.facts(plan) is shared.facts(plan) is shared.last_facts
        assert shared.facts(plan).plan is plan


@settings(max_examples=40)
@given(plan=plans(), code=st.sampled_from(iepmodel.available_jurisdictions()))
def test_plan_facts_are_what_the_team_rules_read(plan: iepmodel.IEP, code: str) -> None:
    del code
    facts = PlanFacts(plan)
    participants = plan.meeting.participants if plan.meeting is not None else ()
    absent = iepmodel.Attendance.ABSENT
    excused = iepmodel.Attendance.EXCUSED
    assert facts.invited_roles == {role for p in participants for role in p.roles}
    assert facts.covered_roles == {
        role for p in participants if p.attendance is not absent for role in p.roles
    }
    assert facts.excused == tuple(
        (index, p) for index, p in enumerate(participants) if p.attendance is excused
    )


def test_an_attendance_given_as_plain_text_is_compared_as_the_rules_always_did() -> None:
    # The model does not convert a plain string to an `Attendance` (type checkers refuse
    # it); the facts compare attendance by identity, as the team rules did: only the
    # `ABSENT` member leaves a role uncovered, only the `EXCUSED` member is an excusal.
    plan = transition()
    assert plan.meeting is not None
    people = tuple(
        attrs.evolve(person, attendance="present") for person in plan.meeting.participants
    )
    plan = attrs.evolve(plan, meeting=attrs.evolve(plan.meeting, participants=people))
    facts = PlanFacts(plan)
    assert facts.covered_roles == facts.invited_roles != set()
    assert facts.excused == ()


def test_plan_facts_list_every_excused_member() -> None:
    plan = transition()
    assert plan.meeting is not None
    people = [
        attrs.evolve(
            person,
            attendance=iepmodel.Attendance.EXCUSED,
            excusal=iepmodel.Excusal(written_agreement_date=plan.meeting.date),
        )
        if iepmodel.Role.PARENT not in person.roles and iepmodel.Role.STUDENT not in person.roles
        else person
        for person in plan.meeting.participants
    ]
    plan = attrs.evolve(plan, meeting=attrs.evolve(plan.meeting, participants=tuple(people)))
    facts = PlanFacts(plan)
    assert len(facts.excused) == sum(1 for p in people if p.excusal is not None) > 1
    assert facts.covered_roles == facts.invited_roles


def test_the_next_review_is_found_before_the_reviews_are_listed() -> None:
    plan = transition()
    later = attrs.evolve(plan, id="P2", meeting=attrs.evolve(plan.meeting, date=plan.end_date))
    history = History([later, plan])
    assert history.next_review_after(plan.history_date) is later
    assert history.next_review_after(later.history_date) is None
    assert history.reviews == (plan, later)


@settings(max_examples=40)
@given(batch=histories())
def test_evaluations_are_merged_by_their_key(batch: list[iepmodel.IEP]) -> None:
    history = History(batch)
    keys = [_core.evaluation_key(tracked.evaluation) for tracked in history.evaluations]
    listed = [_core.evaluation_key(e) for plan in history.plans for e in plan.evaluations]
    assert keys == list(dict.fromkeys(listed))  # each once, in the order first listed
    for tracked in history.evaluations:
        assert tracked.plan.evaluations[tracked.index].kind is tracked.evaluation.kind
        assert _core.evaluation_key(tracked.plan.evaluations[tracked.index]) == (
            _core.evaluation_key(tracked.evaluation)
        )
        assert tracked in history.listed_first_in(tracked.plan)


@pytest.mark.parametrize(
    ("field", "less", "more"),
    [
        ("completed_date", None, D(2025, 3, 1)),
        ("eligibility_date", None, D(2025, 3, 5)),
        ("exception", None, iepmodel.EvaluationException.PARENT_DID_NOT_PRODUCE_CHILD),
        ("agreed_completion_date", None, D(2025, 4, 1)),
        ("early_by_agreement", False, True),
    ],
)
def test_the_most_complete_record_of_an_evaluation_is_kept(
    field: str, less: object, more: object
) -> None:
    # Two records of one evaluation (the same kind and consent) that differ in one field
    # that makes a record more complete: the later, more complete one is kept, and the
    # evaluation is still reported where it was first listed.
    plan = transition()
    base = iepmodel.Evaluation(
        kind=iepmodel.EvaluationKind.REEVALUATION, consent_date=D(2025, 1, 10)
    )
    earlier = attrs.evolve(plan, id="P0", evaluations=(attrs.evolve(base, **{field: less}),))
    later = attrs.evolve(
        plan,
        id="P2",
        meeting=attrs.evolve(plan.meeting, date=plan.end_date),
        evaluations=(attrs.evolve(base, **{field: more}),),
    )
    for order in ([earlier, later], [later, earlier]):
        history = History(order)
        (tracked,) = history.evaluations
        assert getattr(tracked.evaluation, field) == more
        assert tracked.plan is earlier


def test_an_evaluation_listed_by_several_plans_is_tracked_once() -> None:
    plan = transition()
    assert plan.evaluations
    later = attrs.evolve(plan, id="P2", meeting=attrs.evolve(plan.meeting, date=plan.end_date))
    # `evolve` keeps the same evaluation objects: the same record, listed twice.
    assert later.evaluations[0] is plan.evaluations[0]
    history = History([plan, later])
    assert len(history.evaluations) == len(plan.evaluations)
    assert history.listed_first_in(later) == ()
    assert all(tracked.plan is plan for tracked in history.evaluations)


@pytest.mark.parametrize("born", [D(2010, 5, 10), D(2008, 1, 15), D(2015, 1, 1)])
def test_the_public_helpers_agree_with_the_content_rules(born: dt.date) -> None:
    plan = transition()
    plan = attrs.evolve(plan, student=attrs.evolve(plan.student, date_of_birth=born))
    context = Context.for_plan(plan, as_of=AS_OF)
    timeline = context.timeline(plan)
    due = transition_required(plan, context)
    assert due == (
        timeline.transition_date
        if timeline.transition_date is not None and timeline.transition_date <= plan.end_date
        else None
    )
    rights = rights_transfer_due(plan, context)
    assert rights == (
        timeline.rights_transfer_date
        if timeline.rights_transfer_date is not None
        and timeline.rights_transfer_date <= plan.end_date
        else None
    )


# --- the order of the findings --------------------------------------------------------------


@st.composite
def findings(draw: st.DrawFn) -> list[Finding]:
    """Findings that often share plan, code and path (so the rest of the key decides)."""
    return draw(
        st.lists(
            st.builds(
                functools.partial(Finding, citation="34 CFR"),
                code=st.sampled_from(["C303", "D201", "T101"]),
                severity=st.sampled_from(Severity),
                message=st.sampled_from(["a", "b"]),
                path=st.sampled_from(["", "goals"]),
                due=st.none() | st.sampled_from([D(2025, 1, 1), D(2024, 1, 1)]),
                plan_id=st.sampled_from(["P1", "P2"]),
            ),
            max_size=12,
        )
    )


@given(batch=findings())
def test_findings_are_sorted_by_their_sort_key(batch: list[Finding]) -> None:
    expected = sorted(batch, key=lambda finding: finding.sort_key)
    _check._sort(batch)
    assert [f.sort_key for f in batch] == [f.sort_key for f in expected]


def test_a_rule_gets_the_severity_and_citation_of_its_profile() -> None:
    plan = attrs.evolve(transition(), status=iepmodel.PlanStatus.DRAFT)
    plan = attrs.evolve(plan, goals=())
    context = Context.for_plan(plan, as_of=AS_OF)
    finding = _core.emit("C302", plan, context, "The plan has no annual goals.", path="goals")
    again = _core.emit("C302", plan, context, "The plan has no annual goals.", path="goals")
    assert finding == again
    assert finding.severity is Severity.WARNING  # a content rule, on a draft
    final = attrs.evolve(plan, status=iepmodel.PlanStatus.FINAL)
    assert _core.emit("C302", final, context, "x").severity is Severity.ERROR


# --- selecting the rules ------------------------------------------------------------------


def test_the_rules_selected_are_the_same_however_the_selectors_are_given() -> None:
    expected = [entry.code for entry in catalog() if entry.code.startswith(("T10", "C31"))]
    for select in (["T10", "C31"], ("t10", " C31 "), iter(["T10", "C31"])):
        assert [entry.code for entry in _check.select_rules(select)] == expected
    assert [entry.code for entry in _check.select_rules("D20", ignore="D207")] == [
        f"D20{digit}" for digit in (1, 2, 3, 4, 5, 6, 8, 9)
    ]
    for _ in range(2):  # not kept: a misspelt selector raises every time
        with pytest.raises(ValueError, match="no rule code starts with 'X1'"):
            _check.select_rules(["T1", "X1"])


def test_a_rule_registered_later_is_in_the_catalog() -> None:
    before = catalog()
    registry = _core._REGISTRY

    @_core.rule("T199", Severity.WARNING, "34 CFR 300.321", title="A test rule", family="team")
    def test_rule(plan: iepmodel.IEP, context: Context) -> tuple[Finding, ...]:
        """A rule that finds nothing."""
        del plan, context
        return ()

    try:
        assert [entry.code for entry in catalog()] == [
            *(entry.code for entry in before[:12]),
            "T199",
            *(entry.code for entry in before[12:]),
        ]
        assert [entry.code for entry in _check.select_rules("T19")] == ["T199"]
    finally:
        del registry["T199"]
    assert catalog() == before
    with pytest.raises(ValueError, match="no rule code starts with 'T19'"):
        _check.select_rules("T19")
