"""The demo narratives. Every word was written for Storybridge: these are illustrative stories,
not real people's accounts, and each one says so in its attribution line.

COURSE_NARRATIVES are the six the demo courses use (course_stories.py); the library adds more
across every format, theme and length (library_*.py), so browsing, filters and recommendations
have something to work with. Each narrative is found again by its fixed UUID, so `load_demo`
updates it in place.

A spec is a dict: uuid, title, narrator_pseudonym, summary, modality; text_body (text and
poetry), transcript (audio and video), audio {file, captions, media_title, duration} or
embed_url; duration_seconds (text and poetry: their reading time, filled in here); themes
(CHIME slugs); characterisation {dimension: [values]}; warnings [(slug, note, timestamp)];
language (default "en"); reviewed_days_ago; consent {scope, given_days_ago, expires_in_days}
(a negative expires_in_days means consent has run out, so the story is never shown).
"""

from .common import (
    ATTRIBUTION,
    CONSENT_NOTES,
    LICENCE,
    SOURCE,
    VIDEO_ATTRIBUTION,
    reading_seconds,
)
from .course_stories import (
    AUDIO_CAPTIONS,
    AUDIO_DURATION_SECONDS,
    AUDIO_FILE,
    AUDIO_SENTENCES,
    COURSE_NARRATIVES,
)
from .library_audio import AUDIO_SCRIPTS as LIBRARY_AUDIO_SCRIPTS
from .library_audio import AUDIO_STORIES
from .library_poetry import STORIES as POETRY_STORIES
from .library_text import STORIES as TEXT_STORIES
from .library_video import STORIES as VIDEO_STORIES


def with_reading_time(spec):
    """Text and poetry take as long as they take to read."""
    if spec["modality"] in ("text", "poetry") and "duration_seconds" not in spec:
        return {**spec, "duration_seconds": reading_seconds(spec["text_body"])}
    return spec


LIBRARY_NARRATIVES = [
    with_reading_time(spec)
    for spec in (*TEXT_STORIES, *POETRY_STORIES, *AUDIO_STORIES, *VIDEO_STORIES)
]
NARRATIVES = [with_reading_time(spec) for spec in COURSE_NARRATIVES] + LIBRARY_NARRATIVES

# Every self-hosted recording: (mp3 name, captions name, sentences), for make_audio.
AUDIO_SCRIPTS = [(AUDIO_FILE, AUDIO_CAPTIONS, AUDIO_SENTENCES), *LIBRARY_AUDIO_SCRIPTS]

BY_TITLE = {narrative["title"]: narrative for narrative in NARRATIVES}

__all__ = [
    "ATTRIBUTION",
    "AUDIO_CAPTIONS",
    "AUDIO_DURATION_SECONDS",
    "AUDIO_FILE",
    "AUDIO_SCRIPTS",
    "AUDIO_SENTENCES",
    "BY_TITLE",
    "CONSENT_NOTES",
    "COURSE_NARRATIVES",
    "LIBRARY_NARRATIVES",
    "LICENCE",
    "NARRATIVES",
    "SOURCE",
    "VIDEO_ATTRIBUTION",
]
