"""Playback tracking in Chromium (issue 5, "Capture from the browser"): a learner listens to the
demo's audio narrative, pauses, seeks and leaves the page; the script's batches (fetch, and the
beacon on page hide) become Audio Profile statements, stored with what was really played.

Rules checked: Video Profile statement templates, which the Audio Profile shares (initialized
with length and completion-threshold; played with time; paused with time, progress and
played-segments; seeked with time-from and time-to; terminated with time, progress and
played-segments); one session-id for the whole page view of the player; registration = the
enrolment (DESIGN.md, "xAPI")."""

import re
import time
from io import StringIO

import pytest
from django.core.management import call_command

from courses import enrolment as rules
from courses.models import CoursePage
from narratives.models import Narrative
from tests.factories import UserFactory
from tracking import vocabulary as v
from tracking.models import Statement

from .conftest import CONTINUE
from .test_xss import sign_in_as

pytestmark = pytest.mark.browser

AUDIO_TITLE = "What helped on the ward"
WAIT = 15  # seconds at most for the server to receive the page's last beacon


def playback_rows(user, narrative):
    """The learner's statements about the narrative's playback (other helpers' statements,
    such as the content warning's, are about other activities)."""
    return Statement.objects.filter(user=user, activity__endswith=f"/narrative/{narrative.uuid}")


def stored_verbs(user, narrative):
    return list(playback_rows(user, narrative).values_list("verb", flat=True))


def wait_for_statement(user, narrative, verb):
    deadline = time.monotonic() + WAIT
    while verb not in stored_verbs(user, narrative):
        if time.monotonic() > deadline:
            pytest.fail(f"no {verb} statement arrived; stored: {stored_verbs(user, narrative)}")
        time.sleep(0.2)


def test_listening_pausing_seeking_and_leaving_store_audio_profile_statements(
    django_db_serialized_rollback, live_server, open_page
):
    call_command("load_demo", stdout=StringIO())
    audio = Narrative.objects.get(title=AUDIO_TITLE)
    course = CoursePage.objects.get(slug="understanding-recovery")
    module = next(m for m in course.modules if audio.pk in m.specific.narrative_ids())
    learner = UserFactory(username="listener")
    enrolment = rules.enrol(learner, course)

    visit = open_page()
    sign_in_as(visit, learner)
    page = visit.page
    visit.goto(module.url)
    notice = page.locator(".interstitial", has_text=f"Before you start: {AUDIO_TITLE}")
    if notice.count():
        with page.expect_navigation():
            notice.get_by_role("button", name=CONTINUE, exact=True).click()
    player = page.locator(f'article[data-narrative="{audio.uuid}"] audio')
    assert player.count() == 1
    assert page.locator("#sb-xapi-config").count() == 1

    # A click is the user gesture that lets the page start playing.
    page.locator(f'article[data-narrative="{audio.uuid}"] .narrative__title').click()
    player.evaluate("audio => audio.play()")
    page.wait_for_function(
        "audio => audio.currentTime > 2", arg=player.element_handle(), timeout=20_000
    )
    player.evaluate("audio => audio.pause()")
    page.wait_for_function("audio => audio.paused", arg=player.element_handle())
    paused_at = player.evaluate("audio => audio.currentTime")
    player.evaluate(
        """audio => new Promise(done => {
             audio.addEventListener("seeked", done, {once: true});
             audio.currentTime = 30;
           })"""
    )
    assert player.evaluate("audio => audio.currentTime") == 30
    duration = player.evaluate("audio => audio.duration")
    visit.goto(course.url)  # page hide: terminated, sent with the beacon

    wait_for_statement(learner, audio, v.TERMINATED)
    rows = {row.verb: row.data for row in playback_rows(learner, audio)}
    assert len(rows) == playback_rows(learner, audio).count()  # each verb once
    assert set(rows) == {v.INITIALIZED, v.PLAYED, v.PAUSED, v.SEEKED, v.TERMINATED}
    sessions = {data["context"]["extensions"][v.EXT_SESSION_ID] for data in rows.values()}
    assert len(sessions) == 1
    for data in rows.values():
        assert data["object"]["id"].endswith(f"/narrative/{audio.uuid}")
        assert data["object"]["definition"]["type"] == v.AUDIO
        assert data["context"]["registration"] == str(enrolment.uuid)
    assert rows[v.INITIALIZED]["context"]["extensions"][v.EXT_LENGTH] == pytest.approx(
        duration, abs=0.001
    )
    assert rows[v.PLAYED]["result"]["extensions"][v.EXT_TIME] == pytest.approx(0, abs=0.5)
    paused = rows[v.PAUSED]["result"]["extensions"]
    assert paused[v.EXT_TIME] == pytest.approx(paused_at, abs=0.001)
    segment = re.fullmatch(r"([\d.]+)\[\.\]([\d.]+)", paused[v.EXT_PLAYED_SEGMENTS])
    assert segment, paused[v.EXT_PLAYED_SEGMENTS]
    assert float(segment.group(1)) == pytest.approx(0, abs=0.5)
    assert float(segment.group(2)) == pytest.approx(paused_at, abs=0.5)
    assert paused[v.EXT_PROGRESS] == pytest.approx(paused_at / duration, abs=0.02)
    assert rows[v.SEEKED]["result"]["extensions"] == {
        v.EXT_TIME_FROM: pytest.approx(paused_at, abs=0.5),
        v.EXT_TIME_TO: 30,
    }
    terminated = rows[v.TERMINATED]["result"]["extensions"]
    assert terminated[v.EXT_TIME] == 30
    assert terminated[v.EXT_PLAYED_SEGMENTS] == paused[v.EXT_PLAYED_SEGMENTS]
    assert terminated[v.EXT_PROGRESS] == paused[v.EXT_PROGRESS]
    assert visit.blocked == []
