"""axe-core finds no serious or critical problems; pages reflow at 360 px and at 200% zoom."""

import pytest

from .conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser

PAGES = ["home_url", "course_index_url", "course_url", "module_url"]
WIDTHS = {"desktop": DESKTOP, "360px": PHONE}

HORIZONTAL_OVERFLOW = """() => {
  const root = document.documentElement;
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth};
}"""


def open_all_disclosures(page):
    """Open every <details> so axe also checks what they hide (transcripts, choices)."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


@pytest.mark.parametrize("which", PAGES)
def test_page_has_no_serious_axe_violations_and_reflows_at_360px(
    content, open_page, axe_violations, describe, which
):
    """One test per page (the database is rebuilt for each test): axe at both widths, and no
    sideways scrolling at 360 px (WCAG 1.4.10). Every problem is reported, not just the first."""
    problems = []
    for width, viewport in WIDTHS.items():
        page = open_page(getattr(content, which), viewport=viewport).page
        assert page.locator("h1").count() == 1
        open_all_disclosures(page)
        violations = axe_violations(page)
        if violations:
            problems.append(f"axe on {which} at {width}:\n{describe(violations)}")
        if viewport is PHONE:
            size = page.evaluate(HORIZONTAL_OVERFLOW)
            assert size["clientWidth"] == PHONE["width"]
            if size["scrollWidth"] > size["clientWidth"]:
                problems.append(f"{which} scrolls sideways at 360px: {size}")

    assert problems == [], "\n".join(problems)


def test_module_page_renders_every_block_type(content, open_page):
    """Guards the accessibility tests above: they must check every block, not an empty page."""
    page = open_page(content.module_url).page

    assert page.locator(".prose h2", has_text="What this module covers").is_visible()
    assert page.locator(".callout--tip", has_text="Take your time").is_visible()
    assert page.locator(".narrative--text .narrative__text").first.is_visible()
    assert page.locator(".narrative--audio audio.player track[kind=captions]").count() == 2
    assert page.locator(".narrative--video .embed").count() == 1
    assert page.locator(".block-choice details.choice").count() == 2
    assert page.locator(".support", has_text="Staff wellbeing line").is_visible()
    assert page.locator(".warnings", has_text="at 04:10").first.is_visible()
    assert page.locator(".prompts li").all_inner_texts() == [
        "What surprised you?",
        "What helped Sam most?",
        "What did the narrator need from staff?",
    ]


def test_text_narrative_reads_at_200_percent_zoom(content, open_page):
    """WCAG 1.4.10 / 1.4.4: at 200% zoom a 1280 px window is 640 CSS px wide with 2 device
    pixels per CSS pixel, which is what Chromium's own zoom does to the layout viewport."""
    visit = open_page(
        content.module_url, viewport={"width": 640, "height": 450}, device_scale_factor=2
    )
    page = visit.page
    assert page.evaluate("window.devicePixelRatio") == 2
    assert page.evaluate("window.innerWidth") == 640

    text = page.locator(".narrative--text .narrative__text").first
    text.scroll_into_view_if_needed()

    assert text.is_visible()
    assert "The kettle was the loudest thing" in text.inner_text()
    box = text.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 640, box
    size = page.evaluate(HORIZONTAL_OVERFLOW)
    assert size["scrollWidth"] <= size["clientWidth"], size
