"""Checking a batch of player events (tracking.player): each event must be plausible for
the page view and the narratives it may play, or the whole batch is refused (`BadBatch`)."""

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

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

# The event types, and the fields each must carry, beyond type, narrative, seq, at and length.
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


@dataclass
class Event:
    kind: str
    track: object  # the tracking.player.content.Track of its narrative
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
    `tracks` maps uuid strings to the Tracks (tracking.player.content) of the narratives this
    module may play."""
    where = f"Event {index + 1}"
    if not isinstance(raw, dict):
        raise BadBatch(f"{where} must be an object.")
    unknown = sorted(set(raw) - KNOWN_FIELDS)
    if unknown:
        raise BadBatch(f"{where}: unknown field '{unknown[0]}'.")
    kind = raw.get("type")
    if kind not in REQUIRED:
        raise BadBatch(
            f"{where}: unknown event type {kind!r}; expected one of {', '.join(REQUIRED)}."
        )
    where = f"Event {index + 1} ({kind})"
    key = raw.get("narrative")
    try:
        key = str(uuid.UUID(key)) if isinstance(key, str) else None
    except ValueError:
        key = None
    track = tracks.get(key)
    if track is None:
        raise BadBatch(
            f"{where}: that narrative is not played "
            + ("on this page." if view.module_id is None else "in this module.")
        )
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
