"""
The rules of `iepmodel check`: is a plan lawful, what is due and when, and why.

Every rule of the catalog is a named, typed, pure function in one of three
modules: `iepmodel.rules.team` (T1xx, 34 CFR 300.321-.322), `iepmodel.rules.timelines`
(D2xx) and `iepmodel.rules.content` (C3xx, 34 CFR 300.320). `catalog` lists them with
their codes, severities and citations; `check` runs them.

>>> from iepmodel.rules import catalog
>>> entry = next(r for r in catalog() if r.code == "C308")
>>> entry.severity.value, entry.citation, entry.function.__name__
('error', '34 CFR 300.320(a)(7)', 'service_without_location')
"""

from __future__ import annotations

from . import content, team, timelines
from ._check import catalog, check, resolve_profile, select_rules
from ._core import (
    Context,
    Finding,
    History,
    PlanFacts,
    PlanTimeline,
    Rule,
    RuleFunction,
    Severity,
)
from ._findings import Findings

__all__ = [
    "Context",
    "Finding",
    "Findings",
    "History",
    "PlanFacts",
    "PlanTimeline",
    "Rule",
    "RuleFunction",
    "Severity",
    "catalog",
    "check",
    "content",
    "resolve_profile",
    "select_rules",
    "team",
    "timelines",
]
