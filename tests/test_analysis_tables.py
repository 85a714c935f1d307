"""Tidy tables: stable columns, row counts, no personal data by default, pandas and Arrow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iepmodel
from iepmodel import IEP
from iepmodel.analysis import TABLES, columns, findings_table, table, tables
from iepmodel.analysis.tables import finding_rows
from iepmodel.testing.strategies import plans

DATA = Path(__file__).parent / "data"
AS_OF = dt.date(2025, 10, 2)


def examples() -> list[IEP]:
    names = ("annual-elementary", "annual-transition", "initial-preschool")
    return [iepmodel.from_json((DATA / f"{n}.json").read_text(encoding="utf-8")) for n in names]


# The documented, stable column names: a rename breaks users' notebooks.
STABLE_COLUMNS = {
    "plans": [
        "plan_id", "student_id", "jurisdiction", "kind", "status", "amends", "start_date",
        "end_date", "meeting_date", "grade", "age_at_start", "primary_disability",
        "disabilities", "english_learner", "primary_language", "from_part_c",
        "parent_consent_date", "last_evaluation_date", "reevaluation_waiver_date",
        "regular_class_percent", "facility", "early_childhood_program_hours",
        "services_in_early_childhood_program", "assessment_mode", "goal_count",
        "service_count", "accommodation_count", "modification_count", "participant_count",
        "weekly_service_minutes", "has_transition_plan", "postsecondary_goal_count",
        "transition_service_count", "rights_transfer_notice_date",
        # format v2
        "organization_id", "finalized_date", "program_start_date", "exit_date",
        "exit_reason", "extended_school_year", "medically_fragile", "school_hours_per_week",
        "shortened_school_day",
    ],
    "goals": [
        "plan_id", "goal_index", "goal_id", "area", "measurable", "has_baseline",
        "objective_count", "progress_count", "latest_progress_date", "latest_progress_status",
        "goal_type",
    ],
    "services": [
        "plan_id", "service_index", "type", "category", "setting", "group", "delivery",
        "provider", "location", "minutes", "sessions", "per", "minutes_per_week",
        "start_date", "end_date",
    ],
    "accommodations": [
        "plan_id", "accommodation_index", "category", "instruction", "classroom_assessment",
        "state_assessment",
    ],
    "participants": [
        "plan_id", "participant_index", "meeting_date", "roles", "attendance", "mode",
        "covers_role", "excusal_area_discussed", "excusal_written_agreement_date",
        "excusal_written_input_date", "consent_date",
    ],
    "evaluations": [
        "plan_id", "evaluation_index", "student_id", "kind", "consent_date", "completed_date",
        "eligibility_date", "early_by_agreement", "exception", "agreed_completion_date",
        "idea_part", "eligibility_outcome", "eligibility_delay_reason",
    ],
    "findings": [
        "plan_id", "finding_index", "code", "severity", "path", "due", "citation", "message",
    ],
}  # fmt: skip
PERSONAL_COLUMNS = {
    "plans": ["student_name", "date_of_birth"],
    "goals": ["statement", "baseline", "criterion", "measurement"],
    "services": ["description"],
    "accommodations": ["description"],
    "participants": ["name"],
    "evaluations": [],
    "findings": [],
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_column_names_are_stable_and_personal_ones_only_on_request(name: str) -> None:
    assert [c.name for c in columns(name)] == STABLE_COLUMNS[name]
    with_personal = [c.name for c in columns(name, include_personal=True)]
    assert with_personal == STABLE_COLUMNS[name] + PERSONAL_COLUMNS[name]
    assert all(c.description for c in columns(name, include_personal=True))


def test_every_table_starts_with_plan_id_as_its_join_key() -> None:
    for name in TABLES:
        assert columns(name)[0].name == "plan_id"
        assert not columns(name)[0].nullable


def test_no_name_date_of_birth_or_free_text_leaves_without_include_personal() -> None:
    data = examples()
    secrets = {
        "Taylor Brooks", "Avery Chen", "Pat Parent", "Gale General", "Morgan Hale",
        "2010-05-10", "Combining words", "Uses 2-word phrases", "Job shadowing",
        "Visual schedule",
    }  # fmt: skip
    everything = tables(data, findings=True, as_of=AS_OF)
    for t in everything.as_dict().values():
        text = repr(t.records()) + t.to_pandas().to_string() + str(t.to_arrow().to_pylist())
        for secret in secrets:
            assert secret not in text, (t.name, secret)
    personal = tables(data, include_personal=True)
    assert "Avery Chen" in {r["student_name"] for r in personal.plans.records()}
    assert "Pat Parent" in {r["name"] for r in personal.participants.records()}


def test_rows_of_the_examples_by_hand() -> None:
    t = tables(examples())
    elementary, transition, preschool = t.plans.rows
    assert (preschool.kind, preschool.age_at_start, preschool.from_part_c) == ("initial", 3, True)
    assert preschool.early_childhood_program_hours == 12
    assert preschool.weekly_service_minutes == 60.0
    assert transition.has_transition_plan
    assert transition.disabilities == ("autism", "speech_language_impairment")
    assert elementary.jurisdiction == "US"
    speech = [r for r in t.services if r.plan_id == preschool.plan_id]
    assert [(r.type, r.minutes, r.sessions, r.end_date) for r in speech] == [
        ("speech_language", 30, 2, preschool.end_date)
    ]
    roles = [r.roles for r in t.participants if r.plan_id == preschool.plan_id]
    assert ("special_education_teacher", "evaluation_interpreter") in roles


@settings(deadline=None)
@given(st.lists(plans(), max_size=5))
def test_row_counts_match_the_plan_content(plans_: list[IEP]) -> None:
    t = tables(plans_)
    assert len(t.plans) == len(plans_)
    assert len(t.goals) == sum(len(p.goals) for p in plans_)
    assert len(t.services) == sum(len(p.services) for p in plans_)
    assert len(t.accommodations) == sum(len(p.accommodations) for p in plans_)
    assert len(t.evaluations) == sum(len(p.evaluations) for p in plans_)
    assert len(t.participants) == sum(len(p.meeting.participants) for p in plans_ if p.meeting)
    assert len(t.findings) == 0
    for name in TABLES:
        assert len(table(name, plans_, as_of=AS_OF)) == (
            len(t.as_dict()[name])
            if name != "findings"
            else len(iepmodel.check(plans_, as_of=AS_OF))
        )
    for row, plan in zip(t.plans, plans_, strict=True):
        assert row.goal_count == len(plan.goals)
        assert row.service_count == len(plan.services)


@settings(deadline=None)
@given(st.lists(plans(), max_size=4))
def test_pandas_and_arrow_have_the_documented_types(plans_: list[IEP]) -> None:
    for t in tables(plans_).as_dict().values():
        frame = t.to_pandas()
        arrow = t.to_arrow()
        assert list(frame.columns) == [c.name for c in t.columns] == arrow.column_names
        assert len(frame) == arrow.num_rows == len(t)
        for col in t.columns:
            kind = str(frame[col.name].dtype)
            expected = {
                "string": {"string", "str"},
                "int": {"Int64"} if col.nullable else {"int64"},
                "float": {"float64"},
                "bool": {"boolean"} if col.nullable else {"bool"},
                "date": {"datetime64[ns]"},
                "list[string]": {"object"},
            }[col.type]
            assert kind in expected, (t.name, col.name, kind)
            field = arrow.schema.field(col.name)
            assert field.nullable == col.nullable
        assert arrow.schema == t.arrow_schema()


def test_empty_tables_keep_their_columns_and_types() -> None:
    services = table("services", [])
    frame = services.to_pandas()
    assert list(frame.columns) == STABLE_COLUMNS["services"]
    assert str(frame["minutes"].dtype) == "int64"
    assert services.to_arrow().schema.field("start_date").type == pa.date32()


def test_findings_table_numbers_each_plans_findings() -> None:
    data = examples()
    findings = iepmodel.check(data, as_of=dt.date(2027, 1, 1))
    assert findings  # the plans are overdue by then
    t = findings_table(findings)
    assert len(t) == len(findings)
    per_plan: dict[str, list[int]] = {}
    for row in t:
        per_plan.setdefault(row.plan_id, []).append(row.finding_index)
    assert all(indexes == list(range(len(indexes))) for indexes in per_plan.values())
    assert {row.severity for row in t} <= {"error", "warning"}
    assert table("findings", data, as_of=dt.date(2027, 1, 1)).rows == t.rows
    assert tables(data, findings=True, as_of=dt.date(2027, 1, 1)).findings.rows == t.rows


def test_unknown_table_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown table 'plan'"):
        table("plan", [])


def test_findings_of_one_plan_alone_and_the_columns_of_every_table() -> None:
    plan = examples()[0]
    rows = list(finding_rows(plan, as_of=dt.date(2027, 1, 1)))
    assert [r.code for r in rows] == [
        f.code for f in iepmodel.check(plan, as_of=dt.date(2027, 1, 1))
    ]
    assert rows
    listed = tables([plan]).columns()
    assert {name: [c.name for c in cols] for name, cols in listed.items()} == STABLE_COLUMNS
