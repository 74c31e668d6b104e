"""Everything a learner needs works from the keyboard alone."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings

from .conftest import continue_past_notices, tab_to

pytestmark = pytest.mark.browser

TRANSCRIPT = ".narrative--audio details.transcript"
YOUTUBE_HOSTS = ("youtube.com", "youtube-nocookie.com", "ytimg.com", "googlevideo.com", "youtu.be")


def is_youtube(url):
    host = urlsplit(url).hostname or ""
    return any(host == name or host.endswith("." + name) for name in YOUTUBE_HOSTS)


def test_transcript_opens_and_closes_from_the_keyboard(content, open_page):
    page = open_page(content.module_url).page
    # The keyboard learner goes past each content-warning notice first, as anyone would.
    assert continue_past_notices(page, keyboard=True) == 2
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
    # The video waits behind its content-warning notice; nothing of it loads before or after.
    assert page.locator(".narrative--video").count() == 0
    assert continue_past_notices(page, keyboard=True) == 2

    embed = page.locator(".narrative--video .embed")
    button = embed.get_by_role("button", name=re.compile(r"^Play from YouTube$"))
    assert button.is_visible()
    assert page.locator("iframe").count() == 0
    assert [url for url in visit.requests + visit.blocked if is_youtube(url)] == []

    tab_to(page, ".narrative--video .embed__load")
    page.keyboard.press("Enter")

    frame = embed.locator("iframe")
    frame.wait_for(state="attached")
    src = frame.get_attribute("src")
    player = urlsplit(src)
    assert (player.scheme, player.hostname, player.path) == (
        "https",
        "www.youtube-nocookie.com",
        "/embed/dQw4w9WgXcQ",
    )
    # The player answers messages ("Take a break" pauses it, tracking.js follows it) only with
    # enablejsapi=1, and only from the origin it names: the site's.
    query = parse_qs(player.query)
    assert query["enablejsapi"] == ["1"]
    assert query["origin"] == [settings.SITE_BASE_URL]
    assert frame.get_attribute("title") == "Back to work"
    assert button.count() == 0
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    page.frame_locator(".narrative--video .embed iframe").get_by_text("Stand-in player").wait_for()
    assert player_requests == [src]
    assert [url for url in visit.blocked if is_youtube(url)] == []
    # The fallback link stays for networks that block embedded players.
    assert embed.get_by_role("link", name="Open it on YouTube").get_attribute("href") == (
        content.video.embed_url
    )
