"""Narrative playback, from the browser's player events to Video and Audio Profile statements.

The module page carries a signed token per page view (`make_token`, rendered by the
`xapi_tracking` tag) naming the learner, their enrolment, the module and a fresh nonce. The
tracking script (static/js/tracking.js) posts batches of player events with it to
/xapi/events/; `record_batch` checks every event, builds its statement and stores the batch
in one transaction: all of it or nothing. Simulated demo learners call `record_batch` too.

A player's xAPI session is `uuid5(nonce, narrative uuid)`: known to the server without a row,
and impossible for the browser to choose. Statement ids are derived from the session and the
event's sequence number, so a batch sent twice (a keep-alive fetch and then a beacon) is
stored once; initialized and completed are fixed per session, so each is stored at most once.

Statements follow the xAPI Video Profile (https://w3id.org/xapi/video) and, for audio, the
ADL Audio Profile, which uses the same verbs and extensions; their shape is that of Ralph's
video models (ralph.models.xapi.video), which the tests validate against.
"""

import math
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing

from . import activities, outbox
from . import vocabulary as v
from .statements import Statements, actor_for_id

TOKEN_SALT = "storybridge.xapi.events"
TOKEN_MAX_AGE = 12 * 60 * 60  # seconds: a module page left open for a working day
COMPLETION_THRESHOLD = 0.95
MAX_EVENTS = 50  # per batch
MAX_LENGTH = 6 * 60 * 60  # seconds: no narrative is longer than six hours
MAX_SEGMENTS = 500
MAX_SEQ = 1_000_000
CLOCK_SLACK = 60  # seconds an event may seem to lie in the future (network and clocks)
PROGRESS_TOLERANCE = 0.02  # the browser's progress against the one its segments give
# How far a player's length may be from the narrative's recorded duration.
LENGTH_TOLERANCE_SECONDS = 5
LENGTH_TOLERANCE_SHARE = 0.1

EVENT_VERBS = {
    "initialized": v.INITIALIZED,
    "played": v.PLAYED,
    "paused": v.PAUSED,
    "seeked": v.SEEKED,
    "completed": v.COMPLETED,
    "terminated": v.TERMINATED,
}
PROFILES = {"video": v.VIDEO_PROFILE, "audio": v.AUDIO_PROFILE}
# Fields each event type must carry, beyond type, narrative, seq, at and length.
REQUIRED = {
    "initialized": (),
    "played": ("time",),
    "paused": ("time", "progress", "segments"),
    "seeked": ("from", "to"),
    "completed": ("time", "progress", "segments"),
    "terminated": ("time", "progress", "segments"),
}
KNOWN_FIELDS = {"type", "narrative", "seq", "at", "length", "time", "progress", "segments"}
KNOWN_FIELDS |= {"from", "to"}


class BadBatch(ValueError):
    """A batch that is refused whole: `message` says why, in plain words; `status` is the HTTP
    status to answer with."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


# --- the page's token ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PageView:
    """What a token vouches for: one page view of a module by an enrolled learner."""

    user_id: int
    enrolment_uuid: uuid.UUID
    module_id: int
    nonce: uuid.UUID
    issued: datetime

    def session_id(self, narrative_uuid):
        return uuid.uuid5(self.nonce, str(narrative_uuid))


def make_token(user, enrolment, module, *, nonce=None):
    """The signed token of one page view (carries no secret; it only vouches)."""
    payload = {
        "u": user.pk,
        "e": str(enrolment.uuid),
        "m": module.pk,
        "n": (nonce or uuid.UUID(bytes=secrets.token_bytes(16), version=4)).hex,
        "t": int(time.time() * 1000),
    }
    return signing.dumps(payload, salt=TOKEN_SALT, compress=False)


def read_token(token):
    """The PageView a token vouches for, or BadBatch (403) if it is forged, altered or old."""
    if not isinstance(token, str) or not token:
        raise BadBatch("The tracking token is missing.", 403)
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise BadBatch("The tracking token has expired: reload the page.", 403) from None
    except signing.BadSignature:
        raise BadBatch("The tracking token is not valid.", 403) from None
    try:
        return PageView(
            user_id=int(data["u"]),
            enrolment_uuid=uuid.UUID(data["e"]),
            module_id=int(data["m"]),
            nonce=uuid.UUID(data["n"]),
            issued=datetime.fromtimestamp(data["t"] / 1000, UTC),
        )
    except (KeyError, TypeError, ValueError):
        raise BadBatch("The tracking token is not valid.", 403) from None


# --- checking events ----------------------------------------------------------------------------


def _number(event, name, where):
    value = event.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise BadBatch(f"{where}: '{name}' must be a number.")
    return float(value)


def _segments(value, length, where):
    if not isinstance(value, list) or len(value) > MAX_SEGMENTS:
        raise BadBatch(
            f"{where}: 'segments' must be a list of at most {MAX_SEGMENTS} [start, end] pairs."
        )
    pairs = []
    for pair in value:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or any(isinstance(x, bool) or not isinstance(x, int | float) for x in pair)
            or not all(math.isfinite(x) for x in pair)
        ):
            raise BadBatch(f"{where}: each segment must be a [start, end] pair of numbers.")
        start, end = float(pair[0]), float(pair[1])
        if not 0 <= start <= end <= length:
            raise BadBatch(
                f"{where}: the segment [{start:g}, {end:g}] is not within 0 to the length "
                f"({length:g} seconds), start first."
            )
        pairs.append((start, end))
    return pairs


def covered(segments):
    """Seconds covered by the union of the segments."""
    total, reach = 0.0, 0.0
    for start, end in sorted(segments):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def progress_of(segments, length):
    return min(1.0, covered(segments) / length) if length else 0.0


def _figure(value):
    """A time as the profile writes it: up to three decimals, no trailing zeros."""
    text = f"{round(value, 3):.3f}".rstrip("0").rstrip(".")
    return text or "0"


def played_segments(segments):
    """The Video Profile's played-segments string, in the order they were played:
    "0[.]5[,]12[.]22"."""
    return "[,]".join(f"{_figure(start)}[.]{_figure(end)}" for start, end in segments)


@dataclass(frozen=True)
class Track:
    """A narrative a page view may play, as recording its playback needs it: its uuid, its
    recorded duration in seconds (None if not known) and what the statements about it share
    for the page view (`narrative_statements`). Kept with the page view in the cache, so it
    holds these and not the model instance (`tracks`)."""

    uuid: uuid.UUID
    duration: float | None
    statements: Statements


@dataclass
class Event:
    kind: str
    track: Track
    seq: int
    at: datetime
    length: float
    time: float = 0.0
    progress: float = 0.0
    segments: tuple = ()
    time_from: float = 0.0
    time_to: float = 0.0


def _length_fits(track, length):
    if not track.duration:
        return True
    known = track.duration
    return abs(length - known) <= max(LENGTH_TOLERANCE_SECONDS, LENGTH_TOLERANCE_SHARE * known)


def check_event(raw, index, tracks, view, now):
    """One raw event (a dict from the browser) as an Event, or BadBatch naming the problem.
    `tracks` maps uuid strings to the Tracks of the narratives this module may play."""
    where = f"Event {index + 1}"
    if not isinstance(raw, dict):
        raise BadBatch(f"{where} must be an object.")
    unknown = sorted(set(raw) - KNOWN_FIELDS)
    if unknown:
        raise BadBatch(f"{where}: unknown field '{unknown[0]}'.")
    kind = raw.get("type")
    if kind not in EVENT_VERBS:
        raise BadBatch(
            f"{where}: unknown event type {kind!r}; expected one of {', '.join(EVENT_VERBS)}."
        )
    where = f"Event {index + 1} ({kind})"
    key = raw.get("narrative")
    try:
        key = str(uuid.UUID(key)) if isinstance(key, str) else None
    except ValueError:
        key = None
    track = tracks.get(key)
    if track is None:
        raise BadBatch(f"{where}: that narrative is not played in this module.")
    seq = raw.get("seq")
    if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq <= MAX_SEQ:
        raise BadBatch(f"{where}: 'seq' must be a whole number from 0 to {MAX_SEQ}.")
    at = _number(raw, "at", where)
    moment = view.issued + timedelta(milliseconds=at)
    if at < 0 or moment > now + timedelta(seconds=CLOCK_SLACK):
        raise BadBatch(f"{where}: 'at' is not a time since the page was opened.")
    length = _number(raw, "length", where)
    if not 0 < length <= MAX_LENGTH:
        raise BadBatch(f"{where}: 'length' must be more than 0 and at most {MAX_LENGTH} seconds.")
    if not _length_fits(track, length):
        raise BadBatch(
            f"{where}: a length of {length:g} seconds does not match the narrative's duration."
        )
    for name in REQUIRED[kind]:
        if name not in raw:
            raise BadBatch(f"{where}: '{name}' is missing.")
    event = Event(kind, track, seq, moment, length)
    for name, attribute in (("time", "time"), ("from", "time_from"), ("to", "time_to")):
        if name in REQUIRED[kind]:
            value = _number(raw, name, where)
            if not 0 <= value <= length:
                raise BadBatch(
                    f"{where}: '{name}' ({value:g}) must be between 0 and the length "
                    f"({length:g} seconds)."
                )
            setattr(event, attribute, value)
    if "progress" in REQUIRED[kind]:
        progress = _number(raw, "progress", where)
        if not 0 <= progress <= 1:
            raise BadBatch(f"{where}: 'progress' must be between 0 and 1.")
        event.segments = tuple(_segments(raw["segments"], length, where))
        event.progress = round(progress_of(event.segments, length), 3)
        if abs(progress - event.progress) > PROGRESS_TOLERANCE:
            raise BadBatch(f"{where}: 'progress' does not match the played segments.")
        if kind == "completed" and event.progress < COMPLETION_THRESHOLD:
            raise BadBatch(
                f"{where}: a narrative is completed at a progress of {COMPLETION_THRESHOLD} "
                "or more."
            )
    return event


# --- statements ---------------------------------------------------------------------------------


def statement_id(session_id, event):
    """Stable per session: one initialized and one completed at most, and each other event once
    whatever number of times its batch is sent."""
    name = event.kind if event.kind in ("initialized", "completed") else f"event-{event.seq}"
    return uuid.uuid5(session_id, name)


def narrative_statements(narrative, *, actor, enrolment, module, course):
    """What every statement about a learner playing a narrative in a module has in common
    (tracking.statements.Statements): built once per page view and narrative."""
    return Statements(
        actor=actor,
        activity=activities.narrative(narrative),
        registration=enrolment.uuid,
        parent=[activities.module(module)],
        grouping=[activities.course(course)],
        category=[PROFILES[narrative.modality]],
    )


def build_statement(event, *, session_id):
    """The Video or Audio Profile statement of one checked event, in the page view's player
    session `session_id` of its narrative."""
    context = {v.EXT_SESSION_ID: str(session_id)}
    extensions = {}
    result = None
    if event.kind in ("initialized", "paused", "completed", "terminated"):
        context[v.EXT_LENGTH] = event.length
    if event.kind in ("initialized", "completed"):
        context[v.EXT_COMPLETION_THRESHOLD] = COMPLETION_THRESHOLD
    if event.kind == "seeked":
        extensions = {v.EXT_TIME_FROM: event.time_from, v.EXT_TIME_TO: event.time_to}
    elif event.kind != "initialized":
        extensions[v.EXT_TIME] = event.time
    if event.kind in ("paused", "completed", "terminated"):
        extensions[v.EXT_PROGRESS] = event.progress
        if event.segments:
            extensions[v.EXT_PLAYED_SEGMENTS] = played_segments(event.segments)
    if extensions:
        # What tincan's Result(extensions=..., completion=...) serialises to, built directly.
        result = {"extensions": extensions}
        if event.kind == "completed":
            result["completion"] = True
    return event.track.statements.make(
        EVENT_VERBS[event.kind],
        result=result,
        context_extensions=context,
        timestamp=event.at,
        statement_id=statement_id(session_id, event),
    )


# --- the whole batch ----------------------------------------------------------------------------


def module_narratives(module, wanted=None):
    """The narratives (among `wanted`, uuid strings, if given) that the module may play:
    available, audio or video, named by its body or offered there as an alternative.
    {uuid string: narrative}."""
    from courses import viewing
    from narratives.models import Narrative

    candidates = Narrative.objects.available().filter(modality__in=tuple(PROFILES))
    if wanted is not None:
        candidates = candidates.filter(uuid__in=wanted)
    found = {str(n.uuid): n for n in candidates}
    named = set(module.narrative_ids())
    offered = {key: n for key, n in found.items() if n.pk in named}
    if len(offered) < len(found):
        # Alternatives to the narratives named (rare): the slots' options, as the page has them.
        options = set()
        for block in module.body.raw_data:
            if block["type"] == "narrative":
                slot = viewing.slot_options(module, block["id"])
                options.update(slot.options if slot else ())
        offered.update({key: n for key, n in found.items() if n.pk in options})
    return offered


def tracks(*, user_id, enrolment, module, course, wanted=None):
    """The Tracks of the narratives a page view of `module` by the user `user_id`, enrolled on
    `course` by `enrolment`, may play ({uuid string: Track}): built once per page view; only
    the narratives among `wanted` (uuid strings), if given."""
    actor = actor_for_id(user_id)
    return {
        key: Track(
            uuid=narrative.uuid,
            duration=narrative.duration.total_seconds() if narrative.duration else None,
            statements=narrative_statements(
                narrative, actor=actor, enrolment=enrolment, module=module, course=course
            ),
        )
        for key, narrative in module_narratives(module, wanted).items()
    }


def record_batch(view, raw_events, *, user_id, tracks, content_stamp=None, now=None):
    """Check every event of a batch, build their statements and store them in one transaction.
    Returns the statements stored (events already stored are skipped); raises BadBatch, storing
    nothing. `view` is the PageView of the page the events come from, and `tracks` its Tracks
    (`tracks()`); the caller has checked that both belong to the user `user_id`.

    Nothing is stored, and the answer is None, if the account is no longer active or, with
    `content_stamp` (the content version `tracks` were built under), if the content has
    changed since (tracking.outbox.record_new)."""
    if not isinstance(raw_events, list) or not raw_events:
        raise BadBatch("'events' must be a list of at least one event.")
    if len(raw_events) > MAX_EVENTS:
        raise BadBatch(f"A batch may hold at most {MAX_EVENTS} events.")
    now = now or datetime.now(UTC)
    events = [check_event(raw, i, tracks, view, now) for i, raw in enumerate(raw_events)]
    sessions = {}
    statements = []
    for event in events:
        key = event.track.uuid
        if key not in sessions:
            sessions[key] = view.session_id(key)
        # The same event twice in one batch is stored once.
        statements.append(build_statement(event, session_id=sessions[key]))
    return outbox.record_new(statements, user_id=user_id, content_stamp=content_stamp)
