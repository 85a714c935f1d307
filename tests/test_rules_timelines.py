"""Timeline rules D201-D211: the scenarios of regulations.md §8.4 that v1 can express."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

import iepmodel
from builders import (
    AS_OF,
    D,
    calendar_2024_25,
    check_codes,
    elementary,
    initial_evaluation,
    preschool,
    reevaluation,
    with_meeting,
)
from iepmodel import (
    DateRange,
    DisabilityCategory,
    EvaluationException,
    MeetingPurpose,
    PlanKind,
    PlanStatus,
    SchoolCalendar,
    Severity,
)
from iepmodel.jurisdictions import AnnualConvention, Profile, derive

ONE_DAY = dt.timedelta(days=1)


def initial_plan(
    consent: dt.date,
    completed: dt.date | None,
    *,
    eligibility: dt.date | None = None,
    meeting: dt.date | None = None,
    **evaluation: Any,
) -> iepmodel.IEP:
    """An initial plan of the elementary student, with one initial evaluation."""
    held = meeting or ((eligibility or completed or consent) + ONE_DAY)
    base = elementary()
    plan = attrs.evolve(
        base,
        id="initial",
        kind=PlanKind.INITIAL,
        parent_consent_date=held,
        evaluations=(
            initial_evaluation(consent, completed, eligibility_date=eligibility, **evaluation),
        ),
        start_date=held,
        end_date=iepmodel.timelines.annual_review_due(held).date,
        services=tuple(attrs.evolve(s, start_date=held) for s in base.services),
    )
    return with_meeting(
        plan,
        date=held,
        notice_date=held - dt.timedelta(days=14),
        purposes=(MeetingPurpose.INITIAL,),
    )


def annual_plan(meeting: dt.date, *, plan_id: str | None = None, **changes: Any) -> iepmodel.IEP:
    """An annual plan of the elementary student, reviewed on *meeting*, compliant."""
    base = elementary()
    plan = attrs.evolve(
        base,
        id=plan_id or f"annual-{meeting.isoformat()}",
        start_date=meeting,
        end_date=iepmodel.timelines.annual_review_due(meeting).date,
        evaluations=(initial_evaluation(D(2022, 10, 15), D(2022, 12, 1)),),
        services=tuple(attrs.evolve(s, start_date=meeting) for s in base.services),
    )
    return attrs.evolve(with_meeting(plan, date=meeting, notice_date=None), **changes)


def amendment(start: dt.date, amended: iepmodel.IEP, **changes: Any) -> iepmodel.IEP:
    """An amendment of *amended* made without a meeting on *start*."""
    fields: dict[str, Any] = {
        "id": f"amendment-{start.isoformat()}",
        "kind": PlanKind.AMENDMENT,
        "amends": amended.id,
        "meeting": None,
        "start_date": start,
        "amendment_agreement_date": start,
    }
    return attrs.evolve(amended, **(fields | changes))


def two_year_calendar() -> SchoolCalendar:
    """The sample 2024-25 calendar plus fall 2025 (starts 2025-08-26, 2025-09-01 closed)."""
    base = calendar_2024_25()
    return SchoolCalendar(
        name="2024-26",
        terms=(*base.terms, DateRange(start=D(2025, 8, 26), end=D(2026, 6, 5))),
        closed=(*base.closed, D(2025, 9, 1)),
    )


def ontario_calendar() -> SchoolCalendar:
    """The sample Ontario calendar 2025-26 of regulations.md §8."""
    return SchoolCalendar(
        name="Ontario 2025-26",
        terms=(DateRange(start=D(2025, 9, 2), end=D(2026, 6, 26)),),
        closed=(
            D(2025, 10, 10),
            D(2025, 10, 13),
            DateRange(start=D(2025, 12, 22), end=D(2026, 1, 2)),
            D(2026, 2, 16),
            DateRange(start=D(2026, 3, 16), end=D(2026, 3, 20)),
            D(2026, 4, 3),
            D(2026, 4, 6),
            D(2026, 5, 18),
        ),
    )


def d207(plan: iepmodel.IEP, **options: Any) -> list[tuple[str, dt.date | None]]:
    options.setdefault("as_of", plan.start_date + ONE_DAY)
    return [(f.code, f.due) for f in iepmodel.check(plan, **options)]


# --- initial evaluation (300.301) --------------------------------------------------------


def test_scenario_l01_evaluation_completed_on_the_due_date() -> None:
    assert d207(initial_plan(D(2025, 1, 10), D(2025, 3, 11))) == []


def test_scenario_l02_evaluation_one_day_late() -> None:
    plan = initial_plan(D(2025, 1, 10), D(2025, 3, 12))
    findings = iepmodel.check(plan, as_of=D(2025, 3, 14))
    assert [(f.code, f.path, f.due) for f in findings] == [
        ("D207", "evaluations[0].completed_date", D(2025, 3, 11))
    ]
    assert findings[0].citation == "34 CFR 300.301(c)"
    assert "estimate" not in findings[0].message


def test_scenario_l03_winter_break_does_not_stop_the_federal_clock() -> None:
    assert d207(initial_plan(D(2024, 12, 16), D(2025, 2, 20))) == [("D207", D(2025, 2, 14))]


def test_scenario_l04_parent_did_not_produce_the_child() -> None:
    plan = initial_plan(
        D(2025, 1, 10),
        D(2025, 1, 10) + dt.timedelta(days=75),
        exception=EvaluationException.PARENT_DID_NOT_PRODUCE_CHILD,
    )
    assert d207(plan) == []


def test_scenario_l05_transfer_with_an_agreed_date_met() -> None:
    plan = initial_plan(
        D(2025, 1, 10),
        D(2025, 4, 25),
        exception=EvaluationException.TRANSFERRED_WITH_AGREED_DATE,
        agreed_completion_date=D(2025, 4, 30),
    )
    assert d207(plan) == []


def test_transfer_with_an_agreed_date_missed() -> None:
    plan = initial_plan(
        D(2025, 1, 10),
        D(2025, 5, 2),
        exception=EvaluationException.TRANSFERRED_WITH_AGREED_DATE,
        agreed_completion_date=D(2025, 4, 30),
    )
    assert d207(plan) == [("D207", D(2025, 4, 30))]


def test_scenario_l06_transfer_without_an_agreed_date() -> None:
    plan = initial_plan(
        D(2025, 1, 10),
        D(2025, 1, 10) + dt.timedelta(days=70),
        exception=EvaluationException.TRANSFERRED_WITH_AGREED_DATE,
    )
    assert d207(plan) == [("D207", D(2025, 3, 11))]


def test_scenario_l07_no_mutual_extension_federally() -> None:
    plan = initial_plan(D(2025, 1, 10), D(2025, 1, 10) + dt.timedelta(days=75))
    assert d207(plan) == [("D207", D(2025, 3, 11))]


def test_pending_evaluation_past_its_deadline() -> None:
    plan = initial_plan(D(2025, 1, 10), None, meeting=D(2025, 3, 1))
    assert d207(plan, as_of=D(2025, 3, 12)) == [("D207", D(2025, 3, 11))]
    assert d207(plan, as_of=D(2025, 3, 11)) == []


def test_scenario_l09_texas_45_school_days_with_a_calendar() -> None:
    plan = initial_plan(D(2024, 11, 4), D(2025, 1, 28))
    findings = iepmodel.check(
        plan, as_of=D(2025, 1, 30), jurisdiction="US-TX", calendar=calendar_2024_25()
    )
    assert [(f.code, f.due) for f in findings] == [("D207", D(2025, 1, 27))]
    assert findings[0].citation == (
        "34 CFR 300.301(c); Tex. Educ. Code 29.004(a)(1); 19 TAC 89.1011"
    )
    assert "estimate" not in findings[0].message


def test_texas_without_a_calendar_counts_weekdays_and_says_so() -> None:
    plan = initial_plan(D(2024, 11, 4), D(2025, 1, 28))
    findings = iepmodel.check(plan, as_of=D(2025, 1, 30), jurisdiction="US-TX")
    assert [(f.code, f.due) for f in findings] == [("D207", D(2025, 1, 6))]
    assert "estimate" in findings[0].message


def test_scenario_l12_texas_consent_late_in_the_school_year() -> None:
    plan = initial_plan(D(2025, 4, 10), None, meeting=D(2025, 6, 1))
    findings = iepmodel.check(
        plan, as_of=D(2025, 7, 1), jurisdiction="US-TX", calendar=calendar_2024_25(), select="D207"
    )
    assert [(f.code, f.due) for f in findings] == [("D207", D(2025, 6, 30))]


def test_scenario_l13_illinois_60_school_days() -> None:
    plan = initial_plan(D(2024, 11, 18), D(2025, 2, 28))
    calendar = calendar_2024_25()
    assert d207(plan, jurisdiction="US-IL", calendar=calendar) == []
    late = initial_plan(D(2024, 11, 18), D(2025, 3, 4))
    assert d207(late, jurisdiction="US-IL", calendar=calendar) == [("D207", D(2025, 3, 3))]
    # Counted in calendar days it would have been due 2025-01-17.
    assert d207(plan, jurisdiction="US") == [("D207", D(2025, 1, 17))]


@pytest.mark.parametrize(
    ("consent", "due"),
    [
        pytest.param(D(2024, 12, 4), D(2025, 2, 18), id="l14-winter-break-excluded"),
        pytest.param(D(2024, 11, 1), D(2025, 1, 16), id="l15-thanksgiving-counted"),
        pytest.param(D(2025, 3, 3), D(2025, 5, 2), id="l16-five-day-break-counted"),
        pytest.param(D(2025, 5, 20), D(2025, 9, 25), id="l17-end-of-year-rule"),
    ],
)
def test_scenarios_l14_to_l17_california_days_without_long_breaks(
    consent: dt.date, due: dt.date
) -> None:
    plan = initial_plan(consent, None, meeting=consent + ONE_DAY)
    findings = iepmodel.check(
        plan,
        as_of=due + ONE_DAY,
        jurisdiction="US-CA",
        calendar=two_year_calendar(),
        select="D207",
    )
    assert [(f.code, f.due) for f in findings] == [("D207", due)]
    assert "Cal. Educ. Code 56344(a)" in findings[0].citation
    on_time = iepmodel.check(
        plan, as_of=due, jurisdiction="US-CA", calendar=two_year_calendar(), select="D207"
    )
    assert on_time == []


def test_scenario_l18_pennsylvania_summer_not_counted() -> None:
    plan = initial_plan(D(2025, 5, 15), D(2025, 10, 2))
    assert d207(plan, jurisdiction="US-PA", calendar=two_year_calendar()) == []
    late = initial_plan(D(2025, 5, 15), D(2025, 10, 3))
    assert d207(late, jurisdiction="US-PA", calendar=two_year_calendar()) == [
        ("D207", D(2025, 10, 2))
    ]


def test_scenario_l19_new_york_evaluation_in_60_calendar_days() -> None:
    late = initial_plan(D(2025, 1, 10), D(2025, 3, 12))
    findings = iepmodel.check(late, as_of=D(2025, 3, 14), jurisdiction="US-NY")
    assert [(f.code, f.due) for f in findings] == [("D207", D(2025, 3, 11))]
    assert "8 NYCRR 200.4(b)(7)" in findings[0].citation


def d207_paths(plans: Any, **options: Any) -> list[tuple[str, str, dt.date | None]]:
    return [(f.plan_id, f.path, f.due) for f in iepmodel.check(plans, select="D207", **options)]


def ending_at_completion(code: str) -> Profile:
    """The profile *code*, but with its evaluation clock ending at the completion."""
    return derive(
        iepmodel.jurisdiction(code),
        code=f"{code}-X",
        name="Completion ends the clock",
        initial_evaluation_end_event="completed",
    )


# The end event of the initial evaluation clock (regulations.md §4.1, §6.2).


def test_illinois_clock_runs_to_the_eligibility_conference() -> None:
    # Evaluation done in time, eligibility conference on the 61st school day.
    plan = initial_plan(D(2024, 11, 18), D(2025, 2, 20), eligibility=D(2025, 3, 4))
    options = {"as_of": D(2025, 3, 10), "calendar": calendar_2024_25()}
    assert d207_paths(plan, jurisdiction="US-IL", **options) == [
        ("initial", "evaluations[0].eligibility_date", D(2025, 3, 3))
    ]
    assert d207_paths(plan, jurisdiction=ending_at_completion("US-IL"), **options) == []


def test_illinois_conference_on_the_60th_school_day_is_on_time() -> None:
    plan = initial_plan(D(2024, 11, 18), D(2025, 2, 20), eligibility=D(2025, 3, 3))
    assert d207(plan, jurisdiction="US-IL", calendar=calendar_2024_25()) == []


def test_illinois_evaluation_with_only_an_eligibility_date_is_done_that_day() -> None:
    plan = initial_plan(D(2024, 11, 18), None, eligibility=D(2025, 2, 28))
    options = {"as_of": D(2025, 4, 1), "calendar": calendar_2024_25()}
    assert d207_paths(plan, jurisdiction="US-IL", **options) == []
    # Where the completion is the end event, the same evaluation is still pending.
    assert d207_paths(plan, jurisdiction=ending_at_completion("US-IL"), **options) == [
        ("initial", "evaluations[0].completed_date", D(2025, 3, 3))
    ]


def test_illinois_completion_after_the_conference_is_the_later_event() -> None:
    plan = initial_plan(D(2024, 11, 18), D(2025, 3, 4), eligibility=D(2025, 2, 28))
    assert d207_paths(
        plan, as_of=D(2025, 3, 10), jurisdiction="US-IL", calendar=calendar_2024_25()
    ) == [("initial", "evaluations[0].completed_date", D(2025, 3, 3))]


def test_illinois_date_agreed_on_transfer_dates_the_evaluation_not_the_conference() -> None:
    # 300.301(e): the parent and the new agency agree when the evaluation is completed.
    plan = initial_plan(
        D(2024, 11, 18),
        D(2025, 4, 1),
        eligibility=D(2025, 4, 4),
        exception=EvaluationException.TRANSFERRED_WITH_AGREED_DATE,
        agreed_completion_date=D(2025, 4, 1),
    )
    assert d207(plan, jurisdiction="US-IL", calendar=calendar_2024_25()) == []
    late = attrs.evolve(
        plan, evaluations=(attrs.evolve(plan.evaluations[0], completed_date=D(2025, 4, 2)),)
    )
    assert d207(late, jurisdiction="US-IL", calendar=calendar_2024_25()) == [
        ("D207", D(2025, 4, 1))
    ]


def test_a_derived_profile_can_end_the_federal_clock_at_eligibility() -> None:
    profile = derive(
        iepmodel.jurisdiction("US"),
        code="US-XX",
        name="A state",
        initial_evaluation_end_event="eligibility",
        citations={"initial_evaluation_end_event": "State rule 1"},
    )
    plan = initial_plan(D(2025, 1, 10), D(2025, 3, 11), eligibility=D(2025, 3, 12))
    findings = iepmodel.check(plan, as_of=D(2025, 3, 20), jurisdiction=profile)
    assert [(f.code, f.path, f.due) for f in findings] == [
        ("D207", "evaluations[0].eligibility_date", D(2025, 3, 11))
    ]
    assert findings[0].citation == "34 CFR 300.301(c); State rule 1"


def test_california_initial_iep_meeting_after_the_60_days_scenario_l14() -> None:
    # Evaluation done in time; the IEP meeting one day after the (break-excluded) deadline.
    plan = initial_plan(
        D(2024, 12, 4), D(2025, 2, 10), eligibility=D(2025, 2, 12), meeting=D(2025, 2, 19)
    )
    options: dict[str, Any] = {"as_of": D(2025, 2, 20), "calendar": two_year_calendar()}
    findings = iepmodel.check(plan, jurisdiction="US-CA", select="D207", **options)
    assert [(f.code, f.path, f.due) for f in findings] == [
        ("D207", "meeting.date", D(2025, 2, 18))
    ]
    assert "initial IEP meeting" in findings[0].message
    assert "Cal. Educ. Code 56344(a)" in findings[0].citation
    assert "estimate" not in findings[0].message
    # Were the clock to end at the completion, nothing would be late.
    assert d207_paths(plan, jurisdiction=ending_at_completion("US-CA"), **options) == []


def test_california_initial_iep_meeting_on_the_due_date_is_on_time() -> None:
    plan = initial_plan(
        D(2024, 12, 4), D(2025, 2, 10), eligibility=D(2025, 2, 12), meeting=D(2025, 2, 18)
    )
    assert d207(plan, jurisdiction="US-CA", calendar=two_year_calendar()) == []


def test_california_late_completion_is_reported_once_at_the_completion() -> None:
    plan = initial_plan(D(2024, 12, 4), D(2025, 2, 19), meeting=D(2025, 3, 1))
    options = {"as_of": D(2025, 3, 2), "calendar": two_year_calendar()}
    assert d207_paths(plan, jurisdiction="US-CA", **options) == [
        ("initial", "evaluations[0].completed_date", D(2025, 2, 18))
    ]


def test_california_late_initial_meeting_reported_once_on_its_plan() -> None:
    first = initial_plan(
        D(2024, 12, 4), D(2025, 2, 10), eligibility=D(2025, 2, 12), meeting=D(2025, 2, 19)
    )
    later = attrs.evolve(annual_plan(D(2026, 2, 10)), evaluations=first.evaluations)
    assert d207_paths(
        [later, first], as_of=D(2026, 2, 11), jurisdiction="US-CA", calendar=two_year_calendar()
    ) == [("initial", "meeting.date", D(2025, 2, 18))]


def test_california_date_agreed_on_transfer_dates_the_evaluation_not_the_meeting() -> None:
    # 300.301(d)(2), (e): the agreed date is for the evaluation; D208 times the meeting.
    plan = initial_plan(
        D(2024, 12, 4),
        D(2025, 3, 20),
        meeting=D(2025, 4, 10),
        exception=EvaluationException.TRANSFERRED_WITH_AGREED_DATE,
        agreed_completion_date=D(2025, 3, 31),
    )
    assert d207(plan, jurisdiction="US-CA", calendar=two_year_calendar()) == []


def test_california_without_an_initial_meeting_the_completion_decides() -> None:
    evaluated = attrs.evolve(
        annual_plan(D(2025, 9, 10)),
        evaluations=(initial_evaluation(D(2024, 12, 4), D(2025, 2, 18)),),
    )
    options = {"as_of": D(2025, 9, 11), "calendar": two_year_calendar()}
    assert d207_paths(evaluated, jurisdiction="US-CA", **options) == []


@pytest.mark.parametrize(
    ("code", "consent", "completed", "words"),
    [
        ("US-PA", D(2025, 5, 15), D(2025, 10, 3), "summer break"),
        ("US-CA", D(2025, 5, 1), D(2025, 10, 3), "long school breaks"),
        ("US-TX", D(2025, 4, 25), D(2025, 10, 3), "weekdays"),
    ],
)
def test_estimate_beyond_the_calendar_says_what_was_not_known(
    code: str, consent: dt.date, completed: dt.date, words: str
) -> None:
    # calendar_2024_25 ends with the 2024-25 school year; the counts run past it.
    plan = initial_plan(consent, completed)
    findings = iepmodel.check(
        plan, as_of=D(2025, 10, 5), jurisdiction=code, calendar=calendar_2024_25(), select="D207"
    )
    assert [f.code for f in findings] == ["D207"]
    message = findings[0].message
    assert "estimate" in message
    assert "calendar does not cover" in message
    assert words in message
    if words != "weekdays":
        assert "weekday" not in message


def test_evaluation_listed_in_several_plans_is_reported_once() -> None:
    first = initial_plan(D(2025, 1, 10), D(2025, 3, 12), meeting=D(2025, 3, 20))
    later = attrs.evolve(annual_plan(D(2026, 3, 15)), evaluations=first.evaluations)
    findings = iepmodel.check([later, first], as_of=D(2026, 3, 16))
    assert [(f.plan_id, f.code) for f in findings] == [("initial", "D207")]


def test_pending_evaluation_completed_in_a_later_plan_is_not_pending() -> None:
    pending = initial_plan(D(2025, 1, 10), None, meeting=D(2025, 2, 1))
    done = attrs.evolve(
        annual_plan(D(2025, 9, 1)),
        evaluations=(initial_evaluation(D(2025, 1, 10), D(2025, 3, 1)),),
    )
    assert check_codes([pending, done], as_of=D(2025, 9, 2), select="D207") == []


# --- initial IEP meeting (300.323(c)(1)) ------------------------------------------------


def test_scenario_l08_initial_meeting_within_30_days_of_eligibility() -> None:
    on_time = initial_plan(
        D(2025, 1, 10), D(2025, 3, 5), eligibility=D(2025, 3, 11), meeting=D(2025, 4, 10)
    )
    assert check_codes(on_time, as_of=D(2025, 4, 11)) == []


def test_scenario_l08_initial_meeting_one_day_late() -> None:
    late = initial_plan(
        D(2025, 1, 10), D(2025, 3, 5), eligibility=D(2025, 3, 11), meeting=D(2025, 4, 11)
    )
    findings = iepmodel.check(late, as_of=D(2025, 4, 12))
    assert [(f.code, f.path, f.due) for f in findings] == [
        ("D208", "meeting.date", D(2025, 4, 10))
    ]
    assert findings[0].citation == "34 CFR 300.323(c)(1)"


def test_scenario_l41_ontario_iep_within_30_school_days_of_placement() -> None:
    student = attrs.evolve(elementary().student, date_of_birth=D(2010, 12, 1))  # 15
    transition_plan = iepmodel.TransitionPlan(
        services=(iepmodel.TransitionService(description="Visit to the college."),)
    )

    def ontario(meeting: dt.date) -> iepmodel.IEP:
        plan = initial_plan(
            D(2025, 10, 1), D(2025, 11, 20), eligibility=D(2025, 11, 24), meeting=meeting
        )
        return attrs.evolve(plan, student=student, transition=transition_plan)

    calendar = ontario_calendar()
    on_time = ontario(D(2026, 1, 16))
    assert (
        check_codes(on_time, as_of=D(2026, 1, 20), jurisdiction="CA-ON", calendar=calendar) == []
    )
    late = iepmodel.check(
        ontario(D(2026, 1, 20)), as_of=D(2026, 1, 21), jurisdiction="CA-ON", calendar=calendar
    )
    assert [(f.code, f.due) for f in late] == [("D208", D(2026, 1, 19))]
    assert "O. Reg. 181/98 s. 6(8)" in late[0].citation


# --- Part C to Part B (300.124(b)) -------------------------------------------------------


def test_scenario_l32_services_start_on_the_third_birthday() -> None:
    plan = preschool()
    assert plan.start_date == D(2025, 10, 15)
    assert check_codes(plan) == []


def test_scenario_l33_plan_starts_after_the_third_birthday() -> None:
    plan = with_meeting(preschool(start_date=D(2025, 10, 20)), date=D(2025, 10, 20))
    plan = attrs.evolve(
        plan,
        evaluations=(
            initial_evaluation(D(2025, 8, 1), D(2025, 9, 25), eligibility_date=D(2025, 10, 1)),
        ),
        parent_consent_date=D(2025, 10, 20),
    )
    findings = iepmodel.check(plan, as_of=D(2025, 10, 21))
    assert [(f.code, f.path, f.due) for f in findings] == [("D209", "start_date", D(2025, 10, 15))]
    assert findings[0].citation == "34 CFR 300.124(b)"


def test_scenario_l38_summer_birthday_services_start_in_the_fall() -> None:
    student = attrs.evolve(preschool().student, date_of_birth=D(2022, 7, 10))
    plan = preschool(student=student, start_date=D(2025, 6, 20), end_date=D(2026, 6, 19))
    plan = with_meeting(plan, date=D(2025, 6, 20), notice_date=D(2025, 6, 2))
    plan = attrs.evolve(
        plan,
        evaluations=(
            initial_evaluation(D(2025, 4, 1), D(2025, 5, 20), eligibility_date=D(2025, 6, 1)),
        ),
        parent_consent_date=D(2025, 6, 20),
        services=tuple(attrs.evolve(s, start_date=D(2025, 8, 26)) for s in plan.services),
    )
    assert check_codes(plan, as_of=D(2025, 6, 21)) == []


# --- annual review (300.324(b)(1)) -----------------------------------------------------


def l20_history() -> list[iepmodel.IEP]:
    return [annual_plan(D(2024, 2, 29)), annual_plan(D(2025, 2, 28))]


def test_scenario_l20_leap_day_meeting_anniversary_minus_one() -> None:
    findings = iepmodel.check(l20_history(), as_of=D(2025, 3, 1))
    assert [(f.plan_id, f.code, f.due) for f in findings] == [
        ("annual-2024-02-29", "D201", D(2025, 2, 27))
    ]
    assert findings[0].citation == "34 CFR 300.324(b)(1)"


@pytest.mark.parametrize("convention", [AnnualConvention.ANNIVERSARY, AnnualConvention.DAYS_365])
def test_scenario_l20_other_conventions_are_on_time(convention: AnnualConvention) -> None:
    profile = derive(
        iepmodel.jurisdiction("US"), code="US-X", name="X", annual_convention=convention
    )
    assert check_codes(l20_history(), as_of=D(2025, 3, 1), jurisdiction=profile) == []


@pytest.mark.parametrize(
    ("convention", "expected"),
    [
        (AnnualConvention.ANNIVERSARY_MINUS_ONE, [("annual-2023-03-01", D(2024, 2, 29))]),
        (AnnualConvention.DAYS_365, [("annual-2023-03-01", D(2024, 2, 29))]),
        (AnnualConvention.ANNIVERSARY, []),
    ],
)
def test_scenario_l21_march_first_to_march_first(
    convention: AnnualConvention, expected: list[tuple[str, dt.date]]
) -> None:
    profile = derive(
        iepmodel.jurisdiction("US"), code="US-X", name="X", annual_convention=convention
    )
    plans = [annual_plan(D(2023, 3, 1)), annual_plan(D(2024, 3, 1))]
    findings = iepmodel.check(plans, as_of=D(2024, 3, 2), jurisdiction=profile, select="D201")
    assert [(f.plan_id, f.due) for f in findings] == expected


def test_scenario_l22_amendment_does_not_reset_the_annual_review() -> None:
    annual = annual_plan(D(2024, 5, 1))
    change = amendment(D(2024, 9, 10), annual)
    findings = iepmodel.check([change, annual], as_of=D(2025, 5, 1))
    assert [(f.plan_id, f.code, f.due) for f in findings] == [
        ("annual-2024-05-01", "D201", D(2025, 4, 30))
    ]


def test_annual_review_due_soon_is_a_warning() -> None:
    annual = annual_plan(D(2024, 5, 1))
    findings = iepmodel.check([annual, amendment(D(2024, 9, 10), annual)], as_of=D(2025, 4, 15))
    assert [(f.plan_id, f.code, f.severity, f.due) for f in findings] == [
        ("annual-2024-05-01", "D202", Severity.WARNING, D(2025, 4, 30))
    ]


def test_annual_review_due_soon_looks_warn_days_ahead() -> None:
    annual = annual_plan(D(2024, 5, 1))
    assert check_codes(annual, as_of=D(2025, 3, 30)) == []
    assert check_codes(annual, as_of=D(2025, 3, 31)) == ["D202"]
    assert check_codes(annual, as_of=D(2025, 4, 30)) == ["D202"]
    assert check_codes(annual, as_of=D(2025, 5, 1)) == ["D201"]


def test_a_meeting_on_the_due_date_is_on_time() -> None:
    plans = [annual_plan(D(2024, 5, 1)), annual_plan(D(2025, 4, 30))]
    assert check_codes(plans, as_of=D(2025, 5, 1)) == []


def test_scenario_l23_amendment_without_meeting_or_agreement() -> None:
    annual = annual_plan(D(2024, 5, 1))
    change = amendment(D(2024, 9, 10), annual, amendment_agreement_date=None)
    findings = iepmodel.check([annual, change], as_of=D(2024, 9, 11))
    assert [(f.plan_id, f.code, f.path) for f in findings] == [
        ("amendment-2024-09-10", "D211", "amendment_agreement_date")
    ]
    assert findings[0].citation == "34 CFR 300.324(a)(4)"


def test_scenario_l24_annual_review_held_after_summer() -> None:
    plans = [annual_plan(D(2024, 7, 1)), annual_plan(D(2025, 9, 5))]
    findings = iepmodel.check(plans, as_of=D(2025, 9, 6))
    assert [(f.plan_id, f.code, f.due) for f in findings] == [
        ("annual-2024-07-01", "D201", D(2025, 6, 30))
    ]


def test_plan_end_date_past_its_annual_review() -> None:
    plan = annual_plan(D(2024, 5, 1), end_date=D(2025, 5, 1))
    findings = iepmodel.check(plan, as_of=D(2024, 5, 2))
    assert [(f.code, f.path, f.due) for f in findings] == [("D203", "end_date", D(2025, 4, 30))]


def test_amendment_end_date_is_checked_against_the_last_review() -> None:
    annual = annual_plan(D(2024, 5, 1))
    change = amendment(D(2024, 9, 10), annual, end_date=D(2025, 5, 1))
    findings = iepmodel.check([annual, change], as_of=D(2024, 9, 11))
    assert [(f.plan_id, f.code, f.due) for f in findings] == [
        ("amendment-2024-09-10", "D203", D(2025, 4, 30))
    ]


def test_draft_plan_does_not_count_as_a_review() -> None:
    plans = [annual_plan(D(2024, 5, 1)), annual_plan(D(2025, 4, 20), status=PlanStatus.DRAFT)]
    assert check_codes(plans, as_of=D(2025, 5, 1), select="D201") == ["D201"]


# --- reevaluation (300.303) -------------------------------------------------------------


def l25_plan(**changes: Any) -> iepmodel.IEP:
    plan = annual_plan(D(2024, 7, 1))
    return attrs.evolve(
        plan, evaluations=(initial_evaluation(D(2022, 3, 1), D(2022, 4, 15)),), **changes
    )


def test_scenario_l25_reevaluation_overdue() -> None:
    findings = iepmodel.check(l25_plan(), as_of=D(2025, 4, 15))
    assert [(f.code, f.path, f.due) for f in findings] == [("D204", "evaluations", D(2025, 4, 14))]
    assert findings[0].citation == "34 CFR 300.303(b)(2)"


def test_reevaluation_due_soon_is_a_warning() -> None:
    findings = iepmodel.check(l25_plan(), as_of=D(2025, 4, 1))
    assert [(f.code, f.severity, f.due) for f in findings] == [
        ("D205", Severity.WARNING, D(2025, 4, 14))
    ]


def test_scenario_l26_reevaluation_waiver_restarts_the_clock() -> None:
    plan = l25_plan(reevaluation_waiver_date=D(2025, 3, 1))
    assert check_codes(plan, as_of=D(2025, 4, 15)) == []
    findings = iepmodel.check(plan, as_of=D(2028, 3, 1), select="D204")
    assert [(f.code, f.due) for f in findings] == [("D204", D(2028, 2, 29))]


def test_scenario_l27c_reevaluation_within_a_year_by_agreement() -> None:
    plan = annual_plan(D(2025, 3, 15))
    plan = attrs.evolve(
        plan,
        evaluations=(
            reevaluation(D(2024, 7, 1), D(2024, 9, 1)),
            reevaluation(D(2025, 2, 1), D(2025, 3, 10), early_by_agreement=True),
        ),
    )
    assert check_codes(plan, as_of=D(2025, 3, 16)) == []


def test_scenario_l28_reevaluation_within_a_year_without_agreement() -> None:
    plan = annual_plan(D(2025, 3, 15))
    plan = attrs.evolve(
        plan,
        evaluations=(
            reevaluation(D(2024, 7, 1), D(2024, 9, 1)),
            reevaluation(D(2025, 3, 1), None),
        ),
    )
    findings = iepmodel.check(plan, as_of=D(2025, 3, 16))
    assert [(f.code, f.path, f.due) for f in findings] == [
        ("D206", "evaluations[1].consent_date", D(2025, 9, 1))
    ]
    assert findings[0].citation == "34 CFR 300.303(b)(1)"


def l29_plan() -> iepmodel.IEP:
    plan = l25_plan()
    student = attrs.evolve(
        plan.student,
        disabilities=(DisabilityCategory.AUTISM, DisabilityCategory.INTELLECTUAL_DISABILITY),
    )
    return attrs.evolve(
        plan, student=student, evaluations=(reevaluation(D(2023, 3, 1), D(2023, 5, 1)),)
    )


def test_scenario_l29_pennsylvania_intellectual_disability_every_two_years() -> None:
    findings = iepmodel.check(l29_plan(), as_of=D(2025, 5, 1), jurisdiction="US-PA")
    assert [(f.code, f.due) for f in findings] == [("D204", D(2025, 4, 30))]
    assert "22 Pa. Code 14.124(c)" in findings[0].citation


def test_scenario_l29_federal_three_years_not_yet_due() -> None:
    assert check_codes(l29_plan(), as_of=D(2025, 5, 1), jurisdiction="US") == []


def test_reevaluation_is_reported_once_on_the_latest_plan() -> None:
    older = l25_plan(id="older")
    newer = attrs.evolve(annual_plan(D(2025, 5, 20)), evaluations=older.evaluations)
    findings = iepmodel.check([newer, older], as_of=D(2025, 6, 1), select="D204")
    assert [(f.plan_id, f.due) for f in findings] == [("annual-2025-05-20", D(2025, 4, 14))]


def test_reevaluation_in_an_earlier_plan_counts_for_the_later_one() -> None:
    older = attrs.evolve(
        l25_plan(id="older"), evaluations=(reevaluation(D(2025, 1, 2), D(2025, 2, 1)),)
    )
    newer = attrs.evolve(annual_plan(D(2025, 5, 20)), evaluations=())
    assert check_codes([older, newer], as_of=D(2025, 6, 1), select="D20") == []


# --- meeting notice (300.322(a)(1)) -----------------------------------------------------


def test_illinois_notice_ten_days_before_is_on_time() -> None:
    plan = with_meeting(elementary(), notice_date=D(2025, 9, 21))
    assert check_codes(plan, jurisdiction="US-IL") == []


def test_illinois_meeting_without_a_recorded_notice_is_not_a_late_notice() -> None:
    # notice_date is optional (format.md); D210 finds only a notice later than the minimum.
    plan = with_meeting(elementary(), notice_date=None)
    assert check_codes(plan, jurisdiction="US-IL") == []


def test_illinois_notice_nine_days_before_is_late() -> None:
    plan = with_meeting(elementary(), notice_date=D(2025, 9, 22))
    findings = iepmodel.check(plan, as_of=AS_OF, jurisdiction="US-IL")
    assert [(f.code, f.path, f.due) for f in findings] == [
        ("D210", "meeting.notice_date", D(2025, 9, 21))
    ]
