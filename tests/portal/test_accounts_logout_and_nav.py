"""Signing out needs a POST; the header shows the right account links."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_sign_out_by_get_only_asks_for_confirmation(client):
    client.force_login(UserFactory())
    page = client.get(reverse("account_logout")).content.decode()
    assert "_auth_user_id" in client.session
    assert 'method="post"' in page


def test_sign_out_by_post_signs_out(client):
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_header_for_anonymous_visitors_offers_sign_in_and_create_an_account(client):
    page = client.get(reverse("account_login")).content.decode()
    assert f'href="{reverse("account_login")}">Sign in</a>' in page
    assert f'href="{reverse("account_signup")}">Create an account</a>' in page
    assert "Sign out" not in page and "Your profile" not in page


def test_header_for_signed_in_learners_has_profile_preferences_and_a_sign_out_button(client):
    client.force_login(UserFactory())
    page = client.get(reverse("accounts:profile")).content.decode()
    assert f'href="{reverse("accounts:profile")}">Your profile</a>' in page
    assert f'href="{reverse("preferences:edit")}">Preferences</a>' in page
    assert f'method="post" action="{reverse("account_logout")}"' in page
    assert '<button class="link-button" type="submit">Sign out</button>' in page
    assert "Authoring" not in page and "Create an account" not in page


def test_editors_keep_the_authoring_link_and_the_wagtail_sign_in_page(client):
    editor = UserFactory(username="ed", groups=["Educators"], verified_email=True)
    assert client.get(reverse("wagtailadmin_login")).status_code == 200
    client.post(reverse("wagtailadmin_login"), {"username": "ed", "password": "password"})
    assert client.session["_auth_user_id"] == str(editor.pk)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert ">Authoring</a>" in page


def test_signing_in_and_out_leaves_no_stale_message_for_a_later_page(client):

    user = UserFactory(username="sam", email="sam@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post(reverse("account_login"), {"login": "sam@example.org", "password": "password"})
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Successfully signed in" not in page and 'class="messages"' not in page
    client.post(reverse("account_logout"))
    page = client.get(reverse("account_login")).content.decode()
    assert "You have signed out" not in page
