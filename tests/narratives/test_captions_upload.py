"""Captions are what they claim (issue 14, finding 1): a `.vtt` file that parses as WebVTT, with no
HTML in it, stored under a name Storybridge chooses. Every case posts to the real snippet admin."""

import os
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from wagtailmedia.models import Media

from narratives.models import Narrative
from narratives.validators import parse_webvtt

from .admin_data import narrative_form_data

ADD_URL = "wagtailsnippets_narratives_narrative:add"
TRANSCRIPT = "I remember the day I came home. The kettle was the loudest thing."
CUE = b"00:00:01.000 --> 00:00:04.000\n"
GOOD_VTT = b"WEBVTT\n\n" + CUE + b"I remember the day I came home.\n"


@pytest.fixture
def audio_file(db):
    return Media.objects.create(
        title="Coming home (audio)",
        type="audio",
        duration=12,
        file=SimpleUploadedFile("coming-home.mp3", b"ID3 tiny", content_type="audio/mpeg"),
    )


def captions_on_disk():
    folder = os.path.join(settings.PROTECTED_MEDIA_ROOT, "narratives", "captions")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def post_captions(client, audio_file, name, content):
    data = narrative_form_data(
        modality="audio", media=audio_file.pk, transcript=TRANSCRIPT, text_body=""
    )
    data["captions"] = SimpleUploadedFile(name, content, content_type="text/vtt")
    return client.post(reverse(ADD_URL), data)


def test_the_reported_attack_html_named_captions_with_a_script_is_refused(
    curator_client, audio_file
):
    content = GOOD_VTT + b"\n<script>fetch('/profile/my-data/')</script>\n"

    response = post_captions(curator_client, audio_file, "x.html", content)

    assert response.status_code == 200
    assert "The captions file must be a WebVTT file ending in .vtt." in response.content.decode()
    assert Narrative.objects.count() == 0
    assert captions_on_disk() == []


@pytest.mark.parametrize(
    "content, message",
    [
        (
            b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello <script>alert(1)</script>\n",
            "Line 4 of the captions contains <script>. Captions may use only WebVTT's own "
            "tags, such as <i>, <b> and <v>.",
        ),
        (
            b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<img src=x onerror=alert(1)>\n",
            "Line 4 of the captions contains <img>. Captions may use only WebVTT's own "
            "tags, such as <i>, <b> and <v>.",
        ),
        (
            b"WEBVTT\n\nNOTE <iframe src=//evil.example>\n\n00:00:01.000 --> 00:00:04.000\nHi\n",
            "Line 3 of the captions contains <iframe>. Captions may use only WebVTT's own "
            "tags, such as <i>, <b> and <v>.",
        ),
        (
            b"WEBVTT\n\nSTYLE\n::cue { background: url(https://evil.example/) }\n\n"
            + CUE
            + b"Hi\n",
            "Line 3 of the captions starts a STYLE block. Storybridge sets how captions look, "
            "so remove the STYLE block.",
        ),
        (
            b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello\n00:00:05.000 --> 00:00:06.000\nX\n",
            "Line 5 of the captions has a time inside a caption's text. "
            "Leave a blank line before each new time.",
        ),
        (
            b"WEBVTT\n\nNOTE only a note\n",
            "The captions file has no captions in it.",
        ),
        (
            b"WEBVTTX\n\n" + CUE + b"Hi\n",
            "This is not a WebVTT captions file: the first line must be 'WEBVTT'.",
        ),
        (
            b"WEBVTT\n\n00:00:01.000 --> 00:00:01.000\nHi\n",
            "Line 3 of the captions ends before it starts.",
        ),
        (
            b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000 colour:red\nHi\n",
            "Line 3 of the captions has a setting WebVTT does not know: 'colour:red'.",
        ),
    ],
    ids=[
        "script",
        "img-onerror",
        "iframe-in-note",
        "style-block",
        "timing-in-text",
        "no-cues",
        "bad-header",
        "zero-length",
        "unknown-setting",
    ],
)
def test_captions_that_are_not_plain_webvtt_are_refused(
    curator_client, audio_file, content, message
):
    response = post_captions(curator_client, audio_file, "captions.vtt", content)

    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert Narrative.objects.count() == 0
    assert captions_on_disk() == []


def test_a_vtt_name_on_a_file_that_is_not_webvtt_is_refused(curator_client, audio_file):
    response = post_captions(
        curator_client, audio_file, "captions.vtt", b"<!doctype html><script>alert(1)</script>"
    )

    assert (
        escape("This is not a WebVTT captions file: the first line must be 'WEBVTT'.")
        in response.content.decode()
    )
    assert captions_on_disk() == []


def test_webvtt_cue_tags_and_settings_are_accepted_and_stored_under_a_generated_name(
    curator_client, audio_file
):
    content = (
        b"\xef\xbb\xbfWEBVTT - Coming home\nKind: captions\n\n"
        b"NOTE transcribed by the panel\n\n"
        b"1\n00:01.000 --> 00:04.000 align:start position:10% line:0\n"
        b"<v Sam>I remember <i>the day</i> I came <b>home</b>.</v>\n\n"
        b"intro-2\n01:00:04.500 --> 01:00:06.000\n"
        b"<c.loud>The kettle</c> <00:00:05.000><u>was</u> <lang cy>loud</lang> "
        b"<ruby>tea<rt>te</rt></ruby> &lt;3 &amp; more\n"
    )

    response = post_captions(curator_client, audio_file, "My Story (final).VTT", content)

    assert response.status_code == 302
    narrative = Narrative.objects.get()
    assert re.fullmatch(r"narratives/captions/[0-9a-f]{32}\.vtt", narrative.captions.name)
    assert narrative.captions.read() == content
    assert captions_on_disk() == [os.path.basename(narrative.captions.name)]


def test_parse_webvtt_counts_cues():
    assert parse_webvtt(GOOD_VTT.decode() + "\n" + CUE.decode() + "Again\n") == 2
