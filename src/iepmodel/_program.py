"""Who is responsible for a plan, and the student's participation in the program (format v2)."""

from __future__ import annotations

import datetime as dt

import attrs

from ._enums import ExitReason
from ._invariants import checked, non_empty

__all__ = ["EducationOrganization", "ProgramParticipation"]


@checked
@attrs.frozen(kw_only=True)
class EducationOrganization:
    """
    The education organization responsible for the plan (a district, a school, an agency).

    Attributes:
        id: its identifier in the exchanging systems (an Ed-Fi education organization id,
            a state district code), opaque and non-empty.
        name: its name.

    >>> EducationOrganization(id="255901", name="Maple Valley Schools").id
    '255901'
    """

    id: str = attrs.field(metadata=non_empty())
    name: str | None = None


@checked
@attrs.frozen(kw_only=True)
class ProgramParticipation:
    """
    The student's participation in special education, as student information systems keep it.

    The dates are recorded as they are: real records sometimes end a participation after
    the exit date, or give a reason without a date. Such records are kept, not refused;
    an importer reports them.

    Attributes:
        start_date: the day the participation began.
        end_date: the day it ended, if it has.
        exit_date: the day the student left special education, if they have.
        exit_reason: why the student left special education.

    >>> ProgramParticipation(start_date=dt.date(2024, 9, 3)).exit_date is None
    True
    """

    start_date: dt.date
    end_date: dt.date | None = None
    exit_date: dt.date | None = None
    exit_reason: ExitReason | None = None
