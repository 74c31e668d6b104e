/* Deep linking (integrations/lti/deep_linking.py): send the signed choice back to the LMS at
   once; the button stays for browsers without JavaScript. */
(function () {
  "use strict";
  var form = document.getElementById("lti-deep-link-return");
  if (form) {
    form.submit();
  }
})();
