"""
The optional fast backend of `iepmodel.serialization` (the ``fast`` extra).

The cattrs converters of `iepmodel.serialization` are the reference: they define what a
valid document is and what every error message says. This module only makes the common
case faster, and says "miss" whenever it is not sure, so that the caller takes the
reference path:

- **Reading** (with ``msgspec``): a document is decoded into a *mirror* of the model made
  of `msgspec.Struct` classes generated from the attrs classes (unknown keys forbidden,
  the same required keys, no coercion, dates only as ``YYYY-MM-DD``), then
  `msgspec.convert` builds the attrs objects in C, which runs their validators and
  ``__attrs_post_init__``. Any failure at all (a type, a key, an invariant, a number
  msgspec will not read) is a miss: the caller reads the text again on the reference
  path, which either loads it (msgspec is stricter in a few corners, such as integers
  beyond 64 bits or a byte order mark) or raises the `DocumentError` with its messages
  and paths. So the fast path can only ever *accept less*, never more.
- **Writing** (with ``orjson``): generated functions turn a plan into dicts holding
  dates, enum members and tuples, which orjson writes natively; the keys, their order
  and what is left out are those of the reference converter. A value orjson would write
  differently from `json.dumps` (a float below 1e-4, an integer beyond 64 bits, a lone
  surrogate) is a miss.

msgspec and orjson are imported on first use, not with `iepmodel`. Set the environment
variable ``IEPMODEL_PURE_PYTHON=1`` (or `active` to `False`, in tests) to use the
reference path only.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from types import ModuleType, NoneType, UnionType
from typing import Any, Final, get_args, get_origin

import attrs

__all__ = ["MISS", "Backend", "FastReader", "FastWriter", "active", "optional_module"]

MISS: Final = object()
"""What a fast function returns when the caller must take the reference path."""

active: bool = os.environ.get("IEPMODEL_PURE_PYTHON", "").strip() in {"", "0"}
"""Whether the fast backend is used at all (``IEPMODEL_PURE_PYTHON=1`` turns it off)."""

_LEAVES: Final[frozenset[type]] = frozenset({str, int, float, bool, dt.date})
# Python's repr (and so `json.dumps`) writes a float below this in exponent form, orjson
# as a decimal fraction: such a plan is written by the reference path.
_SMALLEST_PLAIN_FLOAT: Final = 1e-4
_MAX_DEPTH: Final = 8
_ENUM_LIST_CACHE: Final = 1024


_modules: dict[str, ModuleType | None] = {}


def optional_module(name: str) -> ModuleType | None:
    """The module *name* (``"msgspec"``, ``"orjson"``), or `None` when it is not installed."""
    try:
        return _modules[name]
    except KeyError:
        pass
    try:
        module: ModuleType | None = importlib.import_module(name)
    except ImportError:  # pragma: no cover - depends on the installed extras
        module = None
    _modules[name] = module
    return module


class _UnsupportedError(Exception):
    """The class has a field the fast backend does not mirror; use the reference path."""


def _optional_arg(type_: Any) -> Any:
    """``X`` for ``X | None``, else `None`."""
    if get_origin(type_) in (UnionType, typing.Union):
        args = [arg for arg in get_args(type_) if arg is not NoneType]
        if len(args) == 1 and len(get_args(type_)) == 2:
            return args[0]
    return None


def _tuple_arg(type_: Any) -> Any:
    """``X`` for ``tuple[X, ...]``, else `None`."""
    args = get_args(type_)
    if get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _enum_type(type_: Any) -> type[Enum] | None:
    """*type_* when it is an enumeration, else `None`."""
    if isinstance(type_, type) and issubclass(type_, Enum):
        return type_
    return None


def _is_leaf(type_: Any) -> bool:
    return type_ in _LEAVES or _enum_type(type_) is not None


# --- reading --------------------------------------------------------------------------


class FastReader:
    """
    Decodes JSON text into the model's attrs classes with msgspec, as strictly as cattrs.

    A document it is not sure of is left to the reference converter (`MISS`).

    Args:
        msgspec: the msgspec module.
        wire_required: per class, the keys a document must carry although the model has
            a default for them (`iepmodel.serialization.WIRE_REQUIRED`).
    """

    def __init__(self, msgspec: ModuleType, wire_required: Mapping[type, tuple[str, ...]]) -> None:
        self._msgspec = msgspec
        self._wire_required = wire_required
        self._mirrors: dict[type, Any] = {}
        self._decoders: dict[type, Callable[[str | bytes], Any] | None] = {}

    def _mirror(self, cls: type) -> Any:
        mirror = self._mirrors.get(cls)
        if mirror is not None:
            return mirror
        msgspec = self._msgspec
        hints = typing.get_type_hints(cls)
        wire_required = self._wire_required.get(cls, ())
        required: list[tuple[str, Any]] = []
        optional: list[tuple[str, Any, Any]] = []
        for field in attrs.fields(cls):
            if not field.init or field.alias != field.name:
                raise _UnsupportedError(cls)
            type_ = self._mirror_type(hints[field.name])
            default = field.default
            if default is attrs.NOTHING or field.name in wire_required:
                required.append((field.name, type_))
            elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                raise _UnsupportedError(cls)
            else:
                optional.append((field.name, type_, default))
        mirror = msgspec.defstruct(
            f"_Read{cls.__name__}",
            [*required, *optional],
            kw_only=True,
            forbid_unknown_fields=True,
            gc=False,
        )
        self._mirrors[cls] = mirror
        return mirror

    def _mirror_type(self, type_: Any) -> Any:
        if _is_leaf(type_):
            return type_
        if attrs.has(type_):
            return self._mirror(type_)
        element = _tuple_arg(type_)
        if element is not None:
            return tuple[self._mirror_type(element), ...]  # type: ignore[misc]
        inner = _optional_arg(type_)
        if inner is not None:
            return self._mirror_type(inner) | None
        raise _UnsupportedError(type_)

    def decoder(self, cls: type) -> Callable[[str | bytes], Any] | None:
        """The fast decoder of *cls*, or `None` when *cls* is not mirrored."""
        try:
            return self._decoders[cls]
        except KeyError:
            pass
        except TypeError:  # an unhashable type form: not a class of the model
            return None
        decode: Callable[[str | bytes], Any] | None = None
        if attrs.has(cls):
            try:
                decode = self._make_decoder(cls)
            except (_UnsupportedError, TypeError, NotImplementedError, NameError):
                decode = None
        self._decoders[cls] = decode
        return decode

    def _make_decoder(self, cls: type) -> Callable[[str | bytes], Any]:
        msgspec = self._msgspec
        mirror_decode = msgspec.json.Decoder(self._mirror(cls)).decode
        convert = msgspec.convert

        def decode(text: str | bytes) -> Any:
            return convert(mirror_decode(text), cls, from_attributes=True)

        # msgspec builds (and caches on the class) its view of the attrs class on first
        # use: do it now rather than in the first document's time.
        msgspec.convert(None, cls | None)
        return decode

    def load(self, text: str | bytes, cls: type) -> Any:
        """A *cls* read from *text*, or `MISS` when the reference path must read it."""
        decode = self.decoder(cls)
        if decode is None:
            return MISS
        try:
            return decode(text)
        except Exception:
            return MISS


# --- writing --------------------------------------------------------------------------


class _UnwritableError(Exception):
    """A value the fast writer would not write exactly as the reference does."""


def _check_float(value: float) -> float:
    if value != 0 and -_SMALLEST_PLAIN_FLOAT < value < _SMALLEST_PLAIN_FLOAT:
        raise _UnwritableError
    return value


class FastWriter:
    """
    Writes model objects as JSON text with orjson, byte for byte as the reference does.

    Args:
        orjson: the orjson module.
        omit: for a class, the fields left out when they hold their default (`None`
            or an empty list), as the reference converter does.
    """

    def __init__(self, orjson: ModuleType, omit: Callable[[type], frozenset[str]]) -> None:
        self._dumps: Callable[[Any], bytes] = orjson.dumps
        self._omit = omit
        self._functions: dict[type, Callable[[Any], dict[str, Any]] | None] = {}

    def _function(self, cls: type) -> Callable[[Any], dict[str, Any]]:
        known = self._functions.get(cls)
        if known is not None:
            return known
        namespace: dict[str, Any] = {"_check_float": _check_float}
        lines = ["def unstructure(o0):"]
        result = self._block(cls, 0, lines, "    ", namespace)
        lines.append(f"    return {result}")
        source = "\n".join(lines) + "\n"
        exec(compile(source, f"<iepmodel fast writer {cls.__name__}>", "exec"), namespace)  # noqa: S102
        function: Callable[[Any], dict[str, Any]] = namespace["unstructure"]
        self._functions[cls] = function
        return function

    def _block(
        self, cls: type, depth: int, lines: list[str], indent: str, namespace: dict[str, Any]
    ) -> str:
        """
        Append the statements that turn ``o{depth}`` (a *cls*) into a dict; its name.

        Nested objects are built inline, without a call per object: that is most of the
        cost of writing in pure Python.
        """
        if depth > _MAX_DEPTH:
            raise _UnsupportedError(cls)
        hints = typing.get_type_hints(cls)
        omit = self._omit(cls)
        obj, res, var = f"o{depth}", f"r{depth}", f"v{depth}"
        always: list[str] = []
        for field in attrs.fields(cls):
            name = field.name
            if name in omit:
                continue
            emitted = len(lines)
            value = self._value(
                hints[name],
                f"{obj}.{name}",
                depth=depth,
                lines=lines,
                indent=indent,
                namespace=namespace,
            )
            if len(lines) > emitted:  # built by statements: keep it from the next sibling's
                lines.append(f"{indent}a{depth}_{name} = {value}")
                value = f"a{depth}_{name}"
            always.append(f"{name!r}: {value}")
        lines.append(f"{indent}{res} = {{{', '.join(always)}}}")
        for field in attrs.fields(cls):
            name = field.name
            if name not in omit:
                continue
            test = f"{var} is not None" if field.default is None else f"{var} != ()"
            lines.append(f"{indent}{var} = {obj}.{name}")
            lines.append(f"{indent}if {test}:")
            type_ = hints[name]
            inner = _optional_arg(type_) if field.default is None else None
            value = self._value(
                inner if inner is not None else type_,
                var,
                depth=depth,
                lines=lines,
                indent=indent + "    ",
                namespace=namespace,
            )
            lines.append(f"{indent}    {res}[{name!r}] = {value}")
        return res

    def _value(
        self,
        type_: Any,
        expr: str,
        *,
        depth: int,
        lines: list[str],
        indent: str,
        namespace: dict[str, Any],
    ) -> str:
        """An expression for the JSON value of *expr*; statements it needs go to *lines*."""
        # Enum members become their values here, by a dict lookup: orjson would read each
        # member's ``value`` property, which costs more than the rest of the member.
        if type_ is float:
            return f"_check_float({expr})"
        enum = _enum_type(type_)
        if enum is not None:
            return f"{self._enum_values(enum, namespace)}[{expr}]"
        if _is_leaf(type_):
            return expr
        child = depth + 1
        if attrs.has(type_):
            lines.append(f"{indent}o{child} = {expr}")
            return self._block(type_, child, lines, indent, namespace)
        element = _tuple_arg(type_)
        if element is not None:
            enum = _enum_type(element)
            if enum is not None:
                cache, make = self._enum_lists(enum, namespace)
                return f"({cache}.get({expr}) or {make}({expr}))"
            if _is_leaf(element) and element is not float:
                return expr
            if element is float:
                return f"[_check_float(x) for x in {expr}]"
            if attrs.has(element):
                items = f"l{child}"
                lines.append(f"{indent}{items} = []")
                lines.append(f"{indent}for o{child} in {expr}:")
                built = self._block(element, child, lines, indent + "    ", namespace)
                lines.append(f"{indent}    {items}.append({built})")
                return items
            raise _UnsupportedError(type_)
        inner = _optional_arg(type_)
        if inner is not None:
            if _is_leaf(inner) and inner is not float and _enum_type(inner) is None:
                return expr
            name = f"w{child}"
            lines.append(f"{indent}{name} = {expr}")
            lines.append(f"{indent}if {name} is not None:")
            value = self._value(
                inner,
                name,
                depth=depth,
                lines=lines,
                indent=indent + "    ",
                namespace=namespace,
            )
            lines.append(f"{indent}    {name} = {value}")
            return name
        raise _UnsupportedError(type_)

    @staticmethod
    def _enum_values(enum: type[Enum], namespace: dict[str, Any]) -> str:
        key = f"_values_{enum.__name__}"
        namespace[key] = {member: member.value for member in enum}
        return key

    def _enum_lists(self, cls: type[Enum], namespace: dict[str, Any]) -> tuple[str, str]:
        """
        Names of a cache of value lists by tuple of members, and of a function filling it.

        A list of a few members costs several times more to build than to look up, and
        plans repeat the same few combinations (``["parent"]``, ``["instruction"]``).
        The built dicts are only ever read by orjson, so the lists can be shared.
        """
        values: dict[Enum, Any] = namespace[self._enum_values(cls, namespace)]
        cache: dict[tuple[Enum, ...], list[Any]] = {}
        get = values.__getitem__

        def make(members: tuple[Enum, ...]) -> list[Any]:
            items = list(map(get, members))
            if len(cache) < _ENUM_LIST_CACHE:
                cache[members] = items
            return items

        namespace[f"_lists_{cls.__name__}"] = cache
        namespace[f"_make_{cls.__name__}"] = make
        return f"_lists_{cls.__name__}", f"_make_{cls.__name__}"

    def writer(self, cls: type) -> Callable[[Any], dict[str, Any]] | None:
        """The generated dict builder of *cls*, or `None` when it is not supported."""
        if not attrs.has(cls):
            return None
        if cls not in self._functions or self._functions[cls] is None:
            try:
                return self._function(cls)
            except (_UnsupportedError, TypeError, NameError):
                self._functions[cls] = None
                return None
        return self._functions[cls]

    def dumps(self, obj: Any) -> Any:
        """The JSON text of *obj*, or `MISS` when the reference path must write it."""
        kind = obj.__class__  # `type(obj)`, without an unknown type for the checkers
        build = self._functions.get(kind) or self.writer(kind)
        if build is None:
            return MISS
        try:
            return self._dumps(build(obj)).decode()
        except Exception:
            return MISS


_UNSET: Final = object()


class Backend:
    """
    The fast backend of one set of wire rules, made on first use.

    So importing `iepmodel` imports neither msgspec nor orjson.

    Args:
        wire_required: per class, the keys a document must carry although the model has
            a default for them.
        omit: for a class, the fields the writer leaves out when they hold their default.
    """

    def __init__(
        self,
        wire_required: Mapping[type, tuple[str, ...]],
        omit: Callable[[type], frozenset[str]],
    ) -> None:
        self._wire_required = wire_required
        self._omit = omit
        self._reader: Any = _UNSET
        self._writer: Any = _UNSET
        self._loads: Any = _UNSET

    def reader(self) -> FastReader | None:
        """The msgspec reader, or `None` without msgspec."""
        if self._reader is _UNSET:
            msgspec = optional_module("msgspec")
            self._reader = None if msgspec is None else FastReader(msgspec, self._wire_required)
        return self._reader  # type: ignore[no-any-return]

    def writer(self) -> FastWriter | None:
        """The orjson writer, or `None` without orjson."""
        if self._writer is _UNSET:
            orjson = optional_module("orjson")
            self._writer = None if orjson is None else FastWriter(orjson, self._omit)
        return self._writer  # type: ignore[no-any-return]

    def loads(self) -> Callable[[str | bytes], Any] | None:
        """``orjson.loads``, or `None` without orjson."""
        if self._loads is _UNSET:
            orjson = optional_module("orjson")
            self._loads = None if orjson is None else orjson.loads
        return self._loads  # type: ignore[no-any-return]
