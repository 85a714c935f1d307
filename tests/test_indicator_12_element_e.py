"""
Indicator 12: the labels of the elements, and element e (issue 17).

Element e of the SPP/APR measurement counts the children *determined eligible for early
intervention under Part C* less than 90 days before their third birthday, not the
children referred to Part B late.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import warnings

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iepmodel
from analysis_helpers import D, part_c
from iepmodel import (
    IEP,
    EligibilityOutcome,
    Evaluation,
    EvaluationException,
    EvaluationKind,
    IdeaPart,
    LeapBirthday,
    PlanKind,
    birthday,
    jurisdiction,
)
from iepmodel.analysis import (
    INDICATOR_12_ELEMENTS,
    Indicator12,
    Indicator12Aggregation,
    PartCTransition,
    indicator_12,
    part_c_eligibility_is_late,
)
from iepmodel.jurisdictions import derive
from iepmodel.timelines import third_birthday

# The Part B SPP/APR measurement table, indicator 12, elements a to f, word for word
# (written out here independently of the library, so a change to a label fails).
MEASUREMENT = {
    "a": "# of children who have been served in Part C and referred to Part B for Part B"
    " eligibility determination.",
    "b": "# of those referred determined to be NOT eligible and whose eligibility was"
    " determined prior to their third birthdays.",
    "c": "# of those found eligible who have an IEP developed and implemented by their third"
    " birthdays.",
    "d": "# of children for whom parent refusal to provide consent caused delays in"
    " evaluation or initial services or to whom exceptions under 34 CFR §300.301(d) applied.",
    "e": "# of children determined to be eligible for early intervention services under Part"
    " C less than 90 days before their third birthdays.",
    "f": "# of children whose parents chose to continue early intervention services beyond"
    " the child's third birthday through a State's policy under 34 CFR §303.211 or a"
    " similar State option.",
}

BORN = D(2022, 10, 15)
THIRD = D(2025, 10, 15)
AS_OF = D(2025, 12, 31)


def words(text: str) -> str:
    """*text* with its whitespace collapsed and its first letter in lower case."""
    flat = " ".join(text.split())
    return flat[:1].lower() + flat[1:]


def late_part_b(plan_id: str, *, born: dt.date = BORN, **fields: object) -> IEP:
    """A child from Part C whose initial IEP came after the third birthday (not in c)."""
    after = birthday(born, 3) + dt.timedelta(days=20)
    return part_c(plan_id, meeting=after, start=after, born=born, **fields)


# --- the labels ------------------------------------------------------------------------


@pytest.mark.parametrize("element", sorted(MEASUREMENT))
def test_label_is_the_measurement_word_for_word(element: str) -> None:
    assert "# of " + INDICATOR_12_ELEMENTS[element] + "." == MEASUREMENT[element]


def test_every_element_is_labelled() -> None:
    assert sorted(INDICATOR_12_ELEMENTS) == ["a", "b", "c", "d", "e", "f"]


@pytest.mark.parametrize("element", sorted(MEASUREMENT))
def test_count_docstring_is_the_measurement(element: str) -> None:
    doc = inspect.getdoc(getattr(Indicator12, element))
    assert doc is not None
    summary, label = doc.split("\n\n", 1)
    assert summary.startswith(f"Element {element} of the measurement")
    assert words(label) == words(MEASUREMENT[element].removeprefix("# of "))


def test_element_e_is_never_described_as_a_referral() -> None:
    texts = [
        inspect.getdoc(Indicator12.e),
        inspect.getdoc(PartCTransition),
        inspect.getdoc(indicator_12),
        INDICATOR_12_ELEMENTS["e"],
    ]
    for text in texts:
        assert text is not None
        flat = words(text).lower()
        assert not re.search(r"referred (to part b )?(fewer|less) than 90", flat)
        assert "eligible for early intervention" in flat
        assert "part c less than 90 days before" in flat


# --- the deprecated name -----------------------------------------------------------------


def test_part_c_eligible_late_puts_the_listed_child_in_e() -> None:
    result = indicator_12([late_part_b("P1")], AS_OF, part_c_eligible_late={"S-P1"})
    assert [child.element for child in result.children] == ["e"]
    assert (result.a, result.e, result.rate.denominator) == (1, 1, 0)


def test_late_referral_still_works_with_a_deprecation_warning() -> None:
    data = [late_part_b("P1")]
    with pytest.warns(DeprecationWarning, match="part_c_eligible_late") as caught:
        old = indicator_12(data, AS_OF, late_referral={"S-P1"})
    assert old == indicator_12(data, AS_OF, part_c_eligible_late={"S-P1"})
    # The warning points at the caller's line, not at the library.
    assert caught[0].filename == __file__


def test_late_referral_on_the_aggregation_warns_and_means_the_same() -> None:
    with pytest.warns(DeprecationWarning, match="part_c_eligible_late") as caught:
        old = Indicator12Aggregation(as_of=AS_OF, late_referral=["S-P1"])
    assert caught[0].filename == __file__
    new = Indicator12Aggregation(as_of=AS_OF, part_c_eligible_late=["S-P1"])
    assert old == new
    assert new.part_c_eligible_late == frozenset({"S-P1"})
    with pytest.warns(DeprecationWarning, match="part_c_eligible_late"):
        assert new.late_referral == frozenset({"S-P1"})


def test_the_new_name_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        indicator_12([late_part_b("P1")], AS_OF, part_c_eligible_late={"S-P1"})
        Indicator12Aggregation(as_of=AS_OF, part_c_eligible_late=["S-P1"])


def test_both_names_at_once_is_an_error() -> None:
    with pytest.raises(TypeError, match="part_c_eligible_late only"):
        indicator_12([], AS_OF, part_c_eligible_late={"S-1"}, late_referral={"S-2"})
    with pytest.raises(TypeError, match="part_c_eligible_late only"):
        Indicator12Aggregation(as_of=AS_OF, part_c_eligible_late=["S-1"], late_referral=["S-2"])


# --- element e computed from the plans (format v2) ----------------------------------------


def part_c_evaluation(
    eligible_on: dt.date,
    outcome: EligibilityOutcome = EligibilityOutcome.ELIGIBLE,
    part: IdeaPart | None = IdeaPart.PART_C,
) -> Evaluation:
    """The evaluation that determined the child's eligibility for early intervention."""
    return Evaluation(
        kind=EvaluationKind.INITIAL,
        consent_date=eligible_on - dt.timedelta(days=30),
        completed_date=eligible_on,
        eligibility_date=eligible_on,
        idea_part=part,
        eligibility_outcome=outcome,
    )


def part_b_referral(consent: dt.date) -> Evaluation:
    """The Part B initial evaluation that follows the referral from Part C."""
    return Evaluation(
        kind=EvaluationKind.INITIAL,
        consent_date=consent,
        completed_date=consent + dt.timedelta(days=40),
        eligibility_date=consent + dt.timedelta(days=45),
        idea_part=IdeaPart.PART_B,
        eligibility_outcome=EligibilityOutcome.ELIGIBLE,
    )


def before_third(days: int, born: dt.date = BORN) -> dt.date:
    return birthday(born, 3) - dt.timedelta(days=days)


def elements(result: Indicator12) -> dict[str, str]:
    return {child.student_id: child.element for child in result.children}


def test_element_e_follows_part_c_eligibility_not_the_referral() -> None:
    """Would fail if e were computed from the referral to Part B (its consent date)."""
    data = [
        # Referred to Part B 44 days before the third birthday, but eligible for Part C
        # since long before: not in e, so it counts against the percent.
        late_part_b(
            "REFERRED-LATE",
            evaluations=(part_c_evaluation(D(2024, 3, 1)), part_b_referral(before_third(44))),
        ),
        # Referred 228 days before, but determined eligible for Part C 75 days before: in e.
        late_part_b(
            "PART-C-LATE",
            evaluations=(part_c_evaluation(before_third(75)), part_b_referral(before_third(228))),
        ),
    ]
    result = indicator_12(data, AS_OF)
    assert elements(result) == {"S-REFERRED-LATE": "late", "S-PART-C-LATE": "e"}
    assert (result.a, result.e, result.rate.denominator) == (2, 1, 1)
    assert result.rate.denominator_ids == ("S-REFERRED-LATE",)
    assert result.children[0].part_c_eligibility_date == before_third(75)


def test_only_a_part_c_eligible_determination_counts() -> None:
    late = before_third(30)
    data = [
        late_part_b("NO-PART", evaluations=(part_c_evaluation(late, part=None),)),
        late_part_b("PART-B", evaluations=(part_c_evaluation(late, part=IdeaPart.PART_B),)),
        late_part_b(
            "NOT-ELIGIBLE",
            evaluations=(part_c_evaluation(late, outcome=EligibilityOutcome.NOT_ELIGIBLE),),
        ),
    ]
    result = indicator_12(data, AS_OF)
    assert set(elements(result).values()) == {"late"}
    assert result.e_unchecked == ("S-NO-PART", "S-NOT-ELIGIBLE", "S-PART-B")


@pytest.mark.parametrize(
    ("days_before", "in_e"),
    [
        (91, False),
        (90, False),  # "less than 90 days": exactly 90 is not
        (89, True),
        (1, True),
        (0, False),  # on the third birthday: not before it
        (-10, False),  # after it (bad data): not before it
    ],
)
def test_the_90_day_boundary(days_before: int, in_e: bool) -> None:
    eligible_on = before_third(days_before)
    data = [late_part_b("P", evaluations=(part_c_evaluation(eligible_on),))]
    result = indicator_12(data, AS_OF)
    assert elements(result) == {"S-P": "e" if in_e else "late"}
    assert part_c_eligibility_is_late(BORN, eligible_on) is in_e
    assert result.e_unchecked == ()  # checked, whatever the answer


@pytest.mark.parametrize(
    ("leap", "third", "in_e"),
    [
        ("feb28", D(2027, 2, 28), True),  # 2026-12-01 is 89 days before Feb 28
        ("mar1", D(2027, 3, 1), False),  # and 90 days before Mar 1
    ],
)
def test_leap_day_birthday(leap: LeapBirthday, third: dt.date, in_e: bool) -> None:
    born = D(2024, 2, 29)
    profile = derive(jurisdiction("US"), code="US-LEAP", name="Leap", leap_birthday=leap)
    assert third_birthday(born, profile).date == third
    eligible_on = D(2026, 12, 1)
    data = [late_part_b("LEAP", born=born, evaluations=(part_c_evaluation(eligible_on),))]
    result = indicator_12(data, D(2027, 6, 30), leap=leap)
    assert elements(result) == {"S-LEAP": "e" if in_e else "late"}
    assert part_c_eligibility_is_late(born, eligible_on, leap=leap) is in_e


@given(
    born=st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)),
    offset=st.integers(min_value=-200, max_value=200),
    leap=st.sampled_from(["feb28", "mar1"]),
)
def test_late_means_fewer_than_90_days_before_the_profiles_third_birthday(
    born: dt.date, offset: int, leap: LeapBirthday
) -> None:
    profile = derive(jurisdiction("US"), code="US-LEAP", name="Leap", leap_birthday=leap)
    third = third_birthday(born, profile).date
    eligible_on = third - dt.timedelta(days=offset)
    assert part_c_eligibility_is_late(born, eligible_on, leap=leap) is (0 < offset < 90)


def test_the_callers_list_wins_and_adds_to_the_plans() -> None:
    data = [
        late_part_b("DATA-LATE", evaluations=(part_c_evaluation(before_third(10)),)),
        # The plans say eligible long before; the caller's list says otherwise: e.
        late_part_b("DATA-EARLY-LISTED", evaluations=(part_c_evaluation(D(2023, 1, 9)),)),
        late_part_b("DATA-EARLY", evaluations=(part_c_evaluation(D(2023, 1, 9)),)),
        late_part_b("NO-DATA-LISTED"),
        late_part_b("NO-DATA"),
    ]
    listed = {"S-DATA-EARLY-LISTED", "S-NO-DATA-LISTED", "S-ELSEWHERE"}
    result = indicator_12(data, AS_OF, part_c_eligible_late=listed)
    assert elements(result) == {
        "S-DATA-LATE": "e",
        "S-DATA-EARLY-LISTED": "e",
        "S-DATA-EARLY": "late",
        "S-NO-DATA-LISTED": "e",
        "S-NO-DATA": "late",
        "S-ELSEWHERE": "e",  # listed without a plan: in a and e
    }
    assert result.e_unchecked == ("S-NO-DATA",)
    assert (result.a, result.e, result.rate.denominator) == (6, 4, 2)


def test_c_and_d_come_before_e() -> None:
    on_time = part_c(
        "ON-TIME",
        meeting=before_third(5),
        start=before_third(1),
        born=BORN,
        evaluations=(part_c_evaluation(before_third(30)),),
    )
    refused = late_part_b("REFUSED", evaluations=(part_c_evaluation(before_third(30)),))
    result = indicator_12([on_time, refused], AS_OF, parent_refusal={"S-REFUSED"})
    assert elements(result) == {"S-ON-TIME": "c", "S-REFUSED": "d"}


def test_the_earliest_part_c_eligibility_counts_across_plans_and_partitions() -> None:
    first = late_part_b("FIRST", student_id="S-1", evaluations=(part_c_evaluation(D(2023, 5, 2)),))
    # A later plan records a redetermination 20 days before the third birthday.
    second = attrs.evolve(
        first,
        id="SECOND",
        kind=PlanKind.ANNUAL,
        evaluations=(part_c_evaluation(before_third(20)),),
    )
    alone = indicator_12([second], AS_OF)
    assert elements(alone) == {"S-1": "e"}
    together = indicator_12([second, first], AS_OF)
    assert elements(together) == {"S-1": "late"}
    assert together.children[0].part_c_eligibility_date == D(2023, 5, 2)
    aggregation = Indicator12Aggregation(as_of=AS_OF)
    assert aggregation.run_partitions([[second], [first]]) == together


def test_an_exception_on_a_part_c_evaluation_is_not_element_d() -> None:
    evaluation = attrs.evolve(
        part_c_evaluation(D(2023, 5, 2)),
        exception=EvaluationException.PARENT_DID_NOT_PRODUCE_CHILD,
    )
    result = indicator_12([late_part_b("P", evaluations=(evaluation,))], AS_OF)
    assert elements(result) == {"S-P": "late"}


def test_element_e_from_a_v2_document() -> None:
    data = late_part_b("DOC", evaluations=(part_c_evaluation(before_third(60)),))
    text = iepmodel.to_json(data)
    assert '"idea_part":"part_c"' in text.replace(" ", "")
    assert elements(indicator_12([iepmodel.from_json(text)], AS_OF)) == {"S-DOC": "e"}
