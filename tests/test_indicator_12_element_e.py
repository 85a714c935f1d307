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

import pytest

from analysis_helpers import D, plan
from iepmodel import IEP, Meeting, PlanKind, birthday
from iepmodel.analysis import (
    INDICATOR_12_ELEMENTS,
    Indicator12,
    Indicator12Aggregation,
    PartCTransition,
    indicator_12,
)

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
    return plan(
        plan_id,
        born=born,
        from_part_c=True,
        kind=PlanKind.INITIAL,
        start=after,
        end=after + dt.timedelta(days=300),
        meeting=Meeting(date=after),
        **fields,
    )  # type: ignore[arg-type]


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
