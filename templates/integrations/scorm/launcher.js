/* Storybridge SCORM 1.2 launcher (integrations/scorm.py). No content lives here: it opens the
   hosted course or module in a new window and reports completion to the LMS when Storybridge
   says the learner has finished. */
(function () {
  "use strict";
  var root = document.getElementById("storybridge-sco");
  var button = document.getElementById("storybridge-open");
  var statusLine = document.getElementById("storybridge-status");
  var token = root.getAttribute("data-token");
  var launchUrl = root.getAttribute("data-launch");
  var statusUrl = root.getAttribute("data-status");
  var finished = false;
  var timer = null;

  function say(text) {
    statusLine.textContent = text;
  }

  // SCORM 1.2 run-time: the API object is on a parent frame or on the window that opened us.
  function findApi(win) {
    for (var hops = 0; win && hops < 16; hops += 1) {
      if (win.API) {
        return win.API;
      }
      if (!win.parent || win.parent === win) {
        break;
      }
      win = win.parent;
    }
    return null;
  }

  var api = findApi(window) || (window.opener ? findApi(window.opener) : null);
  if (!api || String(api.LMSInitialize("")) !== "true") {
    button.disabled = true;
    say("Your learning system did not start this course properly, so your progress cannot be recorded. Close it and open it again from the learning system.");
    return;
  }

  var learner = String(api.LMSGetValue("cmi.core.student_id") || "");
  var lessonStatus = String(api.LMSGetValue("cmi.core.lesson_status") || "");
  if (lessonStatus === "completed" || lessonStatus === "passed") {
    say("You have completed this already. You can open it again to look back at it.");
  } else if (lessonStatus === "not attempted" || lessonStatus === "") {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    api.LMSCommit("");
  }

  function newAttempt() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i += 1) {
      hex += ("0" + bytes[i].toString(16)).slice(-2);
    }
    return hex;
  }
  var attempt = newAttempt();

  function query(values) {
    var parts = [];
    for (var name in values) {
      if (Object.prototype.hasOwnProperty.call(values, name)) {
        parts.push(encodeURIComponent(name) + "=" + encodeURIComponent(values[name]));
      }
    }
    return parts.join("&");
  }

  function finish(exit) {
    if (finished) {
      return;
    }
    finished = true;
    api.LMSSetValue("cmi.core.exit", exit);
    api.LMSCommit("");
    api.LMSFinish("");
  }

  function complete(data) {
    if (typeof data.score === "number") {
      api.LMSSetValue("cmi.core.score.min", "0");
      api.LMSSetValue("cmi.core.score.max", "100");
      api.LMSSetValue("cmi.core.score.raw", String(data.score));
    }
    api.LMSSetValue("cmi.core.lesson_status", "completed");
    finish("");
    button.disabled = true;
    say("Completed. Your learning record has been updated: you can close this.");
  }

  function later() {
    if (!finished) {
      window.clearTimeout(timer);
      timer = window.setTimeout(check, 5000);
    }
  }

  function check() {
    if (finished) {
      return;
    }
    fetch(statusUrl + "?" + query({ package: token, attempt: attempt }), {
      credentials: "omit",
      cache: "no-store",
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && data.status === "completed") {
          complete(data);
        } else {
          later();
        }
      })
      .catch(later);
  }

  button.addEventListener("click", function () {
    window.open(launchUrl + "?" + query({ package: token, learner: learner, attempt: attempt }), "_blank");
    say("Opened in a new window. When you have finished there, come back to this page.");
    later();
  });
  window.addEventListener("focus", check);
  window.addEventListener("pagehide", function () {
    finish("suspend");
  });
})();
