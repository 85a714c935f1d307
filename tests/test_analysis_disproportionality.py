"""Risk, risk ratio and alternate risk ratio (34 CFR 300.647), minimums and suppression."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iepmodel.analysis import (
    RACE_ETHNICITY_GROUPS,
    GroupCount,
    RiskRatio,
    identified,
    presumptively_reasonable,
    publishable,
    risk,
    risk_ratios,
    suppress,
    suppress_counts,
)


def by_group(results: tuple[RiskRatio, ...]) -> dict[str, RiskRatio]:
    return {r.group: r for r in results}


def test_risk_ratio_by_hand() -> None:
    # a/b = 30/200 = 0.15; others (c/d) = (40 + 10) / (800 + 100) = 50/900
    lea = {"black_african_american": (30, 200), "white": (40, 800), "asian": (10, 100)}
    results = by_group(risk_ratios(lea, threshold=2.5))
    black = results["black_african_american"]
    assert black.method == "risk_ratio"
    assert black.risk == 0.15
    assert (black.comparison_outcome, black.comparison_population) == (50, 900)
    assert black.risk_ratio == pytest.approx(0.15 / (50 / 900))
    assert black.exceeds_threshold is True
    white = results["white"]
    assert white.risk_ratio == pytest.approx((40 / 800) / (40 / 300))
    assert white.exceeds_threshold is False


def test_minimum_cell_and_n_size_are_met_at_exactly_the_minimum() -> None:
    at_minimum = risk_ratios({"a": (10, 30), "b": (10, 30)}, min_cell_size=10, min_n_size=30)
    assert [r.method for r in at_minimum] == ["risk_ratio", "risk_ratio"]
    assert at_minimum[0].risk_ratio == 1.0
    below_cell = risk_ratios({"a": (9, 30), "b": (10, 30)})
    assert below_cell[0].method == "not_calculated"
    assert below_cell[0].reason == "the group is below the minimum cell size or n-size"
    below_n = risk_ratios({"a": (10, 29), "b": (10, 30)})
    assert below_n[0].method == "not_calculated"


def test_alternate_risk_ratio_when_the_lea_comparison_group_is_too_small() -> None:
    lea = {"hispanic_latino": (40, 300), "white": (5, 20)}
    state = {"hispanic_latino": (4000, 40000), "white": (2000, 50000), "asian": (500, 10000)}
    results = by_group(risk_ratios(lea, state=state))
    hispanic = results["hispanic_latino"]
    assert hispanic.method == "alternate_risk_ratio"
    assert hispanic.comparison == "state"
    # all other groups in the State: (2000 + 500) / (50000 + 10000)
    assert (hispanic.comparison_outcome, hispanic.comparison_population) == (2500, 60000)
    assert hispanic.risk_ratio == pytest.approx((40 / 300) / (2500 / 60000))
    assert results["white"].method == "not_calculated"
    without_state = by_group(risk_ratios(lea))
    assert without_state["hispanic_latino"].method == "not_calculated"
    assert "no State counts" in without_state["hispanic_latino"].reason


def test_no_ratio_when_the_state_comparison_group_is_too_small_too() -> None:
    lea = {"asian": (12, 40), "white": (1, 5)}
    state = {"asian": (100, 500), "white": (9, 5000)}
    result = risk_ratios(lea, state=state)[0]
    assert result.method == "not_calculated"
    assert result.comparison == "state"
    assert result.reason == "the State's comparison group is below the minimums"


def test_zero_comparison_risk_gives_no_ratio() -> None:
    result = risk_ratios({"a": (3, 40), "b": (0, 40)}, min_cell_size=0)[0]
    assert (result.method, result.risk_ratio) == ("not_calculated", None)


def test_threshold_is_exceeded_only_when_strictly_over() -> None:
    equal = risk_ratios({"a": (20, 100), "b": (10, 100)}, threshold=2.0)[0]
    assert equal.risk_ratio == 2.0
    assert equal.exceeds_threshold is False
    assert risk_ratios({"a": (20, 100), "b": (10, 100)})[0].exceeds_threshold is None


def test_counts_are_checked() -> None:
    with pytest.raises(ValueError, match="must not exceed"):
        GroupCount(group="a", outcome=5, population=4)
    with pytest.raises(ValueError, match="negative"):
        GroupCount(group="a", outcome=-1, population=4)
    with pytest.raises(ValueError, match="once"):
        risk_ratios([GroupCount(group="a", outcome=1, population=4)] * 2)
    with pytest.raises(ValueError, match="negative"):
        risk_ratios({"a": (1, 2)}, min_cell_size=-1)


def test_seven_groups_and_presumptive_minimums() -> None:
    assert len(RACE_ETHNICITY_GROUPS) == 7
    assert presumptively_reasonable(10, 30)
    assert not presumptively_reasonable(11, 30)
    assert not presumptively_reasonable(10, 31)
    assert risk(0, 0) is None


def test_identification_over_consecutive_years_and_reasonable_progress() -> None:
    assert identified([2.0, 3.0], threshold=2.5)
    assert not identified([2.0, 3.0], threshold=2.5, consecutive_years=2)
    assert identified([2.6, 3.0], threshold=2.5, consecutive_years=2)
    assert not identified([None, 3.0, 3.0], threshold=2.5, consecutive_years=3)
    assert not identified([3.0], threshold=2.5, consecutive_years=2)
    assert identified(
        [3.2, 3.15, 3.0], threshold=2.5, consecutive_years=3, reasonable_progress=0.1
    )
    assert not identified([3.5, 3.25, 3.0], threshold=2.5, reasonable_progress=0.25)
    with pytest.raises(ValueError, match="1, 2 or 3"):
        identified([3.0] * 4, threshold=2.5, consecutive_years=4)


# --- suppression --------------------------------------------------------------------------------


def test_small_counts_are_suppressed_and_zero_only_on_request() -> None:
    assert [suppress(n) for n in (0, 1, 9, 10, 11)] == [0, None, None, 10, 11]
    assert suppress(0, suppress_zero=True) is None
    assert suppress(4, minimum=5) is None
    assert suppress(5, minimum=5) == 5


def test_complementary_suppression_hides_a_second_cell() -> None:
    assert suppress_counts({"a": 3, "b": 40, "c": 12}) == {"a": None, "b": 40, "c": None}
    assert suppress_counts({"a": 3, "b": 40, "c": 12}, complementary=False) == {
        "a": None,
        "b": 40,
        "c": 12,
    }
    # two cells hidden already: nothing more to hide
    assert suppress_counts({"a": 3, "b": 4, "c": 12}) == {"a": None, "b": None, "c": 12}
    # ties: the first in order
    assert suppress_counts({"x": 2, "a": 20, "b": 20}) == {"x": None, "a": None, "b": 20}


def test_publishable_hides_small_counts_and_what_derives_from_them() -> None:
    results = risk_ratios(
        {"a": (12, 60), "b": (11, 40), "c": (3, 9)}, min_cell_size=10, min_n_size=30
    )
    published = {p.group: p for p in publishable(results)}
    assert published["a"].outcome == 12
    assert published["a"].risk_ratio == results[0].risk_ratio
    assert (published["c"].outcome, published["c"].population, published["c"].risk) == (
        None,
        None,
        None,
    )
    assert published["c"].risk_ratio is None
    tiny = publishable(results, minimum=15)
    assert tiny[0].outcome is None
    assert tiny[0].risk_ratio is None
    assert tiny[0].comparison_population == 49


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.sampled_from(RACE_ETHNICITY_GROUPS),
        st.integers(min_value=0, max_value=500).flatmap(
            lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
        ),
        min_size=1,
    ),
    st.integers(min_value=0, max_value=12),
    st.integers(min_value=0, max_value=40),
)
def test_ratio_is_the_groups_risk_over_the_other_groups_risk(
    lea: dict[str, tuple[int, int]], cell: int, n: int
) -> None:
    for result in risk_ratios(lea, min_cell_size=cell, min_n_size=n):
        outcome, population = lea[result.group]
        if result.method == "not_calculated":
            assert result.risk_ratio is None
            continue
        assert outcome >= cell
        assert population >= n
        assert result.method == "risk_ratio"
        c = sum(o for g, (o, _) in lea.items() if g != result.group)
        d = sum(p for g, (_, p) in lea.items() if g != result.group)
        assert (result.comparison_outcome, result.comparison_population) == (c, d)
        assert c >= cell
        assert d >= n
        assert result.risk_ratio == (outcome / population) / (c / d)
