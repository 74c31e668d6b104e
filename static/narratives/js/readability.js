/* Admin: live plain-language scores for the narrative summary and text body. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-readability]");
  if (!panel) return;
  var endpoint = panel.getAttribute("data-endpoint");
  var csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
  var timers = {};

  function draftailText(input) {
    try {
      var state = JSON.parse(input.value || "null");
      return state && state.blocks ? state.blocks.map(function (b) { return b.text; }).join("\n") : "";
    } catch (e) { return input.value; }
  }

  function update(field, text) {
    var row = panel.querySelector('[data-readability-field="' + field + '"]');
    if (!row) return;
    var body = new FormData();
    body.append("text", text);
    fetch(endpoint, { method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf ? csrf.value : "" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        row.querySelector("[data-words]").textContent = data.words;
        row.querySelector("[data-grade]").textContent = data.grade === null ? "–" : data.grade;
        row.querySelector("[data-ease]").textContent = data.reading_ease === null ? "–" : data.reading_ease;
        row.querySelector("[data-verdict]").textContent = data.grade === null ? "Too short to score"
          : data.above_target ? "Above the target: try shorter sentences and everyday words." : "Plain enough";
      });
  }

  function watch(field, read) {
    var input = document.getElementById("id_" + field);
    if (!input) return;
    var handler = function () {
      clearTimeout(timers[field]);
      timers[field] = setTimeout(function () { update(field, read(input)); }, 600);
    };
    input.addEventListener("input", handler);
    input.addEventListener("change", handler);
    // Draftail writes its hidden input without events; poll it cheaply.
    if (input.type === "hidden") {
      var last = input.value;
      setInterval(function () { if (input.value !== last) { last = input.value; handler(); } }, 1500);
    }
  }

  watch("summary", function (el) { return el.value; });
  watch("text_body", draftailText);
})();
