"""Storing a batch of player events (tracking.player): all of it or nothing."""

from datetime import UTC, datetime

from .. import outbox
from .events import MAX_EVENTS, BadBatch, check_event
from .statements import build_statement


def record_batch(view, raw_events, *, user_id, tracks, content_stamp=None, now=None):
    """Check every event of a batch, build their statements and store them in one transaction.
    Returns the statements stored (events already stored are skipped); raises BadBatch, storing
    nothing. `view` is the PageView of the page the events come from, and `tracks` its Tracks
    (tracking.player.content.tracks); the caller has checked that both belong to the user `user_id`.

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
