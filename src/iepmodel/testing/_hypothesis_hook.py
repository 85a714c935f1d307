"""
The ``hypothesis`` entry point: registers iepmodel's strategies for ``st.from_type``.

Hypothesis runs `_hypothesis_setup_hook` whenever it is imported in an environment where
iepmodel is installed, so this stays small: it imports the model classes (which the
registration needs) and defers the strategies module until a strategy is first asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


# Public model class -> the function of `iepmodel.testing.strategies` that draws it.
# tests/test_strategies.py checks that every class of the document model is listed.
STRATEGY_NAMES: dict[str, str] = {
    "Accommodation": "accommodations",
    "AssessmentParticipation": "assessment_participations",
    "ContactAttempt": "contact_attempts",
    "DateRange": "date_ranges",
    "EducationOrganization": "education_organizations",
    "Evaluation": "evaluations",
    "Excusal": "excusals",
    "Goal": "goals",
    "GoalPeriod": "goal_periods",
    "IEP": "plans",
    "Meeting": "meetings",
    "Modification": "modifications",
    "Objective": "objectives",
    "Participant": "participants",
    "Placement": "placements",
    "PostsecondaryGoal": "postsecondary_goals",
    "PresentLevel": "present_levels",
    "ProgressEntry": "progress_entries",
    "ProgressReporting": "progress_reportings",
    "ProgramParticipation": "program_participations",
    "SchoolCalendar": "school_calendars",
    "Service": "services",
    "Student": "students",
    "TransitionPlan": "transition_plans",
    "TransitionService": "transition_services",
}


def _lazy(name: str) -> Callable[[type[Any]], SearchStrategy[Any]]:
    def resolve(_: type[Any]) -> SearchStrategy[Any]:
        from . import strategies

        factory: Callable[[], SearchStrategy[Any]] = getattr(strategies, name)
        return factory()

    return resolve


def _hypothesis_setup_hook() -> None:  # pyright: ignore[reportUnusedFunction]
    """Register a strategy for each public model class (called by Hypothesis on import)."""
    from hypothesis import strategies as st

    import iepmodel

    for class_name, strategy_name in STRATEGY_NAMES.items():
        st.register_type_strategy(getattr(iepmodel, class_name), _lazy(strategy_name))
