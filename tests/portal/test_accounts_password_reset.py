"""Password reset: an emailed link lets the learner choose a new password."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

from .accounts_helpers import emailed_path

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-brand-new-Teapot-77"


def test_reset_email_link_sets_a_new_password(client):
    user = UserFactory(username="sam", email="sam@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    response = client.post(reverse("account_reset_password"), {"email": "sam@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["sam@example.org"]
    assert "Hello from Storybridge." in mail.outbox[0].body

    form_page = client.get(emailed_path(), follow=True)
    assert 'name="password1"' in form_page.content.decode()
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else emailed_path()
    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_reset_for_an_unknown_address_reveals_nothing_and_changes_nothing(client):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
