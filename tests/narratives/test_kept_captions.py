"""A file the editor attached is not silently dropped when another field fails validation
(issue 14, finding 1): the narrative form keeps a valid captions upload, says so, and uses it on
the next save without the editor choosing it again. Every case posts to the real snippet admin."""

import datetime
import os
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtailmedia.models import Media

from narratives.models import ContentWarning, KeptUpload, Narrative
from tests.factories import UserFactory

from .admin_data import narrative_form_data

ADD_URL = reverse("wagtailsnippets_narratives_narrative:add")
TRANSCRIPT = "I remember the day I came home. The kettle was the loudest thing."
VTT = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nI remember the day I came home.\n"
KEPT = "We kept sam-captions.vtt; you do not need to choose it again."
KEPT_FIELD = re.compile(r'<input type="hidden" name="captions-kept" value="([^"]+)"')


@pytest.fixture
def audio_file(db):
    return Media.objects.create(
        title="Coming home (audio)",
        type="audio",
        duration=12,
        file=SimpleUploadedFile("coming-home.mp3", b"ID3 tiny", content_type="audio/mpeg"),
    )


def form_data(audio_file, **fields):
    values = {"modality": "audio", "media": audio_file.pk, "transcript": TRANSCRIPT}
    values.update(fields)
    return narrative_form_data(text_body="", **values)


def captions_on_disk():
    folder = os.path.join(settings.PROTECTED_MEDIA_ROOT, "narratives", "captions")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def post_with_a_missing_transcript(client, audio_file):
    data = form_data(audio_file, transcript="")
    data["captions"] = SimpleUploadedFile("sam-captions.vtt", VTT, content_type="text/vtt")
    return client.post(ADD_URL, data)


def test_a_valid_captions_file_is_kept_when_another_field_fails(curator_client, audio_file):
    response = post_with_a_missing_transcript(curator_client, audio_file)

    page = response.content.decode()
    assert response.status_code == 200
    assert escape("Audio and video narratives need a transcript") in page
    assert escape(KEPT) in page
    assert Narrative.objects.count() == 0
    assert captions_on_disk() == []

    token = KEPT_FIELD.search(page).group(1)
    data = form_data(audio_file)
    data["captions-kept"] = token
    response = curator_client.post(ADD_URL, data)

    assert response.status_code == 302
    narrative = Narrative.objects.get()
    assert narrative.captions.read() == VTT
    assert re.fullmatch(r"narratives/captions/[0-9a-f]{32}\.vtt", narrative.captions.name)
    assert KeptUpload.objects.count() == 0


def test_the_kept_file_is_kept_again_when_the_next_save_fails_too(curator_client, audio_file):
    first = post_with_a_missing_transcript(curator_client, audio_file).content.decode()
    data = form_data(audio_file, transcript="")
    data["captions-kept"] = KEPT_FIELD.search(first).group(1)

    second = curator_client.post(ADD_URL, data).content.decode()

    assert escape(KEPT) in second
    assert KeptUpload.objects.count() == 1


def test_a_kept_file_is_kept_when_a_content_warning_fails(curator_client, audio_file, db):
    warning = ContentWarning.objects.filter(domain__isnull=True).first()
    data = form_data(audio_file, warnings=[{"warning": warning.pk, "note": "", "timestamp": "4m"}])
    data["captions"] = SimpleUploadedFile("sam-captions.vtt", VTT, content_type="text/vtt")

    response = curator_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert escape(KEPT) in response.content.decode()


def test_bad_captions_are_not_kept(curator_client, audio_file):
    data = form_data(audio_file, transcript="")
    data["captions"] = SimpleUploadedFile("sam-captions.vtt", b"WEBVTT\n\n<script>\n")

    page = curator_client.post(ADD_URL, data).content.decode()

    assert escape(KEPT) not in page
    assert "captions-kept" not in page
    assert KeptUpload.objects.count() == 0


def test_another_editors_kept_file_is_not_taken(curator_client, audio_file):
    page = post_with_a_missing_transcript(curator_client, audio_file).content.decode()
    other = Client()
    other.force_login(UserFactory(username="other", groups=["Narrative curators"]))
    data = form_data(audio_file)
    data["captions-kept"] = KEPT_FIELD.search(page).group(1)

    response = other.post(ADD_URL, data)

    assert response.status_code == 200
    assert (
        escape("The captions file you chose before could not be kept. Choose it again.")
        in response.content.decode()
    )
    assert Narrative.objects.count() == 0


def test_a_kept_file_older_than_an_hour_is_asked_for_again(curator_client, audio_file):
    page = post_with_a_missing_transcript(curator_client, audio_file).content.decode()
    KeptUpload.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    data = form_data(audio_file)
    data["captions-kept"] = KEPT_FIELD.search(page).group(1)

    response = curator_client.post(ADD_URL, data)

    assert (
        escape("The captions file you chose before could not be kept. Choose it again.")
        in response.content.decode()
    )
    assert Narrative.objects.count() == 0


def test_a_new_file_replaces_the_kept_one(curator_client, audio_file):
    page = post_with_a_missing_transcript(curator_client, audio_file).content.decode()
    other_vtt = VTT.replace(b"came home", b"walked out")
    data = form_data(audio_file)
    data["captions-kept"] = KEPT_FIELD.search(page).group(1)
    data["captions"] = SimpleUploadedFile("newer.vtt", other_vtt, content_type="text/vtt")

    curator_client.post(ADD_URL, data)

    assert Narrative.objects.get().captions.read() == other_vtt


def test_the_captions_input_offers_webvtt_files(curator_client, audio_file):
    page = post_with_a_missing_transcript(curator_client, audio_file).content.decode()

    assert re.search(r'<input type="file" name="captions"[^>]*accept="\.vtt,text/vtt"', page)
