"""Indicators 5, 6, 11, 12 and 13 on data sets computed by hand from regulations.md §7."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iepmodel
from analysis_helpers import COUNT_DATE, D, age_on_count_date, part_c, placement, plan, service
from iepmodel import (
    IEP,
    Evaluation,
    EvaluationException,
    EvaluationKind,
    Facility,
    Goal,
    GoalArea,
    Meeting,
    Participant,
    PlanKind,
    PlanStatus,
    PostsecondaryGoal,
    Role,
    ServiceSetting,
    ServiceType,
    TransitionDomain,
    TransitionPlan,
    TransitionService,
)
from iepmodel.analysis import (
    Rate,
    indicator_5,
    indicator_6,
    indicator_11,
    indicator_12,
    indicator_12_from_counts,
    indicator_13,
    indicators_table,
    rate,
    transition_checklist,
)
from iepmodel.testing.strategies import plans
from iepmodel.timelines import initial_evaluation_due

EXAMPLES = Path(__file__).parent / "data"
AS_OF_11 = D(2025, 6, 30)
START_11 = D(2025, 4, 1)
AS_OF_12 = D(2025, 12, 31)
AS_OF_13 = D(2025, 10, 1)
MEETING_13 = D(2025, 9, 15)
VOCATIONAL_GOAL = Goal(area=GoalArea.VOCATIONAL, statement="Completes a job application.")


# --- indicator 5 -----------------------------------------------------------------------------


def school_age_data() -> list[IEP]:
    def child(
        plan_id: str,
        age: int,
        percent: float,
        facility: Facility = Facility.REGULAR_SCHOOL,
        **fields: object,
    ) -> IEP:
        return plan(
            plan_id,
            born=age_on_count_date(age),
            place=placement(percent, facility),
            grade=fields.pop("grade", None),
            **fields,
        )  # type: ignore[arg-type]

    return [
        child("A80", 10, 80.0),
        child("A100", 12, 100),
        child("A799", 8, 79.9),
        child("A40", 14, 40.0),
        child("A399", 9, 39.9),
        child("A0", 17, 0),
        child("ASS", 17, 0, Facility.SEPARATE_SCHOOL),
        child("ARF", 15, 0, Facility.RESIDENTIAL_FACILITY),
        child("AHH", 11, 0, Facility.HOMEBOUND_HOSPITAL),
        child("ACF", 17, 0, Facility.CORRECTIONAL_FACILITY),
        child("APP", 13, 100, Facility.PRIVATE_SCHOOL_PARENT_PLACED),
        child("K5", 5, 85, grade="K"),
        # not in the population
        child("PK5", 5, 85, grade="PK"),
        child("T22", 22, 100),
        child("DRAFT", 10, 100, status=PlanStatus.DRAFT),
        child("ENDED", 10, 100, start=D(2024, 9, 1), end=D(2025, 6, 30)),
        plan("NP", born=age_on_count_date(10)),  # no placement: unclassified
    ]


def test_indicator_5_by_hand() -> None:
    result = indicator_5(school_age_data(), COUNT_DATE)
    population = (
        "A0",
        "A100",
        "A399",
        "A40",
        "A799",
        "A80",
        "ACF",
        "AHH",
        "APP",
        "ARF",
        "ASS",
        "K5",
    )
    assert result.a.denominator_ids == result.b.denominator_ids == population
    assert (result.a.numerator_ids, result.a.denominator, result.a.percent) == (
        ("A100", "A80", "K5"),
        12,
        25.0,
    )
    assert result.b.numerator_ids == ("A0", "A399")
    assert result.b.percent == pytest.approx(100 * 2 / 12)
    assert result.c.numerator_ids == ("AHH", "ARF", "ASS")
    assert result.by_code["RC79TO40"] == ("A40", "A799")
    assert result.by_code["CF"] == ("ACF",)
    assert result.by_code["PPPS"] == ("APP",)
    assert result.unclassified == ("NP",)
    assert list(result.rates()) == ["5A", "5B", "5C"]


def test_indicator_5_regulation_rows_i01_and_i05() -> None:
    # I01: 80.0 / 79.9 / 40.0 / 39.9 -> 5A / band / band / 5B
    data = [
        plan(f"I01-{p}", born=age_on_count_date(10), place=placement(p))
        for p in (80.0, 79.9, 40.0, 39.9)
    ]
    result = indicator_5(data, COUNT_DATE)
    assert result.a.numerator_ids == ("I01-80.0",)
    assert result.b.numerator_ids == ("I01-39.9",)
    assert result.by_code["RC79TO40"] == ("I01-40.0", "I01-79.9")
    # I05: 17 in a separate public day school -> 5C; in a correctional facility -> denominator only
    data = [
        plan("SS", born=age_on_count_date(17), place=placement(0, Facility.SEPARATE_SCHOOL)),
        plan("CF", born=age_on_count_date(17), place=placement(0, Facility.CORRECTIONAL_FACILITY)),
    ]
    result = indicator_5(data, COUNT_DATE)
    assert (result.c.numerator_ids, result.c.denominator) == (("SS",), 2)
    assert result.a.numerator == result.b.numerator == 0


# --- indicator 6 -----------------------------------------------------------------------------


def preschool_data() -> list[IEP]:
    home = [
        service(ServiceType.SPEECH_LANGUAGE, minutes=60, setting=ServiceSetting.HOME),
        service(ServiceType.PHYSICAL_THERAPY, minutes=30, setting=ServiceSetting.OTHER),
    ]
    return [
        plan("E1", born=age_on_count_date(4), place=placement(100, hours=12, in_program=True)),
        plan("E2", born=age_on_count_date(4), place=placement(100, hours=5, in_program=True)),
        # I03: majority of services in a clinic pull-out: denominator only
        plan("E3", born=age_on_count_date(4), place=placement(100, hours=12, in_program=False)),
        # I04: separate special education class / majority of services at home
        plan(
            "E4",
            born=age_on_count_date(3),
            place=placement(0),
            services=(service(setting=ServiceSetting.SPECIAL_EDUCATION),),
        ),
        plan("E5", born=age_on_count_date(4), place=placement(0, Facility.SEPARATE_SCHOOL)),
        plan(
            "E6", born=age_on_count_date(5), grade="PK", place=placement(0), services=tuple(home)
        ),
        plan(
            "E7",
            born=age_on_count_date(3),
            place=placement(0),
            services=(service(ServiceType.SPEECH_LANGUAGE, setting=ServiceSetting.OTHER),),
        ),
        # I02: five in kindergarten counts in indicator 5, not 6
        plan(
            "K5",
            born=age_on_count_date(5),
            grade="K",
            place=placement(100, hours=12, in_program=True),
        ),
    ]


def test_indicator_6_by_hand() -> None:
    result = indicator_6(preschool_data(), COUNT_DATE)
    assert result.a.denominator_ids == ("E1", "E2", "E3", "E4", "E5", "E6", "E7")
    assert result.a.numerator_ids == ("E1", "E2")
    assert result.b.numerator_ids == ("E4", "E5")
    assert result.c.numerator_ids == ("E6",)
    assert result.a.percent == pytest.approx(200 / 7)
    assert result.by_code["REC10YOTHLOC"] == ("E3",)
    assert result.by_code["SPL"] == ("E7",)


def test_five_year_old_in_kindergarten_counts_in_5_and_in_preschool_in_6() -> None:
    data = preschool_data()
    assert "K5" in (indicator_5(data, COUNT_DATE).a.denominator_ids or ())
    assert "K5" not in (indicator_6(data, COUNT_DATE).a.denominator_ids or ())
    data5 = school_age_data()
    assert "PK5" in (indicator_6(data5, COUNT_DATE).a.denominator_ids or ())


# --- indicator 11 ----------------------------------------------------------------------------


def evaluated(
    plan_id: str,
    *evaluations: Evaluation,
    student_id: str | None = None,
    start: dt.date = START_11,
) -> IEP:
    return plan(
        plan_id,
        student_id=student_id,
        kind=PlanKind.INITIAL,
        start=start,
        end=D(2026, 3, 31),
        evaluations=evaluations,
    )


def initial(consent: dt.date, completed: dt.date | None = None, **fields: object) -> Evaluation:
    return Evaluation(
        kind=EvaluationKind.INITIAL, consent_date=consent, completed_date=completed, **fields
    )  # type: ignore[arg-type]


def evaluation_data() -> list[IEP]:
    l01 = initial(D(2025, 1, 10), D(2025, 3, 11))
    return [
        evaluated("L01", l01, student_id="S01"),
        evaluated(
            "L01-later", l01, student_id="S01", start=D(2025, 5, 1)
        ),  # the same, listed again
        evaluated("L02", initial(D(2025, 1, 10), D(2025, 3, 12))),
        evaluated("L03", initial(D(2024, 12, 16), D(2025, 2, 20))),
        evaluated(
            "L04",
            initial(
                D(2025, 1, 2),
                D(2025, 3, 18),
                exception=EvaluationException.PARENT_DID_NOT_PRODUCE_CHILD,
            ),
        ),
        evaluated(
            "L05",
            initial(
                D(2025, 1, 15),
                D(2025, 4, 25),
                exception=EvaluationException.TRANSFERRED_WITH_AGREED_DATE,
                agreed_completion_date=D(2025, 4, 30),
            ),
        ),
        evaluated(
            "L06",
            initial(
                D(2025, 1, 15),
                D(2025, 3, 26),
                exception=EvaluationException.TRANSFERRED_WITH_AGREED_DATE,
            ),
        ),
        evaluated("PENDING", initial(D(2025, 6, 1))),
        evaluated("OVERDUE", initial(D(2025, 3, 1))),
        evaluated("AFTER", initial(D(2025, 4, 1), D(2025, 7, 15))),
        evaluated("FUTURE", initial(D(2025, 7, 1), D(2025, 7, 2))),
        evaluated(
            "REEVAL",
            Evaluation(
                kind=EvaluationKind.REEVALUATION,
                consent_date=D(2025, 1, 1),
                completed_date=D(2025, 5, 1),
            ),
        ),
    ]


def test_indicator_11_by_hand() -> None:
    result = indicator_11(evaluation_data(), AS_OF_11)
    by_plan = {e.plan_id: e for e in result.evaluations}
    assert by_plan["L01-later"].status == "timely"  # listed twice, counted once
    assert "L01" not in by_plan
    assert by_plan["L01-later"].due_date == D(2025, 3, 11)  # L01: on the due date is on time
    assert (by_plan["L02"].status, by_plan["L02"].days_late) == ("late", 1)
    assert (by_plan["L03"].due_date, by_plan["L03"].days_late) == (D(2025, 2, 14), 6)
    assert by_plan["L04"].status == "exception"
    assert by_plan["L05"].status == "exception"
    assert (by_plan["L06"].status, by_plan["L06"].days_late) == ("late", 10)
    assert by_plan["PENDING"].status == "not_yet_due"
    assert (by_plan["OVERDUE"].status, by_plan["OVERDUE"].days_late) == ("overdue", 61)
    assert (by_plan["AFTER"].status, by_plan["AFTER"].end_date) == ("overdue", None)
    assert "FUTURE" not in by_plan
    assert "REEVAL" not in by_plan
    assert result.rate.numerator_ids == ("L01-later",)
    assert result.rate.denominator_ids == ("AFTER", "L01-later", "L02", "L03", "L06", "OVERDUE")
    assert (result.a, result.b) == (6, 1)
    assert result.days_late_range == (1, 61)
    assert len(result.late) == 5


def test_indicator_11_exceptions_can_count_as_timely_and_a_window_can_start_later() -> None:
    timely = indicator_11(evaluation_data(), AS_OF_11, exceptions="timely")
    assert (timely.a, timely.b) == (8, 3)
    windowed = indicator_11(evaluation_data(), AS_OF_11, since=D(2025, 1, 1))
    assert "L03" not in (windowed.rate.denominator_ids or ())
    assert windowed.a == 5


def test_indicator_11_state_timeframe_and_end_event_are_parameters() -> None:
    data = [
        evaluated("X", initial(D(2025, 1, 10), D(2025, 3, 1), eligibility_date=D(2025, 3, 20)))
    ]
    assert indicator_11(data, AS_OF_11).b == 1
    assert indicator_11(data, AS_OF_11, end="eligibility").b == 0
    assert indicator_11(data, AS_OF_11, timeline_days=45).evaluations[0].days_late == 5
    fixed = indicator_11(data, AS_OF_11, due_date=lambda consent: D(2025, 2, 1))
    assert fixed.evaluations[0].due_date == D(2025, 2, 1)


def test_indicator_11_percent_of_regulation_row_i06() -> None:
    assert rate("11", 111, 120).percent == 92.5


# --- indicator 12 ----------------------------------------------------------------------------


def part_c_data() -> list[IEP]:
    exception = initial(D(2025, 8, 1), exception=EvaluationException.PARENT_DID_NOT_PRODUCE_CHILD)
    return [
        part_c("L32", meeting=D(2025, 10, 1), start=D(2025, 10, 15)),  # c, on the birthday
        part_c("L33", meeting=D(2025, 10, 20), start=D(2025, 10, 20)),  # late
        part_c("L34", meeting=D(2025, 10, 20), start=D(2025, 10, 20)),  # d (parent refusal)
        part_c("EXC", meeting=D(2025, 11, 1), start=D(2025, 11, 1), evaluations=(exception,)),
        part_c("STARTLATE", meeting=D(2025, 10, 1), start=D(2025, 10, 16)),  # implemented late
        part_c("YOUNG", meeting=D(2025, 12, 1), start=D(2025, 12, 1), born=D(2023, 2, 1)),
        plan("NOTC", born=D(2022, 10, 15), start=D(2025, 11, 1), end=D(2026, 10, 31)),
        part_c(
            "DRAFTONLY",
            meeting=D(2025, 9, 1),
            start=D(2025, 9, 1),
            born=D(2022, 11, 1),
            status=PlanStatus.DRAFT,
        ),
    ]


def test_indicator_12_by_hand() -> None:
    result = indicator_12(
        part_c_data(),
        AS_OF_12,
        parent_refusal={"S-L34"},
        part_c_eligible_late={"S-L35"},
        not_eligible={"S-NE"},
        continuing_part_c={"S-CP"},
    )
    elements = {child.student_id: child.element for child in result.children}
    assert elements == {
        "S-L32": "c",
        "S-L33": "late",
        "S-L34": "d",
        "S-EXC": "d",
        "S-STARTLATE": "late",
        "S-DRAFTONLY": "late",
        "S-L35": "e",
        "S-NE": "b",
        "S-CP": "f",
    }
    assert (result.a, result.b, result.c, result.d, result.e, result.f) == (9, 1, 1, 2, 1, 1)
    assert result.rate.numerator_ids == ("S-L32",)
    assert result.rate.denominator_ids == ("S-DRAFTONLY", "S-L32", "S-L33", "S-STARTLATE")
    assert result.rate.percent == 25.0
    assert result.rate.id_kind == "student"
    days = {child.student_id: child.days_late for child in result.children}
    assert days["S-L33"] == 5
    assert days["S-STARTLATE"] == 1
    assert days["S-DRAFTONLY"] == (AS_OF_12 - D(2025, 11, 1)).days


def test_indicator_12_plans_dated_after_as_of_are_not_known_yet() -> None:
    data = [part_c("L32", meeting=D(2025, 10, 1), start=D(2025, 10, 15))]
    assert indicator_12(data, D(2025, 10, 14)).a == 0  # third birthday not reached
    assert indicator_12(data, D(2025, 10, 15)).c == 1
    late = [part_c("L33", meeting=D(2025, 10, 20), start=D(2025, 10, 20))]
    assert indicator_12(late, D(2025, 10, 16)).children[0].plan_id is None


def test_indicator_12_formula_of_regulation_row_i07() -> None:
    result = indicator_12_from_counts(a=50, b=5, c=38, d=2, e=3, f=1)
    assert (result.numerator, result.denominator, result.rounded()) == (38, 39, 97.4)


# --- indicator 13 ----------------------------------------------------------------------------


def youth(
    plan_id: str,
    *,
    age: int = 17,
    agency: str | None = None,
    consent: dt.date | None = None,
    invite_student: bool = True,
    domains: tuple[TransitionDomain, ...] = (
        TransitionDomain.EDUCATION_TRAINING,
        TransitionDomain.EMPLOYMENT,
    ),
    course: str | None = "CTE pathway",
    meeting: dt.date = MEETING_13,
    **fields: object,
) -> IEP:
    people = [Participant(name="Parent", roles=(Role.PARENT,))]
    if invite_student:
        people.append(Participant(name="Student", roles=(Role.STUDENT,)))
    if consent is not None:
        people.append(
            Participant(name="Agency", roles=(Role.AGENCY_REPRESENTATIVE,), consent_date=consent)
        )
    return plan(
        plan_id,
        born=age_on_count_date(age),
        start=max(meeting, D(2024, 9, 1)),
        meeting=Meeting(date=meeting, participants=tuple(people)),
        transition=TransitionPlan(
            postsecondary_goals=tuple(
                PostsecondaryGoal(domain=d, statement="A goal.") for d in domains
            ),
            assessments=("career interest inventory",),
            services=(TransitionService(description="Job shadowing", agency=agency),),
            course_of_study=course,
        ),
        **{"goals": (VOCATIONAL_GOAL,), **fields},  # type: ignore[arg-type]
    )


def test_transition_checklist_answers_each_item() -> None:
    full = transition_checklist(youth("OK"), AS_OF_13)
    assert full.answers == ("yes",) * 7 + ("na",)
    assert full.meets
    # I08: all yes except item 5 (no course of study): does not meet
    i08 = transition_checklist(youth("I08", course=None), AS_OF_13)
    assert i08.q5_courses_of_study == "no"
    assert not i08.meets
    # I09: items 1-7 yes, item 8 NA (no agency likely to provide or pay): meets
    assert transition_checklist(youth("I09"), AS_OF_13).meets
    with_agency = transition_checklist(youth("AG", agency="VR", consent=D(2025, 9, 1)), AS_OF_13)
    assert (with_agency.q8_agency_invited, with_agency.meets) == ("yes", True)
    late_consent = transition_checklist(
        youth("AG2", agency="VR", consent=D(2025, 9, 16)), AS_OF_13
    )
    assert (late_consent.q8_agency_invited, late_consent.meets) == ("no", False)
    no_rep = transition_checklist(youth("AG3", agency="VR"), AS_OF_13)
    assert no_rep.q8_agency_invited == "no"
    assert (
        transition_checklist(youth("NS", invite_student=False), AS_OF_13).q7_student_invited
        == "no"
    )
    employment_only = transition_checklist(
        youth("E", domains=(TransitionDomain.EMPLOYMENT,)), AS_OF_13
    )
    assert employment_only.q1_postsecondary_goals == "no"
    stale = transition_checklist(
        youth("OLD", meeting=D(2024, 9, 1), end=D(2025, 12, 31)), AS_OF_13
    )
    assert stale.q2_updated_annually == "no"
    no_goals = transition_checklist(youth("NG", goals=()), AS_OF_13)
    assert no_goals.q6_annual_goals == "no"
    nothing = transition_checklist(plan("NONE", born=age_on_count_date(17)), AS_OF_13)
    assert nothing.answers == ("no",) * 7 + ("na",)


def test_indicator_13_by_hand() -> None:
    data = [
        youth("OK"),
        youth("I08", course=None),
        youth("AG", agency="VR", consent=D(2025, 9, 1)),
        youth("AG2", agency="VR", consent=D(2025, 9, 16)),
        youth("Y15", age=15),
        youth("Y16", age=16, course=None),
    ]
    result = indicator_13(data, AS_OF_13)
    assert result.rate.denominator_ids == ("AG", "AG2", "I08", "OK", "Y16")
    assert result.rate.numerator_ids == ("AG", "OK")
    assert result.rate.percent == 40.0
    # a state with a younger transition age (New York: 15)
    assert indicator_13(data, AS_OF_13, min_age=15).rate.denominator == 6
    assert [c.plan_id for c in result.table()] == ["AG", "AG2", "I08", "OK", "Y16"]


def test_the_shared_transition_example_meets_indicator_13() -> None:
    example = iepmodel.from_json((EXAMPLES / "annual-transition.json").read_text(encoding="utf-8"))
    result = indicator_13([example], D(2026, 6, 1))
    assert result.rate.numerator_ids == (example.id,)


# --- rates and the summary table ---------------------------------------------------------------


def test_rate_rejects_inconsistent_counts_and_ids() -> None:
    with pytest.raises(ValueError, match="numerator <= denominator"):
        rate("x", 3, 2)
    with pytest.raises(ValueError, match="one id per"):
        Rate(name="x", numerator=1, denominator=1, numerator_ids=(), denominator_ids=("a",))
    with pytest.raises(ValueError, match="sorted"):
        Rate(name="x", numerator=0, denominator=2, numerator_ids=(), denominator_ids=("b", "a"))
    assert rate("x", 0, 0).percent is None
    assert rate("x", 0, 0).rounded() is None


def test_indicators_table_has_one_row_per_measure() -> None:
    table = indicators_table(
        indicator_5(school_age_data(), COUNT_DATE), indicator_6(preschool_data(), COUNT_DATE)
    )
    assert [row.measure for row in table] == ["5A", "5B", "5C", "6A", "6B", "6C"]
    assert table.rows[0].percent == 25.0
    frame = table.to_pandas()
    assert list(frame["numerator"]) == [3, 2, 3, 2, 2, 1]


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=10_000))
def test_rate_percent_is_100_times_numerator_over_denominator(a: int, b: int) -> None:
    numerator, denominator = min(a, b), max(a, b)
    value = rate("x", numerator, denominator)
    if denominator == 0:
        assert value.percent is None
    else:
        assert value.percent == 100 * numerator / denominator
        assert 0 <= value.percent <= 100


@settings(deadline=None)
@given(
    st.lists(plans(), max_size=6),
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2046, 1, 1)),
)
def test_every_indicator_traces_its_counts_to_ids(plans_: list[IEP], as_of: dt.date) -> None:
    results = [
        indicator_5(plans_, as_of),
        indicator_6(plans_, as_of),
        indicator_11(plans_, as_of),
        indicator_12(plans_, as_of),
        indicator_13(plans_, as_of),
    ]
    for result in results:
        for value in result.rates().values():
            assert value.numerator_ids is not None
            assert value.denominator_ids is not None
            assert len(value.numerator_ids) == value.numerator
            assert len(value.denominator_ids) == value.denominator
            assert set(value.numerator_ids) <= set(value.denominator_ids)
            if value.denominator:
                assert value.percent == 100 * value.numerator / value.denominator
    five = results[0]
    assert isinstance(five, type(indicator_5([], as_of)))
    in_5 = set(five.a.denominator_ids or ())
    in_6 = set(results[1].a.denominator_ids or ())  # type: ignore[union-attr]
    assert not in_5 & in_6 or len({p.id for p in plans_}) < len(plans_)


def test_draft_plans_do_not_count() -> None:
    final = plan("F", born=age_on_count_date(10), place=placement(100))
    draft = attrs.evolve(final, id="D", status=PlanStatus.DRAFT)
    assert indicator_5([draft], COUNT_DATE).a.denominator == 0
    assert indicator_5([final, draft], COUNT_DATE).a.denominator_ids == ("F",)


def test_indicator_11_takes_a_state_timeframe_from_the_timelines_module() -> None:
    calendar = iepmodel.from_json(
        (EXAMPLES / "calendar-2024-25.json").read_text(encoding="utf-8"), iepmodel.SchoolCalendar
    )

    def illinois(consent: dt.date) -> dt.date:
        return initial_evaluation_due(consent, profile="US-IL", calendar=calendar).date

    # regulations.md L13: consent 2024-11-18, due on the 60th school day, 2025-03-03
    data = [evaluated("L13", initial(D(2024, 11, 18), D(2025, 2, 28)))]
    federal = indicator_11(data, AS_OF_11)
    state = indicator_11(data, AS_OF_11, due_date=illinois)
    # 60 calendar days would end on 2025-01-17; completion 42 days later
    assert (federal.evaluations[0].due_date, federal.evaluations[0].days_late) == (
        D(2025, 1, 17),
        42,
    )
    assert (state.evaluations[0].due_date, state.evaluations[0].status) == (
        D(2025, 3, 3),
        "timely",
    )
