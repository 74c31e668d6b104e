"""Which questionnaires a course asks lives in assessments (CourseQuestionnaires, a child of the
course page): educators set it in the course editor's "Attitude questionnaires" panel, drafts
and revisions carry it, publishing applies it, and the move from the course page's own fields
copied every course's values (assessments.0006, reversed by copying back)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from assessments.models import CourseQuestionnaires, Timepoint
from assessments.questionnaires import timepoints
from assessments.questionnaires.per_course import (
    asking_questionnaires,
    prefetch_questionnaires,
    questionnaires_for,
)
from courses.models import CoursePage
from tests.factories import CoursePageFactory, UserFactory

from .factories_questionnaires import make_instrument, set_questionnaires

BEFORE = [
    ("courses", "0009_story_words_and_question_story"),
    ("assessments", "0005_reflection_text_to_lrs_agreed"),
]
REVISION_KEYS = (
    "baseline_questionnaire",
    "post_questionnaire",
    "follow_up_questionnaire",
    "follow_up_weeks",
)
AFTER = [("courses", "0010_questionnaires_move_to_assessments")]


@pytest.fixture
def instrument(db):
    return make_instrument()


@pytest.fixture
def educator_client(client, db):
    client.force_login(UserFactory(username="editor", groups=["Educators"]))
    return client


def course_data(questionnaires, initial=0, title="Recovery in practice"):
    return nested_form_data(
        {
            "title": title,
            "slug": "recovery-in-practice",
            "summary": "For care assistants new to mental health wards.",
            "audience": "care_assistant",
            "estimated_minutes": "75",
            "learning_outcomes": inline_formset([{"text": "Name two things that helped."}]),
            "questionnaires": inline_formset(questionnaires, initial=initial),
        }
    )


def add_url(course_index):
    return reverse("wagtailadmin_pages:add", args=["courses", "coursepage", course_index.pk])


def asked(instrument, weeks=12, **changes):
    row = {
        "baseline_questionnaire": instrument.pk,
        "post_questionnaire": instrument.pk,
        "follow_up_questionnaire": instrument.pk,
        "follow_up_weeks": str(weeks) if weeks else "",
    }
    return {**row, **changes}


# --- the editor -----------------------------------------------------------------------------


def test_the_course_editor_shows_the_attitude_questionnaires_panel_before_the_outcomes(
    educator_client, course_index, instrument
):
    response = educator_client.get(add_url(course_index))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Attitude questionnaires" in html
    assert html.index("Attitude questionnaires") < html.index("Learning outcomes")
    for field in ("baseline_questionnaire", "post_questionnaire", "follow_up_weeks"):
        assert f"questionnaires-__prefix__-{field}" in html
    assert "Offered before module 1. Answering is voluntary." in html


def test_an_educator_publishes_a_course_with_its_questionnaires(
    educator_client, course_index, instrument
):
    data = course_data([asked(instrument)])
    data["action-publish"] = "action-publish"

    response = educator_client.post(add_url(course_index), data)

    assert response.status_code == 302
    course = CoursePage.objects.get(slug="recovery-in-practice")
    row = questionnaires_for(course)
    assert row.pk and row.follow_up_weeks == 12
    assert row.baseline_questionnaire == row.post_questionnaire == instrument
    assert timepoints.configured(course, Timepoint.FOLLOW_UP)


def test_a_follow_up_needs_its_weeks(educator_client, course_index, instrument):
    data = course_data([asked(instrument, weeks=None)])
    data["action-publish"] = "action-publish"

    response = educator_client.post(add_url(course_index), data)

    assert response.status_code == 200
    assert "Say how many weeks after completion to ask again." in response.content.decode()
    assert not CoursePage.objects.filter(slug="recovery-in-practice").exists()
    assert not CourseQuestionnaires.objects.exists()


def test_a_course_has_one_set_of_questionnaires(educator_client, course_index, instrument):
    data = course_data([asked(instrument), asked(instrument)])
    data["action-publish"] = "action-publish"

    response = educator_client.post(add_url(course_index), data)

    assert response.status_code == 200
    assert not CourseQuestionnaires.objects.exists()


def test_a_draft_carries_the_questionnaires_until_it_is_published(
    educator_client, course_index, instrument
):
    data = course_data([asked(instrument)])
    data["action-publish"] = "action-publish"
    educator_client.post(add_url(course_index), data)
    course = CoursePage.objects.get(slug="recovery-in-practice")
    row = questionnaires_for(course)
    other = make_instrument(name="Another questionnaire")
    outcome = course.learning_outcomes.get()
    edit = nested_form_data(
        {
            "title": "Recovery in practice",
            "slug": "recovery-in-practice",
            "summary": "For care assistants new to mental health wards.",
            "audience": "care_assistant",
            "estimated_minutes": "75",
            "learning_outcomes": inline_formset(
                [{"id": outcome.pk, "text": outcome.text}], initial=1
            ),
            "questionnaires": inline_formset(
                [{"id": row.pk, **asked(instrument, post_questionnaire=other.pk)}], initial=1
            ),
        }
    )
    url = reverse("wagtailadmin_pages:edit", args=[course.pk])

    assert educator_client.post(url, edit).status_code == 302  # saved as a draft

    live = CoursePage.objects.get(pk=course.pk)
    assert questionnaires_for(live).post_questionnaire == instrument  # learners see no change
    draft = live.get_latest_revision_as_object()
    assert questionnaires_for(draft).post_questionnaire == other
    assert live.has_unpublished_changes

    live.get_latest_revision().publish()

    published = questionnaires_for(CoursePage.objects.get(pk=course.pk))
    assert published.pk == row.pk and published.post_questionnaire == other


# --- reading ---------------------------------------------------------------------------------


def test_a_course_without_a_row_asks_nothing(course):
    row = questionnaires_for(course)
    assert row.pk is None and row.baseline_questionnaire_id is None
    assert not any(timepoints.configured(course, tp) for tp in timepoints.TIMEPOINT_ORDER)


def test_many_courses_read_their_questionnaires_in_one_query(
    course_index, instrument, django_assert_num_queries
):
    for _ in range(3):
        set_questionnaires(CoursePageFactory(parent=course_index), baseline=instrument)
    CoursePageFactory(parent=course_index)  # asks none
    courses = list(CoursePage.objects.all())
    with django_assert_num_queries(1):
        prefetch_questionnaires(courses)
        names = [str(questionnaires_for(c).baseline_questionnaire or "") for c in courses]
    assert names.count(str(instrument)) == 3


def test_courses_asking_questionnaires_leave_out_empty_rows(course_index, instrument):
    asking = set_questionnaires(CoursePageFactory(parent=course_index), post=instrument)
    set_questionnaires(CoursePageFactory(parent=course_index))  # a row, but nothing asked
    CoursePageFactory(parent=course_index)
    assert list(asking_questionnaires(CoursePage.objects.all())) == [asking]


# --- the move from the course page's fields ----------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_copies_every_courses_questionnaires_and_back():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    instrument = old.get_model("assessments", "Instrument").objects.create(
        name="Thinking about recovery", version="1", scoring_rule="mean"
    )
    course_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="courses", model="coursepage"
    )[0]
    locale = old.get_model("wagtailcore", "Locale").objects.first()
    OldCourse = old.get_model("courses", "CoursePage")

    def course(slug, path, **fields):
        return OldCourse.objects.create(
            title=slug,
            slug=slug,
            path=path,
            depth=1,
            content_type=course_type,
            locale=locale,
            summary="A course.",
            estimated_minutes=30,
            **fields,
        )

    asking = course(
        "asks",
        "99990001",
        baseline_questionnaire=instrument,
        follow_up_questionnaire=instrument,
        follow_up_weeks=8,
    )
    asks_none = course("asks-none", "99990002")
    # A draft of each: one asking a post questionnaire the live course does not yet ask.
    page_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="wagtailcore", model="page"
    )[0]
    OldRevision = old.get_model("wagtailcore", "Revision")
    fields = dict.fromkeys(REVISION_KEYS)

    def draft(page, **values):
        return OldRevision.objects.create(
            content_type=course_type,
            base_content_type=page_type,
            object_id=str(page.pk),
            object_str=page.title,
            created_at=timezone.now(),
            content={"pk": page.pk, "title": page.title, **fields, **values},
        )

    drafts = [
        draft(asking, baseline_questionnaire=instrument.pk, post_questionnaire=instrument.pk),
        draft(asks_none),
    ]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps
    rows = list(new.get_model("assessments", "CourseQuestionnaires").objects.values())
    assert len(rows) == 1
    assert rows[0]["course_id"] == asking.pk
    assert rows[0]["baseline_questionnaire_id"] == instrument.pk
    assert rows[0]["post_questionnaire_id"] is None
    assert rows[0]["follow_up_questionnaire_id"] == instrument.pk
    assert rows[0]["follow_up_weeks"] == 8
    Revision = new.get_model("wagtailcore", "Revision")
    contents = [Revision.objects.get(pk=d.pk).content for d in drafts]
    assert contents[0]["questionnaires"] == [
        {
            "pk": rows[0]["id"],
            "course": asking.pk,
            **fields,
            "baseline_questionnaire": instrument.pk,
            "post_questionnaire": instrument.pk,
        }
    ]
    assert contents[1]["questionnaires"] == []
    # Wagtail reads the converted draft: what it asks comes with it, ready to publish.
    drafted = questionnaires_for(CoursePage.from_serializable_data(contents[0], check_fks=False))
    assert drafted.pk == rows[0]["id"] and drafted.post_questionnaire_id == instrument.pk
    assert not any(key in content for content in contents for key in REVISION_KEYS)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(BEFORE)
    back = executor.loader.project_state(BEFORE).apps.get_model("courses", "CoursePage")
    values = back.objects.values_list(
        "slug", "baseline_questionnaire_id", "post_questionnaire_id", "follow_up_weeks"
    )
    assert set(values) == {("asks", instrument.pk, None, 8), ("asks-none", None, None, None)}
    contents = [OldRevision.objects.get(pk=d.pk).content for d in drafts]
    assert contents[0] == drafts[0].content
    assert contents[1] == drafts[1].content

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
