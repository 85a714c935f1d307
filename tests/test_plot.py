"""Pictures (`iepmodel.plot`): they build, say what they show, and show no personal data."""

from __future__ import annotations

import datetime as dt
import string
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iepmodel
from iepmodel import sample
from iepmodel.analysis import EARLY_CHILDHOOD_CODES, SCHOOL_AGE_CODES
from iepmodel.testing.strategies import plans as plan_strategy

matplotlib = pytest.importorskip("matplotlib")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from iepmodel.plot import district_overview, save_figure, student_timeline  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_doc_pictures  # noqa: E402


def texts(figure: Figure) -> list[str]:
    """Every text the figure shows, once drawn (tick labels exist only then)."""
    FigureCanvasAgg(figure).draw()
    found = [artist.get_text() for artist in figure.findobj(Text)]
    return [text for text in found if text]


def date_forms(day: dt.date) -> set[str]:
    """The ways a date could be written in a picture."""
    return {
        day.isoformat(),
        day.strftime("%m/%d/%Y"),
        day.strftime("%d/%m/%Y"),
        day.strftime("%b %d %Y"),
        day.strftime("%Y-%b-%d"),
        day.strftime("%d %b %Y"),
        day.strftime("%B %d, %Y"),
    }


def personal(plans: Iterable[iepmodel.IEP]) -> set[str]:
    """Names, dates of birth, free texts and ids of *plans*: none may appear."""
    found: set[str] = set()
    for plan in plans:
        student = plan.student
        if student.name:
            found.add(student.name)
        found |= date_forms(student.date_of_birth)
        found.add(student.id)
        found.add(plan.id)
        if plan.meeting is not None:
            found |= {person.name for person in plan.meeting.participants if person.name}
        found |= {goal.statement for goal in plan.goals}
        found |= {text for goal in plan.goals for text in (goal.baseline, goal.criterion) if text}
        found |= {level.strengths for level in plan.present_levels}
        found |= {level.needs for level in plan.present_levels}
    return found


def leaks(figure: Figure, secrets: set[str]) -> list[tuple[str, str]]:
    shown = texts(figure)
    return [(secret, text) for secret in secrets for text in shown if secret in text]


@pytest.fixture(scope="module")
def district() -> tuple[list[iepmodel.IEP], list[iepmodel.Finding]]:
    plans = sample.plans()
    return plans, iepmodel.check(plans, as_of=sample.AS_OF, calendar=sample.calendar())


def histories(plans: list[iepmodel.IEP]) -> dict[str, list[iepmodel.IEP]]:
    by_student: dict[str, list[iepmodel.IEP]] = defaultdict(list)
    for plan in plans:
        by_student[plan.student.id].append(plan)
    return by_student


@pytest.fixture(scope="module")
def overview(district: tuple[list[iepmodel.IEP], list[iepmodel.Finding]]) -> Figure:
    plans, findings = district
    return district_overview(plans, findings, as_of=sample.AS_OF, title="Maple Valley")


class TestDistrictOverview:
    def test_shows_every_code_findings_and_indicators(
        self, district: tuple[list[iepmodel.IEP], list[iepmodel.Finding]], overview: Figure
    ) -> None:
        plans, findings = district
        figure = overview

        shown = texts(figure)

        # Every environment code is drawn, those with no child included.
        assert set(shown) >= SCHOOL_AGE_CODES | EARLY_CHILDHOOD_CODES
        assert "0 (0%)" in shown
        # Each rule that fired is a bar, labelled by its code.
        assert {finding.code for finding in findings} <= set(shown)
        assert any(text.startswith(f"Findings by rule: {len(findings)} ") for text in shown)
        # The indicators' measures, with numerators and denominators.
        assert {"5A", "5B", "5C", "6A", "6B", "6C", "11", "13"} <= set(shown)
        assert any(text.endswith("(169/208)") for text in shown)
        assert f"Maple Valley: {len(plans)} plans as of 2026-01-15" in shown
        assert all(axes.get_title(loc="left") for axes in figure.axes)
        assert all(axes.get_xlabel() for axes in figure.axes)

    def test_no_personal_data(
        self, district: tuple[list[iepmodel.IEP], list[iepmodel.Finding]], overview: Figure
    ) -> None:
        plans, _ = district

        assert leaks(overview, personal(plans)) == []

    def test_checks_the_plans_when_no_findings_are_given(self) -> None:
        plans = sample.plans()[:40]
        expected = len(iepmodel.check(plans, as_of=sample.AS_OF))

        shown = texts(district_overview(plans, as_of=sample.AS_OF))

        assert any(text.startswith(f"Findings by rule: {expected} ") for text in shown)

    def test_no_plans_still_draws_every_code(self) -> None:
        shown = texts(district_overview([], [], as_of=sample.AS_OF))

        assert set(shown) >= SCHOOL_AGE_CODES
        assert "no findings" in shown
        assert "no children" in shown


class TestStudentTimeline:
    def test_every_part_of_a_history_is_drawn(
        self, district: tuple[list[iepmodel.IEP], list[iepmodel.Finding]]
    ) -> None:
        plans, findings = district
        history = make_doc_pictures.example_student(plans, findings)
        ids = {plan.id for plan in history}
        own = [finding for finding in findings if finding.plan_id in ids]
        assert own, "the example student has findings"

        figure = student_timeline(history, findings, as_of=sample.AS_OF, label="Student A")
        shown = texts(figure)

        heading = figure.axes[0].get_title(loc="left")
        assert heading.startswith("Student timeline: Student A")
        assert f"{len(history)} plans, {len(own)} finding" in heading
        assert {"Plans", "Meetings", "Evaluations", "Due dates", "Findings"} <= set(shown)
        assert {finding.code for finding in own} <= {
            code for text in shown for code in text.split("\n")
        }
        assert {plan.kind.value for plan in history} <= set(shown)
        assert any("annual review" in text for text in shown)
        assert "date" in shown  # the x axis is labelled
        (legend,) = figure.legends
        assert "team meeting" in [text.get_text() for text in legend.get_texts()]

    def test_no_personal_data_for_any_history_of_the_sample(
        self, district: tuple[list[iepmodel.IEP], list[iepmodel.Finding]]
    ) -> None:
        plans, findings = district
        several = [history for history in histories(plans).values() if len(history) > 1]
        for history in several[:3]:
            figure = student_timeline(history, findings, as_of=sample.AS_OF)
            assert leaks(figure, personal(plans)) == []
            # Without a label, the student is not named at all.
            assert figure.axes[0].get_title(loc="left").startswith("Student timeline\n")

    def test_the_label_is_the_only_name(self) -> None:
        plan = sample.plans()[0]

        figure = student_timeline([plan], as_of=sample.AS_OF, label="Pseudonym 7")
        shown = texts(figure)

        assert figure.axes[0].get_title(loc="left").startswith("Student timeline: Pseudonym 7")
        assert not any(plan.student.id in text for text in shown)

    def test_several_students_or_none_are_refused_without_naming_them(self) -> None:
        plans = sample.plans()
        students = [plan for plan in plans if plan.student.id != plans[0].student.id]

        with pytest.raises(ValueError, match="plans are of 2 students") as caught:
            student_timeline([plans[0], students[0]], as_of=sample.AS_OF)
        assert plans[0].student.id not in str(caught.value)
        with pytest.raises(ValueError, match="at least one plan"):
            student_timeline([], as_of=sample.AS_OF)


_SECRET = st.text(alphabet=string.ascii_letters, min_size=6, max_size=10)


@st.composite
def generated_history(draw: st.DrawFn) -> list[iepmodel.IEP]:
    """One to three generated plans made one student's, with recognisable secrets."""
    drawn = draw(
        st.lists(
            plan_strategy(names=_SECRET.map("Nm{}".format), texts=_SECRET.map("Tx{}".format)),
            min_size=1,
            max_size=3,
        )
    )
    student_id = "STU" + draw(_SECRET)
    return [
        attrs.evolve(
            plan,
            id=f"PLN{index}{draw(_SECRET)}",
            student=attrs.evolve(plan.student, id=student_id),
        )
        for index, plan in enumerate(drawn)
    ]


@settings(max_examples=4, deadline=None)  # drawing is slow: a few varied examples
@given(generated_history())
def test_generated_plans_draw_without_personal_data(history: list[iepmodel.IEP]) -> None:
    """Any valid plans draw, in both pictures, and no name, birth date, text or id shows."""
    as_of = max(plan.start_date for plan in history)
    secrets = personal(history)

    timeline = student_timeline(history, as_of=as_of)
    overview = district_overview(history, as_of=as_of)

    assert leaks(timeline, secrets) == []
    assert leaks(overview, secrets) == []


class TestFiles:
    def test_the_doc_pictures_render(self, tmp_path: Path) -> None:
        """The script that draws docs/images/plot-*.png runs; its files match the committed."""
        written = make_doc_pictures.make(tmp_path)

        assert [path.name for path in written] == [
            make_doc_pictures.TIMELINE,
            make_doc_pictures.DISTRICT,
        ]
        for path in written:
            data = path.read_bytes()
            assert data.startswith(b"\x89PNG")
            committed = (ROOT / "docs" / "images" / path.name).read_bytes()
            # The same size in pixels (width and height in the IHDR chunk): the committed
            # picture is the one this code draws (fonts may differ by a pixel's shade).
            assert data[16:24] == committed[16:24]

    def test_save_figure_is_reproducible(self, tmp_path: Path) -> None:
        plans = sample.plans()[:1]
        for suffix in ("png", "svg"):
            first, second = tmp_path / f"a.{suffix}", tmp_path / f"b.{suffix}"
            save_figure(student_timeline(plans, [], as_of=sample.AS_OF), first)
            save_figure(student_timeline(plans, [], as_of=sample.AS_OF), second)
            assert first.read_bytes() == second.read_bytes()
        assert b"<svg" in (tmp_path / "a.svg").read_bytes()


def test_without_matplotlib_a_clear_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in sys.modules if name.startswith("matplotlib")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)

    with pytest.raises(ImportError, match=r"install the 'plot' extra") as caught:
        student_timeline(sample.plans()[:1], as_of=sample.AS_OF)
    assert caught.value.name == "matplotlib"


def test_a_notebook_shows_the_figure_as_a_picture() -> None:
    """Without pyplot's inline backend, a notebook still gets a PNG (not just a text repr)."""
    figure = student_timeline(sample.plans()[:1], as_of=sample.AS_OF)

    assert figure._repr_png_().startswith(b"\x89PNG")  # type: ignore[attr-defined]
    formatters = pytest.importorskip("IPython.core.formatters")
    assert formatters.PNGFormatter()(figure).startswith(b"\x89PNG")
