"""Building the Video and Audio Profile statements of checked player events
(tracking.player)."""

import uuid

from .. import activities
from .. import vocabulary as v
from ..statements import Statements
from .events import COMPLETION_THRESHOLD

EVENT_VERBS = {
    "initialized": v.INITIALIZED,
    "played": v.PLAYED,
    "paused": v.PAUSED,
    "seeked": v.SEEKED,
    "completed": v.COMPLETED,
    "terminated": v.TERMINATED,
}
PROFILES = {"video": v.VIDEO_PROFILE, "audio": v.AUDIO_PROFILE}


def _figure(value):
    """A time as the profile writes it: up to three decimals, no trailing zeros."""
    text = f"{round(value, 3):.3f}".rstrip("0").rstrip(".")
    return text or "0"


def played_segments(segments):
    """The Video Profile's played-segments string, in the order they were played:
    "0[.]5[,]12[.]22"."""
    return "[,]".join(f"{_figure(start)}[.]{_figure(end)}" for start, end in segments)


def statement_id(session_id, event):
    """Stable per session: one initialized and one completed at most, and each other event once
    whatever number of times its batch is sent."""
    name = event.kind if event.kind in ("initialized", "completed") else f"event-{event.seq}"
    return uuid.uuid5(session_id, name)


def narrative_statements(narrative, *, actor, enrolment=None, module=None, course=None):
    """What every statement about a learner playing a narrative in a module has in common
    (tracking.statements.Statements): built once per page view and narrative. Without an
    enrolment (a story opened from the library): no registration, and the library as parent."""
    if enrolment is None:
        return Statements(
            actor=actor,
            activity=activities.narrative(narrative),
            parent=[activities.library()],
            category=[PROFILES[narrative.modality]],
        )
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
