"""The SCORM 1.2 launcher package played in Chromium inside a real SCORM 1.2 run-time
(scorm-again, as an LMS would give it) on its own origin: the learner opens the module from the
LMS, signs in to Storybridge, answers its knowledge check (which completes it), and the LMS
records "completed" and the score, with nothing else."""

import io
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

from integrations import scorm
from tests.core.personal_data import CHECK
from tests.factories import UserFactory

pytestmark = pytest.mark.browser
SCORM_AGAIN = Path(settings.BASE_DIR) / ".deps" / "node_modules" / "scorm-again" / "dist"

LMS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="scorm12.min.js"></script><script src="lms.js"></script></head>
<body><h1>Test LMS</h1><iframe title="Course" src="package/index.html" width="800" height="500">
</iframe></body></html>
"""
LMS_JS = """window.API = new Scorm12API({ autocommit: false, logLevel: 5 });
window.API.cmi.core.student_id = "esr-1234567";
window.API.cmi.core.student_name = "Tester, Jo";
window.lmsCalls = [];
["LMSInitialize", "LMSCommit", "LMSFinish"].forEach(function (name) {
  window.API.on(name, function () { window.lmsCalls.push(name); });
});
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def lms(tmp_path):
    """A stand-in LMS on its own origin: scorm-again's SCORM 1.2 API in the top window, the
    package's SCO in a frame. Yields (origin, folder for the package)."""
    if not (SCORM_AGAIN / "scorm12.min.js").is_file():
        pytest.fail("scorm-again is missing. Run `make install-test` to install it.")
    (tmp_path / "scorm12.min.js").write_bytes((SCORM_AGAIN / "scorm12.min.js").read_bytes())
    (tmp_path / "lms.html").write_text(LMS_HTML)
    (tmp_path / "lms.js").write_text(LMS_JS)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=tmp_path))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", tmp_path / "package"
    server.shutdown()
    thread.join(timeout=5)


def test_the_lms_records_completion_and_the_score(
    django_db_serialized_rollback, live_server, settings, make_module, lms, open_page
):
    settings.SITE_BASE_URL = live_server.url  # the package opens this server
    origin, folder = lms
    module = make_module(title="Listening well", body=[{**CHECK, "id": "k-1"}])
    UserFactory(username="jo", email="jo@example.org", verified_email=True)
    package = scorm.make_package(module, send_score=True)
    zipfile.ZipFile(io.BytesIO(scorm.build_package(package))).extractall(folder)

    visit = open_page(also_allow=[origin])
    page = visit.page
    page.goto(f"{origin}/lms.html")
    sco = page.frame_locator("iframe")
    sco.get_by_text("Not started yet.").wait_for()
    assert page.evaluate("window.API.cmi.core.lesson_status") == "incomplete"
    with page.expect_popup() as opening:
        sco.get_by_role("button", name="Open Listening well").click()
    storybridge = opening.value
    storybridge.wait_for_url("**/accounts/login/**")
    storybridge.fill("#id_login", "jo@example.org")
    storybridge.fill("#id_password", "password")
    storybridge.get_by_role("button", name="Sign in").click()
    storybridge.get_by_role("heading", name="Is this you?").wait_for()
    storybridge.get_by_role("button", name="Yes, continue").click()
    storybridge.wait_for_url(f"{live_server.url}{module.url}")
    storybridge.get_by_label("Listening").check()
    storybridge.get_by_role("button", name="Check my answer").click()
    storybridge.wait_for_load_state()

    page.bring_to_front()
    page.wait_for_function("window.API.cmi.core.lesson_status === 'completed'", timeout=20_000)
    assert page.evaluate("window.API.cmi.core.score.raw") == "100"
    assert page.evaluate("window.lmsCalls").count("LMSFinish") == 1
    sco.get_by_text("Completed. Your learning record has been updated").wait_for()
    # Only completion and the score reached the LMS: no suspend data, no interactions.
    assert page.evaluate("window.API.cmi.suspend_data") == ""
    assert page.evaluate("window.API.cmi.interactions.childArray.length") == 0
