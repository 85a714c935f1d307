"""Test data for the privacy tests: plans whose every name, text and id carries a marker."""

from __future__ import annotations

import datetime as dt
import itertools
import typing
from collections.abc import Iterator
from enum import Enum
from typing import Any, cast

import attrs
from hypothesis import strategies as st

from iepmodel import IEP, check
from iepmodel.rules import Finding
from iepmodel.testing.strategies import plans as plan_strategy

MARKER = "Zqxmarker"
"""In every name, free text and id of the test data: must never reach a copy."""

NAME = f"{MARKER} Lovelace"
NUMBER = "8675309"
TEXT_DATE = "1871-07-07"  # outside the years the strategies draw
TEXT = f"{MARKER} Ada Lovelace born {TEXT_DATE} phone {NUMBER}"

# Codes, not text about a person: left as they are (their values are closed sets).
CODES = frozenset({("IEP", "jurisdiction"), ("Student", "grade"), ("Student", "primary_language")})


def _mark(value: Any, owner: str, name: str, counter: Iterator[int]) -> Any:
    if isinstance(value, Enum):  # a `StrEnum` is a `str` too
        return value
    if isinstance(value, str):
        if (owner, name) in CODES:
            return value
        return f"{TEXT} {next(counter)}"
    if isinstance(value, tuple):
        return tuple(_mark(item, owner, name, counter) for item in cast("tuple[Any, ...]", value))
    if attrs.has(cast("type[Any]", type(value))):
        return mark(value, counter)
    return value


def mark(obj: Any, counter: Iterator[int] | None = None) -> Any:
    """*obj* with every text field (ids, names, free text, labels) holding the marker."""
    counter = counter if counter is not None else itertools.count()
    changes: dict[str, Any] = {}
    cls = cast("type[Any]", type(obj))
    for field in attrs.fields(cls):
        if not field.init:
            continue
        value = getattr(obj, field.name)
        if field.name == "extensions" and value is not None:  # format v2: any JSON
            changes[field.alias or field.name] = {"x-marker": {"note": TEXT, "n": int(NUMBER)}}
            continue
        new = _mark(value, type(obj).__name__, field.name, counter)
        if new is not value:
            changes[field.alias or field.name] = new
    return attrs.evolve(obj, **changes)


@st.composite
def histories(draw: st.DrawFn, *, max_students: int = 3, max_plans: int = 3) -> list[IEP]:
    """
    Plans of a few students, each with a history of one to *max_plans* plans.

    Every text field carries the marker; each student's plans share the student (the
    earliest date of birth drawn, so it is before every plan's start); the plans of the
    students are interleaved, as in a real file; jurisdictions vary.
    """
    students = draw(st.integers(min_value=1, max_value=max_students))
    result: list[IEP] = []
    counter = itertools.count()
    for number in range(students):
        drawn = draw(st.lists(plan_strategy(names=st.just(NAME)), min_size=1, max_size=max_plans))
        marked = [mark(plan, counter) for plan in drawn]
        born = min(plan.student.date_of_birth for plan in marked)
        student = attrs.evolve(
            marked[0].student, id=f"{MARKER}-student-{number}", date_of_birth=born
        )
        result.extend(attrs.evolve(plan, student=student) for plan in marked)
    return draw(st.permutations(result))


def plan_signature(
    plans: list[IEP], findings: list[Finding], codes: frozenset[str] | None = None
) -> list[list[tuple[str, str, str]]]:
    """The findings of each plan, by position: sorted (code, severity, path)."""
    position: dict[str, int] = {}
    for index, plan in enumerate(plans):
        position.setdefault(plan.id, index)
    result: list[list[tuple[str, str, str]]] = [[] for _ in plans]
    for finding in findings:
        if codes is None or finding.code in codes:
            result[position[finding.plan_id]].append(
                (finding.code, finding.severity.value, finding.path)
            )
    return [sorted(items) for items in result]


def signature_on(
    plans: list[IEP], as_of: dt.date, codes: frozenset[str] | None = None, **options: Any
) -> list[list[tuple[str, str, str]]]:
    """`plan_signature` of the check of *plans* as of *as_of*."""
    return plan_signature(plans, check(plans, as_of=as_of, **options), codes)


def date_strings(plans: list[IEP]) -> typing.Iterator[str]:
    """Every original date of birth, as ISO text."""
    for plan in plans:
        yield plan.student.date_of_birth.isoformat()
