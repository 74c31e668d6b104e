"""Bad input through the admin gets a clear message and changes nothing (DESIGN: privacy and
safety rules). Every case posts to the real snippet or page admin view."""

import datetime
import json
import os

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Page, Revision
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield
from wagtailmedia.models import Media

from courses.models import ModulePage
from narratives.models import Consent, Narrative, NarrativeContentWarning
from tests.factories import NarrativeFactory, UserFactory

from .admin_data import narrative_form_data

ADD_URL = "wagtailsnippets_narratives_narrative:add"
YOUTUBE = "https://www.youtube.com/watch?v=jNQXAC9IVRw"
TRANSCRIPT = "I remember the day I came home. The kettle was the loudest thing."
GOOD_VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nI remember the day I came home.\n"


def assert_shows(response, message):
    assert response.status_code == 200
    assert escape(message) in response.content.decode()


def assert_nothing_saved():
    assert Narrative.objects.count() == 0
    assert NarrativeContentWarning.objects.count() == 0
    assert Revision.objects.count() == 0


def captions_on_disk():
    folder = os.path.join(settings.PROTECTED_MEDIA_ROOT, "narratives", "captions")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


@pytest.fixture
def audio_file(db):
    return Media.objects.create(
        title="Coming home (audio)",
        type="audio",
        duration=12,
        file=SimpleUploadedFile("coming-home.mp3", b"ID3 tiny", content_type="audio/mpeg"),
    )


def post_add(client, **fields):
    return client.post(reverse(ADD_URL), narrative_form_data(**fields))


# --- controls: the same data, made valid, is saved ---------------------------------------------


def test_valid_youtube_video_with_transcript_is_saved(curator_client):
    response = post_add(
        curator_client, modality="video", embed_url=YOUTUBE, transcript=TRANSCRIPT, text_body=""
    )

    assert response.status_code == 302
    narrative = Narrative.objects.get()
    assert narrative.embed_url == YOUTUBE
    assert narrative.live is False
    assert narrative.revisions.count() == 1


def test_valid_captions_file_is_saved_with_the_audio(curator_client, audio_file):
    data = narrative_form_data(
        modality="audio", media=audio_file.pk, transcript=TRANSCRIPT, text_body=""
    )
    data["captions"] = SimpleUploadedFile("coming-home.vtt", GOOD_VTT, content_type="text/vtt")

    response = curator_client.post(reverse(ADD_URL), data)

    assert response.status_code == 302
    narrative = Narrative.objects.get()
    assert narrative.media == audio_file
    assert narrative.captions.read() == GOOD_VTT


# --- embed links ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, message",
    [
        (
            "https://evil.example/v/1",
            "Storybridge embeds only YouTube, Vimeo, SoundCloud. Upload the file instead, "
            "or use a link from one of those services.",
        ),
        (
            "http://www.youtube.com/watch?v=jNQXAC9IVRw",
            "Use a secure web address that starts with https://.",
        ),
    ],
)
def test_embed_link_outside_the_allow_list_is_refused(curator_client, url, message):
    response = post_add(
        curator_client, modality="video", embed_url=url, transcript=TRANSCRIPT, text_body=""
    )

    assert_shows(response, message)
    assert_nothing_saved()


# --- transcripts and captions -----------------------------------------------------------------


@pytest.mark.parametrize("modality", ["audio", "video"])
def test_audio_or_video_without_a_transcript_is_refused(curator_client, modality):
    response = post_add(
        curator_client, modality=modality, embed_url=YOUTUBE, transcript="   ", text_body=""
    )

    assert_shows(
        response,
        "Audio and video narratives need a transcript, so that everyone can take part.",
    )
    assert_nothing_saved()


@pytest.mark.parametrize(
    "content, message",
    [
        (
            b"00:00:01.000 --> 00:00:04.000\nHello\n",
            "This is not a WebVTT captions file: the first line must be 'WEBVTT'.",
        ),
        (
            b"WEBVTT\n\n0:01 --> 0:04\nHello\n",
            "Line 3 of the captions has a malformed time: '0:01 --> 0:04'. "
            "Use 00:00:01.000 --> 00:00:04.000.",
        ),
        (
            b"WEBVTT\n\n00:00:05.000 --> 00:00:02.000\nHello\n",
            "Line 3 of the captions ends before it starts.",
        ),
        (
            "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nCaf\u00e9 au lait\n".encode("latin-1"),
            "The captions file must be saved as UTF-8 text.",
        ),
    ],
    ids=["bad-header", "bad-cue-timing", "end-before-start", "not-utf8"],
)
def test_malformed_captions_file_is_refused(curator_client, audio_file, content, message):
    data = narrative_form_data(
        modality="audio", media=audio_file.pk, transcript=TRANSCRIPT, text_body=""
    )
    data["captions"] = SimpleUploadedFile("captions.vtt", content, content_type="text/vtt")

    response = curator_client.post(reverse(ADD_URL), data)

    assert_shows(response, message)
    assert_nothing_saved()
    assert captions_on_disk() == []


def test_malformed_captions_on_edit_leave_the_narrative_unchanged(curator_client, audio_file):
    narrative = NarrativeFactory(
        modality="audio", media=audio_file, transcript=TRANSCRIPT, text_body=""
    )
    data = narrative_form_data(
        title="A new title",
        modality="audio",
        media=audio_file.pk,
        transcript=TRANSCRIPT,
        text_body="",
    )
    data["captions"] = SimpleUploadedFile("captions.vtt", b"WEBVTT\n\nno cues here\n")

    response = curator_client.post(
        reverse("wagtailsnippets_narratives_narrative:edit", args=[narrative.pk]), data
    )

    assert_shows(
        response,
        "Line 3 of the captions is not part of a caption. Each caption starts with its time, "
        "like 00:00:01.000 --> 00:00:04.000.",
    )
    narrative.refresh_from_db()
    assert narrative.title != "A new title"
    assert not narrative.captions
    assert narrative.revisions.count() == 0


# --- publishing needs consent in force --------------------------------------------------------


def test_publishing_a_new_narrative_without_consent_is_refused(curator_client):
    data = narrative_form_data()
    data["action-publish"] = "action-publish"

    response = curator_client.post(reverse(ADD_URL), data)

    assert_shows(
        response,
        "This narrative cannot be published until the narrator's consent is recorded. "
        "Save it as a draft, then add a consent record under Narrative library → Consent.",
    )
    assert_nothing_saved()


@pytest.mark.parametrize(
    "consent, message",
    [
        (
            {"consent__expires": datetime.date.today() - datetime.timedelta(days=1)},
            "The narrator's consent has expired, so this narrative cannot be published. "
            "Record renewed consent first.",
        ),
        (
            {"consent__withdrawn": datetime.date.today()},
            "The narrator has withdrawn consent, so this narrative cannot be published.",
        ),
        (
            {"consent": False},
            "This narrative cannot be published until the narrator's consent is recorded. "
            "Save it as a draft, then add a consent record under Narrative library → Consent.",
        ),
    ],
    ids=["expired", "withdrawn", "missing"],
)
def test_publishing_a_draft_without_consent_in_force_is_refused(curator_client, consent, message):
    narrative = NarrativeFactory(title="Draft story", live=False, **consent)
    data = narrative_form_data(title="Draft story, edited")
    data["action-publish"] = "action-publish"

    response = curator_client.post(
        reverse("wagtailsnippets_narratives_narrative:edit", args=[narrative.pk]), data
    )

    assert_shows(response, message)
    narrative.refresh_from_db()
    assert narrative.live is False
    assert narrative.title == "Draft story"
    assert narrative.revisions.count() == 0


def test_publishing_with_consent_in_force_succeeds(curator_client):
    narrative = NarrativeFactory(title="Draft story", live=False)
    data = narrative_form_data(title="Draft story")
    data["action-publish"] = "action-publish"

    response = curator_client.post(
        reverse("wagtailsnippets_narratives_narrative:edit", args=[narrative.pk]), data
    )

    assert response.status_code == 302
    narrative.refresh_from_db()
    assert narrative.live is True
    assert narrative.live_revision is not None


# --- consent records --------------------------------------------------------------------------


def test_consent_that_expires_before_it_was_given_is_refused(curator_client):
    narrative = NarrativeFactory(consent=False)
    data = nested_form_data(
        {
            "narrative": narrative.pk,
            "scope": "education",
            "given": "2026-03-01",
            "expires": "2026-02-01",
            "withdrawn": "",
            "notes": "",
        }
    )

    response = curator_client.post(reverse("wagtailsnippets_narratives_consent:add"), data)

    assert_shows(response, "Consent must expire after the date it was given.")
    assert Consent.objects.count() == 0


def test_consent_withdrawn_before_it_was_given_is_refused(curator_client):
    narrative = NarrativeFactory()
    consent = narrative.consent
    data = nested_form_data(
        {
            "narrative": narrative.pk,
            "scope": "education",
            "given": consent.given.isoformat(),
            "expires": "",
            "withdrawn": (consent.given - datetime.timedelta(days=1)).isoformat(),
            "notes": "",
        }
    )

    response = curator_client.post(
        reverse("wagtailsnippets_narratives_consent:edit", args=[consent.pk]), data
    )

    assert_shows(response, "Consent cannot be withdrawn before it was given.")
    consent.refresh_from_db()
    assert consent.withdrawn is None


# --- narrative choice blocks in a module ------------------------------------------------------


def module_form_data(narrative_ids):
    return nested_form_data(
        {
            "title": "Choosing a story",
            "slug": "choosing-a-story",
            "intro": "",
            "estimated_minutes": "20",
            "body": streamfield(
                [
                    (
                        "narrative_choice",
                        {
                            "prompt": "Choose the story you would like to hear",
                            "framing": rich_text(""),
                            "narratives": streamfield([("item", str(pk)) for pk in narrative_ids]),
                            "discussion_prompts": streamfield([]),
                            "story_words": streamfield([]),
                        },
                    )
                ]
            ),
        }
    )


@pytest.mark.parametrize(
    "count, duplicate, action, message",
    [
        (1, False, "action-publish", "Choose at least two narratives."),
        (2, True, "action-publish", "Each narrative can appear only once."),
        (2, True, None, "Each narrative can appear only once."),
    ],
    ids=["only-one-on-publish", "duplicate-on-publish", "duplicate-in-draft"],
)
def test_narrative_choice_needs_two_different_narratives(
    client, course, count, duplicate, action, message
):
    client.force_login(UserFactory(groups=["Educators"]))
    narratives = [NarrativeFactory() for _ in range(count)]
    ids = [narratives[0].pk, narratives[0].pk] if duplicate else [n.pk for n in narratives]
    data = module_form_data(ids)
    if action:
        data[action] = action
    pages_before = Page.objects.count()

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course.pk]), data
    )

    assert response.status_code == 200
    # Block errors reach the page as JSON inside an HTML attribute.
    assert escape(json.dumps(message)) in response.content.decode()
    assert "The minimum number of items is" not in response.content.decode()
    assert Page.objects.count() == pages_before
    assert not ModulePage.objects.filter(slug="choosing-a-story").exists()


def test_a_draft_choice_with_one_narrative_so_far_can_be_saved(client, course):
    """Like Wagtail's own min_num, the count is only enforced on publishing."""
    client.force_login(UserFactory(groups=["Educators"]))
    narrative = NarrativeFactory()

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["courses", "modulepage", course.pk]),
        module_form_data([narrative.pk]),
    )

    assert response.status_code == 302
    module = ModulePage.objects.get(slug="choosing-a-story")
    assert module.live is False
    assert module.get_latest_revision_as_object().narratives() == [narrative]
