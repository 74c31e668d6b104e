/* Reflections: a live word count, drafts saved a few seconds after typing stops, and a copy of
   unsaved words in this browser until the server has them. Optional: without it the form still
   works with its "Save draft" and "Submit reflection" buttons. */
(function () {
  "use strict";
  if (window.storybridgeReflections) return; // the block template may include this file twice
  window.storybridgeReflections = true;

  var AUTOSAVE_DELAY_MS = 3000;
  // Counted as assessments.reflections.count_words counts: each Chinese or Japanese character is
  // a word; otherwise runs between spaces that hold a letter or a digit.
  var CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var TOKEN = new RegExp("[" + CJK + "]|[^\\s" + CJK + "]+", "g");
  var WORDLIKE;
  try {
    WORDLIKE = new RegExp("[\\p{L}\\p{N}]", "u");
  } catch (e) {
    WORDLIKE = /[0-9A-Za-z\u00c0-\u024f\u0370-\u052f\u0590-\u06ff\u3040-\u9fff\uac00-\ud7af]/;
  }

  function countWords(text) {
    var tokens = text.match(TOKEN) || [];
    var words = 0;
    for (var i = 0; i < tokens.length; i++) {
      if (WORDLIKE.test(tokens[i])) words++;
    }
    return words;
  }

  function browserStore() {
    try {
      var store = window.localStorage;
      store.setItem("storybridge-test", "1");
      store.removeItem("storybridge-test");
      return store;
    } catch (e) {
      return null; // private browsing or storage switched off: autosave still works
    }
  }

  function forget(store, key) {
    if (!store || !key) return;
    try { store.removeItem(key); } catch (e) { /* nothing to forget */ }
  }

  function number(n) {
    return n.toLocaleString ? n.toLocaleString("en-GB") : String(n);
  }

  function setUp(form, store) {
    var textarea = form.querySelector("textarea[name='text']");
    var count = form.querySelector("[data-count]");
    var status = form.querySelector("[data-status]");
    if (!textarea || !status || !window.fetch || !window.FormData) return;
    var key = form.getAttribute("data-storage-key");
    var savedAt = (parseInt(form.getAttribute("data-saved"), 10) || 0) * 1000;
    var maxChars = parseInt(form.getAttribute("data-max-chars"), 10) || 20000;
    var lastSaved = textarea.value;
    var timer = null;
    var saving = false;
    var again = false;

    function showCount() {
      if (!count) return;
      var words = countWords(textarea.value);
      count.textContent = number(words) + (words === 1 ? " word" : " words") + " · " +
        number(textarea.value.length) + " of " + number(maxChars) + " characters";
    }

    function keepCopy() {
      if (!store || !key) return;
      try {
        store.setItem(key, JSON.stringify({ text: textarea.value, at: Date.now() }));
      } catch (e) { /* storage full: the server copy is what counts */ }
    }

    function say(message, signInUrl) {
      status.textContent = message;
      if (signInUrl) {
        var link = document.createElement("a");
        link.href = signInUrl;
        link.textContent = "Sign in to carry on";
        status.appendChild(document.createTextNode(" "));
        status.appendChild(link);
      }
    }

    function save() {
      timer = null;
      if (textarea.value === lastSaved) return;
      if (saving) { again = true; return; }
      saving = true;
      var sent = textarea.value;
      var data = new FormData(form);
      data.append("action", "draft");
      // getAttribute: `form.action` is shadowed by the buttons named "action".
      fetch(form.getAttribute("action"), {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      }).then(function (result) {
        var body = result.body || {};
        if (result.ok) {
          lastSaved = sent;
          if (textarea.value === sent) forget(store, key);
          if (body.signed_out) {
            say("Draft saved at " + body.saved_at + ". Your session has ended.", body.login_url);
          } else if (body.saved_at) {
            say("Draft saved at " + body.saved_at + ".");
          }
        } else {
          say(body.error || "We could not save your draft just now. Your words are still here.",
            body.login_url);
        }
      }).catch(function () {
        say("We could not save your draft just now. Your words are still here; we will try " +
          "again when you next type.");
      }).then(function () {
        saving = false;
        if (again) { again = false; save(); }
      });
    }

    function later() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, AUTOSAVE_DELAY_MS);
    }

    // Words this browser kept that the server never got (a save failed, the tab closed):
    // offered back only when newer than the saved draft.
    if (store && key) {
      var copy = null;
      try { copy = JSON.parse(store.getItem(key) || "null"); } catch (e) { copy = null; }
      if (copy && typeof copy.text === "string" && copy.text.trim() &&
          copy.text !== textarea.value && copy.at > savedAt) {
        textarea.value = copy.text;
        say("We brought back words you had not saved yet. They will be saved in a moment.");
        later();
      } else {
        forget(store, key);
      }
    }

    textarea.addEventListener("input", function () {
      showCount();
      keepCopy();
      later();
    });
    form.addEventListener("submit", function () {
      if (timer) { clearTimeout(timer); timer = null; }
    });
    showCount();
  }

  function start() {
    var store = browserStore();
    // A submitted reflection has no unsaved words left to keep.
    document.querySelectorAll("[data-reflection-submitted]").forEach(function (marker) {
      forget(store, marker.getAttribute("data-storage-key"));
    });
    document.querySelectorAll("form[data-reflection-form]").forEach(function (form) {
      setUp(form, store);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
