"""
The parts every rule shares: `Severity`, `Finding`, `Rule`, `Context` and `History`.

A rule is a pure function ``(plan, context) -> Sequence[Finding]``; the `rule` decorator
registers it in the catalog with its code, severity and citation. `Context` carries what
the rule may read besides the plan: the jurisdiction profile, the "as of" day, the school
calendar and the student's history (every plan of the same student that the caller gave).

`check` runs every rule on every plan, so what several rules read is derived once: a
student's history (`History`) once per student, what a plan's meeting shows (`PlanFacts`,
from `Context.facts`) once per plan, due dates once per profile and day
(`Context.due_date`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Final, ParamSpec, TypeAlias, TypeVar

import attrs

from iepmodel._enums import Attendance, EvaluationKind, MeetingPurpose, PlanKind, PlanStatus, Role
from iepmodel._evaluation import Evaluation
from iepmodel._plan import IEP
from iepmodel._team import Participant
from iepmodel.jurisdictions import DayCounting
from iepmodel.timelines import date_only

if TYPE_CHECKING:
    from iepmodel._calendar import SchoolCalendar
    from iepmodel.jurisdictions import Profile
    from iepmodel.timelines import DueDate


__all__ = [
    "Context",
    "Finding",
    "History",
    "PlanFacts",
    "Rule",
    "RuleDecorator",
    "RuleFunction",
    "Severity",
    "TrackedEvaluation",
    "emit",
    "evaluation_key",
    "guarded",
    "is_review",
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
_ABSENT: Final = Attendance.ABSENT
_EXCUSED: Final = Attendance.EXCUSED


class Severity(StrEnum):
    """
    How serious a finding is (rules.md).

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
        The finding as plain JSON values (the ``--format json`` shape of rules.md).

        ``due`` is an ISO date string or `None`.
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
    entry = _REGISTRY[code]
    severity = entry.severity
    if entry.drafts_as_warnings and plan.status is _DRAFT:
        severity = Severity.WARNING
    if estimate:
        note = _estimate_note(counting, calendar_given=context.calendar is not None)
        message = message.removesuffix(".") + note + "."
    return Finding(
        code=code,
        severity=severity,
        message=message,
        citation=context.citation_for(entry),
        path=path,
        due=due,
        plan_id=plan.id,
    )


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


def _plan_key(plan: IEP) -> _PlanKey:
    return (plan.history_date, plan.start_date, plan.end_date, plan.id)


def _by_key(keyed: tuple[_PlanKey, int, IEP]) -> _PlanKey:
    return keyed[0]


def order_plans(plans: Iterable[IEP]) -> tuple[IEP, ...]:
    """
    *plans* in history order: meeting date (else start date), start, end, id.

    Plans equal on all four are ordered by their canonical JSON, so the order never
    depends on the order they were given in.
    """
    # (key, position, plan): compared as tuples in C, the position breaks ties in the
    # order given (as a stable sort does), so the plans themselves are never compared.
    keyed = [(_plan_key(plan), position, plan) for position, plan in enumerate(plans)]
    if len(keyed) < 2:
        return tuple([plan for _, _, plan in keyed])
    keyed.sort()
    keys = [key for key, _, _ in keyed]
    if len(set(keys)) == len(keys):
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
        "_listed_first",
        "_review_dates",
        "_reviews",
        "_waiver",
        "plans",
    )

    def __init__(self, plans: Iterable[IEP]) -> None:
        self._start(order_plans(plans))

    def _start(self, plans: tuple[IEP, ...]) -> None:
        self.plans: tuple[IEP, ...] = plans
        self._reviews: tuple[IEP, ...] | None = None
        self._review_dates: list[dt.date] = []
        self._evaluations: tuple[TrackedEvaluation, ...] | None = None
        self._completed: list[dt.date] = []
        # id(plan) -> the evaluations first listed in it; the tracked evaluations hold
        # their plans, so an id cannot be reused while this index lives.
        self._listed_first: dict[int, tuple[TrackedEvaluation, ...]] = {}
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
            self._reviews = tuple([plan for plan in self.plans if is_review(plan)])
            self._review_dates = [plan.history_date for plan in self._reviews]
        return self._reviews

    def next_review_after(self, day: dt.date) -> IEP | None:
        """The first review meeting strictly after *day*."""
        reviews = self._reviews if self._reviews is not None else self.reviews
        index = bisect.bisect_right(self._review_dates, day)
        return reviews[index] if index < len(reviews) else None

    def last_review_on_or_before(self, day: dt.date) -> IEP | None:
        """The last review meeting on or before *day*."""
        reviews = self._reviews if self._reviews is not None else self.reviews
        index = bisect.bisect_right(self._review_dates, day)
        return reviews[index - 1] if index > 0 else None

    @property
    def evaluations(self) -> tuple[TrackedEvaluation, ...]:
        """Each evaluation of the student once, merged over the plans that list it."""
        if self._evaluations is None:
            merged = self._evaluations = _merge_evaluations(self.plans)
            completed: list[dt.date] = []
            listed = self._listed_first
            for tracked in merged:
                day = tracked.evaluation.completed_date
                if day is not None:
                    completed.append(day)
                key = id(tracked.plan)
                listed[key] = (*listed.get(key, ()), tracked)
            completed.sort()
            self._completed = completed
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


def _merge_evaluations(plans: tuple[IEP, ...]) -> tuple[TrackedEvaluation, ...]:
    """Each evaluation listed in *plans* once, its most complete record, where first listed."""
    first: dict[EvaluationKey, tuple[IEP, int]] = {}
    best: dict[EvaluationKey, Evaluation] = {}
    for plan in plans:
        for index, evaluation in enumerate(plan.evaluations):
            key = evaluation_key(evaluation)
            known = best.get(key)
            if known is None:
                first[key] = (plan, index)
                best[key] = evaluation
            elif evaluation != known and _completeness(evaluation) > _completeness(known):
                # (An equal record, the usual repeat, is never more complete.)
                best[key] = evaluation
    return tuple(
        [
            TrackedEvaluation(evaluation=best[key], plan=plan, index=index)
            for key, (plan, index) in first.items()
        ]
    )


class PlanFacts:
    """
    What several rules read from one plan's meeting, derived once per plan.

    `Context.facts` gives them; they depend on the plan only.

    Attributes:
        plan: the plan.
        covered_roles: the roles held by a participant who is present or excused (an
            absent holder does not cover a role, rules.md "Team"); empty without a
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

    __slots__ = ("covered_roles", "excused", "invited_roles", "plan")

    def __init__(self, plan: IEP) -> None:
        self.plan = plan
        participants = plan.meeting.participants if plan.meeting is not None else ()
        # One pass, the roles gathered in lists (`+=` runs in C; a set would hash each
        # role as it goes); in the usual meeting no one is absent or excused.
        invited: list[Role] = []
        covered: list[Role] = []
        excused: list[tuple[int, Participant]] = []
        for index, participant in enumerate(participants):
            roles = participant.roles
            invited += roles
            attendance = participant.attendance
            if attendance is not _ABSENT:  # present or excused: covers the roles
                covered += roles
                if attendance is _EXCUSED:
                    excused.append((index, participant))
        self.invited_roles: frozenset[Role] = frozenset(invited)
        self.covered_roles: frozenset[Role] = (
            self.invited_roles if len(covered) == len(invited) else frozenset(covered)
        )
        self.excused: tuple[tuple[int, Participant], ...] = tuple(excused)


def _new_memo() -> dict[Hashable, Any]:
    return {}


def _new_facts_slot() -> list[PlanFacts]:
    return []


@attrs.frozen(kw_only=True)
class Context:
    """
    What a rule may read besides the plan.

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
    """Due dates and citations computed under this profile, shared by the contexts of one
    `check` call (everything in it depends only on its key and the profile)."""
    _facts: list[PlanFacts] = attrs.field(
        factory=_new_facts_slot, init=False, repr=False, eq=False
    )
    """The facts of the plan the rules last asked about (a one-entry cache: `check` runs
    every rule on one plan before the next)."""

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
        slot = self._facts
        if slot:
            facts = slot[0]
            if facts.plan is plan:
                return facts
            facts = slot[0] = PlanFacts(plan)
            return facts
        facts = PlanFacts(plan)
        slot.append(facts)
        return facts

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
        try:
            found: DueDate | None = self.memo[key]
        except KeyError:
            if with_calendar:
                options["calendar"] = self.calendar
            found = self.memo[key] = guarded(function, day, profile=self.profile, **options)
        return found

    def due_date(
        self, function: Callable[..., DueDate], day: dt.date, **options: Hashable
    ) -> dt.date | None:
        """
        The date of ``self.due(function, day, **options)``, memoised.

        For the due dates counted in years, computed without the `DueDate`'s basis
        (see `iepmodel.timelines.date_only`), which the rules do not read.
        """
        key = ("date", function, day, *options.items()) if options else ("date", function, day)
        try:
            found: dt.date | None = self.memo[key]
        except KeyError:
            part = date_only(function)
            if part is None:
                due = guarded(function, day, profile=self.profile, **options)
                found = due.date if due is not None else None
            else:
                try:
                    found = part(day, profile=self.profile, **options)
                except (OverflowError, ValueError):
                    found = None  # out of the years a date can hold, as in `guarded`
            self.memo[key] = found
        return found
