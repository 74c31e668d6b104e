"""The "confirm your email address" page after sign-up (portal/accounts/unconfirmed.py): send the
link again within allauth's limit, correct the address, and the same page whether or not the
address typed already had an account (allauth's enumeration protection)."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from core.models import StorybridgeSettings
from portal.accounts import unconfirmed
from tests.factories import UserFactory

from .accounts_helpers import emailed_path, signup_data

pytestmark = pytest.mark.django_db
User = get_user_model()
SENT = reverse("account_email_verification_sent")
CHANGE = reverse("account_change_unconfirmed_email")


def page_text(response):
    return response.content.decode()


@pytest.fixture
def signed_up(client):
    client.post(reverse("account_signup"), signup_data(email="sam@exmaple.org"))
    return client


def test_the_page_after_sign_up_names_the_address_and_offers_a_way_on(signed_up):
    html = page_text(signed_up.get(SENT))
    assert "We sent a link to <strong>sam@exmaple.org</strong>." in html
    assert "Send the link again" in html
    assert f'href="{CHANGE}"' in html
    assert "You need to confirm your email address before you can sign in" not in html


def test_the_page_shows_the_organisations_contact_from_site_settings(signed_up):
    StorybridgeSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"organisation_name": "Northfield", "contact_email": "help@northfield.example"},
    )
    html = page_text(signed_up.get(SENT))
    assert "Contact Northfield about your account:" in html
    assert 'href="mailto:help@northfield.example"' in html


def test_without_a_contact_the_page_still_says_who_to_ask(signed_up):
    html = page_text(signed_up.get(SENT))
    assert "Ask your educator or your organisation's learning team" in html


def test_sending_again_is_held_back_by_allauths_limit_and_then_sent(signed_up):
    assert len(mail.outbox) == 1
    response = signed_up.post(SENT, follow=True)
    assert "we have not sent another yet" in page_text(response)
    assert len(mail.outbox) == 1
    cache.clear()  # the cooldown (ACCOUNT_RATE_LIMITS "confirm_email") has passed
    response = signed_up.post(SENT, follow=True)
    assert "We have sent the link again to sam@exmaple.org." in page_text(response)
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["sam@exmaple.org"]
    assert "/accounts/confirm-email/" in emailed_path()


def test_changing_the_address_replaces_it_and_the_old_link_stops_working(signed_up):
    old_link = emailed_path()
    response = signed_up.post(CHANGE, {"email": "Sam@Example.org "}, follow=True)
    assert "We have sent a new link to sam@example.org." in page_text(response)
    user = User.objects.get()
    assert user.email == "sam@example.org"
    assert list(EmailAddress.objects.values_list("email", "verified", "primary")) == [
        ("sam@example.org", False, True)
    ]
    assert mail.outbox[-1].to == ["sam@example.org"]
    assert "This link has expired or has already been used." in page_text(signed_up.get(old_link))
    signed_up.post(emailed_path())
    assert EmailAddress.objects.get().verified


@pytest.mark.parametrize(
    "typed, message",
    [
        ("", "Enter your email address"),
        ("sam at example", "Enter an email address in the right format"),
        ("sam@exmaple.org", "This is the address we already sent the link to"),
    ],
)
def test_a_bad_new_address_is_refused_and_changes_nothing(signed_up, typed, message):
    response = signed_up.post(CHANGE, {"email": typed})
    html = page_text(response)
    assert response.status_code == 200
    assert 'class="error-summary" role="alert"' in html and message in html
    assert User.objects.get().email == "sam@exmaple.org"
    assert EmailAddress.objects.get().email == "sam@exmaple.org"
    assert len(mail.outbox) == 1


def test_an_address_another_account_uses_stays_with_it_and_its_owner_is_told(signed_up):
    owner = UserFactory(username="pat", email="pat@example.org")
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    response = signed_up.post(CHANGE, {"email": "pat@example.org"}, follow=True)
    # The page reads as for any other address: it does not reveal who has an account.
    assert "We have sent a new link to pat@example.org." in page_text(response)
    assert EmailAddress.objects.get(user=owner).verified
    sam = User.objects.exclude(pk=owner.pk).get()
    assert sam.email == "sam@exmaple.org"
    assert mail.outbox[-1].to == ["pat@example.org"]
    assert "already have an account" in mail.outbox[-1].subject
    # Sam can still put the right address in.
    signed_up.post(CHANGE, {"email": "sam@example.org"})
    sam.refresh_from_db()
    assert sam.email == "sam@example.org"


def test_signing_up_with_a_taken_address_shows_the_same_page(client):
    owner = UserFactory(username="pat", email="pat@example.org")
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    response = client.post(reverse("account_signup"), signup_data(email="pat@example.org"))
    assert response["Location"] == SENT
    html = page_text(client.get(SENT))
    assert "We sent a link to <strong>pat@example.org</strong>." in html
    assert "Send the link again" in html and f'href="{CHANGE}"' in html
    assert mail.outbox[-1].to == ["pat@example.org"]
    assert User.objects.count() == 1


def test_without_a_sign_up_in_this_browser_nothing_can_be_sent_or_changed(client):
    user = UserFactory(username="sam", email="sam@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    html = page_text(client.get(SENT))
    assert "Send the link again" not in html and "sam@example.org" not in html
    assert "sign in</a> with your email address and password" in html
    assert client.post(SENT)["Location"] == SENT
    assert client.get(CHANGE)["Location"] == SENT
    assert client.post(CHANGE, {"email": "x@example.org"})["Location"] == SENT
    assert not mail.outbox and User.objects.get().email == "sam@example.org"


def test_the_browser_is_remembered_for_a_limited_time_only(signed_up):
    session = signed_up.session
    expired = timezone.now() - datetime.timedelta(seconds=1)
    session[unconfirmed.SESSION_KEY]["until"] = expired.isoformat()
    session.save()
    assert signed_up.get(CHANGE)["Location"] == SENT
    assert "sam@exmaple.org" not in page_text(signed_up.get(SENT))


def test_once_the_address_is_confirmed_it_can_no_longer_be_changed_here(signed_up):
    signed_up.post(emailed_path())
    assert EmailAddress.objects.get().verified
    assert signed_up.get(CHANGE)["Location"] == SENT
    signed_up.post(CHANGE, {"email": "other@example.org"})
    assert User.objects.get().email == "sam@exmaple.org"
