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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enableEmbeds(document); });
  } else {
    enableEmbeds(document);
  }
})();
