"""Taking a break, or asking for support, makes the learner's own player report nothing (issue 14,
finding 5). The server only counts a break (tracking/sensitive.py); the tracking script must not
give it away either: the pause a break causes, and the page being left because of a break or a
support request, are not reported, so no statement of the learner's lies next to one.

What each test waits for is every batch the page posted to /xapi/events/ (fetch or beacon) to
have been answered, so nothing can still arrive when it looks at what was stored."""

import datetime
import json
import time
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from wagtailmedia.models import Media

from courses import enrolment as rules
from narratives.models import Narrative
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory
from tracking import activities
from tracking import vocabulary as v
from tracking.models import SensitiveEventCount, Statement

from .conftest import _silent_wav
from .test_xss import sign_in_as

pytestmark = pytest.mark.browser

LENGTH = 60  # seconds: long enough that the recording never ends by itself here
WAIT = 20  # seconds at most for the page's batches to be answered
NO_DIALOG = "delete HTMLDialogElement.prototype.showModal;"  # an old browser, as far as we care


# Run in every page before its scripts: keep a copy of every batch of player events the page
# sends (fetch, or the beacon as it is left) in the tab's sessionStorage, which outlives the
# page, so the test knows exactly what was sent whatever page it is on by then.
KEEP_POSTS = """(() => {
  const keep = (batch) => {
    const kept = JSON.parse(sessionStorage.getItem("posted") || "[]");
    kept.push(JSON.parse(batch));
    sessionStorage.setItem("posted", JSON.stringify(kept));
  };
  const beacon = navigator.sendBeacon.bind(navigator);
  navigator.sendBeacon = (url, data) => {
    if (String(url).endsWith("/xapi/events/")) keep(data.get("batch"));
    return beacon(url, data);
  };
  const send = window.fetch.bind(window);
  window.fetch = (url, options) => {
    if (String(url).endsWith("/xapi/events/")) keep(options.body);
    return send(url, options);
  };
})();"""


def posted(page):
    """The types of every player event the tab's pages sent, in the order sent."""
    batches = json.loads(page.evaluate("sessionStorage.getItem('posted') || '[]'"))
    return [event["type"] for batch in batches for event in batch["events"]]


def settle(page, learner, narrative):
    """Wait until the server has stored a statement for each event the tab sent."""
    deadline = time.monotonic() + WAIT
    while len(stored(learner, narrative)) < len(posted(page)):
        if time.monotonic() > deadline:
            pytest.fail(f"sent {posted(page)}; stored {stored(learner, narrative)}")
        page.wait_for_timeout(100)


@pytest.fixture
def listening(django_db_serialized_rollback, live_server, course, make_module):
    """A module with a recording that plays straight away and, after it, a story behind a
    content-warning notice; a learner enrolled on its course."""
    media = Media.objects.create(
        title="The long quiet (audio)",
        type="audio",
        duration=LENGTH,
        file=ContentFile(_silent_wav(LENGTH), name="the-long-quiet.wav"),
    )
    audio = NarrativeFactory(
        title="The long quiet",
        modality=Narrative.Modality.AUDIO,
        text_body="",
        media=media,
        transcript="Nobody checking on me every fifteen minutes.",
        duration=datetime.timedelta(seconds=LENGTH),
    )
    hard = NarrativeFactory(title="The hard night", summary="About a night on the ward.")
    NarrativeWarningFactory(narrative=hard)
    module = make_module(
        body=[
            {"type": "narrative", "value": {"narrative": audio.pk, "framing": ""}},
            {"type": "narrative", "value": {"narrative": hard.pk, "framing": ""}},
        ]
    )
    learner = UserFactory(username="listener")
    rules.enrol(learner, course)
    return module, audio, hard, learner


def open_as_learner(open_page, listening, *scripts):
    """The module page, in a fresh context, for the enrolled learner; `scripts` run in each
    page before its own (as KEEP_POSTS does)."""
    module, audio, _hard, learner = listening
    visit = open_page()
    for script in (KEEP_POSTS, *scripts):
        visit.page.add_init_script(script)
    sign_in_as(visit, learner)
    visit.goto(module.url)
    player = visit.page.locator(f'article[data-narrative="{audio.uuid}"] audio')
    assert player.count() == 1
    assert visit.page.locator("#sb-xapi-config").count() == 1  # the tracking script is there
    return visit, player


def play(page, player, audio, past=1):
    """Start the recording (a click is the gesture that lets the page play), and wait until it
    is past `past` seconds."""
    page.locator(f'article[data-narrative="{audio.uuid}"] .narrative__title').click()
    player.evaluate("audio => audio.play()")
    page.wait_for_function(
        f"audio => !audio.paused && audio.currentTime > {past}", arg=player.element_handle()
    )


def pause(page, player):
    """The learner pauses the recording; returns where."""
    player.evaluate("audio => audio.pause()")
    page.wait_for_function("audio => audio.paused", arg=player.element_handle())
    return player.evaluate("audio => audio.currentTime")


PLAYER_VERBS = {
    v.INITIALIZED: "initialized",
    v.PLAYED: "played",
    v.PAUSED: "paused",
    v.SEEKED: "seeked",
    v.COMPLETED: "completed",
    v.TERMINATED: "terminated",
}


def stored(learner, narrative):
    """The verbs of the learner's statements about playing the narrative, in the order they
    happened."""
    rows = Statement.objects.filter(
        user=learner, verb__in=PLAYER_VERBS, activity=activities.narrative_id(narrative)
    )
    return [
        PLAYER_VERBS[verb] for verb in rows.order_by("timestamp").values_list("verb", flat=True)
    ]


def test_a_break_pauses_the_player_without_a_statement_and_the_learner_carries_on(
    listening, open_page
):
    """The break pauses the recording and reports nothing; the learner's own resume reports
    nothing either (for the player the break never happened), their own pause later does, with
    what was really played: one segment, from the start to where they paused."""
    _module, audio, _hard, learner = listening
    visit, player = open_as_learner(open_page, listening)
    page = visit.page
    play(page, player, audio)

    with page.expect_response("**/support/break/"):
        page.get_by_role("button", name="Take a break").click()
    page.wait_for_function("audio => audio.paused", arg=player.element_handle())
    assert page.locator("#break-dialog").evaluate("d => d.open") is True
    page.get_by_role("button", name="Go back to the story").click()

    play(page, player, audio, past=player.evaluate("audio => audio.currentTime") + 1)
    paused_at = pause(page, player)
    visit.goto("/")  # leaving the page: the rest goes with the beacon
    settle(page, learner, audio)

    assert posted(page) == ["initialized", "played", "paused", "terminated"]
    assert stored(learner, audio) == ["initialized", "played", "paused", "terminated"]
    paused = Statement.objects.get(user=learner, verb=v.PAUSED).data["result"]["extensions"]
    assert paused[v.EXT_TIME] == pytest.approx(paused_at, abs=0.001)
    start, end = (float(x) for x in paused[v.EXT_PLAYED_SEGMENTS].split("[.]"))
    assert start == pytest.approx(0, abs=0.5) and end == pytest.approx(paused_at, abs=0.001)
    # Counted, never recorded as it happened (tracking/sensitive.py).
    assert not Statement.objects.filter(verb=v.TOOK_A_BREAK).exists()
    assert SensitiveEventCount.objects.get().count == 1


def test_leaving_after_a_break_reports_nothing(listening, open_page):
    _module, audio, _hard, learner = listening
    visit, player = open_as_learner(open_page, listening)
    page = visit.page
    play(page, player, audio)

    with page.expect_response("**/support/break/"):
        page.get_by_role("button", name="Take a break").click()
    with page.expect_navigation():
        page.locator("#break-dialog").get_by_role("link", name="Leave for now").click()
    settle(page, learner, audio)

    assert posted(page) == ["initialized", "played"]
    assert stored(learner, audio) == ["initialized", "played"]


def test_a_break_without_the_dialog_posts_the_form_and_the_page_left_reports_nothing(
    listening, open_page
):
    """A browser without <dialog>: the form posts and the support page replaces the module
    page, which reports nothing of the player it left."""
    _module, audio, _hard, learner = listening
    visit, player = open_as_learner(open_page, listening, NO_DIALOG)
    page = visit.page
    play(page, player, audio)

    with page.expect_navigation():
        page.get_by_role("button", name="Take a break").click()
    assert urlsplit(page.url).path == "/support/"
    settle(page, learner, audio)

    assert posted(page) == ["initialized", "played"]
    assert stored(learner, audio) == ["initialized", "played"]
    assert SensitiveEventCount.objects.get().count == 1


def test_get_support_on_a_notice_reports_nothing_of_the_players_left(listening, open_page):
    """Get support, on the notice of the next story, leaves the page for the support page: the
    recording the learner listened to and paused reports nothing more."""
    _module, audio, hard, learner = listening
    visit, player = open_as_learner(open_page, listening)
    page = visit.page
    play(page, player, audio)
    pause(page, player)

    notice = page.locator(".interstitial", has_text=f"Before you start: {hard.title}")
    with page.expect_navigation():
        notice.get_by_role("button", name="Get support").click()
    assert urlsplit(page.url).path == "/support/"
    settle(page, learner, audio)

    assert posted(page) == ["initialized", "played", "paused"]
    assert stored(learner, audio) == ["initialized", "played", "paused"]
    count = SensitiveEventCount.objects.get()
    assert (count.kind, count.activity_iri) == ("support", activities.narrative_id(hard))


def test_without_javascript_a_break_records_nothing_of_the_learner(listening, open_page):
    """No script: the form posts and the support page shows. The learner's statements are those
    of opening the module, before the break, and no more; the break is a count."""
    module, _audio, _hard, learner = listening
    visit = open_page(java_script_enabled=False)
    sign_in_as(visit, learner)
    visit.goto(module.url)
    page = visit.page
    before = list(Statement.objects.order_by("id").values_list("id", flat=True))
    assert Statement.objects.filter(user=learner).exists()  # opening the module, say

    with page.expect_navigation():
        page.get_by_role("button", name="Take a break").click()
    assert urlsplit(page.url).path == "/support/"

    assert list(Statement.objects.order_by("id").values_list("id", flat=True)) == before
    assert SensitiveEventCount.objects.get().count == 1
