"""A progress line on standard error, for long runs on a terminal only."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from types import TracebackType
from typing import IO

__all__ = ["Progress", "file_size", "human_bytes"]

_BAR_WIDTH = 20
_UNITS = ("bytes", "kB", "MB", "GB", "TB")


def human_bytes(size: float) -> str:
    """
    *size* in bytes, in decimal units with one decimal (``27.1 MB``).

    >>> from iepmodel.cli._progress import human_bytes
    >>> human_bytes(999), human_bytes(27_149_000), human_bytes(0)
    ('999 bytes', '27.1 MB', '0 bytes')
    """
    if size < 1000:
        return f"{int(size)} bytes"
    for unit in _UNITS[1:]:
        size /= 1000
        if size < 1000 or unit == _UNITS[-1]:
            return f"{size:.1f} {unit}"
    raise AssertionError  # pragma: no cover - the loop always returns


def file_size(name: str) -> int | None:
    """The size of the regular file *name*; `None` for standard input, a pipe, a device."""
    try:
        status = os.stat(name)
    except OSError:
        return None
    return status.st_size if stat.S_ISREG(status.st_mode) else None


class Progress:
    """
    Shows how far a command has read its input on *stream*, rewritten in place.

    When the input's size is known (regular files: *total* bytes, with *position*
    telling how many have been read) the line shows a bar, the percent and the bytes::

        checking:  45% [#########-----------] 12.2 MB of 27.1 MB, 12,345 documents (a.jsonl)

    otherwise (standard input, a pipe) a count::

        checking: 12,345 documents (a.jsonl)

    Nothing is written unless *stream* is a terminal (not a ``TERM=dumb`` one), and nothing
    before *delay* seconds
    have passed, so short runs, pipes and CI logs stay clean. The line is cut to the
    terminal's width (a wrapped line could not be rewritten) and cleared when the
    progress ends (use it as a context manager).

    Args:
        stream: where to write (standard error).
        verb: what is being done, e.g. ``checking``.
        delay: seconds before the first update.
        interval: seconds between updates.
        total: the input's size in bytes, when known.
        position: how many bytes of the input have been read; asked only when the line
            is redrawn.
    """

    def __init__(
        self,
        stream: IO[str],
        *,
        verb: str,
        delay: float = 0.5,
        interval: float = 0.1,
        total: int | None = None,
        position: Callable[[], int] | None = None,
    ) -> None:
        isatty = getattr(stream, "isatty", None)
        # A "dumb" terminal (an editor's shell buffer) cannot rewrite a line in place.
        self._enabled = bool(isatty is not None and isatty()) and os.environ.get("TERM") != "dumb"
        self._stream = stream
        self._verb = verb
        self._start = time.monotonic()
        self._next = self._start + delay
        self._interval = interval
        self._shown = False
        self.total = total
        self.position = position
        self._width = _terminal_width(stream) if self._enabled else 0

    def update(self, count: int, label: str) -> None:
        """Report that *count* documents are done, the latest from *label*."""
        if not self._enabled:
            return
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self._interval
        line = self.line(count, label)
        if self._width:
            line = line[: self._width - 1]  # the last column would wrap on some terminals
        self._stream.write(f"\r\033[K{line}")
        self._stream.flush()
        self._shown = True

    def line(self, count: int, label: str) -> str:
        """The text of the progress line for *count* documents, the latest from *label*."""
        documents = f"{count:,} document{'' if count == 1 else 's'} ({label})"
        total, position = self.total, self.position
        if total is None or position is None:
            return f"{self._verb}: {documents}"
        done = min(max(position(), 0), total)
        fraction = done / total if total else 1.0
        filled = round(fraction * _BAR_WIDTH)
        bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
        return (
            f"{self._verb}: {fraction:4.0%} [{bar}] {human_bytes(done)} of "
            f"{human_bytes(total)}, {documents}"
        )

    def close(self) -> None:
        """Clear the progress line, if one was shown."""
        if self._shown:
            self._stream.write("\r\033[K")
            self._stream.flush()
            self._shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _terminal_width(stream: IO[str]) -> int:
    """The width of the terminal *stream* writes to; 0 when it cannot be told."""
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return 0
