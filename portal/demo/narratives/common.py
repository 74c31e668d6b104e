"""What every demo narrative shares: its credit lines, and how its length is worked out.

Text and poetry record their reading time (at READING_WORDS_PER_MINUTE) as their duration, so
the library's length filter treats them like audio and video. A placeholder video's duration is
its transcript spoken at SPEAKING_WORDS_PER_MINUTE, and a warning's timestamp in it is where the
words that need the warning begin.
"""

import re
from html import unescape

ATTRIBUTION = "Illustrative narrative written for the Storybridge demo — not a real person's story"
VIDEO_ATTRIBUTION = f"{ATTRIBUTION}. The video link is a placeholder: read the transcript."
SOURCE = "Storybridge demo content"
LICENCE = "CC BY 4.0 (Storybridge demo content)"
CONSENT_NOTES = (
    "Demo record: there is no real narrator and no signed form. Replace this narrative with "
    "one from your own lived-experience panel before real learners use the site."
)

READING_WORDS_PER_MINUTE = 200
SPEAKING_WORDS_PER_MINUTE = 150

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[\w’'-]+")


def words(text):
    """The words of `text`, which may be HTML (tags are not words)."""
    return _WORD.findall(unescape(_TAG.sub(" ", text)))


def reading_seconds(html):
    """How long `html` takes to read, in whole seconds (at least one)."""
    return max(1, round(len(words(html)) * 60 / READING_WORDS_PER_MINUTE))


def speaking_seconds(transcript):
    """How long `transcript` takes to say, in whole seconds (at least one)."""
    return max(1, round(len(words(transcript)) * 60 / SPEAKING_WORDS_PER_MINUTE))


def mm_ss(seconds):
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes:02d}:{seconds:02d}"


def spoken_at(transcript, phrase):
    """Where `phrase` begins when `transcript` is spoken, as mm:ss. `phrase` must be in it."""
    position = transcript.index(phrase)
    before = len(words(transcript[:position]))
    return mm_ss(before * 60 / SPEAKING_WORDS_PER_MINUTE)
