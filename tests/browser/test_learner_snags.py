"""Where a learner got stuck (issue 15), in a real browser at phone and desktop widths, with and
without JavaScript, by mouse and by keyboard; axe on every page touched."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from assessments.models import KnowledgeCheckAnswer
from courses import enrolment as rules
from narratives.models import ContentWarning, Theme
from narratives.preferences.models import ViewerPreferences
from narratives.preferences.rules import forget_preferences
from portal.demo.courses import COURSES
from tests.assessments.factories_questionnaires import make_instrument, set_questionnaires
from tests.assessments.test_knowledge_check_block import QUESTION, single_check
from tests.factories import EnrolmentFactory, NarrativeFactory, NarrativeWarningFactory, UserFactory

from .conftest import DESKTOP, PHONE, choose_story, describe_violations, press_and_follow

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


# --- 3. the words around a story belong to that story ----------------------------------------

JO_FRAMING = "Jo came home after six weeks on a ward."
JO_PROMPT = "What made the biggest difference to Jo?"
KETTLE = "The kettle was the loudest thing"


@pytest.fixture
def story_module(course, make_module):
    """Demo-like: Jo's story with framing and prompts about Jo, an alternative on the same theme
    (Tom's), a knowledge check about Jo's story, and a choice set with words for each story."""

    connectedness = Theme.objects.get(slug="connectedness")
    jo = NarrativeFactory(
        title=KETTLE, narrator_pseudonym="Jo", text_body="<p>Pat knocked every morning.</p>"
    )
    tom = NarrativeFactory(
        title="Letters to my sister",
        narrator_pseudonym="Tom",
        text_body="<p>I started writing to her anyway.</p>",
    )
    for narrative in (jo, tom):
        narrative.themes.set([connectedness])
        narrative.save()
    priya = NarrativeFactory(title="Small hours", narrator_pseudonym="Priya")
    bea = NarrativeFactory(
        title="The allotment", narrator_pseudonym="Bea", text_body="<p>Then who grew these?</p>"
    )
    check = single_check()
    check["value"]["about_narrative"] = jo.pk
    body = [
        {
            "type": "narrative",
            "value": {
                "narrative": jo.pk,
                "framing": f"<p>{JO_FRAMING} Notice who helped her.</p>",
                "discussion_prompts": [JO_PROMPT],
            },
        },
        check,
        {
            "type": "narrative_choice",
            "value": {
                "prompt": "Choose one more story",
                "framing": "<p>Each of these is a short piece of writing.</p>",
                "narratives": [priya.pk, bea.pk],
                "discussion_prompts": ["Who was the turning point in the story you chose?"],
                "story_words": [
                    {
                        "narrative": priya.pk,
                        "framing": "<p>Notice what the nurse, Dee, did.</p>",
                        "discussion_prompts": ["Why did it matter that Dee did not flinch?"],
                    },
                    {
                        "narrative": bea.pk,
                        "framing": "<p>Notice the first question about Bea, not her voices.</p>",
                        "discussion_prompts": ["How did the allotment change how people saw Bea?"],
                    },
                ],
            },
        },
    ]
    return make_module(title="What recovery means", body=body)


@pytest.mark.parametrize(
    ("viewport", "keyboard"),
    [pytest.param(PHONE, True, id="360"), pytest.param(DESKTOP, False, id="1280")],
)
def test_choosing_another_story_shows_that_storys_words(
    open_page, axe_violations, course, story_module, viewport, keyboard
):

    learner = UserFactory(username="learner")
    EnrolmentFactory(user=learner, course=course)
    visit = open_page(viewport=viewport)
    sign_in_as(visit, learner)
    visit.goto(story_module.url)
    page = visit.page
    jo_slot = page.locator("section.slot").first
    assert jo_slot.get_by_text(JO_FRAMING).is_visible()
    assert page.locator(".knowledge-check__about").count() == 0  # Jo's story is the one here

    press_and_follow(
        page, jo_slot.get_by_role("button", name="Choose a different story"), keyboard=keyboard
    )
    choose_story(page, "Letters to my sister", keyboard=keyboard)

    jo_slot = page.locator("section.slot").first
    assert jo_slot.get_by_text("I started writing to her anyway.").is_visible()
    assert page.get_by_text(JO_FRAMING).count() == 0
    assert page.get_by_text(JO_PROMPT).count() == 0
    about = page.locator(".knowledge-check__about")
    assert about.inner_text() == (
        f"This question is about “{KETTLE}”, told by Jo. You chose a different story, so you can "
        f"answer from what you know, or go back and choose “{KETTLE}”."
    )
    assert about.get_by_role("link").get_attribute("href").startswith("#slot-")

    choice = page.locator("section.slot").nth(1)
    assert choice.get_by_text("Each of these is a short piece of writing.").is_visible()
    assert choice.get_by_text("Notice what the nurse").count() == 0
    choose_story(page, "The allotment", keyboard=keyboard)
    choice = page.locator("section.slot").nth(1)
    assert choice.get_by_text("Each of these is a short piece of writing.").is_visible()
    assert choice.get_by_text("Notice the first question about Bea").is_visible()
    assert choice.get_by_text("Notice what the nurse").count() == 0
    prompts = choice.locator(".prompts li").all_inner_texts()
    assert prompts == [
        "How did the allotment change how people saw Bea?",
        "Who was the turning point in the story you chose?",
    ]
    assert_axe_clean(page, axe_violations)


# --- 4. a module added after the learner completed the course --------------------------------


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_a_module_added_after_completion_is_said_plainly(
    open_page, axe_violations, course, make_module, viewport
):

    first, second = make_module(title="Coming home"), make_module(title="Who helped")
    learner = UserFactory(username="learner")
    enrolment = EnrolmentFactory(user=learner, course=course)
    for module in (first, second):
        rules.mark_module_complete(enrolment, module)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    make_module(title="Going back to work")  # added by an educator afterwards

    visit = open_page(viewport=viewport)
    sign_in_as(visit, learner)
    visit.goto(course.url)
    page = visit.page

    date = timezone.localtime(enrolment.completed_at).strftime("%-d %B %Y")
    assert page.locator(".course-actions__completed").inner_text() == (
        f"You completed this course on {date}. A new module was added since: Going back to work."
    )
    new = page.locator(".outline li", has_text="Going back to work")
    assert new.locator(".progress-state").inner_text() == "Not started"
    assert page.get_by_role("link", name="Start: Going back to work").is_visible()
    assert page.get_by_role("link", name="View your completion record").is_visible()
    assert_axe_clean(page, axe_violations)


# --- 5. wording and order ----------------------------------------------------------------------


def comes_before(page, first, second):
    """Whether `first` (a locator) comes before `second` in the page, as read and tabbed."""
    return page.evaluate(
        "([a, b]) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)",
        [first.element_handle(), second.element_handle()],
    )


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_the_questionnaire_reads_in_order_and_its_score_has_a_meaning(
    open_page, axe_violations, course, make_module, viewport
):

    set_questionnaires(course, baseline=make_instrument())
    make_module(title="Coming home")
    make_module(title="Who helped")
    learner = UserFactory(username="learner")
    EnrolmentFactory(user=learner, course=course)
    visit = open_page(viewport=viewport)
    sign_in_as(visit, learner)
    visit.goto(course.url)
    page = visit.page

    # Before anything started, the first step comes first: the questionnaire, then module 1.
    baseline = page.get_by_role("heading", name="Before you start: a short questionnaire")
    start = page.get_by_role("link", name="Start: Coming home")
    assert comes_before(page, baseline, start)
    assert page.get_by_role("link", name="Continue: Coming home").count() == 0
    assert_axe_clean(page, axe_violations)

    with page.expect_navigation():
        page.locator(".questionnaire-prompt").get_by_role("link", name="Start").click()
    # Each number sits with its statement, in the legend that names the group of answers.
    first = page.get_by_role("group", name="1. People can recover and live well.")
    assert first.is_visible()
    legend = first.locator("legend")
    assert legend.inner_text().startswith("1. People can recover and live well.")
    radio = first.get_by_label("Strongly disagree", exact=True)
    assert legend.bounding_box()["y"] < radio.bounding_box()["y"]
    assert (
        page.locator("ol.questionnaire__items").evaluate(
            "list => getComputedStyle(list).listStyleType"
        )
        == "none"
    )  # no second number beside the first answer
    assert_axe_clean(page, axe_violations)

    for group in page.locator(".questionnaire__items fieldset").all():
        group.get_by_label("Agree", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit answers").click()

    assert page.get_by_text("Your score: 3.0, on a scale from 1 to 5.").is_visible()
    assert page.locator(".score-meaning").inner_text() == (
        "1 means you answered “Strongly disagree” and 5 means you answered “Strongly agree”, "
        "on average over the statements. Statements worded the other way round are counted "
        "the other way round. A higher score is a better result."
    )
    assert_axe_clean(page, axe_violations)


def test_who_can_see_a_reflection_is_said_once(open_page, axe_violations, course, make_module):
    reflections = [
        value
        for demo in COURSES
        for module in demo["modules"]
        for kind, value in module["body"]
        if kind == "reflection"
    ]
    module = make_module(
        title="Coming home", body=[{"type": "reflection", "value": v} for v in reflections[:1]]
    )
    learner = UserFactory(username="learner")
    EnrolmentFactory(user=learner, course=course)
    visit = open_page(viewport=PHONE)
    sign_in_as(visit, learner)
    visit.goto(module.url)
    page = visit.page

    assert page.get_by_text("Only you can see this").count() == 1
    for value in reflections:
        assert "only you can see" not in value["guidance"].lower()
    assert_axe_clean(page, axe_violations)
