"""Plain-language scores for editors: the scoring function, the edit-page panel and the JSON
endpoint the panel updates from."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import Site

from core.models import StorybridgeSettings
from narratives.readability import score
from narratives.views import MAX_READABILITY_CHARS
from tests.factories import NarrativeFactory

PLAIN = "I came home. I made tea. My sister rang me. We talked for an hour. It helped a lot."
DENSE = (
    "Notwithstanding considerable institutional ambivalence regarding psychopharmacological "
    "interventions, the multidisciplinary rehabilitation organisation systematically "
    "operationalised individualised recovery-orientated psychosocial conceptualisations "
    "throughout subsequent longitudinal implementation."
)
ABOVE_TARGET = "Above the target: try shorter sentences and everyday words."


def test_plain_text_scores_a_low_grade_and_high_ease():
    result = score(PLAIN)

    assert result.words == 19
    assert result.grade is not None and result.grade <= 3
    assert result.reading_ease is not None and result.reading_ease >= 90
    assert not result.above(8)


def test_dense_text_scores_a_high_grade_and_low_ease():
    result = score(DENSE)

    assert result.words == 21
    assert result.grade > 18
    assert result.reading_ease < 10
    assert result.above(8)


def test_scores_stay_on_the_scales_shown_to_editors():
    assert score(PLAIN).reading_ease <= 100
    assert score(DENSE).reading_ease >= 0
    assert score(PLAIN).grade >= 0


def test_html_is_scored_as_its_text():
    assert score(f"<p>{PLAIN.replace('. ', '.</p><p>')}</p>") == score(PLAIN.replace(". ", ".\n"))


def test_very_short_text_gets_no_grade():
    result = score("Too short to score.")

    assert result.words == 4
    assert result.grade is None
    assert result.reading_ease is None
    assert not result.above(1)


def readability_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    panel = soup.select_one("[data-readability]")
    assert panel is not None
    return panel, {
        row["data-readability-field"]: {
            "grade": row.select_one("[data-grade]").get_text(strip=True),
            "verdict": row.select_one("[data-verdict]").get_text(" ", strip=True),
        }
        for row in panel.select("[data-readability-field]")
    }


def test_edit_page_panel_warns_when_the_summary_reads_above_the_target(curator_client):
    narrative = NarrativeFactory(summary=DENSE, text_body=f"<p>{PLAIN}</p>")

    response = curator_client.get(
        reverse("wagtailsnippets_narratives_narrative:edit", args=[narrative.pk])
    )

    panel, rows = readability_rows(response)
    assert panel["data-target"] == "8"
    assert panel["data-endpoint"] == reverse("narratives_readability")
    assert rows["summary"]["grade"] == str(score(DENSE).grade)
    assert rows["summary"]["verdict"] == ABOVE_TARGET
    assert rows["text_body"]["grade"] == str(score(PLAIN).grade)
    assert rows["text_body"]["verdict"] == "Plain enough"
    assert "Aim for school grade 8 or below" in panel.get_text()


def test_panel_follows_the_sites_target_grade(curator_client):
    site_settings = StorybridgeSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.readability_target_grade = 1
    site_settings.save()
    moderate = (
        "After I left the hospital I found the evenings very difficult. My neighbour "
        "started calling round with shopping, and slowly we became friends."
    )
    assert 1 < score(moderate).grade <= 8
    narrative = NarrativeFactory(summary=moderate)

    response = curator_client.get(
        reverse("wagtailsnippets_narratives_narrative:edit", args=[narrative.pk])
    )

    panel, rows = readability_rows(response)
    assert panel["data-target"] == "1"
    assert rows["summary"]["verdict"] == ABOVE_TARGET


def test_new_narrative_panel_says_too_short_to_score(curator_client):
    response = curator_client.get(reverse("wagtailsnippets_narratives_narrative:add"))

    _, rows = readability_rows(response)
    assert rows["summary"] == {"grade": "–", "verdict": "Too short to score"}


def test_endpoint_scores_posted_text(curator_client):
    response = curator_client.post(reverse("narratives_readability"), {"text": DENSE})

    assert response.status_code == 200
    result = score(DENSE)
    assert response.json() == {
        "words": 21,
        "grade": result.grade,
        "reading_ease": result.reading_ease,
        "target": 8,
        "above_target": True,
    }


def test_endpoint_scores_plain_text_below_the_target(curator_client):
    data = curator_client.post(reverse("narratives_readability"), {"text": PLAIN}).json()

    assert data["above_target"] is False
    assert data["words"] == 19


def test_endpoint_rejects_get(curator_client):
    response = curator_client.get(reverse("narratives_readability"), {"text": PLAIN})

    assert response.status_code == 405


def test_endpoint_rejects_overlong_text(curator_client):
    response = curator_client.post(
        reverse("narratives_readability"), {"text": "word " * (MAX_READABILITY_CHARS // 5 + 1)}
    )

    assert response.status_code == 400
    assert response.json() == {"error": "That text is too long to score."}


@pytest.mark.django_db
def test_endpoint_is_for_signed_in_editors_only(client):
    response = client.post(reverse("narratives_readability"), {"text": PLAIN})

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_entities_are_read_as_the_characters_they_stand_for():
    assert score("<p>Fish &amp; chips</p>") == score("Fish & chips")
