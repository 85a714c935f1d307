"""
Reading JSON text that may be hostile: the reference parser of `iepmodel.serialization`.

Whatever the bytes, reading ends in a value or in `DocumentError`, in time and memory
that grow with the size of the text only:

- **Encoding.** A document is UTF-8 (RFC 8259, section 8.1). A leading byte order mark
  is skipped, whether the document is given as `str` or as `bytes`. Text in UTF-16 or
  UTF-32 (found by its byte order mark or its zero bytes) is refused, with a message
  that says so, rather than guessed at: a JSON Lines file in those encodings cannot be
  split into lines anyway.
- **Nesting** too deep for the parser is a problem (``too_deep``), not a
  `RecursionError`.
- **Integers** of more than `MAX_INT_DIGITS` digits are not converted (converting one
  costs time that grows with the square of its length): they are read as a marker that
  every field refuses, so the problem names the field (``number_too_long``).
- **Duplicate keys** are refused, with the path of each: a silent last-wins is a lost
  value.
- **Unknown keys** are named in paths escaped and shortened (`key_segment`), so a key
  holding a newline cannot forge a line of output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, Final, cast

from .errors import DocumentError, Loc, Problem

__all__ = [
    "MAX_INT_DIGITS",
    "MAX_PROBLEMS",
    "Oversized",
    "decode_at",
    "duplicate_key_problems",
    "join",
    "key_segment",
    "parse",
    "path_of",
    "prepare",
    "safe_loc",
]

MAX_PROBLEMS: Final = 100
"""The most problems one `DocumentError` lists; it counts the others (`DocumentError.count`)."""
MAX_INT_DIGITS: Final = 4300
"""The longest integer read, in digits: Python's own default limit, whatever it is set to."""
_MAX_KEY: Final = 40
"""The longest unknown key shown in a path, in characters (longer ones are cut)."""

_PLAIN_KEY: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_BOM: Final = "\ufeff"
_UTF8_BOM: Final = b"\xef\xbb\xbf"


class Oversized:
    """An integer too long to convert: every field refuses it (``number_too_long``)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<integer too long>"


OVERSIZED: Final = Oversized()


def key_segment(key: str) -> str:
    """
    How a key is shown in a path: as it is when plain, else escaped and shortened.

    >>> from iepmodel._reading import key_segment
    >>> key_segment("minutes"), key_segment("an odd key")
    ('minutes', '["an odd key"]')
    """
    if _plain(key):
        return key
    shown = json.dumps(key[:_MAX_KEY], ensure_ascii=True)
    return f"[{shown}{'...' if len(key) > _MAX_KEY else ''}]"


def safe_loc(loc: Loc) -> Loc:
    """
    *loc* with each key that is not a plain name escaped and cut as in `key_segment`.

    >>> from iepmodel._reading import safe_loc
    >>> safe_loc(("services", 0, "an odd key"))
    ('services', 0, '"an odd key"')
    """
    return tuple(
        part if isinstance(part, int) or _plain(part) else key_segment(part)[1:-1] for part in loc
    )


def _plain(key: str) -> bool:
    return len(key) <= _MAX_KEY and _PLAIN_KEY.fullmatch(key) is not None


def join(path: str, key: str) -> str:
    """*path* and then *key* (shown by `key_segment`)."""
    segment = key_segment(key)
    if segment.startswith("["):
        return path + segment
    return f"{path}.{segment}" if path else segment


def path_of(loc: Loc) -> str:
    """
    The path text of a location.

    >>> from iepmodel._reading import path_of
    >>> path_of(("services", 0, "minutes"))
    'services[0].minutes'
    """
    path = ""
    for part in loc:
        path = f"{path}[{part}]" if isinstance(part, int) else join(path, part)
    return path


def _problem(message: str, type_: str) -> DocumentError:
    return DocumentError([Problem(path="", message=message, type=type_)])


def _encoding_of(data: bytes) -> str | None:
    """``UTF-16`` or ``UTF-32`` when *data* looks so encoded (RFC 4627's rule), else None."""
    head = data[:4]
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    if len(head) == 4 and head[0] == 0 and head[1] == 0 and head[2] == 0:
        return "UTF-32"
    if len(head) == 4 and head[1] == 0 and head[2] == 0 and head[3] == 0:
        return "UTF-32"
    if len(head) >= 2 and (head[0] == 0 or head[1] == 0):
        return "UTF-16"
    return None


def prepare(text: str | bytes | bytearray | memoryview) -> str:
    """
    *text* as a `str` to parse: decoded from UTF-8, without a leading byte order mark.

    Raises:
        DocumentError: the bytes are UTF-16, UTF-32 or not UTF-8 (``encoding``).
    """
    if isinstance(text, str):
        return text[1:] if text.startswith(_BOM) else text
    data = bytes(text)
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    else:
        encoding = _encoding_of(data)
        if encoding is not None:
            raise _problem(f"the text is {encoding}; a document must be UTF-8", "encoding")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        message = f"not valid UTF-8 text (at byte {error.start})"
        raise _problem(message, "encoding") from None


class _Repeated(dict[str, Any]):
    """An object that held a key twice (or more); `keys` are those keys."""

    __slots__ = ("repeated",)

    def __init__(self, pairs: list[tuple[str, Any]], repeated: list[str]) -> None:
        super().__init__(pairs)
        self.repeated = repeated


_seen: list[int] = [0]
"""How many objects with a repeated key (and integers too long) were read, by anyone:
`decode_at` compares it before and after (another thread's find costs a needless look)."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    _seen[0] += 1
    seen: set[str] = set()
    repeated: list[str] = []
    for key, _ in pairs:
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    return _Repeated(pairs, repeated)


def _integer(digits: str) -> int | Oversized:
    # A sign counts as no digit.
    if len(digits) > MAX_INT_DIGITS and len(digits.lstrip("-")) > MAX_INT_DIGITS:
        _seen[0] += 1
        return OVERSIZED
    return int(digits)


def _non_finite(name: str) -> float:
    # NaN and Infinity are not JSON. They are read as numbers so that the problem names
    # the key that holds one: every structure hook refuses a number that is not finite.
    return float(name)


_DECODER: Final = json.JSONDecoder(
    object_pairs_hook=_object, parse_int=_integer, parse_constant=_non_finite
)


def _walk_marked(value: Any) -> Iterator[tuple[Loc, _Repeated | Oversized]]:
    """Each object of *value* that held a key twice, and each integer too long to read."""
    stack: list[tuple[Loc, Any]] = [((), value)]
    while stack:
        loc, item = stack.pop()
        if item is OVERSIZED:
            yield loc, item
        elif isinstance(item, dict):
            if isinstance(item, _Repeated):
                yield loc, item
            members = cast("dict[str, Any]", item)
            stack.extend(((*loc, key), child) for key, child in reversed(members.items()))
        elif isinstance(item, list):
            elements: list[Any] = item  # pyright: ignore[reportUnknownVariableType]
            stack.extend(
                ((*loc, index), child) for index, child in reversed(list(enumerate(elements)))
            )


def duplicate_key_problems(value: Any) -> DocumentError | None:
    """
    The `DocumentError` of *value*'s duplicated keys and too long integers, if any.

    They are marked by the parser (`decode_at`) and found here, before *value* is read
    as a plan.
    """
    problems: list[Problem] = []
    count = 0
    for loc, item in _walk_marked(value):
        marks: list[tuple[Loc, str, str]]
        if isinstance(item, Oversized):
            marks = [(loc, "a number with too many digits", "number_too_long")]
        else:
            marks = [
                ((*loc, key), "duplicate key: an object must hold each key once", "duplicate_key")
                for key in item.repeated
            ]
        for where, message, type_ in marks:
            count += 1
            if len(problems) < MAX_PROBLEMS:
                problems.append(
                    Problem(path=path_of(where), message=message, type=type_, loc=safe_loc(where))
                )
    return DocumentError(problems, count) if problems else None


def _syntax(error: json.JSONDecodeError) -> DocumentError:
    # The decoder's message names the position, never the text.
    message = f"not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
    return _problem(message, "json_invalid")


TOO_DEEP: Final = "lists and objects nest too deeply"


def decode_at(text: str, position: int = 0) -> tuple[Any, int, bool]:
    """
    The JSON value starting at *position* of *text*: ``(value, end, repeated)``.

    *repeated* tells that an object of the value held a key twice, or that an integer was
    too long to read (it is read as a marker): `duplicate_key_problems` names them.

    Raises:
        json.JSONDecodeError: a syntax error.
        RecursionError: the value nests too deeply.
    """
    counter = _seen[0]
    value, end = _DECODER.raw_decode(text, position)
    return value, end, _seen[0] != counter


def parse(text: str | bytes | bytearray | memoryview) -> Any:
    """
    The JSON value of a whole document, or `DocumentError`.

    Raises:
        DocumentError: not UTF-8, not JSON, nested too deeply, or with a duplicate key.
    """
    source = prepare(text)
    try:
        start = _skip(source)
        value, end, repeated = decode_at(source, start)
        if _skip(source, end) != len(source):
            raise json.JSONDecodeError("Extra data", source, _skip(source, end))
    except json.JSONDecodeError as error:
        raise _syntax(error) from None
    except RecursionError:
        raise _problem(f"not valid JSON for a plan ({TOO_DEEP})", "too_deep") from None
    if repeated:
        duplicates = duplicate_key_problems(value)
        if duplicates is not None:
            raise duplicates
    return value


_JSON_SPACE: Final = re.compile(r"[ \t\n\r]*")


def _skip(text: str, position: int = 0) -> int:
    match = _JSON_SPACE.match(text, position)
    return match.end() if match is not None else position
