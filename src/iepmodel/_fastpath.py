"""
The fast reader and writer of `iepmodel.serialization`, with msgspec.

The cattrs converters of `iepmodel.serialization` are the reference: they define what a
valid document is and what every error message says. This module only makes the common
case fast, and says "miss" whenever it is not sure, so that the caller takes the
reference path. Both sides are derived from the one description of the wire form,
`iepmodel._wire.describe` (keys, write order, what is left out, what must be carried):

- **Reading**: a document is decoded into a *mirror* of the model made of
  `msgspec.Struct` classes generated from the description (unknown keys forbidden, the
  same required keys, no coercion, dates only as ``YYYY-MM-DD``, and each field's
  constraint from its metadata as a `msgspec.Meta` constraint or a `typing.Literal`, see
  `iepmodel._invariants`), then `msgspec.convert` builds the attrs objects in C. That
  skips ``__init__`` and so the Python checks of the fields, which the mirror has
  enforced already; it runs ``__attrs_post_init__`` (the relations between fields) and
  any attrs validator. Any failure at all (a type, a key, an invariant, a number msgspec
  will not read) is a miss: the caller reads the text again on the reference path, which
  either loads it (msgspec is stricter in a few corners, such as integers beyond 64 bits
  or a byte order mark) or raises the `DocumentError` with its messages and paths. So the
  fast path can only ever *accept less*, never more.
- **Writing**: a generated function per class copies an object into *write mirrors*
  (`msgspec.Struct` classes with the fields in write order and ``omit_defaults``) that
  msgspec encodes. Dates, enumeration members and tuples go to the encoder as they are.
  A value msgspec would write differently from `json.dumps` (a float below 1e-4 or from
  1e16, NaN, a lone surrogate) is a miss, and the plan is written by the reference path:
  the output is the same bytes either way.

A field of free JSON (``IEP.extensions``, typed ``Mapping[str, Any]``) is read by the
mirror as any JSON object (the model's ``__attrs_post_init__`` checks its bounds). The
writer leaves a plan whose free JSON is present to the reference path, which writes it
exactly as `json.dumps` does; when it is absent (nearly always), it writes the plan.

msgspec is a dependency of iepmodel; it is imported on first use, not with `iepmodel`.
Set the environment variable ``IEPMODEL_PURE_PYTHON=1`` (or `active` to `False`, in
tests) to use the reference path only.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import os
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from types import ModuleType, NoneType, UnionType
from typing import Annotated, Any, Final, Literal, get_args, get_origin

import attrs

from . import _invariants, _reading
from ._wire import OMIT_NEVER, Wire, describe

__all__ = [
    "MISS",
    "Backend",
    "FastReader",
    "StructWriter",
    "active",
]

MISS: Final = object()
"""What a fast function returns when the caller must take the reference path."""

active: bool = os.environ.get("IEPMODEL_PURE_PYTHON", "").strip() in {"", "0"}
"""Whether the fast reader and writer are used at all (``IEPMODEL_PURE_PYTHON=1``: no)."""

_LEAVES: Final[frozenset[type]] = frozenset({str, int, float, bool, dt.date})
# The floats msgspec writes as Python's repr (and so `json.dumps`) does: zero, and from
# 1e-4 up to 1e16 (see `_check_float`). A plan with another is written by the reference.
_SMALLEST_PLAIN_FLOAT: Final = 1e-4
_LARGEST_PLAIN_FLOAT: Final = 1e16
_MAX_DEPTH: Final = 8


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


def _meta_value(keyword: str, value: Any) -> Any:
    """A constraint's value for `msgspec.Meta`, which searches a pattern: anchor it whole."""
    return f"^(?:{value})\\Z" if keyword == "pattern" else value


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
        describe: the wire form of a class (`iepmodel._wire.describe`).
        canonical: mirrors whose echo is the canonical text (the fields always written
            have no default in the echo's sense: `None` when absent); else mirrors with
            the model's defaults, for text that is not canonical.
    """

    def __init__(
        self,
        msgspec: ModuleType,
        describe: Callable[[type], Wire] = describe,
        *,
        canonical: bool = True,
    ) -> None:
        self._msgspec = msgspec
        self._describe = describe
        self._canonical = canonical
        self._mirrors: dict[type, Any] = {}
        self._decoders: dict[type, Callable[[str | bytes], Any] | None] = {}

    def _mirror(self, cls: type) -> Any:
        mirror = self._mirrors.get(cls)
        if mirror is not None:
            return mirror
        try:
            wire = self._describe(cls)
        except TypeError:
            raise _UnsupportedError(cls) from None
        if wire.derived:  # msgspec.convert would not derive them: the reference builds it
            raise _UnsupportedError(cls)
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        for field in wire.fields:
            type_ = self._constrained(
                self._mirror_type(field.type), _invariants.keywords(field.attribute)
            )
            default = field.attribute.default
            if field.required:
                fields.append((field.key, type_))
            elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                raise _UnsupportedError(cls)
            elif field.omit == OMIT_NEVER and self._canonical:
                # Always written, so in the echo (see `_make_decoder`) whatever it holds:
                # absent, it is `None` in the mirror, which the echo leaves out, and which
                # `msgspec.convert` refuses (the reference path fills in the default).
                fields.append((field.key, type_ if _optional_arg(type_) else type_ | None, None))
            else:
                fields.append((field.key, type_, default))
        mirror = self._msgspec.defstruct(
            f"_Read{cls.__name__}",
            fields,  # in write order: the echo is the canonical text
            kw_only=True,  # required and optional fields in any order
            forbid_unknown_fields=True,
            omit_defaults=self._canonical,
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
        "pattern": "pattern",
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
            meta = self._msgspec.Meta(
                **{self._META[key]: _meta_value(key, keywords[key]) for key in keywords}
            )
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
        echo = msgspec.json.Encoder().encode
        convert = msgspec.convert
        full = FastReader(msgspec, self._describe, canonical=False)
        full_decode = msgspec.json.Decoder(full._mirror(cls)).decode

        def decode(text: str | bytes) -> Any:
            mirror = mirror_decode(text)
            # msgspec keeps the last of duplicated keys, which the format refuses (a lost
            # value). The canonical text (`to_json`'s) is its mirror's echo, and holds
            # each key once: taken at once. Other text (indented, keys in another order)
            # is parsed once more by the standard library's parser, only to find a
            # repeated key (or an integer too long); with one, the reference reads it.
            data = text.encode() if isinstance(text, str) else text
            if echo(mirror) != data.strip():
                source = text if isinstance(text, str) else text.decode()
                if _reading.decode_at(source.strip())[2]:
                    raise _UnsupportedError(cls)
                mirror = full_decode(text)  # with the model's defaults for absent keys
            return convert(mirror, cls, from_attributes=True)

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
    *value*, if msgspec writes it as `json.dumps` does; else `_UnwritableError`.

    `json.dumps` writes a float below 1e-4 in exponent form (``5e-05``), msgspec as a
    decimal fraction (``0.00005``); from 1e16 msgspec leaves out the exponent's sign
    (``1e16``); NaN and the infinities are ``NaN`` and ``Infinity`` to `json.dumps` (which
    `from_json` refuses), ``null`` to msgspec. Such a plan is written by the reference path.
    """
    if value == 0 or _SMALLEST_PLAIN_FLOAT <= abs(value) < _LARGEST_PLAIN_FLOAT:
        return value
    raise _UnwritableError


class StructWriter:
    """
    Writes model objects as JSON with msgspec, byte for byte as the reference does.

    For each class written, a *write mirror* is generated from its wire form
    (`iepmodel._wire.describe`): a `msgspec.Struct` with the class's fields in write order
    and ``omit_defaults``, the fields that may be left out having their default (`None`,
    ``()``), the others none. The generated function of a class (made on first use)
    copies an object into write mirrors, built with positional arguments and no test per
    optional field (msgspec leaves out a field that holds its default), with plain loops
    for lists (a comprehension costs a function call, and a nested one a new function,
    each time), and encodes the result.

    Args:
        msgspec: the msgspec module.
        describe: the wire form of a class (`iepmodel._wire.describe`).
    """

    def __init__(self, msgspec: ModuleType, describe: Callable[[type], Wire] = describe) -> None:
        self._describe = describe
        self._msgspec = msgspec
        self._encode: Callable[[Any], bytes] = msgspec.json.Encoder().encode
        self._mirrors: dict[type, tuple[Any, Wire]] = {}
        self._functions: dict[type, Callable[[Any], bytes] | None] = {}

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
        self._functions[cls] = function
        return function

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

    def _mirror(self, cls: type) -> tuple[Any, Wire]:
        """The write mirror of *cls* and its wire form."""
        known = self._mirrors.get(cls)
        if known is not None:
            return known
        wire = self._describe(cls)
        mirror = self._msgspec.defstruct(
            f"_Write{cls.__name__}",
            [
                (f.key, object) if f.omit == OMIT_NEVER else (f.key, object, f.attribute.default)
                for f in wire.fields
            ],
            omit_defaults=True,
            gc=False,
        )
        known = (mirror, wire)
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
        mirror, wire = self._mirror(cls)
        namespace[f"_Write{cls.__name__}"] = mirror
        values = [
            self._value(
                field.type,
                f"{name}.{field.name}",
                depth=depth,
                lines=lines,
                indent=indent,
                namespace=namespace,
            )
            for field in wire.fields
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


class Backend:
    """
    The fast reader and writer, made on first use (so importing `iepmodel` is quick).

    Args:
        describe: the wire form of a class (`iepmodel._wire.describe`).
    """

    def __init__(self, describe: Callable[[type], Wire] = describe) -> None:
        self._describe = describe
        self._reader: FastReader | None = None
        self._writer: StructWriter | None = None

    def reader(self) -> FastReader:
        """The msgspec reader."""
        if self._reader is None:
            import msgspec

            self._reader = FastReader(msgspec, self._describe)
        return self._reader

    def writer(self) -> StructWriter:
        """The msgspec writer."""
        if self._writer is None:
            import msgspec

            self._writer = StructWriter(msgspec, self._describe)
        return self._writer
