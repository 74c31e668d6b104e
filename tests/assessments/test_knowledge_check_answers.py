"""Answering a knowledge check: what is stored (the latest answer of an enrolment, counted),
what is refused (and stores nothing), who may answer without anything being kept, and how
answering counts towards completing a module (courses/completion.py)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.knowledge import checks as rules
from assessments.models import KnowledgeCheckAnswer
from assessments.reflections import rules as reflections
from courses.models import ModuleProgress
from tests.factories import EnrolmentFactory, UserFactory
from tests.slots import post_choice

from .conftest import ENOUGH, NARRATIVE_ID, REFLECTION_ID, module_body
from .test_knowledge_check_block import (
    MULTIPLE_ID,
    QUESTION,
    SINGLE_ID,
    WRONG_FEEDBACK,
    multiple_check,
    single_check,
)


def answer_url(module, block_id=SINGLE_ID):
    return reverse("assessments:knowledge_check", args=[module.pk, block_id])


@pytest.fixture
def check_module(make_module):
    return make_module(title="Coming home", body=[single_check(), multiple_check()])


@pytest.fixture
def learner_client(client, learner, enrolment):
    client.force_login(learner)
    return client


def test_the_url_is_the_one_the_form_posts_to(check_module):
    assert answer_url(check_module) == (f"/modules/{check_module.pk}/knowledge-checks/{SINGLE_ID}/")


def test_answering_stores_one_row_and_goes_back_to_the_check(
    learner_client, enrolment, check_module
):
    response = learner_client.post(answer_url(check_module), {"option": "0"})

    assert response.status_code == 302
    assert response["Location"] == f"{check_module.url}#knowledge-check-{SINGLE_ID}"
    stored = KnowledgeCheckAnswer.objects.get()
    assert (stored.enrolment, stored.module_id, stored.block_id) == (
        enrolment,
        check_module.pk,
        SINGLE_ID,
    )
    assert (stored.selected, stored.correct, stored.attempts) == ([0], True, 1)
    page = BeautifulSoup(learner_client.get(response["Location"]).content, "html.parser")
    status = page.find(id=f"knowledge-check-{SINGLE_ID}").find(attrs={"role": "status"})
    assert status.get_text(" ", strip=True).startswith("You got it right.")


def test_answering_again_keeps_the_latest_answer_and_counts_the_attempts(
    learner_client, check_module
):
    learner_client.post(answer_url(check_module), {"option": "0"})
    first = KnowledgeCheckAnswer.objects.get()

    learner_client.post(answer_url(check_module), {"option": "1"})

    again = KnowledgeCheckAnswer.objects.get()
    assert again.pk == first.pk
    assert (again.selected, again.correct, again.attempts) == ([1], False, 2)
    assert again.answered_at == first.answered_at
    assert again.updated_at >= first.updated_at
    html = learner_client.get(check_module.url).content.decode()
    assert WRONG_FEEDBACK in html


@pytest.mark.parametrize(
    "chosen, correct",
    [(["0", "2"], True), (["2", "0"], True), (["0"], False), (["0", "1", "2"], False)],
)
def test_multiple_choice_is_right_only_with_every_right_answer_and_no_other(
    learner_client, check_module, chosen, correct
):
    learner_client.post(answer_url(check_module, MULTIPLE_ID), {"option": chosen})

    stored = KnowledgeCheckAnswer.objects.get(block_id=MULTIPLE_ID)
    assert stored.correct is correct
    assert stored.selected == sorted(int(c) for c in chosen)


@pytest.mark.parametrize(
    "block_id, data, message",
    [
        (SINGLE_ID, {}, "Choose an answer, then check it."),
        (MULTIPLE_ID, {}, "Tick at least one answer, then check it."),
        (SINGLE_ID, {"option": "3"}, "That answer is not one of the choices."),
        (SINGLE_ID, {"option": "-1"}, "That answer is not one of the choices."),
        (SINGLE_ID, {"option": "first"}, "That answer is not one of the choices."),
        (MULTIPLE_ID, {"option": ["0", "9"]}, "That answer is not one of the choices."),
        (SINGLE_ID, {"option": ["0", "1"]}, "Choose only one answer to this question."),
    ],
)
def test_an_answer_the_check_cannot_take_is_refused_and_stores_nothing(
    learner_client, check_module, block_id, data, message
):
    response = learner_client.post(answer_url(check_module, block_id), data)

    assert response.status_code == 400
    assert KnowledgeCheckAnswer.objects.count() == 0
    html = BeautifulSoup(response.content, "html.parser").find(id=f"knowledge-check-{block_id}")
    assert message in html.find(attrs={"role": "alert"}).get_text()
    assert message in html.find(class_="field__error").get_text()
    assert html.find("form") is not None  # the check again, to answer properly


def test_a_refused_answer_leaves_the_stored_one_as_it_was(learner_client, check_module):
    learner_client.post(answer_url(check_module), {"option": "0"})

    learner_client.post(answer_url(check_module), {"option": ["0", "1"]})

    stored = KnowledgeCheckAnswer.objects.get()
    assert (stored.selected, stored.correct, stored.attempts) == ([0], True, 1)


def test_an_unknown_block_module_or_method_is_not_found_and_stores_nothing(
    learner_client, check_module, make_module
):
    reflection_module = make_module(title="Reflect", body=module_body())

    responses = [
        learner_client.post(answer_url(check_module, "no-such-block"), {"option": "0"}),
        learner_client.post(answer_url(reflection_module, REFLECTION_ID), {"option": "0"}),
        learner_client.post(
            reverse("assessments:knowledge_check", args=[999999, SINGLE_ID]), {"option": "0"}
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert learner_client.get(answer_url(check_module)).status_code == 405
    assert KnowledgeCheckAnswer.objects.count() == 0


def test_a_learner_who_is_not_enrolled_gets_the_feedback_and_nothing_is_kept(client, check_module):
    client.force_login(UserFactory(username="visitor"))

    response = client.post(answer_url(check_module), {"option": "1"})

    assert response.status_code == 200
    assert KnowledgeCheckAnswer.objects.count() == 0
    html = BeautifulSoup(response.content, "html.parser")
    check = html.find(id=f"knowledge-check-{SINGLE_ID}")
    assert check.find("legend").get_text(strip=True) == QUESTION
    assert check.find(attrs={"role": "status"}).get_text(" ", strip=True).startswith("Not quite.")
    assert "We have not kept this answer, because you are not enrolled" in check.get_text()
    assert WRONG_FEEDBACK in check.get_text()
    assert check.find("input", attrs={"value": "1"}).has_attr("checked")
    enrol = html.find("form", class_="enrol-form")
    assert enrol["action"] == reverse("courses:enrol", args=[check_module.get_parent().pk])


def test_a_signed_out_visitor_gets_the_feedback_and_a_way_to_sign_in(client, check_module):
    response = client.post(answer_url(check_module), {"option": "0"})

    assert response.status_code == 200
    assert KnowledgeCheckAnswer.objects.count() == 0
    html = BeautifulSoup(response.content, "html.parser")
    assert "You got it right." in html.find(attrs={"role": "status"}).get_text()
    keep = html.find("aside", class_="callout")
    assert "Sign in and enrol on the course to keep your answers" in keep.get_text()
    assert keep.find("a", string="Sign in")["href"] == (
        f"/accounts/login/?next={check_module.url}%23knowledge-check-{SINGLE_ID}"
    )


def test_answers_are_kept_per_enrolment(check_module, enrolment, course):
    other = EnrolmentFactory(course=course)
    check = rules.knowledge_check(check_module, SINGLE_ID)

    rules.record_answer(enrolment, check_module, check, [0])
    rules.record_answer(other, check_module, check, [2])
    rules.record_answer(enrolment, check_module, check, [1])

    assert KnowledgeCheckAnswer.objects.count() == 2
    assert rules.answers_by_block(enrolment, check_module)[SINGLE_ID].selected == [1]
    assert rules.answers_by_block(other, check_module)[SINGLE_ID].selected == [2]
    assert rules.answered_block_ids(other, check_module) == {SINGLE_ID}
    assert rules.answers_by_block(None, check_module) == {}


# --- completion ------------------------------------------------------------------------------


def test_a_module_completes_once_the_story_reflection_and_knowledge_check_are_done(
    learner_client, enrolment, make_module, narrative
):
    module = make_module(title="All three", body=module_body(narrative) + [single_check()])
    learner_client.get(module.url)
    post_choice(learner_client, module, NARRATIVE_ID, "experienced", narrative.pk)
    reflections.submit(
        enrolment, module, reflections.reflection_slot(module, REFLECTION_ID), ENOUGH
    )

    html = learner_client.get(module.url).content.decode()
    assert ModuleProgress.objects.get(enrolment=enrolment, module=module).completed_at is None
    assert "answer one more knowledge check (right or wrong, it counts)" in html
    assert "submit one more reflection" not in html

    learner_client.post(answer_url(module), {"option": "2"})  # a wrong answer counts too

    assert ModuleProgress.objects.get(enrolment=enrolment, module=module).completed_at
    assert "You have completed this module." in learner_client.get(module.url).content.decode()


def test_a_module_with_only_a_knowledge_check_is_not_complete_on_opening(
    learner_client, enrolment, make_module
):
    module = make_module(title="Quiz", body=[single_check()])

    learner_client.get(module.url)

    assert ModuleProgress.objects.get(enrolment=enrolment, module=module).completed_at is None


# --- queries ---------------------------------------------------------------------------------


def answer_queries(client, module):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(module.url).status_code == 200
    return [q["sql"] for q in queries if KnowledgeCheckAnswer._meta.db_table in q["sql"]]


def test_the_module_page_reads_answers_in_one_query_and_only_where_there_are_checks(
    learner_client, check_module, make_module
):
    plain = make_module(title="Reading", body=module_body())
    learner_client.get(check_module.url)  # the first visit records it

    assert len(answer_queries(learner_client, check_module)) == 1
    assert answer_queries(learner_client, plain) == []
