"""
One plan de-identified: identifiers pseudonymised, names and free text removed, dates shifted.

The plan is walked field by field through attrs, so a date field anywhere in the model is
shifted without being listed here (the v2 fields included), and every text field has a
policy in `TEXT_POLICIES`; a text field without one is treated as free text, the safe
default (a test holds every text field of the model to an explicit policy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from enum import Enum, StrEnum
from typing import Any, Final, cast

import attrs

from iepmodel._plan import IEP

from ._keys import DEFAULT_MAX_WEEKS, candidate_offsets, check_key, pseudonym

__all__ = [
    "DROPPED_FIELDS",
    "PLACEHOLDER",
    "TEXT_POLICIES",
    "TextPolicy",
    "deidentify_plan",
    "plan_pseudonyms",
    "shift_date",
]

PLACEHOLDER: Final = "[removed]"
"""What replaces a present, non-blank free text: no word, date or number of the original."""

_BLANK: Final = " "
"""What replaces a blank (whitespace only) text: blank still, so the content rules agree."""


class TextPolicy(StrEnum):
    """What de-identification does with one text field."""

    KEEP = "keep"
    """A code, not text about a person (jurisdiction, grade, language tag)."""
    TEXT = "text"
    """Free text: `PLACEHOLDER` when present, blank when blank, absent when absent."""
    DROP = "drop"
    """A name that may be absent: removed (`None`)."""
    PARTICIPANT_LABEL = "participant_label"
    """A required name: ``Participant 1``, ``Participant 2`` … by position in the meeting."""
    PLAN_ID = "plan_id"
    """A plan id (``id``, ``amends``): its keyed pseudonym."""
    STUDENT_ID = "student_id"
    """The student id: its keyed pseudonym."""
    GOAL_ID = "goal_id"
    """A goal id (may embed a name): keyed pseudonym scoped by the student."""
    STAFF_ID = "staff_id"
    """A staff member's id: its keyed pseudonym."""
    ORGANIZATION_ID = "organization_id"
    """The responsible organization's id: its keyed pseudonym (see ``keep_organizations``)."""


# (class name, field name) -> policy, for every text field of the model (v1 and v2).
TEXT_POLICIES: Final[Mapping[tuple[str, str], TextPolicy]] = {
    ("IEP", "id"): TextPolicy.PLAN_ID,
    ("IEP", "jurisdiction"): TextPolicy.KEEP,
    ("IEP", "amends"): TextPolicy.PLAN_ID,
    ("Student", "id"): TextPolicy.STUDENT_ID,
    ("Student", "name"): TextPolicy.DROP,
    ("Student", "grade"): TextPolicy.KEEP,
    ("Student", "primary_language"): TextPolicy.KEEP,
    ("Participant", "name"): TextPolicy.PARTICIPANT_LABEL,
    ("Participant", "staff_id"): TextPolicy.STAFF_ID,
    ("ContactAttempt", "outcome"): TextPolicy.TEXT,
    ("PresentLevel", "strengths"): TextPolicy.TEXT,
    ("PresentLevel", "needs"): TextPolicy.TEXT,
    ("PresentLevel", "baseline"): TextPolicy.TEXT,
    ("PresentLevel", "impact"): TextPolicy.TEXT,
    ("Goal", "id"): TextPolicy.GOAL_ID,
    ("Goal", "statement"): TextPolicy.TEXT,
    ("Goal", "baseline"): TextPolicy.TEXT,
    ("Goal", "criterion"): TextPolicy.TEXT,
    ("Goal", "measurement"): TextPolicy.TEXT,
    ("Objective", "statement"): TextPolicy.TEXT,
    ("Objective", "criterion"): TextPolicy.TEXT,
    ("ProgressEntry", "note"): TextPolicy.TEXT,
    ("ProgressReporting", "frequency"): TextPolicy.TEXT,
    ("ProgressReporting", "method"): TextPolicy.TEXT,
    ("Accommodation", "description"): TextPolicy.TEXT,
    ("Modification", "description"): TextPolicy.TEXT,
    ("Modification", "subjects"): TextPolicy.TEXT,
    ("AssessmentParticipation", "alternate_justification"): TextPolicy.TEXT,
    ("Service", "description"): TextPolicy.TEXT,
    ("Service", "provider"): TextPolicy.TEXT,
    ("Service", "location"): TextPolicy.TEXT,
    ("Service", "provider_staff_ids"): TextPolicy.STAFF_ID,
    ("Placement", "nonparticipation_explanation"): TextPolicy.TEXT,
    ("PostsecondaryGoal", "statement"): TextPolicy.TEXT,
    ("TransitionService", "description"): TextPolicy.TEXT,
    ("TransitionService", "agency"): TextPolicy.TEXT,
    ("TransitionPlan", "assessments"): TextPolicy.TEXT,
    ("TransitionPlan", "course_of_study"): TextPolicy.TEXT,
    ("EducationOrganization", "id"): TextPolicy.ORGANIZATION_ID,
    ("EducationOrganization", "name"): TextPolicy.DROP,
}


DROPPED_FIELDS: Final = frozenset({("IEP", "extensions")})
"""Fields removed whole: data the library does not interpret, so cannot vet (v2 ``extensions``)."""


def plan_pseudonyms(plans: Iterable[IEP], *, key: bytes) -> dict[str, str]:
    """
    The pseudonym of each plan id of *plans*: `pseudonym`'s, but ordered like the ids.

    Where two plans of one student share their meeting (else start) date and start date,
    the rules and the indicators order them by id; so within such a group the group's own
    pseudonyms are handed out in the order of the original ids, and the copies keep the
    order. Every other plan id gets its plain keyed pseudonym.

    >>> from iepmodel import sample
    >>> from iepmodel.privacy import plan_pseudonyms, pseudonym
    >>> plans = sample.plans()
    >>> ids = plan_pseudonyms(plans, key=b"k" * 32)
    >>> ids[plans[0].id] == pseudonym(b"k" * 32, "plan", plans[0].id)
    True
    """
    groups: dict[tuple[str, dt.date, dt.date], set[str]] = {}
    result: dict[str, str] = {}
    for plan in plans:
        result[plan.id] = pseudonym(key, "plan", plan.id)
        group = (plan.student.id, plan.history_date, plan.start_date)
        groups.setdefault(group, set()).add(plan.id)
    for ids in groups.values():
        if len(ids) < 2:
            continue
        originals = sorted(ids)
        result.update(zip(originals, sorted(result[i] for i in originals), strict=True))
    return result


def shift_date(day: dt.date, days: int) -> dt.date:
    """
    *day* moved by *days*, clamped to the years a date can hold.

    >>> from iepmodel.privacy import shift_date
    >>> shift_date(dt.date(2024, 2, 29), 7)
    datetime.date(2024, 3, 7)
    """
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


@attrs.frozen(kw_only=True)
class _Walk:
    """What the walk of one plan needs: the key, the shift, the scope of goal ids."""

    key: bytes
    offset: int
    student_id: str
    keep_organizations: bool
    plan_ids: Mapping[str, str]

    def text(self, policy: TextPolicy, value: str, index: int) -> str | None:
        if policy is TextPolicy.KEEP:
            return value
        if policy is TextPolicy.TEXT:
            if not value:
                return value
            return _BLANK if value.isspace() else PLACEHOLDER
        if policy is TextPolicy.DROP:
            return None
        if policy is TextPolicy.PARTICIPANT_LABEL:
            return f"Participant {index + 1}"
        if policy is TextPolicy.PLAN_ID:
            return self.plan_ids.get(value) or pseudonym(self.key, "plan", value)
        if policy is TextPolicy.STUDENT_ID:
            return pseudonym(self.key, "student", value)
        if policy is TextPolicy.GOAL_ID:
            return pseudonym(self.key, "goal", f"{self.student_id}\x00{value}")
        if policy is TextPolicy.STAFF_ID:
            return pseudonym(self.key, "staff", value)
        if self.keep_organizations:  # ORGANIZATION_ID
            return value
        return pseudonym(self.key, "organization", value)

    def value(self, policy: TextPolicy, value: object, index: int) -> object:
        if value is None or isinstance(value, bool | int | float | Enum):
            return value
        if isinstance(value, dt.date):
            return shift_date(value, self.offset)
        if isinstance(value, str):
            return self.text(policy, value, index)
        if isinstance(value, tuple):
            items = cast("tuple[object, ...]", value)
            if not items:
                return items
            return tuple([self.value(policy, item, i) for i, item in enumerate(items)])
        if attrs.has(type(value)):
            return self.instance(cast("attrs.AttrsInstance", value), index)
        # Anything else (a mapping, a list) is data the model does not interpret: removed.
        return None

    def instance(self, obj: attrs.AttrsInstance, index: int = 0) -> attrs.AttrsInstance:
        changes: dict[str, Any] = {}
        for name, alias, policy, dropped in _layout(type(obj)):
            old = getattr(obj, name)
            new = None if dropped else self.value(policy, old, index)
            if new is not old:
                changes[alias] = new
        if not changes:
            return obj
        evolve: Any = attrs.evolve  # the class is known only at run time
        return cast("attrs.AttrsInstance", evolve(obj, **changes))


# A class's fields as the walk reads them: name, argument name, text policy, dropped.
_Layout = tuple[tuple[str, str, TextPolicy, bool], ...]
_LAYOUTS: dict[type, _Layout] = {}


def _layout(cls: type[attrs.AttrsInstance]) -> _Layout:
    """The fields of *cls* the walk reads, with their policies (computed once per class)."""
    found = _LAYOUTS.get(cls)
    if found is None:
        owner = cls.__name__
        found = _LAYOUTS[cls] = tuple(
            (
                field.name,
                field.alias or field.name,
                TEXT_POLICIES.get((owner, field.name), TextPolicy.TEXT),
                (owner, field.name) in DROPPED_FIELDS,
            )
            for field in attrs.fields(cls)
            if field.init
        )
    return found


def deidentify_plan(
    plan: IEP,
    *,
    key: bytes,
    offset: int | None = None,
    keep_organizations: bool = False,
    plan_ids: Mapping[str, str] | None = None,
) -> IEP:
    """
    *plan* de-identified, its dates shifted by *offset* days (a multiple of 7).

    Ids become keyed pseudonyms (`pseudonym`), the student's name is removed, each
    participant is named ``Participant 1``, ``Participant 2`` … in order, every free text
    becomes `PLACEHOLDER` (blank stays blank, absent stays absent), ``extensions`` are
    dropped, and every date (the date of birth included) moves by *offset* days. Lists keep
    their order and length, so the paths of findings stay the same.

    *plan_ids* maps plan ids (``id``, ``amends``) to the pseudonyms to use instead of
    `pseudonym`'s (see `plan_pseudonyms`).

    Without *offset*, the student's first keyed shift (`candidate_offsets`) is used: the
    shift `iepmodel.privacy.deidentify` starts from, but without checking that it keeps
    the student's findings. Prefer `deidentify` on the student's whole history.

    Raises:
        ValueError: *offset* is not a whole number of weeks, or is 0.
        InvalidKeyError: the key is shorter than 16 bytes.

    >>> import iepmodel
    >>> from iepmodel.privacy import deidentify_plan
    >>> plan = iepmodel.IEP(
    ...     id="P1", kind=iepmodel.PlanKind.ANNUAL,
    ...     student=iepmodel.Student(id="S1", name="Ada", date_of_birth=dt.date(2015, 1, 22)),
    ...     start_date=dt.date(2025, 10, 1), end_date=dt.date(2026, 9, 30),
    ... )
    >>> copy = deidentify_plan(plan, key=b"k" * 32, offset=-14)
    >>> copy.student.name is None, copy.start_date, copy.id.startswith("plan-")
    (True, datetime.date(2025, 9, 17), True)
    """
    key = check_key(key)
    if offset is None:
        offset = candidate_offsets(key, plan.student.id, DEFAULT_MAX_WEEKS)[0]
    if offset % 7 or offset == 0:
        msg = "the offset must be a whole number of weeks (a multiple of 7 days), not 0"
        raise ValueError(msg)
    walk = _Walk(
        key=key,
        offset=offset,
        student_id=plan.student.id,
        keep_organizations=keep_organizations,
        plan_ids=plan_ids if plan_ids is not None else {},
    )
    return cast("IEP", walk.instance(cast("attrs.AttrsInstance", plan)))
