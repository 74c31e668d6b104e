"""Every link and site name in an account email comes from SITE_BASE_URL, never from the Host
header of the request that caused it: a forged Host would otherwise put an attacker's address
into a genuine password-reset email (test settings accept any host, as a misconfigured
ALLOWED_HOSTS would)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

from .accounts_helpers import signup_data

pytestmark = pytest.mark.django_db
EVIL = {"HTTP_HOST": "evil.example"}
URL = re.compile(r"https?://[^\s]+")


def links(message):
    return URL.findall(message.body)


def assert_only_site_links(message, path_prefix):
    assert "evil.example" not in message.body
    found = links(message)
    assert found, message.body
    assert all(link.startswith(f"http://testserver{path_prefix}") for link in found), found


def test_learner_password_reset_link(client):
    UserFactory(username="sam", email="sam@example.org", verified_email=True)
    client.post(reverse("account_reset_password"), {"email": "sam@example.org"}, **EVIL)
    assert len(mail.outbox) == 1
    assert_only_site_links(mail.outbox[0], "/accounts/password/reset/key/")


def test_unknown_address_password_reset_sign_up_link(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, **EVIL)
    assert len(mail.outbox) == 1
    assert_only_site_links(mail.outbox[0], reverse("account_signup"))


def test_verification_link_after_signing_up(client):
    client.post(reverse("account_signup"), signup_data(), **EVIL)
    assert len(mail.outbox) == 1
    assert_only_site_links(mail.outbox[0], "/accounts/confirm-email/")


def test_verification_link_when_an_unverified_learner_signs_in(client):
    UserFactory(username="sam", email="sam@example.org")
    client.post(
        reverse("account_login"), {"login": "sam@example.org", "password": "password"}, **EVIL
    )
    assert len(mail.outbox) == 1
    assert_only_site_links(mail.outbox[0], "/accounts/confirm-email/")


def test_reset_link_when_someone_signs_up_with_a_taken_address(client):
    UserFactory(username="sam", email="sam@example.org", verified_email=True)
    client.post(reverse("account_signup"), signup_data(), **EVIL)
    assert len(mail.outbox) == 1
    assert_only_site_links(mail.outbox[0], reverse("account_reset_password"))


def test_admin_password_reset_link(client):
    UserFactory(username="ed", email="ed@example.org", groups=["Educators"], verified_email=True)
    client.post(reverse("wagtailadmin_password_reset"), {"email": "ed@example.org"}, **EVIL)
    assert len(mail.outbox) == 1
    assert_only_site_links(mail.outbox[0], "/admin/password_reset/confirm/")
