"""Validators for narrative inputs: WebVTT captions, warning time-stamps, embed providers."""

import os
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from embed_video.backends import SoundCloudBackend, VimeoBackend, YoutubeBackend
from PIL import Image

MAX_CAPTIONS_BYTES = 2 * 1024 * 1024
CAPTIONS_FOLDER = "narratives/captions"
_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
CUE_TIMING = re.compile(rf"^{_TIME}[ \t]+-->[ \t]+{_TIME}(?P<settings>(?:[ \t].*)?)$")
CUE_SETTING = re.compile(r"^(vertical|line|position|size|align|region):\S+$")
# WebVTT's own cue markup: class, italic, bold, underline, ruby, ruby text, voice, language
# spans, and in-cue timestamps. Anything else between < and > is not WebVTT and is refused, so a
# file that a browser might sniff as HTML never gets in.
CUE_TAG = re.compile(
    r"<(?:/(?:c|i|b|u|ruby|rt|v|lang)"
    r"|(?:c|i|b|u|ruby|rt)(?:\.[^\s.<>&]+)*"
    r"|(?:v|lang)(?:\.[^\s.<>&]+)*(?:[ \t][^<>\n]*)?"
    r"|(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3})>"
)
ANY_TAG = re.compile(r"<\s*/?\s*([A-Za-z!?][^\s/<>]*)?")

timestamp_validator = RegexValidator(
    r"^(?:\d{1,2}:)?[0-5]?\d:[0-5]\d$",
    _("Write the time as minutes and seconds, like 04:10, or hours too, like 1:04:10."),
)


def captions_upload_to(instance, filename):
    """A name Storybridge chooses: the editor's file name is never part of a stored path."""
    return f"{CAPTIONS_FOLDER}/{uuid.uuid4().hex}.vtt"


def _seconds(hours, minutes, seconds, millis):
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _check_markup(number, line):
    """Every `<` on a line must open one of WebVTT's own cue tags or timestamps."""
    position = line.find("<")
    while position != -1:
        tag = CUE_TAG.match(line, position)
        if tag:
            position = line.find("<", tag.end())
            continue
        name = ANY_TAG.match(line, position).group(1) or ""
        raise ValidationError(
            _(
                "Line %(line)d of the captions contains %(tag)s. Captions may use only "
                "WebVTT's own tags, such as <i>, <b> and <v>."
            ),
            code="webvtt_markup",
            params={"line": number, "tag": f"<{name.lower()}>" if name else "<"},
        )


def _check_timing(number, line):
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
    for setting in match.group("settings").split():
        if not CUE_SETTING.match(setting):
            raise ValidationError(
                _("Line %(line)d of the captions has a setting WebVTT does not know: '%(text)s'."),
                code="webvtt_setting",
                params={"line": number, "text": setting[:40]},
            )
    start = _seconds(*match.groups()[:4])
    end = _seconds(*match.groups()[4:8])
    if end <= start:
        raise ValidationError(
            _("Line %(line)d of the captions ends before it starts."),
            code="webvtt_order",
            params={"line": number},
        )


def _blocks(lines):
    """(line number, lines) for each block of non-blank lines after the header block."""
    block, start = [], 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def parse_webvtt(text):
    """Return the number of cues in WebVTT `text`; raise ValidationError naming the bad line.

    Follows the WebVTT file structure: a `WEBVTT` header block, then NOTE, REGION and cue blocks
    separated by blank lines; a cue is an optional identifier, a timing line and its text."""
    cues = 0
    for start, block in _blocks(_webvtt_lines(text)):
        for offset, line in enumerate(block):
            _check_markup(start + offset, line)
        if start == 1:  # the header block: WEBVTT and optional metadata lines
            continue
        first = block[0]
        if re.match(r"^NOTE(?:[ \t]|$)", first):
            continue
        if re.match(r"^STYLE[ \t]*$", first):
            raise ValidationError(
                _(
                    "Line %(line)d of the captions starts a STYLE block. Storybridge sets how "
                    "captions look, so remove the STYLE block."
                ),
                code="webvtt_style",
                params={"line": start},
            )
        if re.match(r"^REGION[ \t]*$", first) and cues == 0:
            continue
        _check_cue(start, block)
        cues += 1
    if cues == 0:
        raise ValidationError(_("The captions file has no captions in it."), code="webvtt_empty")
    return cues


def _webvtt_lines(text):
    """The lines of a WebVTT file (without its byte-order mark, any line ending), once its first
    line is the WEBVTT header."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        raise ValidationError(_("The captions file must be plain text."), code="webvtt_binary")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not re.match(r"^WEBVTT(?:[ \t].*)?$", lines[0]):
        raise ValidationError(
            _("This is not a WebVTT captions file: the first line must be 'WEBVTT'."),
            code="webvtt_header",
        )
    return lines


def _check_cue(start, block):
    """One cue block starting at line `start`: an optional identifier, its timing line, and text
    with no other timing in it."""
    timing = 0 if "-->" in block[0] else 1
    if timing >= len(block) or "-->" not in block[timing]:
        raise ValidationError(
            _(
                "Line %(line)d of the captions is not part of a caption. Each caption "
                "starts with its time, like 00:00:01.000 --> 00:00:04.000."
            ),
            code="webvtt_block",
            params={"line": start + min(timing, len(block) - 1)},
        )
    _check_timing(start + timing, block[timing])
    for offset, line in enumerate(block[timing + 1 :], start=timing + 1):
        if "-->" in line:
            raise ValidationError(
                _(
                    "Line %(line)d of the captions has a time inside a caption's text. "
                    "Leave a blank line before each new time."
                ),
                code="webvtt_text",
                params={"line": start + offset},
            )


def validate_webvtt(file):
    """A captions upload: a `.vtt` name, at most 2 MB, UTF-8 text that parses as WebVTT."""
    if os.path.splitext(getattr(file, "name", "") or "")[1].lower() != ".vtt":
        raise ValidationError(
            _("The captions file must be a WebVTT file ending in .vtt."), code="webvtt_extension"
        )
    try:
        if file.size > MAX_CAPTIONS_BYTES:
            raise ValidationError(_("The captions file is larger than 2 MB."), code="webvtt_size")
        position = file.tell() if hasattr(file, "tell") else 0
        try:
            file.seek(0)
            raw = file.read()
        finally:
            file.seek(position)
    except OSError as error:
        raise ValidationError(
            _("The captions file could not be read. Choose it again."), code="webvtt_missing"
        ) from error
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as error:
        raise ValidationError(
            _("The captions file must be saved as UTF-8 text."), code="webvtt_encoding"
        ) from error
    parse_webvtt(text)


# --- recordings and thumbnails (wagtailmedia uploads) --------------------------------------

# Brands of the ISO media file format that hold audio or video. Images use the same container
# (AVIF, HEIF), so the brand decides, not the `ftyp` box alone.
MP4_BRANDS = {
    b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso8", b"iso9", b"mp41", b"mp42",
    b"mp71", b"avc1", b"M4A ", b"M4B ", b"M4V ", b"M4VH", b"M4VP", b"MSNV", b"dash", b"3gp4",
    b"3gp5", b"3gp6", b"3g2a",
}  # fmt: skip


def _is_mp3(head):
    if head.startswith(b"ID3"):
        return True
    # An MPEG audio frame: 11 sync bits, a version that is not "reserved", a layer that is not 0.
    return (
        len(head) >= 2
        and head[0] == 0xFF
        and head[1] & 0xE0 == 0xE0
        and (head[1] >> 3) & 3 != 1
        and (head[1] >> 1) & 3 != 0
    )


def _is_mp4(head):
    if head[4:8] != b"ftyp":
        return False
    size = int.from_bytes(head[:4], "big")
    brands = [head[8:12]] + [head[i : i + 4] for i in range(16, min(size, len(head)), 4)]
    return any(brand in MP4_BRANDS for brand in brands)


CONTAINERS = {
    "mp3": (_("MP3 audio"), _is_mp3),
    "mp4": (_("MP4 video or audio"), _is_mp4),
    "webm": (_("WebM video or audio"), lambda head: head.startswith(b"\x1a\x45\xdf\xa3")),
    "ogg": (_("Ogg video or audio"), lambda head: head.startswith(b"OggS")),
    "wav": (_("WAV audio"), lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE"),
}
# For each media type, each file name ending Storybridge takes and the container it must hold.
MEDIA_SIGNATURES = {
    "audio": {
        "mp3": "mp3", "m4a": "mp4", "ogg": "ogg", "oga": "ogg", "opus": "ogg", "wav": "wav",
        "webm": "webm",
    },
    "video": {"mp4": "mp4", "m4v": "mp4", "webm": "webm", "ogv": "ogg"},
}  # fmt: skip
THUMBNAIL_FORMATS = {"JPEG": {"jpg", "jpeg"}, "PNG": {"png"}, "GIF": {"gif"}, "WEBP": {"webp"}}
MAX_THUMBNAIL_BYTES = 10 * 1024 * 1024


def _extension(file):
    return os.path.splitext(getattr(file, "name", "") or "")[1][1:].lower()


def _head(file, size=64):
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def validate_media_file(file, media_type):
    """A recording upload: an allowed name ending for `media_type` ("audio" or "video"), the
    content that ending promises, and no larger than STORYBRIDGE_MAX_MEDIA_BYTES."""
    extensions = MEDIA_SIGNATURES[media_type]
    allowed = [
        e for e in settings.WAGTAILMEDIA[f"{media_type.upper()}_EXTENSIONS"] if e in extensions
    ]
    extension = _extension(file)
    if extension not in allowed:
        message = (
            _("Storybridge takes audio as %(types)s files.")
            if media_type == "audio"
            else _("Storybridge takes video as %(types)s files.")
        )
        types = ", ".join(e.upper() for e in allowed[:-1]) + " or " + allowed[-1].upper()
        raise ValidationError(message, code="media_type", params={"types": types})
    limit = settings.STORYBRIDGE_MAX_MEDIA_BYTES
    if file.size > limit:
        raise ValidationError(
            _(
                "This file is %(size)s; the largest recording Storybridge takes is %(limit)s. "
                "Export it at a lower quality and try again."
            ),
            code="media_size",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(limit)},
        )
    kind, matches = CONTAINERS[extensions[extension]]
    if not matches(_head(file)):
        raise ValidationError(
            _(
                "This file is not %(kind)s, although its name ends in .%(extension)s. "
                "Choose the recording itself, saved as %(format)s."
            ),
            code="media_content",
            params={"kind": kind, "extension": extension, "format": extension.upper()},
        )


def validate_thumbnail(file):
    """A thumbnail upload: a JPEG, PNG, GIF or WebP picture that Pillow can read, named for
    what it is."""
    not_an_image = ValidationError(
        _(
            "The thumbnail is not an image Storybridge can show. "
            "Choose a JPEG, PNG, GIF or WebP picture."
        ),
        code="thumbnail_content",
    )
    if file.size > MAX_THUMBNAIL_BYTES:
        raise ValidationError(
            _("The thumbnail is larger than 10 MB. Choose a smaller picture."),
            code="thumbnail_size",
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise not_an_image from error
    finally:
        file.seek(0)
    if image_format not in THUMBNAIL_FORMATS:
        raise not_an_image
    extension = _extension(file)
    if extension not in THUMBNAIL_FORMATS[image_format]:
        expected = sorted(THUMBNAIL_FORMATS[image_format])[-1]
        raise ValidationError(
            _(
                "The thumbnail is a %(format)s picture, but its name ends in .%(extension)s. "
                "Rename it to end in .%(expected)s and try again."
            ),
            code="thumbnail_extension",
            params={"format": image_format, "extension": extension, "expected": expected},
        )


# How each provider spells its own name, for messages and the player notice.
PROVIDER_NAMES = {"youtube": "YouTube", "vimeo": "Vimeo", "soundcloud": "SoundCloud"}


def embed_provider(url):
    """The allow-listed provider name for `url` ("youtube", "vimeo", "soundcloud"), or None."""
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
