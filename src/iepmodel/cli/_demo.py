"""
``iepmodel demo``: check the shipped sample district and summarise it for a coordinator.

The summary answers what a district's special education coordinator asks first: how
many plans, which rules they break and how often, which plans are in the worst shape,
and what falls due in the next weeks.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from collections.abc import Iterator
from typing import Any

from iepmodel import sample
from iepmodel.rules import Finding, Rule, Severity, catalog

from ._checking import Checker, Report
from ._inputs import read_json_lines
from ._output import Style, plural

__all__ = ["DUE_SOON_DAYS", "demo_report", "summary_data", "summary_text"]

DUE_SOON_DAYS = 30
"""How far ahead "what falls due" looks, in days."""

_TOP = 8


def demo_report() -> Report:
    """Check the sample district as of `iepmodel.sample.AS_OF`, with its calendar."""
    checker = Checker(
        as_of=sample.AS_OF,
        profile=None,
        calendar=sample.calendar(),
        codes=frozenset(entry.code for entry in catalog()),
    )
    stream = io.BytesIO(sample.read_bytes(sample.PLANS_FILE))
    for document in read_json_lines(sample.PLANS_FILE, stream):
        checker.add(document)
    return checker.finish()


def _rank(report: Report) -> list[tuple[str, int, int, list[str]]]:
    """Plans by errors, then warnings (most first): (plan id, errors, warnings, codes)."""
    per_plan: dict[str, list[Finding]] = {}
    for finding in report.findings:
        per_plan.setdefault(finding.plan_id, []).append(finding)
    ranked: list[tuple[str, int, int, list[str]]] = []
    for plan_id, findings in per_plan.items():
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        codes = list(dict.fromkeys(f.code for f in findings))
        ranked.append((plan_id, errors, len(findings) - errors, codes))
    ranked.sort(key=lambda row: (-row[1], -row[2], row[0]))
    return [row for row in ranked if row[1] > 0][:_TOP]


def _due_soon(report: Report) -> list[Finding]:
    horizon = report.as_of + dt.timedelta(days=DUE_SOON_DAYS)
    soon = [f for f in report.findings if f.due is not None and report.as_of <= f.due <= horizon]
    return sorted(soon, key=lambda f: (f.due or report.as_of, f.plan_id, f.code))


def _by_code(report: Report) -> list[tuple[Rule, Severity, int, int]]:
    """
    Each rule that fired, per severity: (rule, severity, findings, plans).

    A draft's content findings are warnings, so a code may appear twice. Errors come
    first, then the most frequent.
    """
    rules = {entry.code: entry for entry in catalog()}
    findings = Counter((f.code, f.severity) for f in report.findings)
    plans = Counter(
        (f.code, f.severity)
        for f in {(f.code, f.severity, f.plan_id): f for f in report.findings}.values()
    )
    rows = [
        (rules[code], severity, count, plans[code, severity])
        for (code, severity), count in findings.items()
    ]
    rows.sort(key=lambda row: (row[1] is not Severity.ERROR, -row[2], row[0].code))
    return rows


def summary_data(report: Report) -> dict[str, Any]:
    """The summary as JSON values (``iepmodel demo --format json``)."""
    with_findings = len({f.plan_id for f in report.findings})
    return {
        "district": "Maple Valley Schools (fictional)",
        "as_of": report.as_of.isoformat(),
        "plans": report.plans,
        "students": report.students,
        "plans_without_findings": report.plans - with_findings,
        "errors": report.errors,
        "warnings": report.warnings,
        "by_code": [
            {
                "code": entry.code,
                "severity": severity.value,
                "title": entry.title,
                "findings": count,
                "plans": plans,
            }
            for entry, severity, count, plans in _by_code(report)
        ],
        "most_serious": [
            {
                "plan_id": plan_id,
                "student_id": report.student_of.get(plan_id),
                "errors": errors,
                "warnings": warnings,
                "codes": codes,
            }
            for plan_id, errors, warnings, codes in _rank(report)
        ],
        "due_soon": [
            {
                "due": f.due.isoformat() if f.due else None,
                "plan_id": f.plan_id,
                "student_id": report.student_of.get(f.plan_id),
                "code": f.code,
                "severity": f.severity.value,
                "message": f.message,
            }
            for f in _due_soon(report)
        ],
        "invalid": [record.to_dict() for record in report.invalid],
    }


def summary_text(report: Report, style: Style) -> Iterator[str]:
    """The coordinator's summary, for people."""
    data = summary_data(report)
    clean = data["plans_without_findings"]
    share = round(100 * clean / report.plans) if report.plans else 100
    yield style.bold(f"{data['district']}, checked as of {data['as_of']}")
    yield (
        f"{plural(report.plans, 'plan')} of {plural(report.students, 'student')}; "
        f"{clean} plans ({share}%) have no findings."
    )
    yield ""
    yield style.bold("Findings by rule")
    yield f"  {'code':<6}{'severity':<10}{'findings':>8}{'plans':>7}  rule"
    for entry, severity, count, plans in _by_code(report):
        label = style.severity(severity, f"{severity.value:<10}")
        yield f"  {style.bold(f'{entry.code:<6}')}{label}{count:>8}{plans:>7}  {entry.title}"
    yield ""
    yield style.bold("Plans with the most serious problems")
    yield f"  {'plan':<14}{'student':<10}{'errors':>6}{'warnings':>9}  codes"
    for plan_id, errors, warnings, codes in _rank(report):
        student = report.student_of.get(plan_id, "")
        yield f"  {plan_id:<14}{student:<10}{errors:>6}{warnings:>9}  {' '.join(codes)}"
    yield ""
    horizon = report.as_of + dt.timedelta(days=DUE_SOON_DAYS)
    yield style.bold(
        f"Due in the next {DUE_SOON_DAYS} days ({report.as_of.isoformat()} to "
        f"{horizon.isoformat()})"
    )
    soon = _due_soon(report)
    for f in soon:
        student = report.student_of.get(f.plan_id, "")
        due = f.due.isoformat() if f.due else ""
        yield (
            f"  {due}  {f.plan_id:<14}{student:<10}"
            f"{style.severity(f.severity, f.code)}  {f.message}"
        )
    if not soon:
        yield "  nothing"
    yield ""
    yield (
        f"Total: {plural(report.errors, 'error')}, {plural(report.warnings, 'warning')} "
        f"in {report.plans - clean} of {plural(report.plans, 'plan')}."
    )
    yield (
        "To see every finding with its citation: iepmodel demo --write-sample DIR, "
        "then run the check command it prints."
    )
