"""
Displays for notebooks: short text and HTML summaries, and a plan's card.

Everything `iepmodel.analysis` returns, the findings of `iepmodel.check` and a plan show
themselves in a notebook as a short summary: sizes, counts and the first few rows, never
the whole data. A summary's text (its ``repr``) stays within a few kilobytes, its HTML
(``_repr_html_``, what Jupyter shows) within a few more, however many plans are behind
it: the numbers of rows, columns and categories shown are capped (`MAX_ROWS`,
`MAX_TEXT_WIDTH`, `MAX_HTML_COLUMNS`), and so is the length of each value (`MAX_CELL`).

Displays never show personal data: no name, no date of birth, no free text. A table made
with ``include_personal=True`` lists its personal columns, but their values are masked.
The one exception is `card` with ``include_personal=True``, asked for explicitly. All
text from a plan is HTML-escaped.

>>> import datetime as dt, iepmodel
>>> from iepmodel.display import card
>>> plan = iepmodel.IEP(
...     id="P1", kind=iepmodel.PlanKind.ANNUAL,
...     student=iepmodel.Student(id="S1", name="Ann", date_of_birth=dt.date(2015, 1, 22)),
...     start_date=dt.date(2025, 10, 1), end_date=dt.date(2026, 9, 30),
... )
>>> print(card(plan).text)
IEP P1: annual, final, US
  student: S1 · grade: — · in effect: 2025-10-01 to 2026-09-30 · meeting: —
  goals: 0 · services: 0 (0 min/week) · accommodations: 0 · modifications: 0 · evaluations: 0
  placement: — · transition plan: no
>>> "Ann" in card(plan).html, "Ann" in card(plan, include_personal=True).html
(False, True)
"""

from __future__ import annotations

import datetime as dt
import html as _html
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, cast

import attrs

if TYPE_CHECKING:
    from ._plan import IEP
    from .analysis._frame import Column
    from .rules import Finding

__all__ = [
    "MASK",
    "MAX_CELL",
    "MAX_HTML_COLUMNS",
    "MAX_ROWS",
    "MAX_TEXT_WIDTH",
    "Card",
    "Displayed",
    "Grid",
    "Summary",
    "card",
    "cell",
    "count_grid",
    "findings_summary",
    "grid",
    "html",
    "render_html",
    "render_text",
    "table_summary",
    "text",
]

MAX_ROWS = 5
"""The most rows a display shows of a table or a list."""
MAX_CELL = 40
"""The most characters a display shows of one value (longer ones end with ``…``): enough
for an id (a UUID is 36)."""
MAX_TEXT_WIDTH = 120
"""The width the text of a table's rows is kept within (the columns that fit)."""
MAX_HTML_COLUMNS = 12
"""The most columns the HTML of a table shows (the others are named below it)."""
MAX_NAMES = 600
"""The most characters of a list of column names."""
MAX_DESCRIBED = 60
"""The most columns whose descriptions the HTML of a table lists (folded)."""
MASK = "***"
"""What a display shows instead of a personal value."""
_MISSING = "—"


def cell(value: Any, *, limit: int = MAX_CELL) -> str:
    """
    A value as a display shows it: short, one line, at most *limit* characters.

    >>> from iepmodel.display import cell
    >>> cell(None), cell(2.5), cell(dt.date(2026, 1, 15)), cell(("a", "b"))
    ('—', '2.5', '2026-01-15', 'a, b')
    >>> cell("abcdefghi", limit=8)
    'abcdefg…'
    """
    if value is None:
        shown = _MISSING
    elif isinstance(value, bool):
        shown = str(value)
    elif isinstance(value, float):
        shown = f"{value:.2f}".rstrip("0").rstrip(".") if not math.isnan(value) else "NaN"
    elif isinstance(value, dt.date):
        shown = value.isoformat()
    elif isinstance(value, tuple | list | frozenset | set):
        items = cast("Iterable[Any]", value)
        shown = ", ".join(cell(item, limit=limit) for item in items)
    else:
        shown = str(value)
    shown = " ".join(shown.split())  # one line
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _shorten(names: Sequence[str], limit: int = MAX_NAMES) -> str:
    shown: list[str] = []
    used = 0
    for index, name in enumerate(names):
        if used + len(name) + 2 > limit:
            return ", ".join(shown) + f" … ({len(names) - index} more)"
        shown.append(name)
        used += len(name) + 2
    return ", ".join(shown)


@attrs.frozen(kw_only=True)
class Grid:
    """
    A small table of a summary: a caption, headers and at most a few rows of text.

    Attributes:
        caption: what the rows are.
        headers: the column headers.
        rows: the rows, each a tuple of cells already shortened (see `cell`).
        more_rows: how many rows were left out.
        more_columns: the names of the columns left out.
    """

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    more_rows: int = 0
    more_columns: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Summary:
    """
    What a display shows of an object: a title, key facts, small grids and notes.

    Attributes:
        title: one line naming the object and its size.
        facts: (label, value) pairs shown on one line.
        grids: small tables (`Grid`).
        notes: short lines after them (where to find the rest).
        details: tables shown folded in HTML only (``<details>``), e.g. what each column
            of a table means; the text leaves them out.
    """

    title: str
    facts: tuple[tuple[str, str], ...] = ()
    grids: tuple[Grid, ...] = ()
    notes: tuple[str, ...] = ()
    details: tuple[Grid, ...] = ()


def _grid_lines(grid: Grid) -> list[str]:
    widths = [len(header) for header in grid.headers]
    for row in grid.rows:
        widths = [max(width, len(value)) for width, value in zip(widths, row, strict=True)]
    shown = 0
    used = 2
    for width in widths:
        if shown and used + width > MAX_TEXT_WIDTH:
            break
        used += width + 2
        shown += 1
    hidden = list(grid.headers[shown:]) + list(grid.more_columns)
    lines = [f"{grid.caption}:"] if grid.caption else []

    def line(values: Sequence[str]) -> str:
        return "  " + "  ".join(v.ljust(w) for v, w in zip(values[:shown], widths, strict=False))

    lines.append(line(grid.headers).rstrip())
    lines.extend(line(row).rstrip() for row in grid.rows)
    if grid.more_rows:
        lines.append(f"  … {grid.more_rows:,} more rows")
    if hidden:
        lines.append(f"  … {len(hidden)} more columns: {_shorten(hidden)}")
    return lines


def render_text(summary: Summary) -> str:
    """The text of *summary* (what ``repr`` shows)."""
    lines = [summary.title]
    if summary.facts:
        lines.append("  " + " · ".join(f"{label}: {value}" for label, value in summary.facts))
    for grid in summary.grids:
        lines.extend(_grid_lines(grid))
    lines.extend(summary.notes)
    return "\n".join(lines)


def _e(text: str) -> str:
    return _html.escape(text, quote=True)


def _grid_html(grid: Grid) -> str:
    headers = grid.headers[:MAX_HTML_COLUMNS]
    hidden = list(grid.headers[MAX_HTML_COLUMNS:]) + list(grid.more_columns)
    parts = ["<table>"]
    if grid.caption:
        parts.append(f'<caption style="text-align:left">{_e(grid.caption)}</caption>')
    parts.append("<thead><tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr></thead>")
    parts.append("<tbody>")
    parts.extend(
        "<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row[: len(headers)]) + "</tr>"
        for row in grid.rows
    )
    parts.append("</tbody></table>")
    more: list[str] = []
    if grid.more_rows:
        more.append(f"… {grid.more_rows:,} more rows")
    if hidden:
        more.append(f"… {len(hidden)} more columns: {_shorten(hidden)}")
    if more:
        parts.append(f"<p><small>{_e('; '.join(more))}</small></p>")
    return "".join(parts)


def render_html(summary: Summary) -> str:
    """The HTML of *summary* (what a notebook shows); every text is escaped."""
    parts = ['<div class="iepmodel-display">', f"<p><strong>{_e(summary.title)}</strong></p>"]
    if summary.facts:
        facts = " · ".join(f"{_e(label)}: <b>{_e(value)}</b>" for label, value in summary.facts)
        parts.append(f"<p>{facts}</p>")
    parts.extend(_grid_html(grid) for grid in summary.grids)
    parts.extend(f"<p><small>{_e(note)}</small></p>" for note in summary.notes)
    parts.extend(
        f"<details><summary>{_e(grid.caption)}</summary>"
        f"{_grid_html(attrs.evolve(grid, caption=''))}</details>"
        for grid in summary.details
    )
    parts.append("</div>")
    return "\n".join(parts)


class Displayed:
    """
    A mixin: ``repr`` and ``_repr_html_`` from the object's ``_summary_()`` (a `Summary`).

    An attrs class that uses it is declared with ``repr=False`` so that attrs keeps this
    ``__repr__``.
    """

    __slots__ = ()

    def _summary_(self) -> Summary:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def __repr__(self) -> str:
        return render_text(self._summary_())

    def _repr_html_(self) -> str:
        return render_html(self._summary_())


def text(obj: Displayed) -> str:
    """The display text of *obj* (the same as ``repr(obj)``)."""
    return render_text(obj._summary_())


def html(obj: Displayed) -> str:
    """The display HTML of *obj* (what a notebook shows)."""
    return render_html(obj._summary_())


def grid(
    caption: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    limit: int = MAX_ROWS,
    width: int = MAX_CELL,
) -> Grid:
    """A `Grid` of the first *limit* of *rows* (values shortened to *width* with `cell`)."""
    kept: list[tuple[str, ...]] = []
    total = 0
    for row in rows:
        total += 1
        if len(kept) < limit:
            kept.append(tuple(cell(value, limit=width) for value in row))
    return Grid(
        caption=caption, headers=tuple(headers), rows=tuple(kept), more_rows=total - len(kept)
    )


def count_grid(caption: str, header: str, counts: Iterable[tuple[str, int]]) -> Grid:
    """A `Grid` of (value, count) pairs, every one of them (for short enumerations)."""
    return grid(caption, (header, "count"), ((k, f"{v:,}") for k, v in counts), limit=40)


# --- tables ----------------------------------------------------------------------------


def table_summary(name: str, columns: Sequence[Column], rows: Sequence[Any]) -> Summary:
    """The summary of a tidy table: its size, its first rows and its columns' names."""
    headers = [col.name for col in columns]
    personal = {col.name for col in columns if col.personal}

    def values(row: Any) -> list[Any]:
        return [
            MASK if name in personal and getattr(row, name) is not None else getattr(row, name)
            for name in headers
        ]

    shown = grid("", headers, (values(row) for row in rows[:MAX_ROWS]))
    notes: list[str] = []
    if personal:
        notes.append(f"personal columns ({', '.join(sorted(personal))}) are masked in displays")
    described = grid(
        f"the {len(columns)} columns",
        ("column", "type", "description"),
        (
            (
                col.name,
                col.type + ("?" if col.nullable else ""),
                col.description
                + (f" ({len(col.categories)} categories)" if col.categories else ""),
            )
            for col in columns
        ),
        limit=MAX_DESCRIBED,
        width=80,
    )
    return Summary(
        title=f"Table {name!r}: {len(rows):,} rows, {len(headers)} columns",
        grids=(attrs.evolve(shown, more_rows=max(0, len(rows) - MAX_ROWS)),),
        notes=tuple(notes),
        details=(attrs.evolve(described, more_columns=()),),
    )


# --- findings --------------------------------------------------------------------------


def findings_summary(findings: Sequence[Finding]) -> Summary:
    """The summary of a list of findings: counts by severity and rule, the first ones."""
    severities = Counter(f.severity.value for f in findings)
    codes = Counter((f.code, f.severity.value) for f in findings)
    plans = len({f.plan_id for f in findings})
    by_code = grid(
        "by rule",
        ("code", "severity", "count"),
        ((code, severity, f"{n:,}") for (code, severity), n in codes.most_common()),
        limit=10,
    )
    first = grid(
        "first findings",
        ("plan_id", "code", "severity", "due", "message", "path"),
        ((f.plan_id, f.code, f.severity.value, f.due, f.message, f.path) for f in findings),
        width=64,
    )
    return Summary(
        title=f"Findings: {len(findings):,} in {plans:,} plans",
        facts=(
            ("errors", f"{severities.get('error', 0):,}"),
            ("warnings", f"{severities.get('warning', 0):,}"),
            ("rules", f"{len({f.code for f in findings}):,}"),
        ),
        grids=(by_code, first) if findings else (),
        notes=("a list of Finding; .table() for a tidy table (.to_pandas())",),
    )


# --- a plan's card ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Card:
    """
    A plan's card: a compact summary in text and HTML (see `card`).

    Its ``repr`` names the plan only; print `text`, or let a notebook show `html`.

    Attributes:
        plan_id: the plan's id.
        include_personal: whether the card shows personal data.
        text: the card as plain text.
        html: the card as HTML (every text from the plan escaped).
    """

    plan_id: str
    include_personal: bool
    text: str = attrs.field(repr=False)
    html: str = attrs.field(repr=False)

    def _repr_html_(self) -> str:
        return self.html


def _card_facts(plan: IEP) -> list[list[tuple[str, str]]]:
    placement = plan.placement
    if placement is None:
        where = _MISSING
    else:
        where = f"{cell(placement.regular_class_percent)}% in the regular class"
        if placement.facility.value != "regular_school":
            where += f", {placement.facility.value}"
    minutes = plan.weekly_service_minutes()
    return [
        [
            ("student", cell(plan.student.id)),
            ("grade", cell(plan.student.grade)),
            ("in effect", f"{plan.start_date.isoformat()} to {plan.end_date.isoformat()}"),
            ("meeting", cell(plan.meeting_date)),
        ],
        [
            ("goals", str(len(plan.goals))),
            ("services", f"{len(plan.services)} ({cell(round(minutes))} min/week)"),
            ("accommodations", str(len(plan.accommodations))),
            ("modifications", str(len(plan.modifications))),
            ("evaluations", str(len(plan.evaluations))),
        ],
        [
            ("placement", where),
            ("transition plan", "yes" if plan.transition is not None else "no"),
        ],
    ]


def _personal_facts(plan: IEP) -> tuple[list[tuple[str, str]], list[str]]:
    student = plan.student
    facts = [
        ("name", cell(student.name, limit=120)),
        ("date of birth", student.date_of_birth.isoformat()),
        ("disabilities", cell(tuple(d.value for d in student.disabilities) or None, limit=200)),
    ]
    goals = [cell(goal.statement, limit=120) for goal in plan.goals[:MAX_ROWS]]
    return facts, goals


def card(plan: IEP, *, include_personal: bool = False) -> Card:
    """
    A compact card of *plan*: kind, status, jurisdiction, dates and counts.

    Without *include_personal* the card shows no personal data: neither the child's name
    nor the date of birth, no disability category and no free text. With it, the card adds
    the name, the date of birth, the disability categories and the first goals' statements:
    ask for them only where they may be shown. A notebook shows a plan's card (without
    personal data) when a cell evaluates to a plan.
    """
    title = (
        f"IEP {cell(plan.id)}: {plan.kind.value}, {plan.status.value},"
        f" {cell(plan.jurisdiction or 'US')}"
        + (f", amends {cell(plan.amends)}" if plan.amends else "")
    )
    rows = _card_facts(plan)
    goals: list[str] = []
    if include_personal:
        personal, goals = _personal_facts(plan)
        rows.insert(0, personal)
    lines = [title] + ["  " + " · ".join(f"{k}: {v}" for k, v in row) for row in rows]
    lines.extend(f"  goal {index + 1}: {goal}" for index, goal in enumerate(goals))
    body = "".join(
        "<tr>"
        + "".join(f"<th style='text-align:left'>{_e(k)}</th><td>{_e(v)}</td>" for k, v in row)
        + "</tr>"
        for row in rows
    )
    goal_html = "".join(f"<li>{_e(goal)}</li>" for goal in goals)
    page = (
        '<div class="iepmodel-card" style="border:1px solid #ccc;padding:0.5em;'
        f'display:inline-block"><p><strong>{_e(title)}</strong></p>'
        f"<table>{body}</table>"
        + (f"<p>goals:</p><ol>{goal_html}</ol>" if goal_html else "")
        + "</div>"
    )
    return Card(
        plan_id=plan.id, include_personal=include_personal, text="\n".join(lines), html=page
    )
