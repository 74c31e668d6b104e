"""The "Attitude change" dashboard, with real figures, in Chromium: axe-core finds no serious or
critical violations at desktop width and at 360px, and the charts are there to be checked."""

import pytest
from django.urls import reverse

from assessments.questionnaire_models import Timepoint
from tests.assessments.factories_dashboard import learner, respond
from tests.assessments.factories_questionnaires import make_instrument, set_questionnaires
from tests.factories import CohortFactory, UserFactory

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
    from io import StringIO

    from django.core.management import call_command

    from courses.models import CoursePage

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
