"""
Documents that are not valid plans: one `DocumentError`, every path named, no personal data.

The properties draw plans whose names and free texts are distinctive (document_helpers),
break them in one place, and check that the error names that place in the document's own
key names and quotes none of the plan's names, date of birth or free text.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iepmodel
from document_helpers import (
    NAMES,
    TEXTS,
    Node,
    Place,
    get,
    is_date,
    is_enum,
    is_enum_list,
    path_of,
    personal_data,
    private_plans,
    put,
    remove,
    scalar_type,
    walk,
)
from iepmodel.testing import strategies as ist

Document = dict[str, Any]


_D = dt.date(2025, 10, 1)
_GOAL = iepmodel.Goal(id="G1", area=iepmodel.GoalArea.READING, statement="Xsecret zx")
_PLAN = iepmodel.IEP(
    id="P1",
    kind=iepmodel.PlanKind.ANNUAL,
    student=iepmodel.Student(id="S1", name="Qsecret zq", date_of_birth=dt.date(2012, 2, 29)),
    start_date=_D,
    end_date=dt.date(2026, 9, 30),
)


def load_error(document: Any, cls: type = iepmodel.IEP) -> iepmodel.DocumentError:
    """The error that loading *document* (data, or JSON text) raises; fails if it loads."""
    load: Callable[[Any, type], Any] = (
        iepmodel.from_json if isinstance(document, str | bytes) else iepmodel.from_dict
    )
    with pytest.raises(iepmodel.DocumentError) as caught:
        load(document, cls)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.problems
    return error


def assert_private(error: iepmodel.DocumentError, plan: iepmodel.IEP) -> None:
    """No name, date of birth or free text of *plan* is in the error, however shown."""
    shown = [str(error), repr(error), *map(str, error.problems), *map(repr, error.problems)]
    for secret in personal_data(plan):
        for text in shown:
            assert secret not in text


def _places(plan: iepmodel.IEP, keep: Callable[[Place], bool]) -> list[Place]:
    return [p for p in walk(plan, iepmodel.to_dict(plan)) if isinstance(p, Place) and keep(p)]


def _objects(plan: iepmodel.IEP) -> list[Node]:
    return [n for n in walk(plan, iepmodel.to_dict(plan)) if isinstance(n, Node)]


def _service(data: st.DataObject) -> Document:
    service = data.draw(ist.services(start_dates=ist.dates(max_value=dt.date(2050, 1, 1))))
    document: Document = iepmodel.to_dict(service)
    return document


def _append(document: Document, key: str, item: Any) -> int:
    """Add *item* to the list at *key* (made if absent); return its index."""
    items = document.setdefault(key, [])
    items.append(item)
    return len(items) - 1


def _with_meeting(document: Document, plan: iepmodel.IEP) -> Document:
    meeting: Document = document.setdefault("meeting", {"date": plan.start_date.isoformat()})
    return meeting


# --- every invariant of format.md -----------------------------------------------------------


def _end_before_start(document: Document, plan: iepmodel.IEP, data: st.DataObject) -> str:
    document["end_date"] = (plan.start_date - dt.timedelta(days=1)).isoformat()
    return "end_date"


def _service_ends_before_it_starts(
    document: Document, plan: iepmodel.IEP, data: st.DataObject
) -> str:
    service = _service(data)
    start = dt.date.fromisoformat(service["start_date"])
    service["end_date"] = (start - dt.timedelta(days=data.draw(st.integers(1, 400)))).isoformat()
    return f"services[{_append(document, 'services', service)}].end_date"


def _service_number(key: str, values: st.SearchStrategy[int]) -> Callable[..., str]:
    def change(document: Document, plan: iepmodel.IEP, data: st.DataObject) -> str:
        service = _service(data)
        service[key] = data.draw(values)
        return f"services[{_append(document, 'services', service)}].{key}"

    return change


def _percent_out_of_range(document: Document, plan: iepmodel.IEP, data: st.DataObject) -> str:
    high = st.floats(min_value=100, exclude_min=True, allow_infinity=False)
    low = st.floats(max_value=0, exclude_max=True, allow_infinity=False)
    document["placement"] = {"regular_class_percent": data.draw(high | low | st.just(101))}
    return "placement.regular_class_percent"


def _negative_hours(document: Document, plan: iepmodel.IEP, data: st.DataObject) -> str:
    hours = data.draw(st.floats(max_value=0, exclude_max=True, allow_infinity=False))
    document["placement"] = {"regular_class_percent": 50, "early_childhood_program_hours": hours}
    return "placement.early_childhood_program_hours"


def _born_on_or_after_start(document: Document, plan: iepmodel.IEP, data: st.DataObject) -> str:
    later = plan.start_date + dt.timedelta(days=data.draw(st.integers(0, 3000)))
    document["student"]["date_of_birth"] = later.isoformat()
    return "student.date_of_birth"


def _participant_without_roles(document: Document, plan: iepmodel.IEP, data: st.DataObject) -> str:
    meeting = _with_meeting(document, plan)
    person: Document = {"name": data.draw(NAMES), "roles": []}
    return f"meeting.participants[{_append(meeting, 'participants', person)}].roles"


def _excusal_without_excused_attendance(
    document: Document, plan: iepmodel.IEP, data: st.DataObject
) -> str:
    meeting = _with_meeting(document, plan)
    person: Document = {
        "name": data.draw(NAMES),
        "roles": ["related_service_provider"],
        "attendance": data.draw(st.sampled_from(["present", "absent"])),
        "excusal": {"area_discussed": data.draw(st.booleans())},
    }
    return f"meeting.participants[{_append(meeting, 'participants', person)}].excusal"


def _duplicate_goal_id(document: Document, plan: iepmodel.IEP, data: st.DataObject) -> str:
    goal = {"id": "G-dup", "area": "reading", "statement": data.draw(TEXTS)}
    _append(document, "goals", goal)
    return f"goals[{_append(document, 'goals', dict(goal))}].id"


def _unsupported_schema_version(
    document: Document, plan: iepmodel.IEP, data: st.DataObject
) -> str:
    document["schema_version"] = data.draw(st.integers().filter(lambda v: v not in (1, 2)))
    return "schema_version"


def _empty_identifier(document: Document, plan: iepmodel.IEP, data: st.DataObject) -> str:
    keys = data.draw(st.sampled_from([("id",), ("student", "id")]))
    put(document, keys, "")
    return path_of(keys)


def _unknown_grade(document: Document, plan: iepmodel.IEP, data: st.DataObject) -> str:
    grade = data.draw(st.sampled_from(["13", "0", "k", "pre-K", "Grade 4"]))
    document["student"]["grade"] = grade
    return "student.grade"


def _accommodation_without_context(
    document: Document, plan: iepmodel.IEP, data: st.DataObject
) -> str:
    item: Document = {"description": data.draw(TEXTS), "category": "setting", "contexts": []}
    return f"accommodations[{_append(document, 'accommodations', item)}].contexts"


INVARIANTS: dict[str, Callable[[Document, iepmodel.IEP, st.DataObject], str]] = {
    "end_date before start_date": _end_before_start,
    "a service ending before it starts": _service_ends_before_it_starts,
    "minutes not above 0": _service_number("minutes", st.integers(max_value=0)),
    "sessions not above 0": _service_number("sessions", st.integers(max_value=0)),
    "regular_class_percent outside 0-100": _percent_out_of_range,
    "negative early childhood hours": _negative_hours,
    "date_of_birth not before start_date": _born_on_or_after_start,
    "a participant without a role": _participant_without_roles,
    "an excusal without attendance excused": _excusal_without_excused_attendance,
    "a goal id used twice": _duplicate_goal_id,
    "a schema_version this version does not read": _unsupported_schema_version,
    "an empty identifier": _empty_identifier,
    "a grade that does not exist": _unknown_grade,
    "an accommodation without a context": _accommodation_without_context,
}


class TestInvariants:
    @pytest.mark.parametrize("name", list(INVARIANTS))
    def test_each_invariant_names_its_path(self, name: str) -> None:
        """Breaking an invariant raises DocumentError at the place, quoting nothing private."""

        @given(plan=private_plans(), data=st.data())
        def broken(plan: iepmodel.IEP, data: st.DataObject) -> None:
            document = iepmodel.to_dict(plan)
            path = INVARIANTS[name](document, plan, data)

            error = load_error(document)
            assert path in error.paths
            assert_private(error, plan)
            assert load_error(json.dumps(document)).paths == error.paths

        broken()

    def test_a_date_range_ending_before_it_starts(self) -> None:
        """A calendar's term or closed range that ends before it starts names the range."""
        document = {
            "name": "District",
            "terms": [{"start": "2024-08-26", "end": "2025-06-06"}],
            "closed": ["2024-09-02", {"start": "2024-12-23", "end": "2024-12-20"}],
        }

        error = load_error(document, iepmodel.SchoolCalendar)
        assert error.paths == ("closed[1].end",)

    @pytest.mark.parametrize(
        ("build", "field"),
        [
            (
                lambda: iepmodel.Service(
                    type=iepmodel.ServiceType.COUNSELING, minutes=0, start_date=_D
                ),
                "minutes",
            ),
            (lambda: iepmodel.Placement(regular_class_percent=100.5), "regular_class_percent"),
            (lambda: iepmodel.Participant(name="Qx", roles=()), "roles"),
            (
                lambda: iepmodel.Participant(
                    name="Qx", roles=(iepmodel.Role.OTHER,), excusal=iepmodel.Excusal()
                ),
                "excusal",
            ),
            (lambda: attrs.evolve(_PLAN, end_date=_D - dt.timedelta(days=1)), "end_date"),
            (lambda: attrs.evolve(_PLAN, schema_version=3), "schema_version"),
            (
                lambda: attrs.evolve(_PLAN, goals=(_GOAL, _GOAL)),
                "goals[1].id",
            ),
            (
                lambda: attrs.evolve(_PLAN, student=attrs.evolve(_PLAN.student, date_of_birth=_D)),
                "student.date_of_birth",
            ),
        ],
    )
    def test_python_construction_checks_the_same_invariants(
        self, build: Callable[[], Any], field: str
    ) -> None:
        """Building an object in Python raises InvariantError (a ValueError) naming the field."""
        with pytest.raises(iepmodel.InvariantError) as caught:
            build()

        assert caught.value.field == field
        assert isinstance(caught.value, ValueError)


# --- bad dates, wrong types, misspelt keys, unknown enumeration values ---------------------------

BAD_DATES = ["20240101", "2025-02-30", "2025-1-1", "2024-02-29T08:00", "2024/02/29", "", " "]


class TestBadValues:
    @given(plan=private_plans(), data=st.data())
    def test_a_bad_date_anywhere(self, plan: iepmodel.IEP, data: st.DataObject) -> None:
        """A date that is not an existing YYYY-MM-DD day is refused at its path."""
        place = data.draw(st.sampled_from(_places(plan, lambda p: is_date(p.hint))))
        bad = data.draw(st.sampled_from([*BAD_DATES, 20240101]))
        document = iepmodel.to_dict(plan)
        put(document, place.keys, bad)

        error = load_error(document)
        assert error.paths == (place.path,)
        assert_private(error, plan)

    @given(plan=private_plans(), data=st.data())
    def test_a_wrong_type_anywhere(self, plan: iepmodel.IEP, data: st.DataObject) -> None:
        """A value of the wrong JSON type is refused at its path, whatever it is."""
        place = data.draw(st.sampled_from(_places(plan, lambda p: True)))
        document = iepmodel.to_dict(plan)
        put(document, place.keys, _wrong_value(place))

        error = load_error(document)
        assert place.path in error.paths
        assert_private(error, plan)

    @pytest.mark.parametrize(
        ("key", "value", "message"),
        [
            ("minutes", "45", "expected a whole number"),
            ("minutes", 45.7, "expected a whole number"),
            ("minutes", 45.0, "expected a whole number"),
            ("minutes", True, "expected a whole number"),
            ("sessions", "2", "expected a whole number"),
            ("type", ["counseling"], "expected one of"),
            ("start_date", "20240101", "expected a date as YYYY-MM-DD"),
            ("start_date", "2025-02-30", "exists"),
            ("start_date", "2025-1-1", "expected a date as YYYY-MM-DD"),
        ],
    )
    def test_the_classic_mistakes_in_a_service(self, key: str, value: Any, message: str) -> None:
        """ "45" minutes, 45.7 minutes, true minutes, bad dates: named, never coerced."""
        document = iepmodel.to_dict(_PLAN)
        document["services"] = [{"type": "counseling", "minutes": 30, "start_date": "2025-10-01"}]
        document["services"][0][key] = value

        error = load_error(document)
        assert error.paths == (f"services[0].{key}",)
        assert message in error.problems[0].message

    @pytest.mark.parametrize(
        ("keys", "value"),
        [
            (("student", "english_learner"), "yes"),
            (("student", "english_learner"), 1),
            (("student", "disabilities"), "autism"),
            (("goals",), {"area": "reading", "statement": "Xsecret zx"}),
            (("student", "id"), 7),
            (("student",), "S1"),
        ],
    )
    def test_yes_for_a_bool_and_a_string_for_a_list(
        self, keys: tuple[str, ...], value: Any
    ) -> None:
        """ "yes" is not true, 1 is not true, a string or an object is not a list."""
        document = iepmodel.to_dict(_PLAN)
        put(document, keys, value)

        error = load_error(document)
        assert error.paths == (path_of(keys),)
        assert_private(error, _PLAN)

    @given(plan=private_plans(), data=st.data())
    def test_a_misspelt_key_at_any_depth(self, plan: iepmodel.IEP, data: st.DataObject) -> None:
        """A misspelt key is an unknown key at its path, never dropped silently."""
        place = data.draw(st.sampled_from(_places(plan, lambda p: True)))
        parent = place.keys[:-1]
        key = str(place.keys[-1])
        misspelt = data.draw(st.sampled_from(_misspellings(key)))
        document = iepmodel.to_dict(plan)
        siblings = get(document, parent)
        if misspelt in siblings:
            misspelt = key + "_x"
        siblings[misspelt] = siblings.pop(key)

        error = load_error(document)
        assert path_of((*parent, misspelt)) in error.paths
        if place.required:
            assert place.path in error.paths
        assert_private(error, plan)

    @given(plan=private_plans(), data=st.data())
    def test_an_unknown_key_at_any_depth(self, plan: iepmodel.IEP, data: st.DataObject) -> None:
        """A key the format does not have is refused wherever it is added."""
        node = data.draw(st.sampled_from(_objects(plan)))
        key = data.draw(st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True))
        document = iepmodel.to_dict(plan)
        target = get(document, node.keys)
        if key in node.field_names:
            key += "_unknown"
        target[key] = data.draw(st.none() | st.integers() | st.text())

        error = load_error(document)
        assert path_of((*node.keys, key)) in error.paths
        assert_private(error, plan)

    @given(plan=private_plans(), data=st.data())
    def test_an_unknown_enumeration_value(self, plan: iepmodel.IEP, data: st.DataObject) -> None:
        """A value outside an enumeration, alone or in a list, is refused at its path."""
        place = data.draw(
            st.sampled_from(_places(plan, lambda p: is_enum(p.hint) or is_enum_list(p.hint)))
        )
        keys = (*place.keys, 0) if is_enum_list(place.hint) else place.keys
        document = iepmodel.to_dict(plan)
        old = get(document, keys)
        known = {member.value for member in _enum_at(place, keys)}
        candidates = (old.upper(), old + "s", old.replace("_", " "), "other_x")
        new = data.draw(st.sampled_from([v for v in candidates if v not in known]))
        put(document, keys, new)

        error = load_error(document)
        assert error.paths == (path_of(keys),)
        assert "expected one of" in error.problems[0].message
        assert_private(error, plan)

    @given(plan=private_plans(), data=st.data())
    def test_a_required_key_missing(self, plan: iepmodel.IEP, data: st.DataObject) -> None:
        """A missing required key is named, at any depth."""
        place = data.draw(st.sampled_from(_places(plan, lambda p: p.required)))
        document = iepmodel.to_dict(plan)
        remove(document, place.keys)

        error = load_error(document)
        assert place.path in error.paths
        assert_private(error, plan)

    @given(plan=private_plans(), data=st.data())
    def test_every_problem_is_listed_at_once(
        self, plan: iepmodel.IEP, data: st.DataObject
    ) -> None:
        """Several bad values give one error that names each of their paths."""
        dates = _places(plan, lambda p: is_date(p.hint))
        chosen = data.draw(st.lists(st.sampled_from(dates), min_size=1, max_size=4, unique=True))
        document = iepmodel.to_dict(plan)
        for place in chosen:
            put(document, place.keys, "2025-13-01")

        error = load_error(document)
        assert set(error.paths) == {place.path for place in chosen}


def _enum_at(place: Place, keys: tuple[str | int, ...]) -> type[enum.Enum]:
    """The enumeration of the value at *keys*: the place's value, or the first of its list."""
    member: enum.Enum = place.value[0] if keys != place.keys else place.value
    return type(member)


def _misspellings(key: str) -> list[str]:
    swapped = key[1] + key[0] + key[2:] if len(key) > 1 and key[0] != key[1] else key + "e"
    return [key + "s", key[:-1], swapped, key.replace("_", ""), key.upper(), key + " "]


def _wrong_value(place: Place) -> Any:
    """A JSON value of another type than the one *place* takes (never `null`)."""
    value = place.value
    if isinstance(value, tuple):
        return "not a list"
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int | float):
        return str(value)
    if scalar_type(place.hint) is dt.date:
        return int(value.strftime("%Y%m%d"))
    if isinstance(value, str):
        return ["a", "list"]
    return 42


# --- personal data where it does not belong --------------------------------------------------


class TestPersonalDataIsNeverQuoted:
    @given(plan=private_plans(), data=st.data())
    def test_personal_data_in_the_wrong_place(
        self, plan: iepmodel.IEP, data: st.DataObject
    ) -> None:
        """A name, a free text or the date of birth put where it does not fit is not echoed."""
        secrets = [s for s in personal_data(plan) if not s.startswith("datetime")]
        secret = data.draw(st.sampled_from(secrets))
        # The date of birth is a valid date: put it anywhere but in a date.
        born = plan.student.date_of_birth.isoformat()
        targets = _places(
            plan,
            lambda p: (
                (not isinstance(p.value, str) or is_enum(p.hint) or is_date(p.hint))
                and not (secret == born and is_date(p.hint))
            ),
        )
        place = data.draw(st.sampled_from(targets))
        document = iepmodel.to_dict(plan)
        put(document, place.keys, secret)

        error = load_error(document)
        assert place.path in error.paths
        assert_private(error, plan)

    @given(plan=private_plans(), data=st.data())
    def test_a_broken_text_holding_personal_data(
        self, plan: iepmodel.IEP, data: st.DataObject
    ) -> None:
        """JSON cut short, or with stray text around it, is reported by position only."""
        text = iepmodel.to_json(plan)
        cut = data.draw(st.integers(min_value=1, max_value=len(text) - 1))
        broken = data.draw(st.sampled_from([text[:cut], text + " #", "#" + text, text[:-1]]))

        error = load_error(broken)
        assert error.paths == ("",)
        assert_private(error, plan)


# --- text that is not JSON -----------------------------------------------------------------

NOT_JSON: dict[str, str | bytes] = {
    "empty": "",
    "blank": "  \n",
    "a word": "plan",
    "single quotes": "{'schema_version': 1}",
    "a trailing comma": '{"schema_version": 1,}',
    "cut short": '{"schema_version": 1, "id": "P',
    "two documents": '{"schema_version": 1} {"schema_version": 1}',
    "a comment": '{"schema_version": 1 /* v1 */}',
    "not UTF-8": b'{"id": "\xff"}',
}


class TestNotJson:
    @pytest.mark.parametrize("name", list(NOT_JSON))
    def test_text_that_is_not_json(self, name: str) -> None:
        """Text that is not JSON is a DocumentError about the document as a whole."""
        error = load_error(NOT_JSON[name])

        assert error.paths == ("",)
        assert "not valid" in error.problems[0].message

    @pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
    @pytest.mark.parametrize(
        "keys",
        [
            ("placement", "regular_class_percent"),
            ("placement", "early_childhood_program_hours"),
            ("services", 0, "minutes"),
            ("student", "date_of_birth"),
            ("schema_version",),
        ],
        ids=path_of,
    )
    def test_nan_and_infinity_are_named_where_they_are(
        self, constant: str, keys: tuple[str | int, ...]
    ) -> None:
        """NaN and Infinity are not JSON numbers: the key that holds one is named."""
        document = iepmodel.to_dict(_PLAN)
        document["placement"] = {"regular_class_percent": 50.0}
        document["services"] = [{"type": "counseling", "minutes": 30, "start_date": "2025-10-01"}]
        put(document, keys, "PLACEHOLDER")
        text = json.dumps(document).replace('"PLACEHOLDER"', constant)

        error = load_error(text)
        assert error.paths == (path_of(keys),)

    def test_a_number_too_large_for_a_float(self) -> None:
        """1e400 is read as infinity, and refused as a number that is not finite."""
        document = json.dumps(iepmodel.to_dict(_PLAN))[:-1] + ', "placement": '
        error = load_error(document + '{"regular_class_percent": 1e400}}')

        assert error.paths == ("placement.regular_class_percent",)

    def test_the_error_survives_pickling_and_lists_each_problem(self) -> None:
        """DocumentError pickles with its problems and shows each path with its message."""
        import pickle

        error = load_error({"schema_version": 1, "id": "P", "kynd": "annual"})
        again = pickle.loads(pickle.dumps(error))

        assert again.problems == error.problems
        assert str(again) == str(error)
        assert "kynd: unknown key" in str(error)
