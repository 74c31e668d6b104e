"""axe-core finds no serious or critical problems; pages reflow at 360 px and at 200% zoom.

A module page changes as the learner makes choices in its narrative slots (content-warning
notices, lists of stories, skipping, the break dialog), so every one of those states is checked,
reached through the page's own buttons."""

import re
from urllib.parse import urlsplit

import pytest

from .conftest import (
    CONTINUE,
    DESKTOP,
    PHONE,
    choose_story,
    continue_past_notices,
    press_and_follow,
    slot_for,
)

pytestmark = pytest.mark.browser

PAGES = {
    "home": "home_url",
    "course index": "course_index_url",
    "course": "course_url",
    "support": "/support/",
    "break": "/support/?break=1",
}
WIDTHS = {"desktop": DESKTOP, "360px": PHONE}

HORIZONTAL_OVERFLOW = """() => {
  const root = document.documentElement;
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth};
}"""


def open_all_disclosures(page):
    """Open every <details> so axe also checks what they hide (transcripts)."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


def check_both_widths(page, label, axe_violations, describe, *, wide=None):
    """axe at desktop width and at 360 px, and no sideways scrolling at 360 px (WCAG 1.4.10);
    `wide` is an extra element (a dialog, say) that must fit in 360 px too. Returns every
    problem found, not just the first."""
    problems = []
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        assert page.locator("h1").count() == 1, label
        open_all_disclosures(page)
        violations = axe_violations(page)
        if violations:
            problems.append(f"axe on {label} at {width}:\n{describe(violations)}")
        if viewport is PHONE:
            size = page.evaluate(HORIZONTAL_OVERFLOW)
            assert size["clientWidth"] == PHONE["width"]
            if size["scrollWidth"] > size["clientWidth"]:
                problems.append(f"{label} scrolls sideways at 360px: {size}")
            if wide is not None:
                box = wide.bounding_box()
                if box["x"] < 0 or box["x"] + box["width"] > PHONE["width"]:
                    problems.append(f"{label}: {wide} does not fit in 360px: {box}")
    return problems


@pytest.mark.parametrize("which", PAGES)
def test_page_has_no_serious_axe_violations_and_reflows_at_360px(
    content, open_page, axe_violations, describe, which
):
    """One test per page (the database is rebuilt for each test)."""
    path = PAGES[which]
    page = open_page(getattr(content, path, path)).page
    problems = check_both_widths(page, which, axe_violations, describe)
    assert problems == [], "\n".join(problems)


# --- the module page in each of its states --------------------------------------------------


def notice(page, title):
    return slot_for(page, f"Before you start: {title}")


def initial(page):
    assert page.get_by_role("button", name=CONTINUE, exact=True).count() == 2
    assert page.locator(".slot--options .option").count() == 2


def continued(page):
    assert continue_past_notices(page) == 2
    choose_story(page, "Small things")
    assert page.locator(".narrative").count() == 4
    assert page.locator(".interstitial, .option").count() == 0


def transcript_instead(page):
    slot = notice(page, "Back to work")
    press_and_follow(page, slot.get_by_role("button", name="Read the transcript instead"))
    assert page.locator(".narrative--transcript").count() == 1


def another_story(page):
    slot = notice(page, "Coming home")
    press_and_follow(page, slot.get_by_role("button", name="Choose another story"))
    assert page.get_by_role("heading", name="Choose another story").is_visible()


def skipped(page):
    for title in ("Coming home", "Back to work"):
        press_and_follow(page, notice(page, title).get_by_role("button", name="Skip for now"))
    assert page.locator(".slot__skipped").count() == 2


def support_page(page):
    press_and_follow(page, notice(page, "Coming home").get_by_role("button", name="Get support"))
    assert page.get_by_role("link", name="Go back to where I was").is_visible()


def break_page(page):
    slot = slot_for(page, "The quiet").first
    press_and_follow(page, slot.get_by_role("button", name="Take a break"))
    assert re.search(r"/support/\?.*break=1", page.url)


def break_dialog(page):
    assert continue_past_notices(page) == 2
    with page.expect_response(re.compile(r"/support/break/$")):
        slot_for(page, "Coming home").get_by_role("button", name="Take a break").click()
    assert page.locator("#break-dialog").evaluate("d => d.open") is True


# name: (how to get there, JavaScript on, needs a story to offer instead of "Coming home")
STATES = {
    "first visit": (initial, True, False),
    "after continuing": (continued, True, False),
    "transcript instead": (transcript_instead, True, False),
    "choose another story": (another_story, True, True),
    "skipped": (skipped, True, False),
    "support page from a notice": (support_page, True, False),
    "break page without script": (break_page, False, False),
    "break dialog open": (break_dialog, True, False),
}


@pytest.mark.parametrize("state", STATES)
def test_module_page_in_every_state_has_no_serious_axe_violations_and_reflows(
    content, open_page, axe_violations, describe, request, state
):
    go, script, needs_alternative = STATES[state]
    if needs_alternative:
        request.getfixturevalue("alternative")
    page = open_page(content.module_url, java_script_enabled=script).page
    go(page)
    if not script:
        # axe needs script. The page reached is a support page, which the server renders from
        # its address alone: check the same address with script on.
        parts = urlsplit(page.url)
        page = open_page(f"{parts.path}?{parts.query}").page
    dialog = page.locator("#break-dialog") if state == "break dialog open" else None
    problems = check_both_widths(page, state, axe_violations, describe, wide=dialog)
    if dialog is not None:
        assert dialog.evaluate("d => d.open") is True  # axe checked it open, at both widths
    assert problems == [], "\n".join(problems)


def test_module_page_renders_every_block_type(content, open_page):
    """Guards the accessibility tests above: they must check every block, not an empty page."""
    page = open_page(content.module_url).page

    # First visit: the notices and the list of stories.
    assert page.locator(".prose h2", has_text="What this module covers").is_visible()
    assert page.locator(".callout--tip", has_text="Take your time").is_visible()
    assert page.locator(".interstitial__title").all_inner_texts() == [
        "Before you start: Coming home",
        "Before you start: Back to work",
    ]
    assert page.locator(".interstitial .warnings", has_text="at 04:10").first.is_visible()
    assert page.locator(".slot--options .option__title").all_inner_texts() == [
        "Small things",
        "The quiet",
    ]
    assert page.locator(".support", has_text="Staff wellbeing line").is_visible()

    # Past the notices, and a story chosen: every modality shows.
    continue_past_notices(page)
    choose_story(page, "Small things")
    assert page.locator(".narrative--text .narrative__text").first.is_visible()
    assert page.locator(".narrative--audio audio.player track[kind=captions]").count() == 1
    assert page.locator(".narrative--video .embed").count() == 1
    assert page.locator(".narrative--poetry .narrative__text--poetry").is_visible()
    assert page.locator("form[data-take-break]").count() == 4
    assert page.locator(".narrative .warnings", has_text="at 04:10").first.is_visible()
    assert page.locator(".prompts li").all_inner_texts() == [
        "What surprised you?",
        "What helped Sam most?",
        "What did the narrator need from staff?",
    ]
    assert page.locator("dialog#break-dialog .support-list", has_text="Staff wellbeing line")


def test_text_narrative_reads_at_200_percent_zoom(content, open_page):
    """WCAG 1.4.10 / 1.4.4: at 200% zoom a 1280 px window is 640 CSS px wide with 2 device
    pixels per CSS pixel, which is what Chromium's own zoom does to the layout viewport."""
    visit = open_page(
        content.module_url, viewport={"width": 640, "height": 450}, device_scale_factor=2
    )
    page = visit.page
    assert page.evaluate("window.devicePixelRatio") == 2
    assert page.evaluate("window.innerWidth") == 640

    # The notice and its buttons fit too.
    notice = page.locator(".interstitial").first
    box = notice.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 640, box
    for button in notice.get_by_role("button").all():
        box = button.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 640, (button, box)

    continue_past_notices(page)
    text = page.locator(".narrative--text .narrative__text").first
    text.scroll_into_view_if_needed()

    assert text.is_visible()
    assert "The kettle was the loudest thing" in text.inner_text()
    box = text.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 640, box
    size = page.evaluate(HORIZONTAL_OVERFLOW)
    assert size["scrollWidth"] <= size["clientWidth"], size
