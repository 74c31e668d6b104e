"""Recordings are what they claim (issue 14, finding 1): wagtailmedia's upload pages and the
chooser's upload take only audio and video types every learner's browser plays, checked by the
file's content as well as its name, up to a size limit, with thumbnails that are real images."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Collection
from wagtailmedia.models import Media

from narratives.validators import MEDIA_SIGNATURES

from . import media_files as files

AUDIO_ADD = reverse("wagtailmedia:add", args=["audio"])
VIDEO_ADD = reverse("wagtailmedia:add", args=["video"])


def media_data(file, title="Coming home", **extra):
    return {
        "title": title,
        "file": file,
        "collection": Collection.get_first_root_node().pk,
        "duration": "12",
        "tags": "",
        **extra,
    }


def assert_refused(response, message):
    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert Media.objects.count() == 0


@pytest.mark.parametrize(
    "url, name, content",
    [
        (AUDIO_ADD, "story.mp3", files.MP3),
        (AUDIO_ADD, "story.mp3", files.MP3_NO_TAG),
        (AUDIO_ADD, "story.m4a", files.M4A),
        (AUDIO_ADD, "story.ogg", files.OGG),
        (AUDIO_ADD, "story.opus", files.OGG),
        (AUDIO_ADD, "story.wav", files.WAV),
        (AUDIO_ADD, "story.webm", files.WEBM),
        (VIDEO_ADD, "story.mp4", files.MP4),
        (VIDEO_ADD, "story.M4V", files.MP4),
        (VIDEO_ADD, "story.webm", files.WEBM),
        (VIDEO_ADD, "story.ogv", files.OGG),
    ],
)
def test_recordings_of_an_allowed_type_are_saved(educator_client, url, name, content):
    response = educator_client.post(url, media_data(files.upload(name, content)))

    assert response.status_code == 302
    media = Media.objects.get()
    assert media.file.read() == content


@pytest.mark.parametrize(
    "url, name, content, message",
    [
        (
            AUDIO_ADD,
            "story.mp3",
            files.HTML,
            "This file is not MP3 audio, although its name ends in .mp3. "
            "Choose the recording itself, saved as MP3.",
        ),
        (
            VIDEO_ADD,
            "story.mp4",
            files.AVIF,
            "This file is not MP4 video or audio, although its name ends in .mp4. "
            "Choose the recording itself, saved as MP4.",
        ),
        (
            AUDIO_ADD,
            "story.wav",
            files.MP3,
            "This file is not WAV audio, although its name ends in .wav. "
            "Choose the recording itself, saved as WAV.",
        ),
        (
            AUDIO_ADD,
            "story.html",
            files.HTML,
            "Storybridge takes audio as MP3, M4A, OGG, OGA, OPUS, WAV or WEBM files.",
        ),
        (
            VIDEO_ADD,
            "story.mp3",
            files.MP3,
            "Storybridge takes video as MP4, M4V, WEBM or OGV files.",
        ),
        (
            AUDIO_ADD,
            "story",
            files.MP3,
            "Storybridge takes audio as MP3, M4A, OGG, OGA, OPUS, WAV or WEBM files.",
        ),
    ],
    ids=["html-as-mp3", "image-as-mp4", "mp3-as-wav", "html", "audio-as-video", "no-extension"],
)
def test_recordings_that_are_not_what_they_claim_are_refused(
    educator_client, url, name, content, message
):
    response = educator_client.post(url, media_data(files.upload(name, content)))

    assert_refused(response, message)
    # Only Storybridge's message, not wagtailmedia's repeat of it in other words.
    assert "is not allowed" not in response.content.decode()


def test_a_recording_over_the_size_limit_is_refused(educator_client, settings):
    settings.STORYBRIDGE_MAX_MEDIA_BYTES = 300

    response = educator_client.post(AUDIO_ADD, media_data(files.upload("story.mp3", files.MP3)))

    assert_refused(
        response,
        "This file is 414\xa0bytes; the largest recording Storybridge takes is 300\xa0bytes. "
        "Export it at a lower quality and try again.",
    )


def test_the_default_size_limit_is_500_mb():
    assert settings.STORYBRIDGE_MAX_MEDIA_BYTES == 500 * 1024 * 1024


def test_a_real_image_is_taken_as_the_thumbnail(educator_client):
    response = educator_client.post(
        VIDEO_ADD, media_data(files.upload("story.mp4", files.MP4), thumbnail=files.png())
    )

    assert response.status_code == 302
    assert Media.objects.get().thumbnail.read().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "thumbnail, message",
    [
        (
            files.upload("poster.png", files.HTML, "image/png"),
            "The thumbnail is not an image Storybridge can show. "
            "Choose a JPEG, PNG, GIF or WebP picture.",
        ),
        (
            files.upload("poster.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
            "The thumbnail is not an image Storybridge can show. "
            "Choose a JPEG, PNG, GIF or WebP picture.",
        ),
        (
            files.png("poster.gif"),
            "The thumbnail is a PNG picture, but its name ends in .gif. "
            "Rename it to end in .png and try again.",
        ),
    ],
    ids=["html-as-png", "svg", "png-named-gif"],
)
def test_a_thumbnail_that_is_not_a_real_image_is_refused(educator_client, thumbnail, message):
    response = educator_client.post(
        VIDEO_ADD, media_data(files.upload("story.mp4", files.MP4), thumbnail=thumbnail)
    )

    assert_refused(response, message)


def test_the_choosers_upload_checks_content_too(educator_client):
    url = reverse("wagtailmedia:chooser_upload", args=["audio"])
    data = {f"media-chooser-upload-{k}": v for k, v in media_data(None).items()}
    data["media-chooser-upload-file"] = files.upload("story.mp3", files.HTML)

    response = educator_client.post(url, data)

    assert response.status_code == 200
    assert (
        escape("This file is not MP3 audio, although its name ends in .mp3.")
        in response.json()["html"]
    )
    assert Media.objects.count() == 0


def test_every_allowed_extension_has_a_content_check():
    for extension in settings.WAGTAILMEDIA["AUDIO_EXTENSIONS"]:
        assert extension in MEDIA_SIGNATURES["audio"]
    for extension in settings.WAGTAILMEDIA["VIDEO_EXTENSIONS"]:
        assert extension in MEDIA_SIGNATURES["video"]


def test_a_good_recording_on_a_form_that_fails_is_named_and_asked_for_again(educator_client):
    data = media_data(files.upload("story.mp3", files.MP3), title="", thumbnail=files.png())

    response = educator_client.post(AUDIO_ADD, data)

    page = response.content.decode()
    assert "This field is required." in page
    for name in ("story.mp3", "poster.png"):
        assert (
            escape(
                f"{name} was fine, but it was not saved because something else on the form needs "
                f"correcting. Correct it, then choose {name} again."
            )
            in page
        )
    assert Media.objects.count() == 0
