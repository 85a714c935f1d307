"""A progress line on standard error, for long runs on a terminal only."""

from __future__ import annotations

import time
from types import TracebackType
from typing import IO

__all__ = ["Progress"]


class Progress:
    """
    Shows ``checking: 12,345 documents (district.jsonl)`` on *stream*, rewritten in place.

    Nothing is written unless *stream* is a terminal, and nothing before *delay* seconds
    have passed, so short runs and piped output stay clean. The line is cleared when the
    progress ends (use it as a context manager).

    Args:
        stream: where to write (standard error).
        verb: what is being done, e.g. ``checking``.
        delay: seconds before the first update.
        interval: seconds between updates.
    """

    def __init__(
        self, stream: IO[str], *, verb: str, delay: float = 0.5, interval: float = 0.1
    ) -> None:
        isatty = getattr(stream, "isatty", None)
        self._enabled = bool(isatty is not None and isatty())
        self._stream = stream
        self._verb = verb
        self._start = time.monotonic()
        self._next = self._start + delay
        self._interval = interval
        self._shown = False

    def update(self, count: int, label: str) -> None:
        """Report that *count* documents are done, the latest from *label*."""
        if not self._enabled:
            return
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self._interval
        self._stream.write(f"\r\033[K{self._verb}: {count:,} documents ({label})")
        self._stream.flush()
        self._shown = True

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
