"""A story opened from the library: the safe-viewing flow, its statements, and bad input."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from library.models import StoryProgress
from narratives.models import Consent
from tests.library.conftest import hide_topics, make_story
from tracking import activities
from tracking import vocabulary as v
from tracking.models import SensitiveEventCount, Statement

pytestmark = pytest.mark.django_db


def url(story):
    return reverse("library:story", args=[story.uuid])


def choose(client, story, choice):
    return client.post(reverse("library:choice", args=[story.uuid]), {"choice": choice})


def verbs():
    return [s.verb for s in Statement.objects.order_by("timestamp", "stored")]


def text(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def test_notice_then_continue_then_finish_records_the_same_statements_as_a_module(
    learner_client, learner
):
    story = make_story("Hard days", warnings=("self-harm",))
    first = learner_client.get(url(story))
    assert "Before you start: Hard days" in text(first)
    assert "Self-harm" in text(first)
    learner_client.get(url(story))  # shown again before deciding: recorded once
    assert verbs() == [v.WARNING_SHOWN]
    assert choose(learner_client, story, "continue").status_code == 302
    assert verbs() == [v.WARNING_SHOWN, v.WARNING_ACCEPTED]
    opened = learner_client.get(url(story))
    assert "Take a break" in text(opened)
    assert "The kettle was the loudest thing." in text(opened)
    choose(learner_client, story, "experienced")
    assert verbs()[-1] == v.EXPERIENCED
    progress = StoryProgress.objects.get(user=learner, narrative=story)
    assert progress.status == "done" and progress.finished_at is not None
    for statement in Statement.objects.all():
        assert statement.registration is None  # the library needs no registration
        assert statement.user == learner
        context = statement.data["context"]["contextActivities"]
        ids = [a["id"] for group in context.values() for a in group]
        assert activities.library().id in ids
    done = learner_client.get(url(story))
    assert "You have finished this story." in text(done)
    assert "What did you make of it?" in text(done)


def test_a_story_without_warnings_opens_at_once(learner_client):
    story = make_story("Gentle")
    response = learner_client.get(url(story))
    assert "Before you start" not in text(response)
    assert "I have finished this story" in text(response)
    assert not Statement.objects.exists()


def test_trust_is_shown(learner_client):
    story = make_story("Gentle")
    page = text(learner_client.get(url(story)))
    assert "Curated by the lived-experience panel" in page
    assert "Last reviewed " + story.last_reviewed.strftime("%-d %B %Y") in page


def test_skip_and_transcript_and_another(learner_client, learner):
    story = make_story("Hard days", warnings=("self-harm",))
    other = make_story("Calm garden")
    choose(learner_client, story, "skip")
    assert verbs() == [v.WARNING_SHOWN, v.WARNING_DECLINED]
    assert "You skipped “Hard days” for now." in text(learner_client.get(url(story)))
    choose(learner_client, story, "reset")
    choose(learner_client, story, "transcript")
    assert "Transcript: Hard days" in text(learner_client.get(url(story)))
    response = choose(learner_client, story, "another")
    assert response["Location"].endswith("#more-like-this")
    page = learner_client.get(url(story))
    more = BeautifulSoup(page.content, "html.parser").select_one("#more-like-this")
    assert more is not None and "Calm garden" in more.get_text()
    assert other.title in text(page)


def test_more_like_this_avoids_the_declined_topics(learner_client):
    story = make_story("Hard days", warnings=("self-harm",))
    make_story("Also self-harm", warnings=("self-harm",))
    make_story("Calm garden")
    choose(learner_client, story, "another")
    more = BeautifulSoup(learner_client.get(url(story)).content, "html.parser")
    listed = more.select_one("#more-like-this").get_text()
    assert "Calm garden" in listed and "Also self-harm" not in listed


def test_support_is_counted_not_linked(learner_client):
    story = make_story("Hard days", warnings=("self-harm",))
    response = choose(learner_client, story, "support")
    assert response["Location"].startswith(reverse("courses:support"))
    assert SensitiveEventCount.objects.exists()
    assert verbs() == []  # nothing of the learner's is recorded


@pytest.mark.parametrize("choice", ["", "explode", "experienced", "reset"])
def test_choices_not_offered_now_change_nothing(learner_client, learner, choice):
    story = make_story("Hard days", warnings=("self-harm",))
    response = choose(learner_client, story, choice)
    assert response.status_code == 400
    assert "We could not do that" in text(response)
    assert not StoryProgress.objects.filter(user=learner, status="done").exists()
    assert v.EXPERIENCED not in verbs()


def test_unknown_or_unavailable_stories_are_not_found(learner_client):
    story = make_story("Gentle")
    missing = reverse("library:story", args=["6b1f1d8e-0000-4000-8000-000000000000"])
    assert learner_client.get(missing).status_code == 404
    assert learner_client.get("/stories/not-a-uuid/").status_code == 404
    Consent.objects.filter(narrative=story).update(withdrawn=datetime.date.today())
    assert learner_client.get(url(story)).status_code == 404
    assert choose(learner_client, story, "continue").status_code == 404
    assert not StoryProgress.objects.exists()


def test_visitors_open_public_stories_in_their_session_only(client):
    public = make_story("Everyone", scope=Consent.Scope.PUBLIC, warnings=("stigma",))
    training = make_story("Training only")
    assert client.get(url(training)).status_code == 404
    assert "Before you start: Everyone" in text(client.get(url(public)))
    choose(client, public, "continue")
    assert "Take a break" in text(client.get(url(public)))
    assert not Statement.objects.exists() and not StoryProgress.objects.exists()
    assert "What did you make of it?" not in text(client.get(url(public)))


def test_hidden_topic_story_says_so(learner_client, learner):
    story = make_story("Hard days", warnings=("self-harm",))
    hide_topics(learner, "self-harm")
    page = text(learner_client.get(url(story)))
    assert "hidden because of your content settings" in page
    assert "Continue to the story" not in page
