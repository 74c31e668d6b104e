"""The cohort progress view in the Wagtail admin: counts only, small numbers suppressed
(DESIGN.md "Privacy and safety rules": one small-number rule for every count shown, with
complementary suppression), only for the cohort's educators, in a fixed number of queries."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core.small_numbers import MIN_GROUP, shown
from courses import enrolment as rules
from courses.cohort_report import cohort_progress, outlines
from courses.models import Enrolment, ModuleProgress
from tests.factories import CohortFactory, CoursePageFactory, UserFactory

FEWER = "fewer than 5"
WITHHELD = "withheld"


@pytest.fixture
def educator_a(db):
    return UserFactory(username="educator_a", first_name="Edna", groups=["Educators"])


@pytest.fixture
def cohort_a(course, educator_a):
    cohort = CohortFactory(course=course, name="Alpha intake")
    cohort.educators.add(educator_a)
    return cohort


@pytest.fixture
def cohort_b(course):
    cohort = CohortFactory(course=course, name="Bravo intake")
    cohort.educators.add(UserFactory(username="educator_b", groups=["Educators"]))
    return cohort


def enrol_learners(cohort, count, prefix="learner"):
    """`count` learners enrolled in the cohort (named so a leak of names would show)."""
    users = [
        UserFactory(username=f"{prefix}{cohort.pk}_{n}", first_name=f"Zebedee{n}")
        for n in range(count)
    ]
    return [rules.enrol(user, cohort.course, cohort=cohort) for user in users]


def progress(enrolments, module, completed=False):
    now = timezone.now()
    ModuleProgress.objects.bulk_create(
        ModuleProgress(
            enrolment=enrolment,
            module=module,
            first_visited_at=now,
            completed_at=now if completed else None,
        )
        for enrolment in enrolments
    )


def page(client, cohort):
    response = client.get(reverse("cohorts:progress", args=[cohort.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def totals(soup):
    return {
        item.dt.get_text(strip=True): item.dd.get_text(strip=True)
        for item in soup.select("main dl > div")
    }


def module_rows(soup):
    table = soup.select_one("main table")
    if table is None:
        return None
    return [
        [row.th.get_text(strip=True)] + [td.get_text(strip=True) for td in row.find_all("td")]
        for row in table.select("tbody tr")
    ]


# --- the suppression rule --------------------------------------------------------------------


@pytest.mark.parametrize(
    "count, expected",
    [(0, 0), (1, FEWER), (4, FEWER), (5, 5), (6, 6), (120, 120)],
)
def test_counts_from_one_to_four_are_suppressed(count, expected):
    assert MIN_GROUP == 5
    assert shown(count) == expected


# --- the view --------------------------------------------------------------------------------


def test_counts_per_module_match_the_stored_progress(client, educator_a, cohort_a, make_module):
    first, second, third = (make_module(title=t) for t in ("Coming home", "Work", "Later"))
    enrolments = enrol_learners(cohort_a, 12)
    progress(enrolments[:5], first, completed=True)
    progress(enrolments[5:9], first)  # 9 started, 5 completed
    progress(enrolments[:6], second, completed=True)  # 6 started and completed
    progress(enrolments[:3], third, completed=True)
    for enrolment in enrolments[:5]:
        rules.mark_module_complete(enrolment, third)  # now 5 completed the course
    # Someone in another cohort and someone on no cohort are not counted.
    other = CohortFactory(course=cohort_a.course, name="Other")
    progress(enrol_learners(other, 6, prefix="other"), first, completed=True)
    client.force_login(educator_a)

    soup = page(client, cohort_a)

    # 6 completed "Work" but 5 completed the course, which needs every module: the one who has
    # not would show by subtraction, so "completed the course" is withheld. And 12 enrolled
    # minus 9 who started "Coming home" would show the 3 who never opened it.
    assert totals(soup) == {"Learners enrolled": "12", "Completed the course": WITHHELD}
    assert module_rows(soup) == [
        ["Coming home", WITHHELD, "5"],
        ["Work", "6", "6"],
        ["Later", "5", "5"],
    ]
    assert soup.select_one("main table caption").get_text(strip=True)
    assert [th["scope"] for th in soup.select("main table th")] == ["col"] * 3 + ["row"] * 3
    html = str(soup)
    assert "Zebedee" not in html and "learner" + str(cohort_a.pk) not in html


def test_counts_that_differ_by_5_or_more_are_all_shown(client, educator_a, cohort_a, make_module):
    first, second = make_module(title="Coming home"), make_module(title="Work")
    enrolments = enrol_learners(cohort_a, 20)
    progress(enrolments[:15], first, completed=True)
    progress(enrolments[15:], first)  # 20 started, 15 completed
    progress(enrolments[:10], second, completed=True)
    for enrolment in enrolments[:10]:
        rules.mark_module_complete(enrolment, second)  # 10 completed the course
    client.force_login(educator_a)

    soup = page(client, cohort_a)

    assert totals(soup) == {"Learners enrolled": "20", "Completed the course": "10"}
    assert module_rows(soup) == [["Coming home", "20", "15"], ["Work", "10", "10"]]


def test_small_counts_per_module_show_as_fewer_than_five(client, educator_a, cohort_a, make_module):
    first, second = make_module(title="Coming home"), make_module(title="Work")
    enrolments = enrol_learners(cohort_a, 5)
    progress(enrolments[:4], first, completed=True)  # 4: suppressed
    progress(enrolments[4:], second)  # 1: suppressed
    client.force_login(educator_a)

    soup = page(client, cohort_a)

    assert totals(soup) == {"Learners enrolled": "5", "Completed the course": "0"}
    assert module_rows(soup) == [["Coming home", FEWER, FEWER], ["Work", FEWER, "0"]]
    help_text = soup.select_one("#suppression-help").get_text()
    assert "fewer than 5" in help_text
    assert "so that a small group cannot be worked out" in help_text


def test_a_cohort_of_four_shows_a_notice_and_no_counts_per_module(
    client, educator_a, cohort_a, make_module
):
    module = make_module(title="Coming home")
    enrolments = enrol_learners(cohort_a, 4)
    progress(enrolments, module, completed=True)
    rules.mark_module_complete(enrolments[0], module)
    client.force_login(educator_a)

    soup = page(client, cohort_a)

    assert totals(soup) == {"Learners enrolled": FEWER}
    assert module_rows(soup) is None
    assert "fewer than 5 learners, so counts per module are not shown" in soup.get_text()
    assert "Coming home" not in soup.select_one("main").get_text()


def test_a_cohort_of_five_shows_counts_per_module(client, educator_a, cohort_a, make_module):
    module = make_module(title="Coming home")
    progress(enrol_learners(cohort_a, 5), module, completed=True)
    client.force_login(educator_a)

    soup = page(client, cohort_a)

    assert totals(soup)["Learners enrolled"] == "5"
    assert module_rows(soup) == [["Coming home", "5", "5"]]
    assert "counts per module are not shown" not in soup.get_text()


def test_a_cohort_without_learners_says_so(client, educator_a, cohort_a, make_module):
    make_module(title="Coming home")
    client.force_login(educator_a)

    soup = page(client, cohort_a)

    assert "No learners have joined this cohort yet" in soup.get_text()
    assert cohort_a.join_code in soup.get_text()
    assert module_rows(soup) is None


def test_a_course_without_modules_says_so(client, educator_a, cohort_a):
    enrol_learners(cohort_a, 6)
    client.force_login(educator_a)

    soup = page(client, cohort_a)

    assert totals(soup)["Learners enrolled"] == "6"
    assert "This course has no published modules yet" in soup.get_text()
    assert module_rows(soup) is None


def test_another_educators_cohort_is_not_found(client, educator_a, cohort_a, cohort_b):
    enrol_learners(cohort_b, 6)
    client.force_login(educator_a)

    response = client.get(reverse("cohorts:progress", args=[cohort_b.pk]))

    assert response.status_code == 404
    assert "Bravo intake" not in response.content.decode()
    missing = client.get(reverse("cohorts:progress", args=[cohort_b.pk + 1000]))
    assert missing.status_code == 404


def test_a_superuser_sees_every_cohorts_progress(client, cohort_a, cohort_b):
    enrol_learners(cohort_b, 7)
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))

    soup = page(client, cohort_b)

    assert totals(soup)["Learners enrolled"] == "7"
    assert "Bravo intake" in soup.get_text()


def test_learners_and_anonymous_visitors_cannot_reach_it(client, cohort_a):
    enrolment = enrol_learners(cohort_a, 5)[0]
    url = reverse("cohorts:progress", args=[cohort_a.pk])

    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("wagtailadmin_login"))

    client.force_login(enrolment.user)
    learner = client.get(url)
    assert learner.status_code == 302
    assert "Alpha intake" not in learner.content.decode()
    assert client.get(learner["Location"], follow=True).status_code == 200
    # No admin access at all: the learner never reaches the numbers.
    followed = client.get(url, follow=True)
    assert "Learners enrolled" not in followed.content.decode()


def test_it_is_linked_from_the_listing_row_and_the_edit_page(client, educator_a, cohort_a):
    client.force_login(educator_a)
    url = reverse("cohorts:progress", args=[cohort_a.pk])

    listing = BeautifulSoup(client.get(reverse("cohorts:index")).content, "html.parser")
    edit = BeautifulSoup(
        client.get(reverse("cohorts:edit", args=[cohort_a.pk])).content, "html.parser"
    )

    assert listing.select_one(f'a[href="{url}"]').get_text(strip=True) == "Progress"
    assert edit.select_one(f'header a[href="{url}"]').get_text(strip=True) == "Progress"


def test_counts_take_a_fixed_number_of_queries(
    client, educator_a, cohort_a, course, make_module, django_assert_max_num_queries
):
    """2 learners and one module, then 20 learners and four modules: the same queries."""
    modules = [make_module(title="Coming home")]
    enrolments = enrol_learners(cohort_a, 2)
    progress(enrolments, modules[0], completed=True)
    client.force_login(educator_a)
    url = reverse("cohorts:progress", args=[cohort_a.pk])
    client.get(url)  # warm the session and permission caches
    with CaptureQueriesContext(connection) as small:
        client.get(url)

    modules += [make_module(title=f"Module {n}") for n in range(3)]
    enrolments += enrol_learners(cohort_a, 18, prefix="more")
    progress(enrolments[2:], modules[0], completed=True)
    for module in modules[1:]:
        progress(enrolments, module, completed=True)
    # Reading the report's three queries (outline, totals, per-module counts) once more
    # than the small cohort, which shows no per-module counts and skips the last one.
    with django_assert_max_num_queries(len(small) + 1):
        soup = page(client, cohort_a)

    assert totals(soup)["Learners enrolled"] == "20"
    assert [row[1:] for row in module_rows(soup)] == [["20", "20"]] * 4


def test_the_report_reads_in_five_queries(cohort_a, educator_a, course, make_module):
    modules = [make_module(title=f"Module {n}") for n in range(4)]
    enrolments = enrol_learners(cohort_a, 20)
    for module in modules:
        progress(enrolments[:7], module)
    cohort = type(cohort_a).objects.select_related("course").get(pk=cohort_a.pk)

    with CaptureQueriesContext(connection) as queries:
        report = cohort_progress(cohort, educator_a)

    # The cohorts the educator runs, the outline (restrictions, modules), and the counts
    # (enrolments, module progress).
    assert len(queries) == 5
    assert [(row.started, row.completed) for row in report.modules] == [(7, 0)] * 4


# --- the listing -----------------------------------------------------------------------------


def listing_counts(soup, name):
    row = next(tr for tr in soup.select("tbody tr") if name in tr.get_text())
    return [td.get_text(strip=True) for td in row.find_all("td")][-3:]


def test_the_listing_suppresses_small_counts(client, educator_a, cohort_a, course, make_module):
    module = make_module(title="Coming home")
    enrolments = enrol_learners(cohort_a, 5)
    progress(enrolments[:4], module)
    rules.mark_module_complete(enrolments[4], module)
    other = CohortFactory(course=course, name="Other intake")
    other.educators.add(educator_a)
    enrol_learners(other, 6, prefix="other")
    client.force_login(educator_a)

    soup = BeautifulSoup(client.get(reverse("cohorts:index")).content, "html.parser")

    # enrolled, started, completed
    assert listing_counts(soup, "Alpha intake") == ["5", "5", FEWER]
    assert listing_counts(soup, "Other intake") == ["6", "0", "0"]


def test_the_listing_shows_what_the_progress_pages_show(
    client, educator_a, cohort_a, course, make_module
):
    """A cohort of 4 beside one of 5: all 9 together (the engagement report) minus the 5 would
    give the 4 away, so the cohort of 5 is withheld in the listing as on its own page."""
    module = make_module(title="Coming home")
    progress(enrol_learners(cohort_a, 5), module)
    small = CohortFactory(course=course, name="Small intake")
    small.educators.add(educator_a)
    enrol_learners(small, 4, prefix="small")
    client.force_login(educator_a)

    soup = BeautifulSoup(client.get(reverse("cohorts:index")).content, "html.parser")

    assert listing_counts(soup, "Alpha intake") == [WITHHELD] * 3
    assert listing_counts(soup, "Small intake") == [FEWER, WITHHELD, WITHHELD]
    assert totals(page(client, cohort_a)) == {"Learners enrolled": WITHHELD}
    assert "withheld" in page(client, cohort_a).select_one("main").get_text()


def test_the_listing_does_not_sort_by_counts(client, educator_a, course):
    """An order by the real counts would tell apart cohorts that all read "fewer than 5"."""
    for name, size in [("Four", 4), ("Seven", 7), ("Two", 2), ("One", 1)]:
        cohort = CohortFactory(course=course, name=f"{name} intake")
        cohort.educators.add(educator_a)
        enrol_learners(cohort, size, prefix=name)
    client.force_login(educator_a)

    default = client.get(reverse("cohorts:index"))
    names = [
        tr.select_one("td a").get_text(strip=True)
        for tr in BeautifulSoup(default.content, "html.parser").select("tbody tr")
    ]
    for ordering in ("enrolled_count", "-enrolled_count", "started_count", "-completed_count"):
        response = client.get(reverse("cohorts:index"), {"ordering": ordering})
        soup = BeautifulSoup(response.content, "html.parser")
        assert [tr.select_one("td a").get_text(strip=True) for tr in soup.select("tbody tr")] == (
            names
        )
    headers = BeautifulSoup(default.content, "html.parser").select("thead th")
    for header in headers:
        if header.get_text(strip=True) in ("Enrolled", "Started", "Completed"):
            assert header.select_one("a") is None  # no sorting link
    assert Enrolment.objects.count() == 14


def test_the_listing_says_once_what_its_hidden_counts_mean(client, educator_a, cohort_a):
    enrol_learners(cohort_a, 3)
    client.force_login(educator_a)

    soup = BeautifulSoup(client.get(reverse("cohorts:index")).content, "html.parser")

    help_text = soup.select_one("#suppression-help").get_text()
    assert "fewer than 5" in help_text and "so that a small group cannot be worked out" in help_text
    assert len(soup.select("#suppression-help")) == 1
    assert listing_counts(soup, "Alpha intake") == [FEWER, WITHHELD, WITHHELD]


def test_the_outlines_read_together_are_each_courses_modules(course, course_index, make_module):
    """courses.cohort_report.outlines reads many courses' modules at once by the rules of
    CoursePage.modules: live, and no view restriction on the module, the course or above."""
    first, hidden, draft = (make_module(title=t) for t in ("First", "Hidden", "Draft"))
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    draft.unpublish()
    closed = CoursePageFactory(parent=course_index, title="Closed", slug="closed")
    make_module(title="Behind the door", parent=closed)
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)
    empty = CoursePageFactory(parent=course_index, title="Empty", slug="empty")
    courses = [type(course).objects.get(pk=c.pk) for c in (course, closed, empty)]

    found = outlines(courses)

    assert {pk: [m.pk for m in modules] for pk, modules in found.items()} == {
        c.pk: [m.pk for m in c.modules] for c in courses
    }
    assert [m.title for m in found[course.pk]] == ["First"]
    assert found[closed.pk] == [] and found[empty.pk] == []
