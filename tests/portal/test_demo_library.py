"""The demo's story library: enough illustrative narratives, across every format, theme, length
and consent scope, for browsing, filters and recommendations to mean something; audio with
captions; placeholders whose transcripts carry the story; and one story whose consent has run
out, which never appears."""

import math
import re
from collections import Counter
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtailmedia.models import Media

from narratives.catalogue import length_band
from narratives.models import (
    CharacterisationDimension,
    Consent,
    Narrative,
    NarrativeContentWarning,
    Theme,
)
from narratives.validators import parse_webvtt
from portal.demo import make_audio
from portal.demo.narratives import ATTRIBUTION, AUDIO_SCRIPTS, LIBRARY_NARRATIVES, NARRATIVES
from portal.demo.narratives.common import reading_seconds, speaking_seconds, spoken_at, words
from portal.management.commands import load_demo as command_module

FILES = Path(command_module.FILES)
DEMO_UUIDS = [spec["uuid"] for spec in NARRATIVES]
EXPIRED_TITLE = "The day centre"
CUE_TIMING = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$")


def cue_times(vtt_text):
    """[(start, end)] in seconds for every cue of a WebVTT file."""
    times = []
    for line in vtt_text.splitlines():
        found = CUE_TIMING.match(line.strip())
        if found:
            h1, m1, s1, ms1, h2, m2, s2, ms2 = (int(part) for part in found.groups())
            times.append(
                (h1 * 3600 + m1 * 60 + s1 + ms1 / 1000, h2 * 3600 + m2 * 60 + s2 + ms2 / 1000)
            )
    return times


def seconds(stamp):
    total = 0
    for part in stamp.split(":"):
        total = total * 60 + int(part)
    return total


def load():
    call_command("load_demo", stdout=StringIO())


def counts():
    return (
        Narrative.objects.count(),
        Consent.objects.count(),
        NarrativeContentWarning.objects.count(),
        Media.objects.count(),
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded twice (so every test also checks the second run changed nothing), once
    for the module; rolled back afterwards."""
    stored = tmp_path_factory.mktemp("demo-files")
    media, protected = stored / "media", stored / "protected"
    with (
        override_settings(MEDIA_ROOT=media, PROTECTED_MEDIA_ROOT=protected),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        load()
        first = counts()
        load()
        yield {"first_counts": first, "stored": stored}
        transaction.set_rollback(True)


@pytest.fixture
def demo_narratives(demo, db):
    return list(
        Narrative.objects.filter(uuid__in=DEMO_UUIDS).prefetch_related(
            "themes", "characterisation__dimension", "warnings__warning"
        )
    )


# --- the content as written (no database) ----------------------------------------------------


def test_every_demo_narrative_has_its_own_uuid_and_title():
    assert len({spec["uuid"] for spec in NARRATIVES}) == len(NARRATIVES)
    assert len({spec["title"] for spec in NARRATIVES}) == len(NARRATIVES)


def test_text_and_poetry_last_as_long_as_they_take_to_read():
    for spec in NARRATIVES:
        if spec["modality"] in ("text", "poetry"):
            expected = round(len(words(spec["text_body"])) * 60 / 200)
            assert spec["duration_seconds"] == max(1, expected), spec["title"]


def test_reading_time_ignores_markup():
    assert reading_seconds("<p>" + "word " * 200 + "</p><br>") == 60
    assert speaking_seconds("word " * 150) == 60
    assert spoken_at("one two three. " * 50 + "Here it is.", "Here it is") == "01:00"


def test_placeholder_videos_last_as_long_as_their_transcript_takes_to_say():
    library_videos = [s for s in LIBRARY_NARRATIVES if s["modality"] == "video"]
    assert len(library_videos) >= 4
    for spec in library_videos:
        assert spec["duration_seconds"] == speaking_seconds(spec["transcript"]), spec["title"]
        for _slug, _note, stamp in spec["warnings"]:
            assert stamp and seconds(stamp) < spec["duration_seconds"], spec["title"]


def test_the_new_audio_files_are_small():
    sizes = [(FILES / audio_name).stat().st_size for audio_name, _vtt, _s in AUDIO_SCRIPTS]
    assert len(sizes) >= 6
    assert sum(sizes) < 3.5 * 1024 * 1024


@pytest.mark.parametrize("audio_name,captions_name,sentences", AUDIO_SCRIPTS)
def test_each_recording_has_one_caption_cue_per_sentence_ending_with_its_audio(
    audio_name, captions_name, sentences
):
    spec = next(s for s in NARRATIVES if s.get("audio", {}).get("file") == audio_name)
    vtt = (FILES / captions_name).read_text(encoding="utf-8")
    assert parse_webvtt(vtt) == len(sentences)
    assert [line for line in vtt.splitlines() if line in sentences] == sentences
    assert spec["transcript"] == "\n\n".join(sentences)
    times = cue_times(vtt)
    # The recorded duration was measured from the file: the last cue ends just before it.
    assert 0 <= spec["audio"]["duration"] - times[-1][1] < 2
    assert spec["duration_seconds"] == round(spec["audio"]["duration"])


def test_library_audio_warnings_point_at_the_cue_that_needs_them():
    course_audio = "what-helped-on-the-ward.mp3"
    checked = 0
    for spec in NARRATIVES:
        audio = spec.get("audio")
        if not audio or audio["file"] == course_audio:
            continue
        starts = {
            math.floor(start)
            for start, _end in cue_times((FILES / audio["captions"]).read_text(encoding="utf-8"))
        }
        for _slug, _note, stamp in spec["warnings"]:
            assert seconds(stamp) in starts, (spec["title"], stamp)
            checked += 1
    assert checked >= 5


def test_make_audio_writes_one_cue_per_sentence():
    text = make_audio.captions([(0.0, 1.5, "First."), (1.95, 62.25, "Second.")])
    assert parse_webvtt(text) == 2
    assert "00:00:01.950 --> 00:01:02.250\nSecond." in text


# --- the demo as loaded ----------------------------------------------------------------------


def test_loading_twice_leaves_one_copy_of_every_story(demo, db):
    assert counts() == demo["first_counts"]
    assert counts()[0] == len(NARRATIVES) >= 26
    stored = [p for p in Path(demo["stored"]).rglob("*") if p.is_file()]
    assert len(stored) == 2 * len(AUDIO_SCRIPTS)


def test_at_least_24_stories_are_available_in_every_format(demo_narratives):
    available = [n for n in demo_narratives if n.is_available()]
    assert len(available) >= 24
    formats = Counter(n.modality for n in available)
    assert set(formats) == {"text", "poetry", "audio", "video"}
    assert min(formats.values()) >= 4, formats


def test_every_chime_theme_is_on_at_least_four_available_stories(demo_narratives):
    available = [n for n in demo_narratives if n.is_available()]
    per_theme = Counter(theme.slug for n in available for theme in n.themes.all())
    assert set(per_theme) == set(Theme.objects.values_list("slug", flat=True))
    assert len(per_theme) == 5
    assert min(per_theme.values()) >= 4, per_theme
    assert all(1 <= n.themes.count() <= 3 for n in demo_narratives)


def test_every_story_is_characterised_on_every_dimension(demo_narratives):
    dimensions = set(CharacterisationDimension.objects.values_list("name", flat=True))
    assert len(dimensions) == 5
    for narrative in demo_narratives:
        described = {value.dimension.name for value in narrative.characterisation.all()}
        assert described == dimensions, narrative.title
    for dimension in CharacterisationDimension.objects.all():
        used = {
            value.value
            for n in demo_narratives
            for value in n.characterisation.all()
            if value.dimension_id == dimension.pk
        }
        assert len(used) >= 3, dimension.name


def test_every_story_is_valid_illustrative_and_reviewed(demo_narratives):
    for narrative in demo_narratives:
        narrative.full_clean()
        assert narrative.attribution.startswith(ATTRIBUTION), narrative.title
        assert narrative.summary and narrative.narrator_pseudonym and narrative.last_reviewed
        assert narrative.language == "en"
        assert narrative.duration, narrative.title
        if narrative.is_timed:
            assert narrative.transcript.strip(), narrative.title
    assert len({n.last_reviewed for n in demo_narratives}) >= 20
    assert len({n.narrator_pseudonym for n in demo_narratives}) == len(demo_narratives)


def test_lengths_spread_over_short_medium_and_long(demo_narratives):
    bands = Counter(length_band(n.duration) for n in demo_narratives if n.is_available())
    assert bands["short"] >= 10 and bands["medium"] >= 3 and bands["long"] >= 2, bands
    long_formats = {n.modality for n in demo_narratives if n.duration >= timedelta(minutes=15)}
    assert {"text", "video"} <= long_formats


def test_warnings_are_a_realistic_mix(demo_narratives):
    available = [n for n in demo_narratives if n.is_available()]
    without = [n for n in available if not n.warnings.exists()]
    assert 2 <= len(without) <= len(available) // 3
    slugs = Counter(w.warning.slug for n in available for w in n.warnings.all())
    for slug in ("self-harm", "suicide", "stigma", "substance-use", "psychosis", "bereavement"):
        assert slugs[slug] >= 2, slug
    for slug in ("eating-difficulties", "domestic-abuse", "detention"):
        assert slugs[slug] >= 1, slug
    for narrative in available:
        for warning in narrative.warnings.all():
            assert warning.note, narrative.title
            assert bool(warning.timestamp) == narrative.is_timed, (narrative.title, warning)


def test_visitors_see_only_the_public_third(demo, db):
    demo_stories = Narrative.objects.filter(uuid__in=DEMO_UUIDS)
    learners = demo_stories.available()
    visitors = demo_stories.available_to(AnonymousUser())
    assert set(visitors.values_list("consent__scope", flat=True)) == {"public"}
    assert 0.25 <= visitors.count() / learners.count() <= 0.45
    assert set(learners.values_list("consent__scope", flat=True)) == {"public", "education"}


def test_a_story_whose_consent_ran_out_never_appears(demo, db):
    story = Narrative.objects.get(title=EXPIRED_TITLE)
    assert story.live
    assert story.consent.status() == Consent.Status.EXPIRED
    assert story.consent.scope == "public"
    assert not Narrative.objects.available().filter(pk=story.pk).exists()
    assert not Narrative.objects.available_to(AnonymousUser()).filter(pk=story.pk).exists()


def test_audio_stories_have_their_recording_captions_and_transcript(demo, db):
    audio = Narrative.objects.filter(uuid__in=DEMO_UUIDS, modality="audio")
    assert audio.count() == len(AUDIO_SCRIPTS) >= 6
    for narrative in audio:
        assert narrative.media.type == "audio"
        name = Path(narrative.media.file.name).name
        with narrative.media.file.open("rb") as stored:
            assert stored.read() == (FILES / name).read_bytes()
        with narrative.captions.open("rb") as captions:
            assert parse_webvtt(captions.read().decode("utf-8")) >= 10
        assert narrative.duration == timedelta(seconds=round(narrative.media.duration))
        assert narrative.transcript.startswith("This story was written for the Storybridge demo.")


def test_video_stories_are_placeholder_links_with_the_story_in_the_transcript(demo, db):
    videos = Narrative.objects.filter(uuid__in=DEMO_UUIDS, modality="video")
    assert videos.count() >= 5
    assert {v.embed_provider for v in videos} == {"youtube", "vimeo"}
    for video in videos:
        assert video.media is None and not video.captions
        assert "The video link is a placeholder" in video.attribution
        assert len(words(video.transcript)) >= 150, video.title
