"""
Ed-Fi XML interchange files: read them into API bodies, and write bodies back.

Districts exchange Ed-Fi data in two wire forms: the JSON bodies of the Ed-Fi API and the
XML interchange files of the Ed-Fi XML schemas (XSD). This module turns the second into
the first, so that the mapping (`iepmodel.interop.edfi.from_edfi`) sees one form only,
and writes bodies back as an interchange document.

Reading (`read_xml`) gives, for each special-education element of the file, the body the
API would carry for it:

- keys in the API's camelCase (``IEPBeginDate`` -> ``iepBeginDate``, ``Disability`` ->
  ``disabilities``, ``GoalAchievementPeriod`` -> ``achievementPeriod``), from a table
  of every element of the Ed-Fi XSD for Data Standards 4.0, 5.1, 5.2 and 6.1;
- references as ``...Reference`` objects with the identity flattened
  (``ProgramReference/ProgramIdentity/EducationOrganizationReference/...`` ->
  ``{"educationOrganizationId", "programName", "programTypeDescriptor"}``);
- descriptors as URIs (``uri://ed-fi.org/DisabilityDescriptor#Autism``); a bare code
  value gets the namespace given to the reader;
- XML booleans (``1``, ``0``, ``true``, ``false``) as booleans, decimals (hours per week,
  frequency) as numbers, whole numbers as integers, dates as ``YYYY-MM-DD`` strings;
  whitespace around a value is layout and is dropped.

XML comes from outside, so it is parsed with defusedxml (the optional extra
``iepmodel[edfi]``): a document type declaration, an entity or an external reference
refuses the whole file, with a one-line reason that names the file and never a value.
A malformed element refuses only its record (an error `Problem` with the record's number
and the body path); an element this module does not know is kept out of the body with a
warning, so nothing is dropped silently.

Writing (`write_xml`, `to_xml`) needs no extra package: it follows the XSD element
order of the version asked for, writes booleans as ``true``/``false`` and decimals with
two fraction digits, and refuses a body key that the version's XML has no element for.
"""

from __future__ import annotations

import datetime as dt
import decimal
import importlib
import io
import re

# Only building and serialising elements: every parse goes through defusedxml.
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, Final, Literal, cast

import attrs

from ._types import STUDENTS, Problem, Record

__all__ = [
    "ELEMENTS",
    "XML_NAMESPACES",
    "XmlUnavailableError",
    "XmlWriteError",
    "read_xml",
    "to_xml",
    "write_xml",
]

_ALL: Final = frozenset({"4.0", "5.1", "5.2", "6.1"})
_V4: Final = frozenset({"4.0"})
_V4_5: Final = frozenset({"4.0", "5.1", "5.2"})
_V5UP: Final = frozenset({"5.1", "5.2", "6.1"})
_V52UP: Final = frozenset({"5.2", "6.1"})
_V61: Final = frozenset({"6.1"})

XML_NAMESPACES: Final[Mapping[str, str]] = {
    "4.0": "http://ed-fi.org/4.0.0",
    "5.1": "http://ed-fi.org/5.1.0",
    "5.2": "http://ed-fi.org/5.2.0",
    "6.1": "http://ed-fi.org/6.1.0",
}
"""The XML namespace of each Data Standard's interchange schemas."""

_ROOT: Final = "InterchangeStudentProgram"
_DEFAULT_NAMESPACE: Final = "uri://ed-fi.org"
_INT32: Final = 2**31
_INT64: Final = 2**63
_DATE: Final = re.compile(r"(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?")
_INTEGER: Final = re.compile(r"[+-]?\d+")
_DECIMAL: Final = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_XML_SPACE: Final = " \t\r\n"
_TRUE: Final = frozenset({"true", "1"})
_FALSE: Final = frozenset({"false", "0"})
# Characters XML 1.0 has no place for, even as a character reference.
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_Severity = Literal["error", "warning"]


class XmlUnavailableError(ImportError):
    """Reading XML needs defusedxml, which is not installed."""


class XmlWriteError(ValueError):
    """A body cannot be written as Ed-Fi XML: the message names the resource and path."""


# --- the element table ----------------------------------------------------------------------


@attrs.frozen
class _Field:
    """
    One XML element of a complex type and the body key it becomes.

    ``kind`` is a value kind (string, date, bool, int, long, decimal, descriptor), or
    ``object`` (a common type: a JSON object), ``reference`` (a ``...Reference``
    element: a JSON object of the flattened identity) or ``identity`` (a reference
    inside an identity: its keys merge into the enclosing object).
    """

    xml: str
    json: str
    kind: str
    versions: frozenset[str] = _ALL
    many: bool = False
    item: str | None = None
    type: _Type | None = None
    descriptor: str | None = None
    digits: int = 0


@attrs.frozen
class _Type:
    """A complex type: its elements in XSD order; for a reference, its identity's name."""

    name: str
    fields: tuple[_Field, ...]
    identity: str | None = None
    lookup: str | None = None
    by_xml: Mapping[str, _Field] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "by_xml", {field.xml: field for field in self.fields})


def _value(xml: str, json: str, kind: str = "string", versions: frozenset[str] = _ALL) -> _Field:
    return _Field(xml, json, kind, versions)


def _descriptor(
    xml: str, json: str, name: str, versions: frozenset[str] = _ALL, *, many: bool = False
) -> _Field:
    """A descriptor element; repeated ones become ``[{json: uri}, ...]``."""
    item = name[0].lower() + name[1:] if many else None
    return _Field(xml, json, "descriptor", versions, many=many, item=item, descriptor=name)


def _hours(xml: str, json: str, versions: frozenset[str] = _ALL) -> _Field:
    # HoursPerWeek: xs:decimal, totalDigits 5, fractionDigits 2.
    return _Field(xml, json, "decimal", versions, digits=5)


def _ref(
    xml: str,
    json: str,
    type_: _Type,
    versions: frozenset[str] = _ALL,
    *,
    many: bool = False,
    item: str | None = None,
) -> _Field:
    return _Field(xml, json, "reference", versions, many=many, item=item, type=type_)


def _object(
    xml: str, json: str, type_: _Type, versions: frozenset[str] = _ALL, *, many: bool = False
) -> _Field:
    return _Field(xml, json, "object", versions, many=many, type=type_)


def _identity(xml: str, type_: _Type) -> _Field:
    return _Field(xml, "", "identity", type=type_)


def _reference_type(name: str, fields: tuple[_Field, ...], *, lookup: bool = False) -> _Type:
    return _Type(
        name, fields, identity=f"{name}Identity", lookup=f"{name}Lookup" if lookup else None
    )


# Reference identities (Ed-Fi-Core.xsd *IdentityType): each flattens into the API's
# reference object, a nested reference's keys merged in.
_STUDENT = _reference_type("Student", (_value("StudentUniqueId", "studentUniqueId"),), lookup=True)
_EDORG = _reference_type(
    "EducationOrganization",
    (_value("EducationOrganizationId", "educationOrganizationId", "long"),),
    lookup=True,
)
_STAFF = _reference_type("Staff", (_value("StaffUniqueId", "staffUniqueId"),), lookup=True)
_PROGRAM = _reference_type(
    "Program",
    (
        _identity("EducationOrganizationReference", _EDORG),
        _value("ProgramName", "programName"),
        _Field(
            "ProgramType",
            "programTypeDescriptor",
            "descriptor",
            descriptor="ProgramTypeDescriptor",
        ),
    ),
    lookup=True,
)
_IDEA_EVENT = _reference_type(
    "IDEAEvent",
    (
        _identity("StudentReference", _STUDENT),
        _identity("EducationOrganizationReference", _EDORG),
        _value("IDEAEventIdentifier", "ideaEventIdentifier"),
        _descriptor("IDEAEventType", "ideaEventTypeDescriptor", "IDEAEventTypeDescriptor"),
    ),
)
_STUDENT_IEP = _reference_type(
    "StudentIEP",
    (
        _identity("StudentReference", _STUDENT),
        _identity("EducationOrganizationReference", _EDORG),
        _value("StudentIEPIdentifier", "studentIEPIdentifier"),
        _value("IEPFinalizedDate", "iepFinalizedDate", "date"),
    ),
)
_PRESCRIPTION = _reference_type(
    "StudentIEPServicePrescription",
    (
        _identity("StudentIEPReference", _STUDENT_IEP),
        _descriptor(
            "ServicePrescription", "servicePrescriptionDescriptor", "ServicePrescriptionDescriptor"
        ),
        _value("ServicePrescriptionDate", "servicePrescriptionDate", "date"),
    ),
)

# Common types.
_SERVICE_PROVIDER = _Type(
    "ServiceProvider",
    (
        _ref("StaffReference", "staffReference", _STAFF),
        _value("PrimaryProvider", "primaryProvider", "bool"),
    ),
)
_DISABILITY = _Type(
    "Disability",
    (
        _descriptor("Disability", "disabilityDescriptor", "DisabilityDescriptor"),
        _value("DisabilityDiagnosis", "disabilityDiagnosis"),
        _value("OrderOfDisability", "orderOfDisability", "int"),
        _descriptor(
            "DisabilityDeterminationSourceType",
            "disabilityDeterminationSourceTypeDescriptor",
            "DisabilityDeterminationSourceTypeDescriptor",
        ),
        _descriptor(
            "DisabilityDesignation",
            "designations",
            "DisabilityDesignationDescriptor",
            many=True,
        ),
    ),
)
_PROGRAM_SERVICE = _Type(
    "SpecialEducationProgramService",
    (
        _descriptor(
            "SpecialEducationProgramService",
            "specialEducationProgramServiceDescriptor",
            "SpecialEducationProgramServiceDescriptor",
        ),
        _value("PrimaryIndicator", "primaryIndicator", "bool"),
        _value("ServiceBeginDate", "serviceBeginDate", "date"),
        _value("ServiceEndDate", "serviceEndDate", "date"),
        _object("ServiceProvider", "providers", _SERVICE_PROVIDER, many=True),
    ),
)
_PARTICIPATION_STATUS = _Type(
    "ProgramParticipationStatus",
    (
        _descriptor(
            "ParticipationStatus", "participationStatusDescriptor", "ParticipationStatusDescriptor"
        ),
        _value("StatusBeginDate", "statusBeginDate", "date"),
        _value("StatusEndDate", "statusEndDate", "date"),
        _value("DesignatedBy", "designatedBy"),
    ),
)
# DS 4.0's single ParticipationStatus: the same elements (StatusBeginDate optional there).
_PARTICIPATION_STATUS_4 = attrs.evolve(_PARTICIPATION_STATUS, name="ParticipationStatus")
_PERIOD = _Type(
    "Period",
    (_value("BeginDate", "beginDate", "date"), _value("EndDate", "endDate", "date")),
)
_PROVIDER = _Type(
    "Provider",
    (
        _value("FirstName", "firstName"),
        _value("LastSurname", "lastSurname"),
        _value("MiddleName", "middleName"),
        _value("PrimaryProvider", "primaryProvider", "bool"),
        _value("ProviderCode", "providerCode"),
        _descriptor(
            "ServiceProviderType", "serviceProviderTypeDescriptor", "ServiceProviderTypeDescriptor"
        ),
        _ref("StaffReference", "staffReference", _STAFF),
    ),
)


def _idea_events() -> _Field:
    return _ref(
        "IDEAEventReference", "ideaEvents", _IDEA_EVENT, _V61, many=True, item="ideaEventReference"
    )


# Entities. The union over the Data Standards, in an order each version's XSD sequence
# keeps (GeneralStudentProgramAssociation's elements first, as the XSD extends it).
_PROGRAM_ASSOCIATION = _Type(
    "StudentSpecialEducationProgramAssociation",
    (
        _ref("StudentReference", "studentReference", _STUDENT),
        _ref("ProgramReference", "programReference", _PROGRAM),
        _value("BeginDate", "beginDate", "date"),
        _value("EndDate", "endDate", "date"),
        _descriptor("ReasonExited", "reasonExitedDescriptor", "ReasonExitedDescriptor"),
        _ref("EducationOrganizationReference", "educationOrganizationReference", _EDORG),
        _value("ServedOutsideOfRegularSession", "servedOutsideOfRegularSession", "bool"),
        _object("ParticipationStatus", "participationStatus", _PARTICIPATION_STATUS_4, _V4),
        _object(
            "ProgramParticipationStatus",
            "programParticipationStatuses",
            _PARTICIPATION_STATUS,
            many=True,
        ),
        _value("IdeaEligibility", "ideaEligibility", "bool"),
        _descriptor(
            "SpecialEducationSetting",
            "specialEducationSettingDescriptor",
            "SpecialEducationSettingDescriptor",
        ),
        _object("ServiceProvider", "serviceProviders", _SERVICE_PROVIDER, many=True),
        _hours("SpecialEducationHoursPerWeek", "specialEducationHoursPerWeek"),
        _hours("SchoolHoursPerWeek", "schoolHoursPerWeek"),
        _value("ShortenedSchoolDayIndicator", "shortenedSchoolDayIndicator", "bool", _V52UP),
        _hours(
            "ReductionInHoursPerWeekComparedToPeers",
            "reductionInHoursPerWeekComparedToPeers",
            _V52UP,
        ),
        _value("MultiplyDisabled", "multiplyDisabled", "bool"),
        _value("MedicallyFragile", "medicallyFragile", "bool"),
        _value("LastEvaluationDate", "lastEvaluationDate", "date", _V4_5),
        _value("IEPReviewDate", "iepReviewDate", "date", _V4_5),
        _value("IEPLastEvaluationDate", "iepLastEvaluationDate", "date", _V61),
        _value("IEPLastReviewDate", "iepLastReviewDate", "date", _V61),
        _value("IEPEvaluationDueDate", "iepEvaluationDueDate", "date", _V61),
        _value("IEPReviewDueDate", "iepReviewDueDate", "date", _V61),
        _value("IEPBeginDate", "iepBeginDate", "date"),
        _value("IEPEndDate", "iepEndDate", "date"),
        _object("Disability", "disabilities", _DISABILITY, many=True),
        _object(
            "SpecialEducationProgramService",
            "specialEducationProgramServices",
            _PROGRAM_SERVICE,
            many=True,
        ),
        _value("SpecialEducationExitDate", "specialEducationExitDate", "date", _V5UP),
        _descriptor(
            "SpecialEducationExitReason",
            "specialEducationExitReasonDescriptor",
            "SpecialEducationExitReasonDescriptor",
            _V5UP,
        ),
        _value("SpecialEducationExitExplained", "specialEducationExitExplained", "string", _V5UP),
    ),
)
_ELIGIBILITY_ASSOCIATION = _Type(
    "StudentSpecialEducationProgramEligibilityAssociation",
    (
        _ref("EducationOrganizationReference", "educationOrganizationReference", _EDORG),
        _ref("StudentReference", "studentReference", _STUDENT),
        _ref("ProgramReference", "programReference", _PROGRAM),
        _value("ConsentToEvaluationReceivedDate", "consentToEvaluationReceivedDate", "date"),
        _value("OriginalECIServicesDate", "originalECIServicesDate", "date"),
        _descriptor("IDEAPart", "ideaPartDescriptor", "IDEAPartDescriptor"),
        _value("ConsentToEvaluationDate", "consentToEvaluationDate", "date"),
        _value("EvaluationCompleteIndicator", "evaluationCompleteIndicator", "bool"),
        _value("EligibilityEvaluationDate", "eligibilityEvaluationDate", "date"),
        _descriptor(
            "EligibilityEvaluationType",
            "eligibilityEvaluationTypeDescriptor",
            "EligibilityEvaluationTypeDescriptor",
        ),
        _descriptor(
            "EvaluationDelayReason",
            "evaluationDelayReasonDescriptor",
            "EvaluationDelayReasonDescriptor",
        ),
        _value("EvaluationLateReason", "evaluationLateReason"),
        _value("EvaluationDelayDays", "evaluationDelayDays", "int"),
        _value("EligibilityDeterminationDate", "eligibilityDeterminationDate", "date"),
        _value("IDEAIndicator", "ideaIndicator", "bool"),
        _descriptor(
            "EligibilityDelayReason",
            "eligibilityDelayReasonDescriptor",
            "EligibilityDelayReasonDescriptor",
        ),
        _value("TransitionNotificationDate", "transitionNotificationDate", "date"),
        _value("TransitionConferenceDate", "transitionConferenceDate", "date"),
        _value("EligibilityConferenceDate", "eligibilityConferenceDate", "date"),
    ),
)
_STUDENT_IEP_ENTITY = _Type(
    "StudentIEP",
    (
        _ref("StudentReference", "studentReference", _STUDENT),
        _ref("EducationOrganizationReference", "educationOrganizationReference", _EDORG),
        _value("StudentIEPIdentifier", "studentIEPIdentifier"),
        _value("IEPFinalizedDate", "iepFinalizedDate", "date"),
        _value("IEPBeginDate", "iepBeginDate", "date"),
        _value("IEPEndDate", "iepEndDate", "date"),
        _descriptor("IEPStatus", "iepStatusDescriptor", "IEPStatusDescriptor"),
        _descriptor("Accommodation", "accommodations", "AccommodationDescriptor", many=True),
        _object("Disability", "disabilities", _DISABILITY, many=True),
        _idea_events(),
        _value("IEPAmendedDate", "iepAmendedDate", "date"),
        _value("MedicallyFragile", "medicallyFragile", "bool"),
        _value("MultiplyDisabled", "multiplyDisabled", "bool"),
        _descriptor("ReasonExited", "reasonExitedDescriptor", "ReasonExitedDescriptor"),
        _hours("SchoolHoursPerWeek", "schoolHoursPerWeek"),
        _hours("SpecialEducationHoursPerWeek", "specialEducationHoursPerWeek"),
        _descriptor(
            "SpecialEducationSetting",
            "specialEducationSettingDescriptor",
            "SpecialEducationSettingDescriptor",
        ),
    ),
)
_GOAL = _Type(
    "StudentIEPGoal",
    (
        _ref("StudentIEPReference", "studentIEPReference", _STUDENT_IEP),
        _value("IEPGoalIdentifier", "iepGoalIdentifier"),
        _value("IEPGoalDetails", "iepGoalDetails"),
        _descriptor("IEPGoalType", "iepGoalTypeDescriptor", "IEPGoalTypeDescriptor"),
        _object("GoalAchievementPeriod", "achievementPeriod", _PERIOD),
        _idea_events(),
    ),
)
_SERVICE_PRESCRIPTION = _Type(
    "StudentIEPServicePrescription",
    (
        _ref("StudentIEPReference", "studentIEPReference", _STUDENT_IEP),
        _descriptor(
            "ServicePrescription", "servicePrescriptionDescriptor", "ServicePrescriptionDescriptor"
        ),
        _value("ServicePrescriptionDate", "servicePrescriptionDate", "date"),
        _value("BeginDate", "beginDate", "date"),
        _value("Duration", "duration", "int"),
        _descriptor(
            "DurationInterval", "durationIntervalDescriptor", "DurationIntervalDescriptor"
        ),
        _value("EndDate", "endDate", "date"),
        # Frequency: xs:decimal, totalDigits 9, fractionDigits 2.
        _Field("Frequency", "frequency", "decimal", digits=9),
        _descriptor(
            "FrequencyInterval", "frequencyIntervalDescriptor", "FrequencyIntervalDescriptor"
        ),
        _idea_events(),
        _descriptor(
            "ServiceLocationType",
            "serviceLocationTypeDescriptor",
            "ServiceLocationTypeDescriptor",
        ),
        _ref("StaffReference", "staffs", _STAFF, many=True, item="staffReference"),
    ),
)
_SERVICE_DELIVERY = _Type(
    "StudentIEPServiceDelivery",
    (
        _ref("StudentIEPReference", "studentIEPReference", _STUDENT_IEP),
        _value("IEPServiceDeliveryIdentifier", "iepServiceDeliveryIdentifier"),
        _descriptor("ServiceDelivery", "serviceDeliveryDescriptor", "ServiceDeliveryDescriptor"),
        _value("ServiceDeliveryDate", "serviceDeliveryDate", "date"),
        _idea_events(),
        _object("Provider", "providers", _PROVIDER, many=True),
        _ref(
            "StudentIEPServicePrescriptionReference",
            "studentIEPServicePrescriptionReference",
            _PRESCRIPTION,
        ),
    ),
)
_IDEA_EVENT_ENTITY = _Type(
    "IDEAEvent",
    (
        _ref("StudentReference", "studentReference", _STUDENT),
        _ref("EducationOrganizationReference", "educationOrganizationReference", _EDORG),
        _value("IDEAEventIdentifier", "ideaEventIdentifier"),
        _descriptor("IDEAEventType", "ideaEventTypeDescriptor", "IDEAEventTypeDescriptor"),
        _value("BeginDate", "beginDate", "date"),
        _value("EndDate", "endDate", "date"),
        _descriptor("EventCompliance", "eventComplianceDescriptor", "EventComplianceDescriptor"),
        _value("EventNarrative", "eventNarrative"),
        _descriptor("EventReason", "eventReasonDescriptor", "EventReasonDescriptor"),
    ),
)


@attrs.frozen
class _Entity:
    resource: str
    type: _Type
    versions: frozenset[str]


# In the order a loader needs them: what is referred to comes before what refers to it.
_ENTITIES: Final[tuple[_Entity, ...]] = (
    _Entity("studentSpecialEducationProgramAssociations", _PROGRAM_ASSOCIATION, _ALL),
    _Entity(
        "studentSpecialEducationProgramEligibilityAssociations", _ELIGIBILITY_ASSOCIATION, _V5UP
    ),
    _Entity("ideaEvents", _IDEA_EVENT_ENTITY, _V61),
    _Entity("studentIEPs", _STUDENT_IEP_ENTITY, _V61),
    _Entity("studentIEPGoals", _GOAL, _V61),
    _Entity("studentIEPServicePrescriptions", _SERVICE_PRESCRIPTION, _V61),
    _Entity("studentIEPServiceDeliveries", _SERVICE_DELIVERY, _V61),
)
_BY_ELEMENT: Final = {entity.type.name: entity for entity in _ENTITIES}
_BY_RESOURCE: Final = {entity.resource: entity for entity in _ENTITIES}

ELEMENTS: Final[Mapping[str, str]] = {entity.type.name: entity.resource for entity in _ENTITIES}
"""Each interchange element this module reads and writes, and its API resource name."""


# --- reading ----------------------------------------------------------------------------------


@attrs.frozen
class _Issue:
    """Something wrong in a record: the body path, a message without the value, a severity."""

    path: str
    message: str
    severity: _Severity = "error"


@attrs.frozen
class _Found:
    """A record read from the file (``body`` is None when an error refused it)."""

    record: int
    element: str
    body: dict[str, Any] | None
    issues: tuple[_Issue, ...]


@attrs.frozen
class _Refused:
    """The rest of the file cannot be read (hostile or not well-formed XML)."""

    message: str


def _defused() -> Any:
    """The ElementTree of defusedxml, imported only when XML is read."""
    try:
        return importlib.import_module("defusedxml.ElementTree")
    except ImportError:
        msg = (
            "reading Ed-Fi XML needs the defusedxml package, which parses it safely; "
            "install it with: pip install 'iepmodel[edfi]'"
        )
        raise XmlUnavailableError(msg) from None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


class _Reader:
    """Turns one element into a body, collecting what is wrong instead of stopping."""

    def __init__(self, version: str, namespace: str) -> None:
        self.version = version
        self.namespace = namespace.rstrip("/")
        self.issues: list[_Issue] = []

    def problem(self, path: str, message: str, severity: _Severity = "error") -> None:
        self.issues.append(_Issue(path, message, severity))

    def fields(self, element: ET.Element, type_: _Type, path: str, out: dict[str, Any]) -> None:
        """Read the children of *element*, of complex type *type_*, into *out*."""
        if (element.text or "").strip():
            self.problem(path, f"{type_.name} holds text outside its elements; it was left out")
        for child in element:
            name = _local(child.tag)
            field = type_.by_xml.get(name)
            if field is None:
                self.problem(
                    path,
                    f"element {name} is not an element of {type_.name} that iepmodel knows; "
                    "it was left out",
                    "warning",
                )
                continue
            where = _join(path, field.json)
            if self.version not in field.versions:
                self.problem(
                    where,
                    f"element {name} is not part of Ed-Fi {self.version}; it was read anyway",
                    "warning",
                )
            if field.kind == "identity":
                assert field.type is not None
                self.reference(child, field.type, path, out)
                continue
            if field.many:
                items: list[Any] = out.setdefault(field.json, [])
                where = f"{where}[{len(items)}]"
                value = self.value(child, field, where)
                items.append({field.item: value} if field.item else value)
                continue
            if field.json in out:
                self.problem(where, f"element {name} is repeated; it may appear once")
                continue
            out[field.json] = self.value(child, field, where)

    def value(self, element: ET.Element, field: _Field, path: str) -> Any:
        """The body value of one element."""
        if field.kind == "object":
            assert field.type is not None
            obj: dict[str, Any] = {}
            self.fields(element, field.type, path, obj)
            return obj
        if field.kind == "reference":
            assert field.type is not None
            ref: dict[str, Any] = {}
            self.reference(element, field.type, path, ref)
            return ref
        if len(element):
            self.problem(path, f"element {field.xml} holds elements; expected a value")
            return None
        # Whitespace around a value is layout, not data (Ed-Fi's API refuses identifiers
        # and texts that begin or end with a space), so an indented file reads the same.
        text = (element.text or "").strip(_XML_SPACE)
        if field.kind == "string":
            return text
        return self.scalar(text, field, path)

    def scalar(self, text: str, field: _Field, path: str) -> Any:
        """A value from the text of a simple element (never quoted in a problem)."""
        kind = field.kind
        if kind == "descriptor":
            if not text:
                self.problem(path, f"element {field.xml} is empty; expected a descriptor")
                return None
            if "#" in text:
                return text
            # A bare code value: the descriptor's URI in the namespace given.
            return f"{self.namespace}/{field.descriptor}#{text}"
        if kind == "bool":
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            self.problem(path, f"element {field.xml} is not a boolean (true, false, 1 or 0)")
            return None
        if kind == "date":
            return self.date(text, field, path)
        if kind in ("int", "long"):
            limit = _INT32 if kind == "int" else _INT64
            if _INTEGER.fullmatch(text) and -limit <= int(text) < limit:
                return int(text)
            self.problem(path, f"element {field.xml} is not a whole number in range")
            return None
        # A decimal: a JSON number. Real data breaks the XSD's digit limits at times;
        # the value is kept as it is (the writer rounds to 2 places).
        if _DECIMAL.fullmatch(text):
            return float(decimal.Decimal(text))
        self.problem(path, f"element {field.xml} is not a decimal number")
        return None

    def date(self, text: str, field: _Field, path: str) -> str | None:
        match = _DATE.fullmatch(text)
        if match is not None:
            try:
                dt.date.fromisoformat(match[1])
            except ValueError:
                pass
            else:
                if match[2]:
                    self.problem(
                        path,
                        f"element {field.xml} has a time zone, which a date does not keep; "
                        "it was dropped",
                        "warning",
                    )
                return match[1]
        self.problem(path, f"element {field.xml} is not a date (YYYY-MM-DD)")
        return None

    def reference(self, element: ET.Element, type_: _Type, path: str, out: dict[str, Any]) -> None:
        """The identity of a reference element, flattened into *out*."""
        identity = lookup = None
        for child in element:
            name = _local(child.tag)
            if name == type_.identity:
                identity = child
            elif name == type_.lookup:
                lookup = child
            else:
                self.problem(path, f"element {name} is not part of a {type_.name} reference")
        if identity is not None:
            self.fields(identity, type_, path, out)
            return
        if lookup is not None:
            self.lookup(lookup, type_, path, out)
            return
        if element.get("ref") is not None:
            self.problem(
                path,
                f"the {type_.name} reference points at an element of the file (ref) but "
                "gives no identity; give its identity element",
            )
        else:
            self.problem(path, f"the {type_.name} reference gives no identity")

    def lookup(self, element: ET.Element, type_: _Type, path: str, out: dict[str, Any]) -> None:
        """A lookup: only the identity's own elements are used; the others are not."""
        ignored = False
        for child in element:
            name = _local(child.tag)
            field = type_.by_xml.get(name)
            if field is None:
                ignored = True
                continue
            if field.kind == "identity":
                assert field.type is not None
                self.reference(child, field.type, path, out)
            else:
                out[field.json] = self.value(child, field, _join(path, field.json))
        if ignored:
            self.problem(
                path,
                f"the {type_.name} lookup has elements other than its identity's; "
                "only the identity is used",
                "warning",
            )
        missing = [
            field.xml
            for field in type_.fields
            if field.kind != "identity" and field.json not in out
        ]
        if missing:
            self.problem(
                path, f"the {type_.name} lookup lacks {', '.join(missing)}; give the identity"
            )


# A Student (Interchange-Student) is read for the two values a plan needs: the id and the
# birth date (a child of Student, or of its BirthData). The rest of the record, names and
# all, is left alone: it is not special-education data.
_STUDENT_ELEMENT: Final = "Student"
_STUDENT_ID = _value("StudentUniqueId", "studentUniqueId")
_BIRTH_DATE = _value("BirthDate", "birthDate", "date")


def _read_student(element: ET.Element, reader: _Reader) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for child in element:
        name = _local(child.tag)
        grandchildren = list(child) if name == "BirthData" else []
        for node in (child, *grandchildren):
            field = {"StudentUniqueId": _STUDENT_ID, "BirthDate": _BIRTH_DATE}.get(
                _local(node.tag)
            )
            if field is None or (field is _STUDENT_ID and node is not child):
                continue
            if field.json in body:
                reader.problem(field.json, f"element {field.xml} is repeated; it may appear once")
            else:
                body[field.json] = reader.value(node, field, field.json)
    return body


def _read_record(element: ET.Element, record: int, version: str, namespace: str) -> _Found:
    name = _local(element.tag)
    entity = _BY_ELEMENT.get(name)
    reader = _Reader(version, namespace)
    body: dict[str, Any] = {}
    if name == _STUDENT_ELEMENT:
        body = _read_student(element, reader)
    elif entity is None:
        issue = _Issue(
            "",
            f"element {name} is not a special-education element iepmodel imports; it was skipped",
            "warning",
        )
        return _Found(record, name, None, (issue,))
    else:
        if version not in entity.versions:
            message = f"{name} is not part of Ed-Fi {version}; it was read anyway"
            reader.problem("", message, "warning")
        reader.fields(element, entity.type, "", body)
    issues = tuple(reader.issues)
    failed = any(issue.severity == "error" for issue in issues)
    return _Found(record, name, None if failed else body, issues)


_HOSTILE: Final = (
    (
        "DTDForbidden",
        (
            "it declares a document type (DTD), where entities and external references "
            "hide, and Ed-Fi files never need one"
        ),
    ),
    ("EntitiesForbidden", "it declares entities, which can expand without bound"),
    ("ExternalReferenceForbidden", "it refers to an external resource"),
    ("NotSupportedError", "it uses an XML feature that is not supported"),
)


def _events(source: IO[bytes], version: str, namespace: str) -> Iterator[_Found | _Refused]:
    """The records of one XML document, then at most one `_Refused` that ends it."""
    defused = _defused()
    defused_error: type[Exception] = importlib.import_module("defusedxml").DefusedXmlException
    depth = 0
    root: ET.Element | None = None
    root_is_record = False
    record = 0
    events = defused.iterparse(
        source,
        events=("start", "end"),
        forbid_dtd=True,
        forbid_entities=True,
        forbid_external=True,
    )
    try:
        for event, element in events:
            if event == "start":
                if root is None:
                    root = element
                    root_is_record = _local(element.tag) in _BY_ELEMENT
                depth += 1
                continue
            depth -= 1
            # Records are the root's children, or the root itself when it is one.
            if (depth == 0) if root_is_record else (depth == 1):
                record += 1
                yield _read_record(element, record, version, namespace)
                if root is not None and not root_is_record:
                    root.clear()  # memory stays flat however long the file is
    except defused_error as error:
        reason = dict(_HOSTILE).get(type(error).__name__, "it uses an XML feature refused here")
        yield _Refused(f"refused as unsafe XML: {reason}; nothing of it was read")
    except ET.ParseError as error:
        line, column = error.position
        done = f"the {record} record(s) before it were read" if record else "nothing was read"
        yield _Refused(f"not well-formed XML at line {line} column {column}; {done}")


def read_xml(
    source: IO[bytes] | bytes,
    *,
    file: str,
    version: str = "5.2",
    namespace: str = _DEFAULT_NAMESPACE,
) -> Iterator[Record | Problem]:
    """
    The records of an Ed-Fi XML interchange document, as API bodies, with its problems.

    Args:
        source: the document: a binary stream or bytes (the XML declaration names its
            encoding).
        file: how problems and records name the file (a path, or ``<stdin>``).
        version: the Data Standard the file follows: ``4.0``, ``5.1``, ``5.2``, ``6.1``.
            An element of another version is still read, with a warning.
        namespace: the descriptor namespace a bare code value is put in
            (``uri://district.example`` makes ``Autism`` into
            ``uri://district.example/DisabilityDescriptor#Autism``).

    Yields:
        A `Record` for each special-education element, in file order (``record`` is its
        position among the document's elements, from 1; ``resource`` its API name; a
        ``Student`` gives a ``students`` body of its id and birth date only), and
        a `Problem` for each thing wrong: an error refuses its record (no `Record` for
        it), a warning does not. Unsafe or broken XML ends the file with an error
        `Problem` whose ``record`` is None.

    Raises:
        XmlUnavailableError: defusedxml is not installed.
    """
    if version not in XML_NAMESPACES:
        msg = f"unknown Ed-Fi version {version!r}; use one of {', '.join(XML_NAMESPACES)}"
        raise ValueError(msg)
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    for item in _events(stream, version, namespace):
        if isinstance(item, _Refused):
            yield Problem(file=file, record=None, path="", message=item.message, severity="error")
            continue
        for issue in item.issues:
            yield Problem(
                file=file,
                record=item.record,
                path=issue.path,
                message=issue.message,
                severity=issue.severity,
            )
        if item.body is not None:
            resource = ELEMENTS.get(item.element, STUDENTS)
            yield Record(body=item.body, resource=resource, file=file, record=item.record)


# --- writing ----------------------------------------------------------------------------------


class _Writer:
    def __init__(self, version: str, resource: str) -> None:
        self.version = version
        self.resource = resource

    def fail(self, path: str, message: str) -> XmlWriteError:
        where = f"{self.resource}: {path}" if path else self.resource
        return XmlWriteError(f"{where}: {message}")

    def fields(
        self, parent: ET.Element, body: Mapping[str, Any], type_: _Type, path: str
    ) -> set[str]:
        """Write *body*'s keys of *type_* as children of *parent*; return the keys used."""
        used: set[str] = set()
        for field in type_.fields:
            if field.kind == "identity":
                assert field.type is not None
                if any(body.get(key) is not None for key in _identity_keys(field.type)):
                    element = ET.SubElement(parent, field.xml)
                    used |= self.identity(element, body, field.type, path)
                continue
            value = body.get(field.json)
            if value is None:
                continue
            used.add(field.json)
            where = _join(path, field.json)
            if self.version not in field.versions:
                raise self.fail(where, f"Ed-Fi {self.version} XML has no element for it")
            if not field.many:
                self.element(parent, field, value, where)
                continue
            items = _list(value)
            if items is None:
                raise self.fail(where, "expected an array")
            for index, item in enumerate(items):
                at = f"{where}[{index}]"
                if field.item is None:
                    self.element(parent, field, item, at)
                    continue
                wrapper = _mapping(item)
                if wrapper is None or set(wrapper) != {field.item}:
                    raise self.fail(at, f"expected an object with {field.item} only")
                self.element(parent, field, wrapper[field.item], _join(at, field.item))
        return used

    def complete(
        self, parent: ET.Element, body: Any, type_: _Type, path: str, *, identity: bool
    ) -> None:
        """Write *body* (an object) under *parent*, refusing keys with no element."""
        obj = _mapping(body)
        if obj is None:
            raise self.fail(path, "expected an object")
        if identity:
            assert type_.identity is not None
            parent = ET.SubElement(parent, type_.identity)
        used = self.fields(parent, obj, type_, path)
        unknown = sorted(str(key) for key in set(obj) - used if obj[key] is not None)
        if unknown:
            raise self.fail(_join(path, unknown[0]), "Ed-Fi XML has no element for this key")

    def identity(
        self, element: ET.Element, body: Mapping[str, Any], type_: _Type, path: str
    ) -> set[str]:
        assert type_.identity is not None
        inner = ET.SubElement(element, type_.identity)
        return self.fields(inner, body, type_, path)

    def element(self, parent: ET.Element, field: _Field, value: Any, path: str) -> None:
        child = ET.SubElement(parent, field.xml)
        if field.type is not None:
            self.complete(child, value, field.type, path, identity=field.kind == "reference")
        else:
            child.text = self.text(field, value, path)

    def text(self, field: _Field, value: Any, path: str) -> str:
        kind = field.kind
        if kind in ("string", "descriptor"):
            if not isinstance(value, str):
                raise self.fail(path, "expected a string")
            if _NOT_XML.search(value):
                raise self.fail(path, "holds a control character that XML 1.0 cannot carry")
            return value
        if kind == "bool":
            if isinstance(value, bool):
                return "true" if value else "false"
            raise self.fail(path, "expected true or false")
        if kind == "date":
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                return value.isoformat()
            if isinstance(value, str) and _DATE.fullmatch(value) and len(value) == 10:
                return value
            raise self.fail(path, "expected a date (YYYY-MM-DD)")
        if kind in ("int", "long"):
            if isinstance(value, int) and not isinstance(value, bool):
                return str(value)
            raise self.fail(path, "expected a whole number")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = decimal.Decimal(repr(value)).quantize(
                decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_EVEN
            )
            if number.is_finite() and len(number.as_tuple().digits) <= field.digits:
                return f"{number:.2f}"
        raise self.fail(path, f"expected a number of at most {field.digits} digits")


def _mapping(value: Any) -> Mapping[str, Any] | None:
    return cast("Mapping[str, Any]", value) if isinstance(value, Mapping) else None


def _list(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        items: list[Any] = value  # pyright: ignore[reportUnknownVariableType]
        return items
    return None


def _identity_keys(type_: _Type) -> set[str]:
    keys: set[str] = set()
    for field in type_.fields:
        if field.kind == "identity":
            assert field.type is not None
            keys |= _identity_keys(field.type)
        else:
            keys.add(field.json)
    return keys


def _entity_element(
    entity: _Entity, body: Mapping[str, Any], version: str, index: int
) -> ET.Element:
    element = ET.Element(entity.type.name)
    writer = _Writer(version, f"{entity.resource}[{index}]")
    writer.complete(element, body, entity.type, "", identity=False)
    return element


def write_xml(
    stream: IO[bytes],
    resources: Mapping[str, Iterable[Mapping[str, Any]]],
    *,
    version: str = "5.2",
    root: str = _ROOT,
) -> int:
    """
    Write bodies as one Ed-Fi XML interchange document; return how many were written.

    Args:
        stream: a binary stream; the document is UTF-8 with an XML declaration.
        resources: bodies by API resource name (``studentIEPs`` ...), such as
            `Export.resources`; written in dependency order (program associations,
            eligibility associations, IDEA events, IEPs, goals, prescriptions,
            deliveries), each resource's bodies in their order.
        version: the Data Standard to write: its XML namespace and element order.
        root: the interchange element that holds the records.

    Raises:
        XmlWriteError: a resource this module does not write, a resource that is not
            part of *version*, or a body key or value the version's XML cannot hold
            (the message names the resource, the body's index and the path).
    """
    if version not in XML_NAMESPACES:
        msg = f"unknown Ed-Fi version {version!r}; use one of {', '.join(XML_NAMESPACES)}"
        raise ValueError(msg)
    unknown = sorted(set(resources) - set(_BY_RESOURCE))
    if unknown:
        raise XmlWriteError(f"{unknown[0]}: not a resource iepmodel writes as Ed-Fi XML")
    namespace = XML_NAMESPACES[version]
    stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(f'<{root} xmlns="{namespace}">\n'.encode())
    count = 0
    for entity in _ENTITIES:
        bodies = resources.get(entity.resource)
        if bodies is None:
            continue
        for index, body in enumerate(bodies):
            if version not in entity.versions:
                msg = f"{entity.resource}: not part of Ed-Fi {version}"
                raise XmlWriteError(msg)
            element = _entity_element(entity, body, version, index)
            ET.indent(element, space="  ", level=1)
            stream.write(b"  ")
            data = ET.tostring(element, encoding="utf-8", short_empty_elements=True)
            # A carriage return in a value would be read back as a newline: keep it as a
            # character reference (indentation writes no carriage returns of its own).
            stream.write(data.replace(b"\r", b"&#13;"))
            stream.write(b"\n")
            count += 1
    stream.write(f"</{root}>\n".encode())
    return count


def to_xml(
    resources: Mapping[str, Iterable[Mapping[str, Any]]],
    *,
    version: str = "5.2",
    root: str = _ROOT,
) -> bytes:
    """
    The Ed-Fi XML interchange document of *resources*, as bytes (see `write_xml`).

    >>> from iepmodel.interop.edfi._xml import to_xml
    >>> body = {
    ...     "studentReference": {"studentUniqueId": "S1"},
    ...     "programReference": {
    ...         "educationOrganizationId": 255901,
    ...         "programName": "Special Education",
    ...         "programTypeDescriptor": "uri://ed-fi.org/ProgramTypeDescriptor#Special Education",
    ...     },
    ...     "beginDate": "2025-08-20",
    ...     "educationOrganizationReference": {"educationOrganizationId": 255901},
    ...     "ideaEligibility": True,
    ...     "schoolHoursPerWeek": 32.5,
    ... }
    >>> text = to_xml({"studentSpecialEducationProgramAssociations": [body]}).decode()
    >>> "<SchoolHoursPerWeek>32.50</SchoolHoursPerWeek>" in text
    True
    """
    buffer = io.BytesIO()
    write_xml(buffer, resources, version=version, root=root)
    return buffer.getvalue()
