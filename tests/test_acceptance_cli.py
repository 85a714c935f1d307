"""
Acceptance tests of ``iepmodel check`` (the command line contract at the end of rules.md).

They run ``python -m iepmodel`` as a user or a pipeline would, in a subprocess, on JSON
documents written to a temporary directory or kept in ``tests/data/acceptance``:

- every scenario of ``test_acceptance_rules.py`` (the ones named by a jurisdiction
  code, not a `Profile` object) gives exactly the same findings through the command
  line, batched one run per set of options;
- exit status 0 / 1 / 2, the exact shape of ``--format json``, a JSON Lines file with a
  broken line between two good ones, standard input, ``--calendar``,
  ``--jurisdiction``, ``--select`` / ``--ignore``, and no personal data in the output.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from test_acceptance_rules import (
    ACCEPTANCE,
    DATA,
    SCENARIOS,
    Doc,
    Row,
    Scenario,
    _del,
    _personal_data,
    _set,
    _unique,
    _who,
    edit,
    elem,
    initial,
    params,
    trans,
)

FINDING_KEYS = {"plan_id", "code", "severity", "message", "citation", "path", "due"}
INVALID_KEYS = {"file", "line", "error"}
TOP_KEYS = {"plans", "invalid", "findings"}


def cli(
    *args: str, cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m iepmodel ARGS`` in a subprocess (output piped: not a terminal)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "iepmodel", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
        check=False,
    )


def check_json(*args: str, **kw: Any) -> tuple[int, dict[str, Any], str]:
    """``iepmodel check ARGS --format json``: exit status, the parsed JSON, stderr."""
    done = cli("check", *args, "--format", "json", **kw)
    assert done.stdout.strip(), done.stderr
    data = json.loads(done.stdout)
    return done.returncode, data, done.stderr


def write(path: Path, documents: Iterable[Doc] | Doc) -> Path:
    """One plan (a dict) as a .json file, or several as .jsonl, at *path*."""
    if isinstance(documents, dict):
        path.write_text(json.dumps(documents, indent=2), encoding="utf-8")
    else:
        path.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")
    return path


def assert_contract(data: dict[str, Any]) -> None:
    """The exact shape of the ``--format json`` object of rules.md."""
    assert set(data) == TOP_KEYS
    assert isinstance(data["plans"], int)
    for record in data["invalid"]:
        assert set(record) == INVALID_KEYS
        assert isinstance(record["file"], str)
        assert isinstance(record["line"], int)
        assert isinstance(record["error"], str)
        assert record["error"]
    for finding in data["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in ("error", "warning")
        assert finding["citation"]
        assert finding["due"] is None or len(finding["due"]) == 10
    keys = [(f["plan_id"], f["code"]) for f in data["findings"]]
    assert keys == sorted(keys), "findings sorted by plan then code"


# ---------------------------------------------------------------------------------------
# Every scenario through the command line, batched by options.


def _options(s: Scenario) -> tuple[str, str | None, str | None]:
    assert s.jurisdiction is None or isinstance(s.jurisdiction, str)
    return (s.as_of.isoformat(), s.jurisdiction, s.calendar)


CLI_SCENARIOS = [s for s in SCENARIOS if s.jurisdiction is None or isinstance(s.jurisdiction, str)]


@pytest.fixture(scope="module")
def batched(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Row]]:
    """Each scenario's findings through the CLI: plan ids made unique, one run per options."""
    groups: dict[tuple[str, str | None, str | None], list[Scenario]] = {}
    for s in CLI_SCENARIOS:
        groups.setdefault(_options(s), []).append(s)
    directory = tmp_path_factory.mktemp("batches")
    out: dict[str, list[Row]] = {s.name: [] for s in CLI_SCENARIOS}
    owner: dict[str, str] = {}
    for number, ((as_of, code, calendar), members) in enumerate(sorted(groups.items(), key=str)):
        documents = []
        for s in members:
            for d in _unique(s):
                owner[d["id"]] = s.name
                documents.append(d)
        path = write(directory / f"batch-{number}.jsonl", documents)
        args = [str(path), "--as-of", as_of]
        if code is not None:
            args += ["--jurisdiction", code]
        if calendar is not None:
            args += ["--calendar", str(DATA / calendar)]
        status, data, stderr = check_json(*args)
        assert status in (0, 1), stderr
        assert data["invalid"] == [], data["invalid"]
        assert data["plans"] == len(documents)
        assert_contract(data)
        for f in data["findings"]:
            name = owner[f["plan_id"]]
            plan_id = f["plan_id"].removeprefix(f"{name}::")
            out[name].append((plan_id, f["code"], f["path"], f["due"], f["severity"]))
    return {name: sorted(found) for name, found in out.items()}


@pytest.mark.parametrize("s", params(CLI_SCENARIOS))
def test_scenario_through_the_cli_gives_exactly_the_expected_findings(
    s: Scenario, batched: dict[str, list[Row]]
) -> None:
    assert batched[s.name] == s.rows()


# ---------------------------------------------------------------------------------------
# Exit status and the JSON contract.


def test_compliant_plan_exit_0_and_exact_empty_report(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.json", elem())
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02")
    assert status == 0
    assert data == {"plans": 1, "invalid": [], "findings": []}


def test_the_three_example_plans_exit_0(tmp_path: Path) -> None:
    paths = [str(DATA / name) for name in ("annual-elementary.json", "initial-preschool.json")]
    status, data, _ = check_json(*paths, "--as-of", "2025-10-02")
    assert (status, data["plans"], data["findings"]) == (0, 2, [])
    status, data, _ = check_json(str(DATA / "annual-transition.json"), "--as-of", "2026-03-02")
    assert (status, data["plans"], data["findings"]) == (0, 1, [])


def test_error_finding_exit_1_and_exact_finding_object(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.json", edit(elem, _del(["services", 1, "location"])))
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02")
    assert status == 1
    assert_contract(data)
    (finding,) = data["findings"]
    message = finding.pop("message")
    assert finding == {
        "plan_id": "district-7/2025/00412",
        "code": "C308",
        "severity": "error",
        "citation": "34 CFR 300.320(a)(7)",
        "path": "services[1].location",
        "due": None,
    }
    assert message


def test_due_is_an_iso_date_string(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.json", edit(elem, _set(["end_date"], "2026-10-01")))
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02")
    assert status == 1
    assert [(f["code"], f["due"]) for f in data["findings"]] == [("D203", "2026-09-30")]


def test_only_warnings_exit_0(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.json", elem())
    status, data, _ = check_json(str(path), "--as-of", "2026-08-31")
    assert status == 0
    assert [(f["code"], f["severity"], f["due"]) for f in data["findings"]] == [
        ("D202", "warning", "2026-09-30")
    ]


def test_draft_content_warnings_exit_0(tmp_path: Path) -> None:
    document = edit(elem, lambda d: (d.update(status="draft"), d.pop("present_levels")))
    path = write(tmp_path / "plan.json", document)
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02")
    assert status == 0
    assert [(f["code"], f["severity"]) for f in data["findings"]] == [("C301", "warning")]


def test_invalid_document_alone_exit_1(tmp_path: Path) -> None:
    document = elem()
    document["meeting"]["date"] = "2025-13-01"
    path = write(tmp_path / "plan.json", document)
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02")
    assert status == 1
    assert_contract(data)
    assert data["plans"] == 0
    assert data["findings"] == []
    (record,) = data["invalid"]
    assert record["file"] == str(path)
    assert record["line"] == 1
    assert "meeting.date" in record["error"]


def _one_line_usage_error(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.parametrize(
    "extra",
    [
        ["--jurisdiction", "US-ZZ-NOPE"],
        ["--jurisdiction", "XX"],
        ["--frobnicate"],
        ["--as-of", "2025-02-30"],
        ["--format", "xml"],
        ["--select", "Z999"],
        ["--calendar", "no-such-calendar.json"],
    ],
    ids=[
        "unknown-jurisdiction",
        "unknown-country",
        "unknown-option",
        "bad-date",
        "bad-format",
        "unknown-code",
        "missing-calendar",
    ],
)
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, extra: list[str]) -> None:
    path = write(tmp_path / "plan.json", elem())
    _one_line_usage_error(cli("check", str(path), "--as-of", "2025-10-02", *extra, cwd=tmp_path))


def test_missing_file_exit_2_with_one_line(tmp_path: Path) -> None:
    done = cli("check", str(tmp_path / "nope.jsonl"), "--format", "json", cwd=tmp_path)
    _one_line_usage_error(done)
    assert "nope.jsonl" in done.stderr


def test_missing_file_among_good_ones_exit_2(tmp_path: Path) -> None:
    good = write(tmp_path / "plan.json", elem())
    done = cli("check", str(good), str(tmp_path / "nope.json"), "--as-of", "2025-10-02")
    _one_line_usage_error(done)


# ---------------------------------------------------------------------------------------
# Bad documents never hide the others.


def _c301(plan_id: str) -> Doc:
    document = edit(elem, _del(["present_levels"]))
    document["id"] = plan_id
    return document


def test_jsonl_broken_line_between_two_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "plans.jsonl"
    path.write_text(
        json.dumps(_c301("good-1"))
        + "\n"
        + '{"schema_version": 1, "id": "broken",\n'
        + json.dumps(_c301("good-2"))
        + "\n",
        encoding="utf-8",
    )
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02")
    assert status == 1
    assert_contract(data)
    assert data["plans"] == 2
    assert [(r["file"], r["line"]) for r in data["invalid"]] == [(str(path), 2)]
    assert [(f["plan_id"], f["code"]) for f in data["findings"]] == [
        ("good-1", "C301"),
        ("good-2", "C301"),
    ]


def test_jsonl_fixture_with_a_broken_line(tmp_path: Path) -> None:
    """The fixture of tests/data/acceptance: a broken line 2 between two good plans."""
    path = ACCEPTANCE / "broken-line.jsonl"
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02")
    assert status == 1
    assert data["plans"] == 2
    assert [r["line"] for r in data["invalid"]] == [2]
    assert sorted({f["plan_id"] for f in data["findings"]}) == ["acc/good-1", "acc/good-2"]


def test_jsonl_schema_error_line_names_the_bad_field(tmp_path: Path) -> None:
    bad = _c301("bad")
    bad["services"][0]["minutes"] = "forty"
    path = write(tmp_path / "plans.jsonl", [_c301("good-1"), bad, _c301("good-2")])
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02")
    assert status == 1
    assert data["plans"] == 2
    (record,) = data["invalid"]
    assert record["line"] == 2
    assert "services[0].minutes" in record["error"]
    assert "forty" not in record["error"], "an error never echoes a value"
    assert {f["plan_id"] for f in data["findings"]} == {"good-1", "good-2"}


def test_invalid_document_never_echoes_personal_data(tmp_path: Path) -> None:
    bad = elem()
    bad["student"]["date_of_birth"] = "2015-02-30"
    bad["meeting"]["participants"][0]["roles"] = ["grandparent"]
    path = write(tmp_path / "plans.jsonl", [bad])
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02")
    assert status == 1
    (record,) = data["invalid"]
    for secret in ("Jamie", "Rivera", "Pat Parent", "2015-02-30", "grandparent"):
        assert secret not in record["error"]


def test_plan_with_unknown_own_jurisdiction_is_reported_and_others_checked(tmp_path: Path) -> None:
    odd = _c301("odd")
    odd["jurisdiction"] = "XX"
    path = write(tmp_path / "plans.jsonl", [_c301("good-1"), odd, _c301("good-2")])
    status, data, stderr = check_json(str(path), "--as-of", "2025-10-02")
    assert status == 1, stderr
    assert [r["line"] for r in data["invalid"]] == [2]
    assert {f["plan_id"] for f in data["findings"]} == {"good-1", "good-2"}


def test_json_array_file_checks_every_plan(tmp_path: Path) -> None:
    path = tmp_path / "plans.json"
    path.write_text(json.dumps([_c301("a"), _c301("b")], indent=2), encoding="utf-8")
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02")
    assert status == 1
    assert data["plans"] == 2
    assert [(f["plan_id"], f["code"]) for f in data["findings"]] == [("a", "C301"), ("b", "C301")]


def test_standard_input(tmp_path: Path) -> None:
    text = json.dumps(_c301("from-stdin")) + "\n" + json.dumps(elem()) + "\n"
    status, data, _ = check_json("-", "--as-of", "2025-10-02", stdin=text)
    assert status == 1
    assert data["plans"] == 2
    assert [(f["plan_id"], f["code"]) for f in data["findings"]] == [("from-stdin", "C301")]


def test_history_across_two_files(tmp_path: Path) -> None:
    """Rules that need a student's history read the plans of every file given."""
    from test_acceptance_rules import annual

    first = write(tmp_path / "a.json", annual("2024-10-01", plan_id="h/a", evaluated="2024-09-01"))
    second = write(
        tmp_path / "b.json", annual("2025-10-02", plan_id="h/b", evaluated="2024-09-01")
    )
    status, data, _ = check_json(str(first), str(second), "--as-of", "2025-10-03")
    assert status == 1
    assert [(f["plan_id"], f["code"], f["due"]) for f in data["findings"]] == [
        ("h/a", "D201", "2025-09-30")
    ]


# ---------------------------------------------------------------------------------------
# Options.


def test_calendar_option_counts_school_days_and_no_estimate(tmp_path: Path) -> None:
    path = write(tmp_path / "plan.json", initial("2024-11-04", "2025-01-28"))
    args = [str(path), "--as-of", "2025-03-01", "--jurisdiction", "US-TX"]
    status, data, _ = check_json(*args, "--calendar", str(DATA / "calendar-2024-25.json"))
    assert status == 1
    ((code, due, message),) = [(f["code"], f["due"], f["message"]) for f in data["findings"]]
    assert (code, due) == ("D207", "2025-01-27")
    assert "estimate" not in message.lower()
    status, data, _ = check_json(*args)
    ((code, due, message),) = [(f["code"], f["due"], f["message"]) for f in data["findings"]]
    assert (code, due) == ("D207", "2025-01-06")
    assert "estimate" in message.lower()


def test_jurisdiction_option_overrides_the_plans_own(tmp_path: Path) -> None:
    document = edit(elem, _set(["meeting", "notice_date"], "2025-09-29"))
    document["jurisdiction"] = "US-IL"
    path = write(tmp_path / "plan.json", document)
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02")
    assert (status, [f["code"] for f in data["findings"]]) == (1, ["D210"])
    status, data, _ = check_json(str(path), "--as-of", "2025-10-02", "--jurisdiction", "US")
    assert (status, data["findings"]) == (0, [])


def test_select_and_ignore(tmp_path: Path) -> None:
    document = edit(elem, _del(["present_levels"]))
    document["meeting"]["participants"].pop(3)  # the LEA representative
    path = write(tmp_path / "plan.json", document)
    base = [str(path), "--as-of", "2025-10-02"]
    assert [f["code"] for f in check_json(*base)[1]["findings"]] == ["C301", "T104"]
    assert [f["code"] for f in check_json(*base, "--select", "T")[1]["findings"]] == ["T104"]
    assert [f["code"] for f in check_json(*base, "--ignore", "C301")[1]["findings"]] == ["T104"]
    status, data, _ = check_json(*base, "--select", "C3,T104", "--ignore", "T1")
    assert [f["code"] for f in data["findings"]] == ["C301"]
    status, data, _ = check_json(*base, "--ignore", "C,T")
    assert (status, data["findings"]) == (0, [])


# ---------------------------------------------------------------------------------------
# Output for people and personal data.


def _many_findings() -> list[Doc]:
    one = edit(
        trans,
        lambda d: (
            d.pop("transition"),
            d.pop("present_levels"),
            _who("Gale General", attendance="absent")(d),
            _who("Pat Parent", attendance="excused", excusal={"area_discussed": False})(d),
            d["student"].update(date_of_birth="2009-09-01"),
        ),
    )
    two = copy.deepcopy(one)
    two["id"] = "district-7/2026/00978"
    two["meeting"]["participants"].pop(4)  # the student
    return [one, two]


@pytest.mark.parametrize("form", ["text", "json"])
def test_output_never_names_a_person_or_gives_a_date_of_birth(tmp_path: Path, form: str) -> None:
    documents = _many_findings()
    path = write(tmp_path / "plans.jsonl", documents)
    done = cli("check", str(path), "--as-of", "2026-03-02", "--format", form, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert len(done.stdout.splitlines()) > 3
    secrets = set().union(*(_personal_data(d) for d in documents))
    for secret in secrets:
        assert secret not in done.stdout, secret
        assert secret not in done.stderr, secret


def test_text_output_groups_by_plan_and_ends_with_a_total(tmp_path: Path) -> None:
    documents = _many_findings()
    path = write(tmp_path / "plans.jsonl", documents)
    done = cli("check", str(path), "--as-of", "2026-03-02", cwd=tmp_path)
    assert done.returncode == 1
    text = done.stdout
    assert "\x1b[" not in text, "no colour when not on a terminal"
    assert "district-7/2026/00977" in text
    assert "district-7/2026/00978" in text
    assert "STU-40977" in text
    assert text.index("district-7/2026/00977") < text.index("district-7/2026/00978")
    for code in ("C311", "C316", "T102", "T109", "T106", "C301"):
        assert code in text
    assert "34 CFR 300.320(b)" in text
    assert text.strip().splitlines()[-1].strip(), "a one-line total at the end"
