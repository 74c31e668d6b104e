"""The questions after a story: stored one per learner, story and question, changeable,
recorded as xAPI likert interactions; anything tampered changes nothing."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from library.models import StoryFeedback
from narratives.models import Consent
from tests.library.conftest import make_story
from tracking import vocabulary as v
from tracking.models import Statement

pytestmark = pytest.mark.django_db


def post(client, story, data):
    return client.post(reverse("library:feedback", args=[story.uuid]), data)


def opened(client, story):
    client.post(reverse("library:choice", args=[story.uuid]), {"choice": "experienced"})


def answered():
    return list(Statement.objects.filter(verb=v.ANSWERED).order_by("stored"))


@pytest.fixture
def story(learner_client):
    found = make_story("Gentle")
    learner_client.get(reverse("library:story", args=[found.uuid]))  # opens: no notice
    opened(learner_client, found)
    return found


def test_answers_are_stored_and_recorded_as_likert(learner_client, learner, story):
    response = post(learner_client, story, {"feedback-hopeful": "5", "feedback-relate": "3"})
    assert response.status_code == 302 and response["Location"].endswith("?saved=1#feedback")
    stored = dict(StoryFeedback.objects.filter(user=learner).values_list("question", "value"))
    assert stored == {"hopeful": 5, "relate": 3}
    statements = answered()
    assert len(statements) == 2
    data = statements[0].data
    assert data["object"]["definition"]["interactionType"] == "likert"
    assert {point["id"] for point in data["object"]["definition"]["scale"]} == set("12345")
    assert {s.data["result"]["response"] for s in statements} == {"5", "3"}
    assert all(s.registration is None for s in statements)
    page = BeautifulSoup(
        learner_client.get(reverse("library:story", args=[story.uuid]) + "?saved=1").content,
        "html.parser",
    )
    assert page.select_one("#feedback-hopeful-5").has_attr("checked")
    assert "your answers are saved" in page.get_text()


def test_answers_change_and_can_be_removed(learner_client, learner, story):
    post(learner_client, story, {"feedback-hopeful": "5", "feedback-relate": "3"})
    post(learner_client, story, {"feedback-hopeful": "2", "feedback-relate": "3"})
    assert StoryFeedback.objects.get(user=learner, question="hopeful").value == 2
    assert len(answered()) == 3  # only the changed answer is recorded again
    post(learner_client, story, {"feedback-hopeful": "", "feedback-relate": "3"})
    assert list(StoryFeedback.objects.values_list("question", flat=True)) == ["relate"]


@pytest.mark.parametrize(
    "data",
    [
        {"feedback-hopeful": "6"},
        {"feedback-hopeful": "0"},
        {"feedback-hopeful": "-1"},
        {"feedback-hopeful": "3.5"},
        {"feedback-hopeful": "very"},
        {"feedback-price": "3"},
        {"feedback-hopeful": ["3", "4"]},
        {"feedback-relate": "4", "feedback-hopeful": "99"},
    ],
)
def test_tampered_answers_change_nothing(learner_client, story, data):
    response = post(learner_client, story, data)
    assert response.status_code == 400
    assert "We could not do that" in response.content.decode()
    assert not StoryFeedback.objects.exists()
    assert not answered()


def test_a_story_must_be_opened_first(learner_client):
    unopened = make_story("Hard", warnings=("self-harm",))
    response = post(learner_client, unopened, {"feedback-hopeful": "4"})
    assert response.status_code == 400
    assert "Open the story before you answer" in response.content.decode()
    assert not StoryFeedback.objects.exists()


def test_visitors_are_sent_to_sign_in(client):
    public = make_story("Everyone", scope=Consent.Scope.PUBLIC)
    response = post(client, public, {"feedback-hopeful": "4"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not StoryFeedback.objects.exists()


def test_keyboard_labels(learner_client, story):
    page = BeautifulSoup(
        learner_client.get(reverse("library:story", args=[story.uuid])).content, "html.parser"
    )
    for fieldset in page.select(".feedback__question"):
        assert fieldset.legend.get_text(strip=True)
        for radio in fieldset.select("input[type=radio]"):
            assert page.select_one(f'label[for="{radio["id"]}"]') is not None
