"""Stories for the library tests: a narrative with themes, warnings and a consent scope."""

import datetime

import pytest

from library import recommendations
from narratives.models import Consent, ContentWarning, Theme
from narratives.preferences.models import ViewerPreferences
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory

TRANSCRIPT = "What helped most was people who stayed with me."


def make_story(
    title,
    *,
    themes=("hope",),
    warnings=(),
    scope=Consent.Scope.EDUCATION,
    minutes=4,
    **fields,
):
    fields.setdefault("transcript", TRANSCRIPT)
    story = NarrativeFactory(
        title=title,
        duration=datetime.timedelta(minutes=minutes),
        consent__scope=scope,
        **fields,
    )
    story.themes.set([Theme.objects.get(slug=slug) for slug in themes])
    story.save()  # parental many-to-many relations are stored on save
    for order, slug in enumerate(warnings):
        NarrativeWarningFactory(
            narrative=story, warning=ContentWarning.objects.get(slug=slug), sort_order=order
        )
    return story


def hide_topics(user, *slugs):
    preferences = ViewerPreferences.objects.create(
        user=user, warning_mode=ViewerPreferences.WarningMode.HIDE
    )
    domains = [ContentWarning.objects.get(slug=slug) for slug in slugs]
    preferences.domains.set([d.domain or d for d in domains])
    return preferences


@pytest.fixture(autouse=True)
def fresh_recommender():
    recommendations.forget()
    yield
    recommendations.forget()


@pytest.fixture
def learner(db):
    return UserFactory(role="care_assistant")


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client
