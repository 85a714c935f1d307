"""
Writing results: text for people (grouped by plan, coloured on a terminal) and JSON.

Text output names plans and students by their ids only, never by name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any, Literal

from iepmodel.rules import Finding, Rule, Severity

from ._checking import Results
from ._inputs import Invalid

__all__ = [
    "ColourMode",
    "Style",
    "check_json",
    "check_text",
    "plural",
    "rules_text",
    "use_colour",
    "validate_text",
    "write_json",
]

ColourMode = Literal["auto", "always", "never"]

_RESET = "\033[0m"
_encode_string: Callable[[str], str] = json.encoder.encode_basestring
"""A string as JSON without escaping non-ASCII letters (``ensure_ascii=False``), in C."""


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


def _invalid_lines(invalid: Iterable[Invalid], count: int, style: Style) -> Iterator[str]:
    if not count:
        return
    yield style.bold(f"{plural(count, 'invalid document')} (not checked)")
    for record in invalid:
        yield f"  {style.severity(Severity.ERROR, 'invalid')}  {record}"
    yield ""


def check_text(results: Results, style: Style, *, jurisdiction: str | None) -> Iterator[str]:
    """
    The lines of a check's text report: each plan's findings, the invalid, a total.

    The lines are made as they are read, so the report is never held whole.
    """
    plans = 0
    for plan_id, student, findings in results.findings_by_plan():
        plans += 1
        header = f"plan {plan_id}" + (f"  (student {student})" if student else "")
        yield style.bold(header)
        for finding in findings:
            yield from _finding_lines(finding, style)
        yield ""
    yield from _invalid_lines(results.invalid(), results.invalid_count, style)
    yield _total(results, plans, jurisdiction)


def _total(results: Results, plans: int, jurisdiction: str | None) -> str:
    where = f", jurisdiction {jurisdiction}" if jurisdiction else ""
    head = f"{plural(results.plans, 'plan')} checked as of {results.as_of.isoformat()}{where}: "
    if results.has_findings:
        body = (
            f"{plural(results.errors, 'error')}, {plural(results.warnings, 'warning')} "
            f"in {plural(plans, 'plan')}"
        )
    else:
        body = "no findings"
    count = results.invalid_count
    tail = f"; {plural(count, 'invalid document')}" if count else ""
    return f"{head}{body}{tail}."


def check_json(results: Results) -> Iterator[str]:
    """
    The ``--format json`` object of a check, as lines, made as they are read.

    Joined with newlines, the lines are exactly ``json.dumps(report, indent=2,
    ensure_ascii=False)`` of ``{"plans", "invalid", "findings"}``.
    """
    yield "{"
    yield f'  "plans": {json.dumps(results.plans)},'
    yield from _json_array(
        "invalid", (record.to_dict() for record in results.invalid()), last=False
    )
    findings = (
        finding.to_dict() for _, _, group in results.findings_by_plan() for finding in group
    )
    yield from _json_array("findings", findings, last=True)
    yield "}"


def _json_array(key: str, items: Iterable[dict[str, Any]], *, last: bool) -> Iterator[str]:
    """A key and its array of objects, inside the top-level object, as `json.dumps` indents it."""
    comma = "" if last else ","
    pending: str | None = None
    for item in items:
        if pending is None:
            yield f"  {json.dumps(key)}: ["
        else:
            yield pending + ","
        pending = _json_object(item, "    ")
    if pending is None:
        yield f"  {json.dumps(key)}: []{comma}"
        return
    yield pending
    yield f"  ]{comma}"


def _json_object(item: dict[str, Any], margin: str) -> str:
    """*item* as `json.dumps` indents it (2 spaces) at *margin*, without a newline after."""
    inner = margin + "  "
    fields: list[str] = []
    for name, value in item.items():
        # The usual flat record: each string through the C encoder, not the indenting one.
        if value is None:
            text = "null"
        elif isinstance(value, str):
            text = _encode_string(value)
        elif type(value) is int:
            text = repr(value)
        else:
            break
        fields.append(f"{inner}{_encode_string(name)}: {text}")
    else:
        if fields:
            return f"{margin}{{\n" + ",\n".join(fields) + f"\n{margin}}}"
    text = json.dumps(item, indent=2, ensure_ascii=False)
    return margin + text.replace("\n", "\n" + margin)


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
