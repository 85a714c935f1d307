"""
Checking a stream of documents with `iepmodel.check`, in memory that stays flat.

Each plan is checked by itself, as it is read, with every rule that reads one plan (the
team and content rules), and then dropped. The timeline rules read a student's whole
history (annual reviews, reevaluations), so for each plan the checker keeps a *slim*
copy: the plan without its content, team list and free text, which those rules never
read. At the end, the timeline rules run once over the slim copies, grouped by student.
Memory therefore grows with the history kept per student, not with the plans' content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from iepmodel._calendar import SchoolCalendar
from iepmodel._plan import IEP
from iepmodel.jurisdictions import Profile, available_jurisdictions
from iepmodel.rules import Finding, Severity, catalog, check, resolve_profile, select_rules

from ._inputs import Document, Invalid, Loaded

__all__ = [
    "HISTORY_FAMILY",
    "CheckError",
    "Checker",
    "Report",
    "resolve_codes",
    "slim",
]

HISTORY_FAMILY = "timelines"
"""The family of rules that read a student's other plans."""


class CheckError(Exception):
    """A rule failed on a valid plan: a bug to report, never a finding."""


def resolve_codes(select: Iterable[str] | None, ignore: Iterable[str] | None) -> frozenset[str]:
    """
    The codes of the rules to run: *select* (all when `None`) minus *ignore*.

    Each entry is a code (``T102``) or the start of codes (``T1``, ``D``), as for
    `iepmodel.rules.select_rules`.

    Raises:
        ValueError: an entry matches no rule; the message names the option and the entry.
    """
    try:
        return frozenset(entry.code for entry in select_rules(select, ignore))
    except ValueError as error:
        msg = f"--{error}; `iepmodel rules` lists the codes"
        raise ValueError(msg) from None


def _selectors(codes: set[str] | frozenset[str]) -> list[str]:
    """
    *codes* as few selectors as `iepmodel.check` needs: a letter for a whole family.

    ``{"T101", ..., "T112", "C301"}`` becomes ``["T", "C301"]``; checking each plan on
    its own repeats the selection, so fewer selectors are cheaper.
    """
    families: dict[str, list[str]] = {}
    for entry in catalog():
        families.setdefault(entry.code[:1], []).append(entry.code)
    selectors: list[str] = []
    for letter, members in families.items():
        if all(code in codes for code in members):
            selectors.append(letter)
        else:
            selectors.extend(code for code in members if code in codes)
    return selectors


def slim(plan: IEP) -> IEP:
    """
    The parts of *plan* that the history (timeline) rules read.

    Its dates, kind, status, meeting date, purposes and notice, evaluations and
    agreements stay; content, participants, contact attempts and the student's name go.
    """
    meeting = plan.meeting
    if meeting is not None and (meeting.participants or meeting.parent_contact_attempts):
        meeting = attrs.evolve(meeting, participants=(), parent_contact_attempts=())
    student = plan.student
    if student.name is not None:
        student = attrs.evolve(student, name=None)
    return attrs.evolve(
        plan,
        student=student,
        meeting=meeting,
        present_levels=(),
        goals=(),
        progress_reporting=None,
        accommodations=(),
        modifications=(),
        services=(),
        placement=None,
        assessment=None,
        transition=None,
    )


@attrs.define(kw_only=True)
class Report:
    """
    What a check of many documents found.

    Attributes:
        as_of: the day the check looked from.
        plans: how many plans were checked.
        students: how many students they belong to.
        invalid: each document that is not a valid plan (or names an unknown
            jurisdiction), in input order.
        findings: every finding, sorted by plan, code, path and due date.
        student_of: the student id of each plan that has a finding.
    """

    as_of: dt.date
    plans: int = 0
    students: int = 0
    invalid: list[Invalid] = attrs.field(factory=list[Invalid])
    findings: list[Finding] = attrs.field(factory=list[Finding])
    student_of: dict[str, str] = attrs.field(factory=dict[str, str])

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for finding in self.findings if finding.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return len(self.findings) - self.errors

    @property
    def exit_status(self) -> int:
        """1 when there is an error finding or an invalid document, else 0 (rules.md)."""
        return 1 if self.invalid or self.errors else 0

    def to_dict(self) -> dict[str, Any]:
        """The ``--format json`` object of the command line contract (rules.md)."""
        return {
            "plans": self.plans,
            "invalid": [record.to_dict() for record in self.invalid],
            "findings": [finding.to_dict() for finding in self.findings],
        }


class Checker:
    """
    Checks documents one at a time (`add`), then the students' histories (`finish`).

    Args:
        as_of: the day the check looks from.
        profile: the jurisdiction for every plan (``--jurisdiction``); `None` for each
            plan's own.
        calendar: the school calendar for timelines counted in school days.
        codes: the rule codes to run (see `resolve_codes`).
    """

    def __init__(
        self,
        *,
        as_of: dt.date,
        profile: Profile | None,
        calendar: SchoolCalendar | None,
        codes: frozenset[str],
    ) -> None:
        history = {rule.code for rule in catalog() if rule.family == HISTORY_FAMILY}
        self._plan_codes = _selectors(codes - history)
        self._history_codes = _selectors(codes & history)
        self._as_of = as_of
        self._profile = profile
        self._calendar = calendar
        self._known: dict[str, bool] = {}
        self._students: dict[str, list[IEP]] = {}
        self.report = Report(as_of=as_of)

    def add(self, document: Document) -> None:
        """Check one document: report it if invalid, else run the one-plan rules on it."""
        if isinstance(document, Invalid):
            self.report.invalid.append(document)
            return
        plan = document.plan
        if self._profile is None and not self._known_jurisdiction(plan.jurisdiction):
            known = ", ".join(available_jurisdictions())
            error = (
                f"jurisdiction: unknown jurisdiction {plan.jurisdiction!r} (known: {known}); "
                "give a known code, or check with --jurisdiction"
            )
            self.report.invalid.append(
                Invalid(file=document.file, line=document.line, error=error)
            )
            return
        self.report.plans += 1
        student = plan.student.id
        if self._plan_codes:
            findings = self._run([plan], self._plan_codes, document)
            if findings:
                self.report.findings.extend(findings)
                self.report.student_of[plan.id] = student
        history = self._students.setdefault(student, [])
        if self._history_codes:
            history.append(slim(plan))

    def finish(self) -> Report:
        """Run the history rules over each student's plans; return the sorted report."""
        report = self.report
        report.students = len(self._students)
        if self._history_codes and self._students:
            plans = [plan for history in self._students.values() for plan in history]
            findings = self._run(plans, self._history_codes, None)
            report.findings.extend(findings)
            flagged = {finding.plan_id for finding in findings}
            for plan in plans:
                if plan.id in flagged:
                    report.student_of.setdefault(plan.id, plan.student.id)
        report.findings.sort(key=lambda finding: finding.sort_key)
        self._students = {}
        return report

    def _known_jurisdiction(self, code: str | None) -> bool:
        if code is None:
            return True
        known = self._known.get(code)
        if known is None:
            try:
                resolve_profile(code)
            except LookupError:
                known = False
            else:
                known = True
            self._known[code] = known
        return known

    def _run(self, plans: list[IEP], codes: list[str], document: Loaded | None) -> list[Finding]:
        try:
            return check(
                plans,
                as_of=self._as_of,
                jurisdiction=self._profile,
                calendar=self._calendar,
                select=codes,
            )
        except Exception as error:
            where = (
                f"plan {document.plan.id!r} ({document.file}:{document.line})"
                if document is not None
                else "the students' histories"
            )
            msg = f"a rule failed on {where} with {type(error).__name__}"
            raise CheckError(msg) from error
