"""Questionnaire rules (assessments/questionnaires/): when each timepoint is open, drafts,
submission with scores, declining, bad input that stores nothing, one response per timepoint,
and the learner's own results."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import ItemAnswer, QuestionnaireResponse, Timepoint
from assessments.questionnaires import answering as rules
from assessments.questionnaires import results as learner_results
from assessments.questionnaires import timepoints
from assessments.questionnaires.per_course import prefetch_questionnaires, questionnaires_for
from courses import enrolment as enrolment_rules
from courses.models import Enrolment
from tests.factories import EnrolmentFactory, UserFactory

from .factories_questionnaires import answers, item_keys, make_instrument, set_questionnaires

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
def learner_enrolment(asking_course):
    return EnrolmentFactory(user=UserFactory(username="learner"), course=asking_course)


def complete_course(enrolment, modules, when=None):
    for module in modules:
        enrolment_rules.mark_module_complete(enrolment, module)
    if when is not None:
        Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=when)
    enrolment.refresh_from_db()
    return enrolment


def stored(enrolment):
    return list(
        QuestionnaireResponse.objects.filter(enrolment=enrolment).values_list("timepoint", "status")
    )


def error_keys(excinfo):
    return list(excinfo.value.message_dict)


# When each questionnaire is open ----------------------------------------------------------------


def test_baseline_is_open_until_the_learner_opens_a_module(learner_enrolment, modules):
    assert timepoints.closed_reason(learner_enrolment, PRE) is None
    enrolment_rules.record_visit(learner_enrolment, modules[0])
    assert "closes once you open a module" in timepoints.closed_reason(learner_enrolment, PRE)
    with pytest.raises(ValidationError) as excinfo:
        rules.submit(learner_enrolment, PRE, {})
    assert excinfo.value.code == timepoints.NOT_OPEN
    assert stored(learner_enrolment) == []


def test_post_opens_when_every_module_is_complete(learner_enrolment, modules):
    assert "completed every module" in timepoints.closed_reason(learner_enrolment, POST)
    enrolment_rules.mark_module_complete(learner_enrolment, modules[0])
    learner_enrolment.refresh_from_db()
    assert timepoints.closed_reason(learner_enrolment, POST) is not None
    complete_course(learner_enrolment, modules)
    assert timepoints.closed_reason(learner_enrolment, POST) is None


def test_follow_up_opens_the_configured_weeks_after_completion(learner_enrolment, modules):
    completed = timezone.now() - datetime.timedelta(weeks=12) + datetime.timedelta(hours=1)
    complete_course(learner_enrolment, modules, when=completed)
    reason = timepoints.closed_reason(learner_enrolment, FOLLOW_UP)
    assert "opens on" in reason and "12 weeks after you completed" in reason
    later = timezone.now() + datetime.timedelta(hours=2)
    assert timepoints.closed_reason(learner_enrolment, FOLLOW_UP, now=later) is None


def test_a_timepoint_the_course_does_not_ask_is_never_open(course, instrument):
    set_questionnaires(course, baseline=instrument)
    enrolment = EnrolmentFactory(course=course)
    assert timepoints.configured(course, PRE)
    assert not timepoints.configured(course, POST)
    assert not timepoints.configured(course, FOLLOW_UP)
    with pytest.raises(ValidationError) as excinfo:
        rules.save_answers(enrolment, POST, {})
    assert excinfo.value.code == timepoints.NOT_OPEN


# Drafts and submission ---------------------------------------------------------------------------


def test_a_draft_keeps_partial_answers_and_can_be_changed(learner_enrolment, instrument):
    keys = item_keys(instrument)
    response = rules.save_answers(learner_enrolment, PRE, answers(instrument, 4, 2))
    assert response.status == Status.DRAFT
    assert rules.answers_of(response) == {
        instrument.items.get(uuid=keys[0]).pk: 4,
        instrument.items.get(uuid=keys[1]).pk: 2,
    }
    rules.save_answers(learner_enrolment, PRE, answers(instrument, None, 3, 5))
    by_uuid = {str(a.item.uuid): a.value for a in ItemAnswer.objects.filter(response=response)}
    assert by_uuid == {keys[1]: 3, keys[2]: 5}
    assert stored(learner_enrolment) == [(PRE, Status.DRAFT)]


def test_saving_nothing_stores_nothing(learner_enrolment):
    assert rules.save_answers(learner_enrolment, PRE, {}) is None
    assert stored(learner_enrolment) == []


def test_submitting_stores_the_answers_and_the_scores(learner_enrolment, instrument):
    response = rules.submit(learner_enrolment, PRE, answers(instrument, 4, 2, 5, 1))
    response.refresh_from_db()
    assert response.status == Status.SUBMITTED
    assert response.submitted_at is not None
    # Items 2 and 4 are reverse-scored on 1..5: 2 -> 4, 1 -> 5.
    assert response.scores == {"total": 4.5, "subscales": {"hope": 4.0, "ease": 5.0}}
    assert sorted(response.answers.values_list("value", flat=True)) == [1, 2, 4, 5]


def test_a_draft_is_submitted_with_the_answers_sent_on_submit(learner_enrolment, instrument):
    draft = rules.save_answers(learner_enrolment, PRE, answers(instrument, 1))
    response = rules.submit(learner_enrolment, PRE, answers(instrument, 5, 1, 5))
    assert response.pk == draft.pk
    # The optional fourth item is left out: 3 of 4 answered is under 0.8, so no total.
    assert response.scores == {"total": None, "subscales": {"hope": 5.0, "ease": None}}
    assert ItemAnswer.objects.filter(response=response).count() == 3


def test_a_second_submission_is_refused_and_changes_nothing(learner_enrolment, instrument):
    first = rules.submit(learner_enrolment, PRE, answers(instrument, 4, 2, 5, 1))
    with pytest.raises(ValidationError) as excinfo:
        rules.submit(learner_enrolment, PRE, answers(instrument, 1, 1, 1, 1))
    assert excinfo.value.code == rules.ALREADY_SUBMITTED
    with pytest.raises(ValidationError) as excinfo:
        rules.save_answers(learner_enrolment, PRE, answers(instrument, 1))
    assert excinfo.value.code == rules.ALREADY_SUBMITTED
    first.refresh_from_db()
    assert first.scores["total"] == 4.5
    assert sorted(first.answers.values_list("value", flat=True)) == [1, 2, 4, 5]
    assert QuestionnaireResponse.objects.count() == 1


def test_a_submit_racing_another_reads_the_winners_row(learner_enrolment, instrument, monkeypatch):
    """Two submits at once: the loser's insert hits the unique constraint (the IntegrityError
    path), then it reads the winner's submitted row and stores nothing."""
    winner = rules.submit(learner_enrolment, PRE, answers(instrument, 4, 2, 5, 1))
    real_locked = rules._locked
    calls = []

    def locked_as_if_not_there_yet(enrolment, timepoint):
        calls.append(timepoint)
        return None if len(calls) == 1 else real_locked(enrolment, timepoint)

    monkeypatch.setattr(rules, "_locked", locked_as_if_not_there_yet)
    monkeypatch.setattr(rules, "response_for", lambda enrolment, timepoint: None)
    with pytest.raises(ValidationError) as excinfo:
        rules.submit(learner_enrolment, PRE, answers(instrument, 1, 1, 1, 1), instrument=instrument)
    assert excinfo.value.code == rules.ALREADY_SUBMITTED
    assert len(calls) == 2
    assert list(QuestionnaireResponse.objects.values_list("pk", flat=True)) == [winner.pk]
    assert sorted(ItemAnswer.objects.values_list("value", flat=True)) == [1, 2, 4, 5]


# Bad input ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["6", "0", "abc", "4.5", " ", "1e1", 6, True, ["4", "5"]])
def test_a_value_that_is_not_a_point_of_the_scale_is_refused(learner_enrolment, instrument, bad):
    keys = item_keys(instrument)
    sent = answers(instrument, 4, 2, 5, 1)
    sent[keys[2]] = bad
    with pytest.raises(ValidationError) as excinfo:
        rules.submit(learner_enrolment, PRE, sent)
    assert error_keys(excinfo) == [keys[2]]
    assert stored(learner_enrolment) == []
    assert ItemAnswer.objects.count() == 0


def test_a_bad_value_leaves_the_draft_as_it_was(learner_enrolment, instrument):
    keys = item_keys(instrument)
    draft = rules.save_answers(learner_enrolment, PRE, answers(instrument, 4, 2))
    with pytest.raises(ValidationError):
        rules.save_answers(learner_enrolment, PRE, {keys[0]: "1", keys[1]: "9"})
    assert sorted(draft.answers.values_list("value", flat=True)) == [2, 4]


def test_an_unknown_item_id_is_refused(learner_enrolment, instrument):
    sent = answers(instrument, 4, 2, 5, 1)
    sent["6f1c7a52-0c1e-4a0f-9a53-00000000dead"] = "3"
    with pytest.raises(ValidationError) as excinfo:
        rules.submit(learner_enrolment, PRE, sent)
    assert error_keys(excinfo) == [rules.NON_ITEM]
    assert "not in this questionnaire" in excinfo.value.message_dict[rules.NON_ITEM][0]
    assert stored(learner_enrolment) == []


def test_an_item_of_another_instrument_is_refused(learner_enrolment, instrument):
    other = make_instrument(name="Another questionnaire")
    sent = answers(instrument, 4, 2, 5, 1)
    sent[item_keys(other)[0]] = "3"
    for save in (rules.submit, rules.save_answers):
        with pytest.raises(ValidationError) as excinfo:
            save(learner_enrolment, PRE, sent)
        assert error_keys(excinfo) == [rules.NON_ITEM]
    assert stored(learner_enrolment) == []


def test_missing_required_items_are_named_and_nothing_is_stored(learner_enrolment, instrument):
    keys = item_keys(instrument)
    with pytest.raises(ValidationError) as excinfo:
        rules.submit(learner_enrolment, PRE, answers(instrument, None, 2))
    # The optional fourth item is not asked for; errors come in questionnaire order.
    assert error_keys(excinfo) == [keys[0], keys[2]]
    assert stored(learner_enrolment) == []


# Declining ---------------------------------------------------------------------------------------


def test_declining_forgets_the_draft_and_can_be_changed_later(learner_enrolment, instrument):
    rules.save_answers(learner_enrolment, PRE, answers(instrument, 4, 2))
    response = rules.decline(learner_enrolment, PRE)
    assert response.status == Status.DECLINED
    assert ItemAnswer.objects.count() == 0
    assert rules.decline(learner_enrolment, PRE).pk == response.pk
    # Changed their mind while the baseline is still open.
    submitted = rules.submit(learner_enrolment, PRE, answers(instrument, 4, 2, 5, 1))
    assert submitted.pk == response.pk
    assert stored(learner_enrolment) == [(PRE, Status.SUBMITTED)]
    with pytest.raises(ValidationError) as excinfo:
        rules.decline(learner_enrolment, PRE)
    assert excinfo.value.code == rules.ALREADY_SUBMITTED


def test_a_response_keeps_the_instrument_it_was_started_with(
    asking_course, learner_enrolment, instrument
):
    rules.save_answers(learner_enrolment, PRE, answers(instrument, 4))
    set_questionnaires(asking_course, baseline=make_instrument(name="A newer questionnaire"))
    learner_enrolment.course.refresh_from_db()
    response = rules.submit(learner_enrolment, PRE, answers(instrument, 4, 2, 5, 1))
    assert response.instrument_id == instrument.pk


# The course page's prompts -----------------------------------------------------------------------


def test_prompts_follow_the_learner_through_the_course(learner_enrolment, modules, instrument):
    course = learner_enrolment.course
    found, has_responses = timepoints.prompts(learner_enrolment, course)
    assert [p.timepoint for p in found] == [PRE] and not has_responses
    assert str(found[0].title) == "Before you start: a short questionnaire (optional)"
    rules.save_answers(learner_enrolment, PRE, answers(instrument, 3))
    found, has_responses = timepoints.prompts(learner_enrolment, course)
    assert found[0].started and has_responses
    rules.decline(learner_enrolment, PRE)
    assert timepoints.prompts(learner_enrolment, course)[0] == []
    complete_course(learner_enrolment, modules, when=timezone.now() - datetime.timedelta(weeks=13))
    assert [p.timepoint for p in timepoints.prompts(learner_enrolment, course)[0]] == [
        POST,
        FOLLOW_UP,
    ]
    rules.submit(learner_enrolment, POST, answers(instrument, 4, 2, 5, 1))
    rules.decline(learner_enrolment, FOLLOW_UP)
    assert timepoints.prompts(learner_enrolment, course)[0] == []


def test_no_baseline_prompt_once_a_module_is_opened(learner_enrolment, modules):
    enrolment_rules.record_visit(learner_enrolment, modules[0])
    progress = enrolment_rules.course_progress(learner_enrolment, modules)
    assert timepoints.prompts(learner_enrolment, learner_enrolment.course, progress)[0] == []


def test_a_course_without_questionnaires_costs_no_query(course, django_assert_num_queries, modules):
    enrolment = EnrolmentFactory(course=course)
    # What it asks is read once per course (one query, with the instruments: see per_course).
    prefetch_questionnaires([course])
    with django_assert_num_queries(0):
        assert timepoints.prompts(enrolment, course) == ([], False)


# The learner's own results -----------------------------------------------------------------------


def test_results_show_scores_and_the_change_from_the_baseline(
    learner_enrolment, modules, instrument
):
    rules.submit(learner_enrolment, PRE, answers(instrument, 3, 3, 3, 4))
    complete_course(learner_enrolment, modules)
    rules.submit(learner_enrolment, POST, answers(instrument, 4, 2, 4, 2))
    found, change = learner_results.results(learner_enrolment)
    assert [r.timepoint for r in found] == [PRE, POST]
    assert [r.total_display for r in found] == ["2.8", "4.0"]
    assert (found[0].low, found[0].high) == (1, 5)
    assert (change.pre, change.post, change.follow_up) == ("2.8", "4.0", None)
    assert change.subscales == [("Hope", "3.0", "4.0", None), ("Ease", "2.5", "4.0", None)]


def test_no_change_between_different_questionnaires(asking_course, learner_enrolment, modules):
    first = questionnaires_for(asking_course).baseline_questionnaire
    rules.submit(learner_enrolment, PRE, answers(first, 3, 3, 3, 3))
    other = make_instrument(name="Another questionnaire", rule="sum")
    set_questionnaires(asking_course, baseline=first, post=other)
    complete_course(learner_enrolment, modules)
    learner_enrolment.course.refresh_from_db()
    rules.submit(learner_enrolment, POST, answers(other, 4, 2, 4, 2))
    found, change = learner_results.results(learner_enrolment)
    assert [r.total_display for r in found] == ["3.0", "16.0"]
    assert (found[1].low, found[1].high) == (4, 20)
    assert change is None


def test_the_score_range_follows_the_scoring_rule_and_the_scale(db):
    """A mean lies within the scale's ends; a sum within its ends times the items (all of them,
    or as many as given: the answered ones), whatever gaps the scale has."""
    gapped = (("Never", 0), ("Sometimes", 1), ("Often", 2), ("Always", 4))
    assert make_instrument(name="Mean", rule="mean").score_range() == (1, 5)
    assert make_instrument(name="Sum", rule="sum").score_range() == (4, 20)
    summed = make_instrument(name="Gaps", rule="sum", scale=gapped)
    assert summed.score_range() == (0, 16)
    assert summed.score_range(3) == (0, 12)
