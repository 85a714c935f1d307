"""
Reading plans for the command line: ``.json`` (one plan or an array), ``.jsonl``, stdin.

Each input yields, in order, one `Loaded` plan or one `Invalid` record per document, so a
bad document is reported with its file and line while the others are still read:

- JSON Lines are streamed with `iepmodel.iter_jsonl`, so memory stays flat however
  long the file is. A file on disk is read a small batch ahead; standard input and other
  streams one line at a time, so a pipe that delivers plans slowly gets each one checked
  (and streamed out) as it arrives.
- A ``.json`` file is read whole. In an array of plans, each element is decoded on its
  own: an invalid element is reported with the line it starts on and its index, and the
  other elements still load.
- Standard input (``-``) and files with another suffix are sniffed: an array, or a first
  line that is not a complete JSON value (a pretty-printed plan), is read as JSON;
  anything else as JSON Lines.

Error texts come from `iepmodel.DocumentError`: paths and reasons, never a value.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, NoReturn

import attrs

from iepmodel import _reading
from iepmodel._plan import IEP
from iepmodel.errors import DocumentError
from iepmodel.serialization import from_dict, iter_jsonl

__all__ = [
    "STDIN",
    "Document",
    "InputError",
    "Invalid",
    "Loaded",
    "check_readable",
    "label_of",
    "read_documents",
    "read_json_lines",
]

STDIN = "-"
"""The file name that stands for standard input."""
_STDIN_LABEL = "<stdin>"
_JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")
_JSON_WHITESPACE = " \t\n\r"
_UTF8_BOM = b"\xef\xbb\xbf"


class InputError(Exception):
    """A file cannot be read at all (missing, a directory, no permission): a usage error."""


@attrs.frozen(kw_only=True)
class Loaded:
    """
    A plan that loaded.

    Attributes:
        file: where it came from, as the user named it (``<stdin>`` for ``-``).
        line: the line the document starts on, counting from 1.
        plan: the plan.
    """

    file: str
    line: int
    plan: IEP


@attrs.frozen(kw_only=True)
class Invalid:
    """
    A document that is not a valid plan.

    Attributes:
        file: where it came from, as the user named it (``<stdin>`` for ``-``).
        line: the line the document starts on (for a JSON syntax error, the line of the
            error), counting from 1.
        error: what is wrong: each problem's path and reason, never a value.
        index: the document's position in a JSON array, from 0; `None` outside arrays.
    """

    file: str
    line: int
    error: str
    index: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The record of the command line contract: ``{"file", "line", "error"}``."""
        return {"file": self.file, "line": self.line, "error": self.message}

    @property
    def message(self) -> str:
        """The error, prefixed with the array element it is about, if any."""
        if self.index is None:
            return self.error
        return f"array element [{self.index}]: {self.error}"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


Document = Loaded | Invalid
"""What reading yields for each document."""


def label_of(name: str) -> str:
    """How findings and errors name the input *name* (``<stdin>`` for ``-``)."""
    return _STDIN_LABEL if name == STDIN else name


def check_readable(names: Iterable[str]) -> None:
    """
    Fail early, before any output, when a named file cannot be read.

    Raises:
        InputError: for the first file that is missing, a directory or unreadable, or
            when standard input is named twice.
    """
    stdin_seen = False
    for name in names:
        if name == STDIN:
            if stdin_seen:
                msg = "standard input (-) is named twice; name it once"
                raise InputError(msg)
            stdin_seen = True
            continue
        if os.path.isdir(name):
            msg = f"{name} is a directory; name the .json or .jsonl files inside it"
            raise InputError(msg)
        if not os.path.exists(name):
            msg = f"{name}: no such file; check the path"
            raise InputError(msg)
        if not os.access(name, os.R_OK):
            msg = f"{name}: permission denied; check the file's permissions"
            raise InputError(msg)


def read_documents(
    name: str,
    stdin: Callable[[], IO[bytes]],
    *,
    opened: Callable[[IO[bytes]], object] | None = None,
) -> Iterator[Document]:
    """
    Each document of the input *name* (a path, or ``-`` for the stream *stdin* returns).

    *opened*, if given, is called with a named file once it is open (the progress line
    asks it how far it has been read).

    Raises:
        InputError: when the file cannot be opened or read.
    """
    label = label_of(name)
    if name == STDIN:
        yield from _read_sniffed(label, iter(stdin()))
        return
    try:
        handle = open(name, "rb")  # noqa: SIM115 - closed below
    except OSError as error:
        _fail(name, error)
    if opened is not None:
        opened(handle)
    with handle:
        try:
            lower = name.lower()
            if lower.endswith(_JSON_LINES_SUFFIXES):
                yield from read_json_lines(label, handle)
            elif lower.endswith(".json"):
                yield from _read_json(label, handle.read())
            else:
                yield from _read_sniffed(label, iter(handle))
        except OSError as error:
            _fail(name, error)


def _fail(name: str, error: OSError) -> NoReturn:
    reason = error.strerror or type(error).__name__
    msg = f"{name}: cannot be read ({reason}); check the file"
    raise InputError(msg) from None


def _problems(error: DocumentError) -> str:
    text = "; ".join(str(problem) for problem in error.problems)
    if error.truncated:
        more = error.count - len(error.problems)
        text += f"; and {'at least ' if not error.complete else ''}{more} more"
    return text


def read_json_lines(label: str, lines: Iterable[bytes]) -> Iterator[Document]:
    """Each line of JSON Lines *lines* (bytes) as a document, streamed; *label* names it."""
    for number, result in iter_jsonl(lines, IEP):
        if isinstance(result, DocumentError):
            yield Invalid(file=label, line=number, error=_problems(result))
        else:
            yield Loaded(file=label, line=number, plan=result)


def _parses(line: bytes) -> bool:
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def _read_sniffed(label: str, lines: Iterator[bytes]) -> Iterator[Document]:
    """Read JSON Lines, unless the input is an array or a plan spread over lines."""
    head: list[bytes] = []
    seen = 0
    json_lines = False
    for line in lines:
        head.append(line)
        if not line.strip():
            continue
        seen += 1
        if seen == 1 and line.lstrip().removeprefix(_UTF8_BOM).lstrip().startswith(b"["):
            break
        # A first line that is a whole JSON value means JSON Lines; so does a broken
        # first line followed by a whole one: one bad line must not decide.
        if _parses(line):
            json_lines = True
            break
        if seen == 2:
            break
    if not seen:
        return
    rest = itertools.chain(head, lines)
    if json_lines:
        yield from read_json_lines(label, rest)
    else:
        yield from _read_json(label, b"".join(rest))


# --- a whole JSON document: one plan, or an array of plans --------------------------------


def _skip_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position] in _JSON_WHITESPACE:
        position += 1
    return position


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _syntax_error(error: ValueError | RecursionError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
    if isinstance(error, RecursionError):
        return f"not valid JSON for a plan ({_reading.TOO_DEEP})"
    return "not valid JSON"  # pragma: no cover - the decoder raises only the two above


def _decode(text: str, position: int) -> tuple[Any, int, bool]:
    # The library's reader: long integers and duplicate keys marked, not lost.
    return _reading.decode_at(text, position)


def _document(label: str, line: int, value: Any, index: int | None, repeated: bool) -> Document:
    try:
        duplicates = _reading.duplicate_key_problems(value) if repeated else None
        if duplicates is not None:
            raise duplicates
        plan = from_dict(value, IEP)
    except DocumentError as error:
        return Invalid(file=label, line=line, error=_problems(error), index=index)
    return Loaded(file=label, line=line, plan=plan)


def _bad_byte_line(data: bytes) -> int:
    """The line of the first byte that is not UTF-8 (1 for a file in UTF-16 or UTF-32)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return data.count(b"\n", 0, error.start) + 1
    return 1


def _read_json(label: str, data: bytes) -> Iterator[Document]:
    try:
        text = _reading.prepare(data)  # UTF-8, a byte order mark skipped; UTF-16 refused
    except DocumentError as error:
        yield Invalid(file=label, line=_bad_byte_line(data), error=_problems(error))
        return
    position = _skip_whitespace(text, 0)
    if position == len(text):
        yield Invalid(file=label, line=1, error="(document): empty; expected a plan or an array")
        return
    if text[position] == "[":
        yield from _read_array(label, text, position + 1)
        return
    try:
        value, end, repeated = _decode(text, position)
    except (ValueError, RecursionError) as error:
        line = error.lineno if isinstance(error, json.JSONDecodeError) else 1
        yield Invalid(file=label, line=line, error=f"(document): {_syntax_error(error)}")
        return
    rest = _skip_whitespace(text, end)
    if rest < len(text):
        line = _line_at(text, rest)
        message = (
            f"(document): more than one JSON value (the next starts on line {line}); "
            "a file of one plan per line should be named .jsonl"
        )
        yield Invalid(file=label, line=line, error=message)
        return
    yield _document(label, _line_at(text, position), value, None, repeated)


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|[^\[\]{}"]+|"', re.DOTALL)
"""A string, a bracket, a run of anything else, or a quote that opens no whole string."""


def _end_of_nested(text: str, position: int) -> int | None:
    """
    Where the list or object at *position* ends, by counting brackets outside strings.

    For a value nested too deeply for the parser: the array's next elements can still be
    read. `None` when the brackets do not balance (the rest cannot be read).
    """
    depth = 0
    for match in _TOKEN.finditer(text, position):
        piece = match.group()
        if piece in ("[", "{"):
            depth += 1
        elif piece in ("]", "}"):
            depth -= 1
            if depth == 0:
                return match.end()
        elif piece == '"' or depth == 0:
            return None  # a string left open, or not a list or object at all
    return None


def _read_array(label: str, text: str, position: int) -> Iterator[Document]:
    """The elements of the array whose ``[`` ends just before *position*."""
    index = 0
    line, counted = 1, 0
    while True:
        position = _skip_whitespace(text, position)
        if index == 0 and text.startswith("]", position):
            position += 1
            break
        try:
            value, end, repeated = _decode(text, position)
        except (ValueError, RecursionError) as error:
            skipped = _end_of_nested(text, position) if isinstance(error, RecursionError) else None
            if skipped is None:
                at = (
                    error.lineno
                    if isinstance(error, json.JSONDecodeError)
                    else _line_at(text, position)
                )
                reason = f"{_syntax_error(error)}; the rest of the array cannot be read"
                yield Invalid(file=label, line=at, error=f"(document): {reason}", index=index)
                return
            # Too deep to parse, but well bracketed: report it, read on after it.
            line += text.count("\n", counted, position)
            counted = position
            message = f"(document): {_syntax_error(error)}"
            yield Invalid(file=label, line=line, error=message, index=index)
            end = skipped
        else:
            line += text.count("\n", counted, position)
            counted = position
            yield _document(label, line, value, index, repeated)
        index += 1
        position = _skip_whitespace(text, end)
        if text.startswith(",", position):
            position += 1
            continue
        if text.startswith("]", position):
            position += 1
            break
        at = _line_at(text, position)
        reason = (
            f"not valid JSON (expected ',' or ']' after array element [{index - 1}], "
            f"at line {at}); the rest of the array cannot be read"
        )
        yield Invalid(file=label, line=at, error=f"(document): {reason}")
        return
    rest = _skip_whitespace(text, position)
    if rest < len(text):
        at = _line_at(text, rest)
        yield Invalid(file=label, line=at, error="(document): extra data after the array")
