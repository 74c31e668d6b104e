"""A signed-in person downloads everything held about them (issue 5: "A learner's data export
includes their statements"), and only that."""

import json
import re

import pytest
from allauth.account.models import EmailConfirmation
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialToken
from django.contrib.sessions.models import Session
from django.urls import reverse
from wagtail.models import APIToken

from core.personal_data import registry, rows_of
from core.pseudonyms import pseudonym
from tests.core.personal_data import learner_with_everything, person_with_everything
from tests.factories import UserFactory
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
    assert pseudonym(other.pk) not in body


def test_someone_with_no_activity_gets_their_account_only(client, db):

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


# Issue 14: "the learner's data export leaves out the narrative viewing state and secondary
# e-mail addresses"; it covers every row tied to the person.


@pytest.fixture
def everyone(settings, course, make_module):
    # Statements wait in the outbox for this learning record store: one delivery each.
    settings.XAPI_LRS_ENDPOINTS = [{"name": "trust-lrs", "url": "https://lrs.example.org/xapi/"}]
    owner, enrolment, instrument = person_with_everything(course, make_module, "ada", OWN_TEXT)
    other, _, _ = person_with_everything(
        course, make_module, "bea", OTHER_TEXT, instrument=instrument
    )
    return {"owner": owner, "enrolment": enrolment, "other": other}


def test_every_email_address_is_in_the_export_with_its_flags(client, everyone):
    data = json.loads(download(client, everyone["owner"]).content)
    primary, secondary = data["email_addresses"]
    assert (primary["email"], primary["primary"], primary["verified"]) == (
        "ada@example.org",
        True,
        True,
    )
    assert (secondary["email"], secondary["primary"], secondary["verified"]) == (
        "ada.home@example.net",
        False,
        False,
    )
    [confirmation] = secondary["confirmation_emails"]
    assert confirmation["sent"]


def test_the_narrative_viewing_state_is_in_the_export(client, everyone):
    data = json.loads(download(client, everyone["owner"]).content)
    [enrolment] = data["enrolments"]
    assert enrolment["last_module"] == "Module of ada"
    [progress] = enrolment["progress"]
    assert progress["narrative_slots"] == [
        {
            "slot": "n-ada",
            "narrative": "Story for ada",
            "state": "Continued past the content notice",
        }
    ]
    [decision] = enrolment["narrative_decisions"]
    assert (decision["slot"], decision["choice"]) == ("n-ada", "Continued to the narrative")
    # Choices on a course they have not joined live in their session until they sign out.
    assert data["narrative_choices_outside_enrolments"] == [
        {
            "module": "Unjoined module of ada",
            "slot": "u-ada",
            "narrative": "Unjoined story for ada",
            "state": "Skipped for now",
        }
    ]


def filled(value):
    return value not in (None, [], {}, "")


def assert_parts_filled(rows, within=None):
    """Every part registered within `within` holds something in at least one of `rows` (the
    export itself, or the rows of the part they belong in), and so on down."""
    for provider in registry.providers(within):
        values = [row.get(provider.name) for row in rows]
        assert any(filled(value) for value in values), provider.name
        children = []
        for value in filter(filled, values):
            children += [value] if provider.single else value
        assert_parts_filled(children, provider.name)


def test_a_person_with_rows_in_every_registered_model_sees_each(client, everyone):
    owner = everyone["owner"]
    tied = registry.tied_models()
    for model, lookups in tied.items():
        if model._meta.label in registry.covered_models():
            assert rows_of(model, lookups, owner.pk).exists(), model._meta.label
    data = json.loads(download(client, owner).content)
    assert_parts_filled([data])

    assert [entry["action"] for entry in data["account_history"]] == ["wagtail.create"]
    assert data["account"]["groups"] == ["Educators"]
    assert data["account"]["own_permissions"] == ["wagtailadmin.access_admin"]
    assert data["admin_profile"]["preferred_language"] == "en-gb"
    assert data["admin_profile"]["avatar"].startswith("avatar_images/")
    # The fixture's and the one downloading; not Bea's.
    assert len(data["sessions"]) == 2 and all(s["expires"] for s in data["sessions"])
    assert [c["name"] for c in data["cohorts_you_run"]] == ["Cohort run by ada"]
    deliveries = data["xapi_deliveries"]
    assert {d["statement"] for d in deliveries} == {s["id"] for s in data["xapi_statements"]}
    assert {d["learning_record_store"] for d in deliveries} == {"trust-lrs"}
    editorial = data["editorial_activity"]
    assert {p["title"] for p in editorial["pages"]} == {"Module of ada"}
    assert {r["object"] for r in editorial["revisions"]} == {"Module of ada", "Edited by ada"}
    assert {e["object"] for e in editorial["log_entries"]} >= {"Module of ada", "Edited by ada"}
    assert [c["text"] for c in editorial["comments"]] == ["Comment by ada"]
    assert [r["text"] for r in editorial["comment_replies"]] == ["Reply by ada"]
    assert [s["page"] for s in editorial["page_subscriptions"]] == ["Module of ada"]
    assert [w["object"] for w in editorial["workflows_requested"]] == ["Edited by ada"]
    assert [t["object"] for t in editorial["workflow_tasks_finished"]] == ["Edited by ada"]
    assert {u["title"] for u in editorial["uploads"]} >= {
        "Handout by ada",
        "Picture by ada",
        "Recording by ada",
    }
    assert [t["name"] for t in editorial["api_tokens"]] == ["Token of ada"]
    assert [n["title"] for n in editorial["narratives_locked"]] == ["Edited by ada"]
    assert [c["narrative"] for c in editorial["consent_records_last_changed"]] == ["Edited by ada"]
    assert [e["object"] for e in editorial["django_admin_log"]] == ["Edited by ada"]
    assert any("Draft+by+ada" in f.get("unsaved_form", "") for f in editorial["open_edit_forms"])


def test_a_full_export_holds_nothing_of_another_person_and_no_secret(client, everyone):
    owner, other = everyone["owner"], everyone["other"]
    body = download(client, owner).content.decode()
    assert re.search(r"\bbea\b", body) is None
    assert pseudonym(other.pk) not in body
    secrets = [owner.password]
    secrets += list(APIToken.objects.values_list("key_hash", flat=True))
    secrets += list(EmailConfirmation.objects.values_list("key", flat=True))
    secrets += list(Session.objects.values_list("session_key", flat=True))
    secrets += list(SocialToken.objects.values_list("token", flat=True))
    secrets += [
        value
        for data in Authenticator.objects.values_list("data", flat=True)
        for value in data.values()
        if isinstance(value, str) and len(value) > 8
    ]
    assert secrets and not [secret for secret in secrets if secret in body]
