"""Breaks and support requests (tracking/sensitive.py): a count per kind, activity and day while
the day lasts, statements only once it has ended, unlinkable by any field or timing (issue 14,
finding 5; DESIGN.md, "Privacy and safety rules").

Rules checked: xAPI 1.0.3 Part Two 2.4.2.4 (an actor identified by an account: homePage and
name), 2.4.6 (registration is optional, and left out here), 2.4.7 (timestamp: ISO 8601, here the
start of the day in the site's time zone, in UTC); Communication 2.1.2 (POST /statements with a
list). What is kept in our database orders nothing within a day: no person, no time of day, no
sequential key; the statements are put in the outbox in random order and sent in batches that
hold nothing else."""

import datetime
import io
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.pseudonyms import pseudonym
from tests.factories import NarrativeFactory, UserFactory
from tracking import activities, sensitive
from tracking import vocabulary as v
from tracking.models import Delivery, SensitiveEventCount, Statement
from tracking.outbox import record_many

from .conftest import registered_statements
from .ralph_models import assert_valid

LONDON = ZoneInfo("Europe/London")
DAY = datetime.date(2026, 6, 30)
MIDDAY = datetime.datetime(2026, 6, 30, 12, 0, tzinfo=LONDON)
NEXT_DAY = datetime.datetime(2026, 7, 1, 0, 0, 1, tzinfo=LONDON)


def counts():
    """{(kind, activity id, day): (count, released)}."""
    return {
        (row.kind, row.activity_iri, row.day): (row.count, row.released)
        for row in SensitiveEventCount.objects.all()
    }


def released_statements():
    return list(Statement.objects.filter(verb__in=list(sensitive.VERBS.values())))


def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT ... FOR UPDATE SKIP LOCKED) need PostgreSQL")


# --- counting -------------------------------------------------------------------------------


def test_the_count_keeps_no_person_no_time_of_day_and_no_order(db):
    """Nothing in the row can tie it to a learner or place it within the day: no user or
    enrolment, no time, a random key rather than a sequence."""
    fields = {f.name: f for f in SensitiveEventCount._meta.get_fields()}
    assert set(fields) == {"id", "kind", "activity_iri", "activity", "day", "count", "released"}
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].default is uuid.uuid4
    assert not any(isinstance(f, models.DateTimeField | models.ForeignKey) for f in fields.values())
    narrative = NarrativeFactory()

    sensitive.took_a_break(narrative, now=MIDDAY)
    sensitive.took_a_break(narrative, now=MIDDAY)
    sensitive.took_a_break(now=MIDDAY)
    sensitive.asked_for_support(narrative, now=MIDDAY)

    assert counts() == {
        ("break", activities.narrative_id(narrative), DAY): (2, 0),
        ("break", activities.support().id, DAY): (1, 0),
        ("support", activities.narrative_id(narrative), DAY): (1, 0),
    }
    assert not Statement.objects.exists()


def test_the_day_is_the_sites(db):
    """Half past eleven at night in UTC is the next day in London in summer."""
    sensitive.took_a_break(now=datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC))
    ((_, _, day),) = counts()
    assert day == datetime.date(2026, 7, 1)
    assert sensitive.start_of(day) == datetime.datetime(2026, 6, 30, 23, 0, tzinfo=datetime.UTC)


def the_object(iri, activity_type):
    return {"objectType": "Activity", "id": iri, "definition": {"type": activity_type}}


def test_the_object_is_the_activity_by_id_and_type_only(db):
    """A name or description edited during the day must not tell which events came after the
    edit: the statements name the narrative by its id (which resolves to its description) and
    type only."""
    narrative = NarrativeFactory(title="Before", modality="audio", text_body="", transcript="W.")
    sensitive.took_a_break(narrative, now=MIDDAY)
    narrative.title = "After"
    narrative.save()
    sensitive.took_a_break(narrative, now=MIDDAY)
    sensitive.took_a_break(now=MIDDAY)

    rows = {row.activity_iri: row for row in SensitiveEventCount.objects.all()}
    iri = activities.narrative_id(narrative)
    assert rows[iri].count == 2
    assert rows[iri].activity == the_object(iri, v.AUDIO)
    support = activities.support().id
    assert rows[support].activity == the_object(support, v.SUPPORT)


# --- release --------------------------------------------------------------------------------


def test_nothing_is_released_while_the_day_lasts(db):
    sensitive.took_a_break(now=MIDDAY)
    assert sensitive.release(now=MIDDAY + datetime.timedelta(hours=11, minutes=59)) == 0
    assert not Statement.objects.exists()
    assert counts()[("break", activities.support().id, DAY)] == (1, 0)


def test_a_days_events_become_unlinkable_statements_timed_at_the_start_of_the_day(db, settings):
    """One statement per event, each with a fresh random account (none a learner's), no
    registration, the start of the day as timestamp; no user on the row."""
    settings.XAPI_LRS_ENDPOINTS = '[{"name": "lrs", "url": "http://127.0.0.1:9/xAPI/"}]'
    narrative = NarrativeFactory()
    learner = UserFactory()
    for _ in range(3):
        sensitive.took_a_break(narrative, now=MIDDAY)
    sensitive.asked_for_support(narrative, now=MIDDAY)

    assert sensitive.release(now=NEXT_DAY) == 4

    rows = released_statements()
    assert sorted(row.verb for row in rows) == sorted([v.TOOK_A_BREAK] * 3 + [v.ASKED_FOR_SUPPORT])
    assert {row.activity for row in rows} == {activities.narrative_id(narrative)}
    accounts = {row.data["actor"]["account"]["name"] for row in rows}
    assert len(accounts) == 4 and pseudonym(learner.pk) not in accounts
    for row in rows:
        assert row.user is None and row.registration is None
        assert "registration" not in row.data["context"]
        assert row.data["actor"]["account"]["homePage"] == settings.SITE_BASE_URL
        assert row.data["timestamp"] == "2026-06-29T23:00:00.000Z"  # midnight in London
        assert row.data["object"] == the_object(activities.narrative_id(narrative), v.NARRATIVE)
    assert counts()[("break", activities.narrative_id(narrative), DAY)] == (3, 3)
    deliveries = Delivery.objects.all()
    assert {(d.endpoint, d.sensitive, d.status) for d in deliveries} == {("lrs", True, "pending")}
    assert deliveries.count() == 4


def test_release_is_idempotent_and_a_late_count_goes_later(db):
    sensitive.took_a_break(now=MIDDAY)
    assert sensitive.release(now=NEXT_DAY) == 1
    assert sensitive.release(now=NEXT_DAY) == 0
    # A request counted just before midnight, stored just after the release.
    sensitive.took_a_break(now=datetime.datetime(2026, 6, 30, 23, 59, 59, tzinfo=LONDON))
    assert sensitive.release(now=NEXT_DAY) == 1
    assert len(released_statements()) == 2
    assert counts()[("break", activities.support().id, DAY)] == (2, 2)


def test_a_release_is_in_random_order(db, settings):
    """The outbox order (deliveries' ids, the forwarder's order) follows no count: 20 breaks
    from one narrative and 20 from another do not come out grouped, but shuffled. Grouped by
    chance: 2 in 137 846 528 820."""
    settings.XAPI_LRS_ENDPOINTS = '[{"name": "lrs", "url": "http://127.0.0.1:9/xAPI/"}]'
    first, second = NarrativeFactory(), NarrativeFactory()
    for _ in range(20):
        sensitive.took_a_break(first, now=MIDDAY)
        sensitive.took_a_break(second, now=MIDDAY)

    sensitive.release(now=NEXT_DAY)

    order = list(Delivery.objects.order_by("id").values_list("statement__activity", flat=True))
    assert len(order) == 40
    changes = sum(a != b for a, b in zip(order, order[1:], strict=False))
    assert changes > 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_count_held_by_another_forwarder_is_left_to_it():
    """SKIP LOCKED: a count another forwarder is releasing is neither waited for nor sent
    twice; it is there for the next run if that forwarder gave up."""
    postgres_only()
    held, release_it = threading.Event(), threading.Event()
    first, second = NarrativeFactory(), NarrativeFactory()
    for _ in range(3):
        sensitive.took_a_break(first, now=MIDDAY)
    for _ in range(2):
        sensitive.took_a_break(second, now=MIDDAY)

    def other_forwarder():
        try:
            with transaction.atomic():
                rows = SensitiveEventCount.objects.select_for_update()
                list(rows.filter(activity_iri=activities.narrative_id(first)))
                held.set()
                release_it.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_forwarder)
    thread.start()
    try:
        assert held.wait(30)
        assert sensitive.release(now=NEXT_DAY) == 2
    finally:
        release_it.set()
        thread.join()
    assert sensitive.release(now=NEXT_DAY) == 3
    assert sensitive.release(now=NEXT_DAY) == 0
    assert len(released_statements()) == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_forwarders_releasing_at_once_release_each_event_once():
    postgres_only()
    narratives = [NarrativeFactory() for _ in range(6)]
    for day in range(5):
        for narrative in narratives:
            for _ in range(day + 1):
                sensitive.took_a_break(narrative, now=MIDDAY - datetime.timedelta(days=day))
    released = []

    def forwarder():
        try:
            released.append(sensitive.release(now=NEXT_DAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=forwarder) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(released) == 6 * (1 + 2 + 3 + 4 + 5) == len(released_statements())
    assert all(count == done for count, done in counts().values())


def test_released_statements_are_valid_xapi(db):
    """Ralph's strict models (the base xAPI 1.0.3 statement: no model claims our verbs)."""
    narrative = NarrativeFactory(modality="audio", text_body="", transcript="Words.")
    sensitive.took_a_break(narrative, now=MIDDAY)
    sensitive.took_a_break(now=MIDDAY)
    sensitive.asked_for_support(narrative, now=MIDDAY)
    sensitive.release(now=NEXT_DAY)
    assert_valid(row.data for row in released_statements())


# --- the forwarder --------------------------------------------------------------------------


def forward_once(*args):
    out = io.StringIO()
    call_command("xapi_forward", "--once", *args, stdout=out)
    return out.getvalue()


def test_the_forwarder_releases_them_and_sends_them_in_batches_of_their_own(
    db, lrs, proxy, lrs_settings
):
    """Learners' statements waiting in the outbox and yesterday's breaks: no request to the LRS
    carries both, so none shares the LRS's `stored` time with the other."""
    lrs_settings(url=proxy.xapi_url)
    learners = registered_statements(25)
    record_many(learners)
    narrative = NarrativeFactory()
    yesterday = timezone.now() - datetime.timedelta(days=1)
    for _ in range(18):
        sensitive.took_a_break(narrative, now=yesterday)
    for _ in range(4):
        sensitive.asked_for_support(now=yesterday)
    sensitive.took_a_break(narrative)  # today's: not yet

    output = forward_once("--batch-size", "10")

    assert output.splitlines()[0] == (
        "Added 22 statements of breaks and support requests from days that have ended."
    )
    assert output.splitlines()[1].startswith("ralph: 47 delivered, 0 to retry, 0 dead letters")
    theirs = {s["id"] for s in learners}
    batches = [
        "learners" if set(batch) <= theirs else "mixed" if set(batch) & theirs else "sensitive"
        for batch in proxy.posted_batches
    ]
    assert batches == ["sensitive"] * 3 + ["learners"] * 3
    assert len(lrs.ids()) == 47
    assert counts()[("break", activities.narrative_id(narrative), timezone.localdate())] == (1, 0)
    assert forward_once().startswith("ralph: 0 delivered")


def test_with_no_lrs_they_are_released_and_stay_here(db, settings):
    settings.XAPI_LRS_ENDPOINTS = ""
    sensitive.took_a_break(now=timezone.now() - datetime.timedelta(days=2))

    output = forward_once()

    assert output.splitlines() == [
        "Added 1 statements of breaks and support requests from days that have ended.",
        "No LRS configured (XAPI_LRS_ENDPOINTS): statements stay here.",
    ]
    assert len(released_statements()) == 1 and not Delivery.objects.exists()


def test_bad_options_release_nothing(db, settings):
    settings.XAPI_LRS_ENDPOINTS = '[{"name": "lrs", "url": "http://127.0.0.1:9/xAPI/"}]'
    sensitive.took_a_break(now=timezone.now() - datetime.timedelta(days=2))
    with pytest.raises(CommandError, match="--batch-size must be between 1 and 1000"):
        call_command("xapi_forward", "--once", "--batch-size", "0")
    assert not Statement.objects.exists()


# --- the migration from one row per request -------------------------------------------------

BEFORE = [
    ("courses", "0007_module_knowledge_check_block"),
    ("tracking", "0004_delivery_statement_index"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_support_request_rows_become_counts_already_sent():
    """Each day's rows become a count per kind and narrative; their statements were recorded
    when they happened, so the counts are marked sent and nothing is released again."""
    narrative = NarrativeFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    SupportRequest = executor.loader.project_state(BEFORE).apps.get_model(
        "courses", "SupportRequest"
    )
    old = datetime.date(2026, 3, 4)
    rows = [("break", narrative.pk, old)] * 3 + [("support", narrative.pk, old)]
    rows += [("break", None, old), ("break", narrative.pk, datetime.date(2026, 3, 5))]
    for kind, narrative_pk, on in rows:
        SupportRequest.objects.create(kind=kind, narrative_id=narrative_pk, on=on)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    iri = activities.narrative_id(narrative)
    assert counts() == {
        ("break", iri, old): (3, 3),
        ("support", iri, old): (1, 1),
        ("break", activities.support().id, old): (1, 1),
        ("break", iri, datetime.date(2026, 3, 5)): (1, 1),
    }
    row = SensitiveEventCount.objects.get(kind="support")
    assert row.activity == the_object(iri, v.NARRATIVE)
    assert sensitive.release() == 0
    assert "courses_supportrequest" not in connection.introspection.table_names()
