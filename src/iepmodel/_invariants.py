"""
The invariants a document must meet to be a plan at all (format.md, "Invariants").

They are checked when an object is built, from Python or from JSON. A failure raises
`InvariantError`, a `ValueError` that names the offending field (in the document's own
key names, relative to the object) and never quotes the value: the value may be
personal data.

There are two kinds, declared in two places:

- **Constraints on one field** (a number greater than 0, a list that is not empty, a value
  from a closed set) are declared in the field's attrs ``metadata`` as JSON Schema
  keywords, with the helpers below: ``minutes: int = attrs.field(metadata=positive())``.
  Every date field (typed `datetime.date`) must be a date without a time of day. The
  class decorator `checked` generates, from these declarations, inline checks of the
  arguments of the class's ``__init__``, run before the object is built.
  `iepmodel.json_schema` writes the same keywords, and the optional fast reader
  (`iepmodel._fastpath`) enforces them in C as msgspec constraints on its mirror of the
  model. One declaration has three uses, so the schema, the Python checks and the fast
  reader cannot drift apart.
- **Relations between fields** (an end date on or after the start date) are written in the
  class's ``__attrs_post_init__``. They run after every field constraint has held, and
  also when the fast reader builds an object (msgspec calls ``__attrs_post_init__``).

The first error is therefore that of the first bad field in field order, else that of the
first broken relation.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Callable, Iterable, Mapping
from types import NoneType, UnionType
from typing import Any, Final, TypeVar

import attrs

__all__ = ["InvariantError"]

T = TypeVar("T", bound=type)


class InvariantError(ValueError):
    """
    An object breaks one of the document format's invariants.

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


NOT_A_CALENDAR_DATE: Final = "must be a date without a time of day"
"""The reason given for a `datetime` (a date with a time of day) in a date field."""

KEYWORDS: Final = ("exclusiveMinimum", "minimum", "maximum", "minLength", "minItems", "enum")
"""The JSON Schema keywords a field's metadata may declare as its constraint."""

_REASON: Final = "reason"
"""Metadata key of a constraint's message, where the keywords alone do not say it well."""


# --- declaring the constraint of one field (attrs metadata) ---------------------------


def positive() -> dict[str, Any]:
    """Metadata: a whole number greater than 0."""
    return {"exclusiveMinimum": 0}


def non_negative() -> dict[str, Any]:
    """Metadata: a number that is not negative."""
    return {"minimum": 0}


def percent() -> dict[str, Any]:
    """Metadata: a share of 0 to 100 percent."""
    return {"minimum": 0, "maximum": 100}


def non_empty() -> dict[str, Any]:
    """Metadata: a string that is not empty."""
    return {"minLength": 1}


def non_empty_list() -> dict[str, Any]:
    """Metadata: a list (a tuple in Python) that is not empty."""
    return {"minItems": 1}


def one_of(values: Iterable[Any], reason: str) -> dict[str, Any]:
    """Metadata: one of *values* (sorted in the schema); *reason* is the error's message."""
    return {"enum": sorted(values), _REASON: reason}


def keywords(field: attrs.Attribute[Any]) -> dict[str, Any]:
    """The JSON Schema keywords of *field*'s constraint, in declaration order (may be empty)."""
    metadata = field.metadata
    return {key: value for key, value in metadata.items() if key in KEYWORDS}


def reason(field: attrs.Attribute[Any]) -> str:
    """The message of `InvariantError` when *field*'s constraint fails."""
    declared = keywords(field)
    custom = field.metadata.get(_REASON)
    if isinstance(custom, str):
        return custom
    names = set(declared)
    if names == {"exclusiveMinimum"}:
        return f"must be greater than {declared['exclusiveMinimum']}"
    if names == {"minimum", "maximum"}:
        return f"must be between {declared['minimum']} and {declared['maximum']}"
    if names == {"minimum"}:
        low = declared["minimum"]
        return "must not be negative" if low == 0 else f"must be at least {low}"
    if names == {"maximum"}:
        return f"must be at most {declared['maximum']}"
    if names in ({"minLength"}, {"minItems"}) and set(declared.values()) == {1}:
        return "must not be empty"
    if names == {"enum"}:
        return "must be one of " + ", ".join(str(value) for value in declared["enum"])
    msg = f"no message for the constraint {declared!r} of {field.name!r}"
    raise TypeError(msg)


# --- the checks ------------------------------------------------------------------------


def is_date(type_: Any) -> bool:
    """Whether *type_* is `datetime.date` or ``date | None`` (a field with the date check)."""
    return type_ is dt.date or (_optional(type_) and _without_none(type_) == (dt.date,))


def _optional(type_: Any) -> bool:
    return typing.get_origin(type_) in (UnionType, typing.Union) and NoneType in typing.get_args(
        type_
    )


def _without_none(type_: Any) -> tuple[Any, ...]:
    return tuple(arg for arg in typing.get_args(type_) if arg is not NoneType)


def _test(declared: Mapping[str, Any], value: str, namespace: dict[str, Any]) -> str:
    """A Python expression, true when *value* (a variable's name) breaks *declared*."""
    names = set(declared)
    if names == {"exclusiveMinimum"}:
        return f"{value} <= {declared['exclusiveMinimum']!r}"
    if names == {"minimum", "maximum"}:
        return f"not {declared['minimum']!r} <= {value} <= {declared['maximum']!r}"
    if names == {"minimum"}:
        return f"{value} < {declared['minimum']!r}"
    if names == {"maximum"}:
        return f"{value} > {declared['maximum']!r}"
    if names in ({"minLength"}, {"minItems"}):
        (length,) = declared.values()
        return f"not {value}" if length == 1 else f"len({value}) < {length!r}"
    if names == {"enum"}:
        allowed = f"_allowed_{len(namespace)}"
        namespace[allowed] = frozenset(declared["enum"])
        return f"{value} not in {allowed}"
    msg = f"unsupported constraint {declared!r}"
    raise TypeError(msg)


def _check_source(cls: type, namespace: dict[str, Any]) -> list[str]:
    """The statements that check *cls*'s field constraints on ``kw`` (its ``__init__``'s)."""
    hints = typing.get_type_hints(cls)
    lines: list[str] = []
    for field in attrs.fields(cls):
        type_ = hints[field.name]
        declared = keywords(field)
        if declared:
            base = _without_none(type_)[0] if _optional(type_) else type_
            if ("minItems" in declared and typing.get_origin(base) is not tuple) or (
                "minLength" in declared and base is not str
            ):
                msg = f"{cls.__name__}.{field.name}: minItems is for lists, minLength for text"
                raise TypeError(msg)
            test = _test(declared, "value", namespace)
            if _optional(type_):
                test = f"value is not None and ({test})"
            message = reason(field)
        elif is_date(type_):
            test = "isinstance(value, _datetime)"
            message = NOT_A_CALENDAR_DATE
        else:
            continue
        lines += [
            f"    value = get({field.alias!r}, _ABSENT)",
            f"    if value is not _ABSENT and {test}:",
            f"        raise _InvariantError({field.name!r}, {message!r})",
        ]
    return lines


_ABSENT: Final = object()

_CHECKED: dict[type, Callable[[Mapping[str, Any]], None] | None] = {}


def checked(cls: T) -> T:
    """
    Make *cls* (an attrs class) check its fields' constraints whenever it is built.

    Apply it above ``@attrs.frozen``. The checks, generated from the fields' metadata and
    date types (see the module's docstring), run on the arguments of ``__init__`` before
    attrs builds the object, in field order, so ``__attrs_post_init__`` (the relations
    between fields) only ever sees fields that meet their own constraints. A field left
    to its default is not checked; every default is checked once, here.

    An object built without ``__init__`` (msgspec, `copy`, `pickle`) is not checked
    again: the fast reader enforces the same constraints in its mirror of the model.
    """
    namespace: dict[str, Any] = {
        "_ABSENT": _ABSENT,
        "_InvariantError": InvariantError,
        "_datetime": dt.datetime,
    }
    lines = _check_source(cls, namespace)
    if not lines:
        _CHECKED[cls] = None
        return cls
    source = "def check(kw):\n    get = kw.get\n" + "\n".join(lines) + "\n"
    exec(compile(source, f"<iepmodel checks of {cls.__name__}>", "exec"), namespace)  # noqa: S102
    check: Callable[[Mapping[str, Any]], None] = namespace["check"]
    defaults = {
        field.alias: field.default
        for field in attrs.fields(cls)
        if field.default is not attrs.NOTHING and not isinstance(field.default, attrs.Factory)  # type: ignore[arg-type]
    }
    check(defaults)  # a default that breaks its own constraint is a bug of the model

    init: Callable[..., None] = cls.__init__  # type: ignore[misc]

    @functools.wraps(init)
    def init_checked(self: Any, /, **kw: Any) -> None:
        check(kw)
        init(self, **kw)

    cls.__init__ = init_checked  # type: ignore[misc]
    _CHECKED[cls] = check
    return cls


def argument_check(cls: type) -> Callable[[Mapping[str, Any]], None] | None:
    """
    The generated check of *cls*'s ``__init__`` arguments, `None` if it has no constraint.

    Raises:
        KeyError: *cls* is not decorated with `checked`.
    """
    return _CHECKED[cls]


def is_checked(cls: type) -> bool:
    """Whether *cls* is decorated with `checked`."""
    return cls in _CHECKED


# --- for classes that keep attrs validators (the school calendar) ---------------------


def calendar_date(_: Any, attribute: attrs.Attribute[Any], value: dt.date | None) -> None:
    """Validate that a date is a calendar date, not a `datetime` (no time of day)."""
    if isinstance(value, dt.datetime):
        raise InvariantError(attribute.name, NOT_A_CALENDAR_DATE)


def not_before(start: dt.date, end: dt.date | None, field: str, start_field: str) -> None:
    """Raise unless *end* is absent or on or after *start*."""
    if end is not None and end < start:
        raise InvariantError(field, f"must be on or after {start_field}")
