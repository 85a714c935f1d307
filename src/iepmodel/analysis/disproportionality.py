"""
Significant disproportionality, 34 CFR 300.646-300.647: risk, risk ratio, alternate risk ratio.

The inputs are counts the caller provides (plans do not record race or ethnicity, nor
enrollment): for one LEA and one category of analysis (identification, a disability,
a placement, a kind of discipline), per racial or ethnic group, the children with the
outcome and the children in the population (enrolled children for identification,
children with disabilities for placement and discipline; 300.647(a)(4)).

Definitions, 34 CFR 300.647(a):

- **risk** = children of the group with the outcome / children of the group;
- **risk ratio** = the group's risk in the LEA / the risk of all other groups in the LEA;
- **alternate risk ratio** = the group's risk in the LEA / the risk of all other groups in
  the **State**, used when the LEA's comparison group is below the minimum cell size or
  n-size (300.647(b)(5));
- **minimum cell size**: the least numerator (children with the outcome) for which a risk
  is calculated; **minimum n-size**: the least denominator. Both apply to the group and
  to its comparison group. A group below them is not calculated (300.647(c)(1)), nor is
  an alternate ratio whose State comparison group is below them (300.647(c)(2)).

A count "meets" a minimum when it is greater than or equal to it. A ratio *exceeds* the
threshold when it is strictly greater ("over which", 300.647(a)(7)).

>>> from iepmodel.analysis import GroupCount, risk_ratios
>>> lea = [GroupCount(group="black_african_american", outcome=30, population=200),
...        GroupCount(group="white", outcome=40, population=800)]
>>> [(r.group, r.method, round(r.risk_ratio or 0, 3), r.exceeds_threshold)
...  for r in risk_ratios(lea, threshold=2.5)]
[('black_african_american', 'risk_ratio', 3.0, True), ('white', 'risk_ratio', 0.333, False)]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Literal, cast

import attrs

__all__ = [
    "PRESUMPTIVE_MAX_CELL_SIZE",
    "PRESUMPTIVE_MAX_N_SIZE",
    "RACE_ETHNICITY_GROUPS",
    "GroupCount",
    "Method",
    "PublishedRiskRatio",
    "RiskRatio",
    "identified",
    "presumptively_reasonable",
    "publishable",
    "risk",
    "risk_ratios",
    "suppress",
    "suppress_counts",
]

RACE_ETHNICITY_GROUPS: tuple[str, ...] = (
    "hispanic_latino",
    "american_indian_alaska_native",
    "asian",
    "black_african_american",
    "native_hawaiian_pacific_islander",
    "white",
    "two_or_more_races",
)
"""The seven federal race/ethnicity groups (Hispanic/Latino of any race, then non-Hispanic)."""

# 34 CFR 300.647(b)(1)(iv): a minimum cell size of no more than 10 and a minimum n-size of
# no more than 30 are presumptively reasonable.
PRESUMPTIVE_MAX_CELL_SIZE = 10
"""The largest minimum cell size that is presumptively reasonable."""
PRESUMPTIVE_MAX_N_SIZE = 30
"""The largest minimum n-size that is presumptively reasonable."""

# 34 CFR 300.647(d)(1): a State may wait for up to three prior consecutive years.
_MAX_CONSECUTIVE_YEARS = 3


def _not_negative(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0:
        msg = f"{attribute.name} must not be negative"
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class GroupCount:
    """
    One racial or ethnic group's counts in one LEA (or State) for one category.

    Attributes:
        group: the group's name (e.g. one of `RACE_ETHNICITY_GROUPS`).
        outcome: children of the group with the outcome (identified, placed, removed).
        population: children of the group in the population (enrolled, or with
            disabilities).
    """

    group: str
    outcome: int = attrs.field(validator=_not_negative)
    population: int = attrs.field(validator=_not_negative)

    def __attrs_post_init__(self) -> None:
        if self.outcome > self.population:
            msg = "outcome must not exceed population"
            raise ValueError(msg)


Counts = Iterable[GroupCount] | Mapping[str, tuple[int, int]]
"""Group counts: `GroupCount` objects, or a mapping of group to (outcome, population)."""


def _groups(counts: Counts) -> list[GroupCount]:
    if isinstance(counts, Mapping):
        mapping = cast("Mapping[str, tuple[int, int]]", counts)
        return [
            GroupCount(group=group, outcome=outcome, population=population)
            for group, (outcome, population) in mapping.items()
        ]
    groups = list(counts)
    names = [g.group for g in groups]
    if len(set(names)) != len(names):
        msg = "each group may be listed once"
        raise ValueError(msg)
    return groups


def risk(outcome: int, population: int) -> float | None:
    """
    The risk: *outcome* / *population*; `None` for an empty population.

    >>> from iepmodel.analysis import risk
    >>> risk(30, 200), risk(0, 0)
    (0.15, None)
    """
    return outcome / population if population else None


class Method(StrEnum):
    """How a group's ratio was calculated."""

    RISK_RATIO = "risk_ratio"
    ALTERNATE_RISK_RATIO = "alternate_risk_ratio"
    NOT_CALCULATED = "not_calculated"


@attrs.frozen(kw_only=True)
class RiskRatio:
    """
    One group's risk ratio (or alternate risk ratio) in one LEA.

    Attributes:
        group: the group.
        outcome, population: the group's counts in the LEA.
        risk: the group's risk (`None` for an empty population).
        comparison: ``lea`` (risk ratio), ``state`` (alternate risk ratio) or `None`.
        comparison_outcome, comparison_population: the comparison group's counts (all
            other groups, in the LEA or the State), `None` when not used.
        comparison_risk: the comparison group's risk.
        risk_ratio: the ratio, `None` when not calculated.
        method: a `Method` value.
        reason: why the ratio was not calculated, in words.
        threshold: the State's risk ratio threshold, if given.
        exceeds_threshold: whether ``risk_ratio > threshold`` (`None` without either).
    """

    group: str
    outcome: int
    population: int
    risk: float | None
    comparison: Literal["lea", "state"] | None
    comparison_outcome: int | None
    comparison_population: int | None
    comparison_risk: float | None
    risk_ratio: float | None
    method: str
    reason: str | None
    threshold: float | None
    exceeds_threshold: bool | None


def presumptively_reasonable(min_cell_size: int, min_n_size: int) -> bool:
    """Whether the minimums are at most the presumptively reasonable 10 and 30.

    34 CFR 300.647(b)(1)(iv).
    """
    return min_cell_size <= PRESUMPTIVE_MAX_CELL_SIZE and min_n_size <= PRESUMPTIVE_MAX_N_SIZE


def _meets(outcome: int, population: int, min_cell_size: int, min_n_size: int) -> bool:
    return outcome >= min_cell_size and population >= min_n_size


def risk_ratios(
    lea: Counts,
    *,
    state: Counts | None = None,
    min_cell_size: int = PRESUMPTIVE_MAX_CELL_SIZE,
    min_n_size: int = PRESUMPTIVE_MAX_N_SIZE,
    threshold: float | None = None,
) -> tuple[RiskRatio, ...]:
    """
    The risk ratio of each group of one LEA, or the alternate one, per 34 CFR 300.647.

    Args:
        lea: the LEA's counts by group (every group of the LEA: the comparison group is
            all the others).
        state: the State's counts by group (the whole State, this LEA included), for the
            alternate risk ratio.
        min_cell_size: the State's minimum cell size (default 10, the presumptively
            reasonable most).
        min_n_size: the State's minimum n-size (default 30).
        threshold: the State's risk ratio threshold, to flag ratios over it.

    Returns:
        One `RiskRatio` per group, in the order given.
    """
    if min_cell_size < 0 or min_n_size < 0:
        msg = "minimum cell size and n-size must not be negative"
        raise ValueError(msg)
    groups = _groups(lea)
    states = {g.group: g for g in _groups(state)} if state is not None else None
    total_outcome = sum(g.outcome for g in groups)
    total_population = sum(g.population for g in groups)
    results: list[RiskRatio] = []
    for group in groups:
        result = _Result(group=group, threshold=threshold)
        if not _meets(group.outcome, group.population, min_cell_size, min_n_size):
            # 34 CFR 300.647(c)(1): the group is below the minimum cell size or n-size.
            results.append(
                result.not_calculated("the group is below the minimum cell size or n-size")
            )
            continue
        c = total_outcome - group.outcome
        d = total_population - group.population
        if _meets(c, d, min_cell_size, min_n_size):
            results.append(result.ratio(c, d, "lea"))
            continue
        # 34 CFR 300.647(b)(5): the LEA's comparison group is too small; use the State's.
        if states is None:
            results.append(
                result.not_calculated(
                    "the LEA's comparison group is below the minimums "
                    "and no State counts were given"
                )
            )
            continue
        c = sum(g.outcome for name, g in states.items() if name != group.group)
        d = sum(g.population for name, g in states.items() if name != group.group)
        if not _meets(c, d, min_cell_size, min_n_size):
            # 34 CFR 300.647(c)(2): the State's comparison group is too small too.
            results.append(
                result.not_calculated(
                    "the State's comparison group is below the minimums", c, d, "state"
                )
            )
            continue
        results.append(result.ratio(c, d, "state"))
    return tuple(results)


@attrs.frozen(kw_only=True)
class _Result:
    group: GroupCount
    threshold: float | None

    def _make(
        self,
        *,
        c: int | None,
        d: int | None,
        comparison: Literal["lea", "state"] | None,
        ratio: float | None,
        method: Method,
        reason: str | None,
    ) -> RiskRatio:
        return RiskRatio(
            group=self.group.group,
            outcome=self.group.outcome,
            population=self.group.population,
            risk=risk(self.group.outcome, self.group.population),
            comparison=comparison,
            comparison_outcome=c,
            comparison_population=d,
            comparison_risk=risk(c, d) if c is not None and d is not None else None,
            risk_ratio=ratio,
            method=method.value,
            reason=reason,
            threshold=self.threshold,
            exceeds_threshold=(
                None if ratio is None or self.threshold is None else ratio > self.threshold
            ),
        )

    def not_calculated(
        self,
        reason: str,
        c: int | None = None,
        d: int | None = None,
        comparison: Literal["lea", "state"] | None = None,
    ) -> RiskRatio:
        return self._make(
            c=c,
            d=d,
            comparison=comparison,
            ratio=None,
            method=Method.NOT_CALCULATED,
            reason=reason,
        )

    def ratio(self, c: int, d: int, comparison: Literal["lea", "state"]) -> RiskRatio:
        own = risk(self.group.outcome, self.group.population)
        other = risk(c, d)
        if not other or own is None:
            return self.not_calculated("the comparison group's risk is 0", c, d, comparison)
        method = Method.RISK_RATIO if comparison == "lea" else Method.ALTERNATE_RISK_RATIO
        return self._make(
            c=c, d=d, comparison=comparison, ratio=own / other, method=method, reason=None
        )


def identified(
    ratios: Sequence[float | None],
    *,
    threshold: float,
    consecutive_years: int = 1,
    reasonable_progress: float | None = None,
) -> bool:
    """
    Whether an LEA is identified with significant disproportionality, 300.647(d).

    Args:
        ratios: the group's risk ratios (or alternate ones) year by year, oldest first,
            the current year last; `None` for a year not calculated.
        threshold: the State's risk ratio threshold.
        consecutive_years: how many consecutive years, the current one included, must
            exceed it (1 to 3; 300.647(d)(1)).
        reasonable_progress: if given, an LEA whose ratio fell by at least this much in
            each of the two prior years is not identified (300.647(d)(2)).

    >>> from iepmodel.analysis import identified
    >>> identified([3.2, 3.1, 3.0], threshold=2.5, consecutive_years=3)
    True
    >>> identified([3.2, 3.1, 3.0], threshold=2.5, consecutive_years=3, reasonable_progress=0.1)
    False
    """
    if not 1 <= consecutive_years <= _MAX_CONSECUTIVE_YEARS:
        msg = "consecutive_years must be 1, 2 or 3"
        raise ValueError(msg)
    recent = ratios[-consecutive_years:]
    if len(recent) < consecutive_years or any(r is None or r <= threshold for r in recent):
        return False
    if reasonable_progress is not None and len(ratios) >= 3:
        earlier, prior, current = ratios[-3], ratios[-2], ratios[-1]
        if (
            earlier is not None
            and prior is not None
            and current is not None
            and earlier - prior >= reasonable_progress
            and prior - current >= reasonable_progress
        ):
            return False
    return True


# --- suppression for publication ------------------------------------------------------


def suppress(count: int, *, minimum: int = 10, suppress_zero: bool = False) -> int | None:
    """
    *count*, or `None` when it is too small to publish.

    Too small: 1 to *minimum* - 1 (and 0 too with *suppress_zero*).

    >>> from iepmodel.analysis import suppress
    >>> suppress(9), suppress(10), suppress(0), suppress(0, suppress_zero=True)
    (None, 10, 0, None)
    """
    if count < minimum and (count > 0 or suppress_zero):
        return None
    return count


def suppress_counts(
    counts: Mapping[str, int],
    *,
    minimum: int = 10,
    complementary: bool = True,
    suppress_zero: bool = False,
) -> dict[str, int | None]:
    """
    Suppress the small cells of a row of counts whose total is published.

    Primary suppression hides each count below *minimum* (see `suppress`). With
    *complementary* (default), when exactly one cell is hidden it could be recovered by
    subtraction from the total, so the smallest published non-zero cell (the first in order
    among equals) is hidden too.

    >>> from iepmodel.analysis import suppress_counts
    >>> suppress_counts({"a": 4, "b": 25, "c": 12, "d": 0})
    {'a': None, 'b': 25, 'c': None, 'd': 0}
    """
    result = {
        key: suppress(value, minimum=minimum, suppress_zero=suppress_zero)
        for key, value in counts.items()
    }
    hidden = [key for key, value in result.items() if value is None]
    if complementary and len(hidden) == 1:
        candidates = [
            (value, index, key)
            for index, (key, value) in enumerate(result.items())
            if value is not None and value > 0
        ]
        if candidates:
            result[min(candidates)[2]] = None
    return result


@attrs.frozen(kw_only=True)
class PublishedRiskRatio:
    """A `RiskRatio` ready to publish: small counts and what derives from them are `None`."""

    group: str
    outcome: int | None
    population: int | None
    risk: float | None
    comparison_outcome: int | None
    comparison_population: int | None
    comparison_risk: float | None
    risk_ratio: float | None
    method: str


def publishable(
    results: Iterable[RiskRatio], *, minimum: int = 10, suppress_zero: bool = False
) -> tuple[PublishedRiskRatio, ...]:
    """
    Suppress small counts in risk ratio results for publication.

    A count below *minimum* is hidden (see `suppress`); a risk is hidden when either of its
    counts is; a ratio when either risk is.
    """
    published: list[PublishedRiskRatio] = []
    for r in results:

        def hide(count: int | None) -> int | None:
            return (
                None
                if count is None
                else suppress(count, minimum=minimum, suppress_zero=suppress_zero)
            )

        outcome, population = hide(r.outcome), hide(r.population)
        c, d = hide(r.comparison_outcome), hide(r.comparison_population)
        own = r.risk if outcome is not None and population is not None else None
        other = r.comparison_risk if c is not None and d is not None else None
        published.append(
            PublishedRiskRatio(
                group=r.group,
                outcome=outcome,
                population=population,
                risk=own,
                comparison_outcome=c,
                comparison_population=d,
                comparison_risk=other,
                risk_ratio=r.risk_ratio if own is not None and other is not None else None,
                method=r.method,
            )
        )
    return tuple(published)
