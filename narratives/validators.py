"""Validators for narrative inputs: WebVTT captions, warning time-stamps, embed providers."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

MAX_CAPTIONS_BYTES = 2 * 1024 * 1024
_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
CUE_TIMING = re.compile(rf"^{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t].*)?$")

timestamp_validator = RegexValidator(
    r"^(?:\d{1,2}:)?[0-5]?\d:[0-5]\d$",
    _("Write the time as minutes and seconds, like 04:10, or hours too, like 1:04:10."),
)


def _seconds(hours, minutes, seconds, millis):
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse_webvtt(text):
    """Return the number of cues in WebVTT `text`; raise ValidationError naming the bad line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise ValidationError(
            _("This is not a WebVTT captions file: the first line must be 'WEBVTT'."),
            code="webvtt_header",
        )
    cues = 0
    for number, line in enumerate(lines[1:], start=2):
        if "-->" not in line:
            continue
        match = CUE_TIMING.match(line.strip())
        if not match:
            raise ValidationError(
                _(
                    "Line %(line)d of the captions has a malformed time: '%(text)s'. "
                    "Use 00:00:01.000 --> 00:00:04.000."
                ),
                code="webvtt_timing",
                params={"line": number, "text": line.strip()[:80]},
            )
        start = _seconds(*match.groups()[:4])
        end = _seconds(*match.groups()[4:])
        if end <= start:
            raise ValidationError(
                _("Line %(line)d of the captions ends before it starts."),
                code="webvtt_order",
                params={"line": number},
            )
        cues += 1
    if cues == 0:
        raise ValidationError(_("The captions file has no captions in it."), code="webvtt_empty")
    return cues


def validate_webvtt(file):
    if file.size > MAX_CAPTIONS_BYTES:
        raise ValidationError(_("The captions file is larger than 2 MB."), code="webvtt_size")
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        raw = file.read()
    finally:
        file.seek(position)
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("The captions file must be saved as UTF-8 text."), code="webvtt_encoding"
        ) from error
    parse_webvtt(text)


# How each provider spells its own name, for messages and the player notice.
PROVIDER_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo", "soundcloud": "SoundCloud"}


def embed_provider(url):
    """The allow-listed provider name for `url` ("youtube", "vimeo", "soundcloud"), or None."""
    from embed_video.backends import SoundCloudBackend, VimeoBackend, YoutubeBackend

    backends = {"youtube": YoutubeBackend, "vimeo": VimeoBackend, "soundcloud": SoundCloudBackend}
    for name in settings.STORYBRIDGE_EMBED_PROVIDERS:
        backend = backends.get(name)
        if backend and backend.is_valid(url):
            return name
    return None


def validate_embed_url(url):
    if not url.startswith("https://"):
        raise ValidationError(_("Use a secure web address that starts with https://."))
    if embed_provider(url) is None:
        raise ValidationError(
            _(
                "Storybridge embeds only %(providers)s. Upload the file instead, or use a link "
                "from one of those services."
            ),
            code="embed_provider",
            params={
                "providers": ", ".join(
                    PROVIDER_NAMES.get(p, p) for p in settings.STORYBRIDGE_EMBED_PROVIDERS
                )
            },
        )
