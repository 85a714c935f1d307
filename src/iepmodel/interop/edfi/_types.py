"""The records, problems, losses and results of the Ed-Fi mapping."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:
    from iepmodel._plan import IEP

__all__ = [
    "ELIGIBILITY_ASSOCIATIONS",
    "IDEA_EVENTS",
    "PROGRAM_ASSOCIATIONS",
    "RESOURCES",
    "SCHOOL_ASSOCIATIONS",
    "SERVICE_DELIVERIES",
    "SERVICE_PRESCRIPTIONS",
    "STUDENTS",
    "STUDENT_IEPS",
    "STUDENT_IEP_GOALS",
    "VERSIONS",
    "Export",
    "Import",
    "Loss",
    "Problem",
    "Record",
    "recognize",
]

VERSIONS: tuple[str, ...] = ("4.0", "5.1", "5.2", "6.1")
"""The Ed-Fi Data Standard versions the mapping reads and writes."""

PROGRAM_ASSOCIATIONS = "studentSpecialEducationProgramAssociations"
ELIGIBILITY_ASSOCIATIONS = "studentSpecialEducationProgramEligibilityAssociations"
STUDENT_IEPS = "studentIEPs"
STUDENT_IEP_GOALS = "studentIEPGoals"
SERVICE_PRESCRIPTIONS = "studentIEPServicePrescriptions"
SERVICE_DELIVERIES = "studentIEPServiceDeliveries"
IDEA_EVENTS = "ideaEvents"
STUDENTS = "students"
SCHOOL_ASSOCIATIONS = "studentSchoolAssociations"

RESOURCES: Mapping[str, str] = {
    PROGRAM_ASSOCIATIONS: "StudentSpecialEducationProgramAssociation",
    ELIGIBILITY_ASSOCIATIONS: "StudentSpecialEducationProgramEligibilityAssociation",
    STUDENT_IEPS: "StudentIEP",
    STUDENT_IEP_GOALS: "StudentIEPGoal",
    SERVICE_PRESCRIPTIONS: "StudentIEPServicePrescription",
    SERVICE_DELIVERIES: "StudentIEPServiceDelivery",
    IDEA_EVENTS: "IDEAEvent",
    STUDENTS: "Student",
    SCHOOL_ASSOCIATIONS: "StudentSchoolAssociation",
}
"""
Each Ed-Fi API resource the mapping knows, by its API name, with its schema entity.

``students`` and ``studentSchoolAssociations`` are read only (for the birth date a plan
needs, and the grade); the others are read and
written: the program and eligibility associations for every version (the eligibility
association is not written for 6.1), the Special Education Data Model resources for 6.1.
"""

Severity = Literal["error", "warning"]


@attrs.frozen(kw_only=True)
class Record:
    """
    One Ed-Fi API body and where it came from.

    Attributes:
        body: the resource body (a JSON object).
        resource: the API resource name, when known; recognised from the keys otherwise.
        file: the file it was read from.
        record: its 1-based position (or line) in that file.
    """

    body: Mapping[str, Any]
    resource: str | None = None
    file: str | None = None
    record: int | None = None


@attrs.frozen(kw_only=True)
class Problem:
    """
    A record that could not become (part of) a plan, or a value against Ed-Fi practice.

    Messages name keys, never values (values may be personal data).

    Attributes:
        file: the record's file.
        record: the record's position in it.
        path: the key path in the body (``studentReference.studentUniqueId``).
        message: what is wrong.
        severity: ``error`` (the record was not imported) or ``warning`` (it was, as is).
    """

    file: str | None
    record: int | None
    path: str
    message: str
    severity: Severity = "error"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used in import reports."""
        return {
            "file": self.file,
            "record": self.record,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
        }


@attrs.frozen(kw_only=True)
class Loss:
    """
    A value one side cannot hold.

    On export, an iepmodel value no Ed-Fi body carries (``path`` is the plan's path,
    ``goals[0].objectives``); on import, an Ed-Fi value with no iepmodel field, kept under
    ``extensions["ed-fi"]`` (``path`` names the resource and the key).
    """

    plan_id: str
    path: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """The JSON form used in reports."""
        return {"plan_id": self.plan_id, "path": self.path, "reason": self.reason}


@attrs.frozen(kw_only=True)
class Export:
    """
    The result of `to_edfi`.

    Attributes:
        resources: the bodies of each API resource, in plan order (a resource with no
            body is absent).
        losses: every value the bodies do not carry.
    """

    resources: Mapping[str, list[dict[str, Any]]]
    losses: tuple[Loss, ...]


@attrs.frozen(kw_only=True)
class Import:
    """
    The result of `from_edfi`.

    Attributes:
        plans: one plan per program association (DS 4.0 to 5.2) or StudentIEP (6.1), in
            input order.
        problems: records that could not be imported, and warnings.
        losses: the Ed-Fi values kept under ``extensions["ed-fi"]`` for want of a field.
        records: how many records were read.
    """

    plans: tuple[IEP, ...]
    problems: tuple[Problem, ...]
    losses: tuple[Loss, ...]
    records: int


def recognize(body: Mapping[str, Any]) -> str | None:
    """
    The API resource name of *body*, from the keys it has (`None` if none fits).

    >>> from iepmodel.interop.edfi import recognize
    >>> recognize({"studentIEPIdentifier": "I1", "iepStatusDescriptor": "x"})
    'studentIEPs'
    >>> recognize({"beginDate": "2025-09-01", "programReference": {}, "studentReference": {}})
    'studentSpecialEducationProgramAssociations'
    >>> recognize({"hello": 1}) is None
    True
    """
    keys = body.keys()
    if "iepServiceDeliveryIdentifier" in keys:
        return SERVICE_DELIVERIES
    if "iepGoalIdentifier" in keys:
        return STUDENT_IEP_GOALS
    if "servicePrescriptionDescriptor" in keys and "studentIEPReference" in keys:
        return SERVICE_PRESCRIPTIONS
    if "studentIEPIdentifier" in keys:
        return STUDENT_IEPS
    if "ideaEventIdentifier" in keys and "ideaEventTypeDescriptor" in keys:
        return IDEA_EVENTS
    if "consentToEvaluationReceivedDate" in keys or "ideaPartDescriptor" in keys:
        return ELIGIBILITY_ASSOCIATIONS
    if "programReference" in keys and "studentReference" in keys:
        return PROGRAM_ASSOCIATIONS
    if "studentUniqueId" in keys and "birthDate" in keys:
        return STUDENTS
    if "entryGradeLevelDescriptor" in keys and "studentReference" in keys:
        return SCHOOL_ASSOCIATIONS
    return None
