import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.models import Page
from wagtailmedia.models import Media

from assessments.models import (
    Instrument,
    InstrumentItem,
    ItemAnswer,
    QuestionnaireResponse,
    ScalePoint,
    Subscale,
)
from assessments.questionnaires.models import validate_instrument
from assessments.questionnaires.per_course import questionnaires_for
from core.models import StorybridgeSettings
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LearningOutcome,
    ModulePage,
    ModuleProgress,
    NarrativeDecision,
)
from narratives.models import Consent, Narrative, NarrativeContentWarning
from narratives.validators import parse_webvtt
from portal.demo.narratives import COURSE_NARRATIVES, NARRATIVES
from portal.demo.questionnaires import ATTITUDES
from portal.management.commands import load_demo as command_module
from tests.assessments.factories_questionnaires import set_questionnaires
from tests.factories import EnrolmentFactory, UserFactory

DEMO_UUIDS = [spec["uuid"] for spec in NARRATIVES]
COURSE_UUIDS = [spec["uuid"] for spec in COURSE_NARRATIVES]
AUDIO_COUNT = sum(1 for spec in NARRATIVES if spec.get("audio"))
DEMO_USERNAMES = {"educator", "curator", "learner", "admin"}


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def row_counts():
    return {
        "pages": Page.objects.count(),
        "course_index": CourseIndexPage.objects.count(),
        "courses": CoursePage.objects.count(),
        "modules": ModulePage.objects.count(),
        "outcomes": LearningOutcome.objects.count(),
        "narratives": Narrative.objects.count(),
        "consents": Consent.objects.count(),
        "warnings": NarrativeContentWarning.objects.count(),
        "media": Media.objects.count(),
        "users": get_user_model().objects.count(),
        "settings": StorybridgeSettings.objects.count(),
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A fresh MEDIA_ROOT per test, so stored files can be counted."""
    settings.MEDIA_ROOT = settings.PROTECTED_MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file())


@pytest.fixture
def demo_users_on(settings):
    settings.STORYBRIDGE_DEMO_USERS = True


def test_running_twice_leaves_exactly_one_copy_of_everything(db, demo_users_on):
    load_demo()
    first = row_counts()
    output = load_demo()
    assert row_counts() == first
    assert first == {
        "pages": 2 + 1 + 2 + 7,  # root, home, index, 2 courses, 3 + 4 modules
        "course_index": 1,
        "courses": 2,
        "modules": 7,
        "outcomes": 7,
        "narratives": len(NARRATIVES),
        "consents": len(NARRATIVES),
        "warnings": sum(len(spec["warnings"]) for spec in NARRATIVES),
        "media": AUDIO_COUNT,
        "users": 4,
        "settings": 1,
    }
    assert f"Narratives: 0 created, {len(NARRATIVES)} updated." in output
    assert "Course and module pages: 0 created, 10 updated." in output


def test_running_twice_stores_the_audio_and_captions_files_once(db, media_root):
    load_demo()
    narrative = Narrative.objects.get(title="What helped on the ward")
    names = (narrative.media.file.name, narrative.captions.name)
    first = stored_files(media_root)
    load_demo()
    narrative.refresh_from_db()
    assert (narrative.media.file.name, narrative.captions.name) == names
    assert names[0] == "media/what-helped-on-the-ward.mp3"
    # Captions are stored under a generated name (narratives.validators.captions_upload_to).
    assert re.fullmatch(r"narratives/captions/[0-9a-f]{32}\.vtt", names[1])
    # One audio file and one captions file per audio narrative, stored once.
    assert stored_files(media_root) == first
    assert set(names) <= set(first) and len(first) == 2 * AUDIO_COUNT


def test_a_damaged_stored_audio_file_is_replaced_not_duplicated(
    db, media_root, django_capture_on_commit_callbacks
):
    load_demo()
    stored = media_root / "media" / "what-helped-on-the-ward.mp3"
    stored.write_bytes(b"not audio")
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    narrative = Narrative.objects.get(title="What helped on the ward")
    mp3s = [name for name in stored_files(media_root) if "what-helped-on-the-ward" in name]
    assert mp3s == [narrative.media.file.name]
    shipped = Path(command_module.FILES, "what-helped-on-the-ward.mp3").read_bytes()
    assert (media_root / narrative.media.file.name).read_bytes() == shipped
    assert Media.objects.count() == AUDIO_COUNT


def test_re_running_restores_edited_demo_content_in_place(db):
    load_demo()
    narrative = Narrative.objects.get(uuid=DEMO_UUIDS[0])
    narrative.title = "Edited by hand"
    narrative.save()
    Consent.objects.filter(narrative=narrative).update(withdrawn=narrative.consent.given)
    course = CoursePage.objects.get(slug="understanding-recovery")
    course.title = "Edited course"
    course.save_revision().publish()

    load_demo()

    narrative.refresh_from_db()
    assert narrative.title == "The kettle was the loudest thing"
    assert narrative.is_available()
    assert CoursePage.objects.get(pk=course.pk).title == (
        "Understanding recovery: learning from lived experience"
    )
    assert Narrative.objects.count() == len(NARRATIVES)


def test_demo_users_are_created_with_their_roles_when_the_setting_is_on(db, demo_users_on):
    output = load_demo()
    users = {u.username: u for u in get_user_model().objects.all()}
    assert set(users) == DEMO_USERNAMES
    assert [g.name for g in users["educator"].groups.all()] == ["Educators"]
    assert [g.name for g in users["curator"].groups.all()] == ["Narrative curators"]
    assert users["educator"].has_perm("wagtailadmin.access_admin")
    assert users["curator"].has_perm("wagtailadmin.access_admin")
    assert not users["learner"].has_perm("wagtailadmin.access_admin")
    assert not users["learner"].is_staff and not users["learner"].groups.exists()
    assert users["admin"].is_superuser
    for username, user in users.items():
        assert user.check_password(f"storybridge-{username}")
    assert "Demo users: 4 created, 0 updated." in output


def test_no_users_are_created_when_demo_users_are_off(db, settings):
    settings.STORYBRIDGE_DEMO_USERS = False
    output = load_demo()
    assert not get_user_model().objects.exists()
    assert "Demo users: none created, because STORYBRIDGE_DEMO_USERS is off" in output


def test_in_their_own_words_has_three_narratives_and_one_choice(db):
    load_demo()
    module = ModulePage.objects.get(slug="in-their-own-words")
    assert module.get_parent().slug == "understanding-recovery"
    types = [block.block_type for block in module.body]
    assert types.count("narrative") == 3
    assert types.count("narrative_choice") == 1
    assert {"text", "callout", "support"} <= set(types)
    choice = next(block.value for block in module.body if block.block_type == "narrative_choice")
    assert [n.title for n in choice["narratives"]] == [
        "Small hours",
        "Letters to my sister",
        "The allotment",
    ]
    assert len(module.narratives()) == 6


def test_courses_have_audience_outcomes_and_modules(db):
    load_demo()
    index = CourseIndexPage.objects.get(slug="courses")
    assert index.title == "Courses"
    assert index.get_parent().specific_class.__name__ == "HomePage"
    care = CoursePage.objects.get(slug="care-assistant-induction")
    trainee = CoursePage.objects.get(slug="understanding-recovery")
    assert (care.audience, trainee.audience) == ("care_assistant", "trainee")
    for course in (care, trainee):
        assert course.live and not course.has_unpublished_changes
        assert course.get_parent().pk == index.pk
        assert course.summary and course.estimated_minutes
        assert 2 <= course.learning_outcomes.count() <= 4
        modules = course.modules
        assert len(modules) >= 3
        for module in modules:
            assert module.intro and module.estimated_minutes and len(module.body) >= 2


def test_every_course_narrative_is_available_valid_and_labelled_illustrative(db):
    """The library's own demo stories are checked in test_demo_library.py."""
    load_demo()
    narratives = Narrative.objects.filter(uuid__in=COURSE_UUIDS)
    assert narratives.count() == 6
    assert {n.modality for n in narratives} == {"text", "poetry", "audio", "video"}
    for narrative in narratives:
        narrative.full_clean()
        assert narrative.is_available(), narrative.title
        assert narrative.attribution.startswith(
            "Illustrative narrative written for the Storybridge demo — not a real person's story"
        )
        assert narrative.themes.exists() and narrative.characterisation.exists()
        assert narrative.warnings.exists() and narrative.last_reviewed
    due = {n.title for n in Narrative.objects.due_for_review()}
    assert due == {"Small hours", "Back at my desk"}


def test_audio_narrative_is_self_hosted_with_transcript_and_captions(db):
    load_demo()
    narrative = Narrative.objects.get(title="What helped on the ward")
    assert narrative.media.type == "audio"
    assert 30 <= narrative.media.duration <= 90
    assert "The small things you do are not small to us." in narrative.transcript
    with narrative.captions.open("rb") as captions:
        assert parse_webvtt(captions.read().decode("utf-8")) == 17
    stamps = [(w.warning.slug, w.timestamp) for w in narrative.warnings.all()]
    assert stamps == [("detention", "00:12"), ("psychosis", "00:17")]


def test_video_narrative_is_an_embed_with_transcript(db):
    load_demo()
    narrative = Narrative.objects.get(title="Back at my desk")
    assert narrative.embed_provider == "youtube"
    assert narrative.embed_url.startswith("https://")
    assert narrative.media is None and "Ask the person what helps" in narrative.transcript


def test_site_settings_are_clear_placeholders(db):
    load_demo()
    site_settings = StorybridgeSettings.objects.get()
    assert "replace in Settings → Storybridge settings" in site_settings.organisation_name
    names = [block.value["name"] for block in site_settings.support_resources]
    assert len(names) == 3
    assert all(name.startswith("Example:") for name in names)
    assert site_settings.readability_target_grade == 8
    # Issue 15: the account pages name someone to contact; the demo's is a reserved example.
    assert site_settings.contact_email == "learning-support@example.org"
    assert site_settings.contact_phone.startswith("Example:")


@pytest.mark.parametrize("value", ["-1", "many"])
def test_bad_learners_value_errors_clearly_and_changes_nothing(db, value):
    before = row_counts()
    with pytest.raises(CommandError) as error:
        call_command("load_demo", "--learners", value, stdout=StringIO())
    assert "--learners" in str(error.value)
    assert row_counts() == before
    assert not Narrative.objects.exists()


def test_negative_learners_keyword_errors_with_a_plain_message(db):
    with pytest.raises(CommandError, match=r"--learners must be a whole number, 0 or more"):
        call_command("load_demo", learners=-1, stdout=StringIO())
    assert not CoursePage.objects.exists()


def test_learners_are_simulated_through_the_real_rules_and_only_once(db, media_root):

    output = load_demo("--learners", "12")

    assert "Simulated learners: 12 new, 0 already there." in output
    enrolments = Enrolment.objects.filter(user__username__startswith="demo-learner-")
    assert enrolments.count() == 12
    assert all(
        e.cohort and e.cohort.name == f"Simulated learners ({e.course.title})" for e in enrolments
    )
    submitted = QuestionnaireResponse.objects.filter(status="submitted")
    assert (
        submitted.filter(timepoint="pre").exists() and submitted.filter(timepoint="post").exists()
    )
    # Scored by assessments.questionnaires.scoring on submission, like a real learner's answers.
    assert all(r.scores.get("total") is not None for r in submitted)
    assert NarrativeDecision.objects.filter(choice="experienced").exists()
    assert ModuleProgress.objects.filter(completed_at__isnull=False).exists()
    assert enrolments.filter(completed_at__isnull=False).exists()
    # Nobody can sign in as a simulated learner.
    assert not any(e.user.has_usable_password() for e in enrolments)

    counts = (Enrolment.objects.count(), QuestionnaireResponse.objects.count())
    assert "Simulated learners: 0 new, 12 already there." in load_demo("--learners", "12")
    assert (Enrolment.objects.count(), QuestionnaireResponse.objects.count()) == counts


def test_a_failure_half_way_leaves_nothing(db, monkeypatch, media_root):
    def explode(self, site):
        raise RuntimeError("boom")

    monkeypatch.setattr(command_module.Command, "load_site_settings", explode)
    with pytest.raises(RuntimeError):
        load_demo()
    assert not Narrative.objects.exists()
    assert not CoursePage.objects.exists()
    assert not Media.objects.exists()
    assert stored_files(media_root) == []


# --- the demo attitude questionnaire --------------------------------------------------------


def demo_instrument():

    return Instrument.objects.get(name=ATTITUDES["name"], version=ATTITUDES["version"])


def test_running_twice_keeps_one_demo_questionnaire_that_every_course_asks(db):

    load_demo()
    first_items = list(InstrumentItem.objects.values_list("pk", "uuid").order_by("pk"))
    output = load_demo()

    assert Instrument.objects.count() == 1
    assert ScalePoint.objects.count() == 5 and Subscale.objects.count() == 2
    assert list(InstrumentItem.objects.values_list("pk", "uuid").order_by("pk")) == first_items
    instrument = demo_instrument()
    assert str(instrument) == "Attitudes to recovery (Storybridge demo) (1.0)"
    assert "Questionnaire: Attitudes to recovery (Storybridge demo) (1.0) updated, 12 items." in (
        output
    )
    courses = CoursePage.objects.all()
    assert courses.count() == 2
    for course in courses:
        asked = questionnaires_for(course)
        assert asked.baseline_questionnaire == instrument
        assert asked.post_questionnaire == instrument
        assert asked.follow_up_questionnaire == instrument
        assert asked.follow_up_weeks == 12
        assert not course.has_unpublished_changes


def test_the_demo_questionnaire_is_valid_with_two_subscales_and_reverse_items(db):

    load_demo()
    instrument = demo_instrument()
    instrument.full_clean()
    items = list(instrument.items.all())
    validate_instrument(
        instrument,
        instrument.scale_values,
        items,
        [s.key for s in instrument.subscales.all()],
    )
    assert [(p.label, p.value) for p in instrument.scale_points.all()] == [
        ("Strongly disagree", 1),
        ("Disagree", 2),
        ("Neither agree nor disagree", 3),
        ("Agree", 4),
        ("Strongly agree", 5),
    ]
    assert 10 <= len(items) <= 12
    for key in ("hope", "distance"):
        in_subscale = [item for item in items if item.subscale == key]
        assert len(in_subscale) >= 4
        assert any(item.reverse_scored for item in in_subscale)
        assert any(not item.reverse_scored for item in in_subscale)
    assert (instrument.scoring_rule, instrument.higher_is_better) == ("mean", True)
    assert str(instrument.min_answered_fraction) == "0.80"
    assert str(instrument.reliability) == "0.850"
    assert instrument.licence_note == "Written for the Storybridge demo; free to use."
    assert "Not a validated scale" in instrument.citation


def test_re_running_restores_the_demo_questionnaire_and_keeps_answers_to_its_items(db):

    load_demo()
    instrument = demo_instrument()
    course = CoursePage.objects.get(slug="understanding-recovery")
    enrolment = EnrolmentFactory(user=UserFactory(), course=course)
    response = QuestionnaireResponse.objects.create(
        enrolment=enrolment, instrument=instrument, timepoint="pre", status="submitted"
    )
    first = instrument.items.first()
    ItemAnswer.objects.create(response=response, item=first, value=4)
    first.text = "Edited by hand"
    first.save()
    instrument.scale_points.filter(value=5).delete()
    set_questionnaires(course, None, instrument, instrument, weeks=12)
    course.save_revision().publish()

    load_demo()

    first.refresh_from_db()
    assert first.text.startswith("People who live with a mental health condition")
    assert demo_instrument().scale_values == [1, 2, 3, 4, 5]
    assert ItemAnswer.objects.get().item_id == first.pk
    assert questionnaires_for(CoursePage.objects.get(pk=course.pk)).baseline_questionnaire == (
        instrument
    )
