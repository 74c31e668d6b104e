"""The admin's "forgotten password" page (/admin/password_reset/) shares the learner page's limit
(allauth's "reset_password": 5 a minute per address, 20 a minute per IP address), counted
together for both pages. A refused request sends nothing and says so, whether or not the
address belongs to anyone."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

from .accounts_helpers import RESET_BLOCKED

pytestmark = pytest.mark.django_db


def admin_reset(client, email, **extra):
    return client.post(reverse("wagtailadmin_password_reset"), {"email": email}, **extra)


def learner_reset(client, email, **extra):
    return client.post(reverse("account_reset_password"), {"email": email}, **extra)


@pytest.fixture
def editor(db):
    return UserFactory(
        username="ed", email="ed@example.org", groups=["Educators"], verified_email=True
    )


def test_the_sixth_request_for_one_address_in_a_minute_is_refused_and_sends_nothing(client, editor):
    for _request in range(5):
        response = admin_reset(client, "ed@example.org")
        assert response["Location"] == reverse("wagtailadmin_password_reset_done")
    assert len(mail.outbox) == 5

    refused = admin_reset(client, "ED@example.org")
    assert refused.status_code == 200
    assert RESET_BLOCKED in refused.content.decode()
    assert len(mail.outbox) == 5


def test_requests_on_the_learner_page_count_on_the_admin_page_and_back(client, editor):
    for _request in range(3):
        learner_reset(client, "ed@example.org")
    for _request in range(2):
        admin_reset(client, "ed@example.org")
    sent = len(mail.outbox)

    assert RESET_BLOCKED in admin_reset(client, "ed@example.org").content.decode()
    refused = learner_reset(client, "ed@example.org")
    assert refused.status_code == 429
    assert "we did nothing with it. Wait a minute, then try again." in refused.content.decode()
    assert len(mail.outbox) == sent


def test_an_unknown_address_is_answered_and_limited_exactly_like_a_known_one(client, editor):
    known = admin_reset(client, "ed@example.org")
    unknown = admin_reset(client, "nobody@example.org")
    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]

    for _request in range(4):
        admin_reset(client, "nobody@example.org")
    page = admin_reset(client, "nobody@example.org").content.decode()
    assert RESET_BLOCKED in page


def test_twenty_requests_a_minute_from_one_ip_address_are_the_most_it_gets(client, editor):
    for n in range(20):
        admin_reset(client, f"someone{n}@example.org")
    assert RESET_BLOCKED in admin_reset(client, "ed@example.org").content.decode()
    assert mail.outbox == []
    # Someone elsewhere is not held up.
    assert admin_reset(client, "ed@example.org", REMOTE_ADDR="192.0.2.7").status_code == 302
    assert len(mail.outbox) == 1


def test_the_reset_link_is_built_from_the_sites_address_not_the_host_header(client, editor):
    admin_reset(client, "ed@example.org", HTTP_HOST="evil.example")
    body = mail.outbox[0].body
    assert "evil.example" not in body
    assert "http://testserver/admin/password_reset/confirm/" in body
