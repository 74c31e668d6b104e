"""Engagement per course for educators: the completion funnel and what learners did with each
narrative, counted from known rows, through the small-number rule (core/small_numbers.py),
scoped to the educator's cohorts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.viewing_models import Choice
from reporting.engagement.report import (
    engagement_report,
    funnel_bars,
    narrative_counts,
    narrative_node,
)
from tests.factories import CohortFactory, CoursePageFactory, NarrativeFactory, UserFactory

from .factories_engagement import decide, enrol, progress

CONTINUE, TRANSCRIPT, ANOTHER = Choice.CONTINUE, Choice.TRANSCRIPT, Choice.ANOTHER
CHOSEN, SKIP, EXPERIENCED = Choice.CHOSEN, Choice.SKIP, Choice.EXPERIENCED
FEWER = "fewer than 5"
WITHHELD = "withheld"


def narrative_block(narrative, block_id):
    return {
        "type": "narrative",
        "value": {"narrative": narrative.pk, "framing": "", "discussion_prompts": []},
        "id": block_id,
    }


def choice_block(narratives, block_id):
    return {
        "type": "narrative_choice",
        "value": {
            "prompt": "Choose a story",
            "framing": "",
            "narratives": [narrative.pk for narrative in narratives],
            "discussion_prompts": [],
        },
        "id": block_id,
    }


@pytest.fixture
def stories(db):
    return {
        name: NarrativeFactory(title=title)
        for name, title in [
            ("warned", "The night shift"),
            ("alternative", "A quiet kitchen"),
            ("unused", "Allotment mornings"),
            ("offered", "Bus to the clinic"),
        ]
    }


@pytest.fixture
def modules(make_module, stories):
    one = make_module(
        title="Coming home",
        body=[
            narrative_block(stories["warned"], "slot-one"),
            choice_block([stories["unused"], stories["offered"]], "slot-two"),
        ],
    )
    two = make_module(title="Going back to work", body=[])
    return [one, two]


@pytest.fixture
def educator_b(db):
    return UserFactory(username="educator_b", groups=["Educators"])


@pytest.fixture
def cohort_b(course, educator_b):
    cohort = CohortFactory(course=course, name="Bravo intake")
    cohort.educators.add(educator_b)
    return cohort


@pytest.fixture
def known(course, cohort, modules, stories):
    """Ten learners in Alpha with a known history (see each test for what it implies)."""
    one, two = modules
    learners = enrol(course, cohort, 10, "alpha")
    for index, enrolment in enumerate(learners):
        progress(enrolment, one, completed=index < 8)  # 10 started, 8 completed
        if index < 6:
            progress(enrolment, two, completed=index < 3)  # 6 started, 3 completed
    warned, alternative = stories["warned"], stories["alternative"]
    for enrolment in learners[:5]:
        # Declined the notice, picked the alternative (twice for the first), finished it.
        decide(enrolment, one, warned, ANOTHER)
        decide(enrolment, one, alternative, CHOSEN, EXPERIENCED)
    decide(learners[0], one, alternative, CHOSEN)
    # Declined, went back to it, continued: declined and opened.
    decide(learners[5], one, warned, ANOTHER, CHOSEN, CONTINUE)
    # Continued, then turned to another story: opened, not declined.
    decide(learners[6], one, warned, CONTINUE, ANOTHER)
    decide(learners[7], one, warned, TRANSCRIPT, EXPERIENCED)
    decide(learners[8], one, warned, CONTINUE, EXPERIENCED)
    # Skipped for now, came back later and finished: declined and opened.
    decide(learners[9], one, warned, SKIP, CONTINUE, EXPERIENCED)
    return learners


def report_for(user, course, cohort=None):
    return engagement_report(user, course, cohort)


def test_the_funnel_counts_enrolled_started_and_completed_per_module(
    course, educator, known, modules
):
    report = report_for(educator, course)

    assert report.enrolled == 10
    assert report.completed == 0
    # 10 started "Coming home" and 8 completed it: the 2 who have not finished would show by
    # subtraction, so the 8 is withheld. 10 enrolled and 6 who started "Going back to work"
    # would show the 4 who have not: withheld too.
    assert [(row.module.title, row.started, row.completed) for row in report.modules] == [
        ("Coming home", 10, WITHHELD),
        ("Going back to work", WITHHELD, FEWER),
    ]


def test_the_funnel_shows_steps_that_differ_by_5_or_more(
    course, cohort, educator, modules, stories
):
    one, two = modules
    for index, enrolment in enumerate(enrol(course, cohort, 20, "many")):
        progress(enrolment, one, completed=index < 15)
        if index < 10:
            progress(enrolment, two, completed=index < 5)

    report = report_for(educator, course)

    assert report.enrolled == 20
    assert [(row.module.title, row.started, row.completed) for row in report.modules] == [
        ("Coming home", 20, 15),
        ("Going back to work", 10, 5),
    ]


def test_narrative_counts_follow_the_documented_definitions(course, cohort, known, stories):
    """The counts themselves, before the small-number rule decides what is shown."""
    by_cohort, met = narrative_counts(course.enrolments.all())
    counts = by_cohort[cohort.pk]

    def row(story):
        return tuple(
            counts.get(narrative_node(name, stories[story].pk), 0)
            for name in ("opened", "finished", "declined", "chosen")
        )

    # The night shift. Opened: continued, transcript or finished: learners 5, 6, 7, 8, 9.
    # Finished: 7, 8, 9. Declined: "another" or "skip" before ever opening it: learners 0-4
    # and 5 (another), 9 (skip); learner 6 chose another story after continuing, which is
    # not a declined warning. Chosen: learner 5 went back to it.
    assert row("warned") == (5, 3, 7, 1)
    # Chosen by learners 0-4 (the first twice: people, not times), finished by the same five.
    assert row("alternative") == (5, 5, 0, 5)
    assert row("unused") == (0, 0, 0, 0)
    assert set(met) == {stories["warned"].pk, stories["alternative"].pk}


def test_narrative_counts_are_shown_through_the_rule(course, educator, known, stories):
    rows = {row.title: row for row in report_for(educator, course).narratives}

    warned = rows["The night shift"]
    # 7 declined of 10 enrolled: the 3 who did not would show by subtraction.
    assert (warned.opened, warned.finished, warned.declined, warned.chosen) == (
        5,
        FEWER,
        WITHHELD,
        FEWER,
    )
    alternative = rows["A quiet kitchen"]
    assert (alternative.opened, alternative.finished, alternative.declined, alternative.chosen) == (
        5,
        5,
        0,
        5,
    )
    unused = rows["Allotment mornings"]
    assert (unused.opened, unused.finished, unused.declined, unused.chosen) == (0, 0, 0, 0)


def test_narratives_follow_the_modules_then_the_others_learners_met(course, educator, known):
    titles = [row.title for row in report_for(educator, course).narratives]

    assert titles == [
        "The night shift",
        "Allotment mornings",
        "Bus to the clinic",
        "A quiet kitchen",  # an alternative, not in any module's body
    ]


def test_four_learners_show_as_fewer_than_5_and_nothing_per_module(
    course, cohort, educator, modules, stories
):
    for enrolment in enrol(course, cohort, 4, "four"):
        progress(enrolment, modules[0], completed=True)
        decide(enrolment, modules[0], stories["warned"], CONTINUE)

    report = report_for(educator, course)

    assert report.enrolled == FEWER
    assert report.too_small
    assert report.completed is None
    assert report.modules == []
    assert report.narratives == []
    assert funnel_bars(report) == []


def test_five_learners_show_their_numbers(course, cohort, educator, modules, stories):
    for enrolment in enrol(course, cohort, 5, "five"):
        progress(enrolment, modules[0], completed=True)
        decide(enrolment, modules[0], stories["warned"], CONTINUE)

    report = report_for(educator, course)

    assert report.enrolled == 5
    assert not report.too_small
    assert [(row.started, row.completed) for row in report.modules] == [(5, 5), (0, 0)]
    assert report.narratives[0].opened == 5


def test_the_funnel_bars_show_the_table_numbers_and_no_bar_when_suppressed(course, educator, known):
    bars = funnel_bars(report_for(educator, course))

    assert [(bar.label, bar.shown, bar.percent) for bar in bars] == [
        ("Enrolled", 10, 100),
        ("Started Coming home", 10, 100),
        ("Completed Coming home", WITHHELD, None),
        ("Started Going back to work", WITHHELD, None),
        ("Completed Going back to work", FEWER, None),
        ("Completed the course", 0, 0),
    ]


# The admin view


def url(course, cohort=None):
    address = reverse("engagement:course", args=[course.pk])
    return f"{address}?cohort={cohort.pk}" if cohort else address


def cells(html):
    """Each table row as (header, cells...), text only."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    return [
        tuple(
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        )
        for row in rows
    ]


def test_the_page_shows_the_funnel_and_narratives_in_accessible_tables(
    client, course, educator, known
):
    client.force_login(educator)

    response = client.get(url(course))

    assert response.status_code == 200
    html = response.content.decode()
    rows = cells(html)
    assert ("Coming home", "10", WITHHELD) in rows
    assert ("Going back to work", WITHHELD, FEWER) in rows
    assert ("The whole course", "—", "0") in rows
    assert ("The night shift", "5", FEWER, WITHHELD, FEWER) in rows
    assert ("A quiet kitchen", "5", "5", "0", "5") in rows
    assert '<caption class="w-text-left w-font-bold w-py-2">Learners who started' in html
    assert '<caption class="w-text-left w-font-bold w-py-2">What learners did' in html
    assert '<th scope="col">Declined at the content notice</th>' in html
    # The chart: titled and described, one bar per unsuppressed step.
    assert 'role="img" aria-labelledby="funnel-title" aria-describedby="funnel-desc"' in html
    assert '<title id="funnel-title">Completion funnel for Recovery basics</title>' in html
    assert "Completed Going back to work: fewer than 5." in html
    assert "Completed Coming home: withheld." in html
    assert html.count('fill="#007d7e"') == 3
    # Once on the page: what "withheld" means.
    assert html.count("so that a small group cannot be worked out") == 1
    assert 'style="' not in html.split("<main", 1)[1]
    # Never a learner's name or email.
    assert "Firstnamealpha" not in html and "mail.example.org" not in html


def test_an_educator_sees_only_their_own_cohorts(client, course, educator, known, cohort_b):
    enrol(course, cohort_b, 5, "bravo")
    client.force_login(educator)

    html = client.get(url(course)).content.decode()

    assert "<dd>10</dd>" in html
    assert "Bravo intake" not in html  # not even in the cohort filter


def test_a_superuser_sees_every_enrolment(client, course, known, cohort_b):
    enrol(course, cohort_b, 5, "bravo")
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))

    html = client.get(url(course)).content.decode()

    assert "<dd>15</dd>" in html
    assert "Bravo intake" in html


def test_the_cohort_filter_narrows_to_one_of_the_educators_cohorts(
    client, course, cohort, educator, known
):
    other = CohortFactory(course=course, name="Charlie intake")
    other.educators.add(educator)
    enrol(course, other, 6, "charlie")
    client.force_login(educator)

    assert "<dd>16</dd>" in client.get(url(course)).content.decode()
    assert "<dd>10</dd>" in client.get(url(course, cohort)).content.decode()
    assert "<dd>6</dd>" in client.get(url(course, other)).content.decode()


@pytest.mark.parametrize("value", ["bravo", "99999", "-1", "1.5"])
def test_another_cohort_or_a_bad_value_is_not_found(
    client, course, educator, known, cohort_b, value
):
    client.force_login(educator)
    value = str(cohort_b.pk) if value == "bravo" else value

    response = client.get(f"{url(course)}?cohort={value}")

    assert response.status_code == 404


def test_a_course_without_the_educators_cohorts_is_not_found(client, course_index, educator):
    elsewhere = CoursePageFactory(parent=course_index, title="Elsewhere", slug="elsewhere")
    CohortFactory(course=elsewhere, name="Not theirs")
    client.force_login(educator)

    assert client.get(url(elsewhere)).status_code == 404
    index = client.get(reverse("engagement:index")).content.decode()
    assert "Elsewhere" not in index


def test_a_small_cohort_page_shows_no_counts_per_module(client, course, cohort, educator, modules):
    for enrolment in enrol(course, cohort, 4, "four"):
        progress(enrolment, modules[0], completed=True)
    client.force_login(educator)

    html = client.get(url(course)).content.decode()

    assert "<dd>fewer than 5</dd>" in html
    assert "Coming home" not in html
    assert "funnel-title" not in html


def test_the_menu_item_is_shown_to_educators_only(client, educator, course, cohort):
    client.force_login(educator)
    assert "Engagement and export" in client.get(reverse("wagtailadmin_home")).content.decode()

    curator = UserFactory(username="curator", groups=["Editors"])
    client.force_login(curator)
    home = client.get(reverse("wagtailadmin_home"))
    assert home.status_code == 200
    assert "Engagement and export" not in home.content.decode()


@pytest.mark.parametrize("name", ["index", "course", "export"])
def test_learners_editors_and_visitors_cannot_reach_the_views(client, course, known, name):
    address = reverse(f"engagement:{name}", args=[] if name == "index" else [course.pk])

    anonymous = client.get(address)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]

    client.force_login(known[0].user)
    # A learner has no access to the admin at all: Wagtail sends them to its login.
    learner = client.get(address)
    assert learner.status_code == 302 and "/login/" in learner["Location"]

    # Wagtail turns "permission denied" in the admin into a message on the dashboard.
    client.force_login(UserFactory(username="curator", groups=["Editors"]))
    editor = client.get(address)
    assert editor.status_code == 302 and editor["Location"] == reverse("wagtailadmin_home")


def count_queries(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_learners(
    client, course, cohort, educator, modules, stories
):
    def add(count, prefix):
        for enrolment in enrol(course, cohort, count, prefix):
            progress(enrolment, modules[0], completed=True)
            progress(enrolment, modules[1])
            decide(enrolment, modules[0], stories["warned"], SKIP, CONTINUE, EXPERIENCED)
            decide(enrolment, modules[0], stories["alternative"], CHOSEN)

    client.force_login(educator)
    add(5, "first")
    client.get(url(course))  # warm the session and any per-process caches
    few = count_queries(client, url(course))
    add(20, "more")

    assert count_queries(client, url(course)) == few
