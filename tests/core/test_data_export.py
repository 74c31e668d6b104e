"""A signed-in person downloads everything held about them (issue 5: "A learner's data export
includes their statements"), and only that."""

import json

import pytest
from django.urls import reverse

from tests.core.personal_data import learner_with_everything
from tracking.models import Statement

OWN_TEXT = "The night shift when I finally asked for help."
OTHER_TEXT = "Something only Bea wrote, about her brother."


@pytest.fixture
def people(course, make_module):
    owner, enrolment, instrument = learner_with_everything(course, make_module, "ada", OWN_TEXT)
    other, _, _ = learner_with_everything(
        course, make_module, "bea", OTHER_TEXT, instrument=instrument
    )
    return {"owner": owner, "enrolment": enrolment, "other": other}


def download(client, user):
    client.force_login(user)
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="storybridge-my-data-')
    assert "no-store" in response["Cache-Control"]
    return response


def test_the_export_holds_everything_about_the_person(client, people):
    owner = people["owner"]
    data = json.loads(download(client, owner).content)
    account = data["account"]
    assert account["email"] == "ada@example.org"
    assert (account["first_name"], account["last_name"]) == ("Ada", "Tester")
    assert account["role"] == "Nursing trainee"
    assert account["organisation"] == "Ward of ada"
    assert account["date_joined"]
    assert data["preferences"]["warning_mode"] == "Only warn me about the topics I choose"
    assert len(data["preferences"]["topics"]) == 1
    [enrolment] = data["enrolments"]
    assert enrolment["registration"] == str(people["enrolment"].uuid)
    assert enrolment["cohort"] == "Cohort of ada"
    assert [p["module"] for p in enrolment["progress"]] == ["Module of ada"]
    assert enrolment["progress"][0]["completed"]
    assert enrolment["narrative_decisions"][0]["narrative"] == "Story for ada"
    [response] = enrolment["questionnaire_responses"]
    assert [a["value"] for a in response["answers"]] == [4, 2, 5, 1]
    assert response["status"] == "Submitted" and response["scores"]
    [answer] = enrolment["knowledge_check_answers"]
    assert (answer["answers_chosen"], answer["right"], answer["times_answered"]) == ([0], True, 1)
    [reflection] = data["reflections"]
    assert reflection["text"] == OWN_TEXT and reflection["prompt"] == "What stayed with you?"
    stored = list(Statement.objects.filter(user=owner).order_by("stored", "id"))
    assert len(stored) >= 1
    assert data["xapi_statements"] == [s.data for s in stored]
    assert {s["actor"]["account"]["name"] for s in data["xapi_statements"]} == {
        account["pseudonym"]
    }


def test_the_export_holds_nothing_about_anyone_else(client, people):
    body = download(client, people["owner"]).content.decode()
    other = people["other"]
    for text in (OTHER_TEXT, "bea@example.org", "Ward of bea", "Cohort of bea", "Story for bea"):
        assert text not in body
    from core.pseudonyms import pseudonym

    assert pseudonym(other.pk) not in body


def test_someone_with_no_activity_gets_their_account_only(client, db):
    from tests.factories import UserFactory

    data = json.loads(download(client, UserFactory(username="new")).content)
    assert data["account"]["username"] == "new"
    assert data["preferences"] is None
    assert data["enrolments"] == data["reflections"] == data["xapi_statements"] == []


def test_visitors_are_sent_to_sign_in(client, db):
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_profile_page_links_to_the_download(client, people):
    client.force_login(people["owner"])
    html = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("accounts:data_export")}"' in html
    assert "Download my data" in html
