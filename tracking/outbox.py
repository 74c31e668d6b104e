"""Storing statements: the only way a statement enters the outbox.

Call `record()` inside the transaction of the action that caused the statement, so both are
stored or neither is. Each statement gets a pending Delivery per configured LRS.
"""

from datetime import datetime

from django.db import connection, transaction

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
    return _store([_row(data, user) for data in statements])


def _store(rows):
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


def record_new(statements, *, user=None):
    """Store those of the statements whose ids are not stored yet, with their deliveries, and
    return their rows; the others are left as they are. For statements with ids derived from
    what they record (a player's events, which a page may send twice): a statement, once
    stored, is never changed.

    On PostgreSQL this is one SQL statement, atomic by itself (or part of the caller's
    transaction), which also settles two requests storing the same statement at once: the
    second waits for the first and skips it. Elsewhere it is a check and an insert in one
    transaction."""
    rows = {}
    for data in statements:
        row = _row(data, user)
        rows.setdefault(str(row.id), row)
    if not rows:
        return []
    if connection.vendor != "postgresql":
        with transaction.atomic(savepoint=False):
            stored = Statement.objects.filter(pk__in=list(rows)).values_list("pk", flat=True)
            for pk in stored:
                rows.pop(str(pk))
            return _store(list(rows.values()))
    sql, params = _insert_new_sql(list(rows.values()), endpoints.names())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        inserted = {str(pk) for (pk,) in cursor.fetchall()}
    return [row for key, row in rows.items() if key in inserted]


def _insert_new_sql(rows, names):
    """PostgreSQL: insert the rows, skipping ids already stored, and a pending delivery per LRS
    for each row inserted; select the ids inserted. Every value comes from the models' fields
    (their defaults included), prepared as Django prepares them."""
    quote = connection.ops.quote_name
    pk = quote(Statement._meta.pk.column)
    fields = Statement._meta.concrete_fields
    one = "({})".format(", ".join(["%s"] * len(fields)))
    params = [
        field.get_db_prep_save(getattr(row, field.attname), connection)
        for row in rows
        for field in fields
    ]
    sql = (
        "WITH new AS (INSERT INTO {table} ({columns}) VALUES {values} "
        "ON CONFLICT ({pk}) DO NOTHING RETURNING {pk})"
    ).format(
        table=quote(Statement._meta.db_table),
        columns=", ".join(quote(f.column) for f in fields),
        values=", ".join([one] * len(rows)),
        pk=pk,
    )
    if names:
        # The delivery columns but its id: the statement's from `new`, the LRS's name from the
        # list, and every other one as a new Delivery has it.
        template = Delivery(endpoint="")
        columns, selected = [], []
        for field in Delivery._meta.concrete_fields:
            if field.primary_key:
                continue
            columns.append(quote(field.column))
            if field.name == "statement":
                selected.append(f"new.{pk}")
            elif field.name == "endpoint":
                selected.append("lrs.name")
            else:
                selected.append("%s")
                params.append(field.get_db_prep_save(getattr(template, field.attname), connection))
        params.append(list(names))
        sql += (
            ", deliveries AS (INSERT INTO {table} ({columns}) SELECT {selected} "
            "FROM new CROSS JOIN unnest(%s::text[]) AS lrs(name))"
        ).format(
            table=quote(Delivery._meta.db_table),
            columns=", ".join(columns),
            selected=", ".join(selected),
        )
    return f"{sql} SELECT {pk} FROM new", params
