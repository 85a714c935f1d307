"""`check`: run the catalog over plans, with each student's history indexed once."""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any

from iepmodel._plan import IEP

from ._core import Context, Finding, History, Rule, RuleFunction, order_plans, registered

if TYPE_CHECKING:
    from iepmodel._calendar import SchoolCalendar
    from iepmodel.jurisdictions import Profile


__all__ = ["catalog", "check", "resolve_profile", "select_rules"]

_DEFAULT_JURISDICTION = "US"


_FAMILY_ORDER = {"T": 0, "D": 1, "C": 2}
_SORT_KEY = operator.attrgetter("sort_key")


def catalog() -> tuple[Rule, ...]:
    """
    Every rule, in the order of rules.md: team (T1xx), timelines (D2xx), content (C3xx).

    >>> from iepmodel.rules import catalog
    >>> [r.code for r in catalog()][:3]
    ['T101', 'T102', 'T103']
    >>> next(r for r in catalog() if r.code == "T102").citation
    '34 CFR 300.321(a)(2)'
    """
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


def _selectors(value: str | Iterable[str] | None, name: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = (value,) if isinstance(value, str) else tuple(value)
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
) -> list[Finding]:
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

    Returns:
        The findings, sorted by plan id, code, path and due date (then severity, message
        and citation), so the same plans give the same list whatever their order.

    Raises:
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
        by_student.setdefault(plan.student.id, []).append(plan)

    profiles: dict[str | None, Profile] = {}
    memos: dict[str, dict[Hashable, Any]] = {}
    functions: dict[str, tuple[RuleFunction, ...]] = {}
    findings: list[Finding] = []
    extend = findings.extend
    for student_plans in by_student.values():
        history = History.ordered(order_plans(student_plans))
        contexts: dict[str, Context] = {}
        for plan in history.plans:
            profile = override or profiles.get(plan.jurisdiction)
            if profile is None:
                profile = profiles[plan.jurisdiction] = resolve_profile(plan.jurisdiction)
            context = contexts.get(profile.code)
            if context is None:
                memo = memos.setdefault(profile.code, {})
                context = Context(
                    profile=profile, as_of=day, calendar=calendar, history=history, memo=memo
                )
                contexts[profile.code] = context
            active = functions.get(profile.code)
            if active is None:
                active = functions[profile.code] = tuple(
                    r.function for r in rules if r.code not in profile.disabled_rules
                )
            for function in active:
                extend(function(plan, context))
    findings.sort(key=_SORT_KEY)
    return findings
