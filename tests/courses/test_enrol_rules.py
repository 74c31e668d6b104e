"""enrol() is idempotent, including when two requests enrol the same learner at once."""

from unittest import mock

import pytest
from django.db.models import QuerySet

from courses import enrolment as rules
from courses.models import Enrolment
from tests.factories import CohortFactory, CoursePageFactory, UserFactory


@pytest.fixture
def learner(db):
    return UserFactory(username="learner")


def test_enrolling_twice_returns_the_same_enrolment(learner, course):
    first = rules.enrol(learner, course)
    second = rules.enrol(learner, course)

    assert first.pk == second.pk
    assert first.uuid == second.uuid
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_each_enrolment_has_its_own_uuid(learner, course, course_index):
    other_course = CoursePageFactory(parent=course_index)
    assert rules.enrol(learner, course).uuid != rules.enrol(learner, other_course).uuid


def test_concurrent_enrolment_stores_one_row(learner, course):
    """The second request did not see the first's row when it looked, then inserts: the unique
    constraint refuses the insert and the existing enrolment is returned."""
    existing = rules.enrol(learner, course)
    real_get = QuerySet.get
    calls = {"n": 0}

    def get_missing_once(self, *args, **kwargs):
        calls["n"] += 1
        if self.model is Enrolment and calls["n"] == 1:
            raise Enrolment.DoesNotExist
        return real_get(self, *args, **kwargs)

    with mock.patch.object(QuerySet, "get", get_missing_once):
        raced = rules.enrol(learner, course)

    assert raced.pk == existing.pk
    assert calls["n"] >= 2
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_joining_a_cohort_attaches_it_to_an_enrolment_without_one(learner, course):
    cohort = CohortFactory(course=course)
    self_enrolled = rules.enrol(learner, course)

    joined = rules.enrol(learner, course, cohort=cohort)

    assert joined.pk == self_enrolled.pk
    assert Enrolment.objects.get(pk=joined.pk).cohort == cohort


def test_joining_another_cohort_keeps_the_first(learner, course):
    first, second = CohortFactory(course=course), CohortFactory(course=course)
    rules.enrol(learner, course, cohort=first)

    rules.enrol(learner, course, cohort=second)

    assert Enrolment.objects.get(user=learner, course=course).cohort == first
