"""
Hostile input: every document, however built, ends in a plan or in `DocumentError`.

A corpus of hostile documents (built here, from a valid plan) goes through `from_json`
(as `str` and as `bytes`, with the fast path on and off), `iter_jsonl` and `load_jsonl`:
each gives `DocumentError` in bounded time and memory, its messages quote no value and
hold no line break, and in a JSON Lines stream the plans around it are still read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import iepmodel
from document_helpers import get, path_of, private_plans
from iepmodel import (
    DocumentError,
    SchoolCalendar,
    _fastpath,
    from_dict,
    from_json,
    iter_jsonl,
    load_jsonl,
)

DATA = Path(__file__).parent / "data"
SECRET = "QSECRETzq"
"""In every hostile value: no message may contain it."""
SECONDS = 2.0
MEGABYTES = 64


def _base() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / "annual-elementary-v2.json").read_text())
    return document


def _text(document: Any, **options: Any) -> str:
    return json.dumps(document, **options)


def _with(**changes: Any) -> str:
    document = _base()
    document.update(changes)
    return _text(document)


def _deep(depth: int, opener: str = "[", closer: str = "]") -> str:
    return opener * depth + closer * depth


def _service(**changes: Any) -> dict[str, Any]:
    return {**_base()["services"][0], **changes}


def _with_services(services: list[Any]) -> str:
    document = _base()
    document["services"] = services
    return _text(document)


def _inserted(key_value: str) -> str:
    """The base document with a raw ``"key": value`` text added at its top level."""
    text = _text(_base())
    return text[:-1] + ", " + key_value + "}"


def _duplicate_in_student() -> str:
    text = _text(_base())
    return text.replace('"student": {', f'"student": {{"id": "{SECRET}", ', 1)


# name -> (document, the type of the first problem)
HOSTILE: dict[str, tuple[str | bytes, str]] = {
    "nested lists": (_deep(100_000), "too_deep"),
    "nested objects": ('{"a":' * 100_000 + "1" + "}" * 100_000, "too_deep"),
    "nested in a field": (
        _with(goals=1).replace('"goals": 1', '"goals": ' + _deep(50_000)),
        "too_deep",
    ),
    "nested in extensions": (
        _with(extensions={"x": 1}).replace('{"x": 1}', '{"x": ' + _deep(5_000) + "}"),
        "too_deep",
    ),
    "long integer": (
        _with_services([_service(minutes=1)]).replace('"minutes": 1', '"minutes": ' + "9" * 5_000),
        "number_too_long",
    ),
    "long negative integer": (
        _with(schema_version=2).replace(
            '"schema_version": 2', '"schema_version": -' + "7" * 9_000
        ),
        "number_too_long",
    ),
    "long integer in extensions": (
        _with(extensions={"x": 1}).replace('{"x": 1}', '{"x": ' + "1" * 20_000 + "}"),
        "number_too_long",
    ),
    "many bad elements": (_with_services([_service(minutes=SECRET)] * 10_000), "int_type"),
    "many unknown keys": (
        _with(**{f"k{index}": SECRET for index in range(30_000)}),
        "unknown_key",
    ),
    "lone surrogate in a value": (_with(id="\ud800" + SECRET), "string_unicode"),
    "lone surrogate in a key": (_with(**{"\udc00": SECRET}), "unknown_key"),
    "lone surrogate in an extension key": (
        _with(extensions={"x": {"\ud83d" + SECRET: 1}}),
        "value_error",
    ),
    "lone surrogate in an extension value": (
        _with(extensions={"x": ["\udfff" + SECRET]}),
        "value_error",
    ),
    "duplicate key": (_inserted(f'"id": "{SECRET}"'), "duplicate_key"),
    "duplicate nested key": (_duplicate_in_student(), "duplicate_key"),
    "duplicate key in extensions": (
        _with(extensions={"x": {"a": 1}}).replace('{"a": 1}', f'{{"a": 1, "a": "{SECRET}"}}'),
        "duplicate_key",
    ),
    "UTF-16 with a byte order mark": (_with(id=SECRET).encode("utf-16"), "encoding"),
    "UTF-16 little-endian": (_with(id=SECRET).encode("utf-16-le"), "encoding"),
    "UTF-16 big-endian": (_with(id=SECRET).encode("utf-16-be"), "encoding"),
    "UTF-32": (_with(id=SECRET).encode("utf-32"), "encoding"),
    "UTF-32 little-endian": (_with(id=SECRET).encode("utf-32-le"), "encoding"),
    "broken UTF-8": (_with(id=SECRET).encode()[:-3] + b"\xff\xfe}", "encoding"),
    "only Unicode whitespace": ("\u00a0\u2003\u3000", "json_invalid"),
    "a key with a newline": (_with(**{"x\nline 9: forged": SECRET}), "unknown_key"),
    "a very long unknown key": (_with(**{"k" * 100_000: SECRET}), "unknown_key"),
    "NaN": (
        _with(school_hours_per_week=1.5).replace(
            '"school_hours_per_week": 1.5', '"school_hours_per_week": NaN'
        ),
        "float_type",
    ),
    "a date with a trailing newline": (_with(start_date="2025-10-01\n"), "date_type"),
    "a date in other digits": (_with(start_date="\u0662\u0660\u0662\u0665-10-01"), "date_type"),
    "a jurisdiction that is not a code": (_with(jurisdiction="US-" + SECRET), "value_error"),
    "a jurisdiction with a newline": (_with(jurisdiction="US\n"), "value_error"),
    "not an object": (json.dumps([SECRET]), "object_type"),
    "trailing garbage": (_with(id=SECRET) + " " + SECRET, "json_invalid"),
}


@pytest.fixture(params=[True, False], ids=["fast", "reference"])
def fast(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run the test with the fast path on, then off."""
    monkeypatch.setattr(_fastpath, "active", request.param)
    return bool(request.param)


@functools.cache
def _warm() -> None:
    """Make the converters' hooks once, so that the first measure is not of that."""
    for cls in (iepmodel.IEP, SchoolCalendar):
        for active in (True, False):
            saved, _fastpath.active = _fastpath.active, active
            try:
                with contextlib.suppress(DocumentError):
                    from_json("{}", cls)
                with contextlib.suppress(DocumentError):
                    from_dict({"services": [{}], "terms": [{}]}, cls)
            finally:
                _fastpath.active = saved
    from_json(_text(_base()))


def _bounded(call: Callable[[], Any], seconds: float = SECONDS) -> Any:
    """Run *call*: what it returned or raised; it must take under *seconds* and MEGABYTES."""
    _warm()
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result: Any = call()
    except Exception as error:
        result = error
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.2f} s"
    assert peak < MEGABYTES * 1_000_000, f"peaked at {peak / 1e6:.0f} MB"
    return result


def assert_safe(error: DocumentError) -> None:
    """No value quoted, no line break, every text writable as UTF-8, a short message."""
    texts = [str(error), repr(error.errors()), *(str(problem) for problem in error.problems)]
    for text in texts:
        assert SECRET not in text
        assert "\n" not in text
        assert "\r" not in text
        text.encode("utf-8")  # no lone surrogate
    assert len(str(error)) < 20_000
    assert len(error.problems) <= iepmodel.serialization.MAX_PROBLEMS
    for problem in error.errors():
        assert problem["type"] in iepmodel.errors.PROBLEM_TYPES
    json.dumps(error.errors(), ensure_ascii=False).encode()


@pytest.mark.parametrize("name", list(HOSTILE))
def test_from_json_raises_document_error(name: str, fast: bool) -> None:
    text, expected = HOSTILE[name]
    error = _bounded(lambda: from_json(text))
    assert isinstance(error, DocumentError), f"{name}: {type(error).__name__}"
    assert_safe(error)
    assert error.errors()[0]["type"] == expected


@pytest.mark.parametrize("name", [name for name in HOSTILE if isinstance(HOSTILE[name][0], str)])
def test_bytes_and_str_give_the_same_outcome(name: str, fast: bool) -> None:
    text = HOSTILE[name][0]
    assert isinstance(text, str)
    try:
        data = text.encode()
    except UnicodeEncodeError:
        return  # a lone surrogate has no UTF-8 bytes
    error = _bounded(lambda: from_json(data))
    assert isinstance(error, DocumentError)
    assert_safe(error)
    assert error.errors()[0]["type"] == HOSTILE[name][1]


def test_many_problems_are_listed_first_and_counted() -> None:
    error = _bounded(lambda: from_json(HOSTILE["many bad elements"][0]))
    assert isinstance(error, DocumentError)
    assert len(error.problems) == iepmodel.serialization.MAX_PROBLEMS
    assert error.count > len(error.problems)
    assert error.truncated
    assert "listed" in str(error)
    document = json.loads(HOSTILE["many unknown keys"][0])
    unknown = _bounded(lambda: from_dict(document))
    assert isinstance(unknown, DocumentError)
    assert unknown.count == 30_000
    assert unknown.complete


def test_duplicate_keys_are_named_by_path(fast: bool) -> None:
    error = _bounded(lambda: from_json(HOSTILE["duplicate nested key"][0]))
    assert isinstance(error, DocumentError)
    assert error.paths == ("student.id",)
    assert error.errors()[0]["loc"] == ("student", "id")


def test_a_byte_order_mark_is_skipped_in_str_and_bytes(fast: bool) -> None:
    text = _text(_base())
    plan = from_json(text)
    assert from_json("\ufeff" + text) == plan
    assert from_json(b"\xef\xbb\xbf" + text.encode()) == plan


def test_an_unknown_key_is_escaped_and_cut(fast: bool) -> None:
    with pytest.raises(DocumentError) as caught:
        from_json(HOSTILE["a key with a newline"][0])
    assert caught.value.paths == ('["x\\nline 9: forged"]',)
    with pytest.raises(DocumentError) as long:
        from_json(HOSTILE["a very long unknown key"][0])
    assert long.value.paths == ('["' + "k" * 40 + '"...]',)


# --- JSON Lines: each bad line is reported, the others are read -------------------------


def _lines() -> tuple[list[str], int]:
    good = _text(_base())
    lines: list[str] = []
    for text, _ in HOSTILE.values():
        if isinstance(text, bytes) or "\n" in text.strip():
            continue  # UTF-16 and the like cannot be lines; a newline splits a line
        lines.append(good)
        lines.append(text)
    lines.append(good)
    return lines, sum(1 for line in lines if line is good)


def test_iter_jsonl_reports_each_line_and_goes_on(fast: bool) -> None:
    lines, good = _lines()
    results: list[tuple[int, iepmodel.IEP | DocumentError]] = _bounded(
        lambda: list(iter_jsonl(lines)), seconds=SECONDS * len(lines) / 2
    )
    plans = [result for _, result in results if isinstance(result, iepmodel.IEP)]
    errors = [result for _, result in results if isinstance(result, DocumentError)]
    assert len(plans) == good
    assert len(errors) == len(lines) - good
    for error in errors:
        assert_safe(error)


def test_load_jsonl_of_bytes_reports_each_line(fast: bool, tmp_path: Path) -> None:
    lines, good = _lines()
    path = tmp_path / "plans.jsonl"
    with path.open("wb") as handle:
        for line in lines:
            data = line.encode("utf-8", "surrogatepass")
            handle.write(data + b"\n")
    reader = load_jsonl(path)
    plans = _bounded(lambda: list(reader), seconds=SECONDS * len(lines) / 2)
    assert len(plans) == good
    assert len(reader.errors) == len(lines) - good
    assert [error.line for error in reader.errors] == list(range(2, 2 * len(reader.errors) + 1, 2))


@pytest.mark.parametrize("blank", [" ", "\t", "\r", ""])
def test_a_line_of_json_whitespace_is_skipped(blank: str) -> None:
    assert list(iter_jsonl([blank])) == []
    assert list(iter_jsonl([blank.encode()])) == []


@pytest.mark.parametrize("space", ["\u00a0", "\u2003", "\x0c", "\u3000 "])
def test_a_line_of_other_whitespace_is_an_error_as_str_and_bytes(space: str) -> None:
    for results in (list(iter_jsonl([space])), list(iter_jsonl([space.encode()]))):
        ((number, result),) = results
        assert number == 1
        assert isinstance(result, DocumentError)
        assert result.errors()[0]["type"] == "json_invalid"


# --- the school calendar --------------------------------------------------------------


@pytest.mark.parametrize(
    "calendar",
    [
        {"name": "x", "terms": [{"start": "0001-01-01", "end": "9999-12-31"}]},
        {
            "name": "x",
            "terms": [{"start": "2024-08-26", "end": "2025-06-06"}],
            "closed": [{"start": "0001-01-01", "end": "9999-12-31"}] * 2_000,
        },
        {"name": "x", "terms": [{"start": "9999-12-01", "end": "9999-12-31"}] * 5_000},
    ],
    ids=["a term of 10000 years", "closed ranges of 10000 years", "many terms at the end"],
)
def test_an_absurd_calendar_costs_little(calendar: dict[str, Any], fast: bool) -> None:
    def load() -> Any:
        loaded = from_json(json.dumps(calendar), SchoolCalendar)
        first = loaded.first_day
        assert first is not None
        return loaded.school_days_between(first, first + dt.timedelta(days=30))

    result = _bounded(load)
    if isinstance(result, BaseException):
        assert isinstance(result, DocumentError), type(result).__name__
        assert_safe(result)
        assert result.paths == ("terms",)


def test_the_last_day_of_the_calendar_is_a_day() -> None:
    calendar = from_json(
        json.dumps({"name": "x", "terms": [{"start": "9999-12-20", "end": "9999-12-31"}]}),
        SchoolCalendar,
    )
    assert calendar.school_days[-1].isoformat() == "9999-12-31"
    assert calendar.is_school_day(calendar.school_days[-1])


# --- properties -------------------------------------------------------------------------


@given(st.binary(max_size=200))
def test_any_bytes_load_or_raise_document_error(data: bytes) -> None:
    try:
        from_json(data)
    except DocumentError as error:
        assert_safe(error)


@given(st.text(max_size=200))
def test_any_text_loads_or_raises_document_error(text: str) -> None:
    try:
        from_json(text)
    except DocumentError as error:
        assert_safe(error)


@given(st.dictionaries(st.text(max_size=20), st.text(max_size=5), max_size=5))
def test_any_unknown_keys_are_safe_in_messages(extra: dict[str, str]) -> None:
    document = _base()
    document.update({key: SECRET for key in extra if key not in document})
    try:
        from_dict(document)
    except DocumentError as error:
        assert_safe(error)
        for path in error.paths:
            assert path.isprintable()


def _objects(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The location of every non-empty object in a JSON value."""
    if isinstance(value, dict):
        if value:
            yield loc
        for key, item in value.items():
            yield from _objects(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _objects(item, (*loc, index))


def _dump_repeating(
    value: Any, target: tuple[str | int, ...], loc: tuple[str | int, ...] = ()
) -> str:
    """*value* as JSON text, the object at *target* holding its first key a second time."""
    if isinstance(value, dict):
        pairs = [(key, _dump_repeating(item, target, (*loc, key))) for key, item in value.items()]
        if loc == target:
            pairs.append((pairs[0][0], json.dumps(SECRET)))
        return "{" + ", ".join(f"{json.dumps(key)}: {text}" for key, text in pairs) + "}"
    if isinstance(value, list):
        return (
            "["
            + ", ".join(_dump_repeating(item, target, (*loc, i)) for i, item in enumerate(value))
            + "]"
        )
    return json.dumps(value)


@given(plan=private_plans(), data=st.data(), fast_path=st.booleans())
def test_a_duplicate_key_at_any_depth_is_refused_at_its_path(
    plan: iepmodel.IEP, data: st.DataObject, fast_path: bool
) -> None:
    document = iepmodel.to_dict(plan)
    target = data.draw(st.sampled_from(list(_objects(document))))
    text = _dump_repeating(document, target)
    first = next(iter(get(document, target)))
    saved, _fastpath.active = _fastpath.active, fast_path
    try:
        with pytest.raises(DocumentError) as caught:
            from_json(text)
    finally:
        _fastpath.active = saved
    assert caught.value.paths == (path_of((*target, first)),)
    assert caught.value.errors()[0]["type"] == "duplicate_key"
    assert_safe(caught.value)


def test_problems_in_nested_lists_are_listed_and_counted(fast: bool) -> None:
    """Bad objectives in many bad goals: the first problems listed, the rest counted."""
    document = _base()
    goal = document["goals"][0]
    document["goals"] = [{**goal, "objectives": [{"text": SECRET}] * 60} for _ in range(60)]
    error = _bounded(lambda: from_json(_text(document)))
    assert isinstance(error, DocumentError)
    assert_safe(error)
    assert len(error.problems) == iepmodel.serialization.MAX_PROBLEMS
    assert all(path.startswith("goals[") for path in error.paths)
    assert error.count > len(error.problems)
    assert not error.complete
    assert str(error).startswith(f"at least {error.count} problems (the first 100 listed)")
