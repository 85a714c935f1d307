"""
The compiled encoder (`iepmodel._speedups`, used by `_fastpath.CWriter`).

It must write exactly what the reference writer writes (cattrs's dicts through
``json.dumps(ensure_ascii=False, separators=(",", ":"))``), and hand anything it is not
sure of to the reference path: the writer then returns `MISS`.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import os
import shutil
import sys
import sysconfig
import tracemalloc
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iepmodel
from iepmodel import _fastpath, serialization
from iepmodel.testing import strategies as model_st

DATA = Path(__file__).parent / "data"

SPEEDUPS = _fastpath.compiled_speedups()
needs_speedups = pytest.mark.skipif(SPEEDUPS is None, reason="the C encoder is not built")


def _reference(obj: Any) -> bytes:
    try:
        _fastpath.active = False
        return iepmodel.to_json_bytes(obj)
    finally:
        _fastpath.active = True


def _outcome(write: Any) -> tuple[str, Any]:
    try:
        return ("bytes", write())
    except Exception as error:
        return ("failure", type(error))


@pytest.fixture(scope="module")
def writer() -> _fastpath.CWriter:
    if SPEEDUPS is None:  # pragma: no cover - depends on how the package was built
        pytest.skip("the C encoder is not built")
    return _fastpath.CWriter(SPEEDUPS, serialization._omitted, None)


@pytest.fixture
def plan() -> iepmodel.IEP:
    return iepmodel.from_json((DATA / "annual-transition.json").read_bytes())


def _evolve(obj: Any, **changes: Any) -> Any:
    return attrs.evolve(obj, **changes)


def _with_statement(plan: iepmodel.IEP, text: str) -> iepmodel.IEP:
    goal = _evolve(plan.goals[0], statement=text)
    return _evolve(plan, goals=(goal, *plan.goals[1:]))


def _same(writer: _fastpath.CWriter, obj: Any) -> None:
    """The encoder writes the reference's bytes, or misses where the reference fails."""
    written = writer.dumps_bytes(obj)
    expected = _outcome(lambda: _reference(obj))
    if written is _fastpath.MISS:
        # Only values the encoder is not sure of miss; the public function still agrees.
        assert _outcome(lambda: iepmodel.to_json_bytes(obj)) == expected
    else:
        assert ("bytes", written) == expected


def test_the_encoder_is_built_where_a_compiler_is() -> None:
    """A test environment with a C compiler must have built it (else CI tests nothing)."""
    compiler = (sysconfig.get_config_var("CC") or "").split()
    if os.environ.get("IEPMODEL_NO_SPEEDUPS") or not compiler or not shutil.which(compiler[0]):
        pytest.skip("no C compiler, or the build was told not to compile")
    assert SPEEDUPS is not None
    assert isinstance(serialization._BACKEND.writer(), _fastpath.CWriter)


@needs_speedups
@given(model_st.plans())
def test_any_plan_is_written_as_the_reference_writes_it(plan: iepmodel.IEP) -> None:
    writer = _fastpath.CWriter(SPEEDUPS, serialization._omitted, None)  # type: ignore[arg-type]
    written = writer.dumps_bytes(plan)
    if plan.extensions is not None:
        # Free JSON is written by the reference path only.
        assert written is _fastpath.MISS
        return
    assert written is not _fastpath.MISS
    assert written == _reference(plan)


@needs_speedups
@given(st.text())
def test_any_text_is_escaped_as_json_dumps_escapes_it(text: str) -> None:
    writer = _fastpath.CWriter(SPEEDUPS, serialization._omitted, None)  # type: ignore[arg-type]
    objective = iepmodel.Objective(statement=text)
    _same(writer, objective)


ESCAPED = ['"', "\\", "\n", "\r", "\t", "\b", "\f", "\x00", "\x01", "\x1f"]
NOT_ESCAPED = ["\x7f", " ", "/", "é", "\u2028", "😀", "\x80"]


@pytest.mark.parametrize("char", ESCAPED + NOT_ESCAPED, ids=repr)
@pytest.mark.parametrize("before", [0, 1, 6, 7, 8, 9, 15, 16, 17])
def test_a_character_is_written_right_at_any_place_in_a_word_of_eight_bytes(
    writer: _fastpath.CWriter, char: str, before: int
) -> None:
    for after in (0, 1, 7, 8, 9):
        text = "a" * before + char + "b" * after
        assert writer.dumps_bytes(iepmodel.Objective(statement=text)) == _reference(
            iepmodel.Objective(statement=text)
        )


def test_runs_of_escapes_and_long_text_grow_the_output(
    writer: _fastpath.CWriter, plan: iepmodel.IEP
) -> None:
    for text in ['"' * 20_000, "\x01" * 5_000, "é" * 40_000, "x" * 100_000 + "\n"]:
        _same(writer, _with_statement(plan, text))


def test_a_lone_surrogate_fails_as_the_reference_fails(
    writer: _fastpath.CWriter, plan: iepmodel.IEP
) -> None:
    changed = _with_statement(plan, "half \udc80")
    assert writer.dumps_bytes(changed) is _fastpath.MISS
    with pytest.raises(UnicodeEncodeError):
        iepmodel.to_json_bytes(changed)


@pytest.mark.parametrize(
    "minutes", [0, 1, -1, 2**31, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**200]
)
def test_whole_numbers_of_any_size(
    writer: _fastpath.CWriter, plan: iepmodel.IEP, minutes: int
) -> None:
    service = attrs.evolve(plan.services[0], minutes=1)
    object.__setattr__(service, "minutes", minutes)  # past the check: only the writing
    _same(writer, service)
    assert writer.dumps_bytes(service) is not _fastpath.MISS


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_is_written_as_repr_or_goes_to_the_reference(value: float) -> None:
    if SPEEDUPS is None:  # pragma: no cover - depends on how the package was built
        return
    writer = _fastpath.CWriter(SPEEDUPS, serialization._omitted, None)
    placement = iepmodel.Placement(regular_class_percent=50.0)
    object.__setattr__(placement, "early_childhood_program_hours", value)
    written = writer.dumps_bytes(placement)
    if math.isnan(value) or math.isinf(value):
        assert written is _fastpath.MISS  # NaN and infinities: the reference decides
    else:
        assert written == _reference(placement)


def test_a_whole_number_in_a_float_field_is_written_as_a_whole_number(
    writer: _fastpath.CWriter,
) -> None:
    placement = iepmodel.Placement(regular_class_percent=80)
    written = writer.dumps_bytes(placement)
    assert written == _reference(placement)
    assert written.startswith(b'{"regular_class_percent":80,')


@pytest.mark.parametrize(
    "day", [dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(2024, 2, 29), dt.date(9999, 12, 31)]
)
def test_dates_are_written_as_iso_dates(writer: _fastpath.CWriter, day: dt.date) -> None:
    attempt = iepmodel.ContactAttempt(date=day, method=iepmodel.ContactMethod.PHONE)
    assert writer.dumps_bytes(attempt) == _reference(attempt)


class _Subclass(iepmodel.Student):
    pass


WRONG_TYPES: dict[str, Any] = {
    "a plain string for an enumeration member": lambda p: _set(
        p, "kind", str(iepmodel.PlanKind.ANNUAL)
    ),
    "a datetime for a date": lambda p: _set(
        p, "start_date", dt.datetime(2025, 1, 1, 8, 0, tzinfo=dt.UTC)
    ),
    "a string for a date": lambda p: _set(p, "end_date", "2026-01-01"),
    "a bool for a whole number": lambda p: _set(p.services[0], "minutes", True),
    "an int for a bool": lambda p: _set(p.student, "english_learner", 1),
    "a list for a tuple": lambda p: _set(p, "goals", list(p.goals)),
    "an empty list for a tuple": lambda p: _set(p, "modifications", []),
    "a subclass of a model class": lambda p: _evolve(
        p, student=_Subclass(id="S", date_of_birth=dt.date(2015, 1, 1))
    ),
    "a str subclass for a str": lambda p: _set(p, "id", type("Text", (str,), {})("P-1")),
    "another enumeration's member": lambda p: _set(p, "kind", iepmodel.PlanStatus.DRAFT),
    "None in a field always written": lambda p: _set(p, "start_date", None),
    "a float for a whole number": lambda p: _set(p.services[0], "minutes", 30.0),
    "an object for a string": lambda p: _set(p, "id", object()),
}


def _set(obj: Any, name: str, value: Any) -> Any:
    changed = attrs.evolve(obj)
    object.__setattr__(changed, name, value)  # past the checks: only the writing
    return changed


@pytest.mark.parametrize("case", list(WRONG_TYPES), ids=list(WRONG_TYPES))
def test_a_value_not_of_the_described_type_goes_to_the_reference_writer(
    writer: _fastpath.CWriter, plan: iepmodel.IEP, case: str
) -> None:
    obj = WRONG_TYPES[case](plan)
    assert writer.dumps_bytes(obj) is _fastpath.MISS
    assert _outcome(lambda: iepmodel.to_json_bytes(obj)) == _outcome(lambda: _reference(obj))


def test_an_object_missing_a_slot_goes_to_the_reference_writer(writer: _fastpath.CWriter) -> None:
    empty = object.__new__(iepmodel.ContactAttempt)
    assert writer.dumps_bytes(empty) is _fastpath.MISS


def test_nothing_is_left_referenced_or_allocated_after_writing(
    writer: _fastpath.CWriter, plan: iepmodel.IEP
) -> None:
    text = plan.goals[0].statement
    bad = _set(plan, "end_date", "2026-01-01")  # fails after writing most of the plan
    before = sys.getrefcount(text)
    for _ in range(50):
        writer.dumps_bytes(plan)
        writer.dumps_bytes(bad)
    assert sys.getrefcount(text) == before
    tracemalloc.start()
    try:
        writer.dumps_bytes(plan)
        writer.dumps_bytes(bad)
        start, _ = tracemalloc.get_traced_memory()
        for _ in range(200):
            writer.dumps_bytes(plan)
            writer.dumps_bytes(bad)
        end, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert end - start < 4096


# --- descriptions (what `CWriter` builds; the encoder refuses a malformed one) ---------


class _Number(enum.Enum):
    ONE = 1


@attrs.frozen
class _Thing:
    name: str
    count: int = 0


def _field(kind: Any, *, omit: int = 0, descriptor: Any = None) -> tuple[Any, ...]:
    return (b'"name":', "name", descriptor, omit, False, kind)


@needs_speedups
@pytest.mark.parametrize(
    "description",
    [
        "not a tuple",
        (_Thing,),
        (_Thing, ("not a field",)),
        (_Thing, (_field((99, None)),)),
        (_Thing, (_field((0, None), omit=7),)),
        (_Thing, (_field((1, _Number)),)),
        (_Thing, (_field((7, (7, (0, None)))),)),
        (_Thing, (_field(("kind", None)),)),
        (_Thing, (_field((6, "not a description")),)),
    ],
    ids=repr,
)
def test_a_malformed_description_is_refused(description: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        SPEEDUPS.Encoder(description)  # type: ignore[union-attr]


@needs_speedups
def test_a_description_nested_too_deep_is_refused() -> None:
    description: Any = (_Thing, ())
    for _ in range(20):
        description = (_Thing, (_field((6, description)),))
    with pytest.raises(ValueError, match="deep"):
        SPEEDUPS.Encoder(description)  # type: ignore[union-attr]


@needs_speedups
def test_a_field_without_a_slot_descriptor_is_read_by_name() -> None:
    encode = SPEEDUPS.Encoder((_Thing, (_field((0, None)),)))  # type: ignore[union-attr]
    assert encode(_Thing(name="x")) == b'{"name":"x"}'
    with pytest.raises(TypeError):
        encode(_Thing(name="x"), extra=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        encode()  # type: ignore[call-arg]


def test_a_class_the_encoder_cannot_describe_goes_to_the_fallback() -> None:
    if SPEEDUPS is None:  # pragma: no cover - depends on how the package was built
        pytest.skip("the C encoder is not built")

    @attrs.frozen
    class Odd:
        number: _Number
        when: dt.time

    fallback = _fastpath.optional_module("msgspec")
    struct_writer = (
        _fastpath.StructWriter(fallback, serialization._omitted) if fallback is not None else None
    )
    writer = _fastpath.CWriter(SPEEDUPS, serialization._omitted, struct_writer)
    assert writer.writer(Odd) is (struct_writer.writer(Odd) if struct_writer else None)
    alone = _fastpath.CWriter(SPEEDUPS, serialization._omitted, None)
    assert alone.writer(Odd) is None
    assert alone.writer(int) is None
