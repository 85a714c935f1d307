"""
Ed-Fi → iepmodel: plans assembled from program associations or StudentIEPs.

One plan per program association (DS 4.0 to 5.2) or StudentIEP (6.1), with everything
else a record says attached to it.

Every value the plan does not regenerate is kept under ``extensions["ed-fi"]`` (see
`_patch`), so that exporting the plan again writes the same bodies.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from typing import Any, cast

import attrs

from ._descriptors import table
from ._export import EDFI, Options, slots
from ._patch import as_list, as_map, diff, obj, show_path
from ._types import (
    ELIGIBILITY_ASSOCIATIONS,
    IDEA_EVENTS,
    PROGRAM_ASSOCIATIONS,
    RESOURCES,
    SCHOOL_ASSOCIATIONS,
    SERVICE_DELIVERIES,
    SERVICE_PRESCRIPTIONS,
    STUDENT_IEP_GOALS,
    STUDENT_IEPS,
    STUDENTS,
    Loss,
    Problem,
    Record,
    recognize,
)

__all__ = ["PLACEHOLDER_BIRTH_DATE", "import_records"]

PLACEHOLDER_BIRTH_DATE = "1900-01-01"
"""The birth date of a student no ``students`` record describes (reported, and listed as
assumed): no plan has a child that old in an IDEA age range, so none is counted by age."""

_MAX_HOURS = 168.0
_DATE_LENGTH = len("YYYY-MM-DD")
_MIDNIGHT = re.compile(r"T00:00(:00(\.0+)?)?(Z|[+-]00:?00)?")
_METADATA = "API response metadata, not part of a body a client writes: not kept"
_KEPT_RECORD = "kept in extensions: no iepmodel field holds this record"
_TOO_MANY = "not kept: the plan's extensions would pass their size limit"
_NO_FIELD = "kept in extensions: no iepmodel field holds this value"
_WRITES_BACK = "kept in extensions: the plan's own value writes back differently"
# Plan fields whose problems are about an Ed-Fi key, for messages that name the key.
_FIELD_KEYS = {
    "start_date": "iepBeginDate",
    "end_date": "iepEndDate",
    "student.date_of_birth": "birthDate (students)",
    "id": "studentIEPIdentifier",
    "student.id": "studentReference.studentUniqueId",
}


@attrs.define
class _Item:
    body: Mapping[str, Any]
    resource: str
    file: str | None
    record: int | None
    metadata: tuple[str, ...] = ()


# What an Ed-Fi API adds to the bodies it returns: not data a client writes (and the
# insert schemas refuse them), so they are left out and reported.
_RESPONSE_KEYS = ("id", "_etag", "_lastModifiedDate")


def _strip(value: Any, path: str, found: list[str]) -> Any:
    mapping = as_map(value)
    if mapping is not None:
        out: dict[str, Any] = {}
        for key, item in mapping.items():
            sub = f"{path}.{key}" if path else key
            link = as_map(item)
            if (not path and key in _RESPONSE_KEYS) or (
                key == "link" and link is not None and "href" in link
            ):
                found.append(sub)
            else:
                out[key] = _strip(item, sub, found)
        return out
    items = as_list(value)
    if items is not None:
        return [_strip(item, f"{path}[{index}]", found) for index, item in enumerate(items)]
    return value


@attrs.define
class _Draft:
    item: _Item
    doc: dict[str, Any]
    originals: dict[tuple[str, str], Mapping[str, Any]] = attrs.field(
        factory=dict[tuple[str, str], Mapping[str, Any]]
    )
    kept: dict[str, list[Any]] = attrs.field(factory=dict[str, list[Any]])
    assumed: list[str] = attrs.field(factory=list[str])
    attached: list[_Item] = attrs.field(factory=list[_Item])
    last_evaluation: str | None = None
    has_program: bool = False

    @property
    def student(self) -> str:
        return str(self.doc["student"]["id"])


class _Reader:
    """Reads one record's keys, reporting what is missing or malformed."""

    def __init__(self, item: _Item, problems: list[Problem], options: Options) -> None:
        self.item = item
        self.problems = problems
        self.options = options
        self.failed = False

    def report(self, path: str, message: str, severity: str = "error") -> None:
        if severity == "error":
            self.failed = True
        self.problems.append(
            Problem(
                file=self.item.file,
                record=self.item.record,
                path=path,
                message=message,
                severity="error" if severity == "error" else "warning",
            )
        )

    def raw(self, path: str) -> Any:
        node: Any = self.item.body
        for step in path.split("."):
            mapping = as_map(node)
            if mapping is None or step not in mapping:
                return None
            node = mapping[step]
        return node

    def text(self, path: str, *, required: bool = False) -> str | None:
        value = self.raw(path)
        if isinstance(value, str) and value.strip():
            return value
        if value is None and not required:
            return None
        self.report(path, "required key is missing" if value is None else "must be non-empty text")
        return None

    def org(self, path: str) -> str | None:
        value = self.raw(path)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.report(path, "required key is missing" if value is None else "must be an integer")
        return None

    def date(self, path: str, *, required: bool = False) -> str | None:
        value = self.raw(path)
        if value is None:
            if required:
                self.report(path, "required key is missing")
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            if len(value) > _DATE_LENGTH and _MIDNIGHT.fullmatch(value[_DATE_LENGTH:]):
                # Some systems write a date as midnight of that day: read as the date (the
                # text itself is kept, so it is written back as it came).
                value = value[:_DATE_LENGTH]
            if len(value) != _DATE_LENGTH:
                raise ValueError
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            if required:
                self.report(path, "must be a date (YYYY-MM-DD)")
            else:
                self.report(path, "not a date (YYYY-MM-DD): not read, kept as is", "warning")
            return None

    def flag(self, path: str) -> bool | None:
        value = self.raw(path)
        return value if isinstance(value, bool) else None

    def hours(self, path: str) -> float | None:
        value = self.raw(path)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if 0 <= value <= _MAX_HOURS:
                return float(value)
            self.report(
                path, "hours a week out of range (0 to 168): not read, kept as is", "warning"
            )
        return None

    def code(self, mapping: str, path: str) -> Any:
        """The iepmodel value of a descriptor URI (`None`: not interpreted)."""
        tab = table(mapping)
        code = self.options.ns.code(tab.descriptor, self.raw(path))
        return tab.from_edfi.get(code) if code is not None else None


def _year_end(start: str) -> str:
    day = dt.date.fromisoformat(start)
    try:
        nxt = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        nxt = day.replace(year=day.year + 1, day=28)
    return (nxt - dt.timedelta(days=1)).isoformat()


def _end(read: _Reader, start: str, end: str, assumed: list[str]) -> str:
    """The plan's end; an IEP that ends before it begins is kept as it is (a warning)."""
    if end >= start:
        return end
    read.report(
        "iepEndDate",
        "the IEP ends before it begins: the plan ends on its start date, the Ed-Fi value is kept",
        "warning",
    )
    assumed.append("end_date")
    return start


def _disabilities(read: _Reader, key: str = "disabilities") -> list[str]:
    out: list[str] = []
    entries = [obj(entry) for entry in as_list(read.raw(key)) or ()]

    def order(index: int) -> tuple[int, int]:
        # Ed-Fi orders by orderOfDisability (1 is the primary); unordered ones come last.
        value = entries[index].get("orderOfDisability")
        return (value if type(value) is int else 10**9, index)

    tab = table("disability")
    for index in sorted(range(len(entries)), key=order):
        entry = entries[index]
        code = read.options.ns.code(tab.descriptor, entry.get("disabilityDescriptor"))
        category = tab.from_edfi.get(code) if code is not None else None
        if category is not None and category not in out:
            out.append(category)
    return out


def _placement(read: _Reader) -> dict[str, Any] | None:
    tab = table("setting")
    code = read.options.ns.code(tab.descriptor, read.raw("specialEducationSettingDescriptor"))
    value = as_map(tab.from_edfi.get(code)) if code is not None else None
    return dict(value) if value is not None else None


def _exit_reason(read: _Reader) -> str | None:
    reason = read.code("reason_exited", "reasonExitedDescriptor") or read.code(
        "exit_reason", "specialEducationExitReasonDescriptor"
    )
    return str(reason) if reason is not None else None


def _student(
    read: _Reader, students: Mapping[str, str], student_id: str, draft_assumed: list[str]
) -> dict[str, Any]:
    birth = students.get(student_id)
    if birth is None:
        birth = PLACEHOLDER_BIRTH_DATE
        draft_assumed.append("student.date_of_birth")
        read.report(
            "studentReference.studentUniqueId",
            "no students record gives this student's birth date: a placeholder is used",
            "warning",
        )
    return {"id": student_id, "date_of_birth": birth}


def _program_fields(read: _Reader, doc: dict[str, Any], draft: _Draft, *, attach: bool) -> None:
    """The program association's values, onto the plan *doc*."""
    begin = read.date("beginDate", required=True)
    end = read.date("endDate")
    exit_date = read.date("specialEducationExitDate")
    reason = _exit_reason(read)
    if begin is not None:
        optional = {"end_date": end, "exit_date": exit_date, "exit_reason": reason}
        doc["program_participation"] = {
            "start_date": begin,
            **{key: value for key, value in optional.items() if value is not None},
        }
    if exit_date is not None and end is not None and end > exit_date:
        read.report("endDate", "the program ends after the special-education exit date", "warning")
    if exit_date is None and read.raw("specialEducationExitReasonDescriptor") is not None:
        read.report(
            "specialEducationExitReasonDescriptor",
            "an exit reason without an exit date",
            "warning",
        )
    review = read.date("iepLastReviewDate") or read.date("iepReviewDate")
    if review is not None and "meeting" not in doc:
        doc["meeting"] = {"date": review}
    draft.last_evaluation = read.date("iepLastEvaluationDate") or read.date("lastEvaluationDate")
    values = {
        "medically_fragile": read.flag("medicallyFragile"),
        "extended_school_year": read.flag("servedOutsideOfRegularSession"),
        "school_hours_per_week": read.hours("schoolHoursPerWeek"),
        "shortened_school_day": read.flag("shortenedSchoolDayIndicator"),
        "hours_reduced_per_week": read.hours("reductionInHoursPerWeekComparedToPeers"),
    }
    for key, value in values.items():
        if value is not None and doc.get(key) is None:
            doc[key] = value
    if not attach:
        disabilities = _disabilities(read)
        if disabilities:
            doc["student"]["disabilities"] = disabilities
        placement = _placement(read)
        if placement is not None:
            doc["placement"] = placement


def _program_plan(read: _Reader, students: Mapping[str, str], version: str) -> _Draft | None:
    item = read.item
    student_id = read.text("studentReference.studentUniqueId", required=True)
    org = read.org("educationOrganizationReference.educationOrganizationId")
    begin = read.date("beginDate", required=True)
    if not isinstance(read.raw("programReference"), Mapping):
        read.report("programReference", "required key is missing")
    iep_begin = read.date("iepBeginDate")
    iep_end = read.date("iepEndDate")
    if read.failed or student_id is None or org is None or begin is None:
        return None
    draft = _Draft(item=item, doc={})
    start = iep_begin or begin
    if iep_begin is None:
        draft.assumed.append("start_date")
    if iep_end is None:
        draft.assumed.append("end_date")
    doc: dict[str, Any] = {
        "schema_version": 2,
        "id": f"{student_id}/{org}/{begin}",
        "kind": "annual",
        "student": _student(read, students, student_id, draft.assumed),
        "start_date": start,
        "end_date": _end(read, start, iep_end or _year_end(start), draft.assumed),
        "responsible_organization": {"id": org},
    }
    draft.assumed.extend(["id", "kind"])
    draft.doc = doc
    _program_fields(read, doc, draft, attach=False)
    slot = "program" if version == "6.1" else "plan"
    draft.originals[(PROGRAM_ASSOCIATIONS, slot)] = item.body
    draft.has_program = True
    return draft


def _iep_plan(read: _Reader, students: Mapping[str, str]) -> _Draft | None:
    item = read.item
    identifier = read.text("studentIEPIdentifier", required=True)
    student_id = read.text("studentReference.studentUniqueId", required=True)
    org = read.org("educationOrganizationReference.educationOrganizationId")
    begin = read.date("iepBeginDate", required=True)
    end = read.date("iepEndDate", required=True)
    finalized = read.date("iepFinalizedDate", required=True)
    if read.raw("iepStatusDescriptor") is None:
        read.report("iepStatusDescriptor", "required key is missing")
    if read.failed or None in (identifier, student_id, org, begin, end, finalized):
        return None
    assert student_id is not None
    assert begin is not None
    draft = _Draft(item=item, doc={})
    doc: dict[str, Any] = {
        "schema_version": 2,
        "id": identifier,
        "kind": "annual",
        "status": read.code("iep_status", "iepStatusDescriptor") or "final",
        "student": _student(read, students, student_id, draft.assumed),
        "start_date": begin,
        "end_date": _end(read, begin, str(end), draft.assumed),
        "responsible_organization": {"id": org},
        "finalized_date": finalized,
    }
    draft.assumed.append("kind")
    disabilities = _disabilities(read)
    if disabilities:
        doc["student"]["disabilities"] = disabilities
    placement = _placement(read)
    if placement is not None:
        doc["placement"] = placement
    flags = {
        "medically_fragile": read.flag("medicallyFragile"),
        "school_hours_per_week": read.hours("schoolHoursPerWeek"),
    }
    doc.update({key: value for key, value in flags.items() if value is not None})
    accommodations: list[dict[str, Any]] = []
    tab = table("accommodation")
    for entry in as_list(read.raw("accommodations")) or ():
        code = read.options.ns.code(tab.descriptor, obj(entry).get("accommodationDescriptor"))
        category = tab.from_edfi.get(code) if code is not None else None
        if category is not None:
            accommodations.append({"description": code, "category": category})
    if accommodations:
        doc["accommodations"] = accommodations
    draft.doc = doc
    draft.originals[(STUDENT_IEPS, "plan")] = item.body
    return draft


def _iep_key(raw: Any) -> tuple[Any, ...] | None:
    ref = as_map(raw)
    if ref is None:
        return None
    return (
        ref.get("studentIEPIdentifier"),
        ref.get("studentUniqueId"),
        str(ref.get("educationOrganizationId")),
        ref.get("iepFinalizedDate"),
    )


def _own_key(draft: _Draft) -> tuple[Any, ...]:
    body = draft.item.body
    return (
        body.get("studentIEPIdentifier"),
        obj(body.get("studentReference")).get("studentUniqueId"),
        str(obj(body.get("educationOrganizationReference")).get("educationOrganizationId")),
        body.get("iepFinalizedDate"),
    )


def _goal(read: _Reader, draft: _Draft) -> None:
    gid = read.text("iepGoalIdentifier", required=True)
    details = read.raw("iepGoalDetails")
    if not isinstance(details, str):
        read.report(
            "iepGoalDetails", "required key is missing" if details is None else "must be text"
        )
    if read.failed:
        return
    goals = draft.doc.setdefault("goals", [])
    if any(g.get("id") == gid for g in goals):
        read.report(
            "iepGoalIdentifier", "a second goal with this identifier in the same StudentIEP"
        )
        return
    goal: dict[str, Any] = {"id": gid, "area": "other", "statement": details}
    kind = read.code("goal_type", "iepGoalTypeDescriptor")
    if kind is not None:
        goal["type"] = kind
    begin = read.date("achievementPeriod.beginDate")
    end = read.date("achievementPeriod.endDate")
    if begin is not None:
        if end is not None and end < begin:
            read.report(
                "achievementPeriod.endDate",
                "ends before it begins: period not read, kept as is",
                "warning",
            )
        else:
            goal["period"] = {"start_date": begin, **({"end_date": end} if end else {})}
    draft.assumed.append(f"goals[{len(goals)}].area")
    draft.originals[(STUDENT_IEP_GOALS, f"goals[{len(goals)}]")] = read.item.body
    goals.append(goal)


def _service(read: _Reader, draft: _Draft) -> None:
    begin = read.date("beginDate", required=True)
    end = read.date("endDate")
    duration = read.raw("duration")
    frequency = read.raw("frequency")
    if read.failed:
        return
    interval_tab = table("frequency_interval")
    interval = read.options.ns.code(
        interval_tab.descriptor, read.raw("frequencyIntervalDescriptor")
    )
    per = interval_tab.from_edfi.get(interval) if interval is not None else None
    factor = int(interval_tab.extra["sessions_factor"].get(interval, 1)) if interval else 1
    whole = (
        isinstance(frequency, int | float)
        and not isinstance(frequency, bool)
        and frequency > 0
        and float(frequency).is_integer()
    )
    usable = (
        isinstance(duration, int)
        and not isinstance(duration, bool)
        and duration >= 1
        and whole
        and per is not None
    )
    if not usable:
        read.report(
            "frequency",
            "duration, frequency or frequency interval not usable as whole sessions of whole"
            " minutes: the prescription is kept as is, not read into services",
            "warning",
        )
        draft.kept.setdefault(SERVICE_PRESCRIPTIONS, []).append(dict(read.item.body))
        return
    location_tab = table("service_location")
    location = read.options.ns.code(
        location_tab.descriptor, read.raw("serviceLocationTypeDescriptor")
    )
    setting = location_tab.from_edfi.get(location) if location is not None else None
    service: dict[str, Any] = {
        "type": read.code("service_prescription", "servicePrescriptionDescriptor") or "other",
        "setting": setting or "other",
        "minutes": duration,
        "sessions": int(float(frequency)) * factor,
        "per": per,
        "start_date": begin,
    }
    if setting is not None:
        service["location"] = location
    if end is not None:
        if end < str(begin):
            read.report("endDate", "ends before it begins: not read, kept as is", "warning")
        else:
            service["end_date"] = end
    staff = (
        obj(obj(s).get("staffReference")).get("staffUniqueId")
        for s in as_list(read.raw("staffs")) or ()
    )
    ids = [s for s in staff if isinstance(s, str) and s.strip()]
    if ids:
        service["provider_staff_ids"] = ids
    services = draft.doc.setdefault("services", [])
    draft.originals[(SERVICE_PRESCRIPTIONS, f"services[{len(services)}]")] = read.item.body
    services.append(service)


def _evaluation(read: _Reader) -> dict[str, Any] | None:
    consent = read.date("consentToEvaluationReceivedDate", required=True)
    if read.raw("ideaPartDescriptor") is None:
        read.report("ideaPartDescriptor", "required key is missing")
    read.text("studentReference.studentUniqueId", required=True)
    if read.failed:
        return None
    evaluation: dict[str, Any] = {
        "kind": read.code("evaluation_type", "eligibilityEvaluationTypeDescriptor") or "initial",
        "consent_date": consent,
    }
    optional = {
        "completed_date": read.date("eligibilityEvaluationDate"),
        "eligibility_date": read.date("eligibilityDeterminationDate"),
        "idea_part": read.code("idea_part", "ideaPartDescriptor"),
        "eligibility_delay_reason": read.code(
            "eligibility_delay_reason", "eligibilityDelayReasonDescriptor"
        ),
        "consent_signed_date": read.date("consentToEvaluationDate"),
    }
    outcome = read.flag("ideaIndicator")
    if outcome is not None:
        optional["eligibility_outcome"] = "eligible" if outcome else "not_eligible"
    evaluation.update({k: v for k, v in optional.items() if v is not None})
    return evaluation


def _begin(draft: _Draft) -> str:
    return str(
        obj(draft.doc.get("program_participation")).get("start_date") or draft.doc["start_date"]
    )


def _pick_for_evaluation(drafts: list[_Draft], org: Any, consent: str) -> _Draft | None:
    if not drafts:
        return None
    same_org = [d for d in drafts if d.doc["responsible_organization"]["id"] == str(org)] or drafts
    after = [d for d in same_org if _begin(d) >= consent]
    if after:
        return min(after, key=_begin)
    return max(same_org, key=_begin)


def _pick_for_program(drafts: list[_Draft], read: _Reader) -> _Draft | None:
    free = [d for d in drafts if not d.has_program]
    if not free:
        return None
    # Raw values: the dates are read (and any problem with them reported) afterwards.
    iep_begin = read.raw("iepBeginDate")
    exact = [d for d in free if d.doc["start_date"] == iep_begin]
    if exact:
        return exact[0]
    begin, end = read.raw("beginDate"), read.raw("endDate")
    begin = begin if isinstance(begin, str) else ""
    end = end if isinstance(end, str) else "9999-12-31"
    inside = [d for d in free if begin <= d.doc["start_date"] <= end]
    return max(inside or free, key=lambda d: d.doc["start_date"])


def _items(
    records: Iterable[Record | Mapping[str, Any]], problems: list[Problem]
) -> tuple[list[_Item], int]:
    items: list[_Item] = []
    count = 0
    for index, record in enumerate(records, start=1):
        count += 1
        body: Any
        if isinstance(record, Record):
            body, resource, file, number = record.body, record.resource, record.file, record.record
        else:
            body, resource, file, number = record, None, None, index
        if not isinstance(body, Mapping):
            problems.append(
                Problem(file=file, record=number, path="", message="not a JSON object")
            )
            continue
        resource = resource or recognize(cast("Mapping[str, Any]", body))
        if resource is None or resource not in RESOURCES:
            problems.append(
                Problem(
                    file=file, record=number, path="", message="not a resource this mapping reads"
                )
            )
            continue
        metadata: list[str] = []
        clean = cast("dict[str, Any]", _strip(body, "", metadata))
        items.append(
            _Item(
                body=clean,
                resource=resource,
                file=file,
                record=number,
                metadata=tuple(metadata),
            )
        )
    return items, count


def _students(items: list[_Item], problems: list[Problem], options: Options) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        if item.resource != STUDENTS:
            continue
        read = _Reader(item, problems, options)
        sid = read.text("studentUniqueId", required=True)
        birth = read.date("birthDate", required=True)
        if sid is not None and birth is not None:
            out[sid] = birth
    return out


def _kept_reason(resource: str, op: Mapping[str, Any]) -> str:
    """Why a value is kept under extensions: the key's own reason, else the general one."""
    steps = [step for step in op["path"] if isinstance(step, str)]
    # "<key>:differs": the plan writes its own value there, and the Ed-Fi one differs.
    suffix = ":differs" if "basis" in op else ""
    own = _kept_reasons().get(f"{resource}.{steps[0]}{suffix}") if steps else None
    if own is not None:
        return f"kept in extensions: {own}"
    return _NO_FIELD if "basis" not in op else _WRITES_BACK


@cache
def _kept_reasons() -> Mapping[str, str]:
    text = files(__package__ or __name__).joinpath("data", "losses.json").read_text("utf-8")
    return obj(obj(json.loads(text)).get("import"))


def _grades(
    items: list[_Item], problems: list[Problem], options: Options
) -> dict[str, list[tuple[str, str | None]]]:
    """Each student's school entries: (entry date, iepmodel grade or None), by date."""
    out: dict[str, list[tuple[str, str | None]]] = {}
    for item in items:
        if item.resource != SCHOOL_ASSOCIATIONS:
            continue
        read = _Reader(item, problems, options)
        sid = read.text("studentReference.studentUniqueId", required=True)
        entry = read.date("entryDate", required=True)
        grade = read.code("grade_level", "entryGradeLevelDescriptor")
        if sid is not None and entry is not None:
            out.setdefault(sid, []).append((entry, str(grade) if grade is not None else None))
    for entries in out.values():
        entries.sort(key=lambda entry: entry[0])
    return out


def _grade(entries: list[tuple[str, str | None]], start: str) -> str | None:
    before = [grade for day, grade in entries if day <= start]
    if before:
        return before[-1]
    return entries[0][1] if entries else None


def _finish(draft: _Draft, options: Options, problems: list[Problem], losses: list[Loss]) -> Any:
    from iepmodel.errors import DocumentError
    from iepmodel.serialization import from_dict, to_dict

    if draft.last_evaluation is not None:
        evaluations = draft.doc.setdefault("evaluations", [])
        if all(e.get("completed_date") != draft.last_evaluation for e in evaluations):
            draft.assumed.append(f"evaluations[{len(evaluations)}].kind")
            evaluations.append({"kind": "reevaluation", "completed_date": draft.last_evaluation})
    try:
        plan = from_dict(draft.doc)
    except DocumentError as error:
        for problem in error.problems:
            field_key = _FIELD_KEYS.get(problem.path)
            why = f"cannot become a plan: {problem.path or 'plan'}: {problem.message}"
            problems.extend(
                Problem(
                    file=item.file,
                    record=item.record,
                    path=field_key or "",
                    message=why if item is draft.item else "its plan could not be built",
                )
                for item in (draft.item, *draft.attached)
            )
        return None
    plan_id = plan.id
    doc = to_dict(plan)
    patches: list[dict[str, Any]] = []
    patch_losses: list[Loss] = []
    regenerated = {(s.resource, s.slot): s.body for s in slots(doc, options)}
    for key in [*regenerated, *(k for k in draft.originals if k not in regenerated)]:
        original = draft.originals.get(key)
        ops = diff(dict(original) if original is not None else None, regenerated.get(key))
        if ops:
            patches.append({"resource": key[0], "slot": key[1], "ops": ops})
            patch_losses.extend(
                Loss(
                    plan_id=plan_id,
                    path=key[0]
                    + (f".{show_path(op['path'])}" if op["path"] else "")
                    + f" ({key[1]})",
                    reason=_kept_reason(key[0], op),
                )
                for op in ops
                if op["op"] == "set"
            )
    record_losses = [
        Loss(plan_id=plan_id, path=resource, reason=_KEPT_RECORD)
        for resource, records in draft.kept.items()
        for _ in records
    ]
    losses.extend(
        Loss(plan_id=plan_id, path=f"{item.resource}.{path}", reason=_METADATA)
        for item in (draft.item, *draft.attached)
        for path in item.metadata
    )
    if not patches and not draft.kept and not draft.assumed:
        return plan
    # The extensions are bounded in size (format v2): when everything does not fit, the
    # whole records with no iepmodel home go first, then the patches; each step reported.
    attempts: list[tuple[list[dict[str, Any]], dict[str, list[Any]]]] = [
        (patches, draft.kept),
        (patches, {}),
        ([], {}),
    ]
    for kept_patches, kept_records in attempts:
        saved: dict[str, Any] = {"version": options.version}
        if kept_patches:
            saved["patches"] = kept_patches
        if kept_records:
            saved["kept"] = kept_records
        if draft.assumed:
            saved["assumed"] = sorted(set(draft.assumed))
        try:
            result = from_dict({**doc, "extensions": {**obj(doc.get("extensions")), EDFI: saved}})
        except DocumentError:
            continue
        dropped = [
            *(record_losses if not kept_records else ()),
            *(patch_losses if not kept_patches else ()),
        ]
        if dropped:
            problems.append(
                Problem(
                    file=draft.item.file,
                    record=draft.item.record,
                    path="",
                    message="too many Ed-Fi values to keep under extensions: some are not kept",
                    severity="warning",
                )
            )
        losses.extend(patch_losses if kept_patches else ())
        losses.extend(record_losses if kept_records else ())
        losses.extend(attrs.evolve(loss, reason=_TOO_MANY) for loss in dropped)
        return result
    return plan  # pragma: no cover - an empty ed-fi namespace always fits


def import_records(
    records: Iterable[Record | Mapping[str, Any]], options: Options
) -> tuple[list[Any], list[Problem], list[Loss], int]:
    """The plans, problems, losses and record count of *records* (see `from_edfi`)."""
    problems: list[Problem] = []
    losses: list[Loss] = []
    items, count = _items(records, problems)
    students = _students(items, problems, options)
    grades = _grades(items, problems, options)
    drafts: list[_Draft] = []
    by_student: dict[str, list[_Draft]] = {}

    def add(draft: _Draft | None) -> None:
        if draft is not None:
            drafts.append(draft)
            by_student.setdefault(draft.student, []).append(draft)

    sedm = options.version == "6.1"
    roots = STUDENT_IEPS if sedm else PROGRAM_ASSOCIATIONS
    for item in items:
        if item.resource == roots:
            read = _Reader(item, problems, options)
            add(
                _iep_plan(read, students)
                if sedm
                else _program_plan(read, students, options.version)
            )
    if sedm:
        for item in items:
            if item.resource != PROGRAM_ASSOCIATIONS:
                continue
            read = _Reader(item, problems, options)
            sid = read.text("studentReference.studentUniqueId", required=True)
            target = _pick_for_program(by_student.get(sid or "", []), read) if sid else None
            if target is None:
                plan = (
                    _program_plan(_Reader(item, problems, options), students, "6.1")
                    if sid
                    else None
                )
                add(plan)
                continue
            # On a copy: a program association that cannot be read changes nothing.
            scratch = _Draft(item=target.item, doc=copy.deepcopy(target.doc))
            _program_fields(read, scratch.doc, scratch, attach=True)
            if read.failed:
                continue
            target.doc = scratch.doc
            target.last_evaluation = scratch.last_evaluation
            target.has_program = True
            target.attached.append(item)
            target.originals[(PROGRAM_ASSOCIATIONS, "program")] = item.body
    by_key = {_own_key(d): d for d in drafts if (STUDENT_IEPS, "plan") in d.originals}
    for item in items:
        read = _Reader(item, problems, options)
        if item.resource == ELIGIBILITY_ASSOCIATIONS:
            evaluation = _evaluation(read)
            if evaluation is None:
                continue
            sid = str(read.raw("studentReference.studentUniqueId"))
            target = _pick_for_evaluation(
                by_student.get(sid, []),
                read.raw("educationOrganizationReference.educationOrganizationId"),
                evaluation["consent_date"],
            )
            if target is None:
                read.report(
                    "studentReference.studentUniqueId", "no plan of this student to attach it to"
                )
                continue
            evaluations = target.doc.setdefault("evaluations", [])
            target.originals[(ELIGIBILITY_ASSOCIATIONS, f"evaluations[{len(evaluations)}]")] = (
                item.body
            )
            target.attached.append(item)
            evaluations.append(evaluation)
        elif item.resource in (STUDENT_IEP_GOALS, SERVICE_PRESCRIPTIONS, SERVICE_DELIVERIES):
            key = _iep_key(read.raw("studentIEPReference"))
            target = by_key.get(key) if key else None
            if target is None:
                read.report(
                    "studentIEPReference",
                    "required key is missing"
                    if key is None
                    else "refers to no StudentIEP in the input",
                )
                continue
            target.attached.append(item)
            if item.resource == STUDENT_IEP_GOALS:
                _goal(read, target)
            elif item.resource == SERVICE_PRESCRIPTIONS:
                _service(read, target)
            else:
                read.text("iepServiceDeliveryIdentifier", required=True)
                if not read.failed:
                    target.kept.setdefault(SERVICE_DELIVERIES, []).append(dict(item.body))
        elif item.resource == IDEA_EVENTS:
            sid = read.text("studentReference.studentUniqueId", required=True)
            read.text("ideaEventIdentifier", required=True)
            if read.failed or sid is None:
                continue
            ident = item.body.get("ideaEventIdentifier")
            candidates = by_student.get(sid, [])
            referencing = [
                d
                for d in candidates
                if any(
                    obj(obj(e).get("ideaEventReference")).get("ideaEventIdentifier") == ident
                    for e in as_list(d.item.body.get("ideaEvents")) or ()
                )
            ]
            target = referencing[0] if referencing else (candidates[-1] if candidates else None)
            if target is None:
                read.report(
                    "studentReference.studentUniqueId", "no plan of this student to attach it to"
                )
                continue
            target.attached.append(item)
            target.kept.setdefault(IDEA_EVENTS, []).append(dict(item.body))
        elif (item.resource == PROGRAM_ASSOCIATIONS and sedm) or item.resource in (
            roots,
            STUDENTS,
            SCHOOL_ASSOCIATIONS,
        ):
            continue
        else:
            read.report("", f"a {item.resource} record is not read for DS {options.version}")
    plans: list[Any] = []
    for draft in drafts:
        grade = _grade(grades.get(draft.student, []), str(draft.doc["start_date"]))
        if grade is not None:
            draft.doc["student"]["grade"] = grade
        plan = _finish(draft, options, problems, losses)
        if plan is not None:
            plans.append(plan)
    return plans, problems, losses, count
