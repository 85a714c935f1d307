"""De-identified copies: nothing identifying left, the same findings and indicators."""

from __future__ import annotations

import datetime as dt
import inspect
import typing
from enum import Enum
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iepmodel
from iepmodel import IEP, check, sample, to_json
from iepmodel.analysis import indicator_11, indicator_12, indicator_13
from iepmodel.privacy import (
    AS_OF_RULES,
    DROPPED_FIELDS,
    FAR_AS_OF,
    PLACEHOLDER,
    QUASI_IDENTIFIERS,
    TEXT_POLICIES,
    InvalidKeyError,
    RuleClass,
    birthday_rules,
    calendar_rules,
    candidate_offsets,
    carry_findings,
    check_key,
    deidentify,
    deidentify_plan,
    deidentify_report,
    deidentify_with_findings,
    disclosure_risk,
    k_anonymity,
    plan_pseudonyms,
    pseudonym,
    quasi_identifiers,
    rule_classes,
    student_offsets,
    surviving_rules,
)
from iepmodel.rules import catalog
from iepmodel.testing.strategies import plans as plan_strategy
from privacy_helpers import MARKER, NUMBER, TEXT_DATE, histories, mark, signature_on

# A drawn data set of several students' histories has a long repr; that is expected.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)

KEY = b"the test key: 32 bytes long......"
OTHER_KEY = b"another key, also long enough...."
D = dt.date


def _copies(plans: list[IEP], **options: Any) -> list[IEP]:
    return deidentify(plans, key=KEY, **options)


# --- keys and pseudonyms -------------------------------------------------------------------


class TestKeys:
    @pytest.mark.parametrize("key", [b"", b"Qwzk9", b"Qwzk9" * 3])
    def test_short_keys_are_refused_without_showing_them(self, key: bytes) -> None:
        """An empty or short key is an error whose message does not show the key."""
        with pytest.raises(InvalidKeyError) as raised:
            deidentify([], key=key)
        assert "16 bytes" in str(raised.value)
        if key:
            assert key.decode() not in str(raised.value)

    def test_a_key_must_be_bytes(self) -> None:
        """A text key is refused (its bytes would depend on an encoding)."""
        with pytest.raises(InvalidKeyError, match="bytes"):
            check_key("a text key, long enough to pass")

    def test_pseudonyms_are_keyed_and_typed(self) -> None:
        """One key, one pseudonym; another key or another kind, another pseudonym."""
        assert pseudonym(KEY, "student", "S1") == pseudonym(KEY, "student", "S1")
        assert pseudonym(KEY, "student", "S1") != pseudonym(OTHER_KEY, "student", "S1")
        assert pseudonym(KEY, "student", "S1")[8:] != pseudonym(KEY, "plan", "S1")[5:]
        assert pseudonym(KEY, "plan", "S1").startswith("plan-")
        assert pseudonym(KEY, "staff", "S1").startswith("staff-")
        assert pseudonym(KEY, "organization", "S1").startswith("org-")

    def test_candidate_offsets_are_every_nonzero_week_in_keyed_order(self) -> None:
        """Whole weeks, never 0, each once; the order depends on the key and the student."""
        offsets = candidate_offsets(KEY, "S1", 26)
        assert sorted(offsets) == [7 * w for w in range(-26, 27) if w != 0]
        assert offsets == candidate_offsets(KEY, "S1", 26)
        assert offsets != candidate_offsets(OTHER_KEY, "S1", 26)
        assert offsets != candidate_offsets(KEY, "S2", 26)
        with pytest.raises(ValueError, match="at least 1"):
            candidate_offsets(KEY, "S1", 0)


# --- what the copies hold ---------------------------------------------------------------------


def _text_fields(cls: type, seen: set[type]) -> typing.Iterator[tuple[str, str]]:
    """(class name, field name) of every text field of *cls* and the classes inside it."""
    if cls in seen:
        return
    seen.add(cls)
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        hint = hints[field.name]
        parts = [hint, *typing.get_args(hint)]
        parts += [inner for part in parts for inner in typing.get_args(part)]
        if str in parts:
            yield cls.__name__, field.name
        for part in parts:
            if isinstance(part, type) and attrs.has(part):
                yield from _text_fields(part, seen)


class TestCopies:
    def test_every_text_field_of_the_model_has_a_policy(self) -> None:
        """No text field is left to the default: a new field must be classified."""
        fields = set(_text_fields(IEP, set()))
        assert fields, "the walk found no text field"
        known = set(TEXT_POLICIES) | DROPPED_FIELDS
        assert fields <= known, sorted(fields - known)

    @given(histories(max_students=2, max_plans=2))
    def test_no_marker_name_or_date_of_birth_survives(self, plans: list[IEP]) -> None:
        """Serialised copies hold no marker, name, text date, number, nor the birth dates."""
        copies = _copies(plans)
        for plan, copy in zip(plans, copies, strict=True):
            text = to_json(copy)
            for secret in (MARKER, "Lovelace", TEXT_DATE, NUMBER):
                assert secret not in text
            assert plan.student.date_of_birth.isoformat() not in text
            assert repr(plan.student.date_of_birth) not in repr(copy)
            assert copy.student.name is None

    def test_the_sample_district_keeps_no_original_date_of_birth(self) -> None:
        """No copy of the sample district holds its student's date of birth, in any field."""
        plans = sample.plans()
        for plan, copy in zip(plans, _copies(plans), strict=True):
            assert plan.student.date_of_birth.isoformat() not in to_json(copy)

    @given(histories(max_students=2, max_plans=2))
    def test_dates_move_by_whole_weeks_and_intervals_stay(self, plans: list[IEP]) -> None:
        """Every date of a student moves by one whole number of weeks, the same for all."""
        copies = _copies(plans)
        offsets: dict[str, set[int]] = {}
        for plan, copy in zip(plans, copies, strict=True):
            moved = (copy.student.date_of_birth - plan.student.date_of_birth).days
            assert moved % 7 == 0
            assert moved != 0
            assert abs(moved) <= 26 * 7
            assert (copy.start_date - plan.start_date).days == moved
            assert (copy.end_date - plan.end_date).days == moved
            if plan.meeting is not None:
                assert copy.meeting is not None
                assert (copy.meeting.date - plan.meeting.date).days == moved
            for ours, theirs in zip(copy.evaluations, plan.evaluations, strict=True):
                if theirs.consent_date is not None:
                    assert ours.consent_date is not None
                    assert (ours.consent_date - theirs.consent_date).days == moved
            offsets.setdefault(plan.student.id, set()).add(moved)
        assert all(len(moved) == 1 for moved in offsets.values())

    @given(plan_strategy())
    def test_text_placeholders_keep_present_blank_and_absent(self, plan: IEP) -> None:
        """Present text becomes the placeholder, blank stays blank, absent stays absent."""
        copy = deidentify_plan(plan, key=KEY, offset=14)
        pairs: list[tuple[Any, Any]] = [(plan.progress_reporting, copy.progress_reporting)]
        pairs += list(zip(plan.goals, copy.goals, strict=True))
        pairs += list(zip(plan.services, copy.services, strict=True))
        for theirs, ours in pairs:
            if theirs is None:
                assert ours is None
                continue
            for field in attrs.fields(type(theirs)):
                old, new = getattr(theirs, field.name), getattr(ours, field.name)
                if not isinstance(old, str) or isinstance(old, Enum) or field.name == "id":
                    continue
                if old.strip():
                    assert new == PLACEHOLDER
                else:
                    assert not new.strip()
                    assert bool(new) == bool(old)

    def test_participants_are_labelled_by_position(self) -> None:
        """A participant's name becomes "Participant N"; roles and attendance stay."""
        plan = mark(sample.plans()[0])
        copy = deidentify_plan(plan, key=KEY, offset=7)
        assert plan.meeting is not None
        assert copy.meeting is not None
        assert [p.name for p in copy.meeting.participants] == [
            f"Participant {n}" for n in range(1, len(plan.meeting.participants) + 1)
        ]
        assert [p.roles for p in copy.meeting.participants] == [
            p.roles for p in plan.meeting.participants
        ]

    def test_offsets_must_be_whole_weeks(self) -> None:
        """A shift that is not a whole number of weeks would move weekdays: refused."""
        with pytest.raises(ValueError, match="whole number of weeks"):
            deidentify_plan(sample.plans()[0], key=KEY, offset=3)
        with pytest.raises(ValueError, match="not 0"):
            deidentify_plan(sample.plans()[0], key=KEY, offset=0)

    def test_one_plan_without_an_offset_takes_the_first_keyed_shift(self) -> None:
        """The per-plan function alone: the student's first keyed shift."""
        plan = sample.plans()[0]
        copy = deidentify_plan(plan, key=KEY)
        moved = (copy.start_date - plan.start_date).days
        assert moved == candidate_offsets(KEY, plan.student.id, 26)[0]

    def test_ids_are_pseudonymised_consistently(self) -> None:
        """Plan ids, amends and student ids map through one keyed function."""
        plans = sample.plans()
        copies = _copies(plans)
        ids = {plan.id for plan in plans}
        mapped = plan_pseudonyms(plans, key=KEY)
        for plan, copy in zip(plans, copies, strict=True):
            assert copy.id == mapped[plan.id]
            assert copy.student.id == pseudonym(KEY, "student", plan.student.id)
            if plan.amends is not None:
                assert copy.amends == mapped.get(plan.amends, pseudonym(KEY, "plan", plan.amends))
                assert (plan.amends in ids) == (copy.amends in {c.id for c in copies})

    def test_tied_plans_keep_their_order(self) -> None:
        """Two plans of a student on one day keep the order of their ids in the copies."""
        base = next(p for p in sample.plans() if p.evaluations and p.meeting is not None)
        names = [f"P-{n}" for n in range(20)]
        # Two ids whose keyed pseudonyms sort the other way round.
        first, second = next(
            (a, b)
            for a in names
            for b in names
            if a < b and pseudonym(KEY, "plan", a) > pseudonym(KEY, "plan", b)
        )
        one = attrs.evolve(base, id=first)
        other = attrs.evolve(
            base,
            id=second,
            kind=iepmodel.PlanKind.AMENDMENT,
            meeting=None,
            start_date=base.meeting.date,
        )
        one = attrs.evolve(one, start_date=base.meeting.date)
        plans = [one, other]
        mapped = plan_pseudonyms(plans, key=KEY)
        assert mapped[first] < mapped[second]
        assert {mapped[first], mapped[second]} == {
            pseudonym(KEY, "plan", first),
            pseudonym(KEY, "plan", second),
        }
        copies = _copies(plans)
        assert signature_on(copies, FAR_AS_OF) == signature_on(plans, FAR_AS_OF)


def _identifiers(plans: list[IEP]) -> set[str]:
    found: set[str] = set()
    for plan in plans:
        found |= {plan.id, plan.student.id}
        found |= {goal.id for goal in plan.goals if goal.id is not None}
    return found


class TestDeterminism:
    @settings(max_examples=10)
    @given(histories())
    def test_one_key_gives_the_same_copies(self, plans: list[IEP]) -> None:
        """Two runs with one key: the same bytes."""
        first = [to_json(copy) for copy in _copies(plans)]
        assert first == [to_json(copy) for copy in _copies(plans)]

    @settings(max_examples=10)
    @given(histories())
    def test_two_keys_share_no_identifier(self, plans: list[IEP]) -> None:
        """Copies made with two keys have no plan, student or goal id in common."""
        ours = _identifiers(deidentify(plans, key=KEY))
        theirs = _identifiers(deidentify(plans, key=OTHER_KEY))
        assert not ours & theirs
        assert not ours & _identifiers(plans)

    def test_the_sample_district_twice(self) -> None:
        """The whole sample district, twice with one key, is the same; with two, disjoint."""
        plans = sample.plans()
        assert _copies(plans) == _copies(plans)
        assert not _identifiers(_copies(plans)) & _identifiers(deidentify(plans, key=OTHER_KEY))


# --- which findings survive ---------------------------------------------------------------------


def _source(code: str) -> str:
    return inspect.getsource(next(e for e in catalog() if e.code == code).function)


class TestRuleClasses:
    def test_every_rule_of_the_catalog_is_classified(self) -> None:
        """Each rule has exactly one class; the lists name only rules that exist."""
        codes = [entry.code for entry in catalog()]
        assert sorted(rule_classes()) == sorted(codes)
        assert set(codes) >= AS_OF_RULES | calendar_rules() | birthday_rules()

    def test_the_as_of_list_matches_the_rules_source(self) -> None:
        """A rule reads "as of" exactly when it is in AS_OF_RULES."""
        reading = {entry.code for entry in catalog() if "as_of" in _source(entry.code)}
        assert reading == AS_OF_RULES

    def test_the_known_cases(self) -> None:
        """Birthday dues, school-day counts and "as of" comparisons, as documented."""
        assert {"C311", "C316", "D209"} <= birthday_rules()
        assert calendar_rules() == {"D207", "D208"}
        classes = rule_classes()
        assert classes["D207"] is RuleClass.AS_OF_AND_CALENDAR
        assert classes["D203"] is RuleClass.INTERVAL
        assert "D208" in surviving_rules()
        assert "D208" not in surviving_rules(calendar=True)

    @given(plan_strategy(), st.dates(D(2000, 1, 1), D(2045, 12, 31)))
    def test_surviving_rules_do_not_read_as_of(self, plan: IEP, day: dt.date) -> None:
        """The findings of the surviving rules are the same whatever "as of" is."""
        codes = surviving_rules()
        assert signature_on([plan], day, codes) == signature_on([plan], FAR_AS_OF, codes)

    @given(plan_strategy(), st.integers(min_value=1, max_value=400))
    def test_other_rules_do_not_read_the_date_of_birth(self, plan: IEP, days: int) -> None:
        """Moving only the date of birth changes no finding but those of birthday rules."""
        born = plan.student.date_of_birth - dt.timedelta(days=days)
        older = attrs.evolve(plan, student=attrs.evolve(plan.student, date_of_birth=born))
        codes = frozenset(rule_classes()) - birthday_rules()
        assert signature_on([plan], FAR_AS_OF, codes) == signature_on([older], FAR_AS_OF, codes)


# --- the same findings and indicators -------------------------------------------------------


class TestSameFindings:
    @given(histories(), st.dates(D(2000, 1, 1), D(2045, 12, 31)))
    def test_interval_findings_are_the_same_plan_by_plan(
        self, plans: list[IEP], day: dt.date
    ) -> None:
        """Code, severity and path of every surviving rule's findings, per plan, any as-of."""
        report = deidentify_report(plans, key=KEY)
        assert report.intervals_not_kept == 0
        copies = list(report.plans)
        codes = surviving_rules()
        assert signature_on(copies, day, codes) == signature_on(plans, day, codes)
        assert signature_on(copies, FAR_AS_OF) == signature_on(plans, FAR_AS_OF)

    @given(histories())
    def test_indicators_measured_after_every_date(self, plans: list[IEP]) -> None:
        """Indicators 11 and 12 (both leap-day conventions) count the same."""
        copies = _copies(plans)
        assert indicator_11(copies, FAR_AS_OF).rate == _renamed(
            indicator_11(plans, FAR_AS_OF), plans
        )
        for leap in ("feb28", "mar1"):
            ours = indicator_12(copies, FAR_AS_OF, leap=leap)
            theirs = indicator_12(plans, FAR_AS_OF, leap=leap)
            assert (ours.rate.numerator, ours.rate.denominator) == (
                theirs.rate.numerator,
                theirs.rate.denominator,
            )

    @settings(max_examples=15)
    @given(histories(), st.dates(D(2003, 1, 1), D(2045, 12, 31)))
    def test_reporting_dates_keep_findings_and_indicators(
        self, plans: list[IEP], day: dt.date
    ) -> None:
        """With a reporting date, every finding and indicator 11, 12, 13 count is kept."""
        report = deidentify_report(plans, key=KEY, as_of=day)
        copies = list(report.plans)
        if report.reporting_not_kept == 0:
            assert signature_on(copies, day) == signature_on(plans, day)
        if report.indicators_not_kept == 0:
            for indicator in (indicator_11, indicator_12, indicator_13):
                ours, theirs = indicator(copies, day).rate, indicator(plans, day).rate
                assert (ours.numerator, ours.denominator) == (
                    theirs.numerator,
                    theirs.denominator,
                )

    def test_the_sample_district(self) -> None:
        """The sample district on its as-of day: indicators and surviving findings the same."""
        plans = sample.plans()
        calendar = sample.calendar()
        report = deidentify_report(plans, key=KEY, as_of=sample.AS_OF)
        copies = list(report.plans)
        assert report.indicators_not_kept == 0
        for indicator in (indicator_11, indicator_12, indicator_13):
            ours, theirs = (
                indicator(copies, sample.AS_OF).rate,
                indicator(plans, sample.AS_OF).rate,
            )
            assert (ours.numerator, ours.denominator) == (theirs.numerator, theirs.denominator)
        codes = surviving_rules(calendar=True)
        assert signature_on(copies, sample.AS_OF, codes, calendar=calendar) == signature_on(
            plans, sample.AS_OF, codes, calendar=calendar
        )
        # Without a calendar, school days are weekdays: the weekday-keeping shift keeps them.
        codes = surviving_rules()
        assert signature_on(copies, sample.AS_OF, codes) == signature_on(
            plans, sample.AS_OF, codes
        )

    def test_a_review_across_february_29(self) -> None:
        """A year that holds Feb 29 keeps it: the shift is chosen so that D203 stays."""
        plan = next(p for p in sample.plans() if p.id == "MV-2024-0003")
        offsets = student_offsets([plan], key=KEY)
        assert offsets[plan.student.id] < 0  # a later start would lose Feb 29 2024
        copy = deidentify([plan], key=KEY)
        assert signature_on(copy, FAR_AS_OF) == signature_on([plan], FAR_AS_OF)

    def test_a_child_born_on_february_29(self) -> None:
        """A Part C child born on Feb 29 whose plan starts on the 3rd birthday (Feb 28)."""
        base = sample.plans()[0]
        student = attrs.evolve(base.student, date_of_birth=D(2012, 2, 29), from_part_c=True)
        plan = attrs.evolve(
            base,
            kind=iepmodel.PlanKind.INITIAL,
            student=student,
            meeting=attrs.evolve(base.meeting, date=D(2015, 2, 20)) if base.meeting else None,
            start_date=D(2015, 2, 28),
            end_date=D(2016, 2, 27),
            evaluations=(),
        )
        copies = _copies([plan])
        assert signature_on(copies, FAR_AS_OF) == signature_on([plan], FAR_AS_OF)
        for leap in ("feb28", "mar1"):
            ours = indicator_12(copies, FAR_AS_OF, leap=leap).children
            theirs = indicator_12([plan], FAR_AS_OF, leap=leap).children
            assert [c.element for c in ours] == [c.element for c in theirs]


def _renamed(result: Any, plans: list[IEP]) -> Any:
    """Indicator 11's rate with its plan ids pseudonymised (the copies' ids)."""
    rate = result.rate
    mapped = plan_pseudonyms(plans, key=KEY)
    return attrs.evolve(
        rate,
        numerator_ids=tuple(sorted(mapped[i] for i in rate.numerator_ids)),
        denominator_ids=tuple(sorted(mapped[i] for i in rate.denominator_ids)),
    )


# --- carried-over findings -----------------------------------------------------------------------


class TestCarriedFindings:
    def test_as_of_findings_carried_over_fit_the_copies(self) -> None:
        """Checked on the originals: plan ids mapped, dates moved, birthday dues removed."""
        plans = sample.plans()
        calendar = sample.calendar()
        found = carry_findings(plans, key=KEY, as_of=sample.AS_OF, calendar=calendar)
        original = check(
            plans,
            as_of=sample.AS_OF,
            calendar=calendar,
            select=sorted(set(rule_classes()) - surviving_rules(calendar=True)),
        )
        assert len(found) == len(original) > 0
        offsets = student_offsets(plans, key=KEY)
        student = {plan.id: plan.student.id for plan in plans}
        copies = {copy.id for copy in _copies(plans)}
        for ours, theirs in zip(found, original, strict=True):
            assert ours.plan_id == plan_pseudonyms(plans, key=KEY)[theirs.plan_id]
            assert ours.plan_id in copies
            assert (ours.code, ours.severity, ours.path) == (
                theirs.code,
                theirs.severity,
                theirs.path,
            )
            moved = offsets[student[theirs.plan_id]]
            if theirs.due is not None:
                assert ours.due == theirs.due + dt.timedelta(days=moved)
                assert theirs.due.isoformat() not in ours.message

    @settings(max_examples=10)
    @given(histories(), st.dates(D(2003, 1, 1), D(2045, 12, 31)))
    def test_carried_findings_name_the_copies(self, plans: list[IEP], day: dt.date) -> None:
        """On drawn histories: every carried finding is about a copy, dated by its shift."""
        found = carry_findings(plans, key=KEY, as_of=day)
        copies = {copy.id for copy in _copies(plans)}
        offsets = student_offsets(plans, key=KEY)
        originals = check(plans, as_of=day, select=sorted(set(rule_classes()) - surviving_rules()))
        assert len(found) == len(originals)
        for ours, theirs in zip(found, originals, strict=True):
            assert ours.plan_id in copies
            assert MARKER not in ours.message
            plan = next(p for p in plans if p.id == theirs.plan_id)
            if theirs.due is not None:
                moved = dt.timedelta(days=offsets[plan.student.id])
                assert ours.due == theirs.due + moved

    def test_one_pass_gives_the_same_as_two(self) -> None:
        """deidentify_with_findings: the copies of deidentify_report, the carried findings."""
        plans = sample.plans()[:60]
        report, found = deidentify_with_findings(
            plans, key=KEY, check_as_of=sample.AS_OF, as_of=sample.AS_OF
        )
        assert report.plans == deidentify_report(plans, key=KEY, as_of=sample.AS_OF).plans
        assert found == carry_findings(
            plans, key=KEY, as_of=sample.AS_OF, reporting_dates=sample.AS_OF
        )

    def test_birthday_dues_are_never_carried(self) -> None:
        """C311, C316 and D209 findings carry no due date, which would give the birth away."""
        plans = sample.plans()
        found = carry_findings(plans, key=KEY, as_of=sample.AS_OF, select=["C311", "C316", "D209"])
        assert {f.code for f in found} >= {"C311", "C316"}
        assert all(f.due is None for f in found)
        born = {plan.student.date_of_birth.isoformat() for plan in plans}
        assert not any(day in f.message for f in found for day in born)


# --- disclosure risk -------------------------------------------------------------------------


class TestDisclosureRisk:
    def test_k_anonymity_finds_the_small_classes(self) -> None:
        """Classes below k are listed smallest first; the one-way counts are suppressed."""
        rows = [{"age": 10, "grade": "5"}] * 12 + [{"age": 11, "grade": "5"}] * 2
        rows += [{"age": 12, "grade": "6"}]
        report = k_anonymity(rows, ("age", "grade"), k=5)
        assert (report.rows, report.classes, report.smallest) == (15, 3, 1)
        assert [c.size for c in report.below_k] == [1, 2]
        assert report.below_k[0].values == (("age", 12), ("grade", "6"))
        assert report.rows_below_k == 3
        assert not report.is_k_anonymous
        # Grade 6 has one child: hidden, and grade 5 too, or the total would give it away.
        assert report.published["grade"] == {"5": None, "6": None}
        assert report.published["age"] == {"10": 12, "11": None, "12": None}

    def test_a_table_that_is_k_anonymous(self) -> None:
        """Every class at least k: nothing below k."""
        report = k_anonymity([{"age": 9}] * 10, ("age",), k=10)
        assert report.is_k_anonymous
        assert report.smallest == 10

    def test_k_must_be_positive(self) -> None:
        """k below 1 means nothing: refused."""
        with pytest.raises(ValueError, match="at least 1"):
            k_anonymity([], k=0)

    def test_plans_one_row_per_student(self) -> None:
        """disclosure_risk counts each student once, with the quasi-identifiers of a plan."""
        plans = sample.plans()
        report = disclosure_risk(plans, as_of=sample.AS_OF)
        assert report.rows == len({plan.student.id for plan in plans})
        assert report.quasi_identifiers == QUASI_IDENTIFIERS
        assert report.minimum == 10
        assert sum(c.size for c in report.below_k) == report.rows_below_k
        for counts in report.published.values():
            assert all(value is None or value == 0 or value >= 10 for value in counts.values())

    def test_school_from_a_mapping(self) -> None:
        """The school comes from the caller where the plans do not record it."""
        plans = sample.plans()
        schools = {plan.id: ("North" if i % 2 else "South") for i, plan in enumerate(plans)}
        qi = quasi_identifiers(plans[0], sample.AS_OF, school=schools)
        assert qi["school"] == schools[plans[0].id]
        assert qi["language"] == plans[0].student.primary_language
        assert qi["age"] == plans[0].student.age_on(sample.AS_OF)


# --- format v2 fields ------------------------------------------------------------------------


def _v2_plan() -> IEP:
    """A sample plan with every v2 field that holds an id, a name, a date or extensions."""
    plan = sample.plans()[0]
    assert plan.meeting is not None
    staffed = tuple(
        attrs.evolve(p, staff_id=f"{MARKER}-staff-{i}")
        for i, p in enumerate(plan.meeting.participants)
    )
    services = tuple(
        attrs.evolve(s, provider_staff_ids=(f"{MARKER}-staff-0", f"{MARKER}-staff-9"))
        for s in plan.services
    )
    goals = tuple(
        attrs.evolve(
            g, period=iepmodel.GoalPeriod(start_date=plan.start_date, end_date=plan.end_date)
        )
        for g in plan.goals
    )
    evaluations = tuple(
        attrs.evolve(e, consent_signed_date=e.consent_date) for e in plan.evaluations
    )
    return attrs.evolve(
        plan,
        meeting=attrs.evolve(plan.meeting, participants=staffed),
        services=services,
        goals=goals,
        evaluations=evaluations,
        responsible_organization=iepmodel.EducationOrganization(
            id=f"{MARKER}-school", name=f"{MARKER} Elementary"
        ),
        program_participation=iepmodel.ProgramParticipation(
            start_date=plan.start_date,
            end_date=plan.end_date,
            exit_date=plan.end_date,
            exit_reason=iepmodel.ExitReason.MOVED_KNOWN_TO_CONTINUE,
        ),
        finalized_date=plan.start_date,
        extensions={"my-district": {"note": f"{MARKER} {TEXT_DATE}", "n": 8675309}},
    )


class TestFormatV2:
    def test_v2_ids_names_dates_and_extensions(self) -> None:
        """Staff and organization ids pseudonymised, names and extensions removed, dates moved."""
        plan = _v2_plan()
        copy = deidentify([plan], key=KEY)[0]
        text = to_json(copy)
        assert MARKER not in text
        assert NUMBER not in text
        assert copy.extensions is None
        assert copy.responsible_organization is not None
        assert copy.responsible_organization.id == pseudonym(
            KEY, "organization", f"{MARKER}-school"
        )
        assert copy.responsible_organization.name is None
        assert copy.meeting is not None
        assert copy.meeting.participants[0].staff_id == pseudonym(
            KEY, "staff", f"{MARKER}-staff-0"
        )
        # One staff member, one pseudonym: as a participant and as a provider.
        assert copy.services[0].provider_staff_ids[0] == copy.meeting.participants[0].staff_id
        moved = copy.start_date - plan.start_date
        assert copy.finalized_date == plan.finalized_date + moved
        assert copy.program_participation.exit_date == plan.program_participation.exit_date + moved
        assert copy.goals[0].period.start_date == plan.goals[0].period.start_date + moved
        assert (
            copy.evaluations[0].consent_signed_date
            == plan.evaluations[0].consent_signed_date + moved
        )
        assert copy.program_participation.exit_reason is plan.program_participation.exit_reason

    def test_organizations_kept_on_request(self) -> None:
        """keep_organizations keeps the organization's id (its name is still removed)."""
        copy = deidentify([_v2_plan()], key=KEY, keep_organizations=True)[0]
        assert copy.responsible_organization is not None
        assert copy.responsible_organization.id == f"{MARKER}-school"
        assert copy.responsible_organization.name is None

    def test_school_from_the_responsible_organization(self) -> None:
        """The disclosure-risk report reads the school from the v2 field."""
        assert quasi_identifiers(_v2_plan(), sample.AS_OF)["school"] == f"{MARKER}-school"
