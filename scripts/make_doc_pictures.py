"""
Draw the pictures of docs/pictures.md from the sample district.

    python scripts/make_doc_pictures.py            # writes docs/images/plot-*.png
    python scripts/make_doc_pictures.py OUTDIR     # writes them to OUTDIR instead

Needs the plot extra (matplotlib). The sample district is fixed and `save_figure` writes
no timestamp, so the files change only when the drawing code does; the tests draw them to
a temporary folder on every run.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import iepmodel
from iepmodel import sample
from iepmodel.plot import district_overview, save_figure, student_timeline

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"

TIMELINE = "plot-student-timeline.png"
DISTRICT = "plot-district-overview.png"


def example_student(
    plans: list[iepmodel.IEP], findings: list[iepmodel.Finding]
) -> list[iepmodel.IEP]:
    """The student whose history shows most: most plans, then most findings, then id."""
    by_student: dict[str, list[iepmodel.IEP]] = defaultdict(list)
    for plan in plans:
        by_student[plan.student.id].append(plan)
    found: dict[str, int] = defaultdict(int)
    for finding in findings:
        found[finding.plan_id] += 1

    def rank(student: str) -> tuple[int, int, bool, str]:
        history = by_student[student]
        count = sum(found[plan.id] for plan in history)
        return (-min(len(history), 3), -count, count == 0, student)

    return by_student[min(by_student, key=rank)]


def make(outdir: Path) -> list[Path]:
    """Draw both pictures into *outdir*; return their paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    plans = sample.plans()
    calendar = sample.calendar()
    findings = iepmodel.check(plans, as_of=sample.AS_OF, calendar=calendar)
    timeline = student_timeline(
        example_student(plans, findings), findings, as_of=sample.AS_OF, label="Student A"
    )
    overview = district_overview(
        plans, findings, as_of=sample.AS_OF, title="Maple Valley Schools (fictional)"
    )
    written = []
    for figure, name in ((timeline, TIMELINE), (overview, DISTRICT)):
        path = outdir / name
        save_figure(figure, path)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    outdir = Path(argv[1]) if len(argv) > 1 else IMAGES
    for path in make(outdir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
