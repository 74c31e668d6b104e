"""Multi-factor sign-in in Chromium: with the setting on, an editor signing in at the admin is
sent to set up an authenticator app, confirms their password, scans (here: reads) the secret,
types a code, sees their recovery codes and reaches the admin; the next sign-in asks for a code.
Each page is axe-clean at 360 and 1280 px and breaks no Content-Security-Policy rule."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.factories import UserFactory

from .conftest import DESKTOP, PHONE
from .test_xss import watch

pytestmark = pytest.mark.browser


@pytest.fixture
def editor(django_db_serialized_rollback, live_server, settings):
    settings.STORYBRIDGE_REQUIRE_STAFF_MFA = True
    settings.MFA_TOTP_TOLERANCE = 1
    return UserFactory(
        username="ed", email="ed@example.org", groups=["Educators"], verified_email=True
    )


def code_for(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def admin_sign_in(visit):
    visit.goto("/admin/login/")
    visit.page.fill("#id_username", "ed")
    visit.page.fill("#id_password", "password")
    visit.page.get_by_role("button", name="Sign in").click()
    visit.page.wait_for_load_state()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
def test_an_editor_sets_up_an_app_and_is_asked_for_a_code_next_time(
    editor, open_page, axe_violations, describe, viewport
):
    visit = open_page(viewport=viewport)
    events = watch(visit)
    page = visit.page

    def clean():
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]

    admin_sign_in(visit)
    page.wait_for_url("**/accounts/reauthenticate/**")
    clean()
    page.fill("input[name=password]", "password")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/**")
    clean()
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()  # the QR code
    secret = page.locator("#authenticator_secret").input_value()
    page.fill("input[name=code]", code_for(secret))
    page.get_by_role("button", name="Turn on").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/**")
    clean()
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10
    page.get_by_role("link", name="I have kept them: go to the admin").click()
    page.wait_for_url("**/admin/")
    page.context.clear_cookies()
    admin_sign_in(visit)
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    clean()
    page.fill("input[name=code]", code_for(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    assert [e for e in events if "Content Security Policy" in e] == []
