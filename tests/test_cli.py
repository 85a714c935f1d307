"""The ``iepmodel`` command line: the contract of rules.md, inputs, errors, demo, sample."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import random
import subprocess
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import attrs
import pytest

import iepmodel
from builders import AS_OF, calendar_2024_25, elementary, initial_evaluation, with_meeting
from iepmodel import IEP, sample
from iepmodel.cli import main
from iepmodel.cli._checking import slim
from iepmodel.cli._inputs import Invalid, Loaded, read_documents, read_json_lines
from iepmodel.cli._progress import Progress
from iepmodel.rules import catalog

ROOT = Path(__file__).resolve().parent.parent
FINDING_KEYS = ["plan_id", "code", "severity", "message", "citation", "path", "due"]
CATALOG = [entry.code for entry in catalog()]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``iepmodel *args`` in this process: (exit status, stdout, stderr)."""
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_module(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m iepmodel *args`` in a new process."""
    env = {key: value for key, value in os.environ.items() if key != "IEPMODEL_DEBUG"}
    return subprocess.run(  # noqa: PLW1510 - the tests read returncode
        [sys.executable, "-m", "iepmodel", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def plan_line(plan: IEP) -> str:
    return iepmodel.to_json(plan) + "\n"


def write_jsonl(path: Path, *lines: str) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


def without_goals(plan_id: str = "A", student_id: str = "S-A") -> IEP:
    """The compliant example, with no annual goals (C302, an error)."""
    plan = elementary(id=plan_id, goals=())
    return attrs.evolve(plan, student=attrs.evolve(plan.student, id=student_id))


def without_present_levels(plan_id: str = "B", student_id: str = "S-B") -> IEP:
    """The compliant example, with no present levels (C301, an error)."""
    plan = elementary(id=plan_id, present_levels=())
    return attrs.evolve(plan, student=attrs.evolve(plan.student, id=student_id))


def json_report(out: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.fixture(name="sample_files")
def _sample_files(tmp_path: Path) -> tuple[Path, Path]:
    """The sample district and its calendar, written where a user would have them."""
    plans = tmp_path / sample.PLANS_FILE
    calendar = tmp_path / sample.CALENDAR_FILE
    plans.write_bytes(sample.read_bytes(sample.PLANS_FILE))
    calendar.write_bytes(sample.read_bytes(sample.CALENDAR_FILE))
    return plans, calendar


class TestJsonContract:
    def test_the_object_has_exactly_the_contract_keys(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """--format json prints one object: plans, invalid, findings, each with its keys."""
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(without_goals()), "{oops\n")

        status, out, _ = run(
            capsys, "check", str(path), "--as-of", "2025-10-02", "--format", "json"
        )
        report = json_report(out)

        assert status == 1
        assert list(report) == ["plans", "invalid", "findings"]
        assert report["plans"] == 1
        assert [list(record) for record in report["invalid"]] == [["file", "line", "error"]]
        assert [list(finding) for finding in report["findings"]] == [FINDING_KEYS]
        assert {
            "plan_id": "A",
            "code": "C302",
            "severity": "error",
            "citation": "34 CFR 300.320(a)(2)(i)",
            "path": "goals",
            "due": None,
        }.items() <= report["findings"][0].items()

    def test_findings_are_sorted_by_plan_then_code(
        self, capsys: pytest.CaptureFixture[str], sample_files: tuple[Path, Path]
    ) -> None:
        """Findings come sorted by plan id, then code, whatever the file's order."""
        plans, calendar = sample_files
        lines = plans.read_text(encoding="utf-8").splitlines(keepends=True)
        random.Random(4).shuffle(lines)
        plans.write_text("".join(lines), encoding="utf-8")

        _, out, _ = run(
            capsys, "check", str(plans), "--as-of", "2026-01-15", "--calendar", str(calendar),
            "--format", "json",
        )  # fmt: skip
        findings = json_report(out)["findings"]
        keys = [(f["plan_id"], f["code"]) for f in findings]

        assert sorted(keys) == keys
        assert len(findings) > 50

    def test_due_is_an_iso_date_or_null(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A finding's due date is written YYYY-MM-DD."""
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(elementary()))

        _, out, _ = run(capsys, "check", str(path), "--as-of", "2026-09-10", "--format", "json")
        (finding,) = json_report(out)["findings"]

        assert (
            finding["code"],
            finding["severity"],
            finding["due"],
        ) == ("D202", "warning", "2026-09-30")


class TestExitStatus:
    def test_a_lawful_plan_exits_0(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """No findings: exit status 0, and the total says so."""
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(elementary()))

        status, out, err = run(capsys, "check", str(path), "--as-of", AS_OF.isoformat())

        assert (status, err) == (0, "")
        assert out.strip() == "1 plan checked as of 2025-10-02: no findings."

    def test_warnings_only_exit_0(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A warning (due soon) is not an error: exit status 0."""
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(elementary()))

        status, out, _ = run(capsys, "check", str(path), "--as-of", "2026-09-10")

        assert status == 0
        assert "D202" in out

    def test_an_error_finding_exits_1(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """One error finding: exit status 1."""
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(without_goals()))

        assert run(capsys, "check", str(path), "--as-of", AS_OF.isoformat())[0] == 1

    def test_an_invalid_document_alone_exits_1(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A document that does not load makes the exit status 1, without any finding."""
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(elementary()), '{"id": 1}\n')

        status, out, _ = run(capsys, "check", str(path), "--as-of", AS_OF.isoformat())

        assert status == 1
        assert "p.jsonl:2:" in out

    @pytest.mark.parametrize(
        ("plan", "expected"), [(elementary(), 0), (without_goals(), 1)], ids=["lawful", "error"]
    )
    def test_exit_status_of_the_module(self, tmp_path: Path, plan: IEP, expected: int) -> None:
        """``python -m iepmodel check`` exits 0 or 1 as the contract says."""
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(plan))

        result = run_module("check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json")

        assert expected == result.returncode
        assert result.stderr == ""


class TestBrokenDocuments:
    def test_a_broken_line_between_two_good_ones(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The broken line is in invalid with its number; both good plans are checked."""
        path = write_jsonl(
            tmp_path / "district.jsonl",
            plan_line(without_goals()),
            '{"schema_version": 1, "id": "X", "kind": "annual", oops\n',
            plan_line(without_present_levels()),
        )

        status, out, _ = run(
            capsys, "check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"
        )
        report = json_report(out)

        assert status == 1
        assert report["plans"] == 2
        assert [(str(path), 2)] == [(r["file"], r["line"]) for r in report["invalid"]]
        assert "not valid JSON" in report["invalid"][0]["error"]
        assert [(f["plan_id"], f["code"]) for f in report["findings"]] == [
            ("A", "C302"),
            ("B", "C301"),
        ]

    def test_an_invalid_field_is_reported_with_its_path(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A document that breaks the format names the path of the bad field."""
        document = iepmodel.to_dict(elementary())
        document["services"][0]["minutes"] = "45"
        path = write_jsonl(tmp_path / "p.jsonl", json.dumps(document) + "\n")

        _, out, _ = run(capsys, "validate", str(path), "--format", "json")

        assert [
            {"file": str(path), "line": 1, "error": "services[0].minutes: expected a whole number"}
        ] == json_report(out)["invalid"]

    def test_an_array_element_is_reported_with_its_line_and_index(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """In a JSON array, a bad element gives the line it starts on and its index."""
        bad = iepmodel.to_dict(without_present_levels())
        bad["kind"] = "yearly"
        documents = [iepmodel.to_dict(without_goals()), bad]
        path = tmp_path / "plans.json"
        path.write_text(json.dumps(documents, indent=2), encoding="utf-8")
        text = path.read_text(encoding="utf-8")
        start = text.count("\n", 0, text.index('"id": "B"')) + 1  # a line inside element 1

        status, out, _ = run(
            capsys, "check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"
        )
        report = json_report(out)
        (invalid,) = report["invalid"]

        assert status == 1
        assert report["plans"] == 1
        assert [f["plan_id"] for f in report["findings"]] == ["A"]
        assert invalid["error"].startswith("array element [1]: kind: expected one of")
        assert start - 3 <= invalid["line"] < start

    def test_an_unknown_jurisdiction_in_a_plan_makes_it_invalid(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A plan whose own jurisdiction is unknown is reported, and the others checked."""
        path = write_jsonl(
            tmp_path / "p.jsonl",
            plan_line(elementary(jurisdiction="XX-YY")),
            plan_line(without_goals()),
        )

        status, out, _ = run(
            capsys, "check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"
        )
        report = json_report(out)

        assert status == 1
        assert [record["line"] for record in report["invalid"]] == [1]
        assert report["invalid"][0]["error"].startswith("jurisdiction: unknown jurisdiction")
        assert [f["code"] for f in report["findings"]] == ["C302"]

    def test_no_value_of_a_bad_document_is_echoed(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """The report of a bad document names paths, never the child's data."""
        document = iepmodel.to_dict(elementary())
        document["student"]["date_of_birth"] = "Zephyrine Quillbrook"
        path = write_jsonl(tmp_path / "p.jsonl", json.dumps(document) + "\n")

        _, out, err = run(capsys, "check", str(path))

        assert "student.date_of_birth" in out
        assert "Zephyrine" not in out + err
        assert "Jamie Rivera" not in out + err


class TestUsageErrors:
    @pytest.mark.parametrize(
        ("args", "fragment"),
        [
            (["check", "{plans}", "--jurisdiction", "US-ZZ"], "unknown jurisdiction 'US-ZZ'"),
            (["check", "{plans}", "--bogus"], "unrecognized arguments: --bogus"),
            (["check", "{missing}"], "no such file"),
            (["check", "{directory}"], "is a directory"),
            (["check", "{plans}", "--as-of", "2026-02-30"], "is not a date"),
            (["check", "{plans}", "--as-of", "20260115"], "is not a date"),
            (["check", "{plans}", "--select", "Q1"], "--select: no rule code"),
            (["check", "{plans}", "--format", "xml"], "invalid choice"),
            (["check", "{plans}", "--calendar", "{missing}"], "--calendar"),
            (["check", "-", "-"], "named twice"),
            (["check"], "required: FILE"),
            (["validate", "{missing}"], "no such file"),
            (["demo", "--bogus"], "unrecognized arguments"),
            (["frobnicate"], "invalid choice"),
            ([], "no command given"),
        ],
    )
    def test_exit_2_with_one_line(
        self,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
        args: list[str],
        fragment: str,
    ) -> None:
        """A usage error: exit status 2, nothing on stdout, one line on stderr."""
        plans = write_jsonl(tmp_path / "p.jsonl", plan_line(elementary()))
        names = {
            "plans": str(plans),
            "missing": str(tmp_path / "no.jsonl"),
            "directory": str(tmp_path),
        }

        status, out, err = run(capsys, *(arg.format(**names) for arg in args))

        assert (status, out) == (2, "")
        assert len(err.splitlines()) == 1
        assert err.startswith("iepmodel: error: ")
        assert fragment in err

    @pytest.mark.parametrize(
        "args",
        [
            ["check", "{plans}", "--jurisdiction", "MARS"],
            ["check", "{plans}", "--no-such-option"],
            ["check", "{missing}"],
        ],
        ids=["unknown jurisdiction", "unknown option", "missing file"],
    )
    def test_exit_2_from_the_module_without_traceback(
        self, tmp_path: Path, args: list[str]
    ) -> None:
        """``python -m iepmodel``: exit status 2, one line, no traceback."""
        plans = write_jsonl(tmp_path / "p.jsonl", plan_line(elementary()))
        names = {"plans": str(plans), "missing": str(tmp_path / "no.jsonl")}

        result = run_module(*(arg.format(**names) for arg in args))

        assert result.returncode == 2
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1
        assert "Traceback" not in result.stderr

    def test_an_invalid_calendar_is_one_line(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """A calendar that is not one: exit 2, one line naming the problems."""
        plans = write_jsonl(tmp_path / "p.jsonl", plan_line(elementary()))
        calendar = write_jsonl(tmp_path / "cal.json", '{"name": "x", "terms": 5}')

        status, _, err = run(capsys, "check", str(plans), "--calendar", str(calendar))

        assert (status, len(err.splitlines())) == (2, 1)
        assert "is not a valid school calendar (terms: expected a list)" in err

    def test_a_failing_rule_is_one_line_not_a_traceback(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A bug in a rule: exit 2 and one line that names the plan, not a traceback."""

        def broken(*_: object, **__: object) -> list[object]:
            raise RuntimeError("Jamie Rivera")

        monkeypatch.setattr("iepmodel.cli._checking.check", broken)
        monkeypatch.delenv("IEPMODEL_DEBUG", raising=False)
        plans = write_jsonl(tmp_path / "p.jsonl", plan_line(elementary()))

        status, _, err = run(capsys, "check", str(plans))

        assert status == 2
        assert len(err.splitlines()) == 1
        assert "internal error: a rule failed on plan 'district-7/2025/00412'" in err
        assert "Jamie" not in err

    def test_an_unexpected_error_is_one_line_unless_debugging(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Any other bug: one line naming only its kind; IEPMODEL_DEBUG=1 shows it whole."""

        def broken() -> object:
            raise ValueError("Jamie Rivera, 2015-01-22")

        monkeypatch.setattr("iepmodel.cli._app._demo_report", broken)
        monkeypatch.delenv("IEPMODEL_DEBUG", raising=False)

        status, out, err = run(capsys, "demo")
        monkeypatch.setenv("IEPMODEL_DEBUG", "1")

        assert (status, out) == (2, "")
        assert err.startswith("iepmodel: error: internal error (ValueError); please report it")
        assert "Jamie" not in err
        with pytest.raises(ValueError, match="Jamie"):
            main(["demo"])

    def test_an_unwritable_sample_directory_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """demo --write-sample into a path that is a file: exit 2, one line."""
        target = tmp_path / "file"
        target.write_text("", encoding="utf-8")

        status, _, err = run(capsys, "demo", "--write-sample", str(target))

        assert (status, len(err.splitlines())) == (2, 1)
        assert "--write-sample: cannot write to" in err

    def test_an_empty_code_list_is_a_usage_error(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """--ignore with nothing in it is a mistake, not "ignore nothing"."""
        plans = write_jsonl(tmp_path / "p.jsonl", plan_line(elementary()))

        status, _, err = run(capsys, "check", str(plans), "--ignore", ",")

        assert status == 2
        assert "--ignore: give at least one rule code" in err


class TestOptions:
    def test_jurisdiction_overrides_each_plans_own(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """--jurisdiction checks every plan under that profile: a late notice in Illinois."""
        plan = with_meeting(elementary(), notice_date=dt.date(2025, 9, 26))
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(plan))
        common = ["check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"]

        own = json_report(run(capsys, *common)[1])["findings"]
        illinois = json_report(run(capsys, *common, "--jurisdiction", "us-il")[1])["findings"]

        assert own == []
        assert [f["code"] for f in illinois] == ["D210"]

    def test_select_and_ignore_take_codes_and_prefixes(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """--select keeps codes by prefix, --ignore drops some, both comma-separated."""
        plan = elementary(goals=(), present_levels=(), progress_reporting=None)
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(plan))
        common = ["check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"]

        _, out, _ = run(capsys, *common, "--select", "C30,T", "--ignore", "C301", "--ignore=D")

        assert [f["code"] for f in json_report(out)["findings"]] == ["C302", "C305"]

    def test_a_calendar_makes_school_days_exact(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """With --calendar, a school-day deadline is counted on it, not estimated."""
        late = initial_evaluation(dt.date(2024, 11, 18), dt.date(2025, 3, 10))
        plan = elementary(jurisdiction="US-IL", evaluations=(late,))
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(plan))
        calendar = tmp_path / "calendar.json"
        calendar.write_text(iepmodel.to_json(calendar_2024_25()), encoding="utf-8")
        common = ["check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"]

        estimated = json_report(run(capsys, *common)[1])["findings"]
        counted = json_report(run(capsys, *common, "--calendar", str(calendar))[1])["findings"]

        assert ["D207"] == [f["code"] for f in estimated] == [f["code"] for f in counted]
        assert "estimate" in estimated[0]["message"]
        assert (counted[0]["due"], "estimate" in counted[0]["message"]) == ("2025-03-03", False)

    def test_standard_input_json_lines(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """- reads JSON Lines from standard input, and names it <stdin>."""
        data = plan_line(without_goals()) + "{broken\n" + plan_line(without_present_levels())
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))

        status, out, _ = run(
            capsys, "check", "-", "--as-of", AS_OF.isoformat(), "--format", "json"
        )
        report = json_report(out)

        assert status == 1
        assert (
            report["plans"],
            [(r["file"], r["line"]) for r in report["invalid"]],
        ) == (2, [("<stdin>", 2)])

    def test_standard_input_one_pretty_printed_plan(
        self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """- also reads one plan spread over many lines (a .json document)."""
        data = iepmodel.to_json(without_goals(), indent=2)
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))

        _, out, _ = run(capsys, "check", "-", "--as-of", AS_OF.isoformat(), "--format", "json")

        assert [f["code"] for f in json_report(out)["findings"]] == ["C302"]


class TestTextOutput:
    def test_grouped_by_plan_with_the_student_id_and_no_name(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Text output: a header per plan, each finding's details, a one-line total."""
        plan = with_meeting(without_goals(), notice_date=dt.date(2025, 9, 26))
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(plan), "[]\n")

        status, out, _ = run(
            capsys, "check", str(path), "--as-of", "2026-09-10", "--jurisdiction", "US-IL"
        )
        lines = out.splitlines()

        assert status == 1
        assert lines[0] == "plan A  (student S-A)"
        assert lines[1].split() == [
            "error",
            "C302",
            "The",
            "plan",
            "has",
            "no",
            "annual",
            "goals.",
        ]
        assert lines[2].split() == ["34", "CFR", "300.320(a)(2)(i)", "at", "goals"]
        assert "D202" in out
        assert "due 2026-09-30" in out
        assert "p.jsonl:2: (document): expected an object" in out
        assert lines[-1] == (
            "1 plan checked as of 2026-09-10, jurisdiction US-IL: 2 errors, 1 warning in 1 "
            "plan; 1 invalid document."
        )
        assert "Jamie" not in out
        assert "Rivera" not in out

    def test_no_colour_and_no_progress_when_piped(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """Output that is not a terminal has no escape codes; stderr stays empty."""
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(without_goals()))

        _, out, err = run(capsys, "check", str(path), "--as-of", AS_OF.isoformat())

        assert "\033[" not in out
        assert err == ""

    def test_colour_when_asked(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """--color always colours the severity."""
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(without_goals()))

        _, out, _ = run(capsys, "check", str(path), "--as-of", AS_OF.isoformat(), "--color=always")

        assert "\033[1;31merror" in out

    def test_no_color_wins_on_a_terminal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """NO_COLOR turns colour off even on a terminal."""
        from iepmodel.cli._output import use_colour

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm")
        coloured = use_colour(Terminal(), "auto")
        monkeypatch.setenv("NO_COLOR", "1")

        assert (coloured, use_colour(Terminal(), "auto")) == (True, False)

    def test_a_closed_pipe_ends_quietly(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """When the reader goes away (| head), the command stops without a traceback."""

        class Closed(io.StringIO):
            def write(self, _: str) -> int:
                raise BrokenPipeError

        monkeypatch.setattr(sys, "stdout", Closed())

        status = main(["rules"])

        assert (status, capsys.readouterr().err) == (0, "")


def no_stdin() -> io.BytesIO:
    raise AssertionError("standard input was read")


def read(path: Path) -> list[tuple[str, int, str]]:
    """What reading *path* yields: (Loaded or Invalid, line, plan id or error)."""
    return [
        ("Loaded", d.line, d.plan.id) if isinstance(d, Loaded) else ("Invalid", d.line, d.message)
        for d in read_documents(str(path), no_stdin)
    ]


class TestReadingFiles:
    def test_another_suffix_is_sniffed(self, tmp_path: Path) -> None:
        """A file named neither .json nor .jsonl is read as JSON Lines, or as one plan."""
        lines = write_jsonl(tmp_path / "plans.txt", plan_line(elementary(id="P1")), "\n", "{x\n")
        pretty = tmp_path / "plan.txt"
        pretty.write_text(iepmodel.to_json(elementary(id="P2"), indent=2), encoding="utf-8")

        assert read(lines)[0] == ("Loaded", 1, "P1")
        assert read(lines)[1][:2] == ("Invalid", 3)
        assert read(pretty) == [("Loaded", 1, "P2")]

    def test_a_broken_first_line_does_not_make_json_lines_one_document(
        self, tmp_path: Path
    ) -> None:
        """Sniffing looks past one broken first line: the good lines still load."""
        path = write_jsonl(tmp_path / "plans.txt", "{x\n", plan_line(elementary(id="P1")))

        assert [kind for kind, _, _ in read(path)] == ["Invalid", "Loaded"]

    @pytest.mark.parametrize(
        ("content", "expected"),
        [
            (b"", [(1, "(document): empty; expected a plan or an array")]),
            (b"[]", []),
            (b"  5", [(1, "(document): expected an object")]),
            (b"\n\n\xff", [(3, "(document): not valid UTF-8 text")]),
            # NaN is read as a number, so that the problem names its key (as `from_json`).
            (b'{"a": NaN}', [(1, "a: unknown key")]),
            (b'{"a": 1}\n{"b": 2}', [(2, "(document): more than one JSON value")]),
            (
                b"[1 2]",
                [
                    (1, "array element [0]: (document): expected an object"),
                    (1, "(document): not valid JSON (expected ',' or ']' after array element [0]"),
                ],
            ),
            (
                b"[{}] x",
                [
                    (1, "array element [0]: end_date: required key is missing"),
                    (1, "(document): extra data after the array"),
                ],
            ),
            (b"[\n\n{", [(3, "array element [0]: (document): not valid JSON (Expecting")]),
        ],
        ids=[
            "empty",
            "empty array",
            "a number",
            "not UTF-8",
            "NaN",
            "two values",
            "missing comma",
            "text after the array",
            "unclosed",
        ],
    )
    def test_a_json_file_that_is_not_plans(
        self, tmp_path: Path, content: bytes, expected: list[tuple[int, str]]
    ) -> None:
        """Each way a .json file can fail is reported with its line, never a crash."""
        path = tmp_path / "plans.json"
        path.write_bytes(content)

        found = read(path)

        assert [kind for kind, _, _ in found] == ["Invalid"] * len(expected)
        assert [line for _, line, _ in found] == [line for line, _ in expected]
        for (_, _, error), (_, start) in zip(found, expected, strict=True):
            assert error.startswith(start), error

    def test_json_lines_named_json_say_how_to_name_them(self, tmp_path: Path) -> None:
        """Two plans on two lines of a .json file: the error says to name it .jsonl."""
        path = write_jsonl(
            tmp_path / "plans.json", plan_line(elementary()), plan_line(elementary())
        )

        ((kind, line, error),) = read(path)

        assert (kind, line) == ("Invalid", 2)
        assert "should be named .jsonl" in error

    def test_the_error_after_a_good_element_keeps_it(self, tmp_path: Path) -> None:
        """A syntax error inside an array: the elements before it still load."""
        text = "[" + iepmodel.to_json(elementary(id="P1")) + ",\n" + '{"id": }' + "]"
        path = tmp_path / "plans.json"
        path.write_text(text, encoding="utf-8")

        found = read(path)

        assert found[0] == ("Loaded", 1, "P1")
        assert found[1][:2] == ("Invalid", 2)
        assert found[1][2].endswith("the rest of the array cannot be read")

    def test_invalid_records_name_file_line_and_element(self) -> None:
        """An invalid record prints as file:line: and says which array element."""
        record = Invalid(file="a.json", line=14, error="kind: expected one of: x", index=3)

        assert str(record) == "a.json:14: array element [3]: kind: expected one of: x"
        assert record.to_dict() == {
            "file": "a.json",
            "line": 14,
            "error": "array element [3]: kind: expected one of: x",
        }


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class TestProgress:
    def test_nothing_when_not_a_terminal(self) -> None:
        """On a pipe or a file, the progress line never appears."""
        stream = io.StringIO()

        with Progress(stream, verb="checking", delay=0) as progress:
            progress.update(10, "a.jsonl")

        assert stream.getvalue() == ""

    def test_on_a_terminal_only_after_the_delay_and_cleared_at_the_end(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A short run shows nothing; a long one shows a line, rewritten, then cleared."""
        monkeypatch.setenv("TERM", "xterm")  # a terminal that can rewrite a line
        clock = iter([100.0, 100.1, 101.0, 101.05, 101.5])
        monkeypatch.setattr("iepmodel.cli._progress.time.monotonic", lambda: next(clock))
        stream = FakeTerminal()

        with Progress(stream, verb="checking", delay=0.5, interval=0.1) as progress:
            progress.update(1, "a.jsonl")  # 0.1 s: too early
            progress.update(2_000, "a.jsonl")  # 1.0 s: shown
            progress.update(2_001, "a.jsonl")  # 0.05 s later: too soon again
            progress.update(9_000, "b.jsonl")  # shown

        assert stream.getvalue() == (
            "\r\033[Kchecking: 2,000 documents (a.jsonl)"
            "\r\033[Kchecking: 9,000 documents (b.jsonl)"
            "\r\033[K"
        )


class TestStreaming:
    def test_json_lines_are_read_one_at_a_time(self) -> None:
        """The first plan is checked before the rest of the file is read."""
        pulled: list[int] = []

        def lines() -> Iterator[bytes]:
            for number in range(1000):
                pulled.append(number)
                yield plan_line(elementary(id=f"P{number}")).encode()

        documents = read_json_lines("big.jsonl", lines())
        next(documents)

        assert pulled == [0]

    def test_streamed_check_equals_one_check_of_all_plans(
        self, capsys: pytest.CaptureFixture[str], sample_files: tuple[Path, Path]
    ) -> None:
        """Histories read from slim copies give exactly what checking all plans gives."""
        plans, calendar = sample_files
        lines = plans.read_text(encoding="utf-8").splitlines(keepends=True)
        random.Random(7).shuffle(lines)
        plans.write_text("".join(lines), encoding="utf-8")

        _, out, _ = run(
            capsys, "check", str(plans), "--as-of", "2026-01-15", "--calendar", str(calendar),
            "--format", "json",
        )  # fmt: skip
        direct = iepmodel.check(sample.plans(), as_of=sample.AS_OF, calendar=sample.calendar())

        assert [finding.to_dict() for finding in direct] == json_report(out)["findings"]

    def test_slim_drops_content_and_names(self) -> None:
        """The copy kept for the history rules has no content, team or name."""
        kept = slim(iepmodel.from_json(plan_line(elementary())))

        assert (
            kept.student.name,
            kept.goals,
            kept.services,
            kept.placement,
            kept.meeting.participants if kept.meeting else None,
        ) == (None, (), (), None, ())
        assert elementary().evaluations == kept.evaluations


class TestValidate:
    def test_reports_each_invalid_document(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """validate lists each bad document with file and line, then a total; exit 1."""
        path = write_jsonl(tmp_path / "p.jsonl", plan_line(elementary()), "\n", "[1]\n")

        status, out, _ = run(capsys, "validate", str(path))

        assert status == 1
        assert [
            f"invalid  {path}:3: (document): expected an object",
            "2 documents: 1 valid plan, 1 invalid.",
        ] == out.splitlines()

    def test_all_valid_exits_0(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        """validate with only valid plans: exit 0 and the JSON shape plans + invalid."""
        path = tmp_path / "p.json"
        path.write_text(iepmodel.to_json(elementary()), encoding="utf-8")

        status, out, _ = run(capsys, "validate", str(path), "--format", "json")

        assert (status, json_report(out)) == (0, {"plans": 1, "invalid": []})


class TestSchemaRulesHelp:
    def test_schema_prints_the_json_schema(self, capsys: pytest.CaptureFixture[str]) -> None:
        """schema prints the plan's schema; schema calendar the calendar's."""
        plan = json_report(run(capsys, "schema")[1])
        calendar = json_report(run(capsys, "schema", "calendar")[1])

        assert iepmodel.json_schema() == plan
        assert iepmodel.json_schema(iepmodel.SchoolCalendar) == calendar

    def test_rules_lists_the_catalog(self, capsys: pytest.CaptureFixture[str]) -> None:
        """rules prints one line per rule: code, severity, citation, title."""
        status, out, _ = run(capsys, "rules")
        lines = out.splitlines()

        assert status == 0
        assert [line.split()[0] for line in lines] == CATALOG
        assert lines[0].split()[:4] == ["T101", "error", "34", "CFR"]

    def test_rules_as_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        """rules --format json lists code, severity, citation, title, summary, family."""
        rules = json.loads(run(capsys, "rules", "--format", "json")[1])

        assert [rule["code"] for rule in rules] == CATALOG
        assert {"code", "severity", "citation", "title", "summary", "family"} == set(rules[0])

    @pytest.mark.parametrize("command", ["check", "demo", "validate", "schema", "rules"])
    def test_every_command_has_help_with_an_example(
        self, capsys: pytest.CaptureFixture[str], command: str
    ) -> None:
        """--help on each subcommand exits 0 and shows an example of it."""
        status, out, _ = run(capsys, command, "--help")

        assert status == 0
        assert f"usage: iepmodel {command}" in out
        assert f"  iepmodel {command}" in out.split("examples:")[1]

    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--version prints the installed version."""
        assert (0, f"iepmodel {iepmodel.__version__}\n", "") == run(capsys, "--version")


class TestDemo:
    def test_summary_for_a_coordinator(self, capsys: pytest.CaptureFixture[str]) -> None:
        """demo: counts, findings by rule, the worst plans, what falls due soon, a total."""
        status, out, _ = run(capsys, "demo")

        assert status == 0
        assert out.startswith("Maple Valley Schools (fictional), checked as of 2026-01-15\n")
        for heading in (
            "Findings by rule",
            "Plans with the most serious problems",
            "Due in the next 30 days (2026-01-15 to 2026-02-14)",
        ):
            assert f"\n{heading}\n" in out
        assert out.splitlines()[-2].startswith("Total: ")

    def test_json_summary(self, capsys: pytest.CaptureFixture[str]) -> None:
        """demo --format json: every catalog code counted, due dates within 30 days."""
        summary = json_report(run(capsys, "demo", "--format", "json")[1])
        horizon = (sample.AS_OF + dt.timedelta(days=30)).isoformat()

        assert set(CATALOG) == {row["code"] for row in summary["by_code"]}
        assert summary["plans"] == len(sample.plans())
        assert all(sample.AS_OF.isoformat() <= d["due"] <= horizon for d in summary["due_soon"])
        assert summary["most_serious"][0]["errors"] >= 4
        assert summary["invalid"] == []

    def test_never_shows_a_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        """No student's name appears in the demo's summary."""
        out = run(capsys, "demo")[1]

        assert [
            p.student.name for p in sample.plans() if p.student.name and p.student.name in out
        ] == []

    def test_write_sample_writes_the_package_data(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """demo --write-sample DIR writes the plans and calendar, and how to check them."""
        status, out, _ = run(capsys, "demo", "--write-sample", str(tmp_path / "sample"))

        assert status == 0
        for name in (sample.PLANS_FILE, sample.CALENDAR_FILE):
            assert sample.read_bytes(name) == (tmp_path / "sample" / name).read_bytes()
        assert "iepmodel check" in out


class TestSampleDistrict:
    def test_every_catalog_code_is_triggered(self) -> None:
        """Checked as of the demo's date, the sample triggers every rule of the catalog."""
        findings = iepmodel.check(sample.plans(), as_of=sample.AS_OF, calendar=sample.calendar())

        assert set(CATALOG) == {finding.code for finding in findings}

    def test_most_plans_are_lawful_and_students_have_histories(self) -> None:
        """A realistic mix: most plans without findings, several multi-plan histories."""
        plans = sample.plans()
        findings = iepmodel.check(plans, as_of=sample.AS_OF, calendar=sample.calendar())
        flagged = {finding.plan_id for finding in findings}
        per_student: dict[str, set[str]] = {}
        for plan in plans:
            per_student.setdefault(plan.student.id, set()).add(plan.kind.value)

        assert 200 <= len(plans) <= 500
        assert len(flagged) < 0.4 * len(plans)
        assert sum(1 for kinds in per_student.values() if len(kinds) >= 2) >= 10
        assert any({"annual", "reevaluation"} <= kinds for kinds in per_student.values())
        assert any("amendment" in kinds for kinds in per_student.values())

    def test_is_package_data(self) -> None:
        """The sample ships inside the package, read through importlib.resources."""
        data = files("iepmodel").joinpath("data")

        assert data.joinpath(sample.PLANS_FILE).is_file()
        assert data.joinpath(sample.CALENDAR_FILE).is_file()

    def test_regenerating_gives_the_same_bytes(self, tmp_path: Path) -> None:
        """The generator, with its fixed seed, writes exactly the shipped files."""
        script = ROOT / "scripts" / "make_sample_district.py"
        if not script.is_file():  # pragma: no cover - only in an installed-only tree
            pytest.skip("the generator script is not in this tree")

        subprocess.run(
            [sys.executable, str(script), "--out", str(tmp_path)],
            check=True,
            capture_output=True,
            timeout=300,
        )

        for name in (sample.PLANS_FILE, sample.CALENDAR_FILE):
            assert sample.read_bytes(name) == (tmp_path / name).read_bytes(), name
