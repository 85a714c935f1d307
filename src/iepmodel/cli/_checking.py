"""
Checking a stream of documents with `iepmodel.check`, in memory that stays flat.

- The one-plan rules (team, content) run on each plan soon after it is read, a few plans
  at a time (a batch of plans of different students gives what checking each alone
  gives, for a fraction of the cost), and the plan is dropped.
- The timeline rules read a student's whole history (annual reviews, reevaluations), so
  for each plan the checker keeps a *slim* copy: the plan without its content, team list
  and free text, which those rules never read, keyed by student id and input position.
- The slim copies, the findings, the invalid documents and the student of each plan
  with a finding are each kept in a `SortedRecords`: in memory up to *buffer_size*
  records, then sorted and spilled to private temporary files (see `_spill`).
- `Checker.results` merges the slim copies back by student, runs the timeline rules on
  a few students at a time, and returns `Results`, whose findings come out merged in the
  order of the contract (plan, then code, path and due date).

Memory therefore depends on *buffer_size* and on the longest history of one student, not
on the number of plans. The spilled records are personal data (the slim copies keep each
student's date of birth): they are private to the user, unnamed where the system allows,
and removed when the checker is closed, whatever happens (see `_spill`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import operator
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any, Self

import attrs

from iepmodel._calendar import SchoolCalendar
from iepmodel._plan import IEP
from iepmodel._student import Student
from iepmodel._team import Meeting
from iepmodel.jurisdictions import Profile, available_jurisdictions
from iepmodel.rules import Finding, Severity, catalog, check, resolve_profile, select_rules
from iepmodel.serialization import from_json, to_json_bytes

from ._inputs import Document, Invalid, Loaded
from ._spill import SortedRecords, SpillDirectory

__all__ = [
    "DEFAULT_BUFFER_SIZE",
    "HISTORY_FAMILY",
    "CheckError",
    "Checker",
    "Report",
    "Results",
    "fewer_collections",
    "resolve_codes",
    "slim",
]

HISTORY_FAMILY = "timelines"
"""The family of rules that read a student's other plans."""

DEFAULT_BUFFER_SIZE = 4096
"""Records of each kind (slim plans, findings, ...) kept in memory before spilling."""

_PLAN_BATCH = 32
"""Plans checked together by the one-plan rules: full plans, held until checked."""
_HISTORY_BATCH = 512
"""Slim plans (of whole students) checked together by the timeline rules."""
_KNOWN_LIMIT = 1024
"""Jurisdiction codes whose lookup is remembered (bounded: codes come from the input)."""
_YOUNG_OBJECTS = 10_000
"""The collector's first threshold while checking (`fewer_collections`); Python's is 700."""

# The records kept in `SortedRecords`; each sorts by its leading fields, unique per record
# (but for findings, whose equal records are equal findings).
_PlanRecord = tuple[str, int, IEP | None]
"""(student id, input position, slim plan; `None` when no timeline rule runs)."""
_FindingRecord = tuple[str, str, str, dt.date, str, str, str, bool]
"""`Finding.sort_key`, then whether ``due`` is `None` (the key holds `datetime.date.min`)."""
_ClaimRecord = tuple[str, tuple[int, ...], str]
"""(plan id, priority, student id): the student a plan id is shown with (`Results`)."""
_InvalidRecord = tuple[int, str, int, str, int | None]
"""(document position, file, line, error, array index)."""

_Batch = tuple[list[tuple[int, Loaded]], set[str], set[str]]
"""Plans held for the one-plan rules: (input position, document), their students, ids."""

_SEVERITIES = {severity.value: severity for severity in Severity}
_FIRST = operator.itemgetter(0)


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

    ``{"T101", ..., "T112", "C301"}`` becomes ``["T", "C301"]``; each call of `check`
    repeats the selection, so fewer selectors are cheaper.
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


@contextlib.contextmanager
def fewer_collections(threshold: int = _YOUNG_OBJECTS) -> Generator[None]:
    """
    Run the cyclic garbage collector less often inside the block; restore it after.

    A check allocates some fifty objects a plan and holds a batch of plans for the
    one-plan rules, so with Python's threshold (700 new objects) the collector runs every
    dozen plans, and each run scans the batch and every plan kept in the buffers: about
    a sixth of the check's time. Plans hold no reference cycles (reference counting frees
    them as soon as they are dropped), so running it less often costs next to no memory.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(max(threshold, thresholds[0]), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


# --- the slim copy ------------------------------------------------------------------------


def _copier(cls: type[Any], *, emptied: dict[str, Any], given: tuple[str, ...] = ()) -> Any:
    """
    A fast copy of an attrs object of *cls*: ``copy(instance, *given)``.

    The copy keeps each field of the instance, but the *emptied* ones, set to the value
    given (an empty tuple, `None`), and the *given* ones, passed as arguments. It is built
    without ``__init__``, field by field, by code made once for *cls* (as attrs makes its
    ``__init__``): emptying optional parts keeps every invariant of the model, so the copy
    equals what `attrs.evolve` builds, for a fraction of the cost (``__init__`` would check
    every field again). Fields added to the model later are copied too.
    """
    lines = [f"def copy(source, {''.join(name + ', ' for name in given)}/):"]
    lines.append("    new = new_object(cls)")
    for field in attrs.fields(cls):
        name = field.name
        if name in given:
            value = name
        elif name in emptied:
            value = f"emptied[{name!r}]"
        else:
            value = f"source.{name}"
        lines.append(f"    set_field(new, {name!r}, {value})")
    lines.append("    return new")
    namespace: dict[str, Any] = {
        "new_object": object.__new__,
        "set_field": object.__setattr__,
        "cls": cls,
        "emptied": dict(emptied),
    }
    source = "\n".join(lines)
    exec(compile(source, f"<iepmodel slim copy of {cls.__name__}>", "exec"), namespace)  # noqa: S102
    return namespace["copy"]


_slim_plan: Callable[[IEP, Student, Meeting | None], IEP] = _copier(
    IEP,
    emptied={
        "present_levels": (),
        "goals": (),
        "progress_reporting": None,
        "accommodations": (),
        "modifications": (),
        "services": (),
        "placement": None,
        "assessment": None,
        "transition": None,
    },
    given=("student", "meeting"),
)
_slim_meeting: Callable[[Meeting], Meeting] = _copier(
    Meeting, emptied={"participants": (), "parent_contact_attempts": ()}
)
_slim_student: Callable[[Student], Student] = _copier(Student, emptied={"name": None})


def slim(plan: IEP) -> IEP:
    """
    The parts of *plan* that the history (timeline) rules read.

    Its dates, kind, status, meeting date, purposes and notice, evaluations and
    agreements stay; content, participants, contact attempts and the student's name go.
    """
    meeting = plan.meeting
    if meeting is not None and (meeting.participants or meeting.parent_contact_attempts):
        meeting = _slim_meeting(meeting)
    student = plan.student
    if student.name is not None:
        student = _slim_student(student)
    return _slim_plan(plan, student, meeting)


def _encode_plan(record: _PlanRecord) -> tuple[str, int, bytes | None]:
    student, position, plan = record
    return student, position, to_json_bytes(plan) if plan is not None else None


def _decode_plan(record: tuple[str, int, bytes | None]) -> _PlanRecord:
    student, position, data = record
    return student, position, from_json(data, IEP) if data is not None else None


def _finding_record(finding: Finding) -> _FindingRecord:
    due = finding.due
    return (
        finding.plan_id,
        finding.code,
        finding.path,
        due if due is not None else dt.date.min,
        finding.severity.value,
        finding.message,
        finding.citation,
        due is None,
    )


def _finding(record: _FindingRecord) -> Finding:
    plan_id, code, path, due, severity, message, citation, no_due = record
    return Finding(
        code=code,
        severity=_SEVERITIES[severity],
        message=message,
        citation=citation,
        path=path,
        due=None if no_due else due,
        plan_id=plan_id,
    )


# --- what a check found -------------------------------------------------------------------


class Results:
    """
    What a check of many documents found, read back in order without holding it all.

    Made by `Checker.results`; readable until the checker is closed, one pass at a time.

    Attributes:
        as_of: the day the check looked from.
        plans: how many plans were checked.
        students: how many students they belong to.
        errors: how many findings are errors.
        warnings: how many findings are warnings.
        invalid_count: how many documents are invalid (or name an unknown jurisdiction).
    """

    def __init__(
        self,
        *,
        as_of: dt.date,
        plans: int,
        students: int,
        errors: int,
        warnings: int,
        findings: SortedRecords[_FindingRecord],
        claims: SortedRecords[_ClaimRecord],
        invalid: SortedRecords[_InvalidRecord],
    ) -> None:
        self.as_of = as_of
        self.plans = plans
        self.students = students
        self.errors = errors
        self.warnings = warnings
        self.invalid_count = len(invalid)
        self._findings = findings
        self._claims = claims
        self._invalid = invalid

    @property
    def has_findings(self) -> bool:
        """Whether there is any finding."""
        return bool(self.errors or self.warnings)

    @property
    def exit_status(self) -> int:
        """1 when there is an error finding or an invalid document, else 0."""
        return 1 if self.invalid_count or self.errors else 0

    def invalid(self) -> Iterator[Invalid]:
        """Each document that is not a valid plan, in input order."""
        for _, file, line, error, index in self._invalid:
            yield Invalid(file=file, line=line, error=error, index=index)

    def findings_by_plan(self) -> Iterator[tuple[str, str | None, list[Finding]]]:
        """
        ``(plan id, student id, findings)`` for each plan id with findings, in order.

        The findings are sorted by `Finding.sort_key`. The student is that of the last
        plan (in input order) with the id whose own content or team had a finding; else,
        for a timeline finding, that of the first plan with the id among the students in
        the order they first appear. (With unique plan ids: the plan's own student.)
        """
        claims = iter(self._claims)
        claim = next(claims, None)
        for plan_id, records in itertools.groupby(self._findings, key=_FIRST):
            while claim is not None and claim[0] < plan_id:
                claim = next(claims, None)
            student = claim[2] if claim is not None and claim[0] == plan_id else None
            yield plan_id, student, [_finding(record) for record in records]

    def report(self) -> Report:
        """Every result in memory: for small inputs (the demo), never for a district."""
        report = Report(
            as_of=self.as_of,
            plans=self.plans,
            students=self.students,
            invalid=list(self.invalid()),
        )
        for plan_id, student, findings in self.findings_by_plan():
            report.findings.extend(findings)
            if student is not None:
                report.student_of[plan_id] = student
        return report


@attrs.define(kw_only=True)
class Report:
    """
    What a check of many documents found, all in memory (see `Results` for a stream).

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
        """1 when there is an error finding or an invalid document, else 0."""
        return 1 if self.invalid or self.errors else 0

    def to_dict(self) -> dict[str, Any]:
        """The ``--format json`` object of the command line contract."""
        return {
            "plans": self.plans,
            "invalid": [record.to_dict() for record in self.invalid],
            "findings": [finding.to_dict() for finding in self.findings],
        }


# --- the checker --------------------------------------------------------------------------


class Checker:
    """
    Checks documents one at a time (`add`), then the students' histories (`results`).

    Use it as a context manager (or call `close`): records spilled to temporary files
    are removed when it closes.

    Args:
        as_of: the day the check looks from.
        profile: the jurisdiction for every plan (``--jurisdiction``); `None` for each
            plan's own.
        calendar: the school calendar for timelines counted in school days.
        codes: the rule codes to run (see `resolve_codes`).
        buffer_size: how many records of each kind (slim plans, findings, invalid
            documents) are kept in memory before they are spilled to disk.
    """

    def __init__(
        self,
        *,
        as_of: dt.date,
        profile: Profile | None,
        calendar: SchoolCalendar | None,
        codes: frozenset[str],
        buffer_size: int = DEFAULT_BUFFER_SIZE,
    ) -> None:
        history = {rule.code for rule in catalog() if rule.family == HISTORY_FAMILY}
        self._plan_codes = _selectors(codes - history)
        self._history_codes = _selectors(codes & history)
        self._as_of = as_of
        self._profile = profile
        self._calendar = calendar
        self._known: dict[str, bool] = {}
        self._spill = SpillDirectory()
        self._slim: SortedRecords[_PlanRecord] = SortedRecords(
            self._spill, capacity=buffer_size, encode=_encode_plan, decode=_decode_plan
        )
        self._findings: SortedRecords[_FindingRecord] = SortedRecords(
            self._spill, capacity=buffer_size
        )
        self._claims: SortedRecords[_ClaimRecord] = SortedRecords(
            self._spill, capacity=buffer_size
        )
        self._invalid: SortedRecords[_InvalidRecord] = SortedRecords(
            self._spill, capacity=buffer_size
        )
        self._held: list[_Batch] = []
        self._held_count = 0
        self._documents = 0
        self._plans = 0
        self._errors = 0
        self._warnings = 0
        self._results: Results | None = None

    @property
    def plans(self) -> int:
        """How many plans were added so far."""
        return self._plans

    @property
    def spilled(self) -> bool:
        """Whether records were spilled to temporary files."""
        return self._spill.used

    def add(self, document: Document) -> None:
        """Check one document: report it if invalid, else run the one-plan rules on it."""
        position = self._documents
        self._documents += 1
        if isinstance(document, Invalid):
            self._add_invalid(position, document)
            return
        plan = document.plan
        if self._profile is None and not self._known_jurisdiction(plan.jurisdiction):
            known = ", ".join(available_jurisdictions())
            # The code is not quoted: no message repeats a value of the document.
            error = (
                f"jurisdiction: unknown jurisdiction (known: {known}); "
                "give a known code, or check with --jurisdiction"
            )
            self._add_invalid(
                position, Invalid(file=document.file, line=document.line, error=error)
            )
            return
        self._plans += 1
        student = plan.student.id
        self._slim.add((student, position, slim(plan) if self._history_codes else None))
        if self._plan_codes:
            self._hold(position, document)

    def results(self) -> Results:
        """
        Run the timeline rules over each student's plans; return what the check found.

        Call it once, after the last `add`; the results are readable until `close`.
        """
        if self._results is None:
            self._check_held()
            students = self._check_histories()
            self._slim.clear()  # read once: free its memory and files before the output
            self._results = Results(
                as_of=self._as_of,
                plans=self._plans,
                students=students,
                errors=self._errors,
                warnings=self._warnings,
                findings=self._findings,
                claims=self._claims,
                invalid=self._invalid,
            )
        return self._results

    def finish(self) -> Report:
        """Run the history rules, return every result in memory (`Results.report`), close."""
        try:
            return self.results().report()
        finally:
            self.close()

    def close(self) -> None:
        """Remove the temporary files, if any (the results are no longer readable)."""
        self._spill.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- internals ----------------------------------------------------------------------

    def _add_invalid(self, position: int, invalid: Invalid) -> None:
        self._invalid.add((position, invalid.file, invalid.line, invalid.error, invalid.index))

    def _count(self, findings: list[Finding]) -> None:
        add = self._findings.add
        errors = 0
        for finding in findings:
            add(_finding_record(finding))
            if finding.severity is Severity.ERROR:
                errors += 1
        self._errors += errors
        self._warnings += len(findings) - errors

    def _hold(self, position: int, document: Loaded) -> None:
        """Keep *document* for the one-plan rules, in a batch without its student or id."""
        plan = document.plan
        student, plan_id = plan.student.id, plan.id
        # In a batch, plans are of different students and have different ids: so each
        # plan's history is the plan alone, as when it is checked by itself, and each
        # finding names one plan of the batch.
        batch: _Batch | None = next(
            (held for held in self._held if student not in held[1] and plan_id not in held[2]),
            None,
        )
        if batch is None:
            batch = ([], set(), set())
            self._held.append(batch)
        documents, students, ids = batch
        documents.append((position, document))
        students.add(student)
        ids.add(plan_id)
        self._held_count += 1
        if self._held_count >= _PLAN_BATCH:
            self._check_held()

    def _check_held(self) -> None:
        """Run the one-plan rules on the plans held; record their findings."""
        held = self._held
        self._held = []
        self._held_count = 0
        for documents, _, _ in held:
            try:
                plans = [document.plan for _, document in documents]
                findings = self._run(plans, self._plan_codes)
            except Exception as error:
                # Check the plans one by one, in input order, to name the first that a
                # rule fails on.
                everything = sorted((entry for batch, _, _ in held for entry in batch), key=_FIRST)
                for _, document in everything:
                    self._check_one(document)
                msg = f"a rule failed on {len(documents)} plans checked together"
                raise CheckError(msg) from error
            if not findings:
                continue
            self._count(findings)
            flagged = {finding.plan_id for finding in findings}
            claim = self._claims.add
            for position, document in documents:
                plan = document.plan
                if plan.id in flagged:
                    # The last plan with the id and findings of its own names the student.
                    claim((plan.id, (0, -position), plan.student.id))

    def _check_one(self, document: Loaded) -> None:
        try:
            self._run([document.plan], self._plan_codes)
        except Exception as error:
            where = f"plan {document.plan.id!r} ({document.file}:{document.line})"
            msg = f"a rule failed on {where} with {type(error).__name__}"
            raise CheckError(msg) from error

    def _check_histories(self) -> int:
        """Run the timeline rules over each student's slim plans; return the students."""
        students = 0
        batch: list[IEP] = []
        claim = self._claims.add
        for student, group in itertools.groupby(self._slim, key=_FIRST):
            students += 1
            if not self._history_codes:
                for _ in group:
                    pass
                continue
            first: int | None = None
            for _, position, plan in group:
                assert plan is not None
                if first is None:
                    first = position
                # Without a finding of its own, the first plan with the id, of the student
                # who appears first, names the student.
                claim((plan.id, (1, first, position), student))
                batch.append(plan)
            if len(batch) >= _HISTORY_BATCH:
                self._check_history_batch(batch)
                batch = []
        if batch:
            self._check_history_batch(batch)
        return students

    def _check_history_batch(self, plans: list[IEP]) -> None:
        try:
            findings = self._run(plans, self._history_codes)
        except Exception as error:
            msg = f"a rule failed on the students' histories with {type(error).__name__}"
            raise CheckError(msg) from error
        self._count(findings)

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
            if len(self._known) < _KNOWN_LIMIT:
                self._known[code] = known
        return known

    def _run(self, plans: list[IEP], codes: list[str]) -> list[Finding]:
        return check(
            plans,
            as_of=self._as_of,
            jurisdiction=self._profile,
            calendar=self._calendar,
            select=codes,
        )
