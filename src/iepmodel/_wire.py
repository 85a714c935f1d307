"""
The wire form of the model's classes, described once (format.md).

Every reader and writer of the JSON format derives what it does from `describe`: the
reference converter's cattrs hooks (`iepmodel.serialization`) and the msgspec mirrors of
the fast reader and writer (`iepmodel._fastpath`). A class's wire form is:

- its **keys**: each field's name (the model has no renamed key);
- its **write order**: first the fields a document always carries, in the order the class
  declares them, then the fields that may be left out, in the same order (so the same plan
  always gives the same bytes);
- what is **left out** when writing: the rule below, `omission`, written here and only here;
- what a document **must carry**: every field without a default, and the keys of
  `WIRE_REQUIRED`, which the model fills in for Python callers but a document must state.

>>> from iepmodel import ProgressReporting
>>> from iepmodel._wire import describe
>>> [(f.key, f.omit) for f in describe(ProgressReporting).fields]
[('frequency', 'never'), ('method', 'none')]
"""

from __future__ import annotations

import functools
import typing
from typing import Any, Final, Literal

import attrs

from ._plan import IEP

__all__ = [
    "OMIT_EMPTY",
    "OMIT_NEVER",
    "OMIT_NONE",
    "WIRE_REQUIRED",
    "Wire",
    "WireField",
    "describe",
    "omission",
]

Omission = Literal["never", "none", "empty"]

OMIT_NEVER: Final = "never"
"""The field is always written."""
OMIT_NONE: Final = "none"
"""The field is left out when it is `None` (its default)."""
OMIT_EMPTY: Final = "empty"
"""The field is left out when it is an empty list (``()``, its default)."""

WIRE_REQUIRED: Final[dict[type, tuple[str, ...]]] = {IEP: ("schema_version",)}
"""
Per class, the keys a document must carry although the model has a default for them:
the model fills in the current schema version for Python callers, a document must say
which version it is.
"""


def omission(field: attrs.Attribute[Any]) -> Omission:
    """
    When the writer leaves *field* out: **null and empty are never written**.

    A field whose default is `None` is left out when it holds `None`; one whose default is
    the empty list (``()``) is left out when it is empty; every other field is written.
    """
    if field.default is None:
        return OMIT_NONE
    if field.default == ():
        return OMIT_EMPTY
    return OMIT_NEVER


@attrs.frozen
class WireField:
    """
    One field of a class's wire form.

    Attributes:
        name: the attribute's name.
        key: its key in a document.
        type: its resolved type annotation.
        omit: when the writer leaves it out (`omission`).
        required: whether a document must carry the key.
        attribute: the attrs attribute (its default, its constraint's metadata).
    """

    name: str
    key: str
    type: Any
    omit: Omission
    required: bool
    attribute: attrs.Attribute[Any] = attrs.field(eq=False, repr=False)


@attrs.frozen
class Wire:
    """
    The wire form of one class: its fields in write order.

    Attributes:
        cls: the attrs class.
        fields: its fields, in the order they are written.
        derived: the attributes that are not on the wire (``init=False``: the class
            derives them from its fields).
    """

    cls: type
    fields: tuple[WireField, ...]
    derived: tuple[str, ...] = ()

    @property
    def required_defaults(self) -> tuple[str, ...]:
        """The keys a document must carry although the model has a default for them."""
        return tuple(
            f.key for f in self.fields if f.required and f.attribute.default is not attrs.NOTHING
        )

    @property
    def omitted(self) -> frozenset[str]:
        """The names of the fields the writer may leave out."""
        return frozenset(f.name for f in self.fields if f.omit != OMIT_NEVER)


@functools.cache
def describe(cls: type) -> Wire:
    """
    The wire form of the attrs class *cls*.

    Raises:
        TypeError: *cls* is not an attrs class, or a field is set by ``__init__`` under
            another name than its own (the format has no such field).
    """
    hints = typing.get_type_hints(cls)
    must_carry = WIRE_REQUIRED.get(cls, ())
    fields: list[WireField] = []
    derived: list[str] = []
    for attribute in attrs.fields(cls):
        if not attribute.init:
            derived.append(attribute.name)
            continue
        if attribute.alias != attribute.name:
            msg = f"{cls.__name__}.{attribute.name}: not a field of the wire format"
            raise TypeError(msg)
        fields.append(
            WireField(
                name=attribute.name,
                key=attribute.name,
                type=hints[attribute.name],
                omit=omission(attribute),
                required=attribute.default is attrs.NOTHING or attribute.name in must_carry,
                attribute=attribute,
            )
        )
    always = [f for f in fields if f.omit == OMIT_NEVER]
    optional = [f for f in fields if f.omit != OMIT_NEVER]
    return Wire(cls=cls, fields=(*always, *optional), derived=tuple(derived))
