"""A narrative whose consent is withdrawn, expired or missing is never rendered, from the very
next request (DESIGN: domain model, Narrative). Curators see where it was used."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data

from narratives.models import Consent
from tests.factories import NarrativeFactory, UserFactory
from tests.slots import choose

UNAVAILABLE = "This narrative is no longer available."
TITLE = "Quiet after the ward"
SUMMARY = "Robin describes the first week at home after six weeks on a ward."
TRANSCRIPT = "Nobody tells you how quiet a flat is after a ward."
TEXT = "I stood in the kitchen and waited for someone to tell me what to do."


@pytest.fixture
def story(db):
    return NarrativeFactory(
        title=TITLE,
        summary=SUMMARY,
        transcript=TRANSCRIPT,
        text_body=f"<p>{TEXT}</p>",
        consent__expires=timezone.localdate(),
    )


@pytest.fixture
def other_story(db):
    return NarrativeFactory(title="Finding the allotment", summary="Jo talks about growing food.")


@pytest.fixture
def modules(make_module, story, other_story):
    """`story` on its own in one module, and in a choice set in another."""
    single = make_module(
        title="Coming home",
        body=[
            {
                "type": "narrative",
                "value": {"narrative": story.pk, "framing": "", "discussion_prompts": []},
            }
        ],
    )
    choice = make_module(
        title="Choosing a story",
        body=[
            {
                "type": "narrative_choice",
                "value": {
                    "prompt": "Choose the story you would like to hear",
                    "framing": "",
                    "narratives": [story.pk, other_story.pk],
                    "discussion_prompts": [],
                },
            }
        ],
    )
    return single, choice


def assert_story_shown(html):
    for text in (TITLE, SUMMARY, TRANSCRIPT, TEXT):
        assert text in html


def assert_story_hidden(html):
    for text in (TITLE, SUMMARY, TRANSCRIPT, TEXT):
        assert text not in html


def get(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def consent_form_data(consent, **changes):
    data = {
        "narrative": consent.narrative_id,
        "scope": consent.scope,
        "given": consent.given.isoformat(),
        "expires": consent.expires.isoformat() if consent.expires else "",
        "withdrawn": "",
        "notes": consent.notes,
    }
    data.update(changes)
    return nested_form_data(data)


def test_consent_withdrawal_hides_narrative_everywhere_within_the_same_request(
    client, curator, modules, story, other_story
):
    single, choice = modules
    assert_story_shown(get(client, single))
    choose(client, choice, story)
    assert_story_shown(get(client, choice))
    assert UNAVAILABLE not in get(client, single)

    client.force_login(curator)
    response = client.post(
        reverse("wagtailsnippets_narratives_consent:edit", args=[story.consent.pk]),
        consent_form_data(story.consent, withdrawn=timezone.localdate().isoformat()),
    )
    assert response.status_code == 302
    client.get(response["Location"])  # the admin shows its confirmation, as in a browser
    story.consent.refresh_from_db()
    assert story.consent.withdrawn == timezone.localdate()
    assert story.consent.updated_by == curator

    single_html = get(client, single)
    assert UNAVAILABLE in single_html
    assert_story_hidden(single_html)
    choice_html = get(client, choice)
    assert_story_hidden(choice_html)
    # The choice set still offers the narrative that remains available.
    assert other_story.title in choice_html
    assert other_story.summary in choice_html


def test_expired_consent_hides_narrative_the_day_after_it_expires(
    client, modules, story, monkeypatch
):
    single, choice = modules
    assert_story_shown(get(client, single))

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    single_html = get(client, single)
    assert UNAVAILABLE in single_html
    assert_story_hidden(single_html)
    assert_story_hidden(get(client, choice))


def test_deleted_consent_record_hides_narrative(client, curator, modules, story):
    single, choice = modules
    client.force_login(curator)

    response = client.post(
        reverse("wagtailsnippets_narratives_consent:delete", args=[story.consent.pk])
    )
    assert response.status_code == 302
    client.get(response["Location"])  # the admin shows its confirmation, as in a browser
    assert not Consent.objects.filter(narrative=story).exists()

    single_html = get(client, single)
    assert UNAVAILABLE in single_html
    assert_story_hidden(single_html)
    assert_story_hidden(get(client, choice))


def test_choice_set_with_no_available_narrative_shows_the_notice(
    client, make_module, story, other_story
):
    module = make_module(
        title="Choosing a story",
        body=[
            {
                "type": "narrative_choice",
                "value": {
                    "prompt": "Choose the story you would like to hear",
                    "framing": "",
                    "narratives": [story.pk, other_story.pk],
                    "discussion_prompts": ["What helped?"],
                },
            }
        ],
    )
    Consent.objects.filter(narrative__in=[story, other_story]).update(
        withdrawn=timezone.localdate()
    )

    html = get(client, module)

    assert UNAVAILABLE in html
    assert_story_hidden(html)
    assert other_story.title not in html
    assert "What helped?" not in html


def test_narrative_without_a_consent_record_is_never_shown(client, make_module):
    story = NarrativeFactory(title=TITLE, summary=SUMMARY, consent=False)
    module = make_module(
        body=[
            {
                "type": "narrative",
                "value": {"narrative": story.pk, "framing": "", "discussion_prompts": []},
            }
        ]
    )

    html = get(client, module)

    assert UNAVAILABLE in html
    assert TITLE not in html
    assert SUMMARY not in html


def test_consent_edit_page_lists_the_affected_modules(curator_client, modules, story):
    single, choice = modules

    response = curator_client.get(
        reverse("wagtailsnippets_narratives_consent:edit", args=[story.consent.pk])
    )

    html = response.content.decode()
    assert "Modules that use this narrative" in html
    for module in (single, choice):
        link = reverse("wagtailadmin_pages:edit", args=[module.pk])
        assert f'<a href="{link}">Recovery basics › {module.title}</a>' in html
    assert "consent is not in force" not in html


def test_consent_edit_page_warns_once_consent_is_withdrawn(curator_client, modules, story):
    Consent.objects.filter(pk=story.consent.pk).update(withdrawn=timezone.localdate())

    response = curator_client.get(
        reverse("wagtailsnippets_narratives_consent:edit", args=[story.consent.pk])
    )

    assert (
        "This narrative is not shown to learners: consent is not in force. The modules below "
        "show a 'no longer available' notice in its place."
    ) in response.content.decode()


def test_dashboard_lists_narratives_learners_can_no_longer_see(
    curator_client, modules, story, other_story
):
    single, choice = modules
    html = curator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Narratives learners can no longer see" in html
    assert "Every narrative used in a live module has consent in force." in html

    Consent.objects.filter(pk=story.consent.pk).update(withdrawn=timezone.localdate())
    html = curator_client.get(reverse("wagtailadmin_home")).content.decode()

    edit_url = reverse("wagtailsnippets_narratives_narrative:edit", args=[story.pk])
    assert f'<a href="{edit_url}">{TITLE}</a>' in html
    assert "Withdrawn" in html
    for module in (single, choice):
        link = reverse("wagtailadmin_pages:edit", args=[module.pk])
        assert f'<a href="{link}">{module.title}</a>' in html
    assert other_story.title not in html


def test_dashboard_panel_is_not_shown_without_narrative_permission(client, modules, story):
    editor = UserFactory(username="editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Narratives learners can no longer see" not in html
