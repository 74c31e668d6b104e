/* Admin: give each rich text editor the accessible name of its field's label.
   Wagtail's Draftail editor is a contenteditable textbox with no name of its own, so a screen
   reader announces "edit text" and axe reports aria-input-field-name. The editors are drawn after
   the page loads (and again when a block or tab is added), so new ones are named as they appear. */
(function () {
  "use strict";

  function name(editor) {
    if (editor.hasAttribute("aria-labelledby") || editor.hasAttribute("aria-label")) return;
    // The editor keeps its value in a hidden input; the field's <label> points at that input.
    var field = editor.closest("[data-field-input], .w-field");
    var input = field && field.querySelector("input[id]");
    var label = input && document.querySelector('label[for="' + input.id + '"]');
    if (!label || !label.textContent.trim()) return;
    if (!label.id) label.id = "rich-text-label-" + Math.random().toString(36).slice(2);
    editor.setAttribute("aria-labelledby", label.id);
  }

  function nameAll(root) {
    root.querySelectorAll('[contenteditable="true"][role="textbox"]').forEach(name);
  }

  function start() {
    nameAll(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) return;
          if (node.matches('[contenteditable="true"][role="textbox"]')) name(node);
          nameAll(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
