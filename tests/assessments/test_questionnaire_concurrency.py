"""Two submissions of the same questionnaire at once (two tabs, a double click on a slow
connection) store one response with one set of answers: the unique constraint and the row lock
in assessments/questionnaires/answering.py settle the race. Real threads and transactions, so
PostgreSQL only (SQLite serialises writers on its own; the IntegrityError path is tested on both in
test_questionnaire_rules.py)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from assessments.models import ItemAnswer, QuestionnaireResponse, Timepoint
from assessments.questionnaires import answering as rules
from tests.factories import EnrolmentFactory

from .factories_questionnaires import answers, make_instrument, set_questionnaires

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
    ),
]


def run_at_once(*calls):
    """Run the calls in threads released together; each result is a value or the error."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the test inspects it
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def setup(course):
    instrument = make_instrument()
    set_questionnaires(course, baseline=instrument)
    return instrument, course


@pytest.mark.parametrize("attempt", range(3))
def test_two_submits_at_once_store_one_response(setup, attempt):
    instrument, course = setup
    enrolment = EnrolmentFactory(course=course)
    outcomes = run_at_once(
        lambda: rules.submit(enrolment, Timepoint.PRE, answers(instrument, 4, 2, 5, 1)),
        lambda: rules.submit(enrolment, Timepoint.PRE, answers(instrument, 1, 1, 1, 1)),
    )
    submitted = [o for o in outcomes if isinstance(o, QuestionnaireResponse)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(submitted) == 1, outcomes
    assert [e.code for e in refused] == [rules.ALREADY_SUBMITTED]
    stored = QuestionnaireResponse.objects.get(enrolment=enrolment)
    assert stored.pk == submitted[0].pk
    assert stored.status == QuestionnaireResponse.Status.SUBMITTED
    values = sorted(ItemAnswer.objects.filter(response=stored).values_list("value", flat=True))
    assert values in ([1, 2, 4, 5], [1, 1, 1, 1])
    assert stored.scores["total"] in (4.5, 3.0)


def test_two_first_drafts_at_once_make_one_response(setup):
    instrument, course = setup
    enrolment = EnrolmentFactory(course=course)
    outcomes = run_at_once(
        lambda: rules.save_answers(enrolment, Timepoint.PRE, answers(instrument, 4)),
        lambda: rules.save_answers(enrolment, Timepoint.PRE, answers(instrument, 2, 3)),
    )
    assert all(isinstance(o, QuestionnaireResponse) for o in outcomes), outcomes
    assert QuestionnaireResponse.objects.filter(enrolment=enrolment).count() == 1
    count = ItemAnswer.objects.filter(response__enrolment=enrolment).count()
    assert count in (1, 2)
