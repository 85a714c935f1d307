"""
Plain-language labels for every enumeration value, in English: the msgids of the catalogs.

A label is looked up by the enumeration's class name (the message context) and the
member's wire value, so a page never shows a raw code such as ``specialized_instruction``.
Labels are marked with `_pn` (context, text) for the message extractor
(``pybabel extract -k _pn:1c,2``); the translation happens at render time, through the
page language's catalog (`iepmodel.render._i18n`).

The table is keyed by class *name*, not class, so that values of enumerations added later
can be labelled before they exist in the model; `tests/test_render.py` checks that every
member of every enumeration in `iepmodel._enums` has a label and a translation.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

__all__ = ["ENUM_LABELS", "english_label"]


def _pn(context: str, text: str) -> str:
    """Mark *text* for extraction with message context *context*; return it unchanged."""
    del context
    return text


ENUM_LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "PlanKind": {
            "initial": _pn("PlanKind", "First plan"),
            "annual": _pn("PlanKind", "Yearly plan"),
            "reevaluation": _pn("PlanKind", "Plan after a reevaluation"),
            "amendment": _pn("PlanKind", "Change to the plan"),
            "interim": _pn("PlanKind", "Temporary plan"),
        },
        "PlanStatus": {
            "draft": _pn("PlanStatus", "Draft"),
            "final": _pn("PlanStatus", "Final"),
        },
        "DisabilityCategory": {
            "autism": _pn("DisabilityCategory", "Autism"),
            "deaf_blindness": _pn("DisabilityCategory", "Deaf-blindness"),
            "deafness": _pn("DisabilityCategory", "Deafness"),
            "emotional_disturbance": _pn("DisabilityCategory", "Emotional disturbance"),
            "hearing_impairment": _pn("DisabilityCategory", "Hearing impairment"),
            "intellectual_disability": _pn("DisabilityCategory", "Intellectual disability"),
            "multiple_disabilities": _pn("DisabilityCategory", "Multiple disabilities"),
            "orthopedic_impairment": _pn("DisabilityCategory", "Orthopedic impairment"),
            "other_health_impairment": _pn("DisabilityCategory", "Other health impairment"),
            "specific_learning_disability": _pn(
                "DisabilityCategory", "Specific learning disability"
            ),
            "speech_language_impairment": _pn(
                "DisabilityCategory", "Speech or language impairment"
            ),
            "traumatic_brain_injury": _pn("DisabilityCategory", "Traumatic brain injury"),
            "visual_impairment": _pn("DisabilityCategory", "Visual impairment"),
            "developmental_delay": _pn("DisabilityCategory", "Developmental delay"),
        },
        "MeetingPurpose": {
            "initial": _pn("MeetingPurpose", "First plan"),
            "annual_review": _pn("MeetingPurpose", "Yearly review"),
            "reevaluation": _pn("MeetingPurpose", "Reevaluation"),
            "transition": _pn("MeetingPurpose", "Transition planning"),
            "amendment": _pn("MeetingPurpose", "Change to the plan"),
            "other": _pn("MeetingPurpose", "Other"),
        },
        "Role": {
            "parent": _pn("Role", "Parent"),
            "student": _pn("Role", "Student"),
            "regular_education_teacher": _pn("Role", "General education teacher"),
            "special_education_teacher": _pn("Role", "Special education teacher"),
            "special_education_provider": _pn("Role", "Special education provider"),
            "lea_representative": _pn("Role", "School district representative"),
            "evaluation_interpreter": _pn("Role", "Evaluation specialist"),
            "related_service_provider": _pn("Role", "Related service provider"),
            "agency_representative": _pn("Role", "Outside agency representative"),
            "part_c_service_coordinator": _pn("Role", "Early intervention service coordinator"),
            "language_interpreter": _pn("Role", "Language interpreter"),
            "other": _pn("Role", "Other team member"),
        },
        "Attendance": {
            "present": _pn("Attendance", "Present"),
            "absent": _pn("Attendance", "Absent"),
            "excused": _pn("Attendance", "Excused"),
        },
        "ParticipationMode": {
            "in_person": _pn("ParticipationMode", "In person"),
            "phone": _pn("ParticipationMode", "By phone"),
            "video": _pn("ParticipationMode", "By video"),
        },
        "ContactMethod": {
            "phone": _pn("ContactMethod", "Phone"),
            "mail": _pn("ContactMethod", "Mail"),
            "email": _pn("ContactMethod", "Email"),
            "home_visit": _pn("ContactMethod", "Home visit"),
            "other": _pn("ContactMethod", "Other"),
        },
        "EvaluationKind": {
            "initial": _pn("EvaluationKind", "First evaluation"),
            "reevaluation": _pn("EvaluationKind", "Reevaluation"),
        },
        "EvaluationException": {
            "parent_did_not_produce_child": _pn(
                "EvaluationException", "The child was not brought to the evaluation"
            ),
            "transferred_with_agreed_date": _pn(
                "EvaluationException", "Moved schools; a completion date was agreed"
            ),
        },
        "GoalArea": {
            "reading": _pn("GoalArea", "Reading"),
            "writing": _pn("GoalArea", "Writing"),
            "mathematics": _pn("GoalArea", "Mathematics"),
            "communication": _pn("GoalArea", "Communication"),
            "social_emotional": _pn("GoalArea", "Social and emotional skills"),
            "behavior": _pn("GoalArea", "Behavior"),
            "executive_function": _pn("GoalArea", "Organization and planning"),
            "adaptive": _pn("GoalArea", "Daily living skills"),
            "motor": _pn("GoalArea", "Movement and motor skills"),
            "vocational": _pn("GoalArea", "Work skills"),
            "independent_living": _pn("GoalArea", "Independent living"),
            "other": _pn("GoalArea", "Other"),
        },
        "ProgressStatus": {
            "not_introduced": _pn("ProgressStatus", "Not started yet"),
            "insufficient_progress": _pn("ProgressStatus", "Not enough progress yet"),
            "sufficient_progress": _pn("ProgressStatus", "On track"),
            "mastered": _pn("ProgressStatus", "Goal reached"),
        },
        "AccommodationCategory": {
            "presentation": _pn("AccommodationCategory", "How information is presented"),
            "response": _pn("AccommodationCategory", "How answers are given"),
            "setting": _pn("AccommodationCategory", "Where the work is done"),
            "timing_scheduling": _pn("AccommodationCategory", "Time and scheduling"),
        },
        "AccommodationContext": {
            "instruction": _pn("AccommodationContext", "In class, during instruction"),
            "classroom_assessment": _pn("AccommodationContext", "Classroom tests and quizzes"),
            "state_assessment": _pn("AccommodationContext", "State and district tests"),
        },
        "ServiceCategory": {
            "special_education": _pn("ServiceCategory", "Special education"),
            "related": _pn("ServiceCategory", "Related service"),
            "supplementary_aid": _pn("ServiceCategory", "Supplementary aid"),
            "program_modification": _pn("ServiceCategory", "Program modification"),
            "personnel_support": _pn("ServiceCategory", "Support for school staff"),
        },
        "ServiceType": {
            "specialized_instruction": _pn("ServiceType", "Specialized instruction"),
            "audiology": _pn("ServiceType", "Hearing services (audiology)"),
            "counseling": _pn("ServiceType", "Counseling"),
            "early_identification": _pn("ServiceType", "Early identification"),
            "interpreting": _pn("ServiceType", "Interpreting"),
            "medical_evaluation": _pn("ServiceType", "Medical evaluation"),
            "occupational_therapy": _pn("ServiceType", "Occupational therapy"),
            "orientation_mobility": _pn("ServiceType", "Orientation and mobility"),
            "parent_counseling_training": _pn("ServiceType", "Parent counseling and training"),
            "physical_therapy": _pn("ServiceType", "Physical therapy"),
            "psychological": _pn("ServiceType", "Psychological services"),
            "recreation": _pn("ServiceType", "Recreation"),
            "rehabilitation_counseling": _pn("ServiceType", "Rehabilitation counseling"),
            "school_health": _pn("ServiceType", "School health and nursing"),
            "social_work": _pn("ServiceType", "Social work"),
            "speech_language": _pn("ServiceType", "Speech and language therapy"),
            "transportation": _pn("ServiceType", "Transportation"),
            "assistive_technology": _pn("ServiceType", "Assistive technology"),
            "paraprofessional_support": _pn("ServiceType", "Support from a paraprofessional"),
            "other": _pn("ServiceType", "Other service"),
        },
        "ServiceSetting": {
            "general_education": _pn("ServiceSetting", "General education class"),
            "special_education": _pn("ServiceSetting", "Special education setting"),
            "community": _pn("ServiceSetting", "In the community"),
            "home": _pn("ServiceSetting", "At home"),
            "other": _pn("ServiceSetting", "Other setting"),
        },
        "GroupSize": {
            "individual": _pn("GroupSize", "One to one"),
            "small_group": _pn("GroupSize", "Small group"),
            "large_group": _pn("GroupSize", "Large group"),
        },
        "Delivery": {
            "direct": _pn("Delivery", "Works with the student"),
            "consultation": _pn("Delivery", "Works with the student's teachers"),
        },
        "Period": {
            "day": _pn("Period", "Day"),
            "week": _pn("Period", "Week"),
            "month": _pn("Period", "Month"),
            "year": _pn("Period", "Year"),
        },
        "Facility": {
            "regular_school": _pn("Facility", "Neighborhood school"),
            "separate_school": _pn("Facility", "Separate school"),
            "residential_facility": _pn("Facility", "Residential facility"),
            "homebound_hospital": _pn("Facility", "Home or hospital"),
            "correctional_facility": _pn("Facility", "Correctional facility"),
            "private_school_parent_placed": _pn(
                "Facility", "Private school chosen by the parents"
            ),
        },
        "AssessmentMode": {
            "regular": _pn("AssessmentMode", "Takes the regular state tests"),
            "regular_with_accommodations": _pn(
                "AssessmentMode", "Takes the regular state tests, with accommodations"
            ),
            "alternate": _pn("AssessmentMode", "Takes the alternate state tests"),
        },
        "TransitionDomain": {
            "education_training": _pn("TransitionDomain", "Education and training"),
            "employment": _pn("TransitionDomain", "Work"),
            "independent_living": _pn("TransitionDomain", "Independent living"),
        },
        # Format v2's enumerations.
        "IdeaPart": {
            "part_b": _pn("IdeaPart", "School-age services (IDEA Part B)"),
            "part_c": _pn("IdeaPart", "Early intervention (IDEA Part C)"),
        },
        "EligibilityOutcome": {
            "eligible": _pn("EligibilityOutcome", "Eligible"),
            "not_eligible": _pn("EligibilityOutcome", "Not eligible"),
        },
        "EligibilityDelayReason": {
            "parent_delay": _pn("EligibilityDelayReason", "Delay on the family's side"),
            "agency_delay": _pn("EligibilityDelayReason", "Delay on the school's side"),
            "assessment_personnel_unavailable": _pn(
                "EligibilityDelayReason", "No evaluator was available"
            ),
            "contracted_report_late": _pn("EligibilityDelayReason", "An outside report came late"),
            "scheduling": _pn("EligibilityDelayReason", "Scheduling"),
            "part_c_transition": _pn("EligibilityDelayReason", "Move from early intervention"),
            "other": _pn("EligibilityDelayReason", "Other reason"),
        },
        "ExitReason": {
            "transferred_to_regular_education": _pn(
                "ExitReason", "Moved to general education only"
            ),
            "graduated_regular_diploma": _pn("ExitReason", "Graduated with a regular diploma"),
            "graduated_alternate_diploma": _pn(
                "ExitReason", "Graduated with an alternate diploma"
            ),
            "received_certificate": _pn("ExitReason", "Received a certificate"),
            "reached_maximum_age": _pn("ExitReason", "Reached the maximum age"),
            "died": _pn("ExitReason", "Died"),
            "moved_known_to_continue": _pn("ExitReason", "Moved and continues in another program"),
            "dropped_out": _pn("ExitReason", "Left school"),
            "other": _pn("ExitReason", "Other reason"),
        },
        "GoalType": {
            "academic": _pn("GoalType", "Academic"),
            "functional": _pn("GoalType", "Functional"),
            "transition_academic": _pn("GoalType", "Transition, academic"),
            "transition_functional": _pn("GoalType", "Transition, functional"),
        },
    }
)
"""Enumeration class name -> member value -> English label (the catalogs' msgid)."""


def english_label(member: StrEnum) -> tuple[str, str]:
    """
    The message context and English label of *member*.

    Raises:
        KeyError: the member has no label (a test keeps this from happening).

    >>> from iepmodel import GoalArea
    >>> from iepmodel.render._labels import english_label
    >>> english_label(GoalArea.EXECUTIVE_FUNCTION)
    ('GoalArea', 'Organization and planning')
    """
    context = type(member).__name__
    return context, ENUM_LABELS[context][member.value]
