"""`make run`'s demo users can sign in on the learner sign-in page by email, and its editors on
the admin sign-in page."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from portal.demo.site import USERS
from tests.factories import UserFactory

from .accounts_helpers import admin_sign_in


@pytest.fixture
def demo(db, settings):
    settings.STORYBRIDGE_DEMO_USERS = True
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("username,password", [(u[0], u[1]) for u in USERS])
def test_demo_user_signs_in_by_email(client, demo, username, password):
    response = client.post(
        reverse("account_login"), {"login": f"{username}@example.org", "password": password}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert "_auth_user_id" in client.session


def test_demo_users_get_one_verified_primary_address_each_even_when_run_twice(demo):
    call_command("load_demo", stdout=StringIO())
    rows = EmailAddress.objects.order_by("email").values_list("email", "verified", "primary")
    assert list(rows) == sorted((f"{u[0]}@example.org", True, True) for u in USERS)


@pytest.mark.parametrize("username,password", [(u[0], u[1]) for u in USERS if u[3]])
def test_demo_editors_sign_in_on_the_admin_sign_in_page(client, demo, username, password):
    response = admin_sign_in(client, username, password)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_demo_learner_is_sent_to_the_learner_sign_in(client, demo):
    page = admin_sign_in(client, "learner", "storybridge-learner").content.decode()
    assert f'<a href="{reverse("account_login")}">learner sign-in page</a>' in page
    assert "_auth_user_id" not in client.session


def test_an_existing_account_named_like_a_demo_user_gets_a_verified_address(client, db, settings):
    UserFactory(username="admin", email="root@localhost", is_superuser=True, is_staff=True)
    settings.STORYBRIDGE_DEMO_USERS = True
    call_command("load_demo", stdout=StringIO())
    assert admin_sign_in(client, "admin", "storybridge-admin").status_code == 302
