/* LTI sign-in inside an LMS's frame (integrations/lti/launch.py): when the browser keeps
   cookies here, go on at once; when it does not (third-party cookies blocked), offer to go on in
   a new window, where Storybridge is first-party. */
(function () {
  "use strict";
  var root = document.getElementById("lti-cookie-check");
  if (!root) {
    return;
  }
  var query = root.getAttribute("data-query");
  var secure = window.location.protocol === "https:";
  document.cookie = "lti1p3_test_cookie=1; path=/" + (secure ? "; SameSite=None; Secure" : "");
  if (document.cookie.indexOf("lti1p3_test_cookie") !== -1) {
    document.cookie = "lti1p3_test_cookie=1; path=/; expires=Thu, 01 Jan 1970 00:00:01 GMT";
    window.location.replace("?" + query);
    return;
  }
  document.getElementById("lti-opening").hidden = true;
  document.getElementById("lti-new-window").hidden = false;
})();
