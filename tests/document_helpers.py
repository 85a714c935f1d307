"""
Helpers for the property tests of documents: the model's classes, paths, mutations.

`fields_of` walks a model object together with its `to_dict` data, so a test can pick
any place of a document (a date, an enumeration value, a nested object) by its path in
the document's own names (``meeting.participants[2].roles``) and change it.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
import string
import types
import typing
from collections.abc import Iterator
from typing import Any, cast

import attrs
from hypothesis import strategies as st

import iepmodel
from iepmodel.testing import strategies as ist

Key = str | int

# Names and texts no message or repr could contain by accident: no library message has
# an upper-case Q or X, and none ends in "zq" or "zx".
_WORDS = st.text(alphabet=string.ascii_lowercase, min_size=3, max_size=9)
NAMES = st.builds("Q{} {}zq".format, _WORDS, _WORDS)


def _sentence(words: list[str]) -> str:
    return "X" + " ".join(words) + "zx"


TEXTS = st.builds(_sentence, st.lists(_WORDS, min_size=1, max_size=5))


def private_plans(**options: Any) -> st.SearchStrategy[iepmodel.IEP]:
    """`plans()` whose names and free texts are distinctive, so a leak can be found."""
    return ist.plans(names=NAMES, texts=TEXTS, **options)


def model_classes() -> tuple[type, ...]:
    """Every attrs class of the v1 document: reachable from `IEP` and `SchoolCalendar`."""
    found: dict[str, type] = {}
    pending: list[Any] = [iepmodel.IEP, iepmodel.SchoolCalendar]
    while pending:
        hint = pending.pop()
        if isinstance(hint, type) and attrs.has(hint):
            if hint.__name__ in found:
                continue
            found[hint.__name__] = hint
            pending.extend(typing.get_type_hints(hint).values())
        elif typing.get_origin(hint) in (tuple, typing.Union, types.UnionType):
            pending.extend(arg for arg in typing.get_args(hint) if arg is not Ellipsis)
    return tuple(found[name] for name in sorted(found))


def path_of(keys: tuple[Key, ...]) -> str:
    """
    The path of *keys* as `iepmodel.DocumentError` writes it: ``services[0].minutes``.

    A key that is not a plain name (``schema_version `` with a space, a key with a
    newline) is written as a JSON string in brackets: ``["schema_version "]``.
    """
    text = ""
    for key in keys:
        if isinstance(key, int):
            text += f"[{key}]"
        elif not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) or len(key) > 40:
            shown = json.dumps(key[:40], ensure_ascii=True)
            text += f"[{shown}{'...' if len(key) > 40 else ''}]"
        else:
            text = f"{text}.{key}" if text else key
    return text


@attrs.frozen
class Place:
    """A key of a document: where it is, the model's value and the field's type."""

    keys: tuple[Key, ...]
    value: Any
    hint: Any
    required: bool

    @property
    def path(self) -> str:
        """The place's path in the document's names."""
        return path_of(self.keys)


@attrs.frozen
class Node:
    """An object of a document (a plan, a meeting, a goal …) and where it is."""

    keys: tuple[Key, ...]
    obj: Any

    @property
    def path(self) -> str:
        """The object's path in the document's names (empty for the plan)."""
        return path_of(self.keys)

    @property
    def cls(self) -> type[Any]:
        """The object's class."""
        cls: type[Any] = self.obj.__class__
        return cls

    @property
    def field_names(self) -> set[str]:
        """The names of the object's keys."""
        return {field.name for field in attrs.fields(self.cls)}


def items_of(value: Any) -> tuple[Any, ...]:
    """The items of a list field, or the value of any other field as a one-item tuple."""
    if isinstance(value, tuple):
        # mypy knows the items are Any; pyright needs telling.
        return cast("tuple[Any, ...]", value)  # type: ignore[redundant-cast]
    return (value,)


def _wire_required(cls: type) -> set[str]:
    from iepmodel.serialization import WIRE_REQUIRED

    required = {f.name for f in attrs.fields(cls) if f.init and f.default is attrs.NOTHING}
    return required | set(WIRE_REQUIRED.get(cls, ()))


def walk(obj: Any, data: Any, keys: tuple[Key, ...] = ()) -> Iterator[Node | Place]:
    """Every object and every key written for *obj*, with *data* its `to_dict`."""
    node = Node(keys, obj)
    yield node
    hints = typing.get_type_hints(node.cls)
    required = _wire_required(node.cls)
    for field in attrs.fields(node.cls):
        if not field.init or field.name not in data:
            continue
        value = getattr(obj, field.name)
        here = (*keys, field.name)
        yield Place(here, value, hints[field.name], field.name in required)
        items = items_of(value)
        subdata: list[Any] | tuple[Any] = (
            data[field.name] if isinstance(value, tuple) else (data[field.name],)
        )
        for index, (item, sub) in enumerate(zip(items, subdata, strict=True)):
            if attrs.has(item.__class__):
                yield from walk(item, sub, (*here, index) if isinstance(value, tuple) else here)


def nodes(obj: Any) -> list[Node]:
    """Every object of *obj*'s document, *obj* first."""
    return [n for n in walk(obj, iepmodel.to_dict(obj)) if isinstance(n, Node)]


def places(obj: Any) -> list[Place]:
    """Every key written for *obj*, at every depth."""
    return [p for p in walk(obj, iepmodel.to_dict(obj)) if isinstance(p, Place)]


def scalar_type(hint: Any) -> Any:
    """The type of a field's value, without `None` (``date | None`` -> ``date``)."""
    args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return hint


def is_enum(hint: Any) -> bool:
    """Whether a field holds one enumeration value."""
    kind = scalar_type(hint)
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def is_enum_list(hint: Any) -> bool:
    """Whether a field holds a list of enumeration values."""
    args = typing.get_args(hint)
    return typing.get_origin(hint) is tuple and bool(args) and is_enum(args[0])


def is_date(hint: Any) -> bool:
    """Whether a field holds a date."""
    return scalar_type(hint) is dt.date


def get(data: Any, keys: tuple[Key, ...]) -> Any:
    """The value at *keys* in *data*."""
    for key in keys:
        data = data[key]
    return data


def put(data: Any, keys: tuple[Key, ...], value: Any) -> None:
    """Set the value at *keys* in *data* (which must exist up to the last key)."""
    get(data, keys[:-1])[keys[-1]] = value


def remove(data: Any, keys: tuple[Key, ...]) -> None:
    """Delete the key at *keys* in *data*."""
    del get(data, keys[:-1])[keys[-1]]


def personal_data(plan: iepmodel.IEP) -> list[str]:
    """The plan's names, date of birth (as written and as `repr` shows it) and free texts."""
    found = [plan.student.date_of_birth.isoformat(), repr(plan.student.date_of_birth)]
    for node in nodes(plan):
        for name in node.field_names:
            items = items_of(getattr(node.obj, name))
            found.extend(i for i in items if isinstance(i, str) and i.endswith(("zq", "zx")))
    return found
