"""Two requests storing the same player events at once (a page's keep-alive fetch and its
beacon on page hide, sent together) store each statement once, and neither fails: on
PostgreSQL the insert skips what another transaction has just stored (ON CONFLICT DO NOTHING
waits for it). Real threads and transactions, so PostgreSQL only; the sequential resend is
tested on both databases in test_playback.py."""

import pytest
from django.db import connection

from tests.assessments.test_questionnaire_concurrency import run_at_once
from tracking.models import Delivery, Statement

from .test_playback import players_setting, record, session_events

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
    ),
]


@pytest.mark.parametrize("attempt", range(3))
def test_the_same_batch_sent_twice_at_once_is_stored_once(make_module, course, settings, attempt):
    settings.XAPI_LRS_ENDPOINTS = [{"name": "trust-lrs", "url": "https://lrs.example.org/xAPI/"}]
    setting = players_setting(make_module, course, title=f"Coming home {attempt}")
    events = session_events(setting[0], 300.0)

    outcomes = run_at_once(lambda: record(setting, events), lambda: record(setting, events))

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    stored = sorted(data["id"] for statements in outcomes for data in statements)
    assert len(stored) == len(set(stored)) == 7  # each statement reported by one request
    assert sorted(str(pk) for pk in Statement.objects.values_list("pk", flat=True)) == stored
    assert Delivery.objects.count() == 7
