"""The export's loss report: what a plan loses on its way through Ed-Fi, and why."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from ._export import EDFI
from ._patch import as_dict, as_list, as_map, obj, same
from ._types import Loss

__all__ = ["document_losses", "reason"]

_INDEX = re.compile(r"\[\d+\]")
_FALLBACK = "not carried by the Ed-Fi bodies of this version"


@cache
def _reasons() -> Mapping[str, Mapping[str, str]]:
    text = files(__package__ or __name__).joinpath("data", "losses.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return {key: table for key, value in data.items() if (table := as_map(value)) is not None}


def reason(path: str, version: str, *, added: bool = False) -> str:
    """
    Why *path* (``goals[0].objectives``) is lost in DS *version* (see ``data/losses.json``).

    >>> from iepmodel.interop.edfi._report import reason
    >>> reason("goals[2].objectives", "6.1")
    'Ed-Fi has no short-term objectives'
    """
    tables = [_reasons().get(version, {}), _reasons()["all"]]
    if added:
        tables.insert(0, _reasons()["added"])
    for table in tables:
        key = _INDEX.sub("[]", path)
        while key:
            if key in table:
                return table[key]
            cut = max(key.rfind("."), key.rfind("["))
            key = key[:cut] if cut > 0 else ""
    return _FALLBACK


def _paths(a: Any, b: Any, path: str, out: list[tuple[str, bool]]) -> None:
    # (path, added): *added* when *a* (the original) had nothing there.
    da, db = as_dict(a), as_dict(b)
    la, lb = as_list(a), as_list(b)
    if da is not None and db is not None:
        for key in da.keys() | db.keys():
            sub = f"{path}.{key}" if path else str(key)
            if key not in da or key not in db:
                out.append((sub, key not in da))
            else:
                _paths(da[key], db[key], sub, out)
    elif la is not None and lb is not None and len(la) == len(lb):
        for index, (x, y) in enumerate(zip(la, lb, strict=True)):
            _paths(x, y, f"{path}[{index}]", out)
    elif not same(a, b):
        out.append((path, False))


def _without_edfi(doc: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(doc)
    extensions = dict(result.pop("extensions", None) or {})
    extensions.pop(EDFI, None)
    if extensions:
        result["extensions"] = extensions
    return result


def document_losses(
    plan_id: str, before: Mapping[str, Any], after: Mapping[str, Any] | None, version: str
) -> list[Loss]:
    """
    A loss for each value of *before* that *after* does not hold, sorted by path.

    *before* is a plan's document, *after* the plan read back from its own bodies.
    """
    if after is None:
        return [
            Loss(plan_id=plan_id, path="", reason="the plan's bodies do not read back as a plan")
        ]
    out: list[tuple[str, bool]] = []
    _paths(_without_edfi(before), _without_edfi(after), "", out)
    losses = [
        Loss(plan_id=plan_id, path=p, reason=reason(p, version, added=added))
        for p, added in sorted(set(out))
    ]
    kept_before = obj(obj(before.get("extensions")).get(EDFI))
    kept_after = obj(obj(after.get("extensions")).get(EDFI))
    losses.extend(
        Loss(
            plan_id=plan_id,
            path=f"extensions.{EDFI}.{part}",
            reason="values kept from an earlier Ed-Fi import are not all written back",
        )
        for part in ("patches", "kept")
        if kept_before.get(part) and not same(kept_before.get(part), kept_after.get(part))
    )
    return losses
