"""The whole learner journey by keyboard alone (issue 3): sign in, enrol, the content-warning
notice, the story, "Take a break", finishing the story, a reflection, the journal.

Nothing is clicked and no address is typed after the first: Tab to a control, then Enter, as a
keyboard user does. At every page and state axe-core must find no serious or critical problem
and, at 360 px, nothing may scroll sideways (WCAG 1.4.10). Every problem is collected and
reported together at the end; what the learner sees is asserted on the way.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Site

from assessments.models import Reflection
from core.models import StorybridgeSettings
from courses.models import Enrolment, ModuleProgress, NarrativeDecision
from narratives.models import ContentWarning
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory
from tracking.activities import narrative_id
from tracking.models import SensitiveEventCount

from .conftest import CONTINUE, DESKTOP, PHONE, has_focus, tab_to
from .test_accessibility import HORIZONTAL_OVERFLOW

pytestmark = pytest.mark.browser

EMAIL = "ruth@example.org"
PASSWORD = "password"  # UserFactory's
STORY = "A room of my own"
STORY_LINE = "The first night back I slept with the window open"
NARRATIVE_ID = "7d0c4a4e-5b0f-4c8e-9d6a-0000000000a1"
REFLECTION_ID = "7d0c4a4e-5b0f-4c8e-9d6a-0000000000a2"
PROMPT = "What stayed with you?"
WRITTEN = "The open window stayed with me. Small freedoms matter after weeks on a ward."
WELLBEING = "Staff wellbeing line"
WIDTHS = {"desktop": DESKTOP, "360px": PHONE}
STATES = [
    "sign-in page",
    "course page, not enrolled",
    "course page, enrolled",
    "module page with the notice",
    "story open",
    "break dialog open",
    "story finished",
    "reflection submitted",
    "journal",
    "reflection in the journal",
]

# The focused element shows that it has focus: it matches :focus-visible and the style sheet
# draws something for it (an outline or a ring).
FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    element: element.outerHTML.slice(0, 120),
    focusVisible: element.matches(":focus-visible"),
    drawn: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none",
  };
}"""


@dataclass
class Journey:
    learner: object
    course: object
    module: object
    narrative: object


@pytest.fixture
def journey(django_db_serialized_rollback, live_server, course, make_module):
    """A learner with a verified address, and a live course whose one module has a text block,
    a story behind a content-warning notice and a required reflection."""
    learner = UserFactory(username="ruth", first_name="Ruth", email=EMAIL)
    EmailAddress.objects.create(user=learner, email=EMAIL, verified=True, primary=True)
    StorybridgeSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "organisation_name": "Northfield NHS Trust",
            "support_resources": [
                {
                    "type": "resource",
                    "value": {
                        "name": WELLBEING,
                        "description": "Confidential support for anyone working here.",
                        "phone": "0800 123 4567",
                        "url": "https://example.org/wellbeing",
                        "hours": "Every day, 8am to 8pm",
                    },
                }
            ],
        },
    )
    narrative = NarrativeFactory(
        title=STORY,
        narrator_pseudonym="Mo",
        summary="Mo talks about the first weeks at home after a long stay on a ward.",
        text_body=f"<p>{STORY_LINE}, just because I could.</p>"
        "<p>Nobody came to check on me, and for once that felt like kindness.</p>",
        duration=datetime.timedelta(minutes=2),
    )
    NarrativeWarningFactory(narrative=narrative)  # self-harm, at 04:10
    NarrativeWarningFactory(
        narrative=narrative,
        warning=ContentWarning.objects.get(slug="suicide"),
        note="mentions thoughts of suicide",
        timestamp="",
    )
    module = make_module(
        title="Going home",
        body=[
            {
                "type": "text",
                "value": "<h2>What this module covers</h2><p>One person talks about going "
                "home from hospital.</p>",
            },
            {
                "type": "narrative",
                "value": {
                    "narrative": narrative.pk,
                    "framing": "<p>Notice what <strong>freedom</strong> means to Mo.</p>",
                    "discussion_prompts": ["What surprised you?"],
                },
                "id": NARRATIVE_ID,
            },
            {
                "type": "reflection",
                "value": {
                    "prompt": PROMPT,
                    "guidance": "<p>A few sentences.</p>",
                    "minimum_words": 5,
                    "required": True,
                },
                "id": REFLECTION_ID,
            },
        ],
    )
    return Journey(learner=learner, course=course, module=module, narrative=narrative)


class Checks:
    """axe and reflow on each page and state the journey reaches; collects every problem."""

    def __init__(self, page, width, axe_violations, describe):
        self.page, self.width = page, width
        self.axe_violations, self.describe = axe_violations, describe
        self.checked, self.problems = [], []

    def __call__(self, state, *, wide=None):
        """`wide` is an element (the break dialog) that must fit in 360 px as well."""
        page = self.page
        self.checked.append(state)
        assert page.locator("h1").count() == 1, state
        violations = self.axe_violations(page)
        if violations:
            self.problems.append(f"axe on {state} at {self.width}:\n{self.describe(violations)}")
        if self.width == "360px":
            size = page.evaluate(HORIZONTAL_OVERFLOW)
            assert size["clientWidth"] == PHONE["width"], state
            if size["scrollWidth"] > size["clientWidth"]:
                self.problems.append(f"{state} scrolls sideways at 360px: {size}")
            if wide is not None:
                box = wide.bounding_box()
                if box["x"] < 0 or box["x"] + box["width"] > PHONE["width"]:
                    self.problems.append(f"{state}: {wide} does not fit in 360px: {box}")


def assert_focus_shown(page, what):
    shown = page.evaluate(FOCUS_SHOWN)
    assert shown["focusVisible"] and shown["drawn"], (what, shown)


def enter_and_follow(page):
    """Enter on the focused link or button, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def today():
    return f"{timezone.localdate():%-d %B %Y}"


@pytest.mark.parametrize("width", WIDTHS)
def test_a_learner_goes_through_the_whole_journey_by_keyboard_alone(
    journey, open_page, axe_violations, describe, width
):
    course_url, module_url = journey.course.url, journey.module.url
    visit = open_page(f"/accounts/login/?next={course_url}", viewport=WIDTHS[width])
    page = visit.page
    check = Checks(page, width, axe_violations, describe)

    # 1. Sign in.
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sign in", re.I))
    check("sign-in page")
    tab_to(page, "#id_login")
    assert_focus_shown(page, "email field")
    page.keyboard.type(EMAIL)
    tab_to(page, "#id_password")
    page.keyboard.type(PASSWORD)
    enter_and_follow(page)

    # 2. Enrol, then go to the module.
    assert path_of(page.url) == course_url
    expect(page.get_by_role("heading", level=1)).to_have_text(journey.course.title)
    enrol = page.get_by_role("button", name="Enrol on this course")
    expect(enrol).to_be_visible()
    check("course page, not enrolled")
    tab_to(page, enrol)
    assert_focus_shown(page, "Enrol on this course")
    enter_and_follow(page)

    assert path_of(page.url) == course_url
    expect(page.get_by_text(f"You are enrolled on {journey.course.title}.")).to_be_visible()
    assert page.get_by_role("button", name="Enrol on this course").count() == 0
    carry_on = page.get_by_role("link", name=f"Start: {journey.module.title}")
    expect(carry_on).to_be_visible()
    check("course page, enrolled")
    tab_to(page, carry_on)
    assert_focus_shown(page, "Start link")
    enter_and_follow(page)

    # 3. The content-warning notice, then the story.
    assert path_of(page.url) == module_url
    slot = page.locator(f"#slot-{NARRATIVE_ID}")
    expect(slot.get_by_role("heading", name=f"Before you start: {STORY}")).to_be_visible()
    expect(slot.locator(".warnings")).to_contain_text("Suicide: mentions thoughts of suicide")
    assert page.get_by_text(STORY_LINE).count() == 0  # nothing of the story before the choice
    status = page.locator(".module-status")
    expect(status).to_contain_text("finish one more story")
    expect(status).to_contain_text("submit one more reflection")
    check("module page with the notice")
    tab_to(page, slot.get_by_role("button", name=CONTINUE, exact=True))
    assert_focus_shown(page, CONTINUE)
    enter_and_follow(page)

    assert path_of(page.url) == f"{module_url}#slot-{NARRATIVE_ID}"
    expect(slot.locator(".narrative__text")).to_contain_text(STORY_LINE)
    assert slot.get_by_role("heading", name=f"Before you start: {STORY}").count() == 0
    check("story open")

    # 4. Take a break, and come back.
    take_break = slot.get_by_role("button", name="Take a break")
    dialog = page.locator("#break-dialog")
    tab_to(page, take_break)
    assert_focus_shown(page, "Take a break")
    with page.expect_response(re.compile(r"/support/break/$")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 204
    assert dialog.evaluate("d => d.open") is True
    expect(dialog.get_by_role("heading", name="Take a break")).to_be_visible()
    expect(dialog.get_by_role("link", name=WELLBEING)).to_be_visible()
    assert dialog.evaluate("d => d.contains(document.activeElement)") is True
    assert path_of(page.url) == f"{module_url}#slot-{NARRATIVE_ID}"  # in place
    check("break dialog open", wide=dialog)
    assert dialog.evaluate("d => d.open") is True  # axe checked it open
    back = dialog.get_by_role("button", name="Go back to the story")
    if not has_focus(page, back):
        tab_to(page, back)
    assert_focus_shown(page, "Go back to the story")
    page.keyboard.press("Enter")
    assert dialog.evaluate("d => d.open") is False
    assert has_focus(page, take_break)

    # 5. Finish the story.
    tab_to(page, slot.get_by_role("button", name="I have finished this story"))
    enter_and_follow(page)
    expect(slot.get_by_text("You have finished this story.")).to_be_visible()
    expect(status).not_to_contain_text("finish one more story")
    expect(status).to_contain_text("submit one more reflection")
    check("story finished")

    # 6. Write and submit the reflection.
    section = page.locator(f"#reflection-{REFLECTION_ID}")
    expect(section.get_by_role("heading", name=PROMPT)).to_be_visible()
    tab_to(page, section.get_by_label("Your reflection"))
    assert_focus_shown(page, "reflection text box")
    page.keyboard.type(WRITTEN)
    expect(section.locator("[data-count]")).to_contain_text("14 words")
    submit = section.get_by_role("button", name="Submit reflection")
    tab_to(page, submit)
    assert_focus_shown(page, "Submit reflection")
    enter_and_follow(page)

    assert path_of(page.url) == f"{module_url}#reflection-{REFLECTION_ID}"
    expect(section).to_contain_text(f"Submitted on {today()}.")
    expect(section.locator(".reflection__text")).to_have_text(WRITTEN)
    assert section.get_by_role("textbox").count() == 0
    expect(status).to_contain_text("You have completed this module.")
    check("reflection submitted")

    # 7. The journal, by the header's link, and the reflection in it.
    journal_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Journal")
    tab_to(page, journal_link)
    assert_focus_shown(page, "Journal link")
    enter_and_follow(page)

    assert path_of(page.url) == "/journal/"
    expect(page.get_by_role("heading", level=1)).to_have_text("Your journal")
    entry = page.locator(".journal-list__item")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(f"{journey.module.title} · Submitted on {today()}")
    check("journal")
    tab_to(page, entry.get_by_role("link", name=PROMPT))
    assert_focus_shown(page, "the reflection in the journal")
    enter_and_follow(page)

    reflection = Reflection.objects.get(enrolment__user=journey.learner)
    assert path_of(page.url) == f"/journal/{reflection.uuid}/"
    expect(page.get_by_role("heading", level=1)).to_have_text(PROMPT)
    expect(page.locator(".reflection__text")).to_have_text(WRITTEN)
    facts = page.locator(".record__facts")
    expect(facts).to_contain_text(journey.module.title)
    expect(facts).to_contain_text(STORY)
    expect(facts).to_contain_text("Only you")
    check("reflection in the journal")

    # What was stored.
    enrolment = Enrolment.objects.get(user=journey.learner, course=journey.course)
    decisions = NarrativeDecision.objects.filter(enrolment=enrolment).order_by("made_at", "pk")
    assert [(d.block_id, d.narrative_id, d.choice) for d in decisions] == [
        (NARRATIVE_ID, journey.narrative.pk, "continue"),
        (NARRATIVE_ID, journey.narrative.pk, "experienced"),
    ]
    # The break is a count for the day, nothing more (tracking/sensitive.py).
    breaks = SensitiveEventCount.objects.filter(kind="break")
    assert list(breaks.values_list("activity_iri", "count")) == [
        (narrative_id(journey.narrative), 1)
    ]
    assert (reflection.enrolment, reflection.block_id) == (enrolment, REFLECTION_ID)
    assert reflection.status == Reflection.Status.SUBMITTED
    assert reflection.submitted_at is not None
    assert reflection.text == WRITTEN
    assert reflection.shared_with_educators is False
    progress = ModuleProgress.objects.get(enrolment=enrolment, module=journey.module)
    assert progress.completed_at is not None
    assert progress.narrative_state[NARRATIVE_ID] == {"n": journey.narrative.pk, "s": "done"}
    assert visit.blocked == []  # nothing was fetched from another site

    assert check.checked == STATES  # each page and state was checked
    assert check.problems == [], "\n".join(check.problems)
