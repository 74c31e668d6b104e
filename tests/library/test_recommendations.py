"""Stories for you and more like this, through the Django side (library/recommendations.py):
what may be offered is decided on every request, whatever the fitted model holds."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from library import recommendations
from library.models import StoryFeedback, StoryProgress
from narratives.models import Consent
from narratives.preferences.rules import preferences_for
from tests.factories import UserFactory
from tests.library.conftest import hide_topics, make_story

pytestmark = pytest.mark.django_db


def section(client, path, section_id):
    page = BeautifulSoup(client.get(path).content, "html.parser")
    found = page.select_one(f"#{section_id}")
    return [] if found is None else [h.get_text(strip=True) for h in found.select(".card__title")]


@pytest.fixture
def catalogue():
    stories = {
        "hope-a": make_story("Hope A", themes=("hope",)),
        "hope-b": make_story("Hope B", themes=("hope",), narrator_pseudonym="Bea"),
        "hope-harm": make_story("Hope with harm", themes=("hope",), warnings=("self-harm",)),
        "identity": make_story("Identity C", themes=("identity",), modality="poetry"),
        "meaning": make_story("Meaning D", themes=("meaning",)),
    }
    # Other learners in the same role found the hope stories helpful.
    for _number in range(6):
        other = UserFactory(role="care_assistant")
        for key in ("hope-b", "hope-harm"):
            StoryProgress.objects.create(user=other, narrative=stories[key], status="done")
            StoryFeedback.objects.create(
                user=other, narrative=stories[key], question="hopeful", value=5
            )
    return stories


def test_for_you_on_the_library_with_reasons(learner_client, catalogue):
    page = BeautifulSoup(learner_client.get(reverse("library:index")).content, "html.parser")
    cards = page.select("#for-you .story-card")
    assert cards, "a new learner gets stories for them from their role"
    for card in cards:
        assert card.select_one(".story-card__reason").get_text(strip=True)


def test_liked_reason_names_the_story(learner, catalogue):
    StoryProgress.objects.create(user=learner, narrative=catalogue["hope-a"], status="done")
    for question in ("hopeful", "relate", "practice"):
        StoryFeedback.objects.create(
            user=learner, narrative=catalogue["hope-a"], question=question, value=5
        )
    found = recommendations.for_learner(learner, preferences_for(learner), k=3)
    assert found and catalogue["hope-a"] not in [s.story for s in found]
    reasons = " ".join(s.reason for s in found)
    assert "Because you found “Hope A”" in reasons


def test_hidden_topics_are_never_recommended(learner, learner_client, catalogue):
    hide_topics(learner, "self-harm")
    for _ in range(3):
        found = recommendations.for_learner(learner, preferences_for(learner), k=5)
        assert catalogue["hope-harm"] not in [s.story for s in found]
    more = recommendations.more_like_this(catalogue["hope-a"], learner, preferences_for(learner))
    assert catalogue["hope-harm"] not in [s.story for s in more]
    assert "Hope with harm" not in section(learner_client, reverse("library:index"), "for-you")


def test_withdrawn_stories_leave_every_list_on_the_next_request(learner, learner_client, catalogue):
    story_url = reverse("library:story", args=[catalogue["hope-a"].uuid])
    assert "Hope B" in section(learner_client, story_url, "more-like-this")
    Consent.objects.filter(narrative=catalogue["hope-b"]).update(withdrawn=datetime.date.today())
    # .update() sends no signal: the fitted model still holds the story. It is never offered.
    assert "Hope B" not in section(learner_client, story_url, "more-like-this")
    assert "Hope B" not in section(learner_client, reverse("library:index"), "for-you")
    assert "Hope B" not in [
        s.story.title for s in recommendations.for_learner(learner, preferences_for(learner), k=5)
    ]
    search = learner_client.get(reverse("library:index"), {"q": "Hope"})
    assert "Hope B" not in search.content.decode()


def test_visitors_get_public_stories_only(client, catalogue):
    Consent.objects.filter(narrative=catalogue["meaning"]).update(scope=Consent.Scope.PUBLIC)
    found = recommendations.for_learner(None, preferences_for(None), k=5)
    assert [s.story.title for s in found] == ["Meaning D"]
    assert section(client, reverse("library:index"), "for-you") == ["Meaning D"]


def test_after_a_story_the_learner_gets_stories_for_them(learner_client, catalogue):
    story = catalogue["meaning"]
    learner_client.post(reverse("library:choice", args=[story.uuid]), {"choice": "experienced"})
    listed = section(learner_client, reverse("library:story", args=[story.uuid]), "for-you")
    assert listed and "Meaning D" not in listed


def test_diverse_narrators(learner, catalogue):
    for number in range(4):
        make_story(f"Same narrator {number}", themes=("hope",), narrator_pseudonym="Sam")
    recommendations.forget()
    found = recommendations.for_learner(learner, preferences_for(learner), k=4)
    narrators = [s.story.narrator_pseudonym for s in found]
    assert len(narrators) == len(set(narrators))
