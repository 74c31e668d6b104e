"""The "Attitude change" dashboard, with real figures, in Chromium: axe-core finds no serious or
critical violations at desktop width and at 360px, and the charts are there to be checked."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.questionnaires.models import Timepoint
from courses.models import CoursePage
from tests.assessments.factories_questionnaires import make_instrument, set_questionnaires
from tests.factories import CohortFactory, UserFactory
from tests.reporting.factories_dashboard import learner, respond

from .conftest import DESKTOP, PHONE
from .test_xss import sign_in_as

pytestmark = pytest.mark.browser

ROLES = ("care_assistant", "nursing_trainee", "psychology_trainee", "other_staff")


@pytest.fixture
def dashboard(django_db_serialized_rollback, live_server, course):
    instrument = make_instrument()
    instrument.reliability = "0.750"
    instrument.save()
    set_questionnaires(course, baseline=instrument, post=instrument)
    cohorts = [CohortFactory(course=course, name=name) for name in ("Alpha", "Bravo")]
    for index in range(26):
        enrolment = learner(course, cohorts[index % 2], ROLES[index % 3])
        low = 1 + index % 3
        respond(enrolment, instrument, Timepoint.PRE, [low, 6 - low, low + 1, 5 - low])
        if index < 20:
            high = min(5, low + 1 + index % 2)
            respond(enrolment, instrument, Timepoint.POST, [high, 6 - high, high, 6 - high])
    superuser = UserFactory(username="lead", is_superuser=True, is_staff=True)
    return reverse("attitude_change:course", args=[course.pk]), superuser


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
def test_the_dashboard_has_no_serious_axe_violations(
    dashboard, open_page, axe_violations, describe, viewport
):
    path, superuser = dashboard
    visit = open_page(viewport=viewport)
    sign_in_as(visit, superuser)
    visit.goto(path)
    page = visit.page

    assert page.get_by_role("heading", name="Change: Before the course (baseline)").is_visible()
    assert page.get_by_role("img", name="Total score: mean score with 95% confidence").count()
    assert page.locator('svg[role="img"]').count() == 6
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"the page scrolls sideways: {width}px"


def test_the_demo_dashboard_shows_simulated_figures_without_serious_axe_violations(
    django_db_serialized_rollback, live_server, open_page, axe_violations, describe
):
    """`load_demo --learners N` fills the dashboard on first run (issue 4)."""
    call_command("load_demo", learners=40, stdout=StringIO())
    course = CoursePage.objects.get(slug="care-assistant-induction")
    superuser = UserFactory(username="lead", is_superuser=True, is_staff=True)
    problems = []
    for viewport in (DESKTOP, PHONE):
        visit = open_page(viewport=viewport)
        sign_in_as(visit, superuser)
        visit.goto(reverse("attitude_change:course", args=[course.pk]))
        page = visit.page
        assert page.get_by_role("heading", name="Change: Before the course (baseline)").is_visible()
        assert page.locator('svg[role="img"]').count() >= 2
        violations = axe_violations(page)
        if violations:
            problems.append(describe(violations))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            problems.append(f"the page scrolls sideways at {viewport['width']}px: {width}px")
    assert problems == [], "\n".join(problems)


TABLES = """() => [...document.querySelectorAll('main table')].map((table) => {
  const region = table.closest('[role="region"]');
  return {
    caption: table.caption ? table.caption.textContent.trim() : '',
    tableWidth: table.getBoundingClientRect().width,
    regionWidth: region ? region.clientWidth : null,
    regionScrolls: region ? region.scrollWidth > region.clientWidth : null,
    label: region && region.getAttribute('aria-labelledby')
      ? document.getElementById(region.getAttribute('aria-labelledby')).textContent.trim() : '',
    tabindex: region ? region.getAttribute('tabindex') : null,
  };
})"""

FIRST_USES = """(words) => {
  const main = document.querySelector('main');
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  const first = {};
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('svg, script, style')) continue;
    for (const word of words) {
      if (word in first) continue;
      if (new RegExp('(^|[^A-Za-z])' + word + '($|[^A-Za-z])').test(node.textContent)) {
        const abbr = node.parentElement.closest('abbr[title]');
        first[word] = abbr ? abbr.getAttribute('title') : node.textContent.trim().slice(0, 80);
        first[word + ':abbr'] = Boolean(abbr);
      }
    }
  }
  return first;
}"""


def test_at_1280px_the_tables_fit_and_the_page_does_not_scroll_sideways(
    dashboard, open_page, axe_violations, describe
):
    path, superuser = dashboard
    visit = open_page(viewport=DESKTOP)
    sign_in_as(visit, superuser)
    visit.goto(path)
    page = visit.page

    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client, f"the page scrolls sideways: {scroll}px in {client}px"
    tables = page.evaluate(TABLES)
    assert len(tables) >= 5
    for table in tables:
        # Every table sits in a labelled, focusable region, and at 1280 px none scrolls in it.
        assert table["label"] == table["caption"] and table["tabindex"] == "0", table
        assert not table["regionScrolls"], f"{table['caption']} scrolls sideways: {table}"
    assert axe_violations(page) == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
def test_the_summary_comes_before_the_tables_and_every_abbreviation_is_defined(
    dashboard, open_page, axe_violations, describe, viewport
):
    path, superuser = dashboard
    visit = open_page(viewport=viewport)
    sign_in_as(visit, superuser)
    visit.goto(path)
    page = visit.page

    summary = page.get_by_role("region", name="In short:")
    heading = page.get_by_role("heading", name="In short: Before the course (baseline)")
    assert heading.is_visible()
    text = page.locator(".attitude-summary__text").first.inner_text()
    assert text.startswith("Attitudes improved")
    assert " on a 1 to 5 scale (could be between " in text
    assert "improved by more than chance" in text
    assert "Cohen, J. (1988)" in summary.inner_text()
    summary_top = heading.bounding_box()["y"]
    first_table = page.locator("main table").first.bounding_box()["y"]
    assert summary_top < first_table

    glossary = page.locator("section.attitude-glossary dl")
    terms = glossary.locator("dt").all_inner_texts()
    for term in ("n,", "SD,", "CI,", "dz", "dav", "RCI,", "Cronbach’s alpha", "p ("):
        assert any(t.startswith(term) or term in t for t in terms), (term, terms)
    first = page.evaluate(FIRST_USES, ["SD", "CI", "RCI"])
    for word in ("SD", "CI", "RCI"):
        assert first[f"{word}:abbr"], f"the first {word} is not in an <abbr title>: {first[word]}"
    for sub in ("z", "av"):
        d = page.locator(f"main abbr[title]:has(sub:text-is('{sub}'))")
        assert d.count() >= 2  # in the tables and in the glossary
    violations = axe_violations(page)
    assert violations == [], describe(violations)
