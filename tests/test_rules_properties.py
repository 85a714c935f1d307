"""Properties of the rules and of `check`, over the plans of `iepmodel.testing.strategies`."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iepmodel
from iepmodel.rules import Context, catalog
from iepmodel.testing.strategies import compliant_plans, plans, school_calendars

AS_OF = dt.date(2025, 10, 2)
CODES = iepmodel.available_jurisdictions()

as_of_days = st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2065, 12, 31))
jurisdictions = st.sampled_from(CODES)


@st.composite
def histories(draw: st.DrawFn) -> list[iepmodel.IEP]:
    """A few plans, several of them the same student's (so the history rules have work)."""
    batch = draw(st.lists(plans(), min_size=1, max_size=4))
    ids = draw(
        st.lists(st.sampled_from(("S1", "S2", "S3")), min_size=len(batch), max_size=len(batch))
    )
    return [
        attrs.evolve(plan, student=attrs.evolve(plan.student, id=student_id))
        for plan, student_id in zip(batch, ids, strict=True)
    ]


@given(plan=plans(), as_of=as_of_days, code=jurisdictions)
def test_no_rule_raises_on_any_plan(plan: iepmodel.IEP, as_of: dt.date, code: str) -> None:
    context = Context.for_plan(plan, as_of=as_of, jurisdiction=code)
    for rule in catalog():
        for finding in rule(plan, context):
            assert finding.code == rule.code
            assert finding.plan_id == plan.id
            assert finding.citation.startswith(rule.citation)
            assert finding.message


@given(batch=histories(), as_of=as_of_days, calendar=st.none() | school_calendars())
def test_check_never_raises_with_histories_and_calendars(
    batch: list[iepmodel.IEP], as_of: dt.date, calendar: iepmodel.SchoolCalendar | None
) -> None:
    findings = iepmodel.check(batch, as_of=as_of, calendar=calendar)
    assert {finding.plan_id for finding in findings} <= {plan.id for plan in batch}


@given(batch=histories(), as_of=as_of_days, data=st.data())
def test_check_is_deterministic_order_independent_and_per_student(
    batch: list[iepmodel.IEP], as_of: dt.date, data: st.DataObject
) -> None:
    expected = iepmodel.check(batch, as_of=as_of)
    assert iepmodel.check(batch, as_of=as_of) == expected
    keys = [finding.sort_key for finding in expected]
    assert keys == sorted(keys)
    # Any order of the same plans gives the same findings.
    shuffled = data.draw(st.permutations(batch))
    assert iepmodel.check(shuffled, as_of=as_of) == expected
    # Checking each student's plans apart gives the same findings: history is per student.
    apart: list[iepmodel.Finding] = []
    for student_id in {plan.student.id for plan in batch}:
        apart += iepmodel.check([p for p in batch if p.student.id == student_id], as_of=as_of)
    assert sorted(apart, key=lambda f: f.sort_key) == expected


@pytest.mark.parametrize("code", CODES)
def test_compliant_plans_give_no_findings(code: str) -> None:
    @given(plan=compliant_plans(jurisdiction=code, as_of=AS_OF))
    def check_compliant(plan: iepmodel.IEP) -> None:
        assert iepmodel.check(plan, as_of=AS_OF, jurisdiction=code) == []

    check_compliant()
