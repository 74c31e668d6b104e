"""The admin's statement browser, statement page, dead-letter replay and delivery health
panel (issue 5, "Delivery": "Admin: statement browser (filter by verb, activity, learner
pseudonym, status; view the JSON), dead-letter replay, and a delivery health panel"). Statements
are pseudonymous learner data: only people with `tracking.view_statement` see them."""

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.pseudonyms import pseudonym
from tests.factories import UserFactory
from tracking import activities, outbox, statements
from tracking import vocabulary as v
from tracking.models import Delivery, Statement

LRS = [
    {"name": "trust-lrs", "url": "https://lrs.example.org/xapi/"},
    {"name": "backup-lrs", "url": "https://backup.example.org/xapi/"},
]
INDEX = "xapi_statements:index"
REPLAY = "xapi_statements:replay"


def record(user, verb, activity, *, minutes_ago=0):
    data = statements.build(
        actor=statements.actor_for(user),
        verb=verb,
        activity=activity,
        timestamp=timezone.now() - timedelta(minutes=minutes_ago),
    )
    row = outbox.record(data, user=user)
    Statement.objects.filter(pk=row.pk).update(
        stored=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return row


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def world(db, settings, course):
    settings.XAPI_LRS_ENDPOINTS = LRS
    learner = UserFactory(username="ada_lovelace")
    other = UserFactory(username="grace_hopper")
    course.title = "<script>alert('x')</script> & recovery"
    course.save_revision().publish()
    old = record(learner, v.REGISTERED, activities.course(course), minutes_ago=30)
    new = record(other, v.COMPLETED, activities.support(), minutes_ago=1)
    dead = old.deliveries.get(endpoint="trust-lrs")
    dead.status = Delivery.Status.DEAD
    dead.attempts = 1
    dead.last_error = "400 Bad Request: <b>statement refused</b>"
    dead.save()
    delivered = new.deliveries.get(endpoint="trust-lrs")
    delivered.status = Delivery.Status.DELIVERED
    delivered.delivered_at = timezone.now()
    delivered.save()
    return {"learner": learner, "other": other, "old": old, "new": new, "dead": dead}


@pytest.mark.parametrize("role", ["educator", "curator", "learner"])
def test_only_people_allowed_to_see_statements_reach_them(client, world, role):
    """Least privilege: educators and curators have admin access but not this; a learner has
    no admin access at all."""
    groups = {"educator": ["Educators"], "curator": ["Narrative curators"], "learner": []}[role]
    client.force_login(UserFactory(username=f"a_{role}", groups=groups))
    urls = [
        reverse(INDEX),
        reverse("xapi_statements:detail", args=[world["old"].pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)
        assert world["learner"].username not in response.content.decode()
        assert pseudonym(world["learner"].pk) not in response.content.decode()
    response = client.post(reverse(REPLAY), {"delivery": [world["dead"].pk]})
    assert response.status_code in (302, 403)
    if response.status_code == 302:  # Wagtail sends people without permission home or to log in
        assert response["Location"] == "/admin/" or "login" in response["Location"]
    assert Delivery.objects.get(pk=world["dead"].pk).status == Delivery.Status.DEAD
    menu = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "xAPI statements" not in menu


def test_the_view_permission_alone_shows_statements_but_not_replay(client, world):
    viewer = UserFactory(username="records", is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_statement"),
    )
    client.force_login(viewer)
    page = client.get(reverse(INDEX))
    assert page.status_code == 200
    assert "Retry" not in page.content.decode()
    response = client.post(reverse(REPLAY), {"delivery": [world["dead"].pk]})
    assert response.status_code in (302, 403)
    assert Delivery.objects.get(pk=world["dead"].pk).status == Delivery.Status.DEAD


def test_the_browser_lists_newest_first_with_verb_activity_actor_and_status(client, admin, world):
    client.force_login(admin)
    response = client.get(reverse(INDEX))
    html = response.content.decode()
    assert response.status_code == 200
    assert "xAPI statements" in html  # the menu item
    assert html.index(pseudonym(world["other"].pk)) < html.index(pseudonym(world["learner"].pk))
    assert "registered" in html and "completed" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; recovery" in html
    assert "<script>alert" not in html
    assert "trust-lrs: Dead letter" in html and "trust-lrs: Delivered" in html
    assert "backup-lrs: Pending" in html
    assert world["learner"].email not in html and world["learner"].username not in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"verb": v.REGISTERED}, "old", "new"),
        ({"activity": "/xapi/activities/support"}, "new", "old"),
        ({"status": "dead"}, "old", "new"),
        ({"status": "delivered"}, "new", "old"),
    ],
)
def test_filters(client, admin, world, query, shown, hidden):
    client.force_login(admin)
    html = client.get(reverse(INDEX), query).content.decode()
    assert reverse("xapi_statements:detail", args=[world[shown].pk]) in html
    assert reverse("xapi_statements:detail", args=[world[hidden].pk]) not in html


def test_filter_by_learner_pseudonym_is_exact(client, admin, world):
    client.force_login(admin)
    actor = pseudonym(world["learner"].pk)
    html = client.get(reverse(INDEX), {"actor": actor}).content.decode()
    assert reverse("xapi_statements:detail", args=[world["old"].pk]) in html
    assert reverse("xapi_statements:detail", args=[world["new"].pk]) not in html
    partial = client.get(reverse(INDEX), {"actor": actor[:10]}).content.decode()
    assert "No statements match these filters." in partial


def test_statements_without_an_lrs_are_shown_as_kept_here(client, admin, world, settings):
    settings.XAPI_LRS_ENDPOINTS = []
    kept = record(world["learner"], v.EXPERIENCED, activities.support())
    client.force_login(admin)
    html = client.get(reverse(INDEX), {"status": "none"}).content.decode()
    assert reverse("xapi_statements:detail", args=[kept.pk]) in html
    assert reverse("xapi_statements:detail", args=[world["old"].pk]) not in html
    assert "statements are kept here and not sent anywhere" in html
    assert "Not sent: no LRS" in html


DETAIL_LINK = re.compile(r'href="/admin/xapi-statements/([0-9a-f-]{36})/"')


def test_fifty_per_page_newest_first(client, admin, world):
    for _ in range(50):
        record(world["learner"], v.EXPERIENCED, activities.support(), minutes_ago=60)
    client.force_login(admin)
    first = client.get(reverse(INDEX)).content.decode()
    shown = DETAIL_LINK.findall(first)
    assert len(shown) == 50
    assert shown[:2] == [str(world["new"].pk), str(world["old"].pk)]
    assert "Page 1 of 2" in first
    second = client.get(reverse(INDEX), {"p": 2}).content.decode()
    assert "Page 2 of 2" in second
    assert len(DETAIL_LINK.findall(second)) == 2
    assert not set(DETAIL_LINK.findall(second)) & set(shown)


def test_empty_state(client, admin, db):
    client.force_login(admin)
    html = client.get(reverse(INDEX)).content.decode()
    assert "No statements have been recorded yet." in html
    assert "No learning record store (LRS) is configured" in html


def test_the_statement_page_shows_escaped_json_and_each_delivery(client, admin, world):
    client.force_login(admin)
    response = client.get(reverse("xapi_statements:detail", args=[world["old"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "&quot;id&quot;: &quot;" + str(world["old"].pk) in html
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "400 Bad Request: &lt;b&gt;statement refused&lt;/b&gt;" in html
    assert "Retry delivery to trust-lrs" in html
    assert "Retry delivery to backup-lrs" not in html  # pending: nothing to retry
    missing = client.get(reverse("xapi_statements:detail", args=[uuid.uuid4()]))
    assert missing.status_code == 404


def test_health_panel_per_lrs(client, admin, world):
    client.force_login(admin)
    html = client.get(reverse(INDEX)).content.decode()
    panel = html[html.index("health-heading") : html.index("statements-heading")]
    assert "trust-lrs" in panel and "backup-lrs" in panel
    assert "30\xa0minutes" in panel  # the oldest pending statement waits since 30 minutes
    assert "Never" in panel  # backup-lrs delivered nothing yet


def test_retrying_ticked_dead_letters_puts_them_back_in_the_queue(client, admin, world):
    client.force_login(admin)
    pending = world["old"].deliveries.get(endpoint="backup-lrs")
    response = client.post(
        reverse(REPLAY),
        {"delivery": [world["dead"].pk, pending.pk], "next": reverse(INDEX)},
        follow=True,
    )
    assert "1 delivery will be retried by the forwarder." in response.content.decode()
    dead = Delivery.objects.get(pk=world["dead"].pk)
    assert dead.status == Delivery.Status.PENDING
    assert dead.next_attempt_at <= timezone.now()


def test_retry_all_dead_letters_of_one_lrs(client, admin, world):
    other_dead = world["new"].deliveries.get(endpoint="backup-lrs")
    other_dead.status = Delivery.Status.DEAD
    other_dead.save()
    client.force_login(admin)
    client.post(reverse(REPLAY), {"all": "1", "endpoint": "trust-lrs"})
    assert Delivery.objects.get(pk=world["dead"].pk).status == Delivery.Status.PENDING
    assert Delivery.objects.get(pk=other_dead.pk).status == Delivery.Status.DEAD


def test_replay_needs_csrf_and_post(admin, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)
    assert client.post(reverse(REPLAY), {"delivery": [world["dead"].pk]}).status_code == 403
    assert client.get(reverse(REPLAY)).status_code == 405
    assert Delivery.objects.get(pk=world["dead"].pk).status == Delivery.Status.DEAD


def test_bad_delivery_ids_are_refused_and_change_nothing(client, admin, world):
    client.force_login(admin)
    response = client.post(reverse(REPLAY), {"delivery": [world["dead"].pk, "1; DROP"]})
    assert response.status_code == 400
    assert "Nothing was changed" in response.content.decode()
    assert Delivery.objects.get(pk=world["dead"].pk).status == Delivery.Status.DEAD


def test_replay_goes_back_only_to_this_site(client, admin, world):
    client.force_login(admin)
    response = client.post(
        reverse(REPLAY), {"delivery": [world["dead"].pk], "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse(INDEX)
