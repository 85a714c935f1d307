"""
Extensions: namespaced JSON values that a plan carries without interpreting them (format v2).

Systems that exchange plans hold values the format has no field for (an Ed-Fi element, a
district's own code). ``IEP.extensions`` keeps them, under a namespace each, exactly as
given: an integer stays an integer, a float a float, the keys of an object keep their
order, and a round trip through `iepmodel.to_json` and `iepmodel.from_json` returns an
equal value. The library never reads them.

They are bounded, so that a document cannot grow without limit through them:

- a namespace matches ``[a-z0-9][a-z0-9._-]{0,63}`` (``ed-fi``, ``my-district``);
- a value is JSON: text, a whole number, a finite number, true or false, null, a list, or
  an object whose keys are text;
- containers nest at most `MAX_DEPTH` deep;
- the whole object, written as compact UTF-8 JSON, is at most `MAX_BYTES` bytes.

A broken bound is an `InvariantError` at ``extensions`` that never quotes a value.

>>> check_extensions({"my-district": {"cohort": "2026", "flags": [1, 2.5, None]}})
>>> try:
...     check_extensions({"My District": 1})
... except InvariantError as error:
...     print(error.field, "-", error.reason)
extensions - each namespace must match [a-z0-9][a-z0-9._-]{0,63}
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any, Final, cast

from ._invariants import InvariantError

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "NAMESPACE_PATTERN",
    "ExtensionsTooDeepError",
    "check_extensions",
    "plain_json",
]

NAMESPACE_PATTERN: Final = "^[a-z0-9][a-z0-9._-]{0,63}$"
"""The form of an extension namespace (JSON Schema ``pattern`` syntax)."""
MAX_DEPTH: Final = 32
"""How deep lists and objects may nest inside ``extensions`` (the namespaces' level is 1)."""
MAX_BYTES: Final = 262_144
"""The largest ``extensions`` object, in bytes of compact UTF-8 JSON (256 KiB)."""

_NAMESPACE: Final = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
_FIELD: Final = "extensions"


class ExtensionsTooDeepError(InvariantError):
    """
    ``extensions`` nest deeper than `MAX_DEPTH`.

    Reported as ``too_deep``, as a document too deep for the parser is: which of the two
    sees it first depends on the Python version's parser.
    """


def _fail(reason: str) -> InvariantError:
    return InvariantError(_FIELD, reason)


def _check_value(value: object, depth: int) -> None:
    kind = value.__class__
    if kind is str or kind is int or kind is bool or value is None:
        return
    if kind is float:
        if not math.isfinite(cast("float", value)):
            raise _fail("numbers must be finite")
        return
    if depth >= MAX_DEPTH:
        raise ExtensionsTooDeepError(_FIELD, f"must not nest more than {MAX_DEPTH} deep")
    if kind is list or kind is tuple:
        for item in cast("list[object]", value):
            _check_value(item, depth + 1)
        return
    if isinstance(value, Mapping):
        for key, item in cast("Mapping[object, object]", value).items():
            if type(key) is not str:
                raise _fail("object keys must be text")
            _check_value(item, depth + 1)
        return
    raise _fail("values must be JSON (text, numbers, true, false, null, lists, objects)")


def check_extensions(extensions: object) -> None:
    """
    Raise `InvariantError` unless *extensions* is within the bounds of the module docstring.

    Raises:
        InvariantError: at ``extensions``, with the bound that is broken.
    """
    if not isinstance(extensions, Mapping):
        raise _fail("must be an object of namespaces")
    for namespace, value in cast("Mapping[object, object]", extensions).items():
        if type(namespace) is not str or not _NAMESPACE.fullmatch(namespace):
            raise _fail("each namespace must match [a-z0-9][a-z0-9._-]{0,63}")
        _check_value(value, 1)
    try:
        size = len(
            json.dumps(plain_json(extensions), ensure_ascii=False, separators=(",", ":")).encode()
        )
    except (UnicodeEncodeError, ValueError):
        raise _fail("text must be valid Unicode (no lone surrogates)") from None
    if size > MAX_BYTES:
        raise _fail(f"must not exceed {MAX_BYTES} bytes as JSON")


def plain_json(value: Any) -> Any:
    """
    *value* as plain `dict`, `list` and scalars, ready for any JSON encoder.

    Mappings become dicts (keys in their order), tuples become lists; scalars are kept.

    >>> from iepmodel._extensions import plain_json
    >>> plain_json({"a": (1, {"b": 2.0})})
    {'a': [1, {'b': 2.0}]}
    """
    if isinstance(value, Mapping):
        return {key: plain_json(item) for key, item in value.items()}  # pyright: ignore[reportUnknownVariableType]
    if type(value) is list or type(value) is tuple:
        return [plain_json(item) for item in value]  # pyright: ignore[reportUnknownVariableType]
    return value
