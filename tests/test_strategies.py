"""The public Hypothesis strategies: registered, valid, varied, and compliant on demand."""

from __future__ import annotations

import datetime as dt
import enum
import importlib.metadata
import subprocess
import sys
import textwrap
import typing
from collections import Counter
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

import iepmodel
from document_helpers import Node, items_of, model_classes, nodes, places, scalar_type
from iepmodel.testing import _hypothesis_hook
from iepmodel.testing import strategies as ist

MODEL_CLASSES = model_classes()
CODES = iepmodel.available_jurisdictions()


def strategy_for(cls: type) -> Callable[[], st.SearchStrategy[Any]]:
    """The public strategy function registered for *cls*."""
    factory: Callable[[], st.SearchStrategy[Any]] = getattr(
        ist, _hypothesis_hook.STRATEGY_NAMES[cls.__name__]
    )
    return factory


def rebuilt(obj: Any) -> Any:
    """*obj* built again from its fields, so that every validator runs once more."""
    return attrs.evolve(obj)


class TestRegistration:
    def test_every_model_class_has_a_public_strategy(self) -> None:
        """Each class of the v1 document is mapped to a strategy of the public module."""
        assert sorted(c.__name__ for c in MODEL_CLASSES) == sorted(_hypothesis_hook.STRATEGY_NAMES)
        for cls in MODEL_CLASSES:
            assert getattr(iepmodel, cls.__name__) is cls
            assert _hypothesis_hook.STRATEGY_NAMES[cls.__name__] in ist.__all__

    def test_the_hook_is_declared_as_a_hypothesis_entry_point(self) -> None:
        """The distribution declares the hook, so Hypothesis runs it on import."""
        points = importlib.metadata.entry_points(group="hypothesis")

        assert "iepmodel.testing._hypothesis_hook:_hypothesis_setup_hook" in {
            point.value for point in points
        }

    @pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
    def test_from_type_draws_valid_objects(self, cls: type[Any]) -> None:
        """st.from_type works for every model class and draws objects that are valid."""

        strategy: st.SearchStrategy[Any] = st.from_type(cls)

        @given(strategy)
        def draw(obj: Any) -> None:
            assert type(obj) is cls
            assert rebuilt(obj) == obj
            assert iepmodel.explain(iepmodel.to_dict(obj), cls) == []

        draw()

    @given(st.from_type(iepmodel.IEP))
    def test_from_type_uses_the_registered_plan_strategy(self, plan: iepmodel.IEP) -> None:
        """from_type(IEP) draws from plans(): the student is 3 to 21 on the start date."""
        assert 3 <= plan.student_age_on_start <= 21

    def test_importing_hypothesis_defers_the_strategies_module(self) -> None:
        """The hook imports the model only; the strategies load when first drawn."""
        code = textwrap.dedent(
            """
            import sys, warnings
            import hypothesis.strategies as st
            import iepmodel
            assert "iepmodel.testing.strategies" not in sys.modules
            warnings.simplefilter("ignore")
            goal = st.from_type(iepmodel.Goal).example()
            assert isinstance(goal, iepmodel.Goal)
            assert "iepmodel.testing.strategies" in sys.modules
            """
        )
        subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


class TestCoreImportsNoOptionalPackage:
    OPTIONAL = ("hypothesis", "orjson", "msgspec", "pandas", "pyarrow", "dask")

    @pytest.mark.parametrize("module", ["iepmodel", "iepmodel.testing"])
    def test_import_leaves_optional_packages_unimported(self, module: str) -> None:
        """`import iepmodel` (and the testing package) imports none of the extras."""
        code = textwrap.dedent(
            f"""
            import sys
            import {module}
            loaded = sorted(
                name for name in {self.OPTIONAL!r}
                if name in sys.modules or any(m.startswith(name + ".") for m in sys.modules)
            )
            assert not loaded, loaded
            """
        )
        result = subprocess.run(
            [sys.executable, "-c", code], check=False, capture_output=True, text=True, timeout=120
        )

        assert result.returncode == 0, result.stderr


class TestValidity:
    @pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
    def test_drawn_objects_satisfy_every_invariant(self, cls: type) -> None:
        """Each class's strategy draws objects that rebuild and that the reader accepts."""

        @given(strategy_for(cls)())
        def draw(obj: Any) -> None:
            assert type(obj) is cls
            for node in nodes(obj):
                assert rebuilt(node.obj) == node.obj
            assert iepmodel.explain(iepmodel.to_dict(obj), cls) == []

        draw()

    @given(ist.plans())
    def test_plans_meet_the_promises_of_the_docstring(self, plan: iepmodel.IEP) -> None:
        """Ages 3 to 21, excusals only when excused, unique goal ids, dates after birth."""
        born = plan.student.date_of_birth

        assert 3 <= plan.student_age_on_start <= 21
        ids = [goal.id for goal in plan.goals if goal.id is not None]
        assert len(ids) == len(set(ids))
        if plan.meeting is not None:
            for person in plan.meeting.participants:
                assert person.excusal is None or person.attendance is iepmodel.Attendance.EXCUSED
        for place in places(plan):
            if place.path != "student.date_of_birth" and isinstance(place.value, dt.date):
                assert place.value > born

    @given(ist.dates(min_value=dt.date(2023, 3, 1), max_value=dt.date(2024, 3, 1)))
    def test_dates_stay_within_their_bounds(self, day: dt.date) -> None:
        """dates() never leaves [min_value, max_value]."""
        assert dt.date(2023, 3, 1) <= day <= dt.date(2024, 3, 1)

    def test_dates_refuses_an_empty_range(self) -> None:
        """dates() with min_value after max_value is a ValueError."""
        with pytest.raises(ValueError, match="min_value"):
            ist.dates(min_value=dt.date(2024, 1, 2), max_value=dt.date(2024, 1, 1))

    @given(ist.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2023, 12, 31)))
    def test_dates_without_a_leap_day_in_range_still_draw(self, day: dt.date) -> None:
        """A range with no Feb 29 draws ordinary days."""
        assert day.year == 2023


def _collect(strategy: st.SearchStrategy[Any], examples: int) -> list[Any]:
    """*examples* draws of *strategy*, the same ones on every run."""
    drawn: list[Any] = []

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(strategy)
    def collect(value: Any) -> None:
        drawn.append(value)

    collect()
    return drawn


def _enum_values(plan: iepmodel.IEP) -> set[enum.Enum]:
    found: set[enum.Enum] = set()
    for place in places(plan):
        found.update(item for item in items_of(place.value) if isinstance(item, enum.Enum))
    return found


# Derived when absent (from the service's type): left out only for a service of type
# `other` without a category, too rare a pair to count on in a fixed sample.
_DERIVED = {("Service", "category")}


def _omissible_fields(cls: type) -> list[str]:
    # The writer leaves out `null` optionals and empty lists (format.md, "Conventions").
    return [
        f.name
        for f in attrs.fields(cls)
        if f.init and f.default in (None, ()) and (cls.__name__, f.name) not in _DERIVED
    ]


@pytest.fixture(scope="module", name="drawn")
def _drawn() -> list[iepmodel.IEP]:
    return _collect(ist.plans(), 300)


class TestVariety:
    """plans() reaches everything the format allows (over a fixed set of 300 draws)."""

    def test_every_enumeration_value_is_reached(self, drawn: list[iepmodel.IEP]) -> None:
        """Every value of every enumeration of the model appears in some plan."""
        seen: set[enum.Enum] = set()
        for plan in drawn:
            seen |= _enum_values(plan)
        every = {
            member
            for cls in MODEL_CLASSES
            for hint in typing.get_type_hints(cls).values()
            for member in _members(hint)
        }

        # A fixed sample of 300 plans reaches nearly every value; Hypothesis favours the
        # first members of a list, so the rarest few are searched for one by one.
        for member in sorted(every - seen, key=str):
            found = find(
                ist.plans(),
                lambda plan, member=member: member in _enum_values(plan),
                settings=settings(
                    max_examples=3000,
                    derandomize=True,
                    database=None,
                    deadline=None,
                    suppress_health_check=list(HealthCheck),
                    # Any plan with the value will do: no time spent making it smaller.
                    phases=[Phase.generate],
                ),
            )
            seen |= _enum_values(found)

        assert every - seen == set()

    def test_optional_parts_are_present_and_absent(self, drawn: list[iepmodel.IEP]) -> None:
        """Each optional key of each object is written in some documents, left out in others."""
        written: Counter[tuple[str, str]] = Counter()
        objects: Counter[str] = Counter()
        for plan in drawn:
            data = iepmodel.to_dict(plan)
            for node in _nodes_with_data(plan, data):
                cls = node[0].cls
                objects[cls.__name__] += 1
                for name in _omissible_fields(cls):
                    written[cls.__name__, name] += name in node[1]
        for cls in MODEL_CLASSES:
            if cls in (iepmodel.SchoolCalendar, iepmodel.DateRange):
                continue
            for name in _omissible_fields(cls):
                count = written[cls.__name__, name]
                assert 0 < count < objects[cls.__name__], (cls.__name__, name)

    def test_kinds_statuses_ages_and_leap_days_all_occur(self, drawn: list[iepmodel.IEP]) -> None:
        """Every kind and status, ages 3 and 21, Feb 29 births and meetings, amendments
        without a meeting, several roles on one person and excused members occur."""
        assert {p.kind for p in drawn} == set(iepmodel.PlanKind)
        assert {p.status for p in drawn} == set(iepmodel.PlanStatus)
        ages = {p.student_age_on_start for p in drawn}
        assert {3, 21} <= ages
        assert ages <= set(range(3, 22))
        assert any(_leap(p.student.date_of_birth) for p in drawn)
        assert any(p.meeting is not None and _leap(p.meeting.date) for p in drawn)
        assert any(p.kind is iepmodel.PlanKind.AMENDMENT and p.meeting is None for p in drawn)
        people = [x for p in drawn if p.meeting is not None for x in p.meeting.participants]
        assert any(len(x.roles) > 1 for x in people)
        assert any(x.excusal is not None for x in people)

    def test_dates_draw_feb_29_often(self) -> None:
        """At least a fifth of the dates drawn are a Feb 29 (when the range holds one)."""
        some = st.lists(ist.dates(), min_size=10, max_size=10)
        days = [day for batch in _collect(some, 50) for day in batch]

        assert sum(_leap(day) for day in days) >= len(days) / 5


def _leap(day: dt.date) -> bool:
    return (day.month, day.day) == (2, 29)


def _members(hint: Any) -> list[enum.Enum]:
    candidates = [hint, *typing.get_args(hint)]
    found: list[enum.Enum] = []
    for candidate in candidates:
        kind = scalar_type(candidate)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            found.extend(kind)
    return found


def _nodes_with_data(plan: iepmodel.IEP, data: dict[str, Any]) -> list[tuple[Node, Any]]:
    from document_helpers import get

    return [(node, get(data, node.keys)) for node in nodes(plan)]


class TestCompliantPlans:
    @pytest.mark.parametrize("code", CODES)
    def test_check_finds_nothing_as_of_any_day(self, code: str) -> None:
        """check() finds nothing at all (no error, no warning) in a compliant plan."""

        @given(data=st.data())
        def compliant(data: st.DataObject) -> None:
            as_of = data.draw(
                ist.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2044, 12, 31))
            )
            plan = data.draw(ist.compliant_plans(jurisdiction=code, as_of=as_of))
            assert iepmodel.check(plan, as_of=as_of) == []

        compliant()

    @given(plan=ist.compliant_plans())
    def test_the_default_day_is_today_as_for_check(self, plan: iepmodel.IEP) -> None:
        """Without as_of, the plans are compliant today, which check() defaults to."""
        assert iepmodel.check(plan) == []

    @given(data=st.data())
    def test_a_custom_profile_is_honoured(self, data: st.DataObject) -> None:
        """A derived profile's own settings (notice, lead time, ages) are met too."""
        profile = iepmodel.jurisdictions.derive(
            iepmodel.jurisdiction("US"),
            code="US-XX",
            name="A strict district",
            meeting_notice_min_days=15,
            excusal_input_lead_days=7,
            transition_age_years=13,
            age_of_majority=17,
            parent_contact_attempts=3,
            warn_days=60,
            non_excusable_roles={"parent", "student", "lea_representative"},
            allow_dual_teacher_role=True,
        )
        as_of = data.draw(
            ist.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2044, 12, 31))
        )
        plan = data.draw(ist.compliant_plans(jurisdiction=profile, as_of=as_of))

        assert iepmodel.check(plan, as_of=as_of, jurisdiction=profile) == []

    def test_they_vary_as_plans_do(self) -> None:
        """Every kind and status, Part C children, absent parents, excusals, transition."""
        drawn = _collect(ist.compliant_plans(jurisdiction="US", as_of=dt.date(2025, 10, 2)), 200)

        assert {p.kind for p in drawn} == set(iepmodel.PlanKind)
        assert {p.status for p in drawn} == set(iepmodel.PlanStatus)
        assert any(p.kind is iepmodel.PlanKind.INITIAL and p.student.from_part_c for p in drawn)
        meetings = [p.meeting for p in drawn if p.meeting is not None]
        assert any(not m.covers(iepmodel.Role.PARENT) for m in meetings)
        assert any(x.excusal is not None for m in meetings for x in m.participants)
        assert any(p.transition is not None for p in drawn)
        assert any(p.transition is None for p in drawn)
        assert any(_leap(p.student.date_of_birth) for p in drawn)

    def test_removing_a_required_member_is_found(self) -> None:
        """The compliance property has teeth: drop the LEA representative and T104 fires."""
        as_of = dt.date(2025, 10, 2)
        for plan in _collect(ist.compliant_plans(as_of=as_of), 30):
            if plan.meeting is None:
                continue
            kept = tuple(
                p
                for p in plan.meeting.participants
                if iepmodel.Role.LEA_REPRESENTATIVE not in p.roles
            )
            broken = attrs.evolve(plan, meeting=attrs.evolve(plan.meeting, participants=kept))

            assert "T104" in {f.code for f in iepmodel.check(broken, as_of=as_of)}

    def test_an_unknown_jurisdiction_is_refused(self) -> None:
        """An unknown code raises when the strategy is made, not when it draws."""
        with pytest.raises(iepmodel.UnknownJurisdictionError):
            ist.compliant_plans(jurisdiction="XX-NOPE")
