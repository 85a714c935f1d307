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
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
from docutils import nodes
from sphinx.application import Sphinx
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


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives."""
    app.add_directive("rule-catalog", RuleCatalogDirective)
    app.add_directive("jurisdiction-table", JurisdictionTableDirective)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
