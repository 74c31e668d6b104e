"""The engagement report and the export page in a real browser (Debian's Chromium): the funnel
chart and the tables render, and axe-core finds no serious or critical violation.

Self-contained like test_questionnaire_browser.py: it opens and closes its own Playwright."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from courses.viewing_models import Choice
from tests.assessments.factories_questionnaires import make_instrument
from tests.factories import NarrativeFactory

from .factories_engagement import decide, enrol, progress, respond

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE_JS = Path(settings.BASE_DIR) / ".deps" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = os.environ.get("STORYBRIDGE_SCREENSHOTS")


@pytest.fixture
def educator_page(chromium, live_server, client, course, cohort, educator, make_module):
    story = NarrativeFactory(title="The night shift")
    one = make_module(
        title="Coming home",
        body=[
            {
                "type": "narrative",
                "value": {"narrative": story.pk, "framing": "", "discussion_prompts": []},
                "id": "slot-one",
            }
        ],
    )
    two = make_module(title="Going back to work", body=[])
    instrument = make_instrument()
    for index, enrolment in enumerate(enrol(course, cohort, 8, "alpha")):
        progress(enrolment, one, completed=index < 7)
        if index < 3:
            progress(enrolment, two)
        decide(enrolment, one, story, Choice.CONTINUE, Choice.EXPERIENCED)
        respond(enrolment, instrument, "pre", [4, 2, 3, 5])
    client.force_login(educator)
    context = chromium.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page):
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS}). Run `make install-test` to install it.")
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']}: {v['help']}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_the_engagement_report_and_export_page(educator_page, live_server, course):
    page = educator_page
    page.goto(live_server.url + reverse("engagement:index"))
    page.get_by_role("link", name="Engagement in Recovery basics").click()

    expect(page.get_by_role("img", name="Completion funnel for Recovery basics")).to_be_visible()
    # Bars: enrolled 8, started "Coming home" 8, completed the second module 0 and the course 0.
    # 7 completed "Coming home" is withheld (8 - 7 would single one out); 3 started the second.
    assert page.locator("svg rect[fill='#007d7e']").count() == 4
    table = page.get_by_role("table", name="Learners who started and completed each module")
    assert "Coming home" in table.inner_text()
    assert "withheld" in table.inner_text()
    # The chart keeps its own width from the stylesheet (no inline style): 560 px at most.
    chart = page.get_by_role("img", name="Completion funnel for Recovery basics")
    assert chart.bounding_box()["width"] <= 560
    stories = page.get_by_role("table", name="What learners did with each story")
    expect(stories.get_by_role("rowheader", name="The night shift")).to_be_visible()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/engagement.png", full_page=True)
    assert serious_violations(page) == []

    page.get_by_role("link", name="Questionnaire export").click()
    expect(page.get_by_role("link", name="CSV of Thinking about recovery (1)")).to_be_visible()
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/export.png", full_page=True)
    assert serious_violations(page) == []
