"""The forwarder against Ralph behind a fault-injecting proxy: the LRS down, 500s, 429 with
Retry-After, answers slower than the timeout, two forwarders at once, and a forwarder killed
with SIGKILL mid-batch. After recovery the LRS holds exactly the recorded statements: none lost,
none duplicated (issue 5, "Real LRS in the tests")."""

import io
import json
import os
import signal
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from tracking import forwarder
from tracking.models import Delivery

from .conftest import manage

pytestmark = pytest.mark.django_db


def forward_once():
    out = io.StringIO()
    call_command("xapi_forward", "--once", stdout=out)
    return out.getvalue()


def make_due():
    Delivery.objects.filter(status="pending").update(next_attempt_at=timezone.now())


def assert_lrs_holds_exactly(lrs, statements):
    """Each recorded statement once, nothing else (the LRS de-duplicates by id: xAPI 1.0.3
    Communication 2.1.2)."""
    assert sorted(lrs.ids()) == sorted(s["id"] for s in statements)


def assert_waiting(lrs, attempts, error_start, earliest, latest):
    rows = list(Delivery.objects.all())
    assert {(d.status, d.attempts) for d in rows} == {("pending", attempts)}
    assert all(d.last_error.startswith(error_start) for d in rows), rows[0].last_error
    assert all(earliest <= d.next_attempt_at <= latest for d in rows)


def test_lrs_down_then_up(lrs, proxy, lrs_settings, record):
    """Network errors retry with exponential back-off (issue 5, "Delivery")."""
    lrs_settings(url=proxy.xapi_url)
    statements = record(7)
    proxy.set("down")

    before = timezone.now()
    output = forward_once()
    after = timezone.now()

    assert (
        "ralph: 0 delivered, 7 to retry" in output and "stopped: ConnectionRefusedError" in output
    )
    # First retry: between half and all of BACKOFF_BASE seconds.
    base = timedelta(seconds=forwarder.BACKOFF_BASE)
    assert_waiting(lrs, 1, "ConnectionRefusedError", before + base / 2, after + base)
    assert lrs.ids() == []

    make_due()
    before = timezone.now()
    forward_once()  # still down: the second back-off doubles
    assert_waiting(lrs, 2, "ConnectionRefusedError", before + base, timezone.now() + 2 * base)

    proxy.set("pass")
    forward_once()  # not due yet: nothing is sent
    assert lrs.ids() == []
    make_due()
    forward_once()
    assert {(d.status, d.attempts) for d in Delivery.objects.all()} == {("delivered", 3)}
    assert_lrs_holds_exactly(lrs, statements)


def test_server_errors_retry(lrs, proxy, lrs_settings, record):
    """5xx answers retry later (xAPI 1.0.3 Communication 3.2: the request may succeed later)."""
    lrs_settings(url=proxy.xapi_url)
    statements = record(4)
    proxy.set("500")

    before = timezone.now()
    forward_once()
    base = timedelta(seconds=forwarder.BACKOFF_BASE)
    assert_waiting(lrs, 1, "HTTP 500: injected failure", before + base / 2, timezone.now() + base)

    proxy.set("pass")
    make_due()
    forward_once()
    assert {d.status for d in Delivery.objects.all()} == {"delivered"}
    assert_lrs_holds_exactly(lrs, statements)


@pytest.mark.parametrize("form", ["seconds", "http-date"])
def test_429_retry_after_is_honoured_for_the_whole_batch(lrs, proxy, lrs_settings, record, form):
    """429 Too Many Requests with Retry-After (RFC 9110 10.2.3: seconds or an HTTP date):
    nothing is sent again before that time."""
    lrs_settings(url=proxy.xapi_url)
    statements = record(5)
    before = timezone.now()
    if form == "seconds":
        proxy.set("429", retry_after=600)
    else:
        proxy.set("429", retry_after=format_datetime(before + timedelta(seconds=601), usegmt=True))

    output = forward_once()

    assert "5 to retry" in output
    assert_waiting(
        lrs,
        1,
        "HTTP 429: slow down",
        before + timedelta(seconds=599),
        timezone.now() + timedelta(seconds=601),
    )
    proxy.set("pass")
    forward_once()  # not due: honoured
    assert lrs.ids() == []
    make_due()
    forward_once()
    assert_lrs_holds_exactly(lrs, statements)


def test_retry_after_forms():
    now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    assert forwarder.retry_after_seconds("120", now) == 120
    assert forwarder.retry_after_seconds("Fri, 01 May 2026 12:02:00 GMT", now) == 120
    assert forwarder.retry_after_seconds("Fri, 01 May 2026 11:00:00 GMT", now) == 0
    assert forwarder.retry_after_seconds("soon", now) is None
    assert forwarder.retry_after_seconds("", now) is None
    assert forwarder.retry_after_seconds("99999999", now) == forwarder.RETRY_AFTER_CAP


def test_backoff_doubles_and_is_capped():
    for attempts, ceiling in ((1, 10), (2, 20), (5, 160), (30, forwarder.BACKOFF_CAP)):
        for _ in range(50):
            assert ceiling / 2 <= forwarder.backoff_seconds(attempts) <= ceiling


def test_slow_answers_beyond_the_timeout_retry_and_are_not_duplicated(
    lrs, proxy, lrs_settings, record
):
    """The LRS stored the batch but answered after our timeout: it is sent again and the LRS,
    holding identical statements, does not store them twice (xAPI 1.0.3 Communication
    2.1.2)."""
    lrs_settings(url=proxy.xapi_url, timeout=0.5)
    statements = record(6)
    proxy.set("slow", delay=3)

    output = forward_once()

    assert "6 to retry" in output
    assert_waiting(
        lrs, 1, "no answer within 0.5 s", timezone.now(), timezone.now() + timedelta(hours=1)
    )
    proxy.set("pass")
    make_due()
    forward_once()
    assert {d.status for d in Delivery.objects.all()} == {"delivered"}
    assert_lrs_holds_exactly(lrs, statements)


def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT ... FOR UPDATE SKIP LOCKED) need PostgreSQL")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_forwarders_at_once_never_send_a_statement_twice(lrs, proxy, lrs_settings, record):
    """DESIGN "Delivery": several forwarders on PostgreSQL, row locks with SKIP LOCKED: three
    at once, each with two senders."""
    postgres_only()
    lrs_settings(url=proxy.xapi_url, timeout=30)
    statements = record(120)
    proxy.set("slow", delay=0.05)  # so the two overlap
    summaries = []

    def run():
        try:
            summaries.extend(forwarder.forward(batch_size=5, threads=2))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(s.delivered for s in summaries) == 120
    assert sorted(proxy.posted_ids) == sorted(s["id"] for s in statements)  # each id sent once
    assert_lrs_holds_exactly(lrs, statements)
    assert {(d.status, d.attempts) for d in Delivery.objects.all()} == {("delivered", 1)}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forwarder_killed_mid_batch_loses_and_duplicates_nothing(
    lrs, proxy, lrs_settings, record, subprocess_env
):
    """A forwarder killed with SIGKILL while its POST is in flight: its transaction rolls
    back, the batch is still pending and is sent again; the LRS de-duplicates by id."""
    endpoints = lrs_settings(url=proxy.xapi_url, timeout=60)
    statements = record(30)
    proxy.set("slow", delay=60)
    process = manage(
        "xapi_forward",
        "--loop",
        "--batch-size",
        "10",
        "--interval",
        "0.2",
        env=subprocess_env(json.dumps(endpoints)),
    )
    try:
        deadline = time.monotonic() + 60
        while not proxy.posted_ids and time.monotonic() < deadline:
            assert process.poll() is None, process.communicate()
            time.sleep(0.05)
        time.sleep(0.5)  # the forwarder's second sender posts its batch too
        in_flight = len(proxy.posted_ids)
        assert in_flight in (10, 20) and len(set(proxy.posted_ids)) == in_flight
        while len(lrs.ids()) < in_flight and time.monotonic() < deadline:
            time.sleep(0.05)  # the proxy has passed the batches on: Ralph stored them
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()

    assert {(d.status, d.attempts) for d in Delivery.objects.all()} == {("pending", 0)}
    proxy.set("pass")
    for _ in range(40):  # PostgreSQL releases the dead session's locks when it sees it gone
        forward_once()
        if not Delivery.objects.filter(status="pending").exists():
            break
        time.sleep(0.25)
    assert {d.status for d in Delivery.objects.all()} == {"delivered"}
    assert_lrs_holds_exactly(lrs, statements)
