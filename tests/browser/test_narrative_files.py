"""A recording served through the consent-checked view plays and seeks in Chromium (issue 14,
"Narrative files only through consent": byte ranges work), and stops being served the moment
consent is withdrawn."""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from courses import enrolment as rules
from tests.factories import UserFactory

from .conftest import CONTINUE, _silent_wav
from .test_xss import sign_in_as

pytestmark = pytest.mark.browser

SECONDS = 30
SEEK_TO = 20


def test_a_learner_seeks_in_a_recording_served_through_the_consent_check(
    content, course, open_page
):
    audio = content.audio
    audio.media.file.save("a-longer-quiet.wav", ContentFile(_silent_wav(seconds=SECONDS)))
    audio.media.duration = SECONDS
    audio.media.save()
    learner = UserFactory(username="listener")
    rules.enrol(learner, course)
    address = f"/narratives/{audio.uuid}/file/recording/"

    visit = open_page()
    sign_in_as(visit, learner)
    page = visit.page
    answers = []
    page.on(
        "response",
        lambda r: answers.append((r.status, r.headers)) if r.url.endswith(address) else None,
    )
    visit.goto(content.module_url)
    notice = page.locator(".interstitial", has_text=f"Before you start: {audio.title}")
    if notice.count():
        with page.expect_navigation():
            notice.get_by_role("button", name=CONTINUE, exact=True).click()
    player = page.locator(f'article[data-narrative="{audio.uuid}"] audio').first
    assert player.locator("source").get_attribute("src") == address
    assert audio.media.file.url not in page.content()

    handle = player.element_handle()
    player.evaluate("audio => { audio.preload = 'metadata'; audio.load(); }")
    page.wait_for_function(
        "audio => audio.readyState >= 1 && audio.seekable.length > 0", arg=handle
    )
    assert player.evaluate("audio => audio.seekable.end(0)") >= SEEK_TO
    player.evaluate(
        """(audio, to) => new Promise(done => {
             audio.addEventListener("seeked", done, {once: true});
             audio.currentTime = to;
           })""",
        SEEK_TO,
    )
    assert player.evaluate("audio => audio.currentTime") == SEEK_TO
    # Chromium asked for byte ranges and the view answered them.
    assert answers and all(status == 206 for status, _headers in answers)
    assert answers[0][1]["accept-ranges"] == "bytes"
    assert answers[0][1]["content-type"] == "audio/wav"

    audio.consent.withdrawn = timezone.localdate()
    audio.consent.save()
    assert page.request.get(visit.base_url + address).status == 404
    assert visit.blocked == []
