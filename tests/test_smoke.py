"""Smoke test: a migrated database with the demo loaded serves its main pages."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from courses.models import CoursePage, ModulePage
from narratives.models import Narrative
from tests.slots import continue_past_notices


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = settings.PROTECTED_MEDIA_ROOT = tmp_path
    settings.STORYBRIDGE_DEMO_USERS = True
    call_command("load_demo", stdout=StringIO())


def get_ok(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_page_lists_both_demo_courses(client, demo):
    html = get_ok(client, "/")
    assert "Supporting people&#x27;s mental health: an induction for care assistants" in html
    assert "Understanding recovery: learning from lived experience" in html
    assert "There are no courses yet" not in html
    assert "Example Care Trust (demo" in html


def test_course_page_shows_outcomes_and_modules(client, demo):
    course = CoursePage.objects.get(slug="understanding-recovery")
    html = get_ok(client, course.url)
    assert "Describe the five CHIME recovery themes" in html
    assert "In their own words" in html
    assert "Trainees (nursing and psychology)" in html


def test_in_their_own_words_module_renders_every_format(client, demo):
    module = ModulePage.objects.get(slug="in-their-own-words")
    html = get_ok(client, module.url)
    assert "Before you start:" in html  # the narratives with warnings wait behind a notice
    continue_past_notices(client, module)
    html = get_ok(client, module.url)
    assert "<h1>In their own words</h1>" in html
    # Text, audio with captions, click-to-load video, and the choice of three.
    assert "The kettle was the loudest thing" in html
    assert "Kettle on?" in html
    assert "<audio" in html
    assert '<track kind="captions"' in html
    # The demo's audio and its captions come through the consent-checked view, and play.
    audio = Narrative.objects.get(title="What helped on the ward")
    files = f"/narratives/{audio.uuid}/file"
    assert f'<source src="{files}/recording/">' in html
    assert f'<track kind="captions" src="{files}/captions/"' in html
    captions = client.get(f"{files}/captions/")
    assert captions.status_code == 200
    assert b"".join(captions.streaming_content).startswith(b"WEBVTT")
    recording = client.get(f"{files}/recording/")
    assert recording.status_code == 200 and recording["Content-Type"].startswith("audio/")
    assert (
        'data-embed-src="https://www.youtube-nocookie.com/embed/SBdemo00001'
        '?enablejsapi=1&amp;origin=http%3A%2F%2Ftestserver"'
    ) in html
    assert "<iframe" not in html
    assert "Choose one more story" in html
    assert html.count(">Choose this story<") == 3
    for title in ("Small hours", "Letters to my sister", "The allotment"):
        assert title in html
    assert "Illustrative narrative written for the Storybridge demo" in html
    assert "Detention in hospital: describes being kept in hospital under a section" in html
    assert "Example: your Employee Assistance Programme" in html


def test_admin_login_page_loads(client, demo):
    html = get_ok(client, "/admin/login/")
    assert 'name="username"' in html


def test_demo_admin_can_sign_in_and_load_the_dashboard(client, demo):
    assert client.login(username="admin", password="storybridge-admin")
    html = get_ok(client, "/admin/")
    assert "Demo Admin" in html
    assert "/admin/settings/core/storybridgesettings/" in html


def test_demo_educator_reaches_the_admin_and_the_learner_does_not(client, demo):
    assert client.login(username="educator", password="storybridge-educator")
    assert "Demo Educator" in get_ok(client, "/admin/")
    assert client.login(username="learner", password="storybridge-learner")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_due_for_review_report_lists_the_demo_narratives_that_need_attention(client, demo):
    assert client.login(username="curator", password="storybridge-curator")
    html = get_ok(client, reverse("narratives_due_for_review"))
    assert "Small hours" in html
    assert "Back at my desk" in html
    assert "The allotment" not in html
