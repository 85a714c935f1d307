"""
Ed-Fi special education, both ways: API bodies to plans and plans to API bodies.

Ed-Fi is the data standard US districts and states move student data with. Its
special-education resources are the student special-education program association
(Data Standards 4.0 to 6.1), the eligibility association (5.1 and 5.2), and, from DS 6.1,
the Special Education Data Model: StudentIEP, its goals, service prescriptions, service
deliveries and IDEA events.

- `to_edfi` writes the bodies of each resource and a loss report: every value of a plan
  that no body carries, with the plan's id, the path and the reason.
- `from_edfi` reads bodies into plans (one per program association, or per StudentIEP in
  6.1) and reports every record that could not become a plan as a `Problem`. Values with
  no iepmodel field are kept under ``plan.extensions["ed-fi"]``, so that exporting the
  plan again writes the same bodies; each is listed as a `Loss`.
- `read_xml` reads Ed-Fi XML interchange files into the same bodies (safely: it needs the
  ``edfi`` extra, defusedxml), and `to_xml` / `write_xml` write bodies back as one.

The descriptor mappings ship as data (``data/mappings.json``), each lossy choice with a
note; ``docs/edfi.md`` has the whole table.

>>> import iepmodel.sample
>>> from iepmodel.interop import edfi
>>> plan = iepmodel.sample.plans()[0]
>>> out = edfi.to_edfi(plan, version="5.2")
>>> for name in sorted(out.resources):
...     print(name)
studentSpecialEducationProgramAssociations
studentSpecialEducationProgramEligibilityAssociations
>>> back = edfi.from_edfi(
...     [edfi.Record(body=b, resource=r) for r, bodies in out.resources.items() for b in bodies]
... )
>>> len(back.plans), [p.severity for p in back.problems]
(1, ['warning'])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._descriptors import DEFAULT_ROOT, DescriptorNamespaces, namespaces
from ._export import EDFI, Options, export_document
from ._import import PLACEHOLDER_BIRTH_DATE, import_records
from ._report import document_losses
from ._types import (
    RESOURCES,
    VERSIONS,
    Export,
    Import,
    Loss,
    Problem,
    Record,
    recognize,
)
from ._xml import XML_NAMESPACES, XmlUnavailableError, XmlWriteError, read_xml, to_xml, write_xml

if TYPE_CHECKING:
    from iepmodel._plan import IEP

__all__ = [
    "DEFAULT_ROOT",
    "EDFI",
    "PLACEHOLDER_BIRTH_DATE",
    "RESOURCES",
    "VERSIONS",
    "XML_NAMESPACES",
    "DescriptorNamespaces",
    "Export",
    "Import",
    "Loss",
    "Problem",
    "Record",
    "XmlUnavailableError",
    "XmlWriteError",
    "from_edfi",
    "read_xml",
    "recognize",
    "to_edfi",
    "to_xml",
    "write_xml",
]


def _options(
    version: str,
    namespace: str,
    descriptors: DescriptorNamespaces | Mapping[str, str] | None,
    organization_id: int | None = None,
) -> Options:
    if version not in VERSIONS:
        msg = f"unknown Ed-Fi version (one of {', '.join(VERSIONS)})"
        raise ValueError(msg)
    return Options(
        version=version, ns=namespaces(namespace, descriptors), organization_id=organization_id
    )


def to_edfi(
    plans: IEP | Iterable[IEP],
    *,
    version: str = "5.2",
    namespace: str = DEFAULT_ROOT,
    descriptors: DescriptorNamespaces | Mapping[str, str] | None = None,
    organization_id: int | None = None,
    report_losses: bool = True,
) -> Export:
    """
    The Ed-Fi API bodies of *plans*, by resource, and the loss report.

    Args:
        plans: one plan or several.
        version: the Data Standard version, one of `VERSIONS`.
        namespace: the root of the descriptor namespaces (``uri://ed-fi.org``; a district
            writes its own, ``uri://district.example``).
        descriptors: a namespace per descriptor name, for descriptors kept elsewhere
            than under *namespace* (or a `DescriptorNamespaces`, which then decides alone).
        organization_id: the education organization id written for a plan that has no
            ``responsible_organization`` with an integer id; without it such a plan is not
            written (and reported).
        report_losses: compute the loss report (each plan is read back from its bodies
            and compared); `False` skips that work and reports only unwritable plans.

    Raises:
        ValueError: for an unknown *version*.
    """
    from iepmodel._plan import IEP
    from iepmodel.serialization import to_dict

    options = _options(version, namespace, descriptors, organization_id)
    resources: dict[str, list[dict[str, Any]]] = {}
    losses: list[Loss] = []
    for plan in (plans,) if isinstance(plans, IEP) else plans:
        doc = to_dict(plan)
        bodies, plan_losses = export_document(doc, options)
        for resource, body in bodies:
            resources.setdefault(resource, []).append(body)
        losses.extend(plan_losses)
        if report_losses and bodies:
            back = import_records(
                [Record(body=body, resource=resource) for resource, body in bodies], options
            )[0]
            after = to_dict(back[0]) if len(back) == 1 else None
            losses.extend(document_losses(plan.id, doc, after, version))
    return Export(resources=resources, losses=tuple(losses))


def from_edfi(
    records: Iterable[Record | Mapping[str, Any]],
    *,
    version: str = "5.2",
    namespace: str = DEFAULT_ROOT,
    descriptors: DescriptorNamespaces | Mapping[str, str] | None = None,
) -> Import:
    """
    Plans from Ed-Fi API bodies.

    Args:
        records: `Record`s, or plain bodies (their resource recognised from their keys,
            their position counted from 1).
        version: the Data Standard version of the bodies.
        namespace: the root of the descriptor namespaces the bodies use.
        descriptors: a namespace per descriptor name (or a `DescriptorNamespaces`).

    A value is read from a descriptor when its namespace is the configured one or Ed-Fi's
    own and the mapping knows its codeValue; any other value is kept as is.

    Raises:
        ValueError: for an unknown *version*.
    """
    options = _options(version, namespace, descriptors)
    plans, problems, losses, count = import_records(records, options)
    return Import(
        plans=tuple(plans), problems=tuple(problems), losses=tuple(losses), records=count
    )
