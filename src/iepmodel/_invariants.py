"""
The invariants a document must meet to be a plan at all (the document format, "Invariants").

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
  `iepmodel.json_schema` writes the same keywords, and the fast reader
  (`iepmodel._fastpath`) enforces them in C as msgspec constraints on its mirror of the
  model. One declaration has three uses, so the schema, the Python checks and the fast
  reader cannot drift apart.
- **The type of each field** is checked by the same generated code, so that an object
  built in Python holds what a document may hold and `to_json` never writes a document
  that `from_json` refuses: a wrong type or an unknown enumeration value raises
  `FieldTypeError` (an `InvariantError` and a `TypeError`); a valid enumeration value
  given as its string becomes the member, and a list becomes a tuple.
- **Relations between fields** (an end date on or after the start date) are written in the
  class's ``__attrs_post_init__``. They run after every field constraint has held, and
  also when the fast reader builds an object (msgspec calls ``__attrs_post_init__``).

The first error is therefore that of the first bad field in field order, else that of the
first broken relation.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from types import NoneType, UnionType
from typing import Any, Final, TypeVar

import attrs

__all__ = ["FieldTypeError", "InvariantError"]

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


class FieldTypeError(InvariantError, TypeError):
    """
    A value of the wrong type for a field: an `InvariantError` and a `TypeError` both.

    Raised for a string where a date belongs, an unknown enumeration value, and so on.

    >>> from iepmodel._invariants import FieldTypeError
    >>> isinstance(FieldTypeError("minutes", "must be a whole number"), TypeError)
    True
    """


NOT_A_CALENDAR_DATE: Final = "must be a date without a time of day"
"""The reason given for a `datetime` (a date with a time of day) in a date field."""

KEYWORDS: Final = (
    "exclusiveMinimum",
    "minimum",
    "maximum",
    "minLength",
    "minItems",
    "enum",
    "pattern",
)
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


def matches(pattern: str, reason: str) -> dict[str, Any]:
    """
    Metadata: text of the form *pattern*; *reason* is the error's message.

    The whole text must match the regular expression, as with `re.fullmatch` (so a
    trailing newline does not match).
    """
    return {"pattern": pattern, _REASON: reason}


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
    if names == {"pattern"}:
        return "must be of the required form"
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
    if names == {"pattern"}:
        form = f"_form_{len(namespace)}"
        namespace[form] = re.compile(declared["pattern"])
        return f"{form}.fullmatch({value}) is None"
    msg = f"unsupported constraint {declared!r}"
    raise TypeError(msg)


_LEAF_TESTS: Final[dict[Any, tuple[str, str]]] = {
    # A test true when `{v}` is NOT of the type, and the reason. Exact classes first: a
    # call-free test for the common case, `isinstance` only when that fails.
    str: ("{v}.__class__ is not str and not isinstance({v}, str)", "must be text"),
    bool: ("{v}.__class__ is not bool", "must be true or false"),
    # bool is an int subclass: true is not a number of minutes.
    int: ("{v}.__class__ is not int", "must be a whole number"),
    # NaN and the infinities are not JSON: `to_json` could not write them back.
    float: (
        "({v}.__class__ is not float and {v}.__class__ is not int) or not -_inf < {v} < _inf",
        "must be a finite number",
    ),
}


def _type_lines(
    type_: Any, name: str, var: str, indent: str, namespace: dict[str, Any], *, item: bool
) -> list[str] | None:
    """
    Statements raising `FieldTypeError` unless *var* is a *type_*; `None` if not checked.

    A string that is the value of a member, where an enumeration belongs, is replaced by
    the member (in ``kw``, for a field; in the tuple, for an item); a list where a tuple
    belongs, by the tuple.
    """
    raise_ = f"{indent}    raise _FieldTypeError({name!r}, {{reason!r}})"
    if _optional(type_):
        inner = _without_none(type_)
        if len(inner) != 1:
            return None
        lines = _type_lines(inner[0], name, var, indent + "    ", namespace, item=item)
        return None if lines is None else [f"{indent}if {var} is not None:", *lines]
    if type_ in _LEAF_TESTS:
        test, reason = _LEAF_TESTS[type_]
        return [f"{indent}if {test.format(v=var)}:", raise_.format(reason=reason)]
    if type_ is dt.date:
        return [
            f"{indent}if {var}.__class__ is not _date:",
            f"{indent}    if isinstance({var}, _datetime):",
            f"{indent}        raise _FieldTypeError({name!r}, {NOT_A_CALENDAR_DATE!r})",
            f"{indent}    if not isinstance({var}, _date):",
            f"{indent}        raise _FieldTypeError({name!r}, 'must be a date')",
        ]
    if isinstance(type_, type) and issubclass(type_, Enum):
        enum = f"_enum_{len(namespace)}"
        namespace[enum] = type_
        namespace[f"{enum}_members"] = dict(type_._value2member_map_)
        reason = "must be one of " + ", ".join(str(member.value) for member in type_)
        store = (
            f"{indent}    items[index] = {var}; changed = True"
            if item
            else f"{indent}    kw[{name!r}] = {var}"
        )
        return [
            f"{indent}if {var}.__class__ is not {enum}:",
            f"{indent}    {var} = {enum}_members.get({var}) if {var}.__class__ is str else None",
            f"{indent}    if {var} is None:",
            f"{indent}        raise _FieldTypeError({name!r}, {reason!r})",
            store,
        ]
    if isinstance(type_, type) and attrs.has(type_):
        cls = f"_class_{len(namespace)}"
        namespace[cls] = type_
        return [
            f"{indent}if {var}.__class__ is not {cls} and not isinstance({var}, {cls}):",
            raise_.format(reason=f"must be a {type_.__name__}"),
        ]
    args = typing.get_args(type_)
    if typing.get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis and not item:
        inner_lines = _type_lines(
            args[0], name, "element", indent + "        ", namespace, item=True
        )
        if inner_lines is None:
            return None
        lines = [
            f"{indent}if {var}.__class__ is not tuple:",
            f"{indent}    if {var}.__class__ is not list and not isinstance({var}, tuple):",
            f"{indent}        raise _FieldTypeError({name!r}, 'must be a list')",
            f"{indent}    {var} = tuple({var})",
            f"{indent}    kw[{name!r}] = {var}",
        ]
        if any("items[index]" in line for line in inner_lines):  # members may be replaced
            lines += [
                f"{indent}items = list({var})",
                f"{indent}changed = False",
                f"{indent}for index, element in enumerate(items):",
                *inner_lines,
                f"{indent}if changed:",
                f"{indent}    {var} = kw[{name!r}] = tuple(items)",
            ]
        else:
            lines += [f"{indent}for element in {var}:", *inner_lines]
        return lines
    return None


def _check_source(cls: type, namespace: dict[str, Any]) -> list[str]:
    """The statements that check *cls*'s fields on ``kw`` (its ``__init__``'s arguments)."""
    hints = typing.get_type_hints(cls)
    lines: list[str] = []
    for field in attrs.fields(cls):
        type_ = hints[field.name]
        declared = keywords(field)
        typed = _type_lines(type_, field.name, "value", "        ", namespace, item=False)
        test = None
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
        elif is_date(type_) and typed is None:
            test = "isinstance(value, _datetime)"
        if typed is None and test is None:
            continue
        lines += [
            f"    value = get({field.alias!r}, _ABSENT)",
            "    if value is not _ABSENT:",
            *(typed or []),
        ]
        if test is not None:
            message = reason(field) if declared else NOT_A_CALENDAR_DATE
            lines += [
                f"        if {test}:",
                f"            raise _InvariantError({field.name!r}, {message!r})",
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
        "_FieldTypeError": FieldTypeError,
        "_InvariantError": InvariantError,
        "_date": dt.date,
        "_datetime": dt.datetime,
        "_inf": math.inf,
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
