"""The IEP team meeting: who was invited, who came, who was excused (34 CFR 300.321-.322)."""

from __future__ import annotations

import datetime as dt

import attrs

from ._enums import Attendance, ContactMethod, MeetingPurpose, ParticipationMode, Role
from ._invariants import InvariantError, checked, non_empty, non_empty_list

__all__ = ["ContactAttempt", "Excusal", "Meeting", "Participant"]


@checked
@attrs.frozen(kw_only=True)
class Excusal:
    """
    The written excusal of a team member from all or part of a meeting, 34 CFR 300.321(e).

    Attributes:
        area_discussed: whether the member's area of the curriculum or service is modified
            or discussed at the meeting (then written input is needed, 300.321(e)(2)).
        written_agreement_date: the day parent and agency agreed (or the parent consented)
            in writing to the excusal.
        written_input_date: the day the member gave written input to the parent and team.
    """

    area_discussed: bool = False
    written_agreement_date: dt.date | None = None
    written_input_date: dt.date | None = None


@checked
@attrs.frozen(kw_only=True)
class Participant:
    """
    A person invited to the meeting; listing someone means they were invited.

    ``name`` is personal data and is left out of `repr`.

    Attributes:
        name: the person's name.
        roles: the roles the person holds on the team (at least one).
        attendance: ``present`` (the default), ``absent`` or ``excused``.
        mode: how a present participant took part.
        excusal: the written excusal, only with attendance ``excused``.
        consent_date: for an agency representative, the parent's (or adult student's)
            prior consent to invite them (300.321(b)(3)).
        staff_id: the person's staff identifier in the exchanging systems, for staff
            (format v2); left out of `repr`.

    >>> p = Participant(name="Sam", roles=(Role.SPECIAL_EDUCATION_TEACHER,))
    >>> p.holds(Role.SPECIAL_EDUCATION_TEACHER), p.covers_role
    (True, True)
    """

    name: str = attrs.field(repr=False)
    roles: tuple[Role, ...] = attrs.field(metadata=non_empty_list())
    attendance: Attendance = Attendance.PRESENT
    mode: ParticipationMode = ParticipationMode.IN_PERSON
    excusal: Excusal | None = None
    consent_date: dt.date | None = None
    # Format v2.
    staff_id: str | None = attrs.field(default=None, repr=False, metadata=non_empty())

    def __attrs_post_init__(self) -> None:
        # The relation between fields (each field's own constraint has held already).
        if self.excusal is not None and self.attendance is not Attendance.EXCUSED:
            raise InvariantError("excusal", "is only allowed when attendance is excused")

    def holds(self, role: Role) -> bool:
        """Whether this person holds *role*."""
        return role in self.roles

    @property
    def covers_role(self) -> bool:
        """
        Whether this person's roles count as covered at the meeting.

        A role is covered by a holder who is present (in any mode) or excused; an absent
        holder does not cover it (rules.md, "Team").
        """
        return self.attendance is not Attendance.ABSENT


@checked
@attrs.frozen(kw_only=True)
class ContactAttempt:
    """
    A documented attempt to arrange a meeting time and place with the parents, 300.322(d).

    Attributes:
        date: the day of the attempt.
        method: how (phone, mail, email, home visit, other).
        outcome: what came of it (free text, left out of `repr`).
    """

    date: dt.date
    method: ContactMethod
    outcome: str | None = attrs.field(default=None, repr=False)


@checked
@attrs.frozen(kw_only=True)
class Meeting:
    """
    The IEP team meeting that developed or reviewed a plan.

    Attributes:
        date: the day of the meeting.
        purposes: what the meeting was held for.
        notice_date: the day written notice of the meeting was sent to the parents.
        participants: everyone invited, with attendance.
        parent_contact_attempts: documented attempts to arrange the meeting with the parents
            (the notice itself is not one).
        considers_regular_class: the meeting considers placing the child (more) in the
            regular class.
        part_c_coordinator_requested: the parent asked that the Part C service coordinator
            be invited to the initial meeting.

    >>> m = Meeting(
    ...     date=dt.date(2025, 10, 1),
    ...     participants=(
    ...         Participant(name="P", roles=(Role.PARENT,)),
    ...         Participant(name="T", roles=(Role.SPECIAL_EDUCATION_TEACHER,), attendance=Attendance.ABSENT),
    ...     ),
    ... )
    >>> m.covers(Role.PARENT), m.covers(Role.SPECIAL_EDUCATION_TEACHER)
    (True, False)
    >>> [p.roles for p in m.holders(Role.PARENT)]
    [(<Role.PARENT: 'parent'>,)]
    """  # noqa: E501

    date: dt.date
    purposes: tuple[MeetingPurpose, ...] = ()
    notice_date: dt.date | None = None
    participants: tuple[Participant, ...] = ()
    parent_contact_attempts: tuple[ContactAttempt, ...] = ()
    considers_regular_class: bool = False
    part_c_coordinator_requested: bool = False

    def holders(self, role: Role) -> tuple[Participant, ...]:
        """Everyone invited who holds *role*, in the order listed."""
        return tuple(p for p in self.participants if role in p.roles)

    def covers(self, role: Role) -> bool:
        """Whether *role* is covered: a holder is present (any mode) or excused."""
        return any(role in p.roles and p.covers_role for p in self.participants)

    def invited(self, role: Role) -> bool:
        """Whether anyone holding *role* was invited (listed)."""
        return any(role in p.roles for p in self.participants)
