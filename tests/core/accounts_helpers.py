"""Shared helpers for the account tests: a learner signs up and follows the emailed link."""

import re

from django.core import mail

PASSWORD = "a-long-Kettle-phrase-42"
LINK = re.compile(r"https?://testserver(/accounts/[^\s]+)")


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
