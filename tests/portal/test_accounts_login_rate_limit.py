"""Sign-in is rate limited (ACCOUNT_RATE_LIMITS["login_failed"]): 5 wrong passwords per address."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.factories import UserFactory

from .accounts_helpers import BLOCKED

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(db):
    user = UserFactory(username="sam", email="sam@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(client, password):
    return client.post(reverse("account_login"), {"login": "sam@example.org", "password": password})


def test_wrong_passwords_are_refused_then_blocked_even_with_the_right_password(client, learner):
    for _attempt in range(5):
        page = sign_in(client, "not-my-password").content.decode()
        assert "The email address and/or password you specified are not correct." in page
        assert BLOCKED not in page

    blocked = sign_in(client, "password")
    page = blocked.content.decode()
    assert blocked.status_code == 200
    assert BLOCKED in page
    assert 'class="error-summary"' in page
    assert "_auth_user_id" not in client.session


def test_the_right_password_signs_in_before_the_limit(client, learner):
    for _attempt in range(3):
        sign_in(client, "not-my-password")
    assert sign_in(client, "password").status_code == 302
    assert client.session["_auth_user_id"] == str(learner.pk)
