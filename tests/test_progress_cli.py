"""The command line's progress line: percent of the bytes on a terminal, nothing elsewhere."""

from __future__ import annotations

import io
import os
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from iepmodel import sample
from iepmodel.cli import main
from iepmodel.cli._progress import Progress, file_size, human_bytes

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pty")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def ticking(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock that moves a second at each look: every update is drawn (on a smart terminal)."""
    monkeypatch.setenv("TERM", "xterm")
    now = iter(range(1_000_000))
    monkeypatch.setattr("iepmodel.cli._progress.time.monotonic", lambda: float(next(now)))


@pytest.fixture
def district(tmp_path: Path) -> Path:
    path = tmp_path / "district.jsonl"
    path.write_bytes(sample.read_bytes(sample.PLANS_FILE))
    return path


class TestLine:
    def test_percent_bar_and_bytes_when_the_size_is_known(self) -> None:
        progress = Progress(
            FakeTerminal(), verb="checking", total=27_100_000, position=lambda: 12_195_000
        )

        assert progress.line(12_345, "district.jsonl") == (
            "checking:  45% [#########-----------] 12.2 MB of 27.1 MB, "
            "12,345 documents (district.jsonl)"
        )

    def test_a_count_when_the_size_is_unknown(self) -> None:
        progress = Progress(FakeTerminal(), verb="reading")

        assert progress.line(1, "<stdin>") == "reading: 1 document (<stdin>)"

    def test_the_position_never_runs_past_the_total(self) -> None:
        progress = Progress(FakeTerminal(), verb="checking", total=10, position=lambda: 99)

        assert progress.line(3, "a.jsonl").startswith("checking: 100% [####################]")

    def test_human_bytes(self) -> None:
        assert [human_bytes(n) for n in (0, 999, 1000, 1_500_000, 3 * 10**12)] == [
            "0 bytes",
            "999 bytes",
            "1.0 kB",
            "1.5 MB",
            "3.0 TB",
        ]

    def test_file_size_only_for_regular_files(self, district: Path) -> None:
        assert file_size(str(district)) == district.stat().st_size
        assert file_size(str(district.parent / "missing.jsonl")) is None
        if os.path.exists("/dev/null"):
            assert file_size("/dev/null") is None  # a device: no size to count against


def frames(text: str) -> list[str]:
    """The successive contents of a line rewritten with ``\\r\\033[K``."""
    return [frame for frame in text.split("\r\033[K") if frame]


class Screen:
    """What a terminal received: the master side of a pty, drained by a thread."""

    def __init__(self, master: int) -> None:
        self._master = master
        self._chunks: list[bytes] = []
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO once the slave side is closed (Linux)
                return
            if not chunk:
                return
            self._chunks.append(chunk)

    def text(self, stream: io.TextIOWrapper) -> str:
        """Everything written to *stream* (the slave side), which is closed first."""
        stream.close()
        self._thread.join(timeout=10)
        return b"".join(self._chunks).decode()


@pytest.fixture
def pty_stderr() -> Iterator[tuple[Screen, io.TextIOWrapper]]:
    """
    A real pseudo-terminal: (what it shows, the stream to write to it).

    The test sets it as standard error itself: pytest's capture sets ``sys.stderr`` again
    when the test starts.
    """
    master, slave = os.openpty()
    stream = open(slave, "w", encoding="utf-8", closefd=True)  # noqa: SIM115 - closed below
    screen = Screen(master)
    try:
        yield screen, stream
    finally:
        if not stream.closed:
            stream.close()
        os.close(master)


def test_check_on_a_terminal_shows_percent_of_the_file(
    capsys: pytest.CaptureFixture[str],
    pty_stderr: tuple[Screen, io.TextIOWrapper],
    ticking: None,
    district: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On a real terminal, ``iepmodel check FILE`` shows the bar, percent and bytes."""
    screen, stream = pty_stderr
    assert stream.isatty()
    monkeypatch.setattr(sys, "stderr", stream)

    main(["check", str(district), "--as-of", sample.AS_OF.isoformat()])
    shown = frames(screen.text(stream))

    size = human_bytes(district.stat().st_size)
    pattern = re.compile(
        rf"checking: +(\d+)% \[[#-]{{20}}\] [\d.]+ (?:bytes|kB|MB) of {re.escape(size)}, "
        r"[\d,]+ documents? \(.*district\.jsonl\)"
    )
    percents = [int(match.group(1)) for frame in shown if (match := pattern.fullmatch(frame))]
    assert len(percents) >= 10, shown[:3]
    assert percents == sorted(percents)  # it only moves forward
    assert percents[-1] == 100
    assert "the students' histories" in shown[-1]
    assert capsys.readouterr().out  # the report itself still went to standard output


def test_standard_input_shows_a_count(
    capsys: pytest.CaptureFixture[str],
    pty_stderr: tuple[Screen, io.TextIOWrapper],
    ticking: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Standard input has no size: the line counts documents, with no percent."""
    screen, stream = pty_stderr
    data = sample.read_bytes(sample.PLANS_FILE)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    monkeypatch.setattr(sys, "stderr", stream)

    main(["validate", "-"])
    shown = frames(screen.text(stream))

    assert shown
    assert all(re.fullmatch(r"reading: [\d,]+ documents? \(<stdin>\)", frame) for frame in shown)
    capsys.readouterr()


def test_nothing_on_a_dumb_terminal(monkeypatch: pytest.MonkeyPatch, ticking: None) -> None:
    """A terminal that cannot rewrite a line (``TERM=dumb``) gets no progress line."""
    monkeypatch.setenv("TERM", "dumb")  # after `ticking`, which set a smart one
    stream = FakeTerminal()

    with Progress(stream, verb="checking", delay=0) as progress:
        progress.update(10, "a.jsonl")

    assert stream.getvalue() == ""


def test_nothing_on_a_pipe(
    ticking: None, district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not a terminal (a pipe, a CI log): no progress at all, however long the run."""
    main(["check", str(district), "--as-of", sample.AS_OF.isoformat()])

    assert capsys.readouterr().err == ""
