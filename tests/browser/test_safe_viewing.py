"""Safe narrative viewing in a real browser (issue 3): the content-warning interstitial by
keyboard, "Take a break" with and without JavaScript, "Get support", choosing another story, and
skipping. The visitor is not enrolled, so their choices live in their session."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from core.models import StorybridgeSettings
from courses.models import Enrolment, ModuleProgress, NarrativeDecision
from portal.demo import site as demo_site
from tests.factories import UserFactory
from tracking.activities import narrative_id
from tracking.models import SensitiveEventCount

from .conftest import (
    CONTINUE,
    PHONE,
    choose_story,
    has_focus,
    press_and_follow,
    slot_for,
    story_option,
    tab_to,
)

pytestmark = pytest.mark.browser

TEXT_LINE = "The kettle was the loudest thing"
WELLBEING = "Staff wellbeing line"


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def counted(kind):
    """All that is kept of today's breaks or support requests (tracking/sensitive.py): a count
    per narrative (its activity id)."""
    return dict(SensitiveEventCount.objects.filter(kind=kind).values_list("activity_iri", "count"))


def start_playing(page, audio):
    """Start the recording from the keyboard (Space on the focused player), and wait until it
    really plays. The fixture's recording lasts a second and would pause itself at its end, so
    it loops here: only "Take a break" may pause it."""
    audio.evaluate("player => { player.loop = true; }")
    tab_to(page, audio)
    page.keyboard.press("Space")
    page.wait_for_function(
        "player => !player.paused && player.currentTime > 0", arg=audio.element_handle()
    )


def test_continue_by_keyboard_shows_the_story_and_comes_back_to_its_slot(content, open_page):
    page = open_page(content.module_url).page
    slot = page.locator("section.slot").first
    slot_id = slot.get_attribute("id")
    assert slot.get_by_role("heading", name="Before you start: Coming home").is_visible()
    assert slot.locator(".warnings", has_text="Suicide: mentions thoughts of suicide").is_visible()
    assert page.get_by_text(TEXT_LINE).count() == 0  # nothing of the story before the choice

    tab_to(page, slot.get_by_role("button", name=CONTINUE, exact=True))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert path_of(page.url) == f"{content.module_url}#{slot_id}"
    slot = page.locator(f"#{slot_id}")
    expect(slot.locator(".narrative--text .narrative__text")).to_contain_text(TEXT_LINE)
    assert slot.get_by_role("heading", name="Before you start: Coming home").count() == 0
    expect(slot.get_by_role("heading", name="Coming home", exact=True)).to_be_in_viewport()
    # The keyboard carries on from the slot: the next Tab is its "Take a break" button.
    page.keyboard.press("Tab")
    assert has_focus(page, slot.get_by_role("button", name="Take a break"))
    # The other notices are untouched.
    assert page.get_by_role("button", name=CONTINUE, exact=True).count() == 1


def test_take_a_break_pauses_the_story_and_shows_support_in_place(content, open_page):
    visit = open_page(content.module_url)
    page = visit.page
    slot = slot_for(page, "The quiet").first
    audio = slot.locator("audio")
    button = slot.get_by_role("button", name="Take a break")
    dialog = page.locator("#break-dialog")
    assert not dialog.is_visible()
    start_playing(page, audio)
    assert audio.evaluate("player => player.paused") is False

    tab_to(page, button)
    with page.expect_response(re.compile(r"/support/break/$")) as answer:
        page.keyboard.press("Enter")

    assert answer.value.status == 204
    assert audio.evaluate("player => player.paused") is True
    assert dialog.evaluate("d => d.open") is True
    assert dialog.get_by_role("heading", name="Take a break").is_visible()
    assert dialog.get_by_role("link", name=WELLBEING).is_visible()
    assert path_of(page.url) == content.module_url  # in place: no page was left
    assert counted("break") == {narrative_id(content.audio): 1}
    assert counted("support") == {}

    back = dialog.get_by_role("button", name="Go back to the story")
    tab_to(page, back)
    page.keyboard.press("Enter")

    assert dialog.evaluate("d => d.open") is False
    assert not dialog.is_visible()
    assert has_focus(page, button)
    assert audio.evaluate("player => player.paused") is True  # the learner resumes it
    assert counted("break") == {narrative_id(content.audio): 1}


def test_break_dialog_offers_a_way_out(content, open_page):
    page = open_page(content.module_url).page
    slot = slot_for(page, "The quiet").first
    with page.expect_response(re.compile(r"/support/break/$")):
        slot.get_by_role("button", name="Take a break").click()
    leave = page.locator("#break-dialog").get_by_role("link", name="Leave for now")
    with page.expect_navigation():
        leave.click()
    assert path_of(page.url) == content.course_url


def test_take_a_break_without_javascript_shows_the_support_page_and_the_way_back(
    content, open_page
):
    page = open_page(content.module_url, java_script_enabled=False).page
    slot = slot_for(page, "The quiet").first
    slot_id = slot.get_attribute("id")

    press_and_follow(page, slot.get_by_role("button", name="Take a break"), keyboard=True)

    parts = urlsplit(page.url)
    assert parts.path == "/support/"
    assert parse_qs(parts.query)["break"] == ["1"]
    assert page.get_by_role("heading", level=1).inner_text() == "Take a break"
    assert page.get_by_role("link", name=WELLBEING).is_visible()
    assert counted("break") == {narrative_id(content.audio): 1}
    leave = page.get_by_role("link", name="Leave for now")
    assert leave.get_attribute("href") == content.course_url

    back = page.get_by_role("link", name="Go back to where I was")
    assert back.get_attribute("href") == f"{content.module_url}#{slot_id}"
    with page.expect_navigation():
        back.click()
    assert path_of(page.url) == f"{content.module_url}#{slot_id}"
    slot = page.locator(f"#{slot_id}")
    assert slot.locator(".narrative--audio audio").count() == 1
    assert slot.get_by_role("button", name="I have finished this story").is_visible()


def test_get_support_on_the_notice_without_javascript_shows_support_and_keeps_the_notice(
    content, open_page
):
    page = open_page(content.module_url, java_script_enabled=False).page
    slot = slot_for(page, "Before you start: Coming home")
    slot_id = slot.get_attribute("id")

    press_and_follow(page, slot.get_by_role("button", name="Get support"))

    assert urlsplit(page.url).path == "/support/"
    assert page.get_by_role("heading", level=1).inner_text() == "Get support"
    assert page.get_by_role("link", name=WELLBEING).is_visible()
    assert counted("support") == {narrative_id(content.text): 1}
    assert counted("break") == {}

    with page.expect_navigation():
        page.get_by_role("link", name="Go back to where I was").click()
    assert path_of(page.url) == f"{content.module_url}#{slot_id}"
    slot = page.locator(f"#{slot_id}")
    assert slot.get_by_role("heading", name="Before you start: Coming home").is_visible()
    assert page.get_by_text(TEXT_LINE).count() == 0


def test_choose_another_story_then_go_back_or_take_one(content, alternative, open_page):
    page = open_page(content.module_url).page
    slot = slot_for(page, "Before you start: Coming home")
    slot_id = slot.get_attribute("id")
    slot = page.locator(f"#{slot_id}")

    press_and_follow(page, slot.get_by_role("button", name="Choose another story"))

    assert slot.get_by_role("heading", name="Choose another story").is_visible()
    option = slot.locator(".option", has_text="Walking the dog")
    assert option.get_by_text("Told by Lee").is_visible()
    assert slot.locator(".option").count() == 1  # only stories without those warnings
    assert slot.locator(".interstitial").count() == 0
    assert page.get_by_text(TEXT_LINE).count() == 0

    # Changing one's mind: back to the notice, not to the story.
    press_and_follow(page, slot.get_by_role("button", name="Go back to “Coming home”"))
    assert slot.get_by_role("heading", name="Before you start: Coming home").is_visible()

    press_and_follow(page, slot.get_by_role("button", name="Choose another story"))
    choose_story(page, "Walking the dog")

    assert path_of(page.url) == f"{content.module_url}#{slot_id}"
    # No warnings: the chosen story shows straight away, and the first one is gone.
    expect(slot.locator(".narrative__text")).to_contain_text("the dog waited by the door")
    assert slot.get_by_role("heading", name="Walking the dog").is_visible()
    assert slot.get_by_role("button", name="Take a break").is_visible()
    assert slot.get_by_role("button", name="Choose a different story").is_visible()
    assert page.get_by_text(TEXT_LINE).count() == 0


def test_choice_set_by_keyboard_shows_the_chosen_story_only(content, open_page):
    page = open_page(content.module_url).page
    slot = slot_for(page, "Choose the story you would like to hear")
    slot_id = slot.get_attribute("id")
    slot = page.locator(f"#{slot_id}")
    buttons = slot.locator(".option button")
    assert buttons.all_inner_texts() == ["Choose this story", "Choose this story"]

    choose_story(page, "Small things", keyboard=True)

    assert path_of(page.url) == f"{content.module_url}#{slot_id}"
    expect(slot.locator(".narrative--poetry .narrative__text")).to_contain_text("A cup of tea")
    assert slot.locator(".narrative--audio").count() == 0
    assert slot.locator(".option").count() == 0
    assert slot.get_by_role("listitem").filter(has_text="What did the narrator need").count()


def test_skip_for_now_then_show_it_again(content, open_page):
    page = open_page(content.module_url).page
    slot = slot_for(page, "Before you start: Back to work")
    slot_id = slot.get_attribute("id")
    slot = page.locator(f"#{slot_id}")

    press_and_follow(page, slot.get_by_role("button", name="Skip for now"))

    assert path_of(page.url) == f"{content.module_url}#{slot_id}"
    assert slot.get_by_text("You skipped “Back to work” for now.").is_visible()
    assert slot.locator(".interstitial").count() == 0
    assert slot.locator(".narrative").count() == 0
    assert page.locator(".narrative--video").count() == 0

    press_and_follow(page, slot.get_by_role("button", name="Show it again"))

    assert slot.get_by_role("heading", name="Before you start: Back to work").is_visible()
    assert slot.get_by_role("button", name=CONTINUE, exact=True).is_visible()
    assert slot.get_by_text("You skipped").count() == 0


def test_read_the_transcript_instead_shows_the_transcript_not_the_player(content, open_page):
    visit = open_page(content.module_url)
    page = visit.page
    slot = slot_for(page, "Before you start: Back to work")
    slot_id = slot.get_attribute("id")
    slot = page.locator(f"#{slot_id}")

    press_and_follow(page, slot.get_by_role("button", name="Read the transcript instead"))

    assert slot.get_by_role("heading", name="Transcript: Back to work").is_visible()
    assert slot.get_by_text("My manager met me at the door.").is_visible()
    assert slot.locator(".embed").count() == 0
    assert slot.get_by_role("button", name="Take a break").is_visible()
    assert slot.get_by_role("button", name="Watch it instead").is_visible()
    assert visit.blocked == []


# A stand-in for YouTube's player that keeps every message it is sent.
STAND_IN_PLAYER = """<!doctype html><title>Stand-in player</title><p>Stand-in player</p>
<script>
  var received = [];
  addEventListener("message", function (event) {
    received.push(String(event.data));
    document.body.setAttribute("data-received", received.join("\\n"));
  });
</script>"""


def test_take_a_break_asks_an_embedded_player_to_pause(content, open_page):
    visit = open_page()
    page = visit.page
    # Nothing leaves the machine: the player is answered locally.
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=STAND_IN_PLAYER),
    )
    visit.goto(content.module_url)
    slot = slot_for(page, "Before you start: Back to work")
    slot_id = slot.get_attribute("id")
    press_and_follow(page, slot.get_by_role("button", name=CONTINUE, exact=True))
    slot = page.locator(f"#{slot_id}")
    slot.get_by_role("button", name="Play from YouTube").click()
    player = page.frame_locator(f"#{slot_id} .embed iframe")
    player.get_by_text("Stand-in player").wait_for()

    with page.expect_response(re.compile(r"/support/break/$")):
        slot.get_by_role("button", name="Take a break").click()

    expect(player.locator("body")).to_have_attribute("data-received", re.compile("pauseVideo"))
    assert page.locator("#break-dialog").evaluate("d => d.open") is True
    assert counted("break") == {narrative_id(content.video): 1}


@pytest.fixture
def learner(content):
    user = UserFactory(username="sam", email="sam@example.org")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_an_enrolled_learner_has_each_choice_recorded(content, learner, open_page):
    visit = open_page(f"/accounts/login/?next={content.module_url}")
    page = visit.page
    page.fill("#id_login", "sam@example.org")
    page.fill("#id_password", "password")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Enrol on this course").click()
    visit.goto(content.module_url)
    enrolment = Enrolment.objects.get(user=learner)
    assert page.get_by_text("finish 4 more stories (or choose others)").is_visible()

    slot = slot_for(page, "Before you start: Coming home")
    slot_id = slot.get_attribute("id")
    slot = page.locator(f"#{slot_id}")
    press_and_follow(page, slot.get_by_role("button", name=CONTINUE, exact=True), keyboard=True)
    press_and_follow(page, slot.get_by_role("button", name="I have finished this story"))

    assert slot.get_by_text("You have finished this story.").is_visible()
    assert page.get_by_text("finish 3 more stories (or choose others)").is_visible()
    decisions = NarrativeDecision.objects.filter(enrolment=enrolment).order_by("made_at", "pk")
    assert [(d.block_id, d.narrative_id, d.choice) for d in decisions] == [
        (slot_id.removeprefix("slot-"), content.text.pk, "continue"),
        (slot_id.removeprefix("slot-"), content.text.pk, "experienced"),
    ]
    progress = ModuleProgress.objects.get(enrolment=enrolment)
    assert progress.narrative_state[slot_id.removeprefix("slot-")] == {
        "n": content.text.pk,
        "s": "done",
    }


def test_choose_buttons_are_named_with_their_visible_words_and_the_story(content, open_page):
    """Speech-control users say what they see ("Choose this story"); screen-reader users need
    to know which story. The accessible name must hold both."""
    page = open_page(content.module_url).page
    for title in ("Small things", "The quiet"):
        button = story_option(page, title).get_by_role("button")
        assert button.inner_text() == "Choose this story"
        expect(button).to_have_accessible_name(re.compile(f"^Choose this story.*{title}"))


@pytest.mark.parametrize("viewport", [PHONE, {"width": 360, "height": 560}], ids=["phone", "short"])
def test_break_dialog_on_a_phone_opens_at_its_top_with_focus_on_its_heading(
    content, open_page, axe_violations, viewport
):
    """With the demo's support resources the dialog is taller than a 360 px phone's screen: it
    opens at its top, with the heading and the first (urgent help) resource on screen and focus
    on the heading, as the WAI-ARIA dialog pattern advises when focusing the first control would
    scroll the start out of view."""
    resources = [{"type": "resource", "value": r} for r in demo_site.SETTINGS["support_resources"]]
    StorybridgeSettings.objects.filter(site__is_default_site=True).update(
        support_intro=demo_site.SETTINGS["support_intro"], support_resources=resources
    )
    urgent = demo_site.SETTINGS["support_resources"][0]["name"]
    page = open_page(content.module_url, viewport=viewport).page
    slot = slot_for(page, "The quiet").first
    with page.expect_response(re.compile(r"/support/break/$")):
        slot.get_by_role("button", name="Take a break").click()
    dialog = page.locator("#break-dialog")
    heading = dialog.get_by_role("heading", name="Take a break")
    assert dialog.evaluate("d => d.scrollHeight > d.clientHeight")  # it does not fit
    expect(heading).to_be_in_viewport()
    expect(dialog.get_by_text(urgent)).to_be_in_viewport()
    assert dialog.evaluate("d => d.scrollTop") == 0
    assert has_focus(page, heading)
    # Everything in it can still be reached: the last control scrolls into view by keyboard.
    back = dialog.get_by_role("button", name="Go back to the story")
    tab_to(page, back)
    expect(back).to_be_in_viewport()
    assert axe_violations(page) == []
