"""The story library in Chromium: /stories/ and a story's page are axe-clean at 1280 px and
360 px without sideways scrolling, and a keyboard-only learner searches, filters, opens a story
past its notice, finishes it and answers the feedback questions."""

import pytest
from django.urls import reverse

from library.models import StoryFeedback
from narratives.models import Consent
from tests.factories import UserFactory
from tests.library.conftest import make_story

from .conftest import DESKTOP, PHONE, has_focus, tab_to
from .test_xss import sign_in_as, watch

pytestmark = pytest.mark.browser

VIEWPORTS = pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])


@pytest.fixture
def shelf(django_db_serialized_rollback, live_server):
    stories = [
        make_story(
            "Finding the allotment",
            warnings=("self-harm",),
            transcript="I grew tomatoes on the allotment and it saved me.",
            scope=Consent.Scope.PUBLIC,
        ),
        make_story("Back to work", themes=("identity",), modality="poetry", minutes=8),
    ]
    for number in range(13):
        make_story(f"A story of hope {number:02d}", themes=("hope", "connectedness"))
    learner = UserFactory(username="keyboard-learner", role="nursing_trainee")
    return {"stories": stories, "learner": learner}


def _clean(page, axe_violations, describe, viewport):
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the page scrolls sideways: {width}px"


@VIEWPORTS
def test_library_pages_are_axe_clean(shelf, open_page, axe_violations, describe, viewport):
    visit = open_page(viewport=viewport)
    events = watch(visit)
    sign_in_as(visit, shelf["learner"])
    page = visit.page
    visit.goto(reverse("library:index"))
    assert page.get_by_role("heading", name="Stories", exact=True).is_visible()
    page.locator("details.filters > summary").click()  # the filters open, checked too
    _clean(page, axe_violations, describe, viewport)
    visit.goto(reverse("library:index") + "?q=allotment&page=1")
    assert "Finding the allotment" in page.locator("main").inner_text()
    _clean(page, axe_violations, describe, viewport)
    story = shelf["stories"][0]
    visit.goto(reverse("library:story", args=[story.uuid]))
    assert page.get_by_role("heading", name="Before you start: Finding the allotment").is_visible()
    _clean(page, axe_violations, describe, viewport)
    page.get_by_role("button", name="Continue to the story").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="I have finished this story").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="What did you make of it?").is_visible()
    _clean(page, axe_violations, describe, viewport)
    assert [e for e in events if "Content Security Policy" in str(e)] == []


def test_keyboard_only_browsing_and_feedback(shelf, open_page):
    visit = open_page()
    sign_in_as(visit, shelf["learner"])
    page = visit.page
    visit.goto(reverse("library:index"))
    tab_to(page, "#id_q")
    page.keyboard.type("allotment")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=allotment" in page.url
    link = page.get_by_role("link", name="Finding the allotment")
    tab_to(page, link)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    continue_button = page.get_by_role("button", name="Continue to the story")
    tab_to(page, continue_button)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    finish = page.get_by_role("button", name="I have finished this story")
    tab_to(page, finish)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # The first question: Tab into its radio group (onto "No answer", the checked one), arrow
    # round to "Quite a lot", save.
    tab_to(page, page.locator("#feedback-hopeful-none"))
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    assert has_focus(page, page.locator("#feedback-hopeful-4"))
    save = page.get_by_role("button", name="Save my answers")
    tab_to(page, save)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "your answers are saved" in page.locator("main").inner_text()
    answer = StoryFeedback.objects.get(user=shelf["learner"])
    assert (answer.question, answer.value) == ("hopeful", 4)


def test_paging_and_filters_from_the_keyboard(shelf, open_page):
    visit = open_page(viewport=PHONE)
    sign_in_as(visit, shelf["learner"])
    page = visit.page
    visit.goto(reverse("library:index"))
    summary = page.locator("details.filters > summary")
    tab_to(page, summary)
    page.keyboard.press("Enter")
    poetry = page.get_by_role("checkbox", name="Poetry")
    tab_to(page, poetry)
    page.keyboard.press("Space")
    show = page.get_by_role("button", name="Show stories")
    tab_to(page, show)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    titles = page.locator(".card-list .card__title").all_inner_texts()
    assert titles == ["Back to work"]
    visit.goto(reverse("library:index"))
    next_page = page.get_by_role("link", name="Next page")
    tab_to(page, next_page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Page 2 of 2" in page.locator("main").inner_text()
