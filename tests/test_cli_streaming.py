"""
``iepmodel check`` in bounded memory: records spilled to private runs, same output.

The checker keeps each kind of record (slim plans, findings, invalid documents) in a
buffer of *buffer_size* records and spills it to temporary files when it fills. These
tests force spilling with tiny buffers and compare everything with the checker as it
was before spilling (`reference_report`, `reference_text`: one check per plan, a slim
copy of every plan kept in memory, one check of all histories at the end), in any input
order, across files and standard input, with invalid documents in between, duplicated
plan ids, ``--select`` and ``--ignore``; and check that the temporary files are private
and always removed.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import io
import itertools
import json
import os
import stat
import sys
import tempfile
import types
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iepmodel
from iepmodel import IEP, sample
from iepmodel.cli import main
from iepmodel.cli._checking import Checker, CheckError, Report, Results, resolve_codes, slim
from iepmodel.cli._inputs import Document, Invalid, Loaded, read_documents, read_json_lines
from iepmodel.cli._output import Style, _finding_lines, _json_object, check_json, check_text
from iepmodel.cli._spill import SortedRecords, SpillDirectory
from iepmodel.jurisdictions import Profile, available_jurisdictions, jurisdiction
from iepmodel.rules import catalog, resolve_profile
from iepmodel.testing import strategies

AS_OF = sample.AS_OF
PLAIN = Style(colour=False)
SAMPLE: list[dict[str, Any]] = [
    json.loads(line) for line in sample.read_bytes(sample.PLANS_FILE).splitlines()
]


# --- the checker as it was before spilling: the oracle --------------------------------------


def reference_slim(plan: IEP) -> IEP:
    """The slim copy as it was made before: with `attrs.evolve`."""
    meeting = plan.meeting
    if meeting is not None and (meeting.participants or meeting.parent_contact_attempts):
        meeting = attrs.evolve(meeting, participants=(), parent_contact_attempts=())
    student = plan.student
    if student.name is not None:
        student = attrs.evolve(student, name=None)
    return attrs.evolve(
        plan,
        student=student,
        meeting=meeting,
        present_levels=(),
        goals=(),
        progress_reporting=None,
        accommodations=(),
        modifications=(),
        services=(),
        placement=None,
        assessment=None,
        transition=None,
    )


def reference_report(
    documents: Iterable[Document],
    *,
    codes: frozenset[str],
    profile: Profile | None = None,
    calendar: iepmodel.SchoolCalendar | None = None,
) -> Report:
    """What the checker found before spilling: each plan alone, then all histories."""
    history = {rule.code for rule in catalog() if rule.family == "timelines"}
    plan_codes, history_codes = sorted(codes - history), sorted(codes & history)
    options: dict[str, Any] = {"as_of": AS_OF, "jurisdiction": profile, "calendar": calendar}
    report = Report(as_of=AS_OF)
    students: dict[str, list[IEP]] = {}
    for document in documents:
        if isinstance(document, Invalid):
            report.invalid.append(document)
            continue
        plan = document.plan
        if profile is None and plan.jurisdiction is not None:
            try:
                resolve_profile(plan.jurisdiction)
            except LookupError:
                known = ", ".join(available_jurisdictions())
                error = (
                    f"jurisdiction: unknown jurisdiction (known: "
                    f"{known}); give a known code, or check with --jurisdiction"
                )
                report.invalid.append(Invalid(file=document.file, line=document.line, error=error))
                continue
        report.plans += 1
        if plan_codes:
            findings = iepmodel.check([plan], select=plan_codes, **options)
            if findings:
                report.findings.extend(findings)
                report.student_of[plan.id] = plan.student.id
        kept = students.setdefault(plan.student.id, [])
        if history_codes:
            kept.append(reference_slim(plan))
    report.students = len(students)
    if history_codes and students:
        plans = [plan for kept in students.values() for plan in kept]
        findings = iepmodel.check(plans, select=history_codes, **options)
        report.findings.extend(findings)
        flagged = {finding.plan_id for finding in findings}
        for plan in plans:
            if plan.id in flagged:
                report.student_of.setdefault(plan.id, plan.student.id)
    report.findings.sort(key=lambda finding: finding.sort_key)
    return report


def reference_text(report: Report, jurisdiction: str | None = None) -> list[str]:
    """The text output as it was written before spilling, from a whole report."""
    lines: list[str] = []
    for plan_id, group in itertools.groupby(report.findings, key=lambda f: f.plan_id):
        student = report.student_of.get(plan_id)
        lines.append(f"plan {plan_id}" + (f"  (student {student})" if student else ""))
        for finding in group:
            lines.extend(_finding_lines(finding, PLAIN))
        lines.append("")
    if report.invalid:
        count = len(report.invalid)
        lines.append(f"{count} invalid document{'' if count == 1 else 's'} (not checked)")
        lines.extend(f"  invalid  {record}" for record in report.invalid)
        lines.append("")
    where = f", jurisdiction {jurisdiction}" if jurisdiction else ""

    def plural(count: int, word: str) -> str:
        return f"{count} {word}{'' if count == 1 else 's'}"

    head = f"{plural(report.plans, 'plan')} checked as of {AS_OF.isoformat()}{where}: "
    if report.findings:
        plans = len({finding.plan_id for finding in report.findings})
        body = (
            f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')} "
            f"in {plural(plans, 'plan')}"
        )
    else:
        body = "no findings"
    tail = f"; {plural(len(report.invalid), 'invalid document')}" if report.invalid else ""
    lines.append(f"{head}{body}{tail}.")
    return lines


# --- running the checker --------------------------------------------------------------------


@attrs.frozen
class Outcome:
    """A check's results read every way: whole, as text and as JSON; and if it spilled."""

    report: Report
    text: list[str]
    json: str
    exit_status: int
    spilled: bool


def checked(
    documents: Iterable[Document],
    *,
    buffer_size: int,
    codes: frozenset[str] | None = None,
    profile: Profile | None = None,
    calendar: iepmodel.SchoolCalendar | None = None,
) -> Outcome:
    """Check *documents* with a checker of *buffer_size*, as ``iepmodel check`` does."""
    codes = codes if codes is not None else resolve_codes(None, None)
    with Checker(
        as_of=AS_OF, profile=profile, calendar=calendar, codes=codes, buffer_size=buffer_size
    ) as checker:
        for document in documents:
            checker.add(document)
        results = checker.results()
        label = profile.code if profile is not None else None
        text = list(check_text(results, PLAIN, jurisdiction=label))
        json_text = "\n".join(check_json(results))
        report = results.report()
        return Outcome(report, text, json_text, results.exit_status, checker.spilled)


def assert_same_as_before(
    documents: list[Document],
    *,
    buffer_size: int,
    codes: frozenset[str] | None = None,
    profile: Profile | None = None,
) -> Outcome:
    """The check with *buffer_size* gives exactly what the checker gave before spilling."""
    codes = codes if codes is not None else resolve_codes(None, None)
    expected = reference_report(documents, codes=codes, profile=profile)
    outcome = checked(documents, buffer_size=buffer_size, codes=codes, profile=profile)
    label = profile.code if profile is not None else None
    assert outcome.report == expected
    assert outcome.text == reference_text(expected, label)
    assert outcome.json == json.dumps(expected.to_dict(), indent=2, ensure_ascii=False)
    assert outcome.exit_status == expected.exit_status
    return outcome


def line_of(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode() + b"\n"


def documents_of(lines: list[bytes], label: str = "plans.jsonl") -> list[Document]:
    return list(read_json_lines(label, lines))


def history_lines() -> list[bytes]:
    """Every plan of the sample's students with more than one plan, in file order."""
    counts: dict[str, int] = {}
    for document in SAMPLE:
        counts[document["student"]["id"]] = counts.get(document["student"]["id"], 0) + 1
    return [line_of(d) for d in SAMPLE if counts[d["student"]["id"]] > 1]


# --- spilling gives the same output ---------------------------------------------------------


class TestSameOutputWhenSpilling:
    def test_the_shuffled_sample_district_with_a_buffer_of_one(self) -> None:
        """Every plan, finding and claim in its own run: the output is still the same."""
        lines = [line_of(document) for document in SAMPLE]
        order = list(range(len(lines)))
        order = order[1::2] + order[::2][::-1]  # students' plans far apart, any order
        documents = documents_of([lines[index] for index in order])

        outcome = assert_same_as_before(documents, buffer_size=1)

        assert outcome.spilled
        assert outcome.report.findings
        assert outcome.report.plans == len(SAMPLE)

    def test_a_buffer_that_never_fills_stays_in_memory(self) -> None:
        """Small inputs never touch the disk."""
        documents = documents_of(history_lines())

        outcome = assert_same_as_before(documents, buffer_size=3 * len(documents))

        assert not outcome.spilled

    @pytest.mark.parametrize(
        ("select", "ignore"),
        [
            (["T"], None),
            (["D"], None),
            (["C3"], ["C302"]),
            (None, ["D2"]),
            (None, ["T", "C"]),
            (["D201", "T102"], None),
        ],
    )
    def test_select_and_ignore(self, select: list[str] | None, ignore: list[str] | None) -> None:
        """Only one-plan rules, only history rules, or a mix: the same when spilling."""
        documents = documents_of(history_lines()[::-1])
        codes = resolve_codes(select, ignore)

        outcome = assert_same_as_before(documents, buffer_size=2, codes=codes)

        assert outcome.spilled

    def test_a_jurisdiction_for_every_plan(self) -> None:
        """``--jurisdiction``: the same when spilling, and the total names it."""
        documents = documents_of(history_lines())

        outcome = assert_same_as_before(documents, buffer_size=3, profile=jurisdiction("US-IL"))

        assert "jurisdiction US-IL" in outcome.text[-1]

    def test_invalid_documents_between_plans_and_unknown_jurisdictions(self) -> None:
        """Invalid lines stay in input order, with their lines, in both formats."""
        lines = history_lines()[:12]
        unknown = dict(SAMPLE[0], jurisdiction="ZZ-XX")
        mixed = [
            b"{not json\n",
            *lines[:5],
            b"[1]\n",
            line_of(unknown),
            *lines[5:],
            b'{"id": ""}\n',
        ]
        documents = documents_of(mixed)

        outcome = assert_same_as_before(documents, buffer_size=2)

        assert [record.line for record in outcome.report.invalid] == [1, 7, 8, 16]
        assert outcome.exit_status == 1

    def test_more_students_than_one_batch_of_histories(self) -> None:
        """The sample district twice over (other ids): histories checked in several batches."""
        lines: list[bytes] = []
        for copy in ("", "x"):
            for document in SAMPLE:
                changed = json.loads(json.dumps(document))
                changed["id"] += copy
                changed["student"]["id"] += copy
                lines.append(line_of(changed))
        documents = documents_of(lines[::-1])

        outcome = assert_same_as_before(documents, buffer_size=64)

        assert outcome.report.students == 2 * len({d["student"]["id"] for d in SAMPLE})

    def test_plans_without_a_jurisdiction_and_many_unknown_codes(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Codes are looked up once each, up to a limit; past it, looked up every time."""
        monkeypatch.setattr("iepmodel.cli._checking._KNOWN_LIMIT", 2)
        plans = [json.loads(line) for line in history_lines()[:8]]
        for index, code in enumerate(["XX", "YY", "ZZ", "XX", None, "ZZ", "US-WA", "US-IL"]):
            if code is None:
                del plans[index]["jurisdiction"]
            else:
                plans[index]["jurisdiction"] = code
        documents = documents_of([line_of(plan) for plan in plans])

        outcome = assert_same_as_before(documents, buffer_size=2)

        assert [record.line for record in outcome.report.invalid] == [1, 2, 3, 4, 6]
        assert outcome.report.plans == 3

    def test_no_findings_and_no_plans(self) -> None:
        """Nothing to report: empty arrays in JSON, "no findings" in text."""
        for documents in ([], documents_of([b"[1]\n", b"\n", b"{}\n"])):
            outcome = assert_same_as_before(documents, buffer_size=1)
            assert outcome.report.findings == []

    def test_duplicate_plan_ids_name_the_same_student_as_before(self) -> None:
        """A plan id used by plans of several students: the header names whom it did."""
        lines = [json.loads(line) for line in history_lines()[:9]]
        # Plans of other students take the ids of the first student's plans.
        for index in (3, 4, 7):
            lines[index]["id"] = lines[index - 3]["id"]
        lines.append(lines[0])  # and one plan twice, identical
        documents = documents_of([line_of(document) for document in lines])

        for buffer_size in (1, 2, 5, 100):
            assert_same_as_before(documents, buffer_size=buffer_size)
            assert_same_as_before(
                documents, buffer_size=buffer_size, codes=resolve_codes(["D"], None)
            )
            assert_same_as_before(
                documents, buffer_size=buffer_size, codes=resolve_codes(["T", "C"], None)
            )

    @pytest.mark.parametrize("buffer_size", [1, 3, 1000])
    def test_a_shared_plan_id_is_shown_with_the_student_it_was_shown_with(
        self, buffer_size: int
    ) -> None:
        """
        Content findings: the last plan with the id names the student; timeline findings
        only: the first plan with the id of the student who appears first.
        """
        timeline = documents_of([line_of(document) for document in SAMPLE])
        history = reference_report(timeline, codes=resolve_codes(["D"], None))
        flagged = history.findings[0].plan_id
        (late,) = [d for d in SAMPLE if d["id"] == flagged]
        early = next(d for d in SAMPLE if d["student"]["id"] != late["student"]["id"])
        decoy = dict(json.loads(json.dumps(early)), id=flagged)
        decoy["student"]["id"] = early["student"]["id"]
        # The decoy's student appears first; its plan with the id comes after the other.
        lines = [line_of(early), line_of(late), line_of(decoy)]
        only_timelines = resolve_codes(["D"], None)

        outcome = assert_same_as_before(
            documents_of(lines), buffer_size=buffer_size, codes=only_timelines
        )

        assert outcome.report.student_of[flagged] == early["student"]["id"]

        no_goals = [dict(json.loads(json.dumps(document)), goals=[]) for document in SAMPLE[:3]]
        for document in no_goals:
            document["id"] = "SHARED"
        owners = [document["student"]["id"] for document in no_goals]
        lines = [line_of(document) for document in no_goals]

        outcome = assert_same_as_before(documents_of(lines), buffer_size=buffer_size)

        assert len(set(owners)) == 3
        assert outcome.report.student_of["SHARED"] == owners[-1]

    @settings(max_examples=30)
    @given(data=st.data())
    def test_any_order_any_buffer(self, data: st.DataObject) -> None:
        """Any plans of the sample, in any order, duplicated, re-owned, with bad lines."""
        indices = data.draw(
            st.lists(st.integers(0, len(SAMPLE) - 1), min_size=0, max_size=24), label="plans"
        )
        documents: list[dict[str, Any]] = [json.loads(json.dumps(SAMPLE[i])) for i in indices]
        students = [document["student"]["id"] for document in documents] or ["S"]
        plan_ids = [document["id"] for document in documents] or ["P"]
        lines: list[bytes] = []
        for document in documents:
            change = data.draw(st.sampled_from(["none", "none", "student", "id", "bad"]))
            if change == "student":
                document["student"]["id"] = data.draw(st.sampled_from(students))
            elif change == "id":
                document["id"] = data.draw(st.sampled_from(plan_ids))
            elif change == "bad":
                lines.append(data.draw(st.sampled_from([b"{\n", b"[]\n", b'{"kind": 1}\n'])))
            lines.append(line_of(document))
        split = data.draw(st.integers(0, len(lines)), label="second file from")
        parsed = documents_of(lines[:split], "a.jsonl") + documents_of(lines[split:], "b.jsonl")
        codes = data.draw(
            st.sampled_from(
                [
                    resolve_codes(None, None),
                    resolve_codes(["D"], None),
                    resolve_codes(None, ["D2"]),
                    resolve_codes(["T1", "D20"], ["T101"]),
                ]
            )
        )
        buffer_size = data.draw(st.integers(1, 6), label="buffer_size")

        assert_same_as_before(parsed, buffer_size=buffer_size, codes=codes)


class TestAcrossFilesAndStandardInput:
    def test_one_students_plans_in_three_files_and_stdin(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The command's output equals the spilled check of the same inputs, byte for byte."""
        lines = history_lines()
        parts = [lines[0::4], lines[1::4], lines[2::4], [b"oops\n", *lines[3::4]]]
        names: list[str] = []
        for number, part in enumerate(parts[:3]):
            path = tmp_path / f"part{number}.jsonl"
            path.write_bytes(b"".join(part))
            names.append(str(path))
        stdin = b"".join(parts[3])
        names.insert(1, "-")

        def documents() -> Iterator[Document]:
            for name in names:
                yield from read_documents(name, lambda: io.BytesIO(stdin))

        expected = {fmt: checked(documents(), buffer_size=1) for fmt in ("text", "json")}
        outputs: dict[str, str] = {}
        for fmt in ("text", "json"):
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
            status = main(["check", *names, "--as-of", AS_OF.isoformat(), "--format", fmt])
            outputs[fmt] = capsys.readouterr().out
            assert status == expected[fmt].exit_status == 1

        assert expected["text"].spilled
        assert outputs["text"] == "\n".join(expected["text"].text) + "\n"
        assert outputs["json"] == expected["json"].json + "\n"
        assert "<stdin>:1: (document): not valid JSON" in outputs["text"]


# --- the temporary files ----------------------------------------------------------------------


@pytest.fixture(name="private_tmp")
def _private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh directory that `tempfile` uses, so the tests see what the checker leaves."""
    directory = tmp_path / "tmp"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


def small_checker(buffer_size: int = 1) -> Callable[..., Checker]:
    """The checker of the command line, with a buffer of *buffer_size*."""
    return functools.partial(Checker, buffer_size=buffer_size)


class TestTemporaryFiles:
    def test_runs_are_private_unnamed_and_removed(self, private_tmp: Path) -> None:
        """The directory is the user's only; each run is 0600 and has no name; all go."""
        documents = documents_of(history_lines()[:6])
        spill = SpillDirectory()
        with Checker(
            as_of=AS_OF,
            profile=None,
            calendar=None,
            codes=resolve_codes(None, None),
            buffer_size=1,
        ) as checker:
            for document in documents:
                checker.add(document)
            (directory,) = private_tmp.iterdir()
            assert directory.name.startswith("iepmodel-")
            assert stat.S_IMODE(directory.stat().st_mode) == 0o700
            names = list(directory.iterdir())  # none where the system allows
            assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in names)
            checker.results()
        assert list(private_tmp.iterdir()) == []
        spill.close()  # closing twice, or unused, is harmless
        spill.close()
        assert not spill.used

    def test_a_run_file_is_readable_by_the_user_only(self, private_tmp: Path) -> None:
        """Even where a run has a name, only its owner may read it."""
        with SpillDirectory() as spill:
            handle = spill.new_file()
            assert stat.S_IMODE(os.fstat(handle.fileno()).st_mode) == 0o600
            spill.discard(handle)
            assert handle.closed
        assert spill.used
        assert list(private_tmp.iterdir()) == []

    def test_small_inputs_write_no_file(
        self, private_tmp: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The command on the sample district: no temporary directory at all."""
        path = private_tmp.parent / "plans.jsonl"
        path.write_bytes(sample.read_bytes(sample.PLANS_FILE))
        created: list[str] = []
        original = tempfile.TemporaryDirectory

        def spy(*args: Any, **kwargs: Any) -> Any:
            created.append("directory")
            return original(*args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(tempfile, "TemporaryDirectory", spy)
            status = main(["check", str(path), "--as-of", AS_OF.isoformat()])

        assert (status, created) == (1, [])
        assert "checked as of" in capsys.readouterr().out

    def test_removed_after_the_output_is_written(
        self,
        private_tmp: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
    ) -> None:
        """The runs are read while the output is written, then removed."""
        path = tmp_path / "plans.jsonl"
        path.write_bytes(b"".join(history_lines()[:10]))
        monkeypatch.setattr("iepmodel.cli._app.Checker", small_checker())
        seen: list[list[Path]] = []

        class Spying(io.StringIO):
            def write(self, text: str) -> int:
                seen.append(list(private_tmp.iterdir()))
                return super().write(text)

        monkeypatch.setattr(sys, "stdout", Spying())
        status = main(["check", str(path), "--as-of", AS_OF.isoformat()])

        assert status == 1
        assert seen
        assert all(len(entries) == 1 for entries in seen)  # there while writing
        assert list(private_tmp.iterdir()) == []
        assert capsys.readouterr().err == ""

    def test_removed_on_a_closed_pipe(
        self, private_tmp: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """The reader goes away (``| head``): quiet, with the exit status, and removed."""
        path = tmp_path / "plans.jsonl"
        path.write_bytes(b"".join(history_lines()[:10]))
        monkeypatch.setattr("iepmodel.cli._app.Checker", small_checker())

        class Closed(io.StringIO):
            def write(self, _: str) -> int:
                raise BrokenPipeError

        monkeypatch.setattr(sys, "stdout", Closed())
        monkeypatch.setattr("iepmodel.cli._app._silence_stdout", lambda: None)

        status = main(["check", str(path), "--as-of", AS_OF.isoformat(), "--format", "json"])

        assert status == 1
        assert list(private_tmp.iterdir()) == []

    def test_removed_on_an_interrupt_while_reading(
        self,
        private_tmp: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        """Ctrl-C after some plans were spilled: exit 130, and nothing is left behind."""
        lines = history_lines()[:8]
        spilled: list[Path] = []

        class Interrupted:
            def __iter__(self) -> Iterator[bytes]:
                yield from lines
                spilled.extend(private_tmp.iterdir())
                raise KeyboardInterrupt

        monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=Interrupted()))
        monkeypatch.setattr("iepmodel.cli._app.Checker", small_checker())

        status = main(["check", "-", "--as-of", AS_OF.isoformat()])

        assert status == 130
        assert len(spilled) == 1
        assert "interrupted" in capsys.readouterr().err
        assert list(private_tmp.iterdir()) == []

    def test_removed_when_a_rule_fails(
        self,
        private_tmp: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
        tmp_path: Path,
    ) -> None:
        """A bug in a timeline rule, after spilling: one line, exit 2, nothing left."""
        path = tmp_path / "plans.jsonl"
        path.write_bytes(b"".join(history_lines()[:10]))
        original = iepmodel.check

        def broken(plans: list[IEP], **options: Any) -> list[Any]:
            if "D" in options["select"]:
                raise RuntimeError("Jamie Rivera")
            return original(plans, **options)

        monkeypatch.setattr("iepmodel.cli._checking.check", broken)
        monkeypatch.setattr("iepmodel.cli._app.Checker", small_checker())
        monkeypatch.delenv("IEPMODEL_DEBUG", raising=False)

        status = main(["check", str(path), "--as-of", AS_OF.isoformat()])

        err = capsys.readouterr().err
        assert status == 2
        assert "a rule failed on the students' histories with RuntimeError" in err
        assert "Jamie" not in err
        assert list(private_tmp.iterdir()) == []


# --- a rule that fails on plans checked together -------------------------------------------------


class TestFailingRules:
    def test_names_the_first_plan_it_fails_on_in_input_order(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Plans are checked a few at a time; a failure still names the first bad plan."""
        documents = documents_of(history_lines()[:12])
        plans = [document.plan for document in documents if isinstance(document, Loaded)]
        bad = {plans[7].id, plans[4].id}
        original = iepmodel.check

        def broken(batch: list[IEP], **options: Any) -> list[Any]:
            if any(plan.id in bad for plan in batch):
                raise RuntimeError("Jamie Rivera")
            return original(batch, **options)

        monkeypatch.setattr("iepmodel.cli._checking.check", broken)

        with pytest.raises(CheckError, match="a rule failed on plan") as raised:
            checked(documents, buffer_size=100)

        assert str(raised.value) == (
            f"a rule failed on plan {plans[4].id!r} (plans.jsonl:5) with RuntimeError"
        )

    def test_a_failure_only_when_checked_together(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A rule that fails only on several plans at once: still one line, no plan named."""
        documents = documents_of(history_lines()[:6])
        original = iepmodel.check

        def broken(batch: list[IEP], **options: Any) -> list[Any]:
            if len(batch) > 1 and "T" in options["select"]:
                raise RuntimeError("Jamie Rivera")
            return original(batch, **options)

        monkeypatch.setattr("iepmodel.cli._checking.check", broken)

        with pytest.raises(CheckError, match=r"a rule failed on \d+ plans checked together"):
            checked(documents, buffer_size=100)


# --- the parts ----------------------------------------------------------------------------


class TestSlim:
    @settings(max_examples=40)
    @given(plan=strategies.plans())
    def test_equals_the_copy_attrs_evolve_makes(self, plan: IEP) -> None:
        """The fast slim copy is the one `attrs.evolve` made, field for field."""
        kept = slim(plan)

        assert kept == reference_slim(plan)
        assert iepmodel.to_json(kept) == iepmodel.to_json(reference_slim(plan))
        assert iepmodel.from_json(iepmodel.to_json_bytes(kept)) == kept

    def test_keeps_what_has_no_content_as_it_is(self) -> None:
        """A plan without participants or a name keeps its meeting and student objects."""
        plan = reference_slim(iepmodel.from_json(line_of(SAMPLE[0])))

        kept = slim(plan)

        assert kept == plan
        assert kept.student is plan.student
        assert kept.meeting is plan.meeting


class TestSortedRecords:
    @settings(max_examples=60)
    @given(
        records=st.lists(st.integers(-50, 50)),
        capacity=st.integers(1, 5),
        fan_in=st.integers(2, 4),
    )
    def test_reads_back_every_record_sorted(
        self, records: list[int], capacity: int, fan_in: int
    ) -> None:
        """Any records, any buffer and fan-in: sorted, each as often as added."""
        with SpillDirectory() as spill:
            store = SortedRecords[int](spill, capacity=capacity, fan_in=fan_in)
            for record in records:
                store.add(record)
            assert len(store) == len(records)
            assert list(store) == sorted(records)
            assert list(store) == sorted(records)  # a second pass reads the same
            assert spill.used == (len(records) >= capacity)

    def test_runs_are_merged_so_few_stay_open(self) -> None:
        """With a fan-in of 3, 100 runs of one record become at most 2 per size."""
        with SpillDirectory() as spill:
            store = SortedRecords[int](spill, capacity=1, fan_in=3)
            for record in reversed(range(100)):
                store.add(record)
            # 100 = 1*81 + 0*27 + 2*9 + 0*3 + 1: one run of 81, two of 9, one of 1.
            assert store.runs == 4
            assert list(store) == list(range(100))

    def test_encodes_what_it_writes_and_decodes_what_it_reads(self) -> None:
        """Records go to disk encoded (e.g. plans as JSON) and come back decoded."""
        written: list[tuple[int, str]] = []

        def encode(record: tuple[int, str]) -> tuple[int, bytes]:
            written.append(record)
            return record[0], record[1].encode()

        def decode(record: tuple[int, bytes]) -> tuple[int, str]:
            return record[0], record[1].decode()

        with SpillDirectory() as spill:
            store = SortedRecords(spill, capacity=2, encode=encode, decode=decode)
            for record in [(3, "c"), (1, "a"), (2, "b")]:
                store.add(record)
            assert list(store) == [(1, "a"), (2, "b"), (3, "c")]
        assert written == [(1, "a"), (3, "c")]  # the third stayed in memory

    def test_clear_drops_every_record_and_run(self) -> None:
        """Once read, a store can be emptied: its runs are closed, its files gone."""
        with SpillDirectory() as spill:
            store = SortedRecords[int](spill, capacity=2)
            for record in range(5):
                store.add(record)
            assert store.runs == 2
            store.clear()
            assert (store.runs, len(store), list(store)) == (0, 0, [])
            store.add(7)
            assert list(store) == [7]

    def test_rejects_a_buffer_or_fan_in_that_cannot_work(self) -> None:
        """A buffer of 0 records or a fan-in of 1 would never finish: an error."""
        with SpillDirectory() as spill:
            with pytest.raises(ValueError, match="capacity"):
                SortedRecords[int](spill, capacity=0)
            with pytest.raises(ValueError, match="fan_in"):
                SortedRecords[int](spill, capacity=1, fan_in=1)


class TestJsonOutput:
    @settings(max_examples=60)
    @given(
        item=st.dictionaries(
            st.text(max_size=5),
            st.one_of(st.none(), st.text(), st.integers(), st.booleans(), st.floats()),
            max_size=5,
        )
    )
    def test_an_object_is_written_as_json_dumps_indents_it(self, item: dict[str, Any]) -> None:
        """Each record, written on its own, is what `json.dumps` writes inside the report."""
        whole = json.dumps({"k": [item]}, indent=2, ensure_ascii=False)

        assert whole == '{\n  "k": [\n' + _json_object(item, "    ") + "\n  ]\n}"

    def test_nested_values_take_the_general_path(self) -> None:
        """A record with a nested value (none today) is still indented as by `json.dumps`."""
        item = {"a": [1, {"b": None}], "c": "é"}
        whole = json.dumps({"k": [item]}, indent=2, ensure_ascii=False)

        assert whole == '{\n  "k": [\n' + _json_object(item, "    ") + "\n  ]\n}"

    def test_the_demo_still_reads_a_whole_report(self, capsys: pytest.CaptureFixture[str]) -> None:
        """``iepmodel demo`` checks the sample in memory, as before."""
        assert main(["demo", "--format", "json"]) == 0
        summary = json.loads(capsys.readouterr().out)
        documents = documents_of([line_of(document) for document in SAMPLE])
        expected = reference_report(documents, codes=resolve_codes(None, None))

        assert summary["plans"] == expected.plans
        assert summary["students"] == expected.students


def test_the_collector_runs_less_often_while_checking_then_as_before(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command raises the collector's threshold while it checks, and restores it."""
    path = tmp_path / "plans.jsonl"
    path.write_bytes(b"".join(history_lines()[:3]) + b"oops\n")
    before = gc.get_threshold()
    during: list[tuple[int, ...]] = []
    original = iepmodel.check

    def spy(plans: list[IEP], **options: Any) -> list[Any]:
        during.append(gc.get_threshold())
        return original(plans, **options)

    monkeypatch.setattr("iepmodel.cli._checking.check", spy)

    assert main(["check", str(path), "--as-of", AS_OF.isoformat()]) == 1
    assert main(["check", str(path), "--select", "Q"]) == 2  # a usage error

    assert capsys.readouterr().out
    assert during
    assert all(thresholds[0] >= 10_000 for thresholds in during)
    assert gc.get_threshold() == before


def test_results_are_made_once() -> None:
    """`Checker.results` twice gives the same object; `Results` counts what it holds."""
    with Checker(
        as_of=AS_OF, profile=None, calendar=None, codes=resolve_codes(None, None), buffer_size=2
    ) as checker:
        for document in documents_of(history_lines()[:5]):
            checker.add(document)
        results = checker.results()
        assert checker.results() is results
        assert isinstance(results, Results)
        assert (results.plans, results.invalid_count) == (5, 0)
        assert results.has_findings == bool(results.errors + results.warnings)
        assert results.as_of == dt.date(2026, 1, 15)
