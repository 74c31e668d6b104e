"""Joining a cohort with its code: case and spaces do not matter; unknown, not-yet-open and
closed codes get a plain message and store nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from courses import enrolment as rules
from courses.models import Enrolment
from tests.factories import CohortFactory, UserFactory

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


def join_with_code(user, code):
    """What the join page does with a valid form: the open cohort of the code, then enrol."""
    cohort = rules.find_open_cohort(code)
    return rules.enrol(user, cohort.course, cohort=cohort)


@pytest.fixture
def learner(db):
    return UserFactory(username="learner")


@pytest.fixture
def cohort(course):
    return CohortFactory(course=course, name="September intake", join_code="ACDE7FGH")


@pytest.mark.parametrize("typed", ["ACDE7FGH", "acde7fgh", "  acde 7fgh ", "ACDE-7FGH"])
def test_a_code_is_matched_whatever_its_case_and_spacing(learner, cohort, typed):
    enrolment = join_with_code(learner, typed)

    assert enrolment.cohort == cohort
    assert enrolment.course.pk == cohort.course.pk
    assert enrolment.user == learner


@pytest.mark.parametrize(
    "code, starts_on, ends_on, message",
    [
        ("NOTACODE", TODAY - DAY, None, "We could not find a course with that code."),
        ("", TODAY - DAY, None, "Enter the join code your educator gave you."),
        ("ACDE7FGH", TODAY + DAY, None, "That code works from"),
        ("ACDE7FGH", TODAY - 10 * DAY, TODAY - DAY, "That code has closed."),
    ],
)
def test_unknown_or_closed_codes_give_a_plain_error_and_store_nothing(
    learner, cohort, code, starts_on, ends_on, message
):
    cohort.starts_on, cohort.ends_on = starts_on, ends_on
    cohort.save()

    with pytest.raises(ValidationError) as error:
        join_with_code(learner, code)

    assert message in error.value.messages[0]
    assert not Enrolment.objects.exists()


def test_a_code_works_on_its_first_and_last_day(learner, cohort):
    cohort.starts_on = cohort.ends_on = TODAY
    cohort.save()

    assert join_with_code(learner, "acde7fgh").cohort == cohort


def test_the_join_page_enrols_and_goes_to_the_course(client, learner, cohort):
    client.force_login(learner)

    response = client.post(reverse("courses:join"), {"code": " acde7fgh "}, follow=True)

    assert response.redirect_chain[-1][0] == cohort.course.url
    html = response.content.decode()
    assert "You have joined September intake on Recovery basics." in html
    assert Enrolment.objects.get(user=learner).cohort == cohort


def test_the_join_page_explains_a_wrong_code_next_to_the_field(client, learner, cohort):
    client.force_login(learner)

    response = client.post(reverse("courses:join"), {"code": "<b>WRONG</b>"})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("We could not find a course with that code.") == 2  # summary and field
    assert 'href="#id_code"' in html
    assert 'aria-invalid="true"' in html
    assert "&lt;b&gt;WRONG&lt;/b&gt;" in html and "<b>WRONG</b>" not in html
    assert not Enrolment.objects.exists()


def test_the_join_page_needs_a_signed_in_learner(client, cohort):
    response = client.post(reverse("courses:join"), {"code": "ACDE7FGH"})

    assert response.status_code == 302
    assert "next=/join/" in response["Location"]
    assert not Enrolment.objects.exists()


def test_the_join_form_is_csrf_protected(client, learner, cohort):
    client = type(client)(enforce_csrf_checks=True)
    client.force_login(learner)

    assert client.post(reverse("courses:join"), {"code": "ACDE7FGH"}).status_code == 403
    assert not Enrolment.objects.exists()
