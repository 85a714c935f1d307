"""Properties of the Ed-Fi mapping over generated plans and generated garbage."""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import given
from hypothesis import strategies as st

import iepmodel
from edfi_helpers import canonical, schema_errors
from iepmodel.interop import edfi
from iepmodel.interop.edfi._descriptors import tables
from iepmodel.interop.edfi._report import _FALLBACK
from iepmodel.testing import strategies

ORG = 255901

# The plan fields each version carries exactly (dotted document paths).
_COMMON = (
    "student.id",
    "start_date",
    "end_date",
    "medically_fragile",
    "school_hours_per_week",
    "extended_school_year",
    "program_participation.start_date",
    "program_participation.end_date",
    "program_participation.exit_reason",
    "meeting.date",
)
KEPT = {
    "4.0": _COMMON,
    "5.1": (*_COMMON, "program_participation.exit_date"),
    "5.2": (
        *_COMMON,
        "program_participation.exit_date",
        "shortened_school_day",
        "hours_reduced_per_week",
    ),
    "6.1": (
        *_COMMON,
        "id",
        "finalized_date",
        "program_participation.exit_date",
        "shortened_school_day",
        "hours_reduced_per_week",
    ),
}


def _get(doc: Any, path: str) -> Any:
    for step in path.split("."):
        if not isinstance(doc, dict) or step not in doc:
            return None
        doc = doc[step]
    return doc


def _covered(path: str, losses: set[str]) -> bool:
    return any(
        path == lost or path.startswith((f"{lost}.", f"{lost}[")) or lost == "" for lost in losses
    )


def _diff_paths(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in a.keys() | b.keys():
            sub = f"{path}.{key}" if path else key
            out.extend([sub] if key not in a or key not in b else _diff_paths(a[key], b[key], sub))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            p
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for p in _diff_paths(x, y, f"{path}[{i}]")
        ]
    return [] if a == b and type(a) is type(b) else [path]


def _records(out: edfi.Export) -> list[edfi.Record]:
    return [edfi.Record(body=b, resource=r) for r, bodies in out.resources.items() for b in bodies]


@given(plan=strategies.plans())
def test_generated_plans_export_valid_bodies_and_report_every_loss(plan: iepmodel.IEP) -> None:
    plan = attrs.evolve(plan, extensions=None)  # no kept values: the plan's own data only
    for version in edfi.VERSIONS:
        _check_export(plan, version)


def _check_export(plan: iepmodel.IEP, version: str) -> None:
    out = edfi.to_edfi(plan, version=version, organization_id=ORG)
    assert schema_errors(version, dict(out.resources)) == []
    assert all(loss.reason != _FALLBACK for loss in out.losses), [
        loss.path for loss in out.losses if loss.reason == _FALLBACK
    ]
    back = edfi.from_edfi(_records(out), version=version)
    if not out.resources:  # not writable: said so
        assert [loss.path for loss in out.losses] in (["student.id"], ["id"])
        return
    assert len(back.plans) == 1, back.problems
    assert not [p for p in back.problems if p.severity == "error"]
    before = iepmodel.to_dict(plan)
    after = iepmodel.to_dict(back.plans[0])
    lost = {loss.path for loss in out.losses}
    after_own = {k: v for k, v in after.items() if k != "extensions"}
    for path in _diff_paths({k: v for k, v in before.items() if k != "extensions"}, after_own):
        assert _covered(path, lost), path
    for path in KEPT[version]:
        if _get(before, path) is not None:
            assert _get(after, path) == _get(before, path), path
            assert path not in lost
    if version == "6.1":
        _check_sedm_items(plan, back.plans[0])
    elif version != "4.0":  # DS 4.0 has no eligibility association
        _check_evaluations(plan, back.plans[0])


def _check_evaluations(plan: iepmodel.IEP, back: iepmodel.IEP) -> None:
    """Each evaluation with a consent date comes back, in order, with its values."""
    written = [e for e in plan.evaluations if e.consent_date is not None]
    for old, new in zip(written, back.evaluations, strict=False):
        assert new.kind is old.kind
        for name in (
            "consent_date",
            "consent_signed_date",
            "completed_date",
            "eligibility_date",
            "eligibility_outcome",
            "eligibility_delay_reason",
        ):
            assert getattr(new, name) == getattr(old, name), name
        assert new.idea_part == (old.idea_part or iepmodel.IdeaPart.PART_B)
    assert len(back.evaluations) >= len(written)


def _check_sedm_items(plan: iepmodel.IEP, back: iepmodel.IEP) -> None:
    """Goals and services Ed-Fi can hold come back with their values."""
    goals = {g.id: g for g in back.goals}
    for goal in plan.goals:
        if goal.id is not None and goal.id in goals:
            new = goals[goal.id]
            assert new.statement == goal.statement
            assert new.period == goal.period
            if goal.type is not None:
                assert new.type is goal.type
    prescription = tables()["service_prescription"].to_edfi
    seen: set[str] = set()
    written = []
    for service in plan.services:
        code = prescription.get(service.type.value)
        if code is not None and code not in seen:
            seen.add(code)
            written.append(service)
    assert len(back.services) == len(written)
    for old, new in zip(written, back.services, strict=True):
        assert (new.minutes, new.sessions, new.per) == (old.minutes, old.sessions, old.per)
        assert (new.start_date, new.end_date) == (old.start_date, old.end_date)
        assert tables()["service_prescription"].from_edfi[prescription[old.type.value]] == (
            new.type.value
        )


@given(plan=strategies.plans())
def test_reexport_of_an_import_is_stable(plan: iepmodel.IEP) -> None:
    """Ed-Fi → iepmodel → Ed-Fi: the bodies of an exported plan come back the same."""
    plan = attrs.evolve(plan, extensions=None)
    for version in ("5.1", "6.1"):
        out = edfi.to_edfi(plan, version=version, organization_id=ORG, report_losses=False)
        back = edfi.from_edfi(_records(out), version=version)
        again = edfi.to_edfi(back.plans, version=version, report_losses=False)
        assert {r: canonical(b) for r, b in again.resources.items()} == {
            r: canonical(b) for r, b in out.resources.items()
        }


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "2024-09-01",
            "2024-02-30",
            "uri://ed-fi.org/DisabilityDescriptor#Autism Spectrum Disorders",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
_keys = st.sampled_from(
    [
        "beginDate",
        "endDate",
        "studentReference",
        "programReference",
        "educationOrganizationReference",
        "iepBeginDate",
        "iepEndDate",
        "studentIEPIdentifier",
        "iepStatusDescriptor",
        "iepFinalizedDate",
        "iepGoalIdentifier",
        "iepGoalDetails",
        "studentIEPReference",
        "servicePrescriptionDescriptor",
        "duration",
        "frequency",
        "frequencyIntervalDescriptor",
        "consentToEvaluationReceivedDate",
        "ideaPartDescriptor",
        "disabilities",
        "ideaEventIdentifier",
        "ideaEventTypeDescriptor",
        "iepServiceDeliveryIdentifier",
        "studentUniqueId",
        "birthDate",
        "schoolHoursPerWeek",
    ]
)
_bodies = st.dictionaries(_keys, _json, max_size=10)


@given(bodies=st.lists(_bodies | _json, max_size=6), version=st.sampled_from(edfi.VERSIONS))
def test_any_input_gives_problems_not_tracebacks(version: str, bodies: list[Any]) -> None:
    result = edfi.from_edfi(bodies, version=version)
    assert result.records == len(bodies)
    assert len(result.plans) <= len(bodies)


@given(
    plan=strategies.plans(),
    kept=st.fixed_dictionaries(
        {"version": st.sampled_from(edfi.VERSIONS)},
        optional={
            "patches": st.lists(
                st.fixed_dictionaries(
                    {
                        "resource": st.sampled_from(sorted(edfi.RESOURCES)),
                        "slot": st.sampled_from(["plan", "program", "goals[0]", "services[0]"]),
                        "ops": st.lists(_json, max_size=3),
                    }
                ),
                max_size=3,
            )
            | _json,
            "kept": st.dictionaries(st.sampled_from(sorted(edfi.RESOURCES)), _json, max_size=2)
            | _json,
        },
    ),
)
def test_any_kept_values_never_break_the_export(plan: iepmodel.IEP, kept: dict[str, Any]) -> None:
    """Whatever a plan's ``extensions["ed-fi"]`` holds, the export runs (edited by hand ...)."""
    plan = attrs.evolve(plan, extensions={"ed-fi": kept})
    for version in edfi.VERSIONS:
        out = edfi.to_edfi(plan, version=version, organization_id=ORG)
        assert all(isinstance(body, dict) for bodies in out.resources.values() for body in bodies)
