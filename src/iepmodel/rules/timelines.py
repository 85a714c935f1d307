"""
Timeline rules (D2xx): reviews, reevaluations, evaluations and meetings on time.

The due dates come from `iepmodel.timelines`, which counts days the way the profile's law
does. Rules that need the student's history read `Context.history`: the annual review is
due from the last meeting that reviewed the whole plan (an amendment does not reset it),
the reevaluation from the last evaluation completed in any of the student's plans.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Final

from iepmodel._enums import EvaluationException, EvaluationKind, MeetingPurpose, PlanKind
from iepmodel._plan import IEP
from iepmodel.timelines import (
    DueDate,
    annual_review_due,
    initial_evaluation_due,
    initial_iep_meeting_due,
    reevaluation_due,
    reevaluation_earliest,
    third_birthday,
)

from ._core import (
    Context,
    Finding,
    Severity,
    TrackedEvaluation,
    emit,
    is_review,
    rule,
    shift,
)

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


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _annual_due(review: IEP, context: Context) -> DueDate | None:
    return context.due(annual_review_due, review.history_date)


@rule(
    "D201",
    Severity.ERROR,
    "34 CFR 300.324(b)(1)",
    title="Annual review late",
    family=_FAMILY,
    settings=("annual_convention",),
)
def annual_review_late(plan: IEP, context: Context) -> Iterator[Finding]:
    """
    Annual review late: the next review came after the due date, or none by "as of".

    Reported on the plan whose review was due. A review meeting is the meeting of a final
    initial, annual or reevaluation plan, or one whose purposes include the annual
    review; an amendment does not reset the clock (2006 preamble on 300.324(a)(4)).
    """
    if not is_review(plan):
        return
    due = _annual_due(plan, context)
    if due is None:
        return
    following = context.history.next_review_after(plan.history_date)
    if following is not None:
        if following.history_date > due.date:
            yield emit(
                "D201",
                plan,
                context,
                f"The annual review was due by {_iso(due.date)} and the next review meeting "
                f"was held on {_iso(following.history_date)}.",
                due=due.date,
            )
    elif due.date < context.as_of:
        yield emit(
            "D201",
            plan,
            context,
            f"The annual review was due by {_iso(due.date)} and no later review meeting is "
            "recorded.",
            due=due.date,
        )


@rule(
    "D202",
    Severity.WARNING,
    "34 CFR 300.324(b)(1)",
    title="Annual review due soon",
    family=_FAMILY,
    settings=("annual_convention", "warn_days"),
)
def annual_review_due_soon(plan: IEP, context: Context) -> Iterator[Finding]:
    """Annual review due within the profile's ``warn_days`` of "as of"."""
    if not is_review(plan) or context.history.next_review_after(plan.history_date) is not None:
        return
    due = _annual_due(plan, context)
    horizon = shift(context.as_of, context.profile.warn_days)
    if due is None or due.date < context.as_of:
        return
    if horizon is None or due.date <= horizon:
        yield emit(
            "D202",
            plan,
            context,
            f"The annual review is due by {_iso(due.date)}.",
            due=due.date,
        )


def _reviewed_on(plan: IEP, context: Context) -> dt.date | None:
    """The meeting the plan's annual review is counted from: its own, or the last one."""
    meeting = plan.meeting
    if meeting is not None and (
        plan.kind in (PlanKind.INITIAL, PlanKind.ANNUAL, PlanKind.REEVALUATION)
        or MeetingPurpose.ANNUAL_REVIEW in meeting.purposes
    ):
        return meeting.date
    review = context.history.last_review_on_or_before(plan.history_date)
    return review.history_date if review is not None else None


@rule(
    "D203",
    Severity.ERROR,
    "34 CFR 300.324(b)(1)",
    title="Plan runs past its annual review",
    family=_FAMILY,
    settings=("annual_convention",),
)
def plan_ends_after_review_due(plan: IEP, context: Context) -> Iterator[Finding]:
    """
    The plan's end date is after its annual review due date.

    The due date is counted from the plan's own review meeting, or for an amendment (or
    a plan without a review meeting) from the student's last review meeting before it.
    """
    reviewed = _reviewed_on(plan, context)
    if reviewed is None:
        return
    due = context.due(annual_review_due, reviewed)
    if due is not None and plan.end_date > due.date:
        yield emit(
            "D203",
            plan,
            context,
            f"The plan runs to {_iso(plan.end_date)}, past its annual review due by "
            f"{_iso(due.date)}.",
            path="end_date",
            due=due.date,
        )


def _reevaluation_due(plan: IEP, context: Context) -> DueDate | None:
    """The student's next reevaluation, if this is the student's latest plan."""
    history = context.history
    if history.latest is not plan or not history.completed_evaluation_dates:
        return None
    # With several categories the shortest limit applies (Pennsylvania: 2 years for an
    # intellectual disability, 22 Pa. Code 14.124(c)); the due date grows with the years.
    profile = context.profile
    category = min(plan.student.disabilities or (None,), key=profile.reevaluation_years_for)
    return context.due(
        reevaluation_due,
        history.completed_evaluation_dates[-1],
        waiver=history.last_waiver,
        category=category,
    )


@rule(
    "D204",
    Severity.ERROR,
    "34 CFR 300.303(b)(2)",
    title="Reevaluation overdue",
    family=_FAMILY,
    settings=("reevaluation_years", "reevaluation_years_by_category", "annual_convention"),
)
def reevaluation_overdue(plan: IEP, context: Context) -> Iterator[Finding]:
    """
    Reevaluation overdue (3-year, or the profile's category override) as of "as of".

    Counted from the later of the last evaluation completed in any of the student's
    plans and the last written agreement that a reevaluation is unnecessary; with several
    disability categories the shortest limit applies. Reported once, on the student's
    latest plan.
    """
    due = _reevaluation_due(plan, context)
    if due is not None and due.date < context.as_of:
        yield emit(
            "D204",
            plan,
            context,
            f"The reevaluation was due by {_iso(due.date)} and none was completed since.",
            path="evaluations",
            due=due.date,
        )


@rule(
    "D205",
    Severity.WARNING,
    "34 CFR 300.303(b)(2)",
    title="Reevaluation due soon",
    family=_FAMILY,
    settings=("reevaluation_years", "reevaluation_years_by_category", "warn_days"),
)
def reevaluation_due_soon(plan: IEP, context: Context) -> Iterator[Finding]:
    """Reevaluation due within the profile's ``warn_days`` of "as of"."""
    due = _reevaluation_due(plan, context)
    if due is None or due.date < context.as_of:
        return
    horizon = shift(context.as_of, context.profile.warn_days)
    if horizon is None or due.date <= horizon:
        yield emit(
            "D205",
            plan,
            context,
            f"The reevaluation is due by {_iso(due.date)}.",
            path="evaluations",
            due=due.date,
        )


def _own(plan: IEP, context: Context, kind: EvaluationKind) -> Iterator[TrackedEvaluation]:
    """The student's evaluations of *kind* that are reported on *plan* (listed there first)."""
    for tracked in context.history.evaluations:
        if tracked.plan is plan and tracked.evaluation.kind is kind:
            yield tracked


@rule(
    "D206",
    Severity.ERROR,
    "34 CFR 300.303(b)(1)",
    title="Reevaluation within a year",
    family=_FAMILY,
    settings=("reevaluation_min_years",),
)
def early_reevaluation(plan: IEP, context: Context) -> Iterator[Finding]:
    """
    A reevaluation consented less than a year after the last, without agreement.

    The year is the profile's minimum; ``early_by_agreement`` records the agreement.
    """
    years = context.profile.reevaluation_min_years
    if years <= 0:
        return
    for tracked in _own(plan, context, EvaluationKind.REEVALUATION):
        evaluation = tracked.evaluation
        if evaluation.consent_date is None or evaluation.early_by_agreement:
            continue
        previous = context.history.last_completed_before(evaluation.consent_date)
        if previous is None:
            continue
        earliest = context.due(reevaluation_earliest, previous)
        if earliest is not None and evaluation.consent_date < earliest.date:
            yield emit(
                "D206",
                plan,
                context,
                f"A reevaluation was consented to on {_iso(evaluation.consent_date)}, less "
                f"than {years} year{'' if years == 1 else 's'} after the evaluation completed "
                f"on {_iso(previous)}, without the parent and agency agreeing to it.",
                path=f"evaluations[{tracked.index}].consent_date",
                due=earliest.date,
            )


@rule(
    "D207",
    Severity.ERROR,
    "34 CFR 300.301(c)",
    title="Initial evaluation late",
    family=_FAMILY,
    settings=("initial_evaluation_days", "initial_evaluation_counting"),
)
def initial_evaluation_late(plan: IEP, context: Context) -> Iterator[Finding]:
    """
    Initial evaluation completed (or still pending) after the deadline from consent.

    The deadline is the profile's, and no 300.301(d) exception holds.

    A parent who repeatedly failed to produce the child (d)(1) stops the clock; a
    transfer (d)(2) does only with a completion date agreed under (e), which then is the
    deadline.
    """
    for tracked in _own(plan, context, EvaluationKind.INITIAL):
        evaluation = tracked.evaluation
        consent = evaluation.consent_date
        if consent is None:
            continue
        if evaluation.exception is EvaluationException.PARENT_DID_NOT_PRODUCE_CHILD:
            continue
        path = f"evaluations[{tracked.index}].completed_date"
        agreed = evaluation.agreed_completion_date
        if evaluation.exception is EvaluationException.TRANSFERRED_WITH_AGREED_DATE and agreed:
            deadline, estimate, basis = agreed, False, "the completion date agreed on transfer"
        else:
            due = context.due(initial_evaluation_due, consent, with_calendar=True)
            if due is None:
                continue
            deadline, estimate, basis = due.date, due.estimate, "its deadline"
        completed = evaluation.completed_date
        if completed is not None and completed > deadline:
            yield emit(
                "D207",
                plan,
                context,
                f"The initial evaluation was completed on {_iso(completed)}, after "
                f"{basis}, {_iso(deadline)}.",
                path=path,
                due=deadline,
                estimate=estimate,
            )
        elif completed is None and deadline < context.as_of:
            yield emit(
                "D207",
                plan,
                context,
                f"The initial evaluation is still not completed, and {basis} was "
                f"{_iso(deadline)}.",
                path=path,
                due=deadline,
                estimate=estimate,
            )


def _eligibility(plan: IEP, context: Context, meeting_date: dt.date) -> dt.date | None:
    """The last eligibility determination of an initial evaluation on or before the meeting."""
    found: dt.date | None = None
    for tracked in context.history.evaluations:
        day = tracked.evaluation.eligibility_date
        if (
            tracked.evaluation.kind is EvaluationKind.INITIAL
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
def initial_meeting_late(plan: IEP, context: Context) -> Iterator[Finding]:
    """
    Initial IEP meeting more than the profile's days after the eligibility determination.

    The eligibility date is the last one of the student's initial evaluations on or
    before the meeting.
    """
    meeting = plan.meeting
    if meeting is None:
        return
    if plan.kind is not PlanKind.INITIAL and MeetingPurpose.INITIAL not in meeting.purposes:
        return
    eligibility = _eligibility(plan, context, meeting.date)
    if eligibility is None:
        return
    due = context.due(initial_iep_meeting_due, eligibility, with_calendar=True)
    if due is not None and meeting.date > due.date:
        yield emit(
            "D208",
            plan,
            context,
            f"The initial IEP meeting was held on {_iso(meeting.date)}, after it was due by "
            f"{_iso(due.date)} from the eligibility determination on {_iso(eligibility)}.",
            path="meeting.date",
            due=due.date,
            estimate=due.estimate,
        )


@rule(
    "D209",
    Severity.ERROR,
    "34 CFR 300.124(b)",
    title="Part C transition after the third birthday",
    family=_FAMILY,
    settings=("leap_birthday",),
)
def part_c_transition_late(plan: IEP, context: Context) -> Iterator[Finding]:
    """
    A child from Part C whose initial plan starts after the third birthday.

    ``due`` is the third birthday; the message leaves it out, since it would give away
    the date of birth.
    """
    if plan.kind is not PlanKind.INITIAL or not plan.student.from_part_c:
        return
    due = context.due(third_birthday, plan.student.date_of_birth)
    if due is not None and plan.start_date > due.date:
        yield emit(
            "D209",
            plan,
            context,
            "The initial plan of a child from Part C starts after the child's third "
            "birthday, by which it must be in effect.",
            path="start_date",
            due=due.date,
        )


@rule(
    "D210",
    Severity.ERROR,
    "34 CFR 300.322(a)(1)",
    title="Meeting notice too late",
    family=_FAMILY,
    settings=("meeting_notice_min_days",),
)
def late_meeting_notice(plan: IEP, context: Context) -> Iterator[Finding]:
    """
    Meeting notice later than the profile's minimum (only where the profile sets one).

    A meeting with no notice date recorded is reported too: the plan cannot show the
    notice was on time.
    """
    meeting = plan.meeting
    minimum = context.profile.meeting_notice_min_days
    if meeting is None or minimum is None:
        return
    deadline = shift(meeting.date, -minimum)
    if deadline is None:
        return
    if meeting.notice_date is None:
        yield emit(
            "D210",
            plan,
            context,
            f"No written notice of the meeting is recorded; it was due by {_iso(deadline)}, "
            f"{minimum} days before the meeting.",
            path="meeting.notice_date",
            due=deadline,
        )
    elif meeting.notice_date > deadline:
        yield emit(
            "D210",
            plan,
            context,
            f"The meeting notice was sent on {_iso(meeting.notice_date)}, later than "
            f"{_iso(deadline)}, {minimum} days before the meeting.",
            path="meeting.notice_date",
            due=deadline,
        )


@rule(
    "D211",
    Severity.ERROR,
    "34 CFR 300.324(a)(4)",
    title="Amendment without meeting or agreement",
    family=_FAMILY,
)
def amendment_without_agreement(plan: IEP, context: Context) -> Iterator[Finding]:
    """An amendment made without a meeting and without a written agreement."""
    if (
        plan.kind is PlanKind.AMENDMENT
        and plan.meeting is None
        and plan.amendment_agreement_date is None
    ):
        yield emit(
            "D211",
            plan,
            context,
            "The amendment was made without a meeting and without a written agreement of "
            "the parent and the agency.",
            path="amendment_agreement_date",
        )
