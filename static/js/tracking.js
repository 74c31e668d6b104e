/* Storybridge playback tracking (xAPI Video and Audio Profiles).
 *
 * Loaded only on module pages of enrolled learners, with a configuration the server renders
 * (#sb-xapi-config: endpoint, page-view token, CSRF token, completion threshold). Follows each
 * narrative player: self-hosted <video>/<audio>, and YouTube and Vimeo frames through their
 * player messages where they load. Computes played segments and progress, queues player events
 * and posts them in batches: fetch (keep-alive) every few seconds, navigator.sendBeacon when the
 * page is hidden or left. The server checks everything and builds the statements; this script
 * holds no LRS credential. Any failure here is silent: tracking never stands in a learner's way.
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
    if (!this.initialized || this.start !== null) return;
    this.start = time;
    this.position = time;
    this.emit("played", { time: round(time) });
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
    if (this.start === null) return;
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
    if (!this.initialized || this.terminated) return;
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

  function followFrame(frame, narrative) {
    var src = frame.getAttribute("src") || "";
    var youtube = /^https:\/\/www\.youtube(-nocookie)?\.com\/embed\//.test(src);
    var vimeo = /^https:\/\/player\.vimeo\.com\/video\//.test(src);
    if (!youtube && !vimeo) return;
    var origin = src.split("/").slice(0, 3).join("/");
    var tracker = new Tracker(narrative);
    var playing = false;

    function reading(time) {
      if (playing && Math.abs(time - tracker.position) > SEEK_JUMP) tracker.seek(tracker.position, time);
      else if (!playing && Math.abs(time - tracker.position) > 0.5 && tracker.initialized) {
        tracker.seek(tracker.position, time);
      }
      tracker.tick(time);
    }

    function post(message) {
      try { frame.contentWindow.postMessage(JSON.stringify(message), origin); } catch (e) { /* gone */ }
    }

    window.addEventListener("message", function (event) {
      if (event.source !== frame.contentWindow || event.origin !== origin) return;
      var data = event.data;
      if (typeof data === "string") { try { data = JSON.parse(data); } catch (e) { return; } }
      if (!data || typeof data !== "object") return;
      if (youtube) {
        var info = data.info || {};
        if (data.event === "onReady") post({ event: "listening", id: 1, channel: "widget" });
        if (info.duration) tracker.ready(info.duration);
        if (typeof info.currentTime === "number") reading(info.currentTime);
        var state = data.event === "onStateChange" ? data.info : info.playerState;
        if (state === 1 && !playing) { playing = true; tracker.play(tracker.position); }
        else if ((state === 2 || state === 0) && playing) {
          playing = false;
          tracker.pause(state === 0 ? tracker.length : tracker.position);
        }
      } else {
        var seconds = data.data && typeof data.data.seconds === "number" ? data.data.seconds : null;
        if (data.data && data.data.duration) tracker.ready(data.data.duration);
        if (data.event === "ready") {
          ["play", "pause", "ended", "seeked", "timeupdate"].forEach(function (name) {
            post({ method: "addEventListener", value: name });
          });
          post({ method: "getDuration" });
        } else if (data.method === "getDuration" && data.value) {
          tracker.ready(data.value);
        } else if (data.event === "play") {
          if (seconds !== null) reading(seconds);
          playing = true;
          tracker.play(tracker.position);
        } else if (data.event === "pause" || data.event === "ended") {
          if (seconds !== null) tracker.position = seconds;
          playing = false;
          tracker.pause(data.event === "ended" ? tracker.length : tracker.position);
        } else if (data.event === "seeked" && seconds !== null) {
          tracker.seek(tracker.position, seconds);
          tracker.tick(seconds);
        } else if (data.event === "timeupdate" && seconds !== null) {
          reading(seconds);
        }
      }
    });
    // YouTube starts sending once told someone listens; Vimeo announces "ready" itself.
    frame.addEventListener("load", function () {
      if (youtube) post({ event: "listening", id: 1, channel: "widget" });
      else post({ method: "ping" });
    });
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
