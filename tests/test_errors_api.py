"""Errors for programs: `DocumentError.errors()` with stable types, and `Finding.to_dict()`."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

import iepmodel
from iepmodel import DocumentError, from_dict, from_json, json_schema
from iepmodel.errors import PROBLEM_TYPES, Problem
from iepmodel.rules import Finding, Severity

DATA = Path(__file__).parent / "data"
DOCS = Path(__file__).parent.parent / "docs"


def _base() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / "annual-elementary-v2.json").read_text())
    return document


def _error(document: Any) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        from_dict(document)
    return caught.value


def test_errors_give_loc_type_and_msg() -> None:
    document = _base()
    document["services"][0]["minutes"] = "45"
    del document["end_date"]
    errors = _error(document).errors()
    assert errors == [
        {"loc": ("end_date",), "type": "missing", "msg": "required key is missing"},
        {"loc": ("services", 0, "minutes"), "type": "int_type", "msg": "expected a whole number"},
    ]
    json.dumps(errors)  # a 422 body as it is


@pytest.mark.parametrize(
    ("change", "loc", "type_"),
    [
        ({"start_date": "2025-13-01"}, ("start_date",), "date_invalid"),
        ({"start_date": "1 Oct 2025"}, ("start_date",), "date_type"),
        ({"kind": "yearly"}, ("kind",), "enum"),
        ({"id": 7}, ("id",), "string_type"),
        ({"id": ""}, ("id",), "value_error"),
        ({"medically_fragile": "yes"}, ("medically_fragile",), "bool_type"),
        ({"school_hours_per_week": "30"}, ("school_hours_per_week",), "float_type"),
        ({"student": []}, ("student",), "object_type"),
        ({"goals": {}}, ("goals",), "list_type"),
        ({"colour": "red"}, ("colour",), "unknown_key"),
        ({"end_date": "2000-01-01"}, ("end_date",), "value_error"),
        ({"id": "\ud800"}, ("id",), "string_unicode"),
    ],
)
def test_each_kind_of_problem_has_its_type(
    change: dict[str, Any], loc: tuple[Any, ...], type_: str
) -> None:
    document = _base()
    document.update(change)
    (problem,) = _error(document).errors()
    assert (problem["loc"], problem["type"]) == (loc, type_)


@pytest.mark.parametrize(
    ("text", "type_"),
    [
        ("{", "json_invalid"),
        ("[" * 100_000, "too_deep"),
        (b"\xff\xfe{\x00}\x00", "encoding"),
        ('{"id": 1, "id": 2}', "duplicate_key"),
        ('{"schema_version": ' + "1" * 5000 + "}", "number_too_long"),
    ],
)
def test_reading_problems_have_their_type(text: str | bytes, type_: str) -> None:
    with pytest.raises(DocumentError) as caught:
        from_json(text)
    assert caught.value.errors()[0]["type"] == type_


def test_every_type_is_documented() -> None:
    """Each type code is listed in format.md's error section, and nothing else is."""
    text = (DOCS / "format.md").read_text()
    section = text[text.index("## Errors") :]
    section = section[: section.find("\n## ", 3)] if "\n## " in section[3:] else section
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))
    assert documented == set(PROBLEM_TYPES)


def test_a_document_error_pickles_with_its_count() -> None:
    error = DocumentError(
        [Problem(path="id", message="m", type="missing", loc=("id",))], 5, complete=False
    )
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.problems, copy.count, copy.complete, str(copy)) == (
        error.problems,
        5,
        False,
        str(error),
    )
    assert "at least 5 problems" in str(copy)


def test_the_schema_takes_dates_as_the_reader_does() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    validator = jsonschema.Draft202012Validator(schema)
    document = _base()
    assert validator.is_valid(document)
    for day in ("2025-10-01\n", "\u0662\u0660\u0662\u0665-10-01", "2025-10-1", " 2025-10-01"):
        changed = {**document, "start_date": day}
        assert not validator.is_valid(changed), repr(day)
        with pytest.raises(DocumentError):
            from_dict(changed)


# --- findings ---------------------------------------------------------------------------


def _finding(**changes: Any) -> Finding:
    fields: dict[str, Any] = {
        "code": "C302",
        "severity": Severity.ERROR,
        "message": "The plan has no annual goals.",
        "citation": "34 CFR 300.320(a)(2)(i)",
        "path": "goals",
        "due": None,
        "plan_id": "P1",
    }
    return Finding(**{**fields, **changes})


@pytest.mark.parametrize("due", [None, dt.date(2026, 1, 15)])
def test_a_finding_to_dict_is_json_and_matches_to_json(due: dt.date | None) -> None:
    finding = _finding(due=due)
    data = finding.to_dict()
    assert list(data) == ["plan_id", "code", "severity", "message", "citation", "path", "due"]
    assert json.loads(json.dumps(data)) == data
    assert finding.to_json() == json.dumps(data, ensure_ascii=False)
    assert list(json.loads(finding.to_json())) == list(data)


def test_a_finding_to_dict_matches_check_format_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from iepmodel.cli import main

    document = _base()
    document["goals"] = []
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document))
    main(["check", str(path), "--as-of", "2025-11-01", "--format", "json"])
    written = json.loads(capsys.readouterr().out)["findings"]
    assert written
    plan = from_dict(document)
    findings = iepmodel.check([plan], as_of=dt.date(2025, 11, 1))
    assert [finding.to_dict() for finding in findings] == written
    for finding, record in zip(findings, written, strict=True):
        assert list(finding.to_dict()) == list(record)
