"""
iepmodel → Ed-Fi: the bodies one plan's document makes, slot by slot.

The exporter works on the plan's JSON document (`iepmodel.to_dict`), so that it reads the
same field names the format defines. Each body has a *slot*: ``plan`` (the program
association, or the StudentIEP in 6.1), ``program`` (the 6.1 program association, written
next to each StudentIEP),
``goals[i]``, ``services[i]``, ``evaluations[i]``. A slot whose value Ed-Fi cannot hold has
no body (`None`): the import side uses the slots to keep exactly what a body had.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import attrs

from ._descriptors import DescriptorNamespaces, table
from ._patch import apply, as_dict, as_list, as_map, obj
from ._types import (
    ELIGIBILITY_ASSOCIATIONS,
    PROGRAM_ASSOCIATIONS,
    RESOURCES,
    SERVICE_PRESCRIPTIONS,
    STUDENT_IEP_GOALS,
    STUDENT_IEPS,
    Loss,
)

__all__ = ["EDFI", "Options", "Slot", "export_document", "slots"]

EDFI = "ed-fi"
"""The namespace key of the values kept for Ed-Fi under ``IEP.extensions``."""

# The JSON Schemas' patterns for identifiers and text (matched the way a validator does).
_IDENTIFIER = re.compile(r"^(?!\s)(.*\S)$")
_TEXT = re.compile(r"^(?!\s*$).+")
_STUDENT_ID_MAX = 32
_IDENTIFIER_MAX = 120
_GOAL_DETAILS_MAX = 2048
_INT64_MAX = 2**63 - 1
_INT32_MAX = 2**31 - 1
_ACADEMIC_AREAS = frozenset({"reading", "writing", "mathematics"})
_MINUTES_PER_HOUR = 60.0


@attrs.frozen(kw_only=True)
class Options:
    """The settings of one export (or of the export an import compares against)."""

    version: str
    ns: DescriptorNamespaces
    organization_id: int | None = None


@attrs.frozen
class Slot:
    """A resource body one part of a plan makes (`None`: Ed-Fi cannot hold that part)."""

    resource: str
    slot: str
    body: dict[str, Any] | None


def identifier(value: Any, maximum: int = _IDENTIFIER_MAX) -> bool:
    """Whether *value* is a valid Ed-Fi identifier (length and no edge whitespace)."""
    return (
        isinstance(value, str)
        and 0 < len(value) <= maximum
        and _IDENTIFIER.search(value) is not None
    )


def organization(doc: Mapping[str, Any], options: Options) -> int | None:
    """The plan's education organization id as Ed-Fi's integer, or the default."""
    org = doc.get("responsible_organization")
    raw = obj(org).get("id")
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():
        number = int(raw)
        if 0 <= number <= _INT64_MAX:
            return number
    return options.organization_id


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _put(body: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        body[key] = value


def _uri(options: Options, mapping: str, value: Any) -> str | None:
    tab = table(mapping)
    code = tab.to_edfi.get(value) if isinstance(value, str) else None
    return options.ns.uri(tab.descriptor, code) if isinstance(code, str) else None


def setting_key(placement: Mapping[str, Any]) -> str:
    """The ``setting`` table's key of a placement (see ``mappings.json``, ``setting``)."""
    facility = placement.get("facility", "regular_school")
    if facility != "regular_school":
        return str(facility)
    hours = placement.get("early_childhood_program_hours")
    if isinstance(hours, int | float):
        if hours <= 0:
            return "early_childhood_none"
        size = "10_plus" if hours >= 10 else "under_10"
        where = (
            "other"
            if placement.get("services_in_early_childhood_program") is False
            else "services"
        )
        return f"early_childhood_{size}_{where}"
    percent = float(placement.get("regular_class_percent", 0.0))
    if percent >= 80:
        return "regular_class_80_plus"
    if percent >= 40:
        return "regular_class_40_to_79"
    return "regular_class_under_40"


def _setting(doc: Mapping[str, Any], options: Options) -> str | None:
    placement = as_map(doc.get("placement"))
    if placement is None:
        return None
    return _uri(options, "setting", setting_key(placement))


def _disabilities(doc: Mapping[str, Any], options: Options) -> list[dict[str, Any]] | None:
    student = doc.get("student", {})
    out: list[dict[str, Any]] = []
    for category in student.get("disabilities", ()):
        uri = _uri(options, "disability", category)
        if uri is not None:
            out.append({"disabilityDescriptor": uri, "orderOfDisability": len(out) + 1})
    return out or None


def _staff(ids: Any) -> list[str]:
    return [str(i) for i in as_list(ids) or () if identifier(i, _STUDENT_ID_MAX)]


def _special_education_hours(doc: Mapping[str, Any]) -> float | None:
    from iepmodel._enums import ServiceType
    from iepmodel._services import (
        DEFAULT_SCHOOL_DAYS_PER_WEEK,
        DEFAULT_WEEKS_PER_MONTH,
        DEFAULT_WEEKS_PER_YEAR,
    )

    minutes = 0.0
    found = False
    for service in doc.get("services", ()):
        category = service.get("category") or ServiceType(service["type"]).category
        if category != "special_education":
            continue
        found = True
        total = float(service["minutes"]) * float(service.get("sessions", 1))
        per = service.get("per", "week")
        if per == "day":
            total *= DEFAULT_SCHOOL_DAYS_PER_WEEK
        elif per == "month":
            total /= DEFAULT_WEEKS_PER_MONTH
        elif per == "year":
            total /= DEFAULT_WEEKS_PER_YEAR
        minutes += total
    return round(minutes / _MINUTES_PER_HOUR, 2) if found else None


def last_evaluation(doc: Mapping[str, Any]) -> str | None:
    """The latest completed date of the plan's evaluations (ISO text)."""
    dates = [e["completed_date"] for e in doc.get("evaluations", ()) if e.get("completed_date")]
    return max(dates) if dates else None


def _due_dates(
    doc: Mapping[str, Any], review: str | None, evaluated: str | None
) -> tuple[str | None, str | None]:
    from iepmodel import timelines
    from iepmodel.jurisdictions import UnknownJurisdictionError

    code = doc.get("jurisdiction") or "US"
    review_due = evaluation_due = None
    try:
        if (day := _date(review)) is not None:
            review_due = timelines.annual_review_due(day, code).date.isoformat()
        if (day := _date(evaluated)) is not None:
            waiver = _date(doc.get("reevaluation_waiver_date"))
            disabilities = doc.get("student", {}).get("disabilities") or [None]
            from iepmodel._enums import DisabilityCategory

            category = DisabilityCategory(disabilities[0]) if disabilities[0] else None
            evaluation_due = timelines.reevaluation_due(
                day, waiver=waiver, category=category, profile=code
            ).date.isoformat()
    except (UnknownJurisdictionError, ValueError, OverflowError):
        return None, None
    return review_due, evaluation_due


def _references(doc: Mapping[str, Any], options: Options, org: int) -> dict[str, Any]:
    return {
        "educationOrganizationReference": {"educationOrganizationId": org},
        "programReference": {
            "educationOrganizationId": org,
            "programName": table("program").extra["default_program_name"],
            "programTypeDescriptor": options.ns.uri(
                table("program").descriptor, table("program").extra["default_program_type"]
            ),
        },
        "studentReference": {"studentUniqueId": doc["student"]["id"]},
    }


def _program_association(doc: Mapping[str, Any], options: Options, org: int) -> dict[str, Any]:
    version = options.version
    participation = obj(doc.get("program_participation"))
    body: dict[str, Any] = {"beginDate": participation.get("start_date", doc["start_date"])}
    body.update(_references(doc, options, org))
    _put(body, "endDate", participation.get("end_date"))
    exit_reason = participation.get("exit_reason")
    if version != "4.0":
        _put(body, "specialEducationExitDate", participation.get("exit_date"))
        _put(
            body, "specialEducationExitReasonDescriptor", _uri(options, "exit_reason", exit_reason)
        )
    _put(body, "reasonExitedDescriptor", _uri(options, "reason_exited", exit_reason))
    body["iepBeginDate"] = doc["start_date"]
    body["iepEndDate"] = doc["end_date"]
    review = obj(doc.get("meeting")).get("date")
    evaluated = last_evaluation(doc)
    if version == "6.1":
        _put(body, "iepLastReviewDate", review)
        _put(body, "iepLastEvaluationDate", evaluated)
        review_due, evaluation_due = _due_dates(doc, review, evaluated)
        _put(body, "iepReviewDueDate", review_due)
        _put(body, "iepEvaluationDueDate", evaluation_due)
    else:
        _put(body, "iepReviewDate", review)
        _put(body, "lastEvaluationDate", evaluated)
    _put(body, "disabilities", _disabilities(doc, options))
    _put(body, "specialEducationSettingDescriptor", _setting(doc, options))
    _put(body, "medicallyFragile", doc.get("medically_fragile"))
    _put(body, "servedOutsideOfRegularSession", doc.get("extended_school_year"))
    _put(body, "schoolHoursPerWeek", doc.get("school_hours_per_week"))
    if version in ("5.2", "6.1"):
        _put(body, "shortenedSchoolDayIndicator", doc.get("shortened_school_day"))
        _put(body, "reductionInHoursPerWeekComparedToPeers", doc.get("hours_reduced_per_week"))
    _put(body, "specialEducationHoursPerWeek", _special_education_hours(doc))
    if version != "6.1":
        _put(body, "specialEducationProgramServices", _program_services(doc, options))
    return body


def _program_services(doc: Mapping[str, Any], options: Options) -> list[dict[str, Any]] | None:
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for service in doc.get("services", ()):
        uri = _uri(options, "program_service", service.get("type"))
        if uri is None or uri in seen:  # the descriptor identifies the entry
            continue
        seen.add(uri)
        entry: dict[str, Any] = {"specialEducationProgramServiceDescriptor": uri}
        _put(entry, "serviceBeginDate", service.get("start_date"))
        _put(entry, "serviceEndDate", service.get("end_date"))
        staff = _staff(service.get("provider_staff_ids"))
        if staff:
            entry["providers"] = [
                {"staffReference": {"staffUniqueId": s}, "primaryProvider": i == 0}
                for i, s in enumerate(staff)
            ]
        out.append(entry)
    return out or None


def _eligibility(
    doc: Mapping[str, Any], evaluation: Mapping[str, Any], options: Options, org: int
) -> dict[str, Any] | None:
    consent = evaluation.get("consent_date")
    if consent is None:
        return None
    body: dict[str, Any] = {"consentToEvaluationReceivedDate": consent}
    body.update(_references(doc, options, org))
    body["ideaPartDescriptor"] = _uri(
        options, "idea_part", evaluation.get("idea_part") or "part_b"
    )
    _put(body, "consentToEvaluationDate", evaluation.get("consent_signed_date"))
    _put(
        body,
        "eligibilityEvaluationTypeDescriptor",
        _uri(options, "evaluation_type", evaluation.get("kind")),
    )
    _put(body, "eligibilityEvaluationDate", evaluation.get("completed_date"))
    body["evaluationCompleteIndicator"] = evaluation.get("completed_date") is not None
    _put(body, "eligibilityDeterminationDate", evaluation.get("eligibility_date"))
    outcome = evaluation.get("eligibility_outcome")
    if outcome is not None:
        body["ideaIndicator"] = outcome == "eligible"
    _put(
        body,
        "eligibilityDelayReasonDescriptor",
        _uri(options, "eligibility_delay_reason", evaluation.get("eligibility_delay_reason")),
    )
    return body


def finalized_date(doc: Mapping[str, Any]) -> str:
    """The StudentIEP's finalized date: recorded, else the meeting's, else the start."""
    return str(
        doc.get("finalized_date") or obj(doc.get("meeting")).get("date") or doc["start_date"]
    )


def iep_reference(doc: Mapping[str, Any], org: int) -> dict[str, Any]:
    """The ``studentIEPReference`` of the plan's 6.1 bodies."""
    return {
        "educationOrganizationId": org,
        "iepFinalizedDate": finalized_date(doc),
        "studentIEPIdentifier": doc["id"],
        "studentUniqueId": doc["student"]["id"],
    }


def _student_iep(doc: Mapping[str, Any], options: Options, org: int) -> dict[str, Any]:
    body: dict[str, Any] = {
        "studentIEPIdentifier": doc["id"],
        "studentReference": {"studentUniqueId": doc["student"]["id"]},
        "educationOrganizationReference": {"educationOrganizationId": org},
        "iepFinalizedDate": finalized_date(doc),
        "iepBeginDate": doc["start_date"],
        "iepEndDate": doc["end_date"],
        "iepStatusDescriptor": _uri(options, "iep_status", doc.get("status", "final")),
    }
    accommodations: list[dict[str, Any]] = []
    for accommodation in doc.get("accommodations", ()):
        uri = _uri(options, "accommodation", accommodation.get("category"))
        if uri is not None and all(a["accommodationDescriptor"] != uri for a in accommodations):
            accommodations.append({"accommodationDescriptor": uri})
    _put(body, "accommodations", accommodations or None)
    _put(body, "disabilities", _disabilities(doc, options))
    _put(body, "medicallyFragile", doc.get("medically_fragile"))
    _put(body, "schoolHoursPerWeek", doc.get("school_hours_per_week"))
    _put(body, "specialEducationHoursPerWeek", _special_education_hours(doc))
    _put(body, "specialEducationSettingDescriptor", _setting(doc, options))
    exit_reason = obj(doc.get("program_participation")).get("exit_reason")
    _put(body, "reasonExitedDescriptor", _uri(options, "reason_exited", exit_reason))
    return body


def _goal_ids(doc: Mapping[str, Any]) -> list[str | None]:
    goals = doc.get("goals", ())
    taken = {g["id"] for g in goals if g.get("id")}
    out: list[str | None] = []
    for index, goal in enumerate(goals):
        gid = goal.get("id")
        if gid is None:
            gid = f"goal-{index + 1}"
            if gid in taken:
                out.append(None)
                continue
            taken.add(gid)
        out.append(gid if identifier(gid) else None)
    return out


def _goal(
    doc: Mapping[str, Any], goal: Mapping[str, Any], gid: str | None, options: Options, org: int
) -> dict[str, Any] | None:
    statement = goal.get("statement")
    if gid is None or not (
        isinstance(statement, str)
        and len(statement) <= _GOAL_DETAILS_MAX
        and _TEXT.search(statement)
    ):
        return None
    kind = goal.get("type") or (
        "academic" if goal.get("area") in _ACADEMIC_AREAS else "functional"
    )
    body: dict[str, Any] = {
        "studentIEPReference": iep_reference(doc, org),
        "iepGoalIdentifier": gid,
        "iepGoalDetails": statement,
        "iepGoalTypeDescriptor": _uri(options, "goal_type", kind),
    }
    period = as_map(goal.get("period"))
    if period is not None:
        achievement: dict[str, Any] = {"beginDate": period["start_date"]}
        _put(achievement, "endDate", period.get("end_date"))
        body["achievementPeriod"] = achievement
    return body


def location_code(service: Mapping[str, Any]) -> str:
    """The ServiceLocationType codeValue of a service (its location text when it is one)."""
    location = service.get("location")
    known = table("service_location").from_edfi
    if isinstance(location, str) and location in known:
        return location
    return str(table("service_location").to_edfi[service.get("setting", "general_education")])


def _prescription(
    doc: Mapping[str, Any], service: Mapping[str, Any], options: Options, org: int
) -> dict[str, Any] | None:
    uri = _uri(options, "service_prescription", service.get("type"))
    if uri is None or service["minutes"] > _INT32_MAX or service.get("sessions", 1) > _INT32_MAX:
        return None  # the Ed-Fi duration is a 32-bit integer
    per = service.get("per", "week")
    body: dict[str, Any] = {
        "studentIEPReference": iep_reference(doc, org),
        "servicePrescriptionDescriptor": uri,
        "servicePrescriptionDate": finalized_date(doc),
        "beginDate": service["start_date"],
        "duration": service["minutes"],
        "durationIntervalDescriptor": _uri(options, "duration_interval", per),
        "frequency": service.get("sessions", 1),
        "frequencyIntervalDescriptor": _uri(options, "frequency_interval", per),
        "serviceLocationTypeDescriptor": options.ns.uri(
            table("service_location").descriptor, location_code(service)
        ),
    }
    _put(body, "endDate", service.get("end_date"))
    staff = _staff(service.get("provider_staff_ids"))
    if staff:
        body["staffs"] = [{"staffReference": {"staffUniqueId": s}} for s in staff]
    return body


def unwritable(doc: Mapping[str, Any], options: Options) -> tuple[str, str] | None:
    """Why no body of the plan can be written, (path, reason) (`None`: they can)."""
    if organization(doc, options) is None:
        return (
            "responsible_organization",
            (
                "Ed-Fi requires an integer education organization id: the plan has none (and no"
                " organization_id was given): the plan is not written"
            ),
        )
    if not identifier(obj(doc.get("student")).get("id"), _STUDENT_ID_MAX):
        return (
            "student.id",
            (
                "Ed-Fi requires a studentUniqueId of at most 32 characters without edge spaces:"
                " the plan is not written"
            ),
        )
    if options.version == "6.1" and not identifier(doc.get("id")):
        return (
            "id",
            (
                "Ed-Fi requires a studentIEPIdentifier of at most 120 characters without edge"
                " spaces: the plan is not written"
            ),
        )
    return None


def slots(doc: Mapping[str, Any], options: Options) -> list[Slot]:
    """Every slot of the plan *doc* and its regenerated body (no kept values applied)."""
    if unwritable(doc, options) is not None:
        return []
    org = organization(doc, options)
    assert org is not None
    out: list[Slot] = []
    if options.version == "6.1":
        out.append(Slot(STUDENT_IEPS, "plan", _student_iep(doc, options, org)))
        out.append(Slot(PROGRAM_ASSOCIATIONS, "program", _program_association(doc, options, org)))
        for index, (goal, gid) in enumerate(
            zip(doc.get("goals", ()), _goal_ids(doc), strict=True)
        ):
            out.append(
                Slot(STUDENT_IEP_GOALS, f"goals[{index}]", _goal(doc, goal, gid, options, org))
            )
        seen: set[str] = set()
        for index, service in enumerate(doc.get("services", ())):
            body = _prescription(doc, service, options, org)
            key = body["servicePrescriptionDescriptor"] if body else None
            if key is not None and key in seen:  # one prescription of a type on a date
                body = None
            if key is not None:
                seen.add(key)
            out.append(Slot(SERVICE_PRESCRIPTIONS, f"services[{index}]", body))
    else:
        out.append(Slot(PROGRAM_ASSOCIATIONS, "plan", _program_association(doc, options, org)))
        if options.version == "4.0":
            # DS 4.0 has no eligibility association (its interchange schema defines none):
            # the evaluations are a loss there, as in 6.1.
            return out
        for index, evaluation in enumerate(doc.get("evaluations", ())):
            out.append(
                Slot(
                    ELIGIBILITY_ASSOCIATIONS,
                    f"evaluations[{index}]",
                    _eligibility(doc, evaluation, options, org),
                )
            )
    return out


def kept(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    """The plan's ``extensions["ed-fi"]`` (empty when it has none)."""
    return obj(obj(doc.get("extensions")).get(EDFI))


def export_document(
    doc: Mapping[str, Any], options: Options
) -> tuple[list[tuple[str, dict[str, Any]]], list[Loss]]:
    """The plan's bodies (resource, body), with the values kept from Ed-Fi restored."""
    plan_id = str(doc.get("id", ""))
    why = unwritable(doc, options)
    if why is not None:
        return [], [Loss(plan_id=plan_id, path=why[0], reason=why[1])]
    losses: list[Loss] = []
    saved = kept(doc)
    patches: dict[tuple[str, str], list[Any]] = {}
    same_version = saved.get("version") == options.version
    if saved and not same_version:
        losses.append(
            Loss(
                plan_id=plan_id,
                path="extensions.ed-fi",
                reason="values kept from another Ed-Fi version are not written to DS "
                f"{options.version}",
            )
        )
    entries = saved.get("patches") if same_version else None
    for item in as_list(entries) or ():
        entry = as_map(item)
        if entry is not None:
            key = (str(entry.get("resource")), str(entry.get("slot")))
            patches.setdefault(key, []).extend(as_list(entry.get("ops")) or ())
    out: list[tuple[str, dict[str, Any]]] = []
    produced: set[tuple[str, str]] = set()
    for slot in slots(doc, options):
        produced.add((slot.resource, slot.slot))
        body, skipped = apply(slot.body, patches.get((slot.resource, slot.slot), ()))
        if skipped:
            losses.append(
                Loss(
                    plan_id=plan_id,
                    path=f"extensions.ed-fi ({slot.resource} {slot.slot})",
                    reason="values kept from Ed-Fi no longer match the plan (it was edited):"
                    " not written",
                )
            )
        if body is not None:
            out.append((slot.resource, body))
    for (resource, slot_name), ops in patches.items():
        if (resource, slot_name) not in produced:
            body, _ = apply(None, ops)
            if body is not None:
                out.append((resource, body))
    whole = saved.get("kept") if same_version else None
    for resource, bodies in obj(whole).items():
        if resource in RESOURCES:
            for body in as_list(bodies) or ():
                kept_body = as_dict(body)
                if kept_body is not None:
                    out.append((resource, dict(kept_body)))
    return out, losses
