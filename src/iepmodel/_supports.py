"""Accommodations, program modifications and assessment participation (300.320(a)(4), (6))."""

from __future__ import annotations

import attrs

from ._enums import AccommodationCategory, AccommodationContext, AssessmentMode
from ._invariants import checked, non_empty_list

__all__ = ["Accommodation", "AssessmentParticipation", "Modification"]


@checked
@attrs.frozen(kw_only=True)
class Accommodation:
    """
    A change in how the child learns or is assessed, not in what.

    Attributes:
        description: what the accommodation is.
        category: presentation, response, setting, or timing and scheduling.
        contexts: where it applies (at least one; ``instruction`` when the document is
            silent).

    >>> a = Accommodation(description="Extended time", category=AccommodationCategory.TIMING_SCHEDULING)
    >>> a.contexts
    (<AccommodationContext.INSTRUCTION: 'instruction'>,)
    """  # noqa: E501

    description: str = attrs.field(repr=False)
    category: AccommodationCategory
    contexts: tuple[AccommodationContext, ...] = attrs.field(
        default=(AccommodationContext.INSTRUCTION,), metadata=non_empty_list()
    )

    def applies_to(self, context: AccommodationContext) -> bool:
        """Whether the accommodation applies in *context*."""
        return context in self.contexts


@checked
@attrs.frozen(kw_only=True)
class Modification:
    """
    A change in what the child is expected to learn (a program modification).

    Attributes:
        description: what is modified.
        subjects: the subjects it applies to.
    """

    description: str = attrs.field(repr=False)
    subjects: tuple[str, ...] = ()


@checked
@attrs.frozen(kw_only=True)
class AssessmentParticipation:
    """
    How the child takes part in state and district assessments, 34 CFR 300.320(a)(6).

    Attributes:
        mode: regular, regular with accommodations, or alternate.
        alternate_justification: why the child cannot take the regular assessment and why
            the alternate one is appropriate (required with ``alternate``, rule C307).
    """

    mode: AssessmentMode
    alternate_justification: str | None = attrs.field(default=None, repr=False)
