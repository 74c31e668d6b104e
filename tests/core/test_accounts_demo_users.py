"""`make run`'s demo users can sign in on the learner sign-in page by email."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse

from core.demo.site import USERS


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
