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
from collections.abc import Sequence
from typing import Any

__all__ = ["apply", "diff", "same", "show_path"]

Path = list[str | int]
_MISSING = object()


def same(a: Any, b: Any) -> bool:
    """Equal as JSON text would be: ``1`` and ``1.0`` differ, ``True`` and ``1`` too."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))  # type: ignore[arg-type]
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
    if isinstance(original, dict) and isinstance(regenerated, dict):
        ops: list[dict[str, Any]] = []
        for key, value in original.items():
            if key in regenerated:
                ops.extend(diff(value, regenerated[key], [*path, key]))
            else:
                ops.append(_op("set", [*path, key], value, _MISSING))
        ops.extend(
            _op("remove", [*path, key], None, value)
            for key, value in regenerated.items()
            if key not in original
        )
        return ops
    if (
        isinstance(original, list)
        and isinstance(regenerated, list)
        and len(original) == len(regenerated)  # type: ignore[arg-type]
    ):
        ops = []
        for index, (a, b) in enumerate(zip(original, regenerated, strict=True)):  # type: ignore[arg-type]
            ops.extend(diff(a, b, [*path, index]))
        return ops
    if same(original, regenerated):
        return []
    return [_op("set", path, original, regenerated)]


def _get(body: Any, path: Sequence[str | int]) -> Any:
    node = body
    for step in path:
        in_dict = isinstance(node, dict) and isinstance(step, str) and step in node
        in_list = isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node)  # type: ignore[arg-type]
        if in_dict or in_list:
            node = node[step]  # type: ignore[index]
        else:
            return _MISSING
    return node


def apply(body: dict[str, Any] | None, ops: Sequence[Any]) -> tuple[dict[str, Any] | None, int]:
    """
    *body* with *ops* applied where their basis holds, and how many were skipped.

    >>> apply({"a": 1}, [{"op": "set", "path": ["a"], "value": 2, "basis": 1}])
    ({'a': 2}, 0)
    >>> apply({"a": 5}, [{"op": "set", "path": ["a"], "value": 2, "basis": 1}])
    ({'a': 5}, 1)
    """
    result: Any = copy.deepcopy(body)
    skipped = 0
    for op in ops:
        if not isinstance(op, dict):
            skipped += 1
            continue
        path = op.get("path")
        if not isinstance(path, list):
            skipped += 1
            continue
        current = _get(result, path) if result is not None else _MISSING  # type: ignore[arg-type]
        basis = op.get("basis", _MISSING)
        if not (
            current is basis
            or (basis is not _MISSING and current is not _MISSING and same(current, basis))
        ):
            skipped += 1
            continue
        if not path:
            value = op.get("value")
            result = (
                copy.deepcopy(value) if op.get("op") == "set" and isinstance(value, dict) else None
            )
            continue
        parent = _get(result, path[:-1]) if result is not None else _MISSING  # type: ignore[arg-type]
        last = path[-1]
        settable = (isinstance(parent, dict) and isinstance(last, str)) or (
            isinstance(parent, list) and isinstance(last, int)
        )
        if op.get("op") == "set" and settable:
            parent[last] = copy.deepcopy(op.get("value"))  # type: ignore[index]
        elif op.get("op") == "remove" and isinstance(parent, dict) and isinstance(last, str):
            parent.pop(last, None)
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
