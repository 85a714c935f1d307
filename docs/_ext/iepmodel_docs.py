"""
Sphinx directives that build reference tables from the code, at every build.

- ``rule-catalog``: every rule of ``iepmodel.rules.catalog()`` (code, severity, citation,
  title, summary, the profile settings it reads).
- ``jurisdiction-table``: the shipped jurisdictions (``iepmodel.available_jurisdictions()``)
  and, for each, every setting of its profile with its value and legal source.

Nothing here is copied by hand: a rule or a profile added to the package appears in the
next build.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.errors import PycodeError
from sphinx.pycode import ModuleAnalyzer
from sphinx.util.docutils import SphinxDirective

import iepmodel
from iepmodel.jurisdictions import jurisdiction
from iepmodel.rules import catalog


def _cell(content: str | nodes.Node) -> nodes.entry:
    entry = nodes.entry()
    if isinstance(content, nodes.Node):
        entry += nodes.paragraph("", "", content)
    else:
        entry += nodes.paragraph(text=content)
    return entry


def _table(
    headers: Sequence[str], rows: Iterable[Sequence[str | nodes.Node]], widths: Sequence[int]
) -> nodes.table:
    table = nodes.table(classes=["iepmodel-generated"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    row = nodes.row()
    for header in headers:
        row += _cell(header)
    head += row
    body = nodes.tbody()
    group += body
    for values in rows:
        row = nodes.row()
        for value in values:
            row += _cell(value)
        body += row
    return table


def _literal(text: str) -> nodes.literal:
    return nodes.literal(text=text)


def format_value(value: Any) -> str:
    """A setting's value as a reader wants to see it (wire values, sorted sets)."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, frozenset | set):
        items = sorted(format_value(item) for item in value)
        return ", ".join(items) if items else "none"
    if isinstance(value, Mapping):
        pairs = sorted((format_value(k), format_value(v)) for k, v in value.items())
        return ", ".join(f"{k}: {v}" for k, v in pairs) if pairs else "none"
    if attrs.has(type(value)):
        fields = attrs.asdict(value, recurse=False)
        return "; ".join(f"{name} {format_value(item)}" for name, item in fields.items())
    return str(value)


class RuleCatalogDirective(SphinxDirective):
    """The table of every rule ``iepmodel.check`` applies, in catalog order."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """One row a rule."""
        rows = [
            (
                _literal(rule.code),
                str(rule.severity.value)
                + (" (warning on a draft)" if rule.drafts_as_warnings else ""),
                rule.citation,
                rule.title,
                rule.summary
                + (" Settings read: " + ", ".join(rule.settings) + "." if rule.settings else ""),
            )
            for rule in catalog()
        ]
        headers = ("Code", "Severity", "Citation", "Title", "Summary")
        return [_table(headers, rows, (8, 10, 18, 24, 40))]


class JurisdictionTableDirective(SphinxDirective):
    """The shipped jurisdictions, then each profile's settings with their sources."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        """The overview table, then one section a profile."""
        codes = iepmodel.available_jurisdictions()
        profiles = [jurisdiction(code) for code in codes]
        overview = _table(
            ("Code", "Name", "Inherits from", "Settings it changes"),
            (
                (
                    _literal(p.code),
                    p.name,
                    p.parent or "none",
                    ", ".join(_changed(p)) or "none (the baseline)",
                )
                for p in profiles
            ),
            (8, 16, 10, 56),
        )
        result: list[nodes.Node] = [overview]
        for profile in profiles:
            title = f"{profile.code}: {profile.name}"
            target_id = nodes.make_id(f"profile-{profile.code}")
            section = nodes.section(ids=[target_id])
            section += nodes.title(text=title)
            changed = set(_changed(profile))
            rows = [
                (
                    _literal(name) if name not in changed else nodes.strong(text=name),
                    format_value(value),
                    profile.citations.get(name, ""),
                )
                for name, value in profile.settings().items()
            ]
            section += _table(("Setting", "Value", "Source"), rows, (30, 25, 45))
            result.append(section)
        return result


def _changed(profile: Any) -> list[str]:
    """The settings in which a profile differs from the one it inherits from."""
    if not profile.parent:
        return []
    parent = jurisdiction(profile.parent).settings()
    return [name for name, value in profile.settings().items() if parent.get(name) != value]


def _is_data(value: Any) -> bool:
    return not (inspect.isclass(value) or inspect.isroutine(value) or inspect.ismodule(value))


def _attribute_doc(name: str, value: Any) -> list[str]:
    """The docstring written under a constant where it is defined, if any."""
    for module_name, module in sorted(sys.modules.items()):
        if not module_name.startswith("iepmodel") or getattr(module, name, None) is not value:
            continue
        try:
            docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        except PycodeError:
            continue
        if ("", name) in docs:
            return [line for line in docs["", name] if line is not None]
    return []


class ApiConstantsDirective(SphinxDirective):
    """
    The constants and type aliases of a module's ``__all__``.

    autodoc documents a module-level value only where it is assigned with a docstring; a
    package re-exports its constants from private modules, so they are listed here, with
    their value and the docstring of their definition. Use inside ``eval-rst``.
    """

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        """A ``py:data`` description for each constant of the module's ``__all__``."""
        module_name = self.arguments[0]
        module = importlib.import_module(module_name)
        # constants assigned with a docstring in the module itself are autodoc's
        own = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        lines: list[str] = []
        for name in module.__all__:
            value = getattr(module, name)
            if not _is_data(value) or ("", name) in own:
                continue
            shown = repr(value)
            shown = shown if len(shown) <= 90 else shown[:87] + "..."
            lines += [f".. py:data:: {name}", f"   :module: {module_name}"]
            lines += [f"   :value: {shown}", ""]
            lines += [f"   {line}" if line else "" for line in _attribute_doc(name, value)]
            lines.append("")
        if not lines:
            return []
        container = nodes.container()
        self.state.nested_parse(StringList(lines), self.content_offset, container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("api-constants", ApiConstantsDirective)
    app.add_directive("rule-catalog", RuleCatalogDirective)
    app.add_directive("jurisdiction-table", JurisdictionTableDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
