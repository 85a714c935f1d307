"""
The fast reader and writer (msgspec) change speed, nothing else.

Every document, valid or not, is read two ways: with the fast reader and on the pure
reference path (cattrs and the standard library, as with ``IEPMODEL_PURE_PYTHON=1``). Both
must agree exactly: the same plan, or the same `DocumentError` with the same problems,
paths and messages. Writing must give the same bytes either way.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import json
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import iepmodel
from iepmodel import _fastpath, serialization
from iepmodel.testing import strategies as model_st

DATA = Path(__file__).parent / "data"
EXAMPLES = [
    "annual-elementary.json",
    "annual-elementary-v2.json",
    "annual-transition.json",
    "initial-preschool.json",
]
ROOT = Path(__file__).resolve().parent.parent

needs_orjson = pytest.mark.skipif(
    importlib.util.find_spec("orjson") is None, reason="orjson (the benchmark's yardstick)"
)

Outcome = tuple[str, Any]


def _outcome(read: Callable[[], Any]) -> Outcome:
    try:
        return ("plan", read())
    except iepmodel.DocumentError as error:
        return ("error", (str(error), error.problems))


def _read_every_way(text: str | bytes, cls: type[Any] = iepmodel.IEP) -> dict[str, Outcome]:
    """*text* read with the fast reader and on the reference path."""
    outcomes = {"fast": _outcome(lambda: iepmodel.from_json(text, cls))}
    try:
        _fastpath.active = False
        outcomes["reference"] = _outcome(lambda: iepmodel.from_json(text, cls))
    finally:
        _fastpath.active = True
    return outcomes


def _assert_same(text: str | bytes, cls: type[Any] = iepmodel.IEP) -> Outcome:
    outcomes = _read_every_way(text, cls)
    reference = outcomes.pop("reference")
    for name, outcome in outcomes.items():
        assert outcome == reference, f"{name} differs from the reference"
        if outcome[0] == "plan":
            assert type(outcome[1]) is type(reference[1])
    return reference


def _example(name: str = "annual-transition.json") -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


# --- bad documents: every kind of strictness the format asks for -----------------------


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change of the document: set the value at a dotted path (``goals.0.id``)."""

    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        del node[last]

    return change


BAD_CHANGES: dict[str, Callable[[dict[str, Any]], None]] = {
    # unknown keys, at every depth
    "unknown key at the top": _set("kynd", "annual"),
    "unknown key in the student": _set("student.nmae", "x"),
    "unknown key in a participant": _set("meeting.participants.0.role", "parent"),
    # (a Cyrillic "c" in "agency")
    "unknown key in a transition service": _set("transition.services.0.agen\u0441y", "x"),
    # required keys
    "schema_version missing": _drop("schema_version"),
    "id missing": _drop("id"),
    "student id missing": _drop("student.id"),
    "service minutes missing": _drop("services.0.minutes"),
    # no coercion
    "minutes as a string": _set("services.0.minutes", "45"),
    "minutes as a float": _set("services.0.minutes", 45.0),
    "minutes as a bool": _set("services.0.minutes", True),
    "minutes as null": _set("services.0.minutes", None),
    "percent as a string": _set("placement.regular_class_percent", "80"),
    "percent as a bool": _set("placement.regular_class_percent", True),
    "bool as a number": _set("meeting.considers_regular_class", 1),
    "bool as a string": _set("student.english_learner", "yes"),
    "string as a number": _set("id", 7),
    "list as a string": _set("student.disabilities", "autism"),
    "object as a list": _set("student", []),
    "status as null": _set("status", None),
    "schema_version as a string": _set("schema_version", "1"),
    # enumerations
    "unknown enum value": _set("kind", "yearly"),
    "enum in capitals": _set("kind", "ANNUAL"),
    "unknown role": _set("meeting.participants.0.roles.0", "guardian"),
    # dates: only YYYY-MM-DD, and a day that exists
    "date without zero padding": _set("end_date", "2027-2-28"),
    "date that does not exist": _set("end_date", "2027-02-30"),
    "date without dashes": _set("end_date", "20270228"),
    "date with a time": _set("end_date", "2027-02-28T00:00:00"),
    "date with a zone": _set("end_date", "2027-02-28Z"),
    "date with a sign": _set("end_date", "+2027-02-28"),
    "date with a space": _set("end_date", " 2027-02-28"),
    "date in other digits": _set("end_date", "٢٠٢٧-٠٢-٢٨"),
    "date as a number": _set("end_date", 20270228),
    # invariants
    "end before start": _set("end_date", "2020-01-01"),
    "born after the start": _set("student.date_of_birth", "2030-01-01"),
    "minutes zero": _set("services.0.minutes", 0),
    "sessions negative": _set("services.0.sessions", -1),
    "service ends before it starts": _set("services.0.end_date", "2020-01-01"),
    "percent over 100": _set("placement.regular_class_percent", 100.5),
    "hours negative": _set("placement.early_childhood_program_hours", -1),
    "grade unknown": _set("student.grade", "13"),
    "empty id": _set("id", ""),
    "empty jurisdiction": _set("jurisdiction", ""),
    "no roles": _set("meeting.participants.0.roles", []),
    "excusal while present": _set("meeting.participants.0.excusal", {"area_discussed": True}),
    "duplicate goal ids": _set("goals.1.id", "G1"),
    "schema_version 3": _set("schema_version", 3),
    "accommodation without contexts": _set("accommodations.0.contexts", []),
}


@pytest.mark.parametrize("change", list(BAD_CHANGES), ids=list(BAD_CHANGES))
def test_a_bad_document_gives_the_same_error_with_and_without_the_fast_backend(
    change: str,
) -> None:
    document = _example()
    BAD_CHANGES[change](document)
    outcome = _assert_same(json.dumps(document, ensure_ascii=False))
    assert outcome[0] == "error", "the changed document should not load"


def test_several_problems_are_all_reported_the_same_way() -> None:
    document = _example()
    for change in (
        "unknown key in the student",
        "minutes as a string",
        "date with a time",
        "unknown role",
        "percent over 100",
    ):
        BAD_CHANGES[change](document)
    outcome = _assert_same(json.dumps(document).encode())
    assert outcome[0] == "error"
    assert len(outcome[1][1]) >= 4


BAD_TEXTS: dict[str, str | bytes] = {
    "not JSON": '{"schema_version": 1,',
    "empty": "",
    "a list": "[]",
    "null": "null",
    "NaN": '{"schema_version": NaN}',
    "Infinity in a number field": '{"placement": {"regular_class_percent": Infinity}}',
    "a number too large for a float": '{"regular_class_percent": 1e400}',
    "an integer too large for a float": '{"regular_class_percent": ' + "9" * 400 + "}",
    "not UTF-8": b'{"id": "\xff\xfe"}',
    "trailing text": '{"frequency": "quarterly"} x',
}


@pytest.mark.parametrize("name", list(BAD_TEXTS), ids=list(BAD_TEXTS))
def test_text_that_is_not_a_document_fails_the_same_way(name: str) -> None:
    cls = iepmodel.Placement if "float" in name else iepmodel.IEP
    _assert_same(BAD_TEXTS[name], cls)


# --- corners where the fast readers are stricter than the reference --------------------
# They must fall back to the reference path, which accepts these documents.


def _with(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    document = _example()
    change(document)
    return document


ACCEPTED: dict[str, str | bytes] = {
    "an integer beyond 64 bits": json.dumps(_with(_set("services.0.minutes", 2**70))),
    "an integer beyond 64 bits in a float field": json.dumps(
        _with(_set("placement.early_childhood_program_hours", 2**64))
    ),
    "a byte order mark": b"\xef\xbb\xbf" + json.dumps(_example()).encode(),
    "an explicit null category": json.dumps(_with(_set("services.0.category", None))),
    "whitespace around": "\n\t " + json.dumps(_example(), indent=4) + "\n\n",
    "keys in another order": json.dumps(dict(reversed(_example().items()))),
    "a default written out": json.dumps(_with(_set("student.english_learner", False))),
}

REFUSED_BY_BOTH: dict[str, str | bytes] = {
    # msgspec reads these (last key wins; a surrogate escape) but the format refuses them:
    # the fast reader must leave them to the reference, which explains why.
    "duplicate keys, the last valid": json.dumps(_example())[:-1] + ', "id": "again"}',
    "duplicate keys, canonical text": iepmodel.to_json(iepmodel.from_json(json.dumps(_example())))[
        :-1
    ]
    + ',"id":"again"}',
    "duplicate keys deep inside, indented": json.dumps(_example(), indent=2).replace(
        '"date_of_birth"', '"id": "again", "date_of_birth"', 1
    ),
    "a lone surrogate in free text": json.dumps(
        _with(_set("goals.0.statement", "\ud800 half a pair"))
    ),
}


@pytest.mark.parametrize("name", list(REFUSED_BY_BOTH), ids=list(REFUSED_BY_BOTH))
def test_a_document_the_format_refuses_is_refused_on_the_fast_path_too(name: str) -> None:
    outcome = _assert_same(REFUSED_BY_BOTH[name])
    assert outcome[0] == "error"
    assert serialization._BACKEND.reader().load(REFUSED_BY_BOTH[name], iepmodel.IEP) is (
        _fastpath.MISS
    )


@pytest.mark.parametrize("name", list(ACCEPTED), ids=list(ACCEPTED))
def test_a_document_the_fast_reader_refuses_is_still_read_by_the_reference(name: str) -> None:
    outcome = _assert_same(ACCEPTED[name])
    assert outcome[0] == "plan"


# --- valid documents ------------------------------------------------------------------


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_examples_read_the_same_with_and_without_the_fast_backend(name: str) -> None:
    outcome = _assert_same((DATA / name).read_bytes())
    assert outcome[0] == "plan"


def test_the_fast_reader_is_used_for_a_valid_plan() -> None:
    # Without this, every test above could pass on the reference path alone.
    reader = serialization._BACKEND.reader()
    assert reader is not None
    # The canonical text (as `to_json` writes it, with or without a newline after it).
    canonical = iepmodel.to_json(iepmodel.from_json((DATA / EXAMPLES[1]).read_bytes()))
    indented = (DATA / EXAMPLES[1]).read_bytes()  # not canonical: checked for repeated keys
    for text in (canonical, canonical.encode(), canonical.encode() + b"\n", indented):
        plan = reader.load(text, iepmodel.IEP)
        assert isinstance(plan, iepmodel.IEP)
        assert plan == iepmodel.from_json(canonical)
    bad = json.dumps(_with(BAD_CHANGES["unknown key in a participant"]))
    assert reader.load(bad, iepmodel.IEP) is _fastpath.MISS


def test_the_fast_writer_is_used_for_a_plan() -> None:
    writer = serialization._BACKEND.writer()
    assert writer is not None
    plan = iepmodel.from_json((DATA / EXAMPLES[0]).read_bytes())
    assert writer.dumps(plan) == _reference_json(plan)


@given(model_st.plans())
def test_any_plan_reads_and_writes_the_same_with_and_without_the_fast_backend(
    plan: iepmodel.IEP,
) -> None:
    text = iepmodel.to_json(plan)
    assert text == _reference_json(plan)
    outcome = _assert_same(text)
    assert outcome == ("plan", plan)


# --- writing ----------------------------------------------------------------------------


def _reference_json(obj: Any, **options: Any) -> str:
    try:
        _fastpath.active = False
        return iepmodel.to_json(obj, **options)
    finally:
        _fastpath.active = True


@pytest.fixture
def plan() -> iepmodel.IEP:
    return iepmodel.from_json((DATA / "annual-transition.json").read_bytes())


WRITER_CORNERS: dict[str, Callable[[iepmodel.IEP], iepmodel.IEP]] = {
    "a tiny float": lambda p: _evolve(
        p,
        placement=iepmodel.Placement(
            regular_class_percent=5e-05, early_childhood_program_hours=1e-07
        ),
    ),
    "a huge float": lambda p: _evolve(
        p,
        placement=iepmodel.Placement(
            regular_class_percent=100.0, early_childhood_program_hours=1e300
        ),
    ),
    "minus zero": lambda p: _evolve(p, placement=iepmodel.Placement(regular_class_percent=-0.0)),
    "an integer beyond 64 bits": lambda p: _evolve(
        p, services=(_evolve(p.services[0], minutes=2**70),)
    ),
    "control characters and quotes": lambda p: _evolve(
        p, goals=(_evolve(p.goals[0], statement='tab\t nl\n "q" \\ \x00 \x1f \x7f \u2028 é 😀'),)
    ),
    "a lone surrogate": lambda p: _evolve(
        p, goals=(_evolve(p.goals[0], statement="\udc80 half"),)
    ),
    "a service without a category": lambda p: _evolve(
        p,
        services=(
            iepmodel.Service(
                type=iepmodel.ServiceType.OTHER, minutes=30, start_date=dt.date(2026, 3, 1)
            ),
        ),
    ),
    "no optional parts": lambda p: iepmodel.IEP(
        id="P",
        kind=iepmodel.PlanKind.ANNUAL,
        student=iepmodel.Student(id="S", date_of_birth=dt.date(2015, 1, 1)),
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    ),
}


def _evolve(obj: Any, **changes: Any) -> Any:
    import attrs

    return attrs.evolve(obj, **changes)


@pytest.mark.parametrize("corner", list(WRITER_CORNERS), ids=list(WRITER_CORNERS))
def test_writing_gives_the_same_text_with_and_without_the_fast_backend(
    plan: iepmodel.IEP, corner: str
) -> None:
    changed = WRITER_CORNERS[corner](plan)
    try:
        expected: Outcome = ("text", _reference_json(changed))
    except Exception as error:
        expected = ("failure", type(error))
    try:
        actual: Outcome = ("text", iepmodel.to_json(changed))
    except Exception as error:
        actual = ("failure", type(error))
    assert actual == expected


def test_indented_output_is_the_reference_writers(plan: iepmodel.IEP) -> None:
    assert iepmodel.to_json(plan, indent=2) == _reference_json(plan, indent=2)


def test_writing_parts_of_a_plan_gives_the_same_text(plan: iepmodel.IEP) -> None:
    parts = [
        plan.student,
        plan.meeting,
        plan.goals[0],
        plan.services[0],
        plan.placement,
        plan.transition,
    ]
    for part in parts:
        assert iepmodel.to_json(part) == _reference_json(part)


# --- JSON Lines -------------------------------------------------------------------------


def _lines() -> list[bytes]:
    good = (DATA / EXAMPLES[0]).read_bytes().replace(b"\n", b"")
    bad = json.dumps(_with(BAD_CHANGES["minutes as a string"])).encode()
    return [good + b"\n", b"\n", b"  \t\n", bad + b"\n", b"not json\n", good]


def _read_lines() -> tuple[list[iepmodel.IEP], list[str]]:
    reader = iepmodel.load_jsonl(_lines())
    plans = list(reader)
    return plans, [str(error) for error in reader.errors]


def test_json_lines_read_the_same_with_and_without_the_fast_backend() -> None:
    fast = _read_lines()
    try:
        _fastpath.active = False
        reference = _read_lines()
    finally:
        _fastpath.active = True
    assert fast == reference
    assert len(fast[0]) == 2
    assert [error.split(":")[0] for error in fast[1]] == ["line 4", "line 5"]


def test_the_environment_variable_turns_the_fast_backend_off() -> None:
    import subprocess

    code = "from iepmodel import _fastpath; print(_fastpath.active)"
    env = {"IEPMODEL_PURE_PYTHON": "1", "PATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


# --- the benchmark runner (a smoke run: no timing is asserted) -------------------------


def _load_runner() -> Any:
    path = ROOT / "benchmarks" / "run.py"
    spec = importlib.util.spec_from_file_location("iepmodel_bench_run", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def runner() -> Iterator[Any]:
    saved = list(sys.path)
    try:
        yield _load_runner()
    finally:
        sys.path[:] = saved


@needs_orjson
def test_the_benchmark_runner_reports_every_ratio(
    runner: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bench.json"
    status = runner.main(
        [
            "--plans",
            "40",
            "--rounds",
            "1",
            "--chunk",
            "20",
            "--memory-plans",
            "20",
            "--json",
            str(out),
        ]
    )
    assert status == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result["summary"]) == set(runner.TARGETS)
    assert set(result["reported"]) == set(runner.REPORTED)
    assert all(entry["ratio"] > 0 for entry in result["summary"].values())
    assert result["data"]["plans"] == 40
    assert result["verify"]["sampled"] > 0
    assert "load: iepmodel.from_json" in capsys.readouterr().out


@pytest.fixture
def benchmarks_on_path() -> Iterator[None]:
    """The benchmark's modules importable, without the runner (which needs orjson)."""
    saved = list(sys.path)
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        yield
    finally:
        sys.path[:] = saved


@pytest.mark.usefixtures("benchmarks_on_path")
def test_the_benchmark_data_is_the_same_for_the_same_seed() -> None:
    import generate

    first = list(generate.iter_lines(6, seed=5))
    assert first == list(generate.iter_lines(6, seed=5))
    assert first != list(generate.iter_lines(6, seed=6))
    plans = [iepmodel.from_json(line) for line in first]
    assert plans[0].student.id == plans[2].student.id != plans[3].student.id
    assert copy.deepcopy(plans) == plans


# --- the date checks moved from field validators to __attrs_post_init__ -----------------

_DATETIME = dt.datetime(2025, 1, 2, 12, 30, tzinfo=dt.UTC)


def _instances() -> list[Any]:
    plan = iepmodel.from_json((DATA / "annual-transition.json").read_bytes())
    day = dt.date(2025, 1, 2)
    assert plan.meeting is not None
    return [
        plan,
        plan.student,
        plan.meeting,
        plan.meeting.participants[0],
        plan.services[0],
        plan.evaluations[0],
        iepmodel.Excusal(),
        iepmodel.ContactAttempt(date=day, method=iepmodel.ContactMethod.PHONE),
        iepmodel.Objective(statement="s"),
        iepmodel.ProgressEntry(date=day, status=iepmodel.ProgressStatus.MASTERED),
        iepmodel.DateRange(start=day, end=day),
    ]


def _date_fields() -> list[tuple[Any, str]]:
    import attrs

    return [
        (instance, field.name)
        for instance in _instances()
        for field in attrs.fields(type(instance))
        if typing.get_type_hints(type(instance))[field.name] in (dt.date, dt.date | None)
    ]


@pytest.mark.parametrize(
    ("instance", "name"),
    _date_fields(),
    ids=lambda v: v if isinstance(v, str) else type(v).__name__,
)
def test_a_datetime_in_any_date_field_is_refused_naming_the_field(
    instance: Any, name: str
) -> None:
    with pytest.raises(iepmodel.InvariantError) as caught:
        _evolve(instance, **{name: _DATETIME})
    assert (caught.value.field, caught.value.reason) == (
        name,
        "must be a date without a time of day",
    )


@pytest.mark.parametrize(
    ("instance", "changes", "field"),
    [
        (0, {"id": "", "start_date": _DATETIME}, "id"),
        (0, {"jurisdiction": "", "end_date": _DATETIME}, "jurisdiction"),
        (0, {"start_date": _DATETIME, "end_date": dt.date(2000, 1, 1)}, "start_date"),
        (3, {"roles": (), "consent_date": _DATETIME}, "roles"),
        (4, {"minutes": 0, "start_date": _DATETIME}, "minutes"),
        (4, {"start_date": _DATETIME, "end_date": dt.date(2000, 1, 1)}, "start_date"),
        (1, {"date_of_birth": _DATETIME, "grade": "13"}, "date_of_birth"),
    ],
)
def test_the_first_error_is_still_the_first_field_in_order(
    instance: int, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(iepmodel.InvariantError) as caught:
        _evolve(_instances()[instance], **changes)
    assert caught.value.field == field


# --- field constraints: one declaration, three uses -----------------------------------
# Each single-field constraint is declared once, as JSON Schema keywords in the field's
# metadata. The schema writes them, the Python constructor checks them (before the object
# is built) and the fast reader's mirror enforces them in C, without calling Python. These
# tests hold the three to each other, value by value, at the edges of each constraint.


def _document_classes() -> list[type[Any]]:
    """Every attrs class a plan is made of (reachable from `IEP`)."""
    import attrs

    found: dict[str, type[Any]] = {}
    pending: list[Any] = [iepmodel.IEP]
    while pending:
        hint = pending.pop()
        if isinstance(hint, type) and attrs.has(hint):
            if hint.__name__ not in found:
                found[hint.__name__] = hint
                pending.extend(typing.get_type_hints(hint).values())
        elif typing.get_args(hint):
            pending.extend(arg for arg in typing.get_args(hint) if arg is not Ellipsis)
    return [found[name] for name in sorted(found)]


DOCUMENT_CLASSES = _document_classes()


def test_every_class_of_a_plan_checks_its_fields_when_built() -> None:
    from iepmodel import _invariants

    assert len(DOCUMENT_CLASSES) == 23
    unchecked = [cls.__name__ for cls in DOCUMENT_CLASSES if not _invariants.is_checked(cls)]
    assert unchecked == []


def _examples() -> dict[type[Any], Any]:
    """The first object of each class in the example plans, and one `Excusal`."""
    import attrs

    found: dict[type[Any], Any] = {}

    def walk(obj: Any) -> None:
        kind: type[Any] = obj.__class__
        if attrs.has(kind):
            found.setdefault(kind, obj)
            for field in attrs.fields(kind):
                walk(getattr(obj, field.name))
        elif isinstance(obj, tuple):
            for item in obj:  # pyright: ignore[reportUnknownVariableType]
                walk(item)

    for name in EXAMPLES:
        walk(iepmodel.from_json((DATA / name).read_bytes()))
    walk(iepmodel.Excusal(written_agreement_date=dt.date(2025, 1, 2)))
    return found


def _edges(keywords: dict[str, Any], good: Any) -> tuple[list[Any], list[Any]]:
    """JSON values that break the constraint *keywords*, and values that meet it."""
    if "enum" in keywords:
        allowed = keywords["enum"]
        wrong: list[Any] = ["zz", ""] if isinstance(allowed[0], str) else [0, max(allowed) + 1, -1]
        return wrong, list(allowed)
    if "minLength" in keywords:
        return [""], ["x", " "]
    if "pattern" in keywords:  # the one pattern of the model: a jurisdiction's code
        return ["us", "US\n", "USA", "US-", "US-ABCD", " US", ""], ["US", "US-TX", "US-DC1"]
    if "minItems" in keywords:
        return [[]], [good]
    if "exclusiveMinimum" in keywords:
        low = keywords["exclusiveMinimum"]
        return [low, low - 1, -(2**31)], [low + 1, 2**31]
    low = keywords.get("minimum")
    high = keywords.get("maximum")
    bad = [low - 1, low - 0.5, -1e-9] if low is not None else []
    fine = [low, low + 0.5] if low is not None else []
    if high is not None:
        bad += [high + 0.5, high + 1e-9, 1e300]
        fine += [high, high - 0.5]
    return bad, fine


def _constrained_fields() -> list[tuple[type[Any], str]]:
    import attrs

    from iepmodel import _invariants

    return [
        (cls, field.name)
        for cls in DOCUMENT_CLASSES
        for field in attrs.fields(cls)
        if _invariants.keywords(field)
    ]


def _schema_keywords(schema: dict[str, Any]) -> dict[str, Any]:
    """The constraint keywords in a property's schema (inside an optional's branch)."""
    keywords = {key: value for key, value in schema.items() if key in _KEYWORDS}
    for branch in schema.get("anyOf", []):
        keywords.update(_schema_keywords(branch))
    return keywords


_KEYWORDS = ("exclusiveMinimum", "minimum", "maximum", "minLength", "minItems", "enum", "pattern")


def _same_pattern(schema_pattern: str, pattern: str) -> bool:
    """Whether the schema's pattern is the field's, anchored to the whole text."""
    return pattern in schema_pattern and schema_pattern.startswith("^")


@pytest.mark.parametrize(
    ("cls", "name"),
    _constrained_fields(),
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_the_schema_the_constructor_and_the_fast_reader_agree_on_each_constraint(
    cls: type[Any], name: str
) -> None:
    import attrs
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    from iepmodel import _invariants

    field = attrs.fields_dict(cls)[name]
    keywords = _invariants.keywords(field)
    schema = iepmodel.json_schema(cls)
    in_schema = _schema_keywords(schema["properties"][name])
    if "pattern" in keywords:  # anchored in the schema (a JSON Schema pattern searches)
        assert _same_pattern(in_schema.pop("pattern"), keywords["pattern"])
        assert in_schema == {key: v for key, v in keywords.items() if key != "pattern"}
    else:
        assert in_schema == keywords
    validator: Any = Draft202012Validator(schema)
    example = _examples()[cls]
    document = iepmodel.to_dict(example)
    bad, good = _edges(keywords, document.get(name))
    assert bad
    assert good
    for value in bad:
        changed = {**document, name: value}
        assert not validator.is_valid(changed), value
        python_value: Any = () if value == [] else value
        with pytest.raises(iepmodel.InvariantError) as caught:
            attrs.evolve(example, **{name: python_value})
        assert (caught.value.field, caught.value.reason) == (name, _invariants.reason(field))
        text = json.dumps(changed)
        reader = serialization._BACKEND.reader()
        if reader is not None:
            assert reader.load(text, cls) is _fastpath.MISS, value
        outcome = _assert_same(text, cls)
        assert outcome[0] == "error"
        assert [(p.path, p.message) for p in outcome[1][1]] == [(name, _invariants.reason(field))]
    for value in good:
        changed = {**document, name: value}
        assert validator.is_valid(changed), value
        outcome = _assert_same(json.dumps(changed), cls)
        assert outcome[0] == "plan", value


def test_a_default_that_breaks_its_own_constraint_is_refused_at_class_creation() -> None:
    import attrs

    from iepmodel import _invariants

    with pytest.raises(iepmodel.InvariantError, match="minutes"):

        @_invariants.checked
        @attrs.frozen(kw_only=True)
        class Broken:
            minutes: int = attrs.field(default=0, metadata=_invariants.positive())


def test_a_checked_constructor_keeps_the_signature_attrs_made() -> None:
    import inspect

    parameters = inspect.signature(iepmodel.Service).parameters
    assert list(parameters)[:3] == ["type", "category", "description"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    assert parameters["sessions"].default == 1


def test_field_constraints_are_checked_before_the_relations_between_fields() -> None:
    participant = _instances()[3]
    with pytest.raises(iepmodel.InvariantError) as caught:
        _evolve(participant, excusal=iepmodel.Excusal(), consent_date=_DATETIME)
    assert caught.value.field == "consent_date"
    with pytest.raises(iepmodel.InvariantError) as caught:
        _evolve(participant, excusal=iepmodel.Excusal())
    assert caught.value.field == "excusal"


# --- writing: both fast writers, bytes, JSON Lines ---------------------------------------


def _writers() -> list[Any]:
    """The fast writer, made afresh (so that its generated functions are made again)."""
    import msgspec

    return [_fastpath.StructWriter(msgspec)]


@pytest.fixture(params=_writers(), ids=lambda writer: type(writer).__name__)
def fast_writer(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Make `iepmodel.to_json` use one fast writer, then restore the backend's own."""
    backend = serialization._BACKEND
    saved = backend._writer
    backend._writer = request.param
    try:
        yield request.param
    finally:
        backend._writer = saved


def _outcome_of(write: Callable[[], Any]) -> Outcome:
    try:
        return ("text", write())
    except Exception as error:
        return ("failure", type(error))


ILL_TYPED: dict[str, Callable[[iepmodel.IEP], Any]] = {
    # Values the type checkers refuse but Python allows: written as they are either way.
    "a plain string among enum members": lambda p: _evolve(
        p.student, disabilities=("autism", iepmodel.DisabilityCategory.AUTISM)
    ),
    "a list for a tuple": lambda p: _evolve(p.goals[0], objectives=[]),
}

BUILT_WRONG: dict[str, Callable[[iepmodel.IEP], Any]] = {
    # Refused when built, as in a document: `to_json` never writes what `from_json` refuses.
    "an unknown string as a kind": lambda p: _evolve(p, kind="yearly"),
    "a string as a date": lambda p: iepmodel.Objective(statement="s", target_date="2030-01-01"),  # type: ignore[arg-type]
    "a number as text": lambda p: _evolve(p, id=7),
    "a whole number as a bool": lambda p: _evolve(p.student, english_learner=1),
    "a bool as a whole number": lambda p: _evolve(p.services[0], minutes=True),
    "NaN hours": lambda p: iepmodel.Placement(
        regular_class_percent=50, early_childhood_program_hours=float("nan")
    ),
    "infinite hours": lambda p: iepmodel.Placement(
        regular_class_percent=50, early_childhood_program_hours=float("inf")
    ),
    "a dict for an object": lambda p: _evolve(p, student={"id": "S"}),
    "an unknown member in a list": lambda p: _evolve(p.student, disabilities=("autism", "x")),
    "a string for a list": lambda p: _evolve(p.student, disabilities="autism"),
}


@pytest.mark.parametrize("corner", list(BUILT_WRONG), ids=list(BUILT_WRONG))
def test_a_wrong_type_raises_when_built_naming_the_field(plan: iepmodel.IEP, corner: str) -> None:
    with pytest.raises(iepmodel.InvariantError) as caught:
        BUILT_WRONG[corner](plan)
    assert isinstance(caught.value, TypeError)
    assert caught.value.field
    assert "yearly" not in str(caught.value)  # the value is never quoted


def test_a_member_given_as_its_value_is_the_member(plan: iepmodel.IEP) -> None:
    built = _evolve(plan, kind="annual")
    assert built.kind is iepmodel.PlanKind.ANNUAL
    student = _evolve(plan.student, disabilities=["autism"])
    assert student.disabilities == (iepmodel.DisabilityCategory.AUTISM,)
    assert type(student.disabilities[0]) is iepmodel.DisabilityCategory
    assert iepmodel.from_json(iepmodel.to_json(built)) == built


@pytest.mark.parametrize("corner", [*WRITER_CORNERS, *ILL_TYPED])
def test_each_fast_writer_writes_what_the_reference_writes(
    plan: iepmodel.IEP, corner: str, fast_writer: Any
) -> None:
    make = WRITER_CORNERS.get(corner) or ILL_TYPED[corner]
    obj = make(plan)
    assert _outcome_of(lambda: iepmodel.to_json(obj)) == _outcome_of(lambda: _reference_json(obj))
    # (A lone surrogate is text, but no UTF-8: the bytes fail either way.)
    assert _outcome_of(lambda: iepmodel.to_json_bytes(obj)) == _outcome_of(
        lambda: _reference_json(obj).encode()
    )


FLOAT_CORNERS = [1e16, 1.5e17, 9.99e-5, 1e-4, 0.1, 9999999999999998.0]


@pytest.mark.parametrize("hours", FLOAT_CORNERS, ids=repr)
def test_floats_the_encoders_write_differently_go_to_the_reference_writer(
    plan: iepmodel.IEP, hours: float, fast_writer: Any
) -> None:
    placement = iepmodel.Placement(regular_class_percent=50, early_childhood_program_hours=hours)
    for obj in (placement, _evolve(plan, placement=placement)):
        assert iepmodel.to_json(obj) == _reference_json(obj)
        written = fast_writer.dumps(obj)
        expected = _reference_json(obj)
        assert written is _fastpath.MISS or written == expected


@given(model_st.plans())
def test_any_plan_is_written_the_same_by_a_fresh_fast_writer(plan: iepmodel.IEP) -> None:
    (writer,) = _writers()
    written = writer.dumps(plan)  # MISS: the reference writes it (a float it must)
    assert written is _fastpath.MISS or written == _reference_json(plan)


def test_bytes_are_the_text_encoded(plan: iepmodel.IEP) -> None:
    for obj in (plan, plan.student, plan.services[0]):
        assert iepmodel.to_json_bytes(obj) == iepmodel.to_json(obj).encode()
        try:
            _fastpath.active = False
            assert iepmodel.to_json_bytes(obj) == iepmodel.to_json(obj).encode()
        finally:
            _fastpath.active = True


def test_json_lines_are_written_the_same_to_a_path_a_binary_and_a_text_file(
    plan: iepmodel.IEP, tmp_path: Path
) -> None:
    import io

    plans = [plan, _evolve(plan, id="P-2"), _evolve(plan, id="P-é")]
    path = tmp_path / "plans.jsonl"
    assert iepmodel.dump_jsonl(plans, path) == 3
    binary = io.BytesIO()
    assert iepmodel.dump_jsonl(plans, binary) == 3
    text = io.StringIO()
    assert iepmodel.dump_jsonl(plans, text) == 3
    with (tmp_path / "opened.jsonl").open("wb") as handle:
        iepmodel.dump_jsonl(plans, handle)
    expected = "".join(_reference_json(p) + "\n" for p in plans).encode()
    assert path.read_bytes() == binary.getvalue() == text.getvalue().encode() == expected
    assert (tmp_path / "opened.jsonl").read_bytes() == expected
    assert list(iepmodel.load_jsonl(path)) == plans


# --- the one description of the wire form ------------------------------------------------


@given(model_st.plans())
def test_the_reference_writes_every_object_in_the_described_order(plan: iepmodel.IEP) -> None:
    import attrs

    from iepmodel import _wire

    def walk(obj: Any, data: Any) -> None:
        if isinstance(data, dict) and attrs.has(type(obj)):  # not free JSON (extensions)
            wire = _wire.describe(type(obj))
            described = [f.key for f in wire.fields]
            written = list(data)
            assert written == [key for key in described if key in data]
            for field in wire.fields:
                if field.key not in data:
                    value = getattr(obj, field.name)
                    assert field.omit != _wire.OMIT_NEVER
                    assert value is None if field.omit == _wire.OMIT_NONE else value == ()
                else:
                    walk(getattr(obj, field.name), data[field.key])
        elif isinstance(data, list) and isinstance(obj, tuple):
            for item, item_data in zip(obj, data, strict=True):
                walk(item, item_data)

    walk(plan, iepmodel.to_dict(plan))


def test_the_description_is_the_one_rule_null_and_empty_never_written() -> None:
    from iepmodel import _wire

    wire = _wire.describe(iepmodel.IEP)
    by_key = {f.key: f for f in wire.fields}
    assert by_key["goals"].omit == _wire.OMIT_EMPTY
    assert by_key["meeting"].omit == _wire.OMIT_NONE
    assert by_key["status"].omit == _wire.OMIT_NEVER
    assert by_key["schema_version"].required  # defaulted in Python, carried by documents
    assert wire.required_defaults == ("schema_version",)
    never = [f for f in wire.fields if f.omit == _wire.OMIT_NEVER]
    assert list(wire.fields[: len(never)]) == never  # always-written keys first


# --- bulk reading: the collector paused per batch ----------------------------------------


def test_batches_pause_the_collector_only_while_reading() -> None:
    import gc

    from iepmodel import _bulk

    seen_while_reading: list[bool] = []
    seen_by_the_caller: list[bool] = []

    def results() -> Iterator[int]:
        for number in range(70):
            seen_while_reading.append(gc.isenabled())
            yield number

    assert gc.isenabled()
    out = []
    for item in _bulk.paused_batches(results(), size=32):
        seen_by_the_caller.append(gc.isenabled())
        out.append(item)
    assert out == list(range(70))
    assert not any(seen_while_reading)
    assert all(seen_by_the_caller)
    assert gc.isenabled()


def test_a_collector_paused_by_the_program_stays_paused() -> None:
    import gc

    from iepmodel import _bulk

    gc.disable()
    try:
        assert list(_bulk.paused_batches(iter(range(40)), size=8)) == list(range(40))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_failure_while_reading_a_batch_loses_nothing_read_before_it() -> None:
    import gc

    from iepmodel import _bulk

    def results() -> Iterator[int]:
        yield from range(5)
        raise OSError("disk")

    out: list[int] = []
    with pytest.raises(OSError, match="disk"):
        out.extend(_bulk.paused_batches(results(), size=32))
    assert out == list(range(5))
    assert gc.isenabled()


def test_load_jsonl_keeps_bad_lines_aside_across_batches(plan: iepmodel.IEP) -> None:
    good = iepmodel.to_json(plan)
    lines = [good if n % 7 else "{" for n in range(1, 80)]
    reader = iepmodel.load_jsonl(lines)
    plans = list(reader)
    assert len(plans) == 79 - 11
    assert [error.line for error in reader.errors] == [n for n in range(1, 80) if n % 7 == 0]


def test_an_interrupt_while_reading_a_batch_is_raised_at_once() -> None:
    import gc

    from iepmodel import _bulk

    def results() -> Iterator[int]:
        yield from range(5)
        raise KeyboardInterrupt

    out: list[int] = []
    with pytest.raises(KeyboardInterrupt):
        out.extend(_bulk.paused_batches(results(), size=32))
    assert out == []  # not handled first: the program stops now
    assert gc.isenabled()


def test_lines_from_a_stream_are_not_read_ahead(plan: iepmodel.IEP) -> None:
    """A generator (a pipe) gives each plan as its line comes; a list is read a batch ahead."""
    good = iepmodel.to_json(plan)
    pulled: list[int] = []

    def lines() -> Iterator[str]:
        for number in range(100):
            pulled.append(number)
            yield good

    next(iepmodel.iter_jsonl(lines()))
    assert pulled == [0]

    class Listed(list[str]):
        def __iter__(self) -> Iterator[str]:
            for number, line in enumerate(super().__iter__()):
                pulled.append(number)
                yield line

    pulled.clear()
    results = iepmodel.iter_jsonl(Listed([good] * 100))
    next(results)
    assert pulled == list(range(32))  # a batch read with the collector paused
    assert sum(1 for _ in results) == 99


def test_only_sources_at_hand_are_batched(tmp_path: Path, plan: iepmodel.IEP) -> None:
    import io
    import os

    path = tmp_path / "plans.jsonl"
    path.write_text(iepmodel.to_json(plan) + "\n", encoding="utf-8")
    with path.open("rb") as handle:
        assert serialization._at_hand(handle)
    assert serialization._at_hand(path)
    assert serialization._at_hand(str(path))
    assert serialization._at_hand([b"{}"])
    assert serialization._at_hand(io.BytesIO(b"{}\n"))
    assert not serialization._at_hand(tmp_path / "missing.jsonl")
    assert not serialization._at_hand(iter([b"{}"]))
    read, write = os.pipe()
    with os.fdopen(read, "rb") as pipe, os.fdopen(write, "wb"):
        assert not serialization._at_hand(pipe)
