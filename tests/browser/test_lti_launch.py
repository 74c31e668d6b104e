"""LTI launches in Chromium, from a real platform's course page with Storybridge in its iframe:
on the same site the module opens inside the LMS; on another site, where the browser keeps no
cookies in the frame, Storybridge offers a new window and the launch completes there. The
pages a launch shows are axe-clean and break no Content-Security-Policy rule."""

import pytest

from integrations.lti import registration
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
