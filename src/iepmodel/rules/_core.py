"""
The parts every rule shares: `Severity`, `Finding`, `Rule`, `Context` and `History`.

A rule is a pure function ``(plan, context) -> Sequence[Finding]``; the `rule` decorator
registers it in the catalog with its code, severity and citation. `Context` carries what
the rule may read besides the plan: the jurisdiction profile, the "as of" day, the school
calendar and the student's history (every plan of the same student that the caller gave).

`check` runs every rule on every plan, so what several rules read is derived once: a
student's history (`History`: reviews, merged evaluations) once per student, what a
plan's meeting shows (`PlanFacts`, from `Context.facts`) and the due dates the timeline
rules compare (`PlanTimeline`, from `Context.timeline`) once per plan, other due dates
once per profile and day (`Context.date_of`, `Context.timing`), a rule's severity and
citation once per profile. A finding is built only when a rule fires.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import json
import operator
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, ParamSpec, TypeAlias, TypeVar

import attrs

from iepmodel._enums import Attendance, EvaluationKind, MeetingPurpose, PlanKind, PlanStatus, Role
from iepmodel._evaluation import Evaluation
from iepmodel._plan import IEP
from iepmodel._team import Participant
from iepmodel.jurisdictions import DayCounting
from iepmodel.timelines import (
    annual_review_due,
    date_only,
    reevaluation_due,
    rights_transfer_notice_date,
    timing_only,
    transition_required_date,
)

if TYPE_CHECKING:
    from iepmodel._calendar import SchoolCalendar
    from iepmodel.jurisdictions import Profile
    from iepmodel.timelines import DueDate


__all__ = [
    "Context",
    "Finding",
    "History",
    "PlanFacts",
    "PlanTimeline",
    "Rule",
    "RuleDecorator",
    "RuleFunction",
    "Severity",
    "TrackedEvaluation",
    "emit",
    "evaluation_key",
    "guarded",
    "is_review",
    "new_context",
    "order_plans",
    "registered",
    "rule",
    "shift",
]


# Enum members read for every plan, bound once: on Python 3.11 a lookup such as
# `PlanStatus.FINAL` goes through `EnumType.__getattr__`, about ten times the cost of
# reading a module constant.
_FINAL: Final = PlanStatus.FINAL
_DRAFT: Final = PlanStatus.DRAFT
_REVIEW_KINDS: Final = (PlanKind.INITIAL, PlanKind.ANNUAL, PlanKind.REEVALUATION)
_ANNUAL_REVIEW: Final = MeetingPurpose.ANNUAL_REVIEW
_PRESENT: Final = Attendance.PRESENT
_ABSENT: Final = Attendance.ABSENT
_EXCUSED: Final = Attendance.EXCUSED
_INITIAL_EVALUATION: Final = EvaluationKind.INITIAL
_REEVALUATION: Final = EvaluationKind.REEVALUATION


class Severity(StrEnum):
    """
    How serious a finding is.

    ``error``: the plan, team or timeline breaks the law or the profile. ``warning``: due
    soon, or a likely problem (and every content rule on a ``draft`` plan).
    """

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(kw_only=True, order=False)
class Finding:
    """
    One thing a rule found in one plan.

    Attributes:
        code: the rule's stable code, e.g. ``T102``.
        severity: ``error`` or ``warning``.
        message: one plain sentence, without personal data.
        citation: the legal source, e.g. ``34 CFR 300.321(a)(2)``.
        path: where in the document, e.g. ``meeting.participants[2]`` or
            ``goals[0].criterion``; empty for the plan as a whole.
        due: the date the rule computed, where it computed one.
        plan_id: the id of the plan the finding is about.

    >>> f = Finding(code="C302", severity=Severity.ERROR, message="The plan has no annual goals.",
    ...             citation="34 CFR 300.320(a)(2)(i)", path="goals", due=None, plan_id="P1")
    >>> f.to_dict()["severity"], f.is_error
    ('error', True)
    """

    code: str
    severity: Severity
    message: str
    citation: str
    path: str = ""
    due: dt.date | None = None
    plan_id: str

    @property
    def is_error(self) -> bool:
        """Whether the finding is an error (not a warning)."""
        return self.severity is Severity.ERROR

    @property
    def sort_key(self) -> tuple[str, str, str, dt.date, str, str, str]:
        """The order `check` returns findings in: plan, code, path, due, then the rest."""
        return (
            self.plan_id,
            self.code,
            self.path,
            self.due or dt.date.min,
            str(self.severity),  # its value (a `StrEnum`), without the `value` property
            self.message,
            self.citation,
        )

    def to_dict(self) -> dict[str, str | None]:
        """
        The finding as plain JSON values (the shape of ``iepmodel check --format json``).

        The keys, always all of them and in this order: ``plan_id``, ``code``,
        ``severity``, ``message``, ``citation``, ``path``, ``due`` (an ISO date string or
        `None`). `json.dumps` writes it as it is; `to_json` does, and so does
        ``iepmodel check --format json`` for each finding.

        >>> f = Finding(code="C302", severity=Severity.ERROR, message="No goals.",
        ...             citation="34 CFR 300.320(a)(2)(i)", path="goals", plan_id="P1")
        >>> list(f.to_dict())
        ['plan_id', 'code', 'severity', 'message', 'citation', 'path', 'due']
        """
        return {
            "plan_id": self.plan_id,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "citation": self.citation,
            "path": self.path,
            "due": self.due.isoformat() if self.due is not None else None,
        }

    def to_json(self) -> str:
        """
        The finding as one line of JSON: `to_dict` through `json.dumps` (same keys, order).

        >>> f = Finding(code="C302", severity=Severity.ERROR, message="No goals.",
        ...             citation="34 CFR 300.320(a)(2)(i)", path="goals", plan_id="P1")
        >>> f.to_json()[:35]
        '{"plan_id": "P1", "code": "C302", "'
        """
        return json.dumps(self.to_dict(), ensure_ascii=False)


RuleFunction: TypeAlias = "Callable[[IEP, Context], Sequence[Finding]]"
"""
A rule: reads a plan and its context, returns its findings; never mutates, never raises.

The findings come in a sequence (an empty tuple when there are none, the usual case):
calling a plain function costs a fraction of creating and running a generator, which
counts when `check` runs every rule on every plan.
"""
RuleDecorator: TypeAlias = "Callable[[RuleFunction], RuleFunction]"
"""What `rule` returns: registers a rule function and gives it back unchanged."""


@attrs.frozen(kw_only=True)
class Rule:
    """
    A rule of the catalog: its code, severity, citation, what it finds, and the function.

    A `Rule` is callable: ``rule(plan, context)`` iterates over the findings of its function.

    Attributes:
        code: stable code (``T101`` … ``C319``).
        severity: the severity of its findings (content rules give warnings on drafts).
        citation: the legal source.
        title: a short name, e.g. ``"Regular education teacher missing"``.
        summary: one line: what the rule finds (the first line of the function's
            docstring).
        function: the rule itself.
        family: ``team``, ``timelines`` or ``content``.
        drafts_as_warnings: whether the rule reports a ``draft`` plan as a warning.
        settings: the profile settings the rule reads, whose own sources the finding's
            citation adds where a profile overrides the federal value.
    """

    code: str
    severity: Severity
    citation: str
    title: str
    summary: str
    function: RuleFunction = attrs.field(repr=False)
    family: str
    drafts_as_warnings: bool = False
    settings: tuple[str, ...] = ()

    def __call__(self, plan: IEP, context: Context) -> Iterator[Finding]:
        """Run the rule on *plan*: an iterator over its findings."""
        return iter(self.function(plan, context))


_REGISTRY: dict[str, Rule] = {}


def registered() -> Mapping[str, Rule]:
    """Every registered rule, by code."""
    return _REGISTRY


def rule(
    code: str,
    severity: Severity,
    citation: str,
    *,
    title: str,
    family: str,
    drafts_as_warnings: bool = False,
    settings: tuple[str, ...] = (),
) -> RuleDecorator:
    """
    Register the decorated function as the rule *code*; return it unchanged.

    The first line of the function's docstring is the rule's summary.
    """

    def register(function: RuleFunction) -> RuleFunction:
        doc = (function.__doc__ or "").strip()
        summary = doc.splitlines()[0].strip() if doc else title
        if code in _REGISTRY:  # pragma: no cover - a programming error
            msg = f"rule {code} is registered twice"
            raise ValueError(msg)
        _REGISTRY[code] = Rule(
            code=code,
            severity=severity,
            citation=citation,
            title=title,
            summary=summary,
            function=function,
            family=family,
            drafts_as_warnings=drafts_as_warnings,
            settings=settings,
        )
        return function

    return register


def _citation(entry: Rule, profile: Profile) -> str:
    """
    The rule's citation, plus the profile's own sources for the settings it reads.

    A source is added where the profile cites something else than the federal profile
    does (a state's statute, a district's policy). Conventions (``[C] …``) are not legal
    sources and are left out.
    """
    if not entry.settings:
        return entry.citation
    from iepmodel.jurisdictions import jurisdiction

    federal = jurisdiction("US").citations
    text = entry.citation
    for setting in entry.settings:
        source = profile.citations.get(setting)
        if not source or source == federal.get(setting):
            continue
        for part in source.split("; "):
            if part and not part.startswith("[C]") and part not in text:
                text = f"{text}; {part}"
    return text


_ESTIMATE_NO_CALENDAR: Final = " (an estimate: no school calendar was given"
_ESTIMATE_BEYOND_CALENDAR: Final = (
    " (an estimate: the school calendar does not cover the whole count"
)
# What was estimated for want of a calendar, by the way the profile counts the days.
_ESTIMATE_WHAT: Final[Mapping[DayCounting | None, str]] = {
    DayCounting.SCHOOL_DAYS: "school days were counted as weekdays",
    DayCounting.CALENDAR_EXCLUDING_LONG_BREAKS: (
        "the long school breaks, which do not count, were not known"
    ),
    DayCounting.CALENDAR_EXCLUDING_SUMMER: "the summer break, which does not count, was not known",
}


def _estimate_note(counting: DayCounting | None, *, calendar_given: bool) -> str:
    """The words an estimated date's message ends with, for the profile's *counting*."""
    what = _ESTIMATE_WHAT.get(counting)
    if calendar_given:
        note = _ESTIMATE_BEYOND_CALENDAR
        return f"{note}, so beyond it {what})" if what else f"{note})"
    note = _ESTIMATE_NO_CALENDAR
    return f"{note}, so {what})" if what else f"{note})"


def emit(
    code: str,
    plan: IEP,
    context: Context,
    message: str,
    *,
    path: str = "",
    due: dt.date | None = None,
    estimate: bool = False,
    counting: DayCounting | None = None,
) -> Finding:
    """
    Build the finding of rule *code* about *plan*.

    The severity is the rule's (a warning on a draft plan for content rules); the
    citation is the rule's, plus the profile's source where it overrides a setting the
    rule reads. With *estimate*, the message says that the date is an estimate, and what
    was estimated for want of a calendar given the *counting* of the due date: school
    days counted as weekdays, or school breaks (California) or the summer (Pennsylvania)
    not known.
    """
    # The rule's severity, its severity on a draft and its citation under the profile,
    # looked up once per profile (the memo is the profile's).
    head: tuple[Severity, Severity, str] | None = context.memo.get(code)
    if head is None:
        entry = _REGISTRY[code]
        head = context.memo[code] = (
            entry.severity,
            Severity.WARNING if entry.drafts_as_warnings else entry.severity,
            context.citation_for(entry),
        )
    if estimate:
        note = _estimate_note(counting, calendar_given=context.calendar is not None)
        message = message.removesuffix(".") + note + "."
    # `Finding(code=code, ...)`, built faster: its `__init__` sets each field through
    # `object.__setattr__` (the class is frozen), a call that packs its arguments each
    # time; the slots' own setters cost half of that. Every field is set, in the order of
    # `attrs.fields(Finding)` (a test holds them to it).
    finding: Finding = _new_object(Finding)
    _set_code(finding, code)
    _set_severity(finding, head[1] if plan.status is _DRAFT else head[0])
    _set_message(finding, message)
    _set_citation(finding, head[2])
    _set_path(finding, path)
    _set_due(finding, due)
    _set_plan_id(finding, plan.id)
    return finding


_new_object = object.__new__


def _slot_setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """
    The setters of the slots *names* of *cls*, cheaper than `object.__setattr__`.

    For building a frozen object without ``__init__`` when its checks already passed.
    """
    return tuple(cls.__dict__[name].__set__ for name in names)


(
    _set_code,
    _set_severity,
    _set_message,
    _set_citation,
    _set_path,
    _set_due,
    _set_plan_id,
) = _slot_setters(Finding, "code", "severity", "message", "citation", "path", "due", "plan_id")


def shift(day: dt.date, days: int) -> dt.date | None:
    """*day* moved by *days* calendar days, or `None` past the calendar's range."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return None


_P = ParamSpec("_P")
_T = TypeVar("_T")


def guarded(function: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T | None:
    """
    *function*'s result, or `None` when the date it computes is out of range.

    A date outside the years `datetime.date` can hold (1 to 9999) is never due within a
    plan, so a rule treats it as no date at all.
    """
    try:
        return function(*args, **kwargs)
    except (OverflowError, ValueError):
        # relativedelta raises ValueError ("year 10015 is out of range"), timedelta
        # arithmetic OverflowError; both mean "beyond any plan's dates".
        return None


# --------------------------------------------------------------------------------------
# A student's history


_PlanKey: TypeAlias = tuple[dt.date, dt.date, dt.date, str]


def _by_key(keyed: tuple[_PlanKey, int, IEP]) -> _PlanKey:
    return keyed[0]


def order_plans(plans: Iterable[IEP]) -> tuple[IEP, ...]:
    """
    *plans* in history order: meeting date (else start date), start, end, id.

    Plans equal on all four are ordered by their canonical JSON, so the order never
    depends on the order they were given in.
    """
    # The key is `plan.history_date`, start, end and id, the property read inline.
    given = tuple(plans)
    days = [plan.meeting.date if plan.meeting is not None else plan.start_date for plan in given]
    if all(map(operator.lt, days, days[1:])):
        return given  # given in order, no two on one day: the usual case
    keys = [
        (day, plan.start_date, plan.end_date, plan.id)
        for day, plan in zip(days, given, strict=True)
    ]
    # (key, position, plan): compared as tuples in C, the position breaks ties in the
    # order given (as a stable sort does), so the plans themselves are never compared.
    keyed = sorted(zip(keys, itertools.count(), given))
    keys = [key for key, _, _ in keyed]
    if all(map(operator.lt, keys, keys[1:])):  # sorted: equal keys would be neighbours
        return tuple([plan for _, _, plan in keyed])
    result: list[IEP] = []
    for _, group in itertools.groupby(keyed, key=_by_key):
        tied = [plan for _, _, plan in group]
        if len(tied) > 1:
            from iepmodel.serialization import to_json

            tied.sort(key=to_json)
        result.extend(tied)
    return tuple(result)


def is_review(plan: IEP) -> bool:
    """
    Whether *plan* records a meeting that resets the annual clock (300.324(b)(1)).

    A final plan with a meeting whose kind is initial, annual or reevaluation, or whose
    meeting's purposes include the annual review. An amendment (with or without a
    meeting) or an interim plan does not reset it (2006 preamble on 300.324(a)(4)).
    """
    if plan.meeting is None or plan.status is not _FINAL:
        return False
    if plan.kind in _REVIEW_KINDS:
        return True
    return _ANNUAL_REVIEW in plan.meeting.purposes


EvaluationKey: TypeAlias = tuple[EvaluationKind, dt.date | None, dt.date | None]


def evaluation_key(evaluation: Evaluation) -> EvaluationKey:
    """
    What identifies one evaluation across a student's plans.

    Its kind and consent date (or, without a consent date, its completion date).
    """
    if evaluation.consent_date is not None:
        return (evaluation.kind, evaluation.consent_date, None)
    return (evaluation.kind, None, evaluation.completed_date)


def _completeness(evaluation: Evaluation) -> tuple[Any, ...]:
    # The most complete record of an evaluation wins; ties broken by every field so the
    # choice never depends on the order of the plans.
    return (
        evaluation.completed_date is not None,
        evaluation.completed_date or dt.date.min,
        evaluation.eligibility_date or dt.date.min,
        evaluation.exception is not None,
        evaluation.exception.value if evaluation.exception else "",
        evaluation.agreed_completion_date or dt.date.min,
        evaluation.early_by_agreement,
    )


@attrs.frozen(kw_only=True)
class TrackedEvaluation:
    """
    One evaluation of a student, merged over the plans that list it.

    Attributes:
        evaluation: the most complete record of it.
        plan: the first plan (in history order) that lists it; findings about it go
            there.
        index: its index in that plan's ``evaluations``.
    """

    evaluation: Evaluation
    plan: IEP
    index: int


class History:
    """
    Every plan of one student that a check was given, in history order.

    History order is by meeting date, else start date. What the history rules derive
    (review meetings, merged evaluations) is computed once, on first use.

    >>> from iepmodel.rules import History
    >>> History(()).plans
    ()
    """

    __slots__ = (
        "_completed",
        "_evaluations",
        "_following",
        "_listed_first",
        "_review_dates",
        "_reviews",
        "_waiver",
        "plans",
    )

    def __init__(self, plans: Iterable[IEP]) -> None:
        self._start(order_plans(plans))

    # Set when the reviews are listed (`reviews`): their dates, and what follows each.
    _review_dates: list[dt.date]
    _following: list[IEP | None]
    # Set when the evaluations are merged (`evaluations`): the completion dates, and
    # id(plan) -> the evaluations first listed in it (the tracked evaluations hold their
    # plans, so an id cannot be reused while this index lives).
    _completed: list[dt.date]
    _listed_first: dict[int, tuple[TrackedEvaluation, ...]]

    def _start(self, plans: tuple[IEP, ...]) -> None:
        self.plans: tuple[IEP, ...] = plans
        self._reviews: tuple[IEP, ...] | None = None
        self._evaluations: tuple[TrackedEvaluation, ...] | None = None
        self._waiver: tuple[dt.date | None] | None = None

    @classmethod
    def ordered(cls, plans: tuple[IEP, ...]) -> History:
        """A history of *plans* that are already in history order."""
        history = cls.__new__(cls)
        history._start(plans)
        return history

    @property
    def latest(self) -> IEP | None:
        """The last plan in history order."""
        return self.plans[-1] if self.plans else None

    @property
    def reviews(self) -> tuple[IEP, ...]:
        """The plans whose meeting reviewed the whole plan (see `is_review`)."""
        if self._reviews is None:
            reviews: list[IEP] = []
            dates: list[dt.date] = []
            for plan in self.plans:
                # `is_review(plan)` and `plan.history_date`, inlined.
                meeting = plan.meeting
                if (
                    meeting is not None
                    and plan.status is _FINAL
                    and (plan.kind in _REVIEW_KINDS or _ANNUAL_REVIEW in meeting.purposes)
                ):
                    reviews.append(plan)
                    dates.append(meeting.date)
            self._review_dates = dates
            self._following = [*reviews, None]
            self._reviews = tuple(reviews)
        return self._reviews

    def next_review_after(self, day: dt.date) -> IEP | None:
        """The first review meeting strictly after *day*."""
        if self._reviews is None:
            self.reviews  # noqa: B018 - computes them
        # `_following` ends with `None`, the answer after the last review.
        return self._following[bisect.bisect_right(self._review_dates, day)]

    def last_review_on_or_before(self, day: dt.date) -> IEP | None:
        """The last review meeting on or before *day*."""
        reviews = self._reviews if self._reviews is not None else self.reviews
        index = bisect.bisect_right(self._review_dates, day)
        return reviews[index - 1] if index > 0 else None

    @property
    def evaluations(self) -> tuple[TrackedEvaluation, ...]:
        """Each evaluation of the student once, merged over the plans that list it."""
        if self._evaluations is None:
            merged: list[TrackedEvaluation] = []
            completed: list[dt.date] = []
            listed: dict[int, tuple[TrackedEvaluation, ...]] = {}
            for evaluation, plan, index in _merge_evaluations(self.plans):
                # `TrackedEvaluation(evaluation=..., plan=..., index=...)`, built faster.
                tracked: TrackedEvaluation = _new_object(TrackedEvaluation)
                _set_evaluation(tracked, evaluation)
                _set_plan(tracked, plan)
                _set_index(tracked, index)
                merged.append(tracked)
                day = evaluation.completed_date
                if day is not None:
                    completed.append(day)
                key = id(plan)
                listed[key] = (*listed[key], tracked) if key in listed else (tracked,)
            completed.sort()
            self._completed = completed
            self._listed_first = listed
            self._evaluations = tuple(merged)
        return self._evaluations

    def listed_first_in(self, plan: IEP) -> tuple[TrackedEvaluation, ...]:
        """The student's evaluations whose first listing (in history order) is in *plan*."""
        if self._evaluations is None:
            self.evaluations  # noqa: B018 - computes them
        return self._listed_first.get(id(plan), ())

    @property
    def completed_evaluation_dates(self) -> list[dt.date]:
        """The completion dates of the student's evaluations, sorted."""
        if self._evaluations is None:
            self.evaluations  # noqa: B018 - computes them
        return self._completed

    def last_completed_before(self, day: dt.date) -> dt.date | None:
        """The last evaluation completion strictly before *day*."""
        dates = self.completed_evaluation_dates
        index = bisect.bisect_left(dates, day)
        return dates[index - 1] if index > 0 else None

    @property
    def last_waiver(self) -> dt.date | None:
        """The latest written agreement that a reevaluation is unnecessary."""
        if self._waiver is None:
            waivers = [
                p.reevaluation_waiver_date for p in self.plans if p.reevaluation_waiver_date
            ]
            self._waiver = (max(waivers, default=None),)
        return self._waiver[0]


def _merge_evaluations(plans: tuple[IEP, ...]) -> list[tuple[Evaluation, IEP, int]]:
    """
    Each evaluation listed in *plans* once: its most complete record, where first listed.

    The record, the plan that first lists it and its index there, in that order.
    """
    first: dict[EvaluationKey, tuple[IEP, int]] = {}
    best: dict[EvaluationKey, Evaluation] = {}
    for plan in plans:
        for index, evaluation in enumerate(plan.evaluations):
            # `evaluation_key`, inlined: it runs for every evaluation of every plan.
            consent = evaluation.consent_date
            key = (
                (evaluation.kind, consent, None)
                if consent is not None
                else (evaluation.kind, None, evaluation.completed_date)
            )
            known = best.get(key)
            if known is None:
                first[key] = (plan, index)
                best[key] = evaluation
            elif (
                evaluation.completed_date == known.completed_date
                and evaluation.eligibility_date == known.eligibility_date
                and evaluation.exception == known.exception
                and evaluation.agreed_completion_date == known.agreed_completion_date
                and evaluation.early_by_agreement == known.early_by_agreement
            ):
                # Equal in every field `_completeness` reads, so not more complete: the
                # usual repeat of one record, decided without building both tuples.
                continue
            elif _completeness(evaluation) > _completeness(known):
                best[key] = evaluation
    return [(best[key], plan, index) for key, (plan, index) in first.items()]


# As for `Finding`: the slots' own setters instead of `object.__setattr__` (frozen).
_set_evaluation, _set_plan, _set_index = (
    TrackedEvaluation.__dict__[name].__set__ for name in ("evaluation", "plan", "index")
)


class PlanFacts:
    """
    What several rules read from one plan's meeting, derived once per plan.

    `Context.facts` gives them; they depend on the plan only.

    Attributes:
        plan: the plan.
        covered_roles: the roles held by a participant who is present or excused (an
            absent holder does not cover a role); empty without a
            meeting.
        invited_roles: the roles held by anyone listed (listing is the invitation).
        excused: the excused participants, with their indexes in the meeting's list.

    >>> from iepmodel.rules import PlanFacts
    >>> import iepmodel, datetime as dt
    >>> plan = iepmodel.IEP(
    ...     id="P1", kind=iepmodel.PlanKind.ANNUAL,
    ...     student=iepmodel.Student(id="S1", date_of_birth=dt.date(2015, 1, 22)),
    ...     start_date=dt.date(2025, 10, 1), end_date=dt.date(2026, 9, 30),
    ... )
    >>> PlanFacts(plan).covered_roles
    frozenset()
    """

    plan: IEP
    covered_roles: frozenset[Role]
    invited_roles: frozenset[Role]
    excused: tuple[tuple[int, Participant], ...]

    __slots__ = ("covered_roles", "excused", "invited_roles", "plan")

    def __init__(self, plan: IEP) -> None:
        self.plan = plan
        meeting = plan.meeting
        if meeting is None:
            self.invited_roles = self.covered_roles = _NO_ROLES
            self.excused = ()
            return
        # One pass, the roles gathered in lists (`+=` runs in C; a set would hash each
        # role as it goes); in the usual meeting everyone is present.
        invited: list[Role] = []
        covered: list[Role] = []
        excused: list[tuple[int, Participant]] | None = None
        index = -1
        for participant in meeting.participants:
            index += 1
            roles = participant.roles
            invited += roles
            attendance = participant.attendance
            if attendance is _PRESENT:
                covered += roles
            elif attendance is not _ABSENT:  # excused: covers the roles, as present does
                covered += roles
                if attendance is _EXCUSED:
                    if excused is None:
                        excused = [(index, participant)]
                    else:
                        excused.append((index, participant))
        self.invited_roles = frozenset(invited)
        self.covered_roles = (
            self.invited_roles if len(covered) == len(invited) else frozenset(covered)
        )
        self.excused = tuple(excused) if excused else ()


_NO_ROLES: Final[frozenset[Role]] = frozenset()


_MISSING: Final[Any] = object()
"""What a memo's `get` returns for a key it does not hold (its values may be `None`)."""


class PlanTimeline:
    """
    What the timeline rules read of one plan, derived once per plan under a context.

    `Context.timeline` gives it. Unlike `PlanFacts` it depends on the context: the
    profile's conventions and the student's history (`Context.history`). A due date
    beyond the years `datetime.date` can hold is `None` (see `guarded`).

    Attributes:
        plan: the plan.
        is_review: whether the plan's meeting resets the annual clock (`is_review`).
        review_due: for a review, the day the next annual review is due; else `None`.
        next_review: for a review, the student's first review meeting after it.
        reviewed_due: the annual review due date the plan runs under, counted from its
            own review meeting (final or not), else from the student's last review
            meeting on or before its own date; `None` without either.
        reevaluation_due: on the student's latest plan, the day the next reevaluation is
            due (from the last evaluation completed in any of the student's plans, or
            the later waiver; the shortest limit of the student's categories); else
            `None`.
        transition_date: the day the student reaches the profile's transition age.
        rights_transfer_date: the day the rights-transfer statement becomes required,
            one year before the profile's age of majority.
        initial_evaluations: the student's initial evaluations first listed in the plan
            (findings about them go there).
        reevaluations: the student's reevaluations first listed in the plan.

    >>> from iepmodel.rules import Context, PlanTimeline
    >>> import iepmodel, datetime as dt
    >>> plan = iepmodel.IEP(
    ...     id="P1", kind=iepmodel.PlanKind.ANNUAL,
    ...     student=iepmodel.Student(id="S1", date_of_birth=dt.date(2010, 1, 22)),
    ...     start_date=dt.date(2025, 10, 1), end_date=dt.date(2026, 9, 30),
    ... )
    >>> timeline = Context.for_plan(plan, as_of=dt.date(2025, 10, 2)).timeline(plan)
    >>> timeline.is_review, timeline.transition_date
    (False, datetime.date(2026, 1, 22))
    """

    plan: IEP
    is_review: bool
    review_due: dt.date | None
    next_review: IEP | None
    reviewed_due: dt.date | None
    reevaluation_due: dt.date | None
    transition_date: dt.date | None
    rights_transfer_date: dt.date | None
    initial_evaluations: tuple[TrackedEvaluation, ...]
    reevaluations: tuple[TrackedEvaluation, ...]
    date_of_birth: dt.date
    """The student's date of birth, which the two dates above are counted from."""

    __slots__ = (
        "date_of_birth",
        "initial_evaluations",
        "is_review",
        "next_review",
        "plan",
        "reevaluation_due",
        "reevaluations",
        "review_due",
        "reviewed_due",
        "rights_transfer_date",
        "transition_date",
    )

    def __init__(self, plan: IEP, context: Context, previous: PlanTimeline | None = None) -> None:
        """
        Derive the timeline of *plan* under *context*.

        *previous*, the timeline of another plan under the same context, lends its dates
        counted from the date of birth when the student's is the same.
        """
        self.plan = plan
        history = context.history
        profile = context.profile
        meeting = plan.meeting
        # The annual review (D201-D203). `is_review` and `plan.history_date`, inlined.
        day = meeting.date if meeting is not None else plan.start_date
        if meeting is not None and (
            plan.kind in _REVIEW_KINDS or _ANNUAL_REVIEW in meeting.purposes
        ):
            try:
                reviewed_due = _annual_review_date(day, profile=profile)
            except (OverflowError, ValueError):
                reviewed_due = None  # out of the years a date can hold, as in `guarded`
            review = plan.status is _FINAL
        else:
            last = history.last_review_on_or_before(day)
            reviewed_due = (
                context.date_of(annual_review_due, last.history_date) if last is not None else None
            )
            review = False
        self.reviewed_due = reviewed_due
        self.is_review = review
        if review:
            self.review_due = reviewed_due
            self.next_review = history.next_review_after(day)
        else:
            self.review_due = self.next_review = None
        # The reevaluation (D204, D205), reported once, on the student's latest plan.
        plans = history.plans
        self.reevaluation_due = (
            _reevaluation_due(plan, context) if plans and plans[-1] is plan else None
        )
        # The ages (T106, C311, C316): the same for every plan of the student.
        born = self.date_of_birth = plan.student.date_of_birth
        if previous is not None and previous.date_of_birth == born:
            self.transition_date = previous.transition_date
            self.rights_transfer_date = previous.rights_transfer_date
        else:
            try:
                self.transition_date = _transition_date(born, profile=profile)
            except (OverflowError, ValueError):
                self.transition_date = None  # out of the years a date can hold
            try:
                self.rights_transfer_date = _rights_transfer_date(born, profile=profile)
            except (OverflowError, ValueError):
                self.rights_transfer_date = None
        # The evaluations reported on this plan (D206, D207).
        listed = history.listed_first_in(plan)
        if listed:
            self.initial_evaluations = tuple(
                [tracked for tracked in listed if tracked.evaluation.kind is _INITIAL_EVALUATION]
            )
            self.reevaluations = tuple(
                [tracked for tracked in listed if tracked.evaluation.kind is _REEVALUATION]
            )
        else:
            self.initial_evaluations = self.reevaluations = ()


def _date_only(function: Callable[..., DueDate]) -> Callable[..., dt.date]:
    part = date_only(function)
    if part is None:  # pragma: no cover - a programming error
        msg = f"{function.__name__} has no date-only part"
        raise TypeError(msg)
    return part


# The date-only parts (`iepmodel.timelines.date_only`) of the due dates a plan's timeline
# counts in years, looked up once.
_annual_review_date: Final = _date_only(annual_review_due)
_reevaluation_date: Final = _date_only(reevaluation_due)
_transition_date: Final = _date_only(transition_required_date)
_rights_transfer_date: Final = _date_only(rights_transfer_notice_date)


def _reevaluation_due(plan: IEP, context: Context) -> dt.date | None:
    """The student's next reevaluation, for the student's latest *plan*."""
    history = context.history
    completed = history.completed_evaluation_dates
    if not completed:
        return None
    # With several categories the shortest limit applies (Pennsylvania: 2 years for an
    # intellectual disability, 22 Pa. Code 14.124(c)); the due date grows with the years.
    profile = context.profile
    category = (
        min(plan.student.disabilities or (None,), key=profile.reevaluation_years_for)
        if profile.reevaluation_years_by_category
        else None  # every category has the profile's reevaluation_years
    )
    try:
        return _reevaluation_date(
            completed[-1], waiver=history.last_waiver, category=category, profile=profile
        )
    except (OverflowError, ValueError):
        return None  # out of the years a date can hold, as in `guarded`


def new_context(
    profile: Profile,
    as_of: dt.date,
    calendar: SchoolCalendar | None,
    history: History,
    memo: dict[Hashable, Any],
) -> Context:
    """
    ``Context(profile=profile, as_of=as_of, ...)``, built faster, for `check`.

    `check` builds one context per student; as for `Finding`, the slots' own setters
    are used instead of `object.__setattr__`, every field set (a test holds them to it).
    """
    context: Context = _new_object(Context)
    _set_profile(context, profile)
    _set_as_of(context, as_of)
    _set_calendar(context, calendar)
    _set_history(context, history)
    _set_memo(context, memo)
    _set_last_facts(context, None)
    _set_last_timeline(context, None)
    return context


def _new_memo() -> dict[Hashable, Any]:
    return {}


@attrs.frozen(kw_only=True)
class Context:
    """
    What a rule may read besides the plan.

    Besides the attributes, what several rules read of a plan: `facts` (its meeting) and
    `timeline` (its due dates), each derived once per plan; due dates by profile and day
    (`date_of`, `timing`, `due`, `due_date`).

    Attributes:
        profile: the jurisdiction profile the plan is checked against.
        as_of: the day the check looks from.
        calendar: the school calendar, for timelines counted in school days.
        history: every plan of the plan's student that the check was given (the plan
            included), in history order.
    """

    profile: Profile
    as_of: dt.date
    calendar: SchoolCalendar | None = None
    history: History = attrs.field(factory=lambda: History(()))
    memo: dict[Hashable, Any] = attrs.field(factory=_new_memo, repr=False, eq=False)
    """Due dates, citations and the rules' severities computed under this profile, shared
    by the contexts of one `check` call (everything in it depends only on its key and the
    profile)."""
    last_facts: PlanFacts | None = attrs.field(default=None, init=False, repr=False, eq=False)
    """The `PlanFacts` the rules last asked for (`facts`): a one-entry cache, since `check`
    runs every rule on one plan before the next. A rule may read them here when they are
    of its plan (``last_facts.plan is plan``): cheaper than calling `facts`."""
    last_timeline: PlanTimeline | None = attrs.field(
        default=None, init=False, repr=False, eq=False
    )
    """The `PlanTimeline` the rules last asked for (`timeline`), as `last_facts`."""

    @classmethod
    def for_plan(
        cls,
        plan: IEP,
        *,
        as_of: dt.date,
        jurisdiction: str | Profile | None = None,
        calendar: SchoolCalendar | None = None,
        history: Iterable[IEP] = (),
    ) -> Context:
        """
        A context to call one rule directly on *plan*.

        *jurisdiction* defaults to the plan's own (else ``US``); *history* is the
        student's other plans (the plan itself is added).
        """
        from ._check import resolve_profile

        profile = resolve_profile(jurisdiction if jurisdiction is not None else plan.jurisdiction)
        others = [p for p in history if p is not plan and p.student.id == plan.student.id]
        return cls(
            profile=profile,
            as_of=as_of,
            calendar=calendar,
            history=History([plan, *others]),
        )

    def facts(self, plan: IEP) -> PlanFacts:
        """The `PlanFacts` of *plan*, derived once while the rules run on it."""
        facts = self.last_facts
        if facts is None or facts.plan is not plan:
            facts = PlanFacts(plan)
            _set_last_facts(self, facts)  # the field is frozen to everyone else
        return facts

    def timeline(self, plan: IEP) -> PlanTimeline:
        """The `PlanTimeline` of *plan* under this context, derived once per plan."""
        timeline = self.last_timeline
        if timeline is None or timeline.plan is not plan:
            timeline = PlanTimeline(plan, self, timeline)
            _set_last_timeline(self, timeline)
        return timeline

    def citation_for(self, entry: Rule) -> str:
        """The citation of *entry*'s findings under this context's profile (memoised)."""
        key = ("citation", entry.code)
        cached: str | None = self.memo.get(key)
        if cached is None:
            cached = self.memo[key] = _citation(entry, self.profile)
        return cached

    def due(
        self,
        function: Callable[..., DueDate],
        day: dt.date,
        *,
        with_calendar: bool = False,
        **options: Hashable,
    ) -> DueDate | None:
        """
        ``function(day, profile=profile, **options)`` from `iepmodel.timelines`, memoised.

        With *with_calendar*, the context's calendar is passed too. `None` when the date
        falls outside the years `datetime.date` can hold (see `guarded`).
        """
        key = (
            (function, day, with_calendar, *options.items())
            if options
            else (function, day, with_calendar)
        )
        memo = self.memo
        # `get` with a marker, not `try`/`except KeyError`: every due date is missed once,
        # and raising the error costs several times the lookup.
        found: DueDate | None = memo.get(key, _MISSING)
        if found is _MISSING:
            if with_calendar:
                options["calendar"] = self.calendar
            found = memo[key] = guarded(function, day, profile=self.profile, **options)
        return found

    def due_date(
        self, function: Callable[..., DueDate], day: dt.date, **options: Hashable
    ) -> dt.date | None:
        """
        The date of ``self.due(function, day, **options)``, memoised.

        For the due dates counted in years, computed without the `DueDate`'s basis
        (see `iepmodel.timelines.date_only`), which the rules do not read.
        """
        if not options:
            return self.date_of(function, day)
        key = ("date", function, day, *options.items())
        memo = self.memo
        found: dt.date | None = memo.get(key, _MISSING)
        if found is _MISSING:
            found = memo[key] = self._compute_date(function, day, options)
        return found

    def date_of(self, function: Callable[..., DueDate], day: dt.date) -> dt.date | None:
        """
        ``self.due_date(function, day)``: the same date, by the shortest path.

        The rules ask for a few dates of every plan; without keyword options the dates
        of one *function* are kept in a table of their own, keyed by the day alone.
        """
        table: dict[dt.date, dt.date | None] | None = self.memo.get(function)
        if table is None:
            table = self.memo[function] = {}
        found: dt.date | None = table.get(day, _MISSING)
        if found is _MISSING:
            found = table[day] = self._compute_date(function, day, {})
        return found

    def timing(
        self, function: Callable[..., DueDate], day: dt.date
    ) -> tuple[dt.date, bool] | None:
        """
        The date and the estimate of ``self.due(function, day, with_calendar=True)``.

        For the due dates counted in days (those `iepmodel.timelines.timing_only` has a
        part for), computed without the `DueDate`'s basis, which the rules do not read,
        and kept in a table of their own, keyed by the day. `None` out of range.

        Raises:
            ValueError: *function* is not one of them.
        """
        part = timing_only(function)
        if part is None:
            msg = f"{getattr(function, '__name__', function)!s} is not counted in days"
            raise ValueError(msg)
        table: dict[dt.date, tuple[dt.date, bool] | None] | None = self.memo.get(part)
        if table is None:
            table = self.memo[part] = {}
        found: tuple[dt.date, bool] | None = table.get(day, _MISSING)
        if found is _MISSING:
            try:
                found = part(day, profile=self.profile, calendar=self.calendar)
            except (OverflowError, ValueError):
                found = None  # out of the years a date can hold, as in `guarded`
            table[day] = found
        return found

    def _compute_date(
        self, function: Callable[..., DueDate], day: dt.date, options: dict[str, Hashable]
    ) -> dt.date | None:
        part = date_only(function)
        if part is None:
            due = guarded(function, day, profile=self.profile, **options)
            return due.date if due is not None else None
        try:
            return part(day, profile=self.profile, **options)
        except (OverflowError, ValueError):
            return None  # out of the years a date can hold, as in `guarded`


# The setters of the fields of `Context` (in the order of `attrs.fields(Context)`).
(
    _set_profile,
    _set_as_of,
    _set_calendar,
    _set_history,
    _set_memo,
    _set_last_facts,
    _set_last_timeline,
) = _slot_setters(
    Context, "profile", "as_of", "calendar", "history", "memo", "last_facts", "last_timeline"
)
