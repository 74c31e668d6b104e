"""Issue 15, the learner's account side, in a real browser at 360 and 1280 px with axe:

- after sign-up, and after signing in before confirming, the "confirm your email address" page
  says where the link went and why, sends it again (within allauth's limit) and takes a
  corrected address, and shows the organisation's contact;
- the sign-in page's fields come in order when pressing Tab;
- an error summary has focus when its page opens, on sign-up, the questionnaire, a knowledge
  check and a reflection;
- /favicon.ico is an icon.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Site

from assessments.models import Timepoint
from core.models import StorybridgeSettings
from tests.assessments.conftest import PROMPT, REFLECTION_ID, module_body
from tests.assessments.factories_questionnaires import make_instrument, set_questionnaires
from tests.assessments.test_knowledge_check_block import SINGLE_ID, single_check
from tests.factories import EnrolmentFactory, UserFactory
from tests.portal.accounts_helpers import PASSWORD

from .conftest import DESKTOP, PHONE
from .test_accessibility import HORIZONTAL_OVERFLOW

pytestmark = pytest.mark.browser
VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "360px"])
CONTACT = "learning-support@northfield.example.org"
SUMMARY_HAS_FOCUS = (
    "() => { const el = document.activeElement;"
    " return !!el && el.classList.contains('error-summary'); }"
)


@pytest.fixture
def site_contact(django_db_serialized_rollback, live_server):
    StorybridgeSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "organisation_name": "Northfield NHS Trust",
            "contact_email": CONTACT,
            "contact_phone": "0800 000 1111, weekdays 9am to 5pm",
        },
    )


class Checks:
    """axe, one h1 and no sideways scrolling at 360 px, on each state; collects problems."""

    def __init__(self, page, viewport, axe_violations, describe):
        self.page, self.viewport = page, viewport
        self.axe_violations, self.describe = axe_violations, describe
        self.problems = []

    def __call__(self, label):
        page = self.page
        assert page.locator("h1").count() == 1, label
        violations = self.axe_violations(page)
        if violations:
            self.problems.append(f"axe on {label}:\n{self.describe(violations)}")
        if self.viewport is PHONE:
            size = page.evaluate(HORIZONTAL_OVERFLOW)
            if size["scrollWidth"] > size["clientWidth"]:
                self.problems.append(f"{label} scrolls sideways at 360px: {size}")


def sign_up(page, email):
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Care assistant").check()
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Create your account").click()


def contact_shown(page):
    main = page.locator("main")
    assert main.get_by_role("link", name=CONTACT).get_attribute("href") == f"mailto:{CONTACT}"
    assert "0800 000 1111, weekdays 9am to 5pm" in main.inner_text()
    assert "contact us" not in main.inner_text().lower().replace("contact us about", "")


@VIEWPORTS
def test_after_sign_up_the_page_resends_corrects_the_address_and_says_who_to_contact(
    site_contact, open_page, axe_violations, describe, viewport
):
    visit = open_page("/accounts/signup/", viewport=viewport)
    page = visit.page
    check = Checks(page, viewport, axe_violations, describe)
    check("sign-up")
    sign_up(page, "sam@exmaple.org")  # a typo in the address

    main = page.locator("main")
    expect_h1(page, "Confirm your email address")
    assert "We sent a link to sam@exmaple.org." in main.inner_text()
    contact_shown(page)
    check("confirm your email address")
    assert [m.to for m in mail.outbox] == [["sam@exmaple.org"]]

    # Straight away: allauth's limit ("confirm_email") holds the second email back, and says so.
    with page.expect_navigation():
        page.get_by_role("button", name="Send the link again").click()
    assert "we have not sent another yet" in main.inner_text()
    assert len(mail.outbox) == 1
    check("send again, too soon")

    # Correct the address: first a bad one (nothing changes), then the right one.
    page.get_by_role("link", name="Change your email address").click()
    expect_h1(page, "Change your email address")
    check("change your email address")
    page.get_by_label("New email address").fill("sam at example")
    with page.expect_navigation():
        page.get_by_role("button", name="Send a new link").click()
    assert page.evaluate(SUMMARY_HAS_FOCUS)
    assert (
        "Enter an email address in the right format" in page.locator(".error-summary").inner_text()
    )
    check("change your email address, with an error")
    user = get_user_model().objects.get()
    assert user.email == "sam@exmaple.org" and len(mail.outbox) == 1

    page.get_by_label("New email address").fill("sam@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Send a new link").click()
    assert "We have sent a new link to sam@example.org." in main.inner_text()
    assert "We sent a link to sam@example.org." in main.inner_text()
    user.refresh_from_db()
    assert user.email == "sam@example.org"
    assert list(EmailAddress.objects.values_list("email", "verified", "primary")) == [
        ("sam@example.org", False, True)
    ]
    assert mail.outbox[-1].to == ["sam@example.org"]
    check("after changing the address")

    # The new link confirms the new address; then signing in works.
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+)", mail.outbox[-1].body)
    visit.goto(link.group(1))
    check("the emailed link's page")
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm").click()
    assert EmailAddress.objects.get(user=user).verified
    assert check.problems == [], "\n".join(check.problems)


def expect_h1(page, text):
    assert page.locator("h1").inner_text() == text


@VIEWPORTS
def test_signing_in_before_confirming_says_why(
    site_contact, open_page, axe_violations, describe, viewport
):
    user = UserFactory(username="sam", email="sam@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    visit = open_page("/accounts/login/", viewport=viewport)
    page = visit.page
    check = Checks(page, viewport, axe_violations, describe)
    page.get_by_label("Email address").fill("sam@example.org")
    page.get_by_label("Password", exact=True).fill("password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()

    expect_h1(page, "Confirm your email address")
    assert (
        "You need to confirm your email address before you can sign in. "
        "We sent a link to sam@example.org."
    ) in page.locator("main").inner_text()
    contact_shown(page)
    assert mail.outbox[-1].to == ["sam@example.org"]
    check("confirm your email address, after signing in")

    # Once allauth's cooldown has passed, "Send the link again" sends one.
    cache.clear()
    sent = len(mail.outbox)
    with page.expect_navigation():
        page.get_by_role("button", name="Send the link again").click()
    assert "We have sent the link again to sam@example.org." in page.locator("main").inner_text()
    assert len(mail.outbox) == sent + 1 and mail.outbox[-1].to == ["sam@example.org"]
    assert check.problems == [], "\n".join(check.problems)


@VIEWPORTS
def test_sign_in_fields_come_in_order_when_pressing_tab(
    site_contact, open_page, axe_violations, describe, viewport
):
    visit = open_page("/accounts/login/", viewport=viewport)
    page = visit.page
    check = Checks(page, viewport, axe_violations, describe)
    check("sign-in")
    page.get_by_label("Email address").focus()
    order = []
    for _ in range(4):
        page.keyboard.press("Tab")
        order.append(
            page.evaluate(
                "() => { const el = document.activeElement;"
                " return el.labels && el.labels.length ? el.labels[0].innerText"
                " : el.innerText.trim(); }"
            )
        )
    assert order == [
        "Password",
        "Remember me on this device",
        "Sign in",
        "Forgotten your password?",
    ]
    for text in ("Sign In", "Remember Me", "Forgot your password"):
        assert text not in page.content()
    assert check.problems == [], "\n".join(check.problems)


@VIEWPORTS
def test_the_other_account_pages_pass_axe(
    site_contact, client, open_page, axe_violations, describe, viewport
):
    visit = open_page("/accounts/password/reset/", viewport=viewport)
    page = visit.page
    check = Checks(page, viewport, axe_violations, describe)
    page.get_by_label("Email address").fill("nobody@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Send me a link").click()
    expect_h1(page, "Check your email")
    check("password reset sent")
    for label, path in {
        "password reset, bad link": "/accounts/password/reset/key/zz-set-password/",
        "confirm email, bad link": "/accounts/confirm-email/nonsense/",
        "confirm email, nobody waiting": "/accounts/confirm-email/",
        "account switched off": "/accounts/inactive/",
    }.items():
        visit.goto(path)
        check(label)

    user = UserFactory(username="sam", email="sam@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    signed = signed_in(open_page, client, user, viewport)
    check = Checks(signed.page, viewport, axe_violations, describe)
    for label, path in {
        "sign out": "/accounts/logout/",
        "email addresses": "/accounts/email/",
        "change password": "/accounts/password/change/",
    }.items():
        signed.goto(path)
        check(label)
    with signed.page.expect_navigation():
        signed.page.get_by_role("button", name="Save your new password").click()
    assert signed.page.evaluate(SUMMARY_HAS_FOCUS)
    check("change password with errors")
    assert check.problems == [], "\n".join(check.problems)


# --- error summaries take focus ----------------------------------------------------------


def signed_in(open_page, client, user, viewport):
    client.force_login(user)
    visit = open_page(viewport=viewport)
    visit.page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": visit.base_url,
            }
        ]
    )
    return visit


@VIEWPORTS
def test_the_sign_up_error_summary_has_focus(
    site_contact, open_page, axe_violations, describe, viewport
):
    visit = open_page("/accounts/signup/", viewport=viewport)
    page = visit.page
    with page.expect_navigation():
        page.get_by_role("button", name="Create your account").click()
    assert page.evaluate(SUMMARY_HAS_FOCUS)
    assert "There is a problem" in page.evaluate("document.activeElement.innerText")
    check = Checks(page, viewport, axe_violations, describe)
    check("sign-up with errors")
    assert check.problems == [], "\n".join(check.problems)


@VIEWPORTS
def test_the_questionnaire_error_summary_has_focus(
    django_db_serialized_rollback,
    live_server,
    course,
    make_module,
    client,
    open_page,
    axe_violations,
    describe,
    viewport,
):
    instrument = make_instrument()
    set_questionnaires(course, instrument, instrument)
    make_module(title="Coming home")
    learner = UserFactory(username="learner")
    EnrolmentFactory(user=learner, course=course)
    visit = signed_in(open_page, client, learner, viewport)
    page = visit.page
    visit.goto(reverse("assessments:questionnaire", args=[course.pk, Timepoint.PRE]))
    assert not page.evaluate(SUMMARY_HAS_FOCUS)
    with page.expect_navigation():
        page.get_by_role("button", name="Submit answers").click()
    assert page.evaluate(SUMMARY_HAS_FOCUS)
    check = Checks(page, viewport, axe_violations, describe)
    check("questionnaire with errors")
    assert check.problems == [], "\n".join(check.problems)


@VIEWPORTS
def test_the_knowledge_check_error_summary_has_focus(
    django_db_serialized_rollback,
    live_server,
    course,
    make_module,
    client,
    open_page,
    axe_violations,
    describe,
    viewport,
):
    module = make_module(title="Coming home", body=[single_check()])
    learner = UserFactory(username="learner")
    EnrolmentFactory(user=learner, course=course)
    visit = signed_in(open_page, client, learner, viewport)
    page = visit.page
    visit.goto(module.url)
    check_section = page.locator(f"#knowledge-check-{SINGLE_ID}")
    with page.expect_navigation():
        check_section.get_by_role("button", name="Check my answer").click()
    assert page.evaluate(SUMMARY_HAS_FOCUS)
    assert "There is a problem" in page.evaluate("document.activeElement.innerText")
    check = Checks(page, viewport, axe_violations, describe)
    check("knowledge check with errors")
    assert check.problems == [], "\n".join(check.problems)


@VIEWPORTS
def test_the_reflection_error_summary_has_focus(
    django_db_serialized_rollback,
    live_server,
    course,
    make_module,
    client,
    open_page,
    axe_violations,
    describe,
    viewport,
):
    module = make_module(title="Coming home", body=module_body())
    learner = UserFactory(username="learner")
    EnrolmentFactory(user=learner, course=course)
    visit = signed_in(open_page, client, learner, viewport)
    page = visit.page
    visit.goto(module.url)
    section = page.locator(f"#reflection-{REFLECTION_ID}")
    assert PROMPT in section.inner_text()
    section.get_by_label("Your reflection").fill("Too short.")
    with page.expect_navigation():
        section.get_by_role("button", name="Submit reflection").click()
    assert page.evaluate(SUMMARY_HAS_FOCUS)
    assert "There is a problem" in page.evaluate("document.activeElement.innerText")
    check = Checks(page, viewport, axe_violations, describe)
    check("reflection with errors")
    assert check.problems == [], "\n".join(check.problems)


# --- favicon -----------------------------------------------------------------------------


def test_every_page_has_an_icon_and_favicon_ico_is_one(site_contact, open_page):
    visit = open_page("/accounts/login/")
    page = visit.page
    href = page.locator("link[rel='icon']").get_attribute("href")
    icon = page.request.get(visit.base_url + href)
    assert icon.status == 200 and icon.body()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    response = page.request.get(visit.base_url + "/favicon.ico")
    assert response.status == 200
    assert response.body() == icon.body()
