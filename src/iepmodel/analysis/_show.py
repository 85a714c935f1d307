"""
What the results of `iepmodel.analysis` show in a notebook (see `iepmodel.display`).

Each function turns one kind of result into a `Summary`: the measures, the counts by code
or status (every code of an enumeration, zero included), and the first few rows of the
records behind them, never every id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from iepmodel.display import Grid, Summary, cell, count_grid, grid

if TYPE_CHECKING:
    from .environments import ChildCount
    from .indicators import (
        Indicator5,
        Indicator6,
        Indicator11,
        Indicator12,
        Indicator13,
        Rate,
    )
    from .minutes import MinutesSummary, PlanMinutes

__all__ = [
    "child_count",
    "indicator_5",
    "indicator_6",
    "indicator_11",
    "indicator_12",
    "indicator_13",
    "minutes_summary",
    "plan_minutes",
    "rate",
    "rate_summary",
    "tables",
]


def _percent(value: Rate) -> str:
    rounded = value.rounded()
    return "—" if rounded is None else f"{rounded:.1f}%"


def rate(value: Rate) -> str:
    """
    One line: ``Rate 5A: 3 of 12 (25.0%), plan ids``.

    The ids are never listed (`Rate.numerator_ids` has them).
    """
    ids = f", {value.id_kind} ids" if value.numerator_ids is not None else ""
    return (
        f"Rate {value.name}: {value.numerator:,} of {value.denominator:,} ({_percent(value)}){ids}"
    )


def _rates(rates: Mapping[str, Rate], codes: Mapping[str, str] | None = None) -> Grid:
    headers: tuple[str, ...] = ("measure", "numerator", "denominator", "percent")
    rows: list[tuple[str, ...]] = [
        (name, f"{r.numerator:,}", f"{r.denominator:,}", _percent(r)) for name, r in rates.items()
    ]
    if codes is not None:
        headers = (*headers, "codes")
        rows = [(*row, codes[row[0]]) for row in rows]
    return grid("measures", headers, rows, limit=10)


def _by_code(
    caption: str, by_code: Mapping[str, tuple[str, ...]], meanings: Mapping[str, str]
) -> Grid:
    return grid(
        caption,
        ("code", "children", "meaning"),
        ((code, f"{len(ids):,}", meanings.get(code, "")) for code, ids in by_code.items()),
        limit=20,
        width=72,
    )


def _environment_summary(
    title: str,
    result: Indicator5 | Indicator6,
    codes: Mapping[str, str],
) -> Summary:
    from .environments import CODE_DESCRIPTIONS

    children = sum(len(ids) for ids in result.by_code.values())
    return Summary(
        title=f"{title} on {result.as_of.isoformat()}",
        facts=(
            ("children", f"{children:,}"),
            ("unclassified (no placement)", f"{len(result.unclassified):,}"),
        ),
        grids=(
            _rates(result.rates(), codes),
            _by_code("by code", result.by_code, CODE_DESCRIPTIONS),
        ),
        notes=("the plan ids: .a.numerator_ids …, .by_code[code], .unclassified",),
    )


def indicator_5(result: Indicator5) -> Summary:
    """Indicator 5: the three measures and the children by school-age code."""
    return _environment_summary(
        "Indicator 5, school-age environments (5 in kindergarten to 21)",
        result,
        {"5A": "RC80", "5B": "RC39", "5C": "SS, RF, HH"},
    )


def indicator_6(result: Indicator6) -> Summary:
    """Indicator 6: the three measures and the children by early childhood code."""
    return _environment_summary(
        "Indicator 6, early childhood environments (3 to 5)",
        result,
        {"6A": "REC10YSVCS, REC09YSVCS", "6B": "SC, SS, RF", "6C": "H"},
    )


def _statuses(statuses: Iterable[str], every: Iterable[str]) -> list[tuple[str, int]]:
    counts = Counter(statuses)
    return [(status, counts.get(status, 0)) for status in every]


def indicator_11(result: Indicator11) -> Summary:
    """Indicator 11: the rate, the evaluations by status, the first late ones."""
    from .indicators import EvaluationStatus

    late = result.late
    days = result.days_late_range
    return Summary(
        title=f"Indicator 11, timely initial evaluations on {result.as_of.isoformat()}",
        facts=(
            ("since", cell(result.since)),
            ("a (consents counted)", f"{result.a:,}"),
            ("b (within the timeline)", f"{result.b:,}"),
            ("percent", _percent(result.rate)),
            ("days late", "—" if days is None else f"{days[0]} to {days[1]}"),
        ),
        grids=(
            count_grid(
                "evaluations by status",
                "status",
                _statuses(
                    (e.status for e in result.evaluations), (s.value for s in EvaluationStatus)
                ),
            ),
            grid(
                "late or overdue",
                ("plan_id", "student_id", "consent_date", "due_date", "end_date", "days_late"),
                (
                    (e.plan_id, e.student_id, e.consent_date, e.due_date, e.end_date, e.days_late)
                    for e in late
                ),
            ),
        ),
        notes=("every evaluation: .evaluations, or .table().to_pandas()",),
    )


def indicator_12(result: Indicator12) -> Summary:
    """Indicator 12: the elements a to f, the rate, the first children counted late."""
    late = [child for child in result.children if child.element == "late"]
    return Summary(
        title=(
            f"Indicator 12, Part C to Part B by the third birthday on {result.as_of.isoformat()}"
        ),
        facts=(
            ("since", cell(result.since)),
            *((element, f"{getattr(result, element):,}") for element in "abcdef"),
            ("late", f"{len(late):,}"),
            ("e unchecked", f"{len(result.e_unchecked):,}"),
        ),
        grids=(
            _rates(result.rates()),
            grid(
                "counted late",
                ("student_id", "plan_id", "days_late", "part_c_eligibility_date"),
                ((c.student_id, c.plan_id, c.days_late, c.part_c_eligibility_date) for c in late),
            ),
        ),
        notes=("every child and its element: .children; the elements: INDICATOR_12_ELEMENTS",),
    )


def indicator_13(result: Indicator13) -> Summary:
    """Indicator 13: the rate and the answers to each item of the checklist."""
    from .indicators import Answer

    items = (
        "q1_postsecondary_goals",
        "q2_updated_annually",
        "q3_transition_assessment",
        "q4_transition_services",
        "q5_courses_of_study",
        "q6_annual_goals",
        "q7_student_invited",
        "q8_agency_invited",
    )
    answers = [a.value for a in Answer]
    rows: list[tuple[str, ...]] = []
    for index, item in enumerate(items):
        counts = Counter(checklist.answers[index] for checklist in result.checklists)
        rows.append((item, *(f"{counts.get(answer, 0):,}" for answer in answers)))
    return Summary(
        title=f"Indicator 13, secondary transition on {result.as_of.isoformat()}",
        facts=(("youngest age counted", str(result.min_age)),),
        grids=(_rates(result.rates()), grid("answers by item", ("item", *answers), rows, limit=8)),
        notes=("each plan's checklist: .checklists, or .table().to_pandas()",),
    )


def child_count(result: ChildCount) -> Summary:
    """The child count: every code of both age groups, zero included."""
    from .environments import CODE_DESCRIPTIONS

    school = sum(len(ids) for ids in result.school_age.values())
    early = sum(len(ids) for ids in result.early_childhood.values())
    return Summary(
        title=f"Child count by educational environment on {result.as_of.isoformat()}",
        facts=(
            ("school age", f"{school:,}"),
            ("early childhood", f"{early:,}"),
            ("unclassified (no placement)", f"{len(result.unclassified):,}"),
        ),
        grids=(
            _by_code("school age", result.school_age, CODE_DESCRIPTIONS),
            _by_code("early childhood", result.early_childhood, CODE_DESCRIPTIONS),
        ),
        notes=("the plan ids: .school_age[code], .early_childhood[code]; .counts()",),
    )


def _minutes(
    caption: str, header: str, values: Mapping[str, float] | Mapping[str | None, float]
) -> Grid:
    return grid(
        caption,
        (header, "minutes a week"),
        ((key if key is not None else "(none)", round(v, 2)) for key, v in values.items()),
        limit=20,
    )


def plan_minutes(result: PlanMinutes) -> Summary:
    """A plan's minutes a week by category and by setting."""
    return Summary(
        title=f"Minutes a week of plan {result.plan_id}: {cell(round(result.total, 2))}",
        facts=(("services", f"{result.service_count:,}"),),
        grids=(
            _minutes("by category", "category", result.by_category),
            _minutes("by setting", "setting", result.by_setting),
        ),
    )


def minutes_summary(result: MinutesSummary) -> Summary:
    """Minutes a week over many plans, by category and by setting."""
    mean = result.mean_per_plan
    return Summary(
        title=f"Minutes a week over {result.plan_count:,} plans",
        facts=(
            ("services", f"{result.service_count:,}"),
            ("total", cell(round(result.total, 2))),
            ("mean per plan", cell(None if mean is None else round(mean, 2))),
        ),
        grids=(
            _minutes("by category", "category", result.by_category),
            _minutes("by setting", "setting", result.by_setting),
        ),
        notes=("by category and setting: .by_category_setting",),
    )


def rate_summary(value: Rate) -> Summary:
    """A rate in one line (see `rate`)."""
    return Summary(title=rate(value))


def tables(tables: Mapping[str, tuple[int, int]], personal: bool) -> Summary:
    """A set of tables: each one's rows and columns."""
    rows = [(name, f"{n:,}", str(c)) for name, (n, c) in tables.items()]
    notes = ["each table: .plans, .goals …; .plans.to_pandas()"]
    if tables["findings"][0] == 0:
        notes.append("findings: made only by tables(plans, findings=True, as_of=...)")
    if personal:
        notes.append("made with include_personal=True: personal values are masked in displays")
    return Summary(
        title=f"Tables of {tables['plans'][0]:,} plans",
        grids=(grid("", ("table", "rows", "columns"), rows, limit=20),),
        notes=tuple(notes),
    )
