"""Jurisdiction profiles: lookup, inheritance, citations, and the law each one encodes."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iepmodel
from iepmodel import DisabilityCategory, Role
from iepmodel.jurisdictions import (
    AnnualConvention,
    DayCounting,
    EndOfYearRule,
    EvaluationEndEvent,
    Profile,
    UnknownJurisdictionError,
    available_jurisdictions,
    derive,
    jurisdiction,
)
from iepmodel.jurisdictions._data import CHILDREN, ROOTS
from iepmodel.jurisdictions._profile import IDENTITY_FIELDS

SHIPPED = ("CA-ON", "US", "US-AL", "US-CA", "US-IL", "US-MS", "US-NE", "US-NY", "US-PA", "US-TX")
SETTINGS = tuple(
    field.name for field in attrs.fields(Profile) if field.name not in IDENTITY_FIELDS
)
CHILD_DATA = {code: (parent, overrides, cites) for code, _, parent, overrides, cites in CHILDREN}


def test_the_ten_profiles_of_the_issue_are_shipped_sorted() -> None:
    assert available_jurisdictions() == SHIPPED


@pytest.mark.parametrize("code", ["us-tx", "US-TX", " Us-Tx ", "us_tx"])
def test_lookup_ignores_case_spaces_and_underscores(code: str) -> None:
    assert jurisdiction(code).code == "US-TX"


def test_a_profile_passes_through_unchanged() -> None:
    own = derive(jurisdiction("US"), code="X-1", name="Own")
    assert jurisdiction(own) is own


def test_an_unknown_code_fails_clearly() -> None:
    with pytest.raises(UnknownJurisdictionError) as info:
        jurisdiction("US-ZZ")
    error = info.value
    assert isinstance(error, LookupError)
    assert isinstance(error, ValueError)
    assert "'US-ZZ'" in str(error)
    assert all(code in str(error) for code in SHIPPED)
    assert error.code == "US-ZZ"
    assert error.known == SHIPPED


def test_a_code_that_is_not_a_string_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="int"):
        jurisdiction(3)  # type: ignore[arg-type]


def test_profile_names_are_reexported_at_the_top_level() -> None:
    assert iepmodel.Profile is Profile
    assert iepmodel.jurisdiction is jurisdiction
    assert iepmodel.available_jurisdictions is available_jurisdictions
    assert iepmodel.UnknownJurisdictionError is UnknownJurisdictionError


@pytest.mark.parametrize("code", SHIPPED)
def test_every_state_inherits_from_us_and_ontario_stands_alone(code: str) -> None:
    profile = jurisdiction(code)
    expected = None if code in {"US", "CA-ON"} else "US"
    assert profile.parent == expected
    assert profile.code == code


@pytest.mark.parametrize("code", sorted(CHILD_DATA))
def test_a_child_equals_its_parent_except_what_it_overrides(code: str) -> None:
    parent_code, overrides, _ = CHILD_DATA[code]
    child, parent = jurisdiction(code), jurisdiction(parent_code)
    for name in SETTINGS:
        if name in overrides:
            assert getattr(child, name) != getattr(parent, name), f"{code}.{name} is no change"
        else:
            assert getattr(child, name) == getattr(parent, name), f"{code}.{name}"


@pytest.mark.parametrize("code", SHIPPED)
def test_every_profile_cites_a_source_for_every_setting(code: str) -> None:
    profile = jurisdiction(code)
    missing = [name for name in SETTINGS if not profile.citations.get(name, "").strip()]
    assert missing == []


@pytest.mark.parametrize("code", sorted(CHILD_DATA))
def test_every_setting_a_child_sets_has_its_own_citation(code: str) -> None:
    parent_code, overrides, cites = CHILD_DATA[code]
    parent = jurisdiction(parent_code)
    for name in overrides:
        assert name in cites, f"{code}.{name} has no citation"
        assert cites[name] != parent.citations[name], f"{code}.{name} cites the parent"
    assert {name: jurisdiction(code).citations[name] for name in cites} == cites


@pytest.mark.parametrize("root", ROOTS, ids=lambda root: str(root["code"]))
def test_every_root_sets_and_cites_every_setting(root: dict[str, Any]) -> None:
    assert set(root) - IDENTITY_FIELDS == set(SETTINGS)
    assert set(root["citations"]) == set(SETTINGS)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("US", {"initial_evaluation_days": 60, "initial_iep_meeting_days": 30}),
        ("US", {"reevaluation_years": 3, "reevaluation_min_years": 1, "age_of_majority": 18}),
        ("US", {"transition_age_years": 16, "meeting_notice_min_days": None}),
        ("US", {"excusal_input_lead_days": 0, "parent_contact_attempts": 2, "warn_days": 30}),
        ("US", {"annual_convention": AnnualConvention.ANNIVERSARY_MINUS_ONE}),
        ("US", {"allow_dual_teacher_role": False, "leap_birthday": "feb28"}),
        ("US", {"non_excusable_roles": frozenset({Role.PARENT, Role.STUDENT})}),
        ("US-TX", {"initial_evaluation_days": 45, "initial_evaluation_absence_threshold": 3}),
        ("US-TX", {"initial_evaluation_counting": DayCounting.SCHOOL_DAYS}),
        ("US-TX", {"transition_age_years": 14}),
        ("US-IL", {"initial_evaluation_days": 60, "meeting_notice_min_days": 10}),
        ("US-IL", {"initial_evaluation_counting": DayCounting.SCHOOL_DAYS}),
        ("US-IL", {"transition_age_years": 14, "transition_age_months": 6}),
        ("US-CA", {"initial_evaluation_days": 60, "initial_evaluation_long_break_days": 5}),
        ("US-CA", {"initial_evaluation_counting": DayCounting.CALENDAR_EXCLUDING_LONG_BREAKS}),
        ("US-PA", {"initial_evaluation_counting": DayCounting.CALENDAR_EXCLUDING_SUMMER}),
        ("US-PA", {"transition_age_years": 14}),
        ("US-NY", {"initial_evaluation_days": 60, "transition_age_years": 15}),
        ("US-NY", {"excusal_input_lead_days": 5}),
        ("US-AL", {"age_of_majority": 19}),
        ("US-NE", {"age_of_majority": 19}),
        ("US-MS", {"age_of_majority": 21}),
        ("CA-ON", {"initial_iep_meeting_days": 30, "transition_age_years": 14}),
        ("CA-ON", {"initial_iep_meeting_counting": DayCounting.SCHOOL_DAYS}),
        ("US", {"initial_evaluation_end_event": EvaluationEndEvent.COMPLETED}),
        ("US-TX", {"initial_evaluation_end_event": EvaluationEndEvent.COMPLETED}),
        ("US-PA", {"initial_evaluation_end_event": EvaluationEndEvent.COMPLETED}),
        ("US-IL", {"initial_evaluation_end_event": EvaluationEndEvent.ELIGIBILITY}),
        ("US-CA", {"initial_evaluation_end_event": EvaluationEndEvent.IEP_MEETING}),
    ],
)
def test_profiles_encode_the_law_of_regulations_section_6(
    code: str, expected: dict[str, object]
) -> None:
    profile = jurisdiction(code)
    assert {name: getattr(profile, name) for name in expected} == expected


def test_pennsylvania_reevaluates_intellectual_disability_every_two_years() -> None:
    pa = jurisdiction("US-PA")
    assert pa.reevaluation_years_for(DisabilityCategory.INTELLECTUAL_DISABILITY) == 2
    assert pa.reevaluation_years_for(DisabilityCategory.AUTISM) == 3
    assert pa.reevaluation_years_for(None) == 3
    assert (
        jurisdiction("US").reevaluation_years_for(DisabilityCategory.INTELLECTUAL_DISABILITY) == 3
    )


def test_texas_and_california_have_end_of_year_rules() -> None:
    tx = jurisdiction("US-TX").initial_evaluation_end_of_year
    ca = jurisdiction("US-CA").initial_evaluation_end_of_year
    assert tx is not None
    assert (tx.window, tx.min_days, tx.max_days, tx.due_month_day) == (
        DayCounting.SCHOOL_DAYS,
        35,
        44,
        (6, 30),
    )
    assert tx.meeting_school_day_of_next_year == 15
    assert ca is not None
    assert (ca.window, ca.min_days, ca.max_days, ca.days_after_next_year) == (
        DayCounting.CALENDAR,
        0,
        30,
        30,
    )


def test_ontario_switches_off_the_us_only_timelines_but_keeps_the_iep_deadline() -> None:
    on = jurisdiction("CA-ON")
    assert {"D204", "D206", "D207", "D209"} <= on.disabled_rules
    assert on.is_enabled("D208")
    assert not on.is_enabled("D207")
    assert jurisdiction("US").disabled_rules == frozenset()


# --- derive -------------------------------------------------------------------------


def test_derive_overrides_and_names_the_parent() -> None:
    us = jurisdiction("US")
    own = derive(
        us,
        code="US-XX",
        name="A district",
        warn_days=45,
        initial_evaluation_counting="school_days",
        citations={"warn_days": "Board policy 7.1"},
    )
    assert own.parent == "US"
    assert (own.code, own.name) == ("US-XX", "A district")
    assert own.warn_days == 45
    assert own.initial_evaluation_counting is DayCounting.SCHOOL_DAYS
    assert own.citations["warn_days"] == "Board policy 7.1"
    # An uncited override does not keep the federal citation.
    assert "initial_evaluation_counting" not in own.citations
    assert own.citations["reevaluation_years"] == us.citations["reevaluation_years"]


def test_derive_from_a_state_keeps_the_state_law() -> None:
    stricter = derive(
        jurisdiction("US-TX"),
        code="US-TX-D1",
        name="Stricter district",
        non_excusable_roles={"parent", "student", "lea_representative"},
    )
    assert stricter.parent == "US-TX"
    assert stricter.initial_evaluation_days == 45
    assert Role.LEA_REPRESENTATIVE in stricter.non_excusable_roles


def test_derive_rejects_a_setting_that_does_not_exist() -> None:
    with pytest.raises(TypeError, match="transition_age"):
        derive(jurisdiction("US"), code="X", name="X", transition_age=15)


def test_derive_does_not_let_an_override_change_the_parent() -> None:
    with pytest.raises(TypeError, match="parent"):
        derive(jurisdiction("US"), code="X", name="X", parent="US-TX")


@pytest.mark.parametrize(
    "overrides",
    [
        {"transition_age_months": 12},
        {"initial_evaluation_days": 0},
        {"warn_days": -1},
        {"reevaluation_min_years": 4},
        {"leap_birthday": "feb29"},
        {"annual_convention": "biennial"},
        {"initial_evaluation_end_event": "report"},
        {"initial_evaluation_counting": DayCounting.CALENDAR_EXCLUDING_LONG_BREAKS},
        {"non_excusable_roles": {"principal"}},
        {"disabled_rules": "D201"},
    ],
)
def test_derive_rejects_values_out_of_range(overrides: dict[str, Any]) -> None:
    with pytest.raises((ValueError, TypeError)):
        derive(jurisdiction("US"), code="X", name="X", **overrides)


def test_a_citation_must_name_a_setting() -> None:
    with pytest.raises(ValueError, match="unknown settings"):
        derive(jurisdiction("US"), code="X", name="X", citations={"nonsense": "Act 1"})


def test_profiles_are_immutable_and_hashable() -> None:
    us = jurisdiction("US")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        us.warn_days = 10  # type: ignore[misc]
    with pytest.raises(TypeError):
        us.citations["warn_days"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        jurisdiction("US-PA").reevaluation_years_by_category[  # type: ignore[index]
            DisabilityCategory.AUTISM
        ] = 1
    copy = Profile(**attrs.asdict(us, recurse=False))
    assert copy is not us
    assert {us: 1}[copy] == 1
    assert len({jurisdiction(code) for code in SHIPPED}) == len(SHIPPED)


# --- properties -----------------------------------------------------------------------

_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "initial_evaluation_days": st.integers(1, 120),
    "initial_evaluation_counting": st.sampled_from(
        [DayCounting.CALENDAR, DayCounting.SCHOOL_DAYS, DayCounting.CALENDAR_EXCLUDING_SUMMER]
    ),
    "initial_evaluation_absence_threshold": st.none() | st.integers(1, 10),
    "initial_iep_meeting_days": st.integers(1, 60),
    "annual_convention": st.sampled_from(list(AnnualConvention)),
    "reevaluation_years": st.integers(3, 5),
    "reevaluation_years_by_category": st.dictionaries(
        st.sampled_from(list(DisabilityCategory)), st.integers(1, 3), max_size=3
    ),
    "transition_age_years": st.integers(12, 18),
    "transition_age_months": st.integers(0, 11),
    "age_of_majority": st.integers(18, 21),
    "meeting_notice_min_days": st.none() | st.integers(0, 20),
    "excusal_input_lead_days": st.integers(0, 10),
    "parent_contact_attempts": st.integers(0, 5),
    "allow_dual_teacher_role": st.booleans(),
    "non_excusable_roles": st.frozensets(st.sampled_from(list(Role))),
    "leap_birthday": st.sampled_from(["feb28", "mar1"]),
    "warn_days": st.integers(0, 90),
    "disabled_rules": st.frozensets(st.sampled_from(["D201", "T101", "C311"])),
}


@given(
    parent_code=st.sampled_from(SHIPPED),
    overrides=st.fixed_dictionaries({}, optional=_VALUES),
)
def test_a_derived_profile_inherits_every_setting_it_does_not_override(
    parent_code: str, overrides: dict[str, Any]
) -> None:
    parent = jurisdiction(parent_code)
    child = derive(parent, code="ZZ-1", name="Derived", **overrides)
    assert child.parent == parent.code
    for name in SETTINGS:
        expected = overrides[name] if name in overrides else getattr(parent, name)
        assert getattr(child, name) == expected, name
    for name, source in child.citations.items():
        assert name not in overrides
        assert source == parent.citations[name]


@pytest.mark.parametrize(
    "fields",
    [
        {"window": "calendar_excluding_summer", "min_days": 0, "max_days": 30},
        {"window": "calendar", "min_days": 31, "max_days": 30},
        {"window": "calendar", "min_days": 0, "max_days": 30, "due_month_day": (6, 30),
         "days_after_next_year": 30},
        {"window": "calendar", "min_days": -1, "max_days": 30, "days_after_next_year": 30},
        {"window": "school_days", "min_days": 0, "max_days": 30},
    ],
)  # fmt: skip
def test_an_end_of_year_rule_must_be_consistent(fields: dict[str, Any]) -> None:
    if "due_month_day" not in fields and "days_after_next_year" not in fields:
        fields = {**fields, "days_after_next_year": 30}
        if fields["window"] == "school_days":
            fields["days_after_next_year"] = None
    with pytest.raises(ValueError):  # noqa: PT011
        EndOfYearRule(**fields)


def test_settings_lists_every_setting_but_the_identity_fields() -> None:
    settings = jurisdiction("US-IL").settings()
    assert tuple(settings) == SETTINGS
    assert settings["transition_age_months"] == 6
