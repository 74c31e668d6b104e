"""The admin sign-in page in Chromium: a learner is refused with a working, readable link to the
learner sign-in, an editor signs in, and axe finds no serious or critical problem on the
refusal."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def accounts(django_db_serialized_rollback, live_server):
    UserFactory(username="sam", email="sam@example.org", verified_email=True)
    UserFactory(username="ed", email="ed@example.org", groups=["Educators"], verified_email=True)


def sign_in(page, username):
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    page.get_by_role("button", name="Sign in").click()


def test_a_learner_is_sent_on_to_the_learner_sign_in_and_an_editor_gets_in(
    accounts, open_page, axe_violations, describe
):
    visit = open_page("/admin/login/")
    page = visit.page
    sign_in(page, "sam")
    refusal = page.locator(".messages .error")
    refusal.wait_for()
    assert "your account cannot edit" in refusal.inner_text()
    # Wagtail fades its messages in; axe must see the colours they end with.
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    # axe leaves a link's contrast inside coloured text for a person to review; Wagtail's teal
    # link on its red message is 1:1. It takes the message's white (static/core/css/admin.css).
    link = refusal.get_by_role("link", name="learner sign-in page")
    colour = "e => getComputedStyle(e).color"
    assert link.evaluate(colour) == refusal.evaluate(colour) == "rgb(255, 255, 255)"

    link.click()
    page.wait_for_url("**/accounts/login/")
    assert page.locator("#id_login").is_visible()

    visit.goto("/admin/login/")
    sign_in(page, "ed")
    page.wait_for_url("**/admin/")
    assert page.locator("#id_username").count() == 0
