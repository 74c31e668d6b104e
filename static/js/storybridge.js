/* Storybridge learner script. Optional: every page works without it. */
(function () {
  "use strict";

  // Embedded players load only when the learner asks: no third-party request before a click.
  function enableEmbeds(root) {
    root.querySelectorAll(".embed[data-embed-src]").forEach(function (box) {
      var button = box.querySelector(".embed__load");
      if (!button) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var frame = document.createElement("iframe");
        // The server's address has what the player needs to answer messages ("Take a break"
        // pauses it; tracking.js follows it): enablejsapi=1 and this site's origin for YouTube.
        frame.src = box.getAttribute("data-embed-src");
        frame.title = box.getAttribute("data-embed-title") || "Narrative player";
        frame.allow = "encrypted-media; picture-in-picture; fullscreen";
        frame.setAttribute("allowfullscreen", "");
        frame.referrerPolicy = "strict-origin-when-cross-origin";
        button.replaceWith(frame);
        frame.focus();
      });
    });
  }

  // "Take a break": pause everything that plays and show support in place. Without a script
  // (or a browser without <dialog>) the form posts and the support page does the same. The form
  // is data-sensitive: tracking.js has quietened its players before this runs, so the pause is
  // not reported (a break is never linked to the learner).
  function pauseEverything() {
    document.querySelectorAll("video, audio").forEach(function (player) { player.pause(); });
    document.querySelectorAll(".embed iframe").forEach(function (frame) {
      var target = frame.contentWindow;
      if (!target) return;
      // YouTube's and Vimeo's documented player messages; other frames ignore them.
      target.postMessage(JSON.stringify({ event: "command", func: "pauseVideo", args: [] }), "*");
      target.postMessage(JSON.stringify({ method: "pause" }), "*");
    });
  }

  function enableBreaks(root) {
    var dialog = document.getElementById("break-dialog");
    if (!dialog || typeof dialog.showModal !== "function") return;
    var opener = null;
    root.querySelectorAll("form[data-take-break]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        pauseEverything();
        opener = form.querySelector("button");
        fetch(form.action, {
          method: "POST",
          body: new FormData(form),
          headers: { "X-Requested-With": "fetch" },
          credentials: "same-origin",
          keepalive: true
        }).catch(function () { /* counting a break must never stand in the way of one */ });
        dialog.showModal();
        // Open at the top: on a phone the dialog is taller than the screen, and its heading and
        // the urgent-help resource come first (focus is on the heading, its autofocus).
        dialog.scrollTop = 0;
      });
    });
    dialog.querySelector("[data-break-return]").addEventListener("click", function () {
      dialog.close();
    });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
  }

  // Drafts kept in this browser (reflection.js) belong to one signed-in person: their keys start
  // with that person's opaque namespace, which the page carries on <body>. Anything outside the
  // current one (another account's, or everyone's once nobody is signed in) is removed, and so is
  // everything when someone signs out, before the browser leaves the page.
  var DRAFT_PREFIX = "storybridge-draft-";

  function forgetDrafts(keep) {
    var store;
    try { store = window.localStorage; } catch (e) { return; }
    if (!store) return;
    var mine = keep ? DRAFT_PREFIX + keep + "-" : null;
    try {
      for (var i = store.length - 1; i >= 0; i--) {
        var key = store.key(i);
        if (key && key.indexOf(DRAFT_PREFIX) === 0 && !(mine && key.indexOf(mine) === 0)) {
          store.removeItem(key);
        }
      }
    } catch (e) { /* storage switched off: nothing kept */ }
  }

  function guardDrafts() {
    var body = document.body;
    forgetDrafts(body.getAttribute("data-draft-namespace") || "");
    var signOut = body.getAttribute("data-sign-out-url");
    if (!signOut) return;
    document.querySelectorAll("form").forEach(function (form) {
      if (form.getAttribute("action") !== signOut) return;
      form.addEventListener("submit", function () { forgetDrafts(""); });
    });
  }

  function start() {
    guardDrafts();
    enableEmbeds(document);
    enableBreaks(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
