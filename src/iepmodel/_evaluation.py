"""The evaluation history a plan relies on (34 CFR 300.301-.306)."""

from __future__ import annotations

import datetime as dt

import attrs

from ._enums import (
    EligibilityDelayReason,
    EligibilityOutcome,
    EvaluationException,
    EvaluationKind,
    IdeaPart,
)
from ._invariants import checked

__all__ = ["Evaluation"]


@checked
@attrs.frozen(kw_only=True)
class Evaluation:
    """
    An initial evaluation or a reevaluation.

    Attributes:
        kind: ``initial`` or ``reevaluation``.
        consent_date: the day the agency received the parent's written consent to the
            evaluation: the day the initial evaluation's timeline starts (300.301(c)(1)).
        completed_date: the day it was completed; absent while pending.
        eligibility_date: the day eligibility was determined.
        early_by_agreement: parent and agency agreed to reevaluate within a year of the
            last evaluation (300.303(b)(1)).
        exception: one of the two exceptions to the initial timeframe, 300.301(d).
        agreed_completion_date: with ``transferred_with_agreed_date``, the completion date
            parent and new school agreed on (300.301(e)).
        idea_part: the part of the IDEA the evaluation is under (format v2): Part C
            eligibility (early intervention) or Part B.
        eligibility_outcome: whether the child was found eligible (format v2).
        eligibility_delay_reason: why eligibility was determined late (format v2).
        consent_signed_date: the day the parent signed the consent (format v2); it may be
            before *consent_date*, the day the agency received it.

    >>> Evaluation(kind=EvaluationKind.INITIAL, consent_date=dt.date(2025, 9, 2)).pending
    True
    """

    kind: EvaluationKind
    consent_date: dt.date | None = None
    completed_date: dt.date | None = None
    eligibility_date: dt.date | None = None
    early_by_agreement: bool = False
    exception: EvaluationException | None = None
    agreed_completion_date: dt.date | None = None
    # Format v2.
    idea_part: IdeaPart | None = None
    eligibility_outcome: EligibilityOutcome | None = None
    eligibility_delay_reason: EligibilityDelayReason | None = None
    consent_signed_date: dt.date | None = None

    @property
    def pending(self) -> bool:
        """Whether the evaluation has not been completed yet."""
        return self.completed_date is None
