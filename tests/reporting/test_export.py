"""The analyst's export: de-identified item-level questionnaire data, CSV and XLSX, scoped to
the educator's cohorts, refused under 5 people, safe to open in a spreadsheet."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.pseudonyms import pseudonym
from reporting.engagement import export
from reporting.engagement.report import scoped_enrolments
from tests.assessments.factories_questionnaires import make_instrument
from tests.factories import CohortFactory, UserFactory

from .factories_engagement import enrol, respond

TODAY = timezone.localdate()
HEADER = [
    "Pseudonymous id",
    "Role",
    "Cohort",
    "Timepoint",
    "Submitted (month)",
    "Instrument",
    "Instrument version",
    "Q1: People can recover and live well.",
    "Q2: Recovery is rare.",
    "Q3: I would be at ease working beside someo…",
    "Q4: I would rather keep my distance.",
    "Total score",
    "Subscale: Hope",
    "Subscale: Ease",
]
SUBMITTED_AT = timezone.make_aware(datetime.datetime(2026, 3, 14, 9, 30))


@pytest.fixture
def instrument(db):
    return make_instrument()


@pytest.fixture
def educator_b(db):
    return UserFactory(username="educator_b", groups=["Educators"])


@pytest.fixture
def cohort_b(course, educator_b):
    cohort = CohortFactory(course=course, name="Bravo intake")
    cohort.educators.add(educator_b)
    return cohort


def answer_all(enrolments, instrument, timepoint="pre", first=1):
    """Each learner answers every item with values that differ by learner; returns them."""
    found = {}
    for index, enrolment in enumerate(enrolments):
        values = [(first + index + offset) % 5 + 1 for offset in range(4)]
        found[enrolment.user_id] = (values, respond(enrolment, instrument, timepoint, values))
    return found


@pytest.fixture
def alpha(course, cohort, instrument):
    """Five learners in Alpha who answered before (on 14 March) and after; three more who only
    started the post questionnaire, two who declined it. (With fewer than five who have not
    submitted, the number in the file beside the number enrolled would tell them apart.)"""
    learners = enrol(course, cohort, 5, "alpha")
    for enrolment in learners:
        enrolment.pre = respond(
            enrolment, instrument, "pre", [4, 2, None, 5], submitted_at=SUBMITTED_AT
        )
        enrolment.post = respond(enrolment, instrument, "post", [5, 1, 4, 4])
    unfinished = enrol(course, cohort, 5, "unfinished")
    for drafting in unfinished[:3]:
        respond(drafting, instrument, "post", [1, 1, 1, 1], status="draft")
    for declining in unfinished[3:]:
        respond(declining, instrument, "post", [], status="declined")
    return learners


def export_url(course, instrument=None, export_format=None, cohort=None):
    params = []
    if cohort is not None:
        params.append(f"cohort={cohort.pk}")
    if instrument is not None:
        params.append(f"instrument={instrument.pk}")
    if export_format is not None:
        params.append(f"format={export_format}")
    address = reverse("engagement:export", args=[course.pk])
    return f"{address}?{'&'.join(params)}" if params else address


def download_csv(client, course, instrument, cohort=None):
    response = client.get(export_url(course, instrument, "csv", cohort))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    return response, text, list(csv.reader(io.StringIO(text)))


def download_xlsx(client, course, instrument, cohort=None):
    response = client.get(export_url(course, instrument, "xlsx", cohort))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    return response, content, sheet


def test_the_csv_has_one_row_per_submitted_response_with_items_and_scores(
    client, course, educator, instrument, alpha
):
    client.force_login(educator)

    response, text, rows = download_csv(client, course, instrument)

    assert response["Content-Disposition"] == (
        f'attachment; filename="recovery-basics-thinking-about-recovery-1-{TODAY:%Y-%m-%d}.csv"'
    )
    assert rows[0] == HEADER
    body = rows[1:]
    assert len(body) == 10  # five people × pre and post; no draft, no declined
    by_person = {}
    for row in body:
        by_person.setdefault(row[0], {})[row[3]] = row
    assert set(by_person) == {pseudonym(enrolment.user_id) for enrolment in alpha}
    for enrolment in alpha:
        pre = by_person[pseudonym(enrolment.user_id)]["pre"]
        post = by_person[pseudonym(enrolment.user_id)]["post"]
        assert pre[1:7] == [
            "care_assistant",
            "Alpha intake",
            "pre",
            "2026-03",
            "Thinking about recovery",
            "1",
        ]
        # Raw answers, the skipped item empty; scores as stored (reversed, prorated).
        assert pre[7:11] == ["4", "2", "", "5"]
        # 3 of 4 items answered is under 0.8: no total; "ease" has 1 of its 2.
        assert enrolment.pre.scores == {"total": None, "subscales": {"hope": 4.0, "ease": None}}
        assert pre[11:] == ["", "4.0", ""]
        assert post[7:11] == ["5", "1", "4", "4"]
        # Items 2 and 4 reversed (1 + 5 - x): (5 + 5 + 4 + 2) / 4, hope (5 + 5) / 2, ...
        assert post[11:] == ["4.0", "5.0", "3.0"]
    # A person's rows are together, before then after.
    assert [row[3] for row in body] == ["pre", "post"] * 5


def test_nothing_identifying_is_in_either_file(client, course, educator, instrument, alpha):
    client.force_login(educator)

    _, text, _ = download_csv(client, course, instrument)
    _, _, sheet = download_xlsx(client, course, instrument)
    cells = " ".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)

    for content in (text, cells):
        for enrolment in alpha:
            user = enrolment.user
            for secret in (user.email, user.first_name, user.last_name, user.username):
                assert secret not in content
            assert str(enrolment.uuid) not in content
        assert "@" not in content
        # The month only, for a response submitted at 09:30 on 14 March 2026.
        assert "2026-03" in content
        assert "2026-03-14" not in content and "09:30" not in content and "14/03" not in content


def test_the_xlsx_holds_the_same_rows(client, course, educator, instrument, alpha):
    client.force_login(educator)

    response, _, sheet = download_xlsx(client, course, instrument)

    assert response["Content-Type"] == export.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        f'attachment; filename="recovery-basics-thinking-about-recovery-1-{TODAY:%Y-%m-%d}.xlsx"'
    )
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert len(rows) == 11
    first = alpha[0]
    mine = [row for row in rows[1:] if row[0] == pseudonym(first.user_id)]
    assert [row[3] for row in mine] == ["pre", "post"]
    # Numbers stay numbers; the unanswered item is an empty cell.
    assert list(mine[0][7:11]) == [4, 2, None, 5]
    assert list(mine[0][11:]) == [None, 4.0, None]
    assert list(mine[1][7:]) == [5, 1, 4, 4, 4.0, 5.0, 3.0]


def test_text_that_a_spreadsheet_would_run_is_neutralised(
    client, course, cohort, educator, instrument
):
    cohort.name = '=HYPERLINK("http://evil.example/","Click")'
    cohort.save()
    learners = enrol(course, cohort, 5, "alpha", role="@SUM(1+1)")
    answer_all(learners, instrument)
    instrument.name = "+Questionnaire"
    instrument.version = "-1"
    instrument.save()
    client.force_login(educator)

    _, _, rows = download_csv(client, course, instrument)
    _, _, sheet = download_xlsx(client, course, instrument)

    expected = [
        "'@SUM(1+1)",
        '\'=HYPERLINK("http://evil.example/","Click")',
        "pre",
    ]
    assert rows[1][1:4] == expected
    assert rows[1][5:7] == ["'+Questionnaire", "'-1"]
    cells = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    assert [cell.value for cell in cells[1:4]] == expected
    assert [cell.data_type for cell in cells[1:3]] == ["s", "s"]
    assert [cell.value for cell in cells[5:7]] == ["'+Questionnaire", "'-1"]


def test_neutralise_leaves_numbers_and_plain_text_alone():
    assert export.neutralise(-2) == -2
    assert export.neutralise(2.5) == 2.5
    assert export.neutralise("Alpha intake") == "Alpha intake"
    assert export.neutralise("\tcmd") == "'\tcmd"
    assert export.neutralise("\r=1") == "'\r=1"


def test_four_people_are_refused_and_nothing_is_downloaded(
    client, course, cohort, educator, instrument
):
    learners = enrol(course, cohort, 4, "four")
    answer_all(learners, instrument, "pre")
    answer_all(learners, instrument, "post")  # eight responses, still four people
    client.force_login(educator)

    for export_format in ("csv", "xlsx"):
        response = client.get(export_url(course, instrument, export_format))

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert "Content-Disposition" not in response
        html = response.content.decode()
        assert "Not available: fewer than 5 people are in your selection." in html
        assert "Nothing was downloaded." in html
        assert pseudonym(learners[0].user_id) not in html
    page = client.get(export_url(course)).content.decode()
    assert "Not available: fewer than 5 people" in page
    assert "format=csv" not in page


def test_five_people_can_be_exported(client, course, cohort, educator, instrument):
    answer_all(enrol(course, cohort, 5, "five"), instrument)
    client.force_login(educator)

    page = client.get(export_url(course)).content.decode()
    assert f"instrument={instrument.pk}&amp;format=csv" in page
    _, _, rows = download_csv(client, course, instrument)
    assert len(rows) == 6


def test_nobody_answered_is_refused_too(client, course, cohort, educator, instrument):
    enrol(course, cohort, 6, "none")
    client.force_login(educator)

    response = client.get(export_url(course, instrument, "csv"))

    assert "Content-Disposition" not in response
    assert "Nobody in your selection has submitted this questionnaire" in response.content.decode()


def test_an_educator_never_exports_another_cohorts_rows(
    client, course, cohort, cohort_b, educator, educator_b, instrument, alpha
):
    bravo = enrol(course, cohort_b, 6, "bravo")
    answer_all(bravo, instrument)
    client.force_login(educator)

    _, text, rows = download_csv(client, course, instrument)

    assert {row[0] for row in rows[1:]} == {pseudonym(e.user_id) for e in alpha}
    assert "Bravo intake" not in text
    for enrolment in bravo:
        assert pseudonym(enrolment.user_id) not in text
    # Asking for Bravo by its id is not found, in either format and on the page.
    for export_format in ("csv", "xlsx", None):
        assert (
            client.get(export_url(course, instrument, export_format, cohort_b)).status_code == 404
        )
    # Bravo's own educator gets Bravo's rows only.
    client.force_login(educator_b)
    _, text, rows = download_csv(client, course, instrument)
    assert {row[0] for row in rows[1:]} == {pseudonym(e.user_id) for e in bravo}
    assert "Alpha intake" not in text


def test_a_cohort_filter_narrows_the_export(client, course, cohort, educator, instrument, alpha):
    charlie = CohortFactory(course=course, name="Charlie intake")
    charlie.educators.add(educator)
    answer_all(enrol(course, charlie, 5, "charlie"), instrument, "follow_up")
    client.force_login(educator)

    _, _, rows = download_csv(client, course, instrument, cohort)
    assert {row[2] for row in rows[1:]} == {"Alpha intake"}
    assert len(rows) == 11
    _, _, rows = download_csv(client, course, instrument, charlie)
    assert {(row[2], row[3]) for row in rows[1:]} == {("Charlie intake", "follow_up")}
    assert len(rows) == 6


def test_a_cohort_is_refused_when_the_rest_would_be_fewer_than_5(
    client, course, cohort, educator, instrument, alpha
):
    """Alpha has 5 people who answered, Charlie 4: Alpha's file beside the file of both would
    show which four pseudonyms are Charlie's."""
    charlie = CohortFactory(course=course, name="Charlie intake")
    charlie.educators.add(educator)
    charlie_people = enrol(course, charlie, 4, "charlie")
    answer_all(charlie_people, instrument)
    client.force_login(educator)

    alone = client.get(export_url(course, instrument, "csv", cohort))
    assert "Content-Disposition" not in alone
    assert "this cohort&#x27;s figures are withheld" in alone.content.decode()
    small = client.get(export_url(course, instrument, "csv", charlie))
    assert "Content-Disposition" not in small
    assert "fewer than 5 people are in your selection" in small.content.decode()
    page = client.get(export_url(course, cohort=cohort)).content.decode()
    assert "format=csv" not in page
    assert "Export all your cohorts together instead." in page
    # Both together: nine people, both cohorts unnamed (Charlie alone would be four).
    _, text, rows = download_csv(client, course, instrument)
    assert len({row[0] for row in rows[1:]}) == 9
    assert "Alpha intake" not in text and "Charlie intake" not in text


def test_two_cohort_files_beside_the_file_of_all_give_no_small_cohort_away(
    client, course, cohort, educator, instrument
):
    """Alpha and Delta, 6 each, and Charlie, 2. Each big cohort's file beside the file of all
    leaves 8 people out, but the file of all minus both big cohorts' files is Charlie's two
    rows, answers and all: one of the big cohorts' files must be refused."""
    delta, charlie = (CohortFactory(course=course, name=name) for name in ("Delta", "Charlie"))
    delta.educators.add(educator)
    charlie.educators.add(educator)
    answer_all(enrol(course, cohort, 6, "alpha"), instrument)
    answer_all(enrol(course, delta, 6, "delta"), instrument)
    charlie_people = enrol(course, charlie, 2, "charlie")
    answer_all(charlie_people, instrument)
    client.force_login(educator)

    _, _, everyone = download_csv(client, course, instrument)
    files = [everyone]
    for part in (cohort, delta):
        response = client.get(export_url(course, instrument, "csv", part))
        if "Content-Disposition" in response:
            files.append(
                list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
            )
    left = {row[0] for row in files[0][1:]} - {row[0] for rows in files[1:] for row in rows[1:]}

    assert len(files) < 3
    assert left != {pseudonym(e.user_id) for e in charlie_people}
    assert not 1 <= len(left) <= 4


def test_a_file_that_would_tell_the_few_who_did_not_answer_is_refused(
    client, course, cohort, educator, instrument
):
    """7 enrolled (the engagement report says so) and a file of 5 people: the 2 who did not
    answer would show by subtraction."""
    learners = enrol(course, cohort, 7, "seven")
    answer_all(learners[:5], instrument)
    client.force_login(educator)

    response = client.get(export_url(course, instrument, "csv"))

    assert "Content-Disposition" not in response
    html = response.content.decode()
    assert "Not available: its number of people is withheld" in html
    page = client.get(export_url(course)).content.decode()
    assert "format=csv" not in page
    assert "<td>withheld</td>" in page


def test_the_file_names_only_cohorts_whose_figures_are_shown(
    client, course, cohort, educator, instrument
):
    """Alpha: 20 enrolled, 10 answered. Solo: 1 enrolled, who did not answer. Alpha's figures
    are withheld (all cohorts, 21, minus Alpha, 20, is Solo's one learner), so the file of all
    must not name Alpha either: 10 rows named Alpha beside 10 in all would say Solo's learner
    did not answer."""
    solo = CohortFactory(course=course, name="Solo intake")
    solo.educators.add(educator)
    answer_all(enrol(course, cohort, 20, "alpha")[:10], instrument)
    enrol(course, solo, 1, "solo")
    client.force_login(educator)

    _, text, rows = download_csv(client, course, instrument)

    assert len(rows) == 11
    assert "Alpha intake" not in text
    assert {row[2] for row in rows[1:]} == {"not shown: small group"}


def test_small_groups_are_not_named(client, course, cohort, educator, instrument):
    """Alpha: 6 care assistants, 5 psychology and 2 nursing trainees. Charlie: 3 people,
    Delta: 6. Naming the nursing trainees, Charlie, or "the rest" beside them would single out
    fewer than 5 people, so the next smallest group is unnamed with them."""
    delta, charlie = (CohortFactory(course=course, name=name) for name in ("Delta", "Charlie"))
    delta.educators.add(educator)
    charlie.educators.add(educator)
    care = enrol(course, cohort, 6, "care", role="care_assistant")
    psychology = enrol(course, cohort, 5, "psych", role="psychology_trainee")
    nursing = enrol(course, cohort, 2, "nurse", role="nursing_trainee")
    others = enrol(course, delta, 6, "delta") + enrol(course, charlie, 3, "charlie")
    answer_all(care + psychology + nursing + others, instrument)
    client.force_login(educator)

    _, text, rows = download_csv(client, course, instrument)

    shown = {row[0]: (row[1], row[2]) for row in rows[1:]}
    hidden = "not shown: small group"
    for enrolment in care:
        assert shown[pseudonym(enrolment.user_id)] == ("care_assistant", "Alpha intake")
    for enrolment in psychology + nursing:
        assert shown[pseudonym(enrolment.user_id)] == (hidden, "Alpha intake")
    for enrolment in others:
        assert shown[pseudonym(enrolment.user_id)] == (hidden, hidden)
    assert "Charlie" not in text and "Delta" not in text
    assert "trainee" not in text


def test_shown_groups_unnames_the_next_smallest_until_the_rest_is_5_or_more():
    assert export.shown_groups({"a": 6, "b": 5}) == {"a", "b"}
    assert export.shown_groups({"a": 6, "b": 5, "c": 2}) == {"a"}
    assert export.shown_groups({"a": 6, "b": 5, "c": 2, "d": 3}) == {"a", "b"}
    assert export.shown_groups({"a": 5, "b": 3}) == set()
    assert export.shown_groups({"a": 4}) == set()
    assert export.shown_groups({}) == set()


def test_the_export_page_lists_questionnaires_with_suppressed_counts(
    client, course, cohort, educator, instrument, alpha
):
    other = make_instrument(name="Working together")
    answer_all(alpha[:3], other, "follow_up")
    client.force_login(educator)

    html = client.get(export_url(course)).content.decode()

    assert '<th scope="row">Thinking about recovery (1)</th>\n            <td>5</td>' in html
    assert '<th scope="row">Working together (1)</th>\n            <td>fewer than 5</td>' in html
    assert html.count("format=xlsx") == 1


@pytest.mark.parametrize(
    "query", ["instrument=abc&format=csv", "instrument=99999&format=csv", "format=csv"]
)
def test_an_unknown_instrument_is_not_found(client, course, educator, alpha, query):
    client.force_login(educator)

    response = client.get(f"{export_url(course)}?{query}")

    assert response.status_code == 404


def test_an_unknown_format_gets_a_message(client, course, educator, instrument, alpha):
    client.force_login(educator)

    response = client.get(export_url(course, instrument, "pdf"))

    assert response.status_code == 200
    assert "Content-Disposition" not in response
    assert "Choose CSV or Excel (XLSX) for the export." in response.content.decode()


def test_the_export_queries_do_not_grow_with_learners(course, cohort, educator, instrument):
    def queries_for_export():
        found = export.build_export(scoped_enrolments(educator, course), instrument)
        with CaptureQueriesContext(connection) as queries:
            found = export.build_export(scoped_enrolments(educator, course), instrument)
            rows = list(found.rows)
        return len(queries), len(rows)

    answer_all(enrol(course, cohort, 5, "first"), instrument)
    few, rows = queries_for_export()
    assert rows == 5
    answer_all(enrol(course, cohort, 30, "more"), instrument)

    assert queries_for_export() == (few, 35)
