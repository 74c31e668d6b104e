"""The journal: every reflection of the learner, grouped by course, newest first, 20 a page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Reflection
from assessments.reflections import rules
from tests.factories import CoursePageFactory, EnrolmentFactory, ModulePageFactory

from .conftest import ENOUGH


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def make_reflections(enrolment, module, count, start=None, status=Reflection.Status.DRAFT):
    """`count` reflections on made-up blocks, the first one the oldest."""
    start = start or timezone.now() - datetime.timedelta(days=count + 1)
    rows = [
        Reflection(
            user=enrolment.user,
            enrolment=enrolment,
            module=module,
            block_id=f"block-{enrolment.pk}-{i}",
            prompt=f"{enrolment.course.title} prompt {i:02d}",
            course_title=enrolment.course.title,
            module_title=module.title,
            text=ENOUGH,
            status=status,
            submitted_at=start if status == Reflection.Status.SUBMITTED else None,
        )
        for i in range(count)
    ]
    Reflection.objects.bulk_create(rows)
    for i, row in enumerate(Reflection.objects.filter(enrolment=enrolment).order_by("block_id")):
        Reflection.objects.filter(pk=row.pk).update(updated_at=start + datetime.timedelta(hours=i))


def test_the_empty_journal_says_what_to_do(learner_client, enrolment):
    html = learner_client.get(reverse("assessments:journal")).content.decode()

    assert "<h1>Your journal</h1>" in html
    assert "You have not written any reflections yet." in html
    assert '<a href="/">Go to the courses</a>' in html
    assert reverse("assessments:portfolio") not in html


def test_the_journal_lists_the_learners_reflections_with_links(
    learner_client, submitted, enrolment, module, other_learner
):
    other = other_learner.enrolments.get()
    rules.save_draft(
        other, module, rules.reflection_slot(module, submitted.block_id), "Someone else's"
    )

    html = learner_client.get(reverse("assessments:journal")).content.decode()

    assert f'href="{reverse("assessments:reflection", args=[submitted.uuid])}"' in html
    assert submitted.prompt in html
    assert '<h2 id="journal-course-1">Recovery basics</h2>' in html
    assert "Submitted on" in html
    assert f'action="{reverse("assessments:portfolio")}"' in html
    other_uuid = str(Reflection.objects.get(enrolment=other).uuid)
    assert other_uuid not in html


def test_the_journal_groups_by_course_newest_first_and_pages_by_twenty(
    learner_client, learner, enrolment, module, course_index
):
    older_course = CoursePageFactory(parent=course_index, title="Older course")
    older_module = ModulePageFactory(parent=older_course, title="Older module")
    older_enrolment = EnrolmentFactory(user=learner, course=older_course)
    long_ago = timezone.now() - datetime.timedelta(days=90)
    make_reflections(older_enrolment, older_module, 5, start=long_ago)
    make_reflections(enrolment, module, 18)

    first = learner_client.get(reverse("assessments:journal")).content.decode()
    second = learner_client.get(reverse("assessments:journal") + "?page=2").content.decode()

    # Newest course first, newest reflection first within it.
    assert first.index("Recovery basics prompt 17") < first.index("Recovery basics prompt 00")
    assert first.index("Recovery basics prompt 00") < first.index("Older course prompt 04")
    assert first.count("prompt ") == 20
    assert "Older course prompt 03" in first and "Older course prompt 02" not in first
    assert "Page 1 of 2" in first
    assert 'href="?page=2" rel="next"' in first
    assert second.count("prompt ") == 3
    assert "Older course prompt 00" in second
    assert '<h2 id="journal-course-1">Older course</h2>' in second


def test_a_page_number_out_of_range_shows_the_last_page(learner_client, enrolment, module):
    make_reflections(enrolment, module, 3)

    response = learner_client.get(reverse("assessments:journal") + "?page=99")

    assert response.status_code == 200
    assert response.content.decode().count("prompt ") == 3


def test_the_journal_is_not_kept_by_shared_caches(learner_client, enrolment):
    response = learner_client.get(reverse("assessments:journal"))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
