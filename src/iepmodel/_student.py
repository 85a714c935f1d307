"""The student the plan is for."""

from __future__ import annotations

import datetime as dt

import attrs

from ._age import LeapBirthday, age_on, birthday
from ._enums import DisabilityCategory
from ._invariants import checked, non_empty, one_of

__all__ = ["GRADES", "Student"]

GRADES: frozenset[str] = frozenset(
    {"PK", "TK", "K", "UG", *(str(grade) for grade in range(1, 13))}
)
"""The grade levels a `Student.grade` may take: pre-K, transitional K, K, 1 to 12, ungraded."""

_GRADE = one_of(GRADES, "must be one of PK, TK, K, 1 to 12, UG")


@checked
@attrs.frozen(kw_only=True)
class Student:
    """
    The child the plan is for.

    ``name`` and ``date_of_birth`` are personal data: they are left out of `repr` and of
    every message the library writes.

    Attributes:
        id: stable, opaque identifier; plans with the same id are one student's history.
        name: the child's name (optional).
        date_of_birth: the child's date of birth.
        grade: ``PK``, ``TK``, ``K``, ``1`` to ``12`` or ``UG`` (ungraded).
        disabilities: disability categories, the primary one first.
        english_learner: whether the child is an English learner.
        primary_language: BCP 47 tag of the child's primary language.
        from_part_c: whether the child received early intervention (IDEA Part C).

    >>> s = Student(id="S1", name="Ada", date_of_birth=dt.date(2012, 2, 29))
    >>> s
    Student(id='S1', grade=None, disabilities=(), english_learner=False, primary_language='en', from_part_c=False)
    >>> s.age_on(dt.date(2026, 2, 28))
    14
    """  # noqa: E501

    # Each field's own constraint is its metadata, checked by `checked` (_invariants.py);
    # the date must have no time of day.
    id: str = attrs.field(metadata=non_empty())
    name: str | None = attrs.field(default=None, repr=False)
    date_of_birth: dt.date = attrs.field(repr=False)
    grade: str | None = attrs.field(default=None, metadata=_GRADE)
    disabilities: tuple[DisabilityCategory, ...] = ()
    english_learner: bool = False
    primary_language: str = attrs.field(default="en", metadata=non_empty())
    from_part_c: bool = False

    @property
    def primary_disability(self) -> DisabilityCategory | None:
        """The primary disability category (the first listed), if any."""
        return self.disabilities[0] if self.disabilities else None

    def age_on(self, on: dt.date, *, leap: LeapBirthday = "feb28") -> int:
        """Full years completed on *on* (see `iepmodel.age_on`)."""
        return age_on(self.date_of_birth, on, leap=leap)

    def birthday(self, years: int, months: int = 0, *, leap: LeapBirthday = "feb28") -> dt.date:
        """The day the student reaches *years* (and *months*) of age."""
        return birthday(self.date_of_birth, years, months, leap=leap)
