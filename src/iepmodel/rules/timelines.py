"""
Timeline rules (D2xx): reviews, reevaluations, evaluations and meetings on time.

The due dates come from `iepmodel.timelines`, which counts days the way the profile's law
does. Rules that need the student's history read `Context.history`: the annual review is
due from the last meeting that reviewed the whole plan (an amendment does not reset it),
the reevaluation from the last evaluation completed in any of the student's plans. What
several rules read of one plan (its review, the due dates counted from it, the evaluations
first listed in it) is derived once per plan, by `Context.timeline`; a rule reads it from
`Context.last_timeline` when it is its plan's, as the team rules read `Context.last_facts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from iepmodel._enums import EvaluationException, EvaluationKind, MeetingPurpose, PlanKind
from iepmodel._evaluation import Evaluation
from iepmodel._plan import IEP
from iepmodel.jurisdictions import EvaluationEndEvent
from iepmodel.timelines import (
    initial_evaluation_due,
    initial_iep_meeting_due,
    reevaluation_earliest,
    third_birthday,
)

from ._core import Context, Finding, Severity, emit, rule, shift

__all__ = [
    "amendment_without_agreement",
    "annual_review_due_soon",
    "annual_review_late",
    "early_reevaluation",
    "initial_evaluation_late",
    "initial_meeting_late",
    "late_meeting_notice",
    "part_c_transition_late",
    "plan_ends_after_review_due",
    "reevaluation_due_soon",
    "reevaluation_overdue",
]

_FAMILY: Final = "timelines"

# Enum members read for every plan, bound once: on Python 3.11 a lookup such as
# `PlanKind.INITIAL` goes through `EnumType.__getattr__`, about ten times the cost of
# reading a module constant.
_INITIAL_PLAN: Final = PlanKind.INITIAL
_AMENDMENT: Final = PlanKind.AMENDMENT
_INITIAL_MEETING: Final = MeetingPurpose.INITIAL
_INITIAL_EVALUATION: Final = EvaluationKind.INITIAL
_NOT_PRODUCED: Final = EvaluationException.PARENT_DID_NOT_PRODUCE_CHILD
_TRANSFERRED: Final = EvaluationException.TRANSFERRED_WITH_AGREED_DATE
_BY_ELIGIBILITY: Final = EvaluationEndEvent.ELIGIBILITY
_BY_IEP_MEETING: Final = EvaluationEndEvent.IEP_MEETING


@rule(
    "D201",
    Severity.ERROR,
    "34 CFR 300.324(b)(1)",
    title="Annual review late",
    family=_FAMILY,
    settings=("annual_convention",),
)
def annual_review_late(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    Annual review late: the next review came after the due date, or none by "as of".

    Reported on the plan whose review was due. A review meeting is the meeting of a final
    initial, annual or reevaluation plan, or one whose purposes include the annual
    review; an amendment does not reset the clock (2006 preamble on 300.324(a)(4)).
    """
    if (timeline := context.last_timeline) is None or timeline.plan is not plan:
        timeline = context.timeline(plan)  # first asked for this plan
    due = timeline.review_due  # `None` unless the plan is a review
    if due is None:
        return ()
    following = timeline.next_review
    if following is not None:
        if following.history_date > due:
            return [
                emit(
                    "D201",
                    plan,
                    context,
                    f"The annual review was due by {due.isoformat()} and the next review meeting "
                    f"was held on {following.history_date.isoformat()}.",
                    due=due,
                )
            ]
    elif due < context.as_of:
        return [
            emit(
                "D201",
                plan,
                context,
                f"The annual review was due by {due.isoformat()} and no later review meeting is "
                "recorded.",
                due=due,
            )
        ]
    return ()


@rule(
    "D202",
    Severity.WARNING,
    "34 CFR 300.324(b)(1)",
    title="Annual review due soon",
    family=_FAMILY,
    settings=("annual_convention", "warn_days"),
)
def annual_review_due_soon(plan: IEP, context: Context) -> Sequence[Finding]:
    """Annual review due within the profile's ``warn_days`` of "as of"."""
    if (timeline := context.last_timeline) is None or timeline.plan is not plan:
        timeline = context.timeline(plan)  # first asked for this plan
    due = timeline.review_due  # `None` unless the plan is a review
    if due is None or timeline.next_review is not None or due < context.as_of:
        return ()
    horizon = shift(context.as_of, context.profile.warn_days)
    if horizon is None or due <= horizon:
        return [
            emit(
                "D202",
                plan,
                context,
                f"The annual review is due by {due.isoformat()}.",
                due=due,
            )
        ]
    return ()


@rule(
    "D203",
    Severity.ERROR,
    "34 CFR 300.324(b)(1)",
    title="Plan runs past its annual review",
    family=_FAMILY,
    settings=("annual_convention",),
)
def plan_ends_after_review_due(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    The plan's end date is after its annual review due date.

    The due date is counted from the plan's own review meeting, or for an amendment (or
    a plan without a review meeting) from the student's last review meeting before it.
    """
    if (timeline := context.last_timeline) is None or timeline.plan is not plan:
        timeline = context.timeline(plan)  # first asked for this plan
    due = timeline.reviewed_due
    if due is not None and plan.end_date > due:
        return [
            emit(
                "D203",
                plan,
                context,
                f"The plan runs to {plan.end_date.isoformat()}, past its annual review due by "
                f"{due.isoformat()}.",
                path="end_date",
                due=due,
            )
        ]
    return ()


@rule(
    "D204",
    Severity.ERROR,
    "34 CFR 300.303(b)(2)",
    title="Reevaluation overdue",
    family=_FAMILY,
    settings=("reevaluation_years", "reevaluation_years_by_category", "annual_convention"),
)
def reevaluation_overdue(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    Reevaluation overdue (3-year, or the profile's category override) as of "as of".

    Counted from the later of the last evaluation completed in any of the student's
    plans and the last written agreement that a reevaluation is unnecessary; with several
    disability categories the shortest limit applies. Reported once, on the student's
    latest plan.
    """
    if (timeline := context.last_timeline) is None or timeline.plan is not plan:
        timeline = context.timeline(plan)  # first asked for this plan
    due = timeline.reevaluation_due
    if due is not None and due < context.as_of:
        return [
            emit(
                "D204",
                plan,
                context,
                f"The reevaluation was due by {due.isoformat()} and none was completed since.",
                path="evaluations",
                due=due,
            )
        ]
    return ()


@rule(
    "D205",
    Severity.WARNING,
    "34 CFR 300.303(b)(2)",
    title="Reevaluation due soon",
    family=_FAMILY,
    settings=("reevaluation_years", "reevaluation_years_by_category", "warn_days"),
)
def reevaluation_due_soon(plan: IEP, context: Context) -> Sequence[Finding]:
    """Reevaluation due within the profile's ``warn_days`` of "as of"."""
    if (timeline := context.last_timeline) is None or timeline.plan is not plan:
        timeline = context.timeline(plan)  # first asked for this plan
    due = timeline.reevaluation_due
    if due is None or due < context.as_of:
        return ()
    horizon = shift(context.as_of, context.profile.warn_days)
    if horizon is None or due <= horizon:
        return [
            emit(
                "D205",
                plan,
                context,
                f"The reevaluation is due by {due.isoformat()}.",
                path="evaluations",
                due=due,
            )
        ]
    return ()


@rule(
    "D206",
    Severity.ERROR,
    "34 CFR 300.303(b)(1)",
    title="Reevaluation within a year",
    family=_FAMILY,
    settings=("reevaluation_min_years",),
)
def early_reevaluation(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    A reevaluation consented less than a year after the last, without agreement.

    The year is the profile's minimum; ``early_by_agreement`` records the agreement.
    """
    years = context.profile.reevaluation_min_years
    if years <= 0:
        return ()
    found: list[Finding] = []
    if (timeline := context.last_timeline) is None or timeline.plan is not plan:
        timeline = context.timeline(plan)  # first asked for this plan
    for tracked in timeline.reevaluations:
        evaluation = tracked.evaluation
        if evaluation.consent_date is None or evaluation.early_by_agreement:
            continue
        previous = context.history.last_completed_before(evaluation.consent_date)
        if previous is None:
            continue
        earliest = context.date_of(reevaluation_earliest, previous)
        if earliest is not None and evaluation.consent_date < earliest:
            found.append(
                emit(
                    "D206",
                    plan,
                    context,
                    f"A reevaluation was consented to on {evaluation.consent_date.isoformat()}, "
                    f"less than {years} year{'' if years == 1 else 's'} after the evaluation "
                    f"completed on {previous.isoformat()}, without the parent and agency agreeing "
                    "to it.",
                    path=f"evaluations[{tracked.index}].consent_date",
                    due=earliest,
                )
            )
    return found


def _evaluation_deadline(
    evaluation: Evaluation, context: Context
) -> tuple[dt.date, bool, bool] | None:
    """
    An initial evaluation's deadline, whether it is an estimate, whether it was agreed.

    `None` when no clock runs: no consent date, or the parent repeatedly failed to
    produce the child (300.301(d)(1)). A transfer (d)(2) has a deadline of its own only
    with a completion date agreed under (e).
    """
    consent = evaluation.consent_date
    if consent is None or evaluation.exception is _NOT_PRODUCED:
        return None
    agreed = evaluation.agreed_completion_date
    if evaluation.exception is _TRANSFERRED and agreed:
        return agreed, False, True
    timing = context.timing(initial_evaluation_due, consent)
    if timing is None:
        return None
    return timing[0], timing[1], False


def _initial_meeting_plan(context: Context, consent: dt.date) -> IEP | None:
    """
    The student's plan whose meeting is the first initial IEP meeting on or after *consent*.

    An initial IEP meeting is the meeting of an initial plan, or one whose purposes
    include ``initial`` (as for D208).
    """
    for other in context.history.plans:
        meeting = other.meeting
        if (
            meeting is not None
            and meeting.date >= consent
            and (other.kind is _INITIAL_PLAN or _INITIAL_MEETING in meeting.purposes)
        ):
            return other
    return None


@rule(
    "D207",
    Severity.ERROR,
    "34 CFR 300.301(c)",
    title="Initial evaluation late",
    family=_FAMILY,
    settings=(
        "initial_evaluation_days",
        "initial_evaluation_counting",
        "initial_evaluation_end_event",
    ),
)
def initial_evaluation_late(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    Initial evaluation completed (or still pending) after the deadline from consent.

    The deadline is the profile's, and no 300.301(d) exception holds.

    A parent who repeatedly failed to produce the child (d)(1) stops the clock; a
    transfer (d)(2) does only with a completion date agreed under (e), which then is the
    deadline.

    What must happen by the deadline is the profile's ``initial_evaluation_end_event``:
    the completion (federal); the later of the completion and the eligibility
    determination (Illinois: the evaluation and the eligibility conference); or the
    initial IEP meeting (California, Cal. Educ. Code 56344(a)). With the IEP meeting, a
    completion after the deadline (or none by "as of" after it) is reported at the
    completion, as elsewhere; otherwise an initial IEP meeting after the deadline is
    reported on the plan of that meeting, at ``meeting.date``; while no initial IEP
    meeting is known the completion decides. A completion date agreed on a transfer
    (300.301(e)) dates the evaluation only: against it, the completion decides under
    every profile.
    """
    end_event = context.profile.initial_evaluation_end_event
    found: list[Finding] = []
    if (timeline := context.last_timeline) is None or timeline.plan is not plan:
        timeline = context.timeline(plan)  # first asked for this plan
    for tracked in timeline.initial_evaluations:
        evaluation = tracked.evaluation
        timing = _evaluation_deadline(evaluation, context)
        if timing is None:
            continue
        deadline, estimate, agreed = timing
        done = evaluation.completed_date
        field, what = "completed_date", "The initial evaluation was completed"
        if end_event is _BY_ELIGIBILITY and not agreed:
            eligible = evaluation.eligibility_date
            if eligible is not None and (done is None or eligible > done):
                done, field = eligible, "eligibility_date"
                what = "Eligibility on the initial evaluation was determined"
        if (deadline >= done) if done is not None else (deadline >= context.as_of):
            continue  # in time, or still pending but not yet due (the usual cases)
        basis = "the completion date agreed on transfer" if agreed else "its deadline"
        path = f"evaluations[{tracked.index}].{field}"
        counting = context.profile.initial_evaluation_counting
        if done is not None:
            found.append(
                emit(
                    "D207",
                    plan,
                    context,
                    f"{what} on {done.isoformat()}, after {basis}, {deadline.isoformat()}.",
                    path=path,
                    due=deadline,
                    estimate=estimate,
                    counting=counting,
                )
            )
        else:
            found.append(
                emit(
                    "D207",
                    plan,
                    context,
                    f"The initial evaluation is still not completed, and {basis} was "
                    f"{deadline.isoformat()}.",
                    path=path,
                    due=deadline,
                    estimate=estimate,
                    counting=counting,
                )
            )
    if end_event is _BY_IEP_MEETING and plan.meeting is not None:
        found.extend(_initial_meeting_after_deadline(plan, context))
    return found


def _initial_meeting_after_deadline(plan: IEP, context: Context) -> list[Finding]:
    """
    D207 where the initial IEP is due by the evaluation's deadline (California).

    The initial IEP meeting held on *plan* came after the deadline of an initial
    evaluation completed in time (a completion after the deadline, or none by "as of"
    after it, is reported at the completion instead). A completion date agreed on a
    transfer (300.301(d)(2), (e)) dates the evaluation only: the meeting after it is
    D208's.
    """
    meeting = plan.meeting
    if meeting is None:
        return []
    if plan.kind is not _INITIAL_PLAN and _INITIAL_MEETING not in meeting.purposes:
        return []
    found: list[Finding] = []
    for tracked in context.history.evaluations:
        evaluation = tracked.evaluation
        consent = evaluation.consent_date
        if evaluation.kind is not _INITIAL_EVALUATION or consent is None:
            continue
        if _initial_meeting_plan(context, consent) is not plan:
            continue
        timing = _evaluation_deadline(evaluation, context)
        if timing is None:
            continue
        deadline, estimate, agreed = timing
        if agreed:
            continue
        completed = evaluation.completed_date
        if deadline < (completed or context.as_of):
            continue  # late or still pending: reported at the completion
        if meeting.date > deadline:
            found.append(
                emit(
                    "D207",
                    plan,
                    context,
                    f"The initial IEP meeting was held on {meeting.date.isoformat()}, after the "
                    f"deadline of the initial evaluation, {deadline.isoformat()}, by which the "
                    "IEP had to be developed.",
                    path="meeting.date",
                    due=deadline,
                    estimate=estimate,
                    counting=context.profile.initial_evaluation_counting,
                )
            )
    return found


def _eligibility(plan: IEP, context: Context, meeting_date: dt.date) -> dt.date | None:
    """The last eligibility determination of an initial evaluation on or before the meeting."""
    found: dt.date | None = None
    for tracked in context.history.evaluations:
        day = tracked.evaluation.eligibility_date
        if (
            tracked.evaluation.kind is _INITIAL_EVALUATION
            and day is not None
            and day <= meeting_date
            and (found is None or day > found)
        ):
            found = day
    return found


@rule(
    "D208",
    Severity.ERROR,
    "34 CFR 300.323(c)(1)",
    title="Initial IEP meeting late",
    family=_FAMILY,
    settings=("initial_iep_meeting_days", "initial_iep_meeting_counting"),
)
def initial_meeting_late(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    Initial IEP meeting more than the profile's days after the eligibility determination.

    The eligibility date is the last one of the student's initial evaluations on or
    before the meeting.
    """
    meeting = plan.meeting
    if meeting is None:
        return ()
    if plan.kind is not _INITIAL_PLAN and _INITIAL_MEETING not in meeting.purposes:
        return ()
    eligibility = _eligibility(plan, context, meeting.date)
    if eligibility is None:
        return ()
    timing = context.timing(initial_iep_meeting_due, eligibility)
    if timing is not None and meeting.date > timing[0]:
        due, estimate = timing
        return [
            emit(
                "D208",
                plan,
                context,
                f"The initial IEP meeting was held on {meeting.date.isoformat()}, after it was "
                f"due by {due.isoformat()} from the eligibility determination on "
                f"{eligibility.isoformat()}.",
                path="meeting.date",
                due=due,
                estimate=estimate,
                counting=context.profile.initial_iep_meeting_counting,
            )
        ]
    return ()


@rule(
    "D209",
    Severity.ERROR,
    "34 CFR 300.124(b)",
    title="Part C transition after the third birthday",
    family=_FAMILY,
    settings=("leap_birthday",),
)
def part_c_transition_late(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    A child from Part C whose initial plan starts after the third birthday.

    ``due`` is the third birthday; the message leaves it out, since it would give away
    the date of birth.
    """
    if plan.kind is not _INITIAL_PLAN or not plan.student.from_part_c:
        return ()
    due = context.date_of(third_birthday, plan.student.date_of_birth)
    if due is not None and plan.start_date > due:
        return [
            emit(
                "D209",
                plan,
                context,
                "The initial plan of a child from Part C starts after the child's third "
                "birthday, by which it must be in effect.",
                path="start_date",
                due=due,
            )
        ]
    return ()


@rule(
    "D210",
    Severity.ERROR,
    "34 CFR 300.322(a)(1)",
    title="Meeting notice too late",
    family=_FAMILY,
    settings=("meeting_notice_min_days",),
)
def late_meeting_notice(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    Meeting notice later than the profile's minimum (only where the profile sets one).

    A meeting with no notice date recorded is not reported: ``notice_date`` is optional
    and the rule finds only a notice *later than* the minimum.
    """
    meeting = plan.meeting
    minimum = context.profile.meeting_notice_min_days
    if meeting is None or minimum is None or meeting.notice_date is None:
        return ()
    deadline = shift(meeting.date, -minimum)
    if deadline is None:
        return ()
    if meeting.notice_date > deadline:
        return [
            emit(
                "D210",
                plan,
                context,
                f"The meeting notice was sent on {meeting.notice_date.isoformat()}, later than "
                f"{deadline.isoformat()}, {minimum} days before the meeting.",
                path="meeting.notice_date",
                due=deadline,
            )
        ]
    return ()


@rule(
    "D211",
    Severity.ERROR,
    "34 CFR 300.324(a)(4)",
    title="Amendment without meeting or agreement",
    family=_FAMILY,
)
def amendment_without_agreement(plan: IEP, context: Context) -> Sequence[Finding]:
    """An amendment made without a meeting and without a written agreement."""
    if plan.kind is _AMENDMENT and plan.meeting is None and plan.amendment_agreement_date is None:
        return [
            emit(
                "D211",
                plan,
                context,
                "The amendment was made without a meeting and without a written agreement of "
                "the parent and the agency.",
                path="amendment_agreement_date",
            )
        ]
    return ()
