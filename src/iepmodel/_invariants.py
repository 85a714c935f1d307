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
        raise InvariantError(attribute.name, "must be a date without a time of day")


def not_before(start: dt.date, end: dt.date | None, field: str, start_field: str) -> None:
    """Raise unless *end* is absent or on or after *start*."""
    if end is not None and end < start:
        raise InvariantError(field, f"must be on or after {start_field}")
