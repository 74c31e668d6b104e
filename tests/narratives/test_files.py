"""Narrative files only through consent (issue 14, finding 2): every file a narrative shows is
served by a view that checks, on each request, that the narrative is live with consent in force
(or that the requester may preview it); no narrative file is reachable at a public path."""

import datetime
import io
import os
import wave
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.views.static import serve
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction
from wagtailmedia.models import Media

from narratives.models import Narrative
from tests.factories import NarrativeFactory, UserFactory

CAPTIONS = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nThe first thing I noticed was the quiet.\n"
TRANSCRIPT = "The first thing I noticed was the quiet."


def silent_wav(seconds=1, rate=8000):
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\x01\x02" * rate * seconds)
    return buffer.getvalue()


RECORDING = silent_wav()
POSTER = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def separate_roots(settings, tmp_path):
    """As deployed: the public folder (MEDIA_ROOT) and the protected one are apart."""
    settings.MEDIA_ROOT = str(tmp_path / "public")
    settings.PROTECTED_MEDIA_ROOT = str(tmp_path / "protected")
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = ""


def audio_narrative(**kwargs):
    media = Media.objects.create(
        title="The quiet (audio)",
        type="audio",
        duration=1,
        file=ContentFile(RECORDING, name="the-quiet.wav"),
    )
    return NarrativeFactory(
        title="The quiet",
        modality=Narrative.Modality.AUDIO,
        text_body="",
        media=media,
        captions=ContentFile(CAPTIONS, name="the-quiet.vtt"),
        transcript=TRANSCRIPT,
        **kwargs,
    )


def file_url(narrative, kind):
    return reverse("narrative_file", kwargs={"narrative_uuid": narrative.uuid, "kind": kind})


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def withdraw(narrative):
    narrative.consent.withdrawn = timezone.localdate()
    narrative.consent.save()


@pytest.mark.django_db
def test_withdrawing_consent_takes_the_recording_and_captions_away_at_once(client):
    narrative = audio_narrative()
    recording = client.get(file_url(narrative, "recording"))
    captions = client.get(file_url(narrative, "captions"))
    assert recording.status_code == 200 and body(recording) == RECORDING
    assert captions.status_code == 200 and body(captions) == CAPTIONS

    withdraw(narrative)

    assert client.get(file_url(narrative, "recording")).status_code == 404
    assert client.get(file_url(narrative, "captions")).status_code == 404


@pytest.mark.django_db
def test_a_video_poster_goes_through_the_same_check(client):
    narrative = audio_narrative()
    narrative.media.type = "video"
    narrative.media.thumbnail.save("poster.png", ContentFile(POSTER))
    narrative.modality = Narrative.Modality.VIDEO
    narrative.save()

    poster = client.get(file_url(narrative, "poster"))
    assert poster.status_code == 200
    assert body(poster) == POSTER
    assert poster["Content-Type"] == "image/png"
    withdraw(narrative)
    assert client.get(file_url(narrative, "poster")).status_code == 404


@pytest.mark.django_db
def test_a_draft_without_consent_is_only_for_people_who_preview_it(client, curator):
    narrative = audio_narrative(live=False, consent=False)
    learner = UserFactory(username="learner")

    assert client.get(file_url(narrative, "recording")).status_code == 404
    client.force_login(learner)
    assert client.get(file_url(narrative, "recording")).status_code == 404
    assert client.get(file_url(narrative, "captions")).status_code == 404

    client.force_login(curator)
    previewed = client.get(file_url(narrative, "recording"))
    assert previewed.status_code == 200 and body(previewed) == RECORDING
    assert client.get(file_url(narrative, "captions")).status_code == 200


@pytest.mark.django_db
def test_expired_consent_means_not_found(client):
    today = datetime.date.today()
    narrative = audio_narrative(
        consent__given=today - datetime.timedelta(days=60),
        consent__expires=today - datetime.timedelta(days=1),
    )
    assert client.get(file_url(narrative, "recording")).status_code == 404
    assert client.get(file_url(narrative, "captions")).status_code == 404


@pytest.mark.django_db
def test_consent_ending_today_is_in_force_today_and_not_tomorrow(client, monkeypatch):
    today = timezone.localdate()
    narrative = audio_narrative(consent__expires=today)
    assert client.get(file_url(narrative, "recording")).status_code == 200

    monkeypatch.setattr(timezone, "localdate", lambda *args: today + datetime.timedelta(days=1))
    assert client.get(file_url(narrative, "recording")).status_code == 404
    assert client.get(file_url(narrative, "captions")).status_code == 404


@pytest.mark.django_db
def test_unknown_kind_or_narrative_is_not_found(client):
    narrative = audio_narrative()
    assert client.get(file_url(narrative, "transcript")).status_code == 404
    assert client.get(file_url(narrative, "poster")).status_code == 404  # it has none
    text = NarrativeFactory()
    assert client.get(file_url(text, "recording")).status_code == 404


@pytest.mark.django_db
def test_a_file_missing_from_storage_or_a_post_is_no_error(client):
    narrative = audio_narrative()
    assert client.post(file_url(narrative, "recording")).status_code == 405
    narrative.captions.storage.delete(narrative.captions.name)
    assert client.get(file_url(narrative, "captions")).status_code == 404


@pytest.mark.django_db
def test_files_are_sent_with_safe_headers(client):
    narrative = audio_narrative()
    recording = client.get(file_url(narrative, "recording"))
    assert recording["Content-Type"] == "audio/wav"
    assert recording["Content-Length"] == str(len(RECORDING))
    assert recording["Accept-Ranges"] == "bytes"
    assert recording["X-Content-Type-Options"] == "nosniff"
    assert recording["Cache-Control"] == "private, no-store"
    assert recording["Content-Security-Policy"] == "sandbox"

    captions = client.get(file_url(narrative, "captions"))
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert captions["X-Content-Type-Options"] == "nosniff"
    assert captions["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert captions["Content-Disposition"].startswith("inline")
    assert captions["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header, start, end",
    [
        ("bytes=0-9", 0, 9),
        ("bytes=100-", 100, len(RECORDING) - 1),
        ("bytes=-5", len(RECORDING) - 5, len(RECORDING) - 1),
        ("bytes=40-10000000", 40, len(RECORDING) - 1),
    ],
)
def test_byte_ranges_return_exactly_the_bytes_asked_for(client, header, start, end):
    narrative = audio_narrative()
    response = client.get(file_url(narrative, "recording"), headers={"range": header})
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/{len(RECORDING)}"
    assert response["Content-Length"] == str(end - start + 1)
    assert body(response) == RECORDING[start : end + 1]


@pytest.mark.django_db
@pytest.mark.parametrize("header", [f"bytes={len(RECORDING)}-", "bytes=-0"])
def test_a_range_past_the_end_is_unsatisfiable(client, header):
    narrative = audio_narrative()
    response = client.get(file_url(narrative, "recording"), headers={"range": header})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(RECORDING)}"


@pytest.mark.django_db
def test_several_ranges_or_a_stale_if_range_get_the_whole_file(client):
    narrative = audio_narrative()
    url = file_url(narrative, "recording")
    several = client.get(url, headers={"range": "bytes=0-1,5-6"})
    assert several.status_code == 200 and body(several) == RECORDING
    stale = client.get(
        url, headers={"range": "bytes=0-1", "if-range": "Wed, 21 Oct 2015 07:28:00 GMT"}
    )
    assert stale.status_code == 200 and body(stale) == RECORDING


@pytest.mark.django_db
def test_behind_nginx_the_app_checks_and_nginx_sends_the_bytes(client, settings):
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = "/_protected/"
    narrative = audio_narrative()

    response = client.get(file_url(narrative, "recording"))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_protected/{narrative.media.file.name}"
    assert response["Content-Type"] == "audio/wav"
    assert response["Cache-Control"] == "private, no-store"
    assert body(response) == b""
    captions = client.get(file_url(narrative, "captions"))
    assert captions["X-Accel-Redirect"] == f"/_protected/{narrative.captions.name}"
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert captions["Content-Security-Policy"] == "sandbox; default-src 'none'"

    withdraw(narrative)
    gone = client.get(file_url(narrative, "recording"))
    assert gone.status_code == 404
    assert "X-Accel-Redirect" not in gone


@pytest.mark.django_db
def test_no_narrative_file_is_under_the_public_folder(settings, client):
    """The old `/media/...` addresses: what `static()` (DEBUG) or nginx's public `/media/`
    location serves from MEDIA_ROOT finds nothing of a narrative's."""
    narrative = audio_narrative()
    narrative.media.thumbnail.save("poster.png", ContentFile(POSTER))
    public = Path(settings.MEDIA_ROOT).resolve()
    request = RequestFactory().get("/media/")
    for stored in (narrative.media.file, narrative.media.thumbnail, narrative.captions):
        assert not Path(stored.path).resolve().is_relative_to(public)
        assert not stored.url.startswith(settings.MEDIA_URL)
        with pytest.raises(Http404):
            serve(request, stored.name, document_root=settings.MEDIA_ROOT)
        # Its storage address is the editors' view: nothing for anyone else.
        assert client.get(stored.url).status_code == 404


@pytest.mark.django_db
def test_editors_follow_the_admins_links_to_a_file(client, curator, educator):
    narrative = audio_narrative(live=False, consent=False)
    for editor in (curator, educator):
        client.force_login(editor)
        response = client.get(narrative.media.url)
        assert response.status_code == 200 and body(response) == RECORDING
        captions = client.get(narrative.captions.url)
        assert captions["Content-Type"] == "text/vtt; charset=utf-8"
        assert captions["Content-Security-Policy"] == "sandbox; default-src 'none'"
    client.force_login(UserFactory(username="learner"))
    assert client.get(narrative.media.url).status_code == 404


@pytest.mark.django_db
def test_a_page_stored_before_uploads_were_checked_runs_nothing_when_opened(client, curator):
    """A file an editor uploaded before content checks existed (HTML named as a recording) is
    sandboxed when opened from the admin's link: no script, no origin to read anything with."""
    narrative = audio_narrative(live=False, consent=False)
    media = narrative.media
    media.file.save("old.html", ContentFile(b"<script>alert(document.cookie)</script>"))
    client.force_login(curator)
    response = client.get(media.file.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_documents_go_through_wagtails_checked_view(client, settings, curator):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Panel papers")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = Document.objects.create(
        title="Consent form",
        file=ContentFile(b"%PDF-1.4 form", name="form.pdf"),
        collection=private,
    )
    assert document.url == reverse("wagtaildocs_serve", args=[document.id, "form.pdf"])
    assert not os.path.exists(os.path.join(settings.MEDIA_ROOT, document.file.name))
    with pytest.raises(Http404):
        serve(RequestFactory().get("/"), document.file.name, document_root=settings.MEDIA_ROOT)
    # Its storage address is not a way round the collection's restriction either.
    assert client.get(document.file.url).status_code == 404

    anonymous = client.get(document.url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(curator)
    assert client.get(document.file.url).status_code == 404  # editors' view: narratives only
    signed_in = client.get(document.url)
    assert signed_in.status_code == 200 and body(signed_in) == b"%PDF-1.4 form"
