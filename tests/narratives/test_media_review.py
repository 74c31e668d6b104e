"""The panel reviews everything a learner sees (issue 14, finding 4): a recording a live narrative
uses, or one in review, cannot be replaced or deleted from under it; a change of recording,
captions, transcript or poster made on the narrative reaches learners only after approval."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Collection, TaskState
from wagtailmedia.models import Media

from narratives.models import Narrative
from tests.factories import NarrativeFactory

from . import media_files as files
from .admin_data import narrative_form_data

OLD_TRANSCRIPT = "I remember the day I came home. The kettle was the loudest thing."
NEW_TRANSCRIPT = "Months later I walked to the allotment on my own for the first time."
OLD_VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nI remember the day I came home.\n"
NEW_VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nMonths later I walked on my own.\n"
IN_USE = (
    "This recording is used by the live narrative 'Coming home'. Upload a new media item and "
    "choose it on the narrative; the lived-experience panel reviews that change."
)


def make_media(title, content=files.MP3, name="story.mp3", **fields):
    return Media.objects.create(
        title=title, type="audio", duration=12, file=ContentFile(content, name=name), **fields
    )


@pytest.fixture
def recording(db):
    return make_media("Coming home (audio)", thumbnail=ContentFile(files.png().read(), "p.png"))


@pytest.fixture
def live_narrative(recording):
    return NarrativeFactory(
        title="Coming home",
        modality="audio",
        media=recording,
        transcript=OLD_TRANSCRIPT,
        text_body="",
        captions=ContentFile(OLD_VTT, name="old.vtt"),
    )


def edit_media(client, media, file=None, title=None, **extra):
    data = {
        "title": title or media.title,
        "collection": Collection.get_first_root_node().pk,
        "duration": "12",
        "tags": "",
        **extra,
    }
    if file is not None:
        data["file"] = file
    return client.post(reverse("wagtailmedia:edit", args=[media.pk]), data)


def read(field_file):
    field_file.open("rb")
    try:
        return field_file.read()
    finally:
        field_file.close()


# --- editing a Media item -----------------------------------------------------------------------


def test_a_recording_no_narrative_shows_can_be_replaced(educator_client, recording):
    NarrativeFactory(title="Draft only", modality="audio", media=recording, live=False,
                     transcript=OLD_TRANSCRIPT, text_body="")  # fmt: skip

    response = edit_media(educator_client, recording, files.upload("new.mp3", files.MP3_NO_TAG))

    assert response.status_code == 302
    recording.refresh_from_db()
    assert read(recording.file) == files.MP3_NO_TAG


def test_replacing_the_recording_of_a_live_narrative_is_refused(educator_client, live_narrative):
    recording = live_narrative.media
    original_name = recording.file.name

    response = edit_media(educator_client, recording, files.upload("new.mp3", files.MP3_NO_TAG))

    assert response.status_code == 200
    assert escape(IN_USE) in response.content.decode()
    recording.refresh_from_db()
    assert recording.file.name == original_name
    assert read(recording.file) == files.MP3


def test_replacing_or_clearing_the_poster_of_a_live_narrative_is_refused(
    educator_client, live_narrative
):
    recording = live_narrative.media
    thumbnail = recording.thumbnail.name

    replaced = edit_media(educator_client, recording, thumbnail=files.png("other.png", (4, 4)))
    cleared = edit_media(educator_client, recording, **{"thumbnail-clear": "on"})

    for response in (replaced, cleared):
        assert response.status_code == 200
        assert escape(IN_USE) in response.content.decode()
    recording.refresh_from_db()
    assert recording.thumbnail.name == thumbnail


def test_the_title_and_tags_of_a_recording_in_use_can_still_be_edited(
    educator_client, live_narrative
):
    recording = live_narrative.media

    response = edit_media(educator_client, recording, title="Coming home, Sam", tags="hospital")

    assert response.status_code == 302
    recording.refresh_from_db()
    assert recording.title == "Coming home, Sam"
    assert list(recording.tags.names()) == ["hospital"]
    assert read(recording.file) == files.MP3


def test_replacing_a_recording_a_narrative_in_review_uses_is_refused(educator_client, recording):
    data = narrative_form_data(
        title="Finding the allotment",
        modality="audio",
        media=recording.pk,
        transcript=OLD_TRANSCRIPT,
        text_body="",
    )
    data["action-submit"] = "action-submit"
    educator_client.post(reverse("wagtailsnippets_narratives_narrative:add"), data)
    assert Narrative.objects.get(title="Finding the allotment").workflow_in_progress

    response = edit_media(educator_client, recording, files.upload("new.mp3", files.MP3_NO_TAG))

    assert (
        escape(
            "This recording is used by the narrative 'Finding the allotment', which the "
            "lived-experience panel is reviewing or has scheduled."
        )
        in response.content.decode()
    )
    recording.refresh_from_db()
    assert read(recording.file) == files.MP3


def test_replacing_a_recording_a_scheduled_revision_uses_is_refused(educator_client, recording):
    narrative = NarrativeFactory(title="Later", modality="audio", media=recording, live=False,
                                 transcript=OLD_TRANSCRIPT, text_body="")  # fmt: skip
    narrative.save_revision(approved_go_live_at=timezone.now() + datetime.timedelta(days=1))

    response = edit_media(educator_client, recording, files.upload("new.mp3", files.MP3_NO_TAG))

    assert (
        escape(
            "This recording is used by the narrative 'Later', which the lived-experience panel "
            "is reviewing or has scheduled."
        )
        in response.content.decode()
    )
    recording.refresh_from_db()
    assert read(recording.file) == files.MP3


# --- deleting a Media item ----------------------------------------------------------------------


def test_deleting_a_recording_a_live_narrative_uses_is_refused(curator_client, live_narrative):
    recording = live_narrative.media
    url = reverse("wagtailmedia:delete", args=[recording.pk])

    shown = curator_client.get(url, follow=True)
    posted = curator_client.post(url, follow=True)

    message = (
        "This recording is used by the live narrative 'Coming home', so it cannot be deleted. "
        "Choose another recording on the narrative first, or withdraw the narrative."
    )
    for response in (shown, posted):
        assert escape(message) in response.content.decode()
    assert Media.objects.filter(pk=recording.pk).exists()
    live_narrative.refresh_from_db()
    assert live_narrative.media == recording


def test_deleting_a_recording_no_narrative_shows_still_works(curator_client, db, settings):
    recording = make_media("Unused")
    url = reverse("wagtailmedia:delete", args=[recording.pk])

    assert "Are you sure you want to delete" in curator_client.get(url).content.decode()
    response = curator_client.post(url)

    assert response.status_code == 302
    assert not Media.objects.filter(pk=recording.pk).exists()


# --- changing a live narrative's files on the narrative itself ----------------------------------


def approve(client, narrative):
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(narrative.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    url = reverse(
        "wagtailsnippets_narratives_narrative:workflow_action",
        args=[narrative.pk, "approve", task_state.pk],
    )
    return client.post(url, {"comment": "Heard and read by the panel."})


def test_a_live_narratives_new_recording_captions_and_transcript_wait_for_the_panel(
    educator, curator, live_narrative, make_module
):
    module = make_module(
        body=[
            {
                "type": "narrative",
                "value": {"narrative": live_narrative.pk, "framing": "", "discussion_prompts": []},
            }
        ]
    )
    learner = Client()
    old_recording, old_captions = live_narrative.media, live_narrative.captions.name
    new_recording = make_media("Allotment (audio)", files.MP3_NO_TAG, "allotment.mp3")
    data = narrative_form_data(
        title="Coming home",
        modality="audio",
        media=new_recording.pk,
        transcript=NEW_TRANSCRIPT,
        text_body="",
    )
    data["captions"] = files.upload("new.vtt", NEW_VTT, "text/vtt")
    data["action-submit"] = "action-submit"
    editor = Client()
    editor.force_login(educator)

    response = editor.post(
        reverse("wagtailsnippets_narratives_narrative:edit", args=[live_narrative.pk]), data
    )

    assert response.status_code == 302
    narrative = Narrative.objects.get(pk=live_narrative.pk)
    assert narrative.workflow_in_progress
    assert (narrative.media, narrative.transcript) == (old_recording, OLD_TRANSCRIPT)
    assert narrative.captions.name == old_captions
    assert read(narrative.captions) == OLD_VTT
    page = learner.get(module.url).content.decode()
    assert OLD_TRANSCRIPT in page
    assert NEW_TRANSCRIPT not in page

    reviewer = Client()
    reviewer.force_login(curator)
    assert approve(reviewer, narrative).status_code == 302

    narrative.refresh_from_db()
    assert (narrative.media, narrative.transcript) == (new_recording, NEW_TRANSCRIPT)
    assert narrative.captions.name != old_captions
    assert read(narrative.captions) == NEW_VTT
    page = learner.get(module.url).content.decode()
    assert NEW_TRANSCRIPT in page
    assert OLD_TRANSCRIPT not in page
