"""The "Attitude change" admin: educators see only their own cohorts' learners, another
cohort is not found, and learners and visitors cannot reach it."""

import re

import pytest
from django.urls import reverse

from assessments.questionnaires.models import Timepoint
from assessments.questionnaires.per_course import questionnaires_for
from tests.assessments.factories_questionnaires import make_instrument, set_questionnaires
from tests.factories import CohortFactory, CoursePageFactory, UserFactory

from .factories_dashboard import learner, respond

INDEX = "attitude_change:index"


def course_url(course, **params):
    url = reverse("attitude_change:course", args=[course.pk])
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


@pytest.fixture
def instrument(db):
    return make_instrument()


@pytest.fixture
def questionnaires(course, instrument):
    return set_questionnaires(course, baseline=instrument, post=instrument)


@pytest.fixture
def educator_a(db):
    return UserFactory(username="educator_a", groups=["Educators"])


@pytest.fixture
def educator_b(db):
    return UserFactory(username="educator_b", groups=["Educators"])


@pytest.fixture
def superuser(db):
    return UserFactory(username="boss", is_superuser=True, is_staff=True)


def fill(course, cohort, n, pre, post):
    for _ in range(n):
        enrolment = learner(course, cohort, "care_assistant")
        asked = questionnaires_for(course)
        respond(enrolment, asked.baseline_questionnaire, Timepoint.PRE, pre)
        respond(enrolment, asked.post_questionnaire, Timepoint.POST, post)


@pytest.fixture
def cohorts(course, questionnaires, educator_a, educator_b):
    """Alpha (educator A): 6 people, baseline 2.0 → post 4.0. Bravo (educator B): 7 people,
    baseline 3.0 → post 3.0 (every answer the same, so the means are exact)."""
    alpha = CohortFactory(course=course, name="Alpha intake")
    alpha.educators.add(educator_a)
    bravo = CohortFactory(course=course, name="Bravo intake")
    bravo.educators.add(educator_b)
    fill(course, alpha, 6, [2, 4, 2, 4], [4, 2, 4, 2])
    fill(course, bravo, 7, [3, 3, 3, 3], [3, 3, 3, 3])
    return alpha, bravo


def change_row(html):
    """The cells of the total's row in the baseline → post change table."""
    table = html.split('id="change-table-caption"', 1)[1].split("</table>", 1)[0]
    row = table.split('<th scope="row">Total score</th>', 1)[1].split("</tr>", 1)[0]
    return [
        re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_an_educator_sees_only_their_own_cohorts_learners(client, educator_a, cohorts, course):
    client.force_login(educator_a)

    response = client.get(course_url(course))

    assert response.status_code == 200
    cells = change_row(response.content.decode())
    assert cells[0] == "6"  # Alpha's six, not Bravo's seven
    assert cells[1].startswith("2.00") and cells[2].startswith("4.00")
    assert cells[3].startswith("2.00")


def test_a_superuser_sees_everyone_on_the_course(client, superuser, cohorts, course):
    client.force_login(superuser)

    cells = change_row(client.get(course_url(course)).content.decode())

    assert cells[0] == "13"


def test_the_cohort_filter_offers_only_the_educators_cohorts(client, educator_a, cohorts, course):
    alpha, bravo = cohorts
    client.force_login(educator_a)

    html = client.get(course_url(course)).content.decode()

    assert f'<option value="{alpha.pk}"' in html
    assert f'value="{bravo.pk}"' not in html and "Bravo intake" not in html
    assert change_row(client.get(course_url(course, cohort=alpha.pk)).content.decode())[0] == "6"


@pytest.mark.parametrize("value", ["bravo", "abc", "99999", "1.5"])
def test_another_cohort_or_a_tampered_value_is_not_found(
    client, educator_a, cohorts, course, value
):
    alpha, bravo = cohorts
    client.force_login(educator_a)
    value = bravo.pk if value == "bravo" else value

    assert client.get(course_url(course, cohort=value)).status_code == 404


def test_a_course_without_the_educators_cohorts_is_not_found(
    client, educator_a, cohorts, course_index, instrument
):
    other = CoursePageFactory(parent=course_index, title="Another course")
    set_questionnaires(other, baseline=instrument, post=instrument)
    client.force_login(educator_a)

    assert client.get(course_url(other)).status_code == 404
    listing = client.get(reverse(INDEX)).content.decode()
    assert "Recovery basics" in listing and "Another course" not in listing


def test_learners_and_visitors_cannot_reach_it(client, cohorts, course):
    assert client.get(course_url(course)).status_code == 302  # to the login page
    assert "/login/" in client.get(reverse(INDEX))["Location"]

    client.force_login(UserFactory(username="a_learner"))
    for url in (reverse(INDEX), course_url(course)):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Total score" not in response.content


def test_an_admin_user_who_is_not_an_educator_is_refused(client, cohorts, course):
    editor = UserFactory(username="editor", groups=["Editors"])
    client.force_login(editor)

    assert client.get(course_url(course)).status_code in (302, 403)


def test_the_menu_shows_attitude_change_to_educators(client, educator_a, cohorts):
    client.force_login(educator_a)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Attitude change" in html


def test_the_dashboard_has_accessible_tables_and_charts(client, educator_a, cohorts, course):
    client.force_login(educator_a)

    html = client.get(course_url(course)).content.decode()

    assert html.count("<caption") >= 4
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert html.count('<svg role="img"') == 6  # means and change, for the total and 2 subscales
    assert "<title id=" in html and "<desc id=" in html and "<figcaption" in html


def test_a_suppressed_group_gets_a_notice_instead_of_a_chart(
    client, educator_a, course, questionnaires
):
    cohort = CohortFactory(course=course, name="Small intake")
    cohort.educators.add(educator_a)
    fill(course, cohort, 4, [2, 4, 2, 4], [4, 2, 4, 2])
    client.force_login(educator_a)

    html = client.get(course_url(course)).content.decode()

    assert '<svg role="img"' not in html
    assert "No chart of mean scores" in html
    assert "Fewer than 5 people" in html
    assert "2.00" not in html and "4.00" not in html


def test_a_cohort_view_says_why_it_has_no_chart_of_individual_change(
    client, superuser, cohorts, course
):
    """Alpha's bars beside the bars for everyone could leave a few of Bravo's people in a bar."""
    alpha, _bravo = cohorts
    client.force_login(superuser)

    html = client.get(course_url(course, cohort=alpha.pk)).content.decode()

    assert "Not shown for one cohort: beside the chart for all your cohorts" in html
    assert change_row(html)[0] == "6"
    assert "<style" not in html.split("<main", 1)[1] and 'style="' not in html.split("<main", 1)[1]
    assert "css/admin-reports.css" in html


def cells_of(html, caption_id, row_label):
    table = html.split(f'id="{caption_id}"', 1)[1].split("</table>", 1)[0]
    row = table.split(f'<th scope="row">{row_label}</th>', 1)[1].split("</tr>", 1)[0]
    return [
        re.sub(r"\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


def test_an_after_mean_not_shown_in_one_table_is_not_shown_in_any(
    client, educator_a, course, questionnaires
):
    """Issue 15: the After mean showed in the change table and "not shown" in the table of
    scores. 5 answered both times (2.00 → 4.00) and 1 only after (3.00)."""
    cohort = CohortFactory(course=course, name="Alpha intake")
    cohort.educators.add(educator_a)
    fill(course, cohort, 5, [2, 4, 2, 4], [4, 2, 4, 2])
    late = learner(course, cohort, "care_assistant")
    respond(late, questionnaires_for(course).post_questionnaire, Timepoint.POST, [3, 3, 3, 3])
    client.force_login(educator_a)

    html = client.get(course_url(course)).content.decode()

    reason = "together with other figures on this page it would reveal"
    timepoint = cells_of(html, "timepoints-caption", "After the last module")
    assert timepoint[0] == "Total score" and reason in timepoint[1]
    chart = cells_of(html, "means-0-table-caption", "After")
    assert reason in chart[0]
    change = change_row(html)
    assert change[0] == "5"
    assert reason in change[1]  # before and after, in one cell
    assert not any("4.00" in cell for cell in change)
    assert change[2].startswith("2.00")  # the mean change is still there


def test_a_suppressed_change_has_no_summary_and_the_page_says_why(
    client, educator_a, course, questionnaires
):
    cohort = CohortFactory(course=course, name="Small intake")
    cohort.educators.add(educator_a)
    fill(course, cohort, 4, [2, 4, 2, 4], [4, 2, 4, 2])
    client.force_login(educator_a)

    html = client.get(course_url(course)).content.decode()

    summary = html.split('id="summary-heading"', 1)[1].split("</section>", 1)[0]
    assert "No summary. Fewer than 5 people: not shown, to protect their privacy." in summary
    assert "Attitudes" not in summary and "2.00" not in summary
    assert "Cohen, J. (1988)" in summary


def test_the_summary_reads_the_figures_of_the_change_table(client, educator_a, cohorts, course):
    """Alpha: 6 people, every one 2.0 → 4.0 on a 1 to 5 scale. No one's scores varied, so the
    effect size is undefined and the summary gives no size word."""
    client.force_login(educator_a)

    html = client.get(course_url(course)).content.decode()

    summary = html.split('id="summary-heading"', 1)[1].split("</section>", 1)[0]
    assert (
        "<strong>Attitudes improved:</strong> +2.00 on a 1 to 5 scale (could be between "
        "+2.00 and +2.00)."
    ) in summary
    assert "With only 6 people, treat this as a first sign rather than proof." in summary
    assert change_row(html)[0] == "6"
