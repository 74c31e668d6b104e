"""Shared helpers for the account tests: a learner signs up and follows the emailed link."""

import re

from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse

PASSWORD = "a-long-Kettle-phrase-42"
LINK = re.compile(r"https?://testserver(/accounts/[^\s]+)")
# The learner and the admin sign-in pages, and the admin's "forgotten password" page.
BLOCKED = "Too many failed attempts to sign in. Wait a few minutes, then try again."
RESET_BLOCKED = "Too many requests to reset a password. Wait a minute, then try again."


def signup_data(**overrides):
    data = {
        "email": "sam@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "role": "care_assistant",
        "organisation": "Riverside Care Home",
    }
    data.update(overrides)
    return data


def emailed_path(message=None):
    """The site link in the last email sent (or in `message`)."""
    message = message or mail.outbox[-1]
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def learner_sign_in(client, login, password, **extra):
    return client.post(reverse("account_login"), {"login": login, "password": password}, **extra)


def admin_sign_in(client, username, password, **extra):
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}, **extra
    )


def signed_in_user_ids():
    """The user ids of every stored session that belongs to someone."""
    return [
        data["_auth_user_id"]
        for data in (session.get_decoded() for session in Session.objects.all())
        if "_auth_user_id" in data
    ]
