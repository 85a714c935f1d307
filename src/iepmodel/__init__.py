"""
iepmodel: a typed model of Individualized Education Programs (IDEA, 34 CFR Part 300).

The public API is re-exported here; everything else is private.

>>> import datetime as dt, iepmodel
>>> plan = iepmodel.IEP(
...     id="P1",
...     kind=iepmodel.PlanKind.ANNUAL,
...     student=iepmodel.Student(id="S1", date_of_birth=dt.date(2015, 1, 22)),
...     start_date=dt.date(2025, 10, 1),
...     end_date=dt.date(2026, 9, 30),
... )
>>> iepmodel.from_json(iepmodel.to_json(plan)) == plan
True
"""

from __future__ import annotations

from ._age import LeapBirthday, age_on, birthday
from ._calendar import DateRange, SchoolCalendar
from ._content import Goal, GoalPeriod, Objective, PresentLevel, ProgressEntry, ProgressReporting
from ._enums import (
    AccommodationCategory,
    AccommodationContext,
    AssessmentMode,
    Attendance,
    ContactMethod,
    Delivery,
    DisabilityCategory,
    EligibilityDelayReason,
    EligibilityOutcome,
    EvaluationException,
    EvaluationKind,
    ExitReason,
    Facility,
    GoalArea,
    GoalType,
    GroupSize,
    IdeaPart,
    MeetingPurpose,
    ParticipationMode,
    Period,
    PlanKind,
    PlanStatus,
    ProgressStatus,
    Role,
    ServiceCategory,
    ServiceSetting,
    ServiceType,
    TransitionDomain,
)
from ._evaluation import Evaluation
from ._extensions import check_extensions
from ._invariants import InvariantError
from ._plan import IEP, SCHEMA_VERSION, SUPPORTED_SCHEMA_VERSIONS
from ._program import EducationOrganization, ProgramParticipation
from ._schema import json_schema
from ._services import Placement, Service
from ._student import GRADES, Student
from ._supports import Accommodation, AssessmentParticipation, Modification
from ._team import ContactAttempt, Excusal, Meeting, Participant
from ._transition import PostsecondaryGoal, TransitionPlan, TransitionService
from .errors import DocumentError, Problem
from .jurisdictions import Profile, UnknownJurisdictionError, available_jurisdictions, jurisdiction
from .rules import Finding, Rule, Severity, check
from .serialization import (
    JsonLinesReader,
    LineError,
    dump_jsonl,
    explain,
    from_dict,
    from_json,
    iter_jsonl,
    load_jsonl,
    make_converter,
    to_dict,
    to_json,
    to_json_bytes,
)
from .timelines import DueDate

__all__ = [
    "GRADES",
    "IEP",
    "SCHEMA_VERSION",
    "SUPPORTED_SCHEMA_VERSIONS",
    "Accommodation",
    "AccommodationCategory",
    "AccommodationContext",
    "AssessmentMode",
    "AssessmentParticipation",
    "Attendance",
    "ContactAttempt",
    "ContactMethod",
    "DateRange",
    "Delivery",
    "DisabilityCategory",
    "DocumentError",
    "DueDate",
    "EducationOrganization",
    "EligibilityDelayReason",
    "EligibilityOutcome",
    "Evaluation",
    "EvaluationException",
    "EvaluationKind",
    "Excusal",
    "ExitReason",
    "Facility",
    "Finding",
    "Goal",
    "GoalArea",
    "GoalPeriod",
    "GoalType",
    "GroupSize",
    "IdeaPart",
    "InvariantError",
    "JsonLinesReader",
    "LeapBirthday",
    "LineError",
    "Meeting",
    "MeetingPurpose",
    "Modification",
    "Objective",
    "Participant",
    "ParticipationMode",
    "Period",
    "Placement",
    "PlanKind",
    "PlanStatus",
    "PostsecondaryGoal",
    "PresentLevel",
    "Problem",
    "Profile",
    "ProgramParticipation",
    "ProgressEntry",
    "ProgressReporting",
    "ProgressStatus",
    "Role",
    "Rule",
    "SchoolCalendar",
    "Service",
    "ServiceCategory",
    "ServiceSetting",
    "ServiceType",
    "Severity",
    "Student",
    "TransitionDomain",
    "TransitionPlan",
    "TransitionService",
    "UnknownJurisdictionError",
    "age_on",
    "available_jurisdictions",
    "birthday",
    "check",
    "check_extensions",
    "dump_jsonl",
    "explain",
    "from_dict",
    "from_json",
    "iter_jsonl",
    "json_schema",
    "jurisdiction",
    "load_jsonl",
    "make_converter",
    "to_dict",
    "to_json",
    "to_json_bytes",
]


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version

        return version("iepmodel")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
