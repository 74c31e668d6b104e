"""Admin → xAPI statements in Chromium: the statement browser (with its delivery health panel
and a dead letter to retry) and a statement's page have no serious or critical axe-core
violations at desktop width and at 360px, and the retry form works by keyboard."""

import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from tincan import Activity, ActivityDefinition

from tests.factories import UserFactory
from tracking import vocabulary as v
from tracking.activities import lang
from tracking.models import Delivery
from tracking.outbox import record
from tracking.statements import build, unlinkable_actor

from .conftest import DESKTOP, PHONE
from .test_xss import sign_in_as

pytestmark = pytest.mark.browser


@pytest.fixture
def outbox(django_db_serialized_rollback, live_server, settings):
    settings.XAPI_LRS_ENDPOINTS = [{"name": "trust-lrs", "url": "http://127.0.0.1:9/xAPI/"}]
    rows = []
    for number in range(3):
        activity = Activity(
            id=f"{settings.SITE_BASE_URL}/xapi/activities/course/{uuid.uuid4()}",
            definition=ActivityDefinition(type=v.COURSE, name=lang(f"Course {number}")),
        )
        data = build(
            actor=unlinkable_actor(),
            verb=v.REGISTERED,
            activity=activity,
            registration=uuid.uuid4(),
        )
        rows.append(record(data))
    dead = Delivery.objects.get(statement=rows[0])
    dead.status, dead.attempts, dead.last_error = Delivery.Status.DEAD, 1, "HTTP 422: bad verb"
    dead.save()
    Delivery.objects.filter(statement=rows[1]).update(
        status=Delivery.Status.DELIVERED, attempts=1, delivered_at=timezone.now()
    )
    superuser = UserFactory(username="records", is_superuser=True, is_staff=True)
    return rows, dead, superuser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
def test_the_statement_pages_have_no_serious_axe_violations(
    outbox, open_page, axe_violations, describe, viewport
):
    rows, _dead, superuser = outbox
    visit = open_page(viewport=viewport)
    sign_in_as(visit, superuser)
    problems = []
    for path, heading in (
        (reverse("xapi_statements:index"), "Delivery to learning record stores"),
        (reverse("xapi_statements:detail", args=[rows[0].pk]), "The statement as sent"),
    ):
        visit.goto(path)
        page = visit.page
        assert page.get_by_role("heading", name=heading).is_visible()
        violations = axe_violations(page)
        if violations:
            problems.append(f"{path}: {describe(violations)}")
    assert problems == [], "\n".join(problems)


def test_a_dead_letter_is_retried_by_keyboard(outbox, open_page):
    _rows, dead, superuser = outbox
    visit = open_page(viewport=DESKTOP)
    sign_in_as(visit, superuser)
    visit.goto(reverse("xapi_statements:index"))
    page = visit.page
    box = page.locator(f'input[name="delivery"][value="{dead.pk}"]')
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    retry = page.get_by_role("button", name="Retry ticked deliveries")
    retry.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    dead.refresh_from_db()
    assert dead.status == Delivery.Status.PENDING
    assert dead.last_error == "HTTP 422: bad verb"  # kept, so the history stays visible
