"""
Pictures: a student's timeline and a district overview, as matplotlib figures.

- `student_timeline`: one student's plans as bars over time, with the meetings, the
  evaluations (consent and completion), the due dates the library computes (the next
  annual review, 34 CFR 300.324(b)(1); the next reevaluation, 34 CFR 300.303(b)(2)) and
  the rules' findings;
- `district_overview`: findings by rule, the EDFacts educational environments (every
  code, zero included) and the SPP/APR indicator values;
- `save_figure`: writes a figure as PNG or SVG with no timestamp, so the same figure
  gives the same file.

The pictures carry no personal data: no names, no dates of birth, no free text, no dates
counted from a date of birth (the transition and age-of-majority dates), and no student
or plan ids. A student is named only by the ``label`` the caller gives (a pseudonym).

matplotlib comes with the ``plot`` extra (``pip install 'iepmodel[plot]'``) and is
imported only when a picture is drawn. The figures are plain `matplotlib.figure.Figure`
objects, made without pyplot: drawing one never changes the caller's backend, a notebook
shows it inline (as a PNG, whatever the backend), and ``figure.savefig`` (or
`save_figure`) writes it with the Agg renderer, offline, with no browser.

>>> import iepmodel.plot  # matplotlib is not imported yet
"""

# matplotlib's own annotations leave every ``**kwargs`` untyped, which strict pyright
# reports on each call that passes one; mypy checks these calls in full.
# pyright: reportUnknownMemberType=false, reportUnknownArgumentType=false
# pyright: reportUnknownVariableType=false

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ._plan import IEP
from .rules import Finding, Severity, check

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ._calendar import SchoolCalendar
    from .jurisdictions import Profile

__all__ = ["district_overview", "save_figure", "student_timeline"]

_MISSING_MATPLOTLIB = (
    "pictures need matplotlib: install the 'plot' extra (pip install 'iepmodel[plot]')"
)

# Colours from the Okabe-Ito palette: told apart with the common colour-vision deficiencies.
_ERROR = "#D55E00"  # vermilion
_WARNING = "#F0E442"  # yellow, drawn with a dark edge
_KIND_COLOURS = {
    "initial": "#0072B2",  # blue
    "annual": "#56B4E9",  # sky blue
    "reevaluation": "#009E73",  # bluish green
    "amendment": "#CC79A7",  # reddish purple
    "interim": "#999999",  # grey
}
_MEETING = "#000000"
_EVALUATION = "#009E73"
_DUE = "#0072B2"
_BAR = "#56B4E9"
_EARLY = "#CC79A7"

_LANES = ("Findings", "Due dates", "Evaluations", "Meetings", "Plans")


def _num(day: dt.date) -> float:
    """*day* as a matplotlib date number (days since its epoch)."""
    import matplotlib.dates

    return float(matplotlib.dates.date2num(day))  # type: ignore[no-untyped-call]


def _nums(days: Iterable[dt.date]) -> list[float]:
    return [_num(day) for day in sorted(days)]


def _matplotlib() -> Any:
    """Import matplotlib (the ``plot`` extra), or raise an `ImportError` naming it."""
    try:
        # The submodules are read as attributes of the module returned (``mpl.dates``).
        import matplotlib
        import matplotlib.dates  # pyright: ignore[reportUnusedImport]
        import matplotlib.patches  # pyright: ignore[reportUnusedImport]
    except ImportError as error:
        raise ImportError(_MISSING_MATPLOTLIB, name="matplotlib") from error
    return matplotlib


def _figure(width: float, height: float) -> Figure:
    from ._plotfigure import NotebookFigure

    return NotebookFigure(figsize=(width, height), layout="constrained")


def save_figure(figure: Figure, path: str | os.PathLike[str], *, dpi: int = 110) -> None:
    """
    Write *figure* to *path* (PNG or SVG, by the suffix), byte for byte reproducibly.

    The software and date stamps are left out and SVG ids are salted with a constant,
    so the same figure always gives the same file (a picture in the docs changes only
    when the drawing does).
    """
    _matplotlib()
    suffix = os.fspath(path).rsplit(".", 1)[-1].lower()
    if suffix == "svg":
        import matplotlib

        with matplotlib.rc_context({"svg.hashsalt": "iepmodel"}):
            figure.savefig(path, format="svg", metadata={"Date": None, "Creator": None})
        return
    figure.savefig(path, dpi=dpi, metadata={"Software": None})


# --- a student's timeline ---------------------------------------------------------------


def _one_student(plans: Sequence[IEP]) -> None:
    if not plans:
        msg = "student_timeline needs at least one plan"
        raise ValueError(msg)
    students = {plan.student.id for plan in plans}
    if len(students) > 1:
        # The ids are not named: they may identify children.
        msg = f"student_timeline draws one student; the plans are of {len(students)} students"
        raise ValueError(msg)


def _lanes_of_plans(plans: Sequence[IEP]) -> list[int]:
    """A sub-row for each plan, so that plans that overlap (an amendment) do not hide."""
    ends: list[dt.date] = []
    rows: list[int] = []
    for plan in plans:
        for row, end in enumerate(ends):
            if end < plan.start_date:
                ends[row] = plan.end_date
                rows.append(row)
                break
        else:
            ends.append(plan.end_date)
            rows.append(len(ends) - 1)
    return rows


def _date_labels(
    ax: Axes, marks: dict[dt.date, list[str]], y: float, colour: str, within: int
) -> None:
    """
    Write the labels of *marks* above their markers at (date, *y*).

    Dates closer than *within* days share one label (their texts one above the other),
    so that labels never overprint each other.
    """
    clusters: list[tuple[dt.date, list[str]]] = []
    for day, labels in sorted(marks.items()):
        if clusters and (day - clusters[-1][0]).days < within:
            clusters[-1][1].extend(labels)
        else:
            clusters.append((day, list(labels)))
    for day, labels in clusters:
        ax.annotate(
            "\n".join(dict.fromkeys(labels)),  # in order, each once
            (_num(day), y),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=colour,
        )


def student_timeline(
    plans: Iterable[IEP],
    findings: Iterable[Finding] | None = None,
    *,
    as_of: dt.date | None = None,
    label: str | None = None,
    jurisdiction: str | Profile | None = None,
    calendar: SchoolCalendar | None = None,
) -> Figure:
    """
    One student's plans, meetings, evaluations, due dates and findings over time.

    Each plan is a bar from its start to its end date, coloured by kind (plans that
    overlap, such as an amendment, get rows of their own); each meeting and evaluation
    (consent received, completed) is a marker; the due dates are the library's own
    (`iepmodel.rules.PlanTimeline`): the next annual review after each review meeting and
    the next reevaluation; each finding is a marker at its due date (else at *as_of*),
    labelled with its rule code and coloured by severity. A line marks *as_of*.

    Args:
        plans: the plans of one student (any order).
        findings: the findings to mark (those of other plans are ignored); by default the
            plans are checked as of *as_of* with *jurisdiction* and *calendar*.
        as_of: the day the picture looks from (default: today).
        label: how to name the student in the title, e.g. a pseudonym. Nothing else
            identifies the student: no name, date of birth, id or free text is drawn.
        jurisdiction: overrides the plans' own, for the due dates and the check.
        calendar: the school calendar, for the check's school-day timelines.

    Returns:
        A `matplotlib.figure.Figure` (save it with `save_figure` or ``savefig``).

    Raises:
        ValueError: no plans, or plans of several students.
        ImportError: matplotlib (the ``plot`` extra) is not installed.
    """
    mpl = _matplotlib()
    from .rules import Context

    given = list(plans)
    _one_student(given)
    day = as_of if as_of is not None else dt.date.today()  # noqa: DTZ011 - the local day
    if findings is None:
        findings = check(given, as_of=day, jurisdiction=jurisdiction, calendar=calendar)
    context = Context.for_plan(
        given[0], as_of=day, jurisdiction=jurisdiction, calendar=calendar, history=given
    )
    ordered = context.history.plans
    plan_ids = {plan.id for plan in ordered}
    shown = [finding for finding in findings if finding.plan_id in plan_ids]

    figure = _figure(10, 4.8)
    ax = figure.add_subplot()
    lane = {name: index for index, name in enumerate(_LANES)}
    events: list[dt.date] = [day]

    # Plans: bars, in sub-rows of the top lane.
    rows = _lanes_of_plans(ordered)
    depth = max(rows) + 1
    height = 0.8 / depth
    for plan, row in zip(ordered, rows, strict=True):
        y = lane["Plans"] + 0.4 - (row + 0.5) * height
        start = mpl.dates.date2num(plan.start_date)
        width = mpl.dates.date2num(plan.end_date + dt.timedelta(days=1)) - start
        draft = plan.status.value == "draft"
        ax.barh(
            y,
            width,
            left=start,
            height=height * 0.85,
            color=_KIND_COLOURS[plan.kind.value],
            edgecolor="#333333",
            linewidth=0.6,
            hatch="//" if draft else None,
            alpha=0.6 if draft else 1.0,
        )
        ax.text(
            start + width / 2,
            y,
            plan.kind.value + (" (draft)" if draft else ""),
            ha="center",
            va="center",
            fontsize=8,
            clip_on=True,
        )
        events += [plan.start_date, plan.end_date]

    # Meetings.
    meetings = sorted({plan.meeting.date for plan in ordered if plan.meeting is not None})
    ax.plot(
        _nums(meetings),
        [lane["Meetings"]] * len(meetings),
        "o",
        color=_MEETING,
        markersize=7,
        label="team meeting",
    )
    events += meetings

    # Evaluations, listed again by each plan: drawn once each.
    consents: set[dt.date] = set()
    completions: dict[dt.date, list[str]] = {}
    for plan in ordered:
        for evaluation in plan.evaluations:
            if evaluation.consent_date is not None:
                consents.add(evaluation.consent_date)
            if evaluation.completed_date is not None:
                completions.setdefault(evaluation.completed_date, []).append(evaluation.kind.value)
    y_eval = lane["Evaluations"]
    ax.plot(
        _nums(consents),
        [y_eval] * len(consents),
        "^",
        markerfacecolor="white",
        markeredgecolor=_EVALUATION,
        markersize=7,
        label="evaluation: consent received",
    )
    ax.plot(
        _nums(completions),
        [y_eval] * len(completions),
        "^",
        color=_EVALUATION,
        markersize=8,
        label="evaluation completed",
    )
    labels: list[tuple[dict[dt.date, list[str]], float, str]] = [
        (completions, y_eval, _EVALUATION)
    ]
    events += [*consents, *completions]

    # Due dates, from the library's own timelines.
    dues: dict[dt.date, list[str]] = {}
    for plan in ordered:
        timeline = context.timeline(plan)
        if timeline.review_due is not None:
            dues.setdefault(timeline.review_due, []).append("annual review")
        if timeline.reevaluation_due is not None:
            dues.setdefault(timeline.reevaluation_due, []).append("reevaluation")
    ax.plot(
        _nums(dues),
        [lane["Due dates"]] * len(dues),
        "D",
        markerfacecolor="white",
        markeredgecolor=_DUE,
        markeredgewidth=1.5,
        markersize=7,
        label="due date (next review, reevaluation)",
    )
    labels.append((dues, lane["Due dates"], _DUE))
    events += list(dues)

    # Findings, by severity, at their due date or else at the as-of day.
    for severity, colour, name in (
        (Severity.ERROR, _ERROR, "finding: error"),
        (Severity.WARNING, _WARNING, "finding: warning"),
    ):
        marks: dict[dt.date, list[str]] = {}
        for finding in shown:
            if finding.severity is severity:
                marks.setdefault(finding.due or day, []).append(finding.code)
        offset = 0.12 if severity is Severity.ERROR else -0.12
        ax.plot(
            _nums(marks),
            [lane["Findings"] + offset] * len(marks),
            "X" if severity is Severity.ERROR else "s",
            color=colour,
            markeredgecolor="#333333" if severity is Severity.WARNING else colour,
            markersize=8 if severity is Severity.ERROR else 6,
            label=name,
        )
        labels.append((marks, lane["Findings"] + offset, "#333333"))
        events += list(marks)
    if not shown:
        ax.text(
            0.5,
            lane["Findings"],
            "no findings",
            transform=ax.get_yaxis_transform(),
            ha="center",
            va="center",
            fontsize=8,
            color="#555555",
        )

    ax.axvline(_num(day), color="#555555", linestyle="--", linewidth=1, label="as of")

    low, high = min(events), max(events)
    margin = dt.timedelta(days=max(30, (high - low).days // 25))
    ax.set_xlim(_num(low - margin), _num(high + margin))
    within = max(1, (high - low).days // 14)  # about the width of a label
    for marks, y, colour in labels:
        _date_labels(ax, marks, y, colour, within)
    ax.set_ylim(-0.6, len(_LANES) - 0.4)
    ax.set_yticks(range(len(_LANES)), list(_LANES))
    for y in range(len(_LANES) - 1):
        ax.axhline(y + 0.5, color="#dddddd", linewidth=0.8)
    locator = mpl.dates.AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mpl.dates.ConciseDateFormatter(locator))
    ax.grid(axis="x", color="#eeeeee")
    ax.set_axisbelow(True)
    ax.set_xlabel("date")
    errors = sum(1 for finding in shown if finding.severity is Severity.ERROR)
    title = "Student timeline" + (f": {label}" if label else "")
    ax.set_title(
        f"{title}\n{len(ordered)} plan{'s' if len(ordered) != 1 else ''}, "
        f"{len(shown)} finding{'s' if len(shown) != 1 else ''} ({errors} error"
        f"{'s' if errors != 1 else ''}) as of {day.isoformat()}",
        loc="left",
    )
    handles, names = ax.get_legend_handles_labels()
    kinds = sorted({plan.kind.value for plan in ordered}, key=list(_KIND_COLOURS).index)
    patches = [
        mpl.patches.Patch(color=_KIND_COLOURS[kind], label=f"plan: {kind}") for kind in kinds
    ]
    figure.legend(
        handles=[*patches, *handles],
        labels=[*(patch.get_label() for patch in patches), *names],
        loc="outside lower center",
        ncols=4,
        fontsize=8,
        frameon=False,
    )
    return figure


# --- a district overview --------------------------------------------------------------


def _integers() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def _rule_order(code: str) -> tuple[int, str]:
    return ({"T": 0, "D": 1, "C": 2}.get(code[:1], 3), code)


def _bar_labels(ax: Axes, values: Sequence[float], texts: Sequence[str], **options: Any) -> None:
    for index, (value, text) in enumerate(zip(values, texts, strict=True)):
        ax.annotate(
            text,
            (value, index),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            **options,
        )


def _findings_panel(ax: Axes, findings: Sequence[Finding]) -> None:
    counts = Counter(finding.code for finding in findings)
    severities = {finding.code: finding.severity for finding in findings}
    codes = sorted(counts, key=_rule_order, reverse=True)  # T101 at the top
    values = [counts[code] for code in codes]
    colours = [_ERROR if severities[code] is Severity.ERROR else _WARNING for code in codes]
    ax.barh(
        range(len(codes)), values, color=colours, edgecolor="#333333", linewidth=0.5, height=0.7
    )
    ax.set_yticks(range(len(codes)), codes, fontsize=8)
    ax.set_ylim(-0.7, max(len(codes), 1) - 0.3)
    _bar_labels(ax, values, [str(value) for value in values])
    ax.set_xlim(0, max(values, default=1) * 1.15 + 0.5)
    ax.set_xlabel("findings")
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    ax.set_title(
        f"Findings by rule: {len(findings)} ({errors} errors, {len(findings) - errors} warnings)",
        loc="left",
        fontsize=10,
    )
    mpl = _matplotlib()
    ax.legend(
        handles=[
            mpl.patches.Patch(color=_ERROR, label="error"),
            mpl.patches.Patch(facecolor=_WARNING, edgecolor="#333333", label="warning"),
        ],
        loc="lower right",
        fontsize=8,
    )
    ax.xaxis.set_major_locator(_integers())
    if not codes:
        ax.text(0.5, 0.5, "no findings", transform=ax.transAxes, ha="center", va="center")


def _environment_panel(
    ax: Axes, counts: Counter[str], codes: Sequence[str], title: str, colour: str
) -> None:
    from .analysis import CODE_DESCRIPTIONS

    values = [counts.get(code, 0) for code in codes]
    ax.barh(range(len(codes)), values, color=colour, height=0.7)
    ax.set_yticks(range(len(codes)), [f"{code}" for code in codes], fontsize=8)
    ax.invert_yaxis()
    total = sum(values)
    _bar_labels(
        ax,
        values,
        [f"{value} ({100 * value / total:.0f}%)" if total else "0" for value in values],
    )
    ax.set_xlim(0, max(values, default=1) * 1.35 + 0.5)
    ax.xaxis.set_major_locator(_integers())
    ax.set_xlabel("children")
    ax.set_title(f"{title}: {total} children", loc="left", fontsize=10)
    for index, code in enumerate(codes):
        ax.annotate(
            CODE_DESCRIPTIONS[code],
            (1, index),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color="#444444",
        )


def _indicator_panel(ax: Axes, plans: Sequence[IEP], as_of: dt.date) -> None:
    from .analysis import indicator_5, indicator_6, indicator_11, indicator_13

    rates = {}
    for result in (
        indicator_5(plans, as_of),
        indicator_6(plans, as_of),
        indicator_11(plans, as_of),
        indicator_13(plans, as_of),
    ):
        rates.update(result.rates())
    names = list(rates)
    values = [rates[name].percent or 0.0 for name in names]
    ax.barh(range(len(names)), values, color=_DUE, height=0.7)
    ax.set_yticks(range(len(names)), names, fontsize=8)
    ax.invert_yaxis()
    _bar_labels(
        ax,
        values,
        [
            f"{rate.percent:.1f}%  ({rate.numerator}/{rate.denominator})"
            if rate.percent is not None
            else "no children"
            for rate in rates.values()
        ],
    )
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.set_xlabel("percent")
    ax.set_title("SPP/APR indicators (5, 6, 11, 13)", loc="left", fontsize=10)


def district_overview(
    plans: Iterable[IEP],
    findings: Iterable[Finding] | None = None,
    *,
    as_of: dt.date,
    title: str | None = None,
    jurisdiction: str | Profile | None = None,
    calendar: SchoolCalendar | None = None,
) -> Figure:
    """
    A district at a glance: findings by rule, environments, indicator values.

    Four panels: the number of findings of each rule that fired (coloured by severity);
    the children of each EDFacts school-age environment code and of each early childhood
    code on *as_of* (every code is drawn, with its meaning, including those with no
    child); and the percentages of indicators 5, 6, 11 and 13 with their numerators and
    denominators. Only counts are drawn: no student, plan or person is named.

    Counts are not suppressed: before publishing a picture of small groups, see
    `iepmodel.analysis.suppress_counts`.

    Args:
        plans: the district's plans (read once).
        findings: the findings to count; by default the plans are checked as of *as_of*
            with *jurisdiction* and *calendar*.
        as_of: the count date of the environments and indicators (and of the check).
        title: a heading for the figure, e.g. the district's name.
        jurisdiction: for the default check.
        calendar: for the default check.

    Returns:
        A `matplotlib.figure.Figure`.

    Raises:
        ImportError: matplotlib (the ``plot`` extra) is not installed.
    """
    _matplotlib()
    from .analysis import (
        EarlyChildhoodEnvironment,
        SchoolAgeEnvironment,
        environments_table,
    )

    given = list(plans)
    if findings is None:
        findings = check(given, as_of=as_of, jurisdiction=jurisdiction, calendar=calendar)
    found = list(findings)
    rows = environments_table(given, as_of).rows
    school_age = Counter(row.code for row in rows if row.age_group == "school_age" and row.code)
    early = Counter(row.code for row in rows if row.age_group == "early_childhood" and row.code)

    figure = _figure(13, 9.5)
    grid = figure.add_gridspec(3, 2, width_ratios=(1, 1.5), height_ratios=(8, 9, 8))
    _findings_panel(figure.add_subplot(grid[:, 0]), found)
    _environment_panel(
        figure.add_subplot(grid[0, 1]),
        school_age,
        [code.value for code in SchoolAgeEnvironment],
        "Environments, school age (5 in kindergarten to 21)",
        _BAR,
    )
    _environment_panel(
        figure.add_subplot(grid[1, 1]),
        early,
        [code.value for code in EarlyChildhoodEnvironment],
        "Environments, early childhood (3 to 5)",
        _EARLY,
    )
    _indicator_panel(figure.add_subplot(grid[2, 1]), given, as_of)
    figure.suptitle(
        (f"{title}: " if title else "") + f"{len(given)} plans as of {as_of.isoformat()}",
        x=0.01,
        ha="left",
        fontsize=12,
        fontweight="bold",
    )
    return figure
