"""
Converting plans to and from the JSON interchange format (v2, reading v1 too), with `cattrs`.

The wire format lives here and only here (the document format): the model classes carry no
serialization metadata. Reading is strict:

- dates only as ``YYYY-MM-DD`` strings;
- no coercion: the string ``"45"`` is not a number, ``45.7`` is not a whole number of
  minutes, ``"yes"`` is not a bool, a string is not a list;
- unknown keys are rejected at every depth;
- every problem is reported with its path in the document's own key names, in one
  `iepmodel.DocumentError`, and no message quotes a value (values may be personal data).

Writing omits ``null`` optionals and empty lists and writes keys in a stable order (the
keys an object always carries in the model's field order, then the optional ones it has,
in field order: cattrs writes those last), so the same plan always gives the same bytes.
`to_json_bytes` gives the same as UTF-8 bytes. Writing does not check types: a value of
another type than the model's (a plain string where it says `Role`, which the type
checkers refuse) is written as it is, and reading it back checks it.

Converters are made by `make_converter`; the module keeps two private ones (a fast one,
and a detailed one used only to explain a failure) and never touches
``cattrs.global_converter``.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import io
import json
import math
import os
import re
import stat
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from enum import Enum
from typing import IO, Any, TypeVar, Union, cast, get_args, get_origin, overload

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from . import _bulk, _enums, _extensions, _fastpath, _reading, _wire
from ._calendar import DateRange
from ._extensions import plain_json
from ._invariants import InvariantError
from ._plan import IEP
from .errors import DocumentError, Problem

__all__ = [
    "MAX_PROBLEMS",
    "JsonLinesReader",
    "LineError",
    "configure_converter",
    "dump_jsonl",
    "from_dict",
    "from_json",
    "iter_jsonl",
    "load_jsonl",
    "make_converter",
    "to_dict",
    "to_json",
    "to_json_bytes",
]

T = TypeVar("T")

MAX_PROBLEMS = _reading.MAX_PROBLEMS
"""The most problems one `DocumentError` lists; `DocumentError.count` counts them all."""

# ASCII digits only: `\d` would take any script's digits (the schema says the same).
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


# Keys a document must carry although the model has a default for them (`_wire`).
WIRE_REQUIRED: dict[type, tuple[str, ...]] = _wire.WIRE_REQUIRED


class _MissingKeyError(KeyError):
    """A key the document must carry is absent."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _WrongTypeError(TypeError):
    """A value of the wrong JSON type; the message says what was expected, never the value."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code
        """The problem's type (`iepmodel.errors.PROBLEM_TYPES`)."""


def _too_long(value: Any) -> None:
    if type(value) is _reading.Oversized:
        raise _WrongTypeError("a number with too many digits", "number_too_long")


# --- strict structure hooks for the leaves -------------------------------------------


def _structure_str(value: Any, _: Any) -> str:
    if type(value) is str:
        # Text that cannot be written back as UTF-8 (a lone surrogate, from a ``\ud800``
        # escape) is refused: `isascii` is a flag test, the search runs on the rest only.
        if value.isascii() or not _SURROGATE.search(value):
            return value
        raise _WrongTypeError(
            "text that is not valid Unicode (a lone surrogate)", "string_unicode"
        )
    raise _WrongTypeError("expected a string", "string_type")


def _structure_int(value: Any, _: Any) -> int:
    # bool is a subclass of int; true is not a number of minutes.
    if type(value) is int:
        return value
    _too_long(value)
    raise _WrongTypeError("expected a whole number", "int_type")


def _structure_float(value: Any, _: Any) -> float:
    if type(value) is float:
        if not math.isfinite(value):
            raise _WrongTypeError("expected a finite number", "float_type")
        return value
    if type(value) is int:
        return float(value)
    _too_long(value)
    raise _WrongTypeError("expected a number", "float_type")


def _structure_bool(value: Any, _: Any) -> bool:
    if type(value) is bool:
        return value
    raise _WrongTypeError("expected true or false", "bool_type")


def _structure_date(value: Any, _: Any) -> dt.date:
    if type(value) is str:
        if len(value) == 10 and _DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
            raise _WrongTypeError(
                "expected a calendar date (YYYY-MM-DD) that exists", "date_invalid"
            )
        raise _WrongTypeError("expected a date as YYYY-MM-DD", "date_type")
    if type(value) is dt.date:
        return value
    raise _WrongTypeError("expected a date as YYYY-MM-DD", "date_type")


def _is_json_object(type_: Any) -> bool:
    return get_origin(type_) is Mapping


def _structure_json_object(value: Any, _: Any) -> dict[str, Any]:
    # Free JSON (`IEP.extensions`): kept as read; the model checks its bounds.
    if type(value) is dict:
        return value  # pyright: ignore[reportUnknownVariableType] - checked to be a dict
    raise _WrongTypeError("expected an object", "object_type")


def _enum_hook(cls: type[Enum]) -> Callable[[Any, Any], Enum]:
    members: dict[Any, Enum] = dict(cls._value2member_map_)
    allowed = ", ".join(str(member.value) for member in cls)
    reason = f"expected one of: {allowed}"

    def structure(value: Any, _: Any) -> Enum:
        # A dict lookup, not the Enum call: about ten times faster (performance.md).
        try:
            return members[value]
        except (KeyError, TypeError):
            _too_long(value)
            raise _WrongTypeError(reason, "enum") from None

    return structure


MODEL_ENUMS: tuple[type[Enum], ...] = tuple(getattr(_enums, name) for name in _enums.__all__)


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _list(value: Any) -> list[Any]:
    if type(value) is not list:
        raise _WrongTypeError("expected a list", "list_type")
    return value  # pyright: ignore[reportUnknownVariableType] - checked to be a list


def _tuple_hook_factory(
    converter: cattrs.Converter, *, detailed: bool
) -> Callable[[Any], Callable[[Any, Any], tuple[Any, ...]]]:
    def factory(type_: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
        element_type = get_args(type_)[0]
        element_hook = converter.get_structure_hook(element_type)

        if not detailed:

            def structure_fast(value: Any, _: Any) -> tuple[Any, ...]:
                return tuple([element_hook(element, element_type) for element in _list(value)])

            return structure_fast

        def structure_detailed(value: Any, _: Any) -> tuple[Any, ...]:
            items = _list(value)
            result: list[Any] = []
            errors: list[Exception] = []
            budget = _BUDGET.get()
            for index, element in enumerate(items):
                try:
                    result.append(element_hook(element, element_type))
                except Exception as error:
                    enough = False
                    if budget is not None:
                        budget[0] -= 1
                        if budget[0] < 0:
                            # Enough is listed: this error is kept (so the list fails), some
                            # more bad elements are counted, cheaply, and the rest is not
                            # looked at, so that the time spent stays small.
                            enough = True
                            rest = items[index + 1 : index + 1 + _COUNT_MORE]
                            bad = _count_bad(rest, element_type)
                            budget[1] += bad
                            if bad or index + 1 + _COUNT_MORE < len(items):
                                # An element counted may hold more than one problem, and
                                # some were not looked at: the count is a lower bound.
                                budget[2] = 1
                    error.__notes__ = [
                        *getattr(error, "__notes__", []),
                        IterableValidationNote(
                            f"@ index {index}",
                            index,
                            element_type,
                        ),
                    ]
                    errors.append(error)
                    if enough:
                        break
            if errors:
                raise IterableValidationError(
                    "While structuring a list",
                    errors,
                    type_,  # pyright: ignore[reportCallIssue] - cattrs's own signature
                )
            return tuple(result)

        return structure_detailed

    return factory


_BUDGET: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "iepmodel_problem_budget", default=None
)
"""While `explain` runs: [list elements that may still fail in detail, elements only counted,
1 when elements were left unchecked]."""
_COUNT_MORE = 1_000
"""How many list elements are still checked (to count them) once enough problems are listed."""


def _count_bad(items: list[Any], element_type: Any) -> int:
    """How many of *items* are not a valid *element_type*, without explaining why."""
    hook = _FAST.get_structure_hook(element_type)
    bad = 0
    for element in items:
        try:
            hook(element, element_type)
        except Exception:
            bad += 1
    return bad


def configure_converter(converter: cattrs.Converter, *, detailed: bool = True) -> None:
    """
    Teach *converter* the wire format: strict leaves, dates, enums, lists and classes.

    Use it on a converter of your own (``cattrs.Converter(forbid_extra_keys=True)``), or
    take a ready one from `make_converter`.
    """
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, _date_value)
    converter.register_structure_hook_func(_is_json_object, _structure_json_object)
    converter.register_unstructure_hook_func(_is_json_object, plain_json)
    for enum_cls in MODEL_ENUMS:
        # Registered per class: a predicate factory is ignored for str enums, because
        # cattrs finds str in its dispatch table first (performance.md).
        converter.register_structure_hook(enum_cls, _enum_hook(enum_cls))
        converter.register_unstructure_hook(enum_cls, _enum_value)
    converter.register_structure_hook_factory(
        _is_homogeneous_tuple, _tuple_hook_factory(converter, detailed=detailed)
    )

    def structure_class_factory(cls: type) -> Callable[[Any, Any], Any]:
        base = cast(
            "Callable[[Any, Any], Any]",
            make_dict_structure_fn(
                cls,
                converter,
                _cattrs_forbid_extra_keys=True,
                _cattrs_detailed_validation=detailed,
            ),
        )

        wire_required = _wire.describe(cls).required_defaults

        def structure(value: Any, type_: Any) -> Any:
            if type(value) is not dict:
                raise _WrongTypeError("expected an object", "object_type")
            data = cast("dict[str, Any]", value)
            missing = [_MissingKeyError(key) for key in wire_required if key not in data]
            if not missing:
                return base(data, type_)
            try:
                base(data, type_)
            except ClassValidationError as error:
                raise ClassValidationError(
                    error.message,
                    [*missing, *error.exceptions],
                    cls,  # pyright: ignore[reportCallIssue] - cattrs's own signature
                ) from None
            raise ClassValidationError(
                f"While structuring {cls.__name__}",
                missing,
                cls,  # pyright: ignore[reportCallIssue] - cattrs's own signature
            )

        return structure

    def unstructure_class_factory(cls: type) -> Callable[[Any], dict[str, Any]]:
        # From the one description of the wire form (`_wire`): the fields that may be
        # left out are those cattrs omits when they hold their default, and cattrs
        # writes them after the others, which is the wire's order (the tests hold both).
        wire = _wire.describe(cls)
        overrides = {
            field.name: override(omit_if_default=True, rename=field.key)
            if field.omit != _wire.OMIT_NEVER
            else override(rename=field.key)
            for field in wire.fields
        }
        unstructure: Callable[[Any], dict[str, Any]]
        unstructure = make_dict_unstructure_fn(cls, converter, **overrides)  # type: ignore[arg-type]
        return unstructure

    converter.register_structure_hook_factory(attrs.has, structure_class_factory)
    converter.register_unstructure_hook_factory(attrs.has, unstructure_class_factory)

    date_range_hook = converter.get_structure_hook(DateRange)

    def structure_closed_day(value: Any, _: Any) -> dt.date | DateRange:
        if type(value) is dict:
            return date_range_hook(value, DateRange)  # type: ignore[no-any-return]
        if type(value) is str:
            return _structure_date(value, dt.date)
        raise _WrongTypeError(
            "expected a date as YYYY-MM-DD or an object with start and end", "date_type"
        )

    converter.register_structure_hook(Union[dt.date, DateRange], structure_closed_day)  # noqa: UP007
    converter.register_structure_hook(dt.date | DateRange, structure_closed_day)


def _enum_value(member: object) -> Any:
    # A value that is not a member (a plain string where the model says `Role`, which
    # the type checkers refuse but Python allows) is written as it is, as the fast
    # writer's encoders write it; reading it back checks it.
    return member.value if isinstance(member, Enum) else member


def _date_value(day: object) -> Any:
    # As `_enum_value`: anything but a date is written as it is.
    return day.isoformat() if isinstance(day, dt.date) else day


def make_converter(*, detailed: bool = True) -> cattrs.Converter:
    """
    A **new** converter for the document format, for apps that want one of their own.

    Each call returns an independent converter: change it (register hooks, ``.copy()``
    it) without affecting the library or anyone else. With *detailed* (the default),
    errors are collected field by field, so that `explain` can name every path.

    >>> conv = make_converter()
    >>> conv.structure({"frequency": "quarterly"}, ProgressReporting).frequency
    'quarterly'
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    configure_converter(converter, detailed=detailed)
    return converter


_FAST = make_converter(detailed=False)
_DETAILED = make_converter(detailed=True)


# The fast reader and writer (msgspec, see `_fastpath`). The cattrs converters above stay
# the reference: whatever the fast path is not sure of, they decide.
_BACKEND = _fastpath.Backend(_wire.describe)
_STRUCTURE_HOOKS: dict[Any, Callable[[Any, Any], Any]] = {}


def _structure(data: Any, cls: Any) -> Any:
    # The generated hook of a class is looked up once, not on every call.
    try:
        hook = _STRUCTURE_HOOKS[cls]
    except KeyError:
        hook = _STRUCTURE_HOOKS[cls] = _FAST.get_structure_hook(cls)
    except TypeError:  # pragma: no cover - an unhashable type form
        hook = _FAST.get_structure_hook(cls)
    return hook(data, cls)


# --- explaining failures ---------------------------------------------------------------


_FIELD_PART = re.compile(r"([^.\[\]]+)|\[([0-9]+)\]")


def _field_loc(field: str) -> tuple[str | int, ...]:
    """``("goals", 1, "id")`` for an invariant's field ``goals[1].id``."""
    return tuple(int(index) if index else name for name, index in _FIELD_PART.findall(field))


class _Problems:
    """The problems found by walking an error: the first `MAX_PROBLEMS`, and a count."""

    def __init__(self) -> None:
        self.listed: list[Problem] = []
        self.count = 0

    def add(self, loc: tuple[str | int, ...], message: str, type_: str) -> None:
        self.count += 1
        if len(self.listed) < _reading.MAX_PROBLEMS:
            self.listed.append(
                Problem(
                    path=_reading.path_of(loc),
                    message=message,
                    type=type_,
                    loc=_reading.safe_loc(loc),
                )
            )


def _walk(error: BaseException, loc: tuple[str | int, ...], out: _Problems) -> None:
    if isinstance(error, ClassValidationError):
        with_notes, without = error.group_exceptions()
        for sub, note in with_notes:
            _walk(sub, (*loc, note.name), out)
        for sub in without:
            _walk(sub, loc, out)
    elif isinstance(error, IterableValidationError):
        with_index, without_index = error.group_exceptions()
        for sub, index_note in with_index:
            _walk(sub, (*loc, index_note.index), out)
        for sub in without_index:
            _walk(sub, loc, out)
    elif isinstance(error, ForbiddenExtraKeysError):
        # Keys from Python data may be of any type: named by their type, never shown.
        keys = {
            key if type(key) is str else f"(a key of type {type(key).__name__})"  # pyright: ignore[reportUnknownArgumentType]
            for key in error.extra_fields  # pyright: ignore[reportUnknownVariableType]
        }
        # Only the first keys (in sorted order) are named; the others are counted.
        shown = sorted(keys) if len(keys) <= _reading.MAX_PROBLEMS else _first(keys)
        for key in shown:
            out.add((*loc, key), "unknown key", "unknown_key")
        out.count += len(error.extra_fields) - len(shown)  # pyright: ignore[reportUnknownArgumentType]
    elif isinstance(error, _extensions.ExtensionsTooDeepError):
        out.add((*loc, *_field_loc(error.field)), error.reason, "too_deep")
    elif isinstance(error, InvariantError):
        out.add((*loc, *_field_loc(error.field)), error.reason, "value_error")
    elif isinstance(error, _WrongTypeError):
        out.add(loc, str(error), error.code)
    elif isinstance(error, _MissingKeyError):
        out.add((*loc, error.key), "required key is missing", "missing")
    elif isinstance(error, KeyError):
        out.add(loc, "required key is missing", "missing")
    elif isinstance(error, RecursionError):
        out.add(loc, _reading.TOO_DEEP, "too_deep")
    else:
        # Anything else is reported by kind only: its text could quote a value.
        out.add(loc, f"invalid value ({type(error).__name__})", "invalid")


def _first(keys: set[str]) -> list[str]:
    import heapq

    return heapq.nsmallest(_reading.MAX_PROBLEMS, keys)


def _explain(data: Any, cls: Any, converter: cattrs.Converter | None) -> DocumentError | None:
    """The `DocumentError` of *data* as a *cls*; `None` when it loads."""
    # The budget bounds the detail gathered in lists: a document with a million bad
    # elements is explained by its first ones, and the others are only counted.
    budget = [_reading.MAX_PROBLEMS, 0, 0]
    token = _BUDGET.set(budget)
    try:
        (converter or _DETAILED).structure(data, cls)
    except Exception as error:
        found = _Problems()
        _walk(error, (), found)
        found.count += budget[1]
    else:
        return None
    finally:
        _BUDGET.reset(token)
    problems = sorted(set(found.listed), key=lambda p: (p.path, p.message))
    return DocumentError(problems, found.count, complete=not budget[2])


def explain(
    data: Any, cls: type[Any] = IEP, *, converter: cattrs.Converter | None = None
) -> list[Problem]:
    """
    The problems that keep *data* from being a valid *cls*, sorted by path.

    An empty list means *data* loads. Paths use the document's own key names (a key the
    format does not have is escaped and shortened). At most `MAX_PROBLEMS` are listed.
    """
    error = _explain(data, cls, converter)
    return [] if error is None else list(error.problems)


# --- the public API --------------------------------------------------------------------


# Overloads, so that a call without *cls* is typed as an `IEP` (not left unsolved).
@overload
def from_dict(data: Any) -> IEP: ...
@overload
def from_dict(data: Any, cls: type[T]) -> T: ...
def from_dict(data: Any, cls: type[T] = IEP) -> T:  # type: ignore[assignment]
    """
    Build a *cls* (an `IEP` by default) from JSON-like data (dicts, lists, strings).

    Raises:
        DocumentError: listing each problem with its path (the first `MAX_PROBLEMS`,
            and how many there are in all).

    >>> from_dict({"frequency": "quarterly"}, ProgressReporting)
    ProgressReporting(frequency='quarterly', method=None)
    """
    try:
        return _structure(data, cls)  # type: ignore[no-any-return]
    except Exception:  # noqa: S110 - explained below, whatever it was
        pass
    try:
        error = _explain(data, cls, None)
    except Exception as failure:
        problem = Problem(path="", message=f"invalid document ({type(failure).__name__})")
        error = DocumentError([problem])
    if error is None:  # pragma: no cover - the fast and detailed converters agree
        error = DocumentError([Problem(path="", message="the document could not be read")])
    raise error from None


def to_dict(obj: Any) -> Any:
    """
    JSON-ready data for *obj*: ``null`` optionals and empty lists are left out.

    >>> to_dict(ProgressReporting(frequency="quarterly"))
    {'frequency': 'quarterly'}
    """
    return _FAST.unstructure(obj)


# The reference parser (`_reading`): UTF-8 only, a byte order mark skipped, no duplicate
# key, nesting and integers bounded; every failure a `DocumentError`.
_parse = _reading.parse


@overload
def from_json(text: str | bytes) -> IEP: ...
@overload
def from_json(text: str | bytes, cls: type[T]) -> T: ...
def from_json(text: str | bytes, cls: type[T] = IEP) -> T:  # type: ignore[assignment]
    """
    Read one document (a plan by default) from JSON text.

    Raises:
        DocumentError: when the text is not JSON or not a valid *cls*.

    >>> from_json('{"frequency": "quarterly"}', ProgressReporting).frequency
    'quarterly'
    """
    if _fastpath.active:
        result = _BACKEND.reader().load(text, cls)
        if result is not _fastpath.MISS:
            return result  # type: ignore[no-any-return]
    return from_dict(_parse(text), cls)


def _reference_json(obj: Any, indent: int | None = None) -> str:
    separators = (",", ":") if indent is None else (",", ": ")
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent, separators=separators)


def to_json_bytes(obj: Any) -> bytes:
    """
    The JSON of *obj* as UTF-8 bytes: `to_json`'s text, without decoding it to `str`.

    For writing to a binary file or a socket: the quickest way to write a plan.

    >>> to_json_bytes(ProgressReporting(frequency="quarterly"))
    b'{"frequency":"quarterly"}'
    """
    if _fastpath.active:
        data = _BACKEND.writer().dumps_bytes(obj)
        if data is not _fastpath.MISS:
            return data  # type: ignore[no-any-return]
    return _reference_json(obj).encode()


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """
    The JSON text of *obj*: keys in a stable order, no ``null`` optionals, no empty lists.

    >>> to_json(ProgressReporting(frequency="quarterly", method="report card"))
    '{"frequency":"quarterly","method":"report card"}'
    """
    if indent is None and _fastpath.active:
        data = _BACKEND.writer().dumps_bytes(obj)
        if data is not _fastpath.MISS:
            return data.decode()  # type: ignore[no-any-return]
    return _reference_json(obj, indent)


@attrs.frozen
class LineError:
    """
    A line of a JSON Lines file that did not load.

    Attributes:
        line: the line number, counting from 1.
        error: what is wrong with it.
    """

    line: int
    error: DocumentError

    def __str__(self) -> str:
        return f"line {self.line}: {self.error}"


Source = str | os.PathLike[str] | IO[str] | IO[bytes] | Iterable[str] | Iterable[bytes]
"""Where JSON Lines come from: a path, an open file, or any iterable of lines."""


def _read_lines(path: str | os.PathLike[str]) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        yield from handle


def _lines(source: Source) -> Iterator[str | bytes]:
    if isinstance(source, (str, os.PathLike)):
        return _read_lines(source)
    return iter(source)


def _at_hand(source: Source) -> bool:
    """
    Whether every line of *source* can be read without waiting.

    That is a regular file (by path or open) or a collection in memory. Only such a
    source is read a batch ahead (`iepmodel._bulk`); a pipe, a socket, a terminal or a
    generator may deliver its lines one by one, and each plan is yielded as soon as its
    line is read.
    """
    if isinstance(source, (io.StringIO, io.BytesIO)) or (
        isinstance(source, Collection) and not isinstance(source, (str, bytes))
    ):
        return True
    try:
        if isinstance(source, (str, os.PathLike)):
            mode = os.stat(source).st_mode
        else:
            fileno = getattr(source, "fileno", None)
            if fileno is None:
                return False
            mode = os.fstat(fileno()).st_mode
    except (OSError, ValueError):  # no such file (reported when read), no descriptor
        return False
    return stat.S_ISREG(mode)


def _blank(line: str | bytes) -> bool:
    """
    Whether *line* holds only JSON's whitespace (space, tab, line feed, carriage return).

    A line of other whitespace (a no-break space, a form feed) is not blank: it is a
    document that is not JSON, whether the line is `str` or `bytes`.
    """
    if isinstance(line, str):
        return not line.strip(" \t\n\r")
    return not line.strip(b" \t\n\r")


@overload
def iter_jsonl(source: Source) -> Iterator[tuple[int, IEP | DocumentError]]: ...
@overload
def iter_jsonl(source: Source, cls: type[T]) -> Iterator[tuple[int, T | DocumentError]]: ...
def iter_jsonl(
    source: Source,
    cls: type[T] = IEP,  # type: ignore[assignment]
) -> Iterator[tuple[int, T | DocumentError]]:
    """
    Stream a JSON Lines source: yield ``(line number, plan or DocumentError)`` per line.

    Blank lines are skipped. Memory stays flat however long the file is. A file on disk
    or a list is read a small batch at a time with the cyclic garbage collector paused
    (see `iepmodel._bulk`), so a bulk load does not spend its time in it; any other
    source (a pipe, standard input, a generator) is read one line at a time, so each
    plan comes as soon as its line does.
    """
    results = _read_jsonl(source, cls)
    return _bulk.paused_batches(results) if _at_hand(source) else results


def _read_jsonl(source: Source, cls: type[T]) -> Iterator[tuple[int, T | DocumentError]]:
    """`iter_jsonl`, one line at a time (no batches)."""
    for number, line in enumerate(_lines(source), start=1):
        if not line or (line.isspace() and _blank(line)):  # no copy of a line of JSON
            continue
        try:
            yield number, from_json(line, cls)
        except DocumentError as error:
            yield number, error


class JsonLinesReader(Iterator[T]):
    """
    An iterator of the documents of a JSON Lines source that keeps the bad lines aside.

    Iterate it to get each valid document; each line that does not load is added to
    `errors` (with its line number) and skipped, so one bad line never loses the rest.
    """

    def __init__(self, source: Source, cls: type[T]) -> None:
        self._results = iter_jsonl(source, cls)
        self.errors: list[LineError] = []

    def __iter__(self) -> JsonLinesReader[T]:
        return self

    def __next__(self) -> T:
        for number, result in self._results:
            if isinstance(result, DocumentError):
                self.errors.append(LineError(number, result))
                continue
            return result
        raise StopIteration


@overload
def load_jsonl(source: Source) -> JsonLinesReader[IEP]: ...
@overload
def load_jsonl(source: Source, cls: type[T]) -> JsonLinesReader[T]: ...
def load_jsonl(source: Source, cls: type[T] = IEP) -> JsonLinesReader[T]:  # type: ignore[assignment]
    """
    Stream the documents of a JSON Lines file (a path, an open file, or lines).

    Returns an iterator; after (or during) iteration its ``errors`` hold each bad line.

    >>> reader = load_jsonl(['{"frequency": "quarterly"}', '{"frequency": 4}'], ProgressReporting)
    >>> [r.frequency for r in reader], [e.line for e in reader.errors]
    (['quarterly'], [2])
    """
    return JsonLinesReader(source, cls)


def _is_binary(target: Any) -> bool:
    """Whether the open file *target* takes bytes (not text)."""
    if isinstance(target, io.TextIOBase):
        return False
    if isinstance(target, (io.RawIOBase, io.BufferedIOBase)):
        return True
    return "b" in getattr(target, "mode", "")


def dump_jsonl(objs: Iterable[Any], target: str | os.PathLike[str] | IO[str] | IO[bytes]) -> int:
    """
    Write each of *objs* as one line of JSON to *target*: a path, a text or binary file.

    A path is written as UTF-8, through a binary file (`to_json_bytes`, no text decoding).
    Returns the number of lines written.
    """
    if isinstance(target, (str, os.PathLike)):
        with open(target, "wb") as handle:
            return dump_jsonl(objs, handle)
    count = 0
    if _is_binary(target):
        binary = cast("IO[bytes]", target)
        for obj in objs:
            binary.write(to_json_bytes(obj) + b"\n")
            count += 1
        return count
    text = cast("IO[str]", target)
    for obj in objs:
        text.write(to_json(obj))
        text.write("\n")
        count += 1
    return count
