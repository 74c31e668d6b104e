"""The filters shared by the learner library and the library-choice block
(narratives/catalogue.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from narratives.catalogue import StoryFilter, length_band, matching
from narratives.models import (
    CharacterisationDimension,
    CharacterisationValue,
    Consent,
    ContentWarning,
    Narrative,
    Theme,
)
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory

pytestmark = pytest.mark.django_db


def titles(story_filter):
    return sorted(
        matching(Narrative.objects.available(), story_filter).values_list("title", flat=True)
    )


@pytest.fixture
def stories():
    hope, identity = Theme.objects.get(slug="hope"), Theme.objects.get(slug="identity")
    tone = CharacterisationDimension.objects.create(name="Test tone")
    warm = CharacterisationValue.objects.create(dimension=tone, value="Warm")
    raw = CharacterisationValue.objects.create(dimension=tone, value="Raw")
    a = NarrativeFactory(title="A", duration=timedelta(minutes=3), language="en")
    a.themes.set([hope])
    a.characterisation.set([warm])
    a.save()  # parental many-to-many relations are written on save
    b = NarrativeFactory(title="B", modality="poetry", duration=timedelta(minutes=8), language="cy")
    b.themes.set([hope, identity])
    b.characterisation.set([raw])
    b.save()
    c = NarrativeFactory(title="C", duration=timedelta(minutes=20))
    c.themes.set([identity])
    c.save()
    NarrativeWarningFactory(narrative=c)  # self-harm, in the mental-health domain
    return {"hope": hope, "identity": identity, "warm": warm, "raw": raw, "tone": tone}


def test_no_filter_matches_every_available_story(stories):
    assert titles(StoryFilter()) == ["A", "B", "C"]
    assert StoryFilter().is_empty


def test_any_value_within_a_kind_every_kind_across(stories):
    both = frozenset({stories["hope"].pk, stories["identity"].pk})
    assert titles(StoryFilter(themes=both)) == ["A", "B", "C"]
    assert titles(StoryFilter(themes=both, modalities=frozenset({"poetry"}))) == ["B"]
    assert titles(StoryFilter(lengths=frozenset({"short", "long"}))) == ["A", "C"]
    assert titles(StoryFilter(languages=frozenset({"cy"}))) == ["B"]
    tone = ((stories["tone"].pk, frozenset({stories["warm"].pk})),)
    assert titles(StoryFilter(characterisation=tone)) == ["A"]


def test_without_a_domain_leaves_out_its_items(stories):
    self_harm = ContentWarning.objects.get(slug="self-harm")
    domain = self_harm.domain_id or self_harm.pk
    assert titles(StoryFilter(without_domains=frozenset({domain}))) == ["A", "B"]
    assert not StoryFilter(without_domains=frozenset({domain})).is_empty


def test_length_bands():
    assert length_band(None) == ""
    assert length_band(timedelta(minutes=4, seconds=59)) == "short"
    assert length_band(timedelta(minutes=5)) == "medium"
    assert length_band(timedelta(minutes=15)) == "long"


def test_visitors_see_only_public_consent(stories):
    a = Narrative.objects.get(title="A")
    Consent.objects.filter(narrative=a).update(scope=Consent.Scope.PUBLIC)
    visitor = Narrative.objects.available_to(AnonymousUser())
    assert list(visitor.values_list("title", flat=True)) == ["A"]
    learner = Narrative.objects.available_to(UserFactory())
    assert sorted(learner.values_list("title", flat=True)) == ["A", "B", "C"]
