"""`iepmodel.check`, `Finding` and the catalog: the contract of rules.md."""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable

import attrs
import pytest

import iepmodel
from builders import (
    AS_OF,
    D,
    adding,
    check_codes,
    elementary,
    excused,
    meeting_of,
    person,
    preschool,
    transition,
    with_meeting,
    with_participants,
    without_role,
)
from iepmodel import (
    Attendance,
    ContactAttempt,
    ContactMethod,
    Finding,
    PlanKind,
    Role,
    Severity,
    UnknownJurisdictionError,
)
from iepmodel.jurisdictions import derive
from iepmodel.rules import Context, catalog, content, team, timelines
from test_rules_timelines import two_year_calendar

# The catalog of rules.md: code, severity, citation.
RULES_MD = [
    ("T101", "error", "34 CFR 300.322(d)"),
    ("T102", "error", "34 CFR 300.321(a)(2)"),
    ("T103", "error", "34 CFR 300.321(a)(3)"),
    ("T104", "error", "34 CFR 300.321(a)(4)"),
    ("T105", "error", "34 CFR 300.321(a)(5)"),
    ("T106", "error", "34 CFR 300.321(b)(1)"),
    ("T107", "error", "34 CFR 300.321(e)"),
    ("T108", "error", "34 CFR 300.321(e)(2)(ii)"),
    ("T109", "error", "34 CFR 300.321(e)"),
    ("T110", "error", "34 CFR 300.321(a)(2)-(3)"),
    ("T111", "error", "34 CFR 300.321(f)"),
    ("T112", "error", "34 CFR 300.321(b)(3)"),
    ("D201", "error", "34 CFR 300.324(b)(1)"),
    ("D202", "warning", "34 CFR 300.324(b)(1)"),
    ("D203", "error", "34 CFR 300.324(b)(1)"),
    ("D204", "error", "34 CFR 300.303(b)(2)"),
    ("D205", "warning", "34 CFR 300.303(b)(2)"),
    ("D206", "error", "34 CFR 300.303(b)(1)"),
    ("D207", "error", "34 CFR 300.301(c)"),
    ("D208", "error", "34 CFR 300.323(c)(1)"),
    ("D209", "error", "34 CFR 300.124(b)"),
    ("D210", "error", "34 CFR 300.322(a)(1)"),
    ("D211", "error", "34 CFR 300.324(a)(4)"),
    ("C301", "error", "34 CFR 300.320(a)(1)"),
    ("C302", "error", "34 CFR 300.320(a)(2)(i)"),
    ("C303", "error", "34 CFR 300.320(a)(2)(i)"),
    ("C304", "error", "34 CFR 300.320(a)(3)(i)"),
    ("C305", "error", "34 CFR 300.320(a)(3)(ii)"),
    ("C306", "error", "34 CFR 300.320(a)(2)(ii)"),
    ("C307", "error", "34 CFR 300.320(a)(6)(ii)"),
    ("C308", "error", "34 CFR 300.320(a)(7)"),
    ("C309", "error", "34 CFR 300.320(a)(5)"),
    ("C310", "error", "34 CFR 300.320(a)(4)"),
    ("C311", "error", "34 CFR 300.320(b)"),
    ("C312", "error", "34 CFR 300.320(b)(1)"),
    ("C313", "error", "34 CFR 300.320(b)(2)"),
    ("C314", "error", "34 CFR 300.320(b)(2)"),
    ("C315", "error", "34 CFR 300.320(b)(1)"),
    ("C316", "error", "34 CFR 300.320(c)"),
    ("C317", "error", "34 CFR 300.300(b)"),
    ("C318", "error", "34 CFR 300.320(a)(6)(i)"),
    ("C319", "error", "34 CFR 300.8"),
]

FAMILIES = {"T": ("team", team), "D": ("timelines", timelines), "C": ("content", content)}


# --- the catalog ------------------------------------------------------------------------


def test_catalog_is_the_catalog_of_rules_md_in_its_order() -> None:
    assert [(r.code, r.severity.value, r.citation) for r in catalog()] == RULES_MD


def test_catalog_is_reexported() -> None:
    assert iepmodel.rules.catalog() == catalog()
    assert iepmodel.Rule is type(catalog()[0])


@pytest.mark.parametrize("rule", catalog(), ids=lambda r: r.code)
def test_every_rule_is_a_named_documented_function_of_its_family(rule: iepmodel.Rule) -> None:
    family, module = FAMILIES[rule.code[0]]
    assert rule.family == family
    assert getattr(module, rule.function.__name__) is rule.function
    assert rule.function.__name__ in module.__all__
    assert rule.function.__module__ == f"iepmodel.rules.{family}"
    doc = inspect.getdoc(rule.function)
    assert doc
    assert rule.summary == doc.splitlines()[0]
    assert rule.summary.endswith(".")
    assert rule.title
    assert rule.drafts_as_warnings == (family == "content" and rule.code != "C317")
    hints = inspect.get_annotations(rule.function)
    assert list(hints) == ["plan", "context", "return"]


def test_rule_codes_are_unique() -> None:
    codes = [r.code for r in catalog()]
    assert len(codes) == len(set(codes))


# --- check's inputs ---------------------------------------------------------------------


def test_one_plan_or_many() -> None:
    plan = elementary(goals=())
    assert check_codes(plan) == ["C302"]
    assert check_codes([plan]) == ["C302"]
    assert check_codes(p for p in (plan,)) == ["C302"]
    assert check_codes([]) == []


def test_as_of_defaults_to_today() -> None:
    plan = elementary()
    today = dt.date.today()  # noqa: DTZ011
    assert iepmodel.check(plan) == iepmodel.check(plan, as_of=today)


def test_each_plan_uses_its_own_jurisdiction_by_default() -> None:
    # A notice 5 days before the meeting: late only under Illinois' 10 days.
    plan = with_meeting(elementary(jurisdiction="US-IL"), notice_date=D(2025, 9, 26))
    assert check_codes(plan) == ["D210"]
    assert check_codes(attrs.evolve(plan, jurisdiction=None)) == []
    assert check_codes(attrs.evolve(plan, jurisdiction="US")) == []


def test_jurisdiction_argument_overrides_the_plans_own() -> None:
    plan = with_meeting(elementary(jurisdiction="US-IL"), notice_date=D(2025, 9, 26))
    assert check_codes(plan, jurisdiction="US") == []
    assert check_codes(plan, jurisdiction=iepmodel.jurisdiction("US")) == []
    assert check_codes(attrs.evolve(plan, jurisdiction="US"), jurisdiction="us-il") == ["D210"]


def test_a_state_that_is_not_shipped_falls_back_to_the_federal_profile() -> None:
    plan = elementary(goals=(), jurisdiction="US-WA")
    assert check_codes(plan) == ["C302"]


def test_an_unknown_country_is_an_error() -> None:
    with pytest.raises(UnknownJurisdictionError):
        iepmodel.check(elementary(jurisdiction="FR"), as_of=AS_OF)
    with pytest.raises(UnknownJurisdictionError):
        iepmodel.check(elementary(), as_of=AS_OF, jurisdiction="Narnia")


def test_a_jurisdiction_the_caller_names_must_be_shipped() -> None:
    """A typo in the caller's jurisdiction is an error, never a silent federal check."""
    with pytest.raises(UnknownJurisdictionError):
        iepmodel.check(elementary(), as_of=AS_OF, jurisdiction="US-WA")


def test_select_and_ignore_take_codes_and_prefixes() -> None:
    plan = without_role(elementary(goals=(), services=()), Role.LEA_REPRESENTATIVE)
    assert check_codes(plan) == ["C302", "C310", "T104"]
    assert check_codes(plan, select="T") == ["T104"]
    assert check_codes(plan, select=["C3", "t104"]) == ["C302", "C310", "T104"]
    assert check_codes(plan, ignore="C") == ["T104"]
    assert check_codes(plan, ignore=("C302",)) == ["C310", "T104"]
    assert check_codes(plan, select="C", ignore=["C31"]) == ["C302"]


@pytest.mark.parametrize("bad", ["X9", ["T1", "C399"]])
def test_a_selector_that_matches_no_rule_is_an_error(bad: str | list[str]) -> None:
    with pytest.raises(ValueError, match="no rule code"):
        iepmodel.check(elementary(), as_of=AS_OF, select=bad)
    with pytest.raises(ValueError, match="no rule code"):
        iepmodel.check(elementary(), as_of=AS_OF, ignore=bad)


def test_a_profiles_disabled_rules_are_skipped() -> None:
    lenient = derive(
        iepmodel.jurisdiction("US"), code="US-L", name="Lenient", disabled_rules={"C302"}
    )
    plan = elementary(goals=(), services=())
    assert check_codes(plan, jurisdiction=lenient) == ["C310"]


def test_ontario_switches_off_the_us_team_rules() -> None:
    plan = with_participants(elementary(), ())
    assert check_codes(plan, jurisdiction="US")[:1] == ["T101"]
    assert check_codes(plan, jurisdiction="CA-ON") == []


# --- check's output ----------------------------------------------------------------------


def messy_batch() -> list[iepmodel.IEP]:
    """Plans of three students, with findings of every family and shared student ids."""
    a = without_role(elementary(id="a-1", goals=()), Role.LEA_REPRESENTATIVE)
    a2 = attrs.evolve(
        elementary(id="a-0", services=()),
        meeting=attrs.evolve(meeting_of(elementary()), date=D(2024, 9, 1)),
        start_date=D(2024, 9, 1),
        end_date=D(2025, 8, 31),
    )
    b = preschool(id="b-1", parent_consent_date=None)
    c = without_role(transition(id="c-1", transition=None), Role.STUDENT)
    return [a, b, a2, c]


def test_findings_are_sorted_by_plan_code_path_and_due() -> None:
    findings = iepmodel.check(messy_batch(), as_of=AS_OF)
    assert len(findings) > 5
    keys = [(f.plan_id, f.code, f.path, f.due or dt.date.min) for f in findings]
    assert keys == sorted(keys)


def test_check_is_order_independent() -> None:
    batch = messy_batch()
    expected = iepmodel.check(batch, as_of=AS_OF)
    assert iepmodel.check(list(reversed(batch)), as_of=AS_OF) == expected
    assert iepmodel.check(batch[1:] + batch[:1], as_of=AS_OF) == expected


def test_history_ties_do_not_depend_on_order() -> None:
    # Two plans of one student with the same id and dates, different content.
    one = elementary(goals=())
    two = elementary(services=())
    assert iepmodel.check([one, two], as_of=AS_OF) == iepmodel.check([two, one], as_of=AS_OF)


def test_check_does_not_change_the_plans() -> None:
    batch = messy_batch()
    before = [iepmodel.to_json(p) for p in batch]
    iepmodel.check(batch, as_of=AS_OF)
    assert [iepmodel.to_json(p) for p in batch] == before


def test_every_finding_has_a_citation_and_a_plain_one_sentence_message() -> None:
    findings = iepmodel.check(messy_batch(), as_of=AS_OF)
    for finding in findings:
        assert finding.citation.startswith("34 CFR ")
        assert finding.message[0].isupper()
        assert finding.message.endswith(".")
        assert finding.message.count(". ") == 0, finding.message
        assert "\n" not in finding.message


def test_finding_is_frozen_and_serialisable() -> None:
    finding = iepmodel.check(elementary(goals=()), as_of=AS_OF)[0]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        finding.code = "X"  # type: ignore[misc]
    assert finding.to_dict() == {
        "plan_id": "district-7/2025/00412",
        "code": "C302",
        "severity": "error",
        "message": "The plan has no annual goals.",
        "citation": "34 CFR 300.320(a)(2)(i)",
        "path": "goals",
        "due": None,
    }
    assert finding.is_error
    assert Severity("warning") is Severity.WARNING


def test_due_is_written_as_an_iso_date() -> None:
    (finding,) = iepmodel.check(transition(transition=None), as_of=D(2026, 3, 2))
    assert finding.to_dict()["due"] == "2026-05-10"


def test_a_rule_can_be_called_directly_with_a_context() -> None:
    plan = elementary(goals=())
    context = Context.for_plan(plan, as_of=AS_OF, jurisdiction="US-TX")
    assert context.profile.code == "US-TX"
    assert [f.code for f in content.no_annual_goals(plan, context)] == ["C302"]
    rule = next(r for r in catalog() if r.code == "C302")
    assert list(rule(plan, context)) == list(content.no_annual_goals(plan, context))


# --- compliant plans -----------------------------------------------------------------------


EXAMPLES: dict[str, tuple[Callable[[], iepmodel.IEP], dt.date]] = {
    "annual-elementary": (elementary, AS_OF),
    "initial-preschool": (preschool, AS_OF),
    "annual-transition": (
        lambda: with_meeting(transition(), notice_date=D(2026, 2, 10)),
        D(2026, 3, 2),
    ),
}


# California does not count the days between school years (Cal. Educ. Code 56344(a)), and
# its 60 days run to the initial IEP meeting: the preschool plan (consent in July, meeting
# in September) needs a calendar that shows when the fall term starts.
NEEDS_A_CALENDAR = {("initial-preschool", "US-CA")}


@pytest.mark.parametrize("code", iepmodel.available_jurisdictions())
@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_a_compliant_plan_gives_no_findings_in_every_profile(example: str, code: str) -> None:
    build, as_of = EXAMPLES[example]
    calendar = two_year_calendar() if (example, code) in NEEDS_A_CALENDAR else None
    assert iepmodel.check(build(), as_of=as_of, jurisdiction=code, calendar=calendar) == []


def test_california_without_a_calendar_estimates_the_summer_initial_iep_meeting_late() -> None:
    # Without a calendar the summer is not known: 60 plain days from the July consent.
    findings = iepmodel.check(preschool(), as_of=AS_OF, jurisdiction="US-CA")
    assert [(f.code, f.path, f.due) for f in findings] == [
        ("D207", "meeting.date", D(2025, 8, 30))
    ]
    assert "estimate" in findings[0].message
    assert "weekday" not in findings[0].message


def test_the_compliant_plans_together_give_no_findings() -> None:
    plans = [build() for build, _ in EXAMPLES.values()]
    assert iepmodel.check(plans, as_of=AS_OF) == []


# --- personal data -------------------------------------------------------------------------

STUDENT_NAME = "Zebediah Quillfeather-Oyelaran"
PERSON_NAMES = ("Philippa Drummondsworth", "Octavian Vandersloot", "Marisol Ekwueme")
DATE_OF_BIRTH = D(2008, 2, 29)


def identifying_texts() -> list[str]:
    dob = DATE_OF_BIRTH
    texts = [*STUDENT_NAME.replace("-", " ").split(), *" ".join(PERSON_NAMES).split()]
    texts += [
        dob.isoformat(),
        dob.strftime("%m/%d/%Y"),
        dob.strftime("%d/%m/%Y"),
        dob.strftime("%B %d, %Y"),
        dob.strftime("%b %d"),
        "Feb 29",
        str(dob.year),
    ]
    return texts


def plans_with_personal_data() -> list[iepmodel.IEP]:
    """Plans that break as many rules as possible, with distinctive personal data."""
    student = attrs.evolve(
        transition().student, name=STUDENT_NAME, date_of_birth=DATE_OF_BIRTH, disabilities=()
    )
    people = (
        person(PERSON_NAMES[0], Role.PARENT, attendance=Attendance.ABSENT),
        person(
            PERSON_NAMES[1],
            Role.REGULAR_EDUCATION_TEACHER,
            Role.SPECIAL_EDUCATION_TEACHER,
            Role.STUDENT,
        ),
        person(PERSON_NAMES[2], Role.AGENCY_REPRESENTATIVE),
    )
    broken = with_participants(
        transition(
            student=student,
            transition=iepmodel.TransitionPlan(),
            goals=(iepmodel.Goal(area=iepmodel.GoalArea.READING, statement=STUDENT_NAME),),
            present_levels=(),
            progress_reporting=None,
            placement=None,
            services=(),
        ),
        people,
    )
    broken = with_meeting(
        broken,
        parent_contact_attempts=(
            ContactAttempt(date=D(2026, 2, 1), method=ContactMethod.PHONE, outcome=STUDENT_NAME),
        ),
    )
    initial = attrs.evolve(
        preschool(id="personal-initial", parent_consent_date=None, start_date=D(2026, 1, 1)),
        student=attrs.evolve(preschool().student, name=STUDENT_NAME, id="other"),
    )
    initial = excused(
        adding(initial, person(PERSON_NAMES[0], Role.LEA_REPRESENTATIVE)),
        Role.LEA_REPRESENTATIVE,
        area_discussed=True,
    )
    no_transition = attrs.evolve(broken, id="personal-2", transition=None)
    return [broken, initial, no_transition]


@pytest.mark.parametrize("code", iepmodel.available_jurisdictions())
def test_no_finding_names_a_person_or_gives_a_date_of_birth(code: str) -> None:
    findings = iepmodel.check(plans_with_personal_data(), as_of=D(2027, 6, 1), jurisdiction=code)
    assert len(findings) >= 10
    texts = identifying_texts()
    for finding in findings:
        shown = " | ".join((finding.message, finding.citation, finding.path, repr(finding)))
        for text in texts:
            assert text not in shown, (finding.code, text)
        assert finding.due != DATE_OF_BIRTH


def test_the_personal_data_plans_exercise_every_family() -> None:
    findings = iepmodel.check(plans_with_personal_data(), as_of=D(2027, 6, 1))
    assert {f.code[0] for f in findings} == {"T", "D", "C"}
    assert {"C311", "C316", "C319", "T101", "T110", "T112"} <= {f.code for f in findings}


# --- robustness ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", iepmodel.available_jurisdictions())
def test_no_rule_raises_at_the_ends_of_the_calendar(code: str) -> None:
    late = elementary()
    late = attrs.evolve(
        late,
        student=attrs.evolve(late.student, date_of_birth=D(9990, 1, 1)),
        start_date=D(9999, 12, 1),
        end_date=D(9999, 12, 31),
        evaluations=(
            iepmodel.Evaluation(kind=iepmodel.EvaluationKind.INITIAL, consent_date=D(9999, 11, 1)),
        ),
        reevaluation_waiver_date=D(9999, 12, 30),
        services=(),
        kind=PlanKind.INITIAL,
    )
    late = with_meeting(late, date=D(9999, 12, 1), notice_date=D(9999, 11, 1))
    early = attrs.evolve(
        elementary(),
        student=attrs.evolve(elementary().student, date_of_birth=D(1, 1, 1)),
        start_date=D(1, 1, 5),
        end_date=D(1, 12, 31),
        evaluations=(
            iepmodel.Evaluation(
                kind=iepmodel.EvaluationKind.REEVALUATION,
                consent_date=D(1, 1, 2),
                completed_date=D(1, 1, 3),
            ),
        ),
    )
    early = with_meeting(early, date=D(1, 1, 5), notice_date=None)
    for as_of in (D(1, 1, 1), D(9999, 12, 31)):
        for plan in (late, early):
            findings = iepmodel.check(plan, as_of=as_of, jurisdiction=code)
            assert all(isinstance(f, Finding) for f in findings)


def test_finding_message_says_estimate_only_without_a_calendar() -> None:
    pattern = re.compile(r"estimate")
    plan = elementary(
        kind=PlanKind.INITIAL,
        parent_consent_date=D(2025, 10, 1),
        evaluations=(
            iepmodel.Evaluation(
                kind=iepmodel.EvaluationKind.INITIAL,
                consent_date=D(2025, 6, 2),
                completed_date=D(2025, 9, 1),
                eligibility_date=D(2025, 9, 20),
            ),
        ),
    )
    (finding,) = iepmodel.check(plan, as_of=AS_OF, jurisdiction="US-TX")
    assert finding.code == "D207"
    assert pattern.search(finding.message)


def test_estimate_message_says_when_the_count_runs_past_the_calendar() -> None:
    from builders import calendar_2024_25

    plan = elementary(
        kind=PlanKind.INITIAL,
        parent_consent_date=D(2025, 10, 1),
        evaluations=(
            iepmodel.Evaluation(
                kind=iepmodel.EvaluationKind.INITIAL,
                consent_date=D(2025, 5, 30),
                eligibility_date=D(2025, 9, 20),
            ),
        ),
    )
    (finding,) = iepmodel.check(
        plan, as_of=AS_OF, jurisdiction="US-TX", calendar=calendar_2024_25(), select="D207"
    )
    assert "does not cover the whole count" in finding.message
    assert "no school calendar" not in finding.message
