"""`repr` (and `str`) of the model never shows a name, a date of birth or free text."""

from __future__ import annotations

import datetime as dt

from hypothesis import given

import iepmodel
from document_helpers import NAMES, TEXTS, nodes, personal_data, private_plans
from iepmodel.testing import strategies as ist


def _shown(obj: object) -> list[str]:
    return [repr(obj), str(obj), format(obj)]


class TestPlans:
    @given(private_plans())
    def test_no_object_of_a_plan_shows_personal_data(self, plan: iepmodel.IEP) -> None:
        """Neither the plan nor any object inside it shows a name, the birth date or text."""
        secrets = personal_data(plan)
        for node in nodes(plan):
            for text in _shown(node.obj):
                for secret in secrets:
                    assert secret not in text, node.path

    @given(ist.compliant_plans(names=NAMES, texts=TEXTS, as_of=dt.date(2025, 10, 2)))
    def test_compliant_plans_too(self, plan: iepmodel.IEP) -> None:
        """Full teams, transition plans and notices show no personal data either."""
        secrets = personal_data(plan)
        for node in nodes(plan):
            for text in _shown(node.obj):
                for secret in secrets:
                    assert secret not in text, node.path

    @given(private_plans())
    def test_the_repr_still_identifies_the_plan(self, plan: iepmodel.IEP) -> None:
        """What is safe to show is shown: the plan's id, kind and the student's id."""
        text = repr(plan)

        assert repr(plan.id) in text
        assert repr(plan.student.id) in text
        assert plan.kind.value in text


class TestParts:
    @given(ist.students(names=NAMES))
    def test_a_student_shows_neither_name_nor_birth_date(self, student: iepmodel.Student) -> None:
        """A student's repr leaves out the name and the date of birth, in any form."""
        born = student.date_of_birth
        for text in _shown(student):
            assert student.name is None or student.name not in text
            assert born.isoformat() not in text
            assert repr(born) not in text

    @given(ist.participants(names=NAMES))
    def test_a_participant_shows_no_name(self, person: iepmodel.Participant) -> None:
        """A team member's repr leaves out the name (and still shows the roles)."""
        assert person.name not in repr(person)
        assert all(role.value in repr(person) for role in person.roles)
