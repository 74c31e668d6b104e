"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per session; every test gets fresh contexts. Nothing leaves the machine: each context
routes every request that is not for the live server to an abort, and records it.
"""

import datetime
import io
import os
import re
import shutil
import wave
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connections
from playwright.sync_api import sync_playwright
from wagtail.models import Site
from wagtailmedia.models import Media

from core.models import StorybridgeSettings
from narratives.models import ContentWarning, Narrative, Theme

from ..factories import LearningOutcomeFactory, NarrativeFactory, NarrativeWarningFactory

HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("STORYBRIDGE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_JS = Path(settings.BASE_DIR) / ".deps" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
YOUTUBE_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

TEXT_NARRATIVE_BODY = (
    "<p>I remember the day I came home. The kettle was the loudest thing in the flat, "
    "and I stood in the kitchen listening to it like it was music.</p>"
    "<p>My sister came round every evening that first week. She never asked how I was; "
    "she just put the telly on and sat with me.</p>"
)
AUDIO_TRANSCRIPT = (
    "The first thing I noticed was the quiet.\n\n"
    "Nobody checking on me every fifteen minutes. I did not know what to do with my hands."
)
VIDEO_TRANSCRIPT = "I went back to work part-time in the spring. My manager met me at the door."
CAPTIONS = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nThe first thing I noticed was the quiet.\n"


def _silent_wav(seconds=1, rate=8000):
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(b"\x00\x00" * rate * seconds)
    return buffer.getvalue()


# --- the browser -----------------------------------------------------------------------------


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests after every other test (and after pytest-django's own ordering):
    while the session's browser is up this thread has a running event loop, which other tests
    must never see. Those of other folders, which start and stop a Playwright of their own
    (tests/assessments, tests/reporting), go first: a second Playwright cannot start while this
    folder's session browser runs."""
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    if browser_tests:
        items[:] = [item for item in items if not item.get_closest_marker("browser")]
        items.extend(sorted(browser_tests, key=lambda item: Path(item.path).parent == HERE))


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS}). Run `make install-test` to install it.")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def browser(django_db_setup):
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is missing ({CHROMIUM}). Run `make install-test` to install it.")
    # Playwright's sync API marks an event loop as running in this thread between calls, and
    # Django then keys database connections by context instead of by thread: the test code
    # would get fresh connections without the serialized test data (and, on PostgreSQL, a
    # second session). Keep using the connections the test database was set up with.
    wrappers = {alias: connections[alias] for alias in connections}
    # The same loop makes Django refuse ORM calls from this thread (fixtures build content while
    # the browser is open). Only for as long as the browser runs: subprocesses started by other
    # tests must not inherit it (`check --deploy` rejects it).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        for alias, wrapper in wrappers.items():
            connections[alias] = wrapper
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Visit:
    """A page plus every request it made and every request the guard stopped."""

    page: object
    base_url: str
    requests: list = field(default_factory=list)
    blocked: list = field(default_factory=list)

    def goto(self, path):
        return self.page.goto(self.base_url + path)


@pytest.fixture
def open_page(browser, live_server):
    """`open_page(path, viewport=..., also_allow=(origins...), **context_options)` -> Visit, in
    a fresh context that reaches the live server (and `also_allow`, local peers such as a test
    identity provider) only."""
    contexts = []

    def open_(path=None, viewport=DESKTOP, also_allow=(), **options):
        context = browser.new_context(viewport=viewport, service_workers="block", **options)
        contexts.append(context)
        context.set_default_timeout(10_000)
        page = context.new_page()
        visit = Visit(page=page, base_url=live_server.url)
        page.on("request", lambda request: visit.requests.append(request.url))

        def guard(route):
            url = route.request.url
            if url.startswith(live_server.url + "/") or any(
                url.startswith(origin + "/") for origin in also_allow
            ):
                route.continue_()
            else:
                visit.blocked.append(route.request.url)
                route.abort("blockedbyclient")

        context.route("**/*", guard)
        if path is not None:
            visit.goto(path)
        return visit

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def axe_violations(axe_source):
    """`axe_violations(page)` -> the serious and critical axe violations on the page."""

    def run(page):
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through DevTools, not added as an inline <script>: the page's
            # Content-Security-Policy (rightly) refuses inline scripts.
            page.evaluate(axe_source)
        results = page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]

    return run


def describe_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"]:
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"    {' '.join(map(str, node['target']))} -- {summary}")
    return "\n".join(lines)


@pytest.fixture
def describe():
    return describe_violations


# --- content ---------------------------------------------------------------------------------


@dataclass
class Content:
    home_url: str
    course_index_url: str
    course_url: str
    module_url: str
    text: Narrative
    audio: Narrative
    video: Narrative


@pytest.fixture
def content(django_db_serialized_rollback, live_server, course, make_module):
    """A course whose first module uses every block type and every narrative modality.

    Serialized rollback restores the migrations' rows (home page, warnings, groups) after each
    transactional test flushes the database.
    """
    LearningOutcomeFactory(course=course)
    LearningOutcomeFactory(course=course, text="Use a person's own words when you talk with them.")
    site = Site.objects.get(is_default_site=True)
    StorybridgeSettings.objects.update_or_create(
        site=site,
        defaults={
            "organisation_name": "Northfield NHS Trust",
            "support_resources": [
                {
                    "type": "resource",
                    "value": {
                        "name": "Staff wellbeing line",
                        "description": "Confidential support for anyone working here.",
                        "phone": "0800 123 4567",
                        "url": "https://example.org/wellbeing",
                        "hours": "Every day, 8am to 8pm",
                    },
                }
            ],
        },
    )

    text = NarrativeFactory(
        title="Coming home",
        narrator_pseudonym="Sam",
        summary="Sam talks about the months after leaving hospital and who helped.",
        text_body=TEXT_NARRATIVE_BODY,
        duration=datetime.timedelta(minutes=3),
    )
    NarrativeWarningFactory(narrative=text)
    NarrativeWarningFactory(
        narrative=text,
        warning=ContentWarning.objects.get(slug="suicide"),
        note="mentions thoughts of suicide",
        timestamp="",
    )

    media = Media.objects.create(
        title="The quiet (audio)",
        type="audio",
        duration=1,
        file=ContentFile(_silent_wav(), name="the-quiet.wav"),
    )
    audio = NarrativeFactory(
        title="The quiet",
        narrator_pseudonym="Priya",
        summary="Priya describes the first night at home after six weeks on a ward.",
        modality=Narrative.Modality.AUDIO,
        text_body="",
        media=media,
        captions=ContentFile(CAPTIONS.encode(), name="the-quiet.vtt"),
        transcript=AUDIO_TRANSCRIPT,
        duration=datetime.timedelta(seconds=1),
        attribution="Recorded with the Northfield recovery college",
        licence="CC BY-NC-ND 4.0",
    )
    video = NarrativeFactory(
        title="Back to work",
        narrator_pseudonym="Jo",
        summary="Jo talks about going back to work and the manager who made it possible.",
        modality=Narrative.Modality.VIDEO,
        text_body="",
        embed_url=YOUTUBE_URL,
        transcript=VIDEO_TRANSCRIPT,
        duration=datetime.timedelta(minutes=4, seconds=30),
    )
    NarrativeWarningFactory(
        narrative=video,
        warning=ContentWarning.objects.get(slug="suicide"),
        note="talks about a friend who died",
        timestamp="02:15",
    )
    poem = NarrativeFactory(
        title="Small things",
        narrator_pseudonym="Ade",
        summary="A short poem about the small kindnesses that helped.",
        modality=Narrative.Modality.POETRY,
        text_body="<p>A cup of tea\nA window open\nA name said kindly</p>",
    )

    body = [
        {
            "type": "text",
            "value": "<h2>What this module covers</h2><p>Three people talk about coming "
            "home from hospital and what helped.</p>",
        },
        {
            "type": "callout",
            "value": {
                "style": "tip",
                "title": "Take your time",
                "body": "<p>You can pause at any point and come back later.</p>",
            },
        },
        {
            "type": "narrative",
            "value": {
                "narrative": text.pk,
                "framing": "<p>Listen for <strong>who</strong> helped, and how.</p>",
                "discussion_prompts": ["What surprised you?", "What helped Sam most?"],
            },
        },
        # No discussion_prompts key: a ListBlock's default is one empty item, never shown.
        {"type": "narrative", "value": {"narrative": audio.pk, "framing": ""}},
        {
            "type": "narrative",
            "value": {"narrative": video.pk, "framing": "", "discussion_prompts": []},
        },
        {
            "type": "narrative_choice",
            "value": {
                "prompt": "Choose the story you would like to hear",
                "framing": "<p>Both are short.</p>",
                "narratives": [poem.pk, audio.pk],
                "discussion_prompts": ["What did the narrator need from staff?"],
            },
        },
        {
            "type": "callout",
            "value": {
                "style": "important",
                "title": "",
                "body": "<p>Talk to your educator if anything here worries you.</p>",
            },
        },
        {"type": "support", "value": {"heading": "If this brings things up for you", "body": ""}},
    ]
    module = make_module(title="Coming home", body=body)
    make_module(title="Going back to work")
    return Content(
        home_url="/",
        course_index_url=course.get_parent().url,
        course_url=course.url,
        module_url=module.url,
        text=text,
        audio=audio,
        video=video,
    )


# --- moving through a module's narrative slots (issue 3) --------------------------------------

MAX_TABS = 80
CONTINUE = "Continue to the story"


def has_focus(page, target):
    """Whether `target` has focus: a Playwright locator, or a CSS selector (its first match)."""
    if isinstance(target, str):
        return page.evaluate(
            "selector => document.activeElement === document.querySelector(selector)", target
        )
    return target.evaluate("element => element === document.activeElement")


def tab_to(page, target):
    """Press Tab until `target` (a locator or a CSS selector) has focus; fail if it never does."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if has_focus(page, target):
            return
    focused = page.evaluate("document.activeElement && document.activeElement.outerHTML")
    pytest.fail(f"{target} never had focus after {MAX_TABS} Tabs; last focus: {focused}")


def press_and_follow(page, button, *, keyboard=False):
    """Submit a form with `button` (a locator) and wait for the page it leads to: by mouse, or
    from the keyboard (Tab until the button has focus, then Enter)."""
    with page.expect_navigation():
        if keyboard:
            tab_to(page, button)
            page.keyboard.press("Enter")
        else:
            button.click()


def continue_past_notices(page, *, keyboard=False):
    """Press "Continue to the story" on every content-warning interstitial of the module page,
    one after the other (each post comes back to the page). Returns how many there were."""
    pressed = 0
    while (buttons := page.get_by_role("button", name=CONTINUE, exact=True)).count():
        before = buttons.count()
        press_and_follow(page, buttons.first, keyboard=keyboard)
        assert page.get_by_role("button", name=CONTINUE, exact=True).count() == before - 1
        pressed += 1
    return pressed


def story_option(page, title):
    """The entry for `title` in a list of stories to choose from."""
    return page.locator("li.option").filter(
        has=page.locator(".option__title", has_text=re.compile(f"^{re.escape(title)}$"))
    )


def choose_story(page, title, *, keyboard=False):
    """Press "Choose this story" for `title` in a list of stories, then go past its
    interstitial if it has one."""
    press_and_follow(page, story_option(page, title).get_by_role("button"), keyboard=keyboard)
    notice = page.locator(".interstitial", has_text=f"Before you start: {title}")
    if notice.count():
        button = notice.get_by_role("button", name=CONTINUE, exact=True)
        press_and_follow(page, button, keyboard=keyboard)


def slot_for(page, text):
    """The narrative slot (<section class="slot">) that shows `text`."""
    return page.locator("section.slot", has_text=text)


@pytest.fixture
def alternative(content):
    """A story without warnings on the same theme as the text narrative "Coming home", so its
    interstitial also offers "Choose another story"."""
    hope = Theme.objects.get(slug="hope")
    story = NarrativeFactory(
        title="Walking the dog",
        narrator_pseudonym="Lee",
        summary="Lee talks about the walks that got them out of the house.",
        text_body="<p>Every morning the dog waited by the door, and so I went.</p>",
    )
    for narrative in (content.text, story):
        narrative.themes.set([hope])
        narrative.save()  # a ParentalManyToManyField is stored on save
    return story
