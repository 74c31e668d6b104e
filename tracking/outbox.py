"""Storing statements: the only way a statement enters the outbox.

Call `record()` inside the transaction of the action that caused the statement, so both are
stored or neither is. Each statement gets a pending Delivery per configured LRS.
"""

import functools
import uuid
from datetime import datetime

import orjson
from django.contrib.auth import get_user_model
from django.db import InterfaceError, OperationalError, connection, transaction

# PostgreSQL's only, used only there; importable everywhere (psycopg is a dependency).
from django.db.backends.postgresql.base import ServerBindingCursor
from django.utils import timezone

from core import content_version

from . import endpoints
from .models import Delivery, Statement
from .statements import check

# The columns copied out of a statement for the admin's filters, and where each is found in it.
COPIED = {
    "actor": ("actor", "account", "name"),
    "verb": ("verb", "id"),
    "activity": ("object", "id"),
    "registration": ("context", "registration"),
    "timestamp": ("timestamp",),
}


def _copied(data, path):
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _row(data, user_id):
    """The Statement row of a checked statement."""
    copied = {name: _copied(data, path) for name, path in COPIED.items()}
    copied["timestamp"] = datetime.fromisoformat(copied["timestamp"].replace("Z", "+00:00"))
    return Statement(id=data["id"], user_id=user_id, data=data, **copied)


def record_many(statements, *, user=None, sensitive=False):
    """Store built statements (dicts from tracking.statements.build) with their deliveries.
    `user` is the person they are about, or None for unlinkable ones. `sensitive`: breaks and
    support requests (tracking/sensitive.py), which the forwarder sends in batches of their
    own; their deliveries are made in the order given. Returns the rows."""
    user_id = None if user is None else user.pk
    return _store([_row(check(data), user_id) for data in statements], sensitive=sensitive)


def _store(rows, sensitive=False):
    if not rows:
        return rows
    names = endpoints.names()
    # No savepoint of its own: callers run this inside the action's transaction, and a failure
    # here must undo the action too.
    with transaction.atomic(savepoint=False):
        Statement.objects.bulk_create(rows)
        if names:
            Delivery.objects.bulk_create(
                [
                    Delivery(statement=row, endpoint=name, sensitive=sensitive)
                    for row in rows
                    for name in names
                ]
            )
    return rows


def record(data, *, user=None):
    """Store one built statement with its deliveries; returns the row."""
    return record_many([data], user=user)[0]


def record_new(statements, *, user_id=None, content_stamp=None):
    """Store those of the statements whose ids are not stored yet, with their deliveries, and
    return them (the dicts stored, in order); the others are left as they are. For statements
    with ids derived from what they record (a player's events, which a page may send twice): a
    statement, once stored, is never changed.

    `user_id` is the person they are about: they are stored only while that account exists
    and is active. With `content_stamp` (core.content_version), only if the published content
    is still that version, so a caller that built them from content cached under it knows it
    was not stale without reading the version first. Otherwise nothing is stored and the
    answer is None. Both are checked in the same statement as the insert.

    On PostgreSQL this is one SQL statement, atomic by itself (or part of the caller's
    transaction), which also settles two requests storing the same statement at once: the
    second waits for the first and skips it. Elsewhere it is a check and an insert in one
    transaction."""
    unique = {}
    for data in statements:
        check(data)
        unique.setdefault(str(uuid.UUID(data["id"])), data)
    if not unique:
        return []
    if connection.vendor != "postgresql":
        with transaction.atomic(savepoint=False):
            if (content_stamp is not None and content_version.current() != content_stamp) or (
                user_id is not None and not _active_users().filter(pk=user_id).exists()
            ):
                return None
            stored = Statement.objects.filter(pk__in=list(unique)).values_list("pk", flat=True)
            for pk in stored:
                unique.pop(str(pk))
            _store([_row(data, user_id) for data in unique.values()])
            return list(unique.values())
    names = tuple(endpoints.names())
    # orjson: a batch's JSON in a tenth of the time of json.dumps, the same JSON values.
    params = [user_id, timezone.now(), orjson.dumps(list(unique.values())).decode()]
    if content_stamp is not None:
        params += [*content_version.stamp_query()[1], content_stamp]
    if names:
        params += [*_new_delivery_values(), list(names)]
    answer = [
        pk for (pk,) in _run_insert(_insert_new_sql(len(names), content_stamp is not None), params)
    ]
    if None in answer:  # no longer current: nothing was inserted
        return None
    inserted = {str(pk) for pk in answer}
    return [data for key, data in unique.items() if key in inserted]


def _run_insert(sql, params):
    """Run `record_new`'s insert and return its rows.

    Not after Django's health check: that is a `SELECT 1` before the first query of each
    request, one more round trip to the database for every batch (about a tenth of the
    endpoint's time). Instead, if the connection kept from an earlier request turns out to
    have been lost (the database restarted, say), the insert is sent once more on a new one.
    That is safe: the insert is one atomic statement, stored whole or not at all, and
    idempotent (it sends the same statement ids again, and ids already stored are skipped).
    Inside a transaction the loss is the caller's, and is raised."""
    kept = connection.connection is not None and not connection.in_atomic_block
    try:
        return _execute(sql, params)
    except (OperationalError, InterfaceError):
        if not kept or (connection.connection is not None and not connection.connection.closed):
            raise
    connection.close()
    return _execute(sql, params)


def _execute(sql, params):
    """Execute on a cursor that sends its parameters apart from the SQL (server-side binding),
    wrapped by Django as any cursor (query logging, its database exceptions), and return the
    rows.

    Django binds parameters into the SQL text by default, and such a statement is never
    prepared. Sent apart, the batch's JSON is not quoted into the SQL and read back out of it,
    and psycopg prepares the statement after it has run a few times on a connection (the
    database's `prepare_threshold` option, settings/base.py): the insert is then no longer
    parsed and planned for every batch, which was about 0.3 ms of PostgreSQL's time in each."""
    connection.ensure_connection()
    connection.validate_thread_sharing()
    server_side = ServerBindingCursor(connection.connection)
    if connection.queries_logged:
        cursor = connection.make_debug_cursor(server_side)
    else:
        cursor = connection.make_cursor(server_side)
    with cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _active_users():
    """The accounts statements may still be stored about: those that can sign in (`active_user` in
    `_insert_new_sql` is the same in SQL)."""
    return get_user_model()._default_manager.filter(is_active=True)


@functools.cache
def _insert_new_sql(lrs_count, content_guard):
    """PostgreSQL: insert the statements of a JSON array, skipping ids already stored, with the
    columns copied out of each (COPIED) as `_row` copies them, and a pending delivery per LRS
    for each one inserted; select the ids inserted. Only if the user (if any) is active and,
    with `content_guard`, the content version still has the stamp given; if not, nothing is
    inserted and a NULL is selected.

    Parameters, in order: the user id, the time stored, the JSON array; with `content_guard`,
    the content version's (`stamp_query()`) and the stamp; if there are LRSs,
    `_new_delivery_values()` and the list of their names. Depends only on its arguments and
    the models, so it is built once per process for each."""
    quote = connection.ops.quote_name
    table = Statement._meta
    pk = quote(table.pk.column)
    columns, selected = _statement_columns()
    user_field, stored_field = table.get_field("user"), table.get_field("stored")
    sql = (
        "WITH given AS (SELECT {user} AS {user_column}, {stored} AS {stored_column}, "
        "CAST(%s AS jsonb) AS statements), "
        "fresh AS (SELECT (given.{user_column} IS NULL OR {active_user}) "
        "AND {content} AS ok FROM given), "
        "new AS (INSERT INTO {table} ({columns}) SELECT {selected} FROM given "
        "CROSS JOIN jsonb_array_elements(given.statements) AS incoming(statement) "
        "WHERE (SELECT ok FROM fresh) ON CONFLICT ({pk}) DO NOTHING RETURNING {pk})"
    ).format(
        user=_cast(user_field, "%s"),
        user_column=user_field.column,
        stored=_cast(stored_field, "%s"),
        stored_column=stored_field.column,
        active_user=_active_user_sql(user_field),
        content=(
            f"COALESCE(({content_version.stamp_query()[0]}) = %s, FALSE)"
            if content_guard
            else "TRUE"
        ),
        table=quote(table.db_table),
        columns=", ".join(columns),
        selected=", ".join(selected),
        pk=pk,
    )
    if lrs_count:
        sql += _deliveries_sql(pk)
    return f"{sql} SELECT {pk} FROM new UNION ALL SELECT NULL FROM fresh WHERE NOT ok"


def _cast(field, value):
    """`value` as the column type of `field` (text as it is: the INSERT checks its length)."""
    if field.get_internal_type() in ("CharField", "TextField"):
        return value
    return f"CAST({value} AS {field.db_type(connection)})"


def _statement_columns():
    """The Statement columns, and what each is selected from for one incoming statement."""
    columns, selected = [], []
    for field in Statement._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.primary_key:
            selected.append(_cast(field, "statement->>'id'"))
        elif field.name in ("user", "stored"):
            selected.append(f"given.{field.column}")
        elif field.name == "data":
            selected.append("statement")
        else:
            path = ",".join(COPIED[field.name])
            selected.append(_cast(field, f"statement #>> '{{{path}}}'"))
    return columns, selected


def _active_user_sql(user_field):
    """Whether the given user is active. EXISTS, not IN: IN (SELECT ...) is planned as a hash
    of every active account, a scan of the whole user table on every insert; EXISTS looks the
    one account up by its key."""
    quote = connection.ops.quote_name
    user_model = get_user_model()._meta
    active_user = "EXISTS (SELECT 1 FROM {table} WHERE {table}.{pk} = given.{user} AND {active})"
    return active_user.format(
        table=quote(user_model.db_table),
        pk=quote(user_model.pk.column),
        user=user_field.column,
        active=f"{quote(user_model.db_table)}.{quote(user_model.get_field('is_active').column)}",
    )


def _deliveries_sql(pk):
    """The CTE inserting a pending delivery per LRS for each statement inserted: the delivery
    columns but its id, the statement's from `new`, the LRS's name from the list, and every
    other one as a new Delivery has it (`_new_delivery_values`)."""
    quote = connection.ops.quote_name
    columns, selected = [], []
    for field in _delivery_fields():
        columns.append(quote(field.column))
        if field.name == "statement":
            selected.append(f"new.{pk}")
        elif field.name == "endpoint":
            selected.append("lrs.name")
        else:
            selected.append(_cast(field, "%s"))
    return (
        ", deliveries AS (INSERT INTO {table} ({columns}) SELECT {selected} "
        "FROM new CROSS JOIN unnest(%s::text[]) AS lrs(name))"
    ).format(
        table=quote(Delivery._meta.db_table),
        columns=", ".join(columns),
        selected=", ".join(selected),
    )


def _delivery_fields():
    return [field for field in Delivery._meta.concrete_fields if not field.primary_key]


def _new_delivery_values():
    """A new Delivery's values (its defaults), for the columns `_insert_new_sql` fills from
    parameters, in order."""
    template = Delivery(endpoint="")
    return [
        field.get_db_prep_save(getattr(template, field.attname), connection)
        for field in _delivery_fields()
        if field.name not in ("statement", "endpoint")
    ]
