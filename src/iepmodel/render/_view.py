"""
What a page shows: the plan read into plain, translated values for one audience.

The templates lay the page out and hold the interface text; this module decides what of
the plan each audience sees (the privacy rules of ``docs/render.md``) and turns dates,
numbers and codes into words in the page's language. Nothing here builds markup: every
value is plain text, escaped by the template engine.

What each audience gets:

- **teacher**: the student's name and grade, accommodations by setting, modifications,
  services, time in general education, state test participation, goals with their
  targets, and the school staff to ask. No date of birth, disability category,
  evaluation, present levels, parents' names or family dates.
- **family**: the same provisions plus the present levels (strengths and needs), the
  latest progress, secondary transition, the dates that matter and the staff to ask.
  No date of birth is printed; the rights-transfer date is a birthday by nature and is
  shown only when the plan must already speak of it.
- **student**: first person, no name (a page left on a desk does not say whose it is),
  goals, supports, services, post-school goals and the staff to ask; the rights transfer
  in words, without a date.
"""

from __future__ import annotations

import datetime as dt
import gettext
from collections.abc import Iterable
from typing import Literal

import attrs
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from iepmodel._content import Goal
from iepmodel._enums import (
    AccommodationContext,
    Facility,
    MeetingPurpose,
    Period,
    PlanKind,
    Role,
)
from iepmodel._plan import IEP
from iepmodel._services import Service
from iepmodel.analysis.minutes import Conversions
from iepmodel.jurisdictions import Profile
from iepmodel.timelines import (
    age_of_majority_date,
    annual_review_due,
    reevaluation_due,
    rights_transfer_notice_date,
)

from ._i18n import enum_label

__all__ = [
    "Audience",
    "Contact",
    "GoalView",
    "KeyDate",
    "Labelled",
    "PageView",
    "ServiceView",
    "build_view",
]

Audience = Literal["teacher", "family", "student"]

# Whom each audience may be pointed to: school staff only. Parents, the student and
# interpreters are never listed; an outside agency matters to the family (transition).
_STAFF_ROLES: dict[str, tuple[Role, ...]] = {
    "teacher": (
        Role.SPECIAL_EDUCATION_TEACHER,
        Role.SPECIAL_EDUCATION_PROVIDER,
        Role.RELATED_SERVICE_PROVIDER,
        Role.LEA_REPRESENTATIVE,
    ),
    "family": (
        Role.SPECIAL_EDUCATION_TEACHER,
        Role.REGULAR_EDUCATION_TEACHER,
        Role.SPECIAL_EDUCATION_PROVIDER,
        Role.RELATED_SERVICE_PROVIDER,
        Role.LEA_REPRESENTATIVE,
        Role.PART_C_SERVICE_COORDINATOR,
        Role.AGENCY_REPRESENTATIVE,
    ),
    "student": (
        Role.SPECIAL_EDUCATION_TEACHER,
        Role.REGULAR_EDUCATION_TEACHER,
        Role.SPECIAL_EDUCATION_PROVIDER,
        Role.RELATED_SERVICE_PROVIDER,
    ),
}

_CONVERSIONS = Conversions()  # the library's stated minutes-a-week conventions
_REVIEW_KINDS = (PlanKind.INITIAL, PlanKind.ANNUAL, PlanKind.REEVALUATION)


@attrs.frozen(kw_only=True)
class Labelled:
    """A piece of plan text with a translated label (and an optional second text)."""

    label: str
    text: str
    detail: str | None = None


@attrs.frozen(kw_only=True)
class ServiceView:
    """One service in words: what, how often, how much a week, where, by whom."""

    name: str
    description: str | None
    provider: str | None
    frequency: str
    weekly: str
    where: str | None
    setting: str
    group: str
    delivery: str
    starts: str | None
    ends: str | None


@attrs.frozen(kw_only=True)
class GoalView:
    """One annual goal in words."""

    area: str
    statement: str
    target: str | None
    measured: str | None
    objectives: tuple[str, ...]
    progress: str | None
    progress_date: str | None


@attrs.frozen(kw_only=True)
class Contact:
    """A member of the school staff to ask: their roles (translated) and name."""

    roles: str
    name: str


@attrs.frozen(kw_only=True)
class KeyDate:
    """A date that matters to the family, with what it is and a note."""

    what: str
    when: str
    note: str | None = None


@attrs.frozen(kw_only=True)
class PageView:
    """Everything one page shows, already in the page's language."""

    audience: Audience
    lang: str
    student_name: str | None
    grade: str | None
    starts: str
    ends: str
    draft: bool
    accommodations: tuple[tuple[str, tuple[Labelled, ...]], ...]
    supports: tuple[str, ...]
    modifications: tuple[Labelled, ...]
    services: tuple[ServiceView, ...]
    weekly_total: str | None
    goals: tuple[GoalView, ...]
    present_levels: tuple[Labelled, ...]
    regular_class: str | None
    facility: str | None
    early_childhood_hours: str | None
    assessment: str | None
    postsecondary_goals: tuple[Labelled, ...]
    transition_services: tuple[Labelled, ...]
    course_of_study: str | None
    progress_frequency: str | None
    progress_method: str | None
    dates: tuple[KeyDate, ...]
    contacts: tuple[Contact, ...]
    rights_transfer: bool
    majority_age: int
    extended_school_year: str | None
    shortened_day: str | None


def _grade(grade: str | None, t: gettext.NullTranslations) -> str | None:
    if grade is None:
        return None
    named = {
        "PK": t.gettext("Pre-kindergarten"),
        "TK": t.gettext("Transitional kindergarten"),
        "K": t.gettext("Kindergarten"),
        "UG": t.gettext("Ungraded"),
    }
    return named.get(grade) or t.gettext("Grade %(grade)s") % {"grade": grade}


def _frequency(service: Service, t: gettext.NullTranslations, lang: str) -> str:
    n = service.sessions
    times = {
        Period.DAY: t.ngettext("%(num)s time a day", "%(num)s times a day", n),
        Period.WEEK: t.ngettext("%(num)s time a week", "%(num)s times a week", n),
        Period.MONTH: t.ngettext("%(num)s time a month", "%(num)s times a month", n),
        Period.YEAR: t.ngettext("%(num)s time a year", "%(num)s times a year", n),
    }[service.per] % {"num": format_decimal(n, locale=lang)}
    minutes = t.ngettext("%(num)s minute", "%(num)s minutes", service.minutes) % {
        "num": format_decimal(service.minutes, locale=lang)
    }
    return t.gettext("%(minutes)s, %(times)s") % {"minutes": minutes, "times": times}


def _weekly(minutes: float, exact: bool, t: gettext.NullTranslations, lang: str) -> str:
    whole = round(minutes)
    text = format_decimal(whole, locale=lang)
    if exact:
        return t.ngettext("%(num)s minute a week", "%(num)s minutes a week", whole) % {"num": text}
    return t.ngettext("about %(num)s minute a week", "about %(num)s minutes a week", whole) % {
        "num": text
    }


def _service(plan: IEP, service: Service, t: gettext.NullTranslations, lang: str) -> ServiceView:
    starts = service.start_date if service.start_date > plan.start_date else None
    ends = service.end_date if service.end_date is not None else plan.end_date
    return ServiceView(
        name=enum_label(service.type, t),
        description=service.description,
        provider=service.provider,
        frequency=_frequency(service, t, lang),
        weekly=_weekly(_CONVERSIONS.weekly(service), service.per is Period.WEEK, t, lang),
        where=service.location,
        setting=enum_label(service.setting, t),
        group=enum_label(service.group, t),
        delivery=enum_label(service.delivery, t),
        starts=_date(starts, lang) if starts is not None else None,
        ends=_date(ends, lang) if ends < plan.end_date else None,
    )


def _date(day: dt.date, lang: str) -> str:
    return format_date(day, format="long", locale=lang)


def _accommodations(
    plan: IEP, t: gettext.NullTranslations
) -> tuple[tuple[str, tuple[Labelled, ...]], ...]:
    groups: list[tuple[str, tuple[Labelled, ...]]] = []
    for context in AccommodationContext:
        items = tuple(
            Labelled(label=enum_label(a.category, t), text=a.description)
            for a in plan.accommodations
            if a.applies_to(context)
        )
        groups.append((enum_label(context, t), items))
    return tuple(groups)


def _goal(goal: Goal, t: gettext.NullTranslations, lang: str, audience: Audience) -> GoalView:
    # The teacher collects data toward the target, so sees how it is measured; the
    # family sees the latest report; the student sees the goal itself, in short.
    latest = goal.latest_progress if audience == "family" else None
    return GoalView(
        area=enum_label(goal.area, t),
        statement=goal.statement,
        target=goal.criterion if audience != "student" else None,
        measured=goal.measurement if audience == "teacher" else None,
        objectives=tuple(o.statement for o in goal.objectives) if audience == "teacher" else (),
        progress=enum_label(latest.status, t) if latest is not None else None,
        progress_date=_date(latest.date, lang) if latest is not None else None,
    )


def _contacts(
    plan: IEP, audience: Audience, t: gettext.NullTranslations, lang: str
) -> tuple[Contact, ...]:
    if plan.meeting is None:
        return ()
    wanted = _STAFF_ROLES[audience]
    ranked: list[tuple[int, Contact]] = []
    for person in plan.meeting.participants:
        roles = [role for role in wanted if person.holds(role)]
        if not roles:
            continue
        labels = [enum_label(role, t) for role in roles]
        contact = Contact(roles=format_list(labels, locale=lang), name=person.name)
        ranked.append((wanted.index(roles[0]), contact))
    # In the order of `_STAFF_ROLES`: the special education teacher, usually the case
    # manager, first; people of the same role as the plan lists them (the sort is stable).
    return tuple(contact for _, contact in sorted(ranked, key=lambda pair: pair[0]))


def _last_review(plan: IEP) -> dt.date | None:
    """The meeting the next annual review counts from, when this plan had one."""
    meeting = plan.meeting
    if meeting is None:
        return None
    if plan.kind in _REVIEW_KINDS or MeetingPurpose.ANNUAL_REVIEW in meeting.purposes:
        return meeting.date
    return None  # an amendment does not reset the annual review (34 CFR 300.324(a)(4))


def _family_dates(
    plan: IEP, profile: Profile, t: gettext.NullTranslations, lang: str, rights: bool
) -> tuple[KeyDate, ...]:
    dates: list[KeyDate] = [
        KeyDate(
            what=t.gettext("End of this plan"),
            when=_date(plan.end_date, lang),
        )
    ]
    review = _last_review(plan)
    if review is not None:
        due = annual_review_due(review, profile)  # 34 CFR 300.324(b)(1)
        dates.append(
            KeyDate(
                what=t.gettext("Next yearly IEP meeting, at the latest"),
                when=_date(due.date, lang),
                note=t.gettext("The team reviews the plan at least once a year."),
            )
        )
    last = plan.last_completed_evaluation()
    if last is not None and last.completed_date is not None:
        due = reevaluation_due(  # 34 CFR 300.303(b)(2)
            last.completed_date,
            waiver=plan.reevaluation_waiver_date,
            category=plan.student.primary_disability,
            profile=profile,
        )
        dates.append(
            KeyDate(
                what=t.gettext("Next reevaluation, at the latest"),
                when=_date(due.date, lang),
                note=t.gettext(
                    "You can ask for a reevaluation sooner, but not more than once a year "
                    "unless you and the school agree."
                ),
            )
        )
    if rights:
        majority = age_of_majority_date(plan.student.date_of_birth, profile)
        dates.append(
            KeyDate(
                what=t.gettext("Rights transfer to the student"),
                when=_date(majority.date, lang),
                note=t.gettext(
                    "At %(age)s, the rights you have under special education law pass to "
                    "your child."
                )
                % {"age": format_decimal(profile.age_of_majority, locale=lang)},
            )
        )
    return tuple(dates)


def _extended_school_year(plan: IEP, t: gettext.NullTranslations) -> str | None:
    if plan.extended_school_year is None:
        return None  # not recorded
    if plan.extended_school_year:
        return t.gettext(
            "Services continue during the summer or other school breaks (extended school year)."
        )
    return t.gettext("No services during the summer or other school breaks.")


def _shortened_day(plan: IEP, t: gettext.NullTranslations, lang: str) -> str | None:
    if not plan.shortened_school_day:
        return None
    hours = plan.hours_reduced_per_week
    if not hours:
        return t.gettext("The school day is shortened.")
    return t.gettext(
        "The school day is shortened: %(hours)s hours a week less than for other students."
    ) % {"hours": format_decimal(hours, locale=lang)}


def _rights_transfer(plan: IEP, profile: Profile) -> bool:
    """Whether the plan must already speak of the rights that transfer (300.320(c))."""
    notice = rights_transfer_notice_date(plan.student.date_of_birth, profile)
    return plan.end_date >= notice.date


def build_view(
    plan: IEP, audience: Audience, lang: str, t: gettext.NullTranslations, profile: Profile
) -> PageView:
    """Read *plan* into the values a page for *audience* in *lang* shows."""
    teacher, family, student = audience == "teacher", audience == "family", audience == "student"
    placement, transition = plan.placement, plan.transition
    rights = _rights_transfer(plan, profile) and not teacher
    total = sum(_CONVERSIONS.weekly(service) for service in plan.services)
    all_weekly = all(service.per is Period.WEEK for service in plan.services)
    supports = _unique(a.description for a in plan.accommodations)
    return PageView(
        audience=audience,
        lang=lang,
        student_name=None if student else plan.student.name,
        grade=_grade(plan.student.grade, t),
        starts=_date(plan.start_date, lang),
        ends=_date(plan.end_date, lang),
        draft=not plan.is_final,
        accommodations=_accommodations(plan, t),
        supports=supports,
        modifications=tuple(
            Labelled(
                label=format_list(list(m.subjects), locale=lang) if m.subjects else "",
                text=m.description,
            )
            for m in plan.modifications
        ),
        services=tuple(_service(plan, service, t, lang) for service in plan.services),
        weekly_total=_weekly(total, all_weekly, t, lang) if plan.services else None,
        goals=tuple(_goal(goal, t, lang, audience) for goal in plan.goals),
        present_levels=tuple(
            Labelled(label=enum_label(level.area, t), text=level.strengths, detail=level.needs)
            for level in plan.present_levels
        )
        if family
        else (),
        regular_class=format_percent(placement.regular_class_percent / 100, locale=lang)
        if placement is not None and not student
        else None,
        # The kind of school is news only when it is not the usual one.
        facility=enum_label(placement.facility, t)
        if placement is not None and placement.facility is not Facility.REGULAR_SCHOOL
        else None,
        early_childhood_hours=format_decimal(placement.early_childhood_program_hours, locale=lang)
        if placement is not None
        and placement.early_childhood_program_hours is not None
        and not student
        else None,
        assessment=enum_label(plan.assessment.mode, t)
        if plan.assessment is not None and not student
        else None,
        postsecondary_goals=tuple(
            Labelled(label=enum_label(g.domain, t), text=g.statement)
            for g in transition.postsecondary_goals
        )
        if transition is not None and not teacher
        else (),
        transition_services=tuple(
            Labelled(
                label=enum_label(s.domain, t) if s.domain is not None else "",
                text=s.description,
                detail=s.agency,
            )
            for s in transition.services
        )
        if transition is not None and not teacher
        else (),
        course_of_study=transition.course_of_study if transition is not None and family else None,
        progress_frequency=plan.progress_reporting.frequency
        if plan.progress_reporting is not None and family
        else None,
        progress_method=plan.progress_reporting.method
        if plan.progress_reporting is not None and family
        else None,
        dates=_family_dates(plan, profile, t, lang, rights) if family else (),
        contacts=_contacts(plan, audience, t, lang),
        rights_transfer=rights,
        majority_age=profile.age_of_majority,
        extended_school_year=None if student else _extended_school_year(plan, t),
        shortened_day=None if student else _shortened_day(plan, t, lang),
    )


def _unique(texts: Iterable[str]) -> tuple[str, ...]:
    """*texts* without repeats, in first-seen order."""
    return tuple(dict.fromkeys(texts))
