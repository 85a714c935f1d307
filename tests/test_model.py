"""The model classes: construction invariants and derived values."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import iepmodel
from iepmodel import (
    IEP,
    Accommodation,
    AccommodationCategory,
    AccommodationContext,
    Attendance,
    DateRange,
    Excusal,
    Goal,
    GoalArea,
    InvariantError,
    Meeting,
    Participant,
    Period,
    Placement,
    PlanKind,
    ProgressEntry,
    ProgressStatus,
    Role,
    SchoolCalendar,
    Service,
    ServiceCategory,
    ServiceType,
    Student,
)

D = dt.date


def make_plan(**changes: object) -> IEP:
    values: dict[str, object] = {
        "id": "P1",
        "kind": PlanKind.ANNUAL,
        "student": Student(id="S1", name="Zelda Quux", date_of_birth=D(2015, 1, 22)),
        "start_date": D(2025, 10, 1),
        "end_date": D(2026, 9, 30),
    }
    values.update(changes)
    return IEP(**values)  # type: ignore[arg-type]


class TestInvariants:
    def test_end_before_start_is_refused(self) -> None:
        """A plan cannot end before it starts."""
        with pytest.raises(InvariantError) as info:
            make_plan(end_date=D(2025, 9, 30))

        assert info.value.field == "end_date"

    def test_end_on_start_is_allowed(self) -> None:
        """A one-day plan is a plan."""
        assert make_plan(end_date=D(2025, 10, 1)).end_date == D(2025, 10, 1)

    def test_born_on_start_date_is_refused(self) -> None:
        """The student must be born before the plan starts."""
        with pytest.raises(InvariantError) as info:
            make_plan(student=Student(id="S1", date_of_birth=D(2025, 10, 1)))

        assert info.value.field == "student.date_of_birth"
        assert "2025" not in str(info.value)

    def test_duplicate_goal_ids_are_refused(self) -> None:
        """Goal ids are unique within a plan; goals without ids are fine."""
        goal = Goal(id="G1", area=GoalArea.READING, statement="x")
        anonymous = Goal(area=GoalArea.READING, statement="y")
        make_plan(goals=(anonymous, anonymous, goal))

        with pytest.raises(InvariantError) as info:
            make_plan(goals=(goal, anonymous, goal))

        assert info.value.field == "goals[2].id"

    def test_unknown_schema_version_is_refused(self) -> None:
        """Only the versions this library reads are accepted."""
        with pytest.raises(InvariantError, match="unsupported schema version"):
            make_plan(schema_version=3)

    def test_a_version_1_plan_is_held_as_version_2(self) -> None:
        """Version 2 only adds optional fields: a v1 plan is the same plan in v2."""
        assert make_plan(schema_version=1).schema_version == 2
        assert make_plan(schema_version=1) == make_plan(schema_version=2)

    @pytest.mark.parametrize("minutes", [0, -5])
    def test_minutes_must_be_positive(self, minutes: int) -> None:
        """A service has more than zero minutes per session."""
        with pytest.raises(InvariantError, match="minutes"):
            Service(type=ServiceType.COUNSELING, minutes=minutes, start_date=D(2025, 1, 1))

    def test_sessions_must_be_positive(self) -> None:
        """A service has at least one session per period."""
        with pytest.raises(InvariantError, match="sessions"):
            Service(type=ServiceType.COUNSELING, minutes=30, sessions=0, start_date=D(2025, 1, 1))

    def test_service_end_before_start_is_refused(self) -> None:
        """A service's projected end is not before its start."""
        with pytest.raises(InvariantError, match="end_date"):
            Service(
                type=ServiceType.COUNSELING,
                minutes=30,
                start_date=D(2025, 1, 2),
                end_date=D(2025, 1, 1),
            )

    @pytest.mark.parametrize("percent", [-0.1, 100.5])
    def test_regular_class_percent_in_range(self, percent: float) -> None:
        """The share of the day in the regular class is 0 to 100."""
        with pytest.raises(InvariantError):
            Placement(regular_class_percent=percent)

    @pytest.mark.parametrize("percent", [0, 40, 80, 100])
    def test_regular_class_percent_bounds_allowed(self, percent: float) -> None:
        """0 and 100 themselves are valid shares."""
        assert Placement(regular_class_percent=percent).regular_class_percent == percent

    def test_participant_needs_a_role(self) -> None:
        """Everyone invited holds at least one role."""
        with pytest.raises(InvariantError, match="roles"):
            Participant(name="A", roles=())

    def test_excusal_only_when_excused(self) -> None:
        """An excusal goes with attendance excused, and only then."""
        Participant(
            name="A",
            roles=(Role.LEA_REPRESENTATIVE,),
            attendance=Attendance.EXCUSED,
            excusal=Excusal(area_discussed=True),
        )

        with pytest.raises(InvariantError, match="excusal"):
            Participant(name="A", roles=(Role.LEA_REPRESENTATIVE,), excusal=Excusal())

    def test_unknown_grade_is_refused(self) -> None:
        """Grades are PK, TK, K, 1 to 12 or UG."""
        with pytest.raises(InvariantError, match="grade"):
            Student(id="S", date_of_birth=D(2015, 1, 1), grade="13")

    def test_datetime_is_not_a_date(self) -> None:
        """A date with a time of day is refused: the model holds calendar dates."""
        with pytest.raises(InvariantError):
            Student(id="S", date_of_birth=dt.datetime(2015, 1, 1, 8, 0))  # noqa: DTZ001

    def test_accommodation_needs_a_context(self) -> None:
        """An accommodation applies somewhere; instruction when the document is silent."""
        with pytest.raises(InvariantError):
            Accommodation(description="x", category=AccommodationCategory.SETTING, contexts=())

    def test_objects_are_immutable(self) -> None:
        """Plans are changed with attrs.evolve, never in place."""
        plan = make_plan()

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            plan.id = "P2"  # type: ignore[misc]
        assert attrs.evolve(plan, id="P2").id == "P2"


class TestDerivedValues:
    def test_age_on_counts_full_years(self) -> None:
        """Age is full years completed; the birthday itself completes the year."""
        student = Student(id="S", date_of_birth=D(2015, 1, 22))

        assert student.age_on(D(2025, 1, 21)) == 9
        assert student.age_on(D(2025, 1, 22)) == 10

    def test_leap_day_birthday_conventions(self) -> None:
        """A Feb 29 birthday falls on Feb 28 (default) or Mar 1 in common years."""
        student = Student(id="S", date_of_birth=D(2008, 2, 29))

        assert student.birthday(18) == D(2026, 2, 28)
        assert student.birthday(18, leap="mar1") == D(2026, 3, 1)
        assert student.birthday(16) == D(2024, 2, 29)
        assert student.age_on(D(2026, 2, 28)) == 18
        assert student.age_on(D(2026, 2, 28), leap="mar1") == 17

    def test_half_year_birthday(self) -> None:
        """14½ is the birthday plus 14 years and 6 months (Illinois)."""
        assert iepmodel.birthday(D(2010, 8, 31), 14, 6) == D(2025, 2, 28)

    def test_age_before_birth_is_an_error(self) -> None:
        """Asking an age before birth is a mistake, not zero."""
        with pytest.raises(ValueError, match="before the date of birth"):
            iepmodel.age_on(D(2015, 1, 1), D(2014, 1, 1))

    @pytest.mark.parametrize(
        ("per", "sessions", "expected"),
        [
            (Period.DAY, 1, 150.0),
            (Period.WEEK, 2, 60.0),
            (Period.MONTH, 4, 120 / 4.33),
            (Period.YEAR, 36, 30.0),
        ],
    )
    def test_minutes_per_week_conversions(
        self, per: Period, sessions: int, expected: float
    ) -> None:
        """Day ×5, week as is, month ÷4.33, year ÷36 by default."""
        service = Service(
            type=ServiceType.COUNSELING,
            minutes=30,
            sessions=sessions,
            per=per,
            start_date=D(2025, 1, 1),
        )

        assert service.minutes_per_week() == pytest.approx(expected)

    def test_minutes_per_week_parameters(self) -> None:
        """The conversions are parameters."""
        daily = Service(
            type=ServiceType.COUNSELING, minutes=30, per=Period.DAY, start_date=D(2025, 1, 1)
        )

        assert daily.minutes_per_week(school_days_per_week=4) == 120.0

    def test_category_derived_from_type(self) -> None:
        """A service's category follows its type unless the document says otherwise."""

        def service(t: ServiceType, **kw: object) -> Service:
            return Service(type=t, minutes=30, start_date=D(2025, 1, 1), **kw)  # type: ignore[arg-type]

        assert (
            service(ServiceType.SPECIALIZED_INSTRUCTION).category
            is ServiceCategory.SPECIAL_EDUCATION
        )
        assert service(ServiceType.SPEECH_LANGUAGE).category is ServiceCategory.RELATED
        assert (
            service(ServiceType.ASSISTIVE_TECHNOLOGY).category is ServiceCategory.SUPPLEMENTARY_AID
        )
        assert service(ServiceType.OTHER).category is None
        assert (
            service(ServiceType.OTHER, category=ServiceCategory.PERSONNEL_SUPPORT).category
            is ServiceCategory.PERSONNEL_SUPPORT
        )

    def test_role_coverage(self) -> None:
        """Present and excused holders cover a role; absent ones do not; one person, two roles."""
        meeting = Meeting(
            date=D(2025, 10, 1),
            participants=(
                Participant(
                    name="A", roles=(Role.SPECIAL_EDUCATION_TEACHER, Role.EVALUATION_INTERPRETER)
                ),
                Participant(
                    name="B", roles=(Role.LEA_REPRESENTATIVE,), attendance=Attendance.EXCUSED
                ),
                Participant(name="C", roles=(Role.PARENT,), attendance=Attendance.ABSENT),
            ),
        )

        assert meeting.covers(Role.SPECIAL_EDUCATION_TEACHER)
        assert meeting.covers(Role.EVALUATION_INTERPRETER)
        assert meeting.covers(Role.LEA_REPRESENTATIVE)
        assert not meeting.covers(Role.PARENT)
        assert meeting.invited(Role.PARENT)
        assert not meeting.invited(Role.STUDENT)
        assert len(meeting.holders(Role.PARENT)) == 1

    def test_plan_helpers(self) -> None:
        """Plans answer the questions users would otherwise compute by hand."""
        goal = Goal(
            id="G1",
            area=GoalArea.READING,
            statement="x",
            criterion="c",
            measurement="m",
            progress=(
                ProgressEntry(date=D(2025, 12, 1), status=ProgressStatus.MASTERED),
                ProgressEntry(date=D(2025, 11, 1), status=ProgressStatus.NOT_INTRODUCED),
            ),
        )
        plan = make_plan(goals=(goal,))

        assert plan.goal("G1") is goal
        assert plan.goal("G9") is None
        assert goal.is_measurable
        assert goal.latest_progress is not None
        assert goal.latest_progress.status is ProgressStatus.MASTERED
        assert plan.in_effect_on(D(2026, 9, 30))
        assert not plan.in_effect_on(D(2026, 10, 1))
        assert plan.history_date == D(2025, 10, 1)
        assert plan.meeting_date is None
        assert plan.student_age_on_start == 10

    def test_accommodation_contexts(self) -> None:
        """Accommodations say where they apply."""
        a = Accommodation(
            description="x",
            category=AccommodationCategory.TIMING_SCHEDULING,
            contexts=(AccommodationContext.STATE_ASSESSMENT,),
        )

        assert a.applies_to(AccommodationContext.STATE_ASSESSMENT)
        assert not a.applies_to(AccommodationContext.INSTRUCTION)


class TestCalendar:
    def test_school_days(self) -> None:
        """Weekdays inside a term that are not closed are school days."""
        calendar = SchoolCalendar(
            name="c",
            terms=(DateRange(start=D(2024, 8, 26), end=D(2025, 6, 6)),),
            closed=(D(2024, 9, 2), DateRange(start=D(2024, 12, 23), end=D(2025, 1, 3))),
        )

        assert calendar.is_school_day(D(2024, 8, 26))
        assert not calendar.is_school_day(D(2024, 8, 25))  # Sunday, before the term
        assert not calendar.is_school_day(D(2024, 9, 2))  # closed
        assert not calendar.is_school_day(D(2024, 12, 30))  # inside a closed range
        assert not calendar.is_school_day(D(2025, 6, 9))  # after the term
        assert calendar.first_day == D(2024, 8, 26)
        assert calendar.last_day == D(2025, 6, 6)

    def test_range_end_before_start_refused(self) -> None:
        """A range ends on or after it starts."""
        with pytest.raises(InvariantError):
            DateRange(start=D(2025, 1, 2), end=D(2025, 1, 1))


class TestPrivacy:
    def test_repr_hides_personal_data(self) -> None:
        """repr never shows the child's name, date of birth or free text."""
        plan = make_plan(goals=(Goal(id="G1", area=GoalArea.READING, statement="Secret text"),))
        text = repr(plan)

        assert "Zelda" not in text
        assert "2015" not in text
        assert "Secret" not in text
