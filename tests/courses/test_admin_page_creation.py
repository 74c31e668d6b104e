"""Educators author courses and modules through the Wagtail admin; curators alone publish
narratives."""

from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from core.models import HomePage
from courses.blocks import BODY_RICH_TEXT_FEATURES, SHORT_RICH_TEXT_FEATURES
from courses.models import CoursePage, ModulePage
from narratives.models import Narrative
from tests.factories import (
    CourseIndexPageFactory,
    CoursePageFactory,
    NarrativeFactory,
    UserFactory,
)
from tests.narratives.admin_data import narrative_form_data

OUTCOMES = [
    "Describe what recovery can mean to the person living it.",
    "Name two things that helped the narrators.",
]


def course_form_data(outcomes=OUTCOMES):
    return nested_form_data(
        {
            "title": "Recovery in practice",
            "slug": "recovery-in-practice",
            "summary": "For care assistants new to mental health wards.",
            "audience": "care_assistant",
            "estimated_minutes": "75",
            "learning_outcomes": inline_formset([{"text": text} for text in outcomes]),
            # The "Attitude questionnaires" panel (assessments' CourseQuestionnaires), left empty.
            "questionnaires": inline_formset([]),
        }
    )


class EducatorCreatesPagesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.educator = UserFactory(username="educator", groups=["Educators"])
        cls.course_index = CourseIndexPageFactory(parent=HomePage.objects.get(), slug="courses")
        cls.sam = NarrativeFactory(title="Coming home")
        cls.jo = NarrativeFactory(title="Finding the allotment")
        cls.robin = NarrativeFactory(title="Back at work")

    def setUp(self):
        self.client.force_login(self.educator)

    def test_educator_creates_a_course_with_learning_outcomes(self):
        self.assertCanCreate(self.course_index, CoursePage, course_form_data())

        course = CoursePage.objects.get(slug="recovery-in-practice")
        self.assertTrue(course.live)
        self.assertEqual(course.get_parent().specific, self.course_index)
        self.assertEqual(course.summary, "For care assistants new to mental health wards.")
        self.assertEqual(course.audience, CoursePage.Audience.CARE_ASSISTANT)
        self.assertEqual(course.estimated_minutes, 75)
        self.assertEqual(course.owner, self.educator)
        self.assertEqual([outcome.text for outcome in course.learning_outcomes.all()], OUTCOMES)

    def test_a_course_needs_at_least_one_learning_outcome(self):
        data = course_form_data(outcomes=[])
        data["action-publish"] = "action-publish"

        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["courses", "coursepage", self.course_index.pk]),
            data,
        )

        self.assertContains(response, "Please submit at least 1 form.")
        self.assertFalse(CoursePage.objects.filter(slug="recovery-in-practice").exists())

    def test_educator_creates_a_module_with_text_narrative_and_choice_blocks(self):
        course = CoursePageFactory(parent=self.course_index, slug="basics")
        data = nested_form_data(
            {
                "title": "Coming home",
                "slug": "coming-home",
                "intro": "Three people talk about the first weeks after hospital.",
                "estimated_minutes": "25",
                "body": streamfield(
                    [
                        (
                            "text",
                            rich_text(
                                "<h2>Before you start</h2><p>Find a quiet place.</p>",
                                features=BODY_RICH_TEXT_FEATURES,
                            ),
                        ),
                        (
                            "narrative",
                            {
                                "narrative": str(self.sam.pk),
                                "framing": rich_text(
                                    "<p>Listen for who helped.</p>",
                                    features=SHORT_RICH_TEXT_FEATURES,
                                ),
                                "discussion_prompts": streamfield(
                                    [("item", "What surprised you?")]
                                ),
                            },
                        ),
                        (
                            "narrative_choice",
                            {
                                "prompt": "Which story would you like to hear?",
                                "framing": rich_text("", features=SHORT_RICH_TEXT_FEATURES),
                                "narratives": streamfield(
                                    [("item", str(self.jo.pk)), ("item", str(self.robin.pk))]
                                ),
                                "discussion_prompts": streamfield([]),
                                "story_words": streamfield(
                                    [
                                        (
                                            "item",
                                            {
                                                "narrative": str(self.jo.pk),
                                                "framing": rich_text(
                                                    "<p>Notice who Jo told first.</p>",
                                                    features=SHORT_RICH_TEXT_FEATURES,
                                                ),
                                                "discussion_prompts": streamfield(
                                                    [("item", "What did Jo need?")]
                                                ),
                                            },
                                        )
                                    ]
                                ),
                            },
                        ),
                    ]
                ),
            }
        )

        self.assertCanCreate(course, ModulePage, data)

        module = ModulePage.objects.get(slug="coming-home")
        self.assertTrue(module.live)
        self.assertEqual(module.get_parent().specific, course)
        self.assertEqual(module.estimated_minutes, 25)
        text, narrative, choice = module.body
        self.assertEqual(
            [text.block_type, narrative.block_type, choice.block_type],
            ["text", "narrative", "narrative_choice"],
        )
        self.assertIn("Before you start</h2>", text.value.source)
        self.assertIn("Find a quiet place.</p>", text.value.source)
        self.assertEqual(narrative.value["narrative"], self.sam)
        self.assertIn("Listen for who helped.", narrative.value["framing"].source)
        self.assertEqual(list(narrative.value["discussion_prompts"]), ["What surprised you?"])
        self.assertEqual(choice.value["prompt"], "Which story would you like to hear?")
        self.assertEqual(list(choice.value["narratives"]), [self.jo, self.robin])
        words = choice.value.story_words()
        self.assertEqual(list(words), [self.jo.pk])
        framing, prompts = words[self.jo.pk]
        self.assertIn("Notice who Jo told first.</p>", framing.source)
        self.assertEqual(prompts, ["What did Jo need?"])
        self.assertEqual(module.narratives(), [self.sam, self.jo, self.robin])

        response = self.client.get(module.url)
        self.assertContains(response, "Before you start</h2>")
        self.assertContains(response, "Coming home")
        self.assertContains(response, "Which story would you like to hear?")
        self.assertContains(response, "Back at work")


class NarrativePublishingPermissionTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.educator = UserFactory(username="educator", groups=["Educators"])
        cls.curator = UserFactory(username="curator", groups=["Narrative curators"])

    def setUp(self):
        self.narrative = NarrativeFactory(title="Coming home", live=False)
        self.edit_url = reverse(
            "wagtailsnippets_narratives_narrative:edit", args=[self.narrative.pk]
        )

    def publish_as(self, user):
        self.client.force_login(user)
        data = narrative_form_data(title="Coming home")
        data["action-publish"] = "action-publish"
        return self.client.post(self.edit_url, data)

    def test_educator_has_no_publish_button_or_permission(self):
        self.assertFalse(self.educator.has_perm("narratives.publish_narrative"))
        self.client.force_login(self.educator)

        response = self.client.get(self.edit_url)

        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, 'name="action-publish"')
        self.assertContains(response, 'name="action-submit"')

    def test_educator_publish_request_only_saves_a_draft(self):
        response = self.publish_as(self.educator)

        self.assertEqual(response.status_code, 302)
        self.narrative.refresh_from_db()
        self.assertFalse(self.narrative.live)
        self.assertIsNone(self.narrative.live_revision)
        self.assertEqual(self.narrative.revisions.count(), 1)

    def test_curator_publishes(self):
        self.assertTrue(self.curator.has_perm("narratives.publish_narrative"))

        response = self.publish_as(self.curator)

        self.assertEqual(response.status_code, 302)
        self.narrative.refresh_from_db()
        self.assertTrue(self.narrative.live)
        self.assertEqual(self.narrative.live_revision, self.narrative.latest_revision)
        self.assertEqual(Narrative.objects.available().get(), self.narrative)
