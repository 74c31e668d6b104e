"""Rows for the engagement and export tests, made with the ORM directly."""

import datetime

from django.utils import timezone

from assessments.models import ItemAnswer, QuestionnaireResponse
from assessments.questionnaires.scoring import InstrumentSpec, score
from courses.models import ModuleProgress
from courses.viewing_models import NarrativeDecision
from tests.factories import EnrolmentFactory, UserFactory

START = timezone.now() - datetime.timedelta(days=3)


def enrol(course, cohort, count, prefix, role="care_assistant"):
    """`count` learners with names and emails (so a test can check they never leak)."""
    return [
        EnrolmentFactory(
            user=UserFactory(
                username=f"{prefix}{index}",
                first_name=f"Firstname{prefix}{index}",
                last_name=f"Surname{prefix}{index}",
                email=f"{prefix}{index}@mail.example.org",
                role=role,
            ),
            course=course,
            cohort=cohort,
        )
        for index in range(count)
    ]


def progress(enrolment, module, completed=False):
    return ModuleProgress.objects.create(
        enrolment=enrolment, module=module, completed_at=timezone.now() if completed else None
    )


def decide(enrolment, module, narrative, *choices, block_id="slot"):
    """The decisions in order, a minute apart."""
    for minute, choice in enumerate(choices):
        NarrativeDecision.objects.create(
            enrolment=enrolment,
            module=module,
            block_id=block_id,
            narrative=narrative,
            choice=choice,
            made_at=START + datetime.timedelta(minutes=minute),
        )


def respond(enrolment, instrument, timepoint, values, status="submitted", submitted_at=None):
    """A response with its item answers ({item uuid or position: value}) and stored scores, as
    a submission leaves them. `values` is a list in item order; None leaves an item out."""
    items = list(instrument.items.order_by("sort_order"))
    given = {item: value for item, value in zip(items, values, strict=False) if value is not None}
    spec = InstrumentSpec.from_instrument(instrument)
    scores = score(spec, {str(item.uuid): value for item, value in given.items()}).as_dict()
    response = QuestionnaireResponse.objects.create(
        enrolment=enrolment,
        instrument=instrument,
        timepoint=timepoint,
        status=status,
        submitted_at=(submitted_at or timezone.now()) if status == "submitted" else None,
        scores=scores if status == "submitted" else {},
    )
    ItemAnswer.objects.bulk_create(
        ItemAnswer(response=response, item=item, value=value) for item, value in given.items()
    )
    return response
