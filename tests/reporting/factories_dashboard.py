"""Submitted questionnaire responses made straight with the ORM, for the dashboard tests: the
answers plus the scores assessments.questionnaires.scoring computes on submission."""

from django.utils import timezone

from assessments.models import ItemAnswer, QuestionnaireResponse
from assessments.questionnaires.scoring import InstrumentSpec, score
from tests.factories import EnrolmentFactory, UserFactory


def learner(course, cohort=None, role=""):
    return EnrolmentFactory(user=UserFactory(role=role), course=course, cohort=cohort)


def respond(enrolment, instrument, timepoint, values):
    """A submitted response with `values` for the instrument's items in order (None: skipped)."""
    items = list(instrument.items.order_by("sort_order"))
    spec = InstrumentSpec.from_instrument(instrument)
    answers = {
        str(item.uuid): value
        for item, value in zip(items, values, strict=False)
        if value is not None
    }
    response = QuestionnaireResponse.objects.create(
        enrolment=enrolment,
        instrument=instrument,
        timepoint=timepoint,
        status=QuestionnaireResponse.Status.SUBMITTED,
        submitted_at=timezone.now(),
        scores=score(spec, answers).as_dict(),
    )
    ItemAnswer.objects.bulk_create(
        ItemAnswer(response=response, item=item, value=value)
        for item, value in zip(items, values, strict=False)
        if value is not None
    )
    return response
