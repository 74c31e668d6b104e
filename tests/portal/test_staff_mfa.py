"""Multi-factor sign-in for staff (portal/accounts/mfa.py, allauth.mfa): with the setting on,
editors set up an authenticator app before they use the admin; then both sign-in pages ask for a
code or a recovery code before anyone is signed in."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import reverse
from wagtail.models import ModelLogEntry

from tests.factories import UserFactory

from .accounts_helpers import admin_sign_in, learner_sign_in

pytestmark = pytest.mark.django_db
ACTIVATE = reverse("mfa_activate_totp")
AUTHENTICATE = reverse("mfa_authenticate")
ADMIN = reverse("wagtailadmin_home")
REAUTHENTICATE = reverse("account_reauthenticate")


def code_for(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def required(settings):
    settings.STORYBRIDGE_REQUIRE_STAFF_MFA = True
    # A code made at the end of a 30-second period is still good a moment later.
    settings.MFA_TOTP_TOLERANCE = 1


@pytest.fixture
def editor(db):
    return UserFactory(
        username="ed", email="ed@example.org", groups=["Educators"], verified_email=True
    )


def confirm_password_and_open(client, url):
    """allauth asks for the password again before a second factor is set up."""
    page = client.get(url)
    assert page.status_code == 302 and page["Location"].startswith(REAUTHENTICATE)
    confirmed = client.post(page["Location"], {"password": "password"})
    assert confirmed.status_code == 302 and confirmed["Location"] == url
    page = client.get(url)
    assert page.status_code == 200
    return page


def set_up_app(client):
    """Sign in at the admin and set up an authenticator app as the admin asks: its secret."""
    assert admin_sign_in(client, "ed", "password")["Location"] == ADMIN
    asked = client.get(ADMIN)
    assert asked.status_code == 302
    assert asked["Location"] == f"{ACTIVATE}?next=%2Fadmin%2F"
    page = confirm_password_and_open(client, asked["Location"])
    secret = page.context["form"].secret
    done = client.post(ACTIVATE, {"code": code_for(secret)})
    assert done.status_code == 302
    return secret


def test_staff_set_up_an_app_before_using_the_admin(client, required, editor):
    secret = set_up_app(client)
    assert secret
    kinds = set(Authenticator.objects.filter(user=editor).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert client.get(ADMIN).status_code == 200


def test_a_wrong_code_sets_nothing_up(client, required, editor):
    admin_sign_in(client, "ed", "password")
    page = confirm_password_and_open(client, ACTIVATE)
    response = client.post(
        ACTIVATE,
        {"code": "000000" if code_for(page.context["form"].secret) != "000000" else "111111"},
    )
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not Authenticator.objects.exists()
    assert client.get(ADMIN).status_code == 302


def test_the_admin_sign_in_asks_for_the_code_before_signing_in(client, required, editor):
    secret = set_up_app(client)
    client.post(reverse("wagtailadmin_logout"))
    response = admin_sign_in(client, "ed", "password")
    assert response.status_code == 302 and response["Location"] == AUTHENTICATE
    assert "_auth_user_id" not in client.session
    assert client.get(ADMIN).status_code == 302  # still signed out
    wrong = client.post(AUTHENTICATE, {"code": "12345"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    right = client.post(AUTHENTICATE, {"code": code_for(secret)})
    assert right.status_code == 302 and right["Location"] == ADMIN
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_recovery_code_works_once(client, required, editor):
    set_up_app(client)
    codes = RecoveryCodes(
        Authenticator.objects.get(user=editor, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) == 10
    client.post(reverse("wagtailadmin_logout"))
    admin_sign_in(client, "ed", "password")
    assert client.post(AUTHENTICATE, {"code": codes[0]})["Location"] == ADMIN
    client.post(reverse("wagtailadmin_logout"))
    admin_sign_in(client, "ed", "password")
    again = client.post(AUTHENTICATE, {"code": codes[0]})
    assert again.status_code == 200 and "_auth_user_id" not in client.session


def test_the_learner_sign_in_asks_for_the_code_too(client, required, editor):
    set_up_app(client)
    client.post(reverse("account_logout"))
    response = learner_sign_in(client, "ed@example.org", "password")
    assert response.status_code == 302 and response["Location"] == AUTHENTICATE
    assert "_auth_user_id" not in client.session


def test_without_the_setting_staff_are_not_sent_to_set_it_up(client, settings, editor):
    settings.STORYBRIDGE_REQUIRE_STAFF_MFA = False
    admin_sign_in(client, "ed", "password")
    assert client.get(ADMIN).status_code == 200


def test_learners_are_never_asked(client, required):
    UserFactory(username="lee", email="lee@example.org", verified_email=True)
    learner_sign_in(client, "lee@example.org", "password")
    assert client.get("/stories/").status_code == 200
    assert client.get(ADMIN)["Location"].startswith(reverse("wagtailadmin_login"))


def test_an_administrator_removes_a_lost_app_and_the_person_sets_up_a_new_one(
    client, required, editor
):
    set_up_app(client)
    client.post(reverse("wagtailadmin_logout"))
    boss = UserFactory(username="boss", is_superuser=True, is_staff=True)
    TOTP.activate(boss, generate_totp_secret())  # administrators need one too
    client.force_login(boss)
    listing = client.get("/admin/second_factors/").content.decode()
    assert "ed@example.org" in listing
    totp = Authenticator.objects.get(user=editor, type=Authenticator.Type.TOTP)
    confirm = client.get(f"/admin/second_factors/delete/{totp.pk}/")
    assert "Remove every second factor of ed" in confirm.content.decode()
    client.post(f"/admin/second_factors/delete/{totp.pk}/")
    assert not Authenticator.objects.filter(user=editor).exists()
    assert ModelLogEntry.objects.filter(
        action="storybridge.second_factors_removed", object_id=str(editor.pk), user=boss
    ).exists()
    client.logout()
    # Signed in with the password alone, then asked to set up a new app.
    assert admin_sign_in(client, "ed", "password")["Location"] == ADMIN
    assert client.get(ADMIN)["Location"].startswith(ACTIVATE)


def test_only_administrators_reach_second_factors(client, editor):
    client.force_login(editor)
    assert client.get("/admin/second_factors/").status_code in (302, 403)
