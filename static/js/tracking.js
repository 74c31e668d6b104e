/* Storybridge playback tracking (xAPI Video and Audio Profiles).
 *
 * Loaded only on module pages of enrolled learners and on a story opened from the library by a
 * signed-in learner (`xapi_library_tracking`), with a configuration the server renders
 * (#sb-xapi-config: endpoint, page-view token, CSRF token, completion threshold). Follows each
 * narrative player: self-hosted <video>/<audio>, and YouTube and Vimeo frames through their
 * player messages where they load. Computes played segments and progress, queues player events
 * and posts them in batches: fetch (keep-alive) every few seconds, navigator.sendBeacon when the
 * page is hidden or left. The server checks everything and builds the statements; this script
 * holds no LRS credential. Any failure here is silent: tracking never stands in a learner's way.
 *
 * Taking a break and asking for support are never linked to the learner (DESIGN.md, "Privacy"),
 * so nothing they cause is reported: a control marked data-sensitive quiets every player before
 * the break pauses it or the support page replaces this one (see `quiet`).
 */
(function () {
  "use strict";

  var node = document.getElementById("sb-xapi-config");
  if (!node || !window.JSON || !window.fetch) return;
  var config;
  try { config = JSON.parse(node.textContent); } catch (e) { return; }
  if (!config || !config.token || !config.endpoint) return;

  var THRESHOLD = config.threshold || 0.95;
  var MAX_BATCH = 50;
  var SEEK_JUMP = 2; // seconds: a larger jump between two readings of an embed is a seek
  var queue = [];
  var seq = 0;
  var trackers = [];
  var backoffUntil = 0;

  function round(value) { return Math.round(value * 1000) / 1000; }
  function now() { return Math.round(window.performance ? performance.now() : 0); }

  // --- one player: its segments, progress and events -------------------------------------------

  function Tracker(narrative) {
    this.narrative = narrative;
    this.length = 0;
    this.segments = [];   // closed [start, end] pairs, in the order played
    this.start = null;    // start of the segment being played, or null when not playing
    this.position = 0;    // the last time the player reported
    this.initialized = false;
    this.completed = false;
    this.terminated = false;
    this.quiet = false;   // stopped by a break: reports nothing until the learner plays again
    trackers.push(this);
  }

  Tracker.prototype.snapshot = function (upTo) {
    var segments = this.segments.slice();
    if (this.start !== null && upTo >= this.start) segments.push([this.start, upTo]);
    return segments.map(function (pair) {
      return [round(Math.max(0, pair[0])), round(Math.min(this.length, pair[1]))];
    }, this);
  };

  Tracker.prototype.progress = function (segments) {
    var sorted = segments.slice().sort(function (a, b) { return a[0] - b[0]; });
    var total = 0, reach = 0;
    sorted.forEach(function (pair) {
      if (pair[1] > reach) { total += pair[1] - Math.max(pair[0], reach); reach = pair[1]; }
    });
    return this.length ? round(Math.min(1, total / this.length)) : 0;
  };

  Tracker.prototype.emit = function (type, fields) {
    if (!this.initialized || this.terminated) return;
    var event = { type: type, narrative: this.narrative, seq: seq++, at: now(), length: round(this.length) };
    for (var key in fields) event[key] = fields[key];
    queue.push(event);
    if (queue.length >= MAX_BATCH) send(false);
  };

  Tracker.prototype.withProgress = function (type, time) {
    time = Math.min(time, this.length); // a player's last reading may pass the length it gave
    var segments = this.snapshot(time);
    this.emit(type, { time: round(time), progress: this.progress(segments), segments: segments });
  };

  Tracker.prototype.ready = function (length) {
    if (this.initialized || !(length > 0) || !isFinite(length)) return;
    this.length = length;
    this.initialized = true;
    this.emit("initialized", {});
  };

  Tracker.prototype.play = function (time) {
    if (this.quiet) {
      this.quiet = false;
      // Back from a break: the segment the break left open goes on, as if it never stopped.
      if (this.start !== null) return;
    }
    if (!this.initialized || this.start !== null) return;
    this.start = time;
    this.position = time;
    this.emit("played", { time: round(Math.min(time, this.length)) });
  };

  Tracker.prototype.tick = function (time) {
    this.position = time;
    this.checkComplete(time);
  };

  Tracker.prototype.close = function (time) {
    if (this.start === null) return;
    if (time > this.start) this.segments.push([this.start, time]);
    this.start = null;
  };

  Tracker.prototype.pause = function (time) {
    if (this.start === null || this.quiet) return;
    this.close(time);
    this.position = time;
    this.withProgress("paused", time);
    this.checkComplete(time);
  };

  Tracker.prototype.seek = function (from, to) {
    if (!this.initialized || Math.abs(to - from) < 0.01) return;
    var playing = this.start !== null;
    this.close(from);
    this.emit("seeked", { from: round(Math.min(from, this.length)), to: round(Math.min(to, this.length)) });
    if (playing) this.start = to;
    this.position = to;
  };

  Tracker.prototype.checkComplete = function (time) {
    if (this.completed || !this.initialized) return;
    var segments = this.snapshot(time);
    if (this.progress(segments) >= THRESHOLD) {
      this.completed = true;
      this.withProgress("completed", Math.min(time, this.length));
    }
  };

  Tracker.prototype.terminate = function () {
    if (!this.initialized || this.terminated || this.quiet) return;
    var time = Math.min(this.position, this.length);
    var playing = this.start !== null;
    this.close(time);
    this.withProgress("terminated", time);
    this.terminated = true;
    if (playing) this.start = time; // in case the page comes back from the back/forward cache
  };

  // --- self-hosted players ---------------------------------------------------------------------

  function followMedia(media, narrative) {
    var tracker = new Tracker(narrative);
    var ready = function () { tracker.ready(media.duration); };
    media.addEventListener("loadedmetadata", ready);
    media.addEventListener("durationchange", ready);
    if (media.readyState >= 1) ready();
    // "playing", not "play": the length is known by then, even with preload="none".
    media.addEventListener("playing", function () {
      ready();
      tracker.play(media.currentTime);
    });
    media.addEventListener("timeupdate", function () {
      if (!media.seeking) tracker.tick(media.currentTime);
    });
    media.addEventListener("seeking", function () {
      tracker.seek(tracker.position, media.currentTime);
    });
    media.addEventListener("pause", function () { tracker.pause(media.currentTime); });
    media.addEventListener("ended", function () {
      tracker.pause(media.duration);
      tracker.checkComplete(media.duration);
    });
  }

  // --- YouTube and Vimeo frames, through their player messages ---------------------------------
  //
  // YouTube (what the IFrame API's www-widgetapi.js does): the page sends the player the string
  // {"event":"listening","id":n,"channel":"widget"} every 250 ms until it answers, because a
  // player that is not ready yet drops it. The player (embedded with enablejsapi=1, and listening
  // to the origin its `origin` parameter names) then sends initialDelivery (info: duration,
  // currentTime, playerState...) and onReady, and infoDelivery whenever its state or time
  // changes; onStateChange (info: the state) only once asked for with the command
  // {"event":"command","func":"addEventListener","args":["onStateChange"]}. It sends no seek
  // event: a jump in its time is one.
  // Vimeo (what player.js does): the page sends {method, value} objects. The player announces
  // {event: "ready"} (or answers {method: "ping"}), then sends {event, data: {seconds, percent,
  // duration}} for each event the page added a listener for, and answers {method: "getDuration"}
  // with {method: "getDuration", value}.

  var VIMEO_EVENTS = ["play", "pause", "ended", "seeking", "seeked", "timeupdate"];
  var KNOCK_EVERY = 250; // ms, as www-widgetapi.js
  var KNOCK_FOR = 120000; // ms: a player that has not answered by then never will
  var frames = 0;

  function followFrame(frame, narrative) {
    var src = frame.getAttribute("src") || "";
    var youtube = /^https:\/\/www\.youtube(-nocookie)?\.com\/embed\//.test(src);
    var vimeo = /^https:\/\/player\.vimeo\.com\/video\//.test(src);
    if (!youtube && !vimeo) return;
    var origin = src.split("/").slice(0, 3).join("/");
    var tracker = new Tracker(narrative);
    var id = ++frames;
    var playing = false;
    var answered = false; // the player has spoken to this page
    var seekFrom = null;  // Vimeo: where a seek started, between "seeking" and "seeked"
    var knocking = null;

    function post(message) {
      // YouTube's player reads strings only; player.js sends Vimeo's objects.
      if (youtube) { message.id = id; message.channel = "widget"; message = JSON.stringify(message); }
      try { frame.contentWindow.postMessage(message, origin); } catch (e) { /* gone */ }
    }

    // A reading of the player's time. A player that plays never goes back, nor on by more than
    // a reading's worth; one that is paused stays put: anything else is a seek.
    function reading(time) {
      var jump = time - tracker.position;
      if (playing ? jump > SEEK_JUMP || jump < -0.5 : Math.abs(jump) > 0.5) {
        tracker.seek(tracker.position, time);
      }
      tracker.tick(time);
    }

    function play(time) {
      if (playing) return;
      playing = true;
      tracker.play(time);
    }

    function stop(time) {
      if (!playing) return;
      playing = false;
      tracker.pause(time);
    }

    function fromYouTube(data) {
      var info = data.info && typeof data.info === "object" ? data.info : {};
      if (info.duration > 0) tracker.ready(info.duration);
      if (typeof info.currentTime === "number") reading(info.currentTime);
      var state = data.event === "onStateChange" ? data.info : info.playerState;
      if (state === 1) play(tracker.position);
      else if (state === 2) stop(tracker.position);
      else if (state === 0) stop(tracker.length);
    }

    function fromVimeo(data) {
      var info = data.data && typeof data.data === "object" ? data.data : {};
      var seconds = typeof info.seconds === "number" ? info.seconds : null;
      if (info.duration > 0) tracker.ready(info.duration);
      if (data.method === "getDuration") {
        if (data.value > 0) tracker.ready(data.value);
      } else if (data.event === "seeking") {
        if (seekFrom === null) seekFrom = tracker.position;
      } else if (data.event === "seeked") {
        if (seconds !== null) {
          tracker.seek(seekFrom === null ? tracker.position : seekFrom, seconds);
          tracker.tick(seconds);
        }
        seekFrom = null;
      } else if (seconds === null) {
        return;
      } else if (data.event === "timeupdate") {
        if (seekFrom === null) reading(seconds);
      } else if (data.event === "play") {
        reading(seconds);
        play(seconds);
      } else if (data.event === "pause") {
        stop(seconds);
      } else if (data.event === "ended") {
        stop(tracker.length);
      }
    }

    function answer() {
      if (answered) return;
      answered = true;
      window.clearInterval(knocking);
      if (youtube) {
        post({ event: "command", func: "addEventListener", args: ["onStateChange"] });
      } else {
        VIMEO_EVENTS.forEach(function (name) { post({ method: "addEventListener", value: name }); });
        post({ method: "getDuration" });
      }
    }

    window.addEventListener("message", function (event) {
      if (event.source !== frame.contentWindow || event.origin !== origin) return;
      var data = event.data;
      if (typeof data === "string") { try { data = JSON.parse(data); } catch (e) { return; } }
      if (!data || typeof data !== "object") return;
      if (youtube || data.event === "ready" || data.method === "ping") answer();
      if (youtube) fromYouTube(data);
      else if (answered) fromVimeo(data);
    });

    function knock() {
      if (answered) return;
      if (vimeo) { post({ method: "ping" }); return; }
      var until = now() + KNOCK_FOR;
      window.clearInterval(knocking);
      post({ event: "listening" });
      knocking = window.setInterval(function () {
        if (answered || now() > until) window.clearInterval(knocking);
        else post({ event: "listening" });
      }, KNOCK_EVERY);
    }
    // Knock once the player's page is there (before, the frame holds a blank page of ours).
    frame.addEventListener("load", knock);
    try { if (frame.contentDocument === null) knock(); } catch (e) { knock(); }
  }

  function findPlayers() {
    document.querySelectorAll("article.narrative[data-narrative]").forEach(function (article) {
      var narrative = article.getAttribute("data-narrative");
      article.querySelectorAll("video, audio").forEach(function (media) { followMedia(media, narrative); });
      article.querySelectorAll(".embed").forEach(function (box) {
        var seen = false;
        function look() {
          var frame = box.querySelector("iframe");
          if (frame && !seen) { seen = true; followFrame(frame, narrative); }
        }
        look();
        if (!seen && window.MutationObserver) {
          new MutationObserver(look).observe(box, { childList: true, subtree: true });
        }
      });
    });
  }

  // --- breaks and support: nothing reported ---------------------------------------------------
  //
  // "Take a break" pauses every player (storybridge.js), or posts its form and leaves the page;
  // "Get support" leaves it for the support page. A statement of the learner's at that moment (a
  // pause, a terminated) would tie them to the break, which the server only counts. So before any
  // of that happens, every tracker goes quiet: its pause and its page being left report nothing,
  // and its segment stays open, as the player stopped without a word. The learner playing again
  // wakes it, with nothing reported for that either: only their own later actions are.

  function quiet() {
    trackers.forEach(function (tracker) { tracker.quiet = true; });
  }

  function sensitive(node) {
    return node && node.closest ? node.closest("[data-sensitive]") : null;
  }

  // Capture, so it runs before the break's own handler and before the form is sent.
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button") : null;
    if (sensitive(button)) quiet();
  }, true);
  document.addEventListener("submit", function (event) {
    if (sensitive(event.target) || sensitive(event.submitter)) quiet();
  }, true);

  // --- sending ---------------------------------------------------------------------------------

  function send(leaving) {
    while (queue.length) {
      var events = queue.splice(0, MAX_BATCH);
      var batch = JSON.stringify({ token: config.token, events: events });
      if (leaving && navigator.sendBeacon) {
        // A beacon cannot carry headers: the CSRF token travels as a form field.
        var form = new URLSearchParams();
        form.append("csrfmiddlewaretoken", config.csrf);
        form.append("batch", batch);
        if (navigator.sendBeacon(config.endpoint, form)) continue;
      }
      if (!leaving && now() < backoffUntil) { queue = events.concat(queue); return; }
      post(batch, events);
    }
  }

  function post(batch, events) {
    fetch(config.endpoint, {
      method: "POST",
      body: batch,
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrf },
      credentials: "same-origin",
      keepalive: true
    }).then(function (response) {
      if (response.status === 429 || response.status >= 500) {
        backoffUntil = now() + 60000;
        queue = events.concat(queue); // sent again later; the server stores each event once
      }
    }).catch(function () {
      queue = events.concat(queue);
    });
  }

  function leave() {
    trackers.forEach(function (tracker) { tracker.terminate(); });
    send(true);
  }

  function start() {
    findPlayers();
    window.setInterval(function () { send(false); }, config.interval || 10000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") send(true);
    });
    window.addEventListener("pagehide", leave);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
