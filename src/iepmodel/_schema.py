"""
The JSON Schema (draft 2020-12) of the document (format v2), generated from the model.

It is built by walking the attrs classes, their types and the constraints declared in
their fields' metadata (JSON Schema keywords, see `iepmodel._invariants`), so the schema
and the model cannot drift: a field added to the model appears in the schema, and the
constraint a field declares is both a schema keyword here and the check the model runs.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import typing
from enum import Enum
from typing import Any, get_args, get_origin

import attrs

from . import _extensions, _invariants
from ._calendar import SchoolCalendar
from ._plan import IEP
from .serialization import WIRE_REQUIRED

__all__ = ["json_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# ASCII digits (`\d` takes any script's digits in Python's `re`), and the end of the text
# as a lookahead (`$` also matches before a final newline in Python's `re`, which the
# `jsonschema` library uses): the pattern accepts exactly what the reader accepts.
DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}(?![\\s\\S])"
"""The form of a date in a document, as a JSON Schema ``pattern`` (ECMA 262 and Python)."""
_DATE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "format": "date",
    "pattern": DATE_PATTERN,
}


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}

    def type_schema(self, type_: Any) -> dict[str, Any]:
        origin = get_origin(type_)
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
            members = [arg for arg in get_args(type_) if arg is not type(None)]
            schemas = [self.type_schema(member) for member in members]
            if type(None) in get_args(type_):
                schemas.append({"type": "null"})
            return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}
        if origin is tuple:
            return {"type": "array", "items": self.type_schema(get_args(type_)[0])}
        if origin is collections.abc.Mapping:
            # Free JSON under namespaces (`IEP.extensions`); the depth and size bounds are
            # beyond JSON Schema and checked when a document is loaded.
            return {
                "type": "object",
                "propertyNames": {"pattern": _extensions.NAMESPACE_PATTERN},
            }
        if type_ is str:
            return {"type": "string"}
        if type_ is bool:
            return {"type": "boolean"}
        if type_ is int:
            return {"type": "integer"}
        if type_ is float:
            return {"type": "number"}
        if type_ is dt.date:
            return dict(_DATE_SCHEMA)
        if isinstance(type_, type) and issubclass(type_, Enum):
            return self.enum_schema(type_)
        if isinstance(type_, type) and attrs.has(type_):
            return self.class_ref(type_)
        msg = f"no JSON Schema for {type_!r}"
        raise TypeError(msg)

    def enum_schema(self, cls: type[Enum]) -> dict[str, Any]:
        if cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {
                "title": cls.__name__,
                "description": _first_line(cls.__doc__),
                "type": "string",
                "enum": [member.value for member in cls],
            }
        return {"$ref": f"#/$defs/{cls.__name__}"}

    def class_ref(self, cls: type) -> dict[str, Any]:
        if cls.__name__ not in self.defs:
            self.defs[cls.__name__] = {}  # reserve: classes may refer to themselves
            self.defs[cls.__name__] = self.class_schema(cls)
        return {"$ref": f"#/$defs/{cls.__name__}"}

    def class_schema(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        wire_required = WIRE_REQUIRED.get(cls, ())
        required: list[str] = []
        for field in attrs.fields(cls):
            if not field.init:
                continue
            schema = self.type_schema(hints[field.name])
            keywords = _invariants.keywords(field)
            if "pattern" in keywords:
                # The model matches the whole text (`re.fullmatch`); a schema pattern is
                # searched for: anchor it, with a lookahead for the end (see `DATE_PATTERN`).
                keywords["pattern"] = f"^(?:{keywords['pattern']})(?![\\s\\S])"
            if keywords:
                schema = _constrain(schema, keywords)
            properties[field.name] = schema
            if field.default is attrs.NOTHING or field.name in wire_required:
                required.append(field.name)
        result: dict[str, Any] = {
            "title": cls.__name__,
            "description": _first_line(cls.__doc__),
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if required:
            result["required"] = required
        return result


def _constrain(schema: dict[str, Any], keywords: dict[str, Any]) -> dict[str, Any]:
    """Add *keywords* to *schema*, inside the non-null branch of an optional."""
    if "anyOf" in schema:
        branches = [
            branch if branch == {"type": "null"} else _constrain(branch, keywords)
            for branch in schema["anyOf"]
        ]
        return {"anyOf": branches}
    if "$ref" in schema:
        return {"allOf": [schema], **keywords}
    return {**schema, **keywords}


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc and doc.strip() else ""


def json_schema(cls: type[Any] = IEP) -> dict[str, Any]:
    """
    The JSON Schema (draft 2020-12) of a document: a plan, or a `SchoolCalendar`.

    The schema accepts everything `iepmodel.to_json` writes and rejects unknown keys,
    wrong types, unknown enumeration values and missing required fields. Invariants
    between fields (an end date after a start date) are beyond JSON Schema; they are
    checked when a document is loaded, and so are the depth and size bounds of the
    extensions.

    >>> schema = json_schema()
    >>> schema["$schema"], schema["title"], schema["properties"]["schema_version"]
    ('https://json-schema.org/draft/2020-12/schema', 'IEP', {'type': 'integer', 'enum': [1, 2]})
    """
    builder = _Builder()
    root = builder.class_schema(cls)
    name = "iep" if cls is IEP else ("school-calendar" if cls is SchoolCalendar else cls.__name__)
    return {
        "$schema": _DIALECT,
        "$id": f"https://iepmodel.invalid/schema/v2/{name}.json",
        **root,
        "$defs": dict(sorted(builder.defs.items())),
    }
