"""Everything a learner needs works from the keyboard alone."""

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

MAX_TABS = 80
TRANSCRIPT = ".narrative--audio details.transcript"
YOUTUBE_HOSTS = ("youtube.com", "youtube-nocookie.com", "ytimg.com", "googlevideo.com", "youtu.be")
NOCOOKIE_PLAYER = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


def tab_to(page, selector):
    """Press Tab until the first element matching `selector` has focus; fail if it never does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(
            "selector => document.activeElement === document.querySelector(selector)", selector
        ):
            return
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    pytest.fail(f"{selector} never had focus after {MAX_TABS} Tabs; last focus: {focused}")


def is_youtube(url):
    host = urlsplit(url).hostname or ""
    return any(host == name or host.endswith("." + name) for name in YOUTUBE_HOSTS)


def test_transcript_opens_and_closes_from_the_keyboard(content, open_page):
    page = open_page(content.module_url).page
    details = page.locator(TRANSCRIPT).first
    text = details.get_by_text("Nobody checking on me every fifteen minutes")
    assert details.get_attribute("open") is None
    assert not text.is_visible()

    tab_to(page, f"{TRANSCRIPT} > summary")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Read the transcript"

    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open") is True
    assert text.is_visible()

    page.keyboard.press("Space")
    assert details.evaluate("d => d.open") is False
    assert not text.is_visible()

    page.keyboard.press("Enter")
    assert details.evaluate("d => d.open") is True


def test_embedded_player_loads_only_when_asked_from_the_keyboard(content, open_page):
    visit = open_page()
    page = visit.page
    player_requests = []

    def fake_player(route):
        player_requests.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<p>Stand-in player</p>")

    # Nothing leaves the machine: the player is answered locally (the context's guard would
    # otherwise abort it), so the test can see the frame load.
    page.route("https://www.youtube-nocookie.com/**", fake_player)
    visit.goto(content.module_url)

    embed = page.locator(".narrative--video .embed")
    button = embed.get_by_role("button", name=re.compile(r"^Play from YouTube$"))
    assert button.is_visible()
    assert page.locator("iframe").count() == 0
    assert [url for url in visit.requests + visit.blocked if is_youtube(url)] == []

    tab_to(page, ".narrative--video .embed__load")
    page.keyboard.press("Enter")

    frame = embed.locator("iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == NOCOOKIE_PLAYER
    assert frame.get_attribute("title") == "Back to work"
    assert button.count() == 0
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    page.frame_locator(".narrative--video .embed iframe").get_by_text("Stand-in player").wait_for()
    assert player_requests == [NOCOOKIE_PLAYER]
    assert [url for url in visit.blocked if is_youtube(url)] == []
    # The fallback link stays for networks that block embedded players.
    assert embed.get_by_role("link", name="Open it on YouTube").get_attribute("href") == (
        content.video.embed_url
    )
