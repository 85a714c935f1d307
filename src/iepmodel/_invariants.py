"""
The invariants a document must meet to be a plan at all (format.md, "Invariants").

They are checked when an object is built, from Python or from JSON. A failure raises
`InvariantError`, a `ValueError` that names the offending field (in the document's own
key names, relative to the object) and never quotes the value: the value may be
personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

__all__ = ["InvariantError"]


class InvariantError(ValueError):
    """
    An object breaks one of the v1 document's invariants.

    Attributes:
        field: the key, relative to the object, that is wrong (``"minutes"``,
            ``"student.date_of_birth"``); empty for the object as a whole.
        reason: what is wrong, in plain words, without the value.

    >>> str(InvariantError("minutes", "must be greater than 0"))
    'minutes: must be greater than 0'
    """

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)


_NOT_A_CALENDAR_DATE = "must be a date without a time of day"


def positive(_: Any, attribute: attrs.Attribute[Any], value: int) -> None:
    """Validate that a whole number is greater than 0."""
    if value <= 0:
        raise InvariantError(attribute.name, "must be greater than 0")


def percent(_: Any, attribute: attrs.Attribute[Any], value: float) -> None:
    """Validate a share of 0 to 100 percent."""
    if not 0 <= value <= 100:
        raise InvariantError(attribute.name, "must be between 0 and 100")


def non_negative(_: Any, attribute: attrs.Attribute[Any], value: float | None) -> None:
    """Validate that an optional number is not negative."""
    if value is not None and value < 0:
        raise InvariantError(attribute.name, "must not be negative")


def non_empty(_: Any, attribute: attrs.Attribute[Any], value: str | tuple[Any, ...]) -> None:
    """Validate that a string or a list is not empty."""
    if not value:
        raise InvariantError(attribute.name, "must not be empty")


def calendar_date(_: Any, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
    """Validate that a date is a calendar date, not a `datetime` (no time of day)."""
    if isinstance(value, dt.datetime):
        raise InvariantError(attribute.name, _NOT_A_CALENDAR_DATE)


def calendar_dates(instance: Any, names: tuple[str, ...]) -> None:
    """
    Validate `calendar_date` for each of the fields *names* of *instance*, in order.

    For ``__attrs_post_init__``. A class whose only checks are on dates makes one call
    per object this way, instead of one per date field; that matters when msgspec builds
    thousands of them (docs/performance.md). It runs after the field validators, so a
    class calls it only when its date fields come after every other validated field:
    then the first error is the one the field validators would have raised.
    """
    for name in names:
        if isinstance(getattr(instance, name), dt.datetime):
            raise InvariantError(name, _NOT_A_CALENDAR_DATE)


def not_before(start: dt.date, end: dt.date | None, field: str, start_field: str) -> None:
    """Raise unless *end* is absent or on or after *start*."""
    if end is not None and end < start:
        raise InvariantError(field, f"must be on or after {start_field}")
