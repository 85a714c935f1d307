"""``iepmodel import`` and ``iepmodel export``: Ed-Fi records in and out on the command line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import iepmodel
from edfi_helpers import hand_bodies, schema_errors
from iepmodel import sample
from iepmodel.cli import main
from iepmodel.interop.edfi import Record
from iepmodel.interop.edfi._xml import read_xml

DATA = Path(__file__).parent / "data" / "edfi"
PROGRAM = "studentSpecialEducationProgramAssociations"
ELIGIBILITY = "studentSpecialEducationProgramEligibilityAssociations"
REPORT_KEYS = ["records", "plans", "problems", "losses"]
PROBLEM_KEYS = {"file", "record", "path", "message", "severity"}
SECRET = "Jordan-Private-2015"


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """Run ``iepmodel *args`` in this process: (exit status, stdout, stderr)."""
    status = main([str(arg) for arg in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def bodies_52() -> dict[str, Any]:
    return hand_bodies("ds-5.2")


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value, indent=2), encoding="utf-8")
    return path


def write_lines(path: Path, *values: Any) -> Path:
    lines = (value if isinstance(value, str) else json.dumps(value) for value in values)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def plans_of(out: str) -> list[iepmodel.IEP]:
    return [iepmodel.from_json(line) for line in out.splitlines()]


def report_of(path: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(path.read_text("utf-8"))
    assert list(report) == REPORT_KEYS
    for problem in report["problems"]:
        assert set(problem) == PROBLEM_KEYS
    return report


def errors_of(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [problem for problem in report["problems"] if problem["severity"] == "error"]


@pytest.fixture
def district(tmp_path: Path) -> dict[str, Path]:
    """The hand-written DS 5.2 program associations, eligibility and students, as files."""
    data = bodies_52()
    return {
        "program": write_json(tmp_path / "program.json", data["program"]),
        "eligibility": write_lines(tmp_path / "eligibility.jsonl", *data["eligibility"]),
        "students": write_lines(tmp_path / "students.jsonl", *data["students"]),
    }


# --- import ---------------------------------------------------------------------------------


def test_import_writes_one_plan_per_program_association_in_input_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, district: dict[str, Path]
) -> None:
    report = tmp_path / "report.json"
    status, out, err = run(
        capsys,
        "import",
        "--from",
        "edfi-5.2",
        district["program"],
        district["eligibility"],
        district["students"],
        "--report",
        report,
    )
    data = bodies_52()
    plans = plans_of(out)
    assert status == 0, err
    assert [plan.student.id for plan in plans] == [
        body["studentReference"]["studentUniqueId"] for body in data["program"]
    ]
    result = report_of(report)
    assert result["records"] == sum(
        len(data[key]) for key in ("program", "eligibility", "students")
    )
    assert result["plans"] == len(plans)
    assert errors_of(result) == []
    assert "Traceback" not in err
    assert f"{len(plans)} plans written" in err


def test_import_tells_json_lines_an_array_and_one_body_apart_by_content(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = bodies_52()
    first, second, *_ = data["program"]
    lines = write_lines(tmp_path / "lines.txt", first, second)
    array = write_json(tmp_path / "array.data", [first])
    one = write_json(tmp_path / "one-body.txt", second)
    students = write_json(tmp_path / "students.json", data["students"])
    report = tmp_path / "report.json"
    status, out, _ = run(
        capsys, "import", "--from", "edfi-5.2", lines, array, one, students, "--report", report
    )
    assert status == 0
    assert len(plans_of(out)) == 4
    assert report_of(report)["records"] == 4 + len(data["students"])


def test_import_reads_xml_interchange_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    students = write_lines(
        tmp_path / "students.jsonl", {"studentUniqueId": "604834", "birthDate": "2014-03-02"}
    )
    report = tmp_path / "report.json"
    xml = DATA / "xml" / "ds-5.2-program-and-eligibility.xml"
    status, out, err = run(
        capsys, "import", "--from", "edfi-5.2", xml, students, "--report", report
    )
    assert status == 0, err
    (plan,) = plans_of(out)
    assert plan.student.id == "604834"
    assert str(plan.student.date_of_birth) == "2014-03-02"
    result = report_of(report)
    assert result["records"] == 4
    (skipped,) = result["problems"]
    assert (skipped["file"], skipped["record"], skipped["severity"]) == (str(xml), 3, "warning")


def test_import_reads_the_6_1_special_education_data_model_from_xml(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    xml = DATA / "xml" / "ds-6.1-sedm.xml"
    status, out, err = run(capsys, "import", "--from", "edfi-6.1", xml)
    assert status == 0, err
    (plan,) = plans_of(out)
    assert plan.student.id == "604900"
    assert len(plan.goals) == 1


def test_a_bad_record_among_good_ones_is_reported_and_the_good_ones_imported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = bodies_52()
    bad_date = dict(data["program"][0], beginDate=SECRET)
    path = write_lines(
        tmp_path / "mixed.jsonl",
        data["program"][0],
        '{"beginDate": "' + SECRET + '", ',
        "[1, 2]",
        bad_date,
        data["program"][1],
        *data["students"],
    )
    report = tmp_path / "report.json"
    status, out, err = run(capsys, "import", "--from", "edfi-5.2", path, "--report", report)
    assert status == 1
    assert [plan.student.id for plan in plans_of(out)] == [
        data["program"][0]["studentReference"]["studentUniqueId"],
        data["program"][1]["studentReference"]["studentUniqueId"],
    ]
    result = report_of(report)
    errors = errors_of(result)
    assert [(error["file"], error["record"]) for error in errors][:3] == [
        (str(path), 2),
        (str(path), 3),
        (str(path), 4),
    ]
    assert errors[0]["message"].startswith("not valid JSON")
    assert "not a JSON object" in errors[1]["message"]
    assert errors[2]["path"] == "beginDate"
    assert result["records"] == 5 + len(data["students"])
    assert SECRET not in err
    assert SECRET not in report.read_text("utf-8")


@pytest.mark.parametrize(
    ("name", "version"), [("ds-5", "5.1"), ("ds-5.2", "5.2"), ("ds-6.1", "6.1")]
)
def test_the_same_records_as_json_or_as_xml_give_the_same_plans(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, version: str
) -> None:
    from iepmodel.interop.edfi import to_edfi, to_xml

    short = {"program": PROGRAM, "eligibility": ELIGIBILITY}
    data = hand_bodies(name)
    resources = {
        short.get(key, key): bodies
        for key, bodies in data.items()
        if key not in ("about", "bad", "students")
    }
    students = write_lines(tmp_path / "students.jsonl", *data["students"])
    json_files = [
        write_lines(tmp_path / f"{resource}.jsonl", *bodies)
        for resource, bodies in resources.items()
    ]
    xml = tmp_path / "interchange.xml"
    xml.write_bytes(to_xml(resources, version=version))
    form = f"edfi-{version}"
    from_json = run(capsys, "import", "--from", form, *json_files, students)
    from_xml = run(capsys, "import", "--from", form, xml, students)
    assert from_json[0] == from_xml[0] == 0
    json_plans, xml_plans = plans_of(from_json[1]), plans_of(from_xml[1])
    assert len(xml_plans) == len(json_plans) >= 2
    # The same plans; what they keep for Ed-Fi may list its values in another key order
    # (XML bodies come in XSD order), so that is compared by the bodies it writes back.
    assert [attrs.evolve(plan, extensions=None) for plan in xml_plans] == [
        attrs.evolve(plan, extensions=None) for plan in json_plans
    ]
    again_json = to_edfi(json_plans, version=version, organization_id=255901).resources
    assert to_edfi(xml_plans, version=version, organization_id=255901).resources == again_json


def test_a_malformed_xml_element_among_good_ones_refuses_that_record_only(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = (DATA / "xml" / "ds-4.0-program-associations.xml").read_text("utf-8")
    bad = text.replace("<BeginDate>2021-08-23</BeginDate>", f"<BeginDate>{SECRET}</BeginDate>")
    xml = tmp_path / "interchange.xml"
    xml.write_text(bad, encoding="utf-8")
    report = tmp_path / "report.json"
    status, out, err = run(capsys, "import", "--from", "edfi-4.0", xml, "--report", report)
    assert status == 1
    assert [plan.student.id for plan in plans_of(out)] == ["605013"]
    result = report_of(report)
    assert result["records"] == 2
    (error,) = errors_of(result)
    assert (error["file"], error["record"], error["path"]) == (str(xml), 1, "beginDate")
    assert SECRET not in err + report.read_text("utf-8")


def test_a_broken_first_line_does_not_make_json_lines_one_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = bodies_52()
    path = write_lines(tmp_path / "bodies.txt", "{broken", data["program"][0], *data["students"])
    report = tmp_path / "report.json"
    status, out, _ = run(capsys, "import", "--from", "edfi-5.2", path, "--report", report)
    assert status == 1
    assert len(plans_of(out)) == 1
    (error,) = errors_of(report_of(report))
    assert (error["record"], error["path"]) == (1, "")


@pytest.mark.parametrize(
    "case",
    [
        (b'[{"beginDate": "x"}, ', None, "not valid JSON"),
        (b"[1]", 1, "not a JSON object"),
        (b'[{"a": NaN}]', None, "NaN and Infinity are not JSON numbers"),
        (b'{\n  "beginDate": \n', None, "not valid JSON"),
        (b"student,begin\n604822,2025-08-20\n", None, "not valid JSON"),
        (b'{"a": 1}\n\xff\xfe\n', 2, "not valid UTF-8 text"),
        (b'[{"a": "\xff"}]', None, "not valid UTF-8 text"),
        (b"<InterchangeStudentProgram>", None, "not well-formed XML"),
    ],
)
def test_a_file_that_cannot_be_read_as_bodies_is_a_problem_and_the_others_are_read(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    district: dict[str, Path],
    case: tuple[bytes, int | None, str],
) -> None:
    content, record, message = case
    bad = tmp_path / "bad.data"
    bad.write_bytes(content)
    report = tmp_path / "report.json"
    status, out, _ = run(
        capsys,
        "import",
        "--from",
        "edfi-5.2",
        bad,
        district["program"],
        district["students"],
        "--report",
        report,
    )
    assert status == 1
    assert len(plans_of(out)) == len(bodies_52()["program"])
    errors = [error for error in errors_of(report_of(report)) if error["file"] == str(bad)]
    assert any(error["record"] == record and message in error["message"] for error in errors)


def test_an_empty_file_has_no_records(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n  \n")
    report = tmp_path / "report.json"
    status, out, _ = run(capsys, "import", "--from", "edfi-5.2", empty, "--report", report)
    assert (status, out) == (0, "")
    assert report_of(report) == {"records": 0, "plans": 0, "problems": [], "losses": []}


def test_without_a_report_each_problem_is_listed_on_standard_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_lines(tmp_path / "bad.jsonl", "{not json")
    status, out, err = run(capsys, "import", "--from", "edfi-5.2", path)
    assert (status, out) == (1, "")
    assert f"error  {path}:1: not valid JSON" in err
    assert "0 plans written; 1 error" in err


HOSTILE = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<InterchangeStudentProgram>&b;</InterchangeStudentProgram>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<InterchangeStudentProgram>&x;</InterchangeStudentProgram>"""


@pytest.mark.parametrize("evil", [HOSTILE, EXTERNAL], ids=["entity expansion", "external entity"])
def test_hostile_xml_is_refused_and_nothing_else_is_lost(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, district: dict[str, Path], evil: bytes
) -> None:
    hostile = tmp_path / "evil.xml"
    hostile.write_bytes(evil)
    report = tmp_path / "report.json"
    status, out, err = run(
        capsys,
        "import",
        "--from",
        "edfi-5.2",
        hostile,
        district["program"],
        district["students"],
        "--report",
        report,
    )
    assert status == 1
    assert len(plans_of(out)) == len(bodies_52()["program"])
    (refused,) = errors_of(report_of(report))
    assert (refused["file"], refused["record"], refused["path"]) == (str(hostile), None, "")
    assert refused["message"].startswith("refused as unsafe XML")
    assert "Traceback" not in err
    assert "passwd" not in err


def test_xml_without_defusedxml_is_a_usage_error_saying_how_to_install(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "defusedxml.ElementTree", None)
    xml = DATA / "xml" / "ds-4.0-program-associations.xml"
    status, out, err = run(capsys, "import", "--from", "edfi-4.0", xml)
    assert (status, out) == (2, "")
    assert err.startswith(f"iepmodel: error: {xml}: reading Ed-Fi XML needs the defusedxml")
    assert "pip install 'iepmodel[edfi]'" in err


def test_import_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = bodies_52()
    text = "".join(json.dumps(body) + "\n" for body in [*data["program"][:2], *data["students"]])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    report = tmp_path / "report.json"
    status, out, _ = run(capsys, "import", "--from", "edfi-5.2", "-", "--report", report)
    assert status == 0
    assert len(plans_of(out)) == 2
    assert all(problem["file"] == "<stdin>" for problem in report_of(report)["problems"])


def test_import_reads_xml_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (DATA / "xml" / "ds-4.0-program-associations.xml").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    status, out, _ = run(capsys, "import", "--from", "edfi-4.0", "-")
    assert status == 0
    assert len(plans_of(out)) == 2


def test_resource_names_the_resource_of_bodies_the_keys_cannot_tell(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    body = {
        key: value for key, value in bodies_52()["program"][0].items() if key != "programReference"
    }
    path = write_lines(tmp_path / "body.jsonl", body)
    report = tmp_path / "report.json"
    run(capsys, "import", "--from", "edfi-5.2", path, "--report", report)
    (unknown,) = errors_of(report_of(report))
    assert unknown["record"] == 1
    run(capsys, "import", "--from", "edfi-5.2", path, "--report", report, "--resource", PROGRAM)
    named = errors_of(report_of(report))
    assert any(problem["path"].startswith("programReference") for problem in named)
    assert named != [unknown]


def test_import_writes_the_plans_to_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, district: dict[str, Path]
) -> None:
    plans = tmp_path / "plans.jsonl"
    status, out, _ = run(
        capsys,
        "import",
        "--from",
        "edfi-5.2",
        district["program"],
        district["students"],
        "--out",
        plans,
    )
    assert (status, out) == (0, "")
    assert len(plans_of(plans.read_text("utf-8"))) == len(bodies_52()["program"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--from", "edfi-9.9", "x.json"],
            "argument --from: 'edfi-9.9' is not a known Ed-Fi version",
        ),
        (["--from", "5.2", "x.json"], "use one of edfi-4.0, edfi-5.1, edfi-5.2, edfi-6.1"),
        (["x.json"], "the following arguments are required: --from"),
        (["--from", "edfi-5.2", "missing.json"], "missing.json: no such file"),
        (
            ["--from", "edfi-5.2", "{program}", "--resource", "plans"],
            "--resource: unknown resource",
        ),
        (
            ["--from", "edfi-5.2", "{program}", "--out", "{tmp}/no/such/dir/p.jsonl"],
            "--out: cannot write",
        ),
    ],
)
def test_import_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    district: dict[str, Path],
    args: list[str],
    message: str,
) -> None:
    filled = [arg.format(program=district["program"], tmp=tmp_path) for arg in args]
    status, out, err = run(capsys, "import", *filled)
    assert (status, out) == (2, "")
    assert err.startswith("iepmodel: error: ")
    assert message in err
    assert err.count("\n") == 1


# --- export ---------------------------------------------------------------------------------


def district_plans() -> list[iepmodel.IEP]:
    """A slice of the sample district: every kind of plan, and quick to export."""
    return sample.plans()[:60]


@pytest.fixture
def plans_file(tmp_path: Path) -> Path:
    return write_lines(
        tmp_path / "district.jsonl", *(iepmodel.to_json(plan) for plan in district_plans())
    )


@pytest.mark.parametrize("version", ["5.1", "5.2", "6.1"])
def test_export_writes_one_json_lines_file_per_resource_and_the_losses(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, plans_file: Path, version: str
) -> None:
    out_dir = tmp_path / "edfi"
    status, out, err = run(
        capsys,
        "export",
        "--to",
        f"edfi-{version}",
        plans_file,
        "--out",
        out_dir,
        "--organization-id",
        "255901",
    )
    assert status == 0, err
    losses = json.loads((out_dir / "losses.json").read_text("utf-8"))
    assert list(losses) == ["plans", "invalid", "bodies", "losses"]
    assert losses["plans"] == len(district_plans())
    resources: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(out_dir.glob("*.jsonl")):
        resources[path.stem] = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    assert {name: len(bodies) for name, bodies in resources.items()} == losses["bodies"]
    assert (PROGRAM if version != "6.1" else "studentIEPs") in resources
    assert schema_errors(version, resources) == []
    assert all(set(loss) == {"plan_id", "path", "reason"} for loss in losses["losses"])
    assert f"Exported {len(district_plans())} plans to Ed-Fi {version}" in out


def test_export_then_import_gives_the_plans_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, plans_file: Path
) -> None:
    out_dir = tmp_path / "edfi"
    run(
        capsys,
        "export",
        "--to",
        "edfi-5.2",
        plans_file,
        "--out",
        out_dir,
        "--organization-id",
        "255901",
    )
    files = sorted(out_dir.glob("*.jsonl"))
    status, out, err = run(capsys, "import", "--from", "edfi-5.2", *files)
    # Ed-Fi has no place for a plan's own id; the student and the dates come back.
    back = plans_of(out)
    assert [(plan.student.id, plan.start_date) for plan in back] == [
        (plan.student.id, plan.start_date) for plan in district_plans()
    ]
    assert status in (0, 1), err


def test_export_as_xml_writes_the_same_bodies_as_one_interchange_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, plans_file: Path
) -> None:
    json_dir, xml_dir = tmp_path / "json", tmp_path / "xml"
    common = ("--to", "edfi-6.1", str(plans_file), "--organization-id", "255901")
    assert run(capsys, "export", *common, "--out", json_dir)[0] == 0
    assert run(capsys, "export", *common, "--out", xml_dir, "--format", "xml")[0] == 0
    assert sorted(path.name for path in xml_dir.iterdir()) == ["interchange.xml", "losses.json"]
    from_xml: dict[str, list[Any]] = {}
    with open(xml_dir / "interchange.xml", "rb") as stream:
        for item in read_xml(stream, file="interchange.xml", version="6.1"):
            assert isinstance(item, Record)
            assert item.resource is not None
            from_xml.setdefault(item.resource, []).append(item.body)
    from_json = {
        path.stem: [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        for path in json_dir.glob("*.jsonl")
    }
    assert from_xml == from_json


def test_an_xml_export_the_version_cannot_hold_leaves_no_half_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iepmodel.interop import edfi

    plans = write_lines(tmp_path / "plans.jsonl", iepmodel.to_json(sample.plans()[0]))
    original = edfi.to_edfi

    def with_a_stray_key(*args: Any, **kwargs: Any) -> edfi.Export:
        result = original(*args, **kwargs)
        bodies = [dict(body, stray=SECRET) for body in result.resources[PROGRAM]]
        return edfi.Export(resources={PROGRAM: bodies}, losses=result.losses)

    monkeypatch.setattr(edfi, "to_edfi", with_a_stray_key)
    out_dir = tmp_path / "edfi"
    status, out, err = run(
        capsys,
        "export",
        "--to",
        "edfi-5.2",
        plans,
        "--out",
        out_dir,
        "--format",
        "xml",
        "--organization-id",
        "255901",
    )
    assert (status, out) == (2, "")
    assert err.startswith(f"iepmodel: error: --format xml: {PROGRAM}[0]: stray: ")
    assert SECRET not in err
    assert list(out_dir.iterdir()) == []


def test_an_invalid_plan_is_reported_and_the_others_exported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = [iepmodel.to_json(plan) for plan in sample.plans()[:2]]
    path = write_lines(
        tmp_path / "plans.jsonl", good[0], '{"schema_version": 2, "id": "' + SECRET + '"}', good[1]
    )
    out_dir = tmp_path / "edfi"
    status, out, err = run(
        capsys, "export", "--to", "edfi-5.2", path, "--out", out_dir, "--organization-id", "1"
    )
    assert status == 1
    assert f"invalid  {path}:2: " in err
    losses = json.loads((out_dir / "losses.json").read_text("utf-8"))
    assert losses["plans"] == 2
    assert [(record["file"], record["line"]) for record in losses["invalid"]] == [(str(path), 2)]
    assert "1 invalid document not exported" in out
    assert SECRET not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--to", "edfi-7", "{plans}", "--out", "{tmp}/d"],
            "'edfi-7' is not a known Ed-Fi version",
        ),
        (["--to", "edfi-5.2", "{plans}"], "the following arguments are required: --out"),
        (["--to", "edfi-5.2", "{plans}", "--out", "{plans}"], "is not a directory"),
        (["--to", "edfi-5.2", "{tmp}/none.jsonl", "--out", "{tmp}/d"], "none.jsonl: no such file"),
        (
            ["--to", "edfi-5.2", "{plans}", "--out", "{tmp}/d", "--organization-id", "x"],
            "is not an education organization id",
        ),
    ],
)
def test_export_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    plans_file: Path,
    args: list[str],
    message: str,
) -> None:
    filled = [arg.format(plans=plans_file, tmp=tmp_path) for arg in args]
    status, out, err = run(capsys, "export", *filled)
    assert (status, out) == (2, "")
    assert err.startswith("iepmodel: error: ")
    assert message in err
    assert err.count("\n") == 1


# --- a real process -------------------------------------------------------------------------


def test_import_and_export_run_as_a_program(tmp_path: Path, plans_file: Path) -> None:
    env = {key: value for key, value in os.environ.items() if key != "IEPMODEL_DEBUG"}
    out_dir = tmp_path / "edfi"
    exported = subprocess.run(  # noqa: PLW1510 - the test reads returncode
        [
            sys.executable,
            "-m",
            "iepmodel",
            "export",
            "--to",
            "edfi-5.2",
            str(plans_file),
            "--out",
            str(out_dir),
            "--organization-id",
            "255901",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    bodies = (out_dir / f"{PROGRAM}.jsonl").read_bytes()
    imported = subprocess.run(  # noqa: PLW1510
        [sys.executable, "-m", "iepmodel", "import", "--from", "edfi-5.2", "-"],
        input=bodies,
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert imported.returncode in (0, 1), imported.stderr
    assert b"Traceback" not in imported.stderr
    assert len(imported.stdout.splitlines()) == len(district_plans())
    helped = subprocess.run(  # noqa: PLW1510
        [sys.executable, "-m", "iepmodel", "import", "--help"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert helped.returncode == 0
    assert "iepmodel import --from edfi-5.2" in helped.stdout
