"""``iepmodel deidentify``: exit codes, the key file, bad lines, the output files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iepmodel import from_json, sample
from iepmodel.cli import main
from iepmodel.privacy import deidentify, plan_pseudonyms

KEY_TEXT = "Kq7-the-secret-key-for-the-cli-tests"
KEY = KEY_TEXT.encode()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "key"
    path.write_bytes(KEY + b"\n")  # as `echo` writes it: the newline is not the key's
    return path


@pytest.fixture
def plans_file(tmp_path: Path) -> Path:
    path = tmp_path / "plans.jsonl"
    path.write_bytes(b"".join(sample.read_bytes(sample.PLANS_FILE).splitlines(True)[:30]))
    return path


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


class TestDeidentifyCommand:
    def test_one_copy_per_plan_in_input_order(
        self, capsys: pytest.CaptureFixture[str], key_file: Path, plans_file: Path
    ) -> None:
        """Standard output: JSON Lines, the library's copies, in input order; exit 0."""
        status, out, err = run(capsys, "deidentify", str(plans_file), "--key-file", str(key_file))

        assert status == 0, err
        originals = [from_json(line) for line in _lines(plans_file)]
        copies = [from_json(line) for line in out.splitlines()]
        assert copies == deidentify(originals, key=KEY)
        mapped = plan_pseudonyms(originals, key=KEY)
        assert [c.id for c in copies] == [mapped[p.id] for p in originals]
        assert KEY_TEXT not in out + err

    def test_out_file_and_findings_file(
        self,
        capsys: pytest.CaptureFixture[str],
        key_file: Path,
        plans_file: Path,
        tmp_path: Path,
    ) -> None:
        """--out writes the copies there; --findings the carried-over findings beside them."""
        copies, findings = tmp_path / "copies.jsonl", tmp_path / "findings.jsonl"
        status, out, err = run(
            capsys,
            "deidentify",
            str(plans_file),
            "--key-file",
            str(key_file),
            "--out",
            str(copies),
            "--findings",
            str(findings),
            "--as-of",
            sample.AS_OF.isoformat(),
        )

        assert (status, out) == (0, ""), err
        assert len(_lines(copies)) == len(_lines(plans_file))
        ids = {from_json(line).id for line in _lines(copies)}
        carried = [json.loads(line) for line in _lines(findings)]
        assert carried
        assert {f["plan_id"] for f in carried} <= ids
        assert all(f["due"] is None for f in carried if f["code"] in {"C311", "C316", "D209"})

    def test_a_bad_line_is_reported_and_the_others_copied(
        self,
        capsys: pytest.CaptureFixture[str],
        key_file: Path,
        plans_file: Path,
        tmp_path: Path,
    ) -> None:
        """A bad document: file and line on standard error, exit 1, every good plan copied."""
        lines = _lines(plans_file)
        bad = tmp_path / "mixed.jsonl"
        bad.write_bytes(b"\n".join([lines[0], b'{"id": "X"}', lines[1], b"not json"]) + b"\n")

        status, out, err = run(capsys, "deidentify", str(bad), "--key-file", str(key_file))

        assert status == 1
        assert len(out.splitlines()) == 2
        assert f"{bad}:2:" in err
        assert f"{bad}:4:" in err
        assert "invalid" in err

    @pytest.mark.parametrize(
        ("content", "expected"),
        [(b"", "empty"), (b"\n", "empty"), (b"Kq7short\n", "too short")],
    )
    def test_a_short_or_empty_key_is_a_usage_error(
        self,
        capsys: pytest.CaptureFixture[str],
        plans_file: Path,
        tmp_path: Path,
        content: bytes,
        expected: str,
    ) -> None:
        """Exit 2, one line naming the key file, never the key; nothing written."""
        path = tmp_path / "key"
        path.write_bytes(content)

        status, out, err = run(capsys, "deidentify", str(plans_file), "--key-file", str(path))

        assert (status, out) == (2, "")
        assert expected in err
        assert str(path) in err
        assert "Kq7short" not in err
        assert len(err.splitlines()) == 1

    def test_key_file_missing_or_not_given(
        self, capsys: pytest.CaptureFixture[str], plans_file: Path, tmp_path: Path
    ) -> None:
        """No --key-file, or a file that is not there, or a directory: exit 2."""
        status, _, err = run(capsys, "deidentify", str(plans_file))
        assert status == 2
        assert "--key-file" in err
        status, _, err = run(
            capsys, "deidentify", str(plans_file), "--key-file", str(tmp_path / "nope")
        )
        assert (status, "no such file" in err) == (2, True)
        status, _, err = run(capsys, "deidentify", str(plans_file), "--key-file", str(tmp_path))
        assert (status, "directory" in err) == (2, True)

    def test_the_key_is_not_an_argument(
        self, capsys: pytest.CaptureFixture[str], plans_file: Path, key_file: Path
    ) -> None:
        """There is no option to give the key itself on the command line."""
        status, _, err = run(capsys, "deidentify", str(plans_file), "--key", KEY_TEXT)
        assert status == 2
        assert KEY_TEXT not in err
        args = ["deidentify", str(plans_file), "--key-file", str(key_file), "--key", KEY_TEXT]
        status, _, err = run(capsys, *args)
        assert status == 2
        assert "unrecognized arguments: --key" in err
        assert KEY_TEXT not in err  # a key typed on the command line is not echoed
        status, _, err = run(capsys, "deidentify", str(plans_file), "--key-file=k", KEY_TEXT)
        assert status == 2
        assert KEY_TEXT not in err

    def test_standard_input_and_a_key_file_with_crlf(
        self,
        capsys: pytest.CaptureFixture[str],
        plans_file: Path,
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """- reads standard input; a key file ending in CRLF holds the same key."""
        import io
        import sys

        path = tmp_path / "key"
        path.write_bytes(KEY + b"\r\n")
        stdin = io.TextIOWrapper(io.BytesIO(plans_file.read_bytes()))
        monkeypatch.setattr(sys, "stdin", stdin)
        status, out, err = run(capsys, "deidentify", "-", "--key-file", str(path))
        assert status == 0, err
        originals = [from_json(line) for line in _lines(plans_file)]
        assert [from_json(line) for line in out.splitlines()] == deidentify(originals, key=KEY)

    def test_bad_options(
        self, capsys: pytest.CaptureFixture[str], key_file: Path, plans_file: Path
    ) -> None:
        """A bad date, a missing file, a bad --max-weeks: usage errors, exit 2."""
        base = ["deidentify", str(plans_file), "--key-file", str(key_file)]
        assert run(capsys, *base, "--as-of", "2026-13-01")[0] == 2
        assert run(capsys, *base, "--max-weeks", "0")[0] == 2
        assert run(capsys, "deidentify", "missing.jsonl", "--key-file", str(key_file))[0] == 2

    def test_same_key_same_output_other_key_other_ids(
        self, capsys: pytest.CaptureFixture[str], key_file: Path, plans_file: Path, tmp_path: Path
    ) -> None:
        """Two runs with one key: the same bytes; another key: no id in common."""
        args = ["deidentify", str(plans_file), "--key-file", str(key_file)]
        first, second = run(capsys, *args)[1], run(capsys, *args)[1]
        assert first == second
        other = tmp_path / "other"
        other.write_bytes(b"another key of enough bytes")
        third = run(capsys, "deidentify", str(plans_file), "--key-file", str(other))[1]
        ids = {json.loads(line)["id"] for line in first.splitlines()}
        assert not ids & {json.loads(line)["id"] for line in third.splitlines()}

    def test_a_key_file_others_can_read_is_warned_about(
        self, capsys: pytest.CaptureFixture[str], plans_file: Path, key_file: Path
    ) -> None:
        """A key file readable by group or others: a warning (the copies are still made)."""
        key_file.chmod(0o644)
        status, out, err = run(capsys, "deidentify", str(plans_file), "--key-file", str(key_file))
        assert status == 0
        assert out
        assert "warning" in err
        assert "chmod 600" in err
        key_file.chmod(0o600)
        assert (
            "warning"
            not in run(capsys, "deidentify", str(plans_file), "--key-file", str(key_file))[2]
        )

    def test_help_shows_an_example(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--help exits 0 with an example of the command."""
        status, out, _ = run(capsys, "deidentify", "--help")
        assert status == 0
        assert "  iepmodel deidentify" in out.split("examples:")[1]
