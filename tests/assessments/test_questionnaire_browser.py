"""The questionnaire in a real browser (Debian's Chromium), at 360 px wide and without
JavaScript: start from the course page, the error summary's link takes the learner to the
statement, submitting shows their score; axe-core finds no serious or critical violation.

Self-contained like test_reflection_browser.py: it opens and closes its own Playwright."""

from pathlib import Path

import pytest
from django.conf import settings

from assessments.models import QuestionnaireResponse
from tests.factories import EnrolmentFactory, UserFactory

from .factories_questionnaires import make_instrument, set_questionnaires

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE_JS = Path(settings.BASE_DIR) / ".deps" / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def open_as_learner(chromium, live_server, client, course, make_module):
    """`open_as_learner(path, javascript)` -> a page at 360 px, signed in as the learner."""
    instrument = make_instrument()
    set_questionnaires(course, instrument, instrument)
    make_module(title="Coming home")
    learner = UserFactory(username="learner")
    EnrolmentFactory(user=learner, course=course)
    client.force_login(learner)
    contexts = []

    def open_(path, javascript=False):
        context = chromium.new_context(viewport=PHONE, java_script_enabled=javascript)
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
        page.goto(live_server.url + path)
        return page

    yield open_
    for context in contexts:
        context.close()


def serious_violations(page):
    """axe-core's serious and critical violations (the page needs JavaScript on for axe)."""
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS}). Run `make install-test` to install it.")
    # Through DevTools: the page's Content-Security-Policy refuses an inline <script>.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def fits_360(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_answering_on_a_phone_without_javascript(open_as_learner, course):
    page = open_as_learner(course.url)
    prompt = page.get_by_role("complementary", name="Before you start")
    prompt.get_by_role("link", name="Start").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Thinking about recovery"
    page.get_by_role("group", name="Recovery is rare.").get_by_label("Disagree", exact=True).check()
    page.get_by_role("button", name="Submit answers").click()

    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    # The second statement's answer is still chosen after the round trip.
    group = page.get_by_role("group", name="Recovery is rare.")
    assert group.get_by_label("Disagree", exact=True).is_checked()
    summary.get_by_role("link").first.click()
    first = page.get_by_role("group", name="People can recover and live well.")
    assert first.get_by_label("Strongly disagree").evaluate("el => el === document.activeElement")

    first.get_by_label("Agree", exact=True).check()
    page.get_by_role("group", name="I would be at ease working beside someone").get_by_label(
        "Strongly agree"
    ).check()
    page.get_by_role("button", name="Submit answers").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Your questionnaires"
    # The optional fourth statement is left out: 3 of 4 is under the 80% needed for a total.
    assert "Hope: 4.0" in page.inner_text("main")
    assert QuestionnaireResponse.objects.get().status == QuestionnaireResponse.Status.SUBMITTED


def test_the_pages_pass_axe_and_fit_a_phone(open_as_learner, course):
    page = open_as_learner(course.url, javascript=True)
    assert page.get_by_role("complementary", name="Before you start").is_visible()
    assert serious_violations(page) == []
    page.get_by_role("complementary", name="Before you start").get_by_role(
        "link", name="Start"
    ).click()
    assert fits_360(page)
    assert serious_violations(page) == []
    page.get_by_role("button", name="Submit answers").click()
    assert page.get_by_role("alert").is_visible()
    assert fits_360(page)
    assert serious_violations(page) == []
    page.goto(page.url.replace("/pre/", "/results/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your questionnaires"
    assert fits_360(page)
    assert serious_violations(page) == []
