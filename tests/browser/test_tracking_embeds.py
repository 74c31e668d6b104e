"""Playback tracking of YouTube and Vimeo narratives in Chromium (issue 5, "Capture from the
browser"): static/js/tracking.js follows the embedded players through their postMessage
protocols, and what a learner plays there is stored as Video Profile statements.

The real players cannot load here (no internet), so each iframe is answered with a stand-in that
speaks the provider's protocol as the real player does, and plays a session driven from inside
the frame: ready, play from 0, time updates to 20 s, pause, seek back to 10 s, play to the end
(60 s). Where each message shape comes from:

YouTube: the IFrame API's www-widgetapi.js (the page's side, which tracking.js replaces) and the
player's side in www-embed-player.js, both read from public copies of YouTube's compiled scripts.
- The player speaks to the page only when embedded with `enablejsapi=1` (writeEmbed creates its
  message channel only under ENABLE_JS_API), and until a page says it listens, it accepts messages
  only from the origin given as POST_MESSAGE_ORIGIN: the `origin` parameter YouTube's docs say
  to pass with it. Messages are JSON strings; anything else is dropped.
- The page sends {"event":"listening","id":n,"channel":"widget"}, again every 250 ms until the
  player's initialDelivery (widgetapi's setInterval, cleared on initialDelivery), because the
  player acts on a "listening" only once it is ready (its callback is set on onReady): earlier
  ones just name the page (source, origin, id). The stand-in is ready 300 ms after it loads.
- Then the player sends initialDelivery (info: every getter's value: currentTime, duration,
  playerState..., and apiInterface) and onReady (info null), then what it queued. Every message
  carries the page's id and channel "widget", and goes to the page's origin.
- On each state change it sends infoDelivery (info: playerState, currentTime, duration,
  playbackRate...); as the video plays, infoDelivery with currentTime (onVideoProgress). It
  sends {"event":"onStateChange","info":<state>} only after the page's command
  {"event":"command","func":"addEventListener","args":["onStateChange"]}. States: -1 unstarted,
  0 ended, 1 playing, 2 paused, 3 buffering (YT.PlayerState). A seek is no event of its own:
  the next delivery simply has the new time.

Vimeo: vimeo/player.js (src/player.js, src/lib/postmessage.js, src/lib/functions.js,
types/events.ts) and Vimeo's player API documentation.
- The page posts objects {method, value} to the player's origin (player.js stringifies only for
  IE 8 and 9); it accepts messages only from a Vimeo origin and from the player's window.
- The player announces {"event":"ready"} when it is ready and answers {"method":"ping"} in kind
  (player.js resolves ready() on either); it answers {"method":"getDuration"} with
  {"method":"getDuration","value":<seconds>}, and sends {"event":<name>,"data":{"seconds",
  "percent","duration"}} for play, pause, ended, seeking, seeked and timeupdate, only once the
  page has sent {"method":"addEventListener","value":<name>} (player.js's on() does so).
  Messages from the stand-in are JSON text, as the documented API's were; player.js parses
  strings and objects alike, and so does tracking.js.

Not fixed by those sources, and chosen here: both stand-ins become ready 300 ms after loading
(the real ones load their scripts first); the Vimeo stand-in posts to "*" until the page has
written to it, then to the page's origin, drops a ping that comes before it is ready, and orders
a seek as an HTML media element does (seeking, timeupdate, seeked); at the end it sends ended
alone.

Each test also shows that messages from elsewhere are ignored: the same player messages posted
by the page's own window, by a frame of another origin, by another frame of the player's origin
(as a second player would be) and by the player's frame once it has gone to another origin
change nothing that is stored.

Rules checked: Video Profile statement templates (initialized with length and
completion-threshold; played with time; paused, completed and terminated with time, progress and
played-segments; seeked with time-from and time-to; completed at the completion threshold); one
session-id for the page view of the player; object type video; registration = the enrolment
(DESIGN.md, "xAPI")."""

import datetime
import json
import re
from dataclasses import dataclass

import pytest

from courses import enrolment as rules
from tests.factories import NarrativeFactory, UserFactory
from tracking import vocabulary as v

from .test_tracking_playback import playback_rows, wait_for_statement
from .test_xss import sign_in_as

pytestmark = pytest.mark.browser

LENGTH = 60  # seconds, the stand-ins' video and the narratives' recorded duration
ELSEWHERE = "https://elsewhere.example"
STEP_MS = 20  # between two of a stand-in's messages, so that every statement has its own time

YOUTUBE_PLAYER = """<!doctype html>
<meta charset="utf-8">
<title>YouTube player (stand-in)</title>
<p>YouTube player (stand-in)</p>
<script>
(function () {
  "use strict";
  var DURATION = %(length)d, STEP = %(step)d;
  var params = new URLSearchParams(location.search);
  var api = params.get("enablejsapi") === "1";
  var accepted = params.get("origin") || "*";  // POST_MESSAGE_ORIGIN
  var page = null, pageOrigin = "*", id = null;
  var ready = false, delivered = false, queue = [], events = {};
  var state = -1, time = 0;
  var received = [];

  function post(message) {
    if (id !== null) message.id = id;
    message.channel = "widget";
    page.postMessage(JSON.stringify(message), pageOrigin);
  }
  function send(event, info) {  // queued until the first delivery
    var message = { event: event, info: info === undefined ? null : info };
    if (delivered) post(message); else queue.push(message);
  }
  function getters() {
    return {
      apiInterface: ["addEventListener", "getCurrentTime", "getDuration", "getPlayerState",
                     "pauseVideo", "playVideo", "seekTo"],
      currentTime: time, duration: DURATION, playerState: state, playbackRate: 1,
      videoLoadedFraction: 1, currentTimeLastUpdated_: Date.now() / 1000
    };
  }
  function deliver() {
    delivered = true;
    post({ event: "initialDelivery", info: getters() });
    post({ event: "onReady", info: null });
    queue.splice(0).forEach(post);
  }
  addEventListener("message", function (event) {
    if (!api || (accepted !== "*" && event.origin !== accepted)) return;
    if (page && event.source !== page) return;
    if (typeof event.data !== "string") return;
    var data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    if (!data) return;
    received.push(data);
    if (data.event === "listening") {
      page = event.source;
      if (event.origin !== "null") accepted = pageOrigin = event.origin;
      id = data.id;
      if (ready && !delivered) deliver();
    } else if (data.event === "command" && data.func === "addEventListener" && data.args) {
      events[data.args[0]] = true;
    }
  });
  addEventListener("load", function () { setTimeout(function () { ready = true; }, 300); });

  function wait() { return new Promise(function (done) { setTimeout(done, STEP); }); }
  function changeState(next) {
    state = next;
    send("infoDelivery", {
      playerState: state, currentTime: time, duration: DURATION, playbackRate: 1,
      videoLoadedFraction: 1, currentTimeLastUpdated_: Date.now() / 1000
    });
    if (events.onStateChange) send("onStateChange", state);
    return wait();
  }
  function progress() {
    send("infoDelivery", {
      currentTime: time, playbackRate: 1, videoLoadedFraction: 1,
      currentTimeLastUpdated_: Date.now() / 1000
    });
    return wait();
  }
  window.player = {
    received: received,
    connected: function () { return delivered && !!events.onStateChange; },
    play: async function () { await changeState(3); await changeState(1); },
    playTo: async function (to) {
      while (time < to) { time = Math.min(to, time + 1); await progress(); }
    },
    pause: function () { return changeState(2); },
    seek: function (to) { time = to; return progress(); },
    end: function () { return changeState(0); }
  };
})();
</script>
"""

VIMEO_PLAYER = """<!doctype html>
<meta charset="utf-8">
<title>Vimeo player (stand-in)</title>
<p>Vimeo player (stand-in)</p>
<script>
(function () {
  "use strict";
  var DURATION = %(length)d, STEP = %(step)d;
  var pageOrigin = "*", ready = false, events = {}, time = 0;
  var received = [];

  function post(message) { parent.postMessage(JSON.stringify(message), pageOrigin); }
  addEventListener("message", function (event) {
    if (event.source !== parent) return;
    var data = event.data;
    if (typeof data === "string") { try { data = JSON.parse(data); } catch (e) { return; } }
    if (!data || typeof data.method !== "string") return;
    pageOrigin = event.origin;
    received.push({ message: data, text: typeof event.data === "string" });
    if (!ready) return;
    if (data.method === "ping") post({ method: "ping" });
    else if (data.method === "addEventListener") events[data.value] = true;
    else if (data.method === "getDuration") post({ method: "getDuration", value: DURATION });
  });
  addEventListener("load", function () {
    setTimeout(function () { ready = true; post({ event: "ready" }); }, 300);
  });

  function wait() { return new Promise(function (done) { setTimeout(done, STEP); }); }
  function fire(name) {
    if (events[name]) {
      var percent = Math.round(time / DURATION * 1000) / 1000;
      post({ event: name, data: { seconds: time, percent: percent, duration: DURATION } });
    }
    return wait();
  }
  window.player = {
    received: received,
    connected: function () {
      return events.play && events.pause && events.timeupdate &&
        received.some(function (r) { return r.message.method === "getDuration"; });
    },
    play: function () { return fire("play"); },
    playTo: async function (to) {
      while (time < to) { time = Math.min(to, time + 1); await fire("timeupdate"); }
    },
    pause: function () { return fire("pause"); },
    seek: async function (to) {
      time = to;
      await fire("seeking");
      await fire("timeupdate");
      await fire("seeked");
    },
    end: function () { return fire("ended"); }
  };
})();
</script>
"""

# Posts the messages it is given to its parent, whoever that is, and anyone may hear them.
FORGER = """<!doctype html><meta charset="utf-8"><title>Elsewhere</title>
<script>%s.forEach(function (message) { parent.postMessage(message, "*"); });</script>
"""


def youtube_message(event, info):
    return json.dumps({"event": event, "info": info, "id": 1, "channel": "widget"})


def vimeo_message(event, seconds):
    data = {"seconds": seconds, "percent": round(seconds / LENGTH, 3), "duration": LENGTH}
    return json.dumps({"event": event, "data": data})


@dataclass
class Provider:
    name: str
    watch_url: str
    origin: str  # the player's
    player_url: re.Pattern  # what the iframe loads
    stand_in: str
    forged: list  # player messages that would start, play and pause at 33-44 s


PROVIDERS = [
    Provider(
        name="YouTube",
        watch_url="https://www.youtube.com/watch?v=SBembed0001",
        origin="https://www.youtube-nocookie.com",
        player_url=re.compile(r"^https://www\.youtube-nocookie\.com/embed/SBembed0001\?"),
        stand_in=YOUTUBE_PLAYER % {"length": LENGTH, "step": STEP_MS},
        forged=[
            youtube_message("infoDelivery", {"playerState": 1, "currentTime": 33, "duration": 60}),
            youtube_message("onStateChange", 1),
            youtube_message("infoDelivery", {"currentTime": 34}),
            youtube_message("infoDelivery", {"playerState": 2, "currentTime": 44, "duration": 60}),
            youtube_message("onStateChange", 2),
        ],
    ),
    Provider(
        name="Vimeo",
        watch_url="https://vimeo.com/76979871",
        origin="https://player.vimeo.com",
        player_url=re.compile(r"^https://player\.vimeo\.com/video/76979871\?dnt=1$"),
        stand_in=VIMEO_PLAYER % {"length": LENGTH, "step": STEP_MS},
        forged=[
            vimeo_message("play", 33),
            vimeo_message("timeupdate", 34),
            vimeo_message("pause", 44),
        ],
    ),
]


@pytest.fixture
def watching(django_db_serialized_rollback, live_server, settings, course, make_module):
    """A module with a YouTube and a Vimeo narrative, and a learner enrolled on its course.
    SITE_BASE_URL is the live server's, as in production it is the site's: the YouTube player
    listens to the origin it names."""
    settings.SITE_BASE_URL = live_server.url
    narratives = {
        provider.name: NarrativeFactory(
            title=f"Back to work ({provider.name})",
            modality="video",
            text_body="",
            embed_url=provider.watch_url,
            transcript="I went back to work part-time in the spring.",
            duration=datetime.timedelta(seconds=LENGTH),
        )
        for provider in PROVIDERS
    }
    module = make_module(
        body=[
            {"type": "narrative", "value": {"narrative": narrative.pk, "framing": ""}}
            for narrative in narratives.values()
        ]
    )
    learner = UserFactory(username="watcher")
    enrolment = rules.enrol(learner, course)
    return narratives, module, learner, enrolment


def count_forgeries(frame, origin):
    """Count, on the page, the messages that are not the player's (`frame`, a locator): from
    another window, or from another origin."""
    frame.evaluate(
        """(frame, origin) => {
             window.forgeriesSeen = 0;
             addEventListener("message", event => {
               if (event.source !== frame.contentWindow || event.origin !== origin) {
                 window.forgeriesSeen++;
               }
             });
           }""",
        origin,
    )


def add_frame(page, src):
    page.evaluate(
        """src => {
             const frame = document.createElement("iframe");
             frame.src = src;
             frame.title = "Elsewhere";
             document.body.append(frame);
           }""",
        src,
    )


def wait_for_forgeries(page, count):
    page.wait_for_function("count => window.forgeriesSeen >= count", arg=count)


def extensions(data, part):
    return (data.get(part) or {}).get("extensions", {})


@pytest.mark.parametrize("provider", PROVIDERS, ids=lambda provider: provider.name)
def test_a_session_in_an_embedded_player_is_stored_as_video_profile_statements(
    watching, open_page, provider
):
    narratives, module, learner, enrolment = watching
    narrative = narratives[provider.name]
    # The forged frames below come from origins the CSP's frame-src refuses; this test checks
    # tracking.js's own origin check, the line behind it (CSP_REPORT_ONLY only reports them).
    visit = open_page(bypass_csp=True)
    sign_in_as(visit, learner)
    page = visit.page
    player_loads = []

    def serve_player(route):
        player_loads.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=provider.stand_in)

    def serve_forger(route):
        route.fulfill(
            status=200, content_type="text/html", body=FORGER % json.dumps(provider.forged)
        )

    page.route(provider.player_url, serve_player)
    page.route(f"{provider.origin}/forger", serve_forger)
    page.route(f"{ELSEWHERE}/**", serve_forger)
    visit.goto(module.url)
    assert page.locator("#sb-xapi-config").count() == 1
    article = page.locator(f'article[data-narrative="{narrative.uuid}"]')
    article.get_by_role("button", name=f"Play from {provider.name}").click()
    article.locator("iframe").wait_for()
    player = article.locator("iframe").element_handle().content_frame()
    frame = article.locator("iframe")
    player.get_by_text(f"{provider.name} player (stand-in)").wait_for()
    player.wait_for_function("player.connected()")
    assert len(player_loads) == 1

    # What the page said to the player, as the player heard it.
    received = player.evaluate("player.received")
    if provider.name == "YouTube":
        # The page knocked before the player was ready, and again until it answered.
        assert [m["event"] for m in received[:2]] == ["listening", "listening"]
        assert {m["channel"] for m in received} == {"widget"}
        assert len({m["id"] for m in received}) == 1
        assert {
            "event": "command",
            "func": "addEventListener",
            "args": ["onStateChange"],
            "id": received[0]["id"],
            "channel": "widget",
        } in received
    else:
        assert all(not r["text"] for r in received)  # objects, as player.js sends them
        asked = [(r["message"]["method"], r["message"].get("value")) for r in received]
        for name in ("play", "pause", "ended", "seeking", "seeked", "timeupdate"):
            assert ("addEventListener", name) in asked
        assert ("getDuration", None) in asked

    # The same player messages from the page's own window, from a frame of another origin and
    # from another frame of the player's origin (as a second player would be).
    forged = len(provider.forged)
    count_forgeries(frame, provider.origin)
    page.evaluate("messages => messages.forEach(m => window.postMessage(m, '*'))", provider.forged)
    add_frame(page, f"{ELSEWHERE}/frame")
    add_frame(page, f"{provider.origin}/forger")
    wait_for_forgeries(page, 3 * forged)

    # The learner's session, as the player plays it.
    player.evaluate("player.play()")
    player.evaluate("player.playTo(20)")
    player.evaluate("player.pause()")
    player.evaluate("player.seek(10)")
    player.evaluate("player.play()")
    player.evaluate(f"player.playTo({LENGTH})")
    player.evaluate("player.end()")

    # The player's own frame, gone to another origin, says the same.
    player.goto(f"{ELSEWHERE}/player")
    wait_for_forgeries(page, 4 * forged)

    visit.goto(module.get_parent().url)  # page hide: terminated, sent with the beacon
    wait_for_statement(learner, narrative, v.TERMINATED)

    rows = sorted(playback_rows(learner, narrative), key=lambda row: row.timestamp)
    segments = "0[.]20[,]10[.]60"
    expected = [
        (v.INITIALIZED, {}),
        (v.PLAYED, {v.EXT_TIME: 0}),
        (v.PAUSED, {v.EXT_TIME: 20, v.EXT_PROGRESS: 0.333, v.EXT_PLAYED_SEGMENTS: "0[.]20"}),
        (v.SEEKED, {v.EXT_TIME_FROM: 20, v.EXT_TIME_TO: 10}),
        (v.PLAYED, {v.EXT_TIME: 10}),
        # 57 of 60 seconds seen: the completion threshold (0.95).
        (
            v.COMPLETED,
            {v.EXT_TIME: 57, v.EXT_PROGRESS: 0.95, v.EXT_PLAYED_SEGMENTS: "0[.]20[,]10[.]57"},
        ),
        (v.PAUSED, {v.EXT_TIME: 60, v.EXT_PROGRESS: 1, v.EXT_PLAYED_SEGMENTS: segments}),
        (v.TERMINATED, {v.EXT_TIME: 60, v.EXT_PROGRESS: 1, v.EXT_PLAYED_SEGMENTS: segments}),
    ]
    assert [(row.verb, extensions(row.data, "result")) for row in rows] == expected
    assert rows[5].data["result"]["completion"] is True

    sessions = {extensions(row.data, "context")[v.EXT_SESSION_ID] for row in rows}
    assert len(sessions) == 1
    for row in rows:
        assert row.data["object"]["id"].endswith(f"/narrative/{narrative.uuid}")
        assert row.data["object"]["definition"]["type"] == v.VIDEO
        assert row.data["context"]["registration"] == str(enrolment.uuid)
        assert v.VIDEO_PROFILE in [
            a["id"] for a in row.data["context"]["contextActivities"]["category"]
        ]
    for row in rows:
        if row.verb in (v.INITIALIZED, v.PAUSED, v.COMPLETED, v.TERMINATED):
            assert extensions(row.data, "context")[v.EXT_LENGTH] == LENGTH
    for row in (rows[0], rows[5]):
        assert extensions(row.data, "context")[v.EXT_COMPLETION_THRESHOLD] == 0.95
    # Nothing about the other narrative, whose player never loaded.
    other = next(n for name, n in narratives.items() if name != provider.name)
    assert not playback_rows(learner, other).exists()
    assert visit.blocked == []
