"""
Team rules (T1xx): who must be at the IEP team meeting, 34 CFR 300.321-.322.

Each rule reads the plan's meeting and finds nothing in a plan without one. A required
role is *covered* when a participant who holds it is present (in any mode, 300.328) or
excused; an absent holder does not cover it. An invalid excusal is reported by T107-T109,
not again as a missing role. What the rules read from the meeting (the
covered and invited roles, the excused members) is derived once per plan, by
`Context.facts`; a rule reads them from `Context.last_facts` when they are its plan's
(every team rule asks for every plan, and reading an attribute costs a fraction of a call).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from iepmodel._enums import Attendance, MeetingPurpose, PlanKind, Role
from iepmodel._plan import IEP
from iepmodel._team import Meeting, Participant

from ._core import Context, Finding, Severity, emit, rule, shift
from .content import transition_required

__all__ = [
    "agency_representative_without_consent",
    "dual_teacher_role",
    "excusal_without_written_agreement",
    "excusal_without_written_input",
    "no_evaluation_interpreter",
    "no_lea_representative",
    "no_parent_and_too_few_contact_attempts",
    "no_regular_education_teacher",
    "no_special_education_teacher",
    "non_excusable_member_excused",
    "part_c_coordinator_not_invited",
    "student_not_invited",
]

_FAMILY: Final = "team"

# The members 300.321(e) lets parent and agency excuse: (a)(2) to (a)(5).
EXCUSABLE_ROLES: Final = frozenset(
    {
        Role.REGULAR_EDUCATION_TEACHER,
        Role.SPECIAL_EDUCATION_TEACHER,
        Role.SPECIAL_EDUCATION_PROVIDER,
        Role.LEA_REPRESENTATIVE,
        Role.EVALUATION_INTERPRETER,
    }
)
_SPECIAL_EDUCATION_ROLES: Final = (Role.SPECIAL_EDUCATION_TEACHER, Role.SPECIAL_EDUCATION_PROVIDER)

# Enum members read for every plan, bound once: on Python 3.11 a lookup such as
# `Role.PARENT` goes through `EnumType.__getattr__`, about ten times the cost of reading
# a module constant.
_ABSENT: Final = Attendance.ABSENT
_PARENT: Final = Role.PARENT
_STUDENT: Final = Role.STUDENT
_REGULAR_EDUCATION_TEACHER: Final = Role.REGULAR_EDUCATION_TEACHER
_SPECIAL_EDUCATION_TEACHER: Final = Role.SPECIAL_EDUCATION_TEACHER
_SPECIAL_EDUCATION_PROVIDER: Final = Role.SPECIAL_EDUCATION_PROVIDER
_LEA_REPRESENTATIVE: Final = Role.LEA_REPRESENTATIVE
_EVALUATION_INTERPRETER: Final = Role.EVALUATION_INTERPRETER
_AGENCY_REPRESENTATIVE: Final = Role.AGENCY_REPRESENTATIVE
_PART_C_SERVICE_COORDINATOR: Final = Role.PART_C_SERVICE_COORDINATOR
_INITIAL_PLAN: Final = PlanKind.INITIAL
_INITIAL_MEETING: Final = MeetingPurpose.INITIAL
_TRANSITION_MEETING: Final = MeetingPurpose.TRANSITION


def _participant(index: int) -> str:
    return f"meeting.participants[{index}]"


def _missing_role_path(meeting: Meeting, *roles: Role) -> str:
    """The first holder listed of one of *roles* (absent: it is missing), else the list."""
    for index, participant in enumerate(meeting.participants):
        if any(role in participant.roles for role in roles):
            return _participant(index)
    return "meeting.participants"


@rule(
    "T101",
    Severity.ERROR,
    "34 CFR 300.322(d)",
    title="Meeting without a parent, too few contact attempts",
    family=_FAMILY,
    settings=("parent_contact_attempts",),
)
def no_parent_and_too_few_contact_attempts(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    No parent took part, and fewer documented contact attempts than the profile asks.

    A meeting may go ahead without a parent only when the school could not convince the
    parents to attend and kept a record of its attempts to arrange a mutually agreed time
    and place (300.322(d)); the profile sets how many attempts (default 2).
    Only attempts made on or before the meeting day count; the notice itself is not one.
    """
    meeting = plan.meeting
    if meeting is None:
        return ()
    if (facts := context.last_facts) is None or facts.plan is not plan:
        facts = context.facts(plan)  # first asked for this plan
    if _PARENT in facts.covered_roles:
        return ()
    required = context.profile.parent_contact_attempts
    made = sum(1 for attempt in meeting.parent_contact_attempts if attempt.date <= meeting.date)
    if made < required:
        return [
            emit(
                "T101",
                plan,
                context,
                f"No parent took part in the meeting, and the plan records {made} documented "
                f"attempt{'' if made == 1 else 's'} to arrange it with the parents, fewer than "
                f"the {required} required.",
                path="meeting.parent_contact_attempts",
            )
        ]
    return ()


@rule(
    "T102",
    Severity.ERROR,
    "34 CFR 300.321(a)(2)",
    title="Regular education teacher missing",
    family=_FAMILY,
)
def no_regular_education_teacher(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    No regular education teacher, though the child is (or may be) in the regular class.

    Required when the placement puts the child in the regular class any part of the day
    (``regular_class_percent`` > 0) or the meeting considers it. Without a placement the
    share is unknown and only the meeting's ``considers_regular_class`` counts (C309
    reports the missing placement).
    """
    meeting = plan.meeting
    if meeting is None:
        return ()
    if (facts := context.last_facts) is None or facts.plan is not plan:
        facts = context.facts(plan)  # first asked for this plan
    if _REGULAR_EDUCATION_TEACHER in facts.covered_roles:
        return ()
    # `Placement.in_regular_class`, inlined: any part of the day.
    in_regular_class = plan.placement is not None and plan.placement.regular_class_percent > 0
    if not (in_regular_class or meeting.considers_regular_class):
        return ()
    reason = (
        "the student is in the regular class part of the day"
        if in_regular_class
        else "the meeting considers placing the student in the regular class"
    )
    return [
        emit(
            "T102",
            plan,
            context,
            f"No regular education teacher took part in the meeting, though {reason}.",
            path=_missing_role_path(meeting, _REGULAR_EDUCATION_TEACHER),
        )
    ]


@rule(
    "T103",
    Severity.ERROR,
    "34 CFR 300.321(a)(3)",
    title="Special education teacher or provider missing",
    family=_FAMILY,
)
def no_special_education_teacher(plan: IEP, context: Context) -> Sequence[Finding]:
    """No special education teacher or special education provider of the child."""
    meeting = plan.meeting
    if meeting is None:
        return ()
    if (facts := context.last_facts) is None or facts.plan is not plan:
        facts = context.facts(plan)  # first asked for this plan
    if not facts.covered_roles.isdisjoint(_SPECIAL_EDUCATION_ROLES):
        return ()
    return [
        emit(
            "T103",
            plan,
            context,
            "No special education teacher or provider took part in the meeting.",
            path=_missing_role_path(meeting, *_SPECIAL_EDUCATION_ROLES),
        )
    ]


@rule(
    "T104",
    Severity.ERROR,
    "34 CFR 300.321(a)(4)",
    title="LEA representative missing",
    family=_FAMILY,
)
def no_lea_representative(plan: IEP, context: Context) -> Sequence[Finding]:
    """No representative of the public agency (LEA representative)."""
    meeting = plan.meeting
    if meeting is None:
        return ()
    if (facts := context.last_facts) is None or facts.plan is not plan:
        facts = context.facts(plan)  # first asked for this plan
    if _LEA_REPRESENTATIVE in facts.covered_roles:
        return ()
    return [
        emit(
            "T104",
            plan,
            context,
            "No representative of the public agency took part in the meeting.",
            path=_missing_role_path(meeting, _LEA_REPRESENTATIVE),
        )
    ]


@rule(
    "T105",
    Severity.ERROR,
    "34 CFR 300.321(a)(5)",
    title="No one to interpret evaluation results",
    family=_FAMILY,
)
def no_evaluation_interpreter(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    No one, other than a parent or the student, who can interpret evaluation results.

    300.321(a)(5) lets this member be one of the members of (a)(2) to (a)(6); read
    strictly, a parent or the child cannot fill it.
    """
    meeting = plan.meeting
    if meeting is None:
        return ()
    for participant in meeting.participants:
        roles = participant.roles
        if (
            _EVALUATION_INTERPRETER in roles
            and _PARENT not in roles
            and _STUDENT not in roles
            and participant.attendance is not _ABSENT  # covers the role
        ):
            return ()
    return [
        emit(
            "T105",
            plan,
            context,
            "No one other than a parent or the student took part who can interpret the "
            "instructional implications of evaluation results.",
            path=_missing_role_path(meeting, _EVALUATION_INTERPRETER),
        )
    ]


@rule(
    "T106",
    Severity.ERROR,
    "34 CFR 300.321(b)(1)",
    title="Student not invited to a transition meeting",
    family=_FAMILY,
    settings=("transition_age_years", "transition_age_months"),
)
def student_not_invited(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    The student is not invited, though transition is (or must be) considered.

    That is when the plan needs transition content or the meeting's purposes include
    transition.

    The plan needs transition content when the student reaches the profile's transition
    age on or before the plan's end date (rule C311). Listing the student as a
    participant, present or not, is the invitation.
    """
    meeting = plan.meeting
    if meeting is None:
        return ()
    if (facts := context.last_facts) is None or facts.plan is not plan:
        facts = context.facts(plan)  # first asked for this plan
    if _STUDENT in facts.invited_roles:
        return ()
    if _TRANSITION_MEETING in meeting.purposes:
        reason = "a purpose of the meeting is transition planning"
    elif transition_required(plan, context) is not None:
        reason = "the plan must include transition content"
    else:
        return ()
    return [
        emit(
            "T106",
            plan,
            context,
            f"The student was not invited to the meeting, though {reason}.",
            path="meeting.participants",
        )
    ]


def _non_excusable(participant: Participant, context: Context) -> frozenset[Role]:
    return context.profile.non_excusable_roles.intersection(participant.roles)


def _needs_excusal(participant: Participant, context: Context) -> bool:
    """Whether a valid 300.321(e) excusal is what stands between *participant* and T1xx."""
    # No role the profile does not let be excused (`_non_excusable`), and an excusable one.
    roles = participant.roles
    return context.profile.non_excusable_roles.isdisjoint(roles) and not (
        EXCUSABLE_ROLES.isdisjoint(roles)
    )


@rule(
    "T107",
    Severity.ERROR,
    "34 CFR 300.321(e)",
    title="Excusal without a written agreement",
    family=_FAMILY,
)
def excusal_without_written_agreement(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    An excused member without a written agreement dated on or before the meeting.

    Both paths of 300.321(e) need the parent's agreement (or consent) in writing before
    the meeting (20 USC 1414(d)(1)(C)(iii)); an oral agreement does not count. Members
    who may not be excused at all are reported by T109 instead. ``due`` is the meeting
    date, by which the agreement was needed, whether it is missing or late.
    """
    meeting = plan.meeting
    if meeting is None:
        return ()
    if (facts := context.last_facts) is None or facts.plan is not plan:
        facts = context.facts(plan)  # first asked for this plan
    if not facts.excused:
        return ()
    found: list[Finding] = []
    for index, participant in facts.excused:
        if not _needs_excusal(participant, context):
            continue
        excusal = participant.excusal
        if excusal is None or excusal.written_agreement_date is None:
            found.append(
                emit(
                    "T107",
                    plan,
                    context,
                    "A team member was excused without a written agreement of the parent and "
                    "the agency.",
                    path=_participant(index)
                    if excusal is None
                    else f"{_participant(index)}.excusal.written_agreement_date",
                    due=meeting.date,
                )
            )
        elif excusal.written_agreement_date > meeting.date:
            found.append(
                emit(
                    "T107",
                    plan,
                    context,
                    "A team member was excused with a written agreement dated after the meeting.",
                    path=f"{_participant(index)}.excusal.written_agreement_date",
                    due=meeting.date,
                )
            )
    return found


@rule(
    "T108",
    Severity.ERROR,
    "34 CFR 300.321(e)(2)(ii)",
    title="Excusal without timely written input",
    family=_FAMILY,
    settings=("excusal_input_lead_days",),
)
def excusal_without_written_input(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    An excused member whose area is discussed, without written input in time.

    When the member's area is modified or discussed, the member must give written input
    to the parent and the team before the meeting (300.321(e)(2)(ii)); the profile's
    lead time says how many days before (default 0: on or before the meeting day; US-NY
    5 calendar days).
    """
    meeting = plan.meeting
    if meeting is None:
        return ()
    if (facts := context.last_facts) is None or facts.plan is not plan:
        facts = context.facts(plan)  # first asked for this plan
    excused = facts.excused
    if not excused:
        return ()
    found: list[Finding] = []
    for index, participant in excused:
        excusal = participant.excusal
        if excusal is None or not excusal.area_discussed:
            continue
        if not _needs_excusal(participant, context):
            continue
        lead = context.profile.excusal_input_lead_days
        deadline = shift(meeting.date, -lead)
        written = excusal.written_input_date
        if written is not None and (deadline is None or written <= deadline):
            continue  # in time (the usual case)
        path = f"{_participant(index)}.excusal.written_input_date"
        when = "on or before the meeting day" if lead == 0 else f"{lead} days before the meeting"
        if written is None:
            found.append(
                emit(
                    "T108",
                    plan,
                    context,
                    "A team member whose area is discussed was excused without giving written "
                    f"input to the parent and the team {when}.",
                    path=path,
                    due=deadline,
                )
            )
        else:
            assert deadline is not None  # only a due date can be missed
            found.append(
                emit(
                    "T108",
                    plan,
                    context,
                    "A team member whose area is discussed was excused and gave written input "
                    f"later than {when}, due by {deadline.isoformat()}.",
                    path=path,
                    due=deadline,
                )
            )
    return found


@rule(
    "T109",
    Severity.ERROR,
    "34 CFR 300.321(e)",
    title="A member who cannot be excused was excused",
    family=_FAMILY,
    settings=("non_excusable_roles",),
)
def non_excusable_member_excused(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    A parent, the student, or a role the profile does not let be excused, is excused.

    300.321(e) covers only the members of (a)(2) to (a)(5); a profile may add roles (a
    district that never excuses its LEA representative).
    """
    meeting = plan.meeting
    if meeting is None:
        return ()
    if (facts := context.last_facts) is None or facts.plan is not plan:
        facts = context.facts(plan)  # first asked for this plan
    if not facts.excused:
        return ()
    found: list[Finding] = []
    for index, participant in facts.excused:
        roles = _non_excusable(participant, context)
        if roles:
            names = " and ".join(sorted(role.value.replace("_", " ") for role in roles))
            found.append(
                emit(
                    "T109",
                    plan,
                    context,
                    f"A participant holding a role that cannot be excused ({names}) was excused.",
                    path=_participant(index),
                )
            )
    return found


@rule(
    "T110",
    Severity.ERROR,
    "34 CFR 300.321(a)(2)-(3)",
    title="One person as both regular and special education teacher",
    family=_FAMILY,
    settings=("allow_dual_teacher_role",),
)
def dual_teacher_role(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    One person holds both the regular and the special education teacher role.

    Reported when no one else fills either role (a profile may allow it).

    300.321(a)(2) and (a)(3) list them as separate required members; the default
    profile does not let one person count as both.
    """
    meeting = plan.meeting
    if meeting is None or context.profile.allow_dual_teacher_role:
        return ()
    # Reported when the only person covering either teacher role covers both (an absent
    # holder does not cover a role).
    only: Participant | None = None
    for participant in meeting.participants:
        roles = participant.roles
        if _REGULAR_EDUCATION_TEACHER in roles:
            if participant.attendance is _ABSENT:
                continue
            if only is not None or not (
                _SPECIAL_EDUCATION_TEACHER in roles or _SPECIAL_EDUCATION_PROVIDER in roles
            ):
                return ()  # another teacher, or a regular education teacher only
            only = participant
        elif (
            _SPECIAL_EDUCATION_TEACHER in roles or _SPECIAL_EDUCATION_PROVIDER in roles
        ) and participant.attendance is not _ABSENT:
            return ()  # a special education teacher or provider only
    if only is not None:
        index = next(i for i, person in enumerate(meeting.participants) if person is only)
        return [
            emit(
                "T110",
                plan,
                context,
                "The same person is the only regular education teacher and the only special "
                "education teacher or provider at the meeting.",
                path=_participant(index),
            )
        ]
    return ()


@rule(
    "T111",
    Severity.ERROR,
    "34 CFR 300.321(f)",
    title="Part C service coordinator not invited",
    family=_FAMILY,
)
def part_c_coordinator_not_invited(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    Initial meeting, child from Part C, parent asked, Part C coordinator not invited.

    Only when the parent asked: the invitation is then required (300.321(f)).
    """
    meeting = plan.meeting
    if meeting is None or not meeting.part_c_coordinator_requested:
        return ()
    initial = plan.kind is _INITIAL_PLAN or _INITIAL_MEETING in meeting.purposes
    if not (initial and plan.student.from_part_c):
        return ()
    if (facts := context.last_facts) is None or facts.plan is not plan:
        facts = context.facts(plan)  # first asked for this plan
    if _PART_C_SERVICE_COORDINATOR in facts.invited_roles:
        return ()
    return [
        emit(
            "T111",
            plan,
            context,
            "The parent asked that the Part C service coordinator be invited to the initial "
            "meeting, and no Part C service coordinator was invited.",
            path="meeting.participants",
        )
    ]


@rule(
    "T112",
    Severity.ERROR,
    "34 CFR 300.321(b)(3)",
    title="Agency representative invited without consent",
    family=_FAMILY,
)
def agency_representative_without_consent(plan: IEP, context: Context) -> Sequence[Finding]:
    """
    An agency representative invited without prior consent.

    The consent is the parent's, or the student's once of age (300.321(b)(3), 300.520).

    The consent must come before the invitation; the invitation goes out with the meeting
    notice (300.322(b)(2)(ii)), so the consent must be dated on or before the notice date
    when there is one, else on or before the meeting. ``due`` is that day, whether the
    consent is missing or late.
    """
    meeting = plan.meeting
    if meeting is None:
        return ()
    if (facts := context.last_facts) is None or facts.plan is not plan:
        facts = context.facts(plan)  # first asked for this plan
    if _AGENCY_REPRESENTATIVE not in facts.invited_roles:
        return ()
    invited_by = meeting.notice_date if meeting.notice_date is not None else meeting.date
    invited_by = min(invited_by, meeting.date)
    found: list[Finding] = []
    for index, participant in enumerate(meeting.participants):
        if _AGENCY_REPRESENTATIVE not in participant.roles:
            continue
        if participant.consent_date is None:
            found.append(
                emit(
                    "T112",
                    plan,
                    context,
                    "A representative of an outside agency was invited without the prior "
                    "consent of the parent or the adult student.",
                    path=f"{_participant(index)}.consent_date",
                    due=invited_by,
                )
            )
        elif participant.consent_date > invited_by:
            found.append(
                emit(
                    "T112",
                    plan,
                    context,
                    "A representative of an outside agency was invited before the parent or "
                    "the adult student consented.",
                    path=f"{_participant(index)}.consent_date",
                    due=invited_by,
                )
            )
    return found
