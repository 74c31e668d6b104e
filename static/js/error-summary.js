/* Error summaries take focus when a page opens with one (the GOV.UK pattern): a screen reader
   reads the problems at once, and Tab goes on to the links that lead to each field. Every
   summary carries tabindex="-1" and role="alert" with an aria-labelledby heading. */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary[tabindex='-1']");
    if (!summary) return;
    summary.focus();
    if (typeof summary.scrollIntoView === "function") summary.scrollIntoView({ block: "start" });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
