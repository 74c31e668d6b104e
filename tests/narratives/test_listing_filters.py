"""The narrative library listing filters by modality, warning, theme, review and consent, and
searches; curators export it."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from narratives.models import ContentWarning, Narrative, Theme
from tests.factories import NarrativeFactory, NarrativeWarningFactory

LISTING = "wagtailsnippets_narratives_narrative:list"
YOUTUBE = "https://www.youtube.com/watch?v=jNQXAC9IVRw"


@pytest.fixture
def library(db):
    today = timezone.localdate()
    video = NarrativeFactory(
        title="Coming home",
        narrator_pseudonym="Sam",
        modality=Narrative.Modality.VIDEO,
        embed_url=YOUTUBE,
        transcript="The kettle was the loudest thing in the flat.",
        text_body="",
    )
    poem = NarrativeFactory(
        title="Allotment",
        narrator_pseudonym="Jo",
        modality=Narrative.Modality.POETRY,
        last_reviewed=None,
        consent__withdrawn=today,
    )
    text = NarrativeFactory(
        title="Back at work",
        narrator_pseudonym="Robin",
        last_reviewed=today - timedelta(days=400),
        consent=False,
    )
    expired = NarrativeFactory(
        title="Old times",
        narrator_pseudonym="Alex",
        consent__expires=today - timedelta(days=1),
    )
    NarrativeWarningFactory(narrative=video, warning=ContentWarning.objects.get(slug="self-harm"))
    NarrativeWarningFactory(narrative=text, warning=ContentWarning.objects.get(slug="bereavement"))
    NarrativeWarningFactory(
        narrative=poem, warning=ContentWarning.objects.get(slug="mental-health")
    )
    video.themes.add(Theme.objects.get(slug="hope"))
    poem.themes.add(Theme.objects.get(slug="hope"), Theme.objects.get(slug="connectedness"))
    video.save()
    poem.save()
    return {n.title: n for n in (video, poem, text, expired)}


def listed(client, library, **params):
    """Titles of the narratives the listing shows for these filter parameters, each once."""
    response = client.get(reverse(LISTING), params)
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")
    titles = []
    for row in rows:
        links = {a["href"] for a in row.find_all("a", href=True)}
        titles += [
            title
            for title, narrative in library.items()
            if reverse("wagtailsnippets_narratives_narrative:edit", args=[narrative.pk]) in links
        ]
    assert len(titles) == len(rows) == len(set(titles)), titles
    return set(titles)


def test_unfiltered_listing_shows_every_narrative(curator_client, library):
    assert listed(curator_client, library) == set(library)


def test_filter_by_modality(curator_client, library):
    assert listed(curator_client, library, modality="video") == {"Coming home"}
    assert listed(curator_client, library, modality="poetry") == {"Allotment"}
    assert listed(curator_client, library, modality="text") == {"Back at work", "Old times"}


def test_filter_by_a_specific_warning(curator_client, library):
    self_harm = ContentWarning.objects.get(slug="self-harm")

    assert listed(curator_client, library, warnings=self_harm.pk) == {"Coming home"}


def test_choosing_a_warning_domain_finds_narratives_warned_for_items_within_it(
    curator_client, library
):
    mental_health = ContentWarning.objects.get(slug="mental-health")
    death = ContentWarning.objects.get(slug="death")

    # "Coming home" is warned for self-harm, an item in the mental-health domain; "Allotment"
    # for the domain itself.
    assert listed(curator_client, library, warnings=mental_health.pk) == {
        "Coming home",
        "Allotment",
    }
    assert listed(curator_client, library, warnings=death.pk) == {"Back at work"}
    assert listed(curator_client, library, warnings=[mental_health.pk, death.pk]) == {
        "Coming home",
        "Allotment",
        "Back at work",
    }


def test_filter_by_theme(curator_client, library):
    hope = Theme.objects.get(slug="hope")
    connectedness = Theme.objects.get(slug="connectedness")

    assert listed(curator_client, library, themes=hope.pk) == {"Coming home", "Allotment"}
    assert listed(curator_client, library, themes=connectedness.pk) == {"Allotment"}


def test_theme_filter_lists_each_narrative_once(curator_client, library):
    hope = Theme.objects.get(slug="hope")
    connectedness = Theme.objects.get(slug="connectedness")

    # "Allotment" has both themes; `listed` fails if any narrative appears twice.
    assert listed(curator_client, library, themes=[hope.pk, connectedness.pk]) == {
        "Coming home",
        "Allotment",
    }


@pytest.mark.parametrize(
    "value, expected",
    [
        ("due", {"Allotment", "Back at work"}),
        ("never", {"Allotment"}),
        ("current", {"Coming home", "Old times"}),
    ],
)
def test_filter_by_review_status(curator_client, library, value, expected):
    assert listed(curator_client, library, review_status=value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("active", {"Coming home"}),
        ("withdrawn", {"Allotment"}),
        ("missing", {"Back at work"}),
        ("expired", {"Old times"}),
        ("not_yet", set()),
    ],
)
def test_filter_by_consent_status(curator_client, library, value, expected):
    assert listed(curator_client, library, consent_status=value) == expected


def test_consent_not_yet_in_force(curator_client, library):
    later = NarrativeFactory(title="Later", consent__given=timezone.localdate() + timedelta(days=7))
    library = {**library, "Later": later}

    assert listed(curator_client, library, consent_status="not_yet") == {"Later"}
    assert "Later" not in listed(curator_client, library, consent_status="active")


def test_filters_combine(curator_client, library):
    hope = Theme.objects.get(slug="hope")

    assert listed(curator_client, library, themes=hope.pk, consent_status="active") == {
        "Coming home"
    }


@pytest.mark.parametrize(
    "query, expected",
    [
        ("allotment", {"Allotment"}),
        ("Robin", {"Back at work"}),
        ("kettle", {"Coming home"}),
    ],
    ids=["title", "narrator", "transcript"],
)
def test_search(curator_client, library, query, expected):
    assert listed(curator_client, library, q=query) == expected


def test_search_with_a_filter(curator_client, library):
    hope = Theme.objects.get(slug="hope")

    assert listed(curator_client, library, q="allotment", themes=hope.pk) == {"Allotment"}
    assert listed(curator_client, library, q="allotment", modality="video") == set()


def test_listing_shows_consent_status(curator_client, library):
    html = curator_client.get(reverse(LISTING)).content.decode()

    for label in ("In force", "Withdrawn", "Not recorded", "Expired"):
        assert label in html


def test_listing_exports_csv_with_consent(curator_client, library):
    response = curator_client.get(reverse(LISTING), {"export": "csv", "modality": "video"})

    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [row["Title"] for row in rows] == ["Coming home"]
    assert rows[0]["Consent"] == "In force"
    assert rows[0]["Narrator pseudonym"] == "Sam"
    assert rows[0]["Uuid"] == str(library["Coming home"].uuid)
