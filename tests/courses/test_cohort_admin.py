"""Cohorts in the Wagtail admin: each educator reaches only the cohorts they run, sees progress
counts for them, and runs the cohorts they create."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data

from courses import enrolment as rules
from courses.models import Cohort
from tests.factories import CohortFactory, CoursePageFactory, UserFactory

TODAY = datetime.date.today()


@pytest.fixture
def educator_a(db):
    return UserFactory(username="educator_a", groups=["Educators"])


@pytest.fixture
def educator_b(db):
    return UserFactory(username="educator_b", groups=["Educators"])


@pytest.fixture
def cohort_a(course, educator_a):
    cohort = CohortFactory(course=course, name="Alpha intake")
    cohort.educators.add(educator_a)
    return cohort


@pytest.fixture
def cohort_b(course, educator_b):
    cohort = CohortFactory(course=course, name="Bravo intake")
    cohort.educators.add(educator_b)
    return cohort


def test_educators_may_manage_cohorts(db):
    codenames = set(
        Group.objects.get(name="Educators")
        .permissions.filter(content_type__app_label="courses")
        .values_list("codename", flat=True)
    )
    assert {"add_cohort", "change_cohort", "delete_cohort", "view_cohort"} <= codenames


def test_an_educator_lists_only_their_own_cohorts(client, educator_a, cohort_a, cohort_b):
    client.force_login(educator_a)

    html = client.get(reverse("cohorts:index")).content.decode()

    assert "Alpha intake" in html
    assert cohort_a.join_code in html
    assert "Bravo intake" not in html
    assert cohort_b.join_code not in html


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_another_educators_cohort_is_not_found(client, educator_a, cohort_a, cohort_b, view):
    client.force_login(educator_a)

    response = client.get(reverse(f"cohorts:{view}", args=[cohort_b.pk]))

    assert response.status_code == 404
    assert "Bravo intake" not in response.content.decode()
    assert client.get(reverse(f"cohorts:{view}", args=[cohort_a.pk])).status_code == 200


def test_another_educators_cohort_cannot_be_changed_or_deleted(
    client, educator_a, cohort_b, course
):
    client.force_login(educator_a)
    data = nested_form_data(
        {
            "course": course.pk,
            "name": "Taken over",
            "join_code": cohort_b.join_code,
            "starts_on": TODAY.isoformat(),
            "ends_on": "",
            "educators": [educator_a.pk],
        }
    )

    assert client.post(reverse("cohorts:edit", args=[cohort_b.pk]), data).status_code == 404
    assert client.post(reverse("cohorts:delete", args=[cohort_b.pk])).status_code == 404
    cohort_b.refresh_from_db()
    assert cohort_b.name == "Bravo intake"
    assert list(cohort_b.educators.all()) != [educator_a]


def test_a_superuser_sees_every_cohort(client, cohort_a, cohort_b):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))

    html = client.get(reverse("cohorts:index")).content.decode()

    assert "Alpha intake" in html and "Bravo intake" in html
    assert client.get(reverse("cohorts:edit", args=[cohort_b.pk])).status_code == 200


def test_an_educator_runs_the_cohort_they_create_and_gets_a_code(client, educator_a, course):
    client.force_login(educator_a)
    data = nested_form_data(
        {
            "course": course.pk,
            "name": "October intake <script>x=1</script>",
            "join_code": "",
            "starts_on": TODAY.isoformat(),
            "ends_on": "",
        }
    )

    response = client.post(reverse("cohorts:add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    cohort = Cohort.objects.get()
    assert list(cohort.educators.all()) == [educator_a]
    assert len(cohort.join_code) == 8
    html = client.get(reverse("cohorts:index")).content.decode()
    assert cohort.join_code in html
    assert "October intake &lt;script&gt;" in html and "<script>x=1" not in html


def test_a_cohort_that_ends_before_it_starts_is_refused(client, educator_a, course):
    client.force_login(educator_a)
    data = nested_form_data(
        {
            "course": course.pk,
            "name": "Backwards",
            "join_code": "",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        }
    )

    response = client.post(reverse("cohorts:add"), data)

    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.content.decode()
    assert not Cohort.objects.exists()


def counts_row(html, name):
    row = html[html.index(name) :]
    row = row[: row.index("</tr>")]
    return [cell.split(">")[-1].strip() for cell in row.split("</td>")[-4:-1]]


def test_the_listing_shows_progress_counts_in_a_fixed_number_of_queries(
    client, educator_a, cohort_a, course, course_index, make_module
):
    """However many learners, cohorts and courses: the counts of every listed cohort come from
    one progress table per course (courses/cohort_report.py), read together."""
    module, other = make_module(title="One"), make_module(title="Two")
    client.force_login(educator_a)
    url = reverse("cohorts:index")
    first = rules.enrol(UserFactory(username="first"), course, cohort=cohort_a)
    rules.record_visit(first, module)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)

    learners = [UserFactory(username=f"learner{n}") for n in range(8)]
    enrolments = [rules.enrol(learner, course, cohort=cohort_a) for learner in learners]
    rules.record_visit(enrolments[0], module)
    rules.record_visit(enrolments[0], other)
    for enrolment in enrolments[1:4]:
        rules.record_visit(enrolment, module)
    for m in (module, other):
        rules.mark_module_complete(enrolments[4], m)
    for n in range(3):
        cohort = CohortFactory(course=course, name=f"Extra {n}")
        cohort.educators.add(educator_a)
    elsewhere = CoursePageFactory(parent=course_index, title="Elsewhere", slug="elsewhere")
    CohortFactory(course=elsewhere, name="Elsewhere intake").educators.add(educator_a)
    with CaptureQueriesContext(connection) as full:
        html = client.get(url).content.decode()

    # enrolled, started, completed: 9 enrolled, 6 started (9 - 6 = 3 who have not: the
    # started count is withheld), 1 completed ("fewer than 5")
    assert counts_row(html, "Alpha intake") == ["9", "withheld", "fewer than 5"]
    assert counts_row(html, "Extra 0") == ["0", "0", "0"]
    assert counts_row(html, "Elsewhere intake") == ["0", "0", "0"]
    assert len(full) == len(few)
