"""Every learner page and every admin screen we use works under the Content-Security-Policy:
Chromium reports no violation while they load and while their scripts run (issue 14, finding 7).

Violations are heard twice: `securitypolicyviolation` events, listened for by a script added
before any of the page's own (in every frame, the admin's preview too), and Chromium's console,
which names every refused script, style, frame or image.
"""

import re

import pytest
from django.urls import reverse
from wagtail.models import Page

from assessments.models import Reflection  # noqa: F401 - the reflection block's model is loaded
from narratives.models import Narrative
from tests.assessments.factories_questionnaires import make_instrument, set_questionnaires
from tests.factories import EnrolmentFactory, UserFactory

from .conftest import CONTINUE, press_and_follow, slot_for
from .test_xapi_admin_axe import outbox  # noqa: F401 - a fixture
from .test_xss import sign_in_as

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || location.pathname}:${event.lineNumber}) ${event.sample || ""}`
  );
});
"""
REFLECTION_ID = "8a1d2c3b-4e5f-4a6b-8c7d-000000000001"
CHECK_ID = "8a1d2c3b-4e5f-4a6b-8c7d-000000000002"


def watched(visit):
    """Start hearing violations on `visit`'s page; returns the list console messages go into."""
    heard = []
    visit.page.context.add_init_script(LISTEN)
    visit.page.on(
        "console",
        lambda message: (
            heard.append(f"console: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    visit.page.on("pageerror", lambda error: heard.append(f"page error: {error}"))
    return heard


def violations(visit, heard):
    page = visit.page
    page.wait_for_load_state("load")
    events = []
    for frame in page.frames:
        try:
            events += frame.evaluate("() => window.__cspViolations || []")
        except Exception as error:  # a frame that navigated away meanwhile
            events.append(f"could not read violations of {frame.url}: {error}")
    return events + heard


def check(visit, heard, paths):
    problems = {}
    for label, path in paths.items():
        response = visit.goto(path)
        assert response.status == 200, f"{label}: {response.status} for {path}"
        assert response.headers.get("content-security-policy"), label
        found = violations(visit, heard)
        if found:
            problems[label] = found
        heard.clear()
    return problems


@pytest.fixture
def learner_pages(content, make_module, course):
    module = make_module(
        title="Writing it down",
        body=[
            {
                "type": "knowledge_check",
                "id": CHECK_ID,
                "value": {
                    "question": "What helped Sam most?",
                    "kind": "single",
                    "options": [
                        {"text": "His sister", "correct": True, "feedback": "<p>Yes.</p>"},
                        {"text": "Nothing", "correct": False, "feedback": "<p>Not quite.</p>"},
                    ],
                    "explanation": "<p>Small things, done reliably.</p>",
                },
            },
            {
                "type": "reflection",
                "id": REFLECTION_ID,
                "value": {"prompt": "What did you notice?", "guidance": "", "required": True},
            },
        ],
    )
    instrument = make_instrument()
    set_questionnaires(course, baseline=instrument, post=instrument)
    learner = UserFactory(username="ada", verified_email=True)
    EnrolmentFactory(user=learner, course=course)
    return learner, module


def test_learner_pages_load_and_run_with_no_violation(content, learner_pages, open_page, course):
    learner, module = learner_pages
    visit = open_page()
    heard = watched(visit)

    signed_out = check(
        visit,
        heard,
        {"home": "/", "course": content.course_url, "sign in": reverse("account_login")},
    )
    sign_in_as(visit, learner)
    signed_in = check(
        visit,
        heard,
        {
            "home": "/",
            "course": content.course_url,
            "module with narratives": content.module_url,
            "module with a knowledge check and a reflection": module.url,
            "questionnaire": reverse("assessments:questionnaire", args=[course.pk, "pre"]),
            "journal": reverse("assessments:journal"),
            "profile": reverse("accounts:profile"),
            "preferences": reverse("preferences:edit"),
            "support": "/support/",
        },
    )
    page = visit.page
    # The scripts still do their work: a reflection counts words, an embed loads on request,
    # a knowledge check answers.
    visit.goto(module.url)
    page.fill(f"#reflection-{REFLECTION_ID}-text", "Three words here")
    assert "3 words" in page.text_content(f"#reflection-{REFLECTION_ID}-count")
    page.get_by_label("His sister").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Check my answer").click()
    # An embedded player loads from its provider's frame origin, which frame-src allows.
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<p>Stand-in player</p>"
        ),
    )
    visit.goto(content.module_url)
    slot = slot_for(page, "Before you start: Back to work")
    slot_id = slot.get_attribute("id")
    press_and_follow(page, slot.get_by_role("button", name=CONTINUE, exact=True))
    page.locator(f"#{slot_id}").get_by_role("button", name="Play from YouTube").click()
    page.frame_locator(f"#{slot_id} .embed iframe").get_by_text("Stand-in player").wait_for()
    acted = violations(visit, heard)

    assert (signed_out, signed_in, acted) == ({}, {}, [])


@pytest.fixture
def editor_pages(content, course):
    instrument = make_instrument()
    set_questionnaires(course, baseline=instrument, post=instrument)
    lead = UserFactory(username="lead", is_superuser=True, is_staff=True, verified_email=True)
    module = Page.objects.get(url_path__endswith="/coming-home/").specific
    media = Narrative.objects.get(pk=content.audio.pk).media
    return lead, {
        "dashboard": reverse("wagtailadmin_home"),
        "page edit": reverse("wagtailadmin_pages:edit", args=[module.pk]),
        "course edit, with an inline panel": reverse("wagtailadmin_pages:edit", args=[course.pk]),
        "narrative edit": reverse(
            "wagtailsnippets_narratives_narrative:edit", args=[content.text.pk]
        ),
        "media library": reverse("wagtailmedia:index"),
        "media edit": reverse("wagtailmedia:edit", args=[media.pk]),
        "media add": reverse("wagtailmedia:add", args=["audio"]),
        "site history report": reverse("wagtailadmin_reports:site_history"),
        "aging pages report": reverse("wagtailadmin_reports:aging_pages"),
        "attitude dashboard": reverse("attitude_change:course", args=[course.pk]),
        "engagement": reverse("engagement:course", args=[course.pk]),
        # Learner pages as an author sees them: with Wagtail's user bar, under the strict policy.
        "home with the user bar": "/",
        "module with the user bar": content.module_url,
    }


def test_the_watch_hears_a_refused_inline_script(content, open_page):
    """The listener itself works: a script written into the page is refused and reported."""
    visit = open_page()
    heard = watched(visit)
    visit.goto("/")
    visit.page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ran = true'; document.body.append(s); }"
    )
    found = violations(visit, heard)
    assert any("script-src" in line for line in found), found
    assert visit.page.evaluate("() => window.ran === undefined")


def test_admin_screens_load_with_no_violation(editor_pages, open_page):
    lead, paths = editor_pages
    visit = open_page()
    heard = watched(visit)
    sign_in_as(visit, lead)

    assert check(visit, heard, paths) == {}
    assert visit.page.locator("wagtail-userbar").count() == 1

    # The live preview frames the module page from the admin.
    page = visit.page
    visit.goto(paths["page edit"])
    with page.expect_response(lambda response: "/edit/preview/" in response.url) as shown:
        page.locator("button[data-side-panel-toggle='preview']").click()
    assert shown.value.status == 200
    page.locator("iframe[src*='/edit/preview/']").last.content_frame.get_by_role(
        "heading", name="Coming home", level=1
    ).wait_for()
    assert violations(visit, heard) == []


def test_xapi_statement_screens_load_with_no_violation_and_keep_their_look(outbox, open_page):  # noqa: F811
    rows, _dead, superuser = outbox
    visit = open_page()
    heard = watched(visit)
    sign_in_as(visit, superuser)
    detail = reverse("xapi_statements:detail", args=[rows[0].pk])

    problems = check(
        visit, heard, {"statements": reverse("xapi_statements:index"), "statement": detail}
    )

    assert problems == {}
    # The JSON still wraps, now from the admin stylesheet rather than a style="" attribute.
    wrap = visit.page.locator("pre[aria-labelledby='json-heading']").evaluate(
        "pre => getComputedStyle(pre).whiteSpace"
    )
    assert wrap == "pre-wrap"


def added_forms(page, prefix):
    return int(page.locator(f"#id_{prefix}-TOTAL_FORMS").input_value())


def test_admin_inline_scripts_run_under_the_nonce_with_no_violation(editor_pages, open_page):
    """Wagtail's inline scripts carry the response's nonce and do their work: inline panels
    add forms, date and time pickers open (the schedule publishing dialog too), choosers open
    their modals, the media upload form fills in the title."""
    lead, paths = editor_pages
    visit = open_page()
    heard = watched(visit)
    sign_in_as(visit, lead)
    page = visit.page
    done = []

    # An inline panel adds a learning outcome; its new form is a copy of the nonced template.
    visit.goto(paths["course edit, with an inline panel"])
    before = added_forms(page, "learning_outcomes")
    page.locator("#id_learning_outcomes-ADD").click()
    assert added_forms(page, "learning_outcomes") == before + 1
    done.append(("course edit", violations(visit, heard)))
    heard.clear()

    # The schedule publishing dialog's date and time picker opens.
    visit.goto(paths["page edit"])
    page.locator("[data-side-panel-toggle='status']").click()
    page.get_by_role("button", name="Set schedule").click()
    page.locator("#id_go_live_at").click()
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for()
    done.append(("schedule publishing", violations(visit, heard)))
    heard.clear()

    # A narrative: its date picker, and a content warning added with its snippet chooser, whose
    # modal (HTML fetched by the chooser's script) opens.
    visit.goto(paths["narrative edit"])
    page.get_by_role("tab", name="Trust and licence").click()
    page.locator("#id_last_reviewed").click()
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for()
    page.keyboard.press("Escape")
    page.get_by_role("tab", name="Warnings and themes").click()
    before = added_forms(page, "warnings")
    page.locator("#id_warnings-ADD").click()
    assert added_forms(page, "warnings") == before + 1
    chooser = page.locator(f"#id_warnings-{before}-warning-chooser")
    chooser.locator("[data-chooser-action-choose]").first.click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("table").wait_for()
    modal.get_by_role("button", name="Close").click()
    done.append(("narrative edit", violations(visit, heard)))
    heard.clear()

    # Reports filter by date with the picker.
    visit.goto(paths["site history report"])
    page.get_by_role("button", name="Show filters").click()
    page.get_by_role("button", name=re.compile(r"^Date")).click()
    page.locator("#id_timestamp_0").click()
    page.locator(".xdsoft_datetimepicker:visible").first.wait_for()
    done.append(("site history report", violations(visit, heard)))
    heard.clear()

    # Adding media names the item after the file chosen (wagtailmedia's inline script).
    visit.goto(paths["media add"])
    page.locator("#id_file").set_input_files(
        {"name": "quiet-morning.mp3", "mimeType": "audio/mpeg", "buffer": b"ID3"}
    )
    assert page.locator("#id_title").input_value() == "quiet-morning"
    done.append(("media add", violations(visit, heard)))

    assert [(label, found) for label, found in done if found] == []
