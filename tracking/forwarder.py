"""Delivering the outbox to each LRS in XAPI_LRS_ENDPOINTS (`manage.py xapi_forward`).

For each endpoint, `forward()` takes the due pending deliveries in batches (default 100,
oldest due first) and POSTs their statements as one JSON list to `<url>statements` (xAPI 1.0.3
Communication 2.1.2), over one kept-alive connection per endpoint per run. What the LRS answers
decides each delivery's fate:

- 2xx: delivered (an LRS answers 204 or leaves out of its 200 the ids it already holds
  identically, xAPI Communication 2.1.2; either way the statement is in the LRS).
- a network error, a timeout, a 5xx, or 401/403/404/405/407/408 (the LRS or its settings are
  wrong, not the statement): the batch stays pending, `attempts` + 1, and the next attempt is
  after an exponential back-off with jitter (BACKOFF_BASE doubling, capped at BACKOFF_CAP).
  The run stops for that endpoint so a dead LRS is not hammered.
- 429: the whole batch waits for the `Retry-After` (seconds or an HTTP date), then the run
  stops for that endpoint.
- any other 4xx for a batch of several (400, 409, 413, 422...): the batch is split in halves
  and each half sent again, down to the statement(s) at fault.
- 409 for one statement: the LRS holds a statement with that id. It is fetched back
  (GET ?statementId=) and if it is the same statement (actor, verb, object id, result,
  context registration) ours counts as delivered; otherwise it is a dead letter saying so.
- any other 4xx for one statement: a dead letter with the LRS's reason.

Statements of breaks and support requests (deliveries marked `sensitive`, put in the outbox
by tracking/sensitive.py once their day has ended) are sent first, in batches that hold nothing
else, so no learner's statement shares a request, and the LRS's `stored` time, with one.

Each batch is selected with SELECT ... FOR UPDATE SKIP LOCKED and the row locks are held
while it is posted, so any number of forwarders can run at once on PostgreSQL and never send
the same statement at the same time. A forwarder killed mid-batch (even by SIGKILL) leaves
its transaction rolled back: the batch is still pending and is sent again later, and the LRS
de-duplicates by statement id. SQLite has no row locks: run one forwarder there.

The HTTP conversation with one LRS is tracking/lrs_client.py. `requeue()` puts dead letters
back in the queue (the admin's replay); `health()` gives the figures of the admin's delivery
panel.
"""

import json
import logging
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from . import endpoints as lrs_endpoints
from .lrs_client import ERROR_LENGTH, LRSClient, LRSError, Unreachable, reason_of
from .models import Delivery

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 100
BACKOFF_BASE = 10  # seconds before the first retry; doubles with each attempt
BACKOFF_CAP = 3600  # never wait longer than an hour between attempts
RETRY_AFTER_CAP = 24 * 3600  # an LRS asking for more than a day gets a day
# A 4xx that says the LRS or our settings for it are wrong, not the statement: retry later
# (the admin's health panel shows the error) rather than dead-letter every statement.
ENDPOINT_ERRORS = {401, 403, 404, 405, 407, 408}

DELIVERED, RETRY, DEAD = "delivered", "retry", "dead"


@dataclass
class Outcome:
    """What happened to some deliveries: DELIVERED, RETRY (with `wait`, or None for the
    back-off) or DEAD, and why."""

    kind: str
    error: str = ""
    wait: float | None = None


@dataclass
class Summary:
    """One endpoint's run: counts of each outcome, and why the run stopped early if it did."""

    endpoint: str
    delivered: int = 0
    retried: int = 0
    dead: int = 0
    batches: int = 0
    stopped: str = ""
    seconds: float = 0.0
    errors: list = field(default_factory=list)

    def line(self):
        text = (
            f"{self.endpoint}: {self.delivered} delivered, {self.retried} to retry, "
            f"{self.dead} dead letters in {self.batches} batches ({self.seconds:.1f} s)"
        )
        return f"{text}; stopped: {self.stopped}" if self.stopped else text


def retry_after_seconds(value, now=None):
    """Seconds to wait from a Retry-After header (RFC 9110 10.2.3: delay-seconds or an
    HTTP-date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(int(value), RETRY_AFTER_CAP)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = (moment - (now or timezone.now())).total_seconds()
    return min(max(seconds, 0.0), RETRY_AFTER_CAP)


def backoff_seconds(attempts):
    """Exponential back-off with jitter: after the n-th failed attempt wait between half and
    all of BACKOFF_BASE * 2**(n-1), capped at BACKOFF_CAP (the jitter spreads forwarders that
    failed together so they do not come back together)."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(attempts - 1, 0))
    return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 (not cryptographic)


def same_statement(ours, theirs):
    """Whether the LRS's statement with our id is ours: the same actor, verb, object id,
    result and context registration (what the LRS may not change, xAPI 1.0.3 Part Two 2.4)."""

    def key(statement):
        context = statement.get("context") or {}
        return (
            statement.get("actor"),
            (statement.get("verb") or {}).get("id"),
            (statement.get("object") or {}).get("id"),
            statement.get("result"),
            context.get("registration"),
        )

    return key(ours) == key(theirs)


class Forwarder:
    """Sends one endpoint's due deliveries. `run()` sends batches until none is due or the
    LRS fails; each batch is one transaction holding its rows' locks."""

    def __init__(self, endpoint, batch_size=None):
        self.endpoint = endpoint
        self.batch_size = batch_size or endpoint.batch_size or DEFAULT_BATCH_SIZE
        self.client = LRSClient(endpoint)

    def run(self, should_stop=lambda: False):
        summary = Summary(self.endpoint.name)
        started = time.monotonic()
        try:
            # Breaks and support requests first, in batches of their own (tracking/sensitive.py).
            for sensitive in (True, False):
                stop = False
                while not should_stop():
                    sent, stop = self.send_batch(summary, sensitive=sensitive)
                    if not sent or stop:
                        break
                if stop:
                    break
        finally:
            self.client.close()
            summary.seconds = time.monotonic() - started
        return summary

    def send_batch(self, summary, sensitive=False):
        """Send one batch: of breaks and support requests only, or of none of them. Returns
        (rows sent, whether the run should stop)."""
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Safe to lose on a database crash: a delivery that reverts to pending is sent
                # again and the LRS keeps one copy per statement id. Spares a WAL flush a batch.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")
            rows = list(
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(
                    endpoint=self.endpoint.name,
                    status=Delivery.Status.PENDING,
                    next_attempt_at__lte=timezone.now(),
                    sensitive=sensitive,
                )
                .annotate(statement_json=Cast("statement__data", TextField()))
                .only("id", "status", "attempts", "next_attempt_at", "last_error", "statement_id")
                .order_by("next_attempt_at", "id")[: self.batch_size]
            )
            if not rows:
                return 0, False
            outcomes = {}
            self._send(rows, outcomes)
            self._save(rows, outcomes, summary)
        summary.batches += 1
        stop = [o for o in outcomes.values() if o.kind == RETRY]
        if stop:
            summary.stopped = stop[0].error
        return len(rows), bool(stop)

    def _send(self, rows, outcomes):
        """Post `rows` and fill `outcomes` (delivery id → Outcome), bisecting on a 4xx."""
        try:
            status, response, payload = self.client.post(rows)
        except Unreachable as error:
            return self._all(rows, outcomes, Outcome(RETRY, str(error)))
        if 200 <= status < 300:
            return self._all(rows, outcomes, Outcome(DELIVERED))
        reason = f"HTTP {status}: {reason_of(payload)}"
        if status == 429:
            wait = retry_after_seconds(response.getheader("Retry-After"))
            return self._all(rows, outcomes, Outcome(RETRY, reason, wait))
        if status >= 500 or status in ENDPOINT_ERRORS or status < 400:
            return self._all(rows, outcomes, Outcome(RETRY, reason))
        if len(rows) > 1:
            middle = len(rows) // 2
            for half in (rows[:middle], rows[middle:]):
                self._send(half, outcomes)
                if any(o.kind == RETRY for o in outcomes.values()):
                    # The LRS stopped answering: the rest waits too, untouched.
                    rest = [row for row in rows if row.pk not in outcomes]
                    return self._all(rest, outcomes, Outcome(RETRY, "sent later"))
            return None
        if status == 409:
            return self._all(rows, outcomes, self._conflict(rows[0], reason))
        return self._all(rows, outcomes, Outcome(DEAD, reason))

    def _conflict(self, row, reason):
        try:
            theirs = self.client.get_statement(str(row.statement_id))
        except (Unreachable, LRSError, ValueError) as error:
            return Outcome(RETRY, f"{reason}; fetching the LRS's copy: {error}")
        if theirs is not None and same_statement(json.loads(row.statement_json), theirs):
            return Outcome(DELIVERED)
        return Outcome(
            DEAD, f"{reason}; the LRS holds a different statement with this id"[:ERROR_LENGTH]
        )

    @staticmethod
    def _all(rows, outcomes, outcome):
        for row in rows:
            outcomes.setdefault(row.pk, outcome)

    def _save(self, rows, outcomes, summary):
        now = timezone.now()
        delivered = [row.pk for row in rows if outcomes[row.pk].kind == DELIVERED]
        if delivered:
            Delivery.objects.filter(pk__in=delivered).update(
                status=Delivery.Status.DELIVERED,
                delivered_at=now,
                attempts=F("attempts") + 1,
                last_error="",
            )
            summary.delivered += len(delivered)
        changed = []
        for row in rows:
            outcome = outcomes[row.pk]
            if outcome.kind == DELIVERED:
                continue
            row.attempts += 1
            row.last_error = outcome.error[:ERROR_LENGTH]
            if outcome.kind == DEAD:
                row.status = Delivery.Status.DEAD
                summary.dead += 1
            else:
                wait = outcome.wait if outcome.wait is not None else backoff_seconds(row.attempts)
                row.next_attempt_at = now + timedelta(seconds=wait)
                summary.retried += 1
            if outcome.error and outcome.error not in summary.errors:
                summary.errors.append(outcome.error)
            changed.append(row)
        if changed:
            Delivery.objects.bulk_update(
                changed, ["attempts", "last_error", "status", "next_attempt_at"]
            )


def forward(*, endpoint=None, batch_size=None, should_stop=lambda: False, threads=1):
    """One run over every configured endpoint (or the one named): a Summary per endpoint.

    `threads` senders work on each endpoint at once, each with its own database connection and
    LRS connection, taking batches with SKIP LOCKED like separate forwarders: while one waits
    for the LRS, another locks, sends or saves its batch. One sender is used on SQLite (it
    has no row locks) and inside an open transaction, whose statements other connections
    cannot see."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        threads = 1
    summaries = []
    for configured in lrs_endpoints.configured():
        if endpoint and configured.name != endpoint:
            continue
        if threads <= 1:
            summaries.append(Forwarder(configured, batch_size).run(should_stop))
        else:
            summaries.append(_run_in_threads(configured, batch_size, should_stop, threads))
    return summaries


def _run_in_threads(configured, batch_size, should_stop, threads):
    results = [None] * threads

    def sender(number):
        try:
            results[number] = Forwarder(configured, batch_size).run(should_stop)
        finally:
            connection.close()  # this thread's own connection

    workers = [threading.Thread(target=sender, args=(n,)) for n in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    total = Summary(configured.name, seconds=time.monotonic() - started)
    for part in filter(None, results):
        total.delivered += part.delivered
        total.retried += part.retried
        total.dead += part.dead
        total.batches += part.batches
        total.stopped = total.stopped or part.stopped
        total.errors.extend(e for e in part.errors if e not in total.errors)
    return total


def requeue(delivery_ids):
    """Put dead letters back in the queue, due now; attempts and last error are kept so the
    history stays visible. Deliveries that are not dead are left alone. Returns the count."""
    return Delivery.objects.filter(pk__in=list(delivery_ids), status=Delivery.Status.DEAD).update(
        status=Delivery.Status.PENDING, next_attempt_at=timezone.now()
    )


def health(now=None):
    """One dict per LRS (the configured ones in order, then any that still has deliveries
    but is no longer configured):

        {"endpoint": name, "configured": bool, "pending": n, "due": n (pending and due now),
         "dead": n, "delivered": n, "oldest_pending": datetime the oldest pending statement
         was stored or None, "oldest_pending_age": timedelta or None,
         "last_success": datetime of the latest delivery or None,
         "last_error": the latest error of a pending delivery, or ""}
    """
    now = now or timezone.now()
    pending = Q(status=Delivery.Status.PENDING)
    figures = {
        row["endpoint"]: row
        for row in Delivery.objects.values("endpoint")
        .order_by("endpoint")
        .annotate(
            pending=Count("id", filter=pending),
            due=Count("id", filter=pending & Q(next_attempt_at__lte=now)),
            dead=Count("id", filter=Q(status=Delivery.Status.DEAD)),
            delivered=Count("id", filter=Q(status=Delivery.Status.DELIVERED)),
            oldest_pending=Min("statement__stored", filter=pending),
            last_success=Max("delivered_at"),
        )
    }
    names = lrs_endpoints.names()
    result = []
    for name in names + sorted(set(figures) - set(names)):
        row = figures.get(name, {})
        oldest = row.get("oldest_pending")
        last_error = ""
        if row.get("pending"):
            last_error = (
                Delivery.objects.filter(endpoint=name, status=Delivery.Status.PENDING)
                .exclude(last_error="")
                .order_by("-next_attempt_at")
                .values_list("last_error", flat=True)
                .first()
                or ""
            )
        result.append(
            {
                "endpoint": name,
                "configured": name in names,
                "pending": row.get("pending", 0),
                "due": row.get("due", 0),
                "dead": row.get("dead", 0),
                "delivered": row.get("delivered", 0),
                "oldest_pending": oldest,
                "oldest_pending_age": (now - oldest) if oldest else None,
                "last_success": row.get("last_success"),
                "last_error": last_error,
            }
        )
    return result
