"""
``iepmodel check`` on hostile input: each bad document is reported, the others checked.

And the signals: SIGTERM and SIGHUP stop a check as Ctrl-C does, leaving nothing behind
in ``$TMPDIR``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from iepmodel.cli import main

DATA = Path(__file__).parent / "data"
SECRET = "QSECRETzq"


def _base(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / "annual-elementary-v2.json").read_text())
    document.update(changes)
    return document


def _good(index: int) -> str:
    return json.dumps(_base(id=f"P{index}"))


def _hostile_lines() -> list[str]:
    base = json.dumps(_base(id="PX"))
    return [
        "[" * 100_000 + "]" * 100_000,
        base[:-1] + f', "id": "{SECRET}"}}',
        json.dumps(_base(id=SECRET + "\ud800")),
        base.replace('"schema_version": 2', '"schema_version": ' + "9" * 6_000),
        json.dumps(_base(**{"x\nline 1: forged": SECRET})),
        "\u00a0",
        json.dumps(_base(jurisdiction=SECRET)),
        json.dumps(_base(jurisdiction="ZZ")),
        json.dumps(_base(services=[{"minutes": SECRET}] * 20_000)),
        base.replace('"student": {', f'"student": {{"id": "{SECRET}", ', 1),
    ]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _assert_clean(out: str, err: str) -> None:
    assert SECRET not in out
    assert SECRET not in err
    assert "Traceback" not in err
    assert "forged" not in out.replace("\\\\n", "").split("\n")[0]


def test_each_hostile_line_is_reported_and_the_others_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = _hostile_lines()
    lines: list[str] = []
    for index, line in enumerate(hostile):
        lines += [_good(index), line]
    lines.append(_good(len(hostile)))
    path = tmp_path / "plans.jsonl"
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n")

    started = time.perf_counter()
    status, out, err = _run(
        capsys, "check", str(path), "--as-of", "2025-11-01", "--format", "json"
    )
    assert time.perf_counter() - started < 20
    _assert_clean(out, err)
    report = json.loads(out)
    assert status == 1
    assert report["plans"] == len(hostile) + 1
    assert [record["line"] for record in report["invalid"]] == list(
        range(2, 2 * len(hostile) + 1, 2)
    )
    for record in report["invalid"]:
        assert "\n" not in record["error"]

    status, text, err = _run(capsys, "check", str(path), "--as-of", "2025-11-01")
    _assert_clean(text, err)
    invalid = [line for line in text.splitlines() if "plans.jsonl:" in line]
    assert len(invalid) == len(hostile)
    # A key holding a newline is escaped: no line of the report starts with the forged text.
    assert not any(line.startswith("line 1: forged") for line in text.splitlines())


def test_a_json_array_with_bad_elements_checks_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _good(1)
    hostile = [line for line in _hostile_lines() if line.startswith("{")]
    elements = [good, *hostile, _good(2)]
    path = tmp_path / "plans.json"
    path.write_bytes(("[" + ",\n".join(elements) + "]").encode("utf-8", "surrogatepass"))
    status, out, err = _run(
        capsys, "check", str(path), "--as-of", "2025-11-01", "--format", "json"
    )
    _assert_clean(out, err)
    report = json.loads(out)
    assert status == 1
    # The two unknown jurisdictions load as plans but are reported, not checked.
    assert report["plans"] == 2
    indexes = sorted(
        int(record["error"].split("[", 1)[1].split("]", 1)[0])
        for record in report["invalid"]
        if record["error"].startswith("array element")
    )
    assert {1, 2, 3, 4, 7, 8} <= set(indexes)  # 5 and 6: jurisdictions, reported either way
    assert len(report["invalid"]) == len(hostile)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-le"])
def test_a_file_in_another_encoding_is_refused_clearly(
    encoding: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(_good(1).encode(encoding))
    status, out, _err = _run(
        capsys, "check", str(path), "--as-of", "2025-11-01", "--format", "json"
    )
    report = json.loads(out)
    assert status == 1
    (record,) = report["invalid"]
    assert "must be UTF-8" in record["error"]
    assert encoding[:6].upper() in record["error"]


def test_a_byte_order_mark_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, data in (("a.json", _good(1)), ("b.jsonl", _good(1) + "\n" + _good(2) + "\n")):
        path = tmp_path / name
        path.write_bytes(b"\xef\xbb\xbf" + data.encode())
        _status, out, _ = _run(
            capsys, "check", str(path), "--as-of", "2025-11-01", "--format", "json"
        )
        report = json.loads(out)
        assert report["invalid"] == []
        assert report["plans"] == data.count("\n") or report["plans"] == 1


def test_an_unknown_jurisdiction_is_not_quoted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plan.jsonl"
    path.write_text(json.dumps(_base(jurisdiction="ZZ-QQ")) + "\n")
    _, out, _ = _run(capsys, "check", str(path), "--as-of", "2025-11-01")
    assert "ZZ-QQ" not in out
    assert "jurisdiction" in out


# --- signals --------------------------------------------------------------------------------

_CHILD = """
import sys
from iepmodel.cli import _checking, main
# A tiny buffer, so that the check spills to temporary files after a few plans.
_checking.Checker.__init__.__kwdefaults__["buffer_size"] = 4
sys.exit(main(["check", "-", "--as-of", "2025-11-01", "--format", "json"]))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM)])
def test_a_signal_cleans_up_as_an_interrupt(signum: int, tmp_path: Path) -> None:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    env = {**os.environ, "TMPDIR": str(tmpdir)}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdin is not None
    try:
        lines = "".join(
            json.dumps(_base(id=f"P{i}", student={**_base()["student"], "id": f"S{i}"})) + "\n"
            for i in range(400)
        )
        child.stdin.write(lines.encode())
        child.stdin.flush()
        deadline = time.monotonic() + 30
        while not any(tmpdir.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any(tmpdir.iterdir()), "the check never spilled"
        child.send_signal(signum)
        _, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 128 + signum
    assert b"terminated" in err
    assert b"Traceback" not in err
    assert list(tmpdir.iterdir()) == []


def test_an_array_element_nested_too_deeply_is_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Too deep for the parser, but bracketed: reported, and the next elements are read."""
    deep = '{"a": "]}[", "b": ' + "[" * 100_000 + '"\\"]"' + "]" * 100_000 + "}"
    path = tmp_path / "plans.json"
    path.write_text("[" + ",\n".join([_good(1), deep, _good(2), "[[[", _good(3)]) + "]")
    status, out, err = _run(
        capsys, "check", str(path), "--as-of", "2025-11-01", "--format", "json"
    )
    assert "Traceback" not in err
    report = json.loads(out)
    assert status == 1
    assert report["plans"] == 2  # the third plan is after an unclosed element
    errors = [record["error"] for record in report["invalid"]]
    assert errors[0].startswith("array element [1]: (document): not valid JSON for a plan")
    assert errors[1].startswith("array element [3]: (document): not valid JSON")
    assert "the rest of the array cannot be read" in errors[1]


def test_utf16_on_standard_input_is_refused_clearly(tmp_path: Path) -> None:
    """Piped in, too: one clear record, no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "iepmodel", "check", "-", "--as-of", "2025-11-01"],
        input=(_good(1) + "\n" + _good(2) + "\n").encode("utf-16"),
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    assert b"UTF-16" in result.stdout
