"""Ed-Fi → iepmodel → Ed-Fi over generated Ed-Fi bodies: the same bodies come back."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from edfi_helpers import DATA, canonical, flat
from iepmodel.interop import edfi

_CODES: dict[str, list[str]] = json.loads((DATA / "code-values.json").read_text("utf-8"))
_ROOTS = ("uri://ed-fi.org", "uri://district.example")

_days = st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 12, 31)).map(
    dt.date.isoformat
)
_ids = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789-", min_size=1, max_size=12)
_hours = st.one_of(
    st.integers(min_value=0, max_value=60),
    st.floats(min_value=0, max_value=200).map(lambda x: round(x, 2)),
)


def _descriptor(name: str) -> st.SearchStrategy[str]:
    """A value of descriptor *name*: a default one, a district one or an unknown one."""
    codes = _CODES[name]
    return st.builds(
        lambda root, code: f"{root}/{name}#{code}",
        st.sampled_from(_ROOTS),
        st.sampled_from(codes) | st.sampled_from(["Other", "Not A Value"]),
    )


def _optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


def _references(student: str, org: int) -> dict[str, Any]:
    return {
        "educationOrganizationReference": {"educationOrganizationId": org},
        "programReference": {
            "educationOrganizationId": org,
            "programName": "Special Education",
            "programTypeDescriptor": "uri://ed-fi.org/ProgramTypeDescriptor#Special Education",
        },
        "studentReference": {"studentUniqueId": student},
    }


_disability = st.builds(
    lambda d, extra: {"disabilityDescriptor": d, **extra},
    _descriptor("DisabilityDescriptor"),
    _optional(
        orderOfDisability=st.integers(min_value=1, max_value=4),
        disabilityDiagnosis=st.sampled_from(["F84.0", "H90.3"]),
        designations=st.lists(
            st.builds(
                lambda d: {"disabilityDesignationDescriptor": d},
                _descriptor("DisabilityDesignationDescriptor"),
            ),
            max_size=1,
        ),
    ),
)


@st.composite
def _program(draw: st.DrawFn, version: str, student: str, org: int) -> dict[str, Any]:
    body = {**_references(student, org), "beginDate": draw(_days)}
    review, evaluated = (
        ("iepLastReviewDate", "iepLastEvaluationDate")
        if version == "6.1"
        else ("iepReviewDate", "lastEvaluationDate")
    )
    fields: dict[str, st.SearchStrategy[Any]] = {
        "endDate": _days,
        "iepBeginDate": _days,
        "iepEndDate": _days,
        review: _days,
        evaluated: _days,
        "ideaEligibility": st.booleans(),
        "medicallyFragile": st.booleans(),
        "multiplyDisabled": st.booleans(),
        "servedOutsideOfRegularSession": st.booleans(),
        "schoolHoursPerWeek": _hours,
        "specialEducationHoursPerWeek": _hours,
        "specialEducationSettingDescriptor": _descriptor("SpecialEducationSettingDescriptor"),
        "reasonExitedDescriptor": _descriptor("ReasonExitedDescriptor"),
        "disabilities": st.lists(_disability, max_size=3),
        "specialEducationProgramServices": st.lists(
            st.builds(
                lambda d: {"specialEducationProgramServiceDescriptor": d},
                _descriptor("SpecialEducationProgramServiceDescriptor"),
            ),
            max_size=2,
            unique_by=lambda s: s["specialEducationProgramServiceDescriptor"],
        ),
    }
    if version != "4.0":
        fields["specialEducationExitDate"] = _days
        fields["specialEducationExitReasonDescriptor"] = _descriptor(
            "SpecialEducationExitReasonDescriptor"
        )
    if version in ("5.2", "6.1"):
        fields["shortenedSchoolDayIndicator"] = st.booleans()
        fields["reductionInHoursPerWeekComparedToPeers"] = _hours
    if version == "6.1":
        fields["iepReviewDueDate"] = _days
        fields["iepEvaluationDueDate"] = _days
    body.update(draw(_optional(**fields)))
    return body


@st.composite
def _eligibility(draw: st.DrawFn, student: str, org: int) -> dict[str, Any]:
    body = {
        **_references(student, org),
        "consentToEvaluationReceivedDate": draw(_days),
        "ideaPartDescriptor": draw(_descriptor("IDEAPartDescriptor")),
    }
    body.update(
        draw(
            _optional(
                consentToEvaluationDate=_days,
                eligibilityEvaluationDate=_days,
                eligibilityDeterminationDate=_days,
                ideaIndicator=st.booleans(),
                evaluationCompleteIndicator=st.booleans(),
                eligibilityDelayReasonDescriptor=_descriptor("EligibilityDelayReasonDescriptor"),
                eligibilityEvaluationTypeDescriptor=_descriptor(
                    "EligibilityEvaluationTypeDescriptor"
                ),
                evaluationDelayDays=st.integers(min_value=0, max_value=90),
            )
        )
    )
    return body


@st.composite
def _sedm(draw: st.DrawFn, student: str, org: int) -> list[dict[str, Any]]:
    ident = draw(_ids)
    finalized, begin, end = draw(_days), draw(_days), draw(_days)
    iep = {
        "studentIEPIdentifier": ident,
        "studentReference": {"studentUniqueId": student},
        "educationOrganizationReference": {"educationOrganizationId": org},
        "iepFinalizedDate": finalized,
        "iepBeginDate": begin,
        "iepEndDate": end,
        "iepStatusDescriptor": draw(_descriptor("IEPStatusDescriptor")),
    }
    iep.update(
        draw(
            _optional(
                accommodations=st.lists(
                    st.builds(
                        lambda d: {"accommodationDescriptor": d},
                        _descriptor("AccommodationDescriptor"),
                    ),
                    max_size=3,
                    unique_by=lambda a: a["accommodationDescriptor"],
                ),
                disabilities=st.lists(_disability, max_size=2),
                medicallyFragile=st.booleans(),
                schoolHoursPerWeek=_hours,
                specialEducationSettingDescriptor=_descriptor("SpecialEducationSettingDescriptor"),
                iepAmendedDate=_days,
            )
        )
    )
    reference = {
        "educationOrganizationId": org,
        "iepFinalizedDate": finalized,
        "studentIEPIdentifier": ident,
        "studentUniqueId": student,
    }
    goals = [
        {
            "studentIEPReference": reference,
            "iepGoalIdentifier": f"G{index}",
            "iepGoalDetails": draw(
                st.sampled_from(["Reads 90 words a minute.", "Asks for help."])
            ),
            "iepGoalTypeDescriptor": draw(_descriptor("IEPGoalTypeDescriptor")),
            **draw(
                _optional(
                    achievementPeriod=st.builds(
                        lambda b, e: {"beginDate": b, **e},
                        _days,
                        _optional(endDate=_days),
                    )
                )
            ),
        }
        for index in range(draw(st.integers(min_value=0, max_value=2)))
    ]
    prescriptions = [
        {
            "studentIEPReference": reference,
            "servicePrescriptionDescriptor": code,
            "servicePrescriptionDate": draw(st.sampled_from([finalized, begin])),
            "beginDate": draw(_days),
            "duration": draw(st.integers(min_value=1, max_value=240)),
            "durationIntervalDescriptor": draw(_descriptor("DurationIntervalDescriptor")),
            "frequency": draw(
                st.integers(min_value=1, max_value=10) | st.sampled_from([0.5, 1.5])
            ),
            "frequencyIntervalDescriptor": draw(_descriptor("FrequencyIntervalDescriptor")),
            "serviceLocationTypeDescriptor": draw(_descriptor("ServiceLocationTypeDescriptor")),
            **draw(_optional(endDate=_days)),
        }
        for code in draw(
            st.lists(_descriptor("ServicePrescriptionDescriptor"), max_size=3, unique=True)
        )
    ]
    return [iep, *goals, *prescriptions]


@st.composite
def _export(draw: st.DrawFn, version: str) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = []
    for number in range(draw(st.integers(min_value=1, max_value=3))):
        student, org = f"S{number}", draw(st.sampled_from([255901, 255901044]))
        if version == "6.1":
            bodies.extend(draw(_sedm(student, org)))
        bodies.extend(
            draw(st.lists(_program(version, student, org), min_size=version != "6.1", max_size=1))
        )
        if version != "6.1" or draw(st.booleans()):
            bodies.extend(draw(st.lists(_eligibility(student, org), max_size=2)))
    return bodies


def _round_trip(version: str, bodies: list[dict[str, Any]]) -> None:
    district = {"DisabilityDescriptor": "uri://district.example/DisabilityDescriptor"}
    result = edfi.from_edfi(bodies, version=version, descriptors=district)
    # Every generated record is valid Ed-Fi: each becomes (part of) a plan.
    assert [p for p in result.problems if p.severity == "error"] == []
    assert (
        len(result.plans)
        == sum(
            1
            for body in bodies
            if edfi.recognize(body)
            == (
                "studentIEPs" if version == "6.1" else "studentSpecialEducationProgramAssociations"
            )
        )
        or version == "6.1"
    )
    again = edfi.to_edfi(result.plans, version=version, descriptors=district)
    assert canonical(flat(dict(again.resources))) == canonical(bodies)


@given(data=st.data())
def test_generated_ed_fi_bodies_come_back_the_same(data: st.DataObject) -> None:
    for version in edfi.VERSIONS:
        _round_trip(version, data.draw(_export(version), label=version))
