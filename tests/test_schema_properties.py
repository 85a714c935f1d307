"""The JSON Schema accepts every document the writer writes and rejects the broken ones."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]

import iepmodel
from document_helpers import (
    Node,
    Place,
    get,
    is_date,
    is_enum,
    is_enum_list,
    model_classes,
    put,
    remove,
    scalar_type,
    walk,
)
from iepmodel.testing import _hypothesis_hook
from iepmodel.testing import strategies as ist

MODEL_CLASSES = model_classes()
UNKNOWN_KEY = "zz_not_in_the_format"


def validator(cls: type = iepmodel.IEP) -> Draft202012Validator:
    """A draft 2020-12 validator of *cls*'s schema that checks formats (dates) too."""
    schema = iepmodel.json_schema(cls)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


PLAN = validator()


def strategy_for(cls: type) -> st.SearchStrategy[Any]:
    """A fresh instance of the public strategy registered for *cls*."""
    factory: Callable[[], st.SearchStrategy[Any]] = getattr(
        ist, _hypothesis_hook.STRATEGY_NAMES[cls.__name__]
    )
    return factory()


def errors(data: Any, check: Any = PLAN) -> list[str]:
    """The schema's complaints about *data*, as readable lines."""
    found: list[Any] = list(check.iter_errors(data))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


class TestAccepts:
    @given(ist.plans())
    def test_every_written_plan_is_valid(self, plan: iepmodel.IEP) -> None:
        """to_dict of any plan from plans() validates, formats included."""
        assert errors(iepmodel.to_dict(plan)) == []

    @given(ist.compliant_plans(as_of=dt.date(2025, 10, 2)))
    def test_every_compliant_plan_is_valid(self, plan: iepmodel.IEP) -> None:
        """Compliant plans (with full teams and transition content) validate too."""
        assert errors(iepmodel.to_dict(plan)) == []

    @pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
    def test_every_class_schema_accepts_what_is_written(self, cls: type) -> None:
        """json_schema(cls) of each class validates to_dict of each object drawn."""
        check = validator(cls)

        @given(strategy_for(cls))
        def accepted(obj: Any) -> None:
            assert errors(iepmodel.to_dict(obj), check) == []

        accepted()


def _objects(plan: iepmodel.IEP) -> list[Node]:
    data = iepmodel.to_dict(plan)
    return [n for n in walk(plan, data) if isinstance(n, Node)]


def _places(plan: iepmodel.IEP, keep: Callable[[Place], bool]) -> list[Place]:
    data = iepmodel.to_dict(plan)
    return [p for p in walk(plan, data) if isinstance(p, Place) and keep(p)]


def _wrong_value(place: Place) -> Any:
    """A JSON value of another type than the one *place* takes (never `null`)."""
    hint = scalar_type(place.hint)
    value = place.value
    if isinstance(value, tuple):
        return "not a list"
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int | float):
        return str(value)
    if hint is dt.date:
        return int(value.strftime("%Y%m%d"))
    if isinstance(value, str):
        return ["a", "list"]
    return 42  # an object, an enumeration value


class TestRejects:
    @given(ist.plans(), st.data())
    def test_an_unknown_key_at_any_depth(self, plan: iepmodel.IEP, data: st.DataObject) -> None:
        """A key the format does not define is rejected wherever it is added."""
        node = data.draw(st.sampled_from(_objects(plan)))
        document = iepmodel.to_dict(plan)
        get(document, node.keys)[UNKNOWN_KEY] = True

        assert errors(document)

    @given(ist.plans(), st.data())
    def test_an_unknown_enumeration_value(self, plan: iepmodel.IEP, data: st.DataObject) -> None:
        """A value outside an enumeration is rejected, as one value or inside a list."""
        place = data.draw(
            st.sampled_from(_places(plan, lambda p: is_enum(p.hint) or is_enum_list(p.hint)))
        )
        document = iepmodel.to_dict(plan)
        keys = (*place.keys, 0) if is_enum_list(place.hint) else place.keys
        put(document, keys, get(document, keys) + "_x")

        assert errors(document)

    @given(ist.plans(), st.data())
    def test_a_missing_required_key(self, plan: iepmodel.IEP, data: st.DataObject) -> None:
        """Removing a key the format requires (at any depth) is rejected."""
        place = data.draw(st.sampled_from(_places(plan, lambda p: p.required)))
        document = iepmodel.to_dict(plan)
        remove(document, place.keys)

        assert errors(document)

    @given(ist.plans(), st.data())
    def test_a_value_of_the_wrong_type(self, plan: iepmodel.IEP, data: st.DataObject) -> None:
        """A string for a number, a number for a date, a string for a list … is rejected."""
        place = data.draw(st.sampled_from(_places(plan, lambda p: True)))
        document = iepmodel.to_dict(plan)
        put(document, place.keys, _wrong_value(place))

        assert errors(document)

    @given(ist.plans(), st.data())
    def test_a_date_that_is_not_yyyy_mm_dd(self, plan: iepmodel.IEP, data: st.DataObject) -> None:
        """Basic, unpadded and impossible dates are rejected wherever a date goes."""
        place = data.draw(st.sampled_from(_places(plan, lambda p: is_date(p.hint))))
        bad = data.draw(
            st.sampled_from(("20240101", "2025-02-30", "2025-1-1", "2024-02-29T00:00"))
        )
        document = iepmodel.to_dict(plan)
        put(document, place.keys, bad)

        assert errors(document)

    @pytest.mark.parametrize(
        ("keys", "value"),
        [
            (("schema_version",), 3),
            (("id",), ""),
            (("student", "id"), ""),
            (("student", "grade"), "13"),
            (("placement",), {"regular_class_percent": 101}),
            (("placement",), {"regular_class_percent": -1}),
            (("placement",), {"regular_class_percent": 50, "early_childhood_program_hours": -1}),
        ],
        ids=str,
    )
    def test_values_out_of_range(self, keys: tuple[str, ...], value: Any) -> None:
        """The constraints the schema can state (a range, an enum, a length) are stated."""
        document = iepmodel.to_dict(_PLAN)
        put(document, keys, value)

        assert errors(document)

    def test_a_service_with_zero_minutes(self) -> None:
        """minutes must be greater than 0 in the schema too."""
        document = copy.deepcopy(iepmodel.to_dict(_PLAN))
        document["services"] = [{"type": "counseling", "minutes": 0, "start_date": "2025-10-01"}]

        assert errors(document)


_PLAN = iepmodel.IEP(
    id="P1",
    kind=iepmodel.PlanKind.ANNUAL,
    student=iepmodel.Student(id="S1", date_of_birth=dt.date(2012, 2, 29), grade="7"),
    start_date=dt.date(2025, 10, 1),
    end_date=dt.date(2026, 9, 30),
)
