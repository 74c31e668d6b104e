"""Where a learner got stuck (issue 15), in a real browser at phone and desktop widths, with and
without JavaScript, by mouse and by keyboard; axe on every page touched."""

import pytest
from django.conf import settings
from django.test import Client

from assessments.models import KnowledgeCheckAnswer
from tests.assessments.test_knowledge_check_block import QUESTION, single_check
from tests.factories import EnrolmentFactory, UserFactory

from .conftest import DESKTOP, PHONE, describe_violations, press_and_follow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in_as(visit, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    visit.page.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": visit.base_url}]
    )


def assert_axe_clean(page, axe_violations, javascript=True):
    """No serious or critical axe violations (axe needs a script: the scripted runs check)."""
    if not javascript:
        return
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


# --- 1. knowledge check: an answer after "choose an answer" is taken -------------------------

WAYS = [
    pytest.param(True, False, DESKTOP, id="script-mouse-1280"),
    pytest.param(True, True, PHONE, id="script-keyboard-360"),
    pytest.param(False, False, PHONE, id="no-script-mouse-360"),
    pytest.param(False, True, DESKTOP, id="no-script-keyboard-1280"),
]


@pytest.mark.parametrize("enrolled", [True, False], ids=["enrolled", "visitor"])
@pytest.mark.parametrize(("javascript", "keyboard", "viewport"), WAYS)
def test_checking_again_after_choosing_nothing_is_taken(
    open_page, axe_violations, course, make_module, javascript, keyboard, viewport, enrolled
):
    module = make_module(title="Coming home", body=[single_check()])
    visit = open_page(viewport=viewport, java_script_enabled=javascript)
    if enrolled:
        learner = UserFactory(username="learner")
        EnrolmentFactory(user=learner, course=course)
        sign_in_as(visit, learner)
    visit.goto(module.url)
    page = visit.page
    check = page.locator("section.knowledge-check")

    press_and_follow(page, check.get_by_role("button", name="Check my answer"), keyboard=keyboard)

    assert page.get_by_role("heading", name="There is a problem").is_visible()
    assert_axe_clean(page, axe_violations, javascript)
    check = page.locator("section.knowledge-check")
    group = check.get_by_role("group", name=QUESTION)
    group.get_by_label("Pat knocking every morning").check()
    response = None
    with page.expect_navigation() as navigation:
        if keyboard:
            page.keyboard.press("Enter")  # focus is on the radio just ticked
        else:
            check.get_by_role("button", name="Check my answer").click()
    response = navigation.value

    assert response.status < 400, page.content()[:500]
    assert "CSRF" not in page.content()
    assert page.get_by_text("You got it right.").is_visible()
    assert KnowledgeCheckAnswer.objects.count() == (1 if enrolled else 0)
    assert_axe_clean(page, axe_violations, javascript)
