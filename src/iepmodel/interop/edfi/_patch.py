"""
Exact round trips: what an Ed-Fi body had that the plan does not regenerate.

On import each body is compared with the body the plan alone would export; the
differences are kept as operations (``set`` a value, ``remove`` a key) under
``extensions["ed-fi"]``. Each operation remembers its *basis*: the value the plan's own
export had at that path. On export an operation is applied only while the basis still
holds, so a value kept from Ed-Fi never overwrites a later edit of the plan.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any, cast

__all__ = ["apply", "as_dict", "as_list", "as_map", "diff", "obj", "same", "show_path"]

Path = list[str | int]
_MISSING = object()
_EMPTY: Mapping[str, Any] = {}


def as_dict(value: Any) -> dict[str, Any] | None:
    """*value* as a JSON object, if it is one."""
    return cast("dict[str, Any]", value) if isinstance(value, dict) else None


def as_map(value: Any) -> Mapping[str, Any] | None:
    """*value* as a read-only JSON object, if it is one."""
    return cast("Mapping[str, Any]", value) if isinstance(value, Mapping) else None


def obj(value: Any) -> Mapping[str, Any]:
    """*value* as a JSON object, an empty one when it is not one (or absent)."""
    return as_map(value) or _EMPTY


def as_list(value: Any) -> list[Any] | None:
    """*value* as a JSON array, if it is one."""
    if isinstance(value, list):
        return value  # pyright: ignore[reportUnknownVariableType]
    return None


def same(a: Any, b: Any) -> bool:
    """Equal as JSON text would be: ``1`` and ``1.0`` differ, ``True`` and ``1`` too."""
    if type(a) is not type(b):
        return False
    da, db = as_dict(a), as_dict(b)
    if da is not None and db is not None:
        return da.keys() == db.keys() and all(same(da[k], db[k]) for k in da)
    la, lb = as_list(a), as_list(b)
    if la is not None and lb is not None:
        return len(la) == len(lb) and all(same(x, y) for x, y in zip(la, lb, strict=True))
    return bool(a == b)


def _op(kind: str, path: Path, value: Any, basis: Any) -> dict[str, Any]:
    op: dict[str, Any] = {"op": kind, "path": list(path)}
    if kind == "set":
        op["value"] = copy.deepcopy(value)
    if basis is not _MISSING:
        op["basis"] = copy.deepcopy(basis)
    return op


def diff(original: Any, regenerated: Any, path: Path | None = None) -> list[dict[str, Any]]:
    """
    The operations that turn *regenerated* into *original* (`None` is "no body").

    >>> from iepmodel.interop.edfi._patch import diff
    >>> diff({"a": 1, "b": [1, 2]}, {"a": 1, "b": [1, 3], "c": True})
    [{'op': 'set', 'path': ['b', 1], 'value': 2, 'basis': 3}, {'op': 'remove', 'path': ['c'], 'basis': True}]
    """  # noqa: E501
    path = path or []
    if original is None and regenerated is None:
        return []
    if original is None:
        return [_op("remove", path, None, regenerated)]
    if regenerated is None and not path:
        return [_op("set", path, original, _MISSING)]
    do, dr = as_dict(original), as_dict(regenerated)
    if do is not None and dr is not None:
        ops: list[dict[str, Any]] = []
        for key, value in do.items():
            if key in dr:
                ops.extend(diff(value, dr[key], [*path, key]))
            else:
                ops.append(_op("set", [*path, key], value, _MISSING))
        ops.extend(
            _op("remove", [*path, key], None, value) for key, value in dr.items() if key not in do
        )
        return ops
    lo, lr = as_list(original), as_list(regenerated)
    if lo is not None and lr is not None and len(lo) == len(lr):
        ops = []
        for index, (a, b) in enumerate(zip(lo, lr, strict=True)):
            ops.extend(diff(a, b, [*path, index]))
        return ops
    if same(original, regenerated):
        return []
    return [_op("set", path, original, regenerated)]


def _get(body: Any, path: Sequence[Any]) -> Any:
    node = body
    for step in path:
        in_dict, in_list = as_dict(node), as_list(node)
        if in_dict is not None and isinstance(step, str) and step in in_dict:
            node = in_dict[step]
        elif in_list is not None and type(step) is int and 0 <= step < len(in_list):
            node = in_list[step]
        else:
            return _MISSING
    return node


def _holds(current: Any, op: dict[str, Any]) -> bool:
    basis = op.get("basis", _MISSING)
    if basis is _MISSING or current is _MISSING:
        return basis is current
    return same(current, basis)


def apply(body: dict[str, Any] | None, ops: Sequence[Any]) -> tuple[dict[str, Any] | None, int]:
    """
    *body* with *ops* applied where their basis holds, and how many were skipped.

    >>> from iepmodel.interop.edfi._patch import apply
    >>> apply({"a": 1}, [{"op": "set", "path": ["a"], "value": 2, "basis": 1}])
    ({'a': 2}, 0)
    >>> apply({"a": 5}, [{"op": "set", "path": ["a"], "value": 2, "basis": 1}])
    ({'a': 5}, 1)
    """
    result: dict[str, Any] | None = copy.deepcopy(body)
    skipped = 0
    for raw in ops:
        op = as_dict(raw)
        path = as_list(op.get("path")) if op is not None else None
        if op is None or path is None:
            skipped += 1
            continue
        if not _holds(_get(result, path) if result is not None else _MISSING, op):
            skipped += 1
            continue
        if not path:
            value = as_dict(op.get("value"))
            result = copy.deepcopy(value) if op.get("op") == "set" else None
            continue
        parent = _get(result, path[:-1]) if result is not None else _MISSING
        last = path[-1]
        in_dict, in_list = as_dict(parent), as_list(parent)
        kind = op.get("op")
        if kind == "set" and in_dict is not None and isinstance(last, str):
            in_dict[last] = copy.deepcopy(op.get("value"))
        elif (
            kind == "set"
            and in_list is not None
            and type(last) is int
            and 0 <= last < len(in_list)
        ):
            in_list[last] = copy.deepcopy(op.get("value"))
        elif kind == "remove" and in_dict is not None and isinstance(last, str):
            in_dict.pop(last, None)
        else:
            skipped += 1
    return result, skipped


def show_path(path: Sequence[Any]) -> str:
    """``["disabilities", 0, "designations"]`` as ``disabilities[0].designations``."""
    text = ""
    for step in path:
        if isinstance(step, int):
            text += f"[{step}]"
        else:
            text += f".{step}" if text else str(step)
    return text
