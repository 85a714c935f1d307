"""
The optional fast backend of `iepmodel.serialization` (the ``fast`` extra).

The cattrs converters of `iepmodel.serialization` are the reference: they define what a
valid document is and what every error message says. This module only makes the common
case faster, and says "miss" whenever it is not sure, so that the caller takes the
reference path:

- **Reading** (with ``msgspec``): a document is decoded into a *mirror* of the model made
  of `msgspec.Struct` classes generated from the attrs classes (unknown keys forbidden,
  the same required keys, no coercion, dates only as ``YYYY-MM-DD``, and each field's
  constraint from its metadata as a `msgspec.Meta` constraint or a `typing.Literal`, see
  `iepmodel._invariants`), then `msgspec.convert` builds the attrs objects in C. That
  skips ``__init__`` and so the Python checks of the field constraints, which the mirror
  has enforced already; it runs ``__attrs_post_init__`` (the relations between fields)
  and any attrs validator. Any failure at all (a type, a key, an invariant, a number
  msgspec will not read) is a miss: the caller reads the text again on the reference
  path, which either loads it (msgspec is stricter in a few corners, such as integers
  beyond 64 bits or a byte order mark) or raises the `DocumentError` with its messages
  and paths. So the fast path can only ever *accept less*, never more.
- **Writing**: with the compiled encoder (`iepmodel._speedups`, built with the wheel
  when a C compiler is there, see ``hatch_build.py``), `CWriter` describes each class
  (its fields in the reference's order, their keys, slots, omissions and kinds) and the
  encoder writes the JSON straight from the objects; any value not exactly of the
  described type (a subclass, a string in a date field, NaN, a lone surrogate) is a
  miss. Without it (with ``msgspec``, else ``orjson``): a generated function per class
  copies an object into *write mirrors* (`msgspec.Struct` classes with the fields in
  the order the reference writes them and ``omit_defaults``) that msgspec encodes;
  without msgspec, it builds dicts that orjson encodes. Dates, enumeration members and
  tuples go to the encoder as they are; the keys, their order and what is left out are
  those of the reference converter. A value the encoder would write differently from
  `json.dumps` (a float below 1e-4 or from 1e16, NaN, a lone surrogate) is a miss.

A field of free JSON (``IEP.extensions``, typed ``Mapping[str, Any]``) is read by the
mirror as any JSON object (the model's ``__attrs_post_init__`` checks its bounds). The
writers leave a plan whose free JSON is present to the reference path, which writes it
exactly as `json.dumps` does; when it is absent (nearly always), they write the plan.

msgspec, orjson and the compiled encoder are imported on first use, not with
`iepmodel`. Set the environment variable ``IEPMODEL_PURE_PYTHON=1`` (or `active` to
`False`, in tests) to use the reference path only.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import importlib
import os
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from types import ModuleType, NoneType, UnionType
from typing import Annotated, Any, Final, Literal, get_args, get_origin

import attrs

from . import _invariants

__all__ = [
    "MISS",
    "Backend",
    "CWriter",
    "DictWriter",
    "FastReader",
    "StructWriter",
    "active",
    "compiled_speedups",
    "optional_module",
]

MISS: Final = object()
"""What a fast function returns when the caller must take the reference path."""

active: bool = os.environ.get("IEPMODEL_PURE_PYTHON", "").strip() in {"", "0"}
"""Whether the fast backend is used at all (``IEPMODEL_PURE_PYTHON=1`` turns it off)."""

_LEAVES: Final[frozenset[type]] = frozenset({str, int, float, bool, dt.date})
# The floats orjson and msgspec write as Python's repr (and so `json.dumps`) does: zero,
# and from 1e-4 up to 1e16 (see `_check_float`). A plan with another is written by the
# reference path.
_SMALLEST_PLAIN_FLOAT: Final = 1e-4
_LARGEST_PLAIN_FLOAT: Final = 1e16
_MAX_DEPTH: Final = 8


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


def compiled_speedups() -> ModuleType | None:
    """
    `iepmodel._speedups` (the compiled encoder), or `None` when it was not built.

    The wheel build compiles it when a C compiler is there (see ``hatch_build.py``); a
    module built for another description format than this one's is not used.
    """
    module = optional_module("iepmodel._speedups")
    if module is None or getattr(module, "FORMAT", None) != _C_FORMAT:
        return None  # pragma: no cover - depends on how the package was built
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


def _is_json(type_: Any) -> bool:
    """Whether *type_* is free JSON: ``Mapping[str, Any]`` (``IEP.extensions``)."""
    return get_origin(type_) is collections.abc.Mapping


def _reference_only(value: Any) -> Any:
    """`None` for an absent free-JSON value; a present one is written by the reference."""
    if value is None:
        return None
    raise _UnwritableError


# --- reading --------------------------------------------------------------------------


class FastReader:
    """
    Decodes JSON text into the model's attrs classes with msgspec, as strictly as cattrs.

    A document it is not sure of is left to the reference converter (`MISS`). The mirror
    of a class enforces the constraint each field declares (`iepmodel._invariants`): that
    is what the class's ``__init__`` checks, and `msgspec.convert` does not call it. A
    constraint the mirror cannot express leaves the class to the reference path.

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
            type_ = self._constrained(
                self._mirror_type(hints[field.name]), _invariants.keywords(field)
            )
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

    # JSON Schema keywords, as `msgspec.Meta` constraints.
    _META: Final = {
        "exclusiveMinimum": "gt",
        "minimum": "ge",
        "maximum": "le",
        "minLength": "min_length",
        "minItems": "min_length",
    }

    def _constrained(self, type_: Any, keywords: Mapping[str, Any]) -> Any:
        """*type_* (a mirror type, maybe ``X | None``) holding to a field's constraint."""
        if not keywords:
            return type_
        inner = _optional_arg(type_)
        base = type_ if inner is None else inner
        if set(keywords) == {"enum"}:
            values = tuple(keywords["enum"])
            if not all(type(value) in (str, int) for value in values):
                raise _UnsupportedError(type_)
            constrained: Any = Literal[values]  # a Literal of those values, no coercion
        elif all(key in self._META for key in keywords):
            meta = self._msgspec.Meta(**{self._META[key]: keywords[key] for key in keywords})
            constrained = Annotated[base, meta]
        else:
            raise _UnsupportedError(type_)
        return constrained if inner is None else constrained | None

    def _mirror_type(self, type_: Any) -> Any:
        if _is_leaf(type_):
            return type_
        if _is_json(type_):
            return dict[str, Any]  # any JSON object; the model checks its bounds
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
    """
    *value*, if orjson and msgspec write it as `json.dumps` does; else `_UnwritableError`.

    `json.dumps` writes a float below 1e-4 in exponent form (``5e-05``), orjson and msgspec
    as a decimal fraction; from 1e16 msgspec leaves out the exponent's sign (``1e16``);
    NaN and the infinities are ``NaN`` and ``Infinity`` to `json.dumps`, ``null`` or an
    error to the others. Such a plan is written by the reference path.
    """
    if value == 0 or _SMALLEST_PLAIN_FLOAT <= abs(value) < _LARGEST_PLAIN_FLOAT:
        return value
    raise _UnwritableError


class _Writer:
    """
    What the two fast writers share: a generated function per class, made on first use.

    Each writes the keys, in the order and with the omissions of the reference converter:
    first the fields always written, in field order, then each field that is left out
    when it holds its default (`None` or an empty list) unless it holds something else.
    Dates, enumeration members, tuples and strings go to the encoder as they are: it
    writes each as `json.dumps` writes the reference converter's output.

    Args:
        omit: for a class, the fields left out when they hold their default (`None`
            or an empty list), as the reference converter does.
    """

    def __init__(self, omit: Callable[[type], frozenset[str]]) -> None:
        self._omit = omit
        self._functions: dict[type, Callable[[Any], bytes] | None] = {}

    def _function(self, cls: type) -> Callable[[Any], bytes]:
        raise NotImplementedError

    @staticmethod
    def _compile(source: str, cls: type, namespace: dict[str, Any]) -> Callable[[Any], bytes]:
        code = compile(source, f"<iepmodel fast writer {cls.__name__}>", "exec")
        exec(code, namespace)  # noqa: S102 - generated from the model's own classes
        function: Callable[[Any], bytes] = namespace["write"]
        return function

    def writer(self, cls: type) -> Callable[[Any], bytes] | None:
        """The generated writer of *cls* (an object to JSON bytes), `None` if unsupported."""
        try:
            return self._functions[cls]
        except KeyError:
            pass
        function: Callable[[Any], bytes] | None = None
        if attrs.has(cls):
            try:
                function = self._function(cls)
            except (_UnsupportedError, TypeError, NameError, ValueError):
                function = None
        if function is None:
            function = self._otherwise(cls)
        self._functions[cls] = function
        return function

    def _otherwise(self, cls: type) -> Callable[[Any], bytes] | None:
        """The writer of a class this writer cannot write (`None`: the reference's)."""
        return None

    def dumps_bytes(self, obj: Any) -> Any:
        """The JSON of *obj* as UTF-8 bytes, or `MISS` when the reference must write it."""
        cls = obj.__class__  # `type(obj)`, without an unknown type
        try:
            write = self._functions[cls]  # without a call, once made
        except KeyError:
            write = self.writer(cls)
        if write is None:
            return MISS
        try:
            return write(obj)
        except Exception:
            return MISS

    def dumps(self, obj: Any) -> Any:
        """The JSON text of *obj*, or `MISS` when the reference path must write it."""
        data = self.dumps_bytes(obj)
        return data if data is MISS else data.decode()


class StructWriter(_Writer):
    """
    Writes model objects as JSON with msgspec, byte for byte as the reference does.

    For each class written, a *write mirror* is generated: a `msgspec.Struct` with the
    class's fields in the order the reference writes them and ``omit_defaults``, the
    fields the reference may leave out having their default (`None`, ``()``), the others
    none. The generated function of a class copies an object into write mirrors, built
    with positional arguments and no test per optional field (msgspec leaves out a field
    that holds its default), with plain loops for lists (a comprehension costs a function
    call, and a nested one a new function, each time), and encodes the result.

    Args:
        msgspec: the msgspec module.
        omit: for a class, the fields left out when they hold their default.
    """

    def __init__(self, msgspec: ModuleType, omit: Callable[[type], frozenset[str]]) -> None:
        super().__init__(omit)
        self._msgspec = msgspec
        self._encode: Callable[[Any], bytes] = msgspec.json.Encoder().encode
        self._mirrors: dict[type, tuple[Any, tuple[attrs.Attribute[Any], ...]]] = {}

    def _mirror(self, cls: type) -> tuple[Any, tuple[attrs.Attribute[Any], ...]]:
        """The write mirror of *cls* and the fields in its order."""
        known = self._mirrors.get(cls)
        if known is not None:
            return known
        omit = self._omit(cls)
        always = [field for field in attrs.fields(cls) if field.name not in omit]
        omitted = [field for field in attrs.fields(cls) if field.name in omit]
        mirror = self._msgspec.defstruct(
            f"_Write{cls.__name__}",
            [(field.name, object) for field in always]
            + [(field.name, object, field.default) for field in omitted],
            omit_defaults=True,
            gc=False,
        )
        known = (mirror, (*always, *omitted))
        self._mirrors[cls] = known
        return known

    def _function(self, cls: type) -> Callable[[Any], bytes]:
        namespace: dict[str, Any] = {
            "_check_float": _check_float,
            "_encode": self._encode,
            "_reference_only": _reference_only,
        }
        lines = ["def write(o0):"]
        built = self._object(cls, "o0", depth=0, lines=lines, indent="    ", namespace=namespace)
        lines.append(f"    return _encode({built})")
        return self._compile("\n".join(lines) + "\n", cls, namespace)

    def _object(
        self,
        cls: type,
        name: str,
        *,
        depth: int,
        lines: list[str],
        indent: str,
        namespace: dict[str, Any],
    ) -> str:
        """An expression building the write mirror of the *cls* named *name*."""
        if depth > _MAX_DEPTH:
            raise _UnsupportedError(cls)
        mirror, fields = self._mirror(cls)
        namespace[f"_Write{cls.__name__}"] = mirror
        hints = typing.get_type_hints(cls)
        values = [
            self._value(
                hints[field.name],
                f"{name}.{field.name}",
                depth=depth,
                lines=lines,
                indent=indent,
                namespace=namespace,
            )
            for field in fields
        ]
        return f"_Write{cls.__name__}({', '.join(values)})"

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
        """
        An expression for the value to encode for *expr*, of the model type *type_*.

        Statements it needs (nested objects, lists) go to *lines* first, at *indent*.
        """
        if type_ is float:
            return f"_check_float({expr})"
        if _is_leaf(type_):
            return expr  # strings, numbers, dates, enumeration members: as they are
        if _is_json(type_):
            return f"_reference_only({expr})"
        child = depth + 1
        name = f"v{child}_{len(lines)}"  # unique in the function
        if attrs.has(type_):
            lines.append(f"{indent}{name} = {expr}")
            return self._object(
                type_, name, depth=child, lines=lines, indent=indent, namespace=namespace
            )
        element = _tuple_arg(type_)
        if element is not None:
            if _is_leaf(element) and element is not float:
                return expr  # a tuple of strings, dates or members: as it is
            if element is not float and not attrs.has(element):
                raise _UnsupportedError(type_)
            # An empty tuple stays the empty tuple: the default, left out.
            items, item = f"l{child}_{len(lines)}", f"e{child}"
            lines.append(f"{indent}{name} = {expr}")
            lines.append(f"{indent}if {name}:")
            lines.append(f"{indent}    {items} = []")
            lines.append(f"{indent}    for {item} in {name}:")
            inside = indent + "        "
            if element is float:
                each = f"_check_float({item})"
            else:
                each = self._object(
                    element, item, depth=child, lines=lines, indent=inside, namespace=namespace
                )
            lines.append(f"{inside}{items}.append({each})")
            lines.append(f"{indent}    {name} = {items}")
            return name
        inner = _optional_arg(type_)
        if inner is not None:
            if _is_leaf(inner) and inner is not float:
                return expr  # `None` is the default: left out
            lines.append(f"{indent}{name} = {expr}")
            lines.append(f"{indent}if {name} is not None:")
            if attrs.has(inner):
                value = self._object(
                    inner,
                    name,
                    depth=child,
                    lines=lines,
                    indent=indent + "    ",
                    namespace=namespace,
                )
            else:
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


class DictWriter(_Writer):
    """
    Writes model objects as JSON with orjson (when msgspec is missing), as the reference.

    The generated function of a class builds the dict of an object (nested objects inline,
    without a call per object), a test per field that may be left out, and hands it to
    ``orjson.dumps``.

    Args:
        orjson: the orjson module.
        omit: for a class, the fields left out when they hold their default.
    """

    def __init__(self, orjson: ModuleType, omit: Callable[[type], frozenset[str]]) -> None:
        super().__init__(omit)
        self._dumps: Callable[[Any], bytes] = orjson.dumps

    def _function(self, cls: type) -> Callable[[Any], bytes]:
        namespace: dict[str, Any] = {
            "_check_float": _check_float,
            "_dumps": self._dumps,
            "_reference_only": _reference_only,
        }
        lines = ["def write(o0):"]
        result = self._block(cls, 0, lines, "    ", namespace)
        lines.append(f"    return _dumps({result})")
        return self._compile("\n".join(lines) + "\n", cls, namespace)

    def _block(
        self, cls: type, depth: int, lines: list[str], indent: str, namespace: dict[str, Any]
    ) -> str:
        """Append the statements that turn ``o{depth}`` (a *cls*) into a dict; its name."""
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
        if type_ is float:
            return f"_check_float({expr})"
        if _is_leaf(type_):
            return expr
        if _is_json(type_):
            return f"_reference_only({expr})"
        child = depth + 1
        if attrs.has(type_):
            lines.append(f"{indent}o{child} = {expr}")
            return self._block(type_, child, lines, indent, namespace)
        element = _tuple_arg(type_)
        if element is not None:
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
            if _is_leaf(inner) and inner is not float:
                return expr
            name = f"w{child}"
            lines.append(f"{indent}{name} = {expr}")
            lines.append(f"{indent}if {name} is not None:")
            value = self._value(
                inner, name, depth=depth, lines=lines, indent=indent + "    ", namespace=namespace
            )
            lines.append(f"{indent}    {name} = {value}")
            return name
        raise _UnsupportedError(type_)


# The kinds of value and omissions of `iepmodel._speedups` (its C source names them).
_C_LEAVES: Final[dict[Any, int]] = {str: 0, dt.date: 2, int: 3, bool: 4, float: 5}
_C_ENUM: Final = 1
_C_OBJECT: Final = 6
_C_TUPLE: Final = 7
_C_OMIT_NEVER: Final = 0
_C_OMIT_NONE: Final = 1
_C_OMIT_EMPTY: Final = 2
_C_FORMAT: Final = 1  # the description format this module builds


class CWriter(_Writer):
    """
    Writes model objects with the compiled encoder (`iepmodel._speedups`), when built.

    For each class written, a *description* is made from the model: each field in the
    order the reference writes it (the fields always written, then those left out when
    they hold their default), its key, its slot, when it is left out and what kind of
    value it holds. The encoder writes the JSON straight from the objects, as the
    reference writer does (``json.dumps(ensure_ascii=False)`` of cattrs's dicts), and
    raises on any value that is not exactly of the described type (a subclass, a string
    in a date field, NaN): that object is then written by the reference path.

    A class the encoder cannot describe (a field of a type it does not know) is written
    by *fallback*, the msgspec or orjson writer, when there is one.

    Args:
        speedups: the compiled module.
        omit: for a class, the fields left out when they hold their default.
        fallback: the writer for what cannot be described, or `None`.
    """

    def __init__(
        self,
        speedups: ModuleType,
        omit: Callable[[type], frozenset[str]],
        fallback: StructWriter | DictWriter | None,
    ) -> None:
        super().__init__(omit)
        self._encoder: Callable[[Any], Callable[[Any], bytes]] = speedups.Encoder
        self._fallback = fallback

    def _function(self, cls: type) -> Callable[[Any], bytes]:
        hints = typing.get_type_hints(cls)
        free = tuple(
            field.name
            for field in attrs.fields(cls)
            if _is_json(_optional_arg(hints[field.name]) or hints[field.name])
        )
        encode = self._encoder(self._description(cls, depth=0, leave_out=free))
        if not free:
            return encode
        # The encoder does not write free JSON: it writes a plan without it (left out
        # when absent, as the reference does), and leaves one with it to the reference.
        (name,) = free  # one such field (`IEP.extensions`), the class's last
        if attrs.fields(cls)[-1].name != name:
            raise _UnsupportedError(cls)
        slot = cls.__dict__[name].__get__

        def write(obj: Any) -> bytes:
            if slot(obj) is not None:
                raise _UnwritableError
            return encode(obj)

        return write

    def _otherwise(self, cls: type) -> Callable[[Any], bytes] | None:
        return None if self._fallback is None else self._fallback.writer(cls)

    def _description(
        self, cls: type, *, depth: int, leave_out: tuple[str, ...] = ()
    ) -> tuple[Any, ...]:
        if depth > _MAX_DEPTH:
            raise _UnsupportedError(cls)
        omit = self._omit(cls)
        hints = typing.get_type_hints(cls)
        fields = [field for field in attrs.fields(cls) if field.name not in leave_out]
        ordered = [f for f in fields if f.name not in omit] + [f for f in fields if f.name in omit]
        described: list[tuple[Any, ...]] = []
        for field in ordered:
            type_ = hints[field.name]
            inner = _optional_arg(type_)
            if field.name not in omit:
                omission = _C_OMIT_NEVER
            else:
                omission = _C_OMIT_NONE if field.default is None else _C_OMIT_EMPTY
            described.append(
                (
                    f'"{field.name}":'.encode(),  # attrs names are identifiers: no escaping
                    field.name,
                    cls.__dict__.get(field.name),  # the slot's descriptor: read in place
                    omission,
                    inner is not None,
                    self._kind(inner if inner is not None else type_, depth=depth),
                )
            )
        return (cls, tuple(described))

    def _kind(self, type_: Any, *, depth: int, item: bool = False) -> tuple[int, Any]:
        leaf = _C_LEAVES.get(type_)
        if leaf is not None:
            return (leaf, None)
        enum = _enum_type(type_)
        if enum is not None:
            # The encoder writes a member's text, which is its value only for str
            # enumerations whose every value is the member's own text.
            if not issubclass(enum, str) or any(str.__str__(m) != m.value for m in enum):
                raise _UnsupportedError(type_)
            return (_C_ENUM, enum)
        if attrs.has(type_):
            return (_C_OBJECT, self._description(type_, depth=depth + 1))
        element = _tuple_arg(type_)
        if element is not None and not item:
            return (_C_TUPLE, self._kind(element, depth=depth, item=True))
        raise _UnsupportedError(type_)


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

    def writer(self) -> CWriter | StructWriter | DictWriter | None:
        """
        The writer: the compiled encoder when it was built, else msgspec's, else orjson's.

        The compiled encoder falls back to the next for a class it cannot describe;
        `None` without any of them.
        """
        writer = self._writer
        if writer is _UNSET:
            msgspec = optional_module("msgspec")
            orjson = optional_module("orjson")
            fallback: StructWriter | DictWriter | None
            if msgspec is not None:
                fallback = StructWriter(msgspec, self._omit)
            elif orjson is not None:  # pragma: no cover - depends on the installed extras
                fallback = DictWriter(orjson, self._omit)
            else:  # pragma: no cover - depends on the installed extras
                fallback = None
            speedups = compiled_speedups()
            writer = fallback if speedups is None else CWriter(speedups, self._omit, fallback)
            self._writer = writer
        return writer  # type: ignore[no-any-return]

    def loads(self) -> Callable[[str | bytes], Any] | None:
        """``orjson.loads``, or `None` without orjson."""
        if self._loads is _UNSET:
            orjson = optional_module("orjson")
            self._loads = None if orjson is None else orjson.loads
        return self._loads  # type: ignore[no-any-return]
