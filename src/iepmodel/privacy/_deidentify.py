"""
De-identifying plans: one keyed shift per student, chosen so that the findings stay.

The shift of a student's dates is drawn from the key and the student id (`candidate_offsets`:
every whole number of weeks up to ``max_weeks`` either way, in keyed order). A whole number
of weeks keeps weekdays and every interval counted in days; it does not always keep what is
counted in years or months, since moving a span across February 29 changes its length by a
day (a review held 366 days after the last one, or a child turning 3 on February 29).
So each candidate is tried in turn, and the first one under which the student's findings
are the same is used:

1. the *interval* signature must hold: the findings of every rule, checked as of a day
   after every date (so that nothing is measured against "as of"), plan by plan, code,
   severity and path, and the element of indicator 12 under both leap-day conventions;
2. for each reporting date given (``as_of``), the findings checked as of that day and the
   student's part in indicators 11, 12 and 13 on that day should hold too; when no
   candidate keeps them, the candidate that keeps the interval signature and agrees most
   (indicators first) is used, and the student is counted in
   `Deidentified.reporting_not_kept`.

A shift that would put the student's date of birth among the copies' dates is not
tried (while another is left), nor, where the data set leaves room, one that would put any
student's there. For almost
every student the first candidate is used, so the shift is uniform over the range; the
choice depends on the student's plans only through these findings and dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Final, cast

import attrs

from iepmodel._age import LeapBirthday
from iepmodel._calendar import SchoolCalendar
from iepmodel._plan import IEP
from iepmodel.jurisdictions import Profile, UnknownJurisdictionError
from iepmodel.rules import Finding, check

from ._keys import DEFAULT_MAX_WEEKS, candidate_offsets, check_key, pseudonym
from ._rules import birthday_rules, pseudonymise_finding, surviving_rules
from ._transform import deidentify_plan, plan_pseudonyms

__all__ = [
    "FAR_AS_OF",
    "Deidentified",
    "carry_findings",
    "deidentify",
    "deidentify_report",
    "deidentify_with_findings",
    "student_offsets",
]

FAR_AS_OF: Final = dt.date(9000, 1, 1)
"""The "as of" of the interval signature: after every date, so nothing is measured from it."""

_LEAPS: Final[tuple[LeapBirthday, ...]] = ("feb28", "mar1")

Signature = tuple[Any, ...]


@attrs.frozen(kw_only=True)
class Deidentified:
    """
    The result of `deidentify_report`.

    Attributes:
        plans: the de-identified plans, in input order.
        students: how many students (distinct student ids) the plans hold.
        reporting_not_kept: students for whom no shift kept every finding and indicator
            outcome on the reporting dates (their interval findings are kept).
        indicators_not_kept: of those, the students for whom no shift kept their
            outcomes in indicators 11, 12 and 13 on the reporting dates.
        intervals_not_kept: students for whom no shift kept the interval findings (0 in
            practice; such a student's copy may differ).
    """

    plans: tuple[IEP, ...] = attrs.field(repr=False)
    students: int
    reporting_not_kept: int = 0
    indicators_not_kept: int = 0
    intervals_not_kept: int = 0


def _positions(plans: Sequence[IEP]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, plan in enumerate(plans):
        positions.setdefault(plan.id, index)
    return positions


def _findings_signature(
    plans: Sequence[IEP], findings: Iterable[Finding], positions: dict[str, int]
) -> Signature:
    per_plan: list[list[tuple[str, str, str]]] = [[] for _ in plans]
    for finding in findings:
        per_plan[positions[finding.plan_id]].append(
            (finding.code, finding.severity.value, finding.path)
        )
    return tuple(tuple(sorted(items)) for items in per_plan)


def _indicator_12(plans: Sequence[IEP], as_of: dt.date, positions: dict[str, int]) -> Signature:
    from iepmodel.analysis import indicator_12

    if not any(plan.student.from_part_c for plan in plans):
        return ()
    result: list[Hashable] = []
    for leap in _LEAPS:
        for child in indicator_12(plans, as_of, leap=leap).children:
            where = positions[child.plan_id] if child.plan_id is not None else None
            result.append((leap, child.element, where))
    return tuple(result)


@attrs.frozen(kw_only=True)
class _Signer:
    """Computes what must stay the same for one student's plans."""

    jurisdiction: str | Profile | None
    reporting: tuple[dt.date, ...]

    def _check(self, plans: Sequence[IEP], as_of: dt.date) -> list[Finding]:
        return check(plans, as_of=as_of, jurisdiction=self.jurisdiction)

    def interval(self, plans: Sequence[IEP]) -> Signature:
        positions = _positions(plans)
        findings = self._check(plans, FAR_AS_OF)
        return (
            _findings_signature(plans, findings, positions),
            _indicator_12(plans, FAR_AS_OF, positions),
        )

    def reporting_signature(self, plans: Sequence[IEP]) -> Signature:
        from iepmodel.analysis import indicator_11, indicator_13

        positions = _positions(plans)
        result: list[Hashable] = []
        for day in self.reporting:
            findings = self._check(plans, day)
            # Sorted by position: the indicators sort their rows by plan id, which the
            # pseudonyms reorder.
            eleven = tuple(
                sorted(
                    (positions[row.plan_id], row.status)
                    for row in indicator_11(plans, day).evaluations
                )
            )
            thirteen = tuple(
                sorted(
                    (positions[row.plan_id], row.meets, row.answers)
                    for row in indicator_13(plans, day).checklists
                )
            )
            result.append(
                (
                    _findings_signature(plans, findings, positions),
                    eleven,
                    _indicator_12(plans, day, positions),
                    thirteen,
                )
            )
        return tuple(result)


def _dates(value: object, into: set[dt.date]) -> None:
    """Every date held anywhere in *value* (a plan, or a part of one), added to *into*."""
    if isinstance(value, dt.date):
        into.add(value)
    elif isinstance(value, tuple):
        for item in cast("tuple[object, ...]", value):
            _dates(item, into)
    elif attrs.has(type(value)):
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(value))):
            _dates(getattr(value, field.name), into)


def _safe_candidates(
    plans: Sequence[IEP], candidates: Sequence[int], births: frozenset[dt.date]
) -> list[int]:
    """
    The *candidates* under which no date of the copies is an original date of birth.

    A shifted event could land on the student's own date of birth (an event within the
    shift's range of the birth), which would then appear in the copy: such shifts are
    never used while another is left. Shifts under which no date lands on any date of
    birth of the data set (*births*) are preferred, so that no original date of birth
    appears anywhere in the copies while that can be had.
    """
    found: set[dt.date] = set()
    for plan in plans:
        _dates(plan, found)
    # As day numbers: a shift is an addition, and a date out of range just never matches.
    dates = [day.toordinal() for day in found]
    own = {plan.student.date_of_birth.toordinal() for plan in plans}
    safe = [offset for offset in candidates if not any(day + offset in own for day in dates)]
    if not safe:
        return list(candidates)
    every = {born.toordinal() for born in births}
    anywhere = [offset for offset in safe if not any(day + offset in every for day in dates)]
    return anywhere or safe


def _agreement(copy: Signature, original: Signature) -> tuple[int, int]:
    """
    How far a copy's reporting signature agrees with the original's.

    The number of indicator outcomes that agree (11, 12 and 13 on each date), then the
    number of plans whose findings agree: indicators first, since they are published.
    """
    indicators = findings = 0
    for ours, theirs in zip(copy, original, strict=True):
        indicators += sum(a == b for a, b in zip(ours[1:], theirs[1:], strict=True))
        findings += sum(a == b for a, b in zip(ours[0], theirs[0], strict=True))
    return indicators, findings


@attrs.frozen(kw_only=True)
class _Choice:
    """The shift chosen for one student, and what it keeps."""

    offset: int
    intervals: bool = True
    indicators: bool = True
    reporting: bool = True


def _choose(
    plans: Sequence[IEP],
    candidates: Sequence[int],
    copy: Callable[[int], list[IEP]],
    signer: _Signer,
    births: frozenset[dt.date] = frozenset(),
) -> _Choice:
    """
    The shift for one student: the first candidate that keeps everything.

    Failing that, the candidate that keeps the interval signature and agrees most on the
    reporting dates (indicators first); failing that too, the first candidate.
    """
    candidates = _safe_candidates(plans, candidates, births)
    try:
        interval = signer.interval(plans)
        reporting = signer.reporting_signature(plans) if signer.reporting else ()
    except UnknownJurisdictionError:
        # The plans cannot be checked here (a profile that is not shipped): nothing to keep.
        return _Choice(offset=candidates[0])
    best: tuple[tuple[int, int], int] | None = None
    for offset in candidates:
        copies = copy(offset)
        if signer.interval(copies) != interval:
            continue
        if not signer.reporting:
            return _Choice(offset=offset)
        ours = signer.reporting_signature(copies)
        if ours == reporting:
            return _Choice(offset=offset)
        score = _agreement(ours, reporting)
        if best is None or score > best[0]:
            best = (score, offset)
    if best is None:
        return _Choice(offset=candidates[0], intervals=False, indicators=False, reporting=False)
    all_indicators = 3 * len(signer.reporting)
    return _Choice(offset=best[1], indicators=best[0][0] == all_indicators, reporting=False)


def _reporting_dates(as_of: dt.date | Iterable[dt.date] | None) -> tuple[dt.date, ...]:
    if as_of is None:
        return ()
    if isinstance(as_of, dt.date):
        return (as_of,)
    return tuple(sorted(set(as_of)))


def _by_student(plans: Sequence[IEP]) -> dict[str, list[IEP]]:
    groups: dict[str, list[IEP]] = {}
    for plan in plans:
        groups.setdefault(plan.student.id, []).append(plan)
    return groups


@attrs.frozen(kw_only=True)
class _Offsets:
    offsets: dict[str, int]
    copies: dict[str, list[IEP]]
    plan_ids: dict[str, str]
    reporting_not_kept: int
    indicators_not_kept: int
    intervals_not_kept: int


def _offsets(
    plans: Sequence[IEP],
    *,
    key: bytes,
    as_of: dt.date | Iterable[dt.date] | None,
    max_weeks: int,
    jurisdiction: str | Profile | None,
    keep_organizations: bool,
) -> _Offsets:
    signer = _Signer(jurisdiction=jurisdiction, reporting=_reporting_dates(as_of))
    births = frozenset(plan.student.date_of_birth for plan in plans)
    plan_ids = plan_pseudonyms(plans, key=key)
    offsets: dict[str, int] = {}
    copies: dict[str, list[IEP]] = {}
    reporting_missed = indicators_missed = intervals_missed = 0
    for student_id, group in _by_student(plans).items():
        candidates = candidate_offsets(key, student_id, max_weeks)
        built: dict[int, list[IEP]] = {}

        def copy(
            offset: int, group: list[IEP] = group, built: dict[int, list[IEP]] = built
        ) -> list[IEP]:
            found = built.get(offset)
            if found is None:
                found = built[offset] = [
                    deidentify_plan(
                        plan,
                        key=key,
                        offset=offset,
                        keep_organizations=keep_organizations,
                        plan_ids=plan_ids,
                    )
                    for plan in group
                ]
            return found

        choice = _choose(group, candidates, copy, signer, births)
        offsets[student_id] = choice.offset
        copies[student_id] = copy(choice.offset)  # built while trying it, as a rule
        reporting_missed += not choice.reporting
        indicators_missed += not choice.indicators
        intervals_missed += not choice.intervals
    return _Offsets(
        offsets=offsets,
        copies=copies,
        plan_ids=plan_ids,
        reporting_not_kept=reporting_missed,
        indicators_not_kept=indicators_missed,
        intervals_not_kept=intervals_missed,
    )


def student_offsets(
    plans: Iterable[IEP],
    *,
    key: bytes,
    as_of: dt.date | Iterable[dt.date] | None = None,
    max_weeks: int = DEFAULT_MAX_WEEKS,
    jurisdiction: str | Profile | None = None,
    keep_organizations: bool = False,
) -> dict[str, int]:
    """
    The shift, in days, of each student's dates (by the *original* student id).

    The arguments are those of `deidentify`. The mapping re-identifies dates: keep it
    with the key, never beside the copies.
    """
    given = list(plans)
    return _offsets(
        given,
        key=check_key(key),
        as_of=as_of,
        max_weeks=max_weeks,
        jurisdiction=jurisdiction,
        keep_organizations=keep_organizations,
    ).offsets


def deidentify_report(
    plans: Iterable[IEP],
    *,
    key: bytes,
    as_of: dt.date | Iterable[dt.date] | None = None,
    max_weeks: int = DEFAULT_MAX_WEEKS,
    jurisdiction: str | Profile | None = None,
    keep_organizations: bool = False,
) -> Deidentified:
    """`deidentify`, with how many students' findings the shifts could not keep."""
    given = list(plans)
    key = check_key(key)
    chosen = _offsets(
        given,
        key=key,
        as_of=as_of,
        max_weeks=max_weeks,
        jurisdiction=jurisdiction,
        keep_organizations=keep_organizations,
    )
    return _report(given, chosen)


def _report(given: list[IEP], chosen: _Offsets) -> Deidentified:
    """The copies of *given*, in order, under the shifts *chosen*."""
    # Each student's copies are in the order of the student's plans in *given*.
    remaining = {student: iter(copies) for student, copies in chosen.copies.items()}
    return Deidentified(
        plans=tuple(next(remaining[plan.student.id]) for plan in given),
        students=len(chosen.offsets),
        reporting_not_kept=chosen.reporting_not_kept,
        indicators_not_kept=chosen.indicators_not_kept,
        intervals_not_kept=chosen.intervals_not_kept,
    )


def deidentify(
    plans: Iterable[IEP],
    *,
    key: bytes,
    as_of: dt.date | Iterable[dt.date] | None = None,
    max_weeks: int = DEFAULT_MAX_WEEKS,
    jurisdiction: str | Profile | None = None,
    keep_organizations: bool = False,
) -> list[IEP]:
    """
    De-identified copies of *plans*, in the same order, one copy per plan.

    Identifiers become keyed pseudonyms (HMAC-SHA256: the same *key* gives the same
    pseudonyms in every file and run, another key none in common); names, free text and
    ``extensions`` are removed (see `deidentify_plan`); every date of a student, the date
    of birth included, moves by one keyed shift of whole weeks (at most *max_weeks*
    either way). Give a student's whole history in one call: the shift is chosen from the
    student's plans (see the module's docstring).

    The findings of the rules in `surviving_rules` are the same on the copies, plan by
    plan (code, severity, path), whatever "as of" they are checked from, as are
    indicators 11 and 12 measured after every date. With *as_of* (a reporting date or
    several), the shifts also keep, where they can, every finding and each student's part
    in indicators 11, 12 and 13 on those dates (`deidentify_report` counts the students
    for whom they could not).

    Args:
        plans: the plans (any iterable, read once).
        key: the secret key, at least 16 bytes.
        as_of: reporting dates the copies will be analysed on (default: none).
        max_weeks: the largest shift, in weeks either way.
        jurisdiction: the profile the findings are kept under (default: each plan's own).
        keep_organizations: keep the responsible organization's id as it is (for
            school-level tables) instead of a pseudonym.

    Raises:
        InvalidKeyError: the key is shorter than 16 bytes.

    >>> from iepmodel import sample
    >>> from iepmodel.privacy import deidentify
    >>> copies = deidentify(sample.plans()[:3], key=b"a secret key of 32 bytes........")
    >>> [copy.student.name for copy in copies]
    [None, None, None]
    """
    return list(
        deidentify_report(
            plans,
            key=key,
            as_of=as_of,
            max_weeks=max_weeks,
            jurisdiction=jurisdiction,
            keep_organizations=keep_organizations,
        ).plans
    )


def carry_findings(
    plans: Iterable[IEP],
    *,
    key: bytes,
    as_of: dt.date,
    calendar: SchoolCalendar | None = None,
    jurisdiction: str | Profile | None = None,
    select: str | Iterable[str] | None = None,
    reporting_dates: dt.date | Iterable[dt.date] | None = None,
    max_weeks: int = DEFAULT_MAX_WEEKS,
    keep_organizations: bool = False,
) -> list[Finding]:
    """
    Check the *original* plans and carry the findings over to the copies, pseudonymised.

    For the findings that cannot survive the shift (measured against *as_of*, or counted
    in school days on *calendar*): by default the rules not in `surviving_rules`. Each
    finding's plan id becomes the copy's, its ``due`` and the dates in its message move
    by the student's shift, so they fit the copies; the ``due`` of a rule that counts
    from the date of birth (`birthday_rules`) is removed. Publish them beside the copies
    made with the same *key*, *reporting_dates* (the copies' ``as_of``), *max_weeks*,
    *jurisdiction* and *keep_organizations*.

    >>> import iepmodel
    >>> from iepmodel import sample
    >>> from iepmodel.privacy import carry_findings
    >>> plans = sample.plans()[:20]
    >>> found = carry_findings(plans, key=b"a secret key of 32 bytes........", as_of=sample.AS_OF)
    >>> all(f.plan_id.startswith("plan-") for f in found)
    True
    """
    given = list(plans)
    key = check_key(key)
    chosen = _offsets(
        given,
        key=key,
        as_of=reporting_dates,
        max_weeks=max_weeks,
        jurisdiction=jurisdiction,
        keep_organizations=keep_organizations,
    )
    return _carry(
        given,
        key,
        chosen,
        as_of=as_of,
        calendar=calendar,
        jurisdiction=jurisdiction,
        select=select,
    )


def _carry(
    given: list[IEP],
    key: bytes,
    chosen: _Offsets,
    *,
    as_of: dt.date,
    calendar: SchoolCalendar | None,
    jurisdiction: str | Profile | None,
    select: str | Iterable[str] | None,
) -> list[Finding]:
    """`carry_findings` with the shifts chosen already."""
    offsets = chosen.offsets
    if select is None:
        kept = surviving_rules(calendar=calendar is not None)
        from iepmodel.rules import catalog

        select = sorted(entry.code for entry in catalog() if entry.code not in kept)
    findings = check(
        given, as_of=as_of, calendar=calendar, jurisdiction=jurisdiction, select=select
    )
    students: dict[str, str | None] = {}
    for plan in given:
        known = students.setdefault(plan.id, plan.student.id)
        if known != plan.student.id:
            students[plan.id] = None  # one id, two students: the shift is not known
    birthday = birthday_rules()

    def plan_pseudonym(plan_id: str) -> str:
        return chosen.plan_ids.get(plan_id) or pseudonym(key, "plan", plan_id)

    result: list[Finding] = []
    for finding in findings:
        student = students.get(finding.plan_id)
        result.append(
            pseudonymise_finding(
                finding,
                plan_id=plan_pseudonym,
                offset=offsets[student] if student is not None else None,
                birthday_codes=birthday,
            )
        )
    return result


def deidentify_with_findings(
    plans: Iterable[IEP],
    *,
    key: bytes,
    check_as_of: dt.date,
    as_of: dt.date | Iterable[dt.date] | None = None,
    calendar: SchoolCalendar | None = None,
    jurisdiction: str | Profile | None = None,
    select: str | Iterable[str] | None = None,
    max_weeks: int = DEFAULT_MAX_WEEKS,
    keep_organizations: bool = False,
) -> tuple[Deidentified, list[Finding]]:
    """
    `deidentify_report` and `carry_findings` in one pass: the shifts are chosen once.

    *as_of* is the copies' reporting dates (`deidentify`); *check_as_of* the day the
    originals are checked from for the carried-over findings (`carry_findings`'s *as_of*).

    >>> from iepmodel import sample
    >>> from iepmodel.privacy import deidentify_with_findings
    >>> report, found = deidentify_with_findings(
    ...     sample.plans()[:20], key=b"a secret key of 32 bytes........", check_as_of=sample.AS_OF
    ... )
    >>> {f.plan_id for f in found} <= {copy.id for copy in report.plans}
    True
    """
    given = list(plans)
    key = check_key(key)
    chosen = _offsets(
        given,
        key=key,
        as_of=as_of,
        max_weeks=max_weeks,
        jurisdiction=jurisdiction,
        keep_organizations=keep_organizations,
    )
    carried = _carry(
        given,
        key,
        chosen,
        as_of=check_as_of,
        calendar=calendar,
        jurisdiction=jurisdiction,
        select=select,
    )
    return _report(given, chosen), carried
