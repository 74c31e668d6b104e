"""A completed course has a printable completion record that only its learner can open."""

import uuid

import pytest
from django.urls import reverse
from wagtail.models import Site

from core.models import StorybridgeSettings
from courses import enrolment as rules
from tests.factories import UserFactory


@pytest.fixture
def modules(make_module):
    return [make_module(title="Coming home"), make_module(title="Who helped")]


@pytest.fixture
def learner(db):
    return UserFactory(username="learner", first_name="Asha", last_name="<i>Patel</i>")


@pytest.fixture
def completed(learner, course, modules):
    settings = StorybridgeSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Northfield NHS Trust"
    settings.save()
    enrolment = rules.enrol(learner, course)
    for module in modules:
        rules.mark_module_complete(enrolment, module)
    enrolment.refresh_from_db()
    return enrolment


def record_url(enrolment):
    return reverse("courses:record", args=[enrolment.uuid])


def test_the_learner_sees_their_record(client, learner, completed):
    client.force_login(learner)

    html = client.get(record_url(completed)).content.decode()

    assert "<h1>Record of completion</h1>" in html
    assert "Asha &lt;i&gt;Patel&lt;/i&gt;" in html
    assert "Recovery basics" in html
    assert "Northfield NHS Trust" in html
    assert completed.completed_at.strftime("%-d %B %Y") in html
    assert "<li>Coming home</li>" in html and "<li>Who helped</li>" in html


def test_the_course_page_links_to_the_record(client, learner, completed, course):
    client.force_login(learner)

    html = client.get(course.url).content.decode()

    assert f'href="{record_url(completed)}"' in html
    assert "You completed this course on" in html


def test_the_record_is_not_found_for_anyone_else(client, completed):
    assert client.get(record_url(completed)).status_code == 404  # signed out: no hint it exists

    client.force_login(UserFactory(username="colleague"))
    assert client.get(record_url(completed)).status_code == 404

    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    assert client.get(record_url(completed)).status_code == 404


def test_an_unfinished_course_has_no_record(client, learner, course, modules):
    enrolment = rules.enrol(learner, course)
    rules.mark_module_complete(enrolment, modules[0])
    client.force_login(learner)

    assert client.get(record_url(enrolment)).status_code == 404


@pytest.mark.parametrize(
    "path", ["/courses/record/not-a-uuid/", "/courses/record/1/", "/courses/record/%00/"]
)
def test_tampered_record_addresses_are_not_found(client, learner, completed, path):
    client.force_login(learner)

    assert client.get(path).status_code == 404
    assert client.get(reverse("courses:record", args=[uuid.uuid4()])).status_code == 404
