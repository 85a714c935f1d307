"""Format v2: additive fields, the version rule, and extensions kept exactly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

import iepmodel
from iepmodel import _fastpath, serialization
from iepmodel.testing import strategies as ist

DATA = Path(__file__).parent / "data"
V1_EXAMPLES = ["annual-elementary.json", "annual-transition.json", "initial-preschool.json"]
V2_EXAMPLE = DATA / "annual-elementary-v2.json"


def _v2_document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(V2_EXAMPLE.read_text(encoding="utf-8"))
    return data


def _reference_json(plan: iepmodel.IEP) -> str:
    """What the reference (cattrs + json) writer writes, whatever backend is active."""
    return json.dumps(
        serialization._FAST.unstructure(plan), ensure_ascii=False, separators=(",", ":")
    )


class TestVersions:
    @pytest.mark.parametrize("name", V1_EXAMPLES)
    def test_every_v1_document_loads_and_is_written_as_v2(self, name: str) -> None:
        document = json.loads((DATA / name).read_text(encoding="utf-8"))
        assert document["schema_version"] == 1

        plan = iepmodel.from_dict(document)
        written = iepmodel.to_dict(plan)

        assert plan.schema_version == iepmodel.SCHEMA_VERSION == 2
        assert written["schema_version"] == 2
        assert {key: value for key, value in written.items() if key != "schema_version"} == {
            key: value
            for key, value in iepmodel.to_dict(iepmodel.from_dict(written)).items()
            if key != "schema_version"
        }
        assert iepmodel.from_dict(written) == plan

    @pytest.mark.parametrize("version", [0, 3, 10, -1])
    def test_another_version_is_unsupported(self, version: int) -> None:
        document = _v2_document()
        document["schema_version"] = version

        with pytest.raises(iepmodel.DocumentError) as caught:
            iepmodel.from_dict(document)

        (problem,) = caught.value.problems
        assert problem.path == "schema_version"
        assert "unsupported schema version" in problem.message

    def test_the_schema_states_the_versions_read(self) -> None:
        schema = iepmodel.json_schema()
        assert schema["properties"]["schema_version"]["enum"] == [1, 2]
        assert "/v2/" in schema["$id"]


class TestNewFields:
    def test_the_v2_example_reads_every_new_field(self) -> None:
        plan = iepmodel.from_json(V2_EXAMPLE.read_text(encoding="utf-8"))

        assert plan.responsible_organization == iepmodel.EducationOrganization(
            id="255901", name="Maple Valley Schools"
        )
        assert plan.program_participation is not None
        assert plan.finalized_date is not None
        assert plan.extended_school_year is True
        assert plan.school_hours_per_week == 32.5
        assert plan.evaluations[0].idea_part is iepmodel.IdeaPart.PART_B
        assert plan.evaluations[0].eligibility_outcome is iepmodel.EligibilityOutcome.ELIGIBLE
        assert plan.goals[0].type is iepmodel.GoalType.ACADEMIC
        assert plan.goals[0].period is not None
        assert plan.meeting is not None
        assert any(p.staff_id for p in plan.meeting.participants)
        assert plan.services[0].provider_staff_ids == ("STF-102",)

    def test_the_v2_example_is_valid_against_the_schema(self) -> None:
        validator: Any = Draft202012Validator(
            iepmodel.json_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        written = iepmodel.to_dict(iepmodel.from_json(V2_EXAMPLE.read_text(encoding="utf-8")))
        assert list(validator.iter_errors(written)) == []

    def test_new_fields_are_absent_from_a_v1_plan(self) -> None:
        """An absent v2 field means "not recorded": None or empty, never a default value."""
        plan = iepmodel.from_json((DATA / "annual-elementary.json").read_text(encoding="utf-8"))

        assert plan.responsible_organization is None
        assert plan.medically_fragile is None
        assert plan.extended_school_year is None
        assert plan.extensions is None
        assert all(service.provider_staff_ids == () for service in plan.services)

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            (("school_hours_per_week",), 168.5),
            (("hours_reduced_per_week",), -1),
            (("responsible_organization",), {"id": ""}),
            (("goals", 0, "period"), {"start_date": "2026-01-02", "end_date": "2026-01-01"}),
            (("goals", 0, "type"), "academics"),
            (("evaluations", 0, "idea_part"), "part_a"),
            (("program_participation", "exit_reason"), "graduated"),
            (("meeting", "participants", 1, "staff_id"), ""),
            (("services", 0, "provider_staff_ids"), "STF-1"),
        ],
        ids=str,
    )
    def test_bad_new_values_are_errors_at_their_path(
        self, path: tuple[str | int, ...], value: Any
    ) -> None:
        document = _v2_document()
        node: Any = document
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

        with pytest.raises(iepmodel.DocumentError) as caught:
            iepmodel.from_dict(document)

        expected = ".".join(str(key) for key in path if not isinstance(key, int))
        paths = [
            problem.path.replace("[0]", "").replace("[1]", "") for problem in caught.value.problems
        ]
        assert any(p.startswith(expected) for p in paths), paths

    def test_unknown_keys_elsewhere_are_still_errors(self) -> None:
        document = _v2_document()
        document["goals"][0]["extensions"] = {"my-district": 1}

        with pytest.raises(iepmodel.DocumentError) as caught:
            iepmodel.from_dict(document)

        assert [p.path for p in caught.value.problems] == ["goals[0].extensions"]


class TestExtensions:
    def test_values_are_kept_exactly(self) -> None:
        document = _v2_document()
        kept = {"b-first": {"z": 1, "a": 1.0, "n": None, "e": [], "o": {}}, "a-second": [True]}
        document["extensions"] = kept

        text = iepmodel.to_json(iepmodel.from_dict(document))
        again = json.loads(text)["extensions"]

        assert again == kept
        assert list(again) == ["b-first", "a-second"]
        assert list(again["b-first"]) == ["z", "a", "n", "e", "o"]
        assert type(again["b-first"]["z"]) is int
        assert type(again["b-first"]["a"]) is float

    @given(ist.plans())
    def test_every_writer_writes_what_the_reference_writes(self, plan: iepmodel.IEP) -> None:
        assert iepmodel.to_json(plan) == _reference_json(plan)
        assert iepmodel.from_json(iepmodel.to_json(plan)) == plan

    @given(ist.extensions())
    def test_any_extensions_survive_a_round_trip(self, extensions: dict[str, Any]) -> None:
        plan = attrs.evolve(
            iepmodel.from_json(V2_EXAMPLE.read_text("utf-8")), extensions=extensions
        )
        back = iepmodel.from_json(iepmodel.to_json_bytes(plan))

        assert back == plan
        assert json.dumps(back.extensions) == json.dumps(extensions)

    def test_the_fast_writer_leaves_a_plan_with_extensions_to_the_reference(self) -> None:
        plan = iepmodel.from_json(V2_EXAMPLE.read_text("utf-8"))
        writer = serialization._BACKEND.writer()
        if writer is None:  # pragma: no cover - depends on the installed extras
            pytest.skip("no fast writer")
        assert writer.dumps(plan) is _fastpath.MISS
        without = writer.dumps(attrs.evolve(plan, extensions=None))
        assert without is not _fastpath.MISS
        assert without == _reference_json(attrs.evolve(plan, extensions=None))

    @pytest.mark.parametrize(
        ("extensions", "reason"),
        [
            ({"My District": 1}, "namespace"),
            ({"": 1}, "namespace"),
            ({"x" * 65: 1}, "namespace"),
            ({"ok": float("nan")}, "finite"),
            ({"ok": {1: 2}}, "keys must be text"),
            ({"ok": {"a": {1, 2}}}, "JSON"),
            ({"ok": "x" * 262_145}, "bytes"),
            ({"ok": "\ud800"}, "Unicode"),
        ],
        ids=str,
    )
    def test_bounds_are_checked_when_built(self, extensions: Any, reason: str) -> None:
        plan = iepmodel.from_json(V2_EXAMPLE.read_text("utf-8"))

        with pytest.raises(iepmodel.InvariantError) as caught:
            attrs.evolve(plan, extensions=extensions)

        assert caught.value.field == "extensions"
        assert reason in caught.value.reason
        assert "x" * 20 not in str(caught.value)

    @pytest.mark.parametrize("depth", [31, 32, 33, 200])
    def test_nesting_is_bounded(self, depth: int) -> None:
        value: Any = "leaf"
        for _ in range(depth):
            value = [value]
        document = _v2_document()
        document["extensions"] = {"deep": value}
        text = json.dumps(document)

        if depth < iepmodel._extensions.MAX_DEPTH:  # the namespace is level 1
            assert iepmodel.from_json(text).extensions == {"deep": value}
        else:
            with pytest.raises(iepmodel.DocumentError) as caught:
                iepmodel.from_json(text)
            assert [p.path for p in caught.value.problems] == ["extensions"]

    def test_a_document_error_does_not_quote_the_value(self) -> None:
        document = _v2_document()
        document["extensions"] = {"Secret Name": "Jamie Rivera"}

        with pytest.raises(iepmodel.DocumentError) as caught:
            iepmodel.from_dict(document)

        assert "Secret" not in str(caught.value)
        assert "Jamie" not in str(caught.value)

    def test_extensions_are_not_in_repr(self) -> None:
        plan = iepmodel.from_json(V2_EXAMPLE.read_text("utf-8"))
        assert "cohort" not in repr(plan)

    def test_a_plan_with_extensions_still_hashes(self) -> None:
        plan = iepmodel.from_json(V2_EXAMPLE.read_text("utf-8"))
        assert hash(plan) == hash(attrs.evolve(plan))


class TestTables:
    def test_the_analysis_tables_carry_the_v2_values(self) -> None:
        from iepmodel.analysis import table

        plan = iepmodel.from_json(V2_EXAMPLE.read_text("utf-8"))
        (row,) = table("plans", [plan]).rows
        goals = table("goals", [plan]).rows
        evaluations = table("evaluations", [plan]).rows

        assert row.organization_id == "255901"
        assert row.extended_school_year is True
        assert row.school_hours_per_week == 32.5
        assert row.program_start_date is not None
        assert [goal.goal_type for goal in goals][:2] == ["academic", "functional"]
        assert {evaluation.idea_part for evaluation in evaluations} == {"part_b"}
        assert {evaluation.eligibility_outcome for evaluation in evaluations} <= {"eligible", None}

    def test_a_v1_plan_has_nulls_in_the_v2_columns(self) -> None:
        from iepmodel.analysis import table

        plan = iepmodel.from_json((DATA / "annual-elementary.json").read_text("utf-8"))
        (row,) = table("plans", [plan]).rows

        assert row.organization_id is None
        assert row.extended_school_year is None
        assert row.exit_reason is None
