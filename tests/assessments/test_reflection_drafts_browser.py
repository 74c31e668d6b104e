"""Unsaved reflection words kept in the browser never outlive the learner's session on a shared
computer: gone at sign-out, and gone when another account signs in (issue 14, finding 7).

Self-contained like test_reflection_browser.py: its own Chromium (tests/assessments/conftest.py).
"""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client

from .conftest import REFLECTION_ID

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECTION = f"#reflection-{REFLECTION_ID}"
DRAFT = "Nobody else should ever read this sentence about my own bad week."
STORED = "() => Object.keys(window.localStorage).map(k => window.localStorage.getItem(k)).join('|')"


def sign_in(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", "password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def learner_b(other_learner):
    EmailAddress.objects.create(
        user=other_learner, email=other_learner.email, verified=True, primary=True
    )
    return other_learner


@pytest.fixture
def context(chromium, learner, enrolment):
    EmailAddress.objects.create(user=learner, email=learner.email, verified=True, primary=True)
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context
    context.close()


def type_unsaved_draft(page, live_server, module):
    page.goto(live_server.url + module.url)
    # Typed, then left before the autosave (three seconds later) has sent it.
    page.fill(f"{SECTION} textarea", DRAFT)
    assert DRAFT in page.evaluate(STORED)


def test_signing_out_then_in_as_someone_else_leaves_none_of_the_first_draft(
    context, live_server, module, learner_b
):
    page = context.new_page()
    sign_in(page, live_server, "ada@example.org")
    type_unsaved_draft(page, live_server, module)

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert page.evaluate("window.localStorage.length") == 0

    sign_in(page, live_server, learner_b.email)
    page.goto(live_server.url + module.url)
    assert DRAFT not in page.evaluate(STORED)
    assert page.input_value(f"{SECTION} textarea").strip() == ""
    assert page.get_by_text("We brought back words").count() == 0


def test_another_account_in_the_same_browser_clears_drafts_that_are_not_its_own(
    context, live_server, module, learner, learner_b
):
    """No sign-out at all: the first session is simply replaced by another person's."""
    page = context.new_page()
    sign_in(page, live_server, "ada@example.org")
    type_unsaved_draft(page, live_server, module)
    page.goto("about:blank")

    other = Client()
    other.force_login(learner_b)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": other.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto(live_server.url + module.url)
    assert DRAFT not in page.evaluate(STORED)
    assert page.input_value(f"{SECTION} textarea").strip() == ""


def test_the_same_learner_still_gets_their_unsaved_words_back(context, live_server, module):
    page = context.new_page()
    sign_in(page, live_server, "ada@example.org")
    type_unsaved_draft(page, live_server, module)

    page.goto(live_server.url + module.url)
    assert page.input_value(f"{SECTION} textarea").strip() == DRAFT
