"""What the migrations seed (warnings, themes, characterisation, the home page) can be searched
for in the admin straight after `migrate`, and the warnings list reads in order."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from narratives.models import CharacterisationDimension, ContentWarning, Theme

NO_MATCH = "No snippets match"


def _labels_in_table(html):
    """The text of each row's title link in an admin listing, in the order shown."""
    body = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
        for cell in re.findall(r'<div class="title-wrapper">(.*?)</div>', body, re.S)
    ]


@pytest.mark.parametrize("term", ["Stigma", "stig", "self-harm", "Suicide"])
def test_warnings_list_search_finds_seeded_warnings(curator_client, term):
    response = curator_client.get(
        reverse("wagtailsnippets_narratives_contentwarning:list_results"), {"q": term}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert NO_MATCH not in html
    labels = _labels_in_table(html)
    assert labels and all(term.lower() in label.lower() for label in labels)


def test_choose_content_warning_search_finds_stigma(curator_client):
    response = curator_client.get(
        reverse("wagtailsnippetchoosers_narratives_contentwarning:choose_results"), {"q": "Stigma"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "no snippets match" not in html
    assert re.search(r"data-chooser-modal-choice[^>]*>\s*Stigma\s*<", html)


def test_themes_and_characterisation_are_searchable(curator_client):
    themes = curator_client.get(
        reverse("wagtailsnippets_narratives_theme:list_results"), {"q": "Hope"}
    )
    dimensions = curator_client.get(
        reverse("wagtailsnippets_narratives_characterisationdimension:list_results"),
        {"q": "tone"},
    )

    assert _labels_in_table(themes.content.decode()) == ["Hope"]
    assert _labels_in_table(dimensions.content.decode()) == ["Emotional tone"]


@pytest.mark.django_db
def test_every_seeded_row_of_an_indexed_model_is_in_the_index():
    """The class of fault: rows a migration wrote bypass the save signals that index them."""

    backend = get_search_backend()
    for model, field, value in [
        (ContentWarning, "name", "Stigma"),
        (Theme, "name", "Empowerment"),
        (CharacterisationDimension, "name", "Trajectory"),
        (Page, "title", "Storybridge"),
    ]:
        found = list(backend.autocomplete(value, model))
        assert [getattr(item, field) for item in found if getattr(item, field) == value] == [
            value
        ], model


def test_warnings_list_is_sorted_domain_then_items(curator_client):
    response = curator_client.get(reverse("wagtailsnippets_narratives_contentwarning:list_results"))

    labels = _labels_in_table(response.content.decode())
    assert len(labels) == min(ContentWarning.objects.count(), 20)  # the first page
    assert labels == sorted(labels, key=str.casefold)
    assert labels[:4] == [
        "Abuse",
        "Abuse: Childhood abuse",
        "Abuse: Domestic abuse",
        "Abuse: Sexual violence",
    ]


def test_choose_content_warning_lists_in_the_same_order(curator_client):
    response = curator_client.get(
        reverse("wagtailsnippetchoosers_narratives_contentwarning:choose")
    )

    html = response.json()["html"]
    choices = [
        label.strip() for label in re.findall(r"data-chooser-modal-choice[^>]*>([^<]*)<", html)
    ]
    assert choices[:3] == ["Abuse", "Abuse: Childhood abuse", "Abuse: Domestic abuse"]
    assert choices == sorted(choices, key=str.casefold)
