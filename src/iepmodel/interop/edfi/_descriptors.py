"""
The descriptor mappings (shipped as data, ``data/mappings.json``) and descriptor URIs.

An Ed-Fi API body names a descriptor value by URI, ``<namespace>#<codeValue>``, where the
namespace is ``<root>/<DescriptorName>`` (``uri://ed-fi.org/DisabilityDescriptor``).
Districts define their own values in their own namespace; `DescriptorNamespaces` says
which namespace each descriptor is written in and read from.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

import attrs

from ._patch import as_map, obj

__all__ = ["DEFAULT_ROOT", "DescriptorNamespaces", "Table", "table", "tables"]

DEFAULT_ROOT = "uri://ed-fi.org"
"""The namespace root of Ed-Fi's own descriptor values."""


@attrs.frozen(kw_only=True)
class DescriptorNamespaces:
    """
    Where each descriptor's values live.

    Attributes:
        root: the namespace root; a descriptor's namespace is ``<root>/<Descriptor>``.
        overrides: a full namespace per descriptor name, for the descriptors a district
            keeps elsewhere (``{"DisabilityDescriptor": "uri://district.example/Disability"}``).

    On import a value is interpreted when its namespace is the configured one or Ed-Fi's
    own (``uri://ed-fi.org/<Descriptor>``) and its codeValue is one the mapping knows.

    >>> from iepmodel.interop.edfi import DescriptorNamespaces
    >>> ns = DescriptorNamespaces(root="uri://district.example")
    >>> ns.uri("DisabilityDescriptor", "Autism Spectrum Disorders")
    'uri://district.example/DisabilityDescriptor#Autism Spectrum Disorders'
    >>> ns.code("DisabilityDescriptor", "uri://ed-fi.org/DisabilityDescriptor#Deaf-Blindness")
    'Deaf-Blindness'
    >>> ns.code("DisabilityDescriptor", "uri://elsewhere/DisabilityDescriptor#Deaf-Blindness") is None
    True
    """  # noqa: E501

    root: str = DEFAULT_ROOT
    overrides: Mapping[str, str] = attrs.field(factory=dict[str, str])

    def namespace(self, descriptor: str) -> str:
        """The namespace *descriptor*'s values are written in."""
        return self.overrides.get(descriptor) or f"{self.root.rstrip('/')}/{descriptor}"

    def uri(self, descriptor: str, code: str) -> str:
        """The URI of *code* of *descriptor*."""
        return f"{self.namespace(descriptor)}#{code}"

    def code(self, descriptor: str, uri: Any) -> str | None:
        """The codeValue of *uri*, if it is in a namespace this reads for *descriptor*."""
        if not isinstance(uri, str):
            return None
        namespace, hash_, code = uri.rpartition("#")
        if not hash_ or not code:
            return None
        if namespace in (self.namespace(descriptor), f"{DEFAULT_ROOT}/{descriptor}"):
            return code
        return None


def namespaces(
    namespace: str, descriptors: DescriptorNamespaces | Mapping[str, str] | None
) -> DescriptorNamespaces:
    """The `DescriptorNamespaces` of a call's *namespace* and *descriptors* arguments."""
    if isinstance(descriptors, DescriptorNamespaces):
        return descriptors
    return DescriptorNamespaces(root=namespace, overrides=dict(descriptors or {}))


@attrs.frozen(kw_only=True)
class Table:
    """One mapping of ``mappings.json``: a descriptor and its two directions."""

    name: str
    descriptor: str
    to_edfi: Mapping[str, Any]
    from_edfi: Mapping[str, Any]
    notes: Mapping[str, str]
    extra: Mapping[str, Any]


@cache
def tables() -> Mapping[str, Table]:
    """Every mapping, by name (read once from the package data)."""
    text = files(__package__ or __name__).joinpath("data", "mappings.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    result: dict[str, Table] = {}
    known = {"descriptor", "to_edfi", "from_edfi", "notes"}
    for name, value in data.items():
        entry = as_map(value)
        if entry is None:
            continue
        result[name] = Table(
            name=name,
            descriptor=str(entry["descriptor"]),
            to_edfi=obj(entry.get("to_edfi")),
            from_edfi=obj(entry.get("from_edfi")),
            notes=obj(entry.get("notes")),
            extra={key: item for key, item in entry.items() if key not in known},
        )
    return result


def table(name: str) -> Table:
    """The mapping *name* (``disability``, ``setting`` ...)."""
    return tables()[name]
