"""The Ed-Fi mapping: bodies valid against the official schemas, exact round trips, problems."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import attrs
import pytest

import iepmodel
from edfi_helpers import canonical, flat, hand_bodies, schema_errors
from iepmodel import sample
from iepmodel.interop import edfi
from iepmodel.interop.edfi._descriptors import tables

ORG = 255901
DISTRICT = {"DisabilityDescriptor": "uri://district.example/DisabilityDescriptor"}
EXIT_FIELDS = (
    "specialEducationExitDate",
    "specialEducationExitReasonDescriptor",
    "specialEducationExitExplained",
)
FIELDS_52 = ("shortenedSchoolDayIndicator", "reductionInHoursPerWeekComparedToPeers")


@pytest.fixture(scope="module")
def district() -> list[iepmodel.IEP]:
    return sample.plans()


# --- the descriptor data -------------------------------------------------------------


def test_every_mapped_code_value_is_an_ed_fi_default_value() -> None:
    """The tables name only codeValues of Ed-Fi's default lists (checked against the copies)."""
    known = json.loads((_data() / "code-values.json").read_text("utf-8"))
    for table in tables().values():
        if table.descriptor not in known:  # the grade list is not among the copies
            assert table.name == "grade_level"
            continue
        values = set(known[table.descriptor])
        written = {v for v in table.to_edfi.values() if isinstance(v, str)}
        assert written <= values, (table.name, written - values)
        assert set(table.from_edfi) <= values, (table.name, set(table.from_edfi) - values)


def test_every_lossy_export_choice_has_a_note() -> None:
    """Where two iepmodel values share one Ed-Fi value, the table says so."""
    for table in tables().values():
        targets: dict[str, list[str]] = {}
        for model, code in table.to_edfi.items():
            if isinstance(code, str):
                targets.setdefault(code, []).append(model)
        for code, models in targets.items():
            if len(models) > 1 and table.name not in {"duration_interval"}:
                noted = " ".join([*table.notes, *table.notes.values()])
                assert any(m in noted for m in models) or code in noted, (table.name, models)


def _data() -> Any:
    from edfi_helpers import DATA

    return DATA


# --- recognising resources -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("ds-5", "program"),
        ("ds-5", "eligibility"),
        ("ds-5", "students"),
        ("ds-6.1", "studentIEPs"),
        ("ds-6.1", "studentIEPGoals"),
        ("ds-6.1", "studentIEPServicePrescriptions"),
        ("ds-6.1", "studentIEPServiceDeliveries"),
        ("ds-6.1", "ideaEvents"),
    ],
)
def test_recognize(name: str, key: str) -> None:
    expected = {
        "program": "studentSpecialEducationProgramAssociations",
        "eligibility": "studentSpecialEducationProgramEligibilityAssociations",
    }.get(key, key)
    for body in hand_bodies(name)[key]:
        assert edfi.recognize(body) == expected


# --- export: the sample district -----------------------------------------------------


@pytest.mark.parametrize("version", edfi.VERSIONS)
def test_sample_district_bodies_validate(district: list[iepmodel.IEP], version: str) -> None:
    out = edfi.to_edfi(district, version=version)  # every plan names its organization
    assert schema_errors(version, dict(out.resources)) == []
    assert not [loss for loss in out.losses if loss.path == "responsible_organization"]
    programs = out.resources["studentSpecialEducationProgramAssociations"]
    assert len(programs) == len(district)
    if version == "6.1":
        assert len(out.resources["studentIEPs"]) == len(district)
        assert "studentSpecialEducationProgramEligibilityAssociations" not in out.resources
    else:
        assert "studentIEPs" not in out.resources
    for body in programs:
        if version in ("4.0", "5.1"):
            assert not set(FIELDS_52) & body.keys()
        if version == "4.0":
            assert not set(EXIT_FIELDS) & body.keys()


def test_without_an_organization_nothing_is_written_and_it_is_reported(
    district: list[iepmodel.IEP],
) -> None:
    plan = attrs.evolve(district[0], responsible_organization=None)
    out = edfi.to_edfi(plan)
    assert dict(out.resources) == {}
    assert [(loss.plan_id, loss.path) for loss in out.losses] == [
        (plan.id, "responsible_organization")
    ]
    assert "integer education organization id" in out.losses[0].reason


def test_a_non_integer_organization_id_falls_back_to_the_default(
    district: list[iepmodel.IEP],
) -> None:
    plan = attrs.evolve(
        district[0], responsible_organization=iepmodel.EducationOrganization(id="MV-01")
    )
    out = edfi.to_edfi(plan, version="5.2", organization_id=ORG)
    body = out.resources["studentSpecialEducationProgramAssociations"][0]
    assert body["educationOrganizationReference"] == {"educationOrganizationId": ORG}
    assert any(loss.path == "responsible_organization.id" for loss in out.losses)


def test_district_namespace(district: list[iepmodel.IEP]) -> None:
    out = edfi.to_edfi(
        district[:20],
        version="6.1",
        namespace="uri://district.example",
        descriptors={"DisabilityDescriptor": "uri://state.example/Disability"},
        organization_id=ORG,
        report_losses=False,
    )
    uris = [v for v in _strings(out.resources) if "Descriptor#" in v or "/Disability#" in v]
    assert uris
    for uri in uris:
        if "#" in uri and "Disability#" in uri:
            assert uri.startswith("uri://state.example/Disability#")
        else:
            assert uri.startswith("uri://district.example/")


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _plan(**changes: Any) -> iepmodel.IEP:
    base = iepmodel.IEP(
        id="P-1",
        kind=iepmodel.PlanKind.ANNUAL,
        student=iepmodel.Student(
            id="S-1",
            date_of_birth=dt.date(2015, 3, 1),
            disabilities=(iepmodel.DisabilityCategory.DEAFNESS,),
        ),
        start_date=dt.date(2025, 10, 1),
        end_date=dt.date(2026, 9, 30),
        responsible_organization=iepmodel.EducationOrganization(id=str(ORG)),
        finalized_date=dt.date(2025, 9, 25),
    )
    return attrs.evolve(base, **changes)


def test_frequency_and_duration_rule() -> None:
    """30 minutes a session, twice a week: duration 30, frequency 2, both intervals Week."""
    speech = iepmodel.Service(
        type=iepmodel.ServiceType.SPEECH_LANGUAGE,
        minutes=30,
        sessions=2,
        per=iepmodel.Period.WEEK,
        start_date=dt.date(2025, 10, 1),
        setting=iepmodel.ServiceSetting.SPECIAL_EDUCATION,
    )
    daily = attrs.evolve(
        speech,
        type=iepmodel.ServiceType.TRANSPORTATION,
        minutes=20,
        sessions=1,
        per=iepmodel.Period.DAY,
    )
    out = edfi.to_edfi(_plan(services=(speech, daily)), version="6.1")
    first, second = out.resources["studentIEPServicePrescriptions"]
    assert (first["duration"], first["frequency"]) == (30, 2)
    assert first["durationIntervalDescriptor"].endswith("DurationIntervalDescriptor#Week")
    assert first["frequencyIntervalDescriptor"].endswith("FrequencyIntervalDescriptor#Week")
    assert second["frequencyIntervalDescriptor"].endswith("#Day")
    assert second["durationIntervalDescriptor"].endswith("#Week")  # DurationInterval has no Day
    back = edfi.from_edfi(
        [edfi.Record(body=b, resource=r) for r, bs in out.resources.items() for b in bs],
        version="6.1",
    )
    services = back.plans[0].services
    assert [(s.minutes, s.sessions, s.per) for s in services] == [
        (30, 2, iepmodel.Period.WEEK),
        (20, 1, iepmodel.Period.DAY),
    ]


def test_export_losses_name_the_paths() -> None:
    goal = iepmodel.Goal(
        id="G1",
        area=iepmodel.GoalArea.READING,
        statement="Reads 100 words a minute.",
        objectives=(iepmodel.Objective(statement="Reads 60 words a minute."),),
    )
    out = edfi.to_edfi(_plan(goals=(goal,)), version="6.1")
    paths = {loss.path: loss.reason for loss in out.losses}
    assert paths["goals[0].objectives"] == "Ed-Fi has no short-term objectives"
    assert "goals[0].type" in paths  # not recorded: written from the area
    assert "student.disabilities[0]" in paths  # deafness reads back as hearing impairment
    assert "student.date_of_birth" in paths
    assert all(loss.plan_id == "P-1" for loss in out.losses)


def test_due_dates_in_6_1() -> None:
    meeting = iepmodel.Meeting(date=dt.date(2025, 9, 25))
    evaluation = iepmodel.Evaluation(
        kind=iepmodel.EvaluationKind.REEVALUATION, completed_date=dt.date(2024, 5, 20)
    )
    out = edfi.to_edfi(_plan(meeting=meeting, evaluations=(evaluation,)), version="6.1")
    body = out.resources["studentSpecialEducationProgramAssociations"][0]
    assert body["iepLastReviewDate"] == "2025-09-25"
    assert body["iepReviewDueDate"] == "2026-09-24"  # 34 CFR 300.324(b)(1)(i): within a year
    assert body["iepLastEvaluationDate"] == "2024-05-20"
    assert body["iepEvaluationDueDate"] == "2027-05-19"  # 34 CFR 300.303(b)(2): three years
    assert "iepReviewDate" not in body
    assert "lastEvaluationDate" not in body


# --- import: hand-written bodies ------------------------------------------------------


def _records(data: dict[str, Any], *, keys: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    return [
        b for k, bs in data.items() if k != "about" and (keys is None or k in keys) for b in bs
    ]


def _good(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for k, bs in data.items() if k not in ("about", "bad", "students") for b in bs]


def _for_4_0(data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    for body in data["program"]:
        for key in (*EXIT_FIELDS, *FIELDS_52):
            body.pop(key, None)
    return data


CASES = [
    ("4.0", lambda: _for_4_0(hand_bodies("ds-5"))),
    ("5.1", lambda: hand_bodies("ds-5")),
    ("5.2", lambda: hand_bodies("ds-5.2")),
    ("6.1", lambda: hand_bodies("ds-6.1")),
]


@pytest.mark.parametrize(("version", "load"), CASES, ids=[c[0] for c in CASES])
def test_edfi_to_iepmodel_to_edfi_is_exact(version: str, load: Any) -> None:
    data = load()
    result = edfi.from_edfi(_records(data), version=version, descriptors=DISTRICT)
    assert result.records == len(_records(data))
    again = edfi.to_edfi(result.plans, version=version, descriptors=DISTRICT)
    assert canonical(flat(dict(again.resources))) == canonical(_good(data))
    # the plans themselves are valid documents
    for plan in result.plans:
        assert iepmodel.from_json(iepmodel.to_json(plan)) == plan


@pytest.mark.parametrize(("version", "load"), CASES, ids=[c[0] for c in CASES])
def test_hand_bodies_are_valid_ed_fi(version: str, load: Any) -> None:
    """The hand-written good bodies themselves meet the official schemas."""
    data = load()
    resources: dict[str, list[dict[str, Any]]] = {}
    for body in _good(data):
        resource = edfi.recognize(body)
        assert resource is not None
        if (
            version == "6.1"
            and resource == "studentSpecialEducationProgramEligibilityAssociations"
        ):
            continue  # no 6.1 schema of it here; it is the 5.x body
        resources.setdefault(resource, []).append(body)
    assert schema_errors(version, resources) == []


def test_5_2_import_reads_fields_and_keeps_the_rest() -> None:
    data = hand_bodies("ds-5.2")
    result = edfi.from_edfi(_records(data), version="5.2", descriptors=DISTRICT)
    plans = {plan.student.id: plan for plan in result.plans}
    assert list(plans) == ["604822", "604834", "604901", "605010", "609997"]  # input order
    first = plans["604822"]
    assert first.student.date_of_birth == dt.date(2011, 4, 2)  # from the students record
    assert first.start_date == dt.date(2021, 9, 15)
    assert first.shortened_school_day is True
    assert first.hours_reduced_per_week == 2.5
    assert first.school_hours_per_week == 32.5
    assert first.meeting is not None
    assert first.meeting.date == dt.date(2021, 9, 10)
    assert first.placement is not None
    assert first.placement.regular_class_percent >= 80
    assert [d.value for d in first.student.disabilities] == [
        "specific_learning_disability",
        "speech_language_impairment",
    ]
    (evaluation,) = first.evaluations
    assert evaluation.kind is iepmodel.EvaluationKind.INITIAL
    assert evaluation.consent_date == dt.date(2021, 6, 1)
    assert evaluation.consent_signed_date == dt.date(2021, 5, 28)
    assert evaluation.eligibility_outcome is iepmodel.EligibilityOutcome.ELIGIBLE
    assert evaluation.eligibility_delay_reason is iepmodel.EligibilityDelayReason.PARENT_DELAY
    assert evaluation.idea_part is iepmodel.IdeaPart.PART_B
    kept = first.extensions["ed-fi"] if first.extensions else {}
    assert kept["version"] == "5.2"
    assert "student.date_of_birth" not in kept.get("assumed", ())
    lost = {(loss.plan_id, loss.path) for loss in result.losses}
    assert (first.id, "studentSpecialEducationProgramAssociations.multiplyDisabled (plan)") in lost
    graduate = plans["604834"]
    assert graduate.program_participation is not None
    assert (
        graduate.program_participation.exit_reason is iepmodel.ExitReason.GRADUATED_REGULAR_DIPLOMA
    )
    district = plans["604901"]
    assert [d.value for d in district.student.disabilities] == ["autism"]  # Dyslexia is kept
    assert district.medically_fragile is True
    early = plans["605010"]
    assert [d.value for d in early.student.disabilities] == ["developmental_delay"]
    (part_c,) = early.evaluations
    assert part_c.idea_part is iepmodel.IdeaPart.PART_C


def test_problems_name_records_and_keys_never_values() -> None:
    data = hand_bodies("ds-5.2")
    result = edfi.from_edfi(_records(data), version="5.2")
    errors = sorted((p.record, p.path) for p in result.problems if p.severity == "error")
    first_bad = len(_records(data)) - len(data["bad"]) + 1
    assert errors == [
        (first_bad, "beginDate"),
        (first_bad + 1, "studentReference.studentUniqueId"),
        (first_bad + 2, "beginDate"),
        (first_bad + 3, "studentReference.studentUniqueId"),
    ]
    warnings = {(p.path, p.message) for p in result.problems if p.severity == "warning"}
    assert ("endDate", "the program ends after the special-education exit date") in warnings
    assert (
        "specialEducationExitReasonDescriptor",
        "an exit reason without an exit date",
    ) in warnings
    values = set(_strings(data)) - {""}
    for problem in result.problems:
        assert not any(v in problem.message for v in values if len(v) > 3)
        assert set(problem.to_dict()) == {"file", "record", "path", "message", "severity"}
    assert (
        "iepEndDate",
        "the IEP ends before it begins: the plan ends on its start date, the Ed-Fi value is kept",
    ) in warnings
    assert len(result.plans) == 5  # the bad records cost nothing else


def test_6_1_import_assembles_the_sedm() -> None:
    data = hand_bodies("ds-6.1")
    result = edfi.from_edfi(_records(data), version="6.1")
    plans = {plan.id: plan for plan in result.plans}
    assert list(plans) == ["IEP-2024-604822", "IEP-2024-605010", "606000/255901/2024-10-01"]
    main = plans["IEP-2024-604822"]
    assert main.finalized_date == dt.date(2024, 9, 12)
    assert [g.id for g in main.goals] == ["G-READ-1", "G-SOC-1"]
    assert main.goals[0].type is iepmodel.GoalType.ACADEMIC
    assert main.goals[0].period is not None
    speech = main.services[1]
    assert (speech.type, speech.minutes, speech.sessions, speech.per) == (
        iepmodel.ServiceType.SPEECH_LANGUAGE,
        30,
        2,
        iepmodel.Period.WEEK,
    )
    assert speech.location == "Speech Therapy Room (Small Group)"
    counseling = main.services[2]  # 3 sessions a quarter: 12 a year
    assert (counseling.sessions, counseling.per) == (12, iepmodel.Period.YEAR)
    assert main.program_participation is not None  # the program association attached
    assert main.extended_school_year is True
    kept = main.extensions["ed-fi"] if main.extensions else {}
    assert set(kept["kept"]) == {
        "studentIEPServicePrescriptions",  # the fractional frequency
        "studentIEPServiceDeliveries",
        "ideaEvents",
    }
    assert [(a.category.value, a.description) for a in main.accommodations] == [
        ("response", "Test response accommodation"),
        ("timing_scheduling", "Scheduling accommodation"),
    ]
    errors = [(p.record, p.path) for p in result.problems if p.severity == "error"]
    assert sorted(errors) == [(17, "studentIEPReference"), (18, "iepFinalizedDate")]


def test_an_edit_wins_over_a_kept_value() -> None:
    """A value kept from Ed-Fi is written back only while the plan still says the same."""
    data = hand_bodies("ds-5.2")
    result = edfi.from_edfi(_records(data, keys=("program",)), version="5.2", descriptors=DISTRICT)
    plan = result.plans[2]  # its Dyslexia entry is kept under extensions
    unchanged = edfi.to_edfi(plan, version="5.2", descriptors=DISTRICT)
    body = unchanged.resources["studentSpecialEducationProgramAssociations"][0]
    assert len(body["disabilities"]) == 2
    edited = attrs.evolve(
        plan,
        student=attrs.evolve(
            plan.student,
            disabilities=(
                iepmodel.DisabilityCategory.AUTISM,
                iepmodel.DisabilityCategory.DEAF_BLINDNESS,
            ),
        ),
    )
    out = edfi.to_edfi(edited, version="5.2", descriptors=DISTRICT)
    body = out.resources["studentSpecialEducationProgramAssociations"][0]
    assert [d["disabilityDescriptor"].rpartition("#")[2] for d in body["disabilities"]] == [
        "Autism Spectrum Disorders",
        "Deaf-Blindness",
    ]
    assert any("no longer match" in loss.reason for loss in out.losses)


def test_kept_values_of_another_version_are_not_written() -> None:
    data = hand_bodies("ds-5.2")
    result = edfi.from_edfi(_records(data, keys=("program",)), version="5.2")
    out = edfi.to_edfi(result.plans[0], version="5.1")
    body = out.resources["studentSpecialEducationProgramAssociations"][0]
    assert not set(FIELDS_52) & body.keys()
    assert "multiplyDisabled" not in body
    assert any(loss.path == "extensions.ed-fi" for loss in out.losses)
    assert schema_errors("5.1", dict(out.resources)) == []


@pytest.mark.parametrize(
    "garbage",
    [
        [1, "x", None, [], {}],
        [{"studentReference": 5, "programReference": [], "beginDate": 20240101}],
        [{"studentIEPIdentifier": {"a": 1}, "iepStatusDescriptor": 3}],
        [{"iepGoalIdentifier": "", "studentIEPReference": "x"}],
        [{"consentToEvaluationReceivedDate": None, "ideaPartDescriptor": None}],
        [edfi.Record(body={"a": 1}, resource="nonsense", file="f.jsonl", record=3)],
    ],
)
def test_garbage_is_reported_not_raised(garbage: list[Any]) -> None:
    for version in edfi.VERSIONS:
        result = edfi.from_edfi(garbage, version=version)
        assert result.records == len(garbage)
        assert result.plans == ()
        assert all(p.severity == "error" for p in result.problems)
        assert len({p.record for p in result.problems}) >= 1


def test_unknown_version_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="unknown Ed-Fi version"):
        edfi.from_edfi([], version="3.3")
    with pytest.raises(ValueError, match="unknown Ed-Fi version"):
        edfi.to_edfi([], version="7")


def test_grade_from_the_school_association() -> None:
    data = hand_bodies("ds-5.2")
    school = [
        {
            "studentReference": {"studentUniqueId": "604822"},
            "schoolReference": {"schoolId": 255901001},
            "entryDate": day,
            "entryGradeLevelDescriptor": f"uri://ed-fi.org/GradeLevelDescriptor#{grade}",
        }
        for day, grade in (("2020-08-24", "Fourth grade"), ("2021-08-23", "Fifth grade"))
    ]
    assert edfi.recognize(school[0]) == "studentSchoolAssociations"
    result = edfi.from_edfi([*_records(data, keys=("program",)), *school], version="5.2")
    assert result.plans[0].student.grade == "5"  # the entry on or before the IEP's start
    assert result.plans[1].student.grade is None


def test_api_response_metadata_is_left_out_and_reported() -> None:
    """A body as an Ed-Fi API returns it (id, _etag, links) imports like the one written."""
    body = copy.deepcopy(hand_bodies("ds-5.2")["program"][1])
    written = copy.deepcopy(body)
    body["id"] = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    body["_etag"] = "5250549068808622138"
    body["_lastModifiedDate"] = "2024-09-17T14:02:11Z"
    body["studentReference"]["link"] = {"rel": "Student", "href": "/ed-fi/students/abc"}
    result = edfi.from_edfi([body], version="5.2")
    assert sorted(loss.path for loss in result.losses if "metadata" in loss.reason) == [
        "studentSpecialEducationProgramAssociations._etag",
        "studentSpecialEducationProgramAssociations._lastModifiedDate",
        "studentSpecialEducationProgramAssociations.id",
        "studentSpecialEducationProgramAssociations.studentReference.link",
    ]
    out = edfi.to_edfi(result.plans, version="5.2")
    assert out.resources["studentSpecialEducationProgramAssociations"] == [written]


def test_an_iep_that_ends_before_it_begins_is_kept_with_a_warning() -> None:
    body = copy.deepcopy(hand_bodies("ds-5.2")["program"][1])
    body["iepEndDate"] = "2021-01-01"
    result = edfi.from_edfi([body], version="5.2")
    (plan,) = result.plans
    assert plan.end_date == plan.start_date
    assert [p.path for p in result.problems if p.severity == "warning"].count("iepEndDate") == 1
    out = edfi.to_edfi(plan, version="5.2")
    assert out.resources["studentSpecialEducationProgramAssociations"] == [body]


def test_a_date_written_as_midnight_reads_as_the_date() -> None:
    body = copy.deepcopy(hand_bodies("ds-5.2")["program"][1])
    body["beginDate"] = "2019-08-26T00:00:00"
    result = edfi.from_edfi([body], version="5.2")
    (plan,) = result.plans
    assert plan.program_participation is not None
    assert plan.program_participation.start_date == dt.date(2019, 8, 26)
    out = edfi.to_edfi(plan, version="5.2")
    assert out.resources["studentSpecialEducationProgramAssociations"] == [body]


def test_too_much_to_keep_drops_whole_records_first_and_says_so() -> None:
    """The extensions' size limit: deliveries are left out before the patches, reported."""
    data = hand_bodies("ds-6.1")
    (delivery,) = data["studentIEPServiceDeliveries"]
    many = [
        {**delivery, "iepServiceDeliveryIdentifier": f"DLV-{n:04}", "serviceDeliveryDate": day}
        for n, day in enumerate(
            (dt.date(2024, 9, 17) + dt.timedelta(days=d)).isoformat() for d in range(400)
        )
    ]
    bodies = [*data["studentIEPs"][:1], *data["studentIEPGoals"], *many]
    result = edfi.from_edfi(bodies, version="6.1")
    (plan,) = result.plans
    kept = plan.extensions["ed-fi"] if plan.extensions else {}
    assert "kept" not in kept  # the deliveries did not fit
    assert kept["patches"]  # the goals' kept values did
    warnings = [p.message for p in result.problems if p.severity == "warning"]
    assert "too many Ed-Fi values to keep under extensions: some are not kept" in warnings
    dropped = [loss for loss in result.losses if loss.reason.startswith("not kept")]
    assert len(dropped) == len(many)
    assert {loss.path for loss in dropped} == {"studentIEPServiceDeliveries"}
