"""LTI launches in Chromium, from a real platform's course page with Storybridge in its iframe:
on the same site the module opens inside the LMS; on another site, where the browser keeps no
cookies in the frame, Storybridge offers a new window and the launch completes there; a teacher
picks a module (deep linking) and brings the roster; a learner's completion and score reach the
gradebook. The pages a launch shows are axe-clean and break no Content-Security-Policy rule."""

import pytest

from integrations.lti import grades, registration
from integrations.models import LtiCohort
from tests.core.personal_data import CHECK
from tests.integrations.lti_platform import Platform

from .test_xss import watch

pytestmark = pytest.mark.browser


def running_platform(live_server, settings, host):
    settings.SITE_BASE_URL = live_server.url
    platform = Platform(host=host).start()
    found = registration.save(
        name="Test LMS",
        deployment_ids=[platform.deployment_id],
        client_id=platform.client_id,
        **platform.urls,
    )
    addresses = registration.tool_addresses(live_server.url, found)
    platform.tool = {key: addresses[key] for key in ("login", "launch", "jwks")}
    return platform


@pytest.fixture
def module_page(django_db_serialized_rollback, live_server, make_module):
    return make_module(title="Listening well")


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"], ids=["same-site", "cross-site"])
def test_a_learner_opens_the_module_from_the_lms(
    module_page, live_server, settings, open_page, axe_violations, describe, host
):
    platform = running_platform(live_server, settings, host)
    try:
        visit = open_page(also_allow=[platform.base])
        events = watch(visit)
        page = visit.page
        page.goto(f"{platform.base}/lms?user=student&storybridge_page={module_page.pk}")
        frame = page.frame_locator("iframe")
        if host == "localhost":
            frame.get_by_role("heading", name="Listening well").wait_for()
            violations = axe_violations(page.frames[1])
            assert violations == [], describe(violations)
        else:
            frame.get_by_text("Open Storybridge in a new window").wait_for()
            violations = axe_violations(page.frames[1])
            assert violations == [], describe(violations)
            with page.expect_popup() as opening:
                frame.get_by_role("link", name="Open Storybridge in a new window").click()
            window = opening.value
            window.get_by_role("heading", name="Listening well").wait_for()
            assert window.url == f"{live_server.url}{module_page.url}"
        refused = ("Content Security Policy", "Refused to display", "X-Frame-Options")
        assert [e for e in events if any(word in e for word in refused)] == []
    finally:
        platform.stop()


def test_an_instructor_picks_a_module_inside_the_lms(
    module_page, live_server, settings, open_page, axe_violations, describe
):
    platform = running_platform(live_server, settings, "localhost")
    try:
        visit = open_page(also_allow=[platform.base])
        events = watch(visit)
        page = visit.page
        page.goto(f"{platform.base}/lms?user=teacher&kind=deeplink")
        frame = page.frame_locator("iframe")
        frame.get_by_role("heading", name="Choose what to add from Storybridge").wait_for()
        violations = axe_violations(page.frames[1])
        assert violations == [], describe(violations)
        frame.get_by_label("Listening well").check()
        frame.get_by_label("Also send each learner's knowledge-check score").check()
        frame.get_by_role("button", name="Add it to my course").click()
        frame.get_by_role("heading", name="Added to your course").wait_for()
        (claims,) = platform.deep_links
        (item,) = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
        assert item["custom"]["storybridge_page"] == str(module_page.pk)
        assert item["custom"]["storybridge_send_score"] == "1"
        assert [e for e in events if "Content Security Policy" in e] == []
    finally:
        platform.stop()


@pytest.fixture
def checked_module(django_db_serialized_rollback, live_server, make_module):
    return make_module(title="Checking in", body=[{**CHECK, "id": "k-1"}])


def test_the_teacher_brings_the_roster_and_the_learners_completion_reaches_the_gradebook(
    checked_module, live_server, settings, open_page
):
    platform = running_platform(live_server, settings, "localhost")
    try:
        # The teacher opens it first: the LMS course's roster comes in with them.
        teacher = open_page(also_allow=[platform.base])
        teacher.page.goto(f"{platform.base}/lms?user=teacher&storybridge_page={checked_module.pk}")
        teacher.page.frame_locator("iframe").get_by_role("heading", name="Checking in").wait_for()
        cohort = LtiCohort.objects.get().cohort
        names = set(cohort.enrolments.values_list("user__first_name", flat=True))
        assert names == {"Sam", "Quinn"}  # Quinn has never opened Storybridge
        # The learner answers the knowledge check inside the LMS, which completes the module.
        learner = open_page(also_allow=[platform.base])
        learner.page.goto(
            f"{platform.base}/lms?user=student&storybridge_page={checked_module.pk}"
            "&storybridge_send_score=1"
        )
        frame = learner.page.frame_locator("iframe")
        frame.get_by_label("Listening").check()
        frame.get_by_role("button", name="Check my answer").click()
        frame.get_by_text("Yes.").wait_for()
        assert grades.send_due() == {"sent": 1, "waiting": 0, "failed": 0}
        (score,) = platform.scores
        assert (score["userId"], score["scoreGiven"]) == ("lms-user-student", 100)
    finally:
        platform.stop()
