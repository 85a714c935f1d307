"""
Content rules (C3xx): what an IEP must contain, 34 CFR 300.320 (and 300.300(b), 300.8).

They are errors for a final plan and warnings for a draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from iepmodel._enums import (
    AccommodationContext,
    AssessmentMode,
    PlanKind,
    PlanStatus,
    TransitionDomain,
)
from iepmodel._plan import IEP

from ._core import Context, Finding, RuleDecorator, Severity, emit, rule

__all__ = [
    "alternate_assessment_without_justification",
    "alternate_assessment_without_objectives",
    "goal_without_criterion",
    "goal_without_measurement",
    "initial_plan_without_consent",
    "no_annual_goals",
    "no_disability_category",
    "no_placement_explanation",
    "no_present_levels",
    "no_progress_reporting",
    "no_rights_transfer_notice",
    "no_services",
    "no_state_assessment_accommodation",
    "no_transition_plan",
    "rights_transfer_due",
    "service_without_location",
    "transition_plan_without_assessment",
    "transition_plan_without_course_of_study",
    "transition_plan_without_postsecondary_goals",
    "transition_plan_without_services",
    "transition_required",
]

_FAMILY: Final = "content"

# Enum members read for every plan, bound once: on Python 3.11 a lookup such as
# `AssessmentMode.ALTERNATE` goes through `EnumType.__getattr__`, about ten times the cost of
# reading a module constant.
_ALTERNATE: Final = AssessmentMode.ALTERNATE
_WITH_ACCOMMODATIONS: Final = AssessmentMode.REGULAR_WITH_ACCOMMODATIONS
_STATE_ASSESSMENT: Final = AccommodationContext.STATE_ASSESSMENT
_INITIAL_PLAN: Final = PlanKind.INITIAL
_FINAL: Final = PlanStatus.FINAL


def _blank(text: str | None) -> bool:
    # `str.isspace` and `str.strip` agree on what whitespace is; "" is not `isspace`.
    return not text or text.isspace()


def transition_required(plan: IEP, context: Context) -> dt.date | None:
    """
    The day the student reaches the transition age, if the plan runs to it; else `None`.

    When it is on or before the plan's end date, the plan must include transition
    content.

    "Beginning not later than the first IEP to be in effect when the child turns 16"
    (300.320(b); the age is the profile's): the plan's span reaches the birthday.
    """
    due = context.timeline(plan).transition_date
    if due is None or due > plan.end_date:
        return None
    return due


def rights_transfer_due(plan: IEP, context: Context) -> dt.date | None:
    """
    The day the rights-transfer statement becomes required, if the plan runs to it.

    That is one year before the age of majority (300.320(c)); `None` when it is after
    the plan's end date.
    """
    due = context.timeline(plan).rights_transfer_date
    if due is None or due > plan.end_date:
        return None
    return due


def _content_rule(code: str, citation: str, title: str, *settings: str) -> RuleDecorator:
    """Register a content rule: an error on a final plan, a warning on a draft."""
    return rule(
        code,
        Severity.ERROR,
        citation,
        title=title,
        family=_FAMILY,
        drafts_as_warnings=True,
        settings=settings,
    )


@_content_rule("C301", "34 CFR 300.320(a)(1)", "Present levels missing")
def no_present_levels(plan: IEP, context: Context) -> Sequence[Finding]:
    """No statement of present levels of academic achievement and functional performance."""
    if not plan.present_levels:
        return [
            emit(
                "C301",
                plan,
                context,
                "The plan has no statement of present levels of academic achievement and "
                "functional performance.",
                path="present_levels",
            )
        ]
    return ()


@_content_rule("C302", "34 CFR 300.320(a)(2)(i)", "Annual goals missing")
def no_annual_goals(plan: IEP, context: Context) -> Sequence[Finding]:
    """No measurable annual goals."""
    if not plan.goals:
        return [emit("C302", plan, context, "The plan has no annual goals.", path="goals")]
    return ()


@_content_rule("C303", "34 CFR 300.320(a)(2)(i)", "Goal not measurable")
def goal_without_criterion(plan: IEP, context: Context) -> Sequence[Finding]:
    """A goal without a measurable criterion."""
    for goal in plan.goals:
        text = goal.criterion
        if not text or text.isspace():  # blank (`_blank`, inlined: it runs for every goal)
            break
    else:
        return ()  # the usual case, found without counting the goals
    return [
        emit(
            "C303",
            plan,
            context,
            f"Goal {index + 1} has no measurable criterion.",
            path=f"goals[{index}].criterion",
        )
        for index, goal in enumerate(plan.goals)
        if _blank(goal.criterion)
    ]


@_content_rule("C304", "34 CFR 300.320(a)(3)(i)", "Goal measurement missing")
def goal_without_measurement(plan: IEP, context: Context) -> Sequence[Finding]:
    """A goal without a description of how progress toward it will be measured."""
    for goal in plan.goals:
        text = goal.measurement
        if not text or text.isspace():  # blank (`_blank`, inlined: it runs for every goal)
            break
    else:
        return ()  # the usual case, found without counting the goals
    return [
        emit(
            "C304",
            plan,
            context,
            f"Goal {index + 1} does not say how progress toward it will be measured.",
            path=f"goals[{index}].measurement",
        )
        for index, goal in enumerate(plan.goals)
        if _blank(goal.measurement)
    ]


@_content_rule("C305", "34 CFR 300.320(a)(3)(ii)", "Progress reporting missing")
def no_progress_reporting(plan: IEP, context: Context) -> Sequence[Finding]:
    """No schedule of periodic reports to the parents on progress toward the goals."""
    reporting = plan.progress_reporting
    if reporting is None or not reporting.frequency or reporting.frequency.isspace():  # `_blank`
        return [
            emit(
                "C305",
                plan,
                context,
                "The plan does not say when the parents will get reports of progress toward "
                "the annual goals.",
                path="progress_reporting",
            )
        ]
    return ()


def _alternate(plan: IEP) -> bool:
    return plan.assessment is not None and plan.assessment.mode is _ALTERNATE


@_content_rule("C306", "34 CFR 300.320(a)(2)(ii)", "Short-term objectives missing")
def alternate_assessment_without_objectives(plan: IEP, context: Context) -> Sequence[Finding]:
    """With an alternate assessment, a goal without benchmarks or short-term objectives."""
    if not _alternate(plan):
        return ()
    return [
        emit(
            "C306",
            plan,
            context,
            f"Goal {index + 1} has no benchmarks or short-term objectives, though the "
            "student takes an alternate assessment.",
            path=f"goals[{index}].objectives",
        )
        for index, goal in enumerate(plan.goals)
        if not goal.objectives
    ]


@_content_rule("C307", "34 CFR 300.320(a)(6)(ii)", "Alternate assessment not justified")
def alternate_assessment_without_justification(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    An alternate assessment without a justification.

    The plan must say why the child cannot take the regular assessment and why the
    alternate one is appropriate.
    """
    assessment = plan.assessment
    if (
        assessment is not None
        and assessment.mode is _ALTERNATE
        and _blank(assessment.alternate_justification)
    ):
        return [
            emit(
                "C307",
                plan,
                context,
                "The plan chooses an alternate assessment without saying why the regular "
                "assessment is not appropriate and why the alternate one is.",
                path="assessment.alternate_justification",
            )
        ]
    return ()


@_content_rule("C308", "34 CFR 300.320(a)(7)", "Service location missing")
def service_without_location(plan: IEP, context: Context) -> Sequence[Finding]:
    """A service without its anticipated location."""
    for service in plan.services:
        text = service.location
        if not text or text.isspace():  # blank (`_blank`, inlined: it runs for every service)
            break
    else:
        return ()  # the usual case, found without counting the services
    return [
        emit(
            "C308",
            plan,
            context,
            f"Service {index + 1} does not say where it will be provided.",
            path=f"services[{index}].location",
        )
        for index, service in enumerate(plan.services)
        if _blank(service.location)
    ]


@_content_rule("C309", "34 CFR 300.320(a)(5)", "Placement or nonparticipation missing")
def no_placement_explanation(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    No placement, or less than 100% in the regular class without an explanation.

    The explanation is of the extent the child will not take part with nondisabled
    children in the regular class.
    """
    placement = plan.placement
    if placement is None:
        return [
            emit(
                "C309",
                plan,
                context,
                "The plan has no placement stating the share of the day in the regular class.",
                path="placement",
            )
        ]
    if placement.regular_class_percent < 100 and _blank(placement.nonparticipation_explanation):
        return [
            emit(
                "C309",
                plan,
                context,
                "The student is outside the regular class part of the day and the plan does "
                "not explain why.",
                path="placement.nonparticipation_explanation",
            )
        ]
    return ()


@_content_rule("C310", "34 CFR 300.320(a)(4)", "Services missing")
def no_services(plan: IEP, context: Context) -> Sequence[Finding]:
    """No special education, related services or supplementary aids and services."""
    if not plan.services:
        return [
            emit(
                "C310",
                plan,
                context,
                "The plan lists no special education, related services or supplementary aids "
                "and services.",
                path="services",
            )
        ]
    return ()


@_content_rule(
    "C311",
    "34 CFR 300.320(b)",
    "Transition plan missing",
    "transition_age_years",
    "transition_age_months",
    "leap_birthday",
)
def no_transition_plan(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    No transition plan, though the student reaches the transition age during the plan.

    The age is the profile's; reaching it on or before the plan's end date counts.

    ``due`` is the day the student reaches that age; the message leaves it out, since it
    would give away the date of birth.
    """
    if plan.transition is not None:
        return ()
    if (timeline := context.last_timeline) is None or timeline.plan is not plan:
        timeline = context.timeline(plan)  # first asked for this plan
    due = timeline.transition_date
    if due is not None and due <= plan.end_date:  # `transition_required`, inlined
        age = _age(context.profile.transition_age_years, context.profile.transition_age_months)
        return [
            emit(
                "C311",
                plan,
                context,
                f"The plan has no transition plan, though the student reaches the transition "
                f"age ({age}) by the time the plan ends.",
                path="transition",
                due=due,
            )
        ]
    return ()


def _age(years: int, months: int) -> str:
    if months == 0:
        return str(years)
    if months == 6:
        return f"{years}\u00bd"
    return f"{years} years {months} months"


# The postsecondary goals a transition plan must have (300.320(b)(1)), in message order.
_REQUIRED_GOAL_DOMAINS: Final = (
    (TransitionDomain.EDUCATION_TRAINING, "education or training"),
    (TransitionDomain.EMPLOYMENT, "employment"),
)


@_content_rule("C312", "34 CFR 300.320(b)(1)", "Postsecondary goal missing")
def transition_plan_without_postsecondary_goals(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    A transition plan without a postsecondary goal for education/training or employment.

    Independent living is needed only where appropriate, so it is not required. A goal
    whose statement is blank is no goal (as C303, C314 and C315 treat blank text).
    """
    transition = plan.transition
    if transition is None:
        return ()
    domains: list[TransitionDomain] = []
    for goal in transition.postsecondary_goals:
        statement = goal.statement
        if statement and not statement.isspace():  # not blank (`_blank`, inlined)
            domains.append(goal.domain)
    for domain, _ in _REQUIRED_GOAL_DOMAINS:
        if domain not in domains:
            break
    else:
        return ()  # the usual case
    missing = [label for domain, label in _REQUIRED_GOAL_DOMAINS if domain not in domains]
    return [
        emit(
            "C312",
            plan,
            context,
            f"The transition plan has no postsecondary goal for {' nor for '.join(missing)}.",
            path="transition.postsecondary_goals",
        )
    ]


@_content_rule("C313", "34 CFR 300.320(b)(2)", "Transition services missing")
def transition_plan_without_services(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    A transition plan without transition services.

    A service whose description is blank is no service (as C314 and C315 treat blank
    text).
    """
    transition = plan.transition
    if transition is None:
        return ()
    for service in transition.services:
        text = service.description
        if text and not text.isspace():  # not blank (`_blank`, inlined)
            return ()
    return [
        emit(
            "C313",
            plan,
            context,
            "The transition plan lists no transition services.",
            path="transition.services",
        )
    ]


@_content_rule("C314", "34 CFR 300.320(b)(2)", "Course of study missing")
def transition_plan_without_course_of_study(plan: IEP, context: Context) -> Sequence[Finding]:
    """A transition plan without a course of study."""
    if plan.transition is not None and _blank(plan.transition.course_of_study):
        return [
            emit(
                "C314",
                plan,
                context,
                "The transition plan has no course of study.",
                path="transition.course_of_study",
            )
        ]
    return ()


@_content_rule("C315", "34 CFR 300.320(b)(1)", "Transition assessment missing")
def transition_plan_without_assessment(plan: IEP, context: Context) -> Sequence[Finding]:
    """A transition plan without an age-appropriate transition assessment."""
    transition = plan.transition
    if transition is None:
        return ()
    for text in transition.assessments:
        if text and not text.isspace():  # not blank (`_blank`, inlined)
            return ()
    return [
        emit(
            "C315",
            plan,
            context,
            "The transition plan names no age-appropriate transition assessment.",
            path="transition.assessments",
        )
    ]


@_content_rule(
    "C316",
    "34 CFR 300.320(c)",
    "Rights-transfer notice missing",
    "age_of_majority",
    "leap_birthday",
)
def no_rights_transfer_notice(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    No rights-transfer notice, though the plan ends within a year of the age of majority.

    The statement says the student was told of the rights that transfer at the age of
    majority; it is required once the plan's end date is on or after one year before it.

    ``due`` is the day the statement becomes required (one year before the age of
    majority); the message leaves it out, since it would give away the date of birth.
    """
    if plan.rights_transfer_notice_date is not None:
        return ()
    if (timeline := context.last_timeline) is None or timeline.plan is not plan:
        timeline = context.timeline(plan)  # first asked for this plan
    due = timeline.rights_transfer_date
    if due is not None and due <= plan.end_date:  # `rights_transfer_due`, inlined
        return [
            emit(
                "C316",
                plan,
                context,
                "The plan does not say that the student was told of the rights that transfer "
                f"at the age of majority ({context.profile.age_of_majority}), though it runs "
                "into the year before that age.",
                path="rights_transfer_notice_date",
                due=due,
            )
        ]
    return ()


@rule(
    "C317",
    Severity.ERROR,
    "34 CFR 300.300(b)",
    title="Consent to initial services missing",
    family=_FAMILY,
)
def initial_plan_without_consent(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    A final initial plan without the parent's consent to services.

    The consent is to the initial provision of services; a draft is not reported, since
    consent follows the plan.
    """
    if plan.kind is _INITIAL_PLAN and plan.status is _FINAL and plan.parent_consent_date is None:
        return [
            emit(
                "C317",
                plan,
                context,
                "The initial plan is final without the parent's consent to the initial "
                "provision of services.",
                path="parent_consent_date",
            )
        ]
    return ()


@_content_rule("C318", "34 CFR 300.320(a)(6)(i)", "State assessment accommodations missing")
def no_state_assessment_accommodation(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    Assessment with accommodations, and no accommodation for the state assessment.

    The student takes the regular assessment with accommodations, so at least one
    accommodation must apply to ``state_assessment``.
    """
    if plan.assessment is None or (plan.assessment.mode is not _WITH_ACCOMMODATIONS):
        return ()
    for accommodation in plan.accommodations:
        if _STATE_ASSESSMENT in accommodation.contexts:  # `applies_to`, inlined
            return ()
    return [
        emit(
            "C318",
            plan,
            context,
            "The student takes the state assessment with accommodations, and no "
            "accommodation applies to the state assessment.",
            path="accommodations",
        )
    ]


@_content_rule("C319", "34 CFR 300.8", "Disability category missing")
def no_disability_category(plan: IEP, context: Context) -> Sequence[Finding]:
    """The student has no disability category."""
    if not plan.student.disabilities:
        return [
            emit(
                "C319",
                plan,
                context,
                "The plan names no disability category for the student.",
                path="student.disabilities",
            )
        ]
    return ()
