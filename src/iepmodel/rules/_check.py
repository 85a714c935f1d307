"""`check`: run the catalog over plans, with each student's history indexed once."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

from iepmodel._plan import IEP
from iepmodel._progress import ProgressOption, bar

from ._core import (
    Context,
    Finding,
    History,
    Rule,
    RuleFunction,
    new_context,
    order_plans,
    registered,
)
from ._findings import Findings

if TYPE_CHECKING:
    from iepmodel._calendar import SchoolCalendar
    from iepmodel.jurisdictions import Profile


__all__ = ["catalog", "check", "resolve_profile", "select_rules"]

_DEFAULT_JURISDICTION = "US"


_FAMILY_ORDER = {"T": 0, "D": 1, "C": 2}
_SORT_KEY = operator.attrgetter("sort_key")
_PLAN_CODE_PATH = operator.attrgetter("plan_id", "code", "path")


def _sort(findings: list[Finding]) -> None:
    """
    Sort *findings* by `Finding.sort_key`, in place.

    Two findings of one plan and rule almost never share a path, and where none do the
    plan, code and path decide the order alone: those are read in C, without building
    each finding's whole key in Python.
    """
    findings.sort(key=_PLAN_CODE_PATH)
    keys = list(map(_PLAN_CODE_PATH, findings))
    if not all(map(operator.lt, keys, keys[1:])):  # sorted: a tie would be neighbours
        findings.sort(key=_SORT_KEY)


def catalog() -> tuple[Rule, ...]:
    """
    Every rule, in catalog order: team (T1xx), timelines (D2xx), content (C3xx).

    >>> from iepmodel.rules import catalog
    >>> [r.code for r in catalog()][:3]
    ['T101', 'T102', 'T103']
    >>> next(r for r in catalog() if r.code == "T102").citation
    '34 CFR 300.321(a)(2)'
    """
    return _catalog(len(registered()))


@functools.lru_cache(maxsize=1)
def _catalog(size: int) -> tuple[Rule, ...]:
    """`catalog`, sorted once for the registry of *size* rules (rules are only added)."""
    del size
    return tuple(
        sorted(
            registered().values(),
            key=lambda entry: (_FAMILY_ORDER.get(entry.code[:1], 3), entry.code),
        )
    )


def resolve_profile(jurisdiction: str | Profile | None) -> Profile:
    """
    The profile for *jurisdiction*: a `Profile` as given, a code looked up, `None` = US.

    A code that is not shipped but whose country is (``US-WA``) falls back to the
    country's profile (the federal floor); any other unknown code raises
    `iepmodel.jurisdictions.UnknownJurisdictionError`.
    """
    from iepmodel.jurisdictions import Profile, UnknownJurisdictionError
    from iepmodel.jurisdictions import jurisdiction as lookup

    if isinstance(jurisdiction, Profile):
        return jurisdiction
    code = jurisdiction or _DEFAULT_JURISDICTION
    try:
        return lookup(code)
    except UnknownJurisdictionError:
        country, dash, _ = code.strip().upper().replace("_", "-").partition("-")
        if dash and country:
            try:
                return lookup(country)
            except UnknownJurisdictionError:
                pass
        raise


def _lookup_strict(jurisdiction: str | Profile) -> Profile:
    from iepmodel.jurisdictions import jurisdiction as lookup

    return lookup(jurisdiction)


def _items(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


def _selectors(items: tuple[str, ...] | None, name: str) -> tuple[str, ...] | None:
    if items is None:
        return None
    selectors = tuple(item.strip().upper() for item in items if item.strip())
    known = registered()
    for selector in selectors:
        if not any(code.startswith(selector) for code in known):
            msg = f"{name}: no rule code starts with {selector!r}"
            raise ValueError(msg)
    return selectors


def select_rules(
    select: str | Iterable[str] | None = None, ignore: str | Iterable[str] | None = None
) -> tuple[Rule, ...]:
    """
    The rules of the catalog that *select* keeps and *ignore* does not drop.

    Each is a code or a code prefix (``"T1"``, ``"C31"``, ``"D207"``), or an iterable of
    them; `None` selects everything and ignores nothing. A selector that matches no rule
    raises `ValueError` (a misspelt code must not silently check nothing).

    >>> from iepmodel.rules import select_rules
    >>> [r.code for r in select_rules("T10", ignore=["T101", "T102"])][:2]
    ['T103', 'T104']
    """
    # `check` asks for every batch of plans it is given (the command line checks a stream
    # in batches): the answer is kept for the same selectors and the same registry.
    return _select_rules(len(registered()), _items(select), _items(ignore))


@functools.lru_cache(maxsize=64)
def _select_rules(
    size: int, select: tuple[str, ...] | None, ignore: tuple[str, ...] | None
) -> tuple[Rule, ...]:
    """`select_rules` for a registry of *size* rules."""
    del size
    chosen = _selectors(select, "select")
    dropped = _selectors(ignore, "ignore") or ()
    return tuple(
        entry
        for entry in catalog()
        if (chosen is None or entry.code.startswith(chosen)) and not entry.code.startswith(dropped)
    )


def check(
    plans: IEP | Iterable[IEP],
    *,
    as_of: dt.date | None = None,
    jurisdiction: str | Profile | None = None,
    calendar: SchoolCalendar | None = None,
    select: str | Iterable[str] | None = None,
    ignore: str | Iterable[str] | None = None,
    progress: ProgressOption = False,
) -> Findings:
    """
    Check plans against the rules of their jurisdiction; return the findings, sorted.

    Rules that need a student's history (annual reviews, reevaluations, evaluations listed
    by several plans) read every plan given with the same ``student.id``, in order of
    meeting date (else start date). Each student's plans are indexed once.

    Args:
        plans: one plan, or any iterable of plans.
        as_of: the day the check looks from (default: today).
        jurisdiction: a code (``"US-TX"``) or a `Profile` that overrides each plan's own
            ``jurisdiction``; by default each plan's own, else ``US``.
        calendar: the school calendar for timelines counted in school days; without
            one, school days are counted as weekdays and the finding says the date is an
            estimate.
        select: codes or code prefixes of the rules to run (default: all).
        ignore: codes or code prefixes of rules to skip. A profile's ``disabled_rules``
            are skipped too.
        progress: show a bar counting the plans checked: ``True`` for a tqdm bar (the
            ``progress`` extra), a tqdm-like class or callable, or a bar to advance (see
            ``docs/progress.md``). Off by default.

    Returns:
        The findings, sorted by plan id, code, path and due date (then severity, message
        and citation), so the same plans give the same list whatever their order. A
        `Findings`: a plain list of `Finding` whose display in a notebook is a short
        summary.

    Raises:
        ImportError: ``progress=True`` without tqdm installed.
        ValueError: a *select* or *ignore* entry matches no rule.
        UnknownJurisdictionError: *jurisdiction* is unknown, or a plan's own code is
            (a plan's ``US-``state that is not shipped falls back to ``US``).

    >>> import iepmodel
    >>> plan = iepmodel.IEP(
    ...     id="P1", kind=iepmodel.PlanKind.ANNUAL,
    ...     student=iepmodel.Student(id="S1", date_of_birth=dt.date(2015, 1, 22)),
    ...     start_date=dt.date(2025, 10, 1), end_date=dt.date(2026, 9, 30),
    ... )
    >>> [f.code for f in check(plan, as_of=dt.date(2025, 10, 2), select="C30")]
    ['C301', 'C302', 'C305', 'C309']
    """
    batch: list[IEP] = [plans] if isinstance(plans, IEP) else list(plans)
    day = as_of if as_of is not None else dt.date.today()  # noqa: DTZ011 - the local day
    rules = select_rules(select, ignore)
    # A jurisdiction the caller names must be known: a typo must not silently check
    # plans against the federal floor. Only a plan's own code may fall back.
    override = _lookup_strict(jurisdiction) if jurisdiction is not None else None

    by_student: dict[str, list[IEP]] = {}
    for plan in batch:
        student_id = plan.student.id
        group = by_student.get(student_id)
        if group is None:
            by_student[student_id] = [plan]
        else:
            group.append(plan)

    # By a plan's own jurisdiction code: its profile, the memo shared by every context
    # under that profile, and the rules the profile does not disable.
    setups: dict[str | None, tuple[Profile, dict[Hashable, Any], tuple[RuleFunction, ...]]] = {}
    memos: dict[str, dict[Hashable, Any]] = {}
    findings = Findings()
    extend = findings.extend
    with bar(progress, total=len(batch), desc="checking", unit="plan") as shown:
        for student_plans in by_student.values():
            history = History.ordered(order_plans(student_plans))
            contexts: dict[str, Context] = {}
            code: str | None = None
            context: Context | None = None
            active: tuple[RuleFunction, ...] = ()
            for plan in history.plans:
                if context is None or plan.jurisdiction != code:  # a student's plans share it
                    code = plan.jurisdiction
                    setup = setups.get(code)
                    if setup is None:
                        profile = override or resolve_profile(code)
                        setup = setups[code] = (
                            profile,
                            memos.setdefault(profile.code, {}),
                            tuple(
                                r.function for r in rules if r.code not in profile.disabled_rules
                            ),
                        )
                    profile, memo, active = setup
                    context = contexts.get(profile.code)
                    if context is None:
                        context = contexts[profile.code] = new_context(
                            profile, day, calendar, history, memo
                        )
                for function in active:
                    found = function(plan, context)
                    if found:  # rarely: a truth test costs less than extending by nothing
                        extend(found)
            shown.update(len(student_plans))
    _sort(findings)
    return findings
