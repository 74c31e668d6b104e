"""The reflection form in a real browser (Debian's Chromium): autosave, a session that ends
while the learner types, and the form without JavaScript.

Self-contained: opens and closes its own Playwright, so it can run before the browser suite
in tests/browser starts the session's browser (its hook runs every `browser` test last).
"""

import pytest
from django.conf import settings

from assessments.models import Reflection

from .conftest import REFLECTION_ID

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SECTION = f"#reflection-{REFLECTION_ID}"
STATUS = f"{SECTION} [data-status]"


@pytest.fixture
def signed_in_page(chromium, live_server, client, learner, enrolment, module):
    """A page of the module, signed in as the learner; `javascript` switches scripts off."""
    contexts = []

    def open_(javascript=True):
        client.force_login(learner)
        context = chromium.new_context(
            viewport={"width": 360, "height": 740}, java_script_enabled=javascript
        )
        contexts.append(context)
        context.set_default_timeout(10_000)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.goto(live_server.url + module.url)
        return page

    yield open_
    for context in contexts:
        context.close()


def stored_text():
    reflection = Reflection.objects.filter(block_id=REFLECTION_ID).first()
    return reflection.text if reflection else None


def test_a_draft_saves_itself_after_typing_stops(signed_in_page):
    page = signed_in_page()

    page.fill(f"{SECTION} textarea", "Hope came from small things, like a kettle.")

    page.wait_for_function(
        # A function, not an expression: the page's CSP forbids eval, which Playwright would use.
        f"() => document.querySelector('{STATUS}').textContent.startsWith('Draft saved at ')"
    )
    assert stored_text() == "Hope came from small things, like a kettle."
    assert "8 words" in page.text_content(f"{SECTION} [data-count]")
    # The browser's copy goes once the server has the words (shared computers).
    assert page.evaluate("window.localStorage.length") == 0


def test_a_session_that_ends_while_typing_loses_nothing(signed_in_page):
    page = signed_in_page()
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)

    page.fill(f"{SECTION} textarea", "Written after my session ended.")

    page.wait_for_function(
        f"() => document.querySelector('{STATUS}').textContent.indexOf('session has ended') > -1"
    )
    assert stored_text() == "Written after my session ended."
    assert Reflection.objects.get().status == Reflection.Status.DRAFT
    link = page.locator(f"{STATUS} a")
    assert link.text_content() == "Sign in to carry on"
    assert "next=" in link.get_attribute("href")


def test_without_javascript_the_buttons_save_and_submit(signed_in_page):
    page = signed_in_page(javascript=False)

    page.fill(f"{SECTION} textarea", "A draft without any script.")
    page.click(f"{SECTION} button[value='draft']")

    assert page.url.endswith(f"#reflection-{REFLECTION_ID}")
    assert stored_text() == "A draft without any script."
    assert page.text_content(STATUS).startswith("Draft saved on ")

    page.fill(f"{SECTION} textarea", "Now it is long enough to submit it.")
    page.click(f"{SECTION} button[value='submit']")

    assert Reflection.objects.get().status == Reflection.Status.SUBMITTED
    assert "Submitted on" in page.text_content(SECTION)
