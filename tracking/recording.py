"""How features record xAPI statements: `record(*statements, user=...)`, the one recording
function of tracking's public face.

Build the statements with tracking.learning and call `record()` inside the transaction of the
action that caused them, so both are stored or neither is (tracking/outbox.py stores them,
each with a pending delivery per configured LRS)."""

from . import outbox


def record(*statements, user):
    """Store built statements about `user` (None for unlinkable ones) in the outbox, in the
    caller's transaction; returns their rows."""
    return outbox.record_many(statements, user=user)
