"""Answering questionnaires in the browser without script: the form (a fieldset per statement,
radios with labels, an error summary), saving, submitting, declining, the learner's own scores,
the course page's prompts, and owner-only pages (404 for anyone else)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import ItemAnswer, QuestionnaireResponse, Timepoint
from assessments.questionnaires import answering as rules
from courses import enrolment as enrolment_rules
from courses.models import Enrolment
from tests.factories import EnrolmentFactory, UserFactory

from .factories_questionnaires import (
    answers,
    form_data,
    item_keys,
    make_instrument,
    set_questionnaires,
)

PRE, POST, FOLLOW_UP = Timepoint.PRE, Timepoint.POST, Timepoint.FOLLOW_UP
Status = QuestionnaireResponse.Status


@pytest.fixture
def instrument(db):
    return make_instrument()


@pytest.fixture
def modules(make_module):
    return [make_module(title="Coming home"), make_module(title="Staying well")]


@pytest.fixture
def asking_course(course, instrument, modules):
    return set_questionnaires(course, instrument, instrument, instrument, weeks=12)


@pytest.fixture
def learner(db):
    return UserFactory(username="learner", email="ada@example.org")


@pytest.fixture
def learner_enrolment(asking_course, learner):
    return EnrolmentFactory(user=learner, course=asking_course)


@pytest.fixture
def learner_client(client, learner, learner_enrolment):
    client.force_login(learner)
    return client


def url(course, timepoint=PRE):
    return reverse("assessments:questionnaire", args=[course.pk, timepoint])


def results_url(course):
    return reverse("assessments:questionnaire_results", args=[course.pk])


def complete(enrolment, modules):
    for module in modules:
        enrolment_rules.mark_module_complete(enrolment, module)
    enrolment.refresh_from_db()


def test_the_questionnaire_page_is_an_accessible_plain_form(
    learner_client, asking_course, instrument
):
    response = learner_client.get(url(asking_course))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Thinking about recovery</h1>" in html
    assert "We ask the same questions before and after the course." in html
    assert "Answering is up to you." in html
    assert html.count("<fieldset") == 4
    first = item_keys(instrument)[0]
    assert f'<fieldset class="field" id="item-{first}">' in html
    assert (
        '<legend><span class="questionnaire__number">1.</span> People can recover and live '
        "well.</legend>" in html
    )
    assert '<span class="field__optional">(optional)</span>' in html  # the fourth statement
    assert f'<input type="radio" name="item-{first}" id="item-{first}-1" value="1">' in html
    assert f'<label for="item-{first}-5">Strongly agree</label>' in html
    for button in ("Save and finish later", "Submit answers", "No thanks, skip this"):
        assert button in html
    assert "<script" not in html.split("<main", 1)[1]


def test_submitting_shows_the_learner_their_scores(learner_client, asking_course, instrument):
    response = learner_client.post(url(asking_course), form_data(instrument, 4, 2, 5, 1))
    assert response.status_code == 302
    assert response["Location"] == results_url(asking_course)
    stored = QuestionnaireResponse.objects.get()
    assert stored.status == Status.SUBMITTED
    assert stored.scores["total"] == 4.5
    html = learner_client.get(results_url(asking_course)).content.decode()
    assert "Your score: <strong>4.5</strong>, on a scale from 1 to 5." in html
    assert "<li>Hope: 4.0</li>" in html and "<li>Ease: 5.0</li>" in html
    # The questionnaire now says it was sent, with no form.
    html = learner_client.get(url(asking_course)).content.decode()
    assert "You sent your answers on" in html
    assert "Submit answers" not in html


def test_the_results_page_shows_the_change_from_before_to_after(
    learner_client, asking_course, instrument, learner_enrolment, modules
):
    learner_client.post(url(asking_course), form_data(instrument, 3, 3, 3, 4))
    complete(learner_enrolment, modules)
    learner_client.post(url(asking_course, POST), form_data(instrument, 4, 2, 4, 2))
    html = learner_client.get(results_url(asking_course)).content.decode()
    assert "your score went from 2.8 to 4.0." in html
    assert "On this questionnaire a higher score is the better result." in html
    assert "<li>Hope: from 3.0 to 4.0</li>" in html


def test_save_and_finish_later_keeps_a_draft_shown_on_return(
    learner_client, asking_course, instrument
):
    response = learner_client.post(
        url(asking_course), form_data(instrument, 4, None, 2, action="save")
    )
    assert response.status_code == 302 and response["Location"] == asking_course.url
    assert QuestionnaireResponse.objects.get().status == Status.DRAFT
    html = learner_client.get(url(asking_course)).content.decode()
    keys = item_keys(instrument)
    assert f'id="item-{keys[0]}-4" value="4" checked>' in html
    assert f'id="item-{keys[2]}-2" value="2" checked>' in html
    assert f'name="item-{keys[1]}" id="item-{keys[1]}-1" value="1">' in html
    assert html.count(" checked>") == 2
    assert "Carry on where you left off." in html


def test_an_out_of_scale_value_gets_an_error_linked_from_the_summary(
    learner_client, asking_course, instrument
):
    keys = item_keys(instrument)
    data = form_data(instrument, 4, 2, 5, 1)
    data[f"item-{keys[1]}"] = "7"
    response = learner_client.post(url(asking_course), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary" role="alert"' in html
    assert (
        f'<a href="#item-{keys[1]}-1">Statement 2: Choose one of the answers shown for this '
        "statement.</a>" in html
    )
    assert f'class="field field--error" id="item-{keys[1]}"' in html
    # What was valid stays chosen; nothing is stored.
    assert f'id="item-{keys[0]}-4" value="4" checked>' in html
    assert QuestionnaireResponse.objects.count() == 0


def test_missing_required_statements_link_to_the_first_one(
    learner_client, asking_course, instrument
):
    keys = item_keys(instrument)
    response = learner_client.post(url(asking_course), form_data(instrument, None, 2))
    assert response.status_code == 400
    html = response.content.decode()
    links = re.findall(r'<li><a href="#(item-[^"]+)">Statement (\d)', html)
    assert links == [(f"item-{keys[0]}-1", "1"), (f"item-{keys[2]}-1", "3")]
    assert QuestionnaireResponse.objects.count() == 0


@pytest.mark.parametrize("tamper", ["unknown", "other_instrument"])
def test_tampered_item_ids_are_refused(learner_client, asking_course, instrument, tamper):
    data = form_data(instrument, 4, 2, 5, 1)
    if tamper == "unknown":
        data["item-not-a-uuid"] = "3"
    else:
        data[f"item-{item_keys(make_instrument(name='Elsewhere'))[0]}"] = "3"
    response = learner_client.post(url(asking_course), data)
    assert response.status_code == 400
    assert "Some answers were for statements that are not in this questionnaire" in (
        response.content.decode()
    )
    assert QuestionnaireResponse.objects.count() == 0
    assert ItemAnswer.objects.count() == 0


def test_a_post_without_a_button_stores_nothing(learner_client, asking_course, instrument):
    data = form_data(instrument, 4, 2, 5, 1)
    del data["action"]
    response = learner_client.post(url(asking_course), data)
    assert response.status_code == 400
    assert "Choose one of the buttons" in response.content.decode()
    assert QuestionnaireResponse.objects.count() == 0


def test_a_second_submission_is_refused_and_stores_nothing(
    learner_client, asking_course, instrument
):
    learner_client.post(url(asking_course), form_data(instrument, 4, 2, 5, 1))
    response = learner_client.post(url(asking_course), form_data(instrument, 1, 1, 1, 1))
    assert response.status_code == 409
    assert "You have already sent your answers to this questionnaire" in response.content.decode()
    assert QuestionnaireResponse.objects.get().scores["total"] == 4.5
    assert sorted(ItemAnswer.objects.values_list("value", flat=True)) == [1, 2, 4, 5]


def test_the_baseline_closes_once_a_module_is_opened(
    learner_client, asking_course, instrument, modules
):
    learner_client.get(modules[0].url)
    html = learner_client.get(url(asking_course)).content.decode()
    assert "closes once you open a module" in html
    assert "Submit answers" not in html
    response = learner_client.post(url(asking_course), form_data(instrument, 4, 2, 5, 1))
    assert response.status_code == 400
    assert QuestionnaireResponse.objects.count() == 0


def test_the_follow_up_page_says_when_it_opens(
    learner_client, asking_course, learner_enrolment, modules
):
    complete(learner_enrolment, modules)
    html = learner_client.get(url(asking_course, FOLLOW_UP)).content.decode()
    assert "This follow-up questionnaire opens on" in html
    Enrolment.objects.filter(pk=learner_enrolment.pk).update(
        completed_at=timezone.now() - datetime.timedelta(weeks=12, days=1)
    )
    html = learner_client.get(url(asking_course, FOLLOW_UP)).content.decode()
    assert "Submit answers" in html


def test_declining_never_blocks_the_course(learner_client, asking_course, modules):
    response = learner_client.post(
        url(asking_course), {"action": "decline", "next": asking_course.url}
    )
    assert response.status_code == 302 and response["Location"] == asking_course.url
    assert QuestionnaireResponse.objects.get().status == Status.DECLINED
    html = learner_client.get(asking_course.url).content.decode()
    assert "we will not ask you again" in html
    assert "Before you start: a short questionnaire" not in html
    assert f'href="{modules[0].url}">Start: Coming home' in html
    module = learner_client.get(modules[0].url)
    assert module.status_code == 200
    assert "Coming home" in module.content.decode()


def test_declining_goes_back_only_to_this_site(learner_client, asking_course):
    response = learner_client.post(
        url(asking_course), {"action": "decline", "next": "https://evil.example/"}
    )
    assert response["Location"] == asking_course.url


# The course page -----------------------------------------------------------------------------


def test_the_course_page_offers_the_baseline_before_module_one(
    learner_client, asking_course, modules
):
    html = learner_client.get(asking_course.url).content.decode()
    assert "Before you start: a short questionnaire (optional)" in html
    assert f'<a class="button" href="{url(asking_course)}">Start' in html
    assert 'name="action" value="decline"' in html and "No thanks" in html
    # The modules stay one click away, after the questionnaire that comes before them.
    start = html.index(f'href="{modules[0].url}">Start: Coming home')
    assert html.index("Before you start: a short questionnaire (optional)") < start
    assert f'<a href="{modules[1].url}">Staying well</a>' in html


def test_the_course_page_offers_the_post_questionnaire_after_the_last_module(
    learner_client, asking_course, learner_enrolment, modules, instrument
):
    rules.decline(learner_enrolment, PRE)
    complete(learner_enrolment, modules)
    html = learner_client.get(asking_course.url).content.decode()
    assert "You have finished the modules: a short questionnaire (optional)" in html
    assert f'href="{url(asking_course, POST)}"' in html
    assert "Before you start" not in html
    assert "Some weeks on" not in html
    assert f'href="{results_url(asking_course)}">Your questionnaires and scores' in html


def test_the_course_page_offers_the_follow_up_when_due(
    learner_client, asking_course, learner_enrolment, modules, instrument
):
    rules.submit(learner_enrolment, PRE, answers(instrument, 3, 3, 3, 3))
    complete(learner_enrolment, modules)
    rules.submit(learner_enrolment, POST, answers(instrument, 4, 4, 4, 4))
    assert "Some weeks on" not in learner_client.get(asking_course.url).content.decode()
    Enrolment.objects.filter(pk=learner_enrolment.pk).update(
        completed_at=timezone.now() - datetime.timedelta(weeks=13)
    )
    html = learner_client.get(asking_course.url).content.decode()
    assert "Some weeks on: a short follow-up questionnaire (optional)" in html
    assert f'href="{url(asking_course, FOLLOW_UP)}"' in html


def test_no_prompt_for_a_course_without_questionnaires(client, course, modules, learner):
    EnrolmentFactory(user=learner, course=course)
    client.force_login(learner)
    html = client.get(course.url).content.decode()
    assert "questionnaire" not in html.lower()


def test_the_overview_lets_a_learner_who_declined_answer_after_all(
    learner_client, asking_course, learner_enrolment
):
    rules.decline(learner_enrolment, PRE)
    html = learner_client.get(results_url(asking_course)).content.decode()
    assert "you said no thanks." in html
    assert f'<a href="{url(asking_course)}">Answer it after all' in html
    html = learner_client.get(url(asking_course)).content.decode()
    assert "You said no thanks to this questionnaire." in html
    assert "Submit answers" in html


# Owner only ----------------------------------------------------------------------------------


def test_a_signed_out_visitor_is_sent_to_sign_in(client, asking_course):
    response = client.get(url(asking_course, FOLLOW_UP))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get(results_url(asking_course)).status_code == 302


def test_someone_not_enrolled_gets_not_found(client, asking_course, learner_enrolment, instrument):
    rules.submit(learner_enrolment, PRE, answers(instrument, 4, 2, 5, 1))
    client.force_login(UserFactory(username="stranger"))
    assert client.get(url(asking_course)).status_code == 404
    assert client.post(url(asking_course), form_data(instrument, 1, 1, 1, 1)).status_code == 404
    assert client.post(url(asking_course), {"action": "decline"}).status_code == 404
    assert client.get(results_url(asking_course)).status_code == 404
    assert QuestionnaireResponse.objects.count() == 1


def test_another_learner_sees_only_their_own(client, asking_course, learner_enrolment, instrument):
    rules.submit(learner_enrolment, PRE, answers(instrument, 4, 2, 5, 1))
    other = UserFactory(username="other")
    EnrolmentFactory(user=other, course=asking_course)
    client.force_login(other)
    html = client.get(results_url(asking_course)).content.decode()
    assert "4.5" not in html
    assert "You have not sent answers to a questionnaire on this course yet." in html
    html = client.get(url(asking_course)).content.decode()
    assert "Submit answers" in html and " checked>" not in html


@pytest.mark.parametrize("timepoint", ["mid", "PRE", "results2"])
def test_an_unknown_timepoint_is_not_found(learner_client, asking_course, timepoint):
    assert learner_client.get(url(asking_course, timepoint)).status_code == 404


def test_a_timepoint_the_course_does_not_ask_is_not_found(
    client, course, learner, instrument, modules
):
    set_questionnaires(course, baseline=instrument)
    EnrolmentFactory(user=learner, course=course)
    client.force_login(learner)
    assert client.get(url(course, PRE)).status_code == 200
    assert client.get(url(course, POST)).status_code == 404
    assert client.post(url(course, FOLLOW_UP), {"action": "decline"}).status_code == 404
    assert QuestionnaireResponse.objects.count() == 0


def test_an_unknown_or_unpublished_course_is_not_found(learner_client, asking_course):
    assert (
        learner_client.get(url(asking_course).replace(str(asking_course.pk), "999999")).status_code
        == 404
    )
    asking_course.unpublish()
    assert learner_client.get(url(asking_course)).status_code == 404
    assert learner_client.get(results_url(asking_course)).status_code == 404
