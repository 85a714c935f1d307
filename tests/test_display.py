"""Displays in notebooks: short, bounded, escaped, and without personal data."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iepmodel
from document_helpers import personal_data, private_plans
from iepmodel import IEP, Finding, Findings, PlanKind, Severity, Student, sample
from iepmodel import analysis as an
from iepmodel.analysis._frame import make_table
from iepmodel.analysis.tables import ServiceRow
from iepmodel.display import MASK, MAX_ROWS, Card, card, cell, html, text

TEXT_LIMIT = 4 * 1024
HTML_LIMIT = 16 * 1024


@cache
def district() -> tuple[list[IEP], dt.date]:
    return sample.plans(), sample.AS_OF


def analysis_objects() -> Iterator[tuple[str, Any]]:
    """Every kind of object `iepmodel.analysis` and `check` return, over the sample district."""
    plans, day = district()
    calendar = sample.calendar()
    every = an.tables(plans, findings=True, as_of=day, calendar=calendar)
    yield "tables", every
    for name, t in every.as_dict().items():
        yield name, t
    personal = an.tables(plans, include_personal=True)
    yield "tables (personal)", personal
    for name, t in personal.as_dict().items():
        yield f"{name} (personal)", t
    yield "check", iepmodel.check(plans, as_of=day, calendar=calendar)
    yield "plans_in_effect", an.plans_in_effect(plans, day)
    yield "environments", an.environments_table(plans, day)
    yield "environments (all)", an.environments_table(plans, day, current_only=False)
    yield "child_count", an.child_count(plans, day)
    results: list[Any] = [
        an.indicator_5(plans, day),
        an.indicator_6(plans, day),
        an.indicator_11(plans, day),
        an.indicator_12(plans, day),
        an.indicator_13(plans, day),
    ]
    for result in results:
        yield type(result).__name__, result
        for measure, value in result.rates().items():
            yield f"rate {measure}", value
    yield "indicator_11.table", results[2].table()
    yield "indicator_13.table", results[4].table()
    yield "indicators_table", an.indicators_table(*results)
    yield "minutes_summary", an.minutes_summary(plans)
    yield "minutes_table", an.minutes_table(plans)
    yield "service_minutes_table", an.service_minutes_table(plans)
    yield "plan_minutes", max((an.plan_minutes(p) for p in plans), key=lambda m: m.service_count)
    counts = {"white": (40, 300), "black": (30, 120), "hispanic_latino": (12, 90)}
    ratios = an.risk_ratios(counts)
    yield "risk_ratios", ratios
    yield "publishable", an.publishable(ratios)


@pytest.mark.parametrize(("name", "obj"), list(analysis_objects()), ids=lambda v: str(v)[:30])
def test_no_display_of_an_analysis_object_is_more_than_a_few_kilobytes(
    name: str, obj: Any
) -> None:
    """On 292 plans: the text within 4 KiB, the HTML within 16 KiB (not 289,000 characters)."""
    shown = repr(obj)
    assert len(shown) <= TEXT_LIMIT, (name, len(shown))
    if hasattr(obj, "_repr_html_"):
        page = obj._repr_html_()
        assert len(page) <= HTML_LIMIT, (name, len(page))


def test_results_show_their_numbers_and_never_their_id_lists() -> None:
    plans, day = district()
    result = an.indicator_5(plans, day)
    shown = repr(result)
    assert f"{result.a.numerator}" in shown
    for code in an.SCHOOL_AGE_CODES:
        assert code in shown  # every code, zero included
    ids = result.a.numerator_ids or ()
    assert sum(plan_id in shown for plan_id in ids) == 0
    assert repr(result.a) == (
        f"Rate 5A: {result.a.numerator} of {result.a.denominator}"
        f" ({result.a.rounded():.1f}%), plan ids"
    )
    assert "\n" not in repr(result.a)
    assert repr(an.rate("x", 0, 0)) == "Rate x: 0 of 0 (—)"


def test_a_table_shows_its_size_first_rows_and_columns() -> None:
    plans, _ = district()
    t = an.table("plans", plans)
    shown = repr(t)
    lines = shown.splitlines()
    assert lines[0] == f"Table 'plans': {len(plans)} rows, {len(t.columns)} columns"
    for row in t.rows[:MAX_ROWS]:
        assert row.plan_id in shown
    for row in t.rows[MAX_ROWS:]:
        assert row.plan_id not in shown
    assert f"… {len(plans) - MAX_ROWS} more rows" in shown
    assert "more columns" in shown  # 43 columns do not fit: their names are listed
    page = t._repr_html_()
    first, described = page.split("<details>")
    assert first.count("<tr>") == MAX_ROWS + 1  # the header and the first rows
    for col in t.columns:  # what each column means, folded
        assert f"<td>{col.name}</td>" in described
    assert f"PlanStatus value ({len(iepmodel.PlanStatus)} categories)" in described
    assert "<details>" not in shown
    assert html(t) == page
    assert text(t) == shown


def test_an_empty_table_still_shows_its_columns() -> None:
    t = an.table("services", [])
    lines = repr(t).splitlines()
    assert lines[0] == f"Table 'services': 0 rows, {len(t.columns)} columns"
    assert lines[1].split()[:3] == ["plan_id", "service_index", "type"]
    assert "more rows" not in repr(t)
    assert "<table>" in t._repr_html_()


def test_long_values_are_cut_and_the_display_stays_bounded() -> None:
    """Values from a plan may be any length: a display cuts each one."""
    row = ServiceRow(
        plan_id="P" * 5000,
        service_index=0,
        type="speech_language",
        category="related",
        setting="special_education",
        group="individual",
        delivery="direct",
        provider="<script>alert(1)</script>" * 400,
        location="room " * 2000,
        minutes=30,
        sessions=1,
        per="week",
        minutes_per_week=30.0,
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2026, 6, 30),
    )
    t = make_table("services", ServiceRow, [row] * 10_000)
    assert len(repr(t)) <= TEXT_LIMIT
    page = t._repr_html_()
    assert len(page) <= HTML_LIMIT
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_personal_columns_are_listed_but_their_values_masked() -> None:
    plans, _ = district()
    every = an.tables(plans, include_personal=True)
    secrets = {p.student.name for p in plans if p.student.name}
    secrets |= {g.statement for p in plans for g in p.goals}
    secrets |= {s.description for p in plans for s in p.services if s.description}
    for t in (every, *every.as_dict().values()):
        for shown in (repr(t), t._repr_html_()):
            assert not [s for s in secrets if s in shown], t
    # A date of birth may equal some other date of the data: look in its own column.
    births = {p.student.date_of_birth.isoformat() for p in plans}
    others = {
        day.isoformat()
        for row in every.plans.rows[:MAX_ROWS]
        for day in (row.start_date, row.end_date, row.meeting_date, row.parent_consent_date)
        if day is not None
    }
    for shown in (repr(every.plans), every.plans._repr_html_()):
        assert not [b for b in births - others if b in shown]
    assert MASK in repr(every.accommodations)
    assert MASK in every.accommodations._repr_html_()
    assert "student_name" in repr(every.plans)
    assert "masked" in repr(every)


@settings(max_examples=25, deadline=None)
@given(private_plans())
def test_a_plans_card_shows_no_personal_data_unless_asked(plan: IEP) -> None:
    secrets = personal_data(plan)
    default = card(plan)
    for shown in (plan._repr_html_(), default.html, default.text, repr(default)):
        assert not [s for s in secrets if s in shown]
    assert plan.id in default.text or len(plan.id) > 0
    assert default.include_personal is False
    asked = card(plan, include_personal=True)
    assert plan.student.date_of_birth.isoformat() in asked.text
    if plan.student.name:
        assert plan.student.name in asked.text
    assert not [s for s in secrets if s in repr(asked)]  # its repr names the plan only


def test_a_card_shows_kind_status_dates_and_counts() -> None:
    plan = iepmodel.IEP(
        id="P-1",
        kind=PlanKind.ANNUAL,
        jurisdiction="US-TX",
        student=Student(id="S-1", date_of_birth=dt.date(2015, 1, 22), grade="5"),
        start_date=dt.date(2025, 10, 1),
        end_date=dt.date(2026, 9, 30),
    )
    shown = card(plan)
    assert isinstance(shown, Card)
    assert shown.text.splitlines()[0] == "IEP P-1: annual, final, US-TX"
    for part in ("S-1", "2025-10-01 to 2026-09-30", "goals: 0", "services: 0 (0 min/week)"):
        assert part in shown.text
    assert shown._repr_html_() == shown.html == plan._repr_html_()


def test_every_text_from_a_plan_is_escaped_in_html() -> None:
    plan = iepmodel.IEP(
        id="<b>P&1</b>",
        kind=PlanKind.INITIAL,
        student=Student(
            id="<i>S</i>", name="<img src=x onerror=alert(1)>", date_of_birth=dt.date(2015, 1, 1)
        ),
        start_date=dt.date(2025, 10, 1),
        end_date=dt.date(2026, 9, 30),
    )
    for page in (card(plan).html, card(plan, include_personal=True).html):
        assert "<b>P" not in page
        assert "<i>S" not in page
        assert "<img" not in page
        assert "&lt;b&gt;P&amp;1&lt;/b&gt;" in page
    t = an.table("plans", [plan])
    assert "&lt;i&gt;S&lt;/i&gt;" in t._repr_html_()
    assert "<i>S" not in t._repr_html_()


def test_cells_are_short_and_on_one_line() -> None:
    assert cell(None) == "—"
    assert cell(True) == "True"
    assert cell(81.25) == "81.25"
    assert cell(81.0) == "81"
    assert cell(float("nan")) == "NaN"
    assert cell(dt.date(2026, 1, 15)) == "2026-01-15"
    assert cell(("autism", "other_health_impairment")) == "autism, other_health_impairment"
    assert cell("a\nb\tc") == "a b c"
    long = cell("x" * 100)
    assert len(long) == 40
    assert long.endswith("…")
    assert cell("x" * 100, limit=10) == "x" * 9 + "…"


# --- findings ---------------------------------------------------------------------------


def _finding(plan_id: str, code: str = "C302", severity: Severity = Severity.ERROR) -> Finding:
    return Finding(
        code=code,
        severity=severity,
        message="The plan has no annual goals.",
        citation="34 CFR 300.320(a)(2)(i)",
        path="goals",
        plan_id=plan_id,
    )


def test_check_returns_findings_that_are_still_a_list() -> None:
    plans, day = district()
    found = iepmodel.check(plans, as_of=day, calendar=sample.calendar())
    assert isinstance(found, Findings)
    assert isinstance(found, list)
    assert found == list(found)
    assert found[:2] == list(found)[:2]
    assert type(found[:2]) is list  # slicing gives a plain list, as documented
    assert pickle.loads(pickle.dumps(found)) == found
    assert json.loads(json.dumps([f.to_dict() for f in found]))[0]["plan_id"] == found[0].plan_id
    assert found.table().rows == an.findings_table(found).rows
    empty = iepmodel.check([], as_of=day)
    assert empty == []
    assert isinstance(empty, Findings)


def test_a_findings_display_counts_by_severity_and_rule() -> None:
    findings = Findings(
        [_finding(f"P{i:03}") for i in range(300)]
        + [_finding(f"P{i:03}", "D202", Severity.WARNING) for i in range(7)]
    )
    shown = repr(findings)
    assert shown.splitlines()[0] == "Findings: 307 in 300 plans"
    assert "errors: 300 · warnings: 7 · rules: 2" in shown
    assert "C302  error     300" in shown
    assert "D202  warning   7" in shown
    assert "P000" in shown
    assert "P299" not in shown
    assert len(shown) <= TEXT_LIMIT
    assert len(findings._repr_html_()) <= HTML_LIMIT
    assert repr(Findings()).splitlines()[0] == "Findings: 0 in 0 plans"


def test_repr_of_a_list_of_findings_subclass_is_not_the_full_list() -> None:
    findings = Findings([_finding(f"P{i}") for i in range(1000)])
    assert len(repr(findings)) < len(repr(list(findings))) / 50
    assert len(str(findings)) <= TEXT_LIMIT


@settings(max_examples=25, deadline=None)
@given(st.lists(private_plans(), max_size=3))
def test_displays_stay_bounded_for_any_plans(data: list[IEP]) -> None:
    """Whatever the plans hold (long texts, many parts), every display stays small."""
    every = an.tables(data, include_personal=True, findings=True, as_of=dt.date(2025, 10, 2))
    shown: list[Any] = [every, *every.as_dict().values()]
    shown += [an.minutes_summary(data), an.child_count(data, dt.date(2025, 10, 2))]
    for obj in shown:
        assert len(repr(obj)) <= TEXT_LIMIT
        assert len(obj._repr_html_()) <= HTML_LIMIT
    for plan in data:
        for asked in (False, True):
            shown_card = card(plan, include_personal=asked)
            assert len(shown_card.text) <= TEXT_LIMIT
            assert len(shown_card.html) <= HTML_LIMIT
