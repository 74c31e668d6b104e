"""The forwarder against a real Ralph LRS: delivery, read-back, dead letters, conflicts,
replay and health (tracking/forwarder.py, `manage.py xapi_forward`)."""

import io
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tracking import forwarder
from tracking.models import Delivery, Statement
from tracking.outbox import record as store

from .conftest import registered_statements
from .lrs_server import without_lrs_fields

pytestmark = pytest.mark.django_db


def forward_once(*args):
    out = io.StringIO()
    call_command("xapi_forward", "--once", *args, stdout=out)
    return out.getvalue()


def test_statements_are_delivered_once_and_read_back_equal(lrs, lrs_settings, record):
    """xAPI 1.0.3 Communication 2.1.2: POST /statements stores a list of statements; Part Two
    2.4.8/2.4.9: the LRS adds only `stored` and `authority`, so the rest reads back as sent."""
    statements = record(250)

    output = forward_once()

    assert output.startswith("ralph: 250 delivered, 0 to retry, 0 dead letters in 3 batches (")
    assert sorted(lrs.ids()) == sorted(s["id"] for s in statements)
    read_back = {s["id"]: without_lrs_fields(s) for s in lrs.statements(page_size=100)}
    assert read_back == {s["id"]: s for s in statements}
    rows = Delivery.objects.all()
    assert {(d.status, d.attempts, d.last_error) for d in rows} == {("delivered", 1, "")}
    assert all(d.delivered_at is not None for d in rows)

    # A second run has nothing to send and sends nothing.
    assert "ralph: 0 delivered" in forward_once()
    assert len(lrs.ids()) == 250


def test_batch_size_option_and_endpoint_name(lrs, lrs_settings, record):
    record(5)
    output = forward_once("--batch-size", "2", "--endpoint", "ralph")
    assert output.startswith("ralph: 5 delivered, 0 to retry, 0 dead letters in 3 batches")
    assert len(lrs.ids()) == 5


def test_unknown_endpoint_name_is_an_error(lrs_settings):
    with pytest.raises(CommandError, match="No LRS named 'nope'"):
        call_command("xapi_forward", "--once", "--endpoint", "nope")


@pytest.mark.parametrize("threads", ["0", "17"])
def test_threads_out_of_range_is_an_error_and_sends_nothing(lrs, lrs_settings, record, threads):
    record(3)
    with pytest.raises(CommandError, match="--threads must be between 1 and 16"):
        call_command("xapi_forward", "--once", "--threads", threads)
    assert lrs.ids() == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {"pending"}


def test_no_lrs_configured_keeps_statements_without_deliveries(settings):
    """DESIGN "Delivery": with no LRS, statements are kept locally (and shown in the admin)."""
    settings.XAPI_LRS_ENDPOINTS = ""
    statement = registered_statements(1)[0]
    store(statement)

    output = forward_once()

    assert output.strip() == "No LRS configured (XAPI_LRS_ENDPOINTS): statements stay here."
    assert Statement.objects.get().data == statement
    assert not Delivery.objects.exists()


def _store_bad_statement():
    """A stored statement Ralph refuses (no actor: xAPI 1.0.3 Part Two 2.4.2 requires one).
    outbox.record() would refuse it; it stands for a row written by an older release."""
    good = registered_statements(1)[0]
    bad = {k: value for k, value in good.items() if k != "actor"}
    row = Statement.objects.create(
        id=bad["id"],
        actor="(none)",
        verb=bad["verb"]["id"],
        activity=bad["object"]["id"],
        timestamp=timezone.now(),
        data=bad,
    )
    Delivery.objects.create(statement=row, endpoint="ralph")
    return bad


def test_one_bad_statement_in_a_batch_is_dead_lettered_and_the_rest_delivered(
    lrs, lrs_settings, record
):
    """xAPI 1.0.3 Communication 2.1.2: an LRS refuses a whole batch when one statement is
    bad (Ralph: 422). The forwarder splits the batch until only the bad one is refused."""
    good = record(6)
    bad = _store_bad_statement()
    good += record(5)

    forward_once()

    dead = Delivery.objects.get(status="dead")
    assert str(dead.statement_id) == bad["id"]
    assert dead.attempts == 1
    assert dead.last_error.startswith("HTTP 422: ")
    assert "actor" in dead.last_error and "Field required" in dead.last_error
    assert Delivery.objects.filter(status="delivered").count() == 11
    assert sorted(lrs.ids()) == sorted(s["id"] for s in good)


def test_a_409_for_an_identical_statement_counts_as_delivered(lrs, proxy, lrs_settings, record):
    """xAPI 1.0.3 Communication 2.1.2 (409 Conflict on an existing id): when the LRS's
    statement with our id is ours, it is delivered. The proxy stores the batch in Ralph and
    answers 409, as an LRS that does not answer 204 for identical statements would."""
    lrs_settings(url=proxy.xapi_url)
    statements = record(3)
    proxy.set("409", remaining=1)

    forward_once()

    assert {d.status for d in Delivery.objects.all()} == {"delivered"}
    assert sorted(lrs.ids()) == sorted(s["id"] for s in statements)
    gets = [path for method, path, _ in proxy.requests if method == "GET"]
    assert gets == []  # the halves were accepted: Ralph answered 204 for the stored ones

    # A single statement answered 409: fetched back, compared, counted as delivered.
    (single,) = record(1)
    proxy.set("409", remaining=1)
    forward_once()
    delivery = Delivery.objects.get(statement_id=single["id"])
    assert (delivery.status, delivery.last_error) == ("delivered", "")
    assert [p for m, p, _ in proxy.requests if m == "GET"] == [
        f"/xAPI/statements?statementId={single['id']}"
    ]
    assert lrs.ids().count(single["id"]) == 1


def test_a_different_statement_with_the_same_id_is_a_dead_letter(lrs, lrs_settings):
    """xAPI 1.0.3 Communication 2.1.2: a statement id already used for a different statement
    gets 409 Conflict (Ralph: "Differing statements already exist with the same ID")."""
    statement = registered_statements(1)[0]
    other = {**statement, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}}
    assert lrs.post([other])[0] == 200
    store(statement)

    forward_once()

    delivery = Delivery.objects.get()
    assert delivery.status == "dead"
    assert "HTTP 409: Differing statements already exist" in delivery.last_error
    assert delivery.last_error.endswith("the LRS holds a different statement with this id")
    assert lrs.get(statement["id"])["verb"] == other["verb"]


def test_requeue_puts_dead_letters_back_and_they_are_delivered(lrs, lrs_settings, record):
    statement = registered_statements(1)[0]
    other = {**statement, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}}
    lrs.post([other])
    store(statement)
    (delivered,) = record(1)
    forward_once()
    dead = Delivery.objects.get(status="dead")
    error = dead.last_error

    lrs.clear()  # the LRS's admin removed the conflicting statement
    assert forwarder.requeue([d.pk for d in Delivery.objects.all()]) == 1

    dead.refresh_from_db()
    assert (dead.status, dead.attempts, dead.last_error) == ("pending", 1, error)
    assert dead.next_attempt_at <= timezone.now()
    assert Delivery.objects.get(statement_id=delivered["id"]).status == "delivered"
    forward_once()
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == ("delivered", 2)
    assert without_lrs_fields(lrs.get(statement["id"])) == statement


def test_health_figures(lrs, proxy, lrs_settings, record, settings):
    lrs_settings(url=proxy.xapi_url)
    record(2)
    forward_once()
    before = timezone.now()
    proxy.set("500")
    record(3)
    forward_once()
    _store_bad_statement()
    proxy.set("pass")
    Delivery.objects.filter(status="pending").update(next_attempt_at=timezone.now())
    Statement.objects.filter(deliveries__status="pending").update(
        stored=before - timedelta(minutes=10)
    )
    now = timezone.now()

    (figures,) = forwarder.health(now=now)

    assert figures["endpoint"] == "ralph" and figures["configured"] is True
    assert (figures["pending"], figures["due"], figures["dead"], figures["delivered"]) == (
        4,
        4,
        0,
        2,
    )
    assert figures["oldest_pending_age"] == now - (before - timedelta(minutes=10))
    assert figures["last_success"] == max(
        Delivery.objects.filter(status="delivered").values_list("delivered_at", flat=True)
    )
    assert figures["last_error"].startswith("HTTP 500: injected failure")

    settings.XAPI_LRS_ENDPOINTS = []
    (gone,) = forwarder.health()
    assert gone["endpoint"] == "ralph" and gone["configured"] is False


def test_statement_ids_are_uuids_the_lrs_keeps(lrs, lrs_settings):
    """xAPI 1.0.3 Part Two 2.4.1: the id is set by us (a UUID) and the LRS keeps it."""
    statement = registered_statements(1)[0]
    store(statement)
    forward_once()
    assert uuid.UUID(lrs.ids()[0]) == uuid.UUID(statement["id"])
