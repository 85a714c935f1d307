"""
The closed code sets of the document format, as `enum.StrEnum`.

Each member's value is the wire value of ``format.md``; the names are the same words in
upper case. A value that is not listed is a load error (`iepmodel.DocumentError`).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "AccommodationCategory",
    "AccommodationContext",
    "AssessmentMode",
    "Attendance",
    "ContactMethod",
    "Delivery",
    "DisabilityCategory",
    "EligibilityDelayReason",
    "EligibilityOutcome",
    "EvaluationException",
    "EvaluationKind",
    "ExitReason",
    "Facility",
    "GoalArea",
    "GoalType",
    "GroupSize",
    "IdeaPart",
    "MeetingPurpose",
    "ParticipationMode",
    "Period",
    "PlanKind",
    "PlanStatus",
    "ProgressStatus",
    "Role",
    "ServiceCategory",
    "ServiceSetting",
    "ServiceType",
    "TransitionDomain",
]


class PlanKind(StrEnum):
    """Why a plan was written: the event that produced it."""

    INITIAL = "initial"
    ANNUAL = "annual"
    REEVALUATION = "reevaluation"
    AMENDMENT = "amendment"
    INTERIM = "interim"


class PlanStatus(StrEnum):
    """Whether a plan is still being written (``draft``) or in effect (``final``)."""

    DRAFT = "draft"
    FINAL = "final"


class DisabilityCategory(StrEnum):
    """The disability categories of 34 CFR 300.8(c) (plus developmental delay, 300.8(b))."""

    AUTISM = "autism"
    DEAF_BLINDNESS = "deaf_blindness"
    DEAFNESS = "deafness"
    EMOTIONAL_DISTURBANCE = "emotional_disturbance"
    HEARING_IMPAIRMENT = "hearing_impairment"
    INTELLECTUAL_DISABILITY = "intellectual_disability"
    MULTIPLE_DISABILITIES = "multiple_disabilities"
    ORTHOPEDIC_IMPAIRMENT = "orthopedic_impairment"
    OTHER_HEALTH_IMPAIRMENT = "other_health_impairment"
    SPECIFIC_LEARNING_DISABILITY = "specific_learning_disability"
    SPEECH_LANGUAGE_IMPAIRMENT = "speech_language_impairment"
    TRAUMATIC_BRAIN_INJURY = "traumatic_brain_injury"
    VISUAL_IMPAIRMENT = "visual_impairment"
    DEVELOPMENTAL_DELAY = "developmental_delay"


class MeetingPurpose(StrEnum):
    """What an IEP team meeting was held for."""

    INITIAL = "initial"
    ANNUAL_REVIEW = "annual_review"
    REEVALUATION = "reevaluation"
    TRANSITION = "transition"
    AMENDMENT = "amendment"
    OTHER = "other"


class Role(StrEnum):
    """A role on the IEP team (34 CFR 300.321); one person may hold several."""

    PARENT = "parent"
    STUDENT = "student"
    REGULAR_EDUCATION_TEACHER = "regular_education_teacher"
    SPECIAL_EDUCATION_TEACHER = "special_education_teacher"
    SPECIAL_EDUCATION_PROVIDER = "special_education_provider"
    LEA_REPRESENTATIVE = "lea_representative"
    EVALUATION_INTERPRETER = "evaluation_interpreter"
    RELATED_SERVICE_PROVIDER = "related_service_provider"
    AGENCY_REPRESENTATIVE = "agency_representative"
    PART_C_SERVICE_COORDINATOR = "part_c_service_coordinator"
    LANGUAGE_INTERPRETER = "language_interpreter"
    OTHER = "other"


class Attendance(StrEnum):
    """Whether an invited participant took part in the meeting."""

    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"


class ParticipationMode(StrEnum):
    """How a present participant took part (34 CFR 300.328 allows phone and video)."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


class ContactMethod(StrEnum):
    """How the school tried to reach the parents (34 CFR 300.322(d))."""

    PHONE = "phone"
    MAIL = "mail"
    EMAIL = "email"
    HOME_VISIT = "home_visit"
    OTHER = "other"


class EvaluationKind(StrEnum):
    """An initial evaluation (300.301) or a reevaluation (300.303)."""

    INITIAL = "initial"
    REEVALUATION = "reevaluation"


class EvaluationException(StrEnum):
    """The two exceptions to the initial evaluation timeframe, 34 CFR 300.301(d)."""

    PARENT_DID_NOT_PRODUCE_CHILD = "parent_did_not_produce_child"
    TRANSFERRED_WITH_AGREED_DATE = "transferred_with_agreed_date"


class GoalArea(StrEnum):
    """The area of the curriculum or of functional performance a goal or level is about."""

    READING = "reading"
    WRITING = "writing"
    MATHEMATICS = "mathematics"
    COMMUNICATION = "communication"
    SOCIAL_EMOTIONAL = "social_emotional"
    BEHAVIOR = "behavior"
    EXECUTIVE_FUNCTION = "executive_function"
    ADAPTIVE = "adaptive"
    MOTOR = "motor"
    VOCATIONAL = "vocational"
    INDEPENDENT_LIVING = "independent_living"
    OTHER = "other"


class ProgressStatus(StrEnum):
    """A progress report's judgement of progress toward a goal."""

    NOT_INTRODUCED = "not_introduced"
    INSUFFICIENT_PROGRESS = "insufficient_progress"
    SUFFICIENT_PROGRESS = "sufficient_progress"
    MASTERED = "mastered"


class AccommodationCategory(StrEnum):
    """The usual four kinds of accommodation."""

    PRESENTATION = "presentation"
    RESPONSE = "response"
    SETTING = "setting"
    TIMING_SCHEDULING = "timing_scheduling"


class AccommodationContext(StrEnum):
    """Where an accommodation applies."""

    INSTRUCTION = "instruction"
    CLASSROOM_ASSESSMENT = "classroom_assessment"
    STATE_ASSESSMENT = "state_assessment"


class ServiceCategory(StrEnum):
    """The kinds of service of 34 CFR 300.320(a)(4)."""

    SPECIAL_EDUCATION = "special_education"
    RELATED = "related"
    SUPPLEMENTARY_AID = "supplementary_aid"
    PROGRAM_MODIFICATION = "program_modification"
    PERSONNEL_SUPPORT = "personnel_support"


class ServiceType(StrEnum):
    """
    What a service is; the related services are those of 34 CFR 300.34.

    `category` gives the `ServiceCategory` a service of this type has when the document
    does not say.

    >>> ServiceType.SPEECH_LANGUAGE.category
    <ServiceCategory.RELATED: 'related'>
    """

    SPECIALIZED_INSTRUCTION = "specialized_instruction"
    AUDIOLOGY = "audiology"
    COUNSELING = "counseling"
    EARLY_IDENTIFICATION = "early_identification"
    INTERPRETING = "interpreting"
    MEDICAL_EVALUATION = "medical_evaluation"
    OCCUPATIONAL_THERAPY = "occupational_therapy"
    ORIENTATION_MOBILITY = "orientation_mobility"
    PARENT_COUNSELING_TRAINING = "parent_counseling_training"
    PHYSICAL_THERAPY = "physical_therapy"
    PSYCHOLOGICAL = "psychological"
    RECREATION = "recreation"
    REHABILITATION_COUNSELING = "rehabilitation_counseling"
    SCHOOL_HEALTH = "school_health"
    SOCIAL_WORK = "social_work"
    SPEECH_LANGUAGE = "speech_language"
    TRANSPORTATION = "transportation"
    ASSISTIVE_TECHNOLOGY = "assistive_technology"
    PARAPROFESSIONAL_SUPPORT = "paraprofessional_support"
    OTHER = "other"

    @property
    def category(self) -> ServiceCategory | None:
        """The category a service of this type has by default (`None` for ``other``)."""
        return _SERVICE_TYPE_CATEGORY.get(self)


_SERVICE_TYPE_CATEGORY: dict[ServiceType, ServiceCategory] = {
    ServiceType.SPECIALIZED_INSTRUCTION: ServiceCategory.SPECIAL_EDUCATION,
    ServiceType.ASSISTIVE_TECHNOLOGY: ServiceCategory.SUPPLEMENTARY_AID,
    ServiceType.PARAPROFESSIONAL_SUPPORT: ServiceCategory.SUPPLEMENTARY_AID,
    **{
        t: ServiceCategory.RELATED
        for t in ServiceType
        if t
        not in {
            ServiceType.SPECIALIZED_INSTRUCTION,
            ServiceType.ASSISTIVE_TECHNOLOGY,
            ServiceType.PARAPROFESSIONAL_SUPPORT,
            ServiceType.OTHER,
        }
    },
}


class ServiceSetting(StrEnum):
    """Where a service is delivered, in the broad sense used for placement."""

    GENERAL_EDUCATION = "general_education"
    SPECIAL_EDUCATION = "special_education"
    COMMUNITY = "community"
    HOME = "home"
    OTHER = "other"


class GroupSize(StrEnum):
    """How many students receive the service together."""

    INDIVIDUAL = "individual"
    SMALL_GROUP = "small_group"
    LARGE_GROUP = "large_group"


class Delivery(StrEnum):
    """Whether the provider works with the child or consults with the child's teachers."""

    DIRECT = "direct"
    CONSULTATION = "consultation"


class Period(StrEnum):
    """The period a service's sessions are counted per."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class Facility(StrEnum):
    """The kind of school or facility the child attends."""

    REGULAR_SCHOOL = "regular_school"
    SEPARATE_SCHOOL = "separate_school"
    RESIDENTIAL_FACILITY = "residential_facility"
    HOMEBOUND_HOSPITAL = "homebound_hospital"
    CORRECTIONAL_FACILITY = "correctional_facility"
    PRIVATE_SCHOOL_PARENT_PLACED = "private_school_parent_placed"


class AssessmentMode(StrEnum):
    """How the child takes part in state and district assessments (300.320(a)(6))."""

    REGULAR = "regular"
    REGULAR_WITH_ACCOMMODATIONS = "regular_with_accommodations"
    ALTERNATE = "alternate"


class TransitionDomain(StrEnum):
    """The areas of postsecondary goals, 34 CFR 300.320(b)(1)."""

    EDUCATION_TRAINING = "education_training"
    EMPLOYMENT = "employment"
    INDEPENDENT_LIVING = "independent_living"


# --- added in format v2 ----------------------------------------------------------------


class IdeaPart(StrEnum):
    """The part of the IDEA an evaluation or eligibility is under: B (ages 3-21) or C (0-2)."""

    PART_B = "part_b"
    PART_C = "part_c"


class EligibilityOutcome(StrEnum):
    """What the eligibility determination found (34 CFR 300.306(a)(1))."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"


class EligibilityDelayReason(StrEnum):
    """
    Why eligibility was determined after the timeline, as districts report it.

    ``parent_delay``: the parent did not make the child available or delayed the process;
    ``agency_delay``: a delay on the agency's side with no more specific reason;
    ``assessment_personnel_unavailable``: no qualified evaluator was available;
    ``contracted_report_late``: a contracted evaluator's report came late;
    ``scheduling``: the meeting could not be scheduled in time;
    ``part_c_transition``: a child referred from Part C close to the third birthday.
    """

    PARENT_DELAY = "parent_delay"
    AGENCY_DELAY = "agency_delay"
    ASSESSMENT_PERSONNEL_UNAVAILABLE = "assessment_personnel_unavailable"
    CONTRACTED_REPORT_LATE = "contracted_report_late"
    SCHEDULING = "scheduling"
    PART_C_TRANSITION = "part_c_transition"
    OTHER = "other"


class ExitReason(StrEnum):
    """
    Why a student left special education: the exit categories of the federal exiting count.

    ``transferred_to_regular_education``: no longer eligible, returned to regular education;
    ``moved_known_to_continue``: moved and known to be continuing in another program.
    """

    TRANSFERRED_TO_REGULAR_EDUCATION = "transferred_to_regular_education"
    GRADUATED_REGULAR_DIPLOMA = "graduated_regular_diploma"
    GRADUATED_ALTERNATE_DIPLOMA = "graduated_alternate_diploma"
    RECEIVED_CERTIFICATE = "received_certificate"
    REACHED_MAXIMUM_AGE = "reached_maximum_age"
    DIED = "died"
    MOVED_KNOWN_TO_CONTINUE = "moved_known_to_continue"
    DROPPED_OUT = "dropped_out"
    OTHER = "other"


class GoalType(StrEnum):
    """
    What a goal addresses: academic achievement or functional performance (300.320(a)(2)(i)).

    The ``transition_`` kinds are goals written for the secondary transition (300.320(b)).
    """

    ACADEMIC = "academic"
    FUNCTIONAL = "functional"
    TRANSITION_ACADEMIC = "transition_academic"
    TRANSITION_FUNCTIONAL = "transition_functional"
