"""Content rules C301-C319 (34 CFR 300.320): the scenarios of regulations.md §8.3 and more."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

import iepmodel
from builders import (
    AS_OF,
    D,
    adding,
    check_codes,
    elementary,
    meeting_of,
    only,
    person,
    preschool,
    transition,
    transition_age_plan,
    with_meeting,
)
from iepmodel import (
    AccommodationContext,
    AssessmentMode,
    AssessmentParticipation,
    Goal,
    Objective,
    PlanKind,
    PlanStatus,
    PostsecondaryGoal,
    Role,
    Severity,
    TransitionDomain,
    TransitionService,
)
from iepmodel.jurisdictions import derive

TRANSITION_AS_OF = D(2026, 3, 2)


def with_objectives(goal: Goal) -> Goal:
    return attrs.evolve(goal, objectives=(Objective(statement="Step one.", criterion="80%"),))


def alternate(
    plan: iepmodel.IEP, *, justification: str | None = "Needs alternate standards."
) -> iepmodel.IEP:
    return attrs.evolve(
        plan,
        assessment=AssessmentParticipation(
            mode=AssessmentMode.ALTERNATE, alternate_justification=justification
        ),
    )


# --- 8.3 IEP content ---------------------------------------------------------------------


def test_scenario_c01_service_without_location() -> None:
    plan = elementary()
    services = (attrs.evolve(plan.services[0], location=None), plan.services[1])
    findings = iepmodel.check(attrs.evolve(plan, services=services), as_of=AS_OF)
    assert [(f.code, f.path, f.citation) for f in findings] == [
        ("C308", "services[0].location", "34 CFR 300.320(a)(7)")
    ]


def test_scenario_c02_alternate_assessment_goals_without_objectives() -> None:
    findings = iepmodel.check(alternate(elementary()), as_of=AS_OF)
    assert [(f.code, f.path) for f in findings] == [
        ("C306", "goals[0].objectives"),
        ("C306", "goals[1].objectives"),
    ]


def test_alternate_assessment_with_objectives_and_justification_is_compliant() -> None:
    plan = alternate(elementary())
    plan = attrs.evolve(plan, goals=tuple(with_objectives(g) for g in plan.goals))
    assert check_codes(plan) == []


def test_scenario_c03_regular_assessment_with_accommodations_needs_no_objectives() -> None:
    plan = elementary()
    assert plan.assessment is not None
    assert plan.assessment.mode is AssessmentMode.REGULAR_WITH_ACCOMMODATIONS
    assert all(not goal.objectives for goal in plan.goals)
    assert check_codes(plan) == []


def test_scenario_c04_alternate_assessment_without_justification() -> None:
    plan = alternate(elementary(), justification=None)
    plan = attrs.evolve(plan, goals=tuple(with_objectives(g) for g in plan.goals))
    findings = iepmodel.check(plan, as_of=AS_OF)
    assert [(f.code, f.path) for f in findings] == [("C307", "assessment.alternate_justification")]


def test_scenario_c05_first_plan_in_effect_at_16_lacks_transition_content() -> None:
    plan = transition(transition=None)
    findings = iepmodel.check(plan, as_of=TRANSITION_AS_OF)
    assert [(f.code, f.path, f.due) for f in findings] == [("C311", "transition", D(2026, 5, 10))]
    assert findings[0].citation == "34 CFR 300.320(b)"


def c06_plan() -> iepmodel.IEP:
    return transition_age_plan(
        D(2010, 5, 10), D(2025, 3, 1), D(2026, 2, 28), with_transition=False
    )


def test_scenario_c06_plan_ending_before_16_needs_no_transition_content_federally() -> None:
    assert check_codes(c06_plan(), as_of=D(2025, 3, 2), jurisdiction="US") == []


def test_scenario_c06_new_york_requires_transition_content_from_15() -> None:
    findings = iepmodel.check(c06_plan(), as_of=D(2025, 3, 2), jurisdiction="US-NY")
    assert [(f.code, f.due) for f in findings] == [("C311", D(2025, 5, 10))]
    assert findings[0].citation == "34 CFR 300.320(b); 8 NYCRR 200.4(d)(2)(ix)"


def c07_plan() -> iepmodel.IEP:
    # An 14-year-old's plan 2025-10-01 to 2026-09-30 with the student invited.
    student = attrs.evolve(elementary().student, date_of_birth=D(2011, 9, 15))
    return adding(elementary(student=student), person("Student", Role.STUDENT))


def test_scenario_c07_illinois_transition_at_fourteen_and_a_half() -> None:
    findings = iepmodel.check(c07_plan(), as_of=AS_OF, jurisdiction="US-IL")
    assert [(f.code, f.due) for f in findings] == [("C311", D(2026, 3, 15))]
    assert "14\u00bd" in findings[0].message


def test_scenario_c07_would_be_compliant_federally() -> None:
    assert check_codes(c07_plan(), jurisdiction="US") == []


def test_scenario_c08_texas_transition_planning_by_fourteen() -> None:
    findings = iepmodel.check(c07_plan(), as_of=AS_OF, jurisdiction="US-TX")
    assert [(f.code, f.due) for f in findings] == [("C311", D(2025, 9, 15))]
    assert "Tex. Educ. Code 29.0111" in findings[0].citation


def test_scenario_c09_employment_goal_only() -> None:
    plan = transition()
    assert plan.transition is not None
    goals = (
        PostsecondaryGoal(domain=TransitionDomain.EMPLOYMENT, statement="Works as a welder."),
    )
    plan = attrs.evolve(plan, transition=attrs.evolve(plan.transition, postsecondary_goals=goals))
    findings = iepmodel.check(plan, as_of=TRANSITION_AS_OF)
    assert [(f.code, f.path) for f in findings] == [("C312", "transition.postsecondary_goals")]
    assert "education or training" in findings[0].message


def test_no_postsecondary_goals_at_all_is_one_finding() -> None:
    plan = transition()
    assert plan.transition is not None
    plan = attrs.evolve(plan, transition=attrs.evolve(plan.transition, postsecondary_goals=()))
    finding = only(iepmodel.check(plan, as_of=TRANSITION_AS_OF), "C312")
    assert "education or training nor for employment" in finding.message


@pytest.mark.parametrize("blank", ["", "   "])
def test_postsecondary_goal_with_a_blank_statement_is_no_goal(blank: str) -> None:
    plan = transition()
    assert plan.transition is not None
    goals = (
        PostsecondaryGoal(domain=TransitionDomain.EDUCATION_TRAINING, statement=blank),
        PostsecondaryGoal(domain=TransitionDomain.EMPLOYMENT, statement="Works as a welder."),
    )
    plan = attrs.evolve(plan, transition=attrs.evolve(plan.transition, postsecondary_goals=goals))
    findings = iepmodel.check(plan, as_of=TRANSITION_AS_OF)
    assert [(f.code, f.path) for f in findings] == [("C312", "transition.postsecondary_goals")]
    assert "education or training" in findings[0].message
    assert "employment" not in findings[0].message


def test_one_transition_service_with_a_description_is_enough() -> None:
    plan = transition()
    assert plan.transition is not None
    services = (TransitionService(description=""), *plan.transition.services)
    plan = attrs.evolve(plan, transition=attrs.evolve(plan.transition, services=services))
    assert check_codes(plan, as_of=TRANSITION_AS_OF) == []


def test_scenario_c10_no_independent_living_goal_is_compliant() -> None:
    plan = transition()
    assert plan.transition is not None
    assert not plan.transition.has_goal_in(TransitionDomain.INDEPENDENT_LIVING)
    assert check_codes(plan, as_of=TRANSITION_AS_OF) == []


def c12_plan() -> iepmodel.IEP:
    return transition_age_plan(D(2008, 6, 1), D(2025, 1, 15), D(2026, 1, 14))


def test_scenario_c12_rights_transfer_statement_due_a_year_before_18() -> None:
    findings = iepmodel.check(c12_plan(), as_of=D(2025, 1, 16))
    assert [(f.code, f.path, f.due) for f in findings] == [
        ("C316", "rights_transfer_notice_date", D(2025, 6, 1))
    ]
    assert findings[0].citation == "34 CFR 300.320(c)"


def test_rights_transfer_statement_given_is_compliant() -> None:
    plan = attrs.evolve(c12_plan(), rights_transfer_notice_date=D(2025, 1, 15))
    assert check_codes(plan, as_of=D(2025, 1, 16)) == []


def test_scenario_c13_alabama_age_of_majority_19_is_compliant() -> None:
    assert check_codes(c12_plan(), as_of=D(2025, 1, 16), jurisdiction="US-AL") == []


def test_scenario_c13_alabama_next_plan_needs_the_statement() -> None:
    plan = transition_age_plan(D(2008, 6, 1), D(2026, 1, 15), D(2027, 1, 14))
    findings = iepmodel.check(plan, as_of=D(2026, 1, 16), jurisdiction="US-AL")
    assert [(f.code, f.due) for f in findings] == [("C316", D(2026, 6, 1))]
    assert "Ala. Code 26-1-1" in findings[0].citation


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 1, 15), D(2027, 1, 14), []),
        (D(2027, 6, 2), D(2028, 5, 31), []),
        (D(2027, 6, 3), D(2028, 6, 1), ["C316"]),
    ],
)
def test_scenario_c14_mississippi_statement_from_2028_06_01(
    start: dt.date, end: dt.date, expected: list[str]
) -> None:
    plan = transition_age_plan(D(2008, 6, 1), start, end)
    as_of = start + dt.timedelta(days=1)
    assert check_codes(plan, as_of=as_of, jurisdiction="US-MS") == expected


def c15_plan() -> iepmodel.IEP:
    return transition_age_plan(D(2008, 2, 29), D(2024, 3, 1), D(2025, 2, 28))


def test_scenario_c15_leap_day_birthday_feb28_convention() -> None:
    findings = iepmodel.check(c15_plan(), as_of=D(2024, 3, 2))
    assert [(f.code, f.due) for f in findings] == [("C316", D(2025, 2, 28))]


def test_scenario_c15_leap_day_birthday_mar1_convention() -> None:
    mar1 = derive(iepmodel.jurisdiction("US"), code="US-MAR1", name="Mar 1", leap_birthday="mar1")
    assert check_codes(c15_plan(), as_of=D(2024, 3, 2), jurisdiction=mar1) == []


def test_scenario_c16_preschool_present_levels_are_compliant() -> None:
    plan = preschool()
    assert plan.present_levels
    assert check_codes(plan) == []


# --- every other content rule -------------------------------------------------------------


def test_no_present_levels() -> None:
    findings = iepmodel.check(elementary(present_levels=()), as_of=AS_OF)
    assert [(f.code, f.path, f.citation) for f in findings] == [
        ("C301", "present_levels", "34 CFR 300.320(a)(1)")
    ]


def test_no_annual_goals() -> None:
    assert check_codes(elementary(goals=())) == ["C302"]


def test_goal_without_criterion_or_measurement() -> None:
    plan = elementary()
    goals = (
        attrs.evolve(plan.goals[0], criterion="  "),
        attrs.evolve(plan.goals[1], measurement=None),
    )
    findings = iepmodel.check(attrs.evolve(plan, goals=goals), as_of=AS_OF)
    assert [(f.code, f.path) for f in findings] == [
        ("C303", "goals[0].criterion"),
        ("C304", "goals[1].measurement"),
    ]


def test_no_progress_reporting() -> None:
    findings = iepmodel.check(elementary(progress_reporting=None), as_of=AS_OF)
    assert [(f.code, f.path) for f in findings] == [("C305", "progress_reporting")]


def test_no_placement() -> None:
    findings = iepmodel.check(elementary(placement=None), as_of=AS_OF)
    assert [(f.code, f.path) for f in findings] == [("C309", "placement")]


def test_less_than_full_regular_class_without_explanation() -> None:
    plan = elementary()
    assert plan.placement is not None
    plan = attrs.evolve(
        plan, placement=attrs.evolve(plan.placement, nonparticipation_explanation=None)
    )
    findings = iepmodel.check(plan, as_of=AS_OF)
    assert [(f.code, f.path) for f in findings] == [
        ("C309", "placement.nonparticipation_explanation")
    ]


def test_full_regular_class_needs_no_explanation() -> None:
    plan = preschool()
    assert plan.placement is not None
    assert plan.placement.regular_class_percent == 100
    assert plan.placement.nonparticipation_explanation is None
    assert check_codes(plan) == []


def test_no_services() -> None:
    findings = iepmodel.check(elementary(services=()), as_of=AS_OF)
    assert [(f.code, f.path) for f in findings] == [("C310", "services")]


@pytest.mark.parametrize(
    ("change", "code", "path"),
    [
        ({"services": ()}, "C313", "transition.services"),
        (
            {"services": (TransitionService(description=""), TransitionService(description=" "))},
            "C313",
            "transition.services",
        ),
        ({"course_of_study": None}, "C314", "transition.course_of_study"),
        ({"assessments": ()}, "C315", "transition.assessments"),
        ({"assessments": (" ",)}, "C315", "transition.assessments"),
    ],
)
def test_incomplete_transition_plan(change: dict[str, Any], code: str, path: str) -> None:
    plan = transition()
    assert plan.transition is not None
    plan = attrs.evolve(plan, transition=attrs.evolve(plan.transition, **change))
    findings = iepmodel.check(plan, as_of=TRANSITION_AS_OF)
    assert [(f.code, f.path) for f in findings] == [(code, path)]


def test_transition_plan_is_checked_even_before_the_transition_age() -> None:
    plan = elementary(transition=iepmodel.TransitionPlan())
    assert check_codes(plan) == ["C312", "C313", "C314", "C315"]


def test_final_initial_plan_without_consent_to_services() -> None:
    findings = iepmodel.check(preschool(parent_consent_date=None), as_of=AS_OF)
    assert [(f.code, f.path, f.citation) for f in findings] == [
        ("C317", "parent_consent_date", "34 CFR 300.300(b)")
    ]


def test_draft_initial_plan_without_consent_is_not_reported() -> None:
    plan = preschool(parent_consent_date=None, status=PlanStatus.DRAFT)
    assert check_codes(plan) == []


def test_annual_plan_needs_no_consent_to_initial_services() -> None:
    plan = elementary(parent_consent_date=None)
    assert plan.kind is PlanKind.ANNUAL
    assert check_codes(plan) == []


def test_accommodated_assessment_without_a_state_assessment_accommodation() -> None:
    plan = elementary()
    accommodations = tuple(
        attrs.evolve(a, contexts=(AccommodationContext.INSTRUCTION,)) for a in plan.accommodations
    )
    findings = iepmodel.check(attrs.evolve(plan, accommodations=accommodations), as_of=AS_OF)
    assert [(f.code, f.path) for f in findings] == [("C318", "accommodations")]


def test_no_disability_category() -> None:
    plan = elementary()
    plan = attrs.evolve(plan, student=attrs.evolve(plan.student, disabilities=()))
    findings = iepmodel.check(plan, as_of=AS_OF)
    assert [(f.code, f.path, f.citation) for f in findings] == [
        ("C319", "student.disabilities", "34 CFR 300.8")
    ]


def test_content_rules_are_warnings_on_a_draft() -> None:
    plan = elementary(status=PlanStatus.DRAFT, goals=(), services=())
    findings = iepmodel.check(plan, as_of=AS_OF)
    assert [(f.code, f.severity) for f in findings] == [
        ("C302", Severity.WARNING),
        ("C310", Severity.WARNING),
    ]


def test_content_rules_are_errors_on_a_final_plan() -> None:
    findings = iepmodel.check(elementary(goals=(), services=()), as_of=AS_OF)
    assert {f.severity for f in findings} == {Severity.ERROR}
    assert len(findings) == 2


def test_draft_does_not_soften_team_rules() -> None:
    plan = elementary(status=PlanStatus.DRAFT)
    plan = with_meeting(plan, participants=meeting_of(plan).participants[:1])
    findings = iepmodel.check(plan, as_of=AS_OF)
    assert {f.code[0] for f in findings} == {"T"}
    assert {f.severity for f in findings} == {Severity.ERROR}


def test_ontario_pupil_of_14_without_transition_plan() -> None:
    # Scenario L42: O. Reg. 181/98 s. 6(4) requires a transition plan from 14.
    student = attrs.evolve(elementary().student, date_of_birth=D(2011, 6, 1))
    findings = iepmodel.check(elementary(student=student), as_of=AS_OF, jurisdiction="CA-ON")
    assert [f.code for f in findings] == ["C311"]
    assert "O. Reg. 181/98" in findings[0].citation
