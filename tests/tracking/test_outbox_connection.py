"""The insert of a player's events on a database connection kept from an earlier request
(tracking.outbox.record_new on PostgreSQL): it is sent without Django's health check, and if
the kept connection turns out to have been lost, once more on a new one; inside a transaction
the loss is raised and nothing is stored. Real connections, terminated by PostgreSQL itself."""

import datetime

import psycopg
import pytest
from django.db import InterfaceError, OperationalError, connection, transaction

from tracking.models import Delivery, Statement
from tracking.player import content, storage

from .test_playback import players_setting, session_events

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's connections"),
]


def terminate(backend_pid):
    """End a backend from another connection, as a database restart would."""
    params = connection.get_connection_params()
    with psycopg.connect(
        dbname=connection.settings_dict["NAME"],
        **{k: v for k, v in params.items() if k in ("host", "port", "user", "password")},
        autocommit=True,
    ) as other:
        assert other.execute("SELECT pg_terminate_backend(%s)", [backend_pid]).fetchone()[0]


@pytest.fixture
def record(make_module, course, settings):
    """Record a batch of events of a page view as the endpoint does, with its Tracks read
    beforehand (the endpoint has them from the cache): the insert is the only query."""
    settings.XAPI_LRS_ENDPOINTS = [{"name": "trust-lrs", "url": "https://lrs.example.org/xAPI/"}]
    video, _audio, module, user, enrolment, view = players_setting(make_module, course)
    tracks = content.tracks(
        user_id=user.pk, enrolment=enrolment, module=module, course=enrolment.course
    )
    events = session_events(video, 300.0)

    def record(count):
        now = view.issued + datetime.timedelta(minutes=10)
        return storage.record_batch(view, events[:count], user_id=user.pk, tracks=tracks, now=now)

    return record


def test_a_batch_is_stored_on_a_new_connection_when_the_kept_one_was_lost(record):
    assert len(record(3)) == 3
    lost = connection.connection.info.backend_pid
    terminate(lost)

    assert len(record(7)) == 4  # the three stored before are skipped

    assert connection.connection.info.backend_pid != lost
    assert Statement.objects.count() == 7
    assert Delivery.objects.count() == 7


def test_a_lost_connection_inside_a_transaction_is_raised_and_nothing_is_stored(record):
    with pytest.raises((OperationalError, InterfaceError)):  # noqa: PT012 (the transaction)
        with transaction.atomic():
            record(3)
            terminate(connection.connection.info.backend_pid)
            record(7)
    connection.close()

    assert Statement.objects.count() == 0
    assert Delivery.objects.count() == 0


def test_the_insert_does_not_wait_for_a_health_check(record, monkeypatch):
    """Django checks a kept connection with a `SELECT 1` before the first query of a request;
    the insert does not, and recovers from a lost connection instead (above)."""
    record(3)
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or True)
    connection.health_check_done = False  # as at the start of each request

    assert len(record(7)) == 4
    assert checks == []
