"""Every account page speaks as the rest of the site does: sentence case in headings, titles,
labels and buttons, UK spelling, and no placeholder standing in for a label (issue 15)."""

import re

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.urls import reverse

from tests.factories import UserFactory

from .accounts_helpers import signup_data

pytestmark = pytest.mark.django_db

# Words that keep their capital letter anywhere in a sentence.
PROPER = {"Storybridge", "I", "NHS", "Other", "Riverside"}
US_SPELLING = re.compile(
    r"\b(\w+(?:iz(?:e|ed|es|ing|ation|ations))|\w*or(?:ganization)s?|colors?|centers?|"
    r"canceled|canceling)\b",
    re.IGNORECASE,
)
NOT_US = {"size", "sizes", "prize", "seize", "citizen"}
READ = "h1, h2, h3, title, label, legend, button, a, th, .field__help, p, li"


def title_case_words(text):
    """Capitalised words that do not start a sentence and are not proper nouns."""
    found = []
    for sentence in re.split(r"(?<=[.?!:“(])\s+", text.strip()):
        words = re.findall(r"[A-Za-z][\w’'-]*", sentence)
        for word in words[1:]:
            if word[0].isupper() and word not in PROPER and not word.isupper():
                found.append(word)
    return found


def problems_on(html, label):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select("header, footer"):
        tag.decompose()
    problems = []
    for element in soup.select(READ):
        text = " ".join(element.get_text(" ").split())
        if not text or "@" in text and element.name == "a":
            continue
        if element.name in ("h1", "h2", "h3", "title", "label", "legend", "button", "th"):
            words = title_case_words(text.replace("· Storybridge", ""))
            if words:
                problems.append(f"{label}: title case in <{element.name}> {text!r}: {words}")
        for match in US_SPELLING.finditer(text):
            if match.group(0).lower() not in NOT_US:
                problems.append(f"{label}: US spelling {match.group(0)!r} in {text!r}")
    for field in soup.select("input[placeholder], textarea[placeholder]"):
        problems.append(f"{label}: placeholder on {field.get('name')}")
    return problems


def test_pages_for_someone_signed_out(client):
    pages = {
        "sign-in": reverse("account_login"),
        "sign-up": reverse("account_signup"),
        "password reset": reverse("account_reset_password"),
        "password reset sent": reverse("account_reset_password_done"),
        "password reset, bad link": reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "set-password"}
        ),
        "password changed": reverse("account_reset_password_from_key_done"),
        "confirm email address": reverse("account_email_verification_sent"),
        "confirm email, bad link": reverse("account_confirm_email", args=["nonsense"]),
        "inactive": reverse("account_inactive"),
    }
    problems = []
    for label, url in pages.items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, label
        problems += problems_on(response.content.decode(), label)
    response = client.post(reverse("account_signup"), signup_data(email="x", password2="other"))
    problems += problems_on(response.content.decode(), "sign-up with errors")
    response = client.post(reverse("account_login"), {"login": "sam@example.org"})
    problems += problems_on(response.content.decode(), "sign-in with errors")
    client.post(reverse("account_signup"), signup_data())
    for label, url in {
        "confirm email address, after sign-up": reverse("account_email_verification_sent"),
        "change address": reverse("account_change_unconfirmed_email"),
    }.items():
        problems += problems_on(client.get(url).content.decode(), label)
    assert problems == [], "\n".join(problems)


def test_pages_for_someone_signed_in(client):
    user = UserFactory(username="sam", email="sam@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    problems = []
    for label, name in {
        "sign out": "account_logout",
        "email addresses": "account_email",
        "change password": "account_change_password",
        "enter your password again": "account_reauthenticate",
        "password reset while signed in": "account_reset_password",
    }.items():
        response = client.get(reverse(name), follow=True)
        assert response.status_code == 200, label
        problems += problems_on(response.content.decode(), label)
    assert problems == [], "\n".join(problems)
