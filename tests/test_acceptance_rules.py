"""
Acceptance tests of the rule catalog, written from rules.md and regulations.md alone.

Each scenario starts from a valid example plan of ``/work/shared/spec/examples`` (copies
in ``tests/data``) or a fixture of ``tests/data/acceptance``, changes one thing, turns the
documents into JSON text, loads them with `iepmodel.from_json` and runs
`iepmodel.check` on them. It asserts the exact multiset of findings as
``(plan_id, code, path, due, severity)``: nothing missing, nothing extra.

The expected dates are written out by hand from the conventions of rules.md and the
worked scenarios of regulations.md §8 (ids such as ``L09`` or ``C15`` name the row); they
are never computed with the library. The same scenarios run through the command line
in ``test_acceptance_cli.py``.

A scenario whose expectation the code does not meet because of a bug carries a
``bug`` reason and runs as a strict xfail, so the suite stays green and the bug stays
visible; the list of bugs is ``BUGS`` at the end of this module.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

import iepmodel
from iepmodel import IEP, Finding, Profile, SchoolCalendar
from iepmodel.jurisdictions import derive
from iepmodel.rules import catalog

DATA = Path(__file__).parent / "data"
ACCEPTANCE = DATA / "acceptance"

Doc = dict[str, Any]
Row = tuple[str, str, str, str | None, str]
"""A finding as the tests compare it: (plan_id, code, path, due ISO date or None, severity)."""

ELEM = "district-7/2025/00412"
TRANS = "district-7/2026/00977"
PRE = "district-7/2025/01201"
INIT = "acceptance/initial-school-age"


def D(text: str) -> dt.date:
    """A date from its ISO text."""
    return dt.date.fromisoformat(text)


def load(document: Doc) -> IEP:
    """The plan *document*, through its JSON text."""
    return iepmodel.from_json(json.dumps(document), IEP)


def _load(name: str) -> Doc:
    document: Doc = json.loads((DATA / name).read_text(encoding="utf-8"))
    return document


def elem() -> Doc:
    """annual-elementary.json: annual review 2025-10-01, plan to 2026-09-30, student aged 10."""
    return _load("annual-elementary.json")


def trans() -> Doc:
    """annual-transition.json: review 2026-03-01 with transition; student 16 on 2026-05-10."""
    return _load("annual-transition.json")


def pre() -> Doc:
    """initial-preschool.json: initial plan of a child from Part C, third birthday 2025-10-15."""
    return _load("initial-preschool.json")


def person(document: Doc, name: str) -> Doc:
    """The participant called *name* (the examples' names are unique)."""
    participant: Doc = next(p for p in document["meeting"]["participants"] if p["name"] == name)
    return participant


def drop_person(document: Doc, name: str) -> Doc:
    """*document* without the participant called *name*."""
    people = document["meeting"]["participants"]
    document["meeting"]["participants"] = [p for p in people if p["name"] != name]
    return document


def _iso(day: dt.date) -> str:
    return day.isoformat()


def annual(
    meeting: str,
    *,
    plan_id: str,
    student_id: str = "STU-88412",
    end: str | None = None,
    dob: str | None = None,
    evaluated: str | None = None,
    base: Callable[[], Doc] = elem,
) -> Doc:
    """
    An annual plan like *base*, moved to a review meeting on *meeting*.

    The plan runs from the meeting to its anniversary minus one day unless *end* says
    otherwise; *evaluated* replaces the evaluation history by one initial evaluation
    completed that day.
    """
    document = base()
    day = D(meeting)
    document["id"] = plan_id
    document["student"]["id"] = student_id
    if dob is not None:
        document["student"]["date_of_birth"] = dob
    document["meeting"]["date"] = meeting
    if "notice_date" in document["meeting"]:
        document["meeting"]["notice_date"] = _iso(day - dt.timedelta(days=14))
    for participant in document["meeting"]["participants"]:
        if "consent_date" in participant:
            participant["consent_date"] = _iso(day - dt.timedelta(days=19))
    document["start_date"] = meeting
    document["end_date"] = end or _iso(day + relativedelta(years=1) - dt.timedelta(days=1))
    for service in document["services"]:
        service["start_date"] = meeting
    for goal in document["goals"]:
        goal.pop("progress", None)
    if evaluated is not None:
        completed = D(evaluated)
        document["evaluations"] = [
            {
                "kind": "initial",
                "consent_date": _iso(completed - dt.timedelta(days=40)),
                "completed_date": evaluated,
                "eligibility_date": evaluated,
            }
        ]
    return document


def amendment(of: Doc, *, plan_id: str, start: str, agreed: str | None) -> Doc:
    """An amendment of *of* made without a meeting, from *start* to *of*'s end date."""
    document = copy.deepcopy(of)
    document["id"] = plan_id
    document["kind"] = "amendment"
    document["amends"] = of["id"]
    del document["meeting"]
    document["start_date"] = start
    for service in document["services"]:
        service["start_date"] = start
    document["services"][0]["minutes"] = 60
    if agreed is not None:
        document["amendment_agreement_date"] = agreed
    return document


def initial(
    consent: str,
    completed: str | None,
    *,
    eligibility: str | None = None,
    meeting: str | None = None,
    exception: str | None = None,
    agreed_completion: str | None = None,
    plan_id: str = INIT,
) -> Doc:
    """
    A school-age initial plan (from initial-preschool.json, child not from Part C).

    The evaluation had consent on *consent* and was completed on *completed* (None:
    pending); eligibility defaults to the completion day, the meeting to 14 days after
    eligibility, and the plan runs a year from the meeting.
    """
    document = pre()
    document["id"] = plan_id
    student = document["student"]
    student.update(
        id="STU-60001",
        date_of_birth="2017-03-10",
        grade="2",
        disabilities=["specific_learning_disability"],
        from_part_c=False,
    )
    evaluation: Doc = {"kind": "initial", "consent_date": consent}
    eligible = eligibility or completed
    if completed is not None:
        evaluation["completed_date"] = completed
    if eligible is not None:
        evaluation["eligibility_date"] = eligible
    if exception is not None:
        evaluation["exception"] = exception
    if agreed_completion is not None:
        evaluation["agreed_completion_date"] = agreed_completion
    document["evaluations"] = [evaluation]
    if meeting is None:
        assert eligible is not None
        meeting = _iso(D(eligible) + dt.timedelta(days=14))
    day = D(meeting)
    drop_person(document, "Casey Ortiz")
    document["meeting"].update(
        date=meeting,
        notice_date=_iso(day - dt.timedelta(days=12)),
        part_c_coordinator_requested=False,
    )
    document["start_date"] = meeting
    document["end_date"] = _iso(day + relativedelta(years=1) - dt.timedelta(days=1))
    document["parent_consent_date"] = meeting
    for service in document["services"]:
        service["start_date"] = meeting
    document["placement"] = {"regular_class_percent": 100}
    return document


def day_after(document: Doc) -> dt.date:
    """The day after the plan's meeting: the default "as of" of a scenario."""
    return D(document["meeting"]["date"]) + dt.timedelta(days=1)


# ---------------------------------------------------------------------------------------
# Scenarios


@dataclass(frozen=True)
class Expect:
    """One expected finding; *plan* defaults to the scenario's only plan."""

    code: str
    path: str = ""
    due: str | None = None
    severity: str = "error"
    plan: str | None = None


@dataclass(frozen=True)
class Scenario:
    """Plans, the options of the check, and the exact findings expected."""

    name: str
    plans: tuple[Doc, ...]
    expected: tuple[Expect, ...]
    as_of: dt.date
    jurisdiction: str | Profile | None = None
    calendar: str | None = None
    bug: str | None = None
    about: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def rows(self) -> list[Row]:
        """The expected findings as comparable rows."""
        only = self.plans[0]["id"]
        return sorted((e.plan or only, e.code, e.path, e.due, e.severity) for e in self.expected)


SCENARIOS: list[Scenario] = []


def scenario(
    name: str,
    plans: Doc | Sequence[Doc],
    *expected: Expect,
    as_of: dt.date | str | None = None,
    jurisdiction: str | Profile | None = None,
    calendar: str | None = None,
    bug: str | None = None,
    about: str = "",
) -> None:
    """Register a scenario (its name is the test id, so it says the behaviour)."""
    documents = (plans,) if isinstance(plans, dict) else tuple(plans)
    if as_of is None:
        as_of = day_after(documents[0])
    elif isinstance(as_of, str):
        as_of = D(as_of)
    assert name not in {s.name for s in SCENARIOS}, name
    SCENARIOS.append(
        Scenario(
            name=name,
            plans=documents,
            expected=expected,
            as_of=as_of,
            jurisdiction=jurisdiction,
            calendar=calendar,
            bug=bug,
            about=about,
        )
    )


def E(code: str, path: str = "", due: str | None = None, **kw: Any) -> Expect:
    """Shorthand for an expected finding."""
    return Expect(code=code, path=path, due=due, **kw)


def W(code: str, path: str = "", due: str | None = None, **kw: Any) -> Expect:
    """Shorthand for an expected warning."""
    return Expect(code=code, path=path, due=due, severity="warning", **kw)


def edit(base: Callable[[], Doc], change: Callable[[Doc], object]) -> Doc:
    """A fresh copy of *base* with one *change* applied."""
    document = base()
    change(document)
    return document


def _set(path: Sequence[str | int], value: Any) -> Callable[[Doc], None]:
    def change(document: Doc) -> None:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _del(path: Sequence[str | int]) -> Callable[[Doc], None]:
    def change(document: Doc) -> None:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _all(*changes: Callable[[Doc], object]) -> Callable[[Doc], None]:
    def change(document: Doc) -> None:
        for one in changes:
            one(document)

    return change


def _who(name: str, **values: Any) -> Callable[[Doc], None]:
    def change(document: Doc) -> None:
        person(document, name).update(values)

    return change


def _drop(name: str) -> Callable[[Doc], None]:
    def change(document: Doc) -> None:
        drop_person(document, name)

    return change


# Compliant plans: no finding at all. ---------------------------------------------------

scenario("compliant_annual_elementary_gives_no_finding", elem())
scenario("compliant_annual_transition_gives_no_finding", trans())
scenario("compliant_initial_preschool_gives_no_finding", pre())
scenario("compliant_initial_school_age_gives_no_finding", initial("2025-01-10", "2025-03-11"))
for _code in ("US-CA", "US-TX", "US-NY", "US-IL", "US-PA", "US-AL", "US-NE", "US-MS"):
    scenario(
        f"compliant_annual_elementary_under_{_code}_gives_no_finding", elem(), jurisdiction=_code
    )
    scenario(
        f"compliant_annual_transition_under_{_code}_gives_no_finding",
        edit(trans, _set(["meeting", "notice_date"], "2026-02-13")),
        jurisdiction=_code,
    )

# T101 parent absent: documented contact attempts (300.322(d), profile asks for 2). -----

_ATTEMPT = {"date": "2025-09-20", "method": "phone", "outcome": "no answer"}
_ATTEMPT2 = {"date": "2025-09-24", "method": "mail"}
scenario(
    "T101_parent_absent_without_contact_attempts",
    edit(elem, _who("Pat Parent", attendance="absent")),
    E("T101", "meeting.parent_contact_attempts"),
)
scenario(
    "T101_parent_absent_with_one_contact_attempt",
    edit(
        elem,
        _all(
            _who("Pat Parent", attendance="absent"),
            _set(["meeting", "parent_contact_attempts"], [_ATTEMPT]),
        ),
    ),
    E("T101", "meeting.parent_contact_attempts"),
)
scenario(
    "T101_not_when_parent_absent_with_two_contact_attempts",
    edit(
        elem,
        _all(
            _who("Pat Parent", attendance="absent"),
            _set(["meeting", "parent_contact_attempts"], [_ATTEMPT, _ATTEMPT2]),
        ),
    ),
)
scenario(
    "T101_no_parent_listed_and_no_attempts",
    edit(elem, _drop("Pat Parent")),
    E("T101", "meeting.parent_contact_attempts"),
)
scenario(
    "T101_not_when_no_parent_listed_but_two_attempts",
    edit(
        elem,
        _all(
            _drop("Pat Parent"),
            _set(["meeting", "parent_contact_attempts"], [_ATTEMPT, _ATTEMPT2]),
        ),
    ),
)
scenario(
    "T101_not_when_parent_joins_by_video",
    edit(elem, _who("Pat Parent", mode="video")),
)
scenario(
    "T101_not_when_one_of_two_parents_attends",
    edit(
        elem,
        lambda d: d["meeting"]["participants"].insert(
            1, {"name": "Alex Parent", "roles": ["parent"], "attendance": "absent"}
        ),
    ),
)

# T102 regular education teacher (300.321(a)(2)) and present / absent / excused. ---------

_EXCUSED_NOT_DISCUSSED = {
    "attendance": "excused",
    "excusal": {"area_discussed": False, "written_agreement_date": "2025-09-30"},
}
scenario(
    "T102_regular_teacher_missing",
    edit(elem, _drop("Gale General")),
    E("T102", "meeting.participants"),
)
scenario(
    "T102_regular_teacher_absent_does_not_cover_the_role",
    edit(elem, _who("Gale General", attendance="absent")),
    E("T102", "meeting.participants[1]"),
)
scenario(
    "T102_not_when_regular_teacher_validly_excused",
    edit(elem, _who("Gale General", **_EXCUSED_NOT_DISCUSSED)),
)
scenario(
    "T102_not_when_no_regular_class_time_and_not_considered",
    edit(
        elem,
        _all(
            _drop("Gale General"),
            _set(["placement", "regular_class_percent"], 0),
        ),
    ),
)
scenario(
    "T102_when_no_regular_class_time_but_meeting_considers_it",
    edit(
        elem,
        _all(
            _drop("Gale General"),
            _set(["placement", "regular_class_percent"], 0),
            _set(["meeting", "considers_regular_class"], True),
        ),
    ),
    E("T102", "meeting.participants"),
)

# T107 written agreement on or before the meeting (300.321(e)). --------------------------

scenario(
    "T107_excused_without_written_agreement",
    edit(
        elem,
        _who("Gale General", attendance="excused", excusal={"area_discussed": False}),
    ),
    E("T107", "meeting.participants[1].excusal.written_agreement_date", "2025-10-01"),
)
scenario(
    "T107_excused_with_agreement_dated_after_the_meeting",
    edit(
        elem,
        _who(
            "Gale General",
            attendance="excused",
            excusal={"area_discussed": False, "written_agreement_date": "2025-10-02"},
        ),
    ),
    E("T107", "meeting.participants[1].excusal.written_agreement_date", "2025-10-01"),
)
scenario(
    "T107_not_when_agreement_dated_on_the_meeting_day",
    edit(
        elem,
        _who(
            "Gale General",
            attendance="excused",
            excusal={"area_discussed": False, "written_agreement_date": "2025-10-01"},
        ),
    ),
)


# T108 written input when the area is discussed: US on or before the day, US-NY 5 days. --


def _discussed(input_date: str | None, agreement: str = "2025-09-26") -> Callable[[Doc], None]:
    excusal: Doc = {"area_discussed": True, "written_agreement_date": agreement}
    if input_date is not None:
        excusal["written_input_date"] = input_date
    return _who("Gale General", attendance="excused", excusal=excusal)


scenario(
    "T108_area_discussed_without_written_input",
    edit(elem, _discussed(None)),
    E("T108", "meeting.participants[1].excusal.written_input_date", "2025-10-01"),
)
scenario(
    "T108_not_when_written_input_on_the_meeting_day_US",
    edit(elem, _discussed("2025-10-01")),
)
scenario(
    "T108_written_input_one_day_after_the_meeting_US",
    edit(elem, _discussed("2025-10-02")),
    E("T108", "meeting.participants[1].excusal.written_input_date", "2025-10-01"),
)
scenario(
    "T108_not_when_written_input_exactly_5_days_before_US_NY",
    edit(elem, _discussed("2025-09-26")),
    jurisdiction="US-NY",
)
scenario(
    "T108_written_input_4_days_before_US_NY",
    edit(elem, _discussed("2025-09-27")),
    E("T108", "meeting.participants[1].excusal.written_input_date", "2025-09-26"),
    jurisdiction="US-NY",
)
scenario(
    "T108_not_when_written_input_4_days_before_US",
    edit(elem, _discussed("2025-09-27")),
)
scenario(
    "T108_only_not_T103_T105_when_two_role_member_lacks_input",
    edit(
        elem,
        _who(
            "Sam Special",
            attendance="excused",
            excusal={"area_discussed": True, "written_agreement_date": "2025-09-26"},
        ),
    ),
    E("T108", "meeting.participants[2].excusal.written_input_date", "2025-10-01"),
)
scenario(
    "T103_T105_not_when_two_role_member_validly_excused",
    edit(
        elem,
        _who(
            "Sam Special",
            attendance="excused",
            excusal={
                "area_discussed": True,
                "written_agreement_date": "2025-09-26",
                "written_input_date": "2025-09-29",
            },
        ),
    ),
)

# T103 special education teacher or provider; T105 evaluation interpreter. ---------------

scenario(
    "T103_no_special_education_teacher",
    edit(elem, _who("Sam Special", roles=["evaluation_interpreter"])),
    E("T103", "meeting.participants"),
)
scenario(
    "T103_not_when_special_education_provider_instead_of_teacher",
    edit(
        elem, _who("Sam Special", roles=["special_education_provider", "evaluation_interpreter"])
    ),
)
scenario(
    "T103_T105_special_education_teacher_absent",
    edit(elem, _who("Sam Special", attendance="absent")),
    E("T103", "meeting.participants[2]"),
    E("T105", "meeting.participants[2]"),
)
scenario(
    "T105_no_evaluation_interpreter",
    edit(elem, _who("Sam Special", roles=["special_education_teacher"])),
    E("T105", "meeting.participants"),
)
scenario(
    "T105_parent_cannot_be_the_evaluation_interpreter",
    edit(
        elem,
        _all(
            _who("Sam Special", roles=["special_education_teacher"]),
            _who("Pat Parent", roles=["parent", "evaluation_interpreter"]),
        ),
    ),
    E("T105", "meeting.participants[0]"),
)
scenario(
    "T105_not_when_lea_representative_interprets",
    edit(
        elem,
        _all(
            _who("Sam Special", roles=["special_education_teacher"]),
            _who("Lee Leader", roles=["lea_representative", "evaluation_interpreter"]),
        ),
    ),
)

# T104 LEA representative. ----------------------------------------------------------------

scenario(
    "T104_no_lea_representative",
    edit(elem, _drop("Lee Leader")),
    E("T104", "meeting.participants"),
)
scenario(
    "T104_lea_representative_absent",
    edit(elem, _who("Lee Leader", attendance="absent")),
    E("T104", "meeting.participants[3]"),
)
scenario(
    "T104_not_when_lea_representative_validly_excused",
    edit(elem, _who("Lee Leader", **_EXCUSED_NOT_DISCUSSED)),
)
_STRICT_DISTRICT = derive(
    iepmodel.jurisdiction("US"),
    code="US-X-STRICT",
    name="District that does not excuse its LEA representative",
    non_excusable_roles={"parent", "student", "lea_representative"},
)
scenario(
    "T109_lea_representative_excused_where_profile_forbids_it",
    edit(elem, _who("Lee Leader", **_EXCUSED_NOT_DISCUSSED)),
    E("T109", "meeting.participants[3]"),
    jurisdiction=_STRICT_DISTRICT,
)

# T109 a parent or the student excused; not again as a missing role. ---------------------

scenario(
    "T109_parent_excused_only_T109",
    edit(elem, _who("Pat Parent", **_EXCUSED_NOT_DISCUSSED)),
    E("T109", "meeting.participants[0]"),
)
scenario(
    "T109_student_excused_only_T109",
    edit(
        trans,
        _who(
            "Taylor Brooks",
            attendance="excused",
            excusal={"area_discussed": False, "written_agreement_date": "2026-02-20"},
        ),
    ),
    E("T109", "meeting.participants[4]"),
)

# T110 one person as regular and special education teacher. ----------------------------

_DUAL = _all(
    _who("Gale General", roles=["regular_education_teacher", "special_education_teacher"]),
    _who("Sam Special", roles=["evaluation_interpreter"]),
)
scenario("T110_one_person_both_teachers", edit(elem, _DUAL), E("T110", "meeting.participants[1]"))
scenario(
    "T110_not_when_profile_allows_dual_role",
    edit(elem, _DUAL),
    jurisdiction=derive(
        iepmodel.jurisdiction("US"),
        code="US-X-DUAL",
        name="Profile that lets one person hold both teacher roles",
        allow_dual_teacher_role=True,
    ),
)

# T106 the student invited when transition content is needed or a purpose. -------------

scenario(
    "T106_student_not_invited_to_transition_meeting",
    edit(trans, _drop("Taylor Brooks")),
    E("T106", "meeting.participants"),
)
scenario(
    "T106_not_when_invited_student_is_absent",
    edit(trans, _who("Taylor Brooks", attendance="absent")),
)
scenario(
    "T106_transition_purpose_for_a_young_student_not_invited",
    edit(elem, lambda d: d["meeting"]["purposes"].append("transition")),
    E("T106", "meeting.participants"),
)

# T111 Part C coordinator; T112 agency representative consent. -------------------------

scenario(
    "T111_part_c_coordinator_requested_not_invited",
    edit(pre, _drop("Casey Ortiz")),
    E("T111", "meeting.participants"),
)
scenario(
    "T111_not_when_requested_coordinator_invited_but_absent",
    edit(pre, _who("Casey Ortiz", attendance="absent")),
)
scenario(
    "T111_not_when_parent_did_not_ask",
    edit(
        pre, _all(_drop("Casey Ortiz"), _set(["meeting", "part_c_coordinator_requested"], False))
    ),
)
scenario(
    "T112_agency_representative_without_consent",
    edit(trans, lambda d: person(d, "Morgan Hale").pop("consent_date")),
    E("T112", "meeting.participants[5].consent_date", "2026-03-01"),
)
scenario(
    "T112_agency_representative_consent_after_the_meeting",
    edit(trans, _who("Morgan Hale", consent_date="2026-03-02")),
    E("T112", "meeting.participants[5].consent_date", "2026-03-01"),
)
scenario(
    "T112_not_when_consent_the_day_before",
    edit(trans, _who("Morgan Hale", consent_date="2026-02-28")),
)

# Transition age (C311 and T106) reached on the plan's end date vs one day after. -------
# annual-elementary ends 2026-09-30; its student is not invited and it has no transition.

for _code, _on, _after in (
    ("US", "2010-09-30", "2010-10-01"),  # 16
    ("US-CA", "2010-09-30", "2010-10-01"),  # 16
    ("US-NY", "2011-09-30", "2011-10-01"),  # 15
    ("US-IL", "2012-03-30", "2012-04-01"),  # 14 1/2: birthday + 14 years 6 months
    ("US-PA", "2012-09-30", "2012-10-01"),  # 14
    ("US-TX", "2012-09-30", "2012-10-01"),  # 14
):
    scenario(
        f"C311_T106_transition_age_reached_on_end_date_{_code}",
        edit(elem, _set(["student", "date_of_birth"], _on)),
        E("C311", "transition", "2026-09-30"),
        E("T106", "meeting.participants"),
        jurisdiction=_code,
    )
    scenario(
        f"C311_not_when_transition_age_reached_day_after_end_{_code}",
        edit(elem, _set(["student", "date_of_birth"], _after)),
        jurisdiction=_code,
    )
scenario(
    "C311_T106_US_IL_half_year_clamps_March_31_birthday_to_September_30",
    edit(elem, _set(["student", "date_of_birth"], "2012-03-31")),
    E("C311", "transition", "2026-09-30"),
    E("T106", "meeting.participants"),
    jurisdiction="US-IL",
    about="2012-03-31 + relativedelta(years=14, months=6) = 2026-09-30 (rules.md: half years)",
)
scenario(
    "C311_missing_transition_in_transition_plan",
    edit(trans, _del(["transition"])),
    E("C311", "transition", "2026-05-10"),
)
# Feb 29 birthdays, feb28 convention: 14th birthday (US-PA) 2022-02-28, 15th (US-NY) 2023-02-28.
scenario(
    "C311_feb29_birthday_US_PA_14th_birthday_on_feb28_is_the_end_date",
    annual("2021-03-01", plan_id="leap/pa", dob="2008-02-29", evaluated="2020-10-20"),
    E("C311", "transition", "2022-02-28"),
    E("T106", "meeting.participants"),
    jurisdiction="US-PA",
)
scenario(
    "C311_not_feb29_birthday_US_PA_plan_ending_feb27",
    annual(
        "2021-03-01", plan_id="leap/pa", dob="2008-02-29", evaluated="2020-10-20", end="2022-02-27"
    ),
    jurisdiction="US-PA",
)
scenario(
    "C311_feb29_birthday_US_NY_15th_birthday_on_feb28_is_the_end_date",
    annual("2022-03-01", plan_id="leap/ny", dob="2008-02-29", evaluated="2021-10-20"),
    E("C311", "transition", "2023-02-28"),
    E("T106", "meeting.participants"),
    jurisdiction="US-NY",
)
scenario(
    "C311_not_feb29_birthday_with_mar1_profile",
    annual("2022-03-01", plan_id="leap/ny", dob="2008-02-29", evaluated="2021-10-20"),
    jurisdiction=derive(
        iepmodel.jurisdiction("US-NY"), code="US-NY-MAR1", name="NY, mar1", leap_birthday="mar1"
    ),
)

# C312-C315 transition content. ------------------------------------------------------------

scenario(
    "C312_no_education_training_goal",
    edit(
        trans,
        _set(
            ["transition", "postsecondary_goals"],
            [{"domain": "employment", "statement": "Will work full time as a welder."}],
        ),
    ),
    E("C312", "transition.postsecondary_goals"),
)
scenario(
    "C312_no_employment_goal",
    edit(
        trans,
        _set(
            ["transition", "postsecondary_goals"],
            [
                {
                    "domain": "education_training",
                    "statement": "Will complete a welding certificate.",
                }
            ],
        ),
    ),
    E("C312", "transition.postsecondary_goals"),
)
scenario(
    "C313_no_transition_services",
    edit(trans, _del(["transition", "services"])),
    E("C313", "transition.services"),
)
scenario(
    "C314_no_course_of_study",
    edit(trans, _del(["transition", "course_of_study"])),
    E("C314", "transition.course_of_study"),
)
scenario(
    "C315_no_transition_assessment",
    edit(trans, _del(["transition", "assessments"])),
    E("C315", "transition.assessments"),
)

# C316 rights-transfer notice one year before the age of majority. ----------------------
# annual-transition ends 2027-02-28.

for _code, _on, _after in (
    ("US", "2010-02-28", "2010-03-01"),  # 18: 17th birthday
    ("US-AL", "2009-02-28", "2009-03-01"),  # 19: 18th birthday
    ("US-NE", "2009-02-28", "2009-03-01"),  # 19
    ("US-MS", "2007-02-28", "2007-03-01"),  # 21: 20th birthday
):
    scenario(
        f"C316_notice_required_from_the_end_date_{_code}",
        edit(trans, _set(["student", "date_of_birth"], _on)),
        E("C316", "rights_transfer_notice_date", "2027-02-28"),
        jurisdiction=_code,
    )
    scenario(
        f"C316_not_when_required_day_after_end_date_{_code}",
        edit(trans, _set(["student", "date_of_birth"], _after)),
        jurisdiction=_code,
    )
scenario(
    "C316_US_requires_what_US_AL_does_not_yet",
    edit(trans, _set(["student", "date_of_birth"], "2009-03-01")),
    E("C316", "rights_transfer_notice_date", "2026-03-01"),
)
scenario(
    "C316_not_when_notice_given",
    edit(
        trans,
        _all(
            _set(["student", "date_of_birth"], "2010-02-28"),
            _set(["rights_transfer_notice_date"], "2026-03-01"),
        ),
    ),
)
scenario(
    "C316_feb29_birthday_feb28_convention_C15",
    annual("2024-03-01", plan_id="leap/c15", dob="2008-02-29", base=trans),
    E("C316", "rights_transfer_notice_date", "2025-02-28"),
)
scenario(
    "C316_not_feb29_birthday_mar1_convention_C15",
    annual("2024-03-01", plan_id="leap/c15", dob="2008-02-29", base=trans),
    jurisdiction=derive(
        iepmodel.jurisdiction("US"), code="US-MAR1", name="US, mar1", leap_birthday="mar1"
    ),
)

# Content C301-C310, C318, C319 and drafts. -----------------------------------------------

_NO_OBJECTIVE_ALTERNATE = _set(
    ["assessment"], {"mode": "alternate", "alternate_justification": "Needs alternate standards."}
)


def _objectives(document: Doc) -> None:
    for goal in document["goals"]:
        goal["objectives"] = [{"statement": "First step.", "criterion": "3 of 4 trials"}]


scenario(
    "C301_no_present_levels", edit(elem, _del(["present_levels"])), E("C301", "present_levels")
)
scenario("C302_no_goals", edit(elem, _del(["goals"])), E("C302", "goals"))
scenario(
    "C303_goal_without_criterion",
    edit(elem, _del(["goals", 1, "criterion"])),
    E("C303", "goals[1].criterion"),
)
scenario(
    "C304_goal_without_measurement",
    edit(elem, _del(["goals", 0, "measurement"])),
    E("C304", "goals[0].measurement"),
)
scenario(
    "C305_no_progress_reporting",
    edit(elem, _del(["progress_reporting"])),
    E("C305", "progress_reporting"),
)
scenario(
    "C306_alternate_assessment_goals_without_objectives",
    edit(elem, _NO_OBJECTIVE_ALTERNATE),
    E("C306", "goals[0].objectives"),
    E("C306", "goals[1].objectives"),
)
scenario(
    "C306_not_when_alternate_assessment_goals_have_objectives",
    edit(elem, _all(_NO_OBJECTIVE_ALTERNATE, _objectives)),
)
scenario(
    "C307_alternate_assessment_without_justification",
    edit(elem, _all(_set(["assessment"], {"mode": "alternate"}), _objectives)),
    E("C307", "assessment.alternate_justification"),
)
scenario(
    "C308_service_without_location",
    edit(elem, _del(["services", 1, "location"])),
    E("C308", "services[1].location"),
)
scenario("C309_no_placement", edit(elem, _del(["placement"])), E("C309", "placement"))
scenario(
    "C309_less_than_full_regular_class_without_explanation",
    edit(elem, _del(["placement", "nonparticipation_explanation"])),
    E("C309", "placement.nonparticipation_explanation"),
)
scenario(
    "C309_not_when_full_time_regular_class_without_explanation",
    edit(
        elem,
        _all(
            _del(["placement", "nonparticipation_explanation"]),
            _set(["placement", "regular_class_percent"], 100),
        ),
    ),
)
scenario("C310_no_services", edit(elem, _del(["services"])), E("C310", "services"))
scenario(
    "C317_initial_plan_without_parent_consent",
    edit(pre, _del(["parent_consent_date"])),
    E("C317", "parent_consent_date"),
)
scenario(
    "C318_accommodated_assessment_without_state_assessment_accommodation",
    edit(elem, _set(["accommodations", 0, "contexts"], ["instruction"])),
    E("C318", "accommodations"),
)
scenario(
    "C318_not_when_regular_assessment",
    edit(
        elem,
        _all(
            _set(["accommodations", 0, "contexts"], ["instruction"]),
            _set(["assessment", "mode"], "regular"),
        ),
    ),
)
scenario(
    "C319_no_disability_category",
    edit(elem, _set(["student", "disabilities"], [])),
    E("C319", "student.disabilities"),
)
scenario(
    "C301_draft_plan_gets_content_as_warning",
    edit(elem, _all(_set(["status"], "draft"), _del(["present_levels"]))),
    W("C301", "present_levels"),
)
scenario(
    "C303_C308_draft_plan_gets_content_as_warnings",
    edit(
        elem,
        _all(
            _set(["status"], "draft"),
            _del(["goals", 1, "criterion"]),
            _del(["services", 1, "location"]),
        ),
    ),
    W("C303", "goals[1].criterion"),
    W("C308", "services[1].location"),
)
scenario(
    "C311_draft_plan_missing_transition_is_a_warning",
    edit(trans, _all(_set(["status"], "draft"), _del(["transition"]))),
    W("C311", "transition", "2026-05-10"),
)

# Annual review: D201 / D202 / D203 on one plan (due 2026-09-30; reevaluation due 2026-10-19).

scenario("D202_not_31_days_before_due", elem(), as_of="2026-08-30")
scenario(
    "D202_exactly_30_days_before_due", elem(), W("D202", "", "2026-09-30"), as_of="2026-08-31"
)
scenario(
    "D202_D205_on_the_due_date_is_not_late",
    elem(),
    W("D202", "", "2026-09-30"),
    W("D205", "evaluations", "2026-10-19"),
    as_of="2026-09-30",
)
scenario(
    "D201_one_day_after_due_without_review",
    elem(),
    E("D201", "", "2026-09-30"),
    W("D205", "evaluations", "2026-10-19"),
    as_of="2026-10-01",
)
scenario(
    "D203_end_date_one_day_after_review_due",
    edit(elem, _set(["end_date"], "2026-10-01")),
    E("D203", "end_date", "2026-09-30"),
)
scenario(
    "D203_not_when_anniversary_convention",
    edit(elem, _set(["end_date"], "2026-10-01")),
    jurisdiction=derive(
        iepmodel.jurisdiction("US"),
        code="US-ANNIV",
        name="anniversary",
        annual_convention="anniversary",
    ),
)

# Annual-review history of one student (several plans). ----------------------------------

_L20A = annual("2024-02-29", plan_id="hist/l20/a", student_id="STU-L20", evaluated="2023-10-20")
scenario(
    "D201_history_L20_feb29_meeting_next_review_feb28_is_one_day_late",
    [
        _L20A,
        annual("2025-02-28", plan_id="hist/l20/b", student_id="STU-L20", evaluated="2023-10-20"),
    ],
    E("D201", "", "2025-02-27", plan="hist/l20/a"),
    as_of="2025-03-01",
)
scenario(
    "D201_not_history_L20_next_review_on_feb27",
    [
        _L20A,
        annual("2025-02-27", plan_id="hist/l20/b", student_id="STU-L20", evaluated="2023-10-20"),
    ],
    as_of="2025-03-01",
)
_L21A = annual("2023-03-01", plan_id="hist/l21/a", student_id="STU-L21", evaluated="2022-10-20")
scenario(
    "D201_history_L21_march1_meeting_due_feb29_next_on_march1_late",
    [
        _L21A,
        annual("2024-03-01", plan_id="hist/l21/b", student_id="STU-L21", evaluated="2022-10-20"),
    ],
    E("D201", "", "2024-02-29", plan="hist/l21/a"),
    as_of="2024-03-02",
)
scenario(
    "D201_history_three_plans_out_of_order_second_review_late",
    [
        annual("2025-09-30", plan_id="hist/3/c", student_id="STU-H3", evaluated="2023-09-01"),
        annual("2023-10-01", plan_id="hist/3/a", student_id="STU-H3", evaluated="2023-09-01"),
        annual("2024-10-02", plan_id="hist/3/b", student_id="STU-H3", evaluated="2023-09-01"),
    ],
    E("D201", "", "2024-09-30", plan="hist/3/a"),
    as_of="2025-10-02",
    about="a: due 2024-09-30, next 2024-10-02 late; b: due 2025-10-01, next 2025-09-30 on time",
)
scenario(
    "D201_history_does_not_mix_students",
    [
        annual("2024-10-01", plan_id="hist/mix/x", student_id="STU-X", evaluated="2024-09-01"),
        annual("2025-09-15", plan_id="hist/mix/y", student_id="STU-Y", evaluated="2024-09-01"),
    ],
    E("D201", "", "2025-09-30", plan="hist/mix/x"),
    as_of="2025-10-02",
)
scenario(
    "D201_D202_not_for_a_plan_reviewed_on_time_by_a_later_plan",
    [
        annual("2024-10-01", plan_id="hist/ok/a", student_id="STU-OK", evaluated="2024-09-01"),
        annual("2025-09-15", plan_id="hist/ok/b", student_id="STU-OK", evaluated="2024-09-01"),
    ],
    as_of="2025-09-20",
)
_L22A = annual("2024-05-01", plan_id="hist/l22/a", student_id="STU-L22", evaluated="2024-04-01")
_L22M = amendment(_L22A, plan_id="hist/l22/m", start="2024-09-10", agreed="2024-09-05")
scenario(
    "D201_history_L22_amendment_without_meeting_does_not_reset_the_clock_next_review_late",
    [
        _L22A,
        _L22M,
        annual("2025-05-20", plan_id="hist/l22/c", student_id="STU-L22", evaluated="2024-04-01"),
    ],
    E("D201", "", "2025-04-30", plan="hist/l22/a"),
    as_of="2025-05-21",
)
scenario(
    "D201_not_history_L22_review_on_the_due_date_after_an_amendment",
    [
        _L22A,
        _L22M,
        annual("2025-04-30", plan_id="hist/l22/c", student_id="STU-L22", evaluated="2024-04-01"),
    ],
    as_of="2025-05-21",
)
scenario(
    "D202_history_L22_amendment_does_not_postpone_the_due_soon_warning",
    [_L22A, _L22M],
    W("D202", "", "2025-04-30", plan="hist/l22/a"),
    as_of="2025-04-15",
    about="with the amendment as the clock the review would be due 2025-09-09 and not warn",
)
scenario(
    "D203_amendment_ending_after_the_review_due_of_the_amended_plan",
    [_L22A, edit(lambda: copy.deepcopy(_L22M), _set(["end_date"], "2025-05-01"))],
    E("D203", "end_date", "2025-04-30", plan="hist/l22/m"),
    as_of="2024-09-11",
)

# D211 amendments with / without agreement. ------------------------------------------------

scenario(
    "D211_amendment_without_meeting_or_agreement",
    [_L22A, amendment(_L22A, plan_id="hist/l22/m", start="2024-09-10", agreed=None)],
    E("D211", "amendment_agreement_date", plan="hist/l22/m"),
    as_of="2024-09-11",
)
scenario(
    "D211_not_amendment_with_written_agreement",
    [_L22A, _L22M],
    as_of="2024-09-11",
)
scenario(
    "D211_not_amendment_made_at_a_meeting",
    [
        _L22A,
        edit(
            lambda: annual(
                "2024-09-10",
                plan_id="hist/l22/m",
                student_id="STU-L22",
                evaluated="2024-04-01",
                end="2025-04-30",
            ),
            _all(
                _set(["kind"], "amendment"),
                _set(["amends"], "hist/l22/a"),
                _set(["meeting", "purposes"], ["amendment"]),
            ),
        ),
    ],
    as_of="2024-09-11",
)


# Reevaluation D204 / D205 / D206 (annual-elementary, as of 2025-10-02). -------------------


def _evaluated(completed: str, **extra: Any) -> Callable[[Doc], None]:
    day = D(completed)
    evaluation = {
        "kind": "initial",
        "consent_date": _iso(day - dt.timedelta(days=45)),
        "completed_date": completed,
        "eligibility_date": completed,
    }
    return _set(["evaluations"], [evaluation, *extra.get("more", [])])


scenario(
    "D204_reevaluation_one_day_overdue",
    edit(elem, _evaluated("2022-10-02")),
    E("D204", "evaluations", "2025-10-01"),
)
scenario(
    "D205_reevaluation_due_today_is_not_overdue",
    edit(elem, _evaluated("2022-10-03")),
    W("D205", "evaluations", "2025-10-02"),
)
scenario(
    "D205_reevaluation_due_in_exactly_30_days",
    edit(elem, _evaluated("2022-11-02")),
    W("D205", "evaluations", "2025-11-01"),
)
scenario("D205_not_reevaluation_due_in_31_days", edit(elem, _evaluated("2022-11-03")))
scenario(
    "D204_not_L26_waiver_restarts_the_three_years",
    edit(elem, _all(_evaluated("2022-04-15"), _set(["reevaluation_waiver_date"], "2025-03-01"))),
)
scenario(
    "D205_waiver_later_than_evaluation_counts_from_waiver",
    edit(elem, _all(_evaluated("2022-04-15"), _set(["reevaluation_waiver_date"], "2022-10-03"))),
    W("D205", "evaluations", "2025-10-02"),
)
scenario(
    "D204_pending_reevaluation_does_not_stop_the_clock",
    edit(
        elem,
        _evaluated("2022-10-02", more=[{"kind": "reevaluation", "consent_date": "2025-09-01"}]),
    ),
    E("D204", "evaluations", "2025-10-01"),
)
scenario(
    "D204_US_PA_intellectual_disability_two_years",
    edit(
        elem,
        _all(
            _evaluated("2023-10-02"),
            _set(["student", "disabilities"], ["intellectual_disability"]),
        ),
    ),
    E("D204", "evaluations", "2025-10-01"),
    jurisdiction="US-PA",
)
scenario(
    "D204_not_US_intellectual_disability_two_years",
    edit(
        elem,
        _all(
            _evaluated("2023-10-02"),
            _set(["student", "disabilities"], ["intellectual_disability"]),
        ),
    ),
)
scenario(
    "D204_not_US_PA_other_category_two_years",
    edit(elem, _evaluated("2023-10-02")),
    jurisdiction="US-PA",
)


def _reevaluated(consent: str, **extra: Any) -> Callable[[Doc], None]:
    initial_eval = {
        "kind": "initial",
        "consent_date": "2024-07-15",
        "completed_date": "2024-09-01",
        "eligibility_date": "2024-09-05",
    }
    re_eval = {
        "kind": "reevaluation",
        "consent_date": consent,
        "completed_date": _iso(D(consent) + dt.timedelta(days=20)),
        **extra,
    }
    return _set(["evaluations"], [initial_eval, re_eval])


scenario(
    "D206_L28_reevaluation_six_months_after_last",
    edit(elem, _reevaluated("2025-03-01")),
    E("D206", "evaluations[1].consent_date", "2025-09-01"),
)
scenario(
    "D206_reevaluation_consent_one_day_short_of_a_year",
    edit(elem, _reevaluated("2025-08-31")),
    E("D206", "evaluations[1].consent_date", "2025-09-01"),
)
scenario(
    "D206_not_reevaluation_consent_exactly_a_year_after", edit(elem, _reevaluated("2025-09-01"))
)
scenario(
    "D206_not_L27c_early_reevaluation_by_agreement",
    edit(elem, _reevaluated("2025-03-01", early_by_agreement=True)),
)

# Initial evaluation D207 (consent -> completion) in calendar and school days. ----------

_CAL = "calendar-2024-25.json"
_CAL2 = "acceptance/calendar-2024-26.json"

scenario("D207_not_L01_completed_on_day_60", initial("2025-01-10", "2025-03-11"))
scenario(
    "D207_L02_completed_on_day_61",
    initial("2025-01-10", "2025-03-12"),
    E("D207", "evaluations[0].completed_date", "2025-03-11"),
)
scenario(
    "D207_L03_winter_break_not_excluded_federally",
    initial("2024-12-16", "2025-02-20"),
    E("D207", "evaluations[0].completed_date", "2025-02-14"),
)
scenario(
    "D207_not_pending_on_the_deadline",
    initial("2025-01-10", None, meeting="2025-03-05"),
    as_of="2025-03-11",
)
scenario(
    "D207_pending_one_day_after_the_deadline",
    initial("2025-01-10", None, meeting="2025-03-05"),
    E("D207", "evaluations[0].completed_date", "2025-03-11"),
    as_of="2025-03-12",
)
scenario(
    "D207_not_L04_parent_did_not_produce_child",
    initial("2025-01-10", "2025-03-26", exception="parent_did_not_produce_child"),
)
scenario(
    "D207_not_L05_transfer_with_agreed_date_met",
    initial(
        "2025-01-10",
        "2025-04-25",
        exception="transferred_with_agreed_date",
        agreed_completion="2025-04-30",
    ),
)
scenario(
    "D207_L06_transfer_without_agreed_date",
    initial("2025-01-10", "2025-03-21", exception="transferred_with_agreed_date"),
    E("D207", "evaluations[0].completed_date", "2025-03-11"),
)
scenario(
    "D207_US_NY_60_calendar_days_L19",
    initial("2025-01-10", "2025-03-12"),
    E("D207", "evaluations[0].completed_date", "2025-03-11"),
    jurisdiction="US-NY",
)
# US-TX: 45 school days (L09).
scenario(
    "D207_not_US_TX_L09_on_the_45th_school_day",
    initial("2024-11-04", "2025-01-27"),
    jurisdiction="US-TX",
    calendar=_CAL,
)
scenario(
    "D207_US_TX_L09_one_school_day_late",
    initial("2024-11-04", "2025-01-28"),
    E("D207", "evaluations[0].completed_date", "2025-01-27"),
    jurisdiction="US-TX",
    calendar=_CAL,
)
scenario(
    "D207_US_TX_without_calendar_weekday_estimate",
    initial("2024-11-04", "2025-01-27"),
    E("D207", "evaluations[0].completed_date", "2025-01-06"),
    jurisdiction="US-TX",
)
scenario(
    "D207_US_TX_L12_late_in_the_year_due_june_30",
    initial("2025-04-10", "2025-07-01"),
    E("D207", "evaluations[0].completed_date", "2025-06-30"),
    jurisdiction="US-TX",
    calendar=_CAL,
)
# US-IL: 60 school days (L13).
scenario(
    "D207_not_US_IL_L13_conference_before_the_60th_school_day",
    initial("2024-11-18", "2025-02-28"),
    jurisdiction="US-IL",
    calendar=_CAL,
)
scenario(
    "D207_not_US_IL_on_the_60th_school_day",
    initial("2024-11-18", "2025-03-03"),
    jurisdiction="US-IL",
    calendar=_CAL,
)
scenario(
    "D207_US_IL_one_school_day_late",
    initial("2024-11-18", "2025-03-04"),
    E("D207", "evaluations[0].completed_date", "2025-03-03"),
    jurisdiction="US-IL",
    calendar=_CAL,
)
scenario(
    "D207_US_L13_same_dates_in_calendar_days_is_late",
    initial("2024-11-18", "2025-02-28"),
    E("D207", "evaluations[0].completed_date", "2025-01-17"),
    calendar=_CAL,
)
scenario(
    "D207_US_IL_without_calendar_weekday_estimate",
    initial("2024-11-18", "2025-02-28"),
    E("D207", "evaluations[0].completed_date", "2025-02-10"),
    jurisdiction="US-IL",
)
# US-CA: calendar days, not counting breaks of more than 5 school days (L14-L16).
scenario(
    "D207_not_US_CA_L14_on_the_due_date",
    initial("2024-12-04", "2025-02-18", meeting="2025-02-18"),
    jurisdiction="US-CA",
    calendar=_CAL,
    about="L14: the initial IEP meeting (the end event in CA) on the due date is on time",
)
scenario(
    "D207_US_CA_L14_evaluation_on_the_due_date_but_IEP_meeting_two_weeks_later",
    initial("2024-12-04", "2025-02-18"),
    E("D207", "meeting.date", "2025-02-18"),
    jurisdiction="US-CA",
    calendar=_CAL,
    about="CA: the IEP itself is due within the 60 days (Cal. Educ. Code 56344(a); L14)",
)
scenario(
    "D207_US_CA_L14_one_day_late_winter_break_excluded",
    initial("2024-12-04", "2025-02-19"),
    E("D207", "evaluations[0].completed_date", "2025-02-18"),
    jurisdiction="US-CA",
    calendar=_CAL,
)
scenario(
    "D207_US_CA_L15_thanksgiving_counted_winter_break_not",
    initial("2024-11-01", "2025-01-17"),
    E("D207", "evaluations[0].completed_date", "2025-01-16"),
    jurisdiction="US-CA",
    calendar=_CAL,
)
scenario(
    "D207_US_CA_L16_five_day_spring_break_counted",
    initial("2025-03-03", "2025-05-03"),
    E("D207", "evaluations[0].completed_date", "2025-05-02"),
    jurisdiction="US-CA",
    calendar=_CAL,
)
scenario(
    "D207_US_CA_L17_consent_late_in_the_year_due_30_days_after_school_starts",
    initial("2025-05-20", "2025-09-26"),
    E("D207", "evaluations[0].completed_date", "2025-09-25"),
    jurisdiction="US-CA",
    calendar=_CAL2,
)
# US-PA: calendar days not counting summer (L18).
scenario(
    "D207_not_US_PA_L18_on_the_due_date_summer_excluded",
    initial("2025-05-15", "2025-10-02"),
    jurisdiction="US-PA",
    calendar=_CAL2,
)
scenario(
    "D207_US_PA_L18_one_day_late",
    initial("2025-05-15", "2025-10-03"),
    E("D207", "evaluations[0].completed_date", "2025-10-02"),
    jurisdiction="US-PA",
    calendar=_CAL2,
)
scenario(
    "D207_not_annual_plan_with_2023_evaluation_outside_the_calendar_US_TX",
    elem(),
    jurisdiction="US-TX",
    calendar=_CAL,
)

# D208 initial meeting 30 days after eligibility (L08); D209 third birthday. -----------

scenario(
    "D208_not_L08_meeting_on_day_30",
    initial("2025-01-10", "2025-03-11", meeting="2025-04-10"),
)
scenario(
    "D208_L08_meeting_on_day_31",
    initial("2025-01-10", "2025-03-11", meeting="2025-04-11"),
    E("D208", "meeting.date", "2025-04-10"),
)
scenario(
    "D209_part_c_child_plan_starts_day_after_third_birthday",
    edit(pre, _set(["start_date"], "2025-10-16")),
    E("D209", "start_date", "2025-10-15"),
)
scenario(
    "D209_not_when_not_from_part_c",
    edit(pre, _all(_set(["start_date"], "2025-10-16"), _set(["student", "from_part_c"], False))),
)


def _leap_preschool(start: str) -> Doc:
    document = pre()
    document["id"] = "leap/partc"
    document["student"]["date_of_birth"] = "2020-02-29"
    document["evaluations"] = [
        {
            "kind": "initial",
            "consent_date": "2022-11-15",
            "completed_date": "2023-01-10",
            "eligibility_date": "2023-01-15",
        }
    ]
    document["meeting"]["date"] = "2023-02-01"
    document["meeting"]["notice_date"] = "2023-01-20"
    document["parent_consent_date"] = "2023-02-01"
    document["start_date"] = start
    document["end_date"] = "2024-01-31"
    for service in document["services"]:
        service["start_date"] = start
    return document


scenario("D209_not_feb29_child_starting_on_feb28_third_birthday", _leap_preschool("2023-02-28"))
scenario(
    "D209_feb29_child_starting_march1",
    _leap_preschool("2023-03-01"),
    E("D209", "start_date", "2023-02-28"),
)

# D210 meeting notice (US-IL 10 days). -------------------------------------------------------

scenario(
    "D210_not_US_IL_notice_exactly_10_days_before",
    edit(elem, _set(["meeting", "notice_date"], "2025-09-21")),
    jurisdiction="US-IL",
)
scenario(
    "D210_US_IL_notice_9_days_before",
    edit(elem, _set(["meeting", "notice_date"], "2025-09-22")),
    E("D210", "meeting.notice_date", "2025-09-21"),
    jurisdiction="US-IL",
)
scenario(
    "D210_not_US_notice_2_days_before",
    edit(elem, _set(["meeting", "notice_date"], "2025-09-29")),
)
scenario(
    "D210_plan_own_jurisdiction_US_IL_applies_by_default",
    edit(
        elem,
        _all(_set(["meeting", "notice_date"], "2025-09-29"), _set(["jurisdiction"], "US-IL")),
    ),
    E("D210", "meeting.notice_date", "2025-09-21"),
)
scenario(
    "D210_not_when_check_jurisdiction_overrides_plan_US_IL",
    edit(
        elem,
        _all(_set(["meeting", "notice_date"], "2025-09-29"), _set(["jurisdiction"], "US-IL")),
    ),
    jurisdiction="US",
)


# More role combinations (regulations.md §1.5, T05, T08, T09). ---------------------------

scenario(
    "T104_not_T08_special_education_teacher_also_lea_representative",
    edit(
        elem,
        _all(
            _drop("Lee Leader"),
            _who(
                "Sam Special",
                roles=[
                    "special_education_teacher",
                    "lea_representative",
                    "evaluation_interpreter",
                ],
            ),
        ),
    ),
)
scenario(
    "T104_T105_not_T09_regular_teacher_also_lea_representative_and_interpreter",
    edit(
        elem,
        _all(
            _drop("Lee Leader"),
            _who("Sam Special", roles=["special_education_teacher"]),
            _who(
                "Gale General",
                roles=[
                    "regular_education_teacher",
                    "lea_representative",
                    "evaluation_interpreter",
                ],
            ),
        ),
    ),
)
scenario(
    "T101_attempts_dated_after_the_meeting_do_not_count",
    edit(
        elem,
        _all(
            _who("Pat Parent", attendance="absent"),
            _set(
                ["meeting", "parent_contact_attempts"],
                [
                    {"date": "2025-10-05", "method": "phone"},
                    {"date": "2025-10-06", "method": "mail"},
                ],
            ),
        ),
    ),
    E("T101", "meeting.parent_contact_attempts"),
    as_of="2025-10-07",
)
scenario(
    "T107_excused_without_any_excusal_record",
    edit(elem, _who("Gale General", attendance="excused")),
    E("T107", "meeting.participants[1]", "2025-10-01"),
    about="no excusal record: the written agreement is missing, due by the meeting day",
)
scenario(
    "T107_T109_not_for_excused_member_who_is_not_required",
    edit(
        elem,
        lambda d: d["meeting"]["participants"].append(
            {
                "name": "Olive Therapist",
                "roles": ["related_service_provider"],
                "attendance": "excused",
            }
        ),
    ),
)

# Ontario: transition plan at 14 (team and US timeline rules have no counterpart). ----------

scenario(
    "C311_CA_ON_transition_age_14_reached_on_end_date",
    edit(elem, _set(["student", "date_of_birth"], "2012-09-30")),
    E("C311", "transition", "2026-09-30"),
    jurisdiction="CA-ON",
)
scenario(
    "C311_not_CA_ON_transition_age_14_day_after_end",
    edit(elem, _set(["student", "date_of_birth"], "2012-10-01")),
    jurisdiction="CA-ON",
)

# More history. ---------------------------------------------------------------------------

scenario(
    "D201_not_a_reevaluation_meeting_resets_the_annual_clock",
    [
        annual("2024-10-01", plan_id="hist/re/a", student_id="STU-RE", evaluated="2024-09-01"),
        edit(
            lambda: annual(
                "2025-06-01", plan_id="hist/re/b", student_id="STU-RE", evaluated="2024-09-01"
            ),
            _all(_set(["kind"], "reevaluation"), _set(["meeting", "purposes"], ["reevaluation"])),
        ),
    ],
    as_of="2025-10-02",
)
scenario(
    "D201_initial_plan_then_annual_one_day_late",
    [
        initial("2024-02-01", "2024-03-01", meeting="2024-03-20"),
        annual(
            "2025-03-20", plan_id="hist/init/b", student_id="STU-60001", evaluated="2024-03-01"
        ),
    ],
    E("D201", "", "2025-03-19", plan=INIT),
    as_of="2025-03-21",
)
scenario(
    "D201_a_draft_plan_is_not_a_review_meeting",
    [
        annual("2024-10-01", plan_id="hist/draft/a", student_id="STU-DR", evaluated="2024-09-01"),
        edit(
            lambda: annual(
                "2025-09-20", plan_id="hist/draft/b", student_id="STU-DR", evaluated="2024-09-01"
            ),
            _set(["status"], "draft"),
        ),
    ],
    E("D201", "", "2025-09-30", plan="hist/draft/a"),
    as_of="2025-10-02",
)


def _with_reevaluation(document: Doc) -> None:
    document["kind"] = "reevaluation"
    document["meeting"]["purposes"] = ["reevaluation"]
    document["evaluations"].append(
        {"kind": "reevaluation", "consent_date": "2025-07-01", "completed_date": "2025-09-01"}
    )


scenario(
    "D204_not_reevaluation_completed_in_a_later_plan_of_the_student",
    [
        annual("2024-10-01", plan_id="hist/rv/a", student_id="STU-RV", evaluated="2022-10-02"),
        edit(
            lambda: annual(
                "2025-09-10", plan_id="hist/rv/b", student_id="STU-RV", evaluated="2022-10-02"
            ),
            _with_reevaluation,
        ),
    ],
    as_of="2025-10-02",
)
scenario(
    "D204_reported_once_on_the_latest_plan",
    [
        annual("2024-10-01", plan_id="hist/od/a", student_id="STU-OD", evaluated="2022-10-02"),
        annual("2025-09-10", plan_id="hist/od/b", student_id="STU-OD", evaluated="2022-10-02"),
    ],
    E("D204", "evaluations", "2025-10-01", plan="hist/od/b"),
    as_of="2025-10-02",
)
scenario(
    "D206_previous_evaluation_listed_only_in_an_earlier_plan",
    [
        annual("2024-10-01", plan_id="hist/d206/a", student_id="STU-D206", evaluated="2024-09-01"),
        edit(
            lambda: annual("2025-09-10", plan_id="hist/d206/b", student_id="STU-D206"),
            _set(
                ["evaluations"],
                [
                    {
                        "kind": "reevaluation",
                        "consent_date": "2025-03-01",
                        "completed_date": "2025-04-01",
                    }
                ],
            ),
        ),
    ],
    E("D206", "evaluations[0].consent_date", "2025-09-01", plan="hist/d206/b"),
    as_of="2025-10-02",
)
_LATE = initial("2024-11-18", "2025-03-11", plan_id="hist/late/a")
scenario(
    "D207_same_late_evaluation_in_two_plans_is_reported_once_on_the_first",
    [
        _LATE,
        edit(
            lambda: annual("2025-04-01", plan_id="hist/late/b", student_id="STU-60001"),
            _set(["evaluations"], copy.deepcopy(_LATE["evaluations"])),
        ),
    ],
    E("D207", "evaluations[0].completed_date", "2025-01-17", plan="hist/late/a"),
    as_of="2025-04-02",
)
scenario(
    "D209_not_for_an_annual_plan_of_a_part_c_child",
    edit(pre, _all(_set(["kind"], "annual"), _set(["start_date"], "2025-10-16"))),
)

# More school-day arithmetic (independent counts over calendar-2024-26.json). ----------------

scenario(
    "D207_US_TX_consent_on_a_saturday_counts_from_monday",
    initial("2024-11-02", "2025-01-27"),
    E("D207", "evaluations[0].completed_date", "2025-01-24"),
    jurisdiction="US-TX",
    calendar=_CAL,
)
scenario(
    "D207_US_TX_45_school_days_before_year_end_ordinary_count",
    initial("2025-04-03", "2025-06-09"),
    E("D207", "evaluations[0].completed_date", "2025-06-06"),
    jurisdiction="US-TX",
    calendar=_CAL2,
)
scenario(
    "D207_not_US_TX_44_school_days_before_year_end_due_june_30",
    initial("2025-04-04", "2025-06-30"),
    jurisdiction="US-TX",
    calendar=_CAL2,
)
scenario(
    "D207_US_TX_34_school_days_before_year_end_counts_into_next_year",
    initial("2025-04-18", "2025-09-11"),
    E("D207", "evaluations[0].completed_date", "2025-09-10"),
    jurisdiction="US-TX",
    calendar=_CAL2,
)
scenario(
    "D207_US_IL_60_school_days_across_the_summer",
    initial("2025-05-01", "2025-10-15"),
    E("D207", "evaluations[0].completed_date", "2025-10-14"),
    jurisdiction="US-IL",
    calendar=_CAL2,
)
scenario(
    "D207_US_CA_consent_during_winter_break_counts_from_school_restart",
    initial("2024-12-27", "2025-03-07"),
    E("D207", "evaluations[0].completed_date", "2025-03-06"),
    jurisdiction="US-CA",
    calendar=_CAL,
)
scenario(
    "D207_US_PA_consent_in_summer_counts_from_fall",
    initial("2025-07-10", "2025-10-25"),
    E("D207", "evaluations[0].completed_date", "2025-10-24"),
    jurisdiction="US-PA",
    calendar=_CAL2,
)

# Disagreements with rules.md / the law (see BUGS). ---------------------------------------

scenario(
    "D210_not_US_IL_meeting_without_a_recorded_notice",
    trans(),
    jurisdiction="US-IL",
    about="notice_date is optional (format.md); D210 finds a notice *later than* the minimum",
)
scenario(
    "C311_only_US_IL_transition_example_without_notice_date",
    edit(trans, _all(_del(["transition"]), _set(["student", "date_of_birth"], "2012-08-28"))),
    E("C311", "transition", "2027-02-28"),
    jurisdiction="US-IL",
    about="14 1/2 on 2027-02-28 = end date; the example plan has no notice_date",
)
scenario(
    "D207_US_IL_eligibility_conference_after_60_school_days",
    initial("2024-11-18", "2025-02-20", eligibility="2025-03-04"),
    E("D207", "evaluations[0].eligibility_date", "2025-03-03"),
    jurisdiction="US-IL",
    calendar=_CAL,
    about="IL: evaluation AND eligibility conference within 60 school days (regs §4.1, §6.1)",
)
scenario(
    "D207_not_US_IL_L13_eligibility_conference_recorded_without_completion_date",
    initial("2024-11-18", None, eligibility="2025-02-28"),
    jurisdiction="US-IL",
    calendar=_CAL,
    about="L13 written with only the eligibility conference date",
)
scenario(
    "D207_US_CA_L14_initial_IEP_meeting_after_the_60_days",
    initial("2024-12-04", "2025-02-10", eligibility="2025-02-12", meeting="2025-02-19"),
    E("D207", "meeting.date", "2025-02-18"),
    jurisdiction="US-CA",
    calendar=_CAL,
    about="CA: the IEP itself is due within the 60 days (Cal. Educ. Code 56344(a); L14)",
)
scenario(
    "C312_postsecondary_employment_goal_with_an_empty_statement",
    edit(trans, _set(["transition", "postsecondary_goals", 1, "statement"], "")),
    E("C312", "transition.postsecondary_goals"),
)
scenario(
    "C313_only_transition_service_with_a_blank_description",
    edit(trans, _set(["transition", "services", 0, "description"], "  ")),
    E("C313", "transition.services"),
)


# ---------------------------------------------------------------------------------------
# Known bugs: scenario name -> reason (the xfail reason); see the module docstring.

BUGS: dict[str, str] = {}


def _bug(name: str) -> str | None:
    return BUGS.get(name)


def calendar_for(name: str | None) -> SchoolCalendar | None:
    """The school calendar fixture *name* (relative to tests/data), loaded."""
    if name is None:
        return None
    text = (DATA / name).read_text(encoding="utf-8")
    loaded: SchoolCalendar = iepmodel.from_json(text, SchoolCalendar)
    return loaded


def rows(findings: Iterable[Finding]) -> list[Row]:
    """Findings as comparable rows, sorted."""
    return sorted(
        (
            f.plan_id,
            f.code,
            f.path,
            None if f.due is None else f.due.isoformat(),
            str(f.severity.value),
        )
        for f in findings
    )


def run(s: Scenario) -> list[Finding]:
    """The scenario through the public API, from JSON text."""
    plans = [load(document) for document in s.plans]
    return iepmodel.check(
        plans, as_of=s.as_of, jurisdiction=s.jurisdiction, calendar=calendar_for(s.calendar)
    )


def params(items: Iterable[Scenario]) -> list[Any]:
    """pytest params of *items*, a strict xfail for each scenario with a known bug."""
    out: list[Any] = []
    for s in items:
        reason = _bug(s.name)
        marks = [pytest.mark.xfail(strict=True, reason=f"BUG: {reason}")] if reason else []
        out.append(pytest.param(s, id=s.name, marks=marks))
    return out


@pytest.mark.parametrize("s", params(SCENARIOS))
def test_scenario_gives_exactly_the_expected_findings(s: Scenario) -> None:
    assert rows(run(s)) == s.rows()


# ---------------------------------------------------------------------------------------
# Properties over every scenario: citations, personal data, order.

_CATALOG = {rule.code: rule for rule in catalog()}


def _all_findings() -> list[tuple[Scenario, Finding]]:
    out: list[tuple[Scenario, Finding]] = []
    for s in SCENARIOS:
        out.extend((s, f) for f in run(s))
    return out


@pytest.fixture(scope="module")
def all_findings() -> list[tuple[Scenario, Finding]]:
    return _all_findings()


def test_scenarios_cover_every_code_of_the_catalog() -> None:
    expected = {e.code for s in SCENARIOS for e in s.expected}
    assert expected == set(_CATALOG)


def test_every_finding_has_a_citation_and_federal_ones_match_the_catalog(
    all_findings: list[tuple[Scenario, Finding]],
) -> None:
    assert all_findings
    own = {(s.name, d["id"]): d.get("jurisdiction") for s in SCENARIOS for d in s.plans}
    for s, f in all_findings:
        assert f.citation.strip(), (s.name, f.code)
        assert f.code in _CATALOG
        # A state profile may add its own source after the federal one.
        assert f.citation.startswith(_CATALOG[f.code].citation), (s.name, f)
        effective = s.jurisdiction or own[(s.name, f.plan_id)] or "US"
        if effective == "US":
            assert f.citation == _CATALOG[f.code].citation, (s.name, f)
        assert f.severity.value in ("error", "warning")


def _personal_data(document: Doc) -> set[str]:
    student = document["student"]
    out = {student.get("name", "")} if student.get("name") else set()
    out |= {p["name"] for p in document.get("meeting", {}).get("participants", [])}
    # Name parts too: "Rivera" alone still names the child.
    out |= {
        part for name in list(out) for part in name.split() if len(part) > 3 and part != "Parent"
    }
    dob = D(student["date_of_birth"])
    out |= {
        dob.isoformat(),
        f"{dob.month}/{dob.day}/{dob.year}",
        f"{dob.month:02d}/{dob.day:02d}/{dob.year}",
        dob.strftime("%B %-d, %Y"),
        dob.strftime("%d %B %Y"),
        dob.strftime("%b %-d, %Y"),
    }
    return out


def test_no_message_names_a_person_or_gives_a_date_of_birth(
    all_findings: list[tuple[Scenario, Finding]],
) -> None:
    by_plan = {(s.name, d["id"]): d for s in SCENARIOS for d in s.plans}
    for s, f in all_findings:
        secret = _personal_data(by_plan[(s.name, f.plan_id)])
        for text in (f.message, f.path, f.citation, repr(f), str(f)):
            leaked = [item for item in secret if item and item in text]
            assert not leaked, (s.name, f.code, leaked, text)


def test_messages_are_one_plain_sentence(all_findings: list[tuple[Scenario, Finding]]) -> None:
    for s, f in all_findings:
        assert f.message, (s.name, f.code)
        assert f.message.strip() == f.message, (s.name, f.code)
        assert "\n" not in f.message, (s.name, f.code)


def _unique(s: Scenario) -> list[Doc]:
    """The scenario's plans with ids and student ids made unique to the scenario."""
    out = []
    for original in s.plans:
        document = copy.deepcopy(original)
        document["id"] = f"{s.name}::{document['id']}"
        document["student"]["id"] = f"{s.name}::{document['student']['id']}"
        if "amends" in document:
            document["amends"] = f"{s.name}::{document['amends']}"
        out.append(document)
    return out


def test_findings_are_sorted_by_plan_then_code_and_deterministic() -> None:
    plans = [
        load(d)
        for s in SCENARIOS
        if s.jurisdiction is None and s.calendar is None
        for d in _unique(s)
    ]
    as_of = D("2025-10-02")
    findings = iepmodel.check(plans, as_of=as_of)
    assert len({f.plan_id for f in findings}) > 20
    keys = [(f.plan_id, f.code, f.path, f.due or dt.date.min) for f in findings]
    assert keys == sorted(keys)
    assert iepmodel.check(list(reversed(plans)), as_of=as_of) == findings
    assert iepmodel.check(iter(plans), as_of=as_of) == findings


# ---------------------------------------------------------------------------------------
# The API around the scenarios.


def test_single_plan_and_list_give_the_same_findings() -> None:
    plan = load(edit(elem, _del(["present_levels"])))
    one = iepmodel.check(plan, as_of=D("2025-10-02"))
    assert one == iepmodel.check([plan], as_of=D("2025-10-02"))
    assert [f.code for f in one] == ["C301"]


def test_jurisdiction_accepts_a_profile_object() -> None:
    plan = load(edit(elem, _set(["meeting", "notice_date"], "2025-09-29")))
    profile = iepmodel.jurisdiction("US-IL")
    findings = iepmodel.check(plan, as_of=D("2025-10-02"), jurisdiction=profile)
    assert [(f.code, f.due) for f in findings] == [("D210", D("2025-09-21"))]


def test_unknown_jurisdiction_code_fails_clearly() -> None:
    plan = load(elem())
    with pytest.raises(iepmodel.UnknownJurisdictionError):
        iepmodel.check(plan, as_of=D("2025-10-02"), jurisdiction="XX-NOPE")


def test_select_and_ignore_filter_by_code_and_prefix() -> None:
    document = edit(elem, _all(_del(["present_levels"]), _drop("Lee Leader")))
    plan = load(document)
    as_of = D("2025-10-02")
    assert [f.code for f in iepmodel.check(plan, as_of=as_of)] == ["C301", "T104"]
    assert [f.code for f in iepmodel.check(plan, as_of=as_of, select="T")] == ["T104"]
    assert [f.code for f in iepmodel.check(plan, as_of=as_of, ignore=["C301"])] == ["T104"]
    assert [
        f.code for f in iepmodel.check(plan, as_of=as_of, select=["C3", "T104"], ignore="T1")
    ] == ["C301"]


def test_finding_is_frozen() -> None:
    plan = load(edit(elem, _del(["present_levels"])))
    (finding,) = iepmodel.check(plan, as_of=D("2025-10-02"))
    with pytest.raises(AttributeError):
        finding.code = "X"  # type: ignore[misc]


def test_check_does_not_mutate_the_plans() -> None:
    plans = [load(d) for s in SCENARIOS[:40] for d in s.plans]
    before = [iepmodel.to_json(p) for p in plans]
    iepmodel.check(plans, as_of=D("2025-10-02"))
    assert [iepmodel.to_json(p) for p in plans] == before


def _estimate(findings: list[Finding]) -> list[bool]:
    return ["estimate" in f.message.lower() for f in findings]


@pytest.mark.parametrize("code", ["US-TX", "US-IL"])
def test_school_day_deadline_without_calendar_says_estimate_and_with_calendar_does_not(
    code: str,
) -> None:
    late = {"US-TX": ("2024-11-04", "2025-01-29"), "US-IL": ("2024-11-18", "2025-03-05")}[code]
    plan = load(initial(*late))
    as_of = D("2025-04-01")
    without = iepmodel.check(plan, as_of=as_of, jurisdiction=code)
    with_calendar = iepmodel.check(
        plan, as_of=as_of, jurisdiction=code, calendar=calendar_for(_CAL)
    )
    assert [f.code for f in without] == ["D207"] == [f.code for f in with_calendar]
    assert _estimate(without) == [True]
    assert _estimate(with_calendar) == [False]


@pytest.mark.parametrize(
    ("code", "consent", "completed"),
    [("US-CA", "2024-12-04", "2025-02-19"), ("US-PA", "2025-05-15", "2025-10-03")],
)
def test_calendar_day_deadline_without_calendar_is_an_estimate_not_in_weekdays(
    code: str, consent: str, completed: str
) -> None:
    plan = load(initial(consent, completed))
    (finding,) = iepmodel.check(plan, as_of=D("2025-12-01"), jurisdiction=code)
    assert finding.code == "D207"
    assert "estimate" in finding.message.lower()
    assert "weekday" not in finding.message.lower(), finding.message


def test_calendar_day_deadline_never_says_estimate() -> None:
    plan = load(initial("2025-01-10", "2025-03-12"))
    findings = iepmodel.check(plan, as_of=D("2025-04-01"))
    assert [f.code for f in findings] == ["D207"]
    assert _estimate(findings) == [False]
