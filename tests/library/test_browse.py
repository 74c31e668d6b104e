"""/stories/: who sees what, filters, search, sorting, pagination, and bad input."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from narratives.models import Consent, ContentWarning, Theme
from tests.library.conftest import hide_topics, make_story

pytestmark = pytest.mark.django_db
URL = reverse("library:index")


def titles(response):
    page = BeautifulSoup(response.content, "html.parser")
    results = page.find("ul", attrs={"aria-labelledby": "results-heading"})
    if results is None:
        return []
    return [h.get_text(strip=True) for h in results.select(".card__title")]


def test_visitors_see_public_stories_and_learners_see_every_available_one(client, learner):
    make_story("Shared with everyone", scope=Consent.Scope.PUBLIC)
    make_story("For training only")
    make_story("Withdrawn", consent__withdrawn=datetime.date.today())
    assert titles(client.get(URL)) == ["Shared with everyone"]
    client.force_login(learner)
    assert titles(client.get(URL)) == ["For training only", "Shared with everyone"]


def test_cards_show_warnings_before_a_story_is_opened(learner_client):
    make_story("Hard days", warnings=("self-harm",))
    page = BeautifulSoup(learner_client.get(URL).content, "html.parser")
    card = page.select_one(".story-card")
    assert "Content warnings:" in card.get_text()
    assert "Self-harm" in card.get_text()
    assert card.select_one("a")["href"].endswith("/")


def test_filters_narrow_by_theme_format_length_and_topic(learner_client):
    make_story("Hope in text", themes=("hope",))
    make_story("Identity poem", themes=("identity",), modality="poetry", minutes=8)
    make_story("Hope with self-harm", themes=("hope",), warnings=("self-harm",), minutes=20)
    hope = Theme.objects.get(slug="hope").pk
    assert titles(learner_client.get(URL, {"theme": hope})) == [
        "Hope in text",
        "Hope with self-harm",
    ]
    assert titles(learner_client.get(URL, {"format": "poetry"})) == ["Identity poem"]
    assert titles(learner_client.get(URL, {"length": "long"})) == ["Hope with self-harm"]
    self_harm = ContentWarning.objects.get(slug="self-harm")
    domain = self_harm.domain_id or self_harm.pk
    assert titles(learner_client.get(URL, {"theme": hope, "without": domain})) == ["Hope in text"]


def test_hidden_topics_never_appear_even_when_unticked(learner_client, learner):
    make_story("Calm one")
    make_story("Hard one", warnings=("self-harm",))
    hide_topics(learner, "self-harm")
    response = learner_client.get(URL)
    assert titles(response) == ["Calm one"]
    page = BeautifulSoup(response.content, "html.parser")
    ticked = page.select('input[name="without"][disabled][checked]')
    assert len(ticked) == 1  # shown as always left out
    # The disabled box is not submitted: a search without it still leaves the topic out.
    assert titles(learner_client.get(URL, {"q": "helped"})) == ["Calm one"]


def test_search_finds_words_in_transcripts_and_text_ranked(learner_client):
    make_story("The garden", transcript="I grew tomatoes on the allotment every spring.")
    make_story("Allotment days", transcript="Nothing about plants here at all.")
    make_story("Unrelated", transcript="A bus journey.")
    found = titles(learner_client.get(URL, {"q": "allotment"}))
    if connection.vendor == "postgresql":
        assert found == ["Allotment days", "The garden"]  # the title match ranks first
    else:  # SQLite's FTS5 ranks by bm25 over the whole entry, without field boosts
        assert sorted(found) == ["Allotment days", "The garden"]
    # The story's own words, for text narratives (NarrativeFactory's text body).
    assert "The garden" in titles(learner_client.get(URL, {"q": "kettle", "sort": "title"}))


def test_search_with_a_filter_keeps_only_matching(learner_client):
    make_story("Allotment hope", themes=("hope",), transcript="allotment")
    make_story("Allotment identity", themes=("identity",), transcript="allotment")
    identity = Theme.objects.get(slug="identity").pk
    assert titles(learner_client.get(URL, {"q": "allotment", "theme": identity})) == [
        "Allotment identity"
    ]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'; DROP TABLE narratives_narrative; --",
        "&|!():*<>",
        "<script>alert(1)</script>",
        "NOT OR AND",
        "ünïcödé 💬 مرحبا",
        "-",
        "*",
    ],
)
def test_odd_search_strings_get_a_page_not_an_error(learner_client, query):
    make_story("Something")
    response = learner_client.get(URL, {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content


def test_a_null_character_is_refused_with_a_message(learner_client):
    response = learner_client.get(URL, {"q": "a\x00b"})
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()


def test_too_long_a_search_is_refused_with_a_message(learner_client):
    response = learner_client.get(URL, {"q": "x" * 201})
    assert response.status_code == 400
    assert "Search for at most 200 characters" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"theme": "999999"}, {"format": "hologram"}, {"sort": "price"}, {"without": "abc"}],
)
def test_unknown_filter_values_are_refused_with_a_message(learner_client, params):
    make_story("Something")
    response = learner_client.get(URL, params)
    assert response.status_code == 400
    assert "Choose from the options shown." in response.content.decode()
    assert titles(response) == []


def test_pages(learner_client):
    for number in range(14):
        make_story(f"Story {number:02d}")
    first = learner_client.get(URL)
    assert len(titles(first)) == 12
    assert "Showing 1 to 12 of 14 stories" in first.content.decode()
    second = learner_client.get(URL, {"page": 2})
    assert titles(second) == ["Story 12", "Story 13"]
    missing = learner_client.get(URL, {"page": 3})
    assert missing.status_code == 404
    assert "There is no page 3 of these results: there are 2 pages." in missing.content.decode()
    assert learner_client.get(URL, {"page": "two"}).status_code == 400
    assert learner_client.get(URL, {"page": "0"}).status_code == 400


def test_sorting(learner_client):
    make_story("B long", minutes=30)
    make_story("A short", minutes=2)
    make_story("C medium", minutes=9)
    assert titles(learner_client.get(URL, {"sort": "shortest"})) == [
        "A short",
        "C medium",
        "B long",
    ]
    assert titles(learner_client.get(URL, {"sort": "title"})) == ["A short", "B long", "C medium"]


def query_count(client, params, *, cached=True):
    client.get(URL, params)  # the first requests after a change fit the recommender again
    client.get(URL, params)
    if not cached:
        cache.clear()  # the remembered page too: count what working it out costs
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_catalogue(learner_client):
    for number in range(5):
        make_story(f"Allotment {number}", warnings=("self-harm",))

    def counts():
        return [
            query_count(learner_client, params, cached=cached)
            for params in ({}, {"q": "allotment"})
            for cached in (True, False)
        ]

    small = counts()
    for number in range(25):
        make_story(f"Allotment more {number}", themes=("hope", "identity"), warnings=("stigma",))
    assert counts() == small


def test_a_remembered_page_is_served_from_the_cache_and_changes_with_the_stories(learner_client):
    make_story("Allotment one")
    worked_out = query_count(learner_client, {"q": "allotment"}, cached=False)
    remembered = query_count(learner_client, {"q": "allotment"})
    assert remembered < worked_out
    make_story("Allotment two")  # saving a story moves the content version
    found = titles(learner_client.get(URL, {"q": "allotment"}))
    assert sorted(found) == ["Allotment one", "Allotment two"]


def test_consent_withdrawn_without_a_signal_still_empties_a_remembered_page(learner_client):
    kept, withdrawn = make_story("Allotment kept"), make_story("Allotment withdrawn")
    found = titles(learner_client.get(URL, {"q": "allotment"}))
    assert sorted(found) == [kept.title, withdrawn.title]
    assert titles(learner_client.get(URL)) == [kept.title, withdrawn.title]
    Consent.objects.filter(narrative=withdrawn).update(withdrawn=datetime.date.today())
    assert titles(learner_client.get(URL, {"q": "allotment"})) == [kept.title]
    assert titles(learner_client.get(URL)) == [kept.title]
