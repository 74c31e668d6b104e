"""Storing statements: the only way a statement enters the outbox.

Call `record()` inside the transaction of the action that caused the statement, so both are
stored or neither is. Each statement gets a pending Delivery per configured LRS.
"""

from datetime import datetime

from django.db import transaction

from . import endpoints
from .models import Delivery, Statement
from .statements import check


def _row(data, user):
    check(data)
    context = data.get("context") or {}
    return Statement(
        id=data["id"],
        user=user,
        actor=data["actor"]["account"]["name"],
        verb=data["verb"]["id"],
        activity=data["object"]["id"],
        registration=context.get("registration"),
        timestamp=datetime.fromisoformat(data["timestamp"].replace("Z", "+00:00")),
        data=data,
    )


def record_many(statements, *, user=None):
    """Store built statements (dicts from tracking.statements.build) with their deliveries.
    `user` is the person they are about, or None for unlinkable ones. Returns the rows."""
    rows = [_row(data, user) for data in statements]
    if not rows:
        return rows
    names = endpoints.names()
    # No savepoint of its own: callers run this inside the action's transaction, and a failure
    # here must undo the action too.
    with transaction.atomic(savepoint=False):
        Statement.objects.bulk_create(rows)
        if names:
            Delivery.objects.bulk_create(
                [Delivery(statement=row, endpoint=name) for row in rows for name in names]
            )
    return rows


def record(data, *, user=None):
    """Store one built statement with its deliveries; returns the row."""
    return record_many([data], user=user)[0]
