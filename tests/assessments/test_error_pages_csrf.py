"""Every page that shows a block again after an error renders it with the request: its form
carries a CSRF token, so the learner can correct and send it again (issue 15). Posted with
Django's CSRF checks on, as a browser is."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from assessments.models import KnowledgeCheckAnswer, Reflection

from .conftest import ENOUGH, REFLECTION_ID
from .test_knowledge_check_block import SINGLE_ID, single_check


@pytest.fixture
def strict_client(learner, enrolment):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    return client


def form_token(html, action):
    form = BeautifulSoup(html, "html.parser").find("form", action=action)
    assert form is not None, f"no form posting to {action}"
    field = form.find("input", attrs={"name": "csrfmiddlewaretoken"})
    assert field is not None and field["value"], f"the form posting to {action} has no CSRF token"
    return field["value"]


def test_a_knowledge_check_shown_again_can_be_sent_again(strict_client, make_module):
    module = make_module(title="Coming home", body=[single_check()])
    action = reverse("assessments:knowledge_check", args=[module.pk, SINGLE_ID])
    token = form_token(strict_client.get(module.url).content.decode(), action)

    refused = strict_client.post(action, {"csrfmiddlewaretoken": token})
    assert refused.status_code == 400

    token = form_token(refused.content.decode(), action)
    taken = strict_client.post(action, {"csrfmiddlewaretoken": token, "option": "0"})
    assert taken.status_code == 302
    assert KnowledgeCheckAnswer.objects.count() == 1


def test_a_reflection_shown_again_can_be_sent_again(strict_client, module):
    action = reverse("assessments:save", args=[module.pk, REFLECTION_ID])
    token = form_token(strict_client.get(module.url).content.decode(), action)

    refused = strict_client.post(
        action, {"csrfmiddlewaretoken": token, "text": "Too few", "action": "submit"}
    )
    assert refused.status_code == 400

    token = form_token(refused.content.decode(), action)
    taken = strict_client.post(
        action, {"csrfmiddlewaretoken": token, "text": ENOUGH, "action": "submit"}
    )
    assert taken.status_code == 302
    assert Reflection.objects.get().status == Reflection.Status.SUBMITTED
