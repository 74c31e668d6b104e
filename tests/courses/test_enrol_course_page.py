"""The course page offers each person the right next step: sign in, enrol, or continue."""

import pytest
from django.urls import reverse

from courses import enrolment as rules
from courses.models import Enrolment
from tests.factories import UserFactory
from tests.slots import REQUIRED_REFLECTION


@pytest.fixture
def modules(make_module):
    return [
        make_module(title="Coming home", body=REQUIRED_REFLECTION),
        make_module(title="Who helped", body=REQUIRED_REFLECTION),
    ]


@pytest.fixture
def learner(db):
    return UserFactory(username="learner")


def test_a_signed_out_visitor_is_asked_to_sign_in(client, course, modules):
    html = client.get(course.url).content.decode()

    assert "Sign in to start" in html
    assert f"?next={course.url}" in html
    assert "Enrol on this course" not in html


def test_a_signed_in_learner_can_enrol_with_a_form(client, course, modules, learner):
    client.force_login(learner)

    html = client.get(course.url).content.decode()

    assert "Sign in to start" not in html
    assert f'<form method="post" action="{reverse("courses:enrol", args=[course.pk])}"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Enrol on this course" in html
    assert "Not started" not in html


def test_enrolling_stores_one_enrolment_and_shows_progress(client, course, modules, learner):
    client.force_login(learner)
    url = reverse("courses:enrol", args=[course.pk])

    client.post(url)
    response = client.post(url, follow=True)

    assert Enrolment.objects.filter(user=learner, course=course).count() == 1
    html = response.content.decode()
    assert "You are enrolled on Recovery basics." in html
    assert "Enrol on this course" not in html
    assert html.count("Not started") == 2
    # Nothing started yet: the first step is to start, not to continue.
    assert f'href="{modules[0].url}">Start: Coming home' in html
    assert "Continue:" not in html


def test_an_enrolled_learner_sees_states_in_words_and_continues_where_they_left_off(
    client, course, modules, learner
):
    enrolment = rules.enrol(learner, course)
    client.force_login(learner)
    client.get(modules[0].url)
    client.get(modules[1].url)
    rules.mark_module_complete(enrolment, modules[0])

    html = client.get(course.url).content.decode()

    assert '<span class="progress-state">Complete</span>' in html
    assert '<span class="progress-state">Started</span>' in html
    assert f'href="{modules[1].url}">Continue: Who helped' in html


def test_enrolling_needs_post_a_live_course_and_a_signed_in_learner(
    client, course, modules, learner
):
    url = reverse("courses:enrol", args=[course.pk])
    assert client.post(url).status_code == 302  # to sign in
    client.force_login(learner)
    assert client.get(url).status_code == 405
    assert client.post(reverse("courses:enrol", args=[999999])).status_code == 404
    assert client.post(reverse("courses:enrol", args=[modules[0].pk])).status_code == 404
    course.unpublish()
    assert client.post(url).status_code == 404
    assert not Enrolment.objects.exists()


def test_enrolling_from_a_module_returns_there_but_never_off_site(client, course, modules, learner):
    client.force_login(learner)
    url = reverse("courses:enrol", args=[course.pk])

    assert client.post(url, {"next": modules[1].url})["Location"] == modules[1].url
    assert client.post(url, {"next": "https://evil.example/"})["Location"] == course.url
