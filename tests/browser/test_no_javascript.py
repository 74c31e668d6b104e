"""With JavaScript off (locked-down hospital PCs) a module still works: native HTML only."""

import pytest

from .conftest import CONTINUE, choose_story, continue_past_notices

pytestmark = pytest.mark.browser


def test_module_page_works_without_javascript(content, open_page):
    visit = open_page(content.module_url, java_script_enabled=False)
    page = visit.page

    # The content-warning notices are plain forms: continuing past them needs no script.
    assert page.get_by_role("button", name=CONTINUE, exact=True).count() == 2
    assert page.locator(".narrative--text").count() == 0
    assert continue_past_notices(page) == 2

    # The text narrative is all there.
    text = page.locator(".narrative--text .narrative__text").first
    assert text.is_visible()
    assert "The kettle was the loudest thing" in text.inner_text()
    assert "she just put the telly on and sat with me" in text.inner_text()

    # The transcript toggle is a native <details>: it opens without any script.
    details = page.locator(".narrative--audio details.transcript").first
    transcript = details.get_by_text("Nobody checking on me every fifteen minutes")
    assert not transcript.is_visible()
    details.get_by_text("Read the transcript").click()
    assert details.get_attribute("open") == ""
    assert transcript.is_visible()

    # The embed offers a plain link instead of the (script-driven) play button.
    embed = page.locator(".narrative--video .embed")
    fallback = embed.get_by_role("link", name="Open it on YouTube")
    assert fallback.is_visible()
    assert fallback.get_attribute("href") == content.video.embed_url
    assert not embed.locator(".embed__load").is_visible()
    assert page.locator("iframe").count() == 0

    # "Take a break" is a plain form too (it goes to the support page: test_safe_viewing.py).
    assert page.locator("form[data-take-break] button").count() == 3
    assert page.locator("form[data-take-break] button").first.is_visible()

    # Choosing from a set of stories is a plain form.
    choose_story(page, "Small things")
    poem = page.locator(".narrative--poetry .narrative__text")
    assert "A name said kindly" in poem.inner_text()
    assert visit.blocked == []
