"""Secondary transition content, 34 CFR 300.320(b)."""

from __future__ import annotations

import attrs

from ._enums import TransitionDomain
from ._invariants import checked

__all__ = ["PostsecondaryGoal", "TransitionPlan", "TransitionService"]


@checked
@attrs.frozen(kw_only=True)
class PostsecondaryGoal:
    """
    A measurable postsecondary goal, 300.320(b)(1).

    Attributes:
        domain: education or training, employment, or independent living.
        statement: the goal.
    """

    domain: TransitionDomain
    statement: str = attrs.field(repr=False)


@checked
@attrs.frozen(kw_only=True)
class TransitionService:
    """
    A transition service, 300.320(b)(2) and 300.43.

    Attributes:
        description: what the service is.
        domain: the postsecondary goal area it serves.
        agency: the agency that provides or pays for it.
    """

    description: str = attrs.field(repr=False)
    domain: TransitionDomain | None = None
    agency: str | None = None


@checked
@attrs.frozen(kw_only=True)
class TransitionPlan:
    """
    The secondary transition content of a plan.

    Attributes:
        postsecondary_goals: goals for education or training, employment and (where
            appropriate) independent living.
        assessments: the age-appropriate transition assessments the goals rest on.
        services: transition services, including courses of study.
        course_of_study: the course of study.

    >>> TransitionPlan().has_goal_in(TransitionDomain.EMPLOYMENT)
    False
    """

    postsecondary_goals: tuple[PostsecondaryGoal, ...] = ()
    assessments: tuple[str, ...] = attrs.field(default=(), repr=False)
    services: tuple[TransitionService, ...] = ()
    course_of_study: str | None = attrs.field(default=None, repr=False)

    def has_goal_in(self, domain: TransitionDomain) -> bool:
        """Whether there is a postsecondary goal in *domain*."""
        return any(goal.domain is domain for goal in self.postsecondary_goals)
