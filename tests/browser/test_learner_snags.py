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


# --- 2. hidden topics are hidden everywhere, whatever was chosen before ----------------------

LOSS_BODY = "<p>The week after Dad died I sat in his chair and could not get up.</p>"


def hide_topics(user, *slugs):
    from narratives.models import ContentWarning
    from narratives.preferences.models import ViewerPreferences
    from narratives.preferences.rules import forget_preferences

    row, _ = ViewerPreferences.objects.update_or_create(
        user=user, defaults={"warning_mode": "hide"}
    )
    row.domains.set(ContentWarning.objects.filter(slug__in=slugs))
    forget_preferences(user.pk)


@pytest.mark.parametrize(
    ("viewport", "finish"),
    [pytest.param(PHONE, True, id="finished-360"), pytest.param(DESKTOP, False, id="open-1280")],
)
def test_a_story_picked_before_its_topic_was_hidden_is_hidden(
    open_page, axe_violations, course, make_module, viewport, finish
):
    from narratives.models import ContentWarning
    from tests.factories import NarrativeFactory, NarrativeWarningFactory

    from .conftest import choose_story

    loss = NarrativeFactory(title="Losing Dad", narrator_pseudonym="Jo", text_body=LOSS_BODY)
    NarrativeWarningFactory(
        narrative=loss, warning=ContentWarning.objects.get(slug="death"), note="", timestamp=""
    )
    NarrativeFactory(title="The allotment", narrator_pseudonym="Tom")
    choice = {
        "prompt": "Choose the story you would like to hear",
        "framing": "",
        "narratives": [loss.pk, NarrativeFactory._meta.model.objects.get(title="The allotment").pk],
        "discussion_prompts": [],
    }
    module = make_module(title="Coming home", body=[{"type": "narrative_choice", "value": choice}])
    learner = UserFactory(username="learner")
    EnrolmentFactory(user=learner, course=course)
    visit = open_page(viewport=viewport)
    sign_in_as(visit, learner)
    visit.goto(module.url)
    page = visit.page
    choose_story(page, "Losing Dad")
    assert page.get_by_text("could not get up").is_visible()
    if finish:
        press_and_follow(page, page.get_by_role("button", name="I have finished this story"))

    hide_topics(learner, "death")
    visit.goto(module.url)

    assert page.get_by_text("could not get up").count() == 0
    assert page.get_by_role("heading", name="Losing Dad").count() == 0
    assert page.get_by_text("A story here is hidden because of your content settings.").is_visible()
    assert page.locator("li.option", has_text="The allotment").is_visible()
    assert_axe_clean(page, axe_violations)
