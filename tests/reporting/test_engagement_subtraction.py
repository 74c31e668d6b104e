"""Issue 14, finding 6: an educator who runs two cohorts, one of 20 learners and one of 1, must
not be able to work out the one learner's path by subtracting what the admin shows for the big
cohort from what it shows for "All your cohorts" (DESIGN.md: "One small-number rule for every
count shown or exported"). Every page that shows these counts is read as the educator reads
it: the engagement report in both views, the export page, cohort progress and the listing."""

import re
from itertools import combinations

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from courses.viewing_models import Choice
from tests.assessments.factories_questionnaires import make_instrument
from tests.factories import CohortFactory, NarrativeFactory, UserFactory

from .factories_engagement import decide, enrol, progress, respond

FEWER = "fewer than 5"


@pytest.fixture
def educator(db):
    return UserFactory(username="educator_two_cohorts", groups=["Educators"])


@pytest.fixture
def story(db):
    return NarrativeFactory(title="The night shift")


@pytest.fixture
def modules(make_module, story):
    one = make_module(
        title="Coming home",
        body=[
            {
                "type": "narrative",
                "value": {"narrative": story.pk, "framing": "", "discussion_prompts": []},
                "id": "slot-one",
            }
        ],
    )
    return [one, make_module(title="Going back to work", body=[])]


@pytest.fixture
def cohorts(course, educator, modules, story):
    """Demo cohort: 20 learners. Solo cohort: 1 learner, who has been through everything."""
    demo = CohortFactory(course=course, name="Demo cohort")
    solo = CohortFactory(course=course, name="Solo cohort")
    for cohort in (demo, solo):
        cohort.educators.add(educator)
    one, two = modules
    instrument = make_instrument()
    for index, enrolment in enumerate(enrol(course, demo, 20, "demo")):
        progress(enrolment, one, completed=index < 12)
        if index < 9:
            progress(enrolment, two, completed=index < 5)
        if index < 10:
            decide(enrolment, one, story, Choice.CONTINUE, Choice.EXPERIENCED)
        if index < 15:
            respond(enrolment, instrument, "pre", [4, 2, 3, 5])
    (solo_learner,) = enrol(course, solo, 1, "solo")
    progress(solo_learner, one, completed=True)
    progress(solo_learner, two, completed=True)
    decide(solo_learner, one, story, Choice.SKIP, Choice.CONTINUE, Choice.EXPERIENCED)
    respond(solo_learner, instrument, "pre", [1, 1, 1, 1])
    return demo, solo


def text(cell):
    return re.sub(r"\s+", " ", cell.get_text(" ", strip=True))


def figures(html):
    """Every figure a page shows, by where it is: {(table caption or list, row, column): text}."""
    soup = BeautifulSoup(html, "html.parser")
    main = soup.select_one("main") or soup
    found = {}
    for item in main.select("dl > div"):
        found[("totals", text(item.dt), "")] = text(item.dd)
    for table in main.select("table"):
        caption = table.caption
        name = re.sub(r"\d+", "#", text(caption)) if caption else "table"
        columns = [text(th) for th in table.select("thead th")]
        for row in table.select("tbody tr"):
            cells = row.find_all(["th", "td"])
            for column, cell in zip(columns[1:], cells[1:], strict=False):
                found[(name, text(cells[0]), column)] = text(cell)
    return found


def numbers(found):
    return {key: int(value) for key, value in found.items() if value.isdigit()}


def differences(big, small):
    """Figures shown in both that differ by 1 to 4: each such pair gives a small group away."""
    return {
        key: (big[key], small[key])
        for key in big.keys() & small.keys()
        if 1 <= big[key] - small[key] <= 4
    }


def engagement(client, course, cohort=None):
    url = reverse("engagement:course", args=[course.pk])
    response = client.get(url, {"cohort": cohort.pk} if cohort else {})
    assert response.status_code == 200
    return response.content.decode()


def export_page(client, course, cohort=None):
    url = reverse("engagement:export", args=[course.pk])
    response = client.get(url, {"cohort": cohort.pk} if cohort else {})
    assert response.status_code == 200
    return response.content.decode()


def test_all_your_cohorts_minus_the_big_cohort_gives_nobody_away(client, course, educator, cohorts):
    demo, solo = cohorts
    client.force_login(educator)

    everyone = figures(engagement(client, course))
    big = figures(engagement(client, course, demo))
    alone = figures(engagement(client, course, solo))

    # Each view alone was already careful: the one learner is "fewer than 5" and nothing more.
    assert alone[("totals", "Learners enrolled", "")] == FEWER
    assert not numbers(alone)
    # Together they must be too: no figure of "All your cohorts" exceeds the same figure of
    # the big cohort by 1 to 4 (the one learner's path through modules and stories).
    assert numbers(everyone), "the report still shows something"
    assert not differences(numbers(everyone), numbers(big))


def test_the_export_page_gives_nobody_away_by_subtraction(client, course, educator, cohorts):
    demo, _solo = cohorts
    client.force_login(educator)

    everyone = numbers(figures(export_page(client, course)))
    big = numbers(figures(export_page(client, course, demo)))

    assert not differences(everyone, big)


def test_cohort_progress_and_the_listing_give_nobody_away_beside_the_report(
    client, course, educator, cohorts
):
    demo, solo = cohorts
    client.force_login(educator)
    everyone = numbers(figures(engagement(client, course)))

    progress_page = client.get(reverse("cohorts:progress", args=[demo.pk])).content.decode()
    shown = numbers(figures(progress_page))
    # The cohort progress page labels rows as the engagement report does.
    same = {
        ("totals", "Learners enrolled", ""): shown.get(("totals", "Learners enrolled", "")),
        ("totals", "Completed the course", ""): shown.get(("totals", "Completed the course", "")),
    }
    for (_caption, row, column), value in shown.items():
        if _caption != "totals":
            same[
                (f"Learners who started and completed each module of {course.title}", row, column)
            ] = value
    same = {key: value for key, value in same.items() if value is not None}
    assert not differences(everyone, same)

    listing = BeautifulSoup(client.get(reverse("cohorts:index")).content, "html.parser")
    row = next(tr for tr in listing.select("tbody tr") if "Demo cohort" in tr.get_text())
    enrolled, _started, completed = (text(td) for td in row.find_all("td")[-3:])
    for label, value in (("Learners enrolled", enrolled), ("Completed the course", completed)):
        shown_all = everyone.get(("totals", label, ""))
        if value.isdigit() and shown_all is not None:
            assert not 1 <= shown_all - int(value) <= 4, label


def test_no_two_views_of_one_educator_differ_by_1_to_4_anywhere(client, course, educator, cohorts):
    """Any pair of views an educator can switch between (all, each cohort), any figure."""
    client.force_login(educator)
    views = [None, *cohorts]
    pages = {view: numbers(figures(engagement(client, course, view))) for view in views}
    for first, second in combinations(views, 2):
        assert not differences(pages[first], pages[second])
        assert not differences(pages[second], pages[first])
