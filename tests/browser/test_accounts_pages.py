"""Account, profile and preferences pages: axe finds no serious or critical problems, with and
without errors showing, and nothing scrolls sideways at 360 px."""

import pytest
from allauth.account.models import EmailAddress

from tests.factories import UserFactory

from .conftest import DESKTOP, PHONE
from .test_accessibility import HORIZONTAL_OVERFLOW

pytestmark = pytest.mark.browser


@pytest.fixture
def learner(django_db_serialized_rollback, live_server):
    user = UserFactory(username="sam", email="sam@example.org", organisation="Riverside")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(page):
    page.fill("#id_login", "sam@example.org")
    page.fill("#id_password", "password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def check(page, axe_violations, describe, viewport, label, problems):
    assert page.locator("h1").count() == 1, label
    violations = axe_violations(page)
    if violations:
        problems.append(f"axe on {label}:\n{describe(violations)}")
    if viewport is PHONE:
        size = page.evaluate(HORIZONTAL_OVERFLOW)
        if size["scrollWidth"] > size["clientWidth"]:
            problems.append(f"{label} scrolls sideways at 360px: {size}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
def test_account_pages_pass_axe_and_reflow(learner, open_page, axe_violations, describe, viewport):
    problems = []
    visit = open_page("/accounts/signup/", viewport=viewport)
    page = visit.page
    check(page, axe_violations, describe, viewport, "sign-up", problems)
    page.fill("#id_email", "not-an-address")
    page.get_by_role("button", name="Create your account").click()
    assert page.locator(".error-summary").count() == 1
    check(page, axe_violations, describe, viewport, "sign-up with errors", problems)

    visit.goto("/accounts/password/reset/")
    check(page, axe_violations, describe, viewport, "password reset", problems)

    visit.goto("/accounts/login/?next=/profile/")
    check(page, axe_violations, describe, viewport, "sign-in", problems)
    page.fill("#id_login", "sam@example.org")
    page.fill("#id_password", "password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/profile/")
    check(page, axe_violations, describe, viewport, "profile", problems)
    page.get_by_role("button", name="Save your profile").click()  # no role chosen yet
    assert page.locator(".error-summary a[href='#id_role_0']").count() == 1
    check(page, axe_violations, describe, viewport, "profile with errors", problems)

    visit.goto("/preferences/")
    check(page, axe_violations, describe, viewport, "preferences", problems)
    page.get_by_label("Do not show me narratives about the topics I choose").check()
    page.get_by_role("button", name="Save your preferences").click()
    assert page.locator(".error-summary a[href='#id_domains_0']").count() == 1
    check(page, axe_violations, describe, viewport, "preferences with errors", problems)

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")
    assert page.get_by_role("link", name="Sign in").count() == 1

    assert problems == [], "\n".join(problems)
