"""Sign up with email and password, verify the address from the email, then sign in."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from core.signals import CAN_AUTHOR_SESSION_KEY

from .accounts_helpers import PASSWORD, emailed_path, signup_data

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_signup_page_asks_for_email_password_role_and_organisation(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert "<h1>" in page and page.count("<h1") == 1
    for name in ("email", "password1", "password2", "organisation"):
        assert f'name="{name}"' in page
    assert page.count('type="radio" name="role"') == 4
    assert "Care assistant" in page and "Psychology trainee" in page
    assert "<legend" in page


def test_signup_stores_role_and_organisation_and_sends_a_verification_email(client):
    response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="sam@example.org")
    assert (user.role, user.organisation) == ("care_assistant", "Riverside Care Home")
    assert not EmailAddress.objects.get(user=user).verified
    assert "_auth_user_id" not in client.session
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sam@example.org"]
    assert mail.outbox[0].subject.startswith("Storybridge: ")
    assert "/accounts/confirm-email/" in emailed_path()


def test_following_the_link_verifies_and_then_signing_in_by_email_works(client):
    client.post(reverse("account_signup"), signup_data())
    path = emailed_path()
    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    assert "sam@example.org" in confirm_page.content.decode()
    client.post(path)
    assert EmailAddress.objects.get(email="sam@example.org").verified

    response = client.post(
        reverse("account_login"), {"login": "sam@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.session["_auth_user_id"] == str(User.objects.get(email="sam@example.org").pk)
    # core/signals.py still records on sign-in whether this person may author.
    assert client.session[CAN_AUTHOR_SESSION_KEY] is False


def test_signing_in_before_verifying_is_refused_and_the_email_is_sent_again(client):
    client.post(reverse("account_signup"), signup_data())
    mail.outbox.clear()
    response = client.post(
        reverse("account_login"), {"login": "sam@example.org", "password": PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert "_auth_user_id" not in client.session
    assert (
        "You need to confirm your email address before you can sign in. "
        "We sent a link to <strong>sam@example.org</strong>."
    ) in page
    assert response.redirect_chain[-1][0] == reverse("account_email_verification_sent")


@pytest.mark.parametrize("role", ["", "surgeon"])
def test_signup_without_a_valid_role_is_refused(client, role):
    response = client.post(reverse("account_signup"), signup_data(role=role))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the role that fits you best" in page
    assert 'href="#id_role_0"' in page  # the error summary links to the first radio button
    assert not User.objects.exists() and not mail.outbox


def test_signup_with_a_bad_email_is_refused(client):
    response = client.post(reverse("account_signup"), signup_data(email="sam-at-example"))
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert 'aria-invalid="true"' in page
    assert not User.objects.exists() and not mail.outbox


def test_signup_with_a_weak_password_is_refused(client):
    response = client.post(
        reverse("account_signup"), signup_data(password1="password", password2="password")
    )
    page = response.content.decode()
    assert "This password is too common." in page
    assert not User.objects.exists() and not mail.outbox


def test_signup_with_an_address_already_in_use_creates_no_second_account(client):
    client.post(reverse("account_signup"), signup_data())
    client.post(reverse("account_signup"), signup_data(role="other_staff"))
    assert User.objects.filter(email__iexact="sam@example.org").count() == 1
