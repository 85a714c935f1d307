"""
Which findings survive a per-student shift of dates, and carrying the others over.

The classes are derived from the rule catalog where its metadata says enough:

- a rule whose settings include a day count's *counting* (``initial_evaluation_counting``
  …) counts days that may be school days on a real calendar;
- a rule whose settings include an age (``transition_age_years``, ``age_of_majority``,
  ``leap_birthday``) measures from the date of birth, so its ``due`` would give the date
  of birth away;
- the rules that compare a date with "as of" are `AS_OF_RULES`, a list (the catalog has
  no metadata for it) that a test holds to the rules' source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Final

import attrs

from iepmodel.rules import Finding, catalog

__all__ = [
    "AS_OF_RULES",
    "BIRTHDAY_SETTINGS",
    "RuleClass",
    "birthday_rules",
    "calendar_rules",
    "pseudonymise_finding",
    "rule_classes",
    "surviving_rules",
]

AS_OF_RULES: Final = frozenset({"D201", "D202", "D204", "D205", "D207"})
"""
The rules that compare a date with "as of" (in whole or in part).

D201 and D207 compare two recorded events when both are recorded (the next review, the
completion) and "as of" only otherwise; the part between recorded events survives.
"""

BIRTHDAY_SETTINGS: Final = frozenset(
    {"leap_birthday", "transition_age_years", "transition_age_months", "age_of_majority"}
)
"""Profile settings that make a rule count from the date of birth."""

_COUNTING_SUFFIX: Final = "_counting"


class RuleClass(StrEnum):
    """How a rule's findings fare on a copy whose dates moved per student."""

    INTERVAL = "interval"
    """Depends only on the plan and intervals inside the student's record: the same."""
    AS_OF = "as_of"
    """Compares with "as of": may differ (carry the findings over)."""
    CALENDAR = "calendar"
    """Counts school days: the same without a calendar (weekdays), may differ with one."""
    AS_OF_AND_CALENDAR = "as_of_and_calendar"
    """Both of the above."""


def calendar_rules() -> frozenset[str]:
    """The codes of the rules that may count days on a school calendar (from the catalog)."""
    return frozenset(
        entry.code
        for entry in catalog()
        if any(setting.endswith(_COUNTING_SUFFIX) for setting in entry.settings)
    )


def birthday_rules() -> frozenset[str]:
    """
    The codes of the rules that count from the date of birth (from the catalog).

    Their ``due`` (the birthday itself, or one computed from it) gives the date of birth
    away, so `pseudonymise_finding` removes it.

    >>> from iepmodel.privacy import birthday_rules
    >>> sorted(birthday_rules())
    ['C311', 'C316', 'D209', 'T106']
    """
    return frozenset(
        entry.code for entry in catalog() if BIRTHDAY_SETTINGS.intersection(entry.settings)
    )


def rule_classes() -> dict[str, RuleClass]:
    """
    Every rule of the catalog and its `RuleClass`.

    >>> from iepmodel.privacy import rule_classes
    >>> classes = rule_classes()
    >>> classes["C302"].value, classes["D202"].value, classes["D208"].value
    ('interval', 'as_of', 'calendar')
    """
    counted = calendar_rules()
    result: dict[str, RuleClass] = {}
    for entry in catalog():
        as_of = entry.code in AS_OF_RULES
        calendar = entry.code in counted
        if as_of and calendar:
            result[entry.code] = RuleClass.AS_OF_AND_CALENDAR
        elif as_of:
            result[entry.code] = RuleClass.AS_OF
        elif calendar:
            result[entry.code] = RuleClass.CALENDAR
        else:
            result[entry.code] = RuleClass.INTERVAL
    return result


def surviving_rules(*, calendar: bool = False) -> frozenset[str]:
    """
    The codes whose findings are the same on the copies, plan by plan.

    With *calendar* (the check counts school days on a real calendar), the calendar
    rules are left out too.

    >>> from iepmodel.privacy import surviving_rules
    >>> "D201" in surviving_rules(), "D208" in surviving_rules(), "D208" in surviving_rules(calendar=True)
    (False, True, False)
    """  # noqa: E501
    keep = {RuleClass.INTERVAL} if calendar else {RuleClass.INTERVAL, RuleClass.CALENDAR}
    return frozenset(code for code, kind in rule_classes().items() if kind in keep)


_ISO_DATE: Final = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _shift_text_dates(message: str, offset: int) -> str:
    def moved(match: re.Match[str]) -> str:
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return match[0]
        try:
            return (day + dt.timedelta(days=offset)).isoformat()
        except OverflowError:
            return match[0]

    return _ISO_DATE.sub(moved, message)


def pseudonymise_finding(
    finding: Finding,
    *,
    plan_id: Callable[[str], str],
    offset: int | None,
    birthday_codes: Iterable[str] | None = None,
) -> Finding:
    """
    *finding* made to fit the copies: plan id mapped, dates moved by the student's shift.

    ``due`` and the dates in the message move by *offset* days (the student's shift);
    with *offset* `None` (the student is unknown) they are removed or left as they are
    in a message without dates. A finding of a rule that counts from the date of birth
    (`birthday_rules`) never carries its ``due``: it would give the date of birth away.
    """
    birthday = frozenset(birthday_codes) if birthday_codes is not None else birthday_rules()
    due: dt.date | None = None
    message = finding.message
    if offset is not None:
        if finding.due is not None and finding.code not in birthday:
            try:
                due = finding.due + dt.timedelta(days=offset)
            except OverflowError:
                due = None
        message = _shift_text_dates(message, offset)
    elif _ISO_DATE.search(message):
        message = _ISO_DATE.sub("(date removed)", message)
    return attrs.evolve(finding, plan_id=plan_id(finding.plan_id), due=due, message=message)
