"""Playback statements (tracking/player/): what a batch of player events stores.

Rules checked, with where they come from:
- xAPI Video Profile (https://w3id.org/xapi/video, "Statement Templates"): initialized carries
  context extensions session-id, length and completion-threshold; played carries result time;
  paused carries result time, progress and played-segments and context length; seeked carries
  result time-from and time-to; completed carries result time, progress, played-segments and
  completion, context length and completion-threshold; terminated carries result time,
  progress, played-segments and context length. Every statement has the profile as a
  category. Ralph's video models (ralph.models.xapi.video) encode the same and validate here.
- ADL Audio Profile: the same verbs and extensions, the audio activity type and the audio
  profile as the category.
- played-segments: "start[.]end" pairs joined by "[,]" (Video Profile, played-segments
  extension); progress: the share of the media covered by the played segments.
- xAPI 1.0.3, Part Two, 2.4.6: context.registration is the enrolment (DESIGN.md, "xAPI").
"""

import datetime
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core import content_version
from narratives.models import Theme
from tests.factories import EnrolmentFactory, NarrativeFactory, UserFactory
from tracking import outbox
from tracking import vocabulary as v
from tracking.models import Delivery, Statement
from tracking.player import content, tokens
from tracking.player.events import BadBatch, progress_of
from tracking.player.statements import played_segments
from tracking.player.storage import record_batch
from tracking.player.tokens import PageView
from tracking.statements import format_timestamp

from .ralph_models import assert_valid, validate

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def players_setting(make_module, course, title="Coming home"):
    """A module with a video and an audio narrative, and a page view of it by an enrolled
    learner: (video, audio, module, user, enrolment, view)."""
    video = NarrativeFactory(
        modality="video",
        text_body="",
        embed_url=YOUTUBE,
        duration=datetime.timedelta(seconds=300),
    )
    audio = NarrativeFactory(
        modality="audio", text_body="", duration=datetime.timedelta(seconds=70)
    )
    module = make_module(
        title=title,
        body=[
            {"type": "narrative", "value": {"narrative": video.pk, "framing": ""}},
            {"type": "narrative", "value": {"narrative": audio.pk, "framing": ""}},
        ],
    )
    user = UserFactory()
    enrolment = EnrolmentFactory(user=user, course=course)
    view = PageView(user.pk, enrolment.uuid, module.pk, uuid.uuid4(), timezone.now())
    return video, audio, module, user, enrolment, view


@pytest.fixture
def setting(make_module, course):
    return players_setting(make_module, course)


def record(setting, events, now=None, content_stamp=None):
    _video, _audio, module, user, enrolment, view = setting
    return record_batch(
        view,
        events,
        user_id=user.pk,
        tracks=content.tracks(
            user_id=user.pk, enrolment=enrolment, module=module, course=enrolment.course
        ),
        content_stamp=content_stamp,
        now=now or view.issued + datetime.timedelta(minutes=10),
    )


def ids(statements):
    return [data["id"] for data in statements]


def session_events(narrative, length):
    """A learner's session: start, play 0-12, pause, seek back to 5, play to the end."""
    uid = str(narrative.uuid)
    base = {"narrative": uid, "length": length}
    end_segments = [[0, 12], [5, length]]
    return [
        {**base, "type": "initialized", "seq": 0, "at": 1000},
        {**base, "type": "played", "seq": 1, "at": 1100, "time": 0},
        {
            **base,
            "type": "paused",
            "seq": 2,
            "at": 13100,
            "time": 12,
            "progress": round(12 / length, 3),
            "segments": [[0, 12]],
        },
        {**base, "type": "seeked", "seq": 3, "at": 14000, "from": 12, "to": 5},
        {**base, "type": "played", "seq": 4, "at": 14100, "time": 5},
        {
            **base,
            "type": "completed",
            "seq": 5,
            "at": 214100,
            "time": length,
            "progress": 1,
            "segments": end_segments,
        },
        {
            **base,
            "type": "terminated",
            "seq": 6,
            "at": 215000,
            "time": length,
            "progress": 1,
            "segments": end_segments,
        },
    ]


def test_played_segments_and_progress_follow_the_video_profile():
    """Video Profile, played-segments: "0[.]5[,]12[.]22"; progress counts overlaps once."""
    assert played_segments([(0, 5), (12, 22.5)]) == "0[.]5[,]12[.]22.5"
    assert played_segments([(0, 1.23456)]) == "0[.]1.235"
    assert progress_of([(0, 10), (5, 20), (50, 60)], 100) == 0.3


def test_a_video_session_stores_the_video_profile_statements_ralph_accepts(setting):
    """Video Profile statement templates for each verb (see the module docstring); Ralph's
    VideoInitialized, VideoPlayed, VideoPaused, VideoSeeked, VideoCompleted, VideoTerminated
    models accept them."""
    video, _audio, module, user, enrolment, view = setting
    rows = record(setting, session_events(video, 300.0))
    stored = {row.verb: row.data for row in Statement.objects.filter(user=user)}
    assert len(rows) == 7 and Statement.objects.count() == 7
    session = str(uuid.uuid5(view.nonce, str(video.uuid)))
    for data in stored.values():
        assert data["object"]["definition"]["type"] == v.VIDEO
        assert data["context"]["registration"] == str(enrolment.uuid)
        assert data["context"]["extensions"][v.EXT_SESSION_ID] == session
        categories = [a["id"] for a in data["context"]["contextActivities"]["category"]]
        assert v.VIDEO_PROFILE in categories
    assert stored[v.INITIALIZED]["context"]["extensions"] == {
        v.EXT_SESSION_ID: session,
        v.EXT_LENGTH: 300.0,
        v.EXT_COMPLETION_THRESHOLD: 0.95,
    }
    assert "result" not in stored[v.INITIALIZED]
    assert stored[v.PAUSED]["result"]["extensions"] == {
        v.EXT_TIME: 12.0,
        v.EXT_PROGRESS: 0.04,
        v.EXT_PLAYED_SEGMENTS: "0[.]12",
    }
    assert stored[v.PAUSED]["context"]["extensions"][v.EXT_LENGTH] == 300.0
    assert stored[v.SEEKED]["result"]["extensions"] == {
        v.EXT_TIME_FROM: 12.0,
        v.EXT_TIME_TO: 5.0,
    }
    completed = stored[v.COMPLETED]
    assert completed["result"]["completion"] is True
    assert completed["result"]["extensions"] == {
        v.EXT_TIME: 300.0,
        v.EXT_PROGRESS: 1.0,
        v.EXT_PLAYED_SEGMENTS: "0[.]12[,]5[.]300",
    }
    assert completed["context"]["extensions"][v.EXT_COMPLETION_THRESHOLD] == 0.95
    assert stored[v.TERMINATED]["result"]["extensions"][v.EXT_PROGRESS] == 1.0
    # The timestamp is when the event happened: the page view plus the event's `at`.
    assert stored[v.PAUSED]["timestamp"] == format_timestamp(
        view.issued + datetime.timedelta(milliseconds=13100)
    )
    results = validate(rows)
    assert [r["models"] for r in results] == [
        ["VideoInitialized"],
        ["VideoPlayed"],
        ["VideoPaused"],
        ["VideoSeeked"],
        ["VideoPlayed"],
        ["VideoCompleted"],
        ["VideoTerminated"],
    ]
    assert_valid(rows)


def test_an_audio_session_uses_the_audio_profile_and_is_valid_xapi(setting):
    """ADL Audio Profile: audio activity type and the audio profile as category; Ralph has no
    audio statement models, so its base xAPI model checks them."""
    _video, audio, *_ = setting
    rows = record(setting, session_events(audio, 69.6))
    assert len(rows) == 7
    for data in rows:
        assert data["object"]["definition"]["type"] == v.AUDIO
        categories = [a["id"] for a in data["context"]["contextActivities"]["category"]]
        assert v.AUDIO_PROFILE in categories and v.VIDEO_PROFILE not in categories
    assert_valid(rows)


def test_a_batch_sent_twice_is_stored_once(setting):
    """Statement ids are stable per session and event (xAPI 1.0.3, Part Two, 2.4.1: the id
    identifies the statement), so a batch resent by the beacon adds nothing."""
    video = setting[0]
    events = session_events(video, 300.0)
    record(setting, events[:3])
    assert len(record(setting, events)) == 4
    assert Statement.objects.count() == 7


def test_completed_is_stored_once_per_session(setting):
    """Video Profile, completed: "once per session"."""
    video = setting[0]
    events = session_events(video, 300.0)
    record(setting, events)
    again = {**events[5], "seq": 40}
    assert record(setting, [again]) == []
    assert Statement.objects.filter(verb=v.COMPLETED).count() == 1


def test_an_event_twice_in_one_batch_is_stored_once_as_first_sent(setting):
    video = setting[0]
    events = session_events(video, 300.0)[:2]
    again = {**events[1], "time": 4, "at": 5100}  # the same seq: the same statement id
    rows = record(setting, [*events, again])
    assert len(rows) == 2
    played = Statement.objects.get(verb=v.PLAYED)
    assert played.data["result"]["extensions"][v.EXT_TIME] == 0


def test_each_new_statement_gets_a_pending_delivery_per_lrs_and_a_resent_one_none(
    setting, settings
):
    """Deliveries of what a resent batch adds, and only of that, made as a new Delivery is:
    pending, no attempts, no error, due now."""
    settings.XAPI_LRS_ENDPOINTS = [
        {"name": "trust-lrs", "url": "https://lrs.example.org/xAPI/"},
        {"name": "research-lrs", "url": "https://research.example.org/xAPI/"},
    ]
    video = setting[0]
    events = session_events(video, 300.0)
    before = timezone.now()
    first = record(setting, events[:3])
    delivered_early = Delivery.objects.filter(statement__in=ids(first))
    delivered_early.update(status=Delivery.Status.DELIVERED, attempts=1)
    rows = record(setting, events)
    after = timezone.now()

    assert len(rows) == 4
    assert Statement.objects.count() == 7
    assert Delivery.objects.count() == 14
    early = Delivery.objects.filter(statement__in=ids(first))
    assert set(early.values_list("status", flat=True)) == {Delivery.Status.DELIVERED}
    new = Delivery.objects.filter(statement__in=ids(rows))
    assert (
        sorted(new.values_list("endpoint", flat=True)) == ["research-lrs"] * 4 + ["trust-lrs"] * 4
    )
    for delivery in new:
        assert delivery.status == Delivery.Status.PENDING
        assert (delivery.attempts, delivery.last_error, delivery.delivered_at) == (0, "", None)
        assert before <= delivery.next_attempt_at <= after


def test_the_columns_copied_out_are_those_of_every_other_statement(setting):
    """record_new copies the admin's filter columns out of each statement in SQL on
    PostgreSQL: they must be what tracking.outbox copies for every other statement."""
    video, _audio, _module, user, _enrolment, _view = setting
    rows = record(setting, session_events(video, 300.0))
    for data in rows:
        stored = Statement.objects.get(pk=data["id"])
        expected = outbox._row(data, user.pk)
        for field in ("user_id", "actor", "verb", "activity", "timestamp", "data"):
            assert getattr(stored, field) == getattr(expected, field), field
        assert stored.registration == uuid.UUID(expected.registration)
        assert stored.timestamp.microsecond == 1000 * int(data["timestamp"][20:23])


def test_nothing_is_stored_when_the_content_changed_since_it_was_read(setting):
    """`content_stamp`: the batch is stored only under the content version its tracks were
    read under; otherwise nothing is, and the caller is told (None)."""
    video = setting[0]
    events = session_events(video, 300.0)
    stamp = content_version.current()
    content_version.bump()
    assert record(setting, events, content_stamp=stamp) is None
    assert Statement.objects.count() == 0
    rows = record(setting, events, content_stamp=content_version.current())
    assert len(rows) == 7 and Statement.objects.count() == 7


def test_nothing_is_stored_about_an_account_no_longer_active(setting):
    video, _audio, _module, user, _enrolment, _view = setting
    user.is_active = False
    user.save()
    assert record(setting, session_events(video, 300.0)) is None
    assert Statement.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_the_insert_is_prepared_once_it_has_run_a_few_times_and_still_checks_everything(
    setting, settings
):
    """On PostgreSQL the insert binds its parameters server-side, and psycopg prepares it on
    the connection after `prepare_threshold` runs (settings/base.py): the prepared statement
    stores what it is given and still refuses stale content and inactive accounts."""
    settings.XAPI_LRS_ENDPOINTS = [{"name": "trust-lrs", "url": "https://lrs.example.org/xAPI/"}]
    video, _audio, module, user, enrolment, _view = setting
    threshold = connection.connection.prepare_threshold
    assert threshold is not None
    stamp = content_version.current()
    for _ in range(threshold + 1):  # each page view's statements are new ones
        view = PageView(user.pk, enrolment.uuid, module.pk, uuid.uuid4(), timezone.now())
        assert (
            len(record((*setting[:5], view), session_events(video, 300.0)[:3], content_stamp=stamp))
            == 3
        )

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE from_sql IS FALSE")
        prepared = [sql for (sql,) in cursor.fetchall()]
    assert any("jsonb_array_elements" in sql and "tracking_delivery" in sql for sql in prepared)
    assert Statement.objects.count() == 3 * (threshold + 1)
    assert Delivery.objects.count() == 3 * (threshold + 1)

    content_version.bump()
    assert record(setting, session_events(video, 300.0), content_stamp=stamp) is None
    user.is_active = False
    user.save()
    assert record(setting, session_events(video, 300.0)) is None
    assert Statement.objects.count() == 3 * (threshold + 1)


def test_a_bad_event_anywhere_stores_nothing_from_the_batch(setting):
    video = setting[0]
    events = session_events(video, 300.0)
    events[4] = {**events[4], "time": 301}
    with pytest.raises(BadBatch, match=r"Event 5 \(played\): 'time' \(301\) must be between 0"):
        record(setting, events)
    assert Statement.objects.count() == 0


@pytest.mark.parametrize(
    "change, message",
    [
        ({"type": "rewound"}, "unknown event type 'rewound'"),
        ({"narrative": str(uuid.uuid4())}, "not played in this module"),
        ({"seq": -1}, "'seq' must be a whole number"),
        ({"seq": 1.5}, "'seq' must be a whole number"),
        ({"at": -5}, "'at' is not a time since the page was opened"),
        ({"at": 10**9}, "'at' is not a time since the page was opened"),
        ({"length": 0}, "'length' must be more than 0"),
        ({"length": "300"}, "'length' must be a number"),
        ({"length": 30}, "does not match the narrative's duration"),
        ({"time": -1}, "'time' (-1) must be between 0"),
        ({"progress": 1.5}, "'progress' must be between 0 and 1"),
        ({"progress": 0.5}, "'progress' does not match the played segments"),
        ({"segments": [[0, 400]]}, "is not within 0 to the length"),
        ({"segments": [[20, 10]]}, "is not within 0 to the length"),
        ({"segments": [0, 12]}, "each segment must be a [start, end] pair"),
        ({"segments": "0[.]12"}, "'segments' must be a list"),
        ({"email": "a@example.org"}, "unknown field 'email'"),
    ],
)
def test_implausible_events_are_refused_with_the_problem_named(setting, change, message):
    """The endpoint's plausibility rules (issue 5): time <= length, progress in 0-1, known
    session and narrative; nothing is stored."""
    video = setting[0]
    paused = {**session_events(video, 300.0)[2], **change}
    with pytest.raises(BadBatch) as raised:
        record(setting, [paused])
    assert message in raised.value.message
    assert raised.value.status == 400
    assert Statement.objects.count() == 0


def test_completion_below_the_threshold_is_refused(setting):
    """Video Profile, completion-threshold: completed only once progress reaches it."""
    video = setting[0]
    early = {**session_events(video, 300.0)[2], "type": "completed"}
    with pytest.raises(BadBatch, match="completed at a progress of 0.95 or more"):
        record(setting, [early])
    assert Statement.objects.count() == 0


def test_seeked_times_must_lie_within_the_length(setting):
    video = setting[0]
    seeked = {**session_events(video, 300.0)[3], "to": 400}
    with pytest.raises(BadBatch, match=r"'to' \(400\) must be between 0"):
        record(setting, [seeked])


def test_batches_are_limited_to_fifty_events_and_may_not_be_empty(setting):
    video = setting[0]
    played = session_events(video, 300.0)[1]
    with pytest.raises(BadBatch, match="at most 50 events"):
        record(setting, [{**played, "seq": i} for i in range(51)])
    with pytest.raises(BadBatch, match="at least one event"):
        record(setting, [])
    assert Statement.objects.count() == 0


def test_a_text_narrative_or_one_withdrawn_cannot_be_tracked(setting, make_module):
    """Only audio and video narratives the module may show have playback."""
    video, _audio, module, *_ = setting
    video.consent.withdrawn = timezone.localdate()
    video.consent.save()
    with pytest.raises(BadBatch, match="not played in this module"):
        record(setting, session_events(video, 300.0)[:1])


def test_an_alternative_offered_in_a_slot_may_be_tracked(setting):
    """A narrative slot offers alternatives on the same themes (courses/viewing.py)."""
    video, _audio, *_ = setting
    theme = Theme.objects.first()
    other = NarrativeFactory(
        modality="audio", text_body="", duration=datetime.timedelta(seconds=70)
    )
    for narrative in (video, other):
        narrative.themes.set([theme])
        narrative.save()
    rows = record(setting, session_events(other, 70.0)[:2])
    assert [data["object"]["id"].rsplit("/", 1)[-1] for data in rows] == [str(other.uuid)] * 2


def test_the_token_round_trips_and_tampering_is_refused(setting):
    _video, _audio, module, user, enrolment, _view = setting
    token = tokens.make_token(user, enrolment, module)
    view = tokens.read_token(token)
    assert (view.user_id, view.enrolment_uuid, view.module_id) == (
        user.pk,
        enrolment.uuid,
        module.pk,
    )
    with pytest.raises(BadBatch, match="not valid") as raised:
        tokens.read_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert raised.value.status == 403


def test_simulated_demo_learners_record_playback_through_the_same_function(db, settings, tmp_path):
    """`load_demo --learners N` produces the statements of its simulated learners, as real ones
    would (issue 5): their listening goes through record_batch, as the endpoint's does."""
    settings.MEDIA_ROOT = settings.PROTECTED_MEDIA_ROOT = str(tmp_path)
    call_command("load_demo", learners=8, stdout=StringIO())
    rows = list(
        Statement.objects.filter(
            verb__in=[v.PLAYED, v.COMPLETED, v.TERMINATED], activity__contains="/narrative/"
        )
    )
    assert rows, "no simulated learner listened to the demo's audio narrative"
    assert {row.data["object"]["definition"]["type"] for row in rows} <= {v.AUDIO, v.VIDEO}
    completed = [row for row in rows if row.verb == v.COMPLETED]
    assert completed and all(r.data["result"]["extensions"][v.EXT_PROGRESS] == 1 for r in completed)
    assert_valid(row.data for row in rows)
