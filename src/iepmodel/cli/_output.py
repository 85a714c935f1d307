"""
Writing results: text for people (grouped by plan, coloured on a terminal) and JSON.

Text output names plans and students by their ids only, never by name.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable, Iterator
from typing import IO, Any, Literal

from iepmodel.rules import Finding, Rule, Severity

from ._checking import Report
from ._inputs import Invalid

__all__ = [
    "ColourMode",
    "Style",
    "check_text",
    "plural",
    "rules_text",
    "use_colour",
    "validate_text",
    "write_json",
]

ColourMode = Literal["auto", "always", "never"]

_RESET = "\033[0m"


def use_colour(stream: IO[str], mode: ColourMode) -> bool:
    """
    Whether to colour what goes to *stream*.

    ``auto`` colours only a terminal, and never when ``NO_COLOR`` is set (to anything
    but the empty string, https://no-color.org) or ``TERM`` is ``dumb``.
    """
    if mode != "auto":
        return mode == "always"
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


class Style:
    """ANSI styles, or plain text when colour is off."""

    def __init__(self, *, colour: bool) -> None:
        self.colour = colour

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}{_RESET}" if self.colour else text

    def bold(self, text: str) -> str:
        """*text* in bold."""
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        """*text* faint."""
        return self._wrap("2", text)

    def severity(self, severity: Severity | str, text: str | None = None) -> str:
        """*text* (default: the severity itself) in the severity's colour."""
        label = text if text is not None else str(severity)
        return self._wrap("1;31" if severity == Severity.ERROR else "33", label)


def plural(count: int, word: str, words: str | None = None) -> str:
    """
    *count* and the word, singular or plural.

    >>> from iepmodel.cli._output import plural
    >>> plural(1, "plan"), plural(2, "plan"), plural(0, "body", "bodies")
    ('1 plan', '2 plans', '0 bodies')
    """
    return f"{count} {word if count == 1 else (words or word + 's')}"


def write_json(stream: IO[str], data: Any) -> None:
    """Write *data* as indented JSON and a newline."""
    stream.write(json.dumps(data, indent=2, ensure_ascii=False))
    stream.write("\n")


def _finding_lines(finding: Finding, style: Style) -> Iterator[str]:
    severity = style.severity(finding.severity, f"{finding.severity.value:<7}")
    yield f"  {severity}  {style.bold(finding.code)}  {finding.message}"
    details: list[str] = []
    if finding.due is not None:
        details.append(f"due {finding.due.isoformat()}")
    details.append(finding.citation)
    if finding.path:
        details.append(f"at {finding.path}")
    yield " " * 17 + style.dim("   ".join(details))


def _invalid_lines(invalid: Iterable[Invalid], style: Style) -> Iterator[str]:
    records = list(invalid)
    if not records:
        return
    yield style.bold(f"{plural(len(records), 'invalid document')} (not checked)")
    for record in records:
        yield f"  {style.severity(Severity.ERROR, 'invalid')}  {record}"
    yield ""


def check_text(report: Report, style: Style, *, jurisdiction: str | None) -> Iterator[str]:
    """The lines of a check's text report: each plan's findings, the invalid, a total."""
    for plan_id, group in itertools.groupby(report.findings, key=lambda f: f.plan_id):
        findings = list(group)
        student = report.student_of.get(plan_id)
        header = f"plan {plan_id}" + (f"  (student {student})" if student else "")
        yield style.bold(header)
        for finding in findings:
            yield from _finding_lines(finding, style)
        yield ""
    yield from _invalid_lines(report.invalid, style)
    yield _total(report, jurisdiction)


def _total(report: Report, jurisdiction: str | None) -> str:
    where = f", jurisdiction {jurisdiction}" if jurisdiction else ""
    head = f"{plural(report.plans, 'plan')} checked as of {report.as_of.isoformat()}{where}: "
    if report.findings:
        plans = len({finding.plan_id for finding in report.findings})
        body = (
            f"{plural(report.errors, 'error')}, {plural(report.warnings, 'warning')} "
            f"in {plural(plans, 'plan')}"
        )
    else:
        body = "no findings"
    tail = f"; {plural(len(report.invalid), 'invalid document')}" if report.invalid else ""
    return f"{head}{body}{tail}."


def validate_text(plans: int, invalid: list[Invalid], style: Style) -> Iterator[str]:
    """The lines of a validate report: each invalid document, then a total."""
    for record in invalid:
        yield f"{style.severity(Severity.ERROR, 'invalid')}  {record}"
    total = plans + len(invalid)
    if invalid:
        yield (
            f"{plural(total, 'document')}: {plural(plans, 'valid plan')}, {len(invalid)} invalid."
        )
    else:
        yield f"{plural(total, 'document')}: all valid."


def rules_text(rules: Iterable[Rule], style: Style) -> Iterator[str]:
    """One line per rule: code, severity, citation, title."""
    entries = list(rules)
    width = max((len(entry.citation) for entry in entries), default=0)
    for entry in entries:
        severity = style.severity(entry.severity, f"{entry.severity.value:<7}")
        yield f"{style.bold(entry.code)}  {severity}  {entry.citation:<{width}}  {entry.title}"
