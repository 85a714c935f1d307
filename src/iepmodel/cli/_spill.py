"""
Sorting more records than fit in memory: a bounded buffer, spilled to private runs.

`SortedRecords` keeps up to *capacity* records in memory. When the buffer is full it is
sorted and written, as a *run*, to a temporary file; reading merges the runs (and what is
still in memory) back into one sorted stream (`heapq.merge`). When too many runs pile up,
*fan_in* of them are merged into one longer run, so the number of open files and the
memory of the final merge stay bounded however many records there are. A store that
never fills its buffer never touches the disk.

The records that ``iepmodel check`` spills are personal data: the slim copies of plans
keep each student's date of birth and meeting and evaluation dates, and findings name
plans. So the runs are private and short-lived (`SpillDirectory`):

- they live in a directory only the user can enter (`tempfile.TemporaryDirectory`,
  mode 0700), under ``TMPDIR`` (see `tempfile.gettempdir`);
- each run is a `tempfile.TemporaryFile` (mode 0600): on Linux it never has a name
  (``O_TMPFILE``), elsewhere on POSIX its name is removed as soon as it is created, so the
  data vanish when the file is closed, even if the process is killed;
- `SpillDirectory.close` closes every run and removes the directory; the checker calls it
  when it is done, on success, on an error and on an interrupt.

Runs are written with `pickle` and read back by the same process only: they are never
read from anywhere else.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import pickle
import signal
import tempfile
import threading
from collections.abc import Callable, Generator, Iterator
from typing import IO, Any, Generic, Protocol, Self, TypeVar, cast

__all__ = ["SortedRecords", "SpillDirectory", "Terminated", "signals_as_interrupts"]

_PROTOCOL = 5
_CHUNK = 64
"""Records pickled together: fewer, larger writes, and one read of a run holds at most
this many records."""


class _Sortable(Protocol):
    def __lt__(self, other: Any, /) -> bool: ...


R = TypeVar("R", bound=_Sortable)


class Terminated(KeyboardInterrupt):
    """
    The process was asked to stop (SIGTERM, SIGHUP): unwinds as an interrupt does.

    Raised by the handler `signals_as_interrupts` installs, so that every ``finally``
    and context manager runs (the spill directory is removed) as on Ctrl-C.

    Attributes:
        signum: the signal's number (the exit status is 128 plus it).
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _terminate(signum: int, _frame: object) -> None:
    raise Terminated(signum)


_STOP_SIGNALS: tuple[str, ...] = ("SIGTERM", "SIGHUP")


@contextlib.contextmanager
def signals_as_interrupts() -> Generator[None]:
    """
    Inside the block, SIGTERM and SIGHUP raise `Terminated`, as SIGINT raises an interrupt.

    Only signals left to their default action are taken over (a program that set its own
    handler keeps it), only in the main thread, and the previous handlers come back after.
    """
    previous: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for name in _STOP_SIGNALS:
            number = getattr(signal, name, None)
            if number is None or signal.getsignal(number) is not signal.SIG_DFL:
                continue
            previous[number] = signal.signal(number, _terminate)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class SpillDirectory:
    """
    A private temporary directory for runs, made on first use, removed by `close`.

    Use it as a context manager, or call `close` in a ``finally``.
    """

    def __init__(self) -> None:
        self._directory: tempfile.TemporaryDirectory[str] | None = None
        self._files: list[IO[bytes]] = []
        self.used = False
        """Whether a run was ever written (stays true after `close`)."""

    def new_file(self) -> IO[bytes]:
        """A new run file, readable and writable, private to this user and process."""
        if self._directory is None:
            self._directory = tempfile.TemporaryDirectory(prefix="iepmodel-")
            self.used = True
        handle = tempfile.TemporaryFile(dir=self._directory.name)  # noqa: SIM115 - closed by close
        self._files.append(handle)
        return handle

    def discard(self, handle: IO[bytes]) -> None:
        """Close the run file *handle*, whose records are no longer needed."""
        self._files.remove(handle)
        handle.close()

    def close(self) -> None:
        """Close every run file and remove the directory (idempotent)."""
        files, self._files = self._files, []
        directory, self._directory = self._directory, None
        try:
            for handle in files:
                handle.close()
        finally:
            if directory is not None:
                directory.cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class SortedRecords(Generic[R]):
    """
    Records added in any order, read back in sorted order, in bounded memory.

    Args:
        spill: where runs go when the buffer fills.
        capacity: how many records to keep in memory before spilling (at least 1).
        encode: applied to each record written to a run (e.g. a plan to JSON bytes);
            the encoded records must sort as the records do.
        decode: the inverse of *encode*, applied to each record read from a run.
        fan_in: how many runs of one size are merged into one longer run (at least 2).

    Records must be totally ordered, and records that compare equal must be
    interchangeable: the merge does not keep the order they were added in.
    """

    def __init__(
        self,
        spill: SpillDirectory,
        *,
        capacity: int,
        encode: Callable[[R], Any] | None = None,
        decode: Callable[[Any], R] | None = None,
        fan_in: int = 64,
    ) -> None:
        if capacity < 1 or fan_in < 2:
            msg = "capacity must be at least 1 and fan_in at least 2"
            raise ValueError(msg)
        self._spill = spill
        self._capacity = capacity
        self._encode = encode
        self._decode = decode
        self._fan_in = fan_in
        self._buffer: list[R] = []
        self._runs: list[tuple[int, IO[bytes]]] = []  # (level, file); levels never increase
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @property
    def runs(self) -> int:
        """How many runs are on disk now."""
        return len(self._runs)

    def add(self, record: R) -> None:
        """Add *record*; spill the buffer as a run when it is full."""
        buffer = self._buffer
        buffer.append(record)
        self._count += 1
        if len(buffer) >= self._capacity:
            self._spill_buffer()

    def __iter__(self) -> Iterator[R]:
        """
        Every record, sorted: the buffer alone, or the runs and the buffer merged.

        Read one pass at a time: a second pass started before the first ends would move
        the first one's place in the runs.
        """
        self._buffer.sort()
        if not self._runs:
            return iter(self._buffer)
        decode = self._decode
        streams: list[Iterator[R]] = []
        for _, handle in self._runs:
            raw = _read_run(handle)
            streams.append(map(decode, raw) if decode is not None else raw)
        streams.append(iter(self._buffer))
        return heapq.merge(*streams)

    def clear(self) -> None:
        """Drop every record: close the runs (their files go) and empty the buffer."""
        runs, self._runs = self._runs, []
        for _, handle in runs:
            self._spill.discard(handle)
        self._buffer = []
        self._count = 0

    def _spill_buffer(self) -> None:
        buffer = self._buffer
        buffer.sort()
        encode = self._encode
        handle = self._spill.new_file()
        _write_run(handle, map(encode, buffer) if encode is not None else buffer)
        buffer.clear()
        self._runs.append((0, handle))
        self._compact()

    def _compact(self) -> None:
        """Merge the last *fan_in* runs into one while they are of the same level."""
        runs = self._runs
        fan_in = self._fan_in
        while len(runs) >= fan_in:
            tail = runs[-fan_in:]
            level = tail[0][0]
            if any(other != level for other, _ in tail):
                return
            handle = self._spill.new_file()
            # The encoded records sort as the records do: merge them without decoding.
            merged = heapq.merge(*(_read_run(run) for _, run in tail))
            _write_run(handle, cast("Iterator[Any]", merged))
            del runs[-fan_in:]
            for _, run in tail:
                self._spill.discard(run)
            runs.append((level + 1, handle))


def _write_run(handle: IO[bytes], records: Iterator[Any] | list[Any]) -> None:
    iterator = iter(records)
    dump = pickle.dump
    while chunk := list(itertools.islice(iterator, _CHUNK)):
        dump(chunk, handle, protocol=_PROTOCOL)
    handle.flush()


def _read_run(handle: IO[bytes]) -> Iterator[Any]:
    handle.seek(0)
    load = pickle.load
    while True:
        try:
            chunk: list[Any] = load(handle)
        except EOFError:
            return
        yield from chunk
